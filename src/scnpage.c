/* SPDX-License-Identifier: MIT */
/* scnpage.c - pages in the scenario language. A variable of N pages is
 * declared with the option Np (2 to MODEL_MAX_PAGES: one 2 MiB huge page);
 * steps name a page as buf[3], a range as buf[0-31] or, after fill and
 * touch, as a word of its own (fill buf 0-31 7); the name alone is every
 * page. The limits are the snapshot's: MODEL_PROC_PAGES pages of buffers
 * per process, MODEL_POOL_PAGES for all processes together. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnpage.h"

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

int scnpage_option(struct line_ctx *c, const struct scn_word *w, struct scn_var *v)
{
	char buf[16], *end;
	long n;

	if (w->len < 2 || !is_digit(w->s[0]) || w->s[w->len - 1] != 'p')
		return 0;
	if (w->len >= (int)sizeof(buf))
		return line_fail(c, w->col, "a variable has 2 to %d pages, not '%s'",
				 MODEL_MAX_PAGES, line_tok(c, w));
	line_word_copy(buf, sizeof(buf), w);
	buf[w->len - 1] = '\0';
	n = strtol(buf, &end, 10);
	if (*end || buf[0] == '0' || n < 2 || n > MODEL_MAX_PAGES)
		return line_fail(c, w->col, "a variable has 2 to %d pages (%d: one 2 MiB "
				 "huge page), not '%s'; a one-page variable needs no option",
				 MODEL_MAX_PAGES, MODEL_MAX_PAGES, line_tok(c, w));
	if (v->npages > 1)
		return line_fail(c, w->col, "the number of pages is given twice");
	v->npages = (int)n;
	return 1;
}

/* How many processes the buffers' pages fit in, all together. */
static int fits_procs(const struct scenario *s)
{
	return s->buffer_pages ? MODEL_POOL_PAGES / s->buffer_pages : MAX_PROCS;
}

int scnpage_declare(struct line_ctx *c, struct scn_var *v)
{
	struct scenario *s = c->s;

	if (v->npages <= 1) {
		v->npages = 1;
		v->has_initial = true;  /* a one-page variable starts at 0 */
		return 0;
	}
	if (v->region == REGION_FRAME)
		return line_fail(c, c->w[2].col, "a frame variable is one slot among the "
				 "command loop's live call frames; it cannot have pages (a "
				 "buffer on the stack is 'stack')");
	if (s->buffer_pages + v->npages > MODEL_PROC_PAGES)
		return line_fail(c, c->w[1].col, "too many pages: the variables of one "
				 "scenario have at most %d pages together", MODEL_PROC_PAGES);
	s->buffer_pages += v->npages;
	return 0;
}

int scnpage_room_for_proc(struct line_ctx *c, int col)
{
	const struct scenario *s = c->s;

	if (s->nprocs < fits_procs(c->s))
		return 0;
	return line_fail(c, col, "too many processes for the pages: %d pages of "
			 "variables in each process fit %d processes (%d pages at most, "
			 "all processes together)", s->buffer_pages, fits_procs(s),
			 MODEL_POOL_PAGES);
}

int scnpage_parse(const struct scn_var *var, const char *sel, int len, int *first,
		  int *count, char *err, size_t errlen)
{
	char buf[24], *end;
	long a, b;

	if (len < 1 || len >= (int)sizeof(buf) || !is_digit(sel[0]))
		goto bad;
	memcpy(buf, sel, (size_t)len);
	buf[len] = '\0';
	a = b = strtol(buf, &end, 10);
	if (*end == '-' && is_digit(end[1]))
		b = strtol(end + 1, &end, 10);
	if (*end)
		goto bad;
	if (var->npages <= 1) {
		snprintf(err, errlen, "'%s' is a one-page variable: name it without pages "
			 "('%s', not '%s[%s]')", var->name, var->name, var->name, buf);
		return -1;
	}
	if (a > b) {
		snprintf(err, errlen, "pages %s run backwards: write the first page first "
			 "(%ld-%ld)", buf, b, a);
		return -1;
	}
	if (b >= var->npages) {
		snprintf(err, errlen, "'%s' has pages 0 to %d: no page %ld", var->name,
			 var->npages - 1, b);
		return -1;
	}
	*first = (int)a;
	*count = (int)(b - a + 1);
	return 0;
bad:
	snprintf(err, errlen, "a page is N or A-B, e.g. %s[3] or %s[0-31]", var->name,
		 var->name);
	return -1;
}

/* A page selector of var v at column col, as scnpage_parse reads it. */
static int selector(struct line_ctx *c, int v, const char *sel, int len, int col,
		    int *first, int *count)
{
	char msg[TEXT_MAX];

	if (scnpage_parse(&c->s->vars[v], sel, len, first, count, msg, sizeof(msg)) < 0)
		return line_fail(c, col, "%s", msg);
	return 0;
}

/* Every page of var v. */
static void all_pages(const struct scenario *s, int v, int *page, int *npages)
{
	*page = 0;
	*npages = s->vars[v].npages > 1 ? s->vars[v].npages : 1;
}

int scnpage_target(struct line_ctx *c, const struct scn_word *w, int *var, int *page,
		   int *npages)
{
	const char *br = memchr(w->s, '[', (size_t)w->len);
	struct scn_word name = *w;
	int sel;

	if (br)
		name.len = (int)(br - w->s);
	*var = line_find_var(c->s, &name);
	if (*var < 0)
		return line_fail(c, w->col, "undeclared variable '%s'", line_tok(c, &name));
	all_pages(c->s, *var, page, npages);
	if (!br)
		return 0;
	if (w->s[w->len - 1] != ']')
		return line_fail(c, w->col + w->len, "'[' without ']': a page is NAME[N] or "
				 "NAME[A-B]");
	sel = w->len - name.len - 2;
	if (sel == 0)
		return line_fail(c, w->col + name.len, "'[]' names no page: write NAME for "
				 "every page, NAME[N] or NAME[A-B]");
	return selector(c, *var, br + 1, sel, w->col + name.len + 1, page, npages);
}

int scnpage_range_step(struct line_ctx *c, struct scn_step *st, bool fill)
{
	const char *what = fill ? "fill" : "touch";
	int min = fill ? 4 : 3;

	if (c->nw < min)
		return line_fail(c, line_column(c->line, strlen(c->line)), "'%s' needs %s",
				 what, fill ? "a variable, its pages and a value (fill buf "
				 "0-31 7; buf alone: every page)" : "a variable and its pages "
				 "(touch buf 32-63; buf alone: every page)");
	if (c->nw > min + 1)
		return line_fail(c, c->w[min + 1].col, "unexpected '%s' after the step",
				 line_tok(c, &c->w[min + 1]));
	if (memchr(c->w[2].s, '[', (size_t)c->w[2].len))
		return line_fail(c, c->w[2].col, "'%s' takes its pages as a word of their "
				 "own: %s buf 0-31", what, what);
	if (scnpage_target(c, &c->w[2], &st->var, &st->page, &st->npages) < 0)
		return -1;
	if (c->nw == min + 1 &&
	    selector(c, st->var, c->w[3].s, c->w[3].len, c->w[3].col, &st->page,
		     &st->npages) < 0)
		return -1;
	if (fill)
		return line_int(c, &c->w[c->nw - 1], LLONG_MIN, LLONG_MAX, &st->value);
	return 0;
}
