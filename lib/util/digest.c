#include "util/digest.h"

#include "util/error.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

int pw_digest_data(char out[41], const void *data, size_t len)
{
	git_oid oid;
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		return pw_error_from_git(PW_ERROR, "digest");
	git_oid_tostr(out, 41, &oid);
	return 0;
}

int pw_digest_json(char out[41], const cJSON *value)
{
	char *s = cJSON_PrintUnformatted(value);
	int rc;
	if (!s)
		return pw_error_oom();
	rc = pw_digest_data(out, s, strlen(s));
	free(s);
	return rc;
}
