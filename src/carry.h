/* SPDX-License-Identifier: MIT */
/* carry.h - what a step cannot have changed, decided in one place: what
 * processes share (kcmp) and their descriptor and handler masks are carried
 * over from the previous snapshot unless the step could have changed them. */
#ifndef FORKSCOPE_CARRY_H
#define FORKSCOPE_CARRY_H

#include <stdbool.h>
#include "model.h"
#include "scenario.h"

/* Can the relations of prev (kcmp: address space, descriptor table,
 * handlers) still be snap's after step st? Only if st neither created,
 * exec'd nor ended a process nor changed descriptors or handlers, and snap
 * holds the same tasks, images and live ones as prev (nobody died, was
 * created or exec'd in or between steps). st NULL (start): false. */
bool carry_relations(const struct model_snap *prev, const struct model_snap *snap,
		     const struct scn_step *st);
/* Can task tid's descriptor slots and signal handlers not have changed in
 * step st (the actor's task is actor_tid), so that its report need not
 * probe them? True when st cannot change any (read, set, inc, print), or
 * when it does so in a process that shares neither its descriptor table
 * nor its handlers with tid, as prev's relations say. idle: tid sat in its
 * wait since its last probed report (else it may have run a command late). */
bool carry_masks(const struct model_snap *prev, const struct scn_step *st,
		 pid_t actor_tid, pid_t tid, bool idle);

/* Can prev's output of a task stand for this step's? Only when st cannot
 * write to any output (read, set, inc) and the task sat idle in its wait
 * since its last report (else it may have run a print late). */
bool carry_output(const struct model_snap *prev, const struct scn_step *st, bool idle);
/* Can prev's map counts (/proc/kpagecount) stand for snap's one-page
 * variables? Only with carry_relations, and when no one-page variable of
 * any process changed frame or presence, and each is an anonymous private
 * page (not file-backed or shared, not in a huge region) counted at least
 * once. */
bool carry_mapcounts(const struct model_snap *prev, const struct model_snap *snap,
		     const struct scn_step *st);

#endif
