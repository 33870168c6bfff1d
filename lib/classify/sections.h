/* A document's section index, built from its ATX headings in one linear scan:
 * "### 4.9.1.1 Reasons for revoking" -> "4.9.1.1", "# 1. INTRODUCTION" -> "1",
 * "## Appendix A - ..." -> "Appendix A", Mozilla's "### 5.3 ..." -> "5.3".
 * A heading without a number names its section by its title ("Document
 * History") unless it sits below a numbered heading, whose section it then
 * stays in. Also: the line offsets of the text, for line-based lookups. */
#ifndef PW_SECTIONS_H
#define PW_SECTIONS_H

#include <stddef.h>

#include "upstream/history.h"

typedef struct {
	int line;    /* 1-based line of the heading */
	int level;   /* number of '#' */
	char *id;    /* section id as reported */
	char *title; /* heading text after the number */
} pw_section;

typedef struct {
	pw_section *items;
	size_t count;
	size_t *line_off; /* line_off[i]: byte offset of line i+1; line_off[nlines] = len */
	size_t nlines;
	const char *text; /* borrowed */
	size_t len;
} pw_section_index;

/* Indexes `text` (borrowed: must outlive the index). Never fails on odd input
 * (CRLF, NUL bytes, invalid UTF-8, huge lines); only on memory. */
int pw_sections_build(pw_section_index *idx, const char *text, size_t len);

/* The index of the old revision of a change, from the index of its new
 * revision (`now`) and the change's lines, when none of them is a heading
 * or a code fence (so that every heading stays, moved by the lines added
 * and removed before it): 1 when built so, 0 when the change touches them
 * or its lines do not fit `text` (the caller builds from the text), or
 * PW_ENOMEM. Costs the lines and headings, not the text's bytes. */
int pw_sections_rebuild(pw_section_index *idx, const pw_section_index *now, const char *text,
                        size_t len, const pw_diff_line *lines, size_t nlines);

/* The section enclosing 1-based `line`, or NULL (front matter, no heading). */
const pw_section *pw_sections_at(const pw_section_index *idx, int line);

/* Line `line` (1-based) without its line terminator; NULL when out of range. */
const char *pw_sections_line(size_t *len, const pw_section_index *idx, int line);

void pw_sections_clear(pw_section_index *idx);

/* GitHub's anchor of the heading of `sec` (in `idx`), the id GitHub gives the
 * heading when it renders the document: its text without Markdown marks and
 * HTML tags, lower case, punctuation left out, spaces as '-'
 * ("#### 3.2.2.4 Validation of Domain Authorization or Control" ->
 * "3224-validation-of-domain-authorization-or-control"), other letters
 * percent-encoded, so that it is made of [a-z0-9_%A-F-] only and goes into
 * a URL as it is. Caller frees; NULL
 * and PW_ENOMEM on memory. A heading repeated in the document gets "-1" on
 * GitHub: not told here (the first one is linked). */
int pw_sections_anchor(char **out, const pw_section_index *idx, const pw_section *sec);

/* Parses one heading line; returns 1 with *level and a malloc'd *id (NULL
 * when the heading carries no number) and *title, 0 when not a heading,
 * PW_ENOMEM on memory. */
int pw_sections_parse_heading(int *level, char **id, char **title, const char *line, size_t len);

#endif
