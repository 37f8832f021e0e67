/* SPDX-License-Identifier: MIT */
/* outfile.c - a new file (mkostemp: O_CREAT|O_EXCL) in the directory of the
 * name asked for, renamed onto that name. rename(2) replaces a symlink
 * itself, never its target, and O_EXCL never opens an existing file, so
 * nothing of anyone else's is written through. Both happen with the sudo
 * invoker's rights (userfs.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "text.h"
#include "userfs.h"

/* "DIR/.BASE.XXXXXX" for path; 0, or -ENAMETOOLONG. */
static int temp_name(char *dst, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	int n = snprintf(dst, size, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int fail(char *err, size_t errlen, const char *path, int e)
{
	snprintf(err, errlen, "%s: %s", path, strerror(e));
	return -1;
}

int outfile_open(struct outfile *f, const char *path, char *err, size_t errlen)
{
	struct userfs r;
	mode_t mask;
	int rc, e = 0;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (!*path || path[strlen(path) - 1] == '/')
		return fail(err, errlen, path, EISDIR);
	if (strlen(path) >= sizeof(f->path) || temp_name(f->tmp, sizeof(f->tmp), path) < 0)
		return fail(err, errlen, path, ENAMETOOLONG);
	snprintf(f->path, sizeof(f->path), "%s", path);
	rc = userfs_enter(&r);
	if (rc < 0) {
		snprintf(err, errlen, "%s: cannot take the rights of the user who ran sudo "
			 "(uid %u): %s", path, (unsigned)r.uid, strerror(-rc));
		return -1;
	}
	{
		struct stat st;

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			e = EISDIR;     /* refused now, not after the work */
	}
	if (!e && (f->fd = mkostemp(f->tmp, O_CLOEXEC)) < 0)
		e = errno;
	if (userfs_leave(&r) < 0) {
		outfile_close(f);
		snprintf(err, errlen, "cannot restore forkscope's own rights");
		return -1;
	}
	if (e)
		return fail(err, errlen, path, e);
	mask = umask(0);
	umask(mask);
	if (fchmod(f->fd, 0666 & ~mask) < 0) {
		e = errno;
		outfile_close(f);
		return fail(err, errlen, path, e);
	}
	return 0;
}

int outfile_write(struct outfile *f, const void *buf, size_t len)
{
	return f->fd < 0 ? EBADF : text_write_all(f->fd, buf, len);
}

int outfile_place(struct outfile *f, char *err, size_t errlen)
{
	struct userfs r;
	int rc, e = 0;

	if (f->placed)
		return 0;
	rc = userfs_enter(&r);
	if (rc < 0)
		return fail(err, errlen, f->path, -rc);
	if (rename(f->tmp, f->path) < 0)
		e = errno;
	if (userfs_leave(&r) < 0) {
		snprintf(err, errlen, "cannot restore forkscope's own rights");
		return -1;
	}
	if (e)
		return fail(err, errlen, f->path, e);
	f->placed = true;
	return 0;
}

int outfile_close(struct outfile *f)
{
	struct userfs r;
	int e = 0;

	if (f->fd < 0)
		return 0;
	if (close(f->fd) < 0 && errno != EINTR)
		e = errno;
	f->fd = -1;
	if (!f->placed && userfs_enter(&r) == 0) {
		unlink(f->tmp);
		userfs_leave(&r);
	}
	return e;
}
