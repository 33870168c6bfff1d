/* The versions a policy document declares: header lines and the Version
 * column of its change-history tables (Markdown and HTML). */
#include "testutil.h"

#include "classify/versions.h"

#include <string.h>

static void scan(const char *text, const char *want_versions, const char *want_dates)
{
	pw_strlist v = {NULL, 0}, d = {NULL, 0};
	char got_v[512] = "", got_d[512] = "";
	size_t i;
	assert_int_equal(pw_versions_scan(&v, &d, text, strlen(text)), 0);
	assert_int_equal(v.count, d.count);
	for (i = 0; i < v.count; i++) {
		strcat(got_v, i ? " " : "");
		strcat(got_v, v.items[i]);
		strcat(got_d, i ? "|" : "");
		strcat(got_d, d.items[i]);
	}
	assert_string_equal(got_v, want_versions);
	assert_string_equal(got_d, want_dates);
	pw_strlist_clear(&v);
	pw_strlist_clear(&d);
}

static void test_headers(void **state)
{
	(void)state;
	scan("# CCADB Policy\n\n*Version 2.1, Effective: March 20, 2026*\n", "2.1", "");
	scan("---\ntitle: Chrome Root Program Policy, Version 1.8\n---\n\n"
	     "# Chrome Root Program Policy, Version 1.8\n",
	     "1.8", "");
	scan("# Microsoft Root Program Requirements v1.1\n", "1.1", "");
	scan("# Microsoft Root Program Requirements v 1.0\n", "1.0", "");
	scan("# Apple Root Program Policy\n\n**Version 2.0**\n\n**Effective 2026-08-01**\n", "2.0",
	     "");
	/* no version: a version word without a number, a date, prose far below */
	scan("*Note*: This version comes into effect August 15, 2023.\n## Last updated: "
	     "2026-02-05\n",
	     "", "");
	scan("# T\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nSee Version 3.4 of the BRs.\n", "", "");
}

static void test_markdown_tables(void **state)
{
	(void)state;
	scan("## Change History\n\n|Version|Effective Date|\n|-|-|\n|2.1 (current)|March 20, "
	     "2026|\n|[2.0](https://example.org/v2.md)|July 15, 2025|\n",
	     "2.1 2.0", "March 20, 2026|July 15, 2025");
	/* the effective-date column wins over another date column */
	scan("| Version | Date | Date Effective | Notes |\n|--|--|--|--|\n"
	     "| 1.2 | May 1, 2026 | May 20, 2026 | EKUs |\n",
	     "1.2", "May 20, 2026");
	/* a table without a Version column declares nothing */
	scan("| Compliance | Section | Description |\n|--|--|--|\n| 2026-03-15 | 4.2 | x |\n", "",
	     "");
}

static void test_html_tables(void **state)
{
	(void)state;
	scan("<table border=\"1\">\n<tr valign=\"top\"><th>Version</th><th>Effective "
	     "Date</th></tr>\n<tr valign=\"top\">\n<td> <a href=https://example.org/x>1.1 "
	     "(Latest)</a>\n</td>\n<td> March 3, 2023\n</td>\n</tr>\n<tr>\n<td>1.0</td><td>January "
	     "5, "
	     "2023</td></tr>\n</table>\n",
	     "1.1 1.0", "March 3, 2023|January 5, 2023");
	/* an unterminated table is read to the end of the text */
	scan("<table><tr><th>Version</th></tr><tr><td>1.3", "1.3", "");
}

static void test_version_of_and_compare(void **state)
{
	size_t st;
	(void)state;
	assert_int_equal(pw_versions_of("[2.0](https://x/y)", 17, &st), 3);
	assert_int_equal(st, 1);
	assert_int_equal(pw_versions_of("**v1.2.3** x", 12, &st), 5);
	assert_int_equal(st, 3);
	assert_int_equal(pw_versions_of("1.0a", 4, &st), 0);
	assert_int_equal(pw_versions_of("-", 1, &st), 0);
	assert_true(pw_versions_cmp("1.10", "1.9") > 0);
	assert_true(pw_versions_cmp("1.3", "1.3.1") < 0);
	assert_int_equal(pw_versions_cmp("2.0", "2.0"), 0);
	assert_true(pw_versions_cmp("2", "1.9.9") > 0);
}

static void test_hostile_input(void **state)
{
	static char big[70000];
	pw_strlist v = {NULL, 0};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = "|<tr><td>1.|\n"[i % 13];
	assert_int_equal(pw_versions_scan(&v, NULL, big, sizeof(big) - 1), 0);
	pw_strlist_clear(&v);
	assert_int_equal(pw_versions_scan(&v, NULL, "", 0), 0);
	assert_int_equal(v.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_headers),       cmocka_unit_test(test_markdown_tables),
	    cmocka_unit_test(test_html_tables),   cmocka_unit_test(test_version_of_and_compare),
	    cmocka_unit_test(test_hostile_input),
	};
	return cmocka_run_group_tests_name("versions", tests, NULL, NULL);
}
