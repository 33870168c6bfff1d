/* Reminders posted by pkiwatch sync against the fake GitHub, on the real
 * cabforum-smime history (since 2024-01-01). The fake stamps issues with the
 * real time, so PKIWATCH_TODAY set days after it ages them; for the
 * missing-response warnings PKIWATCH_TODAY is put before the upstream dates. */
#include "testutil.h"

#include "fakegh.h"
#include "github/github.h"
#include "util/error.h"
#include "pubenv.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#define SMC5  "cabforum-smime@95ef9e6e81fb" /* 2024-09-15, 2025-03-15 */
#define SMC8  "cabforum-smime@bbdcd20cbd4e" /* 2025-07-15 */
#define SMC10 "cabforum-smime@ccbc0c2c7971" /* 2025-03-15, 2025-05-15 */

static pubenv env;

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

/* "reminders": "issues" in pkiwatch.json: one comment per issue (the tests
 * below but test_weekly_digest; the default is the digest). */
static void on_issues(void)
{
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && sed -i 's/^{/{\"reminders\":\"issues\",/' pkiwatch.json",
	                       env.repo),
	                 0);
}

/* The compliance repository with valid TSP profiles (the warnings read
 * them); sync clones into the empty cache from
 * $PKIWATCH_UPSTREAM, which is only read. */
static void start(void)
{
	pubenv_start(&env, "2024-01-01", NULL, PUBENV_REAL | PUBENV_TSPS_VALID);
	on_issues();
}

/* PKIWATCH_TODAY = the day the fake stamped on its first issue plus `days`
 * (the real clock's day before there is one): counting from the fake's own
 * stamp, a run across midnight UTC does not shift the ages by one. */
static void today_plus(long days)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	const char *stamp = NULL;
	char d[11];
	time_t t = time(NULL);
	struct tm tm;
	cJSON_ArrayForEach(i, issues)
	{
		const cJSON *n = cJSON_GetObjectItem(i, "number");
		if (cJSON_IsNumber(n) && n->valuedouble == 1)
			stamp = cJSON_GetStringValue(cJSON_GetObjectItem(i, "created_at"));
	}
	if (stamp) {
		memset(&tm, 0, sizeof(tm));
		assert_int_equal(sscanf(stamp, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday),
		                 3);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 12;
		t = timegm(&tm);
	}
	cJSON_Delete(issues);
	t += days * 86400;
	gmtime_r(&t, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	setenv("PKIWATCH_TODAY", d, 1);
}

static void sync_ok(char **out)
{
	char *err = NULL;
	if (pubenv_run(&env, out, &err, "sync --step-summary ../summary.md") != 0)
		fail_msg("sync: %s", err);
	free(err);
}

/* Comments holding `needle` on issue `number` (0: every issue). */
static size_t comments_with(long number, const char *needle)
{
	cJSON *state = fakegh_state(&env.fake), *all, *list, *c;
	size_t n = 0;
	all = cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments");
	cJSON_ArrayForEach(list, all)
	{
		if (number && strtol(list->string, NULL, 10) != number)
			continue;
		cJSON_ArrayForEach(c, list)
		{
			const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(c, "body"));
			n += b && strstr(b, needle) != NULL;
		}
	}
	cJSON_Delete(state);
	return n;
}

/* The comment bodies on issue `number` holding `needle`, joined. */
static char *comment_text(long number, const char *needle)
{
	cJSON *state = fakegh_state(&env.fake), *list, *c;
	char key[32];
	size_t len = 1;
	char *s = calloc(1, 1);
	snprintf(key, sizeof(key), "%ld", number);
	list = cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments"), key);
	cJSON_ArrayForEach(c, list)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(c, "body"));
		if (!b || !strstr(b, needle))
			continue;
		len += strlen(b) + 1;
		s = realloc(s, len);
		strcat(s, b);
		strcat(s, "\n");
	}
	cJSON_Delete(state);
	return s;
}

static long issue_of(const char *change)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i = pubenv_issue_with(issues, change);
	long n;
	assert_non_null(i);
	n = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	cJSON_Delete(issues);
	return n;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t k = 0;
	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		k++;
	return k;
}

/* The last run's report in the job summary (sync --step-summary ../summary.md). */
static char *last_report(void)
{
	char *path = malloc(strlen(env.dir) + 16), *all, *last, *p, *s;
	sprintf(path, "%s/summary.md", env.dir);
	all = tu_read(path);
	free(path);
	assert_non_null(all);
	for (last = all; (p = strstr(last + 1, "## pkiwatch sync: "));)
		last = p;
	s = strdup(last);
	free(all);
	return s;
}

/* Closes issue `number` as a person would on GitHub (through the fake's API). */
static void close_by_hand(long number)
{
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	pw_github *gh = NULL;
	cJSON *req = cJSON_CreateObject(), *res = NULL;
	char path[64];
	o.api_url = env.fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	if (pw_github_new(&gh, &o) < 0)
		fail_msg("pw_github_new: %s", pw_error_last());
	cJSON_AddStringToObject(req, "state", "closed");
	snprintf(path, sizeof(path), "/issues/%ld", number);
	if (pw_github_request(&res, gh, "PATCH", path, req) < 0)
		fail_msg("close #%ld: %s", number, pw_error_last());
	cJSON_Delete(req);
	cJSON_Delete(res);
	pw_github_free(gh);
}

#define SIGNOFF_MARK "<!-- pkiwatch:remind signoff "

/* Sign-off reminders: none before remind_after_days (7), one per issue in
 * each interval after, none for a re-run in the same interval, none on a
 * signed-off issue. */
static void test_signoff_reminders(void **state)
{
	char *out = NULL, *summary, *sp, *text, *err = NULL;
	size_t n;
	long smc10;
	(void)state;
	start();
	today_plus(0);
	sync_ok(&out);
	assert_non_null(
	    strstr(out, "reminders: 0 posted, 0 already posted this interval; 0 GitHub requests"));
	free(out);
	n = pubenv_change_issues(&env, NULL);
	assert_true(n >= 9);
	assert_int_equal(pubenv_change_issues(&env, "needs-signoff"), n);
	assert_int_equal(comments_with(0, SIGNOFF_MARK), 0);

	today_plus(6); /* not yet */
	sync_ok(NULL);
	assert_int_equal(comments_with(0, SIGNOFF_MARK), 0);

	today_plus(8); /* interval 1: one comment per issue */
	sync_ok(&out);
	assert_int_equal(comments_with(0, SIGNOFF_MARK), n);
	assert_int_equal(comments_with(0, "every 7 days, interval 1 -->"), n);
	free(out);
	smc10 = issue_of(SMC10);
	text = comment_text(smc10, SIGNOFF_MARK);
	assert_non_null(strstr(text, "waited **8 days** for sign-off"));
	assert_non_null(strstr(text, "Maria Jansen (@mjansen)"));
	assert_non_null(strstr(text, "pkiwatch signoff " SMC10 " --decision "));
	free(text);
	sp = malloc(strlen(env.dir) + 16);
	sprintf(sp, "%s/summary.md", env.dir);
	summary = tu_read(sp);
	assert_non_null(strstr(summary, "### Reminders posted"));
	{ /* the last report lists them */
		const char *last = summary, *p;
		while ((p = strstr(last + 1, "## pkiwatch sync: ")))
			last = p;
		assert_int_equal(count_of(last, "| sign-off: waiting 8 days |"), n);
	}
	free(summary);

	/* the same day again, and later in the same interval: nothing */
	fakegh_clear_log(&env.fake);
	sync_ok(&out);
	assert_non_null(strstr(out, "reminders: 0 posted, "));
	free(out);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), 0);
	today_plus(13);
	sync_ok(NULL);
	assert_int_equal(comments_with(0, SIGNOFF_MARK), n);

	/* signed off: no more reminders there; the others get interval 2 */
	assert_int_equal(pubenv_run(&env, NULL, &err, "signoff " SMC10 " --decision applicable"),
	                 0);
	free(err);
	{ /* SMC-10 is alone in its issue: the sign-off completed it */
		cJSON *issues = fakegh_issues(&env.fake, NULL);
		assert_true(pubenv_has_label(pubenv_issue_with(issues, SMC10), "signed-off"));
		cJSON_Delete(issues);
	}
	today_plus(14);
	sync_ok(NULL);
	assert_int_equal(comments_with(0, "every 7 days, interval 2 -->"), n - 1);
	assert_int_equal(comments_with(smc10, "every 7 days, interval 2 -->"), 0);
	assert_int_equal(comments_with(smc10, SIGNOFF_MARK), 1);
	free(sp);
}

#define RESP_MARK   "<!-- pkiwatch:remind responses "
#define DIGEST_MARK "<!-- pkiwatch:digest every 7 days, period "

static long dashboard(void);

/* Missing TSP responses within warn_before_days of a signed-off change's
 * effective date: the reminder names exactly the TSPs that have not answered
 * (in the job summary); none outside the window, none for a change signed off
 * not-applicable; once per interval. The issues are closed at sign-off (each
 * change is alone in its issue): with "reminders": "issues" nothing is
 * commented on them (issue 15: "responses missing" reminders landed on issues
 * closed at sign-off); the items go into the digest on the dashboard. */
static void test_missing_response_warnings(void **state)
{
	char *text, *out = NULL, *err = NULL, line[256];
	long smc10, smc8, dash;
	(void)state;
	start();
	setenv("PKIWATCH_TODAY", "2025-03-01", 1); /* before the issues exist: no sign-off
	                                              reminders */
	sync_ok(NULL);
	dash = dashboard();
	assert_int_equal(pubenv_run(&env, NULL, &err,
	                            "signoff " SMC10
	                            " --decision applicable --tsp ministry --tsp northwind"),
	                 0);
	free(err);
	err = NULL;
	assert_int_equal(
	    pubenv_run(&env, NULL, &err, "signoff " SMC8 " --decision applicable --tsp ministry"),
	    0);
	free(err);
	err = NULL;
	assert_int_equal(pubenv_run(&env, NULL, &err, "signoff " SMC5 " --decision not-applicable"),
	                 0);
	free(err);
	err = NULL;
	if (pubenv_run(&env, NULL, &err,
	               "respond --tsp northwind --change " SMC10
	               " --impact low --days 10 --meets-date yes") != 0)
		fail_msg("respond: %s", err);
	free(err);
	smc10 = issue_of(SMC10);
	smc8 = issue_of(SMC8);
	{ /* the sign-offs closed them */
		cJSON *issues = fakegh_issues(&env.fake, NULL);
		tu_assert_has(cJSON_GetStringValue(
		                  cJSON_GetObjectItem(pubenv_issue_with(issues, SMC10), "state")),
		              "closed");
		cJSON_Delete(issues);
	}

	fakegh_clear_log(&env.fake);
	sync_ok(&out);
	tu_assert_has(out, "reminders: 0 posted, 0 already posted this interval; closed issues: "
	                   "2 items in the digest, posted on the dashboard;");
	free(out);
	/* 2025-03-15 (14 days) and 2025-05-15 (75 days) are both within 90: in
	 * the digest, nothing on the closed issues */
	assert_int_equal(comments_with(0, RESP_MARK), 0);
	assert_int_equal(comments_with(smc10, "Reminder"), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), 1);
	assert_int_equal(comments_with(dash, DIGEST_MARK "1312 -->"), 1);
	text = comment_text(dash, DIGEST_MARK "1312 -->");
	tu_assert_has(text, "2 effective dates near with TSP answers missing");
	snprintf(line, sizeof(line),
	         "| 2025-03-15 | 14 days | #%ld [cabforum-smime] SMC-10: ", smc10);
	tu_assert_has(text, line);
	tu_assert_has(text, "| 2025-05-15 | 75 days | ");
	assert_int_equal(count_of(text, " | 1 |\n"), 2); /* Ministry only: Northwind answered */
	/* SMC-8's 2025-07-15 is 136 days away; SMC-5 does not apply */
	snprintf(line, sizeof(line), "#%ld ", smc8);
	tu_assert_lacks(text, line);
	snprintf(line, sizeof(line), "#%ld ", issue_of(SMC5));
	tu_assert_lacks(text, line);
	free(text);
	text = last_report(); /* the job summary names the TSPs */
	tu_assert_has(text, "(closed; in the digest) | responses missing, effective 2025-03-15 "
	                    "(in 14 days): Ministry PKI |");
	tu_assert_has(text, "(closed; in the digest) | responses missing, effective 2025-05-15 "
	                    "(in 75 days): Ministry PKI |");
	tu_assert_lacks(text, "Northwind"); /* it answered */
	free(text);

	/* the same day again: nothing */
	fakegh_clear_log(&env.fake);
	sync_ok(NULL);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), 0);

	/* a week later: the next digest */
	setenv("PKIWATCH_TODAY", "2025-03-08", 1);
	sync_ok(NULL);
	assert_int_equal(comments_with(dash, DIGEST_MARK "1313 -->"), 1);
	/* 2025-05-16: SMC-10's dates have passed; SMC-8's 2025-07-15 (60 days)
	 * entered the window */
	setenv("PKIWATCH_TODAY", "2025-05-16", 1);
	sync_ok(NULL);
	text = comment_text(dash, DIGEST_MARK "1323 -->");
	tu_assert_has(text, "1 effective date near with TSP answers missing");
	snprintf(line, sizeof(line),
	         "| 2025-07-15 | 60 days | #%ld [cabforum-smime] SMC-8: ", smc8);
	tu_assert_has(text, line);
	tu_assert_lacks(text, "2025-03-15");
	free(text);
	assert_int_equal(comments_with(0, RESP_MARK), 0);
	assert_int_equal(comments_with(smc8, "Reminder"), 0);
}

/* An issue closed by hand before its sign-off: with "reminders": "issues"
 * its sign-off reminder is not a comment on it (issue 15: no reminders on
 * closed issues) but an item of the digest on the dashboard; the open issues
 * get theirs. */
static void test_closed_by_hand_in_digest(void **state)
{
	char *out = NULL, *text, line[128];
	size_t n;
	long smc10, dash;
	(void)state;
	start();
	today_plus(0);
	sync_ok(NULL);
	n = pubenv_change_issues(&env, NULL);
	smc10 = issue_of(SMC10);
	dash = dashboard();
	close_by_hand(smc10);
	today_plus(8);
	fakegh_clear_log(&env.fake);
	sync_ok(&out);
	snprintf(line, sizeof(line),
	         "reminders: %zu posted, 0 already posted this interval; closed issues: 1 item in "
	         "the digest, posted on the dashboard;",
	         n - 1);
	tu_assert_has(out, line);
	free(out);
	assert_int_equal(comments_with(smc10, "<!-- pkiwatch:remind"), 0);
	assert_int_equal(comments_with(0, SIGNOFF_MARK), n - 1);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), n);
	{ /* still closed: publishing did not reopen it */
		cJSON *issues = fakegh_issues(&env.fake, NULL);
		tu_assert_has(cJSON_GetStringValue(
		                  cJSON_GetObjectItem(pubenv_issue_with(issues, SMC10), "state")),
		              "closed");
		cJSON_Delete(issues);
	}
	text = comment_text(dash, DIGEST_MARK);
	tu_assert_has(text, "1 issue waiting for sign-off");
	snprintf(line, sizeof(line), "| #%ld [cabforum-smime] SMC-10: ", smc10);
	tu_assert_has(text, line);
	assert_int_equal(count_of(text, " | 8 |\n"), 1);
	free(text);
	/* the same day again: nothing */
	fakegh_clear_log(&env.fake);
	sync_ok(NULL);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), 0);
}

/* A dry run writes the reminders to the outbox and sends nothing. */
static void test_dry_run_reminders(void **state)
{
	char *err = NULL, *grep = NULL;
	(void)state;
	start();
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	sync_ok(NULL);
	assert_int_equal(
	    pubenv_run(&env, NULL, &err, "signoff " SMC10 " --decision applicable --tsp ministry"),
	    0);
	free(err);
	err = NULL;
	fakegh_clear_log(&env.fake);
	if (pubenv_run(&env, NULL, &err, "sync --dry-run --outbox ../box") != 0)
		fail_msg("sync --dry-run: %s", err);
	free(err);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(comments_with(0, RESP_MARK), 0);
	/* SMC-10's issue is closed: the reminder is in the dashboard's digest */
	assert_int_equal(tu_sh(&grep, NULL,
	                       "grep -l '| 2025-03-15 | 14 days | #' $(grep -l "
	                       "'pkiwatch:digest every 7 days, period 1312' '%s'/box/*comments*)",
	                       env.dir),
	                 0);
	assert_non_null(strstr(grep, "POST"));
	free(grep);
}

/* remind_after_days from the configuration. */
static void test_configured_interval(void **state)
{
	(void)state;
	start();
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && sed -i 's/\"since\"/\"remind_after_days\":3,\"since\"/' "
	                       "pkiwatch.json",
	                       env.repo),
	                 0);
	today_plus(0);
	sync_ok(NULL);
	today_plus(3);
	sync_ok(NULL);
	assert_int_equal(comments_with(0, "every 3 days, interval 1 -->"),
	                 pubenv_change_issues(&env, NULL));
	today_plus(5);
	sync_ok(NULL);
	assert_int_equal(comments_with(0, "every 3 days, interval 2 -->"), 0);
}

/* A reminder whose answer is lost (GitHub made the comment) or that meets
 * a 502 is not posted twice. */
static void test_lost_reminder_not_doubled(void **state)
{
	size_t n;
	(void)state;
	start();
	today_plus(0);
	sync_ok(NULL);
	n = pubenv_change_issues(&env, NULL);
	fakegh_fault(&env.fake, "[{\"action\":\"lost\",\"method\":\"POST\","
	                        "\"path\":\"/comments$\"},{\"action\":\"status\",\"status\":502,"
	                        "\"method\":\"POST\",\"path\":\"/comments$\",\"skip\":1}]");
	today_plus(8);
	fakegh_clear_log(&env.fake);
	sync_ok(NULL);
	{ /* both faults hit */
		cJSON *log = fakegh_log(&env.fake), *e;
		int lost = 0, bad = 0;
		cJSON_ArrayForEach(e, log)
		{
			const char *f = cJSON_GetStringValue(cJSON_GetObjectItem(e, "fault"));
			lost += f && strcmp(f, "lost") == 0;
			bad += f && strcmp(f, "status") == 0;
		}
		cJSON_Delete(log);
		assert_int_equal(lost, 1);
		assert_int_equal(bad, 1);
	}
	assert_int_equal(comments_with(0, SIGNOFF_MARK), n);
	{
		cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
		cJSON_ArrayForEach(i, issues)
		{
			long number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
			const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
			if (strstr(b, "<!-- pkiwatch:issue "))
				assert_int_equal(comments_with(number, SIGNOFF_MARK), 1);
		}
		cJSON_Delete(issues);
	}
}

/* API calls of sync with 150 other pkiwatch issues in the repository: the
 * reminders add one comment list per due reminder, plus the comment when
 * it is new. */
static void test_calls_with_150_issues(void **state)
{
	size_t n, calls0, calls_due, calls_again;
	(void)state;
	pubenv_start(&env, "2024-01-01", ((const char *const[]){"--seed", "150", NULL}),
	             PUBENV_REAL | PUBENV_TSPS_VALID);
	on_issues();
	today_plus(0);
	sync_ok(NULL);
	n = pubenv_change_issues(&env, NULL);
	fakegh_clear_log(&env.fake);
	sync_ok(NULL);
	calls0 = fakegh_count(&env.fake, NULL, NULL);
	assert_int_equal(calls0, 3); /* two pages of issues, one of labels */
	today_plus(8);
	fakegh_clear_log(&env.fake);
	sync_ok(NULL);
	calls_due = fakegh_count(&env.fake, NULL, NULL);
	assert_int_equal(fakegh_count(&env.fake, "GET", "/comments"), n);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), n);
	/* + the dashboard's update (its ages changed) */
	assert_int_equal(calls_due, 3 + 1 + 2 * n);
	fakegh_clear_log(&env.fake);
	sync_ok(NULL);
	calls_again = fakegh_count(&env.fake, NULL, NULL);
	assert_int_equal(calls_again, 3 + n);
	print_message("sync API calls, 150 other pkiwatch issues + %zu change issues: %zu with "
	              "nothing due; %zu when %zu sign-off reminders are due; %zu re-run the same "
	              "day\n",
	              n, calls0, calls_due, n, calls_again);
}

/* The dashboard issue's number. */
static long dashboard(void)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	long n = 0;
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (b && strstr(b, "<!-- pkiwatch:dashboard -->"))
			n = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	}
	cJSON_Delete(issues);
	assert_true(n > 0);
	return n;
}

/* The default: one digest comment on the dashboard per week instead of a
 * comment per waiting issue; the officers named once; nothing on any change
 * issue, also not on one closed at sign-off whose TSP answers are missing. */
static void test_weekly_digest(void **state)
{
	char *out = NULL, *text, *err = NULL, line[256];
	size_t n;
	long dash, smc10;
	(void)state;
	pubenv_start(&env, "2024-01-01", NULL, PUBENV_REAL | PUBENV_TSPS_VALID);
	today_plus(0);
	sync_ok(&out);
	tu_assert_has(out, "digest: nothing waits; 0 GitHub requests\n");
	free(out);
	n = pubenv_change_issues(&env, NULL);
	assert_true(n >= 9);
	dash = dashboard();

	today_plus(8);
	fakegh_clear_log(&env.fake);
	sync_ok(&out);
	snprintf(line, sizeof(line), "digest: %zu items, posted on the dashboard;", n);
	tu_assert_has(out, line);
	free(out);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), 1);
	assert_int_equal(comments_with(0, "<!-- pkiwatch:"), 1); /* the digest, nothing else */
	assert_int_equal(comments_with(dash, DIGEST_MARK), 1);
	text = comment_text(dash, DIGEST_MARK);
	snprintf(line, sizeof(line), "%zu issues waiting for sign-off", n);
	tu_assert_has(text, line);
	assert_int_equal(count_of(text, "@mjansen"), 1);
	smc10 = issue_of(SMC10);
	snprintf(line, sizeof(line), "| #%ld [cabforum-smime] SMC-10: ", smc10);
	tu_assert_has(text, line);
	assert_int_equal(count_of(text, " | 8 |\n"), n);
	free(text);
	{ /* the dashboard counts the wait as the digest does (it said ~500 days: the
	   * upstream dates of 2024) */
		cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
		cJSON_ArrayForEach(i, issues)
		{
			const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
			if (b && strstr(b, "<!-- pkiwatch:dashboard -->")) {
				/* every adopted one (the drafts are listed apart) */
				assert_true(count_of(b, " — waiting 8 days (since ") >= n - 2);
				tu_assert_lacks(b, "(since 2024-");
				tu_assert_lacks(b, "(since 2025-");
			}
		}
		cJSON_Delete(issues);
	}
	/* the same day: nothing; a week later: the next digest */
	fakegh_clear_log(&env.fake);
	sync_ok(&out);
	tu_assert_has(out, "posted already this period");
	free(out);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/comments"), 0);
	today_plus(15);
	sync_ok(NULL);
	assert_int_equal(comments_with(dash, DIGEST_MARK), 2);
	assert_int_equal(comments_with(0, "<!-- pkiwatch:remind"), 0);

	/* answers missing for a change signed off (its issue closed): in the
	 * digest, counted, not on the closed issue */
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	assert_int_equal(pubenv_run(&env, NULL, &err,
	                            "signoff " SMC10
	                            " --decision applicable --tsp ministry --tsp northwind"),
	                 0);
	free(err);
	sync_ok(&out);
	tu_assert_has(out, "digest: 2 items, posted on the dashboard;");
	free(out);
	assert_int_equal(comments_with(smc10, "<!-- pkiwatch:remind"), 0);
	assert_int_equal(comments_with(smc10, "Reminder"), 0);
	text =
	    comment_text(dash, DIGEST_MARK "1312 -->"); /* 2025-03-01: week 1312 from 2000-01-03 */
	tu_assert_has(text, "2 effective dates near with TSP answers missing");
	snprintf(line, sizeof(line),
	         "| 2025-03-15 | 14 days | #%ld [cabforum-smime] SMC-10: ", smc10);
	tu_assert_has(text, line);
	tu_assert_has(text, "| 2025-05-15 | 75 days | ");
	tu_assert_has(text, " | 2 |\n");
	tu_assert_lacks(text, "Ministry");
	tu_assert_lacks(text, "Northwind");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_signoff_reminders, teardown),
	    cmocka_unit_test_teardown(test_missing_response_warnings, teardown),
	    cmocka_unit_test_teardown(test_closed_by_hand_in_digest, teardown),
	    cmocka_unit_test_teardown(test_dry_run_reminders, teardown),
	    cmocka_unit_test_teardown(test_configured_interval, teardown),
	    cmocka_unit_test_teardown(test_lost_reminder_not_doubled, teardown),
	    cmocka_unit_test_teardown(test_calls_with_150_issues, teardown),
	    cmocka_unit_test_teardown(test_weekly_digest, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
