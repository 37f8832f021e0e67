/* SPDX-License-Identifier: MIT */
/* rescue.h - when the viewer itself crashes: put the terminal back and take
 * the subjects down, with async-signal-safe calls only, then die as it would
 * have. */
#ifndef FORKSCOPE_RESCUE_H
#define FORKSCOPE_RESCUE_H

/* Handle SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT from now on. */
void rescue_install(void);
/* Remember the terminal's mode before curses takes it over. */
void rescue_save_terminal(void);
/* After newterm: learn how this terminal leaves full-screen mode. From now on
 * a crash restores the terminal. */
void rescue_arm_terminal(void);
/* After endwin: nothing to restore any more. */
void rescue_disarm_terminal(void);

#endif
