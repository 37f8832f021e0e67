/* SPDX-License-Identifier: MIT */
/* model.c - the model's own functions: the names its enums are written with,
 * the table of demo signals, and looking things up in a snapshot. */
#include <signal.h>
#include <string.h>

#include "model.h"

static const char *const region_names[REGION_COUNT] = {
	"global", "heap", "stack", "shared", "file", "huge", "frame",
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

int model_find_pid(const struct model_snap *snap, pid_t pid)
{
	for (int i = 0; i < snap->nprocs; i++)
		if (snap->procs[i].pid == pid)
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

/* What the step did to one mapping of one page, from before (o) and after
 * (n). wrote: a fault in this address space belongs to this variable (the
 * step's action read or wrote it). busy: a process in this address space ran
 * in the step, and this variable's page is one the subject's own code writes
 * whenever it runs (the frame region); every other region holds its variable
 * alone on its page, so only the scenario's actions fault there. */
static void classify_var(const struct model_var *o, struct model_var *n,
			 bool wrote, bool busy, bool pfn_visible)
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
			n->change = wrote || busy ? CHANGE_COPIED : CHANGE_MOVED;
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
	} else if (busy) {
		/* The subject's own code ran and may have written the page: mapped
		 * 2+ times before and once now, with no one else having run, it
		 * was this address space that took the copy. */
		if (!o->exclusive && n->exclusive)
			n->change = CHANGE_COPIED;
		n->certain = false;
	}
}

/* Did the process ran in this step: the actor, or a parent that woke from
 * vfork? Everyone else is looked at from outside and does not run. */
static bool ran(const struct model_snap *prev, const struct model_snap *s, int q)
{
	int o = model_find_pid(prev, s->procs[q].pid);

	return strcmp(s->procs[q].name, s->actor) == 0 ||
	       (o >= 0 && prev->procs[o].state == PROC_SUSPENDED &&
		s->procs[q].state == PROC_RUNNING);
}

/* Did an address space shared with proc p (p's own included) take a fault
 * on variable v in this step (wrote)? Did a process in it run (busy)? */
static void faults_in_vm(const struct model_snap *prev, const struct model_snap *s,
			 int p, int v, bool *wrote, bool *busy)
{
	*wrote = *busy = false;
	for (int q = 0; q < s->nprocs; q++) {
		if (!model_same_vm(s, p, q))
			continue;
		*wrote |= v < s->procs[q].nvars && s->procs[q].vars[v].faults > 0;
		*busy |= ran(prev, s, q);
	}
}

void model_classify(const struct model_snap *prev, struct model_snap *next,
		    bool pfn_visible)
{
	for (int p = 0; p < next->nprocs; p++) {
		struct model_proc *mp = &next->procs[p];
		int q = prev && !mp->born ? model_find_pid(prev, mp->pid) : -1;
		const struct model_proc *op = q >= 0 ? &prev->procs[q] : NULL;

		for (int v = 0; v < mp->nvars; v++) {
			struct model_var *n = &mp->vars[v];
			bool wrote, busy;

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
			n->was_shared = o->present && !o->exclusive;
			faults_in_vm(prev, next, p, v, &wrote, &busy);
			classify_var(o, n, wrote, busy && n->region == REGION_FRAME,
				     pfn_visible);
		}
	}
}
