/* SPDX-License-Identifier: MIT */
/* grid.c - the page grid. Every page of a many-page variable is one cell:
 * its glyph and colour say what the model found it to be (a table of page
 * kinds), reverse video says this step changed it, underline that it is in
 * a huge mapping: never colour alone. Each process's cells make a block
 * with the counts beside them (a column) or, for a few pages, below them;
 * blocks go side by side where the width allows, stacked otherwise. */
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "grid.h"
#include "paint.h"
#include "theme.h"

#define WIDE_COLS 64            /* cells per grid row, at most */
#define NARROW_COLS 8           /* and at least, for a large variable */
#define COUNTS_W 15             /* the counts column: "  0 not present" */
#define GAP 1                   /* between the cells and their counts */
#define GUTTER 3                /* between blocks side by side */
#define BELOW_W 80              /* counts below the cells: up to a line this wide */
#define TALL 99                 /* rows when measuring */
#define MARGIN 1                /* columns left free at each side, with room */

/* What a cell looks like for each kind of page, and the words for it. */
static const struct mark {
	const char *utf8, *ascii;
	enum role role;
	const char *word;       /* the counts' and the legend line's word */
	const char *words;      /* the help screen's */
} kinds[PK_COUNT] = {
	[PK_SHARED] = { "=", "=", R_SHARED, "shared",
			"shared: the same frame as another process's page" },
	[PK_COPIED] = { "\u25a0", "#", R_FAULT, "copied",
			"copied: a write fault gave it a frame of its own in this run" },
	[PK_REUSED] = { "\u25cb", "o", R_GOOD, "reused",
			"reused: a write fault kept its frame (no copy)" },
	[PK_OWN] = { "\u25a1", "-", R_NORMAL, "own",
		     "own: a frame no other process maps, not copied in this run" },
	[PK_ABSENT] = { "\u00b7", ".", R_LABEL, "not present",
			"not present: no frame (never touched, or unmapped)" },
	[PK_SWAPPED] = { "s", "s", R_WARN, "swapped", "swapped: in swap space, not in RAM" },
	[PK_UNKNOWN] = { "?", "?", R_LABEL, "unknown",
			 "unknown: frame numbers hidden, and in a huge mapping the "
			 "kernel's exclusive bit is its first page's: shared or not "
			 "cannot be told" },
};

/* The legend's order: kinds, then the two marks that go on top of them. */
enum { L_CHANGED = PK_COUNT, L_HUGE, L_COUNT };
static const int legend_order[L_COUNT] = {
	PK_SHARED, PK_COPIED, PK_REUSED, PK_OWN, PK_ABSENT, PK_SWAPPED, PK_UNKNOWN,
	L_CHANGED, L_HUGE,
};

static const char *kind_glyph(enum page_kind k)
{
	return theme_utf8() ? kinds[k].utf8 : kinds[k].ascii;
}

static attr_t kind_look(enum page_kind k)
{
	return k == PK_ABSENT ? theme_attr(kinds[k].role) : theme_bold(kinds[k].role);
}

/* The look of one cell: the kind's, or reversed if this step changed the
 * page; underlined in a huge mapping. */
static attr_t cell_look(const struct model_page *pg)
{
	attr_t a = model_page_changed(pg) ? theme_attr(R_CHANGED) :
		   kind_look(model_page_kind(pg));

	return pg->huge == 1 ? a | A_UNDERLINE : a;
}

int grid_legend_count(void)
{
	return L_COUNT;
}

const char *grid_legend_entry(int i, attr_t *look, const char **words)
{
	int e = legend_order[i];

	if (e == L_CHANGED) {
		*look = theme_attr(R_CHANGED);
		*words = "changed by this step (reverse video): copied, mapped, "
			 "unmapped or written";
		return kind_glyph(PK_COPIED);
	}
	if (e == L_HUGE) {
		*look = kind_look(PK_SHARED) | A_UNDERLINE;
		*words = "underlined: part of a huge mapping (2 MiB page)";
		return kind_glyph(PK_SHARED);
	}
	*look = kind_look(e);
	*words = kinds[e].words;
	return kind_glyph(e);
}

/* The legend line's words for entry i. */
static const char *legend_word(int i)
{
	int e = legend_order[i];

	return e == L_CHANGED ? "changed" : e == L_HUGE ? "huge" : kinds[e].word;
}

/* Pages of each kind in all of snap's grids. */
static void count_all(const struct model_snap *snap, int *kind)
{
	memset(kind, 0, PK_COUNT * sizeof(*kind));
	for (int p = 0; p < snap->nprocs; p++)
		for (int v = 0; v < snap->procs[p].nvars; v++) {
			struct model_counts c;

			if (!model_pages(snap, p, v))
				continue;
			model_count_pages(snap, p, v, 0, -1, &c);
			for (int k = 0; k < PK_COUNT; k++)
				kind[k] += c.kind[k];
		}
}

/* Is legend entry i on the line? "unknown" only where such pages are; with
 * it, reused and swapped only where such pages are too (the line is full). */
static bool on_line(int i, const int *kind)
{
	int e = legend_order[i];

	if (e == PK_UNKNOWN || !kind[PK_UNKNOWN])
		return e != PK_UNKNOWN || kind[PK_UNKNOWN];
	return (e != PK_REUSED && e != PK_SWAPPED) || kind[e];
}

int grid_legend_line(int y, int x, int w, const struct model_snap *snap)
{
	int total = 0, gap = 2, n = 0, kind[PK_COUNT];

	count_all(snap, kind);
	for (int i = 0; i < L_COUNT; i++)
		if (on_line(i, kind))
			total += (n++ ? gap : 0) + 2 + paint_width(legend_word(i));
	if (total > w) {
		gap = 1;
		total -= n - 1;
	}
	if (total > w)
		return 0;
	for (int i = 0, col = 0; y >= 0 && i < L_COUNT; i++) {
		const char *words;
		attr_t look;
		const char *glyph = grid_legend_entry(i, &look, &words);

		if (!on_line(i, kind))
			continue;

		col += paint_text(y, x + col, 1, look, glyph) + 1;
		col += paint_text(y, x + col, w - col, theme_attr(R_LABEL), legend_word(i)) + gap;
	}
	return 1;
}

bool grid_wanted(const struct model_snap *snap)
{
	for (int p = 0; p < snap->nprocs; p++)
		for (int v = 0; v < snap->procs[p].nvars; v++)
			if (model_pages(snap, p, v))
				return true;
	return false;
}

/* --- the counts --- */

/* The lines a block's counts may have, in the order they are shown. */
enum item { I_NAME, I_SHARED, I_COPIED, I_REUSED, I_OWN, I_ABSENT, I_SWAPPED, I_UNKNOWN,
	    I_HUGE, I_FAULTS, I_KIB, I_COUNT };
#define BIT(i) (1u << (i))
#define REQUIRED (BIT(I_NAME) | BIT(I_SHARED) | BIT(I_COPIED) | BIT(I_ABSENT) | \
		  BIT(I_FAULTS) | BIT(I_KIB))
/* The others, most wanted first, each when it is not zero. */
static const enum item optional[] = { I_HUGE, I_UNKNOWN, I_OWN, I_REUSED, I_SWAPPED };

static enum role proc_role(int p)
{
	return R_PROC0 + p % THEME_PROC_ROLES;
}

static bool is_actor(const struct model_snap *s, int p)
{
	return s->step > 0 && strcmp(s->actor, s->procs[p].name) == 0;
}

static int many_page_vars(const struct model_snap *s, int p)
{
	int n = 0;

	for (int v = 0; v < s->procs[p].nvars; v++)
		n += model_pages(s, p, v) != NULL;
	return n;
}

/* The name (reversed for the actor), new, pid and tid; the variable's name
 * where the process has more than one grid. */
static void name_frags(const struct grid *g, const struct grid_block *b, struct cell *c)
{
	const struct model_snap *s = g->snap;
	const struct model_proc *mp = &s->procs[b->p];
	attr_t a = theme_attr(proc_role(b->p));

	if (is_actor(s, b->p))
		cell_add(c, a | A_REVERSE, 0, true, "%s %s", theme_glyph(G_STEP), mp->name);
	else
		cell_add(c, a, 0, true, "%s", mp->name);
	if (mp->born && s->step > 0)
		cell_add(c, theme_attr(R_CHANGED), 1, false, "new");
	cell_add(c, theme_attr(R_LABEL), 1, false, "pid %d", (int)mp->pid);
	if (mp->thread)
		cell_add(c, theme_attr(R_LABEL), 1, false, "tid %d", (int)mp->tid);
	if (many_page_vars(s, b->p) > 1)
		cell_add(c, theme_bold(R_NORMAL), 1, false, "%s", mp->vars[b->v].name);
}

static const enum page_kind item_kind[I_COUNT] = {
	[I_SHARED] = PK_SHARED, [I_COPIED] = PK_COPIED, [I_REUSED] = PK_REUSED,
	[I_OWN] = PK_OWN, [I_ABSENT] = PK_ABSENT, [I_SWAPPED] = PK_SWAPPED,
	[I_UNKNOWN] = PK_UNKNOWN,
};

/* The counts of a block's pages as a cell: a line each in the column
 * beside the cells, or one flow below them; items in mask only. */
static void counts_cell(const struct grid *g, const struct grid_block *b, unsigned mask,
			struct cell *c)
{
	struct model_counts n;
	int w = b->side ? 3 : 0, gap = b->side ? 0 : 2;
	long kib;

	model_count_pages(g->snap, b->p, b->v, 0, -1, &n);
	kib = n.copied * g->info->page_size / 1024;
	cell_clear(c);
	if (b->side && (mask & BIT(I_NAME)))
		name_frags(g, b, c);
	for (int i = I_SHARED; i <= I_UNKNOWN; i++)
		if (mask & BIT(i))
			cell_add(c, kind_look(item_kind[i]), gap, b->side, "%*d %s", w,
				 n.kind[item_kind[i]], kinds[item_kind[i]].word);
	if (mask & BIT(I_HUGE))
		cell_add(c, theme_attr(R_NORMAL) | A_UNDERLINE, gap, b->side, "%*d huge", w, n.huge);
	if (mask & BIT(I_FAULTS))
		cell_add(c, theme_bold(R_FAULT), gap, b->side, "%*ld fault%s", w, n.faults,
			 n.faults == 1 ? "" : "s");
	if (mask & BIT(I_KIB))
		cell_add(c, theme_bold(R_FAULT), gap, b->side, "%*ld KiB copied", w, kib);
}

/* Is optional item i worth a line: a count that is not zero? */
static bool item_used(const struct grid *g, const struct grid_block *b, enum item i)
{
	struct model_counts n;

	model_count_pages(g->snap, b->p, b->v, 0, -1, &n);
	return i == I_HUGE ? n.huge > 0 : n.kind[item_kind[i]] > 0;
}

static int cell_rows(const struct cell *c, int w)
{
	return paint_cell(-1, 0, w, TALL, c);
}

/* The items that fit in the block: the required ones, and the optional
 * ones that are not zero while the rows last (all of them below). */
static unsigned counts_mask(const struct grid *g, const struct grid_block *b)
{
	unsigned mask = REQUIRED;
	struct cell c;

	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		if (!item_used(g, b, optional[i]))
			continue;
		counts_cell(g, b, mask | BIT(optional[i]), &c);
		if (!b->side || cell_rows(&c, COUNTS_W) <= b->h)
			mask |= BIT(optional[i]);
	}
	return mask;
}

/* --- planning --- */

/* The shape of a block in width columns: the fewest rows, then the most
 * cells per row, then the counts beside. */
static void shape(const struct grid *g, struct grid_block *b, int width)
{
	int n = g->snap->procs[b->p].vars[b->v].npages, best = 0;
	struct cell c;

	if (b->bare) {
		b->w = width < BELOW_W ? width : BELOW_W;
		b->h = 2;
		return;
	}
	for (int cols = n < WIDE_COLS ? n : WIDE_COLS; cols > 0; cols /= 2) {
		struct grid_block t = *b;

		t.cols = cols;
		t.rows = (n + cols - 1) / cols;
		t.side = true;
		counts_cell(g, &t, REQUIRED, &c);
		t.h = cell_rows(&c, COUNTS_W);
		t.h = t.h > t.rows ? t.h : t.rows;
		t.w = cols + GAP + COUNTS_W;
		if (t.w <= width && (!best || t.h < b->h)) {
			*b = t;
			best = 1;
		}
		t.side = false;
		t.w = cols > BELOW_W ? cols : width < BELOW_W ? width : BELOW_W;
		counts_cell(g, &t, counts_mask(g, &t), &c);
		t.h = 1 + t.rows + cell_rows(&c, t.w);
		if (cols <= width && (!best || t.h < b->h)) {
			*b = t;
			best = 1;
		}
		if (cols <= NARROW_COLS)
			break;
	}
	if (!best) {            /* narrower than any grid: one cell a row */
		b->cols = 1;
		b->rows = n;
		b->side = false;
		b->w = width;
		b->h = TALL;
	}
}

static bool alive(const struct model_snap *s, int p)
{
	return s->procs[p].state != PROC_EXITED || is_actor(s, p);
}

/* Does some process have pages of variable v? */
static bool var_has_grid(const struct model_snap *s, int v)
{
	for (int p = 0; p < s->nprocs; p++)
		if (model_pages(s, p, v))
			return true;
	return false;
}

/* The blocks that may be shown, most wanted first: the actor's, the new
 * processes', then the others in process order; bare for a process that
 * has none of the pages (a zombie). */
static int candidates(const struct grid *g, struct grid_block *c)
{
	const struct model_snap *s = g->snap;
	int n = 0;

	for (int pass = 0; pass < 3; pass++)
		for (int p = 0; p < s->nprocs; p++) {
			int rank = is_actor(s, p) ? 0 : s->procs[p].born ? 1 : 2;

			if (rank != pass || !alive(s, p))
				continue;
			for (int v = 0; v < MAX_VARS; v++)
				if (var_has_grid(s, v))
					c[n++] = (struct grid_block){ .p = p, .v = v,
						.bare = !model_pages(s, p, v) };
		}
	return n;
}

/* Blocks shown in variable, then process order. */
static void sort_blocks(struct grid_block *b, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && (b[j - 1].v > b[j].v ||
					  (b[j - 1].v == b[j].v && b[j - 1].p > b[j].p)); j--) {
			struct grid_block t = b[j];

			b[j] = b[j - 1];
			b[j - 1] = t;
		}
}

/* Lay out the first k of the n candidates, gap rows between rows of
 * blocks; whether they fit in height rows. */
static bool place(struct grid *g, const struct grid_block *cand, int k, int n, int height,
		  int gap)
{
	int x = 0, y = 0, rowh = 0;

	memcpy(g->b, cand, (size_t)k * sizeof(*cand));
	g->n = k;
	sort_blocks(g->b, k);
	for (int i = 0; i < k; i++) {
		struct grid_block *b = &g->b[i];

		if (x > 0 && x + b->w > g->width) {
			y += rowh + gap;
			x = rowh = 0;
		}
		b->x = x;
		b->y = y;
		x += b->w + GUTTER;
		rowh = b->h > rowh ? b->h : rowh;
	}
	g->nhidden = 0;
	for (int i = k; i < n; i++) {
		bool seen = false;

		for (int j = 0; j < g->nhidden; j++)
			seen |= g->hidden[j] == cand[i].p;
		if (!seen)
			g->hidden[g->nhidden++] = cand[i].p;
	}
	g->rows = y + rowh + (k < n);
	return g->rows <= height;
}

/* Plan in the columns from x0 on, width of them. */
static void plan_in(struct grid *g, int x0, int width, int height)
{
	static struct grid_block cand[GRID_BLOCKS];
	int n;

	g->x0 = x0;
	g->width = width;
	n = candidates(g, cand);
	for (int i = 0; i < n; i++)
		shape(g, &cand[i], width);
	for (int k = n; k > 0; k--)
		if (place(g, cand, k, n, height, 1) || place(g, cand, k, n, height, 0))
			return;
	g->n = 0;
	g->nhidden = 0;
	g->rows = 0;
}

void grid_plan(struct grid *g, const struct model_info *info,
	       const struct model_snap *snap, int width, int height)
{
	struct grid tight;

	memset(g, 0, sizeof(*g));
	g->info = info;
	g->snap = snap;
	tight = *g;
	/* A margin at each side, unless the grids need those columns. */
	plan_in(g, MARGIN, width - 2 * MARGIN, height);
	plan_in(&tight, 0, width, height);
	if (tight.n > g->n || (tight.n == g->n && tight.rows < g->rows))
		*g = tight;
}

/* --- drawing --- */

/* A block's first row when its counts are below: a rule in the process's
 * colour with the name, new, pid and tid, and the variable. */
static void header_line(const struct grid *g, const struct grid_block *b, int y)
{
	const struct model_proc *mp = &g->snap->procs[b->p];
	attr_t a = theme_attr(proc_role(b->p));
	int x = g->x0 + b->x, col;
	char buf[64];

	attrset(a);
	mvhline(y, x, ACS_HLINE, b->w);
	snprintf(buf, sizeof(buf), "%s%s%s ", is_actor(g->snap, b->p) ? theme_glyph(G_STEP) : "",
		 is_actor(g->snap, b->p) ? " " : "", mp->name);
	col = paint_text(y, x, b->w, is_actor(g->snap, b->p) ? a | A_REVERSE : a, buf);
	if (mp->born && g->snap->step > 0)
		col += paint_text(y, x + col, b->w - col, theme_attr(R_CHANGED), "new") +
		       paint_text(y, x + col + 3, b->w - col - 3, a, " ");
	if (!b->bare) {
		snprintf(buf, sizeof(buf), " %s, %d pages ", mp->vars[b->v].name,
			 mp->vars[b->v].npages);
		col += 1 + paint_text(y, x + col + 1, b->w - col - 1, theme_bold(R_NORMAL), buf);
	}
	if (mp->thread)
		snprintf(buf, sizeof(buf), " pid %d tid %d ", (int)mp->pid, (int)mp->tid);
	else
		snprintf(buf, sizeof(buf), " pid %d ", (int)mp->pid);
	if (col + paint_width(buf) + 1 <= b->w)
		paint_text(y, x + b->w - paint_width(buf), b->w, a, buf);
}

static void draw_block(const struct grid *g, const struct grid_block *b, int y0)
{
	const struct model_page *pg = model_pages(g->snap, b->p, b->v);
	int n = g->snap->procs[b->p].vars[b->v].npages, y = y0 + b->y, x = g->x0 + b->x;
	struct cell c;

	if (!b->side)
		header_line(g, b, y++);
	if (b->bare) {
		const struct model_proc *mp = &g->snap->procs[b->p];
		char words[160];

		describe_state(mp, words, sizeof(words));
		paint_text(y, x, b->w, theme_attr(R_WARN), mp->state >= PROC_ZOMBIE ? words :
			   "no pages of this variable here");
		return;
	}
	for (int i = 0; i < n && i / b->cols < b->rows; i++) {
		enum page_kind k = model_page_kind(&pg[i]);

		paint_text(y + i / b->cols, x + i % b->cols, 1, cell_look(&pg[i]), kind_glyph(k));
	}
	counts_cell(g, b, counts_mask(g, b), &c);
	if (b->side)
		paint_cell(y, x + b->cols + GAP, COUNTS_W, b->h, &c);
	else
		paint_cell(y + b->rows, x, b->w, b->h - 1 - b->rows, &c);
}

void grid_draw(const struct grid *g, int y)
{
	char names[MAX_PROCS * (NAME_MAX_LEN + 2)] = "";

	for (int i = 0; i < g->rows; i++)
		paint_blank(y + i, 0, g->width + 2 * g->x0, theme_attr(R_NORMAL));
	for (int i = 0; i < g->n; i++)
		draw_block(g, &g->b[i], y);
	if (!g->nhidden)
		return;
	for (int i = 0; i < g->nhidden; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", g->snap->procs[g->hidden[i]].name);
	{
		char line[sizeof(names) + 64];

		snprintf(line, sizeof(line), "no room for the grid of %s", names);
		paint_text(y + g->rows - 1, g->x0, g->width, theme_attr(R_WARN), line);
	}
}
