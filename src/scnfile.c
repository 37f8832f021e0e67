/* SPDX-License-Identifier: MIT */
/* scnfile.c - opening untrusted scenario input. A path is first opened with
 * O_PATH, which runs no device's open and cannot block on a FIFO; only a
 * regular file is then opened for reading (through /proc/self/fd, so it is
 * the same inode), with O_NONBLOCK|O_NOCTTY. Under sudo, both opens use the
 * invoking user's rights (userfs.c), so root never reads for a student what
 * the lecturer could not. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scnfile.h"
#include "text.h"
#include "userfs.h"

/* Open path for reading if it is a regular file; the descriptor, or -errno
 * (-EISDIR for a directory, -ENODEV for anything else that is not a file). */
static int open_regular(const char *path)
{
	struct stat st, st2;
	char proc[64];
	int pfd, fd, e;

	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		e = S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV;
		close(pfd);
		return e;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)  /* no /proc: by name, checked below */
		fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	e = errno;
	close(pfd);
	if (fd < 0)
		return -e;
	if (fstat(fd, &st2) < 0 || st2.st_dev != st.st_dev || st2.st_ino != st.st_ino) {
		close(fd);
		return -ESTALE;         /* replaced between the two opens */
	}
	return fd;
}

/* Read all of fd, at most SCNFILE_MAX bytes; the length, or -errno (-EFBIG
 * when there is more). */
static ssize_t read_all(int fd, char *buf)
{
	size_t got = 0;

	for (;;) {
		ssize_t n = read(fd, buf + got, SCNFILE_MAX + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {         /* a non-blocking pipe */
			struct pollfd pf = { fd, POLLIN, 0 };
			poll(&pf, 1, -1);
			continue;
		}
		if (n < 0)
			return -errno;
		if (n == 0)
			return (ssize_t)got;
		got += (size_t)n;
		if (got > SCNFILE_MAX)
			return -EFBIG;
	}
}

static const char *why(int e)
{
	switch (e) {
	case -EISDIR: return "is a directory, not a scenario file";
	case -ENODEV: return "not a regular file (only files and - for standard input are read)";
	case -EFBIG: return "too large for a scenario (at most 1 MiB)";
	case -ESTALE: return "was replaced while it was being opened";
	default: return strerror(-e);
	}
}

int scnfile_load(struct scenario *s, const char *path, char *err, size_t errlen)
{
	bool is_stdin = strcmp(path, SCNFILE_STDIN) == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	struct userfs r;
	char *buf;
	ssize_t n;
	int fd, rc;

	if (is_stdin) {
		fd = STDIN_FILENO;
	} else {
		rc = userfs_enter(&r);
		if (rc < 0) {
			snprintf(err, errlen, "%s: cannot take the rights of the user who "
				 "ran sudo (uid %u): %s", name, (unsigned)r.uid, strerror(-rc));
			return -1;
		}
		fd = open_regular(path);
		if (userfs_leave(&r) < 0) {
			/* Nothing may run with half of someone's rights. */
			snprintf(err, errlen, "cannot restore forkscope's own rights");
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", name, why(fd));
			return fd == -ENOENT ? -ENOENT : -1;
		}
	}
	buf = malloc(SCNFILE_MAX + 1);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		if (!is_stdin)
			close(fd);
		return -ENOMEM;
	}
	n = read_all(fd, buf);
	if (!is_stdin)
		close(fd);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", name, why((int)n));
		free(buf);
		return -1;
	}
	scenario_init(s, name);
	rc = scenario_parse(s, buf, (size_t)n, err, errlen);
	free(buf);
	return rc;
}
