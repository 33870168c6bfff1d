/* Bare mirrors of the upstream sources in the cache: <cache>/<source id>.git
 * holds every branch and tag of the source (libgit2). The first run clones,
 * later runs fetch incrementally and prune what upstream deleted.
 *
 * The caller holds the cache lock (pw_lock on pw_mirror_lock_path()) while
 * mirroring: the functions below clean up after killed runs, which is only
 * safe when no other run is working on the same cache. */
#ifndef PW_MIRROR_H
#define PW_MIRROR_H

#include <stddef.h>

#include "core/sources.h"

/* Object transfer progress of one source. Calls are serialised (never two at
 * once) even when sources are mirrored concurrently. */
typedef void (*pw_mirror_progress_cb)(const char *source_id, size_t received_objects,
                                      size_t total_objects, size_t received_bytes, void *payload);

typedef struct {
	pw_mirror_progress_cb progress; /* may be NULL */
	void *payload;
	int reclone;         /* throw away existing mirrors and clone afresh */
	const char *ca_file; /* extra CA certificates for https (PEM), may be NULL */
	int serial;          /* mirror one source after the other instead of concurrently */
	/* seconds a connect, read or write may go without progress before the
	 * source fails (git://, http(s), ssh); 0: PW_PRECONNECT_TIMEOUT_DEFAULT */
	int timeout;
} pw_mirror_opts;

#define PW_MIRROR_OPTS_INIT                                                                        \
	{                                                                                          \
		.progress = NULL                                                                   \
	}

typedef struct {
	const char *source_id; /* borrowed from the source */
	const char *branch;    /* the default branch, borrowed */
	char *path;            /* <cache>/<id>.git */
	int status;            /* 0, or the PW_* code of the failure */
	char *error;           /* the failure's message, NULL on success */
	int cloned;            /* this run created the mirror */
	char old_head[41];     /* default branch before ("" when there was none) */
	char new_head[41];     /* and after */
	size_t new_commits;    /* commits in old_head..new_head */
	char **added;          /* branches that appeared (names without refs/heads/) */
	size_t nadded;
	char **removed; /* branches that disappeared */
	size_t nremoved;
} pw_mirror_result;

/* <cache>/.lock. Caller frees. */
char *pw_mirror_lock_path(const char *cache_dir);

/* Mirrors one source from `url` into <cache_dir>/<id>.git. Fills `res` (which
 * the caller disposes of) and returns res->status. */
int pw_mirror_source(pw_mirror_result *res, const char *cache_dir, const pw_source *src,
                     const char *url, const pw_mirror_opts *opts);

/* Mirrors `n` sources, `urls[i]` being where srcs[i] is fetched from, into
 * `results[i]`. A failing source does not stop the others. Registers the
 * bounded socket stream (upstream/preconnect.h) with libgit2 and sets its
 * bound from opts->timeout; pw_preconnect_finish deregisters it. Returns 0 when all
 * succeeded, else PW_ERROR with a summary message (each result has its own). */
int pw_mirror_all(pw_mirror_result *results, const char *cache_dir, const pw_source *const *srcs,
                  char *const *urls, size_t n, const pw_mirror_opts *opts);

void pw_mirror_result_clear(pw_mirror_result *res);

#endif
