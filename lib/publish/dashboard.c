#include "publish/dashboard.h"

#include "util/mdsafe.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HORIZON_DAYS 180
#define RECENT_MAX   10
#define LIST_MAX     100

/* The change that names the group: newest adopted, else newest. */
static const pw_change *lead(const pw_issue_group *g)
{
	size_t i;
	for (i = 0; i < g->count; i++)
		if (g->items[i]->change.status == PW_STATUS_ADOPTED)
			return &g->items[i]->change;
	return &g->items[0]->change;
}

/* The oldest change date of the group: when it started waiting. */
static const char *oldest(const pw_issue_group *g)
{
	const char *o = g->items[0]->change.date;
	size_t i;
	for (i = 1; i < g->count; i++)
		if (strcmp(g->items[i]->change.date, o) < 0)
			o = g->items[i]->change.date;
	return o;
}

/* When the entry began to wait: the one definition the job summary and the
 * digest use too, else the oldest upstream date. */
static const char *since(const pw_dashboard_entry *e)
{
	return e->waiting_since && *e->waiting_since ? e->waiting_since : oldest(e->group);
}

static int put_ref(pw_buf *b, const pw_dashboard_entry *e)
{
	const pw_change *c = lead(e->group);
	int rc = e->number > 0 ? pw_buf_printf(b, "#%ld ", e->number) : pw_buf_puts(b, "(new) ");
	if (rc == 0)
		rc = pw_buf_printf(b, "`%s` ", c->source);
	if (rc == 0 && c->cls.ballot) {
		rc = pw_buf_puts(b, "**");
		if (rc == 0)
			rc = pw_mdsafe_github(b, c->cls.ballot);
		if (rc == 0)
			rc = pw_buf_puts(b, "** ");
	}
	if (rc == 0)
		rc = pw_mdsafe_github(b, c->subject);
	return rc;
}

static const pw_dashboard_entry **sorted_waiting(const pw_dashboard_entry *entries, size_t n,
                                                 size_t *count, int proposed)
{
	const pw_dashboard_entry **v = calloc(n + 1, sizeof(*v));
	size_t i, j, k = 0;
	if (!v)
		return NULL;
	for (i = 0; i < n; i++) {
		if (entries[i].signed_off || entries[i].group->proposed != proposed)
			continue;
		/* insertion sort: oldest first, then by issue number */
		for (j = k; j > 0; j--) {
			int c = strcmp(since(v[j - 1]), since(&entries[i]));
			if (c < 0 || (c == 0 && v[j - 1]->number <= entries[i].number))
				break;
			v[j] = v[j - 1];
		}
		v[j] = &entries[i];
		k++;
	}
	*count = k;
	return v;
}

typedef struct {
	const char *date;
	const pw_effective_date *d;
	const pw_dashboard_entry *e;
} upcoming;

static int by_date(const void *a, const void *b)
{
	const upcoming *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : (x->e->number > y->e->number) - (x->e->number < y->e->number);
}

/* Drafts: ballots and versions under discussion, with the effective dates
 * they propose (not adopted: no sign-off is asked yet). */
static int put_discussion(pw_buf *b, const pw_dashboard_entry *entries, size_t n)
{
	const pw_dashboard_entry **v;
	size_t nv = 0, i, j, k, shown;
	int rc;
	if (!(v = sorted_waiting(entries, n, &nv, 1)))
		return pw_error_oom();
	rc = pw_buf_printf(b, "\n## In discussion (%zu)\n\n", nv);
	for (i = 0; i < nv && rc == 0; i++) {
		const pw_issue_group *g = v[i]->group;
		if (i == LIST_MAX) {
			rc = pw_buf_printf(b, "- … and %zu more (label `proposed`)\n",
			                   nv - LIST_MAX);
			break;
		}
		rc = pw_buf_puts(b, "- ");
		if (rc == 0)
			rc = put_ref(b, v[i]);
		for (j = 0, shown = 0; j < g->count && rc == 0; j++) {
			const pw_classification *c = &g->items[j]->change.cls;
			for (k = 0; k < c->ndates && rc == 0; k++)
				rc = pw_buf_printf(b, "%s%s", shown++ ? ", " : " — proposes ",
				                   c->dates[k].date);
		}
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && nv == 0)
		rc = pw_buf_puts(b, "No draft ballot or policy version.\n");
	free(v);
	return rc;
}

static int put_upcoming(pw_buf *b, const pw_dashboard_entry *entries, size_t n, const char *today)
{
	upcoming *u = NULL;
	size_t nu = 0, i, j, k;
	int rc = pw_buf_printf(b, "\n## Effective dates in the next %d days\n\n", HORIZON_DAYS);

	for (i = 0; i < n && rc == 0; i++) {
		const pw_issue_group *g = entries[i].group;
		if (g->proposed) /* listed under "In discussion" */
			continue;
		for (j = 0; j < g->count && rc == 0; j++) {
			const pw_classification *c = &g->items[j]->change.cls;
			for (k = 0; k < c->ndates; k++) {
				long days = pw_day_between(today, c->dates[k].date);
				upcoming *p;
				size_t m;
				if (days < 0 || days > HORIZON_DAYS)
					continue;
				/* an issue's date once, though several of its changes state it */
				for (m = 0; m < nu && !(u[m].e == &entries[i] &&
				                        strcmp(u[m].date, c->dates[k].date) == 0);
				     m++)
					;
				if (m < nu)
					continue;
				if (!(p = realloc(u, (nu + 1) * sizeof(*p)))) {
					rc = pw_error_oom();
					break;
				}
				u = p;
				u[nu].date = c->dates[k].date;
				u[nu].d = &c->dates[k];
				u[nu].e = &entries[i];
				nu++;
			}
		}
	}
	if (nu > 1)
		qsort(u, nu, sizeof(*u), by_date);
	for (i = 0; i < nu && rc == 0; i++) {
		long days = pw_day_between(today, u[i].date);
		if (i == LIST_MAX) {
			rc = pw_buf_printf(b, "- … and %zu more\n", nu - LIST_MAX);
			break;
		}
		rc = pw_buf_printf(b, "- **%s** (in %ld day%s) ", u[i].date, days,
		                   days == 1 ? "" : "s");
		if (rc == 0)
			rc = put_ref(b, u[i].e);
		for (k = 0; rc == 0 && k < u[i].d->sections.count; k++) {
			rc = pw_buf_puts(b, k ? ", §" : " — §");
			if (rc == 0)
				rc = pw_mdsafe_github(b, u[i].d->sections.items[k]);
		}
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && nu == 0)
		rc = pw_buf_puts(b, "None.\n");
	free(u);
	return rc;
}

static const pw_dashboard_entry *entry_of(const pw_dashboard_entry *entries, size_t n,
                                          const char *change_id)
{
	size_t i, j;
	for (i = 0; i < n; i++)
		for (j = 0; j < entries[i].group->count; j++)
			if (strcmp(entries[i].group->items[j]->change.id, change_id) == 0)
				return &entries[i];
	return NULL;
}

static int by_time_desc(const void *a, const void *b)
{
	const pw_ledger_entry *x = *(const pw_ledger_entry *const *)a;
	const pw_ledger_entry *y = *(const pw_ledger_entry *const *)b;
	return strcmp(y->time, x->time);
}

static int put_recent(pw_buf *b, const pw_dashboard_entry *entries, size_t n,
                      const pw_ledger *ledger)
{
	const pw_ledger_entry **v;
	size_t i, j, count = ledger ? ledger->count : 0;
	int rc = pw_buf_puts(b, "\n## Recently signed off\n\n");

	if (rc < 0 || count == 0)
		return rc < 0 ? rc : pw_buf_puts(b, "None yet.\n");
	if (!(v = calloc(count, sizeof(*v))))
		return pw_error_oom();
	for (i = 0; i < count; i++)
		v[i] = &ledger->items[i];
	qsort(v, count, sizeof(*v), by_time_desc);
	for (i = 0; i < count && i < RECENT_MAX && rc == 0; i++) {
		const pw_dashboard_entry *e = entry_of(entries, n, v[i]->change);
		rc = pw_buf_printf(b, "- %.10s ", v[i]->time);
		if (rc == 0)
			rc = pw_mdsafe_code(b, v[i]->change);
		if (rc == 0)
			rc = pw_buf_printf(b, ": **%s**", v[i]->decision);
		for (j = 0; j < v[i]->ntsps && rc == 0; j++) {
			rc = pw_buf_puts(b, j ? ", " : " for ");
			if (rc == 0)
				rc = pw_mdsafe_github(b, v[i]->tsps[j]);
		}
		if (rc == 0 && v[i]->officer_name) {
			rc = pw_buf_puts(b, " by ");
			if (rc == 0)
				rc = pw_mdsafe_github(b, v[i]->officer_name);
		}
		if (rc == 0 && e && e->number > 0)
			rc = pw_buf_printf(b, " (#%ld)", e->number);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	free(v);
	return rc;
}

char *pw_dashboard_body(const pw_dashboard_entry *entries, size_t n, const pw_ledger *ledger,
                        const char *today)
{
	const pw_dashboard_entry **waiting;
	pw_buf b = PW_BUF_INIT;
	size_t nw = 0, i;
	int rc;

	if (!(waiting = sorted_waiting(entries, n, &nw, 0))) {
		pw_error_oom();
		return NULL;
	}
	rc = pw_buf_printf(&b,
	                   PW_DASHBOARD_MARKER "\n\nMaintained by pkiwatch; updated %s. "
	                                       "Edits here are overwritten.\n\n"
	                                       "## Awaiting sign-off (%zu)\n\n",
	                   today, nw);
	for (i = 0; i < nw && rc == 0; i++) {
		long age;
		if (i == LIST_MAX) { /* the body must stay under GitHub's limit */
			rc = pw_buf_printf(&b, "- … and %zu more (label `needs-signoff`)\n",
			                   nw - LIST_MAX);
			break;
		}
		age = pw_day_between(since(waiting[i]), today);
		if (age < 0) /* a clock behind the upstream's */
			age = 0;
		rc = pw_buf_puts(&b, "- ");
		if (rc == 0)
			rc = put_ref(&b, waiting[i]);
		if (rc == 0)
			rc = pw_buf_printf(&b, " — waiting %ld day%s (since %s)\n", age,
			                   age == 1 ? "" : "s", since(waiting[i]));
	}
	if (rc == 0 && nw == 0)
		rc = pw_buf_puts(&b, "Nothing: every change is signed off.\n");
	free(waiting);
	if (rc == 0)
		rc = put_discussion(&b, entries, n);
	if (rc == 0)
		rc = put_upcoming(&b, entries, n, today);
	if (rc == 0)
		rc = put_recent(&b, entries, n, ledger);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

int pw_dashboard_obligations(pw_buf *b, const pw_dashboard_obligation *v, size_t n,
                             const pw_tsps *tsps, const char *today, long soon_days)
{
	size_t i, open = 0, overdue = 0, soon = 0, shown = 0;
	int rc;

	for (i = 0; i < n; i++) {
		const pw_obligation *o = v[i].ob;
		long days = pw_day_between(today, pw_obligation_next_date(o));
		if (o->status == PW_OBLIGATION_OVERDUE)
			overdue++;
		else if (o->status == PW_OBLIGATION_OPEN && days <= soon_days)
			soon++;
		open += o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE;
	}
	rc = pw_buf_printf(b,
	                   "\n## Obligations (%zu open: %zu overdue, %zu due within %ld days)\n\n",
	                   open, overdue, soon, soon_days);
	for (i = 0; i < n && rc == 0; i++) {
		const pw_obligation *o = v[i].ob;
		const pw_obligation_milestone *next = pw_obligation_next(o);
		const pw_tsp *t = tsps ? pw_tsps_find(tsps, o->tsp) : NULL;
		long days = pw_day_between(today, pw_obligation_next_date(o));
		if (o->status != PW_OBLIGATION_OPEN && o->status != PW_OBLIGATION_OVERDUE)
			continue;
		if (shown++ == LIST_MAX) {
			rc = pw_buf_printf(b, "- … and more (label `obligation`)\n");
			break;
		}
		rc = pw_buf_puts(b, o->status == PW_OBLIGATION_OVERDUE ? "- **overdue** "
		                    : days <= soon_days                ? "- **due soon** "
		                                                       : "- ");
		if (rc == 0)
			rc = v[i].number > 0 ? pw_buf_printf(b, "#%ld ", v[i].number)
			                     : pw_buf_puts(b, "(new) ");
		if (rc == 0)
			rc = pw_mdsafe_github_max(b, t && t->name ? t->name : o->tsp, 100);
		if (rc == 0)
			rc = pw_buf_puts(b, ": ");
		if (rc == 0)
			rc = pw_mdsafe_github_max(b, o->what, 200);
		if (rc == 0)
			rc = pw_buf_puts(b, " — next: ");
		if (rc == 0)
			rc = next ? pw_mdsafe_github_max(b, next->what, 100)
			          : pw_buf_puts(b, "due date");
		if (rc == 0)
			rc = pw_buf_printf(b, ", %s (%s %ld day%s); due %s\n",
			                   pw_obligation_next_date(o),
			                   days < 0 ? "overdue by" : "in", days < 0 ? -days : days,
			                   days == 1 || days == -1 ? "" : "s", o->due);
	}
	if (rc == 0 && open == 0)
		rc = pw_buf_puts(b, "None open.\n");
	return rc;
}
