/* SPDX-License-Identifier: MIT */
/* forkview.c - showing process-creation costs: the table and JSON for files,
 * a log-scale bar chart for a terminal, and the ratios the claims are about
 * (fork/vfork, fork-exec/vfork-exec, fork's cost per GiB of parent). */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forkview.h"
#include "screen.h"
#include "theme.h"
#include "text.h"

#define MAX_RESULTS (FB_MAX_SIZES * FB_METHODS)

struct fv {
	struct fb_options o;
	struct fb_result r[MAX_RESULTS];
	int n;
};

static const struct fb_result *find(const struct fv *v, uint64_t size, const char *m)
{
	for (int i = 0; i < v->n; i++)
		if (v->r[i].size_bytes == size && strcmp(forkbench_method(v->r[i].method), m) == 0)
			return &v->r[i];
	return NULL;
}

/* A size exactly, in the largest unit that divides it: 1G, 1536K, 1B. */
static void size_name(uint64_t b, char *buf, size_t len)
{
	static const char units[] = "GMK";

	for (int i = 0; i < 3; i++) {
		uint64_t u = 1ULL << (30 - 10 * i);
		if (b >= u && b % u == 0) {
			snprintf(buf, len, "%llu%c", (unsigned long long)(b / u), units[i]);
			return;
		}
	}
	snprintf(buf, len, "%lluB", (unsigned long long)b);
}

/* Huge pages granted, as the tables show it: a size, or "?". */
static void thp_name(long long b, char *buf, size_t len)
{
	if (b < 0)
		snprintf(buf, len, "?");
	else
		size_name((uint64_t)b, buf, len);
}

/* The derived figures, one line each, into lines[]; how many. */
static int summary(const struct fv *v, char lines[][160], int max)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	int n = 0, k = 0;

	for (int s = 0; s < v->o.nsizes && n < max - 1; s++) {
		const struct fb_result *f = find(v, v->o.sizes[s], "fork");
		const struct fb_result *vf = find(v, v->o.sizes[s], "vfork");
		const struct fb_result *fe = find(v, v->o.sizes[s], "fork-exec");
		const struct fb_result *ve = find(v, v->o.sizes[s], "vfork-exec");
		char sz[24];

		if (!f || !vf || !fe || !ve)
			continue;
		size_name(v->o.sizes[s], sz, sizeof(sz));
		snprintf(lines[n++], 160, "%-5s fork/vfork %.1fx   fork-exec/vfork-exec %.1fx",
			 sz, f->median_us / vf->median_us, fe->median_us / ve->median_us);
		sx += f->size_bytes / 1073741824.0;
		sy += f->median_us;
		sxx += (f->size_bytes / 1073741824.0) * (f->size_bytes / 1073741824.0);
		sxy += (f->size_bytes / 1073741824.0) * f->median_us;
		k++;
	}
	if (k >= 2 && k * sxx - sx * sx > 0)
		snprintf(lines[n++], 160, "fork costs about %.2f ms more per GiB of resident "
			 "parent memory (least squares over %d sizes)",
			 (k * sxy - sx * sy) / (k * sxx - sx * sx) / 1000.0, k);
	return n;
}

static void *fv_begin(const struct fb_options *o)
{
	struct fv *v = calloc(1, sizeof(*v));

	if (v)
		v->o = *o;
	return v;
}

static void fv_store(void *ctx, const struct fb_result *r)
{
	struct fv *v = ctx;

	if (v->n < MAX_RESULTS)
		v->r[v->n++] = *r;
}

/* --- plain --- */
static void *plain_begin(const struct fb_options *o)
{
	printf("forkscope bench: the cost of creating a process as the parent grows%s\n",
	       o->huge ? " (transparent huge pages asked for; thp: how much the "
	       "kernel gave)" : "");
	printf("%-6s %-8s %-12s %6s %11s %11s %11s%s\n", "size", "rss", "method",
	       "iters", "median_us", "p90_us", "min_us", o->huge ? "  thp" : "");
	return fv_begin(o);
}

static void quiet_progress(void *ctx, int done, int total, uint64_t size, const char *m)
{
	(void)ctx; (void)done; (void)total; (void)size; (void)m;
}

static void plain_result(void *ctx, const struct fb_result *r)
{
	const struct fv *v = ctx;
	char sz[24], rss[24], thp[24] = "";

	size_name(r->size_bytes, sz, sizeof(sz));
	size_name(r->rss_bytes, rss, sizeof(rss));
	if (v->o.huge) {
		thp[0] = ' ';
		thp[1] = ' ';
		thp_name(r->thp_bytes, thp + 2, sizeof(thp) - 2);
	}
	printf("%-6s %-8s %-12s %6d %11.1f %11.1f %11.1f%s\n", sz, rss,
	       forkbench_method(r->method), r->iterations, r->median_us, r->p90_us,
	       r->min_us, thp);
	fv_store(ctx, r);
}

static void stream_failed(void *ctx, const char *m, const char *why)
{
	(void)ctx;
	text_msg("%s could not be measured: %s", m, why);
}

static void plain_end(void *ctx, bool complete)
{
	struct fv *v = ctx;
	char lines[FB_MAX_SIZES + 1][160];
	int n = summary(v, lines, FB_MAX_SIZES + 1);

	if (!complete)
		printf("stopped early\n");
	for (int i = 0; i < n; i++)
		printf("%s\n", lines[i]);
	free(v);
}

/* --- json --- */
static void *json_begin(const struct fb_options *o)
{
	return fv_begin(o);
}

static void json_result(void *ctx, const struct fb_result *r)
{
	printf("{\"size_bytes\":%llu,\"rss_bytes\":%llu,\"thp_bytes\":",
	       (unsigned long long)r->size_bytes, (unsigned long long)r->rss_bytes);
	if (r->thp_bytes >= 0)
		printf("%lld", r->thp_bytes);
	else
		fputs("null", stdout);
	printf(",\"method\":\"%s\",\"iterations\":%d,\"median_us\":%.3f,"
	       "\"p90_us\":%.3f,\"min_us\":%.3f}\n", forkbench_method(r->method),
	       r->iterations, r->median_us, r->p90_us, r->min_us);
	fv_store(ctx, r);
}

static void json_end(void *ctx, bool complete)
{
	(void)complete;
	free(ctx);
}

/* --- chart --- */
static void *chart_begin(const struct fb_options *o)
{
	struct fv *v = fv_begin(o);

	if (!v)
		return NULL;
	if (screen_open("auto") != 0) {
		free(v);
		return NULL;
	}
	return v;
}

static void chart_progress(void *ctx, int done, int total, uint64_t size, const char *m)
{
	char sz[24], buf[128];

	(void)ctx;
	size_name(size, sz, sizeof(sz));
	erase();
	snprintf(buf, sizeof(buf), "measuring %s with a %s parent (%d of %d)...  Ctrl-C stops",
		 m, sz, done + 1, total);
	attrset(theme_attr(R_KEY));
	mvaddstr(LINES / 2, 2, buf);
	attrset(theme_attr(R_NORMAL));
	refresh();
}

static void chart_block(const struct fv *v, int s, int y, int x, int w, double lo, double hi)
{
	const char *bar = theme_glyph(G_BAR);
	char sz[24], rss[24], thp[24], buf[128];
	int bw = w - 24;

	const struct fb_result *f = find(v, v->o.sizes[s], "fork");

	size_name(v->o.sizes[s], sz, sizeof(sz));
	size_name(f ? f->rss_bytes : 0, rss, sizeof(rss));
	thp_name(f ? f->thp_bytes : -1, thp, sizeof(thp));
	if (v->o.huge)
		snprintf(buf, sizeof(buf), "parent %s (resident %s, huge %s)", sz, rss, thp);
	else
		snprintf(buf, sizeof(buf), "parent %s (resident %s)", sz, rss);
	attrset(theme_attr(R_KEY));
	mvaddnstr(y, x, buf, w);
	for (int m = 0; m < FB_METHODS; m++) {
		const struct fb_result *r = find(v, v->o.sizes[s], forkbench_method(m));
		int len;

		attrset(theme_attr(R_NORMAL));
		mvaddnstr(y + 1 + m, x, forkbench_method(m), 11);
		if (!r)
			continue;
		len = hi > lo ? (int)((log10(r->median_us) - lo) / (hi - lo) * bw) : bw;
		len = len < 1 ? 1 : len;
		attrset(theme_bold(m % 2 ? R_SHARED : R_FAULT));
		for (int i = 0; i < len; i++)
			mvaddstr(y + 1 + m, x + 12 + i, bar);
		snprintf(buf, sizeof(buf), " %.0f us", r->median_us);
		attrset(theme_attr(R_NORMAL));
		mvaddstr(y + 1 + m, x + 12 + len, buf);
	}
}

static void chart_end(void *ctx, bool complete)
{
	struct fv *v = ctx;
	char lines[FB_MAX_SIZES + 1][160];
	double lo = 1e18, hi = 0;
	int cols, n, y;

	for (int i = 0; i < v->n; i++) {
		lo = fmin(lo, log10(v->r[i].median_us));
		hi = fmax(hi, log10(v->r[i].median_us));
	}
	lo = floor(lo);
	n = summary(v, lines, FB_MAX_SIZES + 1);
	for (;;) {
		erase();
		cols = COLS >= 80 ? COLS / 40 : 1;
		attrset(theme_attr(R_TITLE));
		mvhline(0, 0, ' ', COLS);
		mvaddstr(0, 1, complete ? "forkscope bench: median time to create and reap a "
			 "process (log scale)" : "forkscope bench: stopped early");
		y = 2;
		for (int s = 0; s < v->o.nsizes; s += cols) {
			for (int c = 0; c < cols && s + c < v->o.nsizes; c++)
				chart_block(v, s + c, y, c * 40 + 1, 38, lo, hi);
			y += FB_METHODS + 2;
		}
		attrset(theme_attr(R_NORMAL));
		for (int i = 0; i < n && y + i < LINES - 1; i++)
			mvaddnstr(y + i, 1, lines[i], COLS - 2);
		attrset(theme_attr(R_LABEL));
		mvaddstr(LINES - 1, 0, "q quit   (--plain for a table, --json for data)");
		refresh();
		int key = screen_key();
		if (screen_job_control())
			continue;       /* Ctrl-Z and fg: repaint */
		if (key == 'q' || key == ERR)
			break;
	}
	screen_close();
	for (int i = 0; i < n; i++)
		printf("%s\n", lines[i]);
	free(v);
}

static const struct forkview views[] = {
	{ chart_begin, chart_progress, fv_store, stream_failed, chart_end },
	{ plain_begin, quiet_progress, plain_result, stream_failed, plain_end },
	{ json_begin, quiet_progress, json_result, stream_failed, json_end },
};

const struct forkview *forkview_get(int mode)
{
	return &views[mode >= 0 && mode <= 2 ? mode : 1];
}
