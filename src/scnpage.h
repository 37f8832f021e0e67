/* SPDX-License-Identifier: MIT */
/* scnpage.h - the pages of many-page variables in the scenario language:
 * the Np option of var, page selectors (buf[3], buf[0-31], buf 0-31) and
 * the fill and touch steps, each refused with a line:column message when
 * it names pages the variable does not have. */
#ifndef FORKSCOPE_SCNPAGE_H
#define FORKSCOPE_SCNPAGE_H

#include "scnline.h"

/* Is w a var line's Np option? 1 and v->npages set, 0 if w is something
 * else, -1 with the message set if it is one but wrong. */
int scnpage_option(struct line_ctx *c, const struct scn_word *w, struct scn_var *v);
/* The checks on a whole var line with pages (its region at c->w[2]), and
 * the scenario's count of buffer pages; 0 or -1. */
int scnpage_declare(struct line_ctx *c, struct scn_var *v);
/* Would one more process leave the pages of the scenario's buffers more
 * than a snapshot holds? 0, or -1 with the message at column col. */
int scnpage_room_for_proc(struct line_ctx *c, int col);
/* A page selector of var, "N" or "A-B" (len bytes at sel): 0 with its
 * pages in *first and *count, or -1 with the reason in err. */
int scnpage_parse(const struct scn_var *var, const char *sel, int len, int *first,
		  int *count, char *err, size_t errlen);
/* NAME or NAME[N] or NAME[A-B]: its variable into *var and its pages into
 * *page, *npages (NAME alone: every page). 0, or -1. */
int scnpage_target(struct line_ctx *c, const struct scn_word *w, int *var, int *page,
		   int *npages);
/* fill VAR PAGES VALUE and touch VAR PAGES (ACTOR and the action are words 0
 * and 1): into st (a set or read of those pages). 0, or -1. */
int scnpage_range_step(struct line_ctx *c, struct scn_step *st, bool fill);

#endif
