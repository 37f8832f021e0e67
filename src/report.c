/* SPDX-License-Identifier: MIT */
/* report.c - from what subjects report (or what is read from outside a
 * suspended one) to the model: variables, what changed since the previous
 * step, and what each pair of processes shares. */
#include <linux/kcmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pagemap.h"
#include "procfs.h"
#include "report.h"

/* A suspended subject cannot answer: read its pages from outside. */
void report_observe(pid_t pid, int kpc_fd, struct wire_report *r)
{
	int fd = pagemap_open(pid);

	for (int i = 0; i < r->nvars; i++) {
		struct wire_var *v = &r->vars[i];
		uint64_t e = 0;

		if (fd >= 0)
			pagemap_entry(fd, v->addr, &e);
		v->entry = e;
		v->value = 0;
		if (e & PM_PRESENT)
			procfs_peek(pid, v->addr, &v->value);
		v->mapcount = pagemap_mapcount(kpc_fd, pagemap_pfn(e));
	}
	if (fd >= 0)
		close(fd);
}

/* A just-suspended parent leaves R for D a moment after its child runs;
 * look again (bounded) so what we show is the state it settles in. */
char report_settled_state(pid_t pid)
{
	struct procfs_stat ps;
	struct timespec tick = { 0, 100000 };

	for (int i = 0; i < 2000; i++) {
		if (procfs_stat(pid, &ps) < 0)
			return '?';
		if (ps.state == 'D')
			break;
		nanosleep(&tick, NULL);
	}
	return ps.state;
}

void report_var(struct model_var *mv, const struct wire_var *wv,
		const struct scn_var *decl)
{
	uint64_t e = wv->entry;

	snprintf(mv->name, sizeof(mv->name), "%s", decl->name);
	mv->region = decl->region;
	mv->addr = wv->addr;
	mv->present = e & PM_PRESENT;
	mv->readable = mv->present;
	mv->value = wv->value;
	mv->exclusive = e & PM_EXCLUSIVE;
	mv->file_or_shared = e & PM_FILE_SHARED;
	mv->swapped = e & PM_SWAPPED;
	mv->pfn = pagemap_pfn(e);
	mv->pfn_known = mv->pfn != 0;
	mv->mapcount = wv->mapcount;
	mv->huge = wv->huge;
}

void report_mark_changes(const struct model_snap *prev, struct model_proc *mp)
{
	int j = model_find_proc(prev, mp->name);

	if (j < 0 || mp->born)
		return;
	for (int i = 0; i < mp->nvars && i < prev->procs[j].nvars; i++) {
		const struct model_var *o = &prev->procs[j].vars[i];
		struct model_var *v = &mp->vars[i];
		v->value_changed = o->readable && v->readable && o->value != v->value;
		v->pfn_changed = o->pfn_known && v->pfn_known && o->pfn != v->pfn;
		v->present_changed = o->present != v->present;
		v->was_shared = o->present && !o->exclusive;
	}
}

void report_relations(struct model_snap *snap)
{
	snap->nrels = 0;
	for (int a = 0; a < snap->nprocs; a++)
		for (int b = a + 1; b < snap->nprocs; b++) {
			const struct model_proc *pa = &snap->procs[a], *pb = &snap->procs[b];
			struct model_rel *r;

			if (pa->state >= PROC_ZOMBIE || pb->state >= PROC_ZOMBIE)
				continue;
			r = &snap->rels[snap->nrels++];
			r->a = a;
			r->b = b;
			r->vm = procfs_kcmp(pa->pid, pb->pid, KCMP_VM);
			r->files = procfs_kcmp(pa->pid, pb->pid, KCMP_FILES);
			r->sighand = procfs_kcmp(pa->pid, pb->pid, KCMP_SIGHAND);
		}
}

