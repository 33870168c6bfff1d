/* pw_issued_load_tsp: only a missing ledger/forms/<tsp>.json is "no issuance
 * record"; a file that cannot be read (here a symbolic link to itself) is an
 * error naming it, not a TSP whose forms go unchecked. */
#include "testutil.h"

#include "scratch.h"

#include "util/error.h"
#include "tsp/issued.h"

#include <stdlib.h>
#include <string.h>

static void test_unreadable_record_is_an_error(void **state)
{
	pw_issued issued;
	int exists = -1;
	(void)state;
	scratch_new();
	scratch_put("ledger/forms/other.json", "{\"tsp\":\"other\",\"forms\":[]}");
	assert_int_equal(tu_sh(NULL, NULL, "ln -s t.json '%s/ledger/forms/t.json'", scratch_dir),
	                 0);
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, "t"), PW_ERROR);
	if (!strstr(pw_error_last(), "/ledger/forms/t.json: Too many levels of symbolic links"))
		fail_msg("unexpected message: %s", pw_error_last());
	assert_int_equal(issued.count, 0);
	/* missing: no record, no error */
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, "u"), 0);
	assert_int_equal(exists, 0);
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, "other"), 0);
	assert_int_equal(exists, 1);
	pw_issued_clear(&issued);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_unreadable_record_is_an_error, scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
