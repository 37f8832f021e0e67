/* SPDX-License-Identifier: MIT */
/* pagemap.h - /proc/PID/pagemap, /proc/kpagecount and /proc/kpageflags.
 * Named bit masks, one checked pread, tiny pure decoders. Every function here
 * is async-signal-safe: subjects call them inside vfork and CLONE_VM children. */
#ifndef FORKSCOPE_PAGEMAP_H
#define FORKSCOPE_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define PM_PFN_MASK     ((UINT64_C(1) << 55) - 1)   /* bits 0-54 */
#define PM_SOFT_DIRTY   (UINT64_C(1) << 55)
#define PM_EXCLUSIVE    (UINT64_C(1) << 56)         /* page mapped once */
#define PM_UFFD_WP      (UINT64_C(1) << 57)
#define PM_GUARD        (UINT64_C(1) << 58)
#define PM_FILE_SHARED  (UINT64_C(1) << 61)         /* file or shared anon */
#define PM_SWAPPED      (UINT64_C(1) << 62)
#define PM_PRESENT      (UINT64_C(1) << 63)

#define KPF_ANON   12
#define KPF_KSM    21
#define KPF_THP    22
#define KPF_ZERO   24

/* One bit of a pagemap entry, for decoding and for the help text. */
struct pagemap_bit {
	uint64_t mask;
	const char *name;
	const char *meaning;
};
/* The table of entry bits forkscope shows, ended by a zero mask. */
extern const struct pagemap_bit pagemap_bits[];

/* Open /proc/self/pagemap (pid 0) or /proc/PID/pagemap; fd or -errno. */
int pagemap_open(pid_t pid);
/* Read the entry for vaddr into *entry; 0 or -errno. */
int pagemap_entry(int fd, uint64_t vaddr, uint64_t *entry);
/* The entries of the n pages from vaddr, with one pread; 0 or -errno. */
int pagemap_entries(int fd, uint64_t vaddr, int n, uint64_t *entries);
/* Which of the n pages from vaddr of pid are mapped by a huge page: huge[i]
 * 1 or 0, from one PAGEMAP_SCAN (6.7+, unprivileged); else each present
 * page as the mapping's AnonHugePages in smaps says (-1: cannot tell).
 * entries are the pages' pagemap entries. */
void pagemap_huge_range(int pagemap_fd, pid_t pid, uint64_t vaddr, int n,
			const uint64_t *entries, int8_t *huge);
/* Map count of pfn from an open /proc/kpagecount, or -1. */
long long pagemap_mapcount(int kpagecount_fd, uint64_t pfn);
/* 1 if vaddr of pid (0: ourselves) is mapped by a huge page, 0 if not, -1
 * if the kernel will not say. pagemap_fd is that process's pagemap. Tries
 * PAGEMAP_SCAN (6.7+, unprivileged), then smaps, then /proc/kpageflags. */
int pagemap_is_huge(int pagemap_fd, int kpageflags_fd, pid_t pid, uint64_t vaddr,
		    uint64_t entry);

static inline uint64_t pagemap_pfn(uint64_t e)
{
	return (e & PM_PRESENT) && !(e & PM_SWAPPED) ? e & PM_PFN_MASK : 0;
}

#endif
