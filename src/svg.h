/* SPDX-License-Identifier: MIT */
/* svg.h - a picture of one step for slides and handouts: the full-screen
 * view's own drawing, painted off-screen and written as a standalone SVG. */
#ifndef FORKSCOPE_SVG_H
#define FORKSCOPE_SVG_H

#include <stdbool.h>
#include <stdio.h>
#include "draw.h"
#include "model.h"

/* The sizes a picture may have, in character cells. */
#define SVG_MIN_W DRAW_MIN_W
#define SVG_MIN_H DRAW_MIN_H
#define SVG_MAX_W 400
#define SVG_MAX_H 200
#define SVG_DEFAULT_W 80
#define SVG_DEFAULT_H 24

/* Paint the steps screen of snap (a run of nsteps steps) as the TUI shows
 * it on a w x h terminal in theme "light" or else dark, and write it to out
 * as an SVG document: every cell's glyph, colours and attributes. 0, or -1
 * with a message in err when no off-screen screen can be had. */
int svg_write(FILE *out, const struct model_info *info, const struct model_snap *snap,
	      int nsteps, const char *theme, int w, int h, char *err, size_t errlen);

#endif
