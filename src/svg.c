/* SPDX-License-Identifier: MIT */
/* svg.c - the full-screen view of one step as an SVG picture, without a
 * second renderer: draw.c paints the screen into an off-screen curses
 * screen (screen.c) exactly as it would on a terminal, then every cell is
 * read back (glyph, attributes, colour pair) and written out: one rectangle
 * per run of background colour, one text run per style with each glyph
 * placed on its own cell, so that no font can push a column out of line. */
#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "screen.h"
#include "svg.h"
#include "text.h"
#include "theme.h"

/* Cell metrics in SVG user units (px): 0.6 em is the advance of the common
 * monospace fonts, and 1.25 em rows leave room for descenders. */
#define FONT_PX 16
#define CELL_W 9.6
#define CELL_H 20.0
#define BASELINE 15.0           /* from the top of a cell */
#define PAD_X CELL_W            /* a margin of the page's colour around the */
#define PAD_Y (CELL_H / 2)      /* cells, with rounded corners: a window */
#define CORNER 6.0
#define FONTS "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

/* How one cell looks on a terminal with xterm's palette. */
struct look {
	unsigned long fg, bg;
	bool bold, underline, italic, dim;
};

struct gcell {
	uint32_t ch;            /* 0: the right half of a wide glyph */
	int width;
	struct look look;
};

/* The VT100 line-drawing set, as curses keeps it (A_ALTCHARSET), in
 * Unicode. */
static uint32_t acs_unicode(uint32_t c)
{
	static const struct { char acs; uint32_t u; } map[] = {
		{ 'q', 0x2500 }, { 'x', 0x2502 }, { 'l', 0x250c }, { 'k', 0x2510 },
		{ 'm', 0x2514 }, { 'j', 0x2518 }, { 't', 0x251c }, { 'u', 0x2524 },
		{ 'v', 0x2534 }, { 'w', 0x252c }, { 'n', 0x253c }, { 'a', 0x2592 },
		{ '`', 0x25c6 }, { '~', 0x00b7 }, { '0', 0x2588 }, { 'f', 0x00b0 },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if ((uint32_t)(unsigned char)map[i].acs == c)
			return map[i].u;
	return c;
}

/* Colour number n of a pair, or the theme's default where it says none. */
static unsigned long pair_rgb(short n, short fallback)
{
	return theme_rgb(n >= 0 ? n : fallback);
}

/* Read cell (y, x) of stdscr as the terminal would show it. */
static void read_cell(int y, int x, bool light, struct gcell *g)
{
	struct theme_look normal = theme_look(light, 256, R_NORMAL);
	wchar_t wch[CCHARW_MAX + 1] = { 0 };
	short pair = 0, fg = -1, bg = -1;
	attr_t a = 0;
	cchar_t cc;
	int w;

	if (mvwin_wch(stdscr, y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR)
		wch[0] = L' ';
	if (pair > 0 && pair_content(pair, &fg, &bg) == ERR)
		fg = bg = -1;
	g->ch = (uint32_t)wch[0];
	if (a & A_ALTCHARSET)
		g->ch = acs_unicode(g->ch);
	if (a & A_INVIS)
		g->ch = ' ';
	w = text_cp_width(g->ch);
	g->width = w == 2 ? 2 : 1;
	if (w < 0 || g->ch < 0x20)
		g->ch = ' ';
	g->look.fg = pair_rgb(fg, normal.fg);
	g->look.bg = pair_rgb(bg, normal.bg);
	if (a & (A_REVERSE | A_STANDOUT)) {
		unsigned long t = g->look.fg;

		g->look.fg = g->look.bg;
		g->look.bg = t;
	}
	g->look.bold = (a & A_BOLD) != 0;
	g->look.underline = (a & A_UNDERLINE) != 0;
	g->look.italic = (a & A_ITALIC) != 0;
	g->look.dim = (a & A_DIM) != 0;
}

static bool same_text_look(const struct look *a, const struct look *b)
{
	return a->fg == b->fg && a->bold == b->bold && a->underline == b->underline &&
	       a->italic == b->italic && a->dim == b->dim;
}

/* A code point as XML character data; what XML cannot hold becomes U+FFFD. */
static void xml_char(FILE *out, uint32_t c)
{
	char buf[8];
	int n = 0;

	if (c == '&' || c == '<' || c == '>') {
		fputs(c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;", out);
		return;
	}
	if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff ||
	    c > 0x10ffff)
		c = 0xfffd;
	if (c < 0x80) {
		buf[n++] = (char)c;
	} else if (c < 0x800) {
		buf[n++] = (char)(0xc0 | c >> 6);
		buf[n++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		buf[n++] = (char)(0xe0 | c >> 12);
		buf[n++] = (char)(0x80 | (c >> 6 & 0x3f));
		buf[n++] = (char)(0x80 | (c & 0x3f));
	} else {
		buf[n++] = (char)(0xf0 | c >> 18);
		buf[n++] = (char)(0x80 | (c >> 12 & 0x3f));
		buf[n++] = (char)(0x80 | (c >> 6 & 0x3f));
		buf[n++] = (char)(0x80 | (c & 0x3f));
	}
	fwrite(buf, 1, (size_t)n, out);
}

/* A string as XML character data (escaped, sanitised by the text module). */
static void xml_text(FILE *out, const char *s)
{
	char clean[TEXT_MAX * 4];

	text_clean(clean, sizeof(clean), s, 0);
	for (const char *p = clean; *p; ) {
		uint32_t c;

		p += text_decode(p, &c);
		xml_char(out, c);
	}
}

/* Backgrounds of row y that differ from the page's, merged into runs. */
static void row_backgrounds(FILE *out, const struct gcell *row, int w, int y,
			    unsigned long page)
{
	for (int x = 0; x < w; ) {
		int end = x + 1;

		while (end < w && row[end].look.bg == row[x].look.bg)
			end++;
		if (row[x].look.bg != page)
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				"fill=\"#%06lx\"/>\n", PAD_X + x * CELL_W, PAD_Y + y * CELL_H,
				(end - x) * CELL_W, CELL_H, row[x].look.bg);
		x = end;
	}
}

/* One text run: cells x to end of row y, each glyph at its cell. */
static void text_run(FILE *out, const struct gcell *row, int x, int end, int y)
{
	const struct look *l = &row[x].look;

	fprintf(out, "<text y=\"%.1f\" fill=\"#%06lx\"%s%s%s%s x=\"", PAD_Y + y * CELL_H + BASELINE,
		l->fg, l->bold ? " font-weight=\"bold\"" : "",
		l->italic ? " font-style=\"italic\"" : "",
		l->underline ? " text-decoration=\"underline\"" : "",
		l->dim ? " fill-opacity=\"0.6\"" : "");
	for (int i = x; i < end; i++)
		if (row[i].ch)
			fprintf(out, "%s%.1f", i > x ? " " : "", PAD_X + i * CELL_W);
	fputs("\">", out);
	for (int i = x; i < end; i++)
		if (row[i].ch)
			xml_char(out, row[i].ch);
	fputs("</text>\n", out);
}

/* The glyphs of row y: runs of one look, blanks left to the backgrounds. */
static void row_text(FILE *out, const struct gcell *row, int w, int y)
{
	for (int x = 0; x < w; ) {
		int end = x + 1;

		if (row[x].ch == ' ' && !row[x].look.underline) {
			x++;
			continue;
		}
		while (end < w && same_text_look(&row[end].look, &row[x].look) &&
		       (row[end].ch != ' ' || row[end].look.underline ||
			(end + 1 < w && row[end + 1].ch != ' ')))
			end++;
		text_run(out, row, x, end, y);
		x = end;
	}
}

/* Read the screen back into rows of cells; the right half of a wide glyph
 * keeps its look and no glyph of its own. */
static void read_screen(struct gcell *cells, int w, int h, bool light)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			struct gcell *g = &cells[(size_t)y * (size_t)w + (size_t)x];

			read_cell(y, x, light, g);
			if (g->width == 2 && x + 1 < w) {
				g[1] = *g;
				g[1].ch = 0;
				x++;
			}
		}
}

static void write_svg(FILE *out, const struct gcell *cells, int w, int h,
		      const struct model_info *info, const struct model_snap *snap, int nsteps,
		      unsigned long page)
{
	double W = w * CELL_W + 2 * PAD_X, H = h * CELL_H + 2 * PAD_Y;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.1f\" height=\"%.1f\" "
		"viewBox=\"0 0 %.1f %.1f\" font-family=\"%s\" font-size=\"%d\" "
		"xml:space=\"preserve\">\n<title>forkscope: ", W, H, W, H, FONTS, FONT_PX);
	xml_text(out, info->title[0] ? info->title : "explore");
	fprintf(out, ", step %d/%d</title>\n", snap->step, nsteps);
	fprintf(out, "<rect width=\"%.1f\" height=\"%.1f\" rx=\"%.1f\" fill=\"#%06lx\"/>\n",
		W, H, CORNER, page);
	for (int y = 0; y < h; y++)
		row_backgrounds(out, cells + (size_t)y * (size_t)w, w, y, page);
	for (int y = 0; y < h; y++)
		row_text(out, cells + (size_t)y * (size_t)w, w, y);
	fputs("</svg>\n", out);
}

int svg_write(FILE *out, const struct model_info *info, const struct model_snap *snap,
	      int nsteps, const char *theme, int w, int h, char *err, size_t errlen)
{
	bool light = strcmp(theme, "light") == 0;
	struct draw_state d;
	struct gcell *cells;

	if (screen_open_offscreen(theme, w, h, err, errlen) < 0)
		return -1;
	cells = calloc((size_t)w * (size_t)h, sizeof(*cells));
	if (!cells) {
		screen_close();
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(&d, 0, sizeof(d));
	d.mode = DM_STEPS;
	d.info = info;
	d.snap = snap;
	d.live_step = snap->step;
	d.nsteps = nsteps;
	d.branch_at = -1;
	draw_screen(&d, NULL);
	read_screen(cells, w, h, light);
	screen_close();
	write_svg(out, cells, w, h, info, snap, nsteps,
		  theme_rgb(theme_look(light, 256, R_NORMAL).bg));
	free(cells);
	return 0;
}
