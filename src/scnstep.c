/* SPDX-License-Identifier: MIT */
/* scnstep.c - variables and steps: each step is checked against the table
 * of processes the steps before it leave (who exists, who is suspended,
 * who shares memory with whom, which thread belongs to which process), then
 * applied to it, so that every mistake is found before any process exists. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "region.h"
#include "scenario.h"
#include "scnpage.h"
#include "scnstep.h"
#include "text.h"
#include "wire.h"

/* One option of a var line after its region (and initial value). */
static int var_option(struct line_ctx *c, const struct scn_word *w, struct scn_var *v)
{
	enum advice a = ADVICE_NONE;

	for (int i = 1; i < ADVICE_COUNT; i++)
		if (line_word_is(w, model_advice_name(i)))
			a = i;
	if (a == ADVICE_NONE)
		return line_fail(c, w->col, "unknown option '%s' (expected Np, dontfork or "
				 "wipeonfork)", line_tok(c, w));
	if (v->advice != ADVICE_NONE && v->advice != a)
		return line_fail(c, w->col, "dontfork and wipeonfork exclude each other: "
				 "a child that gets no mapping has nothing to wipe");
	v->advice = a;
	return 0;
}

/* var NAME REGION [INITIAL] [OPTION...] */
int scnstep_var(struct line_ctx *c)
{
	struct scenario *s = c->s;
	struct scn_var v;
	const char *why;
	int r, i = 3;

	if (s->nsteps)
		return line_fail(c, c->w[0].col, "'var' must come before the first step");
	if (c->nw < 3)
		return line_fail(c, line_column(c->line, strlen(c->line)), "'var' needs a name "
				 "and a region (var NAME REGION [INITIAL] [Np] [OPTION...])");
	if (line_want_name(c, &c->w[1], "variable") < 0)
		return -1;
	if (line_find_var(s, &c->w[1]) >= 0)
		return line_fail(c, c->w[1].col, "variable '%s' is already declared",
				 line_tok(c, &c->w[1]));
	if (s->nvars == MAX_VARS)
		return line_fail(c, c->w[1].col, "too many variables (at most %d)", MAX_VARS);
	{
		char buf[NAME_MAX_LEN + 8];
		line_word_copy(buf, sizeof(buf), &c->w[2]);
		r = c->w[2].len <= NAME_MAX_LEN ? region_parse(buf) : -1;
	}
	if (r < 0)
		return line_fail(c, c->w[2].col, "unknown region '%s' (expected global, "
				 "heap, stack, shared, file, huge or frame)", line_tok(c, &c->w[2]));
	memset(&v, 0, sizeof(v));
	line_word_copy(v.name, sizeof(v.name), &c->w[1]);
	v.region = r;
	/* An initial value is a number: it starts with a digit or a sign (and
	 * is not Np, the option of pages). */
	if (i < c->nw && (isdigit((unsigned char)c->w[i].s[0]) || c->w[i].s[0] == '-' ||
			  c->w[i].s[0] == '+') && c->w[i].s[c->w[i].len - 1] != 'p') {
		if (line_int(c, &c->w[i++], LLONG_MIN, LLONG_MAX, &v.initial) < 0)
			return -1;
		v.has_initial = true;
	}
	for (; i < c->nw; i++) {
		int pages = scnpage_option(c, &c->w[i], &v);

		if (pages < 0)
			return -1;
		if (pages)
			continue;
		if (var_option(c, &c->w[i], &v) < 0)
			return -1;
		why = region_refuses(v.region, v.advice);
		if (why)
			return line_fail(c, c->w[i].col, "'%s' is not possible in %s memory: %s",
					 model_advice_name(v.advice), model_region_name(r), why);
	}
	if (scnpage_declare(c, &v) < 0)
		return -1;
	s->vars[s->nvars++] = v;
	return 0;
}

/* The state check every actor goes through. */
static int check_actor(struct line_ctx *c, int p)
{
	struct scenario *s = c->s;
	const struct scn_word *w = &c->w[0];

	if (p < 0)
		return line_fail(c, w->col, "unknown process '%s'", line_tok(c, w));
	if (s->procs[p].exited && s->procs[p].thread)
		return line_fail(c, w->col, "thread '%s' has ended (its own exit, or its "
				 "process's exit or exec)", s->procs[p].name);
	if (s->procs[p].exited)
		return line_fail(c, w->col, "process '%s' has exited", s->procs[p].name);
	if (s->procs[p].waiting_for >= 0)
		return line_fail(c, w->col, "process '%s' is suspended until '%s' exits or "
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
		if (line_want_name(c, &c->w[wi], "process") < 0)
			return -1;
		if (line_find_proc(s, &c->w[wi]) >= 0)
			return line_fail(c, c->w[wi].col, "process '%s' already exists",
					 line_tok(c, &c->w[wi]));
		line_word_copy(name, sizeof(name), &c->w[wi]);
	} else {
		for (n = 1;; n++) {
			if (n == 1)
				snprintf(name, sizeof(name), "child");
			else
				snprintf(name, sizeof(name), "child%d", n);
			struct scn_word w = { name, (int)strlen(name), 0 };
			if (line_find_proc(s, &w) < 0)
				break;
		}
	}
	if (s->nprocs == MAX_PROCS)
		return line_fail(c, c->w[1].col, "too many processes (at most %d)", MAX_PROCS);
	if (scnpage_room_for_proc(c, c->w[1].col) < 0)
		return -1;
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
			if (line_word_is(&f, tab[i].name))
				break;
		if (i == sizeof(tab) / sizeof(tab[0]))
			return line_fail(c, f.col, "unknown clone flag '%s' (expected vm, "
					 "files, sighand, vfork or none)", line_tok(c, &f));
		none |= tab[i].bit == 0;
		flags |= tab[i].bit;
		items++;
		p = q + 1;
	}
	if (none && items > 1)
		return line_fail(c, w->col, "clone flag 'none' cannot be combined with others");
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
		t = line_find_proc(s, &c->w[2]);
		if (t < 0)
			return line_fail(c, c->w[2].col, "unknown process '%s'",
					 line_tok(c, &c->w[2]));
		if (s->procs[t].thread)
			return line_fail(c, c->w[2].col, "'%s' is a thread: nobody waits for a "
					 "thread with waitpid (it leaves no zombie; pthread_join "
					 "waits on memory the kernel clears)", s->procs[t].name);
		if (!child_of_group(s, t, st->actor))
			return line_fail(c, c->w[2].col, "'%s' is not a child of '%s'%s",
					 s->procs[t].name, s->procs[st->actor].name,
					 s->procs[st->actor].thread ? " or of its process" : "");
		if (s->procs[t].reaped)
			return line_fail(c, c->w[2].col, "'%s' was already waited for",
					 s->procs[t].name);
		if (!s->procs[t].exited)
			return line_fail(c, c->w[2].col, "'%s' has not exited: wait would "
					 "block forever", s->procs[t].name);
	} else {
		for (int i = 0; i < s->nprocs && t < 0; i++)
			if (!s->procs[i].thread && child_of_group(s, i, st->actor) &&
			    s->procs[i].exited && !s->procs[i].reaped)
				t = i;
		if (t < 0)
			return line_fail(c, c->w[1].col, "'%s' has no exited child to wait "
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
void scnstep_apply(struct scenario *s, const struct scn_step *st)
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

static int mapped_here(struct line_ctx *c, const struct scn_step *st);

static int do_var_step(struct line_ctx *c, struct scn_step *st)
{
	bool is_set = st->act == ACT_SET;

	if (c->nw < (is_set ? 4 : 3))
		return line_fail(c, line_column(c->line, strlen(c->line)), "'%s' needs %s",
				 scenario_action_name(st->act),
				 is_set ? "a variable and a value" : "a variable");
	if (c->nw > (is_set ? 4 : 3))
		return line_fail(c, c->w[is_set ? 4 : 3].col, "unexpected '%s' after "
				 "the step", line_tok(c, &c->w[is_set ? 4 : 3]));
	if (scnpage_target(c, &c->w[2], &st->var, &st->page, &st->npages) < 0 ||
	    mapped_here(c, st) < 0)
		return -1;
	if (is_set)
		return line_int(c, &c->w[3], LLONG_MIN, LLONG_MAX, &st->value);
	return 0;
}

/* Has the actor a mapping for the step's variable? */
static int mapped_here(struct line_ctx *c, const struct scn_step *st)
{
	if (c->s->procs[st->actor].unmapped & (1u << st->var))
		return line_fail(c, c->w[2].col, "'%s' has no mapping for '%s': it is "
				 "dontfork (MADV_DONTFORK), so fork did not copy it, and "
				 "touching it would kill '%s' with SIGSEGV",
				 c->s->procs[st->actor].name, c->s->vars[st->var].name,
				 c->s->procs[st->actor].name);
	return 0;
}

static int do_fd_step(struct line_ctx *c, struct scn_step *st)
{
	struct scenario *s = c->s;

	if (line_want_count(c, 3, 3, "a descriptor name") < 0)
		return -1;
	if (line_want_name(c, &c->w[2], "descriptor") < 0)
		return -1;
	st->slot = line_find_fd(s, &c->w[2]);
	if (st->slot >= 0)
		return 0;
	if (st->act == ACT_CLOSE)
		return line_fail(c, c->w[2].col, "unknown descriptor '%s': open it first",
				 line_tok(c, &c->w[2]));
	if (s->nfds == MAX_FDS)
		return line_fail(c, c->w[2].col, "too many descriptors (at most %d)", MAX_FDS);
	line_word_copy(s->fds[s->nfds], sizeof(s->fds[0]), &c->w[2]);
	st->slot = s->nfds++;
	return 0;
}

static int do_signal_step(struct line_ctx *c, struct scn_step *st)
{
	const struct scn_word *w;
	struct scn_word bare;

	if (line_want_count(c, 3, 3, "a signal (USR1, USR2, ALRM or WINCH)") < 0)
		return -1;
	w = &c->w[2];
	bare = *w;
	if (bare.len > 3 && memcmp(bare.s, "SIG", 3) == 0) {
		bare.s += 3;
		bare.len -= 3;
	}
	for (int i = 0; i < model_signal_count(); i++)
		if (line_word_is(&bare, model_signal_name(i))) {
			st->slot = i;
			return 0;
		}
	return line_fail(c, w->col, "unknown signal '%s' (expected USR1, USR2, ALRM "
			 "or WINCH)", line_tok(c, w));
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
			return line_fail(c, line_column(c->line, strlen(c->line)), "'clone' "
					 "needs flags: vm, files, sighand, vfork or none");
		st->flags = parse_clone_flags(c, &c->w[2]);
		if (st->flags < 0)
			return -1;
		wi = 3;
	}
	if (c->nw > wi + 1)
		return line_fail(c, c->w[wi + 1].col, "unexpected '%s' after the step",
				 line_tok(c, &c->w[wi + 1]));
	if (st->act == ACT_THREAD && borrows_memory(c->s, st->actor))
		return line_fail(c, c->w[1].col, "'%s' runs in its parent's memory until it "
				 "exits or execs (vfork): a thread of it could still write "
				 "there as it ends, after the parent has resumed",
				 c->s->procs[st->actor].name);
	st->target = new_child(c, st->actor, wi);
	return st->target < 0 ? -1 : 0;
}

/* exec [missing]: "missing" tries a program that does not exist. */
static int do_exec(struct line_ctx *c, struct scn_step *st)
{
	if (line_want_count(c, 2, 3, "nothing, or 'missing'") < 0)
		return -1;
	if (c->s->procs[st->actor].thread)
		return line_fail(c, c->w[1].col, "'%s' is a thread: its exec would end every "
				 "other thread and take its process's pid, which forkscope does "
				 "not follow; exec from '%s' itself", c->s->procs[st->actor].name,
				 c->s->procs[c->s->procs[st->actor].group].name);
	if (c->nw == 3) {
		if (!line_word_is(&c->w[2], "missing"))
			return line_fail(c, c->w[2].col, "exec takes nothing or 'missing', "
					 "not '%s'", line_tok(c, &c->w[2]));
		st->flags = EXEC_MISSING;       /* it fails and returns */
	}
	return 0;
}

/* exit [libc] [CODE]: _exit(2), or exit(3) with "libc". */
static int do_exit(struct line_ctx *c, struct scn_step *st)
{
	int i = 2;

	if (c->nw > 2 && line_word_is(&c->w[2], "libc")) {
		st->flags = EXIT_LIBC;
		i = 3;
	}
	if (c->nw > i + 1)
		return line_fail(c, c->w[i + 1].col, "unexpected '%s' after the step",
				 line_tok(c, &c->w[i + 1]));
	if (c->nw == i + 1 && line_int(c, &c->w[i], 0, 255, &st->value) < 0)
		return -1;
	/* A thread's exit is SYS_exit, its own end; exit(3) from a thread
	 * still ends the whole process (exit_group), as in any program. */
	if (c->s->procs[st->actor].thread && !(st->flags & EXIT_LIBC))
		st->flags |= EXIT_THREAD;
	return 0;
}

int scnstep_step(struct line_ctx *c)
{
	struct scenario *s = c->s;
	struct scn_step *st;
	int a, actor;
	bool range;

	actor = line_find_proc(s, &c->w[0]);
	if (c->nw < 2) {
		if (actor < 0)
			return line_fail(c, c->w[0].col, "unknown keyword or process '%s'",
					 line_tok(c, &c->w[0]));
		return line_fail(c, line_column(c->line, strlen(c->line)),
				 "'%s' needs an action", s->procs[actor].name);
	}
	if (check_actor(c, actor) < 0)
		return -1;
	for (a = 0; a < ACT_COUNT; a++)
		if (line_word_is(&c->w[1], scenario_action_name(a)))
			break;
	/* fill and touch: a set and a read of a range of pages. */
	range = line_word_is(&c->w[1], "fill") || line_word_is(&c->w[1], "touch");
	if (range)
		a = line_word_is(&c->w[1], "fill") ? ACT_SET : ACT_READ;
	if (a == ACT_COUNT)
		return line_fail(c, c->w[1].col, "unknown action '%s' (expected read, set, "
				 "inc, fill, touch, fork, vfork, clone, thread, spawn, exec, exit, wait, "
				 "open, close, handle, default or print)", line_tok(c, &c->w[1]));
	if (s->nsteps == SCN_MAX_STEPS)
		return line_fail(c, c->w[0].col, "too many steps (at most %d)", SCN_MAX_STEPS);
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
		if (range ? scnpage_range_step(c, st, a == ACT_SET) < 0 ||
			    mapped_here(c, st) < 0 : do_var_step(c, st) < 0)
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
			return line_fail(c, line_column(c->line, strlen(c->line)),
					 "'print' needs a text");
		n = (size_t)(last->s + last->len - c->w[2].s);
		if (n > PRINT_MAX)
			return line_fail(c, c->w[2].col, "print text too long (at most %d "
					 "bytes)", PRINT_MAX);
		memcpy(st->print, c->w[2].s, n);
		st->print[n] = '\0';
		break;
	}
	case ACT_WAIT:
		if (line_want_count(c, 2, 3, "nothing or a child's name") < 0 ||
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
	scnstep_apply(s, st);
	s->nsteps++;
	return 0;
}
