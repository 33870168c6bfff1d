/* The applicability tags of DESIGN.md as a small bit set, in canonical order. */
#ifndef PW_TAGSET_H
#define PW_TAGSET_H

enum {
	PW_TAG_TLS = 1 << 0,
	PW_TAG_EV = 1 << 1,
	PW_TAG_SMIME = 1 << 2,
	PW_TAG_CODE_SIGNING = 1 << 3,
	PW_TAG_NETSEC = 1 << 4,
	PW_TAG_AUDIT = 1 << 5,
	PW_TAG_EXTANT_CA = 1 << 6,
	PW_TAG_COUNT = 7
};

typedef unsigned pw_tagset;

/* The bit for a tag name, or 0 when unknown. */
pw_tagset pw_tagset_from_name(const char *name);
int pw_tagset_is_known(const char *name);
/* Name of tag number i (0 .. PW_TAG_COUNT-1). */
const char *pw_tagset_name(int i);
/* "tls, ev, ..." for messages. */
const char *pw_tagset_list(void);

#endif
