/* SPDX-License-Identifier: MIT */
/* describe.h - the words next to every number: what a variable's page is
 * doing and what the step did to it, said the same way in every view. */
#ifndef FORKSCOPE_DESCRIBE_H
#define FORKSCOPE_DESCRIBE_H

#include <stddef.h>
#include "model.h"

/* Who shares var v of proc p, and how often its page is mapped ("same frame
 * as child; mapped 2+ times"), or why it has no frame. */
void describe_var(const struct model_snap *snap, int p, int v, char *buf, size_t len);
/* What the step did to the page, as model_classify decided it
 * ("copy-on-write", "probably the same frame (frame numbers hidden)"), or "". */
void describe_change(const struct model_var *mv, char *buf, size_t len);
/* The step's faults on the variable and what they did ("+1 fault:
 * copy-on-write"); just the change when it took none; "" if neither. */
void describe_faults(const struct model_var *mv, char *buf, size_t len);
/* Who a thread is, in words ("thread of pid 1234 (parent), tid 1240"): it
 * has its process's pid and a tid of its own. "" for a process. */
void describe_ident(const struct model_snap *snap, int p, char *buf, size_t len);
/* A process's state in words ("suspended in vfork()", "exited with status 3"). */
void describe_state(const struct model_proc *mp, char *buf, size_t len);
/* The kernel state letter, only when it teaches (D, T, Z), with its meaning
 * ("state D: uninterruptible sleep"), or "". */
void describe_kstate(const struct model_proc *mp, char *buf, size_t len);
/* What the last call of process p returned ("fork() returned 0"; for
 * waitpid, also how the child it collected ended), or "". */
void describe_return(const struct model_snap *snap, int p, char *buf, size_t len);
/* An expectation's verdict in words, without its mark: the claim; or the
 * claim and what was measured instead; or why it cannot be checked here. */
void describe_expect(const struct model_expect *e, char *buf, size_t len);
/* "shared" / "separate" / "unknown". */
const char *describe_share(enum share s);
/* Index of the relation between procs a and b in snap, or -1. */
int describe_rel(const struct model_snap *snap, int a, int b);

#endif
