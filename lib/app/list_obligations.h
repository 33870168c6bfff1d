/* The use case of `pkiwatch obligations`: the TSPs' obligations derived
 * today (tsp/obligctx.h) on what the workspace loads, those of one status
 * (or all), overdue first, then by the next milestone or due date. */
#ifndef PW_LIST_OBLIGATIONS_H
#define PW_LIST_OBLIGATIONS_H

#include <stddef.h>

#include "app/workspace.h"
#include "tsp/obligation.h"
#include "util/buf.h"

/* Which obligations: open (open and overdue), overdue, met, waived or all. */
enum {
	PW_LIST_OBLIGATIONS_OPEN = 0,
	PW_LIST_OBLIGATIONS_OVERDUE,
	PW_LIST_OBLIGATIONS_MET,
	PW_LIST_OBLIGATIONS_WAIVED,
	PW_LIST_OBLIGATIONS_ALL
};

typedef struct {
	const char *tsp; /* only this TSP's (PW_ENOTFOUND when unknown); NULL: every TSP */
	int status;      /* PW_LIST_OBLIGATIONS_* */
} pw_list_obligations_opts;

#define PW_LIST_OBLIGATIONS_OPTS_INIT                                                              \
	{                                                                                          \
		.status = PW_LIST_OBLIGATIONS_OPEN                                                 \
	}

typedef struct {
	const char *today;           /* borrowed from the workspace */
	const pw_obligation **items; /* borrowed from the workspace; the array is owned */
	size_t count;
	int status;      /* what was asked for (opts) */
	const char *tsp; /* borrowed from opts */
} pw_list_obligations_result;

/* Clear `out` either way. */
int pw_list_obligations_run(pw_list_obligations_result *out, pw_workspace *ws,
                            const pw_list_obligations_opts *opts);
void pw_list_obligations_result_clear(pw_list_obligations_result *r);

/* The obligations as text for a terminal, appended to `out`: per obligation
 * its id, status, due date, TSP and kind; what is to be done; the next
 * milestone (and in how many days) or when it was met or waived; the
 * milestones; the rule and why; the changes, the sentences quoted, the
 * evidence and the TSP's answer; then an empty line. None: "no [<status> ]
 * obligations[ for <tsp>]" (no status word for all). Untrusted text with
 * control characters as spaces. */
int pw_list_obligations_text(pw_buf *out, const pw_list_obligations_result *r);

/* The obligations as a JSON array of pw_obligation_to_json objects,
 * appended to `out` with a final line break. */
int pw_list_obligations_json(pw_buf *out, const pw_list_obligations_result *r);

#endif
