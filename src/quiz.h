/* SPDX-License-Identifier: MIT */
/* quiz.h - predict mode's questions: one yes/no question about the step
 * about to be shown, answered from its measured snapshot, and the score. */
#ifndef FORKSCOPE_QUIZ_H
#define FORKSCOPE_QUIZ_H

#include <stdbool.h>

#include "model.h"
#include "scenario.h"
#include "text.h"

#define QUIZ_SUMMARY_MAX 4096

struct quiz {
	char question[TEXT_MAX];
	bool answer;                    /* the measured answer to question */
	char reason[TEXT_MAX];          /* why, in the measured words */
	int score, asked;
	char missed[QUIZ_SUMMARY_MAX];  /* the questions missed, a line each */
	char summary[QUIZ_SUMMARY_MAX + 128];
};

/* Set a question about next, the snapshot of step st (not shown yet):
 * whether there is one to ask for this kind of step. */
bool quiz_ask(struct quiz *q, const struct scn_step *st, const struct model_info *info,
	      const struct model_snap *next);
/* Score the answer said_yes to the question of step: whether it was right. */
bool quiz_answer(struct quiz *q, bool said_yes, int step);
/* The score and the questions missed, into q->summary. */
void quiz_summary(struct quiz *q);

#endif
