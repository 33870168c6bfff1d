#include "util/wrap.h"

#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of the first `cols` characters of s[0..n) (whole characters). */
static size_t bytes_of(const char *s, size_t n, size_t cols)
{
	size_t i = 0;
	while (i < n && cols > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cols--;
	}
	return i;
}

static size_t columns(const char *s, size_t n)
{
	size_t i, c = 0;
	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int indent_line(pw_buf *out, size_t indent)
{
	int rc = 0;
	while (rc == 0 && indent--)
		rc = pw_buf_putc(out, ' ');
	return rc;
}

int pw_wrap_append(pw_buf *out, const char *text, size_t indent, size_t width)
{
	char *t = strdup(text ? text : "");
	size_t room, used = 0, i = 0, n;
	int rc = 0, open = 0;

	if (!t)
		return pw_error_oom();
	if (width <= indent)
		width = indent + 20;
	room = width - indent;
	pw_utf8_oneline(t);
	n = strlen(t);
	while (rc == 0 && i < n) {
		size_t start, len, cols;
		while (i < n && t[i] == ' ')
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && t[i] != ' ')
			i++;
		len = i - start;
		cols = columns(t + start, len);
		/* the word on this line, or the next, or cut over several */
		if (open && used + 1 + cols <= room) {
			rc = pw_buf_putc(out, ' ');
			if (rc == 0)
				rc = pw_buf_put(out, t + start, len);
			used += 1 + cols;
			continue;
		}
		if (open && (rc = pw_buf_putc(out, '\n')) < 0)
			break;
		while (rc == 0 && cols > room) {
			size_t b = bytes_of(t + start, len, room);
			rc = indent_line(out, indent);
			if (rc == 0)
				rc = pw_buf_put(out, t + start, b);
			if (rc == 0)
				rc = pw_buf_putc(out, '\n');
			start += b;
			len -= b;
			cols -= room;
		}
		if (rc == 0 && len) {
			rc = indent_line(out, indent);
			if (rc == 0)
				rc = pw_buf_put(out, t + start, len);
			used = cols;
			open = 1;
		} else
			open = 0;
	}
	if (rc == 0 && open)
		rc = pw_buf_putc(out, '\n');
	free(t);
	return rc < 0 ? pw_error_oom() : 0;
}
