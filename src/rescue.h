/* SPDX-License-Identifier: MIT */
/* rescue.h - when the viewer itself crashes: put the terminal back and take
 * the subjects down, with async-signal-safe calls only, then die as it would
 * have. And job control: Ctrl-Z and fg, noticed by flags the loop reads. */
#ifndef FORKSCOPE_RESCUE_H
#define FORKSCOPE_RESCUE_H

#include <stdbool.h>

/* Handle SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT from now on. */
void rescue_install(void);
/* Remember the terminal's mode before curses takes it over. */
void rescue_save_terminal(void);
/* After newterm: learn how this terminal leaves full-screen mode. From now on
 * a crash restores the terminal. */
void rescue_arm_terminal(void);
/* After endwin: nothing to restore any more. */
void rescue_disarm_terminal(void);
/* Catch SIGTSTP and SIGCONT from now on (before newterm, so that curses
 * installs no handler of its own): rescue_job_event reports them. */
void rescue_catch_job_control(void);
/* Put SIGTSTP and SIGCONT back to their defaults. */
void rescue_release_job_control(void);
/* What job control asked since the last call: RESCUE_STOP (Ctrl-Z), then
 * RESCUE_CONT (resumed, by fg or SIGCONT, also after a SIGSTOP), or 0. */
int rescue_job_event(void);
/* Is a job control event waiting? */
bool rescue_job_pending(void);
/* Stop now as Ctrl-Z asked (the terminal already given back); returns once
 * continued. */
void rescue_stop_now(void);

enum { RESCUE_STOP = 1, RESCUE_CONT = 2 };

#endif
