/* The use case of `pkiwatch responses import`: the answers of a TSP's
 * response file (tsp/response.h) recorded in the "responses" object of each
 * change's ledger entry, one commit per change whose answer is new or
 * replaced, on what the workspace loads.
 *
 * All or nothing: the file, its TSP, its per-CA answers, the form it answers
 * (the TSP's issuance records), every change (signed off as applicable and
 * applying to the TSP), every answer against the recorded one and every
 * answer about an obligation (an open obligation of that TSP, as derived
 * today: obliganswer.h) are checked before anything is written; an answer
 * about an obligation is one commit of its record
 * (ledger/obligations/<id>.json) unless the latest recorded answer says the
 * same; the commits then land together on the commit
 * read before the first was prepared, or not at all.
 *
 * Then, when the file names a form the TSP's issuance record holds, the
 * answered form (app/forms_answered.h: the form with the answers the ledger
 * now records) is made, as `pkiwatch forms --answered FORM` makes it. The
 * answers are recorded whether or not that succeeds: the result says why
 * it was not made. */
#ifndef PW_IMPORT_RESPONSES_H
#define PW_IMPORT_RESPONSES_H

#include <signal.h>
#include <stddef.h>

#include "app/forms_answered.h"
#include "app/workspace.h"
#include "util/strlist.h"

typedef struct {
	int replace; /* overwrite recorded answers that differ (else a conflict) */
	/* the answered form: its formats (PW_FORMS_ISSUE_*; 0: Markdown and
	 * HTML), its directory (NULL: forms/ in the compliance repository);
	 * no_answered_form: none is made */
	int answered_formats;
	const char *out_dir;
	int no_answered_form;
	/* set (by a signal handler) to stop before anything is recorded:
	 * pw_commit_opts.cancel, PW_ECANCEL. May be NULL. */
	volatile sig_atomic_t *cancel;
} pw_import_responses_opts;

#define PW_IMPORT_RESPONSES_OPTS_INIT                                                              \
	{                                                                                          \
		.replace = 0                                                                       \
	}

typedef struct {
	char *change;    /* the change answered */
	int status;      /* PW_RESPONSE_NEW, _REPLACED or _SAME (nothing recorded) */
	char commit[41]; /* the commit recording it; "" when _SAME */
} pw_import_responses_item;

/* An answer about an obligation (obliganswer.h). */
typedef struct {
	char *obligation; /* its id */
	int status;       /* PW_RESPONSE_NEW, or _SAME: the latest answer recorded says it */
	char commit[41];  /* the commit recording it; "" when _SAME */
} pw_import_responses_answer;

typedef struct {
	char *tsp;  /* the file's TSP */
	char *form; /* the form id the file names; NULL when none */
	/* the TSP has no issuance record (forms issued before records were
	 * kept): the form id was not checked */
	int form_unchecked;
	pw_import_responses_item *items; /* one per answer, in the file's order */
	size_t count;
	pw_import_responses_answer *answers; /* about obligations, in the file's order */
	size_t nanswers;
	size_t recorded; /* answers committed (about changes and obligations) */
	/* answers differing from the recorded ones (without `replace`), one
	 * message each ("<change>: ..."): the call then fails with PW_EINPUT,
	 * "<file>: N conflicting answers; nothing recorded" */
	pw_strlist conflicts;
	/* the answered form, made after the answers were recorded (its paths
	 * NULL when none was made: the file names no form, or the form is not
	 * in an issuance record, or making it failed) */
	pw_forms_answered_result answered;
	char *answered_error; /* why making it failed (owned), else NULL */
} pw_import_responses_result;

/* Imports the response file `file`; the commits' author is the workspace's
 * (the officer). Clear `out` either way. */
int pw_import_responses_run(pw_import_responses_result *out, pw_workspace *ws, const char *file,
                            const pw_import_responses_opts *opts);
void pw_import_responses_result_clear(pw_import_responses_result *r);

#endif
