/* SPDX-License-Identifier: MIT */
/* procfs.c - the viewer's outside view of a subject through /proc and kcmp. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "procfs.h"

int procfs_stat(pid_t pid, struct procfs_stat *st)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;
	long dummy;

	memset(st, 0, sizeof(*st));
	st->state = '?';
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: the last ')' ends it. */
	p = strrchr(buf, ')');
	if (!p)
		return -EIO;
	/* state ppid pgrp session tty_nr tpgid flags minflt */
	if (sscanf(p + 1, " %c %d %ld %ld %ld %ld %ld %ld", &st->state, &st->ppid,
		   &dummy, &dummy, &dummy, &dummy, &dummy, &st->minflt) != 8)
		return -EIO;
	return 0;
}

enum share procfs_kcmp(pid_t a, pid_t b, int kind)
{
	long r = syscall(SYS_kcmp, a, b, kind, 0, 0);

	if (r < 0)
		return SHARE_UNKNOWN;
	return r == 0 ? SHARE_SHARED : SHARE_SEPARATE;
}

int procfs_open_fd(pid_t pid, int n)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

void procfs_tail(int fd, char *buf, size_t len)
{
	struct stat st;
	off_t from;
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0 || len < 2 || fstat(fd, &st) < 0)
		return;
	from = st.st_size > (off_t)(len - 1) ? st.st_size - (off_t)(len - 1) : 0;
	n = pread(fd, buf, len - 1, from);
	buf[n > 0 ? n : 0] = '\0';
}

int procfs_peek(pid_t pid, uint64_t addr, long long *value)
{
	struct iovec local = { value, sizeof(*value) };
	struct iovec remote = { (void *)(uintptr_t)addr, sizeof(*value) };

	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)sizeof(*value))
		return 0;
	return -errno;
}
