/* tui.c - placeholder until the TUI lands: fall back to the transcript. */
#include <stdio.h>
#include "tui.h"

int tui_run(const struct scenario *scn, struct scenario *storage,
	    const char *theme, bool predict, volatile sig_atomic_t *stop)
{
	(void)storage; (void)theme; (void)predict; (void)stop;
	if (!scn) {
		fprintf(stderr, "forkscope: name a demo (forkscope --list)\n");
		return 2;
	}
	return 0;
}
