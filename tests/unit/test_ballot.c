/* Ballot ids in text: pw_ballot_find and pw_ballot_from_cell. */
#include "testutil.h"

#include "classify/ballot.h"

#include <stdlib.h>
#include <string.h>

/* The id pw_ballot_find gives for `s` with the Forum prefixes, or NULL. */
static char *find(const char *s)
{
	char *id = NULL;
	int rc = pw_ballot_find(&id, s, strlen(s), pw_ballot_prefixes);
	assert_int_equal(rc, id != NULL);
	return id;
}

static void expect(const char *s, const char *want)
{
	char *id = find(s);
	if (!want) {
		if (id)
			fail_msg("\"%s\": found %s", s, id);
		return;
	}
	if (!id)
		fail_msg("\"%s\": no ballot, expected %s", s, want);
	assert_string_equal(id, want);
	free(id);
}

/* A prefix counts only where a word starts, in any case, first match wins;
 * the number follows directly or after one separator. */
static void test_find(void **state)
{
	(void)state;
	expect("Ballot SC-097: something", "SC-97");
	expect("ballot sc 061 adopted", "SC-61");
	expect("SC088v3", "SC-88");
	expect("Ballot SMC010", "SMC-10");
	expect("(NS-008) and SC-1", "NS-8");
	expect("DESC-5 DISC12 ASC 7", NULL); /* glued to a letter before */
	expect("SC-2020x", NULL);
	expect("SC-", NULL);
	expect("", NULL);
	expect("the rescinded SC-44, then csc_9", "SC-44");
	expect("x CSC_9", "CSC-9");
}

static void test_from_cell(void **state)
{
	char *id = NULL;
	(void)state;
	assert_int_equal(pw_ballot_from_cell(&id, "SMC010", "SMC"), 1);
	assert_string_equal(id, "SMC-10");
	free(id);
	assert_int_equal(pw_ballot_from_cell(&id, " **83** ", NULL), 1);
	assert_string_equal(id, "83");
	free(id);
	assert_int_equal(pw_ballot_from_cell(&id, "TBD", "SC"), 0);
	assert_null(id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_from_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
