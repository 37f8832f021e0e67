/* SPDX-License-Identifier: MIT */
/* panes.h - the processes of a snapshot as columns, one per process, with
 * their variables as rows that line up across columns and marks between
 * neighbours. Planned for a given size first, then drawn; only stdscr is
 * touched. */
#ifndef FORKSCOPE_PANES_H
#define FORKSCOPE_PANES_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

#define PANES_LEVELS 5          /* detail levels, 4 (all) down to 0 */

/* Which processes get a column, how wide, and how much detail fits. */
struct panes {
	const struct model_info *info;
	const struct model_snap *snap;
	int width;              /* columns the columns and gutters take */
	int n, idx[MAX_PROCS];  /* shown processes, in process order */
	int nhidden, hidden[MAX_PROCS];
	int page, npages;       /* which of the other processes are shown */
	int colw;               /* width of one column */
	int level;              /* detail: PANES_LEVELS - 1 is everything */
	int nvars;              /* variables that fit */
	int tab;                /* where frame numbers line up, or 0 */
	int rows;               /* rows the columns take at this level */
	bool grids;             /* many-page variables left out (a grid shows them) */
};

/* Plan columns for snap in width columns and at most height rows: the
 * actor, the processes the step created and those sharing the actor's
 * address space always get one; page picks among the others. With grids,
 * the many-page variables are left out: the page grid shows them. */
void panes_plan(struct panes *pl, const struct model_info *info,
		const struct model_snap *snap, int width, int height, int page, bool grids);
/* Draw the planned columns from row y down, in exactly height rows. */
void panes_draw(const struct panes *pl, int y, int height);
/* kcmp's answers for every pair of living processes, in words: the pairs
 * that share something by name, then the rest at once. */
void panes_relations(const struct model_info *info, const struct model_snap *snap,
		     char *buf, size_t len);
/* What the step did to a variable's page, in words ("" if nothing): the
 * one place the TUI gets them from (describe.c's words). */
void panes_change_words(const struct model_var *mv, char *buf, size_t len);
/* The kernel state letter when it teaches (D, T, Z), in words, or "". */
void panes_kstate_words(const struct model_proc *mp, char *buf, size_t len);
/* "copy, twin": the names of the hidden processes. */
void panes_hidden_names(const struct panes *pl, char *buf, size_t len);

#endif
