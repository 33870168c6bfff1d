/* Line keys, key sets, word overlap and excerpts. */
#include "testutil.h"

#include "classify/textkey.h"
#include "util/utf8.h"

#include <string.h>

#define K(s) pw_textkey_line(s, strlen(s))

static void test_line_keys(void **state)
{
	(void)state;
	/* a re-formatted table row is the same row */
	assert_true(K("|1.0.0 |SMC01 | Initial | September 01, 2023|") ==
	            K("| 1.0.0   | SMC01    | **Initial** | September 01, 2023 |"));
	assert_true(K("| 1.0 | a |") != K("| 1.0 | b |"));
	/* prose: blanks at the ends only */
	assert_true(K("  The CA SHALL do X.\r") == K("The CA SHALL do X."));
	assert_true(K("The CA SHALL do X.") != K("The CA SHALL  do X."));
	assert_true(K("The CA SHALL do X.") != K("the CA SHALL do X."));
	assert_int_equal(K("   "), 0);
	assert_true(pw_textkey_markup("`Effective`*", 12) == pw_textkey_markup("effective", 9));
}

static void test_keyset(void **state)
{
	pw_textkey_set s = {.slots = NULL};
	uint64_t i;
	(void)state;
	assert_int_equal(pw_textkey_set_reserve(&s, 10), 0);
	for (i = 1; i <= 5000; i++) /* grows past the reserved size */
		assert_int_equal(pw_textkey_set_add(&s, i * 0x9E3779B97F4A7C15ULL | 1), 0);
	assert_int_equal(s.count, 5000);
	assert_int_equal(pw_textkey_set_add(&s, 1 * 0x9E3779B97F4A7C15ULL | 1),
	                 0); /* no duplicate */
	assert_int_equal(s.count, 5000);
	assert_true(pw_textkey_set_has(&s, 4321 * 0x9E3779B97F4A7C15ULL | 1));
	assert_false(pw_textkey_set_has(&s, 7));
	assert_false(pw_textkey_set_has(&s, 0));
	pw_textkey_set_clear(&s);
	assert_false(pw_textkey_set_has(&s, 7));
}

/* Keys are counted; removing one whose probe run others share keeps them
 * all findable (keys equal modulo the capacity collide). */
static void test_keyset_counts(void **state)
{
	pw_textkey_set s = {.slots = NULL};
	uint64_t k;
	(void)state;
	assert_int_equal(pw_textkey_set_reserve(&s, 10), 0);
	for (k = 1; k <= 6; k++) /* 1, 1025, 2049, ...: one home slot */
		assert_int_equal(pw_textkey_set_add(&s, (k - 1) * 1024 + 1), 0);
	assert_int_equal(pw_textkey_set_add(&s, 2), 0);    /* displaced by the run */
	assert_int_equal(pw_textkey_set_add(&s, 1025), 0); /* twice */
	assert_int_equal(s.count, 7);
	assert_int_equal(pw_textkey_set_count(&s, 1025), 2);
	assert_int_equal(pw_textkey_set_count(&s, 2), 1);
	assert_int_equal(pw_textkey_set_count(&s, 7), 0);
	assert_int_equal(pw_textkey_set_count(&s, 0), 0);
	pw_textkey_set_remove(&s, 1025);
	assert_true(pw_textkey_set_has(&s, 1025));
	assert_int_equal(pw_textkey_set_count(&s, 1025), 1);
	pw_textkey_set_remove(&s, 1025);
	assert_false(pw_textkey_set_has(&s, 1025));
	assert_int_equal(pw_textkey_set_count(&s, 1025), 0);
	pw_textkey_set_remove(&s, 1);
	pw_textkey_set_remove(&s, 7); /* absent: nothing */
	pw_textkey_set_remove(&s, 0);
	assert_int_equal(s.count, 5);
	for (k = 3; k <= 6; k++)
		assert_int_equal(pw_textkey_set_count(&s, (k - 1) * 1024 + 1), 1);
	assert_true(pw_textkey_set_has(&s, 2));
	assert_false(pw_textkey_set_has(&s, 1));
	pw_textkey_set_clear(&s);
	assert_int_equal(pw_textkey_set_count(&s, 2), 0);
}

static void test_overlap(void **state)
{
	const char *a = "Starting on September 15, 2024 the CA SHALL state its policy";
	const char *b = "Starting on September 15, 2024 the CA SHALL state its policy in 4.2";
	const char *frag = "| 19-Jun-2025 | 21-Jul-2025 |";
	const char *row =
	    "| 2.1.6 | SC85 | Require Validation of DNSSEC | 19-Jun-2025 | 21-Jul-2025 |";
	double j, c;
	(void)state;
	assert_int_equal(pw_textkey_overlap(&j, &c, a, strlen(a), b, strlen(b)), 0);
	assert_true(j > 0.8 && j < 1.0);
	/* a re-wrapped row's removed fragment is contained in the new row */
	assert_int_equal(pw_textkey_overlap(&j, &c, row, strlen(row), frag, strlen(frag)), 0);
	assert_true(c > 0.99);
	assert_true(j < 0.5);
	assert_true(pw_textkey_similarity("alpha beta", 10, "gamma delta", 11) < 0.01);
}

/* pw_textkey_statement on `s` (its whole length) cut at `max`. */
static void statement_is(const char *s, size_t max, const char *want)
{
	char *e = pw_textkey_statement(s, strlen(s), max);
	assert_non_null(e);
	if (strcmp(e, want) != 0)
		fail_msg("statement of '%s':\n got '%s'\nwant '%s'", s, e, want);
	assert_true(strlen(e) <= max);
	free(e);
}

/* Date lines as the issues and forms show them (issue 15): table rows as
 * their cells, Markdown read rather than shown, cut at a word with an
 * ellipsis. The inputs are lines of the real histories. */
static void test_statement(void **state)
{
	(void)state;
	/* cells: placeholders, empty cells and date-only cells go */
	statement_is(
	    "| 1.0.1 | SMC03  | Transition end for Extant S/MIME CAs | September 15, 2024|", 200,
	    "1.0.1; SMC03; Transition end for Extant S/MIME CAs");
	statement_is("| -- | -- | Transition end for Extant S/MIME CAs | -- | September 15, 2024 |",
	             200, "Transition end for Extant S/MIME CAs");
	statement_is("| -- | 83 | Network and Certificate System Security Requirements adopted | "
	             "03-Aug-13 | 01-Jan-13 |",
	             200, "83; Network and Certificate System Security Requirements adopted");
	statement_is("| 2026-03-15 | [4.2.1](#421-performing-identification) | Subject Identity "
	             "Information validation maximum data reuse period is 398 days. |",
	             200,
	             "4.2.1; Subject Identity Information validation maximum data reuse period "
	             "is 398 days.");
	statement_is("|---|:---:|", 200, "");
	statement_is("| a \\| b | c |", 200, "a | b; c"); /* an escaped bar is text */
	/* Markdown: links, reference links, emphasis, code, escapes, marks */
	statement_is("[Effective July 1, 2026][Policy-Archive]*", 200, "Effective July 1, 2026");
	statement_is("**Short-lived Subscriber Certificate**: For Certificates issued on or after "
	             "15 March 2024",
	             200,
	             "Short-lived Subscriber Certificate: For Certificates issued on or after 15 "
	             "March 2024");
	statement_is("- **prior to June 15, 2025,** include the `extendedKeyUsage` extension", 200,
	             "prior to June 15, 2025, include the extendedKeyUsage extension");
	statement_is("With the exception of [Section 3.2.2.4](#3224-validation-of-domain), and "
	             "(effective 2026-03-15) [Section 3.2.2.8](#3228-multi)",
	             200,
	             "With the exception of Section 3.2.2.4, and (effective 2026-03-15) Section "
	             "3.2.2.8");
	statement_is("### 5.3 Effective \\*now\\*<br>next line ![logo](x.png)", 200,
	             "5.3 Effective *now* next line logo");
	statement_is("> quoted <b>html</b> stays text", 200, "quoted <b>html</b> stays text");
	/* bytes: invalid UTF-8, control characters, whitespace */
	statement_is("| x |  a\tb \xff\xfe caf\xc3\xa9 |", 200, "x; a b ?? caf\xc3\xa9");
	/* the cut: at a word, with an ellipsis, within max bytes */
	statement_is("CAs SHOULD implement linting before March 15, 2025 and SHALL implement it "
	             "afterwards",
	             40, "CAs SHOULD implement linting before\xe2\x80\xa6");
	statement_is("one, two, three", 13, "one, two\xe2\x80\xa6"); /* no ", …" */
	statement_is("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", 20,
	             "Aaaaaaaaaaaaaaaaa\xe2\x80\xa6");
	statement_is("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 8, "\xe2\x82\xac\xe2\x80\xa6");
	statement_is("short", 200, "short");
	assert_true(pw_utf8_valid("caf\xc3\xa9", 5));
	assert_false(pw_utf8_valid("caf\xc3", 4));
	assert_false(pw_utf8_valid("\xc0\x80", 2));
	assert_false(pw_utf8_valid("\xed\xa0", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_line_keys),     cmocka_unit_test(test_keyset),
	    cmocka_unit_test(test_keyset_counts), cmocka_unit_test(test_overlap),
	    cmocka_unit_test(test_statement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
