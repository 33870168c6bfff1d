/* pkiwatch evidence: the auditor's report for a period. */
#include "tool.h"

#include "app/check_ledger.h"
#include "app/workspace.h"
#include "tsp/obligctx.h"
#include "classify/changeset.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"
#include "publish/evidence.h"
#include "tsp/issued.h"
#include "tsp/response.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/pdf.h"
#include "util/stage.h"

#include <stdio.h>
#include <stdlib.h>
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

enum { FMT_MD = 1, FMT_HTML = 2, FMT_PDF = 4, FMT_JSON = 8 };

typedef struct {
	const char *from, *to, *out;
	int formats;
} args;

static int parse_formats(const char *cmd, const char *s, void *value)
{
	static const struct {
		const char *name;
		int bit;
	} names[] = {{"md", FMT_MD}, {"html", FMT_HTML}, {"pdf", FMT_PDF}, {"json", FMT_JSON}};
	const char *p = s;
	int *out = value;
	size_t i;
	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n && strncmp(p, names[i].name, n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			break;
		*out |= names[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	if (*p || !*out)
		return tool_usage(
		    cmd, "--format takes md, html, pdf and json separated by commas, not '%s'", s);
	return 0;
}

/* The compliance repository's place in its git work tree ("" or "dir/"). */
static char *prefix_of(const pw_config *cfg, const pw_verify_report *v)
{
	size_t i, n;
	const char *suffix = "ledger/";
	for (i = 0; i < v->nfiles; i++) {
		const char *at = strstr(v->files[i].path, suffix);
		if (at) {
			n = (size_t)(at - v->files[i].path);
			return strndup(v->files[i].path, n);
		}
	}
	(void)cfg;
	return strdup("");
}

static char *file_name(const args *a, const char *ext)
{
	pw_buf b = PW_BUF_INIT;
	if (pw_buf_printf(&b, "%s/evidence-%s-%s.%s", a->out, a->from, a->to, ext) < 0)
		return NULL;
	return pw_buf_detach(&b);
}

static int run(pw_workspace *ws, const args *a)
{
	const pw_config *cfg;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_issued *issued;
	const pw_responses *rs;
	pw_verify_report v;
	pw_evidence_opts eo = PW_EVIDENCE_OPTS_INIT;
	pw_pdf_opts po = PW_PDF_OPTS_INIT;
	const pw_obligctx *ctx;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_stage st;
	cJSON *json = NULL;
	char *text = NULL, *prefix = NULL, *pdf = NULL, *paths[4] = {NULL, NULL, NULL, NULL};
	const char *html_tmp = NULL, *pdf_tmp = NULL;
	int rc, pdf_kind = 0, staged = 0;
	size_t i;

	memset(&v, 0, sizeof(v));
	memset(&st, 0, sizeof(st));
	if ((a->formats & FMT_PDF) && (rc = pw_pdf_find(&pdf, &pdf_kind)) < 0)
		goto fail;
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_issued(&issued, ws)) < 0 ||
	    (rc = pw_workspace_responses(&rs, ws)) < 0 ||
	    (rc = pw_workspace_issues(&eo.issues, ws)) < 0 ||
	    /* the obligations as of the period's end, with the officer's records */
	    (rc = pw_workspace_obligations(&ctx, ws, a->to, NULL)) < 0)
		goto fail;
	eo.obligations = &ctx->obligations;
	eo.oblig_records = &ctx->records;
	if ((rc = pw_check_ledger_run(&v, ws)) < 0)
		goto fail;
	if (!(prefix = prefix_of(cfg, &v))) {
		rc = pw_error_oom();
		goto fail;
	}
	eo.from = a->from;
	eo.to = a->to;
	eo.repository = cfg->repository;
	eo.set = set;
	eo.ledger = ledger;
	eo.issued = issued;
	eo.responses = rs;
	eo.verify = &v;
	eo.prefix = prefix;
	eo.root = cfg->root;
	po.date = a->to; /* the same repository commit and range give the same PDF */
	if ((rc = pw_evidence_markdown(&md, &eo)) < 0 ||
	    (rc = pw_evidence_html(&html, &eo, md.ptr, md.len)) < 0 ||
	    ((a->formats & FMT_JSON) && (rc = pw_evidence_json(&json, &eo)) < 0))
		goto fail;
	if ((a->formats & FMT_JSON) && !(text = cJSON_Print(json))) {
		rc = pw_error_oom();
		goto fail;
	}
	if (!(paths[0] = file_name(a, "md")) || !(paths[1] = file_name(a, "html")) ||
	    !(paths[2] = file_name(a, "json")) || !(paths[3] = file_name(a, "pdf"))) {
		rc = pw_error_oom();
		goto fail;
	}
	/* all files or none */
	if ((rc = pw_dir_create(a->out)) < 0 || (rc = pw_stage_open(&st, a->out)) < 0)
		goto fail;
	staged = 1;
	if ((a->formats & FMT_MD) && (rc = pw_stage_write(NULL, &st, paths[0], md.ptr, md.len)) < 0)
		goto fail;
	if (a->formats & FMT_HTML)
		rc = pw_stage_write(&html_tmp, &st, paths[1], html.ptr, html.len);
	else if (a->formats & FMT_PDF)
		rc = pw_stage_scratch(&html_tmp, &st, paths[1], html.ptr, html.len);
	if (rc < 0)
		goto fail;
	if (text) {
		size_t n = strlen(text);
		if ((rc = pw_stage_write(NULL, &st, paths[2], text, n)) < 0)
			goto fail;
	}
	if ((a->formats & FMT_PDF) &&
	    ((rc = pw_stage_reserve(&pdf_tmp, &st, paths[3])) < 0 ||
	     (rc = pw_pdf_render(pdf, pdf_kind, html_tmp, pdf_tmp, &po)) < 0))
		goto fail;
	if ((rc = pw_stage_apply(&st)) < 0)
		goto fail;
	for (i = 0; i < 4; i++)
		if (a->formats & (i == 0   ? FMT_MD
		                  : i == 1 ? FMT_HTML
		                  : i == 2 ? FMT_JSON
		                           : FMT_PDF))
			printf("wrote %s\n", paths[i]);
	printf("evidence %s..%s: %zu ledger commits checked, %s (commit %.12s)\n", a->from, a->to,
	       v.commits, v.count ? "ledger problems listed in section 8" : "ledger verified",
	       *v.head ? v.head : "none");
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	if (staged)
		pw_stage_clear(&st);
	for (i = 0; i < 4; i++)
		free(paths[i]);
	free(text);
	free(prefix);
	free(pdf);
	cJSON_Delete(json);
	pw_buf_clear(&md);
	pw_buf_clear(&html);
	pw_verify_report_clear(&v);
	return rc;
}

int cmd_evidence(pw_tool *t, int argc, char **argv)
{
	args a = {NULL, NULL, "evidence", FMT_MD | FMT_HTML};
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
	    TOOL_OPT_OUT_DIR(&a.out, "out", "where the files go (default evidence/)"),
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
