#include "publish/publish_run.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "upstream/history.h"
#include "ledger/baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds to wait for another run: $PKIWATCH_LOCK_TIMEOUT as for the cache
 * lock (-1: forever), default 600. */
static int lock_wait(void)
{
	const char *env = getenv("PKIWATCH_LOCK_TIMEOUT");
	char *end;
	long v;

	if (!env || !*env)
		return 600;
	v = strtol(env, &end, 10);
	return *end || v < -1 || v > 86400 ? 600 : (int)v;
}

/* One publishing run per compliance repository on this machine at a time. */
int pw_publish_run_lock(pw_lock **out, const pw_config *cfg, const char *cache_dir)
{
	const char *repository = cfg->repository;
	pw_buf name = PW_BUF_INIT;
	char *path = NULL;
	const char *p;
	int rc;

	*out = NULL;
	if ((rc = pw_dir_create(cache_dir)) < 0)
		return rc;
	rc = pw_buf_puts(&name, ".publish-");
	for (p = repository; rc == 0 && *p; p++)
		rc = pw_buf_putc(&name, *p == '/' ? '+' : *p);
	if (rc == 0)
		rc = pw_buf_puts(&name, ".lock");
	if (rc < 0 || !(path = pw_path_join(cache_dir, name.ptr)))
		rc = pw_error_oom();
	else if ((rc = pw_lock_acquire(out, path, lock_wait(), NULL, NULL)) < 0)
		pw_error_prefix(rc, "publishing to %s", repository);
	free(path);
	pw_buf_clear(&name);
	return rc;
}

/* The configuration's baseline, checked against the one recorded last. */
static int apply_baseline(pw_publish_run *r, const pw_config *cfg)
{
	pw_baseline b;
	int rc, found;
	if (!cfg->baseline[0])
		return 0;
	if ((rc = pw_baseline_current(&b, &found, cfg->root)) < 0)
		return rc;
	if (found && strcmp(b.date, cfg->baseline) != 0)
		rc = pw_error_set(PW_EINPUT,
		                  "%s: $.baseline: %s, but the baseline recorded last is %s (%s): "
		                  "changing it is the officer's decision: record it with 'pkiwatch "
		                  "baseline'",
		                  cfg->path, cfg->baseline, b.date, b.file);
	r->baseline_recorded = found;
	pw_baseline_clear(&b);
	if (rc == 0)
		rc = pw_issue_groups_drop_before(&r->groups, cfg->baseline, &r->baselined);
	return rc;
}

int pw_publish_run_start(pw_publish_run *r, const pw_config *cfg, const pw_publish_run_opts *o)
{
	pw_publish_opts po = PW_PUBLISH_OPTS_INIT;
	pw_baselineissue bi = {.date = NULL};
	int rc;

	memset(r, 0, sizeof(*r));
	r->gh = o->gh;
	r->lock = o->lock;
	r->set = o->set;
	r->ledger = o->ledger;
	r->oblig = o->oblig;
	snprintf(r->today, sizeof(r->today), "%s", o->today);
	if (o->outbox && !(r->bodies = pw_path_join(o->outbox, "bodies")))
		return pw_error_oom();
	if ((rc = pw_issue_groups_build(&r->groups, r->set)) < 0 ||
	    (rc = apply_baseline(r, cfg)) < 0)
		return rc;
	r->oblig_opts.cfg = cfg;
	r->oblig_opts.obligations = &r->oblig->obligations;
	r->oblig_opts.tsps = r->oblig->tsps;
	r->oblig_opts.today = r->today;
	r->oblig_opts.soon_days = r->oblig->rules->near_within;
	r->oblig_opts.bodies = r->bodies;
	po.cfg = cfg;
	po.groups = &r->groups;
	po.ledger = r->ledger;
	po.today = r->today;
	po.bodies = r->bodies;
	po.max_requests = o->max_requests;
	po.obligations = &r->oblig_opts;
	bi.date = cfg->baseline;
	bi.changes = &r->baselined;
	bi.set = r->set;
	bi.recorded = r->baseline_recorded;
	po.baseline = &bi;
	return pw_publish(r->gh, &po, &r->st);
}

void pw_publish_run_clear(pw_publish_run *r)
{
	if (!r)
		return;
	pw_publish_stats_clear(&r->st);
	pw_github_free(r->gh);
	pw_issue_groups_clear(&r->groups);
	pw_strlist_clear(&r->baselined);
	free(r->bodies);
	pw_lock_release(r->lock);
	memset(r, 0, sizeof(*r));
}
