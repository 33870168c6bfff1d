#include "tsp/summary.h"
#include "tsp/summary_int.h"

#include "util/day.h"
#include "tsp/deadlines.h"
#include "util/error.h"
#include "util/mdsafe.h"
#include "tsp/form.h"
#include "tsp/applicability.h"
#include "tsp/careading.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pw_summary_clear(pw_summary *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->count; i++) {
		pw_applicability_clear(&s->items[i].why);
		free(s->items[i].why_not);
		free(s->items[i].indicative);
	}
	free(s->items);
	memset(s, 0, sizeof(*s));
}

static int by_risk_then_date(const void *pa, const void *pb)
{
	const pw_summary_row *a = pa, *b = pb;
	int c;
	/* risks first: cannot meet (1), no response (2), then none (0 -> 3),
	 * then not applicable (4) */
	int ra = a->why_not                     ? 4
	         : a->risk == PW_RISK_CA_ANSWER ? 0
	         : a->risk                      ? a->risk
	                                        : 3,
	    rb = b->why_not                     ? 4
	         : b->risk == PW_RISK_CA_ANSWER ? 0
	         : b->risk                      ? b->risk
	                                        : 3;
	if (ra != rb)
		return ra - rb;
	if (!a->effective[0] != !b->effective[0])
		return a->effective[0] ? -1 : 1;
	if ((c = strcmp(a->effective, b->effective)) != 0)
		return c;
	if ((c = strcmp(a->item->change.id, b->item->change.id)) != 0)
		return c;
	return strcmp(a->tsp->id, b->tsp->id);
}

/* The indicative reading of each per-CA answer; 1 when one is to check. */
static int ca_answers(pw_summary_row *r, const pw_careadings *rd)
{
	const pw_response *x = r->response;
	size_t j, k;
	int risk = 0;
	if (!x || !x->ncas)
		return 0;
	if (!(r->indicative = calloc(x->ncas, sizeof(char *))))
		return pw_error_oom();
	for (j = 0; j < x->ncas; j++) {
		pw_careading rd1;
		for (k = 0; k < r->tsp->ncas && strcmp(r->tsp->cas[k].name, x->cas[j].ca) != 0; k++)
			;
		if (k < r->tsp->ncas) {
			int has = pw_careading_for(&rd1, rd, &r->item->change.cls, &r->tsp->cas[k]);
			if (has < 0)
				return has;
			if (has)
				r->indicative[j] = rd1.answer;
			pw_careading_clear(&rd1);
		}
		risk |= strcmp(x->cas[j].falls_under, "unsure") == 0 ||
		        (r->indicative[j] && strcmp(r->indicative[j], x->cas[j].falls_under) != 0);
	}
	return risk;
}

/* The change's next effective date from `today` (phases: SC-86's 2026-03-15
 * passed, its 2026-12-15 next), the last one when all have passed, and how
 * many distinct dates it has and how many of them have passed: the dates
 * that bind r->tsp (pw_applicability_binds: not another root program's
 * derived deadline). */
static void next_phase(pw_summary_row *r, const pw_change *c, const char *today)
{
	size_t j, k;
	const char *next = NULL, *last = NULL;
	const pw_effective_date *dn = NULL, *dl = NULL;
	r->effective[0] = '\0';
	r->effective_date = NULL;
	r->phases = r->phases_passed = 0;
	for (j = 0; j < c->cls.ndates; j++) {
		const char *d = c->cls.dates[j].date;
		if (!pw_applicability_binds(&c->cls.dates[j], r->tsp))
			continue; /* a root program's deadline for other TSPs */
		for (k = 0; k < j && (strcmp(c->cls.dates[k].date, d) != 0 ||
		                      !pw_applicability_binds(&c->cls.dates[k], r->tsp));
		     k++)
			;
		if (k < j)
			continue; /* the same date again */
		r->phases++;
		if (strcmp(d, today) < 0)
			r->phases_passed++;
		else if (!next || strcmp(d, next) < 0) {
			next = d;
			dn = &c->cls.dates[j];
		}
		if (!last || strcmp(d, last) > 0) {
			last = d;
			dl = &c->cls.dates[j];
		}
	}
	if (next || last) {
		snprintf(r->effective, sizeof(r->effective), "%s", next ? next : last);
		r->effective_date = next ? dn : dl;
	}
}

int pw_summary_effective_what(pw_buf *out, const pw_summary_row *r)
{
	const pw_change *c = &r->item->change;
	if (!r->effective_date || !r->effective_date->derived || r->due_from)
		return 0;
	return pw_classify_date_what(out, r->effective_date, c->cls.ballot ? c->cls.ballot : c->id);
}

/* The Markdown of what the row's date is: " (derived: ...)" or nothing. */
static int md_what(pw_buf *out, const pw_summary_row *r)
{
	pw_buf what = PW_BUF_INIT;
	int rc = pw_summary_effective_what(&what, r);
	if (rc == 0 && what.len) {
		rc = pw_buf_puts(out, " (derived: ");
		if (rc == 0)
			rc = pw_mdsafe_github(out, what.ptr);
		if (rc == 0)
			rc = pw_buf_putc(out, ')');
	}
	pw_buf_clear(&what);
	return rc;
}

static int add_rows(pw_summary *out, const pw_applicable_list *l, const pw_tsp *t,
                    const pw_responses *responses, const pw_careadings *rd)
{
	int rc;
	size_t i;
	pw_summary_row *p;
	if (!l->count)
		return 0;
	if (!(p = realloc(out->items, (out->count + l->count) * sizeof(*p))))
		return pw_error_oom();
	out->items = p;
	for (i = 0; i < l->count; i++) {
		pw_summary_row *r = &out->items[out->count];
		memset(r, 0, sizeof(*r));
		r->item = l->items[i].item;
		r->tsp = t;
		r->why = l->items[i].why; /* moved */
		next_phase(r, &r->item->change, out->today);
		r->response = pw_responses_find(responses, r->item->change.id, t->id);
		if (r->effective[0] && pw_day_diff(&r->days, out->today, r->effective) < 0)
			r->effective[0] = '\0';
		if (r->response && !r->response->meets_date)
			r->risk = PW_RISK_CANNOT_MEET;
		else if (!r->response && r->effective[0] && r->days <= PW_SUMMARY_RISK_DAYS)
			r->risk = PW_RISK_NO_RESPONSE;
		out->count++;
		if ((rc = ca_answers(r, rd)) < 0)
			return rc;
		if (rc)
			r->risk = PW_RISK_CA_ANSWER;
	}
	return 0;
}

/* The rows of the TSPs an applicable change does not apply to. */
static int add_not_applicable(pw_summary *out, const pw_changeset *set, const pw_ledger *ledger,
                              const pw_tsp *t)
{
	size_t i;
	int rc;
	for (i = 0; i < ledger->count; i++) {
		const pw_ledger_entry *e = &ledger->items[i];
		const pw_changeset_item *it;
		pw_applicability why;
		pw_summary_row *r;
		if (strcmp(e->decision, "applicable") != 0 ||
		    !(it = pw_changeset_find(set, e->change)))
			continue;
		if ((rc = pw_applicability_decide_item(&why, it, e, t)) < 0)
			return rc;
		if (why.rules) {
			pw_applicability_clear(&why);
			continue;
		}
		if (!(r = realloc(out->items, (out->count + 1) * sizeof(*r))))
			return pw_error_oom();
		out->items = r;
		r = &out->items[out->count];
		memset(r, 0, sizeof(*r));
		if ((rc = pw_applicability_why_not_item(&r->why_not, it, e, t)) < 0)
			return rc;
		r->item = it;
		r->tsp = t;
		next_phase(r, &it->change, out->today);
		if (r->effective[0] && pw_day_diff(&r->days, out->today, r->effective) < 0)
			r->effective[0] = '\0';
		out->count++;
	}
	return 0;
}

int pw_summary_build(pw_summary *out, const pw_changeset *set, const pw_ledger *ledger,
                     const pw_tsps *tsps, const pw_responses *responses, const char *today)
{
	pw_careadings *rd = NULL;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (strlen(today) != 10)
		return pw_error_set(PW_EINPUT, "'%s' is not a date", today);
	memcpy(out->today, today, 11);
	if ((rc = pw_careadings_load(&rd, NULL)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < tsps->count; i++) {
		pw_applicable_list l;
		if ((rc = pw_applicability_collect(&l, set, ledger, &tsps->items[i])) < 0)
			break;
		/* on success the reasons moved into the rows: not freed with the list */
		if ((rc = add_rows(out, &l, &tsps->items[i], responses, rd)) == 0)
			l.count = 0;
		pw_applicability_list_clear(&l);
		if (rc == 0)
			rc = add_not_applicable(out, set, ledger, &tsps->items[i]);
	}
	pw_careadings_free(rd);
	if (rc < 0) {
		pw_summary_clear(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_risk_then_date);
	return 0;
}

void pw_summary_set_forms(pw_summary *s, const pw_issued *issued)
{
	size_t i;
	for (i = 0; i < s->count; i++)
		s->items[i].form =
		    s->items[i].why_not
		        ? NULL
		        : pw_issued_first(issued, s->items[i].tsp->id, s->items[i].item->change.id);
}

/* "cannot meet the date", "no response, date in N days", "" */
static const char *risk_name(int risk)
{
	switch (risk) {
	case PW_RISK_CANNOT_MEET:
		return "cannot-meet";
	case PW_RISK_NO_RESPONSE:
		return "no-response";
	case PW_RISK_CA_ANSWER:
		return "ca-answer";
	default:
		return "";
	}
}

static int rules_text(pw_buf *b, unsigned rules)
{
	unsigned bit;
	int first = 1;
	for (bit = 1; bit <= PW_APPLY_PROGRAM; bit <<= 1) {
		if (!(rules & bit))
			continue;
		if (pw_buf_printf(b, "%s%s", first ? "" : ", ", pw_applicability_rule_name(bit)) <
		    0)
			return PW_ENOMEM;
		first = 0;
	}
	return 0;
}

/* A table cell: Markdown-escaped, with the pipe escaped too. */
static int cell(pw_buf *b, const char *s)
{
	pw_buf t = PW_BUF_INIT;
	size_t i;
	int rc = pw_mdsafe_doc(&t, s ? s : "");
	for (i = 0; rc == 0 && i < t.len; i++)
		rc = t.ptr[i] == '|' && (i == 0 || t.ptr[i - 1] != '\\')
		         ? pw_buf_printf(b, "\\|")
		         : pw_buf_printf(b, "%c", t.ptr[i]);
	pw_buf_clear(&t);
	return rc < 0 ? pw_error_oom() : 0;
}

/* "; CA 'X': no (indicative: yes), reason '...', action '...' by D" per CA. */
static int ca_cells(pw_buf *out, const pw_summary_row *r)
{
	const pw_response *x = r->response;
	size_t j;
	int rc = 0;
	for (j = 0; rc == 0 && j < x->ncas; j++) {
		const pw_response_ca *c = &x->cas[j];
		pw_buf t = PW_BUF_INIT;
		rc = pw_buf_printf(&t, "; CA '%s': %s", c->ca, c->falls_under);
		if (rc == 0 && r->indicative && r->indicative[j])
			rc = pw_buf_printf(&t, " (indicative: %s)", r->indicative[j]);
		if (rc == 0 && c->reason)
			rc = pw_buf_printf(&t, ", reason '%s'", c->reason);
		if (rc == 0 && c->action)
			rc = pw_buf_printf(&t, ", action '%s'", c->action);
		if (rc == 0 && c->by[0])
			rc = pw_buf_printf(&t, " by %s", c->by);
		if (rc == 0)
			rc = cell(out, t.ptr);
		pw_buf_clear(&t);
	}
	return rc;
}

int pw_summary_obligation_open(const pw_obligation *o)
{
	return o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE;
}

int pw_summary_why(pw_buf *b, const pw_summary_row *r)
{
	int rc = r->why_not ? pw_buf_printf(b, "not applicable: %s", r->why_not)
	                    : rules_text(b, r->why.rules);
	if (rc == 0 && !r->why_not)
		rc = pw_buf_printf(b, ": %s", r->why.reason ? r->why.reason : "");
	return rc < 0 ? pw_error_oom() : 0;
}

const char *pw_summary_risk_label(const pw_summary_row *r)
{
	return r->risk == PW_RISK_CA_ANSWER     ? "per-CA answer to check"
	       : r->risk == PW_RISK_CANNOT_MEET ? "cannot meet the date"
	       : r->risk != PW_RISK_NO_RESPONSE ? ""
	       : r->days < 0                    ? "no response, date passed"
	                                        : "no response, date within 30 days";
}

/* The open obligation of the row's TSP from the row's change due first, or
 * NULL. */
static const pw_obligation *due_first(const pw_obligations *obs, const pw_summary_row *r)
{
	const pw_obligation *best = NULL;
	size_t i, k;
	for (i = 0; i < obs->count; i++) {
		const pw_obligation *o = &obs->items[i];
		if (!pw_summary_obligation_open(o) || !o->due[0] || strcmp(o->tsp, r->tsp->id) != 0)
			continue;
		for (k = 0; o->changes[k] && strcmp(o->changes[k], r->item->change.id) != 0; k++)
			;
		if (o->changes[k] && (!best || strcmp(o->due, best->due) < 0))
			best = o;
	}
	return best;
}

void pw_summary_set_obligations(pw_summary *s, const pw_obligations *obs)
{
	size_t i;
	int moved = 0;
	s->obligations = obs;
	for (i = 0; obs && i < s->count; i++) {
		pw_summary_row *r = &s->items[i];
		const pw_obligation *o;
		if (r->why_not || r->effective[0] || !(o = due_first(obs, r)) ||
		    pw_day_diff(&r->days, s->today, o->due) < 0)
			continue;
		snprintf(r->effective, sizeof(r->effective), "%s", o->due);
		r->due_from = o;
		if (!r->response && r->risk == PW_RISK_NONE && r->days <= PW_SUMMARY_RISK_DAYS)
			r->risk = PW_RISK_NO_RESPONSE;
		moved = 1;
	}
	if (moved && s->count > 1)
		qsort(s->items, s->count, sizeof(*s->items), by_risk_then_date);
}

/* "## Open obligations": what each TSP must still do, by when (the list is
 * ordered overdue first, then by next date). */
static int obligations_markdown(const pw_summary *s, pw_buf *out)
{
	const pw_obligations *l = s->obligations;
	size_t i, n = 0;
	int rc;
	for (i = 0; l && i < l->count; i++)
		n += pw_summary_obligation_open(&l->items[i]);
	if (!l)
		return 0;
	if (pw_buf_printf(out, "\n## Open obligations\n\n") < 0)
		return pw_error_oom();
	if (!n)
		return pw_buf_puts(out, "None.\n") < 0 ? pw_error_oom() : 0;
	if (pw_buf_puts(out, "| Status | TSP | Obligation | What | Next | Due |\n"
	                     "|---|---|---|---|---|---|\n") < 0)
		return pw_error_oom();
	for (i = 0; i < l->count; i++) {
		const pw_obligation *o = &l->items[i];
		const pw_obligation_milestone *m = pw_obligation_next(o);
		pw_buf next = PW_BUF_INIT;
		if (!pw_summary_obligation_open(o))
			continue;
		rc = m ? pw_buf_printf(&next, "%s: %s", m->due, m->what) : pw_buf_puts(&next, "-");
		if (rc < 0 ||
		    pw_buf_printf(out, "| %s | %s | %s | ",
		                  o->status == PW_OBLIGATION_OVERDUE ? "**overdue**" : "open",
		                  o->tsp, o->id) < 0 ||
		    cell(out, o->what) < 0 || pw_buf_puts(out, " | ") < 0 ||
		    cell(out, next.ptr) < 0 ||
		    pw_buf_printf(out, " | %s |\n", o->due[0] ? o->due : "-") < 0) {
			pw_buf_clear(&next);
			return pw_error_oom();
		}
		pw_buf_clear(&next);
	}
	return 0;
}

int pw_summary_markdown(pw_buf *out, const pw_summary *s)
{
	size_t i, nrisk = 0, napp = 0;
	for (i = 0; i < s->count; i++) {
		nrisk += s->items[i].risk != PW_RISK_NONE;
		napp += !s->items[i].why_not;
	}
	if (pw_buf_printf(out,
	                  "# Summary of TSP responses, %s\n\n%zu change/TSP pair%s: %zu "
	                  "applicable, %zu at risk.\n\n",
	                  s->today, s->count, s->count == 1 ? "" : "s", napp, nrisk) < 0)
		return pw_error_oom();
	if (!s->count)
		return obligations_markdown(s, out);
	if (pw_buf_printf(out,
	                  "| Risk | Change | Ballot | TSP | Applies (rules: reason) | Response "
	                  "| Meets date | Effective | Days |\n"
	                  "|---|---|---|---|---|---|---|---|---|\n") < 0)
		return pw_error_oom();
	for (i = 0; i < s->count; i++) {
		const pw_summary_row *r = &s->items[i];
		const pw_change *c = &r->item->change;
		const pw_response *x = r->response;
		pw_buf why = PW_BUF_INIT;
		int rc;
		if (pw_summary_why(&why, r) < 0) {
			pw_buf_clear(&why);
			return pw_error_oom();
		}
		rc = pw_buf_printf(out, "| %s%s%s | %s | ", r->risk ? "**" : "",
		                   pw_summary_risk_label(r), r->risk ? "**" : "", c->id) < 0 ||
		     cell(out, c->cls.ballot ? c->cls.ballot : "-") < 0 ||
		     pw_buf_printf(out, " | %s | ", r->tsp->id) < 0 || cell(out, why.ptr) < 0;
		pw_buf_clear(&why);
		if (rc)
			return pw_error_oom();
		if (r->why_not)
			rc = pw_buf_printf(out, " | - | -") < 0;
		else if (x)
			rc = pw_buf_printf(out, " | answered: impact %s, %ld days", x->impact,
			                   x->days) < 0 ||
			     ca_cells(out, r) < 0 ||
			     pw_buf_printf(out, " | %s", x->meets_date ? "yes" : "no") < 0 ||
			     (x->planned[0] && pw_buf_printf(out, " (planned %s)", x->planned) < 0);
		else if (!r->form)
			rc = pw_buf_printf(out, " | missing | ?") < 0;
		else if (strcmp(r->form->reply_by, s->today) < 0)
			rc = pw_buf_printf(out, " | missing, reply overdue since %s (form %s) | ?",
			                   r->form->reply_by, r->form->form) < 0;
		else
			rc = pw_buf_printf(out, " | missing (form %s, reply by %s) | ?",
			                   r->form->form, r->form->reply_by) < 0;
		if (rc ||
		    (r->due_from ? pw_buf_printf(out, " | %s (due of %s) | %ld |\n", r->effective,
		                                 r->due_from->id, r->days)
		     : !r->effective[0] ? pw_buf_printf(out, " | - | - |\n")
		     : pw_buf_printf(out, " | %s", r->effective) < 0 || md_what(out, r) < 0 ? -1
		     : r->phases > 1 && r->phases_passed
		         ? pw_buf_printf(out, " (%s; %d of %d dates passed) | %ld |\n",
		                         r->phases_passed == r->phases ? "the last" : "next",
		                         r->phases_passed, r->phases, r->days)
		         : pw_buf_printf(out, " | %ld |\n", r->days)) < 0)
			return pw_error_oom();
	}
	return obligations_markdown(s, out);
}

static cJSON *str_or_null(const char *s)
{
	return s && *s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static int add(cJSON *o, const char *key, cJSON *v)
{
	return v && cJSON_AddItemToObject(o, key, v);
}

/* "effective_derived": what the row's date is when a rule derived it, or
 * null. 1 done, 0 out of memory. */
static int add_what(cJSON *o, const pw_summary_row *r)
{
	pw_buf what = PW_BUF_INIT;
	int ok = pw_summary_effective_what(&what, r) == 0 &&
	         add(o, "effective_derived", str_or_null(what.ptr));
	pw_buf_clear(&what);
	return ok;
}

static cJSON *form_json(const pw_issued_form *f, const char *today)
{
	cJSON *o = cJSON_CreateObject();
	if (o && add(o, "id", cJSON_CreateString(f->form)) &&
	    add(o, "generated", cJSON_CreateString(f->generated)) &&
	    add(o, "reply_by", cJSON_CreateString(f->reply_by)) &&
	    add(o, "overdue", cJSON_CreateBool(strcmp(f->reply_by, today) < 0)))
		return o;
	cJSON_Delete(o);
	return NULL;
}

static cJSON *row_json(const pw_summary_row *r, const char *today)
{
	const pw_change *c = &r->item->change;
	cJSON *o = cJSON_CreateObject(), *ap = NULL, *rules = NULL, *resp = NULL;
	unsigned bit;
	int ok = o && add(o, "change", cJSON_CreateString(c->id)) &&
	         add(o, "ballot", str_or_null(c->cls.ballot)) &&
	         add(o, "subject", cJSON_CreateString(c->subject ? c->subject : "")) &&
	         add(o, "url", cJSON_CreateString(c->url ? c->url : "")) &&
	         add(o, "tsp", cJSON_CreateString(r->tsp->id)) &&
	         add(o, "applicable", cJSON_CreateBool(!r->why_not)) &&
	         add(o, "applies", ap = cJSON_CreateObject()) &&
	         add(ap, "rules", rules = cJSON_CreateArray()) &&
	         add(ap, "reason",
	             cJSON_CreateString(r->why_not      ? r->why_not
	                                : r->why.reason ? r->why.reason
	                                                : ""));
	for (bit = 1; ok && bit <= PW_APPLY_PROGRAM; bit <<= 1)
		if (r->why.rules & bit)
			ok = cJSON_AddItemToArray(
			    rules, cJSON_CreateString(pw_applicability_rule_name(bit)));
	if (ok && r->response) {
		ok = (resp = pw_response_to_json(r->response)) != NULL &&
		     cJSON_AddItemToObject(o, "response", resp);
		if (!ok)
			cJSON_Delete(resp);
	} else if (ok) {
		ok = add(o, "response", cJSON_CreateNull());
	}
	ok =
	    ok &&
	    add(o, "status",
	        cJSON_CreateString(r->why_not    ? "not-applicable"
	                           : r->response ? "answered"
	                                         : "missing")) &&
	    add(o, "form", r->form ? form_json(r->form, today) : cJSON_CreateNull()) &&
	    add(o, "meets_date",
	        r->response ? cJSON_CreateBool(r->response->meets_date) : cJSON_CreateNull()) &&
	    add(o, "effective", str_or_null(r->effective)) && add_what(o, r) &&
	    add(o, "days",
	        r->effective[0] ? cJSON_CreateNumber((double)r->days) : cJSON_CreateNull()) &&
	    add(o, "dates", cJSON_CreateNumber(r->phases)) &&
	    add(o, "dates_passed", cJSON_CreateNumber(r->phases_passed)) &&
	    add(o, "risk", r->risk ? cJSON_CreateString(risk_name(r->risk)) : cJSON_CreateNull()) &&
	    add(o, "due_from", str_or_null(r->due_from ? r->due_from->id : NULL));
	if (ok) {
		cJSON *cas = cJSON_CreateArray();
		size_t j;
		ok = add(o, "cas", cas);
		for (j = 0; ok && r->response && j < r->response->ncas; j++) {
			const pw_response_ca *ca = &r->response->cas[j];
			const char *ind = r->indicative ? r->indicative[j] : NULL;
			cJSON *x = cJSON_CreateObject();
			ok = x && cJSON_AddItemToArray(cas, x) &&
			     add(x, "ca", cJSON_CreateString(ca->ca)) &&
			     add(x, "falls_under", cJSON_CreateString(ca->falls_under)) &&
			     add(x, "indicative", str_or_null(ind)) &&
			     add(x, "reason", str_or_null(ca->reason)) &&
			     add(x, "action", str_or_null(ca->action)) &&
			     add(x, "by", str_or_null(ca->by)) &&
			     add(x, "risk",
			         cJSON_CreateBool(strcmp(ca->falls_under, "unsure") == 0 ||
			                          (ind && strcmp(ind, ca->falls_under) != 0)));
		}
	}
	if (ok)
		return o;
	cJSON_Delete(o);
	return NULL;
}

cJSON *pw_summary_json(const pw_summary *s)
{
	cJSON *o = cJSON_CreateObject(), *rows = NULL, *row;
	size_t i;
	int ok = o && add(o, "today", cJSON_CreateString(s->today)) &&
	         add(o, "rows", rows = cJSON_CreateArray());
	for (i = 0; ok && i < s->count; i++)
		ok = (row = row_json(&s->items[i], s->today)) != NULL &&
		     cJSON_AddItemToArray(rows, row);
	if (ok && s->obligations) {
		cJSON *obs = cJSON_CreateArray(), *j;
		ok = add(o, "obligations", obs);
		for (i = 0; ok && i < s->obligations->count; i++)
			if (pw_summary_obligation_open(&s->obligations->items[i]))
				ok = (j = pw_obligation_to_json(&s->obligations->items[i])) !=
				         NULL &&
				     cJSON_AddItemToArray(obs, j);
	}
	if (ok)
		return o;
	cJSON_Delete(o);
	pw_error_oom();
	return NULL;
}
