/* What one document's diff says: changed sections, effective dates (tables
 * and prose), new revision-table rows (version, ballot) and the tag rules its
 * changed lines match. */
#include "classify/classify_int.h"

#include "classify/ballot.h"
#include "classify/dates.h"
#include "util/day.h"
#include "util/ascii.h"
#include "util/error.h"
#include "classify/mdtable.h"
#include "classify/versions.h"
#include "core/sources.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

/* ---- per-document context ---------------------------------------------- */

typedef struct {
	int first, last; /* block lines */
	int ok;          /* parsed as a table */
	pw_mdtable t;
} table_slot;

typedef struct {
	table_slot *items;
	size_t count;
	int *want; /* lines the change adds on this side, ascending (parsed at once) */
	size_t nwant;
} table_cache;

typedef struct {
	int line;
	long key;
} dated_line;

typedef struct {
	int line;   /* a line of the old text that holds '|' */
	int done;   /* its dates are read */
	long *keys; /* their keys */
	size_t nkeys;
} table_line_dates;

typedef struct {
	const pw_doc_diff *dd;
	pw_section_index oldx, newx;
	int new_front_end; /* last line of the YAML front matter in the new text, 0 none */
	int old_front_end; /* the same in the old text */
	/* normalized lines (and table cell fragments) of the new revision; the
	 * old one's are those less the keys of the lines the change adds, with
	 * those of the lines it removes (old_derived), else old_keys */
	pw_textkey_set new_keys, added_keys, removed_keys, old_keys;
	int old_derived;
	table_cache old_tables, new_tables;
	table_line_dates *old_tlines; /* lazily: the old text's table lines ... */
	size_t n_old_tlines;
	int old_tlines_done;       /* ... and each one's dates when first asked */
	dated_line *removed_dates; /* dates on removed lines: index into dd->lines */
	size_t n_removed_dates;
	int removed_dates_done;         /* read when an added line first holds a date */
	char *qdoc;                     /* "<source id>:<path>", as tag rules name documents */
	unsigned char *for_doc;         /* per tag rule: it may apply to this document */
	const pw_tag_rule *fallback;    /* the fallback rule for this document, or NULL */
	char *released;                 /* the version this change releases (versioned documents) */
	char *old_max;                  /* the highest version the old text declares */
	int versioned;                  /* the document is versioned (sources.json) */
	const pw_section *last_section; /* of the line read last (in r->out->sections) */
	/* the section asked about last, and whether its heading is new */
	const pw_section *fresh_asked;
	int fresh;
	const pw_section *prose_sec; /* the section of the added prose line read now */
	int live;                    /* the document is live (sources.json) */
	/* per section of the old [0] and new [1] index: in r->out->sections */
	unsigned char *sec_listed[2];
} doc_ctx;

static void table_cache_free(table_cache *c)
{
	size_t i;
	for (i = 0; i < c->count; i++)
		pw_mdtable_clear(&c->items[i].t);
	free(c->items);
	free(c->want);
	memset(c, 0, sizeof(*c));
}

/* A block that starts like a table row and has a delimiter row ("|---|:-:|"):
 * meant as a table, so failing to parse it deserves a warning. */
static int looks_like_table(const pw_section_index *idx, int first, int last)
{
	size_t n, k;
	int i;
	const char *s = pw_sections_line(&n, idx, first);
	for (k = 0; k < n && s[k] == ' '; k++)
		;
	if (k == n || s[k] != '|')
		return 0;
	for (i = first + 1; i <= last && i <= first + 2; i++) {
		s = pw_sections_line(&n, idx, i);
		for (k = 0; k < n && strchr("|-: \t", s[k]) && s[k]; k++)
			;
		if (n && k == n && memchr(s, '-', n))
			return 1;
	}
	return 0;
}

/* The parsed table around `line`, or NULL (not a table, or broken). */
static const pw_mdtable *table_at(table_cache *c, const pw_section_index *idx, int line,
                                  int *broken)
{
	size_t i;
	int first, last, rc;
	table_slot *s;
	size_t a = 0, b;
	*broken = 0;
	for (i = 0; i < c->count; i++) {
		s = &c->items[i];
		if (line < s->first || line > s->last)
			continue;
		if (s->ok && pw_mdtable_add_row(&s->t, idx, s->first, s->last, line) < 0)
			return NULL;
		return s->ok ? &s->t : NULL;
	}
	if (pw_mdtable_block(&first, &last, idx, line) < 0)
		return NULL;
	/* the block's lines the change adds: parsed together */
	while (a < c->nwant && c->want[a] < first)
		a++;
	for (b = a; b < c->nwant && c->want[b] <= last; b++)
		;
	s = realloc(c->items, (c->count + 1) * sizeof(*s));
	if (!s)
		return NULL;
	c->items = s;
	s = &c->items[c->count++];
	memset(s, 0, sizeof(*s));
	s->first = first;
	s->last = last;
	rc = pw_mdtable_parse_rows(idx, first, last, c->want ? c->want + a : NULL, b - a, &s->t);
	if (rc == 0 && pw_mdtable_add_row(&s->t, idx, first, last, line) < 0) {
		pw_mdtable_clear(&s->t);
		rc = PW_ENOMEM;
	}
	s->ok = rc == 0;
	if (rc == PW_ENOTFOUND && last > first)
		*broken = looks_like_table(idx, first, last);
	return s->ok ? &s->t : NULL;
}

#define RENUM_SALT 0x5bd1e9955bd1e995ULL /* keys of lines without their number */

/* The key of a heading or list item without its number or marker ("### 4.1
 * Audits ###" and "### 3.1 Audits", "d.  for certificates" and "4.  for
 * certificates", "1.  Root ..." and "**3.3.1.** Root ..."), 0 for other lines
 * or fewer than 4 bytes after it. */
static uint64_t renumbered_key(const char *s, size_t n)
{
	size_t i = 0, a, em;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < n && s[i] == '#')
		i++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* a number in bold or italics: "**3.3.1.** Root certificates" */
	for (em = 0; em < 2 && i < n && (s[i] == '*' || s[i] == '_'); em++)
		i++;
	a = i;
	while (i < n && i - a < 12 && (is_alnum((unsigned char)s[i]) || s[i] == '.'))
		i++;
	if (i == a || i >= n || !(s[i - 1] == '.' || (s[a] >= '0' && s[a] <= '9') || s[i] == ')'))
		return 0;
	if (s[i] == ')')
		i++;
	for (; em > 0 && i < n && (s[i] == '*' || s[i] == '_'); em--)
		i++;
	if (em || i >= n || (s[i] != ' ' && s[i] != '\t'))
		return 0;
	while (n > i &&
	       (s[n - 1] == '#' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return n - i >= 4 ? pw_textkey_line(s + i, n - i) ^ RENUM_SALT : 0;
}

/* Whether a removed line stands in the new text with another number only. */
static int renumbered_only(const pw_textkey_set *new_keys, const char *s, size_t n)
{
	uint64_t rk = renumbered_key(s, n);
	return rk && pw_textkey_set_has(new_keys, rk);
}

/* Adds (or, with add 0, takes away) the keys of one line: the line's, its
 * key without a heading or list number (renumbered_key) and, for a
 * table-like line, each cell's, so that a moved cell is recognized. */
static int line_keys(pw_textkey_set *set, const char *s, size_t n, int add)
{
	size_t a;
	uint64_t rk = renumbered_key(s, n);
	int rc;
	if (add && (rc = pw_textkey_set_add(set, pw_textkey_line(s, n))) < 0)
		return rc;
	if (add && rk && (rc = pw_textkey_set_add(set, rk)) < 0)
		return rc;
	if (!add) {
		pw_textkey_set_remove(set, pw_textkey_line(s, n));
		if (rk)
			pw_textkey_set_remove(set, rk);
	}
	if (!memchr(s, '|', n))
		return 0;
	for (a = 0; a <= n;) {
		const char *bar = memchr(s + a, '|', n - a);
		size_t e = bar ? (size_t)(bar - s) : n;
		uint64_t k = pw_textkey_markup(s + a, e - a) ^ FRAG_SALT;
		if (add && (rc = pw_textkey_set_add(set, k)) < 0)
			return rc;
		if (!add)
			pw_textkey_set_remove(set, k);
		a = e + 1;
	}
	return 0;
}

static int index_keys(pw_textkey_set *set, const pw_section_index *x)
{
	size_t i;
	int rc;
	/* sized once for the lines and a few cells each: no rehashing */
	if ((rc = pw_textkey_set_reserve(set, x->nlines * 2)) < 0)
		return rc;
	for (i = 1; i <= x->nlines; i++) {
		size_t n;
		const char *s = pw_sections_line(&n, x, (int)i);
		if ((rc = line_keys(set, s, n, 1)) < 0)
			return rc;
	}
	return 0;
}

/* The old revision's keys: the new revision's, less the lines the change
 * adds and with those it removes (the keys are counted), which costs the
 * diff's lines, not the document's, and no copy of the new revision's keys;
 * from the old text itself when the diff has no lines for it (binary) or the
 * line counts disagree. */
static int old_keys(doc_ctx *d)
{
	const pw_doc_diff *dd = d->dd;
	size_t i, added = 0;
	int rc;
	for (i = 0; i < dd->nlines; i++)
		added += dd->lines[i].origin == '+';
	if (dd->binary || !d->new_keys.cap ||
	    d->oldx.nlines + added != d->newx.nlines + (dd->nlines - added))
		return index_keys(&d->old_keys, &d->oldx);
	d->old_derived = 1;
	for (i = 0; i < dd->nlines; i++) {
		const pw_diff_line *l = &dd->lines[i];
		if ((rc = line_keys(l->origin == '+' ? &d->added_keys : &d->removed_keys,
		                    l->content, l->len, 1)) < 0)
			return rc;
	}
	return 0;
}

/* Whether the old revision holds a line or cell of key `k`. */
static int old_has(const doc_ctx *d, uint64_t k)
{
	if (!d->old_derived)
		return pw_textkey_set_has(&d->old_keys, k);
	return (uint64_t)pw_textkey_set_count(&d->new_keys, k) +
	           pw_textkey_set_count(&d->removed_keys, k) >
	       pw_textkey_set_count(&d->added_keys, k);
}

/* Adds (add 1) or takes away every count of the keys of `from` to `to`. */
static int apply_keys(pw_textkey_set *to, const pw_textkey_set *from, int add)
{
	size_t i;
	uint32_t n;
	int rc;
	for (i = 0; i < from->cap; i++)
		for (n = from->slots[i] ? from->counts[i] : 0; n > 0; n--) {
			if (!add)
				pw_textkey_set_remove(to, from->slots[i]);
			else if ((rc = pw_textkey_set_add(to, from->slots[i])) < 0)
				return rc;
		}
	return 0;
}

/* The old revision's keys as a set of their own, to be kept for the next
 * (older) change: made from the new revision's, which are done with. */
static int take_old_keys(pw_textkey_set *out, doc_ctx *d)
{
	int rc;
	if (d->old_derived && ((rc = apply_keys(&d->new_keys, &d->removed_keys, 1)) < 0 ||
	                       (rc = apply_keys(&d->new_keys, &d->added_keys, 0)) < 0))
		return rc;
	*out = d->old_derived ? d->new_keys : d->old_keys;
	memset(d->old_derived ? &d->new_keys : &d->old_keys, 0, sizeof(*out));
	return 0;
}

static int yaml_front_end(const pw_section_index *x)
{
	size_t n, i;
	const char *s = pw_sections_line(&n, x, 1);
	if (!s || n < 3 || memcmp(s, "---", 3) != 0)
		return 0;
	for (i = 2; i <= x->nlines && i < 200; i++) {
		s = pw_sections_line(&n, x, (int)i);
		if (n >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
			return (int)i;
	}
	return 0;
}

static pw_rev_cache *cache_slot(pw_classifier *cl, const char *path, int any)
{
	int i;
	for (i = 0; i < CACHE_SLOTS; i++)
		if (cl->cache[i].path && strcmp(cl->cache[i].path, path) == 0)
			return &cl->cache[i];
	if (!any)
		return NULL;
	for (i = 0; i < CACHE_SLOTS; i++)
		if (!cl->cache[i].path)
			return &cl->cache[i];
	return &cl->cache[0];
}

/* Keeps the old revision's index: it is the next (older) change's new one. */
static void doc_free(doc_ctx *d, pw_classifier *cl)
{
	size_t i;
	pw_rev_cache *c = d->dd && d->dd->old_id[0] ? cache_slot(cl, d->dd->path, 1) : NULL;
	if (c && d->oldx.line_off) {
		pw_classify_cache_clear(c);
		if ((c->path = strdup(d->dd->path)) != NULL && take_old_keys(&c->keys, d) == 0) {
			memcpy(c->id, d->dd->old_id, sizeof(c->id));
			c->len = d->dd->old_len;
			c->idx = d->oldx;
			c->idx.text = NULL; /* the next change's text, when it is this blob */
			memset(&d->oldx, 0, sizeof(d->oldx));
		} else {
			pw_classify_cache_clear(c);
		}
	}
	pw_sections_clear(&d->oldx);
	pw_sections_clear(&d->newx);
	pw_textkey_set_clear(&d->old_keys);
	pw_textkey_set_clear(&d->new_keys);
	pw_textkey_set_clear(&d->added_keys);
	pw_textkey_set_clear(&d->removed_keys);
	free(d->qdoc);
	free(d->for_doc);
	free(d->sec_listed[0]);
	free(d->sec_listed[1]);
	free(d->released);
	free(d->old_max);
	table_cache_free(&d->old_tables);
	table_cache_free(&d->new_tables);
	for (i = 0; i < d->n_old_tlines; i++)
		free(d->old_tlines[i].keys);
	free(d->old_tlines);
	free(d->removed_dates);
}

/* The added lines that may be table rows, which table_at parses together. */
static int added_table_lines(table_cache *c, const pw_doc_diff *dd)
{
	size_t i, n = 0;
	for (i = 0; i < dd->nlines; i++)
		n += dd->lines[i].origin == '+' &&
		     memchr(dd->lines[i].content, '|', dd->lines[i].len);
	if (!n)
		return 0;
	if (!(c->want = calloc(n, sizeof(*c->want))))
		return pw_error_oom();
	for (i = 0; i < dd->nlines; i++)
		if (dd->lines[i].origin == '+' &&
		    memchr(dd->lines[i].content, '|', dd->lines[i].len))
			c->want[c->nwant++] = dd->lines[i].new_lineno;
	return 0;
}

/* The old revision's index: the new one's, moved by the change's lines
 * when they touch no heading (pw_sections_rebuild), else built from its text. */
static int old_index(doc_ctx *d)
{
	const pw_doc_diff *dd = d->dd;
	int rc = 0;
	if (!dd->binary && dd->old_len)
		rc = pw_sections_rebuild(&d->oldx, &d->newx, dd->old_text, dd->old_len, dd->lines,
		                         dd->nlines);
	if (rc == 0)
		rc = pw_sections_build(&d->oldx, dd->old_text ? dd->old_text : "", dd->old_len);
	return rc < 0 ? rc : 0;
}

static int doc_init(doc_ctx *d, const pw_doc_diff *dd, pw_classifier *cl, const char *cl_source_id)
{
	pw_rev_cache *c = cache_slot(cl, dd->path, 0);
	int rc;
	size_t i;
	memset(d, 0, sizeof(*d));
	d->dd = dd;
	{
		pw_buf b = PW_BUF_INIT;
		if (pw_buf_printf(&b, "%s:%s", cl_source_id, dd->path) < 0 ||
		    !(d->qdoc = pw_buf_detach(&b)))
			return pw_error_oom();
	}
	/* which tag rules may apply here: decided once, not per line */
	if (cl->tags->count && !(d->for_doc = calloc(cl->tags->count, 1)))
		return pw_error_oom();
	for (i = 0; i < cl->tags->count; i++) {
		d->for_doc[i] = (unsigned char)pw_tags_rule_for_doc(&cl->tags->rules[i], d->qdoc);
		if (!d->fallback && cl->tags->rules[i].fallback && d->for_doc[i])
			d->fallback = &cl->tags->rules[i];
	}
	if (c && c->id[0] && strcmp(c->id, dd->new_id) == 0 && c->len == dd->new_len) {
		d->newx = c->idx;
		d->newx.text = dd->new_text ? dd->new_text : "";
		d->new_keys = c->keys;
		free(c->path);
		memset(c, 0, sizeof(*c));
	} else if ((rc = pw_sections_build(&d->newx, dd->new_text ? dd->new_text : "",
	                                   dd->new_len)) < 0 ||
	           (rc = index_keys(&d->new_keys, &d->newx)) < 0) {
		return rc;
	}
	if ((rc = old_index(d)) < 0 || (rc = old_keys(d)) < 0)
		return rc;
	if (!(d->sec_listed[0] = calloc(d->oldx.count + 1, 1)) ||
	    !(d->sec_listed[1] = calloc(d->newx.count + 1, 1)))
		return pw_error_oom();
	d->new_front_end = yaml_front_end(&d->newx);
	d->old_front_end = yaml_front_end(&d->oldx);
	if ((rc = added_table_lines(&d->new_tables, dd)) < 0)
		return rc;
	return 0;
}

static int old_table_lines(doc_ctx *d)
{
	size_t i, cap = 0;
	if (d->old_tlines_done)
		return 0;
	d->old_tlines_done = 1;
	for (i = 1; i <= d->oldx.nlines; i++) {
		size_t n;
		const char *s = pw_sections_line(&n, &d->oldx, (int)i);
		if (!memchr(s, '|', n))
			continue;
		if (d->n_old_tlines == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			table_line_dates *p = realloc(d->old_tlines, ncap * sizeof(*p));
			if (!p)
				return pw_error_oom();
			d->old_tlines = p;
			cap = ncap;
		}
		memset(&d->old_tlines[d->n_old_tlines], 0, sizeof(*d->old_tlines));
		d->old_tlines[d->n_old_tlines++].line = (int)i;
	}
	return 0;
}

/* Whether s[0..n) holds the digits c1 c2 in a row: every date the parser
 * reads holds the last two digits of its year so (YYYY, or the YY of
 * D-Mon-YY), so a line without them holds no date of that year. */
static int has_digit_pair(const char *s, size_t n, char c1, char c2)
{
	const char *p = s, *end = s + n;
	while (p + 1 < end && (p = memchr(p, c1, (size_t)(end - p - 1))) != NULL) {
		if (p[1] == c2)
			return 1;
		p++;
	}
	return 0;
}

/* The dates of old table line t, read once. */
static int table_line_keys(doc_ctx *d, table_line_dates *t)
{
	pw_date *ds;
	size_t n, nd, k;
	const char *s = pw_sections_line(&n, &d->oldx, t->line);
	int rc;
	if ((rc = pw_dates_find(&ds, &nd, s, n)) < 0)
		return rc;
	if (nd && !(t->keys = calloc(nd, sizeof(*t->keys)))) {
		free(ds);
		return pw_error_oom();
	}
	for (k = 0; k < nd; k++)
		t->keys[k] = pw_dates_key(&ds[k]);
	t->nkeys = nd;
	t->done = 1;
	free(ds);
	return 0;
}

/* ---- the result being built ---------------------------------------------- */

static int warn(pw_classify_run *r, const char *what, const char *path, int line)
{
	pw_buf b = PW_BUF_INIT;
	int rc;
	if (r->out->warnings.count >= 20)
		return 0;
	if (pw_buf_printf(&b, "%s: line %d: %s", path, line, what) < 0)
		return pw_error_oom();
	rc = pw_strlist_add_len(&r->out->warnings, b.ptr, b.len);
	pw_buf_clear(&b);
	return rc;
}

/* The statement of `e`'s date in `text`: a new item, or the section added to
 * the item of the same excerpt. */
static int add_item(pw_effective_date *e, const char *section, const char *text, size_t n)
{
	char *excerpt = pw_textkey_statement(text, n, TEXT_MAX);
	pw_date_item *it;
	size_t i;
	if (!excerpt)
		return pw_error_oom();
	for (i = 0; i < e->nitems && strcmp(e->items[i].text, excerpt) != 0; i++)
		;
	if (i == e->nitems) {
		if (!(it = realloc(e->items, (e->nitems + 1) * sizeof(*it)))) {
			free(excerpt);
			return pw_error_oom();
		}
		e->items = it;
		memset(&it[e->nitems], 0, sizeof(*it));
		it[e->nitems++].text = excerpt;
	} else {
		free(excerpt);
	}
	return section ? pw_strlist_add_unique(&e->items[i].sections, section) : 0;
}

/* The certificate types of one statement of a date in the document being
 * read (pw_effective_date.types): the document's default tags when it has
 * some; else its section's: those of the tag rules that name sections or
 * section titles and no wording (rules/tags.json: "2.3 S/MIME Trust
 * Purposes" is smime) for the section of the stating line `s` (`section`:
 * its id, NULL: none); else the fallback rule's; 0 when none. Wording is
 * not read: "roots that have both the websites and the email trust bits"
 * names one trust bit by a rule's phrase and concerns both. */
static int statement_types(pw_tagset *out, pw_classify_run *r, const char *section, const char *s,
                           size_t n)
{
	const pw_tagset types = PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING;
	const doc_ctx *d = r->reading;
	const pw_document *doc;
	const pw_section *sec;
	const pw_tag_rules *rules = r->cl->tags;
	pw_buf low = PW_BUF_INIT;
	pw_tags_line line;
	size_t i, k;
	*out = 0;
	if (!d)
		return 0;
	if ((doc = pw_sources_document(r->cc->source, d->dd->path)))
		for (k = 0; k < doc->ntags; k++)
			*out |= pw_tagset_from_name(doc->tags[k]) & (types | PW_TAG_NETSEC);
	if (*out)
		return 0;
	sec = d->last_section && section && strcmp(d->last_section->id, section) == 0
	          ? d->last_section
	          : NULL;
	if (pw_textkey_lower(&low, s, n) < 0)
		return PW_ENOMEM;
	pw_tags_line_init(&line, low.ptr ? low.ptr : "", low.len);
	for (i = 0; i < rules->count; i++) {
		const pw_tag_rule *rule = &rules->rules[i];
		if (!rule->fallback && d->for_doc[i] && (rule->tags & types) && !rule->nall &&
		    (rule->sections.count || rule->titles.count) && sec &&
		    pw_tags_rule_matches(rule, NULL, sec->id, sec->title, &line, 1))
			*out |= rule->tags & types;
	}
	if (!*out && d->fallback)
		*out = d->fallback->tags & types;
	pw_buf_clear(&low);
	return 0;
}

static int add_date(pw_classify_run *r, const pw_date *d, const char *section, const char *text,
                    size_t n)
{
	pw_classification *o = r->out;
	char iso[11];
	size_t i;
	pw_effective_date *e;
	pw_tagset types;
	int rc;
	pw_dates_format(iso, d);
	for (i = 0; i < o->ndates; i++)
		if (strcmp(o->dates[i].date, iso) == 0)
			break;
	if (i == o->ndates) {
		e = realloc(o->dates, (o->ndates + 1) * sizeof(*e));
		if (!e)
			return pw_error_oom();
		o->dates = e;
		e = &o->dates[o->ndates++];
		memset(e, 0, sizeof(*e));
		memcpy(e->date, iso, sizeof(iso));
		e->text = pw_textkey_statement(text, n, TEXT_MAX);
		if (!e->text)
			return pw_error_oom();
	}
	e = &o->dates[i];
	if (section && pw_strlist_add_unique(&e->sections, section) < 0)
		return pw_error_oom();
	if ((rc = statement_types(&types, r, section, text, n)) < 0)
		return rc;
	if (!types)
		e->untyped = 1;
	e->types = e->untyped ? 0 : e->types | types;
	return add_item(e, section, text, n);
}

/* Adds a date of the released version of document `path` itself (its row
 * or header line), also kept as "<date> <path>" in r->version_dates. */
static int add_release_date(pw_classify_run *r, const char *path, const pw_date *d,
                            const char *section, const char *text, size_t n)
{
	char iso[11], *key;
	size_t i;
	int rc;
	if ((rc = add_date(r, d, section, text, n)) < 0)
		return rc;
	pw_dates_format(iso, d);
	if (asprintf(&key, "%s %s", iso, path) < 0)
		return pw_error_oom();
	rc = pw_strlist_add_unique(&r->version_dates, key);
	free(key);
	if (rc < 0)
		return rc;
	for (i = 0; i < r->out->ndates; i++)
		if (strcmp(r->out->dates[i].date, iso) == 0)
			r->out->dates[i].release = 1;
	return 0;
}

/* Whether one of dates.json's `ranges` ("or later") follows the date that
 * ends at s[end] (s holds n bytes). */
static int opens_range(const pw_classifier *cl, const char *s, size_t n, size_t end)
{
	size_t i, k, wl;
	while (end < n && (s[end] == ' ' || s[end] == '\t' || s[end] == ','))
		end++;
	for (k = 0; k < cl->ranges.count; k++) {
		const char *w = cl->ranges.items[k];
		wl = strlen(w);
		if (end + wl > n)
			continue;
		for (i = 0; i < wl && pw_ascii_lower(s[end + i]) == w[i]; i++)
			;
		if (i == wl && (end + wl == n || !is_alnum((unsigned char)s[end + wl])))
			return 1;
	}
	return 0;
}

/* Whether one of the triggers of several words stands whole in low[from..):
 * between a blocker and the date such a phrase says the date is one ("This
 * version comes into effect August 15, 2023": the version's effective date,
 * not its name). A single word does not ("Version 1.4 - Effective 8 June
 * 2020" names a version). */
static int trigger_after(const pw_classifier *cl, const pw_buf *low, size_t from)
{
	size_t i;
	for (i = 0; i < cl->triggers.count && from < low->len; i++)
		if (strchr(cl->triggers.items[i], ' ') &&
		    pw_textkey_find_word(low->ptr + from, low->len - from, cl->triggers.items[i]))
			return 1;
	return 0;
}

/* Whether the prose before the date (same sentence, within the window)
 * carries effective-date wording and no blocking wording (a blocker followed
 * by a trigger blocks nothing: the trigger is the date's wording); a date that opens
 * a range ("Effective for versions dated April 1, 2020 or later") is not
 * blocked ("dated" there says which versions, from when). */
static int prose_wording(pw_classify_run *r, const char *s, size_t n, const pw_date *dt)
{
	const pw_classifier *cl = r->cl;
	size_t at = dt->start;
	size_t from = at > (size_t)cl->window ? at - (size_t)cl->window : 0, i, bfrom;
	const char *w;
	int range = opens_range(cl, s, n, dt->end);
	for (i = at; i > from; i--) { /* stop at the end of the previous sentence */
		if ((s[i - 1] == '.' || s[i - 1] == ';' || s[i - 1] == '|') &&
		    (i == at || s[i] == ' ') && !(i >= 2 && s[i - 2] >= '0' && s[i - 2] <= '9')) {
			from = i;
			break;
		}
	}
	if (pw_textkey_lower(&r->low, s + from, at - from) < 0)
		return PW_ENOMEM;
	bfrom =
	    r->low.len > (size_t)cl->blocker_window ? r->low.len - (size_t)cl->blocker_window : 0;
	for (i = 0; i < cl->blockers.count && !range; i++) {
		const char *b = pw_textkey_find_word(r->low.ptr + bfrom, r->low.len - bfrom,
		                                     cl->blockers.items[i]);
		if (b && !trigger_after(cl, &r->low,
		                        (size_t)(b - r->low.ptr) + strlen(cl->blockers.items[i])))
			return 0;
	}
	for (i = 0; i < cl->triggers.count; i++) {
		w = pw_textkey_find_word(r->low.ptr, r->low.len, cl->triggers.items[i]);
		if (w)
			return 1;
	}
	return 0;
}

/* Whether the text of an HTML line (tags dropped) stands in s[0..n). */
static int html_cell_in(const char *h, size_t hn, const char *s, size_t n)
{
	char *t = malloc(hn + 1);
	size_t i, o = 0, a, b;
	int found;
	if (!t)
		return 0;
	for (i = 0; i < hn; i++) {
		if (h[i] == '<') {
			while (i < hn && h[i] != '>')
				i++;
			continue;
		}
		t[o++] = h[i];
	}
	for (a = 0; a < o && (t[a] == ' ' || t[a] == '\t'); a++)
		;
	for (b = o; b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r'); b--)
		;
	found = b - a >= 6 && memmem(s, n, t + a, b - a) != NULL;
	free(t);
	return found;
}

/* Whether one of the triggers ends right before s[at] (an "in" between
 * allowed): the wording a date written as a month needs. */
static int month_wording(pw_classify_run *r, const char *s, size_t at)
{
	size_t e = at, i;
	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == ','))
		e--;
	if (e >= 3 && (s[e - 3] == ' ' || s[e - 3] == '\t') &&
	    strncasecmp(s + e - 2, "in", 2) == 0) {
		e -= 3;
		while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
	}
	if (pw_textkey_lower(&r->low, s, e) < 0)
		return PW_ENOMEM;
	for (i = 0; i < r->cl->triggers.count; i++) {
		const char *w = r->cl->triggers.items[i];
		size_t wl = strlen(w);
		if (e >= wl && memcmp(r->low.ptr + e - wl, w, wl) == 0 &&
		    (e == wl || !is_alnum((unsigned char)r->low.ptr[e - wl - 1])) &&
		    strcmp(w, "from") != 0)
			return 1;
	}
	return 0;
}

/* Dates on removed lines, for the "only reformatted" test: read once, when
 * an added line first holds a date (most changes add none). */
static int find_removed_dates(doc_ctx *d)
{
	const pw_doc_diff *dd = d->dd;
	size_t i;
	int rc;
	if (d->removed_dates_done)
		return 0;
	d->removed_dates_done = 1;
	for (i = 0; i < dd->nlines; i++) {
		const pw_diff_line *l = &dd->lines[i];
		pw_date *ds;
		size_t nd, k;
		if (l->origin != '-')
			continue;
		if ((rc = pw_dates_find(&ds, &nd, l->content, l->len)) < 0)
			return rc;
		for (k = 0; k < nd; k++) {
			dated_line *p =
			    realloc(d->removed_dates, (d->n_removed_dates + 1) * sizeof(*p));
			if (!p) {
				free(ds);
				return pw_error_oom();
			}
			d->removed_dates = p;
			p[d->n_removed_dates].line = (int)i;
			p[d->n_removed_dates].key = pw_dates_key(&ds[k]);
			d->n_removed_dates++;
		}
		free(ds);
	}
	return 0;
}

/* Whether date `key` on added text `s` is only carried over from a removed
 * twin line (same date, similar words). */
static int removed_twin(doc_ctx *d, long key, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < d->n_removed_dates; i++) {
		const pw_diff_line *l;
		double sim, contained;
		if (d->removed_dates[i].key != key)
			continue;
		l = &d->dd->lines[d->removed_dates[i].line];
		/* similar wording, or a removed fragment of the same (re-wrapped) row */
		if (pw_textkey_overlap(&sim, &contained, s, n, l->content, l->len) < 0 ||
		    sim >= TWIN_SIMILARITY || contained >= 0.9)
			return 1;
		/* or the removed line is an HTML table cell whose text the added
		 * line holds (a table converted to Markdown) */
		if (memchr(l->content, '<', l->len) && html_cell_in(l->content, l->len, s, n))
			return 1;
		/* or the added line is a fragment of the removed one (a sentence
		 * split after its unchanged "Effective DATE:" lead-in) */
		if (pw_textkey_overlap(&sim, &contained, l->content, l->len, s, n) < 0 ||
		    contained >= 0.9)
			return 1;
	}
	return 0;
}

static int placeholder(const char *c)
{
	size_t n = strlen(c);
	pw_date tmp;
	if (!n || strspn(c, "-‐–— .*?") == n)
		return 1;
	if (strcasecmp(c, "tbd") == 0 || strcasecmp(c, "n/a") == 0)
		return 1;
	return pw_dates_parse(c, n, &tmp) == n;
}

static size_t row_text(const pw_mdrow *row, pw_buf *b)
{
	size_t i;
	pw_buf_reset(b);
	for (i = 0; i < row->ncells; i++) {
		if (pw_buf_puts(b, row->cells[i]) < 0 || pw_buf_putc(b, ' ') < 0)
			return (size_t)-1;
	}
	return b->len;
}

/* Whether two rows share a descriptive cell (same text up to whitespace and
 * case, at least DESCRIPTIVE_CELL bytes, not a date): the same row re-written. */
static int same_cell(const pw_mdrow *a, const pw_mdrow *b)
{
	size_t i, k;
	for (i = 0; i < a->ncells; i++) {
		size_t n = strlen(a->cells[i]);
		uint64_t h;
		if (n < DESCRIPTIVE_CELL || placeholder(a->cells[i]))
			continue;
		h = pw_textkey_markup(a->cells[i], n);
		for (k = 0; k < b->ncells; k++)
			if (pw_textkey_markup(b->cells[k], strlen(b->cells[k])) == h)
				return 1;
	}
	return 0;
}

/* Whether two rows with the same leading cell are told apart by their
 * descriptive cells (one version with a row per ballot: "1.7.3 | SC28 |
 * Logging and Log Retention" is not "1.7.3 | SC35 | Cleanups and
 * Clarifications"): both have one, and none is shared. */
static int other_row(const pw_mdrow *a, const pw_mdrow *b)
{
	size_t i, k;
	if (same_cell(a, b))
		return 0;
	for (i = 1; i < a->ncells; i++)
		if (strlen(a->cells[i]) >= DESCRIPTIVE_CELL && !placeholder(a->cells[i]))
			break;
	for (k = 1; k < b->ncells; k++)
		if (strlen(b->cells[k]) >= DESCRIPTIVE_CELL && !placeholder(b->cells[k]))
			break;
	return i < a->ncells && k < b->ncells;
}

/* Whether a date of a new table row already stood in an old table row that
 * is the same row: same leading key cell (a version, not a date) or the same
 * description; the row's other words may change (a row of the same shape
 * with other methods or sections is a new requirement). */
static int old_row_twin(doc_ctx *d, long key, const pw_mdrow *row)
{
	size_t i, k;
	pw_buf a = PW_BUF_INIT;
	int found = 0;
	char c1 = (char)('0' + key / 10000 % 100 / 10), c2 = (char)('0' + key / 10000 % 10);
	if (old_table_lines(d) < 0 || row_text(row, &a) == (size_t)-1) {
		pw_buf_clear(&a);
		return 1;
	}
	/* the old table lines' dates in line order; a line is read only when
	 * it may hold a date of the key's year */
	for (i = 0; i < d->n_old_tlines && !found; i++) {
		table_line_dates *tl = &d->old_tlines[i];
		if (!tl->done) {
			size_t n;
			const char *s = pw_sections_line(&n, &d->oldx, tl->line);
			if (!has_digit_pair(s, n, c1, c2))
				continue;
			if (table_line_keys(d, tl) < 0) {
				pw_buf_clear(&a);
				return 1;
			}
		}
		for (k = 0; k < tl->nkeys && !found; k++) {
			const pw_mdtable *t;
			const pw_mdrow *orow;
			int broken;
			double sim;
			if (tl->keys[k] != key)
				continue;
			t = table_at(&d->old_tables, &d->oldx, tl->line, &broken);
			orow = t ? pw_mdtable_row_at(t, tl->line) : NULL;
			if (!orow) {
				size_t n;
				const char *s = pw_sections_line(&n, &d->oldx, tl->line);
				sim = pw_textkey_similarity(a.ptr, a.len, s, n);
				found = sim < 0 || sim >= TWIN_SIMILARITY;
				continue;
			}
			if (row->ncells && orow->ncells && !placeholder(row->cells[0]) &&
			    strcmp(row->cells[0], orow->cells[0]) == 0) {
				found = !other_row(row, orow);
				continue;
			}
			found = same_cell(row, orow);
		}
	}
	pw_buf_clear(&a);
	return found;
}

/* Days since 1970-01-01 of a date key (YYYYMMDD). */
static long day_number(long key)
{
	return pw_day_from_ymd(key / 10000, key / 100 % 100, key % 100);
}

/* Whether a date lies more than `days` days before the commit. */
static int past(const pw_classify_run *r, long key, long days)
{
	/* a document's first revision states all its dates as new */
	return !r->doc_new && r->commit_key > 0 &&
	       day_number(key) < day_number(r->commit_key) - days;
}

/* Whether the date at s[at] directly follows one of the words that annotate
 * it as an effective date ("(effective 10/4/2023)" after a standard's
 * version): such a date is stated as one even when it lies in the past. */
static int stated_as(pw_classify_run *r, const char *s, size_t at)
{
	size_t i, from = at > 24 ? at - 24 : 0, e = at;
	while (e > from && strchr(" \t*_:,", s[e - 1]) && s[e - 1])
		e--;
	if (pw_textkey_lower(&r->low, s + from, e - from) < 0)
		return 0;
	for (i = 0; i < r->cl->past_exempt.count; i++) {
		const char *w = r->cl->past_exempt.items[i];
		size_t wl = strlen(w);
		if (r->low.len >= wl && memcmp(r->low.ptr + r->low.len - wl, w, wl) == 0 &&
		    (r->low.len == wl || !is_alnum((unsigned char)r->low.ptr[r->low.len - wl - 1])))
			return 1;
	}
	return 0;
}

/* Whether section `sec` is new: its heading is a line the old text lacks
 * (not even renumbered). In a live document (the policy in force) a new
 * section's text is stated as new, as a new document's is: a requirement
 * copied in from elsewhere ("As of February 2024, CA providers must ...")
 * keeps its start date though that lies in the past. */
static int fresh_section(doc_ctx *d, const pw_section *sec)
{
	const char *h;
	size_t n;
	uint64_t rk;
	if (!sec)
		return 0;
	if (sec == d->fresh_asked)
		return d->fresh;
	d->fresh_asked = sec;
	h = pw_sections_line(&n, &d->newx, sec->line);
	d->fresh = h && n && !old_has(d, pw_textkey_line(h, n)) &&
	           !((rk = renumbered_key(h, n)) && old_has(d, rk));
	return d->fresh;
}

/* Prose dates in s[0..n) of an added line. */
static int prose_dates(pw_classify_run *r, doc_ctx *d, const char *s, size_t n, const char *section)
{
	pw_date *ds;
	size_t nd, k;
	int rc = pw_dates_find(&ds, &nd, s, n);
	if (rc < 0)
		return rc;
	if (nd && (rc = find_removed_dates(d)) < 0) {
		free(ds);
		return rc;
	}
	for (k = 0; k < nd && rc == 0; k++) {
		long key = pw_dates_key(&ds[k]);
		if (past(r, key, r->cl->past_days) && !stated_as(r, s, ds[k].start) &&
		    !(d->live && fresh_section(d, d->prose_sec)))
			continue; /* a past event, not a new requirement date */
		/* a month alone is a date only right after its wording
		 * ("Beginning August 2024", "As of February 2024") */
		rc = ds[k].month_only ? month_wording(r, s, ds[k].start)
		                      : prose_wording(r, s, n, &ds[k]);
		if (rc <= 0)
			continue;
		rc = 0;
		if (removed_twin(d, key, s, n))
			continue;
		rc = add_date(r, &ds[k], section, s, n);
	}
	free(ds);
	return rc;
}

typedef enum { COL_OTHER, COL_EFFECTIVE, COL_EXCLUDED } col_kind;

static col_kind column_kind(const pw_classifier *cl, const pw_mdtable *t, size_t col)
{
	const char *h;
	size_t i, n;
	char *lowh;
	col_kind k = COL_OTHER;
	if (col >= t->header.ncells)
		return COL_OTHER;
	h = t->header.cells[col];
	n = strlen(h);
	lowh = strdup(h);
	if (!lowh)
		return COL_EXCLUDED;
	for (i = 0; i < n; i++)
		lowh[i] = pw_ascii_lower(lowh[i]);
	for (i = 0; i < cl->excluded_columns.count && k == COL_OTHER; i++)
		if (pw_tags_contains(lowh, n, cl->excluded_columns.items[i]))
			k = COL_EXCLUDED;
	for (i = 0; i < cl->effective_columns.count && k == COL_OTHER; i++)
		if (pw_tags_contains(lowh, n, cl->effective_columns.items[i]))
			k = COL_EFFECTIVE;
	free(lowh);
	return k;
}

/* Column index whose header contains one of the words, or -1. */
static int column_named(const pw_mdtable *t, const char *const *words)
{
	return pw_mdtable_column(t, words);
}

/* Tag rules on one changed text. */
/* How often the phrases of a rule's first group occur in `lower`. */
static size_t occurrences(const pw_tag_rule *rule, const char *lower, size_t len)
{
	size_t i, n = 0;
	for (i = 0; rule->nall && i < rule->all[0].list.count; i++) {
		const char *p = rule->all[0].list.items[i], *at = lower, *end = lower + len;
		size_t pl = strlen(p);
		while (pl && (size_t)(end - at) >= pl &&
		       (at = memmem(at, (size_t)(end - at), p, pl))) {
			n++;
			at += pl;
		}
	}
	return n;
}

static int put_words(uint64_t **w, size_t *nw, size_t *cap, const char *s, size_t n, int numbers);

/* Whether s[0..n) is an ATX heading: a section's title is its structure,
 * not wording the "reworded" rules weigh. */
static int heading(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	return i < n && s[i] == '#';
}

/* `out`: s[0..n) without Markdown link targets ("[Section 8.7]
 * (#87-self-audits)" reads "[Section 8.7]": a link added to a cross
 * reference adds no wording). */
static int without_targets(pw_buf *out, const char *s, size_t n)
{
	size_t i = 0, a;
	pw_buf_reset(out);
	while (i < n) {
		const char *t = memchr(s + i, ']', n - i);
		a = t ? (size_t)(t - s) + 1 : n;
		if (pw_buf_put(out, s + i, a - i) < 0)
			return PW_ENOMEM;
		i = a;
		if (i < n && s[i] == '(') { /* skip "(target)" */
			const char *e = memchr(s + i, ')', n - i);
			i = e ? (size_t)(e - s) + 1 : n;
		}
	}
	return 0;
}

/* Holds the text a "new_sentence" rule (index i) matched, a[0..an) and,
 * when b, a blank and b[0..bn) (a line joined to its neighbour), until the
 * document is read (sentence_doc_end). */
static int hold(pw_classify_run *r, size_t i, int added, const pw_section *sec, const char *a,
                size_t an, const char *b, size_t bn)
{
	pw_held_line *h;
	size_t n = an + (b ? bn + 1 : 0);
	char *t;
	if (r->nheld == r->capheld) {
		size_t ncap = r->capheld ? r->capheld * 2 : 8;
		pw_held_line *p = realloc(r->held, ncap * sizeof(*p));
		if (!p)
			return pw_error_oom();
		r->held = p;
		r->capheld = ncap;
	}
	if (!(t = malloc(n + 1)))
		return pw_error_oom();
	memcpy(t, a, an);
	if (b) {
		t[an] = ' ';
		memcpy(t + an + 1, b, bn);
	}
	t[n] = '\0';
	h = &r->held[r->nheld++];
	h->rule = i;
	h->added = added;
	h->text = t;
	h->n = n;
	h->split = an;
	h->sec_id = sec ? sec->id : NULL;
	h->sec_title = sec ? sec->title : NULL;
	return 0;
}

static int list_item(const char *s, size_t n);
static int blank_text(const char *s, size_t n);

#define CONTEXT_LINES 60 /* how far a block and its neighbours are read */

/* Whether line `ln` of `x` ends a block: blank, a heading, a table row, or
 * outside section `sec`. */
static int block_edge(const pw_section_index *x, const pw_section *sec, int ln)
{
	size_t m;
	const char *c;
	if (ln < 1 || (size_t)ln > x->nlines || pw_sections_at(x, ln) != sec)
		return 1;
	c = pw_sections_line(&m, x, ln);
	return !c || blank_text(c, m) || heading(c, m) || memchr(c, '|', m);
}

/* The block (paragraph or list item) around line `ln` of `x`: lines
 * [*a, *b]. */
static void block_of(int *a, int *b, const pw_section_index *x, const pw_section *sec, int ln)
{
	size_t m;
	const char *c;
	*a = *b = ln;
	while (ln - *a < CONTEXT_LINES && !block_edge(x, sec, *a - 1) &&
	       !((c = pw_sections_line(&m, x, *a)) && list_item(c, m)))
		(*a)--;
	while (*b - ln < CONTEXT_LINES && !block_edge(x, sec, *b + 1) &&
	       !((c = pw_sections_line(&m, x, *b + 1)) && list_item(c, m)))
		(*b)++;
}

/* Lines [a, b] of `x` as one text in ASCII lower case (a phrase may wrap):
 * joined by a space, without their indentation. Line `at` is at
 * [*from, *to) of it (both may be NULL). */
static int block_text(pw_buf *low, const pw_section_index *x, int a, int b, int at, size_t *from,
                      size_t *to)
{
	pw_buf j = PW_BUF_INIT;
	size_t m;
	int k, rc = 0;
	for (k = a; k <= b && rc == 0; k++) {
		const char *c = pw_sections_line(&m, x, k);
		while (c && m && (*c == ' ' || *c == '\t'))
			c++, m--;
		if (c && j.len && pw_buf_putc(&j, ' ') < 0)
			rc = pw_error_oom();
		if (k == at && from)
			*from = j.len;
		if (c && rc == 0 && pw_buf_put(&j, c, m) < 0)
			rc = pw_error_oom();
		if (k == at && to)
			*to = j.len;
	}
	if (rc == 0 && pw_textkey_lower(low, j.ptr ? j.ptr : "", j.len) < 0)
		rc = pw_error_oom();
	pw_buf_clear(&j);
	return rc;
}

/* The certificate types of the fallback rule that the wording of lines
 * [a, b] of `x` names, read as one text, by the rules that give them. */
static int block_types(pw_tagset *out, pw_classify_run *r, const doc_ctx *d,
                       const pw_section_index *x, const pw_section *sec, int a, int b)
{
	const pw_tag_rules *rules = r->cl->tags;
	pw_buf low = PW_BUF_INIT;
	pw_tags_line line;
	size_t i;
	int rc;
	*out = 0;
	if ((rc = block_text(&low, x, a, b, 0, NULL, NULL)) < 0)
		return rc;
	pw_tags_line_init(&line, low.ptr, low.len);
	for (i = 0; i < rules->count; i++) {
		const pw_tag_rule *rule = &rules->rules[i];
		if (!rule->fallback && !rule->novel && !rule->reworded && d->for_doc[i] &&
		    (rule->tags & d->fallback->tags) &&
		    pw_tags_rule_matches(rule, NULL, sec->id, sec->title, &line, 1))
			*out |= rule->tags & d->fallback->tags;
	}
	pw_buf_clear(&low);
	return 0;
}

/* Whether t[i] ends a sentence: '.', '?' or '!' before a blank. */
static int sentence_end(const char *t, size_t n, size_t i)
{
	return (t[i] == '.' || t[i] == '?' || t[i] == '!') && (i + 1 == n || t[i + 1] == ' ');
}

/* Whether the sentences line `ln` of its side's text (the new one for an
 * added line) is part of, read across the line breaks of its paragraph or
 * list item, hold one of the rule's `sentence` phrases; a line outside a
 * block (a table cell, a heading: `ln` 0 or an edge) is read alone, in
 * `line`. 1, 0, or PW_ENOMEM. */
static int sentence_has(const pw_tag_rule *rule, const doc_ctx *d, const pw_section *sec, int added,
                        int ln, const pw_tags_line *line)
{
	const pw_section_index *x = added ? &d->newx : &d->oldx;
	pw_buf low = PW_BUF_INIT;
	const char *t = line->lower;
	size_t i, tn = line->len, from = 0, to = 0;
	int a, b, hit = 0;
	if (sec && ln >= 1 && !block_edge(x, sec, ln)) {
		block_of(&a, &b, x, sec, ln);
		if (block_text(&low, x, a, b, ln, &from, &to) < 0)
			return pw_error_oom();
		/* from the end of the sentence before the line to the end of
		 * the sentence its last word is in */
		while (from > 0 && !sentence_end(low.ptr, low.len, from - 1))
			from--;
		while (to > 0 && to < low.len && !sentence_end(low.ptr, low.len, to - 1))
			to++;
		t = low.ptr + from;
		tn = to - from;
	}
	for (i = 0; i < rule->sentence.count && !hit; i++)
		hit = pw_tags_contains(t, tn, rule->sentence.items[i]);
	pw_buf_clear(&low);
	return hit;
}

/* Whether `rule` matches the changed text in `line`, line `ln` of its
 * side's text: its conditions, and its `sentence` phrases in the sentences
 * around. 1, 0, or PW_ENOMEM. */
static int rule_on_line(const pw_tag_rule *rule, const doc_ctx *d, const pw_section *sec,
                        const pw_tags_line *line, int added, int ln)
{
	if (!pw_tags_rule_matches(rule, NULL, sec ? sec->id : NULL, sec ? sec->title : NULL, line,
	                          added))
		return 0;
	return rule->sentence.count ? sentence_has(rule, d, sec, added, ln, line) : 1;
}

/* The certificate types of the block just before (step -1) or after (step
 * 1) the block [a, b] in the same section. */
static int neighbour_types(pw_tagset *out, pw_classify_run *r, const doc_ctx *d,
                           const pw_section_index *x, const pw_section *sec, int a, int b, int step)
{
	int ln = step < 0 ? a - 1 : b + 1, lo, hi, rc;
	size_t m;
	const char *c;
	*out = 0;
	while (ln >= 1 && (size_t)ln <= x->nlines && abs(ln - a) < CONTEXT_LINES &&
	       pw_sections_at(x, ln) == sec) {
		c = pw_sections_line(&m, x, ln);
		if (!c || !blank_text(c, m))
			break;
		ln += step;
	}
	if (block_edge(x, sec, ln))
		return 0;
	block_of(&lo, &hi, x, sec, ln);
	rc = block_types(out, r, d, x, sec, lo, hi);
	return rc < 0 ? rc : 0;
}

/* Whether s[0..n) is a Markdown link reference definition ("[BRs]:
 * https://..."). */
static int link_definition(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i == n || s[i] != '[')
		return 0;
	while (i < n && s[i] != ']')
		i++;
	return i + 1 < n && s[i + 1] == ':';
}

/* The certificate types a changed prose line of a document without default
 * tags concerns when its own wording names none: those of the fallback's
 * that its paragraph or list item names, else those the blocks just before
 * and after it in its section both name ("Instead of complying with the
 * above paragraph ..." between two paragraphs on id-kp-emailProtection),
 * else the fallback's (a general requirement); none for a link reference
 * definition. `ln` is the line in the new text (added) or the old one; 0:
 * unknown (a table cell). */
static int context_types(pw_tagset *out, pw_classify_run *r, const doc_ctx *d,
                         const pw_section *sec, int added, int ln)
{
	const pw_section_index *x = added ? &d->newx : &d->oldx;
	pw_tagset before, after;
	int a, b, rc;
	size_t m;
	const char *c = ln >= 1 ? pw_sections_line(&m, x, ln) : NULL;
	*out = d->fallback->tags;
	if (c && link_definition(c, m)) {
		*out = 0; /* "[WebTrust-BRs]: https://...": a link target names nothing */
		return 0;
	}
	if (!sec || ln < 1 || block_edge(x, sec, ln))
		return 0;
	block_of(&a, &b, x, sec, ln);
	if ((rc = block_types(&before, r, d, x, sec, a, b)) < 0)
		return rc;
	if (before) {
		*out = before;
		return 0;
	}
	if ((rc = neighbour_types(&before, r, d, x, sec, a, b, -1)) < 0 ||
	    (rc = neighbour_types(&after, r, d, x, sec, a, b, 1)) < 0)
		return rc;
	if (before && before == after)
		*out = before;
	return 0;
}

/* The tag rules on one changed text s[0..n), lower-cased in `line`: line
 * `ln` of its side's text (0: a table cell). */
static int rules_on(pw_classify_run *r, const doc_ctx *d, const pw_section *sec, const char *s,
                    size_t n, const pw_tags_line *line, int added, int ln)
{
	const pw_tag_rules *rules = r->cl->tags;
	const pw_tag_rule *fallback = d->fallback;
	size_t i;
	int need_line, line_cert = 0, hit;
	/* a document without default tags: a line no certificate-type rule claims
	 * concerns every kind of certificate the fallback names */
	need_line = fallback && (r->rule_tags & fallback->tags) != fallback->tags;
	for (i = 0; i < rules->count; i++) {
		const pw_tag_rule *rule = &rules->rules[i];
		if (rule->fallback || !d->for_doc[i])
			continue;
		/* the rule's documents are checked: NULL for the document */
		if (rule->reworded) { /* words kept here, compared once the change is read */
			pw_word_bag *b = r->reworded ? &r->reworded[2 * i + !!added] : NULL;
			if (b && !heading(s, n) &&
			    (hit = rule_on_line(rule, d, sec, line, added, ln)) != 0 &&
			    (hit < 0 || put_words(&b->w, &b->n, &b->cap, s, n, 0) < 0))
				return PW_ENOMEM;
			continue;
		}
		if (rule->novel) { /* counted here, decided once the change is read */
			hit = r->novel && pw_tags_rule_matches(rule, NULL, sec ? sec->id : NULL,
			                                       sec ? sec->title : NULL, line, 1);
			if (hit && rule->sentence.count &&
			    (hit = sentence_has(rule, d, sec, added, ln, line)) < 0)
				return hit;
			if (hit) {
				pw_buf t = PW_BUF_INIT;
				if (without_targets(&t, line->lower, line->len) < 0) {
					pw_buf_clear(&t);
					return PW_ENOMEM;
				}
				r->novel[2 * i + !added] += occurrences(rule, t.ptr, t.len);
				pw_buf_clear(&t);
			}
			continue;
		}
		if ((r->rule_tags & rule->tags) == rule->tags &&
		    !(need_line && (rule->tags & CERT_TAGS)))
			continue;
		if ((hit = rule_on_line(rule, d, sec, line, added, ln)) < 0)
			return hit;
		if (hit) {
			if (!rule->new_sentence)
				r->rule_tags |= rule->tags;
			else if (hold(r, i, added, sec, s, n, NULL, 0) < 0)
				return PW_ENOMEM;
			if (rule->tags & CERT_TAGS)
				line_cert = 1;
		}
	}
	if (need_line && !line_cert) {
		pw_tagset t;
		int rc = context_types(&t, r, d, sec, added, ln);
		if (rc < 0)
			return rc;
		r->rule_tags |= t;
	}
	return 0;
}

static int blank_text(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'); i++)
		;
	return i == n;
}

/* The tag rules on a changed text (a removed line, a table cell). */
static int apply_rules(pw_classify_run *r, const doc_ctx *d, const pw_section *sec, const char *s,
                       size_t n, int added, int ln)
{
	pw_tags_line line;
	if (blank_text(s, n))
		return 0; /* a blank line says nothing */
	if (pw_textkey_lower(&r->low, s, n) < 0)
		return PW_ENOMEM;
	pw_tags_line_init(&line, r->low.ptr, r->low.len);
	return rules_on(r, d, sec, s, n, &line, added, ln);
}

/* The tag rules on an added line (of `n` bytes, carriage returns cut),
 * lower-cased into the older of the two kept lines. */
static int apply_line_rules(pw_classify_run *r, const doc_ctx *d, const pw_section *sec,
                            const char *s, size_t n, int ln)
{
	pw_lowered *k;
	if (blank_text(s, n))
		return 0;
	r->newest = !r->newest;
	k = &r->lowered[r->newest];
	k->s = NULL;
	if (pw_textkey_lower(&k->low, s, n) < 0)
		return PW_ENOMEM;
	k->s = s;
	k->n = n;
	pw_tags_line_init(&k->line, k->low.ptr, k->low.len);
	return rules_on(r, d, sec, s, n, &k->line, 1, ln);
}

/* The kept lower-cased line that is diff line `l` whole, or NULL. */
static const pw_lowered *lowered_of(const pw_classify_run *r, const pw_diff_line *l)
{
	int i;
	for (i = 0; i < 2; i++)
		if (r->lowered[i].s == l->content && r->lowered[i].n == l->len)
			return &r->lowered[i];
	return NULL;
}

/* Lines `prev` and `l` joined by a space, lower-cased into r->low: from the
 * kept lower-cased lines when both are kept, else from their text. */
static int join_lines(pw_tags_line *line, pw_classify_run *r, const pw_diff_line *prev,
                      const pw_diff_line *l)
{
	const pw_lowered *a = lowered_of(r, prev), *b = lowered_of(r, l);
	if (a && b) {
		pw_buf_reset(&r->low);
		if (pw_buf_put(&r->low, a->low.ptr, a->low.len) < 0 ||
		    pw_buf_putc(&r->low, ' ') < 0 ||
		    pw_buf_put(&r->low, b->low.ptr, b->low.len) < 0)
			return pw_error_oom();
		pw_tags_line_join(line, r->low.ptr, r->low.len, &a->line, &b->line);
		return 0;
	} else {
		pw_buf j = PW_BUF_INIT;
		int rc = pw_buf_put(&j, prev->content, prev->len) < 0 || pw_buf_putc(&j, ' ') < 0 ||
		                 pw_buf_put(&j, l->content, l->len) < 0 ||
		                 pw_textkey_lower(&r->low, j.ptr, j.len) < 0
		             ? pw_error_oom()
		             : 0;
		pw_buf_clear(&j);
		if (rc == 0)
			pw_tags_line_init(line, r->low.ptr, r->low.len);
		return rc;
	}
}

/* Rules whose wording may wrap, on an added line joined to the added line
 * just before it in the same paragraph. */
static int apply_wrapped(pw_classify_run *r, const doc_ctx *d, const pw_section *sec,
                         const pw_diff_line *prev, const pw_diff_line *l)
{
	const pw_tag_rules *rules = r->cl->tags;
	pw_tags_line line;
	size_t i;
	int rc;
	for (i = 0; i < rules->count; i++)
		if (rules->rules[i].wrapped && d->for_doc[i] &&
		    (r->rule_tags & rules->rules[i].tags) != rules->rules[i].tags)
			break;
	if (i == rules->count)
		return 0;
	if ((rc = join_lines(&line, r, prev, l)) < 0)
		return rc;
	for (; i < rules->count; i++) {
		const pw_tag_rule *rule = &rules->rules[i];
		if (rule->wrapped && d->for_doc[i] && (r->rule_tags & rule->tags) != rule->tags &&
		    pw_tags_rule_matches(rule, NULL, sec ? sec->id : NULL, sec ? sec->title : NULL,
		                         &line, 1)) {
			if (!rule->new_sentence)
				r->rule_tags |= rule->tags;
			else if (hold(r, i, 1, sec, prev->content, prev->len, l->content, l->len) <
			         0)
				return PW_ENOMEM;
		}
	}
	return 0;
}

static int digits_only(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	return i == n;
}

/* The next word of s[0..n) from *i on: its start (*a) and length, 0 when
 * none is left. Link targets and URLs are no words, so that a change of
 * URLs or a typo fix is recognized as editorial; with `numbers` 0 neither
 * are words of digits only (section numbers of cross references). */
static size_t next_text_word(const char *s, size_t n, size_t *i, size_t *a, int numbers)
{
	while (*i < n) {
		if (s[*i] == ']' && *i + 1 < n && s[*i + 1] == '(') { /* skip "(target)" */
			const char *e = memchr(s + *i, ')', n - *i);
			*i = e ? (size_t)(e - s) + 1 : n;
			continue;
		}
		if (!is_alnum((unsigned char)s[*i])) {
			(*i)++;
			continue;
		}
		if (n - *i > 8 &&
		    (memcmp(s + *i, "http://", 7) == 0 || memcmp(s + *i, "https://", 8) == 0)) {
			while (*i < n && s[*i] != ' ' && s[*i] != '\t' && s[*i] != ')' &&
			       s[*i] != '>')
				(*i)++; /* a bare URL */
			continue;
		}
		*a = *i;
		while (*i < n && is_alnum((unsigned char)s[*i]))
			(*i)++;
		if (numbers || !digits_only(s + *a, *i - *a))
			return *i - *a;
	}
	return 0;
}

/* Appends the hashes of the words of s[0..n) (next_text_word) to w (nw, cap). */
static int put_words(uint64_t **w, size_t *nw, size_t *cap, const char *s, size_t n, int numbers)
{
	size_t i = 0, a, len;
	int first = 1; /* no word read yet */
	while ((len = next_text_word(s, n, &i, &a, numbers)) > 0) {
		/* a letter numbering a heading or list item ("### A. The Scope",
		 * "b) ..."), before any word: numbering, as digits are */
		if (!numbers && first && len == 1 && i < n && (s[i] == '.' || s[i] == ')'))
			continue;
		first = 0;
		if (*nw == *cap) {
			size_t ncap = *cap ? *cap * 2 : 256;
			uint64_t *p = realloc(*w, ncap * sizeof(uint64_t));
			if (!p)
				return pw_error_oom();
			*w = p;
			*cap = ncap;
		}
		(*w)[(*nw)++] = pw_textkey_markup(s + a, len);
	}
	return 0;
}

#define PARAGRAPH_LINES 12 /* how far a paragraph is read up and down */

/* Whether a line starts a list item: "*", "-", "+", "1." or "a)" and a blank. */
static int list_item(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < n && (s[i] == '*' || s[i] == '-' || s[i] == '+') && s[i + 1] == ' ')
		return 1;
	if (i < n && is_alnum((unsigned char)s[i])) {
		size_t a = i;
		while (i < n && i - a < 4 && is_alnum((unsigned char)s[i]))
			i++;
		return i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ' &&
		       (i - a <= 2 || (s[a] >= '0' && s[a] <= '9'));
	}
	return 0;
}

/* Whether an unchanged line of the new text continues the paragraph of an
 * added line: prose, not blank, not a heading or a table row. */
static int paragraph_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i < n && s[i] != '#' && !memchr(s, '|', n);
}

/* A `wrapped` rule's phrase may also span the break between added line `l`
 * and the unchanged line just before or after it in the same paragraph
 * ("subordinate CA certificates / issued before 22nd June 2017 may, until
 * ..." when only the date changed; "for certificates marked as Extended /
 * Validation, ..."): it counts when the joined lines match and the
 * unchanged line alone does not (its own wording is not new). */
static int apply_context_wrap(pw_classify_run *r, const doc_ctx *d, const pw_section *sec, size_t i,
                              const pw_diff_line *l)
{
	const pw_tag_rules *rules = r->cl->tags;
	const pw_doc_diff *dd = d->dd;
	pw_buf j = PW_BUF_INIT;
	pw_tags_line line, alone;
	size_t k, side, m;
	int rc = 0;
	for (k = 0; k < rules->count; k++)
		if (rules->rules[k].wrapped && d->for_doc[k] &&
		    (r->rule_tags & rules->rules[k].tags) != rules->rules[k].tags)
			break;
	if (k == rules->count || !paragraph_line(l->content, l->len))
		return 0;
	for (side = 0; side < 2 && rc == 0; side++) {
		int ln = side ? l->new_lineno + 1 : l->new_lineno - 1;
		const char *c, *first, *second;
		size_t split, nfirst, nsecond;
		if (ln < 1 || (size_t)ln > d->newx.nlines)
			continue;
		/* an added neighbour is read with it already (apply_wrapped) */
		if (side == 0 && i > 0 && dd->lines[i - 1].origin == '+' &&
		    dd->lines[i - 1].new_lineno == ln)
			continue;
		if (side == 1 && i + 1 < dd->nlines && dd->lines[i + 1].origin == '+' &&
		    dd->lines[i + 1].new_lineno == ln)
			continue;
		c = pw_sections_line(&m, &d->newx, ln);
		if (!c || !paragraph_line(c, m))
			continue;
		/* joined with one space: the first part without its trailing
		 * blanks, the second without its indentation */
		first = side ? l->content : c;
		nfirst = side ? l->len : m;
		second = side ? c : l->content;
		nsecond = side ? m : l->len;
		while (nfirst && (first[nfirst - 1] == ' ' || first[nfirst - 1] == '\t' ||
		                  first[nfirst - 1] == '\r'))
			nfirst--;
		while (nsecond && (*second == ' ' || *second == '\t'))
			second++, nsecond--;
		j.len = 0;
		if (pw_buf_put(&j, first, nfirst) < 0 || pw_buf_putc(&j, ' ') < 0 ||
		    pw_buf_put(&j, second, nsecond) < 0 ||
		    pw_textkey_lower(&r->low, j.ptr, j.len) < 0) {
			rc = pw_error_oom();
			break;
		}
		/* the unchanged line's own bytes within the joined, lowered text */
		split = side ? nfirst + 1 : 0;
		m = side ? nsecond : nfirst;
		pw_tags_line_init(&line, r->low.ptr, r->low.len);
		pw_tags_line_init(&alone, r->low.ptr + split, m);
		for (k = 0; k < rules->count; k++) {
			const pw_tag_rule *rule = &rules->rules[k];
			const char *id = sec ? sec->id : NULL, *title = sec ? sec->title : NULL;
			if (rule->wrapped && d->for_doc[k] &&
			    (r->rule_tags & rule->tags) != rule->tags &&
			    pw_tags_rule_matches(rule, NULL, id, title, &line, 1) &&
			    !pw_tags_rule_matches(rule, NULL, id, title, &alone, 1)) {
				if (!rule->new_sentence)
					r->rule_tags |= rule->tags;
				else if ((rc = hold(r, k, 1, sec, first, nfirst, second, nsecond)) <
				         0)
					break;
			}
		}
	}
	pw_buf_clear(&j);
	return rc;
}

/* Counts the words of a changed line into bucket k and keeps the line for
 * pw_classify_words_hash. */
static int collect_words(pw_classify_run *r, int k, const char *s, size_t n)
{
	size_t i = 0, a, count = 0;
	while (next_text_word(s, n, &i, &a, 1) > 0)
		count++;
	if (!count)
		return 0;
	if (r->nwlines[k] == r->capwlines[k]) {
		size_t ncap = r->capwlines[k] ? r->capwlines[k] * 2 : 64;
		pw_text_span *p = realloc(r->wlines[k], ncap * sizeof(*p));
		if (!p)
			return pw_error_oom();
		r->wlines[k] = p;
		r->capwlines[k] = ncap;
	}
	r->wlines[k][r->nwlines[k]].s = s;
	r->wlines[k][r->nwlines[k]++].n = n;
	r->wcount[k] += count;
	return 0;
}

static size_t count_gap(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

int pw_classify_words_hash(pw_classify_run *r)
{
	size_t i;
	int k, rc;
	/* removed: buckets 2 (+0), added: 3 (+1); prose: 2 and 3 alone */
	if (count_gap(r->wcount[2], r->wcount[3]) > EDITORIAL_WORDS &&
	    count_gap(r->wcount[2] + r->wcount[0], r->wcount[3] + r->wcount[1]) > EDITORIAL_WORDS)
		return 0;
	for (k = 0; k < 4; k++)
		for (i = 0; i < r->nwlines[k]; i++)
			if ((rc = put_words(&r->words[k], &r->nwords[k], &r->capwords[k],
			                    r->wlines[k][i].s, r->wlines[k][i].n, 1)) < 0)
				return rc;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts a[0..n) ascending: a radix sort, a byte a pass (qsort's calls of
 * cmp_u64 cost several times as much on a change's thousands of words);
 * qsort when short or when the scratch space cannot be had. */
static void sort_u64(uint64_t *a, size_t n)
{
	size_t count[8][256], i, b;
	uint64_t *tmp, *src = a, *dst;
	if (n < 64 || !(tmp = malloc(n * sizeof(*tmp)))) {
		if (n > 1)
			qsort(a, n, sizeof(*a), cmp_u64);
		return;
	}
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(a[i] >> (8 * b)) & 0xff]++;
	dst = tmp;
	for (b = 0; b < 8; b++) {
		size_t sum = 0, k;
		uint64_t *t;
		for (k = 0; k < 256; k++) {
			size_t c = count[b][k];
			count[b][k] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[b][(src[i] >> (8 * b)) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	free(tmp); /* eight passes: the result is back in a */
}

/* How many words of multiset `a` multiset `b` lacks (both sorted here; b
 * only when `sort_b`: else it is sorted). */
static size_t bag_minus(pw_word_bag *a, pw_word_bag *b, int sort_b)
{
	size_t i = 0, j = 0, diff = 0;
	sort_u64(a->w, a->n);
	if (sort_b)
		sort_u64(b->w, b->n);
	while (i < a->n && j < b->n) {
		if (a->w[i] == b->w[j])
			i++, j++;
		else if (a->w[i] < b->w[j])
			i++, diff++;
		else
			j++;
	}
	return diff + (a->n - i);
}

/* At the end of a document: how far the words of the lines each
 * "reworded" rule matched in it changed, added to r->reworded_changed:
 * added words its removed lines lack, and removed words no added line of
 * the document has (moved out of the rule's sections, e.g. the EVG's root
 * key generation from 17 to 6: moved, not changed); the bags are emptied.
 * `from1`, `from3`: the document's first added lines in r->wlines, whose
 * words are hashed here only when a rule has removed words to look up. */
static int reworded_doc_end(pw_classify_run *r, size_t from1, size_t from3)
{
	pw_word_bag all = {NULL, 0, 0};
	size_t i, k;
	int rc = 0, hashed = 0;
	for (i = 0; r->reworded && i < r->cl->tags->count && rc == 0; i++) {
		pw_word_bag *rem = &r->reworded[2 * i], *add = &r->reworded[2 * i + 1];
		if (!r->cl->tags->rules[i].reworded || (!rem->n && !add->n))
			continue;
		r->reworded_changed[i] += bag_minus(add, rem, 1);
		for (k = from1; rem->n && !hashed && k < r->nwlines[1] && rc == 0; k++)
			rc = put_words(&all.w, &all.n, &all.cap, r->wlines[1][k].s,
			               r->wlines[1][k].n, 1);
		for (k = from3; rem->n && !hashed && k < r->nwlines[3] && rc == 0; k++)
			rc = put_words(&all.w, &all.n, &all.cap, r->wlines[3][k].s,
			               r->wlines[3][k].n, 1);
		if (rem->n && !hashed) /* sorted once for every rule */
			sort_u64(all.w, all.n);
		hashed |= rem->n != 0;
		if (rc == 0)
			r->reworded_changed[i] += bag_minus(rem, &all, 0);
		rem->n = add->n = 0;
	}
	free(all.w);
	return rc;
}

/* The next sentence or table cell of s[0..n) from *i, at *a: up to '.',
 * '!', '?', ';' or ':' (a list's lead-in) before a blank or the end of the
 * text, or up to '|'.
 * Its length; 0 when none is left. */
static size_t next_sentence(const char *s, size_t n, size_t *i, size_t *a)
{
	size_t k = *i;
	while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '|'))
		k++;
	*a = k;
	while (k < n && s[k] != '|') {
		char c = s[k++];
		if ((c == '.' || c == '!' || c == '?' || c == ';' || c == ':') &&
		    (k == n || s[k] == ' ' || s[k] == '\t'))
			break;
	}
	*i = k;
	return k - *a;
}

/* The key of a sentence s[0..n) up to case and markup, without link
 * targets, "(1)"/"(ii)"/"(a)" enumerators and a leading list marker, so that
 * a list renumbered or re-lettered keeps its sentence; 0 for none. */
static int sentence_key(uint64_t *key, pw_buf *t, const char *s, size_t n)
{
	size_t i, o, k;
	if (without_targets(t, s, n) < 0)
		return PW_ENOMEM;
	for (i = o = 0; i < t->len;) {
		if (t->ptr[i] == '(') {
			for (k = i + 1;
			     k < t->len && k - i <= 4 && is_alnum((unsigned char)t->ptr[k]); k++)
				;
			if (k < t->len && t->ptr[k] == ')' && k - i >= 2 && k - i <= 4) {
				i = k + 1;
				continue;
			}
		}
		t->ptr[o++] = t->ptr[i++];
	}
	t->len = o;
	for (i = 0; i < t->len && (t->ptr[i] == ' ' || t->ptr[i] == '\t'); i++)
		;
	if (list_item(t->ptr + i, t->len - i))
		while (i < t->len && t->ptr[i] != ' ')
			i++;
	*key = pw_textkey_markup(t->ptr + i, t->len - i);
	return 0;
}

/* Adds the sentence keys of the lines of bucket k from `from` to `set`. */
static int sentence_keys(pw_textkey_set *set, pw_buf *t, const pw_classify_run *r, int k,
                         size_t from)
{
	size_t l, i, a, m;
	uint64_t key;
	int rc;
	for (l = from; l < r->nwlines[k]; l++) {
		const char *s = r->wlines[k][l].s;
		size_t n = r->wlines[k][l].n;
		for (i = 0; (m = next_sentence(s, n, &i, &a)) > 0;)
			if ((rc = sentence_key(&key, t, s + a, m)) < 0 ||
			    (rc = pw_textkey_set_add(set, key)) < 0)
				return rc;
	}
	return 0;
}

/* Whether held line h gives its rule's tags: a sentence of it (of either
 * line, when two are joined) that the rule matches alone is not on the other
 * side (`other`), or no sentence matches alone (the phrase spans sentences
 * or the two lines). */
static int held_is_new(int *fresh, pw_classify_run *r, pw_buf *t, const pw_held_line *h,
                       const pw_textkey_set *other)
{
	const pw_tag_rule *rule = &r->cl->tags->rules[h->rule];
	size_t part, i, a, m, end;
	int alone = 0, rc;
	uint64_t key;
	*fresh = 0;
	for (part = 0; part < 2 && !*fresh; part++) {
		i = part ? h->split + 1 : 0;
		end = part ? h->n : h->split;
		while (!*fresh && i < end && (m = next_sentence(h->text, end, &i, &a)) > 0) {
			pw_tags_line line;
			if (pw_textkey_lower(&r->low, h->text + a, m) < 0)
				return PW_ENOMEM;
			pw_tags_line_init(&line, r->low.ptr, r->low.len);
			if (!pw_tags_rule_matches(rule, NULL, h->sec_id, h->sec_title, &line,
			                          h->added))
				continue;
			alone = 1;
			if ((rc = sentence_key(&key, t, h->text + a, m)) < 0)
				return rc;
			*fresh = key && !pw_textkey_set_has(other, key);
		}
	}
	if (!alone)
		*fresh = 1;
	return 0;
}

/* At the end of a document: the lines "new_sentence" rules matched give
 * their tags when new by held_is_new, against the sentences of the
 * document's removed (buckets 0, 2) or added (1, 3) lines from from[k]; the
 * held lines are let go. */
static int sentence_doc_end(pw_classify_run *r, const size_t from[4])
{
	pw_textkey_set sides[2] = {{NULL, NULL, 0, 0}, {NULL, NULL, 0, 0}};
	pw_buf t = PW_BUF_INIT;
	size_t i;
	int rc = 0, k, fresh;
	for (k = 0; r->nheld && k < 4 && rc == 0; k++)
		rc = sentence_keys(&sides[k & 1], &t, r, k, from[k]);
	for (i = 0; i < r->nheld && rc == 0; i++) {
		const pw_tag_rule *rule = &r->cl->tags->rules[r->held[i].rule];
		if ((r->rule_tags & rule->tags) == rule->tags)
			continue;
		rc = held_is_new(&fresh, r, &t, &r->held[i], &sides[!r->held[i].added]);
		if (rc == 0 && fresh)
			r->rule_tags |= rule->tags;
	}
	for (i = 0; i < r->nheld; i++)
		free(r->held[i].text);
	r->nheld = 0;
	pw_textkey_set_clear(&sides[0]);
	pw_textkey_set_clear(&sides[1]);
	pw_buf_clear(&t);
	return rc;
}

/* Size of the symmetric multiset difference of removed and added words. */
/* The next word of the sorted union of buckets x and y (cursors i, j). */
static int next_word(const pw_classify_run *r, int x, int y, size_t *i, size_t *j, uint64_t *w)
{
	int hx = *i < r->nwords[x], hy = y >= 0 && *j < r->nwords[y];
	if (!hx && !hy)
		return 0;
	if (hx && (!hy || r->words[x][*i] <= r->words[y][*j]))
		*w = r->words[x][(*i)++];
	else
		*w = r->words[y][(*j)++];
	return 1;
}

size_t pw_classify_words_changed(pw_classify_run *r, int prose)
{
	size_t i[2] = {0, 0}, j[2] = {0, 0}, diff = 0;
	uint64_t a = 0, b = 0;
	int k, ha, hb;
	size_t nrem = r->wcount[2] + (prose ? 0 : r->wcount[0]),
	       nadd = r->wcount[3] + (prose ? 0 : r->wcount[1]);
	/* the difference is at least the difference of the counts: when that
	 * alone makes the change more than editorial, no sorting is needed */
	if ((nrem > nadd ? nrem - nadd : nadd - nrem) > EDITORIAL_WORDS)
		return nrem > nadd ? nrem - nadd : nadd - nrem;
	for (k = 0; k < 4; k++)
		if (r->nwords[k] && !r->sorted[k]) {
			sort_u64(r->words[k], r->nwords[k]);
			r->sorted[k] = 1;
		}
	/* removed: buckets 2 (+0), added: 3 (+1) */
	ha = next_word(r, 2, prose ? -1 : 0, &i[0], &j[0], &a);
	hb = next_word(r, 3, prose ? -1 : 1, &i[1], &j[1], &b);
	while (ha && hb) {
		if (a == b) {
			ha = next_word(r, 2, prose ? -1 : 0, &i[0], &j[0], &a);
			hb = next_word(r, 3, prose ? -1 : 1, &i[1], &j[1], &b);
		} else if (a < b) {
			diff++;
			ha = next_word(r, 2, prose ? -1 : 0, &i[0], &j[0], &a);
		} else {
			diff++;
			hb = next_word(r, 3, prose ? -1 : 1, &i[1], &j[1], &b);
		}
	}
	while (ha) {
		diff++;
		ha = next_word(r, 2, prose ? -1 : 0, &i[0], &j[0], &a);
	}
	while (hb) {
		diff++;
		hb = next_word(r, 3, prose ? -1 : 1, &i[1], &j[1], &b);
	}
	return diff;
}

/* Whether the word at s[i..n) is "not" or "only" after blanks: a lower-case
 * "may not" / "may only" (older Mozilla text: "CAs may only sign SHA-1
 * hashes over OCSP responses if ...") restricts, where "may" alone permits. */
static int restricting_may(const char *s, size_t n, size_t i)
{
	size_t a;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	a = i;
	while (i < n && is_alnum((unsigned char)s[i]))
		i++;
	return (i - a == 3 && strncasecmp(s + a, "not", 3) == 0) ||
	       (i - a == 4 && strncasecmp(s + a, "only", 4) == 0);
}

static int has_requirement_word(const char *s, size_t n)
{
	/* RFC 2119 keywords; lower case too (older Mozilla text), except "may"
	 * unless it restricts ("may not", "may only") */
	static const char *const words[] = {"must", "shall", "should", "required", "MAY", NULL};
	size_t i = 0, k, j;
	while (i < n) {
		size_t a;
		char f;
		if (!is_alnum((unsigned char)s[i])) {
			i++;
			continue;
		}
		a = i; /* a word s[a..i): only whole words count */
		while (i < n && is_alnum((unsigned char)s[i]))
			i++;
		f = pw_ascii_lower(s[a]);
		if (i - a < 3 || i - a > 8 || (f != 'm' && f != 's' && f != 'r'))
			continue;
		if (i - a == 3 && strncasecmp(s + a, "may", 3) == 0 && restricting_may(s, n, i))
			return 1;
		for (k = 0; words[k]; k++) {
			size_t wl = strlen(words[k]);
			int ci = words[k][0] >= 'a';
			if (wl != i - a)
				continue;
			for (j = 0; j < wl; j++)
				if ((ci ? pw_ascii_lower(s[a + j]) : s[a + j]) != words[k][j])
					break;
			if (j == wl)
				return 1;
		}
	}
	return 0;
}

/* Whether the paragraph of new-text line `ln` states a requirement: the
 * requirement word may sit on a line the change leaves as it was ("12. CA
 * operations relating to issuance of certificates capable of being used for
 * / SSL-enabled servers must also conform"), and a list item added under a
 * lead-in ending in ':' is that lead-in's requirement ("... MUST contain at
 * least the following: / 1. name of the company being audited;"). */
static int requirement_paragraph(const doc_ctx *d, int ln)
{
	const pw_section_index *x = &d->newx;
	const char *s;
	size_t m;
	int a = ln, b = ln, k;
	while (a > 1 && a > ln - PARAGRAPH_LINES && (s = pw_sections_line(&m, x, a - 1)) &&
	       paragraph_line(s, m))
		a--;
	while ((size_t)b < x->nlines && b < ln + PARAGRAPH_LINES &&
	       (s = pw_sections_line(&m, x, b + 1)) && paragraph_line(s, m))
		b++;
	for (k = a; k <= b; k++)
		if ((s = pw_sections_line(&m, x, k)) && has_requirement_word(s, m))
			return 1;
	/* a list: the lead-in paragraph before its items (blank lines, other
	 * items and their indented continuations come between) */
	if (!(s = pw_sections_line(&m, x, a)) || !list_item(s, m))
		return 0;
	for (k = a - 1; k >= 1 && k > ln - 4 * PARAGRAPH_LINES; k--) {
		size_t e;
		if (!(s = pw_sections_line(&m, x, k)))
			return 0;
		e = m;
		while (e && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
			e--;
		if (!e || list_item(s, m) || s[0] == ' ' || s[0] == '\t')
			continue;
		if (!paragraph_line(s, m) || s[e - 1] != ':')
			return 0;
		for (b = k; b >= 1 && b > k - PARAGRAPH_LINES; b--) {
			if (!(s = pw_sections_line(&m, x, b)) || !paragraph_line(s, m))
				break;
			if (has_requirement_word(s, m))
				return 1;
		}
		return 0;
	}
	return 0;
}

/* The section numbers a "Section(s)" cell names ("3.2.2.4 and 3.2.2.5"),
 * added to the sections of the row's date and of its statement by the row
 * (`line`, `len`). */
static int add_cell_sections(pw_classify_run *r, const pw_date *d, const char *cell,
                             const char *line, size_t len)
{
	size_t i = 0, n = strlen(cell), a;
	int rc = 0;
	while (i < n && rc == 0) {
		char buf[64];
		if (!(cell[i] >= '0' && cell[i] <= '9') ||
		    (i && is_alnum((unsigned char)cell[i - 1]))) {
			i++;
			continue;
		}
		a = i;
		while (i < n && ((cell[i] >= '0' && cell[i] <= '9') || cell[i] == '.'))
			i++;
		while (i > a && cell[i - 1] == '.')
			i--;
		if (i - a >= sizeof(buf) || (i < n && is_alnum((unsigned char)cell[i])))
			continue;
		memcpy(buf, cell + a, i - a);
		buf[i - a] = '\0';
		rc = add_date(r, d, buf, line, len);
	}
	return rc;
}

/* The table an added line stands in, or NULL (a broken table-like block is
 * read as prose, with a warning). */
static int added_table(const pw_mdtable **out, pw_classify_run *r, doc_ctx *d,
                       const pw_diff_line *l)
{
	int broken;
	*out = table_at(&d->new_tables, &d->newx, l->new_lineno, &broken);
	if (!*out && broken)
		return warn(r, "a table-like block is not a valid table; read as prose",
		            d->dd->path, l->new_lineno) < 0
		           ? PW_ENOMEM
		           : 0;
	return 0;
}

/* A revision-table row (ballot column `bcol`, version column `vcol`): its
 * ballot, new when the row's version is new (*new_version), else an updated
 * row; a new version is the document's. */
/* Whether the change adds, in table `t`, another row for a version above
 * `v` (column `vcol`): then the row of `v` may write down history later (the
 * NCSSR's 1.5 row added beside 1.6, with a date already past). */
static int newer_row(const doc_ctx *d, const pw_mdtable *t, const pw_mdrow *row, int vcol,
                     const char *v)
{
	size_t i, at;
	for (i = 0; i < t->nrows; i++) {
		const pw_mdrow *o = &t->rows[i];
		const char *w = (size_t)vcol < o->ncells ? o->cells[vcol] : "";
		if (o != row && w[0] && !placeholder(w) && pw_versions_of(w, strlen(w), &at) &&
		    pw_versions_cmp(w, v) > 0 &&
		    !old_has(d, pw_textkey_markup(w, strlen(w)) ^ FRAG_SALT))
			return 1;
	}
	return 0;
}

static int revision_row(pw_classify_run *r, doc_ctx *d, size_t doc_index, const pw_mdrow *row,
                        int bcol, int vcol, int *new_version)
{
	char *b = NULL;
	const char *v = vcol >= 0 && (size_t)vcol < row->ncells ? row->cells[vcol] : "";
	int rc;
	*new_version = !v[0] || !old_has(d, pw_textkey_markup(v, strlen(v)) ^ FRAG_SALT);
	if ((rc = pw_ballot_from_cell(&b, row->cells[bcol], r->cc->source->ballot_prefix)) < 0)
		return rc;
	if (b) {
		rc = pw_strlist_add_unique(*new_version ? &r->row_ballots : &r->updated_ballots, b);
		free(b);
		if (rc == 0 && *new_version) {
			pw_buf k = PW_BUF_INIT;
			rc = pw_buf_printf(&k, "%zu %s", doc_index, v) < 0
			         ? pw_error_oom()
			         : pw_strlist_add_unique(&r->row_versions, k.ptr);
			pw_buf_clear(&k);
		}
		if (rc < 0)
			return rc;
	}
	if (*new_version && v[0] && !placeholder(v) && doc_index < r->out->nversions) {
		free(r->out->versions[doc_index]);
		r->out->versions[doc_index] = strdup(v);
		if (!r->out->versions[doc_index])
			return pw_error_oom();
	}
	return 0;
}

/* The dates of one date-column cell of a row (line `l`), each with the
 * sections its row's "Section(s)" cell (column `scol`) names. A date already
 * `past_days` past, a month alone, or one the old text's row or a removed
 * line held, is no new date. */
static int cell_dates(pw_classify_run *r, doc_ctx *d, const pw_diff_line *l, const pw_section *sec,
                      const pw_mdrow *row, const char *cell, int scol, int past_days)
{
	pw_date *ds;
	size_t k, nd;
	int rc;
	if ((rc = pw_dates_find(&ds, &nd, cell, strlen(cell))) < 0)
		return rc;
	if (nd && (rc = find_removed_dates(d)) < 0) {
		free(ds);
		return rc;
	}
	for (k = 0; k < nd && rc == 0; k++) {
		/* a corrected row of an earlier version: a date already past
		 * when the correction is made is that version's history;
		 * a month alone ("XX June 2023") is no date of a row */
		if (ds[k].month_only || past(r, pw_dates_key(&ds[k]), past_days) ||
		    old_row_twin(d, pw_dates_key(&ds[k]), row) ||
		    removed_twin(d, pw_dates_key(&ds[k]), l->content, l->len))
			continue;
		rc = add_date(r, &ds[k], sec ? sec->id : NULL, l->content, l->len);
		if (rc == 0 && scol >= 0 && (size_t)scol < row->ncells)
			rc = add_cell_sections(r, &ds[k], row->cells[scol], l->content, l->len);
	}
	free(ds);
	return rc;
}

/* The dates of a row's cells: date columns by column, prose in the others. */
static int row_dates(pw_classify_run *r, doc_ctx *d, const pw_diff_line *l, const pw_section *sec,
                     const pw_mdtable *t, const pw_mdrow *row, int scol, int past_days)
{
	size_t c;
	int rc;
	for (c = 0; c < row->ncells; c++) {
		const char *cell = row->cells[c];
		col_kind kind = column_kind(r->cl, t, c);
		if (kind == COL_EXCLUDED)
			continue;
		if (kind == COL_OTHER)
			rc = prose_dates(r, d, cell, strlen(cell), sec ? sec->id : NULL);
		else
			rc = cell_dates(r, d, l, sec, row, cell, scol, past_days);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The wording of a row's new cells (tag rules, requirement words). */
static int row_wording(pw_classify_run *r, doc_ctx *d, const pw_section *sec, const pw_mdrow *row)
{
	size_t c;
	int rc;
	for (c = 0; c < row->ncells; c++) {
		const char *cell = row->cells[c];
		if (old_has(d, pw_textkey_markup(cell, strlen(cell)) ^ FRAG_SALT))
			continue;
		if ((rc = apply_rules(r, d, sec, cell, strlen(cell), 1, 0)) < 0)
			return rc;
		if (has_requirement_word(cell, strlen(cell)))
			r->normative = 1;
	}
	return 0;
}

/* An added line inside a table: revision rows, effective/compliance columns,
 * prose in other cells. Returns 1 when handled as a table row. */
static int table_line(pw_classify_run *r, doc_ctx *d, size_t doc_index, const pw_diff_line *l,
                      const pw_section *sec)
{
	static const char *const ballot_words[] = {"ballot", NULL};
	static const char *const version_words[] = {"version", "ver.", NULL};
	static const char *const section_words[] = {"section", NULL};
	const pw_mdtable *t;
	const pw_mdrow *row;
	int rc, vcol, bcol, scol, new_version = 1, history;

	if ((rc = added_table(&t, r, d, l)) < 0 || !t)
		return rc;
	row = pw_mdtable_row_at(t, l->new_lineno);
	if (!row)
		return 1; /* header or delimiter row */
	if (old_has(d, pw_textkey_line(l->content, l->len)))
		return 1; /* the same row stood in the old text (maybe reformatted) */
	scol = column_named(t, section_words);
	bcol = column_named(t, ballot_words);
	vcol = column_named(t, version_words);
	/* a versioned document's change history: the release's row and its
	 * date are read with the release (released_version); other rows are
	 * history written down or re-written */
	if (d->versioned && bcol < 0 && vcol >= 0)
		return 1;
	if (bcol >= 0 && (size_t)bcol < row->ncells &&
	    (rc = revision_row(r, d, doc_index, row, bcol, vcol, &new_version)) < 0)
		return rc;
	/* a corrected row of an existing version, or a row the change adds
	 * below another new version's: any date before the commit is history */
	history = bcol >= 0 && (!new_version || (vcol >= 0 && (size_t)vcol < row->ncells &&
	                                         newer_row(d, t, row, vcol, row->cells[vcol])));
	if ((rc = row_dates(r, d, l, sec, t, row, scol, history ? 0 : r->cl->table_past_days)) < 0)
		return rc;
	/* only the cells that are new count as changed wording; a revision row
	 * counts only when it records a new version */
	if (new_version && (rc = row_wording(r, d, sec, row)) < 0)
		return rc;
	return 1;
}

static const char *find_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w), i;
	for (i = 0; i + wl <= n; i++)
		if (strncasecmp(s + i, w, wl) == 0)
			return s + i;
	return NULL;
}

/* An added line holding an HTML table cell ("<td>April 15, 2025</td>"): the
 * dates of a cell under a date column ("Approximate Removal Date") are
 * effective dates; dates in the table's other columns describe the rows
 * ("Before January 1, 2006"). Returns 1 when handled. */
/* Appends the text of one HTML cell s[0..n) to `out`: tags dropped,
 * whitespace collapsed, '|' (which would split the Markdown row) as '/'. */
static int html_cell_text(pw_buf *out, const char *s, size_t n)
{
	size_t i;
	int space = 1, rc = 0;
	for (i = 0; i < n && rc == 0; i++) {
		char c = s[i];
		if (c == '<') {
			while (i < n && s[i] != '>')
				i++;
			c = ' ';
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && out->len && out->ptr[out->len - 1] != ' ')
			rc = pw_buf_putc(out, ' ');
		space = 0;
		if (rc == 0)
			rc = pw_buf_putc(out, c == '|' ? '/' : c);
	}
	return rc;
}

/* The text of the HTML table row that starts at `tr` ("<tr"), up to its
 * "</tr>" (or the table's end, or `end`), as a Markdown row: "| a | b |". */
static int html_row_text(pw_buf *out, const char *tr, const char *end)
{
	const char *stop = find_ci(tr, (size_t)(end - tr), "</tr"), *p = tr + 3, *c, *e;
	const char *t_end = find_ci(tr, (size_t)(end - tr), "</table");
	int rc;
	if (!stop || (t_end && t_end < stop))
		stop = t_end ? t_end : end;
	pw_buf_reset(out);
	rc = pw_buf_putc(out, '|');
	while (rc == 0 && p < stop) {
		/* the next cell, <td ...> or <th ...> */
		for (c = p; c + 3 <= stop; c++)
			if (c[0] == '<' && (c[1] == 't' || c[1] == 'T') &&
			    (c[2] == 'd' || c[2] == 'D' || c[2] == 'h' || c[2] == 'H') &&
			    (c + 3 == stop || c[3] == ' ' || c[3] == '>'))
				break;
		if (c + 3 > stop)
			break;
		while (c < stop && *c != '>')
			c++;
		if (c < stop)
			c++;
		for (e = c; e < stop && !(e[0] == '<' && e + 3 <= stop && e[1] == '/' &&
		                          (e[2] == 't' || e[2] == 'T'));
		     e++)
			;
		if ((rc = pw_buf_putc(out, ' ')) < 0 ||
		    (rc = html_cell_text(out, c, (size_t)(e - c))) < 0 ||
		    (rc = pw_buf_puts(out, " |")) < 0)
			break;
		p = e + (e < stop);
	}
	return rc;
}

static int html_cell_line(pw_classify_run *r, doc_ctx *d, const pw_diff_line *l,
                          const pw_section *sec)
{
	const char *text = d->dd->new_text, *tab = NULL, *tr = NULL, *p, *cell;
	size_t at, i, col = 0, hcol = 0;
	pw_date *ds;
	size_t nd;
	pw_buf row = PW_BUF_INIT;
	int rc = 0, effective = 0, versions = 0;

	if (!(cell = find_ci(l->content, l->len, "<td")) || (size_t)l->new_lineno > d->newx.nlines)
		return 0;
	at = (size_t)(l->content - text) + (size_t)(cell - l->content);
	if (l->content < text || l->content >= text + d->dd->new_len)
		return 0;
	/* the enclosing table and row, looking back at most 8 KiB */
	for (i = at; i > 0 && at - i < 8192 && !tab; i--) {
		if (!tr && i + 3 <= d->dd->new_len && strncasecmp(text + i - 1, "<tr", 3) == 0)
			tr = text + i - 1;
		if (i + 6 <= d->dd->new_len && strncasecmp(text + i - 1, "<table", 6) == 0)
			tab = text + i - 1;
		if (i + 8 <= d->dd->new_len && strncasecmp(text + i - 1, "</table", 7) == 0)
			return 0;
	}
	if (!tab || !tr)
		return 0;
	for (p = tr; p < text + at; p++)
		if (strncasecmp(p, "<td", 3) == 0)
			col++;
	/* the header cell of the same column */
	for (p = tab; p < tr; p++) {
		if (strncasecmp(p, "<th", 3) != 0 || (p[3] != ' ' && p[3] != '>'))
			continue;
		{
			const char *e = p + 3;
			const char *close = find_ci(e, (size_t)(tr - e), "</th");
			if (close && find_ci(e, (size_t)(close - e), "version"))
				versions = 1;
		}
		if (hcol++ == col) {
			const char *e = p, *lim = tr;
			while (e < lim && *e != '>')
				e++;
			for (p = e; p < lim && strncasecmp(p, "</th", 4) != 0; p++)
				;
			effective = find_ci(e, (size_t)(p - e), "date") ||
			            find_ci(e, (size_t)(p - e), "effective") ||
			            find_ci(e, (size_t)(p - e), "deadline");
			break;
		}
	}
	if (!hcol)
		return 0; /* no header: read as prose */
	/* a versioned document's change history: the release's row date is
	 * read with the release (released_version) */
	if (!effective || (versions && d->versioned))
		return 1;
	if ((rc = pw_dates_find(&ds, &nd, l->content, l->len)) < 0)
		return rc;
	if (nd && (rc = find_removed_dates(d)) < 0) {
		free(ds);
		return rc;
	}
	for (i = 0; i < nd && rc == 0; i++) {
		long key = pw_dates_key(&ds[i]);
		if (ds[i].month_only || past(r, key, r->cl->table_past_days) ||
		    removed_twin(d, key, l->content, l->len))
			continue;
		/* told by its row, as a Markdown row is: "Between January 1,
		 * 2006 and December 31, 2007 (inclusive); April 15, 2026" */
		if (!row.len && (rc = html_row_text(&row, tr, text + d->dd->new_len)) < 0)
			break;
		rc = add_date(r, &ds[i], sec ? sec->id : NULL, row.ptr, row.len);
	}
	free(ds);
	pw_buf_clear(&row);
	return rc < 0 ? rc : 1;
}

/* "*Version 3.1*" (Mozilla policies) or "subtitle: Version 1.0.10" (Forum
 * front matter): the version an added line declares, or NULL. */
static char *version_line(const char *s, size_t n)
{
	size_t i = 0, a, vend;
	while (i < n && (s[i] == '*' || s[i] == '_' || s[i] == ' '))
		i++;
	if (n - i > 10 && strncasecmp(s + i, "subtitle:", 9) == 0) {
		i += 9;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (n - i < 9 || strncmp(s + i, "Version ", 8) != 0)
		return NULL;
	i += 8;
	a = i;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	vend = i;
	while (vend > a && s[vend - 1] == '.')
		vend--;
	if (vend == a)
		return NULL;
	while (i < n && (s[i] == '*' || s[i] == '_' || s[i] == ' ' || s[i] == '\r'))
		i++;
	return i == n ? strndup(s + a, vend - a) : NULL;
}

/* The header line that declares the released version states its effective
 * date ("*Version 2.1, Effective: March 20, 2026*"): that date counts, even
 * though the word "version" stands before it. */
static int header_dates(pw_classify_run *r, doc_ctx *d, const char *s, size_t n,
                        const pw_section *sec)
{
	pw_date *ds;
	size_t nd, k, vlen = strlen(d->released);
	const char *v = NULL, *eff;
	int rc;
	if (pw_textkey_lower(&r->low, s, n) < 0)
		return PW_ENOMEM;
	for (k = 0; k + vlen <= n && !v; k++)
		if (memcmp(s + k, d->released, vlen) == 0 &&
		    (k + vlen == n || !is_alnum((unsigned char)s[k + vlen])))
			v = s + k;
	eff = pw_textkey_find_word(r->low.ptr, r->low.len, "effective");
	if (!v || !eff)
		return 0;
	if ((rc = pw_dates_find(&ds, &nd, s, n)) < 0)
		return rc;
	for (k = 0; k < nd && rc == 0; k++)
		if (ds[k].start > (size_t)(eff - r->low.ptr))
			rc = add_release_date(r, d->dd->path, &ds[k], sec ? sec->id : NULL, s, n);
	free(ds);
	return rc;
}

/* The rows a change adds to, or changes in, the document's changelog file
 * (pw_document.changelog): their versions join those the document's new
 * text declares, with the row's date. */
static int changelog_versions(pw_strlist *newv, pw_strlist *newd, const pw_doc_diff *dd)
{
	pw_strlist oldv = PW_STRLIST_INIT, oldd = PW_STRLIST_INIT, clv = PW_STRLIST_INIT,
	           cld = PW_STRLIST_INIT;
	size_t i, k;
	int rc;
	if (!dd->changelog_new_len)
		return 0;
	if ((rc = pw_versions_scan(&oldv, &oldd, dd->changelog_old, dd->changelog_old_len)) < 0 ||
	    (rc = pw_versions_scan(&clv, &cld, dd->changelog_new, dd->changelog_new_len)) < 0)
		goto done;
	for (i = 0; i < clv.count && rc == 0; i++) {
		for (k = 0; k < oldv.count; k++)
			if (strcmp(oldv.items[k], clv.items[i]) == 0)
				break;
		if (k < oldv.count && strcmp(oldd.items[k], cld.items[i]) == 0)
			continue; /* the same row: no news */
		for (k = 0; k < newv->count; k++)
			if (strcmp(newv->items[k], clv.items[i]) == 0)
				break;
		if (k == newv->count) {
			if ((rc = pw_strlist_add(newv, clv.items[i])) < 0 ||
			    (rc = pw_strlist_add(newd, cld.items[i])) < 0)
				goto done;
		} else if (!newd->items[k][0]) {
			char *d = strdup(cld.items[i]);
			if (!d) {
				rc = pw_error_oom();
				goto done;
			}
			free(newd->items[k]);
			newd->items[k] = d;
		}
	}
done:
	pw_strlist_clear(&oldv);
	pw_strlist_clear(&oldd);
	pw_strlist_clear(&clv);
	pw_strlist_clear(&cld);
	return rc;
}

/* A document whose header marks its version as a draft, on either side of
 * the change ("*Version 2.5 (draft)*", before version branches: master was
 * the next version's draft; or the mark removed when it is published): the
 * change edits that version. */
static int draft_version(pw_classify_run *r, doc_ctx *d, const char *prefix)
{
	char *v = NULL;
	int rc;
	if ((rc = pw_versions_draft(&v, d->dd->new_text, d->dd->new_len)) < 0)
		return rc;
	if (!v && (rc = pw_versions_draft(&v, d->dd->old_text, d->dd->old_len)) < 0)
		return rc;
	if (v) {
		r->draft = v;
		r->draft_prefix = prefix;
	}
	return 0;
}

/* The versions the old text declares (`oldv`) and the new one declares with
 * their dates (`newv`, `newd`: header, change history, and the repository tag
 * that names the commit, undated). */
static int scan_versions(pw_strlist *oldv, pw_strlist *oldd, pw_strlist *newv, pw_strlist *newd,
                         const pw_classify_run *r, const doc_ctx *d, const pw_document *doc)
{
	int rc;
	if ((rc = pw_versions_scan(oldv, oldd, d->dd->old_text, d->dd->old_len)) < 0 ||
	    (rc = pw_versions_scan(newv, newd, d->dd->new_text, d->dd->new_len)) < 0 ||
	    (rc = changelog_versions(newv, newd, d->dd)) < 0)
		return rc;
	if (r->cc->version_tag && doc->version_prefix && d->dd->new_len &&
	    ((rc = pw_strlist_add(newv, r->cc->version_tag)) < 0 ||
	     (rc = pw_strlist_add(newd, "")) < 0))
		return rc;
	return 0;
}

/* d->old_max: the highest of the old text's versions. */
static int old_max_version(doc_ctx *d, const pw_strlist *oldv)
{
	size_t i;
	for (i = 0; i < oldv->count; i++)
		if (!d->old_max || pw_versions_cmp(oldv->items[i], d->old_max) > 0) {
			free(d->old_max);
			if (!(d->old_max = strdup(oldv->items[i])))
				return pw_error_oom();
		}
	return 0;
}

/* The highest version the new text declares above all the old text declares
 * (lower ones are history written down later), with its date; NULL none. */
static const char *new_release(const char **date, const doc_ctx *d, const pw_strlist *newv,
                               const pw_strlist *newd)
{
	const char *best = NULL;
	size_t i;
	*date = "";
	for (i = 0; i < newv->count; i++)
		if ((!d->old_max || pw_versions_cmp(newv->items[i], d->old_max) > 0) &&
		    (!best || pw_versions_cmp(newv->items[i], best) > 0)) {
			best = newv->items[i];
			*date = newd->items[i];
		}
	return best;
}

/* No version released: the version the text stands at (the highest it
 * declares) is the document's, and the change an edit of it. */
static int current_version(pw_classify_run *r, const pw_document *doc, size_t doc_index,
                           const pw_strlist *newv)
{
	const char *best = NULL;
	size_t i;
	for (i = 0; i < newv->count; i++)
		if (!best || pw_versions_cmp(newv->items[i], best) > 0)
			best = newv->items[i];
	if (!best)
		return 0;
	if (doc_index < r->out->nversions && !r->out->versions[doc_index] &&
	    !(r->out->versions[doc_index] = strdup(best)))
		return pw_error_oom();
	if (doc->version_prefix && doc->live && !r->current) {
		r->current_prefix = doc->version_prefix;
		if (!(r->current = strdup(best)))
			return pw_error_oom();
	}
	return 0;
}

/* The dates of the release's row in the change-history table. */
static int release_row_dates(pw_classify_run *r, const char *path, const char *row)
{
	pw_date *ds;
	size_t i, nd;
	int rc;
	if ((rc = pw_dates_find(&ds, &nd, row, strlen(row))) < 0)
		return rc;
	for (i = 0; i < nd && rc == 0; i++)
		rc = add_release_date(r, path, &ds[i], NULL, row, strlen(row));
	if (nd && !r->release_date[0])
		pw_dates_format(r->release_date, &ds[0]);
	free(ds);
	return rc;
}

/* The change releases version `best` of the document (dated `date`, "" when
 * the change history gives none). */
static int mark_release(pw_classify_run *r, doc_ctx *d, const pw_document *doc, size_t doc_index,
                        const char *best, const char *date)
{
	int rc;
	r->released = 1;
	if ((rc = pw_strlist_add_unique(&r->released_docs, d->dd->path)) < 0)
		return rc;
	if (!(d->released = strdup(best)))
		return pw_error_oom();
	if (d->old_max) {
		char *key;
		if (asprintf(&key, "%s %s", d->old_max, d->dd->path) < 0)
			return pw_error_oom();
		rc = pw_strlist_add_unique(&r->superseded, key);
		free(key);
		if (rc < 0)
			return rc;
	}
	if (doc->version_prefix && !r->release_prefix) {
		r->release_prefix = doc->version_prefix;
		if (!(r->release = strdup(best)))
			return pw_error_oom();
	}
	if (doc_index < r->out->nversions) {
		free(r->out->versions[doc_index]);
		if (!(r->out->versions[doc_index] = strdup(best)))
			return pw_error_oom();
	}
	return date[0] ? release_row_dates(r, d->dd->path, date) : 0;
}

/* Whether the old revision dates its versions: a date in the date cell of
 * one of its change-history rows (`oldd`, pw_versions_scan's). */
static int dates_versions(const pw_strlist *oldd, int *out)
{
	size_t i, nd;
	pw_date *ds;
	int rc;
	*out = 0;
	for (i = 0; i < oldd->count && !*out; i++) {
		if (!oldd->items[i][0])
			continue;
		if ((rc = pw_dates_find(&ds, &nd, oldd->items[i], strlen(oldd->items[i]))) < 0)
			return rc;
		free(ds);
		*out = nd > 0;
	}
	return 0;
}

/* A change-history table of the new revision that is no valid table, when
 * the change is what broke it or edits it: r->table_fault (the first). Its
 * versions were read line by line and what the lost cells said is gone:
 * the record says so (pw_classification_missing). */
static int table_fault(pw_classify_run *r, const doc_ctx *d)
{
	const pw_doc_diff *dd = d->dd;
	int first, last, line, ofirst, olast, oline, touched = 0;
	const char *why, *owhy;
	char *f;
	size_t i;
	if (r->table_fault || !dd->new_len)
		return 0;
	pw_versions_table_fault(dd->new_text, dd->new_len, &first, &last, &line, &why);
	if (!line)
		return 0;
	pw_versions_table_fault(dd->old_text, dd->old_len, &ofirst, &olast, &oline, &owhy);
	for (i = 0; i < dd->nlines && !touched; i++)
		touched = dd->lines[i].origin == '+' && dd->lines[i].new_lineno >= first &&
		          dd->lines[i].new_lineno <= last;
	if (!touched && oline)
		return 0; /* broken before, and left alone */
	if (asprintf(&f, "%s line %d: %s", dd->path, line, why) < 0)
		return pw_error_oom();
	r->table_fault = f;
	return 0;
}

/* A document versioned by its own header and change-history table: the
 * version its new revision declares that the old one did not (the highest
 * when several), or the version a repository tag names for the commit. */
static int released_version(pw_classify_run *r, doc_ctx *d, size_t doc_index)
{
	const pw_document *doc = pw_sources_document(r->cc->source, d->dd->path);
	pw_strlist oldv = PW_STRLIST_INIT, oldd = PW_STRLIST_INIT, newv = PW_STRLIST_INIT,
	           newd = PW_STRLIST_INIT;
	const char *best = NULL, *best_date = "";
	int rc, dated;

	if (!doc || !doc->versioned)
		return 0;
	d->versioned = 1;
	if (doc->version_prefix && !r->version_prefix)
		r->version_prefix = doc->version_prefix;
	if ((rc = scan_versions(&oldv, &oldd, &newv, &newd, r, d, doc)) < 0 ||
	    (rc = old_max_version(d, &oldv)) < 0 || (rc = dates_versions(&oldd, &dated)) < 0 ||
	    (dated && (rc = pw_strlist_add_unique(&r->dated_docs, d->dd->path)) < 0) ||
	    (rc = table_fault(r, d)) < 0)
		goto done;
	best = new_release(&best_date, d, &newv, &newd);
	r->versioned = 1;
	if (oldv.count && !newv.count && d->dd->new_len)
		r->table_lost = 1;
	if (!best && doc->version_prefix && !r->draft &&
	    (rc = draft_version(r, d, doc->version_prefix)) < 0)
		goto done;
	if (!best && !d->dd->old_len && d->dd->new_len) {
		r->released = 1; /* a new document without a version: its first one */
		rc = pw_strlist_add_unique(&r->released_docs, d->dd->path);
	} else if (!best) {
		rc = current_version(r, doc, doc_index, &newv);
	} else {
		rc = mark_release(r, d, doc, doc_index, best, best_date);
	}
done:
	pw_strlist_clear(&oldv);
	pw_strlist_clear(&oldd);
	pw_strlist_clear(&newv);
	pw_strlist_clear(&newd);
	return rc;
}

/* A version the document's text states (front matter, or the lines before
 * its first sections) is the document's unless one is known already. */
static void keep_version(pw_classify_run *r, size_t doc_index, char *v)
{
	if (v && doc_index < r->out->nversions && !r->out->versions[doc_index])
		r->out->versions[doc_index] = v;
	else
		free(v);
}

/* Whether a diff line (of `n` bytes) is prose: not a table row, not YAML
 * front matter. */
static int prose_line(const doc_ctx *d, const pw_diff_line *l, size_t n)
{
	int added = l->origin == '+';
	return !memchr(l->content, '|', n) &&
	       !(added ? d->new_front_end && l->new_lineno <= d->new_front_end
	               : d->old_front_end && l->old_lineno <= d->old_front_end);
}

/* Each warning about the new text once per document. */
typedef struct {
	int long_line, utf8;
} doc_warned;

static int warn_line(pw_classify_run *r, const doc_ctx *d, const pw_diff_line *l, size_t n,
                     doc_warned *w)
{
	int rc;
	if (n > LONG_LINE && !w->long_line) {
		w->long_line = 1;
		if ((rc = warn(r, "a line longer than 64 KiB", d->dd->path, l->new_lineno)) < 0)
			return rc;
	}
	if (!w->utf8 && !pw_utf8_valid(l->content, n)) {
		w->utf8 = 1;
		if ((rc = warn(r, "invalid UTF-8 (replaced in excerpts)", d->dd->path,
		               l->new_lineno)) < 0)
			return rc;
	}
	return 0;
}

/* Adds the first ballot id of the source's prefix that s[0..n) names. */
static int prose_ballot(pw_classify_run *r, pw_strlist *to, const char *s, size_t n)
{
	const char *one[2] = {r->cc->source->ballot_prefix, NULL};
	char *b = NULL;
	int rc;
	if (!one[0] || (rc = pw_ballot_find(&b, s, n, one)) <= 0)
		return one[0] ? rc : 0;
	rc = pw_strlist_add_unique(to, b);
	free(b);
	return rc;
}

/* New wording on added line `i` (outside tables, or a table line not read as
 * a row): versions near the top, header dates of a release, requirement
 * words, tag rules (also across a line wrapped from the line before), dates. */
static int new_wording(pw_classify_run *r, doc_ctx *d, size_t doc_index, size_t i, size_t n,
                       const pw_section *sec)
{
	const pw_doc_diff *dd = d->dd;
	const pw_diff_line *l = &dd->lines[i];
	uint64_t rk;
	int rc;
	if (old_has(d, pw_textkey_line(l->content, n)))
		return 0; /* a line moved or re-wrapped, not new wording */
	if ((rk = renumbered_key(l->content, n)) && old_has(d, rk))
		return 0; /* only renumbered */
	if (!sec || sec->line < 12)
		keep_version(r, doc_index, version_line(l->content, n));
	if (d->released && l->new_lineno <= VERSION_HEADER_LINES &&
	    (rc = header_dates(r, d, l->content, n, sec)) < 0)
		return rc;
	if (!r->normative &&
	    (has_requirement_word(l->content, n) ||
	     (paragraph_line(l->content, n) && requirement_paragraph(d, l->new_lineno))))
		r->normative = 1;
	if ((rc = prose_ballot(r, &r->prose_ballots, l->content, n)) < 0 ||
	    (rc = apply_line_rules(r, d, sec, l->content, n, l->new_lineno)) < 0)
		return rc;
	if (i > 0 && dd->lines[i - 1].origin == '+' &&
	    dd->lines[i - 1].new_lineno + 1 == l->new_lineno &&
	    !memchr(dd->lines[i - 1].content, '|', dd->lines[i - 1].len) &&
	    (rc = apply_wrapped(r, d, sec, &dd->lines[i - 1], l)) < 0)
		return rc;
	if ((rc = apply_context_wrap(r, d, sec, i, l)) < 0)
		return rc;
	if (memchr(l->content, '<', n) && (rc = html_cell_line(r, d, l, sec)) != 0)
		return rc < 0 ? rc : 0;
	d->prose_sec = sec;
	rc = prose_dates(r, d, l->content, n, sec ? sec->id : NULL);
	d->prose_sec = NULL;
	return rc;
}

/* Added line `i` (of `n` bytes, carriage returns cut). */
static int added_line(pw_classify_run *r, doc_ctx *d, size_t doc_index, size_t i, size_t n,
                      const pw_section *sec, doc_warned *w)
{
	const pw_diff_line *l = &d->dd->lines[i];
	int rc;
	if ((rc = warn_line(r, d, l, n, w)) < 0)
		return rc;
	if (d->new_front_end && l->new_lineno <= d->new_front_end) {
		keep_version(r, doc_index, version_line(l->content, n));
		return 0; /* YAML front matter: title, version, document date */
	}
	if (memchr(l->content, '|', n) && (rc = table_line(r, d, doc_index, l, sec)) != 0)
		return rc < 0 ? rc : 0;
	return new_wording(r, d, doc_index, i, n, sec);
}

/* Adds section `id` to the record's sections unless listed: an id whose key
 * the run has not seen is not listed, so only a seen key (or no key) costs
 * a search of the list. */
static int list_section(pw_classify_run *r, const char *id)
{
	uint64_t k = pw_textkey_line(id, strlen(id));
	int rc;
	if (!k || pw_textkey_set_has(&r->section_keys, k))
		return pw_strlist_add_unique(&r->out->sections, id);
	if ((rc = pw_textkey_set_add(&r->section_keys, k)) < 0)
		return rc;
	return pw_strlist_add(&r->out->sections, id);
}

/* Diff line `i`: its words and section, then what it removes or adds. */
static int doc_line(pw_classify_run *r, doc_ctx *d, size_t doc_index, size_t i, doc_warned *w)
{
	const pw_diff_line *l = &d->dd->lines[i];
	const pw_section *sec;
	int added = l->origin == '+', rc;
	size_t n = l->len;
	while (n && l->content[n - 1] == '\r')
		n--;
	/* a copy's original still stands with every line the copy leaves out:
	 * such a line is removed from nothing (no words, no section changed;
	 * Microsoft's empty "Program Requirements.md" beside Requirements.md) */
	if (!added && d->dd->copy)
		return 0;
	sec = added ? pw_sections_at(&d->newx, l->new_lineno)
	            : pw_sections_at(&d->oldx, l->old_lineno);
	/* words of prose lines go to buckets 2/3, of table rows and the YAML
	 * front matter to 0/1 */
	if ((rc = collect_words(r, added + (prose_line(d, l, n) ? 2 : 0), l->content, n)) < 0)
		return rc;
	/* consecutive lines mostly share their section: added once */
	if (sec && sec != d->last_section) {
		unsigned char *listed =
		    &d->sec_listed[added][sec - (added ? d->newx.items : d->oldx.items)];
		if (!*listed && (rc = list_section(r, sec->id)) < 0)
			return rc;
		*listed = 1;
	}
	d->last_section = sec;
	if (added)
		return added_line(r, d, doc_index, i, n, sec, w);
	/* removed wording counts for tags unless it survives elsewhere in the
	 * new text */
	if (!pw_textkey_set_has(&d->new_keys, pw_textkey_line(l->content, n))) {
		if (prose_line(d, l, n) &&
		    (rc = prose_ballot(r, &r->removed_ballots, l->content, n)) < 0)
			return rc;
		if (renumbered_only(&d->new_keys, l->content, n))
			return 0;
		return apply_rules(r, d, sec, l->content, n, 0, l->old_lineno);
	}
	return 0;
}

/* The sections of an index by id (the first of each id), and the ids a
 * record has anchors for: a record naming many sections of a long document
 * finds each without a walk of the index and of its anchors. */
typedef struct {
	const pw_section_index *x;
	size_t *at; /* per slot: index + 1 of the section, 0 empty */
	uint64_t *keys;
	size_t cap;
	pw_textkey_set anchored; /* keys of the ids with an anchor */
} anchor_ctx;

static uint64_t id_key(const char *id)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return h | 1;
}

static int anchor_ctx_init(anchor_ctx *a, const pw_classification *o, const pw_section_index *x)
{
	size_t i, k;
	int rc;
	memset(a, 0, sizeof(*a));
	a->x = x;
	for (a->cap = 16; a->cap < x->count * 2; a->cap *= 2)
		;
	if (!(a->at = calloc(a->cap, sizeof(*a->at))) ||
	    !(a->keys = calloc(a->cap, sizeof(*a->keys))))
		return pw_error_oom();
	for (i = 0; i < x->count; i++) {
		uint64_t h = id_key(x->items[i].id);
		for (k = h & (a->cap - 1); a->at[k]; k = (k + 1) & (a->cap - 1))
			if (a->keys[k] == h &&
			    strcmp(x->items[a->at[k] - 1].id, x->items[i].id) == 0)
				break;
		if (!a->at[k]) {
			a->at[k] = i + 1;
			a->keys[k] = h;
		}
	}
	for (i = 0; i < o->anchor_sections.count; i++)
		if ((rc = pw_textkey_set_add(&a->anchored, id_key(o->anchor_sections.items[i]))) <
		    0)
			return rc;
	return 0;
}

static void anchor_ctx_clear(anchor_ctx *a)
{
	free(a->at);
	free(a->keys);
	pw_textkey_set_clear(&a->anchored);
}

/* The first section of the index with id `id`, or NULL. */
static const pw_section *section_by_id(const anchor_ctx *a, const char *id, uint64_t h)
{
	size_t k;
	for (k = h & (a->cap - 1); a->at[k]; k = (k + 1) & (a->cap - 1))
		if (a->keys[k] == h && strcmp(a->x->items[a->at[k] - 1].id, id) == 0)
			return &a->x->items[a->at[k] - 1];
	return NULL;
}

/* The anchor of section `id` when the new text has it and it has none yet. */
static int anchor_of(pw_classification *o, anchor_ctx *a, const char *id)
{
	const pw_section *sec;
	uint64_t h;
	char *anchor = NULL;
	int rc;
	if (!id)
		return 0;
	h = id_key(id);
	if ((pw_textkey_set_has(&a->anchored, h) && pw_classification_anchor(o, id)) ||
	    !(sec = section_by_id(a, id, h)))
		return 0;
	if ((rc = pw_sections_anchor(&anchor, a->x, sec)) < 0)
		return rc;
	rc = pw_strlist_add(&o->anchor_sections, id);
	if (rc == 0)
		rc = pw_strlist_add(&o->anchors, anchor);
	if (rc == 0)
		rc = pw_textkey_set_add(&a->anchored, h);
	free(anchor);
	return rc;
}

/* The anchors of every section the record names, in the first document. */
static int record_anchors(pw_classification *o, const pw_section_index *x)
{
	anchor_ctx a;
	size_t i, j, k;
	int rc = anchor_ctx_init(&a, o, x);
	for (i = 0; rc == 0 && i < o->sections.count; i++)
		rc = anchor_of(o, &a, o->sections.items[i]);
	for (i = 0; rc == 0 && i < o->ndates; i++) {
		for (j = 0; rc == 0 && j < o->dates[i].sections.count; j++)
			rc = anchor_of(o, &a, o->dates[i].sections.items[j]);
		for (k = 0; rc == 0 && k < o->dates[i].nitems; k++)
			for (j = 0; rc == 0 && j < o->dates[i].items[k].sections.count; j++)
				rc = anchor_of(o, &a, o->dates[i].items[k].sections.items[j]);
	}
	anchor_ctx_clear(&a);
	return rc;
}

int pw_classify_doc(pw_classify_run *r, size_t doc_index)
{
	const pw_doc_diff *dd = &r->cc->docs[doc_index];
	doc_ctx d;
	doc_warned w = {0, 0};
	size_t i, from[4];
	int rc, k;

	if ((rc = doc_init(&d, dd, r->cl, r->cc->source->id)) < 0) {
		d.dd = NULL; /* nothing worth caching */
		doc_free(&d, r->cl);
		return rc;
	}
	r->reading = &d;
	if ((dd->new_len && memchr(dd->new_text, '\0', dd->new_len)) &&
	    (rc = warn(r, "NUL bytes in the document", dd->path, 0)) < 0)
		goto done;
	r->doc_new = dd->old_len == 0;
	if (!r->doc_new) {
		const pw_document *doc = pw_sources_document(r->cc->source, dd->path);
		d.live = doc && doc->live;
		if (doc && doc->live && doc->version_prefix)
			r->live_edit = 1;
	}
	if ((rc = released_version(r, &d, doc_index)) < 0)
		goto done;
	for (k = 0; k < 4; k++)
		from[k] = r->nwlines[k];
	for (i = 0; i < dd->nlines; i++)
		if ((rc = doc_line(r, &d, doc_index, i, &w)) < 0)
			goto done;
	if ((rc = reworded_doc_end(r, from[1], from[3])) < 0 ||
	    (rc = sentence_doc_end(r, from)) < 0)
		goto done;
	/* links go to the first document: its sections get their anchors */
	rc = doc_index == 0 ? record_anchors(r->out, &d.newx) : 0;
done:
	r->reading = NULL;
	doc_free(&d, r->cl);
	return rc;
}
