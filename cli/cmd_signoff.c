/* pkiwatch signoff: the officer's decision, in the ledger and on the issue. */
#include "tool.h"

#include "classify/changeset.h"
#include "util/error.h"
#include "github/github.h"
#include "publish/issue.h"
#include "ledger/ledger.h"
#include "publish/signoff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Records the decision on change ID (an id from 'pkiwatch changes') in\n"
    "ledger/ID.json of the compliance repository and commits that file alone (author:\n"
    "git's user.name/user.email, else the first officer; with a Signed-off-by trailer).\n"
    "Then, with a GitHub token, comments the decision on the change's issue, swaps\n"
    "needs-signoff for signed-off and closes the issue once every change in it is\n"
    "signed off. Without a token the decision is recorded all the same (the ledger is\n"
    "the source of truth) and the next 'pkiwatch sync' or 'publish' shows it on the\n"
    "issue. The commit is signed when the repository's git configuration or\n"
    "pkiwatch.json asks for it (see 'Signed sign-offs' in the README).\n"
    "Re-running with the same decision finishes a GitHub part that failed, without a\n"
    "second ledger entry. A different decision is refused: revert the ledger commit\n"
    "(git revert) first.\n"
    "--tsp names the TSPs an applicable change applies to; with not-applicable it is\n"
    "refused (a change that does not apply applies to no TSP). Only changes the\n"
    "mirror shows since the configuration's since date can be signed off: an older\n"
    "one is an unknown change id.\n";

static const char after[] = "Environment: GITHUB_TOKEN or GH_TOKEN, GITHUB_API_URL.\n";

typedef struct {
	const char *id, *decision, *note;
	opt_list tsps;
} args;

static int github_client(pw_workspace *ws, const pw_config *cfg, pw_github **gh)
{
	pw_github_opts go = PW_GITHUB_OPTS_INIT;
	int rc, timeout;

	if ((rc = pw_config_network_timeout(&timeout, cfg)) < 0)
		return rc;
	go.repository = cfg->repository;
	go.max_retries = -1;
	go.timeout_ms = timeout * 1000L; /* 0: the client's default */
	if ((rc = pw_workspace_ca_file(&go.ca_file, ws)) < 0)
		return rc;
	return pw_github_new(gh, &go);
}

/* A token is there: the issue is updated at once (else by the next sync). */
static int have_token(void)
{
	const char *a = getenv("GITHUB_TOKEN"), *b = getenv("GH_TOKEN");
	return (a && *a) || (b && *b);
}

static int run(pw_workspace *ws, const args *a)
{
	const pw_config *cfg;
	const pw_source *source;
	const pw_changeset *set;
	const pw_ledger *ledger;
	pw_issue_groups groups = {NULL, 0};
	pw_signoff_request req = {.decision = a->decision,
	                          .tsps = a->tsps.items,
	                          .ntsps = a->tsps.count,
	                          .note = a->note,
	                          .cancel = &tool_stop_signal};
	pw_signoff_result res;
	pw_github *gh = NULL;
	const pw_changeset_item *it;
	int rc;

	memset(&res, 0, sizeof(res));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_source_of(&source, ws, a->id)) < 0)
		return tool_fail(rc);
	/* the client first: a bad token setting fails before anything is written */
	if ((have_token() && (rc = github_client(ws, cfg, &gh)) < 0) ||
	    (rc = pw_signoff_check_tsps(cfg, a->tsps.items, a->tsps.count)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, source->id)) < 0 ||
	    (rc = pw_issue_groups_build(&groups, set)) < 0) {
		rc = tool_fail(rc);
		goto out;
	}
	if (!(it = pw_changeset_find(set, a->id))) {
		tool_error("unknown change id '%s': not a change of %s in the mirror%s%s", a->id,
		           source->id, cfg->since[0] ? " since " : "", cfg->since);
		rc = 2;
		goto out;
	}
	{ /* the words before the decision is recorded */
		char *terms = NULL;
		if ((rc = pw_signoff_terms(it, &terms)) < 0) {
			rc = tool_fail(rc);
			goto out;
		}
		if (*terms)
			printf("%s\n", terms);
		free(terms);
		fflush(stdout);
	}
	if ((rc = pw_workspace_author(&req.author_name, &req.author_email, ws)) < 0 ||
	    (rc = pw_signoff_record(cfg, it, &req, &res)) < 0) {
		rc = tool_fail(rc);
		goto out;
	}
	if (res.recorded)
		printf("%s: %s, recorded in ledger/%s.json (commit %.12s)\n", a->id, a->decision,
		       a->id, res.commit);
	else
		printf("%s: %s, already in ledger/%s.json\n", a->id, a->decision, a->id);
	if (tool_stop_signal) { /* recorded; the issue can wait */
		tool_error("interrupted (%s): the decision is recorded; the next 'pkiwatch sync' "
		           "shows it on the issue",
		           strsignal(tool_stop_signal));
		rc = 1;
		goto out;
	}
	if (!gh) {
		printf("no GitHub token (GITHUB_TOKEN or GH_TOKEN): the next 'pkiwatch sync' shows "
		       "the decision on the issue\n");
		rc = 0;
		goto out;
	}
	if ((rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_signoff_github(gh, pw_issue_groups_find_change(&groups, a->id), ledger,
	                            &res)) < 0) {
		rc = tool_fail(rc);
		tool_error("the ledger entry is committed; run the same signoff again to update "
		           "the issue");
		goto out;
	}
	if (res.issue == 0)
		printf("no issue for %s yet: 'pkiwatch publish' will label it signed-off\n", a->id);
	else
		printf("issue #%ld: %s%s\n", res.issue,
		       res.commented ? "commented" : "comment there",
		       res.closed       ? ", closed"
		       : res.still_open ? ", stays open (other changes in it await sign-off)"
		                        : "");
	rc = 0;
out:
	pw_github_free(gh);
	pw_signoff_result_clear(&res);
	pw_issue_groups_clear(&groups);
	return rc;
}

int cmd_signoff(pw_tool *t, int argc, char **argv)
{
	args a = {NULL, NULL, NULL, {NULL, 0}};
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "ID"},
	    {.type = OPT_STRING,
	     .name = "decision",
	     .value = &a.decision,
	     .arg = "D",
	     .choices = "applicable|not-applicable",
	     .flags = OPT_MANDATORY,
	     .help = "applicable or not-applicable"},
	    {.type = OPT_LIST,
	     .name = "tsp",
	     .value = &a.tsps,
	     .arg = "T",
	     .help = "a TSP the change applies to (tsps/T.json); repeatable"},
	    {.type = OPT_STRING,
	     .name = "note",
	     .value = &a.note,
	     .arg = "TEXT",
	     .help = "a note for the ledger and the issue"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"signoff", about, after, 17, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	rc = 0;
	if (nargs == 0)
		rc = tool_usage("signoff", "which change? give its id");
	else if (nargs > 1)
		rc = tool_usage("signoff", "unexpected argument '%s'", argv[2]);
	else if (!a.decision)
		rc = tool_usage("signoff", "--decision applicable|not-applicable is required");
	else if (pw_signoff_check_decision(a.decision) < 0)
		rc = tool_usage("signoff", "%s", pw_error_last());
	else if (a.tsps.count && strcmp(a.decision, "not-applicable") == 0)
		rc = tool_usage("signoff", "--tsp goes with --decision applicable: a change that "
		                           "does not apply applies to no TSP");
	a.id = argv[1];
	if (rc == 0 && (rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run(t->ws, &a));
	}
	opt_list_clear(&a.tsps);
	return rc;
}
