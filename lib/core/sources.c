#include "core/sources.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "core/tagset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCES_MAX_BYTES (1024 * 1024)

const char *pw_sources_rules_dir(void)
{
	const char *env = getenv("PKIWATCH_RULES");
	if (env && *env)
		return env;
#ifdef PW_RULES_DIR
	return PW_RULES_DIR;
#else
	return "rules";
#endif
}

static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* The prefix of a canonical id ("SC" of SC-97, "MICROSOFT" of
 * MICROSOFT-1.2): upper-case letters, digits and '-', a letter first and no
 * '-' last (ids are "<prefix>-<number>"). */
static int valid_prefix(const char *s)
{
	size_t i;
	if (!(*s >= 'A' && *s <= 'Z'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return s[i - 1] != '-';
}

static int bad_prefix(const char *file, const char *jpath, const char *key, const char *s)
{
	return pw_error_set(PW_EINPUT,
	                    "%s: %s.%s: \"%s\" is not a valid id prefix (upper-case letters, "
	                    "digits and '-', starting with a letter)",
	                    file, jpath, key, s);
}

static int dup_into(char **dst, const char *s)
{
	*dst = NULL;
	if (!s)
		return 0;
	*dst = strdup(s);
	return *dst ? 0 : pw_error_oom();
}

static int load_tags(const cJSON *arr, const char *file, const char *jpath, char ***tags,
                     size_t *ntags)
{
	const cJSON *t;
	int i = 0, n = cJSON_GetArraySize(arr);
	char path[256];

	*tags = calloc((size_t)n + 1, sizeof(char *));
	if (!*tags)
		return pw_error_oom();
	*ntags = 0;
	cJSON_ArrayForEach(t, arr)
	{
		pw_json_path_index(path, sizeof(path), jpath, i++);
		if (!cJSON_IsString(t))
			return pw_error_set(PW_EINPUT, "%s: %s: expected a string", file, path);
		if (!pw_tagset_is_known(t->valuestring))
			return pw_error_set(PW_EINPUT, "%s: %s: unknown tag \"%s\" (known: %s)",
			                    file, path, t->valuestring, pw_tagset_list());
		if (dup_into(&(*tags)[(*ntags)++], t->valuestring) < 0)
			return PW_ENOMEM;
	}
	return 0;
}

static int relative_path(const char *p)
{
	return *p && p[0] != '/' && !strstr(p, "..");
}

static int load_formerly(pw_document *doc, const cJSON *arr, const char *file, const char *jpath)
{
	const cJSON *t;
	int i = 0;
	char path[256];

	if (!arr)
		return 0;
	doc->formerly = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
	if (!doc->formerly)
		return pw_error_oom();
	cJSON_ArrayForEach(t, arr)
	{
		pw_json_path_index(path, sizeof(path), jpath, i++);
		if (!cJSON_IsString(t) || !relative_path(t->valuestring))
			return pw_error_set(
			    PW_EINPUT, "%s: %s: expected a relative path inside the repository",
			    file, path);
		if (strcmp(t->valuestring, doc->path) == 0)
			return pw_error_set(PW_EINPUT, "%s: %s: the document's own path", file,
			                    path);
		if (dup_into(&doc->formerly[doc->nformerly++], t->valuestring) < 0)
			return PW_ENOMEM;
	}
	return 0;
}

static int load_document(pw_document *doc, const cJSON *node, const char *file, const char *jpath)
{
	static const char *const keys[] = {"path",           "tags",      "formerly",
	                                   "version_prefix", "versioned", "live",
	                                   "changelog",      "comment",   NULL};
	const char *p, *prefix, *changelog;
	const cJSON *tags, *formerly, *versioned, *live;
	char path[256];
	int rc;

	if ((rc = pw_json_check_object(node, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(node, "path", 1, file, jpath, &p)) < 0 ||
	    (rc = pw_json_get_array(node, "tags", 1, file, jpath, &tags)) < 0 ||
	    (rc = pw_json_get_array(node, "formerly", 0, file, jpath, &formerly)) < 0 ||
	    (rc = pw_json_get_string(node, "version_prefix", 0, file, jpath, &prefix)) < 0 ||
	    (rc = pw_json_get_string(node, "changelog", 0, file, jpath, &changelog)) < 0)
		return rc;
	if (changelog && (!relative_path(changelog) || strcmp(changelog, p) == 0))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.changelog: expected a relative path inside the "
		                    "repository other than the document's",
		                    file, jpath);
	if (!relative_path(p))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.path: not a relative path inside the repository", file,
		                    jpath);
	versioned = cJSON_GetObjectItemCaseSensitive(node, "versioned");
	if (versioned && !cJSON_IsBool(versioned))
		return pw_error_set(PW_EINPUT, "%s: %s.versioned: expected true or false", file,
		                    jpath);
	live = cJSON_GetObjectItemCaseSensitive(node, "live");
	if (live && !cJSON_IsBool(live))
		return pw_error_set(PW_EINPUT, "%s: %s.live: expected true or false", file, jpath);
	doc->live = cJSON_IsTrue(live);
	if (prefix && !*prefix)
		return pw_error_set(PW_EINPUT, "%s: %s.version_prefix: empty", file, jpath);
	if (prefix && !valid_prefix(prefix))
		return bad_prefix(file, jpath, "version_prefix", prefix);
	doc->versioned = prefix || cJSON_IsTrue(versioned);
	if ((rc = dup_into(&doc->path, p)) < 0 ||
	    (rc = dup_into(&doc->version_prefix, prefix)) < 0 ||
	    (rc = dup_into(&doc->changelog, changelog)) < 0)
		return rc;
	pw_json_path_key(path, sizeof(path), jpath, "formerly");
	if ((rc = load_formerly(doc, formerly, file, path)) < 0)
		return rc;
	pw_json_path_key(path, sizeof(path), jpath, "tags");
	return load_tags(tags, file, path, &doc->tags, &doc->ntags);
}

static int load_source(pw_source *src, const cJSON *node, const char *file, const char *jpath)
{
	static const char *const keys[] = {
	    "id",        "repository",    "url",           "branch", "ballot_prefix",
	    "documents", "root_programs", "program_types", NULL};
	const char *id, *repo, *url, *branch, *prefix;
	const cJSON *docs, *d, *programs, *ptypes;
	char path[256], dpath[256];
	int rc, i = 0;

	if ((rc = pw_json_check_object(node, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(node, "id", 1, file, jpath, &id)) < 0 ||
	    (rc = pw_json_get_string(node, "repository", 1, file, jpath, &repo)) < 0 ||
	    (rc = pw_json_get_string(node, "url", 1, file, jpath, &url)) < 0 ||
	    (rc = pw_json_get_string(node, "branch", 1, file, jpath, &branch)) < 0 ||
	    (rc = pw_json_get_string(node, "ballot_prefix", 0, file, jpath, &prefix)) < 0 ||
	    (rc = pw_json_get_array(node, "documents", 1, file, jpath, &docs)) < 0 ||
	    (rc = pw_json_get_array(node, "root_programs", 0, file, jpath, &programs)) < 0 ||
	    (rc = pw_json_get_array(node, "program_types", 0, file, jpath, &ptypes)) < 0)
		return rc;
	pw_json_path_key(path, sizeof(path), jpath, "root_programs");
	if (programs && (rc = pw_rootprog_parse(programs, file, path, &src->root_programs)) < 0)
		return rc;
	if (ptypes) {
		char **names = NULL;
		size_t n = 0, k;
		pw_json_path_key(path, sizeof(path), jpath, "program_types");
		rc = load_tags(ptypes, file, path, &names, &n);
		for (k = 0; k < n; k++) {
			src->program_types |= pw_tagset_from_name(names[k]);
			free(names[k]);
		}
		free(names);
		if (rc < 0)
			return rc;
	}
	if (!valid_id(id))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.id: \"%s\" is not a valid id (lower-case letters, "
		                    "digits, '-', '_', '.')",
		                    file, jpath, id);
	if (prefix && !valid_prefix(prefix))
		return bad_prefix(file, jpath, "ballot_prefix", prefix);
	if (!strchr(repo, '/'))
		return pw_error_set(PW_EINPUT, "%s: %s.repository: expected owner/name", file,
		                    jpath);
	if (!*branch)
		return pw_error_set(PW_EINPUT, "%s: %s.branch: empty", file, jpath);
	if (cJSON_GetArraySize(docs) == 0)
		return pw_error_set(PW_EINPUT, "%s: %s.documents: empty", file, jpath);
	if ((rc = dup_into(&src->id, id)) < 0 || (rc = dup_into(&src->repository, repo)) < 0 ||
	    (rc = dup_into(&src->url, url)) < 0 || (rc = dup_into(&src->branch, branch)) < 0 ||
	    (rc = dup_into(&src->ballot_prefix, prefix)) < 0)
		return rc;
	src->documents = calloc((size_t)cJSON_GetArraySize(docs), sizeof(pw_document));
	if (!src->documents)
		return pw_error_oom();
	pw_json_path_key(path, sizeof(path), jpath, "documents");
	cJSON_ArrayForEach(d, docs)
	{
		pw_json_path_index(dpath, sizeof(dpath), path, i++);
		rc = load_document(&src->documents[src->ndocuments++], d, file, dpath);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pw_sources_load(pw_sources **out, const char *path)
{
	static const char *const keys[] = {"sources", NULL};
	cJSON *root = NULL;
	const cJSON *arr, *it;
	pw_sources *s = NULL;
	char jpath[64];
	int rc, i = 0;
	size_t a, b;

	*out = NULL;
	if ((rc = pw_json_parse_file(&root, path, SOURCES_MAX_BYTES)) < 0)
		return rc;
	if ((rc = pw_json_check_object(root, path, "$", keys)) < 0 ||
	    (rc = pw_json_get_array(root, "sources", 1, path, "$", &arr)) < 0)
		goto done;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->items = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(pw_source)))) {
		rc = pw_error_oom();
		goto done;
	}
	cJSON_ArrayForEach(it, arr)
	{
		pw_json_path_index(jpath, sizeof(jpath), "$.sources", i++);
		rc = load_source(&s->items[s->count++], it, path, jpath);
		if (rc < 0)
			goto done;
	}
	for (a = 0; a < s->count; a++)
		for (b = a + 1; b < s->count; b++)
			if (strcmp(s->items[a].id, s->items[b].id) == 0) {
				rc = pw_error_set(PW_EINPUT,
				                  "%s: $.sources[%zu].id: duplicate id \"%s\"",
				                  path, b, s->items[b].id);
				goto done;
			}
	rc = 0;
done:
	cJSON_Delete(root);
	if (rc < 0)
		pw_sources_free(s);
	else
		*out = s;
	return rc;
}

int pw_sources_load_default(pw_sources **out)
{
	char *path = pw_path_join(pw_sources_rules_dir(), "sources.json");
	int rc;

	if (!path)
		return PW_ENOMEM;
	rc = pw_sources_load(out, path);
	free(path);
	return rc;
}

const pw_source *pw_sources_find(const pw_sources *s, const char *id)
{
	size_t i;
	for (i = 0; s && i < s->count; i++)
		if (strcmp(s->items[i].id, id) == 0)
			return &s->items[i];
	return NULL;
}

const pw_document *pw_sources_document(const pw_source *src, const char *path)
{
	size_t i, k;
	for (i = 0; i < src->ndocuments; i++)
		if (strcmp(src->documents[i].path, path) == 0)
			return &src->documents[i];
	for (i = 0; i < src->ndocuments; i++)
		for (k = 0; k < src->documents[i].nformerly; k++)
			if (strcmp(src->documents[i].formerly[k], path) == 0)
				return &src->documents[i];
	return NULL;
}

char *pw_sources_fetch_url(const pw_source *src, const char *upstream_base)
{
	size_t n;
	char *url;

	if (!upstream_base || !*upstream_base) {
		url = strdup(src->url);
		if (!url)
			pw_error_oom();
		return url;
	}
	n = strlen(upstream_base);
	while (n > 1 && upstream_base[n - 1] == '/')
		n--;
	url = malloc(n + strlen(src->id) + 6);
	if (!url) {
		pw_error_oom();
		return NULL;
	}
	sprintf(url, "%.*s/%s.git", (int)n, upstream_base, src->id);
	return url;
}

void pw_sources_free(pw_sources *s)
{
	size_t i, j, k;

	if (!s)
		return;
	for (i = 0; i < s->count; i++) {
		pw_source *src = &s->items[i];
		free(src->id);
		free(src->repository);
		free(src->url);
		free(src->branch);
		free(src->ballot_prefix);
		for (j = 0; j < src->ndocuments; j++) {
			for (k = 0; k < src->documents[j].ntags; k++)
				free(src->documents[j].tags[k]);
			free(src->documents[j].tags);
			for (k = 0; k < src->documents[j].nformerly; k++)
				free(src->documents[j].formerly[k]);
			free(src->documents[j].formerly);
			free(src->documents[j].version_prefix);
			free(src->documents[j].changelog);
			free(src->documents[j].path);
		}
		free(src->documents);
	}
	free(s->items);
	free(s);
}
