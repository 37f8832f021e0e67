/* SPDX-License-Identifier: MIT */
/* benchstep.c - a step's cost against its floor. The floor does the work no
 * step can avoid, nothing more: per process one round trip of a command and
 * a report of the wire's sizes, one pagemap pread per variable (of all its
 * pages) and one pread of a held /proc/PID/stat, on processes that hold the
 * same number of touched pages. Both run pinned to one CPU (where a round
 * trip is two context switches) and unpinned. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "benchstep.h"
#include "demos.h"
#include "observe.h"
#include "scenario.h"
#include "session.h"
#include "snapstore.h"
#include "text.h"
#include "wire.h"

#define STEPS 300               /* timed steps per measurement */
#define MANY_PAGES 512          /* goal 2: a 2 MiB variable */
#define ROUNDS 3                /* step and floor, taking turns; the least
				 * disturbed median of each is kept */

/* One shape of step to measure. */
struct shape {
	int nproc, nvars, npages;       /* npages > 1: one variable of that many */
	double step_us[2], floor_us[2]; /* medians: [0] pinned, [1] unpinned */
	size_t bytes;                   /* packed bytes per stored step, mean */
	const char *why_not;            /* not measured: why */
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n ? v[n / 2] : 0;
}

/* The scenario: nproc processes (the parent forks the others), then
 * writes that go round every process and variable; in a many-page
 * variable, one page at a time (the step measures all of them). */
static int build(struct scenario *scn, const struct shape *sh, char *err, size_t len)
{
	static const char *const region[] = { "global", "heap" };
	char line[96];
	int at = 1;

	scenario_init(scn, "bench");
	for (int v = 0; v < sh->nvars; v++) {
		if (sh->npages > 1)
			snprintf(line, sizeof(line), "var v%d heap 0 %dp", v, sh->npages);
		else
			snprintf(line, sizeof(line), "var v%d %s %d", v, region[v % 2], v);
		if (scenario_add_line(scn, line, at++, err, len) < 0)
			return -1;
	}
	for (int p = 1; p < sh->nproc; p++) {
		snprintf(line, sizeof(line), "parent fork c%d", p);
		if (scenario_add_line(scn, line, at++, err, len) < 0)
			return -1;
	}
	for (int i = 0; i < STEPS + 2 * sh->nproc * sh->nvars; i++) {
		int p = i % sh->nproc, v = (i / sh->nproc) % sh->nvars;
		char who[16], page[16] = "";

		snprintf(who, sizeof(who), p ? "c%d" : "parent", p);
		if (sh->npages > 1)
			snprintf(page, sizeof(page), "[%d]", (i / sh->nproc) % sh->npages);
		snprintf(line, sizeof(line), "%s set v%d%s %d", who, v, page, i);
		if (scenario_add_line(scn, line, at++, err, len) < 0)
			return -1;
	}
	return 0;
}

/* Time the steps after the forks and the first write of every page (which
 * copies): the steady state. Packed bytes per stored step into sh->bytes. */
static int time_steps(const struct scenario *scn, struct shape *sh, double *med)
{
	struct model_snap *snap = malloc(sizeof(*snap));
	double *t = calloc(STEPS, sizeof(double));
	struct model_info info;
	struct session *s;
	char err[TEXT_MAX];
	size_t bytes = 0;
	int n = 0, k = 0, rc = -1;

	if (!snap || !t)
		goto out;
	s = session_start(scn, &info, snap, err, sizeof(err));
	if (!s) {
		text_msg("%s", err);
		goto out;
	}
	for (;;) {
		double t0 = now_us();

		if (session_step(s, snap) <= 0)
			break;
		if (++k > scn->nsteps - STEPS)
			t[n++] = now_us() - t0;
		bytes += snapstore_pack(snap, NULL);
	}
	rc = session_failures(s) ? -1 : 0;
	if (rc)
		text_msg("bench: %d steps failed", session_failures(s));
	session_end(s);
	*med = median(t, n);
	sh->bytes = k ? bytes / (size_t)k : 0;
out:
	free(t);
	free(snap);
	return rc;
}

/* An echo process holding nvars x npages touched pages: answers each
 * command with a message of the size a subject's report of them has (the
 * header, and the pages of many-page variables) until its channel closes. */
struct echo {
	pid_t pid;
	int chan, pm_fd, stat_fd;
};

static int echo_start(struct echo *e, const char *mem, int report_pages)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	e->pid = fork();
	if (e->pid == 0) {
		struct wire_cmd c;
		struct wire_report r;

		close(sv[0]);
		memset(&r, 0, sizeof(r));
		r.npages = report_pages;
		while (read(sv[1], &c, sizeof(c)) > 0) {
			r.seq = c.seq + (uint32_t)mem[0];
			if (write(sv[1], &r, wire_report_size(&r)) < 0)
				break;
		}
		_exit(0);
	}
	close(sv[1]);
	e->chan = sv[0];
	e->pm_fd = e->pid > 0 ? observe_open(e->pid, "pagemap") : -1;
	e->stat_fd = e->pid > 0 ? observe_stat_open(e->pid) : -1;
	return e->pid > 0 && e->pm_fd >= 0 && e->stat_fd >= 0 ? 0 : -1;
}

/* Every channel closed first: a later echo holds copies of the earlier
 * ones' channels until it ends itself. */
static void echo_stop(struct echo *e, int n)
{
	for (int p = 0; p < n; p++) {
		close(e[p].chan);
		if (e[p].pm_fd >= 0)
			close(e[p].pm_fd);
		if (e[p].stat_fd >= 0)
			close(e[p].stat_fd);
	}
	for (int p = 0; p < n; p++)
		if (e[p].pid > 0)
			waitpid(e[p].pid, NULL, 0);
}

/* One floor step: a command to every echo, then every answer; then per
 * process one pagemap pread per variable and one stat pread. */
static int floor_step(struct echo *e, const struct shape *sh, const char *mem,
		      uint64_t *ent, long page)
{
	struct wire_cmd c;
	struct wire_report r;
	struct observe_stat st;

	memset(&c, 0, sizeof(c));
	for (int p = 0; p < sh->nproc; p++)
		if (write(e[p].chan, &c, sizeof(c)) < 0)
			return -1;
	for (int p = 0; p < sh->nproc; p++)
		if (read(e[p].chan, &r, sizeof(r)) < 0)
			return -1;
	for (int p = 0; p < sh->nproc; p++) {
		for (int v = 0; v < sh->nvars; v++) {
			uint64_t at = (uint64_t)(uintptr_t)(mem + (size_t)v * sh->npages * page);
			size_t len = (size_t)sh->npages * sizeof(*ent);

			if (pread(e[p].pm_fd, ent, len, (off_t)(at / page * 8)) != (ssize_t)len)
				return -1;
		}
		if (observe_stat(e[p].stat_fd, &st) < 0)
			return -1;
	}
	return 0;
}

static int time_floor(struct shape *sh, double *med)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t size = (size_t)sh->nvars * sh->npages * page;
	char *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t *ent = calloc((size_t)sh->npages, sizeof(*ent));
	double *t = calloc(STEPS, sizeof(double));
	struct echo e[MAX_PROCS];
	int started = 0, rc = -1;

	if (mem == MAP_FAILED || !ent || !t)
		goto out;
	for (size_t off = 0; off < size; off += (size_t)page)
		mem[off] = 1;
	while (started < sh->nproc &&
	       echo_start(&e[started], mem, sh->npages > 1 ? sh->nvars * sh->npages : 0) == 0)
		started++;
	if (started == sh->nproc) {
		rc = 0;
		for (int i = 0; i < STEPS && rc == 0; i++) {
			double t0 = now_us();

			rc = floor_step(e, sh, mem, ent, page);
			t[i] = now_us() - t0;
		}
	}
	echo_stop(e, started);
	*med = median(t, STEPS);
out:
	if (rc < 0)
		text_msg("bench: floor measurement failed: %s", strerror(errno));
	if (mem != MAP_FAILED)
		munmap(mem, size);
	free(ent);
	free(t);
	return rc;
}

/* Steps and floor of one shape, pinned to this CPU (children inherit it)
 * and then not; in turns, so that a burst of other work on the machine
 * does not fall on one of them alone. */
static int measure(struct shape *sh)
{
	struct scenario *scn = malloc(sizeof(*scn));
	cpu_set_t all, one;
	char err[TEXT_MAX];
	int rc = -1;

	if (!scn || sched_getaffinity(0, sizeof(all), &all) < 0)
		goto out;
	if (build(scn, sh, err, sizeof(err)) < 0) {
		/* The one scenario line that can be refused is a many-page one. */
		if (sh->npages > 1) {
			sh->why_not = "many-page variables not available";
			rc = 0;
		} else {
			text_msg("bench: %s", err);
		}
		goto out;
	}
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	for (int pin = 0; pin < 2; pin++) {
		if (sched_setaffinity(0, sizeof(pin ? all : one), pin ? &all : &one) < 0)
			goto out;
		for (int r = 0; r < ROUNDS; r++) {
			double st, fl;

			if (time_steps(scn, sh, &st) < 0 || time_floor(sh, &fl) < 0)
				goto out;
			if (r == 0 || st < sh->step_us[pin])
				sh->step_us[pin] = st;
			if (r == 0 || fl < sh->floor_us[pin])
				sh->floor_us[pin] = fl;
		}
	}
	rc = 0;
out:
	sched_setaffinity(0, sizeof(all), &all);
	free(scn);
	return rc;
}

static void print_times(const struct shape *sh, const char *what)
{
	for (int pin = 0; pin < 2; pin++)
		printf("%s, %s: step median %.1f us, floor median %.1f us: %.2fx\n", what,
		       pin ? "unpinned" : "pinned to one CPU", sh->step_us[pin],
		       sh->floor_us[pin], sh->step_us[pin] / sh->floor_us[pin]);
}

/* A goal on the pinned ratio (the floor's own two context switches per
 * round trip, like the step's), the unpinned one beside it. */
static void print_ratio_goal(int n, const char *goal, double limit, const struct shape *sh)
{
	double pinned = sh->step_us[0] / sh->floor_us[0];

	if (sh->why_not) {
		printf("goal %d: %s: not measured: %s\n", n, goal, sh->why_not);
		return;
	}
	printf("goal %d: %s: %.2fx pinned (%.2fx unpinned): %s\n", n, goal, pinned,
	       sh->step_us[1] / sh->floor_us[1], pinned <= limit ? "MET" : "NOT MET");
}

int benchstep_run(void)
{
	struct shape wide = { .nproc = 8, .nvars = 8, .npages = 1 };
	struct shape many = { .nproc = 8, .nvars = 1, .npages = MANY_PAGES };
	struct shape small = { .nproc = 2, .nvars = 4, .npages = 1 };

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (measure(&wide) < 0 || measure(&many) < 0 || measure(&small) < 0)
		return 1;
	print_times(&wide, "8 processes x 8 variables");
	if (!many.why_not)
		print_times(&many, "8 processes x one 512-page variable");
	print_times(&small, "2 processes x 4 variables");
	printf("memory per stored step, 2 processes x 4 one-page variables: %zu bytes "
	       "packed (%zu unpacked)\n", small.bytes, sizeof(struct model_snap));
	print_ratio_goal(1, "a step at 8 processes x 8 variables within 2x of its floor",
			 2.0, &wide);
	print_ratio_goal(2, "a step with a 512-page variable in 8 processes within 3x "
			 "of its floor", 3.0, &many);
	printf("goal 3: under 2 KB per stored step for 2 processes x 4 one-page "
	       "variables: %zu bytes: %s\n", small.bytes, small.bytes < 2048 ? "MET" : "NOT MET");
	return 0;
}

/* Every step of one demo: packed, unpacked, compared. Mismatches counted. */
static int store_demo(const struct demo *d, int *snaps, size_t *bytes)
{
	struct scenario *scn = malloc(sizeof(*scn));
	struct model_snap *snap = malloc(sizeof(*snap)), *back = malloc(sizeof(*back));
	size_t cap = 2 * sizeof(struct model_snap);
	unsigned char *buf = malloc(cap);
	struct model_info info;
	struct session *s = NULL;
	char err[TEXT_MAX];
	int bad = 1;

	if (!scn || !snap || !back || !buf || demos_load(scn, d->name, err, sizeof(err)) != 0)
		goto out;
	s = session_start(scn, &info, snap, err, sizeof(err));
	if (!s) {
		text_msg("%s: %s", d->name, err);
		goto out;
	}
	bad = 0;
	do {
		size_t len = snapstore_pack(snap, buf);

		(*snaps)++;
		*bytes += len;
		if (snapstore_unpack(buf, len, back) < 0 || !snapstore_same(snap, back) ||
		    snapstore_pack(back, NULL) != len) {
			printf("%s step %d: the packed snapshot did not come back exactly\n",
			       d->name, snap->step);
			bad++;
		}
	} while (!session_stopping() && session_step(s, snap) > 0);
	session_end(s);
out:
	free(scn);
	free(snap);
	free(back);
	free(buf);
	return bad;
}

int benchstep_store(void)
{
	size_t bytes = 0;
	int snaps = 0, bad = 0;

	for (const struct demo *d = demo_table; d->name; d++)
		bad += store_demo(d, &snaps, &bytes);
	printf("stored snapshots: %d from every demo's every step, %s; %zu bytes "
	       "packed on average (%zu unpacked)\n", snaps,
	       bad ? "SOME DID NOT COME BACK" : "all came back exactly",
	       snaps ? bytes / (size_t)snaps : 0, sizeof(struct model_snap));
	return bad ? 1 : 0;
}
