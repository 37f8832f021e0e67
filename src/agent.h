/* SPDX-License-Identifier: MIT */
/* agent.h - the subject: a process that plays one actor of a scenario.
 * The viewer starts it as `forkscope --agent-fd FD`; it then does one
 * command at a time from its channel and answers with a report. */
#ifndef FORKSCOPE_AGENT_H
#define FORKSCOPE_AGENT_H

/* Run a subject image; argv[2] names its channel fd. Never returns. */
void agent_main(int argc, char **argv) __attribute__((noreturn));

#endif
