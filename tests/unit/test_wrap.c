/* util/wrap: paragraphs for a terminal, checked line by line by hand. */
#include "testutil.h"

#include "util/buf.h"
#include "util/wrap.h"

#include <string.h>

static char *wrapped(const char *text, size_t indent, size_t width)
{
	pw_buf b = PW_BUF_INIT;
	assert_int_equal(pw_wrap_append(&b, text, indent, width), 0);
	return b.ptr ? pw_buf_detach(&b) : strdup("");
}

static void test_words(void **state)
{
	char *s;
	(void)state;
	/* 20 columns, indent 2: room 18 */
	s = wrapped("type: issues smime certificates; audited under etsi", 2, 20);
	assert_string_equal(s, "  type: issues smime\n"
	                       "  certificates;\n"
	                       "  audited under etsi\n");
	free(s);
	/* a run of spaces is one; leading and trailing ones go */
	s = wrapped("  one   two  ", 0, 80);
	assert_string_equal(s, "one two\n");
	free(s);
	s = wrapped("", 4, 80);
	assert_string_equal(s, "");
	free(s);
}

static void test_long_word_and_utf8(void **state)
{
	char *s;
	(void)state;
	/* a word longer than the room (8) is cut; the rest goes on */
	s = wrapped("abcdefghijklmnopqrst uv", 2, 10);
	assert_string_equal(s, "  abcdefgh\n  ijklmnop\n  qrst uv\n");
	free(s);
	/* "é" and "—" are one column each: "één — twee" is 10 columns */
	s = wrapped("één — twee drie", 0, 10);
	assert_string_equal(s, "één — twee\ndrie\n");
	free(s);
	/* control characters (ESC, newline) become spaces */
	s = wrapped("red\x1b[31m\nx", 0, 80);
	assert_string_equal(s, "red [31m x\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_long_word_and_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
