/* SPDX-License-Identifier: MIT */
/* pagetext.h - a many-page variable's pages in words, for the text views:
 * runs of alike pages ("0-31 copied, 32-63 shared") and its counts. */
#ifndef FORKSCOPE_PAGETEXT_H
#define FORKSCOPE_PAGETEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

/* The end (exclusive) of the run of pages alike from page `from` of n:
 * the same kind, and with detail also the same change, certainty, faults,
 * huge, touched and value. */
int pagetext_run_end(const struct model_page *pg, int n, int from, bool detail);
/* Var v of proc p's pages as runs of kinds, "0-31 copied, 32-63 shared",
 * into buf; "" for a one-page variable. */
void pagetext_runs(const struct model_snap *snap, int p, int v, char *buf, size_t len);
/* Its counts in words: "32 shared, 32 copied, 0 absent; in this step 32
 * faults, 32 pages copied (128 KiB)". */
void pagetext_counts(const struct model_snap *snap, int p, int v, long page_size,
		     char *buf, size_t len);

#endif
