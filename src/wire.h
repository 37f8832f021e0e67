/* wire.h - the messages between the viewer (session.c) and a subject (agent.c).
 * One message per SOCK_SEQPACKET datagram, fixed size, same binary on both
 * ends, so no parsing: a command goes down, a report comes back. */
#ifndef FORKSCOPE_WIRE_H
#define FORKSCOPE_WIRE_H

#include <stdint.h>
#include <sys/types.h>
#include "model.h"

enum wire_op {
	OP_DECLARE,     /* var: region, value = initial */
	OP_REPORT,      /* just measure and report */
	OP_READ, OP_SET, OP_INC,
	OP_FORK, OP_VFORK, OP_CLONE, OP_SPAWN,   /* carry the child's channel */
	OP_EXEC, OP_EXIT, OP_WAIT,
	OP_OPEN, OP_CLOSE, OP_HANDLE, OP_DEFAULT,
};

enum clone_flag { CF_VM = 1, CF_FILES = 2, CF_SIGHAND = 4, CF_VFORK = 8 };

struct wire_cmd {
	int op;
	int var;                /* variable index */
	int region;
	int flags;              /* clone_flag bits */
	int slot;               /* descriptor slot or demo signal index */
	pid_t pid;              /* OP_WAIT: whom */
	long long value;
};

enum wire_kind {
	REP_HELLO,      /* a new image or a new child is ready; carries pid */
	REP_DONE,       /* a command finished; the measurements follow */
	REP_EXITING,    /* OP_EXIT accepted; the process ends now */
};

struct wire_var {
	uint64_t addr;
	long long value;
	uint64_t entry;         /* raw pagemap entry */
	long long mapcount;     /* -1 unknown */
	int huge;               /* 1, 0, -1 unknown */
};

struct wire_report {
	int kind;
	int ok;
	int err;                /* errno when !ok */
	pid_t pid;
	long long returned;     /* fork-like: child pid; wait: status */
	long faults;            /* minor faults across the action, -1 none */
	unsigned fdmask, sigmask;
	int nvars;
	struct wire_var vars[MAX_VARS];
};

#define AGENT_FLAG "--agent-fd"     /* argv[1] of a subject image */
#define FD_SLOT_BASE 200            /* descriptor slot i lives at fd 200+i */

#endif
