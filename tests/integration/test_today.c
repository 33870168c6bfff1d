/* PKIWATCH_TODAY (reproducible runs) is checked like any other input: every
 * command that counts days refuses a value that is not a calendar date, with
 * exit status 2 and one line naming the variable, before doing any work. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static void expect_refused(const char *cmd, const char *value)
{
	char *out = NULL, *err = NULL, want[128];
	int rc =
	    tu_sh(&out, &err,
	          "cd '%s' && PKIWATCH_TODAY='%s' GITHUB_TOKEN=unused '%s' --cache /nonexistent %s",
	          tu_src_path("examples/compliance"), value, tu_bin(), cmd);
	snprintf(want, sizeof(want), "pkiwatch: PKIWATCH_TODAY: '%s' is not a date (YYYY-MM-DD)\n",
	         value);
	if (rc != 2 || strcmp(err, want) != 0)
		fail_msg("%s with PKIWATCH_TODAY=%s: status %d, stderr '%s'", cmd, value, rc, err);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

static void test_bad_today(void **state)
{
	static const char *const cmds[] = {"deadlines", "summary", "forms --out /nonexistent",
	                                   "publish --dry-run --outbox /nonexistent"};
	static const char *const values[] = {"2025-02-30", "tomorrow", "2025-3-1", "2025-03-01x"};
	size_t i, j;
	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		for (j = 0; j < sizeof(values) / sizeof(values[0]); j++)
			expect_refused(cmds[i], values[j]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_today),
	};
	return cmocka_run_group_tests_name("today", tests, NULL, NULL);
}
