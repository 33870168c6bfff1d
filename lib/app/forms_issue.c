/* The form issuance use case (forms_issue.h). */
#include "app/forms_issue.h"

#include "classify/changeset.h"
#include "ledger/commit.h"
#include "ledger/ledger.h"
#include "tsp/applicability.h"
#include "tsp/form.h"
#include "tsp/issued.h"
#include "tsp/obligation.h"
#include "tsp/obligctx.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/pdf.h"
#include "util/stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One TSP's form, rendered in memory, then staged; its issuance record. */
typedef struct {
	pw_applicable_list list;
	int asks; /* a form is issued: changes to ask about, or obligations only */
	pw_form form;
	const char **supersedes; /* the ids, borrowed from the workspace's issued forms */
	size_t nsupersedes;
	pw_buf md, html;
	char *md_path, *html_path, *pdf_path; /* the targets */
	cJSON *record;                        /* NULL: issued already */
	char *record_rel, *record_msg;
	char commit[41];
} rendered;

/* What every form of one run shares. */
typedef struct {
	const pw_config *cfg;
	const char *out_dir;
	int formats;
	char *pdf; /* the renderer, when PDF is asked for */
	int pdf_kind;
	const char *name, *email; /* the records' author */
	char base[41];            /* the commit the records are built on */
	volatile sig_atomic_t *cancel;
} run_ctx;

/* 1 when `o` (an obligation of r's form) is still unanswered and form `x`
 * asked about it. */
static int asks_unanswered(const pw_issued_form *x, const pw_obligations *obs, const char *o)
{
	const pw_obligation *ob = pw_obligations_find(obs, o);
	return ob && !ob->answer && pw_issued_asks_obligation(x, o);
}

/* The earlier forms to `t` still in force that asked about one of the
 * changes of r's form (all unanswered), or about one of its obligations
 * not answered yet: the new form replaces them. */
static int replaced(rendered *r, const pw_tsp *t, const pw_issued *issued,
                    const pw_obligations *obs)
{
	size_t i, k, j, nobl = pw_form_obligation_count(&r->form);
	for (i = 0; issued && i < issued->count; i++) {
		const pw_issued_form *x = &issued->items[i];
		if (strcmp(x->tsp, t->id) != 0 || x->superseded_by ||
		    strcmp(x->form, r->form.id) == 0)
			continue;
		for (k = 0; k < r->list.count; k++)
			if (pw_issued_asks(x, r->list.items[k].item->change.id))
				break;
		for (j = 0; k == r->list.count && j < nobl; j++)
			if (asks_unanswered(x, obs, pw_form_obligation_id(&r->form, j)))
				break;
		if (k == r->list.count && j == nobl)
			continue;
		if (!r->supersedes && !(r->supersedes = calloc(issued->count, sizeof(char *))))
			return pw_error_oom();
		r->supersedes[r->nsupersedes++] = x->form;
	}
	r->form.supersedes = r->supersedes;
	r->form.nsupersedes = r->nsupersedes;
	return 0;
}

/* 1 when `t` owes an annual self-assessment (open or overdue) it has not
 * answered about yet: it is asked on a form even when no change is. */
static int owes_self_assessment(const pw_obligations *obs, const pw_tsp *t)
{
	size_t i;
	for (i = 0; obs && i < obs->count; i++) {
		const pw_obligation *o = &obs->items[i];
		if (strcmp(o->tsp, t->id) == 0 && strcmp(o->kind, "self-assessment") == 0 &&
		    (o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE) &&
		    !o->answer)
			return 1;
	}
	return 0;
}

static int render(rendered *r, const pw_tsp *t, const pw_changeset *set, const pw_ledger *ledger,
                  const pw_obligations *obs, const pw_issued *issued, const char *day,
                  int reply_days, const run_ctx *c)
{
	int rc;
	if ((rc = pw_applicability_collect(&r->list, set, ledger, t)) < 0)
		return rc;
	pw_applicability_drop_answered(&r->list, t); /* a form asks only what is unanswered */
	if (r->list.count == 0 && !owes_self_assessment(obs, t))
		return 0;
	r->asks = 1;
	if ((rc = pw_form_init(&r->form, t, &r->list, day, reply_days)) < 0)
		return rc;
	r->form.authority = c->cfg->authority; /* on every page */
	r->form.officer = c->name;             /* who issues it */
	/* what the TSP must do by when (its own only); without changes, the
	 * form asks about these alone */
	if ((rc = pw_form_ask_obligations(&r->form, obs)) < 0 ||
	    (rc = replaced(r, t, issued, obs)) < 0)
		return rc;
	if ((rc = pw_form_markdown(&r->md, &r->form)) < 0)
		return rc;
	return pw_form_html(&r->html, &r->form, r->md.ptr, r->md.len);
}

static void rendered_clear(rendered *r)
{
	pw_applicability_list_clear(&r->list);
	free(r->supersedes);
	pw_buf_clear(&r->md);
	pw_buf_clear(&r->html);
	free(r->md_path);
	free(r->html_path);
	free(r->pdf_path);
	cJSON_Delete(r->record);
	free(r->record_rel);
	free(r->record_msg);
}

/* The renderer's message names the staged HTML file: name the PDF instead. */
static int pdf_failed(int rc, const char *html_tmp, const char *pdf_path)
{
	const char *why = pw_error_last();
	size_t n = strlen(html_tmp);
	char *copy;
	if (strncmp(why, html_tmp, n) != 0 || strncmp(why + n, ": ", 2) != 0 ||
	    !(copy = strdup(why + n + 2)))
		return rc;
	rc = pw_error_set(rc, "%s: %s", pdf_path, copy);
	free(copy);
	return rc;
}

/* The form's files into the staging set (the PDF printed from the staged HTML). */
static int stage_form(rendered *r, pw_stage *st, const run_ctx *c)
{
	char *dir = pw_path_join(c->out_dir, r->form.tsp->id);
	const char *html_tmp = NULL, *pdf_tmp = NULL;
	int rc = 0;

	r->md_path = dir ? pw_path_joinf(dir, "%s.md", r->form.id) : NULL;
	r->html_path = dir ? pw_path_joinf(dir, "%s.html", r->form.id) : NULL;
	r->pdf_path = dir ? pw_path_joinf(dir, "%s.pdf", r->form.id) : NULL;
	free(dir);
	if (!r->md_path || !r->html_path || !r->pdf_path)
		return pw_error_oom();
	if ((c->formats & PW_FORMS_ISSUE_MD) &&
	    (rc = pw_stage_write(NULL, st, r->md_path, r->md.ptr, r->md.len)) < 0)
		return rc;
	if (c->formats & PW_FORMS_ISSUE_HTML)
		rc = pw_stage_write(&html_tmp, st, r->html_path, r->html.ptr, r->html.len);
	else if (c->formats & PW_FORMS_ISSUE_PDF) /* the HTML only to print the PDF from */
		rc = pw_stage_scratch(&html_tmp, st, r->html_path, r->html.ptr, r->html.len);
	if (rc < 0 || !(c->formats & PW_FORMS_ISSUE_PDF))
		return rc;
	if ((rc = pw_stage_reserve(&pdf_tmp, st, r->pdf_path)) < 0)
		return rc;
	if ((rc = pw_pdf_render(c->pdf, c->pdf_kind, html_tmp, pdf_tmp, NULL)) < 0)
		return pdf_failed(rc, html_tmp, r->pdf_path);
	return 0;
}

static int cancelled(const run_ctx *c)
{
	int sig = (int)*c->cancel;
	const char *what = sig > 0 && sig < NSIG ? strsignal(sig) : "cancelled";
	return pw_error_set(PW_ERROR, "interrupted (%s): no form written, nothing recorded", what);
}

/* Every form staged, then put in place, then every issuance record committed
 * together: a renderer, file or git failure half-way leaves no form and no
 * record of any TSP. */
static int write_all(rendered *forms, size_t n, const run_ctx *c)
{
	pw_commit_opts copts = {.author_name = c->name, .author_email = c->email, .base = c->base};
	pw_stage st;
	pw_commit_file *files = NULL;
	char(*commits)[41] = NULL;
	size_t i, nfiles = 0, k;
	int rc = 0, opened = 0, kept = 0;

	memset(&st, 0, sizeof(st));
	if (!(files = calloc(n, sizeof(*files))) || !(commits = calloc(n, sizeof(*commits)))) {
		rc = pw_error_oom();
		goto out;
	}
	for (i = 0; i < n; i++) {
		rendered *r = &forms[i];
		if (!r->asks)
			continue;
		if ((rc = pw_issued_prepare(&r->record, &r->record_rel, &r->record_msg,
		                            c->cfg->root, c->base, &r->form, c->name, c->email)) <
		    0)
			goto out;
		if (r->record) {
			files[nfiles].path = r->record_rel;
			files[nfiles].json = r->record;
			files[nfiles].message = r->record_msg;
			nfiles++;
		}
	}
	for (i = 0; i < n; i++) {
		if (!forms[i].asks)
			continue;
		if (!opened && (rc = pw_stage_open(&st, c->out_dir)) < 0)
			goto out;
		opened = 1;
		rc = stage_form(&forms[i], &st, c);
		/* the signal reaches the renderer too: its failure is the interruption */
		if (c->cancel && *c->cancel) {
			rc = cancelled(c);
			goto out;
		}
		if (rc < 0)
			goto out;
	}
	if (opened && (rc = pw_stage_apply(&st)) < 0)
		goto out;
	/* files first: a recorded form is one that exists */
	if (nfiles &&
	    (rc = pw_commit_files(commits, &kept, c->cfg->root, files, nfiles, &copts)) < 0) {
		/* recorded all the same (HEAD could not be moved back): the forms
		 * the records name stay */
		if (!kept)
			pw_stage_undo(&st);
		goto out;
	}
	for (i = 0, k = 0; i < n; i++)
		if (forms[i].record)
			memcpy(forms[i].commit, commits[k++], 41);
out:
	pw_stage_clear(&st);
	free(files);
	free(commits);
	return rc;
}

/* The run's outcome, moved from the forms into the result. */
static void fill_result(pw_forms_issue_result *out, rendered *forms, const run_ctx *c)
{
	size_t i, k;
	for (i = 0; i < out->count; i++) {
		pw_forms_issue_item *it = &out->items[i];
		rendered *r = &forms[i];
		it->tsp = r->form.tsp ? r->form.tsp->id : it->tsp;
		it->changes = r->list.count;
		if (!r->asks)
			continue;
		it->obligations = pw_form_obligation_count(&r->form);
		memcpy(it->form_id, r->form.id, sizeof(it->form_id));
		memcpy(it->reply_by, r->form.reply_by, sizeof(it->reply_by));
		memcpy(it->reply_late, r->form.reply_late, sizeof(it->reply_late));
		it->reply_late_obligation = r->form.reply_late_obligation;
		if (r->nsupersedes && r->record &&
		    (it->supersedes = calloc(r->nsupersedes, sizeof(char *))) != NULL)
			for (k = 0; k < r->nsupersedes; k++)
				if ((it->supersedes[it->nsupersedes] = strdup(r->supersedes[k])))
					it->nsupersedes++;
		if (c->formats & PW_FORMS_ISSUE_MD) {
			it->md_path = r->md_path;
			r->md_path = NULL;
		}
		if (c->formats & PW_FORMS_ISSUE_HTML) {
			it->html_path = r->html_path;
			r->html_path = NULL;
		}
		if (c->formats & PW_FORMS_ISSUE_PDF) {
			it->pdf_path = r->pdf_path;
			r->pdf_path = NULL;
		}
		it->recorded = r->record != NULL;
		memcpy(it->commit, r->commit, sizeof(it->commit));
	}
}

/* The TSPs, the ledger and the change set; every form rendered before any
 * file is written. */
static int render_all(rendered **forms, pw_forms_issue_result *out, pw_workspace *ws,
                      const run_ctx *c, const char *day, int reply_days)
{
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *tsps;
	const pw_obligctx *ctx;
	const pw_issued *issued;
	size_t i;
	int rc;

	if ((rc = pw_workspace_tsps(&tsps, ws)) < 0)
		return rc;
	if (!tsps->count)
		return pw_error_set(PW_EINPUT, "%s/tsps: no TSP profiles (tsps/<id>.json)",
		                    c->cfg->root);
	if ((rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_issued(&issued, ws)) < 0 ||
	    (rc = pw_workspace_obligations(&ctx, ws, day, NULL)) < 0)
		return rc;
	if (!(*forms = calloc(tsps->count, sizeof(**forms))) ||
	    !(out->items = calloc(tsps->count, sizeof(*out->items))))
		return pw_error_oom();
	out->count = tsps->count;
	for (i = 0; i < tsps->count; i++) {
		out->items[i].tsp = tsps->items[i].id;
		/* the form keeps pointing to the obligations (the issuance record
		 * names those it asks): the workspace keeps them for the run */
		if ((rc = render(&(*forms)[i], &tsps->items[i], set, ledger, &ctx->obligations,
		                 issued, day, reply_days, c)) < 0)
			break;
	}
	if (rc < 0)
		return rc;
	/* the same for every TSP: the ledger's entries not in the set */
	out->missing = (*forms)[0].list.missing;
	out->nmissing = (*forms)[0].list.nmissing;
	(*forms)[0].list.missing = NULL;
	(*forms)[0].list.nmissing = 0;
	return 0;
}

int pw_forms_issue_run(pw_forms_issue_result *out, pw_workspace *ws,
                       const pw_forms_issue_opts *opts)
{
	pw_forms_issue_opts none = PW_FORMS_ISSUE_OPTS_INIT;
	rendered *forms = NULL;
	run_ctx c;
	char *out_dir = NULL;
	const char *day;
	size_t i, count;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if (!opts)
		opts = &none;
	c.formats = opts->formats ? opts->formats : PW_FORMS_ISSUE_MD | PW_FORMS_ISSUE_HTML;
	c.cancel = opts->cancel;
	if ((rc = pw_workspace_config(&c.cfg, ws)) < 0 || (rc = pw_workspace_today(&day, ws)) < 0)
		return rc;
	/* no renderer is an operational failure, not bad input */
	if ((c.formats & PW_FORMS_ISSUE_PDF) && pw_pdf_find(&c.pdf, &c.pdf_kind) < 0)
		return PW_ERROR;
	/* the issuance record is committed by the officer, like a sign-off: the
	 * repository is checked before any form is made; the forms name the
	 * officer issuing them */
	if ((rc = pw_commit_check(c.cfg->root)) < 0 ||
	    (rc = pw_workspace_author(&c.name, &c.email, ws)) < 0)
		goto out;
	if ((rc = render_all(&forms, out, ws, &c, day,
	                     opts->reply_days ? opts->reply_days : PW_FORM_REPLY_DAYS)) < 0)
		goto out;
	out_dir = opts->out_dir ? strdup(opts->out_dir) : pw_path_join(c.cfg->root, "forms");
	if (!out_dir) {
		rc = pw_error_oom();
		goto out;
	}
	c.out_dir = out_dir;
	/* the commit the records are built on, read once: a commit landing while
	 * the forms are rendered (another run, the officer) fails the batch
	 * rather than being overwritten by records that do not hold it */
	if ((rc = pw_commit_base(c.base, c.cfg->root)) < 0)
		goto out;
	/* and every issuance record read: a damaged one of a later TSP must not
	 * stop the run after an earlier TSP's forms were written and committed */
	{
		const pw_issued *issued;
		if ((rc = pw_workspace_issued(&issued, ws)) < 0)
			goto out;
	}
	if ((rc = write_all(forms, out->count, &c)) == 0)
		fill_result(out, forms, &c);
out:
	count = forms ? out->count : 0;
	for (i = 0; i < count; i++)
		rendered_clear(&forms[i]);
	free(forms);
	free(out_dir);
	free(c.pdf);
	return rc;
}

void pw_forms_issue_result_clear(pw_forms_issue_result *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++) {
		size_t k;
		for (k = 0; k < r->items[i].nsupersedes; k++)
			free(r->items[i].supersedes[k]);
		free(r->items[i].supersedes);
		free(r->items[i].md_path);
		free(r->items[i].html_path);
		free(r->items[i].pdf_path);
	}
	free(r->items);
	free(r->missing);
	memset(r, 0, sizeof(*r));
}
