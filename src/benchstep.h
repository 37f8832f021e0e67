/* SPDX-License-Identifier: MIT */
/* benchstep.h - `forkscope bench step` and `bench store`: what one scenario
 * step costs next to the floor of the same irreducible work, what a stored
 * step takes, and the three goals of both. */
#ifndef FORKSCOPE_BENCHSTEP_H
#define FORKSCOPE_BENCHSTEP_H

/* Measure steps and their floors (pinned to one CPU and not), memory per
 * stored step, and print the goals with MET or NOT MET. Exit status. */
int benchstep_run(void);
/* Pack and unpack every snapshot of every demo's every step and compare;
 * prints the count and the bytes. 0 if all came back exactly, else 1. */
int benchstep_store(void);

#endif
