/* SPDX-License-Identifier: MIT */
/* observe.h - the viewer's outside view of a subject: /proc/PID/stat, mem,
 * pagemap, fd, status and smaps, and kcmp(2). Looking never disturbs: nothing
 * here pins a page (no process_vm_readv) or reads a page that is not present. */
#ifndef FORKSCOPE_OBSERVE_H
#define FORKSCOPE_OBSERVE_H

#include <stdint.h>
#include <sys/types.h>
#include "model.h"
#include "wire.h"

struct observe_stat {
	char state;             /* R, S, D, T, t, Z, X; '?' if unread */
	pid_t ppid;
	long minflt;
	int exit_code;          /* a zombie's wait status (field 52), else 0 */
};

/* Open /proc/PID/name read-only; fd or -errno. */
int observe_open(pid_t pid, const char *name);
/* Open /proc/PID/stat to be read again and again; fd or -errno. */
int observe_stat_open(pid_t pid);
/* Open /proc/TGID/task/TID/stat, one task's own (its faults alone, where
 * /proc/TID/stat sums its whole thread group's), likewise. */
int observe_task_stat_open(pid_t tgid, pid_t tid);
/* The thread group (process) of task tid, from /proc/TID/status; -errno. */
pid_t observe_tgid(pid_t tid);
/* Read a held /proc/PID/stat (one pread); 0 or -errno. */
int observe_stat(int stat_fd, struct observe_stat *st);
/* The same for a pid without a held descriptor; 0 or -errno. */
int observe_stat_pid(pid_t pid, struct observe_stat *st);
/* Do a and b share kind (KCMP_VM, KCMP_FILES, KCMP_SIGHAND)? SHARE_UNKNOWN
 * with the errno in *err when the kernel would not say. */
enum share observe_kcmp(pid_t a, pid_t b, int kind, int *err);
/* Open another process's descriptor n through /proc/PID/fd/n; fd or -errno. */
int observe_open_fd(pid_t pid, int n);
/* The last len-1 bytes of the file behind fd, as a string, starting at a
 * UTF-8 character boundary. */
void observe_tail(int fd, char *buf, size_t len);
/* The page-table facts of each variable at the address r holds (entry, map
 * count, huge), read from outside through pm_fd, pid's pagemap. Taken once
 * every subject is idle, they are one consistent picture: a subject's own
 * report is taken before the others answer, and answering writes its stack.
 * kpc_fd is /proc/kpagecount or -1. */
void observe_pages(int pm_fd, pid_t pid, int kpc_fd, struct wire_report *r);
/* Everything a subject would report about itself, read from outside, so that
 * it need not run (and write its stack) to be looked at: its pages as above,
 * each value whose page is present (through mem_fd, its /proc/PID/mem), its
 * descriptor slots and its signal handlers. */
void observe_subject(pid_t pid, int pm_fd, int mem_fd, int kpc_fd,
		     struct wire_report *r);
/* Is pid's /proc our own? false in a pid namespace whose /proc belongs to
 * another one (unshare -p -f without --mount-proc). */
int observe_proc_is_ours(void);

#endif
