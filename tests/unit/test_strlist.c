/* The one list of strings: adding, finding, clearing, loading from JSON and
 * writing it as JSON. */
#include "testutil.h"

#include "util/error.h"
#include "util/strlist.h"

#include <stdlib.h>
#include <string.h>

static void test_add_has_clear(void **state)
{
	pw_strlist l = PW_STRLIST_INIT;
	(void)state;
	assert_int_equal(pw_strlist_add(&l, "tls"), 0);
	assert_int_equal(pw_strlist_add_len(&l, "smime-x", 5), 0);
	assert_int_equal(pw_strlist_add_unique(&l, "tls"), 0);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[1], "smime");
	assert_true(pw_strlist_has(&l, "smime"));
	assert_false(pw_strlist_has(&l, "TLS"));
	assert_true(pw_strlist_has_case(&l, "TLS"));
	pw_strlist_clear(&l);
	assert_null(l.items);
	assert_int_equal(l.count, 0);
	pw_strlist_clear(&l); /* a cleared list may be cleared again */
	pw_strlist_clear(NULL);
}

static void test_from_json(void **state)
{
	cJSON *o = cJSON_Parse("{\"w\": [\"Effective\", \"NO LATER\"], \"bad\": [\"x\", \"\"]}");
	pw_strlist l = PW_STRLIST_INIT;
	(void)state;
	assert_int_equal(pw_strlist_from_json(&l, o, "w", 1, "r.json", "$"), 0);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0], "effective");
	assert_string_equal(l.items[1], "no later");
	pw_strlist_clear(&l);
	assert_int_equal(pw_strlist_from_json(&l, o, "absent", 0, "r.json", "$"), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(pw_strlist_from_json(&l, o, "bad", 0, "r.json", "$"), PW_EINPUT);
	assert_string_equal(pw_error_last(), "r.json: $.bad[1]: expected a non-empty string");
	assert_null(l.items);
	cJSON_Delete(o);
}

static void test_to_json(void **state)
{
	pw_strlist l = PW_STRLIST_INIT;
	cJSON *o = cJSON_CreateObject();
	char *text;
	(void)state;
	assert_int_equal(pw_strlist_to_json(o, "none", &l), 0);
	assert_int_equal(pw_strlist_add(&l, "b"), 0);
	assert_int_equal(pw_strlist_add(&l, "a \"q\""), 0);
	assert_int_equal(pw_strlist_add(&l, "b"), 0);
	assert_int_equal(pw_strlist_to_json(o, "labels", &l), 0);
	text = cJSON_PrintUnformatted(o);
	assert_string_equal(text, "{\"none\":[],\"labels\":[\"b\",\"a \\\"q\\\"\",\"b\"]}");
	free(text);
	cJSON_Delete(o);
	pw_strlist_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_has_clear),
	    cmocka_unit_test(test_from_json),
	    cmocka_unit_test(test_to_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
