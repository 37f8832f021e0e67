/* SPDX-License-Identifier: MIT */
/* fuzz_scenario.c - libFuzzer harness for the scenario parser: any bytes in,
 * either a checked scenario or one FILE:LINE:COL message out, never a crash.
 * Build and run: make fuzz (see the Makefile). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scenario s;
	char err[TEXT_MAX + 256];
	int rc;

	scenario_init(&s, "fuzz");
	err[0] = '\0';
	rc = scenario_parse(&s, (const char *)data, size, err, sizeof(err));
	/* The contract: success, or a message that names the place. */
	if (rc != 0 && strncmp(err, "fuzz:", 5) != 0)
		__builtin_trap();
	if (rc == 0 && (s.nsteps < 1 || s.nprocs > MAX_PROCS || s.nvars > MAX_VARS))
		__builtin_trap();
	return 0;
}
