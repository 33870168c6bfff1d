/* The use case of `pkiwatch obligations`: the TSPs' obligations derived
 * today (tsp/obligctx.h) on what the workspace loads, those of one status
 * (or all), overdue first, then by the next milestone or due date. */
#ifndef PW_LIST_OBLIGATIONS_H
#define PW_LIST_OBLIGATIONS_H

#include <stddef.h>

#include "app/workspace.h"
#include "tsp/obligation.h"

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
} pw_list_obligations_result;

/* Clear `out` either way. */
int pw_list_obligations_run(pw_list_obligations_result *out, pw_workspace *ws,
                            const pw_list_obligations_opts *opts);
void pw_list_obligations_result_clear(pw_list_obligations_result *r);

#endif
