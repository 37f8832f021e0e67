/* SPDX-License-Identifier: MIT */
/* describe.c - the words next to every number, the same in every view. It
 * decides nothing: what a change was is the model's (model_classify); here
 * it is only named. Where the kernel hid a number, the words say so, and an
 * inferred change is worded as inferred or probable. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"

const char *describe_share(enum share s)
{
	return s == SHARE_SHARED ? "shared" : s == SHARE_SEPARATE ? "separate" : "unknown";
}

int describe_rel(const struct model_snap *snap, int a, int b)
{
	return model_rel(snap, a, b);
}

static void append(char *buf, size_t len, const char *sep, const char *s)
{
	size_t n = strlen(buf);

	if (n < len)
		snprintf(buf + n, len - n, "%s%s", n ? sep : "", s);
}

/* Who else maps this page: one address space with p, or the same frame. */
static void sharers(const struct model_snap *snap, int p, int v, char *same_vm,
		    char *same_pfn, size_t len)
{
	const struct model_var *mv = &snap->procs[p].vars[v];

	for (int q = 0; q < snap->nprocs; q++) {
		const struct model_proc *o = &snap->procs[q];

		if (q == p || v >= o->nvars || !o->vars[v].present)
			continue;
		if (model_same_vm(snap, p, q))
			append(same_vm, len, ", ", o->name);
		else if (mv->pfn_known && o->vars[v].pfn_known && o->vars[v].pfn == mv->pfn)
			append(same_pfn, len, ", ", o->name);
	}
}

/* What its declaration's madvise does at the next fork. */
static void advice_note(const struct model_var *mv, char *buf, size_t len)
{
	if (mv->advice == ADVICE_DONTFORK)
		append(buf, len, "; ", "dontfork: a forked child gets no mapping");
	else if (mv->advice == ADVICE_WIPEONFORK)
		append(buf, len, "; ", "wipeonfork: a forked child gets it zeroed");
}

void describe_var(const struct model_snap *snap, int p, int v, char *buf, size_t len)
{
	const struct model_var *mv = &snap->procs[p].vars[v];
	char same_vm[64] = "", same_pfn[64] = "", part[96];

	buf[0] = '\0';
	if (!mv->mapped) {
		snprintf(buf, len, "no mapping here: fork left it out (MADV_DONTFORK)");
		return;
	}
	if (!mv->present) {
		snprintf(buf, len, mv->swapped ? "swapped out: not in memory" :
			 "not present: no frame until touched");
		advice_note(mv, buf, len);
		return;
	}
	sharers(snap, p, v, same_vm, same_pfn, sizeof(same_vm));
	if (mv->region == REGION_SHARED)
		append(buf, len, "; ", "shared mapping (MAP_SHARED)");
	else if (mv->file_or_shared)
		append(buf, len, "; ", "file page (page cache)");
	if (same_vm[0]) {
		snprintf(part, sizeof(part), "same address space as %s", same_vm);
		append(buf, len, "; ", part);
	}
	if (same_pfn[0]) {
		snprintf(part, sizeof(part), "same frame as %s", same_pfn);
		append(buf, len, "; ", part);
	} else if (mv->pfn_known && !buf[0]) {
		/* In a huge page the count is this 4 KiB piece's: others can
		 * still map the rest of the huge page. */
		append(buf, len, "; ", mv->huge > 0 ? "own 4 KiB piece" : "own frame");
	}
	/* It counts page tables, not processes: say so where processes share
	 * one address space, and so one page table. */
	if (mv->mapcount == 1)
		snprintf(part, sizeof(part), "mapped once%s", same_vm[0] ? " (page tables)" : "");
	else if (mv->mapcount >= 0)
		snprintf(part, sizeof(part), "mapped %lld times%s", mv->mapcount,
			 same_vm[0] ? " (page tables)" : "");
	else
		snprintf(part, sizeof(part), "%s%s%s", mv->pfn_known ? "" : "PFN hidden; ",
			 mv->exclusive ? "mapped once" : "mapped 2+ times",
			 same_vm[0] ? " (page tables)" : "");
	append(buf, len, "; ", part);
	advice_note(mv, buf, len);
}

void describe_change(const struct model_var *mv, char *buf, size_t len)
{
	const char *w = "";

	switch (mv->change) {
	case CHANGE_NONE:
		w = mv->certain ? "" : "maybe copied: frame numbers hidden";
		break;
	case CHANGE_COPIED:
		w = !mv->certain ? "copy-on-write (inferred: frame numbers hidden)" :
		    mv->was_shared || mv->split || mv->region == REGION_FILE ?
		    "copy-on-write" :
		    "copied, though mapped once: a reference was still held";
		break;
	case CHANGE_REUSED:
		w = mv->certain ? "frame reused, no copy" :
		    "probably the same frame (frame numbers hidden)";
		break;
	case CHANGE_MAPPED:
		w = "page mapped in";
		break;
	case CHANGE_NEW_IMAGE:
		w = "new page of the new program (exec)";
		break;
	case CHANGE_SPLIT:
		w = "huge mapping split into small pages";
		break;
	case CHANGE_UNMAPPED:
		w = "page unmapped";
		break;
	case CHANGE_SWAPPED:
		w = "swapped out";
		break;
	case CHANGE_MOVED:
		w = "moved by the kernel to another frame (not a copy)";
		break;
	case CHANGE_COUNT:
		break;
	}
	snprintf(buf, len, "%s%s", w, mv->split && mv->change != CHANGE_SPLIT ?
		 "; huge mapping split" : "");
}

void describe_ident(const struct model_snap *snap, int p, char *buf, size_t len)
{
	const struct model_proc *mp = &snap->procs[p];
	int leader = model_find_tid(snap, mp->pid);

	buf[0] = '\0';
	if (!mp->thread)
		return;
	if (leader >= 0)
		snprintf(buf, len, "thread of pid %d (%s), tid %d", (int)mp->pid,
			 snap->procs[leader].name, (int)mp->tid);
	else
		snprintf(buf, len, "thread of pid %d, tid %d", (int)mp->pid, (int)mp->tid);
}

void describe_state(const struct model_proc *mp, char *buf, size_t len)
{
	const char *sig = mp->term_signal ? sigabbrev_np(mp->term_signal) : NULL;

	switch (mp->state) {
	case PROC_RUNNING:
		snprintf(buf, len, "running");
		break;
	case PROC_SUSPENDED:
		snprintf(buf, len, "suspended in %s()", mp->call[0] ? mp->call : "vfork");
		break;
	case PROC_STOPPED:
		snprintf(buf, len, "stopped (SIGSTOP or similar): cannot act");
		break;
	case PROC_ZOMBIE:
		if (mp->term_signal)
			snprintf(buf, len, "zombie: killed by SIG%s, not yet waited for",
				 sig ? sig : "?");
		else
			snprintf(buf, len, "zombie: exited with status %d, not yet waited for",
				 mp->exit_status);
		break;
	case PROC_EXITED:
		if (mp->thread)
			snprintf(buf, len, "ended: a thread leaves no zombie and no status");
		else if (mp->term_signal)
			snprintf(buf, len, "killed by SIG%s, waited for", sig ? sig : "?");
		else
			snprintf(buf, len, "exited with status %d", mp->exit_status);
		break;
	}
}

void describe_kstate(const struct model_proc *mp, char *buf, size_t len)
{
	const char *w = mp->kstate == 'D' ? "uninterruptible sleep" :
			mp->kstate == 'T' || mp->kstate == 't' ? "stopped" :
			mp->kstate == 'Z' ? "zombie" : NULL;

	buf[0] = '\0';
	if (w && mp->state != PROC_EXITED)
		snprintf(buf, len, "state %c: %s", mp->kstate, w);
}

void describe_return(const struct model_snap *snap, int p, char *buf, size_t len)
{
	const struct model_proc *mp = &snap->procs[p];
	int c = mp->returned > 0 ? model_find_tid(snap, (pid_t)mp->returned) : -1;
	char how[96];

	buf[0] = '\0';
	if (!mp->has_returned || !mp->call[0])
		return;
	if (mp->returned < 0) {
		snprintf(buf, len, "%s() returned -1 (%s)", mp->call,
			 strerror(mp->returned_errno));
		return;
	}
	/* A child waited for is gone from the screen: its end is said here. */
	if (strcmp(mp->call, "waitpid") == 0 && c >= 0 &&
	    snap->procs[c].state == PROC_EXITED) {
		describe_state(&snap->procs[c], how, sizeof(how));
		snprintf(buf, len, "%s() returned %lld: %s %s", mp->call, mp->returned,
			 snap->procs[c].name, how);
		return;
	}
	snprintf(buf, len, "%s() returned %lld", mp->call, mp->returned);
}

void describe_faults(const struct model_var *mv, char *buf, size_t len)
{
	char change[96];

	buf[0] = '\0';
	describe_change(mv, change, sizeof(change));
	if (mv->faults > 0)
		snprintf(buf, len, "+%ld fault%s%s%s", mv->faults,
			 mv->faults == 1 ? "" : "s", change[0] ? ": " : "", change);
	else
		snprintf(buf, len, "%s", change);
}

void describe_expect(const struct model_expect *e, char *buf, size_t len)
{
	if (e->ok == 1)
		snprintf(buf, len, "%s", e->text);
	else if (e->ok < 0)
		snprintf(buf, len, "%s: cannot check here: %s", e->text, e->got);
	else if (e->soft)
		snprintf(buf, len, "not this time: %s: got %s", e->text, e->got);
	else
		snprintf(buf, len, "%s: got %s", e->text, e->got);
}
