#include "classify/tags.h"

#include "util/error.h"
#include "util/json.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* The byte pair (a, b) as a bit of pw_tags_pairs. */
static unsigned pair_bit(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 31u + b) & (PW_TAGS_PAIR_WORDS * 64u - 1);
}

static void add_pair(pw_tags_pairs *p, unsigned char a, unsigned char b)
{
	unsigned bit = pair_bit(a, b);
	p->bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static void pairs_of(pw_tags_pairs *p, const char *s, size_t n)
{
	size_t i;
	memset(p, 0, sizeof(*p));
	for (i = 1; i < n; i++)
		add_pair(p, (unsigned char)s[i - 1], (unsigned char)s[i]);
}

static void phrases_clear(pw_tags_phrases *p)
{
	pw_strlist_clear(&p->list);
	free(p->pairs);
	p->pairs = NULL;
}

/* The byte pairs of every phrase of p->list. */
static int phrases_index(pw_tags_phrases *p)
{
	size_t i;
	if (!p->list.count)
		return 0;
	if (!(p->pairs = calloc(p->list.count, sizeof(*p->pairs))))
		return pw_error_oom();
	for (i = 0; i < p->list.count; i++)
		pairs_of(&p->pairs[i], p->list.items[i], strlen(p->list.items[i]));
	return 0;
}

void pw_tags_line_init(pw_tags_line *line, const char *lower, size_t len)
{
	line->lower = lower;
	line->len = len;
	pairs_of(&line->pairs, lower, len);
}

void pw_tags_line_join(pw_tags_line *line, const char *lower, size_t len, const pw_tags_line *a,
                       const pw_tags_line *b)
{
	size_t i;
	line->lower = lower;
	line->len = len;
	for (i = 0; i < PW_TAGS_PAIR_WORDS; i++)
		line->pairs.bits[i] = a->pairs.bits[i] | b->pairs.bits[i];
	if (a->len)
		add_pair(&line->pairs, (unsigned char)a->lower[a->len - 1], ' ');
	if (b->len)
		add_pair(&line->pairs, ' ', (unsigned char)b->lower[0]);
}

/* Whether phrase k of `p` stands in `line`. */
static int phrase_in(const pw_tags_phrases *p, size_t k, const pw_tags_line *line)
{
	const pw_tags_pairs *f = &p->pairs[k];
	size_t i;
	for (i = 0; i < PW_TAGS_PAIR_WORDS; i++)
		if (f->bits[i] & ~line->pairs.bits[i])
			return 0;
	return pw_tags_contains(line->lower, line->len, p->list.items[k]);
}

static void rule_free(pw_tag_rule *r)
{
	size_t i;
	pw_strlist_clear(&r->documents);
	pw_strlist_clear(&r->sections);
	pw_strlist_clear(&r->titles);
	pw_strlist_clear(&r->not_titles);
	pw_strlist_clear(&r->sentence);
	pw_strlist_clear(&r->title_starts);
	phrases_clear(&r->none);
	for (i = 0; i < r->nall; i++)
		phrases_clear(&r->all[i]);
	free(r->all);
}

void pw_tags_free(pw_tag_rules *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		rule_free(&r->rules[i]);
	free(r->rules);
	free(r);
}

/* "tags": the names of the tags the rule gives, added to *out. */
static int load_tags(pw_tagset *out, const cJSON *o, const char *file, const char *jp)
{
	const cJSON *arr;
	pw_strlist tags = {NULL, 0};
	char p[512];
	size_t i;
	int rc;

	if ((rc = pw_json_get_array(o, "tags", 1, file, jp, &arr)) < 0)
		return rc;
	pw_json_path_key(p, sizeof(p), jp, "tags");
	if ((rc = pw_strlist_from_array(&tags, arr, 0, file, p)) < 0)
		return rc;
	for (i = 0; i < tags.count; i++) {
		pw_tagset t = pw_tagset_from_name(tags.items[i]);
		if (!t) {
			rc = pw_error_set(PW_EINPUT,
			                  "%s: %s.tags[%zu]: unknown tag '%s' (known: %s)", file,
			                  jp, i, tags.items[i], pw_tagset_list());
			pw_strlist_clear(&tags);
			return rc;
		}
		*out |= t;
	}
	pw_strlist_clear(&tags);
	return 0;
}

/* The phrase groups of r->all: "phrases", one group, then "all", several
 * groups that must all match. */
static int load_phrase_groups(pw_tag_rule *r, const cJSON *o, const char *file, const char *jp)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "all"), *g;
	char p[512];
	int rc, k = 0;

	r->all = calloc((size_t)(arr ? cJSON_GetArraySize(arr) : 0) + 1, sizeof(*r->all));
	if (!r->all)
		return pw_error_oom();
	if (cJSON_GetObjectItemCaseSensitive(o, "phrases")) {
		r->nall = 1;
		if ((rc = pw_strlist_from_json(&r->all[0].list, o, "phrases", 1, file, jp)) < 0 ||
		    (rc = phrases_index(&r->all[0])) < 0)
			return rc;
	}
	if (!arr)
		return 0;
	pw_json_path_key(p, sizeof(p), jp, "all");
	if (!cJSON_IsArray(arr))
		return pw_error_set(PW_EINPUT, "%s: %s: expected an array of arrays", file, p);
	cJSON_ArrayForEach(g, arr)
	{
		char q[512];
		pw_json_path_index(q, sizeof(q), p, k++);
		if (!cJSON_IsArray(g))
			return pw_error_set(PW_EINPUT, "%s: %s: expected an array of strings", file,
			                    q);
		r->nall++;
		if ((rc = pw_strlist_from_array(&r->all[r->nall - 1].list, g, 1, file, q)) < 0 ||
		    (rc = phrases_index(&r->all[r->nall - 1])) < 0)
			return rc;
	}
	return 0;
}

/* o[key] as a flag: 0 when it is absent. */
static int load_flag(int *out, const cJSON *o, const char *key, const char *file, const char *jp)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	if (it && !cJSON_IsBool(it))
		return pw_error_set(PW_EINPUT, "%s: %s.%s: expected true or false", file, jp, key);
	*out = it && cJSON_IsTrue(it);
	return 0;
}

/* "reworded": a whole number from 1 to 1000, 0 when it is absent. */
static int load_reworded(int *out, const cJSON *o, const char *file, const char *jp)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, "reworded");
	if (it && (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > 1000 ||
	           it->valuedouble != (double)(int)it->valuedouble))
		return pw_error_set(
		    PW_EINPUT, "%s: %s.reworded: expected a whole number from 1 to 1000", file, jp);
	*out = it ? (int)it->valuedouble : 0;
	return 0;
}

/* One rule of rules/tags.json, every key checked; "reworded" and "novel"
 * exclude each other, "new_sentence" excludes both; "sentence" excludes
 * "wrapped", "new_sentence" and certificate-type tags. */
static int load_rule(pw_tag_rule *r, const cJSON *o, const char *file, const char *jp)
{
	static const char *const keys[] = {
	    "tags",     "documents",    "sections",   "titles",       "not_titles", "phrases",
	    "all",      "none",         "added_only", "fallback",     "novel",      "wrapped",
	    "reworded", "new_sentence", "sentence",   "title_starts", "comment",    NULL};
	int rc;

	if ((rc = pw_json_check_object(o, file, jp, keys)) < 0 ||
	    (rc = load_tags(&r->tags, o, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->documents, o, "documents", 0, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->sections, o, "sections", 0, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->titles, o, "titles", 1, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->not_titles, o, "not_titles", 1, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->sentence, o, "sentence", 1, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->title_starts, o, "title_starts", 1, file, jp)) < 0 ||
	    (rc = pw_strlist_from_json(&r->none.list, o, "none", 1, file, jp)) < 0 ||
	    (rc = phrases_index(&r->none)) < 0 || (rc = load_phrase_groups(r, o, file, jp)) < 0 ||
	    (rc = load_flag(&r->added_only, o, "added_only", file, jp)) < 0 ||
	    (rc = load_flag(&r->fallback, o, "fallback", file, jp)) < 0 ||
	    (rc = load_flag(&r->novel, o, "novel", file, jp)) < 0 ||
	    (rc = load_flag(&r->wrapped, o, "wrapped", file, jp)) < 0 ||
	    (rc = load_flag(&r->new_sentence, o, "new_sentence", file, jp)) < 0 ||
	    (rc = load_reworded(&r->reworded, o, file, jp)) < 0)
		return rc;
	if (r->reworded && r->novel)
		return pw_error_set(
		    PW_EINPUT, "%s: %s: \"reworded\" and \"novel\" exclude each other", file, jp);
	if (r->new_sentence && (r->reworded || r->novel))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s: \"new_sentence\" excludes \"reworded\" and \"novel\"",
		                    file, jp);
	/* "sentence" is read on a changed line alone: not on lines joined
	 * (wrapped), held sentences (new_sentence), or the paragraphs and
	 * sections read for certificate types */
	if (r->sentence.count && (r->wrapped || r->new_sentence ||
	                          (r->tags & (PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME |
	                                      PW_TAG_CODE_SIGNING | PW_TAG_NETSEC))))
		return pw_error_set(
		    PW_EINPUT,
		    "%s: %s: \"sentence\" excludes \"wrapped\", \"new_sentence\" and "
		    "certificate-type tags",
		    file, jp);
	return 0;
}

int pw_tags_load(pw_tag_rules **out, const char *path)
{
	static const char *const top[] = {"rules", "comment", NULL};
	cJSON *doc = NULL;
	const cJSON *arr, *o;
	pw_tag_rules *r;
	char jp[64];
	int rc, i = 0;

	*out = NULL;
	if ((rc = pw_json_parse_file(&doc, path, 4u << 20)) < 0)
		return rc;
	if ((rc = pw_json_check_object(doc, path, "$", top)) < 0 ||
	    (rc = pw_json_get_array(doc, "rules", 1, path, "$", &arr)) < 0) {
		cJSON_Delete(doc);
		return rc;
	}
	r = calloc(1, sizeof(*r));
	if (r)
		r->rules = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(pw_tag_rule));
	if (!r || !r->rules) {
		free(r);
		cJSON_Delete(doc);
		return pw_error_oom();
	}
	cJSON_ArrayForEach(o, arr)
	{
		pw_json_path_index(jp, sizeof(jp), "$.rules", i++);
		rc = load_rule(&r->rules[r->count], o, path, jp);
		r->count++;
		if (rc < 0)
			break;
	}
	cJSON_Delete(doc);
	if (rc < 0) {
		pw_tags_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int pw_tags_contains(const char *lower, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return 1;
	return n <= len && memmem(lower, len, needle, n) != NULL;
}

int pw_tags_rule_for_doc(const pw_tag_rule *r, const char *doc)
{
	const char *bare = strchr(doc, ':');
	size_t i;
	bare = bare ? bare + 1 : doc;
	if (!r->documents.count)
		return 1;
	for (i = 0; i < r->documents.count; i++)
		if (strcmp(r->documents.items[i], doc) == 0 ||
		    strcmp(r->documents.items[i], bare) == 0)
			return 1;
	return 0;
}

/* pw_tags_contains for text that is not lower-cased yet (a section title): folds
 * ASCII case while comparing, so matching needs no copy (no allocation that
 * could fail and silently turn into "no match"). */
static int contains_fold(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, j;
	if (!n)
		return 1;
	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++) {
			unsigned char c = (unsigned char)text[i + j];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)needle[j])
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

static int section_matches(const char *pat, const char *sec)
{
	size_t n = strlen(pat);
	if (n >= 2 && pat[n - 2] == '.' && pat[n - 1] == '*')
		return strncmp(pat, sec, n - 2) == 0 && (sec[n - 2] == '\0' || sec[n - 2] == '.');
	return strcmp(pat, sec) == 0;
}

int pw_tags_rule_matches(const pw_tag_rule *r, const char *doc, const char *section,
                         const char *title, const pw_tags_line *line, int added)
{
	size_t i, g;
	if (r->fallback || (r->added_only && !added))
		return 0;
	/* the wording first: the pair filter rules most rules out at once */
	for (g = 0; g < r->nall; g++) {
		for (i = 0; i < r->all[g].list.count; i++)
			if (phrase_in(&r->all[g], i, line))
				break;
		if (i == r->all[g].list.count)
			return 0;
	}
	if (doc && !pw_tags_rule_for_doc(r, doc))
		return 0;
	if (r->sections.count) {
		if (!section)
			return 0;
		for (i = 0; i < r->sections.count; i++)
			if (section_matches(r->sections.items[i], section))
				break;
		if (i == r->sections.count)
			return 0;
	}
	if (r->titles.count || r->not_titles.count) {
		size_t tl = title ? strlen(title) : 0;
		int hit = 0, veto = 0;
		if (!tl && r->titles.count)
			return 0;
		for (i = 0; i < r->titles.count && !hit; i++)
			hit = contains_fold(title, tl, r->titles.items[i]);
		for (i = 0; i < r->not_titles.count && !veto; i++)
			veto = contains_fold(title, tl, r->not_titles.items[i]);
		if ((r->titles.count && !hit) || veto)
			return 0;
	}
	if (r->title_starts.count) {
		size_t tl;
		int hit = 0;
		while (title && (*title == ' ' || *title == '\t'))
			title++;
		tl = title ? strlen(title) : 0;
		for (i = 0; i < r->title_starts.count && !hit; i++) {
			size_t n = strlen(r->title_starts.items[i]);
			hit = n <= tl && contains_fold(title, n, r->title_starts.items[i]);
		}
		if (!hit)
			return 0;
	}
	for (i = 0; i < r->none.list.count; i++)
		if (phrase_in(&r->none, i, line))
			return 0;
	return 1;
}
