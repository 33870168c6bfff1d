/* The upstream sources (rules/sources.json): which repositories, which branch,
 * which documents, and the applicability tags each document carries by default. */
#ifndef PW_SOURCES_H
#define PW_SOURCES_H

#include <stddef.h>

#include "core/rootprog.h"
#include "core/tagset.h"

typedef struct {
	char *path;  /* path inside the repository, e.g. "docs/BR.md" */
	char **tags; /* default tags, e.g. {"tls", "ev"} */
	size_t ntags;
	/* earlier paths of the same document, newest first: a rename is diffed
	 * as one change of the content, and a document that appears while one
	 * of them exists (a copy) is diffed against it */
	char **formerly;
	size_t nformerly;
	/* the version scheme of a document versioned by its own header or
	 * change-history table: a change that releases version V gets the
	 * ballot "<prefix>-V" ("MRSP", "CCADB", "CHROME"); NULL: none */
	char *version_prefix;
	/* the document's changes are policy versions (version_prefix, or
	 * "versioned": true for documents without a version id of their own,
	 * such as the CCADB self-assessment template or Apple's CT policies):
	 * a normative change is kind policy-version, not ballot */
	int versioned;
	/* the default branch is the published policy ("live": true): an edit
	 * that declares no new version amends the version in force (editorial,
	 * ballot = that version); else (Mozilla's master between version
	 * branches) it prepares the next version (ballot null) */
	int live;
	/* a file beside the document whose version table is the document's
	 * too ("changelog": Microsoft's Changelog.md, while the document's own
	 * header lags behind): a version row it adds or changes in a change of
	 * the document is read as the document's; NULL: none */
	char *changelog;
} pw_document;

typedef struct {
	char *id;            /* "cabforum-servercert" */
	char *repository;    /* "cabforum/servercert" */
	char *url;           /* "https://github.com/cabforum/servercert" */
	char *branch;        /* default branch: adopted changes land here */
	char *ballot_prefix; /* "SC", "SMC", ... or NULL (Mozilla: from the version) */
	pw_document *documents;
	size_t ndocuments;
	/* the root programs whose policy this is (a change applies only to TSPs
	 * in one of them); 0: no root program's own (the CA/Browser Forum's,
	 * which bind every TSP) */
	pw_rootprogs root_programs;
	/* the certificate types the program covers (Chrome: tls, ev); 0: any */
	pw_tagset program_types;
} pw_source;

typedef struct {
	pw_source *items;
	size_t count;
} pw_sources;

/* The directory holding the rules: $PKIWATCH_RULES, else the directory the
 * build was made from (PW_RULES_DIR). */
const char *pw_sources_rules_dir(void);

/* Loads and validates a sources file (errors name file and JSON path). */
int pw_sources_load(pw_sources **out, const char *path);

/* Loads <rules dir>/sources.json. */
int pw_sources_load_default(pw_sources **out);

const pw_source *pw_sources_find(const pw_sources *s, const char *id);

/* The document entry for `path` (its current or a former path), or NULL when
 * the source does not track it. */
const pw_document *pw_sources_document(const pw_source *src, const char *path);

/* Where to fetch `src` from: `<base>/<id>.git` when `upstream_base` (a directory
 * or a URL) is given, else src->url. Caller frees. */
char *pw_sources_fetch_url(const pw_source *src, const char *upstream_base);

void pw_sources_free(pw_sources *s);

#endif
