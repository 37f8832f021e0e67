/* SPDX-License-Identifier: MIT */
/* cast.h - writing an asciicast v2 file, the format asciinema-player
 * replays in a web page: a header line, then one event per line (output,
 * marker, resize), with its time since the start. Events are kept in memory
 * and written at each marker, in whole lines, so that a session cut short
 * still leaves a file a player reads to its last step. */
#ifndef FORKSCOPE_CAST_H
#define FORKSCOPE_CAST_H

#include <stddef.h>

struct cast;

/* Create path (outfile.h's rules) and write the header: version 2, the
 * terminal's width and height, the start time, title and TERM. The cast,
 * or NULL with a message in err. */
struct cast *cast_open(const char *path, int width, int height, const char *title,
		       char *err, size_t errlen);
/* Bytes the terminal was sent, as one output event. A UTF-8 sequence cut
 * between two calls is kept whole for the next one. */
void cast_output(struct cast *c, const char *buf, size_t len);
/* A marker with its label (a player pauses there); then everything so far
 * is written to the file. */
void cast_marker(struct cast *c, const char *label);
/* The terminal's new size, as a resize event. */
void cast_resize(struct cast *c, int width, int height);
/* In a child process after fork: let go of c without writing anything. */
void cast_forget(struct cast *c);
/* Write what is left, close and free c: 0, or the errno of the first write
 * that failed (after which nothing more was written). */
int cast_close(struct cast *c);

#endif
