#include "tsp/ics.h"

#include "util/day.h"
#include "util/error.h"
#include "util/utf8.h"

#include <string.h>

/* Folds `line` (without CRLF) into `out`: at most 75 octets per physical line,
 * continuation lines start with a space, never inside a UTF-8 sequence. */
static int fold(pw_buf *out, const char *line, size_t len)
{
	size_t pos = 0, limit = 75;
	int rc = 0;
	while (rc == 0 && len - pos > limit) {
		size_t cut = pos + limit;
		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos) /* no character boundary (not UTF-8): cut anyway */
			cut = pos + limit;
		rc = pw_buf_put(out, line + pos, cut - pos);
		if (rc == 0)
			rc = pw_buf_puts(out, "\r\n ");
		pos = cut;
		limit = 74; /* the leading space counts */
	}
	if (rc == 0)
		rc = pw_buf_put(out, line + pos, len - pos);
	return rc ? rc : pw_buf_puts(out, "\r\n");
}

int pw_ics_line(pw_buf *out, const char *name, const char *value, int escape)
{
	pw_buf l = PW_BUF_INIT;
	const char *p;
	int rc = pw_buf_printf(&l, "%s:", name);
	for (p = value; rc == 0 && *p; p++) {
		unsigned char c = (unsigned char)*p;
		size_t n;
		if (c >= 0x80) {
			/* upstream text is any bytes; the file must be UTF-8 (RFC 5545 3.1.4) */
			if ((n = pw_utf8_len(p, PW_UTF8_TO_NUL)) == 0) {
				rc = pw_buf_puts(&l, "\xEF\xBF\xBD"); /* U+FFFD */
			} else {
				rc = pw_buf_put(&l, p, n);
				p += n - 1;
			}
		} else if (c == '\n')
			rc = pw_buf_puts(&l, escape ? "\\n" : " ");
		else if (c < 0x20 || c == 0x7f)
			rc = pw_buf_putc(&l, ' ');
		else if (escape && (c == '\\' || c == ';' || c == ','))
			rc = pw_buf_printf(&l, "\\%c", c);
		else
			rc = pw_buf_putc(&l, (char)c);
	}
	if (rc == 0)
		rc = fold(out, l.ptr, l.len);
	pw_buf_clear(&l);
	return rc;
}

/* YYYYMMDD of a YYYY-MM-DD date. */
static void basic_date(char out[9], const char *date)
{
	memcpy(out, date, 4);
	memcpy(out + 4, date + 5, 2);
	memcpy(out + 6, date + 8, 2);
	out[8] = '\0';
}

/* 1 when t[0..1] is a two-digit number up to max. */
static int two_digits(const char *t, int max)
{
	return t[0] >= '0' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9' &&
	       (t[0] - '0') * 10 + (t[1] - '0') <= max;
}

/* 1 when `t` is a real UTC time "YYYY-MM-DDTHH:MM:SSZ" (the ledger's sign-off
 * time is text in a file). */
static int utc_time(const char *t)
{
	char date[11];
	if (!t || strlen(t) != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
		return 0;
	memcpy(date, t, 10);
	date[10] = '\0';
	return pw_day_valid(date) && two_digits(t + 11, 23) && two_digits(t + 14, 59) &&
	       two_digits(t + 17, 60);
}

/* DTSTAMP from the sign-off time "YYYY-MM-DDTHH:MM:SSZ", else the change's date. */
static void stamp(char out[17], const pw_deadline *d)
{
	const char *t = d->entry->time;
	char day[9];
	if (utc_time(t)) {
		basic_date(day, t);
		memcpy(out, day, 8);
		out[8] = 'T';
		memcpy(out + 9, t + 11, 2);
		memcpy(out + 11, t + 14, 2);
		memcpy(out + 13, t + 17, 2);
		out[15] = 'Z';
		out[16] = '\0';
		return;
	}
	basic_date(day, d->item->change.date);
	memcpy(out, day, 8);
	memcpy(out + 8, "T000000Z", 9);
}

static int plain(const char *u)
{
	const char *p;
	for (p = u; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"')
			return 0;
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/* One all-day event (TRANSP:TRANSPARENT) on `date` (YYYY-MM-DD): DTEND is the
 * next day; `stamp` is DTSTAMP (basic UTC time); `url` may be NULL. The
 * texts are built by the caller (zeroed: empty) and freed by put_event. */
typedef struct {
	pw_buf uid, summary, description;
	const char *stamp, *date, *url, *categories;
} all_day;

/* Puts event `e` when `rc`, how building its texts went, is 0; frees the
 * texts either way. */
static int put_event(pw_buf *out, all_day *e, int rc)
{
	char day[9], next[11], nday[9];

	basic_date(day, e->date);
	if (rc == 0)
		rc = pw_day_add(next, e->date, 1);
	if (rc == 0)
		basic_date(nday, next);
	if (rc == 0)
		rc = pw_buf_puts(out, "BEGIN:VEVENT\r\n");
	if (rc == 0)
		rc = pw_ics_line(out, "UID", e->uid.ptr, 0);
	if (rc == 0)
		rc = pw_ics_line(out, "DTSTAMP", e->stamp, 0);
	if (rc == 0)
		rc = pw_ics_line(out, "DTSTART;VALUE=DATE", day, 0);
	if (rc == 0)
		rc = pw_ics_line(out, "DTEND;VALUE=DATE", nday, 0);
	if (rc == 0)
		rc = pw_ics_line(out, "SUMMARY", e->summary.ptr, 1);
	if (rc == 0)
		rc = pw_ics_line(out, "DESCRIPTION", e->description.ptr, 1);
	if (rc == 0 && e->url)
		rc = pw_ics_line(out, "URL", e->url, 0);
	if (rc == 0)
		rc = pw_ics_line(out, "CATEGORIES", e->categories, 0);
	if (rc == 0)
		rc = pw_buf_puts(out, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
	pw_buf_clear(&e->uid);
	pw_buf_clear(&e->summary);
	pw_buf_clear(&e->description);
	return rc;
}

/* The title of an effective date: "SC-81 takes effect: <subject>"; of a
 * derived deadline, its rule's event ("Apple: follow CCADB-1.3.1 (within 14
 * days of publication)", {change} standing for the ballot or change id), or
 * "<ballot>: <the rule's reason>" when the rule has none. */
static int summary(pw_buf *b, const pw_deadline *d)
{
	const pw_change *c = &d->item->change;
	const char *name = c->cls.ballot ? c->cls.ballot : c->id;
	if (!d->first->derived)
		return pw_buf_printf(b, "%s takes effect: %s", name, c->subject ? c->subject : "");
	if (!d->first->event)
		return pw_buf_printf(b, "%s: %s", name, d->first->text ? d->first->text : "");
	return pw_classify_date_what(b, d->first, name);
}

/* The event of an effective date. */
static int event(pw_buf *out, const pw_deadline *d, const char *tsp)
{
	const pw_change *c = &d->item->change;
	char day[9], ts[17];
	all_day e = {.stamp = ts,
	             .date = d->date,
	             .url = c->url && plain(c->url) ? c->url : NULL,
	             .categories = "pkiwatch,effective date"};
	size_t i;
	int rc;

	basic_date(day, d->date);
	stamp(ts, d);
	rc = pw_buf_printf(&e.uid, "%.*s-%s-%s%s%s@pkiwatch", (int)strcspn(c->id, "@"), c->id,
	                   strchr(c->id, '@') ? strchr(c->id, '@') + 1 : "", day,
	                   tsp ? "-for-" : "", tsp ? tsp : "");
	if (rc == 0)
		rc = summary(&e.summary, d);
	if (rc == 0)
		rc = pw_buf_printf(&e.description, "Change %s (%s).\n", c->id, c->source);
	if (rc == 0 && d->first->text && *d->first->text)
		rc = pw_buf_printf(&e.description, "%s\n", d->first->text);
	if (rc == 0)
		rc = pw_buf_puts(&e.description, "Applies to:");
	for (i = 0; rc == 0 && i < d->ntsps; i++)
		rc = pw_buf_printf(&e.description, " %s", d->tsps[i]);
	return put_event(out, &e, rc);
}

/* One event for the form of r->items[*i] and its unanswered changes, which
 * follow it in the list; *i moves past them. */
static int reply_event(pw_buf *out, const pw_deadlines_replies *r, size_t *i)
{
	const pw_issued_form *f = r->items[*i].form;
	char ts[17];
	all_day e = {.stamp = ts, .date = f->reply_by, .categories = "pkiwatch,reply-by date"};
	size_t j;
	int rc;

	basic_date(ts, f->generated);
	memcpy(ts + 8, "T000000Z", 9);
	rc = pw_buf_printf(&e.uid, "reply-%s@pkiwatch", f->form);
	if (rc == 0)
		rc = pw_buf_printf(&e.summary, "Reply due from %s: form %s", f->tsp, f->form);
	if (rc == 0)
		rc = pw_buf_printf(&e.description,
		                   "TSP %s has not answered form %s (generated %s) about:", f->tsp,
		                   f->form, f->generated);
	for (j = *i; rc == 0 && j < r->count && r->items[j].form == f; j++) {
		const pw_change *c = &r->items[j].item->change;
		rc = pw_buf_printf(&e.description, "\n%s %s: %s",
		                   c->cls.ballot ? c->cls.ballot : "-", c->id,
		                   c->subject ? c->subject : "");
	}
	*i = j;
	return put_event(out, &e, rc);
}

/* DTSTAMP of an obligation's events: when it last changed, else its due day. */
static void oblig_stamp(char out[17], const pw_obligation *o)
{
	char day[9];
	if (utc_time(o->updated)) {
		basic_date(day, o->updated);
		memcpy(out, day, 8);
		out[8] = 'T';
		memcpy(out + 9, o->updated + 11, 2);
		memcpy(out + 11, o->updated + 14, 2);
		memcpy(out + 13, o->updated + 17, 2);
		out[15] = 'Z';
		out[16] = '\0';
		return;
	}
	basic_date(day, o->due);
	memcpy(out, day, 8);
	memcpy(out + 8, "T000000Z", 9);
}

/* One event for a milestone or the due date of an obligation. */
static int oblig_event(pw_buf *out, const pw_deadlines_oblig *x)
{
	const pw_obligation *o = x->ob;
	char ts[17];
	all_day e = {.stamp = ts, .date = x->date, .categories = "pkiwatch,obligation"};
	size_t i;
	int rc;

	oblig_stamp(ts, o);
	/* the same milestone keeps its UID when the officer moves its date */
	rc = x->milestone ? pw_buf_printf(&e.uid, "%s-m%zu@pkiwatch", o->id, x->milestone)
	                  : pw_buf_printf(&e.uid, "%s-due@pkiwatch", o->id);
	if (rc == 0)
		rc = x->milestone
		         ? pw_buf_printf(&e.summary, "Obligation of %s: %s", o->tsp, x->what)
		         : pw_buf_printf(&e.summary, "Obligation of %s due", o->tsp);
	if (rc == 0)
		rc = pw_buf_printf(&e.description, "%s\n", o->what);
	if (rc == 0 && x->milestone)
		rc = pw_buf_printf(&e.description,
		                   "Milestone %zu of %zu; the obligation is due %s.\n",
		                   x->milestone, o->nmilestones, o->due);
	if (rc == 0)
		rc = pw_buf_printf(&e.description, "Obligation %s (%s, rule %s)", o->id, o->kind,
		                   o->rule);
	for (i = 0; rc == 0 && o->changes[i]; i++)
		rc = pw_buf_printf(&e.description, "%s%s", i ? ", " : "; changes: ", o->changes[i]);
	return put_event(out, &e, rc);
}

int pw_ics_calendar(pw_buf *out, const pw_deadlines *d, const pw_deadlines_replies *r,
                    const pw_deadlines_obligs *od, const char *tsp)
{
	size_t i;
	int rc = pw_buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	                          "PRODID:-//pkiwatch//deadlines//EN\r\n"
	                          "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
	                          "X-WR-CALNAME:pkiwatch deadlines\r\n");
	for (i = 0; rc == 0 && i < d->count; i++)
		rc = event(out, &d->items[i], tsp);
	/* r is sorted by reply-by date and form: a form's changes are adjacent */
	for (i = 0; rc == 0 && r && i < r->count;)
		rc = reply_event(out, r, &i);
	for (i = 0; rc == 0 && od && i < od->count; i++)
		rc = oblig_event(out, &od->items[i]);
	if (rc == 0)
		rc = pw_buf_puts(out, "END:VCALENDAR\r\n");
	return rc < 0 ? rc : 0;
}

int pw_ics_deadlines(pw_buf *out, const pw_deadlines *d)
{
	return pw_ics_calendar(out, d, NULL, NULL, NULL);
}
