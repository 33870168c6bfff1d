/* Changes with no normative effect of their own (rules/noise.json): by kind
 * (editorial, tooling, revert) and by subject prefix (a merge of main into a
 * draft, an applied review suggestion). Data, not code: a new kind of noise
 * is a line in the rules file. */
#ifndef PW_NOISE_H
#define PW_NOISE_H

#include "core/sources.h"

#include <stddef.h>

typedef struct {
	char *match; /* a kind, or a subject prefix */
	char *why;   /* "merge of main into a draft" */
} pw_noise_rule;

typedef struct pw_noise {
	pw_noise_rule *kinds, *subjects;
	size_t nkinds, nsubjects;
	/* subject patterns that say nothing of what a draft proposes, though
	 * the change may matter ("Update BR.md": pw_noise_nondescript) */
	pw_noise_rule *nondescript;
	size_t nnondescript;
	/* a draft left standing (pw_noise_stale): no commit for more than
	 * stale_days days and no date it proposes still to come; 0: none is */
	long stale_days;
	char *stale_why;
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

/* Why `subject` says nothing of what a draft proposes (borrowed from `n`),
 * or NULL when it may say it: it matches a "nondescript" pattern of
 * noise.json, where {word} is one word (no space), {document} a file name
 * of one of `src`'s documents (its path, a former path, or either's last
 * component), and any other character itself (ASCII case ignored); a
 * pull request number closing the subject (" (#482)") is not matched. Not
 * noise: such a change is no less a change. `n` NULL: NULL. */
const char *pw_noise_nondescript(const pw_noise *n, const pw_source *src, const char *subject);

/* Why a draft is stale (borrowed from `n`), or NULL when it is live: on
 * `today` (YYYY-MM-DD) its newest commit, of `last` (YYYY-MM-DD), is more
 * than noise.json's stale.days old, and `latest`, the latest date it
 * proposes (NULL: none), is before `today`. Abandoned work, still a draft,
 * that no longer says when anything would apply. `n` NULL or without the
 * rule, or a date that is no date: NULL. */
const char *pw_noise_stale(const pw_noise *n, const char *today, const char *last,
                           const char *latest);

#endif
