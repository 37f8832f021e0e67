/* SPDX-License-Identifier: MIT */
/* agent.c - the subject's loop. It runs in every demo process: the parent,
 * forked children, vfork children (on the parent's stack, parent asleep) and
 * CLONE_VM children (sharing memory with a running parent). So, after the
 * first fork-like call, everything here is async-signal-safe: no malloc, no
 * stdio, no locks; state lives in each process's own stack frame. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "pagemap.h"
#include "region.h"
#include "wire.h"

extern char **environ;

#define CLONE_STACK ((size_t)256 * 1024)

/* Our own binary, resolved once before any fork and only read after: exec by
 * its real name so that ps shows "forkscope", not "exe". */
static char self_path[4096] = "/proc/self/exe";

struct agent {
	int chan;               /* to the viewer */
	int pm_fd, kpc_fd, kpf_fd;
	char *stack_area;       /* REGION_STACK_AREA bytes in agent_main's frame */
	volatile long long *frame_slots;        /* locals of the first command loop */
	int nvars;
	uint64_t addr[MAX_VARS];
	int region[MAX_VARS];
};

/* Handed to a child through memory it can read before its first command. */
struct child_init {
	const struct agent *parent;
	int chan;
	int flags;
};


static void noop_handler(int sig)
{
	(void)sig;
}

static pid_t registered_by;

/* Registered at start: shows whose handlers exit(3) runs, and where. */
static void atexit_report(void)
{
	printf("atexit handler of %d ran in %d\n", (int)registered_by, (int)getpid());
}

/* Our stdout becomes a file of our own, which the viewer reads. */
static void capture_stdout(void)
{
	int fd = memfd_create("forkscope-stdout", MFD_CLOEXEC);

	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

static void measure(const struct agent *a, struct wire_report *r)
{
	struct sigaction sa;

	r->nvars = a->nvars;
	for (int i = 0; i < a->nvars; i++) {
		struct wire_var *v = &r->vars[i];
		uint64_t e = 0;

		v->addr = a->addr[i];
		/* The entry first: reading a page that is not present would map it. */
		pagemap_entry(a->pm_fd, v->addr, &e);
		v->entry = e;
		v->value = 0;
		v->readable = (e & PM_PRESENT) != 0;
		v->region = a->region[i];
		if (v->readable)
			v->value = *(volatile long long *)(uintptr_t)v->addr;
		v->mapcount = pagemap_mapcount(a->kpc_fd, pagemap_pfn(e));
		v->huge = a->region[i] == REGION_HUGE ?
			  pagemap_is_huge(a->pm_fd, a->kpf_fd, 0, v->addr, e) : -1;
	}
	r->fdmask = 0;
	for (int i = 0; i < MAX_FDS; i++)
		if (fcntl(FD_SLOT_BASE + i, F_GETFD) >= 0)
			r->fdmask |= 1u << i;
	r->sigmask = 0;
	for (int i = 0; i < model_signal_count(); i++)
		if (sigaction(model_signal_number(i), NULL, &sa) == 0 &&
		    sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)
			r->sigmask |= 1u << i;
}

static char *format_fd(char *buf, int fd)
{
	char *p = buf + 15;

	*p = '\0';
	do {
		*--p = (char)('0' + fd % 10);
		fd /= 10;
	} while (fd);
	return p;
}

static void agent_loop(struct agent *a) __attribute__((noreturn));

/* A new image or a new child announces itself, then serves commands. */
static void hello_and_loop(struct agent *a) __attribute__((noreturn));
static void hello_and_loop(struct agent *a)
{
	struct wire_report r;

	memset(&r, 0, sizeof(r));
	r.kind = REP_HELLO;
	r.ok = 1;
	r.pid = getpid();
	r.faults = -1;
	if (wire_send_report(a->chan, &r) < 0)
		_exit(127);
	agent_loop(a);
}

/* First code of every new child: own pagemap, own channel, say hello. */
static void child_start(const struct child_init *ci) __attribute__((noreturn));
static void child_start(const struct child_init *ci)
{
	struct agent a = *ci->parent;

	if (!(ci->flags & CF_FILES)) {
		close(a.chan);
		close(a.pm_fd);
		capture_stdout();       /* with CLONE_FILES fd 1 is shared */
	}
	a.chan = ci->chan;
	a.pm_fd = pagemap_open(0);
	hello_and_loop(&a);
}

static int clone_entry(void *arg)
{
	child_start(arg);
}

static int exec_agent(int chan, int flags)
{
	char buf[16];
	char *argv[] = { (char *)"forkscope", (char *)AGENT_FLAG,
			 format_fd(buf, chan), (char *)AGENT_KEEP, NULL };

	execve(flags & EXEC_MISSING ? MISSING_PROGRAM : self_path, argv, environ);
	return -errno;
}

static pid_t do_clone(struct agent *a, int chan, int flags, int *err)
{
	int cf = SIGCHLD;
	struct child_init *ci;
	char *stack;
	pid_t pid;

	cf |= flags & CF_VM ? CLONE_VM : 0;
	cf |= flags & CF_FILES ? CLONE_FILES : 0;
	cf |= flags & CF_SIGHAND ? CLONE_SIGHAND : 0;
	cf |= flags & CF_VFORK ? CLONE_VFORK : 0;
	stack = mmap(NULL, CLONE_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED) {
		*err = errno;
		return -1;
	}
	/* The init block sits on the child's stack, which the parent never
	 * touches again, so a running CLONE_VM parent cannot race with it. */
	ci = (struct child_init *)(stack + CLONE_STACK) - 1;
	ci->parent = a;
	ci->chan = chan;
	ci->flags = flags;
	pid = clone(clone_entry, (char *)ci - 64, cf, ci);
	*err = pid < 0 ? errno : 0;
	if (pid < 0)
		munmap(stack, CLONE_STACK);
	return pid;
}

static pid_t do_spawn(struct agent *a, int chan, int *err)
{
	posix_spawn_file_actions_t fa;
	char buf[16];
	char *argv[] = { (char *)"forkscope", (char *)AGENT_FLAG,
			 format_fd(buf, chan), NULL };
	pid_t pid = -1;

	*err = posix_spawn_file_actions_init(&fa);
	if (*err)
		return -1;
	posix_spawn_file_actions_addclose(&fa, a->chan);
	*err = posix_spawn(&pid, self_path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return *err ? -1 : pid;
}

/* Fork-like actions. The new child's channel arrived with the command. */
static long long do_forklike(struct agent *a, const struct wire_cmd *c,
			     int chan, int *err)
{
	struct child_init ci = { a, chan, c->flags };
	pid_t pid = -1;

	*err = 0;
	if (chan < 0) {
		*err = EBADF;
		return -1;
	}
	switch (c->op) {
	case OP_FORK:
		pid = fork();
		if (pid == 0)
			child_start(&ci);
		break;
	case OP_VFORK:
		pid = vfork();
		if (pid == 0)   /* NOLINT(clang-analyzer-unix.Vfork): by design, see above */
			child_start(&ci);   /* never returns: we must not either */
		break;
	case OP_CLONE:
		pid = do_clone(a, chan, c->flags, err);
		break;
	case OP_SPAWN:
		pid = do_spawn(a, chan, err);
		break;
	}
	if (pid < 0 && !*err)
		*err = errno;
	if (!(c->flags & CF_FILES) || pid < 0)
		close(chan);
	return pid;
}

static void do_declare(struct agent *a, const struct wire_cmd *c,
		       struct wire_report *r)
{
	int rc;

	if (c->var != a->nvars || c->var >= MAX_VARS) {
		r->ok = 0;
		r->err = EINVAL;
		return;
	}
	rc = region_place(c->region, c->var, a->stack_area, a->frame_slots,
			  c->value, &a->addr[c->var]);
	if (rc < 0) {
		r->ok = 0;
		r->err = -rc;
		return;
	}
	a->region[a->nvars++] = c->region;
}

/* The action itself, between the two fault counts. */
static void act(struct agent *a, const struct wire_cmd *c, int fd,
		struct wire_report *r)
{
	volatile long long *v = c->var >= 0 && c->var < a->nvars ?
		(volatile long long *)(uintptr_t)a->addr[c->var] : NULL;
	int sig = model_signal_number(c->slot);
	struct sigaction sa;
	int err = 0;

	memset(&sa, 0, sizeof(sa));
	switch (c->op) {
	case OP_READ:
		if (v)
			r->returned = *v;
		break;
	case OP_SET:
		if (v)
			*v = c->value;
		break;
	case OP_INC:
		if (v)
			*v += 1;
		break;
	case OP_FORK: case OP_VFORK: case OP_CLONE: case OP_SPAWN:
		r->returned = do_forklike(a, c, fd, &err);
		break;
	case OP_WAIT: {
		int st = 0;
		if (waitpid(c->pid, &st, __WALL) < 0)
			err = errno;
		r->returned = st;
		break;
	}
	case OP_OPEN: {
		int nfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (nfd < 0 || dup3(nfd, FD_SLOT_BASE + c->slot, O_CLOEXEC) < 0)
			err = errno;
		if (nfd >= 0)
			close(nfd);
		break;
	}
	case OP_CLOSE:
		if (close(FD_SLOT_BASE + c->slot) < 0)
			err = errno;
		break;
	case OP_PRINT:
		/* Buffered stdio on purpose: what happens to the buffer across
		 * fork, vfork and exit is the lesson. */
		if (fputs(c->text, stdout) == EOF || fputc('\n', stdout) == EOF)
			err = EIO;
		break;
	case OP_HANDLE: case OP_DEFAULT:
		sa.sa_handler = c->op == OP_HANDLE ? noop_handler : SIG_DFL;
		if (!sig || sigaction(sig, &sa, NULL) < 0)
			err = sig ? errno : EINVAL;
		break;
	}
	if (!v && (c->op == OP_READ || c->op == OP_SET || c->op == OP_INC))
		err = EINVAL;
	r->ok = err == 0;
	r->err = err;
}

static void handle(struct agent *a, const struct wire_cmd *c, int fd)
{
	struct wire_report r;
	struct rusage r0, r1;
	int err;

	memset(&r, 0, sizeof(r));
	memset(&r1, 0, sizeof(r1));     /* touched now, so it cannot fault later */
	r.seq = c->seq;
	r.kind = REP_DONE;
	r.ok = 1;
	r.pid = getpid();
	r.faults = -1;
	switch (c->op) {
	case OP_DECLARE:
		do_declare(a, c, &r);
		break;
	case OP_REPORT:
		break;
	case OP_EXEC:
		err = exec_agent(a->chan, c->flags);
		r.ok = 0;
		r.err = -err;
		break;
	case OP_EXIT:
		r.kind = REP_EXITING;
		measure(a, &r);
		wire_send_report(a->chan, &r);
		if (c->flags & EXIT_LIBC)
			exit((int)c->value);
		_exit((int)c->value);
	default:
		getrusage(RUSAGE_SELF, &r0);
		act(a, c, fd, &r);
		getrusage(RUSAGE_SELF, &r1);
		r.faults = r1.ru_minflt - r0.ru_minflt;
		break;
	}
	if (fd >= 0 && c->op != OP_FORK && c->op != OP_VFORK &&
	    c->op != OP_CLONE && c->op != OP_SPAWN)
		close(fd);
	measure(a, &r);
	if (wire_send_report(a->chan, &r) < 0)
		_exit(0);
}

static void agent_loop(struct agent *a)
{
	/* The frame region's slots: locals of the subject's first loop, whose
	 * page is written on every command. Children keep these addresses. */
	volatile long long frame_slots[MAX_VARS];

	if (!a->frame_slots)
		a->frame_slots = frame_slots;
	for (;;) {
		struct wire_cmd c = { 0 };
		int fd, rc = wire_recv_cmd(a->chan, &c, &fd);

		if (rc == 0)    /* the viewer is gone: so are we */
			_exit(0);
		if (rc > 0)
			handle(a, &c, fd);
	}
}

void agent_main(int argc, char **argv)
{
	/* The stack slots: deep inside this frame, which lives as long as the
	 * subject does; calls made later grow below it and never touch it. */
	char stack_area[REGION_STACK_AREA] __attribute__((aligned(64)));
	struct agent a;
	char *end;

	memset(&a, 0, sizeof(a));
	a.chan = argc > 2 ? (int)strtol(argv[2], &end, 10) : -1;
	if (a.chan < 0 || *end || fcntl(a.chan, F_GETFD) < 0)
		_exit(127);
	fcntl(a.chan, F_SETFD, 0);      /* an exec keeps the channel */
	if (argc < 4 || strcmp(argv[3], AGENT_KEEP) != 0)
		capture_stdout();
	registered_by = getpid();
	atexit(atexit_report);
	signal(SIGPIPE, SIG_IGN);
	a.stack_area = stack_area;
	{
		ssize_t n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
		if (n > 0 && access(self_path, X_OK) == 0)
			self_path[n] = '\0';
		else
			strcpy(self_path, "/proc/self/exe");
	}
	a.pm_fd = pagemap_open(0);
	a.kpc_fd = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	a.kpf_fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	hello_and_loop(&a);
}
