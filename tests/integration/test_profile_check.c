/* Every TSP profile is checked whenever a command opens the compliance
 * repository (issue 15, late validation): a profile whose language has no
 * form text fails changes, sync, signoff, summary and deadlines at once, with
 * the form's one-line error (file, $.language, the languages there are) and
 * exit status 2, and nothing is recorded; before, it passed all of them and
 * failed only at forms, after the sign-offs. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <string.h>

static compfix fx;

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

/* ministry-pki's profile with the value of `language` replaced by `lang`. */
static void set_language(const char *lang)
{
	char path[4096];
	char *text, *at, *p;
	snprintf(path, sizeof(path), "%s/tsps/ministry-pki.json", fx.repo);
	text = tu_read(path);
	assert_non_null(text);
	at = strstr(text, "\"language\": \"");
	assert_non_null(at);
	at += strlen("\"language\": \"");
	p = malloc(strlen(text) + strlen(lang) + 1);
	assert_non_null(p);
	memcpy(p, text, (size_t)(at - text));
	sprintf(p + (at - text), "%s%s", lang, strchr(at, '"'));
	tu_write(path, p);
	free(p);
	free(text);
}

/* The fixture's repository committed, on the upstream data (skips without). */
static void start(void)
{
	const char *up = tu_upstream_or_skip();
	compfix_env();
	compfix_init(&fx, up);
	compfix_commit(&fx);
}

/* Runs `pkiwatch args`: it must refuse with exit status 2, one line on stderr
 * that starts with `want` (is `want` when that ends in a newline) and nothing
 * on stdout. */
static void refused(const char *args, const char *want)
{
	char *out = NULL, *err = NULL;
	int rc = compfix_run(&fx, &out, &err, "%s", args);
	if (rc != 2 || strncmp(err, want, strlen(want)) != 0 ||
	    strchr(err, '\n') != err + strlen(err) - 1)
		fail_msg(
		    "pkiwatch %s: exit %d, stderr '%s'; want 2 and one line starting with '%s'",
		    args, rc, err, want);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

/* ministry-pki's language has no form text */
static void assert_fails_on_language(const char *args)
{
	refused(args,
	        "pkiwatch: ./tsps/ministry-pki.json: $.language: no form text for 'de' (forms "
	        "exist in: en");
}

static void test_language_without_form_text(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	start();
	compfix_officer_is_git_user(&fx);
	/* the example profiles pass */
	assert_int_equal(compfix_run(&fx, &out, &err, "changes --format json"), 0);
	free(out);
	free(err);
	set_language("de");
	assert_fails_on_language("changes --format json");
	assert_fails_on_language("sync --dry-run");
	assert_fails_on_language("publish --dry-run");
	assert_fails_on_language("summary");
	assert_fails_on_language("deadlines");
	assert_fails_on_language("obligations");
	/* a sign-off of another TSP's change: refused, nothing committed */
	assert_fails_on_language("signoff " SMC6 " --decision applicable --tsp northwind-trust");
	assert_int_equal(compfix_commits(&fx), 1);
	assert_fails_on_language("forms --tsp northwind-trust --format md");
	/* fixed: the commands run again */
	set_language("en");
	assert_int_equal(compfix_run(&fx, &out, &err, "summary"), 0);
	free(out);
	free(err);
}

/* An extant CA exists on the day the run works on ($PKIWATCH_TODAY when set),
 * not on the system clock's: northwind-trust's CA has not_before 2021-09-15,
 * so a run on 2021-09-14 refuses the profile with one line naming the file
 * and the field, exit status 2 and nothing on stdout; a run on 2021-09-15
 * accepts it. */
static void assert_refused_on_day(const char *args)
{
	refused(args,
	        "pkiwatch: ./tsps/northwind-trust.json: $.extant_cas[0].not_before: 2021-09-15 "
	        "is in the future (today is 2021-09-14): an extant CA exists already\n");
}

static void test_extant_ca_on_today(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	start();
	setenv("PKIWATCH_TODAY", "2021-09-14", 1);
	assert_refused_on_day("summary");
	assert_refused_on_day("deadlines");
	assert_refused_on_day("forms --tsp ministry-pki --format md");
	setenv("PKIWATCH_TODAY", "2021-09-15", 1);
	if (compfix_run(&fx, &out, &err, "summary") != 0)
		fail_msg("summary on 2021-09-15: stderr '%s'", err);
	assert_string_equal(err, "");
	free(out);
	free(err);
	compfix_env();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_language_without_form_text, teardown),
	    cmocka_unit_test_teardown(test_extant_ca_on_today, teardown),
	};
	return cmocka_run_group_tests_name("profile_check", tests, NULL, NULL);
}
