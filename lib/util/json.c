#include "util/json.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_json_parse(cJSON **out, const char *what, const char *text, size_t len)
{
	const char *end = NULL;
	cJSON *root;

	*out = NULL;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		size_t line = 1, col = 1;
		const char *p, *stop = end ? end : cJSON_GetErrorPtr();
		if (!stop || stop < text || stop > text + len)
			stop = text + len;
		for (p = text; p < stop; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		return pw_error_set(PW_EINPUT, "%s: invalid JSON at line %zu, column %zu", what,
		                    line, col);
	}
	/* anything but whitespace after the value is an error too */
	if (end) {
		while (end < text + len && strchr(" \t\r\n", *end) && *end)
			end++;
		if (end < text + len) {
			cJSON_Delete(root);
			return pw_error_set(PW_EINPUT, "%s: unexpected text after the JSON value",
			                    what);
		}
	}
	*out = root;
	return 0;
}

/* A file's text must be UTF-8, and no string may hold an escaped NUL
 * ("\u0000"): cJSON would end the C string there and a value would be cut
 * short silently ("owner/compl\u0000iance" read as "owner/compl"). */
static int check_text(const char *path, const char *text, size_t len)
{
	size_t i = 0, line = 1, col = 1, n;
	int in_string = 0;

	while (i < len) {
		if (!(n = pw_utf8_len(text + i, len - i)))
			return pw_error_set(PW_EINPUT, "%s: line %zu, column %zu: not UTF-8", path,
			                    line, col);
		if (n == 1 && in_string && text[i] == '\\') {
			if (len - i >= 6 && text[i + 1] == 'u' &&
			    strncmp(text + i + 2, "0000", 4) == 0)
				return pw_error_set(PW_EINPUT,
				                    "%s: line %zu, column %zu: a NUL character "
				                    "(\\u0000) in a string",
				                    path, line, col);
			n = i + 1 < len ? 2 : 1; /* the escaped character too */
		} else if (n == 1 && text[i] == '"') {
			in_string = !in_string;
		}
		if (n == 1 && text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		i += n;
	}
	return 0;
}

int pw_json_parse_file(cJSON **out, const char *path, size_t max)
{
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	rc = pw_file_read(&text, &len, path, max);
	if (rc < 0)
		return rc == PW_ENOTFOUND ? PW_EINPUT : rc;
	if (memchr(text, '\0', len)) {
		free(text);
		return pw_error_set(PW_EINPUT, "%s: contains a NUL byte", path);
	}
	if ((rc = check_text(path, text, len)) == 0)
		rc = pw_json_parse(out, path, text, len);
	free(text);
	return rc;
}

int pw_json_check_object(const cJSON *node, const char *file, const char *jpath,
                         const char *const *allowed)
{
	const cJSON *it;

	if (!cJSON_IsObject(node))
		return pw_error_set(PW_EINPUT, "%s: %s: expected an object", file, jpath);
	cJSON_ArrayForEach(it, node)
	{
		const char *const *a;
		int ok = 0;
		for (a = allowed; *a; a++) {
			if (strcmp(*a, it->string) == 0) {
				ok = 1;
				break;
			}
		}
		if (!ok)
			return pw_error_set(PW_EINPUT, "%s: %s: unknown key \"%s\"", file, jpath,
			                    it->string);
		/* duplicate keys: cJSON keeps both; the second would be silently ignored */
		{
			const cJSON *jt;
			for (jt = node->child; jt != it; jt = jt->next)
				if (strcmp(jt->string, it->string) == 0)
					return pw_error_set(PW_EINPUT,
					                    "%s: %s: duplicate key \"%s\"", file,
					                    jpath, it->string);
		}
	}
	return 0;
}

/* The value of `key`: 1 when present (not null), 0 when absent and optional,
 * an error when absent and required. */
static int get_item(const cJSON *obj, const char *key, int required, const char *file,
                    const char *jpath, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (v && !cJSON_IsNull(v)) {
		*out = v;
		return 1;
	}
	if (required)
		return pw_error_set(PW_EINPUT, "%s: %s: missing required key \"%s\"", file, jpath,
		                    key);
	return 0;
}

int pw_json_get_string(const cJSON *obj, const char *key, int required, const char *file,
                       const char *jpath, const char **out)
{
	const cJSON *v;
	int rc;

	*out = NULL;
	if ((rc = get_item(obj, key, required, file, jpath, &v)) <= 0)
		return rc;
	if (!cJSON_IsString(v) || !v->valuestring)
		return pw_error_set(PW_EINPUT, "%s: %s.%s: expected a string", file, jpath, key);
	*out = v->valuestring;
	return 0;
}

int pw_json_get_array(const cJSON *obj, const char *key, int required, const char *file,
                      const char *jpath, const cJSON **out)
{
	const cJSON *v;
	int rc;

	*out = NULL;
	if ((rc = get_item(obj, key, required, file, jpath, &v)) <= 0)
		return rc;
	if (!cJSON_IsArray(v))
		return pw_error_set(PW_EINPUT, "%s: %s.%s: expected an array", file, jpath, key);
	*out = v;
	return 0;
}

int pw_json_get_int(const cJSON *obj, const char *key, int required, long min, long max,
                    const char *file, const char *jpath, long *out)
{
	const cJSON *v;
	double d;
	int rc;

	/* absent and optional: *out keeps its default */
	if ((rc = get_item(obj, key, required, file, jpath, &v)) <= 0)
		return rc;
	if (!cJSON_IsNumber(v))
		return pw_error_set(PW_EINPUT, "%s: %s.%s: expected a number", file, jpath, key);
	d = v->valuedouble;
	/* the range first: converting an out-of-range double to long is undefined */
	if (!(d >= (double)min && d <= (double)max) || d != (double)(long)d)
		return pw_error_set(PW_EINPUT, "%s: %s.%s: expected a whole number from %ld to %ld",
		                    file, jpath, key, min, max);
	*out = (long)d;
	return 0;
}

void pw_json_path_key(char *dst, size_t n, const char *jpath, const char *key)
{
	snprintf(dst, n, "%s.%s", jpath, key);
}

void pw_json_path_index(char *dst, size_t n, const char *jpath, int index)
{
	snprintf(dst, n, "%s[%d]", jpath, index);
}
