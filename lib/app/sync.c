/* The sync use case (sync.h). */
#include "app/sync.h"

#include "publish/syncreport.h"
#include "util/error.h"

#include <git2.h>
#include <string.h>

/* Every enabled source mirrored; a source that failed stops the run. */
static int mirror(pw_workspace *ws, const pw_sync_opts *o)
{
	pw_mirror_all_opts mo = PW_MIRROR_ALL_OPTS_INIT;
	pw_mirror_all_result r;
	size_t i, failed = 0;
	int rc;

	mo.lock_wait = o->lock_wait;
	mo.payload = o->payload;
	rc = pw_mirror_all_run(&r, ws, &mo);
	if (o->mirrored)
		o->mirrored(rc, &r, o->payload);
	for (i = 0; rc == 0 && i < r.count; i++)
		failed += r.items[i].status < 0;
	pw_mirror_all_result_clear(&r);
	if (rc == 0 && failed)
		rc = pw_error_set(PW_ERROR, "%zu source%s failed to mirror", failed,
		                  failed == 1 ? "" : "s");
	return rc;
}

/* The reminders and the obligations' check-ins, after the publishing (also
 * when GitHub refused some of its issues), then the report when everything
 * succeeded. */
static int remind_and_report(pw_publish_all_result *pub, int published, const pw_config *cfg,
                             const pw_sync_opts *o)
{
	pw_remind_opts ro;
	pw_remind_stats rs;
	pw_checkin_opts co = PW_CHECKIN_OPTS_INIT;
	pw_checkin_stats cs;
	pw_syncreport rep;
	int rc;

	memset(&ro, 0, sizeof(ro));
	memset(&rs, 0, sizeof(rs));
	memset(&cs, 0, sizeof(cs));
	memset(&rep, 0, sizeof(rep));
	ro.cfg = cfg;
	ro.published = &pub->run.st;
	ro.ledger = pub->run.ledger;
	ro.today = pub->run.today;
	rc = pw_remind_run(pub->run.gh, &ro, &rs);
	if (o->reminded)
		o->reminded(rc, &rs, o->payload);
	if (rc == 0) {
		co.cfg = cfg;
		co.rules = pub->run.oblig->rules;
		co.issues = &pub->run.st.obligations;
		co.tsps = pub->run.oblig->tsps;
		co.today = pub->run.today;
		rc = pw_checkin_run(&cs, pub->run.gh, &co);
		if (o->checked)
			o->checked(rc, &cs, pub->run.st.obligations.count, o->payload);
	}
	if (rc == 0 && published < 0) {
		rc = published; /* and no report: it is written when all succeeded */
	} else if (rc == 0) {
		rep.repository = cfg->repository;
		rep.today = pub->run.today;
		rep.dry_run = o->dry_run;
		rep.published = &pub->run.st;
		rep.reminded = &rs;
		rep.checked = &cs;
		if ((rc = pw_syncreport_build(&rep)) == 0)
			rc = pw_syncreport_write(&rep, o->outputs, o->step_summary);
	}
	pw_syncreport_clear(&rep);
	pw_checkin_stats_clear(&cs);
	pw_remind_stats_clear(&rs);
	return rc;
}

int pw_sync_run(pw_workspace *ws, const pw_sync_opts *opts)
{
	pw_sync_opts none = PW_SYNC_OPTS_INIT;
	pw_publish_all_opts po = PW_PUBLISH_ALL_OPTS_INIT;
	pw_publish_all_result pub;
	const pw_config *cfg;
	const char *cache;
	int rc;

	if (!opts)
		opts = &none;
	/* before any work: a report that cannot be written would be found out
	 * only after mirror and publish have run */
	if ((rc = pw_syncreport_check(opts->outputs, opts->step_summary)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&cache, ws)) < 0 || (rc = mirror(ws, opts)) < 0)
		return rc;
	/* mirror_all initialises libgit2 for its run only (its connections
	 * overlap the initialisation); the rest needs it too */
	if (git_libgit2_init() < 0)
		return pw_error_set(PW_ERROR, "cannot initialise libgit2");
	po.dry_run = opts->dry_run;
	po.outbox = opts->outbox;
	rc = pw_publish_all_run(&pub, ws, &po);
	if (opts->published)
		opts->published(rc, &pub, opts->payload);
	/* some issues refused: the reminders on the others still go out */
	if (rc == 0 || pub.run.st.failed || pub.run.st.obligations.failed)
		rc = remind_and_report(&pub, rc, cfg, opts);
	pw_publish_all_result_clear(&pub);
	git_libgit2_shutdown();
	return rc;
}
