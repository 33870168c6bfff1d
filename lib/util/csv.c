/* CSV writing and reading (csv.h). */
#include "util/csv.h"

#include "util/error.h"

#include <string.h>

static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int pw_csv_put_field(pw_buf *b, const char *s)
{
	int quote =
	    strpbrk(s, ",\"\r\n") != NULL || (s[0] == ' ') || (s[0] && s[strlen(s) - 1] == ' ');
	int rc = 0;
	if (quote)
		rc = pw_buf_putc(b, '"');
	if (!rc && formula_start(s[0]))
		rc = pw_buf_putc(b, '\'');
	for (; !rc && *s; s++)
		rc = *s == '"' && quote ? pw_buf_puts(b, "\"\"") : pw_buf_putc(b, *s);
	if (!rc && quote)
		rc = pw_buf_putc(b, '"');
	return rc;
}

int pw_csv_put_row(pw_buf *b, const char *const *fields, size_t n)
{
	size_t i;
	int rc = 0;
	for (i = 0; !rc && i < n; i++) {
		if (i)
			rc = pw_buf_putc(b, ',');
		if (!rc)
			rc = pw_csv_put_field(b, fields[i] ? fields[i] : "");
	}
	return rc ? rc : pw_buf_puts(b, "\r\n");
}

static int end_field(pw_grid *g, const char *what, pw_buf *f, size_t row, size_t col,
                     size_t max_field)
{
	const char *s = f->ptr ? f->ptr : "";
	size_t len = f->len;
	char name[32];
	if (len > max_field)
		return pw_error_set(PW_EINPUT, "%s: cell %s: longer than %zu bytes", what,
		                    pw_grid_cell_name(row, col, name, sizeof(name)), max_field);
	if (len >= 2 && s[0] == '\'' && formula_start(s[1])) {
		s++;
		len--;
	}
	f->len = 0;
	return len ? pw_grid_set(g, row, col, s, len, 0) : 0;
}

int pw_csv_parse(pw_grid *out, const char *what, const char *text, size_t len, size_t max_field)
{
	pw_buf f = PW_BUF_INIT;
	size_t i = 0, row = 0, col = 0;
	int rc = 0, quoted = 0, after_quote = 0, any = 0;

	pw_grid_clear(out);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < len && !rc; i++) {
		char c = text[i];
		if (c == '\0') {
			rc = pw_error_set(PW_EINPUT, "%s: row %zu: NUL byte", what, row + 1);
			break;
		}
		if (quoted) {
			if (c != '"')
				rc = pw_buf_putc(&f, c);
			else if (i + 1 < len && text[i + 1] == '"')
				rc = pw_buf_putc(&f, text[i++]);
			else {
				quoted = 0;
				after_quote = 1;
			}
			if (!rc && f.len > max_field)
				rc = end_field(out, what, &f, row, col, max_field);
			continue;
		}
		if (c == ',') {
			rc = end_field(out, what, &f, row, col++, max_field);
			after_quote = 0;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			rc = end_field(out, what, &f, row, col, max_field);
			row++;
			col = 0;
			after_quote = 0;
			any = 0;
			continue;
		} else if (after_quote) {
			char name[32];
			rc = pw_error_set(PW_EINPUT, "%s: cell %s: text after a closing quote",
			                  what, pw_grid_cell_name(row, col, name, sizeof(name)));
		} else if (c == '"' && f.len == 0) {
			quoted = 1;
		} else {
			rc = pw_buf_putc(&f, c);
			if (!rc && f.len > max_field)
				rc = end_field(out, what, &f, row, col, max_field);
		}
		any = 1;
	}
	if (!rc && quoted)
		rc = pw_error_set(PW_EINPUT, "%s: row %zu: quoted field not closed", what, row + 1);
	if (!rc && any)
		rc = end_field(out, what, &f, row, col, max_field);
	pw_buf_clear(&f);
	if (rc)
		pw_grid_clear(out);
	return rc;
}
