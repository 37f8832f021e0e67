/* SPDX-License-Identifier: MIT */
/* verify.c - the lecturer's check before class: every expectation of every
 * scenario, measured on this machine, summed up in one line per scenario. */
#include <stdlib.h>
#include <string.h>

#include "verdict.h"
#include "session.h"
#include "text.h"
#include "verify.h"

int verify_one(const struct scenario *scn, const char *label, FILE *out,
	       struct verify_total *t)
{
	struct model_snap *snap = malloc(sizeof(*snap));
	struct model_info info;
	struct session *s;
	char err[TEXT_MAX], name[96];
	int held = 0, hard = 0, soft = 0, unknown = 0, failed;

	if (!snap) {
		text_msg("out of memory");
		t->failed_steps++;
		return -1;
	}
	s = session_start(scn, &info, snap, err, sizeof(err));
	if (!s) {
		text_msg("%s: %s", label, err);
		free(snap);
		t->failed_steps++;
		return -1;
	}
	do
		verdict_count(snap, &held, &hard, &soft, &unknown);
	while (!session_stopping() && session_step(s, snap) > 0);
	failed = session_failures(s);
	session_end(s);
	free(snap);
	text_fit(name, sizeof(name), label, 22);
	fprintf(out, "%s%*s %3d step%s  %3d held  %2d soft miss%s  %2d hard miss%s  "
		"%2d not checkable here%s\n", name, 22 - text_width(name), "",
		scn->nsteps, scn->nsteps == 1 ? " " : "s",
		held, soft, soft == 1 ? "  " : "es", hard, hard == 1 ? "  " : "es", unknown,
		failed ? "  STEPS FAILED" : "");
	t->scenarios++;
	t->failed_steps += failed;
	t->held += held;
	t->hard += hard;
	t->soft += soft;
	t->unknown += unknown;
	t->frames_hidden |= !info.pfn_visible;
	t->counts_hidden |= !info.mapcount_visible;
	t->kcmp_hidden |= !info.kcmp_visible;
	return 0;
}

int verify_end(const struct verify_total *t, FILE *out)
{
	fprintf(out, "%d scenario%s: %d held, %d soft miss%s (usual, not guaranteed), "
		"%d hard miss%s, %d not checkable here.\n", t->scenarios,
		t->scenarios == 1 ? "" : "s", t->held, t->soft, t->soft == 1 ? "" : "es",
		t->hard, t->hard == 1 ? "" : "es", t->unknown);
	if (t->unknown && t->frames_hidden)
		fprintf(out, "Not checkable: frame numbers are hidden without CAP_SYS_ADMIN "
			"(sudo shows them).\n");
	if (t->unknown && t->counts_hidden)
		fprintf(out, "Not checkable: map counts need /proc/kpagecount (root).\n");
	if (t->unknown && t->kcmp_hidden)
		fprintf(out, "Not checkable: kcmp(2) is refused here.\n");
	if (t->failed_steps)
		fprintf(out, "Some steps failed: run the scenario with --plain to see why.\n");
	return t->failed_steps ? 1 : t->hard ? 3 : 0;
}
