/* SPDX-License-Identifier: MIT */
/* launch.h - the first subject and the facts of the machine it runs on. */
#ifndef FORKSCOPE_LAUNCH_H
#define FORKSCOPE_LAUNCH_H

#include <sys/types.h>
#include "model.h"
#include "scenario.h"

/* Fork and exec the first subject with its channel's other end in *chan and
 * its stderr on err_fd (or inherited when -1). Its pid, or -1 with a
 * message in err. */
pid_t launch_first(int *chan, int err_fd, char *err, size_t len);
/* The facts of this run: kernel, page size, PFN and map count visibility,
 * the scenario's title and about text. */
void launch_info(struct model_info *info, const struct scenario *scn);
/* A guard: a small process that kills process group pgid if the viewer dies
 * without ending it (even a stopped subject cannot outlive us). Its pipe's
 * fd, or -1. */
int launch_guard(pid_t pgid);
/* The viewer ended the subjects itself: the guard goes quietly. */
void launch_unguard(int guard_fd);
/* Why the first subject never said hello, in words, into err. */
void launch_why_dead(pid_t pid, char *err, size_t len);
/* Print what the subjects wrote to their stderr file fd, if anything, on
 * our stderr; close fd. */
void launch_show_stderr(int fd);

#endif
