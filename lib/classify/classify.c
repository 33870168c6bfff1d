/* The classifier: rules, the per-change decisions (ballot, kind, tags), the
 * cross-change link pass and the JSON fields. What one document's diff says
 * (sections, effective dates, revision rows, tag-rule hits) is classify_doc.c. */
#include "classify/classify.h"

#include "classify/ballot.h"
#include "classify/classify_int.h"
#include "classify/dates.h"
#include "util/ascii.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "core/sources.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- rules ------------------------------------------------------------ */

void pw_classify_cache_clear(pw_rev_cache *c)
{
	free(c->path);
	pw_sections_clear(&c->idx);
	pw_textkey_set_clear(&c->keys);
	memset(c, 0, sizeof(*c));
}

void pw_classifier_free(pw_classifier *cl)
{
	int i;
	if (!cl)
		return;
	for (i = 0; i < CACHE_SLOTS; i++)
		pw_classify_cache_clear(&cl->cache[i]);
	pw_tags_free(cl->tags);
	pw_strlist_clear(&cl->triggers);
	pw_strlist_clear(&cl->blockers);
	pw_strlist_clear(&cl->effective_columns);
	pw_strlist_clear(&cl->excluded_columns);
	pw_strlist_clear(&cl->past_exempt);
	pw_strlist_clear(&cl->ranges);
	pw_strlist_clear(&cl->editorial_words);
	pw_strlist_clear(&cl->tooling_words);
	pw_strlist_clear(&cl->revert_words);
	pw_strlist_clear(&cl->reference_words);
	pw_classify_derived_free(cl);
	pw_strlist_clear(&cl->adopted_ballots);
	pw_classify_defs_free(cl);
	pw_noise_free(cl->noise);
	free(cl);
}

const pw_noise *pw_classifier_noise(const pw_classifier *cl)
{
	return cl ? cl->noise : NULL;
}

static int load_dates(pw_classifier *cl, const char *path)
{
	static const char *const keys[] = {
	    "triggers",    "blockers",       "effective_columns", "excluded_columns",
	    "window",      "blocker_window", "past_days",         "table_past_days",
	    "past_exempt", "ranges",         "comment",           NULL};
	cJSON *doc = NULL;
	int rc;
	if ((rc = pw_json_parse_file(&doc, path, 1u << 20)) < 0)
		return rc;
	cl->window = 80;
	cl->blocker_window = 30;
	cl->past_days = 31;
	cl->table_past_days = 365;
	if ((rc = pw_json_check_object(doc, path, "$", keys)) == 0 &&
	    (rc = pw_strlist_from_json(&cl->triggers, doc, "triggers", 1, path, "$")) == 0 &&
	    (rc = pw_strlist_from_json(&cl->blockers, doc, "blockers", 1, path, "$")) == 0 &&
	    (rc = pw_strlist_from_json(&cl->effective_columns, doc, "effective_columns", 1, path,
	                               "$")) == 0 &&
	    (rc = pw_strlist_from_json(&cl->past_exempt, doc, "past_exempt", 1, path, "$")) == 0 &&
	    (rc = pw_strlist_from_json(&cl->ranges, doc, "ranges", 1, path, "$")) == 0 &&
	    (rc = pw_strlist_from_json(&cl->excluded_columns, doc, "excluded_columns", 1, path,
	                               "$")) == 0 &&
	    (rc = pw_json_get_int(doc, "window", 0, 1, 1000, path, "$", &cl->window)) == 0 &&
	    (rc = pw_json_get_int(doc, "past_days", 0, 0, 100000, path, "$", &cl->past_days)) ==
	        0 &&
	    (rc = pw_json_get_int(doc, "table_past_days", 0, 0, 100000, path, "$",
	                          &cl->table_past_days)) == 0)
		rc = pw_json_get_int(doc, "blocker_window", 0, 1, 1000, path, "$",
		                     &cl->blocker_window);
	if (rc == 0 && !cl->triggers.count)
		rc = pw_error_set(PW_EINPUT, "%s: $.triggers: expected at least one phrase", path);
	cJSON_Delete(doc);
	return rc;
}

/* kinds.json: the subject words that make a change editorial or tooling,
 * and (optional, default "revert") the words a revert's subject starts with. */
static int load_kinds(pw_classifier *cl, const char *path)
{
	static const char *const keys[] = {"editorial", "tooling",    "revert",
	                                   "comment",   "references", NULL};
	const cJSON *editorial = NULL, *tooling = NULL, *revert = NULL, *refs = NULL;
	cJSON *doc = NULL;
	int rc;
	if ((rc = pw_json_parse_file(&doc, path, 1u << 20)) < 0)
		return rc;
	if ((rc = pw_json_check_object(doc, path, "$", keys)) == 0 &&
	    (rc = pw_json_get_array(doc, "editorial", 1, path, "$", &editorial)) == 0 &&
	    (rc = pw_json_get_array(doc, "tooling", 1, path, "$", &tooling)) == 0 &&
	    (rc = pw_json_get_array(doc, "revert", 0, path, "$", &revert)) == 0 &&
	    (rc = pw_json_get_array(doc, "references", 0, path, "$", &refs)) == 0 &&
	    (!refs || (rc = pw_strlist_from_array(&cl->reference_words, refs, 1, path,
	                                          "$.references")) == 0) &&
	    (rc = pw_strlist_from_array(&cl->editorial_words, editorial, 1, path, "$.editorial")) ==
	        0 &&
	    (rc = pw_strlist_from_array(&cl->tooling_words, tooling, 1, path, "$.tooling")) == 0)
		rc = revert ? pw_strlist_from_array(&cl->revert_words, revert, 1, path, "$.revert")
		            : pw_strlist_add(&cl->revert_words, "revert");
	cJSON_Delete(doc);
	return rc;
}

int pw_classifier_load(pw_classifier **out, const char *rules_dir)
{
	pw_classifier *cl = calloc(1, sizeof(*cl));
	char *p;
	int rc;
	*out = NULL;
	if (!cl)
		return pw_error_oom();
	if (!rules_dir)
		rules_dir = pw_sources_rules_dir();
	p = pw_path_join(rules_dir, "tags.json");
	rc = p ? pw_tags_load(&cl->tags, p) : pw_error_oom();
	free(p);
	if (rc == 0) {
		p = pw_path_join(rules_dir, "dates.json");
		rc = p ? load_dates(cl, p) : pw_error_oom();
		free(p);
	}
	if (rc == 0) {
		p = pw_path_join(rules_dir, "kinds.json");
		rc = p ? load_kinds(cl, p) : pw_error_oom();
		free(p);
	}
	if (rc == 0)
		rc = pw_classify_terms_rules(cl, rules_dir);
	if (rc == 0)
		rc = pw_classify_derived_rules(cl, rules_dir);
	if (rc == 0)
		rc = pw_noise_load(&cl->noise, rules_dir);
	if (rc < 0) {
		pw_classifier_free(cl);
		return rc;
	}
	*out = cl;
	return 0;
}

/* ---- ballot, kind, tags ---------------------------------------------------- */

/* Adopted changes (walked first) record their ballot. A draft that proposes
 * one of them (named in its subject or branch, or the version its header
 * releases) is superseded: a branch left behind after its ballot or version
 * was adopted, in whatever final wording. A draft whose id is only the
 * version its merge base already stood at (PW_BALLOT_FROM_CURRENT: it edits
 * the text in force and names no new version) proposes its edit: the history
 * has already dropped it if that edit stands on the default branch
 * (pw_history_walk). */
static int adopted_ballot(pw_classifier *cl, const char *source, pw_classification *out)
{
	pw_buf b = PW_BUF_INIT;
	int rc = 0;
	if (pw_buf_printf(&b, "%s %s", source, out->ballot) < 0)
		return pw_error_oom();
	if (!out->adopted)
		out->superseded = out->ballot_from != PW_BALLOT_FROM_CURRENT &&
		                  pw_strlist_has(&cl->adopted_ballots, b.ptr);
	else
		rc = pw_strlist_add_unique(&cl->adopted_ballots, b.ptr);
	pw_buf_clear(&b);
	return rc;
}

static int subject_has(const char *subject, const pw_strlist *words)
{
	size_t n = strlen(subject), k;
	char *low = strdup(subject);
	int hit = 0;
	if (!low)
		return 0;
	for (k = 0; k < n; k++)
		low[k] = pw_ascii_lower(low[k]);
	for (k = 0; k < words->count && !hit; k++)
		hit = pw_textkey_find_word(low, n, words->items[k]) != NULL;
	free(low);
	return hit;
}

static int word_char(char c)
{
	c = pw_ascii_lower(c);
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether the subject starts with one of `words` (lower case) as a whole
 * word or phrase ("Revert \"...\"", "Back out previous commit"). */
static int subject_starts(const char *subject, const pw_strlist *words)
{
	size_t n = strlen(subject), k, wl;
	for (k = 0; k < words->count; k++) {
		const char *w = words->items[k];
		size_t i;
		wl = strlen(w);
		if (wl > n)
			continue;
		for (i = 0; i < wl && pw_ascii_lower(subject[i]) == w[i]; i++)
			;
		if (i == wl && (wl == n || !word_char(subject[wl])))
			return 1;
	}
	return 0;
}

/* The ballot a name holds when it holds exactly one (1), else 0. */
static int one_ballot(const char *name, char **out)
{
	size_t n = strlen(name), i;
	char *first = NULL, *other = NULL;
	int rc = pw_ballot_find(&first, name, n, pw_ballot_prefixes);
	if (rc <= 0)
		return rc;
	for (i = 1; i < n && !other; i++) {
		if (name[i - 1] != '-' && name[i - 1] != '_' && name[i - 1] != '/')
			continue;
		if ((rc = pw_ballot_find(&other, name + i, n - i, pw_ballot_prefixes)) < 0) {
			free(first);
			return rc;
		}
		if (other && strcmp(other, first) == 0) {
			free(other);
			other = NULL;
		}
	}
	if (other) {
		free(first);
		free(other);
		return 0;
	}
	*out = first;
	return 1;
}

/* "<prefix>-<version>", canonical: "1.3.0" is version 1.3. */
static int version_ballot(const char *prefix, const char *version, char **out)
{
	pw_buf b = PW_BUF_INIT;
	size_t vl = strlen(version);
	while (vl > 3 && memcmp(version + vl - 2, ".0", 2) == 0 &&
	       memchr(version, '.', vl - 2) != NULL)
		vl -= 2;
	if (pw_buf_printf(&b, "%s-%.*s", prefix, (int)vl, version) < 0)
		return pw_error_oom();
	*out = pw_buf_detach(&b);
	return *out ? 0 : pw_error_oom();
}

/* A document that states no version yet, merged from a branch named after
 * one ("kasirota-v1-update": v1 is version 1.0): that version's edit. */
static int branch_version(pw_classify_run *r)
{
	size_t blen, i, e;
	const char *b = pw_ballot_merge_branch(&blen, r->cc->subject ? r->cc->subject : "");
	char v[32];
	for (i = 0; b && i + 1 < blen; i++) {
		if ((b[i] != 'v' && b[i] != 'V') || !(b[i + 1] >= '0' && b[i + 1] <= '9') ||
		    (i > 0 && !strchr("-_/", b[i - 1])))
			continue;
		for (e = i + 1; e < blen && ((b[e] >= '0' && b[e] <= '9') || b[e] == '.'); e++)
			;
		if ((e < blen && !strchr("-_/", b[e])) || e - i > 20)
			continue;
		snprintf(v, sizeof(v), "%.*s%s", (int)(e - i - 1), b + i + 1,
		         memchr(b + i + 1, '.', e - i - 1) ? "" : ".0");
		r->out->ballot_from = PW_BALLOT_FROM_BRANCH;
		return version_ballot(r->version_prefix, v, &r->out->ballot);
	}
	return 0;
}

static int find_ballot(pw_classify_run *r)
{
	const pw_commit_change *cc = r->cc;
	const char *prefix = cc->source->ballot_prefix;
	const char *one[2] = {prefix, NULL};
	const char *subject = cc->subject ? cc->subject : "";
	const char *branch;
	size_t blen;
	int rc;

	if (prefix && (rc = pw_ballot_find(&r->out->ballot, subject, strlen(subject), one)) != 0) {
		r->out->ballot_from = PW_BALLOT_FROM_SUBJECT;
		return rc < 0 ? rc : 0;
	}
	if (prefix && (rc = pw_ballot_find(&r->out->ballot, subject, strlen(subject),
	                                   pw_ballot_prefixes)) != 0) {
		r->out->ballot_from = PW_BALLOT_FROM_SUBJECT;
		return rc < 0 ? rc : 0;
	}
	branch = pw_ballot_merge_branch(&blen, subject);
	if (prefix && branch &&
	    (rc = pw_ballot_find(&r->out->ballot, branch, blen, pw_ballot_prefixes)) != 0) {
		r->out->ballot_from = PW_BALLOT_FROM_BRANCH;
		return rc < 0 ? rc : 0;
	}
	/* a draft: its branch is usually named after the ballot ("SC80", "NS-003") */
	if (prefix && cc->status == PW_STATUS_PROPOSED && cc->branch &&
	    (rc = one_ballot(cc->branch, &r->out->ballot)) != 0) {
		r->out->ballot_from = PW_BALLOT_FROM_BRANCH;
		return rc < 0 ? rc : 0;
	}
	/* ... or after the draft it continues (pw_commit_change.continues) */
	if (prefix && cc->status == PW_STATUS_PROPOSED && cc->continues &&
	    (rc = one_ballot(cc->continues, &r->out->ballot)) != 0) {
		r->out->ballot_from = PW_BALLOT_FROM_BRANCH;
		return rc < 0 ? rc : 0;
	}
	/* new revision-table rows: their ballot; when one new version per
	 * document releases several ballots ("BRs 1.7.1 and EVG 1.7.3": SC30
	 * and SC31), the first row's, as a subject naming several is read by
	 * its first (not rows of several versions: history written down) */
	if (prefix && (r->row_ballots.count == 1 ||
	               (r->row_ballots.count > 1 && r->row_versions.count <= r->cc->ndocs &&
	                strchr(r->row_ballots.items[0], '-')) ||
	               (!r->row_ballots.count && r->updated_ballots.count == 1))) {
		r->out->ballot = strdup(r->row_ballots.count ? r->row_ballots.items[0]
		                                             : r->updated_ballots.items[0]);
		r->out->ballot_from = PW_BALLOT_FROM_TABLE;
		return r->out->ballot ? 0 : pw_error_oom();
	}
	/* no id in the subject or a table: the one ballot new prose names that
	 * the old text's changed lines did not (the EVG's "This version 1.7.0
	 * ... as adopted ... as of Ballot SC17" set right after the fact) */
	if (prefix && r->prose_ballots.count == 1 &&
	    !pw_strlist_has(&r->removed_ballots, r->prose_ballots.items[0])) {
		r->out->ballot = strdup(r->prose_ballots.items[0]);
		r->out->ballot_from = PW_BALLOT_FROM_TABLE;
		return r->out->ballot ? 0 : pw_error_oom();
	}
	if (!prefix && r->release_prefix) { /* a policy version (Mozilla, CCADB, ...) */
		r->out->ballot_from = PW_BALLOT_FROM_VERSION;
		return version_ballot(r->release_prefix, r->release, &r->out->ballot);
	}
	return 0;
}

static void decide_kind(pw_classify_run *r)
{
	const pw_strlist *editorial = &r->cl->editorial_words, *tooling = &r->cl->tooling_words;
	const char *subject = r->cc->subject ? r->cc->subject : "";
	const char *branch;
	size_t blen;
	pw_classification *o = r->out;

	branch = pw_ballot_merge_branch(&blen, subject);
	if (subject_starts(subject, &r->cl->revert_words)) {
		o->kind = "revert";
		free(o->ballot);
		o->ballot = NULL;
		o->ballot_from = PW_BALLOT_FROM_NONE;
		return;
	}
	if (o->ballot_from == PW_BALLOT_FROM_VERSION || r->released) {
		o->kind = "policy-version";
		return;
	}
	if (!o->ballot && subject_has(subject, tooling) && !o->ndates) {
		o->kind = "tooling"; /* build, templates, CI: no new requirement */
		return;
	}
	/* a draft's record is its branch's whole diff: the subject of its head
	 * ("nit - typo") speaks for one commit of it, so the text decides */
	if (r->cc->status != PW_STATUS_PROPOSED && subject_has(subject, editorial)) {
		o->kind = "editorial";
		return;
	}
	if (branch) {
		char *b = strndup(branch, blen);
		int hit;
		size_t k;
		if (b) {
			for (k = 0; k < blen; k++)
				if (b[k] == '_' || b[k] == '-')
					b[k] = ' ';
		}
		hit = b && subject_has(b, editorial);
		free(b);
		if (hit) {
			o->kind = "editorial";
			return;
		}
	}
	if (!o->ballot && subject_has(subject, tooling)) {
		o->kind = "tooling";
		return;
	}
	if (o->ballot && o->ballot_from != PW_BALLOT_FROM_TABLE) {
		o->kind = "ballot";
		return;
	}
	/* no ballot named: normative wording makes it one, unless the words
	 * barely changed (links, typos, formatting) */
	o->kind = (o->ndates || (r->normative && pw_classify_words_changed(r, 0) > EDITORIAL_WORDS))
	              ? "ballot"
	              : "editorial";
}

static int default_tags(const pw_commit_change *cc, pw_tagset *out)
{
	size_t i, k;
	*out = 0;
	for (i = 0; i < cc->ndocs; i++) {
		const pw_document *doc = pw_sources_document(cc->source, cc->docs[i].path);
		if (!doc)
			continue;
		for (k = 0; k < doc->ntags; k++)
			*out |= pw_tagset_from_name(doc->tags[k]);
	}
	return 0;
}

static void date_clear(pw_effective_date *d)
{
	size_t k;
	pw_strlist_clear(&d->sections);
	free(d->text);
	free(d->event);
	for (k = 0; k < d->nitems; k++) {
		pw_strlist_clear(&d->items[k].sections);
		free(d->items[k].text);
	}
	free(d->items);
}

void pw_classification_clear(pw_classification *c)
{
	size_t i;
	free(c->ballot);
	free(c->proposal);
	for (i = 0; i < c->nversions; i++)
		free(c->versions[i]);
	free(c->versions);
	pw_strlist_clear(&c->sections);
	pw_strlist_clear(&c->anchor_sections);
	pw_strlist_clear(&c->anchors);
	for (i = 0; i < c->ndates; i++)
		date_clear(&c->dates[i]);
	free(c->dates);
	pw_strlist_clear(&c->warnings);
	free(c->table_fault);
	pw_classify_terms_clear(c);
	memset(c, 0, sizeof(*c));
}

const char *pw_classification_anchor(const pw_classification *c, const char *section)
{
	size_t i;
	for (i = 0; section && i < c->anchor_sections.count && i < c->anchors.count; i++)
		if (strcmp(c->anchor_sections.items[i], section) == 0)
			return c->anchors.items[i];
	return NULL;
}

/* The tags of the fallback rules for the change's documents. */
static int fallback_tags(const pw_classifier *cl, const pw_commit_change *cc, pw_tagset *tags)
{
	size_t i, k;
	for (i = 0; i < cl->tags->count; i++) {
		const pw_tag_rule *rule = &cl->tags->rules[i];
		if (!rule->fallback)
			continue;
		for (k = 0; k < cc->ndocs; k++) {
			pw_buf q = PW_BUF_INIT;
			if (pw_buf_printf(&q, "%s:%s", cc->source->id, cc->docs[k].path) < 0) {
				pw_buf_clear(&q);
				return pw_error_oom();
			}
			if (pw_tags_rule_for_doc(rule, q.ptr))
				*tags |= rule->tags;
			pw_buf_clear(&q);
		}
	}
	return 0;
}

/* Starts a run of pw_classify: the result emptied, one version slot per
 * document, the counters of the novel-wording rules. */
static int run_start(pw_classify_run *r, pw_classifier *cl, const pw_commit_change *cc,
                     pw_classification *out)
{
	memset(out, 0, sizeof(*out));
	memset(r, 0, sizeof(*r));
	r->cl = cl;
	r->cc = cc;
	r->out = out;
	r->commit_key = pw_dates_key_iso(cc->date);
	out->adopted = cc->status == PW_STATUS_ADOPTED;
	if (cc->ndocs) {
		out->versions = calloc(cc->ndocs, sizeof(char *));
		if (!out->versions)
			return pw_error_oom();
		out->nversions = cc->ndocs;
	}
	if (cl->tags->count &&
	    (!(r->novel = calloc(2 * cl->tags->count, sizeof(*r->novel))) ||
	     !(r->reworded = calloc(2 * cl->tags->count, sizeof(*r->reworded))) ||
	     !(r->reworded_changed = calloc(cl->tags->count, sizeof(size_t)))))
		return pw_error_oom();
	return 0;
}

static void run_clear(pw_classify_run *r)
{
	size_t i;
	pw_strlist_clear(&r->row_ballots);
	pw_strlist_clear(&r->updated_ballots);
	pw_strlist_clear(&r->prose_ballots);
	pw_strlist_clear(&r->removed_ballots);
	pw_strlist_clear(&r->row_versions);
	free(r->release);
	free(r->current);
	free(r->novel);
	for (i = 0; r->reworded && i < 2 * r->cl->tags->count; i++)
		free(r->reworded[i].w);
	free(r->reworded);
	free(r->reworded_changed);
	for (i = 0; i < r->nheld; i++)
		free(r->held[i].text);
	free(r->held);
	free(r->draft);
	pw_strlist_clear(&r->released_docs);
	pw_strlist_clear(&r->version_dates);
	pw_strlist_clear(&r->dated_docs);
	pw_strlist_clear(&r->superseded);
	free(r->table_fault);
	for (i = 0; i < 4; i++) {
		free(r->words[i]);
		free(r->wlines[i]);
	}
	pw_buf_clear(&r->low);
	pw_buf_clear(&r->lowered[0].low);
	pw_buf_clear(&r->lowered[1].low);
	pw_textkey_set_clear(&r->section_keys);
}

/* Reads every document, then adds the tags of the novel-wording rules whose
 * wording the change adds more often than it removes, and of the reworded
 * rules whose lines change more than their number of words. */
static int read_docs(pw_classify_run *r)
{
	const pw_classifier *cl = r->cl;
	size_t i;
	int rc = 0;
	for (i = 0; i < r->cc->ndocs && rc == 0; i++)
		rc = pw_classify_doc(r, i);
	for (i = 0; rc == 0 && i < cl->tags->count; i++)
		if ((cl->tags->rules[i].novel && r->novel[2 * i] > r->novel[2 * i + 1]) ||
		    (cl->tags->rules[i].reworded &&
		     r->reworded_changed[i] > (size_t)cl->tags->rules[i].reworded))
			r->rule_tags |= cl->tags->rules[i].tags;
	return rc;
}

/* Whether the change deletes every document it touches. */
static int deletes_all(const pw_commit_change *cc)
{
	size_t i;
	for (i = 0; i < cc->ndocs && cc->docs[i].old_len && !cc->docs[i].new_len; i++)
		;
	return cc->ndocs && i == cc->ndocs && cc->docs[0].old_len;
}

/* Every document a copy of an original that still stands, and no section
 * changed (Microsoft's empty "Program Requirements.md" beside
 * Requirements.md): no text changed. */
static int copies_nothing(const pw_commit_change *cc, const pw_classification *out)
{
	size_t i;
	for (i = 0; i < cc->ndocs && cc->docs[i].copy; i++)
		;
	return cc->ndocs && i == cc->ndocs && out->sections.count == 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A reader of the words of one side (`origin`) of a diff. */
typedef struct {
	char origin;
	size_t li, at; /* line of dd->lines, byte in it */
	size_t before; /* lines of this side before line li */
} word_cursor;

/* The next word (a run of bytes other than blanks and line ends) of the
 * cursor's side, and in *block the number of unchanged lines before its line
 * (lines of both sides with the same count stand between the same two
 * unchanged lines); NULL at the end. */
static const char *next_diff_word(size_t *len, long *block, const pw_doc_diff *dd, word_cursor *c)
{
	for (; c->li < dd->nlines; c->li++, c->at = 0) {
		const pw_diff_line *l = &dd->lines[c->li];
		size_t a;
		if (l->origin != c->origin)
			continue;
		while (c->at < l->len && blank(l->content[c->at]))
			c->at++;
		if (c->at == l->len) {
			c->before++;
			continue;
		}
		a = c->at;
		while (c->at < l->len && !blank(l->content[c->at]))
			c->at++;
		*len = c->at - a;
		*block =
		    (long)(c->origin == '-' ? l->old_lineno : l->new_lineno) - 1 - (long)c->before;
		return l->content + a;
	}
	return NULL;
}

/* Whether a document's text is unchanged but for blanks and line breaks:
 * between each two unchanged lines, its removed lines hold the words of its
 * added lines, in the same order (trailing blanks dropped, a paragraph
 * re-wrapped; not a paragraph moved elsewhere). Its lines are moved or
 * re-wrapped, as the tag rules read them, and no section's text changed. */
static int same_words(const pw_doc_diff *dd)
{
	word_cursor r = {'-', 0, 0, 0}, a = {'+', 0, 0, 0};
	size_t rn = 0, an = 0;
	long rb = 0, ab = 0;
	const char *rw, *aw;
	if (!dd->old_len || !dd->new_len || dd->binary || dd->copy)
		return 0;
	for (;;) {
		rw = next_diff_word(&rn, &rb, dd, &r);
		aw = next_diff_word(&an, &ab, dd, &a);
		if (!rw || !aw)
			return !rw && !aw;
		if (rb != ab || rn != an || memcmp(rw, aw, rn) != 0)
			return 0;
	}
}

/* Whether the change leaves every document's words as they were: 1, or 2
 * when it renames one too (a rename of the text unchanged: tooling). */
static int words_unchanged(const pw_commit_change *cc)
{
	size_t i;
	int renamed = 0;
	for (i = 0; i < cc->ndocs; i++) {
		if (!same_words(&cc->docs[i]))
			return 0;
		renamed |= cc->docs[i].renamed;
	}
	return cc->ndocs ? 1 + renamed : 0;
}

/* Every document deleted (or copied unchanged): no requirement changes by
 * that alone; the
 * documents' tags (for documents without default tags: the fallback
 * rules', which stand for them). */
static int deleted_outcome(const pw_classifier *cl, const pw_commit_change *cc,
                           pw_classification *out)
{
	size_t i;
	int rc = 0;
	out->kind = "tooling";
	default_tags(cc, &out->tags);
	if (!(out->tags & CERT_TAGS))
		rc = fallback_tags(cl, cc, &out->tags);
	out->doc_tags = out->tags;
	for (i = 0; i < out->ndates; i++)
		date_clear(&out->dates[i]);
	free(out->dates);
	out->dates = NULL;
	out->ndates = 0;
	return rc;
}

/* The kind, corrected for versioned documents, and the ballot a versioned
 * document's version stands for when no ballot was found. */
static int versioned_kind(pw_classify_run *r)
{
	const pw_commit_change *cc = r->cc;
	pw_classification *out = r->out;
	int rc = 0;
	decide_kind(r);
	if (r->versioned && !r->released && strcmp(out->kind, "ballot") == 0) {
		/* a normative edit of a versioned document that releases no
		 * version: an edit of the version it stands at (editorial), or
		 * of a document that states no version yet: the first revision
		 * of a live one, or a draft of a not-live one, is a version */
		if (r->current && cc->status == PW_STATUS_PROPOSED) {
			/* a draft: new requirements for the version in force
			 * propose a version it does not number yet (not the
			 * one it amends, whose issue is another) */
			out->kind = "policy-version";
			free(out->ballot);
			out->ballot = NULL;
			out->ballot_from = PW_BALLOT_FROM_NONE;
		} else if (r->current) {
			out->kind = "editorial";
			out->amends = 1;
			free(out->ballot);
			out->ballot = NULL;
			out->ballot_from = PW_BALLOT_FROM_CURRENT;
			rc = version_ballot(r->current_prefix, r->current, &out->ballot);
		} else if (r->live_edit) {
			/* the published text of a live document that states no
			 * version yet (Microsoft's requirements before v1.0): it is
			 * amended in force, no version is released */
			out->kind = "editorial";
			out->amends = 1;
		} else {
			out->kind = "policy-version";
		}
	}
	if (rc == 0 && r->versioned && !r->released && !r->current && !out->ballot && r->draft &&
	    strcmp(out->kind, "revert") != 0) {
		out->ballot_from = PW_BALLOT_FROM_DRAFT;
		rc = version_ballot(r->draft_prefix, r->draft, &out->ballot);
	}
	if (rc == 0 && r->versioned && !r->released && !r->current && !out->ballot &&
	    r->version_prefix && !cc->source->ballot_prefix)
		rc = branch_version(r);
	return rc;
}

/* The document's tags (else the certificate types the change touches, else
 * the fallback rules'), then the rules' tags for a change to decide on. */
static int assign_tags(pw_classify_run *r)
{
	const pw_tagset cert =
	    PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING | PW_TAG_NETSEC;
	pw_classification *out = r->out;
	int rc = 0;
	default_tags(r->cc, &out->tags);
	if (!(out->tags & cert)) {
		/* documents without default tags (Mozilla): the certificate
		 * types of the sections and wording the change touches, else
		 * the fallback's (which stand for the document's tags) */
		out->tags |= r->rule_tags & cert;
		if (!(out->tags & cert))
			rc = fallback_tags(r->cl, r->cc, &out->tags);
	}
	out->doc_tags = out->tags;
	if (strcmp(out->kind, "ballot") == 0 || strcmp(out->kind, "policy-version") == 0 ||
	    out->amends)
		out->tags |= r->rule_tags;
	return rc;
}

/* What a change of documents still in place is: kind, terms, tags, derived
 * deadlines. */
static int classify_edit(pw_classify_run *r)
{
	pw_classification *out = r->out;
	int rc = versioned_kind(r);
	if (rc == 0)
		rc = pw_classify_terms(r);
	if (rc == 0) {
		out->normative = r->normative;
		out->prose_words = pw_classify_words_changed(r, 1);
		rc = assign_tags(r);
	}
	if (rc == 0)
		rc = pw_classify_derive(r);
	return rc;
}

/* The heading of a Markdown line ("#### 6.2.1 Transitions"): its text
 * after the '#'s, trimmed; NULL when the line is no heading. */
static const char *heading_text(const char *s, size_t n, size_t *len)
{
	size_t i = 0, h;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	for (h = i; h < n && s[h] == '#'; h++)
		;
	if (h == i || h - i > 6 || h == n || (s[h] != ' ' && s[h] != '\t'))
		return NULL;
	while (h < n && (s[h] == ' ' || s[h] == '\t'))
		h++;
	while (n > h &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '#'))
		n--;
	*len = n - h;
	return n > h ? s + h : NULL;
}

/* Whether document `d` removes the line `s` (a heading only moved). */
static int removes_line(const pw_doc_diff *d, const char *s, size_t n)
{
	size_t l;
	for (l = 0; l < d->nlines; l++)
		if (d->lines[l].origin == '-' && d->lines[l].len == n &&
		    memcmp(d->lines[l].content, s, n) == 0)
			return 1;
	return 0;
}

/* What a draft proposing requirements proposes when its commits' subjects
 * do not say it (pw_classification.proposal): the headings it adds ("Add
 * 6.2.1 Transitions Between CRL URLs; 6.2.2 ..."), else the sections it
 * changes ("Change 1, 5, 6.2"). A subject naming an editorial fix
 * (kinds.json) speaks for that commit only. */
static int describe_draft(pw_classify_run *r)
{
	const pw_commit_change *cc = r->cc;
	pw_classification *out = r->out;
	pw_buf b = PW_BUF_INIT;
	size_t k, l, n = 0;
	int rc = 0;

	if (cc->status != PW_STATUS_PROPOSED || !out->kind ||
	    (strcmp(out->kind, "ballot") != 0 && strcmp(out->kind, "policy-version") != 0) ||
	    (cc->proposal && !subject_has(cc->proposal, &r->cl->editorial_words)))
		return 0;
	for (k = 0; k < cc->ndocs && rc == 0; k++) {
		const pw_doc_diff *d = &cc->docs[k];
		for (l = 0; l < d->nlines && rc == 0; l++) {
			const pw_diff_line *dl = &d->lines[l];
			const char *h;
			size_t hl;
			if (dl->origin != '+' || !(h = heading_text(dl->content, dl->len, &hl)) ||
			    removes_line(d, dl->content, dl->len))
				continue;
			rc = pw_buf_printf(&b, "%s%.*s", n++ ? "; " : "Add ", (int)hl, h);
		}
	}
	for (k = 0; rc == 0 && n == 0 && k < out->sections.count; k++)
		rc = pw_buf_printf(&b, "%s%s", k ? ", " : "Change ", out->sections.items[k]);
	if (rc == 0 && b.len && !(out->proposal = pw_buf_detach(&b)))
		rc = pw_error_oom();
	pw_buf_clear(&b);
	return rc;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the `n` bytes at `s` are `w`'s, ASCII case ignored. */
static int same_ci(const char *s, const char *w, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (pw_ascii_lower(s[i]) != pw_ascii_lower(w[i]))
			return 0;
	return 1;
}

/* A line's words in lower case, one space apart, without the references it
 * cites (a reference word before a number, "RFC 7482", "rfc7482", "Version
 * 1.7"), into `words`, and those references ("rfc 7482") into `refs`. */
static int reference_split(const pw_strlist *rw, const char *s, size_t n, pw_buf *words,
                           pw_buf *refs)
{
	size_t i = 0, k, w, d;
	int rc = 0;
	pw_buf_reset(words);
	pw_buf_reset(refs);
	while (i < n && rc == 0) {
		if (!is_alnum(s[i])) {
			i++;
			continue;
		}
		for (k = 0; k < rw->count; k++) {
			w = strlen(rw->items[k]);
			if (w > n - i || !same_ci(s + i, rw->items[k], w))
				continue;
			for (d = i + w; d < n && s[d] == ' '; d++)
				;
			if (d < n && is_digit(s[d]))
				break;
		}
		if (k < rw->count) { /* a reference: its word and number */
			size_t e = d;
			while (e < n &&
			       (is_digit(s[e]) || (s[e] == '.' && e + 1 < n && is_digit(s[e + 1]))))
				e++;
			rc = pw_buf_printf(refs, "%s%.*s %.*s", refs->len ? "|" : "", (int)w, s + i,
			                   (int)(e - d), s + d);
			for (k = refs->len - (e - d) - 1 - w; rc == 0 && k < refs->len; k++)
				refs->ptr[k] = pw_ascii_lower(refs->ptr[k]);
			i = e;
			continue;
		}
		if (words->len)
			rc = pw_buf_putc(words, ' ');
		for (; rc == 0 && i < n && is_alnum(s[i]); i++)
			rc = pw_buf_putc(words, pw_ascii_lower(s[i]));
	}
	if (rc == 0) /* both NUL-terminated, also when empty */
		rc = pw_buf_putc(words, '\0');
	if (rc == 0)
		rc = pw_buf_putc(refs, '\0');
	return rc;
}

/* Lines of a draft's document compared for changed references (bounded: an
 * editorial draft is a few lines). */
#define REFERENCE_LINES 200

/* Whether a draft changes a reference to a standard's version (kinds.json
 * "references"): a line it removes and one it adds are the same words but
 * for the references they cite, which differ ("RFC 7482" -> "RFC 9082",
 * "Version 1.7" dropped). A referenced standard's version decides what CAs
 * must follow: that is a requirement, not an edit. */
static int changes_reference(const pw_classify_run *r, int *out)
{
	const pw_strlist *rw = &r->cl->reference_words;
	pw_buf w1 = PW_BUF_INIT, f1 = PW_BUF_INIT, w2 = PW_BUF_INIT, f2 = PW_BUF_INIT;
	size_t k, i, j;
	int rc = 0;
	*out = 0;
	for (k = 0; rw->count && k < r->cc->ndocs && rc == 0 && !*out; k++) {
		const pw_doc_diff *d = &r->cc->docs[k];
		if (d->nlines > 2 * REFERENCE_LINES)
			continue;
		for (i = 0; i < d->nlines && rc == 0 && !*out; i++) {
			if (d->lines[i].origin != '-' ||
			    (rc = reference_split(rw, d->lines[i].content, d->lines[i].len, &w1,
			                          &f1)) < 0 ||
			    f1.ptr[0] == '\0')
				continue;
			for (j = 0; j < d->nlines && rc == 0 && !*out; j++) {
				if (d->lines[j].origin != '+' ||
				    (rc = reference_split(rw, d->lines[j].content, d->lines[j].len,
				                          &w2, &f2)) < 0)
					continue;
				*out = strcmp(w1.ptr, w2.ptr) == 0 && strcmp(f1.ptr, f2.ptr) != 0;
			}
		}
	}
	pw_buf_clear(&w1);
	pw_buf_clear(&f1);
	pw_buf_clear(&w2);
	pw_buf_clear(&f2);
	return rc;
}

/* Whether the change releases a version that states no date of its own
 * where one is looked for (pw_classification.version_undated): a version
 * prefix's release that states no date at all, or a release of a document
 * whose old revision dated its versions, without a date in the new
 * version's header line or change-history row (r->version_dates). */
static int version_undated(const pw_classify_run *r)
{
	const pw_classification *o = r->out;
	size_t i, k, stated = 0;
	for (i = 0; i < o->ndates; i++)
		stated += !o->dates[i].derived;
	if (o->ballot_from == PW_BALLOT_FROM_VERSION && !stated)
		return 1;
	for (i = 0; i < r->released_docs.count; i++) {
		const char *doc = r->released_docs.items[i];
		if (!pw_strlist_has(&r->dated_docs, doc))
			continue;
		for (k = 0; k < r->version_dates.count; k++)
			if (strlen(r->version_dates.items[k]) > 11 &&
			    strcmp(r->version_dates.items[k] + 11, doc) == 0)
				break;
		if (k == r->version_dates.count)
			return 1;
	}
	return 0;
}

/* A draft that changes no requirement (typos, formatting, tooling, a
 * deletion, a revert) proposes nothing to decide on. A normative edit of a
 * versioned document's current text that names no new version is read as
 * editorial (versioned_kind), but as a draft it proposes that edit. */
static int proposes_nothing(const pw_classification *out)
{
	return !out->adopted && strcmp(out->kind, "ballot") != 0 &&
	       strcmp(out->kind, "policy-version") != 0 && !(out->amends && out->normative);
}

/* A stated date keeps its own certificate types (classify_doc.c) only where
 * they are narrower than the change's: a date of one document or section of
 * a change of several types; else 0, the change's. */
static void narrow_date_types(pw_classification *out)
{
	const pw_tagset types = PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING;
	size_t i;
	for (i = 0; i < out->ndates; i++) {
		pw_effective_date *d = &out->dates[i];
		if (d->derived)
			continue;
		d->types = d->untyped ? 0 : d->types & out->tags & types;
		if (d->types == (out->tags & types))
			d->types = 0;
	}
}

int pw_classify(pw_classifier *cl, const pw_commit_change *cc, pw_classification *out)
{
	pw_classify_run r;
	int refs = 0, rc = run_start(&r, cl, cc, out), unchanged = words_unchanged(cc);
	if (rc == 0)
		rc = read_docs(&r);
	if (rc == 0)
		rc = pw_classify_words_hash(&r);
	if (rc == 0)
		rc = find_ballot(&r);
	if (rc == 0 && (deletes_all(cc) || copies_nothing(cc, out) || unchanged == 2)) {
		rc = deleted_outcome(cl, cc, out);
	} else {
		if (rc == 0)
			rc = classify_edit(&r);
		if (rc == 0)
			narrow_date_types(out);
		out->expects_id = cc->source->ballot_prefix || r.version_prefix;
		out->table_lost = r.table_lost;
		out->version_undated = version_undated(&r);
		out->table_fault = r.table_fault;
		r.table_fault = NULL;
	}
	if (rc == 0 && unchanged) { /* blanks and line breaks only: no section changed */
		pw_strlist_clear(&out->sections);
		pw_strlist_clear(&out->anchor_sections);
		pw_strlist_clear(&out->anchors);
	}
	if (rc == 0 && out->ballot)
		rc = adopted_ballot(cl, cc->source->id, out);
	if (rc == 0 && proposes_nothing(out) && cc->status == PW_STATUS_PROPOSED &&
	    strcmp(out->kind, "editorial") == 0 && (rc = changes_reference(&r, &refs)) == 0 && refs)
		out->kind = "ballot"; /* a draft of a reference's new version */
	if (rc == 0 && proposes_nothing(out))
		out->superseded = 1;
	else if (rc == 0)
		rc = describe_draft(&r);
	run_clear(&r);
	if (rc < 0)
		pw_classification_clear(out);
	return rc;
}

/* The adopted change just before (older than) cls[i], or NULL. */
static pw_classification *older_adopted(pw_classification **cls, size_t n, size_t i)
{
	size_t k;
	for (k = i + 1; k < n && k <= i + PW_CLASSIFY_LINK_WINDOW; k++)
		if (cls[k]->adopted)
			return cls[k];
	return NULL;
}

/* A ballot is adopted by one change; a newer change naming the same ballot
 * right after it records the adoption (version bump, revision and dates
 * rows): the requirements and their tags belong to the first one. */
static void link_follow_up(pw_classification **cls, size_t n, size_t i)
{
	pw_classification *c = cls[i], *prev;
	if (!c->adopted || !c->ballot || strcmp(c->kind, "ballot") != 0 ||
	    c->ballot_from == PW_BALLOT_FROM_LINK || c->prose_words > EDITORIAL_WORDS)
		return;
	prev = older_adopted(cls, n, i);
	if (!prev || !prev->ballot || strcmp(prev->ballot, c->ballot) != 0 ||
	    strcmp(prev->kind, "ballot") != 0 || !prev->normative)
		return;
	c->kind = "editorial";
	c->tags = c->doc_tags;
}

/* cls[0] is the newest; a bookkeeping change follows (is newer than) the
 * ballot whose text a change without a ballot carried. */
static void link_inherit(pw_classification **cls, size_t n, size_t i)
{
	pw_classification *c = cls[i], *next;
	size_t k;
	int claimed = 0;
	if (i == 0)
		return;
	next = cls[i - 1];
	if (!c->adopted || c->ballot || strcmp(c->kind, "ballot") != 0 || !c->normative)
		return;
	if (!next->adopted || !next->ballot || strcmp(next->kind, "editorial") != 0)
		return;
	for (k = i > PW_CLASSIFY_LINK_WINDOW ? i - PW_CLASSIFY_LINK_WINDOW : 0;
	     k < n && k <= i + PW_CLASSIFY_LINK_WINDOW && !claimed; k++)
		claimed = k != i - 1 && cls[k]->ballot &&
		          strcmp(cls[k]->ballot, next->ballot) == 0 &&
		          strcmp(cls[k]->kind, "ballot") == 0;
	if (claimed)
		return;
	c->ballot = strdup(next->ballot);
	if (c->ballot)
		c->ballot_from = PW_BALLOT_FROM_LINK;
}

/* A version is released once: a newer change that declares the same
 * version again (a header catching up with its table, a history row
 * written in later) edits the released version: editorial, without the
 * release's own dates and what was derived from them. */
static void link_rerelease(pw_classification **cls, size_t n, size_t i)
{
	pw_classification *c = cls[i];
	size_t k, j;
	int found = 0;
	if (!c->adopted || c->ballot_from != PW_BALLOT_FROM_VERSION || !c->ballot)
		return;
	for (k = i + 1; k < n && k <= i + PW_CLASSIFY_LINK_WINDOW && !found; k++)
		found = cls[k]->adopted && cls[k]->ballot_from == PW_BALLOT_FROM_VERSION &&
		        cls[k]->ballot && strcmp(cls[k]->ballot, c->ballot) == 0;
	if (!found)
		return;
	c->kind = "editorial";
	c->ballot_from = PW_BALLOT_FROM_CURRENT;
	c->version_undated = 0; /* the release was dated (or not) before */
	for (k = j = 0; k < c->ndates; k++) {
		if (c->dates[k].release || c->dates[k].derived) {
			date_clear(&c->dates[k]);
			continue;
		}
		c->dates[j++] = c->dates[k];
	}
	c->ndates = j;
}

/* A release that only bumps the version (no other wording) right after a
 * normative edit of the previous version releases that edit: the edit gets
 * the version, kind and tags; the bump is its bookkeeping (editorial). */
static void link_bump(pw_classification **cls, size_t n, size_t i)
{
	pw_classification *c = cls[i], *prev;
	char *b;
	size_t k, stated = 0;
	for (k = 0; k < c->ndates; k++)
		stated += !c->dates[k].derived;
	if (!c->adopted || c->ballot_from != PW_BALLOT_FROM_VERSION || !c->ballot ||
	    c->prose_words > EDITORIAL_WORDS || stated)
		return;
	prev = older_adopted(cls, n, i);
	if (!prev || prev->ballot_from != PW_BALLOT_FROM_CURRENT || !prev->normative)
		return;
	if (!(b = strdup(c->ballot)))
		return;
	/* the deadlines derived from the release go with it (the bump states
	 * no date: only derived ones), counted from the bump, its publication */
	if (c->ndates) {
		pw_effective_date *e =
		    realloc(prev->dates, (prev->ndates + c->ndates) * sizeof(*e));
		if (!e) {
			free(b);
			return;
		}
		prev->dates = e;
		memcpy(prev->dates + prev->ndates, c->dates, c->ndates * sizeof(*e));
		prev->ndates += c->ndates;
		free(c->dates);
		c->dates = NULL;
		c->ndates = 0;
	}
	free(prev->ballot);
	prev->ballot = b;
	prev->ballot_from = PW_BALLOT_FROM_LINK;
	prev->kind = "policy-version";
	prev->version_undated = c->version_undated;
	c->kind = "editorial";
	c->tags = c->doc_tags;
	/* an edit of the version it released: no release of its own */
	c->ballot_from = PW_BALLOT_FROM_CURRENT;
	c->version_undated = 0;
}

void pw_classify_link_step(pw_classification **cls, size_t n, size_t i, int pass)
{
	if (i >= n)
		return;
	if (pass == 1) {
		link_follow_up(cls, n, i);
		link_rerelease(cls, n, i);
		link_bump(cls, n, i);
	} else
		link_inherit(cls, n, i);
}

void pw_classify_link(pw_classification **cls, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		link_follow_up(cls, n, i);
		link_rerelease(cls, n, i);
		link_bump(cls, n, i);
	}
	for (i = 0; i < n; i++)
		link_inherit(cls, n, i);
}

/* ---- JSON -------------------------------------------------------------- */

int pw_classification_missing(const pw_classification *c, pw_strlist *out)
{
	const char *kind = c->kind ? c->kind : "editorial";
	size_t i, stated = 0;
	int rc = 0;
	for (i = 0; i < c->ndates; i++)
		stated += !c->dates[i].derived;
	if (!c->ballot && c->expects_id &&
	    (strcmp(kind, "ballot") == 0 || strcmp(kind, "policy-version") == 0))
		rc = pw_strlist_add(out, "no ballot id found");
	if (rc == 0 && c->version_undated)
		rc = pw_strlist_add(out, stated ? "no effective date of the version found in its "
		                                  "header or change-history table"
		                                : "no effective date found");
	if (rc == 0 && c->table_fault) {
		pw_buf b = PW_BUF_INIT;
		rc = pw_buf_printf(&b, "change-history table could not be read (%s)",
		                   c->table_fault);
		if (rc == 0)
			rc = pw_strlist_add(out, b.ptr);
		pw_buf_clear(&b);
	}
	if (rc == 0 && c->table_lost)
		rc = pw_strlist_add(out, "no version found in the header or change-history table");
	return rc;
}

/* Each document's version (record["documents"][i]["version"]) unless the
 * record gives one already. */
static int versions_json(const pw_classification *c, cJSON *record)
{
	cJSON *docs = cJSON_GetObjectItemCaseSensitive(record, "documents"), *it;
	size_t i = 0;
	cJSON_ArrayForEach(it, docs)
	{
		const char *v = i < c->nversions ? c->versions[i] : NULL;
		i++;
		if (cJSON_GetObjectItemCaseSensitive(it, "version"))
			continue;
		if (!(v ? cJSON_AddStringToObject(it, "version", v)
		        : cJSON_AddNullToObject(it, "version")))
			return pw_error_oom();
	}
	return 0;
}

/* {"sections", "text"}: one line that states a date. */
static int date_item_json(cJSON *arr, const pw_strlist *sections, const char *text)
{
	cJSON *o = cJSON_CreateObject();
	int rc;
	if (!o)
		return pw_error_oom();
	cJSON_AddItemToArray(arr, o);
	if ((rc = pw_strlist_to_json(o, "sections", sections)) < 0)
		return rc;
	return cJSON_AddStringToObject(o, "text", text) ? 0 : pw_error_oom();
}

/* A date the text states: {"date", "sections", "text"[, "items"]}. */
static int stated_date_json(cJSON *arr, const pw_effective_date *d)
{
	cJSON *o = cJSON_CreateObject(), *items;
	size_t k;
	int rc;
	if (!o)
		return pw_error_oom();
	cJSON_AddItemToArray(arr, o);
	if (!cJSON_AddStringToObject(o, "date", d->date))
		return pw_error_oom();
	if ((rc = pw_strlist_to_json(o, "sections", &d->sections)) < 0)
		return rc;
	if (!cJSON_AddStringToObject(o, "text", d->text ? d->text : ""))
		return pw_error_oom();
	if (d->nitems <= 1)
		return 0;
	/* the date stated on more lines */
	if (!(items = cJSON_AddArrayToObject(o, "items")))
		return pw_error_oom();
	for (k = 0; k < d->nitems; k++)
		if ((rc = date_item_json(items, &d->items[k].sections, d->items[k].text)) < 0)
			return rc;
	return 0;
}

/* A deadline derived by rules/deadlines.json (not stated by the text):
 * {"date", "text", "root_programs", "certificate_types"} (types: empty when
 * the change's). */
static int derived_date_json(cJSON *arr, const pw_effective_date *d)
{
	cJSON *o = cJSON_CreateObject(), *progs, *types;
	int k;
	if (!o)
		return pw_error_oom();
	cJSON_AddItemToArray(arr, o);
	if (!cJSON_AddStringToObject(o, "date", d->date) ||
	    !cJSON_AddStringToObject(o, "text", d->text ? d->text : "") ||
	    !(progs = cJSON_AddArrayToObject(o, "root_programs")) ||
	    !(types = cJSON_AddArrayToObject(o, "certificate_types")))
		return pw_error_oom();
	for (k = 0; k < PW_TAG_COUNT; k++) {
		cJSON *sname;
		if (!(d->types & (1u << k)))
			continue;
		if (!(sname = cJSON_CreateString(pw_tagset_name(k))))
			return pw_error_oom();
		cJSON_AddItemToArray(types, sname);
	}
	for (k = 0; k < PW_RP_COUNT; k++) {
		char name[16];
		cJSON *sname;
		if (!(d->programs & (1u << k)))
			continue;
		pw_rootprog_text(1u << k, name, sizeof(name));
		if (!(sname = cJSON_CreateString(name)))
			return pw_error_oom();
		cJSON_AddItemToArray(progs, sname);
	}
	return 0;
}

/* record[key]: the dates the text states (derived 0), or the derived
 * deadlines (derived 1). */
static int dates_json(const pw_classification *c, cJSON *record, const char *key, int derived)
{
	cJSON *a = cJSON_AddArrayToObject(record, key);
	size_t i;
	int rc;
	if (!a)
		return pw_error_oom();
	for (i = 0; i < c->ndates; i++) {
		if (!c->dates[i].derived != !derived)
			continue;
		rc = derived ? derived_date_json(a, &c->dates[i])
		             : stated_date_json(a, &c->dates[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int missing_json(const pw_classification *c, cJSON *record)
{
	pw_strlist m = PW_STRLIST_INIT;
	int rc = pw_classification_missing(c, &m);
	if (rc == 0)
		rc = pw_strlist_to_json(record, "missing_signals", &m);
	pw_strlist_clear(&m);
	return rc;
}

static int tags_json(const pw_classification *c, cJSON *record)
{
	cJSON *a = cJSON_AddArrayToObject(record, "tags"), *s;
	int t;
	if (!a)
		return pw_error_oom();
	for (t = 0; t < PW_TAG_COUNT; t++) {
		if (!(c->tags & (1u << t)))
			continue;
		if (!(s = cJSON_CreateString(pw_tagset_name(t))))
			return pw_error_oom();
		cJSON_AddItemToArray(a, s);
	}
	return 0;
}

/* A defined term the change relies on: {"term", "document", "section",
 * "definition", "changed"[, "old_definition"]}. */
static int term_json(cJSON *arr, const pw_term_ref *tr)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return pw_error_oom();
	cJSON_AddItemToArray(arr, o);
	if (!cJSON_AddStringToObject(o, "term", tr->term) ||
	    !cJSON_AddStringToObject(o, "document", tr->document) ||
	    !cJSON_AddStringToObject(o, "section", tr->section) ||
	    !(tr->definition ? cJSON_AddStringToObject(o, "definition", tr->definition)
	                     : cJSON_AddNullToObject(o, "definition")) ||
	    !cJSON_AddBoolToObject(o, "changed", tr->changed))
		return pw_error_oom();
	if (tr->changed &&
	    !(tr->old_definition ? cJSON_AddStringToObject(o, "old_definition", tr->old_definition)
	                         : cJSON_AddNullToObject(o, "old_definition")))
		return pw_error_oom();
	return 0;
}

static int terms_json(const pw_classification *c, cJSON *record)
{
	cJSON *a = cJSON_AddArrayToObject(record, "terms");
	size_t i;
	int rc;
	if (!a)
		return pw_error_oom();
	for (i = 0; i < c->nterms; i++)
		if ((rc = term_json(a, &c->terms[i])) < 0)
			return rc;
	return 0;
}

int pw_classification_to_json(const pw_classification *c, cJSON *record)
{
	int rc;
	if (!(c->ballot ? cJSON_AddStringToObject(record, "ballot", c->ballot)
	                : cJSON_AddNullToObject(record, "ballot")) ||
	    !cJSON_AddStringToObject(record, "kind", c->kind ? c->kind : "editorial"))
		return pw_error_oom();
	if ((rc = versions_json(c, record)) < 0 ||
	    (rc = pw_strlist_to_json(record, "sections", &c->sections)) < 0 ||
	    (rc = dates_json(c, record, "effective_dates", 0)) < 0 ||
	    (rc = dates_json(c, record, "derived_deadlines", 1)) < 0 ||
	    (rc = missing_json(c, record)) < 0 || (rc = tags_json(c, record)) < 0 ||
	    (rc = terms_json(c, record)) < 0)
		return rc;
	return 0;
}
