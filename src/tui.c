/* SPDX-License-Identifier: MIT */
/* tui.c - the interactive view's loop: keys (keys.c's tables), the history
 * of snapshots for stepping back, the command line and its what-ifs, the
 * demo picker and the predict quiz (its questions are quiz.c's). It talks
 * to the session, never to processes, and leaves all painting to draw.c
 * and picker.c.
 *
 * What-if: the session runs `run`, a copy of the demo's own line `main`
 * with the steps typed since. A step typed while looking at step N of the
 * past rebuilds the processes to step N on fresh processes (session_start,
 * then N session_steps) and runs it there; the demo's later steps stay in
 * `main`, and m goes back to them. */
#include <curses.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demos.h"
#include "draw.h"
#include "picker.h"
#include "quiz.h"
#include "record.h"
#include "screen.h"
#include "session.h"
#include "snapstore.h"
#include "text.h"
#include "tui.h"

struct tui {
	struct scenario *run;           /* the line the session runs */
	struct scenario *main;          /* the demo's own line */
	struct scenario *scratch;       /* a typed line is tried on this first */
	int branch_at;                  /* off the main line after this step; -1 */
	struct session *sess;
	struct model_info info;
	struct snapstore *hist;         /* the steps so far, packed */
	int cur;                        /* the entry on screen */
	struct model_snap *shown;       /* entry shown_at unpacked; -1: none */
	int shown_at;
	struct model_snap *pending;
	enum draw_mode mode;
	bool picking;
	struct picker *picker;
	enum keys_screen help_for;
	struct draw_result drawn;
	char msg[TEXT_MAX + 128];
	bool msg_err;
	bool typing;
	char input[SCN_MAX_LINE];
	int cmd_lines;
	int others_page, page;
	bool panes_only;        /* g: the panes instead of the page grid */
	bool predict, asking;
	struct quiz quiz;
	int marked;             /* the history entry a recording marked last */
	bool quit;
};

static void note(struct tui *t, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note(struct tui *t, bool err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->msg_err = err;
}

static int nhist(const struct tui *t)
{
	return snapstore_count(t->hist);
}

static int push(struct tui *t, const struct model_snap *snap)
{
	if (snapstore_push(t->hist, snap) < 0)
		return -1;
	t->cur = nhist(t) - 1;
	return 0;
}

/* The entry on screen, unpacked once while it stays there. */
static const struct model_snap *current(struct tui *t)
{
	if (t->shown_at != t->cur) {
		if (snapstore_get(t->hist, t->cur, t->shown) < 0)
			memset(t->shown, 0, sizeof(*t->shown));
		t->shown_at = t->cur;
	}
	return t->shown;
}

static int live_step(const struct tui *t)
{
	return nhist(t) ? snapstore_step(t->hist, nhist(t) - 1) : 0;
}

static void stop_session(struct tui *t)
{
	session_end(t->sess);
	t->sess = NULL;
	if (t->hist)
		snapstore_truncate(t->hist, 0);
	t->cur = 0;
	t->shown_at = -1;
	t->marked = -1;
	t->asking = false;
}

/* Fresh processes at step 0 of the run line. */
static int start_line(struct tui *t)
{
	char err[TEXT_MAX];

	stop_session(t);
	t->sess = session_start(t->run, &t->info, t->pending, err, sizeof(err));
	if (!t->sess) {
		note(t, true, "cannot start: %s", err);
		return -1;
	}
	return push(t, t->pending);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fresh processes brought to step k of the run line by replaying it. */
static int rebuild(struct tui *t, int k)
{
	long t0 = now_ms();

	if (start_line(t) < 0)
		return -1;
	while (live_step(t) < k && session_step(t->sess, t->pending) > 0)
		push(t, t->pending);
	note(t, false, "Rebuilt to step %d on fresh processes (%ld ms).", live_step(t),
	     now_ms() - t0);
	return 0;
}

/* A new line to run: the demo, or the explorer. */
static void open_line(struct tui *t, const char *name)
{
	char err[TEXT_MAX + 256];

	if (demos_load(t->scratch, name, err, sizeof(err)) != 0) {
		note(t, true, "%s", err);
		return;
	}
	*t->run = *t->scratch;
	*t->main = *t->scratch;
	t->branch_at = -1;
	t->cmd_lines = 10000;
	t->picking = false;
	t->msg[0] = '\0';
	start_line(t);
}

/* --- predict (the questions are quiz.c's) --- */

static void reveal(struct tui *t, bool said_yes)
{
	const struct quiz *q = &t->quiz;

	if (quiz_answer(&t->quiz, said_yes, t->pending->step))
		note(t, false, "Right: %s %s", q->answer ? "yes." : "no.", q->reason);
	else
		note(t, true, "Wrong guess: the answer is %s. %s", q->answer ? "yes" : "no",
		     q->reason);
	t->asking = false;
	push(t, t->pending);
}

static void show_summary(struct tui *t)
{
	quiz_summary(&t->quiz);
	t->mode = DM_SUMMARY;
	t->page = 0;
	t->predict = false;     /* the quiz is over; the demo stays */
}

/* --- stepping --- */

static void step_forward(struct tui *t, bool quiz)
{
	if (!t->sess)
		return;
	t->others_page = 0;
	if (t->cur < nhist(t) - 1) {
		t->cur++;
		return;
	}
	if (session_step(t->sess, t->pending) <= 0) {
		if (quiz && t->predict && t->quiz.asked)
			show_summary(t);
		note(t, false, "End of the %s. Home restarts, : adds a step%s, q quits.",
		     t->branch_at >= 0 ? "what-if" : "scenario",
		     t->branch_at >= 0 ? ", m goes back to the demo" : "");
		return;
	}
	if (quiz && t->predict && t->pending->step >= 1 &&
	    quiz_ask(&t->quiz, &t->run->steps[t->pending->step - 1], &t->info, t->pending)) {
		t->asking = true;       /* revealed when answered */
		return;
	}
	push(t, t->pending);
}

/* title, about, say and var lines add no step. */
static bool is_header_line(const char *line)
{
	while (*line == ' ')
		line++;
	return !strncmp(line, "title ", 6) || !strncmp(line, "about ", 6) ||
	       !strncmp(line, "say ", 4) || !strncmp(line, "var ", 4);
}

static bool is_var_line(const char *line)
{
	while (*line == ' ')
		line++;
	return !strncmp(line, "var ", 4);
}

/* Say where a typed line went wrong: "column 7: unknown process 'bob'". */
static void typed_error(struct tui *t, const char *err)
{
	const char *m = strchr(err, ':');

	m = m ? strchr(m + 1, ':') : NULL;
	if (m)
		note(t, true, "column %s", m + 1);
	else
		note(t, true, "%s", err);
}

/* The line's new step (or, at step 0, new variable) takes it off the
 * demo's main line unless it only adds to the end of it. */
static void branch(struct tui *t, int at)
{
	if (t->branch_at < 0 && at == t->main->nsteps)
		*t->main = *t->run;     /* nothing of the demo is left out */
	else if (t->branch_at < 0 || at < t->branch_at)
		t->branch_at = at;
}

/* Run a typed line as the step after the one on screen. At the end of the
 * demo it just adds a step; anywhere else it starts (or changes) a what-if
 * and, looking at the past, rebuilds the processes first. A var line is
 * taken at step 0: the processes start again with it. */
static void run_command(struct tui *t)
{
	char err[TEXT_MAX + 256];
	int at = current(t)->step, nvars = t->run->nvars;
	bool header = is_header_line(t->input);

	if (!t->input[0])
		return;
	*t->scratch = *t->run;
	if (!header || (at == 0 && is_var_line(t->input)))
		scenario_truncate(t->scratch, at);
	if (scenario_add_line(t->scratch, t->input, ++t->cmd_lines, err, sizeof(err)) < 0) {
		typed_error(t, err);
		return;
	}
	*t->run = *t->scratch;
	if (header && t->run->nvars == nvars) {         /* title, about, say */
		if (t->branch_at < 0)
			*t->main = *t->run;
		return;
	}
	branch(t, at);
	if (at < live_step(t)) {
		if (rebuild(t, at) < 0)
			return;
	} else if (header) {
		/* A new variable before any step: declared in the live parent. */
		if (session_declare_new(t->sess, t->pending, err, sizeof(err)) < 0)
			note(t, true, "%s", err);
		else {
			snapstore_set(t->hist, nhist(t) - 1, t->pending);
			t->shown_at = -1;
		}
		return;
	} else {
		t->msg[0] = '\0';
	}
	if (!header && session_step(t->sess, t->pending) > 0)
		push(t, t->pending);
}

/* Back to the demo's own line where the what-if left it. */
static void main_line(struct tui *t)
{
	int at = t->branch_at;

	if (at < 0) {
		note(t, false, "This is the demo's main line.");
		return;
	}
	*t->run = *t->main;
	t->branch_at = -1;
	if (rebuild(t, at) == 0)
		note(t, false, "Back on the demo's main line at step %d, on fresh processes.",
		     at);
}

/* --- keys --- */

/* Highlight the open demo in the picker: "demos/fork-cow.scn" is fork-cow. */
static void select_open(struct tui *t)
{
	const char *base = strrchr(t->main->file, '/');
	char name[sizeof(t->main->file)];

	snprintf(name, sizeof(name), "%s", base ? base + 1 : t->main->file);
	name[strcspn(name, ".")] = '\0';
	picker_select(t->picker, name);
}

static void typing_key(struct tui *t, int key)
{
	size_t n = strlen(t->input);

	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		t->typing = false;
		run_command(t);
	} else if (key == 27) {
		t->typing = false;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		while (n && ((unsigned char)t->input[n - 1] & 0xC0) == 0x80)
			t->input[--n] = '\0';
		if (n)
			t->input[n - 1] = '\0';
	} else if (key >= 0x20 && key < 0x100 && key != 127 && n + 1 < sizeof(t->input)) {
		t->input[n] = (char)key;
		t->input[n + 1] = '\0';
	}
}

static void open_view(struct tui *t, enum draw_mode m, enum keys_screen s)
{
	t->mode = m;
	t->help_for = s;
	t->page = 0;
}

static void steps_key(struct tui *t, int key)
{
	if (t->asking) {
		if (key == 'y' || key == 'Y' || key == 'n' || key == 'N')
			reveal(t, key == 'y' || key == 'Y');
		else if (key == 'q')
			t->quit = true;
		else
			note(t, false, "y or n?");
		return;
	}
	t->msg[0] = '\0';
	switch (keys_act(KS_STEPS, key)) {
	case A_NEXT:
		step_forward(t, true);
		break;
	case A_PREV:
		t->others_page = 0;
		if (t->cur > 0)
			t->cur--;
		break;
	case A_HOME:
		start_line(t);
		break;
	case A_END:
		/* Step by step, looking between steps at keys, Ctrl-Z and the
		 * stop flag: q, Ctrl-C and SIGTERM are honoured at once. */
		while (t->sess && live_step(t) < t->run->nsteps && !session_stopping() &&
		       !screen_input_waiting()) {
			t->cur = nhist(t) - 1;
			step_forward(t, false);
		}
		t->cur = nhist(t) - 1;
		break;
	case A_COMMAND:
		if (!t->sess)
			break;
		t->typing = true;
		t->input[0] = '\0';
		break;
	case A_MAIN:
		main_line(t);
		break;
	case A_OTHERS:
		if (t->drawn.hidden)
			t->others_page++;
		else
			note(t, false, "Every process has a column already.");
		break;
	case A_TEXT:
		open_view(t, DM_TEXT, KS_STEPS);
		break;
	case A_GRID:
		t->panes_only = !t->panes_only;
		break;
	case A_PICKER:
		t->picking = true;
		select_open(t);
		break;
	case A_BLANK:
		t->mode = DM_BLANK;
		break;
	case A_REDRAW:
		clearok(curscr, TRUE);
		break;
	case A_HELP:
		open_view(t, DM_HELP, KS_STEPS);
		break;
	case A_QUIT:
		t->quit = true;
		break;
	default:
		note(t, false, "%s: not a key here; ? for help", keys_name(key));
		break;
	}
}

static void picker_keys(struct tui *t, int key)
{
	bool can_back = t->sess != NULL;

	t->msg[0] = '\0';
	switch (picker_key(t->picker, key)) {
	case A_OPEN:
		open_line(t, picker_name(t->picker));
		break;
	case A_BACK:
		if (can_back)
			t->picking = false;
		break;
	case A_QUIT:
		if (can_back)
			t->picking = false;     /* q quits only from the first screen */
		else
			t->quit = true;
		break;
	case A_HELP:
		open_view(t, DM_HELP, KS_PICKER);
		break;
	case A_REDRAW:
		clearok(curscr, TRUE);
		break;
	case A_UP: case A_DOWN: case A_FIRST: case A_LAST:
		break;
	default:
		note(t, false, "%s: not a key here; ? for help", keys_name(key));
		break;
	}
}

/* Help, the whole text and the summary: Space pages on, other keys close. */
static void view_key(struct tui *t, int key)
{
	enum act a = keys_act(KS_STEPS, key);

	if (a == A_NEXT && key != KEY_RIGHT && t->page + 1 < t->drawn.pages)
		t->page++;
	else if (a == A_PREV && key != KEY_LEFT && t->page > 0)
		t->page--;
	else if (a == A_REDRAW)
		clearok(curscr, TRUE);
	else
		t->mode = DM_STEPS;
}

static void handle_key(struct tui *t, int key)
{
	if (t->mode == DM_BLANK)
		t->mode = DM_STEPS;
	else if (t->mode != DM_STEPS)
		view_key(t, key);
	else if (t->picking)
		picker_keys(t, key);
	else if (t->typing)
		typing_key(t, key);
	else
		steps_key(t, key);
}

static void draw(struct tui *t)
{
	struct draw_state d;
	struct model_snap empty;

	if (t->picking && t->mode == DM_STEPS) {
		picker_draw(t->picker, t->sess != NULL, t->msg[0] ? t->msg : NULL);
		return;
	}
	memset(&d, 0, sizeof(d));
	memset(&empty, 0, sizeof(empty));
	d.mode = t->mode;
	d.help_for = t->help_for;
	d.info = &t->info;
	d.snap = nhist(t) ? current(t) : &empty;
	d.asking = t->asking ? t->pending : NULL;
	d.live_step = live_step(t);
	d.nsteps = t->run->nsteps;
	d.branch_at = t->branch_at;
	d.message = t->msg[0] ? t->msg : NULL;
	d.message_is_error = t->msg_err;
	d.input = t->typing ? t->input : NULL;
	d.question = t->asking ? t->quiz.question : NULL;
	d.predict = t->predict;
	d.score = t->quiz.score;
	d.asked = t->quiz.asked;
	d.summary = t->quiz.summary;
	d.others_page = t->others_page;
	d.panes_only = t->panes_only;
	d.page = t->page;
	draw_screen(&d, &t->drawn);
}

/* For a recording: a marker each time another step is on the screen. */
static void mark_step(struct tui *t)
{
	const struct model_snap *s;
	char label[TEXT_MAX + 64];

	if (t->picking || t->mode != DM_STEPS || !nhist(t) || t->cur == t->marked)
		return;
	s = current(t);
	t->marked = t->cur;
	snprintf(label, sizeof(label), "%sstep %d/%d: %s", t->branch_at >= 0 ? "what-if " : "",
		 s->step, t->run->nsteps, s->step ? s->action : "start");
	record_mark(label);
}

/* After getch() failed: is the terminal gone (hang-up, closed) rather than
 * a signal having interrupted the wait? */
static bool input_gone(void)
{
	struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };

	return poll(&pf, 1, 0) > 0 && (pf.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void free_tui(struct tui *t)
{
	stop_session(t);
	picker_free(t->picker);
	snapstore_free(t->hist);
	free(t->shown);
	free(t->pending);
	free(t->main);
	free(t->scratch);
}

int tui_run(struct scenario *scn, bool loaded, const char *theme, bool predict,
	    volatile sig_atomic_t *stop)
{
	struct tui t;
	int key, failures = 0, rc;

	memset(&t, 0, sizeof(t));
	t.run = scn;
	t.predict = predict;
	t.cmd_lines = 10000;
	t.branch_at = -1;
	t.pending = malloc(sizeof(*t.pending));
	t.shown = malloc(sizeof(*t.shown));
	t.shown_at = -1;
	t.hist = snapstore_new();
	t.main = malloc(sizeof(*t.main));
	t.scratch = malloc(sizeof(*t.scratch));
	t.picker = picker_new();
	if (!t.pending || !t.shown || !t.hist || !t.main || !t.scratch || !t.picker) {
		free_tui(&t);
		text_msg("out of memory");
		return 1;
	}
	if ((rc = screen_open(theme)) != 0) {
		free_tui(&t);
		return rc;
	}
	*t.main = *scn;
	if (loaded)
		start_line(&t);
	else
		t.picking = true;
	while (!t.quit && !*stop) {
		draw(&t);
		mark_step(&t);
		key = screen_key();
		if (screen_job_control())
			continue;       /* Ctrl-Z and fg: repaint */
		/* End of input: nobody can press q. Many failures in a row without
		 * a signal mean the same; never spin. */
		failures = key == ERR ? failures + 1 : 0;
		if (key == ERR && (input_gone() || failures > 100))
			break;
		if (key == ERR || key == KEY_RESIZE)
			continue;       /* a signal, or a resize: redraw at once */
		handle_key(&t, key);
	}
	screen_close();
	free_tui(&t);
	return 0;
}
