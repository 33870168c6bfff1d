#include "classify/dates.h"

#include "util/day.h"
#include "util/ascii.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static const char *const months[12][3] = {
    {"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},   {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},    {"august", "aug", NULL},   {"september", "sept", "sep"},
    {"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL},
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether lower-case `f` starts a month name (no call per word, as memchr
 * would be). */
static int month_initial(char f)
{
	switch (f) {
	case 'j':
	case 'f':
	case 'm':
	case 'a':
	case 's':
	case 'o':
	case 'n':
	case 'd':
		return 1;
	default:
		return 0;
	}
}

/* Reads 1..max digits; returns the count (0 when none) and the value. */
static size_t digits(const char *s, size_t len, size_t max, int *val)
{
	size_t i = 0;
	int v = 0;
	while (i < len && i < max && is_digit(s[i])) {
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i < len && is_digit(s[i]))
		return 0; /* more digits than allowed */
	*val = v;
	return i;
}

/* A separator inside a numeric date: '-', '/' or a Unicode hyphen or dash
 * (U+2010..U+2013, which upstream tables use). Returns its byte length. */
static size_t separator(const char *s, size_t len, char *kind)
{
	if (len >= 1 && (s[0] == '-' || s[0] == '/')) {
		*kind = s[0];
		return 1;
	}
	if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x93) {
		*kind = '-';
		return 3;
	}
	return 0;
}

/* A month name or abbreviation (optionally followed by '.') as a whole word. */
static size_t month_name(const char *s, size_t len, int *month)
{
	size_t w = 0, i, nl;
	int m, k;
	char f;
	if (!len)
		return 0;
	/* quick reject: every month starts with one of these letters */
	f = pw_ascii_lower(s[0]);
	if (!month_initial(f))
		return 0;
	while (w < len && w < 10 && is_alpha(s[w]))
		w++;
	if (w < 3 || w > 9)
		return 0;
	for (m = 0; m < 12; m++) {
		if (months[m][0][0] != f)
			continue;
		for (k = 0; k < 3 && months[m][k]; k++) {
			const char *name = months[m][k];
			for (nl = 0; name[nl] && nl <= w; nl++)
				;
			if (nl != w)
				continue;
			for (i = 1; i < w && pw_ascii_lower(s[i]) == name[i]; i++)
				;
			if (i == w) {
				*month = m + 1;
				if (w < len && s[w] == '.' && k > 0)
					w++;
				return w;
			}
		}
	}
	return 0;
}

static size_t spaces(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* a non-breaking space (U+00A0) */
	while (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
		i += 2;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	return i;
}

/* "st", "nd", "rd", "th" after a day number. */
static size_t ordinal(const char *s, size_t len)
{
	if (len >= 2 && is_alpha(s[0]) && is_alpha(s[1]) && (len == 2 || !is_alpha(s[2]))) {
		char a = pw_ascii_lower(s[0]), b = pw_ascii_lower(s[1]);
		if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
		    (a == 't' && b == 'h'))
			return 2;
	}
	return 0;
}

/* A calendar date in the years upstream documents speak of. */
static int valid(int y, int m, int d)
{
	return y >= 1990 && y <= 2099 && pw_day_ymd_valid(y, m, d);
}

/* The end of a date must not run into a word or number. */
static int boundary(const char *s, size_t len, size_t at)
{
	return at >= len || !(is_digit(s[at]) || is_alpha(s[at]));
}

static size_t finish(const char *s, size_t len, size_t at, int y, int m, int d, pw_date *out)
{
	if (!valid(y, m, d) || !boundary(s, len, at))
		return 0;
	out->year = y;
	out->month = m;
	out->day = d;
	out->month_only = 0;
	out->start = 0;
	out->end = at;
	return at;
}

/* Month D, YYYY / Month D YYYY / Month Dth, YYYY */
static size_t parse_month_first(const char *s, size_t len, pw_date *out)
{
	int m, d, y;
	size_t i = month_name(s, len, &m), n;
	if (!i)
		return 0;
	n = spaces(s + i, len - i);
	if (!n)
		return 0;
	i += n;
	n = digits(s + i, len - i, 4, &y);
	if (n == 4) { /* a month: "Beginning August 2024" is its first day */
		n = finish(s, len, i + n, y, m, 1, out);
		out->month_only = n != 0;
		return n;
	}
	n = digits(s + i, len - i, 2, &d);
	if (!n)
		return 0;
	i += n;
	i += ordinal(s + i, len - i);
	if (i < len && s[i] == ',')
		i++;
	n = spaces(s + i, len - i);
	if (!n && !(i > 0 && s[i - 1] == ','))
		return 0;
	i += n;
	n = digits(s + i, len - i, 4, &y);
	if (n != 4)
		return 0;
	return finish(s, len, i + n, y, m, d, out);
}

/* Starting with digits: YYYY-MM-DD, D Month YYYY, D-Mon-YYYY, D-Mon-YY,
 * M-D-YYYY, M/D/YYYY. */
static size_t parse_numeric(const char *s, size_t len, pw_date *out)
{
	int a, b, c, m;
	char k1 = 0, k2 = 0;
	size_t i, n, sl;

	n = digits(s, len, 4, &a);
	if (!n)
		return 0;
	i = n;
	if (n == 4) { /* YYYY-MM-DD or YYYY/MM/DD */
		sl = separator(s + i, len - i, &k1);
		if (!sl)
			return 0;
		i += sl;
		n = digits(s + i, len - i, 2, &b);
		if (!n)
			return 0;
		i += n;
		sl = separator(s + i, len - i, &k2);
		if (!sl || k1 != k2)
			return 0;
		i += sl;
		n = digits(s + i, len - i, 2, &c);
		if (!n)
			return 0;
		return finish(s, len, i + n, a, b, c, out);
	}
	if (n > 2)
		return 0;
	sl = separator(s + i, len - i, &k1);
	if (sl) {
		i += sl;
		n = month_name(s + i, len - i, &m);
		if (n) { /* D-Mon-YYYY or D-Mon-YY */
			i += n;
			sl = separator(s + i, len - i, &k2);
			if (!sl)
				return 0;
			i += sl;
			n = digits(s + i, len - i, 4, &c);
			if (n == 2)
				c += 2000;
			else if (n != 4)
				return 0;
			return finish(s, len, i + n, c, m, a, out);
		}
		n = digits(s + i, len - i, 2, &b);
		if (!n)
			return 0;
		i += n;
		sl = separator(s + i, len - i, &k2);
		if (!sl || k1 != k2)
			return 0;
		i += sl;
		n = digits(s + i, len - i, 4, &c);
		if (n != 4)
			return 0;
		return finish(s, len, i + n, c, a, b, out); /* US order: month first */
	}
	/* D Month YYYY, D Month, YYYY, Dth Month YYYY */
	i += ordinal(s + i, len - i);
	n = spaces(s + i, len - i);
	if (!n)
		return 0;
	i += n;
	n = month_name(s + i, len - i, &m);
	if (!n)
		return 0;
	i += n;
	if (i < len && s[i] == ',')
		i++;
	n = spaces(s + i, len - i);
	if (!n)
		return 0;
	i += n;
	n = digits(s + i, len - i, 4, &c);
	if (n != 4)
		return 0;
	return finish(s, len, i + n, c, m, a, out);
}

size_t pw_dates_parse(const char *s, size_t len, pw_date *out)
{
	pw_date tmp;
	size_t n;
	if (!s || !len)
		return 0;
	if (!out)
		out = &tmp;
	if (is_digit(s[0]))
		n = parse_numeric(s, len, out);
	else if (is_alpha(s[0]))
		n = parse_month_first(s, len, out);
	else
		n = 0;
	return n;
}

int pw_dates_find(pw_date **out, size_t *n, const char *s, size_t len)
{
	pw_date *arr = NULL, d;
	size_t cnt = 0, cap = 0, i = 0, used;

	*out = NULL;
	*n = 0;
	/* every date holds the last two digits of its year side by side (YYYY,
	 * or the YY of D-Mon-YY): most lines hold no two digits in a row */
	while (i + 1 < len && !(is_digit(s[i]) && is_digit(s[i + 1])))
		i++;
	if (i + 1 >= len)
		return 0;
	i = 0;
	while (i < len) {
		char c = s[i];
		if ((is_digit(c) || is_alpha(c)) &&
		    (i == 0 || !(is_digit(s[i - 1]) || is_alpha(s[i - 1])))) {
			/* a word that starts no month name starts no date */
			char f = pw_ascii_lower(c);
			used = is_digit(c) || month_initial(f) ? pw_dates_parse(s + i, len - i, &d)
			                                       : 0;
			if (used) {
				if (cnt == cap) {
					size_t ncap = cap ? cap * 2 : 4;
					pw_date *p = realloc(arr, ncap * sizeof(*p));
					if (!p) {
						free(arr);
						return pw_error_oom();
					}
					arr = p;
					cap = ncap;
				}
				d.start = i;
				d.end = i + used;
				arr[cnt++] = d;
				i += used;
				continue;
			}
			/* skip the rest of this word or number */
			while (i < len && (is_digit(s[i]) || is_alpha(s[i])))
				i++;
			continue;
		}
		i++;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

void pw_dates_format(char out[11], const pw_date *d)
{
	unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u,
	         dd = (unsigned)d->day % 100u;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + dd / 10);
	out[9] = (char)('0' + dd % 10);
	out[10] = '\0';
}

long pw_dates_key(const pw_date *d)
{
	return (long)d->year * 10000 + d->month * 100 + d->day;
}

long pw_dates_key_iso(const char *s)
{
	pw_date d;
	size_t len = s ? strlen(s) : 0;
	if (len != 10 || pw_dates_parse(s, len, &d) != 10 || s[4] != '-')
		return -1;
	return pw_dates_key(&d);
}
