/* The response import use case (import_responses.h). */
#include "app/import_responses.h"

#include "app/obligation_answer.h"
#include "classify/changeset.h"
#include "core/tsp.h"
#include "ledger/commit.h"
#include "ledger/ledger.h"
#include "tsp/issued.h"
#include "tsp/response.h"
#include "util/day.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The new answers' ledger files, prepared on `base`, then committed. */
typedef struct {
	pw_commit_file *files;
	cJSON **docs;
	char **msgs, **rels;
	char (*commits)[41];
	size_t n;
} batch;

static int batch_init(batch *b, size_t n)
{
	memset(b, 0, sizeof(*b));
	if (!(b->files = calloc(n, sizeof(*b->files))) ||
	    !(b->docs = calloc(n, sizeof(*b->docs))) || !(b->msgs = calloc(n, sizeof(*b->msgs))) ||
	    !(b->rels = calloc(n, sizeof(*b->rels))) ||
	    !(b->commits = calloc(n, sizeof(*b->commits))))
		return pw_error_oom();
	return 0;
}

static void batch_clear(batch *b)
{
	size_t i;
	for (i = 0; i < b->n; i++) {
		cJSON_Delete(b->docs[i]);
		free(b->msgs[i]);
		free(b->rels[i]);
	}
	free(b->files);
	free(b->docs);
	free(b->msgs);
	free(b->rels);
	free(b->commits);
	memset(b, 0, sizeof(*b));
}

/* The file read, its TSP loaded, the per-CA answers, the form answered and
 * the changes asked checked against the TSP's issuance records. */
static int check_file(pw_responses *rs, pw_tsp *tsp, pw_import_responses_result *out,
                      const char *root, const char *file)
{
	pw_issued issued = {NULL, 0};
	int rc, has_record = 0;

	if ((rc = pw_response_file_load(rs, file)) < 0)
		return rc;
	if ((rc = pw_tsp_load(tsp, root,
	                      rs->count ? rs->items[0].tsp : rs->obligations.items[0].tsp)) < 0)
		return pw_error_prefix(rc, "%s: $.tsp", file);
	/* per-CA answers name the TSP's own CAs; the form answered must be one
	 * issued to this TSP, asking these changes */
	if ((rc = pw_response_cas_check(rs, tsp, file)) == 0 &&
	    (rc = pw_issued_load_tsp(&issued, &has_record, root, tsp->id)) == 0 &&
	    (rc = pw_response_form_check(&out->form_unchecked, rs, &issued, has_record, file)) == 0)
		rc = pw_response_asked_check(rs, &issued, has_record, file);
	pw_issued_clear(&issued);
	return rc;
}

/* Every answer against the change set, the ledger and the recorded answer:
 * conflicts are collected, anything else stops at once. */
static int check_answers(pw_import_responses_result *out, pw_workspace *ws, const pw_config *cfg,
                         const pw_responses *rs, const pw_tsp *tsp, const char *file,
                         const pw_import_responses_opts *opts)
{
	const pw_changeset *set;
	const pw_ledger *ledger;
	size_t i;
	int rc;

	if ((rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0)
		return rc;
	for (i = 0; i < rs->count; i++) {
		const pw_response *r = &rs->items[i];
		if ((rc = pw_response_applies(set, pw_ledger_find(ledger, r->change), r->change,
		                              tsp)) < 0)
			return pw_error_prefix(rc, "%s: $.responses[%zu].change", file, i);
		if (pw_response_compare(&out->items[i].status, cfg->root, r, opts->replace) < 0 &&
		    pw_strlist_add(&out->conflicts, pw_error_last()) < 0)
			return pw_error_oom();
	}
	if (out->conflicts.count)
		return pw_error_set(PW_EINPUT, "%s: %zu conflicting answer%s; nothing recorded",
		                    file, out->conflicts.count,
		                    out->conflicts.count == 1 ? "" : "s");
	return 0;
}

/* Every answer about an obligation against the obligations derived today
 * (obligation_answer.h): the same as its latest answer, nothing to record. */
static int check_obligations(pw_import_responses_result *out, pw_workspace *ws,
                             const pw_responses *rs, const char *file)
{
	int *same;
	size_t i;
	int rc;
	if (!rs->obligations.count)
		return 0;
	if (!(same = calloc(rs->obligations.count, sizeof(*same))))
		return pw_error_oom();
	rc = pw_obligation_answer_check(same, ws, &rs->obligations, file);
	for (i = 0; rc == 0 && i < rs->obligations.count; i++)
		out->answers[i].status = same[i] ? PW_RESPONSE_SAME : PW_RESPONSE_NEW;
	free(same);
	return rc;
}

/* Every new answer's ledger file, then all committed together: a failure
 * half-way leaves the ledger as it was. */
static int record(pw_import_responses_result *out, pw_workspace *ws, const pw_config *cfg,
                  pw_responses *rs, volatile sig_atomic_t *cancel)
{
	pw_commit_opts copts = PW_COMMIT_OPTS_INIT;
	char now[21], base[41];
	const char *name, *email;
	batch b;
	size_t i, k;
	int rc;

	if ((rc = pw_workspace_now(now, ws)) < 0)
		return rc;
	if ((rc = batch_init(&b, rs->count + rs->obligations.count)) < 0)
		goto out;
	/* the commit the answers are recorded on, read once before any is
	 * prepared: a commit landing meanwhile fails the import, is not lost */
	if ((rc = pw_commit_check(cfg->root)) < 0 || (rc = pw_commit_base(base, cfg->root)) < 0 ||
	    (rc = pw_workspace_author(&name, &email, ws)) < 0)
		goto out;
	for (i = 0; i < rs->count; i++) {
		pw_response *r = &rs->items[i];
		if (out->items[i].status == PW_RESPONSE_SAME)
			continue;
		if ((rc = pw_response_prepare(&b.docs[b.n], &b.msgs[b.n], cfg->root, base, r, name,
		                              email, now)) < 0)
			goto out;
		if ((rc = pw_ledger_entry_path(&b.rels[b.n], NULL, r->change)) < 0) {
			b.n++;
			goto out;
		}
		b.files[b.n].path = b.rels[b.n];
		b.files[b.n].json = b.docs[b.n];
		b.files[b.n].message = b.msgs[b.n];
		b.n++;
	}
	for (i = 0; i < rs->obligations.count; i++) {
		if (out->answers[i].status == PW_RESPONSE_SAME)
			continue;
		if ((rc = pw_obliganswer_prepare(&b.docs[b.n], &b.rels[b.n], &b.msgs[b.n],
		                                 cfg->root, base, &rs->obligations.items[i], name,
		                                 email, now)) < 0)
			goto out;
		b.files[b.n].path = b.rels[b.n];
		b.files[b.n].json = b.docs[b.n];
		b.files[b.n].message = b.msgs[b.n];
		b.n++;
	}
	copts.author_name = name;
	copts.author_email = email;
	copts.base = base;
	copts.cancel = cancel;
	if (b.n && (rc = pw_commit_files(b.commits, NULL, cfg->root, b.files, b.n, &copts)) < 0)
		goto out;
	for (i = 0, k = 0; i < rs->count; i++)
		if (out->items[i].status != PW_RESPONSE_SAME)
			memcpy(out->items[i].commit, b.commits[k++], 41);
	for (i = 0; i < rs->obligations.count; i++)
		if (out->answers[i].status != PW_RESPONSE_SAME)
			memcpy(out->answers[i].commit, b.commits[k++], 41);
	out->recorded = b.n;
out:
	batch_clear(&b);
	return rc;
}

/* The answered form of the form the file names, on the ledger as it is now
 * (the answers just recorded): a failure is kept in the result, the import
 * stands. */
static void answered_form(pw_import_responses_result *out, pw_workspace *ws,
                          const pw_import_responses_opts *opts)
{
	pw_forms_answered_opts ao = PW_FORMS_ANSWERED_OPTS_INIT;
	ao.form = out->form;
	ao.formats = opts->answered_formats ? opts->answered_formats
	                                    : PW_FORMS_ISSUE_MD | PW_FORMS_ISSUE_HTML;
	ao.out_dir = opts->out_dir;
	ao.cancel = opts->cancel;
	/* read back what was committed */
	if (pw_workspace_ledger_changed(ws) == 0 &&
	    pw_forms_answered_run(&out->answered, ws, &ao) == 0)
		return;
	pw_forms_answered_result_clear(&out->answered);
	out->answered_error = strdup(pw_error_last());
}

int pw_import_responses_run(pw_import_responses_result *out, pw_workspace *ws, const char *file,
                            const pw_import_responses_opts *opts)
{
	pw_import_responses_opts none = PW_IMPORT_RESPONSES_OPTS_INIT;
	pw_responses rs = {.items = NULL};
	const pw_config *cfg;
	const char *form;
	pw_tsp tsp;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&tsp, 0, sizeof(tsp));
	if (!opts)
		opts = &none;
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = check_file(&rs, &tsp, out, cfg->root, file)) < 0)
		goto out;
	form = rs.count ? rs.items[0].form : rs.obligations.items[0].form;
	if (!(out->tsp = strdup(tsp.id)) || (form && !(out->form = strdup(form))) ||
	    (rs.count && !(out->items = calloc(rs.count, sizeof(*out->items)))) ||
	    (rs.obligations.count &&
	     !(out->answers = calloc(rs.obligations.count, sizeof(*out->answers))))) {
		rc = pw_error_oom();
		goto out;
	}
	for (i = 0; i < rs.count; i++, out->count++)
		if (!(out->items[i].change = strdup(rs.items[i].change))) {
			rc = pw_error_oom();
			goto out;
		}
	for (i = 0; i < rs.obligations.count; i++, out->nanswers++)
		if (!(out->answers[i].obligation = strdup(rs.obligations.items[i].obligation))) {
			rc = pw_error_oom();
			goto out;
		}
	/* everything checked before anything is written */
	if ((rc = check_answers(out, ws, cfg, &rs, &tsp, file, opts)) < 0 ||
	    (rc = check_obligations(out, ws, &rs, file)) < 0)
		goto out;
	if ((rc = record(out, ws, cfg, &rs, opts->cancel)) == 0 && out->form &&
	    !out->form_unchecked && !opts->no_answered_form)
		answered_form(out, ws, opts);
out:
	pw_tsp_clear(&tsp);
	pw_responses_clear(&rs);
	return rc;
}

void pw_import_responses_result_clear(pw_import_responses_result *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		free(r->items[i].change);
	free(r->items);
	for (i = 0; i < r->nanswers; i++)
		free(r->answers[i].obligation);
	free(r->answers);
	free(r->tsp);
	free(r->form);
	pw_strlist_clear(&r->conflicts);
	pw_forms_answered_result_clear(&r->answered);
	free(r->answered_error);
	memset(r, 0, sizeof(*r));
}
