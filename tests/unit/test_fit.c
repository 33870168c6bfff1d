/* Texts fitted to GitHub's body limit: unchanged when short; cut at a line or
 * character boundary with a note; markers kept whole; fences and <details>
 * closed; per-change markers left out before the others. */
#include "testutil.h"

#include "publish/fit.h"
#include "publish/issue.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#include <string.h>

static char *fit(const char *text, size_t max, const char *more)
{
	char *out = NULL;
	if (pw_fit_text(&out, text, max, more) < 0)
		fail_msg("pw_fit_text: %s", pw_error_last());
	assert_true(strlen(out) <= max);
	return out;
}

static void test_short_unchanged(void **state)
{
	char *out;
	(void)state;
	out = fit("<!-- pkiwatch:issue k -->\nhello\n", 100, "more");
	assert_string_equal(out, "<!-- pkiwatch:issue k -->\nhello\n");
	free(out);
}

/* Lines of text after the markers; the cut leaves every marker whole (also
 * one after the cut) and says how much was left out and where to look. */
static void test_cut_keeps_markers(void **state)
{
	pw_buf b = PW_BUF_INIT;
	pw_issue_markers m;
	char *out;
	int i;
	(void)state;
	pw_buf_puts(&b, "<!-- pkiwatch:issue src:SMC-1 -->\n<!-- pkiwatch:change src@1 -->\n");
	for (i = 0; i < 200; i++)
		pw_buf_printf(&b, "line %03d of the text\n", i);
	pw_buf_puts(&b, "<!-- pkiwatch:digest 0123456789012345678901234567890123456789 -->\n");
	out = fit(b.ptr, 2000, "See `pkiwatch changes`.");
	tu_assert_has(out, "line 000 of the text\n");
	tu_assert_lacks(out, "line 199");
	tu_assert_has(out, "**Cut to fit GitHub's limit of 65,536 characters:** ");
	tu_assert_has(out, "bytes of text left out. See `pkiwatch changes`.\n");
	assert_int_equal(pw_issue_markers_parse(&m, out), 0);
	assert_string_equal(m.key, "src:SMC-1");
	assert_string_equal(m.digest, "0123456789012345678901234567890123456789");
	assert_int_equal(m.nchanges, 1);
	pw_issue_markers_clear(&m);
	free(out);
	pw_buf_clear(&b);
}

/* One long line of multi-byte characters: cut between characters; an open
 * code fence and <details> are closed before the note. */
static void test_utf8_fence_details(void **state)
{
	pw_buf b = PW_BUF_INIT;
	char *out, *note;
	int i;
	(void)state;
	pw_buf_puts(&b, "<details><summary>Diff</summary>\n\n````diff\n");
	for (i = 0; i < 3000; i++)
		pw_buf_puts(&b, "\xc3\xa9\xe2\x82\xac"); /* é€ */
	pw_buf_puts(&b, "\n````\n\n</details>\n");
	out = fit(b.ptr, 1500, NULL);
	assert_true(pw_utf8_valid(out, strlen(out)));
	note = strstr(out, "\n---\n");
	assert_non_null(note);
	/* the fence closed with as many backticks, then </details> */
	tu_assert_has(out, "\n````\n</details>\n\n---\n");
	free(out);
	pw_buf_clear(&b);
}

/* Per-change markers that do not fit are left out (the last ones), the
 * others kept; the note counts them. Markers alone too large: an error. */
static void test_per_change_markers(void **state)
{
	pw_buf b = PW_BUF_INIT;
	pw_issue_markers m;
	char *out = NULL;
	int i;
	(void)state;
	pw_buf_puts(&b, "<!-- pkiwatch:issue src:SMC-2 -->\n");
	for (i = 0; i < 400; i++)
		pw_buf_printf(&b, "<!-- pkiwatch:change src@%04d -->\n", i);
	pw_buf_puts(&b, "<!-- pkiwatch:state status=adopted -->\n\nSome text.\n");
	out = fit(b.ptr, 4000, NULL);
	assert_int_equal(pw_issue_markers_parse(&m, out), 0);
	assert_string_equal(m.key, "src:SMC-2");
	assert_string_equal(m.state, "status=adopted");
	assert_true(m.nchanges > 10 && m.nchanges < 400);
	assert_string_equal(m.changes[0], "src@0000");
	tu_assert_has(out, "Some text.\n");
	tu_assert_has(out, "of the hidden per-change markers");
	pw_issue_markers_clear(&m);
	free(out);
	out = NULL;
	assert_int_equal(pw_fit_text(&out, b.ptr, 100, NULL), PW_EINPUT);
	assert_null(out);
	pw_buf_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_short_unchanged),
	    cmocka_unit_test(test_cut_keeps_markers),
	    cmocka_unit_test(test_utf8_fence_details),
	    cmocka_unit_test(test_per_change_markers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
