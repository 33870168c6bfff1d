/* The text and JSON of `pkiwatch obligations` (list_obligations.h). */
#include "app/list_obligations.h"

#include "util/day.h"
#include "util/error.h"

#include <stdlib.h>

static const char *const statuses[] = {"open", "overdue", "met", "waived", "all"};

/* Each pw_buf call returns 0 or a negative code: OR-ing them keeps any
 * failure negative, and a buffer that could not grow stays as it was. */

static int put_next(pw_buf *b, const pw_obligation *o, const char *today)
{
	const pw_obligation_milestone *next = pw_obligation_next(o);
	long days = pw_day_between(today, pw_obligation_next_date(o));
	int rc = 0;
	if (o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE) {
		rc |= pw_buf_puts(b, "  next: ");
		rc |= pw_buf_put_oneline(b, next ? next->what : "due date");
		rc |= pw_buf_printf(b, ", %s (%s %ld day%s)\n", pw_obligation_next_date(o),
		                    days < 0 ? "overdue by" : "in", days < 0 ? -days : days,
		                    days == 1 || days == -1 ? "" : "s");
	} else {
		rc |= pw_buf_printf(b, "  %s on %s%s", pw_obligation_status_name(o->status),
		                    o->closed, o->note ? ": " : "");
		rc |= pw_buf_put_oneline(b, o->note);
		rc |= pw_buf_putc(b, '\n');
	}
	return rc;
}

static int put_evidence(pw_buf *b, const pw_obligation *o)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < (size_t)cJSON_GetArraySize(o->evidence); i++) {
		const cJSON *e = cJSON_GetArrayItem(o->evidence, (int)i),
		            *f = cJSON_GetObjectItemCaseSensitive(e, "file"),
		            *u = cJSON_GetObjectItemCaseSensitive(e, "url");
		rc |= pw_buf_puts(b, "  evidence: ");
		if (f) {
			rc |= pw_buf_put_oneline(
			    b, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "name")));
			rc |= pw_buf_printf(
			    b, " (git blob %s)",
			    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "sha1")));
		} else {
			rc |= pw_buf_put_oneline(b, cJSON_GetStringValue(u));
		}
		rc |= pw_buf_putc(b, '\n');
	}
	return rc;
}

static int put_obligation(pw_buf *b, const pw_obligation *o, const char *today)
{
	char *answer = NULL;
	size_t i;
	int rc = 0;
	rc |= pw_buf_printf(b, "%s  %s  due %s  %s  %s\n  ", o->id,
	                    pw_obligation_status_name(o->status), o->due[0] ? o->due : "-", o->tsp,
	                    o->kind);
	rc |= pw_buf_put_oneline(b, o->what);
	rc |= pw_buf_putc(b, '\n');
	rc |= put_next(b, o, today);
	for (i = 0; i < o->nmilestones; i++) {
		rc |= pw_buf_printf(b, "  %zu. [%c] %s  ", i + 1,
		                    o->milestones[i].done[0] ? 'x' : ' ', o->milestones[i].due);
		rc |= pw_buf_put_oneline(b, o->milestones[i].what);
		if (o->milestones[i].done[0])
			rc |= pw_buf_printf(b, " (done %s)", o->milestones[i].done);
		rc |= pw_buf_putc(b, '\n');
	}
	rc |= pw_buf_printf(b, "  rule: %s", o->rule);
	if (o->reason) {
		rc |= pw_buf_puts(b, " (");
		rc |= pw_buf_put_oneline(b, o->reason);
		rc |= pw_buf_putc(b, ')');
	}
	rc |= pw_buf_putc(b, '\n');
	for (i = 0; o->changes[i]; i++)
		rc |= pw_buf_printf(b, "%s%s", i ? ", " : "  changes: ", o->changes[i]);
	if (o->changes[0])
		rc |= pw_buf_putc(b, '\n');
	for (i = 0; i < o->nquotes; i++) {
		rc |= pw_buf_puts(b, "  > ");
		rc |= pw_buf_put_oneline(b, o->quotes[i].text);
		rc |= pw_buf_putc(b, '\n');
	}
	rc |= put_evidence(b, o);
	if (o->answer && pw_obligation_answer_describe(&answer, o) == 0 && answer) {
		rc |= pw_buf_puts(b, "  TSP's answer: ");
		rc |= pw_buf_put_oneline(b, answer);
		rc |= pw_buf_putc(b, '\n');
	}
	free(answer);
	rc |= pw_buf_putc(b, '\n');
	return rc;
}

int pw_list_obligations_text(pw_buf *out, const pw_list_obligations_result *r)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < r->count; i++)
		rc |= put_obligation(out, r->items[i], r->today);
	if (!r->count)
		rc |= pw_buf_printf(out, "no %s%sobligations%s%s\n",
		                    r->status == PW_LIST_OBLIGATIONS_ALL ? "" : statuses[r->status],
		                    r->status == PW_LIST_OBLIGATIONS_ALL ? "" : " ",
		                    r->tsp ? " for " : "", r->tsp ? r->tsp : "");
	return rc < 0 ? pw_error_oom() : 0;
}

int pw_list_obligations_json(pw_buf *out, const pw_list_obligations_result *r)
{
	cJSON *arr = cJSON_CreateArray(), *j;
	char *s;
	size_t i;
	int ok = arr != NULL;
	for (i = 0; ok && i < r->count; i++)
		if (!(j = pw_obligation_to_json(r->items[i])) || !cJSON_AddItemToArray(arr, j)) {
			cJSON_Delete(j);
			ok = 0;
		}
	s = ok ? cJSON_Print(arr) : NULL;
	cJSON_Delete(arr);
	ok = s && pw_buf_puts(out, s) == 0 && pw_buf_putc(out, '\n') == 0;
	free(s);
	return ok ? 0 : pw_error_oom();
}
