#include "core/tagset.h"

#include <string.h>

static const char *const names[PW_TAG_COUNT] = {"tls",    "ev",    "smime",    "code-signing",
                                                "netsec", "audit", "extant-ca"};

pw_tagset pw_tagset_from_name(const char *name)
{
	int i;
	for (i = 0; i < PW_TAG_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return 1u << i;
	return 0;
}

int pw_tagset_is_known(const char *name)
{
	return pw_tagset_from_name(name) != 0;
}

const char *pw_tagset_name(int i)
{
	return i >= 0 && i < PW_TAG_COUNT ? names[i] : "";
}

const char *pw_tagset_list(void)
{
	return "tls, ev, smime, code-signing, netsec, audit, extant-ca";
}
