/* pkiwatch signoff: the officer's decision, in the ledger and on the issue. */
#include "tool.h"

#include "app/sign_off.h"
#include "util/error.h"

#include <stdio.h>
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

static void on_terms(const char *text, void *payload)
{
	(void)payload;
	printf("%s\n", text);
	fflush(stdout);
}

static void on_recorded(const pw_signoff_result *r, void *payload)
{
	const pw_sign_off_opts *o = payload;
	if (r->recorded)
		printf("%s: %s, recorded in ledger/%s.json (commit %.12s)\n", o->change,
		       o->decision, o->change, r->commit);
	else
		printf("%s: %s, already in ledger/%s.json\n", o->change, o->decision, o->change);
}

static int run(pw_workspace *ws, const pw_sign_off_opts *o)
{
	pw_sign_off_result r;
	int rc = pw_sign_off_run(&r, ws, o);

	if (rc < 0) {
		rc = tool_fail(rc);
		if (r.github_failed)
			tool_error("the ledger entry is committed; run the same signoff again to "
			           "update the issue");
	} else if (!r.github) {
		printf("no GitHub token (GITHUB_TOKEN or GH_TOKEN): the next 'pkiwatch sync' shows "
		       "the decision on the issue\n");
	} else if (r.res.issue == 0) {
		printf("no issue for %s yet: 'pkiwatch publish' will label it signed-off\n",
		       o->change);
	} else {
		printf("issue #%ld: %s%s\n", r.res.issue,
		       r.res.commented ? "commented" : "comment there",
		       r.res.closed       ? ", closed"
		       : r.res.still_open ? ", stays open (other changes in it await sign-off)"
		                          : "");
	}
	pw_sign_off_result_clear(&r);
	return rc;
}

int cmd_signoff(pw_tool *t, int argc, char **argv)
{
	pw_sign_off_opts o = {
	    .cancel = &tool_stop_signal, .terms = on_terms, .recorded = on_recorded};
	opt_list tsps = {NULL, 0};
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "ID"},
	    {.type = OPT_STRING,
	     .name = "decision",
	     .value = &o.decision,
	     .arg = "D",
	     .choices = "applicable|not-applicable",
	     .flags = OPT_MANDATORY,
	     .help = "applicable or not-applicable"},
	    {.type = OPT_LIST,
	     .name = "tsp",
	     .value = &tsps,
	     .arg = "T",
	     .help = "a TSP the change applies to (tsps/T.json); repeatable"},
	    {.type = OPT_STRING,
	     .name = "note",
	     .value = &o.note,
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
	else if (!o.decision)
		rc = tool_usage("signoff", "--decision applicable|not-applicable is required");
	else if (pw_signoff_check_decision(o.decision) < 0)
		rc = tool_usage("signoff", "%s", pw_error_last());
	else if (tsps.count && strcmp(o.decision, "not-applicable") == 0)
		rc = tool_usage("signoff", "--tsp goes with --decision applicable: a change that "
		                           "does not apply applies to no TSP");
	o.change = argv[1];
	o.tsps = tsps.items;
	o.ntsps = tsps.count;
	o.payload = &o;
	if (rc == 0 && (rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run(t->ws, &o));
	}
	opt_list_clear(&tsps);
	return rc;
}
