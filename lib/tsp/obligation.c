#include "tsp/obligation.h"

#include "classify/changeset.h"
#include "classify/dates.h"
#include "classify/versions.h"
#include "tsp/applicability.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/digest.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */

static void strv_free(char **v)
{
	size_t i;
	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static size_t strv_len(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

static int strv_has(char *const *v, const char *s)
{
	size_t i;
	for (i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* Appends a copy of `s` to the NULL-terminated *v unless it is there. */
static int strv_add(char ***v, const char *s)
{
	size_t n = strv_len(*v);
	char **p;
	if (strv_has(*v, s))
		return 0;
	if (!(p = realloc(*v, (n + 2) * sizeof(*p))))
		return pw_error_oom();
	*v = p;
	if (!(p[n] = strdup(s)))
		return pw_error_oom();
	p[n + 1] = NULL;
	return 0;
}

static int has_phrase(const char *text, char *const *phrases)
{
	size_t i;
	for (i = 0; phrases && phrases[i]; i++)
		if (strcasestr(text, phrases[i]))
			return 1;
	return 0;
}

const char *pw_obligation_status_name(int status)
{
	switch (status) {
	case PW_OBLIGATION_OVERDUE:
		return "overdue";
	case PW_OBLIGATION_MET:
		return "met";
	case PW_OBLIGATION_WAIVED:
		return "waived";
	}
	return "open";
}

int pw_obligation_make_id(char **out, const char *tsp, const char *key)
{
	pw_buf b = PW_BUF_INIT;
	char hex[41];
	int rc;
	*out = NULL;
	if ((rc = pw_buf_printf(&b, "%s|%s", tsp, key)) < 0 ||
	    (rc = pw_digest_data(hex, b.ptr, b.len)) < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	pw_buf_reset(&b);
	if ((rc = pw_buf_printf(&b, "ob-%s-%.8s", tsp, hex)) < 0)
		return rc;
	if (!(*out = pw_buf_detach(&b)))
		return pw_error_oom();
	return 0;
}

static void obligation_clear(pw_obligation *o)
{
	size_t i;
	free(o->id);
	free(o->tsp);
	free(o->kind);
	free(o->rule);
	free(o->what);
	free(o->reason);
	free(o->note);
	free(o->key);
	strv_free(o->changes);
	strv_free(o->criteria);
	for (i = 0; i < o->nquotes; i++) {
		free(o->quotes[i].change);
		free(o->quotes[i].text);
	}
	free(o->quotes);
	for (i = 0; i < o->nmilestones; i++)
		free(o->milestones[i].what);
	free(o->milestones);
	cJSON_Delete(o->evidence);
	cJSON_Delete(o->answer);
	memset(o, 0, sizeof(*o));
}

void pw_obligation_records_clear(pw_obligation_records *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		cJSON_Delete(l->docs[i]);
	free(l->docs);
	memset(l, 0, sizeof(*l));
}

void pw_obligations_clear(pw_obligations *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		obligation_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

const pw_obligation *pw_obligations_find(const pw_obligations *l, const char *id)
{
	size_t i;
	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	return NULL;
}

int pw_obligation_answered_done(const pw_obligation *o)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(o->answer, "status"),
	            *e = cJSON_GetObjectItemCaseSensitive(o->answer, "evidence");
	return cJSON_IsString(s) && strcmp(s->valuestring, "done") == 0 && cJSON_IsString(e) &&
	       *e->valuestring;
}

const pw_obligation_milestone *pw_obligation_next(const pw_obligation *o)
{
	size_t i;
	for (i = 0; i < o->nmilestones; i++)
		if (!o->milestones[i].done[0])
			return &o->milestones[i];
	return NULL;
}

const char *pw_obligation_next_date(const pw_obligation *o)
{
	const pw_obligation_milestone *m = pw_obligation_next(o);
	return m ? m->due : o->due;
}

/* The obligation of `tsp` with `key`, made (empty, id set) when new. */
static int get(pw_obligations *l, const char *tsp, const char *key, pw_obligation **out, int *fresh)
{
	pw_obligation *o;
	size_t i;
	int rc;
	*fresh = 0;
	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].tsp, tsp) == 0 && strcmp(l->items[i].key, key) == 0) {
			*out = &l->items[i];
			return 0;
		}
	if (!(o = realloc(l->items, (l->count + 1) * sizeof(*o))))
		return pw_error_oom();
	l->items = o;
	o = &l->items[l->count];
	memset(o, 0, sizeof(*o));
	l->count++;
	if (!(o->tsp = strdup(tsp)) || !(o->key = strdup(key)) ||
	    !(o->changes = calloc(1, sizeof(char *))) ||
	    !(o->criteria = calloc(1, sizeof(char *))) || !(o->evidence = cJSON_CreateArray()))
		return pw_error_oom();
	if ((rc = pw_obligation_make_id(&o->id, tsp, key)) < 0)
		return rc;
	*out = o;
	*fresh = 1;
	return 0;
}

static int add_quote(pw_obligation *o, const char *change, const char *text, size_t len)
{
	pw_obligation_quote *q;
	size_t i;
	for (i = 0; i < o->nquotes; i++)
		if (strlen(o->quotes[i].text) == len && strncmp(o->quotes[i].text, text, len) == 0)
			return 0;
	if (!(q = realloc(o->quotes, (o->nquotes + 1) * sizeof(*q))))
		return pw_error_oom();
	o->quotes = q;
	q = &o->quotes[o->nquotes];
	memset(q, 0, sizeof(*q));
	o->nquotes++;
	if ((change && !(q->change = strdup(change))) || !(q->text = strndup(text, len)))
		return pw_error_oom();
	return 0;
}

static int set_str(char **dst, const char *s)
{
	char *p = strdup(s);
	if (!p)
		return pw_error_oom();
	free(*dst);
	*dst = p;
	return 0;
}

/* The rule's wording with {criteria} {period} {ca} {text} {change} filled. */
static int fill_what(pw_obligation *o, const pw_obligrule *r, const char *ca, const char *text,
                     const char *change)
{
	pw_buf b = PW_BUF_INIT;
	const char *p = r->what;
	size_t i;
	int rc = 0;
	while (*p && rc == 0) {
		if (strncmp(p, "{criteria}", 10) == 0) {
			for (i = 0; o->criteria[i] && rc == 0; i++)
				rc = pw_buf_printf(&b, "%s%s",
				                   i == 0               ? ""
				                   : o->criteria[i + 1] ? ", "
				                                        : " and ",
				                   o->criteria[i]);
			p += 10;
		} else if (strncmp(p, "{period}", 8) == 0) {
			rc = pw_buf_printf(&b, "%s to %s", o->period[0], o->period[1]);
			p += 8;
		} else if (strncmp(p, "{ca}", 4) == 0) {
			rc = pw_buf_puts(&b, ca ? ca : "");
			p += 4;
		} else if (strncmp(p, "{text}", 6) == 0) {
			rc = pw_buf_puts(&b, text ? text : "");
			p += 6;
		} else if (strncmp(p, "{change}", 8) == 0) {
			rc = pw_buf_puts(&b, change ? change : "");
			p += 8;
		} else {
			rc = pw_buf_putc(&b, *p++);
		}
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	free(o->what);
	if (!(o->what = pw_buf_detach(&b)))
		return pw_error_oom();
	return 0;
}

/* Milestones from the rule, counted from the due date or the period. */
static int make_milestones(pw_obligation *o, const pw_obligrule *r)
{
	size_t i;
	for (i = 0; i < o->nmilestones; i++)
		free(o->milestones[i].what);
	free(o->milestones);
	o->milestones = NULL;
	o->nmilestones = 0;
	if (!r->nmilestones)
		return 0;
	if (!(o->milestones = calloc(r->nmilestones, sizeof(*o->milestones))))
		return pw_error_oom();
	for (i = 0; i < r->nmilestones; i++) {
		const pw_obligrule_milestone *m = &r->milestones[i];
		const char *from = m->from == PW_MS_FROM_PERIOD_START ? o->period[0]
		                   : m->from == PW_MS_FROM_PERIOD_END ? o->period[1]
		                                                      : o->due;
		int rc;
		if (!*from)
			from = o->due;
		if ((rc = pw_day_add(o->milestones[i].due, from, m->days)) < 0)
			return rc;
		if (!(o->milestones[i].what = strdup(m->what)))
			return pw_error_oom();
		o->nmilestones++;
	}
	return 0;
}

/* ---- what a change says ---- */

/* The earliest effective date of a change that binds `t`
 * (pw_applicability_binds), "" when none. */
static const char *effective(const pw_change *c, const pw_tsp *t)
{
	const char *best = "";
	size_t i;
	for (i = 0; i < c->cls.ndates; i++)
		if (pw_applicability_binds(&c->cls.dates[i], t) &&
		    (!*best || strcmp(c->cls.dates[i].date, best) < 0))
			best = c->cls.dates[i].date;
	return best;
}

/* The end of the audit period that holds `day` (its period_end "MM-DD", or
 * 12-31), as YYYY-MM-DD. */
static void period_end_after(const pw_tsp *t, const char *day, char out[11])
{
	const char *md = t->audit.period_end[0] ? t->audit.period_end : "12-31";
	unsigned y = (unsigned)atoi(day) % 10000u, m = (unsigned)atoi(md) % 100u,
	         d = (unsigned)atoi(md + 3) % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
	if (strcmp(out, day) < 0)
		snprintf(out, 11, "%04u-%02u-%02u", (y + 1) % 10000u, m, d);
}

/* The first audit period starting after `day`: [start, end]. */
static int first_period_after(const pw_tsp *t, const char *day, char start[11], char end[11])
{
	char e[11];
	int rc;
	/* the period holding day ends at e; the next one starts the day after */
	period_end_after(t, day, e);
	if ((rc = pw_day_add(start, e, 1)) < 0)
		return rc;
	period_end_after(t, start, end);
	return 0;
}

/* One line kept by the change set: document, section, text. */
typedef struct {
	const char *doc, *section, *text;
	size_t doclen, seclen, len;
} kept_line;

static int next_line(const char **p, kept_line *l)
{
	const char *s = *p, *t1, *t2, *nl;
	if (!s || !*s)
		return 0;
	nl = strchr(s, '\n');
	if (!nl)
		nl = s + strlen(s);
	t1 = memchr(s, '\t', (size_t)(nl - s));
	t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) : NULL;
	*p = *nl ? nl + 1 : nl;
	if (!t2) {
		l->text = NULL;
		return 1;
	}
	l->doc = s;
	l->doclen = (size_t)(t1 - s);
	l->section = t1 + 1;
	l->seclen = (size_t)(t2 - t1 - 1);
	l->text = t2 + 1;
	l->len = (size_t)(nl - t2 - 1);
	return 1;
}

/* "ETSI TS 119 411-6 v1.1.1" */
static int criterion_text(char **out, const pw_criterion_hit *h)
{
	pw_buf b = PW_BUF_INIT;
	if (pw_buf_printf(&b, "%s%s%s", h->criterion->name, h->version[0] ? " " : "", h->version) <
	    0)
		return PW_ENOMEM;
	if (!(*out = pw_buf_detach(&b)))
		return pw_error_oom();
	return 0;
}

/* Whether `name` (with a version perhaps) is listed in o->criteria. */
static int listed(const pw_obligation *o, const char *name)
{
	size_t i, n = strlen(name);
	for (i = 0; o->criteria[i]; i++)
		if (strncmp(o->criteria[i], name, n) == 0 &&
		    (o->criteria[i][n] == '\0' || o->criteria[i][n] == ' '))
			return 1;
	return 0;
}

/* Drops criteria that another listed criterion includes. */
static void drop_included(const pw_obligrules *r, pw_obligation *o)
{
	size_t i, j, k;
	for (i = 0; o->criteria[i];) {
		const pw_criterion *c = pw_obligrules_criterion(r, o->criteria[i], NULL);
		int covered = 0;
		for (j = 0; c && o->criteria[j] && !covered; j++) {
			const pw_criterion *d = pw_obligrules_criterion(r, o->criteria[j], NULL);
			char *one[2] = {NULL, NULL};
			if (j == i || !d || d == c)
				continue;
			one[0] = d->name;
			covered = pw_obligrules_covers(r, one, c);
		}
		if (!covered) {
			i++;
			continue;
		}
		free(o->criteria[i]);
		for (k = i; o->criteria[k]; k++)
			o->criteria[k] = o->criteria[k + 1];
	}
}

typedef struct {
	const pw_obligations_opts *in;
	pw_obligations *out;
	char **webtrust_done; /* criteria already required of this TSP (WebTrust) */
} derive_state;

static int add_change(pw_obligation *o, const char *id)
{
	return strv_add(&o->changes, id);
}

/* The reason: what matched, in the TSP's terms. */
static int set_reason(pw_obligation *o, const pw_tsp *t, const char *extra)
{
	pw_buf b = PW_BUF_INIT;
	size_t i;
	int rc = pw_buf_printf(&b, "audited under %s; ", pw_tsp_scheme_name(t->audit.scheme));
	if (rc == 0 && o->criteria[0])
		rc = pw_buf_puts(&b, "the changes name ");
	for (i = 0; rc == 0 && o->criteria[i]; i++)
		rc = pw_buf_printf(&b, "%s%s", i ? ", " : "", o->criteria[i]);
	if (rc == 0 && o->criteria[0])
		rc = pw_buf_puts(&b, ", not in the TSP's audit criteria (");
	for (i = 0; rc == 0 && o->criteria[0] && t->audit.criteria[i]; i++)
		rc = pw_buf_printf(&b, "%s%s", i ? ", " : "", t->audit.criteria[i]);
	if (rc == 0 && o->criteria[0])
		rc = pw_buf_puts(&b, t->audit.criteria[0] ? ")" : "none listed)");
	if (rc == 0 && extra)
		rc = pw_buf_printf(&b, "; %s", extra);
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	free(o->reason);
	return (o->reason = pw_buf_detach(&b)) ? 0 : pw_error_oom();
}

static const pw_obligrule *rule_for(const pw_obligrules *r, const char *kind, int scheme)
{
	size_t i;
	for (i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].kind, kind) == 0 &&
		    (r->rules[i].scheme == PW_AUDIT_ANY || r->rules[i].scheme == scheme))
			return &r->rules[i];
	return NULL;
}

/* The ETSI obligation of `key` for `t`, made the first time it is needed. */
static int etsi_obligation(pw_obligation **o, derive_state *st, const pw_tsp *t, const char *key)
{
	int fresh;
	return *o ? 0 : get(st->out, t->id, key, o, &fresh);
}

/* The document itself, when the change adopts its first version: each
 * criterion made of it that the TSP's audit does not cover. */
static int etsi_new_document(pw_obligation **o, int *any, derive_state *st, const pw_tsp *t,
                             const pw_changeset_item *it, const char *key)
{
	const pw_obligrules *r = st->in->rules;
	const pw_change *c = &it->change;
	size_t i;
	int rc = 0;
	for (i = 0; it->new_document && i < r->ncriteria && rc == 0; i++) {
		pw_buf doc = PW_BUF_INIT;
		const pw_criterion *cr = &r->criteria[i];
		if (pw_buf_printf(&doc, "%s:%s", c->source, c->docs[0].path) < 0) {
			rc = PW_ENOMEM;
			break;
		}
		if (strv_has(cr->documents, doc.ptr) &&
		    !pw_obligrules_covers(r, t->audit.criteria, cr)) {
			if ((rc = etsi_obligation(o, st, t, key)) < 0)
				break;
			if (rc == 0 && !listed(*o, cr->name))
				rc = strv_add(&(*o)->criteria, cr->name);
			if (rc == 0 && c->cls.ndates)
				rc = add_quote(*o, c->id, c->cls.dates[0].text,
				               strlen(c->cls.dates[0].text));
			*any = 1;
		}
		pw_buf_clear(&doc);
	}
	return rc;
}

/* The ETSI criteria the change's added lines name that the TSP's audit does
 * not cover, each line quoted. */
static int etsi_named(pw_obligation **o, int *any, derive_state *st, const pw_tsp *t,
                      const pw_changeset_item *it, const char *key)
{
	const pw_obligrules *r = st->in->rules;
	const char *p = it->kept;
	char *names = NULL;
	kept_line l;
	int rc = 0;
	while (rc == 0 && next_line(&p, &l)) {
		pw_criterion_hit *h = NULL;
		size_t n = 0, k;
		int named = 0;
		if (!l.text)
			continue;
		if ((rc = pw_obligrules_find(&h, &n, r, l.text, l.len)) < 0)
			break;
		for (k = 0; k < n && rc == 0; k++) {
			const pw_criterion *cr = h[k].criterion;
			if (cr->auditor || cr->scheme != PW_AUDIT_ETSI ||
			    pw_obligrules_covers(r, t->audit.criteria, cr))
				continue;
			if ((rc = etsi_obligation(o, st, t, key)) < 0)
				break;
			if (!listed(*o, cr->name)) {
				if ((rc = criterion_text(&names, &h[k])) == 0)
					rc = strv_add(&(*o)->criteria, names);
				free(names);
				names = NULL;
			}
			named = 1;
		}
		if (rc == 0 && named) {
			rc = add_quote(*o, it->change.id, l.text, l.len);
			*any = 1;
		}
		free(h);
	}
	return rc;
}

/* The due date (the earliest known), the rule's texts, the reason and the
 * milestones of ETSI obligation `o` after change `c`. */
static int etsi_finish(pw_obligation *o, const pw_obligrules *r, const pw_tsp *t,
                       const pw_change *c, const pw_obligrule *rule)
{
	const char *eff = effective(c, t);
	char due[11];
	int rc;
	if (*eff)
		memcpy(due, eff, 11);
	else if (t->audit.period_end[0])
		period_end_after(t, c->date, due);
	else if ((rc = pw_day_add(due, c->date,
	                          rule->nmilestones && rule->milestones[0].days < 0
	                              ? -rule->milestones[0].days
	                              : 120)) < 0)
		return rc;
	if (!o->due[0] || strcmp(due, o->due) < 0) {
		memcpy(o->due, due, 11);
		o->undated = !*eff;
	}
	memcpy(o->derived_due, o->due, 11);
	drop_included(r, o);
	if ((rc = add_change(o, c->id)) < 0 || (rc = set_str(&o->kind, rule->kind)) < 0 ||
	    (rc = set_str(&o->rule, rule->id)) < 0 ||
	    (rc = fill_what(o, rule, NULL, NULL, NULL)) < 0 ||
	    (rc = set_reason(o, t,
	                     o->undated ? "the change states no date: due at the audit period end"
	                                : NULL)) < 0)
		return rc;
	return make_milestones(o, rule);
}

/* ETSI: the scope-extension obligation of the change's document. */
static int derive_etsi(derive_state *st, const pw_tsp *t, const pw_changeset_item *it,
                       const pw_obligrule *rule)
{
	const pw_change *c = &it->change;
	pw_obligation *o = NULL;
	pw_buf key = PW_BUF_INIT;
	int rc, any = 0;

	if (c->ndocs == 0)
		return 0;
	if ((rc = pw_buf_printf(&key, "%s|%s:%s", rule->id, c->source, c->docs[0].path)) < 0)
		return rc;
	if ((rc = etsi_new_document(&o, &any, st, t, it, key.ptr)) == 0)
		rc = etsi_named(&o, &any, st, t, it, key.ptr);
	pw_buf_clear(&key);
	if (rc < 0 || !any)
		return rc;
	return etsi_finish(o, st->in->rules, t, c, rule);
}

/* WebTrust: the first audit period starting after the date must include the
 * criteria. */
static int derive_webtrust(derive_state *st, const pw_tsp *t, const pw_changeset_item *it,
                           const pw_obligrule *rule)
{
	const pw_obligrules *r = st->in->rules;
	const pw_change *c = &it->change;
	const char *p = it->kept, *eff = effective(c, t);
	kept_line l;
	int rc = 0;

	while (rc == 0 && next_line(&p, &l)) {
		pw_criterion_hit *h = NULL;
		pw_date *dates = NULL;
		size_t n = 0, nd = 0, k;
		char *line = NULL, threshold[11], start[11], end[11], *names = NULL;
		pw_obligation *o = NULL;
		pw_buf key = PW_BUF_INIT;
		int fresh;
		if (!l.text)
			continue;
		if (!(line = strndup(l.text, l.len)))
			return pw_error_oom();
		if (has_phrase(line, rule->not_phrases) ||
		    (rc = pw_obligrules_find(&h, &n, r, l.text, l.len)) < 0) {
			free(line);
			continue;
		}
		/* the date the line names, else the change's */
		if ((rc = pw_dates_find(&dates, &nd, l.text, l.len)) < 0) {
			free(h);
			free(line);
			break;
		}
		if (nd)
			pw_dates_format(threshold, &dates[0]);
		else
			memcpy(threshold, *eff ? eff : c->date, 11);
		free(dates);
		for (k = 0; k < n && rc == 0; k++) {
			const pw_criterion *cr = h[k].criterion;
			if (cr->auditor || cr->scheme != PW_AUDIT_WEBTRUST ||
			    pw_obligrules_covers(r, t->audit.criteria, cr) ||
			    strv_has(st->webtrust_done, cr->name))
				continue;
			if (!o) {
				if ((rc = first_period_after(t, threshold, start, end)) < 0 ||
				    (rc = pw_buf_printf(&key, "%s|%s", rule->id, start)) < 0 ||
				    (rc = get(st->out, t->id, key.ptr, &o, &fresh)) < 0)
					break;
				memcpy(o->period[0], start, 11);
				memcpy(o->period[1], end, 11);
			}
			if ((rc = criterion_text(&names, &h[k])) == 0)
				rc = strv_add(&o->criteria, names);
			free(names);
			names = NULL;
			if (rc == 0)
				rc = strv_add(&st->webtrust_done, cr->name);
		}
		if (rc == 0 && o) {
			char why[128];
			snprintf(why, sizeof(why),
			         "required for audit periods starting after %s; the period ends "
			         "on %s each year%s",
			         threshold, t->audit.period_end[0] ? t->audit.period_end : "12-31",
			         t->audit.period_end[0] ? "" : " (the profile has no period_end)");
			memcpy(o->due, o->period[1], 11);
			memcpy(o->derived_due, o->due, 11);
			if ((rc = add_quote(o, c->id, l.text, l.len)) < 0 ||
			    (rc = add_change(o, c->id)) < 0 ||
			    (rc = set_str(&o->kind, rule->kind)) < 0 ||
			    (rc = set_str(&o->rule, rule->id)) < 0 ||
			    (rc = fill_what(o, rule, NULL, NULL, NULL)) < 0 ||
			    (rc = set_reason(o, t, why)) < 0)
				;
			else
				rc = make_milestones(o, rule);
		}
		pw_buf_clear(&key);
		free(h);
		free(line);
	}
	return rc;
}

/* "-- -- Transition end for Extant S/MIME CAs -- September 15, 2024" ->
 * "Transition end for Extant S/MIME CAs" (table noise and dates dropped). */
static int clean_text(char **out, const char *s)
{
	pw_buf b = PW_BUF_INIT;
	pw_date *d = NULL;
	size_t n = 0, i = 0, len = strlen(s), k = 0;
	int rc = pw_dates_find(&d, &n, s, len);
	while (rc == 0 && i < len) {
		if (k < n && i == d[k].start) {
			i = d[k++].end;
			continue;
		}
		if (s[i] == '-' && i + 1 < len && s[i + 1] == '-') {
			i += 2;
			continue;
		}
		if (s[i] == '|' || (s[i] == ' ' && (b.len == 0 || b.ptr[b.len - 1] == ' '))) {
			i++;
			continue;
		}
		rc = pw_buf_putc(&b, s[i++]);
	}
	free(d);
	while (rc == 0 && b.len && b.ptr[b.len - 1] == ' ')
		b.ptr[--b.len] = '\0';
	/* a leading version and ballot ("1.0.1 SMC03 ") is the table's */
	if (rc < 0 || !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return rc < 0 ? rc : pw_error_oom();
	}
	return 0;
}

static int derive_transition(derive_state *st, const pw_tsp *t, const pw_changeset_item *it,
                             const pw_obligrule *rule)
{
	const pw_change *c = &it->change;
	pw_tagset certs = c->cls.tags & PW_TSP_CERT_TYPES;
	size_t d, k;
	int rc = 0;
	for (d = 0; d < c->cls.ndates && rc == 0; d++) {
		const pw_effective_date *ed = &c->cls.dates[d];
		if (!pw_applicability_binds(ed, t) || !has_phrase(ed->text, rule->phrases))
			continue;
		for (k = 0; k < t->ncas && rc == 0; k++) {
			pw_tagset types = t->cas[k].types & PW_TAG_EV ? t->cas[k].types | PW_TAG_TLS
			                                              : t->cas[k].types;
			pw_buf key = PW_BUF_INIT, why = PW_BUF_INIT;
			pw_obligation *o;
			char *text = NULL;
			int fresh;
			if (certs && !(certs & types))
				continue;
			if ((rc = pw_buf_printf(&key, "%s|%s|%s", rule->id, t->cas[k].name,
			                        ed->date)) < 0 ||
			    (rc = get(st->out, t->id, key.ptr, &o, &fresh)) < 0 ||
			    (rc = clean_text(&text, ed->text)) < 0) {
				pw_buf_clear(&key);
				break;
			}
			memcpy(o->due, ed->date, 11);
			memcpy(o->derived_due, ed->date, 11);
			rc = pw_buf_printf(&why, "operates extant CA '%s' (since %s)",
			                   t->cas[k].name, t->cas[k].not_before);
			if (rc == 0 &&
			    (rc = add_quote(o, c->id, ed->text, strlen(ed->text))) == 0 &&
			    (rc = add_change(o, c->id)) == 0 &&
			    (rc = set_str(&o->kind, rule->kind)) == 0 &&
			    (rc = set_str(&o->rule, rule->id)) == 0 &&
			    (rc = fill_what(o, rule, t->cas[k].name, text, NULL)) == 0 &&
			    (rc = set_str(&o->reason, why.ptr)) == 0)
				rc = make_milestones(o, rule);
			free(text);
			pw_buf_clear(&key);
			pw_buf_clear(&why);
		}
	}
	return rc;
}

static int derive_commitments(derive_state *st, const pw_tsp *t)
{
	const pw_responses *rs = st->in->responses;
	const pw_obligrule *rule = rule_for(st->in->rules, "commitment", t->audit.scheme);
	size_t i;
	int rc = 0;
	for (i = 0; rs && rule && i < rs->count && rc == 0; i++) {
		const pw_response *r = &rs->items[i];
		const pw_changeset_item *it;
		pw_buf key = PW_BUF_INIT;
		pw_obligation *o;
		char why[96];
		int fresh;
		if (strcmp(r->tsp, t->id) != 0 || r->meets_date || !r->planned[0])
			continue;
		it = pw_changeset_find(st->in->set, r->change);
		if ((rc = pw_buf_printf(&key, "%s|%s", rule->id, r->change)) < 0 ||
		    (rc = get(st->out, t->id, key.ptr, &o, &fresh)) < 0) {
			pw_buf_clear(&key);
			break;
		}
		pw_buf_clear(&key);
		memcpy(o->due, r->planned, 11);
		memcpy(o->derived_due, r->planned, 11);
		snprintf(why, sizeof(why), "the TSP answered it cannot meet the date; planned %s",
		         r->planned);
		if ((rc = add_change(o, r->change)) < 0 ||
		    (rc = set_str(&o->kind, rule->kind)) < 0 ||
		    (rc = set_str(&o->rule, rule->id)) < 0 ||
		    (rc = fill_what(o, rule, NULL, NULL,
		                    it && it->change.cls.ballot ? it->change.cls.ballot
		                                                : r->change)) < 0 ||
		    (rc = set_str(&o->reason, why)) < 0 ||
		    (r->mitigation &&
		     (rc = add_quote(o, NULL, r->mitigation, strlen(r->mitigation))) < 0))
			break;
		rc = make_milestones(o, rule);
	}
	return rc;
}

static int by_time(const void *a, const void *b)
{
	const pw_changeset_item *x = *(const pw_changeset_item *const *)a,
	                        *y = *(const pw_changeset_item *const *)b;
	if (x->change.time != y->change.time)
		return x->change.time < y->change.time ? -1 : 1;
	return strcmp(x->change.id, y->change.id);
}

static int derive_tsp(derive_state *st, const pw_tsp *t, const pw_changeset_item **items, size_t n)
{
	const pw_obligrules *r = st->in->rules;
	const pw_obligrule *audit = rule_for(r, "audit", t->audit.scheme),
	                   *transition = rule_for(r, "transition", t->audit.scheme);
	size_t i;
	int rc = 0;

	st->webtrust_done = NULL;
	for (i = 0; i < n && rc == 0; i++) {
		const pw_changeset_item *it = items[i];
		const pw_ledger_entry *e = pw_ledger_find(st->in->ledger, it->change.id);
		pw_applicability why;
		if (!e || (rc = pw_applicability_decide_item(&why, it, e, t)) < 0 || !why.rules)
			continue;
		pw_applicability_clear(&why);
		if ((it->change.cls.tags & PW_TAG_AUDIT) && audit)
			rc = t->audit.scheme == PW_AUDIT_WEBTRUST
			         ? derive_webtrust(st, t, it, audit)
			         : derive_etsi(st, t, it, audit);
		if (rc == 0 && (it->change.cls.tags & PW_TAG_EXTANT_CA) && transition)
			rc = derive_transition(st, t, it, transition);
	}
	strv_free(st->webtrust_done);
	st->webtrust_done = NULL;
	if (rc == 0)
		rc = derive_commitments(st, t);
	return rc;
}

/* ---- the officer's records ---- */

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An obligation the officer added (record "added"). */
static int add_officer(pw_obligations *out, const cJSON *doc, const pw_tsps *tsps)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "added"), *v;
	const char *id = jstr(doc, "id"), *tsp = jstr(doc, "tsp");
	pw_obligation *o;
	size_t n = 0;
	int rc;
	if (!a || !id || !tsp || !pw_tsps_find(tsps, tsp))
		return 0;
	if (!(o = realloc(out->items, (out->count + 1) * sizeof(*o))))
		return pw_error_oom();
	out->items = o;
	o = &out->items[out->count++];
	memset(o, 0, sizeof(*o));
	if (!(o->id = strdup(id)) || !(o->tsp = strdup(tsp)) || !(o->key = strdup(id)) ||
	    !(o->changes = calloc(1, sizeof(char *))) ||
	    !(o->criteria = calloc(1, sizeof(char *))) || !(o->evidence = cJSON_CreateArray()) ||
	    !(o->kind = strdup(jstr(a, "kind") ? jstr(a, "kind") : "officer")) ||
	    !(o->rule = strdup("officer")) ||
	    !(o->what = strdup(jstr(a, "what") ? jstr(a, "what") : "")))
		return pw_error_oom();
	snprintf(o->due, sizeof(o->due), "%s", jstr(a, "due") ? jstr(a, "due") : "");
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(a, "changes"))
	{
		if (cJSON_IsString(v) && (rc = strv_add(&o->changes, v->valuestring)) < 0)
			return rc;
	}
	n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a, "milestones"));
	if (n && !(o->milestones = calloc(n, sizeof(*o->milestones))))
		return pw_error_oom();
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(a, "milestones"))
	{
		pw_obligation_milestone *m = &o->milestones[o->nmilestones];
		if (!(m->what = strdup(jstr(v, "what") ? jstr(v, "what") : "")))
			return pw_error_oom();
		snprintf(m->due, sizeof(m->due), "%s", jstr(v, "due") ? jstr(v, "due") : "");
		o->nmilestones++;
	}
	return set_str(&o->reason, "added by the officer");
}

/* Moves the milestones counted from the due date along with it. */
static void move_due(pw_obligation *o, const pw_obligrules *r, const char *date)
{
	const pw_obligrule *rule = pw_obligrules_rule(r, o->rule);
	long shift = 0;
	size_t i;
	if (pw_day_diff(&shift, o->due, date) < 0)
		return;
	for (i = 0; rule && i < o->nmilestones && i < rule->nmilestones; i++)
		if (rule->milestones[i].from == PW_MS_FROM_DUE)
			pw_day_add(o->milestones[i].due, o->milestones[i].due, shift);
	memcpy(o->due, date, 11);
}

/* Keeps the later of o->updated and `time` (ISO 8601 UTC, compared as text). */
static void touch(pw_obligation *o, const char *time)
{
	if (time && strlen(time) == 20 && strcmp(time, o->updated) > 0)
		memcpy(o->updated, time, 21);
}

static int apply_events(pw_obligation *o, const cJSON *doc, const pw_obligrules *r)
{
	const cJSON *ev;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(doc, "events"))
	{
		const char *action = jstr(ev, "action"), *date = jstr(ev, "date"),
		           *note = jstr(ev, "note");
		touch(o, jstr(ev, "time"));
		if (!action)
			continue;
		if (strcmp(action, "done") == 0) {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(ev, "milestone");
			if (cJSON_IsNumber(m) && m->valueint >= 1 &&
			    (size_t)m->valueint <= o->nmilestones && date)
				snprintf(o->milestones[m->valueint - 1].done, 11, "%s", date);
		} else if (strcmp(action, "evidence") == 0) {
			cJSON *copy = cJSON_Duplicate(ev, 1);
			if (!copy)
				return pw_error_oom();
			cJSON_DeleteItemFromObjectCaseSensitive(copy, "action");
			cJSON_AddItemToArray(o->evidence, copy);
		} else if (strcmp(action, "accept") == 0 || strcmp(action, "waive") == 0) {
			o->status = action[0] == 'a' ? PW_OBLIGATION_MET : PW_OBLIGATION_WAIVED;
			snprintf(o->closed, sizeof(o->closed), "%s", date ? date : "");
			if (note && set_str(&o->note, note) < 0)
				return PW_ENOMEM;
		} else if (strcmp(action, "due") == 0 && date && pw_day_valid(date)) {
			move_due(o, r, date);
		} else if (strcmp(action, "answer") == 0) {
			cJSON *copy = cJSON_Duplicate(ev, 1);
			if (!copy)
				return pw_error_oom();
			cJSON_DeleteItemFromObjectCaseSensitive(copy, "action");
			cJSON_Delete(o->answer);
			o->answer = copy; /* the latest counts */
		}
	}
	return 0;
}

static int apply_records(pw_obligations *out, const pw_obligations_opts *in)
{
	size_t i, j;
	int rc;
	for (i = 0; in->records && i < in->records->count; i++)
		if ((rc = add_officer(out, in->records->docs[i], in->tsps)) < 0)
			return rc;
	for (i = 0; in->records && i < in->records->count; i++) {
		const char *id = jstr(in->records->docs[i], "id");
		for (j = 0; id && j < out->count; j++)
			if (strcmp(out->items[j].id, id) == 0 &&
			    (rc = apply_events(&out->items[j], in->records->docs[i], in->rules)) <
			        0)
				return rc;
	}
	return 0;
}

/* ---- the annual self-assessment ---- */

/* A version of a document and the day it took effect. */
typedef struct {
	const char *version; /* borrowed from the change set */
	char date[11];
} doc_version;

/* The day a change releases its version: its own date in the change-history
 * row or header line when it states one, else the commit's. */
static const char *release_day(const pw_change *c)
{
	size_t i;
	for (i = 0; i < c->cls.ndates; i++)
		if (c->cls.dates[i].release)
			return c->cls.dates[i].date;
	return c->date;
}

static int by_version(const void *a, const void *b)
{
	const doc_version *x = a, *y = b;
	return pw_versions_cmp(x->version, y->version);
}

/* The versions `document` ("source:path") declares in the change set's
 * adopted changes, each with its earliest release day, in version order. */
static int doc_versions(doc_version **out, size_t *n, const pw_changeset *set, const char *document)
{
	const char *colon = strchr(document, ':');
	size_t i, d, k, srclen = colon ? (size_t)(colon - document) : 0;
	*out = NULL;
	*n = 0;
	for (i = 0; colon && i < set->count; i++) {
		const pw_change *c = &set->items[i].change;
		if (c->status != PW_STATUS_ADOPTED || strlen(c->source) != srclen ||
		    strncmp(c->source, document, srclen) != 0)
			continue;
		for (d = 0; d < c->ndocs && d < c->cls.nversions; d++) {
			const char *v = c->cls.versions[d], *day = release_day(c);
			doc_version *p;
			if (!v || strcmp(c->docs[d].path, colon + 1) != 0)
				continue;
			for (k = 0; k < *n && strcmp((*out)[k].version, v) != 0; k++)
				;
			if (k < *n) {
				if (strcmp(day, (*out)[k].date) < 0)
					snprintf((*out)[k].date, 11, "%s", day);
				continue;
			}
			if (!(p = realloc(*out, (*n + 1) * sizeof(*p)))) {
				free(*out);
				*out = NULL;
				*n = 0;
				return pw_error_oom();
			}
			*out = p;
			p[*n].version = v;
			snprintf(p[*n].date, 11, "%s", day);
			(*n)++;
		}
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), by_version);
	return 0;
}

/* When version `v` was superseded: the release day of the next version, or
 * NULL (the newest known, or not known at all). */
static const char *superseded_on(const doc_version *vs, size_t n, const char *v)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (pw_versions_cmp(vs[i].version, v) > 0)
			return vs[i].date;
	return NULL;
}

/* Whether `v`, used on `day` (a date or a time that starts with one), was
 * superseded by at most `days` days. */
static int fresh_on(const doc_version *vs, size_t n, const char *v, const char *day, long days)
{
	const char *sup = superseded_on(vs, n, v);
	char d[11];
	long gap = 0;
	snprintf(d, sizeof(d), "%.10s", day);
	return !sup || pw_day_diff(&gap, sup, d) < 0 || gap <= days;
}

/* The oldest version that still counts on `day` (NULL: none known). */
static const char *oldest_fresh(const doc_version *vs, size_t n, const char *day, long days)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (fresh_on(vs, n, vs[i].version, day, days))
			return vs[i].version;
	return NULL;
}

/* Whether the officer accepted or waived obligation `id` (obligrec.h). */
static int officer_closed(const pw_obligation_records *recs, const char *id)
{
	const cJSON *ev;
	size_t i;
	for (i = 0; recs && i < recs->count; i++) {
		if (!jstr(recs->docs[i], "id") || strcmp(jstr(recs->docs[i], "id"), id) != 0)
			continue;
		cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(recs->docs[i], "events"))
		{
			const char *a = jstr(ev, "action");
			if (a && (strcmp(a, "accept") == 0 || strcmp(a, "waive") == 0))
				return 1;
		}
	}
	return 0;
}

/* `tmpl` with every `{key}` replaced by `val`, into *out (freed first). */
static int expand(char **out, const char *tmpl, const char *key, const char *val)
{
	pw_buf b = PW_BUF_INIT;
	size_t kl = strlen(key);
	int rc = 0;
	while (*tmpl && rc == 0) {
		if (tmpl[0] == '{' && strncmp(tmpl + 1, key, kl) == 0 && tmpl[kl + 1] == '}') {
			rc = pw_buf_puts(&b, val);
			tmpl += kl + 2;
		} else {
			rc = pw_buf_putc(&b, *tmpl++);
		}
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	free(*out);
	return (*out = pw_buf_detach(&b)) ? 0 : pw_error_oom();
}

/* One period of one document: what the self-assessment cycle works on. */
typedef struct {
	const pw_obligrule *rule;
	const char *document;
	const doc_version *versions;
	size_t nversions;
	const char *template; /* the root programs' template, or NULL */
	const doc_version *tversions;
	size_t ntversions;
	const pw_assessment_record **recs; /* this TSP's of the document, oldest import first */
	unsigned char *used;
	size_t nrecs;
	char start[11], end[11], due[11];
	char after[11]; /* records count when imported after this day ... */
	int inclusive;  /* ... or on it (the first period: `since`) */
} sa_cycle;

/* The record the period takes: the first accepted fresh one, else the
 * first fresh one, imported after c->after; a stale one only for the
 * reason (*stale). Index or -1. */
static long pick(const sa_cycle *c, long *stale)
{
	long fresh = -1;
	size_t i;
	*stale = -1;
	for (i = 0; i < c->nrecs; i++) {
		const pw_assessment_record *r = c->recs[i];
		int cmp = strcmp(r->imported, c->after);
		if (c->used[i] || cmp < 0 || (cmp == 0 && !c->inclusive))
			continue;
		if (!fresh_on(c->versions, c->nversions, r->version, r->imported,
		              c->rule->superseded_days)) {
			if (*stale < 0)
				*stale = (long)i;
			continue;
		}
		if (r->accepted[0])
			return (long)i;
		if (fresh < 0)
			fresh = (long)i;
	}
	return fresh;
}

static int sa_reason(pw_obligation *o, const pw_tsp *t, const sa_cycle *c, long got, long stale)
{
	pw_buf b = PW_BUF_INIT;
	char types[64];
	int rc =
	    pw_buf_printf(&b,
	                  "issues %s certificates; owes the annual self-assessment for the "
	                  "audit periods ending on or after %s (its profile), "
	                  "%ld days after each ends (audit period end %s)",
	                  pw_tsp_types_text(t->types, types, sizeof(types)),
	                  t->self_assessment_since, c->rule->after_period_end, t->audit.period_end);
	if (rc == 0 && got >= 0) {
		const pw_assessment_record *r = c->recs[got];
		rc = pw_buf_printf(&b, "; version %s imported %.10s%s%.10s (%s)", r->version,
		                   r->imported,
		                   r->accepted[0] ? ", accepted " : ", not yet accepted",
		                   r->accepted, r->rel_path);
	}
	if (rc == 0 && stale >= 0) {
		const pw_assessment_record *r = c->recs[stale];
		rc = pw_buf_printf(&b,
		                   "; version %s imported %.10s does not count: superseded on %s, "
		                   "more than %ld days before",
		                   r->version, r->imported,
		                   superseded_on(c->versions, c->nversions, r->version),
		                   c->rule->superseded_days);
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	free(o->reason);
	return (o->reason = pw_buf_detach(&b)) ? 0 : pw_error_oom();
}

/* The rule's template milestone (done by the officer), for a document with
 * a template: {template} and {version}, the oldest template version that
 * counts on `on`. */
static int add_template_milestone(pw_obligation *o, const sa_cycle *c, const char *on)
{
	const pw_obligrule_milestone *m = &c->rule->template_milestone;
	const char *v = oldest_fresh(c->tversions, c->ntversions, on, c->rule->superseded_days);
	const char *from = m->from == PW_MS_FROM_PERIOD_START ? o->period[0]
	                   : m->from == PW_MS_FROM_PERIOD_END ? o->period[1]
	                                                      : o->due;
	pw_obligation_milestone *p;
	pw_buf vt = PW_BUF_INIT;
	int rc;
	if (!c->template || !m->what)
		return 0;
	if (!(p = realloc(o->milestones, (o->nmilestones + 1) * sizeof(*p))))
		return pw_error_oom();
	o->milestones = p;
	p = &o->milestones[o->nmilestones];
	memset(p, 0, sizeof(*p));
	o->nmilestones++;
	if ((rc = pw_day_add(p->due, from, m->days)) < 0 ||
	    (rc = pw_buf_printf(&vt, v ? "version %s" : "the current version", v)) < 0 ||
	    (rc = expand(&p->what, m->what, "template", c->template)) < 0 ||
	    (rc = expand(&p->what, p->what, "version", vt.ptr)) < 0) {
		pw_buf_clear(&vt);
		return rc;
	}
	pw_buf_clear(&vt);
	return 0;
}

/* The obligation of one period; takes its record. */
static int sa_obligation(derive_state *st, const pw_tsp *t, sa_cycle *c)
{
	const pw_obligrule *rule = c->rule;
	const char *oldest, *on;
	const pw_assessment_record *r = NULL;
	pw_buf key = PW_BUF_INIT, vtext = PW_BUF_INIT;
	pw_obligation *o;
	long got = -1, stale = -1;
	size_t i;
	int fresh, rc;

	if ((rc = pw_buf_printf(&key, "%s|%s|%s", rule->id, c->document, c->end)) < 0 ||
	    (rc = get(st->out, t->id, key.ptr, &o, &fresh)) < 0) {
		pw_buf_clear(&key);
		return rc;
	}
	pw_buf_clear(&key);
	memcpy(o->due, c->due, 11);
	memcpy(o->derived_due, c->due, 11);
	memcpy(o->period[0], c->start, 11);
	memcpy(o->period[1], c->end, 11);
	if (!officer_closed(st->in->records, o->id)) {
		got = pick(c, &stale);
		if (got >= 0) {
			c->used[got] = 1;
			r = c->recs[got];
		}
	}
	/* the oldest version that counts: on the day of the import that met it,
	 * else on the due date, or today once that has passed */
	on = r ? r->imported : strcmp(st->in->today, c->due) > 0 ? st->in->today : c->due;
	oldest = oldest_fresh(c->versions, c->nversions, on, rule->superseded_days);
	if ((rc = pw_buf_printf(&vtext, oldest ? "version %s" : "the current version", oldest)) <
	        0 ||
	    (rc = set_str(&o->kind, rule->kind)) < 0 || (rc = set_str(&o->rule, rule->id)) < 0 ||
	    (rc = expand(&o->what, rule->what, "document", c->document)) < 0 ||
	    (rc = pw_buf_printf(&key, "%s to %s", c->start, c->end)) < 0 ||
	    (rc = expand(&o->what, o->what, "period", key.ptr)) < 0 ||
	    (rc = make_milestones(o, rule)) < 0 || (rc = sa_reason(o, t, c, got, stale)) < 0)
		goto out;
	for (i = 0; i < o->nmilestones && rc == 0; i++) {
		int when = rule->milestones[i].done_when;
		rc = expand(&o->milestones[i].what, o->milestones[i].what, "version", vtext.ptr);
		if (r && (when == PW_MS_DONE_IMPORTED || when == PW_MS_DONE_FRESH))
			snprintf(o->milestones[i].done, 11, "%.10s", r->imported);
		else if (r && r->accepted[0] && when == PW_MS_DONE_ACCEPTED)
			snprintf(o->milestones[i].done, 11, "%.10s", r->accepted);
	}
	if (rc == 0)
		rc = add_template_milestone(o, c, on);
	if (rc == 0 && r) {
		touch(o, r->imported_time);
		touch(o, r->accepted_time);
	}
	if (rc == 0 && r && r->accepted[0]) {
		o->status = PW_OBLIGATION_MET;
		o->auto_met = 1;
		snprintf(o->closed, sizeof(o->closed), "%.10s", r->accepted);
		pw_buf_reset(&key);
		if ((rc = pw_buf_printf(&key,
		                        "self-assessment of %s version %s imported %.10s, accepted "
		                        "%.10s (%s)",
		                        c->document, r->version, r->imported, r->accepted,
		                        r->rel_path)) == 0)
			rc = set_str(&o->note, key.ptr);
	}
out:
	pw_buf_clear(&key);
	pw_buf_clear(&vtext);
	return rc;
}

/* The day of year `y` at "MM-DD" (never 02-29: core/tsp.h). */
static void on_year(char out[11], long y, const char *md)
{
	snprintf(out, 11, "%04u-%.5s", (unsigned)y % 10000u, md);
}

/* Every period of one document for TSP `t`, oldest first. */
static int sa_document(derive_state *st, const pw_tsp *t, const pw_obligrule *rule,
                       const pw_obligrule_document *doc)
{
	const char *document = doc->document;
	doc_version *tvs = NULL;
	size_t ntv = 0;
	const pw_assessments *as = st->in->assessments;
	const char *md = t->audit.period_end, *today = st->in->today;
	sa_cycle c;
	doc_version *vs = NULL;
	size_t i, nv = 0;
	long y, y0;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = doc_versions(&vs, &nv, st->in->set, document)) < 0)
		return rc;
	if (doc->template && (rc = doc_versions(&tvs, &ntv, st->in->set, doc->template)) < 0) {
		free(vs);
		return rc;
	}
	c.template = doc->template;
	c.tversions = tvs;
	c.ntversions = ntv;
	c.rule = rule;
	c.document = document;
	c.versions = vs;
	c.nversions = nv;
	if (as && as->count &&
	    (!(c.recs = calloc(as->count, sizeof(*c.recs))) || !(c.used = calloc(as->count, 1)))) {
		rc = pw_error_oom();
		goto out;
	}
	for (i = 0; as && i < as->count; i++)
		if (strcmp(as->items[i].tsp, t->id) == 0 &&
		    strcmp(as->items[i].document, document) == 0)
			c.recs[c.nrecs++] = &as->items[i];
	/* the first period ends on or after `since` */
	y0 = atol(t->self_assessment_since);
	on_year(c.end, y0, md);
	if (strcmp(c.end, t->self_assessment_since) < 0)
		y0++;
	memcpy(c.after, t->self_assessment_since, 11);
	c.inclusive = 1;
	for (y = y0; y < y0 + 1000; y++) {
		on_year(c.end, y - 1, md);
		if ((rc = pw_day_add(c.start, c.end, 1)) < 0)
			break;
		on_year(c.end, y, md);
		if ((rc = pw_day_add(c.due, c.end, rule->after_period_end)) < 0 ||
		    (rc = sa_obligation(st, t, &c)) < 0)
			break;
		/* the next period is listed from the day after this one's due date */
		if (strcmp(c.due, today) >= 0)
			break;
		memcpy(c.after, c.due, 11);
		c.inclusive = 0;
	}
out:
	free(vs);
	free(tvs);
	free(c.recs);
	free(c.used);
	return rc;
}

static int derive_self_assessments(derive_state *st, const pw_tsp *t)
{
	const pw_obligrules *r = st->in->rules;
	size_t i, d;
	int rc = 0;
	if (!t->self_assessment_since[0] || !t->audit.period_end[0])
		return 0;
	for (i = 0; i < r->nrules && rc == 0; i++) {
		const pw_obligrule *rule = &r->rules[i];
		if (!rule->after_period_end ||
		    (rule->scheme != PW_AUDIT_ANY && rule->scheme != t->audit.scheme))
			continue;
		for (d = 0; d < rule->ndocuments && rc == 0; d++)
			if (rule->documents[d].types & pw_obligrules_types(t->types))
				rc = sa_document(st, t, rule, &rule->documents[d]);
	}
	return rc;
}

static void set_status(pw_obligation *o, const char *today)
{
	const char *next;
	if (o->status == PW_OBLIGATION_MET || o->status == PW_OBLIGATION_WAIVED)
		return;
	next = pw_obligation_next_date(o);
	o->status = (*next && strcmp(next, today) < 0) || (o->due[0] && strcmp(o->due, today) < 0)
	                ? PW_OBLIGATION_OVERDUE
	                : PW_OBLIGATION_OPEN;
}

static int rank(int status)
{
	return status == PW_OBLIGATION_OVERDUE ? 0 : status == PW_OBLIGATION_OPEN ? 1 : 2;
}

static int by_urgency(const void *a, const void *b)
{
	const pw_obligation *x = a, *y = b;
	int c;
	if (rank(x->status) != rank(y->status))
		return rank(x->status) - rank(y->status);
	if ((c = strcmp(pw_obligation_next_date(x), pw_obligation_next_date(y))) != 0)
		return c;
	return strcmp(x->id, y->id);
}

int pw_obligations_derive(pw_obligations *out, const pw_obligations_opts *in)
{
	const pw_changeset_item **items = NULL;
	derive_state st;
	size_t i, n = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.in = in;
	st.out = out;
	if (in->set->count && !(items = calloc(in->set->count, sizeof(*items))))
		return pw_error_oom();
	for (i = 0; i < in->set->count; i++)
		if (in->set->items[i].change.status == PW_STATUS_ADOPTED &&
		    pw_ledger_find(in->ledger, in->set->items[i].change.id))
			items[n++] = &in->set->items[i];
	if (n > 1)
		qsort(items, n, sizeof(*items), by_time);
	for (i = 0; i < in->tsps->count && rc == 0; i++)
		rc = derive_tsp(&st, &in->tsps->items[i], items, n);
	free(items);
	for (i = 0; i < in->tsps->count && rc == 0; i++)
		rc = derive_self_assessments(&st, &in->tsps->items[i]);
	if (rc == 0)
		rc = apply_records(out, in);
	if (rc < 0) {
		pw_obligations_clear(out);
		return rc;
	}
	for (i = 0; i < out->count; i++) {
		pw_obligation *o = &out->items[i];
		size_t k;
		for (k = 0; o->changes[k]; k++) {
			const pw_ledger_entry *e = pw_ledger_find(in->ledger, o->changes[k]);
			touch(o, e ? e->time : NULL);
		}
		/* met by the ledger's self-assessment while a milestone the
		 * officer marks (the template's) is not done: not yet */
		if (o->auto_met && o->status == PW_OBLIGATION_MET && pw_obligation_next(o) &&
		    !officer_closed(in->records, o->id)) {
			o->status = PW_OBLIGATION_OPEN;
			o->closed[0] = '\0';
			free(o->note);
			o->note = NULL;
		}
		set_status(o, in->today);
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_urgency);
	return 0;
}

int pw_obligation_answer_describe(char **out, const pw_obligation *o)
{
	pw_obliganswer a;
	pw_buf b = PW_BUF_INIT;
	char *desc = NULL;
	const char *date = jstr(o->answer, "date"), *time = jstr(o->answer, "time"),
	           *form = jstr(o->answer, "form");
	int rc;
	*out = NULL;
	if (!o->answer)
		return 0;
	memset(&a, 0, sizeof(a));
	snprintf(a.status, sizeof(a.status), "%s",
	         jstr(o->answer, "status") ? jstr(o->answer, "status") : "?");
	snprintf(a.date, sizeof(a.date), "%s", date && strlen(date) == 10 ? date : "");
	a.evidence = (char *)jstr(o->answer, "evidence");
	a.comment = (char *)jstr(o->answer, "comment");
	if ((rc = pw_obliganswer_describe(&desc, &a)) < 0)
		return rc;
	if (pw_buf_puts(&b, desc) < 0 ||
	    (time && pw_buf_printf(&b, " (answered %.10s%s%s)", time, form ? ", form " : "",
	                           form ? form : "") < 0) ||
	    !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		rc = pw_error_oom();
	}
	free(desc);
	return rc;
}

/* ---- JSON ---- */

static cJSON *strv_json(char *const *v)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;
	for (i = 0; a && v && v[i]; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(v[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

static cJSON *str_or_null(const char *s)
{
	return s && *s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

cJSON *pw_obligation_to_json(const pw_obligation *o)
{
	cJSON *j = cJSON_CreateObject(), *ms = cJSON_CreateArray(), *qs = cJSON_CreateArray(),
	      *period = NULL;
	size_t i;
	int ok = j && ms && qs;

	for (i = 0; ok && i < o->nmilestones; i++) {
		cJSON *m = cJSON_CreateObject();
		ok = m && cJSON_AddItemToArray(ms, m) &&
		     cJSON_AddStringToObject(m, "what", o->milestones[i].what) &&
		     cJSON_AddStringToObject(m, "due", o->milestones[i].due) &&
		     cJSON_AddItemToObject(m, "done", str_or_null(o->milestones[i].done));
	}
	for (i = 0; ok && i < o->nquotes; i++) {
		cJSON *q = cJSON_CreateObject();
		ok = q && cJSON_AddItemToArray(qs, q) &&
		     cJSON_AddItemToObject(q, "change", str_or_null(o->quotes[i].change)) &&
		     cJSON_AddStringToObject(q, "text", o->quotes[i].text);
	}
	if (ok && o->period[0][0]) {
		ok = (period = cJSON_CreateObject()) &&
		     cJSON_AddStringToObject(period, "start", o->period[0]) &&
		     cJSON_AddStringToObject(period, "end", o->period[1]);
	}
	ok = ok && cJSON_AddStringToObject(j, "id", o->id) &&
	     cJSON_AddStringToObject(j, "tsp", o->tsp) &&
	     cJSON_AddStringToObject(j, "kind", o->kind) &&
	     cJSON_AddStringToObject(j, "what", o->what) &&
	     cJSON_AddItemToObject(j, "due", str_or_null(o->due)) &&
	     cJSON_AddStringToObject(j, "status", pw_obligation_status_name(o->status)) &&
	     cJSON_AddItemToObject(j, "milestones", ms) && (ms = NULL, 1) &&
	     cJSON_AddItemToObject(j, "changes", strv_json(o->changes)) &&
	     cJSON_AddStringToObject(j, "rule", o->rule) &&
	     cJSON_AddItemToObject(j, "criteria", strv_json(o->criteria)) &&
	     cJSON_AddItemToObject(j, "quotes", qs) && (qs = NULL, 1) &&
	     cJSON_AddItemToObject(j, "reason", str_or_null(o->reason)) &&
	     cJSON_AddItemToObject(j, "period", period ? period : cJSON_CreateNull()) &&
	     (period = NULL, 1) &&
	     cJSON_AddItemToObject(j, "derived_due", str_or_null(o->derived_due)) &&
	     cJSON_AddItemToObject(j, "evidence", cJSON_Duplicate(o->evidence, 1)) &&
	     cJSON_AddItemToObject(
	         j, "answer", o->answer ? cJSON_Duplicate(o->answer, 1) : cJSON_CreateNull()) &&
	     cJSON_AddItemToObject(j, "note", str_or_null(o->note)) &&
	     cJSON_AddItemToObject(j, "closed", str_or_null(o->closed));
	cJSON_Delete(ms);
	cJSON_Delete(qs);
	cJSON_Delete(period);
	if (!ok) {
		cJSON_Delete(j);
		pw_error_oom();
		return NULL;
	}
	return j;
}
