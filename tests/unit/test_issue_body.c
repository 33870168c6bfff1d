/* Neutralising untrusted upstream text, markers and state summaries. */
#include "testutil.h"

#include "util/buf.h"
#include "publish/issue_body.h"

#include <string.h>

#define ZWJ "\xe2\x80\x8d"

static char *inline_md(const char *s)
{
	pw_buf b = PW_BUF_INIT;
	assert_int_equal(pw_md_inline(&b, s), 0);
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
	assert_int_equal(pw_md_inline_upstream(&b, "Ballot (#282) & #x a/b#3", "cabforum/smime"),
	                 0);
	assert_string_equal(b.ptr,
	                    "Ballot ([#" ZWJ "282](https://github.com/cabforum/smime/issues/282)) "
	                    "&amp; #x a/b#" ZWJ "3");
	pw_buf_dispose(&b);
}

static void test_title(void **state)
{
	pw_buf b = PW_BUF_INIT;
	char long_s[600];
	(void)state;
	assert_int_equal(pw_md_title(&b, "Ballot @everyone fixes #1 <b>", 0), 0);
	assert_string_equal(b.ptr, "Ballot @" ZWJ "everyone fixes #" ZWJ "1 <b>");
	pw_buf_clear(&b);
	memset(long_s, 'a', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	assert_int_equal(pw_md_title(&b, long_s, 200), 0);
	assert_int_equal(b.len, 203); /* 200 + the ellipsis */
	pw_buf_dispose(&b);
}

static void test_fence_and_code(void **state)
{
	pw_buf b = PW_BUF_INIT;
	(void)state;
	assert_int_equal(pw_md_fence(&b, "diff", "+a ```` b\n-```\n"), 0);
	assert_string_equal(b.ptr, "`````diff\n+a ```` b\n-```\n`````\n");
	pw_buf_clear(&b);
	assert_int_equal(pw_md_fence(&b, NULL, "x"), 0);
	assert_string_equal(b.ptr, "```\nx\n```\n");
	pw_buf_clear(&b);
	assert_int_equal(pw_md_code(&b, "a`b"), 0);
	assert_string_equal(b.ptr, "``a`b``");
	pw_buf_clear(&b);
	assert_int_equal(pw_md_code(&b, "`x"), 0);
	assert_string_equal(b.ptr, "`` `x ``");
	pw_buf_dispose(&b);
}

static void test_markers(void **state)
{
	pw_issue_markers m;
	(void)state;
	assert_int_equal(pw_issue_markers_parse(&m,
	                                        "<!-- pkiwatch:issue src:SC-1 -->\n"
	                                        "<!-- pkiwatch:change src@aaa -->\n"
	                                        "<!-- pkiwatch:change src@bbb -->\r\n"
	                                        "<!-- pkiwatch:digest "
	                                        "0123456789012345678901234567890123456789 -->\n"
	                                        "<!-- pkiwatch:state status=adopted -->\n"
	                                        "text <!-- pkiwatch:change src@ccc --> inline\n"),
	                 0);
	assert_string_equal(m.key, "src:SC-1");
	assert_int_equal(m.nchanges, 2);
	assert_string_equal(m.changes[0], "src@aaa");
	assert_string_equal(m.changes[1], "src@bbb");
	assert_string_equal(m.digest, "0123456789012345678901234567890123456789");
	assert_string_equal(m.state, "status=adopted");
	assert_false(m.dashboard);
	pw_issue_markers_clear(&m);
	assert_int_equal(pw_issue_markers_parse(&m, "<!-- pkiwatch:dashboard -->\n"), 0);
	assert_true(m.dashboard);
	assert_null(m.key);
	pw_issue_markers_clear(&m);
}

static void test_state_diff(void **state)
{
	char *d;
	(void)state;
	d = pw_issue_state_diff(
	    "status=proposed changes=s@1 dates=2025-01-01 tags=smime sections=1",
	    "status=adopted changes=s@1,s@2 dates=2025-02-01 tags=smime "
	    "sections=1");
	assert_string_equal(d, "- status: proposed → adopted\n"
	                       "- changes added: `s@2`\n"
	                       "- effective dates added: `2025-02-01`\n"
	                       "- effective dates removed: `2025-01-01`\n");
	free(d);
	d = pw_issue_state_diff("status=adopted changes=s@1", "status=adopted changes=s@1");
	assert_string_equal(d, "");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inline),  cmocka_unit_test(test_inline_upstream),
	    cmocka_unit_test(test_title),   cmocka_unit_test(test_fence_and_code),
	    cmocka_unit_test(test_markers), cmocka_unit_test(test_state_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
