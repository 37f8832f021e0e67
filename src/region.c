/* SPDX-License-Identifier: MIT */
/* region.c - allocating one page per demo variable in the region it names,
 * so nothing else (GOT, malloc metadata, stdio buffers, call frames) shares
 * the page and triggers a copy behind the demo's back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "region.h"

#define HUGE_SIZE (2UL << 20)

/* Non-zero initialiser: this lands in .data, not .bss. */
static char global_pages[MAX_VARS][4096] __attribute__((aligned(4096))) = { { 1 } };
/* Global buffers: zero-filled .bss (anonymous memory, nothing until
 * touched), handed out in the order they are declared. */
static char global_buffers[MODEL_PROC_PAGES][4096] __attribute__((aligned(4096)));
static int global_used;

int region_parse(const char *name)
{
	for (int i = 0; i < REGION_COUNT; i++)
		if (strcmp(name, model_region_name(i)) == 0)
			return i;
	return -1;
}

/* A private mapping of a file that has no name: a memfd, or where there is
 * none (before Linux 3.17, or forbidden) an O_TMPFILE in $TMPDIR. Never a
 * named file, which a kill at the wrong moment would leave behind. */
static void *place_file(size_t size)
{
	const char *tmp = getenv("TMPDIR");
	void *p;
	int fd;

	fd = memfd_create("forkscope-file", MFD_CLOEXEC);
	if (fd < 0)
		fd = open(tmp && *tmp ? tmp : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, (off_t)size) < 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static void *place_huge(void)
{
	char *p = mmap(NULL, 2 * HUGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t aligned;

	if (p == MAP_FAILED)
		return NULL;
	aligned = ((uintptr_t)p + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	madvise((void *)aligned, HUGE_SIZE, MADV_HUGEPAGE);
	return (void *)aligned;
}

/* Which region can take which advice, and why not. MADV_WIPEONFORK is
 * refused (EINVAL) on anything but private anonymous memory: .data is a
 * private mapping of the program file, and shared and file mappings are
 * what they are. The frame region's page holds live call frames: a child
 * without it, or with it zeroed, could not even run its first command. */
const char *region_refuses(enum region r, enum advice advice)
{
	if (advice == ADVICE_NONE)
		return NULL;
	if (r == REGION_FRAME)
		return "the frame region's page holds live call frames: a child "
		       "without it, or with it zeroed, would crash";
	if (advice != ADVICE_WIPEONFORK)
		return NULL;
	if (r == REGION_GLOBAL)
		return "MADV_WIPEONFORK takes only private anonymous memory, and a "
		       "global lives in the program file's mapping (.data): use heap, "
		       "stack or huge";
	if (r == REGION_SHARED || r == REGION_FILE)
		return "MADV_WIPEONFORK takes only private anonymous memory, not a "
		       "shared or file mapping: use heap, stack or huge";
	return NULL;
}

/* The pages of the variable at p get the advice: its size pages, or the
 * whole 2 MiB of a huge region (a part would split the huge page). */
static int advise(enum region r, void *p, size_t size, enum advice advice)
{
	static const int how[ADVICE_COUNT] = {
		[ADVICE_DONTFORK] = MADV_DONTFORK, [ADVICE_WIPEONFORK] = MADV_WIPEONFORK,
	};
	size_t len = r == REGION_HUGE ? HUGE_SIZE : size;

	if (advice == ADVICE_NONE)
		return 0;
	if ((unsigned)advice >= ADVICE_COUNT || region_refuses(r, advice))
		return -EINVAL;
	return madvise(p, len, how[advice]) < 0 ? -errno : 0;
}

static void *place_global(int idx, int npages)
{
	void *p;

	if (npages == 1)
		return global_pages[idx];
	if (global_used + npages > MODEL_PROC_PAGES)
		return NULL;
	p = global_buffers[global_used];
	global_used += npages;
	return p;
}

/* One guard page below (callee frames) and above (our frame). */
static void *place_stack(const struct region_req *q)
{
	uintptr_t base = ((uintptr_t)q->stack_area + 4095) & ~(uintptr_t)4095;

	return (void *)(base + 4096 + (q->npages == 1 ? (uintptr_t)q->idx * 4096 : 0));
}

static void *place(const struct region_req *q, size_t size)
{
	void *p = NULL;

	switch (q->region) {
	case REGION_GLOBAL:
		return place_global(q->idx, q->npages);
	case REGION_HEAP:
		return posix_memalign(&p, (size_t)sysconf(_SC_PAGESIZE), size) ? NULL : p;
	case REGION_STACK:
		return place_stack(q);
	case REGION_SHARED:
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	case REGION_FILE:
		return place_file(size);
	case REGION_HUGE:
		return size <= HUGE_SIZE ? place_huge() : NULL;
	case REGION_FRAME:
		/* Deliberately not alone: a local of the command loop, on a page
		 * with live call frames, to show why demo variables avoid it. */
		return q->npages == 1 ? (void *)&q->frame_slots[q->idx] : NULL;
	default:
		return NULL;
	}
}

int region_place(const struct region_req *q, uint64_t *addr)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t size = (size_t)page * (size_t)q->npages;
	void *p;

	if (q->idx < 0 || q->idx >= MAX_VARS || q->npages < 1 ||
	    q->npages > MODEL_MAX_PAGES || (q->npages > 1 && q->region == REGION_FRAME))
		return -EINVAL;
	if (page != 4096 && (q->region == REGION_GLOBAL || q->region == REGION_STACK))
		return -ENOTSUP;
	errno = 0;
	p = place(q, size);
	if (!p)
		return errno ? -errno : -ENOMEM;
	for (int i = 0; (q->initial || q->npages == 1) && i < q->npages; i++)
		*(volatile long long *)((char *)p + (size_t)i * (size_t)page) = q->value;
	*addr = (uint64_t)(uintptr_t)p;
	return advise(q->region, p, size, q->advice);
}

bool region_stack_room(const void *top, const void *here, size_t bytes)
{
	struct rlimit rl;
	size_t used = (size_t)((uintptr_t)top - (uintptr_t)here);

	if (getrlimit(RLIMIT_STACK, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return true;
	return used + bytes + (size_t)256 * 1024 <= rl.rlim_cur;
}
