/* SPDX-License-Identifier: MIT */
/* draw.c - the TUI's screens. The steps screen: a title bar, a status line,
 * the process columns (panes.c), kcmp's answers, the caption with the step,
 * its narration and the expectations' verdicts, and the footer with the
 * keys. The height is shared between columns and caption so that neither
 * loses words. Also the text views (help, all text, predict summary) and
 * the too-small notice. */
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "draw.h"
#include "grid.h"
#include "pagemap.h"
#include "paint.h"
#include "panes.h"
#include "theme.h"

#define CAPTION_MIN 4           /* rows the caption keeps however tall the panes */
#define PANES_MIN 4             /* rows worth giving the panes above a grid */
#define TEXT_LINES 160          /* lines of a text view */

/* An expectation's verdict: its mark, then describe.c's words. */
static void expect_words(const struct model_expect *e, char *buf, size_t len)
{
	char words[EXPECT_TEXT * 3];

	describe_expect(e, words, sizeof(words));
	snprintf(buf, len, "%s %s", theme_glyph(e->ok == 1 ? G_OK : e->ok < 0 ? G_UNKNOWN :
						 e->soft ? G_SOFT_MISS : G_NOT_OK), words);
}

static enum role expect_role(const struct model_expect *e)
{
	return e->ok == 1 ? R_GOOD : e->ok == 0 && !e->soft ? R_BAD : R_WARN;
}

static bool compact(int W, int H)
{
	return W < DRAW_FULL_W || H < DRAW_FULL_H;
}

/* What the status line says, most urgent first; its role. */
static enum role status_text(const struct draw_state *d, char *buf, size_t len)
{
	const struct model_snap *s = d->snap;

	if (d->asking) {
		snprintf(buf, len, " PREDICT: step %d has run; its result shows when you "
			 "answer ", d->asking->step);
		return R_REPLAY;
	}
	if (s->step < d->live_step) {
		snprintf(buf, len, " REPLAY of step %d: the processes are at step %d. "
			 ": here starts a what-if ", s->step, d->live_step);
		return R_REPLAY;
	}
	if (d->branch_at >= 0) {
		snprintf(buf, len, " WHAT-IF: your steps after step %d of the demo; "
			 "m goes back to it ", d->branch_at);
		return R_REPLAY;
	}
	if (!d->info->pfn_visible) {
		/* The reason's first clause; the text view has all of it. */
		snprintf(buf, len, "PFNs hidden: %.*s", (int)strcspn(d->info->why_hidden, ";."),
			 d->info->why_hidden);
		return R_WARN;
	}
	snprintf(buf, len, "pfn: physical frame   %s same frame   %s different frames   "
		 "%s one address space", theme_glyph(G_SAME), theme_glyph(G_DIFFER),
		 theme_glyph(G_ONE_SPACE));
	return R_LABEL;
}

/* Title bar, and the status line unless compact; rows used. With a grid
 * on screen the grid's legend stands where the frame marks' would. */
static int top_lines(const struct draw_state *d, int W, int H, bool grid, bool *legend)
{
	char buf[TEXT_MAX + 64];
	enum role r = status_text(d, buf, sizeof(buf));

	paint_blank(0, 0, W, theme_attr(R_TITLE));
	if (compact(W, H) && r == R_REPLAY) {
		paint_text(0, 0, W, theme_attr(R_REPLAY), buf);
		return 1;
	}
	{
		char title[TEXT_MAX + 32];

		snprintf(title, sizeof(title), " forkscope  %s", d->info->title[0] ?
			 d->info->title : "explore: press : to type a step");
		paint_text(0, 0, W, theme_attr(R_TITLE), title);
	}
	if (compact(W, H))
		return 1;
	paint_blank(1, 0, W, theme_attr(R_NORMAL));
	*legend = grid && r == R_LABEL && grid_legend_line(-1, 1, W - 2, d->snap);
	if (*legend)
		grid_legend_line(1, 1, W - 2, d->snap);
	else
		paint_text(1, r == R_REPLAY ? 0 : 1, r == R_REPLAY ? W : W - 2, theme_attr(r), buf);
	return 2;
}

/* The caption's text as a cell: a notice, the step and its narration (or
 * the about text at step 0), the expectations, the question. */
static void caption_cell(const struct draw_state *d, struct cell *c)
{
	const struct model_snap *s = d->asking ? d->asking : d->snap;
	size_t an = strlen(s->actor);
	char buf[EXPECT_TEXT * 4];

	cell_clear(c);
	if (d->message)
		cell_add(c, theme_attr(d->message_is_error ? R_ERROR : R_WARN), 0, true,
			 "%s", d->message);
	if (s->step == 0) {
		cell_add(c, theme_attr(R_NORMAL), 0, true, "%s", d->info->about[0] ?
			 d->info->about : "Step 0: the parent with its variables, before "
			 "the first action.");
	} else {
		cell_add(c, theme_attr(s->ok ? R_KEY : R_ERROR), 0, true, "%s %s:",
			 theme_glyph(G_STEP), s->actor);
		cell_add(c, theme_attr(s->ok ? R_KEY : R_ERROR), 1, false, "%s",
			 s->action + an + (s->action[an] == ' '));
		cell_glue(c);
		if (!s->ok)
			cell_add(c, theme_attr(R_ERROR), 2, false, "FAILED: %s", s->error);
		/* A question first, the narration (which may give the answer
		 * away) with the answer. */
		if (s->say[0] && d->asking)
			cell_add(c, theme_attr(R_NORMAL), 0, true,
				 "(What happens is told once you have answered.)");
		else if (s->say[0])
			cell_add(c, theme_attr(R_NORMAL), 0, true, "%s", s->say);
	}
	for (int i = 0; !d->asking && i < s->nexpects; i++) {
		expect_words(&s->expects[i], buf, sizeof(buf));
		cell_add(c, theme_attr(expect_role(&s->expects[i])), 3, i == 0, "%s", buf);
	}
	if (d->question)
		cell_add(c, theme_attr(R_WARN), 0, true, "%s  (y/n)", d->question);
}

/* kcmp's answers and the processes without a column; rows used. */
static int relation_lines(const struct draw_state *d, const struct panes *pl,
			  int y, int W, int rows, bool draw)
{
	struct cell c;
	char buf[TEXT_MAX * 2];

	cell_clear(&c);
	if (pl->nhidden) {
		panes_hidden_names(pl, buf, sizeof(buf));
		cell_add(&c, theme_attr(R_WARN), 0, false, "not shown: %s (o: %s)", buf,
			 pl->npages > 1 ? "next ones" : "why");
	}
	panes_relations(d->info, d->snap, buf, sizeof(buf));
	cell_add(&c, theme_attr(R_LABEL), 2, false, "%s", buf);
	return paint_cell(draw ? y : -1, 1, W - 2, rows, &c);
}

void draw_footer(enum keys_screen s, const bool *shown, const char *status)
{
	int W = COLS, y = LINES - 1, sw = paint_width(status);
	char keys[256];

	paint_blank(y, 0, W, theme_attr(R_NORMAL));
	paint_text(y, W - sw, sw, theme_attr(R_KEY), status);
	keys_footer(s, shown, W - sw - 2, keys, sizeof(keys));
	paint_text(y, 0, W - sw - 2, theme_attr(R_LABEL), keys);
}

static void footer(const struct draw_state *d, bool hidden, bool cut, int W)
{
	bool shown[A_COUNT];
	char status[96];

	if (d->input) {
		int y = LINES - 1;
		paint_blank(y, 0, W, theme_attr(R_NORMAL));
		paint_text(y, 0, 1, theme_attr(R_KEY), ":");
		move(y, 1 + paint_text(y, 1, W - 2, theme_attr(R_NORMAL), d->input));
		return;
	}
	for (int i = 0; i < A_COUNT; i++)
		shown[i] = true;
	shown[A_MAIN] = d->branch_at >= 0;
	shown[A_OTHERS] = hidden;
	shown[A_TEXT] = cut;
	shown[A_GRID] = grid_wanted(d->snap);
	snprintf(status, sizeof(status), "%sstep %d/%d", d->branch_at >= 0 ? "what-if " : "",
		 d->asking ? d->asking->step : d->snap->step, d->nsteps);
	if (d->predict)
		snprintf(status + strlen(status), sizeof(status) - strlen(status),
			 "  score %d/%d", d->score, d->asked);
	if (d->question) {
		draw_footer(KS_STEPS, shown, status);
		paint_blank(LINES - 1, 0, W - paint_width(status) - 1, theme_attr(R_NORMAL));
		paint_text(LINES - 1, 0, W - paint_width(status) - 2, theme_attr(R_KEY),
			   "y yes  n no  q quit");
		return;
	}
	draw_footer(KS_STEPS, shown, status);
}

/* The steps screen with the page grid: the grid first, then the caption,
 * the legend unless the status line has it, kcmp's answers and, with rows
 * to spare, the panes above the grid. False, with nothing drawn, when not
 * one grid fits. */
static bool draw_grid_steps(const struct draw_state *d, int W, int H,
			    struct draw_result *res)
{
	struct grid g;
	struct panes pl;
	struct cell cap;
	bool on_top = false;
	int top = compact(W, H) ? 1 : 2, avail = H - top - 1, left, legend,
	    cap_full, cap_rows, rest, panes = 0, rel = 0, y = top;

	caption_cell(d, &cap);
	cap_full = paint_cell(-1, 0, W - 2, avail, &cap);
	/* As many grids as fit above one row of caption, in as few rows as
	 * they can take (closer together), so that the caption keeps most. */
	grid_plan(&g, d->info, d->snap, W, avail - 1);
	for (int h = avail - cap_full; h < avail - 1; h++) {
		struct grid less;

		grid_plan(&less, d->info, d->snap, W, h);
		if (less.n >= g.n) {
			g = less;
			break;
		}
	}
	if (!g.n)
		return false;   /* not one grid fits: the panes instead */
	top_lines(d, W, H, true, &on_top);
	left = avail - g.rows;
	legend = on_top ? 0 : grid_legend_line(-1, 1, W - 2, d->snap);
	legend = left - legend >= 1 ? legend : 0;
	cap_rows = cap_full < left - legend ? cap_full : left - legend;
	cap_rows = cap_rows < 1 ? 1 : cap_rows;
	rest = left - legend - cap_rows;
	memset(&pl, 0, sizeof(pl));
	if (rest > PANES_MIN) {
		panes_plan(&pl, d->info, d->snap, W, rest - 1, d->others_page, true);
		panes = pl.rows <= rest - 1 ? pl.rows : 0;
	}
	if (d->snap->nprocs > 1 && rest - panes - (panes > 0) > 0)
		rel = relation_lines(d, &pl, 0, W, rest - panes - (panes > 0) < 2 ?
				     rest - panes - (panes > 0) : 2, false);
	for (int i = top; i < H - 1; i++)
		paint_blank(i, 0, W, theme_attr(R_NORMAL));
	if (panes) {
		panes_draw(&pl, y, panes);
		y += panes + 1;
	}
	grid_draw(&g, y);
	y += g.rows;
	if (legend)
		y += grid_legend_line(y, 1, W - 2, d->snap);
	if (rel)
		relation_lines(d, &pl, y, W, rel, true);
	paint_cell(H - 1 - cap_rows, 1, W - 2, cap_rows, &cap);
	footer(d, panes && pl.nhidden > 0, cap_rows < cap_full, W);
	if (res) {
		res->hidden = panes && pl.nhidden > 0;
		res->cut = cap_rows < cap_full;
		res->grid = true;
	}
	return true;
}

static void draw_steps(const struct draw_state *d, int W, int H, struct draw_result *res)
{
	struct panes pl;
	struct cell cap;
	bool legend;
	int top, avail, rel, cap_full, cap_rows;
	bool cut;

	if (!d->panes_only && grid_wanted(d->snap)) {
		static struct draw_state with_why;

		if (draw_grid_steps(d, W, H, res))
			return;
		if (!d->message) {
			/* The panes, saying why (the state is pointers: copied). */
			with_why = *d;
			with_why.message = "The page grid does not fit this terminal: the panes "
					   "show each variable's first page. A smaller font "
					   "shows the grid.";
			d = &with_why;
		}
	}
	top = top_lines(d, W, H, false, &legend);

	caption_cell(d, &cap);
	/* The kcmp lines first (they depend on which processes are shown, but
	 * not on the height), then the caption, then the columns. */
	panes_plan(&pl, d->info, d->snap, W, H, d->others_page, false);
	rel = d->snap->nprocs > 1 ? relation_lines(d, &pl, 0, W, 2, false) : 0;
	avail = H - top - 1 - rel;
	cap_full = paint_cell(-1, 0, W - 2, avail, &cap);
	panes_plan(&pl, d->info, d->snap, W, avail - cap_full, d->others_page, false);
	if (pl.level < 3 || pl.rows > avail - cap_full) {
		int cap_min = cap_full < CAPTION_MIN ? cap_full : CAPTION_MIN;
		panes_plan(&pl, d->info, d->snap, W, avail - cap_min, d->others_page, false);
	}
	cap_rows = avail - pl.rows < cap_full ? avail - pl.rows : cap_full;
	cap_rows = cap_rows < 1 ? 1 : cap_rows;
	cut = cap_rows < cap_full || pl.nvars < d->snap->procs[0].nvars;
	panes_draw(&pl, top, avail - cap_rows);
	for (int i = 0; i < rel; i++)
		paint_blank(top + avail - cap_rows + i, 0, W, theme_attr(R_NORMAL));
	if (rel)
		relation_lines(d, &pl, top + avail - cap_rows, W, rel, true);
	for (int i = 0; i < cap_rows; i++)
		paint_blank(H - 1 - cap_rows + i, 0, W, theme_attr(R_NORMAL));
	paint_cell(H - 1 - cap_rows, 1, W - 2, cap_rows, &cap);
	footer(d, pl.nhidden > 0, cut, W);
	if (res) {
		res->hidden = pl.nhidden > 0;
		res->cut = cut;
	}
}

/* --- text views: help, all text, the predict summary --- */

struct text_view {
	int n;
	int keyw;               /* width of the key names' column */
	struct {
		enum role role;
		attr_t look;    /* the text's look, if not the role's */
		int indent;
		const char *key;
		char text[TEXT_MAX * 4];
	} l[TEXT_LINES];
};

static void tv_add(struct text_view *tv, enum role role, int indent, const char *key,
		   const char *text)
{
	if (tv->n >= TEXT_LINES)
		return;
	tv->l[tv->n].role = role;
	tv->l[tv->n].look = 0;
	tv->l[tv->n].indent = indent;
	tv->l[tv->n].key = key;
	snprintf(tv->l[tv->n].text, sizeof(tv->l[0].text), "%s", text);
	tv->n++;
}

static void help_view(struct text_view *tv, enum keys_screen s)
{
	static const struct { enum glyph g; const char *words; } marks[] = {
		{ G_CHANGED, "changed by this step: a value, a frame, a descriptor, a handler" },
		{ G_SAME, "between columns: the same physical frame" },
		{ G_DIFFER, "between columns: different frames" },
		{ G_ONE_SPACE, "between columns: one address space (kcmp)" },
		{ G_UNKNOWN, "between columns: frames hidden, cannot tell" },
	};
	int n;
	const struct key_row *t = keys_table(s, &n);
	char names[128];

	tv_add(tv, R_KEY, 0, NULL, s == KS_PICKER ? "Keys in the demo list" : "Keys");
	for (int i = 0; i < n; i++) {
		names[0] = '\0';
		for (int k = 0; k < KEYS_PER_ACT && t[i].keys[k]; k++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 k ? " " : "", keys_name(t[i].keys[k]));
		tv_add(tv, R_NORMAL, 2, NULL, "");
		snprintf(tv->l[tv->n - 1].text, sizeof(tv->l[0].text), "%s", names);
		tv->l[tv->n - 1].key = t[i].help;
	}
	if (s == KS_PICKER)
		return;
	tv_add(tv, R_NORMAL, 0, NULL, "");
	tv_add(tv, R_KEY, 0, NULL, "Marks (each also said in words)");
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		tv_add(tv, R_SHARED, 2, marks[i].words, theme_glyph(marks[i].g));
	}
	tv_add(tv, R_NORMAL, 0, NULL, "");
	tv_add(tv, R_KEY, 0, NULL, "The page grid: one cell per page of a many-page variable");
	for (int i = 0; i < grid_legend_count(); i++) {
		const char *words;
		attr_t look;
		const char *glyph = grid_legend_entry(i, &look, &words);

		tv_add(tv, R_SHARED, 2, words, glyph);
		tv->l[tv->n - 1].look = look;
	}
	tv_add(tv, R_NORMAL, 0, NULL, "");
	tv_add(tv, R_KEY, 0, NULL, "Page table bits (/proc/PID/pagemap), from the table "
	       "that decodes them");
	for (int i = 0; pagemap_bits[i].mask; i++)
		tv_add(tv, R_NORMAL, 2, pagemap_bits[i].meaning, pagemap_bits[i].name);
}

static void all_text_view(struct text_view *tv, const struct draw_state *d)
{
	const struct model_snap *s = d->snap;
	char buf[TEXT_MAX * 2];

	tv_add(tv, R_KEY, 0, NULL, d->info->title[0] ? d->info->title : "explore");
	if (d->info->about[0])
		tv_add(tv, R_NORMAL, 0, NULL, d->info->about);
	tv_add(tv, R_NORMAL, 0, NULL, "");
	if (s->step > 0) {
		snprintf(buf, sizeof(buf), "Step %d: %s", s->step, s->action);
		tv_add(tv, R_KEY, 0, NULL, buf);
		if (s->say[0])
			tv_add(tv, R_NORMAL, 2, NULL, s->say);
		if (!s->ok) {
			snprintf(buf, sizeof(buf), "FAILED: %s", s->error);
			tv_add(tv, R_ERROR, 2, NULL, buf);
		}
		for (int i = 0; i < s->nexpects; i++) {
			expect_words(&s->expects[i], buf, sizeof(buf));
			tv_add(tv, expect_role(&s->expects[i]), 2, NULL, buf);
		}
	}
	panes_relations(d->info, s, buf, sizeof(buf));
	if (buf[0])
		tv_add(tv, R_LABEL, 0, NULL, buf);
	if (!d->info->pfn_visible) {
		snprintf(buf, sizeof(buf), "PFNs hidden: %s.", d->info->why_hidden);
		tv_add(tv, R_WARN, 0, NULL, buf);
	}
}

static void summary_view(struct text_view *tv, const char *summary)
{
	while (*summary) {
		int n = (int)strcspn(summary, "\n");
		char line[TEXT_MAX];

		snprintf(line, sizeof(line), "%.*s", n, summary);
		tv_add(tv, tv->n ? R_NORMAL : R_KEY, tv->n ? 2 : 0, NULL, line);
		summary += n + (summary[n] == '\n');
	}
}

/* Rows of line i at width W; drawn from y unless y < 0. */
static int tv_line(const struct text_view *tv, int i, int y, int W, int rows)
{
	int x = 2 + tv->l[i].indent, kw = 0;

	if (!tv->l[i].text[0])
		return 1;
	if (tv->l[i].key) {
		/* Two columns: the text (key names, a glyph) and its meaning. */
		kw = tv->l[i].role == R_NORMAL ? tv->keyw : 4;
		if (y >= 0)
			paint_text(y, x, kw, tv->l[i].look ? tv->l[i].look :
				   theme_attr(tv->l[i].role == R_NORMAL ? R_KEY : tv->l[i].role),
				   tv->l[i].text);
		return paint_wrap(y, x + kw, W - x - kw - 1, rows, theme_attr(R_NORMAL),
				  tv->l[i].key);
	}
	return paint_wrap(y, x, W - x - 1, rows, theme_attr(tv->l[i].role), tv->l[i].text);
}

static void draw_text_view(const struct draw_state *d, int W, int H, struct draw_result *res)
{
	static struct text_view tv;
	const char *title = d->mode == DM_HELP ? " forkscope  help" :
			    d->mode == DM_SUMMARY ? " forkscope  predict: your score" :
			    " forkscope  the whole text of this step";
	int rows = H - 2, page = 0, y = 0, first[TEXT_LINES + 1] = { 0 }, pages = 0;
	bool shown[A_COUNT] = { false };

	tv.n = 0;
	if (d->mode == DM_HELP)
		help_view(&tv, d->help_for);
	else if (d->mode == DM_SUMMARY)
		summary_view(&tv, d->summary ? d->summary : "");
	else
		all_text_view(&tv, d);
	if (!tv.n)
		tv_add(&tv, R_NORMAL, 0, NULL, "");
	tv.keyw = 4;
	for (int i = 0; i < tv.n; i++)
		if (tv.l[i].key && tv.l[i].role == R_NORMAL && paint_width(tv.l[i].text) + 2 > tv.keyw)
			tv.keyw = paint_width(tv.l[i].text) + 2;
	tv.keyw = tv.keyw > W / 2 ? W / 2 : tv.keyw;
	/* Split into screens at line boundaries. */
	for (int i = 0; i < tv.n; i++) {
		int h = tv_line(&tv, i, -1, W, rows);
		if (i == 0 || y + h > rows) {
			first[pages++] = i;
			y = 0;
		}
		y += h;
	}
	first[pages] = tv.n;
	page = d->page < pages ? d->page : pages - 1;
	erase();
	paint_blank(0, 0, W, theme_attr(R_TITLE));
	paint_text(0, 0, W, theme_attr(R_TITLE), title);
	y = 1;
	for (int i = first[page]; i < first[page + 1]; i++)
		y += tv_line(&tv, i, y, W, rows - y + 1);
	{
		char status[64];
		snprintf(status, sizeof(status), pages > 1 ? "page %d/%d" : "", page + 1, pages);
		draw_footer(KS_STEPS, shown, status);
		paint_text(H - 1, 0, W - paint_width(status) - 2, theme_attr(R_LABEL),
			   pages > 1 && page + 1 < pages ? "Space more  any other key: back" :
			   "any key: back");
	}
	if (res)
		res->pages = pages;
}

/* Below the smallest size: say what it takes, and the ways out. */
static void draw_too_small(int W, int H)
{
	char lines[4][128];
	int rows = 0, y;

	snprintf(lines[0], sizeof(lines[0]), "The terminal is %dx%d; forkscope needs %dx%d "
		 "(%dx%d for the full layout).", W, H, DRAW_MIN_W, DRAW_MIN_H, DRAW_FULL_W,
		 DRAW_FULL_H);
	snprintf(lines[1], sizeof(lines[1]), "Make the font smaller,");
	snprintf(lines[2], sizeof(lines[2]), "or run forkscope --plain for a transcript.");
	snprintf(lines[3], sizeof(lines[3]), "q quits.");
	erase();
	for (int i = 0; i < 4; i++)
		rows += paint_wrap(-1, 0, W - 2, H, 0, lines[i]);
	y = rows < H ? (H - rows) / 2 : 0;
	for (int i = 0; i < 4 && y < H; i++)
		y += paint_wrap(y, 1, W - 2, H - y, theme_attr(i ? R_NORMAL : R_WARN), lines[i]);
}

void draw_screen(const struct draw_state *d, struct draw_result *r)
{
	int W = COLS, H = LINES;

	if (r)
		memset(r, 0, sizeof(*r));
	attrset(theme_attr(R_NORMAL));
	curs_set(d->input ? 1 : 0);
	if (W < DRAW_MIN_W || H < DRAW_MIN_H)
		draw_too_small(W, H);
	else if (d->mode == DM_BLANK)
		erase();
	else if (d->mode == DM_STEPS)
		draw_steps(d, W, H, r);
	else
		draw_text_view(d, W, H, r);
	refresh();
}
