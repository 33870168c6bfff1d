#include "util/buf.h"

#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_buf_grow(pw_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 - b->len - 1)
		return pw_error_oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return pw_error_oom();
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int pw_buf_put(pw_buf *b, const char *data, size_t len)
{
	if (pw_buf_grow(b, len) < 0)
		return PW_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int pw_buf_puts(pw_buf *b, const char *s)
{
	return pw_buf_put(b, s, strlen(s));
}

int pw_buf_putc(pw_buf *b, char c)
{
	return pw_buf_put(b, &c, 1);
}

int pw_buf_put_oneline(pw_buf *b, const char *text)
{
	const char *p;
	int rc = 0;
	for (p = text; rc == 0 && p && *p; p++)
		rc = pw_buf_putc(b, (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p);
	return rc;
}

int pw_buf_vprintf(pw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return pw_error_set(PW_ERROR, "formatting failed");
	if (pw_buf_grow(b, (size_t)n) < 0)
		return PW_ENOMEM;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int pw_buf_printf(pw_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pw_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void pw_buf_reset(pw_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *pw_buf_detach(pw_buf *b)
{
	char *p = b->ptr;

	if (!p) {
		p = malloc(1);
		if (!p)
			return NULL;
		p[0] = '\0';
	}
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void pw_buf_clear(pw_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}
