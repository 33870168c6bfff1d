/* Untrusted text (upstream documents and commits, TSP profiles, officers'
 * notes, GitHub answers) written into Markdown: one policy for all of it.
 *
 * Where the text lands decides what it could do there, so each function
 * below names its target; the rules, character by character:
 *
 *                           github (issues,  github title    doc (forms,
 *                           comments, the    (plain text)    summary: cmark-gfm
 *                           job summary)                     without UNSAFE)
 *   invalid UTF-8           U+FFFD           U+FFFD          U+FFFD
 *   control characters      space            space           space
 *   @ (mentions)            @ + ZWJ          @ + ZWJ         as is
 *   #123 (a reference)      # + ZWJ          # + ZWJ         \#
 *   any other #             as is            as is           \#
 *   GH-123 (a reference)    GH + ZWJ + -123  GH + ZWJ + -123 as is
 *   < > &  (HTML, entities) &lt; &gt; &amp;  as is           \< \> \&
 *   \ ` * _ [ ] | ~ ! $     \-escaped        as is           \-escaped
 *   (emphasis, code, links, tables, strike-through, images, math)
 *
 * - A mention or reference notifies people or links into the compliance
 *   repository only where GitHub renders it (issues, comments, summaries,
 *   titles): there a zero-width joiner (U+200D) breaks it; a joiner already
 *   there is not doubled, so neutralising twice changes nothing. In a
 *   document, e-mail addresses (a TSP's key users) must stay as they are.
 * - GitHub text may sit inside a raw HTML block (<details>), where backslash
 *   escapes are not processed but entities are: so entities. A document's
 *   Markdown never holds raw HTML (cmark-gfm drops it) and is read as plain
 *   text too: so backslashes, which read better.
 * - Nothing untrusted can open or close an HTML comment (the hidden
 *   <!-- pkiwatch:... --> markers), a link, an image or a code span: '<',
 *   '>', '[', ']', '!' and '`' never reach the output unescaped.
 * Code spans and fences keep their text as is: they outrun every backtick run
 * inside, and only control characters and invalid UTF-8 are replaced. */
#ifndef PW_MDSAFE_H
#define PW_MDSAFE_H

#include <stddef.h>

#include "util/buf.h"

/* Inline text for GitHub (one line). */
int pw_mdsafe_github(pw_buf *b, const char *text);

/* The same, cut after `max_bytes` of output (0: no limit) with an ellipsis:
 * untrusted text of any length within a body's bounds. */
int pw_mdsafe_github_max(pw_buf *b, const char *text, size_t max_bytes);

/* The same, with "#123" at the start of the text or after a space or '('
 * written as an explicit link to issue 123 of the upstream repository
 * `repo` ("owner/name", trusted). */
int pw_mdsafe_github_upstream(pw_buf *b, const char *text, const char *repo);

/* Plain text GitHub shows as a title: no mentions or references; cut after
 * `max_bytes` (0: no limit) with an ellipsis. */
int pw_mdsafe_title(pw_buf *b, const char *text, size_t max_bytes);

/* Inline text for a document rendered by cmark-gfm (a form, a summary). */
int pw_mdsafe_doc(pw_buf *b, const char *text);

/* Multi-line text (a definition) as a block quote, line by line: each line
 * is "> ", its indentation (as written, so that sub-items stay items, but
 * never 4 or more spaces past the list item it belongs to, where Markdown
 * would make preformatted code of it) and the line neutralised as pw_mdsafe_github / pw_mdsafe_doc
 * do; a hard break ends every line that a non-blank line other than a list item follows. The GitHub
 * quote also breaks web addresses with a WORD JOINER
 * ("https:" U+2060 "//", "www" U+2060 "."), so that GitHub's autolinking
 * finds none; a document's quote keeps them. */
int pw_mdsafe_quote_github(pw_buf *b, const char *text);
int pw_mdsafe_quote_doc(pw_buf *b, const char *text);

/* A code span holding `text` (one line; backtick runs inside are outrun). */
int pw_mdsafe_code(pw_buf *b, const char *text);

/* A fenced code block holding `text` as is (valid UTF-8 enforced). */
int pw_mdsafe_fence(pw_buf *b, const char *lang, const char *text);

#endif
