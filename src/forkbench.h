/* SPDX-License-Identifier: MIT */
/* forkbench.h - `forkscope bench`: what fork, vfork, clone and posix_spawn
 * cost as the parent's resident memory grows. */
#ifndef FORKSCOPE_FORKBENCH_H
#define FORKSCOPE_FORKBENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define FB_MAX_SIZES 8
#define FB_METHODS 6

struct fb_result {
	uint64_t size_bytes, rss_bytes;
	long long thp_bytes;    /* of the parent's memory in huge pages; -1 unknown */
	int method;
	int iterations;
	double median_us, p90_us, min_us;
};

/* Options from the command line: forkbench_main parses them. */
struct fb_options {
	uint64_t sizes[FB_MAX_SIZES];
	int nsizes;
	bool huge;
	int mode;               /* 0 chart (terminal), 1 plain, 2 json */
};

/* The default options: the four sizes, no huge pages, chart mode. */
void forkbench_defaults(struct fb_options *o);
/* Parse a --sizes list ("1M,16M,1G") into o->sizes; 0, or -1 with a
 * message in err. */
int forkbench_parse_sizes(const char *list, struct fb_options *o, char *err, size_t len);
/* Run the benchmark with options o. Exit status: 0, 1 on a failed
 * measurement, 2 when the memory will not fit. */
int forkbench_run(const struct fb_options *o, volatile sig_atomic_t *stop);
/* The name of method m as the output writes it ("fork", "vfork-exec"...). */
const char *forkbench_method(int m);

#endif
