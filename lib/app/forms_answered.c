/* The answered-form use case (forms_answered.h). */
#include "app/forms_answered.h"

#include "tsp/applicability.h"
#include "tsp/form.h"
#include "tsp/issued.h"
#include "tsp/obligation.h"
#include "tsp/response.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/pdf.h"
#include "util/stage.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keeps the changes of `l` that form `x` asked about (in l's order, the
 * form's); those it asked about that no longer apply to its TSP (in the
 * mirrors, no longer signed off as applicable to it) go into `gone`
 * (borrowed from `set`: free *gone only). One no longer in the mirrors is
 * PW_EINPUT: there is nothing to name it by. */
static int keep_asked(pw_applicable_list *l, const pw_change ***gone, size_t *ngone,
                      const pw_issued_form *x, const pw_changeset *set)
{
	const pw_changeset_item *it;
	size_t i, j, k = 0;
	for (i = 0; i < l->count; i++) {
		if (pw_issued_asks(x, l->items[i].item->change.id))
			l->items[k++] = l->items[i];
		else
			pw_applicability_clear(&l->items[i].why);
	}
	l->count = k;
	if (x->nchanges && !(*gone = calloc(x->nchanges, sizeof(**gone))))
		return pw_error_oom();
	for (i = 0; i < x->nchanges; i++) {
		for (j = 0; j < l->count; j++)
			if (strcmp(l->items[j].item->change.id, x->changes[i]) == 0)
				break;
		if (j < l->count)
			continue;
		if (!(it = pw_changeset_find(set, x->changes[i])))
			return pw_error_set(PW_EINPUT,
			                    "form %s: change %s is not in the mirrors since the "
			                    "configuration's since date",
			                    x->form, x->changes[i]);
		(*gone)[(*ngone)++] = &it->change;
	}
	return 0;
}

/* The answers to the form's changes: how many, and the latest day. */
static void count_answers(pw_forms_answered_result *out, const pw_applicable_list *l,
                          const pw_responses *rs, const char *tsp)
{
	size_t i;
	for (i = 0; i < l->count; i++) {
		const pw_response *r = pw_responses_find(rs, l->items[i].item->change.id, tsp);
		if (!r)
			continue;
		out->answered++;
		if (r->received && strncmp(r->received, out->received, 10) > 0)
			snprintf(out->received, sizeof(out->received), "%.10s", r->received);
	}
}

/* The obligations form `x` asked about (its record's "obligations"), as
 * derived today, into `asked` (shallow copies: free asked->items only); the
 * ids of those no longer derived into `gone` (borrowed from `x`: free
 * *gone only). */
static int obligations_asked(pw_obligations *asked, const char ***gone,
                             pw_forms_answered_result *out, pw_workspace *ws,
                             const pw_issued_form *x)
{
	const pw_obligctx *ctx;
	size_t i;
	int rc;
	memset(asked, 0, sizeof(*asked));
	*gone = NULL;
	if (!x->obligations.count)
		return 0;
	if ((rc = pw_workspace_obligations(&ctx, ws, NULL, x->tsp)) < 0)
		return rc;
	if (!(asked->items = calloc(x->obligations.count, sizeof(*asked->items))) ||
	    !(*gone = calloc(x->obligations.count, sizeof(**gone))))
		return pw_error_oom();
	for (i = 0; i < x->obligations.count; i++) {
		const pw_obligation *o =
		    pw_obligations_find(&ctx->obligations, x->obligations.items[i]);
		const char *t;
		if (!o) {
			(*gone)[out->obligations_gone++] = x->obligations.items[i];
			continue;
		}
		asked->items[asked->count++] = *o;
		if (!o->answer)
			continue;
		out->obligations_answered++;
		t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o->answer, "time"));
		if (t && strncmp(t, out->received, 10) > 0)
			snprintf(out->received, sizeof(out->received), "%.10s", t);
	}
	out->obligations = asked->count;
	return 0;
}

/* The files, staged, then put in place together. */
static int write_files(pw_forms_answered_result *out, const pw_buf *md, const pw_buf *html,
                       const char *base, const char *dir, const char *form, int formats,
                       const char *pdf, int pdf_kind, volatile sig_atomic_t *cancel)
{
	char *md_path = pw_path_joinf(dir, "%s-answered.md", form),
	     *html_path = pw_path_joinf(dir, "%s-answered.html", form),
	     *pdf_path = pw_path_joinf(dir, "%s-answered.pdf", form);
	const char *html_tmp = NULL, *pdf_tmp = NULL;
	pw_stage st;
	int rc = 0;
	memset(&st, 0, sizeof(st));
	if (!md_path || !html_path || !pdf_path) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = pw_stage_open(&st, base)) < 0)
		goto out;
	if ((formats & PW_FORMS_ISSUE_MD) &&
	    (rc = pw_stage_write(NULL, &st, md_path, md->ptr, md->len)) < 0)
		goto out;
	if (formats & PW_FORMS_ISSUE_HTML)
		rc = pw_stage_write(&html_tmp, &st, html_path, html->ptr, html->len);
	else if (formats & PW_FORMS_ISSUE_PDF)
		rc = pw_stage_scratch(&html_tmp, &st, html_path, html->ptr, html->len);
	if (rc == 0 && (formats & PW_FORMS_ISSUE_PDF) &&
	    (rc = pw_stage_reserve(&pdf_tmp, &st, pdf_path)) == 0)
		rc = pw_pdf_render(pdf, pdf_kind, html_tmp, pdf_tmp, NULL);
	if (cancel && *cancel) {
		int sig = (int)*cancel;
		rc = pw_error_set(PW_ERROR, "interrupted (%s): nothing written",
		                  sig > 0 && sig < NSIG ? strsignal(sig) : "cancelled");
	}
	if (rc == 0)
		rc = pw_stage_apply(&st);
	if (rc == 0) {
		if (formats & PW_FORMS_ISSUE_MD) {
			out->md_path = md_path;
			md_path = NULL;
		}
		if (formats & PW_FORMS_ISSUE_HTML) {
			out->html_path = html_path;
			html_path = NULL;
		}
		if (formats & PW_FORMS_ISSUE_PDF) {
			out->pdf_path = pdf_path;
			pdf_path = NULL;
		}
	}
out:
	pw_stage_clear(&st);
	free(md_path);
	free(html_path);
	free(pdf_path);
	return rc;
}

int pw_forms_answered_run(pw_forms_answered_result *out, pw_workspace *ws,
                          const pw_forms_answered_opts *opts)
{
	const pw_config *cfg;
	const pw_issued *issued;
	const pw_issued_form *x;
	const pw_tsps *tsps;
	const pw_tsp *t;
	const pw_ledger *ledger;
	const pw_changeset *set;
	const pw_responses *rs;
	pw_applicable_list list;
	pw_obligations asked = {NULL, 0};
	const char **gone = NULL;
	const pw_change **changes_gone = NULL;
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	char *pdf = NULL, *dir = NULL, *base = NULL;
	int pdf_kind = 0, formats, rc;

	memset(out, 0, sizeof(*out));
	memset(&list, 0, sizeof(list));
	if (!opts || !opts->form || !*opts->form)
		return pw_error_set(PW_EINPUT, "forms --answered: no form id");
	formats = opts->formats ? opts->formats : PW_FORMS_ISSUE_MD | PW_FORMS_ISSUE_PDF;
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 || (rc = pw_workspace_issued(&issued, ws)) < 0)
		return rc;
	if (!(x = pw_issued_find(issued, opts->form)))
		return pw_error_set(PW_ENOTFOUND,
		                    "form %s: not issued to any TSP (ledger/forms/<tsp id>.json)",
		                    opts->form);
	if ((rc = pw_workspace_tsps(&tsps, ws)) < 0)
		return rc;
	if (!(t = pw_tsps_find(tsps, x->tsp)))
		return pw_error_set(PW_ENOTFOUND, "form %s: TSP %s has no profile (tsps/%s.json)",
		                    x->form, x->tsp, x->tsp);
	out->tsp = t->id;
	if ((formats & PW_FORMS_ISSUE_PDF) && pw_pdf_find(&pdf, &pdf_kind) < 0)
		return PW_ERROR;
	if ((rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_responses(&rs, ws)) < 0 ||
	    (rc = pw_applicability_collect(&list, set, ledger, t)) < 0 ||
	    (rc = keep_asked(&list, &changes_gone, &out->changes_gone, x, set)) < 0)
		goto out;
	/* the form as issued: its day, id and reply-by date */
	if ((rc = pw_form_init(&f, t, &list, x->generated, 1)) < 0)
		goto out;
	snprintf(f.id, sizeof(f.id), "%s", x->form);
	memcpy(f.reply_by, x->reply_by, sizeof(f.reply_by));
	f.reply_late[0] = '\0';
	f.authority = cfg->authority;
	f.answers = rs;
	f.changes_gone = changes_gone;
	f.nchanges_gone = out->changes_gone;
	out->changes = list.count;
	count_answers(out, &list, rs, t->id);
	/* the obligations it asked about, with the TSP's latest answer, and
	 * those that no longer apply */
	if ((rc = obligations_asked(&asked, &gone, out, ws, x)) < 0)
		goto out;
	f.obligations = &asked;
	f.obligations_gone = gone;
	f.nobligations_gone = out->obligations_gone;
	if ((rc = pw_form_markdown(&md, &f)) < 0 ||
	    (rc = pw_form_html(&html, &f, md.ptr, md.len)) < 0)
		goto out;
	if (!(base = opts->out_dir ? strdup(opts->out_dir) : pw_path_join(cfg->root, "forms")) ||
	    !(dir = pw_path_join(base, t->id))) {
		rc = pw_error_oom();
		goto out;
	}
	rc = write_files(out, &md, &html, base, dir, x->form, formats, pdf, pdf_kind, opts->cancel);
out:
	free(asked.items);
	free(gone);
	free(changes_gone);
	pw_applicability_list_clear(&list);
	pw_buf_clear(&md);
	pw_buf_clear(&html);
	free(pdf);
	free(dir);
	free(base);
	return rc;
}

void pw_forms_answered_result_clear(pw_forms_answered_result *r)
{
	if (!r)
		return;
	free(r->md_path);
	free(r->html_path);
	free(r->pdf_path);
	memset(r, 0, sizeof(*r));
}
