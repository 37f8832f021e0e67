/* SPDX-License-Identifier: MIT */
/* report.h - turning subjects' reports into the model (model.h). */
#ifndef FORKSCOPE_REPORT_H
#define FORKSCOPE_REPORT_H

#include <sys/types.h>
#include "model.h"
#include "scenario.h"
#include "wire.h"

/* Read a suspended subject's variables from outside, at the addresses r
 * already holds; kpc_fd is /proc/kpagecount or -1. */
void report_observe(pid_t pid, int kpc_fd, struct wire_report *r);
/* The state letter of pid, looked at again (bounded) until it settles in D. */
char report_settled_state(pid_t pid);
/* A model variable from its report and its declaration. */
void report_var(struct model_var *mv, const struct wire_var *wv,
		const struct scn_var *decl);
/* Flag in mp what changed since the snapshot prev. */
void report_mark_changes(const struct model_snap *prev, struct model_proc *mp);
/* What every pair of live processes in snap shares, according to kcmp(2). */
void report_relations(struct model_snap *snap);

#endif
