/* SPDX-License-Identifier: MIT */
/* fdutil.h - descriptor chores of the agent, async-signal-safe (see
 * fdutil.c). */
#ifndef FORKSCOPE_FDUTIL_H
#define FORKSCOPE_FDUTIL_H

#include <sys/types.h>

/* fd in decimal, in buf (16 bytes); the digits' start. */
char *fdutil_number(char *buf, int fd);
/* "/proc/self/fd/N" (pid 0) or "/proc/PID/fd/N" in buf (48 bytes). */
const char *fdutil_proc_path(char *buf, pid_t pid, int fd);
/* Close every descriptor but the n in keep (any order, at most 16). */
void fdutil_close_all_but(const int *keep, int n);

#endif
