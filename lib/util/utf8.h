/* UTF-8 as RFC 3629 defines it: upstream documents, commit subjects, TSP
 * profiles and GitHub answers are any bytes, and what pkiwatch writes (issue
 * bodies, forms, calendars, excerpts) must be well-formed UTF-8. One decoder
 * for all of them, so they agree on what "valid" means. */
#ifndef PW_UTF8_H
#define PW_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the well-formed sequence at `s`, looking at no more
 * than `avail` bytes; 0 when there is none there (a stray continuation byte,
 * a truncated, overlong or surrogate sequence, above U+10FFFF). An ASCII byte,
 * NUL included, is a sequence of 1. In a NUL-terminated string `avail` may be
 * PW_UTF8_TO_NUL: a NUL is never a continuation byte, so nothing past it is
 * read. */
#define PW_UTF8_TO_NUL ((size_t)-1)
size_t pw_utf8_len(const char *s, size_t avail);

/* Whether s[0..n) is well-formed UTF-8. */
int pw_utf8_valid(const char *s, size_t n);

/* Makes `s` one line of text safe for a terminal or a log, in place: control
 * characters (C0 with line breaks, DEL, and C1 such as CSI) become spaces and
 * bytes that are not UTF-8 become '?'. Never makes `s` longer. Every error
 * message goes through it (util/error.c); so does untrusted text printed on
 * a terminal. */
void pw_utf8_oneline(char *s);

#endif
