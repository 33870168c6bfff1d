/* pkiwatch publish: one issue per change (group) and the dashboard issue. */
#include "tool.h"

#include "classify/dates.h"
#include "util/error.h"
#include "util/fileio.h"
#include "publish/publish_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static size_t max_requests(void)
{
	const char *env = getenv("PKIWATCH_GITHUB_MAX_REQUESTS");
	return env && *env ? strtoul(env, NULL, 10) : 0;
}

int tool_publish_run(pw_tool *t, const pw_sources *sources, const pw_config *cfg, int dry,
                     const char *outbox, pw_publish_run *r)
{
	pw_publish_run_opts o;
	const pw_publish_stats *st = &r->st;
	const char *ca = getenv("PKIWATCH_CA_FILE");
	char *box = NULL, day[11];
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (dry && !(box = outbox ? strdup(outbox) : pw_path_join(cfg->root, "out/outbox")))
		rc = pw_error_oom();
	if (rc == 0)
		rc = tool_today(day);
	memset(&o, 0, sizeof(o));
	o.cache_dir = t->cache_dir;
	o.outbox = box;
	o.ca_file = ca && *ca ? ca : NULL;
	o.today = day;
	o.max_requests = max_requests();
	if (rc == 0)
		rc = pw_publish_run_start(r, sources, cfg, &o);
	if (rc < 0)
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
	if (dry)
		printf("dry run: requests in %s, rendered bodies in %s\n", box, r->bodies);
out:
	if (rc < 0)
		rc = tool_fail(rc);
	free(box);
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
	if ((rc = tool_cache_dir(t)) == 0) {
		pw_publish_run r;
		rc = tool_publish_run(t, sources, cfg, dry, outbox, &r);
		pw_publish_run_clear(&r);
	}
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
