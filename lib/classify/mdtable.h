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
	int partial;               /* only the body rows asked for were parsed */
} pw_mdtable;

/* The contiguous block of table-like lines (lines holding a '|') around
 * `line`; 0 with *first and *last set, or PW_ENOTFOUND when `line` is not in one. */
int pw_mdtable_block(int *first, int *last, const pw_section_index *idx, int line);

/* Parses lines first..last of the indexed document as Markdown and returns
 * the first table in them. PW_ENOTFOUND when cmark-gfm finds no table
 * (e.g. a broken delimiter row). */
int pw_mdtable_parse_block(const pw_section_index *idx, int first, int last, pw_mdtable *out);

/* pw_mdtable_parse_block for the body rows starting on `lines` (ascending)
 * only: when the block is a plain table (every line, less the block's
 * indentation, starts and ends with '|', and holds no CR but a last one) its
 * header, delimiter row and those lines are parsed alone (out->partial),
 * since no row of a plain table continues on, or joins, another line and a
 * row's cells read alike alone and in the whole table (cmark-gfm costs about
 * 500 instructions a byte, and a change touches a few rows of long tables);
 * any other block is parsed whole. */
int pw_mdtable_parse_rows(const pw_section_index *idx, int first, int last, const int *lines,
                          size_t nlines, pw_mdtable *t);

/* Adds the body row starting on `line` to a partial table `t` of block
 * first..last (nothing when `t` is whole or has it already). */
int pw_mdtable_add_row(pw_mdtable *t, const pw_section_index *idx, int first, int last, int line);

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
