/* SPDX-License-Identifier: MIT */
/* quiz.c - predict mode's questions. Each is about the step the viewer is
 * about to see, and its answer and reason come from that step's measured
 * snapshot: a write (will the other process see it, or will the frame
 * change, or, with frame numbers hidden, will it fault) or a fork-like call
 * (will the caller be suspended). The words are describe.c's and panes.c's,
 * so the reason reads like the screen that follows. */
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "panes.h"
#include "quiz.h"

/* Will another process see the actor's write of variable var? Asked on odd
 * steps, where such a process exists. */
static bool ask_seen(struct quiz *q, const struct model_snap *next, int a, int var)
{
	const struct model_var *v = &next->procs[a].vars[var];
	char words[TEXT_MAX / 2];

	for (int p = 0; p < next->nprocs && next->step % 2; p++) {
		const struct model_proc *o = &next->procs[p];
		int r = describe_rel(next, a, p);

		if (p == a || o->state > PROC_SUSPENDED || o->nvars <= var)
			continue;
		snprintf(q->question, sizeof(q->question), "Will %s see %s's new value "
			 "of %s?", o->name, next->actor, v->name);
		q->answer = o->vars[var].value_changed;
		describe_var(next, p, var, words, sizeof(words));
		snprintf(q->reason, sizeof(q->reason), "%s's %s is %lld: %s; kcmp says "
			 "their memory is %s.", o->name, v->name, o->vars[var].value,
			 words, describe_share(r >= 0 ? next->rels[r].vm : SHARE_UNKNOWN));
		return true;
	}
	return false;
}

/* Will the actor's write change its frame (or, hidden, fault)? */
static void ask_frame(struct quiz *q, const struct model_info *info,
		      const struct model_snap *next, const struct model_var *v)
{
	char words[TEXT_MAX / 2];

	panes_change_words(v, words, sizeof(words));
	if (info->pfn_visible) {
		snprintf(q->question, sizeof(q->question),
			 "Will %s's frame for %s change?", next->actor, v->name);
		q->answer = v->pfn_changed;
	} else {
		snprintf(q->question, sizeof(q->question),
			 "Will %s's write to %s take a page fault?", next->actor, v->name);
		q->answer = v->faults > 0;
	}
	snprintf(q->reason, sizeof(q->reason), "%s", words[0] ? words :
		 "no fault: the page was already its own to write");
}

bool quiz_ask(struct quiz *q, const struct scn_step *st, const struct model_info *info,
	      const struct model_snap *next)
{
	int a = model_find_proc(next, next->actor);
	char words[TEXT_MAX / 2];

	if (a < 0 || !next->ok)
		return false;
	if (st->act == ACT_SET || st->act == ACT_INC) {
		if (!ask_seen(q, next, a, st->var))
			ask_frame(q, info, next, &next->procs[a].vars[st->var]);
		return true;
	}
	if (st->act == ACT_FORK || st->act == ACT_VFORK || st->act == ACT_CLONE ||
	    st->act == ACT_SPAWN) {
		snprintf(q->question, sizeof(q->question), "Will %s be suspended until "
			 "its child is done?", next->actor);
		q->answer = next->procs[a].state == PROC_SUSPENDED;
		describe_state(&next->procs[a], words, sizeof(words));
		snprintf(q->reason, sizeof(q->reason), "%s is %s after %s.", next->actor,
			 words, next->action + strlen(next->actor) + 1);
		return true;
	}
	return false;
}

bool quiz_answer(struct quiz *q, bool said_yes, int step)
{
	bool right = said_yes == q->answer;
	size_t used = strlen(q->missed);

	q->asked++;
	q->score += right;
	if (!right)
		snprintf(q->missed + used, sizeof(q->missed) - used, "Step %d: %s %s. %s\n",
			 step, q->question, q->answer ? "Yes" : "No", q->reason);
	return right;
}

void quiz_summary(struct quiz *q)
{
	snprintf(q->summary, sizeof(q->summary), "You predicted %d of %d right.\n%s%s",
		 q->score, q->asked, q->score < q->asked ? "Missed:\n" : "Not one missed.\n",
		 q->missed);
}
