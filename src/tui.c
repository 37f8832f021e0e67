/* SPDX-License-Identifier: MIT */
/* tui.c - the interactive view's loop: keys (a table, as presenter remotes
 * send them), the history of snapshots for stepping back, the command line,
 * the demo picker and the predict quiz. It talks to the session, never to
 * processes, and leaves all painting to draw.c. */
#include <curses.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demos.h"
#include "draw.h"
#include "session.h"
#include "screen.h"
#include "text.h"
#include "tui.h"

#define KEY_ESC 27

struct tui {
	struct scenario *scn;
	struct session *sess;
	struct model_info info;
	struct model_snap *hist;
	int nhist, cap, cur;
	enum draw_mode mode, back_to;
	char msg[TEXT_MAX + 64];
	bool msg_err;
	bool typing;
	char input[SCN_MAX_LINE];
	int cmd_lines;
	bool predict;
	char question[TEXT_MAX];
	bool answer;
	struct model_snap *pending;
	int score, asked;
	int pick;
	struct scenario *scratch;       /* the picked demo, parsed for its about */
	int scratch_pick;               /* which demo scratch holds, or -1 */
	bool quit;
	int rc;
};

enum act { A_NEXT, A_PREV, A_HOME, A_END, A_BLANK, A_HELP, A_QUIT, A_PICKER,
	   A_COMMAND, A_NONE };

static const struct { int key; enum act act; } keymap[] = {
	{ ' ', A_NEXT }, { KEY_RIGHT, A_NEXT }, { KEY_DOWN, A_NEXT },
	{ KEY_NPAGE, A_NEXT }, { '\n', A_NEXT }, { '\r', A_NEXT },
	{ KEY_ENTER, A_NEXT }, { 'n', A_NEXT },
	{ KEY_LEFT, A_PREV }, { KEY_UP, A_PREV }, { KEY_PPAGE, A_PREV },
	{ KEY_BACKSPACE, A_PREV }, { 127, A_PREV }, { 8, A_PREV }, { 'p', A_PREV },
	{ KEY_HOME, A_HOME }, { KEY_F(5), A_HOME }, { KEY_END, A_END },
	{ 'b', A_BLANK }, { '.', A_BLANK }, { '?', A_HELP }, { KEY_F(1), A_HELP },
	{ 'q', A_QUIT }, { '\t', A_PICKER }, { ':', A_COMMAND },
	{ KEY_ESC, A_NONE },
};

static enum act act_of(int key)
{
	for (size_t i = 0; i < sizeof(keymap) / sizeof(keymap[0]); i++)
		if (keymap[i].key == key)
			return keymap[i].act;
	return A_NONE;
}

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

static int push(struct tui *t, const struct model_snap *snap)
{
	if (t->nhist == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct model_snap *h = realloc(t->hist, (size_t)cap * sizeof(*h));
		if (!h)
			return -1;
		t->hist = h;
		t->cap = cap;
	}
	t->hist[t->nhist++] = *snap;
	t->cur = t->nhist - 1;
	return 0;
}

static void stop_session(struct tui *t)
{
	session_end(t->sess);
	t->sess = NULL;
	t->nhist = t->cur = 0;
}

static int start_session(struct tui *t)
{
	char err[TEXT_MAX];

	stop_session(t);
	t->sess = session_start(t->scn, &t->info, t->pending, err, sizeof(err));
	if (!t->sess) {
		note(t, true, "cannot start: %s", err);
		return -1;
	}
	t->question[0] = '\0';
	return push(t, t->pending);
}

/* Make a yes/no question whose answer the pending snapshot holds. */
static bool make_question(struct tui *t, const struct model_snap *next)
{
	const struct scn_step *st = &t->scn->steps[next->step - 1];
	int a = model_find_proc(next, next->actor);
	const char *who = next->actor;

	if (a < 0 || !next->ok)
		return false;
	if (st->act == ACT_SET || st->act == ACT_INC) {
		const struct model_var *v = &next->procs[a].vars[st->var];
		for (int q = 0; q < next->nprocs && next->step % 2; q++)
			if (q != a && next->procs[q].state <= PROC_SUSPENDED &&
			    next->procs[q].nvars > st->var) {
				snprintf(t->question, sizeof(t->question),
					 "Will %s see %s's new value of %s?", next->procs[q].name,
					 who, v->name);
				t->answer = next->procs[q].vars[st->var].value_changed;
				return true;
			}
		if (t->info.pfn_visible) {
			snprintf(t->question, sizeof(t->question),
				 "Will %s's frame for %s change?", who, v->name);
			t->answer = v->pfn_changed;
		} else {
			snprintf(t->question, sizeof(t->question),
				 "Will %s's write to %s take a page fault?", who, v->name);
			t->answer = v->faults > 0;
		}
		return true;
	}
	if (st->act == ACT_FORK || st->act == ACT_VFORK || st->act == ACT_CLONE ||
	    st->act == ACT_SPAWN) {
		snprintf(t->question, sizeof(t->question), "Will %s be suspended until "
			 "its child is done?", who);
		t->answer = next->procs[a].state == PROC_SUSPENDED;
		return true;
	}
	return false;
}

static void step_forward(struct tui *t, bool quiz)
{
	if (!t->sess)
		return;
	if (t->cur < t->nhist - 1) {
		t->cur++;
		return;
	}
	if (session_step(t->sess, t->pending) <= 0) {
		note(t, false, "End of the scenario. Home restarts, : adds a step, q quits.");
		return;
	}
	if (quiz && t->predict && make_question(t, t->pending))
		return;         /* revealed when answered */
	push(t, t->pending);
}

static void reveal(struct tui *t, bool said_yes)
{
	t->asked++;
	if (said_yes == t->answer) {
		t->score++;
		note(t, false, "Right: %s", t->answer ? "yes." : "no.");
	} else {
		note(t, true, "Not this time: the answer is %s.", t->answer ? "yes" : "no");
	}
	t->question[0] = '\0';
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

/* A line typed after ':' runs like a line of a file, as the next step: the
 * demo's later steps are dropped (Tab brings the demo back). It is checked
 * on a copy first, so a mistake changes nothing. */
static void run_command(struct tui *t)
{
	char err[TEXT_MAX + 256];
	int nvars = t->scn->nvars, live;
	const char *m;

	if (!t->input[0])
		return;
	if (!t->scratch && !(t->scratch = malloc(sizeof(*t->scratch))))
		return;
	t->cur = t->nhist - 1;
	live = t->hist[t->cur].step;
	*t->scratch = *t->scn;
	t->scratch_pick = -1;
	if (!is_header_line(t->input))
		scenario_truncate(t->scratch, live);
	if (scenario_add_line(t->scratch, t->input, ++t->cmd_lines, err, sizeof(err)) < 0) {
		/* Drop "FILE:LINE:" and keep "COL: message". */
		m = strchr(err, ':');
		m = m ? strchr(m + 1, ':') : NULL;
		if (m)
			note(t, true, "column %s", m + 1);
		else
			note(t, true, "%s", err);
		return;
	}
	if (t->scratch->nsteps < t->scn->nsteps)
		note(t, false, "The demo's later steps were dropped; Tab reopens the demo.");
	*t->scn = *t->scratch;
	if (t->scn->nvars > nvars) {
		if (session_declare_new(t->sess, t->pending, err, sizeof(err)) < 0)
			note(t, true, "%s", err);
		else
			t->hist[t->nhist - 1] = *t->pending;
	}
	if (t->scn->nsteps > live && session_step(t->sess, t->pending) > 0)
		push(t, t->pending);
}

static int pick_count(void)
{
	int n = 0;

	while (demo_table[n].name)
		n++;
	return n + 1;   /* and "explore" */
}

static void open_pick(struct tui *t)
{
	const struct demo *d = &demo_table[t->pick];
	char err[TEXT_MAX + 256];

	if (t->pick >= pick_count() - 1) {
		scenario_init(t->scn, "command");
		snprintf(t->scn->title, sizeof(t->scn->title), "explore");
	} else {
		scenario_init(t->scn, d->path);
		if (scenario_parse(t->scn, d->text, strlen(d->text), err, sizeof(err)) < 0) {
			note(t, true, "%s", err);
			return;
		}
	}
	t->cmd_lines = 10000;
	t->mode = DM_STEPS;
	if (start_session(t) == 0 && t->scn->nsteps == 0)
		note(t, false, "Type : then a step, e.g. 'var x global 1', then 'parent fork'.");
}

static void picker_key(struct tui *t, int key)
{
	int n = pick_count();

	if (key == KEY_UP || key == 'k' || key == KEY_PPAGE)
		t->pick = (t->pick + n - 1) % n;
	else if (key == KEY_DOWN || key == 'j' || key == KEY_NPAGE || key == ' ')
		t->pick = (t->pick + 1) % n;
	else if (key == '\n' || key == '\r' || key == KEY_ENTER || key == KEY_RIGHT)
		open_pick(t);
	else if (key == 'q')
		t->quit = true;
	else if (key == '\t' && t->sess)
		t->mode = DM_STEPS;
}

static void typing_key(struct tui *t, int key)
{
	size_t n = strlen(t->input);

	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		t->typing = false;
		run_command(t);
	} else if (key == KEY_ESC) {
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

static void steps_key(struct tui *t, int key)
{
	if (t->question[0]) {
		if (key == 'y' || key == 'Y' || key == 'n' || key == 'N')
			reveal(t, key == 'y' || key == 'Y');
		else if (key == 'q')
			t->quit = true;
		return;
	}
	t->msg[0] = '\0';
	switch (act_of(key)) {
	case A_NEXT:
		step_forward(t, true);
		break;
	case A_PREV:
		if (t->cur > 0)
			t->cur--;
		break;
	case A_HOME:
		start_session(t);
		break;
	case A_END:
		while (t->sess && t->hist[t->nhist - 1].step < t->scn->nsteps) {
			t->cur = t->nhist - 1;
			step_forward(t, false);
		}
		t->cur = t->nhist - 1;
		break;
	case A_BLANK:
		t->back_to = t->mode;
		t->mode = DM_BLANK;
		break;
	case A_HELP:
		t->back_to = t->mode;
		t->mode = DM_HELP;
		break;
	case A_QUIT:
		t->quit = true;
		break;
	case A_PICKER:
		t->mode = DM_PICKER;
		break;
	case A_COMMAND:
		t->typing = true;
		t->input[0] = '\0';
		break;
	case A_NONE:
		break;
	}
}

/* The highlighted demo's about text, as the parser joins it. */
static const char *picked_about(struct tui *t)
{
	const struct demo *d = &demo_table[t->pick];
	char err[TEXT_MAX + 256];

	if (t->scratch_pick == t->pick)
		return t->scratch->about;
	if (!t->scratch && !(t->scratch = malloc(sizeof(*t->scratch))))
		return NULL;
	scenario_init(t->scratch, d->path);
	if (scenario_parse(t->scratch, d->text, strlen(d->text), err, sizeof(err)) < 0)
		return NULL;
	t->scratch_pick = t->pick;
	return t->scratch->about;
}

static void draw(struct tui *t)
{
	const char *names[64], *titles[64];
	char tbuf[64][TEXT_MAX / 4];
	struct draw_state d;
	struct model_snap empty;
	int n = pick_count();

	memset(&d, 0, sizeof(d));
	memset(&empty, 0, sizeof(empty));
	d.mode = t->mode;
	d.info = &t->info;
	d.snap = t->nhist ? &t->hist[t->cur] : &empty;
	d.live_step = t->nhist ? t->hist[t->nhist - 1].step : 0;
	d.nsteps = t->scn->nsteps;
	d.message = t->msg[0] ? t->msg : NULL;
	d.message_is_error = t->msg_err;
	d.input = t->typing ? t->input : NULL;
	d.question = t->question[0] ? t->question : NULL;
	d.predict = t->predict;
	d.score = t->score;
	d.asked = t->asked;
	if (t->mode == DM_PICKER) {
		for (int i = 0; i < n - 1 && i < 63; i++) {
			names[i] = demo_table[i].name;
			demos_title(&demo_table[i], tbuf[i], sizeof(tbuf[i]));
			titles[i] = tbuf[i];
		}
		names[n - 1] = "explore";
		titles[n - 1] = "an empty scenario: type steps with :";
		d.npicks = n;
		d.pick = t->pick;
		d.pick_names = names;
		d.pick_titles = titles;
		d.pick_about = t->pick < n - 1 ? picked_about(t) : NULL;
	}
	draw_screen(&d);
}

/* After getch() failed: is the terminal gone (hang-up, closed) rather than
 * a signal having interrupted the wait? */
static bool input_gone(void)
{
	struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };

	return poll(&pf, 1, 0) > 0 && (pf.revents & (POLLHUP | POLLERR | POLLNVAL));
}

int tui_run(struct scenario *scn, bool loaded, const char *theme, bool predict,
	    volatile sig_atomic_t *stop)
{
	struct tui t;
	int key, failures = 0, rc;

	memset(&t, 0, sizeof(t));
	t.scn = scn;
	t.predict = predict;
	t.cmd_lines = 10000;
	t.scratch_pick = -1;
	t.pending = malloc(sizeof(*t.pending));
	if (!t.pending) {
		text_msg("out of memory");
		return 1;
	}
	if ((rc = screen_open(theme)) != 0) {
		free(t.pending);
		return rc;
	}
	if (loaded)
		start_session(&t);
	else
		t.mode = DM_PICKER;
	while (!t.quit && !*stop) {
		draw(&t);
		key = screen_key();
		/* End of input: nobody can press q. Many failures in a row without
		 * a signal mean the same; never spin. */
		failures = key == ERR ? failures + 1 : 0;
		if (key == ERR && (input_gone() || failures > 100))
			break;
		if (key == ERR || key == KEY_RESIZE)
			continue;       /* a signal, or a resize: redraw at once */
		if (t.mode == DM_BLANK || t.mode == DM_HELP)
			t.mode = t.back_to;
		else if (t.mode == DM_PICKER)
			picker_key(&t, key);
		else if (t.typing)
			typing_key(&t, key);
		else
			steps_key(&t, key);
	}
	screen_close();
	stop_session(&t);
	free(t.hist);
	free(t.pending);
	free(t.scratch);
	return t.rc;
}
