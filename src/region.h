/* SPDX-License-Identifier: MIT */
/* region.h - where a demo variable lives: each alone on its own page(s).
 * Called only in a fresh subject image, before any fork. */
#ifndef FORKSCOPE_REGION_H
#define FORKSCOPE_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* Bytes of stack a subject must reserve for its stack slots. */
#define REGION_STACK_AREA ((MAX_VARS + 3) * 4096)
/* Bytes of fresh stack a stack variable of npages > 1 needs: a guard page
 * each side, and one for alignment. */
#define REGION_STACK_BYTES(npages) (((size_t)(npages) + 3) * 4096)

/* Where and how to place one variable. */
struct region_req {
	enum region region;
	int idx;                /* its index among the variables */
	int npages;             /* 1, or a buffer's pages */
	bool initial;           /* write value into each page (else untouched) */
	long long value;
	enum advice advice;
	char *stack_area;       /* REGION_STACK_AREA bytes (npages 1), or
				 * REGION_STACK_BYTES(npages) of fresh stack */
	volatile long long *frame_slots;        /* MAX_VARS locals of the loop */
};

/* Place a variable as q asks, write its initial value into each page and
 * give its pages advice (madvise); its address goes to *addr. Called before
 * any fork (libc allowed). 0 or -errno. */
int region_place(const struct region_req *q, uint64_t *addr);
/* Can the stack grow by bytes more below here (an address in the current
 * frame; top: the top of the subject's stack slots) within RLIMIT_STACK,
 * with room left for the calls below? */
bool region_stack_room(const void *top, const void *here, size_t bytes);
/* Why region r cannot take advice, in words for a message, or NULL if it
 * can. Parser and subjects ask this one table. */
const char *region_refuses(enum region r, enum advice advice);
/* Parse a region name; -1 if unknown. */
int region_parse(const char *name);

#endif
