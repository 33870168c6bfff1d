/* The sign-off use case (sign_off.h). */
#include "app/sign_off.h"

#include "classify/changeset.h"
#include "github/github.h"
#include "ledger/ledger.h"
#include "publish/issue.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int github_client(pw_github **gh, pw_workspace *ws, const pw_config *cfg)
{
	pw_github_opts go = PW_GITHUB_OPTS_INIT;
	int rc, timeout;

	if ((rc = pw_config_network_timeout(&timeout, cfg)) < 0)
		return rc;
	go.repository = cfg->repository;
	go.max_retries = -1;
	go.timeout_ms = timeout * 1000L; /* 0: the client's default */
	if ((rc = pw_workspace_ca_file(&go.ca_file, ws)) < 0)
		return rc;
	return pw_github_new(gh, &go);
}

/* A token is there: the issue is updated at once (else by the next sync). */
static int have_token(void)
{
	const char *a = getenv("GITHUB_TOKEN"), *b = getenv("GH_TOKEN");
	return (a && *a) || (b && *b);
}

/* The change in the mirrors; PW_ENOTFOUND when it is not there (or older
 * than the since date). */
static int find_change(const pw_changeset_item **it, const pw_changeset *set,
                       const pw_source *source, const pw_config *cfg, const char *id)
{
	if ((*it = pw_changeset_find(set, id)))
		return 0;
	return pw_error_set(PW_ENOTFOUND,
	                    "unknown change id '%s': not a change of %s in the mirror%s%s", id,
	                    source->id, cfg->since[0] ? " since " : "", cfg->since);
}

/* The words the decision rests on, before it is recorded. */
static int show_terms(const pw_changeset_item *it, const pw_sign_off_opts *o)
{
	char *terms = NULL;
	int rc = pw_signoff_terms(it, &terms);
	if (rc == 0 && *terms && o->terms)
		o->terms(terms, o->payload);
	free(terms);
	return rc;
}

/* The GitHub part: the comment, the labels, closing the issue. */
static int reflect(pw_sign_off_result *out, pw_workspace *ws, pw_github *gh,
                   const pw_issue_groups *groups, const char *id)
{
	const pw_ledger *ledger;
	int rc;

	if ((rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_signoff_github(gh, pw_issue_groups_find_change(groups, id), ledger,
	                            &out->res)) < 0)
		out->github_failed = 1;
	return rc;
}

int pw_sign_off_run(pw_sign_off_result *out, pw_workspace *ws, const pw_sign_off_opts *opts)
{
	pw_signoff_request req = {.decision = opts->decision,
	                          .tsps = opts->tsps,
	                          .ntsps = opts->ntsps,
	                          .note = opts->note,
	                          .cancel = opts->cancel};
	pw_issue_groups groups = {NULL, 0};
	const pw_changeset_item *it;
	const pw_changeset *set;
	const pw_source *source;
	const pw_config *cfg;
	pw_github *gh = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_source_of(&source, ws, opts->change)) < 0)
		return rc;
	/* the client first: a bad token setting fails before anything is written */
	out->github = have_token();
	if ((out->github && (rc = github_client(&gh, ws, cfg)) < 0) ||
	    (rc = pw_signoff_check_tsps(cfg, opts->tsps, opts->ntsps)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, source->id)) < 0 ||
	    (rc = pw_issue_groups_build(&groups, set)) < 0 ||
	    (rc = find_change(&it, set, source, cfg, opts->change)) < 0 ||
	    (rc = show_terms(it, opts)) < 0 ||
	    (rc = pw_workspace_author(&req.author_name, &req.author_email, ws)) < 0 ||
	    (rc = pw_signoff_record(cfg, it, &req, &out->res)) < 0)
		goto out;
	if (opts->recorded)
		opts->recorded(&out->res, opts->payload);
	if (opts->cancel && *opts->cancel) { /* recorded; the issue can wait */
		int sig = (int)*opts->cancel;
		rc = pw_error_set(PW_ECANCEL,
		                  "interrupted (%s): the decision is recorded; the next 'pkiwatch "
		                  "sync' shows it on the issue",
		                  sig > 0 && sig < NSIG ? strsignal(sig) : "cancelled");
		goto out;
	}
	if (gh)
		rc = reflect(out, ws, gh, &groups, opts->change);
out:
	pw_github_free(gh);
	pw_issue_groups_clear(&groups);
	return rc;
}

void pw_sign_off_result_clear(pw_sign_off_result *r)
{
	if (!r)
		return;
	pw_signoff_result_clear(&r->res);
	memset(r, 0, sizeof(*r));
}
