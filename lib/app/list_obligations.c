/* The obligations use case (list_obligations.h). */
#include "app/list_obligations.h"

#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int wanted(const pw_obligation *o, int status)
{
	switch (status) {
	case PW_LIST_OBLIGATIONS_ALL:
		return 1;
	case PW_LIST_OBLIGATIONS_OPEN:
		return o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE;
	case PW_LIST_OBLIGATIONS_OVERDUE:
		return o->status == PW_OBLIGATION_OVERDUE;
	case PW_LIST_OBLIGATIONS_MET:
		return o->status == PW_OBLIGATION_MET;
	case PW_LIST_OBLIGATIONS_WAIVED:
		return o->status == PW_OBLIGATION_WAIVED;
	default:
		return 0;
	}
}

int pw_list_obligations_run(pw_list_obligations_result *out, pw_workspace *ws,
                            const pw_list_obligations_opts *opts)
{
	pw_list_obligations_opts none = PW_LIST_OBLIGATIONS_OPTS_INIT;
	const pw_obligctx *ctx;
	const pw_obligations *obs;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if (opts->status < PW_LIST_OBLIGATIONS_OPEN || opts->status > PW_LIST_OBLIGATIONS_ALL)
		return pw_error_set(PW_EINPUT, "obligations: unknown status %d", opts->status);
	out->status = opts->status;
	out->tsp = opts->tsp;
	if ((rc = pw_workspace_today(&out->today, ws)) < 0 ||
	    (rc = pw_workspace_obligations(&ctx, ws, out->today, opts->tsp)) < 0)
		return rc;
	obs = &ctx->obligations;
	if (!(out->items = calloc(obs->count ? obs->count : 1, sizeof(*out->items))))
		return pw_error_oom();
	for (i = 0; i < obs->count; i++)
		if (wanted(&obs->items[i], opts->status))
			out->items[out->count++] = &obs->items[i];
	return 0;
}

void pw_list_obligations_result_clear(pw_list_obligations_result *r)
{
	if (!r)
		return;
	free(r->items);
	memset(r, 0, sizeof(*r));
}
