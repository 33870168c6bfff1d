/* Calendar arithmetic on ISO dates (YYYY-MM-DD, UTC, proleptic Gregorian):
 * one implementation for the dashboard, deadlines, forms, reminders and the
 * job summary. A date is also a day number: days since 1970-01-01. */
#ifndef PW_DAY_H
#define PW_DAY_H

/* `date` (exactly YYYY-MM-DD, a real calendar date: no 2025-02-30) as a day
 * number. PW_EINPUT with a message for anything else. */
int pw_day_parse(long *day, const char *date);

/* Whether `date` is what pw_day_parse accepts, recording no error: for a
 * check whose failure is no error (an API answer's date that is left out),
 * which must not overwrite the message of one that is. */
int pw_day_valid(const char *date);

/* Whether year `y` (1 or later), month `m`, day `d` is a calendar date (no
 * 2025-02-30). */
int pw_day_ymd_valid(long y, long m, long d);

/* Day number of year `y`, month `m` (1-12), day `d`, unchecked: for callers
 * that hold a date already validated in another form (the classifier's keys). */
long pw_day_from_ymd(long y, long m, long d);

/* Day number `day` as YYYY-MM-DD. */
void pw_day_format(char out[11], long day);

/* Days from `from` to `to` (both YYYY-MM-DD); PW_EINPUT for a bad date. */
int pw_day_diff(long *days, const char *from, const char *to);

/* YYYY-MM-DD `days` after `date` (before it when negative). */
int pw_day_add(char out[11], const char *date, long days);

/* Days from `from` to `to` where each starts with YYYY-MM-DD (a GitHub
 * timestamp "2025-03-01T08:00:00Z" does); negative when `to` is earlier, 0
 * when either is not such a date — text from outside (an API answer) must not
 * turn into a wait of 20,000 days. */
long pw_day_between(const char *from, const char *to);

/* The system clock's time now, in UTC, as YYYY-MM-DDTHH:MM:SSZ (20 characters
 * and the NUL): the time the ledger records for a sign-off, an answer or an
 * event. With `today` (a date, YYYY-MM-DD: the day a workspace runs on,
 * $PKIWATCH_TODAY in reproducible runs; pw_workspace_now) the date is that
 * day and the time of day the clock's; NULL or not a date: the clock's date.
 * A clock gmtime cannot convert (past the year 2^31) gives the epoch. */
void pw_day_now_iso(char out[21], const char *today);

#endif
