/* Indicative readings for per-CA questions (rules/extant_cas.json): where a
 * TSP's profile alone tells whether one of its existing CAs falls under a
 * defined term a change relies on, e.g. the S/MIME BR's "Extant S/MIME CA"
 * (criterion 1: a notBefore before 2023-09-01):
 *
 *   {"readings": [{"term": "Extant S/MIME CA", "criterion": "criterion 1",
 *                  "types": ["smime"], "not_before_before": "2023-09-01"}]}
 *
 * A reading applies to a CA that issues one of `types`, for a change whose
 * terms name `term`. It is indicative: the form asks the TSP to confirm it.
 * "criterion_texts" (optional) names the criterion in the forms' other
 * languages: {"nl": "criterium 1"}; the term is the document's and stays. */
#ifndef PW_CAREADING_H
#define PW_CAREADING_H

#include "classify/classify.h"
#include "core/tsp.h"

typedef struct pw_careadings pw_careadings;

/* Loads <rules_dir>/extant_cas.json (NULL dir: pw_sources_rules_dir()); a missing
 * file gives no readings. Errors name the file and the JSON path. */
int pw_careadings_load(pw_careadings **out, const char *rules_dir);
void pw_careadings_free(pw_careadings *r);

typedef struct {
	const char *answer; /* "yes" or "no" (static) */
	char *reason;       /* "notBefore 2019-04-01 is before 2023-09-01: this CA meets
	                       criterion 1 of "Extant S/MIME CA"" */
	/* what the reason is made of, for a text in another language (borrowed
	 * from the CA and the readings) */
	const char *not_before, *cutoff, *criterion, *term;
	const struct pw_careading_rule *rule; /* borrowed: the reading's rule */
} pw_careading;

/* The indicative reading of CA `ca` under the change classified as `c`:
 * 1 with `out` filled, 0 when no rule tells (out zeroed), <0 on error. */
int pw_careading_for(pw_careading *out, const pw_careadings *r, const pw_classification *c,
                     const pw_tsp_ca *ca);
void pw_careading_clear(pw_careading *r);

/* The criterion's name in language `lang` (the rule's "criterion_texts"),
 * else its "criterion"; borrowed from the readings. */
const char *pw_careading_criterion_in(const pw_careading *r, const char *lang);

#endif
