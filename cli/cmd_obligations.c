/* pkiwatch obligations: what each TSP must do by when, soonest first. */
#include "tool.h"

#include "app/list_obligations.h"
#include "util/buf.h"

#include <stdio.h>

static const char about[] =
    "Lists the obligations of the TSPs (tsps/<id>.json): derived by the rules in\n"
    "rules/obligations.json from the changes signed off as applicable (audit scope\n"
    "extensions, audit periods that must include new criteria, transitions of extant\n"
    "CAs), from TSP answers that cannot meet a date (their planned date), and those\n"
    "the officer added ('pkiwatch obligation add'). Overdue first, then by the next\n"
    "milestone or due date. Each names its rule, the changes and the sentences it\n"
    "comes from, its milestones and evidence.\n";
static const char after[] = "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date.\n";

static int run(pw_tool *t, const char *tsp, int status, int json)
{
	pw_list_obligations_opts o = PW_LIST_OBLIGATIONS_OPTS_INIT;
	pw_list_obligations_result r;
	pw_buf out = PW_BUF_INIT;
	int rc;

	o.tsp = tsp;
	o.status = status;
	if ((rc = pw_list_obligations_run(&r, t->ws, &o)) == 0)
		rc = json ? pw_list_obligations_json(&out, &r) : pw_list_obligations_text(&out, &r);
	if (rc == 0)
		fwrite(out.ptr, 1, out.len, stdout);
	pw_buf_clear(&out);
	pw_list_obligations_result_clear(&r);
	return rc < 0 ? tool_fail(rc) : 0;
}

int cmd_obligations(pw_tool *t, int argc, char **argv)
{
	const char *tsp = NULL;
	int json = 0, status = 0;
	const opt_spec spec[] = {
	    TOOL_OPT_ONLY_TSP(&tsp),
	    {.type = OPT_CHOICE,
	     .name = "status",
	     .value = &status,
	     .arg = "S",
	     .choices = "open|overdue|met|waived|all",
	     .help = "open (default: open and overdue), overdue, met, waived or all"},
	    TOOL_OPT_TEXT_JSON(&json),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"obligations", about, after, 15, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, &tsp, tsp ? 1 : 0)) == 0)
		rc = run(t, tsp, status, json);
	return rc;
}
