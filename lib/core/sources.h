/* The upstream sources (rules/sources.json): which repositories, which branch,
 * which documents, and the applicability tags each document carries by default. */
#ifndef PW_SOURCES_H
#define PW_SOURCES_H

#include <stddef.h>

typedef struct {
	char *path;  /* path inside the repository, e.g. "docs/BR.md" */
	char **tags; /* default tags, e.g. {"tls", "ev"} */
	size_t ntags;
} pw_document;

typedef struct {
	char *id;            /* "cabforum-servercert" */
	char *repository;    /* "cabforum/servercert" */
	char *url;           /* "https://github.com/cabforum/servercert" */
	char *branch;        /* default branch: adopted changes land here */
	char *ballot_prefix; /* "SC", "SMC", ... or NULL (Mozilla: from the version) */
	pw_document *documents;
	size_t ndocuments;
} pw_source;

typedef struct {
	pw_source *items;
	size_t count;
} pw_sources;

/* The directory holding the rules: $PKIWATCH_RULES, else the directory the
 * build was made from (PW_RULES_DIR). */
const char *pw_rules_dir(void);

/* Loads and validates a sources file (errors name file and JSON path). */
int pw_sources_load(pw_sources **out, const char *path);

/* Loads <rules dir>/sources.json. */
int pw_sources_load_default(pw_sources **out);

const pw_source *pw_sources_find(const pw_sources *s, const char *id);

/* The document entry for `path`, or NULL when the source does not track it. */
const pw_document *pw_source_document(const pw_source *src, const char *path);

/* Where to fetch `src` from: `<base>/<id>.git` when `upstream_base` (a directory
 * or a URL) is given, else src->url. Caller frees. */
char *pw_source_fetch_url(const pw_source *src, const char *upstream_base);

void pw_sources_free(pw_sources *s);

#endif
