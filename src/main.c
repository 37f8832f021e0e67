/* SPDX-License-Identifier: MIT */
/* main.c - the command line: options (getopt_long), choosing a scenario and a
 * view, signals, exit status (0 success, 1 a step failed or the output could
 * not be written, 2 usage or scenario error, 3 an expectation did not hold). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "agent.h"
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

enum mode { MODE_AUTO, MODE_TUI, MODE_PLAIN, MODE_JSON, MODE_SVG };

/* The views an option is for, as a set of modes. */
#define FOR(m) (1u << (m))
#define ONLY_MAX 8

/* What the command line asks for: one of these, then its operands. */
enum todo { DO_RUN, DO_LIST, DO_CHECK, DO_SHOW, DO_VERIFY, DO_HELP, DO_VERSION };

struct options {
	enum todo todo;
	const char *todo_opt;   /* the option that chose it, for messages */
	enum mode mode;
	const char *mode_opt;
	const char *theme;
	bool predict;
	const char *record;     /* --record FILE */
	const char *svg;        /* --svg FILE */
	int step;               /* --step N; -1: every step */
	int width, height;      /* --size */
	/* The options given that are for some views only, in order. */
	struct only_opt { const char *name; unsigned views; } only[ONLY_MAX];
	int nonly;
	const char *show;
	const char *check;      /* --check=FILE */
	char **operands;
	int noperands;
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void usage(FILE *out)
{
	fprintf(out,
"usage: forkscope [OPTIONS] [SCENARIO]\n"
"       forkscope --check FILE...  |  --verify [FILE...]  |  --show NAME  |  --list\n"
"       forkscope bench [OPTIONS]  (forkscope bench --help)\n"
"Watch fork(), vfork(), clone(), exec and posix_spawn share memory, measured\n"
"on real processes: values, addresses, page frames (PFN) and faults.\n"
"\n"
"SCENARIO is a built-in demo name (see --list), a scenario file, or - for\n"
"standard input.\n"
"\n"
"  --plain        readable transcript (the default when stdout is not a terminal)\n"
"  --json         JSON Lines: a header, then one object per step\n"
"  --list         list the built-in demos\n"
"  --check FILE... check scenario files without running them\n"
"  --show NAME    print a built-in demo's source, to copy and edit\n"
"  --verify [FILE...]  run every built-in demo (or the files) with no view and\n"
"                 check its expect lines on this machine, one line each\n"
"  --theme NAME   full-screen colours: auto (default: asks the terminal), dark\n"
"                 or light\n"
"  --predict      full-screen quiz: guess what the next step changes first\n"
"  --record FILE  record the full-screen session as an asciicast v2 file, to\n"
"                 replay in a web page (asciinema-player); a marker per step\n"
"  --step N       only step N (0: before the first action), with --plain,\n"
"                 --json (after the header) or --svg\n"
"  --svg FILE     draw the full-screen view of --step N as an SVG picture,\n"
"                 in --theme dark (default) or light\n"
"  --size COLSxROWS  the picture's size in character cells (default 80x24)\n"
"  -h, --help     this help\n"
"  -V, --version  version\n"
"\n"
"Exit status: 0 success, 1 a step failed at run time or the output could not\n"
"be written, 2 usage or scenario error, 3 an expectation did not hold.\n"
"PFNs need CAP_SYS_ADMIN; without it the rest is still measured.\n");
}

static int die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'forkscope --help'.\n");
	return 2;
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
		return die_usage("no demo named '%s' (forkscope --list shows the demos)", name);
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

/* --- the command line --- */

static int set_todo(struct options *o, enum todo t, const char *opt)
{
	if (o->todo != DO_RUN && o->todo != t)
		return die_usage("%s and %s cannot be used together", o->todo_opt, opt);
	o->todo = t;
	o->todo_opt = opt;
	return 0;
}

static int set_mode(struct options *o, enum mode m, const char *opt)
{
	if (o->mode != MODE_AUTO && o->mode != m)
		return die_usage("%s and %s cannot be used together", o->mode_opt, opt);
	o->mode = m;
	o->mode_opt = opt;
	return 0;
}

/* Remember an option that is for some views only (once, however often it
 * is given), for validate. */
static void only_for(struct options *o, const char *name, unsigned views)
{
	for (int i = 0; i < o->nonly; i++)
		if (o->only[i].name == name)
			return;
	if (o->nonly < ONLY_MAX)
		o->only[o->nonly++] = (struct only_opt){ name, views };
}

/* A whole number from lo to hi, digits only: 0, or -1. */
static int number(const char *s, int lo, int hi, int *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (*s - '0')) > hi)
			return -1;
	}
	if (v < lo)
		return -1;
	*out = (int)v;
	return 0;
}

/* --size COLSxROWS */
static int parse_size(struct options *o, const char *arg)
{
	char cols[16];
	size_t n = strcspn(arg, "x");

	if (n >= sizeof(cols) || arg[n] != 'x')
		n = sizeof(cols);
	else
		snprintf(cols, sizeof(cols), "%.*s", (int)n, arg);
	if (n == sizeof(cols) || number(cols, SVG_MIN_W, SVG_MAX_W, &o->width) < 0 ||
	    number(arg + n + 1, SVG_MIN_H, SVG_MAX_H, &o->height) < 0)
		return die_usage("--size takes COLSxROWS, from %dx%d to %dx%d ('%s')",
				 SVG_MIN_W, SVG_MIN_H, SVG_MAX_W, SVG_MAX_H, arg);
	return 0;
}

static const struct option longopts[] = {
	{ "plain", no_argument, NULL, 'p' },
	{ "json", no_argument, NULL, 'j' },
	{ "list", no_argument, NULL, 'l' },
	{ "check", optional_argument, NULL, 'c' },
	{ "show", required_argument, NULL, 's' },
	{ "theme", required_argument, NULL, 't' },
	{ "predict", no_argument, NULL, 'P' },
	{ "record", required_argument, NULL, 'r' },
	{ "step", required_argument, NULL, 'n' },
	{ "svg", required_argument, NULL, 'g' },
	{ "size", required_argument, NULL, 'z' },
	{ "verify", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* How many long options start with the n bytes at name. */
static int matches(const char *name, int n)
{
	int k = 0;

	for (const struct option *lo = longopts; lo->name; lo++)
		k += strncmp(lo->name, name, (size_t)n) == 0;
	return k;
}

/* The option at argv[optind - 1] that getopt refused, by its name. */
static int refused(char **argv, int code)
{
	const char *arg = argv[optind - 1];
	int n = (int)strcspn(arg, "=");

	if (code == ':')
		return die_usage("option '%.*s' needs a value", n, arg);
	if (optopt && arg[0] == '-' && arg[1] == '-' && arg[n] == '=')
		return die_usage("option '%.*s' takes no value", n, arg);
	if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		return die_usage("unknown option '-%c'", optopt);
	if (arg[0] == '-' && arg[1] == '-' && matches(arg + 2, n - 2) > 1)
		return die_usage("ambiguous option '%.*s'", n, arg);
	return die_usage("unknown option '%.*s'", n, arg);
}

/* The options for some views only: what each sets, and the views. */
static int view_option(struct options *o, int c)
{
	switch (c) {
	case 't':
		o->theme = optarg;
		only_for(o, "--theme", FOR(MODE_TUI) | FOR(MODE_SVG));
		return 0;
	case 'P':
		o->predict = true;
		only_for(o, "--predict", FOR(MODE_TUI));
		return 0;
	case 'r':
		o->record = optarg;
		only_for(o, "--record", FOR(MODE_TUI));
		return 0;
	case 'n':
		only_for(o, "--step", FOR(MODE_PLAIN) | FOR(MODE_JSON) | FOR(MODE_SVG));
		if (number(optarg, 0, SCN_MAX_STEPS, &o->step) < 0)
			return die_usage("--step takes a step number, 0 or more ('%s')", optarg);
		return 0;
	case 'z':
		only_for(o, "--size", FOR(MODE_SVG));
		return parse_size(o, optarg);
	default:
		return -1;
	}
}

static int parse(int argc, char **argv, struct options *o)
{
	int c, rc = 0;

	memset(o, 0, sizeof(*o));
	o->theme = "auto";
	o->step = -1;
	o->width = SVG_DEFAULT_W;
	o->height = SVG_DEFAULT_H;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': rc = set_mode(o, MODE_PLAIN, "--plain"); break;
		case 'j': rc = set_mode(o, MODE_JSON, "--json"); break;
		case 'g':
			rc = set_mode(o, MODE_SVG, "--svg");
			o->svg = optarg;
			break;
		case 'l': rc = set_todo(o, DO_LIST, "--list"); break;
		case 'c':
			rc = set_todo(o, DO_CHECK, "--check");
			o->check = optarg;
			break;
		case 's':
			rc = set_todo(o, DO_SHOW, "--show");
			o->show = optarg;
			break;
		case 'v': rc = set_todo(o, DO_VERIFY, "--verify"); break;
		case 'h': rc = set_todo(o, DO_HELP, "--help"); break;
		case 'V': rc = set_todo(o, DO_VERSION, "--version"); break;
		case 't': case 'P': case 'r': case 'n': case 'z':
			rc = view_option(o, c);
			break;
		default: return refused(argv, c);
		}
	}
	o->operands = argv + optind;
	o->noperands = argc - optind;
	return rc;
}

/* The views of a set, in words, for messages. */
static const char *views_words(unsigned views)
{
	static const struct { unsigned views; const char *words; } names[] = {
		{ FOR(MODE_TUI), "the full-screen view" },
		{ FOR(MODE_TUI) | FOR(MODE_SVG), "the full-screen view and --svg" },
		{ FOR(MODE_PLAIN) | FOR(MODE_JSON) | FOR(MODE_SVG), "--plain, --json and --svg" },
		{ FOR(MODE_SVG), "--svg" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].views == views)
			return names[i].words;
	return "another view";
}

/* The view the options leave, into o->mode (MODE_AUTO: the terminal
 * decides); 0, or a usage error when they leave none. */
static int choose_view(struct options *o)
{
	unsigned views = o->mode != MODE_AUTO ? FOR(o->mode) : FOR(MODE_TUI) | FOR(MODE_PLAIN);
	const char *by = o->mode_opt;   /* what narrowed the choice first */

	for (int i = 0; i < o->nonly; i++) {
		if (!(views & o->only[i].views)) {
			if (!by)
				return die_usage("%s is for %s", o->only[i].name,
						 views_words(o->only[i].views));
			return die_usage("%s is for %s, not %s", o->only[i].name,
					 views_words(o->only[i].views), by);
		}
		if (!by && (views & o->only[i].views) != views)
			by = o->only[i].name;
		views &= o->only[i].views;
	}
	/* A recording is of the full-screen view even off a terminal (where
	 * it is refused); --step alone is the plain step. Otherwise the
	 * terminal decides, later. */
	if (o->mode == MODE_AUTO && o->record)
		o->mode = MODE_TUI;
	else if (o->mode == MODE_AUTO && views == FOR(MODE_PLAIN))
		o->mode = MODE_PLAIN;
	return 0;
}

/* What does not apply to the chosen action is a usage error. */
static int validate(struct options *o)
{
	const char *view_opt = o->mode_opt ? o->mode_opt : o->nonly ? o->only[0].name : NULL;

	if (!screen_theme_known(o->theme))
		return die_usage("unknown theme '%s' (expected auto, dark or light)", o->theme);
	if (o->todo == DO_HELP || o->todo == DO_VERSION)
		return 0;
	if (o->todo != DO_RUN && view_opt)
		return die_usage("%s does not apply to %s", view_opt, o->todo_opt);
	if ((o->todo == DO_LIST || o->todo == DO_SHOW) && o->noperands)
		return die_usage("%s takes no scenario ('%s')", o->todo_opt, o->operands[0]);
	if (o->todo == DO_CHECK && !o->check && !o->noperands)
		return die_usage("option '--check' needs a value");
	if (o->todo != DO_RUN)
		return 0;
	if (choose_view(o) != 0)
		return 2;
	if (o->mode == MODE_SVG && o->step < 0)
		return die_usage("--svg needs --step N, the step to draw");
	if (o->noperands > 1)
		return die_usage("one scenario at a time ('%s' is one too many)",
				 o->operands[1]);
	if (o->mode != MODE_AUTO && o->mode != MODE_TUI && !o->noperands)
		return die_usage("%s needs a scenario (forkscope --list shows the demos)",
				 view_opt);
	return 0;
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
	if (parse(argc, argv, &o) != 0 || validate(&o) != 0)
		return 2;
	switch (o.todo) {
	case DO_HELP: usage(stdout); return finish_output(0);
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
		return die_usage("a scenario is needed when the output is not a terminal "
				 "(forkscope --list shows the demos)");
	}
	if (arg && (rc = load(scn, arg)) != 0) {
		free(scn);
		return rc;
	}
	if (arg && o.step > scn->nsteps) {
		rc = scn->nsteps;
		free(scn);
		return die_usage("--step %d: the scenario has %d step%s (0 to %d)", o.step, rc,
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
