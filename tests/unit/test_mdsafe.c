/* Untrusted text into Markdown: the policy of util/mdsafe.h, target by
 * target. */
#include "testutil.h"

#include "util/buf.h"
#include "util/mdsafe.h"

#include <string.h>

#define ZWJ "\xe2\x80\x8d"
#define WJ  "\xe2\x81\xa0"

static char *inline_md(const char *s)
{
	pw_buf b = PW_BUF_INIT;
	assert_int_equal(pw_mdsafe_github(&b, s), 0);
	return pw_buf_detach(&b);
}

static void test_inline(void **state)
{
	char *r;
	(void)state;
	r = inline_md("@everyone <script>alert(1)</script> #12 --> a|b [l](u) GH-3 `c` *x* "
	              "&#64;team\nline2\x01");
	assert_null(strstr(r, "@everyone"));
	assert_non_null(strstr(r, "@" ZWJ "everyone"));
	assert_null(strstr(r, "<"));
	assert_null(strstr(r, ">"));
	assert_non_null(strstr(r, "&lt;script&gt;"));
	assert_null(strstr(r, "#12"));
	assert_non_null(strstr(r, "#" ZWJ "12"));
	assert_null(strstr(r, "-->"));
	assert_non_null(strstr(r, "--&gt;"));
	assert_non_null(strstr(r, "a\\|b \\[l\\](u)"));
	assert_null(strstr(r, "GH-3"));
	assert_non_null(strstr(r, "\\`c\\` \\*x\\*"));
	assert_non_null(strstr(r, "&amp;#")); /* no entity decodes to an @ */
	assert_null(strchr(r, '\n'));
	assert_null(strchr(r, '\x01'));
	free(r);
	/* neutralising twice (a title in the job summary) adds no second joiner */
	r = inline_md("@everyone and #12");
	{
		char *again = inline_md(r);
		assert_string_equal(again, "@" ZWJ "everyone and #" ZWJ "12");
		free(again);
	}
	free(r);
	r = inline_md("bad \xff\xfe utf8 \xc3\xa9");
	assert_string_equal(r, "bad \xef\xbf\xbd\xef\xbf\xbd utf8 \xc3\xa9");
	free(r);
}

static void test_inline_upstream(void **state)
{
	pw_buf b = PW_BUF_INIT;
	(void)state;
	assert_int_equal(
	    pw_mdsafe_github_upstream(&b, "Ballot (#282) & #x a/b#3", "cabforum/smime"), 0);
	assert_string_equal(b.ptr,
	                    "Ballot ([#" ZWJ "282](https://github.com/cabforum/smime/issues/282)) "
	                    "&amp; #x a/b#" ZWJ "3");
	pw_buf_clear(&b);
}

static void test_title(void **state)
{
	pw_buf b = PW_BUF_INIT;
	char long_s[600];
	(void)state;
	assert_int_equal(pw_mdsafe_title(&b, "Ballot @everyone fixes #1 <b>", 0), 0);
	assert_string_equal(b.ptr, "Ballot @" ZWJ "everyone fixes #" ZWJ "1 <b>");
	pw_buf_reset(&b);
	memset(long_s, 'a', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	assert_int_equal(pw_mdsafe_title(&b, long_s, 200), 0);
	assert_int_equal(b.len, 203); /* 200 + the ellipsis */
	pw_buf_clear(&b);
}

static void test_fence_and_code(void **state)
{
	pw_buf b = PW_BUF_INIT;
	(void)state;
	assert_int_equal(pw_mdsafe_fence(&b, "diff", "+a ```` b\n-```\n"), 0);
	assert_string_equal(b.ptr, "`````diff\n+a ```` b\n-```\n`````\n");
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_fence(&b, NULL, "x"), 0);
	assert_string_equal(b.ptr, "```\nx\n```\n");
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_code(&b, "a`b"), 0);
	assert_string_equal(b.ptr, "``a`b``");
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_code(&b, "`x"), 0);
	assert_string_equal(b.ptr, "`` `x ``");
	pw_buf_clear(&b);
}

static void test_doc(void **state)
{
	pw_buf b = PW_BUF_INIT;
	(void)state;
	assert_int_equal(pw_mdsafe_doc(&b, "a<b>*c*_d_ [e](f) `g` #h |i| !j ~k &l;\nm"), 0);
	assert_string_equal(
	    b.ptr, "a\\<b\\>\\*c\\*\\_d\\_ \\[e\\](f) \\`g\\` \\#h \\|i\\| \\!j \\~k \\&l; m");
	/* in a document, addresses stay; controls are spaces, bad UTF-8 U+FFFD */
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_doc(&b, "Ana <a.l@x.example>\x01#1 \xff"), 0);
	assert_string_equal(b.ptr, "Ana \\<a.l@x.example\\> \\#1 \xef\xbf\xbd");
	/* math and images are no markup on GitHub either */
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_github(&b, "$x$ ![i](u)"), 0);
	assert_string_equal(b.ptr, "\\$x\\$ \\!\\[i\\](u)");
	pw_buf_clear(&b);
}

/* A definition as a block quote: indentation kept (list items stay items),
 * hard breaks but before list items and blank lines; on GitHub also no
 * autolinks. */
static void test_quote(void **state)
{
	const char *def =
	    "Term means:\n  1. a <b> https://x.example\n  2. www.y.example\n\nNext\nline";
	pw_buf b = PW_BUF_INIT;
	(void)state;
	assert_int_equal(pw_mdsafe_quote_doc(&b, def), 0);
	assert_string_equal(b.ptr, "> Term means:\n"
	                           ">   1. a \\<b\\> https://x.example\n"
	                           ">   2. www.y.example\n"
	                           ">\n"
	                           "> Next\\\n"
	                           "> line\n");
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_quote_github(&b, def), 0);
	assert_string_equal(b.ptr, "> Term means:\n"
	                           ">   1. a &lt;b&gt; https:" WJ "//x.example\n"
	                           ">   2. www" WJ ".y.example\n"
	                           ">\n"
	                           "> Next\\\n"
	                           "> line\n");
	/* indentation never makes code (4 past the enclosing item), controls are spaces */
	pw_buf_reset(&b);
	assert_int_equal(pw_mdsafe_quote_doc(&b, "            - x\x01\n                y"), 0);
	assert_string_equal(b.ptr, ">    - x \\\n>         y\n");
	pw_buf_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inline), cmocka_unit_test(test_inline_upstream),
	    cmocka_unit_test(test_title),  cmocka_unit_test(test_fence_and_code),
	    cmocka_unit_test(test_doc),    cmocka_unit_test(test_quote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
