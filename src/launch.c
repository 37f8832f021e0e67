/* SPDX-License-Identifier: MIT */
/* launch.c - starting the first subject (its own process group, killed with
 * the viewer, never writing to the terminal), learning what this machine
 * lets us see, and showing what subjects wrote to stderr after the run. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/kcmp.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "launch.h"
#include "pagemap.h"
#include "text.h"
#include "wire.h"

pid_t launch_first(int *chan, int err_fd, char *err, size_t len)
{
	sigset_t all, old;
	pid_t viewer = getpid(), pid;
	char exe[4096] = "/proc/self/exe";
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int sv[2];

	if (n > 0)
		exe[n] = '\0';
	if (n <= 0 || access(exe, X_OK) < 0)
		strcpy(exe, "/proc/self/exe");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(err, len, "socketpair: %s", strerror(errno));
		return -1;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)"forkscope", (char *)AGENT_FLAG, (char *)"3", NULL };
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		for (int sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setpgid(0, 0);  /* Ctrl-C at the terminal is the viewer's to handle */
		/* The subject holds what the scenario gives it and nothing of the
		 * viewer's: /dev/null on 0 and 1 (the agent puts its own file on
		 * 1), the stderr file on 2 (subjects never write to the terminal:
		 * the viewer shows it after the run), the channel on 3 (no
		 * CLOEXEC: it survives the exec), and no other descriptor. */
		if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
		    dup2(err_fd >= 0 ? err_fd : STDERR_FILENO, STDERR_FILENO) < 0 ||
		    (sv[1] == 3 ? fcntl(3, F_SETFD, 0) : dup2(sv[1], 3)) < 0)
			_exit(127);
		close_range(4, ~0U, 0);
		if (getppid() != viewer)    /* the viewer died before we armed it */
			_exit(127);
		execv(exe, argv);
		_exit(127);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sv[1]);
	if (pid < 0) {
		snprintf(err, len, "fork: %s", strerror(errno));
		close(sv[0]);
		return -1;
	}
	*chan = sv[0];
	return pid;
}

/* Where CAP_SYS_ADMIN would come from, as advice. sudo only helps a user
 * who is not root already: in a user namespace (unshare -Ur: root there,
 * nobody to the kernel's frames) or in a container it cannot. */
static const char *where_caps(void)
{
	char map[128] = "";
	unsigned long in = 0, out = 0, count = 0;
	FILE *f = fopen("/proc/self/uid_map", "re");

	if (f) {
		if (!fgets(map, sizeof(map), f) ||
		    sscanf(map, "%lu %lu %lu", &in, &out, &count) != 3)
			count = 0;
		fclose(f);
	}
	if (f && !(in == 0 && out == 0 && count == 4294967295UL))
		return "this is a user namespace, whose root has no such rights over "
		       "the machine (sudo inside it cannot help)";
	if (geteuid() == 0)
		return "this root does not have it (a container without "
		       "--cap-add SYS_ADMIN?)";
	return "run with sudo to see them";
}

/* Why no transparent huge page can be given to our subjects, into why, or
 * "" where one can (whether it is then given depends on fragmentation and
 * limits, and is measured page by page). */
static void why_no_huge(char *why, size_t len)
{
	char mode[128] = "";
	int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, mode, sizeof(mode) - 1) : -1;

	if (fd >= 0)
		close(fd);
	why[0] = '\0';
	if (n <= 0)
		snprintf(why, len, "this kernel has no transparent huge pages "
			 "(/sys/kernel/mm/transparent_hugepage is missing)");
	else if (strstr(mode, "[never]"))
		snprintf(why, len, "transparent huge pages are off here "
			 "(/sys/kernel/mm/transparent_hugepage/enabled: never)");
	else if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1)
		snprintf(why, len, "huge pages are disabled for forkscope and its "
			 "processes (PR_SET_THP_DISABLE, inherited from whoever started it)");
}

void launch_info(struct model_info *info, const struct scenario *scn)
{
	struct utsname u;
	volatile long long probe = 1;
	uint64_t e = 0;
	int fd;

	memset(info, 0, sizeof(*info));
	if (uname(&u) == 0)
		snprintf(info->kernel, sizeof(info->kernel), "%s %s", u.sysname, u.release);
	info->page_size = sysconf(_SC_PAGESIZE);
	fd = pagemap_open(0);
	if (fd >= 0) {
		probe++;
		pagemap_entry(fd, (uint64_t)(uintptr_t)&probe, &e);
		close(fd);
	}
	info->pfn_visible = pagemap_pfn(e) != 0;
	if (!info->pfn_visible && fd < 0)
		snprintf(info->why_hidden, sizeof(info->why_hidden),
			 "/proc/self/pagemap cannot be read here");
	else if (!info->pfn_visible)
		snprintf(info->why_hidden, sizeof(info->why_hidden),
			 "the kernel shows page frame numbers only to CAP_SYS_ADMIN; %s. "
			 "The exclusive bit, fault counts and kcmp still tell the story",
			 where_caps());
	/* kpagecount is indexed by frame number: root without CAP_SYS_ADMIN
	 * may open it, but with frame numbers hidden there is nothing to look
	 * up. */
	fd = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	info->mapcount_visible = fd >= 0 && info->pfn_visible;
	if (fd >= 0)
		close(fd);
	/* kcmp of ourselves with ourselves: refused only by the kernel's
	 * configuration (ENOSYS) or a policy (EPERM: seccomp, Yama). */
	if (syscall(SYS_kcmp, getpid(), getpid(), KCMP_VM, 0, 0) == 0)
		info->kcmp_visible = true;
	else
		snprintf(info->why_no_kcmp, sizeof(info->why_no_kcmp), "%s",
			 errno == ENOSYS ? "this kernel has no kcmp(2) (CONFIG_KCMP off)" :
			 "kcmp(2) is refused here (a seccomp profile, as in containers, "
			 "or ptrace restrictions)");
	why_no_huge(info->why_no_huge, sizeof(info->why_no_huge));
	snprintf(info->title, sizeof(info->title), "%s", scn->title);
	snprintf(info->about, sizeof(info->about), "%s", scn->about);
	for (int i = 0; i < scn->nfds; i++)
		snprintf(info->names[i], sizeof(info->names[i]), "%s", scn->fds[i]);
}

/* What the subjects wrote to stderr (a libc or sanitizer message, say):
 * after the run, on the viewer's own stderr, never mixed into the screen,
 * sanitised like everything else that came from a process. */
void launch_show_stderr(int fd)
{
	enum { SHOW_MAX = 64 * 1024 };
	struct stat st;
	char *buf;
	ssize_t n;

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (buf = malloc(SHOW_MAX + 1))) {
		n = pread(fd, buf, SHOW_MAX, 0);
		buf[n > 0 ? n : 0] = '\0';
		if (n > 0) {
			text_msg("the demo processes wrote to stderr:");
			text_put(stderr, buf, TEXT_NL);
			if (buf[n - 1] != '\n')
				fputc('\n', stderr);
			if (st.st_size > SHOW_MAX)
				text_msg("(%lld more bytes of it not shown)",
					 (long long)st.st_size - SHOW_MAX);
		}
		free(buf);
	}
	close(fd);
}


int launch_guard(pid_t pgid)
{
	int pp[2];
	pid_t pid;
	char c;

	if (pipe2(pp, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pp[0]);
		close(pp[1]);
		return -1;
	}
	if (pid == 0) {
		/* Signals from the terminal are the viewer's to handle. */
		setpgid(0, 0);
		for (int sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_IGN);
		/* Hold nothing of the viewer's: not its terminal, not a pipe
		 * someone waits to see closed, not a subject's channel. */
		if (pp[0] != 3 && dup2(pp[0], 3) < 0)
			_exit(1);
		close_range(0, 2, 0);
		close_range(4, ~0U, 0);
		/* End of file: the viewer is gone. A byte: it ended them itself. */
		if (read(3, &c, 1) != 1)
			kill(-pgid, SIGKILL);
		_exit(0);
	}
	close(pp[0]);
	return pp[1];
}

void launch_unguard(int guard_fd)
{
	if (guard_fd < 0)
		return;
	if (write(guard_fd, "", 1) != 1)
		return;
	close(guard_fd);
}

void launch_why_dead(pid_t pid, char *err, size_t len)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0), st = 0;
	pid_t got;

	/* Its channel closes while it exits: wait (bounded) until it has. */
	if (pfd >= 0) {
		struct pollfd pf = { pfd, POLLIN, 0 };
		while (poll(&pf, 1, 500) < 0 && errno == EINTR)
			;
		close(pfd);
	}
	got = waitpid(pid, &st, WNOHANG);
	if (got == pid && WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		snprintf(err, len, "the first demo process was killed by SIG%s at start%s",
			 sigabbrev_np(sig) ? sigabbrev_np(sig) : "?",
			 sig == SIGSEGV ? " (is the stack limit, ulimit -s, very small?)" :
			 sig == SIGKILL ? " (out of memory, or a resource limit?)" : "");
	} else if (got == pid || kill(pid, 0) < 0) {
		snprintf(err, len, "the first demo process could not start: is the "
			 "forkscope binary (/proc/self/exe) executable?");
	} else {
		snprintf(err, len, "the first demo process did not answer");
	}
}
