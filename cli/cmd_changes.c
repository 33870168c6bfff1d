/* pkiwatch changes: the changes of every enabled source, from the mirrors. */
#include "tool.h"

#include "app/list_changes.h"
#include "util/day.h"

#include <stdio.h>

static const char about[] =
    "Lists the changes to the sources' documents, newest first, from the mirrors in the\n"
    "cache (run 'pkiwatch mirror' first).\n";

static const char after[] =
    "\n"
    "Text output, per change: '<id> <date> <ballot or -> <kind> <status> [tags]', then\n"
    "indented the subject, the changed sections and one 'effective DATE (sections): text'\n"
    "line per effective date. JSON: the full change record.\n";

static int check_since(const char *cmd, const char *text)
{
	if (!pw_day_valid(text))
		return tool_usage(cmd, "--since: expected a date YYYY-MM-DD, got '%s'", text);
	return 0;
}

/* Prints the classifier's warnings about upstream text (never on stdout). */
static void print_warning(const pw_change *c, const char *text, void *payload)
{
	(void)payload;
	tool_error("warning: %s: %s", c->id, text);
}

static int print(const char *data, size_t len, void *payload)
{
	(void)payload;
	fwrite(data, 1, len, stdout);
	return 0;
}

int cmd_changes(pw_tool *t, int argc, char **argv)
{
	pw_list_changes_opts opts = PW_LIST_CHANGES_OPTS_INIT;
	const opt_spec spec[] = {
	    {.type = OPT_STRING,
	     .name = "source",
	     .value = &opts.source,
	     .arg = "S",
	     .help = "only source S (default: the sources enabled in pkiwatch.json)"},
	    {.type = OPT_STRING,
	     .name = "since",
	     .value = &opts.walk.since,
	     .arg = "DATE",
	     .check = check_since,
	     .help = "stop at changes committed before DATE (YYYY-MM-DD)"},
	    {.type = OPT_STRING,
	     .name = "from",
	     .value = &opts.walk.from,
	     .arg = "REV",
	     .flags = OPT_GROUP,
	     .help = "only changes after REV (exclusive)"},
	    {.type = OPT_STRING,
	     .name = "to",
	     .value = &opts.walk.to,
	     .arg = "REV",
	     .help = "start from REV instead of the default branch head"},
	    {.type = OPT_SWITCH,
	     .name = "drafts",
	     .value = &opts.walk.drafts,
	     .help = "also list draft branches as proposed changes"},
	    TOOL_OPT_TEXT_JSON(&opts.json),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"changes", about, after, 18, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, NULL, 0)) != 0)
		return rc;
	opts.warning = print_warning;
	opts.write = print;
	if ((rc = pw_list_changes_run(t->ws, &opts)) < 0)
		return tool_fail(rc);
	if (fflush(stdout) != 0) {
		tool_error("cannot write to standard output");
		return 1;
	}
	return 0;
}
