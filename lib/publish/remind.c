#include "publish/remind.h"

#include "util/mdsafe.h"
#include "tsp/applicability.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "publish/issue.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	pw_github *gh;
	const pw_remind_opts *o;
	pw_remind_stats *st;
	const pw_tsps *tsps;
	pw_tsps loaded;
	int have_loaded;
} rem;

/* One effective date of an issue's signed-off changes, and who has not
 * answered for it. */
typedef struct {
	char date[11];
	const pw_tsp **missing;
	size_t nmissing;
	const char **changes;
	size_t nchanges;
	char *what; /* what the date is when a rule derived it, or NULL */
} due_date;

static int add_tsp(due_date *d, const pw_tsp *t)
{
	const pw_tsp **w;
	size_t i;
	for (i = 0; i < d->nmissing; i++)
		if (d->missing[i] == t)
			return 0;
	if (!(w = realloc(d->missing, (d->nmissing + 1) * sizeof(*w))))
		return pw_error_oom();
	w[d->nmissing++] = t;
	d->missing = w;
	return 0;
}

static int add_change(due_date *d, const char *id)
{
	const char **w;
	size_t i;
	for (i = 0; i < d->nchanges; i++)
		if (strcmp(d->changes[i], id) == 0)
			return 0;
	if (!(w = realloc(d->changes, (d->nchanges + 1) * sizeof(*w))))
		return pw_error_oom();
	w[d->nchanges++] = id;
	d->changes = w;
	return 0;
}

/* Whether what is due for issue `x` goes into the digest: always in digest
 * mode; with "issues" when the issue is closed (no comment lands there). */
static int in_digest(const rem *r, const pw_publish_result *x)
{
	return !r->o->cfg->reminders_on_issues || x->closed;
}

/* "(derived: <what>) " after a date a rule derived; nothing for NULL. */
static int put_what(pw_buf *b, const char *what)
{
	int rc;
	if (!what)
		return 0;
	rc = pw_buf_puts(b, "(derived: ");
	if (rc == 0)
		rc = pw_mdsafe_github(b, what);
	return rc == 0 ? pw_buf_puts(b, ") ") : rc;
}

static int record(rem *r, int kind, const pw_publish_result *issue, long days, const char *date,
                  const due_date *d)
{
	pw_reminder *v = realloc(r->st->items, (r->st->count + 1) * sizeof(*v)), *m;
	size_t i;
	int rc;
	if (!v)
		return pw_error_oom();
	r->st->items = v;
	m = &v[r->st->count++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->issue = issue;
	m->digest = in_digest(r, issue);
	r->st->ndigest += (size_t)m->digest;
	m->days = days;
	if (date)
		memcpy(m->date, date, sizeof(m->date));
	if (!d)
		return 0;
	if (d->what && !(m->what = strdup(d->what)))
		return pw_error_oom();
	for (i = 0; i < d->nmissing; i++)
		if ((rc = pw_strlist_add(&m->tsps, d->missing[i]->name)) < 0)
			return rc;
	return 0;
}

/* A GitHub login as written in the config, when it is one ([A-Za-z0-9-]). */
static int login_ok(const char *s)
{
	size_t n =
	    s ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") : 0;
	return n > 0 && n <= 39 && s[n] == '\0';
}

int pw_remind_officers(pw_buf *b, const pw_config *cfg)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < cfg->nofficers && rc == 0; i++) {
		if (i)
			rc = pw_buf_puts(b, ", ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, cfg->officers[i].name);
		if (rc == 0 && login_ok(cfg->officers[i].github))
			rc = pw_buf_printf(b, " (@%s)", cfg->officers[i].github);
	}
	return rc;
}

/* On the issue; for the digest (in_digest) nothing is sent: the reminder
 * becomes an item of the digest (*posted = 1 so that it is recorded). */
static int post(rem *r, const pw_publish_result *x, const char *marker, const char *text,
                int *posted)
{
	r->st->due++;
	if (in_digest(r, x)) {
		*posted = 1;
		return 0;
	}
	return pw_publish_comment_once(posted, r->gh, x->number, marker, text);
}

/* "#12 [cabforum-smime] SMC-12: ..." (the title is neutralised). */
static int put_issue_ref(pw_buf *b, const pw_publish_result *x)
{
	char *title = pw_issue_title(x->group);
	int rc;
	if (!title)
		return PW_ENOMEM;
	rc = x->number > 0 ? pw_buf_printf(b, "#%ld ", x->number) : 0;
	if (rc == 0)
		rc = pw_buf_puts(b, title);
	free(title);
	return rc;
}

/* The digest: every item due, in one comment on the dashboard, once per
 * remind_after_days (periods counted from Monday 2000-01-03, so that weekly
 * digests start on Mondays); the officers named once. */
static int post_digest(rem *r)
{
	pw_remind_stats *st = r->st;
	long every = r->o->cfg->remind_after_days;
	long period = pw_day_between("2000-01-03", r->o->today) / every;
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT;
	size_t i, nsign = 0, nresp = 0;
	int rc;

	for (i = 0; i < st->count; i++)
		if (st->items[i].digest)
			*(st->items[i].kind == PW_REMIND_SIGNOFF ? &nsign : &nresp) += 1;
	rc = pw_buf_printf(&marker, "<!-- pkiwatch:digest every %ld days, period %ld -->", every,
	                   period);
	if (rc == 0)
		rc = pw_buf_printf(&text, "**Digest of %s** (pkiwatch posts one every %ld day%s): ",
		                   r->o->today, every, every == 1 ? "" : "s");
	if (rc == 0 && nsign)
		rc = pw_buf_printf(&text, "%zu issue%s waiting for sign-off", nsign,
		                   nsign == 1 ? "" : "s");
	if (rc == 0 && nsign && nresp)
		rc = pw_buf_puts(&text, "; ");
	if (rc == 0 && nresp)
		rc = pw_buf_printf(&text, "%zu effective date%s near with TSP answers missing",
		                   nresp, nresp == 1 ? "" : "s");
	if (rc == 0)
		rc = pw_buf_puts(&text, ".\n\nTo act: ");
	if (rc == 0)
		rc = pw_remind_officers(&text, r->o->cfg);
	if (rc == 0)
		rc = pw_buf_puts(&text, ".\n");
	if (rc == 0 && nsign)
		rc = pw_buf_puts(&text, "\n### Waiting for sign-off\n\n"
		                        "| Issue | Waiting since | Days |\n|---|---|---|\n");
	for (i = 0; rc == 0 && i < st->count; i++) {
		const pw_reminder *m = &st->items[i];
		if (m->kind != PW_REMIND_SIGNOFF || !m->digest)
			continue;
		rc = pw_buf_puts(&text, "| ");
		if (rc == 0)
			rc = put_issue_ref(&text, m->issue);
		if (rc == 0)
			rc = pw_buf_printf(&text, " | %s | %ld |\n", m->issue->waiting_since,
			                   m->days);
	}
	if (rc == 0 && nsign)
		rc =
		    pw_buf_puts(&text, "\nSign off in the compliance repository: `pkiwatch signoff "
		                       "ID|BALLOT|'#N' --decision applicable|not-applicable`.\n");
	if (rc == 0 && nresp)
		rc = pw_buf_puts(&text, "\n### Effective dates near, TSP answers missing\n\n"
		                        "| Effective | In | Issue | TSPs without an answer |\n"
		                        "|---|---|---|---|\n");
	for (i = 0; rc == 0 && i < st->count; i++) {
		const pw_reminder *m = &st->items[i];
		if (m->kind != PW_REMIND_RESPONSES || !m->digest)
			continue;
		rc = pw_buf_printf(&text, "| %s", m->date);
		if (rc == 0 && m->what && (rc = pw_buf_putc(&text, ' ')) == 0)
			rc = put_what(&text, m->what);
		if (rc == 0)
			rc = pw_buf_printf(&text, " | %ld day%s | ", m->days,
			                   m->days == 1 ? "" : "s");
		if (rc == 0)
			rc = put_issue_ref(&text, m->issue);
		if (rc == 0)
			rc = pw_buf_printf(&text, " | %zu |\n", m->tsps.count);
	}
	if (rc == 0 && nresp)
		rc = pw_buf_puts(&text, "\n`pkiwatch summary` names them; `pkiwatch forms --tsp T` "
		                        "makes a TSP's form.\n");
	if (rc < 0)
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_publish_comment_once(&st->digest_posted, r->gh, r->o->published->dashboard,
		                             marker.ptr, text.ptr);
	if (rc < 0)
		pw_error_prefix(rc, "digest on the dashboard #%ld", r->o->published->dashboard);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	return rc;
}

/* ---- sign-off ---- */

static int remind_signoff(rem *r, const pw_publish_result *x)
{
	const pw_issue_group *g = x->group;
	long every = r->o->cfg->remind_after_days, days, interval;
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT;
	size_t i;
	int rc, posted = 0;

	if (x->signed_off || x->number <= 0 || !x->waiting_since[0])
		return 0;
	days = pw_day_between(x->waiting_since, r->o->today);
	if (days < every)
		return 0;
	interval = days / every;
	/* the start in the marker: a wait that begins again (the issue reopened
	 * for a new change) does not find the last wait's reminders */
	rc = pw_buf_printf(&marker,
	                   "<!-- pkiwatch:remind signoff since %s every %ld days, interval %ld -->",
	                   x->waiting_since, every, interval);
	if (rc == 0)
		rc = pw_buf_printf(&text,
		                   "**Reminder:** this change has waited **%ld days** for sign-off "
		                   "(since %s; pkiwatch reminds every %ld days).\n\n"
		                   "To act: ",
		                   days, x->waiting_since, every);
	if (rc == 0)
		rc = pw_remind_officers(&text, r->o->cfg);
	if (rc == 0)
		rc = pw_buf_puts(&text, ". Sign off in the compliance repository:\n\n```\n");
	for (i = 0; i < g->count && rc == 0; i++)
		if (!pw_ledger_find(r->o->ledger, g->items[i]->change.id))
			rc = pw_buf_printf(
			    &text,
			    "pkiwatch signoff %s --decision applicable|not-applicable "
			    "[--tsp T]... [--note TEXT]\n",
			    g->items[i]->change.id);
	if (rc == 0)
		rc = pw_buf_puts(&text, "```\n");
	if (rc < 0)
		rc = pw_error_oom();
	if (rc == 0)
		rc = post(r, x, marker.ptr, text.ptr, &posted);
	if (rc == 0 && posted)
		rc = record(r, PW_REMIND_SIGNOFF, x, days, NULL, NULL);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	return rc;
}

/* ---- missing responses ---- */

static int tsps_of(rem *r, const pw_tsps **out)
{
	int rc;
	if (!r->tsps) {
		if ((rc = pw_tsps_load(&r->loaded, r->o->cfg->root)) < 0)
			return rc;
		r->have_loaded = 1;
		r->tsps = &r->loaded;
	}
	*out = r->tsps;
	return 0;
}

static int responded(const pw_ledger_entry *e, const char *tsp)
{
	size_t i;
	for (i = 0; i < e->nresponded; i++)
		if (strcmp(e->responded[i], tsp) == 0)
			return 1;
	return 0;
}

static void dues_clear(due_date *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].missing);
		free(v[i].changes);
		free(v[i].what);
	}
	free(v);
}

/* The dates in the window of the issue's changes signed off as applicable,
 * each with the TSPs (applicability.h) that have not responded. */
static int collect_dues(rem *r, const pw_issue_group *g, due_date **out, size_t *nout)
{
	long warn = r->o->cfg->warn_before_days;
	due_date *v = NULL;
	size_t n = 0, i, k, t, l;
	int rc = 0;

	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_change *c = &g->items[i]->change;
		const pw_ledger_entry *e = pw_ledger_find(r->o->ledger, c->id);
		const pw_tsps *tsps;
		if (!e || strcmp(e->decision, "applicable") != 0)
			continue;
		for (k = 0; k < c->cls.ndates && rc == 0; k++) {
			const char *date = c->cls.dates[k].date;
			long left = pw_day_between(r->o->today, date);
			due_date *d = NULL;
			if (left < 0 || left > warn)
				continue;
			if ((rc = tsps_of(r, &tsps)) < 0)
				break;
			for (l = 0; l < n && !d; l++)
				if (strcmp(v[l].date, date) == 0)
					d = &v[l];
			if (!d) {
				due_date *w = realloc(v, (n + 1) * sizeof(*w));
				if (!w) {
					rc = pw_error_oom();
					break;
				}
				v = w;
				d = &v[n++];
				memset(d, 0, sizeof(*d));
				memcpy(d->date, date, sizeof(d->date));
			}
			rc = add_change(d, c->id);
			if (rc == 0 && c->cls.dates[k].derived && !d->what) {
				pw_buf w = PW_BUF_INIT;
				rc = pw_classify_date_what(&w, &c->cls.dates[k],
				                           c->cls.ballot ? c->cls.ballot : c->id);
				if (rc == 0 && !(d->what = pw_buf_detach(&w)))
					rc = pw_error_oom();
				pw_buf_clear(&w);
			}
			for (t = 0; t < tsps->count && rc == 0; t++) {
				pw_applicability a;
				const pw_tsp *tsp = &tsps->items[t];
				if ((rc = pw_applicability_decide_item(&a, g->items[i], e, tsp)) <
				    0)
					break;
				if (a.rules && !responded(e, tsp->id) &&
				    pw_applicability_binds(&c->cls.dates[k], tsp))
					rc = add_tsp(d, tsp);
				pw_applicability_clear(&a);
			}
		}
	}
	if (rc < 0) {
		dues_clear(v, n);
		return rc;
	}
	*out = v;
	*nout = n;
	return 0;
}

static int warn_one(rem *r, const pw_publish_result *x, const due_date *d)
{
	long every = r->o->cfg->remind_after_days, warn = r->o->cfg->warn_before_days;
	long left = pw_day_between(r->o->today, d->date), interval = (warn - left) / every;
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT;
	size_t i;
	int rc, posted = 0;

	rc = pw_buf_printf(&marker,
	                   "<!-- pkiwatch:remind responses %s every %ld days, interval %ld -->",
	                   d->date, every, interval);
	if (rc == 0)
		rc = pw_buf_printf(&text, "**Reminder:** the effective date **%s** ", d->date);
	if (rc == 0)
		rc = put_what(&text, d->what);
	if (rc == 0)
		rc = pw_buf_puts(&text, "is ");
	if (rc == 0)
		rc = left == 0
		         ? pw_buf_puts(&text, "**today**")
		         : pw_buf_printf(&text, "in **%ld day%s**", left, left == 1 ? "" : "s");
	if (rc == 0)
		rc = pw_buf_printf(&text, ", and %zu TSP%s it applies to %s not responded yet:\n\n",
		                   d->nmissing, d->nmissing == 1 ? "" : "s",
		                   d->nmissing == 1 ? "has" : "have");
	for (i = 0; i < d->nmissing && rc == 0; i++) {
		rc = pw_buf_puts(&text, "- ");
		if (rc == 0)
			rc = pw_mdsafe_github(&text, d->missing[i]->name);
		if (rc == 0)
			rc = pw_buf_printf(&text, " (`%s`)\n", d->missing[i]->id);
	}
	if (rc == 0)
		rc = pw_buf_puts(&text, "\nChanges with this date: ");
	for (i = 0; i < d->nchanges && rc == 0; i++)
		rc = pw_buf_printf(&text, "%s`%s`", i ? ", " : "", d->changes[i]);
	if (rc == 0)
		rc = pw_buf_puts(&text, ".\n\nTo follow up: ");
	if (rc == 0)
		rc = pw_remind_officers(&text, r->o->cfg);
	if (rc == 0)
		rc = pw_buf_puts(&text, ". `pkiwatch forms --tsp T` makes a TSP's form; record an "
		                        "answer with `pkiwatch respond --tsp T --change ID ...` or "
		                        "`pkiwatch responses import FILE`.\n");
	if (rc < 0)
		rc = pw_error_oom();
	if (rc == 0)
		rc = post(r, x, marker.ptr, text.ptr, &posted);
	if (rc == 0 && posted)
		rc = record(r, PW_REMIND_RESPONSES, x, left, d->date, d);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	return rc;
}

static int remind_responses(rem *r, const pw_publish_result *x)
{
	due_date *v = NULL;
	size_t n = 0, i;
	int rc;
	if (x->number <= 0)
		return 0;
	if ((rc = collect_dues(r, x->group, &v, &n)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		if (v[i].nmissing)
			rc = warn_one(r, x, &v[i]);
	dues_clear(v, n);
	return rc;
}

int pw_remind_run(pw_github *gh, const pw_remind_opts *o, pw_remind_stats *st)
{
	size_t i, start = pw_github_request_count(gh);
	rem r;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	memset(&r, 0, sizeof(r));
	r.gh = gh;
	r.o = o;
	r.st = st;
	r.tsps = o->tsps;
	for (i = 0; i < o->published->nresults && rc == 0; i++) {
		const pw_publish_result *x = &o->published->results[i];
		if (!x->group)
			continue;
		rc = remind_signoff(&r, x);
		if (rc == 0)
			rc = remind_responses(&r, x);
		if (rc < 0)
			pw_error_prefix(rc, "reminder on issue #%ld", x->number);
	}
	st->digest = !o->cfg->reminders_on_issues;
	st->dashboard = o->published->dashboard;
	if (rc == 0 && st->ndigest && o->published->dashboard > 0)
		rc = post_digest(&r);
	if (r.have_loaded)
		pw_tsps_clear(&r.loaded);
	st->requests = pw_github_request_count(gh) - start;
	return rc;
}

void pw_remind_stats_clear(pw_remind_stats *st)
{
	size_t i;
	if (!st)
		return;
	for (i = 0; i < st->count; i++) {
		pw_strlist_clear(&st->items[i].tsps);
		free(st->items[i].what);
	}
	free(st->items);
	memset(st, 0, sizeof(*st));
}
