/* SPDX-License-Identifier: MIT */
/* model.h - the snapshot: everything measured after one step, as plain data.
 * The session fills it; the views (tui, plain, json) only read it.
 * No pointers into live processes: a snapshot can be kept and replayed. */
#ifndef FORKSCOPE_MODEL_H
#define FORKSCOPE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define MAX_PROCS 8     /* processes one scenario may create, parent included */
#define MAX_VARS  8     /* variables one scenario may declare */
#define MAX_FDS   4     /* named descriptors (open NAME) */
#define NAME_MAX_LEN 15 /* longest process, variable or descriptor name */
#define TEXT_MAX  512   /* longest title, about line or say text */
#define PRINT_MAX 100   /* longest print text */
#define MODEL_MAX_PAGES  512    /* pages of one variable: one 2 MiB huge page */
#define MODEL_PROC_PAGES 1024   /* pages of many-page variables in one process */
#define MODEL_POOL_PAGES 4096   /* the same, all processes of one snapshot */

enum region { REGION_GLOBAL, REGION_HEAP, REGION_STACK, REGION_SHARED,
	      REGION_FILE, REGION_HUGE, REGION_FRAME, REGION_COUNT };

/* In this order: the first three are alive (have memory to show). */
enum proc_state { PROC_RUNNING, PROC_SUSPENDED, PROC_STOPPED, PROC_ZOMBIE,
		  PROC_EXITED };

enum share { SHARE_UNKNOWN = -1, SHARE_SEPARATE = 0, SHARE_SHARED = 1 };

/* What a variable's declaration asks madvise(2) to do to its pages at fork:
 * nothing, leave them out of the child (MADV_DONTFORK), or give the child
 * empty ones that read zero (MADV_WIPEONFORK). */
enum advice { ADVICE_NONE, ADVICE_DONTFORK, ADVICE_WIPEONFORK, ADVICE_COUNT };

/* What happened to a variable's page in one step, decided once, by
 * model_classify(), from the previous snapshot and this one. */
enum change {
	CHANGE_NONE,            /* nothing happened to the page */
	CHANGE_COPIED,          /* a write fault gave this mapping a new frame */
	CHANGE_REUSED,          /* a write fault kept the frame */
	CHANGE_MAPPED,          /* the page became present */
	CHANGE_NEW_IMAGE,       /* exec: a new page of a new program */
	CHANGE_SPLIT,           /* a huge mapping became small pages, no copy */
	CHANGE_UNMAPPED,        /* the page is no longer present */
	CHANGE_SWAPPED,         /* the page went to swap */
	CHANGE_MOVED,           /* new frame without a fault: the kernel moved it
				 * (compaction, NUMA balancing), not a copy */
	CHANGE_COUNT
};

#define MAX_EXPECTS 16          /* expect lines after one step */
#define EXPECT_TEXT 96          /* an expect line as written, and its "got" */

/* One expect line's verdict on a step's snapshot. */
struct model_expect {
	char text[EXPECT_TEXT];  /* "child x copied" (without "expect") */
	bool soft;              /* expect?: usual, not guaranteed */
	int ok;                 /* 1 held, 0 did not, -1 cannot be checked here */
	char got[EXPECT_TEXT];   /* what was measured instead, or why unknown */
};

/* One page of a many-page variable in one process: what was measured, and
 * what the step did to it, decided by model_classify() with the rules of a
 * one-page variable. */
struct model_page {
	uint64_t pfn;           /* 0: not present, or hidden */
	long long value;        /* its first 8 bytes, when readable */
	bool present, exclusive, file_or_shared, swapped;
	bool readable;
	bool touched;           /* the step's action read or wrote it here */
	bool certain, split;    /* as in model_var */
	bool value_changed, pfn_changed;
	bool shared;            /* same frame as another process's page (or one
				 * address space; frames hidden: mapped 2+ times) */
	bool unsure;            /* frames hidden and a piece of a huge mapping
				 * other than its first: the kernel's exclusive
				 * bit there is the first piece's, so whether
				 * another process maps it cannot be told */
	bool copied_run;        /* copied in this step or an earlier one */
	bool reused_run;        /* a write fault kept its frame, in this run */
	int8_t huge;            /* 1 in a huge mapping, 0 not, -1 cannot tell */
	uint8_t change;         /* enum change: what THIS step did to it */
	uint8_t faults;         /* minor faults the action took on it (max 255) */
};

/* What a page is now, in one word: the grid's cells, plain's runs, JSON. */
enum page_kind { PK_ABSENT, PK_SWAPPED, PK_SHARED, PK_COPIED, PK_REUSED, PK_OWN,
		 PK_UNKNOWN, PK_COUNT };

/* A many-page variable's pages counted, for the grid and the views. */
struct model_counts {
	int kind[PK_COUNT];     /* pages of each kind now */
	int huge;               /* pages in a huge mapping */
	int changed;            /* pages the step changed (frame, value, presence) */
	int copied;             /* pages copied in this step */
	long faults;            /* minor faults the step took on them */
};

/* A many-page variable's model_var holds the facts of its FIRST page (so
 * every one-page view keeps working) and its faults summed over all pages. */
struct model_var {
	char name[NAME_MAX_LEN + 1];
	enum region region;
	uint64_t addr;
	int npages;             /* 1, or a many-page variable's pages */
	int first;              /* npages > 1: its pages are snap->pages[first..] */
	long long value;
	bool readable;          /* the value could be read at all */
	enum advice advice;     /* as declared: what fork does to its pages */
	bool mapped;            /* the process has a mapping there (MADV_DONTFORK:
				 * a forked child has none) */
	bool present, exclusive, file_or_shared, swapped;
	bool pfn_known;         /* false: the kernel hid it (no CAP_SYS_ADMIN) */
	uint64_t pfn;
	long long mapcount;     /* -1: /proc/kpagecount not readable */
	int huge;               /* 1 huge page, 0 not, -1 cannot tell */
	long faults;            /* minor faults this step's action took on it */
	bool value_changed, pfn_changed, present_changed;
	bool was_shared;        /* mapped 2+ times before this step, or its old
				 * frame is now another address space's */
	enum change change;     /* what this step did to the page */
	bool certain;           /* change measured (frames seen), not inferred */
	bool split;             /* its huge mapping became small pages this step */
};

struct model_proc {
	char name[NAME_MAX_LEN + 1];
	pid_t pid, ppid;        /* its process (getpid(), the thread group) */
	pid_t tid;              /* its own task (gettid()); a process's first
				 * task has tid == pid */
	bool thread;            /* a thread of another's process (tid != pid),
				 * from /proc/TID/status */
	enum proc_state state;
	char kstate;            /* letter from /proc/PID/stat, '?' if unread */
	int exit_status;        /* valid when state is ZOMBIE or EXITED */
	int term_signal;        /* ZOMBIE/EXITED: killed by it; 0 if it exited */
	bool observed;          /* read from outside: suspended or stopped */
	char call[16];          /* last fork-like call that returned in it */
	bool has_returned;
	long long returned;     /* what that call returned here */
	int returned_errno;
	long faults;            /* minor faults in the action window, -1 unknown */
	unsigned fdmask;        /* bit i: descriptor slot i is open */
	unsigned sigmask;       /* bit i: demo signal i has a handler */
	unsigned fd_changed;    /* slots opened or closed in this step */
	unsigned sig_changed;   /* handlers installed or reset in this step */
	bool born;              /* created by this step */
	int image;              /* program images so far: 1, then +1 per exec */
	char output[256];       /* the end of what it wrote to stdout */
	int nvars;
	struct model_var vars[MAX_VARS];
};

struct model_rel {
	int a, b;               /* indexes into procs */
	enum share vm, files, sighand;
};

struct model_snap {
	int step;               /* 0: before the first action */
	int nsteps;
	char actor[NAME_MAX_LEN + 1];
	char action[TEXT_MAX];  /* the step as written: "child set x 2" */
	char say[TEXT_MAX];
	bool ok;
	char error[TEXT_MAX];
	int nprocs;
	struct model_proc procs[MAX_PROCS];
	int nrels;
	struct model_rel rels[MAX_PROCS * (MAX_PROCS - 1) / 2];
	int nexpects;
	struct model_expect expects[MAX_EXPECTS];
	int npages;             /* pages[] in use */
	struct model_page pages[MODEL_POOL_PAGES];
};

/* Facts about the run as a whole, fixed at start. */
struct model_info {
	char kernel[160];
	long page_size;
	bool pfn_visible;
	char why_hidden[TEXT_MAX];
	bool mapcount_visible;
	char why_no_huge[TEXT_MAX];     /* why no huge page can be given here
					 * (THP off, or disabled for us); "" if
					 * one can */
	bool kcmp_visible;      /* kcmp(2) answers here */
	char why_no_kcmp[TEXT_MAX];
	char title[TEXT_MAX];
	char about[TEXT_MAX * 4];
	char names[MAX_FDS][NAME_MAX_LEN + 1];   /* descriptor slot names */
};

/* Name of a region as the scenario language writes it. */
const char *model_region_name(enum region r);
/* Name of an advice as the scenario language and JSON write it
 * ("dontfork"), or NULL for ADVICE_NONE. */
const char *model_advice_name(enum advice a);
/* Name of a process state as the JSON output writes it. */
const char *model_state_name(enum proc_state s);
/* Name of demo signal number i (bit i of sigmask), without "SIG". */
const char *model_signal_name(int i);
/* Number of demo signals. */
int model_signal_count(void);
/* The signal number of demo signal i, or 0. Async-signal-safe. */
int model_signal_number(int i);
/* Name of a change as JSON writes it ("copied"), or NULL for CHANGE_NONE. */
const char *model_change_name(enum change c);
/* Index of the process called name in snap, or -1. */
int model_find_proc(const struct model_snap *snap, const char *name);
/* Index of the task with tid in snap (a process: its pid), or -1. */
int model_find_tid(const struct model_snap *snap, pid_t tid);
/* Index of the relation between procs a and b in snap, or -1. */
int model_rel(const struct model_snap *snap, int a, int b);
/* Do procs a and b share one address space (kcmp said so)? */
bool model_same_vm(const struct model_snap *snap, int a, int b);
/* How variable v's pages in processes a and b relate. */
enum frame_rel { FRAME_NONE, FRAME_ONE_SPACE, FRAME_SAME, FRAME_DIFFER, FRAME_UNKNOWN };
/* FRAME_NONE where either has no page there (or no memory); with frame
 * numbers hidden, a page mapped once in one of two address spaces cannot
 * be the other's: FRAME_DIFFER; else FRAME_UNKNOWN. */
enum frame_rel model_frame_rel(const struct model_snap *snap, int a, int b, int v);
/* The pages of var v of proc p, or NULL for a one-page variable. */
const struct model_page *model_pages(const struct model_snap *snap, int p, int v);
/* What a page is now. */
enum page_kind model_page_kind(const struct model_page *pg);
/* Its name as plain and JSON write it: "absent", "swapped", "shared",
 * "copied", "reused", "own". */
const char *model_page_kind_name(enum page_kind k);
/* Is this page changed by this step (frame, value or presence)? */
bool model_page_changed(const struct model_page *pg);
/* Count pages [from, from+n) of var v of proc p (all: n = -1). */
void model_count_pages(const struct model_snap *snap, int p, int v, int from, int n,
		       struct model_counts *c);
/* Decide, once for every view, what this step did to each variable's page
 * (change, certain, split) and what changed since prev (value_changed,
 * pfn_changed, present_changed, was_shared), and the same for every page of
 * a many-page variable (with shared, copied_run, reused_run). prev is NULL
 * for step 0. Processes are matched by tid and image, never by name. */
void model_classify(const struct model_snap *prev, struct model_snap *next,
		    bool pfn_visible);

#endif
