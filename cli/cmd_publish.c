/* pkiwatch publish: one issue per change (group) and the dashboard issue. */
#include "tool.h"

#include "app/publish_all.h"

#include <stdio.h>

static const char about[] =
    "Opens or updates one issue per change (the changes of one ballot in one source\n"
    "share an issue) in the configuration's repository, and the dashboard issue.\n"
    "Changes older than the configuration's since date are never published.\n"
    "Idempotent: issues are found again through hidden markers, also when their\n"
    "pkiwatch label was removed. A body longer than GitHub allows (65,536\n"
    "characters) is cut with a note saying where the full record is. An issue\n"
    "GitHub refuses is reported and the others are still published; the exit\n"
    "status is then 1, and a re-run tries it again.\n";

static const char after[] =
    "Environment: GITHUB_TOKEN or GH_TOKEN (the token), GITHUB_API_URL (GitHub\n"
    "Enterprise Server), PKIWATCH_CA_FILE.\n";

int tool_publish_report(pw_tool *t, int rc, const pw_publish_all_result *r)
{
	const pw_publish_stats *st = &r->run.st;
	const pw_config *cfg;
	const char *dry = r->outbox ? "dry run: " : "";
	size_t i, n;

	/* stopped (not one issue's failure): nothing to report but why */
	if ((rc < 0 && !st->failed && !st->obligations.failed) ||
	    pw_workspace_config(&cfg, t->ws) < 0)
		return rc < 0 ? tool_fail(rc) : 0;
	n = r->run.set->count - r->run.baselined.count;
	printf("%s%s: %zu change%s in %zu issue%s: %zu created, %zu updated, %zu unchanged", dry,
	       cfg->repository, n, n == 1 ? "" : "s", st->groups, st->groups == 1 ? "" : "s",
	       st->created, st->updated, st->unchanged);
	if (st->reopened)
		printf(" (%zu reopened)", st->reopened);
	if (st->labels_created)
		printf("; %zu label%s created", st->labels_created,
		       st->labels_created == 1 ? "" : "s");
	printf("; dashboard %s; %zu GitHub request%s\n",
	       st->dashboard_created   ? "created"
	       : st->dashboard_updated ? "updated"
	                               : "unchanged",
	       st->requests, st->requests == 1 ? "" : "s");
	if (r->run.oblig->obligations.count || st->obligations.count)
		printf("%sobligations: %zu issue%s: %zu created, %zu updated, %zu unchanged, %zu "
		       "closed, %zu reopened; %zu GitHub request%s\n",
		       dry, st->obligations.count, st->obligations.count == 1 ? "" : "s",
		       st->obligations.created, st->obligations.updated, st->obligations.unchanged,
		       st->obligations.closed, st->obligations.reopened, st->obligations.requests,
		       st->obligations.requests == 1 ? "" : "s");
	if (cfg->baseline[0]) {
		printf("baseline %s: %zu earlier change%s not published (the status quo; %s)",
		       cfg->baseline, r->run.baselined.count,
		       r->run.baselined.count == 1 ? "" : "s",
		       r->run.baseline_recorded ? "recorded in the ledger"
		                                : "not recorded yet: run 'pkiwatch baseline'");
		if (st->baseline_issue > 0 || st->baseline_created)
			printf("; one summary issue #%ld %s", st->baseline_issue,
			       st->baseline_created   ? "opened"
			       : st->baseline_updated ? "updated"
			                              : "unchanged");
		printf("\n");
	}
	if (r->outbox)
		printf("dry run: requests in %s, rendered bodies in %s\n", r->outbox,
		       r->run.bodies);
	for (i = 0; i < st->nresults; i++) /* the issues GitHub refused, then the count */
		if (st->results[i].error)
			tool_error("%s", st->results[i].error);
	for (i = 0; i < st->obligations.count; i++)
		if (st->obligations.items[i].error)
			tool_error("%s", st->obligations.items[i].error);
	fflush(stdout);
	return rc < 0 ? tool_fail(rc) : 0;
}

int cmd_publish(pw_tool *t, int argc, char **argv)
{
	pw_publish_all_opts o = {.dry_run = 0, .outbox = NULL};
	const opt_spec spec[] = {
	    {.type = OPT_SWITCH,
	     .name = "dry-run",
	     .value = &o.dry_run,
	     .help = "send nothing: write every request (method, path, JSON body) and the\n"
	             "rendered bodies to the outbox, and print a summary"},
	    TOOL_OPT_OUTBOX(&o.outbox),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"publish", about, after, 16, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if (o.outbox && !o.dry_run)
		return tool_usage(cmd.name, "--outbox goes with --dry-run");
	if ((rc = tool_open(t, NULL, 0)) == 0) {
		pw_publish_all_result r;
		rc = tool_publish_report(t, pw_publish_all_run(&r, t->ws, &o), &r);
		pw_publish_all_result_clear(&r);
	}
	return rc;
}
