/* pkiwatch responses import: a TSP's response file into the ledger. */
#include "tool.h"

#include "changeset.h"
#include "error.h"
#include "ledger.h"
#include "response.h"
#include "tsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
    "usage: pkiwatch responses import [--replace] FILE\n"
    "\n"
    "Records the answers in FILE, a TSP's response file, in the \"responses\" object\n"
    "of each change's ledger/<change id>.json, one commit per change whose answer is\n"
    "new (that file alone; author: git's user.name/user.email, else the first officer;\n"
    "with a Signed-off-by trailer). An answer already recorded unchanged makes no\n"
    "commit, so importing the same file twice changes nothing. The import is all or\n"
    "nothing: a bad entry, a change not signed off as applicable or not applying to\n"
    "the TSP, or an answer conflicting with the recorded one (without --replace)\n"
    "stops it with exit status 2 before anything is written.\n"
    "\n"
    "Response file (JSON; unknown keys are errors):\n"
    "  {\"tsp\": \"<tsp id>\",\n"
    "   \"form\": \"<form id>\",                      optional\n"
    "   \"responses\": [\n"
    "     {\"change\": \"<change id>\",\n"
    "      \"impact\": \"none\" | \"low\" | \"medium\" | \"high\",\n"
    "      \"description\": \"...\",                  optional\n"
    "      \"days\": N,                               implementation time, 0 to 3650\n"
    "      \"meets_date\": true | false,             can the effective date be met\n"
    "      \"planned\": \"YYYY-MM-DD\",                required when meets_date is false\n"
    "      \"mitigation\": \"...\",                   optional\n"
    "      \"note\": \"...\"}]}                        optional\n"
    "  --replace   overwrite recorded answers that differ\n";

enum { OPT_REPLACE = OPT_GLOBAL_END };

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int run(pw_tool *t, const pw_sources *sources, const pw_config *cfg, const char *file,
               int replace)
{
	pw_changeset_opts co = {t->cache_dir, NULL, NULL, 0, 0, 0};
	pw_changeset set = {NULL, 0};
	pw_ledger ledger = {NULL, 0};
	pw_responses rs = {NULL, 0};
	pw_tsp tsp;
	int *status = NULL;
	char *name = NULL, *email = NULL, now[32], commit[41];
	size_t i, conflicts = 0, recorded = 0;
	int rc;

	memset(&tsp, 0, sizeof(tsp));
	if ((rc = pw_response_file_load(&rs, file)) < 0)
		goto fail;
	if ((rc = pw_tsp_load(&tsp, cfg->root, rs.items[0].tsp)) < 0) {
		pw_error_prefix(rc, "%s: $.tsp", file);
		goto fail;
	}
	if (!(status = calloc(rs.count, sizeof(*status)))) {
		rc = pw_error_oom();
		goto fail;
	}
	if ((rc = pw_ledger_load(&ledger, cfg->root)) < 0 ||
	    (rc = pw_changeset_collect(&set, sources, cfg, &co)) < 0)
		goto fail;
	/* everything checked before anything is written */
	for (i = 0; i < rs.count; i++) {
		pw_response *r = &rs.items[i];
		if ((rc = pw_response_applies(&set, pw_ledger_find(&ledger, r->change), r->change,
		                              &tsp)) < 0) {
			pw_error_prefix(rc, "%s: $.responses[%zu].change", file, i);
			goto fail;
		}
		if ((rc = pw_response_compare(cfg->root, r, replace, &status[i])) < 0) {
			tool_fail(rc);
			conflicts++;
		}
	}
	if (conflicts) {
		tool_error("%s: %zu conflicting answer%s; nothing recorded", file, conflicts,
		           conflicts == 1 ? "" : "s");
		rc = 2;
		goto out;
	}
	now_iso(now);
	if ((rc = pw_ledger_author(cfg->root, cfg->nofficers ? cfg->officers[0].name : NULL,
	                           cfg->nofficers ? cfg->officers[0].email : NULL, &name, &email)) <
	    0)
		goto fail;
	for (i = 0; i < rs.count; i++) {
		pw_response *r = &rs.items[i];
		if (status[i] == PW_RESPONSE_SAME) {
			printf("%s: unchanged\n", r->change);
			continue;
		}
		if ((rc = pw_response_record(cfg->root, r, name, email, now, commit)) < 0)
			goto fail;
		printf("%s: %s (commit %.12s)\n", r->change,
		       status[i] == PW_RESPONSE_REPLACED ? "replaced" : "recorded", commit);
		recorded++;
	}
	printf("%s: %zu answer%s of %s, %zu recorded\n", file, rs.count, rs.count == 1 ? "" : "s",
	       tsp.id, recorded);
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	free(status);
	free(name);
	free(email);
	pw_tsp_clear(&tsp);
	pw_responses_clear(&rs);
	pw_ledger_clear(&ledger);
	pw_changeset_clear(&set);
	return rc;
}

int cmd_responses(pw_tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
	    TOOL_GLOBAL_OPTIONS,
	    {"replace", no_argument, NULL, OPT_REPLACE},
	    {NULL, 0, NULL, 0},
	};
	pw_sources *sources = NULL;
	pw_config *cfg = NULL;
	int opt, rc, replace = 0;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (tool_global_option(t, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		case OPT_REPLACE:
			replace = 1;
			break;
		default:
			return tool_usage("responses", "unknown or incomplete option '%s'",
			                  argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "import") != 0)
		return tool_usage("responses", "expected 'import FILE'");
	if (optind + 2 != argc)
		return tool_usage("responses", "import takes one FILE");
	if ((rc = tool_load(t, &sources, &cfg)) == 0 && (rc = tool_cache_dir(t)) == 0)
		rc = run(t, sources, cfg, argv[optind + 1], replace);
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
