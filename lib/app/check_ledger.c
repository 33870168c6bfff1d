/* The ledger check use case (check_ledger.h). */
#include "app/check_ledger.h"

#include "classify/changeset.h"

#include <string.h>

static int known(const char *id, void *arg)
{
	return pw_changeset_find(arg, id) != NULL;
}

int pw_check_ledger_run(pw_verify_report *out, pw_workspace *ws)
{
	pw_verify_opts vo = PW_VERIFY_OPTS_INIT;
	const pw_changeset *set;
	const pw_config *cfg;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0)
		return rc;
	vo.known = known;
	vo.known_arg = (void *)set;
	return pw_verify_ledger(out, cfg->root, &vo);
}
