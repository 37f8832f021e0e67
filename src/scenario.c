/* SPDX-License-Identifier: MIT */
/* scenario.c - parse and check scenario text, line by line: title, about
 * and say here; words are scnline.c's, var and step lines scnstep.c's,
 * expect lines expect.c's. Every mistake is found, with its line and
 * column, before any process exists. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "region.h"
#include "scenario.h"
#include "scnline.h"
#include "scnstep.h"
#include "text.h"
#include "wire.h"

static const char *const action_names[ACT_COUNT] = {
	"read", "set", "inc", "fork", "vfork", "clone", "spawn", "exec",
	"exit", "wait", "open", "close", "handle", "default", "print", "thread",
};

const char *scenario_action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? action_names[a] : "?";
}

void scenario_init(struct scenario *s, const char *file)
{
	memset(s, 0, sizeof(*s));
	text_copy(s->file, sizeof(s->file), file);
	s->nprocs = 1;
	snprintf(s->procs[0].name, sizeof(s->procs[0].name), "parent");
	s->procs[0].parent = -1;
	s->procs[0].waiting_for = -1;
}

int scenario_add_line(struct scenario *s, const char *line, int lineno,
		      char *err, size_t errlen)
{
	struct line_ctx c = { .s = s, .lineno = lineno, .line = line,
			      .err = err, .errlen = errlen };

	if (strlen(line) > SCN_MAX_LINE)
		return line_fail(&c, 1, "line too long (at most %d bytes)", SCN_MAX_LINE);
	if (line_split(&c) < 0)
		return -1;
	if (c.nw == 0)
		return 0;
	if (line_word_is(&c.w[0], "title"))
		return line_text(&c, s->title, sizeof(s->title), false, "");
	if (line_word_is(&c.w[0], "about"))
		return line_text(&c, s->about, sizeof(s->about), true, " ");
	if (line_word_is(&c.w[0], "say")) {
		if (!s->pending_say[0])
			s->say_line = lineno;
		return line_text(&c, s->pending_say, sizeof(s->pending_say), true, " ");
	}
	if (line_word_is(&c.w[0], "var"))
		return scnstep_var(&c);
	if (line_word_is(&c.w[0], "expect") || line_word_is(&c.w[0], "expect?")) {
		char msg[TEXT_MAX];
		int col = 1;

		if (expect_parse(s, c.w, c.nw, lineno, msg, sizeof(msg), &col) < 0)
			return line_fail(&c, col, "%s", msg);
		return 0;
	}
	return scnstep_step(&c);
}

int scenario_truncate(struct scenario *s, int k)
{
	if (k < 0 || k > s->nsteps)
		return -1;
	/* Steps create processes and descriptor names in order: those of the
	 * first k steps are a prefix of each table. Run the simulation again
	 * over the kept steps, from the data they were parsed into. */
	s->nprocs = 1;
	s->nfds = 0;
	s->procs[0].exited = s->procs[0].reaped = false;
	s->procs[0].waiting_for = -1;
	s->procs[0].unmapped = 0;
	while (s->nexpects > 0 && s->expects[s->nexpects - 1].step > k)
		s->nexpects--;
	for (int i = 0; i < k; i++) {
		const struct scn_step *st = &s->steps[i];
		if (st->act == ACT_FORK || st->act == ACT_VFORK || st->act == ACT_CLONE ||
		    st->act == ACT_SPAWN || st->act == ACT_THREAD)
			s->nprocs = st->target + 1;
		if (st->act == ACT_OPEN && st->slot >= s->nfds)
			s->nfds = st->slot + 1;
		scnstep_apply(s, st);
	}
	memset(s->procs + s->nprocs, 0, (size_t)(MAX_PROCS - s->nprocs) * sizeof(s->procs[0]));
	memset(s->fds + s->nfds, 0, (size_t)(MAX_FDS - s->nfds) * sizeof(s->fds[0]));
	memset(s->steps + k, 0, (size_t)(s->nsteps - k) * sizeof(s->steps[0]));
	s->nsteps = k;
	s->pending_say[0] = '\0';
	return 0;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static int utf8_len(const unsigned char *p, size_t n)
{
	int len;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

int scenario_parse(struct scenario *s, const char *text, size_t len,
		   char *err, size_t errlen)
{
	char line[SCN_MAX_LINE + 2];
	size_t i = 0;
	int lineno = 0;

	while (i < len) {
		size_t start = i, n;
		int col = 1;

		lineno++;
		while (i < len && text[i] != '\n') {
			int l = utf8_len((const unsigned char *)text + i, len - i);
			if (text[i] == '\0' || l == 0) {
				snprintf(err, errlen, "%s:%d:%d: %s", s->file, lineno, col,
					 text[i] ? "invalid UTF-8" : "NUL byte in text");
				return -1;
			}
			i += (size_t)l;
			col++;
		}
		n = i - start;
		if (n > 0 && i < len && text[i - 1] == '\r')
			n--;    /* a CRLF line ending */
		if (n > SCN_MAX_LINE) {
			snprintf(err, errlen, "%s:%d:%d: line too long (at most %d "
				 "bytes)", s->file, lineno, 1, SCN_MAX_LINE);
			return -1;
		}
		memcpy(line, text + start, n);
		line[n] = '\0';
		if (scenario_add_line(s, line, lineno, err, errlen) < 0)
			return -1;
		i++;    /* the newline */
	}
	if (s->nsteps == 0) {
		snprintf(err, errlen, "%s:%d:%d: no steps: a scenario needs at least "
			 "one action such as 'parent fork'", s->file,
			 lineno ? lineno : 1, 1);
		return -1;
	}
	if (s->pending_say[0]) {
		snprintf(err, errlen, "%s:%d:%d: 'say' after the last step: narration "
			 "goes before the step it describes", s->file, s->say_line, 1);
		return -1;
	}
	return 0;
}
