/* SPDX-License-Identifier: MIT */
/* model.c - the model's own functions: the names its enums are written with,
 * the table of demo signals, and looking things up in a snapshot. */
#include <signal.h>
#include <string.h>

#include "model.h"

static const char *const region_names[REGION_COUNT] = {
	"global", "heap", "stack", "shared", "file", "huge", "frame",
};

static const char *const state_names[] = { "running", "suspended", "zombie", "exited" };

static const char *const change_names[CHANGE_COUNT] = {
	NULL, "copied", "reused", "mapped", "new_image", "split", "unmapped", "swapped",
};

/* The signals `handle` and `default` may name: the one table for both the
 * parser (names) and the subjects (numbers). */
static const struct { int number; const char *name; } demo_signals[] = {
	{ SIGUSR1, "USR1" }, { SIGUSR2, "USR2" }, { SIGALRM, "ALRM" }, { SIGWINCH, "WINCH" },
};
#define NSIGNALS ((int)(sizeof(demo_signals) / sizeof(demo_signals[0])))

const char *model_region_name(enum region r)
{
	return (unsigned)r < REGION_COUNT ? region_names[r] : "?";
}

const char *model_state_name(enum proc_state st)
{
	return (unsigned)st <= PROC_EXITED ? state_names[st] : "?";
}

const char *model_change_name(enum change c)
{
	return (unsigned)c < CHANGE_COUNT ? change_names[c] : NULL;
}

const char *model_signal_name(int i)
{
	return i >= 0 && i < NSIGNALS ? demo_signals[i].name : "?";
}

int model_signal_number(int i)
{
	return i >= 0 && i < NSIGNALS ? demo_signals[i].number : 0;
}

int model_signal_count(void)
{
	return NSIGNALS;
}

int model_find_proc(const struct model_snap *snap, const char *name)
{
	for (int i = 0; i < snap->nprocs; i++)
		if (strcmp(snap->procs[i].name, name) == 0)
			return i;
	return -1;
}
