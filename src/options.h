/* SPDX-License-Identifier: MIT */
/* options.h - the command line of forkscope (not of bench): what it asks
 * for, read and checked by options_parse. */
#ifndef FORKSCOPE_OPTIONS_H
#define FORKSCOPE_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

enum mode { MODE_AUTO, MODE_TUI, MODE_PLAIN, MODE_JSON, MODE_SVG };

#define ONLY_MAX 8

/* What the command line asks for: one of these, then its operands. */
enum todo { DO_RUN, DO_LIST, DO_CHECK, DO_SHOW, DO_VERIFY, DO_HELP, DO_VERSION };

struct options {
	enum todo todo;
	const char *todo_opt;   /* the option that chose it, for messages */
	enum mode mode;
	const char *mode_opt;
	const char *theme;
	bool predict;
	const char *record;     /* --record FILE */
	const char *svg;        /* --svg FILE */
	int step;               /* --step N; -1: every step */
	int width, height;      /* --size */
	/* The options given that are for some views only, in order. */
	struct only_opt { const char *name; unsigned views; } only[ONLY_MAX];
	int nonly;
	const char *show;
	const char *check;      /* --check=FILE */
	char **operands;
	int noperands;
};

/* Read argv into o and check that it all applies: 0, or 2 after a usage
 * message on stderr. */
int options_parse(int argc, char **argv, struct options *o);
/* The --help text. */
void options_usage(FILE *out);
/* A usage message ("forkscope: ..." and a hint at --help) on stderr: 2. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
