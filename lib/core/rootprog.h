/* The root programs a TSP's hierarchy can be in, as a small bit set: the
 * names TSP profiles ("root_programs") and rules/sources.json use. */
#ifndef PW_ROOTPROG_H
#define PW_ROOTPROG_H

#include <cjson/cJSON.h>

enum {
	PW_RP_MOZILLA = 1 << 0,
	PW_RP_CHROME = 1 << 1,
	PW_RP_APPLE = 1 << 2,
	PW_RP_MICROSOFT = 1 << 3,
	PW_RP_COUNT = 4,
	PW_RP_ALL = (1 << 4) - 1
};

typedef unsigned pw_rootprogs;

/* "mozilla, chrome, apple, microsoft": the names in `set`, written into
 * `dst` of `n` bytes (returned). */
char *pw_rootprog_text(pw_rootprogs set, char *dst, size_t n);

/* Reads an array of names at `jpath` of `file` (PW_EINPUT naming the element
 * and the known names when one is unknown or not a string). */
int pw_rootprog_parse(const cJSON *arr, const char *file, const char *jpath, pw_rootprogs *out);

#endif
