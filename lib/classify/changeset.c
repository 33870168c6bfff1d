#include "classify/changeset.h"

#include "util/buf.h"
#include "util/digest.h"
#include "classify/classify.h"
#include "classify/stream.h"
#include "classify/sections.h"
#include "classify/textkey.h"
#include "util/error.h"
#include "util/fileio.h"
#include "upstream/history.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	pw_changeset *set;
	size_t next; /* the item the next final change fills (items come newest first) */
	size_t max_bytes, max_lines;
	const pw_source *src;
	char *const *keep_sections;
	pw_tagset keep_tags;
	const pw_obligrules *rules;
} walk_state;

#define KEPT_MAX_BYTES (256 * 1024)

static int section_wanted(char *const *patterns, const char *id)
{
	size_t i, n;
	for (i = 0; id && patterns[i]; i++) {
		n = strlen(patterns[i]);
		if (strcmp(patterns[i], id) == 0)
			return 1;
		if (n >= 2 && strcmp(patterns[i] + n - 2, ".*") == 0 &&
		    strncmp(patterns[i], id, n - 2) == 0 && (id[n - 2] == '\0' || id[n - 2] == '.'))
			return 1;
	}
	return 0;
}

/* 1 when the change adds the document's first version: before it, the
 * document was missing or a stub without a numbered section; else 0. */
static int first_version(const pw_doc_diff *doc)
{
	pw_section_index idx;
	size_t i;
	int numbered = 0;
	if (!doc->old_len)
		return 1;
	if (pw_sections_build(&idx, doc->old_text, doc->old_len) < 0)
		return PW_ENOMEM;
	for (i = 0; i < idx.count && !numbered; i++)
		numbered =
		    idx.items[i].id && idx.items[i].id[0] >= '0' && idx.items[i].id[0] <= '9';
	pw_sections_clear(&idx);
	return !numbered;
}

/* The key of a line without its list number ("4. X" and "3. X": X's). */
static uint64_t unnumbered_key(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] >= '0' && s[i] <= '9') {
		size_t j = i;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j + 1 < n && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ')
			i = j + 2;
	}
	return pw_textkey_line(s + i, n - i);
}

/* The keys of the removed lines of a document's diff. */
static int removed_keys(pw_textkey_set *set, const pw_doc_diff *doc)
{
	size_t i;
	int rc = pw_textkey_set_reserve(set, doc->nlines);
	for (i = 0; i < doc->nlines && rc == 0; i++) {
		uint64_t k;
		if (doc->lines[i].origin == '-' &&
		    (k = unnumbered_key(doc->lines[i].content, doc->lines[i].len)))
			rc = pw_textkey_set_add(set, k);
	}
	return rc;
}

/* The added lines of the wanted sections (see pw_changeset_item.kept). */
static int keep_lines(pw_changeset_item *it, const pw_commit_change *cc, char *const *patterns)
{
	pw_buf b = PW_BUF_INIT;
	size_t d, i;
	int rc = 0;

	for (d = 0; d < cc->ndocs && rc == 0; d++) {
		const pw_doc_diff *doc = &cc->docs[d];
		pw_textkey_set removed = {.slots = NULL};
		pw_section_index idx;
		if (doc->new_len) {
			int fv = first_version(doc);
			if (fv < 0) {
				rc = fv;
				break;
			}
			it->new_document |= fv;
		}
		if (!doc->new_len)
			continue;
		if ((rc = removed_keys(&removed, doc)) < 0 ||
		    (rc = pw_sections_build(&idx, doc->new_text, doc->new_len)) < 0) {
			pw_textkey_set_clear(&removed);
			continue;
		}
		for (i = 0; i < doc->nlines && rc == 0 && b.len < KEPT_MAX_BYTES; i++) {
			const pw_diff_line *l = &doc->lines[i];
			const pw_section *sec;
			size_t k;
			if (l->origin != '+' || !l->len)
				continue;
			sec = pw_sections_at(&idx, l->new_lineno);
			if (!sec || !section_wanted(patterns, sec->id) ||
			    pw_textkey_set_has(&removed, unnumbered_key(l->content, l->len)))
				continue;
			rc = pw_buf_printf(&b, "%s\t%s\t", doc->path, sec->id);
			for (k = 0; rc == 0 && k < l->len; k++) {
				unsigned char ch = (unsigned char)l->content[k];
				rc = pw_buf_putc(&b, ch < 0x20 ? ' ' : (char)ch);
			}
			if (rc == 0)
				rc = pw_buf_putc(&b, '\n');
		}
		pw_sections_clear(&idx);
		pw_textkey_set_clear(&removed);
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	if (b.len && !(it->kept = pw_buf_detach(&b)))
		return pw_error_oom();
	pw_buf_clear(&b);
	return 0;
}

/* Appends `name` to *list ("A, B") unless it is there. */
static int add_name(char **list, const char *name)
{
	pw_buf b = PW_BUF_INIT;
	const char *p = *list;
	size_t n = strlen(name);
	while (p && (p = strstr(p, name)))
		if ((p == *list || (p - *list >= 2 && p[-2] == ',')) &&
		    (p[n] == '\0' || p[n] == ','))
			return 0;
		else
			p += n;
	if (pw_buf_printf(&b, "%s%s%s", *list ? *list : "", *list ? ", " : "", name) < 0)
		return PW_ENOMEM;
	free(*list);
	if (!(*list = pw_buf_detach(&b)))
		return pw_error_oom();
	return 0;
}

/* The audit schemes the kept lines name, and whether the change is an audit
 * matter alone (pw_changeset_item.audit_schemes, audit_only). */
static int audit_scope(pw_changeset_item *it, const pw_change *c, const pw_obligrules *r)
{
	const char *p = it->kept;
	size_t i;
	int rc = 0;

	while (p && *p && rc == 0) {
		const char *nl = strchr(p, '\n'), *text = strchr(p, '\t');
		pw_criterion_hit *h = NULL;
		size_t n = 0, k;
		if (!nl)
			nl = p + strlen(p);
		text = text && text < nl ? strchr(text + 1, '\t') : NULL;
		if (text && text < nl)
			rc = pw_obligrules_find(&h, &n, r, text + 1, (size_t)(nl - text - 1));
		for (k = 0; k < n && rc == 0; k++) {
			const pw_criterion *cr = h[k].criterion;
			pw_buf name = PW_BUF_INIT;
			if (cr->auditor || cr->scheme == PW_AUDIT_ANY)
				continue;
			it->audit_schemes |= PW_AUDIT_BIT(cr->scheme);
			if ((rc = pw_buf_printf(&name, "%s%s%s", cr->name,
			                        h[k].version[0] ? " " : "", h[k].version)) == 0)
				rc = add_name(&it->audit_criteria[cr->scheme], name.ptr);
			pw_buf_clear(&name);
		}
		free(h);
		p = *nl ? nl + 1 : nl;
	}
	it->audit_only = (c->cls.tags & PW_TAG_AUDIT) && c->cls.sections.count > 0;
	for (i = 0; it->audit_only && i < c->cls.sections.count; i++)
		it->audit_only = r->audit_only_sections &&
		                 section_wanted(r->audit_only_sections, c->cls.sections.items[i]);
	return rc;
}

/* Appends one diff line, without control characters (the renderer fences it). */
static int put_line(pw_buf *b, char origin, const char *s, size_t len)
{
	size_t i;
	int rc = pw_buf_putc(b, origin);
	for (i = 0; rc == 0 && i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		rc = pw_buf_putc(b, ch < 0x20 && ch != '\t' ? ' ' : (char)ch);
	}
	return rc < 0 ? rc : pw_buf_putc(b, '\n');
}

/* The first lines of the diff, bounded in lines and bytes. */
static int make_excerpt(pw_changeset_item *it, const pw_commit_change *cc, size_t max_bytes,
                        size_t max_lines)
{
	pw_buf b = PW_BUF_INIT;
	size_t d, i, lines = 0;
	int rc = 0;

	for (d = 0; d < cc->ndocs && rc == 0; d++) {
		const pw_doc_diff *doc = &cc->docs[d];
		int next_old = -1, next_new = -1;
		if (lines >= max_lines || b.len >= max_bytes) {
			it->truncated = 1;
			break;
		}
		rc = pw_buf_printf(&b, "--- %s\n", doc->path);
		for (i = 0; i < doc->nlines && rc == 0; i++) {
			const pw_diff_line *l = &doc->lines[i];
			size_t len = l->len > 300 ? 300 : l->len;
			if (lines >= max_lines || b.len + len >= max_bytes) {
				it->truncated = 1;
				break;
			}
			/* a hunk header where the lines stop being contiguous (added
			 * lines right after removed ones replace them: same hunk) */
			if (l->origin == '-' ? l->old_lineno != next_old
			                     : l->new_lineno != next_new &&
			                           (i == 0 || doc->lines[i - 1].origin != '-')) {
				rc =
				    pw_buf_printf(&b, "@@ line %d\n",
				                  l->origin == '-' ? l->old_lineno : l->new_lineno);
				lines++;
			}
			if (rc == 0)
				rc = put_line(&b, l->origin, l->content, len);
			if (len < l->len)
				it->truncated = 1;
			lines++;
			if (l->origin == '-') {
				next_old = l->old_lineno + 1;
			} else {
				next_new = l->new_lineno + 1;
			}
		}
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	it->excerpt = pw_buf_detach(&b);
	return it->excerpt ? 0 : pw_error_oom();
}

static void item_clear(pw_changeset_item *it)
{
	size_t s;
	pw_change_clear(&it->change);
	cJSON_Delete(it->record);
	free(it->excerpt);
	free(it->kept);
	for (s = 0; s <= PW_AUDIT_WEBTRUST; s++)
		free(it->audit_criteria[s]);
	memset(it, 0, sizeof(*it));
}

/* A commit classified: its item, with the excerpt of its diff (the change
 * itself comes when it is final). */
static int on_classified(const pw_commit_change *cc, const pw_change *c, void **user, void *payload)
{
	walk_state *w = payload;
	pw_changeset *set = w->set;
	pw_changeset_item *items = realloc(set->items, (set->count + 1) * sizeof(*items)), *it;
	int rc;

	if (!items)
		return pw_error_oom();
	set->items = items;
	it = &items[set->count];
	memset(it, 0, sizeof(*it));
	it->source = w->src;
	if ((rc = make_excerpt(it, cc, w->max_bytes, w->max_lines)) < 0)
		return rc;
	if ((w->keep_sections && (c->cls.tags & w->keep_tags) &&
	     (rc = keep_lines(it, cc, w->keep_sections)) < 0) ||
	    (w->rules && (rc = audit_scope(it, c, w->rules)) < 0)) {
		item_clear(it);
		return rc;
	}
	*user = NULL;
	set->count++;
	return 0;
}

/* A change final (linked): into the next item, with its record and digest. */
static int on_final(pw_change *c, void *user, void *payload)
{
	walk_state *w = payload;
	pw_changeset_item *it = &w->set->items[w->next++];

	int stale = c->stale;
	(void)user;
	it->change = *c;
	memset(c, 0, sizeof(*c));
	/* the record (and its digest) is the upstream change's: whether a draft
	 * is stale depends on the day, and a new day is no change to update */
	it->change.stale = 0;
	it->record = pw_change_to_json(&it->change);
	it->change.stale = stale;
	if (!it->record)
		return pw_error_oom();
	return pw_digest_json(it->digest, it->record);
}

int pw_changeset_collect(pw_changeset *out, const pw_sources *sources, const pw_config *cfg,
                         const pw_changeset_opts *opts)
{
	pw_stream_opts so = PW_STREAM_OPTS_INIT;
	walk_state w;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.set = out;
	w.max_bytes = opts->excerpt_max ? opts->excerpt_max : 3000;
	w.max_lines = opts->excerpt_lines ? opts->excerpt_lines : 40;
	so.classified = on_classified;
	so.final = on_final;
	so.cache_dir = opts->cache_dir;
	so.today = opts->today;
	so.walk.drafts = !opts->no_drafts;
	w.keep_sections = opts->keep_sections;
	w.keep_tags = opts->keep_tags;
	w.rules = opts->rules;
	if (opts->since && *opts->since)
		so.walk.since = opts->since;
	else if (cfg && cfg->since[0])
		so.walk.since = cfg->since;
	so.payload = &w;
	if ((rc = pw_classifier_load(&so.cl, NULL)) < 0)
		return rc;
	for (i = 0; i < sources->count && rc == 0; i++) {
		w.src = &sources->items[i];
		if (opts->only_source ? strcmp(w.src->id, opts->only_source) != 0
		                      : !pw_config_source_enabled(cfg, w.src->id))
			continue;
		rc = pw_stream_source(w.src, &so);
	}
	pw_classifier_free(so.cl);
	if (rc < 0)
		pw_changeset_clear(out);
	return rc;
}

void pw_changeset_clear(pw_changeset *set)
{
	size_t i;
	if (!set)
		return;
	for (i = 0; i < set->count; i++)
		item_clear(&set->items[i]);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

const pw_changeset_item *pw_changeset_find(const pw_changeset *set, const char *id)
{
	size_t i;
	for (i = 0; i < set->count; i++)
		if (strcmp(set->items[i].change.id, id) == 0)
			return &set->items[i];
	return NULL;
}
