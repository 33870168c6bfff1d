/* The evidence use case (write_evidence.h). */
#include "app/write_evidence.h"

#include "app/check_ledger.h"
#include "classify/changeset.h"
#include "ledger/ledger.h"
#include "publish/evidence.h"
#include "tsp/issued.h"
#include "tsp/obligctx.h"
#include "tsp/response.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/pdf.h"
#include "util/stage.h"

#include <stdlib.h>
#include <string.h>

enum {
	FMT_MD = PW_WRITE_EVIDENCE_MD,
	FMT_HTML = PW_WRITE_EVIDENCE_HTML,
	FMT_PDF = PW_WRITE_EVIDENCE_PDF,
	FMT_JSON = PW_WRITE_EVIDENCE_JSON
};

/* The compliance repository's place in its git work tree ("" or "dir/"). */
static char *prefix_of(const pw_verify_report *v)
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
	return strdup("");
}

static char *file_name(const pw_write_evidence_opts *a, const char *ext)
{
	pw_buf b = PW_BUF_INIT;
	if (pw_buf_printf(&b, "%s/evidence-%s-%s.%s", a->out_dir, a->from, a->to, ext) < 0)
		return NULL;
	return pw_buf_detach(&b);
}

/* What the report is made of, from the workspace. */
static int load(pw_evidence_opts *eo, const pw_config **cfg, pw_workspace *ws, const char *to)
{
	const pw_obligctx *ctx;
	int rc;
	if ((rc = pw_workspace_config(cfg, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&eo->set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_ledger(&eo->ledger, ws)) < 0 ||
	    (rc = pw_workspace_issued(&eo->issued, ws)) < 0 ||
	    (rc = pw_workspace_responses(&eo->responses, ws)) < 0 ||
	    (rc = pw_workspace_issues(&eo->issues, ws)) < 0 ||
	    /* the obligations as of the period's end, with the officer's records */
	    (rc = pw_workspace_obligations(&ctx, ws, to, NULL)) < 0)
		return rc;
	eo->obligations = &ctx->obligations;
	eo->oblig_records = &ctx->records;
	return 0;
}

/* The report's files, staged: all files or none. */
static int write_files(pw_stage *st, const pw_write_evidence_opts *a, char *const paths[4],
                       const pw_buf *md, const pw_buf *html, const char *text, const char *pdf,
                       int pdf_kind)
{
	pw_pdf_opts po = PW_PDF_OPTS_INIT;
	const char *html_tmp = NULL, *pdf_tmp = NULL;
	int rc = 0;

	po.date = a->to; /* the same repository commit and range give the same PDF */
	if ((a->formats & FMT_MD) &&
	    (rc = pw_stage_write(NULL, st, paths[0], md->ptr, md->len)) < 0)
		return rc;
	if (a->formats & FMT_HTML)
		rc = pw_stage_write(&html_tmp, st, paths[1], html->ptr, html->len);
	else if (a->formats & FMT_PDF)
		rc = pw_stage_scratch(&html_tmp, st, paths[1], html->ptr, html->len);
	if (rc < 0)
		return rc;
	if (text && (rc = pw_stage_write(NULL, st, paths[2], text, strlen(text))) < 0)
		return rc;
	if ((a->formats & FMT_PDF) &&
	    ((rc = pw_stage_reserve(&pdf_tmp, st, paths[3])) < 0 ||
	     (rc = pw_pdf_render(pdf, pdf_kind, html_tmp, pdf_tmp, &po)) < 0))
		return rc;
	return pw_stage_apply(st);
}

int pw_write_evidence_run(pw_write_evidence_result *out, pw_workspace *ws,
                          const pw_write_evidence_opts *a)
{
	static const int order[4] = {FMT_MD, FMT_HTML, FMT_JSON, FMT_PDF};
	const pw_config *cfg;
	pw_verify_report *v = &out->verify;
	pw_evidence_opts eo = PW_EVIDENCE_OPTS_INIT;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_stage st;
	cJSON *json = NULL;
	char *text = NULL, *prefix = NULL, *pdf = NULL, *paths[4] = {NULL, NULL, NULL, NULL};
	int rc, pdf_kind = 0, staged = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	if ((a->formats & FMT_PDF) && (rc = pw_pdf_find(&pdf, &pdf_kind)) < 0)
		goto out;
	if ((rc = load(&eo, &cfg, ws, a->to)) < 0 || (rc = pw_check_ledger_run(v, ws)) < 0)
		goto out;
	if (!(prefix = prefix_of(v))) {
		rc = pw_error_oom();
		goto out;
	}
	eo.from = a->from;
	eo.to = a->to;
	eo.repository = cfg->repository;
	eo.verify = v;
	eo.prefix = prefix;
	eo.root = cfg->root;
	if ((rc = pw_evidence_markdown(&md, &eo)) < 0 ||
	    (rc = pw_evidence_html(&html, &eo, md.ptr, md.len)) < 0 ||
	    ((a->formats & FMT_JSON) && (rc = pw_evidence_json(&json, &eo)) < 0))
		goto out;
	if ((a->formats & FMT_JSON) && !(text = cJSON_Print(json))) {
		rc = pw_error_oom();
		goto out;
	}
	if (!(paths[0] = file_name(a, "md")) || !(paths[1] = file_name(a, "html")) ||
	    !(paths[2] = file_name(a, "json")) || !(paths[3] = file_name(a, "pdf"))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = pw_dir_create(a->out_dir)) < 0 || (rc = pw_stage_open(&st, a->out_dir)) < 0)
		goto out;
	staged = 1;
	if ((rc = write_files(&st, a, paths, &md, &html, text, pdf, pdf_kind)) < 0)
		goto out;
	for (i = 0; i < 4; i++)
		if (a->formats & order[i]) {
			out->files[out->nfiles++] = paths[i];
			paths[i] = NULL;
		}
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
	return rc;
}

void pw_write_evidence_result_clear(pw_write_evidence_result *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	pw_verify_report_clear(&r->verify);
	memset(r, 0, sizeof(*r));
}
