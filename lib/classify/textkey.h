/* Keys and comparisons of upstream text for the classifier: whether a line
 * or table cell stood in the other revision (up to re-formatting), how
 * similar two lines are, short safe excerpts. */
#ifndef PW_TEXTKEY_H
#define PW_TEXTKEY_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* The key of a line: table-like text ('|') up to whitespace, case and
 * emphasis/code markup, so that "|1.0 |SMC01 |" and "| 1.0 | SMC01 |" match;
 * other text up to leading and trailing blanks. 0 for a blank line. */
uint64_t pw_textkey_line(const char *s, size_t n);

/* The markup-insensitive key of any text (table cells, words). */
uint64_t pw_textkey_markup(const char *s, size_t n);

/* A set of non-zero keys (open addressing), each counted: a key added
 * twice stays until removed twice. */
typedef struct {
	uint64_t *slots;
	uint32_t *counts;
	size_t cap, count;
} pw_textkey_set;

/* Empties the set and sizes it for about `n` keys without rehashing. */
int pw_textkey_set_reserve(pw_textkey_set *s, size_t n);
int pw_textkey_set_add(pw_textkey_set *s, uint64_t key);
/* Takes one count of `key` away (nothing when absent). */
void pw_textkey_set_remove(pw_textkey_set *s, uint64_t key);
int pw_textkey_set_has(const pw_textkey_set *s, uint64_t key);
/* How many times `key` was added and not removed (0: absent). */
uint32_t pw_textkey_set_count(const pw_textkey_set *s, uint64_t key);
void pw_textkey_set_clear(pw_textkey_set *s);

/* Word-set overlap of two texts (numbers of up to four digits, the parts of
 * dates, are left out): *jaccard = |A and B| / |A or B|, *contained =
 * |A and B| / |B|. 0, or PW_ENOMEM. */
int pw_textkey_overlap(double *jaccard, double *contained, const char *a, size_t an, const char *b,
                       size_t bn);
/* The Jaccard similarity, -1 on memory failure. */
double pw_textkey_similarity(const char *a, size_t an, const char *b, size_t bn);

/* ASCII lower case of s[0..n) into b (cleared first; NUL-terminated). */
int pw_textkey_lower(pw_buf *b, const char *s, size_t n);

/* The first whole-word occurrence of lower-case `w` in lower-case s[0..n). */
const char *pw_textkey_find_word(const char *s, size_t n, const char *w);

/* The line s[0..n) as a readable statement of at most `max` bytes (a date
 * line of the change record, shown in issues and forms as written here):
 * - a table row gives its cells joined by "; ", leaving out empty cells,
 *   placeholders ("--", "-", "—") and cells holding only a date (the line is
 *   shown with its date): "| -- | SMC03 | Transition end | September 15,
 *   2024 |" -> "SMC03; Transition end";
 * - Markdown is read, not shown: links and reference links give their
 *   label, emphasis and code marks, backslash escapes, heading, quote and
 *   bullet marks and <br> go ("[Effective July 1, 2026][Archive]*" ->
 *   "Effective July 1, 2026");
 * - invalid bytes become '?', control characters spaces, whitespace is
 *   collapsed;
 * - a longer text is cut at a word boundary (at a UTF-8 boundary when one
 *   word fills half the room) and ends with an ellipsis (U+2026), within
 *   `max` bytes. Untrusted still: neutralise it where it lands. */
char *pw_textkey_statement(const char *s, size_t n, size_t max);

#endif
