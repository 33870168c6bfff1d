/* The respond use case (respond.h). */
#include "app/respond.h"

#include "core/tsp.h"
#include "ledger/ledger.h"
#include "util/day.h"

#include <string.h>

/* The answer fits: its per-CA answers name the TSP's extant CAs, the change
 * is in the mirrors, signed off as applicable and applies to the TSP. */
static int check(pw_workspace *ws, const pw_config *cfg, pw_response *r)
{
	pw_responses one = {.items = r, .count = 1};
	const pw_source *source;
	const pw_changeset *set;
	const pw_ledger *ledger;
	pw_tsp tsp;
	int rc;

	memset(&tsp, 0, sizeof(tsp));
	if ((rc = pw_workspace_source_of(&source, ws, r->change)) < 0)
		return rc;
	if ((rc = pw_tsp_load(&tsp, cfg->root, r->tsp)) < 0 ||
	    (rc = pw_response_cas_check(&one, &tsp, "respond")) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, source->id)) < 0)
		goto out;
	rc = pw_response_applies(set, pw_ledger_find(ledger, r->change), r->change, &tsp);
out:
	pw_tsp_clear(&tsp);
	return rc;
}

int pw_respond_run(pw_respond_result *out, pw_workspace *ws, pw_response *answer,
                   const pw_respond_opts *opts)
{
	pw_respond_opts none = PW_RESPOND_OPTS_INIT;
	const pw_config *cfg;
	const char *name, *email;
	char now[21];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 || (rc = check(ws, cfg, answer)) < 0 ||
	    (rc = pw_response_compare(&out->status, cfg->root, answer, opts->replace)) < 0 ||
	    out->status == PW_RESPONSE_SAME)
		return rc;
	if ((rc = pw_workspace_now(now, ws)) < 0 ||
	    (rc = pw_workspace_author(&name, &email, ws)) < 0)
		return rc;
	return pw_response_record(out->commit, cfg->root, answer, name, email, now, opts->cancel);
}
