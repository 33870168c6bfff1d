/* The defined terms a change relies on: definitions it adds, alters or
 * removes, and terms its changed lines name (unless used everywhere). The
 * definitions of each revision are read once (cached by blob id). */
#include "classify/classify_int.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COMMON_USES_DEFAULT 40
#define MAX_USED_DEFAULT    5

int pw_classify_terms_rules(pw_classifier *cl, const char *rules_dir)
{
	static const char *const keys[] = {"comment", "common_uses", "max_used", NULL};
	char *path = pw_path_join(rules_dir, "terms.json");
	cJSON *doc = NULL;
	int rc;
	cl->common_uses = COMMON_USES_DEFAULT;
	cl->max_used = MAX_USED_DEFAULT;
	if (!path)
		return pw_error_oom();
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if ((rc = pw_json_parse_file(&doc, path, 1u << 16)) == 0 &&
	    (rc = pw_json_check_object(doc, path, "$", keys)) == 0)
		rc =
		    pw_json_get_int(doc, "common_uses", 0, 1, 1000000, path, "$", &cl->common_uses);
	cJSON_Delete(doc);
	free(path);
	return rc;
}

void pw_classify_defs_free(pw_classifier *cl)
{
	size_t i;
	for (i = 0; i < DEFS_SLOTS + 2; i++)
		pw_definitions_clear(&cl->defs[i].defs);
}

/* The slot of a revision's definitions: the one holding blob `id` (*hit),
 * else the least recently used, emptied; `scratch` (0 or 1) names the slot
 * used when the revision has no blob id. */
static pw_defs_slot *defs_slot(pw_classifier *cl, const char *id, int scratch, int *hit)
{
	pw_defs_slot *slot;
	size_t i;
	cl->defs_tick++;
	*hit = 0;
	if (id && id[0]) {
		for (i = 0; i < DEFS_SLOTS; i++)
			if (strcmp(cl->defs[i].id, id) == 0) {
				cl->defs[i].used = cl->defs_tick;
				*hit = 1;
				return &cl->defs[i];
			}
		slot = &cl->defs[0];
		for (i = 1; i < DEFS_SLOTS; i++)
			if (cl->defs[i].used < slot->used)
				slot = &cl->defs[i];
	} else {
		slot = &cl->defs[DEFS_SLOTS + scratch];
	}
	pw_definitions_clear(&slot->defs);
	slot->id[0] = '\0';
	slot->used = cl->defs_tick;
	return slot;
}

/* The definitions of a revision, read once per blob. */
static int defs_of(pw_classifier *cl, const char *id, const char *text, size_t len, int scratch,
                   pw_definitions **out)
{
	int hit, rc;
	pw_defs_slot *slot = defs_slot(cl, id, scratch, &hit);
	*out = &slot->defs;
	if (hit)
		return 0;
	if ((rc = pw_definitions_read(&slot->defs, text ? text : "", len)) < 0)
		return rc;
	if (id && id[0])
		memcpy(slot->id, id, sizeof(slot->id));
	return 0;
}

/* The definitions span holding new line `line`, or -1. */
static long span_of(const pw_definitions *d, int line)
{
	size_t k;
	for (k = 0; k < d->nspans; k++)
		if (d->spans[k].first <= line && line <= d->spans[k].last)
			return (long)k;
	return -1;
}

/* Per span of the new revision's definitions, how far its lines stand from
 * where they stood in the old one (shift[k], old = new + shift), when the
 * change keeps every heading and leaves every span alone: no changed line
 * is a heading ('#', as pw_definitions_read sees one), no added line stands
 * in a span, no removed line stood after a line of one (it stood in that
 * section). Returns 1 with the shifts, else 0. */
static int span_shifts(const pw_definitions *news, const pw_doc_diff *dd, int *shift)
{
	size_t i, k;
	long delta = 0; /* lines added less lines removed so far */
	for (k = 0; k < news->nspans; k++)
		shift[k] = 0;
	for (i = 0; i < dd->nlines; i++) {
		const pw_diff_line *l = &dd->lines[i];
		/* the new line it stands at (added), or after (removed) */
		long at = l->origin == '+' ? l->new_lineno : l->old_lineno + delta - 1;
		if ((l->len && l->content[0] == '#') || span_of(news, (int)at) >= 0)
			return 0;
		for (k = 0; k < news->nspans; k++)
			if (at < news->spans[k].first)
				shift[k] += l->origin == '+' ? -1 : 1;
		delta += l->origin == '+' ? 1 : -1;
	}
	return 1;
}

/* The old revision's definitions: the new one's moved (span_shifts), else
 * read from its text; once per blob. */
static int old_defs(pw_classifier *cl, const pw_doc_diff *dd, const pw_definitions *news,
                    pw_definitions **out)
{
	int hit, rc, *shift;
	pw_defs_slot *slot;
	if (dd->binary || !dd->old_id[0] || !dd->new_id[0])
		return defs_of(cl, dd->old_id, dd->old_text, dd->old_len, 1, out);
	slot = defs_slot(cl, dd->old_id, 1, &hit);
	*out = &slot->defs;
	if (hit)
		return 0;
	if (!(shift = calloc(news->nspans + 1, sizeof(*shift))))
		return pw_error_oom();
	rc = span_shifts(news, dd, shift)
	         ? pw_definitions_moved(&slot->defs, news, shift)
	         : pw_definitions_read(&slot->defs, dd->old_text ? dd->old_text : "", dd->old_len);
	free(shift);
	if (rc == 0)
		memcpy(slot->id, dd->old_id, sizeof(slot->id));
	return rc;
}

/* Whether 1-based `line` lies within a definition (items are in line order). */
static int in_definition(const pw_definitions *d, int line)
{
	size_t lo = 0, hi = d->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->items[mid].last_line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->count && d->items[lo].first_line <= line;
}

static int add_ref(pw_classification *out, const char *path, const pw_definition *now,
                   const pw_definition *before, int changed)
{
	pw_term_ref *p = realloc(out->terms, (out->nterms + 1) * sizeof(*p)), *t;
	const pw_definition *any = now ? now : before;
	if (!p)
		return pw_error_oom();
	out->terms = p;
	t = &out->terms[out->nterms];
	memset(t, 0, sizeof(*t));
	t->changed = changed;
	t->term = strdup(any->term);
	t->document = strdup(path);
	t->section = strdup(any->section);
	if (now)
		t->definition = strdup(now->text);
	if (changed && before)
		t->old_definition = strdup(before->text);
	out->nterms++;
	if (!t->term || !t->document || !t->section || (now && !t->definition) ||
	    (changed && before && !t->old_definition))
		return pw_error_oom();
	return 0;
}

/* Marks the new revision's definitions named by changed lines outside the
 * definitions (definitions are quoted when they change, not for their words). */
static int mentioned(const pw_doc_diff *dd, const pw_definitions *olds, const pw_definitions *news,
                     int *mark)
{
	size_t i;
	for (i = 0; i < dd->nlines; i++) {
		const pw_diff_line *l = &dd->lines[i];
		if (l->origin == '+' ? in_definition(news, l->new_lineno)
		                     : in_definition(olds, l->old_lineno))
			continue;
		pw_definitions_scan(news, l->content, l->len, mark);
	}
	return 0;
}

static int doc_terms(pw_classify_run *r, size_t k)
{
	const pw_doc_diff *dd = &r->cc->docs[k];
	pw_definitions *olds, *news;
	size_t i, first = r->out->nterms, used = 0;
	int rc, *mark;
	if ((rc = defs_of(r->cl, dd->new_id, dd->new_text, dd->new_len, 0, &news)) < 0 ||
	    (rc = old_defs(r->cl, dd, news, &olds)) < 0)
		return rc;
	if (!news->count && !olds->count)
		return 0;
	for (i = 0; i < news->count; i++) {
		const pw_definition *d = &news->items[i];
		/* most terms keep their place: look there first */
		const pw_definition *was =
		    i < olds->count && strcmp(olds->items[i].term, d->term) == 0
		        ? &olds->items[i]
		        : pw_definitions_find(olds, d->term);
		if ((!was || pw_definitions_differ(was->text, d->text)) &&
		    (rc = add_ref(r->out, dd->path, d, was, 1)) < 0)
			return rc;
	}
	for (i = 0; i < olds->count; i++) {
		const pw_definition *d = &olds->items[i];
		if (!(i < news->count && strcmp(news->items[i].term, d->term) == 0) &&
		    !pw_definitions_find(news, d->term) &&
		    (rc = add_ref(r->out, dd->path, NULL, d, 1)) < 0)
			return rc;
	}
	if (!news->count)
		return 0;
	if (!(mark = calloc(news->count, sizeof(int))))
		return pw_error_oom();
	mentioned(dd, olds, news, mark);
	/* the terms named, rarest first (the most specific), at most max_used */
	for (;;) {
		size_t best = news->count, j;
		int listed = 0;
		for (i = 0; i < news->count; i++) {
			pw_definition *d = &news->items[i];
			if (!mark[i])
				continue;
			/* counted once per revision, as far as the limit */
			pw_definitions_count_uses(d, dd->new_text, dd->new_len,
			                          (size_t)r->cl->common_uses);
			if ((long)d->uses > r->cl->common_uses)
				mark[i] = 0;
			else if (best == news->count || d->uses < news->items[best].uses)
				best = i;
		}
		if (best == news->count || used == (size_t)r->cl->max_used)
			break;
		mark[best] = 0;
		for (j = first; j < r->out->nterms && !listed; j++)
			listed = strcmp(r->out->terms[j].term, news->items[best].term) == 0;
		if (!listed) {
			if ((rc = add_ref(r->out, dd->path, &news->items[best], NULL, 0)) < 0)
				break;
			used++;
		}
	}
	free(mark);
	return rc;
}

int pw_classify_terms(pw_classify_run *r)
{
	size_t k;
	int rc = 0;
	if (r->out->kind && strcmp(r->out->kind, "tooling") == 0)
		return 0;
	for (k = 0; k < r->cc->ndocs && rc == 0; k++)
		rc = doc_terms(r, k);
	return rc;
}

void pw_classify_terms_clear(pw_classification *c)
{
	size_t i;
	for (i = 0; i < c->nterms; i++) {
		free(c->terms[i].term);
		free(c->terms[i].document);
		free(c->terms[i].section);
		free(c->terms[i].definition);
		free(c->terms[i].old_definition);
	}
	free(c->terms);
	c->terms = NULL;
	c->nterms = 0;
}
