/* The obligation action use case (record_obligation.h). */
#include "app/record_obligation.h"

#include <string.h>

int pw_record_obligation_run(pw_obligrec_result *out, pw_workspace *ws,
                             const pw_obligrec_action *action)
{
	pw_obligrec_action a = *action;
	const pw_obligctx *ctx;
	const pw_config *cfg;
	const pw_changeset *set;
	const char *day, *name, *email;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 || (rc = pw_workspace_today(&day, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_author(&name, &email, ws)) < 0)
		return rc;
	if (!a.today)
		a.today = day;
	if ((rc = pw_workspace_obligations(&ctx, ws, a.today, NULL)) < 0)
		return rc;
	return pw_obligrec_record(out, cfg->root, &ctx->obligations, ctx->tsps, set, &a, name,
	                          email);
}
