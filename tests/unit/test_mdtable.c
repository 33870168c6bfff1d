/* GFM tables through cmark-gfm: only the block around a line is parsed. */
#include "testutil.h"

#include "error.h"
#include "mdtable.h"

#include <string.h>

static const char doc[] = "### 1.2.1 Revisions\n"                                         /* 1 */
                          "\n"                                                            /* 2 */
                          "| Version | Ballot | Description | Adopted | Effective\\* |\n" /* 3 */
                          "|-|-|---|--|--|\n"                                             /* 4 */
                          "| 1.0 | 83 | Original `v1` | 03-Aug-2012 | 01-Jan-2013 |\n"    /* 5 */
                          "|2.0.5|NS-008|Updates<br>more|03-Jun-2025|03-Jul-2025\n"       /* 6 */
                          "\n"                                                            /* 7 */
                          "Text with a | pipe\n"                                          /* 8 */
                          "and | another\n";                                              /* 9 */

static void test_block_and_parse(void **state)
{
	static const char *const eff[] = {"effective", NULL};
	static const char *const none[] = {"nothing", NULL};
	pw_section_index x;
	pw_mdtable t;
	const pw_mdrow *r;
	int first, last;
	(void)state;
	assert_int_equal(pw_sections_build(&x, doc, strlen(doc)), 0);
	assert_int_equal(pw_mdtable_block(&x, 5, &first, &last), 0);
	assert_int_equal(first, 3);
	assert_int_equal(last, 6);
	assert_int_equal(pw_mdtable_block(&x, 2, &first, &last), PW_ENOTFOUND);
	assert_int_equal(pw_mdtable_parse_block(&x, 3, 6, &t), 0);
	assert_int_equal(t.header.ncells, 5);
	assert_string_equal(t.header.cells[4], "Effective*");
	assert_int_equal(t.nrows, 2);
	assert_int_equal(pw_mdtable_column(&t, eff), 4);
	assert_int_equal(pw_mdtable_column(&t, none), -1);
	r = pw_mdtable_row_at(&t, 5);
	assert_non_null(r);
	assert_string_equal(r->cells[2], "Original v1");
	r = pw_mdtable_row_at(&t, 6);
	assert_non_null(r);
	assert_string_equal(r->cells[1], "NS-008");
	assert_string_equal(r->cells[2], "Updates more");
	assert_null(pw_mdtable_row_at(&t, 4));
	pw_mdtable_free(&t);
	/* prose with pipes is no table */
	assert_int_equal(pw_mdtable_block(&x, 8, &first, &last), 0);
	assert_int_equal(pw_mdtable_parse_block(&x, first, last, &t), PW_ENOTFOUND);
	pw_sections_free(&x);
}

static void test_indented_and_broken(void **state)
{
	const char *in = "1. item\n\n"
	                 "      | Generation | Scheme |\n"
	                 "      |------|------|\n"
	                 "      | Strict | HTTP |\n";
	const char *broken = "| a | b |\n|---|\n| 1 | 2 |\n";
	pw_section_index x;
	pw_mdtable t;
	int first, last;
	(void)state;
	assert_int_equal(pw_sections_build(&x, in, strlen(in)), 0);
	assert_int_equal(pw_mdtable_block(&x, 5, &first, &last), 0);
	assert_int_equal(pw_mdtable_parse_block(&x, first, last, &t), 0);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(pw_mdtable_row_at(&t, 5)->cells[1], "HTTP");
	pw_mdtable_free(&t);
	pw_sections_free(&x);
	/* a delimiter row with the wrong number of cells: not a table */
	assert_int_equal(pw_mdtable_parse(broken, strlen(broken), 1, &t), PW_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_block_and_parse),
	    cmocka_unit_test(test_indented_and_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
