/* SPDX-License-Identifier: MIT */
/* demos.h - the demos compiled into the binary (generated from demos/). */
#ifndef FORKSCOPE_DEMOS_H
#define FORKSCOPE_DEMOS_H

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

#endif
