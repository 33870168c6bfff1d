/* The defined terms of one document revision, read from its definitions
 * section: a heading numbered 1.6.1 (BR, EVG, S/MIME BR, CSBR) or titled
 * "Definitions" (NSR, CCADB, Chrome, Apple). Two forms are recognised:
 *   **Term**: definition ...          (also "**Term:** ...")
 *   This policy considers a "Term" to be ...   (a paragraph opening with
 *   "This policy" that quotes the term)
 * A definition runs from its term to the next term, heading or the end of
 * the section: its paragraph, the numbered or lettered sub-items below it
 * and any further paragraphs before the next term. Text before the first
 * term (an introduction, the RFC 2119 key words) belongs to no term.
 * On request, a term's number of lines in the whole revision is counted
 * (terms used everywhere are "common"). */
#ifndef PW_DEFINITIONS_H
#define PW_DEFINITIONS_H

#include <stddef.h>

typedef struct {
	char *term;     /* as written, without markup: "Extant S/MIME CA" */
	char *text;     /* the definition: the rest of the term's line and the
	                   lines below it, '\n'-separated, trailing blanks removed */
	char *name;     /* "Certification Authority (or CA)": "Certification
	                   Authority"; NULL when the term has no alias */
	char *alias;    /* ... and "CA"; NULL when none */
	char *section;  /* the enclosing section's id ("1.6.1") or title */
	int first_line; /* 1-based lines of the revision the definition spans */
	int last_line;
	size_t uses; /* lines of the revision naming the term (its own included),
	                once pw_definitions_count_uses ran */
	int counted;
} pw_definition;

/* A definitions section: its heading's line to the line before the next
 * heading (or the last line). */
typedef struct {
	int first, last;
} pw_definitions_span;

typedef struct {
	pw_definition *items; /* in document order */
	size_t count;
	pw_definitions_span *spans; /* in document order */
	size_t nspans;
	void *index; /* private: the terms' first words, for scans */
} pw_definitions;

/* Reads the definitions of a revision (`text` borrowed). A revision without
 * a definitions section has none (count 0); fails only on memory. */
int pw_definitions_read(pw_definitions *out, const char *text, size_t len);

void pw_definitions_clear(pw_definitions *d);

/* The definitions of a revision that differs from the one `d` was read from
 * only outside its spans and in no heading line: the same definitions, the
 * lines of span i moved by shift[i] (uses not counted). */
int pw_definitions_moved(pw_definitions *out, const pw_definitions *d, const int *shift);

/* Counts the lines of `text` (the revision read) that name the term (its
 * name, plus those naming its alias), once; counting stops past `limit`. */
void pw_definitions_count_uses(pw_definition *d, const char *text, size_t len, size_t limit);

/* The definition of `term` (exact), or NULL. */
const pw_definition *pw_definitions_find(const pw_definitions *d, const char *term);

/* Sets mark[i] = 1 for every definition i whose term (name or alias) line
 * `s` (n bytes) names as a whole word; `mark` has `count` entries. Returns
 * how many it newly marked. */
int pw_definitions_scan(const pw_definitions *d, const char *s, size_t n, int *mark);

/* The term without its alias: name, else term (borrowed). */
const char *pw_definitions_name(const pw_definition *d);

/* Whether `s` (n bytes) names the term (its name or its alias). */
int pw_definitions_mentioned(const pw_definition *d, const char *s, size_t n);

/* Whether `term` occurs in `s` (n bytes) as a whole word (case-sensitive;
 * a plural "s"/"es" suffix counts). */
int pw_definitions_mentions(const char *s, size_t n, const char *term);

/* Whether two definition texts differ other than in whitespace. */
int pw_definitions_differ(const char *a, const char *b);

#endif
