/* SPDX-License-Identifier: MIT */
/* carry.c - which looks a step can skip. kcmp(2) for every pair and the
 * agent's fcntl and sigaction probes in every report cost more than the
 * step's own work; what they measure changes only with the steps named
 * here, so otherwise the previous value is the current one. */
#include "carry.h"

/* Steps that touch memory or write output: no process is created, exec'd
 * or ended, no descriptor or handler changes. */
static bool memory_only(const struct scn_step *st)
{
	return st->act == ACT_READ || st->act == ACT_SET || st->act == ACT_INC ||
	       st->act == ACT_PRINT;
}

/* Steps whose effects on descriptors or handlers stay in the actor's
 * process and those sharing its tables: open, close, handle, default. The
 * others that change them create or replace a process (fork-like, exec). */
static bool table_only(const struct scn_step *st)
{
	return st->act == ACT_OPEN || st->act == ACT_CLOSE || st->act == ACT_HANDLE ||
	       st->act == ACT_DEFAULT;
}

bool carry_relations(const struct model_snap *prev, const struct model_snap *snap,
		     const struct scn_step *st)
{
	/* kcmp compares the kernel objects themselves (mm, files_struct,
	 * sighand_struct): only fork-like calls, exec and exits make or drop
	 * them. After open, close, handle and default they are looked at
	 * again all the same: cheap, as those steps are few. */
	if (!prev || !st || !memory_only(st) || !snap->ok || prev->nprocs != snap->nprocs)
		return false;
	for (int i = 0; i < snap->nprocs; i++) {
		const struct model_proc *a = &prev->procs[i], *b = &snap->procs[i];

		if (a->tid != b->tid || a->image != b->image ||
		    (a->state >= PROC_ZOMBIE) != (b->state >= PROC_ZOMBIE))
			return false;
	}
	return true;
}

bool carry_output(const struct model_snap *prev, const struct scn_step *st, bool idle)
{
	/* A subject writes its stdout only when it prints or exits (exit(3)
	 * flushes stdio, an atexit handler prints), or as a new image; and
	 * the file is forkscope's own, written by no one else. */
	return prev && st && idle && memory_only(st) && st->act != ACT_PRINT;
}

/* May var b's map count be a's, as far as this one variable tells? */
static bool same_anon_frame(const struct model_var *a, const struct model_var *b)
{
	return a->npages <= 1 && b->npages <= 1 && a->addr == b->addr &&
	       a->present == b->present && a->pfn == b->pfn && a->pfn_known &&
	       !a->file_or_shared && !b->file_or_shared && a->region != REGION_HUGE &&
	       a->mapcount >= 1;
}

bool carry_mapcounts(const struct model_snap *prev, const struct model_snap *snap,
		     const struct scn_step *st)
{
	/* An anonymous private frame is mapped only by page tables of the
	 * process that first touched it and of those forked from it: all of
	 * them subjects, as forkscope creates every process. Its map count
	 * moves only when one of them maps or unmaps it: a fork, an exit or
	 * exec (none here: carry_relations), or a fault or the kernel moving
	 * one mapping to another frame, or swapping it out: then that
	 * variable's frame or presence changed in that process, seen here.
	 * Each variable has pages of its own, so many-page variables (whose
	 * pages carry no map count) cannot move these counts. The zero page
	 * and file pages (mapped by anyone) are never carried. */
	if (!carry_relations(prev, snap, st))
		return false;
	for (int i = 0; i < snap->nprocs; i++) {
		const struct model_proc *a = &prev->procs[i], *b = &snap->procs[i];

		if (a->nvars != b->nvars)
			return false;
		for (int v = 0; v < b->nvars; v++) {
			const struct model_var *x = &a->vars[v], *y = &b->vars[v];

			if (y->npages <= 1 && (x->present != y->present ||
					       (y->present && !same_anon_frame(x, y))))
				return false;
		}
	}
	return true;
}

bool carry_masks(const struct model_snap *prev, const struct scn_step *st,
		 pid_t actor_tid, pid_t tid, bool idle)
{
	int a, b, r;

	if (!prev || !st || !idle)
		return false;
	if (memory_only(st))
		return true;
	if (!table_only(st) || actor_tid == tid)
		return false;
	a = model_find_tid(prev, actor_tid);
	b = model_find_tid(prev, tid);
	r = a >= 0 && b >= 0 ? model_rel(prev, a, b) : -1;
	return r >= 0 && prev->rels[r].files == SHARE_SEPARATE &&
	       prev->rels[r].sighand == SHARE_SEPARATE;
}
