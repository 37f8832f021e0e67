/* SPDX-License-Identifier: MIT */
/* screen.c - the terminal for curses: the checks before taking it, the
 * question of its background colour (for --theme auto), the input modes, and
 * giving it back. Shared by the TUI and the bench chart. */
#include <ctype.h>
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include "rescue.h"
#include "screen.h"
#include "text.h"
#include "theme.h"

#define ASK_MS 300      /* how long a terminal may take to say its colours */

static SCREEN *screen;
static FILE *offscreen[2];      /* an off-screen screen's output and input */

bool screen_theme_known(const char *theme)
{
	return !strcmp(theme, "auto") || !strcmp(theme, "dark") || !strcmp(theme, "light");
}

/* COLORFGBG ("15;0", "0;default;15"): its last field is the background's
 * colour number. 1 light, 0 dark, -1 not said. */
static int colorfgbg_light(void)
{
	const char *v = getenv("COLORFGBG"), *bg;
	char *end;
	long n;

	if (!v || !(bg = strrchr(v, ';')))
		return -1;
	n = strtol(bg + 1, &end, 10);
	if (end == bg + 1 || *end || n < 0 || n > 15)
		return -1;
	return n == 7 || n >= 9;        /* 8 is dark grey */
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One colour component of an OSC 11 answer, 1 to 4 hex digits, as 0..1. */
static double component(const char **p)
{
	unsigned v = 0;
	int digits = 0;

	while (digits < 4 && isxdigit((unsigned char)**p)) {
		v = v * 16 + (unsigned)(**p <= '9' ? **p - '0' : (**p | 0x20) - 'a' + 10);
		(*p)++;
		digits++;
	}
	if (**p == '/')
		(*p)++;
	return digits ? v / (double)((1u << (4 * digits)) - 1) : 0.5;
}

/* Keys read while waiting for the terminal's answers, for screen_key. */
static int queued[64];
static int nqueued, qhead;

static void queue_key(int key)
{
	if (nqueued < (int)(sizeof(queued) / sizeof(queued[0])))
		queued[nqueued++] = key;
}

/* After an ESC: a terminal's answer, read to its end and returned in buf
 * (1 an OSC answer, 2 the device attributes), or 0 after queueing what
 * were keys. */
static int answer(char *buf, size_t len)
{
	size_t n = 0;
	int c, kind = 0;

	timeout(50);
	c = getch();
	if (c == ']' || c == '[') {
		int d = c == '[' ? getch() : ']';

		if (c == '[' && d != '?') {
			queue_key(27);
			queue_key(c);
			if (d != ERR)
				queue_key(d);
		} else {
			kind = c == ']' ? 1 : 2;
			while ((c = getch()) != ERR && n + 1 < len) {
				if ((kind == 1 && (c == 7 || c == '\\')) || (kind == 2 && c == 'c'))
					break;
				buf[n++] = (char)c;
			}
		}
	} else {
		queue_key(27);
		if (c != ERR)
			queue_key(c);
	}
	buf[n] = '\0';
	timeout(-1);
	return kind;
}

/* Ask the terminal for its background (OSC 11), then for its device
 * attributes (DA1), which every terminal answers: once that answer is in,
 * nothing more is coming. Keys typed meanwhile are kept for screen_key.
 * 1 light, 0 dark, -1 no answer. */
static int osc11_light(void)
{
	char buf[128] = "";
	long deadline = now_ms() + ASK_MS;
	int light = -1;

	putp("\033]11;?\033\\\033[c");
	fflush(stdout);
	for (long left; (left = deadline - now_ms()) > 0; ) {
		int c, kind;

		timeout((int)left);
		c = getch();
		if (c == ERR)
			break;
		if (c != 27) {
			queue_key(c);
			continue;
		}
		kind = answer(buf, sizeof(buf));
		if (kind == 1 && !strncmp(buf, "11;rgb:", 7)) {
			const char *p = buf + 7;
			double r = component(&p), g = component(&p), b = component(&p);
			light = 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5;
		} else if (kind == 2) {
			break;
		}
	}
	timeout(-1);
	return light;
}

int screen_key(void)
{
	char buf[128] = "";
	int c;

	for (;;) {
		if (qhead < nqueued)
			return queued[qhead++];
		qhead = nqueued = 0;
		c = getch();
		if (c != 27)
			return c;
		/* A late answer is dropped; anything else comes back as keys. */
		if (answer(buf, sizeof(buf)) == 0 && qhead < nqueued)
			return queued[qhead++];
	}
}

/* "auto": the terminal's own word, else its answer, else dark. */
static bool want_light(const char *theme)
{
	int light;

	if (strcmp(theme, "auto") != 0)
		return strcmp(theme, "light") == 0;
	light = colorfgbg_light();
	if (light < 0)
		light = osc11_light();
	return light == 1;
}

/* Keys as terminals send them whatever TERM says: tmux and screen send
 * Home and End as VT220 keys, xterm in another mode sends SS3 arrows.
 * Sequences the terminfo entry already has are left alone. */
static void more_keys(void)
{
	static const struct { const char *seq; int key; } alt[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[8~", KEY_END },
		{ "\033[F", KEY_END }, { "\033OF", KEY_END }, { "\033[5~", KEY_PPAGE },
		{ "\033[6~", KEY_NPAGE }, { "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT }, { "\033OA", KEY_UP },
		{ "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	};

	for (size_t i = 0; i < sizeof(alt) / sizeof(alt[0]); i++)
		if (key_defined(alt[i].seq) == 0)
			define_key(alt[i].seq, alt[i].key);
}

/* Can this terminal place the cursor? "dumb" and friends cannot. */
static bool can_address(void)
{
	char *cup = tigetstr("cup");

	return cup && cup != (char *)-1;
}

int screen_open(const char *theme)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO)) {
		text_msg("the TUI needs a terminal on stdin; "
			 "use --plain or --json for pipes and files");
		return 2;
	}
	setlocale(LC_CTYPE, "");
	/* In a UTF-8 locale draw boxes with Unicode, whatever the terminal's
	 * alternate character set; elsewhere ncurses falls back to ACS. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		setenv("NCURSES_NO_UTF8_ACS", "1", 0);
	rescue_save_terminal();
	/* The size comes from the terminal (the window size ioctl), never
	 * from a stale COLUMNS or LINES: ncurses would prefer those, also
	 * after a resize (use_env(FALSE) would mean terminfo's size). Ctrl-Z
	 * and fg are ours to handle (screen_job_control). */
	unsetenv("COLUMNS");
	unsetenv("LINES");
	rescue_catch_job_control();
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		text_msg("cannot use terminal type '%s'; set TERM "
			 "(e.g. TERM=xterm-256color) or use --plain", term ? term : "");
		return 2;
	}
	if (!can_address()) {
		screen_close();
		text_msg("terminal type '%s' cannot move the cursor; "
			 "use a full terminal (e.g. TERM=xterm-256color) or --plain",
			 term ? term : "");
		return 2;
	}
	rescue_arm_terminal();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	more_keys();
	set_escdelay(25);
	curs_set(0);
	theme_init(want_light(theme));
	return 0;
}

int screen_open_offscreen(const char *theme, int w, int h, char *err, size_t errlen)
{
	/* Pictures are UTF-8 whatever the locale: glyphs and line drawing. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	text_init();
	setenv("NCURSES_NO_UTF8_ACS", "1", 1);
	offscreen[0] = fopen("/dev/null", "we");
	offscreen[1] = fopen("/dev/null", "re");
	if (offscreen[0] && offscreen[1])
		screen = newterm("xterm-256color", offscreen[0], offscreen[1]);
	if (!screen || resizeterm(h, w) == ERR) {
		screen_close();
		snprintf(err, errlen, "cannot set up an off-screen xterm-256color of %dx%d "
			 "(is its terminfo entry installed?)", w, h);
		return -1;
	}
	theme_init(strcmp(theme, "light") == 0);
	return 0;
}

void screen_close(void)
{
	if (screen) {
		endwin();
		rescue_disarm_terminal();
		delscreen(screen);
		screen = NULL;
		rescue_release_job_control();
	}
	for (int i = 0; i < 2; i++) {
		if (offscreen[i])
			fclose(offscreen[i]);
		offscreen[i] = NULL;
	}
}

bool screen_job_control(void)
{
	int ev = rescue_job_event();

	if (!screen || !ev)
		return false;
	if (ev == RESCUE_STOP) {
		/* Ctrl-Z: the terminal as it was, then stop; fg continues. */
		endwin();
		rescue_disarm_terminal();
		rescue_stop_now();
		rescue_job_event();     /* the SIGCONT that woke us */
	}
	/* Continued, after Ctrl-Z or after a SIGSTOP the shell may have met
	 * by putting back its own modes: leave and take the terminal again,
	 * and have every cell painted. */
	endwin();
	refresh();
	rescue_arm_terminal();
	clearok(curscr, TRUE);
	return true;
}

bool screen_input_waiting(void)
{
	struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };

	return qhead < nqueued || rescue_job_pending() || poll(&pf, 1, 0) > 0;
}
