/* The use case of `pkiwatch summary`: the change x TSP summary
 * (tsp/summary.h) on what the workspace loads, today, with the first form
 * that asked each TSP about each change (its reply-by date) and the TSPs'
 * open obligations; the caller renders it (pw_summary_text, _markdown,
 * _json). */
#ifndef PW_SUMMARIZE_H
#define PW_SUMMARIZE_H

#include "app/workspace.h"
#include "tsp/summary.h"

typedef struct {
	/* only this TSP's rows and obligations; NULL: every TSP the workspace
	 * loads */
	const char *tsp;
} pw_summarize_opts;

#define PW_SUMMARIZE_OPTS_INIT                                                                     \
	{                                                                                          \
		.tsp = NULL                                                                        \
	}

/* The summary in `out` borrows from the workspace (changes, TSPs, responses,
 * forms, obligations): render it before pw_workspace_free. Clear `out`
 * (pw_summary_clear) either way. */
int pw_summarize_run(pw_summary *out, pw_workspace *ws, const pw_summarize_opts *opts);

#endif
