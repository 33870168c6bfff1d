/* The one summary issue of the baseline (issue 15: the first run's flood).
 * The changes dated before pkiwatch.json's "baseline" get no issue each:
 * they are the status quo. One issue, marker <!-- pkiwatch:baseline -->,
 * says so: how many per source, the ballots and versions among them, and
 * whether the officer recorded the baseline in the ledger (open until then,
 * closed once recorded). A later baseline rewrites the same issue: there is
 * never a second one. */
#ifndef PW_BASELINEISSUE_H
#define PW_BASELINEISSUE_H

#include "classify/changeset.h"
#include "util/strlist.h"

#define PW_BASELINEISSUE_MARKER "<!-- pkiwatch:baseline -->"

typedef struct {
	const char *date;          /* YYYY-MM-DD; NULL or "": no baseline, no issue */
	const pw_strlist *changes; /* the ids of the changes before it */
	const pw_changeset *set;   /* their records (source, ballot); may be NULL */
	int recorded;              /* the officer recorded it (ledger/baselines/<date>.json) */
} pw_baselineissue;

/* The issue's title and body (caller frees both); untrusted text
 * neutralised. */
int pw_baselineissue_render(char **title, char **body, const pw_baselineissue *b);

#endif
