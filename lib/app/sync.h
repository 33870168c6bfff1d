/* The use case of `pkiwatch sync` (what the Action runs): every source
 * mirrored (app/mirror_all.h), the changes published (app/publish_all.h),
 * the reminders posted (publish/remind.h), the check-ins and escalations on
 * the obligations' issues (publish/checkin.h), then the job summary and the
 * step outputs appended (publish/syncreport.h), on one workspace.
 *
 * The report's files are checked before any work, and written only when
 * every step succeeded. A source that fails to mirror stops the run after
 * mirroring (PW_ERROR); GitHub refusing some issues does not stop the
 * reminders on the others (the run then fails with the publishing
 * failure, or the reminders' own). */
#ifndef PW_SYNC_H
#define PW_SYNC_H

#include "app/mirror_all.h"
#include "app/publish_all.h"
#include "app/workspace.h"
#include "publish/checkin.h"
#include "publish/remind.h"

typedef struct {
	int dry_run;              /* send nothing (requests go to the outbox) */
	const char *outbox;       /* the dry run's outbox; NULL: out/outbox */
	const char *step_summary; /* append the Markdown job summary here; NULL: none */
	const char *outputs;      /* append the step outputs here; NULL: none */
	/* Each step's outcome, as soon as it is known (each may be NULL):
	 * `rc` < 0 when the step failed, its message then in pw_error_last().
	 * A mirror with failed sources has rc 0 and the failures in its items. */
	void (*mirrored)(int rc, const pw_mirror_all_result *r, void *payload);
	void (*published)(int rc, const pw_publish_all_result *r, void *payload);
	void (*reminded)(int rc, const pw_remind_stats *r, void *payload);
	/* `obligations`: how many obligation issues the run published */
	void (*checked)(int rc, const pw_checkin_stats *r, size_t obligations, void *payload);
	/* as pw_mirror_all_opts.lock_wait */
	void (*lock_wait)(const char *lock_path, int timeout, void *payload);
	void *payload;
} pw_sync_opts;

#define PW_SYNC_OPTS_INIT                                                                          \
	{                                                                                          \
		.dry_run = 0                                                                       \
	}

/* Runs the sync. Returns 0 or the failure that ended it (the last step's
 * that failed). */
int pw_sync_run(pw_workspace *ws, const pw_sync_opts *opts);

#endif
