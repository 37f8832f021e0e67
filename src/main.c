/* SPDX-License-Identifier: MIT */
/* main.c - the command line: options, choosing a scenario and a view, signals,
 * exit status (0 success, 1 a step failed, 2 usage or scenario error). */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "bench.h"
#include "demos.h"
#include "rescue.h"
#include "scenario.h"
#include "session.h"
#include "text.h"
#include "tui.h"
#include "view.h"
#include "wire.h"

enum mode { MODE_AUTO, MODE_TUI, MODE_PLAIN, MODE_JSON };

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void usage(FILE *out)
{
	fprintf(out,
"usage: forkscope [OPTIONS] [SCENARIO]\n"
"Watch fork(), vfork(), clone(), exec and posix_spawn share memory, measured\n"
"on real processes: values, addresses, page frames (PFN) and faults.\n"
"\n"
"SCENARIO is a built-in demo name (see --list) or a scenario file.\n"
"\n"
"  --plain        readable transcript (the default when stdout is not a terminal)\n"
"  --json         JSON Lines: a header, then one object per step\n"
"  --list         list the built-in demos\n"
"  --check FILE   check a scenario file without running it\n"
"  --show NAME    print a built-in demo's source, to copy and edit\n"
"  --theme NAME   TUI colours: dark (default) or light\n"
"  --predict      TUI quiz: guess what the next step changes before it runs\n"
"  --help         this help\n"
"  --version      version\n"
"\n"
"forkscope bench [--sizes 1M,16M,256M,1G] [--huge] [--plain | --json]\n"
"  measures fork, vfork, clone, posix_spawn, fork-exec and vfork-exec as the\n"
"  parent's memory grows. forkscope bench step | tui: the engine's own costs.\n"
"\n"
"Exit status: 0 success, 1 a step failed at run time, 2 usage or scenario error.\n"
"PFNs need CAP_SYS_ADMIN (sudo); without it the rest is still measured.\n");
}

static int die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int die_usage(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	text_msg("%s", msg);
	fprintf(stderr, "Try 'forkscope --help'.\n");
	return 2;
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

/* A demo name or a file into s; 0, or 2 with the message printed. */
static int load(struct scenario *s, const char *arg)
{
	const struct demo *d = demos_find(arg);
	char err[TEXT_MAX + 256];
	struct stat st;

	if (d) {
		scenario_init(s, d->path);
		if (scenario_parse(s, d->text, strlen(d->text), err, sizeof(err)) == 0)
			return 0;
	} else if (stat(arg, &st) < 0 && !strchr(arg, '/')) {
		text_msg("no demo or file named '%s' (forkscope --list shows the demos)", arg);
		return 2;
	} else if (scenario_load_file(s, arg, err, sizeof(err)) == 0) {
		return 0;
	}
	text_msg("%s", err);
	return 2;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* End by the signal that stopped us, after cleaning up. */
static void reraise(void)
{
	if (!got_signal)
		return;
	signal(got_signal, SIG_DFL);
	raise(got_signal);
}

static int run_stream(const struct scenario *scn, const struct view *v)
{
	struct model_info info;
	struct model_snap *snap = malloc(sizeof(*snap));
	struct session *s;
	char err[TEXT_MAX];
	int failures, misses;

	if (!snap)
		return 2;
	s = session_start(scn, &info, snap, err, sizeof(err));
	if (!s) {
		text_msg("%s", err);
		free(snap);
		return 1;
	}
	v->begin(stdout, &info, scn->nsteps);
	v->step(stdout, &info, snap);
	while (!got_signal && session_step(s, snap) > 0)
		v->step(stdout, &info, snap);
	failures = session_failures(s);
	misses = session_misses(s);
	session_end(s);
	free(snap);
	if (got_signal) {
		/* No flush: stdout may be a pipe nobody reads any more. */
		reraise();
		return 1;
	}
	v->end(stdout, failures, misses);
	return failures ? 1 : misses ? 3 : 0;
}

int main(int argc, char **argv)
{
	enum mode mode = MODE_AUTO;
	const char *arg = NULL, *check = NULL, *theme = "dark";
	struct scenario *scn;
	bool predict = false;
	int rc;

	if (argc > 1 && strcmp(argv[1], AGENT_FLAG) == 0)
		agent_main(argc, argv);
	setlocale(LC_CTYPE, "");
	text_init();
	if (argc > 1 && strcmp(argv[1], "bench") == 0) {
		catch_signals();
		rc = bench_main(argc - 1, argv + 1, &got_signal);
		reraise();
		return rc;
	}
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		if (strcmp(o, "--plain") == 0)
			mode = MODE_PLAIN;
		else if (strcmp(o, "--json") == 0)
			mode = MODE_JSON;
		else if (strcmp(o, "--list") == 0)
			return list_demos();
		else if (strcmp(o, "--show") == 0)
			return i + 1 < argc ? show_demo(argv[i + 1]) :
			       die_usage("option '%s' needs a value", o);
		else if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(o, "--version") == 0) {
			printf("forkscope %s\n", FORKSCOPE_VERSION);
			return 0;
		} else if (strcmp(o, "--check") == 0 || strcmp(o, "--theme") == 0) {
			if (i + 1 >= argc)
				return die_usage("option '%s' needs a value", o);
			if (o[2] == 'c')
				check = argv[++i];
			else
				theme = argv[++i];
		} else if (strcmp(o, "--predict") == 0)
			predict = true;
		else if (o[0] == '-' && o[1])
			return die_usage("unknown option '%s'", o);
		else if (arg)
			return die_usage("one scenario at a time ('%s' is one too many)", o);
		else
			arg = o;
	}
	if (strcmp(theme, "dark") != 0 && strcmp(theme, "light") != 0)
		return die_usage("unknown theme '%s' (expected dark or light)", theme);
	scn = malloc(sizeof(*scn));
	if (!scn)
		return 2;
	if (check) {
		rc = load(scn, check);
		if (rc == 0)
		{
			text_put(stdout, check, 0);
			printf(": ok: %d steps, %d processes, %d variables\n",
			       scn->nsteps, scn->nprocs, scn->nvars);
		}
		free(scn);
		return rc;
	}
	if (mode == MODE_AUTO)
		mode = isatty(STDOUT_FILENO) ? MODE_TUI : MODE_PLAIN;
	if (!arg && mode != MODE_TUI) {
		free(scn);
		return die_usage("%s needs a scenario (forkscope --list shows the demos)",
				 mode == MODE_JSON ? "--json" : "--plain");
	}
	if (arg && (rc = load(scn, arg)) != 0) {
		free(scn);
		return rc;
	}
	catch_signals();
	session_set_stop(&got_signal);
	rescue_install();
	if (mode == MODE_TUI)
		rc = tui_run(scn, arg != NULL, theme, predict, &got_signal);
	else
		rc = run_stream(scn, mode == MODE_JSON ? &view_json : &view_plain);
	free(scn);
	reraise();
	return rc;
}
