/* pkiwatch publish / sync against the fake GitHub, on the real cabforum-smime
 * history (since 2024-01-01: a dozen changes) and on synthetic histories. */
#include "testutil.h"

#include "util/error.h"
#include "fakegh.h"
#include "github/github.h"
#include "publish/issue.h"
#include "pubenv.h"
#include "servers.h"
#include "util/buf.h"
#include "util/digest.h"
#include "util/lock.h"

#include <string.h>

static pubenv env;

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

static void start(const char *since, const char *const *fake_args)
{
	pubenv_start(&env, since, fake_args, PUBENV_MIRROR);
}

static int publish(char **out, char **err)
{
	return pubenv_run(&env, out, err, "publish");
}

/* Every change since `since` is in exactly one issue; returns the number of
 * issues that carry change markers. */
static size_t assert_one_issue_per_change(const char *since)
{
	cJSON *ids = pubenv_change_ids(&env, since), *issues = fakegh_issues(&env.fake, NULL), *id,
	      *i;
	size_t n = 0, dashboards = 0;
	assert_true(cJSON_GetArraySize(ids) > 0);
	cJSON_ArrayForEach(id, ids)
	{
		int c = pubenv_marker_count(issues, id->valuestring);
		if (c != 1)
			fail_msg("%s is in %d issues", id->valuestring, c);
	}
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (b && strstr(b, "<!-- pkiwatch:dashboard -->"))
			dashboards++;
		else if (b && strstr(b, "<!-- pkiwatch:issue "))
			n++;
	}
	assert_int_equal(dashboards, 1);
	cJSON_Delete(ids);
	cJSON_Delete(issues);
	return n;
}

static const cJSON *label_in_state(const char *name)
{
	static cJSON *state;
	cJSON_Delete(state);
	state = fakegh_state(&env.fake);
	return cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "labels"), name);
}

/* First run: one issue per change, labels with colours, assignees, the
 * dashboard; the second run sends only the two list requests. */
static void test_publish_twice(void **state)
{
	char *out = NULL, *err = NULL;
	cJSON *issues, *i, *ids;
	size_t groups;
	(void)state;
	start("2024-01-01", NULL);
	assert_int_equal(publish(&out, &err), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "created"));
	groups = assert_one_issue_per_change("2024-01-01");
	ids = pubenv_change_ids(&env, "2024-01-01");
	assert_true(groups >= 9 && groups <= (size_t)cJSON_GetArraySize(ids));
	cJSON_Delete(ids);
	{ /* nothing older than since: the 2023 changes have no issue */
		cJSON *older = pubenv_change_ids(&env, "2023-01-01"), *x;
		cJSON *mine = pubenv_change_ids(&env, "2024-01-01"), *y;
		cJSON *all = fakegh_issues(&env.fake, NULL);
		size_t n = 0;
		cJSON_ArrayForEach(x, older)
		{
			int recent = 0;
			cJSON_ArrayForEach(y, mine) recent |=
			    strcmp(y->valuestring, x->valuestring) == 0;
			if (!recent) {
				assert_int_equal(pubenv_marker_count(all, x->valuestring), 0);
				n++;
			}
		}
		assert_true(n >= 2);
		cJSON_Delete(older);
		cJSON_Delete(mine);
		cJSON_Delete(all);
	}
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(label_in_state("pkiwatch"), "color")),
	    "5319e7");
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(label_in_state("needs-signoff"), "color")),
	    "d93f0b");
	assert_non_null(label_in_state("cabforum-smime"));
	assert_non_null(label_in_state("smime"));
	assert_non_null(label_in_state("proposed"));
	assert_non_null(label_in_state("compliance"));
	issues = fakegh_issues(&env.fake, NULL);
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(i, "title"));
		if (strstr(b, "<!-- pkiwatch:dashboard -->")) {
			assert_string_equal(t, "pkiwatch dashboard");
			assert_non_null(strstr(b, "## Awaiting sign-off ("));
			/* the smime draft (branch "profiles"): under its own heading,
			 * not awaiting sign-off */
			assert_non_null(strstr(b, "## In discussion (1)\n\n- "));
			assert_true(strstr(b, "## In discussion") >
			            strstr(b, "## Awaiting sign-off"));
			assert_null(strstr(b, ", proposed\n"));
			/* SMC-10's MPIC dates lie within 180 days of 2025-03-01 */
			assert_non_null(strstr(b, "**2025-03-15** (in 14 days)"));
			assert_non_null(strstr(b, "**2025-05-15** (in 75 days)"));
			continue;
		}
		assert_true(pubenv_has_label(i, "pkiwatch"));
		assert_true(pubenv_has_label(i, "cabforum-smime"));
		assert_true(pubenv_has_label(i, "needs-signoff"));
		assert_true(pubenv_has_label(i, "compliance"));
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
		                        cJSON_GetObjectItem(i, "assignee"), "login")),
		                    "mjansen");
		assert_non_null(strstr(b, "<!-- pkiwatch:digest "));
		assert_non_null(strstr(b, "pkiwatch signoff cabforum-smime@"));
		assert_non_null(strstr(b, "https://github.com/cabforum/smime/blob/"));
		assert_non_null(strstr(b, "https://github.com/cabforum/smime/commit/"));
		assert_non_null(strstr(t, "[cabforum-smime] "));
	}
	/* SMC-12 has its own issue titled with the ballot */
	i = pubenv_issue_with(issues, "cabforum-smime@3340d6159641");
	assert_non_null(i);
	assert_non_null(
	    strstr(cJSON_GetStringValue(cJSON_GetObjectItem(i, "title")), "SMC-12: v1.0.10"));
	cJSON_Delete(issues);
	free(out);
	free(err);

	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(&out, NULL), 0);
	assert_non_null(strstr(out, " 0 created, 0 updated"));
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 2);
	assert_int_equal(fakegh_count(&env.fake, "GET", "/issues"), 1);
	assert_int_equal(fakegh_count(&env.fake, "GET", "/labels"), 1);
	free(out);
}

/* A run stopped after a few requests ends with exactly one issue per change
 * once re-run. */
static void test_killed_and_rerun(void **state)
{
	char *err = NULL;
	(void)state;
	start("2024-01-01", NULL);
	setenv("PKIWATCH_GITHUB_MAX_REQUESTS", "9", 1);
	assert_int_equal(publish(NULL, &err), 1);
	unsetenv("PKIWATCH_GITHUB_MAX_REQUESTS");
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_non_null(strstr(err, "request limit"));
	assert_true(fakegh_count(&env.fake, "POST", "/issues") > 0);
	free(err);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_one_issue_per_change("2024-01-01");
	/* and a third run changes nothing */
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
}

/* A create that GitHub performs but whose answer is lost is not repeated. */
static void test_lost_create(void **state)
{
	(void)state;
	start("2024-06-01", NULL);
	fakegh_fault(&env.fake, "{\"action\":\"lost\",\"method\":\"POST\",\"path\":\"/issues$\","
	                        "\"skip\":1}");
	assert_int_equal(publish(NULL, NULL), 0);
	assert_one_issue_per_change("2024-06-01");
}

/* A fresh clone with an empty cache: sync mirrors afresh and opens nothing new. */
static void test_fresh_cache_sync(void **state)
{
	const char *up;
	char *out = NULL, *err = NULL, up_saved[4096];
	(void)state;
	start("2024-06-01", NULL);
	up = tu_upstream();
	snprintf(up_saved, sizeof(up_saved), "%s", getenv("PKIWATCH_UPSTREAM"));
	assert_int_equal(publish(NULL, NULL), 0);
	assert_one_issue_per_change("2024-06-01");
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s/cache2'", env.dir), 0);
	sprintf(env.cache, "%s/cache2", env.dir);
	setenv("PKIWATCH_UPSTREAM", up, 1);
	fakegh_clear_log(&env.fake);
	assert_int_equal(pubenv_run(&env, &out, &err, "sync"), 0);
	setenv("PKIWATCH_UPSTREAM", up_saved, 1);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	assert_non_null(strstr(out, " 0 created, 0 updated"));
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_one_issue_per_change("2024-06-01");
	free(out);
	free(err);
}

/* API calls with 150 existing pkiwatch issues, for 0 and k new changes. */
static void test_calls_with_150_issues(void **state)
{
	cJSON *ids;
	char *err = NULL;
	size_t calls0, callsk, k, labels;
	(void)state;
	start("2025-06-01", ((const char *const[]){"--seed", "150", NULL}));
	/* labels, dashboard, the changes since 2025-06 */
	if (publish(NULL, &err) != 0)
		fail_msg("publish: %s", err);
	free(err);
	err = NULL;
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	calls0 = fakegh_count(&env.fake, NULL, NULL);
	/* two pages of issues, one of labels */
	assert_int_equal(calls0, 3);
	assert_int_equal(fakegh_count(&env.fake, "GET", "/issues"), 2);

	ids = pubenv_change_ids(&env, "2024-11-01");
	k = (size_t)cJSON_GetArraySize(ids);
	cJSON_Delete(ids);
	ids = pubenv_change_ids(&env, "2025-06-01");
	k -= (size_t)cJSON_GetArraySize(ids);
	cJSON_Delete(ids);
	assert_true(k >= 3);
	pubenv_since(&env, "2024-11-01");
	fakegh_clear_log(&env.fake);
	if (publish(NULL, &err) != 0)
		fail_msg("publish: %s", err);
	free(err);
	callsk = fakegh_count(&env.fake, NULL, NULL);
	/* the lists, every issue listed once more (issues would be opened: one
	 * of them may have lost its label), one create per new change (each its
	 * own ballot here), the labels used for the first time (a new tag), the
	 * dashboard's update */
	labels = fakegh_count(&env.fake, "POST", "/labels");
	assert_int_equal(fakegh_count(&env.fake, "POST", "/issues"), k);
	assert_int_equal(fakegh_count(&env.fake, "GET", "/issues"), 4);
	assert_true(labels <= 2);
	assert_int_equal(callsk, 5 + k + labels + 1);
	print_message("API calls with 150 existing pkiwatch issues: %zu with no new change, %zu "
	              "with %zu new changes (%zu of them label creates)\n",
	              calls0, callsk, k, labels);
	assert_one_issue_per_change("2024-11-01");
}

static pw_github *client(void)
{
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	pw_github *gh = NULL;
	o.api_url = env.fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	o.max_retries = -1;
	if (pw_github_new(&gh, &o) < 0)
		fail_msg("pw_github_new: %s", pw_error_last());
	return gh;
}

/* An issue whose record changed (here: its markers say it was a proposed
 * draft with another date, and it was closed) is rewritten, reopened and
 * commented once. */
static void test_update_and_comment(void **state)
{
	cJSON *issues, *i, *body, *out = NULL, *log, *e;
	const char *id = "cabforum-smime@3340d6159641";
	char *old, *p, path[64];
	pw_github *gh;
	long number;
	(void)state;
	start("2025-01-01", NULL);
	assert_int_equal(publish(NULL, NULL), 0);
	issues = fakegh_issues(&env.fake, NULL);
	i = pubenv_issue_with(issues, id);
	assert_non_null(i);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	old = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(i, "body")));
	/* another digest, an older state */
	p = strstr(old, "<!-- pkiwatch:digest ");
	assert_non_null(p);
	memset(p + 21, '0', 40);
	p = strstr(old, "<!-- pkiwatch:state status=adopted");
	assert_non_null(p);
	{ /* the state line of a proposed draft with another date */
		char *eol = strchr(p, '\n'), *t;
		assert_non_null(eol);
		t = malloc(strlen(old) + 256);
		sprintf(t,
		        "%.*s<!-- pkiwatch:state status=proposed changes=%s dates=2025-01-01 "
		        "tags=smime sections=1.2.1 -->%s",
		        (int)(p - old), old, id, eol);
		free(old);
		old = t;
	}
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "body", old);
	cJSON_AddStringToObject(body, "state", "closed");
	gh = client();
	snprintf(path, sizeof(path), "/issues/%ld", number);
	assert_int_equal(pw_github_request(&out, gh, "PATCH", path, body), 0);
	cJSON_Delete(out);
	cJSON_Delete(body);
	pw_github_free(gh);
	free(old);
	cJSON_Delete(issues);

	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	snprintf(path, sizeof(path), "/issues/%ld", number);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", path), 1);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 1);
	snprintf(path, sizeof(path), "/issues/%ld/comments", number);
	assert_int_equal(fakegh_count(&env.fake, "POST", path), 1);
	log = fakegh_log(&env.fake);
	cJSON_ArrayForEach(e, log)
	{
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
		const char *b = cJSON_GetStringValue(
		    cJSON_GetObjectItem(cJSON_GetObjectItem(e, "body"), "body"));
		if (strcmp(m, "POST") == 0) {
			assert_non_null(strstr(b, "<!-- pkiwatch:update "));
			if (!strstr(b, "status: proposed → adopted") ||
			    !strstr(b, "effective dates removed: `2025-01-01`"))
				fail_msg("comment: %s", b);
			assert_non_null(strstr(b, "reopened"));
		}
	}
	cJSON_Delete(log);
	issues = fakegh_issues(&env.fake, NULL);
	i = pubenv_issue_with(issues, id);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "open");
	assert_true(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(issues);
	/* settled: nothing more on the next run */
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
}

/* --dry-run: no request reaches the server; requests and bodies in the outbox. */
static void test_dry_run(void **state)
{
	char *out = NULL, *ls = NULL;
	(void)state;
	start("2025-01-01", NULL);
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(pubenv_run(&env, &out, NULL, "publish --dry-run"), 0);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_non_null(strstr(out, "dry run"));
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(tu_sh(&ls, NULL,
	                       "cd '%s/out/outbox' && ls | grep -c POST-issues && ls bodies",
	                       env.repo),
	                 0);
	assert_non_null(strstr(ls, "cabforum-smime_SMC-12.md"));
	assert_non_null(strstr(ls, "dashboard.md"));
	free(ls);
	free(out);
	assert_int_equal(pubenv_run(&env, &out, NULL, "publish --dry-run --outbox ../box"), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test -f '%s/box/bodies/dashboard.md'", env.dir), 0);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	free(out);
	/* sync --dry-run mirrors (here into an empty cache) but sends nothing */
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s/cache3'", env.dir), 0);
	sprintf(env.cache, "%s/cache3", env.dir);
	assert_int_equal(pubenv_run(&env, &out, NULL, "sync --dry-run --outbox ../box3"), 0);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	assert_non_null(strstr(out, "dry run"));
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test -f '%s/box3/bodies/dashboard.md'", env.dir), 0);
	free(out);
}

/* ---- injection: a synthetic upstream whose subject and diff attack ---- */

/* The text outside fenced code blocks. */
static char *outside_fences(const char *s)
{
	char *r = calloc(1, strlen(s) + 1), *w = r;
	size_t fence = 0;
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s + 1) : strlen(s), run = 0;
		while (run < len && s[run] == '`')
			run++;
		if (fence == 0 && run >= 3) {
			fence = run;
		} else if (fence && run >= fence && strspn(s + run, " \n") == len - run) {
			fence = 0;
		} else if (!fence) {
			memcpy(w, s, len);
			w += len;
		}
		s += len;
	}
	return r;
}

static void assert_harmless(const char *what, const char *text, int markdown)
{
	char *t = markdown ? outside_fences(text) : strdup(text), *line;
	if (strstr(t, "@everyone"))
		fail_msg("%s: a live @everyone: %s", what, t);
	if (strstr(t, "fixes #1") || strstr(t, "GH-2"))
		fail_msg("%s: a live issue reference: %s", what, t);
	if (markdown && (strstr(t, "<script") || strstr(t, "<img")))
		fail_msg("%s: raw HTML: %s", what, t);
	/* "-->" only closes our own marker lines */
	for (line = strtok(t, "\n"); markdown && line; line = strtok(NULL, "\n")) {
		char *c = strstr(line, "-->");
		if (!c)
			continue;
		if (strncmp(line, "<!-- pkiwatch:", 14) != 0 || c[3] != '\0' ||
		    strstr(line + 4, "<!--"))
			fail_msg("%s: '-->' outside a marker line: %s", what, line);
	}
	free(t);
}

static void test_injection(void **state)
{
	cJSON *log, *e;
	size_t creates = 0;
	char up[4096];
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	pubenv_upstream(&env,
	                "printf '# S/MIME BR\\n\\n## 1.2.1 Revisions\\n\\nText.\\n\\n## 4.3.1 "
	                "Issuance\\n\\nThe CA SHALL do things.\\n' > SBR.md && git add SBR.md && "
	                "GIT_COMMITTER_DATE=2024-05-01T00:00:00Z git commit -q -m 'Initial' && "
	                "printf '\\nThe CA SHALL notify @everyone --> <script>alert(1)</script> "
	                "see #1 and GH-2 <img src=x onerror=alert(1)> ````` ```` ` "
	                "[x](javascript:alert(1))\\n' >> SBR.md && "
	                "GIT_COMMITTER_DATE=2024-06-01T00:00:00Z git commit -q -a -m 'Ballot "
	                "SMC099: @everyone --> <script>alert(1)</script> fixes #1 GH-2 <!-- x' "
	                "&& git push -q origin main",
	                up, sizeof(up));
	pubenv_mirror(&env, up, "cabforum-smime");
	assert_int_equal(publish(NULL, NULL), 0);
	log = fakegh_log(&env.fake);
	cJSON_ArrayForEach(e, log)
	{
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
		cJSON *b = cJSON_GetObjectItem(e, "body");
		const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(b, "body"));
		const char *title = cJSON_GetStringValue(cJSON_GetObjectItem(b, "title"));
		if (strcmp(m, "POST") != 0 || strcmp(p + strlen(p) - 7, "/issues") != 0)
			continue;
		creates++;
		assert_harmless("title", title, 0);
		assert_harmless("body", body, 1);
		if (strstr(title, "SMC-99")) {
			/* the excerpt is there, in a fence longer than its backtick runs */
			if (!strstr(body, "``````diff\n"))
				fail_msg("no 6-backtick fence: %s", body);
			assert_non_null(
			    strstr(body, "+The CA SHALL notify @everyone --> <script>"));
			/* the subject's #1 links to the upstream repository */
			assert_non_null(strstr(body,
			                       "fixes [#\xe2\x80\x8d"
			                       "1](https://github.com/cabforum/smime/issues/1)"));
		}
	}
	assert_int_equal(creates, 3); /* two changes, the dashboard */
	cJSON_Delete(log);
}

/* A draft (branch SMC099) that is then adopted (squash commit on main, branch
 * deleted) keeps its issue: updated, commented, no longer "proposed". */
static void test_draft_becomes_adopted(void **state)
{
	char up[4096], title[512];
	cJSON *issues, *i, *log, *e;
	long number;
	int comments = 0;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	pubenv_upstream(&env,
	                PUBENV_INITIAL_COMMIT
	                " && git push -q origin main && git checkout -q -b SMC099 && printf "
	                "'\\nEffective March 15, 2026, the CA SHALL lint.\\n' >> SBR.md && "
	                "GIT_COMMITTER_DATE=2024-06-01T00:00:00Z git commit -q -a -m 'Linting' "
	                "&& git push -q origin SMC099",
	                up, sizeof(up));
	pubenv_mirror(&env, up, "cabforum-smime");
	assert_int_equal(publish(NULL, NULL), 0);
	issues = fakegh_issues(&env.fake, NULL);
	number = 0;
	cJSON_ArrayForEach(i, issues)
	{
		const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(i, "title"));
		if (strstr(t, "SMC-99")) {
			assert_non_null(strstr(t, "(proposed)"));
			assert_true(pubenv_has_label(i, "proposed"));
			number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
		}
	}
	assert_true(number > 0);
	cJSON_Delete(issues);

	assert_int_equal(tu_sh(NULL, NULL,
	                       "set -e; cd '%s/w' && git checkout -q main && git merge -q --squash "
	                       "SMC099 >/dev/null && GIT_COMMITTER_DATE=2024-07-01T00:00:00Z git "
	                       "commit -q -m 'Ballot SMC099: linting (#5)' && git push -q origin "
	                       "main && git push -q origin --delete SMC099",
	                       up),
	                 0);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/issues"), 0);
	snprintf(title, sizeof(title), "/issues/%ld", number);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", title), 1);
	log = fakegh_log(&env.fake);
	cJSON_ArrayForEach(e, log)
	{
		const char *b = cJSON_GetStringValue(
		    cJSON_GetObjectItem(cJSON_GetObjectItem(e, "body"), "body"));
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
		if (strcmp(m, "POST") == 0 && b && strstr(b, "pkiwatch:update")) {
			comments++;
			if (!strstr(b, "status: proposed → adopted") || !strstr(b, "changes added"))
				fail_msg("comment: %s", b);
		}
	}
	cJSON_Delete(log);
	assert_int_equal(comments, 1);
	issues = fakegh_issues(&env.fake, NULL);
	i = NULL;
	cJSON_ArrayForEach(i, issues) if ((long)cJSON_GetObjectItem(i, "number")->valuedouble ==
	                                  number) break;
	assert_non_null(i);
	assert_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(i, "title")), "(proposed)"));
	assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(i, "title")), "SMC-99"));
	assert_false(pubenv_has_label(i, "proposed"));
	assert_true(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(issues);
	assert_one_issue_per_change("2024-01-01");
}

/* The issue of draft SMC099 (branch head committed 2024-06-01) in the fake's
 * state, and its number. */
static cJSON *draft_issue(cJSON *issues, long *number)
{
	cJSON *i;
	cJSON_ArrayForEach(i, issues)
	{
		const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(i, "title"));
		if (t && strstr(t, "SMC-99")) {
			*number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
			return i;
		}
	}
	fail_msg("no issue for SMC-99");
	return NULL;
}

/* The comments of issue `number` in the fake's state (caller frees). */
static cJSON *issue_comments(long number)
{
	cJSON *state = fakegh_state(&env.fake), *c;
	char key[32];
	snprintf(key, sizeof(key), "%ld", number);
	c = cJSON_Duplicate(
	    cJSON_GetObjectItem(
	        cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments"), key),
	    1);
	cJSON_Delete(state);
	assert_non_null(c);
	return c;
}

/* A draft left standing (rules/noise.json's stale rule: newest commit more
 * than 365 days before the run's day, no date still to come) gets the label
 * `stale` on its issue, with one comment saying why, on the first run of the
 * day it becomes stale (2025-06-02 for a head of 2024-06-01; 2025-06-01 is
 * 365 days: not yet); the issue's body stays as it was and later runs send
 * it nothing. A new commit on the branch takes the label off again (the
 * update's comment says so); a label the officer added stays throughout. */
static void test_stale_draft_label(void **state)
{
	char up[4096], path[64];
	cJSON *issues, *i, *c, *out = NULL;
	const cJSON *label;
	char *body;
	pw_github *gh;
	long number = 0;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	pubenv_upstream(&env,
	                PUBENV_INITIAL_COMMIT
	                " && git push -q origin main && git checkout -q -b SMC099 && printf "
	                "'\\nThe CA SHALL lint.\\n' >> SBR.md && "
	                "GIT_COMMITTER_DATE=2024-06-01T00:00:00Z git commit -q -a -m 'Linting' "
	                "&& git push -q origin SMC099",
	                up, sizeof(up));
	pubenv_mirror(&env, up, "cabforum-smime");
	setenv("PKIWATCH_TODAY", "2025-06-01", 1);
	assert_int_equal(publish(NULL, NULL), 0);
	issues = fakegh_issues(&env.fake, NULL);
	i = draft_issue(issues, &number);
	assert_true(pubenv_has_label(i, "proposed"));
	assert_false(pubenv_has_label(i, "stale"));
	body = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(i, "body")));
	assert_non_null(body);
	cJSON_Delete(issues);
	assert_null(label_in_state("stale"));
	gh = client();
	snprintf(path, sizeof(path), "/issues/%ld/labels", number);
	c = cJSON_Parse("{\"labels\":[\"legal-review\"]}");
	assert_int_equal(pw_github_request(&out, gh, "POST", path, c), 0);
	cJSON_Delete(c);
	cJSON_Delete(out);
	pw_github_free(gh);

	/* the day it becomes stale: the comment, then the label */
	setenv("PKIWATCH_TODAY", "2025-06-02", 1);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	snprintf(path, sizeof(path), "/issues/%ld", number);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", path), 1);
	snprintf(path, sizeof(path), "/issues/%ld/comments", number);
	assert_int_equal(fakegh_count(&env.fake, "POST", path), 1);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/issues"), 0);
	issues = fakegh_issues(&env.fake, NULL);
	i = draft_issue(issues, &number);
	assert_true(pubenv_has_label(i, "stale"));
	assert_true(pubenv_has_label(i, "proposed"));
	assert_true(pubenv_has_label(i, "legal-review"));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "open");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "body")), body);
	cJSON_Delete(issues);
	label = label_in_state("stale");
	assert_non_null(label);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(label, "color")), "cfd3d7");
	tu_assert_has(cJSON_GetStringValue(cJSON_GetObjectItem(label, "description")),
	              "stale rule");
	c = issue_comments(number);
	assert_int_equal(cJSON_GetArraySize(c), 1);
	{
		const char *b =
		    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(c, 0), "body"));
		tu_assert_has(b, "<!-- pkiwatch:stale cabforum-smime@");
		tu_assert_has(b, "**Stale draft**: no commit for over a year and no date it "
		                 "proposes still to come (newest commit 2024-06-01; "
		                 "rules/noise.json: more than 365 days). This issue gets the "
		                 "label `stale`");
	}
	cJSON_Delete(c);

	/* the same day again, and the next: nothing for the draft's issue */
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	setenv("PKIWATCH_TODAY", "2025-06-03", 1);
	assert_int_equal(publish(NULL, NULL), 0);
	snprintf(path, sizeof(path), "/issues/%ld", number);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", path), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);

	/* the branch moves: updated, no longer stale */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "set -e; cd '%s/w' && echo 'The CA SHALL lint daily.' >> SBR.md "
	                       "&& GIT_COMMITTER_DATE=2025-06-03T00:00:00Z git commit -q -a -m "
	                       "'Lint daily' && git push -q origin SMC099",
	                       up),
	                 0);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", path), 1);
	issues = fakegh_issues(&env.fake, NULL);
	i = draft_issue(issues, &number);
	assert_false(pubenv_has_label(i, "stale"));
	assert_true(pubenv_has_label(i, "proposed"));
	assert_true(pubenv_has_label(i, "legal-review"));
	cJSON_Delete(issues);
	c = issue_comments(number);
	assert_int_equal(cJSON_GetArraySize(c), 2);
	tu_assert_has(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(c, 1), "body")),
	              "- no longer a stale draft: the label `stale` is taken off\n");
	cJSON_Delete(c);
	free(body);
}

/* GitHub refuses: one line naming the problem, never the token; nothing
 * created. */
static void test_github_errors(void **state)
{
	char *err = NULL;
	(void)state;
	start("2025-01-01", NULL);
	setenv("GITHUB_TOKEN", "ghp_wrongWrongWrong0123456789", 1);
	assert_int_equal(publish(NULL, &err), 1);
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_non_null(strstr(err, "401"));
	assert_null(strstr(err, "wrongWrong"));
	assert_int_equal(strchr(err, '\n') - err, (long)strlen(err) - 1);
	free(err);
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(publish(NULL, &err), 2);
	assert_non_null(strstr(err, "GITHUB_TOKEN"));
	free(err);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	/* the repository's labels cannot be listed: stops before any issue */
	fakegh_fault(&env.fake, "{\"action\":\"status\",\"status\":404,\"path\":\"/labels$\"}");
	assert_int_equal(publish(NULL, &err), 2);
	assert_non_null(strstr(err, "404"));
	free(err);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
}

/* An API server that accepts and says nothing: each request gives up after
 * network_timeout (here 1 s; 30 s by default), the run fails with one line
 * within a bounded time (`timeout 20` would make it 124), never the token. */
static void test_silent_api_bounded(void **state)
{
	char *err = NULL;
	tu_server h;
	(void)state;
	start("2025-01-01", NULL);
	tu_hostile_start(&h, NULL, 0);
	assert_int_equal(tu_sh(NULL, &err,
	                       "cd '%s' && timeout 20 env GITHUB_API_URL=http://127.0.0.1:%d "
	                       "PKIWATCH_NETWORK_TIMEOUT=1 PKIWATCH_GITHUB_BACKOFF_MS=0 '%s' "
	                       "--cache '%s' publish",
	                       env.repo, h.port, tu_bin(), env.cache),
	                 1);
	tu_assert_has(err, "pkiwatch: ");
	tu_assert_has(err, "timed out");
	tu_assert_lacks(err, FAKEGH_TOKEN);
	assert_int_equal(strchr(err, '\n') - err, (long)strlen(err) - 1);
	free(err);
	/* not a number of seconds: a usage error before any request */
	assert_int_equal(tu_sh(NULL, &err,
	                       "cd '%s' && env PKIWATCH_NETWORK_TIMEOUT=soon '%s' --cache '%s' "
	                       "publish",
	                       env.repo, tu_bin(), env.cache),
	                 2);
	tu_assert_has(err, "PKIWATCH_NETWORK_TIMEOUT");
	free(err);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	tu_server_stop(&h);
}

/* Another run publishing to the same repository on this machine holds the
 * publishing lock: this one waits for it (here not at all) and then fails
 * without a request; once it is free, publishing works. */
static void test_publishing_lock(void **state)
{
	char path[4096], *err = NULL;
	pw_lock *held = NULL;
	(void)state;
	start("2025-01-01", NULL);
	snprintf(path, sizeof(path), "%s/.publish-acme+compliance.lock", env.cache);
	assert_int_equal(pw_lock_acquire(&held, path, 0, NULL, NULL), 0);
	fakegh_clear_log(&env.fake);
	setenv("PKIWATCH_LOCK_TIMEOUT", "0", 1);
	assert_int_equal(publish(NULL, &err), 1);
	unsetenv("PKIWATCH_LOCK_TIMEOUT");
	tu_assert_has(err, "publishing to acme/compliance: ");
	tu_assert_has(err, "locked by another pkiwatch run");
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	free(err);
	pw_lock_release(held);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_true(fakegh_count(&env.fake, "POST", "/issues") > 0);
}

/* The number of the issue carrying change marker `id`, or the dashboard's
 * (id NULL). */
static long issue_number(const char *id)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	long n = 0;
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (b && (id ? pubenv_issue_with(issues, id) == i
		             : strstr(b, "<!-- pkiwatch:dashboard -->") != NULL))
			n = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	}
	cJSON_Delete(issues);
	return n;
}

/* An officer removed the pkiwatch label from a change's issue and from the
 * dashboard: the next publish finds both by their markers (one listing of
 * every issue more) and opens neither again; the change's issue gets its
 * label back, and a later run needs the two list requests only. */
static void test_label_removed(void **state)
{
	const char *id = "cabforum-smime@3340d6159641";
	char path[128];
	pw_github *gh;
	long number, dash;
	cJSON *out = NULL, *issues;
	(void)state;
	start("2025-01-01", NULL);
	assert_int_equal(publish(NULL, NULL), 0);
	number = issue_number(id);
	dash = issue_number(NULL);
	assert_true(number > 0 && dash > 0);
	gh = client();
	snprintf(path, sizeof(path), "/issues/%ld/labels/pkiwatch", number);
	assert_int_equal(pw_github_request(&out, gh, "DELETE", path, NULL), 0);
	cJSON_Delete(out);
	snprintf(path, sizeof(path), "/issues/%ld/labels/pkiwatch", dash);
	assert_int_equal(pw_github_request(&out, gh, "DELETE", path, NULL), 0);
	cJSON_Delete(out);
	pw_github_free(gh);
	issues = fakegh_issues(&env.fake, NULL);
	assert_false(pubenv_has_label(pubenv_issue_with(issues, id), "pkiwatch"));
	cJSON_Delete(issues);

	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/issues"), 0);
	/* the labelled listing, then every issue */
	assert_int_equal(fakegh_count(&env.fake, "GET", "/issues"), 2);
	assert_one_issue_per_change("2025-01-01");
	assert_int_equal(issue_number(id), number);
	assert_int_equal(issue_number(NULL), dash);
	print_message("label removed: %zu API calls to find the issues again\n",
	              fakegh_count(&env.fake, NULL, NULL));
	issues = fakegh_issues(&env.fake, NULL);
	assert_true(pubenv_has_label(pubenv_issue_with(issues, id), "pkiwatch"));
	cJSON_Delete(issues);
}

/* GitHub refuses one issue (422 for its create, then 500 on every attempt
 * for another's): the other issues and the dashboard are published, the
 * refused one is reported on stderr naming it, the exit status is 1, and a
 * re-run completes it. */
static void test_one_issue_refused(void **state)
{
	char *out = NULL, *err = NULL;
	cJSON *issues;
	(void)state;
	start("2024-01-01", NULL);
	setenv("PKIWATCH_GITHUB_BACKOFF_MS", "0", 1);
	fakegh_fault(&env.fake, "[{\"action\":\"status\",\"status\":422,\"method\":\"POST\","
	                        "\"path\":\"/issues$\",\"body\":{\"message\":\"Validation "
	                        "Failed\"}},{\"action\":\"status\",\"status\":500,\"method\":"
	                        "\"POST\",\"path\":\"/issues$\",\"skip\":1,\"count\":4}]");
	assert_int_equal(publish(&out, &err), 1);
	tu_assert_has(out, " created");
	tu_assert_has(err, "pkiwatch: issue for cabforum-smime:");
	tu_assert_has(err, "422");
	tu_assert_has(err, "500");
	tu_assert_has(err, "2 of ");
	tu_assert_has(err, "issues not published");
	issues = fakegh_issues(&env.fake, NULL);
	/* every other group's issue and the dashboard exist */
	if (cJSON_GetArraySize(issues) < 6)
		fail_msg("%d issues; out: %s; err: %s", cJSON_GetArraySize(issues), out, err);
	assert_true(issue_number(NULL) > 0);
	cJSON_Delete(issues);
	free(out);
	free(err);
	err = NULL;
	assert_int_equal(publish(NULL, &err), 0);
	assert_string_equal(err, "");
	free(err);
	unsetenv("PKIWATCH_GITHUB_BACKOFF_MS");
	assert_one_issue_per_change("2024-01-01");
}

/* The synthetic upstream of `commits` commits of one ballot (one issue),
 * mirrored, published once; the issue's body (borrowed from *issues, which
 * the caller frees). */
static const char *publish_large_group(cJSON **issues, int commits)
{
	char up[4096], script[2048];
	cJSON *i;
	const char *b = NULL;
	int n = 0;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	snprintf(script, sizeof(script),
	         PUBENV_INITIAL_COMMIT
	         " && git push -q origin main && awk 'BEGIN { for (i = 1; i <= %d; i++) { "
	         "t = sprintf(\"# S/MIME BR\\n\\n## 4.3.1 Issuance\\n\\nThe CA SHALL do thing "
	         "%%d.\\n\", "
	         "i); s = sprintf(\"Ballot SMC098: edit %%d\", i); printf \"commit "
	         "refs/heads/main\\ncommitter U <u@example.org> %%d +0000\\n\", 1717200000 + i; "
	         "printf \"data %%d\\n%%s\\n\", length(s) + 1, s; if (i == 1) print \"from "
	         "refs/heads/main^0\"; printf \"M 100644 inline SBR.md\\ndata %%d\\n%%s\\n\", "
	         "length(t), t } }' | git fast-import --quiet --force && git push -q origin main",
	         commits);
	pubenv_upstream(&env, script, up, sizeof(up));
	pubenv_mirror(&env, up, "cabforum-smime");
	assert_int_equal(publish(NULL, NULL), 0);
	*issues = fakegh_issues(&env.fake, NULL);
	cJSON_ArrayForEach(i, *issues)
	{
		const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (t && strstr(t, "<!-- pkiwatch:issue cabforum-smime:SMC-98 -->")) {
			b = t;
			n++;
		}
	}
	assert_int_equal(n, 1);
	return b;
}

/* 1,300 commits of one ballot (one issue): its body stays within
 * GitHub's 65,536 characters (the fake answers 422 above that, as GitHub
 * does), keeps its key, digest and state markers whole, says what it does
 * not show and where to see it, and a re-run leaves it alone. The per-change
 * markers are written for the newest changes only, as many as fit (the
 * group's marked ones), so that no fitting has to cut them. */
static void test_large_group_fits(void **state)
{
	cJSON *issues;
	const char *b;
	pw_issue_markers m;
	(void)state;
	b = publish_large_group(&issues, 1300);
	assert_true(strlen(b) <= 65536);
	tu_assert_has(b, "older changes (see `pkiwatch changes`)");
	tu_assert_has(b, "(every id: `pkiwatch changes --source cabforum-smime --drafts`)");
	tu_assert_has(b, "### `cabforum-smime@"); /* the newest changes shown */
	tu_assert_lacks(b, "hidden per-change markers");
	assert_int_equal(pw_issue_markers_parse(&m, b), 0);
	assert_string_equal(m.key, "cabforum-smime:SMC-98");
	assert_int_equal(strlen(m.digest), 40);
	assert_non_null(m.state);
	/* the state gives the 1,300 changes as a count and digest (they would
	 * take 36 KB), which leaves room for the newest changes' markers */
	tu_assert_has(m.state, "changes=~1300:");
	assert_true(m.nchanges > 200 && m.nchanges < 1300);
	pw_issue_markers_clear(&m);
	cJSON_Delete(issues);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
}

/* The same group with changes signed off, the 40 newest (marked) and the
 * oldest (beyond the marked ones): the body names the newest's decision, and
 * the publish runs after the sign-offs make no PATCH. Before the marker set
 * was bounded, fitting the body dropped the decided markers (they come
 * last), so every run found a decision missing and PATCHed the issue. */
static void test_large_group_rerun_no_patch(void **state)
{
	cJSON *issues, *ids, *i;
	const char *b = NULL, *newest, *oldest;
	char args[256], marker[128], path[64];
	long number = 0;
	(void)state;
	publish_large_group(&issues, 1300);
	cJSON_Delete(issues);
	ids = pubenv_change_ids(&env, "2024-01-01");
	assert_true(cJSON_GetArraySize(ids) > 1300); /* and the initial commit */
	newest = cJSON_GetStringValue(cJSON_GetArrayItem(ids, 0));
	oldest = cJSON_GetStringValue(cJSON_GetArrayItem(ids, cJSON_GetArraySize(ids) - 1));
	/* the 40 newest (their decided markers overflow what fitting kept of
	 * the body) and the oldest */
	{
		pw_buf a = PW_BUF_INIT;
		int k;
		assert_int_equal(pw_buf_puts(&a, "signoff"), 0);
		for (k = 0; k < 40; k++)
			assert_int_equal(
			    pw_buf_printf(&a, " %s",
			                  cJSON_GetStringValue(cJSON_GetArrayItem(ids, k))),
			    0);
		assert_int_equal(pw_buf_puts(&a, " --decision applicable"), 0);
		assert_int_equal(pubenv_run(&env, NULL, NULL, a.ptr), 0);
		pw_buf_clear(&a);
	}
	snprintf(args, sizeof(args), "signoff %s --decision not-applicable", oldest);
	assert_int_equal(pubenv_run(&env, NULL, NULL, args), 0);
	issues = fakegh_issues(&env.fake, NULL);
	cJSON_ArrayForEach(i, issues)
	{
		const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (t && strstr(t, "<!-- pkiwatch:issue cabforum-smime:SMC-98 -->")) {
			b = t;
			number = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(i, "number"));
		}
	}
	assert_non_null(b);
	assert_true(strlen(b) <= 65536);
	snprintf(marker, sizeof(marker), "<!-- pkiwatch:decided %s ", newest);
	tu_assert_has(b, marker);
	tu_assert_lacks(b, "hidden per-change markers");
	cJSON_Delete(issues);
	/* the dashboard follows the sign-offs once; the issue is left alone */
	snprintf(path, sizeof(path), "/issues/%ld", number);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", path), 0);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	cJSON_Delete(ids);
}

/* 2,400 commits of one ballot: naming every change, the state marker alone
 * would take 67 KB, more than GitHub allows a whole body (before it was
 * bounded, fitting the body failed and the issue was never published). The
 * state stays within PW_ISSUE_STATE_MAX, giving the changes as a count and
 * digest; the newest changes carry their markers; a re-run sends nothing. */
static void test_very_large_group_state_bounded(void **state)
{
	cJSON *issues, *ids;
	const char *b, *st;
	char marker[128];
	pw_issue_markers m;
	(void)state;
	b = publish_large_group(&issues, 2400);
	assert_true(strlen(b) <= 65536);
	assert_int_equal(pw_issue_markers_parse(&m, b), 0);
	assert_string_equal(m.key, "cabforum-smime:SMC-98");
	assert_non_null(st = m.state);
	assert_true(strlen(st) <= PW_ISSUE_STATE_MAX);
	assert_true(m.nchanges > 200 && m.nchanges < 2400);
	/* the group: every change but the initial commit, newest first; the
	 * state's digest is git's blob id of their ids joined by ',' */
	ids = pubenv_change_ids(&env, "2024-01-01");
	assert_int_equal(cJSON_GetArraySize(ids), 2401);
	{
		pw_buf list = PW_BUF_INIT, want = PW_BUF_INIT;
		char hex[41];
		int k;
		for (k = 0; k < 2400; k++)
			assert_int_equal(
			    pw_buf_printf(&list, "%s%s", k ? "," : "",
			                  cJSON_GetStringValue(cJSON_GetArrayItem(ids, k))),
			    0);
		assert_int_equal(pw_digest_data(hex, list.ptr, list.len), 0);
		assert_true(list.len > 65536); /* the list itself would not fit */
		assert_int_equal(pw_buf_printf(&want,
		                               "status=adopted changes=~2400:%s dates= "
		                               "tags=smime sections=4.3.1",
		                               hex),
		                 0);
		assert_string_equal(st, want.ptr);
		pw_buf_clear(&list);
		pw_buf_clear(&want);
	}
	snprintf(marker, sizeof(marker), "<!-- pkiwatch:change %s -->",
	         cJSON_GetStringValue(cJSON_GetArrayItem(ids, 0)));
	tu_assert_has(b, marker);
	cJSON_Delete(ids);
	pw_issue_markers_clear(&m);
	cJSON_Delete(issues);
	fakegh_clear_log(&env.fake);
	assert_int_equal(publish(NULL, NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_publish_twice, teardown),
	    cmocka_unit_test_teardown(test_killed_and_rerun, teardown),
	    cmocka_unit_test_teardown(test_lost_create, teardown),
	    cmocka_unit_test_teardown(test_fresh_cache_sync, teardown),
	    cmocka_unit_test_teardown(test_calls_with_150_issues, teardown),
	    cmocka_unit_test_teardown(test_update_and_comment, teardown),
	    cmocka_unit_test_teardown(test_dry_run, teardown),
	    cmocka_unit_test_teardown(test_injection, teardown),
	    cmocka_unit_test_teardown(test_github_errors, teardown),
	    cmocka_unit_test_teardown(test_silent_api_bounded, teardown),
	    cmocka_unit_test_teardown(test_publishing_lock, teardown),
	    cmocka_unit_test_teardown(test_draft_becomes_adopted, teardown),
	    cmocka_unit_test_teardown(test_stale_draft_label, teardown),
	    cmocka_unit_test_teardown(test_label_removed, teardown),
	    cmocka_unit_test_teardown(test_one_issue_refused, teardown),
	    cmocka_unit_test_teardown(test_large_group_fits, teardown),
	    cmocka_unit_test_teardown(test_large_group_rerun_no_patch, teardown),
	    cmocka_unit_test_teardown(test_very_large_group_state_bounded, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
