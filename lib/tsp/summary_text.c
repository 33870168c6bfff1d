/* The summary as text for a terminal: every line within the width asked
 * for; per row a heading line (ballot, TSP, risk) and below it, indented and
 * wrapped, the change and its date, the response and why it applies. */
#include "tsp/summary.h"
#include "tsp/summary_int.h"

#include "util/error.h"
#include "util/wrap.h"

#include <stdlib.h>
#include <string.h>

static int put_when(pw_buf *b, const pw_summary_row *r)
{
	int rc = 0;
	if (!r->effective[0])
		return pw_buf_puts(b, ", no effective date");
	rc = pw_buf_printf(b, ", effective %s", r->effective);
	if (rc == 0 && r->effective_date && r->effective_date->derived && !r->due_from) {
		rc = pw_buf_puts(b, " (derived: ");
		if (rc == 0)
			rc = pw_summary_effective_what(b, r);
		if (rc == 0)
			rc = pw_buf_putc(b, ')');
	}
	if (rc == 0 && r->due_from)
		rc = pw_buf_printf(b, " (due of %s)", r->due_from->id);
	else if (rc == 0 && r->phases > 1 && r->phases_passed)
		rc = pw_buf_printf(b, " (%s; %d of %d dates passed)",
		                   r->phases_passed == r->phases ? "the last" : "next",
		                   r->phases_passed, r->phases);
	if (rc == 0)
		rc = r->days == 0 ? pw_buf_puts(b, ", today")
		     : r->days > 0
		         ? pw_buf_printf(b, ", in %ld day%s", r->days, r->days == 1 ? "" : "s")
		         : pw_buf_printf(b, ", %ld day%s ago", -r->days, r->days == -1 ? "" : "s");
	return rc;
}

static int put_response(pw_buf *b, const pw_summary *s, const pw_summary_row *r)
{
	const pw_response *x = r->response;
	size_t j;
	int rc;
	if (!x)
		return !r->form ? pw_buf_puts(b, "response: missing; meets date: ?")
		       : strcmp(r->form->reply_by, s->today) < 0
		           ? pw_buf_printf(b,
		                           "response: missing, reply overdue since %s (form %s); "
		                           "meets date: ?",
		                           r->form->reply_by, r->form->form)
		           : pw_buf_printf(
		                 b, "response: missing (form %s, reply by %s); meets date: ?",
		                 r->form->form, r->form->reply_by);
	rc = pw_buf_printf(b, "response: impact %s, %ld days; meets date: %s", x->impact, x->days,
	                   x->meets_date ? "yes" : "no");
	if (rc == 0 && x->planned[0])
		rc = pw_buf_printf(b, " (planned %s)", x->planned);
	for (j = 0; rc == 0 && j < x->ncas; j++) {
		const pw_response_ca *c = &x->cas[j];
		rc = pw_buf_printf(b, "; CA '%s': %s", c->ca, c->falls_under);
		if (rc == 0 && r->indicative && r->indicative[j])
			rc = pw_buf_printf(b, " (indicative: %s)", r->indicative[j]);
		if (rc == 0 && c->reason)
			rc = pw_buf_printf(b, ", reason '%s'", c->reason);
		if (rc == 0 && c->action)
			rc = pw_buf_printf(b, ", action '%s'", c->action);
		if (rc == 0 && c->by[0])
			rc = pw_buf_printf(b, " by %s", c->by);
	}
	return rc;
}

/* One paragraph, wrapped: `t` is reset after. */
static int para(pw_buf *out, pw_buf *t, size_t indent, size_t width)
{
	int rc = t->len ? pw_wrap_append(out, t->ptr, indent, width) : 0;
	pw_buf_reset(t);
	return rc;
}

static int put_row(pw_buf *out, const pw_summary *s, const pw_summary_row *r, size_t width)
{
	const pw_change *c = &r->item->change;
	pw_buf t = PW_BUF_INIT;
	int rc = pw_buf_printf(&t, "%s · %s", c->cls.ballot ? c->cls.ballot : c->id, r->tsp->id);
	if (rc == 0 && r->risk)
		rc = pw_buf_printf(&t, " · %s", pw_summary_risk_label(r));
	if (rc == 0)
		rc = para(out, &t, 2, width);
	if (rc == 0)
		rc = pw_buf_puts(&t, c->id);
	if (rc == 0 && c->cls.ballot)
		rc = pw_buf_printf(&t, " (%s)", c->subject ? c->subject : "");
	if (rc == 0)
		rc = put_when(&t, r);
	if (rc == 0)
		rc = para(out, &t, 4, width);
	if (rc == 0 && !r->why_not)
		rc = put_response(&t, s, r);
	if (rc == 0)
		rc = para(out, &t, 4, width);
	if (rc == 0 && !r->why_not)
		rc = pw_buf_puts(&t, "applies: ");
	if (rc == 0)
		rc = pw_summary_why(&t, r);
	if (rc == 0)
		rc = para(out, &t, 4, width);
	pw_buf_clear(&t);
	return rc < 0 ? pw_error_oom() : 0;
}

static int put_obligations(pw_buf *out, const pw_summary *s, size_t width)
{
	const pw_obligations *l = s->obligations;
	pw_buf t = PW_BUF_INIT;
	size_t i, n = 0;
	int rc;
	if (!l)
		return 0;
	for (i = 0; i < l->count; i++)
		n += (size_t)pw_summary_obligation_open(&l->items[i]);
	rc = pw_buf_printf(out, "\nOpen obligations (%zu)\n", n);
	for (i = 0; rc == 0 && i < l->count; i++) {
		const pw_obligation *o = &l->items[i];
		const pw_obligation_milestone *m = pw_obligation_next(o);
		if (!pw_summary_obligation_open(o))
			continue;
		rc = pw_buf_printf(&t, "%s · %s · %s, due %s",
		                   o->status == PW_OBLIGATION_OVERDUE ? "overdue" : "open", o->tsp,
		                   o->id, o->due[0] ? o->due : "-");
		if (rc == 0)
			rc = para(out, &t, 2, width);
		if (rc == 0)
			rc = pw_buf_puts(&t, o->what ? o->what : "");
		if (rc == 0)
			rc = para(out, &t, 4, width);
		if (rc == 0 && m)
			rc = pw_buf_printf(&t, "next: %s: %s", m->due, m->what);
		if (rc == 0)
			rc = para(out, &t, 4, width);
		if (rc == 0 && o->answer) { /* the TSP's latest answer, one line */
			char *line = NULL;
			if ((rc = pw_obligation_answer_describe(&line, o)) == 0 && line)
				rc = pw_buf_printf(&t, "TSP's answer: %s", line);
			free(line);
			if (rc == 0)
				rc = para(out, &t, 4, width);
		}
	}
	pw_buf_clear(&t);
	return rc < 0 ? pw_error_oom() : 0;
}

int pw_summary_text(pw_buf *out, const pw_summary *s, size_t width)
{
	static const char *const heading[] = {"At risk", "Applicable", "Not applicable"};
	size_t i, k, n[3] = {0, 0, 0};
	int rc, last = -1;
	for (i = 0; i < s->count; i++)
		n[s->items[i].risk ? 0 : s->items[i].why_not ? 2 : 1]++;
	rc = pw_buf_printf(out, "Summary of TSP responses, %s\n", s->today);
	if (rc == 0)
		rc = pw_buf_printf(out, "%zu change/TSP pair%s: %zu applicable, %zu at risk.\n",
		                   s->count, s->count == 1 ? "" : "s", n[0] + n[1], n[0]);
	for (i = 0; rc == 0 && i < s->count; i++) {
		const pw_summary_row *r = &s->items[i];
		k = r->risk ? 0 : r->why_not ? 2 : 1;
		if ((int)k != last)
			rc = pw_buf_printf(out, "\n%s (%zu)\n", heading[k], n[k]);
		last = (int)k;
		if (rc == 0)
			rc = put_row(out, s, r, width);
	}
	if (rc == 0)
		rc = put_obligations(out, s, width);
	return rc < 0 ? pw_error_oom() : 0;
}
