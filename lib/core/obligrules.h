/* The obligation rules (rules/obligations.json; format in rules/README.md):
 * the audit criteria pkiwatch recognises in changed text and in TSP profiles,
 * the sections whose added lines state audit requirements, the derivation
 * rules (kind, wording, milestones) and the check-in cadence. Data, not code:
 * a new criterion or lead time needs an edit of the file, not a recompile. */
#ifndef PW_OBLIGRULES_H
#define PW_OBLIGRULES_H

#include <stddef.h>

#include "core/tagset.h"

/* Audit schemes (TSP profiles, criteria). */
enum { PW_AUDIT_ANY = 0, PW_AUDIT_ETSI = 1, PW_AUDIT_WEBTRUST = 2 };

/* A set of schemes: the bit of scheme s (PW_AUDIT_ETSI, PW_AUDIT_WEBTRUST). */
#define PW_AUDIT_BIT(s) (1u << (s))

typedef struct {
	char *name;       /* canonical: "ETSI TS 119 411-6" */
	int scheme;       /* PW_AUDIT_*; ANY for a requirements document itself */
	int auditor;      /* a standard for the auditor (EN 319 403), not an audit scope */
	char **match;     /* spellings; NULL-terminated */
	char **includes;  /* names of criteria this one covers; NULL-terminated */
	char **documents; /* "source:path" of the document it is; NULL-terminated */
} pw_criterion;

/* Where a milestone's date counts from. */
enum { PW_MS_FROM_DUE = 0, PW_MS_FROM_PERIOD_START, PW_MS_FROM_PERIOD_END };

/* What marks a milestone done: the officer (`obligation done`), or for the
 * annual self-assessment the ledger's self-assessment record (tsp/assessment.h):
 * imported, imported on a version not superseded for too long, accepted. */
enum { PW_MS_DONE_OFFICER = 0, PW_MS_DONE_IMPORTED, PW_MS_DONE_FRESH, PW_MS_DONE_ACCEPTED };

typedef struct {
	char *what;
	int from;      /* PW_MS_FROM_* */
	long days;     /* added to that date (negative: before it) */
	int done_when; /* PW_MS_DONE_* */
} pw_obligrule_milestone;

/* A document a self-assessment rule asks for, of the TSPs issuing one of `types`. */
typedef struct {
	pw_tagset types;
	char *document; /* "source:path" */
	/* the root programs' template of this self-assessment ("source:path" of
	 * its versioned page, mozilla-ccadb:cas/self-assessment.md), or NULL */
	char *template;
} pw_obligrule_document;

typedef struct {
	char *id;       /* "etsi-scope-extension" */
	int scheme;     /* PW_AUDIT_*: ANY applies to every TSP */
	char *kind;     /* "audit", "transition", "commitment", ... */
	char *what;     /* wording with {criteria} {period} {ca} {text} {change} */
	char **phrases; /* for transition rules: what an effective date's text names;
	                   NULL-terminated */
	char *
	    *not_phrases; /* lines holding one of these state no new requirement; NULL-terminated */
	pw_obligrule_milestone *milestones;
	size_t nmilestones;
	/* an annual self-assessment rule (kind self-assessment): due this many
	 * days after each audit period ends (0: not such a rule), on a version
	 * superseded by at most superseded_days days, one per document */
	long after_period_end;
	long superseded_days;
	pw_obligrule_document *documents;
	size_t ndocuments;
	/* added to the milestones of a document with a template; done by the
	 * officer; template_milestone.what NULL: none */
	pw_obligrule_milestone template_milestone;
} pw_obligrule;

typedef struct {
	char *file;
	pw_criterion *criteria;
	size_t ncriteria;
	char **requirement_sections; /* "8" exactly, "8.*" below; NULL-terminated */
	/* an audit change that changes only these sections (and names the
	 * criteria of one scheme) is an audit matter alone: it applies only to
	 * the TSPs of that scheme (tsp/applicability.h); NULL-terminated */
	char **audit_only_sections;
	pw_obligrule *rules;
	size_t nrules;
	/* check-ins: every far_every days while the due date is more than
	 * near_within days away, every near_every days within; an overdue
	 * milestone is escalated once, then every escalate_every days */
	long far_every, near_every, near_within, escalate_every;
} pw_obligrules;

/* One criterion named in a text. */
typedef struct {
	const pw_criterion *criterion; /* borrowed from the rules */
	size_t start, end;             /* byte span in the text, version included */
	char version[24];              /* "v1.1.1" as written after the name, or "" */
} pw_criterion_hit;

/* Loads <rules_dir>/obligations.json (NULL: pw_sources_rules_dir()). Errors name the
 * file and the JSON path (PW_EINPUT). */
int pw_obligrules_load(pw_obligrules **out, const char *rules_dir);
void pw_obligrules_free(pw_obligrules *r);

/* Every criterion named in text[0..len), leftmost-longest, at word
 * boundaries; case, runs of spaces and dashes (-, --, en and em dash) do not
 * matter. *out is NULL when there is none; caller frees. */
int pw_obligrules_find(pw_criterion_hit **out, size_t *n, const pw_obligrules *r, const char *text,
                       size_t len);

/* The criterion `s` names as a whole (a name and an optional version), or
 * NULL. `version` (may be NULL) gets the version. */
const pw_criterion *pw_obligrules_criterion(const pw_obligrules *r, const char *s,
                                            char version[24]);

/* The criterion with canonical name `name`, or NULL. */
const pw_criterion *pw_obligrules_by_name(const pw_obligrules *r, const char *name);

/* Whether criteria `have` (canonical names, NULL-terminated) cover `c`: one
 * of them is `c` or includes it (transitively). */
int pw_obligrules_covers(const pw_obligrules *r, char *const *have, const pw_criterion *c);

/* The rule with id `id`, or NULL. */
const pw_obligrule *pw_obligrules_rule(const pw_obligrules *r, const char *id);

/* The certificate types a self-assessment rule's documents are matched
 * against: a TSP's, where ev counts as tls too (the EV Guidelines sit on the
 * TLS Baseline Requirements). */
pw_tagset pw_obligrules_types(pw_tagset tsp_types);

/* "etsi", "webtrust" or "any". */
const char *pw_obligrules_scheme_name(int scheme);

#endif
