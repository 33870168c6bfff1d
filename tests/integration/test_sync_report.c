/* pkiwatch sync --outputs / --step-summary (the GitHub Action's report)
 * against the fake GitHub, on the real cabforum-smime history (since
 * 2024-01-01) mirrored afresh by sync itself, and on a synthetic upstream
 * whose subject attacks the Markdown table. */
#include "testutil.h"

#include "fakegh.h"
#include "pubenv.h"

#include <string.h>
#include <unistd.h>

#define SMC10 "cabforum-smime@ccbc0c2c7971"

static pubenv env;
static char *saved_upstream;

static int setup(void **state)
{
	const char *u = getenv("PKIWATCH_UPSTREAM");
	(void)state;
	free(saved_upstream);
	saved_upstream = u ? strdup(u) : NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	if (saved_upstream)
		setenv("PKIWATCH_UPSTREAM", saved_upstream, 1);
	else
		unsetenv("PKIWATCH_UPSTREAM");
	free(saved_upstream);
	saved_upstream = NULL;
	return 0;
}

/* The compliance repository on the real smime history; sync clones the
 * mirror into the (empty) cache from $PKIWATCH_UPSTREAM: the shared
 * upstream copy is only ever read. */
static void start(const char *today, const char *const *fake_args)
{
	/* valid TSP profiles: a signed-off change's reminders read them */
	pubenv_start(&env, "2024-01-01", fake_args, PUBENV_REAL | PUBENV_TSPS_VALID);
	setenv("PKIWATCH_TODAY", today, 1);
}

static char *path_in(const char *name)
{
	char *p = malloc(strlen(env.dir) + strlen(name) + 2);
	sprintf(p, "%s/%s", env.dir, name);
	return p;
}

static int sync_run(char **out, char **err, const char *extra)
{
	char args[512];
	snprintf(args, sizeof(args),
	         "sync --outputs ../outputs.txt --step-summary ../summary.md %s",
	         extra ? extra : "");
	return pubenv_run(&env, out, err, args);
}

/* The value of the last "key=" line of `text` (static buffer). */
static const char *output_value(const char *text, const char *key)
{
	static char v[64];
	const char *p = text, *hit = NULL;
	size_t klen = strlen(key);
	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			hit = p + klen + 1;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	if (!hit)
		fail_msg("no %s= line in:\n%s", key, text);
	snprintf(v, sizeof(v), "%.*s", (int)strcspn(hit, "\n"), hit);
	return v;
}

static long output_long(const char *text, const char *key)
{
	return strtol(output_value(text, key), NULL, 10);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

/* Outputs and summary appended, values from the fake's state and the
 * upstream text; a second run creates nothing; a sign-off lowers the
 * awaiting count by one. */
static void test_outputs_and_summary(void **state)
{
	char *outputs = NULL, *summary = NULL, *po, *ps, *err = NULL, *out = NULL, *git = NULL;
	cJSON *issues, *i;
	size_t n;
	(void)state;
	start("2025-03-20", NULL);
	po = path_in("outputs.txt");
	ps = path_in("summary.md");
	tu_write(po, "earlier-step=kept\n");
	tu_write(ps, "# An earlier step\n");

	if (sync_run(&out, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	outputs = tu_read(po);
	summary = tu_read(ps);
	/* appended: what was there is kept, first */
	assert_int_equal(strncmp(outputs, "earlier-step=kept\nnew-changes=", 30), 0);
	assert_int_equal(strncmp(summary, "# An earlier step\n## pkiwatch sync: ", 36), 0);
	n = pubenv_change_issues(&env, NULL);
	assert_true(n >= 9);
	assert_int_equal(output_long(outputs, "new-changes"), n);
	assert_int_equal(output_long(outputs, "updated-changes"), 0);
	assert_int_equal(output_long(outputs, "awaiting-signoff"),
	                 pubenv_change_issues(&env, "needs-signoff"));
	/* After 2025-03-20 the soonest date is SMC09's second one: its revision
	 * row "WebTrust audits SHALL include WebTrust for Network Security |
	 * April 1, 2025" (its first date, March 15, 2025, has passed). */
	assert_int_equal(tu_sh(&git, NULL,
	                       "git -C '%s/cabforum-smime.git' show 128ba3851744 -- SBR.md | grep "
	                       "-c 'WebTrust for Network Security  | April 1, 2025 |'",
	                       tu_upstream()),
	                 0);
	free(git);
	assert_string_equal(output_value(outputs, "next-effective-date"), "2025-04-01");
	/* the summary links every change issue (the API's html_url) */
	issues = fakegh_issues(&env.fake, NULL);
	cJSON_ArrayForEach(i, issues)
	{
		char link[256];
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		long number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
		if (!strstr(b, "<!-- pkiwatch:issue "))
			continue;
		snprintf(link, sizeof(link), "[#%ld](https://github.example/%s/issues/%ld)", number,
		         FAKEGH_REPO, number);
		if (!strstr(summary, link))
			fail_msg("no link %s in:\n%s", link, summary);
	}
	cJSON_Delete(issues);
	assert_non_null(strstr(summary, "### New and updated changes"));
	assert_non_null(strstr(summary, "### Awaiting sign-off ("));
	assert_non_null(strstr(summary, "| 2025-04-01 | 12 days | "));
	assert_int_equal(count_of(summary, "| new | "), n);
	free(out);
	free(err);
	out = err = NULL;

	/* second run the same day: nothing new, the files grow by one report */
	if (sync_run(&out, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	free(outputs);
	free(summary);
	outputs = tu_read(po);
	summary = tu_read(ps);
	assert_int_equal(count_of(outputs, "new-changes="), 2);
	assert_int_equal(count_of(summary, "## pkiwatch sync: "), 2);
	assert_int_equal(output_long(outputs, "new-changes"), 0);
	assert_int_equal(output_long(outputs, "updated-changes"), 0);
	assert_int_equal(output_long(outputs, "awaiting-signoff"), n);
	assert_non_null(strstr(strstr(summary, "# An earlier step\n## pkiwatch sync: ") + 10,
	                       "No new or updated changes."));
	free(out);
	free(err);
	out = err = NULL;

	/* a sign-off: one fewer awaits it */
	assert_int_equal(pubenv_run(&env, NULL, &err, "signoff " SMC10 " --decision applicable"),
	                 0);
	free(err);
	err = NULL;
	if (sync_run(&out, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	free(outputs);
	outputs = tu_read(po);
	assert_int_equal(output_long(outputs, "awaiting-signoff"), n - 1);
	assert_int_equal(pubenv_change_issues(&env, "needs-signoff"), n - 1);
	assert_string_equal(output_value(outputs, "next-effective-date"), "2025-04-01");
	free(out);
	free(err);
	free(outputs);
	free(summary);
	free(po);
	free(ps);
}

/* A dry run counts what it would create, links nothing, sends nothing. */
static void test_dry_run_report(void **state)
{
	char *outputs, *summary, *po, *ps, *out = NULL, *err = NULL;
	size_t n;
	(void)state;
	start("2025-03-01", NULL);
	/* the real run first, to know the number of issues */
	if (sync_run(NULL, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	free(err);
	err = NULL;
	n = pubenv_change_issues(&env, NULL);
	po = path_in("outputs.txt");
	ps = path_in("summary.md");
	unlink(po);
	unlink(ps);
	fakegh_clear_log(&env.fake);
	if (sync_run(&out, &err, "--dry-run --outbox ../box") != 0)
		fail_msg("sync --dry-run: %s", err);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	outputs = tu_read(po);
	summary = tu_read(ps);
	assert_non_null(outputs);
	assert_int_equal(output_long(outputs, "new-changes"), n);
	assert_int_equal(output_long(outputs, "awaiting-signoff"), n);
	/* SMC-9/SMC-10/... dates of 2025-03-15 are the soonest from 2025-03-01 */
	assert_string_equal(output_value(outputs, "next-effective-date"), "2025-03-15");
	assert_non_null(strstr(summary, "Dry run"));
	assert_non_null(strstr(summary, "| (dry run) |"));
	assert_null(strstr(summary, "](https://"));
	free(outputs);
	free(summary);
	free(po);
	free(ps);
	free(out);
	free(err);
}

/* No upcoming date: the output is there, empty. */
static void test_no_upcoming_date(void **state)
{
	char *outputs, *po, *err = NULL;
	(void)state;
	start("2026-01-01", NULL); /* after every date the smime history states */
	if (sync_run(NULL, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	po = path_in("outputs.txt");
	outputs = tu_read(po);
	assert_non_null(strstr(outputs, "\nnext-effective-date=\n"));
	free(outputs);
	free(po);
	free(err);
}

/* Issue numbers in GitHub's answer that are not whole positive numbers
 * (huge, negative, fractional) are no issues: pkiwatch never writes to
 * /issues/-4 or truncates 2.5 into issue 2 (a change issue this run opens,
 * whose body the dashboard would overwrite); it opens a dashboard of its own. */
static void test_odd_issue_numbers(void **state)
{
	cJSON *log, *e, *issues, *i;
	char *err = NULL;
	size_t dashboards = 0;
	(void)state;
	start("2025-03-01", NULL);
	fakegh_fault(
	    &env.fake,
	    "{\"action\":\"status\",\"status\":200,\"method\":\"GET\","
	    "\"path\":\"/issues$\",\"body\":["
	    "{\"number\":1e300,\"state\":\"open\",\"body\":\"<!-- pkiwatch:dashboard -->\"},"
	    "{\"number\":-4,\"state\":\"open\",\"body\":\"<!-- pkiwatch:dashboard -->\"},"
	    "{\"number\":2.5,\"state\":\"open\",\"body\":\"<!-- pkiwatch:dashboard -->\"},"
	    "{\"number\":\"3\",\"state\":\"open\",\"body\":\"<!-- pkiwatch:dashboard -->\"}]}");
	if (sync_run(NULL, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	free(err);
	log = fakegh_log(&env.fake);
	cJSON_ArrayForEach(e, log)
	{
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
		if (m && strcmp(m, "GET") != 0 && p && strstr(p, "/issues/"))
			fail_msg("%s %s: an issue from the odd answer was written to", m, p);
	}
	cJSON_Delete(log);
	issues = fakegh_issues(&env.fake, NULL);
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		dashboards += b && strstr(b, "<!-- pkiwatch:dashboard") != NULL;
	}
	assert_int_equal(dashboards, 1);
	cJSON_Delete(issues);
}

/* Upstream text in the summary's tables cannot break out of its cell nor
 * become live mentions or HTML. */
static void test_injection_in_title(void **state)
{
	char up[4096], *summary, *ps, *err = NULL, *row, *eol;
	size_t pipes = 0;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	pubenv_upstream(&env,
	                PUBENV_INITIAL_COMMIT
	                " && printf '\\nEffective March 15, 2026, the CA SHALL lint.\\n' >> SBR.md "
	                "&& GIT_COMMITTER_DATE=2024-06-01T00:00:00Z git commit -q -a -m 'Ballot "
	                "SMC099: a | b || @everyone <script>alert(1)</script> <img src=x "
	                "onerror=alert(1)> --> [x](javascript:alert(1)) fixes #1' && git push -q "
	                "origin main",
	                up, sizeof(up));
	setenv("PKIWATCH_UPSTREAM", up, 1);
	if (sync_run(NULL, &err, NULL) != 0)
		fail_msg("sync: %s", err);
	free(err);
	ps = path_in("summary.md");
	summary = tu_read(ps);
	row = strstr(summary, "| new | ");
	assert_non_null(row);
	while (row && !strstr(row, "SMC-99"))
		row = strstr(row + 1, "| new | ");
	assert_non_null(row);
	eol = strchr(row, '\n');
	*eol = '\0';
	/* four cells: five unescaped pipes */
	for (char *p = row; *p; p++)
		pipes += *p == '|' && (p == row || p[-1] != '\\');
	if (pipes != 5)
		fail_msg("a cell broke out: %s", row);
	if (strstr(row, "@everyone") || strstr(row, "<script") || strstr(row, "<img") ||
	    strstr(row, "[x](") || strstr(row, "fixes #1"))
		fail_msg("live text in: %s", row);
	assert_non_null(strstr(row, "@\xe2\x80\x8d")); /* zero-width joiner */
	assert_non_null(strstr(row, "\\[x\\](javascript"));
	assert_non_null(strstr(row, "&lt;script&gt;"));
	assert_non_null(strstr(row, "| 2026-03-15 |"));
	free(summary);
	free(ps);
}

/* Failures: GitHub answers 500 to everything, or the token is bad: exit
 * non-zero, one error line, both files untouched. */
static void test_failure_leaves_files(void **state)
{
	char *po, *ps, *a, *b, *err = NULL;
	(void)state;
	start("2025-03-01", NULL);
	po = path_in("outputs.txt");
	ps = path_in("summary.md");
	tu_write(po, "earlier-step=kept\n");
	tu_write(ps, "# An earlier step\n");
	fakegh_fault(&env.fake, "{\"action\":\"status\",\"status\":500,\"count\":1000}");
	assert_int_equal(sync_run(NULL, &err, NULL), 1);
	assert_int_equal(strncmp(err, "pkiwatch: ", 10), 0);
	assert_int_equal(count_of(err, "\n"), 1);
	free(err);
	err = NULL;
	a = tu_read(po);
	b = tu_read(ps);
	assert_string_equal(a, "earlier-step=kept\n");
	assert_string_equal(b, "# An earlier step\n");
	free(a);
	free(b);
	cJSON_Delete(fakegh_admin(&env.fake, "DELETE", "/_admin/faults", NULL));

	setenv("GITHUB_TOKEN", "ghp_wrongToken", 1);
	assert_int_equal(sync_run(NULL, &err, NULL), 1);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_null(strstr(err, "ghp_wrongToken"));
	free(err);
	err = NULL;
	a = tu_read(po);
	b = tu_read(ps);
	assert_string_equal(a, "earlier-step=kept\n");
	assert_string_equal(b, "# An earlier step\n");
	free(a);
	free(b);

	/* a 'today' that is not a date (reminders count days from it): bad
	 * input, nothing written */
	setenv("PKIWATCH_TODAY", "2025-02-30", 1);
	assert_int_equal(sync_run(NULL, &err, NULL), 2);
	assert_non_null(strstr(err, "pkiwatch: PKIWATCH_TODAY: '2025-02-30' is not a date"));
	free(err);
	err = NULL;
	a = tu_read(po);
	assert_string_equal(a, "earlier-step=kept\n");
	free(a);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);

	/* a summary that cannot be created, or a directory: refused before any
	 * work (exit 2, no request to GitHub), and the outputs file is not
	 * created when it did not exist */
	unlink(po);
	fakegh_clear_log(&env.fake);
	assert_int_equal(pubenv_run(&env, NULL, &err,
	                            "sync --outputs ../outputs.txt --step-summary ../no/such.md"),
	                 2);
	assert_non_null(strstr(err, "no/such.md"));
	assert_null(tu_read(po));
	free(err);
	assert_int_equal(pubenv_run(&env, NULL, &err, "sync --step-summary .."), 2);
	tu_assert_has(err, "..: a directory, not a file to append to");
	free(err);
	assert_int_equal(pubenv_run(&env, NULL, &err, "sync --outputs /dev/null/x"), 2);
	free(err);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	free(po);
	free(ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_outputs_and_summary, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dry_run_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_upcoming_date, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_injection_in_title, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_odd_issue_numbers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failure_leaves_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
