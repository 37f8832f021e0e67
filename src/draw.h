/* SPDX-License-Identifier: MIT */
/* draw.h - paints one whole TUI screen from a snapshot and the TUI's state.
 * It only reads: no process, no session, no input. */
#ifndef FORKSCOPE_DRAW_H
#define FORKSCOPE_DRAW_H

#include <stdbool.h>
#include "model.h"

enum draw_mode { DM_STEPS, DM_HELP, DM_PICKER, DM_BLANK };

struct draw_state {
	enum draw_mode mode;
	const struct model_info *info;
	const struct model_snap *snap;
	int live_step;          /* where the processes are (snap may be older) */
	int nsteps;             /* steps the scenario has now */
	const char *message;    /* one-line notice, or NULL */
	bool message_is_error;
	const char *input;      /* command line being typed, or NULL */
	const char *question;   /* predict mode question, or NULL */
	bool predict;
	int score, asked;
	/* Picker */
	int npicks, pick;
	const char *const *pick_names;
	const char *const *pick_titles;
	const char *pick_about;
};

/* Minimum terminal size the screen is designed for. */
#define DRAW_MIN_W 80
#define DRAW_MIN_H 24

/* Paint the screen (stdscr) and refresh it. */
void draw_screen(const struct draw_state *d);

#endif
