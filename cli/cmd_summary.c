/* pkiwatch summary: the change x TSP matrix of applicability and responses. */
#include "tool.h"

#include "util/buf.h"
#include "classify/changeset.h"
#include "util/error.h"
#include "tsp/issued.h"
#include "ledger/ledger.h"
#include "tsp/response.h"
#include "tsp/summary.h"
#include "core/tsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "For every change signed off as applicable and every TSP (tsps/<id>.json): which\n"
    "rules made it apply and why (or why it does not apply, e.g. no matching\n"
    "certificate type), the TSP's response (answered or missing), whether the TSP can\n"
    "meet the date, and the days until the change's earliest effective date. Risks\n"
    "come first: a TSP that cannot meet the date, then no response while the date is\n"
    "at most 30 days ahead or past; then the other applicable pairs, then the ones\n"
    "that do not apply, each by effective date. A missing response names the first\n"
    "form that asked for it (ledger/forms/, see 'pkiwatch forms') and its reply-by\n"
    "date, or says it is overdue.\n";

static const char after[] = "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date.\n";

static int run(pw_tool *t, const pw_sources *sources, const pw_config *cfg, const char *tsp,
               int json)
{
	pw_changeset_opts co = {t->cache_dir, NULL, NULL, 0, 0, 0};
	pw_changeset set = {NULL, 0};
	pw_ledger ledger = {NULL, 0};
	pw_tsps tsps = {NULL, 0};
	pw_responses rs = {NULL, 0};
	pw_issued issued = {NULL, 0};
	pw_summary s;
	pw_buf md = PW_BUF_INIT;
	cJSON *doc = NULL;
	char day[11], *text = NULL;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = tool_today(day)) < 0)
		return tool_fail(rc);
	if ((rc = pw_tsps_load_ids(&tsps, cfg->root, &tsp, tsp ? 1 : 0)) < 0)
		goto fail;
	if ((rc = pw_ledger_load(&ledger, cfg->root)) < 0 ||
	    (rc = pw_responses_load(&rs, cfg->root)) < 0 ||
	    (rc = pw_changeset_collect(&set, sources, cfg, &co)) < 0 ||
	    (rc = pw_issued_load(&issued, cfg->root)) < 0 ||
	    (rc = pw_summary_build(&s, &set, &ledger, &tsps, &rs, day)) < 0)
		goto fail;
	pw_summary_set_forms(&s, &issued);
	if (json) {
		if (!(doc = pw_summary_json(&s)) || !(text = cJSON_Print(doc))) {
			rc = pw_error_oom();
			goto fail;
		}
		printf("%s\n", text);
	} else {
		if ((rc = pw_summary_markdown(&s, &md)) < 0)
			goto fail;
		fwrite(md.ptr, 1, md.len, stdout);
	}
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	free(text);
	cJSON_Delete(doc);
	pw_buf_dispose(&md);
	pw_summary_clear(&s);
	pw_responses_clear(&rs);
	pw_issued_clear(&issued);
	pw_tsps_clear(&tsps);
	pw_ledger_clear(&ledger);
	pw_changeset_clear(&set);
	return rc;
}

int cmd_summary(pw_tool *t, int argc, char **argv)
{
	const char *tsp = NULL;
	int json = 0;
	const opt_spec spec[] = {
	    {.type = OPT_STRING,
	     .name = "tsp",
	     .value = &tsp,
	     .arg = "T",
	     .check = tool_check_tsp,
	     .help = "only TSP T"},
	    {.type = OPT_CHOICE,
	     .name = "format",
	     .value = &json,
	     .arg = "F",
	     .choices = "md|json",
	     .help = "md (default, a Markdown table) or json"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"summary", about, after, 15, spec};
	pw_sources *sources = NULL;
	pw_config *cfg = NULL;
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_load(t, &sources, &cfg)) == 0 && (rc = tool_cache_dir(t)) == 0)
		rc = run(t, sources, cfg, tsp, json);
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
