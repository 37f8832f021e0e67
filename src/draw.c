/* SPDX-License-Identifier: MIT */
/* draw.c - the TUI's screen: title and status lines, one pane per process
 * side by side with gutter marks between them, the caption with the step's
 * narration, and the footer with the keys. Legible at 80x24; uses the room
 * it is given up to 4 panes. */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "pagemap.h"
#include "draw.h"
#include "theme.h"

#define GUTTER 4
#define PANE_MIN 36
#define MAX_PANES 4

/* Display width of UTF-8 text (every code point one column here). */
static int width_of(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* Print at most max columns of s at (y, x) with attributes a. */
static int put(int y, int x, int max, attr_t a, const char *s)
{
	int w = 0;
	const char *p = s;

	if (max <= 0)
		return 0;
	while (*p) {
		const char *q = p + 1;
		while (((unsigned char)*q & 0xC0) == 0x80)
			q++;
		if (w + 1 > max)
			break;
		w++;
		p = q;
	}
	attrset(a);
	mvaddnstr(y, x, s, (int)(p - s));
	attrset(theme_attr(R_NORMAL));
	return w;
}

/* Word-wrap text into rows [y, y+rows) of width w; returns rows used. */
static int wrap(int y, int x, int w, int rows, attr_t a, const char *text)
{
	const char *p = text;
	int used = 0;

	while (*p && used < rows) {
		int len = 0, last_space = -1, cols = 0;
		while (p[len] && p[len] != '\n' && cols < w) {
			if (p[len] == ' ')
				last_space = len;
			if (((unsigned char)p[len] & 0xC0) != 0x80)
				cols++;
			len++;
		}
		while (((unsigned char)p[len] & 0xC0) == 0x80)
			len++;
		if (p[len] && p[len] != '\n' && last_space > 0)
			len = last_space;
		attrset(a);
		mvaddnstr(y + used, x, p, len);
		attrset(theme_attr(R_NORMAL));
		used++;
		p += len;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return used;
}

static enum role proc_role(int i)
{
	return R_PROC0 + i % 4;
}

/* Which processes get a pane: running, suspended and zombie ones; the
 * actor always among them. */
static int pick_panes(const struct model_snap *s, int max, int *idx)
{
	int n = 0, actor = model_find_proc(s, s->actor);

	for (int i = 0; i < s->nprocs && n < max; i++)
		if (s->procs[i].state != PROC_EXITED)
			idx[n++] = i;
	if (actor >= 0 && s->procs[actor].state != PROC_EXITED) {
		bool in = false;
		for (int i = 0; i < n; i++)
			in |= idx[i] == actor;
		if (!in && n)
			idx[n - 1] = actor;
	}
	return n;
}

static int shown_procs(const struct model_snap *s)
{
	int n = 0;

	for (int i = 0; i < s->nprocs; i++)
		n += s->procs[i].state != PROC_EXITED;
	return n;
}

static void pane_header(const struct model_proc *mp, int role, int y, int x, int w)
{
	char buf[160], ret[96], state[96];

	attrset(theme_attr(role));
	mvhline(y, x, ACS_HLINE, w);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	snprintf(buf, sizeof(buf), " %s ", mp->name);
	put(y, x + 2, w - 4, theme_attr(role) | A_BOLD, buf);
	snprintf(buf, sizeof(buf), " pid %d ", (int)mp->pid);
	put(y, x + w - 2 - width_of(buf), width_of(buf), theme_attr(role), buf);
	describe_state(mp, state, sizeof(state));
	describe_return(mp, ret, sizeof(ret));
	snprintf(buf, sizeof(buf), "ppid %d  %s", (int)mp->ppid, state);
	put(y + 1, x + 2, w - 4, mp->state == PROC_SUSPENDED ? theme_attr(R_WARN) :
	    theme_attr(R_NORMAL), buf);
	if (mp->observed && !ret[0])
		snprintf(buf, sizeof(buf), "values read from outside");
	else if (mp->observed)
		snprintf(buf, sizeof(buf), "%s (read from outside)", ret);
	else
		snprintf(buf, sizeof(buf), "%s", ret[0] ? ret : " ");
	put(y + 2, x + 2, w - 4, theme_attr(R_LABEL), buf);
}

/* Row 1 of a variable: name, region, value and its change mark; returns the
 * column after it. */
static int var_head(const struct model_var *mv, const char *val, int y, int x,
		    int w, int value_col)
{
	int col;

	put(y, x, w, theme_attr(R_NORMAL) | A_BOLD, mv->name);
	col = x + width_of(mv->name) + 1;
	col += put(y, col, 8, theme_attr(R_LABEL), model_region_name(mv->region)) + 1;
	col = col < value_col ? value_col : col;
	col += put(y, col, x + w - col, theme_attr(R_NORMAL), "= ");
	col += put(y, col, x + w - col, mv->value_changed ? theme_attr(R_CHANGED) : A_BOLD, val);
	if (mv->value_changed)
		col += put(y, col + 1, 2, theme_attr(R_CHANGED), theme_glyph(G_CHANGED)) + 1;
	return col;
}

/* "pfn 0x1234" and its change mark at (y, col); returns its width. */
static int var_pfn(const struct model_var *mv, const char *pfn, int y, int col, int room)
{
	int n = put(y, col, 4, theme_attr(R_LABEL), "pfn ");

	n += put(y, col + n, room - n, mv->pfn_changed ? theme_attr(R_CHANGED) :
		 theme_attr(R_NORMAL), pfn);
	if (mv->pfn_changed)
		n += put(y, col + n + 1, 2, theme_attr(R_CHANGED), theme_glyph(G_CHANGED)) + 1;
	return n;
}

/* One variable in 2 (compact) or 3-4 rows; returns rows used. */
static int pane_var(const struct model_snap *s, int p, int v, int y, int x, int w,
		    bool compact)
{
	const struct model_var *mv = &s->procs[p].vars[v];
	char val[40], pfn[40], words[160], faults[80], line[200];
	int col, pw, rows = 1;

	snprintf(val, sizeof(val), mv->readable ? "%lld" : "?", mv->value);
	if (mv->pfn_known)
		snprintf(pfn, sizeof(pfn), "0x%" PRIx64, mv->pfn);
	else
		snprintf(pfn, sizeof(pfn), mv->present ? "hidden" : "none");
	describe_var(s, p, v, words, sizeof(words));
	describe_faults(mv, faults, sizeof(faults));
	/* Values line up in a column; a tighter one in compact mode leaves room
	 * for the frame on the same row. */
	col = var_head(mv, val, y, x, w, x + (compact ? 10 : 16));
	pw = 4 + width_of(pfn) + (mv->pfn_changed ? 2 : 0);
	if (!compact) {
		/* Row 2: virtual address and physical frame. */
		snprintf(line, sizeof(line), "0x%" PRIx64, mv->addr);
		put(y + rows, x + 2, 16, theme_attr(R_NORMAL), line);
		var_pfn(mv, pfn, y + rows, x + 3 + width_of(line), w - 3 - width_of(line));
		rows++;
		put(y + rows++, x + 2, w - 2, theme_attr(R_SHARED), words);
		if (faults[0])
			put(y + rows++, x + 2, w - 2, theme_attr(R_FAULT), faults);
		return rows;
	}
	/* Compact: the frame at the right of row 1 if it fits, else leading
	 * row 2; then the words, and the fault count if there is room. */
	if (x + w - pw > col) {
		var_pfn(mv, pfn, y, x + w - pw, pw);
		col = x + 2;
	} else {
		col = x + 2;
		col += var_pfn(mv, pfn, y + 1, col, w - 2) + 1;
	}
	col += put(y + 1, col, x + w - col, theme_attr(R_SHARED), words);
	if (mv->faults > 0) {
		snprintf(faults, sizeof(faults), "+%ld fault%s", mv->faults,
			 mv->faults == 1 ? "" : "s");
		if (col + 2 + width_of(faults) <= x + w)
			put(y + 1, col + 2, width_of(faults), theme_attr(R_FAULT), faults);
	}
	return 2;
}

/* Rows each variable takes, the same in every pane so rows line up. */
static int var_heights(const struct model_snap *s, const int *idx, int n,
		       bool compact, int *h)
{
	int total = 0;

	for (int v = 0; v < MAX_VARS; v++) {
		h[v] = 0;
		for (int i = 0; i < n; i++) {
			const struct model_proc *mp = &s->procs[idx[i]];
			if (v < mp->nvars) {
				int rows = (compact ? 2 : 3) +
					   (!compact && (mp->vars[v].faults > 0 ||
						 mp->vars[v].change != CHANGE_NONE || !mp->vars[v].certain));
				h[v] = rows > h[v] ? rows : h[v];
			}
		}
		total += h[v];
	}
	return total;
}

/* The last line or two a process wrote to stdout, above the pane's end. */
static void pane_output(const char *out, int y, int x, int w)
{
	const char *end = out + strlen(out), *p, *last;
	char buf[160];

	while (end > out && end[-1] == '\n')
		end--;
	last = end;
	for (p = end; p > out && p[-1] != '\n'; p--)
		;
	if (p > out)            /* the line before the last one */
		for (last = p - 1; last > out && last[-1] != '\n'; last--)
			;
	snprintf(buf, sizeof(buf), "stdout: %.*s", (int)((p > out ? p - 1 : end) - last), last);
	put(y, x, w, theme_attr(R_LABEL), buf);
	if (p > out) {
		snprintf(buf, sizeof(buf), "        %.*s", (int)(end - p), p);
		put(y + 1, x, w, theme_attr(R_LABEL), buf);
	}
}

static void pane(const struct model_snap *s, int p, int y, int x, int w, int h,
		 bool compact, const int *var_h, int *var_y)
{
	const struct model_proc *mp = &s->procs[p];
	int role = proc_role(p), row = y + 3;

	pane_header(mp, role, y, x, w);
	attrset(theme_attr(role));
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(theme_attr(R_NORMAL));
	if (mp->state == PROC_ZOMBIE) {
		wrap(row, x + 2, w - 4, 3, theme_attr(R_LABEL),
		     "Its memory is gone; only its exit status waits for its parent.");
		return;
	}
	for (int v = 0; v < mp->nvars && row + var_h[v] < y + h; v++) {
		var_y[v] = row;
		pane_var(s, p, v, row, x + 2, w - 4, compact);
		row += var_h[v];
	}
	if (mp->output[0] && row < y + h - 3)
		pane_output(mp->output, y + h - 3, x + 2, w - 4);
	if (mp->faults > 0 && row < y + h - 1) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%ld minor fault%s in this step", mp->faults,
			 mp->faults == 1 ? "" : "s");
		put(y + h - 2, x + 2, w - 4, theme_attr(R_LABEL), buf);
	}
}

/* Mark between neighbouring panes, per variable, at its first row. */
static void gutter(const struct model_snap *s, int a, int b, int x, const int *ya)
{
	int r = describe_rel(s, a, b);

	for (int v = 0; v < s->procs[a].nvars && v < s->procs[b].nvars; v++) {
		const struct model_var *va = &s->procs[a].vars[v], *vb = &s->procs[b].vars[v];
		enum glyph g;
		attr_t at = theme_attr(R_SHARED) | A_BOLD;

		if (ya[v] <= 0)
			continue;
		if (r >= 0 && s->rels[r].vm == SHARE_SHARED)
			g = G_ONE_SPACE;
		else if (!va->pfn_known || !vb->pfn_known)
			g = G_UNKNOWN, at = theme_attr(R_LABEL);
		else if (va->pfn == vb->pfn)
			g = G_SAME;
		else
			g = G_DIFFER, at = theme_attr(R_FAULT);
		put(ya[v], x + 1, 1, at, theme_glyph(g));
		put(ya[v], x + 2, 1, at, theme_glyph(g));
	}
}

static void relation_line(const struct model_snap *s, const int *idx, int n, int y, int w)
{
	char buf[TEXT_MAX + 128];
	int r;

	move(y, 0);
	clrtoeol();
	if (n < 2)
		return;
	r = describe_rel(s, idx[0], idx[1]);
	if (r < 0)
		return;
	snprintf(buf, sizeof(buf), "kcmp %s/%s: memory %s, fds %s, signal handlers %s",
		 s->procs[idx[0]].name, s->procs[idx[1]].name, describe_share(s->rels[r].vm),
		 describe_share(s->rels[r].files), describe_share(s->rels[r].sighand));
	put(y, 1, w - 2, theme_attr(R_LABEL), buf);
}

static void title_lines(const struct draw_state *d, int w)
{
	const struct model_snap *s = d->snap;
	char buf[TEXT_MAX + 32];

	attrset(theme_attr(R_TITLE));
	mvhline(0, 0, ' ', w);
	snprintf(buf, sizeof(buf), " forkscope  %s", d->info->title[0] ? d->info->title :
		 "explore: press : to type a step");
	put(0, 0, w, theme_attr(R_TITLE), buf);
	move(1, 0);
	clrtoeol();
	if (s->step < d->live_step) {
		snprintf(buf, sizeof(buf), " REPLAY of step %d: the processes are at step %d "
			 "(processes are not rewound) ", s->step, d->live_step);
		put(1, 0, w, theme_attr(R_REPLAY), buf);
	} else if (d->info->pfn_visible) {
		put(1, 1, w - 2, theme_attr(R_LABEL),
		    "PFN = physical page frame, read from /proc/PID/pagemap");
	} else {
		put(1, 1, w - 2, theme_attr(R_WARN),
		    "PFNs hidden: the kernel shows frames only to root. Run with sudo to see them.");
	}
}

static void caption(const struct draw_state *d, int y, int rows, int w)
{
	const struct model_snap *s = d->snap;
	char buf[TEXT_MAX + 64];
	int used = 0;

	for (int i = 0; i < rows; i++) {
		move(y + i, 0);
		clrtoeol();
	}
	if (d->message) {
		used += wrap(y, 1, w - 2, 2, theme_attr(d->message_is_error ? R_ERROR : R_WARN),
			     d->message);
	}
	if (s->step == 0) {
		wrap(y + used, 1, w - 2, rows - used, theme_attr(R_NORMAL),
			     d->info->about[0] ? d->info->about :
			     "Step 0: the parent with its variables, before the first action.");
		return;
	}
	snprintf(buf, sizeof(buf), "%s %s: %s", theme_glyph(G_STEP), s->actor,
		 s->action + strlen(s->actor) + (s->action[strlen(s->actor)] == ' '));
	if (!s->ok)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "  FAILED: %s", s->error);
	used += wrap(y + used, 1, w - 2, rows - used, s->ok ? theme_attr(R_KEY) :
		     theme_attr(R_ERROR), buf);
	if (used < rows && s->say[0])
		wrap(y + used, 3, w - 4, rows - used, theme_attr(R_NORMAL), s->say);
}

static void footer(const struct draw_state *d, int y, int w)
{
	char buf[256];

	move(y, 0);
	clrtoeol();
	if (d->input) {
		put(y, 0, 1, theme_attr(R_KEY), ":");
		put(y, 1, w - 2, theme_attr(R_NORMAL), d->input);
		move(y, 1 + width_of(d->input));
		return;
	}
	if (d->question) {
		snprintf(buf, sizeof(buf), "%s  (y/n)", d->question);
		put(y, 0, w, theme_attr(R_WARN), buf);
		return;
	}
	if (d->predict)
		snprintf(buf, sizeof(buf), "score %d/%d  step %d/%d", d->score, d->asked,
			 d->snap->step, d->nsteps);
	else
		snprintf(buf, sizeof(buf), "step %d/%d", d->snap->step, d->nsteps);
	put(y, w - width_of(buf), width_of(buf), theme_attr(R_KEY), buf);
	{
		const char *full = "Space next  Left back  Home restart  End all  : type  ? help  q quit";
		const char *brief = "Space next  Left back  Home restart  ? help  q quit";
		int room = w - width_of(buf) - 2;
		put(y, 0, room, theme_attr(R_LABEL), width_of(full) <= room ? full : brief);
	}
}

static void draw_steps(const struct draw_state *d, int W, int H)
{
	const struct model_snap *s = d->snap;
	int idx[MAX_PANES] = { 0 }, var_y[MAX_PANES][MAX_VARS], var_h[MAX_VARS];
	int cap_rows = H >= 40 ? 6 : 4, max, n, pw, top = 2, ph;
	bool compact = false;

	memset(var_y, 0, sizeof(var_y));
	title_lines(d, W);
	max = (W + GUTTER) / (PANE_MIN + GUTTER);
	max = max < 1 ? 1 : max > MAX_PANES ? MAX_PANES : max;
	n = pick_panes(s, max, idx);
	ph = H - top - cap_rows - 2;    /* relation line and footer */
	compact = var_heights(s, idx, n, false, var_h) + 5 > ph;
	var_heights(s, idx, n, compact, var_h);
	pw = n ? (W - (n - 1) * GUTTER) / n : W;
	for (int i = top; i < top + ph; i++) {
		move(i, 0);
		clrtoeol();
	}
	for (int i = 0; i < n; i++) {
		int x = i * (pw + GUTTER);
		pane(s, idx[i], top, x, pw, ph, compact, var_h, var_y[i]);
		if (i > 0)
			gutter(s, idx[i - 1], idx[i], x - GUTTER, var_y[i]);
	}
	if (shown_procs(s) > n) {
		char buf[96];
		snprintf(buf, sizeof(buf), " +%d more: widen the terminal ", shown_procs(s) - n);
		put(top + ph - 1, W - width_of(buf) - 2, width_of(buf), theme_attr(R_WARN), buf);
	}
	relation_line(s, idx, n, top + ph, W);
	caption(d, top + ph + 1, cap_rows, W);
	footer(d, H - 1, W);
}

static void draw_help(int W, int H)
{
	static const char *const lines[] = {
		"Keys",
		"  Space Right Down PgDn Enter n   next step",
		"  Left Up PgUp Backspace p        previous step (a replay)",
		"  Home F5                         restart with fresh processes",
		"  End                             run to the end",
		"  b .                             blank the screen",
		"  :                               type a step: child set x 5",
		"  Tab                             choose another demo",
		"  ? F1                            this help       q  quit",
		"",
		"Marks (also said in words in each pane)",
		"", "", "", "",
		"PFN: physical page frame number. Page table bits (/proc/PID/pagemap):",
	};
	static const struct { enum glyph g; const char *words; } marks[] = {
		{ G_CHANGED, "changed by the last step (value or frame)" },
		{ G_SAME, "between panes: the same physical frame" },
		{ G_DIFFER, "between panes: different frames" },
		{ G_ONE_SPACE, "between panes: one address space (kcmp)" },
	};
	int n = (int)(sizeof(lines) / sizeof(lines[0])), y0 = (H - n - 7) / 2, x0 = (W - 70) / 2;

	erase();
	for (int i = 0; i < n; i++)
		put(y0 + i, x0, W - x0, i == 0 || i == 10 ? theme_attr(R_KEY) :
		    theme_attr(R_NORMAL), lines[i]);
	for (int i = 0; i < 4; i++) {
		put(y0 + 11 + i, x0 + 2, 2, theme_attr(R_SHARED) | A_BOLD, theme_glyph(marks[i].g));
		put(y0 + 11 + i, x0 + 6, W - x0 - 6, theme_attr(R_NORMAL), marks[i].words);
	}
	/* The same table that decodes the bits names them here. */
	for (int i = 0; pagemap_bits[i].mask; i++) {
		put(y0 + n + i, x0 + 2, 12, theme_attr(R_KEY), pagemap_bits[i].name);
		put(y0 + n + i, x0 + 14, W - x0 - 14, theme_attr(R_NORMAL), pagemap_bits[i].meaning);
	}
	put(y0 + n + 6, x0, W - x0, theme_attr(R_LABEL), "Press any key to go back.");
}

static void draw_picker(const struct draw_state *d, int W, int H)
{
	int y = 2, rows = H - 2 - 6, first = 0;

	erase();
	attrset(theme_attr(R_TITLE));
	mvhline(0, 0, ' ', W);
	put(0, 0, W, theme_attr(R_TITLE), " forkscope  choose a demo");
	/* Scroll the list when it is longer than the room; keep the choice shown. */
	if (d->pick >= rows)
		first = d->pick - rows + 1;
	for (int i = first; i < d->npicks && y < 2 + rows; i++, y++) {
		char buf[200];
		snprintf(buf, sizeof(buf), "%s %-18s %s", i == d->pick ? theme_glyph(G_STEP) : " ",
			 d->pick_names[i], d->pick_titles[i]);
		put(y, 2, W - 4, i == d->pick ? theme_attr(R_CHANGED) : theme_attr(R_NORMAL), buf);
	}
	if (d->pick_about)
		wrap(y + 1, 4, W - 8, H - y - 3, theme_attr(R_LABEL), d->pick_about);
	put(H - 1, 0, W, theme_attr(R_LABEL), "Up/Down choose  Enter open  q quit");
}

void draw_screen(const struct draw_state *d)
{
	int W = COLS, H = LINES;

	attrset(theme_attr(R_NORMAL));
	curs_set(d->input ? 1 : 0);
	if (W < DRAW_MIN_W || H < DRAW_MIN_H) {
		char buf[96];
		erase();
		snprintf(buf, sizeof(buf), "terminal too small: need %dx%d, have %dx%d",
			 DRAW_MIN_W, DRAW_MIN_H, W, H);
		put(H / 2, W > width_of(buf) ? (W - width_of(buf)) / 2 : 0, W,
		    theme_attr(R_WARN), buf);
	} else if (d->mode == DM_BLANK) {
		erase();
	} else if (d->mode == DM_HELP) {
		draw_help(W, H);
	} else if (d->mode == DM_PICKER) {
		draw_picker(d, W, H);
	} else {
		draw_steps(d, W, H);
	}
	refresh();
}
