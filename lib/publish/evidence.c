#include "publish/evidence.h"

#include "core/tagset.h"
#include "tsp/form.h"
#include "util/day.h"
#include "util/error.h"
#include "util/mdsafe.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/printpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the period holds, gathered once for both renderings. */
typedef struct {
	const pw_evidence_opts *o;
	const pw_changeset_item **changes; /* upstream date in the period, by date, id */
	size_t nchanges, adopted;
	const pw_ledger_entry **decisions; /* decided in the period, by time */
	size_t ndecisions, applicable, signed_ok;
	long *lags; /* days from adoption to sign-off, sorted */
	size_t nlags;
	const pw_issued_form **forms; /* issued in the period */
	size_t nforms;
	const pw_response **answers; /* received in the period */
	size_t nanswers;
	struct overdue {
		const pw_issued_form *form;
		const char *change;
	} * overdue;
	size_t noverdue;
	size_t undecided; /* changes of the period without a decision */
	struct assessment {
		cJSON *doc; /* the ledger file, owned */
		const char *tsp, *document, *version, *imported, *accepted;
		size_t answers;
	} * assessments;
	size_t nassessments, accepted;
	struct version {
		const char *source, *path, *version, *date, *change;
	} * versions;
	size_t nversions;
	struct oblig {
		const pw_obligation *ob;
		const cJSON *record; /* its ledger/obligations/<id>.json, or NULL */
		char opened[11];     /* the earliest sign-off of its changes, "" */
		const char *status;  /* at the end of the period */
	} * obligs;
	size_t nobligs, oblig_opened, oblig_met, oblig_waived, oblig_overdue;
} period;

int pw_evidence_check_range(const char *from, const char *to)
{
	if (!from || !pw_day_valid(from))
		return pw_error_set(PW_EINPUT, "--from: expected a date YYYY-MM-DD, got '%s'",
		                    from ? from : "");
	if (!to || !pw_day_valid(to))
		return pw_error_set(PW_EINPUT, "--to: expected a date YYYY-MM-DD, got '%s'",
		                    to ? to : "");
	if (strcmp(from, to) > 0)
		return pw_error_set(PW_EINPUT, "--from %s is after --to %s: dates out of order",
		                    from, to);
	return 0;
}

static int in_range(const period *p, const char *date)
{
	char d[11];
	if (!date || strlen(date) < 10)
		return 0;
	memcpy(d, date, 10);
	d[10] = '\0';
	return strcmp(d, p->o->from) >= 0 && strcmp(d, p->o->to) <= 0;
}

static int by_change_date(const void *a, const void *b)
{
	const pw_change *x = &(*(const pw_changeset_item *const *)a)->change;
	const pw_change *y = &(*(const pw_changeset_item *const *)b)->change;
	int c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->id, y->id);
}

static int by_time(const void *a, const void *b)
{
	const pw_ledger_entry *x = *(const pw_ledger_entry *const *)a;
	const pw_ledger_entry *y = *(const pw_ledger_entry *const *)b;
	int c = strcmp(x->time, y->time);
	return c ? c : strcmp(x->change, y->change);
}

static int by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

static int by_version(const void *a, const void *b)
{
	const struct version *x = a, *y = b;
	int c = strcmp(x->source, y->source);
	return c ? c : strcmp(x->path, y->path);
}

static const pw_changeset_item *find_change(const period *p, const char *id)
{
	return pw_changeset_find(p->o->set, id);
}

static void period_clear(period *p)
{
	free(p->obligs);
	size_t i;
	for (i = 0; i < p->nassessments; i++)
		cJSON_Delete(p->assessments[i].doc);
	free(p->assessments);
	free(p->changes);
	free(p->decisions);
	free(p->lags);
	free(p->forms);
	free(p->answers);
	free(p->overdue);
	free(p->versions);
	memset(p, 0, sizeof(*p));
}

static int answered(const period *p, const char *change, const char *tsp)
{
	const pw_response *r = pw_responses_find(p->o->responses, change, tsp);
	return r && (!r->received || strncmp(r->received, p->o->to, 10) <= 0);
}

/* The document versions in force at the end of the period: per source and
 * document, the newest adopted change up to then that names a version. */
static int gather_versions(period *p)
{
	const pw_changeset *set = p->o->set;
	size_t i, j, k, total = 0;
	for (i = 0; i < set->count; i++)
		total += set->items[i].change.ndocs;
	if (!(p->versions = calloc(total + 1, sizeof(*p->versions))))
		return pw_error_oom();
	for (i = 0; i < set->count; i++) {
		const pw_change *c = &set->items[i].change;
		if (c->status != PW_STATUS_ADOPTED || strcmp(c->date, p->o->to) > 0 ||
		    !c->cls.versions)
			continue;
		for (j = 0; j < c->ndocs && j < c->cls.nversions; j++) {
			struct version *v = NULL;
			if (!c->cls.versions[j])
				continue;
			for (k = 0; k < p->nversions && !v; k++)
				if (strcmp(p->versions[k].source, c->source) == 0 &&
				    strcmp(p->versions[k].path, c->docs[j].path) == 0)
					v = &p->versions[k];
			if (!v)
				v = &p->versions[p->nversions++];
			if (!v->date || strcmp(c->date, v->date) > 0 ||
			    (strcmp(c->date, v->date) == 0 && strcmp(c->id, v->change) > 0)) {
				v->source = c->source;
				v->path = c->docs[j].path;
				v->version = c->cls.versions[j];
				v->date = c->date;
				v->change = c->id;
			}
		}
	}
	if (p->nversions > 1)
		qsort(p->versions, p->nversions, sizeof(*p->versions), by_version);
	return 0;
}

static const char *jstr(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* The self-assessments (tsp/assessment.h) imported or accepted in the
 * period: HEAD's files under ledger/self-assessments/, read from the work
 * tree. */
static int gather_assessments(period *p)
{
	const pw_verify_report *v = p->o->verify;
	size_t i, pl = strlen(p->o->prefix ? p->o->prefix : "");
	int rc = 0;
	if (!p->o->root)
		return 0;
	if (!(p->assessments = calloc(v->nfiles + 1, sizeof(*p->assessments))))
		return pw_error_oom();
	for (i = 0; i < v->nfiles && rc == 0; i++) {
		const char *rel = v->files[i].path + pl;
		struct assessment *a = &p->assessments[p->nassessments];
		char *path;
		if (strncmp(rel, "ledger/self-assessments/", 24) != 0)
			continue;
		if (!(path = pw_path_join(p->o->root, rel)))
			return pw_error_oom();
		rc = pw_json_parse_file(&a->doc, path, 16u << 20);
		free(path);
		if (rc < 0)
			return rc;
		a->tsp = jstr(a->doc, "tsp");
		a->document = jstr(a->doc, "document");
		a->version = jstr(a->doc, "version");
		a->imported = jstr(cJSON_GetObjectItemCaseSensitive(a->doc, "imported"), "time");
		a->accepted = jstr(cJSON_GetObjectItemCaseSensitive(a->doc, "accepted"), "time");
		a->answers =
		    (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a->doc, "answers"));
		if (!a->tsp || !a->document || !a->version ||
		    !(in_range(p, a->imported) || in_range(p, a->accepted))) {
			cJSON_Delete(a->doc);
			a->doc = NULL;
			continue;
		}
		p->accepted += in_range(p, a->accepted);
		p->nassessments++;
	}
	return rc;
}

/* The verification of a change's ledger entry (NULL: none, or the id names
 * no ledger file). */
static const pw_verify_file *entry_file(const pw_evidence_opts *o, const char *change)
{
	const pw_verify_file *vf = NULL;
	char *path = NULL;
	if (pw_ledger_entry_path(&path, o->prefix, change) == 0)
		vf = pw_verify_report_file(o->verify, path);
	free(path);
	return vf;
}

/* The status of `ob` on day `end` from its records alone: met or waived
 * when closed by then, overdue when its first milestone not done by then
 * (or its due date) is before `end`, else open. */
static const char *status_at(const pw_obligation *ob, const char *end)
{
	size_t i;
	if (ob->closed[0] && strcmp(ob->closed, end) <= 0)
		return ob->status == PW_OBLIGATION_WAIVED ? "waived" : "met";
	for (i = 0; i < ob->nmilestones; i++)
		if (!ob->milestones[i].done[0] || strcmp(ob->milestones[i].done, end) > 0)
			return strcmp(ob->milestones[i].due, end) < 0 ? "overdue" : "open";
	return ob->due[0] && strcmp(ob->due, end) < 0 ? "overdue" : "open";
}

static const cJSON *oblig_record(const pw_evidence_opts *o, const char *id)
{
	size_t i;
	for (i = 0; o->oblig_records && i < o->oblig_records->count; i++)
		if (strcmp(jstr(o->oblig_records->docs[i], "id")
		               ? jstr(o->oblig_records->docs[i], "id")
		               : "",
		           id) == 0)
			return o->oblig_records->docs[i];
	return NULL;
}

/* Whether a milestone was done, the obligation closed or its record
 * written to in the period. */
static int acted_in(const period *p, const pw_obligation *ob, const cJSON *record)
{
	const cJSON *ev,
	    *events = record ? cJSON_GetObjectItemCaseSensitive(record, "events") : NULL;
	size_t i;
	if (in_range(p, ob->closed))
		return 1;
	for (i = 0; i < ob->nmilestones; i++)
		if (in_range(p, ob->milestones[i].done))
			return 1;
	cJSON_ArrayForEach(ev, events)
	{
		if (in_range(p, jstr(ev, "time")))
			return 1;
	}
	return 0;
}

/* The obligations open at some time in the period (pw_evidence_opts), or
 * acted on in it. */
static int gather_obligations(period *p)
{
	const pw_evidence_opts *o = p->o;
	size_t i, k;
	if (!o->obligations)
		return 0;
	if (!(p->obligs = calloc(o->obligations->count + 1, sizeof(*p->obligs))))
		return pw_error_oom();
	for (i = 0; i < o->obligations->count; i++) {
		const pw_obligation *ob = &o->obligations->items[i];
		struct oblig *x = &p->obligs[p->nobligs];
		memset(x, 0, sizeof(*x));
		/* derived: opened by the sign-off of its first change; the officer's
		 * own: its record does not say when (the commit does) */
		for (k = 0; strcmp(ob->rule, "officer") != 0 && ob->changes[k]; k++) {
			const pw_ledger_entry *e = pw_ledger_find(o->ledger, ob->changes[k]);
			if (e && e->time && strlen(e->time) >= 10 &&
			    (!x->opened[0] || strncmp(e->time, x->opened, 10) < 0)) {
				memcpy(x->opened, e->time, 10);
				x->opened[10] = '\0';
			}
		}
		x->record = oblig_record(o, ob->id);
		/* open across some of the period, or something happened in it */
		if (((x->opened[0] && strcmp(x->opened, o->to) > 0) ||
		     (ob->closed[0] && strcmp(ob->closed, o->from) < 0)) &&
		    !acted_in(p, ob, x->record))
			continue;
		x->ob = ob;
		x->status = status_at(ob, o->to);
		p->oblig_opened += x->opened[0] && in_range(p, x->opened);
		p->oblig_met += ob->status == PW_OBLIGATION_MET && in_range(p, ob->closed);
		p->oblig_waived += ob->status == PW_OBLIGATION_WAIVED && in_range(p, ob->closed);
		p->oblig_overdue += strcmp(x->status, "overdue") == 0;
		p->nobligs++;
	}
	return 0;
}

static int gather(period *p, const pw_evidence_opts *o)
{
	size_t i, j, n;
	int rc_;
	memset(p, 0, sizeof(*p));
	p->o = o;
	n = o->set->count + 1;
	if (!(p->changes = calloc(n, sizeof(*p->changes))) ||
	    !(p->decisions = calloc(o->ledger->count + 1, sizeof(*p->decisions))) ||
	    !(p->lags = calloc(o->ledger->count + 1, sizeof(*p->lags))) ||
	    !(p->forms = calloc(o->issued->count + 1, sizeof(*p->forms))) ||
	    !(p->answers = calloc(o->responses->count + 1, sizeof(*p->answers))))
		return pw_error_oom();
	for (i = 0; i < o->set->count; i++)
		if (in_range(p, o->set->items[i].change.date)) {
			p->changes[p->nchanges++] = &o->set->items[i];
			if (o->set->items[i].change.status == PW_STATUS_ADOPTED)
				p->adopted++;
			if (!pw_ledger_find(o->ledger, o->set->items[i].change.id))
				p->undecided++;
		}
	qsort(p->changes, p->nchanges, sizeof(*p->changes), by_change_date);
	for (i = 0; i < o->ledger->count; i++) {
		const pw_ledger_entry *e = &o->ledger->items[i];
		const pw_changeset_item *it;
		const pw_verify_file *vf;
		if (!in_range(p, e->time))
			continue;
		p->decisions[p->ndecisions++] = e;
		p->applicable += strcmp(e->decision, "applicable") == 0;
		vf = entry_file(o, e->change);
		p->signed_ok += vf && vf->signed_ok;
		it = find_change(p, e->change);
		if (it && it->change.status == PW_STATUS_ADOPTED)
			p->lags[p->nlags++] = pw_day_between(it->change.date, e->time);
	}
	qsort(p->decisions, p->ndecisions, sizeof(*p->decisions), by_time);
	qsort(p->lags, p->nlags, sizeof(*p->lags), by_long);
	n = 0;
	for (i = 0; i < o->issued->count; i++) {
		const pw_issued_form *f = &o->issued->items[i];
		if (in_range(p, f->generated))
			p->forms[p->nforms++] = f;
		if (strcmp(f->generated, o->to) <= 0 && strcmp(f->reply_by, o->to) < 0)
			n += f->nchanges;
	}
	if (!(p->overdue = calloc(n + 1, sizeof(*p->overdue))))
		return pw_error_oom();
	for (i = 0; i < o->issued->count; i++) {
		const pw_issued_form *f = &o->issued->items[i];
		const pw_issued_form *by =
		    f->superseded_by ? pw_issued_find(o->issued, f->superseded_by) : NULL;
		if (strcmp(f->generated, o->to) > 0 || strcmp(f->reply_by, o->to) >= 0)
			continue;
		/* replaced by the period's end: the later form's date counts */
		if (by && strcmp(by->generated, o->to) <= 0)
			continue;
		for (j = 0; j < f->nchanges; j++)
			if (!answered(p, f->changes[j], f->tsp)) {
				p->overdue[p->noverdue].form = f;
				p->overdue[p->noverdue++].change = f->changes[j];
			}
	}
	for (i = 0; i < o->responses->count; i++)
		if (in_range(p, o->responses->items[i].received))
			p->answers[p->nanswers++] = &o->responses->items[i];
	if ((rc_ = gather_assessments(p)) < 0 || (rc_ = gather_obligations(p)) < 0)
		return rc_;
	return gather_versions(p);
}

/* ---- Markdown ---- */

static int esc(pw_buf *b, const char *s)
{
	return pw_mdsafe_doc(b, s ? s : "");
}

/* esc on one line: a TSP's text may hold line breaks, a list item may not */
static int esc_line(pw_buf *b, const char *s)
{
	char *one = strdup(s ? s : ""), *p;
	int rc;
	if (!one)
		return pw_error_oom();
	for (p = one; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	rc = esc(b, one);
	free(one);
	return rc;
}

static int tags_text(pw_buf *b, pw_tagset t)
{
	int i, rc = 0, first = 1;
	for (i = 0; i < PW_TAG_COUNT && rc == 0; i++)
		if (t & (1u << i)) {
			rc = pw_buf_printf(b, "%s%s", first ? "" : ", ", pw_tagset_name(i));
			first = 0;
		}
	return rc;
}

static const char *median_text(const period *p, char buf[32])
{
	if (!p->nlags)
		return "none (no sign-off of an adopted change in the period)";
	if (p->nlags % 2)
		snprintf(buf, 32, "%ld", p->lags[p->nlags / 2]);
	else {
		long s = p->lags[p->nlags / 2 - 1] + p->lags[p->nlags / 2];
		snprintf(buf, 32, "%ld%s", s / 2, s % 2 ? ".5" : "");
	}
	return buf;
}

static int md_summary(pw_buf *b, const period *p)
{
	const pw_verify_report *v = p->o->verify;
	char med[32];
	int rc = pw_buf_puts(b, "## 1. Summary\n\n");
	if (rc == 0 && !p->nchanges && !p->ndecisions && !p->nforms && !p->nanswers)
		rc = pw_buf_puts(b,
		                 "**Nothing was recorded in this period:** no upstream change, no "
		                 "decision, no form and no answer.\n\n");
	if (rc == 0)
		rc = pw_buf_printf(
		    b,
		    "| Item | Count |\n|---|---|\n"
		    "| Upstream changes in the period | %zu (%zu adopted, %zu proposed) |\n"
		    "| Decisions recorded in the period | %zu (%zu applicable, %zu not applicable) "
		    "|\n"
		    "| Decisions whose ledger commit is signed by an allowed key | %zu of %zu |\n"
		    "| Median days from upstream adoption to sign-off | %s |\n"
		    "| Changes of the period still without a decision | %zu |\n"
		    "| Forms issued to TSPs | %zu |\n"
		    "| Answers received | %zu |\n"
		    "| Answers overdue at the end of the period | %zu |\n"
		    "| Self-assessments imported or accepted (accepted) | %zu (%zu) |\n"
		    "| Obligations open in the period (opened, met, waived in it; overdue at its "
		    "end) | %zu (%zu, %zu, %zu; %zu) |\n"
		    "| Ledger history (pkiwatch verify) | %s |\n\n",
		    p->nchanges, p->adopted, p->nchanges - p->adopted, p->ndecisions, p->applicable,
		    p->ndecisions - p->applicable, p->signed_ok, p->ndecisions, median_text(p, med),
		    p->undecided, p->nforms, p->nanswers, p->noverdue, p->nassessments, p->accepted,
		    p->nobligs, p->oblig_opened, p->oblig_met, p->oblig_waived, p->oblig_overdue,
		    v->count ? "problems found (section 8)" : "no problem");
	return rc;
}

/* When change `c` was first seen: the day its earliest issue was opened
 * (*issue its number), else its upstream commit date (*issue 0). */
static const char *first_seen(const pw_evidence_opts *o, const pw_change *c, long *issue)
{
	const pw_existing_issue *best = NULL;
	size_t i, k;
	for (i = 0; o->issues && i < o->issues->count; i++) {
		const pw_existing_issue *x = &o->issues->items[i];
		if (!x->created_at[0] || (best && strcmp(x->created_at, best->created_at) >= 0))
			continue;
		for (k = 0; k < x->m.nchanges; k++)
			if (strcmp(x->m.changes[k], c->id) == 0) {
				best = x;
				break;
			}
	}
	*issue = best ? best->number : 0;
	return best ? best->created_at : c->date;
}

static int md_changes(pw_buf *b, const period *p)
{
	size_t i, k;
	int rc = pw_buf_puts(b, "## 2. Upstream changes\n\n");
	if (rc == 0 && !p->nchanges)
		return pw_buf_puts(b, "No upstream change in the period.\n\n");
	if (rc == 0)
		rc = pw_buf_puts(
		    b, p->o->issues
		           ? "First seen is the day pkiwatch opened the change's issue (#number); "
		             "a change no issue names shows its upstream commit date, marked "
		             "*upstream*.\n\n"
		           : "First seen is the upstream commit date, marked *upstream*: the "
		             "report was made without reading the repository's issues (no GitHub "
		             "token).\n\n");
	if (rc == 0)
		rc = pw_buf_puts(b, "| Change | Source | Ballot / version | First "
		                    "seen | Status | Effective dates | Tags | Decision |\n"
		                    "|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < p->nchanges && rc == 0; i++) {
		const pw_change *c = &p->changes[i]->change;
		const pw_ledger_entry *e = pw_ledger_find(p->o->ledger, c->id);
		rc = pw_buf_printf(b, "| `%s` | %s | ", c->id, c->source);
		if (rc == 0)
			rc = esc(b, c->cls.ballot ? c->cls.ballot : "");
		for (k = 0; rc == 0 && !c->cls.ballot && k < c->cls.nversions; k++)
			if (c->cls.versions[k])
				rc = esc(b, c->cls.versions[k]);
		if (rc == 0) {
			long issue;
			const char *seen = first_seen(p->o, c, &issue);
			rc = issue ? pw_buf_printf(b, " | %s (#%ld) | %s | ", seen, issue,
			                           pw_change_status_name(c->status))
			           : pw_buf_printf(b, " | %s *upstream* | %s | ", seen,
			                           pw_change_status_name(c->status));
		}
		for (k = 0; k < c->cls.ndates && rc == 0; k++)
			rc = pw_buf_printf(b, "%s%s", k ? ", " : "", c->cls.dates[k].date);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = tags_text(b, c->cls.tags);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s |\n", e ? e->decision : "**none**");
	}
	return rc ? rc : pw_buf_putc(b, '\n');
}

static int md_decisions(pw_buf *b, const period *p)
{
	size_t i, k;
	int rc = pw_buf_puts(b, "## 3. Decisions\n\n");
	if (rc == 0 && !p->ndecisions)
		return pw_buf_puts(b, "No decision was recorded in the period.\n\n");
	if (rc == 0)
		rc = pw_buf_puts(
		    b, "| Change | Decision | TSPs | Officer | Time (UTC) | Ledger commit "
		       "and signature | Note |\n|---|---|---|---|---|---|---|\n");
	for (i = 0; i < p->ndecisions && rc == 0; i++) {
		const pw_ledger_entry *e = p->decisions[i];
		const pw_verify_file *vf = entry_file(p->o, e->change);
		rc = pw_buf_printf(b, "| `%s` | %s | ", e->change, e->decision);
		for (k = 0; k < e->ntsps && rc == 0; k++) {
			rc = pw_buf_puts(b, k ? ", " : "");
			if (rc == 0)
				rc = esc(b, e->tsps[k]);
		}
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, e->officer_name);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s | ", e->time);
		if (rc == 0 && vf)
			rc = pw_buf_printf(b, "`%.12s`: ", vf->added);
		if (rc == 0)
			rc = esc(b, vf ? vf->signature : "not committed");
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, e->note);
		if (rc == 0)
			rc = pw_buf_puts(b, " |\n");
	}
	return rc ? rc : pw_buf_putc(b, '\n');
}

static int md_tsps(pw_buf *b, const period *p)
{
	size_t i, k;
	int rc = pw_buf_puts(b, "## 4. TSP questions and answers\n\n### Forms issued\n\n");
	if (rc == 0 && !p->nforms)
		rc = pw_buf_puts(b, "No form was issued in the period.\n\n");
	else if (rc == 0)
		rc = pw_buf_puts(b, "| Form | TSP | Issued | Reply by | Changes asked |\n"
		                    "|---|---|---|---|---|\n");
	for (i = 0; i < p->nforms && rc == 0; i++) {
		const pw_issued_form *f = p->forms[i];
		rc = pw_buf_printf(b, "| `%s` | ", f->form);
		if (rc == 0)
			rc = esc(b, f->tsp);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s | %s | ", f->generated, f->reply_by);
		for (k = 0; k < f->nchanges && rc == 0; k++)
			rc = pw_buf_printf(b, "%s`%s`", k ? ", " : "", f->changes[k]);
		if (rc == 0)
			rc = pw_buf_puts(b, " |\n");
	}
	if (rc == 0 && p->nforms)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0)
		rc = pw_buf_puts(b, "### Answers received\n\n");
	if (rc == 0 && !p->nanswers)
		rc = pw_buf_puts(b, "No answer was received in the period.\n\n");
	else if (rc == 0)
		rc = pw_buf_puts(b, "| Change | TSP | Impact | Days needed | Meets the date | "
		                    "Received |\n|---|---|---|---|---|---|\n");
	for (i = 0; i < p->nanswers && rc == 0; i++) {
		const pw_response *r = p->answers[i];
		rc = pw_buf_printf(b, "| `%s` | ", r->change);
		if (rc == 0)
			rc = esc(b, r->tsp);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s | %ld | %s%s%s | %.10s |\n", r->impact,
			                   r->days, r->meets_date ? "yes" : "no",
			                   *r->planned ? ", planned " : "", r->planned,
			                   r->received ? r->received : "");
	}
	if (rc == 0 && p->nanswers)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0)
		rc = pw_buf_puts(b, "### Answers overdue at the end of the period\n\n");
	if (rc == 0 && !p->noverdue)
		rc = pw_buf_puts(b, "None.\n\n");
	else if (rc == 0)
		rc = pw_buf_puts(b, "| Change | TSP | Form | Reply by |\n|---|---|---|---|\n");
	for (i = 0; i < p->noverdue && rc == 0; i++) {
		rc = pw_buf_printf(b, "| `%s` | ", p->overdue[i].change);
		if (rc == 0)
			rc = esc(b, p->overdue[i].form->tsp);
		if (rc == 0)
			rc = pw_buf_printf(b, " | `%s` | %s |\n", p->overdue[i].form->form,
			                   p->overdue[i].form->reply_by);
	}
	if (rc == 0 && p->noverdue)
		rc = pw_buf_putc(b, '\n');
	return rc;
}

/* "by NAME at TIME" of a record event. */
static int who_when(pw_buf *b, const cJSON *ev)
{
	int rc = pw_buf_puts(b, " by ");
	if (rc == 0)
		rc = esc(b, jstr(ev, "by") ? jstr(ev, "by") : "?");
	if (rc == 0)
		rc = pw_buf_puts(b, " at ");
	if (rc == 0)
		rc = esc(b, jstr(ev, "time") ? jstr(ev, "time") : "?");
	if (rc == 0 && jstr(ev, "note")) {
		rc = pw_buf_puts(b, ": ");
		if (rc == 0)
			rc = esc(b, jstr(ev, "note"));
	}
	return rc;
}

/* An obligation's heading, what it asks, its rule, dates and changes. */
static int ob_head(pw_buf *b, const struct oblig *x)
{
	const pw_obligation *ob = x->ob;
	size_t i;
	int rc = pw_buf_printf(b, "### `%s`\n\n", ob->id);
	if (rc == 0)
		rc = esc(b, ob->what);
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\n\n- Rule: %s; opened %s; due %s; at the end of the period: "
		                   "**%s**\n- Changes:",
		                   ob->rule, x->opened[0] ? x->opened : "by the officer",
		                   ob->due[0] ? ob->due : "-", x->status);
	for (i = 0; rc == 0 && ob->changes[i]; i++)
		rc = pw_buf_printf(b, "%s `%s`", i ? "," : "", ob->changes[i]);
	if (rc == 0 && !ob->changes[0])
		rc = pw_buf_puts(b, " none (added by the officer)");
	return rc;
}

static int ob_milestones(pw_buf *b, const pw_obligation *ob)
{
	size_t i;
	int rc = pw_buf_puts(b, "\n- Milestones:");
	if (rc == 0 && !ob->nmilestones)
		rc = pw_buf_puts(b, " none");
	for (i = 0; rc == 0 && i < ob->nmilestones; i++) {
		rc = pw_buf_printf(b, "\n  %zu. %s ", i + 1, ob->milestones[i].due);
		if (rc == 0)
			rc = esc(b, ob->milestones[i].what);
		if (rc == 0)
			rc = ob->milestones[i].done[0]
			         ? pw_buf_printf(b, ": done %s", ob->milestones[i].done)
			         : pw_buf_puts(b, ": not done");
	}
	return rc;
}

/* One "evidence" event: the file (name, size, blob) or the link. */
static int ob_evidence_item(pw_buf *b, const cJSON *ev)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(ev, "file");
	int rc = pw_buf_puts(b, "\n  - ");
	if (rc == 0 && f) {
		const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
		rc = pw_buf_puts(b, "file ");
		if (rc == 0)
			rc = esc(b, jstr(f, "name"));
		if (rc == 0)
			rc = pw_buf_printf(b, " (%.0f bytes, git blob `%.40s`)",
			                   cJSON_IsNumber(size) ? size->valuedouble : 0.0,
			                   jstr(f, "sha1") ? jstr(f, "sha1") : "");
	} else if (rc == 0) {
		rc = pw_buf_puts(b, "link ");
		if (rc == 0)
			rc = esc(b, jstr(ev, "url"));
	}
	if (rc == 0)
		rc = pw_buf_puts(b, ", recorded");
	return rc == 0 ? who_when(b, ev) : rc;
}

/* Whether record event `ev` is of `action`. */
static int is_action(const cJSON *ev, const char *action)
{
	const char *a = jstr(ev, "action");
	return a && strcmp(a, action) == 0;
}

static int ob_evidence(pw_buf *b, const cJSON *events)
{
	const cJSON *ev;
	int rc = pw_buf_puts(b, "\n- Evidence:"), n = 0;
	cJSON_ArrayForEach(ev, events)
	{
		if (rc == 0 && is_action(ev, "evidence")) {
			n++;
			rc = ob_evidence_item(b, ev);
		}
	}
	return rc == 0 && !n ? pw_buf_puts(b, " none recorded") : rc;
}

/* One "answer" event: status, date, evidence, comment and form, as recorded. */
static int ob_answer_item(pw_buf *b, const cJSON *ev)
{
	static const char *const extras[][2] = {
	    {"evidence", ", evidence: "}, {"comment", ", comment: "}, {"form", ", form "}};
	size_t i;
	int rc = esc(b, jstr(ev, "status") ? jstr(ev, "status") : "?");
	if (rc == 0 && jstr(ev, "date"))
		rc = pw_buf_printf(b, " (%s)", jstr(ev, "date"));
	for (i = 0; rc == 0 && i < sizeof(extras) / sizeof(extras[0]); i++)
		if (jstr(ev, extras[i][0]) && (rc = pw_buf_puts(b, extras[i][1])) == 0)
			rc = esc_line(b, jstr(ev, extras[i][0]));
	if (rc == 0)
		rc = pw_buf_puts(b, ", recorded");
	return rc == 0 ? who_when(b, ev) : rc;
}

/* The TSP's answers (form or respond), as recorded; nothing when none. */
static int ob_answers(pw_buf *b, const cJSON *events)
{
	const cJSON *ev;
	int rc = 0, n = 0;
	cJSON_ArrayForEach(ev, events)
	{
		if (rc == 0 && is_action(ev, "answer") &&
		    (rc = pw_buf_puts(b, n++ ? "\n  - " : "\n- TSP's answers:\n  - ")) == 0)
			rc = ob_answer_item(b, ev);
	}
	return rc;
}

/* The officer's acceptances and waivers. */
static int ob_closing(pw_buf *b, const cJSON *events)
{
	const cJSON *ev;
	int rc = 0;
	cJSON_ArrayForEach(ev, events)
	{
		const char *action = jstr(ev, "action");
		if (rc < 0 || !action || (strcmp(action, "accept") && strcmp(action, "waive")))
			continue;
		rc = pw_buf_printf(b, "\n- %s on %s", action[0] == 'a' ? "Accepted" : "Waived",
		                   jstr(ev, "date") ? jstr(ev, "date") : "?");
		if (rc == 0)
			rc = who_when(b, ev);
	}
	return rc;
}

/* One obligation: what, rule and changes, milestones, evidence, answers,
 * closing. */
static int md_obligation(pw_buf *b, const struct oblig *x)
{
	const cJSON *events =
	    x->record ? cJSON_GetObjectItemCaseSensitive(x->record, "events") : NULL;
	int rc = ob_head(b, x);
	if (rc == 0)
		rc = ob_milestones(b, x->ob);
	if (rc == 0)
		rc = ob_evidence(b, events);
	if (rc == 0)
		rc = ob_answers(b, events);
	if (rc == 0)
		rc = ob_closing(b, events);
	return rc == 0 ? pw_buf_puts(b, "\n\n") : rc;
}

static int md_obligations(pw_buf *b, const period *p)
{
	size_t i;
	int rc = pw_buf_puts(b, "## 5. Obligations\n\n");
	if (rc == 0 && !p->nobligs)
		return pw_buf_puts(b, "No obligation was open in the period.\n\n");
	if (rc == 0)
		rc = pw_buf_printf(
		    b,
		    "%zu obligation%s open in the period: %zu opened, %zu met and %zu "
		    "waived in it, %zu overdue at its end.\n\n"
		    "| Obligation | TSP | Kind | Due | At the end of the period |\n"
		    "|---|---|---|---|---|\n",
		    p->nobligs, p->nobligs == 1 ? " was" : "s were", p->oblig_opened, p->oblig_met,
		    p->oblig_waived, p->oblig_overdue);
	for (i = 0; rc == 0 && i < p->nobligs; i++) {
		rc = pw_buf_printf(b, "| `%s` | ", p->obligs[i].ob->id);
		if (rc == 0)
			rc = esc(b, p->obligs[i].ob->tsp);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s | %s | %s |\n", p->obligs[i].ob->kind,
			                   p->obligs[i].ob->due[0] ? p->obligs[i].ob->due : "-",
			                   p->obligs[i].status);
	}
	if (rc == 0)
		rc = pw_buf_putc(b, '\n');
	for (i = 0; rc == 0 && i < p->nobligs; i++)
		rc = md_obligation(b, &p->obligs[i]);
	return rc;
}

static int md_rest(pw_buf *b, const period *p)
{
	const pw_verify_report *v = p->o->verify;
	size_t i;
	int rc = md_obligations(b, p);
	if (rc == 0)
		rc = pw_buf_puts(b, "## 6. Self-assessments\n\n");
	if (rc == 0 && !p->nassessments)
		rc = pw_buf_puts(b,
		                 "No self-assessment was imported or accepted in the period.\n\n");
	else if (rc == 0)
		rc = pw_buf_puts(
		    b, "| TSP | Document | Version | Imported | Accepted | Rows answered |\n"
		       "|---|---|---|---|---|---|\n");
	for (i = 0; i < p->nassessments && rc == 0; i++) {
		const struct assessment *a = &p->assessments[i];
		rc = pw_buf_puts(b, "| ");
		if (rc == 0)
			rc = esc(b, a->tsp);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, a->document);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, a->version);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, a->imported ? a->imported : "");
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, a->accepted ? a->accepted : "not yet");
		if (rc == 0)
			rc = pw_buf_printf(b, " | %zu |\n", a->answers);
	}
	if (rc == 0 && p->nassessments)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0)
		rc = pw_buf_printf(b, "## 7. Versions in force on %s\n\n", p->o->to);
	if (rc == 0 && !p->nversions)
		rc = pw_buf_puts(b, "No adopted version of a tracked document is known.\n\n");
	else if (rc == 0)
		rc = pw_buf_puts(b, "| Source | Document | Version | Adopted | Change |\n"
		                    "|---|---|---|---|---|\n");
	for (i = 0; i < p->nversions && rc == 0; i++) {
		rc = pw_buf_printf(b, "| %s | ", p->versions[i].source);
		if (rc == 0)
			rc = esc(b, p->versions[i].path);
		if (rc == 0)
			rc = pw_buf_puts(b, " | ");
		if (rc == 0)
			rc = esc(b, p->versions[i].version);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s | `%s` |\n", p->versions[i].date,
			                   p->versions[i].change);
	}
	if (rc == 0 && p->nversions)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0)
		rc = pw_buf_printf(
		    b,
		    "## 8. Ledger verification\n\n`pkiwatch verify` at commit `%.12s`: "
		    "%zu ledger commits, %zu signed by an allowed key; %zu files in "
		    "the ledger, %zu sign-offs.\n\n",
		    v->head, v->commits, v->signed_ok, v->entries, v->signoffs);
	if (rc == 0 && !v->count)
		rc = pw_buf_puts(b, "No problem: every ledger commit is signed by a key allowed at "
		                    "the time, nothing recorded was rewritten or deleted, every "
		                    "sign-off names a known change.\n");
	for (i = 0; i < v->count && rc == 0; i++) {
		rc = pw_buf_printf(b, "- `%.12s` `%s`: ", v->items[i].commit,
		                   v->items[i].file ? v->items[i].file : "-");
		if (rc == 0)
			rc = esc(b, v->items[i].problem);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	return rc;
}

int pw_evidence_markdown(pw_buf *out, const pw_evidence_opts *o)
{
	period p;
	int rc = gather(&p, o);
	if (rc == 0)
		rc = pw_buf_printf(
		    out,
		    "# Evidence report: %s\n\n"
		    "Period %s to %s. Built by pkiwatch from commit `%s` of the compliance "
		    "repository; the same commit and period give the same report.\n\n"
		    "## Contents\n\n1. Summary\n2. Upstream changes\n3. Decisions\n4. TSP "
		    "questions "
		    "and answers\n5. Obligations\n6. Self-assessments\n7. Versions in force on %s\n"
		    "8. Ledger verification\n\n",
		    o->repository, o->from, o->to, *o->verify->head ? o->verify->head : "(none)",
		    o->to);
	if (rc == 0)
		rc = md_summary(out, &p);
	if (rc == 0)
		rc = md_changes(out, &p);
	if (rc == 0)
		rc = md_decisions(out, &p);
	if (rc == 0)
		rc = md_tsps(out, &p);
	if (rc == 0)
		rc = md_rest(out, &p);
	period_clear(&p);
	return rc < 0 ? rc : 0;
}

/* ---- JSON ---- */

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* Each of these adds one part of the JSON report to `doc`; 0 when out of
 * memory. */

static int json_summary(cJSON *doc, const period *p, const pw_evidence_opts *o)
{
	cJSON *s;
	char med[32];
	return cJSON_AddStringToObject(doc, "repository", o->repository) &&
	       cJSON_AddStringToObject(doc, "from", o->from) &&
	       cJSON_AddStringToObject(doc, "to", o->to) &&
	       cJSON_AddStringToObject(doc, "commit", o->verify->head) &&
	       (s = cJSON_AddObjectToObject(doc, "summary")) != NULL &&
	       cJSON_AddNumberToObject(s, "changes", (double)p->nchanges) &&
	       cJSON_AddNumberToObject(s, "adopted", (double)p->adopted) &&
	       cJSON_AddNumberToObject(s, "decisions", (double)p->ndecisions) &&
	       cJSON_AddNumberToObject(s, "applicable", (double)p->applicable) &&
	       cJSON_AddNumberToObject(s, "signed_ok", (double)p->signed_ok) &&
	       (p->nlags ? cJSON_AddRawToObject(s, "median_days_to_signoff", median_text(p, med))
	                 : cJSON_AddNullToObject(s, "median_days_to_signoff")) &&
	       cJSON_AddNumberToObject(s, "undecided", (double)p->undecided) &&
	       cJSON_AddNumberToObject(s, "forms", (double)p->nforms) &&
	       cJSON_AddNumberToObject(s, "answers", (double)p->nanswers) &&
	       cJSON_AddNumberToObject(s, "overdue", (double)p->noverdue) &&
	       cJSON_AddNumberToObject(s, "self_assessments", (double)p->nassessments) &&
	       cJSON_AddNumberToObject(s, "self_assessments_accepted", (double)p->accepted) &&
	       cJSON_AddNumberToObject(s, "obligations", (double)p->nobligs) &&
	       cJSON_AddNumberToObject(s, "obligations_opened", (double)p->oblig_opened) &&
	       cJSON_AddNumberToObject(s, "obligations_met", (double)p->oblig_met) &&
	       cJSON_AddNumberToObject(s, "obligations_waived", (double)p->oblig_waived) &&
	       cJSON_AddNumberToObject(s, "obligations_overdue", (double)p->oblig_overdue) &&
	       cJSON_AddNumberToObject(s, "verify_problems", (double)o->verify->count);
}

static int json_changes(cJSON *doc, const period *p, const pw_evidence_opts *o)
{
	cJSON *a = cJSON_AddArrayToObject(doc, "changes"), *x;
	size_t i;
	int ok = a != NULL;
	for (i = 0; ok && i < p->nchanges; i++) {
		const pw_change *c = &p->changes[i]->change;
		const pw_ledger_entry *e = pw_ledger_find(o->ledger, c->id);
		long issue;
		const char *seen = first_seen(o, c, &issue);
		ok = (x = cJSON_CreateObject()) && cJSON_AddItemToArray(a, x) &&
		     cJSON_AddStringToObject(x, "id", c->id) &&
		     cJSON_AddStringToObject(x, "source", c->source) &&
		     cJSON_AddItemToObject(x, "ballot", str_or_null(c->cls.ballot)) &&
		     cJSON_AddStringToObject(x, "first_seen", seen) &&
		     cJSON_AddStringToObject(x, "first_seen_from", issue ? "issue" : "upstream") &&
		     cJSON_AddItemToObject(x, "issue",
		                           issue ? cJSON_CreateNumber((double)issue)
		                                 : cJSON_CreateNull()) &&
		     cJSON_AddStringToObject(x, "status", pw_change_status_name(c->status)) &&
		     cJSON_AddItemToObject(x, "decision", str_or_null(e ? e->decision : NULL));
	}
	return ok;
}

static int json_decision(cJSON *a, const pw_ledger_entry *e, const pw_evidence_opts *o)
{
	const pw_verify_file *vf = entry_file(o, e->change);
	cJSON *x, *t;
	size_t k;
	int ok = (x = cJSON_CreateObject()) && cJSON_AddItemToArray(a, x) &&
	         cJSON_AddStringToObject(x, "change", e->change) &&
	         cJSON_AddStringToObject(x, "decision", e->decision) &&
	         (t = cJSON_AddArrayToObject(x, "tsps")) != NULL;
	for (k = 0; ok && k < e->ntsps; k++)
		ok = cJSON_AddItemToArray(t, cJSON_CreateString(e->tsps[k]));
	return ok && cJSON_AddItemToObject(x, "officer", str_or_null(e->officer_name)) &&
	       cJSON_AddStringToObject(x, "time", e->time) &&
	       cJSON_AddItemToObject(x, "note", str_or_null(e->note)) &&
	       cJSON_AddItemToObject(x, "commit", str_or_null(vf ? vf->added : NULL)) &&
	       cJSON_AddBoolToObject(x, "signed_ok", vf && vf->signed_ok) &&
	       cJSON_AddItemToObject(x, "signature", str_or_null(vf ? vf->signature : NULL));
}

static int json_forms(cJSON *doc, const period *p)
{
	cJSON *a = cJSON_AddArrayToObject(doc, "forms"), *x;
	size_t i;
	int ok = a != NULL;
	for (i = 0; ok && i < p->nforms; i++)
		ok = (x = cJSON_CreateObject()) && cJSON_AddItemToArray(a, x) &&
		     cJSON_AddStringToObject(x, "form", p->forms[i]->form) &&
		     cJSON_AddStringToObject(x, "tsp", p->forms[i]->tsp) &&
		     cJSON_AddStringToObject(x, "issued", p->forms[i]->generated) &&
		     cJSON_AddStringToObject(x, "reply_by", p->forms[i]->reply_by);
	return ok;
}

/* The answers a form asked for that had not come by its reply-by date. */
static int json_overdue(cJSON *doc, const period *p)
{
	cJSON *a = cJSON_AddArrayToObject(doc, "overdue"), *x;
	size_t i;
	int ok = a != NULL;
	for (i = 0; ok && i < p->noverdue; i++)
		ok = (x = cJSON_CreateObject()) && cJSON_AddItemToArray(a, x) &&
		     cJSON_AddStringToObject(x, "change", p->overdue[i].change) &&
		     cJSON_AddStringToObject(x, "tsp", p->overdue[i].form->tsp) &&
		     cJSON_AddStringToObject(x, "form", p->overdue[i].form->form) &&
		     cJSON_AddStringToObject(x, "reply_by", p->overdue[i].form->reply_by);
	return ok;
}

/* An obligation with its opening, its status at the period's end and the
 * record's events as recorded: who did what when. */
static int json_obligation(cJSON *a, const struct oblig *g)
{
	cJSON *x,
	    *evs = NULL, *ev,
	    *events = g->record ? cJSON_GetObjectItemCaseSensitive(g->record, "events") : NULL;
	int ok = (x = pw_obligation_to_json(g->ob)) != NULL && cJSON_AddItemToArray(a, x) &&
	         cJSON_AddItemToObject(x, "opened", str_or_null(g->opened)) &&
	         cJSON_AddStringToObject(x, "status_at_end", g->status) &&
	         (evs = cJSON_AddArrayToObject(x, "events")) != NULL;
	cJSON_ArrayForEach(ev, events)
	{
		if (ok)
			ok = cJSON_AddItemToArray(evs, cJSON_Duplicate(ev, 1));
	}
	return ok;
}

static int json_versions(cJSON *doc, const period *p)
{
	cJSON *a = cJSON_AddArrayToObject(doc, "versions"), *x;
	size_t i;
	int ok = a != NULL;
	for (i = 0; ok && i < p->nversions; i++)
		ok = (x = cJSON_CreateObject()) && cJSON_AddItemToArray(a, x) &&
		     cJSON_AddStringToObject(x, "source", p->versions[i].source) &&
		     cJSON_AddStringToObject(x, "document", p->versions[i].path) &&
		     cJSON_AddStringToObject(x, "version", p->versions[i].version) &&
		     cJSON_AddStringToObject(x, "adopted", p->versions[i].date) &&
		     cJSON_AddStringToObject(x, "change", p->versions[i].change);
	return ok;
}

int pw_evidence_json(cJSON **out, const pw_evidence_opts *o)
{
	period p;
	cJSON *doc = NULL, *a;
	size_t i;
	int rc = gather(&p, o), ok;

	*out = NULL;
	if (rc < 0) {
		period_clear(&p);
		return rc;
	}
	ok = (doc = cJSON_CreateObject()) != NULL && json_summary(doc, &p, o) &&
	     json_changes(doc, &p, o) && (a = cJSON_AddArrayToObject(doc, "decisions")) != NULL;
	for (i = 0; ok && i < p.ndecisions; i++)
		ok = json_decision(a, p.decisions[i], o);
	ok = ok && json_forms(doc, &p) && json_overdue(doc, &p) &&
	     (a = cJSON_AddArrayToObject(doc, "obligations")) != NULL;
	for (i = 0; ok && i < p.nobligs; i++)
		ok = json_obligation(a, &p.obligs[i]);
	ok = ok && json_versions(doc, &p);
	period_clear(&p);
	if (!ok) {
		cJSON_Delete(doc);
		return pw_error_oom();
	}
	*out = doc;
	return 0;
}

/* ---- HTML ---- */

/* Print CSS after the @page rule (util/printpage: A4, page numbers). */
static const char css[] =
    "body{font:10pt/1.4 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#000;"
    "margin:0}\n"
    "@media screen{body{max-width:190mm;margin:1.5em auto;padding:0 1em}}\n"
    "h1{font-size:18pt;margin:0 0 8pt}\n"
    "h2{font-size:13.5pt;border-bottom:1px solid #888;padding-bottom:3pt;margin-top:16pt;"
    "break-after:avoid}\n"
    "h3{font-size:11pt;break-after:avoid}\n"
    "table{border-collapse:collapse;width:100%;table-layout:fixed;margin:6pt 0 10pt}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "th,td{border:1px solid #888;padding:3pt 5pt;text-align:left;vertical-align:top;"
    "font-size:8.5pt;overflow-wrap:anywhere;word-break:break-word}\n"
    "th{background:#eee}\n"
    "code{font-family:\"DejaVu Sans Mono\",monospace;font-size:8pt}\n"
    "p,li{overflow-wrap:anywhere}\n";

int pw_evidence_html(pw_buf *out, const pw_evidence_opts *o, const char *markdown, size_t len)
{
	pw_printpage_opts page = PW_PRINTPAGE_OPTS_INIT;
	char *html = NULL, *title = NULL;
	int rc;

	if ((rc = pw_printpage_render(&html, markdown, len, NULL, NULL, "the report")) < 0)
		return rc;
	if (asprintf(&title, "Evidence report %s to %s", o->from, o->to) < 0) {
		free(html);
		return pw_error_oom();
	}
	page.title = title;
	page.css = css;
	rc = pw_printpage_head(out, &page);
	if (rc == 0)
		rc = pw_buf_puts(out, html);
	if (rc == 0)
		rc = pw_printpage_foot(out, NULL);
	free(title);
	free(html);
	return rc;
}
