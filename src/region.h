/* SPDX-License-Identifier: MIT */
/* region.h - where a demo variable lives: each alone on its own page(s).
 * Called only in a fresh subject image, before any fork. */
#ifndef FORKSCOPE_REGION_H
#define FORKSCOPE_REGION_H

#include <stdint.h>
#include "model.h"

/* Bytes of stack a subject must reserve for its stack slots. */
#define REGION_STACK_AREA ((MAX_VARS + 3) * 4096)

/* Place variable idx in region r, write value there and give its pages
 * advice (madvise); its address goes to *addr. stack_area is the subject's
 * REGION_STACK_AREA array; frame_slots are MAX_VARS locals of its command
 * loop. 0 or -errno. */
int region_place(enum region r, int idx, char *stack_area,
		 volatile long long *frame_slots, long long value,
		 enum advice advice, uint64_t *addr);
/* Why region r cannot take advice, in words for a message, or NULL if it
 * can. Parser and subjects ask this one table. */
const char *region_refuses(enum region r, enum advice advice);
/* Parse a region name; -1 if unknown. */
int region_parse(const char *name);

#endif
