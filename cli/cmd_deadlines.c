/* pkiwatch deadlines: upcoming effective dates of the applicable changes,
 * soonest first, and an iCalendar file of them. */
#include "tool.h"

#include "util/buf.h"
#include "classify/changeset.h"
#include "tsp/deadlines.h"
#include "util/error.h"
#include "util/fileio.h"
#include "tsp/ics.h"
#include "tsp/issued.h"
#include "ledger/ledger.h"
#include "core/tsp.h"
#include "tsp/obligctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Lists the effective dates, from today on, of the changes signed off as applicable\n"
    "that apply to a TSP (tsps/<id>.json), with the TSPs they apply to, and the overdue\n"
    "responses: changes of an issued form (ledger/forms/, see 'pkiwatch forms') whose\n"
    "reply-by date has passed without the TSP's response, with the change's effective\n"
    "dates; and the dates of the TSPs' open obligations (see 'pkiwatch obligations'):\n"
    "each milestone not done and the due date, overdue ones first; all in one list,\n"
    "soonest first.\n";

static const char after[] = "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date.\n";

typedef struct {
	long within;
	const char *tsp, *ics;
	int json;
} args;

/* Upstream text on a terminal: control characters become spaces. */
static void put_text(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void when_text(char *out, size_t n, long days)
{
	if (days == 0)
		snprintf(out, n, "today");
	else if (days < 0)
		snprintf(out, n, "%ld day%s ago", -days, days == -1 ? "" : "s");
	else
		snprintf(out, n, "in %ld day%s", days, days == 1 ? "" : "s");
}

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

/* The change's distinct effective dates, in order, into `out` (at most
 * c->cls.ndates; caller frees); the count in *n. */
static int distinct_dates(const pw_change *c, const char ***out, size_t *n)
{
	size_t i, k;
	*n = 0;
	if (!(*out = malloc((c->cls.ndates ? c->cls.ndates : 1) * sizeof(**out))))
		return pw_error_oom();
	for (i = 0; i < c->cls.ndates; i++) {
		int seen = 0;
		for (k = 0; k < *n; k++)
			seen |= strcmp((*out)[k], c->cls.dates[i].date) == 0;
		if (!seen)
			(*out)[(*n)++] = c->cls.dates[i].date;
	}
	qsort(*out, *n, sizeof(**out), by_str);
	return 0;
}

static int put_dates(const pw_change *c)
{
	const char **dates;
	size_t i, n;
	if (distinct_dates(c, &dates, &n) < 0)
		return PW_ENOMEM;
	for (i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", dates[i]);
	if (!n)
		printf("none stated");
	free(dates);
	return 0;
}

static int print_overdue(const pw_deadlines_reply *x)
{
	const pw_change *c = &x->item->change;
	char when[48];
	when_text(when, sizeof(when), x->days);
	printf("%s  %-12s  %-8s  %s  reply overdue from %s\n    form %s of %s; effective ",
	       x->form->reply_by, when, c->cls.ballot ? c->cls.ballot : "-", c->id, x->form->tsp,
	       x->form->form, x->form->generated);
	if (put_dates(c) < 0)
		return PW_ENOMEM;
	printf("\n");
	return 0;
}

static void print_oblig(const pw_deadlines_oblig *x)
{
	char when[48];
	when_text(when, sizeof(when), x->days);
	printf("%s  %-12s  %-8s  %s  %s of %s", x->date, when, "-", x->ob->id,
	       x->days < 0 ? "overdue obligation" : "obligation", x->ob->tsp);
	if (x->milestone)
		printf(": milestone %zu of %zu, ", x->milestone, x->ob->nmilestones);
	else
		printf(": due, ");
	put_text(x->milestone ? x->what : "the obligation met");
	printf("\n    ");
	put_text(x->ob->what);
	printf("\n");
}

static int print_text(const pw_deadlines *d, const pw_deadlines_replies *r,
                      const pw_deadlines_obligs *od, const char *day)
{
	size_t i, j, k = 0, o = 0, nover = 0;
	for (i = 0; i < r->count; i++)
		nover += overdue(r, i);
	if (!d->count && !nover && !od->count)
		printf("no upcoming effective date of an applicable change, no overdue "
		       "response and no open obligation (today is %s)\n",
		       day);
	/* overdue replies and obligation dates are before today, effective dates
	 * from today on */
	for (k = 0; k < r->count; k++)
		if (overdue(r, k) && print_overdue(&r->items[k]) < 0)
			return PW_ENOMEM;
	for (; o < od->count && od->items[o].days < 0; o++)
		print_oblig(&od->items[o]);
	for (i = 0; i < d->count; i++) {
		const pw_deadline *x = &d->items[i];
		const pw_change *c = &x->item->change;
		char when[48];
		/* the obligation dates up to this one, in date order */
		for (; o < od->count && strcmp(od->items[o].date, x->date) <= 0; o++)
			print_oblig(&od->items[o]);
		when_text(when, sizeof(when), x->days);
		printf("%s  %-12s  %-8s  %s  for", x->date, when,
		       c->cls.ballot ? c->cls.ballot : "-", c->id);
		for (j = 0; j < x->ntsps; j++)
			printf(" %s", x->tsps[j]);
		printf("\n    ");
		put_text(x->first->text && *x->first->text ? x->first->text : c->subject);
		printf("\n");
	}
	for (; o < od->count; o++)
		print_oblig(&od->items[o]);
	return 0;
}

static int add_change(cJSON *o, const pw_change *c)
{
	return cJSON_AddStringToObject(o, "change", c->id) &&
	       (c->cls.ballot ? cJSON_AddStringToObject(o, "ballot", c->cls.ballot) != NULL
	                      : cJSON_AddNullToObject(o, "ballot") != NULL) &&
	       cJSON_AddStringToObject(o, "subject", c->subject ? c->subject : "");
}

static int overdue_json(cJSON *arr, const pw_deadlines_reply *x)
{
	const pw_change *c = &x->item->change;
	cJSON *o, *arr2;
	const char **dates;
	size_t i, n;
	int ok = (o = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, o) &&
	         cJSON_AddStringToObject(o, "kind", "reply-overdue") &&
	         cJSON_AddStringToObject(o, "date", x->form->reply_by) &&
	         cJSON_AddNumberToObject(o, "days", (double)x->days) && add_change(o, c) &&
	         cJSON_AddStringToObject(o, "url", c->url ? c->url : "") &&
	         cJSON_AddStringToObject(o, "tsp", x->form->tsp) &&
	         cJSON_AddStringToObject(o, "form", x->form->form) &&
	         cJSON_AddStringToObject(o, "generated", x->form->generated) &&
	         (arr2 = cJSON_AddArrayToObject(o, "effective_dates")) != NULL;
	if (!ok || distinct_dates(c, &dates, &n) < 0)
		return 0;
	for (i = 0; ok && i < n; i++)
		ok = cJSON_AddItemToArray(arr2, cJSON_CreateString(dates[i]));
	free(dates);
	return ok;
}

static int oblig_json(cJSON *arr, const pw_deadlines_oblig *x)
{
	cJSON *o, *ch;
	size_t i;
	int ok =
	    (o = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, o) &&
	    cJSON_AddStringToObject(o, "kind",
	                            x->milestone ? "obligation-milestone" : "obligation-due") &&
	    cJSON_AddStringToObject(o, "date", x->date) &&
	    cJSON_AddNumberToObject(o, "days", (double)x->days) &&
	    cJSON_AddStringToObject(o, "obligation", x->ob->id) &&
	    cJSON_AddStringToObject(o, "tsp", x->ob->tsp) &&
	    (x->milestone ? cJSON_AddNumberToObject(o, "milestone", (double)x->milestone) != NULL
	                  : cJSON_AddNullToObject(o, "milestone") != NULL) &&
	    cJSON_AddStringToObject(o, "text", x->milestone ? x->what : "due") &&
	    cJSON_AddStringToObject(o, "what", x->ob->what) &&
	    cJSON_AddStringToObject(o, "due", x->ob->due) &&
	    cJSON_AddStringToObject(o, "status", pw_obligation_status_name(x->ob->status)) &&
	    (ch = cJSON_AddArrayToObject(o, "changes")) != NULL;
	for (i = 0; ok && x->ob->changes[i]; i++)
		ok = cJSON_AddItemToArray(ch, cJSON_CreateString(x->ob->changes[i]));
	return ok;
}

static int print_json(const pw_deadlines *d, const pw_deadlines_replies *r,
                      const pw_deadlines_obligs *od)
{
	cJSON *arr = cJSON_CreateArray(), *o, *t;
	char *s;
	size_t i, j, k = 0;
	int ok = arr != NULL;
	for (i = 0; ok && i < r->count; i++)
		if (overdue(r, i))
			ok = overdue_json(arr, &r->items[i]);
	for (; ok && k < od->count && od->items[k].days < 0; k++)
		ok = oblig_json(arr, &od->items[k]);
	for (i = 0; ok && i < d->count; i++) {
		const pw_deadline *x = &d->items[i];
		const pw_change *c = &x->item->change;
		for (; ok && k < od->count && strcmp(od->items[k].date, x->date) <= 0; k++)
			ok = oblig_json(arr, &od->items[k]);
		if (!ok)
			break;
		ok = (o = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, o) &&
		     cJSON_AddStringToObject(o, "kind", "effective") &&
		     cJSON_AddStringToObject(o, "date", x->date) &&
		     cJSON_AddNumberToObject(o, "days", (double)x->days) && add_change(o, c) &&
		     cJSON_AddStringToObject(o, "text", x->first->text ? x->first->text : "") &&
		     cJSON_AddStringToObject(o, "url", c->url ? c->url : "") &&
		     (t = cJSON_AddArrayToObject(o, "tsps")) != NULL;
		for (j = 0; ok && j < x->ntsps; j++)
			ok = cJSON_AddItemToArray(t, cJSON_CreateString(x->tsps[j]));
	}
	for (; ok && k < od->count; k++)
		ok = oblig_json(arr, &od->items[k]);
	s = ok ? cJSON_Print(arr) : NULL;
	cJSON_Delete(arr);
	if (!s)
		return pw_error_oom();
	printf("%s\n", s);
	free(s);
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

static int run(pw_workspace *ws, const args *a)
{
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *tsps;
	const pw_issued *issued;
	const char *day;
	pw_deadlines d = {NULL, 0, NULL, 0};
	pw_deadlines_replies replies = {NULL, 0};
	const pw_obligctx *ctx;
	pw_deadlines_obligs od = {NULL, 0};
	pw_buf ics = PW_BUF_INIT;
	size_t i;
	int rc;

	if ((rc = pw_workspace_today(&day, ws)) < 0 || (rc = pw_workspace_tsps(&tsps, ws)) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = pw_deadlines_collect(&d, set, ledger, tsps, day, a->within)) < 0 ||
	    (rc = pw_workspace_issued(&issued, ws)) < 0 ||
	    (rc = pw_deadlines_collect_replies(&replies, set, ledger, tsps, issued, day,
	                                       a->within)) < 0 ||
	    (rc = pw_workspace_obligations(&ctx, ws, day, a->tsp)) < 0 ||
	    (rc = pw_deadlines_collect_obligations(&od, &ctx->obligations, tsps, day, a->within)) <
	        0)
		goto fail;
	for (i = 0; i < d.nmissing; i++)
		fprintf(stderr,
		        "pkiwatch: warning: ledger/%s.json: change not in the mirrors; left out\n",
		        d.missing[i]);
	if (a->ics && ((rc = pw_ics_calendar(&ics, &d, &replies, &od, a->tsp)) < 0 ||
	               (rc = pw_file_write_atomic(a->ics, ics.ptr, ics.len)) < 0))
		goto fail;
	if (a->json) {
		if ((rc = print_json(&d, &replies, &od)) < 0)
			goto fail;
	} else {
		if ((rc = print_text(&d, &replies, &od, day)) < 0)
			goto fail;
		if (a->ics) {
			size_t n = d.count + nforms(&replies) + od.count;
			printf("%zu event%s written to %s\n", n, n == 1 ? "" : "s", a->ics);
		}
	}
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	pw_buf_clear(&ics);
	pw_deadlines_clear(&d);
	pw_deadlines_clear_replies(&replies);
	pw_deadlines_clear_obligations(&od);
	return rc;
}

static int parse_within(const char *cmd, const char *text, void *value)
{
	char *end;
	long *within = value;
	*within = strtol(text, &end, 10);
	if (*end || end == text || *within < 0 || *within > 36500)
		return tool_usage(cmd, "--within takes 0 to 36500 days, not '%s'", text);
	return 0;
}

int cmd_deadlines(pw_tool *t, int argc, char **argv)
{
	args a = {-1, NULL, NULL, 0};
	const opt_spec spec[] = {
	    {.type = OPT_CALL,
	     .name = "within",
	     .value = &a.within,
	     .arg = "DAYS",
	     .parse = parse_within,
	     .help = "only dates at most DAYS days ahead"},
	    {.type = OPT_STRING,
	     .name = "tsp",
	     .value = &a.tsp,
	     .arg = "T",
	     .check = tool_check_tsp,
	     .help = "only changes that apply to TSP T"},
	    {.type = OPT_STRING,
	     .name = "ics",
	     .value = &a.ics,
	     .check = tool_check_out_file,
	     .arg = "FILE",
	     .help = "also write them as an iCalendar file (RFC 5545): one all-day\n"
	             "event per change and date, one per reply-by date of an issued\n"
	             "form still awaiting answers and one per milestone or due date of\n"
	             "an open obligation, with UIDs that stay the same across\n"
	             "runs so calendar clients update instead of duplicating (with\n"
	             "--tsp, the UIDs name the TSP: one TSP's calendar and another's\n"
	             "can be imported side by side)"},
	    TOOL_OPT_TEXT_JSON(&a.json),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"deadlines", about, after, 18, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, &a.tsp, a.tsp ? 1 : 0)) == 0)
		rc = run(t->ws, &a);
	return rc;
}
