/* SPDX-License-Identifier: MIT */
/* forkview.h - outputs of `forkscope bench`: a chart on a terminal, a plain
 * table, JSON Lines. Called in order: begin, then progress and result (or
 * failed) per block, then end. */
#ifndef FORKSCOPE_FORKVIEW_H
#define FORKSCOPE_FORKVIEW_H

#include <stdbool.h>
#include <stdint.h>
#include "forkbench.h"

struct forkview {
	/* Start; a context for the other calls, or NULL on failure. */
	void *(*begin)(const struct fb_options *o);
	/* Block done+1 of total is about to run. */
	void (*progress)(void *ctx, int done, int total, uint64_t size, const char *method);
	/* A measured block. */
	void (*result)(void *ctx, const struct fb_result *r);
	/* A block could not be measured. */
	void (*failed)(void *ctx, const char *method, const char *why);
	/* The end; complete is false when stopped early. Frees ctx. */
	void (*end)(void *ctx, bool complete);
};

/* The view for mode 0 (chart), 1 (plain) or 2 (json). */
const struct forkview *forkview_get(int mode);

#endif
