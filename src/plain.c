/* SPDX-License-Identifier: MIT */
/* plain.c - the transcript view: one block per step, for pipes, files and
 * README excerpts. Every number comes with its words. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "view.h"

/* Text at most width columns a line, broken at spaces and kept newlines. */
static void wrapped(FILE *out, const char *text, int width, const char *indent)
{
	const char *p = text;

	while (*p) {
		int len = (int)strcspn(p, "\n"), cut = len;

		if (len > width) {
			for (cut = width; cut > 0 && p[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = width;
		}
		fprintf(out, "%s%.*s\n", indent, cut, p);
		p += cut;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
}

static void plain_begin(FILE *out, const struct model_info *info, int nsteps)
{
	fprintf(out, "forkscope %s: %s\n", FORKSCOPE_VERSION,
		info->title[0] ? info->title : "(untitled scenario)");
	if (info->about[0])
		wrapped(out, info->about, 78, "");
	fprintf(out, "%s, page size %ld bytes, %d steps.\n", info->kernel,
		info->page_size, nsteps);
	if (info->pfn_visible)
		fprintf(out, "Physical frame numbers (PFN) are visible.\n");
	else
		fprintf(out, "PFNs hidden: %s.\n", info->why_hidden);
}

static void plain_var(FILE *out, const struct model_snap *snap, int p, int v)
{
	const struct model_var *mv = &snap->procs[p].vars[v];
	char words[160], faults[64], value[32], pfn[32];

	describe_var(snap, p, v, words, sizeof(words));
	describe_faults(mv, faults, sizeof(faults));
	if (mv->readable)
		snprintf(value, sizeof(value), "%lld", mv->value);
	else
		snprintf(value, sizeof(value), "?");
	if (mv->pfn_known)
		snprintf(pfn, sizeof(pfn), "0x%" PRIx64, mv->pfn);
	else
		snprintf(pfn, sizeof(pfn), mv->present ? "hidden" : "-");
	fprintf(out, "    %-8s %-6s = %-6s%s addr 0x%" PRIx64 "  pfn %-9s%s %s%s%s%s\n",
		mv->name, model_region_name(mv->region), value,
		mv->value_changed ? "*" : " ", mv->addr, pfn,
		mv->pfn_changed ? "*" : " ", mv->exclusive ? "exclusive, " : "",
		words, faults[0] ? "  " : "", faults);
	if (mv->mapcount >= 0)
		fprintf(out, "    %-8s map count %lld\n", "", mv->mapcount);
	if (mv->region == REGION_HUGE)
		fprintf(out, "    %-8s %s\n", "", mv->huge > 0 ? "in a huge page" :
			mv->huge == 0 ? "not in a huge page" : "huge page: the kernel will not say");
}

static void plain_proc(FILE *out, const struct model_snap *snap, int p)
{
	const struct model_proc *mp = &snap->procs[p];
	char state[96], ret[96];

	describe_state(mp, state, sizeof(state));
	describe_return(mp, ret, sizeof(ret));
	fprintf(out, "  %s  pid %d", mp->name, (int)mp->pid);
	if (mp->state != PROC_EXITED)
		fprintf(out, "  ppid %d  %s (state %c)", (int)mp->ppid, state, mp->kstate);
	else
		fprintf(out, "  %s", state);
	fprintf(out, "%s%s%s\n", ret[0] ? "  " : "", ret,
		mp->observed ? "  [read from outside while suspended]" : "");
	if (mp->faults > 0)
		fprintf(out, "    minor faults during this step: %ld\n", mp->faults);
	for (int v = 0; v < mp->nvars; v++)
		plain_var(out, snap, p, v);
	if (mp->output[0]) {
		const char *line = mp->output;
		while (*line) {
			int n = (int)strcspn(line, "\n");
			fprintf(out, "    stdout: %.*s\n", n, line);
			line += n + (line[n] == '\n');
		}
	}
	if (mp->fdmask || mp->sigmask) {
		fprintf(out, "    ");
		for (int i = 0; i < MAX_FDS; i++)
			if (mp->fdmask & (1u << i))
				fprintf(out, "fd %d open ", 200 + i);
		for (int i = 0; i < model_signal_count(); i++)
			if (mp->sigmask & (1u << i))
				fprintf(out, "SIG%s handled ", model_signal_name(i));
		fprintf(out, "\n");
	}
}

static void plain_step(FILE *out, const struct model_info *info,
		       const struct model_snap *snap)
{
	(void)info;
	if (snap->step == 0)
		fprintf(out, "\n== step 0/%d: before the first action\n", snap->nsteps);
	else
		fprintf(out, "\n== step %d/%d: %s\n", snap->step, snap->nsteps, snap->action);
	if (snap->say[0])
		wrapped(out, snap->say, 74, "  | ");
	if (!snap->ok)
		fprintf(out, "  FAILED: %s\n", snap->error);
	for (int p = 0; p < snap->nprocs; p++)
		plain_proc(out, snap, p);
	for (int r = 0; r < snap->nrels; r++) {
		const struct model_rel *rel = &snap->rels[r];
		fprintf(out, "  %s & %s: address space %s, fd table %s, signal handlers %s\n",
			snap->procs[rel->a].name, snap->procs[rel->b].name,
			describe_share(rel->vm), describe_share(rel->files),
			describe_share(rel->sighand));
	}
}

static void plain_end(FILE *out, int failures)
{
	if (failures)
		fprintf(out, "\n%d step%s failed.\n", failures, failures == 1 ? "" : "s");
	else
		fprintf(out, "\nEnd of scenario.\n");
}

const struct view view_plain = { plain_begin, plain_step, plain_end };
