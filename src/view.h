/* SPDX-License-Identifier: MIT */
/* view.h - an output of snapshots. Called in this order: begin once, step
 * once per snapshot (step 0 first), end once. Views never touch processes. */
#ifndef FORKSCOPE_VIEW_H
#define FORKSCOPE_VIEW_H

#include <stdio.h>
#include "model.h"

struct view {
	/* Start of output: facts about the run. */
	void (*begin)(FILE *out, const struct model_info *info, int nsteps);
	/* One snapshot. */
	void (*step)(FILE *out, const struct model_info *info, const struct model_snap *snap);
	/* End of output: the number of failed steps and of hard expectations
	 * that did not hold. */
	void (*end)(FILE *out, int failures, int misses);
};

extern const struct view view_plain;
extern const struct view view_json;

#endif
