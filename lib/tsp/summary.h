/* The change x TSP summary: for every signed-off change and every TSP it
 * applies to, why it applies (the applicability rules and their reason), the
 * TSP's response (answered or missing), whether it can meet the date, and
 * the days until the change's earliest effective date.
 *
 * The matrix is complete: a change signed off as applicable gets a row for
 * every TSP, those it does not apply to with why not
 * (pw_applicability_why_not: "no matching certificate type ...").
 *
 * Rows are ordered risks first: a per-CA answer to check ("unsure", or not
 * the indicative reading), a TSP that cannot meet the date, then no
 * response while the date is at most PW_SUMMARY_RISK_DAYS ahead (or already
 * past); then the other applicable rows, then the not applicable ones; each
 * group by effective date (changes without one last), change id and TSP id. */
#ifndef PW_SUMMARY_H
#define PW_SUMMARY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "tsp/applicability.h"
#include "util/buf.h"
#include "classify/changeset.h"
#include "tsp/issued.h"
#include "ledger/ledger.h"
#include "tsp/response.h"
#include "core/tsp.h"
#include "tsp/obligation.h"

#define PW_SUMMARY_RISK_DAYS 30

/* PW_RISK_CA_ANSWER: a per-CA answer is "unsure" or differs from the form's
 * indicative reading (careading.h): listed before all other risks. */
enum { PW_RISK_NONE = 0, PW_RISK_CANNOT_MEET = 1, PW_RISK_NO_RESPONSE = 2, PW_RISK_CA_ANSWER = 3 };

typedef struct {
	const pw_changeset_item *item; /* borrowed */
	const pw_tsp *tsp;             /* borrowed */
	pw_applicability why;          /* owned */
	/* the next effective date from today (for a change of several dates,
	 * phases, the first not passed; the last one when all have passed), ""
	 * when none; how many distinct dates the change has and how many passed */
	char effective[11];
	/* borrowed: the statement of `effective` (a derived deadline says what
	 * it is: pw_summary_effective_what), NULL when none or an obligation's */
	const pw_effective_date *effective_date;
	int phases, phases_passed;
	long days;                   /* days from today until `effective` (when set) */
	const pw_response *response; /* borrowed; NULL: no response yet */
	int risk;                    /* PW_RISK_* */
	char *why_not; /* owned; set when the change does not apply to the TSP (why.rules == 0) */
	const pw_issued_form *form; /* borrowed; the first form that asked (pw_summary_set_forms) */
	const char **indicative;    /* owned array, per response->cas: "yes", "no" or NULL */
	/* borrowed; set by pw_summary_set_obligations on a row whose change
	 * states no effective date: the TSP's open obligation from that change
	 * due first, whose due date is then the row's `effective` */
	const pw_obligation *due_from;
} pw_summary_row;

typedef struct {
	pw_summary_row *items;
	size_t count;
	char today[11];
	const pw_obligations *obligations; /* borrowed; NULL: none (pw_summary_set_obligations) */
} pw_summary;

/* Builds the summary of `tsps` (all of them or the one asked for) on `today`;
 * indicative per-CA readings from rules/extant_cas.json. */
int pw_summary_build(pw_summary *out, const pw_changeset *set, const pw_ledger *ledger,
                     const pw_tsps *tsps, const pw_responses *responses, const char *today);
void pw_summary_clear(pw_summary *s);

/* What the row's effective date is when a rule derived it ("Apple: follow
 * CCADB-2.1 (within 14 days of publication)"), plain untrusted text appended
 * to `out`; nothing for a stated date. */
int pw_summary_effective_what(pw_buf *out, const pw_summary_row *r);

/* Notes on every applicable row the first issued form that asked the TSP
 * about the change (issued.h): the summary then shows its reply-by date and
 * whether the response is overdue. */
void pw_summary_set_forms(pw_summary *s, const pw_issued *issued);

/* The TSPs' obligations (obligation.h, borrowed for the summary's life): the
 * open and overdue ones are listed after the table (Markdown: "## Open
 * obligations", overdue first, then by next date; JSON: "obligations", the
 * objects of `pkiwatch obligations --format json`). A change that states no
 * effective date (an audit change whose obligation is due at the TSP's
 * audit period end) is not dateless for a TSP with an open obligation from
 * it: the row takes the earliest due date of those obligations as its date
 * (due_from), its days and no-response risk count from it, and the rows are
 * ranked again. */
void pw_summary_set_obligations(pw_summary *s, const pw_obligations *obs);

/* A Markdown table, risks first. */
int pw_summary_markdown(pw_buf *out, const pw_summary *s);

/* Text for a terminal, no line longer than `width` columns (80 for the
 * CLI): under "At risk", "Applicable" and "Not applicable" (each with its
 * count), per row a line "BALLOT · TSP[ · risk]" and below it, indented and
 * wrapped at words, the change id, title and date; the response; why it
 * applies or not. Then "Open obligations". Untrusted text has its control
 * characters replaced (util/wrap.h). */
int pw_summary_text(pw_buf *out, const pw_summary *s, size_t width);

/* {"today": ..., "rows": [{change, ballot, subject, url, tsp, applicable: bool,
 * applies: {rules: [...], reason} (not applicable: rules [], reason: why not),
 * response: null | {...}, status: answered|missing|not-applicable,
 * form: null | {id, generated, reply_by, overdue: bool} (the first form that asked),
 * meets_date: null|bool, effective: null|date, days: null|N,
 * effective_derived: null | what the date is when a rule derived it
 * ("Apple: follow CCADB-2.1 (within 14 days of publication)"),
 * due_from: null | obligation id (effective is that obligation's due date),
 * risk: null|"ca-answer"|"cannot-meet"|"no-response",
 * cas: [{ca, falls_under, indicative: null|"yes"|"no", reason, action, by, risk: bool}]}],
 * obligations: [...]} (the open and overdue ones) */
cJSON *pw_summary_json(const pw_summary *s);

#endif
