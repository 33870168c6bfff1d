/* The summary use case (summarize.h). */
#include "app/summarize.h"

#include <string.h>

int pw_summarize_run(pw_summary *out, pw_workspace *ws, const pw_summarize_opts *opts)
{
	pw_summarize_opts none = PW_SUMMARIZE_OPTS_INIT;
	const pw_obligctx *ctx;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *tsps;
	const pw_responses *rs;
	const pw_issued *issued;
	const char *day;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if ((rc = pw_workspace_today(&day, ws)) < 0 || (rc = pw_workspace_tsps(&tsps, ws)) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_responses(&rs, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_issued(&issued, ws)) < 0 ||
	    (rc = pw_summary_build(out, set, ledger, tsps, rs, day)) < 0 ||
	    (rc = pw_workspace_obligations(&ctx, ws, day, opts->tsp)) < 0)
		return rc;
	pw_summary_set_forms(out, issued);
	pw_summary_set_obligations(out, &ctx->obligations);
	return 0;
}
