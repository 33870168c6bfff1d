#include "classify/versions.h"

#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Lines of the header looked at for a version. */
#define HEADER_LINES 15 /* as VERSION_HEADER_LINES (classify_int.h) */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where the ASCII case-insensitive tag `w` (wl bytes, starting with '<',
 * lower case) first stands in s[0..n), else n. Tags start with '<', which
 * memchr finds fast: most lines hold none. */
static size_t find_ci(const char *s, size_t n, const char *w, size_t wl)
{
	const char *p = s, *end = s + n;
	while ((size_t)(end - p) >= wl && (p = memchr(p, '<', (size_t)(end - p) - wl + 1))) {
		if (strncasecmp(p, w, wl) == 0)
			return (size_t)(p - s);
		p++;
	}
	return n;
}

/* Digits and dots from s[i]: a version needs a dot or stands alone as a
 * number; returns the length (trailing dots dropped). */
static size_t number_at(const char *s, size_t n, size_t i)
{
	size_t e = i;
	if (i >= n || !is_digit(s[i]))
		return 0;
	while (e < n && (is_digit(s[e]) || (s[e] == '.' && e + 1 < n && is_digit(s[e + 1]))))
		e++;
	if (e < n && is_alnum(s[e]))
		return 0;
	return e - i;
}

size_t pw_versions_of(const char *s, size_t n, size_t *start)
{
	size_t i = 0;
	while (i < n && strchr(" \t*_[`", s[i]) && s[i])
		i++;
	if (i + 1 < n && (s[i] == 'v' || s[i] == 'V') && is_digit(s[i + 1]))
		i++;
	*start = i;
	return number_at(s, n, i);
}

int pw_versions_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a && eb == b)
			break;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (!*a != !*b)
			return *a ? 1 : -1;
	}
	return 0;
}

static int push(pw_strlist *l, const char *s, size_t n)
{
	char **p;
	if (!(p = realloc(l->items, (l->count + 1) * sizeof(*p))))
		return pw_error_oom();
	l->items = p;
	if (!(p[l->count] = strndup(s, n)))
		return pw_error_oom();
	l->count++;
	return 0;
}

/* Adds version s[0..n) with its date text (when dates are collected). */
static int add_version(pw_strlist *out, pw_strlist *dates, const char *s, size_t n,
                       const char *date, size_t dn)
{
	size_t i;
	int rc;
	for (i = 0; i < out->count; i++)
		if (strlen(out->items[i]) == n && memcmp(out->items[i], s, n) == 0) {
			if (dates && dn && !dates->items[i][0]) {
				char *d = strndup(date, dn);
				if (!d)
					return pw_error_oom();
				free(dates->items[i]);
				dates->items[i] = d;
			}
			return 0;
		}
	if ((rc = push(out, s, n)) < 0)
		return rc;
	return dates ? push(dates, date, dn) : 0;
}

static int add_unique(pw_strlist *out, pw_strlist *dates, const char *s, size_t n)
{
	return add_version(out, dates, s, n, "", 0);
}

/* "Version 1.8" or " v1.1" on a header line. */
static int header_version(pw_strlist *out, pw_strlist *dates, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i + 1 < n; i++) {
		size_t at, len;
		if (i + 8 <= n && strncasecmp(s + i, "version ", 8) == 0 &&
		    (i == 0 || !is_alnum(s[i - 1]))) {
			at = i + 8;
		} else if ((s[i] == 'v' || s[i] == 'V') && i > 0 && s[i - 1] == ' ' &&
		           (is_digit(s[i + 1]) ||
		            (s[i + 1] == ' ' && i + 2 < n && is_digit(s[i + 2])))) {
			at = s[i + 1] == ' ' ? i + 2 : i + 1;
		} else {
			continue;
		}
		len = number_at(s, n, at);
		if (len && memchr(s + at, '.', len))
			return add_unique(out, dates, s + at, len);
	}
	return 0;
}

/* The cells of a table line: cell k is s[from[k] .. to[k]). */
static size_t split_cells(const char *s, size_t n, size_t *from, size_t *to, size_t max)
{
	size_t i = 0, k = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '|')
		i++;
	while (i < n && k < max) {
		size_t a = i;
		while (i < n && s[i] != '|')
			i++;
		while (a < i && (s[a] == ' ' || s[a] == '\t'))
			a++;
		from[k] = a;
		to[k] = i;
		while (to[k] > a &&
		       (s[to[k] - 1] == ' ' || s[to[k] - 1] == '\t' || s[to[k] - 1] == '\r'))
			to[k]--;
		if (i == n && a == to[k])
			break; /* nothing after the last bar */
		k++;
		i++;
	}
	return k;
}

/* Whether header cell s[0..n) names a date column (effective date first). */
static int date_header(const char *s, size_t n, int *rank)
{
	size_t i;
	for (i = 0; i + 9 <= n; i++)
		if (strncasecmp(s + i, "effective", 9) == 0) {
			*rank = 2;
			return 1;
		}
	for (i = 0; i + 4 <= n; i++)
		if (strncasecmp(s + i, "date", 4) == 0) {
			*rank = 1;
			return 1;
		}
	return 0;
}

/* A table being read: its Version and date columns. */
typedef struct {
	int in;
	long vcol, dcol;
	int drank;
} table_state;

static void header_row(table_state *t, const char *const *cell, const size_t *clen, size_t nc)
{
	size_t k;
	t->vcol = t->dcol = -1;
	t->drank = 0;
	for (k = 0; k < nc; k++) {
		int rank = 0;
		if (t->vcol < 0 && clen[k] >= 7 && strncasecmp(cell[k], "version", 7) == 0)
			t->vcol = (long)k;
		else if (date_header(cell[k], clen[k], &rank) && rank > t->drank) {
			t->dcol = (long)k;
			t->drank = rank;
		}
	}
}

static int body_row(table_state *t, pw_strlist *out, pw_strlist *dates, const char *const *cell,
                    const size_t *clen, size_t nc)
{
	size_t st, vl;
	if (t->vcol < 0 || (size_t)t->vcol >= nc)
		return 0;
	vl = pw_versions_of(cell[t->vcol], clen[t->vcol], &st);
	if (!vl)
		return 0;
	if (t->dcol >= 0 && (size_t)t->dcol < nc)
		return add_version(out, dates, cell[t->vcol] + st, vl, cell[t->dcol],
		                   clen[t->dcol]);
	return add_unique(out, dates, cell[t->vcol] + st, vl);
}

/* The text of an HTML table (from "<table" to "</table>"): its rows' cells,
 * without tags, read as a header row (th cells) or body rows. */
static int html_table(table_state *t, pw_strlist *out, pw_strlist *dates, const char *s, size_t n)
{
	size_t i = 0;
	int rc = 0;
	t->vcol = t->dcol = -1;
	while (i < n && rc == 0) {
		const char *cell[16];
		char *buf[16];
		size_t clen[16], nc = 0, k;
		int th = 0;
		const char *tr = NULL, *end;
		for (; i + 3 <= n; i++)
			if (strncasecmp(s + i, "<tr", 3) == 0) {
				tr = s + i;
				break;
			}
		if (!tr)
			break;
		i += 3;
		for (end = NULL, k = i; k + 4 <= n; k++)
			if (strncasecmp(s + k, "<tr", 3) == 0 ||
			    strncasecmp(s + k, "</tr", 4) == 0) {
				end = s + k;
				break;
			}
		if (!end)
			end = s + n;
		/* cells of this row */
		while (s + i < end && nc < 16) {
			size_t a, b, o = 0;
			while (s + i + 3 <= end && strncasecmp(s + i, "<td", 3) != 0 &&
			       strncasecmp(s + i, "<th", 3) != 0)
				i++;
			if (s + i + 3 > end)
				break;
			th |= strncasecmp(s + i, "<th", 3) == 0;
			while (s + i < end && s[i] != '>')
				i++;
			a = ++i;
			while (s + i + 4 <= end && strncasecmp(s + i, "</t", 3) != 0 &&
			       strncasecmp(s + i, "<td", 3) != 0 &&
			       strncasecmp(s + i, "<th", 3) != 0)
				i++;
			if (s + i + 4 > end)
				i = (size_t)(end - s);
			b = i;
			if (!(buf[nc] = malloc(b - a + 1))) {
				rc = pw_error_oom();
				break;
			}
			/* the cell's text without tags, spaces collapsed */
			for (k = a; k < b; k++) {
				if (s[k] == '<') {
					while (k < b && s[k] != '>')
						k++;
					continue;
				}
				if ((s[k] == ' ' || s[k] == '\n' || s[k] == '\t' || s[k] == '\r') &&
				    (!o || buf[nc][o - 1] == ' '))
					continue;
				buf[nc][o++] =
				    s[k] == '\n' || s[k] == '\t' || s[k] == '\r' ? ' ' : s[k];
			}
			while (o && buf[nc][o - 1] == ' ')
				o--;
			buf[nc][o] = '\0';
			cell[nc] = buf[nc];
			clen[nc] = o;
			nc++;
		}
		if (rc == 0) {
			if (th)
				header_row(t, cell, clen, nc);
			else
				rc = body_row(t, out, dates, cell, clen, nc);
		}
		for (k = 0; k < nc; k++)
			free(buf[k]);
		i = (size_t)(end - s);
	}
	return rc;
}

int pw_versions_scan(pw_strlist *out, pw_strlist *dates, const char *text, size_t len)
{
	size_t off = 0, line = 0;
	table_state t = {0, -1, -1, 0};
	int rc = 0;

	while (off < len && rc == 0) {
		const char *s = text + off, *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off, k = find_ci(s, n, "<table", 6);
		if (k < n) { /* an HTML table: read up to its end */
			const char *e = text + off + k;
			size_t j = find_ci(e, len - off - k, "</table>", 8);
			e = j < len - off - k ? e + j : text + len;
			rc = html_table(&t, out, dates, s + k, (size_t)(e - (s + k)));
			for (; s < e; s++)
				if (*s == '\n')
					line++;
			off = (size_t)(e - text);
			nl = memchr(text + off, '\n', len - off);
			off = nl ? (size_t)(nl - text) + 1 : len;
			line++;
			t.in = 0;
			continue;
		}
		off += n + 1;
		line++;
		if (line <= HEADER_LINES && !memchr(s, '|', n)) {
			rc = header_version(out, dates, s, n);
			continue;
		}
		if (!memchr(s, '|', n)) {
			t.in = 0;
			continue;
		}
		{
			size_t from[16], to[16], nc = split_cells(s, n, from, to, 16);
			const char *cell[16];
			size_t clen[16];
			for (k = 0; k < nc; k++) {
				cell[k] = s + from[k];
				clen[k] = to[k] - from[k];
			}
			if (!t.in) {
				t.in = 1;
				header_row(&t, cell, clen, nc);
				continue;
			}
			rc = body_row(&t, out, dates, cell, clen, nc);
		}
	}
	return rc;
}

/* Whether the cells of a line are a delimiter row ("|-|:--:|"). */
static int delimiter_row(const char *s, const size_t *from, const size_t *to, size_t nc)
{
	size_t k, i;
	for (k = 0; k < nc; k++) {
		int dash = 0;
		for (i = from[k]; i < to[k]; i++) {
			if (s[i] == '-')
				dash = 1;
			else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
				return 0;
		}
		if (!dash)
			return 0;
	}
	return nc > 0;
}

void pw_versions_table_fault(const char *text, size_t len, int *first, int *last, int *line,
                             const char **why)
{
	size_t off = 0, header_cells = 0;
	int lineno = 0, in = 0, row = 0, versions = 0;
	*first = *last = *line = 0;
	*why = NULL;
	while (off < len) {
		const char *s = text + off, *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off, from[16], to[16], nc, k;
		off += n + 1;
		lineno++;
		if (!memchr(s, '|', n)) {
			if (in && versions && *line)
				return; /* the faulty block ends */
			in = 0;
			continue;
		}
		nc = split_cells(s, n, from, to, 16);
		if (!in) { /* a block's first row: is it a change history's header? */
			in = 1;
			row = 0;
			versions = 0;
			header_cells = nc;
			for (k = 0; k < nc; k++)
				versions |= to[k] - from[k] >= 7 &&
				            strncasecmp(s + from[k], "version", 7) == 0;
			if (versions)
				*first = *last = lineno;
			continue;
		}
		if (!versions)
			continue;
		*last = lineno;
		if (*line)
			continue;
		row++;
		if (row == 1 && !delimiter_row(s, from, to, nc)) {
			*line = lineno;
			*why = "no delimiter row after the header";
		} else if (row == 1 && nc != header_cells) {
			*line = lineno;
			*why = "the delimiter row and the header differ in width";
		} else if (row > 1 && nc < header_cells) {
			*line = lineno;
			*why = "a row has fewer cells than the header";
		}
	}
	if (!*line)
		*first = *last = 0;
}

int pw_versions_draft(char **out, const char *text, size_t len)
{
	size_t off = 0, line = 0, k;
	int rc = 0;
	*out = NULL;
	while (off < len && line < HEADER_LINES && rc == 0 && !*out) {
		const char *s = text + off, *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off;
		pw_strlist v = PW_STRLIST_INIT;
		off += n + 1;
		line++;
		if (memchr(s, '|', n))
			continue;
		for (k = 0; k + 5 <= n; k++)
			if (strncasecmp(s + k, "draft", 5) == 0 && (k == 0 || !is_alnum(s[k - 1])))
				break;
		if (k + 5 > n)
			continue;
		if ((rc = header_version(&v, NULL, s, n)) == 0 && v.count &&
		    !(*out = strdup(v.items[0])))
			rc = pw_error_oom();
		pw_strlist_clear(&v);
	}
	return rc;
}
