/* SPDX-License-Identifier: MIT */
/* pagemap.c - reading and decoding the kernel's page tables as /proc shows
 * them (Documentation/admin-guide/mm/pagemap.rst). Async-signal-safe: no
 * malloc, no stdio, no locks, no errno (sys.h); only open, read, pread and
 * ioctl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pagemap.h"
#include "sys.h"

const struct pagemap_bit pagemap_bits[] = {
	{ PM_PRESENT, "present", "the page is in RAM" },
	{ PM_SWAPPED, "swapped", "the page is in swap" },
	{ PM_FILE_SHARED, "file/shared", "page cache or shared anonymous memory" },
	{ PM_EXCLUSIVE, "exclusive", "mapped exactly once (counts mappings, not processes)" },
	{ PM_SOFT_DIRTY, "soft-dirty", "written since soft-dirty was cleared" },
	{ 0, 0, 0 },
};

/* The PAGEMAP_SCAN ABI (linux/fs.h of 6.7+), spelled out for older headers. */
struct fs_page_region { uint64_t start, end, categories; };
struct fs_pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask;
	uint64_t return_mask;
};
#define FS_PAGEMAP_SCAN _IOWR('f', 16, struct fs_pm_scan_arg)
#define FS_PAGE_IS_HUGE (1u << 6)

static int put_uint(char *buf, unsigned long v)
{
	char tmp[24];
	int n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/* Open /proc/PID/name (pid 0: /proc/self/name) read-only; fd or -errno. */
static int open_proc(pid_t pid, const char *name)
{
	char path[64] = "/proc/";
	size_t n = 6, len = strlen(name);
	int fd;

	if (pid > 0)
		n += (size_t)put_uint(path + n, (unsigned long)pid);
	else {
		memcpy(path + n, "self", 4);
		n += 4;
	}
	path[n++] = '/';
	if (n + len >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path + n, name, len + 1);
	fd = sys_open(path, O_RDONLY | O_CLOEXEC);
	return fd;
}

int pagemap_open(pid_t pid)
{
	return open_proc(pid, "pagemap");
}

static int pread_u64(int fd, uint64_t index, uint64_t *out)
{
	ssize_t n = sys_pread(fd, out, sizeof(*out), (off_t)(index * sizeof(*out)));

	if (n == (ssize_t)sizeof(*out))
		return 0;
	return n < 0 ? (int)n : -EIO;
}

int pagemap_entry(int fd, uint64_t vaddr, uint64_t *entry)
{
	*entry = 0;
	return pread_u64(fd, vaddr / (uint64_t)getpagesize(), entry);
}

int pagemap_entries(int fd, uint64_t vaddr, int n, uint64_t *entries)
{
	size_t size = (size_t)n * sizeof(*entries);
	off_t off = (off_t)(vaddr / (uint64_t)getpagesize() * sizeof(*entries));
	ssize_t got = n > 0 ? sys_pread(fd, entries, size, off) : 0;

	if (got == (ssize_t)size)
		return 0;
	return got < 0 ? (int)got : -EIO;
}

long long pagemap_mapcount(int kpagecount_fd, uint64_t pfn)
{
	uint64_t count;

	if (kpagecount_fd < 0 || pfn == 0)
		return -1;
	if (pread_u64(kpagecount_fd, pfn, &count) < 0)
		return -1;
	return (long long)count;
}

/* Hex or decimal digits at *p into *v; advances *p. */
static uint64_t parse_num(const char **p, int base)
{
	uint64_t v = 0;

	for (;; (*p)++) {
		int c = (unsigned char)**p, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return v;
		v = v * (uint64_t)base + (uint64_t)d;
	}
}

/* One line of smaps: a mapping's header ("start-end perms ...") sets *in
 * to whether vaddr lies in it; its AnonHugePages line gives the answer. */
static int smaps_line(const char *line, uint64_t vaddr, int *in)
{
	const char *p = line;
	uint64_t start, end;

	if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) {
		start = parse_num(&p, 16);
		if (*p++ != '-')
			return -1;
		end = parse_num(&p, 16);
		*in = start <= vaddr && vaddr < end;
		return -1;
	}
	if (!*in || strncmp(line, "AnonHugePages:", 14) != 0)
		return -1;
	for (p = line + 14; *p == ' '; p++)
		;
	return parse_num(&p, 10) > 0;
}

/* Is the mapping holding vaddr backed by a huge page, from smaps? Our huge
 * variables sit alone in a 2 MiB mapping, so its AnonHugePages tells. */
static int smaps_huge(pid_t pid, uint64_t vaddr)
{
	char buf[4096], line[512];
	int fd = open_proc(pid, "smaps"), in = 0, rc = -1;
	size_t ll = 0;
	ssize_t got;

	if (fd < 0)
		return -1;
	while (rc < 0 && (got = sys_read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < got && rc < 0; i++) {
			if (buf[i] != '\n') {
				if (ll < sizeof(line) - 1)
					line[ll++] = buf[i];
				continue;
			}
			line[ll] = '\0';
			ll = 0;
			rc = smaps_line(line, vaddr, &in);
		}
	}
	sys_close(fd);
	return rc;
}

int pagemap_is_huge(int pagemap_fd, int kpageflags_fd, pid_t pid, uint64_t vaddr,
		    uint64_t entry)
{
	struct fs_page_region r[2];
	struct fs_pm_scan_arg a;
	uint64_t page = (uint64_t)getpagesize(), flags;
	long n;
	int rc;

	if (!(entry & PM_PRESENT))
		return 0;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.start = vaddr & ~(page - 1);
	a.end = a.start + page;
	a.vec = (uint64_t)(uintptr_t)r;
	a.vec_len = 2;
	a.return_mask = FS_PAGE_IS_HUGE;
	n = sys_ioctl(pagemap_fd, FS_PAGEMAP_SCAN, &a);
	if (n >= 0)
		return n > 0 && (r[0].categories & FS_PAGE_IS_HUGE) ? 1 : 0;
	rc = smaps_huge(pid, vaddr);
	if (rc >= 0)
		return rc;
	if (kpageflags_fd >= 0 && pagemap_pfn(entry) &&
	    pread_u64(kpageflags_fd, pagemap_pfn(entry), &flags) == 0)
		return (int)((flags >> KPF_THP) & 1);
	return -1;
}

/* Mark huge[] from PAGEMAP_SCAN's huge regions over n pages from start:
 * 0 or -errno (no PAGEMAP_SCAN before 6.7). */
static int scan_huge(int pagemap_fd, uint64_t start, int n, uint64_t page, int8_t *huge)
{
	struct fs_page_region r[8];
	struct fs_pm_scan_arg a;
	uint64_t base = start, end = start + (uint64_t)n * page;
	long got;

	for (int i = 0; i < n; i++)
		huge[i] = 0;
	while (start < end) {
		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.start = start;
		a.end = end;
		a.vec = (uint64_t)(uintptr_t)r;
		a.vec_len = 8;
		a.category_anyof_mask = FS_PAGE_IS_HUGE;
		a.return_mask = FS_PAGE_IS_HUGE;
		got = sys_ioctl(pagemap_fd, FS_PAGEMAP_SCAN, &a);
		if (got < 0)
			return (int)got;
		for (long k = 0; k < got; k++)
			for (uint64_t p = r[k].start; p < r[k].end && p < end; p += page)
				if (p >= base)
					huge[(p - base) / page] = 1;
		if (a.walk_end <= start || got < 8)
			break;
		start = a.walk_end;
	}
	return 0;
}

void pagemap_huge_range(int pagemap_fd, pid_t pid, uint64_t vaddr, int n,
			const uint64_t *entries, int8_t *huge)
{
	uint64_t page = (uint64_t)getpagesize();
	int smaps = -2;

	if (scan_huge(pagemap_fd, vaddr & ~(page - 1), n, page, huge) == 0)
		return;
	/* Without PAGEMAP_SCAN: the mapping's AnonHugePages, asked once. */
	for (int i = 0; i < n; i++) {
		if (!(entries[i] & PM_PRESENT)) {
			huge[i] = 0;
			continue;
		}
		if (smaps == -2)
			smaps = smaps_huge(pid, vaddr);
		huge[i] = (int8_t)smaps;
	}
}
