/* SPDX-License-Identifier: MIT */
/* tui.h - the interactive view (ncurses): panes, stepping, picker, help. */
#ifndef FORKSCOPE_TUI_H
#define FORKSCOPE_TUI_H

#include <signal.h>
#include <stdbool.h>
#include "scenario.h"

/* Run the TUI on scn if loaded, else open the demo picker; either way scn is
 * the TUI's to change (picked demos, typed steps). stop is set by signal
 * handlers. Exit status. */
int tui_run(struct scenario *scn, bool loaded, const char *theme, bool predict,
	    volatile sig_atomic_t *stop);

#endif
