/* bench.h - `forkscope bench ...`: measurements that belong in benchmarks,
 * not in timed tests. */
#ifndef FORKSCOPE_BENCH_H
#define FORKSCOPE_BENCH_H

/* Run the benchmark named by argv[1] ("step"); exit status. */
int bench_main(int argc, char **argv);

#endif
