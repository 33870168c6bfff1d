#include "core/obligrules.h"

#include "core/sources.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define RULES_MAX (1024 * 1024)

static void strv_free(char **v)
{
	size_t i;
	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* A NULL-terminated copy of the strings of array obj[key] (optional unless
 * `required`); an empty or absent list is a list of none. */
static int strv_get(char ***out, const cJSON *obj, const char *key, int required, const char *file,
                    const char *jpath)
{
	const cJSON *arr, *v;
	char p[256], q[256];
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = pw_json_get_array(obj, key, required, file, jpath, &arr)) < 0)
		return rc;
	if (!(*out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *))))
		return pw_error_oom();
	cJSON_ArrayForEach(v, arr)
	{
		if (!cJSON_IsString(v) || !*v->valuestring) {
			pw_json_path_key(q, sizeof(q), jpath, key);
			pw_json_path_index(p, sizeof(p), q, (int)n);
			return pw_error_set(PW_EINPUT, "%s: %s: expected a non-empty string", file,
			                    p);
		}
		if (!((*out)[n++] = strdup(v->valuestring)))
			return pw_error_oom();
	}
	if (required && n == 0) {
		pw_json_path_key(p, sizeof(p), jpath, key);
		return pw_error_set(PW_EINPUT, "%s: %s: expected at least one entry", file, p);
	}
	return 0;
}

pw_tagset pw_obligrules_types(pw_tagset tsp_types)
{
	return tsp_types & PW_TAG_EV ? tsp_types | PW_TAG_TLS : tsp_types;
}

const char *pw_obligrules_scheme_name(int scheme)
{
	return scheme == PW_AUDIT_ETSI ? "etsi" : scheme == PW_AUDIT_WEBTRUST ? "webtrust" : "any";
}

static int parse_scheme(int *out, const cJSON *o, int required, const char *file, const char *jpath)
{
	const char *s;
	char p[256];
	int rc;
	*out = PW_AUDIT_ANY;
	if ((rc = pw_json_get_string(o, "scheme", required, file, jpath, &s)) < 0 || !s)
		return rc;
	if (strcmp(s, "etsi") == 0)
		*out = PW_AUDIT_ETSI;
	else if (strcmp(s, "webtrust") == 0)
		*out = PW_AUDIT_WEBTRUST;
	else if (strcmp(s, "any") != 0) {
		pw_json_path_key(p, sizeof(p), jpath, "scheme");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not etsi, webtrust or any", file, p,
		                    s);
	}
	return 0;
}

static int parse_criterion(pw_criterion *c, const cJSON *o, const char *file, const char *jpath)
{
	static const char *const keys[] = {"name",      "scheme", "match", "includes",
	                                   "documents", "role",   NULL};
	const char *name, *role;
	int rc;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "name", 1, file, jpath, &name)) < 0 ||
	    (rc = pw_json_get_string(o, "role", 0, file, jpath, &role)) < 0 ||
	    (rc = parse_scheme(&c->scheme, o, 1, file, jpath)) < 0)
		return rc;
	if (role && strcmp(role, "auditor") != 0) {
		char p[256];
		pw_json_path_key(p, sizeof(p), jpath, "role");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not auditor", file, p, role);
	}
	c->auditor = role != NULL;
	if (!(c->name = strdup(name)))
		return pw_error_oom();
	if ((rc = strv_get(&c->match, o, "match", 1, file, jpath)) < 0 ||
	    (rc = strv_get(&c->includes, o, "includes", 0, file, jpath)) < 0 ||
	    (rc = strv_get(&c->documents, o, "documents", 0, file, jpath)) < 0)
		return rc;
	return 0;
}

static int parse_milestone(pw_obligrule_milestone *m, const cJSON *o, const char *file,
                           const char *jpath)
{
	static const char *const keys[] = {"what", "from", "days", "done_when", NULL};
	static const char *const whens[] = {"officer", "imported", "fresh", "accepted", NULL};
	const char *what, *from, *when;
	int rc;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "what", 1, file, jpath, &what)) < 0 ||
	    (rc = pw_json_get_string(o, "from", 1, file, jpath, &from)) < 0 ||
	    (rc = pw_json_get_string(o, "done_when", 0, file, jpath, &when)) < 0 ||
	    (rc = pw_json_get_int(o, "days", 1, -3650, 3650, file, jpath, &m->days)) < 0)
		return rc;
	if (strcmp(from, "due") == 0)
		m->from = PW_MS_FROM_DUE;
	else if (strcmp(from, "period_start") == 0)
		m->from = PW_MS_FROM_PERIOD_START;
	else if (strcmp(from, "period_end") == 0)
		m->from = PW_MS_FROM_PERIOD_END;
	else {
		char p[256];
		pw_json_path_key(p, sizeof(p), jpath, "from");
		return pw_error_set(PW_EINPUT,
		                    "%s: %s: '%s' is not due, period_start or period_end", file, p,
		                    from);
	}
	for (m->done_when = 0; when && whens[m->done_when]; m->done_when++)
		if (strcmp(when, whens[m->done_when]) == 0)
			break;
	if (when && !whens[m->done_when]) {
		char p[256];
		pw_json_path_key(p, sizeof(p), jpath, "done_when");
		return pw_error_set(PW_EINPUT,
		                    "%s: %s: '%s' is not officer, imported, fresh or accepted",
		                    file, p, when);
	}
	if (!when)
		m->done_when = PW_MS_DONE_OFFICER;
	return (m->what = strdup(what)) ? 0 : pw_error_oom();
}

/* {"types": [certificate types], "document": "source:path"} */
static int parse_document(pw_obligrule_document *d, const cJSON *o, const char *file,
                          const char *jpath)
{
	static const char *const keys[] = {"types", "document", "template", NULL};
	const cJSON *types, *v;
	const char *doc, *tmpl;
	char p[256];
	int rc, i = 0;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_array(o, "types", 1, file, jpath, &types)) < 0 ||
	    (rc = pw_json_get_string(o, "document", 1, file, jpath, &doc)) < 0 ||
	    (rc = pw_json_get_string(o, "template", 0, file, jpath, &tmpl)) < 0)
		return rc;
	if (!strchr(doc, ':') || doc[0] == ':' || !strchr(doc, ':')[1]) {
		pw_json_path_key(p, sizeof(p), jpath, "document");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not source:path", file, p, doc);
	}
	if (tmpl && (!strchr(tmpl, ':') || tmpl[0] == ':' || !strchr(tmpl, ':')[1])) {
		pw_json_path_key(p, sizeof(p), jpath, "template");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not source:path", file, p, tmpl);
	}
	if (tmpl && !(d->template = strdup(tmpl)))
		return pw_error_oom();
	cJSON_ArrayForEach(v, types)
	{
		pw_tagset bit = cJSON_IsString(v) ? pw_tagset_from_name(v->valuestring) : 0;
		if (!(bit & (PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING))) {
			char q[256];
			pw_json_path_key(q, sizeof(q), jpath, "types");
			pw_json_path_index(p, sizeof(p), q, i);
			return pw_error_set(PW_EINPUT,
			                    "%s: %s: not a certificate type (tls, ev, smime, "
			                    "code-signing)",
			                    file, p);
		}
		d->types |= bit;
		i++;
	}
	if (!d->types) {
		pw_json_path_key(p, sizeof(p), jpath, "types");
		return pw_error_set(PW_EINPUT, "%s: %s: expected at least one entry", file, p);
	}
	return (d->document = strdup(doc)) ? 0 : pw_error_oom();
}

/* The keys of a self-assessment rule: after_period_end_days,
 * superseded_days, documents (all three, or none). */
static int parse_self_assessment(pw_obligrule *r, const cJSON *o, const char *file,
                                 const char *jpath)
{
	const cJSON *docs, *v, *tm = cJSON_GetObjectItemCaseSensitive(o, "template_milestone");
	char p[256];
	int rc, i = 0;
	if (tm) {
		pw_json_path_key(p, sizeof(p), jpath, "template_milestone");
		if ((rc = parse_milestone(&r->template_milestone, tm, file, p)) < 0)
			return rc;
		r->template_milestone.done_when = PW_MS_DONE_OFFICER;
	}
	if ((rc = pw_json_get_array(o, "documents", 0, file, jpath, &docs)) < 0 ||
	    (rc = pw_json_get_int(o, "after_period_end_days", docs != NULL, 1, 3650, file, jpath,
	                          &r->after_period_end)) < 0 ||
	    (rc = pw_json_get_int(o, "superseded_days", docs != NULL, 0, 3650, file, jpath,
	                          &r->superseded_days)) < 0)
		return rc;
	if (!docs && r->after_period_end)
		return pw_error_set(PW_EINPUT, "%s: %s: missing required key \"documents\"", file,
		                    jpath);
	if (docs && !cJSON_GetArraySize(docs)) {
		pw_json_path_key(p, sizeof(p), jpath, "documents");
		return pw_error_set(PW_EINPUT, "%s: %s: expected at least one entry", file, p);
	}
	if (docs &&
	    !(r->documents = calloc((size_t)cJSON_GetArraySize(docs), sizeof(*r->documents))))
		return pw_error_oom();
	cJSON_ArrayForEach(v, docs)
	{
		char q[256];
		pw_json_path_key(p, sizeof(p), jpath, "documents");
		pw_json_path_index(q, sizeof(q), p, i++);
		r->ndocuments++;
		if ((rc = parse_document(&r->documents[r->ndocuments - 1], v, file, q)) < 0)
			return rc;
	}
	return 0;
}

static int parse_rule(pw_obligrule *r, const cJSON *o, const char *file, const char *jpath)
{
	static const char *const keys[] = {"id",
	                                   "scheme",
	                                   "kind",
	                                   "what",
	                                   "phrases",
	                                   "not_phrases",
	                                   "milestones",
	                                   "after_period_end_days",
	                                   "superseded_days",
	                                   "documents",
	                                   "template_milestone",
	                                   NULL};
	const char *id, *kind, *what;
	const cJSON *ms, *v;
	char p[256];
	int rc, i = 0;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "id", 1, file, jpath, &id)) < 0 ||
	    (rc = pw_json_get_string(o, "kind", 1, file, jpath, &kind)) < 0 ||
	    (rc = pw_json_get_string(o, "what", 1, file, jpath, &what)) < 0 ||
	    (rc = pw_json_get_array(o, "milestones", 0, file, jpath, &ms)) < 0 ||
	    (rc = parse_scheme(&r->scheme, o, 0, file, jpath)) < 0)
		return rc;
	if (!(r->id = strdup(id)) || !(r->kind = strdup(kind)) || !(r->what = strdup(what)))
		return pw_error_oom();
	if ((rc = strv_get(&r->phrases, o, "phrases", 0, file, jpath)) < 0 ||
	    (rc = strv_get(&r->not_phrases, o, "not_phrases", 0, file, jpath)) < 0 ||
	    (rc = parse_self_assessment(r, o, file, jpath)) < 0)
		return rc;
	if (ms && cJSON_GetArraySize(ms) > 0 &&
	    !(r->milestones = calloc((size_t)cJSON_GetArraySize(ms), sizeof(*r->milestones))))
		return pw_error_oom();
	cJSON_ArrayForEach(v, ms)
	{
		char q[256];
		pw_json_path_key(p, sizeof(p), jpath, "milestones");
		pw_json_path_index(q, sizeof(q), p, i++);
		r->nmilestones++;
		if ((rc = parse_milestone(&r->milestones[r->nmilestones - 1], v, file, q)) < 0)
			return rc;
	}
	return 0;
}

static int parse_checkins(pw_obligrules *r, const cJSON *json, const char *file)
{
	static const char *const keys[] = {"far_every_days", "near_every_days", "near_within_days",
	                                   "escalate_every_days", NULL};
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(json, "checkins");
	int rc;
	r->far_every = 14;
	r->near_every = 7;
	r->near_within = 90;
	r->escalate_every = 7;
	if (!o)
		return 0;
	if ((rc = pw_json_check_object(o, file, "$.checkins", keys)) < 0 ||
	    (rc = pw_json_get_int(o, "far_every_days", 0, 1, 365, file, "$.checkins",
	                          &r->far_every)) < 0 ||
	    (rc = pw_json_get_int(o, "near_every_days", 0, 1, 365, file, "$.checkins",
	                          &r->near_every)) < 0 ||
	    (rc = pw_json_get_int(o, "near_within_days", 0, 0, 3650, file, "$.checkins",
	                          &r->near_within)) < 0 ||
	    (rc = pw_json_get_int(o, "escalate_every_days", 0, 1, 365, file, "$.checkins",
	                          &r->escalate_every)) < 0)
		return rc;
	return 0;
}

/* Every name in `includes` must be a criterion of the file. */
static int check_includes(const pw_obligrules *r)
{
	size_t i, j;
	for (i = 0; i < r->ncriteria; i++)
		for (j = 0; r->criteria[i].includes[j]; j++)
			if (!pw_obligrules_by_name(r, r->criteria[i].includes[j]))
				return pw_error_set(
				    PW_EINPUT,
				    "%s: $.criteria[%zu].includes[%zu]: '%s' is not "
				    "the name of a criterion",
				    r->file, i, j, r->criteria[i].includes[j]);
	return 0;
}

static int parse(pw_obligrules *r, const cJSON *json)
{
	static const char *const keys[] = {
	    "comment",  "criteria", "requirement_sections", "audit_only_sections", "rules",
	    "checkins", NULL};
	const cJSON *crit, *rules, *v;
	const char *file = r->file;
	char p[64];
	int rc, i = 0;

	if ((rc = pw_json_check_object(json, file, "$", keys)) < 0 ||
	    (rc = pw_json_get_array(json, "criteria", 1, file, "$", &crit)) < 0 ||
	    (rc = pw_json_get_array(json, "rules", 1, file, "$", &rules)) < 0 ||
	    (rc = strv_get(&r->requirement_sections, json, "requirement_sections", 0, file, "$")) <
	        0 ||
	    (rc = strv_get(&r->audit_only_sections, json, "audit_only_sections", 0, file, "$")) <
	        0 ||
	    (rc = parse_checkins(r, json, file)) < 0)
		return rc;
	if (!(r->criteria = calloc((size_t)cJSON_GetArraySize(crit) + 1, sizeof(*r->criteria))) ||
	    !(r->rules = calloc((size_t)cJSON_GetArraySize(rules) + 1, sizeof(*r->rules))))
		return pw_error_oom();
	cJSON_ArrayForEach(v, crit)
	{
		pw_json_path_index(p, sizeof(p), "$.criteria", i++);
		r->ncriteria++;
		if ((rc = parse_criterion(&r->criteria[r->ncriteria - 1], v, file, p)) < 0)
			return rc;
		if (pw_obligrules_by_name(r, r->criteria[r->ncriteria - 1].name) !=
		    &r->criteria[r->ncriteria - 1])
			return pw_error_set(PW_EINPUT, "%s: %s.name: '%s' is listed twice", file, p,
			                    r->criteria[r->ncriteria - 1].name);
	}
	i = 0;
	cJSON_ArrayForEach(v, rules)
	{
		pw_json_path_index(p, sizeof(p), "$.rules", i++);
		r->nrules++;
		if ((rc = parse_rule(&r->rules[r->nrules - 1], v, file, p)) < 0)
			return rc;
		if (pw_obligrules_rule(r, r->rules[r->nrules - 1].id) != &r->rules[r->nrules - 1])
			return pw_error_set(PW_EINPUT, "%s: %s.id: '%s' is listed twice", file, p,
			                    r->rules[r->nrules - 1].id);
	}
	return check_includes(r);
}

int pw_obligrules_load(pw_obligrules **out, const char *rules_dir)
{
	pw_obligrules *r;
	cJSON *json = NULL;
	int rc;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))))
		return pw_error_oom();
	if (!(r->file = pw_path_join(rules_dir ? rules_dir : pw_sources_rules_dir(),
	                             "obligations.json"))) {
		free(r);
		return PW_ENOMEM;
	}
	rc = pw_json_parse_file(&json, r->file, RULES_MAX);
	if (rc == PW_ENOTFOUND)
		rc = pw_error_set(PW_EINPUT, "%s: missing (the obligation rules)", r->file);
	if (rc == 0)
		rc = parse(r, json);
	cJSON_Delete(json);
	if (rc < 0) {
		pw_obligrules_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void pw_obligrules_free(pw_obligrules *r)
{
	size_t i, j;
	if (!r)
		return;
	for (i = 0; i < r->ncriteria; i++) {
		free(r->criteria[i].name);
		strv_free(r->criteria[i].match);
		strv_free(r->criteria[i].includes);
		strv_free(r->criteria[i].documents);
	}
	for (i = 0; i < r->nrules; i++) {
		free(r->rules[i].id);
		free(r->rules[i].kind);
		free(r->rules[i].what);
		strv_free(r->rules[i].phrases);
		strv_free(r->rules[i].not_phrases);
		for (j = 0; j < r->rules[i].nmilestones; j++)
			free(r->rules[i].milestones[j].what);
		free(r->rules[i].milestones);
		for (j = 0; j < r->rules[i].ndocuments; j++) {
			free(r->rules[i].documents[j].document);
			free(r->rules[i].documents[j].template);
		}
		free(r->rules[i].template_milestone.what);
		free(r->rules[i].documents);
	}
	free(r->criteria);
	free(r->rules);
	strv_free(r->requirement_sections);
	strv_free(r->audit_only_sections);
	free(r->file);
	free(r);
}

const pw_criterion *pw_obligrules_by_name(const pw_obligrules *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->ncriteria; i++)
		if (strcmp(r->criteria[i].name, name) == 0)
			return &r->criteria[i];
	return NULL;
}

const pw_obligrule *pw_obligrules_rule(const pw_obligrules *r, const char *id)
{
	size_t i;
	for (i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].id, id) == 0)
			return &r->rules[i];
	return NULL;
}

/* Bytes of the separator character at s[i] (space, tab, '-', en or em
 * dash), 0 when s[i] is none. */
static size_t sep_at(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '-')
		return 1;
	if (i + 2 < len && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	return 0;
}

static int word_char(const char *s, size_t len, size_t i)
{
	return i < len && isalnum((unsigned char)s[i]);
}

/* The end of pattern `p` matched in t at i, or 0. */
static size_t match_at(const char *t, size_t len, size_t i, const char *p)
{
	size_t plen = strlen(p), j = 0, k;
	while (j < plen) {
		if (sep_at(p, plen, j)) {
			size_t seen = 0;
			while ((k = sep_at(p, plen, j)))
				j += k;
			while ((k = sep_at(t, len, i))) {
				i += k;
				seen++;
			}
			if (!seen)
				return 0;
			continue;
		}
		if (i >= len || tolower((unsigned char)t[i]) != tolower((unsigned char)p[j]))
			return 0;
		i++;
		j++;
	}
	return word_char(t, len, i) ? 0 : i;
}

/* After a name: [,] [version] v1.2.3 or 1.2.3; the end of the version, or 0. */
static size_t version_at(const char *t, size_t len, size_t i, char out[24])
{
	size_t k, start, n;
	while (i < len && (t[i] == ' ' || t[i] == ','))
		i++;
	if (i + 8 <= len && strncasecmp(t + i, "version ", 8) == 0)
		i += 8;
	else if ((k = sep_at(t, len, i)) && t[i] != ' ') {
		i += k;
		while (i < len && t[i] == ' ')
			i++;
		if (i + 8 <= len && strncasecmp(t + i, "version ", 8) == 0)
			i += 8;
		else
			return 0;
	}
	if (i < len && (t[i] == 'v' || t[i] == 'V'))
		i++;
	start = i;
	while (i < len && (isdigit((unsigned char)t[i]) || t[i] == '.'))
		i++;
	while (i > start && t[i - 1] == '.')
		i--;
	if (i == start || word_char(t, len, i))
		return 0;
	n = i - start < 20 ? i - start : 20;
	out[0] = 'v';
	memcpy(out + 1, t + start, n);
	out[n + 1] = '\0';
	return i;
}

/* The longest criterion name starting at t[i]: its end, *c set; 0 if none. */
static size_t longest_at(const pw_obligrules *r, const char *t, size_t len, size_t i,
                         const pw_criterion **c)
{
	size_t k, m, best = 0, end;
	for (k = 0; k < r->ncriteria; k++)
		for (m = 0; r->criteria[k].match[m]; m++)
			if ((end = match_at(t, len, i, r->criteria[k].match[m])) > best) {
				best = end;
				*c = &r->criteria[k];
			}
	return best;
}

int pw_obligrules_find(pw_criterion_hit **out, size_t *n, const pw_obligrules *r, const char *text,
                       size_t len)
{
	size_t i = 0, cap = 0;
	*out = NULL;
	*n = 0;
	while (i < len) {
		const pw_criterion *c = NULL;
		size_t end, vend;
		char version[24] = "";
		if (word_char(text, len, i) && (i == 0 || !word_char(text, len, i - 1)) &&
		    (end = longest_at(r, text, len, i, &c))) {
			pw_criterion_hit *h;
			if (*n == cap) {
				cap = cap ? 2 * cap : 4;
				if (!(h = realloc(*out, cap * sizeof(*h)))) {
					free(*out);
					*out = NULL;
					*n = 0;
					return pw_error_oom();
				}
				*out = h;
			}
			if ((vend = version_at(text, len, end, version)))
				end = vend;
			h = &(*out)[(*n)++];
			h->criterion = c;
			h->start = i;
			h->end = end;
			memcpy(h->version, version, sizeof(version));
			i = end;
			continue;
		}
		i++;
	}
	return 0;
}

const pw_criterion *pw_obligrules_criterion(const pw_obligrules *r, const char *s, char version[24])
{
	const pw_criterion *c = NULL;
	size_t len = strlen(s), end, vend;
	char v[24] = "";
	while (len && s[len - 1] == ' ')
		len--;
	if (!(end = longest_at(r, s, len, 0, &c)))
		return NULL;
	if ((vend = version_at(s, len, end, v)))
		end = vend;
	if (end != len)
		return NULL;
	if (version)
		memcpy(version, v, sizeof(v));
	return c;
}

static int covers(const pw_obligrules *r, const pw_criterion *have, const pw_criterion *c,
                  int depth)
{
	size_t i;
	if (have == c)
		return 1;
	if (depth > 8)
		return 0;
	for (i = 0; have->includes[i]; i++) {
		const pw_criterion *inc = pw_obligrules_by_name(r, have->includes[i]);
		if (inc && covers(r, inc, c, depth + 1))
			return 1;
	}
	return 0;
}

int pw_obligrules_covers(const pw_obligrules *r, char *const *have, const pw_criterion *c)
{
	size_t i;
	for (i = 0; have && have[i]; i++) {
		const pw_criterion *h = pw_obligrules_by_name(r, have[i]);
		if (h && covers(r, h, c, 0))
			return 1;
	}
	return 0;
}
