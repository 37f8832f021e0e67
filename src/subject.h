/* SPDX-License-Identifier: MIT */
/* subject.h - the viewer's record of one subject process, and waiting for
 * subjects: for an answer, a death or a stop, whichever comes first, and never
 * past a deadline or a raised stop flag. */
#ifndef FORKSCOPE_SUBJECT_H
#define FORKSCOPE_SUBJECT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "model.h"
#include "observe.h"
#include "wire.h"

#define SUBJECT_ANSWER_MS 5000  /* a live subject silent this long failed */

struct subject {
	bool exists;
	pid_t pid;              /* its task: the pid of a process, a thread's tid */
	pid_t tgid;             /* its process (thread group), from /proc */
	bool thread;            /* a task of another's process (tgid != pid) */
	int pidfd;              /* -1 without pidfds (old kernel, valgrind) */
	int stat_fd;            /* /proc/PID/stat, held */
	int pm_fd, pm_image;    /* /proc/PID/pagemap, held for this image */
	int mem_fd, mem_image;  /* /proc/PID/mem, likewise */
	int chan;               /* viewer's end of its channel; -1 once closed */
	int out_fd;             /* our handle on its stdout file, or -1 */
	uint32_t expect;        /* seq of the command whose answer is due */
	enum proc_state state;
	char kstate;            /* its state letter once settled after a step */
	struct observe_stat seen; /* its /proc stat as last read ('?': unread) */
	bool settled;           /* seen was read back in its wait after its
				 * last command (report_settle) */
	bool idle;              /* settled at the end of the last step and
				 * sent nothing since (so carry.c may keep its
				 * descriptor and handler masks) */
	int exit_status;        /* ZOMBIE/EXITED: exit code, or 128 + signal */
	int term_signal;        /* killed by this signal, 0 if it exited */
	int image;              /* 1, then +1 per exec */
	bool born;              /* created in the current step */
	bool pending_reply;     /* suspended: its fork-like answer is still due */
	int waiting_for;        /* suspended until this process exits/execs; -1 */
	char call[16];
	bool has_returned;
	long long returned;
	int ret_errno;
	bool read_now;          /* seen was read after this step's action began */
	long minflt0;           /* its fault count where this step's window
				 * opened; -1 unknown */
	long flt_next;          /* where the next step's opens: the count at
				 * its last stat read, or in an answer after
				 * which it only waits (flt_out); -1 unknown */
	long faults;            /* this step's, -1 unknown */
	bool have_report;       /* rep holds its variables' addresses */
	bool fresh;             /* rep was answered in this step */
	struct wire_report rep; /* its last report, or what was read from outside */
};

/* One channel to wait on: the answer numbered expect, a hello, or word that
 * it closed. who is the process behind it (NULL if not yet known). */
struct subject_wait {
	int chan;
	uint32_t expect;
	struct subject *who;
};

enum {
	SUBJECT_TIMEOUT = -1,   /* the deadline passed */
	SUBJECT_STOP = -2,      /* the stop flag was raised */
	SUBJECT_DIED = -3,      /* a watched process died (its index in *event) */
	SUBJECT_STOPPED = -4,   /* a watched process is stopped (SIGSTOP...) */
};

/* The flag (set by a signal handler or a key) that ends every wait. */
void subject_set_stop(volatile sig_atomic_t *stop);
/* Is the stop flag raised? */
bool subject_stopping(void);
/* Its faults from its window's opening to the stat read in this step, or
 * -1 if it was not read in this step or the opening is unknown. */
long subject_faults_read(const struct subject *p);
/* An empty record. */
void subject_clear(struct subject *p);
/* Take on a new task that has said hello: its tid (a process's pid), its
 * channel; learns its process from /proc and opens its pidfd (PIDFD_THREAD
 * for a thread, where the kernel has it), its own stat and stdout. */
void subject_adopt(struct subject *p, pid_t pid, int chan);
/* Keep our own handle on the file its stdout goes to, so that its output can
 * be read after it has exited. Call once it has said hello. */
void subject_watch_output(struct subject *p);
/* Its pagemap, opened once per image (an exec needs a new one); -1 if it
 * cannot be opened. */
int subject_pagemap(struct subject *p);
/* Its /proc/PID/mem, likewise; -1 if it cannot be opened (a ptrace policy
 * such as Yama's scope 2): then it must be asked to report. */
int subject_mem(struct subject *p);
/* Send c (and descriptor fd unless -1), numbered with ++*seq. 0 or -errno. */
int subject_send(struct subject *p, struct wire_cmd *c, int fd, uint32_t *seq);
/* Wait for the first of n (<= 4) channels to answer: its index with the
 * report in *r (kind REP_GONE if it closed). Late answers to earlier
 * commands are dropped. Or SUBJECT_* with the index of the process in
 * *event for DIED and STOPPED. */
int subject_wait(struct subject_wait *w, int n, struct wire_report *r,
		 long deadline, int *event);
/* Wait for p's answer to its last command: 0, or SUBJECT_* / -EPIPE. */
int subject_answer(struct subject *p, struct wire_report *r);
/* Read its held /proc stat into p->seen (one pread); 0 or -errno. */
int subject_stat(struct subject *p);
/* Look at a live subject now (one read of its stat, into p->seen): dead
 * (its exit status recorded), stopped, or running again. Returns true if
 * its state changed. */
bool subject_check(struct subject *p);
/* Which of n live subjects died: their pidfds in one poll (no /proc read),
 * each death recorded; subject_check for one without a pidfd. */
void subject_check_deaths(struct subject **ps, int n);
/* Until p has died (bounded by the answer deadline and the stop flag). */
void subject_wait_dead(struct subject *p);
/* p died: record how, from its zombie's /proc/PID/stat. */
void subject_record_death(struct subject *p);
/* Kill p (pidfd, or pid while not reaped) and close our handles on it. */
void subject_kill(struct subject *p);

#endif
