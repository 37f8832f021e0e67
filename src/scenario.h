/* SPDX-License-Identifier: MIT */
/* scenario.h - the scenario language: text in, checked steps out.
 * Parsing also simulates who exists, who has exited and who is suspended,
 * so an impossible step is refused before any process starts. */
#ifndef FORKSCOPE_SCENARIO_H
#define FORKSCOPE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

#define SCN_MAX_STEPS 1000
#define SCN_MAX_LINE  1024

enum action {
	ACT_READ, ACT_SET, ACT_INC, ACT_FORK, ACT_VFORK, ACT_CLONE, ACT_SPAWN,
	ACT_EXEC, ACT_EXIT, ACT_WAIT, ACT_OPEN, ACT_CLOSE, ACT_HANDLE,
	ACT_DEFAULT, ACT_PRINT, ACT_THREAD, ACT_COUNT
};

#define SCN_MAX_EXPECTS 2000

/* One word of a line: its text (not NUL-terminated), length in bytes and
 * 1-based column in characters. */
struct scn_word {
	const char *s;
	int len;
	int col;
};

/* One expect line: a claim checked against the snapshot of the step it
 * follows (see expect.h for the kinds). */
struct scn_expect {
	int step;               /* the step it follows; 0: before the first */
	int line;
	bool soft;              /* expect?: usual, not guaranteed */
	int kind;               /* enum expect_kind */
	int proc, var, other;   /* process, variable, second process; -1 none */
	int page, npages;       /* the variable's pages it is about (npages 0:
				 * the variable as a whole) */
	int arg;                /* a change, state, share kind, slot or signal */
	long long value;
	bool at_least;          /* "N+": value or more */
	char text[EXPECT_TEXT]; /* the claim as written, after "expect" */
	char str[EXPECT_TEXT];  /* output: the text looked for */
};

struct scn_var {
	char name[NAME_MAX_LEN + 1];
	enum region region;
	long long initial;
	bool has_initial;       /* written as INITIAL (a one-page variable always
				 * has one: 0); a buffer without is left untouched */
	int npages;             /* 1, or N from the option Np */
	enum advice advice;     /* dontfork or wipeonfork option */
};

struct scn_step {
	int line;
	int actor;              /* process index; 0 is the parent */
	enum action act;
	int var;                /* -1 if none */
	int page, npages;       /* read, set, inc: the pages of var they touch
				 * (a one-page variable: 0, 1) */
	long long value;        /* set: value; exit: code */
	int flags;              /* clone_flag, exec_flag or exit_flag bits */
	int target;             /* fork-like: new process; wait: whom */
	int slot;               /* descriptor slot or signal index */
	char text[TEXT_MAX];    /* "child set x 2" */
	char say[TEXT_MAX];
	char print[PRINT_MAX + 1];
};

/* Simulated state of one process while the text is read. */
struct scn_proc {
	char name[NAME_MAX_LEN + 1];
	int parent;             /* index, -1 for the first process */
	bool exited, reaped;
	int waiting_for;        /* suspended until this child exits/execs; -1 */
	unsigned unmapped;      /* bit v: no mapping for variable v (dontfork) */
	bool thread;            /* made by 'thread': a task of another's process */
	int group;              /* its process: the index of the thread group's
				 * first task (its own index for a process) */
};

struct scenario {
	char file[256];
	char title[TEXT_MAX];
	char about[TEXT_MAX * 4];
	int nvars;
	struct scn_var vars[MAX_VARS];
	int buffer_pages;       /* pages of its many-page variables, together */
	int nprocs;
	struct scn_proc procs[MAX_PROCS];
	int nfds;
	char fds[MAX_FDS][NAME_MAX_LEN + 1];
	int nsteps;
	struct scn_step steps[SCN_MAX_STEPS];
	int nexpects;
	struct scn_expect expects[SCN_MAX_EXPECTS];
	char pending_say[TEXT_MAX];
	int say_line;           /* where pending_say began */
};

/* Empty scenario with only the parent; file names it in messages. */
void scenario_init(struct scenario *s, const char *file);
/* Parse a whole text (may hold NULs, any bytes). 0, or -1 with
 * "FILE:LINE:COL: message" in err. */
int scenario_parse(struct scenario *s, const char *text, size_t len,
		   char *err, size_t errlen);
/* Add one line as line number lineno, as a file line would be. 0 or -1. */
int scenario_add_line(struct scenario *s, const char *line, int lineno,
		      char *err, size_t errlen);
/* Keep only the first k steps, as if the file ended there (the variables,
 * title and about stay). 0, or -1 if k is out of range. */
int scenario_truncate(struct scenario *s, int k);
/* The scenario language's name of an action. */
const char *scenario_action_name(enum action a);

#endif
