/* HTML text escaping (html.h). */
#include "util/html.h"

int pw_html_escape(pw_buf *b, const char *s)
{
	int rc = 0;
	for (; rc == 0 && *s; s++) {
		switch (*s) {
		case '&':
			rc = pw_buf_puts(b, "&amp;");
			break;
		case '<':
			rc = pw_buf_puts(b, "&lt;");
			break;
		case '>':
			rc = pw_buf_puts(b, "&gt;");
			break;
		case '"':
			rc = pw_buf_puts(b, "&quot;");
			break;
		case '\'':
			rc = pw_buf_puts(b, "&#39;");
			break;
		default:
			rc = pw_buf_putc(
			    b, (unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' ? ' ' : *s);
		}
	}
	return rc;
}
