/* The text and JSON of `pkiwatch deadlines` (list_deadlines.h). */
#include "app/list_deadlines.h"

#include "util/error.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static void when_text(char *out, size_t n, long days)
{
	if (days == 0)
		snprintf(out, n, "today");
	else if (days < 0)
		snprintf(out, n, "%ld day%s ago", -days, days == -1 ? "" : "s");
	else
		snprintf(out, n, "in %ld day%s", days, days == 1 ? "" : "s");
}

static int put_dates(pw_buf *b, const pw_list_deadlines_entry *e)
{
	size_t i;
	int rc = 0;
	for (i = 0; rc == 0 && i < e->ndates; i++)
		rc = pw_buf_printf(b, "%s%s", i ? ", " : "", e->dates[i]);
	if (rc == 0 && !e->ndates)
		rc = pw_buf_puts(b, "none stated");
	return rc;
}

static int put_overdue(pw_buf *b, const pw_list_deadlines_entry *e)
{
	const pw_deadlines_reply *x = e->reply;
	const pw_change *c = &x->item->change;
	char when[48];
	when_text(when, sizeof(when), x->days);
	if (pw_buf_printf(b,
	                  "%s  %-12s  %-8s  %s  reply overdue from %s\n    form %s of %s; "
	                  "effective ",
	                  x->form->reply_by, when, c->cls.ballot ? c->cls.ballot : "-", c->id,
	                  x->form->tsp, x->form->form, x->form->generated) < 0 ||
	    put_dates(b, e) < 0)
		return PW_ENOMEM;
	return pw_buf_putc(b, '\n');
}

static int put_oblig(pw_buf *b, const pw_deadlines_oblig *x)
{
	char when[48];
	int rc;
	when_text(when, sizeof(when), x->days);
	rc = pw_buf_printf(b, "%s  %-12s  %-8s  %s  %s of %s", x->date, when, "-", x->ob->id,
	                   x->days < 0 ? "overdue obligation" : "obligation", x->ob->tsp);
	if (rc == 0)
		rc = x->milestone ? pw_buf_printf(b, ": milestone %zu of %zu, ", x->milestone,
		                                  x->ob->nmilestones)
		                  : pw_buf_puts(b, ": due, ");
	if (rc == 0)
		rc = pw_buf_put_oneline(b, x->milestone ? x->what : "the obligation met");
	if (rc == 0)
		rc = pw_buf_puts(b, "\n    ");
	if (rc == 0)
		rc = pw_buf_put_oneline(b, x->ob->what);
	return rc == 0 ? pw_buf_putc(b, '\n') : rc;
}

static int put_effective(pw_buf *b, const pw_deadline *x)
{
	const pw_change *c = &x->item->change;
	char when[48];
	size_t j;
	int rc;
	when_text(when, sizeof(when), x->days);
	rc = pw_buf_printf(b, "%s  %-12s  %-8s  %s  for", x->date, when,
	                   c->cls.ballot ? c->cls.ballot : "-", c->id);
	for (j = 0; rc == 0 && j < x->ntsps; j++)
		rc = pw_buf_printf(b, " %s", x->tsps[j]);
	if (rc == 0)
		rc = pw_buf_puts(b, "\n    ");
	if (rc == 0)
		rc = pw_buf_put_oneline(b, x->first->text && *x->first->text ? x->first->text
		                                                             : c->subject);
	return rc == 0 ? pw_buf_putc(b, '\n') : rc;
}

int pw_list_deadlines_text(pw_buf *out, const pw_list_deadlines_result *r)
{
	size_t i;
	int rc = 0;
	if (!r->count)
		rc = pw_buf_printf(out,
		                   "no upcoming effective date of an applicable change, no overdue "
		                   "response and no open obligation (today is %s)\n",
		                   r->today);
	for (i = 0; rc == 0 && i < r->count; i++) {
		const pw_list_deadlines_entry *e = &r->entries[i];
		if (e->kind == PW_LIST_DEADLINES_REPLY)
			rc = put_overdue(out, e);
		else if (e->kind == PW_LIST_DEADLINES_OBLIGATION)
			rc = put_oblig(out, e->obligation);
		else
			rc = put_effective(out, e->effective);
	}
	return rc < 0 ? pw_error_oom() : 0;
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

int pw_list_deadlines_json(pw_buf *out, const pw_list_deadlines_result *r)
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
	ok = s && pw_buf_puts(out, s) == 0 && pw_buf_putc(out, '\n') == 0;
	free(s);
	return ok ? 0 : pw_error_oom();
}
