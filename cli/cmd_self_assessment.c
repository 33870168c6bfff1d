/* pkiwatch self-assessment: a TSP's worksheet for a document version; import
 * a filled-in worksheet; accept an imported one. */
#include "tool.h"

#include "app/self_assessment.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Without a verb, writes TSP T's self-assessment worksheet of document ID\n"
    "(SOURCE:PATH, e.g. cabforum-smime:SBR.md) at version V (default: the current\n"
    "one) from the mirror: one row per section heading, the sections changed since\n"
    "T's last accepted self-assessment first and highlighted, with the changes\n"
    "(ballot, date, version, effective dates), the other rows prefilled with the\n"
    "accepted answers. Files: DIR/<T>-<source>-<document>-<version>.<format>, DIR\n"
    "defaulting to self-assessments/<T>/ beside pkiwatch.json.\n"
    "\n"
    "import FILE reads a filled-in worksheet (XLSX, or the CSV that the HTML\n"
    "worksheet's \"Save answers\" button saves) and records its answers in\n"
    "ledger/self-assessments/<T>/<source>/<document>@<version>.json, one commit by\n"
    "the officer (git's user.name/user.email, else the first officer). The same\n"
    "answers again make no commit. Refused with exit status 2, nothing recorded: a\n"
    "file that is not a worksheet or is damaged, a formula, a cell over 32767\n"
    "characters, a worksheet for another TSP, document or version than --tsp,\n"
    "--document, --version say, a changed section (every section, for a first\n"
    "self-assessment) without an answer in columns E or F.\n"
    "\n"
    "accept T ID records the officer's acceptance of T's imported self-assessment\n"
    "of ID (--version V, default the newest not yet accepted); the next worksheet's\n"
    "changes count from that version.\n";

typedef struct {
	const char *tsp, *document, *version, *out;
	int formats;
} args;

static int parse_formats(const char *cmd, const char *text, void *value)
{
	static const tool_format names[] = {
	    {"xlsx", PW_ASSESSMENT_XLSX}, {"csv", PW_ASSESSMENT_CSV}, {"html", PW_ASSESSMENT_HTML}};
	return tool_formats_parse(value, cmd, text, names, sizeof(names) / sizeof(names[0]),
	                          "xlsx, csv and html");
}

static int write_sheet(pw_workspace *ws, const pw_self_assessment_opts *o)
{
	pw_worksheet w;
	char **paths = NULL;
	size_t i;
	int rc;

	if ((rc = pw_self_assessment_write(&paths, &w, ws, o)) < 0)
		return tool_fail(rc);
	printf("%s %s version %s: %zu sections, %zu changed since %s%s\n", w.tsp_id, w.document,
	       w.version, w.nrows, w.nchanged,
	       w.base_version ? "version " : "no accepted self-assessment",
	       w.base_version ? w.base_version : "");
	for (i = 0; paths[i]; i++) {
		printf("wrote %s\n", paths[i]);
		free(paths[i]);
	}
	free(paths);
	pw_worksheet_clear(&w);
	return 0;
}

static int import(pw_workspace *ws, const pw_self_assessment_opts *o, const char *file)
{
	pw_assessment_result r;
	int rc;
	if ((rc = pw_self_assessment_import(&r, ws, file, o)) < 0)
		return tool_fail(rc);
	if (r.unchanged)
		printf("%s: %s %s version %s: the same answers are recorded; nothing to do\n", file,
		       r.tsp, r.document, r.version);
	else
		printf("%s: %s %s version %s: %zu of %zu sections answered (%zu changed), "
		       "recorded in %s (commit %.12s)\n",
		       file, r.tsp, r.document, r.version, r.nanswered, r.nrows, r.nchanged,
		       r.rel_path, r.commit);
	pw_assessment_result_clear(&r);
	return 0;
}

static int accept(pw_workspace *ws, const pw_self_assessment_opts *o)
{
	pw_assessment_result r;
	int rc;
	if ((rc = pw_self_assessment_accept(&r, ws, o)) < 0)
		return tool_fail(rc);
	if (r.unchanged)
		printf("%s %s version %s: already accepted\n", r.tsp, r.document, r.version);
	else
		printf("%s %s version %s: accepted (commit %.12s)\n", r.tsp, r.document, r.version,
		       r.commit);
	pw_assessment_result_clear(&r);
	return 0;
}

int cmd_self_assessment(pw_tool *t, int argc, char **argv)
{
	args a;
	const opt_spec spec[] = {
	    {.type = OPT_STRING,
	     .name = "tsp",
	     .value = &a.tsp,
	     .arg = "T",
	     .check = tool_check_tsp,
	     .help = "the TSP (tsps/T.json)"},
	    {.type = OPT_STRING,
	     .name = "document",
	     .value = &a.document,
	     .arg = "ID",
	     .help = "SOURCE:PATH of a document rules/sources.json tracks"},
	    {.type = OPT_STRING,
	     .name = "version",
	     .value = &a.version,
	     .arg = "V",
	     .help = "a version of the document, as its revision table gives it"},
	    TOOL_OPT_OUT_DIR(&a.out, "out", "write the worksheet under DIR"),
	    TOOL_OPT_FORMATS(&a.formats, "xlsx,csv,html", parse_formats,
	                     "comma-separated xlsx, csv, html (default xlsx)"),
	    {.type = OPT_ARG, .name = "[import FILE | accept T ID]"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"self-assessment", about, NULL, 18, spec};
	pw_self_assessment_opts o = PW_SELF_ASSESSMENT_OPTS_INIT;
	size_t nargs;
	int rc;
	const char *verb;

	memset(&a, 0, sizeof(a));
	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	verb = nargs ? argv[1] : NULL;
	if (!verb) {
		if (!a.tsp || !a.document)
			return tool_usage("self-assessment", "--tsp and --document are required");
	} else if (!strcmp(verb, "import")) {
		if (nargs != 2)
			return tool_usage("self-assessment", "import takes one FILE");
		if (a.out || a.formats)
			return tool_usage("self-assessment", "import takes no --out or --format");
	} else if (!strcmp(verb, "accept")) {
		if (nargs != 3)
			return tool_usage("self-assessment",
			                  "accept takes a TSP and a document ID");
		if (a.tsp || a.document || a.out || a.formats)
			return tool_usage("self-assessment", "accept takes only --version");
	} else {
		return tool_usage("self-assessment", "unknown verb '%s' (import, accept)", verb);
	}
	o.tsp = a.tsp;
	o.document = a.document;
	o.version = a.version;
	o.out_dir = a.out;
	o.formats = a.formats;
	if (!verb) {
		if ((rc = tool_open(t, &a.tsp, 1)) == 0)
			rc = write_sheet(t->ws, &o);
	} else if ((rc = tool_open(t, NULL, 0)) == 0) {
		if (!strcmp(verb, "import")) {
			rc = import(t->ws, &o, argv[2]);
		} else {
			o.tsp = argv[2];
			o.document = argv[3];
			rc = accept(t->ws, &o);
		}
	}
	return rc;
}
