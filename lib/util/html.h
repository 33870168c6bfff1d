/* HTML text escaping. */
#ifndef PW_HTML_H
#define PW_HTML_H

#include "util/buf.h"

/* Appends `s` with & < > " ' escaped, for text and attribute values, and
 * control characters other than tab and line feed as spaces. */
int pw_html_escape(pw_buf *b, const char *s);

#endif
