/* One whole publish run, as `pkiwatch publish` and `pkiwatch sync` do it, on
 * what the caller loaded (app/publish_all.h: from the workspace): the GitHub
 * client (or the dry run's outbox), the change set from the mirrors, the
 * ledger, the obligations (tsp/obligctx.h); the run builds the change set's
 * issue groups, applies the baseline, then pw_publish. What it holds stays
 * in the run for the caller (the sync report and reminders borrow the groups
 * and the ledger) until pw_publish_run_clear. */
#ifndef PW_PUBLISH_RUN_H
#define PW_PUBLISH_RUN_H

#include <stddef.h>

#include "classify/changeset.h"
#include "core/config.h"
#include "github/github.h"
#include "publish/issue.h"
#include "ledger/ledger.h"
#include "publish/publish.h"
#include "core/sources.h"
#include "tsp/obligctx.h"
#include "util/lock.h"
#include "util/strlist.h"

typedef struct {
	/* the client (app/workspace.h's pw_workspace_github), writing to the
	 * outbox in a dry run; the run owns it from the call on, also when the
	 * call fails */
	pw_github *gh;
	/* the publishing lock (pw_publish_run_lock; NULL in a dry run), owned by
	 * the run from the call on, also when the call fails */
	pw_lock *lock;
	const char *outbox; /* dry run: the outbox directory; NULL: send for real */
	/* the change set (collected with pw_obligctx_changeset_opts), HEAD's
	 * ledger and the obligations derived today from both; borrowed for the
	 * run's life */
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_obligctx *oblig;
	const char *today;   /* YYYY-MM-DD */
	size_t max_requests; /* see pw_publish_opts */
} pw_publish_run_opts;

#define PW_PUBLISH_RUN_OPTS_INIT                                                                   \
	{                                                                                          \
		.gh = NULL                                                                         \
	}

typedef struct {
	pw_github *gh;
	const pw_changeset *set;
	pw_issue_groups groups;
	const pw_ledger *ledger;
	/* the obligations derived today, whose issues the run publishes (with
	 * the rules, the TSP profiles and the officer's records they come from) */
	const pw_obligctx *oblig;
	pw_obligissue_opts oblig_opts;
	pw_publish_stats st;
	char *bodies; /* dry run: where the rendered bodies went, else NULL */
	char today[11];
	/* the changes before the configuration's baseline: not published (the
	 * status quo), and whether that baseline is recorded in the ledger */
	pw_strlist baselined;
	int baseline_recorded;
	pw_lock *lock; /* the publishing lock (not in a dry run), held until cleared */
} pw_publish_run;

/* The machine's publishing lock of the compliance repository
 * (<cache_dir>/.publish-<owner>+<name>.lock), waiting up to
 * $PKIWATCH_LOCK_TIMEOUT seconds (default 600) for another run publishing to
 * it: PW_ELOCKED after that. Taken before the run's inputs are read, and
 * held by the run until cleared, so two runs on one machine never create the
 * same issues. */
int pw_publish_run_lock(pw_lock **out, const pw_config *cfg, const char *cache_dir);

/* Runs it. With a baseline in the configuration, the groups whose every
 * change is dated before it are left out (r->baselined); a different
 * baseline recorded last in the ledger (ledger/baseline.h) is PW_EINPUT:
 * changing it is the officer's explicit act ('pkiwatch baseline').
 * The caller makes the client first, so a missing token fails before any
 * work, then, unless it is a dry run, takes the lock (pw_publish_run_lock)
 * before it loads the inputs. On failure the run holds what it got so far;
 * clear it either way. */
int pw_publish_run_start(pw_publish_run *r, const pw_config *cfg, const pw_publish_run_opts *o);
void pw_publish_run_clear(pw_publish_run *r);

#endif
