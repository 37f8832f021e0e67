/* SPDX-License-Identifier: MIT */
/* agentmem.c - a subject's own variables: what it measures of their pages
 * and how it reads and writes them. Async-signal-safe: it runs in every
 * subject, vfork and CLONE_VM children included, so no malloc, no stdio,
 * no locks, no errno (system calls through sys.h). */
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#if defined(__x86_64__) && __has_include(<sys/rseq.h>)
#include <sys/rseq.h>
#endif

#include "agentmem.h"
#include "pagemap.h"
#include "sys.h"

int agentmem_add(struct agentmem *m, const struct wire_cmd *c, uint64_t addr)
{
	int n = c->npages < 1 ? 1 : c->npages;

	if (c->var != m->nvars || c->var >= MAX_VARS || n > MODEL_MAX_PAGES ||
	    (n > 1 && m->report_pages + n > MODEL_PROC_PAGES))
		return -EINVAL;
	m->addr[m->nvars] = addr;
	m->region[m->nvars] = c->region;
	m->advice[m->nvars] = c->flags;
	m->npages[m->nvars] = n;
	m->first[m->nvars] = n > 1 ? m->report_pages : 0;
	m->report_pages += n > 1 ? n : 0;
	m->nvars++;
	return 0;
}

int agentmem_report_pages(const struct agentmem *m)
{
	return m->report_pages;
}

/* Is variable i mapped here? Only MADV_DONTFORK can leave a process without
 * the mapping (a child made by fork), and nothing else in forkscope unmaps
 * a variable before exec: the others are mapped from their declaration on,
 * and need no look. mincore says ENOMEM for an address with no mapping,
 * and never faults a page in. */
static int is_mapped(const struct agentmem *m, int i)
{
	unsigned char vec[1];

	if (m->advice[i] != ADVICE_DONTFORK)
		return 1;
	return sys_call(SYS_mincore, m->addr[i] & ~(uint64_t)(m->page - 1), 1, vec) != -ENOMEM;
}

static volatile long long *page_at(const struct agentmem *m, int v, int i)
{
	return (volatile long long *)(uintptr_t)(m->addr[v] + (uint64_t)i * (uint64_t)m->page);
}

/* A buffer's pages: one pagemap read for all, then a plain load of each
 * page that is present. Its wire_var holds the first page. */
static void measure_pages(const struct agentmem *m, int pm_fd, int v,
			  struct wire_report *r)
{
	struct wire_page *pg = &r->pages[m->first[v]];
	uint64_t e[MODEL_MAX_PAGES];
	int n = m->npages[v];

	if (pm_fd < 0 || pagemap_entries(pm_fd, m->addr[v], n, e) < 0)
		memset(e, 0, sizeof(e[0]) * (size_t)n);
	for (int k = 0; k < n; k++) {
		pg[k].entry = e[k];
		pg[k].huge = -1;
		pg[k].readable = (e[k] & PM_PRESENT) != 0;
		pg[k].value = pg[k].readable ? *page_at(m, v, k) : 0;
	}
	r->vars[v].entry = e[0];
	r->vars[v].value = pg[0].value;
	r->vars[v].readable = pg[0].readable;
	r->vars[v].mapcount = -1;
	r->vars[v].huge = -1;
}

void agentmem_measure(const struct agentmem *m, int pm_fd, struct wire_report *r)
{
	r->nvars = m->nvars;
	r->npages = m->report_pages;
	for (int i = 0; i < m->nvars; i++) {
		struct wire_var *v = &r->vars[i];
		uint64_t e = 0;

		v->addr = m->addr[i];
		v->mapped = is_mapped(m, i);
		v->region = m->region[i];
		v->npages = m->npages[i];
		v->first = m->first[i];
		if (m->npages[i] > 1) {
			measure_pages(m, pm_fd, i, r);
			continue;
		}
		/* The entry first: reading a page that is not present would map it. */
		pagemap_entry(pm_fd, v->addr, &e);
		v->entry = e;
		v->value = 0;
		v->readable = (e & PM_PRESENT) != 0;
		if (v->readable)
			v->value = *(volatile long long *)(uintptr_t)v->addr;
		/* Map count and huge mapping: the viewer reads them from
		 * outside once every subject is still (observe_pages). */
		v->mapcount = -1;
		v->huge = -1;
	}
}

/* One page: read, set or inc it. */
static long long access_one(volatile long long *p, const struct wire_cmd *c)
{
	if (c->op == OP_SET)
		*p = c->value;
	else if (c->op == OP_INC)
		/* Defined at the limit: LLONG_MAX + 1 wraps to LLONG_MIN, as
		 * the machine's add does (see demos/README.md). */
		*p = (long long)((unsigned long long)*p + 1u);
	return *p;
}

int agentmem_access(const struct agentmem *m, const struct wire_cmd *c,
		    struct wire_report *r)
{
	int v = c->var, from = c->page, to;
	struct wire_page *pg;
	struct rusage r0, r1;

	if (v < 0 || v >= m->nvars)
		return -EINVAL;
	if (m->npages[v] == 1) {
		r->returned = access_one(page_at(m, v, 0), c);
		return 0;
	}
	to = c->npages < 1 ? m->npages[v] : from + c->npages;
	if (from < 0 || to > m->npages[v] || from >= to)
		return -EINVAL;
	/* Each page's faults on its own: the thread's count after each page
	 * less the count before it. Both structs are written first, so that
	 * the counting itself cannot fault inside the window. */
	pg = &r->pages[m->first[v]];
	memset(&r1, 0, sizeof(r1));
	sys_getrusage(&r0);
	for (int i = from; i < to; i++) {
		long n;

		r->returned = access_one(page_at(m, v, i), c);
		sys_getrusage(&r1);
		n = r1.ru_minflt - r0.ru_minflt;
		pg[i].faults = (uint8_t)(n > 255 ? 255 : n < 0 ? 0 : n);
		pg[i].touched = 1;
		r0 = r1;
	}
	return 0;
}

/* glibc (2.35 on) registers an rseq area in each thread's control block,
 * and the kernel writes the CPU number into it on the way back to user
 * space after the task was scheduled out: after a fork, the first such
 * write takes a copy-on-write fault on the task's behalf. Writing the area
 * once before it waits makes that page its own, so waking takes no fault.
 * rseq_cs is the field user space writes; outside a critical section it is
 * 0, and 0 is written back. A CLONE_VM child has no rseq of its own (the
 * kernel drops it) and writes its parent's 0, which changes nothing. */
void agentmem_warm_rseq(void)
{
#if defined(__x86_64__) && __has_include(<sys/rseq.h>)
	char *tp;

	if (__rseq_size == 0)
		return;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	{
		volatile uint64_t *cs = (volatile uint64_t *)(void *)
			(tp + __rseq_offset + offsetof(struct rseq, rseq_cs));
		uint64_t v = *cs;

		*cs = v;
	}
#endif
}

/* Not instrumented: the byte it writes back may lie in a sanitizer's
 * redzone between a caller's locals. Ranges that are not one stretch of
 * this stack (a sanitizer's fake frames) are left alone. */
__attribute__((noinline, no_sanitize_address))
void agentmem_own_frames(uintptr_t top, long page)
{
	uintptr_t lo = (uintptr_t)__builtin_frame_address(0);

	if (page <= 0 || top <= lo || top - lo > (uintptr_t)1 << 20)
		return;
	for (uintptr_t p = lo & ~((uintptr_t)page - 1); p < top; p += (uintptr_t)page) {
		volatile char *b = (volatile char *)(p < lo ? lo : p);
		char v = *b;

		*b = v;
	}
}

void __attribute__((noinline)) agentmem_warm_stack(void)
{
	volatile char pad[4 * 4096];

	for (size_t i = 0; i < sizeof(pad); i += 512)
		pad[i] = 0;
}
