/* A growable byte buffer, always NUL-terminated. */
#ifndef PW_BUF_H
#define PW_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
} pw_buf;

#define PW_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

int pw_buf_grow(pw_buf *b, size_t extra);
int pw_buf_put(pw_buf *b, const char *data, size_t len);
int pw_buf_puts(pw_buf *b, const char *s);
int pw_buf_putc(pw_buf *b, char c);
/* `text` with each control character (line breaks, ESC, DEL) as a space:
 * for untrusted text going into one-line messages, commit subjects and
 * lines for a terminal. NULL appends nothing. */
int pw_buf_put_oneline(pw_buf *b, const char *text);
int pw_buf_printf(pw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pw_buf_vprintf(pw_buf *b, const char *fmt, va_list ap);
/* Empties the buffer and keeps its storage, for the next text. */
void pw_buf_reset(pw_buf *b);
/* Hands the storage to the caller (never NULL on success: "" for empty). */
char *pw_buf_detach(pw_buf *b);
/* Frees the storage and leaves the buffer zeroed (PW_BUF_INIT). */
void pw_buf_clear(pw_buf *b);

#endif
