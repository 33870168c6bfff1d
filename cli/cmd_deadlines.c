/* pkiwatch deadlines: upcoming effective dates of the applicable changes,
 * soonest first, and an iCalendar file of them. */
#include "tool.h"

#include "app/list_deadlines.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

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

static void put_dates(const pw_list_deadlines_entry *e)
{
	size_t i;
	for (i = 0; i < e->ndates; i++)
		printf("%s%s", i ? ", " : "", e->dates[i]);
	if (!e->ndates)
		printf("none stated");
}

static void print_overdue(const pw_list_deadlines_entry *e)
{
	const pw_deadlines_reply *x = e->reply;
	const pw_change *c = &x->item->change;
	char when[48];
	when_text(when, sizeof(when), x->days);
	printf("%s  %-12s  %-8s  %s  reply overdue from %s\n    form %s of %s; effective ",
	       x->form->reply_by, when, c->cls.ballot ? c->cls.ballot : "-", c->id, x->form->tsp,
	       x->form->form, x->form->generated);
	put_dates(e);
	printf("\n");
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

static void print_effective(const pw_deadline *x)
{
	const pw_change *c = &x->item->change;
	char when[48];
	size_t j;
	when_text(when, sizeof(when), x->days);
	printf("%s  %-12s  %-8s  %s  for", x->date, when, c->cls.ballot ? c->cls.ballot : "-",
	       c->id);
	for (j = 0; j < x->ntsps; j++)
		printf(" %s", x->tsps[j]);
	printf("\n    ");
	put_text(x->first->text && *x->first->text ? x->first->text : c->subject);
	printf("\n");
}

static void print_text(const pw_list_deadlines_result *r)
{
	size_t i;
	if (!r->count)
		printf("no upcoming effective date of an applicable change, no overdue "
		       "response and no open obligation (today is %s)\n",
		       r->today);
	for (i = 0; i < r->count; i++) {
		const pw_list_deadlines_entry *e = &r->entries[i];
		if (e->kind == PW_LIST_DEADLINES_REPLY)
			print_overdue(e);
		else if (e->kind == PW_LIST_DEADLINES_OBLIGATION)
			print_oblig(e->obligation);
		else
			print_effective(e->effective);
	}
}

static int add_change(cJSON *o, const pw_change *c)
{
	return cJSON_AddStringToObject(o, "change", c->id) &&
	       (c->cls.ballot ? cJSON_AddStringToObject(o, "ballot", c->cls.ballot) != NULL
	                      : cJSON_AddNullToObject(o, "ballot") != NULL) &&
	       cJSON_AddStringToObject(o, "subject", c->subject ? c->subject : "");
}

static int overdue_json(cJSON *arr, const pw_list_deadlines_entry *e)
{
	const pw_deadlines_reply *x = e->reply;
	const pw_change *c = &x->item->change;
	cJSON *o, *arr2;
	size_t i;
	int ok = (o = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, o) &&
	         cJSON_AddStringToObject(o, "kind", "reply-overdue") &&
	         cJSON_AddStringToObject(o, "date", x->form->reply_by) &&
	         cJSON_AddNumberToObject(o, "days", (double)x->days) && add_change(o, c) &&
	         cJSON_AddStringToObject(o, "url", c->url ? c->url : "") &&
	         cJSON_AddStringToObject(o, "tsp", x->form->tsp) &&
	         cJSON_AddStringToObject(o, "form", x->form->form) &&
	         cJSON_AddStringToObject(o, "generated", x->form->generated) &&
	         (arr2 = cJSON_AddArrayToObject(o, "effective_dates")) != NULL;
	for (i = 0; ok && i < e->ndates; i++)
		ok = cJSON_AddItemToArray(arr2, cJSON_CreateString(e->dates[i]));
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

static int effective_json(cJSON *arr, const pw_deadline *x)
{
	const pw_change *c = &x->item->change;
	cJSON *o, *t;
	size_t j;
	int ok = (o = cJSON_CreateObject()) && cJSON_AddItemToArray(arr, o) &&
	         cJSON_AddStringToObject(o, "kind", "effective") &&
	         cJSON_AddStringToObject(o, "date", x->date) &&
	         cJSON_AddNumberToObject(o, "days", (double)x->days) && add_change(o, c) &&
	         cJSON_AddStringToObject(o, "text", x->first->text ? x->first->text : "") &&
	         cJSON_AddStringToObject(o, "url", c->url ? c->url : "") &&
	         (t = cJSON_AddArrayToObject(o, "tsps")) != NULL;
	for (j = 0; ok && j < x->ntsps; j++)
		ok = cJSON_AddItemToArray(t, cJSON_CreateString(x->tsps[j]));
	return ok;
}

static int print_json(const pw_list_deadlines_result *r)
{
	cJSON *arr = cJSON_CreateArray();
	char *s;
	size_t i;
	int ok = arr != NULL;
	for (i = 0; ok && i < r->count; i++) {
		const pw_list_deadlines_entry *e = &r->entries[i];
		if (e->kind == PW_LIST_DEADLINES_REPLY)
			ok = overdue_json(arr, e);
		else if (e->kind == PW_LIST_DEADLINES_OBLIGATION)
			ok = oblig_json(arr, e->obligation);
		else
			ok = effective_json(arr, e->effective);
	}
	s = ok ? cJSON_Print(arr) : NULL;
	cJSON_Delete(arr);
	if (!s)
		return pw_error_oom();
	printf("%s\n", s);
	free(s);
	return 0;
}

static int run(pw_workspace *ws, const args *a)
{
	pw_list_deadlines_opts o = PW_LIST_DEADLINES_OPTS_INIT;
	pw_list_deadlines_result r;
	size_t i;
	int rc;

	o.within = a->within;
	o.tsp = a->tsp;
	o.ics = a->ics;
	rc = pw_list_deadlines_run(&r, ws, &o);
	for (i = 0; i < r.deadlines.nmissing; i++)
		fprintf(stderr,
		        "pkiwatch: warning: ledger/%s.json: change not in the mirrors; left out\n",
		        r.deadlines.missing[i]);
	if (rc == 0 && a->json) {
		rc = print_json(&r);
	} else if (rc == 0) {
		print_text(&r);
		if (a->ics)
			printf("%zu event%s written to %s\n", r.nevents, r.nevents == 1 ? "" : "s",
			       a->ics);
	}
	pw_list_deadlines_result_clear(&r);
	return rc < 0 ? tool_fail(rc) : 0;
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
