/* Changes with no normative effect of their own (rules/noise.json): by kind
 * (editorial, tooling, revert) and by subject prefix (a merge of main into a
 * draft, an applied review suggestion). Data, not code: a new kind of noise
 * is a line in the rules file. */
#ifndef PW_NOISE_H
#define PW_NOISE_H

#include <stddef.h>

typedef struct {
	char *match; /* a kind, or a subject prefix */
	char *why;   /* "merge of main into a draft" */
} pw_noise_rule;

typedef struct pw_noise {
	pw_noise_rule *kinds, *subjects;
	size_t nkinds, nsubjects;
} pw_noise;

/* Loads <rules_dir>/noise.json (NULL: pw_sources_rules_dir()). A missing file
 * is a list of no rules; a malformed one is PW_EINPUT naming the file and the
 * JSON path. Free with pw_noise_free. */
int pw_noise_load(pw_noise **out, const char *rules_dir);
void pw_noise_free(pw_noise *n);

/* Why a change of kind `kind` (may be NULL) with subject `subject` has no
 * normative effect (borrowed from `n`), or NULL when it may have one. The
 * subject prefixes are tried first (a merge of main carries main's changes,
 * whatever kind they make it). `n` NULL: NULL. */
const char *pw_noise_why(const pw_noise *n, const char *kind, const char *subject);

#endif
