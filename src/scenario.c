/* SPDX-License-Identifier: MIT */
/* scenario.c - parse and check scenario text. Every mistake is found here,
 * with its line and column, before any process exists. */
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
#include "text.h"
#include "wire.h"

#define MAX_WORDS 16

static const char *const action_names[ACT_COUNT] = {
	"read", "set", "inc", "fork", "vfork", "clone", "spawn", "exec",
	"exit", "wait", "open", "close", "handle", "default", "print", "thread",
};

const char *scenario_action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? action_names[a] : "?";
}

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

static int fail(struct line_ctx *c, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct line_ctx *c, int col, const char *fmt, ...)
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
static int column_of(const char *line, size_t off)
{
	int col = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* A word as a message may quote it: sanitised, at most TOKEN_COLS columns
 * (cut with an ellipsis). Two can be in use at once. */
static const char *tok(struct line_ctx *c, const struct scn_word *w)
{
	char raw[TOKEN_COLS * 4 + 8];
	char *dst = c->tokens[c->ntok++ % 2];
	size_t n = (size_t)w->len < sizeof(raw) - 1 ? (size_t)w->len : sizeof(raw) - 1;

	memcpy(raw, w->s, n);
	raw[n] = '\0';
	text_fit(dst, sizeof(c->tokens[0]), raw, TOKEN_COLS);
	return dst;
}

static bool word_is(const struct scn_word *w, const char *s)
{
	return (size_t)w->len == strlen(s) && memcmp(w->s, s, (size_t)w->len) == 0;
}

static void word_copy(char *dst, size_t size, const struct scn_word *w)
{
	size_t n = (size_t)w->len < size - 1 ? (size_t)w->len : size - 1;

	memcpy(dst, w->s, n);
	dst[n] = '\0';
}

/* Everything after word i, as one text. */
static const char *rest_of(const struct line_ctx *c, int i)
{
	return i < c->nw ? c->w[i].s : "";
}

static bool is_text_keyword(const struct scn_word *w)
{
	return word_is(w, "title") || word_is(w, "about") || word_is(w, "say");
}

static int split(struct line_ctx *c)
{
	const char *p = c->line;

	c->nw = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			return 0;
		if (c->nw == MAX_WORDS)
			return fail(c, column_of(c->line, (size_t)(p - c->line)),
				    "too many words on one line");
		c->w[c->nw].s = p;
		c->w[c->nw].col = column_of(c->line, (size_t)(p - c->line));
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		c->w[c->nw].len = (int)(p - c->w[c->nw].s);
		c->nw++;
		if (c->nw == 1 && is_text_keyword(&c->w[0])) {
			/* title, about, say: the rest is text, '#' included. */
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p) {
				c->w[1].s = p;
				c->w[1].len = (int)strlen(p);
				c->w[1].col = column_of(c->line, (size_t)(p - c->line));
				c->nw = 2;
			}
			return 0;
		}
	}
}

static bool valid_name(const struct scn_word *w)
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

static int want_name(struct line_ctx *c, const struct scn_word *w, const char *what)
{
	if (!valid_name(w))
		return fail(c, w->col, "bad %s name '%s': use up to %d letters, "
			    "digits, '_' or '-', starting with a letter",
			    what, tok(c, w), NAME_MAX_LEN);
	return 0;
}

static int parse_int(struct line_ctx *c, const struct scn_word *w, long long lo,
		     long long hi, long long *out)
{
	char buf[64], *end;
	long long v;

	if (w->len >= (int)sizeof(buf))
		return fail(c, w->col, "number too long: '%s'", tok(c, w));
	word_copy(buf, sizeof(buf), w);
	/* Decimal, or hex with 0x: a leading 0 is no octal surprise. */
	if (buf[buf[0] == '-' || buf[0] == '+'] == '0' &&
	    isdigit((unsigned char)buf[(buf[0] == '-' || buf[0] == '+') + 1]))
		return fail(c, w->col, "'%s': write numbers in decimal without a leading "
			    "0, or in hex with 0x", tok(c, w));
	errno = 0;
	v = strtoll(buf, &end, 0);
	if (end == buf || *end)
		return fail(c, w->col, "'%s' is not an integer", tok(c, w));
	if (errno == ERANGE || v < lo || v > hi)
		return fail(c, w->col, "%s is out of range (%lld to %lld)", tok(c, w), lo, hi);
	*out = v;
	return 0;
}

static int find_var(const struct scenario *s, const struct scn_word *w)
{
	for (int i = 0; i < s->nvars; i++)
		if (word_is(w, s->vars[i].name))
			return i;
	return -1;
}

static int find_proc(const struct scenario *s, const struct scn_word *w)
{
	for (int i = 0; i < s->nprocs; i++)
		if (word_is(w, s->procs[i].name))
			return i;
	return -1;
}

static int find_fd(const struct scenario *s, const struct scn_word *w)
{
	for (int i = 0; i < s->nfds; i++)
		if (word_is(w, s->fds[i]))
			return i;
	return -1;
}

static int want_count(struct line_ctx *c, int min, int max, const char *usage)
{
	if (c->nw < min)
		return fail(c, column_of(c->line, strlen(c->line)),
			    "'%s' needs %s", tok(c, &c->w[1]), usage);
	if (c->nw > max)
		return fail(c, c->w[max].col, "unexpected '%s' after the %s",
			    tok(c, &c->w[max]), "step");
	return 0;
}

static int text_line(struct line_ctx *c, char *dst, size_t size, bool append,
		     const char *sep)
{
	const char *t = rest_of(c, 1);
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
		return fail(c, c->w[0].col, "text too long (at most %zu bytes)", size - 1);
	memcpy(dst + have, t, n);
	dst[have + n] = '\0';
	return 0;
}

/* One option of a var line after its region (and initial value). */
static int var_option(struct line_ctx *c, const struct scn_word *w, struct scn_var *v)
{
	enum advice a = ADVICE_NONE;

	for (int i = 1; i < ADVICE_COUNT; i++)
		if (word_is(w, model_advice_name(i)))
			a = i;
	if (a == ADVICE_NONE)
		return fail(c, w->col, "unknown option '%s' (expected dontfork or "
			    "wipeonfork)", tok(c, w));
	if (v->advice != ADVICE_NONE && v->advice != a)
		return fail(c, w->col, "dontfork and wipeonfork exclude each other: "
			    "a child that gets no mapping has nothing to wipe");
	v->advice = a;
	return 0;
}

/* var NAME REGION [INITIAL] [OPTION...] */
static int do_var(struct line_ctx *c)
{
	struct scenario *s = c->s;
	struct scn_var v;
	const char *why;
	int r, i = 3;

	if (s->nsteps)
		return fail(c, c->w[0].col, "'var' must come before the first step");
	if (c->nw < 3)
		return fail(c, column_of(c->line, strlen(c->line)), "'var' needs a name "
			    "and a region (var NAME REGION [INITIAL] [OPTION...])");
	if (want_name(c, &c->w[1], "variable") < 0)
		return -1;
	if (find_var(s, &c->w[1]) >= 0)
		return fail(c, c->w[1].col, "variable '%s' is already declared",
			    tok(c, &c->w[1]));
	if (s->nvars == MAX_VARS)
		return fail(c, c->w[1].col, "too many variables (at most %d)", MAX_VARS);
	{
		char buf[NAME_MAX_LEN + 8];
		word_copy(buf, sizeof(buf), &c->w[2]);
		r = c->w[2].len <= NAME_MAX_LEN ? region_parse(buf) : -1;
	}
	if (r < 0)
		return fail(c, c->w[2].col, "unknown region '%s' (expected global, "
			    "heap, stack, shared, file, huge or frame)", tok(c, &c->w[2]));
	memset(&v, 0, sizeof(v));
	word_copy(v.name, sizeof(v.name), &c->w[1]);
	v.region = r;
	/* An initial value is a number: it starts with a digit or a sign. */
	if (i < c->nw && (isdigit((unsigned char)c->w[i].s[0]) || c->w[i].s[0] == '-' ||
			  c->w[i].s[0] == '+'))
		if (parse_int(c, &c->w[i++], LLONG_MIN, LLONG_MAX, &v.initial) < 0)
			return -1;
	for (; i < c->nw; i++) {
		if (var_option(c, &c->w[i], &v) < 0)
			return -1;
		why = region_refuses(v.region, v.advice);
		if (why)
			return fail(c, c->w[i].col, "'%s' is not possible in %s memory: %s",
				    model_advice_name(v.advice), model_region_name(r), why);
	}
	s->vars[s->nvars++] = v;
	return 0;
}

/* The state check every actor goes through. */
static int check_actor(struct line_ctx *c, int p)
{
	struct scenario *s = c->s;
	const struct scn_word *w = &c->w[0];

	if (p < 0)
		return fail(c, w->col, "unknown process '%s'", tok(c, w));
	if (s->procs[p].exited && s->procs[p].thread)
		return fail(c, w->col, "thread '%s' has ended (its own exit, or its "
			    "process's exit or exec)", s->procs[p].name);
	if (s->procs[p].exited)
		return fail(c, w->col, "process '%s' has exited", s->procs[p].name);
	if (s->procs[p].waiting_for >= 0)
		return fail(c, w->col, "process '%s' is suspended until '%s' exits or "
			    "execs", s->procs[p].name,
			    s->procs[s->procs[p].waiting_for].name);
	return 0;
}

static int new_child(struct line_ctx *c, int actor, int wi)
{
	struct scenario *s = c->s;
	struct scn_proc *p;
	char name[NAME_MAX_LEN + 1];
	int n;

	if (wi < c->nw) {
		if (want_name(c, &c->w[wi], "process") < 0)
			return -1;
		if (find_proc(s, &c->w[wi]) >= 0)
			return fail(c, c->w[wi].col, "process '%s' already exists",
				    tok(c, &c->w[wi]));
		word_copy(name, sizeof(name), &c->w[wi]);
	} else {
		for (n = 1;; n++) {
			if (n == 1)
				snprintf(name, sizeof(name), "child");
			else
				snprintf(name, sizeof(name), "child%d", n);
			struct scn_word w = { name, (int)strlen(name), 0 };
			if (find_proc(s, &w) < 0)
				break;
		}
	}
	if (s->nprocs == MAX_PROCS)
		return fail(c, c->w[1].col, "too many processes (at most %d)", MAX_PROCS);
	p = &s->procs[s->nprocs];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->parent = actor;
	p->waiting_for = -1;
	return s->nprocs++;
}

static int parse_clone_flags(struct line_ctx *c, const struct scn_word *w)
{
	static const struct { const char *name; int bit; } tab[] = {
		{ "vm", CF_VM }, { "files", CF_FILES }, { "sighand", CF_SIGHAND },
		{ "vfork", CF_VFORK }, { "none", 0 },
	};
	const char *p = w->s, *end = w->s + w->len;
	int flags = 0, items = 0;
	bool none = false;

	while (p <= end) {
		const char *q = p;
		struct scn_word f;
		size_t i;

		while (q < end && *q != ',')
			q++;
		f.s = p;
		f.len = (int)(q - p);
		f.col = w->col + (int)(p - w->s);
		for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
			if (word_is(&f, tab[i].name))
				break;
		if (i == sizeof(tab) / sizeof(tab[0]))
			return fail(c, f.col, "unknown clone flag '%s' (expected vm, "
				    "files, sighand, vfork or none)", tok(c, &f));
		none |= tab[i].bit == 0;
		flags |= tab[i].bit;
		items++;
		p = q + 1;
	}
	if (none && items > 1)
		return fail(c, w->col, "clone flag 'none' cannot be combined with others");
	return flags;
}

/* Is t a child of a task of p's thread group? Any thread of a process may
 * wait for the children of any other (waitpid without __WNOTHREAD), and a
 * thread's children pass to another thread of its process when it ends. */
static bool child_of_group(const struct scenario *s, int t, int p)
{
	int parent = s->procs[t].parent;

	return parent >= 0 && s->procs[parent].group == s->procs[p].group;
}

static int do_wait(struct line_ctx *c, struct scn_step *st)
{
	struct scenario *s = c->s;
	int t = -1;

	if (c->nw == 3) {
		t = find_proc(s, &c->w[2]);
		if (t < 0)
			return fail(c, c->w[2].col, "unknown process '%s'",
				    tok(c, &c->w[2]));
		if (s->procs[t].thread)
			return fail(c, c->w[2].col, "'%s' is a thread: nobody waits for a "
				    "thread with waitpid (it leaves no zombie; pthread_join "
				    "waits on memory the kernel clears)", s->procs[t].name);
		if (!child_of_group(s, t, st->actor))
			return fail(c, c->w[2].col, "'%s' is not a child of '%s'%s",
				    s->procs[t].name, s->procs[st->actor].name,
				    s->procs[st->actor].thread ? " or of its process" : "");
		if (s->procs[t].reaped)
			return fail(c, c->w[2].col, "'%s' was already waited for",
				    s->procs[t].name);
		if (!s->procs[t].exited)
			return fail(c, c->w[2].col, "'%s' has not exited: wait would "
				    "block forever", s->procs[t].name);
	} else {
		for (int i = 0; i < s->nprocs && t < 0; i++)
			if (!s->procs[i].thread && child_of_group(s, i, st->actor) &&
			    s->procs[i].exited && !s->procs[i].reaped)
				t = i;
		if (t < 0)
			return fail(c, c->w[1].col, "'%s' has no exited child to wait "
				    "for", s->procs[st->actor].name);
	}
	st->target = t;
	return 0;
}

/* A process ended its part (exit or exec): a parent waiting on it resumes. */
static void release_parent(struct scenario *s, int p)
{
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].waiting_for == p)
			s->procs[i].waiting_for = -1;
}

/* Variables fork leaves out of a copied address space (MADV_DONTFORK). */
static unsigned dontfork_vars(const struct scenario *s)
{
	unsigned m = 0;

	for (int v = 0; v < s->nvars; v++)
		if (s->vars[v].advice == ADVICE_DONTFORK)
			m |= 1u << v;
	return m;
}

/* The new task's address space: the actor's own (vfork, CLONE_VM, a
 * thread), a copy of it without the dontfork variables, or a new program's. */
static unsigned child_unmapped(const struct scenario *s, const struct scn_step *st)
{
	unsigned mine = s->procs[st->actor].unmapped;

	if (st->act == ACT_SPAWN)
		return 0;
	if (st->act == ACT_VFORK || st->act == ACT_THREAD ||
	    (st->act == ACT_CLONE && (st->flags & CF_VM)))
		return mine;
	return mine | dontfork_vars(s);
}

/* Task p ends: nothing waits for a thread; a vfork parent waiting on it
 * resumes. */
static void end_task(struct scenario *s, int p)
{
	s->procs[p].exited = true;
	s->procs[p].reaped |= s->procs[p].thread;
	release_parent(s, p);
}

/* Every task of group g but keep ends (exit_group, or an exec's de_thread). */
static void end_group(struct scenario *s, int g, int keep)
{
	for (int i = 0; i < s->nprocs; i++)
		if (i != keep && s->procs[i].group == g && !s->procs[i].exited)
			end_task(s, i);
}

/* What a checked step does to who exists, has exited, was waited for or is
 * suspended: the one place the parser's simulation changes. */
static void apply(struct scenario *s, const struct scn_step *st)
{
	struct scn_proc *a = &s->procs[st->actor];

	switch (st->act) {
	case ACT_FORK: case ACT_VFORK: case ACT_CLONE: case ACT_SPAWN: case ACT_THREAD:
		s->procs[st->target].parent = st->actor;
		s->procs[st->target].exited = s->procs[st->target].reaped = false;
		s->procs[st->target].waiting_for = -1;
		s->procs[st->target].unmapped = child_unmapped(s, st);
		s->procs[st->target].thread = st->act == ACT_THREAD;
		s->procs[st->target].group = st->act == ACT_THREAD ? a->group : st->target;
		if (st->act == ACT_VFORK || (st->act == ACT_CLONE && (st->flags & CF_VFORK)))
			a->waiting_for = st->target;
		break;
	case ACT_EXEC:
		/* A new program for the process: its other threads end. */
		if (!(st->flags & EXEC_MISSING)) {
			release_parent(s, st->actor);
			a->unmapped = 0;        /* declared anew */
			end_group(s, a->group, st->actor);
		}
		break;
	case ACT_EXIT:
		/* A thread's own exit ends it alone; any other ends the process. */
		end_task(s, st->actor);
		if (!(st->flags & EXIT_THREAD))
			end_group(s, a->group, st->actor);
		break;
	case ACT_WAIT:
		s->procs[st->target].reaped = true;
		break;
	default:
		break;
	}
}

static int do_var_step(struct line_ctx *c, struct scn_step *st)
{
	bool is_set = st->act == ACT_SET;

	if (c->nw < (is_set ? 4 : 3))
		return fail(c, column_of(c->line, strlen(c->line)), "'%s' needs %s",
			    action_names[st->act],
			    is_set ? "a variable and a value" : "a variable");
	if (c->nw > (is_set ? 4 : 3))
		return fail(c, c->w[is_set ? 4 : 3].col, "unexpected '%s' after "
			    "the step", tok(c, &c->w[is_set ? 4 : 3]));
	st->var = find_var(c->s, &c->w[2]);
	if (st->var < 0)
		return fail(c, c->w[2].col, "undeclared variable '%s'",
			    tok(c, &c->w[2]));
	if (c->s->procs[st->actor].unmapped & (1u << st->var))
		return fail(c, c->w[2].col, "'%s' has no mapping for '%s': it is "
			    "dontfork (MADV_DONTFORK), so fork did not copy it, and "
			    "touching it would kill '%s' with SIGSEGV",
			    c->s->procs[st->actor].name, c->s->vars[st->var].name,
			    c->s->procs[st->actor].name);
	if (is_set)
		return parse_int(c, &c->w[3], LLONG_MIN, LLONG_MAX, &st->value);
	return 0;
}

static int do_fd_step(struct line_ctx *c, struct scn_step *st)
{
	struct scenario *s = c->s;

	if (want_count(c, 3, 3, "a descriptor name") < 0)
		return -1;
	if (want_name(c, &c->w[2], "descriptor") < 0)
		return -1;
	st->slot = find_fd(s, &c->w[2]);
	if (st->slot >= 0)
		return 0;
	if (st->act == ACT_CLOSE)
		return fail(c, c->w[2].col, "unknown descriptor '%s': open it first",
			    tok(c, &c->w[2]));
	if (s->nfds == MAX_FDS)
		return fail(c, c->w[2].col, "too many descriptors (at most %d)", MAX_FDS);
	word_copy(s->fds[s->nfds], sizeof(s->fds[0]), &c->w[2]);
	st->slot = s->nfds++;
	return 0;
}

static int do_signal_step(struct line_ctx *c, struct scn_step *st)
{
	const struct scn_word *w;
	struct scn_word bare;

	if (want_count(c, 3, 3, "a signal (USR1, USR2, ALRM or WINCH)") < 0)
		return -1;
	w = &c->w[2];
	bare = *w;
	if (bare.len > 3 && memcmp(bare.s, "SIG", 3) == 0) {
		bare.s += 3;
		bare.len -= 3;
	}
	for (int i = 0; i < model_signal_count(); i++)
		if (word_is(&bare, model_signal_name(i))) {
			st->slot = i;
			return 0;
		}
	return fail(c, w->col, "unknown signal '%s' (expected USR1, USR2, ALRM "
		    "or WINCH)", tok(c, w));
}

/* Is p a vfork child, its parent suspended until it exits or execs? */
static bool borrows_memory(const struct scenario *s, int p)
{
	for (int i = 0; i < s->nprocs; i++)
		if (s->procs[i].waiting_for == p)
			return true;
	return false;
}

static int do_forklike(struct line_ctx *c, struct scn_step *st)
{
	int wi = 2;

	if (st->act == ACT_CLONE) {
		if (c->nw < 3)
			return fail(c, column_of(c->line, strlen(c->line)), "'clone' "
				    "needs flags: vm, files, sighand, vfork or none");
		st->flags = parse_clone_flags(c, &c->w[2]);
		if (st->flags < 0)
			return -1;
		wi = 3;
	}
	if (c->nw > wi + 1)
		return fail(c, c->w[wi + 1].col, "unexpected '%s' after the step",
			    tok(c, &c->w[wi + 1]));
	if (st->act == ACT_THREAD && borrows_memory(c->s, st->actor))
		return fail(c, c->w[1].col, "'%s' runs in its parent's memory until it "
			    "exits or execs (vfork): a thread of it could still write "
			    "there as it ends, after the parent has resumed",
			    c->s->procs[st->actor].name);
	st->target = new_child(c, st->actor, wi);
	return st->target < 0 ? -1 : 0;
}

/* exec [missing]: "missing" tries a program that does not exist. */
static int do_exec(struct line_ctx *c, struct scn_step *st)
{
	if (want_count(c, 2, 3, "nothing, or 'missing'") < 0)
		return -1;
	if (c->s->procs[st->actor].thread)
		return fail(c, c->w[1].col, "'%s' is a thread: its exec would end every "
			    "other thread and take its process's pid, which forkscope does "
			    "not follow; exec from '%s' itself", c->s->procs[st->actor].name,
			    c->s->procs[c->s->procs[st->actor].group].name);
	if (c->nw == 3) {
		if (!word_is(&c->w[2], "missing"))
			return fail(c, c->w[2].col, "exec takes nothing or 'missing', "
				    "not '%s'", tok(c, &c->w[2]));
		st->flags = EXEC_MISSING;       /* it fails and returns */
	}
	return 0;
}

/* exit [libc] [CODE]: _exit(2), or exit(3) with "libc". */
static int do_exit(struct line_ctx *c, struct scn_step *st)
{
	int i = 2;

	if (c->nw > 2 && word_is(&c->w[2], "libc")) {
		st->flags = EXIT_LIBC;
		i = 3;
	}
	if (c->nw > i + 1)
		return fail(c, c->w[i + 1].col, "unexpected '%s' after the step",
			    tok(c, &c->w[i + 1]));
	if (c->nw == i + 1 && parse_int(c, &c->w[i], 0, 255, &st->value) < 0)
		return -1;
	/* A thread's exit is SYS_exit, its own end; exit(3) from a thread
	 * still ends the whole process (exit_group), as in any program. */
	if (c->s->procs[st->actor].thread && !(st->flags & EXIT_LIBC))
		st->flags |= EXIT_THREAD;
	return 0;
}

static int do_step(struct line_ctx *c)
{
	struct scenario *s = c->s;
	struct scn_step *st;
	int a, actor;

	actor = find_proc(s, &c->w[0]);
	if (c->nw < 2) {
		if (actor < 0)
			return fail(c, c->w[0].col, "unknown keyword or process '%s'",
				    tok(c, &c->w[0]));
		return fail(c, column_of(c->line, strlen(c->line)),
			    "'%s' needs an action", s->procs[actor].name);
	}
	if (check_actor(c, actor) < 0)
		return -1;
	for (a = 0; a < ACT_COUNT; a++)
		if (word_is(&c->w[1], action_names[a]))
			break;
	if (a == ACT_COUNT)
		return fail(c, c->w[1].col, "unknown action '%s' (expected read, set, "
			    "inc, fork, vfork, clone, thread, spawn, exec, exit, wait, "
			    "open, close, handle, default or print)", tok(c, &c->w[1]));
	if (s->nsteps == SCN_MAX_STEPS)
		return fail(c, c->w[0].col, "too many steps (at most %d)", SCN_MAX_STEPS);
	st = &s->steps[s->nsteps];
	memset(st, 0, sizeof(*st));
	st->line = c->lineno;
	st->actor = actor;
	st->act = a;
	st->var = -1;
	st->target = -1;
	st->slot = -1;
	switch (a) {
	case ACT_READ: case ACT_SET: case ACT_INC:
		if (do_var_step(c, st) < 0)
			return -1;
		break;
	case ACT_FORK: case ACT_VFORK: case ACT_CLONE: case ACT_SPAWN: case ACT_THREAD:
		if (do_forklike(c, st) < 0)
			return -1;
		break;
	case ACT_EXEC:
		if (do_exec(c, st) < 0)
			return -1;
		break;
	case ACT_EXIT:
		if (do_exit(c, st) < 0)
			return -1;
		break;
	case ACT_PRINT: {
		/* From the first word to the end of the last: a comment and
		 * trailing blanks are not part of it. */
		const struct scn_word *last = &c->w[c->nw - 1];
		size_t n;

		if (c->nw < 3)
			return fail(c, column_of(c->line, strlen(c->line)),
				    "'print' needs a text");
		n = (size_t)(last->s + last->len - c->w[2].s);
		if (n > PRINT_MAX)
			return fail(c, c->w[2].col, "print text too long (at most %d "
				    "bytes)", PRINT_MAX);
		memcpy(st->print, c->w[2].s, n);
		st->print[n] = '\0';
		break;
	}
	case ACT_WAIT:
		if (want_count(c, 2, 3, "nothing or a child's name") < 0 ||
		    do_wait(c, st) < 0)
			return -1;
		break;
	case ACT_OPEN: case ACT_CLOSE:
		if (do_fd_step(c, st) < 0)
			return -1;
		break;
	case ACT_HANDLE: case ACT_DEFAULT:
		if (do_signal_step(c, st) < 0)
			return -1;
		break;
	default:
		break;
	}
	{
		/* The step as written, with single spaces. */
		size_t n = 0;
		for (int i = 0; i < c->nw && n < sizeof(st->text) - 1; i++)
			n += (size_t)snprintf(st->text + n, sizeof(st->text) - n,
					      "%s%.*s", i ? " " : "", c->w[i].len, c->w[i].s);
	}
	memcpy(st->say, s->pending_say, sizeof(st->say));
	s->pending_say[0] = '\0';
	apply(s, st);
	s->nsteps++;
	return 0;
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
		return fail(&c, 1, "line too long (at most %d bytes)", SCN_MAX_LINE);
	if (split(&c) < 0)
		return -1;
	if (c.nw == 0)
		return 0;
	if (word_is(&c.w[0], "title"))
		return text_line(&c, s->title, sizeof(s->title), false, "");
	if (word_is(&c.w[0], "about"))
		return text_line(&c, s->about, sizeof(s->about), true, " ");
	if (word_is(&c.w[0], "say")) {
		if (!s->pending_say[0])
			s->say_line = lineno;
		return text_line(&c, s->pending_say, sizeof(s->pending_say), true, " ");
	}
	if (word_is(&c.w[0], "var"))
		return do_var(&c);
	if (word_is(&c.w[0], "expect") || word_is(&c.w[0], "expect?")) {
		char msg[TEXT_MAX];
		int col = 1;

		if (expect_parse(s, c.w, c.nw, lineno, msg, sizeof(msg), &col) < 0)
			return fail(&c, col, "%s", msg);
		return 0;
	}
	return do_step(&c);
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
		apply(s, st);
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
