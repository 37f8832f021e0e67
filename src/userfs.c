/* SPDX-License-Identifier: MIT */
/* userfs.c - taking the sudo invoker's file-system rights (setfsuid,
 * setfsgid and their groups) around an open or a create, and giving them
 * back. The process's real and effective ids never change, so what runs
 * keeps root's view of the kernel. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "userfs.h"

static bool parse_id(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end || errno || v >= (unsigned long)(unsigned)-1)
		return false;
	*out = (unsigned)v;
	return true;
}

/* Run as root by sudo for someone else: SUDO_UID and SUDO_GID name the
 * invoking user, whose rights are less than ours. */
static bool under_sudo(uid_t *uid, gid_t *gid)
{
	unsigned u, g;

	if (!parse_id(getenv("SUDO_UID"), &u) || !parse_id(getenv("SUDO_GID"), &g))
		return false;
	*uid = u;
	*gid = g;
	return geteuid() == 0 && *uid != 0;
}

int userfs_leave(struct userfs *r)
{
	int rc = 0;

	if (!r->switched)
		return 0;
	setfsuid(r->old_uid);
	setfsgid(r->old_gid);
	if ((uid_t)setfsuid((uid_t)-1) != r->old_uid ||
	    (gid_t)setfsgid((gid_t)-1) != r->old_gid ||
	    setgroups((size_t)r->nold, r->old_groups) < 0)
		rc = -1;
	r->switched = false;
	return rc;
}

int userfs_enter(struct userfs *r)
{
	gid_t groups[USERFS_GROUPS];
	int n = USERFS_GROUPS;
	struct passwd *pw;

	memset(r, 0, sizeof(*r));
	if (!under_sudo(&r->uid, &r->gid))
		return 0;
	r->nold = getgroups(USERFS_GROUPS, r->old_groups);
	if (r->nold < 0)
		return -errno;
	/* The user's own groups: those of the account, or none. */
	pw = getpwuid(r->uid);
	if (!pw || getgrouplist(pw->pw_name, r->gid, groups, &n) < 0)
		n = 0;
	if (setgroups((size_t)n, groups) < 0)
		return -errno;
	r->switched = true;
	r->old_gid = (gid_t)setfsgid(r->gid);
	r->old_uid = (uid_t)setfsuid(r->uid);
	if ((gid_t)setfsgid((gid_t)-1) != r->gid || (uid_t)setfsuid((uid_t)-1) != r->uid) {
		userfs_leave(r);
		return -EPERM;
	}
	return 0;
}
