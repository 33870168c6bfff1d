#include "core/tsp.h"

#include "core/rootprog.h"

#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TSP_MAX (256 * 1024)

int pw_tsp_id_valid(const char *id)
{
	const char *p;
	if (!id || !*id || strlen(id) > 64)
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

const char *pw_tsp_scheme_name(int scheme)
{
	return scheme == PW_AUDIT_WEBTRUST ? "webtrust" : "etsi";
}

char *pw_tsp_types_text(pw_tagset types, char *dst, size_t n)
{
	size_t len = 0;
	int i;
	if (n)
		dst[0] = '\0';
	for (i = 0; i < PW_TAG_COUNT; i++) {
		if (!(types & (1u << i)))
			continue;
		len += (size_t)snprintf(dst + (len < n ? len : n), len < n ? n - len : 0, "%s%s",
		                        len ? ", " : "", pw_tagset_name(i));
	}
	return dst;
}

void pw_tsp_clear(pw_tsp *t)
{
	size_t i;
	if (!t)
		return;
	for (i = 0; i < t->nusers; i++) {
		free(t->users[i].name);
		free(t->users[i].email);
	}
	for (i = 0; i < t->ncas; i++)
		free(t->cas[i].name);
	for (i = 0; t->audit.criteria && t->audit.criteria[i]; i++) {
		free(t->audit.criteria[i]);
		free(t->audit.versions[i]);
	}
	free(t->audit.criteria);
	free(t->audit.versions);
	free(t->audit.body);
	free(t->users);
	free(t->cas);
	free(t->id);
	free(t->file);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

void pw_tsps_clear(pw_tsps *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		pw_tsp_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* A non-empty list of distinct certificate types at `jpath`. */
static int parse_types(const cJSON *arr, const char *file, const char *jpath, pw_tagset *out)
{
	const cJSON *v;
	char p[256];
	int i = 0;
	*out = 0;
	if (!cJSON_IsArray(arr))
		return pw_error_set(PW_EINPUT, "%s: %s: expected a list of certificate types", file,
		                    jpath);
	cJSON_ArrayForEach(v, arr)
	{
		pw_tagset bit = cJSON_IsString(v) ? pw_tagset_from_name(v->valuestring) : 0;
		pw_json_path_index(p, sizeof(p), jpath, i++);
		if (!cJSON_IsString(v))
			return pw_error_set(PW_EINPUT, "%s: %s: expected a string", file, p);
		if (!(bit & PW_TSP_CERT_TYPES))
			return pw_error_set(
			    PW_EINPUT,
			    "%s: %s: unknown certificate type '%s' (known: tls, ev, "
			    "smime, code-signing)",
			    file, p, v->valuestring);
		if (*out & bit)
			return pw_error_set(PW_EINPUT, "%s: %s: '%s' is listed twice", file, p,
			                    v->valuestring);
		*out |= bit;
	}
	if (!*out)
		return pw_error_set(PW_EINPUT, "%s: %s: at least one certificate type is needed",
		                    file, jpath);
	return 0;
}

static int parse_user(pw_tsp_user *u, const cJSON *o, const char *file, const char *jpath)
{
	static const char *const keys[] = {"name", "email", NULL};
	const char *name, *email, *at;
	char p[256];
	int rc;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "name", 1, file, jpath, &name)) < 0 ||
	    (rc = pw_json_get_string(o, "email", 1, file, jpath, &email)) < 0)
		return rc;
	at = strchr(email, '@');
	if (!at || at == email || !at[1] || strchr(at + 1, '@') || strpbrk(email, " \t\r\n<>")) {
		pw_json_path_key(p, sizeof(p), jpath, "email");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not an e-mail address", file, p,
		                    email);
	}
	if (!*name) {
		pw_json_path_key(p, sizeof(p), jpath, "name");
		return pw_error_set(PW_EINPUT, "%s: %s: empty", file, p);
	}
	if (!(u->name = strdup(name)) || !(u->email = strdup(email)))
		return pw_error_oom();
	return 0;
}

static int parse_ca(pw_tsp_ca *ca, const cJSON *o, const char *file, const char *jpath)
{
	static const char *const keys[] = {"name", "not_before", "types", NULL};
	const char *name, *nb;
	const cJSON *types;
	char p[256];
	int rc;
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "name", 1, file, jpath, &name)) < 0 ||
	    (rc = pw_json_get_string(o, "not_before", 1, file, jpath, &nb)) < 0 ||
	    (rc = pw_json_get_array(o, "types", 1, file, jpath, &types)) < 0)
		return rc;
	if (!pw_day_valid(nb)) {
		pw_json_path_key(p, sizeof(p), jpath, "not_before");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not a date (YYYY-MM-DD)", file, p,
		                    nb);
	}
	pw_json_path_key(p, sizeof(p), jpath, "types");
	if ((rc = parse_types(types, file, p, &ca->types)) < 0)
		return rc;
	memcpy(ca->not_before, nb, 11);
	if (!(ca->name = strdup(name)))
		return pw_error_oom();
	return 0;
}

static int parse_language(pw_tsp *t, const cJSON *json, const char *file)
{
	const char *lang, *p;
	int rc;
	if ((rc = pw_json_get_string(json, "language", 0, file, "$", &lang)) < 0)
		return rc;
	if (!lang)
		lang = "en";
	for (p = lang; *p; p++)
		if (*p < 'a' || *p > 'z')
			break;
	if (*p || p - lang < 2 || p - lang > 8)
		return pw_error_set(PW_EINPUT,
		                    "%s: $.language: '%s' is not a language code such as 'en'",
		                    file, lang);
	memcpy(t->language, lang, (size_t)(p - lang) + 1);
	return 0;
}

static int scheme_from(const char *s, int *out)
{
	*out = strcmp(s, "etsi") == 0       ? PW_AUDIT_ETSI
	       : strcmp(s, "webtrust") == 0 ? PW_AUDIT_WEBTRUST
	                                    : 0;
	return *out != 0;
}

/* "MM-DD" of a day every year has (no 02-29). */
static int month_day_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int m, d;
	if (strlen(s) != 5 || s[2] != '-' || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return 0;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	d = (s[3] - '0') * 10 + (s[4] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

static int parse_criteria(pw_tsp_audit *a, const cJSON *arr, const char *file)
{
	pw_obligrules *rules = NULL;
	const cJSON *v;
	size_t n = 0;
	char p[64];
	int rc = 0;

	if (!(a->criteria = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *))) ||
	    !(a->versions = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *))))
		return pw_error_oom();
	if (cJSON_GetArraySize(arr) > 0 && (rc = pw_obligrules_load(&rules, NULL)) < 0)
		return rc;
	cJSON_ArrayForEach(v, arr)
	{
		const pw_criterion *c;
		char version[24];
		size_t j;
		pw_json_path_index(p, sizeof(p), "$.audit.criteria", (int)n);
		if (!cJSON_IsString(v)) {
			rc = pw_error_set(PW_EINPUT, "%s: %s: expected a string", file, p);
			break;
		}
		if (!(c = pw_obligrules_criterion(rules, v->valuestring, version)) || c->auditor) {
			rc = pw_error_set(
			    PW_EINPUT,
			    "%s: %s: unknown audit criterion '%s' (known: the names in "
			    "%s, e.g. 'ETSI EN 319 411-1', 'WebTrust for CAs')",
			    file, p, v->valuestring, rules->file);
			break;
		}
		if (c->scheme != PW_AUDIT_ANY && c->scheme != a->scheme) {
			rc = pw_error_set(
			    PW_EINPUT, "%s: %s: '%s' is a %s criterion, but the audit scheme is %s",
			    file, p, v->valuestring, pw_obligrules_scheme_name(c->scheme),
			    pw_obligrules_scheme_name(a->scheme));
			break;
		}
		for (j = 0; j < n && strcmp(a->criteria[j], c->name) != 0; j++)
			;
		if (j < n) {
			rc = pw_error_set(PW_EINPUT, "%s: %s: '%s' is listed twice", file, p,
			                  c->name);
			break;
		}
		if (!(a->criteria[n] = strdup(c->name)) || !(a->versions[n] = strdup(version))) {
			free(a->criteria[n]);
			a->criteria[n] = NULL;
			rc = pw_error_oom();
			break;
		}
		n++;
	}
	pw_obligrules_free(rules);
	return rc;
}

/* $.audit, or the older $.audit_scheme: at least one; both must agree. */
static int parse_audit(pw_tsp *t, const cJSON *json, const char *file)
{
	static const char *const keys[] = {"scheme", "period_end", "criteria", "body", NULL};
	const cJSON *audit = cJSON_GetObjectItemCaseSensitive(json, "audit"), *criteria = NULL;
	const char *old = NULL, *scheme = NULL, *period_end = NULL, *body = NULL;
	int rc, s_old = 0;

	if ((rc = pw_json_get_string(json, "audit_scheme", 0, file, "$", &old)) < 0)
		return rc;
	if (old && !scheme_from(old, &s_old))
		return pw_error_set(PW_EINPUT, "%s: $.audit_scheme: '%s' is not etsi or webtrust",
		                    file, old);
	if (cJSON_IsNull(audit))
		audit = NULL;
	if (!audit && !old)
		return pw_error_set(PW_EINPUT, "%s: $: missing required key \"audit\"", file);
	if (audit) {
		if ((rc = pw_json_check_object(audit, file, "$.audit", keys)) < 0 ||
		    (rc = pw_json_get_string(audit, "scheme", !old, file, "$.audit", &scheme)) <
		        0 ||
		    (rc = pw_json_get_string(audit, "period_end", 0, file, "$.audit",
		                             &period_end)) < 0 ||
		    (rc = pw_json_get_array(audit, "criteria", 0, file, "$.audit", &criteria)) <
		        0 ||
		    (rc = pw_json_get_string(audit, "body", 0, file, "$.audit", &body)) < 0)
			return rc;
	}
	if (scheme && !scheme_from(scheme, &t->audit.scheme))
		return pw_error_set(PW_EINPUT, "%s: $.audit.scheme: '%s' is not etsi or webtrust",
		                    file, scheme);
	if (scheme && old && t->audit.scheme != s_old)
		return pw_error_set(PW_EINPUT,
		                    "%s: $.audit_scheme: '%s' disagrees with $.audit.scheme '%s'",
		                    file, old, scheme);
	if (!scheme)
		t->audit.scheme = s_old;
	t->audit_scheme = t->audit.scheme;
	if (period_end && !month_day_valid(period_end))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.audit.period_end: '%s' is not a month and day (MM-DD, "
		                    "e.g. 11-15)",
		                    file, period_end);
	if (period_end)
		memcpy(t->audit.period_end, period_end, 6);
	if (body && !(t->audit.body = strdup(body)))
		return pw_error_oom();
	return parse_criteria(&t->audit, criteria, file);
}

/* $.self_assessment: {"since": "YYYY-MM-DD"}; the cycles count from the
 * audit period end, so the profile must give one. */
static int parse_self_assessment(pw_tsp *t, const cJSON *json, const char *file)
{
	static const char *const keys[] = {"since", NULL};
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(json, "self_assessment");
	const char *since;
	int rc;
	if (!o)
		return 0;
	if (!cJSON_IsObject(o))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.self_assessment: expected an object "
		                    "({\"since\": \"YYYY-MM-DD\"})",
		                    file);
	if ((rc = pw_json_check_object(o, file, "$.self_assessment", keys)) < 0 ||
	    (rc = pw_json_get_string(o, "since", 1, file, "$.self_assessment", &since)) < 0)
		return rc;
	if (!pw_day_valid(since))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.self_assessment.since: '%s' is not a date "
		                    "(YYYY-MM-DD)",
		                    file, since);
	if (!t->audit.period_end[0])
		return pw_error_set(PW_EINPUT,
		                    "%s: $.self_assessment: needs $.audit.period_end (the "
		                    "self-assessment is due after each audit period ends)",
		                    file);
	memcpy(t->self_assessment_since, since, 11);
	return 0;
}

/* An extant CA issues only certificate types the TSP issues. */
static int check_ca(const pw_tsp *t, const pw_tsp_ca *ca, const char *file, const char *jpath)
{
	if (ca->types & ~t->types)
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.types: a type the TSP does not issue (not in "
		                    "$.certificate_types)",
		                    file, jpath);
	return 0;
}

int pw_tsp_check_cas(const pw_tsp *t, const char *today)
{
	char p[64];
	size_t i;
	for (i = 0; i < t->ncas; i++) {
		if (strcmp(t->cas[i].not_before, today) <= 0)
			continue;
		pw_json_path_index(p, sizeof(p), "$.extant_cas", (int)i);
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.not_before: %s is in the future (today is %s): an "
		                    "extant CA exists already",
		                    t->file, p, t->cas[i].not_before, today);
	}
	return 0;
}

/* Validates a parsed profile; `file` names it in messages. On failure `t` is empty. */
static int parse_profile(pw_tsp *t, const char *id, const char *file, const cJSON *json)
{
	static const char *const keys[] = {
	    "name",  "key_users", "certificate_types", "extant_cas",      "audit_scheme",
	    "audit", "language",  "root_programs",     "self_assessment", NULL};
	const cJSON *users, *types, *cas, *v, *programs;
	const char *name;
	char p[256];
	int rc, i;

	memset(t, 0, sizeof(*t));
	if (!pw_tsp_id_valid(id))
		return pw_error_set(PW_EINPUT,
		                    "%s: '%s' is not a TSP id (file names are <id>.json, id made "
		                    "of a-z, 0-9 and '-')",
		                    file, id);
	if ((rc = pw_json_check_object(json, file, "$", keys)) < 0 ||
	    (rc = pw_json_get_string(json, "name", 1, file, "$", &name)) < 0 ||
	    (rc = pw_json_get_array(json, "key_users", 0, file, "$", &users)) < 0 ||
	    (rc = pw_json_get_array(json, "certificate_types", 1, file, "$", &types)) < 0 ||
	    (rc = pw_json_get_array(json, "extant_cas", 0, file, "$", &cas)) < 0 ||
	    (rc = pw_json_get_array(json, "root_programs", 0, file, "$", &programs)) < 0)
		return rc;
	if (!*name)
		return pw_error_set(PW_EINPUT, "%s: $.name: empty", file);
	t->root_programs = PW_RP_ALL; /* absent: every root program */
	if (programs && !cJSON_GetArraySize(programs))
		return pw_error_set(
		    PW_EINPUT, "%s: $.root_programs: empty (leave it out for every root program)",
		    file);
	if (programs &&
	    (rc = pw_rootprog_parse(programs, file, "$.root_programs", &t->root_programs)) < 0)
		return rc;
	if ((rc = parse_audit(t, json, file)) < 0 ||
	    (rc = parse_types(types, file, "$.certificate_types", &t->types)) < 0 ||
	    (rc = parse_language(t, json, file)) < 0 ||
	    (rc = parse_self_assessment(t, json, file)) < 0)
		goto fail;
	if (!(t->id = strdup(id)) || !(t->file = strdup(file)) || !(t->name = strdup(name)))
		goto oom;
	if (users && cJSON_GetArraySize(users) > 0 &&
	    !(t->users = calloc((size_t)cJSON_GetArraySize(users), sizeof(*t->users))))
		goto oom;
	i = 0;
	cJSON_ArrayForEach(v, users)
	{
		pw_json_path_index(p, sizeof(p), "$.key_users", i++);
		t->nusers++;
		if ((rc = parse_user(&t->users[t->nusers - 1], v, file, p)) < 0)
			goto fail;
	}
	if (cas && cJSON_GetArraySize(cas) > 0 &&
	    !(t->cas = calloc((size_t)cJSON_GetArraySize(cas), sizeof(*t->cas))))
		goto oom;
	i = 0;
	cJSON_ArrayForEach(v, cas)
	{
		pw_json_path_index(p, sizeof(p), "$.extant_cas", i++);
		t->ncas++;
		if ((rc = parse_ca(&t->cas[t->ncas - 1], v, file, p)) < 0 ||
		    (rc = check_ca(t, &t->cas[t->ncas - 1], file, p)) < 0)
			goto fail;
	}
	return 0;
oom:
	rc = pw_error_oom();
fail:
	pw_tsp_clear(t);
	return rc;
}

/* <root>/tsps/<id>.json, or NULL (message set). */
static char *tsp_path(const char *root, const char *id)
{
	char *dir = pw_path_join(root, "tsps"), *name = malloc(strlen(id) + 6), *path = NULL;
	if (dir && name) {
		sprintf(name, "%s.json", id);
		path = pw_path_join(dir, name);
	} else {
		pw_error_oom();
	}
	free(dir);
	free(name);
	return path;
}

static int load_file(pw_tsp *t, const char *path, const char *id)
{
	cJSON *json = NULL;
	int rc = pw_json_parse_file(&json, path, TSP_MAX);
	if (rc == 0)
		rc = parse_profile(t, id, path, json);
	cJSON_Delete(json);
	return rc;
}

int pw_tsp_load(pw_tsp *t, const char *root, const char *id)
{
	char *path;
	int rc;
	memset(t, 0, sizeof(*t));
	if (!pw_tsp_id_valid(id))
		return pw_error_set(PW_EINPUT, "'%s' is not a TSP id (a-z, 0-9 and '-')", id);
	if (!(path = tsp_path(root, id)))
		return PW_ENOMEM;
	if (access(path, F_OK) != 0)
		rc = pw_error_set(PW_ENOTFOUND, "unknown TSP '%s': there is no %s", id, path);
	else
		rc = load_file(t, path, id);
	free(path);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const pw_tsp *)a)->id, ((const pw_tsp *)b)->id);
}

static int load_listed(const char *path, const char *stem, void *payload)
{
	pw_tsps *out = payload;
	pw_tsp *p;
	int rc;

	if (!(p = realloc(out->items, (out->count + 1) * sizeof(*p))))
		return pw_error_oom();
	out->items = p;
	memset(&out->items[out->count], 0, sizeof(*p));
	rc = load_file(&out->items[out->count], path, stem);
	if (rc == 0)
		out->count++;
	return rc;
}

int pw_tsps_load(pw_tsps *out, const char *root)
{
	char *dir = pw_path_join(root, "tsps");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!dir)
		return PW_ENOMEM;
	rc = pw_dir_each_json(dir, load_listed, out);
	free(dir);
	if (rc < 0) {
		pw_tsps_clear(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_id);
	return 0;
}

int pw_tsps_load_ids(pw_tsps *out, const char *root, const char *const *ids, size_t n)
{
	size_t i;
	int rc;

	if (n == 0)
		return pw_tsps_load(out, root);
	memset(out, 0, sizeof(*out));
	if (!(out->items = calloc(n, sizeof(*out->items))))
		return pw_error_oom();
	for (i = 0; i < n; i++) {
		if (pw_tsps_find(out, ids[i]))
			continue;
		if ((rc = pw_tsp_load(&out->items[out->count], root, ids[i])) < 0) {
			pw_tsps_clear(out);
			return rc;
		}
		out->count++;
	}
	return 0;
}

const pw_tsp *pw_tsps_find(const pw_tsps *l, const char *id)
{
	size_t i;
	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	return NULL;
}
