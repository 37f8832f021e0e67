/* SPDX-License-Identifier: MIT */
/* grid.h - the page grid: one cell per page of every many-page variable,
 * a block per process, with its counts beside or below it. Each cell's
 * glyph and colour come from one table that also makes the legend; what a
 * page is, the model decided. Planned for a size first, then drawn; only
 * stdscr is touched. */
#ifndef FORKSCOPE_GRID_H
#define FORKSCOPE_GRID_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "model.h"

#define GRID_BLOCKS (MAX_PROCS * MAX_VARS)

/* One process's pages of one variable, and where they go. */
struct grid_block {
	int p, v;               /* process and variable */
	int cols, rows;         /* cells per grid row, grid rows */
	bool side;              /* counts in a column beside the cells (else a
				 * header line above and the counts below) */
	bool bare;              /* no pages (a zombie, say): a header and words */
	int w, h;               /* the whole block */
	int x, y;               /* from the grid's first row */
};

/* Which blocks fit, and where. */
struct grid {
	const struct model_info *info;
	const struct model_snap *snap;
	int x0, width;          /* the first column, and the columns from there */
	int n;                  /* blocks shown */
	struct grid_block b[GRID_BLOCKS];
	int nhidden;            /* blocks that did not fit */
	int hidden[GRID_BLOCKS]; /* their processes */
	int rows;               /* rows the grid takes, its notice included */
};

/* Does snap have a many-page variable in a process to show? */
bool grid_wanted(const struct model_snap *snap);
/* Plan the blocks of snap in width columns and at most height rows: the
 * actor's and the new processes' first, then the others while they fit;
 * a row is kept for the names of those left out. n is 0 if none fits. */
void grid_plan(struct grid *g, const struct model_info *info,
	       const struct model_snap *snap, int width, int height);
/* Draw the planned grid from row y down, in its rows. */
void grid_draw(const struct grid *g, int y);
/* The legend of snap's grids on one line (glyphs in their looks, each with
 * its word) from (y, x) in w columns; rows used (0: it does not fit). With
 * y < 0 nothing is drawn. */
int grid_legend_line(int y, int x, int w, const struct model_snap *snap);
/* Entries of the full legend (the help screen). */
int grid_legend_count(void);
/* Entry i of the full legend: its glyph, the glyph's look, and its words. */
const char *grid_legend_entry(int i, attr_t *look, const char **words);

#endif
