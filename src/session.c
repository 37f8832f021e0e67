/* SPDX-License-Identifier: MIT */
/* session.c - sequencing a scenario's steps on real processes. It starts the
 * first subject, sends each step to its actor, hands each new child its
 * channel, and after every step asks the report stage for a snapshot, the
 * model for what changed, and the expectations for their verdicts. Waiting
 * is subject.c's, reading /proc is observe.c's; nothing here draws. */
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
#include "session.h"
#include "subject.h"

struct session {
	const struct scenario *scn;
	int next;
	int failures, misses;
	uint32_t seq;
	int kpc_fd;
	int err_fd;             /* the subjects' shared stderr file */
	int guard_fd;           /* the guard's pipe: it kills them if we die */
	struct subject p[MAX_PROCS];
	struct model_snap prev;
	struct model_info *info;
};

static struct session *live;    /* for session_kill_all; one at a time */

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "E?";
}

static const char *name_of(const struct session *s, int i)
{
	return s->scn->procs[i].name;
}

static void step_fail(struct session *s, struct model_snap *snap,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void step_fail(struct session *s, struct model_snap *snap,
		      const char *fmt, ...)
{
	va_list ap;

	if (!snap->ok)
		return;         /* keep the first reason */
	snap->ok = false;
	s->failures++;
	va_start(ap, fmt);
	vsnprintf(snap->error, sizeof(snap->error), fmt, ap);
	va_end(ap);
}

/* Why process i cannot answer, after a wait ended without its answer. */
static void fail_wait(struct session *s, struct model_snap *snap, int i, int rc)
{
	struct subject *p = &s->p[i];

	if (rc == SUBJECT_STOPPED) {
		p->state = PROC_STOPPED;
		step_fail(s, snap, "'%s' is stopped (state T): it does this step when "
			  "it is continued", name_of(s, i));
	} else if (rc == SUBJECT_DIED || rc == -EPIPE) {
		subject_record_death(p);
		if (p->term_signal)
			step_fail(s, snap, "'%s' was killed by SIG%s", name_of(s, i),
				  sigabbrev_np(p->term_signal) ? sigabbrev_np(p->term_signal) : "?");
		else
			step_fail(s, snap, "'%s' ended unexpectedly", name_of(s, i));
	} else if (rc == SUBJECT_STOP) {
		step_fail(s, snap, "interrupted");
	} else {
		step_fail(s, snap, "'%s' stopped answering", name_of(s, i));
	}
}

static void set_call(struct subject *p, const char *call, long long ret, int err)
{
	snprintf(p->call, sizeof(p->call), "%s", call);
	p->has_returned = true;
	p->returned = ret;
	p->ret_errno = err;
}

static void build_snap(struct session *s, struct model_snap *snap, int actor,
		       const struct scn_step *st);

/* Declare variables [from, nvars) in a subject. */
static int declare_from(struct session *s, struct subject *p, int from, char *err,
			size_t len)
{
	for (int i = from; i < s->scn->nvars; i++) {
		struct wire_cmd c = { .op = OP_DECLARE, .var = i,
				      .region = s->scn->vars[i].region,
				      .flags = (int)s->scn->vars[i].advice,
				      .value = s->scn->vars[i].initial };
		struct wire_report r;

		if (subject_send(p, &c, -1, &s->seq) < 0 || subject_answer(p, &r) < 0) {
			snprintf(err, len, "the subject stopped answering");
			return -1;
		}
		if (!r.ok) {
			snprintf(err, len, "cannot place variable '%s' in %s memory: %s",
				 s->scn->vars[i].name,
				 model_region_name(s->scn->vars[i].region), strerror(r.err));
			return -1;
		}
		p->rep = r;
		p->have_report = p->fresh = true;
	}
	return 0;
}

int session_declare_new(struct session *s, struct model_snap *snap,
			char *err, size_t errlen)
{
	struct subject *p = &s->p[0];

	if (s->next > 0) {
		snprintf(err, errlen, "variables can only be added before the first step");
		return -1;
	}
	if (declare_from(s, p, p->rep.nvars, err, errlen) < 0)
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
	if (declare_from(s, &s->p[0], 0, err, errlen) < 0)
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

/* child exited, exec'd or died: the parent suspended on it resumes and
 * answers its fork-like call. */
static void resume_waiter(struct session *s, struct model_snap *snap, int child)
{
	struct wire_report r;
	int w = -1, rc;

	for (int i = 0; i < MAX_PROCS && w < 0; i++)
		if (s->p[i].exists && s->p[i].waiting_for == child)
			w = i;
	if (w < 0)
		return;
	s->p[w].waiting_for = -1;
	if (s->p[w].state == PROC_SUSPENDED)
		s->p[w].state = PROC_RUNNING;
	if (s->p[w].state >= PROC_ZOMBIE)       /* it ended meanwhile (its process did) */
		s->p[w].pending_reply = false;
	if (!s->p[w].pending_reply)
		return;
	s->p[w].pending_reply = false;
	rc = subject_answer(&s->p[w], &r);
	if (rc < 0) {
		fail_wait(s, snap, w, rc);
		return;
	}
	s->p[w].returned = r.returned;
	s->p[w].has_returned = true;
}

static const char *call_name(enum action a)
{
	return a == ACT_SPAWN ? "posix_spawn" : a == ACT_THREAD ? "clone" :
	       scenario_action_name(a);
}

/* Why the kernel refused a fork-like call, where the errno alone is terse. */
static const char *refusal_hint(const struct scn_step *st, int err)
{
	if (st->act == ACT_CLONE && err == EINVAL && (st->flags & CF_SIGHAND) &&
	    !(st->flags & CF_VM))
		return ": CLONE_SIGHAND needs CLONE_VM";
	if (err == EAGAIN)
		return ": the process limit (RLIMIT_NPROC) is reached";
	return "";
}

static void run_forklike(struct session *s, struct model_snap *snap,
			 const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor], *t = &s->p[st->target];
	bool suspends = st->act == ACT_VFORK ||
			(st->act == ACT_CLONE && (st->flags & CF_VFORK));
	bool got_reply = false, got_hello = false;
	struct subject_wait w[2];
	struct wire_report r;
	int sv[2], rc, n = 2, event;
	long deadline = wire_now_ms() + SUBJECT_ANSWER_MS;
	pid_t child = 0;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		step_fail(s, snap, "socketpair: %s", strerror(errno));
		return;
	}
	rc = subject_send(a, c, sv[1], &s->seq);
	close(sv[1]);
	if (rc < 0) {
		close(sv[0]);
		step_fail(s, snap, "cannot reach '%s'", name_of(s, st->actor));
		return;
	}
	w[0] = (struct subject_wait){ a->chan, a->expect, a };
	w[1] = (struct subject_wait){ sv[0], 0, NULL };
	/* Until the actor has answered and the child said hello; or the actor
	 * failed; or (vfork) the child said hello while the actor sleeps. A
	 * refused call closes the child's end: stop listening there, but the
	 * actor's answer is still due. */
	while (!(got_reply && (got_hello || !a->rep.ok)) && !(suspends && got_hello)) {
		rc = subject_wait(w, n, &r, deadline, &event);
		if (rc < 0 || (rc == 0 && r.kind == REP_GONE)) {
			close(sv[0]);
			fail_wait(s, snap, st->actor, rc < 0 ? rc : -EPIPE);
			return;
		}
		if (rc == 0) {
			got_reply = true;
			a->rep = r;
			a->fresh = true;
		} else if (r.kind == REP_GONE) {
			n = 1;
		} else {
			got_hello = true;
			child = r.tid;  /* a process's first task: tid == pid */
		}
	}
	if (got_reply && !a->rep.ok) {
		set_call(a, call_name(st->act), -1, a->rep.err);
		close(sv[0]);
		step_fail(s, snap, "%s() failed in '%s': %s (%s)%s", call_name(st->act),
			  name_of(s, st->actor), strerror(a->rep.err), errname(a->rep.err),
			  refusal_hint(st, a->rep.err));
		return;
	}
	subject_adopt(t, child, sv[0]);
	if (st->act != ACT_SPAWN)
		set_call(t, call_name(st->act), 0, 0);
	else
		t->image = 2;   /* it ran the parent's program, then execed */
	if (suspends && !got_reply) {
		a->state = PROC_SUSPENDED;
		a->pending_reply = true;
		a->waiting_for = st->target;
		snprintf(a->call, sizeof(a->call), "%s", call_name(st->act));
		a->has_returned = false;
	} else {
		set_call(a, call_name(st->act), a->rep.returned, 0);
		a->faults = a->rep.faults;
	}
	if (st->act == ACT_SPAWN) {
		char err[TEXT_MAX];
		if (declare_from(s, t, 0, err, sizeof(err)) < 0)
			step_fail(s, snap, "%s", err);
	}
}

/* The other tasks of i's process have ended, or are ending (an exit_group,
 * an exec): wait for each, bounded, and record it. Who belongs to the
 * process is what /proc said (tgid), not what the scenario meant. */
static void end_group(struct session *s, struct model_snap *snap, int i)
{
	for (int k = 0; k < MAX_PROCS; k++) {
		struct subject *p = &s->p[k];

		if (k == i || !p->exists || p->state >= PROC_ZOMBIE || p->tgid != s->p[i].tgid)
			continue;
		subject_wait_dead(p);
		subject_record_death(p);
		resume_waiter(s, snap, k);
	}
}

static void run_exec(struct session *s, struct model_snap *snap,
		     const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor];
	struct wire_report r;
	char err[TEXT_MAX];
	int rc = -EPIPE;

	if (subject_send(a, c, -1, &s->seq) < 0 || (rc = subject_answer(a, &r)) < 0) {
		fail_wait(s, snap, st->actor, rc);
		return;
	}
	if (r.kind != REP_HELLO) {
		a->rep = r;
		a->have_report = a->fresh = true;
		set_call(a, "execve", -1, r.err);
		/* "exec missing" asked for exactly this: not a failed step. */
		if (!(st->flags & EXEC_MISSING))
			step_fail(s, snap, "execve() failed: %s (%s)", strerror(r.err),
				  errname(r.err));
		return;
	}
	a->image++;
	a->has_returned = false;
	a->call[0] = '\0';
	end_group(s, snap, st->actor);  /* execve ended the other threads */
	if (declare_from(s, a, 0, err, sizeof(err)) < 0)
		step_fail(s, snap, "%s", err);
	resume_waiter(s, snap, st->actor);
}

static void run_exit(struct session *s, struct model_snap *snap,
		     const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor];
	struct wire_report r;
	int rc = -EPIPE;

	if (subject_send(a, c, -1, &s->seq) < 0 || (rc = subject_answer(a, &r)) < 0 ||
	    r.kind != REP_EXITING) {
		fail_wait(s, snap, st->actor, rc);
		resume_waiter(s, snap, st->actor);
		return;
	}
	subject_wait_dead(a);
	/* The status as the kernel keeps it for the parent, not as we asked. */
	a->exit_status = (int)st->value;
	subject_record_death(a);
	resume_waiter(s, snap, st->actor);
	/* _exit(2) and exit(3) are exit_group: every thread of the process
	 * ends too. A thread's own SYS_exit ends it alone. */
	if (!(st->flags & EXIT_THREAD))
		end_group(s, snap, st->actor);
}

static void run_wait(struct session *s, struct model_snap *snap,
		     const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor], *t = &s->p[st->target];
	struct wire_report r;
	int rc = -EPIPE, status;

	if (!t->exists) {
		step_fail(s, snap, "not run: '%s' was never created", name_of(s, st->target));
		return;
	}
	c->pid = t->pid;
	if (subject_send(a, c, -1, &s->seq) < 0 || (rc = subject_answer(a, &r)) < 0) {
		fail_wait(s, snap, st->actor, rc);
		return;
	}
	a->rep = r;
	a->have_report = a->fresh = true;
	a->faults = r.faults;
	if (!r.ok) {
		step_fail(s, snap, "wait failed: %s (%s)", strerror(r.err), errname(r.err));
		return;
	}
	status = (int)r.returned;
	t->state = PROC_EXITED;
	t->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	t->exit_status = t->term_signal ? 128 + t->term_signal : WEXITSTATUS(status);
	set_call(a, "waitpid", t->pid, 0);
	subject_kill(t);        /* reaped: only our handles are left to close */
}

static void run_simple(struct session *s, struct model_snap *snap,
		       const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor];
	struct wire_report r;
	int rc = -EPIPE;

	if (subject_send(a, c, -1, &s->seq) < 0 || (rc = subject_answer(a, &r)) < 0) {
		fail_wait(s, snap, st->actor, rc);
		return;
	}
	a->rep = r;
	a->have_report = a->fresh = true;
	a->faults = r.faults;
	if (!r.ok)
		step_fail(s, snap, "%s failed: %s (%s)", scenario_action_name(st->act),
			  strerror(r.err), errname(r.err));
}

static void fill_cmd(struct wire_cmd *c, const struct scn_step *st)
{
	static const int ops[ACT_COUNT] = {
		[ACT_READ] = OP_READ, [ACT_SET] = OP_SET, [ACT_INC] = OP_INC,
		[ACT_FORK] = OP_FORK, [ACT_VFORK] = OP_VFORK, [ACT_CLONE] = OP_CLONE,
		[ACT_SPAWN] = OP_SPAWN, [ACT_EXEC] = OP_EXEC, [ACT_EXIT] = OP_EXIT,
		[ACT_WAIT] = OP_WAIT, [ACT_OPEN] = OP_OPEN, [ACT_CLOSE] = OP_CLOSE,
		[ACT_HANDLE] = OP_HANDLE, [ACT_DEFAULT] = OP_DEFAULT,
		[ACT_PRINT] = OP_PRINT, [ACT_THREAD] = OP_CLONE,
	};

	memset(c, 0, sizeof(*c));
	c->op = ops[st->act];
	c->var = st->var;
	c->value = st->value;
	c->flags = st->flags;
	if (st->act == ACT_THREAD)
		c->flags = CF_VM | CF_FILES | CF_SIGHAND | CF_THREAD;
	c->slot = st->slot;
	snprintf(c->text, sizeof(c->text), "%s", st->print);
}

/* Everyone else that can answer reports after the action: all asked first,
 * then all heard. A subject reads its own variables with plain loads; a
 * read from outside (/proc/PID/mem) would mark the page accessed, and the
 * per-CPU batch that activates it holds a reference that makes the kernel
 * copy, not reuse, at the next write fault. So only a process that cannot
 * answer is read from outside. */
static void collect_reports(struct session *s, struct model_snap *snap, int actor)
{
	struct wire_cmd c = { .op = OP_REPORT };
	bool asked[MAX_PROCS] = { false };
	struct wire_report r;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];
		if (i == actor || !p->exists || p->state != PROC_RUNNING || p->chan < 0)
			continue;
		asked[i] = subject_send(p, &c, -1, &s->seq) == 0;
	}
	for (int i = 0; i < MAX_PROCS; i++) {
		int rc;

		if (!asked[i])
			continue;
		rc = subject_answer(&s->p[i], &r);
		if (rc < 0) {
			fail_wait(s, snap, i, rc);
			continue;
		}
		s->p[i].rep = r;
		s->p[i].have_report = s->p[i].fresh = true;
	}
}

/* Before a step: who died or stopped since the last one, and where each
 * process's fault counter stands. */
static void look_around(struct session *s, struct model_snap *snap)
{
	struct observe_stat ps;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct subject *p = &s->p[i];

		p->born = p->fresh = false;
		p->faults = -2;         /* to be read from /proc after the step */
		if (!p->exists)
			continue;
		if (subject_check(p) && p->state == PROC_ZOMBIE)
			resume_waiter(s, snap, i);
		if (observe_stat(p->stat_fd, &ps) == 0)
			p->minflt0 = ps.minflt;
	}
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
		step_fail(s, snap, "not run: '%s' was never created", name_of(s, i));
	else if (a->thread && a->state >= PROC_ZOMBIE)
		step_fail(s, snap, "not run: thread '%s' has ended%s", name_of(s, i),
			  process_killed(s, a) ? ", killed with its process" : "");
	else if (a->state == PROC_STOPPED)
		step_fail(s, snap, "not run: '%s' is stopped (state T)", name_of(s, i));
	else if (a->term_signal)
		step_fail(s, snap, "not run: '%s' was killed by SIG%s", name_of(s, i),
			  sig ? sig : "?");
	else
		step_fail(s, snap, "not run: '%s' cannot act now", name_of(s, i));
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
	look_around(s, snap);
	if (can_act(s, snap, st->actor)) {
		fill_cmd(&c, st);
		switch (st->act) {
		case ACT_FORK: case ACT_VFORK: case ACT_CLONE: case ACT_SPAWN: case ACT_THREAD:
			run_forklike(s, snap, st, &c);
			break;
		case ACT_EXEC:
			run_exec(s, snap, st, &c);
			break;
		case ACT_EXIT:
			run_exit(s, snap, st, &c);
			break;
		case ACT_WAIT:
			run_wait(s, snap, st, &c);
			break;
		default:
			run_simple(s, snap, st, &c);
			break;
		}
	}
	report_faults(s->p, MAX_PROCS);
	collect_reports(s, snap, st->actor);
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
	report_snapshot(snap, s->p, s->scn, st, actor, s->kpc_fd, s->info);
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
