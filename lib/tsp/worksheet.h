/* The self-assessment worksheet of one TSP for one document version: one row
 * per requirement section (the document's headings, as sections.h reads
 * them), with the columns of the Mozilla/CCADB self-assessment templates
 * (section and title; the TSP's document(s) and section(s) that meet it; how;
 * a comment) and pkiwatch's: whether the section changed since the TSP's last
 * accepted self-assessment and which adopted changes did it (ballot, date,
 * version, effective dates). Changed rows come first, each group in document
 * order. Answers are prefilled from the last accepted self-assessment.
 *
 * "Changed since" counts from the version that assessment assessed: every
 * adopted change of the document after the last commit at that version, up
 * to the version assessed now (when that version is not in the history, from
 * the date it was accepted). With no accepted self-assessment every row is
 * to be answered. */
#ifndef PW_WORKSHEET_H
#define PW_WORKSHEET_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "core/sources.h"
#include "core/tsp.h"

/* Columns, in the order every format writes them. */
enum {
	PW_WS_SECTION,
	PW_WS_TITLE,
	PW_WS_CHANGED,
	PW_WS_CHANGES,
	PW_WS_DOCUMENTS, /* answer: the TSP's document(s) and section(s) */
	PW_WS_HOW,       /* answer: how they meet it */
	PW_WS_COMMENT,   /* answer */
	PW_WS_NCOLS
};
#define PW_WS_FIRST_ANSWER PW_WS_DOCUMENTS
/* Longest answer accepted, in bytes (a spreadsheet cell holds 32767 characters). */
#define PW_WS_ANSWER_MAX 32767

/* The column headings (borrowed). */
const char *pw_worksheet_column(int col);

/* The header block above the table: one key/value row each, in this order,
 * then an empty row, then the row of column headings, then one row per
 * section. Every format writes this layout; the reader finds it again. */
enum {
	PW_WSH_MARKER, /* PW_WS_MARKER: what the file is */
	PW_WSH_TSP,
	PW_WSH_TSP_NAME,
	PW_WSH_DOCUMENT,
	PW_WSH_VERSION,
	PW_WSH_COMMIT,
	PW_WSH_DATE,
	PW_WSH_BASE,
	PW_WSH_CAS,
	PW_WSH_CP_CPS, /* answer: the TSP's CP/CPS versions */
	PW_WSH_N
};
#define PW_WS_MARKER      "pkiwatch self-assessment worksheet 1"
#define PW_WS_HEADING_ROW (PW_WSH_N + 1)
/* The key of header row `i` (borrowed). */
const char *pw_worksheet_header_key(int i);

typedef struct {
	char *id; /* "cabforum-smime@59687c5f0a1b" */
	char date[11];
	char *ballot;  /* NULL when none */
	char *version; /* the version it made, NULL when none */
	/* the effective dates it states in this document: "2025-09-15 (4.3.1.2)",
	 * the sections in parentheses (none: for no section in particular) */
	char **effective;
	size_t neffective;
} pw_worksheet_change;

typedef struct {
	char *id; /* "4.9.1.1" */
	char *title;
	int level;
	int changed;     /* changed since the last accepted self-assessment */
	size_t *changes; /* indexes into the worksheet's changes, oldest first */
	size_t nchanges;
	char *answer[PW_WS_NCOLS]; /* PW_WS_DOCUMENTS..PW_WS_COMMENT, NULL when none */
} pw_worksheet_row;

typedef struct {
	char *tsp_id, *tsp_name;
	char *document; /* "cabforum-smime:SBR.md" */
	char *source_id, *path;
	char *version;          /* version assessed */
	char commit[41];        /* the upstream commit of that version (the newest at it) */
	char date[11];          /* when the worksheet was made */
	char *cas;              /* the CAs in scope, from the profile ("" when none) */
	char *base_version;     /* version of the last accepted self-assessment, or NULL */
	char *base_accepted;    /* and when it was accepted */
	char *cp_cps;           /* the TSP's CP/CPS versions (an answer), or NULL */
	pw_worksheet_row *rows; /* changed first */
	size_t nrows, nchanged;
	pw_worksheet_change *changes; /* since the base, oldest first */
	size_t nchanges;
} pw_worksheet;

typedef struct {
	const char *cache_dir; /* mirrors are <cache_dir>/<source id>.git */
	const char *version;   /* NULL: the current version */
	const char *today;     /* YYYY-MM-DD */
	/* the last accepted self-assessment (assessment.h's record), or NULL */
	const cJSON *base;
} pw_worksheet_opts;

#define PW_WORKSHEET_OPTS_INIT                                                                     \
	{                                                                                          \
		.cache_dir = NULL                                                                  \
	}

/* Splits "source:path" into the source and document it names: PW_ENOTFOUND
 * for an unknown source or a document the source does not track. */
int pw_worksheet_document(const pw_source **src, const char **path, const pw_sources *sources,
                          const char *document);
/* Builds the worksheet of `tsp` for `document` from the source's mirror. An
 * unknown version is PW_ENOTFOUND naming the versions there are. */
int pw_worksheet_build(pw_worksheet *out, const pw_sources *sources, const pw_tsp *tsp,
                       const char *document, const pw_worksheet_opts *opts);
/* The row of section `id`, or NULL. */
pw_worksheet_row *pw_worksheet_find(const pw_worksheet *ws, const char *id);
/* The value of header row `i` (caller frees). */
int pw_worksheet_header_value(char **out, const pw_worksheet *ws, int i);
/* The text of the "changed" and "changes" columns of `row` into `out` (caller frees). */
int pw_worksheet_cell(char **out, const pw_worksheet *ws, const pw_worksheet_row *row, int col);
void pw_worksheet_clear(pw_worksheet *ws);

#endif
