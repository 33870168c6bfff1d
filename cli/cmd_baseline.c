/* pkiwatch baseline: the officer records pkiwatch.json's baseline. */
#include "tool.h"

#include "app/baseline.h"

#include <stdio.h>

static const char about[] =
    "Records pkiwatch.json's \"baseline\" (YYYY-MM-DD) in the ledger as\n"
    "ledger/baselines/<date>.json, one commit (signed like every ledger commit), with\n"
    "the ids of the changes it covers: every change of the enabled sources since\n"
    "\"since\" dated before the baseline. They are the accepted status quo: publish and\n"
    "sync open no issue for each and send no reminder, but one summary issue for them\n"
    "all, closed once the baseline is recorded. Run it once, on the first day.\n"
    "Moving the baseline later is an explicit decision: change pkiwatch.json, then\n"
    "run 'pkiwatch baseline --replace' (until then publish refuses the new date).\n";

int cmd_baseline(pw_tool *t, int argc, char **argv)
{
	pw_app_baseline_opts o = PW_APP_BASELINE_OPTS_INIT;
	pw_app_baseline_result res;
	const opt_spec spec[] = {
	    {.type = OPT_SWITCH,
	     .name = "replace",
	     .value = &o.replace,
	     .help = "record it although another baseline is recorded"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"baseline", about, NULL, 14, spec};
	size_t nargs, i;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, NULL, 0)) != 0)
		return rc;
	if ((rc = pw_app_baseline_record(&res, t->ws, &o)) < 0)
		return tool_fail(rc);
	if (!res.recorded) {
		printf("baseline %s: recorded already in ledger/baselines/%s.json (%zu change%s)\n",
		       res.date, res.date, res.changes.count, res.changes.count == 1 ? "" : "s");
	} else {
		printf("baseline %s: %zu earlier change%s accepted as the status quo, recorded in "
		       "ledger/baselines/%s.json (commit %.12s)%s%s\n",
		       res.date, res.changes.count, res.changes.count == 1 ? "" : "s", res.date,
		       res.commit, res.replaced ? "; replaces the baseline " : "",
		       res.replaced ? res.replaced : "");
		for (i = 0; i < res.sources.count; i++)
			printf("  %-24s %zu\n", res.sources.items[i], res.counts[i]);
	}
	pw_app_baseline_result_clear(&res);
	return 0;
}
