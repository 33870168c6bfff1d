#include "publish/signoff.h"

#include "util/ascii.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "publish/publish.h"
#include "publish/reflect.h"
#include "tsp/applicability.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pw_signoff_check_decision(const char *d)
{
	if (d && (strcmp(d, "applicable") == 0 || strcmp(d, "not-applicable") == 0))
		return 0;
	return pw_error_set(
	    PW_EINPUT, "--decision: expected applicable or not-applicable, got '%s'", d ? d : "");
}

static int valid_tsp_id(const char *id)
{
	const char *p;
	if (!*id || *id == '.' || strlen(id) > 100)
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

int pw_signoff_check_tsps(const pw_config *cfg, const char *const *tsps, size_t n)
{
	size_t i, j;
	for (i = 0; i < n; i++) {
		pw_buf path = PW_BUF_INIT;
		cJSON *json = NULL;
		const char *name;
		int rc;
		if (!valid_tsp_id(tsps[i]))
			return pw_error_set(PW_EINPUT, "--tsp: '%s' is not a TSP id", tsps[i]);
		for (j = 0; j < i; j++)
			if (strcmp(tsps[i], tsps[j]) == 0)
				return pw_error_set(PW_EINPUT, "--tsp: '%s' given twice", tsps[i]);
		if (pw_buf_printf(&path, "%s/tsps/%s.json", cfg->root, tsps[i]) < 0)
			return PW_ENOMEM;
		if (access(path.ptr, F_OK) != 0)
			rc = pw_error_set(PW_EINPUT, "unknown TSP '%s' (no %s)", tsps[i], path.ptr);
		else
			rc = pw_json_parse_file(&json, path.ptr, 1 << 20);
		if (rc < 0)
			;
		else if (rc == 0 && !cJSON_IsObject(json))
			rc = pw_error_set(PW_EINPUT, "%s: $: not a JSON object", path.ptr);
		else if (rc == 0)
			rc = pw_json_get_string(json, "name", 1, path.ptr, "$", &name);
		cJSON_Delete(json);
		pw_buf_clear(&path);
		if (rc < 0)
			return rc == PW_ENOTFOUND ? PW_EINPUT : rc;
	}
	return 0;
}

static int same_tsps(const pw_ledger_entry *e, const pw_signoff_request *req)
{
	size_t i, j;
	if (e->ntsps != req->ntsps)
		return 0;
	for (i = 0; i < req->ntsps; i++) {
		int found = 0;
		for (j = 0; j < e->ntsps && !found; j++)
			found = strcmp(req->tsps[i], e->tsps[j]) == 0;
		if (!found)
			return 0;
	}
	return 1;
}

/* One line of untrusted text for the commit message. */
static int put_line(pw_buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++)
		rc = pw_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	return rc;
}

/* The TSPs the decision of `req` applies to, into res->applies_to and
 * res->applies_why. */
static int applies_to(pw_signoff_result *res, const pw_changeset_item *it,
                      const pw_signoff_request *req)
{
	pw_ledger_entry e;
	size_t i;
	int rc = 0;

	memset(&e, 0, sizeof(e));
	e.decision = (char *)req->decision;
	e.tsps = (char **)req->tsps;
	e.ntsps = req->ntsps;
	for (i = 0; rc == 0 && req->profiles && i < req->profiles->count; i++) {
		const pw_tsp *t = &req->profiles->items[i];
		pw_applicability a;
		if ((rc = pw_applicability_decide(it->change.cls.tags, req->source, &e, t, &a)) < 0)
			break;
		if (a.rules && (rc = pw_strlist_add(&res->applies_to, t->id)) == 0)
			rc = pw_strlist_add(&res->applies_why, a.reason ? a.reason : "");
		pw_applicability_clear(&a);
	}
	return rc;
}

/* entry["applies_to"] = ids. */
static int put_applies_to(pw_ledger_entry *e, const pw_strlist *ids)
{
	cJSON *a;
	size_t i;
	if (!e->extra && !(e->extra = cJSON_CreateObject()))
		return pw_error_oom();
	cJSON_DeleteItemFromObject(e->extra, "applies_to");
	if (!(a = cJSON_AddArrayToObject(e->extra, "applies_to")))
		return pw_error_oom();
	for (i = 0; i < ids->count; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(ids->items[i])))
			return pw_error_oom();
	return 0;
}

static int fill_entry(pw_ledger_entry *e, const pw_changeset_item *it,
                      const pw_signoff_request *req)
{
	char now[21];
	size_t i;

	memset(e, 0, sizeof(*e));
	if (!req->time)
		pw_day_now_iso(now, NULL);
	if (!req->author_name || !req->author_email)
		return pw_error_set(PW_EINPUT, "sign-off: no author");
	if (!(e->officer_name = strdup(req->author_name)) ||
	    !(e->officer_email = strdup(req->author_email)) ||
	    !(e->change = strdup(it->change.id)) || !(e->decision = strdup(req->decision)) ||
	    !(e->time = strdup(req->time ? req->time : now)) ||
	    !(e->record_digest = strdup(it->digest)) ||
	    (req->note && !(e->note = strdup(req->note))) ||
	    (req->tsp_note && !(e->tsp_note = strdup(req->tsp_note))) ||
	    (req->ntsps && !(e->tsps = calloc(req->ntsps, sizeof(*e->tsps)))))
		goto oom;
	for (i = 0; i < req->ntsps; i++) {
		if (!(e->tsps[i] = strdup(req->tsps[i])))
			goto oom;
		e->ntsps++;
	}
	return 0;
oom:
	pw_ledger_entry_clear(e);
	return pw_error_oom();
}

int pw_signoff_record(const pw_config *cfg, const pw_changeset_item *it,
                      const pw_signoff_request *req, pw_signoff_result *res)
{
	pw_ledger_entry old;
	pw_buf msg = PW_BUF_INIT;
	size_t i;
	int rc, found;

	memset(res, 0, sizeof(*res));
	if ((rc = pw_signoff_check_decision(req->decision)) < 0 ||
	    (rc = pw_signoff_check_tsps(cfg, req->tsps, req->ntsps)) < 0)
		return rc;
	if ((rc = pw_ledger_committed(&old, &found, cfg->root, it->change.id)) < 0)
		return rc;
	if (found) {
		if (strcmp(old.decision, req->decision) != 0 || !same_tsps(&old, req)) {
			rc = pw_error_set(
			    PW_EINPUT,
			    "%s is already signed off as %s in ledger/%s.json; to change "
			    "the decision, revert that commit (git revert) and sign off "
			    "again",
			    it->change.id, old.decision, it->change.id);
			pw_ledger_entry_clear(&old);
			return rc;
		}
		res->entry = old; /* the GitHub part may still be missing */
		if ((rc = applies_to(res, it, req)) < 0)
			pw_signoff_result_clear(res);
		return rc;
	}
	{
		if ((rc = applies_to(res, it, req)) == 0 &&
		    (rc = fill_entry(&res->entry, it, req)) == 0 && req->profiles)
			rc = put_applies_to(&res->entry, &res->applies_to);
		if (rc < 0) {
			pw_signoff_result_clear(res);
			return rc;
		}
	}
	rc = pw_buf_printf(&msg, "pkiwatch signoff: %s %s\n\n", it->change.id, req->decision);
	if (rc == 0 && it->change.cls.ballot)
		rc = pw_buf_printf(&msg, "Ballot %s: ", it->change.cls.ballot);
	if (rc == 0)
		rc = put_line(&msg, it->change.subject);
	if (rc == 0)
		rc = pw_buf_printf(&msg, "\nUpstream: %s\n", it->change.url);
	for (i = 0; i < req->ntsps && rc == 0; i++)
		rc = pw_buf_printf(&msg, "%s%s", i ? ", " : "TSPs: ", req->tsps[i]);
	if (rc == 0 && req->ntsps)
		rc = pw_buf_putc(&msg, '\n');
	for (i = 0; i < res->applies_to.count && rc == 0; i++)
		rc = pw_buf_printf(&msg, "%s%s",
		                   i ? ", " : "Applies to: ", res->applies_to.items[i]);
	if (rc == 0 && req->profiles)
		rc = pw_buf_puts(&msg, res->applies_to.count ? "\n" : "Applies to: no TSP\n");
	if (rc == 0)
		rc = pw_buf_printf(&msg, "\nSigned-off-by: %s <%s>\n", res->entry.officer_name,
		                   res->entry.officer_email);
	if (rc == 0)
		rc = pw_ledger_commit(res->commit, cfg->root, &res->entry, msg.ptr, req->cancel);
	pw_buf_clear(&msg);
	if (rc < 0) {
		pw_signoff_result_clear(res);
		return rc;
	}
	res->recorded = 1;
	return 0;
}

void pw_signoff_result_clear(pw_signoff_result *res)
{
	if (res) {
		pw_ledger_entry_clear(&res->entry);
		pw_strlist_clear(&res->applies_to);
		pw_strlist_clear(&res->applies_why);
	}
}

int pw_signoff_github_each(pw_github *gh, const pw_issue_group *const *groups, size_t n,
                           const pw_ledger *ledger, pw_signoff_result *res)
{
	pw_existing_issues ex;
	size_t i;
	int rc;

	if ((rc = pw_publish_existing_list(&ex, gh)) < 0)
		return rc;
	/* one not among the labelled ones: its pkiwatch label may have been removed */
	for (i = 0; i < n; i++)
		if (groups[i] && !pw_publish_existing_find(&ex, groups[i])) {
			rc = pw_publish_existing_list_all(&ex, gh);
			break;
		}
	for (i = 0; rc == 0 && i < n; i++) {
		const pw_existing_issue *x;
		pw_reflect_opts ro = PW_REFLECT_OPTS_INIT;
		pw_reflect_result rr;
		if (!groups[i] || !(x = pw_publish_existing_find(&ex, groups[i])))
			continue; /* not published yet: publish labels it from the ledger */
		res[i].issue = x->number;
		ro.change = res[i].entry.change;
		ro.commit = res[i].commit;
		rc = pw_reflect_issue(&rr, gh, x, groups[i], ledger, &ro);
		res[i].commented = rr.commented > 0;
		res[i].closed = rr.closed;
		res[i].still_open = !rr.all_decided;
	}
	pw_publish_existing_clear(&ex);
	return rc;
}

/* `text` indented by `ind` on every line, control characters as spaces. */
static int put_indented(pw_buf *b, const char *text, const char *ind)
{
	const char *p;
	int rc = pw_buf_puts(b, ind);
	for (p = text; rc == 0 && *p; p++) {
		if (*p == '\n')
			rc = pw_buf_printf(b, "\n%s", ind);
		else
			rc = pw_buf_putc(b, (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p);
	}
	return rc == 0 ? pw_buf_putc(b, '\n') : rc;
}

int pw_signoff_terms(const pw_changeset_item *it, char **out)
{
	const pw_classification *c = &it->change.cls;
	pw_buf b = PW_BUF_INIT;
	size_t i;
	int rc = 0;
	*out = NULL;
	if ((c->tags & (PW_TAG_EXTANT_CA | PW_TAG_AUDIT)) && c->nterms)
		rc = pw_buf_puts(&b, "Defined terms this change relies on (decide on these words, "
		                     "not on the tag):\n");
	for (i = 0; rc == 0 && (c->tags & (PW_TAG_EXTANT_CA | PW_TAG_AUDIT)) && i < c->nterms;
	     i++) {
		const pw_term_ref *t = &c->terms[i];
		rc = pw_buf_puts(&b, "\n  \"");
		if (rc == 0)
			rc = pw_buf_put_oneline(&b, t->term);
		if (rc == 0)
			rc = pw_buf_printf(&b, "\" (%s %s)%s\n", t->document, t->section,
			                   !t->changed          ? ":"
			                   : !t->old_definition ? ", defined by this change:"
			                   : !t->definition ? ", removed by this change; it read:"
			                                    : ", changed by this change; before:");
		if (rc == 0 && t->changed && t->old_definition)
			rc = put_indented(&b, t->old_definition, "      ");
		if (rc == 0 && t->changed && t->old_definition && t->definition)
			rc = pw_buf_puts(&b, "    after:\n");
		if (rc == 0 && t->definition)
			rc = put_indented(&b, t->definition, "      ");
	}
	if (rc == 0 && !b.ptr)
		rc = pw_buf_puts(&b, "");
	if (rc < 0) {
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	*out = pw_buf_detach(&b);
	return 0;
}

void pw_signoff_selection_clear(pw_signoff_selection *s)
{
	if (!s)
		return;
	free(s->items);
	memset(s, 0, sizeof(*s));
}

/* Adds `it` unless the selection holds it. */
static int select_add(pw_signoff_selection *s, const pw_changeset_item *it)
{
	const pw_changeset_item **p;
	size_t i;
	for (i = 0; i < s->count; i++)
		if (s->items[i] == it)
			return 0;
	if (!(p = realloc(s->items, (s->count + 1) * sizeof(*p))))
		return pw_error_oom();
	s->items = p;
	s->items[s->count++] = it;
	return 0;
}

/* "SMC-6" and "smc6" alike: letters compared without case, '-' ignored, the
 * number without leading zeros. */
static int same_ballot(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
		}
		if (!*a || !*b)
			return !*a && !*b;
		if (pw_ascii_lower(*a) != pw_ascii_lower(*b))
			return 0;
		a++;
		b++;
	}
}

static int select_ballot(pw_signoff_selection *out, const pw_issue_groups *groups,
                         const char *ballot)
{
	size_t g, i, n = 0;
	int rc = 0;
	for (g = 0; rc == 0 && g < groups->count; g++) {
		const pw_issue_group *grp = &groups->items[g];
		int match = 0;
		for (i = 0; i < grp->count && !match; i++)
			match = grp->items[i]->change.cls.ballot &&
			        same_ballot(grp->items[i]->change.cls.ballot, ballot);
		for (i = 0; match && rc == 0 && i < grp->count; i++, n++)
			rc = select_add(out, grp->items[i]);
	}
	if (rc == 0 && n == 0)
		rc = pw_error_set(PW_ENOTFOUND, "no change of ballot '%s' in the mirror", ballot);
	return rc;
}

static int select_issue(pw_signoff_selection *out, const pw_changeset *set, pw_github *gh,
                        const char *target)
{
	pw_issue_markers m;
	cJSON *issue = NULL;
	const char *body;
	char *end, path[64];
	long number;
	size_t i;
	int rc;

	errno = 0;
	number = strtol(target + 1, &end, 10);
	if (target[1] < '1' || target[1] > '9' || *end || errno || number > 1000000000L)
		return pw_error_set(PW_EINPUT, "'%s' is not an issue number such as '#53'", target);
	if (!gh)
		return pw_error_set(PW_EINPUT,
		                    "%s: signing off by issue number reads the issue: set "
		                    "GITHUB_TOKEN or GH_TOKEN, or name the ballot or change ids",
		                    target);
	snprintf(path, sizeof(path), "/issues/%ld", number);
	if ((rc = pw_github_request(&issue, gh, "GET", path, NULL)) < 0) {
		if (rc == PW_ENOTFOUND)
			rc = pw_error_set(PW_ENOTFOUND, "%s: no such issue in the repository",
			                  target);
		return rc;
	}
	body = cJSON_GetStringValue(cJSON_GetObjectItem(issue, "body"));
	memset(&m, 0, sizeof(m));
	if ((rc = pw_issue_markers_parse(&m, body ? body : "")) == 0 && !m.nchanges)
		rc = pw_error_set(PW_EINPUT, "issue %s is not a change issue of pkiwatch", target);
	for (i = 0; rc == 0 && i < m.nchanges; i++) {
		const pw_changeset_item *it = pw_changeset_find(set, m.changes[i]);
		rc = it ? select_add(out, it)
		        : pw_error_set(PW_ENOTFOUND,
		                       "issue %s: change %s is not in the mirror (run 'pkiwatch "
		                       "mirror')",
		                       target, m.changes[i]);
	}
	pw_issue_markers_clear(&m);
	cJSON_Delete(issue);
	return rc;
}

static int select_bulk(pw_signoff_selection *out, const pw_changeset *set, const pw_ledger *ledger,
                       const pw_signoff_select_opts *o)
{
	size_t i;
	int rc = 0;
	for (i = 0; rc == 0 && i < set->count; i++) {
		const pw_changeset_item *it = &set->items[i];
		if (strcmp(it->change.cls.kind, o->kind) != 0 ||
		    (o->source && strcmp(it->change.source, o->source) != 0) ||
		    (o->adopted_only && it->change.status != PW_STATUS_ADOPTED) ||
		    (o->baseline && *o->baseline && strcmp(it->change.date, o->baseline) < 0) ||
		    pw_ledger_find(ledger, it->change.id))
			continue;
		rc = select_add(out, it);
	}
	if (rc == 0 && out->count == 0)
		rc = pw_error_set(PW_ENOTFOUND, "no %s change%s%s awaits sign-off", o->kind,
		                  o->source ? " of " : "", o->source ? o->source : "");
	return rc;
}

int pw_signoff_select(pw_signoff_selection *out, const pw_changeset *set,
                      const pw_issue_groups *groups, const pw_ledger *ledger,
                      const pw_signoff_select_opts *opts)
{
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (opts->kind)
		rc = select_bulk(out, set, ledger, opts);
	for (i = 0; rc == 0 && i < opts->ntargets; i++) {
		const char *t = opts->targets[i];
		const pw_changeset_item *it;
		if (t[0] == '#')
			rc = select_issue(out, set, opts->gh, t);
		else if (strchr(t, '@'))
			rc = (it = pw_changeset_find(set, t))
			         ? select_add(out, it)
			         : pw_error_set(PW_ENOTFOUND,
			                        "unknown change id '%s': not in the mirror", t);
		else
			rc = select_ballot(out, groups, t);
	}
	if (rc < 0)
		pw_signoff_selection_clear(out);
	return rc;
}
