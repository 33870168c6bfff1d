#include "publish/obligissue.h"

#include "publish/fit.h"
#include "publish/publish.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/digest.h"
#include "util/error.h"
#include "util/mdsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bounds that keep a body under GitHub's 65,536 characters: one item of
 * untrusted text is cut at TEXT_MAX bytes of neutralised output, and lists
 * stop once the body holds BUDGET bytes: BUDGET, one more item and the fixed
 * parts (a few items) stay well below the limit. */
#define TEXT_MAX  2000
#define BUDGET    40000
#define TITLE_MAX 200

/* ---- text ---- */

/* Untrusted text, neutralised, at most `max` bytes of it. */
static int put_text(pw_buf *b, const char *s, size_t max)
{
	return pw_mdsafe_github_max(b, s, max);
}

static const char *tsp_name(const pw_obligation *o, const pw_tsps *tsps)
{
	const pw_tsp *t = tsps ? pw_tsps_find(tsps, o->tsp) : NULL;
	return t && t->name ? t->name : o->tsp;
}

/* The change issue holding change `id` (0: none known). */
static long change_issue(const struct pw_publish_stats *st, const char *id)
{
	size_t i, j;
	for (i = 0; st && i < st->nresults; i++) {
		const pw_issue_group *g = st->results[i].group;
		for (j = 0; g && j < g->count; j++)
			if (strcmp(g->items[j]->change.id, id) == 0)
				return st->results[i].number;
	}
	return 0;
}

static int put_change(pw_buf *b, const struct pw_publish_stats *st, const char *id)
{
	long n = change_issue(st, id);
	int rc = pw_mdsafe_code(b, id);
	if (rc == 0 && n > 0)
		rc = pw_buf_printf(b, " (#%ld)", n);
	return rc;
}

/* A name for the state marker: what cannot end the comment or the field. */
static int put_state_word(pw_buf *b, const char *s)
{
	int rc = 0;
	char prev = 0;
	for (; *s && rc == 0; s++) {
		char c = *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      strchr(" ./+_()@", c) || (c == '-' && prev != '-')))
			c = ' ';
		rc = pw_buf_putc(b, c);
		prev = c;
	}
	return rc;
}

/* "due D|milestones D,D|criteria A,B|changes X,Y" */
static int put_state(pw_buf *b, const pw_obligation *o)
{
	size_t i;
	int rc = pw_buf_printf(b, "due %s|milestones ", o->due);
	for (i = 0; i < o->nmilestones && rc == 0; i++)
		rc = pw_buf_printf(b, "%s%s", i ? "," : "", o->milestones[i].due);
	if (rc == 0)
		rc = pw_buf_puts(b, "|criteria ");
	for (i = 0; o->criteria[i] && rc == 0; i++) {
		if (i)
			rc = pw_buf_putc(b, ',');
		if (rc == 0)
			rc = put_state_word(b, o->criteria[i]);
	}
	if (rc == 0)
		rc = pw_buf_puts(b, "|changes ");
	for (i = 0; o->changes[i] && rc == 0; i++) {
		if (i)
			rc = pw_buf_putc(b, ',');
		if (rc == 0)
			rc = put_state_word(b, o->changes[i]);
	}
	/* the TSP's answer, once there is one (state lines before it stay as they were) */
	if (rc == 0 && o->answer) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(o->answer, "status"),
		            *d = cJSON_GetObjectItemCaseSensitive(o->answer, "date");
		rc = pw_buf_puts(b, "|answer ");
		if (rc == 0)
			rc = put_state_word(b, cJSON_IsString(st) ? st->valuestring : "?");
		if (rc == 0 && cJSON_IsString(d)) {
			rc = pw_buf_putc(b, ' ');
			if (rc == 0)
				rc = put_state_word(b, d->valuestring);
		}
	}
	return rc;
}

/* ---- labels, title ---- */

int pw_obligissue_labels(pw_strlist *out, const pw_obligation *o, const pw_config *cfg)
{
	size_t i;
	int rc;
	memset(out, 0, sizeof(*out));
	rc = pw_strlist_add_unique(out, "pkiwatch");
	if (rc == 0)
		rc = pw_strlist_add_unique(out, "obligation");
	if (rc == 0)
		rc = pw_strlist_add_unique(out, o->tsp);
	if (rc == 0 && o->status == PW_OBLIGATION_OVERDUE)
		rc = pw_strlist_add_unique(out, "overdue");
	for (i = 0; cfg && i < cfg->nlabels && rc == 0; i++)
		rc = pw_strlist_add_unique(out, cfg->labels[i]);
	if (rc < 0)
		pw_strlist_clear(out);
	return rc;
}

char *pw_obligissue_title(const pw_obligation *o, const pw_tsps *tsps)
{
	pw_buf b = PW_BUF_INIT, t = PW_BUF_INIT;
	int rc = pw_buf_printf(&t, "Obligation: %s: %s", tsp_name(o, tsps), o->what);
	if (rc == 0)
		rc = pw_mdsafe_title(&b, t.ptr, TITLE_MAX);
	pw_buf_clear(&t);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

void pw_obligissue_opened(char out[11], const char *body)
{
	const char *p = body ? strstr(body, "<!-- pkiwatch:opened ") : NULL;
	out[0] = '\0';
	if (p && strlen(p) >= 21 + 10) {
		memcpy(out, p + 21, 10);
		out[10] = '\0';
		if (!pw_day_valid(out))
			out[0] = '\0';
	}
}

/* ---- body ---- */

static int put_summary(pw_buf *b, const pw_obligation *o, const pw_tsps *tsps,
                       const struct pw_publish_stats *changes)
{
	const pw_obligation_milestone *next = pw_obligation_next(o);
	size_t i;
	int rc = pw_buf_puts(b, "**Obligation of ");
	if (rc == 0)
		rc = put_text(b, tsp_name(o, tsps), TEXT_MAX);
	if (rc == 0)
		rc = pw_buf_puts(b, "** (");
	if (rc == 0)
		rc = pw_mdsafe_code(b, o->tsp);
	if (rc == 0)
		rc = pw_buf_printf(b, "), kind %s:\n\n> ", o->kind);
	if (rc == 0)
		rc = put_text(b, o->what, TEXT_MAX);
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\n\n| | |\n|---|---|\n| Status | **%s** |\n| Due | **%s** |\n",
		                   pw_obligation_status_name(o->status), o->due[0] ? o->due : "-");
	if (rc == 0 && (o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE)) {
		rc = pw_buf_puts(b, "| Next | ");
		if (rc == 0)
			rc = next ? put_text(b, next->what, TEXT_MAX) : pw_buf_puts(b, "due date");
		if (rc == 0)
			rc = pw_buf_printf(b, ", **%s** |\n", pw_obligation_next_date(o));
	}
	if (rc == 0 && o->period[0][0])
		rc = pw_buf_printf(b, "| Audit period | %s to %s |\n", o->period[0], o->period[1]);
	if (rc == 0)
		rc = pw_buf_puts(b, "| Rule | ");
	if (rc == 0)
		rc = pw_mdsafe_code(b, o->rule);
	if (rc == 0 && o->reason) {
		rc = pw_buf_puts(b, ": ");
		if (rc == 0)
			rc = put_text(b, o->reason, TEXT_MAX);
	}
	if (rc == 0)
		rc = pw_buf_puts(b, " |\n");
	for (i = 0; o->changes[i] && rc == 0; i++) {
		if (i == 20) {
			rc = pw_buf_printf(b, " and more");
			break;
		}
		rc = pw_buf_puts(b, i ? ", " : "| Changes | ");
		if (rc == 0)
			rc = put_change(b, changes, o->changes[i]);
	}
	if (rc == 0 && o->changes[0])
		rc = pw_buf_puts(b, " |\n");
	return rc;
}

static int put_milestones(pw_buf *b, const pw_obligation *o)
{
	size_t i;
	int rc = pw_buf_puts(b, "\n### Milestones\n\n");
	for (i = 0; i < o->nmilestones && rc == 0; i++) {
		const pw_obligation_milestone *m = &o->milestones[i];
		if (b->len > BUDGET) {
			rc = pw_buf_printf(b, "- … and %zu more (`pkiwatch obligations`)\n",
			                   o->nmilestones - i);
			break;
		}
		rc = pw_buf_printf(b, "- [%c] %zu. **%s** ", m->done[0] ? 'x' : ' ', i + 1, m->due);
		if (rc == 0)
			rc = put_text(b, m->what, TEXT_MAX);
		if (rc == 0 && m->done[0])
			rc = pw_buf_printf(b, " (done %s)", m->done);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && o->nmilestones == 0)
		rc = pw_buf_puts(b, "None: only the due date.\n");
	return rc;
}

static int put_quotes(pw_buf *b, const pw_obligation *o, const struct pw_publish_stats *changes)
{
	size_t i;
	int rc = 0;
	if (o->nquotes == 0)
		return 0;
	rc = pw_buf_puts(b, "\n### The requirement\n");
	for (i = 0; i < o->nquotes && rc == 0; i++) {
		if (b->len > BUDGET) {
			rc = pw_buf_printf(
			    b, "\n… and %zu more (`pkiwatch obligations --format json`)\n",
			    o->nquotes - i);
			break;
		}
		rc = pw_buf_puts(b, "\n");
		if (rc == 0 && o->quotes[i].change) {
			rc = pw_buf_puts(b, "From ");
			if (rc == 0)
				rc = put_change(b, changes, o->quotes[i].change);
			if (rc == 0)
				rc = pw_buf_puts(b, ":\n\n");
		}
		if (rc == 0)
			rc = pw_buf_puts(b, "> ");
		if (rc == 0)
			rc = put_text(b, o->quotes[i].text ? o->quotes[i].text : "", TEXT_MAX);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	return rc;
}

static const char *jstr(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static int put_evidence(pw_buf *b, const pw_obligation *o)
{
	const cJSON *e;
	size_t i = 0, n = (size_t)cJSON_GetArraySize(o->evidence);
	int rc = pw_buf_puts(b, "\n### Evidence\n\n");
	if (rc == 0 && n == 0)
		rc = pw_buf_puts(b, "None recorded yet.\n");
	cJSON_ArrayForEach(e, o->evidence)
	{
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "file");
		const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
		if (rc < 0)
			break;
		if (b->len > BUDGET) {
			rc = pw_buf_printf(b, "- … and %zu more\n", n - i);
			break;
		}
		i++;
		rc = pw_buf_puts(b, "- ");
		if (rc == 0 && f) {
			rc = pw_buf_puts(b, "file ");
			if (rc == 0)
				rc = pw_mdsafe_code(b, jstr(f, "name") ? jstr(f, "name") : "?");
			if (rc == 0 && cJSON_IsNumber(size))
				rc = pw_buf_printf(b, ", %.0f bytes", size->valuedouble);
			if (rc == 0 && jstr(f, "sha1")) {
				rc = pw_buf_puts(b, ", git blob ");
				if (rc == 0)
					rc = pw_mdsafe_code(b, jstr(f, "sha1"));
			}
		} else if (rc == 0) {
			rc = pw_buf_puts(b, "link ");
			if (rc == 0)
				rc = put_text(b, jstr(e, "url") ? jstr(e, "url") : "?", TEXT_MAX);
		}
		if (rc == 0 && jstr(e, "note")) {
			rc = pw_buf_puts(b, ": ");
			if (rc == 0)
				rc = put_text(b, jstr(e, "note"), TEXT_MAX);
		}
		if (rc == 0 && jstr(e, "time"))
			rc = pw_buf_printf(b, " (recorded %.10s)", jstr(e, "time"));
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && n)
		rc =
		    pw_buf_puts(b, "\nThe files stay in the authority's document store; the ledger "
		                   "records their git blob id (`git hash-object FILE`).\n");
	return rc;
}

/* "### The TSP's answer", once it has answered (form or respond). */
static int put_answer(pw_buf *b, const pw_obligation *o)
{
	char *line = NULL;
	int rc;
	if (!o->answer)
		return 0;
	if ((rc = pw_obligation_answer_describe(&line, o)) < 0)
		return rc;
	rc = pw_buf_puts(b, "\n### The TSP's answer\n\n");
	if (rc == 0)
		rc = put_text(b, line, TEXT_MAX);
	if (rc == 0)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0 && pw_obligation_answered_done(o) && o->status != PW_OBLIGATION_MET &&
	    o->status != PW_OBLIGATION_WAIVED)
		rc = pw_buf_printf(b,
		                   "\nThe TSP reports it done and names its evidence: check it, "
		                   "then `pkiwatch obligation accept %s`.\n",
		                   o->id);
	free(line);
	return rc;
}

static int put_closing(pw_buf *b, const pw_obligation *o)
{
	int rc = 0;
	if (o->status == PW_OBLIGATION_MET || o->status == PW_OBLIGATION_WAIVED) {
		rc = pw_buf_printf(b, "\n**%s on %s**",
		                   o->status == PW_OBLIGATION_MET ? "Met" : "Waived",
		                   o->closed[0] ? o->closed : "-");
		if (rc == 0 && o->note) {
			rc = pw_buf_puts(b, ": ");
			if (rc == 0)
				rc = put_text(b, o->note, TEXT_MAX);
		}
		return rc < 0 ? rc : pw_buf_putc(b, '\n');
	}
	rc = pw_buf_printf(
	    b,
	    "\n---\nRecord progress in the compliance repository (each is one "
	    "ledger commit by the officer):\n\n```\n"
	    "pkiwatch obligation done %s --milestone N\n"
	    "pkiwatch obligation evidence %s (--file PATH | --url URL) [--note TEXT]\n"
	    "pkiwatch obligation accept %s [--note TEXT]\n"
	    "pkiwatch obligation waive %s --note TEXT\n```\n\n"
	    "While it is open, the scheduled sync checks in here and escalates an "
	    "overdue milestone; it closes this issue when the evidence is accepted "
	    "or the obligation is waived.\n",
	    o->id, o->id, o->id, o->id);
	return rc;
}

int pw_obligissue_body(char **out, const pw_obligation *o, const pw_tsps *tsps,
                       const struct pw_publish_stats *changes, const char *opened)
{
	pw_buf content = PW_BUF_INIT, b = PW_BUF_INIT;
	char digest[41];
	int rc;

	*out = NULL;
	rc = pw_buf_puts(&content, "<!-- pkiwatch:ostate ");
	if (rc == 0)
		rc = put_state(&content, o);
	if (rc == 0)
		rc = pw_buf_puts(&content, " -->\n\n");
	if (rc == 0)
		rc = put_summary(&content, o, tsps, changes);
	if (rc == 0)
		rc = put_milestones(&content, o);
	if (rc == 0)
		rc = put_quotes(&content, o, changes);
	if (rc == 0)
		rc = put_answer(&content, o);
	if (rc == 0)
		rc = put_evidence(&content, o);
	if (rc == 0)
		rc = put_closing(&content, o);
	if (rc == 0)
		rc = pw_buf_printf(&b,
		                   "<!-- pkiwatch:obligation %s -->\n<!-- pkiwatch:opened %s -->\n",
		                   o->id, opened);
	if (rc == 0)
		rc = pw_buf_put(&b, content.ptr, content.len);
	if (rc == 0)
		rc = pw_digest_data(digest, b.ptr, b.len);
	pw_buf_reset(&content);
	/* the digest after the first two lines (the marker parser reads any line) */
	if (rc == 0)
		rc = pw_buf_printf(&content,
		                   "<!-- pkiwatch:obligation %s -->\n<!-- pkiwatch:opened "
		                   "%s -->\n<!-- pkiwatch:digest %s -->\n",
		                   o->id, opened, digest);
	if (rc == 0) {
		const char *rest = strstr(b.ptr, "<!-- pkiwatch:ostate ");
		rc = pw_buf_puts(&content, rest);
	}
	pw_buf_clear(&b);
	/* the parts are bounded; this only guards the limit */
	if (rc == 0)
		rc = pw_fit_text(out, content.ptr, PW_FIT_GITHUB_MAX,
		                 "Everything: pkiwatch obligations --format json.");
	pw_buf_clear(&content);
	return rc == PW_ENOMEM ? pw_error_oom() : rc;
}

/* ---- one obligation ---- */

typedef struct {
	pw_github *gh;
	const pw_obligissue_opts *o;
	const struct pw_publish_stats *changes;
	pw_obligissue_stats *st;
	size_t max_requests;
} run;

static int check_limit(run *r)
{
	size_t n = pw_github_request_count(r->gh);
	if (r->max_requests && n >= r->max_requests)
		return pw_error_set(PW_ERROR, "GitHub: stopped after %zu requests (request limit)",
		                    n);
	return 0;
}

static int limit_reached(const run *r)
{
	return r->max_requests && pw_github_request_count(r->gh) >= r->max_requests;
}

static int request(run *r, const char *method, const char *path, const cJSON *body)
{
	cJSON *out = NULL;
	int rc = check_limit(r);
	if (rc == 0)
		rc = pw_github_request(&out, r->gh, method, path, body);
	cJSON_Delete(out);
	return rc;
}

/* The issue's labels: `want`, and those of `have` that pkiwatch does not
 * manage here (overdue comes and goes with the status). */
static int merge_labels(pw_strlist *out, const pw_strlist *have, const pw_strlist *want)
{
	size_t i;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	for (i = 0; rc == 0 && i < want->count; i++)
		rc = pw_strlist_add(out, want->items[i]);
	for (i = 0; rc == 0 && have && i < have->count; i++)
		if (!pw_strlist_has_case(out, have->items[i]) &&
		    strcasecmp(have->items[i], "overdue") != 0)
			rc = pw_strlist_add(out, have->items[i]);
	if (rc < 0)
		pw_strlist_clear(out);
	return rc;
}

static int is_closed(const pw_obligation *o)
{
	return o->status == PW_OBLIGATION_MET || o->status == PW_OBLIGATION_WAIVED;
}

static long number_of(const cJSON *issue)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(issue, "number");
	double d = cJSON_IsNumber(n) ? n->valuedouble : 0;
	if (!(d >= 1 && d <= 9007199254740992.0) || d != (double)(long)d)
		return 0;
	return (long)d;
}

static int create(run *r, const pw_obligation *o, pw_obligissue_result *res, const char *title,
                  const char *body, const pw_strlist *labels)
{
	cJSON *out = NULL;
	pw_buf marker = PW_BUF_INIT;
	int rc = pw_buf_printf(&marker, "<!-- pkiwatch:obligation %s -->", o->id);

	if (rc == 0)
		rc = check_limit(r);
	if (rc == 0)
		rc = pw_publish_issue_create(&out, r->gh, title, body, labels, r->o->cfg,
		                             marker.ptr);
	if (rc == 0) {
		res->number = number_of(out);
		res->action = PW_PUBLISH_CREATED;
		res->open = 1;
		r->st->created++;
	}
	pw_buf_clear(&marker);
	cJSON_Delete(out);
	return rc;
}

/* "- due date: A → B" lines for the fields of two state summaries that differ. */
static char *state_diff(const char *old_state, const char *new_state)
{
	static const char *const fields[] = {"due ", "milestones ", "criteria ", "changes ",
	                                     "answer "};
	static const char *const names[] = {"due date", "milestone dates", "criteria", "changes",
	                                    "the TSP's answer"};
	pw_buf b = PW_BUF_INIT;
	size_t i;
	int rc = pw_buf_puts(&b, "");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]) && rc == 0; i++) {
		const char *os = strstr(old_state, fields[i]), *ns = strstr(new_state, fields[i]);
		size_t ol, nl;
		if (!ns)
			continue;
		ns += strlen(fields[i]);
		nl = strcspn(ns, "|");
		if (os) {
			os += strlen(fields[i]);
			ol = strcspn(os, "|");
		} else {
			os = "";
			ol = 0;
		}
		if (ol == nl && memcmp(os, ns, nl) == 0)
			continue;
		/* an empty side is "(none)" (a precision of 0 would print nothing) */
		rc = pw_buf_printf(&b, "- %s: %.*s → %.*s\n", names[i], ol ? (int)ol : 6,
		                   ol ? os : "(none)", nl ? (int)nl : 6, nl ? ns : "(none)");
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* The summary of the state marker starting at `m` (without the comment's end). */
static char *state_line(const char *m)
{
	size_t n = strcspn(m, "\n");
	const char *end = strstr(m, " -->");
	if (end && (size_t)(end - m) < n)
		n = (size_t)(end - m);
	return strndup(m, n);
}

/* The comment of a rewrite: what changed, when the state summary says. */
static int comment_update(run *r, const pw_existing_issue *x, const char *body)
{
	const char *ns = strstr(body, "<!-- pkiwatch:ostate ");
	const char *os = x->body ? strstr(x->body, "<!-- pkiwatch:ostate ") : NULL;
	char *olds = NULL, *news = NULL, *diff = NULL, digest[41];
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT;
	int rc = 0, posted;

	if (!ns)
		return 0;
	news = state_line(ns);
	olds = os ? state_line(os) : strdup("");
	if (!news || !olds || !(diff = state_diff(olds, news)))
		rc = pw_error_oom();
	if (rc == 0 && *diff) {
		pw_issue_markers m;
		rc = pw_issue_markers_parse(&m, body);
		if (rc == 0) {
			memcpy(digest, m.digest, sizeof(digest));
			pw_issue_markers_clear(&m);
			rc = pw_buf_printf(&marker, "<!-- pkiwatch:oupdate %s %s -->",
			                   x->m.obligation, digest);
		}
		if (rc == 0)
			rc = pw_buf_printf(
			    &text,
			    "pkiwatch updated this obligation: the changes signed off, "
			    "the officer's records or the TSP's answer changed it.\n\n%s",
			    diff);
		if (rc == 0)
			rc = check_limit(r);
		if (rc == 0)
			rc = pw_publish_comment_once(&posted, r->gh, x->number, marker.ptr,
			                             text.ptr);
	}
	free(news);
	free(olds);
	free(diff);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	return rc;
}

/* The comment of a reopening: why the issue is open again (once a day). */
static int comment_reopened(run *r, const pw_existing_issue *x, const pw_obligation *o)
{
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT;
	int rc, posted;
	rc = pw_buf_printf(&marker, "<!-- pkiwatch:oreopen %s %s -->", o->id, r->o->today);
	if (rc == 0)
		rc = pw_buf_printf(
		    &text,
		    "**Reopened:** this obligation is %s in the compliance repository: no "
		    "acceptance of evidence or waiver stands in `ledger/obligations/%s.json`, "
		    "so its issue stays open. It was closed by hand on GitHub, or the officer's "
		    "acceptance or waiver was reverted in the ledger. pkiwatch checks in here "
		    "again until the officer accepts the evidence (`pkiwatch obligation accept "
		    "%s`) or waives it.\n",
		    pw_obligation_status_name(o->status), o->id, o->id);
	if (rc == 0)
		rc = check_limit(r);
	if (rc == 0)
		rc = pw_publish_comment_once(&posted, r->gh, x->number, marker.ptr, text.ptr);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	return rc;
}

static int update(run *r, const pw_existing_issue *x, pw_obligissue_result *res, const char *title,
                  const char *body, const pw_strlist *labels, int reopen)
{
	pw_strlist merged = PW_STRLIST_INIT;
	pw_buf path = PW_BUF_INIT;
	cJSON *req = NULL;
	int rc = comment_update(r, x, body);

	if (rc == 0)
		rc = merge_labels(&merged, &x->labels, labels);
	if (rc == 0 &&
	    (!(req = cJSON_CreateObject()) || !cJSON_AddStringToObject(req, "title", title) ||
	     !cJSON_AddStringToObject(req, "body", body) ||
	     pw_strlist_to_json(req, "labels", &merged) < 0 ||
	     (reopen && !cJSON_AddStringToObject(req, "state", "open"))))
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_buf_printf(&path, "/issues/%ld", x->number);
	if (rc == 0)
		rc = request(r, "PATCH", path.ptr, req);
	if (rc == 0) {
		res->action = PW_PUBLISH_UPDATED;
		r->st->updated++;
		if (reopen) {
			res->open = 1;
			res->reopened = 1;
			r->st->reopened++;
			rc = comment_reopened(r, x, res->ob);
		}
	}
	pw_strlist_clear(&merged);
	cJSON_Delete(req);
	pw_buf_clear(&path);
	return rc;
}

/* One comment saying why, then closed: completed (met) or not planned (waived). */
static int close_issue(run *r, const pw_obligation *o, pw_obligissue_result *res)
{
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT, path = PW_BUF_INIT;
	cJSON *req = NULL;
	int met = o->status == PW_OBLIGATION_MET, rc, posted;
	size_t n = (size_t)cJSON_GetArraySize(o->evidence);

	rc = pw_buf_printf(&marker, "<!-- pkiwatch:oclosed %s %s %s -->", o->id,
	                   pw_obligation_status_name(o->status), o->closed);
	if (rc == 0)
		rc = met ? pw_buf_printf(&text,
		                         "**Met:** the officer accepted the evidence on %s "
		                         "(%zu item%s recorded: see the body).",
		                         o->closed, n, n == 1 ? "" : "s")
		         : pw_buf_printf(&text, "**Waived** by the officer on %s.", o->closed);
	if (rc == 0 && o->note) {
		rc = pw_buf_puts(&text, met ? " Note: " : " Reason: ");
		if (rc == 0)
			rc = put_text(&text, o->note, TEXT_MAX);
	}
	if (rc == 0)
		rc = pw_buf_puts(&text, "\n\npkiwatch closes this issue and stops checking in.\n");
	if (rc == 0)
		rc = check_limit(r);
	if (rc == 0)
		rc = pw_publish_comment_once(&posted, r->gh, res->number, marker.ptr, text.ptr);
	if (rc == 0 &&
	    (!(req = cJSON_CreateObject()) || !cJSON_AddStringToObject(req, "state", "closed") ||
	     !cJSON_AddStringToObject(req, "state_reason", met ? "completed" : "not_planned")))
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_buf_printf(&path, "/issues/%ld", res->number);
	if (rc == 0)
		rc = request(r, "PATCH", path.ptr, req);
	if (rc == 0) {
		res->open = 0;
		res->closed = 1;
		r->st->closed++;
	}
	cJSON_Delete(req);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	pw_buf_clear(&path);
	return rc;
}

static const pw_existing_issue *find(const struct pw_existing_issues *ex, const char *id)
{
	const pw_existing_issue *best = NULL;
	size_t i;
	for (i = 0; ex && i < ex->count; i++) {
		const pw_existing_issue *x = &ex->items[i];
		if (x->m.obligation && strcmp(x->m.obligation, id) == 0 &&
		    (!best || x->number < best->number))
			best = x;
	}
	return best;
}

static int publish_one(run *r, const pw_obligation *o, const pw_existing_issue *x,
                       pw_obligissue_result *res)
{
	pw_strlist labels = PW_STRLIST_INIT;
	char *title = NULL, *body = NULL;
	int rc = 0, closed = is_closed(o);

	res->ob = o;
	if (x) {
		pw_obligissue_opened(res->opened, x->body);
		res->number = x->number;
		res->open = x->open;
	}
	if (!res->opened[0])
		snprintf(res->opened, sizeof(res->opened), "%s", r->o->today);
	if (!(title = pw_obligissue_title(o, r->o->tsps)))
		rc = PW_ENOMEM;
	if (rc == 0)
		rc = pw_obligissue_body(&body, o, r->o->tsps, r->changes, res->opened);
	if (rc == 0)
		rc = pw_obligissue_labels(&labels, o, r->o->cfg);
	if (rc == 0)
		rc = pw_publish_write_body(r->o->bodies, o->id, title, body);
	if (rc == 0 && !x) {
		rc = create(r, o, res, title, body, &labels);
	} else if (rc == 0) {
		pw_issue_markers m;
		int same = 0;
		if ((rc = pw_issue_markers_parse(&m, body)) == 0) {
			same = strcmp(m.digest, x->m.digest) == 0;
			pw_issue_markers_clear(&m);
		}
		if (rc == 0 && same && (x->open || closed)) {
			r->st->unchanged++;
		} else if (rc == 0) {
			rc = update(r, x, res, title, body, &labels, !x->open && !closed);
		}
	}
	if (rc == 0 && closed && res->open && res->number > 0)
		rc = close_issue(r, o, res);
	if (rc < 0)
		pw_error_prefix(rc, "issue for obligation %s", o->id);
	free(title);
	free(body);
	pw_strlist_clear(&labels);
	return rc;
}

/* An open issue of an obligation no longer derived: one comment saying why,
 * then closed as not planned (nothing was met or waived). */
static int withdraw(run *r, const pw_existing_issue *x)
{
	pw_buf marker = PW_BUF_INIT, text = PW_BUF_INIT, path = PW_BUF_INIT;
	cJSON *req = NULL;
	int rc, posted;

	rc = pw_buf_printf(&marker, "<!-- pkiwatch:ogone %s %s -->", x->m.obligation, r->o->today);
	if (rc == 0)
		rc = pw_buf_printf(
		    &text,
		    "**No longer derived:** pkiwatch derives this obligation (`%s`) no more "
		    "from what is signed off and the TSP profiles: the sign-off of the change "
		    "it came from was reverted or changed, the change no longer applies to the "
		    "TSP, or the TSP's profile (audit scheme, criteria, period, extant CAs) "
		    "changed. Nothing was met or waived, so pkiwatch closes this issue as not "
		    "planned and stops checking in. If the TSP still has to do it, record it "
		    "with `pkiwatch obligation add`; if the obligation is derived again, "
		    "pkiwatch reopens this issue.\n",
		    x->m.obligation);
	if (rc == 0)
		rc = check_limit(r);
	if (rc == 0)
		rc = pw_publish_comment_once(&posted, r->gh, x->number, marker.ptr, text.ptr);
	if (rc == 0 &&
	    (!(req = cJSON_CreateObject()) || !cJSON_AddStringToObject(req, "state", "closed") ||
	     !cJSON_AddStringToObject(req, "state_reason", "not_planned")))
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_buf_printf(&path, "/issues/%ld", x->number);
	if (rc == 0)
		rc = request(r, "PATCH", path.ptr, req);
	if (rc == 0) {
		r->st->closed++;
		r->st->withdrawn++;
	} else {
		pw_error_prefix(rc, "issue #%ld of obligation %s (no longer derived)", x->number,
		                x->m.obligation);
	}
	cJSON_Delete(req);
	pw_buf_clear(&marker);
	pw_buf_clear(&text);
	pw_buf_clear(&path);
	return rc;
}

/* The open obligation issues whose obligation is derived no more. */
static int withdraw_gone(run *r, const struct pw_existing_issues *ex)
{
	size_t i;
	int rc = 0;
	for (i = 0; ex && i < ex->count && rc == 0; i++) {
		const pw_existing_issue *x = &ex->items[i];
		if (x->open && x->m.obligation &&
		    !pw_obligations_find(r->o->obligations, x->m.obligation) &&
		    find(ex, x->m.obligation) == x)
			rc = withdraw(r, x);
	}
	return rc;
}

int pw_obligissue_publish(pw_obligissue_stats *st, pw_github *gh,
                          const struct pw_existing_issues *ex,
                          const struct pw_publish_stats *changes, const pw_obligissue_opts *o,
                          size_t max_requests)
{
	size_t i, start = pw_github_request_count(gh);
	run r;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (!o || !o->obligations)
		return 0;
	r.gh = gh;
	r.o = o;
	r.changes = changes;
	r.st = st;
	r.max_requests = max_requests;
	if (o->obligations->count == 0) {
		rc = withdraw_gone(&r, ex);
		st->requests = pw_github_request_count(gh) - start;
		return rc;
	}
	if (!(st->items = calloc(o->obligations->count, sizeof(*st->items))))
		return pw_error_oom();
	for (i = 0; i < o->obligations->count && rc == 0; i++) {
		const pw_obligation *ob = &o->obligations->items[i];
		int status;
		rc = publish_one(&r, ob, find(ex, ob->id), &st->items[i]);
		st->count = i + 1;
		status = pw_github_last_status(gh);
		/* this issue's trouble only: the others go on (publish.c does the same) */
		if (rc < 0 && rc != PW_ENOMEM && !limit_reached(&r) &&
		    (rc == PW_EINPUT || status == 404 || status == 410 || status == 422 ||
		     status >= 500)) {
			if (!(st->items[i].error = strdup(pw_error_last())))
				rc = pw_error_oom();
			else
				rc = 0;
			st->failed++;
		}
	}
	if (rc == 0)
		rc = withdraw_gone(&r, ex);
	st->requests = pw_github_request_count(gh) - start;
	return rc;
}

void pw_obligissue_stats_clear(pw_obligissue_stats *st)
{
	size_t i;
	if (!st)
		return;
	for (i = 0; i < st->count; i++)
		free(st->items[i].error);
	free(st->items);
	memset(st, 0, sizeof(*st));
}
