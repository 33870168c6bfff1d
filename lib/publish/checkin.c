#include "publish/checkin.h"

#include "publish/remind.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/mdsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	pw_github *gh;
	const pw_checkin_opts *o;
	pw_checkin_stats *st;
} ck;

/* What the issue's comments say of earlier check-ins and escalations. */
typedef struct {
	char last[11];      /* the latest day of either ("" none) */
	char escalated[11]; /* the latest escalation of the milestone asked for ("" none) */
	int today;          /* one is dated today */
} history;

/* A marker "<!-- pkiwatch:<kind> <id> [<N> ]<day> -->" at `p`: its day into
 * `day` and its milestone into *n (-1 without one); 0 when it is not one. */
static int marker_of(const char *p, const char *kind, const char *id, long *n, char day[11])
{
	size_t kl = strlen(kind), il = strlen(id);
	char *end;
	*n = -1;
	if (strncmp(p, "<!-- pkiwatch:", 14) != 0 || strncmp(p + 14, kind, kl) != 0 ||
	    p[14 + kl] != ' ' || strncmp(p + 15 + kl, id, il) != 0 || p[15 + kl + il] != ' ')
		return 0;
	p += 16 + kl + il;
	if (strcmp(kind, "escalate") == 0) {
		*n = strtol(p, &end, 10);
		if (end == p || *end != ' ' || *n < 0)
			return 0;
		p = end + 1;
	}
	if (strlen(p) < 10)
		return 0;
	memcpy(day, p, 10);
	day[10] = '\0';
	return pw_day_valid(day) && strncmp(p + 10, " -->", 4) == 0;
}

static void later(char into[11], const char *day)
{
	if (strcmp(day, into) > 0)
		memcpy(into, day, 11);
}

static void scan(history *h, const cJSON *comments, const char *id, long milestone,
                 const char *today)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, comments)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "body"));
		const char *p;
		char day[11];
		long n;
		for (p = b; p && (p = strstr(p, "<!-- pkiwatch:")); p++) {
			int esc = marker_of(p, "escalate", id, &n, day);
			if (!esc && !marker_of(p, "checkin", id, &n, day))
				continue;
			later(h->last, day);
			h->today |= strcmp(day, today) == 0;
			if (esc && n == milestone)
				later(h->escalated, day);
		}
	}
}

static int record(ck *c, int kind, const pw_obligissue_result *x, long days, size_t milestone)
{
	pw_checkin *v = realloc(c->st->items, (c->st->count + 1) * sizeof(*v));
	if (!v)
		return pw_error_oom();
	c->st->items = v;
	v[c->st->count].kind = kind;
	v[c->st->count].issue = x;
	v[c->st->count].days = days;
	v[c->st->count].milestone = milestone;
	c->st->count++;
	if (kind == PW_CHECKIN_ESCALATION)
		c->st->escalations++;
	else
		c->st->checkins++;
	return 0;
}

static int post(ck *c, long number, const char *text)
{
	pw_buf path = PW_BUF_INIT;
	cJSON *req = cJSON_CreateObject(), *out = NULL;
	int rc = req && cJSON_AddStringToObject(req, "body", text) ? 0 : pw_error_oom();
	if (rc == 0)
		rc = pw_buf_printf(&path, "/issues/%ld/comments", number);
	if (rc == 0)
		rc = pw_github_request(&out, c->gh, "POST", path.ptr, req);
	cJSON_Delete(req);
	cJSON_Delete(out);
	pw_buf_clear(&path);
	return rc;
}

static int put_days(pw_buf *b, long days)
{
	if (days == 0)
		return pw_buf_puts(b, "today");
	return pw_buf_printf(b, "%s %ld day%s", days < 0 ? "overdue by" : "in",
	                     days < 0 ? -days : days, days == 1 || days == -1 ? "" : "s");
}

static int put_tsp(pw_buf *b, const ck *c, const pw_obligation *o)
{
	const pw_tsp *t = c->o->tsps ? pw_tsps_find(c->o->tsps, o->tsp) : NULL;
	int rc = pw_mdsafe_github_max(b, t && t->name ? t->name : o->tsp, 200);
	if (rc == 0)
		rc = pw_buf_puts(b, " (");
	if (rc == 0)
		rc = pw_mdsafe_code(b, o->tsp);
	return rc < 0 ? rc : pw_buf_putc(b, ')');
}

/* " The TSP's latest answer: ..." (its form or respond), when it has one. */
static int put_answer(pw_buf *b, const pw_obligation *o)
{
	char *line = NULL;
	int rc = pw_obligation_answer_describe(&line, o);
	if (rc == 0 && line) {
		rc = pw_buf_puts(b, " The TSP's latest answer: ");
		if (rc == 0)
			rc = pw_mdsafe_github_max(b, line, 2000);
		if (rc == 0)
			rc = pw_buf_putc(b, '.');
	}
	free(line);
	return rc;
}

static int checkin_text(pw_buf *b, const ck *c, const pw_obligation *o, long every)
{
	const pw_obligation_milestone *next = pw_obligation_next(o);
	const pw_obligrules *r = c->o->rules;
	const char *today = c->o->today;
	int rc = pw_buf_puts(b, "**Check-in** on this obligation of ");
	if (rc == 0)
		rc = put_tsp(b, c, o);
	if (rc == 0 && next) {
		rc =
		    pw_buf_printf(b, ": next milestone %zu **", (size_t)(next - o->milestones) + 1);
		if (rc == 0)
			rc = pw_mdsafe_github_max(b, next->what, 500);
		if (rc == 0)
			rc = pw_buf_printf(b, "** by **%s** (", next->due);
		if (rc == 0)
			rc = put_days(b, pw_day_between(today, next->due));
		if (rc == 0)
			rc = pw_buf_puts(b, ");");
	} else if (rc == 0) {
		rc = pw_buf_puts(b, ": every milestone is done; the evidence is next;");
	}
	if (rc == 0)
		rc = pw_buf_printf(b, " due **%s** (", o->due);
	if (rc == 0)
		rc = put_days(b, pw_day_between(today, o->due));
	if (rc == 0)
		rc = pw_buf_puts(b, ").");
	if (rc == 0)
		rc = put_answer(b, o);
	if (rc == 0)
		rc = pw_buf_printf(
		    b,
		    "\n\nWhere does it stand? Record progress with `pkiwatch "
		    "obligation done %s --milestone N`, the evidence with `pkiwatch "
		    "obligation evidence %s --file PATH`.\n\npkiwatch checks in every "
		    "%ld days (every %ld days while the due date is more than %ld "
		    "days away, every %ld days within).\n",
		    o->id, o->id, every, r->far_every, r->near_within, r->near_every);
	return rc;
}

static int escalation_text(pw_buf *b, const ck *c, const pw_obligation *o, size_t n,
                           const char *date)
{
	const pw_obligrules *r = c->o->rules;
	int rc;
	if (n) {
		rc = pw_buf_printf(b, "**Overdue:** milestone %zu **", n);
		if (rc == 0)
			rc = pw_mdsafe_github_max(b, o->milestones[n - 1].what, 500);
		if (rc == 0)
			rc = pw_buf_printf(b, "** was due **%s**: ", date);
	} else {
		rc = pw_buf_printf(b, "**Overdue:** the obligation was due **%s**: ", date);
	}
	if (rc == 0)
		rc = put_days(b, pw_day_between(c->o->today, date));
	if (rc == 0)
		rc = pw_buf_puts(b, ". TSP: ");
	if (rc == 0)
		rc = put_tsp(b, c, o);
	if (rc == 0)
		rc = pw_buf_puts(b, ".\n\nTo act: ");
	if (rc == 0)
		rc = pw_remind_officers(b, c->o->cfg);
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   ". Follow up with the TSP, then record what happened:\n\n```\n"
		                   "pkiwatch obligation done %s --milestone %zu\n"
		                   "pkiwatch obligation due %s --date YYYY-MM-DD --note TEXT\n"
		                   "pkiwatch obligation waive %s --note TEXT\n```\n\n"
		                   "pkiwatch escalates every %ld days while it stays overdue.\n",
		                   o->id,
		                   n                ? n
		                   : o->nmilestones ? o->nmilestones
		                                    : 1,
		                   o->id, o->id, r->escalate_every);
	return rc;
}

static int one(ck *c, const pw_obligissue_result *x)
{
	const pw_obligation *o = x->ob;
	const pw_obligation_milestone *next = pw_obligation_next(o);
	const char *today = c->o->today, *date;
	pw_buf path = PW_BUF_INIT, text = PW_BUF_INIT;
	cJSON *comments = NULL;
	history h;
	size_t n = 0;
	long every = 0;
	int rc, escalate = o->status == PW_OBLIGATION_OVERDUE, due = 0;

	if ((o->status != PW_OBLIGATION_OPEN && !escalate) || x->number <= 0 || !x->open)
		return 0;
	/* what is overdue: the next milestone when its day has passed, else the due date */
	if (next && pw_day_between(next->due, today) > 0)
		n = (size_t)(next - o->milestones) + 1;
	date = n ? next->due : o->due;
	rc = pw_buf_printf(&path, "/issues/%ld/comments", x->number);
	if (rc == 0)
		rc = pw_github_list(&comments, c->gh, path.ptr);
	if (rc < 0)
		goto out;
	memset(&h, 0, sizeof(h));
	snprintf(h.last, sizeof(h.last), "%s", x->opened);
	scan(&h, comments, o->id, (long)n, today);
	if (h.today)
		goto out; /* this run's day has its comment */
	if (escalate) {
		due = !h.escalated[0] ||
		      pw_day_between(h.escalated, today) >= c->o->rules->escalate_every;
	} else {
		every = pw_day_between(today, o->due) > c->o->rules->near_within
		            ? c->o->rules->far_every
		            : c->o->rules->near_every;
		due = h.last[0] && pw_day_between(h.last, today) >= every;
	}
	if (!due)
		goto out;
	rc = escalate
	         ? pw_buf_printf(&text, "<!-- pkiwatch:escalate %s %zu %s -->\n", o->id, n, today)
	         : pw_buf_printf(&text, "<!-- pkiwatch:checkin %s %s -->\n", o->id, today);
	if (rc == 0)
		rc = escalate ? escalation_text(&text, c, o, n, date)
		              : checkin_text(&text, c, o, every);
	if (rc == 0)
		rc = post(c, x->number, text.ptr);
	if (rc == 0)
		rc = record(c, escalate ? PW_CHECKIN_ESCALATION : PW_CHECKIN_CHECKIN, x,
		            pw_day_between(today, escalate ? date : pw_obligation_next_date(o)), n);
out:
	cJSON_Delete(comments);
	pw_buf_clear(&path);
	pw_buf_clear(&text);
	if (rc < 0)
		pw_error_prefix(rc, "check-in on issue #%ld (obligation %s)", x->number, o->id);
	return rc;
}

int pw_checkin_run(pw_checkin_stats *st, pw_github *gh, const pw_checkin_opts *o)
{
	size_t i, start = pw_github_request_count(gh);
	ck c;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	c.gh = gh;
	c.o = o;
	c.st = st;
	for (i = 0; o->issues && i < o->issues->count && rc == 0; i++)
		rc = one(&c, &o->issues->items[i]);
	st->requests = pw_github_request_count(gh) - start;
	return rc;
}

void pw_checkin_stats_clear(pw_checkin_stats *st)
{
	if (!st)
		return;
	free(st->items);
	memset(st, 0, sizeof(*st));
}
