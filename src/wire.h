/* SPDX-License-Identifier: MIT */
/* wire.h - the messages between the viewer (session.c) and a subject (agent.c).
 * One message per SOCK_SEQPACKET datagram, same binary on both ends, so no
 * parsing: a command goes down, a report comes back. A command is fixed
 * size; a report is sent as far as it holds pages (wire_report_size). */
#ifndef FORKSCOPE_WIRE_H
#define FORKSCOPE_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "model.h"

enum wire_op {
	OP_DECLARE,     /* var: region, value = initial, flags = enum advice */
	OP_REPORT,      /* just measure and report */
	OP_READ, OP_SET, OP_INC,
	OP_FORK, OP_VFORK, OP_CLONE, OP_SPAWN,   /* carry the child's channel */
	OP_EXEC, OP_EXIT, OP_WAIT,
	OP_OPEN, OP_CLOSE, OP_HANDLE, OP_DEFAULT, OP_PRINT,
};

/* CF_THREAD: a thread, as pthread_create makes it (with VM, FILES, SIGHAND). */
enum clone_flag { CF_VM = 1, CF_FILES = 2, CF_SIGHAND = 4, CF_VFORK = 8, CF_THREAD = 16 };
enum exec_flag { EXEC_MISSING = 1 };     /* exec a program that is not there */
/* EXIT_LIBC: exit(3), not _exit(2); EXIT_THREAD: SYS_exit, this thread only. */
enum exit_flag { EXIT_LIBC = 1, EXIT_THREAD = 2 };

struct wire_cmd {
	uint32_t seq;           /* echoed by the report that answers it */
	int op;
	int var;                /* variable index */
	int region;
	int flags;              /* clone_flag bits */
	int slot;               /* descriptor slot or demo signal index */
	pid_t pid;              /* OP_WAIT: whom */
	int page, npages;       /* read, set, inc: these pages of var; declare:
				 * npages is the variable's size */
	int initial;            /* declare: write value into every page */
	long long value;
	char text[PRINT_MAX + 1];   /* OP_PRINT */
	int keep_masks;         /* 1: descriptors and handlers cannot have
				 * changed (carry.c): report without probing
				 * them; the viewer keeps its own */
};

enum wire_kind {
	REP_HELLO,      /* a new image or a new child is ready; carries pid */
	REP_DONE,       /* a command finished; the measurements follow */
	REP_EXITING,    /* OP_EXIT accepted; the process ends now */
	REP_GONE,       /* not sent: wire_wait's word for a closed channel */
};

struct wire_var {
	uint64_t addr;
	long long value;
	int readable;           /* value was read (the page was present) */
	int mapped;             /* the address is mapped at all (see measure) */
	int region;             /* enum region */
	uint64_t entry;         /* raw pagemap entry */
	long long mapcount;     /* -1 unknown */
	int huge;               /* 1, 0, -1 unknown or not a huge region */
	int npages;             /* 1, or a many-page variable's */
	int first;              /* npages > 1: its pages from pages[first] */
};

/* One page of a many-page variable. The subject fills value, readable and
 * faults; the viewer, looking from outside, entry and huge. */
struct wire_page {
	long long value;
	uint64_t entry;
	int8_t huge;
	uint8_t readable;
	uint8_t touched;        /* the action read or wrote it */
	uint8_t faults;         /* minor faults the action took on it, max 255 */
};

struct wire_report {
	uint32_t seq;           /* the command's; 0 in a hello */
	int kind;
	int ok;
	int err;                /* errno when !ok */
	pid_t pid;              /* getpid(): its process (thread group) */
	pid_t tid;              /* gettid(): its own task */
	long long returned;     /* fork-like: child pid; wait: status */
	long faults;            /* minor faults across the action, -1 none */
	long flt_in, flt_out;   /* its minor-fault count as it took the command
				 * and as it answered (-1 unknown): between
				 * answer and command it only waits */
	unsigned fdmask, sigmask;
	int nvars;
	struct wire_var vars[MAX_VARS];
	int npages;             /* pages[] in use; only they are sent */
	struct wire_page pages[MODEL_PROC_PAGES];
};

/* Milliseconds on the monotonic clock, for deadlines. */
long wire_now_ms(void);
/* Viewer: send a command, with descriptor fd unless it is -1. 0 or -errno. */
int wire_send_cmd(int chan, const struct wire_cmd *c, int fd);
/* Subject: receive a command and any descriptor with it into *fd (-1 if none).
 * 1 got one, 0 the viewer is gone, -1 a malformed message (skip it). */
int wire_recv_cmd(int chan, struct wire_cmd *c, int *fd);
/* Bytes of r that carry something: all but the unused pages. */
size_t wire_report_size(const struct wire_report *r);
/* Subject: send a report (wire_report_size bytes of it). 0 or -1. */
int wire_send_report(int chan, const struct wire_report *r);
/* Viewer: receive one report (recv flags); a closed channel or a message
 * that is not a whole report reads as kind REP_GONE. */
void wire_recv_report(int chan, struct wire_report *r, int flags);
/* Viewer: take a report that is already there, without waiting: 1 (r holds
 * it, or REP_GONE as above), or 0 if none has come yet. */
int wire_try_report(int chan, struct wire_report *r);
/* Viewer: wait until one of n channels (n <= 4) delivers a report before the
 * deadline (wire_now_ms() time). Its index, or -ETIMEDOUT. A channel whose
 * other end closed delivers a report of kind REP_GONE. */
int wire_wait(const int *chans, int n, struct wire_report *r, long deadline);

#define AGENT_FLAG "--agent-fd"     /* argv[1] of a subject image */
#define AGENT_KEEP "keep-stdout"    /* argv[3]: an exec keeps its output file */
#define MISSING_PROGRAM "/nonexistent/forkscope-missing-program"
#define FD_SLOT_BASE 200            /* descriptor slot i lives at fd 200+i */

#endif
