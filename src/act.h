/* SPDX-License-Identifier: MIT */
/* act.h - a session's state, shared by session.c (the order of steps) and
 * act.c (one step's action on its subjects): private to those two files. */
#ifndef FORKSCOPE_ACT_H
#define FORKSCOPE_ACT_H

#include <stdint.h>

#include "model.h"
#include "scenario.h"
#include "subject.h"
#include "wire.h"

struct session {
	const struct scenario *scn;
	int next;
	int failures, misses;
	uint32_t seq;
	int kpc_fd;
	int err_fd;             /* the subjects' shared stderr file */
	int guard_fd;           /* the guard's pipe: it kills them if we die */
	struct subject p[MAX_PROCS];
	struct model_snap prev;
	struct model_info *info;
};

/* The errno name of e ("ENOENT"), or "E?". */
const char *act_errname(int e);
/* The scenario name of process i. */
const char *act_name(const struct session *s, int i);
/* Mark the step failed with a reason (the first one kept); count it. */
void act_fail(struct session *s, struct model_snap *snap,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Why process i cannot answer, after a wait ended with rc and no answer. */
void act_fail_wait(struct session *s, struct model_snap *snap, int i, int rc);
/* Record what call returned in p (ret, or -1 and err). */
void act_set_call(struct subject *p, const char *call, long long ret, int err);
/* A report r from p that did not probe descriptors and handlers (kept:
 * carry_masks said they cannot have changed) gets p's last masks. */
void act_take_masks(const struct subject *p, struct wire_report *r, bool kept);
/* Declare the variables from index from on in p; 0, or -1 with err set. */
int act_declare(struct session *s, struct subject *p, int from, char *err,
		size_t len);
/* A parent suspended for child (vfork, CLONE_VFORK) is running again. */
void act_resume_waiter(struct session *s, struct model_snap *snap, int child);
/* fork, vfork, clone, spawn or thread: the child adopted and started. */
void act_forklike(struct session *s, struct model_snap *snap,
		  const struct scn_step *st, struct wire_cmd *c);
/* exec: the same process on a fresh subject image. */
void act_exec(struct session *s, struct model_snap *snap,
	      const struct scn_step *st, struct wire_cmd *c);
/* exit: the process (or, for a thread, the task) ends. */
void act_exit(struct session *s, struct model_snap *snap,
	      const struct scn_step *st, struct wire_cmd *c);
/* wait: the actor reaps its child; the child is gone. */
void act_wait(struct session *s, struct model_snap *snap,
	      const struct scn_step *st, struct wire_cmd *c);
/* Any other action: one command, one answer. */
void act_simple(struct session *s, struct model_snap *snap,
		const struct scn_step *st, struct wire_cmd *c);
/* The command that asks the actor for step st. */
void act_cmd(struct wire_cmd *c, const struct scn_step *st);

#endif
