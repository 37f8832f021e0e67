/* SPDX-License-Identifier: MIT */
/* scnline.h - one line of scenario text as the parser sees it: its words,
 * and the checks on single words that fail with a line:column message. */
#ifndef FORKSCOPE_SCNLINE_H
#define FORKSCOPE_SCNLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

#define MAX_WORDS 16

/* Longest quote of the text in a message, in columns: every valid name
 * fits, and a message never carries a whole line of a file it should not
 * have been given (say, /etc/shadow). */
#define TOKEN_COLS 24

struct line_ctx {
	struct scenario *s;
	int lineno;
	const char *line;
	struct scn_word w[MAX_WORDS];
	int nw;
	char *err;
	size_t errlen;
	char tokens[2][TOKEN_COLS * 6 + 1];
	int ntok;
};

/* Set the message "file:line:col: ..." and return -1. */
int line_fail(struct line_ctx *c, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Column, in characters, of byte offset off in line. */
int line_column(const char *line, size_t off);
/* Word w as a message may quote it: sanitised, short (two at a time). */
const char *line_tok(struct line_ctx *c, const struct scn_word *w);
/* Is word w exactly s? */
bool line_word_is(const struct scn_word *w, const char *s);
/* Word w as a string, cut to size. */
void line_word_copy(char *dst, size_t size, const struct scn_word *w);
/* Everything from word i on, as one text. */
const char *line_rest(const struct line_ctx *c, int i);
/* title, about or say: the rest of the line is text. */
bool line_is_text_keyword(const struct scn_word *w);
/* Split c->line into words; '#' starts a comment. 0, or -1. */
int line_split(struct line_ctx *c);
/* A name: a letter or _, then letters, digits, _ or -. */
bool line_valid_name(const struct scn_word *w);
/* 0 if w is a valid name, else -1 with a message naming what. */
int line_want_name(struct line_ctx *c, const struct scn_word *w, const char *what);
/* Word w as an integer in [lo, hi]: decimal, or hex with 0x. 0, or -1. */
int line_int(struct line_ctx *c, const struct scn_word *w, long long lo,
	     long long hi, long long *out);
/* Index of the variable, process or descriptor named w, or -1. */
int line_find_var(const struct scenario *s, const struct scn_word *w);
int line_find_proc(const struct scenario *s, const struct scn_word *w);
int line_find_fd(const struct scenario *s, const struct scn_word *w);
/* Between min and max words on the line, else -1 with usage. */
int line_want_count(struct line_ctx *c, int min, int max, const char *usage);
/* The text after the keyword into dst (appended after sep). 0, or -1. */
int line_text(struct line_ctx *c, char *dst, size_t size, bool append,
	      const char *sep);

#endif
