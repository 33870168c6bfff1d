/* GFM tables through cmark-gfm: only the block around a line is parsed. */
#include "testutil.h"

#include "util/error.h"
#include "classify/mdtable.h"

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
	assert_int_equal(pw_mdtable_block(&first, &last, &x, 5), 0);
	assert_int_equal(first, 3);
	assert_int_equal(last, 6);
	assert_int_equal(pw_mdtable_block(&first, &last, &x, 2), PW_ENOTFOUND);
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
	pw_mdtable_clear(&t);
	/* prose with pipes is no table */
	assert_int_equal(pw_mdtable_block(&first, &last, &x, 8), 0);
	assert_int_equal(pw_mdtable_parse_block(&x, first, last, &t), PW_ENOTFOUND);
	pw_sections_clear(&x);
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
	assert_int_equal(pw_mdtable_block(&first, &last, &x, 5), 0);
	assert_int_equal(pw_mdtable_parse_block(&x, first, last, &t), 0);
	assert_int_equal(t.nrows, 1);
	assert_string_equal(pw_mdtable_row_at(&t, 5)->cells[1], "HTTP");
	pw_mdtable_clear(&t);
	pw_sections_clear(&x);
	/* a delimiter row with the wrong number of cells: not a table */
	assert_int_equal(pw_mdtable_parse(broken, strlen(broken), 1, &t), PW_ENOTFOUND);
}

/* A row broken over two lines upstream is read as one row; two complete
 * short rows are not joined. */
static void test_split_row(void **state)
{
	static const char t1[] = "| Ver. | Ballot | Description | Adopted | Effective |\n"
	                         "|-|-|-|-|-|\n"
	                         "| 2.1.6 | SC85 | Require DNSSEC | 19-Jun-2025 | 21-Jul-2025 |\n"
	                         "| 2.1.7 | SC089 | Mass Revocation Planning\n"
	                         "| 23-Jul-2025 | 25-Aug-2025 |\n"
	                         "| 2.1.8 | SC90 |\n"
	                         "| 01-Jan-2026 | 02-Feb-2026 |\n";
	pw_mdtable t;
	const pw_mdrow *r;
	(void)state;
	assert_int_equal(pw_mdtable_parse(t1, strlen(t1), 10, &t), 0);
	assert_int_equal(t.nrows, 4);
	r = pw_mdtable_row_at(&t, 13);
	assert_non_null(r);
	assert_int_equal(r->ncells, 5);
	assert_string_equal(r->cells[1], "SC089");
	assert_string_equal(r->cells[3], "23-Jul-2025");
	assert_string_equal(r->cells[4], "25-Aug-2025");
	assert_null(pw_mdtable_row_at(&t, 14));
	/* "| 2.1.8 | SC90 |" is closed: not a broken row */
	r = pw_mdtable_row_at(&t, 15);
	assert_non_null(r);
	assert_string_equal(r->cells[0], "2.1.8");
	assert_true(r->ncells < 3 || r->cells[2][0] == '\0');
	assert_non_null(pw_mdtable_row_at(&t, 16));
	pw_mdtable_clear(&t);
}

/* The rows asked for of a plain table read alone as they read in the whole
 * table; any other block is parsed whole. */
static void expect_same_row(const pw_mdtable *part, const pw_mdtable *whole, int line)
{
	const pw_mdrow *a = pw_mdtable_row_at(part, line), *b = pw_mdtable_row_at(whole, line);
	size_t i;
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->ncells, b->ncells);
	for (i = 0; i < a->ncells; i++)
		assert_string_equal(a->cells[i], b->cells[i]);
}

static void test_parse_rows(void **state)
{
	static const char plain[] = "Intro\n"                                              /* 1 */
	                            "\n"                                                   /* 2 */
	                            "  | Version | Ballot | Effective |\r\n"               /* 3 */
	                            "  |---|:-:|--|\n"                                     /* 4 */
	                            "  | 1.0 | **SC-1** | 2020-01-01 |\n"                  /* 5 */
	                            "  | 1.1 | [SC-2](https://x/2) \\| x | 2021-02-02 |\n" /* 6 */
	                            "  | 1.2 | `SC-3` | &amp; |  \n"                       /* 7 */
	                            "  |---|---|---|\n";                                   /* 8 */
	static const char split[] = "| Ver. | Ballot | Effective |\n"
	                            "|-|-|-|\n"
	                            "| 2.1.7 | SC089\n"
	                            "| 25-Aug-2025 |\n";
	static const char mismatch[] = "| a | b |\n|---|\n| 1 | 2 |\n";
	pw_section_index x;
	pw_mdtable part, whole;
	int six = 6, all[] = {3, 4, 5, 6, 7, 8, 8, 99}, three = 3;
	(void)state;
	assert_int_equal(pw_sections_build(&x, plain, strlen(plain)), 0);
	assert_int_equal(pw_mdtable_parse_block(&x, 3, 8, &whole), 0);
	assert_int_equal(whole.nrows, 4);
	assert_int_equal(pw_mdtable_parse_rows(&x, 3, 8, &six, 1, &part), 0);
	assert_true(part.partial);
	assert_int_equal(part.nrows, 1);
	assert_int_equal(part.header.ncells, 3);
	assert_string_equal(part.header.cells[2], whole.header.cells[2]);
	expect_same_row(&part, &whole, 6);
	assert_string_equal(pw_mdtable_row_at(&part, 6)->cells[1], "SC-2 | x");
	assert_null(pw_mdtable_row_at(&part, 5));
	/* more rows on demand; the header and the delimiter row are none */
	assert_int_equal(pw_mdtable_add_row(&part, &x, 3, 8, 5), 0);
	assert_int_equal(pw_mdtable_add_row(&part, &x, 3, 8, 5), 0);
	assert_int_equal(pw_mdtable_add_row(&part, &x, 3, 8, 4), 0);
	assert_int_equal(part.nrows, 2);
	expect_same_row(&part, &whole, 5);
	assert_string_equal(pw_mdtable_row_at(&part, 5)->cells[1], "SC-1");
	pw_mdtable_clear(&part);
	/* every line asked for (the header, twice, out of the block: skipped) */
	assert_int_equal(pw_mdtable_parse_rows(&x, 3, 8, all, 8, &part), 0);
	assert_int_equal(part.nrows, 4);
	expect_same_row(&part, &whole, 7);
	expect_same_row(&part, &whole, 8);
	assert_string_equal(pw_mdtable_row_at(&part, 7)->cells[2], "&");
	pw_mdtable_clear(&part);
	pw_mdtable_clear(&whole);
	pw_sections_clear(&x);
	/* an open row (joined with the next line): the whole block */
	assert_int_equal(pw_sections_build(&x, split, strlen(split)), 0);
	assert_int_equal(pw_mdtable_parse_rows(&x, 1, 4, &three, 1, &part), 0);
	assert_false(part.partial);
	assert_int_equal(part.nrows, 1);
	assert_string_equal(pw_mdtable_row_at(&part, 3)->cells[2], "25-Aug-2025");
	pw_mdtable_clear(&part);
	pw_sections_clear(&x);
	/* a plain block that starts no table is none */
	assert_int_equal(pw_sections_build(&x, mismatch, strlen(mismatch)), 0);
	assert_int_equal(pw_mdtable_parse_rows(&x, 1, 3, &three, 1, &part), PW_ENOTFOUND);
	pw_sections_clear(&x);
}

/* Rows cells read without cmark-gfm (strong emphasis around a whole cell,
 * escapes, <br>, '_' inside words) read as cmark-gfm reads them in the whole
 * table, and so do the rows that need it (emphasis inside a cell, code, an
 * escaped pipe, an entity, too few cells), each asked for alone. */
static void test_inert_rows(void **state)
{
	static const char text[] = "| **Ver.** | __Field Name__ | Effective\\* | Notes |\n" /* 1 */
	                           "|---|:--|--:|:-:|\n"                                    /* 2 */
	                           "| 1.0 | id_kp_x | a<br>b | plain (text), here. |\n"     /* 3 */
	                           "| 1.1 | **SC-1** |   x<br/>y | <br />tail |\n"          /* 4 */
	                           "| 1.2 | *em* | `co|de` | a\\|b |\n"                     /* 5 */
	                           "| 1.3 | _x_ | 3 * 4 | a &amp; b |\n"                    /* 6 */
	                           "| 1.4 | only |\n"                                       /* 7 */
	                           "| 1.5 | **a** b | __x__y | \\q |\n";                    /* 8 */
	pw_section_index x;
	pw_mdtable whole;
	int line;
	(void)state;
	assert_int_equal(pw_sections_build(&x, text, strlen(text)), 0);
	assert_int_equal(pw_mdtable_parse_block(&x, 1, 8, &whole), 0);
	assert_string_equal(whole.header.cells[0], "Ver.");
	assert_string_equal(whole.header.cells[2], "Effective*");
	for (line = 3; line <= 8; line++) {
		pw_mdtable part;
		assert_int_equal(pw_mdtable_parse_rows(&x, 1, 8, &line, 1, &part), 0);
		assert_int_equal(part.header.ncells, whole.header.ncells);
		assert_string_equal(part.header.cells[1], whole.header.cells[1]);
		assert_string_equal(part.header.cells[2], whole.header.cells[2]);
		expect_same_row(&part, &whole, line);
		pw_mdtable_clear(&part);
	}
	pw_mdtable_clear(&whole);
	pw_sections_clear(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_block_and_parse), cmocka_unit_test(test_indented_and_broken),
	    cmocka_unit_test(test_split_row),       cmocka_unit_test(test_parse_rows),
	    cmocka_unit_test(test_inert_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
