/* SPDX-License-Identifier: MIT */
/* expect.c - the grammar of expect lines: claims a scenario makes about
 * what the kernel does, parsed and checked against the scenario's own
 * processes, variables and descriptors before anything runs. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "scnpage.h"

enum arg_type { A_NONE, A_INT, A_INT_PLUS, A_FRAME, A_LETTER, A_RETURNED, A_FD,
		A_SIGNAL, A_TEXT, A_SHARE, A_WORD_UNCHANGED, A_PROC, A_PAGE_KIND };

struct pred {
	const char *word;
	enum expect_kind kind;
	enum arg_type type;
	int arg;
};

static const struct pred var_preds[] = {
	{ "copied", EX_CHANGE, A_NONE, CHANGE_COPIED },
	{ "reused", EX_CHANGE, A_NONE, CHANGE_REUSED },
	{ "mapped", EX_CHANGE, A_NONE, CHANGE_MAPPED },
	{ "new_image", EX_CHANGE, A_NONE, CHANGE_NEW_IMAGE },
	{ "split", EX_CHANGE, A_NONE, CHANGE_SPLIT },
	{ "unmapped", EX_CHANGE, A_NONE, CHANGE_UNMAPPED },
	{ "swapped", EX_CHANGE, A_NONE, CHANGE_SWAPPED },
	{ "moved", EX_CHANGE, A_NONE, CHANGE_MOVED },
	{ "unchanged", EX_CHANGE, A_NONE, CHANGE_NONE },
	{ "value", EX_VALUE, A_INT, 0 },
	{ "faults", EX_VAR_FAULTS, A_INT_PLUS, 0 },
	{ "frame", EX_FRAME_KEPT, A_FRAME, 0 },
	{ "present", EX_PRESENT, A_NONE, 0 },
	{ "absent", EX_ABSENT, A_NONE, 0 },
	{ "exclusive", EX_EXCLUSIVE, A_NONE, 0 },
	{ "not-exclusive", EX_NOT_EXCLUSIVE, A_NONE, 0 },
	{ "huge", EX_HUGE, A_NONE, 0 },
	{ "not-huge", EX_NOT_HUGE, A_NONE, 0 },
	{ "mapcount", EX_MAPCOUNT, A_INT_PLUS, 0 },
	{ "file-page", EX_FILE_PAGE, A_NONE, 0 },
	{ "anonymous", EX_ANON, A_NONE, 0 },
	{ "has-mapping", EX_MAPPING, A_NONE, 0 },
	{ "no-mapping", EX_NO_MAPPING, A_NONE, 0 },
	{ "shared", EX_SHARED, A_NONE, 0 },
	{ "not-shared", EX_NOT_SHARED, A_NONE, 0 },
	{ "pages", EX_PAGES, A_PAGE_KIND, 0 },
};

static const struct pred proc_preds[] = {
	{ "running", EX_STATE, A_NONE, PROC_RUNNING },
	{ "suspended", EX_STATE, A_NONE, PROC_SUSPENDED },
	{ "stopped", EX_STATE, A_NONE, PROC_STOPPED },
	{ "zombie", EX_STATE, A_NONE, PROC_ZOMBIE },
	{ "exited", EX_STATE, A_NONE, PROC_EXITED },
	{ "state", EX_KSTATE, A_LETTER, 0 },
	{ "exit", EX_EXIT, A_INT, 0 },
	{ "returned", EX_RETURNED, A_RETURNED, 0 },
	{ "faults", EX_PROC_FAULTS, A_INT_PLUS, 0 },
	{ "fd", EX_FD_OPEN, A_FD, 0 },
	{ "handler", EX_HANDLER, A_SIGNAL, 0 },
	{ "output", EX_OUTPUT, A_TEXT, 0 },
	{ "no-output", EX_NO_OUTPUT, A_NONE, 0 },
	{ "shares", EX_SHARES, A_SHARE, 0 },
	{ "separate", EX_SEPARATE, A_SHARE, 0 },
	{ "pid", EX_PID_KEPT, A_WORD_UNCHANGED, 0 },
	{ "ppid", EX_PPID, A_PROC, 0 },
	{ "image", EX_IMAGE, A_INT, 0 },
	{ "same-pid", EX_SAME_PID, A_PROC, 0 },
	{ "pid-differs", EX_PID_DIFFERS, A_PROC, 0 },
	{ "tid-differs", EX_TID_DIFFERS, A_PROC, 0 },
	{ "thread", EX_THREAD, A_NONE, 0 },
	{ "not-thread", EX_NOT_THREAD, A_NONE, 0 },
};

static const char *const share_kinds[] = { "vm", "files", "sighand" };

/* Parsing state for one line. */
struct pctx {
	struct scenario *s;
	const struct scn_word *w;
	int nw;
	char *err;
	size_t errlen;
	int *col;
};

static int bad(struct pctx *c, int i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct pctx *c, int i, const char *fmt, ...)
{
	va_list ap;

	*c->col = i < c->nw ? c->w[i].col : c->w[c->nw - 1].col + c->w[c->nw - 1].len;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool is(const struct scn_word *w, const char *s)
{
	return (size_t)w->len == strlen(s) && memcmp(w->s, s, (size_t)w->len) == 0;
}

static int find_name(const char *names, size_t stride, int n, const struct scn_word *w)
{
	for (int i = 0; i < n; i++)
		if (is(w, names + (size_t)i * stride))
			return i;
	return -1;
}

static int want_proc(struct pctx *c, int i)
{
	int p;

	if (i >= c->nw)
		return bad(c, i, "'expect' needs a process");
	p = find_name(c->s->procs[0].name, sizeof(c->s->procs[0]), c->s->nprocs, &c->w[i]);
	if (p < 0)
		return bad(c, i, "unknown process '%.*s'", c->w[i].len > 40 ? 40 : c->w[i].len,
			   c->w[i].s);
	return p;
}

static int want_int(struct pctx *c, int i, struct scn_expect *e, bool plus)
{
	char buf[32], *end;
	int len;

	if (i >= c->nw)
		return bad(c, i, "'%.*s' needs a number", c->w[i - 1].len, c->w[i - 1].s);
	len = c->w[i].len;
	if (plus && len > 1 && c->w[i].s[len - 1] == '+') {
		e->at_least = true;
		len--;
	}
	if (len >= (int)sizeof(buf))
		return bad(c, i, "number too long");
	memcpy(buf, c->w[i].s, (size_t)len);
	buf[len] = '\0';
	errno = 0;
	e->value = strtoll(buf, &end, 0);
	if (end == buf || *end || errno)
		return bad(c, i, "'%s' is not a%s number", buf, plus ? "n N or N+" : "");
	return 0;
}

static int want_errname(struct pctx *c, int i, struct scn_expect *e)
{
	for (int n = 1; n < 4096; n++) {
		const char *name = strerrorname_np(n);
		if (name && is(&c->w[i], name)) {
			e->arg = n;
			return 0;
		}
	}
	return bad(c, i, "unknown errno name '%.*s' (e.g. ENOENT)",
		   c->w[i].len > 20 ? 20 : c->w[i].len, c->w[i].s);
}

/* The words after the predicate, by its argument type. */
static int parse_arg(struct pctx *c, int i, const struct pred *pd, struct scn_expect *e)
{
	int last = i;

	e->kind = pd->kind;
	e->arg = pd->arg;
	switch (pd->type) {
	case A_NONE:
		last = i - 1;
		break;
	case A_INT: case A_INT_PLUS:
		if (want_int(c, i, e, pd->type == A_INT_PLUS) < 0)
			return -1;
		break;
	case A_FRAME:
		if (i < c->nw && is(&c->w[i], "unchanged")) {
			e->kind = EX_FRAME_KEPT;
		} else if (i < c->nw && is(&c->w[i], "changed")) {
			e->kind = EX_FRAME_NEW;
		} else if (i < c->nw && (is(&c->w[i], "same-as") || is(&c->w[i], "differs-from"))) {
			e->kind = is(&c->w[i], "same-as") ? EX_FRAME_SAME : EX_FRAME_DIFFERS;
			if ((e->other = want_proc(c, ++i)) < 0)
				return -1;
		} else {
			return bad(c, i, "'frame' takes unchanged, changed, same-as PROCESS "
				   "or differs-from PROCESS");
		}
		last = i;
		break;
	case A_LETTER:
		if (i >= c->nw || c->w[i].len != 1)
			return bad(c, i, "'state' takes one letter, e.g. D, T or Z");
		e->arg = (unsigned char)c->w[i].s[0];
		break;
	case A_RETURNED:
		if (i < c->nw && (is(&c->w[i], "pid-of") || is(&c->w[i], "tid-of"))) {
			e->kind = is(&c->w[i], "pid-of") ? EX_RETURNED_PID : EX_RETURNED_TID;
			if ((e->other = want_proc(c, ++i)) < 0)
				return -1;
			last = i;
			break;
		}
		if (want_int(c, i, e, false) < 0)
			return -1;
		if (e->value == -1 && i + 1 < c->nw) {
			e->kind = EX_RETURNED_ERR;
			if (want_errname(c, ++i, e) < 0)
				return -1;
			last = i;
		}
		break;
	case A_FD:
		if (i >= c->nw || (e->arg = find_name(c->s->fds[0], sizeof(c->s->fds[0]),
						   c->s->nfds, &c->w[i])) < 0)
			return bad(c, i, "'fd' needs a descriptor name opened before");
		if (i + 1 >= c->nw || (!is(&c->w[i + 1], "open") && !is(&c->w[i + 1], "closed")))
			return bad(c, i + 1, "'fd NAME' takes open or closed");
		e->kind = is(&c->w[i + 1], "open") ? EX_FD_OPEN : EX_FD_CLOSED;
		last = i + 1;
		break;
	case A_SIGNAL: {
		struct scn_word bare = i < c->nw ? c->w[i] : (struct scn_word){ "", 0, 0 };
		if (bare.len > 3 && memcmp(bare.s, "SIG", 3) == 0) {
			bare.s += 3;
			bare.len -= 3;
		}
		e->arg = -1;
		for (int k = 0; k < model_signal_count(); k++)
			if (is(&bare, model_signal_name(k)))
				e->arg = k;
		if (e->arg < 0)
			return bad(c, i, "'handler' needs USR1, USR2, ALRM or WINCH");
		if (i + 1 >= c->nw || (!is(&c->w[i + 1], "set") && !is(&c->w[i + 1], "default")))
			return bad(c, i + 1, "'handler SIGNAL' takes set or default");
		e->kind = is(&c->w[i + 1], "set") ? EX_HANDLER : EX_NO_HANDLER;
		last = i + 1;
		break;
	}
	case A_TEXT: {
		const char *end = c->w[c->nw - 1].s + c->w[c->nw - 1].len;
		if (i >= c->nw)
			return bad(c, i, "'output' needs the text to look for");
		if (end - c->w[i].s >= (long)sizeof(e->str))
			return bad(c, i, "text too long (at most %zu bytes)", sizeof(e->str) - 1);
		snprintf(e->str, sizeof(e->str), "%.*s", (int)(end - c->w[i].s), c->w[i].s);
		last = c->nw - 1;
		break;
	}
	case A_SHARE:
		e->arg = -1;
		for (int k = 0; k < 3 && i < c->nw; k++)
			if (is(&c->w[i], share_kinds[k]))
				e->arg = k;
		if (e->arg < 0)
			return bad(c, i, "'%s' takes vm, files or sighand, then a process",
				   pd->word);
		if ((e->other = want_proc(c, i + 1)) < 0)
			return -1;
		last = i + 1;
		break;
	case A_WORD_UNCHANGED:
		if (i >= c->nw || !is(&c->w[i], "unchanged"))
			return bad(c, i, "'pid' takes unchanged");
		break;
	case A_PROC:
		if ((e->other = want_proc(c, i)) < 0)
			return -1;
		break;
	case A_PAGE_KIND:
		e->arg = -1;
		for (int k = 0; k < PK_COUNT && i < c->nw; k++)
			if (is(&c->w[i], model_page_kind_name(k)))
				e->arg = k;
		if (e->arg < 0)
			return bad(c, i, "'pages' takes a kind (absent, swapped, shared, "
				   "copied, reused or own), then a number");
		if (want_int(c, i + 1, e, true) < 0)
			return -1;
		last = i + 1;
		break;
	}
	if (last + 1 < c->nw)
		return bad(c, last + 1, "unexpected '%.*s' after the expectation",
			   c->w[last + 1].len > 20 ? 20 : c->w[last + 1].len, c->w[last + 1].s);
	return 0;
}

static const struct pred *find_pred(const struct pred *t, size_t n, const struct scn_word *w)
{
	for (size_t i = 0; i < n; i++)
		if (is(w, t[i].word))
			return &t[i];
	return NULL;
}

/* VAR, VAR[N] or VAR[A-B] at w: e->var (-1: not a variable, the claim is
 * about the process) and, for a many-page variable, its pages (VAR alone:
 * every page). 0, or -1 for pages that do not exist. */
static int var_word(struct pctx *c, const struct scn_word *w, struct scn_expect *e)
{
	const char *br = memchr(w->s, '[', (size_t)w->len);
	struct scn_word name = *w;
	const struct scn_var *var;

	if (br)
		name.len = (int)(br - w->s);
	e->var = find_name(c->s->vars[0].name, sizeof(c->s->vars[0]), c->s->nvars, &name);
	if (e->var < 0)
		return br ? bad(c, 2, "undeclared variable '%.*s'", name.len > 20 ? 20 :
				name.len, name.s) : 0;
	var = &c->s->vars[e->var];
	e->page = 0;
	e->npages = var->npages > 1 ? var->npages : 0;
	if (!br)
		return 0;
	if (w->s[w->len - 1] != ']')
		return bad(c, 2, "'[' without ']': a page is NAME[N] or NAME[A-B]");
	if (scnpage_parse(var, br + 1, w->len - name.len - 2, &e->page, &e->npages, c->err,
			  c->errlen) < 0) {
		*c->col = w->col + name.len + 1;
		return -1;
	}
	return 0;
}

int expect_parse(struct scenario *s, const struct scn_word *w, int nw, int line,
		 char *err, size_t errlen, int *col)
{
	struct pctx c = { s, w, nw, err, errlen, col };
	struct scn_expect *e;
	const struct pred *pd;
	const char *end = w[nw - 1].s + w[nw - 1].len;
	int i = 2, here = 0;

	if (s->nexpects == SCN_MAX_EXPECTS)
		return bad(&c, 0, "too many expect lines (at most %d)", SCN_MAX_EXPECTS);
	for (int k = 0; k < s->nexpects; k++)
		here += s->expects[k].step == s->nsteps;
	if (here == MAX_EXPECTS)
		return bad(&c, 0, "too many expect lines after one step (at most %d)",
			   MAX_EXPECTS);
	e = &s->expects[s->nexpects];
	memset(e, 0, sizeof(*e));
	e->step = s->nsteps;
	e->line = line;
	e->soft = is(&w[0], "expect?");
	e->proc = e->var = e->other = -1;
	if (nw < 2)
		return bad(&c, 1, "'expect' needs a process and a claim");
	if (end - w[1].s >= (long)sizeof(e->text))
		return bad(&c, 1, "expectation too long (at most %zu bytes)",
			   sizeof(e->text) - 1);
	snprintf(e->text, sizeof(e->text), "%.*s", (int)(end - w[1].s), w[1].s);
	if ((e->proc = want_proc(&c, 1)) < 0)
		return -1;
	if (nw > 2 && var_word(&c, &w[2], e) < 0)
		return -1;
	if (e->var >= 0) {
		i = 3;
		pd = i < nw ? find_pred(var_preds, sizeof(var_preds) / sizeof(var_preds[0]),
					&w[i]) : NULL;
	} else {
		pd = i < nw ? find_pred(proc_preds, sizeof(proc_preds) / sizeof(proc_preds[0]),
					&w[i]) : NULL;
	}
	if (!pd)
		return bad(&c, i, e->var >= 0 ? "unknown claim about a variable (see "
			   "demos/README.md: copied, reused, value N, frame unchanged, ...)" :
			   "unknown claim about a process, or undeclared variable (see "
			   "demos/README.md)");
	if (parse_arg(&c, i + 1, pd, e) < 0)
		return -1;
	if (e->var >= 0 && !e->npages &&
	    (e->kind == EX_SHARED || e->kind == EX_NOT_SHARED || e->kind == EX_PAGES))
		return bad(&c, i, "'%s' is about the pages of a many-page variable, and "
			   "'%s' has one (for one page: frame same-as PROCESS)", pd->word,
			   s->vars[e->var].name);
	s->nexpects++;
	return 0;
}
