/* SPDX-License-Identifier: MIT */
/* plain.c - the transcript view: one block per step, for pipes, files and
 * README excerpts. Every number comes with its words. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "pagetext.h"
#include "text.h"
#include "view.h"

/* One line of output, sanitised as a whole: names, texts and messages that
 * came from a scenario or a process cannot reach the terminal raw. */
static void line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(FILE *out, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	text_put(out, buf, 0);
	fputc('\n', out);
}

/* Text from the scenario, sanitised, at most width columns a line, broken at
 * spaces; its own newlines kept. */
static void wrapped(FILE *out, const char *text, int width, const char *indent)
{
	char buf[1024];
	const char *p = text;

	while (*p) {
		p = text_wrap(p, width, buf, sizeof(buf));
		fprintf(out, "%s%s\n", indent, buf);
	}
}

/* Has anything been written yet? A blank line goes between parts, not
 * before the first (--step N writes no header). */
static bool plain_started;

static void plain_begin(FILE *out, const struct model_info *info, int nsteps)
{
	plain_started = true;
	line(out, "forkscope %s: %s", FORKSCOPE_VERSION,
	     info->title[0] ? info->title : "(untitled scenario)");
	if (info->about[0])
		wrapped(out, info->about, 78, "");
	line(out, "%s, page size %ld bytes, %d step%s.", info->kernel,
	     info->page_size, nsteps, nsteps == 1 ? "" : "s");
	if (info->pfn_visible)
		line(out, "Physical frame numbers (PFN) are visible.");
	else
		line(out, "PFNs hidden: %s.", info->why_hidden);
}

/* A many-page variable's pages: runs of kinds, then the counts. */
static void plain_pages(FILE *out, const struct model_info *info,
			const struct model_snap *snap, int p, int v)
{
	char runs[1024], counts[256];

	if (!model_pages(snap, p, v))
		return;
	pagetext_runs(snap, p, v, runs, sizeof(runs));
	pagetext_counts(snap, p, v, info->page_size, counts, sizeof(counts));
	line(out, "    %-8s %d pages: %s", "", snap->procs[p].vars[v].npages, runs);
	line(out, "    %-8s %s", "", counts);
}

static void plain_var(FILE *out, const struct model_info *info,
		      const struct model_snap *snap, int p, int v)
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
	/* The change mark keeps a space from a value wider than its column. */
	line(out, "    %-8s %-6s = %-6s%s addr 0x%" PRIx64 "  pfn %-9s%s %s%s%s",
	     mv->name, model_region_name(mv->region), value,
	     !mv->value_changed ? " " : strlen(value) < 6 ? "*" : " *", mv->addr, pfn,
	     mv->pfn_changed ? "*" : " ", words, faults[0] ? "  " : "", faults);
	if (mv->huge >= 0 || mv->region == REGION_HUGE)
		line(out, "    %-8s %s%s%s", "", mv->huge > 0 ? "in a huge page" :
		     mv->huge == 0 ? "not in a huge page" : "huge page: the kernel will not say",
		     mv->huge == 0 && info->why_no_huge[0] ? ": " : "",
		     mv->huge == 0 ? info->why_no_huge : "");
}

/* Add item to a list of descriptors and handlers, two spaces apart. */
static void plain_join(char *list, size_t size, const char *item)
{
	size_t n = strlen(list);

	if (n < size)
		snprintf(list + n, size - n, "%s%s", n ? "  " : "", item);
}

static void plain_proc(FILE *out, const struct model_info *info,
		       const struct model_snap *snap, int p)
{
	const struct model_proc *mp = &snap->procs[p];
	char state[96], ret[96], kstate[64], head[256], ident[96], id[128];
	const char *o = mp->output;

	describe_ident(snap, p, ident, sizeof(ident));
	if (ident[0])           /* a thread: its process's pid, a tid of its own */
		snprintf(id, sizeof(id), "%s", ident);
	else
		snprintf(id, sizeof(id), "pid %d", (int)mp->pid);
	describe_state(mp, state, sizeof(state));
	describe_return(snap, p, ret, sizeof(ret));
	describe_kstate(mp, kstate, sizeof(kstate));
	if (mp->state != PROC_EXITED)
		snprintf(head, sizeof(head), "ppid %d  %s%s%s%s", (int)mp->ppid, state,
			 kstate[0] ? " (" : "", kstate, kstate[0] ? ")" : "");
	else
		snprintf(head, sizeof(head), "%s", state);
	line(out, "  %s  %s  %s%s%s%s", mp->name, id, head,
	     ret[0] ? "  " : "", ret,
	     mp->observed ? "  [read from outside: it cannot answer]" : "");
	if (mp->faults > 0)
		line(out, "    minor faults during this step: %ld", mp->faults);
	for (int v = 0; v < mp->nvars; v++) {
		plain_var(out, info, snap, p, v);
		plain_pages(out, info, snap, p, v);
	}
	while (*o) {            /* what it wrote, line by line */
		int n = (int)strcspn(o, "\n");
		line(out, "    stdout: %.*s", n, o);
		o += n + (o[n] == '\n');
	}
	if (mp->fdmask | mp->sigmask | mp->fd_changed | mp->sig_changed) {
		char list[512] = "";

		for (int i = 0; i < MAX_FDS; i++) {
			unsigned bit = 1u << i;
			char one[64];

			if (!((mp->fdmask | mp->fd_changed) & bit))
				continue;
			if (mp->fdmask & bit)
				snprintf(one, sizeof(one), "%s fd %d%s", info->names[i], 200 + i,
					 mp->fd_changed & bit ? " *" : "");
			else
				snprintf(one, sizeof(one), "%s closed *", info->names[i]);
			plain_join(list, sizeof(list), one);
		}
		for (int i = 0; i < model_signal_count(); i++) {
			unsigned bit = 1u << i;
			char one[64];

			if (!((mp->sigmask | mp->sig_changed) & bit))
				continue;
			snprintf(one, sizeof(one), "SIG%s %s%s", model_signal_name(i),
				 mp->sigmask & bit ? "handler" : "default",
				 mp->sig_changed & bit ? " *" : "");
			plain_join(list, sizeof(list), one);
		}
		line(out, "    %s", list);
	}
}

static void plain_step(FILE *out, const struct model_info *info,
		       const struct model_snap *snap)
{
	if (plain_started)
		fputc('\n', out);
	plain_started = true;
	if (snap->step == 0)
		line(out, "== step 0/%d: before the first action", snap->nsteps);
	else
		line(out, "== step %d/%d: %s", snap->step, snap->nsteps, snap->action);
	if (snap->say[0])
		wrapped(out, snap->say, 74, "  | ");
	if (!snap->ok)
		line(out, "  FAILED: %s", snap->error);
	for (int p = 0; p < snap->nprocs; p++)
		plain_proc(out, info, snap, p);
	for (int r = 0; r < snap->nrels; r++) {
		const struct model_rel *rel = &snap->rels[r];
		line(out, "  %s & %s: address space %s, fd table %s, signal handlers %s",
		     snap->procs[rel->a].name, snap->procs[rel->b].name,
		     describe_share(rel->vm), describe_share(rel->files),
		     describe_share(rel->sighand));
	}
	if (snap->nrels && !info->kcmp_visible)
		line(out, "  (what they share is unknown: %s)", info->why_no_kcmp);
	for (int i = 0; i < snap->nexpects; i++) {
		const struct model_expect *e = &snap->expects[i];
		char words[2 * EXPECT_TEXT + 64];

		/* The mark and a word: held, missed, usual but not this time,
		 * or not checkable here (the words then say why). */
		describe_expect(e, words, sizeof(words));
		line(out, "  %s %s: %s", e->ok == 1 ? (text_is_utf8() ? "\u2713" : "+") :
		     e->ok < 0 ? "?" : e->soft ? "~" : (text_is_utf8() ? "\u2717" : "x"),
		     e->ok == 1 ? "held" : e->ok < 0 ? "unchecked" : e->soft ? "usual" :
		     "MISSED", words);
	}
	fflush(out);
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
	fflush(out);
}

const struct view view_plain = { plain_begin, plain_step, plain_end };
