#include "publish/dashboard.h"

#include "util/mdsafe.h"
#include "util/strlist.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HORIZON_DAYS 180
#define RECENT_MAX   10
#define LIST_MAX     100

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

/* Why none of the group's changes has a normative effect (the lead's
 * reason), or NULL when one may have. */
static const char *noise_of(const pw_issue_group *g, const pw_noise *noise)
{
	const char *why = NULL;
	size_t i;
	for (i = 0; i < g->count; i++) {
		const pw_change *c = &g->items[i]->change;
		const char *w = pw_noise_why(noise, c->cls.kind, c->subject);
		if (!w)
			return NULL;
		if (!why)
			why = w;
	}
	return why;
}

static int put_ref_of(pw_buf *b, const pw_dashboard_entry *e, const pw_change *c, int source)
{
	int rc = e->number > 0 ? pw_buf_printf(b, "#%ld ", e->number) : pw_buf_puts(b, "(new) ");
	if (rc == 0 && source)
		rc = pw_buf_printf(b, "`%s` ", c->source);
	if (rc == 0 && c->cls.ballot) {
		rc = pw_buf_puts(b, "**");
		if (rc == 0)
			rc = pw_mdsafe_github(b, c->cls.ballot);
		if (rc == 0)
			rc = pw_buf_puts(b, "** ");
	}
	if (rc == 0) /* a draft: what its branch proposes (change.h) */
		rc = pw_mdsafe_github(
		    b, c->status == PW_STATUS_PROPOSED && c->proposal ? c->proposal : c->subject);
	return rc;
}

static int put_ref(pw_buf *b, const pw_dashboard_entry *e)
{
	return put_ref_of(b, e, pw_issue_group_lead(e->group), 1);
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
	const char *change; /* the ballot or id of the change stating it */
} upcoming;

static int by_date(const void *a, const void *b)
{
	const upcoming *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : (x->e->number > y->e->number) - (x->e->number < y->e->number);
}

/* A draft branch's issue (or "(new)"), source and branch name; `branch`
 * points at ":branch:" in the group key. */
static int put_branch(pw_buf *b, const pw_dashboard_entry *e, const pw_change *c,
                      const char *branch)
{
	int rc = e->number > 0 ? pw_buf_printf(b, "#%ld ", e->number) : pw_buf_puts(b, "(new) ");
	if (rc == 0)
		rc = pw_buf_printf(b, "`%s` draft branch ", c->source);
	if (rc == 0)
		rc = pw_mdsafe_code(b, branch + strlen(":branch:"));
	return rc;
}

/* A draft's issue and what it proposes: a draft branch without a ballot by
 * its branch and what it proposes (change.h); without a proposal, when its
 * newest commit is noise (a merge of main into it, an applied review
 * suggestion: its change is still the branch's whole proposal), by its
 * branch and why, not by that commit's subject; else as any change. */
static int put_draft(pw_buf *b, const pw_dashboard_entry *e, const pw_noise *noise)
{
	const pw_issue_group *g = e->group;
	const pw_change *c = pw_issue_group_lead(g);
	const char *branch = strstr(g->key, ":branch:");
	const char *why = pw_noise_why(noise, NULL, c->subject);
	int rc;
	if (branch && !c->cls.ballot && c->proposal) {
		rc = put_branch(b, e, c, branch);
		if (rc == 0)
			rc = pw_buf_puts(b, ": ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, c->proposal);
	} else if (why && branch && !c->cls.ballot) {
		rc = put_branch(b, e, c, branch);
		if (rc == 0)
			rc = pw_buf_puts(b, " (newest commit: ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, why);
		if (rc == 0)
			rc = pw_buf_putc(b, ')');
	} else
		rc = put_ref(b, e);
	return rc;
}

/* The effective dates a draft's changes propose, each after `lead` the
 * first time. */
static int put_proposed(pw_buf *b, const pw_issue_group *g, const char *lead)
{
	size_t j, k, shown = 0;
	int rc = 0;
	for (j = 0; j < g->count && rc == 0; j++) {
		const pw_classification *cl = &g->items[j]->change.cls;
		for (k = 0; k < cl->ndates && rc == 0; k++)
			rc = pw_buf_printf(b, "%s%s", shown++ ? ", " : lead, cl->dates[k].date);
	}
	return rc;
}

/* Stale drafts (rules/noise.json's stale rule): out of "In discussion", one
 * line each: what it proposes, the dates it proposed (none is still to
 * come) and the date of its newest commit. */
static int put_stale(pw_buf *b, const pw_dashboard_entry **v, size_t nv, size_t nstale,
                     const pw_noise *noise)
{
	size_t i, listed = 0;
	int rc = pw_buf_printf(b, "\n## Stale drafts (%zu)\n\n", nstale);
	if (rc == 0 && noise && noise->stale_why) {
		rc = pw_buf_puts(b, "Left standing: ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, noise->stale_why);
		if (rc == 0)
			rc =
			    pw_buf_puts(b, ". Their issues carry the label `stale` until the draft "
			                   "gets a new commit.\n\n");
	}
	for (i = 0; i < nv && rc == 0; i++) {
		const pw_issue_group *g = v[i]->group;
		if (!pw_issue_stale(g))
			continue;
		if (listed++ == LIST_MAX) {
			rc = pw_buf_printf(b, "- … and %zu more (label `stale`)\n",
			                   nstale - LIST_MAX);
			break;
		}
		rc = pw_buf_puts(b, "- ");
		if (rc == 0)
			rc = put_draft(b, v[i], noise);
		if (rc == 0)
			rc = put_proposed(b, g, " — proposed ");
		if (rc == 0)
			rc =
			    pw_buf_printf(b, " — newest commit %s\n", pw_issue_group_lead(g)->date);
	}
	return rc;
}

/* Drafts: ballots and versions under discussion, with the effective dates
 * they propose (not adopted: no sign-off is asked yet), named as put_draft
 * says. */
static int put_discussion(pw_buf *b, const pw_dashboard_entry *entries, size_t n,
                          const pw_noise *noise)
{
	const pw_dashboard_entry **v;
	size_t nv = 0, nstale = 0, i, listed = 0;
	int rc;
	if (!(v = sorted_waiting(entries, n, &nv, 1)))
		return pw_error_oom();
	for (i = 0; i < nv; i++)
		nstale += pw_issue_stale(v[i]->group);
	rc = pw_buf_printf(b, "\n## In discussion (%zu)\n\n", nv - nstale);
	for (i = 0; i < nv && rc == 0; i++) {
		const pw_issue_group *g = v[i]->group;
		if (pw_issue_stale(g))
			continue;
		if (listed++ == LIST_MAX) {
			rc = pw_buf_printf(b, "- … and %zu more (label `proposed`)\n",
			                   nv - nstale - LIST_MAX);
			break;
		}
		rc = pw_buf_puts(b, "- ");
		if (rc == 0)
			rc = put_draft(b, v[i], noise);
		if (rc == 0)
			rc = put_proposed(b, g, " — proposes ");
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && nv == nstale)
		rc = pw_buf_puts(b, "No draft ballot or policy version.\n");
	if (rc == 0 && nstale)
		rc = put_stale(b, v, nv, nstale, noise);
	free(v);
	return rc;
}

/* What a derived deadline is: " — derived: Apple: follow CCADB-2.1 (within
 * 14 days of publication)". */
static int put_derived(pw_buf *b, const pw_effective_date *d, const char *change)
{
	pw_buf what = PW_BUF_INIT;
	int rc = pw_classify_date_what(&what, d, change);
	if (rc == 0)
		rc = pw_buf_puts(b, " — derived: ");
	if (rc == 0)
		rc = pw_mdsafe_github(b, what.ptr ? what.ptr : "");
	pw_buf_clear(&what);
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
				u[nu].change = c->ballot ? c->ballot : g->items[j]->change.id;
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
		if (rc == 0 && u[i].d->derived)
			rc = put_derived(b, u[i].d, u[i].change);
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

/* How many TSPs an applicable decision applies to: the officer's --tsp
 * list, else the computed "applies_to" the sign-off recorded. */
static size_t applies_count(const pw_ledger_entry *e)
{
	const cJSON *a = e->extra ? cJSON_GetObjectItemCaseSensitive(e->extra, "applies_to") : NULL;
	if (e->ntsps)
		return e->ntsps;
	return cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0;
}

static int applicable(const pw_ledger_entry *e)
{
	return e->decision && strcmp(e->decision, "applicable") == 0;
}

/* The newest decisions with their issue's title and, when applicable, how
 * many of the TSPs answered; first the answers over every applicable
 * decision (counts only: the dashboard names no TSP). */
static int put_recent(pw_buf *b, const pw_dashboard_entry *entries, size_t n,
                      const pw_ledger *ledger)
{
	const pw_ledger_entry **v;
	size_t i, count = ledger ? ledger->count : 0, asked = 0, answered = 0, napp = 0;
	int rc = pw_buf_puts(b, "\n## Recently signed off\n\n");

	if (rc < 0 || count == 0)
		return rc < 0 ? rc : pw_buf_puts(b, "None yet.\n");
	if (!(v = calloc(count, sizeof(*v))))
		return pw_error_oom();
	for (i = 0; i < count; i++) {
		size_t want = applies_count(&ledger->items[i]);
		v[i] = &ledger->items[i];
		if (!applicable(v[i]))
			continue;
		napp++;
		asked += want;
		answered += v[i]->nresponded < want ? v[i]->nresponded : want;
	}
	if (napp)
		rc = pw_buf_printf(b,
		                   "TSP answers to the %zu applicable decision%s: %zu of %zu "
		                   "received.\n\n",
		                   napp, napp == 1 ? "" : "s", answered, asked);
	qsort(v, count, sizeof(*v), by_time_desc);
	for (i = 0; i < count && i < RECENT_MAX && rc == 0; i++) {
		const pw_dashboard_entry *e = entry_of(entries, n, v[i]->change);
		const pw_change *c = NULL;
		size_t j;
		for (j = 0; e && j < e->group->count && !c; j++)
			if (strcmp(e->group->items[j]->change.id, v[i]->change) == 0)
				c = &e->group->items[j]->change;
		rc = pw_buf_printf(b, "- %.10s **", v[i]->time);
		if (rc == 0)
			rc = pw_mdsafe_github(b, v[i]->decision);
		rc = rc == 0 ? pw_buf_puts(b, "** ") : rc;
		if (rc == 0)
			rc = c ? put_ref_of(b, e, c, 1) : pw_mdsafe_code(b, v[i]->change);
		if (rc == 0 && applicable(v[i])) {
			size_t want = applies_count(v[i]);
			rc = want ? pw_buf_printf(b, " — TSP answers: %zu of %zu",
			                          v[i]->nresponded < want ? v[i]->nresponded : want,
			                          want)
			          : pw_buf_puts(b, " — applies to no TSP");
		}
		if (rc == 0 && v[i]->officer_name) {
			rc = pw_buf_puts(b, " — by ");
			if (rc == 0)
				rc = pw_mdsafe_github(b, v[i]->officer_name);
		}
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	free(v);
	return rc;
}

static int put_waiting_line(pw_buf *b, const pw_dashboard_entry *e, const char *why,
                            const char *today)
{
	long age = pw_day_between(since(e), today);
	int rc;
	if (age < 0) /* a clock behind the upstream's */
		age = 0;
	rc = pw_buf_puts(b, "- ");
	if (rc == 0)
		rc = put_ref_of(b, e, pw_issue_group_lead(e->group), 0);
	if (rc == 0 && why) {
		rc = pw_buf_puts(b, " — ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, why);
	}
	if (rc == 0)
		rc = pw_buf_printf(b, " — waiting %ld day%s (since %s)\n", age, age == 1 ? "" : "s",
		                   since(e));
	return rc;
}

/* The noise of one source, collapsed: each with why, then the bulk
 * sign-off per kind found. */
static int put_noise(pw_buf *b, const pw_dashboard_entry **v, size_t nv, const char *source,
                     size_t count, const pw_noise *noise, const char *today)
{
	pw_strlist kinds = PW_STRLIST_INIT;
	size_t i, shown = 0;
	int rc = pw_buf_printf(b,
	                       "\n<details><summary>%zu with no normative effect (sign off in "
	                       "bulk)</summary>\n\n",
	                       count);
	for (i = 0; i < nv && rc == 0; i++) {
		const pw_change *c = pw_issue_group_lead(v[i]->group);
		const char *why = noise_of(v[i]->group, noise);
		if (!why || strcmp(c->source, source) != 0)
			continue;
		if (shown++ == LIST_MAX) {
			rc = pw_buf_puts(b, "- … and more (label `needs-signoff`)\n");
			break;
		}
		rc = put_waiting_line(b, v[i], why, today);
		if (rc == 0 && c->cls.kind && pw_noise_why(noise, c->cls.kind, NULL))
			rc = pw_strlist_add_unique(&kinds, c->cls.kind);
	}
	for (i = 0; i < kinds.count && rc == 0; i++)
		rc = pw_buf_printf(b,
		                   "%s`pkiwatch signoff --kind %s --source %s --decision "
		                   "not-applicable`",
		                   i ? ", " : "\nIn bulk: ", kinds.items[i], source);
	if (rc == 0)
		rc = pw_buf_puts(b, kinds.count ? "\n\n</details>\n" : "\n</details>\n");
	pw_strlist_clear(&kinds);
	return rc;
}

/* What awaits sign-off, by source: the ballots and versions (oldest wait
 * first), then the changes with no normative effect collapsed. */
static int put_awaiting(pw_buf *b, const pw_dashboard_entry *entries, size_t n,
                        const pw_noise *noise, const char *today)
{
	const pw_dashboard_entry **v;
	pw_strlist sources = PW_STRLIST_INIT;
	size_t nv = 0, i, k;
	int rc;

	if (!(v = sorted_waiting(entries, n, &nv, 0)))
		return pw_error_oom();
	rc = pw_buf_printf(b, "## Awaiting sign-off (%zu)\n\n", nv);
	for (i = 0; i < nv && rc == 0; i++)
		rc = pw_strlist_add_unique(&sources, pw_issue_group_lead(v[i]->group)->source);
	for (k = 0; k < sources.count && rc == 0; k++) {
		const char *src = sources.items[k];
		size_t count = 0, nnoise = 0, shown = 0;
		for (i = 0; i < nv; i++) {
			if (strcmp(pw_issue_group_lead(v[i]->group)->source, src) != 0)
				continue;
			count++;
			nnoise += noise_of(v[i]->group, noise) != NULL;
		}
		rc = pw_buf_printf(b, "%s### `%s` (%zu)\n\n", k ? "\n" : "", src, count);
		for (i = 0; i < nv && rc == 0; i++) {
			if (strcmp(pw_issue_group_lead(v[i]->group)->source, src) != 0 ||
			    noise_of(v[i]->group, noise))
				continue;
			if (shown++ == LIST_MAX) { /* the body must stay under GitHub's limit */
				rc = pw_buf_puts(b, "- … and more (label `needs-signoff`)\n");
				break;
			}
			rc = put_waiting_line(b, v[i], NULL, today);
		}
		if (rc == 0 && nnoise)
			rc = put_noise(b, v, nv, src, nnoise, noise, today);
	}
	if (rc == 0 && nv == 0)
		rc = pw_buf_puts(b, "Nothing: every change is signed off.\n");
	pw_strlist_clear(&sources);
	free(v);
	return rc;
}

char *pw_dashboard_body(const pw_dashboard_entry *entries, size_t n, const pw_ledger *ledger,
                        const pw_noise *noise, const char *today)
{
	pw_buf b = PW_BUF_INIT;
	int rc;

	rc = pw_buf_printf(&b,
	                   PW_DASHBOARD_MARKER "\n\nMaintained by pkiwatch; updated %s. "
	                                       "Edits here are overwritten.\n\n",
	                   today);
	if (rc == 0)
		rc = put_awaiting(&b, entries, n, noise, today);
	if (rc == 0)
		rc = put_discussion(&b, entries, n, noise);
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
