/* Obligations: what a TSP must do by when, derived by rules
 * (rules/obligations.json, core/obligrules.h) from signed-off changes, the
 * TSP's profile and its answers, or added by the officer; with milestones,
 * evidence, and a status.
 *
 * Derivation (pw_obligations_derive), for every TSP and every change signed
 * off as applicable that applies to it (applicability.h), oldest first:
 *  - kind audit, ETSI TSP (rule with scheme etsi): the criteria of the ETSI
 *    scheme (or a requirements document the change adopts: its first
 *    version) named in the change's added requirement lines
 *    (requirement_sections) that the TSP's audit.criteria do not cover become
 *    one scope-extension obligation per TSP and document, due on the change's
 *    earliest effective date (a change without one: the next audit period
 *    end after the change, else the change's date plus the rule's lead time);
 *    a later change naming a further criterion for the same document updates
 *    that obligation (criteria, changes, quotes; the due date stays the
 *    earliest) instead of making a second. A criterion another listed
 *    criterion includes is not listed.
 *  - kind audit, WebTrust TSP: the WebTrust criteria the TSP's criteria do
 *    not cover, required for audit periods starting after a date (the date
 *    in the line, else the change's effective date): the first audit period
 *    starting after it (from audit.period_end; 12-31 when the profile has
 *    none) must include them; one obligation per TSP and period. A criterion
 *    an earlier period's obligation already requires is not repeated. Lines
 *    with one of the rule's not_phrases ("starting before") are skipped.
 *  - kind transition (rule with phrases): an effective date whose text holds
 *    a phrase ("extant"), for every extant CA of the TSP of a type the change
 *    concerns: one obligation per CA and date.
 *  - kind commitment: a TSP's answer "cannot meet the date, planned DATE"
 *    (response.h): implemented by the planned date.
 *  - kind self-assessment (a rule with after_period_end_days), for a TSP
 *    whose profile has self_assessment.since: per document of the rule for
 *    a certificate type the TSP issues, and per audit period ending on or
 *    after `since` (from audit.period_end), one obligation due
 *    after_period_end_days after the period ends; listed from the first
 *    period on, and each later one from the day after the previous one's
 *    due date. Periods oldest first, each takes the first self-assessment
 *    of the document recorded in the ledger (assessment.h) imported after
 *    the previous period's due date (the first period: on or after `since`)
 *    that no earlier period took: accepted ones first. One on a version
 *    that, when imported, had been superseded for more than
 *    superseded_days days (by the release date of the next version in the
 *    change set) does not count; the reason says so. The milestones marked
 *    done_when are done on the import (fresh) and the acceptance day; the
 *    obligation is met on the acceptance of a fresh one. A period the
 *    officer accepted or waived (obligrec.h) takes none. {version} in a
 *    milestone names the oldest version that counts: on the day of the
 *    import the period took, else on the due date, or today once that has
 *    passed. A document with a template (the CCADB's) gets the rule's
 *    template_milestone, done by the officer, naming the oldest template
 *    version that counts on the same day; the obligation is met once that
 *    is done too.
 *  - kind officer: added by the officer (obligrec.h).
 * Milestone dates count from the due date or the audit period (rule).
 *
 * Ids are "ob-<tsp>-<8 hex>", the hex from the TSP, the rule and what the
 * obligation is about (document, period, CA and date, change): the same
 * across runs and re-clones, and unchanged when a later change updates it.
 *
 * Status: met (accepted), waived, else overdue when today is after the
 * first milestone not done or after the due date, else open. */
#ifndef PW_OBLIGATION_H
#define PW_OBLIGATION_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "classify/changeset.h"
#include "core/obligrules.h"
#include "core/tsp.h"
#include "ledger/ledger.h"
#include "tsp/assessment.h"
#include "tsp/response.h"

enum { PW_OBLIGATION_OPEN = 0, PW_OBLIGATION_OVERDUE, PW_OBLIGATION_MET, PW_OBLIGATION_WAIVED };

typedef struct {
	char *what;
	char due[11];
	char done[11]; /* "" while not done */
} pw_obligation_milestone;

typedef struct {
	char *change; /* change id, or NULL */
	char *text;   /* the sentence quoted (untrusted upstream text) */
} pw_obligation_quote;

typedef struct {
	char *id;
	char *tsp;
	char *kind; /* audit, transition, commitment, officer, ... */
	char *rule; /* rule id, or "officer" */
	char *what;
	char *reason; /* why it applies: the matched criteria, the CA, ... */
	char due[11];
	char derived_due[11]; /* the due date the rules gave ("" for officer's) */
	char period[2][11];   /* audit period start and end, "" when none */
	char **changes;       /* change ids; NULL-terminated, never NULL */
	char **criteria;      /* "ETSI TS 119 411-6 v1.1.1"; NULL-terminated, never NULL */
	pw_obligation_quote *quotes;
	size_t nquotes;
	pw_obligation_milestone *milestones;
	size_t nmilestones;
	int status;      /* PW_OBLIGATION_* */
	cJSON *evidence; /* array of the evidence records (obligrec.h); never NULL */
	char *note;      /* the acceptance or waiver note, or NULL */
	/* the TSP's latest answer (obliganswer.h): its record event without
	 * "action" (status, evidence, date, comment, form, time, by), or NULL */
	cJSON *answer;
	char closed[11]; /* the day it was accepted or waived, "" */
	/* when it last changed: the latest of its changes' sign-off times and
	 * its record's event times ("YYYY-MM-DDTHH:MM:SSZ"), "" when none is
	 * known; what calendar exports stamp its events with */
	char updated[21];
	char *key;   /* what the id is made from (internal) */
	int undated; /* the due date came from the audit period, not a change (internal) */
	/* met by the ledger's self-assessment record: stands only once every
	 * milestone is done (internal) */
	int auto_met;
} pw_obligation;

typedef struct pw_obligations {
	pw_obligation *items; /* overdue first, then by next date, then id */
	size_t count;
} pw_obligations;

/* Officer records: ledger/obligations/<id>.json, parsed (obligrec.h). */
typedef struct {
	cJSON **docs;
	size_t count;
} pw_obligation_records;

/* Frees the records (loaded by obligrec.h's pw_obligrec_load_all). */
void pw_obligation_records_clear(pw_obligation_records *l);

typedef struct {
	const pw_obligrules *rules;
	const pw_changeset *set; /* collected with keep_sections = rules->requirement_sections */
	const pw_ledger *ledger;
	const pw_tsps *tsps;
	const pw_responses *responses;        /* may be NULL */
	const pw_obligation_records *records; /* may be NULL */
	/* the self-assessments recorded of the TSPs that owe the annual one
	 * (pw_assessments_load); may be NULL */
	const pw_assessments *assessments;
	const char *today; /* YYYY-MM-DD */
} pw_obligations_opts;

#define PW_OBLIGATIONS_OPTS_INIT                                                                   \
	{                                                                                          \
		.rules = NULL                                                                      \
	}

/* Derives every obligation of the TSPs in opts->tsps and applies the
 * officer's records to them. */
int pw_obligations_derive(pw_obligations *out, const pw_obligations_opts *opts);
void pw_obligations_clear(pw_obligations *l);

const pw_obligation *pw_obligations_find(const pw_obligations *l, const char *id);

/* "open", "overdue", "met", "waived". */
const char *pw_obligation_status_name(int status);

/* 1 when the TSP's latest answer is "done" with its evidence named. */
int pw_obligation_answered_done(const pw_obligation *o);

/* The TSP's latest answer in one line (control characters as spaces):
 * "done on 2023-08-20, evidence '...', comment '...' (answered 2023-12-12,
 * form F)"; *out NULL when there is none. */
int pw_obligation_answer_describe(char **out, const pw_obligation *o);

/* The first milestone not done, or NULL. */
const pw_obligation_milestone *pw_obligation_next(const pw_obligation *o);

/* The date that matters next: the first milestone not done, else the due date. */
const char *pw_obligation_next_date(const pw_obligation *o);

/* The JSON object of `pkiwatch obligations --format json` (caller deletes). */
cJSON *pw_obligation_to_json(const pw_obligation *o);

/* The id for TSP `tsp` and key `key` into out (at most 64 + 12 bytes). */
int pw_obligation_make_id(char **out, const char *tsp, const char *key);

#endif
