#include "core/noise.h"

#include "core/sources.h"
#include "util/ascii.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#define NOISE_MAX (256 * 1024)

static void rules_clear(pw_noise_rule *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(v[i].match);
		free(v[i].why);
	}
	free(v);
}

void pw_noise_free(pw_noise *n)
{
	if (!n)
		return;
	rules_clear(n->kinds, n->nkinds);
	rules_clear(n->subjects, n->nsubjects);
	rules_clear(n->nondescript, n->nnondescript);
	free(n->stale_why);
	free(n);
}

/* A nondescript subject pattern's placeholders: each '{' opens {word} or
 * {document}; NULL when it holds only those, else the bad one. */
static const char *bad_placeholder(const char *pattern)
{
	const char *q;
	for (q = strchr(pattern, '{'); q; q = strchr(q + 1, '{'))
		if (strncmp(q, "{word}", 6) != 0 && strncmp(q, "{document}", 10) != 0)
			return q;
	return NULL;
}

/* root[key]: [{<match_key>: "...", "why": "..."}, ...] */
static int rules_get(pw_noise_rule **out, size_t *nout, const cJSON *root, const char *key,
                     const char *match_key, const char *file)
{
	static const char *const allowed_kind[] = {"kind", "why", NULL};
	static const char *const allowed_subject[] = {"prefix", "why", NULL};
	static const char *const allowed_pattern[] = {"subject", "why", NULL};
	const cJSON *arr, *v;
	char p[128];
	size_t n = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = pw_json_get_array(root, key, 0, file, "$", &arr)) < 0 || !arr)
		return rc;
	if (!(*out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**out))))
		return pw_error_oom();
	cJSON_ArrayForEach(v, arr)
	{
		const char *match = NULL, *why = NULL;
		char list[128];
		pw_json_path_key(list, sizeof(list), "$", key);
		pw_json_path_index(p, sizeof(p), list, (int)n);
		const char *bad;
		if ((rc = pw_json_check_object(v, file, p,
		                               strcmp(match_key, "kind") == 0 ? allowed_kind
		                               : strcmp(match_key, "prefix") == 0
		                                   ? allowed_subject
		                                   : allowed_pattern)) < 0 ||
		    (rc = pw_json_get_string(v, match_key, 1, file, p, &match)) < 0 ||
		    (rc = pw_json_get_string(v, "why", 1, file, p, &why)) < 0)
			return rc;
		if (!*match || !*why)
			return pw_error_set(PW_EINPUT, "%s: %s: empty \"%s\" or \"why\"", file, p,
			                    match_key);
		if (strcmp(match_key, "subject") == 0 && (bad = bad_placeholder(match))) {
			char field[160];
			pw_json_path_key(field, sizeof(field), p, match_key);
			return pw_error_set(PW_EINPUT,
			                    "%s: %s: unknown placeholder at \"%.20s\" (known: "
			                    "{word}, {document})",
			                    file, field, bad);
		}
		(*out)[n].match = strdup(match);
		(*out)[n].why = strdup(why);
		*nout = ++n;
		if (!(*out)[n - 1].match || !(*out)[n - 1].why)
			return pw_error_oom();
	}
	return 0;
}

/* root.stale: {"days": N, "why": "..."} (optional: no draft is stale) */
static int stale_get(pw_noise *n, const cJSON *root, const char *file)
{
	static const char *const allowed[] = {"days", "why", NULL};
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "stale");
	const char *why;
	int rc;

	if (!o || cJSON_IsNull(o))
		return 0;
	if ((rc = pw_json_check_object(o, file, "$.stale", allowed)) < 0 ||
	    (rc = pw_json_get_int(o, "days", 1, 1, 36500, file, "$.stale", &n->stale_days)) < 0 ||
	    (rc = pw_json_get_string(o, "why", 1, file, "$.stale", &why)) < 0)
		return rc;
	if (!*why)
		return pw_error_set(PW_EINPUT, "%s: $.stale.why: expected a non-empty string",
		                    file);
	if (!(n->stale_why = strdup(why)))
		return pw_error_oom();
	return 0;
}

int pw_noise_load(pw_noise **out, const char *rules_dir)
{
	static const char *const allowed[] = {"_comment",    "kinds", "subjects",
	                                      "nondescript", "stale", NULL};
	pw_noise *n = calloc(1, sizeof(*n));
	char *file = NULL;
	cJSON *root = NULL;
	struct stat st;
	int rc = 0;

	*out = NULL;
	if (!n ||
	    !(file = pw_path_join(rules_dir ? rules_dir : pw_sources_rules_dir(), "noise.json")))
		rc = pw_error_oom();
	if (rc == 0 && stat(file, &st) != 0) { /* optional: no rules */
		free(file);
		*out = n;
		return 0;
	}
	if (rc == 0)
		rc = pw_json_parse_file(&root, file, NOISE_MAX);
	if (rc == 0)
		rc = pw_json_check_object(root, file, "$", allowed);
	if (rc == 0)
		rc = rules_get(&n->kinds, &n->nkinds, root, "kinds", "kind", file);
	if (rc == 0)
		rc = rules_get(&n->subjects, &n->nsubjects, root, "subjects", "prefix", file);
	if (rc == 0)
		rc = rules_get(&n->nondescript, &n->nnondescript, root, "nondescript", "subject",
		               file);
	if (rc == 0)
		rc = stale_get(n, root, file);
	cJSON_Delete(root);
	free(file);
	if (rc < 0) {
		pw_noise_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

static int prefix_case(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (pw_ascii_lower(*s) != pw_ascii_lower(*prefix))
			return 0;
	return 1;
}

const char *pw_noise_why(const pw_noise *n, const char *kind, const char *subject)
{
	size_t i;
	if (!n)
		return NULL;
	for (i = 0; subject && i < n->nsubjects; i++)
		if (prefix_case(subject, n->subjects[i].match))
			return n->subjects[i].why;
	for (i = 0; kind && i < n->nkinds; i++)
		if (strcmp(kind, n->kinds[i].match) == 0)
			return n->kinds[i].why;
	return NULL;
}

/* Whether `name` (len bytes) is a file name of one of the source's
 * documents: its path, a former path, or either's last component. */
static int document_name(const pw_source *src, const char *name, size_t len)
{
	size_t i, j;
	for (i = 0; src && i < src->ndocuments; i++) {
		const pw_document *d = &src->documents[i];
		for (j = 0; j <= d->nformerly; j++) {
			const char *p = j == 0 ? d->path : d->formerly[j - 1];
			const char *base = strrchr(p, '/');
			if ((strlen(p) == len && memcmp(p, name, len) == 0) ||
			    (base && strlen(base + 1) == len && memcmp(base + 1, name, len) == 0))
				return 1;
		}
	}
	return 0;
}

/* Whether s..end matches the pattern (nondescript in noise.h). */
static int pattern_match(const char *p, const char *s, const char *end, const pw_source *src)
{
	const char *q;
	if (!*p)
		return s == end;
	if (strncmp(p, "{word}", 6) == 0) {
		for (q = s; q < end && *q != ' ';)
			if (pattern_match(p + 6, ++q, end, src))
				return 1;
		return 0;
	}
	if (strncmp(p, "{document}", 10) == 0) {
		for (q = s + 1; q <= end; q++)
			if (document_name(src, s, (size_t)(q - s)) &&
			    pattern_match(p + 10, q, end, src))
				return 1;
		return 0;
	}
	return s < end && pw_ascii_lower(*s) == pw_ascii_lower(*p) &&
	       pattern_match(p + 1, s + 1, end, src);
}

const char *pw_noise_nondescript(const pw_noise *n, const pw_source *src, const char *subject)
{
	const char *end;
	size_t i;
	if (!n || !subject)
		return NULL;
	end = subject + strlen(subject);
	if (end - subject > 5 && end[-1] == ')') { /* a pull request's " (#482)" */
		const char *q = end - 2;
		while (q > subject && *q >= '0' && *q <= '9')
			q--;
		if (q < end - 2 && q - subject >= 3 && q[0] == '#' && q[-1] == '(' && q[-2] == ' ')
			end = q - 2;
	}
	for (i = 0; i < n->nnondescript; i++)
		if (pattern_match(n->nondescript[i].match, subject, end, src))
			return n->nondescript[i].why;
	return NULL;
}

const char *pw_noise_stale(const pw_noise *n, const char *today, const char *last,
                           const char *latest)
{
	long age, ahead;
	if (!n || !n->stale_why || !today || !last || pw_day_diff(&age, last, today) < 0 ||
	    age <= n->stale_days)
		return NULL;
	if (latest && (pw_day_diff(&ahead, today, latest) < 0 || ahead >= 0))
		return NULL;
	return n->stale_why;
}
