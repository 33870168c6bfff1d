/* The digest pkiwatch uses for change records, issue groups and form ids:
 * the git blob id (SHA-1, 40 lowercase hex digits) of the bytes, so that
 * `git hash-object` reproduces it. */
#ifndef PW_DIGEST_H
#define PW_DIGEST_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The digest (40 hex + NUL) of `len` bytes at `data`. */
int pw_digest_data(char out[41], const void *data, size_t len);

/* The digest of a JSON value printed unformatted. */
int pw_digest_json(char out[41], const cJSON *value);

#endif
