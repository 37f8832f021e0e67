/* SPDX-License-Identifier: MIT */
/* describe.h - the words next to every number: what a variable's page is
 * doing, said the same way in the TUI and the plain transcript. */
#ifndef FORKSCOPE_DESCRIBE_H
#define FORKSCOPE_DESCRIBE_H

#include <stddef.h>
#include "model.h"

/* The sharing fact for var v of proc p in words ("same frame as child"). */
void describe_var(const struct model_snap *snap, int p, int v, char *buf, size_t len);
/* A process's state in words ("suspended in vfork()", "exited with status 3"). */
void describe_state(const struct model_proc *mp, char *buf, size_t len);
/* What the last fork-like call returned in it ("fork() returned 0"), or "". */
void describe_return(const struct model_proc *mp, char *buf, size_t len);
/* What the step's faults mean for var v ("+1 fault: copy-on-write"), or "". */
void describe_faults(const struct model_var *mv, char *buf, size_t len);
/* "shared" / "separate" / "unknown". */
const char *describe_share(enum share s);
/* Index of the relation between procs a and b in snap, or -1. */
int describe_rel(const struct model_snap *snap, int a, int b);

#endif
