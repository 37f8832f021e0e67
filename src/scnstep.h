/* SPDX-License-Identifier: MIT */
/* scnstep.h - the lines of a scenario that declare a variable or make a
 * step, checked against the processes the steps so far leave. */
#ifndef FORKSCOPE_SCNSTEP_H
#define FORKSCOPE_SCNSTEP_H

#include "scnline.h"

/* A var line, split into c's words: 0, or -1 with the message set. */
int scnstep_var(struct line_ctx *c);
/* A step line ("ACTOR ACTION ..."): checked, added to the scenario and
 * applied to its table of processes; 0, or -1 with the message set. */
int scnstep_step(struct line_ctx *c);
/* What step st does to the scenario's table of processes (scenario_truncate
 * replays the steps it keeps with it). */
void scnstep_apply(struct scenario *s, const struct scn_step *st);

#endif
