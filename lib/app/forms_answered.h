/* The use case of `pkiwatch forms --answered FORM`: the answers a TSP gave to
 * one issued form, as recorded in the ledger (imported with `pkiwatch
 * responses import` or recorded with `pkiwatch respond`), rendered back into
 * that form as a print-ready record: the form's changes and questions with
 * the TSP's answers in place of the blanks (tsp/form.h, `answers`), and the
 * obligations it asked about with the TSP's latest answer about each, as
 * Markdown, HTML and PDF, for the audit file. Nothing is recorded.
 *
 * Files: <out_dir>/<tsp id>/<form id>-answered.md|.html|.pdf, all staged
 * (util/stage.h) and put in place together: a renderer failure or a
 * cancellation leaves none. */
#ifndef PW_FORMS_ANSWERED_H
#define PW_FORMS_ANSWERED_H

#include <signal.h>

#include "app/forms_issue.h"
#include "app/workspace.h"

typedef struct {
	const char *form;    /* the form id (ledger/forms/<tsp id>.json) */
	int formats;         /* PW_FORMS_ISSUE_*; 0: Markdown and PDF */
	const char *out_dir; /* NULL: forms/ in the compliance repository */
	/* may be NULL: set (to a signal's number) to stop; checked after the
	 * files are made, before they are put in place */
	volatile sig_atomic_t *cancel;
} pw_forms_answered_opts;

#define PW_FORMS_ANSWERED_OPTS_INIT                                                                \
	{                                                                                          \
		.form = NULL                                                                       \
	}

typedef struct {
	const char *tsp;             /* borrowed from the workspace */
	size_t changes;              /* the form's changes that still apply */
	size_t answered;             /* of them, with the TSP's answer */
	size_t obligations;          /* the obligations it asked about */
	size_t obligations_answered; /* of them, with the TSP's answer */
	/* the obligations it asked about that no longer apply (no longer
	 * derived): named on the form, not counted in `obligations` */
	size_t obligations_gone;
	/* the changes it asked about that no longer apply to the TSP (signed
	 * off since as not applicable to it): named on the form, not counted in
	 * `changes` */
	size_t changes_gone;
	char received[11];                    /* the latest answer's day ("" when none) */
	char *md_path, *html_path, *pdf_path; /* written (owned); NULL: not asked for */
} pw_forms_answered_result;

/* PW_ENOTFOUND when no TSP was issued form `opts->form`; PW_EINPUT when a
 * change it asked about is no longer in the mirrors (one no longer signed
 * off as applicable to the TSP is named on the form instead). A missing
 * PDF renderer is PW_ERROR. Clear `out` either way. */
int pw_forms_answered_run(pw_forms_answered_result *out, pw_workspace *ws,
                          const pw_forms_answered_opts *opts);
void pw_forms_answered_result_clear(pw_forms_answered_result *r);

#endif
