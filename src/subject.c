/* SPDX-License-Identifier: MIT */
/* subject.c - the viewer's handles on one subject (channel, pidfd, held
 * /proc/PID/stat, stdout file) and the one place that waits for subjects.
 * A wait ends at the first of: the awaited answer, the death of a watched
 * process (its pidfd turns readable), a stop (state T in /proc, looked at
 * every few milliseconds while waiting), the stop flag, the deadline. So a
 * killed or stopped subject is known at once, never after a timeout. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "observe.h"
#include "subject.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL     /* <linux/pidfd.h> from Linux 6.9 */
#endif

#define TICK_MS 5               /* how often a wait looks for stops and the flag */

static volatile sig_atomic_t *stop_flag;

void subject_set_stop(volatile sig_atomic_t *stop)
{
	stop_flag = stop;
}

bool subject_stopping(void)
{
	return stop_flag && *stop_flag;
}

void subject_clear(struct subject *p)
{
	memset(p, 0, sizeof(*p));
	p->chan = p->pidfd = p->stat_fd = p->out_fd = p->pm_fd = p->mem_fd = -1;
	p->waiting_for = -1;
	p->faults = p->minflt0 = p->flt_next = -1;
	p->seen.state = '?';
}

void subject_adopt(struct subject *p, pid_t pid, int chan)
{
	int image = p->image;
	pid_t tgid = observe_tgid(pid);

	subject_clear(p);
	p->exists = true;
	p->pid = pid;
	p->tgid = tgid > 0 ? tgid : pid;
	p->thread = p->tgid != pid;
	p->chan = chan;
	/* A thread's own pidfd needs PIDFD_THREAD (Linux 6.9; Debian 12 has
	 * 6.1, where pidfd_open refuses a tid that leads no thread group).
	 * Without one its end is seen from its own task stat, which stops
	 * answering (ESRCH) the moment it is released: read before each step
	 * and after each action, as a process's pidfd is polled. */
	p->pidfd = (int)syscall(SYS_pidfd_open, pid, p->thread ? PIDFD_THREAD : 0);
	p->stat_fd = observe_task_stat_open(p->tgid, pid);
	subject_watch_output(p);
	p->state = PROC_RUNNING;
	p->image = image > 0 ? image : 1;
	p->born = true;
}

void subject_watch_output(struct subject *p)
{
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->out_fd = observe_open_fd(p->pid, 1);
}

/* A /proc/PID file bound to the address space of the image it was opened
 * in: *fd is kept while the image stays, reopened after an exec. */
static int held(struct subject *p, int *fd, int *image, const char *name)
{
	if (*fd >= 0 && *image == p->image)
		return *fd;
	if (*fd >= 0)
		close(*fd);
	*fd = observe_open(p->pid, name);
	*image = p->image;
	return *fd;
}

int subject_pagemap(struct subject *p)
{
	return held(p, &p->pm_fd, &p->pm_image, "pagemap");
}

int subject_mem(struct subject *p)
{
	return held(p, &p->mem_fd, &p->mem_image, "mem");
}

int subject_send(struct subject *p, struct wire_cmd *c, int fd, uint32_t *seq)
{
	c->seq = ++*seq;
	p->expect = c->seq;
	p->settled = false;
	if (p->chan < 0)
		return -EPIPE;
	return wire_send_cmd(p->chan, c, fd);
}

/* Read one datagram from chan into r; a closed channel reads as REP_GONE. */
static void receive(int chan, struct wire_report *r)
{
	wire_recv_report(chan, r, MSG_DONTWAIT);
}

/* Is r what w waits for: a hello, word that it closed, or the answer to
 * its command (not a late one to an earlier command)? */
static bool awaited(const struct subject_wait *w, const struct wire_report *r)
{
	return r->kind == REP_HELLO || r->kind == REP_GONE || r->seq == w->expect;
}

/* Is a watched process stopped or dead, seen from /proc? */
static int look(struct subject_wait *w, int n, int *event)
{
	for (int i = 0; i < n; i++) {
		struct observe_stat st;

		if (!w[i].who)
			continue;
		if (observe_stat(w[i].who->stat_fd, &st) < 0) {
			if (!w[i].who->thread)
				continue;
			*event = i;     /* a thread's task is gone: it leaves no zombie */
			return SUBJECT_DIED;
		}
		*event = i;
		if (st.state == 'T' || st.state == 't')
			return SUBJECT_STOPPED;
		if (st.state == 'Z' || st.state == 'X')
			return SUBJECT_DIED;
	}
	return 0;
}

int subject_wait(struct subject_wait *w, int n, struct wire_report *r,
		 long deadline, int *event)
{
	struct pollfd pf[8];

	*event = -1;
	/* An answer that is already there needs no poll: reports asked of
	 * many at once mostly are, by the time each is taken. */
	for (int i = 0; i < n; i++)
		if (w[i].chan >= 0 && wire_try_report(w[i].chan, r) && awaited(&w[i], r))
			return i;
	for (;;) {
		long left = deadline - wire_now_ms();
		int rc, np = 0;

		if (subject_stopping())
			return SUBJECT_STOP;
		if (left <= 0)
			return SUBJECT_TIMEOUT;
		for (int i = 0; i < n; i++) {
			pf[np].fd = w[i].chan;
			pf[np++].events = POLLIN;
		}
		for (int i = 0; i < n; i++) {
			pf[np].fd = w[i].who ? w[i].who->pidfd : -1;
			pf[np++].events = POLLIN;
		}
		rc = poll(pf, (nfds_t)np, left < TICK_MS ? (int)left : TICK_MS);
		if (rc < 0 && errno != EINTR)
			return SUBJECT_TIMEOUT;
		if (rc <= 0) {
			rc = look(w, n, event);
			if (rc)
				return rc;
			continue;
		}
		/* Answers first: a subject that answered and then died did answer. */
		for (int i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			receive(w[i].chan, r);
			if (awaited(&w[i], r))
				return i;
			/* A late answer to a command we stopped waiting for. */
		}
		for (int i = 0; i < n; i++)
			if (pf[n + i].revents & POLLIN) {
				*event = i;
				return SUBJECT_DIED;
			}
	}
}

int subject_answer(struct subject *p, struct wire_report *r)
{
	struct subject_wait w = { p->chan, p->expect, p };
	int event, rc;

	if (p->chan < 0)
		return -EPIPE;
	rc = subject_wait(&w, 1, r, wire_now_ms() + SUBJECT_ANSWER_MS, &event);
	if (rc < 0)
		return rc;
	return r->kind == REP_GONE ? -EPIPE : 0;
}

void subject_record_death(struct subject *p)
{
	const struct observe_stat *st = &p->seen;

	if (p->state >= PROC_ZOMBIE)
		return;
	p->state = PROC_ZOMBIE;
	p->have_report = false;
	if (p->thread) {
		/* A thread is released at once: no zombie, no status to keep. */
		p->state = PROC_EXITED;
		p->exit_status = p->term_signal = 0;
	}
	/* Its status from its stat: the read that found it dead, else one now.
	 * A read that shows it dead is the step's (report_proc keeps it). */
	if (!p->thread && !(p->read_now && (st->state == 'Z' || st->state == 'X')))
		subject_stat(p);
	if (!p->thread && p->read_now && (st->state == 'Z' || st->state == 'X')) {
		if (WIFSIGNALED(st->exit_code)) {
			p->term_signal = WTERMSIG(st->exit_code);
			p->exit_status = 128 + p->term_signal;
		} else {
			p->exit_status = WEXITSTATUS(st->exit_code);
		}
	} else {
		p->read_now = false;
	}
	if (p->chan >= 0)
		close(p->chan);
	p->chan = -1;
}

int subject_stat(struct subject *p)
{
	if (observe_stat(p->stat_fd, &p->seen) < 0)
		return -1;
	p->read_now = true;
	p->flt_next = p->seen.minflt;
	return 0;
}

long subject_faults_read(const struct subject *p)
{
	if (!p->read_now || p->minflt0 < 0 || p->seen.minflt < p->minflt0)
		return -1;
	return p->seen.minflt - p->minflt0;
}

void subject_check_deaths(struct subject **ps, int n)
{
	struct pollfd pf[MAX_PROCS];
	int np = 0;

	for (int i = 0; i < n && i < MAX_PROCS; i++) {
		pf[i].fd = ps[i]->exists && ps[i]->state < PROC_ZOMBIE ? ps[i]->pidfd : -1;
		pf[i].events = POLLIN;
		pf[i].revents = 0;
		np = i + 1;
	}
	if (np && poll(pf, (nfds_t)np, 0) < 0)
		return;
	for (int i = 0; i < np; i++) {
		struct subject *p = ps[i];

		if (!p->exists || p->state >= PROC_ZOMBIE)
			continue;
		if (p->pidfd < 0)
			subject_check(p);
		else if (pf[i].revents & POLLIN)
			subject_record_death(p);
	}
}

bool subject_check(struct subject *p)
{
	const struct observe_stat *st = &p->seen;
	enum proc_state was = p->state;

	if (!p->exists || p->state >= PROC_ZOMBIE)
		return false;
	/* The held stat alone tells a death: a zombie reads Z, a reaped task
	 * fails (the descriptor stays bound to it, never to a new pid). */
	if (subject_stat(p) < 0 || st->state == 'Z' || st->state == 'X') {
		subject_record_death(p);
		return true;
	}
	if (st->state == 'T' || st->state == 't')
		p->state = PROC_STOPPED;
	else if (p->state == PROC_STOPPED)
		p->state = p->waiting_for >= 0 ? PROC_SUSPENDED : PROC_RUNNING;
	return p->state != was;
}

void subject_wait_dead(struct subject *p)
{
	long deadline = wire_now_ms() + SUBJECT_ANSWER_MS;
	struct observe_stat st;

	while (!subject_stopping() && wire_now_ms() < deadline) {
		struct pollfd pf = { p->pidfd, POLLIN, 0 };

		if (p->pidfd >= 0 && poll(&pf, 1, TICK_MS) > 0)
			return;
		if (observe_stat(p->stat_fd, &st) < 0 || st.state == 'Z' || st.state == 'X')
			return;
		if (p->pidfd < 0)
			poll(NULL, 0, 1);
	}
}

void subject_kill(struct subject *p)
{
	if (p->chan >= 0)
		close(p->chan);
	p->chan = -1;
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->out_fd = -1;
	if (p->pidfd >= 0) {
		syscall(SYS_pidfd_send_signal, p->pidfd, SIGKILL, NULL, 0);
		close(p->pidfd);
		p->pidfd = -1;
	} else if (p->exists && p->state != PROC_EXITED && !p->thread) {
		/* Not reaped yet, so the pid is still this process's. (A thread
		 * is released the moment it ends, so its tid may be anyone's;
		 * it ends with its process.) */
		kill(p->pid, SIGKILL);
	}
	if (p->stat_fd >= 0)
		close(p->stat_fd);
	p->stat_fd = -1;
	if (p->pm_fd >= 0)
		close(p->pm_fd);
	if (p->mem_fd >= 0)
		close(p->mem_fd);
	p->pm_fd = p->mem_fd = -1;
}
