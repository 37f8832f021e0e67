/* SPDX-License-Identifier: MIT */
/* theme.h - colours, attributes and glyphs for the TUI. Colour is never the
 * only signal: every role also has an attribute, and marks have glyphs. */
#ifndef FORKSCOPE_THEME_H
#define FORKSCOPE_THEME_H

#include <stdbool.h>
#include <curses.h>

enum role {
	R_NORMAL, R_TITLE, R_LABEL, R_CHANGED, R_FAULT, R_SHARED, R_WARN,
	R_ERROR, R_REPLAY, R_KEY, R_GOOD, R_BAD, R_PROC0, R_PROC1, R_PROC2,
	R_PROC3, R_COUNT
};
#define THEME_PROC_ROLES 4      /* R_PROC0..R_PROC3, used in turn */

enum glyph { G_CHANGED, G_SAME, G_DIFFER, G_ONE_SPACE, G_UNKNOWN, G_STEP, G_BAR,
	     G_OK, G_NOT_OK, G_SOFT_MISS, G_COUNT };

/* How a role looks: palette numbers (-1 none) and attributes. */
struct theme_look {
	short fg, bg;
	attr_t attrs;
};

/* Set up colours after newterm, for a light or a dark background; each
 * theme paints its own background. Honours NO_COLOR and terminals without
 * colour. */
void theme_init(bool light);
/* Attributes (colour pair included) for a role. */
attr_t theme_attr(enum role r);
/* The same, in bold where bold reads (not black on the light theme with 8
 * or 16 colours, which xterm turns grey). */
attr_t theme_bold(enum role r);
/* How role r looks in the light or dark theme on a terminal with ncolors
 * colours (8, 16 or 256): what theme_init sets up, for the contrast test. */
struct theme_look theme_look(bool light, int ncolors, enum role r);
/* The colour xterm shows for palette number n (0-255), as 0xRRGGBB: its 16
 * colours, the 6x6x6 cube and the 24 greys. */
unsigned long theme_rgb(int n);
/* The glyph for a mark: UTF-8 where the locale allows, ASCII otherwise. */
const char *theme_glyph(enum glyph g);
/* Whether the glyphs are UTF-8. */
bool theme_utf8(void);

#endif
