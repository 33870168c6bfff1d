/* The baseline (issue 15, the first-run flood): pkiwatch.json's "baseline"
 * keeps every change dated before it off GitHub (no issue, no reminder), the
 * officer records it once in the ledger (ledger/baselines/<date>.json, one
 * commit, the ids it covers), and moving it later is an explicit act. Real
 * cabforum-smime history since 2024-01-01 against the fake GitHub; what is
 * before and after the baseline is computed here from the change records'
 * dates, not taken from pkiwatch's own count. */
#include "testutil.h"

#include "fakegh.h"
#include "pubenv.h"

#include <string.h>

static pubenv env;

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

static void set_baseline(const char *date)
{
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && sed -i 's/\"baseline\":\"[^\"]*\",//; "
	                       "s/\"since\":/\"baseline\":\"%s\",\"since\":/' pkiwatch.json",
	                       env.repo, date),
	                 0);
}

static long commits(void)
{
	char *out = NULL;
	long n;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git rev-list --count HEAD", env.repo), 0);
	n = strtol(out, NULL, 10);
	free(out);
	return n;
}

/* The ids of the changes since 2024-01-01 dated before `date` (into
 * `before`) and on or after it (into `after`); returns how many before. */
static int split(const char *date, cJSON *before, cJSON *after)
{
	char *out = NULL;
	cJSON *a, *c;
	int n = 0;
	assert_int_equal(
	    pubenv_run(&env, &out, NULL, "changes --format json --drafts --since 2024-01-01"), 0);
	a = cJSON_Parse(out);
	assert_non_null(a);
	cJSON_ArrayForEach(c, a)
	{
		const char *d = cJSON_GetStringValue(cJSON_GetObjectItem(c, "date"));
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));
		int is_before = strcmp(d, date) < 0;
		cJSON_AddItemToArray(is_before ? before : after, cJSON_CreateString(id));
		n += is_before;
	}
	cJSON_Delete(a);
	free(out);
	return n;
}

/* The issues holding the baseline's marker: how many, and of the first its
 * state and body (caller frees). */
static int baseline_issues(int *open, char **body)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	int n = 0;
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (!b || !strstr(b, "<!-- pkiwatch:baseline -->"))
			continue;
		if (n++ == 0) {
			*open = strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")),
			               "open") == 0;
			*body = strdup(b);
		}
	}
	cJSON_Delete(issues);
	return n;
}

static void test_first_run_with_baseline(void **state)
{
	cJSON *before = cJSON_CreateArray(), *after = cJSON_CreateArray(), *issues, *c, *rec;
	char *out = NULL, *err = NULL, want[256], path[4096], *text, *body = NULL;
	long n0;
	int nbefore, open = 0;
	(void)state;
	pubenv_start(&env, "2024-01-01", NULL, PUBENV_MIRROR);
	nbefore = split("2025-01-01", before, after);
	assert_true(nbefore >= 5);
	assert_true(cJSON_GetArraySize(after) >= 3);
	set_baseline("2025-01-01");

	/* publish: issues for the changes from the baseline on, none before */
	assert_int_equal(pubenv_run(&env, &out, &err, "publish"), 0);
	snprintf(want, sizeof(want),
	         "baseline 2025-01-01: %d earlier changes not published (the status quo; not "
	         "recorded yet: run 'pkiwatch baseline'); one summary issue #",
	         nbefore);
	tu_assert_has(out, want);
	tu_assert_has(out, " opened\n");
	free(out);
	free(err);
	/* at most one summary issue (issue 15), open until the officer records it */
	assert_int_equal(baseline_issues(&open, &body), 1);
	assert_true(open);
	snprintf(want, sizeof(want), "the %d changes dated before it are the accepted status quo",
	         nbefore);
	tu_assert_has(body, want);
	snprintf(want, sizeof(want), "| `cabforum-smime` | %d | ", nbefore);
	tu_assert_has(body, want);
	tu_assert_has(body, "SMC-5");    /* 2024-02-20: before the baseline */
	tu_assert_lacks(body, "SMC-11"); /* 2025-05-14: after it */
	tu_assert_has(body, "**Not recorded yet.**");
	free(body);
	body = NULL;
	/* again: the same issue, untouched */
	fakegh_clear_log(&env.fake);
	assert_int_equal(pubenv_run(&env, &out, NULL, "publish"), 0);
	tu_assert_has(out, " unchanged\n");
	free(out);
	assert_int_equal(fakegh_count(&env.fake, "POST", "/issues"), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
	issues = fakegh_issues(&env.fake, NULL);
	cJSON_ArrayForEach(c, before)
	{
		if (pubenv_marker_count(issues, c->valuestring) != 0)
			fail_msg("%s is before the baseline and has an issue", c->valuestring);
	}
	cJSON_ArrayForEach(c, after)
	{
		if (pubenv_marker_count(issues, c->valuestring) != 1)
			fail_msg("%s is after the baseline and has no issue", c->valuestring);
	}
	cJSON_Delete(issues);

	/* the officer records it: one commit, the ids it covers */
	n0 = commits();
	assert_int_equal(pubenv_run(&env, &out, &err, "baseline"), 0);
	snprintf(want, sizeof(want),
	         "baseline 2025-01-01: %d earlier changes accepted as the status quo, recorded in "
	         "ledger/baselines/2025-01-01.json (commit ",
	         nbefore);
	tu_assert_has(out, want);
	snprintf(want, sizeof(want), "  cabforum-smime           %d\n", nbefore);
	tu_assert_has(out, want);
	free(out);
	free(err);
	assert_int_equal(commits(), n0 + 1);
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git show --name-only --format= HEAD", env.repo), 0);
	assert_string_equal(out, "ledger/baselines/2025-01-01.json\n");
	free(out);
	snprintf(path, sizeof(path), "%s/ledger/baselines/2025-01-01.json", env.repo);
	text = tu_read(path);
	rec = cJSON_Parse(text);
	assert_non_null(rec);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "baseline")),
	                    "2025-01-01");
	/* recorded on the run's day (PKIWATCH_TODAY 2025-03-01, tests/lib/pubenv.c) */
	assert_int_equal(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "time"))), 20);
	assert_int_equal(
	    strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "time")), "2025-03-01T", 11), 0);
	c = cJSON_GetObjectItem(rec, "changes");
	assert_int_equal(cJSON_GetArraySize(c), nbefore);
	{
		cJSON *x;
		cJSON_ArrayForEach(x, before)
		{
			cJSON *y;
			int found = 0;
			cJSON_ArrayForEach(y, c) found |=
			    strcmp(y->valuestring, x->valuestring) == 0;
			if (!found)
				fail_msg("%s is not in the recorded baseline", x->valuestring);
		}
	}
	cJSON_Delete(rec);
	free(text);
	/* again: nothing new; publish says it is recorded */
	assert_int_equal(pubenv_run(&env, &out, NULL, "baseline"), 0);
	tu_assert_has(out, "baseline 2025-01-01: recorded already");
	free(out);
	assert_int_equal(commits(), n0 + 1);
	assert_int_equal(pubenv_run(&env, &out, NULL, "publish"), 0);
	tu_assert_has(out, "(the status quo; recorded in the ledger); one summary issue #");
	tu_assert_has(out, " updated\n");
	free(out);
	assert_int_equal(baseline_issues(&open, &body), 1); /* recorded: closed */
	assert_false(open);
	tu_assert_has(body, "**Recorded** by the officer in the ledger: "
	                    "`ledger/baselines/2025-01-01.json`");
	free(body);
	body = NULL;
	/* verify knows the file: its one problem here is that nothing is signed */
	assert_int_equal(pubenv_run(&env, &out, &err, "verify"), 1);
	tu_assert_has(out, "ledger/baselines/2025-01-01.json: ledger commit not signed\n");
	tu_assert_has(out, "verify: 1 problem in the ledger's history");
	free(out);
	free(err);

	/* moving it is explicit: publish and baseline refuse a new date until --replace */
	set_baseline("2024-06-01");
	assert_int_equal(pubenv_run(&env, NULL, &err, "publish"), 2);
	tu_assert_has(err, "pkiwatch: pkiwatch.json: $.baseline: 2024-06-01, but the baseline "
	                   "recorded last is 2025-01-01");
	free(err);
	assert_int_equal(pubenv_run(&env, NULL, &err, "baseline"), 2);
	tu_assert_has(err, "run 'pkiwatch baseline --replace'");
	free(err);
	assert_int_equal(commits(), n0 + 1);
	assert_int_equal(pubenv_run(&env, &out, NULL, "baseline --replace"), 0);
	tu_assert_has(out, "; replaces the baseline 2025-01-01\n");
	free(out);
	assert_int_equal(commits(), n0 + 2);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	/* the new baseline rewrites the same issue: still one */
	assert_int_equal(baseline_issues(&open, &body), 1);
	tu_assert_has(body, "`\"baseline\": \"2024-06-01\"`");
	tu_assert_lacks(body, "SMC-7"); /* 2024-07-15: no longer before it */
	assert_false(open);
	free(body);
	body = NULL;

	/* a bad value */
	set_baseline("2025-13-01");
	assert_int_equal(pubenv_run(&env, NULL, &err, "publish"), 2);
	tu_assert_has(err, "pkiwatch: pkiwatch.json: $.baseline: expected a date YYYY-MM-DD, got "
	                   "\"2025-13-01\"\n");
	free(err);
	set_baseline("2023-06-01"); /* before since */
	assert_int_equal(pubenv_run(&env, NULL, &err, "baseline"), 2);
	tu_assert_has(err, "is before $.since");
	free(err);
	cJSON_Delete(before);
	cJSON_Delete(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_first_run_with_baseline, teardown),
	};
	return cmocka_run_group_tests_name("baseline", tests, NULL, NULL);
}
