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
	const char *const *targets;
	size_t ntargets;
	const char *decision, *note, *kind, *source;
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

/* The one source every target names by change id, else NULL (all sources). */
static int only_source(const pw_source **out, pw_workspace *ws, const args *a)
{
	const pw_source *src = NULL, *s;
	size_t i;
	int rc;
	*out = NULL;
	if (a->kind && a->source) {
		const pw_sources *all;
		const pw_config *cfg;
		if ((rc = pw_workspace_sources(&all, ws)) < 0 ||
		    (rc = pw_workspace_config(&cfg, ws)) < 0)
			return rc;
		if (!(*out = pw_sources_find(all, a->source)) ||
		    !pw_config_source_enabled(cfg, a->source))
			return pw_error_set(PW_EINPUT,
			                    "--source: '%s' is not an enabled source of %s",
			                    a->source, cfg->path);
		return 0;
	}
	if (a->kind)
		return 0;
	for (i = 0; i < a->ntargets; i++) {
		if (!strchr(a->targets[i], '@'))
			return 0;
		if ((rc = pw_workspace_source_of(&s, ws, a->targets[i])) < 0)
			return rc;
		if (src && src != s)
			return 0;
		src = s;
	}
	*out = src;
	return 0;
}

/* Whether change `id` was named by its id (not through a ballot, issue or kind). */
static int named_by_id(const args *a, const char *id)
{
	size_t i;
	for (i = 0; i < a->ntargets; i++)
		if (strcmp(a->targets[i], id) == 0)
			return 1;
	return 0;
}

static int same_list(char *const *x, size_t nx, const char *const *y, size_t ny)
{
	size_t i, j;
	if (nx != ny)
		return 0;
	for (i = 0; i < nx; i++) {
		for (j = 0; j < ny && strcmp(x[i], y[j]) != 0; j++)
			;
		if (j == ny)
			return 0;
	}
	return 1;
}

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

static int run(pw_workspace *ws, const args *a)
{
	const pw_config *cfg;
	const pw_source *source;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *profiles;
	pw_ledger now;
	pw_issue_groups groups = {NULL, 0};
	pw_signoff_select_opts so = PW_SIGNOFF_SELECT_OPTS_INIT;
	pw_signoff_selection sel = {NULL, 0};
	pw_signoff_request req = {.decision = a->decision,
	                          .tsps = a->tsps.items,
	                          .ntsps = a->tsps.count,
	                          .note = a->note,
	                          .cancel = &tool_stop_signal};
	pw_signoff_result *res = NULL;
	const pw_issue_group **gs = NULL;
	pw_github *gh = NULL;
	size_t i, j;
	int rc;

	memset(&now, 0, sizeof(now));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 || (rc = only_source(&source, ws, a)) < 0)
		return tool_fail(rc);
	/* the client first: a bad token setting fails before anything is written */
	if ((have_token() && (rc = github_client(ws, cfg, &gh)) < 0) ||
	    (rc = pw_signoff_check_tsps(cfg, a->tsps.items, a->tsps.count)) < 0 ||
	    (rc = pw_workspace_tsps(&profiles, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, source ? source->id : NULL)) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_issue_groups_build(&groups, set)) < 0) {
		rc = tool_fail(rc);
		goto out;
	}
	so.targets = a->targets;
	so.ntargets = a->ntargets;
	so.kind = a->kind;
	so.source = a->source;
	so.baseline = cfg->baseline;
	so.gh = gh;
	if ((rc = pw_signoff_select(&sel, set, &groups, ledger, &so)) < 0) {
		if (rc == PW_ENOTFOUND && a->ntargets == 1 && strchr(a->targets[0], '@')) {
			tool_error("unknown change id '%s': not a change of %s in the mirror%s%s",
			           a->targets[0], source ? source->id : "any source",
			           cfg->since[0] ? " since " : "", cfg->since);
			rc = 2;
		} else {
			rc = tool_fail(rc);
		}
		goto out;
	}
	if (!(res = calloc(sel.count, sizeof(*res))) || !(gs = calloc(sel.count, sizeof(*gs)))) {
		rc = tool_fail(pw_error_oom());
		goto out;
	}
	req.profiles = profiles;
	if ((rc = pw_workspace_author(&req.author_name, &req.author_email, ws)) < 0) {
		rc = tool_fail(rc);
		goto out;
	}
	for (i = 0; i < sel.count; i++) {
		const pw_changeset_item *it = sel.items[i];
		const pw_ledger_entry *e = pw_ledger_find(ledger, it->change.id);
		char *terms = NULL;
		if (e && !named_by_id(a, it->change.id) &&
		    (strcmp(e->decision, a->decision) != 0 ||
		     !same_list(e->tsps, e->ntsps, a->tsps.items, a->tsps.count))) {
			printf("%s: already signed off as %s in ledger/%s.json: left as it is\n",
			       it->change.id, e->decision, it->change.id);
			continue;
		}
		/* the words before the decision is recorded */
		if ((rc = pw_signoff_terms(it, &terms)) < 0) {
			rc = tool_fail(rc);
			goto out;
		}
		if (*terms)
			printf("%s\n", terms);
		free(terms);
		fflush(stdout);
		req.source = it->source;
		if ((rc = pw_signoff_record(cfg, it, &req, &res[i])) < 0) {
			rc = tool_fail(rc);
			goto out;
		}
		if (res[i].recorded)
			printf("%s: %s, recorded in ledger/%s.json (commit %.12s)\n", it->change.id,
			       a->decision, it->change.id, res[i].commit);
		else
			printf("%s: %s, already in ledger/%s.json\n", it->change.id, a->decision,
			       it->change.id);
		print_applies(&res[i]);
		fflush(stdout);
		gs[i] = pw_issue_groups_find_change(&groups, it->change.id);
		for (j = 0; j < i && gs[i]; j++)
			if (gs[j] == gs[i])
				gs[i] = NULL; /* its issue is reflected once */
		if (tool_stop_signal) { /* recorded so far; the rest and the issues can wait */
			tool_error("interrupted (%s): the decision%s recorded; the next 'pkiwatch "
			           "sync' shows %s on the issue%s",
			           strsignal(tool_stop_signal), i ? "s printed above are" : " is",
			           i ? "them" : "it", i ? "s" : "");
			rc = 1;
			goto out;
		}
	}
	if (!gh) {
		printf("no GitHub token (GITHUB_TOKEN or GH_TOKEN): the next 'pkiwatch sync' shows "
		       "the decision%s on the issue%s\n",
		       sel.count > 1 ? "s" : "", sel.count > 1 ? "s" : "");
		rc = 0;
		goto out;
	}
	if ((rc = pw_ledger_load(&now, cfg->root)) < 0 ||
	    (rc = pw_signoff_github_each(gh, gs, sel.count, &now, res)) < 0) {
		rc = tool_fail(rc);
		tool_error("the ledger entr%s committed; run the same signoff again to update "
		           "the issue%s",
		           sel.count == 1 ? "y is" : "ies are", sel.count == 1 ? "" : "s");
		goto out;
	}
	for (i = 0; i < sel.count; i++) {
		if (!gs[i])
			continue;
		if (res[i].issue == 0)
			printf("no issue for %s yet: 'pkiwatch publish' will label it signed-off\n",
			       sel.items[i]->change.id);
		else
			printf("issue #%ld: %s%s\n", res[i].issue,
			       res[i].commented ? "commented" : "comment there",
			       res[i].closed ? ", closed"
			       : res[i].still_open
			           ? ", stays open (other changes in it await sign-off)"
			           : "");
	}
	rc = 0;
out:
	pw_github_free(gh);
	for (i = 0; res && i < sel.count; i++)
		pw_signoff_result_clear(&res[i]);
	free(res);
	free(gs);
	pw_ledger_clear(&now);
	pw_signoff_selection_clear(&sel);
	pw_issue_groups_clear(&groups);
	return rc;
}

int cmd_signoff(pw_tool *t, int argc, char **argv)
{
	args a = {NULL, 0, NULL, NULL, NULL, NULL, {NULL, 0}};
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "TARGET..."},
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
	    {.type = OPT_STRING,
	     .name = "kind",
	     .value = &a.kind,
	     .arg = "K",
	     .choices = "editorial|tooling|revert|ballot|policy-version",
	     .help = "instead of TARGETs: every undecided change of kind K"},
	    {.type = OPT_STRING,
	     .name = "source",
	     .value = &a.source,
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
	for (k = 0; a.kind && k < sizeof(kinds) / sizeof(kinds[0]) && strcmp(kinds[k], a.kind); k++)
		;
	if (a.source && !a.kind)
		rc = tool_usage("signoff", "--source goes with --kind");
	else if (nargs == 0 && !a.kind)
		rc = tool_usage("signoff", "which change? give its id, a ballot (SMC-6), an issue "
		                           "number (#53) or --kind");
	else if (nargs > 0 && a.kind)
		rc = tool_usage("signoff",
		                "--kind selects the changes itself: give no TARGET "
		                "with it ('%s')",
		                argv[1]);
	else if (a.kind && k == sizeof(kinds) / sizeof(kinds[0]))
		rc = tool_usage("signoff",
		                "--kind: expected editorial, tooling, revert, ballot or "
		                "policy-version, got '%s'",
		                a.kind);
	else if (!a.decision)
		rc = tool_usage("signoff", "--decision applicable|not-applicable is required");
	else if (pw_signoff_check_decision(a.decision) < 0)
		rc = tool_usage("signoff", "%s", pw_error_last());
	else if (a.tsps.count && strcmp(a.decision, "not-applicable") == 0)
		rc = tool_usage("signoff", "--tsp goes with --decision applicable: a change that "
		                           "does not apply applies to no TSP");
	a.targets = (const char *const *)argv + 1;
	a.ntargets = nargs;
	if (rc == 0 && (rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run(t->ws, &a));
	}
	opt_list_clear(&a.tsps);
	return rc;
}
