/* SPDX-License-Identifier: MIT */
/* theme.c - the Okabe-Ito palette (distinguishable with the common colour
 * vision deficiencies), in a dark and a light variant, with bold, reverse and
 * glyphs carrying the meaning on monochrome terminals and under NO_COLOR. */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

enum okabe { OI_ORANGE, OI_SKY, OI_GREEN, OI_YELLOW, OI_BLUE, OI_VERMILLION,
	     OI_PURPLE, OI_COUNT };

/* xterm-256 nearest matches; dark theme, light theme; 8-colour fallback. */
static const short dark256[OI_COUNT] = { 214, 74, 36, 227, 33, 166, 175 };
static const short light256[OI_COUNT] = { 130, 25, 29, 100, 25, 160, 127 };
static const short basic[OI_COUNT] = { COLOR_YELLOW, COLOR_CYAN, COLOR_GREEN,
	COLOR_YELLOW, COLOR_BLUE, COLOR_RED, COLOR_MAGENTA };

static attr_t attrs[R_COUNT];
static bool use_colour, utf8;

static const char *const glyph_utf8[G_COUNT] = { "\u25c6", "\u2550", "\u2260", "\u2261", "?", "\u25b6", "\u2588" };
static const char *const glyph_ascii[G_COUNT] = { "*", "=", "!", "#", "?", ">", "#" };

const char *theme_glyph(enum glyph g)
{
	return utf8 ? glyph_utf8[g] : glyph_ascii[g];
}

attr_t theme_attr(enum role r)
{
	return attrs[r];
}

static void pair(int n, short fg, short bg)
{
	init_pair((short)n, fg, bg);
}

void theme_init(const char *name)
{
	const char *nc = getenv("NO_COLOR");
	bool light = name && strcmp(name, "light") == 0;
	short c[OI_COUNT], fg = -1, bg = -1;

	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	use_colour = has_colors() && !(nc && *nc);
	/* Meaning without colour first; colour is added on top. */
	attrs[R_NORMAL] = A_NORMAL;
	attrs[R_TITLE] = A_REVERSE | A_BOLD;
	attrs[R_LABEL] = A_DIM;
	attrs[R_CHANGED] = A_REVERSE | A_BOLD;
	attrs[R_FAULT] = A_BOLD;
	attrs[R_SHARED] = A_NORMAL;
	attrs[R_WARN] = A_BOLD;
	attrs[R_ERROR] = A_BOLD | A_REVERSE;
	attrs[R_REPLAY] = A_REVERSE;
	attrs[R_KEY] = A_BOLD;
	for (int i = R_PROC0; i <= R_PROC3; i++)
		attrs[i] = A_BOLD;
	if (!use_colour)
		return;
	start_color();
	if (use_default_colors() == ERR || light) {
		fg = light ? COLOR_BLACK : COLOR_WHITE;
		bg = light ? COLOR_WHITE : COLOR_BLACK;
	}
	for (int i = 0; i < OI_COUNT; i++)
		c[i] = COLORS >= 256 ? (light ? light256[i] : dark256[i]) : basic[i];
	if (light && COLORS >= 256)
		bg = 231, fg = 16;
	pair(1, fg, bg);
	pair(2, c[OI_ORANGE], bg);
	pair(3, c[OI_SKY], bg);
	pair(4, c[OI_VERMILLION], bg);
	pair(5, c[OI_YELLOW], bg);
	pair(6, c[OI_BLUE], bg);
	pair(7, c[OI_GREEN], bg);
	pair(8, c[OI_PURPLE], bg);
	pair(9, bg == -1 ? COLOR_BLACK : bg, c[OI_SKY]);
	attrs[R_NORMAL] |= COLOR_PAIR(1);
	attrs[R_TITLE] = A_BOLD | COLOR_PAIR(9);
	attrs[R_LABEL] = COLOR_PAIR(1) | A_DIM;
	attrs[R_CHANGED] |= COLOR_PAIR(2);
	attrs[R_FAULT] |= COLOR_PAIR(2);
	attrs[R_SHARED] |= COLOR_PAIR(3);
	attrs[R_WARN] |= COLOR_PAIR(light ? 2 : 5);
	attrs[R_ERROR] |= COLOR_PAIR(4);
	attrs[R_REPLAY] |= COLOR_PAIR(8);
	attrs[R_KEY] |= COLOR_PAIR(3);
	attrs[R_PROC0] |= COLOR_PAIR(6);
	attrs[R_PROC1] |= COLOR_PAIR(2);
	attrs[R_PROC2] |= COLOR_PAIR(7);
	attrs[R_PROC3] |= COLOR_PAIR(8);
	bkgd(' ' | COLOR_PAIR(1));
}
