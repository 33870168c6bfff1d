#include "publish/publish.h"
#include "publish/reflect.h"

#include "util/buf.h"
#include "publish/baselineissue.h"
#include "publish/dashboard.h"
#include "publish/fit.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/mdsafe.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	pw_github *gh;
	const pw_publish_opts *o;
	pw_publish_stats *st;
	pw_strlist labels;     /* the repository's labels */
	int stop;              /* the request limit was reached: no further request */
	const pw_noise *noise; /* the options' or own_noise */
	pw_noise *own_noise;
} pub;

/* ---- listing ---- */

static int label_names(pw_strlist *out, const cJSON *labels)
{
	const cJSON *l;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	cJSON_ArrayForEach(l, labels)
	{
		const cJSON *name =
		    cJSON_IsString(l) ? l : cJSON_GetObjectItemCaseSensitive(l, "name");
		if (cJSON_IsString(name) && (rc = pw_strlist_add(out, name->valuestring)) < 0) {
			pw_strlist_clear(out);
			break;
		}
	}
	return rc;
}

/* The answer's html_url when it is a plain http(s) URL that can stand in a
 * Markdown link as is; NULL otherwise (or on OOM: the report then builds
 * the link itself). */
static char *safe_url(const cJSON *issue)
{
	const char *u = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(issue, "html_url"));
	const char *p;
	if (!u || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) ||
	    strlen(u) > 2000)
		return NULL;
	for (p = u; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[]\"'`\\|", *p))
			return NULL;
	return strdup(u);
}

/* The date part of the answer's created_at, an RFC 3339 timestamp
 * ("2026-01-05T10:00:00Z"); "" when absent or not starting with a calendar
 * date (2025-02-30 is none). */
static void created_day(const cJSON *issue, char out[11])
{
	const char *c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(issue, "created_at"));
	out[0] = '\0';
	if (c && strlen(c) >= 10) {
		memcpy(out, c, 10);
		out[10] = '\0';
		if (!pw_day_valid(out))
			out[0] = '\0';
	}
}

/* The answer's issue number when it is a whole number from 1 to 2^53, else
 * 0: converting a huge double to long is undefined, and a fraction or a
 * negative number would address another issue or none. */
static long number_of(const cJSON *issue)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(issue, "number");
	double d = cJSON_IsNumber(n) ? n->valuedouble : 0;
	if (!(d >= 1 && d <= 9007199254740992.0 && d <= (double)LONG_MAX) || d != (double)(long)d)
		return 0;
	return (long)d;
}

static int existing_list(pw_existing_issues *out, pw_github *gh, const char *path)
{
	cJSON *list = NULL;
	const cJSON *it;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_github_list(&list, gh, path)) < 0)
		return rc;
	out->items = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*out->items));
	if (!out->items) {
		cJSON_Delete(list);
		return pw_error_oom();
	}
	cJSON_ArrayForEach(it, list)
	{
		long number = number_of(it);
		const cJSON *body = cJSON_GetObjectItemCaseSensitive(it, "body");
		const cJSON *state = cJSON_GetObjectItemCaseSensitive(it, "state");
		pw_existing_issue *e = &out->items[out->count];
		if (cJSON_GetObjectItemCaseSensitive(it, "pull_request") || number <= 0 ||
		    !cJSON_IsString(body))
			continue;
		if ((rc = pw_issue_markers_parse(&e->m, body->valuestring)) < 0)
			break;
		if (!e->m.key && e->m.nchanges == 0 && !e->m.dashboard && !e->m.baseline &&
		    !e->m.obligation) {
			pw_issue_markers_clear(&e->m);
			continue;
		}
		e->number = number;
		e->open = !cJSON_IsString(state) || strcmp(state->valuestring, "closed") != 0;
		e->html_url = safe_url(it);
		created_day(it, e->created_at);
		if (!(e->body = strdup(body->valuestring)) ||
		    label_names(&e->labels, cJSON_GetObjectItemCaseSensitive(it, "labels")) < 0) {
			out->count++;
			rc = pw_error_oom();
			break;
		}
		out->count++;
	}
	cJSON_Delete(list);
	if (rc < 0)
		pw_publish_existing_clear(out);
	return rc;
}

int pw_publish_existing_list(pw_existing_issues *out, pw_github *gh)
{
	return existing_list(out, gh, "/issues?state=all&labels=pkiwatch&per_page=100");
}

static void existing_item_clear(pw_existing_issue *x)
{
	pw_strlist_clear(&x->labels);
	free(x->body);
	free(x->html_url);
	pw_issue_markers_clear(&x->m);
}

int pw_publish_existing_list_all(pw_existing_issues *e, pw_github *gh)
{
	pw_existing_issues all;
	pw_existing_issue *items;
	size_t i, j;
	int rc;

	if ((rc = existing_list(&all, gh, "/issues?state=all&per_page=100")) < 0)
		return rc;
	if (!(items = realloc(e->items, (e->count + all.count + 1) * sizeof(*items)))) {
		pw_publish_existing_clear(&all);
		return pw_error_oom();
	}
	e->items = items;
	for (i = 0; i < all.count; i++) {
		int known = 0;
		for (j = 0; j < e->count && !known; j++)
			known = e->items[j].number == all.items[i].number;
		if (known)
			existing_item_clear(&all.items[i]);
		else
			e->items[e->count++] = all.items[i];
	}
	free(all.items);
	return 0;
}

void pw_publish_existing_clear(pw_existing_issues *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < e->count; i++)
		existing_item_clear(&e->items[i]);
	free(e->items);
	memset(e, 0, sizeof(*e));
}

const pw_existing_issue *pw_publish_existing_find(const pw_existing_issues *e,
                                                  const pw_issue_group *g)
{
	const pw_existing_issue *best = NULL;
	size_t i, j, k;
	for (i = 0; i < e->count; i++) {
		const pw_existing_issue *x = &e->items[i];
		int match = x->m.key && strcmp(x->m.key, g->key) == 0;
		for (j = 0; !match && j < x->m.nchanges; j++)
			for (k = 0; !match && k < g->count; k++)
				match = strcmp(x->m.changes[j], g->items[k]->change.id) == 0;
		if (match && (!best || x->number < best->number))
			best = x;
	}
	return best;
}

static const pw_existing_issue *existing_dashboard(const pw_existing_issues *e)
{
	const pw_existing_issue *best = NULL;
	size_t i;
	for (i = 0; i < e->count; i++)
		if (e->items[i].m.dashboard && (!best || e->items[i].number < best->number))
			best = &e->items[i];
	return best;
}

static const pw_existing_issue *existing_baseline(const pw_existing_issues *e)
{
	const pw_existing_issue *best = NULL;
	size_t i;
	for (i = 0; i < e->count; i++)
		if (e->items[i].m.baseline && (!best || e->items[i].number < best->number))
			best = &e->items[i];
	return best;
}

int pw_publish_group_signed_off(const pw_issue_group *g, const pw_ledger *ledger)
{
	size_t i;
	for (i = 0; i < g->count; i++)
		if (!pw_ledger_find(ledger, g->items[i]->change.id))
			return 0;
	return 1;
}

void pw_publish_waiting_since(char out[11], const pw_issue_group *g, const pw_ledger *ledger,
                              const char *created_at, const char *today)
{
	const char *oldest = NULL;
	size_t i;
	out[0] = '\0';
	if (!created_at || !pw_day_valid(created_at))
		return;
	for (i = 0; i < g->count; i++) {
		const pw_change *c = &g->items[i]->change;
		if (pw_ledger_find(ledger, c->id) || !pw_day_valid(c->date))
			continue;
		if (today && strcmp(c->date, today) > 0) { /* not believed: from the opening */
			oldest = created_at;
			break;
		}
		if (!oldest || strcmp(c->date, oldest) < 0)
			oldest = c->date;
	}
	if (!oldest && !pw_publish_group_signed_off(g, ledger))
		oldest = created_at; /* no usable date upstream */
	if (oldest)
		snprintf(out, 11, "%s", strcmp(oldest, created_at) > 0 ? oldest : created_at);
}

/* ---- requests ---- */

static int check_limit(pub *p)
{
	size_t n = pw_github_request_count(p->gh);
	if (p->o->max_requests && n >= p->o->max_requests) {
		p->stop = 1;
		return pw_error_set(PW_ERROR, "GitHub: stopped after %zu requests (request limit)",
		                    n);
	}
	return 0;
}

static int request(pub *p, const char *method, const char *path, const cJSON *body, cJSON **out)
{
	int rc = check_limit(p);
	return rc < 0 ? rc : pw_github_request(out, p->gh, method, path, body);
}

static int list_labels(pub *p)
{
	cJSON *list = NULL;
	int rc = check_limit(p);
	if (rc == 0)
		rc = pw_github_list(&list, p->gh, "/labels?per_page=100");
	if (rc < 0)
		return rc;
	rc = label_names(&p->labels, list);
	cJSON_Delete(list);
	return rc;
}

static const char *label_description(const char *name)
{
	if (strcmp(name, "pkiwatch") == 0)
		return "Upstream policy change tracked by pkiwatch";
	if (strcmp(name, "needs-signoff") == 0)
		return "Waiting for the compliance officer's sign-off";
	if (strcmp(name, "signed-off") == 0)
		return "Signed off: decision recorded in ledger/";
	if (strcmp(name, "proposed") == 0)
		return "Draft upstream change, not adopted yet";
	if (strcmp(name, "obligation") == 0)
		return "What a TSP must do by when (pkiwatch obligations)";
	if (strcmp(name, "overdue") == 0)
		return "An obligation's milestone or due date has passed";
	if (strcmp(name, "stale") == 0)
		return "Draft left standing: no new commit for longer than rules/noise.json's "
		       "stale "
		       "rule allows";
	return "pkiwatch";
}

/* Creates the labels of `want` that the repository does not have yet. */
static int ensure_labels(pub *p, const pw_strlist *want)
{
	size_t i;
	for (i = 0; i < want->count; i++) {
		const char *name = want->items[i];
		cJSON *body, *out = NULL;
		int rc;
		if (pw_strlist_has_case(&p->labels, name))
			continue;
		if (!(body = cJSON_CreateObject()) ||
		    !cJSON_AddStringToObject(body, "name", name) ||
		    !cJSON_AddStringToObject(body, "color", pw_issue_label_color(name)) ||
		    !cJSON_AddStringToObject(body, "description", label_description(name))) {
			cJSON_Delete(body);
			return pw_error_oom();
		}
		rc = request(p, "POST", "/labels", body, &out);
		cJSON_Delete(body);
		cJSON_Delete(out);
		/* 422: someone made it meanwhile */
		if (rc < 0 && pw_github_last_status(p->gh) != 422)
			return rc;
		if (rc == 0)
			p->st->labels_created++;
		if ((rc = pw_strlist_add(&p->labels, name)) < 0)
			return rc;
	}
	return 0;
}

int pw_publish_write_body(const char *dir, const char *name, const char *title, const char *body)
{
	pw_buf path = PW_BUF_INIT, text = PW_BUF_INIT;
	int rc;
	if (!dir)
		return 0;
	rc = pw_dir_create(dir);
	if (rc == 0)
		rc = pw_buf_printf(&path, "%s/", dir);
	for (; rc == 0 && *name; name++) /* the key as a file name */
		rc = pw_buf_putc(&path,
		                 (*name == '/' || *name == ':' || *name == '@') ? '_' : *name);
	if (rc == 0)
		rc = pw_buf_puts(&path, ".md");
	if (rc == 0)
		rc = pw_buf_printf(&text, "# %s\n\n%s", title, body);
	if (rc == 0)
		rc = pw_file_write_atomic(path.ptr, text.ptr, text.len);
	pw_buf_clear(&path);
	pw_buf_clear(&text);
	return rc;
}

static int write_body(pub *p, const char *name, const char *title, const char *body)
{
	return pw_publish_write_body(p->o->bodies, name, title, body);
}

/* ---- one group ---- */

int pw_publish_issue_create(cJSON **out, pw_github *gh, const char *title, const char *body,
                            const pw_strlist *labels, const pw_config *cfg, const char *marker)
{
	cJSON *issue = cJSON_CreateObject(), *assignees;
	size_t i;
	int rc;

	*out = NULL;
	if (!issue || !cJSON_AddStringToObject(issue, "title", title) ||
	    !cJSON_AddStringToObject(issue, "body", body) ||
	    pw_strlist_to_json(issue, "labels", labels) < 0 ||
	    !(assignees = cJSON_AddArrayToObject(issue, "assignees"))) {
		cJSON_Delete(issue);
		return pw_error_oom();
	}
	for (i = 0; cfg && i < cfg->nofficers; i++)
		if (cfg->officers[i].github)
			cJSON_AddItemToArray(assignees,
			                     cJSON_CreateString(cfg->officers[i].github));
	rc = pw_github_create_issue(out, gh, issue, marker);
	cJSON_Delete(issue);
	return rc;
}

/* Opens the issue of group `g`, or with g NULL the one whose marker is
 * `special` (the dashboard, the baseline's issue: assigned to nobody). */
static int create_issue(pub *p, const pw_issue_group *g, const char *special, const char *title,
                        const char *body, const pw_strlist *labels, long *number,
                        pw_publish_result *r)
{
	cJSON *out = NULL;
	pw_buf marker = PW_BUF_INIT;
	int rc;

	if (g)
		rc = pw_buf_printf(&marker, "<!-- pkiwatch:issue %s -->", g->key);
	else
		rc = pw_buf_puts(&marker, special);
	if (rc == 0)
		rc = check_limit(p);
	/* the dashboard and the baseline issue are assigned to nobody */
	if (rc == 0)
		rc = pw_publish_issue_create(&out, p->gh, title, body, labels, g ? p->o->cfg : NULL,
		                             marker.ptr);
	if (rc == 0)
		*number = number_of(out);
	if (rc == 0 && r) {
		r->html_url = safe_url(out);
		created_day(out, r->created_at);
		if (!r->created_at[0]) /* a dry run's made-up answer */
			snprintf(r->created_at, sizeof(r->created_at), "%s", p->o->today);
	}
	pw_buf_clear(&marker);
	cJSON_Delete(out);
	return rc;
}

/* The labels after an update: the managed ones as `want` says, others kept. */
int pw_publish_merge_labels(pw_strlist *out, const pw_strlist *have, const pw_strlist *want)
{
	static const char *const managed[] = {"needs-signoff", "signed-off", "proposed", "stale",
	                                      NULL};
	size_t i, k;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; rc == 0 && i < want->count; i++)
		rc = pw_strlist_add(out, want->items[i]);
	for (i = 0; rc == 0 && i < have->count; i++) {
		int drop = pw_strlist_has_case(out, have->items[i]);
		for (k = 0; !drop && managed[k]; k++)
			drop = strcasecmp(have->items[i], managed[k]) == 0;
		if (!drop)
			rc = pw_strlist_add(out, have->items[i]);
	}
	if (rc < 0)
		pw_strlist_clear(out);
	return rc;
}

int pw_publish_comment_post(pw_github *gh, const char *path, const char *text, const char *more)
{
	cJSON *req = NULL, *out = NULL;
	char *fitted = NULL;
	int rc = pw_fit_text(&fitted, text, PW_FIT_GITHUB_MAX, more);
	if (rc == 0 &&
	    (!(req = cJSON_CreateObject()) || !cJSON_AddStringToObject(req, "body", fitted)))
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_github_request(&out, gh, "POST", path, req);
	cJSON_Delete(req);
	cJSON_Delete(out);
	free(fitted);
	return rc;
}

int pw_publish_comment_once(int *posted, pw_github *gh, long number, const char *marker,
                            const char *text)
{
	pw_buf path = PW_BUF_INIT, body = PW_BUF_INIT;
	cJSON *list = NULL, *c;
	int rc, found = 0;

	*posted = 0;
	rc = pw_buf_printf(&path, "/issues/%ld/comments", number);
	if (rc == 0)
		rc = pw_github_list(&list, gh, path.ptr);
	cJSON_ArrayForEach(c, list)
	{
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(c, "body");
		if (cJSON_IsString(b) && strstr(b->valuestring, marker))
			found = 1;
	}
	if (rc == 0 && !found) {
		rc = pw_buf_printf(&body, "%s\n%s", marker, text);
		if (rc == 0)
			rc = pw_publish_comment_post(
			    gh, path.ptr, body.ptr,
			    "The full record is in the compliance repository.");
		*posted = rc == 0;
	}
	cJSON_Delete(list);
	pw_buf_clear(&path);
	pw_buf_clear(&body);
	return rc;
}

int pw_publish_stale_note(int *posted, pw_github *gh, long number, const pw_issue_group *g,
                          const pw_noise *noise)
{
	const pw_change *newest = &g->items[0]->change;
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT;
	size_t i, k;
	int rc;

	*posted = 0;
	for (i = 1; i < g->count; i++)
		if (strcmp(g->items[i]->change.date, newest->date) > 0)
			newest = &g->items[i]->change;
	rc = pw_buf_printf(&marker, "<!-- pkiwatch:stale %s -->", newest->id);
	if (rc == 0)
		rc = pw_buf_puts(&text, "**Stale draft**");
	if (rc == 0 && noise && noise->stale_why) {
		rc = pw_buf_puts(&text, ": ");
		if (rc == 0)
			rc = pw_mdsafe_github(&text, noise->stale_why);
	}
	if (rc == 0)
		rc = pw_buf_printf(&text, " (newest commit %s", newest->date);
	for (i = 0, k = 0; i < g->count && rc == 0; i++) {
		const pw_classification *cl = &g->items[i]->change.cls;
		size_t d;
		for (d = 0; d < cl->ndates && rc == 0; d++)
			rc = pw_buf_printf(&text, "%s%s", k++ ? ", " : "; proposed ",
			                   cl->dates[d].date);
	}
	if (rc == 0 && noise && noise->stale_why)
		rc = pw_buf_printf(&text, "; rules/noise.json: more than %ld days",
		                   noise->stale_days);
	if (rc == 0)
		rc = pw_buf_puts(&text, "). This issue gets the label `stale`, and the dashboard "
		                        "lists it under \"Stale drafts\", not \"In discussion\"; "
		                        "pkiwatch takes the label off when the draft gets a new "
		                        "commit.\n");
	if (rc == 0)
		rc = pw_publish_comment_once(posted, gh, number, marker.ptr, text.ptr);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	return rc;
}

static int update_issue(pub *p, const pw_existing_issue *x, const pw_issue_group *g,
                        const char *title, const char *body, const pw_strlist *labels,
                        int signed_off)
{
	char *state = pw_issue_state(g), *diff = NULL;
	pw_strlist merged = PW_STRLIST_INIT;
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT, path = PW_BUF_INIT;
	cJSON *req = NULL, *out = NULL;
	int rc = state ? 0 : PW_ENOMEM, posted;

	if (rc == 0 && !(diff = pw_issue_state_diff(x->m.state ? x->m.state : "", state)))
		rc = PW_ENOMEM;
	if (rc == 0)
		rc = pw_buf_printf(&marker, "<!-- pkiwatch:update %s -->", g->digest);
	if (rc == 0)
		rc = pw_buf_printf(
		    &text,
		    "pkiwatch updated this issue: the upstream change record "
		    "changed.\n\n%s%s%s",
		    *diff ? diff : "- the classification or its wording changed\n",
		    pw_strlist_has_case(&x->labels, "stale") && !pw_issue_stale(g)
		        ? "- no longer a stale draft: the label `stale` is taken off\n"
		        : "",
		    !signed_off && !x->open
		        ? "\nThe issue is reopened: a change in it has no sign-off yet.\n"
		        : "");
	/* the comment first (marked): a run that dies before the update
	 * re-runs the update without a second comment */
	if (rc == 0)
		rc = check_limit(p);
	if (rc == 0)
		rc = pw_publish_comment_once(&posted, p->gh, x->number, marker.ptr, text.ptr);
	if (rc == 0)
		rc = check_limit(p);
	if (rc == 0)
		rc = pw_publish_merge_labels(&merged, &x->labels, labels);
	if (rc == 0 &&
	    (!(req = cJSON_CreateObject()) || !cJSON_AddStringToObject(req, "title", title) ||
	     !cJSON_AddStringToObject(req, "body", body) ||
	     pw_strlist_to_json(req, "labels", &merged) < 0))
		rc = pw_error_oom();
	if (rc == 0 && !signed_off && !x->open && !cJSON_AddStringToObject(req, "state", "open"))
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_buf_printf(&path, "/issues/%ld", x->number);
	if (rc == 0)
		rc = request(p, "PATCH", path.ptr, req, &out);
	if (rc == 0 && !signed_off && !x->open)
		p->st->reopened++;
	pw_strlist_clear(&merged);
	free(state);
	free(diff);
	cJSON_Delete(req);
	cJSON_Delete(out);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	pw_buf_clear(&path);
	return rc;
}

static int close_issue(pub *p, long number)
{
	cJSON *req = cJSON_CreateObject(), *out = NULL;
	pw_buf path = PW_BUF_INIT;
	int rc = 0;
	if (!req || !cJSON_AddStringToObject(req, "state", "closed") ||
	    !cJSON_AddStringToObject(req, "state_reason", "completed") ||
	    pw_buf_printf(&path, "/issues/%ld", number) < 0)
		rc = pw_error_oom();
	if (rc == 0)
		rc = request(p, "PATCH", path.ptr, req, &out);
	cJSON_Delete(req);
	cJSON_Delete(out);
	pw_buf_clear(&path);
	return rc;
}

/* The ledger's decisions on the group's issue (reflect.h); `body` is the
 * issue's body when this run rewrote it. */
static int reflect(pub *p, const pw_existing_issue *x, const pw_issue_group *g, const char *body,
                   const pw_strlist *labels, int signed_off, pw_publish_result *r)
{
	pw_reflect_opts ro = PW_REFLECT_OPTS_INIT;
	pw_reflect_result rr;
	pw_strlist now = PW_STRLIST_INIT;
	int rc = check_limit(p);
	if (rc < 0)
		return rc;
	ro.cfg = p->o->cfg;
	ro.body = body;
	ro.noise = p->noise;
	/* rewritten by this run: the labels and state update_issue sent */
	if (labels) {
		if ((rc = pw_publish_merge_labels(&now, &x->labels, labels)) < 0)
			return rc;
		ro.labels = &now;
		ro.open = x->open || !signed_off;
	}
	if ((rc = pw_reflect_issue(&rr, p->gh, x, g, p->o->ledger, &ro)) == 0) {
		p->st->decisions_commented += rr.commented;
		p->st->reflected += (size_t)rr.updated;
		r->closed = !rr.open;
	}
	pw_strlist_clear(&now);
	return rc;
}

/* The group's body within GitHub's limit (fit.h). */
static int fit_body(char **body, const pw_issue_group *g)
{
	pw_buf more = PW_BUF_INIT;
	char *fitted = NULL;
	int rc = pw_buf_printf(&more,
	                       "The full record of every change: `pkiwatch changes --source "
	                       "%s --drafts --format json`.",
	                       g->items[0]->change.source);
	if (rc == 0)
		rc = pw_fit_text(&fitted, *body, PW_FIT_GITHUB_MAX, more.ptr);
	if (rc == 0) {
		free(*body);
		*body = fitted;
	}
	pw_buf_clear(&more);
	return rc;
}

static int publish_group(pub *p, const pw_existing_issue *x, const pw_issue_group *g,
                         pw_publish_result *r)
{
	int signed_off = pw_publish_group_signed_off(g, p->o->ledger);
	char *title = NULL, *body = NULL;
	pw_strlist labels = PW_STRLIST_INIT;
	long *number = &r->number;
	int rc = 0;

	r->group = g;
	r->signed_off = signed_off;
	if (x) {
		memcpy(r->created_at, x->created_at, sizeof(r->created_at));
		if (x->html_url && !(r->html_url = strdup(x->html_url)))
			return pw_error_oom();
	}
	if (x && strcmp(x->m.digest, g->digest) == 0) {
		char name[] = "stale", *one[] = {name};
		const pw_strlist stale = {one, 1};
		*number = x->number;
		p->st->unchanged++;
		/* a draft that became stale: the label (reflect adds it and says
		 * why) as pkiwatch makes it */
		if (pw_issue_stale(g) && !pw_strlist_has_case(&x->labels, "stale"))
			rc = ensure_labels(p, &stale);
		/* the ledger may hold decisions the issue does not show yet */
		if (rc == 0)
			rc = reflect(p, x, g, NULL, NULL, 0, r);
		if (rc < 0)
			pw_error_prefix(rc, "issue for %s", g->key);
		return rc;
	}
	if (!(title = pw_issue_title(g)) || !(body = pw_issue_body(g, p->noise)))
		rc = PW_ENOMEM;
	if (rc == 0)
		rc = fit_body(&body, g);
	if (rc == 0)
		rc = pw_issue_labels(&labels, g, p->o->cfg, signed_off);
	if (rc == 0)
		rc = write_body(p, g->key, title, body);
	if (rc == 0)
		rc = ensure_labels(p, &labels);
	if (rc == 0 && x) {
		int posted;
		*number = x->number;
		/* the labels it is given next make it a stale draft: why, first */
		if (pw_issue_stale(g) && !pw_strlist_has_case(&x->labels, "stale") &&
		    (rc = check_limit(p)) == 0)
			rc = pw_publish_stale_note(&posted, p->gh, x->number, g, p->noise);
		if (rc == 0)
			rc = update_issue(p, x, g, title, body, &labels, signed_off);
		if (rc == 0)
			rc = reflect(p, x, g, body, &labels, signed_off, r);
		if (rc == 0) {
			p->st->updated++;
			r->action = PW_PUBLISH_UPDATED;
			r->reopened = !signed_off && !x->open;
		}
	} else if (rc == 0) {
		rc = create_issue(p, g, NULL, title, body, &labels, number, r);
		if (rc == 0) {
			p->st->created++;
			r->action = PW_PUBLISH_CREATED;
		}
		/* every change already in the ledger (issues lost or deleted): closed */
		if (rc == 0 && signed_off && *number > 0 && (rc = close_issue(p, *number)) == 0)
			r->closed = 1;
	}
	if (rc < 0)
		pw_error_prefix(rc, "issue for %s", g->key);
	free(title);
	free(body);
	pw_strlist_clear(&labels);
	return rc;
}

static int normalised_equal(const char *a, const char *b)
{
	while (*a || *b) {
		if (*a == '\r') {
			a++;
			continue;
		}
		if (*b == '\r') {
			b++;
			continue;
		}
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
	return 1;
}

/* The dashboard's body: pw_dashboard_body and, with obligations, their section. */
static char *dashboard_body(pub *p, const pw_dashboard_entry *e, size_t n)
{
	const pw_obligissue_opts *oo = p->o->obligations;
	const pw_obligissue_stats *os = &p->st->obligations;
	pw_dashboard_obligation *v = NULL;
	pw_buf b = PW_BUF_INIT;
	char *body = pw_dashboard_body(e, n, p->o->ledger, p->noise, p->o->today);
	size_t i;
	int rc = 0;

	if (!body || !oo || !oo->obligations)
		return body;
	if (!(v = calloc(oo->obligations->count + 1, sizeof(*v))))
		rc = pw_error_oom();
	for (i = 0; rc == 0 && i < oo->obligations->count; i++) {
		v[i].ob = &oo->obligations->items[i];
		v[i].number = i < os->count ? os->items[i].number : 0;
	}
	if (rc == 0)
		rc = pw_buf_puts(&b, body);
	if (rc == 0)
		rc = pw_dashboard_obligations(&b, v, oo->obligations->count, oo->tsps, p->o->today,
		                              oo->soon_days > 0 ? oo->soon_days : 90);
	free(v);
	free(body);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* Creates the labels the obligations' issues need. */
static int obligation_labels(pub *p)
{
	const pw_obligissue_opts *oo = p->o->obligations;
	pw_strlist want = PW_STRLIST_INIT, one;
	size_t i, k;
	int rc = 0;
	for (i = 0; rc == 0 && oo && oo->obligations && i < oo->obligations->count; i++) {
		if ((rc = pw_obligissue_labels(&one, &oo->obligations->items[i], oo->cfg)) < 0)
			break;
		for (k = 0; rc == 0 && k < one.count; k++)
			rc = pw_strlist_add_unique(&want, one.items[k]);
		pw_strlist_clear(&one);
	}
	if (rc == 0)
		rc = ensure_labels(p, &want);
	pw_strlist_clear(&want);
	return rc;
}

/* The baseline's one summary issue (baselineissue.h): opened once, rewritten
 * when its text changed, open until the baseline is recorded, then closed. */
static int publish_baseline(pub *p, const pw_existing_issues *ex)
{
	const pw_baselineissue *b = p->o->baseline;
	const pw_existing_issue *x = existing_baseline(ex);
	char pkiwatch[] = "pkiwatch", *one[] = {pkiwatch};
	const pw_strlist labels = {one, 1};
	char *title = NULL, *body = NULL;
	cJSON *req = NULL, *out = NULL;
	pw_buf path = PW_BUF_INIT;
	int rc;

	if (!b || !b->date || !b->date[0] || !b->changes || !b->changes->count)
		return 0;
	rc = pw_baselineissue_render(&title, &body, b);
	if (rc == 0)
		rc = write_body(p, "baseline", title, body);
	if (rc == 0 && x && normalised_equal(x->body, body) && x->open == !b->recorded) {
		p->st->baseline_issue = x->number;
	} else if (rc == 0 && x) {
		rc = pw_buf_printf(&path, "/issues/%ld", x->number);
		if (rc == 0 &&
		    (!(req = cJSON_CreateObject()) ||
		     !cJSON_AddStringToObject(req, "title", title) ||
		     !cJSON_AddStringToObject(req, "body", body) ||
		     !cJSON_AddStringToObject(req, "state", b->recorded ? "closed" : "open")))
			rc = pw_error_oom();
		if (rc == 0)
			rc = request(p, "PATCH", path.ptr, req, &out);
		p->st->baseline_issue = x->number;
		p->st->baseline_updated = rc == 0;
	} else if (rc == 0) {
		rc = ensure_labels(p, &labels);
		if (rc == 0)
			rc = create_issue(p, NULL, PW_BASELINEISSUE_MARKER, title, body, &labels,
			                  &p->st->baseline_issue, NULL);
		p->st->baseline_created = rc == 0;
		if (rc == 0 && b->recorded && p->st->baseline_issue > 0)
			rc = close_issue(p, p->st->baseline_issue);
	}
	if (rc < 0)
		pw_error_prefix(rc, "baseline issue");
	free(title);
	free(body);
	cJSON_Delete(req);
	cJSON_Delete(out);
	pw_buf_clear(&path);
	return rc;
}

static int publish_dashboard(pub *p, const pw_existing_issues *ex, const pw_dashboard_entry *e,
                             size_t n)
{
	const pw_existing_issue *x = existing_dashboard(ex);
	char *body = dashboard_body(p, e, n), *fitted = NULL;
	char pkiwatch[] = "pkiwatch", *one[] = {pkiwatch};
	const pw_strlist labels = {one, 1};
	cJSON *req = NULL, *out = NULL;
	pw_buf path = PW_BUF_INIT;
	int rc = body ? 0 : PW_ENOMEM;

	if (rc == 0 && (rc = pw_fit_text(&fitted, body, PW_FIT_GITHUB_MAX,
	                                 "Every issue: the label `pkiwatch`.")) == 0) {
		free(body);
		body = fitted;
	}

	if (rc == 0)
		rc = write_body(p, "dashboard", PW_DASHBOARD_TITLE, body);
	if (rc == 0 && x && normalised_equal(x->body, body)) {
		p->st->dashboard = x->number;
	} else if (rc == 0 && x) {
		rc = pw_buf_printf(&path, "/issues/%ld", x->number);
		if (rc == 0 && (!(req = cJSON_CreateObject()) ||
		                !cJSON_AddStringToObject(req, "title", PW_DASHBOARD_TITLE) ||
		                !cJSON_AddStringToObject(req, "body", body)))
			rc = pw_error_oom();
		if (rc == 0 && !x->open && !cJSON_AddStringToObject(req, "state", "open"))
			rc = pw_error_oom();
		if (rc == 0)
			rc = request(p, "PATCH", path.ptr, req, &out);
		p->st->dashboard = x->number;
		p->st->dashboard_updated = rc == 0;
	} else if (rc == 0) {
		rc = ensure_labels(p, &labels);
		if (rc == 0)
			rc = create_issue(p, NULL, PW_DASHBOARD_MARKER, PW_DASHBOARD_TITLE, body,
			                  &labels, &p->st->dashboard, NULL);
		p->st->dashboard_created = rc == 0;
	}
	if (rc < 0)
		pw_error_prefix(rc, "dashboard");
	free(body);
	cJSON_Delete(req);
	cJSON_Delete(out);
	pw_buf_clear(&path);
	return rc;
}

/* Each group's issue: first by key marker, then by change marker among the
 * issues no other group claimed (so that two groups never share an issue,
 * e.g. when a reclassification split an old group). */
static void match_issues(const pw_existing_issues *ex, const pw_issue_groups *groups,
                         const pw_existing_issue **match)
{
	size_t i, j, k, l;
	for (i = 0; i < groups->count; i++)
		for (j = 0; j < ex->count; j++) {
			const pw_existing_issue *x = &ex->items[j];
			if (x->m.key && strcmp(x->m.key, groups->items[i].key) == 0 &&
			    (!match[i] || x->number < match[i]->number))
				match[i] = x;
		}
	for (i = 0; i < groups->count; i++) {
		const pw_issue_group *g = &groups->items[i];
		const pw_existing_issue *best = NULL;
		if (match[i])
			continue;                 /* by key */
		for (j = 0; j < ex->count; j++) { /* the oldest when several hold it */
			const pw_existing_issue *x = &ex->items[j];
			int hit = 0, claimed = 0;
			for (k = 0; !hit && k < x->m.nchanges; k++)
				for (l = 0; !hit && l < g->count; l++)
					hit = strcmp(x->m.changes[k], g->items[l]->change.id) == 0;
			for (k = 0; hit && !claimed && k < groups->count; k++)
				claimed = match[k] == x;
			if (hit && !claimed && (!best || x->number < best->number))
				best = x;
		}
		match[i] = best;
	}
}

/* Whether a group has no issue yet, or the dashboard none. */
static int unmatched(const pw_existing_issues *ex, const pw_issue_groups *groups,
                     const pw_existing_issue **match)
{
	size_t i;
	for (i = 0; i < groups->count; i++)
		if (!match[i])
			return 1;
	return !existing_dashboard(ex);
}

/* Whether a failure concerns only the group's issue: GitHub answered that
 * request with 404/410 (the issue is gone), 422 (it refused the content) or
 * 5xx after the retries, or the request was refused before sending it. Not:
 * the token, permissions, rate limits, the network, the request limit, memory;
 * those would fail every other issue too. */
static int this_issue_only(const pub *p, int rc)
{
	int status = pw_github_last_status(p->gh);
	if (p->stop || rc == PW_ENOMEM)
		return 0;
	return rc == PW_EINPUT || status == 404 || status == 410 || status == 422 || status >= 500;
}

int pw_publish(pw_github *gh, const pw_publish_opts *o, pw_publish_stats *st)
{
	pw_existing_issues ex;
	pw_dashboard_entry *entries;
	const pw_existing_issue **match = NULL;
	pub p;
	size_t i, start = pw_github_request_count(gh);
	int rc;

	memset(st, 0, sizeof(*st));
	memset(&p, 0, sizeof(p));
	p.gh = gh;
	p.o = o;
	p.st = st;
	st->groups = o->groups->count;
	/* the rules before any request: a bad rules file sends nothing */
	if (!(p.noise = o->noise) && (rc = pw_noise_load(&p.own_noise, NULL)) < 0)
		return rc;
	if (!p.noise)
		p.noise = p.own_noise;
	if (!(st->results = calloc(o->groups->count + 1, sizeof(*st->results))) ||
	    !(entries = calloc(o->groups->count + 1, sizeof(*entries)))) {
		pw_noise_free(p.own_noise);
		return pw_error_oom();
	}
	rc = check_limit(&p);
	if (rc == 0)
		rc = pw_publish_existing_list(&ex, gh);
	if (rc < 0) {
		free(entries);
		pw_noise_free(p.own_noise);
		return rc;
	}
	rc = list_labels(&p);
	if (rc == 0 && !(match = calloc(o->groups->count + 1, sizeof(*match))))
		rc = pw_error_oom();
	if (rc == 0)
		match_issues(&ex, o->groups, match);
	/* an issue would be opened: first the issues that lost their label */
	if (rc == 0 &&
	    (unmatched(&ex, o->groups, match) ||
	     (o->baseline && o->baseline->changes && o->baseline->changes->count &&
	      !existing_baseline(&ex))) &&
	    (rc = check_limit(&p)) == 0 && (rc = pw_publish_existing_list_all(&ex, gh)) == 0) {
		memset(match, 0, (o->groups->count + 1) * sizeof(*match));
		match_issues(&ex, o->groups, match);
	}
	for (i = 0; i < o->groups->count && rc == 0; i++) {
		entries[i].group = &o->groups->items[i];
		entries[i].signed_off = pw_publish_group_signed_off(entries[i].group, o->ledger);
		rc = publish_group(&p, match[i], entries[i].group, &st->results[i]);
		pw_publish_waiting_since(st->results[i].waiting_since, entries[i].group, o->ledger,
		                         st->results[i].created_at, o->today);
		entries[i].number = st->results[i].number;
		entries[i].waiting_since = st->results[i].waiting_since;
		st->nresults = i + 1;
		if (rc < 0 && this_issue_only(&p, rc)) { /* reported; the others go on */
			if (!(st->results[i].error = strdup(pw_error_last())))
				rc = pw_error_oom();
			else
				rc = 0;
			st->failed++;
		}
	}
	free(match);
	if (rc == 0 && o->obligations && o->obligations->obligations &&
	    o->obligations->obligations->count) {
		rc = obligation_labels(&p);
		if (rc == 0)
			rc = pw_obligissue_publish(&st->obligations, gh, &ex, st, o->obligations,
			                           o->max_requests);
	}
	if (rc == 0)
		rc = publish_dashboard(&p, &ex, entries, o->groups->count);
	if (rc == 0)
		rc = publish_baseline(&p, &ex);
	if (rc == 0 && (st->failed || st->obligations.failed))
		rc = pw_error_set(PW_ERROR,
		                  "%zu of %zu issues not published (GitHub refused them); the "
		                  "others are; a re-run tries them again",
		                  st->failed + st->obligations.failed,
		                  st->groups + st->obligations.count);
	st->requests = pw_github_request_count(gh) - start;
	pw_publish_existing_clear(&ex);
	pw_strlist_clear(&p.labels);
	pw_noise_free(p.own_noise);
	free(entries);
	return rc;
}

void pw_publish_stats_clear(pw_publish_stats *st)
{
	size_t i;
	if (!st)
		return;
	for (i = 0; i < st->nresults; i++) {
		free(st->results[i].html_url);
		free(st->results[i].error);
	}
	free(st->results);
	pw_obligissue_stats_clear(&st->obligations);
	memset(st, 0, sizeof(*st));
}
