/* Loading and validating JSON documents (cJSON) with errors that name the
 * file, the JSON path and the problem: "tsps/a.json: $.types[1]: unknown type 'x'". */
#ifndef PW_JSON_H
#define PW_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Parses a JSON file of at most `max` bytes. A syntax error is reported with
 * its line and column (PW_EINPUT), and so are text that is not UTF-8 and an
 * escaped NUL ("\u0000") in a string; a file that is not a regular file (a
 * FIFO, a directory) is PW_EINPUT without being opened for reading. */
int pw_json_parse_file(cJSON **out, const char *path, size_t max);

/* Parses JSON text; `what` names its origin in messages. */
int pw_json_parse(cJSON **out, const char *what, const char *text, size_t len);

/* Fails (PW_EINPUT) when `node` is not an object or has a key outside `allowed`
 * (a NULL-terminated list). */
int pw_json_check_object(const cJSON *node, const char *file, const char *jpath,
                         const char *const *allowed);

/* Fetches obj[key] as a string. Missing: PW_EINPUT when `required`, else 0 with
 * *out = NULL. JSON null counts as missing. */
int pw_json_get_string(const cJSON *obj, const char *key, int required, const char *file,
                       const char *jpath, const char **out);

/* Fetches obj[key] as an array (missing/null: *out = NULL unless required). */
int pw_json_get_array(const cJSON *obj, const char *key, int required, const char *file,
                      const char *jpath, const cJSON **out);

/* Fetches obj[key] as an integer in [min, max]; missing leaves *out unchanged. */
int pw_json_get_int(const cJSON *obj, const char *key, int required, long min, long max,
                    const char *file, const char *jpath, long *out);

/* "jpath.key" and "jpath[i]" built into a caller buffer (truncated if needed). */
void pw_json_path_key(char *dst, size_t n, const char *jpath, const char *key);
void pw_json_path_index(char *dst, size_t n, const char *jpath, int index);

#endif
