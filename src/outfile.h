/* SPDX-License-Identifier: MIT */
/* outfile.h - creating a file forkscope writes for the user (a recording, a
 * picture): always a new file beside the name asked for, renamed onto that
 * name, so that a symlink or a hard link there never leads the write into
 * someone else's file; under sudo created with the invoking user's rights,
 * so it is theirs and lands only where they may write. */
#ifndef FORKSCOPE_OUTFILE_H
#define FORKSCOPE_OUTFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct outfile {
	int fd;                 /* open for writing; -1 when closed */
	bool placed;            /* renamed onto its name */
	char path[PATH_MAX];    /* the name asked for */
	char tmp[PATH_MAX];     /* the new file's name until it is placed */
};

/* Create a new, empty file beside path, open for writing, with the usual
 * mode (0666 less the umask). 0, or -1 with "PATH: reason" in err. */
int outfile_open(struct outfile *f, const char *path, char *err, size_t errlen);
/* Write all len bytes of buf: 0, or the errno of the write that failed. */
int outfile_write(struct outfile *f, const void *buf, size_t len);
/* Rename the file onto its name, replacing what was there (writing may go
 * on). 0, or -1 with "PATH: reason" in err. */
int outfile_place(struct outfile *f, char *err, size_t errlen);
/* Close the file; one never placed is removed. 0, or the errno of a close
 * that failed. */
int outfile_close(struct outfile *f);

#endif
