/* SPDX-License-Identifier: MIT */
/* verdict.h - checking a scenario's expect lines against measured steps. */
#ifndef FORKSCOPE_VERDICT_H
#define FORKSCOPE_VERDICT_H

#include "model.h"
#include "scenario.h"

/* Check the expectations that follow step number step against snap (prev:
 * the step before it, NULL for step 0), filling snap->expects. The number
 * of hard ones that did not hold. */
int verdict_check(const struct scenario *s, int step, const struct model_snap *prev,
		  struct model_snap *snap, const struct model_info *info);
/* Of the expectations in snap, add to: how many held, missed (hard),
 * missed (soft), could not be checked here. */
void verdict_count(const struct model_snap *snap, int *met, int *hard, int *soft,
		   int *unknown);

#endif
