/* Optional text: NULL and "" are both "not given", and equal to each other;
 * given text equals only the same text. */
#include "testutil.h"

#include "util/optstr.h"

static void test_same(void **state)
{
	(void)state;
	assert_true(pw_optstr_same(NULL, NULL));
	assert_true(pw_optstr_same(NULL, ""));
	assert_true(pw_optstr_same("", NULL));
	assert_true(pw_optstr_same("", ""));
	assert_true(pw_optstr_same("done", "done"));
	assert_false(pw_optstr_same("done", NULL));
	assert_false(pw_optstr_same(NULL, "done"));
	assert_false(pw_optstr_same("", "done"));
	assert_false(pw_optstr_same("done", ""));
	assert_false(pw_optstr_same("done", "Done"));
	assert_false(pw_optstr_same("done", "done "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same),
	};
	return cmocka_run_group_tests_name("optstr", tests, NULL, NULL);
}
