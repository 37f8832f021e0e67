/* SPDX-License-Identifier: MIT */
/* expect.h - expect lines: claims a scenario makes about what the kernel
 * does, parsed with the scenario (verdict.h checks them on each step).
 * "expect" is a hard claim (the run fails, exit 3, if it does not hold);
 * "expect?" a soft one: usual, not guaranteed, never a failure. */
#ifndef FORKSCOPE_EXPECT_H
#define FORKSCOPE_EXPECT_H

#include <stddef.h>
#include "model.h"
#include "scenario.h"

enum expect_kind {
	/* about a variable of a process: PROC VAR ... */
	EX_CHANGE,              /* copied, reused, mapped, ..., unchanged */
	EX_VALUE,               /* value N */
	EX_VAR_FAULTS,          /* faults N[+] */
	EX_FRAME_KEPT,          /* frame unchanged */
	EX_FRAME_NEW,           /* frame changed */
	EX_FRAME_SAME,          /* frame same-as PROC2 */
	EX_FRAME_DIFFERS,       /* frame differs-from PROC2 */
	EX_PRESENT, EX_ABSENT,
	EX_EXCLUSIVE, EX_NOT_EXCLUSIVE,
	EX_HUGE, EX_NOT_HUGE,
	EX_MAPCOUNT,            /* mapcount N[+] */
	EX_FILE_PAGE, EX_ANON,  /* file-page (bit 61) | anonymous */
	EX_MAPPING, EX_NO_MAPPING,      /* has-mapping | no-mapping (dontfork) */
	EX_SHARED, EX_NOT_SHARED,       /* shared | not-shared: a buffer's pages */
	EX_PAGES,               /* pages KIND N[+]: how many of a buffer's pages */
	/* about a process: PROC ... */
	EX_STATE,               /* running, suspended, stopped, zombie, exited */
	EX_KSTATE,              /* state LETTER */
	EX_EXIT,                /* exit N */
	EX_RETURNED,            /* returned N */
	EX_RETURNED_PID,        /* returned pid-of PROC2 */
	EX_RETURNED_TID,        /* returned tid-of PROC2 (what clone gives a thread) */
	EX_RETURNED_ERR,        /* returned -1 ERRNAME */
	EX_PROC_FAULTS,         /* faults N[+] */
	EX_FD_OPEN, EX_FD_CLOSED,               /* fd NAME open|closed */
	EX_HANDLER, EX_NO_HANDLER,              /* handler SIG set|default */
	EX_OUTPUT,              /* output TEXT: its stdout holds TEXT */
	EX_NO_OUTPUT,           /* no-output */
	EX_SHARES, EX_SEPARATE, /* shares|separate vm|files|sighand PROC2 */
	EX_PID_KEPT,            /* pid unchanged */
	EX_PPID,                /* ppid PROC2: its parent is PROC2 */
	EX_IMAGE,               /* image N */
	EX_SAME_PID, EX_PID_DIFFERS,    /* same-pid | pid-differs PROC2 */
	EX_TID_DIFFERS,         /* tid-differs PROC2 */
	EX_THREAD, EX_NOT_THREAD,       /* thread | not-thread */
	EX_COUNT
};

/* Parse an expect line: w[0] is "expect" or "expect?", nw words. It is
 * added to s after its current last step. 0, or -1 with a message in err
 * and the column it is about in *col. */
int expect_parse(struct scenario *s, const struct scn_word *w, int nw, int line,
		 char *err, size_t errlen, int *col);
#endif
