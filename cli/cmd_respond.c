/* pkiwatch respond: records one TSP's answer to one change in the ledger. */
#include "tool.h"

#include "classify/changeset.h"
#include "util/error.h"
#include "util/json.h"
#include "ledger/ledger.h"
#include "tsp/response.h"
#include "core/tsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
    "usage: pkiwatch respond --tsp T --change ID --impact LEVEL --days N --meets-date yes|no\n"
    "                        [--planned DATE] [--description TEXT] [--mitigation TEXT]\n"
    "                        [--note TEXT] [--replace]\n"
    "\n"
    "Records TSP T's answer to change ID in the \"responses\" object of ledger/ID.json\n"
    "and commits that file alone (author: git's user.name/user.email, else the first\n"
    "officer; with a Signed-off-by trailer). The change must be signed off as applicable\n"
    "and apply to T. Recording the same answer again changes nothing; a different answer\n"
    "is refused (exit 2, naming both) unless --replace is given.\n"
    "  --tsp T             the TSP (tsps/T.json)\n"
    "  --change ID         the change (an id from 'pkiwatch changes')\n"
    "  --impact LEVEL      none, low, medium or high\n"
    "  --days N            implementation time in days (0 to 3650)\n"
    "  --meets-date yes|no can the effective date be met\n"
    "  --planned DATE      YYYY-MM-DD, required with --meets-date no\n"
    "  --description TEXT  what the impact is\n"
    "  --mitigation TEXT   the mitigation until the planned date\n"
    "  --note TEXT         a note\n"
    "  --replace           overwrite a different recorded answer\n";

enum {
	OPT_TSP = OPT_GLOBAL_END,
	OPT_CHANGE,
	OPT_IMPACT,
	OPT_DAYS,
	OPT_MEETS,
	OPT_PLANNED,
	OPT_DESC,
	OPT_MITIGATION,
	OPT_NOTE,
	OPT_REPLACE
};

typedef struct {
	const char *tsp, *change, *impact, *days, *meets, *planned, *desc, *mitigation, *note;
	int replace;
} args;

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The answer from the options; a usage error (exit 2) when a value is bad. */
static int build(const args *a, pw_response *r)
{
	char *end;
	memset(r, 0, sizeof(*r));
	if (!a->tsp || !a->change || !a->impact || !a->days || !a->meets)
		return tool_usage("respond", "--tsp, --change, --impact, --days and --meets-date "
		                             "are required");
	if (!pw_tsp_id_valid(a->tsp))
		return tool_usage("respond", "'%s' is not a TSP id", a->tsp);
	if (!pw_response_impact_valid(a->impact))
		return tool_usage("respond", "--impact takes none, low, medium or high, not '%s'",
		                  a->impact);
	memcpy(r->impact, a->impact, strlen(a->impact) + 1);
	r->days = strtol(a->days, &end, 10);
	if (*end || end == a->days || r->days < 0 || r->days > PW_RESPONSE_MAX_DAYS)
		return tool_usage("respond", "--days takes 0 to %d, not '%s'", PW_RESPONSE_MAX_DAYS,
		                  a->days);
	if (strcmp(a->meets, "yes") != 0 && strcmp(a->meets, "no") != 0)
		return tool_usage("respond", "--meets-date takes yes or no, not '%s'", a->meets);
	r->meets_date = strcmp(a->meets, "yes") == 0;
	if (a->planned) {
		if (!pw_json_is_date(a->planned))
			return tool_usage("respond", "--planned takes a date YYYY-MM-DD, not '%s'",
			                  a->planned);
		memcpy(r->planned, a->planned, 11);
	}
	if (!r->meets_date && !r->planned[0])
		return tool_usage("respond", "--meets-date no needs --planned DATE");
	if (r->meets_date && r->planned[0])
		return tool_usage("respond", "--planned goes with --meets-date no");
	if (!(r->tsp = strdup(a->tsp)) || !(r->change = strdup(a->change)) ||
	    (a->desc && !(r->description = strdup(a->desc))) ||
	    (a->mitigation && !(r->mitigation = strdup(a->mitigation))) ||
	    (a->note && !(r->note = strdup(a->note)))) {
		pw_response_clear(r);
		tool_error("out of memory");
		return 1;
	}
	return 0;
}

static int run(pw_tool *t, const pw_sources *sources, const pw_config *cfg, const args *a,
               pw_response *r)
{
	pw_changeset_opts co = {t->cache_dir, NULL, NULL, 0, 0, 0};
	pw_changeset set = {NULL, 0};
	pw_ledger ledger = {NULL, 0};
	pw_tsp tsp;
	char *name = NULL, *email = NULL, commit[41] = "", now[32];
	const char *at = strchr(a->change, '@');
	char *source = at ? strndup(a->change, (size_t)(at - a->change)) : NULL;
	int rc, status = 0;

	memset(&tsp, 0, sizeof(tsp));
	if (!at || !source || !pw_sources_find(sources, source)) {
		tool_error("unknown change id '%s' (expected <source>@<12 hex>, see 'pkiwatch "
		           "changes')",
		           a->change);
		free(source);
		return 2;
	}
	co.only_source = source;
	if ((rc = pw_tsp_load(&tsp, cfg->root, a->tsp)) < 0 ||
	    (rc = pw_ledger_load(&ledger, cfg->root)) < 0 ||
	    (rc = pw_changeset_collect(&set, sources, cfg, &co)) < 0 ||
	    (rc = pw_response_applies(&set, pw_ledger_find(&ledger, a->change), a->change, &tsp)) <
	        0 ||
	    (rc = pw_response_compare(cfg->root, r, a->replace, &status)) < 0)
		goto fail;
	if (status == PW_RESPONSE_SAME) {
		printf("%s: the answer of %s is already in ledger/%s.json\n", a->change, a->tsp,
		       a->change);
		rc = 0;
		goto out;
	}
	now_iso(now);
	if ((rc = pw_ledger_author(cfg->root, cfg->nofficers ? cfg->officers[0].name : NULL,
	                           cfg->nofficers ? cfg->officers[0].email : NULL, &name, &email)) <
	        0 ||
	    (rc = pw_response_record(cfg->root, r, name, email, now, commit)) < 0)
		goto fail;
	printf("%s: answer of %s %s in ledger/%s.json (commit %.12s)\n", a->change, a->tsp,
	       status == PW_RESPONSE_REPLACED ? "replaced" : "recorded", a->change, commit);
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	free(name);
	free(email);
	free(source);
	pw_tsp_clear(&tsp);
	pw_ledger_clear(&ledger);
	pw_changeset_clear(&set);
	return rc;
}

int cmd_respond(pw_tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
	    TOOL_GLOBAL_OPTIONS,
	    {"tsp", required_argument, NULL, OPT_TSP},
	    {"change", required_argument, NULL, OPT_CHANGE},
	    {"impact", required_argument, NULL, OPT_IMPACT},
	    {"days", required_argument, NULL, OPT_DAYS},
	    {"meets-date", required_argument, NULL, OPT_MEETS},
	    {"planned", required_argument, NULL, OPT_PLANNED},
	    {"description", required_argument, NULL, OPT_DESC},
	    {"mitigation", required_argument, NULL, OPT_MITIGATION},
	    {"note", required_argument, NULL, OPT_NOTE},
	    {"replace", no_argument, NULL, OPT_REPLACE},
	    {NULL, 0, NULL, 0},
	};
	args a;
	pw_response r;
	pw_sources *sources = NULL;
	pw_config *cfg = NULL;
	int opt, rc;

	memset(&a, 0, sizeof(a));
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (tool_global_option(t, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		case OPT_TSP:
			a.tsp = optarg;
			break;
		case OPT_CHANGE:
			a.change = optarg;
			break;
		case OPT_IMPACT:
			a.impact = optarg;
			break;
		case OPT_DAYS:
			a.days = optarg;
			break;
		case OPT_MEETS:
			a.meets = optarg;
			break;
		case OPT_PLANNED:
			a.planned = optarg;
			break;
		case OPT_DESC:
			a.desc = optarg;
			break;
		case OPT_MITIGATION:
			a.mitigation = optarg;
			break;
		case OPT_NOTE:
			a.note = optarg;
			break;
		case OPT_REPLACE:
			a.replace = 1;
			break;
		default:
			return tool_usage("respond", "unknown or incomplete option '%s'",
			                  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tool_usage("respond", "unexpected argument '%s'", argv[optind]);
	if ((rc = build(&a, &r)) != 0)
		return rc;
	if ((rc = tool_load(t, &sources, &cfg)) == 0 && (rc = tool_cache_dir(t)) == 0)
		rc = run(t, sources, cfg, &a, &r);
	pw_response_clear(&r);
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
