/* One condition, one answer: every command that reads the mirrors says the
 * same line with the same exit status (2: an input condition, fixed by
 * running 'pkiwatch mirror') when the cache holds none yet. Before the change
 * stream was one, `changes` exited 1 where the others exited 2. */
#include "testutil.h"

#include <string.h>

static void test_every_command_same_answer(void **state)
{
	static const char *const cmds[] = {
	    "changes",
	    "changes --source cabforum-servercert --format json",
	    "publish --dry-run --outbox \"$D/outbox\"",
	    "summary",
	    "deadlines",
	    "forms --out \"$D/forms\"",
	    "verify",
	    "signoff cabforum-servercert@000000000000 --decision applicable",
	    "respond --tsp ministry-pki --change cabforum-servercert@000000000000 --impact low "
	    "--days 1 --meets-date yes",
	};
	char *dir = tu_tempdir(), want[4096];
	size_t i;
	(void)state;

	snprintf(want, sizeof(want),
	         "pkiwatch: source cabforum-servercert is not mirrored yet: run 'pkiwatch mirror' "
	         "(no %s/empty/cabforum-servercert.git)\n",
	         dir);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *args = cmds[i];
		char *out = NULL, *err = NULL;
		int rc;
		rc = tu_sh(&out, &err,
		           "cd '%s' && D='%s' && env -u GITHUB_TOKEN -u GH_TOKEN "
		           "PKIWATCH_TODAY=2026-01-15 "
		           "'%s' --cache \"$D/empty\" %s",
		           tu_src_path("examples/compliance"), dir, tu_bin(), args);
		if (rc != 2 || strcmp(err, want) != 0)
			fail_msg("pkiwatch %s: status %d, stderr '%s', want status 2 and '%s'",
			         args, rc, err, want);
		assert_string_equal(out, "");
		free(out);
		free(err);
	}
	/* and no cache or forms were made on the way */
	assert_int_equal(
	    tu_sh(NULL, NULL, "test ! -e '%s/empty' && test ! -e '%s/forms'", dir, dir), 0);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_command_same_answer),
	};
	return cmocka_run_group_tests_name("empty_cache", tests, NULL, NULL);
}
