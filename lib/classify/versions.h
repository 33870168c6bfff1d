/* The versions a policy document declares: its header ("*Version 2.1,
 * Effective: March 20, 2026*", "# Chrome Root Program Policy, Version 1.8",
 * "# ... Requirements v1.1", a YAML "title:") and the Version column of its
 * change-history tables. A version a new revision declares that the old one
 * did not is the version the change releases. */
#ifndef PW_VERSIONS_H
#define PW_VERSIONS_H

#include <stddef.h>

#include "util/strlist.h"

/* Adds to `out` (no duplicates) every version the text declares. When
 * `dates` is not NULL, dates->items[k] is the text of the date column
 * ("Effective Date", "Date Effective", "Date") of version k's table row, or
 * "" (a header version, or a table without such a column). Markdown and
 * HTML tables (<tr>/<th>/<td>) are read. */
int pw_versions_scan(pw_strlist *out, pw_strlist *dates, const char *text, size_t len);

/* Where a Markdown change-history table of `text` (a block of '|' lines
 * whose first row has a "Version" cell) is not a valid table: no delimiter
 * row after its header, a delimiter row of another width than the header,
 * or a row with fewer cells than the header (its date cell gone). *line is
 * the 1-based line of the first fault, *first and *last the block's lines
 * and *why the fault (static text); *line 0: every such table is valid (or
 * there is none). HTML tables are not looked at. */
void pw_versions_table_fault(const char *text, size_t len, int *first, int *last, int *line,
                             const char **why);

/* The version a header line marks as a draft ("*Version 2.5 (draft)*"): a
 * copy in *out (caller frees), or NULL when the header marks none. */
int pw_versions_draft(char **out, const char *text, size_t len);

/* The version number at the start of s[0..n) after link and emphasis markup
 * and a "v" ("[2.0](url)", "**1.2.3**", "v1.1", "2.1 (current)"): its
 * length, with *start set; 0 when there is none. */
size_t pw_versions_of(const char *s, size_t n, size_t *start);

/* Compares dotted version numbers numerically ("1.10" > "1.9"). */
int pw_versions_cmp(const char *a, const char *b);

#endif
