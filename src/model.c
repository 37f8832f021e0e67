/* SPDX-License-Identifier: MIT */
/* model.c - the model's own functions: the names its enums are written with,
 * the table of demo signals, looking things up in a snapshot, and deciding
 * what each step did to each page (model_classify). */
#include <signal.h>
#include <string.h>
#include <unistd.h>

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
	int lo = a < b ? a : b, hi = a < b ? b : a, n = snap->nprocs;
	int at = lo * (2 * n - lo - 1) / 2 + (hi - lo - 1);

	/* Where every pair is live, report.c lists them in order: look there
	 * first (classifying a page asks for every pair), then everywhere. */
	if (lo >= 0 && lo < hi && at < snap->nrels && snap->rels[at].a == lo &&
	    snap->rels[at].b == hi)
		return at;
	for (int i = 0; i < snap->nrels; i++)
		if ((snap->rels[i].a == a && snap->rels[i].b == b) ||
		    (snap->rels[i].a == b && snap->rels[i].b == a))
			return i;
	return -1;
}

bool model_same_vm(const struct model_snap *snap, int a, int b)
{
	int r = a == b ? -1 : model_rel(snap, a, b);

	return a == b || (r >= 0 && snap->rels[r].vm == SHARE_SHARED);
}

/* Who ran in an address space during a step, for a page the subject's own
 * code writes whenever it runs (the frame region: that is its lesson). Every
 * other region holds its variable alone on its page, so only the scenario's
 * actions fault there, and this is RAN_NONE for them. */
enum ran { RAN_NONE, RAN_ANSWERED, RAN_ACTED };

/* The facts of one mapping of one page that a change is decided from: a
 * one-page variable's, or one page of a many-page one. */
struct facts {
	bool present, exclusive, file_or_shared, swapped, pfn_known;
	uint64_t pfn;
	int huge;
	enum region region;
};

/* What the step did to it, decided. */
struct verdict {
	enum change change;
	bool certain, split;
};

static struct facts var_facts(const struct model_var *v)
{
	return (struct facts){ v->present, v->exclusive, v->file_or_shared, v->swapped,
			       v->pfn_known, v->pfn, v->huge, v->region };
}

static struct facts page_facts(const struct model_page *pg, enum region r,
			       bool pfn_visible)
{
	return (struct facts){ pg->present, pg->exclusive, pg->file_or_shared, pg->swapped,
			       pfn_visible && pg->pfn != 0, pg->pfn, pg->huge, r };
}

/* What the step did to one mapping of one page, from before (o) and after
 * (n). wrote: a fault in this address space belongs to this page (the
 * step's action read or wrote it). ran: see enum ran. */
static struct verdict classify(const struct facts *o, const struct facts *n,
			       bool wrote, enum ran ran, bool pfn_visible)
{
	bool frames = pfn_visible && o->pfn_known && n->pfn_known;
	struct verdict v = { CHANGE_NONE, true, o->huge == 1 && n->huge == 0 };

	if (!o->present && !o->swapped && n->present) {
		v.change = CHANGE_MAPPED;
	} else if (o->present && n->swapped) {
		v.change = CHANGE_SWAPPED;
	} else if (o->present && !n->present) {
		v.change = CHANGE_UNMAPPED;
	} else if (!o->present || !n->present) {
		return v;
	} else if (frames) {
		if (o->pfn != n->pfn)
			v.change = wrote || ran ? CHANGE_COPIED : CHANGE_MOVED;
		else if (wrote)
			v.change = CHANGE_REUSED;
		else if (v.split)
			v.change = CHANGE_SPLIT;
	} else if (o->file_or_shared && !n->file_or_shared && n->region != REGION_SHARED) {
		/* A private file page written: now an anonymous copy (bit 61). */
		v.change = CHANGE_COPIED;
		v.certain = false;
	} else if (wrote && n->region != REGION_SHARED) {
		/* Frames hidden: bit 56 before and after tells what the fault did.
		 * Mapped 2+ times before, the kernel had to copy; a write that
		 * split a huge mapping copied the small page (a huge page mapped
		 * whole by its only user is reused whole, not split); mapped
		 * once, it usually reuses the frame, but cannot be seen to here. */
		if ((!o->exclusive && n->exclusive) || v.split)
			v.change = CHANGE_COPIED;
		else if (o->exclusive)
			v.change = CHANGE_REUSED;
		v.certain = false;
	} else if (v.split) {
		v.change = CHANGE_SPLIT;
		v.certain = false;
	} else if (ran) {
		/* Frames hidden, a page its own code wrote: the actor's address
		 * space ran first in the step, so a page mapped 2+ times before
		 * and once now was copied there; one that only answered may have
		 * taken the copy or been left the original. */
		if (ran == RAN_ACTED && !o->exclusive && n->exclusive)
			v.change = CHANGE_COPIED;
		v.certain = false;
	}
	return v;
}

const struct model_page *model_pages(const struct model_snap *snap, int p, int v)
{
	const struct model_proc *mp;
	const struct model_var *mv;

	if (p < 0 || p >= snap->nprocs)
		return NULL;
	mp = &snap->procs[p];
	if (v < 0 || v >= mp->nvars)
		return NULL;
	mv = &mp->vars[v];
	if (mv->npages <= 1 || mv->first < 0 || mv->first + mv->npages > snap->npages)
		return NULL;
	return &snap->pages[mv->first];
}

static struct model_page *pages_of(struct model_snap *snap, int p, int v)
{
	return (struct model_page *)model_pages(snap, p, v);
}

/* For variable v of proc p: did its address space take a fault on v in this
 * step (the actor's read or write, or a partner's in one address space)?
 * page >= 0: on that page of a many-page variable. And for the frame
 * region, who in it ran (acted, or answered a report; a suspended or
 * stopped process did not run)? */
/* Which processes share p's address space (p itself included): asked once
 * per process, not once per page. */
static void vm_row(const struct model_snap *s, int p, bool same[MAX_PROCS])
{
	for (int q = 0; q < s->nprocs; q++)
		same[q] = model_same_vm(s, p, q);
}

static void faults_in_vm(const struct model_snap *s, const bool *same, int v, int page,
			 bool *wrote, enum ran *ran)
{
	*wrote = false;
	*ran = RAN_NONE;
	for (int q = 0; q < s->nprocs; q++) {
		const struct model_proc *mq = &s->procs[q];
		const struct model_page *pq;

		if (!same[q] || v >= mq->nvars)
			continue;
		pq = model_pages(s, q, v);
		if (page >= 0)
			*wrote |= pq && page < mq->vars[v].npages && pq[page].faults > 0;
		else
			*wrote |= mq->vars[v].faults > 0;
		if (mq->vars[v].region != REGION_FRAME)
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

/* Each page of many-page variable v of proc p: what the step did to it (q:
 * the same task in prev with the same image, or -1), and what it has been
 * through in this run (carried from prev). */
static void classify_pages(const struct model_snap *prev, struct model_snap *next,
			   int p, int q, bool new_image, int v, bool pfn_visible)
{
	const struct model_var *mv = &next->procs[p].vars[v];
	struct model_page *n = pages_of(next, p, v);
	const struct model_page *o = q >= 0 ? model_pages(prev, q, v) : NULL;
	bool same[MAX_PROCS];

	if (!n)
		return;
	vm_row(next, p, same);
	if (o && prev->procs[q].vars[v].npages != mv->npages)
		o = NULL;
	for (int i = 0; i < mv->npages; i++) {
		struct model_page *pg = &n[i];
		struct facts fo, fn = page_facts(pg, mv->region, pfn_visible);
		struct verdict vd = { CHANGE_NONE, true, false };
		bool wrote;
		enum ran ran;

		pg->value_changed = pg->pfn_changed = false;
		pg->copied_run = pg->reused_run = false;
		if (o) {
			fo = page_facts(&o[i], mv->region, pfn_visible);
			faults_in_vm(next, same, v, i, &wrote, &ran);
			vd = classify(&fo, &fn, wrote, ran, pfn_visible);
			pg->value_changed = o[i].readable && pg->readable &&
					    o[i].value != pg->value;
			pg->pfn_changed = fo.pfn_known && fn.pfn_known && fo.pfn != fn.pfn;
			pg->copied_run = o[i].copied_run;
			pg->reused_run = o[i].reused_run;
		} else if (new_image) {
			vd.change = CHANGE_NEW_IMAGE;
		}
		pg->change = (uint8_t)vd.change;
		pg->certain = vd.certain;
		pg->split = vd.split;
		pg->copied_run |= vd.change == CHANGE_COPIED;
		pg->reused_run |= vd.change == CHANGE_REUSED;
	}
}

#define HUGE_BYTES (2ULL << 20)  /* one huge (PMD) mapping, as region.c makes it */

/* Frames hidden, is page i of var v of proc p a piece of a huge mapping
 * other than its first? Measured on 6.18: the pagemap entries of a 2 MiB
 * mapping all carry the exclusive bit (56) of its first piece. After a
 * child's write to piece 0 the parent's 512 entries read exclusive, though
 * the child still maps 511 of them; after a write to piece 5 all read
 * shared, piece 5 too, which only the parent maps. */
static bool piece_unsure(const struct model_snap *s, int p, int v, int i, bool pfn_visible)
{
	const struct model_page *pg = &model_pages(s, p, v)[i];
	uint64_t addr = s->procs[p].vars[v].addr + (uint64_t)i * (uint64_t)sysconf(_SC_PAGESIZE);

	return !(pfn_visible && pg->pfn) && pg->present && pg->huge == 1 &&
	       addr % HUGE_BYTES != 0;
}

/* Is page i of var v of proc p's frame another process's too? One address
 * space (kcmp), the same frame, or where frames are hidden, mapped 2+ times
 * (bit 56 clear; not where that bit is another piece's: unsure). */
static bool page_shared(const struct model_snap *s, const bool *same,
			const struct model_page *const *pages, const int *npages, int p, int i,
			bool pfn_visible, bool unsure)
{
	const struct model_page *pg = &pages[p][i];
	bool frames = pfn_visible && pg->pfn != 0;

	if (!pg->present || s->procs[p].state >= PROC_ZOMBIE)
		return false;
	for (int q = 0; q < s->nprocs; q++) {
		const struct model_page *o = pages[q];

		if (q == p || !o || i >= npages[q] || !o[i].present ||
		    s->procs[q].state >= PROC_ZOMBIE)
			continue;
		if (same[q] || (frames && o[i].pfn == pg->pfn))
			return true;
	}
	return !frames && !pg->exclusive && !unsure;
}

/* Whether each page of var v of proc p is shared (page_shared), with each
 * process's pages of v looked up once, not once per page. */
static void pages_shared(struct model_snap *s, const bool *same, int p, int v,
			 bool pfn_visible)
{
	const struct model_page *pages[MAX_PROCS];
	int npages[MAX_PROCS];
	struct model_page *pg = pages_of(s, p, v);
	int n = pg ? s->procs[p].vars[v].npages : 0;

	for (int q = 0; q < s->nprocs; q++) {
		pages[q] = model_pages(s, q, v);
		npages[q] = pages[q] ? s->procs[q].vars[v].npages : 0;
	}
	for (int i = 0; i < n; i++) {
		bool unsure = piece_unsure(s, p, v, i, pfn_visible);

		pg[i].shared = page_shared(s, same, pages, npages, p, i, pfn_visible, unsure);
		pg[i].unsure = unsure && !pg[i].shared;
	}
}

/* One variable of one process: the change of its page (its first page, for
 * a many-page variable, as classify_pages decided). */
static void classify_one(const struct model_snap *next, int p, int v,
			 const struct model_var *o, struct model_var *n, bool pfn_visible)
{
	const struct model_page *pg = model_pages(next, p, v);
	struct facts fo = var_facts(o), fn = var_facts(n);
	struct verdict vd;
	bool wrote;
	enum ran ran;

	n->value_changed = o->readable && n->readable && o->value != n->value;
	n->pfn_changed = o->pfn_known && n->pfn_known && o->pfn != n->pfn;
	n->present_changed = o->present != n->present;
	n->was_shared = (o->present && !o->exclusive) || old_frame_elsewhere(next, p, v, o);
	bool same[MAX_PROCS];

	vm_row(next, p, same);
	faults_in_vm(next, same, v, -1, &wrote, &ran);
	vd = classify(&fo, &fn, wrote, ran, pfn_visible);
	if (pg)
		vd = (struct verdict){ (enum change)pg->change, pg->certain, pg->split };
	n->change = vd.change;
	n->certain = vd.certain;
	n->split = vd.split;
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
			bool known = op && v < op->nvars;
			bool new_image = known && op->image != mp->image;

			classify_pages(prev, next, p, known && !new_image ? q : -1, new_image,
				       v, pfn_visible);
			n->change = CHANGE_NONE;
			n->certain = true;
			if (!known)
				continue;
			if (new_image) {
				n->change = CHANGE_NEW_IMAGE;
				continue;
			}
			classify_one(next, p, v, &op->vars[v], n, pfn_visible);
		}
	}
	for (int p = 0; p < next->nprocs; p++) {
		bool same[MAX_PROCS];

		vm_row(next, p, same);
		for (int v = 0; v < next->procs[p].nvars; v++)
			pages_shared(next, same, p, v, pfn_visible);
	}
}

enum page_kind model_page_kind(const struct model_page *pg)
{
	if (!pg->present)
		return pg->swapped ? PK_SWAPPED : PK_ABSENT;
	if (pg->shared)
		return PK_SHARED;
	if (pg->unsure)
		return PK_UNKNOWN;
	if (pg->copied_run)
		return PK_COPIED;
	if (pg->reused_run)
		return PK_REUSED;
	return PK_OWN;
}

const char *model_page_kind_name(enum page_kind k)
{
	static const char *const names[PK_COUNT] = {
		"absent", "swapped", "shared", "copied", "reused", "own", "unknown",
	};

	return (unsigned)k < PK_COUNT ? names[k] : "?";
}

bool model_page_changed(const struct model_page *pg)
{
	/* A split alone changes the mapping, not the page: its frame, value
	 * and presence are as they were (huge tells the split). */
	return (pg->change != CHANGE_NONE && pg->change != CHANGE_SPLIT) ||
	       pg->value_changed || pg->pfn_changed;
}

void model_count_pages(const struct model_snap *snap, int p, int v, int from, int n,
		       struct model_counts *c)
{
	const struct model_page *pg = model_pages(snap, p, v);
	int npages = pg ? snap->procs[p].vars[v].npages : 0;

	memset(c, 0, sizeof(*c));
	if (from < 0)
		from = 0;
	if (n < 0 || from + n > npages)
		n = npages - from;
	for (int i = from; i < from + n; i++) {
		c->kind[model_page_kind(&pg[i])]++;
		c->huge += pg[i].huge == 1;
		c->changed += model_page_changed(&pg[i]);
		c->copied += pg[i].change == CHANGE_COPIED;
		c->faults += pg[i].faults;
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
