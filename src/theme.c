/* SPDX-License-Identifier: MIT */
/* theme.c - the Okabe-Ito palette (distinguishable with the common colour
 * vision deficiencies), in a dark and a light variant that each paint their
 * own background, picked from the xterm-256 palette to reach WCAG AA there
 * (4.5:1 for text, 3:1 for bold marks), with 16- and 8-colour fallbacks.
 * Bold, reverse and glyphs carry the meaning on monochrome terminals and
 * under NO_COLOR. */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "theme.h"

/* The colours a theme is made of. */
enum slot { S_FG, S_BG, S_LABEL, S_ORANGE, S_SKY, S_GREEN, S_YELLOW, S_BLUE,
	    S_VERMILLION, S_PURPLE, S_TITLE_FG, S_TITLE_BG, S_COUNT };

enum depth { D_256, D_16, D_8, D_COUNT };

/* Palette numbers per theme (dark, light) and depth. In 256 colours only
 * numbers from 16 up, which bold does not brighten. With 8 or 16 colours
 * there is no orange and no blue that reads on black: yellow and cyan
 * stand in; on white only the dark colours read, also in the bright variant
 * xterm shows for bold (magenta's is too light). The title bar is white on
 * blue there, as bold black turns grey. */
static const short palette[2][D_COUNT][S_COUNT] = {
	{       /* dark */
		{ 252, 16, 246, 214, 74, 36, 227, 33, 202, 175, 16, 74 },
		{ 7, 0, 7, 11, 14, 10, 11, 12, 9, 13, 7, 4 },
		{ 7, 0, 7, 3, 6, 2, 3, 6, 1, 5, 7, 4 },
	},
	{       /* light */
		{ 16, 231, 242, 130, 24, 29, 94, 19, 160, 127, 231, 24 },
		{ 0, 15, 0, 1, 4, 0, 1, 4, 1, 4, 15, 4 },
		{ 0, 7, 0, 1, 0, 0, 1, 4, 1, 4, 7, 4 },
	},
};

/* Each role: its colours and the attributes it has with colour; without
 * colour the attributes alone (mono). */
static const struct {
	enum slot fg, bg;
	attr_t colour, mono;
} roles[R_COUNT] = {
	[R_NORMAL] = { S_FG, S_BG, A_NORMAL, A_NORMAL },
	[R_TITLE] = { S_TITLE_FG, S_TITLE_BG, A_BOLD, A_REVERSE | A_BOLD },
	[R_LABEL] = { S_LABEL, S_BG, A_NORMAL, A_NORMAL },
	[R_CHANGED] = { S_ORANGE, S_BG, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
	[R_FAULT] = { S_ORANGE, S_BG, A_BOLD, A_BOLD },
	[R_SHARED] = { S_SKY, S_BG, A_NORMAL, A_NORMAL },
	[R_WARN] = { S_YELLOW, S_BG, A_BOLD, A_BOLD },
	[R_ERROR] = { S_VERMILLION, S_BG, A_BOLD | A_REVERSE, A_BOLD | A_REVERSE },
	[R_REPLAY] = { S_PURPLE, S_BG, A_REVERSE | A_BOLD, A_REVERSE },
	[R_KEY] = { S_SKY, S_BG, A_BOLD, A_BOLD },
	[R_GOOD] = { S_GREEN, S_BG, A_BOLD, A_BOLD },
	[R_BAD] = { S_VERMILLION, S_BG, A_BOLD, A_BOLD | A_REVERSE },
	[R_PROC0] = { S_BLUE, S_BG, A_BOLD, A_BOLD },
	[R_PROC1] = { S_ORANGE, S_BG, A_BOLD, A_BOLD },
	[R_PROC2] = { S_GREEN, S_BG, A_BOLD, A_BOLD },
	[R_PROC3] = { S_PURPLE, S_BG, A_BOLD, A_BOLD },
};

static attr_t attrs[R_COUNT];
static attr_t bold[R_COUNT];    /* A_BOLD, or 0 where bold would turn grey */
static bool utf8;

static const char *const glyph_utf8[G_COUNT] = {
	"\u25c6", "\u2550", "\u2260", "\u2261", "?", "\u25b6", "\u2588",
	"\u2713", "\u2717", "~" };
static const char *const glyph_ascii[G_COUNT] = {
	"*", "=", "!", "#", "?", ">", "#", "ok", "X", "~" };

const char *theme_glyph(enum glyph g)
{
	return utf8 ? glyph_utf8[g] : glyph_ascii[g];
}

bool theme_utf8(void)
{
	return utf8;
}

attr_t theme_attr(enum role r)
{
	return attrs[r];
}

unsigned long theme_rgb(int n)
{
	static const unsigned long xterm16[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	static const unsigned long level[6] = { 0, 95, 135, 175, 215, 255 };

	if (n < 0 || n > 255)
		return 0;
	if (n < 16)
		return xterm16[n];
	if (n < 232)
		return level[(n - 16) / 36] << 16 | level[(n - 16) / 6 % 6] << 8 | level[(n - 16) % 6];
	return (unsigned long)(8 + 10 * (n - 232)) * 0x010101;
}

static enum depth depth_of(int ncolors)
{
	return ncolors >= 256 ? D_256 : ncolors >= 16 ? D_16 : D_8;
}

/* With 8 or 16 colours xterm shows bold black as its bright black, a mid
 * grey: on the light theme's background, black text stays plain. */
static bool bold_greys(bool light, int ncolors, short fg)
{
	return light && depth_of(ncolors) != D_256 && fg == 0;
}

struct theme_look theme_look(bool light, int ncolors, enum role r)
{
	const short *p = palette[light][depth_of(ncolors)];
	struct theme_look l = { p[roles[r].fg], p[roles[r].bg], roles[r].colour };

	if (bold_greys(light, ncolors, l.fg))
		l.attrs &= ~A_BOLD;
	return l;
}

attr_t theme_bold(enum role r)
{
	return attrs[r] | bold[r];
}

void theme_init(bool light)
{
	const char *nc = getenv("NO_COLOR");

	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	for (int r = 0; r < R_COUNT; r++) {
		attrs[r] = roles[r].mono;
		bold[r] = A_BOLD;
	}
	if (!has_colors() || (nc && *nc) || start_color() == ERR || COLORS < 8)
		return;
	/* One pair per role: COLOR_PAIRS is at least 64 wherever COLORS >= 8. */
	for (int r = 0; r < R_COUNT; r++) {
		struct theme_look l = theme_look(light, COLORS, r);

		init_pair((short)(r + 1), l.fg, l.bg);
		attrs[r] = l.attrs | COLOR_PAIR(r + 1);
		bold[r] = bold_greys(light, COLORS, l.fg) ? 0 : A_BOLD;
	}
	bkgdset(' ' | attrs[R_NORMAL]);
	bkgd(' ' | attrs[R_NORMAL]);
}
