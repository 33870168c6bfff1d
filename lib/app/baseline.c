#include "app/baseline.h"

#include "publish/issue.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void pw_app_baseline_result_clear(pw_app_baseline_result *res)
{
	if (!res)
		return;
	free(res->replaced);
	free(res->counts);
	pw_strlist_clear(&res->changes);
	pw_strlist_clear(&res->sources);
	memset(res, 0, sizeof(*res));
}

/* The changes publish leaves out for the baseline `date` (the issue groups
 * whose every change is dated before it), and their count per source. */
static int covered(pw_app_baseline_result *res, const pw_changeset *set, const char *date)
{
	pw_issue_groups groups = {NULL, 0};
	size_t i;
	int rc;
	if ((rc = pw_issue_groups_build(&groups, set)) == 0)
		rc = pw_issue_groups_drop_before(&groups, date, &res->changes);
	pw_issue_groups_clear(&groups);
	for (i = 0; rc == 0 && i < res->changes.count; i++) {
		const char *id = res->changes.items[i], *at = strchr(id, '@');
		size_t k, n = at ? (size_t)(at - id) : strlen(id);
		for (k = 0; k < res->sources.count && (strlen(res->sources.items[k]) != n ||
		                                       strncmp(res->sources.items[k], id, n));
		     k++)
			;
		if (k == res->sources.count) {
			size_t *p = realloc(res->counts, (k + 1) * sizeof(*p));
			if (!p)
				return pw_error_oom();
			res->counts = p;
			res->counts[k] = 0;
			if ((rc = pw_strlist_add_len(&res->sources, id, n)) < 0)
				break;
		}
		res->counts[k]++;
	}
	return rc;
}

int pw_app_baseline_record(pw_app_baseline_result *res, pw_workspace *ws,
                           const pw_app_baseline_opts *opts)
{
	const pw_config *cfg;
	const pw_changeset *set;
	const char *name, *email;
	char now[21];
	pw_baseline cur;
	int rc, found = 0;

	memset(res, 0, sizeof(*res));
	memset(&cur, 0, sizeof(cur));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0)
		return rc;
	if (!cfg->baseline[0])
		return pw_error_set(
		    PW_EINPUT,
		    "%s: no baseline: add \"baseline\": \"YYYY-MM-DD\" (changes before "
		    "it are the accepted status quo)",
		    cfg->path);
	memcpy(res->date, cfg->baseline, 11);
	if ((rc = pw_baseline_current(&cur, &found, cfg->root)) < 0)
		return rc;
	if (found && strcmp(cur.date, cfg->baseline) == 0) {
		res->changes = cur.changes; /* recorded already: what it covers */
		memset(&cur.changes, 0, sizeof(cur.changes));
		pw_baseline_clear(&cur);
		return 0;
	}
	if (found && !opts->replace) {
		rc = pw_error_set(PW_EINPUT,
		                  "%s: $.baseline: %s, but %s records the baseline %s: changing it "
		                  "is an explicit decision: run 'pkiwatch baseline --replace'",
		                  cfg->path, cfg->baseline, cur.file, cur.date);
		pw_baseline_clear(&cur);
		return rc;
	}
	if (found && !(res->replaced = strdup(cur.date))) {
		pw_baseline_clear(&cur);
		return pw_error_oom();
	}
	pw_baseline_clear(&cur);
	if ((rc = pw_workspace_changeset(&set, ws, NULL)) < 0 ||
	    (rc = covered(res, set, cfg->baseline)) < 0 ||
	    (rc = pw_workspace_author(&name, &email, ws)) < 0 ||
	    (rc = pw_workspace_now(now, ws)) < 0 ||
	    (rc = pw_baseline_record(res->commit, cfg->root, cfg->baseline, &res->changes,
	                             res->replaced, name, email, now)) < 0) {
		pw_app_baseline_result_clear(res);
		return rc;
	}
	res->recorded = 1;
	return 0;
}
