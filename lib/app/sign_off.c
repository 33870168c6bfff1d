/* The sign-off use case (sign_off.h). */
#include "app/sign_off.h"

#include "classify/changeset.h"
#include "github/github.h"
#include "ledger/ledger.h"
#include "publish/issue.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* The one source every target names by change id, else NULL (all sources). */
static int only_source(const pw_source **out, pw_workspace *ws, const pw_sign_off_selection *s)
{
	const pw_source *src = NULL, *one;
	size_t i;
	int rc;
	*out = NULL;
	if (s->kind && s->source) {
		const pw_sources *all;
		const pw_config *cfg;
		if ((rc = pw_workspace_sources(&all, ws)) < 0 ||
		    (rc = pw_workspace_config(&cfg, ws)) < 0)
			return rc;
		if (!(*out = pw_sources_find(all, s->source)) ||
		    !pw_config_source_enabled(cfg, s->source))
			return pw_error_set(PW_EINPUT,
			                    "--source: '%s' is not an enabled source of %s",
			                    s->source, cfg->path);
		return 0;
	}
	if (s->kind)
		return 0;
	for (i = 0; i < s->ntargets; i++) {
		if (!strchr(s->targets[i], '@'))
			return 0;
		if ((rc = pw_workspace_source_of(&one, ws, s->targets[i])) < 0)
			return rc;
		if (src && src != one)
			return 0;
		src = one;
	}
	*out = src;
	return 0;
}

/* Whether change `id` was named by its id (not through a ballot, issue or kind). */
static int named_by_id(const pw_sign_off_selection *s, const char *id)
{
	size_t i;
	for (i = 0; i < s->ntargets; i++)
		if (strcmp(s->targets[i], id) == 0)
			return 1;
	return 0;
}

static int same_list(char *const *x, size_t nx, const char *const *y, size_t ny)
{
	size_t i, j;
	if (nx != ny)
		return 0;
	for (i = 0; i < nx; i++) {
		for (j = 0; j < ny && strcmp(x[i], y[j]) != 0; j++)
			;
		if (j == ny)
			return 0;
	}
	return 1;
}

/* The changes the selection names, from the change set of `source` (NULL:
 * all); a single change id naming nothing says so by its id. */
static int select_changes(pw_signoff_selection *sel, const pw_config *cfg, const pw_source *source,
                          const pw_changeset *set, const pw_issue_groups *groups,
                          const pw_ledger *ledger, pw_github *gh, const pw_sign_off_selection *s)
{
	pw_signoff_select_opts so = PW_SIGNOFF_SELECT_OPTS_INIT;
	int rc;

	so.targets = s->targets;
	so.ntargets = s->ntargets;
	so.kind = s->kind;
	so.source = s->source;
	so.baseline = cfg->baseline;
	so.gh = gh;
	rc = pw_signoff_select(sel, set, groups, ledger, &so);
	if (rc == PW_ENOTFOUND && s->ntargets == 1 && strchr(s->targets[0], '@'))
		return pw_error_set(PW_ENOTFOUND,
		                    "unknown change id '%s': not a change of %s in the mirror%s%s",
		                    s->targets[0], source ? source->id : "any source",
		                    cfg->since[0] ? " since " : "", cfg->since);
	return rc;
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

/* Records the decision on each selected change; gs[i] is the issue group to
 * reflect item i on (NULL: skipped, or its issue is reflected for an earlier
 * item). */
static int record_each(pw_sign_off_result *out, const pw_issue_group **gs, pw_workspace *ws,
                       const pw_config *cfg, const pw_issue_groups *groups, const pw_ledger *ledger,
                       const pw_tsps *profiles, const pw_sign_off_opts *o)
{
	pw_signoff_request req = {.decision = o->decision,
	                          .tsps = o->tsps,
	                          .ntsps = o->ntsps,
	                          .note = o->note,
	                          .tsp_note = o->tsp_note,
	                          .cancel = o->cancel,
	                          .profiles = profiles};
	char now[21];
	size_t i, j;
	int rc;

	if ((rc = pw_workspace_author(&req.author_name, &req.author_email, ws)) < 0 ||
	    (rc = pw_workspace_now(now, ws)) < 0)
		return rc;
	req.time = now; /* $PKIWATCH_TODAY's day in reproducible runs */
	for (i = 0; i < out->count; i++) {
		pw_sign_off_item *item = &out->items[i];
		const pw_changeset_item *it = item->change;
		const pw_ledger_entry *e = pw_ledger_find(ledger, it->change.id);
		if (e && !named_by_id(&o->select, it->change.id) &&
		    (strcmp(e->decision, o->decision) != 0 ||
		     !same_list(e->tsps, e->ntsps, o->tsps, o->ntsps))) {
			item->skipped_decision = e->decision;
			if (o->done)
				o->done(item, o->payload);
			continue;
		}
		req.source = it->source;
		if ((rc = show_terms(it, o)) < 0 ||
		    (rc = pw_signoff_record(cfg, it, &req, &item->res)) < 0)
			return rc;
		if (o->done)
			o->done(item, o->payload);
		gs[i] = pw_issue_groups_find_change(groups, it->change.id);
		for (j = 0; j < i && gs[i]; j++)
			if (gs[j] == gs[i])
				gs[i] = NULL; /* its issue is reflected once */
		item->reflected = gs[i] != NULL;
		if (o->cancel &&
		    *o->cancel) { /* recorded so far; the rest and the issues can wait */
			int sig = (int)*o->cancel;
			return pw_error_set(PW_ECANCEL,
			                    "interrupted (%s): the decision%s recorded; the next "
			                    "'pkiwatch sync' shows %s on the issue%s",
			                    sig > 0 && sig < NSIG ? strsignal(sig) : "cancelled",
			                    i ? "s printed above are" : " is", i ? "them" : "it",
			                    i ? "s" : "");
		}
	}
	return 0;
}

/* The GitHub part: the comments, the labels, closing the issues, on the
 * ledger as it is after the records. */
static int reflect(pw_sign_off_result *out, pw_github *gh, const pw_config *cfg,
                   const pw_issue_group **gs)
{
	pw_signoff_result *res = NULL;
	pw_ledger now;
	size_t i;
	int rc;

	memset(&now, 0, sizeof(now));
	if (!(res = calloc(out->count, sizeof(*res))))
		return pw_error_oom();
	for (i = 0; i < out->count; i++)
		res[i] = out->items[i].res;
	if ((rc = pw_ledger_load(&now, cfg->root)) < 0 ||
	    (rc = pw_signoff_github_each(gh, gs, out->count, &now, res)) < 0)
		out->github_failed = 1;
	for (i = 0; i < out->count; i++)
		out->items[i].res = res[i];
	free(res);
	pw_ledger_clear(&now);
	return rc;
}

int pw_sign_off_run(pw_sign_off_result *out, pw_workspace *ws, const pw_sign_off_opts *opts)
{
	pw_issue_groups groups = {NULL, 0};
	pw_signoff_selection sel = {NULL, 0};
	const pw_issue_group **gs = NULL;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *profiles;
	const pw_source *source;
	const pw_config *cfg;
	pw_github *gh = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = only_source(&source, ws, &opts->select)) < 0)
		return rc;
	/* the client first: a bad token setting fails before anything is written */
	out->github = pw_github_token_set();
	if ((out->github && (rc = pw_workspace_github(&gh, ws, NULL)) < 0) ||
	    (rc = pw_signoff_check_tsps(cfg, opts->tsps, opts->ntsps)) < 0 ||
	    (rc = pw_workspace_tsps(&profiles, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, source ? source->id : NULL)) < 0 ||
	    (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_issue_groups_build(&groups, set)) < 0 ||
	    (rc = select_changes(&sel, cfg, source, set, &groups, ledger, gh, &opts->select)) < 0)
		goto out;
	if (!(out->items = calloc(sel.count, sizeof(*out->items))) ||
	    !(gs = calloc(sel.count, sizeof(*gs)))) {
		rc = pw_error_oom();
		goto out;
	}
	out->count = sel.count;
	for (i = 0; i < sel.count; i++)
		out->items[i].change = sel.items[i];
	if ((rc = record_each(out, gs, ws, cfg, &groups, ledger, profiles, opts)) < 0)
		goto out;
	if (gh)
		rc = reflect(out, gh, cfg, gs);
out:
	pw_github_free(gh);
	free(gs);
	pw_signoff_selection_clear(&sel);
	pw_issue_groups_clear(&groups);
	return rc;
}

void pw_sign_off_result_clear(pw_sign_off_result *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		pw_signoff_result_clear(&r->items[i].res);
	free(r->items);
	memset(r, 0, sizeof(*r));
}
