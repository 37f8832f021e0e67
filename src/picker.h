/* SPDX-License-Identifier: MIT */
/* picker.h - the list of demos to choose from, with the highlighted one's
 * title and about text. */
#ifndef FORKSCOPE_PICKER_H
#define FORKSCOPE_PICKER_H

#include <stdbool.h>
#include "keys.h"

struct picker;

/* A picker on the first demo; NULL if out of memory. */
struct picker *picker_new(void);
/* Free it; NULL is fine. */
void picker_free(struct picker *pk);
/* Highlight the entry called name, if there is one. */
void picker_select(struct picker *pk, const char *name);
/* The highlighted entry's name: a demo's, or "explore". */
const char *picker_name(const struct picker *pk);
/* What key does here: moves are done at once (A_UP, A_DOWN, A_FIRST,
 * A_LAST); the rest is the caller's. A_NONE for a key with no meaning. */
enum act picker_key(struct picker *pk, int key);
/* Paint the picker (stdscr) with an optional notice; can_back: a demo is
 * open behind it (Esc goes back, q does not quit). */
void picker_draw(struct picker *pk, bool can_back, const char *notice);

#endif
