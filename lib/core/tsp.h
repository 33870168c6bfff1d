/* TSP profiles: tsps/<id>.json in the compliance repository.
 *
 *   {"name": "...",                                   required
 *    "key_users": [{"name": "...", "email": "..."}],  optional, default []
 *    "certificate_types": ["tls","ev","smime","code-signing"],  required, >= 1
 *    "extant_cas": [{"name": "...", "not_before": "YYYY-MM-DD",
 *                    "types": [certificate types]}],  optional, default []
 *    "audit": {"scheme": "etsi" | "webtrust",           required (or audit_scheme)
 *              "period_end": "MM-DD",                   optional: end of the annual audit period
 *              "criteria": ["ETSI EN 319 411-1", ...],  optional: in scope today
 *              "body": "..."},                          optional: auditor / CAB
 *    "audit_scheme": "etsi" | "webtrust",             the older form of audit.scheme
 *    "root_programs": ["mozilla","chrome","apple","microsoft"],  optional, default all:
 *                                                     the root stores its hierarchy is in
 *    "language": "en",                                optional, default "en"
 *    "self_assessment": {"since": "YYYY-MM-DD"}}      optional: the TSP owes the annual
 *                                                     self-assessment (rule
 *                                                     annual-self-assessment) for every audit
 *                                                     period ending on or after `since`;
 *                                                     needs audit.period_end
 *
 * Criteria must be ones rules/obligations.json recognises (an optional version
 * may follow the name, "ETSI EN 319 411-1 v1.3.1"), of the TSP's scheme or of
 * none (a requirements document itself). Unknown keys are errors. The id is the file name without
 * ".json" and is made of [a-z0-9-]. Every error names the file and the JSON path (PW_EINPUT). */
#ifndef PW_TSP_H
#define PW_TSP_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/obligrules.h"
#include "core/rootprog.h"
#include "core/tagset.h"

/* The tags a TSP can issue certificates of. */
#define PW_TSP_CERT_TYPES (PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING)

typedef struct {
	char *name;
	char *email;
} pw_tsp_user;

typedef struct {
	char *name;
	char not_before[11]; /* YYYY-MM-DD */
	pw_tagset types;     /* within PW_TSP_CERT_TYPES */
} pw_tsp_ca;

typedef struct {
	int scheme;         /* PW_AUDIT_ETSI or PW_AUDIT_WEBTRUST */
	char period_end[6]; /* "MM-DD", "" when the profile does not say */
	char **criteria;    /* canonical names (obligrules.h), NULL-terminated; never NULL */
	char **versions;    /* per criterion: "v1.3.1" as written, or "" */
	char *body;         /* may be NULL */
} pw_tsp_audit;

typedef struct {
	char *id;   /* file name without .json */
	char *file; /* the file it was loaded from (for messages) */
	char *name;
	pw_tsp_user *users;
	size_t nusers;
	pw_tagset types; /* certificate types issued, within PW_TSP_CERT_TYPES */
	pw_tsp_ca *cas;
	size_t ncas;
	int audit_scheme; /* PW_AUDIT_*: the same as audit.scheme */
	pw_tsp_audit audit;
	char language[9];           /* BCP 47 primary tag, e.g. "en" */
	pw_rootprogs root_programs; /* PW_RP_*: the root stores its hierarchy is in */
	/* self_assessment.since: the annual self-assessment is owed for the
	 * audit periods ending on or after it; "" when the profile has none */
	char self_assessment_since[11];
} pw_tsp;

typedef struct {
	pw_tsp *items; /* sorted by id */
	size_t count;
} pw_tsps;

/* True when `id` is a valid TSP id ([a-z0-9-]+, at most 64 characters). */
int pw_tsp_id_valid(const char *id);

/* Loads <root>/tsps/<id>.json. A missing file is PW_ENOTFOUND ("unknown TSP"). */
int pw_tsp_load(pw_tsp *t, const char *root, const char *id);

/* Loads every <root>/tsps/<id>.json (a missing directory is an empty list). */
int pw_tsps_load(pw_tsps *out, const char *root);

/* The profiles of `ids` (each once, in the order given; an unknown one is
 * PW_ENOTFOUND), or every profile when `n` is 0: what a command's --tsp
 * options select. */
int pw_tsps_load_ids(pw_tsps *out, const char *root, const char *const *ids, size_t n);

/* The profile's extant CAs exist on `today` (YYYY-MM-DD): one whose not_before
 * is after it is PW_EINPUT naming the file and $.extant_cas[i].not_before.
 * Loading checks everything else; this needs the day the run works on
 * (pw_workspace_today: $PKIWATCH_TODAY when set), which the workspace checks
 * every profile against when it opens the repository. */
int pw_tsp_check_cas(const pw_tsp *t, const char *today);

const pw_tsp *pw_tsps_find(const pw_tsps *l, const char *id);

void pw_tsp_clear(pw_tsp *t);
void pw_tsps_clear(pw_tsps *l);

/* "etsi" or "webtrust". */
const char *pw_tsp_scheme_name(int scheme);

/* "tls, ev": the tags in `types`, written into `dst` of `n` bytes (returned). */
char *pw_tsp_types_text(pw_tagset types, char *dst, size_t n);

#endif
