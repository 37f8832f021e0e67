/* SPDX-License-Identifier: MIT */
/* record.c - recording the TUI as the terminal sees it, the way script(1)
 * does: ncurses writes straight to its output descriptor (not through
 * stdio), so no FILE can tee it; a pseudo-terminal can. It gets the size and
 * modes of ours, and the TUI runs in a child whose controlling terminal it
 * is, so keys, Ctrl-C, resizes and modes behave as on any terminal. Our
 * terminal goes raw; this side copies the keys in and the output out, the
 * output also to the cast. The TUI's step marks arrive in the output as an
 * APC string (ESC _ forkscope-mark;LABEL ESC \), which is taken out: it
 * reaches neither the terminal nor the cast, whose output is exactly what
 * the terminal got. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cast.h"
#include "record.h"
#include "rescue.h"
#include "text.h"

#define MARK "\033_forkscope-mark;"
#define MARK_LEN (sizeof(MARK) - 1)
#define LABEL_MAX 200           /* bytes of a marker's label */
#define HOLD_MAX (MARK_LEN + LABEL_MAX + 2)
#define READ_MAX 16384
#define TICK_MS 250             /* how often a stopped child is looked for */
#define KILL_MS 5000            /* a child asked to stop gets this long */
#define DRAIN_MS 2000           /* for its last output after it ended */

static bool marking;            /* in the child: the session is recorded */
static volatile sig_atomic_t resized;

void record_mark(const char *label)
{
	char clean[LABEL_MAX], buf[HOLD_MAX + 1];
	int n;

	if (!marking)
		return;
	/* Sanitised: no ESC can end the string early. */
	text_clean(clean, sizeof(clean), label, 0);
	n = snprintf(buf, sizeof(buf), MARK "%s\033\\", clean);
	if (n > 0 && (size_t)n < sizeof(buf))
		text_write_all(STDOUT_FILENO, buf, (size_t)n);
}

static void on_winch(int sig)
{
	(void)sig;
	resized = 1;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The relay's side of a recording. */
struct relay {
	struct cast *cast;
	int master;
	bool tty_out;           /* the terminal still takes our output */
	bool tty_in;            /* and still sends keys */
	bool tui_out;           /* the pseudo-terminal is still open */
	char buf[HOLD_MAX + READ_MAX];
	size_t held;            /* bytes at buf that may begin a mark */
};

/* Output that is not a mark: to the terminal and the cast. */
static void pass_on(struct relay *r, const char *p, size_t n)
{
	if (!n)
		return;
	if (r->tty_out && text_write_all(STDOUT_FILENO, p, n) != 0)
		r->tty_out = false;     /* the terminal is gone; the cast goes on */
	cast_output(r->cast, p, n);
}

/* The n bytes at r->buf: marks out, the rest passed on, a mark that may
 * still be coming held back (all of it when flush). */
static void scan(struct relay *r, size_t n, bool flush)
{
	char *b = r->buf;
	size_t from = 0, i = 0;

	while (i < n) {
		size_t left = n - i, cmp = left < MARK_LEN ? left : MARK_LEN;
		char *end;

		if (b[i] != '\033' || memcmp(b + i, MARK, cmp) != 0) {
			i++;
			continue;
		}
		end = left > MARK_LEN ? memmem(b + i + MARK_LEN, left - MARK_LEN, "\033\\", 2) : NULL;
		if (!end) {
			if (flush || left >= HOLD_MAX) {
				i++;    /* not one of ours after all */
				continue;
			}
			break;          /* the rest has not come yet */
		}
		pass_on(r, b + from, i - from);
		*end = '\0';
		cast_marker(r->cast, b + i + MARK_LEN);
		i = from = (size_t)(end + 2 - b);
	}
	pass_on(r, b + from, i - from);
	memmove(b, b + i, n - i);
	r->held = n - i;
}

/* Read what the TUI wrote: 1 if there was some, 0 if none now, -1 at its
 * end (every holder of the pseudo-terminal has closed it). */
static int from_tui(struct relay *r)
{
	ssize_t n = read(r->master, r->buf + r->held, READ_MAX);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	scan(r, r->held + (size_t)n, false);
	return 1;
}

/* Keys typed on the terminal, to the TUI. Typed far ahead of a TUI that
 * does not read (a full pseudo-terminal), they are dropped. */
static void to_tui(struct relay *r)
{
	char keys[4096];
	ssize_t n = read(STDIN_FILENO, keys, sizeof(keys));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		r->tty_in = false;
		return;
	}
	if (write(r->master, keys, (size_t)n) < 0 && errno != EAGAIN)
		r->tty_in = false;
}

/* Our terminal's new size, to the TUI's terminal and the cast. */
static void pass_resize(struct relay *r)
{
	struct winsize ws;

	resized = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
		ioctl(r->master, TIOCSWINSZ, &ws);
		cast_resize(r->cast, ws.ws_col, ws.ws_row);
	}
}

/* Relay until the child has ended: its wait status. */
static int relay(struct relay *r, pid_t child, volatile sig_atomic_t *stop)
{
	int pidfd = (int)syscall(SYS_pidfd_open, child, 0), status = 0, sent = 0;
	long kill_at = 0;

	for (;;) {
		struct pollfd pf[3] = {
			{ r->tui_out ? r->master : -1, POLLIN, 0 },
			{ r->tty_in ? STDIN_FILENO : -1, POLLIN, 0 },
			{ pidfd, POLLIN, 0 },
		};
		pid_t w;

		poll(pf, 3, TICK_MS);
		if (resized)
			pass_resize(r);
		if (*stop && !sent) {
			sent = *stop;   /* Ctrl-C comes as a key; this is kill(1) */
			kill(child, sent);
			kill_at = now_ms() + KILL_MS;
		}
		if (sent && now_ms() > kill_at)
			kill(child, SIGKILL);
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			int got;

			while ((got = from_tui(r)) > 0)
				;
			r->tui_out = got == 0;
		}
		if (pf[1].revents & (POLLIN | POLLHUP | POLLERR))
			to_tui(r);
		w = waitpid(child, &status, WNOHANG | WUNTRACED);
		if (w == child && WIFSTOPPED(status))
			kill(child, SIGCONT);   /* no suspending while recording */
		else if (w == child || (w < 0 && errno == ECHILD))
			break;
	}
	if (pidfd >= 0)
		close(pidfd);
	/* Its last output (leaving the alternate screen) may still be on its
	 * way; the pseudo-terminal ends when the subjects have died too. */
	for (long end = now_ms() + DRAIN_MS; now_ms() < end; ) {
		struct pollfd pf = { r->master, POLLIN, 0 };

		poll(&pf, 1, 50);
		if (from_tui(r) < 0)
			break;
	}
	scan(r, r->held, true);
	return status;
}

/* The child: the pseudo-terminal becomes its controlling terminal and its
 * standard input, output and error. It dies with the recorder. */
static void become_tui(int master, int slave, pid_t recorder)
{
	close(master);
	setsid();
	ioctl(slave, TIOCSCTTY, 0);
	for (int fd = 0; fd < 3; fd++)
		dup2(slave, fd);
	if (slave > 2)
		close(slave);
	prctl(PR_SET_PDEATHSIG, SIGHUP);
	if (getppid() != recorder)
		_exit(1);
	marking = true;
}

/* A pseudo-terminal with the modes and size of ours: 0, or -errno. */
static int open_pty(int *master, int *slave, const struct termios *modes,
		    const struct winsize *ws)
{
	char name[64];
	int e;

	*slave = -1;
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0)
		return -errno;
	if (grantpt(*master) < 0 || unlockpt(*master) < 0 ||
	    ptsname_r(*master, name, sizeof(name)) != 0 ||
	    (*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    tcsetattr(*slave, TCSANOW, modes) < 0 || ioctl(*slave, TIOCSWINSZ, ws) < 0) {
		e = errno;
		if (*slave >= 0)
			close(*slave);
		close(*master);
		return -e;
	}
	fcntl(*master, F_SETFL, O_NONBLOCK);
	return 0;
}

/* How the recorder ends: the child's status, or its death by a signal. */
static int child_status(int status, int cast_err, const char *path)
{
	if (cast_err) {
		text_msg("%s: the recording is incomplete: %s", path, strerror(cast_err));
		return 1;
	}
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
		return 1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int record_run(const char *path, const char *title, volatile sig_atomic_t *stop,
	       int (*run)(void *arg), void *arg)
{
	static struct relay r;
	struct termios saved, raw;
	struct winsize ws;
	struct sigaction sa;
	char err[PATH_MAX + 256];
	int master, slave, rc, status;
	pid_t me, child;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
	    tcgetattr(STDIN_FILENO, &saved) < 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0) {
		text_msg("--record records the full-screen view: it needs a terminal");
		return 2;
	}
	if ((rc = open_pty(&master, &slave, &saved, &ws)) < 0) {
		text_msg("--record: no pseudo-terminal: %s", strerror(-rc));
		return 1;
	}
	r.cast = cast_open(path, ws.ws_col, ws.ws_row, title, err, sizeof(err));
	if (!r.cast) {
		text_msg("%s", err);
		close(slave);
		close(master);
		return 1;
	}
	fflush(NULL);
	me = getpid();
	child = fork();
	if (child == 0) {
		cast_forget(r.cast);
		become_tui(master, slave, me);
		exit(run(arg));
	}
	close(slave);
	if (child < 0) {
		text_msg("--record: fork: %s", strerror(errno));
		cast_close(r.cast);
		close(master);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	rescue_save_terminal();         /* a crash of ours gives it back */
	raw = saved;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	r.master = master;
	r.tty_out = r.tty_in = r.tui_out = true;
	status = relay(&r, child, stop);
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	signal(SIGWINCH, SIG_DFL);
	close(master);
	return child_status(status, cast_close(r.cast), path);
}
