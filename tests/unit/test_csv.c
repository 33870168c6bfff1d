/* CSV (util/csv): quoting, the apostrophe before formula-like text and its
 * removal on reading, RFC 4180 quoted fields with commas, quotes and line
 * breaks, CRLF and LF, a byte-order mark, and the errors (an unclosed quote,
 * text after a closing quote, a field too long, a NUL byte) naming the row or
 * cell. */
#include "testutil.h"

#include "util/csv.h"
#include "util/error.h"

#include <string.h>

static char *row(const char *const *f, size_t n)
{
	pw_buf b = PW_BUF_INIT;
	assert_int_equal(pw_csv_put_row(&b, f, n), 0);
	return pw_buf_detach(&b);
}

static void test_write(void **state)
{
	const char *plain[] = {"a", "b c", ""};
	const char *quoted[] = {"x,y", "say \"hi\"", "two\nlines", " lead"};
	const char *formula[] = {"=1+2", "+1", "-1", "@SUM(A1)", "\tx", "a=b"};
	char *s;
	(void)state;
	s = row(plain, 3);
	assert_string_equal(s, "a,b c,\r\n");
	free(s);
	s = row(quoted, 4);
	assert_string_equal(s, "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\" lead\"\r\n");
	free(s);
	s = row(formula, 6);
	assert_string_equal(s, "'=1+2,'+1,'-1,'@SUM(A1),'\tx,a=b\r\n");
	free(s);
}

static void parse_ok(pw_grid *g, const char *text)
{
	assert_int_equal(pw_csv_parse(g, "t.csv", text, strlen(text), 100), 0);
}

static void test_read(void **state)
{
	pw_grid g = {NULL, 0};
	(void)state;
	parse_ok(&g, "\xef\xbb\xbf"
	             "a,\"x,y\",'=1+2\r\n"
	             "\"two\r\nlines\",\"say \"\"hi\"\"\",'\n"
	             "\n"
	             "last");
	assert_int_equal(g.nrows, 4);
	assert_string_equal(pw_grid_text(&g, 0, 0), "a");
	assert_string_equal(pw_grid_text(&g, 0, 1), "x,y");
	assert_string_equal(pw_grid_text(&g, 0, 2), "=1+2"); /* the apostrophe is taken off */
	assert_string_equal(pw_grid_text(&g, 1, 0), "two\r\nlines");
	assert_string_equal(pw_grid_text(&g, 1, 1), "say \"hi\"");
	assert_string_equal(pw_grid_text(&g, 1, 2), "'"); /* a lone apostrophe stays */
	assert_string_equal(pw_grid_text(&g, 2, 0), "");
	assert_string_equal(pw_grid_text(&g, 3, 0), "last");
	assert_string_equal(pw_grid_text(&g, 9, 9), "");
	pw_grid_clear(&g);
}

/* what pw_csv_put_field writes, pw_csv_parse reads back unchanged */
static void test_round_trip(void **state)
{
	const char *f[] = {"=HYPERLINK(\"x\")", "-", "@", "a,b\n\"c\"", " x ", "plain"};
	pw_grid g = {NULL, 0};
	char *s = row(f, 6);
	size_t i;
	(void)state;
	parse_ok(&g, s);
	for (i = 0; i < 6; i++)
		assert_string_equal(pw_grid_text(&g, 0, i), f[i]);
	free(s);
	pw_grid_clear(&g);
}

static void bad(const char *text, size_t len, const char *msg)
{
	pw_grid g = {NULL, 0};
	assert_int_equal(pw_csv_parse(&g, "t.csv", text, len, 8), PW_EINPUT);
	assert_string_equal(pw_error_last(), msg);
	assert_int_equal(g.nrows, 0);
}

static void test_errors(void **state)
{
	(void)state;
	bad("a,b\n\"open", 9, "t.csv: row 2: quoted field not closed");
	bad("a,\"b\"c", 6, "t.csv: cell B1: text after a closing quote");
	bad("a\nb,123456789", 13, "t.csv: cell B2: longer than 8 bytes");
	bad("a\n\"123456789\"", 13, "t.csv: cell A2: longer than 8 bytes");
	bad("a\0b", 3, "t.csv: row 1: NUL byte");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_write),
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
