/* The noise rules (rules/noise.json): subject prefixes and kinds that have no
 * normative effect, and the "nondescript" subject patterns that say nothing
 * of what a draft proposes (GitHub's default "Update BR.md (#482)"), which
 * are data, with their placeholders checked when the file is loaded. */
#include "testutil.h"

#include "core/noise.h"
#include "core/sources.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *evg_formerly[] = {"EVGuidelines.md"};
static pw_document docs[] = {{.path = "docs/BR.md"},
                             {.path = "docs/EVG.md", .formerly = evg_formerly, .nformerly = 1}};
static pw_source src = {.id = "s", .branch = "main", .documents = docs, .ndocuments = 2};

/* The shipped rules: the default subject of an edit says nothing, with or
 * without its pull request number, by the document's path, former path or
 * file name; a subject that says more does, and so does one naming another
 * file. */
static void test_shipped_nondescript(void **state)
{
	pw_noise *n = NULL;
	(void)state;
	assert_int_equal(pw_noise_load(&n, tu_src_path("rules")), 0);
	assert_non_null(pw_noise_nondescript(n, &src, "Update BR.md (#482)"));
	assert_non_null(pw_noise_nondescript(n, &src, "Update BR.md"));
	assert_non_null(pw_noise_nondescript(n, &src, "Create docs/EVG.md"));
	assert_non_null(pw_noise_nondescript(n, &src, "Update EVGuidelines.md (#7)"));
	assert_null(pw_noise_nondescript(n, &src, "Update BR.md to require DNSSEC (#482)"));
	assert_null(pw_noise_nondescript(n, &src, "Update 3.2.2.8"));
	assert_null(pw_noise_nondescript(n, &src, "Update README.md"));
	assert_null(pw_noise_nondescript(n, &src, "BR.md"));
	assert_null(pw_noise_nondescript(n, &src, "Update BR.md (#)"));
	assert_null(pw_noise_nondescript(n, &src, ""));
	assert_null(pw_noise_nondescript(NULL, &src, "Update BR.md"));
	/* not noise: such a change is reported like any (pw_noise_why) */
	assert_null(pw_noise_why(n, NULL, "Update BR.md (#482)"));
	pw_noise_free(n);
}

/* Load `json` as noise.json from a fresh directory; returns pw_noise_load's
 * code, the message in `msg` (caller frees). */
static int load_json(const char *json, pw_noise **n, char **msg)
{
	char *d = tu_tempdir(), path[4096];
	int rc;
	snprintf(path, sizeof(path), "%s/noise.json", d);
	tu_write(path, json);
	rc = pw_noise_load(n, d);
	*msg = strdup(rc < 0 ? pw_error_last() : "");
	tu_rmrf(d);
	free(d);
	return rc;
}

/* A pattern is literal text but for its placeholders, ASCII case ignored. */
static void test_pattern_placeholders(void **state)
{
	pw_noise *n = NULL;
	char *msg = NULL;
	(void)state;
	assert_int_equal(
	    load_json("{\"nondescript\": [{\"subject\": \"update {document}\", \"why\": \"w1\"},"
	              "{\"subject\": \"{word} {word} to {document}\", \"why\": \"w2\"}]}",
	              &n, &msg),
	    0);
	assert_string_equal(pw_noise_nondescript(n, &src, "Update BR.md (#1)"), "w1");
	assert_string_equal(pw_noise_nondescript(n, &src, "UPDATE docs/BR.md"), "w1");
	assert_null(pw_noise_nondescript(n, &src, "Create BR.md")); /* only "update" */
	assert_string_equal(pw_noise_nondescript(n, &src, "Add files to EVG.md"), "w2");
	assert_null(pw_noise_nondescript(n, &src, "Add to EVG.md"));
	assert_null(pw_noise_nondescript(n, &src, "Add more files to EVG.md"));
	pw_noise_free(n);
	free(msg);
}

/* A malformed rule: one line naming the file and the JSON path. */
static void test_bad_nondescript(void **state)
{
	static const struct {
		const char *json, *want;
	} bad[] = {
	    {"{\"nondescript\": [{\"subject\": \"{verb} {document}\", \"why\": \"x\"}]}",
	     "noise.json: $.nondescript[0].subject: unknown placeholder at \"{verb} {document}\""},
	    {"{\"nondescript\": [{\"subject\": \"Update {document}\", \"why\": \"\"}]}",
	     "noise.json: $.nondescript[0]: empty \"subject\" or \"why\""},
	    {"{\"nondescript\": [{\"subject\": 7, \"why\": \"x\"}]}",
	     "noise.json: $.nondescript[0].subject"},
	    {"{\"nondescript\": [{\"prefix\": \"Update \", \"why\": \"x\"}]}",
	     "noise.json: $.nondescript[0]"},
	    {"{\"nondescript\": {\"subject\": \"x\"}}", "noise.json: $.nondescript"},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pw_noise *n = NULL;
		char *msg = NULL;
		int rc = load_json(bad[i].json, &n, &msg);
		if (rc != PW_EINPUT || !strstr(msg, bad[i].want) || strchr(msg, '\n'))
			fail_msg("%s: got %d \"%s\", want \"%s\"", bad[i].json, rc, msg,
			         bad[i].want);
		assert_null(n);
		free(msg);
	}
}

/* The stale rule: a draft whose newest commit is more than "days" days before
 * the run's day, and none of whose proposed dates is still to come. 2024 is
 * a leap year: 2024-02-23 is 365 days before 2025-02-22, 366 before
 * 2025-02-23. The shipped rule is 365 days; without the rule none is stale;
 * a bad rule is one line naming the file and path. */
static void test_stale(void **state)
{
	static const struct {
		const char *json, *want;
	} bad[] = {
	    {"{\"stale\": {\"days\": 0, \"why\": \"w\"}}", "noise.json: $.stale.days"},
	    {"{\"stale\": {\"days\": 30}}", "noise.json: $.stale: missing required key \"why\""},
	    {"{\"stale\": {\"days\": 30, \"why\": \"\"}}",
	     "noise.json: $.stale.why: expected a non-empty string"},
	    {"{\"stale\": {\"days\": 30, \"why\": \"w\", \"dates\": 1}}", "noise.json: $.stale"},
	    {"{\"stale\": 365}", "noise.json: $.stale"},
	};
	pw_noise *n = NULL;
	char *msg = NULL;
	size_t i;
	(void)state;
	assert_int_equal(load_json("{\"stale\": {\"days\": 365, \"why\": \"w\"}}", &n, &msg), 0);
	assert_null(pw_noise_stale(n, "2025-02-22", "2024-02-23", NULL));
	assert_string_equal(pw_noise_stale(n, "2025-02-23", "2024-02-23", NULL), "w");
	/* a proposed date still to come (today counts as to come) keeps it live */
	assert_null(pw_noise_stale(n, "2026-12-05", "2024-02-23", "2027-03-15"));
	assert_null(pw_noise_stale(n, "2026-12-05", "2024-02-23", "2026-12-05"));
	assert_string_equal(pw_noise_stale(n, "2026-12-05", "2024-02-23", "2026-12-04"), "w");
	assert_null(pw_noise_stale(n, "2026-12-05", "not a date", NULL));
	assert_null(pw_noise_stale(n, NULL, "2024-02-23", NULL));
	assert_null(pw_noise_stale(NULL, "2026-12-05", "2024-02-23", NULL));
	pw_noise_free(n);
	free(msg);
	assert_int_equal(load_json("{}", &n, &msg), 0);
	assert_null(pw_noise_stale(n, "2026-12-05", "2020-01-01", NULL));
	pw_noise_free(n);
	free(msg);
	assert_int_equal(pw_noise_load(&n, tu_src_path("rules")), 0);
	assert_int_equal(n->stale_days, 365);
	assert_non_null(pw_noise_stale(n, "2026-12-05", "2024-02-23", "2024-05-15"));
	pw_noise_free(n);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = load_json(bad[i].json, &n, &msg);
		if (rc != PW_EINPUT || !strstr(msg, bad[i].want) || strchr(msg, '\n'))
			fail_msg("%s: got %d \"%s\", want \"%s\"", bad[i].json, rc, msg,
			         bad[i].want);
		assert_null(n);
		free(msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_nondescript),
	    cmocka_unit_test(test_pattern_placeholders),
	    cmocka_unit_test(test_bad_nondescript),
	    cmocka_unit_test(test_stale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
