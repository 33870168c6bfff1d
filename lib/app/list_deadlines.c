/* The deadlines use case (list_deadlines.h). */
#include "app/list_deadlines.h"

#include "tsp/applicability.h"
#include "tsp/ics.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

/* The overdue replies, one per TSP and change (the first form that asked):
 * r is sorted by reply-by date, so the first seen is the earliest. */
static int overdue(const pw_deadlines_replies *r, size_t i)
{
	size_t j;
	if (r->items[i].days >= 0)
		return 0;
	for (j = 0; j < i; j++)
		if (r->items[j].item == r->items[i].item &&
		    strcmp(r->items[j].form->tsp, r->items[i].form->tsp) == 0)
			return 0;
	return 1;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The change's distinct effective dates that bind the TSP `t`
 * (pw_applicability_binds; NULL: any), in order, into e->dates. */
static int distinct_dates(pw_list_deadlines_entry *e, const pw_change *c, const pw_tsp *t)
{
	size_t i, k;
	e->ndates = 0;
	if (!(e->dates = malloc((c->cls.ndates ? c->cls.ndates : 1) * sizeof(*e->dates))))
		return pw_error_oom();
	for (i = 0; i < c->cls.ndates; i++) {
		int seen = t && !pw_applicability_binds(&c->cls.dates[i], t);
		for (k = 0; k < e->ndates; k++)
			seen |= strcmp(e->dates[k], c->cls.dates[i].date) == 0;
		if (!seen)
			e->dates[e->ndates++] = c->cls.dates[i].date;
	}
	qsort(e->dates, e->ndates, sizeof(*e->dates), by_str);
	return 0;
}

static pw_list_deadlines_entry *add(pw_list_deadlines_result *r, int kind)
{
	pw_list_deadlines_entry *e = &r->entries[r->count++];
	e->kind = kind;
	return e;
}

/* The list: overdue replies and obligation dates are before today,
 * effective dates from today on. */
static int merge(pw_list_deadlines_result *r, const pw_tsps *tsps)
{
	const pw_deadlines_obligs *od = &r->obligations;
	size_t i, o = 0, n = r->deadlines.count + r->replies.count + od->count;
	if (!(r->entries = calloc(n ? n : 1, sizeof(*r->entries))))
		return pw_error_oom();
	for (i = 0; i < r->replies.count; i++)
		if (overdue(&r->replies, i)) {
			pw_list_deadlines_entry *e = add(r, PW_LIST_DEADLINES_REPLY);
			e->reply = &r->replies.items[i];
			if (distinct_dates(e, &e->reply->item->change,
			                   pw_tsps_find(tsps, e->reply->form->tsp)) < 0)
				return PW_ENOMEM;
		}
	for (; o < od->count && od->items[o].days < 0; o++)
		add(r, PW_LIST_DEADLINES_OBLIGATION)->obligation = &od->items[o];
	for (i = 0; i < r->deadlines.count; i++) {
		const pw_deadline *x = &r->deadlines.items[i];
		/* the obligation dates up to this one, in date order */
		for (; o < od->count && strcmp(od->items[o].date, x->date) <= 0; o++)
			add(r, PW_LIST_DEADLINES_OBLIGATION)->obligation = &od->items[o];
		add(r, PW_LIST_DEADLINES_EFFECTIVE)->effective = x;
	}
	for (; o < od->count; o++)
		add(r, PW_LIST_DEADLINES_OBLIGATION)->obligation = &od->items[o];
	return 0;
}

/* Reply-by events: one per form in r. */
static size_t nforms(const pw_deadlines_replies *r)
{
	size_t i, n = 0;
	for (i = 0; i < r->count; i++)
		n += i == 0 || r->items[i].form != r->items[i - 1].form;
	return n;
}

static int write_ics(pw_list_deadlines_result *r, const pw_list_deadlines_opts *opts)
{
	pw_buf ics = PW_BUF_INIT;
	int rc;
	if ((rc = pw_ics_calendar(&ics, &r->deadlines, &r->replies, &r->obligations, opts->tsp)) ==
	        0 &&
	    (rc = pw_file_write_atomic(opts->ics, ics.ptr, ics.len)) == 0)
		r->nevents = r->deadlines.count + nforms(&r->replies) + r->obligations.count;
	pw_buf_clear(&ics);
	return rc;
}

int pw_list_deadlines_run(pw_list_deadlines_result *out, pw_workspace *ws,
                          const pw_list_deadlines_opts *opts)
{
	pw_list_deadlines_opts none = PW_LIST_DEADLINES_OPTS_INIT;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *tsps;
	const pw_issued *issued;
	const pw_obligctx *ctx;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if ((rc = pw_workspace_today(&out->today, ws)) < 0 ||
	    (rc = pw_workspace_tsps(&tsps, ws)) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_deadlines_collect(&out->deadlines, set, ledger, tsps, out->today,
	                               opts->within)) < 0 ||
	    (rc = pw_workspace_issued(&issued, ws)) < 0 ||
	    (rc = pw_deadlines_collect_replies(&out->replies, set, ledger, tsps, issued, out->today,
	                                       opts->within)) < 0 ||
	    (rc = pw_workspace_obligations(&ctx, ws, out->today, opts->tsp)) < 0 ||
	    (rc = pw_deadlines_collect_obligations(&out->obligations, &ctx->obligations, tsps,
	                                           out->today, opts->within)) < 0 ||
	    (opts->ics && (rc = write_ics(out, opts)) < 0))
		return rc;
	return merge(out, tsps);
}

void pw_list_deadlines_result_clear(pw_list_deadlines_result *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		free(r->entries[i].dates);
	free(r->entries);
	pw_deadlines_clear(&r->deadlines);
	pw_deadlines_clear_replies(&r->replies);
	pw_deadlines_clear_obligations(&r->obligations);
	memset(r, 0, sizeof(*r));
}
