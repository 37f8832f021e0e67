/* SPDX-License-Identifier: MIT */
/* theme.h - colours, attributes and glyphs for the TUI. Colour is never the
 * only signal: every role also has an attribute, and marks have glyphs. */
#ifndef FORKSCOPE_THEME_H
#define FORKSCOPE_THEME_H

#include <stdbool.h>
#include <curses.h>

enum role {
	R_NORMAL, R_TITLE, R_LABEL, R_CHANGED, R_FAULT, R_SHARED, R_WARN,
	R_ERROR, R_REPLAY, R_KEY, R_PROC0, R_PROC1, R_PROC2, R_PROC3, R_COUNT
};

enum glyph { G_CHANGED, G_SAME, G_DIFFER, G_ONE_SPACE, G_UNKNOWN, G_STEP, G_BAR, G_COUNT };

/* Set up colours after initscr: theme "dark" or "light"; honours NO_COLOR
 * and terminals without colour. */
void theme_init(const char *name);
/* Attributes (colour pair included) for a role. */
attr_t theme_attr(enum role r);
/* The glyph for a mark: UTF-8 where the locale allows, ASCII otherwise. */
const char *theme_glyph(enum glyph g);

#endif
