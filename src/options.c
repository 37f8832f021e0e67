/* SPDX-License-Identifier: MIT */
/* options.c - the command line, read with getopt_long: what to do, which
 * view, and the options that only some views take. Anything that does not
 * apply to the choice is a usage error (exit status 2), said once. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "scenario.h"
#include "screen.h"
#include "svg.h"
#include "text.h"

/* The views an option is for, as a set of modes. */
#define FOR(m) (1u << (m))

void options_usage(FILE *out)
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

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'forkscope --help'.\n");
	return 2;
}

static int set_todo(struct options *o, enum todo t, const char *opt)
{
	if (o->todo != DO_RUN && o->todo != t)
		return usage_error("%s and %s cannot be used together", o->todo_opt, opt);
	o->todo = t;
	o->todo_opt = opt;
	return 0;
}

static int set_mode(struct options *o, enum mode m, const char *opt)
{
	if (o->mode != MODE_AUTO && o->mode != m)
		return usage_error("%s and %s cannot be used together", o->mode_opt, opt);
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
		return usage_error("--size takes COLSxROWS, from %dx%d to %dx%d ('%s')",
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
		return usage_error("option '%.*s' needs a value", n, arg);
	if (optopt && arg[0] == '-' && arg[1] == '-' && arg[n] == '=')
		return usage_error("option '%.*s' takes no value", n, arg);
	if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		return usage_error("unknown option '-%c'", optopt);
	if (arg[0] == '-' && arg[1] == '-' && matches(arg + 2, n - 2) > 1)
		return usage_error("ambiguous option '%.*s'", n, arg);
	return usage_error("unknown option '%.*s'", n, arg);
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
			return usage_error("--step takes a step number, 0 or more ('%s')", optarg);
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
				return usage_error("%s is for %s", o->only[i].name,
						 views_words(o->only[i].views));
			return usage_error("%s is for %s, not %s", o->only[i].name,
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
		return usage_error("unknown theme '%s' (expected auto, dark or light)", o->theme);
	if (o->todo == DO_HELP || o->todo == DO_VERSION)
		return 0;
	if (o->todo != DO_RUN && view_opt)
		return usage_error("%s does not apply to %s", view_opt, o->todo_opt);
	if ((o->todo == DO_LIST || o->todo == DO_SHOW) && o->noperands)
		return usage_error("%s takes no scenario ('%s')", o->todo_opt, o->operands[0]);
	if (o->todo == DO_CHECK && !o->check && !o->noperands)
		return usage_error("option '--check' needs a value");
	if (o->todo != DO_RUN)
		return 0;
	if (choose_view(o) != 0)
		return 2;
	if (o->mode == MODE_SVG && o->step < 0)
		return usage_error("--svg needs --step N, the step to draw");
	if (o->noperands > 1)
		return usage_error("one scenario at a time ('%s' is one too many)",
				 o->operands[1]);
	if (o->mode != MODE_AUTO && o->mode != MODE_TUI && !o->noperands)
		return usage_error("%s needs a scenario (forkscope --list shows the demos)",
				 view_opt);
	return 0;
}

int options_parse(int argc, char **argv, struct options *o)
{
	return parse(argc, argv, o) != 0 || validate(o) != 0 ? 2 : 0;
}
