#include "core/rootprog.h"

#include "util/error.h"
#include "util/json.h"

#include <string.h>

static const char *const names[PW_RP_COUNT] = {"mozilla", "chrome", "apple", "microsoft"};

/* The bit for a name ("chrome"), or 0 when unknown. */
static pw_rootprogs from_name(const char *name)
{
	int i;
	for (i = 0; i < PW_RP_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return 1u << i;
	return 0;
}

char *pw_rootprog_text(pw_rootprogs set, char *dst, size_t n)
{
	size_t len = 0;
	int i;
	if (!n)
		return dst;
	dst[0] = '\0';
	for (i = 0; i < PW_RP_COUNT; i++) {
		size_t w = strlen(names[i]) + (len ? 2 : 0);
		if (!(set & (1u << i)))
			continue;
		if (len + w + 1 > n)
			break;
		if (len) {
			memcpy(dst + len, ", ", 2);
			len += 2;
		}
		memcpy(dst + len, names[i], strlen(names[i]) + 1);
		len += strlen(names[i]);
	}
	return dst;
}

int pw_rootprog_parse(const cJSON *arr, const char *file, const char *jpath, pw_rootprogs *out)
{
	const cJSON *v;
	char path[256], all[64];
	int i = 0;
	*out = 0;
	cJSON_ArrayForEach(v, arr)
	{
		pw_rootprogs bit;
		pw_json_path_index(path, sizeof(path), jpath, i++);
		if (!cJSON_IsString(v))
			return pw_error_set(PW_EINPUT, "%s: %s: expected a root program name", file,
			                    path);
		if (!(bit = from_name(v->valuestring)))
			return pw_error_set(
			    PW_EINPUT, "%s: %s: unknown root program \"%s\" (known: %s)", file,
			    path, v->valuestring, pw_rootprog_text(PW_RP_ALL, all, sizeof(all)));
		*out |= bit;
	}
	return 0;
}
