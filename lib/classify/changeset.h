/* The change records a publish or a sign-off works on: every change of the
 * enabled sources (adopted and drafts) from the mirrors in the cache, fully
 * classified, each with its canonical JSON record, the record's digest and a
 * bounded excerpt of its diff. Changes older than `since` are left out. */
#ifndef PW_CHANGESET_H
#define PW_CHANGESET_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "classify/change.h"
#include "core/config.h"
#include "core/obligrules.h"
#include "core/sources.h"

typedef struct {
	pw_change change; /* classified */
	cJSON *record;    /* pw_change_to_json(&change), without "stale" (stream.h) */
	char digest[41];  /* git blob id (SHA-1) of the record printed unformatted */
	char *excerpt;    /* the diff's first lines: "--- path", "@@ line N", "+...", "-..." */
	int truncated;    /* the excerpt is not the whole diff */
	const pw_source *source; /* borrowed from the sources */
	/* with opts->keep_sections: the added lines of those sections, one
	 * "<document path>\t<section>\t<line>\n" each (control characters made
	 * spaces), bounded; NULL when the change has none or keeps none. A line
	 * only renumbered (the same text after its list number stands among the
	 * removed lines: "3. X" -> "4. X") is not kept. */
	char *kept;
	/* with opts->rules: the audit schemes (PW_AUDIT_BIT) of the criteria the
	 * kept lines name (auditor standards and requirement documents, scheme
	 * any, aside), those criteria per scheme ("ETSI TS 119 411-6 v1.1.1",
	 * joined with ", "; NULL when none), and whether the change is tagged
	 * audit and changes only the rules' audit_only_sections */
	unsigned audit_schemes;
	char *audit_criteria[PW_AUDIT_WEBTRUST + 1];
	int audit_only;
	int new_document; /* the change adds a document (its first version) */
} pw_changeset_item;

typedef struct {
	pw_changeset_item *items; /* per source in rules order, newest first */
	size_t count;
} pw_changeset;

typedef struct {
	const char *cache_dir;   /* mirrors are <cache_dir>/<source id>.git */
	const char *since;       /* YYYY-MM-DD or NULL/"" (then the config's since) */
	const char *only_source; /* NULL: the sources the config enables */
	int no_drafts;           /* leave draft branches out */
	const char *today;       /* the run's day: stale drafts (stream.h); NULL: none */
	size_t excerpt_max;      /* bytes of diff excerpt per change; 0 = 3000 */
	size_t excerpt_lines;    /* lines of diff excerpt per change; 0 = 40 */
	/* sections ("8" exactly, "8.*" for 8 and below; NULL-terminated) whose
	 * added lines each change tagged with one of keep_tags keeps in
	 * item->kept (what the obligation rules read); NULL: none kept */
	char *const *keep_sections;
	pw_tagset keep_tags;
	/* the obligation rules: the criteria that give items their
	 * audit_schemes, the audit_only_sections (borrowed); NULL: none */
	const pw_obligrules *rules;
} pw_changeset_opts;

#define PW_CHANGESET_OPTS_INIT                                                                     \
	{                                                                                          \
		.cache_dir = NULL                                                                  \
	}

/* Collects the changes. A source that is not mirrored yet is PW_ENOTFOUND
 * ("run 'pkiwatch mirror'"). On failure `out` is left empty. */
int pw_changeset_collect(pw_changeset *out, const pw_sources *sources, const pw_config *cfg,
                         const pw_changeset_opts *opts);

void pw_changeset_clear(pw_changeset *set);

/* The item with change id `id`, or NULL. */
const pw_changeset_item *pw_changeset_find(const pw_changeset *set, const char *id);

#endif
