/* The record digest is git's blob id: `git hash-object` agrees. */
#include "testutil.h"

#include "util/digest.h"

#include <string.h>

static void test_git_blob_id(void **state)
{
	char d[41];
	cJSON *v = cJSON_Parse("{ \"a\" : 1 }");
	(void)state;
	/* printf 'hello\n' | git hash-object --stdin */
	assert_int_equal(pw_digest_data(d, "hello\n", 6), 0);
	assert_string_equal(d, "ce013625030ba8dba906f756967f9e9ca394464a");
	/* printf '{"a":1}' | git hash-object --stdin: printed unformatted */
	assert_int_equal(pw_digest_json(d, v), 0);
	assert_string_equal(d, "daa5053ecf5f9a37b2de733d0751cc1ab53ac010");
	cJSON_Delete(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_git_blob_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
