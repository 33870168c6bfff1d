#include "util/strlist.h"

#include "util/ascii.h"
#include "util/error.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int pw_strlist_add_len(pw_strlist *l, const char *s, size_t len)
{
	char **p = realloc(l->items, (l->count + 1) * sizeof(*p));
	if (!p)
		return pw_error_oom();
	l->items = p;
	if (!(p[l->count] = strndup(s, len)))
		return pw_error_oom();
	l->count++;
	return 0;
}

int pw_strlist_add(pw_strlist *l, const char *s)
{
	return pw_strlist_add_len(l, s, strlen(s));
}

int pw_strlist_add_unique(pw_strlist *l, const char *s)
{
	return pw_strlist_has(l, s) ? 0 : pw_strlist_add(l, s);
}

int pw_strlist_has(const pw_strlist *l, const char *s)
{
	size_t i;
	for (i = 0; l && i < l->count; i++)
		if (strcmp(l->items[i], s) == 0)
			return 1;
	return 0;
}

int pw_strlist_has_case(const pw_strlist *l, const char *s)
{
	size_t i;
	for (i = 0; l && i < l->count; i++)
		if (strcasecmp(l->items[i], s) == 0)
			return 1;
	return 0;
}

void pw_strlist_clear(pw_strlist *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

int pw_strlist_from_array(pw_strlist *out, const cJSON *arr, int lower, const char *file,
                          const char *jpath)
{
	const cJSON *it;
	char p[512];
	int i = 0, n = cJSON_GetArraySize(arr);

	out->items = calloc(n > 0 ? (size_t)n : 1, sizeof(char *));
	out->count = 0;
	if (!out->items)
		return pw_error_oom();
	cJSON_ArrayForEach(it, arr)
	{
		pw_json_path_index(p, sizeof(p), jpath, i++);
		if (!cJSON_IsString(it) || !it->valuestring[0]) {
			pw_strlist_clear(out);
			return pw_error_set(PW_EINPUT, "%s: %s: expected a non-empty string", file,
			                    p);
		}
		out->items[out->count] = strdup(it->valuestring);
		if (!out->items[out->count]) {
			pw_strlist_clear(out);
			return pw_error_oom();
		}
		if (lower)
			pw_ascii_lower_str(out->items[out->count]);
		out->count++;
	}
	return 0;
}

int pw_strlist_from_json(pw_strlist *out, const cJSON *obj, const char *key, int lower,
                         const char *file, const char *jpath)
{
	const cJSON *arr = NULL;
	char p[512];
	int rc;
	out->items = NULL;
	out->count = 0;
	rc = pw_json_get_array(obj, key, 0, file, jpath, &arr);
	if (rc < 0 || !arr)
		return rc;
	pw_json_path_key(p, sizeof(p), jpath, key);
	return pw_strlist_from_array(out, arr, lower, file, p);
}

int pw_strlist_to_json(cJSON *obj, const char *key, const pw_strlist *l)
{
	cJSON *a = cJSON_AddArrayToObject(obj, key);
	size_t i;
	if (!a)
		return pw_error_oom();
	for (i = 0; i < l->count; i++) {
		cJSON *s = cJSON_CreateString(l->items[i]);
		if (!s)
			return pw_error_oom();
		cJSON_AddItemToArray(a, s);
	}
	return 0;
}
