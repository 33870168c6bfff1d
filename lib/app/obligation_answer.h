/* The use case of `pkiwatch respond --obligation`: one TSP's answer about one
 * of its open obligations (tsp/obliganswer.h) recorded by the officer as one
 * commit of ledger/obligations/<id>.json, on what the workspace loads; and
 * the check of such answers that `responses import` shares.
 *
 * The obligation must be an open one of the answering TSP as derived today
 * (PKIWATCH_TODAY); the same answer as the latest recorded makes no commit.
 * Bad input (unknown TSP or obligation, another TSP's, met or waived, a bad
 * status, done without evidence, cannot-meet without a date): PW_EINPUT or
 * PW_ENOTFOUND with nothing written. */
#ifndef PW_OBLIGATION_ANSWER_H
#define PW_OBLIGATION_ANSWER_H

#include <signal.h>

#include "app/workspace.h"
#include "tsp/obliganswer.h"

/* Checks `answers` (of one TSP) against the obligations derived today;
 * `same[i]` (an array of answers->count) gets 1 when answer i says what the
 * obligation's latest recorded answer says. Messages name `what`. */
int pw_obligation_answer_check(int *same, pw_workspace *ws, const pw_obliganswers *answers,
                               const char *what);

typedef struct {
	/* set (by a signal handler) to stop before anything is recorded:
	 * pw_commit_opts.cancel, PW_ECANCEL. May be NULL. */
	volatile sig_atomic_t *cancel;
} pw_obligation_answer_opts;

#define PW_OBLIGATION_ANSWER_OPTS_INIT                                                             \
	{                                                                                          \
		.cancel = NULL                                                                     \
	}

typedef struct {
	int same;        /* the latest recorded answer says the same: nothing recorded */
	char commit[41]; /* the commit recording it; "" when same */
	char *summary;   /* "in-progress, expected by 2024-10-31, comment '...'" */
} pw_obligation_answer_result;

/* Records answer `a` (its tsp and obligation set; form may be NULL); the
 * commit's author is the workspace's (the officer). Clear `out` either way. */
int pw_obligation_answer_run(pw_obligation_answer_result *out, pw_workspace *ws,
                             const pw_obliganswer *a, const pw_obligation_answer_opts *opts);
void pw_obligation_answer_result_clear(pw_obligation_answer_result *r);

#endif
