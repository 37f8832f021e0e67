/* SPDX-License-Identifier: MIT */
/* panes.c - one column per process. A column is made of sections that line
 * up across columns: the head (state, what the call returned), descriptors
 * and handlers, one section per variable, and captured stdout. Each section
 * is a flow of facts; when the height is short, the least needed facts go
 * first (detail levels), never a word cut without an ellipsis. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "paint.h"
#include "pagemap.h"
#include "panes.h"
#include "theme.h"

#define GUTTER 4                /* columns between two process columns */
#define MARGIN 1                /* columns left free at each side */
#define COL_MIN 13              /* narrowest column */
#define WIDE 120                /* from here: addresses and all bits */
#define TALL 999                /* rows when measuring */

enum section { SEC_HEAD, SEC_FDS, SEC_VAR, SEC_OUT };

void panes_change_words(const struct model_var *mv, char *buf, size_t len)
{
	describe_faults(mv, buf, len);
}

void panes_kstate_words(const struct model_proc *mp, char *buf, size_t len)
{
	describe_kstate(mp, buf, len);
}

static bool alive(const struct model_proc *mp)
{
	return mp->state != PROC_EXITED;
}

static enum role proc_role(int p)
{
	return R_PROC0 + p % THEME_PROC_ROLES;
}

static bool shares_vm(const struct model_snap *s, int a, int b)
{
	int r = describe_rel(s, a, b);

	return r >= 0 && s->rels[r].vm == SHARE_SHARED;
}

/* Must process p have a column in this step? */
static bool must_show(const struct model_snap *s, int actor, int p)
{
	return p == actor || s->procs[p].born || (actor >= 0 && shares_vm(s, actor, p));
}

static void add_sorted(int *list, int *n, int p)
{
	int i = (*n)++;

	for (; i > 0 && list[i - 1] > p; i--)
		list[i] = list[i - 1];
	list[i] = p;
}

/* Fill pl->idx with the processes that get a column: all living ones if
 * they fit in max columns, else the ones that must be seen and a page of
 * the others. */
static void choose(struct panes *pl, int max, int page)
{
	const struct model_snap *s = pl->snap;
	int actor = model_find_proc(s, s->actor), others[MAX_PROCS], nothers = 0;
	int live = 0, room;

	pl->n = pl->nhidden = 0;
	pl->page = 0;
	pl->npages = 1;
	/* A task that ended by its own action stays for that step: a thread
	 * leaves no zombie to show its exit. */
	for (int p = 0; p < s->nprocs; p++)
		live += alive(&s->procs[p]) || p == actor;
	for (int p = 0; p < s->nprocs; p++) {
		if (!alive(&s->procs[p]) && p != actor)
			continue;
		if (live <= max || (must_show(s, actor, p) && pl->n < max))
			add_sorted(pl->idx, &pl->n, p);
		else
			others[nothers++] = p;
	}
	room = max - pl->n;
	if (!nothers)
		return;
	if (room > 0) {
		pl->npages = (nothers + room - 1) / room;
		pl->page = page % pl->npages;
	}
	for (int i = 0; i < nothers; i++) {
		if (room > 0 && i / room == pl->page)
			add_sorted(pl->idx, &pl->n, others[i]);
		else
			pl->hidden[pl->nhidden++] = others[i];
	}
}

/* Does any shown process have something for this section? */
static bool section_used(const struct panes *pl, enum section sec)
{
	for (int i = 0; i < pl->n; i++) {
		const struct model_proc *mp = &pl->snap->procs[pl->idx[i]];

		if (sec == SEC_FDS && (mp->fdmask || mp->sigmask || pl->info->names[0][0]))
			return true;
		if (sec == SEC_OUT && mp->output[0])
			return true;
	}
	return false;
}

/* Is a fact of this priority shown at the plan's level? 0: always; 4: only
 * with room to spare. Level 4 shows everything with a blank row between
 * sections, 3 leaves out addresses, bits and fault counts, 2 the blank rows
 * and "running", 1 ppid and (narrow) the region, 0 who else maps the page. */
static bool want(const struct panes *pl, int pri)
{
	return pri <= pl->level;
}

/* The region's name after a variable's: on a wide screen always, else it
 * goes with the parent's pid, before the words on who else maps the page
 * (it costs a variable's line its frame number in a narrow column). */
static bool want_region(const struct panes *pl)
{
	return want(pl, pl->width + 2 * MARGIN >= WIDE ? 0 : 2);
}

static void head_cell(const struct panes *pl, int p, struct cell *c)
{
	const struct model_proc *mp = &pl->snap->procs[p];
	char buf[160];

	cell_clear(c);
	if (pl->colw < 20)      /* no room for the pid on the name's line */
		cell_add(c, theme_attr(R_LABEL), 2, false, "pid %d", (int)mp->pid);
	describe_ident(pl->snap, p, buf, sizeof(buf));
	if (buf[0])             /* a thread: its process's pid, a tid of its own */
		cell_add(c, theme_attr(R_NORMAL), 2, true, "%s", buf);
	if (want(pl, 2) && mp->state != PROC_EXITED)    /* ended: no parent now */
		cell_add(c, theme_attr(R_LABEL), 2, false, "ppid %d", (int)mp->ppid);
	describe_state(mp, buf, sizeof(buf));
	if (mp->state != PROC_RUNNING)
		cell_add(c, theme_attr(R_WARN), 2, true, "%s", buf);
	else if (want(pl, 3))
		cell_add(c, theme_attr(R_NORMAL), 2, false, "%s", buf);
	panes_kstate_words(mp, buf, sizeof(buf));
	if (buf[0])
		cell_add(c, theme_attr(R_WARN), 2, false, "%s", buf);
	describe_return(pl->snap, p, buf, sizeof(buf));
	if (buf[0])
		cell_add(c, theme_attr(R_NORMAL), 2, true, "%s", buf);
	if (mp->image > 1)
		cell_add(c, theme_attr(R_NORMAL), 2, true, "program image %d (exec)", mp->image);
	if (mp->observed && want(pl, 2))
		cell_add(c, theme_attr(R_LABEL), 2, false, "values read from outside");
	if (mp->faults > 0 && want(pl, 4))
		cell_add(c, theme_attr(R_LABEL), 2, false, "%ld minor fault%s in this step",
			 mp->faults, mp->faults == 1 ? "" : "s");
}

/* The mark after something the step changed. */
static void changed_mark(struct cell *c)
{
	cell_add(c, theme_attr(R_CHANGED), 1, false, "%s", theme_glyph(G_CHANGED));
	cell_glue(c);
}

/* Open descriptors by name and handled signals; what the step opened,
 * closed, installed or reset carries the change mark. */
static void fds_cell(const struct panes *pl, int p, struct cell *c)
{
	const struct model_proc *mp = &pl->snap->procs[p];
	bool any = false;

	cell_clear(c);
	if (mp->state == PROC_ZOMBIE)
		return;
	for (int i = 0; i < MAX_FDS; i++) {
		unsigned bit = 1u << i;

		if (!((mp->fdmask | mp->fd_changed) & bit))
			continue;
		cell_add(c, theme_attr(R_NORMAL), 2, false, "%s", pl->info->names[i]);
		if (mp->fdmask & bit)
			cell_add(c, theme_attr(R_LABEL), 1, false, "fd %d", 200 + i);
		else
			cell_add(c, theme_attr(R_CHANGED), 1, false, "closed");
		cell_glue(c);
		if (mp->fd_changed & bit)
			changed_mark(c);
		any = true;
	}
	if (!any)
		cell_add(c, theme_attr(R_LABEL), 2, false, "no descriptors");
	any = false;
	for (int i = 0; i < model_signal_count(); i++) {
		unsigned bit = 1u << i;

		if (!((mp->sigmask | mp->sig_changed) & bit))
			continue;
		cell_add(c, theme_attr(mp->sigmask & bit ? R_NORMAL : R_CHANGED), 2, !any,
			 "SIG%s %s", model_signal_name(i), mp->sigmask & bit ? "handler" : "default");
		if (mp->sig_changed & bit)
			changed_mark(c);
		any = true;
	}
	if (!any)
		cell_add(c, theme_attr(R_LABEL), 2, true, "no handlers");
}

/* The pagemap bits that are set, by the names of the table that decodes
 * them. */
static void bit_names(const struct model_var *mv, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; pagemap_bits[i].mask; i++) {
		uint64_t m = pagemap_bits[i].mask;
		bool on = (m == PM_PRESENT && mv->present) ||
			  (m == PM_EXCLUSIVE && mv->exclusive) ||
			  (m == PM_FILE_SHARED && mv->file_or_shared) ||
			  (m == PM_SWAPPED && mv->swapped);

		if (on)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? " " : "", pagemap_bits[i].name);
	}
}

/* Words made of "; "-separated clauses, a fragment each, so that a narrow
 * column breaks between clauses rather than inside one. */
static void add_clauses(struct cell *c, attr_t a, const char *words)
{
	bool first = true;

	while (*words) {
		int n = (int)strcspn(words, ";");

		cell_add(c, a, 1, first, "%.*s%s", n, words, words[n] ? ";" : "");
		first = false;
		words += n;
		while (*words == ';' || *words == ' ')
			words++;
	}
}

/* Is variable v left out, as the page grid shows it? */
static bool left_out(const struct panes *pl, int v)
{
	for (int i = 0; pl->grids && i < pl->n; i++)
		if (model_pages(pl->snap, pl->idx[i], v))
			return true;
	return false;
}

/* Columns of a variable's first words: name, region, value and mark. */
static int head_width(const struct panes *pl, const struct model_var *mv)
{
	char val[32];

	snprintf(val, sizeof(val), mv->readable ? "%lld" : "?", mv->value);
	return paint_width(mv->name) + 3 + paint_width(val) +
	       (want_region(pl) ?
		1 + paint_width(model_region_name(mv->region)) : 0) +
	       (mv->value_changed ? 2 : 0);
}

/* Frame numbers line up where every variable's first words leave room,
 * if one still fits after them. */
static int tab_stop(const struct panes *pl)
{
	int tab = 0;

	for (int i = 0; i < pl->n; i++) {
		const struct model_proc *mp = &pl->snap->procs[pl->idx[i]];

		for (int v = 0; v < mp->nvars; v++) {
			int w = left_out(pl, v) ? 0 : head_width(pl, &mp->vars[v]) + 3;

			tab = w > tab ? w : tab;
		}
	}
	return tab + (int)strlen("pfn 0x1234567 *") <= pl->colw ? tab : 0;
}

static void var_cell(const struct panes *pl, int p, int v, struct cell *c)
{
	const struct model_snap *s = pl->snap;
	const struct model_proc *mp = &s->procs[p];
	const struct model_var *mv = &mp->vars[v];
	bool wide = pl->width + 2 * MARGIN >= WIDE;
	char buf[200];

	cell_clear(c);
	if (mp->state == PROC_ZOMBIE) {
		if (v == 0)
			cell_add(c, theme_attr(R_LABEL), 0, false,
				 "no memory: a zombie keeps only its exit status");
		return;
	}
	if (v >= mp->nvars)
		return;
	cell_add(c, theme_bold(R_NORMAL), 0, false, "%s", mv->name);
	if (want_region(pl))
		cell_add(c, theme_attr(R_LABEL), 1, false, "%s", model_region_name(mv->region));
	cell_add(c, theme_attr(R_NORMAL), 1, false, "=");
	cell_glue(c);
	cell_add(c, mv->value_changed ? theme_attr(R_CHANGED) : theme_bold(R_NORMAL),
		 1, false, mv->readable ? "%lld" : "?", mv->value);
	cell_glue(c);
	if (mv->value_changed)
		changed_mark(c);
	cell_add(c, theme_attr(R_LABEL), 3, false, "pfn");
	cell_tab(c, pl->tab);
	if (mv->pfn_known)
		cell_add(c, mv->pfn_changed ? theme_attr(R_CHANGED) : theme_attr(R_NORMAL),
			 1, false, "0x%" PRIx64, mv->pfn);
	else
		cell_add(c, theme_attr(R_NORMAL), 1, false, mv->present ? "hidden" : "none");
	cell_glue(c);
	if (mv->pfn_changed)
		changed_mark(c);
	panes_change_words(mv, buf, sizeof(buf));
	add_clauses(c, theme_attr(R_FAULT), buf);
	if (want(pl, 1)) {
		describe_var(s, p, v, buf, sizeof(buf));
		add_clauses(c, theme_attr(R_SHARED), buf);
	}
	if (mv->region == REGION_HUGE)
		cell_add(c, theme_attr(R_NORMAL), 2, false, "%s", mv->huge > 0 ? "huge page" :
			 mv->huge == 0 ? "not a huge page" : "huge: unknown");
	if (want(pl, wide ? 0 : 4))
		cell_add(c, theme_attr(R_LABEL), 2, false, "addr 0x%" PRIx64, mv->addr);
	bit_names(mv, buf, sizeof(buf));
	if (buf[0] && want(pl, wide ? 2 : 4))
		cell_add(c, theme_attr(R_LABEL), 2, false, "bits: %s", buf);
}

static void out_cell(const struct panes *pl, int p, struct cell *c)
{
	const char *out = pl->snap->procs[p].output;
	char line[PRINT_MAX + 8];

	cell_clear(c);
	if (!out[0])
		return;
	cell_add(c, theme_attr(R_LABEL), 0, false, "stdout:");
	while (*out) {
		int n = (int)strcspn(out, "\n");

		snprintf(line, sizeof(line), "%.*s", n, out);
		cell_add(c, theme_attr(R_NORMAL), 1, false, "%s", line);
		out += n + (out[n] == '\n');
	}
}

static void build(const struct panes *pl, enum section sec, int v, int p, struct cell *c)
{
	if (sec == SEC_HEAD)
		head_cell(pl, p, c);
	else if (sec == SEC_FDS)
		fds_cell(pl, p, c);
	else if (sec == SEC_VAR)
		var_cell(pl, p, v, c);
	else
		out_cell(pl, p, c);
}

/* Rows of a section: the tallest of its cells. */
static int section_rows(const struct panes *pl, enum section sec, int v)
{
	struct cell c;
	int rows = 0;

	for (int i = 0; i < pl->n; i++) {
		int r;

		build(pl, sec, v, pl->idx[i], &c);
		r = paint_cell(-1, 0, pl->colw, TALL, &c);
		rows = r > rows ? r : rows;
	}
	return rows;
}

static int var_count(const struct panes *pl)
{
	int n = 0;

	for (int i = 0; i < pl->n; i++) {
		int k = pl->snap->procs[pl->idx[i]].nvars;
		n = k > n ? k : n;
	}
	return n;
}

/* Rows all sections take at the plan's level, with nvars variables; a
 * blank row between sections when the level is high. */
static int total_rows(struct panes *pl, int nvars)
{
	int gap = pl->level >= 3, rows;

	pl->tab = tab_stop(pl);
	rows = 1 + section_rows(pl, SEC_HEAD, 0);

	if (section_used(pl, SEC_FDS))
		rows += gap + section_rows(pl, SEC_FDS, 0);
	for (int v = 0; v < nvars; v++)
		if (!left_out(pl, v))
			rows += gap + section_rows(pl, SEC_VAR, v);
	if (section_used(pl, SEC_OUT))
		rows += gap + section_rows(pl, SEC_OUT, 0);
	return rows;
}

void panes_plan(struct panes *pl, const struct model_info *info,
		const struct model_snap *snap, int width, int height, int page, bool grids)
{
	int max;

	memset(pl, 0, sizeof(*pl));
	pl->grids = grids;
	pl->info = info;
	pl->snap = snap;
	width -= 2 * MARGIN;
	pl->width = width;
	max = (width + GUTTER) / (COL_MIN + GUTTER);
	max = max < 1 ? 1 : max > MAX_PROCS ? MAX_PROCS : max;
	choose(pl, max, page);
	pl->colw = pl->n ? (width - (pl->n - 1) * GUTTER) / pl->n : width;
	pl->nvars = var_count(pl);
	for (pl->level = PANES_LEVELS - 1; pl->level > 0; pl->level--)
		if ((pl->rows = total_rows(pl, pl->nvars)) <= height)
			return;
	/* Least detail: as many variables as fit. */
	while (pl->nvars > 0 && (pl->rows = total_rows(pl, pl->nvars)) > height)
		pl->nvars--;
	pl->rows = total_rows(pl, pl->nvars);
}

/* The column's first row: the name (reversed for the actor), the pid when
 * it fits, a rule in the process's colour. */
static void name_row(const struct panes *pl, int p, int y, int x)
{
	const struct model_proc *mp = &pl->snap->procs[p];
	attr_t a = theme_attr(proc_role(p));
	bool actor = strcmp(pl->snap->actor, mp->name) == 0 && pl->snap->step > 0;
	char buf[64];
	int col;

	attrset(a);
	mvhline(y, x, ACS_HLINE, pl->colw);
	snprintf(buf, sizeof(buf), "%s%s%s ", actor ? theme_glyph(G_STEP) : "",
		 actor ? " " : "", mp->name);
	col = paint_text(y, x, pl->colw, actor ? a | A_REVERSE : a, buf);
	if (mp->born && pl->snap->step > 0)     /* created by this step */
		col += paint_text(y, x + col, pl->colw - col, theme_attr(R_CHANGED), "new") +
		       paint_text(y, x + col + 3, pl->colw - col - 3, a, " ");
	if (pl->colw >= 20) {
		snprintf(buf, sizeof(buf), " pid %d ", (int)mp->pid);
		if (col + paint_width(buf) + 1 <= pl->colw)
			paint_text(y, x + pl->colw - paint_width(buf), pl->colw, a, buf);
	}
}

/* Marks between neighbours a and b at a variable's first row: one address
 * space, the same frame, different frames, or cannot tell. */
static void gutter_mark(const struct model_snap *s, int a, int b, int v, int y, int x)
{
	static const enum glyph glyphs[] = {
		[FRAME_ONE_SPACE] = G_ONE_SPACE, [FRAME_SAME] = G_SAME,
		[FRAME_DIFFER] = G_DIFFER, [FRAME_UNKNOWN] = G_UNKNOWN,
	};
	enum frame_rel r = model_frame_rel(s, a, b, v);
	attr_t at = r == FRAME_DIFFER ? theme_attr(R_FAULT) :
		    r == FRAME_UNKNOWN ? theme_attr(R_LABEL) : theme_bold(R_SHARED);

	if (r == FRAME_NONE)
		return;
	paint_text(y, x + 1, 1, at, theme_glyph(glyphs[r]));
	paint_text(y, x + 2, 1, at, theme_glyph(glyphs[r]));
}

/* One section across all columns from row y; rows it took. */
static int draw_section(const struct panes *pl, enum section sec, int v, int y, int rows)
{
	struct cell c;

	for (int i = 0; i < pl->n; i++) {
		int x = MARGIN + i * (pl->colw + GUTTER);

		build(pl, sec, v, pl->idx[i], &c);
		paint_cell(y, x, pl->colw, rows, &c);
		if (sec == SEC_VAR && i > 0)
			gutter_mark(pl->snap, pl->idx[i - 1], pl->idx[i], v, y, x - GUTTER);
	}
	return rows;
}

void panes_draw(const struct panes *pl, int y, int height)
{
	int gap = pl->level >= 3, end = y + height, row = y + 1, r;

	for (int i = 0; i < height; i++)
		paint_blank(y + i, 0, pl->width + 2 * MARGIN, theme_attr(R_NORMAL));
	for (int i = 0; i < pl->n; i++)
		name_row(pl, pl->idx[i], y, MARGIN + i * (pl->colw + GUTTER));
	r = section_rows(pl, SEC_HEAD, 0);
	row += draw_section(pl, SEC_HEAD, 0, row, r < end - row ? r : end - row);
	if (section_used(pl, SEC_FDS) && row + gap < end) {
		r = section_rows(pl, SEC_FDS, 0);
		row += gap;
		row += draw_section(pl, SEC_FDS, 0, row, r < end - row ? r : end - row);
	}
	for (int v = 0; v < pl->nvars && row + gap < end; v++) {
		if (left_out(pl, v))
			continue;
		r = section_rows(pl, SEC_VAR, v);
		row += gap;
		row += draw_section(pl, SEC_VAR, v, row, r < end - row ? r : end - row);
	}
	if (section_used(pl, SEC_OUT) && row < end) {
		/* Captured output sits at the bottom of the columns. */
		r = section_rows(pl, SEC_OUT, 0);
		r = r < end - row ? r : end - row;
		draw_section(pl, SEC_OUT, 0, end - r, r);
	}
}

void panes_relations(const struct model_info *info, const struct model_snap *s,
		     char *buf, size_t len)
{
	int others = 0, unknown = 0;

	buf[0] = '\0';
	for (int r = 0; r < s->nrels; r++) {
		const struct model_rel *rel = &s->rels[r];
		const char *what[3];
		int n = 0;

		if (!alive(&s->procs[rel->a]) || !alive(&s->procs[rel->b]))
			continue;
		if (rel->vm == SHARE_SHARED)
			what[n++] = "memory";
		if (rel->files == SHARE_SHARED)
			what[n++] = "descriptors";
		if (rel->sighand == SHARE_SHARED)
			what[n++] = "signal handlers";
		unknown += rel->vm == SHARE_UNKNOWN || rel->files == SHARE_UNKNOWN ||
			   rel->sighand == SHARE_UNKNOWN;
		if (!n) {
			others += rel->vm == SHARE_SEPARATE;
			continue;
		}
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s & %s share %s%s%s%s",
			 buf[0] ? "; " : "kcmp: ", s->procs[rel->a].name, s->procs[rel->b].name,
			 what[0], n > 1 ? (n > 2 ? ", " : " and ") : "", n > 1 ? what[1] : "",
			 n > 2 ? ", and signal handlers" : "");
	}
	if (unknown)
		snprintf(buf + strlen(buf), len - strlen(buf), "%skcmp could not tell for "
			 "%d pair%s%s%s", buf[0] ? "; " : "", unknown, unknown == 1 ? "" : "s",
			 info->why_no_kcmp[0] ? ": " : "", info->why_no_kcmp);
	else if (others)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? "; " : "kcmp: ",
			 buf[0] ? (others == 1 ? "the other pair shares nothing" :
				   "every other pair shares nothing") :
			 others == 1 ? "the two processes share no memory, descriptors or "
				       "signal handlers" :
			 "no two processes share memory, descriptors or signal handlers");
}

void panes_hidden_names(const struct panes *pl, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < pl->nhidden; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "",
			 pl->snap->procs[pl->hidden[i]].name);
}
