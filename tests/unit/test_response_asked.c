/* pw_response_asked_check: a response file naming no form ($.form absent or
 * null) is checked against all the forms issued to its TSP, so that leaving
 * the form out does not skip the check; a TSP without any issuance record is
 * not checked. */
#include "testutil.h"

#include "scratch.h"

#include "util/error.h"
#include "tsp/issued.h"
#include "tsp/response.h"

#include <stdlib.h>
#include <string.h>

#define ANSWER(change)                                                                             \
	"{\"change\":\"" change "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}"

/* pw_response_asked_check of the response file `text` against TSP `tsp`'s
 * issuance record in scratch_dir. */
static int asked_check(const char *tsp, const char *text)
{
	pw_responses l;
	pw_issued issued;
	char *p = scratch_path("r.json");
	int exists = -1, rc;
	tu_write(p, text);
	assert_int_equal(pw_response_file_load(&l, p), 0);
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, tsp), 0);
	rc = pw_response_asked_check(&l, &issued, exists, p);
	pw_issued_clear(&issued);
	pw_responses_clear(&l);
	free(p);
	return rc;
}

static void expect_refused(const char *text, const char *msg)
{
	assert_int_equal(asked_check("t", text), PW_EINPUT);
	if (!strstr(pw_error_last(), msg) || !strstr(pw_error_last(), "r.json: "))
		fail_msg("'%s' lacks '%s'", pw_error_last(), msg);
}

static void test_no_form_checked_against_all_forms(void **state)
{
	(void)state;
	scratch_new();
	scratch_put("ledger/forms/t.json",
	            "{\"tsp\":\"t\",\"forms\":["
	            "{\"form\":\"t-20250301-aaaaaaaa\",\"generated\":\"2025-03-01\","
	            "\"reply_by\":\"2025-03-31\",\"changes\":[\"s@1\",\"s@2\"]},"
	            "{\"form\":\"t-20250310-bbbbbbbb\",\"generated\":\"2025-03-10\","
	            "\"reply_by\":\"2025-03-24\",\"changes\":[\"s@1\",\"s@3\"]}]}");
	/* changes asked on one form or another */
	assert_int_equal(
	    asked_check("t", "{\"tsp\":\"t\",\"responses\":[" ANSWER("s@2") "," ANSWER("s@3") "]}"),
	    0);
	/* a change no form asked about: absent form, and null */
	expect_refused("{\"tsp\":\"t\",\"responses\":[" ANSWER("s@1") "," ANSWER("s@9") "]}",
	               "$.responses[1].change: no form issued to TSP t asked about s@9 (the "
	               "file names no form in $.form)");
	expect_refused("{\"tsp\":\"t\",\"form\":null,\"responses\":[" ANSWER("s@9") "]}",
	               "$.responses[0].change: no form issued to TSP t asked about s@9");
	/* a file naming a form is pw_response_form_check's */
	assert_int_equal(asked_check("t", "{\"tsp\":\"t\",\"form\":\"t-20250301-aaaaaaaa\","
	                                  "\"responses\":[" ANSWER("s@9") "]}"),
	                 0);
	/* TSP u has no issuance record: nothing to check against */
	assert_int_equal(asked_check("u", "{\"tsp\":\"u\",\"responses\":[" ANSWER("s@9") "]}"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_no_form_checked_against_all_forms, scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
