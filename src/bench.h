/* SPDX-License-Identifier: MIT */
/* bench.h - `forkscope bench ...`: measurements that belong in benchmarks,
 * not in timed tests. */
#ifndef FORKSCOPE_BENCH_H
#define FORKSCOPE_BENCH_H

#include <signal.h>

/* `forkscope bench ...`: argv[1] "step" or "tui", otherwise the fork-cost
 * benchmark and its options. stop is set by signal handlers. Exit status. */
int bench_main(int argc, char **argv, volatile sig_atomic_t *stop);

#endif
