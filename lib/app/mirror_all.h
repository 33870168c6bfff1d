/* The use case of `pkiwatch mirror` (and the first step of `sync`): every
 * enabled source cloned or fetched into the cache, under the cache lock,
 * with the connections opened while libgit2 initialises (preconnect.h) and
 * the TLS set-up for the workspace's CA file. */
#ifndef PW_MIRROR_ALL_H
#define PW_MIRROR_ALL_H

#include <stddef.h>

#include "app/workspace.h"
#include "upstream/mirror.h"

typedef struct {
	int reclone; /* clone afresh (repairs a broken mirror) */
	/* progress of each source's transfer (may be NULL) */
	pw_mirror_progress_cb progress;
	/* another run holds the cache: called once before waiting up to
	 * `timeout` seconds (-1: forever) */
	void (*lock_wait)(const char *lock_path, int timeout, void *payload);
	void *payload;
} pw_mirror_all_opts;

#define PW_MIRROR_ALL_OPTS_INIT                                                                    \
	{                                                                                          \
		.reclone = 0                                                                       \
	}

typedef struct {
	pw_mirror_result *items; /* one per enabled source, in rules order */
	size_t count;
} pw_mirror_all_result;

/* Mirrors every enabled source. A failure before any source (the lock, the
 * cache directory, the CA file, $PKIWATCH_LOCK_TIMEOUT) is returned; a
 * source that fails has its status and message in its result and the others
 * go on (the return value is then 0). Clear `out` either way. */
int pw_mirror_all_run(pw_mirror_all_result *out, pw_workspace *ws, const pw_mirror_all_opts *opts);
void pw_mirror_all_result_clear(pw_mirror_all_result *r);

#endif
