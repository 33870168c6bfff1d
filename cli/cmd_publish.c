/* pkiwatch publish: one issue per change (group) and the dashboard issue. */
#include "tool.h"

#include "classify/dates.h"
#include "util/error.h"
#include "util/fileio.h"
#include "publish/publish_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static size_t max_requests(void)
{
	const char *env = getenv("PKIWATCH_GITHUB_MAX_REQUESTS");
	return env && *env ? strtoul(env, NULL, 10) : 0;
}

int tool_publish_run(pw_tool *t, int dry, const char *outbox, pw_publish_run *r)
{
	pw_publish_run_opts o = PW_PUBLISH_RUN_OPTS_INIT;
	const pw_publish_stats *st = &r->st;
	const pw_sources *sources = NULL;
	const pw_config *cfg = NULL;
	char *box = NULL;
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = pw_workspace_sources(&sources, t->ws)) == 0 &&
	    (rc = pw_workspace_config(&cfg, t->ws)) == 0 && dry &&
	    !(box = outbox ? strdup(outbox) : pw_path_join(cfg->root, "out/outbox")))
		rc = pw_error_oom();
	if (rc == 0 && (rc = pw_workspace_today(&o.today, t->ws)) == 0 &&
	    (rc = pw_workspace_cache_dir(&o.cache_dir, t->ws)) == 0 &&
	    (rc = pw_workspace_ca_file(&o.ca_file, t->ws)) == 0) {
		o.outbox = box;
		o.max_requests = max_requests();
		rc = pw_publish_run_start(r, sources, cfg, &o);
	}
	if (rc < 0 && !st->failed) /* stopped: not one issue's failure */
		goto out;
	printf("%s%s: %zu change%s in %zu issue%s: %zu created, %zu updated, %zu unchanged",
	       dry ? "dry run: " : "", cfg->repository, r->set.count, r->set.count == 1 ? "" : "s",
	       st->groups, st->groups == 1 ? "" : "s", st->created, st->updated, st->unchanged);
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
	if (r->oblig.obligations.count || st->obligations.count)
		printf("%sobligations: %zu issue%s: %zu created, %zu updated, %zu unchanged, %zu "
		       "closed, %zu reopened; %zu GitHub request%s\n",
		       dry ? "dry run: " : "", st->obligations.count,
		       st->obligations.count == 1 ? "" : "s", st->obligations.created,
		       st->obligations.updated, st->obligations.unchanged, st->obligations.closed,
		       st->obligations.reopened, st->obligations.requests,
		       st->obligations.requests == 1 ? "" : "s");
	if (dry)
		printf("dry run: requests in %s, rendered bodies in %s\n", box, r->bodies);
	for (i = 0; i < st->nresults; i++) /* the issues GitHub refused, then the count */
		if (st->results[i].error)
			tool_error("%s", st->results[i].error);
	fflush(stdout);
out:
	if (rc < 0)
		rc = tool_fail(rc);
	free(box);
	return rc;
}

int cmd_publish(pw_tool *t, int argc, char **argv)
{
	const char *outbox = NULL;
	int dry = 0;
	const opt_spec spec[] = {
	    {.type = OPT_SWITCH,
	     .name = "dry-run",
	     .value = &dry,
	     .help = "send nothing: write every request (method, path, JSON body) and the\n"
	             "rendered bodies to the outbox, and print a summary"},
	    {.type = OPT_STRING,
	     .name = "outbox",
	     .value = &outbox,
	     .arg = "DIR",
	     .help = "the dry run's outbox (default <compliance repository>/out/outbox)"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"publish", about, after, 16, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if (outbox && !dry)
		return tool_usage(cmd.name, "--outbox goes with --dry-run");
	if ((rc = tool_open(t, NULL, 0)) == 0) {
		pw_publish_run r;
		rc = tool_publish_run(t, dry, outbox, &r);
		pw_publish_run_clear(&r);
	}
	return rc;
}
