/* SPDX-License-Identifier: MIT */
/* describe.c - turning measurements into short, truthful sentences. Nothing
 * here guesses: where the kernel hid a number the words say so. */
#include <stdio.h>
#include <string.h>

#include "describe.h"

const char *describe_share(enum share s)
{
	return s == SHARE_SHARED ? "shared" : s == SHARE_SEPARATE ? "separate" : "unknown";
}

int describe_rel(const struct model_snap *snap, int a, int b)
{
	for (int i = 0; i < snap->nrels; i++)
		if ((snap->rels[i].a == a && snap->rels[i].b == b) ||
		    (snap->rels[i].a == b && snap->rels[i].b == a))
			return i;
	return -1;
}

static void append(char *buf, size_t len, const char *sep, const char *s)
{
	size_t n = strlen(buf);

	if (n < len)
		snprintf(buf + n, len - n, "%s%s", n ? sep : "", s);
}

void describe_var(const struct model_snap *snap, int p, int v, char *buf, size_t len)
{
	const struct model_var *mv = &snap->procs[p].vars[v];
	char same_vm[64] = "", same_pfn[64] = "";

	buf[0] = '\0';
	if (!mv->present) {
		snprintf(buf, len, "not present: no frame until touched");
		return;
	}
	for (int q = 0; q < snap->nprocs; q++) {
		const struct model_proc *o = &snap->procs[q];
		int r = describe_rel(snap, p, q);

		if (q == p || v >= o->nvars || !o->vars[v].present)
			continue;
		if (r >= 0 && snap->rels[r].vm == SHARE_SHARED)
			append(same_vm, sizeof(same_vm), ", ", o->name);
		else if (mv->pfn_known && o->vars[v].pfn_known && o->vars[v].pfn == mv->pfn)
			append(same_pfn, sizeof(same_pfn), ", ", o->name);
	}
	if (same_vm[0] && same_pfn[0])
		snprintf(buf, len, "same address space as %s; same frame as %s",
			 same_vm, same_pfn);
	else if (same_vm[0])
		snprintf(buf, len, "same address space as %s", same_vm);
	else if (same_pfn[0])
		snprintf(buf, len, "same frame as %s", same_pfn);
	else if (mv->pfn_known && mv->pfn_changed)
		snprintf(buf, len, "own copy, made on write");
	else if (mv->pfn_known)
		snprintf(buf, len, "own frame");
	else
		snprintf(buf, len, "PFN hidden; %s", mv->exclusive ?
			 "mapped once" : "mapped 2+ times");
}

void describe_state(const struct model_proc *mp, char *buf, size_t len)
{
	switch (mp->state) {
	case PROC_RUNNING:
		snprintf(buf, len, "running");
		break;
	case PROC_SUSPENDED:
		snprintf(buf, len, "suspended in %s()", mp->call[0] ? mp->call : "vfork");
		break;
	case PROC_ZOMBIE:
		snprintf(buf, len, "zombie: exited with status %d, not yet waited for",
			 mp->exit_status);
		break;
	case PROC_EXITED:
		snprintf(buf, len, "exited with status %d", mp->exit_status);
		break;
	}
}

void describe_return(const struct model_proc *mp, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!mp->has_returned || !mp->call[0])
		return;
	if (mp->returned < 0)
		snprintf(buf, len, "%s() returned -1 (%s)", mp->call,
			 strerror(mp->returned_errno));
	else
		snprintf(buf, len, "%s() returned %lld", mp->call, mp->returned);
}

void describe_faults(const struct model_var *mv, char *buf, size_t len)
{
	buf[0] = '\0';
	if (mv->faults <= 0)
		return;
	/* With the frame hidden, bit 56 still tells: a write fault on a page
	 * mapped 2+ times that leaves it mapped once gave this mapping its own
	 * copy; on a page mapped once the kernel reuses the frame. */
	snprintf(buf, len, "+%ld fault%s%s", mv->faults, mv->faults == 1 ? "" : "s",
		 mv->pfn_changed ? ": copy-on-write" :
		 mv->present_changed ? ": page mapped in" :
		 mv->pfn_known ? ": frame reused, no copy" :
		 mv->was_shared && mv->exclusive && !mv->file_or_shared ? ": copy-on-write" :
		 !mv->was_shared && mv->exclusive ? ": frame reused, no copy" : "");
}
