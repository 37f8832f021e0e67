/* SPDX-License-Identifier: MIT */
/* pagetext.c - a many-page variable's pages in words. The model decided
 * what each page is; this only groups alike neighbours and counts. */
#include <stdio.h>
#include <string.h>

#include "pagetext.h"

static bool alike(const struct model_page *a, const struct model_page *b, bool detail)
{
	if (model_page_kind(a) != model_page_kind(b))
		return false;
	return !detail || (a->change == b->change && a->certain == b->certain &&
			   a->faults == b->faults && a->huge == b->huge &&
			   a->touched == b->touched && a->readable == b->readable &&
			   (!a->readable || a->value == b->value));
}

int pagetext_run_end(const struct model_page *pg, int n, int from, bool detail)
{
	int i = from + 1;

	while (i < n && alike(&pg[from], &pg[i], detail))
		i++;
	return i;
}

void pagetext_runs(const struct model_snap *snap, int p, int v, char *buf, size_t len)
{
	const struct model_page *pg = model_pages(snap, p, v);
	int n = pg ? snap->procs[p].vars[v].npages : 0;
	size_t at = 0;

	buf[0] = '\0';
	for (int i = 0, end; i < n; i = end) {
		const char *kind = model_page_kind_name(model_page_kind(&pg[i]));

		char range[32];
		int k;

		end = pagetext_run_end(pg, n, i, false);
		if (end - 1 == i)
			snprintf(range, sizeof(range), "%d", i);
		else
			snprintf(range, sizeof(range), "%d-%d", i, end - 1);
		if (at >= len)
			break;
		k = snprintf(buf + at, len - at, "%s%s %s", i ? ", " : "", range, kind);
		at += k > 0 ? (size_t)k : 0;
	}
}

void pagetext_counts(const struct model_snap *snap, int p, int v, long page_size,
		     char *buf, size_t len)
{
	struct model_counts c;
	char huge[64] = "";

	model_count_pages(snap, p, v, 0, -1, &c);
	if (c.kind[PK_UNKNOWN])
		snprintf(huge, sizeof(huge), ", %d unknown", c.kind[PK_UNKNOWN]);
	if (c.huge)
		snprintf(huge + strlen(huge), sizeof(huge) - strlen(huge), ", %d in a huge page",
			 c.huge);
	snprintf(buf, len, "%d shared, %d copied, %d reused, %d own, %d absent%s; "
		 "in this step %ld fault%s, %d page%s copied (%ld KiB)",
		 c.kind[PK_SHARED], c.kind[PK_COPIED], c.kind[PK_REUSED], c.kind[PK_OWN],
		 c.kind[PK_ABSENT] + c.kind[PK_SWAPPED], huge,
		 c.faults, c.faults == 1 ? "" : "s", c.copied, c.copied == 1 ? "" : "s",
		 (long)c.copied * page_size / 1024);
}
