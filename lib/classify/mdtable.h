/* GitHub-flavoured Markdown tables, parsed with cmark-gfm's table extension.
 * Only the block of lines around a line of interest is parsed, never the
 * whole document. */
#ifndef PW_MDTABLE_H
#define PW_MDTABLE_H

#include <stddef.h>

#include "classify/sections.h"

typedef struct {
	char **cells; /* plain text of each cell, trimmed */
	size_t ncells;
	int line; /* 1-based line in the document */
} pw_mdrow;

typedef struct {
	pw_mdrow header;
	pw_mdrow *rows; /* body rows */
	size_t nrows;
	int first_line, last_line; /* the block that was parsed */
} pw_mdtable;

/* The contiguous block of table-like lines (lines holding a '|') around
 * `line`; 0 with *first and *last set, or PW_ENOTFOUND when `line` is not in one. */
int pw_mdtable_block(int *first, int *last, const pw_section_index *idx, int line);

/* Parses lines first..last of the indexed document as Markdown and returns
 * the first table in them. PW_ENOTFOUND when cmark-gfm finds no table
 * (e.g. a broken delimiter row). */
int pw_mdtable_parse_block(const pw_section_index *idx, int first, int last, pw_mdtable *out);

/* Parses `text` (a Markdown fragment whose first line is document line
 * `first_line`) and returns its first table. */
int pw_mdtable_parse(const char *text, size_t len, int first_line, pw_mdtable *out);

/* The body row that starts on `line`, or NULL. */
const pw_mdrow *pw_mdtable_row_at(const pw_mdtable *t, int line);

/* Index of the first header cell whose text contains one of the
 * NULL-terminated, lower-case `words` (case-insensitive), or -1. */
int pw_mdtable_column(const pw_mdtable *t, const char *const *words);

void pw_mdtable_clear(pw_mdtable *t);

#endif
