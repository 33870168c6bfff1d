/* pkiwatch summary: the change x TSP matrix of applicability and responses. */
#include "tool.h"

#include "app/summarize.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

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

enum { FORMAT_TEXT, FORMAT_MD, FORMAT_JSON };

/* Text lines fit a terminal of this many columns. */
#define TEXT_WIDTH 80

static int run(pw_workspace *ws, const char *tsp, int format)
{
	pw_summarize_opts o = PW_SUMMARIZE_OPTS_INIT;
	pw_summary s;
	pw_buf out = PW_BUF_INIT;
	cJSON *doc = NULL;
	char *text = NULL;
	int rc;

	o.tsp = tsp;
	if ((rc = pw_summarize_run(&s, ws, &o)) < 0)
		goto out;
	if (format == FORMAT_JSON) {
		if (!(doc = pw_summary_json(&s)) || !(text = cJSON_Print(doc)))
			rc = pw_error_oom();
		else
			printf("%s\n", text);
	} else if ((rc = format == FORMAT_MD ? pw_summary_markdown(&out, &s)
	                                     : pw_summary_text(&out, &s, TEXT_WIDTH)) == 0) {
		fwrite(out.ptr, 1, out.len, stdout);
	}
out:
	free(text);
	cJSON_Delete(doc);
	pw_buf_clear(&out);
	pw_summary_clear(&s);
	return rc < 0 ? tool_fail(rc) : 0;
}

int cmd_summary(pw_tool *t, int argc, char **argv)
{
	const char *tsp = NULL;
	int format = FORMAT_TEXT;
	const opt_spec spec[] = {
	    TOOL_OPT_ONLY_TSP(&tsp),
	    {.type = OPT_CHOICE,
	     .name = "format",
	     .value = &format,
	     .arg = "F",
	     .choices = "text|md|json",
	     .help = "text (default, 80 columns), md (a Markdown table) or json"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"summary", about, after, 15, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, &tsp, tsp ? 1 : 0)) == 0)
		rc = run(t->ws, tsp, format);
	return rc;
}
