/* SPDX-License-Identifier: MIT */
/* model.c - the model's own functions: the names its enums are written with,
 * the table of demo signals, and looking things up in a snapshot. */
#include <signal.h>
#include <string.h>

#include "model.h"

static const char *const region_names[REGION_COUNT] = {
	"global", "heap", "stack", "shared", "file", "huge", "frame",
};

static const char *const advice_names[ADVICE_COUNT] = {
	NULL, "dontfork", "wipeonfork",
};

static const char *const state_names[] = {
	"running", "suspended", "stopped", "zombie", "exited",
};

static const char *const change_names[CHANGE_COUNT] = {
	NULL, "copied", "reused", "mapped", "new_image", "split", "unmapped", "swapped",
	"moved",
};

/* The signals `handle` and `default` may name: the one table for both the
 * parser (names) and the subjects (numbers). */
static const struct { int number; const char *name; } demo_signals[] = {
	{ SIGUSR1, "USR1" }, { SIGUSR2, "USR2" }, { SIGALRM, "ALRM" }, { SIGWINCH, "WINCH" },
};
#define NSIGNALS ((int)(sizeof(demo_signals) / sizeof(demo_signals[0])))

const char *model_region_name(enum region r)
{
	return (unsigned)r < REGION_COUNT ? region_names[r] : "?";
}

const char *model_advice_name(enum advice a)
{
	return (unsigned)a < ADVICE_COUNT ? advice_names[a] : NULL;
}

const char *model_state_name(enum proc_state st)
{
	return (unsigned)st <= PROC_EXITED ? state_names[st] : "?";
}

const char *model_change_name(enum change c)
{
	return (unsigned)c < CHANGE_COUNT ? change_names[c] : NULL;
}

const char *model_signal_name(int i)
{
	return i >= 0 && i < NSIGNALS ? demo_signals[i].name : "?";
}

int model_signal_number(int i)
{
	return i >= 0 && i < NSIGNALS ? demo_signals[i].number : 0;
}

int model_signal_count(void)
{
	return NSIGNALS;
}

int model_find_proc(const struct model_snap *snap, const char *name)
{
	for (int i = 0; i < snap->nprocs; i++)
		if (strcmp(snap->procs[i].name, name) == 0)
			return i;
	return -1;
}

int model_find_tid(const struct model_snap *snap, pid_t tid)
{
	for (int i = 0; i < snap->nprocs; i++)
		if (snap->procs[i].tid == tid)
			return i;
	return -1;
}

int model_rel(const struct model_snap *snap, int a, int b)
{
	for (int i = 0; i < snap->nrels; i++)
		if ((snap->rels[i].a == a && snap->rels[i].b == b) ||
		    (snap->rels[i].a == b && snap->rels[i].b == a))
			return i;
	return -1;
}

bool model_same_vm(const struct model_snap *snap, int a, int b)
{
	int r = model_rel(snap, a, b);

	return a == b || (r >= 0 && snap->rels[r].vm == SHARE_SHARED);
}

/* Who ran in an address space during a step, for a page the subject's own
 * code writes whenever it runs (the frame region: that is its lesson). Every
 * other region holds its variable alone on its page, so only the scenario's
 * actions fault there, and this is RAN_NONE for them. */
enum ran { RAN_NONE, RAN_ANSWERED, RAN_ACTED };

/* What the step did to one mapping of one page, from before (o) and after
 * (n). wrote: a fault in this address space belongs to this variable (the
 * step's action read or wrote it). ran: see enum ran. */
static void classify_var(const struct model_var *o, struct model_var *n,
			 bool wrote, enum ran ran, bool pfn_visible)
{
	bool frames = pfn_visible && o->pfn_known && n->pfn_known;

	n->change = CHANGE_NONE;
	n->certain = true;
	n->split = o->huge == 1 && n->huge == 0;
	if (!o->present && !o->swapped && n->present) {
		n->change = CHANGE_MAPPED;
	} else if (o->present && n->swapped) {
		n->change = CHANGE_SWAPPED;
	} else if (o->present && !n->present) {
		n->change = CHANGE_UNMAPPED;
	} else if (!o->present || !n->present) {
		return;
	} else if (frames) {
		if (o->pfn != n->pfn)
			n->change = wrote || ran ? CHANGE_COPIED : CHANGE_MOVED;
		else if (wrote)
			n->change = CHANGE_REUSED;
		else if (n->split)
			n->change = CHANGE_SPLIT;
	} else if (o->file_or_shared && !n->file_or_shared && n->region != REGION_SHARED) {
		/* A private file page written: now an anonymous copy (bit 61). */
		n->change = CHANGE_COPIED;
		n->certain = false;
	} else if (wrote && n->region != REGION_SHARED) {
		/* Frames hidden: bit 56 before and after tells what the fault did.
		 * Mapped 2+ times before, the kernel had to copy; a write that
		 * split a huge mapping copied the small page (a huge page mapped
		 * whole by its only user is reused whole, not split); mapped
		 * once, it usually reuses the frame, but cannot be seen to here. */
		if ((!o->exclusive && n->exclusive) || n->split)
			n->change = CHANGE_COPIED;
		else if (o->exclusive)
			n->change = CHANGE_REUSED;
		n->certain = false;
	} else if (n->split) {
		n->change = CHANGE_SPLIT;
		n->certain = false;
	} else if (ran) {
		/* Frames hidden, a page its own code wrote: the actor's address
		 * space ran first in the step, so a page mapped 2+ times before
		 * and once now was copied there; one that only answered may have
		 * taken the copy or been left the original. */
		if (ran == RAN_ACTED && !o->exclusive && n->exclusive)
			n->change = CHANGE_COPIED;
		n->certain = false;
	}
}

/* For variable v of proc p: did its address space take a fault on v in this
 * step (the actor's read or write, or a partner's in one address space)? And
 * for the frame region, who in it ran (acted, or answered a report; a
 * suspended or stopped process did not run)? */
static void faults_in_vm(const struct model_snap *s, int p, int v, bool *wrote,
			 enum ran *ran)
{
	*wrote = false;
	*ran = RAN_NONE;
	for (int q = 0; q < s->nprocs; q++) {
		const struct model_proc *mq = &s->procs[q];

		if (!model_same_vm(s, p, q))
			continue;
		*wrote |= v < mq->nvars && mq->vars[v].faults > 0;
		if (v >= mq->nvars || mq->vars[v].region != REGION_FRAME)
			continue;
		if (strcmp(mq->name, s->actor) == 0)
			*ran = RAN_ACTED;
		else if (mq->state == PROC_RUNNING && *ran == RAN_NONE)
			*ran = RAN_ANSWERED;
	}
}

/* Is the frame variable v of proc p had before the step now mapped by a
 * process with another address space? Then the page was shared during the
 * step even if it was not before it: a fork in the step shared it, and a
 * write in the same step copied it. */
static bool old_frame_elsewhere(const struct model_snap *s, int p, int v,
				const struct model_var *o)
{
	for (int q = 0; q < s->nprocs && o->pfn_known; q++) {
		const struct model_var *w = v < s->procs[q].nvars ? &s->procs[q].vars[v] : NULL;

		if (q != p && w && !model_same_vm(s, p, q) && w->present && w->pfn_known &&
		    w->pfn == o->pfn)
			return true;
	}
	return false;
}

void model_classify(const struct model_snap *prev, struct model_snap *next,
		    bool pfn_visible)
{
	for (int p = 0; p < next->nprocs; p++) {
		struct model_proc *mp = &next->procs[p];
		int q = prev && !mp->born ? model_find_tid(prev, mp->tid) : -1;
		const struct model_proc *op = q >= 0 ? &prev->procs[q] : NULL;

		mp->fd_changed = op ? op->fdmask ^ mp->fdmask : 0;
		mp->sig_changed = op ? op->sigmask ^ mp->sigmask : 0;
		for (int v = 0; v < mp->nvars; v++) {
			struct model_var *n = &mp->vars[v];
			bool wrote;
			enum ran ran;

			n->change = CHANGE_NONE;
			n->certain = true;
			if (!op || v >= op->nvars)
				continue;
			if (op->image != mp->image) {
				n->change = CHANGE_NEW_IMAGE;
				continue;
			}
			const struct model_var *o = &op->vars[v];
			n->value_changed = o->readable && n->readable && o->value != n->value;
			n->pfn_changed = o->pfn_known && n->pfn_known && o->pfn != n->pfn;
			n->present_changed = o->present != n->present;
			n->was_shared = (o->present && !o->exclusive) ||
					old_frame_elsewhere(next, p, v, o);
			faults_in_vm(next, p, v, &wrote, &ran);
			classify_var(o, n, wrote, ran, pfn_visible);
		}
	}
}

enum frame_rel model_frame_rel(const struct model_snap *snap, int a, int b, int v)
{
	const struct model_proc *pa = &snap->procs[a], *pb = &snap->procs[b];
	const struct model_var *va, *vb;

	if (v >= pa->nvars || v >= pb->nvars || pa->state >= PROC_ZOMBIE ||
	    pb->state >= PROC_ZOMBIE)
		return FRAME_NONE;
	va = &pa->vars[v];
	vb = &pb->vars[v];
	if (!va->present || !vb->present)
		return FRAME_NONE;
	if (model_same_vm(snap, a, b))
		return FRAME_ONE_SPACE;
	if (va->pfn_known && vb->pfn_known)
		return va->pfn == vb->pfn ? FRAME_SAME : FRAME_DIFFER;
	return va->exclusive || vb->exclusive ? FRAME_DIFFER : FRAME_UNKNOWN;
}
