/* tui.h - the interactive view (ncurses): panes, stepping, picker, help. */
#ifndef FORKSCOPE_TUI_H
#define FORKSCOPE_TUI_H

#include <signal.h>
#include <stdbool.h>
#include "scenario.h"

/* Run the TUI on scn (NULL: open the demo picker; storage is scratch space
 * for scenarios it loads). stop is set by signal handlers. Exit status. */
int tui_run(const struct scenario *scn, struct scenario *storage,
	    const char *theme, bool predict, volatile sig_atomic_t *stop);

#endif
