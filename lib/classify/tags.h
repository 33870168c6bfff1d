/* Applicability tag rules (rules/tags.json; format in rules/README.md).
 * A rule gives tags to a change when one changed line satisfies all of its
 * conditions: document, enclosing section (number or title) and wording. */
#ifndef PW_TAGS_H
#define PW_TAGS_H

#include <stddef.h>
#include <stdint.h>

#include "core/tagset.h"
#include "util/strlist.h"

/* Which byte pairs a text holds (a 256-bit filter): a phrase with a pair the
 * line lacks cannot stand in it, so most phrases are ruled out without a
 * search (a changed line meets every rule's phrases). */
/* Words of the byte-pair filter: 1024 bits, few enough set by a long line
 * (a table row) to rule most phrases out. */
#define PW_TAGS_PAIR_WORDS 16

typedef struct {
	uint64_t bits[PW_TAGS_PAIR_WORDS];
} pw_tags_pairs;

/* A phrase list with the byte pairs of each phrase. */
typedef struct {
	pw_strlist list;
	pw_tags_pairs *pairs; /* one per list item */
} pw_tags_phrases;

/* One changed line as rules read it: its text in ASCII lower case and the
 * byte pairs it holds (pw_tags_line_init). */
typedef struct {
	const char *lower; /* borrowed */
	size_t len;
	pw_tags_pairs pairs;
} pw_tags_line;

typedef struct {
	pw_tagset tags;
	pw_strlist documents;    /* exact document paths; empty: every document */
	pw_strlist sections;     /* "8" exactly, "8.*" for 8 and everything below */
	pw_strlist titles;       /* substrings of the enclosing heading's title */
	pw_strlist not_titles;   /* ... and substrings it must not contain */
	pw_strlist title_starts; /* what the enclosing heading's title starts with */
	/* substrings one of which the sentences the line is part of (read
	 * across the line breaks of its paragraph or list item, in the text it
	 * stands in) must contain: checked by the classifier, which has the
	 * text; empty: no condition */
	pw_strlist sentence;
	pw_tags_phrases *all; /* groups: each needs one substring on the line */
	size_t nall;
	pw_tags_phrases none; /* substrings that veto the rule */
	int added_only;       /* only added lines count (default: added and removed) */
	int fallback;         /* applies to the document when no other rule gave it a tag */
	/* the wording must be new: the rule gives its tags only when its
	 * phrases (first group) occur more often on the change's added lines
	 * that match it than on its removed ones (a sentence edited or
	 * re-wrapped keeps its phrase, and says nothing new by it) */
	int novel;
	/* the wording may wrap: an added line is also read joined to the added
	 * line just before it in the same paragraph (hard-wrapped Markdown) */
	int wrapped;
	/* the words must change: the rule gives its tags only when the words
	 * of the changed lines it matches, removed against added, differ by
	 * more than this many (link targets, URLs and numbers left out: a
	 * section re-wrapped, re-linked or renumbered says nothing new); 0:
	 * any matching line */
	int reworded;
	/* the sentence must be new: a line the rule matches gives its tags only
	 * when a sentence (or table cell) of it that the rule matches on its
	 * own stands nowhere on the other side of the document's diff (up to
	 * case, markup, link targets and "(1)"/"(a)" enumerators): a sentence
	 * carried into a rewritten paragraph says nothing new by its phrase */
	int new_sentence;
} pw_tag_rule;

typedef struct {
	pw_tag_rule *rules;
	size_t count;
} pw_tag_rules;

/* Loads and validates a rules file; errors name the file and JSON path. */
int pw_tags_load(pw_tag_rules **out, const char *path);
void pw_tags_free(pw_tag_rules *r);

/* Prepares `lower` (len bytes, ASCII lower case, borrowed) for matching. */
void pw_tags_line_init(pw_tags_line *line, const char *lower, size_t len);

/* The line "a b": `lower` (len bytes) is a's text, a space and b's, made by
 * the caller; its byte pairs are a's, b's and those of the two joints, so
 * the joined text is not read again. */
void pw_tags_line_join(pw_tags_line *line, const char *lower, size_t len, const pw_tags_line *a,
                       const pw_tags_line *b);

/* Whether rule `r` matches one changed line of document `doc` in section
 * `section` (may be NULL) titled `title` (may be NULL). `doc` NULL: the
 * caller has found with pw_tags_rule_for_doc that the rule may apply (once
 * per document rather than per line). */
int pw_tags_rule_matches(const pw_tag_rule *r, const char *doc, const char *section,
                         const char *title, const pw_tags_line *line, int added);

/* Whether the rule may apply to document `doc`: a path ("SBR.md") or a path
 * qualified by its source ("mozilla-ccadb:policy.md"), which matches rules
 * naming either. */
int pw_tags_rule_for_doc(const pw_tag_rule *r, const char *doc);

/* Case-insensitive (ASCII) substring search of lower-case `needle` in `lower`. */
int pw_tags_contains(const char *lower, size_t len, const char *needle);

#endif
