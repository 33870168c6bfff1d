/* The change stream: one source's history from its mirror, each commit
 * classified, then linked to its neighbours (classify.h's cross-change
 * passes), delivered newest first one change at a time, holding only a
 * window of changes in memory however long the history. `pkiwatch changes`
 * (app/list_changes.h) renders from it; the change set (changeset.h) is
 * collected from it. */
#ifndef PW_STREAM_H
#define PW_STREAM_H

#include "classify/change.h"
#include "classify/classify.h"
#include "core/sources.h"
#include "upstream/history.h"

typedef struct {
	const char *cache_dir; /* mirrors are <cache_dir>/<source id>.git */
	pw_history_opts walk;  /* since, from, to, drafts (with_text is set) */
	pw_classifier *cl;     /* borrowed */
	/* the run's day (YYYY-MM-DD): a draft is marked stale by the
	 * classifier's noise rules (pw_noise_stale); NULL: none is */
	const char *today;
	/* optional: called when a commit is classified, before it is linked;
	 * `*user` (NULL) may get a value that comes back with the change */
	int (*classified)(const pw_commit_change *cc, const pw_change *c, void **user,
	                  void *payload);
	/* called when a change is final, newest first; it may take over what `c`
	 * owns (leaving it zeroed): the stream clears `c` afterwards */
	int (*final)(pw_change *c, void *user, void *payload);
	void *payload;
} pw_stream_opts;

#define PW_STREAM_OPTS_INIT                                                                        \
	{                                                                                          \
		.cache_dir = NULL                                                                  \
	}

/* Streams source `src`. A source that is not mirrored yet is PW_ENOTFOUND
 * ("run 'pkiwatch mirror'"). A callback's negative return stops the stream
 * and is returned. */
int pw_stream_source(const pw_source *src, const pw_stream_opts *opts);

#endif
