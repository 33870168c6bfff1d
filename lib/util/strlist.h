/* A list of owned strings: the one shape for every list of names, ids,
 * labels and phrases. A value the caller embeds: start it at
 * PW_STRLIST_INIT (or zeroed), empty it with pw_strlist_clear. */
#ifndef PW_STRLIST_H
#define PW_STRLIST_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct {
	char **items;
	size_t count;
} pw_strlist;

#define PW_STRLIST_INIT                                                                            \
	{                                                                                          \
		NULL, 0                                                                            \
	}

/* Appends a copy of `s` (of its first `len` bytes). */
int pw_strlist_add(pw_strlist *l, const char *s);
int pw_strlist_add_len(pw_strlist *l, const char *s, size_t len);

/* Appends a copy of `s` unless the list holds it already. */
int pw_strlist_add_unique(pw_strlist *l, const char *s);

/* Whether the list holds `s` (exactly; pw_strlist_has_case: ASCII case
 * ignored). */
int pw_strlist_has(const pw_strlist *l, const char *s);
int pw_strlist_has_case(const pw_strlist *l, const char *s);

/* Frees the strings and the array; leaves the list empty. Accepts NULL. */
void pw_strlist_clear(pw_strlist *l);

/* The JSON array of strings obj[key] (optional: absent or null is an empty
 * list) into `out`, lower-cased (ASCII) when `lower` is set; every item must
 * be a non-empty string. Errors name `file` and the JSON path under `jpath`. */
int pw_strlist_from_json(pw_strlist *out, const cJSON *obj, const char *key, int lower,
                         const char *file, const char *jpath);

/* The same for the array `arr` itself, at `jpath`. */
int pw_strlist_from_array(pw_strlist *out, const cJSON *arr, int lower, const char *file,
                          const char *jpath);

/* Adds the list as the JSON array of strings obj[key] (in order, duplicates
 * kept; an empty list is []). */
int pw_strlist_to_json(cJSON *obj, const char *key, const pw_strlist *l);

#endif
