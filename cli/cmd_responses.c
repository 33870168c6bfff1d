/* pkiwatch responses import: a TSP's response file into the ledger. */
#include "tool.h"

#include "app/import_responses.h"
#include "tsp/response.h"

#include <stdio.h>
#include <string.h>

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
    "      \"note\": \"...\"}],                       optional\n"
    "   \"obligations\": [                          optional: the TSP's obligations\n"
    "     {\"obligation\": \"<obligation id>\",        an open one of the TSP\n"
    "      \"status\": \"not-started\" | \"in-progress\" | \"done\" | \"cannot-meet\",\n"
    "      \"evidence\": \"...\",                     required when done\n"
    "      \"date\": \"YYYY-MM-DD\",                   done: on; cannot-meet (required):\n"
    "                                             can be met by; else expected by\n"
    "      \"comment\": \"...\"}]}                     optional\n"
    "\"responses\" may be left out when \"obligations\" has an answer. An answer about\n"
    "an obligation is one commit of ledger/obligations/<id>.json (none when the\n"
    "latest answer recorded says the same); an id that is not an open obligation\n"
    "of the TSP stops the import like any bad entry.\n"
    "\n"
    "When the file names a form issued to the TSP, the import then writes the\n"
    "answered form, the form with the answers as the ledger now records them\n"
    "(as 'pkiwatch forms --answered FORM' does): DIR/<tsp id>/<form id>-answered.md\n"
    "and .html (--format for others; DIR: --out, else forms/ in the compliance\n"
    "repository). When that fails, the answers stay recorded and a warning says\n"
    "why.\n";

static int run(pw_workspace *ws, const char *file, const pw_import_responses_opts *o)
{
	pw_import_responses_result res;
	size_t i;
	int rc = pw_import_responses_run(&res, ws, file, o);

	for (i = 0; i < res.conflicts.count; i++)
		tool_error("%s", res.conflicts.items[i]);
	if (rc < 0) {
		rc = tool_fail(rc);
		goto out;
	}
	if (res.form_unchecked)
		printf("%s: form %s not checked: TSP %s has no issuance record "
		       "(ledger/forms/%s.json), as for forms issued before records were kept\n",
		       file, res.form, res.tsp, res.tsp);
	for (i = 0; i < res.count; i++) {
		if (res.items[i].status == PW_RESPONSE_SAME)
			printf("%s: unchanged\n", res.items[i].change);
		else
			printf("%s: %s (commit %.12s)\n", res.items[i].change,
			       res.items[i].status == PW_RESPONSE_REPLACED ? "replaced"
			                                                   : "recorded",
			       res.items[i].commit);
	}
	for (i = 0; i < res.nanswers; i++) {
		if (res.answers[i].status == PW_RESPONSE_SAME)
			printf("%s: answer unchanged\n", res.answers[i].obligation);
		else
			printf("%s: answer recorded (commit %.12s)\n", res.answers[i].obligation,
			       res.answers[i].commit);
	}
	printf("%s: %zu answer%s of %s, %zu recorded\n", file, res.count + res.nanswers,
	       res.count + res.nanswers == 1 ? "" : "s", res.tsp, res.recorded);
	if (res.answered.md_path || res.answered.html_path || res.answered.pdf_path)
		tool_answered_report(res.form, &res.answered);
	else if (res.answered_error) /* the answers stand */
		tool_error("warning: %s: the answered form was not made: %s (make it with "
		           "'pkiwatch forms --answered %s')",
		           res.form, res.answered_error, res.form);
out:
	pw_import_responses_result_clear(&res);
	return rc;
}

int cmd_responses(pw_tool *t, int argc, char **argv)
{
	pw_import_responses_opts o = {.replace = 0, .cancel = &tool_stop_signal};
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "import"},
	    {.type = OPT_SWITCH,
	     .name = "replace",
	     .value = &o.replace,
	     .help = "overwrite recorded answers that differ"},
	    TOOL_OPT_OUT_DIR(&o.out_dir, "out",
	                     "write the answered form under DIR instead of forms/"),
	    TOOL_OPT_FORM_FORMATS(&o.answered_formats,
	                          "the answered form's files: comma-separated md, html, pdf\n"
	                          "(default md,html); pdf needs headless Chromium (chromium)\n"
	                          "or WeasyPrint (weasyprint)"),
	    {.type = OPT_ARG, .name = "FILE"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"responses", about, NULL, 17, spec};
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
		rc = tool_stop_release(run(t->ws, argv[2], &o));
	}
	return rc;
}
