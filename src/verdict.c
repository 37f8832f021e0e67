/* SPDX-License-Identifier: MIT */
/* verdict.c - expect lines against measured snapshots: held, missed, or not
 * checkable here. A claim about frames cannot be checked where the kernel
 * hides them; such a verdict says so (ok -1), it is never counted as held or
 * missed. A change inferred from bit 56 holds only where the inference is
 * sound (a copy), and is otherwise "probably". */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"
#include "verdict.h"

static const char *const share_kinds[] = { "vm", "files", "sighand" };

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

/* A claim about one page: mv, and the same page before (ob) and in the
 * other process (oo), each NULL where there is none. */
static void check_page(struct verdict *v, const struct scn_expect *e,
		       const struct model_var *mv, const struct model_var *ob,
		       const struct model_var *oo, bool one_vm, const struct model_info *info)
{
	switch (e->kind) {
	case EX_CHANGE:
		check_change(v, e, mv);
		break;
	case EX_VALUE:
		if (!mv->readable)
			say(v, 0, "no value: %s", mv->mapped ? "the page is not present" :
			    "no mapping at that address");
		else
			say(v, mv->value == e->value, "value %lld", mv->value);
		break;
	case EX_VAR_FAULTS:
		number(v, e, mv->faults, "faults");
		break;
	case EX_FRAME_KEPT: case EX_FRAME_NEW:
		check_frame(v, e, mv, ob, false);
		break;
	case EX_FRAME_SAME: case EX_FRAME_DIFFERS:
		check_frame(v, e, mv, oo, one_vm);
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
	case EX_MAPPING: case EX_NO_MAPPING:
		say(v, mv->mapped == (e->kind == EX_MAPPING), "%s", mv->mapped ?
		    "mapped" : "no mapping at that address");
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

static void check_var(struct verdict *v, const struct scn_expect *e,
		      const struct model_proc *mp, const struct model_proc *before,
		      const struct model_proc *other, bool one_vm,
		      const struct model_info *info)
{
	if (e->var >= mp->nvars) {
		say(v, 0, "%s has no memory to look at (%s)", mp->name,
		    model_state_name(mp->state));
		return;
	}
	check_page(v, e, &mp->vars[e->var], other_var(before, e->var),
		   other_var(other, e->var), one_vm, info);
}

/* Page i of var of proc p in snap as a one-page variable, into *out:
 * out, or NULL where there is no such page. */
static const struct model_var *page_as_var(const struct model_snap *snap, int p, int var,
					   int i, struct model_var *out)
{
	const struct model_page *pg = snap && p >= 0 ? model_pages(snap, p, var) : NULL;

	if (!pg || i >= snap->procs[p].vars[var].npages)
		return NULL;
	pg += i;
	*out = snap->procs[p].vars[var];
	out->present = pg->present;
	out->exclusive = pg->exclusive;
	out->file_or_shared = pg->file_or_shared;
	out->swapped = pg->swapped;
	out->pfn = pg->pfn;
	out->pfn_known = pg->pfn != 0;
	out->value = pg->value;
	out->readable = pg->readable;
	out->huge = pg->huge == 1 ? 1 : pg->huge == 0 ? 0 : -1;
	out->faults = pg->faults;
	out->mapcount = -1;
	out->change = (enum change)pg->change;
	out->certain = pg->certain;
	out->split = pg->split;
	return out;
}

/* Why a piece of a huge mapping is neither shared nor own where frames are
 * hidden (see model_page.unsure). */
#define UNSURE "frame numbers hidden, and a huge mapping's exclusive bit is its " \
	       "first page's: shared or not cannot be told"

/* The claim about each of its pages: held if it holds on every one; the
 * first page where it did not (or cannot be checked) says why. */
static void each_page(struct verdict *v, const struct scn_expect *e,
		      const struct model_snap *snap, int p, const struct model_snap *prev,
		      int b, int q, bool one_vm, const struct model_info *info)
{
	struct verdict worst = { 1, "" };
	int last = e->page + e->npages - 1;

	for (int i = e->page; i <= last; i++) {
		struct model_var mv, ob, oo;
		const struct model_page *pg = &model_pages(snap, p, e->var)[i];
		struct verdict one = { 0, "" };

		if (!page_as_var(snap, p, e->var, i, &mv))
			say(&one, 0, "no page %d", i);
		else if ((e->kind == EX_SHARED || e->kind == EX_NOT_SHARED) && pg->unsure)
			say(&one, -1, "%s", UNSURE);
		else if (e->kind == EX_SHARED || e->kind == EX_NOT_SHARED)
			say(&one, pg->shared == (e->kind == EX_SHARED), "%s",
			    pg->shared ? "shared" : model_page_kind_name(model_page_kind(pg)));
		else
			check_page(&one, e, &mv, page_as_var(prev, b, e->var, i, &ob),
				   page_as_var(snap, q, e->var, i, &oo), one_vm, info);
		if (i == e->page || (worst.ok == 1 && one.ok != 1) ||
		    (worst.ok < 0 && one.ok == 0))
			say(&worst, one.ok, "page %d: %s", i, one.got);
	}
	if (worst.ok == 1 && last > e->page)
		say(&worst, 1, "pages %d-%d: %s", e->page, last, strchr(worst.got, ':') + 2);
	*v = worst;
}

/* A claim about a many-page variable's pages [e->page, e->page + e->npages). */
static void check_pages(struct verdict *v, const struct scn_expect *e,
			const struct model_snap *snap, int p, const struct model_snap *prev,
			int b, int q, bool one_vm, const struct model_info *info)
{
	struct model_counts c;

	if (!model_pages(snap, p, e->var) ||
	    e->page + e->npages > snap->procs[p].vars[e->var].npages) {
		say(v, 0, "%s has no pages to look at (%s)", snap->procs[p].name,
		    model_state_name(snap->procs[p].state));
		return;
	}
	model_count_pages(snap, p, e->var, e->page, e->npages, &c);
	if (e->kind == EX_VAR_FAULTS)
		number(v, e, c.faults, "faults");
	else if (e->kind == EX_PAGES && c.kind[PK_UNKNOWN] && e->arg != PK_UNKNOWN)
		say(v, -1, "%d page%s: %s", c.kind[PK_UNKNOWN], c.kind[PK_UNKNOWN] == 1 ? "" : "s",
		    UNSURE);
	else if (e->kind == EX_PAGES)
		number(v, e, c.kind[e->arg], model_page_kind_name((enum page_kind)e->arg));
	else if (e->kind == EX_MAPCOUNT)
		say(v, -1, "map counts of a buffer's pages are not read");
	else if (e->kind == EX_MAPPING || e->kind == EX_NO_MAPPING)
		check_var(v, e, &snap->procs[p], NULL, NULL, false, info);
	else
		each_page(v, e, snap, p, prev, b, q, one_vm, info);
}

/* Process ids (getpid) and task ids (gettid) of two tasks, as /proc and
 * the tasks themselves said. */
static void check_ids(struct verdict *v, const struct scn_expect *e,
		      const struct model_proc *mp, const struct model_proc *o)
{
	if (!o)
		say(v, 0, "the other is not there");
	else if (e->kind == EX_TID_DIFFERS)
		say(v, mp->tid != o->tid, "tids %d and %d", (int)mp->tid, (int)o->tid);
	else
		say(v, (mp->pid == o->pid) == (e->kind == EX_SAME_PID), "pids %d and %d",
		    (int)mp->pid, (int)o->pid);
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
		else if (mp->thread)
			say(v, 0, "no status: a thread leaves none");
		else
			say(v, mp->exit_status == e->value && !mp->term_signal,
			    mp->term_signal ? "killed by signal %d" : "exit status %d",
			    mp->term_signal ? mp->term_signal : mp->exit_status);
		break;
	case EX_RETURNED: case EX_RETURNED_PID: case EX_RETURNED_TID: case EX_RETURNED_ERR: {
		long long want = e->kind == EX_RETURNED_PID ? (q >= 0 ? snap->procs[q].pid : -2) :
				 e->kind == EX_RETURNED_TID ? (q >= 0 ? snap->procs[q].tid : -2) :
				 e->value;
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
	case EX_SAME_PID: case EX_PID_DIFFERS: case EX_TID_DIFFERS:
		check_ids(v, e, mp, q >= 0 ? &snap->procs[q] : NULL);
		break;
	case EX_THREAD: case EX_NOT_THREAD:
		say(v, mp->thread == (e->kind == EX_THREAD), mp->thread ? "a thread: tid %d, "
		    "pid %d" : "a process's own task: tid %d = pid %d", (int)mp->tid,
		    (int)mp->pid);
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
	i = by_name ? model_find_proc(prev, mp->name) : model_find_tid(prev, mp->tid);
	return i >= 0 ? &prev->procs[i] : NULL;
}

int verdict_check(const struct scenario *s, int step, const struct model_snap *prev,
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
		if (!snap->ok)
			say(&v, -1, "the step failed or did not run");
		else if (p < 0)
			say(&v, 0, "'%s' does not exist", s->procs[e->proc].name);
		else if (e->var >= 0 && e->npages > 0)
			check_pages(&v, e, snap, p, prev,
				    prev ? model_find_tid(prev, snap->procs[p].tid) : -1, q,
				    q >= 0 && model_same_vm(snap, p, q), info);
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

void verdict_count(const struct model_snap *snap, int *met, int *hard, int *soft,
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
