/* CSV (RFC 4180) for spreadsheets and tools: fields written quoted when they
 * need it, and text that a spreadsheet would run as a formula (a leading
 * '=', '+', '-', '@', tab or carriage return) written behind an apostrophe,
 * which a spreadsheet shows as text; reading takes that apostrophe off again. */
#ifndef PW_CSV_H
#define PW_CSV_H

#include <stddef.h>

#include "util/buf.h"
#include "util/grid.h"

/* Appends one field (no separator) to `b`. */
int pw_csv_put_field(pw_buf *b, const char *s);
/* Appends a row of `n` fields and CRLF. */
int pw_csv_put_row(pw_buf *b, const char *const *fields, size_t n);
/* Parses `text` into `out` (cleared first). An unterminated quoted field, a
 * character after a closing quote, a NUL byte or a field longer than
 * `max_field` bytes is PW_EINPUT naming `what` and the row or cell. A UTF-8
 * byte-order mark is skipped; the apostrophe pw_csv_put_field adds is taken off. */
int pw_csv_parse(pw_grid *out, const char *what, const char *text, size_t len, size_t max_field);

#endif
