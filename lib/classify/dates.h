/* Calendar dates as upstream policy documents write them: 2026-03-15,
 * March 15, 2026, 15 March 2026, 13 Aug 2019, 2 Sept 2020, 09-Mar-2018,
 * 26-Sep-19, 7-1-2026 and 10/4/2023 (US order: month first); a month alone
 * ("August 2024") is its first day. */
#ifndef PW_DATES_H
#define PW_DATES_H

#include <stddef.h>

typedef struct {
	int year, month, day;
	size_t start, end; /* byte span of the date in the scanned text */
	int month_only;    /* written as a month ("August 2024"): day is 1 */
} pw_date;

/* Parses a date that begins exactly at s[0] (s holds len bytes, no NUL
 * needed). Returns the number of bytes consumed, 0 when no date starts there.
 * Only valid calendar days between 1990 and 2099 are accepted. */
size_t pw_dates_parse(const char *s, size_t len, pw_date *out);

/* Every date in s[0..len), in order, at word boundaries. *out is NULL when
 * none were found; caller frees. Returns 0 or PW_ENOMEM. */
int pw_dates_find(pw_date **out, size_t *n, const char *s, size_t len);

/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void pw_dates_format(char out[11], const pw_date *d);

/* Comparable number: year*10000 + month*100 + day. */
long pw_dates_key(const pw_date *d);

/* The date (YYYY-MM-DD) as a key, or -1 when `s` is not one. */
long pw_dates_key_iso(const char *s);

#endif
