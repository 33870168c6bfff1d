#include "util/utf8.h"

#include <string.h>

size_t pw_utf8_len(const char *s, size_t avail)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t n, i;
	if (avail == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

int pw_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) { /* ASCII, most of any text: no call */
			i++;
			continue;
		}
		if ((k = pw_utf8_len(s + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

void pw_utf8_oneline(char *s)
{
	char *w = s;
	size_t n;

	while (*s) {
		unsigned char c = (unsigned char)*s;
		n = pw_utf8_len(s, PW_UTF8_TO_NUL);
		if (n == 0) {
			*w++ = '?';
			s++;
		} else if (n == 1) {
			*w++ = c < 0x20 || c == 0x7f ? ' ' : (char)c;
			s++;
		} else if (n == 2 && c == 0xc2 && (unsigned char)s[1] < 0xa0) {
			*w++ = ' ';
			s += 2;
		} else {
			memmove(w, s, n);
			w += n;
			s += n;
		}
	}
	*w = '\0';
}
