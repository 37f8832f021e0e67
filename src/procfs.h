/* SPDX-License-Identifier: MIT */
/* procfs.h - what the viewer reads about a subject from outside: its kernel
 * state and fault count (/proc/PID/stat), what two subjects share (kcmp),
 * and its memory while it cannot answer (suspended in vfork). */
#ifndef FORKSCOPE_PROCFS_H
#define FORKSCOPE_PROCFS_H

#include <stdint.h>
#include <sys/types.h>
#include "model.h"

struct procfs_stat {
	char state;             /* R, S, D, Z, T... */
	pid_t ppid;
	long minflt;
};

/* Read /proc/PID/stat; 0 or -errno. */
int procfs_stat(pid_t pid, struct procfs_stat *st);
/* Do a and b share kind (KCMP_VM, KCMP_FILES, KCMP_SIGHAND)? */
enum share procfs_kcmp(pid_t a, pid_t b, int kind);
/* Read the long long at addr in pid without making the page present; 0 or
 * -errno. */
int procfs_peek(pid_t pid, uint64_t addr, long long *value);

/* Open another process's descriptor n through /proc/PID/fd/n; fd or -errno. */
int procfs_open_fd(pid_t pid, int n);
/* The last len-1 bytes of the file behind fd, as a string. */
void procfs_tail(int fd, char *buf, size_t len);

#endif
