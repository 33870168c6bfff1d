#include "publish/syncreport.h"

#include "util/mdsafe.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "publish/issue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WAITING_MAX 50

/* Days since the issue began to wait for sign-off (pw_publish_waiting_since);
 * 0 when the runner's clock is behind GitHub's (an issue opened "tomorrow" has
 * not waited at all). */
static long waited(const pw_syncreport *r, const pw_publish_result *x)
{
	long d = x->waiting_since[0] ? pw_day_between(x->waiting_since, r->today) : 0;
	return d < 0 ? 0 : d;
}

static int by_date(const void *a, const void *b)
{
	const pw_syncreport_date *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c
	         : (x->issue->number > y->issue->number) - (x->issue->number < y->issue->number);
}

/* Every upcoming date of every issue's changes, each (issue, date) once. */
static int collect_dates(pw_syncreport *r)
{
	const pw_publish_stats *st = r->published;
	size_t i, j, k, l;
	for (i = 0; i < st->nresults; i++) {
		const pw_issue_group *g = st->results[i].group;
		size_t first = r->ndates;
		for (j = 0; g && j < g->count; j++) {
			const pw_classification *c = &g->items[j]->change.cls;
			for (k = 0; k < c->ndates; k++) {
				const char *d = c->dates[k].date;
				pw_syncreport_date *v;
				int seen = 0;
				if (!pw_day_valid(d) || strcmp(d, r->today) < 0)
					continue;
				for (l = first; l < r->ndates && !seen; l++)
					seen = strcmp(r->dates[l].date, d) == 0;
				if (seen)
					continue;
				if (!(v = realloc(r->dates, (r->ndates + 1) * sizeof(*v))))
					return pw_error_oom();
				r->dates = v;
				v += r->ndates++;
				v->group = g;
				v->issue = &st->results[i];
				v->d = &c->dates[k];
				v->change = c->ballot ? c->ballot : g->items[j]->change.id;
				memcpy(v->date, d, sizeof(v->date));
				v->days = pw_day_between(r->today, d);
			}
		}
	}
	if (r->ndates > 1)
		qsort(r->dates, r->ndates, sizeof(*r->dates), by_date);
	return 0;
}

int pw_syncreport_build(pw_syncreport *r)
{
	const pw_publish_stats *st = r->published;
	size_t i, j;

	r->created = r->updated = r->awaiting = 0;
	r->waiting = NULL;
	r->dates = NULL;
	r->ndates = 0;
	if (!(r->waiting = calloc(st->nresults + 1, sizeof(*r->waiting))))
		return pw_error_oom();
	for (i = 0; i < st->nresults; i++) {
		const pw_publish_result *x = &st->results[i];
		r->created += x->action == PW_PUBLISH_CREATED;
		r->updated += x->action == PW_PUBLISH_UPDATED;
		if (x->signed_off)
			continue;
		/* insertion sort: longest waiting first, then by number */
		for (j = r->awaiting; j > 0; j--) {
			long a = waited(r, r->waiting[j - 1]), b = waited(r, x);
			if (a > b || (a == b && r->waiting[j - 1]->number <= x->number))
				break;
			r->waiting[j] = r->waiting[j - 1];
		}
		r->waiting[j] = x;
		r->awaiting++;
	}
	if (collect_dates(r) < 0) {
		pw_syncreport_clear(r);
		return PW_ENOMEM;
	}
	return 0;
}

void pw_syncreport_clear(pw_syncreport *r)
{
	if (!r)
		return;
	free(r->waiting);
	free(r->dates);
	r->waiting = NULL;
	r->dates = NULL;
	r->ndates = 0;
}

/* The soonest upcoming effective date ("" when none). */
static const char *next_date(const pw_syncreport *r)
{
	return r->ndates ? r->dates[0].date : "";
}

int pw_syncreport_outputs(pw_buf *out, const pw_syncreport *r)
{
	int rc = pw_buf_printf(out,
	                       "new-changes=%zu\nupdated-changes=%zu\nawaiting-signoff=%zu\n"
	                       "next-effective-date=%s\n",
	                       r->created, r->updated, r->awaiting, next_date(r));
	return rc < 0 ? pw_error_oom() : 0;
}

/* ---- Markdown ---- */

static int put_issue(const pw_syncreport *r, pw_buf *b, const pw_publish_result *x)
{
	if (r->dry_run)
		return pw_buf_puts(b, "(dry run)");
	if (x->number <= 0)
		return pw_buf_puts(b, "-");
	if (x->html_url)
		return pw_buf_printf(b, "[#%ld](%s)", x->number, x->html_url);
	return pw_buf_printf(b, "[#%ld](https://github.com/%s/issues/%ld)", x->number,
	                     r->repository, x->number);
}

/* The issue's title (as pkiwatch gives it), neutralised for a table cell. */
static int put_change(pw_buf *b, const pw_issue_group *g)
{
	char *title = pw_issue_title(g);
	int rc = title ? pw_mdsafe_github(b, title) : PW_ENOMEM;
	free(title);
	return rc;
}

/* What a derived deadline is (" (derived: Apple: follow CCADB-2.1 (within
 * 14 days of publication))"); nothing for a stated date. */
static int put_what(pw_buf *b, const pw_syncreport_date *v)
{
	pw_buf what = PW_BUF_INIT;
	int rc;
	if (!v->d || !v->d->derived)
		return 0;
	rc = pw_classify_date_what(&what, v->d, v->change);
	if (rc == 0)
		rc = pw_buf_puts(b, " (derived: ");
	if (rc == 0)
		rc = pw_mdsafe_github(b, what.ptr ? what.ptr : "");
	if (rc == 0)
		rc = pw_buf_putc(b, ')');
	pw_buf_clear(&what);
	return rc;
}

/* The group's upcoming dates, comma-separated ("-" when none). */
static int put_dates(const pw_syncreport *r, pw_buf *b, const pw_issue_group *g)
{
	size_t i, n = 0;
	int rc = 0;
	for (i = 0; i < r->ndates && rc == 0; i++)
		if (r->dates[i].group == g) {
			rc = pw_buf_printf(b, "%s%s", n++ ? ", " : "", r->dates[i].date);
			if (rc == 0)
				rc = put_what(b, &r->dates[i]);
		}
	return rc == 0 && n == 0 ? pw_buf_puts(b, "-") : rc;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static int put_totals(const pw_syncreport *r, pw_buf *b)
{
	const pw_publish_stats *st = r->published;
	size_t posted = r->reminded ? r->reminded->count : 0;
	int rc = pw_buf_printf(b,
	                       "**%zu new**, **%zu updated**, %zu unchanged · **%zu awaiting "
	                       "sign-off** · next effective date: ",
	                       r->created, r->updated, st->unchanged, r->awaiting);
	if (rc == 0)
		rc = r->ndates ? pw_buf_printf(b, "**%s**", r->dates[0].date)
		               : pw_buf_puts(b, "none upcoming");
	if (rc == 0 && r->ndates)
		rc = put_what(b, &r->dates[0]);
	if (rc == 0 && r->reminded && r->reminded->digest)
		rc = pw_buf_printf(
		    b, " · digest: %zu item%s%s\n\n", posted, plural(posted),
		    !posted ? ""
		    : r->reminded->digest_posted
		        ? (r->dry_run ? " (in the outbox)" : " (posted on the dashboard)")
		        : " (posted already this period)");
	else if (rc == 0) {
		size_t digest = r->reminded ? r->reminded->ndigest : 0;
		rc =
		    pw_buf_printf(b, " · %zu reminder%s %s", posted - digest,
		                  plural(posted - digest), r->dry_run ? "in the outbox" : "posted");
		if (rc == 0 && digest) /* closed issues' */
			rc = pw_buf_printf(
			    b, " · digest of closed issues: %zu item%s%s", digest, plural(digest),
			    r->reminded->digest_posted
			        ? (r->dry_run ? " (in the outbox)" : " (posted on the dashboard)")
			        : " (posted already this period)");
		if (rc == 0)
			rc = pw_buf_puts(b, "\n\n");
	}
	return rc;
}

static int put_changed(const pw_syncreport *r, pw_buf *b)
{
	const pw_publish_stats *st = r->published;
	size_t i;
	int rc = pw_buf_puts(b, "### New and updated changes\n\n");
	if (rc == 0 && r->created + r->updated == 0)
		return pw_buf_puts(b, "No new or updated changes.\n\n");
	if (rc == 0)
		rc = pw_buf_puts(b, "| | Change | Upcoming effective dates | Issue |\n"
		                    "|---|---|---|---|\n");
	for (i = 0; i < st->nresults && rc == 0; i++) {
		const pw_publish_result *x = &st->results[i];
		if (x->action == PW_PUBLISH_UNCHANGED)
			continue;
		rc = pw_buf_printf(b, "| %s | ",
		                   x->action == PW_PUBLISH_CREATED ? "new" : "updated");
		if (rc == 0)
			rc = put_change(b, x->group);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = put_dates(r, b, x->group);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = put_issue(r, b, x);
		if (rc == 0)
			rc = pw_buf_puts(b, " |\n");
	}
	return rc == 0 ? pw_buf_puts(b, "\n") : rc;
}

static int put_waiting(const pw_syncreport *r, pw_buf *b)
{
	size_t i;
	int rc = pw_buf_printf(b, "### Awaiting sign-off (%zu)\n\n", r->awaiting);
	if (rc == 0 && r->awaiting == 0)
		return pw_buf_puts(b, "Nothing awaits sign-off.\n\n");
	if (rc == 0)
		rc = pw_buf_puts(b, "| Issue | Change | Waiting |\n|---|---|---|\n");
	for (i = 0; i < r->awaiting && i < WAITING_MAX && rc == 0; i++) {
		const pw_publish_result *x = r->waiting[i];
		long d = waited(r, x);
		rc = pw_buf_puts(b, "| ");
		if (rc == 0)
			rc = put_issue(r, b, x);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = put_change(b, x->group);
		if (rc == 0 && x->action == PW_PUBLISH_CREATED)
			rc = pw_buf_puts(b, " | new |\n");
		else if (rc == 0)
			rc = x->waiting_since[0]
			         ? pw_buf_printf(b, " | %ld day%s (since %s) |\n", d,
			                         plural((size_t)d), x->waiting_since)
			         : pw_buf_puts(b, " | - |\n");
	}
	if (rc == 0 && r->awaiting > WAITING_MAX)
		rc = pw_buf_printf(b, "\n… and %zu more (see the dashboard issue).\n",
		                   r->awaiting - WAITING_MAX);
	return rc == 0 ? pw_buf_puts(b, "\n") : rc;
}

static int put_upcoming(const pw_syncreport *r, pw_buf *b)
{
	size_t i;
	int rc = pw_buf_puts(b, "### Next effective dates\n\n");
	if (rc == 0 && r->ndates == 0)
		return pw_buf_puts(b, "No upcoming effective dates.\n\n");
	if (rc == 0)
		rc = pw_buf_puts(b, "| Date | In | Change | Issue |\n|---|---|---|---|\n");
	for (i = 0; i < r->ndates && i < PW_SYNCREPORT_DATES_MAX && rc == 0; i++) {
		const pw_syncreport_date *d = &r->dates[i];
		rc = pw_buf_printf(b, "| %s | %ld day%s | ", d->date, d->days,
		                   plural((size_t)d->days));
		if (rc == 0)
			rc = put_change(b, d->group);
		if (rc == 0)
			rc = put_what(b, d);
		if (rc == 0)
			rc = pw_buf_puts(b, d->issue->signed_off ? " (signed off) | " : " | ");
		if (rc == 0)
			rc = put_issue(r, b, d->issue);
		if (rc == 0)
			rc = pw_buf_puts(b, " |\n");
	}
	return rc == 0 ? pw_buf_puts(b, "\n") : rc;
}

static int put_reminders(const pw_syncreport *r, pw_buf *b)
{
	const pw_remind_stats *st = r->reminded;
	size_t i, k;
	int rc = st && st->digest
	             ? pw_buf_printf(b, "### Digest on the dashboard%s\n\n",
	                             !st->count           ? ""
	                             : !st->digest_posted ? " (posted already this period)"
	                             : r->dry_run         ? " (dry run: in the outbox)"
	                                                  : "")
	             : pw_buf_printf(b, "### Reminders %s\n\n",
	                             r->dry_run ? "(dry run: in the outbox)" : "posted");
	if (rc == 0 && (!st || st->count == 0))
		return pw_buf_puts(b, "No reminder was due.\n");
	if (rc == 0)
		rc = pw_buf_puts(b, "| Issue | Reminder |\n|---|---|\n");
	for (i = 0; i < st->count && rc == 0; i++) {
		const pw_reminder *m = &st->items[i];
		rc = pw_buf_puts(b, "| ");
		if (rc == 0)
			rc = put_issue(r, b, m->issue);
		if (rc == 0 && m->digest && !st->digest) /* closed issue */
			rc = pw_buf_puts(b, " (closed; in the digest)");
		if (rc == 0 && m->kind == PW_REMIND_SIGNOFF)
			rc = pw_buf_printf(b, " | sign-off: waiting %ld day%s |\n", m->days,
			                   plural((size_t)m->days));
		else if (rc == 0) {
			rc = pw_buf_printf(b, " | responses missing, effective %s", m->date);
			if (rc == 0 && m->what) {
				rc = pw_buf_puts(b, " (derived: ");
				if (rc == 0)
					rc = pw_mdsafe_github(b, m->what);
				if (rc == 0)
					rc = pw_buf_putc(b, ')');
			}
			if (rc == 0)
				rc = pw_buf_printf(b, " (in %ld day%s): ", m->days,
				                   plural((size_t)m->days));
			for (k = 0; rc == 0 && k < m->tsps.count; k++) {
				if (k)
					rc = pw_buf_puts(b, ", ");
				if (rc == 0)
					rc = pw_mdsafe_github(b, m->tsps.items[k]);
			}
			if (rc == 0)
				rc = pw_buf_puts(b, " |\n");
		}
	}
	return rc;
}

/* The obligations' issues: counts, then what was posted on them. */
static int put_obligations(const pw_syncreport *r, pw_buf *b)
{
	const pw_obligissue_stats *os = &r->published->obligations;
	const pw_checkin_stats *cs = r->checked;
	size_t i, open = 0, overdue = 0;
	int rc;

	if (os->count == 0)
		return 0;
	for (i = 0; i < os->count; i++) {
		int st = os->items[i].ob ? os->items[i].ob->status : -1;
		open += st == PW_OBLIGATION_OPEN || st == PW_OBLIGATION_OVERDUE;
		overdue += st == PW_OBLIGATION_OVERDUE;
	}
	rc = pw_buf_printf(b,
	                   "\n### Obligations\n\n%zu open, %zu overdue; issues: %zu created, %zu "
	                   "updated, %zu closed%s.\n\n",
	                   open, overdue, os->created, os->updated, os->closed,
	                   r->dry_run ? " (dry run)" : "");
	if (rc < 0 || !cs || cs->count == 0)
		return rc < 0 ? rc : pw_buf_puts(b, "No check-in or escalation was due.\n\n");
	rc = pw_buf_puts(b, "| Issue | Obligation | Posted |\n|---|---|---|\n");
	for (i = 0; i < cs->count && rc == 0; i++) {
		const pw_checkin *c = &cs->items[i];
		long d = c->days < 0 ? -c->days : c->days;
		if (r->dry_run)
			rc = pw_buf_puts(b, "| (dry run) | ");
		else
			rc = pw_buf_printf(b, "| [#%ld](https://github.com/%s/issues/%ld) | ",
			                   c->issue->number, r->repository, c->issue->number);
		if (rc == 0)
			rc = pw_mdsafe_code(b, c->issue->ob->id);
		if (rc == 0 && c->kind == PW_CHECKIN_ESCALATION)
			rc = c->milestone
			         ? pw_buf_printf(b,
			                         " | escalation: milestone %zu overdue by "
			                         "%ld day%s |\n",
			                         c->milestone, d, plural((size_t)d))
			         : pw_buf_printf(b,
			                         " | escalation: due date passed %ld day%s "
			                         "ago |\n",
			                         d, plural((size_t)d));
		else if (rc == 0)
			rc = pw_buf_printf(b, " | check-in: next %s %s %ld day%s |\n",
			                   pw_obligation_next_date(c->issue->ob),
			                   c->days < 0 ? "overdue by" : "in", d, plural((size_t)d));
	}
	return rc == 0 ? pw_buf_puts(b, "\n") : rc;
}

int pw_syncreport_markdown(pw_buf *out, const pw_syncreport *r)
{
	int rc = pw_buf_puts(out, "## pkiwatch sync: ");
	if (rc == 0)
		rc = pw_mdsafe_github(out, r->repository);
	if (rc == 0)
		rc = pw_buf_printf(out, " (%s)\n\n", r->today);
	if (rc == 0 && r->dry_run)
		rc = pw_buf_puts(out, "Dry run: nothing was sent to GitHub; the issues it would "
		                      "create count as new.\n\n");
	if (rc == 0)
		rc = put_totals(r, out);
	if (rc == 0)
		rc = put_changed(r, out);
	if (rc == 0)
		rc = put_waiting(r, out);
	if (rc == 0)
		rc = put_upcoming(r, out);
	if (rc == 0)
		rc = put_reminders(r, out);
	if (rc == 0)
		rc = put_obligations(r, out);
	return rc < 0 ? pw_error_oom() : 0;
}

/* ---- appending ---- */

typedef struct {
	const char *path;
	pw_buf text;
	int fd, created;
} sink;

static int sink_open(sink *s)
{
	struct stat sb;
	if (!s->path)
		return 0;
	s->created = stat(s->path, &sb) != 0;
	s->fd = open(s->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (s->fd < 0)
		return pw_error_set(PW_ERROR, "%s: cannot open for appending: %s", s->path,
		                    strerror(errno));
	return 0;
}

static int sink_write(sink *s)
{
	size_t off = 0;
	while (s->fd >= 0 && off < s->text.len) {
		ssize_t n = write(s->fd, s->text.ptr + off, s->text.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pw_error_set(PW_ERROR, "%s: cannot append: %s", s->path,
			                    n < 0 ? strerror(errno) : "nothing written");
		off += (size_t)n;
	}
	return 0;
}

int pw_syncreport_write(const pw_syncreport *r, const char *outputs_path, const char *summary_path)
{
	sink s[2] = {{outputs_path, PW_BUF_INIT, -1, 0}, {summary_path, PW_BUF_INIT, -1, 0}};
	int rc = 0, opened = 0, i;

	if (outputs_path)
		rc = pw_syncreport_outputs(&s[0].text, r);
	if (rc == 0 && summary_path)
		rc = pw_syncreport_markdown(&s[1].text, r);
	for (i = 0; i < 2 && rc == 0; i++)
		rc = sink_open(&s[i]);
	opened = rc == 0;
	for (i = 0; i < 2 && rc == 0; i++)
		rc = sink_write(&s[i]);
	for (i = 0; i < 2; i++) {
		if (s[i].fd >= 0 && close(s[i].fd) != 0 && rc == 0)
			rc = pw_error_set(PW_ERROR, "%s: cannot append: %s", s[i].path,
			                  strerror(errno));
		/* the other one could not be opened: leave no new empty file */
		if (!opened && s[i].fd >= 0 && s[i].created)
			unlink(s[i].path);
		pw_buf_clear(&s[i].text);
	}
	return rc;
}

static int check_one(const char *path)
{
	struct stat st;
	char *dir;
	int ok;

	if (!path)
		return 0;
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
			return pw_error_set(PW_EINPUT, "%s: %s, not a file to append to", path,
			                    S_ISDIR(st.st_mode) ? "a directory"
			                                        : "not a regular file");
		if (access(path, W_OK) != 0)
			return pw_error_set(PW_EINPUT, "%s: cannot append: %s", path,
			                    strerror(errno));
		return 0;
	}
	if (errno != ENOENT)
		return pw_error_set(PW_EINPUT, "%s: %s", path, strerror(errno));
	if (!(dir = pw_path_dirname(path)))
		return PW_ENOMEM;
	ok = access(dir, W_OK) == 0;
	if (!ok)
		pw_error_set(PW_EINPUT, "%s: cannot be created: %s: %s", path, dir,
		             strerror(errno));
	free(dir);
	return ok ? 0 : PW_EINPUT;
}

int pw_syncreport_check(const char *outputs_path, const char *summary_path)
{
	int rc = check_one(outputs_path);
	return rc < 0 ? rc : check_one(summary_path);
}
