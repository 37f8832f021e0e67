/* SPDX-License-Identifier: MIT */
/* bench.c - `forkscope bench`: its options, and which benchmark runs: the
 * fork-cost one (forkbench.c), a step against its floor and stored steps
 * (benchstep.c), or what the TUI writes per step (here). */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "benchstep.h"
#include "forkbench.h"
#include "text.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void stats(double *v, int n, double *median, double *p90)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	*median = v[n / 2];
	*p90 = v[n * 9 / 10];
}

/* Read what the TUI writes until it has been quiet for quiet_ms; bytes read,
 * and the time of the last byte into *last. */
static long drain(int fd, int quiet_ms, double *last)
{
	char buf[65536];
	struct pollfd pf = { fd, POLLIN, 0 };
	long total = 0;
	ssize_t n;

	while (poll(&pf, 1, quiet_ms) > 0) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		total += n;
		*last = now_us();
	}
	return total;
}

/* The TUI in an 80x24 pseudo-terminal: bytes per step and key to settled. */
static int bench_tui(const char *self)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	double bytes[64], lat[64], last = 0, bmed, bp90, lmed, lp90;
	int fd, n = 0;
	pid_t pid;

	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		text_msg("forkpty: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		execl(self, "forkscope", "fork-cow", (char *)NULL);
		_exit(127);
	}
	printf("TUI at 80x24, fork-cow, first screen: %ld bytes\n", drain(fd, 300, &last));
	for (int i = 0; i < 7 && n < 64; i++) {
		double t0 = now_us();
		if (write(fd, " ", 1) != 1)
			break;
		bytes[n] = (double)drain(fd, 300, &last);
		lat[n++] = (last - t0) / 1000.0;
	}
	if (write(fd, "q", 1) != 1)
		kill(pid, SIGTERM);
	drain(fd, 300, &last);
	waitpid(pid, NULL, 0);
	close(fd);
	if (n == 0)
		return 1;
	stats(bytes, n, &bmed, &bp90);
	stats(lat, n, &lmed, &lp90);
	printf("bytes written per step: median %.0f, p90 %.0f (a full 80x24 screen is "
	       "about 1920 cells)\n", bmed, bp90);
	printf("key to settled screen: median %.2f ms, p90 %.2f ms (%d steps)\n",
	       lmed, lp90, n);
	return 0;
}

static void bench_usage(FILE *out)
{
	fprintf(out,
"usage: forkscope bench [--sizes LIST] [--huge] [--plain | --json]\n"
"       forkscope bench step | store | tui\n"
"Measure what fork, vfork, clone, posix_spawn, fork-exec and vfork-exec cost\n"
"as the parent's resident memory grows.\n"
"\n"
"  --sizes LIST   the parent's sizes, comma-separated, with K, M or G\n"
"                 (default 1M,16M,256M,1G)\n"
"  --huge         ask for transparent huge pages (the output says how much\n"
"                 of the memory the kernel gave as huge pages)\n"
"  --plain        a table (the default when stdout is not a terminal)\n"
"  --json         JSON Lines, one object per size and method\n"
"  -h, --help     this help\n"
"  -V, --version  version\n"
"  step           what one scenario step costs, next to its floor (pinned\n"
"                 to one CPU and not), memory per stored step, and the goals\n"
"  store          every demo's every snapshot packed and unpacked: exact?\n"
"  tui            what the full-screen view writes per step, and how fast\n"
"\n"
"Exit status: 0 success, 1 a measurement failed, 2 usage error or a size that\n"
"will not fit.\n");
}

static int bench_bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bench_bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'forkscope bench --help'.\n");
	return 2;
}

int bench_main(int argc, char **argv, volatile sig_atomic_t *stop)
{
	static const struct option longopts[] = {
		{ "sizes", required_argument, NULL, 's' },
		{ "huge", no_argument, NULL, 'H' },
		{ "plain", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct fb_options o;
	const char *opt = NULL;         /* an option of the fork benchmark */
	bool help = false, version = false;
	char err[256];
	int c;

	forkbench_defaults(&o);
	o.mode = isatty(STDOUT_FILENO) ? 0 : 1;
	opterr = 0;
	optind = 0;             /* a fresh scan of this argv */
	while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		const char *arg = argv[optind - 1];
		int n = (int)strcspn(arg, "=");

		switch (c) {
		case 's':
			if (forkbench_parse_sizes(optarg, &o, err, sizeof(err)) < 0)
				return bench_bad("%s", err);
			opt = "--sizes";
			break;
		case 'H': o.huge = true; opt = "--huge"; break;
		case 'p': o.mode = 1; opt = "--plain"; break;
		case 'j': o.mode = 2; opt = "--json"; break;
		case 'h': help = true; break;
		case 'V': version = true; break;
		case ':': return bench_bad("option '%.*s' needs a value", n, arg);
		default:
			if (optopt && arg[n] == '=')
				return bench_bad("option '%.*s' takes no value", n, arg);
			return bench_bad("unknown bench option '%.*s'", n, arg);
		}
	}
	if (help) {
		bench_usage(stdout);
		return 0;
	}
	if (version) {
		printf("forkscope %s\n", FORKSCOPE_VERSION);
		return 0;
	}
	if (optind < argc) {
		const char *what = argv[optind];
		if (strcmp(what, "step") != 0 && strcmp(what, "tui") != 0 &&
		    strcmp(what, "store") != 0)
			return bench_bad("unknown benchmark '%s' (expected step, store or tui)",
					 what);
		if (optind + 1 < argc)
			return bench_bad("one benchmark at a time ('%s' is one too many)",
					 argv[optind + 1]);
		if (opt)
			return bench_bad("%s does not apply to bench %s", opt, what);
		if (strcmp(what, "store") == 0)
			return benchstep_store();
		return what[0] == 's' ? benchstep_run() : bench_tui("/proc/self/exe");
	}
	return forkbench_run(&o, stop);
}
