/* Which TSPs a signed-off change applies to, and why.
 *
 * Let C be the change's certificate tags (tls, ev, smime, code-signing) and
 * "C meets T" mean C shares a type with the TSP's certificate types, where a
 * TSP issuing ev also counts as issuing tls (EV certificates are TLS server
 * certificates: the Baseline Requirements bind them too).
 *
 *  - A change signed off not-applicable applies to no TSP.
 *  - The officer's TSP list in the sign-off (--tsp), when not empty, is the
 *    answer: exactly those TSPs (PW_APPLY_OFFICER); the rules below are not
 *    consulted.
 *  - Otherwise every rule that matches is recorded (all of them, for the
 *    summary):
 *    PW_APPLY_TYPE    C meets T.
 *    PW_APPLY_NETSEC  tagged netsec: every TSP (the Network and Certificate
 *                     System Security Requirements bind every CA system).
 *    PW_APPLY_AUDIT   tagged audit: every TSP whose types C meets, or every
 *                     TSP when C is empty; with the change's audit scope (the
 *                     _item functions, pw_changeset_item.audit_schemes): not
 *                     when the criteria its requirement lines name are all of
 *                     schemes other than the TSP's (SMC-9's WebTrust for
 *                     Network Security for an ETSI TSP). The reason names the
 *                     criteria of the TSP's scheme the change names. Without
 *                     a scope (no criteria named) the scheme excludes nobody:
 *                     a missed audit change is the failure this guards against.
 *  - An audit matter alone (pw_changeset_item.audit_only: tagged audit and
 *    changing only the rules' audit_only_sections, rules/obligations.json)
 *    whose criteria are all of other schemes applies to no TSP of the
 *    TSP's scheme by any rule above (SMC-4, ETSI TS 119 411-6, for a
 *    WebTrust TSP); the officer's TSP list still wins.
 *    PW_APPLY_EXTANT  tagged extant-ca: TSPs operating an extant CA whose
 *                     types C meets (any extant CA when C is empty), even when
 *                     the TSP no longer issues that type.
 *    PW_APPLY_ALL     none of the tags above (no certificate type, netsec,
 *                     audit or extant-ca): every TSP, so nothing signed off as
 *                     applicable silently reaches nobody.
 *  - A root program's policy (a source with root_programs, rules/sources.json)
 *    applies only to TSPs whose profile lists one of its programs, and, for a
 *    program that covers some certificate types only (Chrome: tls, ev), only
 *    to TSPs issuing one of them; the change's certificate tags are read
 *    within those types. PW_APPLY_PROGRAM records the program in the reason
 *    ("its hierarchy is in the chrome root program"), next to the rules above.
 * Reasons only mention the TSP's own profile, never another TSP.
 *
 * A date of a change that applies to a TSP binds it when the text states it,
 * unless the lines that state it are of other certificate types than the
 * TSP's (pw_effective_date.types, set only when narrower than the change's:
 * Apple 2.0's 2027-02-01 in "2.3 S/MIME Trust Purposes" binds a TSP that
 * issues, or operates a CA of, smime, not one of TLS only, although the
 * change is of every type); a deadline derived by a rule of rules/deadlines.json (pw_effective_date
 * .derived) binds it only when the rule names no root program or the TSP's
 * hierarchy is in one it names (Apple's 14 days to follow a CCADB Policy
 * version: TSPs in Apple's program), and, when it has certificate types of
 * its own (pw_effective_date.types: the default tags of the document whose
 * version derives it), only when they meet the TSP's: the CCADB
 * self-assessment template's 90 days (tls) bind no S/MIME-only TSP, even
 * when the same commit also edits the CCADB Policy's S/MIME text.
 * pw_applicability_binds is that test,
 * for every command that shows a TSP a date. */
#ifndef PW_APPLICABILITY_H
#define PW_APPLICABILITY_H

#include <stddef.h>

#include "classify/changeset.h"
#include "ledger/ledger.h"
#include "core/tagset.h"
#include "core/tsp.h"

enum {
	PW_APPLY_OFFICER = 1 << 0,
	PW_APPLY_TYPE = 1 << 1,
	PW_APPLY_NETSEC = 1 << 2,
	PW_APPLY_AUDIT = 1 << 3,
	PW_APPLY_EXTANT = 1 << 4,
	PW_APPLY_ALL = 1 << 5,
	PW_APPLY_PROGRAM = 1 << 6,
};

typedef struct {
	unsigned rules; /* PW_APPLY_*; 0: does not apply */
	char *reason;   /* "issues smime certificates; ..." (NULL when rules == 0) */
} pw_applicability;

/* Decides for one change (its tags, its source; src may be NULL) signed off
 * as `e`, and one TSP. */
int pw_applicability_decide(pw_tagset tags, const pw_source *src, const pw_ledger_entry *e,
                            const pw_tsp *t, pw_applicability *out);
void pw_applicability_clear(pw_applicability *a);

/* Whether date `d` of a change that applies to `t` binds `t` (see above). */
int pw_applicability_binds(const pw_effective_date *d, const pw_tsp *t);

/* The same for a change set item, with its audit scope (see above): what
 * every command uses. */
int pw_applicability_decide_item(pw_applicability *out, const pw_changeset_item *it,
                                 const pw_ledger_entry *e, const pw_tsp *t);

/* pw_applicability_decide_item's reason in language `lang` (a TSP's form
 * language: "en", "nl"; another: English). *out: caller frees; NULL when
 * the change does not apply. */
int pw_applicability_reason_in(char **out, const pw_changeset_item *it, const pw_ledger_entry *e,
                               const pw_tsp *t, const char *lang);

/* Why a change signed off as `e` does not apply to `t` (when
 * pw_applicability_decide gives no rule): "signed off not-applicable", "not
 * named in the officer's sign-off", "no matching certificate type (the
 * change concerns smime; it issues tls, ev)", "no extant CA of a matching
 * type", "not in the chrome root program (its hierarchy is in mozilla)", ...
 * joined with "; ". *out: caller frees. The _item form also says "an audit
 * change naming only webtrust criteria (...)" (see above). */
int pw_applicability_why_not(pw_tagset tags, const pw_source *src, const pw_ledger_entry *e,
                             const pw_tsp *t, char **out);
int pw_applicability_why_not_item(char **out, const pw_changeset_item *it, const pw_ledger_entry *e,
                                  const pw_tsp *t);

/* One change that applies to a TSP. */
typedef struct {
	const pw_changeset_item *item; /* borrowed from the change set */
	const pw_ledger_entry *entry;  /* borrowed from the ledger */
	pw_applicability why;
	char effective[11]; /* earliest effective date, "" when the change states none */
} pw_applicable;

typedef struct {
	pw_applicable *items; /* by effective date; changes without one last, by date */
	size_t count;
	const char **missing; /* ledger entries whose change is not in the set (borrowed) */
	size_t nmissing;
} pw_applicable_list;

/* The signed-off changes of `ledger` that apply to `t`, with their records
 * from `set`. */
int pw_applicability_collect(pw_applicable_list *out, const pw_changeset *set,
                             const pw_ledger *ledger, const pw_tsp *t);
void pw_applicability_list_clear(pw_applicable_list *l);

/* Drops the changes `t` has answered already (their ledger entry lists `t`
 * among the responded TSPs, response.h): what a form still asks. */
void pw_applicability_drop_answered(pw_applicable_list *l, const pw_tsp *t);

/* The name of one rule: "officer", "type", "netsec", "audit", "extant-ca",
 * "all", "root-program". */
const char *pw_applicability_rule_name(unsigned rule);

#endif
