/* SPDX-License-Identifier: MIT */
/* report.h - from what subjects report about themselves (or what is read
 * from outside one that cannot answer) to the model's processes, and what
 * each pair of processes shares. */
#ifndef FORKSCOPE_REPORT_H
#define FORKSCOPE_REPORT_H

#include "model.h"
#include "scenario.h"
#include "subject.h"

/* The snapshot of MAX_PROCS subjects after step st (NULL: step 0) by actor:
 * the step's words, every process (report_settle, then report_proc, a
 * suspended one with its partner's values) and the relations: prev's where
 * the step cannot have changed them (carry_relations), else kcmp's. prev is
 * the snapshot before the step, NULL at the start. */
void report_snapshot(struct model_snap *snap, struct subject *subs,
		     const struct scenario *scn, const struct scn_step *st, int actor,
		     int kpc_fd, const struct model_info *info,
		     const struct model_snap *prev);
/* Until every subject that answered is back in its wait for the next command
 * (state S; a suspended one in D), bounded: a subject goes on running for a
 * moment after it answers, and its stack writes can still copy a page. Only
 * then is a look at the page tables one consistent picture. */
void report_settle(struct subject *subs, int n);
/* A model process from subject p: its page tables read now from outside,
 * its values as it reported them in this step, or, when it could not answer
 * (suspended, stopped), as partner (a process in its address space that
 * answered) reported them, or read from outside when there is none; its
 * kernel state (its output and map counts are report_snapshot's, which
 * may carry them over). acted_var is the variable its action in this
 * step read or wrote, or -1: the step's faults belong to it. kpc_fd is
 * /proc/kpagecount or -1. */
void report_proc(struct model_proc *mp, struct subject *p, const struct subject *partner,
		 const char *name, const struct scn_var *decls, int kpc_fd, int acted_var);
/* What every pair of live processes in snap shares, according to kcmp(2). */
void report_relations(struct model_snap *snap, const struct model_info *info);

#endif
