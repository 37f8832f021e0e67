/* SPDX-License-Identifier: MIT */
/* expect.c - the expect lines of the scenario language: their grammar, and
 * their verdicts on measured snapshots. A claim about frames cannot be
 * checked where the kernel hides them; such a verdict says so (ok -1), it
 * is never counted as held or missed. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

enum arg_type { A_NONE, A_INT, A_INT_PLUS, A_FRAME, A_LETTER, A_RETURNED, A_FD,
		A_SIGNAL, A_TEXT, A_SHARE, A_WORD_UNCHANGED, A_PROC };

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
		if (i < c->nw && is(&c->w[i], "pid-of")) {
			e->kind = EX_RETURNED_PID;
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
	if (nw > 2)
		e->var = find_name(s->vars[0].name, sizeof(s->vars[0]), s->nvars, &w[2]);
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
	s->nexpects++;
	return 0;
}

/* ---- verdicts ---- */

struct verdict {
	int ok;                 /* 1, 0, -1 cannot be checked here */
	char got[EXPECT_TEXT];
};

static void say(struct verdict *v, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct verdict *v, int ok, const char *fmt, ...)
{
	va_list ap;

	v->ok = ok;
	va_start(ap, fmt);
	vsnprintf(v->got, sizeof(v->got), fmt, ap);
	va_end(ap);
}

static void number(struct verdict *v, const struct scn_expect *e, long long got,
		   const char *what)
{
	if (got < 0)
		say(v, -1, "%s not measured", what);
	else
		say(v, e->at_least ? got >= e->value : got == e->value, "%s %lld", what, got);
}

static const char *change_word(enum change c)
{
	return c == CHANGE_NONE ? "unchanged" : model_change_name(c);
}

static void check_change(struct verdict *v, const struct scn_expect *e,
			 const struct model_var *mv)
{
	enum change want = (enum change)e->arg;

	if (mv->certain) {
		say(v, mv->change == want, "%s", change_word(mv->change));
	} else if (mv->change == want) {
		/* Inferred from bit 56. A copy is certain (a page mapped twice
		 * cannot be reused); anything else only probable. */
		if (want == CHANGE_COPIED)
			say(v, 1, "copied (inferred; frame numbers hidden)");
		else
			say(v, -1, "probably %s; frame numbers hidden", change_word(want));
	} else {
		say(v, 0, "%s (inferred; frame numbers hidden)", change_word(mv->change));
	}
}

/* Compare mv's frame with o's (the same variable before, or elsewhere).
 * one_vm: o belongs to a process that shares mv's address space (kcmp),
 * so they are one mapping of one frame, whether or not frames are shown. */
static void check_frame(struct verdict *v, const struct scn_expect *e,
			const struct model_var *mv, const struct model_var *o, bool one_vm)
{
	bool same_wanted = e->kind == EX_FRAME_KEPT || e->kind == EX_FRAME_SAME;

	if (!o || !mv->present || !o->present)
		say(v, 0, "no frame to compare: the page is not present");
	else if (one_vm)
		say(v, same_wanted, "one address space (kcmp): the same frame");
	else if (!mv->pfn_known || !o->pfn_known)
		say(v, -1, "frame numbers hidden");
	else if (mv->pfn == o->pfn)
		say(v, same_wanted, "same frame 0x%" PRIx64, mv->pfn);
	else
		say(v, !same_wanted, "frames 0x%" PRIx64 " and 0x%" PRIx64, mv->pfn, o->pfn);
}

/* The variable of the other process or of the step before, or NULL. */
static const struct model_var *other_var(const struct model_proc *op, int var)
{
	return op && var < op->nvars ? &op->vars[var] : NULL;
}

static void check_var(struct verdict *v, const struct scn_expect *e,
		      const struct model_proc *mp, const struct model_proc *before,
		      const struct model_proc *other, bool one_vm,
		      const struct model_info *info)
{
	const struct model_var *mv = &mp->vars[e->var];

	if (e->var >= mp->nvars) {
		say(v, 0, "%s has no memory to look at (%s)", mp->name,
		    model_state_name(mp->state));
		return;
	}
	switch (e->kind) {
	case EX_CHANGE:
		check_change(v, e, mv);
		break;
	case EX_VALUE:
		if (!mv->readable)
			say(v, 0, "no value: the page is not present");
		else
			say(v, mv->value == e->value, "value %lld", mv->value);
		break;
	case EX_VAR_FAULTS:
		number(v, e, mv->faults, "faults");
		break;
	case EX_FRAME_KEPT: case EX_FRAME_NEW:
		check_frame(v, e, mv, other_var(before, e->var), false);
		break;
	case EX_FRAME_SAME: case EX_FRAME_DIFFERS:
		check_frame(v, e, mv, other_var(other, e->var), one_vm);
		break;
	case EX_PRESENT: case EX_ABSENT:
		say(v, mv->present == (e->kind == EX_PRESENT), "%s",
		    mv->present ? "present" : "not present");
		break;
	case EX_EXCLUSIVE: case EX_NOT_EXCLUSIVE:
		say(v, mv->exclusive == (e->kind == EX_EXCLUSIVE), "%s",
		    mv->exclusive ? "exclusive (mapped once)" : "not exclusive (mapped 2+ times)");
		break;
	case EX_HUGE: case EX_NOT_HUGE:
		if (mv->huge < 0)
			say(v, -1, "the kernel does not say whether it is a huge page");
		else
			say(v, (mv->huge == 1) == (e->kind == EX_HUGE), "%s",
			    mv->huge ? "in a huge page" : "not in a huge page");
		break;
	case EX_FILE_PAGE: case EX_ANON:
		say(v, mv->file_or_shared == (e->kind == EX_FILE_PAGE), "%s",
		    mv->file_or_shared ? "file or shared page (bit 61)" : "anonymous");
		break;
	case EX_MAPCOUNT:
		if (!info->mapcount_visible || mv->mapcount < 0)
			say(v, -1, "map counts need /proc/kpagecount (root)");
		else
			number(v, e, mv->mapcount, "map count");
		break;
	default:
		break;
	}
}

static void check_share(struct verdict *v, const struct scn_expect *e,
			const struct model_snap *snap, int p, int q)
{
	int r = q >= 0 ? model_rel(snap, p, q) : -1;
	enum share sh;

	if (r < 0) {
		say(v, 0, "no relation: one of them is not alive");
		return;
	}
	sh = e->arg == 0 ? snap->rels[r].vm : e->arg == 1 ? snap->rels[r].files :
	     snap->rels[r].sighand;
	if (sh == SHARE_UNKNOWN)
		say(v, -1, "kcmp(2) does not answer here");
	else
		say(v, (sh == SHARE_SHARED) == (e->kind == EX_SHARES), "%s %s",
		    share_kinds[e->arg], sh == SHARE_SHARED ? "shared" : "separate");
}

static void check_proc(struct verdict *v, const struct scn_expect *e,
		       const struct model_snap *snap, int p, const struct model_proc *before,
		       int q)
{
	const struct model_proc *mp = &snap->procs[p];
	bool dead = mp->state >= PROC_ZOMBIE;

	switch (e->kind) {
	case EX_STATE:
		say(v, (int)mp->state == e->arg, "%s", model_state_name(mp->state));
		break;
	case EX_KSTATE:
		say(v, mp->kstate == e->arg, "state %c", mp->kstate);
		break;
	case EX_EXIT:
		if (!dead)
			say(v, 0, "%s", model_state_name(mp->state));
		else
			say(v, mp->exit_status == e->value && !mp->term_signal,
			    mp->term_signal ? "killed by signal %d" : "exit status %d",
			    mp->term_signal ? mp->term_signal : mp->exit_status);
		break;
	case EX_RETURNED: case EX_RETURNED_PID: case EX_RETURNED_ERR: {
		long long want = e->kind == EX_RETURNED_PID ?
				 (q >= 0 ? snap->procs[q].pid : -2) : e->value;
		if (!mp->has_returned)
			say(v, 0, "no call has returned");
		else if (mp->returned < 0)
			say(v, want == -1 && (e->kind != EX_RETURNED_ERR ||
					      mp->returned_errno == e->arg),
			    "returned -1 (%s)", strerrorname_np(mp->returned_errno) ?
			    strerrorname_np(mp->returned_errno) : "?");
		else
			say(v, mp->returned == want, "returned %lld", mp->returned);
		break;
	}
	case EX_PROC_FAULTS:
		number(v, e, mp->faults, "faults");
		break;
	case EX_FD_OPEN: case EX_FD_CLOSED: {
		bool open = mp->fdmask & (1u << e->arg);
		say(v, open == (e->kind == EX_FD_OPEN), "%s", open ? "open" : "closed");
		break;
	}
	case EX_HANDLER: case EX_NO_HANDLER: {
		bool set = mp->sigmask & (1u << e->arg);
		say(v, set == (e->kind == EX_HANDLER), "%s", set ? "handler set" : "default");
		break;
	}
	case EX_OUTPUT:
		say(v, strstr(mp->output, e->str) != NULL, "%s",
		    mp->output[0] ? "other output" : "no output");
		if (v->ok)
			say(v, 1, "found");
		break;
	case EX_NO_OUTPUT:
		say(v, !mp->output[0], "%s", mp->output[0] ? "output" : "no output");
		break;
	case EX_SHARES: case EX_SEPARATE:
		check_share(v, e, snap, p, q);
		break;
	case EX_PID_KEPT:
		if (!before)
			say(v, 0, "no step before to compare with");
		else
			say(v, before->pid == mp->pid, "pid %d, before %d", (int)mp->pid,
			    (int)before->pid);
		break;
	case EX_PPID:
		if (q < 0)
			say(v, 0, "'%s' is not there", "the other process");
		else
			say(v, mp->ppid == snap->procs[q].pid, "ppid %d", (int)mp->ppid);
		break;
	case EX_IMAGE:
		say(v, mp->image == e->value, "image %d", mp->image);
		break;
	default:
		say(v, -1, "unknown claim");
		break;
	}
}

/* A process of the previous snapshot that is this one: same pid. For "pid
 * unchanged" the same name is what is asked about. */
static const struct model_proc *before_of(const struct model_snap *prev,
					  const struct model_proc *mp, bool by_name)
{
	int i;

	if (!prev)
		return NULL;
	i = by_name ? model_find_proc(prev, mp->name) : model_find_pid(prev, mp->pid);
	return i >= 0 ? &prev->procs[i] : NULL;
}

int expect_check(const struct scenario *s, int step, const struct model_snap *prev,
		 struct model_snap *snap, const struct model_info *info)
{
	int misses = 0;

	snap->nexpects = 0;
	for (int k = 0; k < s->nexpects && snap->nexpects < MAX_EXPECTS; k++) {
		const struct scn_expect *e = &s->expects[k];
		struct model_expect *out;
		struct verdict v = { 0, "" };
		int p, q;

		if (e->step != step)
			continue;
		p = model_find_proc(snap, s->procs[e->proc].name);
		q = e->other >= 0 ? model_find_proc(snap, s->procs[e->other].name) : -1;
		if (p < 0)
			say(&v, 0, "'%s' does not exist", s->procs[e->proc].name);
		else if (e->var >= 0)
			check_var(&v, e, &snap->procs[p],
				  before_of(prev, &snap->procs[p], false),
				  q >= 0 ? &snap->procs[q] : NULL,
				  q >= 0 && model_same_vm(snap, p, q), info);
		else
			check_proc(&v, e, snap, p, before_of(prev, &snap->procs[p],
							     e->kind == EX_PID_KEPT), q);
		out = &snap->expects[snap->nexpects++];
		snprintf(out->text, sizeof(out->text), "%s", e->text);
		out->soft = e->soft;
		out->ok = v.ok;
		snprintf(out->got, sizeof(out->got), "%s", v.got);
		misses += v.ok == 0 && !e->soft;
	}
	return misses;
}

void expect_count(const struct model_snap *snap, int *met, int *hard, int *soft,
		  int *unknown)
{
	for (int i = 0; i < snap->nexpects; i++) {
		const struct model_expect *e = &snap->expects[i];

		*met += e->ok == 1;
		*hard += e->ok == 0 && !e->soft;
		*soft += e->ok == 0 && e->soft;
		*unknown += e->ok < 0;
	}
}
