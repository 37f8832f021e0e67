/* SPDX-License-Identifier: MIT */
/* draw.h - paints one whole TUI screen from a snapshot and the TUI's state.
 * It only reads, and touches nothing but the current curses screen: no
 * process, no session, no input, no file. */
#ifndef FORKSCOPE_DRAW_H
#define FORKSCOPE_DRAW_H

#include <stdbool.h>
#include "keys.h"
#include "model.h"

enum draw_mode { DM_STEPS, DM_HELP, DM_TEXT, DM_SUMMARY, DM_BLANK };

struct draw_state {
	enum draw_mode mode;
	enum keys_screen help_for;      /* DM_HELP: which screen's keys */
	const struct model_info *info;
	const struct model_snap *snap;  /* the snapshot shown */
	const struct model_snap *asking; /* predict: the step asked about */
	int live_step;          /* where the processes are (snap may be older) */
	int nsteps;             /* steps of the line being run */
	int branch_at;          /* off the demo's main line after this step; -1 */
	const char *message;    /* a notice, or NULL */
	bool message_is_error;
	const char *input;      /* command line being typed, or NULL */
	const char *question;   /* predict mode question, or NULL */
	bool predict;
	int score, asked;
	const char *summary;    /* DM_SUMMARY: lines of text */
	int others_page;        /* which page of hidden processes is shown */
	bool panes_only;        /* the panes even where a page grid could show */
	int page;               /* DM_HELP, DM_TEXT, DM_SUMMARY: screens down */
};

/* What the painted screen holds, for the keys that depend on it. */
struct draw_result {
	bool hidden;            /* some processes have no column */
	bool cut;               /* some text was cut (the text view has it) */
	int pages;              /* screens of the text view */
	bool grid;              /* the page grid is on screen */
};

/* The smallest terminal with the full layout, and the compact layout's. */
#define DRAW_FULL_W 80
#define DRAW_FULL_H 22
#define DRAW_MIN_W 64
#define DRAW_MIN_H 18

/* Paint the screen (stdscr) and refresh it; r may be NULL. */
void draw_screen(const struct draw_state *d, struct draw_result *r);
/* Paint the one-line footer of the keys of screen s on the last row, with
 * status text at its right. */
void draw_footer(enum keys_screen s, const bool *shown, const char *status);

#endif
