/* pkiwatch deadlines: upcoming effective dates of the applicable changes,
 * soonest first, and an iCalendar file of them. */
#include "tool.h"

#include "app/list_deadlines.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

static const char about[] =
    "Lists the effective dates, from today on, of the changes signed off as applicable\n"
    "that apply to a TSP (tsps/<id>.json), with the TSPs they apply to, and the overdue\n"
    "responses: changes of an issued form (ledger/forms/, see 'pkiwatch forms') whose\n"
    "reply-by date has passed without the TSP's response, with the change's effective\n"
    "dates; and the dates of the TSPs' open obligations (see 'pkiwatch obligations'):\n"
    "each milestone not done and the due date, overdue ones first; all in one list,\n"
    "soonest first.\n";

static const char after[] = "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date.\n";

typedef struct {
	long within;
	const char *tsp, *ics;
	int json;
} args;

static int run(pw_workspace *ws, const args *a)
{
	pw_list_deadlines_opts o = PW_LIST_DEADLINES_OPTS_INIT;
	pw_list_deadlines_result r;
	pw_buf out = PW_BUF_INIT;
	size_t i;
	int rc;

	o.within = a->within;
	o.tsp = a->tsp;
	o.ics = a->ics;
	rc = pw_list_deadlines_run(&r, ws, &o);
	for (i = 0; i < r.deadlines.nmissing; i++)
		fprintf(stderr,
		        "pkiwatch: warning: ledger/%s.json: change not in the mirrors; left out\n",
		        r.deadlines.missing[i]);
	if (rc == 0)
		rc = a->json ? pw_list_deadlines_json(&out, &r) : pw_list_deadlines_text(&out, &r);
	if (rc == 0) {
		fwrite(out.ptr, 1, out.len, stdout);
		if (a->ics && !a->json)
			printf("%zu event%s written to %s\n", r.nevents, r.nevents == 1 ? "" : "s",
			       a->ics);
	}
	pw_buf_clear(&out);
	pw_list_deadlines_result_clear(&r);
	return rc < 0 ? tool_fail(rc) : 0;
}

static int parse_within(const char *cmd, const char *text, void *value)
{
	char *end;
	long *within = value;
	*within = strtol(text, &end, 10);
	if (*end || end == text || *within < 0 || *within > 36500)
		return tool_usage(cmd, "--within takes 0 to 36500 days, not '%s'", text);
	return 0;
}

int cmd_deadlines(pw_tool *t, int argc, char **argv)
{
	args a = {-1, NULL, NULL, 0};
	const opt_spec spec[] = {
	    {.type = OPT_CALL,
	     .name = "within",
	     .value = &a.within,
	     .arg = "DAYS",
	     .parse = parse_within,
	     .help = "only dates at most DAYS days ahead"},
	    {.type = OPT_STRING,
	     .name = "tsp",
	     .value = &a.tsp,
	     .arg = "T",
	     .check = tool_check_tsp,
	     .help = "only changes that apply to TSP T"},
	    {.type = OPT_STRING,
	     .name = "ics",
	     .value = &a.ics,
	     .check = tool_check_out_file,
	     .arg = "FILE",
	     .help = "also write them as an iCalendar file (RFC 5545): one all-day\n"
	             "event per change and date, one per reply-by date of an issued\n"
	             "form still awaiting answers and one per milestone or due date of\n"
	             "an open obligation, with UIDs that stay the same across\n"
	             "runs so calendar clients update instead of duplicating (with\n"
	             "--tsp, the UIDs name the TSP: one TSP's calendar and another's\n"
	             "can be imported side by side)"},
	    TOOL_OPT_TEXT_JSON(&a.json),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"deadlines", about, after, 18, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, &a.tsp, a.tsp ? 1 : 0)) == 0)
		rc = run(t->ws, &a);
	return rc;
}
