/* pkiwatch publish: one issue per change (group) and the dashboard issue. */
#include "tool.h"

#include "buf.h"
#include "changeset.h"
#include "error.h"
#include "fileio.h"
#include "github.h"
#include "history.h"
#include "issue_body.h"
#include "ledger.h"
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
    "usage: pkiwatch publish [--dry-run] [--outbox DIR]\n"
    "\n"
    "Opens or updates one issue per change (the changes of one ballot in one source\n"
    "share an issue) in the configuration's repository, and the dashboard issue.\n"
    "Changes older than the configuration's since date are never published.\n"
    "Idempotent: issues are found again through hidden markers.\n"
    "  --dry-run     send nothing: write every request (method, path, JSON body) and the\n"
    "                rendered bodies to the outbox, and print a summary\n"
    "  --outbox DIR  the dry run's outbox (default <compliance repository>/out/outbox)\n"
    "Environment: GITHUB_TOKEN or GH_TOKEN (the token), GITHUB_API_URL (GitHub\n"
    "Enterprise Server), PKIWATCH_CA_FILE.\n";

enum { OPT_DRY_RUN = OPT_GLOBAL_END, OPT_OUTBOX };

/* Today (UTC), or $PKIWATCH_TODAY for reproducible runs. */
static void today(char out[11])
{
	const char *env = getenv("PKIWATCH_TODAY");
	time_t t = time(NULL);
	struct tm tm;
	if (env && strlen(env) == 10) {
		memcpy(out, env, 11);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static size_t max_requests(void)
{
	const char *env = getenv("PKIWATCH_GITHUB_MAX_REQUESTS");
	return env && *env ? strtoul(env, NULL, 10) : 0;
}

static int run(pw_tool *t, const pw_sources *sources, const pw_config *cfg, int dry,
               const char *outbox)
{
	pw_changeset_opts co = {t->cache_dir, NULL, NULL, 0, 0, 0};
	pw_changeset set = {NULL, 0};
	pw_issue_groups groups = {NULL, 0};
	pw_ledger ledger = {NULL, 0};
	pw_github_opts go;
	pw_github *gh = NULL;
	pw_publish_opts po;
	pw_publish_stats st;
	char *box = NULL, *bodies = NULL, day[11];
	const char *ca = getenv("PKIWATCH_CA_FILE");
	int rc;

	memset(&go, 0, sizeof(go));
	go.repository = cfg->repository;
	go.max_retries = -1;
	go.ca_file = ca && *ca ? ca : NULL;
	if (dry) {
		if (!(box = outbox ? strdup(outbox) : pw_path_join(cfg->root, "out/outbox")) ||
		    !(bodies = pw_path_join(box, "bodies"))) {
			rc = PW_ENOMEM;
			goto out;
		}
		go.outbox = box;
	}
	/* the client first: a missing token fails before the work */
	if ((rc = pw_github_new(&gh, &go)) < 0)
		goto out;
	if ((rc = pw_history_tune()) < 0 ||
	    (rc = pw_changeset_collect(&set, sources, cfg, &co)) < 0 ||
	    (rc = pw_issue_groups_build(&groups, &set)) < 0 ||
	    (rc = pw_ledger_load(&ledger, cfg->root)) < 0)
		goto out;
	today(day);
	memset(&po, 0, sizeof(po));
	po.cfg = cfg;
	po.groups = &groups;
	po.ledger = &ledger;
	po.today = day;
	po.bodies = bodies;
	po.max_requests = max_requests();
	rc = pw_publish(gh, &po, &st);
	if (rc < 0)
		goto out;
	printf("%s%s: %zu change%s in %zu issue%s: %zu created, %zu updated, %zu unchanged",
	       dry ? "dry run: " : "", cfg->repository, set.count, set.count == 1 ? "" : "s",
	       st.groups, st.groups == 1 ? "" : "s", st.created, st.updated, st.unchanged);
	if (st.reopened)
		printf(" (%zu reopened)", st.reopened);
	if (st.labels_created)
		printf("; %zu label%s created", st.labels_created,
		       st.labels_created == 1 ? "" : "s");
	printf("; dashboard %s%s; %zu GitHub request%s\n",
	       st.dashboard_created   ? "created"
	       : st.dashboard_updated ? "updated"
	                              : "unchanged",
	       st.dashboard > 0 && !dry ? "" : "", st.requests, st.requests == 1 ? "" : "s");
	if (dry)
		printf("dry run: requests in %s, rendered bodies in %s\n", box, bodies);
out:
	if (rc < 0)
		rc = tool_fail(rc);
	pw_github_free(gh);
	pw_ledger_clear(&ledger);
	pw_issue_groups_clear(&groups);
	pw_changeset_clear(&set);
	free(box);
	free(bodies);
	return rc;
}

int cmd_publish(pw_tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
	    TOOL_GLOBAL_OPTIONS,
	    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	    {"outbox", required_argument, NULL, OPT_OUTBOX},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = argv[0], *outbox = NULL;
	pw_sources *sources = NULL;
	pw_config *cfg = NULL;
	int opt, dry = 0, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (tool_global_option(t, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		case OPT_DRY_RUN:
			dry = 1;
			break;
		case OPT_OUTBOX:
			outbox = optarg;
			break;
		default:
			return tool_usage(cmd, "unknown or incomplete option '%s'",
			                  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tool_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (outbox && !dry)
		return tool_usage(cmd, "--outbox goes with --dry-run");
	if ((rc = tool_load(t, &sources, &cfg)) != 0)
		return rc;
	if ((rc = tool_cache_dir(t)) == 0)
		rc = run(t, sources, cfg, dry, outbox);
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
