/* SPDX-License-Identifier: MIT */
/* session.c - the viewer's side of the wire. It starts the first subject,
 * hands each new child its channel, waits for every answer with a deadline
 * (never a sleep), observes suspended subjects from outside, and builds a
 * snapshot per step. It never draws. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"
#include "pagemap.h"
#include "procfs.h"
#include "report.h"
#include "session.h"
#include "wire.h"

#define FAULTS_FROM_PROC (-2)
#define ANSWER_MS 5000          /* a subject that says nothing for this long failed */

struct sproc {
	bool exists;
	pid_t pid;
	int pidfd;
	int chan;               /* viewer's end; -1 once closed */
	uint32_t expect;        /* seq of the command whose answer is due */
	enum proc_state state;
	int exit_status;
	int out_fd;             /* our handle on its stdout file, or -1 */
	bool pending_reply;     /* suspended: its fork-like answer is still due */
	int waiting_for;
	char call[16];
	bool has_returned;
	long long returned;
	int ret_errno;
	long minflt0;
	long faults;            /* this step's; FAULTS_FROM_PROC until measured */
	bool born;
	bool have_report;
	struct wire_report rep;
};

struct session {
	const struct scenario *scn;
	int next;
	int failures;
	uint32_t seq;
	int kpc_fd;
	int err_fd;             /* the subjects' shared stderr file */
	struct sproc p[MAX_PROCS];
	struct model_snap prev;
	struct model_info *info;
};

static struct session *live;    /* for session_kill_all; one at a time */

static const char *errname(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "E?";
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

/* The next report on one of chans that is for us: the answer to the last
 * command sent there (expect[i]), a hello, or word that it closed. A late
 * answer to a command we stopped waiting for is dropped, never taken for
 * the answer to the next one. Its index, or -ETIMEDOUT. */
static int await(const int *chans, const uint32_t *expect, int n,
		 struct wire_report *r, long deadline)
{
	for (;;) {
		int i = wire_wait(chans, n, r, deadline);

		if (i < 0 || r->kind == REP_HELLO || r->kind == REP_GONE ||
		    r->seq == expect[i])
			return i;
	}
}

static int wait_one(struct sproc *p, struct wire_report *r)
{
	int rc = await(&p->chan, &p->expect, 1, r, wire_now_ms() + ANSWER_MS);

	if (rc < 0)
		return rc;
	return r->kind == REP_GONE ? -EPIPE : 0;
}

/* Send a command to p, numbered so its answer can be told from late ones. */
static int send_to(struct session *s, struct sproc *p, struct wire_cmd *c, int fd)
{
	c->seq = ++s->seq;
	p->expect = c->seq;
	return wire_send_cmd(p->chan, c, fd);
}

static void set_call(struct sproc *p, const char *call, long long ret, int err)
{
	snprintf(p->call, sizeof(p->call), "%s", call);
	p->has_returned = true;
	p->returned = ret;
	p->ret_errno = err;
}

static void build_snap(struct session *s, struct model_snap *snap, int actor_idx,
		       const struct scn_step *st);

/* Declare variables [from, nvars) in a subject. */
static int declare_from(struct session *s, struct sproc *p, int from, char *err,
			size_t len)
{
	for (int i = from; i < s->scn->nvars; i++) {
		struct wire_cmd c = { .op = OP_DECLARE, .var = i,
				      .region = s->scn->vars[i].region,
				      .value = s->scn->vars[i].initial };
		struct wire_report r;

		if (send_to(s, p, &c, -1) < 0 || wait_one(p, &r) < 0) {
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
		p->have_report = true;
	}
	return 0;
}

/* Declare every variable in a fresh image (the first one, exec, spawn). */
static int declare_all(struct session *s, struct sproc *p, char *err, size_t len)
{
	return declare_from(s, p, 0, err, len);
}

int session_declare_new(struct session *s, struct model_snap *snap,
			char *err, size_t errlen)
{
	struct sproc *p = &s->p[0];

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

static void adopt(struct sproc *p, pid_t pid, int chan)
{
	p->exists = true;
	p->pid = pid;
	p->chan = chan;
	p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	p->state = PROC_RUNNING;
	p->waiting_for = -1;
	p->born = true;
	p->faults = -1;
}

/* Keep our own handle on the file a subject's stdout goes to: its output
 * can still be read after it has exited. */
static void open_output(struct sproc *p)
{
	if (p->out_fd >= 0)
		close(p->out_fd);
	p->out_fd = procfs_open_fd(p->pid, 1);
}

struct session *session_start(const struct scenario *scn, struct model_info *info,
			      struct model_snap *snap0, char *err, size_t errlen)
{
	struct session *s;
	struct wire_report r;
	pid_t pid;
	int chan;

	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->scn = scn;
	s->info = info;
	s->err_fd = -1;
	for (int i = 0; i < MAX_PROCS; i++) {
		s->p[i].chan = s->p[i].pidfd = s->p[i].out_fd = -1;
		s->p[i].waiting_for = -1;
	}
	launch_info(info, scn);
	{
		int fd = pagemap_open(0);
		if (fd < 0) {
			snprintf(err, errlen, "cannot read /proc/self/pagemap (%s): forkscope "
				 "needs the proc file system mounted on /proc", strerror(-fd));
			free(s);
			return NULL;
		}
		close(fd);
	}
	s->kpc_fd = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	/* Orphaned subjects come back to us to be reaped, not to init. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	live = s;
	s->err_fd = memfd_create("forkscope-stderr", MFD_CLOEXEC);
	pid = launch_first(&chan, s->err_fd, err, errlen);
	if (pid < 0)
		goto fail;
	adopt(&s->p[0], pid, chan);
	if (wait_one(&s->p[0], &r) < 0 || r.kind != REP_HELLO) {
		snprintf(err, errlen, "the first subject did not start (is "
			 "/proc/self/exe executable?)");
		goto fail;
	}
	s->p[0].rep = r;
	s->p[0].have_report = true;
	open_output(&s->p[0]);
	if (declare_all(s, &s->p[0], err, errlen) < 0)
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

static struct sproc *find_waiter(struct session *s, int child)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (s->p[i].exists && s->p[i].waiting_for == child)
			return &s->p[i];
	return NULL;
}

/* child exited or exec'd: the parent suspended on it resumes and answers. */
static void resume_waiter(struct session *s, struct model_snap *snap, int child)
{
	struct sproc *w = find_waiter(s, child);
	struct wire_report r;

	if (!w)
		return;
	w->waiting_for = -1;
	w->state = PROC_RUNNING;
	if (!w->pending_reply)
		return;
	w->pending_reply = false;
	if (wait_one(w, &r) < 0) {
		step_fail(s, snap, "the suspended parent did not resume");
		return;
	}
	w->returned = r.returned;
	w->has_returned = true;
}

static const char *call_name(enum action a)
{
	return a == ACT_SPAWN ? "posix_spawn" : scenario_action_name(a);
}

static void run_forklike(struct session *s, struct model_snap *snap,
			 const struct scn_step *st, struct wire_cmd *c)
{
	struct sproc *a = &s->p[st->actor], *t = &s->p[st->target];
	bool suspends = st->act == ACT_VFORK ||
			(st->act == ACT_CLONE && (st->flags & CF_VFORK));
	bool got_reply = false, got_hello = false;
	struct wire_report r;
	int sv[2], chans[2], rc, nchans = 2;
	uint32_t expect[2];
	long deadline = wire_now_ms() + ANSWER_MS;
	pid_t child = 0;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		step_fail(s, snap, "socketpair: %s", strerror(errno));
		return;
	}
	rc = send_to(s, a, c, sv[1]);
	close(sv[1]);
	if (rc < 0) {
		close(sv[0]);
		step_fail(s, snap, "cannot reach '%s'", s->scn->procs[st->actor].name);
		return;
	}
	chans[0] = a->chan;
	chans[1] = sv[0];
	expect[0] = a->expect;
	expect[1] = 0;
	/* Until the actor has answered and the child said hello; or the actor
	 * failed; or (vfork) the child said hello while the actor sleeps. A
	 * refused call closes the child's end: stop listening there, but the
	 * actor's answer is still due. */
	while (!(got_reply && (got_hello || !a->rep.ok)) && !(suspends && got_hello)) {
		rc = await(chans, expect, nchans, &r, deadline);
		if (rc < 0 || (rc == 0 && r.kind == REP_GONE))
			break;
		if (rc == 0) {
			got_reply = true;
			a->rep = r;
		} else if (r.kind == REP_GONE) {
			nchans = 1;
		} else {
			got_hello = true;
			child = r.pid;
		}
	}
	if (got_reply && !a->rep.ok) {
		set_call(a, call_name(st->act), -1, a->rep.err);
		close(sv[0]);
		step_fail(s, snap, "%s() failed in '%s': %s (%s)", call_name(st->act),
			  s->scn->procs[st->actor].name, strerror(a->rep.err),
			  errname(a->rep.err));
		return;
	}
	if (!got_hello) {
		close(sv[0]);
		step_fail(s, snap, "the new child never answered");
		return;
	}
	adopt(t, child, sv[0]);
	open_output(t);
	if (st->act != ACT_SPAWN)
		set_call(t, call_name(st->act), 0, 0);
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
		if (declare_all(s, t, err, sizeof(err)) < 0)
			step_fail(s, snap, "%s", err);
	}
}

static void run_exec(struct session *s, struct model_snap *snap,
		     const struct scn_step *st, struct wire_cmd *c)
{
	struct sproc *a = &s->p[st->actor];
	struct wire_report r;
	char err[TEXT_MAX];

	if (send_to(s, a, c, -1) < 0 || wait_one(a, &r) < 0) {
		step_fail(s, snap, "'%s' stopped answering", s->scn->procs[st->actor].name);
		return;
	}
	if (r.kind != REP_HELLO) {
		a->rep = r;
		a->have_report = true;
		set_call(a, "execve", -1, r.err);
		/* "exec missing" asked for exactly this: not a failed step. */
		if (!(st->flags & EXEC_MISSING))
			step_fail(s, snap, "execve() failed: %s (%s)", strerror(r.err),
				  errname(r.err));
		return;
	}
	a->has_returned = false;
	a->call[0] = '\0';
	if (declare_all(s, a, err, sizeof(err)) < 0)
		step_fail(s, snap, "%s", err);
	resume_waiter(s, snap, st->actor);
}

/* Until p has died (bounded): its pidfd turns readable then. Without pidfds
 * (before Linux 5.3, or under valgrind) watch its state in /proc. */
static void wait_dead(struct sproc *p, struct pollfd *pf)
{
	struct timespec tick = { 0, 200000 };
	struct procfs_stat ps;

	if (p->pidfd >= 0) {
		while (poll(pf, 1, ANSWER_MS) < 0 && errno == EINTR)
			;
		return;
	}
	for (int i = 0; i < ANSWER_MS * 5; i++) {
		if (procfs_stat(p->pid, &ps) < 0 || ps.state == 'Z' || ps.state == 'X')
			return;
		nanosleep(&tick, NULL);
	}
}

static void run_exit(struct session *s, struct model_snap *snap,
		     const struct scn_step *st, struct wire_cmd *c)
{
	struct sproc *a = &s->p[st->actor];
	struct pollfd pf = { a->pidfd, POLLIN, 0 };
	struct wire_report r;

	if (send_to(s, a, c, -1) < 0 || wait_one(a, &r) < 0 ||
	    r.kind != REP_EXITING) {
		step_fail(s, snap, "'%s' did not exit", s->scn->procs[st->actor].name);
		return;
	}
	wait_dead(a, &pf);
	close(a->chan);
	a->chan = -1;
	a->state = PROC_ZOMBIE;
	a->exit_status = (int)st->value;
	a->have_report = false;
	resume_waiter(s, snap, st->actor);
}

static void run_simple(struct session *s, struct model_snap *snap,
		       const struct scn_step *st, struct wire_cmd *c)
{
	struct sproc *a = &s->p[st->actor];
	struct wire_report r;

	if (send_to(s, a, c, -1) < 0 || wait_one(a, &r) < 0) {
		step_fail(s, snap, "'%s' stopped answering", s->scn->procs[st->actor].name);
		return;
	}
	a->rep = r;
	a->have_report = true;
	a->faults = r.faults;
	if (!r.ok) {
		step_fail(s, snap, "%s failed: %s (%s)", scenario_action_name(st->act),
			  strerror(r.err), errname(r.err));
		return;
	}
	if (st->act == ACT_WAIT) {
		struct sproc *t = &s->p[st->target];
		t->state = PROC_EXITED;
		t->exit_status = WIFEXITED((int)r.returned) ?
				 WEXITSTATUS((int)r.returned) : 128 + WTERMSIG((int)r.returned);
		set_call(a, "waitpid", t->pid, 0);
		if (t->pidfd >= 0)
			close(t->pidfd);
		t->pidfd = -1;
	}
}

static void fill_cmd(struct wire_cmd *c, const struct session *s,
		     const struct scn_step *st)
{
	static const int ops[ACT_COUNT] = {
		[ACT_READ] = OP_READ, [ACT_SET] = OP_SET, [ACT_INC] = OP_INC,
		[ACT_FORK] = OP_FORK, [ACT_VFORK] = OP_VFORK, [ACT_CLONE] = OP_CLONE,
		[ACT_SPAWN] = OP_SPAWN, [ACT_EXEC] = OP_EXEC, [ACT_EXIT] = OP_EXIT,
		[ACT_WAIT] = OP_WAIT, [ACT_OPEN] = OP_OPEN, [ACT_CLOSE] = OP_CLOSE,
		[ACT_HANDLE] = OP_HANDLE, [ACT_DEFAULT] = OP_DEFAULT,
		[ACT_PRINT] = OP_PRINT,
	};

	memset(c, 0, sizeof(*c));
	c->op = ops[st->act];
	c->var = st->var;
	c->value = st->value;
	c->flags = st->flags;
	c->slot = st->slot;
	snprintf(c->text, sizeof(c->text), "%s", st->print);
	if (st->act == ACT_WAIT && st->target >= 0)
		c->pid = s->p[st->target].pid;
}

/* Faults in the action window: the actor measured its own tightly; for the
 * others /proc/PID/stat before and after is exact, as they were idle. */
static void count_faults(struct session *s)
{
	struct procfs_stat ps;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct sproc *p = &s->p[i];
		if (!p->exists || p->born)
			p->faults = -1;
		else if (p->faults == FAULTS_FROM_PROC)
			p->faults = p->state <= PROC_SUSPENDED &&
				    procfs_stat(p->pid, &ps) == 0 ?
				    ps.minflt - p->minflt0 : -1;
	}
}

/* Everyone but the actor answers a plain report after the action. */
static void collect_reports(struct session *s, struct model_snap *snap, int actor)
{
	struct wire_cmd c = { .op = OP_REPORT };
	struct wire_report r;

	for (int i = 0; i < MAX_PROCS; i++) {
		struct sproc *p = &s->p[i];
		if (!p->exists || p->state != PROC_RUNNING || p->chan < 0)
			continue;
		if (i == actor)
			continue;
		if (send_to(s, p, &c, -1) < 0 || wait_one(p, &r) < 0) {
			step_fail(s, snap, "'%s' stopped answering", s->scn->procs[i].name);
			continue;
		}
		p->rep = r;
		p->have_report = true;
	}
}

int session_step(struct session *s, struct model_snap *snap)
{
	const struct scn_step *st;
	struct procfs_stat ps;
	struct wire_cmd c;
	struct sproc *a;

	if (s->next >= s->scn->nsteps)
		return 0;
	st = &s->scn->steps[s->next++];
	memset(snap, 0, sizeof(*snap));
	snap->ok = true;
	for (int i = 0; i < MAX_PROCS; i++) {
		s->p[i].born = false;
		s->p[i].faults = FAULTS_FROM_PROC;
		if (s->p[i].exists && procfs_stat(s->p[i].pid, &ps) == 0)
			s->p[i].minflt0 = ps.minflt;
	}
	a = &s->p[st->actor];
	if (!a->exists || a->state != PROC_RUNNING || a->chan < 0) {
		step_fail(s, snap, "not run: '%s' %s", s->scn->procs[st->actor].name,
			  a->exists ? "cannot act now" : "was never created");
	} else {
		fill_cmd(&c, s, st);
		switch (st->act) {
		case ACT_FORK: case ACT_VFORK: case ACT_CLONE: case ACT_SPAWN:
			run_forklike(s, snap, st, &c);
			break;
		case ACT_EXEC:
			run_exec(s, snap, st, &c);
			break;
		case ACT_EXIT:
			run_exit(s, snap, st, &c);
			break;
		default:
			run_simple(s, snap, st, &c);
			break;
		}
	}
	count_faults(s);
	collect_reports(s, snap, st->actor);
	build_snap(s, snap, st->actor, st);
	s->prev = *snap;
	return 1;
}

static void build_proc(struct session *s, struct model_proc *mp, int i,
		       int actor, const struct scn_step *st)
{
	struct sproc *p = &s->p[i];
	struct procfs_stat ps;

	snprintf(mp->name, sizeof(mp->name), "%s", s->scn->procs[i].name);
	mp->pid = p->pid;
	mp->state = p->state;
	mp->exit_status = p->exit_status;
	mp->born = p->born;
	snprintf(mp->call, sizeof(mp->call), "%s", p->call);
	mp->has_returned = p->has_returned;
	mp->returned = p->returned;
	mp->returned_errno = p->ret_errno;
	mp->kstate = '?';
	if (p->state != PROC_EXITED && procfs_stat(p->pid, &ps) == 0) {
		mp->kstate = ps.state;
		mp->ppid = ps.ppid;
	}
	if (p->state == PROC_SUSPENDED) {
		mp->kstate = report_settled_state(p->pid);
		report_observe(p->pid, s->kpc_fd, &p->rep);
		mp->observed = true;
	}
	mp->faults = p->faults;
	procfs_tail(p->out_fd, mp->output, sizeof(mp->output));
	if (p->state == PROC_ZOMBIE || p->state == PROC_EXITED || !p->have_report)
		return;
	mp->fdmask = p->rep.fdmask;
	mp->sigmask = p->rep.sigmask;
	mp->nvars = p->rep.nvars;
	for (int v = 0; v < mp->nvars; v++) {
		report_var(&mp->vars[v], &p->rep.vars[v], &s->scn->vars[v]);
		if (i == actor && st && st->var == v && p->faults > 0)
			mp->vars[v].faults = p->faults;
	}
}

static void build_snap(struct session *s, struct model_snap *snap, int actor,
		       const struct scn_step *st)
{
	snap->step = s->next;
	snap->nsteps = s->scn->nsteps;
	if (st) {
		snprintf(snap->actor, sizeof(snap->actor), "%s",
			 s->scn->procs[st->actor].name);
		snprintf(snap->action, sizeof(snap->action), "%s", st->text);
		snprintf(snap->say, sizeof(snap->say), "%s", st->say);
	}
	snap->nprocs = 0;
	for (int i = 0; i < MAX_PROCS; i++) {
		if (!s->p[i].exists)
			continue;
		build_proc(s, &snap->procs[snap->nprocs], i, actor, st);
		report_mark_changes(&s->prev, &snap->procs[snap->nprocs]);
		snap->nprocs++;
	}
	report_relations(snap);
}

static void kill_and_reap(struct session *s)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		struct sproc *p = &s->p[i];
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
		} else if (p->exists && p->state != PROC_EXITED) {
			/* Not reaped yet, so the pid is still this process's. */
			kill(p->pid, SIGKILL);
		}
	}
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
