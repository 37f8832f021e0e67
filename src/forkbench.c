/* SPDX-License-Identifier: MIT */
/* forkbench.c - measuring process creation against the parent's size. The
 * parent's memory is touched so it is resident; each method runs in its own
 * block after a warm-up (interleaving lets the kernel work a big fork leaves
 * behind leak into the next small measurement); medians, p90 and minimum. */
#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkbench.h"
#include "forkview.h"
#include "text.h"

extern char **environ;

enum { M_FORK, M_VFORK, M_CLONE, M_SPAWN, M_FORK_EXEC, M_VFORK_EXEC };

static const char *const method_names[FB_METHODS] = {
	"fork", "vfork", "clone", "posix_spawn", "fork-exec", "vfork-exec",
};

#define BLOCK_NS   300000000LL  /* about this long per (size, method) */
#define MIN_ITERS  15
#define MAX_ITERS  2000
#define WARMUP     3
#define TINY       "/bin/true"  /* the tiny program spawn and exec run */
#define FB_AS_MARGIN (16ULL << 20) /* address space for stacks, libraries, children */

static const char *tiny_argv[] = { "true", NULL };

const char *forkbench_method(int m)
{
	return m >= 0 && m < FB_METHODS ? method_names[m] : "?";
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void forkbench_defaults(struct fb_options *o)
{
	static const uint64_t sizes[] = { 1 << 20, 16 << 20, 256 << 20, 1ULL << 30 };

	memset(o, 0, sizeof(*o));
	memcpy(o->sizes, sizes, sizeof(sizes));
	o->nsizes = 4;
}

int forkbench_parse_sizes(const char *list, struct fb_options *o, char *err, size_t len)
{
	const char *p = list;

	o->nsizes = 0;
	while (*p) {
		char *end;
		unsigned long long v;
		int shift = 0;

		errno = 0;
		v = strtoull(p, &end, 10);
		if (end == p || *p == '-') {
			snprintf(err, len, "bad size '%.*s' in --sizes: expected a number "
				 "with K, M or G, such as 16M", (int)strcspn(p, ","), p);
			return -1;
		}
		if (*end == 'K' || *end == 'k')
			shift = 10, end++;
		else if (*end == 'M' || *end == 'm')
			shift = 20, end++;
		else if (*end == 'G' || *end == 'g')
			shift = 30, end++;
		if ((*end && *end != ',') || v == 0 || errno == ERANGE ||
		    v > (1ULL << (63 - shift))) {
			snprintf(err, len, "bad size '%.*s' in --sizes: expected a number "
				 "above 0 with K, M or G, such as 16M", (int)strcspn(p, ","), p);
			return -1;
		}
		if (o->nsizes == FB_MAX_SIZES) {
			snprintf(err, len, "too many sizes (at most %d)", FB_MAX_SIZES);
			return -1;
		}
		o->sizes[o->nsizes++] = (uint64_t)v << shift;
		p = *end ? end + 1 : end;
	}
	if (!o->nsizes) {
		snprintf(err, len, "--sizes needs at least one size");
		return -1;
	}
	return 0;
}

static uint64_t mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	unsigned long long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb << 10;
}

/* The parent's address space in bytes (/proc/self/statm), 0 if unknown. */
static uint64_t vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "re");
	unsigned long long size = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%llu", &size) != 1)
		size = 0;
	fclose(f);
	return (uint64_t)size * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* Bytes of the mapping at p that the kernel backs with transparent huge
 * pages (AnonHugePages in /proc/self/smaps), or -1 if it cannot be read. */
static long long thp_bytes(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	unsigned long long lo, hi, kb;
	char line[256];
	bool in = false;
	long long got = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (in && sscanf(line, "AnonHugePages: %llu kB", &kb) == 1) {
			got = (long long)kb << 10;
			break;
		}
	}
	fclose(f);
	return got;
}

static uint64_t rss_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "re");
	unsigned long long size = 0, res = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* Returns rather than calling _exit: the C library's clone then ends the
 * process itself, and a sanitizer build does not handle a no-return call
 * on a stack it does not know. */
static int clone_child(void *arg)
{
	(void)arg;
	return 0;
}

/* One creation and reaping; its cost in ns, or -1. */
static long long once(int m, char *stack)
{
	long long t0 = now_ns();
	pid_t pid = -1;

	switch (m) {
	case M_FORK:
		pid = fork();
		if (pid == 0)
			_exit(0);
		break;
	case M_VFORK:
		pid = vfork();
		if (pid == 0)
			_exit(0);
		break;
	case M_CLONE:
		pid = clone(clone_child, stack, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
		break;
	case M_SPAWN:
		if (posix_spawn(&pid, TINY, NULL, NULL, (char **)tiny_argv, environ))
			pid = -1;
		break;
	case M_FORK_EXEC:
		pid = fork();
		if (pid == 0) {
			execve(TINY, (char **)tiny_argv, environ);
			_exit(127);
		}
		break;
	case M_VFORK_EXEC:
		pid = vfork();
		if (pid == 0) {
			execve(TINY, (char **)tiny_argv, environ);
			_exit(127);
		}
		break;
	}
	if (pid < 0)
		return -1;
	/* A signal (Ctrl-C) may interrupt the wait: the child is still ours
	 * to reap, and the caller looks at the stop flag. */
	while (waitpid(pid, NULL, 0) < 0)
		if (errno != EINTR)
			return -1;
	return now_ns() - t0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* One (size, method) block: warm-up, then iterations for about BLOCK_NS. */
static int block(int m, char *stack, struct fb_result *r, volatile sig_atomic_t *stop)
{
	static long long t[MAX_ITERS];
	long long start, first;
	int n = 0, want;

	for (int i = 0; i < WARMUP && !*stop; i++)
		if (once(m, stack) < 0)
			return -1;
	first = once(m, stack);
	if (first < 0)
		return -1;
	want = first > 0 ? (int)(BLOCK_NS / first) : MAX_ITERS;
	want = want < MIN_ITERS ? MIN_ITERS : want > MAX_ITERS ? MAX_ITERS : want;
	t[n++] = first;
	start = now_ns();
	while (n < want && !*stop) {
		long long d = once(m, stack);
		if (d < 0)
			return -1;
		t[n++] = d;
		if (now_ns() - start > 4 * BLOCK_NS && n >= MIN_ITERS)
			break;
	}
	qsort(t, (size_t)n, sizeof(t[0]), cmp_ll);
	r->method = m;
	r->iterations = n;
	int mid = n / 2, p90 = n * 9 / 10 < n ? n * 9 / 10 : n - 1;

	r->min_us = t[0] / 1e3;
	r->median_us = t[mid] / 1e3;
	r->p90_us = t[p90] / 1e3;
	return 0;
}

/* The parent's memory for one size: touched, so it is resident. */
static char *grow(uint64_t size, bool huge)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, size, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	for (uint64_t i = 0; i < size; i += 4096)
		p[i] = 1;
	return p;
}

static int run(const struct fb_options *o, volatile sig_atomic_t *stop,
	       const struct forkview *v, void *vctx)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	struct fb_result r;
	int total = o->nsizes * FB_METHODS, done = 0, werr = text_flush(stdout);

	if (werr)
		return text_write_failed(werr);

	for (int s = 0; s < o->nsizes && !*stop; s++) {
		char *mem = grow(o->sizes[s], o->huge);
		long long thp;
		uint64_t rss;

		if (!mem) {
			text_msg("cannot allocate %llu bytes: %s",
				(unsigned long long)o->sizes[s], strerror(errno));
			return 1;
		}
		rss = rss_bytes();
		thp = thp_bytes(mem);
		for (int m = 0; m < FB_METHODS && !*stop; m++) {
			v->progress(vctx, done++, total, o->sizes[s], forkbench_method(m));
			memset(&r, 0, sizeof(r));
			if (block(m, stack + sizeof(stack), &r, stop) < 0) {
				munmap(mem, o->sizes[s]);
				v->failed(vctx, forkbench_method(m), strerror(errno));
				return 1;
			}
			if (*stop)
				break;  /* an interrupted block is no measurement */
			r.size_bytes = o->sizes[s];
			r.rss_bytes = rss;
			r.thp_bytes = thp;
			v->result(vctx, &r);
			if ((werr = text_flush(stdout)) != 0) {
				munmap(mem, o->sizes[s]);
				return text_write_failed(werr);
			}
		}
		munmap(mem, o->sizes[s]);
	}
	return 0;
}

/* The memory the sizes need must fit, checked before anything is touched:
 * the address space limit (ulimit -v), and what the kernel says is available
 * (keeping a fifth of it free for page tables and children). 0, or 2 with
 * the message printed. */
static int fits(const struct fb_options *o)
{
	uint64_t biggest = 0, avail = mem_available();
	struct rlimit rl;

	for (int s = 0; s < o->nsizes; s++)
		biggest = o->sizes[s] > biggest ? o->sizes[s] : biggest;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    biggest + vm_size() + FB_AS_MARGIN > rl.rlim_cur) {
		text_msg("%llu MiB will not fit: the address space limit (ulimit -v) is "
			 "%llu MiB, and forkscope itself uses %llu MiB of it",
			 (unsigned long long)(biggest >> 20),
			 (unsigned long long)(rl.rlim_cur >> 20),
			 (unsigned long long)(vm_size() >> 20));
		return 2;
	}
	if (avail && biggest > avail / 10 * 8) {
		text_msg("%llu MiB will not fit: %llu MiB of memory is available, and the "
			 "benchmark keeps a fifth of it free",
			 (unsigned long long)(biggest >> 20), (unsigned long long)(avail >> 20));
		return 2;
	}
	return 0;
}

int forkbench_run(const struct fb_options *o, volatile sig_atomic_t *stop)
{
	const struct forkview *v;
	void *ctx;
	int rc = fits(o);

	if (rc)
		return rc;
	if (access(TINY, X_OK) < 0) {
		text_msg("%s is needed as the tiny program to spawn", TINY);
		return 1;
	}
	v = forkview_get(o->mode);
	ctx = v->begin(o);
	if (!ctx)
		return 1;
	rc = run(o, stop, v, ctx);
	v->end(ctx, rc == 0 && !*stop);
	return rc;
}
