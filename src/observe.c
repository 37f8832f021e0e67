/* SPDX-License-Identifier: MIT */
/* observe.c - reading a subject from outside. Values come from a pread of
 * /proc/PID/mem, which reads through the page tables without pinning: since
 * Linux 5.19 a pin (process_vm_readv, O_DIRECT) unshares a possibly shared
 * anonymous page first, and the observer would create the copy it reports.
 * A page that is not present is never read: reading would map it. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "observe.h"
#include "pagemap.h"

static int open_proc(pid_t pid, const char *what, int flags)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int observe_open(pid_t pid, const char *name)
{
	return open_proc(pid, name, O_RDONLY);
}

int observe_stat_open(pid_t pid)
{
	return open_proc(pid, "stat", O_RDONLY);
}

int observe_task_stat_open(pid_t tgid, pid_t tid)
{
	char what[48];

	snprintf(what, sizeof(what), "task/%d/stat", (int)tid);
	return open_proc(tgid, what, O_RDONLY);
}

pid_t observe_tgid(pid_t tid)
{
	char buf[1024], *p;
	ssize_t n;
	int fd = open_proc(tid, "status", O_RDONLY);

	if (fd < 0)
		return fd;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	p = strstr(buf, "\nTgid:");
	return p ? (pid_t)strtol(p + 6, NULL, 10) : -EIO;
}

/* Fields of /proc/PID/stat after the command name: state is field 3,
 * ppid 4, minflt 10, exit_code 52 (Linux 3.5+). */
static int parse_stat(char *buf, struct observe_stat *st)
{
	char *p = strrchr(buf, ')');    /* comm may hold spaces and ')' */
	int field = 3;

	if (!p || p[1] != ' ')
		return -EIO;
	for (p += 2; *p; field++) {
		char *end;
		long v = strtol(p, &end, 10);

		if (field == 3)
			st->state = *p;
		else if (field == 4)
			st->ppid = (pid_t)v;
		else if (field == 10)
			st->minflt = v;
		else if (field == 52)
			st->exit_code = (int)v;
		p = strchr(p, ' ');
		if (!p)
			break;
		p++;
	}
	return field >= 10 ? 0 : -EIO;
}

int observe_stat(int stat_fd, struct observe_stat *st)
{
	char buf[1024];
	ssize_t n;

	memset(st, 0, sizeof(*st));
	st->state = '?';
	if (stat_fd < 0)
		return -EBADF;
	n = pread(stat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return n < 0 ? -errno : -ESRCH;
	buf[n] = '\0';
	return parse_stat(buf, st);
}

int observe_stat_pid(pid_t pid, struct observe_stat *st)
{
	int fd = observe_stat_open(pid), rc;

	if (fd < 0) {
		memset(st, 0, sizeof(*st));
		st->state = '?';
		return fd;
	}
	rc = observe_stat(fd, st);
	close(fd);
	return rc;
}

enum share observe_kcmp(pid_t a, pid_t b, int kind, int *err)
{
	long r = syscall(SYS_kcmp, a, b, kind, 0, 0);

	*err = r < 0 ? errno : 0;
	if (r < 0)
		return SHARE_UNKNOWN;
	return r == 0 ? SHARE_SHARED : SHARE_SEPARATE;
}

int observe_open_fd(pid_t pid, int n)
{
	char what[32];

	snprintf(what, sizeof(what), "fd/%d", n);
	return open_proc(pid, what, O_RDONLY);
}

void observe_tail(int fd, char *buf, size_t len)
{
	struct stat st;
	off_t from;
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0 || len < 2 || fstat(fd, &st) < 0 || st.st_size == 0)
		return;         /* nothing written: nothing to read */
	from = st.st_size > (off_t)(len - 1) ? st.st_size - (off_t)(len - 1) : 0;
	n = pread(fd, buf, len - 1, from);
	buf[n > 0 ? n : 0] = '\0';
	if (from > 0 && n > 0) {
		/* Cut at a character boundary: drop a partial UTF-8 sequence. */
		size_t skip = 0;
		while (skip < 3 && ((unsigned char)buf[skip] & 0xC0) == 0x80)
			skip++;
		memmove(buf, buf + skip, (size_t)n - skip + 1);
	}
}

/* Which demo descriptor slots (fd 200+i) are open in pid. */
static unsigned fd_slots(pid_t pid)
{
	unsigned mask = 0;
	char what[32];
	struct stat st;

	for (int i = 0; i < MAX_FDS; i++) {
		char path[64];

		snprintf(what, sizeof(what), "fd/%d", FD_SLOT_BASE + i);
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
		if (lstat(path, &st) == 0)
			mask |= 1u << i;
	}
	return mask;
}

/* Which demo signals pid catches: SigCgt in /proc/PID/status. */
static unsigned caught_signals(pid_t pid)
{
	char buf[4096], *p;
	unsigned long long cgt;
	unsigned mask = 0;
	ssize_t n;
	int fd = open_proc(pid, "status", O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strstr(buf, "\nSigCgt:");
	if (!p)
		return 0;
	cgt = strtoull(p + 8, NULL, 16);
	for (int i = 0; i < model_signal_count(); i++)
		if (cgt & (1ULL << (model_signal_number(i) - 1)))
			mask |= 1u << i;
	return mask;
}

/* A buffer's page-table entries, with one pagemap pread for all its pages,
 * and which of them a huge page maps (one PAGEMAP_SCAN). */
static void buffer_pages(int pm_fd, pid_t pid, struct wire_report *r, int i)
{
	struct wire_var *v = &r->vars[i];
	struct wire_page *pg = &r->pages[v->first];
	uint64_t e[MODEL_MAX_PAGES];
	int8_t huge[MODEL_MAX_PAGES];
	int n = v->npages;

	if (pm_fd < 0 || pagemap_entries(pm_fd, v->addr, n, e) < 0)
		memset(e, 0, sizeof(e[0]) * (size_t)n);
	memset(huge, -1, sizeof(huge));
	if (v->region == REGION_HUGE && pm_fd >= 0)
		pagemap_huge_range(pm_fd, pid, v->addr, n, e, huge);
	for (int k = 0; k < n; k++) {
		pg[k].entry = e[k];
		pg[k].huge = huge[k];
	}
	v->entry = e[0];
	v->mapcount = -1;
	v->huge = huge[0] == 1 ? 1 : huge[0] == 0 ? 0 : -1;
}

/* Does r hold variable i's pages as a buffer? */
static bool is_buffer(const struct wire_report *r, int i)
{
	const struct wire_var *v = &r->vars[i];

	return v->npages > 1 && v->npages <= MODEL_MAX_PAGES && v->first >= 0 &&
	       v->first + v->npages <= r->npages && r->npages <= MODEL_PROC_PAGES;
}

void observe_pages(int pm_fd, pid_t pid, int kpc_fd, struct wire_report *r)
{
	for (int i = 0; i < r->nvars; i++) {
		struct wire_var *v = &r->vars[i];
		uint64_t e = 0;

		if (is_buffer(r, i)) {
			buffer_pages(pm_fd, pid, r, i);
			continue;
		}
		if (pm_fd >= 0)
			pagemap_entry(pm_fd, v->addr, &e);
		v->entry = e;
		v->mapcount = pagemap_mapcount(kpc_fd, pagemap_pfn(e));
		v->huge = v->region == REGION_HUGE && pm_fd >= 0 ?
			  pagemap_is_huge(pm_fd, -1, pid, v->addr, e) : -1;
	}
}

/* Which of r's variables pid has a mapping for, from /proc/PID/maps (a
 * dontfork variable has none in a forked child). Unknown counts as mapped. */
static void mapped_vars(pid_t pid, struct wire_report *r)
{
	char line[512];
	int fd = open_proc(pid, "maps", O_RDONLY);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	for (int i = 0; i < r->nvars; i++)
		r->vars[i].mapped = !f;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	for (bool start = true; fgets(line, sizeof(line), f);
	     start = strchr(line, '\n') != NULL) {
		unsigned long long lo, hi;

		/* Only a line's start is an address range (a path can be long). */
		if (!start || sscanf(line, "%llx-%llx", &lo, &hi) != 2)
			continue;
		for (int i = 0; i < r->nvars; i++)
			r->vars[i].mapped |= r->vars[i].addr >= lo && r->vars[i].addr < hi;
	}
	fclose(f);
}

void observe_subject(pid_t pid, int pm_fd, int mem_fd, int kpc_fd,
		     struct wire_report *r)
{
	observe_pages(pm_fd, pid, kpc_fd, r);
	mapped_vars(pid, r);
	for (int i = 0; i < r->nvars; i++) {
		struct wire_var *v = &r->vars[i];

		for (int k = 0; is_buffer(r, i) && k < v->npages; k++) {
			struct wire_page *pg = &r->pages[v->first + k];
			off_t at = (off_t)(v->addr + (uint64_t)k * (uint64_t)getpagesize());

			pg->faults = pg->touched = 0;   /* it did not act */
			pg->value = 0;
			pg->readable = (pg->entry & PM_PRESENT) && mem_fd >= 0 &&
				       pread(mem_fd, &pg->value, sizeof(pg->value), at) ==
				       (ssize_t)sizeof(pg->value);
		}

		v->value = 0;
		v->readable = (v->entry & PM_PRESENT) && mem_fd >= 0 &&
			      pread(mem_fd, &v->value, sizeof(v->value), (off_t)v->addr) ==
			      (ssize_t)sizeof(v->value);
	}
	r->fdmask = fd_slots(pid);
	r->sigmask = caught_signals(pid);
}

int observe_proc_is_ours(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return atoi(buf) == (int)getpid();
}
