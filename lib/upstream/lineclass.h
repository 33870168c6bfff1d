/* Line classes: a document's text rewritten for the diff as one short line
 * per line, which libgit2's xdiff reads as it would the text itself.
 *
 * xdiff (git's algorithm: Myers with its heuristics, then the indent
 * heuristic) looks at a line's content in two ways only: whether two lines
 * are equal (their bytes, the newline included) and the line's indentation
 * (its leading isspace() bytes, and whether it holds nothing else). Every
 * count, limit and choice it makes follows from those. A line is therefore
 * written as its leading whitespace and the number of its class (every
 * distinct line of the document's revisions read so far has one, compared
 * byte for byte), and its newline when it has one; a line of whitespace
 * only as it is. Equal lines get equal tokens, different lines different
 * ones, each the same indentation: xdiff's result over the tokens is its
 * result over the text, line for line, at a fraction of the bytes it hashes.
 * (What else libgit2 reads of the content: NUL bytes, which make a file
 * binary, and the size, above which it is binary: texts with a NUL byte are
 * not rewritten, and the caller diffs those as they are.) */
#ifndef PW_LINECLASS_H
#define PW_LINECLASS_H

#include <stddef.h>

/* The classes of the lines read so far (one document's revisions). */
typedef struct pw_lineclass pw_lineclass;

/* One text rewritten. */
typedef struct {
	char *tokens; /* the token text */
	size_t len;
	size_t *off; /* off[i]: offset of line i+1 in the original text; off[nlines]: its length */
	size_t nlines; /* lines of the text (a last line without newline included) */
} pw_lineclass_text;

int pw_lineclass_new(pw_lineclass **out);
void pw_lineclass_free(pw_lineclass *c);

/* Rewrites text[0..len): 0, or 1 (out left empty) when the text holds a NUL
 * byte, or PW_ENOMEM. */
int pw_lineclass_tokens(pw_lineclass_text *out, pw_lineclass *c, const char *text, size_t len);

void pw_lineclass_text_clear(pw_lineclass_text *t);

#endif
