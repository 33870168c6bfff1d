/* pkiwatch signoff: the officer's decision, in the ledger and on the issue. */
#include "tool.h"

#include "app/sign_off.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Records the decision on each change named in ledger/<change id>.json of the\n"
    "compliance repository, one commit per change touching that file alone (author:\n"
    "git's user.name/user.email, else the first officer; with a Signed-off-by trailer).\n"
    "TARGET is a change id (from 'pkiwatch changes'), a ballot or policy version\n"
    "(SMC-6, MRSP-3.0: every change of its issue, drafts included) or an issue number\n"
    "('#53': every change of that issue; needs a GitHub token). --kind signs off in\n"
    "bulk every change of that kind not yet decided (e.g. --kind editorial --source\n"
    "cabforum-smime); a change already decided otherwise is skipped, not changed.\n"
    "Each decision prints and records (\"applies_to\") the TSPs it applies to, computed\n"
    "from their profiles, or the officer's --tsp list.\n"
    "Then, with a GitHub token, comments the decisions on the issues, swaps\n"
    "needs-signoff for signed-off and closes an issue once every change in it is\n"
    "signed off. Without a token the decisions are recorded all the same (the ledger\n"
    "is the source of truth) and the next 'pkiwatch sync' or 'publish' shows them on\n"
    "the issues. Commits are signed when the repository's git configuration or\n"
    "pkiwatch.json asks for it (see 'Signed sign-offs' in the README).\n"
    "Re-running with the same decision finishes a GitHub part that failed, without a\n"
    "second ledger entry. A different decision on a change named by its id is\n"
    "refused: revert the ledger commit (git revert) first.\n"
    "--tsp names the TSPs an applicable change applies to; with not-applicable it is\n"
    "refused (a change that does not apply applies to no TSP). Only changes the\n"
    "mirror shows since the configuration's since date can be signed off: an older\n"
    "one is an unknown change id.\n";

static const char after[] = "Environment: GITHUB_TOKEN or GH_TOKEN, GITHUB_API_URL.\n";

typedef struct {
	pw_sign_off_opts o;
	opt_list tsps;
} args;

static void print_applies(const pw_signoff_result *r)
{
	size_t i;
	if (!r->applies_to.count) {
		printf("  applies to: no TSP\n");
		return;
	}
	for (i = 0; i < r->applies_to.count; i++)
		printf("  %s %s (%s)\n", i ? "           " : "applies to:", r->applies_to.items[i],
		       r->applies_why.items[i]);
}

static void print_terms(const char *text, void *payload)
{
	(void)payload;
	printf("%s\n", text);
	fflush(stdout);
}

static void print_done(const pw_sign_off_item *item, void *payload)
{
	const char *id = item->change->change.id;
	const char *decision = payload;
	if (item->skipped_decision)
		printf("%s: already signed off as %s in ledger/%s.json: left as it is\n", id,
		       item->skipped_decision, id);
	else if (item->res.recorded)
		printf("%s: %s, recorded in ledger/%s.json (commit %.12s)\n", id, decision, id,
		       item->res.commit);
	else
		printf("%s: %s, already in ledger/%s.json\n", id, decision, id);
	if (!item->skipped_decision)
		print_applies(&item->res);
	fflush(stdout);
}

static int run(pw_workspace *ws, args *a)
{
	pw_sign_off_result r;
	size_t i;
	int rc;

	a->o.tsps = (const char *const *)a->tsps.items;
	a->o.ntsps = a->tsps.count;
	a->o.cancel = &tool_stop_signal;
	a->o.terms = print_terms;
	a->o.done = print_done;
	a->o.payload = (void *)a->o.decision;
	if ((rc = pw_sign_off_run(&r, ws, &a->o)) < 0) {
		rc = tool_fail(rc);
		if (r.github_failed)
			tool_error("the ledger entr%s committed; run the same signoff again to "
			           "update the issue%s",
			           r.count == 1 ? "y is" : "ies are", r.count == 1 ? "" : "s");
	} else if (!r.github) {
		printf("no GitHub token (GITHUB_TOKEN or GH_TOKEN): the next 'pkiwatch sync' shows "
		       "the decision%s on the issue%s\n",
		       r.count > 1 ? "s" : "", r.count > 1 ? "s" : "");
	} else {
		for (i = 0; i < r.count; i++) {
			const pw_sign_off_item *item = &r.items[i];
			if (!item->reflected)
				continue;
			if (item->res.issue == 0)
				printf("no issue for %s yet: 'pkiwatch publish' will label it "
				       "signed-off\n",
				       item->change->change.id);
			else
				printf("issue #%ld: %s%s\n", item->res.issue,
				       item->res.commented ? "commented" : "comment there",
				       item->res.closed ? ", closed"
				       : item->res.still_open
				           ? ", stays open (other changes in it await sign-off)"
				           : "");
		}
	}
	pw_sign_off_result_clear(&r);
	return rc;
}

int cmd_signoff(pw_tool *t, int argc, char **argv)
{
	args a = {.o = PW_SIGN_OFF_OPTS_INIT, .tsps = {NULL, 0}};
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "TARGET..."},
	    {.type = OPT_STRING,
	     .name = "decision",
	     .value = &a.o.decision,
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
	     .value = &a.o.note,
	     .arg = "TEXT",
	     .help = "a note for the ledger and the issue"},
	    {.type = OPT_STRING,
	     .name = "tsp-note",
	     .value = &a.o.tsp_note,
	     .arg = "TEXT",
	     .help = "what this means for the TSPs: printed on their forms"},
	    {.type = OPT_STRING,
	     .name = "kind",
	     .value = &a.o.select.kind,
	     .arg = "K",
	     .choices = "editorial|tooling|revert|ballot|policy-version",
	     .help = "instead of TARGETs: every undecided change of kind K"},
	    {.type = OPT_STRING,
	     .name = "source",
	     .value = &a.o.select.source,
	     .arg = "S",
	     .help = "with --kind: of source S only"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"signoff", about, after, 17, spec};
	static const char *const kinds[] = {"editorial", "tooling", "revert", "ballot",
	                                    "policy-version"};
	size_t nargs, k;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	rc = 0;
	for (k = 0; a.o.select.kind && k < sizeof(kinds) / sizeof(kinds[0]) &&
	            strcmp(kinds[k], a.o.select.kind);
	     k++)
		;
	if (a.o.select.source && !a.o.select.kind)
		rc = tool_usage("signoff", "--source goes with --kind");
	else if (nargs == 0 && !a.o.select.kind)
		rc = tool_usage("signoff", "which change? give its id, a ballot (SMC-6), an issue "
		                           "number (#53) or --kind");
	else if (nargs > 0 && a.o.select.kind)
		rc = tool_usage("signoff",
		                "--kind selects the changes itself: give no TARGET "
		                "with it ('%s')",
		                argv[1]);
	else if (a.o.select.kind && k == sizeof(kinds) / sizeof(kinds[0]))
		rc = tool_usage("signoff",
		                "--kind: expected editorial, tooling, revert, ballot or "
		                "policy-version, got '%s'",
		                a.o.select.kind);
	else if (!a.o.decision)
		rc = tool_usage("signoff", "--decision applicable|not-applicable is required");
	else if (pw_signoff_check_decision(a.o.decision) < 0)
		rc = tool_usage("signoff", "%s", pw_error_last());
	else if (a.tsps.count && strcmp(a.o.decision, "not-applicable") == 0)
		rc = tool_usage("signoff", "--tsp goes with --decision applicable: a change that "
		                           "does not apply applies to no TSP");
	a.o.select.targets = (const char *const *)argv + 1;
	a.o.select.ntargets = nargs;
	if (rc == 0 && (rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run(t->ws, &a));
	}
	opt_list_clear(&a.tsps);
	return rc;
}
