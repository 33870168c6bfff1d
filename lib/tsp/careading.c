/* Indicative readings for per-CA questions: see careading.h. */
#include "tsp/careading.h"

#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "core/sources.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The criterion's name in another language: "criterion_texts": {"nl": ...}. */
typedef struct {
	char lang[8];
	char *text;
} translation;

struct pw_careading_rule {
	char *term, *criterion;
	pw_tagset types;
	char cutoff[11];
	translation *texts;
	size_t ntexts;
};
typedef struct pw_careading_rule rule;

struct pw_careadings {
	rule *items;
	size_t count;
};

void pw_careadings_free(pw_careadings *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++) {
		size_t k;
		free(r->items[i].term);
		free(r->items[i].criterion);
		for (k = 0; k < r->items[i].ntexts; k++)
			free(r->items[i].texts[k].text);
		free(r->items[i].texts);
	}
	free(r->items);
	free(r);
}

/* "criterion_texts": {"<language>": "<the criterion's name in it>", ...} */
static int parse_texts(rule *out, const cJSON *texts, const char *file, const char *jpath)
{
	const cJSON *t;
	size_t n;
	if (!cJSON_IsObject(texts))
		return pw_error_set(PW_EINPUT, "%s: %s.criterion_texts: not an object", file,
		                    jpath);
	n = (size_t)cJSON_GetArraySize(texts);
	if (n && !(out->texts = calloc(n, sizeof(*out->texts))))
		return pw_error_oom();
	cJSON_ArrayForEach(t, texts)
	{
		translation *x = &out->texts[out->ntexts];
		size_t len = strlen(t->string);
		if (len < 2 || len >= sizeof(x->lang) ||
		    strspn(t->string, "abcdefghijklmnopqrstuvwxyz-") != len)
			return pw_error_set(PW_EINPUT,
			                    "%s: %s.criterion_texts: '%s' is not a language code",
			                    file, jpath, t->string);
		if (!cJSON_IsString(t) || !*t->valuestring)
			return pw_error_set(PW_EINPUT, "%s: %s.criterion_texts.%s: not a text",
			                    file, jpath, t->string);
		memcpy(x->lang, t->string, len + 1);
		if (!(x->text = strdup(t->valuestring)))
			return pw_error_oom();
		out->ntexts++;
	}
	return 0;
}

static int parse_rule(rule *out, const cJSON *o, const char *file, const char *jpath)
{
	static const char *const keys[] = {
	    "term", "criterion", "types", "not_before_before", "criterion_texts", "comment", NULL};
	const char *term, *crit, *cut;
	const cJSON *types, *t, *texts;
	int rc, i = 0;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "term", 1, file, jpath, &term)) < 0 ||
	    (rc = pw_json_get_string(o, "criterion", 1, file, jpath, &crit)) < 0 ||
	    (rc = pw_json_get_string(o, "not_before_before", 1, file, jpath, &cut)) < 0 ||
	    (rc = pw_json_get_array(o, "types", 1, file, jpath, &types)) < 0)
		return rc;
	if (!pw_day_valid(cut))
		return pw_error_set(PW_EINPUT, "%s: %s.not_before_before: '%s' is not a date", file,
		                    jpath, cut);
	cJSON_ArrayForEach(t, types)
	{
		pw_tagset tag = cJSON_IsString(t) ? pw_tagset_from_name(t->valuestring) : 0;
		if (!(tag & PW_TSP_CERT_TYPES))
			return pw_error_set(PW_EINPUT, "%s: %s.types[%d]: not a certificate type",
			                    file, jpath, i);
		out->types |= tag;
		i++;
	}
	memcpy(out->cutoff, cut, 11);
	out->term = strdup(term);
	out->criterion = strdup(crit);
	if (!out->term || !out->criterion)
		return pw_error_oom();
	texts = cJSON_GetObjectItemCaseSensitive(o, "criterion_texts");
	return texts ? parse_texts(out, texts, file, jpath) : 0;
}

int pw_careadings_load(pw_careadings **out, const char *rules_dir)
{
	static const char *const keys[] = {"comment", "readings", NULL};
	pw_careadings *r = calloc(1, sizeof(*r));
	char *path =
	    pw_path_join(rules_dir ? rules_dir : pw_sources_rules_dir(), "extant_cas.json");
	cJSON *doc = NULL;
	const cJSON *arr = NULL, *o;
	int rc = 0, i = 0;
	*out = NULL;
	if (!r || !path) {
		free(path);
		free(r);
		return pw_error_oom();
	}
	if (access(path, F_OK) == 0 && (rc = pw_json_parse_file(&doc, path, 1u << 20)) == 0 &&
	    (rc = pw_json_check_object(doc, path, "$", keys)) == 0 &&
	    (rc = pw_json_get_array(doc, "readings", 1, path, "$", &arr)) == 0) {
		size_t n = (size_t)cJSON_GetArraySize(arr);
		if (n && !(r->items = calloc(n, sizeof(rule))))
			rc = pw_error_oom();
		cJSON_ArrayForEach(o, arr)
		{
			char p[64];
			if (rc < 0)
				break;
			pw_json_path_index(p, sizeof(p), "$.readings", i++);
			rc = parse_rule(&r->items[r->count++], o, path, p);
		}
	}
	cJSON_Delete(doc);
	free(path);
	if (rc < 0) {
		pw_careadings_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void pw_careading_clear(pw_careading *r)
{
	free(r->reason);
	memset(r, 0, sizeof(*r));
}

static int names_term(const pw_classification *c, const char *term)
{
	size_t i;
	for (i = 0; i < c->nterms; i++)
		if (strcmp(c->terms[i].term, term) == 0 && c->terms[i].definition)
			return 1;
	return 0;
}

int pw_careading_for(pw_careading *out, const pw_careadings *r, const pw_classification *c,
                     const pw_tsp_ca *ca)
{
	size_t i;
	memset(out, 0, sizeof(*out));
	for (i = 0; r && i < r->count; i++) {
		const rule *u = &r->items[i];
		pw_buf b = PW_BUF_INIT;
		int before;
		if (!(u->types & ca->types) || !names_term(c, u->term))
			continue;
		before = strcmp(ca->not_before, u->cutoff) < 0;
		if (pw_buf_printf(&b,
		                  before
		                      ? "notBefore %s is before %s: this CA meets %s of \"%s\""
		                      : "notBefore %s is not before %s: this CA does not meet %s "
		                        "of \"%s\", so it is not one",
		                  ca->not_before, u->cutoff, u->criterion, u->term) < 0) {
			pw_buf_clear(&b);
			return pw_error_oom();
		}
		out->answer = before ? "yes" : "no";
		out->reason = pw_buf_detach(&b);
		out->not_before = ca->not_before;
		out->cutoff = u->cutoff;
		out->criterion = u->criterion;
		out->term = u->term;
		out->rule = u;
		return 1;
	}
	return 0;
}

const char *pw_careading_criterion_in(const pw_careading *r, const char *lang)
{
	size_t i;
	for (i = 0; r->rule && lang && i < r->rule->ntexts; i++)
		if (strcmp(r->rule->texts[i].lang, lang) == 0)
			return r->rule->texts[i].text;
	return r->criterion;
}
