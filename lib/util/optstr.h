/* Optional text: a field an answer may leave out, where NULL and "" both mean
 * "not given" (a JSON file may omit it or write ""). Inline, like ascii.h. */
#ifndef PW_OPTSTR_H
#define PW_OPTSTR_H

#include <string.h>

/* Whether optional texts `a` and `b` say the same: both not given, or equal. */
static inline int pw_optstr_same(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && strcmp(a, b) == 0);
}

#endif
