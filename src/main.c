/* SPDX-License-Identifier: MIT */
/* main.c - what the command line asks for (options.c reads it), done:
 * choosing a scenario and a view, signals, exit status (0 success, 1 a step
 * failed or the output could not be written, 2 usage or scenario error, 3 an
 * expectation did not hold). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "agent.h"
#include "options.h"
#include "outfile.h"
#include "bench.h"
#include "demos.h"
#include "record.h"
#include "rescue.h"
#include "scenario.h"
#include "scnfile.h"
#include "screen.h"
#include "session.h"
#include "svg.h"
#include "text.h"
#include "tui.h"
#include "verify.h"
#include "view.h"
#include "wire.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static int out_of_memory(void)
{
	text_msg("out of memory");
	return 1;
}

static int list_demos(void)
{
	char title[256];

	for (const struct demo *d = demo_table; d->name; d++) {
		demos_title(d, title, sizeof(title));
		printf("%-20s %s\n", d->name, title);
	}
	return 0;
}

/* Print built-in demo name's source, to copy and edit; 0, or 2 if none. */
static int show_demo(const char *name)
{
	const struct demo *d = demos_find(name);

	if (!d)
		return usage_error("no demo named '%s' (forkscope --list shows the demos)", name);
	fputs(d->text, stdout);
	return 0;
}

/* A demo name, "explore", a file or "-" into s; 0, or the exit status (1 out of
 * memory, 2 a scenario error) with the message printed. */
static int load(struct scenario *s, const char *arg)
{
	char err[TEXT_MAX + 256];
	int rc = demos_load(s, arg, err, sizeof(err));

	if (rc <= 0) {          /* a built-in demo, or "explore" */
		if (rc < 0)
			text_msg("%s", err);
		return rc < 0 ? 2 : 0;
	}
	rc = scnfile_load(s, arg, err, sizeof(err));
	if (rc == -ENOENT && !strchr(arg, '/'))
		text_msg("no demo or file named '%s' (forkscope --list shows the demos)", arg);
	else if (rc < 0)
		text_msg("%s", err);
	return rc == 0 ? 0 : rc == -ENOMEM ? 1 : 2;
}

/* --check: each file in turn; 0 if all are good, else the status of the
 * worst (1 out of memory over 2 a bad scenario). */
static int check_files(struct scenario *scn, const struct options *o)
{
	int rc = 0;

	for (int i = -1; i < o->noperands; i++) {
		const char *f = i < 0 ? o->check : o->operands[i];
		if (!f)
			continue;
		int st = load(scn, f);
		if (st != 0) {
			rc = rc == 1 ? 1 : st;
			continue;
		}
		text_put(stdout, strcmp(f, SCNFILE_STDIN) ? f : "<stdin>", 0);
		printf(": ok: %d step%s, %d process%s, %d variable%s, %d expectation%s\n",
		       scn->nsteps, scn->nsteps == 1 ? "" : "s", scn->nprocs,
		       scn->nprocs == 1 ? "" : "es", scn->nvars, scn->nvars == 1 ? "" : "s",
		       scn->nexpects, scn->nexpects == 1 ? "" : "s");
	}
	return rc;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);  /* Ctrl-\ cleans up like the others */
	signal(SIGPIPE, SIG_IGN);
}

/* End by the signal that stopped us, after cleaning up. SIGQUIT's default
 * action writes a core file: a user quitting is no crash to keep. */
static void reraise(void)
{
	if (!got_signal)
		return;
	if (got_signal == SIGQUIT)
		prctl(PR_SET_DUMPABLE, 0);
	signal(got_signal, SIG_DFL);
	raise(got_signal);
}

/* What a view writes for one step, collected and written in one piece. */
struct piece {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *piece_open(struct piece *p)
{
	p->buf = NULL;
	p->len = 0;
	p->f = open_memstream(&p->buf, &p->len);
	return p->f;
}

/* Write the piece to stdout and free it: 0, or the errno of the write. */
static int piece_write(struct piece *p)
{
	int err = fclose(p->f) == 0 ? text_write_all(STDOUT_FILENO, p->buf, p->len) : ENOMEM;

	free(p->buf);
	return err;
}

/* --verify [FILES...]: every built-in demo, or the files given. */
static int run_verify(struct scenario *scn, const struct options *o)
{
	struct verify_total t;
	int rc = 0, n = o->noperands;

	memset(&t, 0, sizeof(t));
	catch_signals();
	session_set_stop(&got_signal);
	for (int i = 0; n ? i < n : demo_table[i].name != NULL; i++) {
		const char *name = n ? o->operands[i] : demo_table[i].name;
		int st;

		if (got_signal)
			break;
		st = load(scn, name);
		if (st != 0) {
			rc = rc == 1 ? 1 : st;
			continue;
		}
		verify_one(scn, name, stdout, &t);
	}
	if (got_signal) {
		reraise();
		return 1;
	}
	n = verify_end(&t, stdout);
	return rc ? rc : n;
}

/* Run scn to its end, or only to step `only` (>= 0). The first step after
 * start-up is in snap when step is called, each later one in turn; stop
 * the run when step returns an errno (of a write). failures and misses
 * are counted up to there. 0, or the exit status after a message. */
static int run_steps(const struct scenario *scn, int only, int *failures, int *misses,
		     int (*step)(void *arg, const struct model_info *info,
				 const struct model_snap *snap),
		     void *arg)
{
	struct model_info info;
	struct model_snap *snap = malloc(sizeof(*snap));
	struct session *s;
	char err[TEXT_MAX];
	int werr;

	if (!snap)
		return out_of_memory();
	s = session_start(scn, &info, snap, err, sizeof(err));
	if (!s) {
		text_msg("%s", err);
		free(snap);
		return 1;
	}
	werr = step(arg, &info, snap);
	while (!werr && !got_signal && (only < 0 || snap->step < only) &&
	       session_step(s, snap) > 0)
		werr = step(arg, &info, snap);
	*failures = session_failures(s);
	*misses = session_misses(s);
	session_end(s);
	free(snap);
	if (got_signal) {       /* asked to stop: that is why the writes ended */
		reraise();
		return 1;
	}
	return werr ? text_write_failed(werr) : 0;
}

/* A stream view over a run: every step, or only one. */
struct stream {
	const struct view *v;
	int nsteps;
	int only;               /* -1: every step */
	bool header;            /* write the header although only one step */
};

/* Each step is written whole before the next runs: a reader that went away
 * or a full disk stops the run at once, and an interrupted transcript ends
 * on a whole step. */
static int stream_step(void *arg, const struct model_info *info, const struct model_snap *snap)
{
	const struct stream *st = arg;
	struct piece out;

	if (st->only >= 0 && snap->step != st->only && !(snap->step == 0 && st->header))
		return 0;
	if (!piece_open(&out))
		return ENOMEM;
	if (snap->step == 0 && (st->only < 0 || st->header))
		st->v->begin(out.f, info, st->nsteps);
	if (st->only < 0 || snap->step == st->only)
		st->v->step(out.f, info, snap);
	return piece_write(&out);
}

static int run_stream(const struct scenario *scn, const struct view *v, int only)
{
	struct stream st = { v, scn->nsteps, only, v == &view_json };
	struct piece out;
	int failures, misses, rc, werr;

	rc = run_steps(scn, only, &failures, &misses, stream_step, &st);
	if (rc)
		return rc;
	if (only < 0) {
		werr = ENOMEM;
		if (piece_open(&out)) {
			v->end(out.f, failures, misses);
			werr = piece_write(&out);
		}
		if (werr)
			return text_write_failed(werr);
	}
	return failures ? 1 : misses ? 3 : 0;
}

/* --svg FILE --step N: the picture of step N. */
struct picture {
	const struct options *o;
	int nsteps;
	int status;             /* after a message */
};

static int picture_step(void *arg, const struct model_info *info, const struct model_snap *snap)
{
	struct picture *pic = arg;
	const struct options *o = pic->o;
	char err[PATH_MAX + 256];
	struct outfile f;
	struct piece svg;
	int rc, werr = 0;

	if (snap->step != o->step)
		return 0;
	if (!piece_open(&svg))
		return ENOMEM;
	pic->status = 1;
	rc = svg_write(svg.f, info, snap, pic->nsteps, o->theme, o->width, o->height,
		       err, sizeof(err));
	if (fclose(svg.f) != 0 || rc < 0) {
		text_msg("%s", rc < 0 ? err : "out of memory");
	} else if (outfile_open(&f, o->svg, err, sizeof(err)) < 0) {
		text_msg("%s", err);
	} else if ((werr = outfile_write(&f, svg.buf, svg.len)) != 0 ||
		   outfile_place(&f, err, sizeof(err)) < 0 || (werr = outfile_close(&f)) != 0) {
		if (werr)
			text_msg("%s: %s", o->svg, strerror(werr));
		else
			text_msg("%s", err);
		outfile_close(&f);
	} else {
		pic->status = 0;
	}
	free(svg.buf);
	return 0;
}

static int run_svg(const struct scenario *scn, const struct options *o)
{
	struct picture pic = { o, scn->nsteps, 1 };
	int failures, misses, rc;

	rc = run_steps(scn, o->step, &failures, &misses, picture_step, &pic);
	if (rc || pic.status)
		return rc ? rc : pic.status;
	return failures ? 1 : misses ? 3 : 0;
}

/* The full-screen view, as record_run calls it. */
struct tui_args {
	struct scenario *scn;
	bool loaded;
	const struct options *o;
};

static int run_tui(void *arg)
{
	const struct tui_args *ta = arg;
	int rc = tui_run(ta->scn, ta->loaded, ta->o->theme, ta->o->predict, &got_signal);

	if (ta->o->record)
		reraise();      /* the recorder's child dies as the TUI would */
	return rc;
}

/* Descriptors 0-2 are taken from the start, so that nothing opened later
 * (a subject's output file, say) can become our stdout by accident. A
 * closed stdout gets /dev/null read-only: every write to it fails, and says
 * so. */
static int reserve_std_fds(void)
{
	static const int modes[3] = { O_RDONLY, O_RDONLY, O_WRONLY };

	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", modes[fd] | O_NOCTTY) != fd)
			return -1;
	}
	return 0;
}

/* The exit status rc, unless what was written to stdout did not get out. */
static int finish_output(int rc)
{
	int werr = text_flush(stdout);

	return werr ? text_write_failed(werr) : rc;
}

/* The full-screen view reads keys from a terminal: a scenario read from
 * standard input leaves the terminal to be found again. */
static void keys_from_terminal(const char *scenario)
{
	int fd;

	if (!scenario || strcmp(scenario, SCNFILE_STDIN) != 0 || isatty(STDIN_FILENO))
		return;
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);         /* dup2 leaves 0 without CLOEXEC */
		close(fd);
	}
}

int main(int argc, char **argv)
{
	struct options o;
	struct scenario *scn;
	const char *arg;
	int rc;

	if (argc > 1 && strcmp(argv[1], AGENT_FLAG) == 0)
		agent_main(argc, argv);
	if (reserve_std_fds() < 0)
		return 1;       /* no /dev/null, and no stderr to say so */
	setlocale(LC_CTYPE, "");
	text_init();
	if (argc > 1 && strcmp(argv[1], "bench") == 0) {
		catch_signals();
		rc = bench_main(argc - 1, argv + 1, &got_signal);
		reraise();
		return finish_output(rc);
	}
	if (options_parse(argc, argv, &o) != 0)
		return 2;
	switch (o.todo) {
	case DO_HELP: options_usage(stdout); return finish_output(0);
	case DO_VERSION: printf("forkscope %s\n", FORKSCOPE_VERSION); return finish_output(0);
	case DO_LIST: return finish_output(list_demos());
	case DO_SHOW: return finish_output(show_demo(o.show));
	default: break;
	}
	scn = malloc(sizeof(*scn));
	if (!scn)
		return out_of_memory();
	if (o.todo == DO_CHECK || o.todo == DO_VERIFY) {
		rc = o.todo == DO_CHECK ? check_files(scn, &o) : run_verify(scn, &o);
		free(scn);
		return finish_output(rc);
	}
	arg = o.noperands ? o.operands[0] : NULL;
	if (o.mode == MODE_AUTO)
		o.mode = isatty(STDOUT_FILENO) ? MODE_TUI : MODE_PLAIN;
	if (!arg && o.mode != MODE_TUI) {
		free(scn);
		return usage_error("a scenario is needed when the output is not a terminal "
				 "(forkscope --list shows the demos)");
	}
	if (arg && (rc = load(scn, arg)) != 0) {
		free(scn);
		return rc;
	}
	if (arg && o.step > scn->nsteps) {
		rc = scn->nsteps;
		free(scn);
		return usage_error("--step %d: the scenario has %d step%s (0 to %d)", o.step, rc,
				 rc == 1 ? "" : "s", rc);
	}
	catch_signals();
	session_set_stop(&got_signal);
	rescue_install();
	if (o.mode == MODE_TUI) {
		struct tui_args ta = { scn, arg != NULL, &o };

		keys_from_terminal(arg);
		rc = o.record ? record_run(o.record, arg ? scn->title : "forkscope", &got_signal,
					   run_tui, &ta) : run_tui(&ta);
	} else if (o.mode == MODE_SVG) {
		rc = run_svg(scn, &o);
	} else {
		rc = run_stream(scn, o.mode == MODE_JSON ? &view_json : &view_plain, o.step);
	}
	free(scn);
	reraise();
	return rc;
}
