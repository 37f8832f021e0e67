/* SPDX-License-Identifier: MIT */
/* act.c - one step's action, carried out on its subjects: the command to
 * the actor and its answer; a new child adopted with its channel; an exec,
 * an exit or a wait and what it does to the other subjects (a vfork parent
 * woken, a thread group ended, a child reaped); and the reason when a step
 * fails. session.c decides the order; waiting is subject.c's. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "act.h"
#include "launch.h"
#include "observe.h"

const char *act_errname(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "E?";
}

const char *act_name(const struct session *s, int i)
{
	return s->scn->procs[i].name;
}

void act_fail(struct session *s, struct model_snap *snap,
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
void act_fail_wait(struct session *s, struct model_snap *snap, int i, int rc)
{
	struct subject *p = &s->p[i];

	if (rc == SUBJECT_STOPPED) {
		p->state = PROC_STOPPED;
		act_fail(s, snap, "'%s' is stopped (state T): it does this step when "
			 "it is continued", act_name(s, i));
	} else if (rc == SUBJECT_DIED || rc == -EPIPE) {
		subject_record_death(p);
		if (p->term_signal)
			act_fail(s, snap, "'%s' was killed by SIG%s", act_name(s, i),
				 sigabbrev_np(p->term_signal) ? sigabbrev_np(p->term_signal) : "?");
		else
			act_fail(s, snap, "'%s' ended unexpectedly", act_name(s, i));
	} else if (rc == SUBJECT_STOP) {
		act_fail(s, snap, "interrupted");
	} else {
		act_fail(s, snap, "'%s' stopped answering", act_name(s, i));
	}
}

void act_set_call(struct subject *p, const char *call, long long ret, int err)
{
	snprintf(p->call, sizeof(p->call), "%s", call);
	p->has_returned = true;
	p->returned = ret;
	p->ret_errno = err;
}

/* Declare variables [from, nvars) in a subject. */
int act_declare(struct session *s, struct subject *p, int from, char *err,
		size_t len)
{
	for (int i = from; i < s->scn->nvars; i++) {
		struct wire_cmd c = { .op = OP_DECLARE, .var = i,
				      .region = s->scn->vars[i].region,
				      .flags = (int)s->scn->vars[i].advice,
				      .npages = s->scn->vars[i].npages,
				      .initial = s->scn->vars[i].has_initial,
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

/* child exited, exec'd or died: the parent suspended on it resumes and
 * answers its fork-like call. */
void act_resume_waiter(struct session *s, struct model_snap *snap, int child)
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
		act_fail_wait(s, snap, w, rc);
		return;
	}
	s->p[w].returned = r.returned;
	s->p[w].has_returned = true;
	/* Its answer's count closes its window: what it writes after that,
	 * on the way back to its wait, is ours (after its child forked their
	 * shared memory, every such write is a copy). */
	if (s->p[w].faults == -2 && r.flt_out >= 0 && s->p[w].minflt0 >= 0 &&
	    r.flt_out >= s->p[w].minflt0)
		s->p[w].faults = r.flt_out - s->p[w].minflt0;
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

void act_forklike(struct session *s, struct model_snap *snap,
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
		act_fail(s, snap, "socketpair: %s", strerror(errno));
		return;
	}
	rc = subject_send(a, c, sv[1], &s->seq);
	close(sv[1]);
	if (rc < 0) {
		close(sv[0]);
		act_fail(s, snap, "cannot reach '%s'", act_name(s, st->actor));
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
			act_fail_wait(s, snap, st->actor, rc < 0 ? rc : -EPIPE);
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
		act_set_call(a, call_name(st->act), -1, a->rep.err);
		close(sv[0]);
		act_fail(s, snap, "%s() failed in '%s': %s (%s)%s", call_name(st->act),
			 act_name(s, st->actor), strerror(a->rep.err), act_errname(a->rep.err),
			 refusal_hint(st, a->rep.err));
		return;
	}
	subject_adopt(t, child, sv[0]);
	if (st->act != ACT_SPAWN)
		act_set_call(t, call_name(st->act), 0, 0);
	else
		t->image = 2;   /* it ran the parent's program, then execed */
	if (suspends && !got_reply) {
		a->state = PROC_SUSPENDED;
		a->pending_reply = true;
		a->waiting_for = st->target;
		snprintf(a->call, sizeof(a->call), "%s", call_name(st->act));
		a->has_returned = false;
	} else {
		act_set_call(a, call_name(st->act), a->rep.returned, 0);
		a->faults = a->rep.faults;
	}
	if (st->act == ACT_SPAWN) {
		char err[TEXT_MAX];
		if (act_declare(s, t, 0, err, sizeof(err)) < 0)
			act_fail(s, snap, "%s", err);
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
		act_resume_waiter(s, snap, k);
	}
}

/* Send c to the actor and take its answer into *r: 0, or -1 with the step
 * failed for the reason the wait gave. */
static int ask(struct session *s, struct model_snap *snap, int actor,
	       struct wire_cmd *c, struct wire_report *r)
{
	struct subject *a = &s->p[actor];
	int rc = -EPIPE;

	if (subject_send(a, c, -1, &s->seq) < 0 || (rc = subject_answer(a, r)) < 0) {
		act_fail_wait(s, snap, actor, rc);
		return -1;
	}
	return 0;
}

void act_take_masks(const struct subject *p, struct wire_report *r, bool kept)
{
	if (kept) {
		r->fdmask = p->rep.fdmask;
		r->sigmask = p->rep.sigmask;
	}
}

/* The actor's answer is its report for the step. */
static void take_report(struct subject *a, const struct wire_report *r,
			const struct wire_cmd *c)
{
	struct wire_report mine = *r;

	act_take_masks(a, &mine, c->keep_masks);
	a->rep = mine;
	a->have_report = a->fresh = true;
	a->faults = r->faults;
}

void act_exec(struct session *s, struct model_snap *snap,
	      const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor];
	struct wire_report r;
	char err[TEXT_MAX];

	if (ask(s, snap, st->actor, c, &r) < 0)
		return;
	if (r.kind != REP_HELLO) {
		a->rep = r;
		a->have_report = a->fresh = true;
		act_set_call(a, "execve", -1, r.err);
		/* "exec missing" asked for exactly this: not a failed step. */
		if (!(st->flags & EXEC_MISSING))
			act_fail(s, snap, "execve() failed: %s (%s)", strerror(r.err),
				 act_errname(r.err));
		return;
	}
	a->image++;
	a->has_returned = false;
	a->call[0] = '\0';
	end_group(s, snap, st->actor);  /* execve ended the other threads */
	if (act_declare(s, a, 0, err, sizeof(err)) < 0)
		act_fail(s, snap, "%s", err);
	act_resume_waiter(s, snap, st->actor);
}

void act_exit(struct session *s, struct model_snap *snap,
	      const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor];
	struct wire_report r;
	int rc = -EPIPE;

	if (subject_send(a, c, -1, &s->seq) < 0 || (rc = subject_answer(a, &r)) < 0 ||
	    r.kind != REP_EXITING) {
		act_fail_wait(s, snap, st->actor, rc);
		act_resume_waiter(s, snap, st->actor);
		return;
	}
	subject_wait_dead(a);
	/* The status as the kernel keeps it for the parent, not as we asked. */
	a->exit_status = (int)st->value;
	subject_record_death(a);
	act_resume_waiter(s, snap, st->actor);
	/* _exit(2) and exit(3) are exit_group: every thread of the process
	 * ends too. A thread's own SYS_exit ends it alone. */
	if (!(st->flags & EXIT_THREAD))
		end_group(s, snap, st->actor);
}

void act_wait(struct session *s, struct model_snap *snap,
	      const struct scn_step *st, struct wire_cmd *c)
{
	struct subject *a = &s->p[st->actor], *t = &s->p[st->target];
	struct wire_report r;
	int status;

	if (!t->exists) {
		act_fail(s, snap, "not run: '%s' was never created", act_name(s, st->target));
		return;
	}
	c->pid = t->pid;
	if (ask(s, snap, st->actor, c, &r) < 0)
		return;
	take_report(a, &r, c);
	if (!r.ok) {
		act_fail(s, snap, "wait failed: %s (%s)", strerror(r.err), act_errname(r.err));
		return;
	}
	status = (int)r.returned;
	t->state = PROC_EXITED;
	t->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	t->exit_status = t->term_signal ? 128 + t->term_signal : WEXITSTATUS(status);
	act_set_call(a, "waitpid", t->pid, 0);
	subject_kill(t);        /* reaped: only our handles are left to close */
}

void act_simple(struct session *s, struct model_snap *snap,
		const struct scn_step *st, struct wire_cmd *c)
{
	struct wire_report r;

	if (ask(s, snap, st->actor, c, &r) < 0)
		return;
	take_report(&s->p[st->actor], &r, c);
	if (!r.ok)
		act_fail(s, snap, "%s failed: %s (%s)", scenario_action_name(st->act),
			 strerror(r.err), act_errname(r.err));
}

void act_cmd(struct wire_cmd *c, const struct scn_step *st)
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
	c->page = st->page;
	c->npages = st->npages;
	c->value = st->value;
	c->flags = st->flags;
	if (st->act == ACT_THREAD)
		c->flags = CF_VM | CF_FILES | CF_SIGHAND | CF_THREAD;
	c->slot = st->slot;
	snprintf(c->text, sizeof(c->text), "%s", st->print);
}
