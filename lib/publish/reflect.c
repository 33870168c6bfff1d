#include "publish/reflect.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/mdsafe.h"
#include "publish/fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int comment_text(pw_buf *b, const pw_ledger_entry *e, const char *commit)
{
	size_t i;
	int rc = pw_buf_printf(b, "**Signed off: %s**", e->decision);
	for (i = 0; i < e->ntsps && rc == 0; i++) {
		rc = pw_buf_puts(b, i ? ", " : " for ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, e->tsps[i]);
	}
	if (rc == 0)
		rc = pw_buf_printf(b, " (change `%s`)\n\nOfficer: ", e->change);
	if (rc == 0)
		rc = pw_mdsafe_github(b, e->officer_name ? e->officer_name : "");
	if (rc == 0)
		rc = pw_buf_printf(b, ", %s\n", e->time);
	if (rc == 0 && e->note) {
		rc = pw_buf_puts(b, "Note: ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, e->note);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && e->tsp_note) {
		rc = pw_buf_puts(b, "For the TSPs' forms (\"what this means for you\"): ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, e->tsp_note);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0)
		rc = pw_buf_printf(b, "Ledger: `ledger/%s.json`%s%s%s\n", e->change,
		                   commit && *commit ? " (commit " : "", commit ? commit : "",
		                   commit && *commit ? ")" : "");
	return rc;
}

/* A comment reflecting `e`: this version's marker, or an earlier version's
 * marker (no time) in a comment showing the entry's time and decision. The
 * marker carries the decision besides the time (seconds): a decision reverted
 * and recorded anew within the same second is another decision. */
static int reflects(const char *body, const pw_ledger_entry *e, const char *marker)
{
	pw_buf old = PW_BUF_INIT, shown = PW_BUF_INIT, decision = PW_BUF_INIT;
	int found;
	if (strstr(body, marker))
		return 1;
	found = pw_buf_printf(&old, "<!-- pkiwatch:signoff %s -->", e->change) == 0 &&
	        pw_buf_printf(&shown, ", %s\n", e->time) == 0 &&
	        pw_buf_printf(&decision, "**Signed off: %s**", e->decision) == 0 &&
	        strstr(body, old.ptr) && strstr(body, shown.ptr) && strstr(body, decision.ptr);
	pw_buf_clear(&old);
	pw_buf_clear(&shown);
	pw_buf_clear(&decision);
	return found;
}

/* Comments the decision unless a comment reflects it already. */
static int comment_once(pw_github *gh, long number, const pw_ledger_entry *e, const char *commit,
                        int *posted)
{
	pw_buf path = PW_BUF_INIT, marker = PW_BUF_INIT, body = PW_BUF_INIT, more = PW_BUF_INIT;
	cJSON *list = NULL, *c;
	int rc, found = 0;

	*posted = 0;
	rc = pw_buf_printf(&path, "/issues/%ld/comments", number);
	if (rc == 0)
		rc = pw_buf_printf(&marker, "<!-- pkiwatch:signoff %s %s %s -->", e->change,
		                   e->time, e->decision);
	if (rc == 0)
		rc = pw_github_list(&list, gh, path.ptr);
	cJSON_ArrayForEach(c, list)
	{
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(c, "body");
		if (cJSON_IsString(b) && reflects(b->valuestring, e, marker.ptr))
			found = 1;
	}
	if (rc == 0 && !found) {
		rc = pw_buf_printf(&body, "%s\n", marker.ptr);
		if (rc == 0)
			rc = comment_text(&body, e, commit);
		if (rc == 0)
			rc = pw_buf_printf(&more, "The whole decision: `ledger/%s.json`.",
			                   e->change);
		if (rc == 0)
			rc = pw_publish_comment_post(gh, path.ptr, body.ptr, more.ptr);
		*posted = rc == 0;
	}
	cJSON_Delete(list);
	pw_buf_clear(&path);
	pw_buf_clear(&marker);
	pw_buf_clear(&body);
	pw_buf_clear(&more);
	return rc;
}

static int decided_marker(pw_buf *b, const pw_ledger_entry *e)
{
	return pw_buf_printf(b, "<!-- pkiwatch:decided %s %s %s -->", e->change, e->time,
	                     e->decision);
}

/* `body` without the decided lines of the group's changes, its sign-off
 * part as the decisions now stand (issue.h), then one line per decision of
 * the group. */
static int new_body(pw_buf *out, const char *body, const pw_issue_group *g, const pw_ledger *ledger,
                    const pw_noise *noise)
{
	const char *p = body, *part = NULL, *q;
	size_t i;
	int rc = 0;

	for (q = strstr(body, PW_ISSUE_SIGNOFF_HEADING); q;
	     q = strstr(q + 1, PW_ISSUE_SIGNOFF_HEADING))
		part = q;
	while (*p && rc == 0 && p != part) {
		size_t n = strcspn(p, "\n");
		int drop = strncmp(p, "<!-- pkiwatch:decided ", 22) == 0;
		if (!drop) {
			rc = pw_buf_put(out, p, n);
			if (rc == 0 && p[n])
				rc = pw_buf_putc(out, '\n');
		}
		p += n;
		if (*p)
			p++;
	}
	while (rc == 0 && out->len > 0 && out->ptr[out->len - 1] == '\n' && out->len > 1 &&
	       out->ptr[out->len - 2] == '\n') {
		out->len--;
		out->ptr[out->len] = '\0';
	}
	if (rc == 0 && out->len && out->ptr[out->len - 1] != '\n')
		rc = pw_buf_putc(out, '\n');
	/* the part as the decisions stand; what followed it were the decided
	 * lines, written anew below */
	if (rc == 0 && part)
		rc = pw_issue_signoff_part(out, g, pw_publish_group_signed_off(g, ledger), noise);
	if (rc == 0 && out->len)
		rc = pw_buf_putc(out, '\n');
	for (i = 0; i < g->marked && rc == 0; i++) {
		const pw_ledger_entry *e = pw_ledger_find(ledger, g->items[i]->change.id);
		if (e && (rc = decided_marker(out, e)) == 0)
			rc = pw_buf_putc(out, '\n');
	}
	if (rc == 0 && !out->ptr)
		rc = pw_buf_puts(out, "");
	return rc;
}

/* Whether `a` and `b` hold the same labels, `but` (when not NULL) aside. */
static int same_labels(const pw_strlist *a, const pw_strlist *b, const char *but)
{
	size_t i;
	for (i = 0; i < a->count; i++)
		if ((!but || strcasecmp(a->items[i], but) != 0) &&
		    !pw_strlist_has_case(b, a->items[i]))
			return 0;
	for (i = 0; i < b->count; i++)
		if ((!but || strcasecmp(b->items[i], but) != 0) &&
		    !pw_strlist_has_case(a, b->items[i]))
			return 0;
	return 1;
}

int pw_reflect_issue(pw_reflect_result *res, pw_github *gh, const pw_existing_issue *x,
                     const pw_issue_group *g, const pw_ledger *ledger, const pw_reflect_opts *opts)
{
	const char *body = opts && opts->body ? opts->body : (x->body ? x->body : "");
	const pw_strlist *have = opts && opts->labels ? opts->labels : &x->labels;
	int is_open = opts && opts->labels ? opts->open : x->open;
	pw_strlist want = PW_STRLIST_INIT, merged = PW_STRLIST_INIT;
	pw_buf text = PW_BUF_INIT, path = PW_BUF_INIT, marker = PW_BUF_INIT;
	cJSON *req = NULL, *out = NULL;
	char *fitted = NULL;
	size_t i, missing = 0;
	int rc = 0, labels_ok, close, reopen, stale_only;

	memset(res, 0, sizeof(*res));
	res->all_decided = pw_publish_group_signed_off(g, ledger);
	res->open = is_open;
	for (i = 0; i < g->marked && rc == 0; i++) {
		const pw_ledger_entry *e = pw_ledger_find(ledger, g->items[i]->change.id);
		pw_buf_reset(&marker);
		if (e && (rc = decided_marker(&marker, e)) == 0 && !strstr(body, marker.ptr))
			missing++;
	}
	if (rc == 0)
		rc = pw_issue_labels(&want, g, opts ? opts->cfg : NULL, res->all_decided);
	if (rc == 0)
		rc = pw_publish_merge_labels(&merged, have, &want);
	if (rc < 0)
		goto out;
	labels_ok = same_labels(have, &merged, NULL);
	close = res->all_decided && is_open;
	/* a decision reverted: the issue waits for sign-off again (not a
	 * draft that became stale, or is no longer: closed stays closed) */
	reopen = !res->all_decided && !is_open && !same_labels(have, &merged, "stale");
	if (missing == 0 && labels_ok && !close && !reopen)
		goto out;
	/* only the label stale comes or goes: the body stays as it is */
	stale_only = missing == 0 && !close && !reopen && same_labels(have, &merged, "stale");
	/* a draft that became stale: why, before the label */
	if (pw_strlist_has_case(&merged, "stale") && !pw_strlist_has_case(have, "stale")) {
		int posted;
		rc = pw_publish_stale_note(&posted, gh, x->number, g, opts ? opts->noise : NULL);
		res->commented += (size_t)posted;
	}
	/* the comments first: a run that dies before the body update finds them */
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_ledger_entry *e = pw_ledger_find(ledger, g->items[i]->change.id);
		int posted = 0;
		pw_buf_reset(&marker);
		if (!e || (rc = decided_marker(&marker, e)) < 0 || strstr(body, marker.ptr))
			continue;
		rc = comment_once(gh, x->number, e,
		                  opts && opts->change && strcmp(opts->change, e->change) == 0
		                      ? opts->commit
		                      : NULL,
		                  &posted);
		res->commented += (size_t)posted;
	}
	if (rc == 0 && !stale_only)
		rc = new_body(&text, body, g, ledger, opts ? opts->noise : NULL);
	if (rc == 0 && !stale_only)
		rc = pw_fit_text(&fitted, text.ptr, PW_FIT_GITHUB_MAX,
		                 "Every decision: `ledger/` in the compliance repository.");
	if (rc == 0 && (!(req = cJSON_CreateObject()) ||
	                (fitted && !cJSON_AddStringToObject(req, "body", fitted)) ||
	                pw_strlist_to_json(req, "labels", &merged) < 0))
		rc = pw_error_oom();
	if (rc == 0 && close &&
	    (!cJSON_AddStringToObject(req, "state", "closed") ||
	     !cJSON_AddStringToObject(req, "state_reason", "completed")))
		rc = pw_error_oom();
	if (rc == 0 && reopen && !cJSON_AddStringToObject(req, "state", "open"))
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_buf_printf(&path, "/issues/%ld", x->number);
	if (rc == 0)
		rc = pw_github_request(&out, gh, "PATCH", path.ptr, req);
	if (rc == 0) {
		res->updated = 1;
		res->closed = close;
		res->reopened = reopen;
		res->open = (is_open && !close) || reopen;
	}
out:
	pw_strlist_clear(&want);
	pw_strlist_clear(&merged);
	cJSON_Delete(req);
	cJSON_Delete(out);
	free(fitted);
	pw_buf_clear(&text);
	pw_buf_clear(&path);
	pw_buf_clear(&marker);
	return rc;
}
