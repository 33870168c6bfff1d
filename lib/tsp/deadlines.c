#include "tsp/deadlines.h"

#include "tsp/applicability.h"
#include "util/day.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pw_deadlines_clear(pw_deadlines *d)
{
	size_t i;
	for (i = 0; i < d->count; i++)
		free(d->items[i].tsps);
	free(d->items);
	free(d->missing);
	memset(d, 0, sizeof(*d));
}

static int by_date(const void *pa, const void *pb)
{
	const pw_deadline *a = pa, *b = pb;
	int r = strcmp(a->date, b->date);
	return r ? r : strcmp(a->item->change.id, b->item->change.id);
}

/* The ids of the TSPs the change applies to (NULL with *n = 0 when none). */
static int applies_to(const pw_changeset_item *it, const pw_ledger_entry *e, const pw_tsps *tsps,
                      const char ***ids, size_t *n)
{
	size_t i;
	int rc = 0;
	*ids = NULL;
	*n = 0;
	for (i = 0; i < tsps->count; i++) {
		pw_applicability a;
		const char **p;
		if ((rc = pw_applicability_decide_item(&a, it, e, &tsps->items[i])) < 0)
			goto fail;
		if (!a.rules)
			continue;
		pw_applicability_clear(&a);
		if (!(p = realloc(*ids, (*n + 1) * sizeof(*p)))) {
			rc = pw_error_oom();
			goto fail;
		}
		*ids = p;
		p[(*n)++] = tsps->items[i].id;
	}
	return 0;
fail:
	free(*ids);
	*ids = NULL;
	*n = 0;
	return rc; /* the failure's own code (an input error is not out of memory) */
}

static int add(pw_deadlines *out, const pw_changeset_item *it, const pw_ledger_entry *e,
               const pw_effective_date *d, long days, const char **ids, size_t n)
{
	pw_deadline *p;
	const char **copy = malloc(n * sizeof(*copy));
	if (!copy || !(p = realloc(out->items, (out->count + 1) * sizeof(*p)))) {
		free(copy);
		return pw_error_oom();
	}
	memcpy(copy, ids, n * sizeof(*copy));
	out->items = p;
	p = &out->items[out->count++];
	memcpy(p->date, d->date, 11);
	p->days = days;
	p->item = it;
	p->entry = e;
	p->first = d;
	p->tsps = copy;
	p->ntsps = n;
	return 0;
}

/* The date dates[j] of the change (its first statement), for the TSPs of
 * `ids` that one of the change's statements of that date binds
 * (pw_applicability_binds: a root program's derived deadline binds only the
 * TSPs in it); nothing when it binds none. */
static int add_bound(pw_deadlines *out, const pw_changeset_item *it, const pw_ledger_entry *e,
                     size_t j, long days, const pw_tsps *tsps, const char **ids, size_t n)
{
	const pw_classification *c = &it->change.cls;
	const char **in = malloc((n ? n : 1) * sizeof(*in));
	size_t k, l, m = 0;
	int rc = 0;
	if (!in)
		return pw_error_oom();
	for (k = 0; k < n; k++) {
		const pw_tsp *t = pw_tsps_find(tsps, ids[k]);
		int bound = 0;
		for (l = j; l < c->ndates && !bound; l++)
			bound = strcmp(c->dates[l].date, c->dates[j].date) == 0 && t &&
			        pw_applicability_binds(&c->dates[l], t);
		if (bound)
			in[m++] = ids[k];
	}
	if (m)
		rc = add(out, it, e, &c->dates[j], days, in, m);
	free(in);
	return rc;
}

int pw_deadlines_collect(pw_deadlines *out, const pw_changeset *set, const pw_ledger *ledger,
                         const pw_tsps *tsps, const char *today, long within)
{
	size_t i, j, k;
	long dummy;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_day_diff(&dummy, today, today)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < ledger->count; i++) {
		const pw_ledger_entry *e = &ledger->items[i];
		const pw_changeset_item *it;
		const char **ids = NULL;
		size_t n = 0;
		if (strcmp(e->decision, "applicable") != 0)
			continue;
		if (!(it = pw_changeset_find(set, e->change))) {
			const char **m = realloc(out->missing, (out->nmissing + 1) * sizeof(*m));
			if (!m) {
				rc = pw_error_oom();
				break;
			}
			out->missing = m;
			m[out->nmissing++] = e->change;
			continue;
		}
		if ((rc = applies_to(it, e, tsps, &ids, &n)) < 0 || n == 0)
			continue;
		for (j = 0; rc == 0 && j < it->change.cls.ndates; j++) {
			const pw_effective_date *d = &it->change.cls.dates[j];
			long days;
			int seen = 0;
			if (pw_day_diff(&days, today, d->date) < 0) {
				rc =
				    pw_error_prefix(PW_EINPUT, "%s: effective date", it->change.id);
				break;
			}
			if (days < 0 || (within >= 0 && days > within))
				continue;
			for (k = 0; k < j; k++)
				seen |= strcmp(it->change.cls.dates[k].date, d->date) == 0;
			if (!seen)
				rc = add_bound(out, it, e, j, days, tsps, ids, n);
		}
		free(ids);
	}
	if (rc < 0) {
		pw_deadlines_clear(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_date);
	return 0;
}

void pw_deadlines_clear_replies(pw_deadlines_replies *r)
{
	if (!r)
		return;
	free(r->items);
	memset(r, 0, sizeof(*r));
}

static int by_reply(const void *pa, const void *pb)
{
	const pw_deadlines_reply *a = pa, *b = pb;
	int c = strcmp(a->form->reply_by, b->form->reply_by);
	if (c)
		return c;
	if ((c = strcmp(a->form->form, b->form->form)) != 0)
		return c;
	/* the form's own order: pointers into the form's change list are not kept,
	 * so compare the positions of the change ids in it */
	{
		size_t i, ia = 0, ib = 0;
		for (i = 0; i < a->form->nchanges; i++) {
			if (strcmp(a->form->changes[i], a->item->change.id) == 0)
				ia = i;
			if (strcmp(a->form->changes[i], b->item->change.id) == 0)
				ib = i;
		}
		return ia < ib ? -1 : ia > ib;
	}
}

static int responded(const pw_ledger_entry *e, const char *tsp)
{
	size_t i;
	for (i = 0; i < e->nresponded; i++)
		if (strcmp(e->responded[i], tsp) == 0)
			return 1;
	return 0;
}

int pw_deadlines_collect_replies(pw_deadlines_replies *out, const pw_changeset *set,
                                 const pw_ledger *ledger, const pw_tsps *tsps,
                                 const pw_issued *issued, const char *today, long within)
{
	size_t i, j, k;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; rc == 0 && i < issued->count; i++) {
		const pw_issued_form *f = &issued->items[i];
		const pw_tsp *t = pw_tsps_find(tsps, f->tsp);
		long days;
		if (!t || f->superseded_by) /* a later form asks again, by its own date */
			continue;
		if ((rc = pw_day_diff(&days, today, f->reply_by)) < 0)
			break;
		if (days >= 0 && within >= 0 && days > within)
			continue;
		for (j = 0; rc == 0 && j < f->nchanges; j++) {
			const pw_ledger_entry *e = pw_ledger_find(ledger, f->changes[j]);
			const pw_changeset_item *it = pw_changeset_find(set, f->changes[j]);
			pw_applicability why;
			pw_deadlines_reply *p;
			int dup = 0;
			if (!e || !it || strcmp(e->decision, "applicable") != 0 ||
			    responded(e, t->id))
				continue;
			for (k = 0; k < j; k++)
				dup |= strcmp(f->changes[k], f->changes[j]) == 0;
			if (dup)
				continue;
			if ((rc = pw_applicability_decide_item(&why, it, e, t)) < 0)
				break;
			if (!why.rules)
				continue;
			pw_applicability_clear(&why);
			if (!(p = realloc(out->items, (out->count + 1) * sizeof(*p)))) {
				rc = pw_error_oom();
				break;
			}
			out->items = p;
			p[out->count].form = f;
			p[out->count].item = it;
			p[out->count].entry = e;
			p[out->count].days = days;
			out->count++;
		}
	}
	if (rc < 0) {
		pw_deadlines_clear_replies(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_reply);
	return 0;
}

void pw_deadlines_clear_obligations(pw_deadlines_obligs *d)
{
	free(d->items);
	memset(d, 0, sizeof(*d));
}

static int by_oblig_date(const void *pa, const void *pb)
{
	const pw_deadlines_oblig *a = pa, *b = pb;
	int r = strcmp(a->date, b->date);
	if (r == 0)
		r = strcmp(a->ob->id, b->ob->id);
	return r ? r : (a->milestone > b->milestone) - (a->milestone < b->milestone);
}

static int add_oblig_due(pw_deadlines_obligs *out, const pw_obligation *o, size_t milestone,
                         const char *date, const char *what, const char *today, long within)
{
	pw_deadlines_oblig *p;
	long days;
	int rc;
	if (!*date)
		return 0;
	if ((rc = pw_day_diff(&days, today, date)) < 0)
		return rc;
	if (days >= 0 && within >= 0 && days > within)
		return 0;
	if (!(p = realloc(out->items, (out->count + 1) * sizeof(*p))))
		return pw_error_oom();
	out->items = p;
	p = &out->items[out->count++];
	memcpy(p->date, date, 11);
	p->days = days;
	p->ob = o;
	p->milestone = milestone;
	p->what = what;
	return 0;
}

int pw_deadlines_collect_obligations(pw_deadlines_obligs *out, const pw_obligations *obs,
                                     const pw_tsps *tsps, const char *today, long within)
{
	size_t i, m;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; rc == 0 && i < obs->count; i++) {
		const pw_obligation *o = &obs->items[i];
		int due_is_milestone = 0;
		if (o->status == PW_OBLIGATION_MET || o->status == PW_OBLIGATION_WAIVED ||
		    !pw_tsps_find(tsps, o->tsp))
			continue;
		for (m = 0; rc == 0 && m < o->nmilestones; m++) {
			due_is_milestone |= strcmp(o->milestones[m].due, o->due) == 0;
			if (!o->milestones[m].done[0])
				rc = add_oblig_due(out, o, m + 1, o->milestones[m].due,
				                   o->milestones[m].what, today, within);
		}
		if (rc == 0 && !due_is_milestone)
			rc = add_oblig_due(out, o, 0, o->due, o->what, today, within);
	}
	if (rc < 0) {
		pw_deadlines_clear_obligations(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_oblig_date);
	return 0;
}
