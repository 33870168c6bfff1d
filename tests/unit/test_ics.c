/* iCalendar content lines from untrusted text: invalid UTF-8 (an upstream
 * commit subject is whatever bytes its author wrote) must neither stall the
 * folding nor reach the file, which RFC 5545 requires to be UTF-8. */
#include "testutil.h"

#include "tsp/ics.h"

#include <stdlib.h>
#include <string.h>

/* 1 when every physical line ends in CRLF, has at most 75 octets and `s` is
 * valid UTF-8 without overlong forms or surrogates. */
static int well_formed(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *line = s, *e;
	while (*line) {
		if (!(e = strstr(line, "\r\n")) || e - line > 75)
			return 0;
		line = e + 2;
	}
	while (*p) {
		size_t n, i;
		unsigned long cp;
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xC2 && *p <= 0xDF)
			n = 1, cp = *p & 0x1F;
		else if (*p >= 0xE0 && *p <= 0xEF)
			n = 2, cp = *p & 0x0F;
		else if (*p >= 0xF0 && *p <= 0xF4)
			n = 3, cp = *p & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		p += n + 1;
	}
	return 1;
}

static void test_continuation_bytes_only(void **state)
{
	pw_buf b = PW_BUF_INIT;
	char v[301];
	(void)state;
	/* 300 stray continuation bytes: no character boundary to fold at */
	memset(v, 0x80, 300);
	v[300] = '\0';
	assert_int_equal(pw_ics_line(&b, "SUMMARY", v, 1), 0);
	assert_true(well_formed(b.ptr));
	assert_non_null(strstr(b.ptr, "SUMMARY:"));
	pw_buf_clear(&b);
}

static void test_invalid_sequences_replaced(void **state)
{
	pw_buf b = PW_BUF_INIT;
	(void)state;
	/* truncated, overlong, surrogate, beyond U+10FFFF, lone 0xFF; then valid é and 😀 */
	assert_int_equal(pw_ics_line(&b, "DESCRIPTION",
	                             "a\xC3"
	                             "b\xC0\xAF"
	                             "c\xED\xA0\x80"
	                             "d\xF4\x90\x80\x80"
	                             "e\xFF"
	                             "f\xC3\xA9\xF0\x9F\x98\x80",
	                             1),
	                 0);
	assert_true(well_formed(b.ptr));
	assert_non_null(strstr(b.ptr, "f\xC3\xA9\xF0\x9F\x98\x80\r\n"));
	assert_non_null(strstr(b.ptr, "DESCRIPTION:a\xEF\xBF\xBD"
	                              "b"));
	pw_buf_clear(&b);
}

/* A long valid value folds at character boundaries and unfolds to itself. */
static void test_long_utf8_kept(void **state)
{
	pw_buf b = PW_BUF_INIT, u = PW_BUF_INIT;
	const char *p;
	int i;
	(void)state;
	for (i = 0; i < 100; i++)
		assert_int_equal(pw_buf_puts(&u, "\xE2\x82\xAC"), 0);
	assert_int_equal(pw_ics_line(&b, "SUMMARY", u.ptr, 1), 0);
	assert_true(well_formed(b.ptr));
	pw_buf_reset(&u);
	for (p = b.ptr; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		if (p[0] == '\r' && p[1] == '\n')
			break;
		assert_int_equal(pw_buf_putc(&u, *p), 0);
	}
	assert_int_equal(u.len, strlen("SUMMARY:") + 300);
	pw_buf_clear(&b);
	pw_buf_clear(&u);
}

/* One effective date of a change signed off as applicable, for one TSP. */
typedef struct {
	const char *id, *source, *date, *subject, *ballot; /* the change */
	const char *time;                                  /* of the sign-off (NULL: none) */
	const pw_effective_date *first;                    /* the change's statement of the date */
	const char *due;                                   /* the date */
	const char *tsp;
} calendar_event;

/* The value of property `name` in the calendar of the one event e. */
static char *calendar_of(const calendar_event *e, const char *name)
{
	const char *tsps[] = {e->tsp};
	pw_changeset_item item;
	pw_ledger_entry entry;
	pw_deadline d;
	pw_deadlines l = {&d, 1, NULL, 0};
	pw_buf b = PW_BUF_INIT;
	char needle[32], *p, *end, *out;
	memset(&item, 0, sizeof(item));
	memset(&entry, 0, sizeof(entry));
	memset(&d, 0, sizeof(d));
	item.change.id = (char *)e->id;
	item.change.source = (char *)e->source;
	memcpy(item.change.date, e->date, 11);
	item.change.subject = (char *)e->subject;
	item.change.cls.ballot = (char *)e->ballot;
	entry.change = item.change.id;
	entry.decision = "applicable";
	entry.time = (char *)e->time;
	memcpy(d.date, e->due, 11);
	d.item = &item;
	d.entry = &entry;
	d.first = e->first;
	d.tsps = tsps;
	d.ntsps = 1;
	snprintf(needle, sizeof(needle), "\r\n%s:", name);
	assert_int_equal(pw_ics_calendar(&b, &l, NULL, NULL, NULL), 0);
	assert_true(well_formed(b.ptr));
	assert_non_null(p = strstr(b.ptr, needle));
	p += strlen(needle);
	assert_non_null(end = strstr(p, "\r\n"));
	out = strndup(p, (size_t)(end - p));
	pw_buf_clear(&b);
	return out;
}

/* The DTSTAMP of one effective-date event whose sign-off time is `time`. */
static char *stamp_of(const char *time)
{
	const pw_effective_date first = {.text = "SHALL"};
	const calendar_event e = {.id = "cabforum-smime@3340d6159641",
	                          .source = "cabforum-smime",
	                          .date = "2025-07-02",
	                          .subject = "Ballot SMC012",
	                          .time = time,
	                          .first = &first,
	                          .due = "2025-09-15",
	                          .tsp = "ministry-pki"};
	return calendar_of(&e, "DTSTAMP");
}

/* DTSTAMP is a UTC date-time (RFC 5545 3.8.7.2) from the ledger's sign-off
 * time, which is text in a file: when that is not a real time, the change's
 * date is used, not the characters that happen to be in the right places. */
static void test_dtstamp(void **state)
{
	static const char *bad[] = {"2025-XX-20T10:00:00Z",
	                            "2025-02-30T10:00:00Z",
	                            "2025-02-20T25:00:00Z",
	                            "2025-02-20T10:61:00Z",
	                            "2025-02-20T10:00:0aZ",
	                            "2025-02-20 10:00:00Z",
	                            ""};
	char *s;
	size_t i;
	(void)state;
	s = stamp_of("2025-02-20T10:00:59Z");
	assert_string_equal(s, "20250220T100059Z");
	free(s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = stamp_of(bad[i]);
		if (strcmp(s, "20250702T000000Z") != 0)
			fail_msg("'%s' gave DTSTAMP '%s'", bad[i], s);
		free(s);
	}
}

/* The title (SUMMARY) of an effective date: a stated one "takes effect"; a
 * derived deadline is worded by its rule's event, {change} being the ballot
 * (the change id without one), or is "<ballot>: <reason>" without an event. */
static char *summary_of(const char *ballot, int derived, const char *event)
{
	const pw_effective_date first = {.text = "Apple Root Program: within 14 calendar days",
	                                 .derived = derived,
	                                 .event = (char *)event};
	const calendar_event e = {.id = "mozilla-ccadb@824967699833",
	                          .source = "mozilla-ccadb",
	                          .date = "2024-10-29",
	                          .subject = "Merge pull request #179",
	                          .ballot = ballot,
	                          .first = &first,
	                          .due = "2024-11-12",
	                          .tsp = "northwind-trust"};
	return calendar_of(&e, "SUMMARY");
}

static void test_summary_of_derived(void **state)
{
	char *s;
	(void)state;
	s = summary_of("CCADB-1.3.1", 0, NULL);
	assert_string_equal(s, "CCADB-1.3.1 takes effect: Merge pull request #179");
	free(s);
	s = summary_of("CCADB-1.3.1", 1, "Apple: follow {change} ({change}, 14 days)");
	assert_string_equal(s, "Apple: follow CCADB-1.3.1 (CCADB-1.3.1\\, 14 days)");
	free(s);
	s = summary_of(NULL, 1, "{change}");
	assert_string_equal(s, "mozilla-ccadb@824967699833");
	free(s);
	s = summary_of("CCADB-1.3.1", 1, NULL);
	assert_string_equal(s, "CCADB-1.3.1: Apple Root Program: within 14 calendar days");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_continuation_bytes_only),
	    cmocka_unit_test(test_invalid_sequences_replaced),
	    cmocka_unit_test(test_long_utf8_kept),
	    cmocka_unit_test(test_dtstamp),
	    cmocka_unit_test(test_summary_of_derived),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
