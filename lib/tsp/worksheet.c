/* The self-assessment worksheet model (worksheet.h). */
#include "tsp/worksheet.h"

#include "classify/classify.h"
#include "classify/sections.h"
#include "tsp/applicability.h"
#include "upstream/history.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const columns[PW_WS_NCOLS] = {
    "Section",
    "Title",
    "Changed since last accepted self-assessment",
    "Changes (ballot, date, version, effective dates)",
    "TSP document(s) and section(s) that meet it",
    "How the TSP meets it",
    "Comment",
};

static const char *const header_keys[PW_WSH_N] = {
    "Self-assessment", "TSP",  "TSP name",      "Document",     "Version",
    "Upstream commit", "Date", "Changed since", "CAs in scope", "CP/CPS versions (TSP)",
};

const char *pw_worksheet_header_key(int i)
{
	return i >= 0 && i < PW_WSH_N ? header_keys[i] : "";
}

/* *out gets what `b` holds ("" when nothing) unless rc says it failed. */
static int detach_text(char **out, pw_buf *b, int rc)
{
	if (!rc)
		rc = pw_buf_puts(b, "");
	if (rc || !(*out = pw_buf_detach(b))) {
		pw_buf_clear(b);
		return rc ? rc : pw_error_oom();
	}
	return 0;
}

/* The header fields that are a string of the worksheet as it is (NULL: another). */
static const char *plain_header(const pw_worksheet *ws, int i)
{
	switch (i) {
	case PW_WSH_MARKER:
		return PW_WS_MARKER;
	case PW_WSH_TSP:
		return ws->tsp_id;
	case PW_WSH_TSP_NAME:
		return ws->tsp_name;
	case PW_WSH_DOCUMENT:
		return ws->document;
	case PW_WSH_VERSION:
		return ws->version;
	case PW_WSH_COMMIT:
		return ws->commit;
	case PW_WSH_DATE:
		return ws->date;
	case PW_WSH_CAS:
		return ws->cas && *ws->cas ? ws->cas : "none in the profile";
	case PW_WSH_CP_CPS:
		return ws->cp_cps ? ws->cp_cps : "";
	}
	return NULL;
}

/* What the worksheet's changes count from. */
static int base_text(pw_buf *b, const pw_worksheet *ws)
{
	if (ws->base_version)
		return pw_buf_printf(b, "version %s (accepted %s): %zu of %zu sections changed",
		                     ws->base_version, ws->base_accepted ? ws->base_accepted : "?",
		                     ws->nchanged, ws->nrows);
	if (ws->base_accepted)
		return pw_buf_printf(b, "accepted %s: %zu of %zu sections changed",
		                     ws->base_accepted, ws->nchanged, ws->nrows);
	return pw_buf_puts(b, "no accepted self-assessment: every section");
}

int pw_worksheet_header_value(char **out, const pw_worksheet *ws, int i)
{
	pw_buf b = PW_BUF_INIT;
	const char *plain = plain_header(ws, i);
	int rc = 0;

	if (plain)
		rc = pw_buf_puts(&b, plain);
	else if (i == PW_WSH_BASE)
		rc = base_text(&b, ws);
	return detach_text(out, &b, rc);
}

const char *pw_worksheet_column(int col)
{
	return col >= 0 && col < PW_WS_NCOLS ? columns[col] : "";
}

/* one adopted change touching the document, as the walk saw it */
typedef struct {
	char *id;
	char date[11];
	char commit[41];
	pw_classification cls;
	int touches;     /* changes the document */
	size_t doc;      /* its index in the change's documents */
	char **sections; /* of this document */
	size_t nsections;
	const char *eff; /* effective version (borrowed from cls of some change) */
} seen;

typedef struct {
	const char *path;
	const char *want; /* NULL: current */
	pw_classifier *cl;
	seen *items;
	size_t count;
	/* the span of changes since the last version declaration seen */
	long span_head;
	char *span_text;
	size_t span_len;
	long target; /* index of the newest change at the version wanted */
	char *text;  /* the document at it */
	size_t len;
} walk;

static int add_unique(char ***list, size_t *n, const char *s)
{
	size_t i;
	char **l;
	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i], s))
			return 0;
	if (!(l = realloc(*list, (*n + 1) * sizeof(*l))))
		return pw_error_oom();
	*list = l;
	if (!(l[*n] = strdup(s)))
		return pw_error_oom();
	(*n)++;
	return 0;
}

/* the sections of `dd` whose text changed: the classifier's rule (the
 * section at each added line in the new text, at each removed line in the old) */
static int doc_sections(seen *s, const pw_doc_diff *dd)
{
	pw_section_index oldx, newx;
	size_t i;
	int rc;
	memset(&oldx, 0, sizeof(oldx));
	memset(&newx, 0, sizeof(newx));
	if ((rc = pw_sections_build(&oldx, dd->old_text ? dd->old_text : "", dd->old_len)) < 0)
		return rc;
	if ((rc = pw_sections_build(&newx, dd->new_text ? dd->new_text : "", dd->new_len)) < 0) {
		pw_sections_clear(&oldx);
		return rc;
	}
	for (i = 0; i < dd->nlines && !rc; i++) {
		const pw_diff_line *l = &dd->lines[i];
		const pw_section *sec = l->origin == '+' ? pw_sections_at(&newx, l->new_lineno)
		                                         : pw_sections_at(&oldx, l->old_lineno);
		if (sec)
			rc = add_unique(&s->sections, &s->nsections, sec->id);
	}
	pw_sections_clear(&oldx);
	pw_sections_clear(&newx);
	return rc;
}

static int on_change(const pw_commit_change *cc, void *payload)
{
	walk *w = payload;
	seen *s, *items;
	const char *v = NULL;
	size_t d;
	int rc;

	if (cc->status != PW_STATUS_ADOPTED)
		return 0;
	if (!(items = realloc(w->items, (w->count + 1) * sizeof(*items))))
		return pw_error_oom();
	w->items = items;
	s = memset(&items[w->count], 0, sizeof(*s));
	if ((rc = pw_classify(w->cl, cc, &s->cls)) < 0)
		return rc;
	w->count++;
	if (!(s->id = malloc(strlen(cc->source->id) + 14)))
		return pw_error_oom();
	sprintf(s->id, "%s@%.12s", cc->source->id, cc->commit);
	memcpy(s->date, cc->date, sizeof(s->date));
	memcpy(s->commit, cc->commit, sizeof(s->commit));
	for (d = 0; d < cc->ndocs && strcmp(cc->docs[d].path, w->path); d++)
		;
	if (d == cc->ndocs)
		return 0;
	s->touches = 1;
	s->doc = d;
	if ((rc = doc_sections(s, &cc->docs[d])) < 0)
		return rc;
	if (d < s->cls.nversions)
		v = s->cls.versions[d];
	/* the newest change of a version is the first of its span (newest first) */
	if (w->span_head < 0) {
		w->span_head = (long)(w->count - 1);
		if (w->target < 0) {
			free(w->span_text);
			w->span_len = cc->docs[d].new_len;
			if (!(w->span_text = malloc(w->span_len + 1)))
				return pw_error_oom();
			memcpy(w->span_text, cc->docs[d].new_text ? cc->docs[d].new_text : "",
			       w->span_len);
			w->span_text[w->span_len] = '\0';
		}
	}
	if (v) {
		if (w->target < 0 && (!w->want || !strcmp(w->want, v))) {
			w->target = w->span_head;
			w->text = w->span_text;
			w->len = w->span_len;
			w->span_text = NULL;
		}
		w->span_head = -1;
	}
	return 0;
}

static void walk_clear(walk *w)
{
	size_t i, j;
	for (i = 0; i < w->count; i++) {
		free(w->items[i].id);
		pw_classification_clear(&w->items[i].cls);
		for (j = 0; j < w->items[i].nsections; j++)
			free(w->items[i].sections[j]);
		free(w->items[i].sections);
	}
	free(w->items);
	free(w->span_text);
	free(w->text);
	pw_classifier_free(w->cl);
}

int pw_worksheet_document(const pw_source **src, const char **path, const pw_sources *sources,
                          const char *document)
{
	const char *colon = strchr(document, ':');
	char *id;
	const pw_document *doc;
	*src = NULL;
	*path = NULL;
	if (!colon)
		return pw_error_set(PW_EINPUT,
		                    "document %s: not SOURCE:PATH (e.g. cabforum-smime:SBR.md)",
		                    document);
	if (!(id = strndup(document, (size_t)(colon - document))))
		return pw_error_oom();
	*src = pw_sources_find(sources, id);
	free(id);
	if (!*src)
		return pw_error_set(PW_ENOTFOUND, "document %s: unknown source", document);
	if (!(doc = pw_sources_document(*src, colon + 1))) {
		*src = NULL;
		return pw_error_set(PW_ENOTFOUND, "document %s: the source tracks no such document",
		                    document);
	}
	*path = doc->path;
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int cas_text(char **out, const pw_tsp *t)
{
	pw_buf b = PW_BUF_INIT;
	size_t i;
	int rc = 0;
	char types[64];
	for (i = 0; i < t->ncas && !rc; i++)
		rc = pw_buf_printf(&b, "%s%s (%s; not before %s)", i ? "; " : "", t->cas[i].name,
		                   pw_tsp_types_text(t->cas[i].types, types, sizeof(types)),
		                   t->cas[i].not_before);
	if (!rc)
		rc = pw_buf_puts(&b, "");
	if (rc) {
		pw_buf_clear(&b);
		return rc;
	}
	*out = pw_buf_detach(&b);
	return *out ? 0 : pw_error_oom();
}

/* the list in `b` ends with version `v` */
static int last_is(const pw_buf *b, const char *v)
{
	size_t n = strlen(v);
	return b->len >= n && !strcmp(b->ptr + b->len - n, v) &&
	       (b->len == n || b->ptr[b->len - n - 1] == ' ');
}

/* the versions the history has, for the message naming an unknown one */
static int versions_text(pw_buf *b, const walk *w)
{
	size_t i;
	int rc = 0, n = 0;
	for (i = 0; i < w->count && !rc; i++) {
		const seen *s = &w->items[i];
		const char *v =
		    s->touches && s->doc < s->cls.nversions ? s->cls.versions[s->doc] : NULL;
		if (v && !last_is(b, v) && n++ < 12)
			rc = pw_buf_printf(b, "%s%s", n > 1 ? ", " : "", v);
	}
	return rc;
}

/* The change into ws->changes, with the effective dates that bind `t`
 * (pw_applicability_binds: not another root program's derived deadline)
 * stated in this document's changed sections. */
static int add_change(pw_worksheet *ws, const seen *s, const pw_tsp *t)
{
	pw_worksheet_change *c, *l = realloc(ws->changes, (ws->nchanges + 1) * sizeof(*l));
	size_t i, j;
	int rc;
	if (!l)
		return pw_error_oom();
	ws->changes = l;
	c = memset(&l[ws->nchanges++], 0, sizeof(*c));
	memcpy(c->date, s->date, sizeof(c->date));
	if (!(c->id = strdup(s->id)) || (s->cls.ballot && !(c->ballot = strdup(s->cls.ballot))) ||
	    (s->doc < s->cls.nversions && s->cls.versions[s->doc] &&
	     !(c->version = strdup(s->cls.versions[s->doc]))))
		return pw_error_oom();
	/* effective dates stated in this document's changed sections */
	for (i = 0; i < s->cls.ndates; i++) {
		const pw_effective_date *e = &s->cls.dates[i];
		pw_buf b = PW_BUF_INIT;
		int mine = !e->sections.count;
		char *text;
		if (!pw_applicability_binds(e, t))
			continue;
		for (j = 0; j < e->sections.count && !mine; j++) {
			size_t k;
			for (k = 0; k < s->nsections && !mine; k++)
				mine = !strcmp(e->sections.items[j], s->sections[k]);
		}
		if (!mine)
			continue;
		rc = pw_buf_puts(&b, e->date);
		for (j = 0; j < e->sections.count && !rc; j++)
			rc = pw_buf_printf(&b, "%s%s", j ? ", " : " (", e->sections.items[j]);
		if (!rc && e->sections.count)
			rc = pw_buf_putc(&b, ')');
		if (rc || !(text = pw_buf_detach(&b))) {
			pw_buf_clear(&b);
			return pw_error_oom();
		}
		rc = add_unique(&c->effective, &c->neffective, text);
		free(text);
		if (rc)
			return rc;
	}
	return 0;
}

static int row_add_change(pw_worksheet_row *r, size_t change)
{
	size_t *l = realloc(r->changes, (r->nchanges + 1) * sizeof(*l));
	if (!l)
		return pw_error_oom();
	r->changes = l;
	l[r->nchanges++] = change;
	return 0;
}

/* rows from the headings of the version's text, in document order */
static int make_rows(pw_worksheet *ws, const char *text, size_t len)
{
	pw_section_index idx;
	size_t i, j;
	int rc;
	memset(&idx, 0, sizeof(idx));
	if ((rc = pw_sections_build(&idx, text, len)) < 0)
		return rc;
	if (!(ws->rows = calloc(idx.count + 1, sizeof(*ws->rows)))) {
		pw_sections_clear(&idx);
		return pw_error_oom();
	}
	for (i = 0; i < idx.count; i++) {
		const pw_section *s = &idx.items[i];
		pw_worksheet_row *r;
		for (j = 0; j < ws->nrows && strcmp(ws->rows[j].id, s->id); j++)
			;
		if (j < ws->nrows) {
			/* a heading without a number inside a numbered section (SBR's
			 * "## A.1 organizationIdentifier" in Appendix A): part of that
			 * section's row, as its changes are, and named in its title */
			pw_buf t = PW_BUF_INIT;
			char *title;
			if (pw_buf_printf(&t, "%s; %s", ws->rows[j].title,
			                  s->title ? s->title : "") ||
			    !(title = pw_buf_detach(&t))) {
				pw_buf_clear(&t);
				pw_sections_clear(&idx);
				return pw_error_oom();
			}
			free(ws->rows[j].title);
			ws->rows[j].title = title;
			continue;
		}
		r = &ws->rows[ws->nrows];
		if (!(r->id = strdup(s->id)) || !(r->title = strdup(s->title ? s->title : ""))) {
			free(r->id);
			pw_sections_clear(&idx);
			return pw_error_oom();
		}
		r->level = s->level;
		ws->nrows++;
	}
	pw_sections_clear(&idx);
	return 0;
}

/* A changed section is answered anew: its previous answer moves into the
 * comment, quoted, and the answer columns are left empty. */
static int previous_answer(pw_worksheet_row *r, const char *version)
{
	pw_buf b = PW_BUF_INIT;
	int rc = pw_buf_printf(&b, "Accepted answer for version %s: %s / %s%s%s",
	                       version ? version : "?",
	                       r->answer[PW_WS_DOCUMENTS] ? r->answer[PW_WS_DOCUMENTS] : "-",
	                       r->answer[PW_WS_HOW] ? r->answer[PW_WS_HOW] : "-",
	                       r->answer[PW_WS_COMMENT] ? " / " : "",
	                       r->answer[PW_WS_COMMENT] ? r->answer[PW_WS_COMMENT] : "");
	int col;
	if (rc) {
		pw_buf_clear(&b);
		return rc;
	}
	for (col = PW_WS_FIRST_ANSWER; col < PW_WS_NCOLS; col++) {
		free(r->answer[col]);
		r->answer[col] = NULL;
	}
	r->answer[PW_WS_COMMENT] = pw_buf_detach(&b);
	return r->answer[PW_WS_COMMENT] ? 0 : pw_error_oom();
}

static int prefill(pw_worksheet *ws, const cJSON *base)
{
	int rc;
	const cJSON *answers = cJSON_GetObjectItemCaseSensitive(base, "answers"), *a;
	static const char *const keys[PW_WS_NCOLS] = {
	    [PW_WS_DOCUMENTS] = "documents", [PW_WS_HOW] = "how", [PW_WS_COMMENT] = "comment"};
	cJSON_ArrayForEach(a, answers)
	{
		pw_worksheet_row *r =
		    pw_worksheet_find(ws, json_str(a, "section") ? json_str(a, "section") : "");
		int col;
		if (!r)
			continue;
		for (col = PW_WS_FIRST_ANSWER; col < PW_WS_NCOLS; col++) {
			const char *v = json_str(a, keys[col]);
			if (v && *v && !(r->answer[col] = strdup(v)))
				return pw_error_oom();
		}
		if (r->changed && (rc = previous_answer(r, json_str(base, "version"))) < 0)
			return rc;
	}
	if (json_str(base, "cp_cps") && !(ws->cp_cps = strdup(json_str(base, "cp_cps"))))
		return pw_error_oom();
	return 0;
}

/* changed rows first, each group in document order */
static int order_rows(pw_worksheet *ws)
{
	pw_worksheet_row *sorted = calloc(ws->nrows + 1, sizeof(*sorted));
	size_t i, n = 0;
	if (!sorted)
		return pw_error_oom();
	for (i = 0; i < ws->nrows; i++)
		if (ws->rows[i].changed)
			sorted[n++] = ws->rows[i];
	ws->nchanged = n;
	for (i = 0; i < ws->nrows; i++)
		if (!ws->rows[i].changed)
			sorted[n++] = ws->rows[i];
	free(ws->rows);
	ws->rows = sorted;
	return 0;
}

static int mark_changes(pw_worksheet *ws, walk *w, const pw_tsp *t, const cJSON *base)
{
	const char *bv = json_str(base, "version");
	const char *accepted = json_str(cJSON_GetObjectItemCaseSensitive(base, "accepted"), "time");
	long b = -1, i, last;
	size_t k, j;
	int rc;

	/* the effective version of each change: declared, else the next older one's */
	const char *cur = NULL;
	for (i = (long)w->count - 1; i >= 0; i--) {
		seen *s = &w->items[i];
		if (!s->touches)
			continue;
		if (s->doc < s->cls.nversions && s->cls.versions[s->doc])
			cur = s->cls.versions[s->doc];
		s->eff = cur;
	}
	for (i = 0; bv && i < (long)w->count && b < 0; i++)
		if (w->items[i].touches && w->items[i].eff && !strcmp(w->items[i].eff, bv))
			b = i;
	if (!(ws->base_version = dup_or_null(bv)) && bv)
		return pw_error_oom();
	if (accepted && !(ws->base_accepted = strndup(accepted, 10)))
		return pw_error_oom();
	/* oldest first: from the change after the base's newest, to the target */
	last = b >= 0 ? b - 1 : (long)w->count - 1;
	for (i = last; i >= w->target; i--) {
		seen *s = &w->items[i];
		if (!s->touches || !s->nsections)
			continue;
		if (b < 0 && (!accepted || strncmp(s->date, accepted, 10) <= 0))
			continue;
		if ((rc = add_change(ws, s, t)) < 0)
			return rc;
		for (k = 0; k < s->nsections; k++) {
			pw_worksheet_row *r = pw_worksheet_find(ws, s->sections[k]);
			if (!r)
				continue;
			r->changed = 1;
			for (j = 0; j < r->nchanges && r->changes[j] != ws->nchanges - 1; j++)
				;
			if (j == r->nchanges && (rc = row_add_change(r, ws->nchanges - 1)) < 0)
				return rc;
		}
	}
	return 0;
}

/* The error for a version the document's history does not have (NULL: none
 * was found), naming the versions it has. */
static int no_version(const walk *w, const char *document, const char *version)
{
	pw_buf vb = PW_BUF_INIT;
	int rc = versions_text(&vb, w);
	rc = pw_error_set(PW_ENOTFOUND, "document %s: %s%s%s (versions: %s)", document,
	                  version ? "no version " : "no version found", version ? version : "", "",
	                  rc == 0 && vb.ptr ? vb.ptr : "none");
	pw_buf_clear(&vb);
	return rc;
}

/* The document's history in the source's mirror, classified, into w:
 * w->target is the oldest change of the version asked for. */
static int walk_document(walk *w, const pw_source *src, const char *document,
                         const pw_worksheet_opts *opts)
{
	pw_history_opts ho = {.with_text = 1};
	pw_buf b = PW_BUF_INIT;
	char *mirror;
	struct stat st;
	int rc;

	if ((rc = pw_buf_printf(&b, "%s/%s.git", opts->cache_dir, src->id)) < 0)
		return rc;
	if (!(mirror = pw_buf_detach(&b)))
		return pw_error_oom();
	if (stat(mirror, &st) < 0)
		rc = pw_error_set(PW_ENOTFOUND,
		                  "source %s is not mirrored yet: run 'pkiwatch mirror' (no %s)",
		                  src->id, mirror);
	else if ((rc = pw_classifier_load(&w->cl, NULL)) >= 0 &&
	         (rc = pw_history_walk(mirror, src, &ho, on_change, w)) >= 0 && w->target < 0)
		rc = no_version(w, document, opts->version);
	free(mirror);
	return rc;
}

/* The ballots of changes stating none, as `pkiwatch changes` links them. */
static int link_ballots(walk *w)
{
	pw_classification **cls = calloc(w->count + 1, sizeof(*cls));
	size_t i;
	if (!cls)
		return pw_error_oom();
	for (i = 0; i < w->count; i++)
		cls[i] = &w->items[i].cls;
	pw_classify_link(cls, w->count);
	free(cls);
	return 0;
}

/* What the worksheet is of: the TSP, the document (its source and path), the
 * version of the span from w->target (declared by its oldest change), that
 * change's commit and the day. */
static int set_heading(pw_worksheet *out, const walk *w, const pw_tsp *tsp, const char *document,
                       const pw_source *src, const char *path, const char *today)
{
	const seen *t = &w->items[w->target];
	size_t i;

	out->tsp_id = strdup(tsp->id);
	out->tsp_name = strdup(tsp->name);
	out->document = strdup(document);
	out->source_id = strdup(src->id);
	out->path = strdup(path);
	out->version = strdup(t->cls.versions[t->doc] ? t->cls.versions[t->doc] : "");
	if (!out->tsp_id || !out->tsp_name || !out->document || !out->source_id || !out->path ||
	    !out->version)
		return pw_error_oom();
	for (i = (size_t)w->target; i < w->count; i++) {
		const seen *s = &w->items[i];
		if (s->touches && s->doc < s->cls.nversions && s->cls.versions[s->doc]) {
			free(out->version);
			if (!(out->version = strdup(s->cls.versions[s->doc])))
				return pw_error_oom();
			break;
		}
	}
	memcpy(out->commit, t->commit, sizeof(out->commit));
	snprintf(out->date, sizeof(out->date), "%s", today ? today : "");
	return 0;
}

int pw_worksheet_build(pw_worksheet *out, const pw_sources *sources, const pw_tsp *tsp,
                       const char *document, const pw_worksheet_opts *opts)
{
	const pw_source *src;
	const char *path;
	walk w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.span_head = w.target = -1;
	if ((rc = pw_worksheet_document(&src, &path, sources, document)) < 0)
		return rc;
	w.path = path;
	w.want = opts->version;
	if ((rc = walk_document(&w, src, document, opts)) < 0 || (rc = link_ballots(&w)) < 0 ||
	    (rc = set_heading(out, &w, tsp, document, src, path, opts->today)) < 0 ||
	    (rc = cas_text(&out->cas, tsp)) < 0 || (rc = make_rows(out, w.text, w.len)) < 0)
		goto out;
	if (opts->base && ((rc = mark_changes(out, &w, tsp, opts->base)) < 0 ||
	                   (rc = prefill(out, opts->base)) < 0))
		goto out;
	rc = order_rows(out);
out:
	walk_clear(&w);
	if (rc < 0)
		pw_worksheet_clear(out);
	return rc;
}

pw_worksheet_row *pw_worksheet_find(const pw_worksheet *ws, const char *id)
{
	size_t i;
	for (i = 0; i < ws->nrows; i++)
		if (!strcmp(ws->rows[i].id, id))
			return &ws->rows[i];
	return NULL;
}

/* an effective date ("2025-03-15 (1.2.1, 4.2.2.2)") stated for section `id`,
 * or for no section in particular */
static int states_row(const char *e, const char *id)
{
	const char *p = strchr(e, '(');
	size_t n = strlen(id);
	if (!p)
		return 1;
	for (p++; *p && *p != ')';) {
		size_t len = strcspn(p, ",)");
		if (len == n && !strncmp(p, id, n))
			return 1;
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return 0;
}

int pw_worksheet_cell(char **out, const pw_worksheet *ws, const pw_worksheet_row *row, int col)
{
	pw_buf b = PW_BUF_INIT;
	size_t i, j, k;
	int rc = 0;
	*out = NULL;
	switch (col) {
	case PW_WS_SECTION:
		rc = pw_buf_puts(&b, row->id);
		break;
	case PW_WS_TITLE:
		rc = pw_buf_puts(&b, row->title);
		break;
	case PW_WS_CHANGED:
		rc = pw_buf_puts(&b, !ws->base_version && !ws->base_accepted ? "first assessment"
		                     : row->changed                          ? "yes"
		                                                             : "no");
		break;
	case PW_WS_CHANGES:
		for (i = 0; i < row->nchanges && !rc; i++) {
			const pw_worksheet_change *c = &ws->changes[row->changes[i]];
			rc = pw_buf_printf(&b, "%s%s (%s%s%s", i ? "; " : "",
			                   c->ballot ? c->ballot : "no ballot", c->date,
			                   c->version ? ", v" : "", c->version ? c->version : "");
			for (j = 0, k = 0; j < c->neffective && !rc; j++)
				if (states_row(c->effective[j], row->id))
					rc = pw_buf_printf(&b, "%s%.10s",
					                   k++ ? ", " : "; effective ",
					                   c->effective[j]);
			if (!rc)
				rc = pw_buf_putc(&b, ')');
		}
		break;
	default:
		rc = pw_buf_puts(&b, row->answer[col] ? row->answer[col] : "");
	}
	return detach_text(out, &b, rc);
}

void pw_worksheet_clear(pw_worksheet *ws)
{
	size_t i, j;
	if (!ws)
		return;
	for (i = 0; i < ws->nrows; i++) {
		free(ws->rows[i].id);
		free(ws->rows[i].title);
		free(ws->rows[i].changes);
		for (j = 0; j < PW_WS_NCOLS; j++)
			free(ws->rows[i].answer[j]);
	}
	free(ws->rows);
	for (i = 0; i < ws->nchanges; i++) {
		free(ws->changes[i].id);
		free(ws->changes[i].ballot);
		free(ws->changes[i].version);
		for (j = 0; j < ws->changes[i].neffective; j++)
			free(ws->changes[i].effective[j]);
		free(ws->changes[i].effective);
	}
	free(ws->changes);
	free(ws->tsp_id);
	free(ws->tsp_name);
	free(ws->document);
	free(ws->source_id);
	free(ws->path);
	free(ws->version);
	free(ws->cas);
	free(ws->base_version);
	free(ws->base_accepted);
	free(ws->cp_cps);
	memset(ws, 0, sizeof(*ws));
}
