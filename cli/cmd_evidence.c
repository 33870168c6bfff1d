/* pkiwatch evidence: the auditor's report for a period. */
#include "tool.h"

#include "app/write_evidence.h"
#include "publish/evidence.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static const char about[] =
    "Writes the evidence report for the audit period FROM..TO (both days included):\n"
    "a summary (counts, the median days from upstream adoption to sign-off, what is\n"
    "still open), every upstream change of the period with the date pkiwatch first\n"
    "saw it, the decision on each with its officer, time, note and the signature\n"
    "status of its ledger commit, the forms issued to TSPs, their answers and the\n"
    "overdue ones, the versions of the tracked documents in force at TO, and the\n"
    "ledger's verification (see 'pkiwatch verify'). The files are\n"
    "DIR/evidence-FROM-TO.{md,html,json,pdf}; the same repository commit and period\n"
    "give the same files, byte for byte (the PDF is dated TO). A period with nothing\n"
    "in it gives a report that says so.\n"
    "With a GitHub token (GITHUB_TOKEN or GH_TOKEN) the repository's issues are read:\n"
    "a change was first seen the day its issue was opened. Without one, the report\n"
    "shows the upstream commit date instead, marked 'upstream'.\n";

enum {
	FMT_MD = PW_WRITE_EVIDENCE_MD,
	FMT_HTML = PW_WRITE_EVIDENCE_HTML,
	FMT_PDF = PW_WRITE_EVIDENCE_PDF,
	FMT_JSON = PW_WRITE_EVIDENCE_JSON
};

static int parse_formats(const char *cmd, const char *text, void *value)
{
	static const tool_format names[] = {
	    {"md", FMT_MD}, {"html", FMT_HTML}, {"pdf", FMT_PDF}, {"json", FMT_JSON}};
	return tool_formats_parse(value, cmd, text, names, sizeof(names) / sizeof(names[0]),
	                          "md, html, pdf and json");
}

static int run(pw_workspace *ws, const pw_write_evidence_opts *a)
{
	pw_write_evidence_result r;
	size_t i;
	int rc;

	if ((rc = pw_write_evidence_run(&r, ws, a)) < 0)
		rc = tool_fail(rc);
	else {
		for (i = 0; i < r.nfiles; i++)
			printf("wrote %s\n", r.files[i]);
		printf("evidence %s..%s: %zu ledger commits checked, %s (commit %.12s)\n", a->from,
		       a->to, r.verify.commits,
		       r.verify.count ? "ledger problems listed in section 8" : "ledger verified",
		       *r.verify.head ? r.verify.head : "none");
	}
	pw_write_evidence_result_clear(&r);
	return rc;
}

int cmd_evidence(pw_tool *t, int argc, char **argv)
{
	pw_write_evidence_opts a = PW_WRITE_EVIDENCE_OPTS_INIT;
	const opt_spec spec[] = {
	    {.type = OPT_STRING,
	     .name = "from",
	     .value = &a.from,
	     .arg = "DATE",
	     .flags = OPT_MANDATORY,
	     .help = "the period's first day, YYYY-MM-DD"},
	    {.type = OPT_STRING,
	     .name = "to",
	     .value = &a.to,
	     .arg = "DATE",
	     .flags = OPT_MANDATORY,
	     .help = "the period's last day, YYYY-MM-DD"},
	    TOOL_OPT_OUT_DIR(&a.out_dir, "out", "where the files go (default evidence/)"),
	    TOOL_OPT_FORMATS(&a.formats, "md,html,json,pdf", parse_formats,
	                     "comma-separated md, html, json, pdf (default md,html); pdf\n"
	                     "needs headless Chromium (chromium) or WeasyPrint (weasyprint)"),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"evidence", about, NULL, 17, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if (!a.from || !a.to)
		return tool_usage("evidence", "--from DATE and --to DATE are required");
	if (pw_evidence_check_range(a.from, a.to) < 0)
		return tool_usage("evidence", "%s", pw_error_last());
	if ((rc = tool_open(t, NULL, 0)) == 0)
		rc = run(t->ws, &a);
	return rc;
}
