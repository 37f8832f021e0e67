/* SPDX-License-Identifier: MIT */
/* agent.c - the subject's loop. It runs in every demo process: the parent,
 * forked children, vfork children (on the parent's stack, parent asleep) and
 * CLONE_VM children (sharing memory with a running parent). So, after the
 * first fork-like call, everything here is async-signal-safe: no malloc, no
 * stdio, no locks; state lives in each process's own stack frame; and no
 * errno, which a CLONE_VM child shares with its parent: system calls go
 * through sys.h and return -errno. (print and exit libc use stdio and exit(3)
 * on purpose: that is their lesson.)
 *
 * Descriptors: a subject holds exactly /dev/null on 0, its stdout file on 1,
 * the shared stderr file on 2, its channel, its pagemap and (as root)
 * kpagecount and kpageflags, and the scenario's slots at FD_SLOT_BASE. All
 * but 0-2 are close-on-exec; a channel loses the flag only for the exec that
 * needs it. A child made with CLONE_FILES shares its parent's table, so its
 * channel and pagemap sit there too: the parent closes them once the child
 * has exited or execed (forget_kids). */
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
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
#include "agentmem.h"
#include "fdutil.h"
#include "pagemap.h"
#include "region.h"
#include "sys.h"
#include "wire.h"

extern char **environ;

#define CLONE_STACK ((size_t)256 * 1024)
#define KID_PM_OFFSET 300       /* a CLONE_FILES child's pagemap: its channel + this */

/* Our own binary, resolved once before any fork and only read after: exec by
 * its real name so that ps shows "forkscope", not "exe". */
static char self_path[4096] = "/proc/self/exe";

struct agent {
	int chan;               /* to the viewer */
	int pm_fd;
	pid_t pid, tid;         /* ours, from our hello on */
	char *stack_area;       /* REGION_STACK_AREA bytes in agent_main's frame */
	volatile long long *frame_slots;        /* locals of the first command loop */
	struct agentmem mem;    /* the variables */
	int nkids;              /* CLONE_FILES children whose fds are in our table */
	int clone_stack;        /* we run on a stack do_clone mapped (or a copy) */
	struct { pid_t pid; int chan; int word; } kids[MAX_PROCS];
	/* A thread's TID as the kernel keeps it for us: set at clone
	 * (CLONE_PARENT_SETTID), cleared at its exit (CLONE_CHILD_CLEARTID).
	 * One word per thread ever made, never moved: the kernel holds its
	 * address. */
	volatile pid_t tid_words[MAX_PROCS];
	int nwords;
	/* No rseq area of our own: a CLONE_VM child (vfork, clone vm,
	 * thread) runs on its creator's thread pointer and the kernel drops
	 * its rseq; a fork of one inherits none. */
	bool no_rseq;
	uintptr_t loop_top;     /* the top of the running command loop's frame */
};

/* Handed to a child through memory it can read before its first command. */
struct child_init {
	const struct agent *parent;
	int chan;
	int flags;
	int clone_stack;        /* started by do_clone, on its own stack */
	bool vm;                /* started with CLONE_VM */
};

/* vfork under AddressSanitizer. Its vfork wrapper clears the stack's
 * shadow from the bottom of the stack it knows (the main thread's) up to
 * ours; on a stack do_clone mapped lower down that length wraps round and
 * the wrapper crashes. There we call the C library's own entry instead,
 * which only leaves the child's shadow marks below our frame. Not
 * sanitized, this is plain vfork(). */
#if defined(__SANITIZE_ADDRESS__)
#define FS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FS_ASAN 1
#endif
#endif
#ifdef FS_ASAN
extern pid_t __vfork(void) __attribute__((returns_twice));
#define agent_vfork(a) ((a)->clone_stack ? __vfork() : vfork())
/* Those marks outlive the child (it ends or execs without returning) and
 * would be taken for overflows by the next deeper frames of ours, or of a
 * fork of us: cleared once we run again, over the child's reach (less than
 * half a clone stack below our frame). */
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define agent_vfork_done(a) ((a)->clone_stack ? __asan_unpoison_memory_region( \
	(char *)__builtin_frame_address(0) - CLONE_STACK / 2, CLONE_STACK / 2) : (void)0)
#else
#define agent_vfork(a) vfork()
#define agent_vfork_done(a) ((void)(a))
#endif


static void noop_handler(int sig)
{
	(void)sig;
}

static pid_t registered_by;

/* Registered at start: shows whose handlers exit(3) runs, and where. */
static void atexit_report(void)
{
	printf("atexit handler of %d ran in %d\n", (int)registered_by, (int)sys_getpid());
}

/* Our stdout becomes a file of our own, which the viewer reads. */
static void capture_stdout(void)
{
	int fd = sys_memfd_create("forkscope-stdout", MFD_CLOEXEC);

	if (fd >= 0) {
		sys_dup3(fd, STDOUT_FILENO, 0);
		sys_close(fd);
	}
}

/* The variables; and descriptors and handlers unless the viewer said they
 * cannot have changed (probe false: reported as 0, it keeps its own). */
static void measure(const struct agent *a, struct wire_report *r, bool probe)
{
	struct sigaction sa;

	agentmem_measure(&a->mem, a->pm_fd, r);
	r->fdmask = r->sigmask = 0;
	if (!probe)
		return;
	for (int i = 0; i < MAX_FDS; i++)
		if (sys_fcntl(FD_SLOT_BASE + i, F_GETFD, 0) >= 0)
			r->fdmask |= 1u << i;
	for (int i = 0; i < model_signal_count(); i++)
		if (sigaction(model_signal_number(i), NULL, &sa) == 0 &&
		    sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)
			r->sigmask |= 1u << i;
}

static void agent_loop(struct agent *a) __attribute__((noreturn));

/* A thread's own end: SYS_exit, which ends this task alone (_exit(2) is
 * exit_group). The kernel then clears its word in the creator's table. */
static void thread_exit(int code) __attribute__((noreturn));
static void thread_exit(int code)
{
	for (;;)
		sys_call(SYS_exit, code, 0, 0);
}

/* A new image or a new child announces itself, then serves commands. */
static void hello_and_loop(struct agent *a) __attribute__((noreturn));
static void hello_and_loop(struct agent *a)
{
	struct wire_report r;

	memset(&r, 0, offsetof(struct wire_report, pages));     /* no pages */
	r.kind = REP_HELLO;
	r.ok = 1;
	/* Every new task and image says hello first: asked once, here. */
	r.pid = a->pid = sys_getpid();
	r.tid = a->tid = sys_gettid();
	r.faults = r.flt_in = r.flt_out = -1;
	if (wire_send_report(a->chan, &r) < 0)
		_exit(127);
	agent_loop(a);
}

/* First code of every new child: own pagemap, own channel, say hello. */
static void child_start(const struct child_init *ci) __attribute__((noreturn));
static void child_start(const struct child_init *ci)
{
	struct agent a = *ci->parent;
	int fd;

	a.nkids = a.nwords = 0;
	a.chan = ci->chan;
	a.clone_stack |= ci->clone_stack;
	a.no_rseq |= ci->vm;
	if (!(ci->flags & (CF_FILES | CF_THREAD))) {
		/* Our own table: keep what a subject holds, drop the rest (the
		 * parent's channel and pagemap, its CLONE_FILES children's). */
		int keep[] = { 0, 1, 2, a.chan, FD_SLOT_BASE,
			       FD_SLOT_BASE + 1, FD_SLOT_BASE + 2, FD_SLOT_BASE + 3 };
		fdutil_close_all_but(keep, (int)(sizeof(keep) / sizeof(keep[0])));
		capture_stdout();       /* with CLONE_FILES fd 1 is shared */
		a.pm_fd = pagemap_open(0);
	} else {
		/* In the parent's table, at a number the parent can tell. */
		fd = pagemap_open(0);
		a.pm_fd = fd >= 0 ? sys_dup3(fd, a.chan + KID_PM_OFFSET, O_CLOEXEC) : fd;
		if (fd >= 0)
			sys_close(fd);
	}
	hello_and_loop(&a);
}

/* Close what CLONE_FILES children that have exited or execed left in our
 * table: their channels and pagemaps. A child still sharing keeps them. */
static void forget_kids(struct agent *a)
{
	char self[48], kid[48], path[48];
	siginfo_t si;

	for (int i = 0; i < a->nkids; ) {
		pid_t pid = a->kids[i].pid;
		int shares;

		memset(&si, 0, sizeof(si));
		if (a->kids[i].word >= 0) {
			/* A thread: no waitid for it; its word says if it runs. */
			shares = a->tid_words[a->kids[i].word] != 0;
		} else if (sys_waitid(pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
			   si.si_pid == pid) {
			shares = 0;     /* exited, or gone */
		} else {
			int k = sys_kcmp(sys_getpid(), pid, KCMP_FILES);

			shares = k == 0;
			if (k < 0) {
				/* No kcmp (a seccomp filter): a shared table shows
				 * our pagemap at the same number. */
				ssize_t n = sys_readlink(fdutil_proc_path(path, 0, a->pm_fd), self,
							 sizeof(self));
				ssize_t m = sys_readlink(fdutil_proc_path(path, pid, a->pm_fd), kid,
							 sizeof(kid));
				shares = n > 0 && n == m && memcmp(self, kid, (size_t)n) == 0;
			}
		}
		if (shares) {
			i++;
			continue;
		}
		sys_close(a->kids[i].chan);
		sys_close(a->kids[i].chan + KID_PM_OFFSET);
		a->kids[i] = a->kids[--a->nkids];
	}
}

static int clone_entry(void *arg)
{
	child_start(arg);
}

static int exec_agent(int chan, int flags)
{
	char buf[16];
	char *argv[] = { (char *)"forkscope", (char *)AGENT_FLAG,
			 fdutil_number(buf, chan), (char *)AGENT_KEEP, NULL };
	int rc;

	/* A table of our own first (under CLONE_FILES it is the parent's
	 * too), then the channel, and only it, survives the exec. */
	sys_unshare(CLONE_FILES);
	sys_fcntl(chan, F_SETFD, 0);
	rc = sys_execve(flags & EXEC_MISSING ? MISSING_PROGRAM : self_path, argv, environ);
	sys_fcntl(chan, F_SETFD, FD_CLOEXEC);
	return rc;
}

/* The flags of clone(2) for the scenario's. A thread gets what glibc's
 * pthread_create passes (nptl/pthread_create.c) but CLONE_SETTLS: it runs on
 * the creator's thread-local storage, which is why the agent never touches
 * errno. Its exit signal is none: nobody is told, nobody waits. */
static int clone_flags(int flags)
{
	int cf = flags & CF_THREAD ? 0 : SIGCHLD;

	cf |= flags & CF_VM ? CLONE_VM : 0;
	cf |= flags & CF_FILES ? CLONE_FILES : 0;
	cf |= flags & CF_SIGHAND ? CLONE_SIGHAND : 0;
	cf |= flags & CF_VFORK ? CLONE_VFORK : 0;
	if (flags & CF_THREAD)
		cf |= CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		      CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	return cf;
}

static pid_t do_clone(struct agent *a, int chan, int flags, int *err)
{
	int cf = clone_flags(flags), word = -1;
	volatile pid_t *tidp = NULL;
	struct child_init *ci;
	char *stack;
	pid_t pid;

	if (flags & CF_THREAD) {
		if (a->nwords == MAX_PROCS) {
			*err = EAGAIN;
			return -1;
		}
		word = a->nwords;
		tidp = &a->tid_words[word];
	}
	stack = sys_mmap(CLONE_STACK, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK);
	if (sys_mmap_failed(stack)) {
		*err = -(int)(long)stack;
		return -1;
	}
	/* The init block sits on the child's stack, which the parent never
	 * touches again, so a running CLONE_VM parent cannot race with it. */
	ci = (struct child_init *)(stack + CLONE_STACK) - 1;
	ci->parent = a;
	ci->chan = chan;
	ci->flags = flags;
	ci->clone_stack = 1;
	ci->vm = (flags & (CF_VM | CF_THREAD)) != 0;
	pid = clone(clone_entry, (char *)ci - 64, cf, ci, tidp, NULL, tidp);
	*err = pid < 0 ? errno : 0;     /* no child: errno is ours alone */
	if (pid < 0)
		sys_munmap(stack, CLONE_STACK);
	if (pid > 0 && word >= 0)
		a->nwords++;
	if (pid > 0 && (cf & CLONE_FILES) && a->nkids < MAX_PROCS) {
		a->kids[a->nkids].pid = pid;
		a->kids[a->nkids].word = word;
		a->kids[a->nkids++].chan = chan;
	}
	return pid;
}

/* No file actions (they allocate): every descriptor but 0-2 is
 * close-on-exec, and the new channel loses the flag just for this. */
static pid_t do_spawn(int chan, int *err)
{
	char buf[16];
	char *argv[] = { (char *)"forkscope", (char *)AGENT_FLAG,
			 fdutil_number(buf, chan), NULL };
	pid_t pid = -1;

	sys_fcntl(chan, F_SETFD, 0);
	*err = posix_spawn(&pid, self_path, NULL, NULL, argv, environ);
	return *err ? -1 : pid;
}

/* Fork-like actions. The new child's channel arrived with the command. */
static long long do_forklike(struct agent *a, const struct wire_cmd *c,
			     int chan, int *err)
{
	struct child_init ci = { a, chan, c->flags, 0, c->op == OP_VFORK };
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
		pid = agent_vfork(a);
		if (pid == 0)   /* NOLINT(clang-analyzer-unix.Vfork): by design, see above */
			child_start(&ci);   /* never returns: we must not either */
		agent_vfork_done(a);
		break;
	case OP_CLONE:
		pid = do_clone(a, chan, c->flags, err);
		break;
	case OP_SPAWN:
		pid = do_spawn(chan, err);
		break;
	}
	if (pid < 0 && !*err)
		*err = errno;   /* fork and vfork failed: there is no child */
	if (!(c->flags & (CF_FILES | CF_THREAD)) || pid < 0)
		sys_close(chan);
	return pid;
}

/* Place variable c->var; area is where a stack buffer goes (NULL for
 * anything else). Declaring happens before any fork: libc is allowed. */
static void do_declare(struct agent *a, const struct wire_cmd *c, char *area,
		       struct wire_report *r)
{
	struct region_req q = { c->region, c->var, c->npages < 1 ? 1 : c->npages,
				c->initial != 0, c->value, c->flags,
				area ? area : a->stack_area, a->frame_slots };
	uint64_t addr;
	int rc = c->var == a->mem.nvars ? 0 : -EINVAL;

	if (rc == 0 && q.npages > 1 &&
	    a->mem.report_pages + q.npages > MODEL_PROC_PAGES)
		rc = -EINVAL;
	if (rc == 0)
		rc = region_place(&q, &addr);
	if (rc == 0)
		rc = agentmem_add(&a->mem, c, addr);
	if (rc < 0) {
		r->ok = 0;
		r->err = -rc;
	}
}

static void finish(struct agent *a, const struct wire_cmd *c, int fd,
		   struct wire_report *r, bool waits);

/* This task's minor-fault count (the one its /proc/PID/task/TID/stat
 * shows), -1 if unknown. The rusage is written before the call, so the
 * kernel's copy into it cannot fault after it has read the count. */
static long minflt_now(void)
{
	struct rusage ru;

	memset(&ru, 0, sizeof(ru));
	return sys_getrusage(&ru) < 0 ? -1 : ru.ru_minflt;
}

/* A stack buffer lives in a frame that never returns: this one, whose loop
 * goes on serving commands. Later calls grow below it and never touch it. */
static void serve_below_stack_buffer(struct agent *a, const struct wire_cmd *c,
				     struct wire_report *r) __attribute__((noreturn));
static void serve_below_stack_buffer(struct agent *a, const struct wire_cmd *c,
				     struct wire_report *r)
{
	char area[REGION_STACK_BYTES(c->npages)];

	do_declare(a, c, area, r);
	/* The new loop's frame and the stack below it are written for the
	 * first time after this answer: its count would not close the step. */
	finish(a, c, -1, r, false);
	agent_loop(a);
}

/* The action itself, between the two fault counts. */
static void act(struct agent *a, const struct wire_cmd *c, int fd,
		struct wire_report *r)
{
	int sig = model_signal_number(c->slot);
	struct sigaction sa;
	int err = 0;

	memset(&sa, 0, sizeof(sa));
	switch (c->op) {
	case OP_READ: case OP_SET: case OP_INC:
		err = -agentmem_access(&a->mem, c, r);
		break;
	case OP_FORK: case OP_VFORK: case OP_CLONE: case OP_SPAWN:
		r->returned = do_forklike(a, c, fd, &err);
		break;
	case OP_WAIT: {
		int st = 0;
		long rc = sys_wait4(c->pid, &st, __WALL);
		if (rc < 0)
			err = (int)-rc;
		r->returned = st;
		break;
	}
	case OP_OPEN: {
		int nfd = sys_open("/dev/null", O_RDONLY | O_CLOEXEC), rc = nfd;
		if (nfd >= 0)
			rc = sys_dup3(nfd, FD_SLOT_BASE + c->slot, O_CLOEXEC);
		if (rc < 0)
			err = -rc;
		if (nfd >= 0)
			sys_close(nfd);
		break;
	}
	case OP_CLOSE: {
		int rc = sys_close(FD_SLOT_BASE + c->slot);
		if (rc < 0)
			err = -rc;
		break;
	}
	case OP_PRINT:
		/* Buffered stdio on purpose: what happens to the buffer across
		 * fork, vfork and exit is the lesson. */
		if (fputs(c->text, stdout) == EOF || fputc('\n', stdout) == EOF)
			err = EIO;
		break;
	case OP_HANDLE: case OP_DEFAULT:
		/* A valid signal and handler: sigaction cannot fail, so it
		 * cannot set errno. */
		sa.sa_handler = c->op == OP_HANDLE ? noop_handler : SIG_DFL;
		if (!sig || sigaction(sig, &sa, NULL) < 0)
			err = EINVAL;
		break;
	}
	r->ok = err == 0;
	r->err = err;
}

/* After the command: close what came with it, measure, answer. The answer
 * carries the fault count it was sent at (flt_out) if the agent then only
 * goes back to the wait of its loop (waits), writing no page it does not
 * own: that count then closes the step for the viewer. */
static void finish(struct agent *a, const struct wire_cmd *c, int fd,
		   struct wire_report *r, bool waits)
{
	bool forked = c->op == OP_FORK || (c->op == OP_CLONE && !(c->flags & CF_VM));

	if (fd >= 0 && c->op != OP_FORK && c->op != OP_VFORK &&
	    c->op != OP_CLONE && c->op != OP_SPAWN)
		sys_close(fd);
	measure(a, r, !c->keep_masks);
#if defined(__SANITIZE_ADDRESS__)
	/* AddressSanitizer writes its shadow of each frame it enters, and
	 * that shadow was copied by the fork too: no count is final here. */
	if (forked)
		waits = false;
#endif
	/* After a fork of its memory its own pages are copy-on-write: those
	 * it writes on the way back to its wait are made its own first. No
	 * other command leaves it a page to copy. */
	if (forked && waits) {
		agentmem_own_frames(a->loop_top, a->mem.page);
		agentmem_warm_stack();
		if (!a->no_rseq)
			agentmem_warm_rseq();
	}
	r->flt_out = waits ? minflt_now() : -1;
	if (wire_send_report(a->chan, r) < 0)
		_exit(0);
}

static void handle(struct agent *a, const struct wire_cmd *c, int fd, long flt_in)
{
	struct wire_report r;
	struct rusage r0, r1;
	int err;

	/* The header, and the pages this process reports (not the rest). */
	memset(&r, 0, offsetof(struct wire_report, pages));
	memset(r.pages, 0, sizeof(r.pages[0]) * (size_t)agentmem_report_pages(&a->mem));
	memset(&r1, 0, sizeof(r1));     /* touched now, so it cannot fault later */
	r.seq = c->seq;
	r.kind = REP_DONE;
	r.ok = 1;
	r.pid = a->pid;
	r.tid = a->tid;
	r.faults = -1;
	r.flt_in = flt_in;
	r.flt_out = -1;
	forget_kids(a);
	switch (c->op) {
	case OP_DECLARE:
		if (c->region == REGION_STACK && c->npages > 1 &&
		    region_stack_room(a->stack_area, &r, REGION_STACK_BYTES(c->npages)))
			serve_below_stack_buffer(a, c, &r);
		if (c->region == REGION_STACK && c->npages > 1) {
			r.ok = 0;
			r.err = ENOMEM;         /* RLIMIT_STACK would be exceeded */
		} else {
			do_declare(a, c, NULL, &r);
		}
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
		measure(a, &r, true);
		wire_send_report(a->chan, &r);
		if (c->flags & EXIT_LIBC)
			exit((int)c->value);
		if (c->flags & EXIT_THREAD)
			thread_exit((int)c->value);
		_exit((int)c->value);   /* exit_group: the process, every thread */
	default:
		agentmem_warm_stack();
		sys_getrusage(&r0);
		act(a, c, fd, &r);
		sys_getrusage(&r1);
		r.faults = r1.ru_minflt - r0.ru_minflt;
		forget_kids(a);         /* a vfork parent's child may be gone */
		break;
	}
	finish(a, c, fd, &r, true);
}

static void agent_loop(struct agent *a)
{
	/* The frame region's slots: locals of the subject's first loop, whose
	 * page is written on every command. Children keep these addresses. */
	volatile long long frame_slots[MAX_VARS];

	if (!a->frame_slots)
		a->frame_slots = frame_slots;
	a->loop_top = (uintptr_t)__builtin_frame_address(0);
	for (;;) {
		struct wire_cmd c = { 0 };
		int fd = -1, rc;
		long flt_in;

		/* The counts that frame a step for the viewer: flt_in, taken
		 * as a command arrives, and the last answer's flt_out. Between
		 * them the agent writes only its stack below here, this frame
		 * and its rseq area, all written again here before it waits: a
		 * copy-on-write fault after a fork is taken now, never as it
		 * wakes. (After its own fork the viewer reads its count again
		 * once it waits, so the faults here count nowhere.) */
		agentmem_warm_stack();
		if (!a->no_rseq)
			agentmem_warm_rseq();
		rc = wire_recv_cmd(a->chan, &c, &fd);
		flt_in = minflt_now();

		if (rc == 0)    /* the viewer is gone: so are we */
			_exit(0);
		if (rc > 0)
			handle(a, &c, fd, flt_in);
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
	fcntl(a.chan, F_SETFD, FD_CLOEXEC);     /* exec_agent clears it */
	if (argc < 4 || strcmp(argv[3], AGENT_KEEP) != 0)
		capture_stdout();
	registered_by = getpid();
	atexit(atexit_report);
	signal(SIGPIPE, SIG_IGN);
	a.stack_area = stack_area;
	a.mem.page = sysconf(_SC_PAGESIZE);
	{
		ssize_t n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
		if (n > 0 && access(self_path, X_OK) == 0)
			self_path[n] = '\0';
		else
			strcpy(self_path, "/proc/self/exe");
	}
	a.pm_fd = pagemap_open(0);
	hello_and_loop(&a);
}
