/* util/printpage: the shared print page of forms and the evidence report. */
#include "testutil.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/printpage.h"

#include <cmark-gfm.h>
#include <string.h>

static void test_head_and_foot(void **state)
{
	pw_printpage_opts o = PW_PRINTPAGE_OPTS_INIT;
	pw_buf b = PW_BUF_INIT;
	(void)state;
	o.title = "A <b> & 'c'";
	o.css = "body{margin:0}\n";
	assert_int_equal(pw_printpage_head(&b, &o), 0);
	assert_int_equal(pw_printpage_foot(&b, NULL), 0);
	assert_string_equal(
	    b.ptr, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	           "<meta name=\"viewport\" content=\"width=device-width\">\n"
	           "<title>A &lt;b&gt; &amp; &#39;c&#39;</title>\n<style>\n"
	           "@page{size:A4;margin:20mm 18mm 22mm 18mm;@bottom-center{content:\"Page \" "
	           "counter(page) \" of \" counter(pages);font:9pt sans-serif;color:#333}}\n"
	           "body{margin:0}\n</style>\n</head>\n<body>\n</body>\n</html>\n");
	/* a running text at the top right; a script before the end */
	pw_buf_reset(&b);
	o.lang = "nl";
	o.top_right = "acme-20261204-0123abcd";
	assert_int_equal(pw_printpage_head(&b, &o), 0);
	assert_int_equal(pw_printpage_foot(&b, "x();\n"), 0);
	assert_non_null(strstr(b.ptr, "<html lang=\"nl\">"));
	assert_non_null(strstr(b.ptr, "@page{size:A4;margin:20mm 18mm 22mm 18mm;@top-right{content:"
	                              "\"acme-20261204-0123abcd\";font:8pt sans-serif;color:#555}"
	                              "@bottom-center{"));
	assert_non_null(strstr(b.ptr, "<body>\n<script>\nx();\n</script>\n</body>\n</html>\n"));
	/* the running text is a CSS string: a quote would end it */
	pw_buf_reset(&b);
	o.top_right = "a\";}body{display:none";
	assert_int_equal(pw_printpage_head(&b, &o), PW_EINPUT);
	pw_buf_clear(&b);
}

static int count_headings(struct cmark_node *doc, void *ctx)
{
	cmark_node *n;
	for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
			++*(int *)ctx;
	return 0;
}

static int refuse(struct cmark_node *doc, void *ctx)
{
	(void)doc;
	(void)ctx;
	return pw_error_set(PW_ERROR, "refused");
}

static void test_render(void **state)
{
	const char md[] = "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x</script>\n\n## U\n";
	char *html;
	int headings = 0;
	(void)state;
	assert_int_equal(
	    pw_printpage_render(&html, md, strlen(md), count_headings, &headings, "the test"), 0);
	assert_int_equal(headings, 2);
	assert_non_null(strstr(html, "<h1>T</h1>"));
	assert_non_null(strstr(html, "<td>1</td>")); /* GitHub's tables */
	assert_null(strstr(html, "<script>"));       /* raw HTML is not passed on */
	free(html);
	html = (char *)"unchanged";
	assert_int_equal(pw_printpage_render(&html, md, strlen(md), refuse, NULL, "the test"),
	                 PW_ERROR);
	assert_null(html);
	assert_string_equal(pw_error_last(), "refused");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_head_and_foot),
	    cmocka_unit_test(test_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
