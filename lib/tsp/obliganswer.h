/* A TSP's answer about one of its open obligations (obligation.h): the
 * status it reports, the evidence it refers to or the date it gives, and a
 * comment. The form asks it under "Your obligations"; a response file
 * carries it (response.h), `pkiwatch respond --obligation` takes it from
 * the officer, and it is recorded as an event of the obligation's record
 * (obligrec.h), one commit of ledger/obligations/<id>.json:
 *
 *   {"action": "answer", "status": "done",
 *    "evidence": "attestation letter of Example CAB, ref. 2023-117",
 *    "date": "2023-08-20", "comment": "...", "form": "<form id>",
 *    "time": "...", "by": "Name <email>"}
 *
 * In a response file ("obligations": [...], next to "responses"):
 *
 *   {"obligation": "ob-<tsp>-<8 hex>",
 *    "status": "not-started" | "in-progress" | "done" | "cannot-meet",
 *    "evidence": "...",     required when done: what shows it (document,
 *                           report, reference or link), else optional
 *    "date": "YYYY-MM-DD",  done: the day it was done; cannot-meet (required):
 *                           the day it can be met by; otherwise: expected by
 *    "comment": "..."}      optional
 *
 * evidence and comment: at most PW_RESPONSE_TEXT_MAX bytes, UTF-8 without
 * control characters but line breaks and tabs. The latest answer is the
 * TSP's: `pkiwatch obligations`, the obligation's issue and the summary
 * show it, and an answer "done" with evidence lets the officer accept the
 * obligation (obligrec.h). The same answer as the latest recorded makes no
 * commit. */
#ifndef PW_OBLIGANSWER_H
#define PW_OBLIGANSWER_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct pw_obligations; /* tsp/obligation.h (which includes this header through response.h) */

typedef struct {
	char *obligation;         /* its id */
	char *tsp;                /* the TSP answering */
	char status[16];          /* not-started, in-progress, done, cannot-meet */
	char *evidence, *comment; /* may be NULL */
	char date[11];            /* "" when none */
	char *form;               /* the form it answers, may be NULL */
	char jpath[64];           /* where it was read ($.obligations[0]) */
} pw_obliganswer;

typedef struct {
	pw_obliganswer *items; /* in the file's order */
	size_t count;
} pw_obliganswers;

/* 1 when `s` is not-started, in-progress, done or cannot-meet. */
int pw_obliganswer_status_valid(const char *s);

/* Checks the values of `a` (status, evidence when done, date when
 * cannot-meet, a real date, the texts): PW_EINPUT naming `what` and the
 * field (a->jpath.<field>). */
int pw_obliganswer_check(const pw_obliganswer *a, const char *what);

/* The "obligations" array of a response file (`json` may be NULL: none);
 * an obligation answered twice is PW_EINPUT naming both places. */
int pw_obliganswers_parse(pw_obliganswers *out, const char *tsp, const char *form, const char *what,
                          const cJSON *json);

/* Checks each answer against the obligations derived now: the obligation
 * must be one of the answering TSP's and still open (not met or waived);
 * PW_EINPUT naming `what`, the JSON path and the id otherwise. */
int pw_obliganswers_check_open(const pw_obliganswers *l, const struct pw_obligations *obs,
                               const char *what);

/* 1 when the answer `a` says what the recorded answer event `ev` says
 * (status, evidence, date, comment; form and bookkeeping aside). */
int pw_obliganswer_same(const pw_obliganswer *a, const cJSON *ev);

/* "done on 2023-08-20, evidence '...', comment '...'" (one line). */
int pw_obliganswer_describe(char **out, const pw_obliganswer *a);

/* What recording `a` commits, without writing: the whole new record
 * ledger/obligations/<id>.json (*doc) with the answer event appended
 * (time `now`, by `name` <`email`>), built on the record as committed in
 * `base` (pw_commit_base; none: a new record), its path (*rel) and the
 * commit message (*message), all owned by the caller. */
int pw_obliganswer_prepare(cJSON **doc, char **rel, char **message, const char *root,
                           const char *base, const pw_obliganswer *a, const char *name,
                           const char *email, const char *now);

void pw_obliganswer_clear(pw_obliganswer *a);
void pw_obliganswers_clear(pw_obliganswers *l);

#endif
