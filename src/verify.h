/* SPDX-License-Identifier: MIT */
/* verify.h - forkscope --verify: run scenarios with no view and report, one
 * line each, how their expectations fared on this machine. */
#ifndef FORKSCOPE_VERIFY_H
#define FORKSCOPE_VERIFY_H

#include <stdio.h>
#include "scenario.h"

struct verify_total {
	int scenarios, failed_steps, held, hard, soft, unknown;
	bool frames_hidden, counts_hidden, kcmp_hidden;
};

/* Run scn (called label in the output) to its end and print its line on out;
 * add its counts to t. 0, or -1 if it could not start (message printed). */
int verify_one(const struct scenario *scn, const char *label, FILE *out,
	       struct verify_total *t);
/* The closing lines: totals and why some claims could not be checked here.
 * Returns the exit status: 0 all hard expectations held, 1 a step failed or
 * a scenario could not start, 3 a hard expectation did not hold. */
int verify_end(const struct verify_total *t, FILE *out);

#endif
