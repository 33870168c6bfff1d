/* The publish use case (publish_all.h). */
#include "app/publish_all.h"

#include "upstream/history.h"
#include "util/error.h"
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

/* $PKIWATCH_GITHUB_MAX_REQUESTS (0: no limit; see pw_publish_opts). */
static size_t max_requests(void)
{
	const char *env = getenv("PKIWATCH_GITHUB_MAX_REQUESTS");
	return env && *env ? strtoul(env, NULL, 10) : 0;
}

int pw_publish_all_run(pw_publish_all_result *out, pw_workspace *ws,
                       const pw_publish_all_opts *opts)
{
	pw_publish_all_opts none = PW_PUBLISH_ALL_OPTS_INIT;
	pw_publish_run_opts o = PW_PUBLISH_RUN_OPTS_INIT;
	const pw_sources *sources;
	const pw_config *cfg;
	const char *cache_dir;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0)
		return rc;
	if (opts->dry_run && !(out->outbox = opts->outbox ? strdup(opts->outbox)
	                                                  : pw_path_join(cfg->root, "out/outbox")))
		return pw_error_oom();
	/* the client first: a missing token fails before the work; then the
	 * lock, and what the run works on (the change set keeps what the
	 * obligation rules read) */
	if ((rc = pw_workspace_today(&o.today, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&cache_dir, ws)) < 0 ||
	    (rc = pw_workspace_github(&o.gh, ws, out->outbox)) < 0)
		return rc;
	if ((!out->outbox && (rc = pw_publish_run_lock(&o.lock, cfg, cache_dir)) < 0) ||
	    (rc = pw_history_tune()) < 0 || (rc = pw_workspace_changeset(&o.set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_ledger(&o.ledger, ws)) < 0 ||
	    (rc = pw_workspace_obligations(&o.oblig, ws, o.today, NULL)) < 0) {
		pw_lock_release(o.lock);
		pw_github_free(o.gh);
		return rc;
	}
	o.outbox = out->outbox;
	o.max_requests = max_requests();
	return pw_publish_run_start(&out->run, cfg, &o);
}

void pw_publish_all_result_clear(pw_publish_all_result *r)
{
	if (!r)
		return;
	pw_publish_run_clear(&r->run);
	free(r->outbox);
	memset(r, 0, sizeof(*r));
}
