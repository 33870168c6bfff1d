/* iCalendar (RFC 5545) export of deadlines: one all-day VEVENT per effective
 * date of a change (and one per reply-by date of an issued form, and one per
 * open obligation's milestone or due date). UIDs are made of the change id
 * and the date, and DTSTAMP is the sign-off time, so the same deadlines give the same file and
 * calendar clients update events instead of duplicating them. Text values are escaped (backslash,
 * semicolon, comma, newline), lines end in CRLF and are folded at 75 octets without splitting a
 * UTF-8 character. */
#ifndef PW_ICS_H
#define PW_ICS_H

#include "util/buf.h"
#include "tsp/deadlines.h"

/* The calendar of the effective dates of `d` alone (appended to `out`). */
int pw_ics_deadlines(pw_buf *out, const pw_deadlines *d);

/* Appends to `out` the calendar of the effective dates of `d` and, for every issued form with a
 * change in `r` (pw_deadlines_collect_replies), one all-day event on its reply-by date: UID
 * "reply-<form id>@pkiwatch", DTSTAMP the day the form was generated, the
 * description listing the changes still unanswered. With `tsp` (an export
 * for one TSP), the effective-date UIDs name it: the same change's event in
 * two TSPs' calendars imported side by side (or next to the full one) are
 * different events, which differ in whom they apply to, and must not replace
 * each other.
 * With `od` (may be NULL), one all-day event per obligation date
 * (pw_deadlines_collect_obligations): UID "<obligation id>-m<N>@pkiwatch" for
 * milestone N, "<obligation id>-due@pkiwatch" for the due date (the same
 * when the officer moves the date: the client moves the event), DTSTAMP the
 * time the obligation last changed (pw_obligation.updated), SUMMARY
 * "Obligation of <tsp>: <milestone>", CATEGORIES pkiwatch,obligation. */
int pw_ics_calendar(pw_buf *out, const pw_deadlines *d, const pw_deadlines_replies *r,
                    const pw_deadlines_obligs *od, const char *tsp);

/* Appends one content line "<name>:<value>" folded and CRLF-terminated;
 * `escape` applies TEXT escaping to the value. */
int pw_ics_line(pw_buf *out, const char *name, const char *value, int escape);

#endif
