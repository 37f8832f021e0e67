/* SPDX-License-Identifier: MIT */
/* paint.h - putting text on the curses screen: every string goes through
 * the text module (sanitised, measured with wcwidth, cut only with an
 * ellipsis). Nothing here reads input or touches anything but stdscr. */
#ifndef FORKSCOPE_PAINT_H
#define FORKSCOPE_PAINT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

/* One piece of a flowing text: it goes on the line in progress after gap
 * spaces if it fits there, else on a new line. */
struct frag {
	const char *text;
	attr_t attr;
	int gap;
	bool newline;           /* always start a new line */
	bool glue;              /* never apart from the fragment before */
	int tab;                /* on a line with others: not left of this column */
};

/* A list of fragments with room for their texts. */
#define CELL_FRAGS 32
struct cell {
	struct frag f[CELL_FRAGS];
	int n;
	char buf[2048];
	size_t used;
};

/* s at (y, x) in at most w columns with attributes a, sanitised; cut with
 * an ellipsis if it does not fit. Columns used. */
int paint_text(int y, int x, int w, attr_t a, const char *s);
/* Columns s takes on screen. */
int paint_width(const char *s);
/* s word-wrapped at w columns in at most rows lines from (y, x); the last
 * line ends in an ellipsis if text is left over. Lines used; with y < 0
 * nothing is drawn (a measurement). */
int paint_wrap(int y, int x, int w, int rows, attr_t a, const char *s);
/* Blanks in attributes a over w columns of row y from x. */
void paint_blank(int y, int x, int w, attr_t a);
/* Empty the cell. */
void cell_clear(struct cell *c);
/* Add a fragment printed from fmt; ignored when the cell is full. */
void cell_add(struct cell *c, attr_t a, int gap, bool newline, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Glue the last fragment added to the one before it. */
void cell_glue(struct cell *c);
/* Put the last fragment added at column col or right of it, when it
 * shares a line with others (a tab stop, so that columns line up). */
void cell_tab(struct cell *c, int col);
/* Lay the cell out in at most rows lines of w columns from (y, x); a
 * fragment wider than w wraps at spaces; what does not fit in rows is cut
 * with an ellipsis. Lines used; with y < 0 nothing is drawn. */
int paint_cell(int y, int x, int w, int rows, const struct cell *c);

#endif
