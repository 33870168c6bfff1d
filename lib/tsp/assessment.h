/* Self-assessments in the ledger: one file per TSP, document and version,
 *
 *   ledger/self-assessments/<tsp id>/<source id>/<path, '/' as '_'>@<version>.json
 *   {"tsp", "document", "version", "commit",       what was assessed
 *    "base_version": "1.0.8" | null,               the accepted one it built on
 *    "cp_cps": "..." | null,                        the TSP's CP/CPS versions
 *    "answers": [{"section", "documents", "how", "comment"}],  rows answered
 *    "imported": {"time", "date", "name", "email", "file"},
 *    "accepted": null | {"time", "date", "name", "email"}}
 *
 * recorded by `import` (one commit, by the officer; the same answers again
 * make none) and completed by `accept` (one commit). The worksheet of the
 * next version counts its changes from the last accepted one (worksheet.h).
 * "time" is the clock's; "date" the day the officer's command ran
 * (PKIWATCH_TODAY when set, as for obligation events): what the annual
 * self-assessment obligation counts by (records written before it had a
 * date count by the time's day). */
#ifndef PW_ASSESSMENT_H
#define PW_ASSESSMENT_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "core/sources.h"
#include "core/tsp.h"
#include "tsp/worksheet.h"

enum { PW_ASSESSMENT_XLSX = 1, PW_ASSESSMENT_CSV = 2, PW_ASSESSMENT_HTML = 4 };

typedef struct {
	const char *cache_dir;
	const char *version; /* NULL: current */
	const char *today;   /* YYYY-MM-DD */
	const char *out_dir; /* NULL: <root>/self-assessments/<tsp id> */
	int formats;         /* PW_ASSESSMENT_*; 0: xlsx */
} pw_assessment_opts;

#define PW_ASSESSMENT_OPTS_INIT                                                                    \
	{                                                                                          \
		.cache_dir = NULL                                                                  \
	}

/* Builds the worksheet of `tsp` for `document` on its last accepted
 * self-assessment in the compliance repository at `root` and writes it in
 * each format asked: <out dir>/<tsp>-<source>-<document stem>-<version>.<ext>;
 * `paths` gets the files written (NULL-terminated, caller frees each and the
 * array) and `ws` the worksheet (clear it). */
int pw_assessment_write(char ***paths, pw_worksheet *ws, const pw_sources *sources,
                        const char *root, const pw_tsp *tsp, const char *document,
                        const pw_assessment_opts *opts);

typedef struct {
	char *tsp, *document, *version;
	char *rel_path;  /* the ledger file */
	char commit[41]; /* "" when nothing was committed */
	int unchanged;   /* the same answers were already recorded / already accepted */
	size_t nrows, nanswered, nchanged;
} pw_assessment_result;

typedef struct {
	const char *cache_dir;
	const char *tsp, *document, *version;   /* expected; NULL: as the file says */
	const char *now;                        /* ISO 8601 UTC */
	const char *today;                      /* YYYY-MM-DD; NULL: now's day */
	const char *author_name, *author_email; /* the officer: the commit's author */
} pw_assessment_import_opts;

#define PW_ASSESSMENT_IMPORT_OPTS_INIT                                                             \
	{                                                                                          \
		.cache_dir = NULL                                                                  \
	}

/* Reads a filled-in worksheet (worksheet_read.h), checks it against the
 * worksheet of its TSP, document and version built now (every row a section
 * of that version; every changed section, or every section of a first
 * assessment, answered: documents or how), and records it. Bad input is
 * PW_EINPUT naming the file and the row or cell; nothing is recorded. */
int pw_assessment_import(pw_assessment_result *res, const pw_sources *sources, const char *root,
                         const char *file, const pw_assessment_import_opts *opts);

/* Records the officer's acceptance of `tsp`'s imported self-assessment of
 * `document` at opts->version. */
typedef struct {
	const char *version;                    /* NULL: the newest imported one not yet accepted */
	const char *now;                        /* ISO 8601 UTC */
	const char *today;                      /* YYYY-MM-DD; NULL: now's day */
	const char *author_name, *author_email; /* the officer */
} pw_assessment_accept_opts;

#define PW_ASSESSMENT_ACCEPT_OPTS_INIT                                                             \
	{                                                                                          \
		.version = NULL                                                                    \
	}

int pw_assessment_accept(pw_assessment_result *res, const pw_sources *sources, const char *root,
                         const char *tsp, const char *document,
                         const pw_assessment_accept_opts *opts);

void pw_assessment_result_clear(pw_assessment_result *r);

/* One self-assessment the ledger holds (what the annual self-assessment
 * obligation reads, tsp/obligation.h). */
typedef struct {
	char *tsp, *document, *version;
	char *rel_path;         /* ledger/self-assessments/... */
	char imported[11];      /* the day imported: its "date" (else the time's) */
	char accepted[11];      /* the same, "" while not accepted */
	char imported_time[21]; /* "YYYY-MM-DDTHH:MM:SSZ" */
	char accepted_time[21]; /* "" while not accepted */
} pw_assessment_record;

typedef struct {
	pw_assessment_record *items;
	size_t count;
} pw_assessments;

/* Appends to `out` every recorded self-assessment of `tsp` for `document`
 * ("source:path") in the compliance repository at `root`, oldest import
 * first (none: nothing appended). A record without its version or import
 * time is PW_EINPUT naming the file. */
int pw_assessments_load(pw_assessments *out, const char *root, const char *tsp,
                        const char *document);
void pw_assessments_clear(pw_assessments *l);

#endif
