/* SPDX-License-Identifier: MIT */
/* record.h - the full-screen session recorded for the web. The TUI runs in
 * a child on a pseudo-terminal; this side passes every byte between that
 * and the real terminal, and writes what the terminal got, unchanged, to an
 * asciicast file (cast.c). The TUI marks each step it shows in the byte
 * stream itself (record_mark), so that a marker sits right after the bytes
 * that drew that step. */
#ifndef FORKSCOPE_RECORD_H
#define FORKSCOPE_RECORD_H

#include <signal.h>

/* Record into path (titled title) a session of run(arg): on a terminal,
 * fork; the child, on a new pseudo-terminal of the same size and modes as
 * its standard input, output and error, returns run(arg) as its exit
 * status; this side relays until the child has ended, gives the terminal
 * back, and returns that status (or dies of the signal that killed the
 * child). stop is the flag the signal handlers set: a signal is passed on
 * to the child. Exit status 2 with a message when there is no terminal or
 * the file cannot be created; 1 when the file could not be written. */
int record_run(const char *path, const char *title, volatile sig_atomic_t *stop,
	       int (*run)(void *arg), void *arg);
/* In the TUI: the screen just drawn is step label (a player pauses at it).
 * Does nothing when the session is not being recorded. */
void record_mark(const char *label);

#endif
