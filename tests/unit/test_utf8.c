/* The one UTF-8 decoder: the boundary cases of RFC 3629 section 4's syntax
 * (and of Markus Kuhn's decoder stress test), and bounded reads. */
#include "testutil.h"

#include "util/utf8.h"

#include <string.h>

static size_t len_of(const char *s)
{
	return pw_utf8_len(s, strlen(s) ? strlen(s) : 1);
}

static void test_boundaries(void **state)
{
	(void)state;
	/* first and last code point of each length */
	assert_int_equal(len_of("\x7f"), 1);
	assert_int_equal(len_of("\xc2\x80"), 2);
	assert_int_equal(len_of("\xdf\xbf"), 2);
	assert_int_equal(len_of("\xe0\xa0\x80"), 3);
	assert_int_equal(len_of("\xef\xbf\xbf"), 3);
	assert_int_equal(len_of("\xf0\x90\x80\x80"), 4);
	assert_int_equal(len_of("\xf4\x8f\xbf\xbf"), 4); /* U+10FFFF */
	/* around the surrogates */
	assert_int_equal(len_of("\xed\x9f\xbf"), 3);     /* U+D7FF */
	assert_int_equal(len_of("\xed\xa0\x80"), 0);     /* U+D800 */
	assert_int_equal(len_of("\xed\xbf\xbf"), 0);     /* U+DFFF */
	assert_int_equal(len_of("\xee\x80\x80"), 3);     /* U+E000 */
	assert_int_equal(len_of("\xf4\x90\x80\x80"), 0); /* U+110000 */
	/* overlong forms */
	assert_int_equal(len_of("\xc0\x80"), 0);
	assert_int_equal(len_of("\xc1\xbf"), 0);
	assert_int_equal(len_of("\xe0\x9f\xbf"), 0);
	assert_int_equal(len_of("\xf0\x8f\xbf\xbf"), 0);
	/* stray, truncated, impossible */
	assert_int_equal(len_of("\x80"), 0);
	assert_int_equal(len_of("\xbf"), 0);
	assert_int_equal(len_of("\xc3"), 0);
	assert_int_equal(len_of("\xe2\x82"), 0);
	assert_int_equal(len_of("\xe2\x82x"), 0);
	assert_int_equal(len_of("\xf5\x80\x80\x80"), 0);
	assert_int_equal(len_of("\xfe"), 0);
	assert_int_equal(len_of("\xff"), 0);
}

/* The bound is respected: a sequence cut by `avail` is not one, and nothing
 * after a NUL is read (ASan would see a read past these buffers). */
static void test_bounds(void **state)
{
	char euro[3] = {'\xe2', '\x82', '\xac'}; /* no NUL after it */
	char *cut = malloc(2);
	(void)state;
	assert_int_equal(pw_utf8_len(euro, 3), 3);
	assert_int_equal(pw_utf8_len(euro, 2), 0);
	assert_int_equal(pw_utf8_len(euro, 0), 0);
	cut[0] = '\xe2';
	cut[1] = '\0';
	assert_int_equal(pw_utf8_len(cut, PW_UTF8_TO_NUL), 0);
	assert_int_equal(pw_utf8_len(cut + 1, PW_UTF8_TO_NUL), 1); /* NUL: ASCII */
	free(cut);
	assert_true(pw_utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92", 14));
	assert_false(pw_utf8_valid("caf\xc3\xa9", 4));
	assert_true(pw_utf8_valid("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundaries),
	    cmocka_unit_test(test_bounds),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
