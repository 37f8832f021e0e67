/* SPDX-License-Identifier: MIT */
/* demos.h - the demos compiled into the binary (generated from demos/). */
#ifndef FORKSCOPE_DEMOS_H
#define FORKSCOPE_DEMOS_H

#include <stddef.h>
#include "scenario.h"

/* The name of the empty scenario, for typing steps into. */
#define DEMOS_EXPLORE "explore"

struct demo {
	const char *name;       /* "fork-cow" */
	const char *path;       /* "demos/fork-cow.scn", for messages */
	const char *text;
};

/* All demos, ended by a zero entry, in the order of `forkscope --list`. */
extern const struct demo demo_table[];

/* The demo called name, or NULL. */
const struct demo *demos_find(const char *name);
/* Its title line's text, into buf. */
void demos_title(const struct demo *d, char *buf, unsigned len);
/* The demo called name, or "explore" (an empty scenario), into s: 0; -1
 * with a message in err if its text does not parse; 1 if no such name. */
int demos_load(struct scenario *s, const char *name, char *err, size_t errlen);

#endif
