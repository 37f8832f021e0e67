/* SPDX-License-Identifier: MIT */
/* session.c - sequencing a scenario's steps on real processes. It starts the
 * first subject, sends each step to its actor, hands each new child its
 * channel, and after every step asks the report stage for a snapshot, the
 * model for what changed, and the expectations for their verdicts. Each
 * step's action is act.c's, waiting subject.c's, reading /proc observe.c's;
 * nothing here draws. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verdict.h"
#include "launch.h"
#include "observe.h"
#include "pagemap.h"
#include "report.h"
#include "act.h"
#include "carry.h"
#include "session.h"
#include "subject.h"

static struct session *live;    /* for session_kill_all; one at a time */

static void build_snap(struct session *s, struct model_snap *snap, int actor,
		       const struct scn_step *st);

int session_declare_new(struct session *s, struct model_snap *snap,
			char *err, size_t errlen)
{
	struct subject *p = &s->p[0];

	if (s->next > 0) {
		snprintf(err, errlen, "variables can only be added before the first step");
		return -1;
	}
	if (act_declare(s, p, p->rep.nvars, err, errlen) < 0)
		return -1;
	memset(snap, 0, sizeof(*snap));
	snap->ok = true;
	build_snap(s, snap, -1, NULL);
	s->prev = *snap;
	return 0;
}

void session_set_stop(volatile sig_atomic_t *stop)
{
	subject_set_stop(stop);
}

bool session_stopping(void)
{
	return subject_stopping();
}

struct session *session_start(const struct scenario *scn, struct model_info *info,
			      struct model_snap *snap0, char *err, size_t errlen)
{
	struct session *s;
	struct wire_report r;
	pid_t pid;
	int chan, fd;

	fd = pagemap_open(0);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read /proc/self/pagemap (%s): forkscope "
			 "needs the proc file system mounted on /proc", strerror(-fd));
		return NULL;
	}
	close(fd);
	if (!observe_proc_is_ours()) {
		snprintf(err, errlen, "/proc belongs to another pid namespace (/proc/self "
			 "is not this process): mount a proc of its own, e.g. unshare "
			 "-p -f --mount-proc");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->scn = scn;
	s->info = info;
	s->err_fd = s->guard_fd = -1;
	for (int i = 0; i < MAX_PROCS; i++)
		subject_clear(&s->p[i]);
	launch_info(info, scn);
	s->kpc_fd = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	/* Orphaned subjects come back to us to be reaped, not to init. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	live = s;
	s->err_fd = memfd_create("forkscope-stderr", MFD_CLOEXEC);
	pid = launch_first(&chan, s->err_fd, err, errlen);
	if (pid < 0)
		goto fail;
	subject_adopt(&s->p[0], pid, chan);
	s->guard_fd = launch_guard(pid);
	if (subject_answer(&s->p[0], &r) < 0 || r.kind != REP_HELLO) {
		launch_why_dead(pid, err, errlen);
		goto fail;
	}
	s->p[0].rep = r;
	subject_watch_output(&s->p[0]);
	if (act_declare(s, &s->p[0], 0, err, errlen) < 0)
		goto fail;
	memset(snap0, 0, sizeof(*snap0));
	snap0->ok = true;
	build_snap(s, snap0, -1, NULL);
	s->prev = *snap0;
	return s;
fail:
	session_end(s);
	return NULL;
}

int session_failures(const struct session *s)
{
	return s->failures;
}

int session_misses(const struct session *s)
{
	return s->misses;
}

/* Everyone else that can answer reports after the action: all asked first,
 * then all heard; descriptors and handlers probed only where the step can
 * have changed them (carry_masks), else the last probe's kept. A subject
 * reads its own variables with plain loads; a read from outside
 * (/proc/PID/mem) would mark the page accessed, and the per-CPU batch that
 * activates it holds a reference that makes the kernel copy, not reuse, at
 * the next write fault. So only a process that cannot answer is read from
 * outside. Each answer closes its subject's fault window: the count it
 * read as it took the command (flt_in), before it did anything of its own.
 * One found stopped instead is left to say so in its pane; it answers when
 * it is continued, late, and that answer is dropped. */
static void collect_reports(struct session *s, struct model_snap *snap,
			    const struct scn_step *st)
{
	struct wire_cmd c = { .op = OP_REPORT };
	bool asked[MAX_PROCS] = { false }, kept[MAX_PROCS] = { false };
	struct wire_report r;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];
		if (i == st->actor || !p->exists || p->state != PROC_RUNNING || p->chan < 0)
			continue;
		c.keep_masks = carry_masks(&s->prev, st, s->p[st->actor].pid, p->pid, p->idle);
		kept[i] = c.keep_masks;
		asked[i] = subject_send(p, &c, -1, &s->seq) == 0;
	}
	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];
		int rc;

		if (!asked[i])
			continue;
		rc = subject_answer(p, &r);
		if (rc == SUBJECT_STOPPED && i != st->actor) {
			p->state = PROC_STOPPED;
			continue;
		}
		if (rc < 0) {
			act_fail_wait(s, snap, i, rc);
			continue;
		}
		act_take_masks(p, &r, kept[i]);
		p->rep = r;
		p->have_report = p->fresh = true;
		if (p->faults == -2)
			p->faults = r.flt_in >= 0 && p->minflt0 >= 0 && r.flt_in >= p->minflt0 ?
				    r.flt_in - p->minflt0 : -1;
	}
}

/* Before a step: who died since the last one (pidfds), whether the actor
 * is stopped, and where each process's fault window opens. A subject that
 * settled into its wait at the end of the last step is not read again: its
 * stat was read there (or it answered after the count it sent), and since
 * then it has been blocked in its wait (or stopped, or dead). The actor is
 * read: a command cannot be taken back, and a stopped actor must not get
 * one. */
static void look_around(struct session *s, struct model_snap *snap, int actor)
{
	struct subject *idle[MAX_PROCS];
	enum proc_state was[MAX_PROCS];
	int nidle = 0;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];

		was[i] = p->state;
		p->idle = p->settled && p->have_report;
		p->born = p->fresh = false;
		p->faults = -2;         /* to be measured after the action */
		if (p->exists && p->settled && i != actor)
			idle[nidle++] = p;
		else if (p->exists)
			subject_check(p);
		p->settled = false;
	}
	subject_check_deaths(idle, nidle);
	for (int i = 0; i < MAX_PROCS; i++) {
		s->p[i].minflt0 = s->p[i].flt_next;
		s->p[i].read_now = false;       /* from here on: read after it */
	}
	for (int i = 0; i < MAX_PROCS; i++)
		if (s->p[i].exists && was[i] < PROC_ZOMBIE && s->p[i].state == PROC_ZOMBIE)
			act_resume_waiter(s, snap, i);
}

/* Can the step's action have write-protected memory that task b maps as
 * its own: a fork of an address space b shares with the actor a (CLONE_VM,
 * a thread)? Then b faults on its next write, such as the one that answers
 * us. Who shares is what kcmp said after the last step (a fork changes no
 * one's sharing); where it could not say, b may. */
static bool protects_shared(const struct model_snap *prev, const struct scn_step *st,
			    pid_t a, pid_t b)
{
	int ia = -1, ib = -1;

	if (st->act != ACT_FORK && !(st->act == ACT_CLONE && !(st->flags & CF_VM)))
		return false;
	for (int i = 0; i < prev->nprocs; i++) {
		if (prev->procs[i].tid == a)
			ia = i;
		if (prev->procs[i].tid == b)
			ib = i;
	}
	for (int r = 0; r < prev->nrels; r++)
		if ((prev->rels[r].a == ia && prev->rels[r].b == ib) ||
		    (prev->rels[r].a == ib && prev->rels[r].b == ia))
			return prev->rels[r].vm != SHARE_SEPARATE;
	return true;
}

/* After the action, before anyone is asked to report: who died meanwhile
 * (pidfds; /proc for a task without one), and whether a stopped one was
 * continued (/proc: that read is its step's). Nobody else is read here: a
 * subject that answers closes its own fault window, and one that cannot
 * (suspended, or running another program) is read once as it settles.
 * Except after a fork (protects_shared): whoever shares the forker's
 * memory would take a fault of ours answering, so it is read now, as still
 * as it was. -1 for one born in the step or dead. */
static void look_after(struct session *s, struct model_snap *snap,
		       const struct scn_step *st)
{
	struct subject *watch[MAX_PROCS];
	enum proc_state was[MAX_PROCS];
	int n = 0;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];

		was[i] = p->state;
		if (!p->exists || p->born || p->faults != -2 || p->state >= PROC_ZOMBIE)
			continue;
		if (p->state == PROC_STOPPED || p->pidfd < 0 ||
		    protects_shared(&s->prev, st, s->p[st->actor].pid, p->pid))
			subject_check(p);
		else
			watch[n++] = p;
	}
	subject_check_deaths(watch, n);
	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];

		if (p->exists && was[i] < PROC_ZOMBIE && p->state == PROC_ZOMBIE)
			act_resume_waiter(s, snap, i);
		if (!p->exists || p->born || p->state >= PROC_ZOMBIE)
			p->faults = -1;
		else if (p->faults == -2 && p->read_now)
			p->faults = subject_faults_read(p);
	}
}

/* The actor answered and went back to its wait: read just before the
 * action, in that wait, it is read no more in this step. Its answer came
 * after all it did (an exec's: after the new image declared its
 * variables), and after the answer it writes no page it does not own
 * (agent.c), so the answer's count closes its fault window and opens the
 * next; state letter and parent are as read, which no action of its own
 * changes (a new image keeps both). One that did not answer (suspended in
 * vfork or wait, stopped, ended) is read as it settles. */
static void actor_settled(struct subject *a)
{
	if (!a->exists || !a->fresh || a->state != PROC_RUNNING || a->seen.state == 'R' ||
	    a->rep.flt_out < 0)
		return;
	if (a->faults == -2)    /* an exec: its answer closes the window */
		a->faults = a->minflt0 >= 0 && a->rep.flt_out >= a->minflt0 ?
			    a->rep.flt_out - a->minflt0 : -1;
	a->settled = true;
	a->kstate = a->seen.state;
	a->flt_next = a->rep.flt_out;
}

/* Was thread a's process killed by a signal? (A fatal signal to any of
 * its threads kills them all.) */
static bool process_killed(const struct session *s, const struct subject *a)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (s->p[i].exists && s->p[i].pid == a->tgid)
			return s->p[i].term_signal != 0;
	return false;
}

/* Can the actor act? Otherwise why not, in words. */
static bool can_act(struct session *s, struct model_snap *snap, int i)
{
	struct subject *a = &s->p[i];
	const char *sig = a->term_signal ? sigabbrev_np(a->term_signal) : NULL;

	if (a->exists && a->state == PROC_RUNNING && a->chan >= 0)
		return true;
	if (!a->exists)
		act_fail(s, snap, "not run: '%s' was never created", act_name(s, i));
	else if (a->thread && a->state >= PROC_ZOMBIE)
		act_fail(s, snap, "not run: thread '%s' has ended%s", act_name(s, i),
			 process_killed(s, a) ? ", killed with its process" : "");
	else if (a->state == PROC_STOPPED)
		act_fail(s, snap, "not run: '%s' is stopped (state T)", act_name(s, i));
	else if (a->term_signal)
		act_fail(s, snap, "not run: '%s' was killed by SIG%s", act_name(s, i),
			 sig ? sig : "?");
	else
		act_fail(s, snap, "not run: '%s' cannot act now", act_name(s, i));
	return false;
}

int session_step(struct session *s, struct model_snap *snap)
{
	const struct scn_step *st;
	struct wire_cmd c;

	if (s->next >= s->scn->nsteps)
		return 0;
	st = &s->scn->steps[s->next++];
	memset(snap, 0, sizeof(*snap));
	snap->ok = true;
	look_around(s, snap, st->actor);
	if (can_act(s, snap, st->actor)) {
		act_cmd(&c, st);
		c.keep_masks = carry_masks(&s->prev, st, s->p[st->actor].pid,
					   s->p[st->actor].pid, s->p[st->actor].idle);
		switch (st->act) {
		case ACT_FORK: case ACT_VFORK: case ACT_CLONE: case ACT_SPAWN: case ACT_THREAD:
			act_forklike(s, snap, st, &c);
			break;
		case ACT_EXEC:
			act_exec(s, snap, st, &c);
			break;
		case ACT_EXIT:
			act_exit(s, snap, st, &c);
			break;
		case ACT_WAIT:
			act_wait(s, snap, st, &c);
			break;
		default:
			act_simple(s, snap, st, &c);
			break;
		}
	}
	actor_settled(&s->p[st->actor]);
	look_after(s, snap, st);
	collect_reports(s, snap, st);
	build_snap(s, snap, st->actor, st);
	s->prev = *snap;
	return 1;
}

static void build_snap(struct session *s, struct model_snap *snap, int actor,
		       const struct scn_step *st)
{
	const struct model_snap *prev = s->next ? &s->prev : NULL;

	snap->step = s->next;
	snap->nsteps = s->scn->nsteps;
	report_snapshot(snap, s->p, s->scn, st, actor, s->kpc_fd, s->info, prev);
	model_classify(prev, snap, s->info->pfn_visible);
	s->misses += verdict_check(s->scn, s->next, prev, snap, s->info);
}

static void kill_and_reap(struct session *s)
{
	for (int i = 0; i < MAX_PROCS; i++)
		subject_kill(&s->p[i]);
}

void session_kill_all(void)
{
	if (live)
		kill_and_reap(live);
}

void session_end(struct session *s)
{
	int st;

	if (!s)
		return;
	kill_and_reap(s);
	launch_unguard(s->guard_fd);
	/* We are the subreaper: every subject, orphaned or not, ends up ours. */
	while (waitpid(-1, &st, __WALL) > 0 || errno == EINTR)
		;
	if (s->kpc_fd >= 0)
		close(s->kpc_fd);
	launch_show_stderr(s->err_fd);
	if (live == s)
		live = NULL;
	free(s);
}
