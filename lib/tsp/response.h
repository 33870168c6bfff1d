/* TSP responses to signed-off changes, stored in the ledger.
 *
 * ledger/<change id>.json gets a "responses" object keyed by TSP id:
 *
 *   "responses": {"<tsp id>": {
 *       "impact": "none" | "low" | "medium" | "high",
 *       "description": "...",          optional: what the impact is
 *       "days": N,                     implementation time, 0..3650 days
 *       "meets_date": true | false,    can the effective date be met
 *       "planned": "YYYY-MM-DD",       required when meets_date is false, else absent
 *       "mitigation": "...",           optional (until the planned date)
 *       "note": "...",                 optional
 *       "cas": [{"ca": "<name>",        optional: per existing CA (a change tagged
 *                "falls_under": "yes" | "no" | "unsure",   extant-ca): does the CA fall
 *                "reason": "...",                          under the changed requirement,
 *                "action": "...", "by": "YYYY-MM-DD"}],   what will be done by when
 *       "form": "<form id>",           optional: the form it answers
 *       "received": "YYYY-MM-DDTHH:MM:SSZ",
 *       "recorded_by": "Name <email>"}}
 *
 * Two responses are the same answer when impact, description, days,
 * meets_date, planned, mitigation and note are equal; form, received and
 * recorded_by are bookkeeping. Recording the same answer again changes
 * nothing; a different answer is a conflict (PW_EINPUT naming both) unless
 * replacing is asked for. Each recorded answer is one commit of that one
 * ledger file (pw_ledger_commit_json) with a Signed-off-by trailer. The
 * entry is read from the work tree (like pw_ledger_load) and committed as
 * written, the rest of the entry (the sign-off) kept as it is.
 *
 * Response files (`pkiwatch responses import FILE`), e.g. saved from a form:
 *
 *   {"tsp": "<tsp id>",
 *    "form": "<form id>",                     optional
 *    "responses": [
 *      {"change": "<change id>", "impact": "low", "description": "...",
 *       "days": 30, "meets_date": false, "planned": "2025-06-01",
 *       "mitigation": "...", "note": "...",
 *       "cas": [{"ca": "Interior Secure Mail CA 2019", "falls_under": "yes",
 *                "reason": "...", "action": "replace", "by": "2025-06-01"}]}],
 *    "obligations": [                         optional (obliganswer.h)
 *      {"obligation": "ob-<tsp>-<8 hex>", "status": "done",
 *       "evidence": "...", "date": "2025-05-20", "comment": "..."}]}
 *
 * "responses" may be empty or left out when "obligations" has an answer.
 *
 * Unknown keys are errors; every error names the file and the JSON path. The
 * form, when given, must be one issued to the TSP and have asked about every
 * change answered; without one, every change answered must have been asked
 * on some form issued to the TSP, when it has an issuance record
 * (pw_response_form_check, pw_response_asked_check). An import is all or nothing: any
 * bad entry or conflict and nothing is written; otherwise one commit per
 * change whose answer is new, all landing together (pw_commit_files);
 * an unchanged answer makes no commit, so importing the same file twice is a
 * no-op. */
#ifndef PW_RESPONSE_H
#define PW_RESPONSE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "classify/changeset.h"
#include "tsp/issued.h"
#include "tsp/obliganswer.h"
#include "ledger/ledger.h"
#include "core/tsp.h"

#define PW_RESPONSE_MAX_DAYS 3650

/* The most a TSP may write in description, mitigation or note, in bytes:
 * with it an entry stays far below what the ledger reads back (1 MiB) even
 * with answers from a hundred TSPs. The text must be UTF-8 without control
 * characters other than line breaks and tabs. */
#define PW_RESPONSE_TEXT_MAX 4096

typedef struct {
	char *ca;              /* an extant CA of the TSP, by name */
	char falls_under[8];   /* yes, no, unsure */
	char *reason, *action; /* may be NULL */
	char by[11];           /* "" when none */
	char jpath[96];        /* where it was read ($.responses[0].cas[1]) */
} pw_response_ca;

typedef struct {
	char *tsp, *change;
	char impact[8]; /* none, low, medium, high */
	long days;
	int meets_date;
	char planned[11];                      /* "" when none */
	char *description, *mitigation, *note; /* may be NULL */
	char *form;                            /* may be NULL */
	char *received, *recorded_by;          /* may be NULL before recording */
	pw_response_ca *cas;                   /* per-CA answers, in the order given */
	size_t ncas;
} pw_response;

typedef struct pw_responses {
	pw_response *items; /* by change, then TSP */
	size_t count;
	/* a response file's answers about the TSP's obligations
	 * (pw_response_file_load; obliganswer.h); empty for the ledger's */
	pw_obliganswers obligations;
} pw_responses;

/* 1 when `s` is none, low, medium or high. */
int pw_response_impact_valid(const char *s);

/* The free-text fields of a new answer, its per-CA reason and action texts
 * too (PW_RESPONSE_TEXT_MAX, UTF-8, no control characters but line breaks
 * and tabs); PW_EINPUT naming the field (a per-CA one by its jpath). */
int pw_response_check_texts(const pw_response *r, const char *what, const char *jpath);

/* One free text `key` of `jpath` (NULL: none): at most PW_RESPONSE_TEXT_MAX
 * bytes, UTF-8, no control characters but line breaks and tabs; PW_EINPUT
 * naming `what`, `jpath` and `key`. */
int pw_response_check_text(const char *what, const char *jpath, const char *key, const char *s);

/* Parses one response object. `stored`: the ledger form (received and
 * recorded_by allowed); else the response file form (change key required,
 * tsp and form from the caller). */
int pw_response_parse(pw_response *r, const char *tsp, const char *change, int stored,
                      const char *what, const char *jpath, const cJSON *json);

/* Every per-CA answer of `rs` names an extant CA of `t` (PW_EINPUT naming
 * `path`, the JSON path and the TSP's file otherwise). */
int pw_response_cas_check(const pw_responses *rs, const pw_tsp *t, const char *path);

/* The ledger form of `r` (without tsp and change). */
cJSON *pw_response_to_json(const pw_response *r);

/* 1 when both hold the same answer. */
int pw_response_same(const pw_response *a, const pw_response *b);

/* "impact low, 30 days, meets the date: no (planned 2025-06-01)" into `out`. */
int pw_response_describe(char **out, const pw_response *r);

void pw_response_clear(pw_response *r);

/* Every response in <root>/ledger/ (a malformed one: PW_EINPUT naming file and path). */
int pw_responses_load(pw_responses *out, const char *root);
const pw_response *pw_responses_find(const pw_responses *l, const char *change, const char *tsp);
void pw_responses_clear(pw_responses *l);

/* PW_EINPUT unless the change is signed off as applicable (`e`, may be NULL:
 * not signed off) and applies to `t` (applicability.h). */
int pw_response_applies(const pw_changeset *set, const pw_ledger_entry *e, const char *change,
                        const pw_tsp *t);

/* Loads a response file (the format above) into `out` (tsp, change and form
 * set on every response, tsp and form on every obligation answer); a change
 * or an obligation listed twice is an error. */
int pw_response_file_load(pw_responses *out, const char *path);

/* Checks the form a response file answers (`rs`, from pw_response_file_load
 * of `path`) against its TSP's issuance record `issued` (pw_issued_load_tsp):
 * the form must be one issued to that TSP, and every change answered one that
 * form asked about (PW_EINPUT naming `path`, the JSON path, the form and the
 * change; when another of the TSP's forms asked about it, that form too).
 * A file naming no form is not checked here (pw_response_asked_check). When
 * the TSP has no issuance record at all (`exists` 0: a repository from before
 * records were kept), the form cannot be checked: 0, *unchecked = 1. */
int pw_response_form_check(int *unchecked, const pw_responses *rs, const pw_issued *issued,
                           int exists, const char *path);

/* The check of a response file naming no form ($.form absent or null), so
 * that leaving the form out does not skip the check: when the TSP has an
 * issuance record (`exists`), every change answered must have been asked on
 * some form issued to it (PW_EINPUT naming `path`, the JSON path and the
 * change). A file naming a form, or a TSP without any record: 0. The
 * officer's own entries (pkiwatch respond) do not come through here. */
int pw_response_asked_check(const pw_responses *rs, const pw_issued *issued, int exists,
                            const char *path);

enum { PW_RESPONSE_NEW = 1, PW_RESPONSE_SAME, PW_RESPONSE_REPLACED };

/* Checks `r` against the response already in <root>/ledger/<change>.json:
 * *status gets NEW, SAME or REPLACED (when `replace`); a different answer
 * without `replace` is PW_EINPUT naming both. Nothing is written. */
int pw_response_compare(int *status, const char *root, const pw_response *r, int replace);

/* What pw_response_record commits, without writing: stamps received (`now`)
 * and recorded_by, and gives the whole new ledger document of the change
 * (*doc, for pw_commit_files with "ledger/<change>.json") and the
 * commit message (*message); both owned by the caller. The document is built
 * on the entry as committed in `base` (pw_commit_base; an entry not in it,
 * and NULL: the work tree's). */
int pw_response_prepare(cJSON **doc, char **message, const char *root, const char *base,
                        pw_response *r, const char *name, const char *email, const char *now);

/* Records `r` (after pw_response_compare said NEW or REPLACED): stamps
 * received (`now`) and recorded_by, writes the ledger file and commits it
 * alone, authored by `name` <`email`>. `cancel` (may be NULL): see
 * pw_commit_opts (PW_ECANCEL, nothing recorded). */
int pw_response_record(char commit[41], const char *root, pw_response *r, const char *name,
                       const char *email, const char *now, volatile sig_atomic_t *cancel);

#endif
