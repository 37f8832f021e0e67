/* SPDX-License-Identifier: MIT */
/* keys.h - the TUI's key bindings as tables: what each key does, and the
 * words for it in the help screen and the footer, from the same rows. */
#ifndef FORKSCOPE_KEYS_H
#define FORKSCOPE_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum act {
	A_NONE,
	/* the steps screen */
	A_NEXT, A_PREV, A_HOME, A_END, A_COMMAND, A_MAIN, A_OTHERS, A_TEXT, A_GRID,
	A_PICKER, A_BLANK, A_REDRAW, A_HELP, A_QUIT,
	/* the picker */
	A_UP, A_DOWN, A_FIRST, A_LAST, A_OPEN, A_BACK,
	A_COUNT
};

enum keys_screen { KS_STEPS, KS_PICKER, KS_COUNT };

#define KEYS_PER_ACT 6

struct key_row {
	enum act act;
	int keys[KEYS_PER_ACT]; /* curses key codes, 0-terminated */
	const char *hint;       /* one word for the footer, NULL: not there */
	const char *help;       /* a line for the help screen */
};

/* The rows of one screen's table, and how many. */
const struct key_row *keys_table(enum keys_screen s, int *n);
/* What key does on screen s, or A_NONE. */
enum act keys_act(enum keys_screen s, int key);
/* A key's name as printed on a keyboard ("Space", "PgDn", "Ctrl-L", "q"). */
const char *keys_name(int key);
/* The footer hints of screen s ("Space next  Left back ..."): the rows for
 * which shown[act] is true, most important first, as many as fit in width
 * columns, in table order. Its width. */
int keys_footer(enum keys_screen s, const bool *shown, int width, char *buf, size_t len);

#endif
