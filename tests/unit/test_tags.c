/* Tag rules: loading (with errors naming file and path) and matching. */
#include "testutil.h"

#include "util/error.h"
#include "classify/tags.h"

#include <stdio.h>
#include <string.h>

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	return dir ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

static int load(const char *json, pw_tag_rules **out)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/tags.json", dir);
	tu_write(path, json);
	return pw_tags_load(out, path);
}

static int match(const pw_tag_rule *r, const char *doc, const char *sec, const char *title,
                 const char *text, int added)
{
	char low[512];
	pw_tags_line line;
	size_t i, n = strlen(text);
	for (i = 0; i <= n && i < sizeof(low); i++)
		low[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
	pw_tags_line_init(&line, low, n);
	return pw_tags_rule_matches(r, doc, sec, title, &line, added);
}

static void test_project_rules_load(void **state)
{
	pw_tag_rules *r = NULL;
	(void)state;
	assert_int_equal(pw_tags_load(&r, tu_src_path("rules/tags.json")), 0);
	assert_true(r->count >= 5);
	pw_tags_free(r);
}

static void test_matching(void **state)
{
	pw_tag_rules *r = NULL;
	(void)state;
	assert_int_equal(
	    load("{\"rules\": ["
	         "{\"tags\": [\"audit\"], \"documents\": [\"SBR.md\"], \"sections\": [\"8\", "
	         "\"8.*\"]},"
	         "{\"tags\": [\"extant-ca\"], \"all\": [[\"existing\"], [\"root ca\", \"sub ca\"]],"
	         " \"none\": [\"not\"], \"added_only\": true},"
	         "{\"tags\": [\"tls\"], \"titles\": [\"tls\"], \"not_titles\": [\"email\"]},"
	         "{\"tags\": [\"smime\"], \"phrases\": [\"email trust bit\"]},"
	         "{\"tags\": [\"tls\", \"smime\"], \"fallback\": true},"
	         "{\"tags\": [\"audit\"], \"title_starts\": [\"Audit\"], \"sentence\": "
	         "[\"Audit\"]}]}",
	         &r),
	    0);
	assert_int_equal(r->count, 6);
	assert_int_equal(r->rules[0].tags, PW_TAG_AUDIT);
	assert_true(match(&r->rules[0], "SBR.md", "8.4", NULL, "x", 0));
	assert_true(match(&r->rules[0], "SBR.md", "8", NULL, "x", 1));
	assert_false(match(&r->rules[0], "SBR.md", "8a", NULL, "x", 1));
	assert_false(match(&r->rules[0], "SBR.md", "1.8.4", NULL, "x", 1));
	assert_false(match(&r->rules[0], "docs/BR.md", "8.4", NULL, "x", 1));
	/* no document: the caller decided the rule applies (once per document) */
	assert_false(pw_tags_rule_for_doc(&r->rules[0], "docs/BR.md"));
	assert_true(pw_tags_rule_for_doc(&r->rules[0], "cabforum-smime:SBR.md"));
	assert_true(match(&r->rules[0], NULL, "8.4", NULL, "x", 1));
	assert_false(match(&r->rules[0], NULL, "1.8.4", NULL, "x", 1));
	assert_false(match(&r->rules[0], "SBR.md", NULL, NULL, "x", 1));
	assert_true(
	    match(&r->rules[1], "a.md", NULL, NULL, "Existing Root CA certificates MUST", 1));
	assert_false(match(&r->rules[1], "a.md", NULL, NULL, "Existing Root CA certificates", 0));
	assert_false(match(&r->rules[1], "a.md", NULL, NULL, "existing certificates", 1));
	assert_false(match(&r->rules[1], "a.md", NULL, NULL, "existing root ca: not", 1));
	assert_true(match(&r->rules[2], "a.md", "6.1", "TLS", "x", 1));
	assert_false(match(&r->rules[2], "a.md", "6.1", "TLS and email", "x", 1));
	assert_false(match(&r->rules[2], "a.md", "6.1", NULL, "x", 1));
	/* titles are matched without regard to case, and only within the title */
	assert_true(match(&r->rules[2], "a.md", "6.1", "Subscriber Certificates (tLs)", "x", 1));
	assert_false(match(&r->rules[2], "a.md", "6.1", "TL", "x", 1));
	assert_false(match(&r->rules[2], "a.md", "6.1", "EMAIL over TLS", "x", 1));
	assert_true(match(&r->rules[3], "a.md", NULL, NULL, "the Email Trust Bit", 0));
	assert_false(match(&r->rules[4], "a.md", NULL, NULL, "anything", 1)); /* fallback */
	assert_true(r->rules[4].fallback);
	/* title_starts: what the title starts with, case ignored; the sentence
	 * phrases (lower-cased) are the classifier's to check, on its text */
	assert_true(match(&r->rules[5], "a.md", "5.1", "audit Statement Content", "x", 1));
	assert_true(match(&r->rules[5], "a.md", "5.1", "  Auditors", "x", 1));
	assert_false(match(&r->rules[5], "a.md", "5", "Policies and Audit Information", "x", 1));
	assert_false(match(&r->rules[5], "a.md", "5", "Aud", "x", 1));
	assert_false(match(&r->rules[5], "a.md", "5", NULL, "x", 1));
	assert_int_equal(r->rules[5].sentence.count, 1);
	assert_string_equal(r->rules[5].sentence.items[0], "audit");
	pw_tags_free(r);
}

/* The byte-pair filter only rules phrases out: a phrase whose pairs all
 * stand in the line, but apart, is still searched for and not found; one at
 * either end of the line, or of one byte (no pairs), is found. */
static void test_phrase_filter(void **state)
{
	pw_tag_rules *r = NULL;
	(void)state;
	assert_int_equal(load("{\"rules\": [{\"tags\": [\"audit\"], "
	                      "\"phrases\": [\"abc\", \"x\", \"yz end\"]}]}",
	                      &r),
	                 0);
	assert_true(match(&r->rules[0], "a.md", NULL, NULL, "abc", 1));
	assert_true(match(&r->rules[0], "a.md", NULL, NULL, "one two yz END", 1));
	assert_true(match(&r->rules[0], "a.md", NULL, NULL, "X", 1));
	/* "ab" and "bc" both stand here, "abc" does not */
	assert_false(match(&r->rules[0], "a.md", NULL, NULL, "ab bc yz en", 1));
	assert_false(match(&r->rules[0], "a.md", NULL, NULL, "", 1));
	assert_false(match(&r->rules[0], "a.md", NULL, NULL, "ab", 1));
	pw_tags_free(r);
}

/* Two lines joined: the byte pairs are those of the joined text read
 * whole, also when a side is empty; a phrase across the joint is found. */
static void test_line_join(void **state)
{
	static const char *const sides[][2] = {
	    {"the first line ends in", "code signing here"}, {"", "b"}, {"a", ""}, {"", ""}};
	pw_tag_rules *r = NULL;
	size_t k;
	(void)state;
	assert_int_equal(load("{\"rules\": [{\"tags\": [\"code-signing\"], "
	                      "\"phrases\": [\"ends in code signing\"]}]}",
	                      &r),
	                 0);
	for (k = 0; k < sizeof(sides) / sizeof(sides[0]); k++) {
		const char *a = sides[k][0], *b = sides[k][1];
		char joined[128];
		pw_tags_line la, lb, whole, line;
		snprintf(joined, sizeof(joined), "%s %s", a, b);
		pw_tags_line_init(&la, a, strlen(a));
		pw_tags_line_init(&lb, b, strlen(b));
		pw_tags_line_init(&whole, joined, strlen(joined));
		pw_tags_line_join(&line, joined, strlen(joined), &la, &lb);
		assert_memory_equal(&line.pairs, &whole.pairs, sizeof(whole.pairs));
		assert_int_equal(pw_tags_rule_matches(&r->rules[0], "a.md", NULL, NULL, &line, 1),
		                 k == 0);
	}
	pw_tags_free(r);
}

static void expect_error(const char *json, const char *fragment)
{
	pw_tag_rules *r = NULL;
	assert_int_equal(load(json, &r), PW_EINPUT);
	assert_null(r);
	if (!strstr(pw_error_last(), fragment))
		fail_msg("error '%s' lacks '%s'", pw_error_last(), fragment);
	assert_non_null(strstr(pw_error_last(), "tags.json"));
}

static void test_bad_rules(void **state)
{
	(void)state;
	expect_error("{\"rules\": [{\"tags\": [\"bogus\"]}]}", "unknown tag 'bogus'");
	expect_error("{\"rules\": [{\"tags\": [\"tls\"], \"sections\": [1]}]}",
	             "$.rules[0].sections[0]");
	expect_error("{\"rules\": [{\"tags\": [\"tls\"], \"colour\": 1}]}", "colour");
	expect_error("{\"rules\": [{\"phrases\": [\"x\"]}]}", "tags");
	expect_error("{\"rules\": [{\"tags\": [\"tls\"], \"all\": [\"x\"]}]}", "$.rules[0].all[0]");
	expect_error("{\"rules\": [{\"tags\": [\"tls\"], \"added_only\": 1}]}", "added_only");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"novel\": \"yes\"}]}",
	             "$.rules[0].novel: expected true or false");
	expect_error("{\"rules\": [{\"tags\": [\"extant-ca\"], \"wrapped\": 0}]}",
	             "$.rules[0].wrapped: expected true or false");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"reworded\": 0}]}",
	             "$.rules[0].reworded: expected a whole number from 1 to 1000");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"reworded\": 2.5}]}",
	             "$.rules[0].reworded: expected a whole number from 1 to 1000");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"reworded\": 3, \"novel\": true}]}",
	             "$.rules[0]: \"reworded\" and \"novel\" exclude each other");
	expect_error("{\"rules\": [{\"tags\": [\"ev\"], \"new_sentence\": \"yes\"}]}",
	             "$.rules[0].new_sentence: expected true or false");
	expect_error("{\"rules\": [{\"tags\": [\"ev\"], \"new_sentence\": true, \"novel\": true}]}",
	             "$.rules[0]: \"new_sentence\" excludes \"reworded\" and \"novel\"");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"sentence\": \"audit\"}]}", "sentence");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"title_starts\": [1]}]}",
	             "title_starts");
	/* "sentence" is honoured on single changed lines only */
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"sentence\": [\"a\"], "
	             "\"wrapped\": true}]}",
	             "$.rules[0]: \"sentence\" excludes \"wrapped\"");
	expect_error("{\"rules\": [{\"tags\": [\"audit\"], \"sentence\": [\"a\"], "
	             "\"new_sentence\": true}]}",
	             "$.rules[0]: \"sentence\" excludes");
	expect_error("{\"rules\": [{\"tags\": [\"audit\", \"tls\"], \"sentence\": [\"a\"]}]}",
	             "certificate-type tags");
	expect_error("{\"rules\": [}", "tags.json");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_project_rules_load), cmocka_unit_test(test_matching),
	    cmocka_unit_test(test_phrase_filter),      cmocka_unit_test(test_line_join),
	    cmocka_unit_test(test_bad_rules),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
