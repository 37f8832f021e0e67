/* SPDX-License-Identifier: MIT */
/* session.h - runs a scenario on real processes, one step at a time, and
 * turns what the subjects report into snapshots (model.h).
 * Order of calls: session_start, then session_step until it says done,
 * then session_end. session_end kills and reaps every subject. */
#ifndef FORKSCOPE_SESSION_H
#define FORKSCOPE_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include "model.h"
#include "scenario.h"

struct session;

/* Start the parent subject and declare the variables; fills info and the
 * step-0 snapshot. NULL with a message in err on failure. The scenario must
 * outlive the session; steps appended to it later are run too. */
struct session *session_start(const struct scenario *scn, struct model_info *info,
			      struct model_snap *snap0, char *err, size_t errlen);
/* Run the next step into snap. 1 if it ran, 0 if there is no step left. */
int session_step(struct session *s, struct model_snap *snap);
/* Declare variables added to the scenario since the start (allowed only
 * before the first step); refreshes snap. 0, or -1 with a message in err. */
int session_declare_new(struct session *s, struct model_snap *snap,
			char *err, size_t errlen);
/* Number of steps failed so far. */
int session_failures(const struct session *s);
/* Number of hard expectations that did not hold so far. */
int session_misses(const struct session *s);
/* The flag that ends every wait of every session at once (a signal handler
 * or a key sets it); steps then fail as "interrupted". */
void session_set_stop(volatile sig_atomic_t *stop);
/* Has the stop flag been raised? */
bool session_stopping(void);
/* Kill and reap every subject; free s. Safe to call with NULL. */
void session_end(struct session *s);
/* Kill every subject of every live session now (signal or atexit path). */
void session_kill_all(void);

#endif
