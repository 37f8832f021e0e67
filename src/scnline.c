/* SPDX-License-Identifier: MIT */
/* scnline.c - the words of one line of scenario text (title, about and say
 * keep the rest as text, '#' included), and the checks on single words:
 * names, numbers, known variables, processes and descriptors. Every
 * failure is a message with the line and column; a quoted word is
 * sanitised and short. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnline.h"
#include "text.h"

int line_fail(struct line_ctx *c, int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(c->err, c->errlen, "%s:%d:%d: ", c->s->file, c->lineno, col);
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Column (in characters) of byte offset off in the line. */
int line_column(const char *line, size_t off)
{
	int col = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* A word as a message may quote it: sanitised, at most TOKEN_COLS columns
 * (cut with an ellipsis). Two can be in use at once. */
const char *line_tok(struct line_ctx *c, const struct scn_word *w)
{
	char raw[TOKEN_COLS * 4 + 8];
	char *dst = c->tokens[c->ntok++ % 2];
	size_t n = (size_t)w->len < sizeof(raw) - 1 ? (size_t)w->len : sizeof(raw) - 1;

	memcpy(raw, w->s, n);
	raw[n] = '\0';
	text_fit(dst, sizeof(c->tokens[0]), raw, TOKEN_COLS);
	return dst;
}

bool line_word_is(const struct scn_word *w, const char *s)
{
	return (size_t)w->len == strlen(s) && memcmp(w->s, s, (size_t)w->len) == 0;
}

void line_word_copy(char *dst, size_t size, const struct scn_word *w)
{
	size_t n = (size_t)w->len < size - 1 ? (size_t)w->len : size - 1;

	memcpy(dst, w->s, n);
	dst[n] = '\0';
}

/* Everything after word i, as one text. */
const char *line_rest(const struct line_ctx *c, int i)
{
	return i < c->nw ? c->w[i].s : "";
}

bool line_is_text_keyword(const struct scn_word *w)
{
	return line_word_is(w, "title") || line_word_is(w, "about") || line_word_is(w, "say");
}

int line_split(struct line_ctx *c)
{
	const char *p = c->line;

	c->nw = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			return 0;
		if (c->nw == MAX_WORDS)
			return line_fail(c, line_column(c->line, (size_t)(p - c->line)),
					 "too many words on one line");
		c->w[c->nw].s = p;
		c->w[c->nw].col = line_column(c->line, (size_t)(p - c->line));
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		c->w[c->nw].len = (int)(p - c->w[c->nw].s);
		c->nw++;
		if (c->nw == 1 && line_is_text_keyword(&c->w[0])) {
			/* title, about, say: the rest is text, '#' included. */
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p) {
				c->w[1].s = p;
				c->w[1].len = (int)strlen(p);
				c->w[1].col = line_column(c->line, (size_t)(p - c->line));
				c->nw = 2;
			}
			return 0;
		}
	}
}

bool line_valid_name(const struct scn_word *w)
{
	if (w->len < 1 || w->len > NAME_MAX_LEN)
		return false;
	if (!isalpha((unsigned char)w->s[0]) && w->s[0] != '_')
		return false;
	for (int i = 1; i < w->len; i++)
		if (!isalnum((unsigned char)w->s[i]) && w->s[i] != '_' && w->s[i] != '-')
			return false;
	return true;
}

int line_want_name(struct line_ctx *c, const struct scn_word *w, const char *what)
{
	if (!line_valid_name(w))
		return line_fail(c, w->col, "bad %s name '%s': use up to %d letters, "
				 "digits, '_' or '-', starting with a letter",
				 what, line_tok(c, w), NAME_MAX_LEN);
	return 0;
}

int line_int(struct line_ctx *c, const struct scn_word *w, long long lo,
	     long long hi, long long *out)
{
	char buf[64], *end;
	long long v;

	if (w->len >= (int)sizeof(buf))
		return line_fail(c, w->col, "number too long: '%s'", line_tok(c, w));
	line_word_copy(buf, sizeof(buf), w);
	/* Decimal, or hex with 0x: a leading 0 is no octal surprise. */
	if (buf[buf[0] == '-' || buf[0] == '+'] == '0' &&
	    isdigit((unsigned char)buf[(buf[0] == '-' || buf[0] == '+') + 1]))
		return line_fail(c, w->col, "'%s': write numbers in decimal without a leading "
				 "0, or in hex with 0x", line_tok(c, w));
	errno = 0;
	v = strtoll(buf, &end, 0);
	if (end == buf || *end)
		return line_fail(c, w->col, "'%s' is not an integer", line_tok(c, w));
	if (errno == ERANGE || v < lo || v > hi)
		return line_fail(c, w->col, "%s is out of range (%lld to %lld)", line_tok(c, w), lo, hi);
	*out = v;
	return 0;
}

int line_find_var(const struct scenario *s, const struct scn_word *w)
{
	for (int i = 0; i < s->nvars; i++)
		if (line_word_is(w, s->vars[i].name))
			return i;
	return -1;
}

int line_find_proc(const struct scenario *s, const struct scn_word *w)
{
	for (int i = 0; i < s->nprocs; i++)
		if (line_word_is(w, s->procs[i].name))
			return i;
	return -1;
}

int line_find_fd(const struct scenario *s, const struct scn_word *w)
{
	for (int i = 0; i < s->nfds; i++)
		if (line_word_is(w, s->fds[i]))
			return i;
	return -1;
}

int line_want_count(struct line_ctx *c, int min, int max, const char *usage)
{
	if (c->nw < min)
		return line_fail(c, line_column(c->line, strlen(c->line)),
				 "'%s' needs %s", line_tok(c, &c->w[1]), usage);
	if (c->nw > max)
		return line_fail(c, c->w[max].col, "unexpected '%s' after the %s",
				 line_tok(c, &c->w[max]), "step");
	return 0;
}

int line_text(struct line_ctx *c, char *dst, size_t size, bool append,
	      const char *sep)
{
	const char *t = line_rest(c, 1);
	size_t have = append ? strlen(dst) : 0;
	size_t n = strlen(t);

	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
		n--;
	if (append && have && !n && have + 1 < size) {
		dst[have] = '\n';      /* an empty line starts a new paragraph */
		dst[have + 1] = '\0';
		return 0;
	}
	if (have && n && dst[have - 1] != '\n')
		have += (size_t)snprintf(dst + have, size - have, "%s", sep);
	if (have + n >= size)
		return line_fail(c, c->w[0].col, "text too long (at most %zu bytes)", size - 1);
	memcpy(dst + have, t, n);
	dst[have + n] = '\0';
	return 0;
}
