/* SPDX-License-Identifier: MIT */
/* region.c - allocating one page per demo variable in the region it names,
 * so nothing else (GOT, malloc metadata, stdio buffers, call frames) shares
 * the page and triggers a copy behind the demo's back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "region.h"

#define HUGE_SIZE (2UL << 20)

/* Non-zero initialiser: this lands in .data, not .bss. */
static char global_pages[MAX_VARS][4096] __attribute__((aligned(4096))) = { { 1 } };

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
static void *place_file(long page)
{
	const char *tmp = getenv("TMPDIR");
	void *p;
	int fd;

	fd = memfd_create("forkscope-file", MFD_CLOEXEC);
	if (fd < 0)
		fd = open(tmp && *tmp ? tmp : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, page) < 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
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

/* The pages of the variable at p get the advice: its one page, or the
 * whole 2 MiB of a huge region (a part would split the huge page). */
static int advise(enum region r, void *p, long page, enum advice advice)
{
	static const int how[ADVICE_COUNT] = {
		[ADVICE_DONTFORK] = MADV_DONTFORK, [ADVICE_WIPEONFORK] = MADV_WIPEONFORK,
	};
	size_t len = r == REGION_HUGE ? HUGE_SIZE : (size_t)page;

	if (advice == ADVICE_NONE)
		return 0;
	if ((unsigned)advice >= ADVICE_COUNT || region_refuses(r, advice))
		return -EINVAL;
	return madvise(p, len, how[advice]) < 0 ? -errno : 0;
}

int region_place(enum region r, int idx, char *stack_area,
		 volatile long long *frame_slots, long long value,
		 enum advice advice, uint64_t *addr)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = NULL;

	if (idx < 0 || idx >= MAX_VARS)
		return -EINVAL;
	switch (r) {
	case REGION_GLOBAL:
		if (page != 4096)
			return -ENOTSUP;
		p = global_pages[idx];
		break;
	case REGION_HEAP:
		if (posix_memalign(&p, (size_t)page, (size_t)page))
			p = NULL;
		break;
	case REGION_STACK: {
		/* One guard page below (callee frames) and above (our frame). */
		uintptr_t base = ((uintptr_t)stack_area + 4095) & ~(uintptr_t)4095;
		if (page != 4096)
			return -ENOTSUP;
		p = (void *)(base + 4096 + (uintptr_t)idx * 4096);
		break;
	}
	case REGION_SHARED:
		p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			p = NULL;
		break;
	case REGION_FILE:
		p = place_file(page);
		if (!p)
			return errno ? -errno : -ENOMEM;
		break;
	case REGION_HUGE:
		p = place_huge();
		break;
	case REGION_FRAME:
		/* Deliberately not alone: a local of the command loop, on a page
		 * with live call frames, to show why demo variables avoid it. */
		p = (void *)&frame_slots[idx];
		break;
	default:
		return -EINVAL;
	}
	if (!p)
		return -ENOMEM;
	*(volatile long long *)p = value;
	*addr = (uint64_t)(uintptr_t)p;
	return advise(r, p, page, advice);
}
