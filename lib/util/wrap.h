/* Text for a terminal: paragraphs wrapped at word boundaries to a width in
 * columns (a UTF-8 character counts as one), each line indented. */
#ifndef PW_WRAP_H
#define PW_WRAP_H

#include <stddef.h>

#include "util/buf.h"

/* Appends `text` to `out` as lines of at most `width` columns, each starting
 * with `indent` spaces and ending with '\n'. Lines break at spaces (a run of
 * spaces is one, leading and trailing ones go); a word
 * longer than the room is cut where the line ends. Control characters
 * (line breaks included) become spaces and bytes that are not UTF-8 '?'
 * (pw_utf8_oneline): the text may be untrusted. Empty text appends nothing.
 * A width not above the indent counts as indent + 20. */
int pw_wrap_append(pw_buf *out, const char *text, size_t indent, size_t width);

#endif
