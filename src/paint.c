/* SPDX-License-Identifier: MIT */
/* paint.c - text on the curses screen, measured, wrapped and cut by the text
 * module only, so that what is measured is what is drawn. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "paint.h"
#include "text.h"

#define LINE_BYTES 1024

int paint_width(const char *s)
{
	return text_width(s);
}

int paint_text(int y, int x, int w, attr_t a, const char *s)
{
	char buf[LINE_BYTES];
	int used;

	if (w <= 0)
		return 0;
	used = text_fit(buf, sizeof(buf), s, w);
	attrset(a);
	mvaddstr(y, x, buf);
	return used;
}

void paint_blank(int y, int x, int w, attr_t a)
{
	attrset(a);
	if (w > 0)
		mvhline(y, x, ' ', w);
}

/* paint_wrap, also telling the width of the last line drawn. */
static int wrap_lines(int y, int x, int w, int rows, attr_t a, const char *s, int *last)
{
	char line[LINE_BYTES];
	int used = 0;

	*last = 0;
	while (*s && used < rows) {
		const char *next = text_wrap(s, w, line, sizeof(line));

		if (used == rows - 1 && *next) {
			/* The last row: what is left, cut with an ellipsis. */
			char rest[LINE_BYTES];

			snprintf(rest, sizeof(rest), "%s", s);
			for (char *nl = strchr(rest, '\n'); nl; nl = strchr(nl, '\n'))
				*nl = ' ';
			text_fit(line, sizeof(line), rest, w);
		}
		if (y >= 0) {
			attrset(a);
			mvaddstr(y + used, x, line);
		}
		*last = text_width(line);
		used++;
		s = next;
	}
	return used;
}

int paint_wrap(int y, int x, int w, int rows, attr_t a, const char *s)
{
	int last;

	return wrap_lines(y, x, w, rows, a, s, &last);
}

void cell_clear(struct cell *c)
{
	c->n = 0;
	c->used = 0;
}

void cell_add(struct cell *c, attr_t a, int gap, bool newline, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (c->n >= CELL_FRAGS || c->used >= sizeof(c->buf))
		return;
	va_start(ap, fmt);
	len = vsnprintf(c->buf + c->used, sizeof(c->buf) - c->used, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(c->buf) - c->used)
		return;
	c->f[c->n++] = (struct frag){ c->buf + c->used, a, gap, newline, false, 0 };
	c->used += (size_t)len + 1;
}

void cell_glue(struct cell *c)
{
	if (c->n > 1)
		c->f[c->n - 1].glue = true;
}

void cell_tab(struct cell *c, int col)
{
	if (c->n > 0)
		c->f[c->n - 1].tab = col;
}

/* Width of fragment i with the fragments glued to it. */
static int group_width(const struct cell *c, int i)
{
	int w = text_width(c->f[i].text);

	for (int j = i + 1; j < c->n && c->f[j].glue; j++)
		w += c->f[j].gap + text_width(c->f[j].text);
	return w;
}

/* The mark that more was there than the rows could hold, after the text of
 * row y (col columns used) or over its last column. */
static void mark_cut(int y, int x, int w, int col, attr_t a)
{
	const char *el = text_is_utf8() ? "\u2026" : "...";
	int ew = text_width(el);

	if (y < 0)
		return;
	paint_text(y, x + (col + 1 + ew <= w ? col + 1 : w - ew), ew, a, el);
}

int paint_cell(int y, int x, int w, int rows, const struct cell *c)
{
	int row = 0, col = 0;   /* col: columns used on the row in progress */
	bool any = false;

	for (int i = 0; i < c->n && rows > 0; i++) {
		const struct frag *f = &c->f[i];
		int fw = text_width(f->text), gap = col ? f->gap : 0, n;
		int gw = f->glue ? fw : group_width(c, i);

		if (!f->text[0])
			continue;
		if (col && f->tab > col + gap && f->tab + gw <= w)
			gap = f->tab - col;
		if (col && !(f->glue && col + gap + fw <= w) &&
		    (f->newline || col + gap + gw > w)) {
			if (row + 1 >= rows) {
				mark_cut(y < 0 ? -1 : y + row, x, w, col, f->attr);
				break;
			}
			row++;
			col = gap = 0;
		}
		any = true;
		if (fw <= w - col - gap) {
			if (y >= 0)
				paint_text(y + row, x + col + gap, fw, f->attr, f->text);
			col += gap + fw;
			continue;
		}
		/* Wider than a line: wrapped over the rows that are left; what
		 * follows may go on after its last line. */
		n = wrap_lines(y < 0 ? -1 : y + row, x, w, rows - row, f->attr, f->text, &col);
		row += n - 1;
	}
	return any ? row + 1 : 0;
}
