/* SPDX-License-Identifier: MIT */
/* rescue.c - the crash path. A handler may only use async-signal-safe calls:
 * so the escape sequences that leave the alternate screen and show the cursor
 * are looked up in advance, and the saved terminal mode is put back with
 * tcsetattr. Subjects are killed through their pidfds. Job control (Ctrl-Z,
 * fg) only sets flags here: the loop gives the terminal back and takes it
 * again (screen.c). */
#include <curses.h>
#include <signal.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "rescue.h"
#include "session.h"

static struct termios saved;
static volatile sig_atomic_t have_saved, armed;
static char leave[256];         /* rmcup, cnorm, sgr0, newline */
static size_t leave_len;

static void on_crash(int sig)
{
	if (armed) {
		ssize_t n = write(STDOUT_FILENO, leave, leave_len);
		(void)n;
	}
	if (have_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	session_kill_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

void rescue_install(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_crash;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

void rescue_save_terminal(void)
{
	if (tcgetattr(STDIN_FILENO, &saved) == 0)
		have_saved = 1;
}

static void add_cap(const char *name)
{
	char *s = tigetstr(name);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (leave_len + n < sizeof(leave)) {
		memcpy(leave + leave_len, s, n);
		leave_len += n;
	}
}

void rescue_arm_terminal(void)
{
	leave_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmcup");
	leave[leave_len++] = '\r';
	leave[leave_len++] = '\n';
	armed = 1;
}

void rescue_disarm_terminal(void)
{
	armed = 0;
}

static volatile sig_atomic_t got_tstp, got_cont;

static void on_job(int sig)
{
	if (sig == SIGTSTP)
		got_tstp = 1;
	else
		got_cont = 1;
}

void rescue_catch_job_control(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_job;         /* no SA_RESTART: a wait for a key ends */
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
}

void rescue_release_job_control(void)
{
	signal(SIGTSTP, SIG_DFL);
	signal(SIGCONT, SIG_DFL);
}

int rescue_job_event(void)
{
	if (got_tstp) {
		got_tstp = 0;
		return RESCUE_STOP;
	}
	if (got_cont) {
		got_cont = 0;
		return RESCUE_CONT;
	}
	return 0;
}

bool rescue_job_pending(void)
{
	return got_tstp || got_cont;
}

void rescue_stop_now(void)
{
	struct sigaction sa, old;

	/* Stop by the default action, then catch Ctrl-Z again. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
}
