/* SPDX-License-Identifier: MIT */
/* userfs.h - under sudo, the file-system rights of the user who ran it, so
 * that root opens and creates files for a student with no more rights than
 * the lecturer at the keyboard has. */
#ifndef FORKSCOPE_USERFS_H
#define FORKSCOPE_USERFS_H

#include <stdbool.h>
#include <sys/types.h>

#define USERFS_GROUPS 256

/* Whose rights are in force, and what to put back. */
struct userfs {
	bool switched;
	uid_t uid, old_uid;
	gid_t gid, old_gid;
	int nold;
	gid_t old_groups[USERFS_GROUPS];
};

/* As root under sudo (SUDO_UID, SUDO_GID name someone else): take that
 * user's file-system uid, gid and groups; otherwise change nothing. 0, or
 * -errno when they cannot be taken (then nothing may be opened); r->uid
 * names the user either way. */
int userfs_enter(struct userfs *r);
/* Put forkscope's own rights back: 0, or -1 when they cannot be restored
 * (then nothing may run any more). */
int userfs_leave(struct userfs *r);

#endif
