/* SPDX-License-Identifier: MIT */
/* json.c - the JSON Lines view: a header object, then one object per step.
 * Field names and types are part of forkscope's interface (see the man page). */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pagetext.h"
#include "text.h"
#include "view.h"

static void json_str(FILE *out, const char *s)
{
	text_json(out, s);
}

static const char *jbool(int b)
{
	return b ? "true" : "false";
}

static void json_begin(FILE *out, const struct model_info *info, int nsteps)
{
	fprintf(out, "{\"forkscope\":");
	json_str(out, FORKSCOPE_VERSION);
	fprintf(out, ",\"kernel\":");
	json_str(out, info->kernel);
	fprintf(out, ",\"page_size\":%ld,\"pfn_visible\":%s,\"why_hidden\":",
		info->page_size, jbool(info->pfn_visible));
	if (info->pfn_visible)
		fputs("null", out);
	else
		json_str(out, info->why_hidden);
	fprintf(out, ",\"mapcount_visible\":%s,\"kcmp_visible\":%s,\"why_no_kcmp\":",
		jbool(info->mapcount_visible), jbool(info->kcmp_visible));
	if (info->kcmp_visible)
		fputs("null", out);
	else
		json_str(out, info->why_no_kcmp);
	fprintf(out, ",\"why_no_huge\":");
	if (info->why_no_huge[0])
		json_str(out, info->why_no_huge);
	else
		fputs("null", out);
	fprintf(out, ",\"title\":");
	json_str(out, info->title);
	fprintf(out, ",\"about\":");
	json_str(out, info->about);
	fprintf(out, ",\"steps\":%d}\n", nsteps);
}

/* A many-page variable's pages as runs of alike pages, and its counts. */
static void json_pages(FILE *out, const struct model_info *info,
		       const struct model_snap *snap, int p, int v)
{
	const struct model_page *pg = model_pages(snap, p, v);
	int n = pg ? snap->procs[p].vars[v].npages : 0;
	struct model_counts c;

	fprintf(out, ",\"npages\":%d", n ? n : 1);
	if (!pg)
		return;
	fputs(",\"pages\":[", out);
	for (int i = 0, end; i < n; i = end) {
		const struct model_page *a = &pg[i];
		const char *change = model_change_name(a->change);

		end = pagetext_run_end(pg, n, i, true);
		fprintf(out, "%s[%d,%d,\"%s\",", i ? "," : "", i, end - 1,
			model_page_kind_name(model_page_kind(a)));
		if (change)
			fprintf(out, "\"%s\"", change);
		else
			fputs("null", out);
		fprintf(out, ",%s,%d,%s,%s,", jbool(a->certain), a->faults,
			a->huge < 0 ? "null" : jbool(a->huge), jbool(a->touched));
		if (a->readable)
			fprintf(out, "%lld]", a->value);
		else
			fputs("null]", out);
	}
	model_count_pages(snap, p, v, 0, -1, &c);
	fputs("],\"page_counts\":{", out);
	for (int k = 0; k < PK_COUNT; k++)
		fprintf(out, "\"%s\":%d,", model_page_kind_name(k), c.kind[k]);
	fprintf(out, "\"huge\":%d,\"changed\":%d,\"copied_now\":%d,\"faults\":%ld,"
		"\"kib_copied\":%ld}", c.huge, c.changed, c.copied, c.faults,
		(long)c.copied * info->page_size / 1024);
}

static void json_var(FILE *out, const struct model_info *info,
		     const struct model_snap *snap, int p, int vi)
{
	const struct model_var *v = &snap->procs[p].vars[vi];

	fprintf(out, "{\"name\":");
	json_str(out, v->name);
	fprintf(out, ",\"region\":\"%s\",\"addr\":\"0x%" PRIx64 "\",\"value\":",
		model_region_name(v->region), v->addr);
	if (v->readable)
		fprintf(out, "%lld", v->value);
	else
		fputs("null", out);
	fprintf(out, ",\"madvise\":");
	if (model_advice_name(v->advice))
		fprintf(out, "\"%s\"", model_advice_name(v->advice));
	else
		fputs("null", out);
	fprintf(out, ",\"mapped\":%s,\"present\":%s,\"pfn\":", jbool(v->mapped),
		jbool(v->present));
	if (v->pfn_known)
		fprintf(out, "\"0x%" PRIx64 "\"", v->pfn);
	else
		fputs("null", out);
	fprintf(out, ",\"exclusive\":%s,\"file_or_shared\":%s,\"swapped\":%s,"
		"\"faults\":%ld,\"mapcount\":", jbool(v->exclusive),
		jbool(v->file_or_shared), jbool(v->swapped), v->faults);
	if (v->mapcount >= 0)
		fprintf(out, "%lld", v->mapcount);
	else
		fputs("null", out);
	fprintf(out, ",\"huge\":%s,\"change\":", v->huge < 0 ? "null" : jbool(v->huge));
	if (model_change_name(v->change))
		fprintf(out, "\"%s\"", model_change_name(v->change));
	else
		fputs("null", out);
	fprintf(out, ",\"certain\":%s,\"split\":%s", jbool(v->certain), jbool(v->split));
	json_pages(out, info, snap, p, vi);
	fputc('}', out);
}

static void json_proc(FILE *out, const struct model_info *info,
		      const struct model_snap *snap, int pi)
{
	const struct model_proc *p = &snap->procs[pi];
	char kstate[2] = { p->kstate, '\0' };
	int first = 1;

	fprintf(out, "{\"name\":");
	json_str(out, p->name);
	fprintf(out, ",\"pid\":%d,\"tid\":%d,\"thread\":%s,\"ppid\":%d,\"image\":%d,"
		"\"state\":\"%s\",\"kstate\":", (int)p->pid, (int)p->tid, jbool(p->thread),
		(int)p->ppid, p->image, model_state_name(p->state));
	json_str(out, kstate);
	fprintf(out, ",\"observed\":%s,\"exit_status\":", jbool(p->observed));
	if (p->state >= PROC_ZOMBIE && !p->thread)      /* a thread keeps none */
		fprintf(out, "%d", p->exit_status);
	else
		fputs("null", out);
	fprintf(out, ",\"signal\":");
	if (p->term_signal && sigabbrev_np(p->term_signal))
		fprintf(out, "\"SIG%s\"", sigabbrev_np(p->term_signal));
	else
		fputs("null", out);
	fprintf(out, ",\"call\":");
	if (p->call[0])
		json_str(out, p->call);
	else
		fputs("null", out);
	fprintf(out, ",\"returned\":");
	if (p->has_returned)
		fprintf(out, "%lld", p->returned);
	else
		fputs("null", out);
	fprintf(out, ",\"errno\":%d,\"faults\":", p->has_returned && p->returned < 0 ?
		p->returned_errno : 0);
	if (p->faults >= 0)
		fprintf(out, "%ld", p->faults);
	else
		fputs("null", out);
	fprintf(out, ",\"output\":");
	json_str(out, p->output);
	fprintf(out, ",\"vars\":[");
	for (int v = 0; v < p->nvars; v++) {
		fputs(v ? "," : "", out);
		json_var(out, info, snap, pi, v);
	}
	fprintf(out, "],\"fds\":[");
	for (int i = 0; i < MAX_FDS; i++)
		if (p->fdmask & (1u << i)) {
			fputs(first ? "" : ",", out);
			json_str(out, info->names[i]);
			first = 0;
		}
	fprintf(out, "],\"handlers\":[");
	first = 1;
	for (int i = 0; i < model_signal_count(); i++)
		if (p->sigmask & (1u << i)) {
			fprintf(out, "%s\"SIG%s\"", first ? "" : ",", model_signal_name(i));
			first = 0;
		}
	fprintf(out, "]}");
}

static void json_step(FILE *out, const struct model_info *info,
		      const struct model_snap *snap)
{
	static const char *const share[] = { "unknown", "separate", "shared" };

	fprintf(out, "{\"step\":%d,\"actor\":", snap->step);
	if (snap->step)
		json_str(out, snap->actor);
	else
		fputs("null", out);
	fprintf(out, ",\"action\":");
	if (snap->step)
		json_str(out, snap->action);
	else
		fputs("null", out);
	fprintf(out, ",\"say\":");
	json_str(out, snap->say);
	fprintf(out, ",\"ok\":%s,\"error\":", jbool(snap->ok));
	if (snap->ok)
		fputs("null", out);
	else
		json_str(out, snap->error);
	fprintf(out, ",\"procs\":[");
	for (int p = 0; p < snap->nprocs; p++) {
		fputs(p ? "," : "", out);
		json_proc(out, info, snap, p);
	}
	fprintf(out, "],\"relations\":[");
	for (int r = 0; r < snap->nrels; r++) {
		const struct model_rel *rel = &snap->rels[r];
		fprintf(out, "%s{\"a\":", r ? "," : "");
		json_str(out, snap->procs[rel->a].name);
		fprintf(out, ",\"b\":");
		json_str(out, snap->procs[rel->b].name);
		fprintf(out, ",\"vm\":\"%s\",\"files\":\"%s\",\"sighand\":\"%s\"}",
			share[rel->vm + 1], share[rel->files + 1], share[rel->sighand + 1]);
	}
	fprintf(out, "],\"expects\":[");
	for (int i = 0; i < snap->nexpects; i++) {
		const struct model_expect *e = &snap->expects[i];
		fprintf(out, "%s{\"text\":", i ? "," : "");
		json_str(out, e->text);
		fprintf(out, ",\"ok\":%s,\"soft\":%s,\"got\":",
			e->ok < 0 ? "null" : jbool(e->ok), jbool(e->soft));
		json_str(out, e->got);
		fputs("}", out);
	}
	fprintf(out, "]}\n");
	fflush(out);
}

static void json_end(FILE *out, int failures, int misses)
{
	(void)out;
	(void)failures;
	(void)misses;
}

const struct view view_json = { json_begin, json_step, json_end };
