/* pkiwatch responses import: a TSP's response file into the ledger. */
#include "tool.h"

#include "classify/changeset.h"
#include "util/error.h"
#include "tsp/issued.h"
#include "ledger/commit.h"
#include "ledger/ledger.h"
#include "tsp/response.h"
#include "core/tsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char about[] =
    "Records the answers in FILE, a TSP's response file, in the \"responses\" object\n"
    "of each change's ledger/<change id>.json, one commit per change whose answer is\n"
    "new (that file alone; author: git's user.name/user.email, else the first officer;\n"
    "with a Signed-off-by trailer). An answer already recorded unchanged makes no\n"
    "commit, so importing the same file twice changes nothing. The import is all or\n"
    "nothing: a bad entry, a change not signed off as applicable or not applying to\n"
    "the TSP, a form not issued to the TSP or not asking about a change answered\n"
    "(see ledger/forms/<tsp id>.json) or, with no form given, a change no form\n"
    "issued to the TSP asked about, or an answer conflicting with the recorded\n"
    "one (without --replace) stops it with exit status 2 before anything is\n"
    "written; the commits land together or not at all. A TSP without any issuance\n"
    "record (forms issued before records were kept) has its form id not checked,\n"
    "and the output says so.\n"
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
    "      \"note\": \"...\"}]}                        optional\n";

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int run(pw_workspace *ws, const char *file, int replace)
{
	const pw_config *cfg;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const char *name, *email;
	pw_responses rs = {NULL, 0};
	pw_issued issued = {NULL, 0};
	pw_tsp tsp;
	pw_commit_opts copts = PW_COMMIT_OPTS_INIT;
	pw_commit_file *files = NULL;
	cJSON **docs = NULL;
	char **msgs = NULL, **rels = NULL;
	char(*commits)[41] = NULL;
	int *status = NULL;
	char now[32], base[41];
	size_t i, conflicts = 0, nfiles = 0;
	int rc, has_record = 0, unchecked = 0;

	memset(&tsp, 0, sizeof(tsp));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 || (rc = pw_response_file_load(&rs, file)) < 0)
		goto fail;
	if ((rc = pw_tsp_load(&tsp, cfg->root, rs.items[0].tsp)) < 0) {
		pw_error_prefix(rc, "%s: $.tsp", file);
		goto fail;
	}
	/* per-CA answers name the TSP's own CAs; the form answered must be one
	 * issued to this TSP, asking these changes */
	if ((rc = pw_response_cas_check(&rs, &tsp, file)) < 0 ||
	    (rc = pw_issued_load_tsp(&issued, &has_record, cfg->root, tsp.id)) < 0 ||
	    (rc = pw_response_form_check(&unchecked, &rs, &issued, has_record, file)) < 0 ||
	    (rc = pw_response_asked_check(&rs, &issued, has_record, file)) < 0)
		goto fail;
	if (!(status = calloc(rs.count, sizeof(*status))) ||
	    !(files = calloc(rs.count, sizeof(*files))) ||
	    !(docs = calloc(rs.count, sizeof(*docs))) ||
	    !(msgs = calloc(rs.count, sizeof(*msgs))) ||
	    !(rels = calloc(rs.count, sizeof(*rels))) ||
	    !(commits = calloc(rs.count, sizeof(*commits)))) {
		rc = pw_error_oom();
		goto fail;
	}
	if ((rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0)
		goto fail;
	/* everything checked before anything is written */
	for (i = 0; i < rs.count; i++) {
		pw_response *r = &rs.items[i];
		if ((rc = pw_response_applies(set, pw_ledger_find(ledger, r->change), r->change,
		                              &tsp)) < 0) {
			pw_error_prefix(rc, "%s: $.responses[%zu].change", file, i);
			goto fail;
		}
		if ((rc = pw_response_compare(&status[i], cfg->root, r, replace)) < 0) {
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
	/* the commit the answers are recorded on, read once before any is
	 * prepared: a commit landing meanwhile fails the import, is not lost */
	if ((rc = pw_commit_check(cfg->root)) < 0 || (rc = pw_commit_base(base, cfg->root)) < 0)
		goto fail;
	if ((rc = pw_workspace_author(&name, &email, ws)) < 0)
		goto fail;
	/* every new answer's ledger file, then all committed together: a failure
	 * half-way leaves the ledger as it was */
	for (i = 0; i < rs.count; i++) {
		pw_response *r = &rs.items[i];
		size_t len = strlen(r->change) + 16;
		if (status[i] == PW_RESPONSE_SAME)
			continue;
		if ((rc = pw_response_prepare(&docs[nfiles], &msgs[nfiles], cfg->root, base, r,
		                              name, email, now)) < 0)
			goto fail;
		if (!(rels[nfiles] = malloc(len))) {
			rc = pw_error_oom();
			goto fail;
		}
		snprintf(rels[nfiles], len, "ledger/%s.json", r->change);
		files[nfiles].path = rels[nfiles];
		files[nfiles].json = docs[nfiles];
		files[nfiles].message = msgs[nfiles];
		nfiles++;
	}
	copts.author_name = name;
	copts.author_email = email;
	copts.base = base;
	copts.cancel = &tool_stop_signal;
	if (nfiles && (rc = pw_commit_files(commits, NULL, cfg->root, files, nfiles, &copts)) < 0)
		goto fail;
	if (unchecked)
		printf("%s: form %s not checked: TSP %s has no issuance record "
		       "(ledger/forms/%s.json), as for forms issued before records were kept\n",
		       file, rs.items[0].form, tsp.id, tsp.id);
	for (i = 0, nfiles = 0; i < rs.count; i++) {
		if (status[i] == PW_RESPONSE_SAME) {
			printf("%s: unchanged\n", rs.items[i].change);
			continue;
		}
		printf("%s: %s (commit %.12s)\n", rs.items[i].change,
		       status[i] == PW_RESPONSE_REPLACED ? "replaced" : "recorded",
		       commits[nfiles++]);
	}
	printf("%s: %zu answer%s of %s, %zu recorded\n", file, rs.count, rs.count == 1 ? "" : "s",
	       tsp.id, nfiles);
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	for (i = 0; docs && msgs && rels && i < rs.count; i++) {
		cJSON_Delete(docs[i]);
		free(msgs[i]);
		free(rels[i]);
	}
	free(docs);
	free(msgs);
	free(rels);
	free(files);
	free(commits);
	free(status);
	pw_tsp_clear(&tsp);
	pw_issued_clear(&issued);
	pw_responses_clear(&rs);
	return rc;
}

int cmd_responses(pw_tool *t, int argc, char **argv)
{
	int replace = 0;
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "import"},
	    {.type = OPT_SWITCH,
	     .name = "replace",
	     .value = &replace,
	     .help = "overwrite recorded answers that differ"},
	    {.type = OPT_ARG, .name = "FILE"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"responses", about, NULL, 14, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if (nargs == 0 || strcmp(argv[1], "import") != 0)
		return tool_usage("responses", "expected 'import FILE'");
	if (nargs != 2)
		return tool_usage("responses", "import takes one FILE");
	if ((rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run(t->ws, argv[2], replace));
	}
	return rc;
}
