/* SPDX-License-Identifier: MIT */
/* report.c - from subjects' reports to the model's processes and variables,
 * and from kcmp(2) to what each pair shares. A process that cannot answer is
 * read from outside in full each step: pages, values, huge pages, descriptors
 * and handlers, so nothing it shows is left over from before it slept. */
#include <linux/kcmp.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "carry.h"
#include "observe.h"
#include "pagemap.h"
#include "report.h"

/* Its stat (into p->seen), read again (bounded) while it is passing
 * through R: an idle subject settles in S, a suspended one in D. Between
 * reads the CPU is offered to it (it may share ours), then we sleep. Once
 * settled, that one read is the step's: state letter, parent, where its
 * next fault window opens, and this one's faults if it did not answer. */
static void settle(struct subject *p)
{
	for (int i = 0; i < 200; i++) {
		if (subject_stat(p) < 0)
			return;
		if (p->seen.state != 'R' &&
		    (p->state != PROC_SUSPENDED || p->seen.state == 'D')) {
			p->settled = true;
			return;
		}
		if (i < 100)
			sched_yield();
		else
			poll(NULL, 0, 1);
	}
}

static void report_var(struct model_var *mv, const struct wire_var *wv,
		       const struct scn_var *decl)
{
	uint64_t e = wv->entry;

	snprintf(mv->name, sizeof(mv->name), "%s", decl->name);
	mv->region = decl->region;
	mv->addr = wv->addr;
	mv->present = e & PM_PRESENT;
	mv->readable = wv->readable;
	mv->advice = decl->advice;
	mv->mapped = wv->mapped;
	mv->value = wv->value;
	mv->exclusive = e & PM_EXCLUSIVE;
	mv->file_or_shared = e & PM_FILE_SHARED;
	mv->swapped = e & PM_SWAPPED;
	mv->pfn = pagemap_pfn(e);
	mv->pfn_known = mv->pfn != 0;
	mv->mapcount = wv->mapcount;
	mv->huge = wv->huge;
}

void report_settle(struct subject *subs, int n)
{
	for (int i = 0; i < n; i++) {
		struct subject *p = &subs[i];

		if (p->exists && !p->settled &&
		    (p->state == PROC_RUNNING || p->state == PROC_SUSPENDED)) {
			settle(p);
			p->kstate = p->seen.state;
		}
	}
}

void report_proc(struct model_proc *mp, struct subject *p, const struct subject *partner,
		 const char *name, const struct scn_var *decls, int kpc_fd, int acted_var)
{
	memset(mp, 0, sizeof(*mp));
	snprintf(mp->name, sizeof(mp->name), "%s", name);
	mp->pid = p->tgid;
	mp->tid = p->pid;
	mp->thread = p->thread;
	mp->state = p->state;
	mp->exit_status = p->exit_status;
	mp->term_signal = p->term_signal;
	mp->born = p->born;
	mp->image = p->image;
	snprintf(mp->call, sizeof(mp->call), "%s", p->call);
	mp->has_returned = p->has_returned;
	mp->returned = p->returned;
	mp->returned_errno = p->ret_errno;
	mp->kstate = '?';
	/* A running or suspended one was read as it settled (report_settle),
	 * a stopped one as the action ended (look_after); anyone else not read
	 * in this step, a zombie say, is read now. One that did not answer
	 * with its own count has its faults from that read. */
	if (p->state != PROC_EXITED &&
	    (p->settled || p->read_now || subject_stat(p) == 0)) {
		mp->kstate = p->seen.state;
		mp->ppid = p->seen.ppid;
	}
	if (p->faults == -2)
		p->faults = p->state < PROC_ZOMBIE ? subject_faults_read(p) : -1;
	if (p->state == PROC_RUNNING || p->state == PROC_SUSPENDED)
		mp->kstate = p->kstate;
	/* Page tables are read from outside for everyone, now that all are
	 * still; values are read from outside only for whom nobody answered. */
	if (p->state < PROC_ZOMBIE && p->have_report && p->fresh) {
		observe_pages(subject_pagemap(p), p->pid, kpc_fd, &p->rep);
	} else if (p->state < PROC_ZOMBIE && p->have_report) {
		observe_subject(p->pid, subject_pagemap(p), partner ? -1 : subject_mem(p),
				kpc_fd, &p->rep);
		for (int v = 0; partner && v < p->rep.nvars; v++) {
			p->rep.vars[v].value = partner->rep.vars[v].value;
			p->rep.vars[v].readable = partner->rep.vars[v].readable &&
						  (p->rep.vars[v].entry & PM_PRESENT);
		}
		for (int k = 0; partner && k < p->rep.npages && k < partner->rep.npages; k++) {
			struct wire_page *pg = &p->rep.pages[k];

			pg->value = partner->rep.pages[k].value;
			pg->readable = partner->rep.pages[k].readable && (pg->entry & PM_PRESENT);
		}
		mp->observed = true;
	}
	mp->faults = p->faults;
	if (p->state >= PROC_ZOMBIE || !p->have_report)
		return;
	mp->fdmask = p->rep.fdmask;
	mp->sigmask = p->rep.sigmask;
	mp->nvars = p->rep.nvars;
	for (int v = 0; v < mp->nvars; v++) {
		report_var(&mp->vars[v], &p->rep.vars[v], &decls[v]);
		mp->vars[v].faults = v == acted_var && p->faults > 0 ? p->faults : 0;
	}
}

/* The pages of mp's many-page variables, from its report, into the
 * snapshot's pool; each such variable's faults are its pages'. */
static void report_pages(struct model_snap *snap, struct model_proc *mp,
			 const struct wire_report *rep)
{
	for (int v = 0; v < mp->nvars; v++) {
		const struct wire_var *wv = &rep->vars[v];
		struct model_var *mv = &mp->vars[v];

		mv->npages = 1;
		if (wv->npages <= 1 || wv->first < 0 || wv->first + wv->npages > rep->npages ||
		    snap->npages + wv->npages > MODEL_POOL_PAGES)
			continue;
		mv->npages = wv->npages;
		mv->first = snap->npages;
		mv->faults = 0;
		for (int k = 0; k < wv->npages; k++) {
			const struct wire_page *w = &rep->pages[wv->first + k];
			struct model_page *pg = &snap->pages[snap->npages++];

			memset(pg, 0, sizeof(*pg));
			pg->pfn = pagemap_pfn(w->entry);
			pg->present = w->entry & PM_PRESENT;
			pg->exclusive = w->entry & PM_EXCLUSIVE;
			pg->file_or_shared = w->entry & PM_FILE_SHARED;
			pg->swapped = w->entry & PM_SWAPPED;
			pg->readable = w->readable;
			pg->value = w->readable ? w->value : 0;
			pg->touched = w->touched;
			pg->huge = w->huge;
			pg->faults = w->faults;
			mv->faults += w->faults;
		}
	}
}

void report_relations(struct model_snap *snap, const struct model_info *info)
{
	static const int kinds[3] = { KCMP_VM, KCMP_FILES, KCMP_SIGHAND };

	snap->nrels = 0;
	for (int a = 0; a < snap->nprocs; a++)
		for (int b = a + 1; b < snap->nprocs; b++) {
			const struct model_proc *pa = &snap->procs[a], *pb = &snap->procs[b];
			enum share sh[3] = { SHARE_UNKNOWN, SHARE_UNKNOWN, SHARE_UNKNOWN };
			struct model_rel *r;
			int err;

			if (pa->state >= PROC_ZOMBIE || pb->state >= PROC_ZOMBIE)
				continue;
			for (int k = 0; k < 3 && info->kcmp_visible; k++)
				sh[k] = observe_kcmp(pa->tid, pb->tid, kinds[k], &err);
			r = &snap->rels[snap->nrels++];
			r->a = a;
			r->b = b;
			r->vm = sh[0];
			r->files = sh[1];
			r->sighand = sh[2];
		}
}

/* For a suspended process: the child it waits for, if that child answered in
 * this step and kcmp says it runs in the parent's address space (vfork, or
 * clone with vm,vfork): its own reading of the variables is the parent's
 * too. NULL if there is none. */
static const struct subject *partner(const struct subject *subs, int i)
{
	const struct subject *p = &subs[i];
	const struct subject *w = p->waiting_for >= 0 ? &subs[p->waiting_for] : NULL;
	int err;

	if (p->state != PROC_SUSPENDED || !w || !w->exists || !w->fresh ||
	    w->rep.nvars != p->rep.nvars)
		return NULL;
	return observe_kcmp(p->pid, w->pid, KCMP_VM, &err) == SHARE_SHARED ? w : NULL;
}

/* The end of what task p wrote: prev's where the step cannot have added to
 * it (carry_output), else read from its file. */
static void report_output(struct model_proc *mp, const struct subject *p,
			  const struct model_snap *prev, const struct scn_step *st)
{
	int q = prev ? model_find_tid(prev, mp->tid) : -1;

	if (q >= 0 && prev->procs[q].image == mp->image && carry_output(prev, st, p->idle))
		memcpy(mp->output, prev->procs[q].output, sizeof(mp->output));
	else
		observe_tail(p->out_fd, mp->output, sizeof(mp->output));
}

/* The map count of each one-page variable's frame: prev's where the step
 * cannot have moved it (carry_mapcounts), else read now, every page table
 * having been read first. */
static void report_mapcounts(struct model_snap *snap, const struct model_snap *prev,
			     const struct scn_step *st, int kpc_fd)
{
	bool carry = kpc_fd >= 0 && carry_mapcounts(prev, snap, st);

	for (int i = 0; i < snap->nprocs; i++)
		for (int v = 0; v < snap->procs[i].nvars; v++) {
			struct model_var *mv = &snap->procs[i].vars[v];

			if (mv->npages > 1)
				continue;
			mv->mapcount = carry ? prev->procs[i].vars[v].mapcount :
				       pagemap_mapcount(kpc_fd, mv->pfn);
		}
}

void report_snapshot(struct model_snap *snap, struct subject *subs,
		     const struct scenario *scn, const struct scn_step *st, int actor,
		     int kpc_fd, const struct model_info *info,
		     const struct model_snap *prev)
{
	int acted_var = st && (st->act == ACT_READ || st->act == ACT_SET ||
			       st->act == ACT_INC) ? st->var : -1;

	if (st) {
		snprintf(snap->actor, sizeof(snap->actor), "%s", scn->procs[st->actor].name);
		snprintf(snap->action, sizeof(snap->action), "%s", st->text);
		snprintf(snap->say, sizeof(snap->say), "%s", st->say);
	}
	snap->nprocs = 0;
	snap->npages = 0;
	report_settle(subs, MAX_PROCS);
	for (int i = 0; i < MAX_PROCS; i++) {
		struct model_proc *mp = &snap->procs[snap->nprocs];

		if (!subs[i].exists)
			continue;
		report_proc(mp, &subs[i], partner(subs, i), scn->procs[i].name, scn->vars,
			    -1, i == actor ? acted_var : -1);
		report_output(mp, &subs[i], prev, st);
		report_pages(snap, mp, &subs[i].rep);
		snap->nprocs++;
	}
	report_mapcounts(snap, prev, st, kpc_fd);
	if (carry_relations(prev, snap, st)) {
		snap->nrels = prev->nrels;
		memcpy(snap->rels, prev->rels, sizeof(snap->rels));
	} else {
		report_relations(snap, info);
	}
}
