/* The use case of `pkiwatch respond`: one TSP's answer to one change
 * (tsp/response.h) recorded in the "responses" object of the change's ledger
 * entry and committed, that file alone, on what the workspace loads.
 *
 * The change must be in the mirrors, signed off as applicable and apply to
 * the TSP; per-CA answers must name extant CAs of the TSP. The same answer
 * again records nothing; a different one is refused (PW_EINPUT, naming both)
 * unless `replace`. */
#ifndef PW_RESPOND_H
#define PW_RESPOND_H

#include <signal.h>

#include "app/workspace.h"
#include "tsp/response.h"

typedef struct {
	int replace; /* overwrite a different recorded answer */
	/* set (by a signal handler) to stop before anything is recorded:
	 * pw_commit_opts.cancel, PW_ECANCEL. May be NULL. */
	volatile sig_atomic_t *cancel;
} pw_respond_opts;

#define PW_RESPOND_OPTS_INIT                                                                       \
	{                                                                                          \
		.replace = 0                                                                       \
	}

typedef struct {
	int status;      /* PW_RESPONSE_NEW, _REPLACED or _SAME (nothing recorded) */
	char commit[41]; /* the commit recording it; "" when _SAME */
} pw_respond_result;

/* Records `answer` (its tsp and change name them; stamped with the time it
 * is received, as pw_response_record does); the commit's author is the
 * workspace's (the officer). */
int pw_respond_run(pw_respond_result *out, pw_workspace *ws, pw_response *answer,
                   const pw_respond_opts *opts);

#endif
