/* SPDX-License-Identifier: MIT */
/* agentmem.h - a subject's variables: measuring them and touching their
 * pages, inside the subject. Async-signal-safe (it runs in vfork and
 * CLONE_VM children): no malloc, no stdio, no errno. */
#ifndef FORKSCOPE_AGENTMEM_H
#define FORKSCOPE_AGENTMEM_H

#include <stdint.h>
#include "model.h"
#include "wire.h"

/* The variables one subject has declared, and where they are. */
struct agentmem {
	long page;              /* the page size */
	int nvars;
	uint64_t addr[MAX_VARS];
	int region[MAX_VARS];
	int advice[MAX_VARS];
	int npages[MAX_VARS];   /* 1, or a buffer's pages */
	int first[MAX_VARS];    /* a buffer's pages in a report from here */
	int report_pages;       /* pages of buffers, all together */
};

/* Record variable c->var, just placed at addr: 0, or -EINVAL if it does not
 * come next or its pages do not fit a report. */
int agentmem_add(struct agentmem *m, const struct wire_cmd *c, uint64_t addr);
/* Every variable's page(s) into r: its pagemap entry (one pread per
 * variable, read through pm_fd, our own pagemap) and, for a page that is
 * present, its value with a plain load (a load of a page that is not
 * present would map it). Map counts and huge mappings are left unknown
 * (-1): the viewer reads them from outside. */
void agentmem_measure(const struct agentmem *m, int pm_fd, struct wire_report *r);
/* Read, set or inc (c->op) pages [c->page, c->page + c->npages) of
 * variable c->var, a buffer's with each page's minor faults counted on its
 * own into r. -EINVAL if there is no such variable. */
int agentmem_access(const struct agentmem *m, const struct wire_cmd *c,
		    struct wire_report *r);
/* Write the stack below the caller's frame now, so that the frames an
 * action calls are already this process's own: a first write to a stack
 * page still shared after fork would count as the action's fault. */
void agentmem_warm_stack(void);
/* Make this thread's rseq area (if glibc registered one) its own page, so
 * that the kernel's write into it after a wait cannot fault. */
void agentmem_warm_rseq(void);
/* After a fork, make every page of the live frames from the caller's up
 * to top (an address in the subject's loop frame) this process's own
 * again, by writing one byte of each back unchanged: the way back to the
 * loop's wait then writes no page that can fault. */
void agentmem_own_frames(uintptr_t top, long page);
/* The pages r must carry (a report's size: only the used pages). */
int agentmem_report_pages(const struct agentmem *m);

#endif
