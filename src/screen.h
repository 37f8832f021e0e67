/* SPDX-License-Identifier: MIT */
/* screen.h - taking the terminal for full-screen curses drawing and giving it
 * back: the setup the TUI and the bench chart share. */
#ifndef FORKSCOPE_SCREEN_H
#define FORKSCOPE_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

/* Take the terminal on stdin/stdout: locale, line drawing, input modes and
 * colours for theme "dark", "light" or "auto" (asks the terminal for its
 * background). 0, or an exit status (2) after a message on stderr. */
int screen_open(const char *theme);
/* The next key (curses' codes), without the terminal's answers to the
 * questions screen_open asked. */
int screen_key(void);
/* Instead of the terminal: an off-screen curses screen of w x h cells as
 * an xterm-256color in a UTF-8 locale would have it, in theme "light" or
 * else dark, for painting pictures; nothing is read or written anywhere.
 * 0, or -1 with a message in err. */
int screen_open_offscreen(const char *theme, int w, int h, char *err, size_t errlen);
/* Give the terminal back as it was before screen_open (or drop the
 * off-screen screen). */
void screen_close(void);
/* Act on Ctrl-Z (give the terminal back, stop) and on being continued (take
 * it again: modes, alternate screen, a full repaint at the next refresh).
 * Whether anything happened. */
bool screen_job_control(void);
/* Is a key (or Ctrl-Z) waiting, so that a long action should stop? */
bool screen_input_waiting(void);
/* Whether theme name is one screen_open knows. */
bool screen_theme_known(const char *theme);

#endif
