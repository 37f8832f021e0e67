/* SPDX-License-Identifier: MIT */
/* scnfile.h - reading a scenario from a file a student wrote, or from
 * standard input: only regular files, never more than the limit, and under
 * sudo only what the invoking user could read. */
#ifndef FORKSCOPE_SCNFILE_H
#define FORKSCOPE_SCNFILE_H

#include <stddef.h>
#include "scenario.h"

#define SCNFILE_MAX (1 << 20)   /* the largest scenario read, in bytes */
#define SCNFILE_STDIN "-"       /* the name that means standard input */

/* Read and parse path ("-": standard input) into s. 0; or, with a message
 * in err ("FILE: reason" or the parser's "FILE:LINE:COL: message"), -ENOENT
 * if nothing is there, -ENOMEM when out of memory, -1 otherwise. */
int scnfile_load(struct scenario *s, const char *path, char *err, size_t errlen);

#endif
