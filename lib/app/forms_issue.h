/* The use case of `pkiwatch forms`: one confidential form per TSP listing
 * the changes signed off as applicable to it that it has not answered yet
 * and its open obligations (tsp/form.h), or, when there is no such change,
 * its obligations alone when it owes an annual self-assessment it has not
 * answered about, as Markdown, HTML and PDF, and the record of each form
 * issued (tsp/issued.h), on what the workspace loads.
 *
 * All or nothing: every form is rendered before any file is written, every
 * file is staged (util/stage.h) and put in place once all are made, then the
 * issuance records are committed together on the commit read before the
 * forms were made. A renderer, file or git failure, a commit landing
 * meanwhile or a cancellation leaves no form and no record of any TSP. */
#ifndef PW_FORMS_ISSUE_H
#define PW_FORMS_ISSUE_H

#include <signal.h>
#include <stddef.h>

#include "app/workspace.h"

enum { PW_FORMS_ISSUE_MD = 1, PW_FORMS_ISSUE_HTML = 2, PW_FORMS_ISSUE_PDF = 4 };

typedef struct {
	int formats;         /* PW_FORMS_ISSUE_*; 0: Markdown and HTML */
	const char *out_dir; /* NULL: forms/ in the compliance repository */
	int reply_days;      /* answers due this many days after today; 0: PW_FORM_REPLY_DAYS */
	/* set by the caller (a signal handler: to the signal's number) to stop;
	 * checked after each form's files are made (a renderer interrupted by
	 * the same signal fails: the cancellation is reported, not that). Then
	 * nothing is written or recorded and the message reads "interrupted
	 * (<signal>): ...". May be NULL. */
	volatile sig_atomic_t *cancel;
} pw_forms_issue_opts;

#define PW_FORMS_ISSUE_OPTS_INIT                                                                   \
	{                                                                                          \
		.formats = 0                                                                       \
	}

typedef struct {
	const char *tsp;    /* the TSP's id (borrowed from the workspace) */
	size_t changes;     /* the form's changes; 0: none applies */
	size_t obligations; /* the open obligations it asks about */
	/* "" when no form: no change to ask about and no annual self-assessment
	 * owed and unanswered (a form without changes asks about the TSP's
	 * obligations only) */
	char form_id[96];
	char reply_by[11]; /* YYYY-MM-DD, by the reply-by rule (tsp/form.h) */
	/* "" or the upcoming date (an effective date, or an obligation's due
	 * date) the reply-by date is not before even at the rule's minimum (the
	 * caller warns) */
	char reply_late[11];
	/* the obligation due on reply_late (its id, borrowed from the
	 * workspace); NULL: reply_late is an effective date */
	const char *reply_late_obligation;
	/* the earlier forms to the TSP this one replaces (owned): they asked
	 * what is still unanswered; their records are marked superseded */
	char **supersedes;
	size_t nsupersedes;
	/* the files written (owned); NULL for a format not asked for */
	char *md_path, *html_path, *pdf_path;
	int recorded;    /* 1: this run recorded it; 0: it was issued already */
	char commit[41]; /* the record's commit when recorded */
} pw_forms_issue_item;

typedef struct {
	pw_forms_issue_item *items; /* one per TSP of the workspace, in its order */
	size_t count;
	/* signed-off changes no longer in the mirrors since the configuration's
	 * since date, left out of every form (the strings are borrowed from the
	 * workspace's ledger); filled as soon as the forms are rendered, so that a caller
	 * can warn about them also when a later step fails */
	const char **missing;
	size_t nmissing;
} pw_forms_issue_result;

/* Issues the forms of the workspace's TSPs (PW_EINPUT when there is none).
 * A missing PDF renderer is PW_ERROR. Clear `out` either way. */
int pw_forms_issue_run(pw_forms_issue_result *out, pw_workspace *ws,
                       const pw_forms_issue_opts *opts);
void pw_forms_issue_result_clear(pw_forms_issue_result *r);

#endif
