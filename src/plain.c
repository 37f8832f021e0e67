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
	fprintf(out, "%s, page size %ld bytes, %d step%s.\n", info->kernel,
		info->page_size, nsteps, nsteps == 1 ? "" : "s");
	if (info->pfn_visible)
		fprintf(out, "Physical frame numbers (PFN) are visible.\n");
	else
		fprintf(out, "PFNs hidden: %s.\n", info->why_hidden);
}

static void plain_var(FILE *out, const struct model_snap *snap, int p, int v)
{
	const struct model_var *mv = &snap->procs[p].vars[v];
	char words[200], faults[128], value[32], pfn[32];

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
	fprintf(out, "    %-8s %-6s = %-6s%s addr 0x%" PRIx64 "  pfn %-9s%s %s%s%s\n",
		mv->name, model_region_name(mv->region), value,
		mv->value_changed ? "*" : " ", mv->addr, pfn,
		mv->pfn_changed ? "*" : " ", words, faults[0] ? "  " : "", faults);
	if (mv->huge >= 0 || mv->region == REGION_HUGE)
		fprintf(out, "    %-8s %s\n", "", mv->huge > 0 ? "in a huge page" :
			mv->huge == 0 ? "not in a huge page" : "huge page: the kernel will not say");
}

static void plain_proc(FILE *out, const struct model_snap *snap, int p)
{
	const struct model_proc *mp = &snap->procs[p];
	char state[96], ret[96], kstate[64];

	describe_state(mp, state, sizeof(state));
	describe_return(mp, ret, sizeof(ret));
	describe_kstate(mp, kstate, sizeof(kstate));
	fprintf(out, "  %s  pid %d", mp->name, (int)mp->pid);
	if (mp->state != PROC_EXITED)
		fprintf(out, "  ppid %d  %s%s%s%s", (int)mp->ppid, state,
			kstate[0] ? " (" : "", kstate, kstate[0] ? ")" : "");
	else
		fprintf(out, "  %s", state);
	fprintf(out, "%s%s%s\n", ret[0] ? "  " : "", ret,
		mp->observed ? "  [read from outside: it cannot answer]" : "");
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
	if (snap->nrels && !info->kcmp_visible)
		fprintf(out, "  (what they share is unknown: %s)\n", info->why_no_kcmp);
	for (int i = 0; i < snap->nexpects; i++) {
		const struct model_expect *e = &snap->expects[i];
		char words[2 * EXPECT_TEXT + 64];

		describe_expect(e, words, sizeof(words));
		fprintf(out, "  %s expected: %s\n", e->ok == 1 ? "ok  " : e->ok < 0 ? "n/a " :
			e->soft ? "soft" : "FAIL", words);
	}
}

static void plain_end(FILE *out, int failures, int misses)
{
	if (failures)
		fprintf(out, "\n%d step%s failed.\n", failures, failures == 1 ? "" : "s");
	if (misses)
		fprintf(out, "\n%d expectation%s did not hold.\n", misses,
			misses == 1 ? "" : "s");
	if (!failures && !misses)
		fprintf(out, "\nEnd of scenario.\n");
}

const struct view view_plain = { plain_begin, plain_step, plain_end };
