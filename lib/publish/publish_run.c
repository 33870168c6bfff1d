#include "publish/publish_run.h"

#include "util/error.h"
#include "util/fileio.h"
#include "upstream/history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_publish_run_start(pw_publish_run *r, const pw_sources *sources, const pw_config *cfg,
                         const pw_publish_run_opts *o)
{
	pw_changeset_opts co = {o->cache_dir, NULL, NULL, 0, 0, 0};
	pw_github_opts go;
	pw_publish_opts po;
	int rc, timeout;

	memset(r, 0, sizeof(*r));
	if ((rc = pw_config_network_timeout(&timeout, cfg)) < 0)
		return rc;
	snprintf(r->today, sizeof(r->today), "%s", o->today);
	memset(&go, 0, sizeof(go));
	go.repository = cfg->repository;
	go.max_retries = -1;
	go.ca_file = o->ca_file;
	go.timeout_ms = timeout * 1000L; /* 0: the client's default */
	if (o->outbox) {
		if (!(r->bodies = pw_path_join(o->outbox, "bodies")))
			return pw_error_oom();
		go.outbox = o->outbox;
	}
	/* the client first: a missing token fails before the work */
	if ((rc = pw_github_new(&r->gh, &go)) < 0)
		return rc;
	if ((rc = pw_history_tune()) < 0 ||
	    (rc = pw_changeset_collect(&r->set, sources, cfg, &co)) < 0 ||
	    (rc = pw_issue_groups_build(&r->groups, &r->set)) < 0 ||
	    (rc = pw_ledger_load(&r->ledger, cfg->root)) < 0)
		return rc;
	memset(&po, 0, sizeof(po));
	po.cfg = cfg;
	po.groups = &r->groups;
	po.ledger = &r->ledger;
	po.today = r->today;
	po.bodies = r->bodies;
	po.max_requests = o->max_requests;
	return pw_publish(r->gh, &po, &r->st);
}

void pw_publish_run_clear(pw_publish_run *r)
{
	if (!r)
		return;
	pw_publish_stats_clear(&r->st);
	pw_github_free(r->gh);
	pw_ledger_clear(&r->ledger);
	pw_issue_groups_clear(&r->groups);
	pw_changeset_clear(&r->set);
	free(r->bodies);
	memset(r, 0, sizeof(*r));
}
