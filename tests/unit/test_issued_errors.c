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

/* A form's "obligations" (the obligations it asked about): read back, and a
 * bad one refused naming the file and the JSON path. */
static void test_obligations_asked(void **state)
{
	pw_issued issued;
	int exists = 0;
	(void)state;
	scratch_new();
	scratch_put("ledger/forms/t.json",
	            "{\"tsp\":\"t\",\"forms\":[{\"form\":\"t-20250301-0123abcd\",\"generated\":"
	            "\"2025-03-01\",\"reply_by\":\"2025-03-31\",\"changes\":[],\"obligations\":"
	            "[\"ob-t-00000001\",\"ob-t-00000002\"]}]}");
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, "t"), 0);
	assert_int_equal(issued.count, 1);
	assert_int_equal(issued.items[0].nchanges, 0);
	assert_true(pw_issued_asks_obligation(&issued.items[0], "ob-t-00000002"));
	assert_false(pw_issued_asks_obligation(&issued.items[0], "ob-t-00000003"));
	pw_issued_clear(&issued);
	scratch_put("ledger/forms/t.json",
	            "{\"tsp\":\"t\",\"forms\":[{\"form\":\"t-20250301-0123abcd\",\"generated\":"
	            "\"2025-03-01\",\"reply_by\":\"2025-03-31\",\"changes\":[],\"obligations\":"
	            "[\"ob-t-00000001\",7]}]}");
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, "t"), PW_EINPUT);
	if (!strstr(pw_error_last(),
	            "ledger/forms/t.json: $.forms[0].obligations[1]: expected a non-empty string"))
		fail_msg("unexpected message: %s", pw_error_last());
	assert_int_equal(issued.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_unreadable_record_is_an_error, scratch_teardown),
	    cmocka_unit_test_teardown(test_obligations_asked, scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
