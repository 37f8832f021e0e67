/* SPDX-License-Identifier: MIT */
/* fdutil.c - descriptor chores of the agent, async-signal-safe: they run in
 * vfork and CLONE_VM children, so no allocation, no stdio and no errno
 * (system calls through sys.h). */
#include <errno.h>
#include <string.h>

#include "fdutil.h"
#include "sys.h"

/* fd as decimal digits, written backwards from buf + 15 (buf: 16 bytes). */
char *fdutil_number(char *buf, int fd)
{
	char *p = buf + 15;

	*p = '\0';
	do {
		*--p = (char)('0' + fd % 10);
		fd /= 10;
	} while (fd);
	return p;
}

/* "/proc/self/fd/N" (pid 0) or "/proc/PID/fd/N" in buf (48 bytes). */
const char *fdutil_proc_path(char *buf, pid_t pid, int fd)
{
	char num[16];
	size_t n = 6;
	const char *part;

	memcpy(buf, "/proc/", 6);
	part = pid ? fdutil_number(num, (int)pid) : "self";
	memcpy(buf + n, part, strlen(part));
	n += strlen(part);
	memcpy(buf + n, "/fd/", 4);
	n += 4;
	part = fdutil_number(num, fd);
	memcpy(buf + n, part, strlen(part) + 1);
	return buf;
}

/* Close every descriptor but the n in keep (any order, at most 16). */
void fdutil_close_all_but(const int *keep, int n)
{
	int k[16] = { 0 };
	unsigned from = 0;

	n = n < 16 ? n : 16;
	for (int i = 0; i < n; i++) {   /* insertion sort into k */
		int j = i;
		for (; j > 0 && k[j - 1] > keep[i]; j--)
			k[j] = k[j - 1];
		k[j] = keep[i];
	}
	for (int i = 0; i <= n; i++) {
		unsigned to = i < n ? (unsigned)k[i] : ~0U;

		if (i < n && (k[i] < 0 || to < from))
			continue;       /* not open, or kept twice */
		if (to > from && sys_close_range(from, i < n ? to - 1 : to) == -ENOSYS)
			for (unsigned fd = from; fd < to && fd < 4096; fd++)
				sys_close((int)fd);     /* before Linux 5.9 */
		from = to + 1;
	}
}
