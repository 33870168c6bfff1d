/* Response validation, comparison (same answer / conflict / replace) and
 * response files. */
#include "testutil.h"

#include "scratch.h"

#include "util/buf.h"
#include "util/error.h"
#include "tsp/response.h"

#include <stdlib.h>
#include <string.h>

static cJSON *parse(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	return j;
}

/* Parses `text` as a response file entry; returns the error or 0. */
static int entry(pw_response *r, const char *text)
{
	cJSON *j = parse(text);
	int rc = pw_response_parse(r, "t", NULL, 0, "f.json", "$.responses[0]", j);
	cJSON_Delete(j);
	return rc;
}

static void expect_bad(const char *text, const char *msg)
{
	pw_response r;
	assert_int_equal(entry(&r, text), PW_EINPUT);
	if (!strstr(pw_error_last(), msg))
		fail_msg("'%s' lacks '%s'", pw_error_last(), msg);
}

static void test_parse_valid(void **state)
{
	pw_response r;
	(void)state;
	assert_int_equal(entry(&r, "{\"change\":\"s@1\",\"impact\":\"medium\",\"days\":3650,"
	                           "\"meets_date\":false,\"planned\":\"2025-06-01\","
	                           "\"mitigation\":\"m\",\"description\":\"d\",\"note\":\"n\"}"),
	                 0);
	assert_string_equal(r.tsp, "t");
	assert_string_equal(r.change, "s@1");
	assert_string_equal(r.impact, "medium");
	assert_int_equal(r.days, 3650);
	assert_false(r.meets_date);
	assert_string_equal(r.planned, "2025-06-01");
	assert_string_equal(r.mitigation, "m");
	assert_string_equal(r.description, "d");
	assert_string_equal(r.note, "n");
	assert_null(r.received);
	pw_response_clear(&r);
	assert_int_equal(
	    entry(&r, "{\"change\":\"s@1\",\"impact\":\"none\",\"days\":0,\"meets_date\":true}"),
	    0);
	assert_true(r.meets_date);
	assert_string_equal(r.planned, "");
	assert_null(r.description);
	pw_response_clear(&r);
}

/* The one-line description used in conflict errors and commit messages: a
 * TSP's multi-line text must not break the error onto several lines nor put
 * lines such as "Signed-off-by: ..." of its own into a commit message. */
static void test_describe_is_one_line(void **state)
{
	pw_response r;
	char *d = NULL;
	(void)state;
	assert_int_equal(entry(&r, "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":2,"
	                           "\"meets_date\":false,\"planned\":\"2025-06-01\","
	                           "\"description\":\"a\\n\\nSigned-off-by: X <x@x>\","
	                           "\"mitigation\":\"m\\r\\tn\",\"note\":\"red\"}"),
	                 0);
	/* an escape sequence as an entry recorded before they were refused has it */
	free(r.note);
	r.note = strdup("\033[31mred");
	assert_int_equal(pw_response_describe(&d, &r), 0);
	assert_string_equal(d, "impact low, 2 days, meets the date: no (planned 2025-06-01), "
	                       "description 'a  Signed-off-by: X <x@x>', mitigation 'm  n', "
	                       "note ' [31mred'");
	free(d);
	pw_response_clear(&r);
}

/* Free text: at most PW_RESPONSE_TEXT_MAX bytes, UTF-8, no control
 * characters but line breaks and tabs; the error names the field and the
 * limit. A stored entry (read back from the ledger) is not held to it. */
static void test_text_limits(void **state)
{
	char *big = malloc(PW_RESPONSE_TEXT_MAX + 200), *doc;
	pw_response r;
	(void)state;
	memset(big, 'x', PW_RESPONSE_TEXT_MAX + 1);
	big[PW_RESPONSE_TEXT_MAX + 1] = '\0';
	assert_true(asprintf(&doc,
	                     "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	                     "\"meets_date\":true,\"description\":\"%s\"}",
	                     big) > 0);
	expect_bad(doc, "$.responses[0].description: 4097 bytes, at most 4096 (4 KB)");
	free(doc);
	big[PW_RESPONSE_TEXT_MAX] = '\0'; /* exactly the limit: accepted */
	assert_true(asprintf(&doc,
	                     "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	                     "\"meets_date\":true,\"description\":\"%s\"}",
	                     big) > 0);
	assert_int_equal(entry(&r, doc), 0);
	pw_response_clear(&r);
	free(doc);
	free(big);
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,"
	           "\"note\":\"a\\u0007b\"}",
	           "$.responses[0].note: a control character");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,"
	           "\"mitigation\":\"\\u001b[2J\"}",
	           "$.responses[0].mitigation: a control character");
	assert_int_equal(entry(&r, "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	                           "\"meets_date\":true,\"note\":\"two\\nlines\\tand a tab\"}"),
	                 0);
	pw_response_clear(&r);
	/* a response's texts through the record path: the same check */
	memset(&r, 0, sizeof(r));
	r.tsp = strdup("acme");
	r.description = strdup("\xff\xfe");
	assert_int_equal(pw_response_check_texts(&r, "response", "acme"), PW_EINPUT);
	tu_assert_has(pw_error_last(), "acme.description: not UTF-8");
	pw_response_clear(&r);
}

/* The per-CA reason and action texts are held to the same limits, the error
 * naming the CA's answer by its path. */
static void test_per_ca_text_limits(void **state)
{
	char *big = malloc(PW_RESPONSE_TEXT_MAX + 2), *doc;
	pw_response r;
	(void)state;
	memset(big, 'x', PW_RESPONSE_TEXT_MAX + 1);
	big[PW_RESPONSE_TEXT_MAX + 1] = '\0';
	assert_true(asprintf(&doc,
	                     "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	                     "\"meets_date\":true,\"cas\":[{\"ca\":\"A\",\"falls_under\":\"no\"},"
	                     "{\"ca\":\"B\",\"falls_under\":\"yes\",\"reason\":\"%s\"}]}",
	                     big) > 0);
	expect_bad(doc, "f.json: $.responses[0].cas[1].reason: 4097 bytes, at most 4096 (4 KB)");
	free(doc);
	big[PW_RESPONSE_TEXT_MAX] = '\0'; /* exactly the limit: accepted */
	assert_true(asprintf(&doc,
	                     "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	                     "\"meets_date\":true,\"cas\":[{\"ca\":\"B\",\"falls_under\":\"yes\","
	                     "\"reason\":\"%s\",\"action\":\"%s\"}]}",
	                     big, big) > 0);
	assert_int_equal(entry(&r, doc), 0);
	assert_int_equal(r.ncas, 1);
	assert_int_equal(strlen(r.cas[0].action), PW_RESPONSE_TEXT_MAX);
	pw_response_clear(&r);
	free(doc);
	free(big);
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,"
	           "\"cas\":[{\"ca\":\"A\",\"falls_under\":\"no\",\"action\":\"\\u001b[2J\"}]}",
	           "f.json: $.responses[0].cas[0].action: a control character");
	/* through the record path (pkiwatch respond): the same check */
	memset(&r, 0, sizeof(r));
	r.tsp = strdup("acme");
	r.cas = calloc(1, sizeof(*r.cas));
	r.ncas = 1;
	r.cas[0].ca = strdup("A");
	r.cas[0].reason = strdup("ok");
	r.cas[0].action = strdup("\xc3\x28");
	snprintf(r.cas[0].jpath, sizeof(r.cas[0].jpath), "--ca 'A'");
	assert_int_equal(pw_response_check_texts(&r, "response", "acme"), PW_EINPUT);
	tu_assert_has(pw_error_last(), "response: --ca 'A'.action: not UTF-8");
	pw_response_clear(&r);
}

static void test_parse_invalid(void **state)
{
	(void)state;
	expect_bad("{\"change\":\"s@1\",\"impact\":\"severe\",\"days\":1,\"meets_date\":true}",
	           "f.json: $.responses[0].impact: 'severe' is not none, low, medium or high");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":-1,\"meets_date\":true}",
	           "$.responses[0].days");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":3651,\"meets_date\":true}",
	           "$.responses[0].days");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"meets_date\":true}",
	           "$.responses[0]: missing required key \"days\"");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1}",
	           "$.responses[0].meets_date: missing");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":1}",
	           "$.responses[0].meets_date: not true or false");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":false}",
	           "$.responses[0].planned: required when the date cannot be met");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,"
	           "\"planned\":\"2025-06-01\"}",
	           "$.responses[0].planned: only when the date cannot be met");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":false,"
	           "\"planned\":\"2025-02-30\"}",
	           "$.responses[0].planned: '2025-02-30' is not a date");
	expect_bad("{\"impact\":\"low\",\"days\":1,\"meets_date\":true}", "change");
	expect_bad("{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,"
	           "\"received\":\"x\"}",
	           "received"); /* bookkeeping is not the TSP's to give */
	expect_bad("[1]", "$.responses[0]");
}

static void test_same_ignores_bookkeeping(void **state)
{
	pw_response a, b;
	(void)state;
	assert_int_equal(entry(&a, "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":5,"
	                           "\"meets_date\":true,\"note\":\"n\"}"),
	                 0);
	assert_int_equal(entry(&b, "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":5,"
	                           "\"meets_date\":true,\"note\":\"n\"}"),
	                 0);
	b.received = strdup("2025-01-01T00:00:00Z");
	b.recorded_by = strdup("X <x@example.org>");
	b.form = strdup("t-20250101-00000000");
	assert_true(pw_response_same(&a, &b));
	free(b.note);
	b.note = strdup("other");
	assert_false(pw_response_same(&a, &b));
	free(b.note);
	b.note = NULL;
	assert_false(pw_response_same(&a, &b));
	b.note = strdup("n");
	b.days = 6;
	assert_false(pw_response_same(&a, &b));
	pw_response_clear(&a);
	pw_response_clear(&b);
}

/* The ledger form round-trips. */
static void test_json_round_trip(void **state)
{
	pw_response a, b;
	cJSON *j;
	(void)state;
	assert_int_equal(entry(&a, "{\"change\":\"s@1\",\"impact\":\"high\",\"days\":7,"
	                           "\"meets_date\":false,\"planned\":\"2026-01-31\"}"),
	                 0);
	a.received = strdup("2025-01-01T00:00:00Z");
	a.recorded_by = strdup("X <x@example.org>");
	assert_non_null(j = pw_response_to_json(&a));
	assert_int_equal(pw_response_parse(&b, "t", "s@1", 1, "l.json", "$.responses.t", j), 0);
	assert_true(pw_response_same(&a, &b));
	assert_string_equal(b.received, a.received);
	assert_string_equal(b.recorded_by, a.recorded_by);
	cJSON_Delete(j);
	pw_response_clear(&a);
	pw_response_clear(&b);
}

static char *file(const char *name, const char *text)
{
	char *p = scratch_path(name);
	tu_write(p, text);
	return p;
}

static void test_compare_with_ledger(void **state)
{
	pw_response r;
	int status;
	(void)state;
	scratch_new();
	scratch_put("ledger/s@1.json",
	            "{\"change\":\"s@1\",\"decision\":\"applicable\",\"tsps\":[],\"time\":\"x\","
	            "\"responses\":{\"t\":{\"impact\":\"low\",\"days\":5,\"meets_date\":true,"
	            "\"received\":\"2025-01-01T00:00:00Z\",\"recorded_by\":\"X <x@e>\"}}}");
	assert_int_equal(
	    entry(&r, "{\"change\":\"s@1\",\"impact\":\"low\",\"days\":5,\"meets_date\":true}"), 0);
	assert_int_equal(pw_response_compare(&status, scratch_dir, &r, 0), 0);
	assert_int_equal(status, PW_RESPONSE_SAME);
	r.days = 6;
	assert_int_equal(pw_response_compare(&status, scratch_dir, &r, 0), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "conflicting answers of TSP t to s@1: recorded "
	                                        "impact low, 5 days, meets the date: yes"));
	assert_non_null(strstr(pw_error_last(), "given impact low, 6 days"));
	assert_int_equal(pw_response_compare(&status, scratch_dir, &r, 1), 0);
	assert_int_equal(status, PW_RESPONSE_REPLACED);
	free(r.tsp);
	r.tsp = strdup("u");
	assert_int_equal(pw_response_compare(&status, scratch_dir, &r, 0), 0);
	assert_int_equal(status, PW_RESPONSE_NEW);
	pw_response_clear(&r);

	/* loading every response; a malformed one names file and path */
	{
		pw_responses l;
		assert_int_equal(pw_responses_load(&l, scratch_dir), 0);
		assert_int_equal(l.count, 1);
		assert_non_null(pw_responses_find(&l, "s@1", "t"));
		assert_null(pw_responses_find(&l, "s@1", "u"));
		pw_responses_clear(&l);
		scratch_put("ledger/s@2.json",
		            "{\"change\":\"s@2\",\"decision\":\"applicable\","
		            "\"responses\":{\"t\":{\"impact\":\"big\",\"days\":1,"
		            "\"meets_date\":true,\"received\":\"x\",\"recorded_by\":"
		            "\"y\"}}}");
		assert_int_equal(pw_responses_load(&l, scratch_dir), PW_EINPUT);
		assert_non_null(strstr(pw_error_last(), "s@2.json: $.responses.t.impact"));
	}
}

static void test_response_files(void **state)
{
	pw_responses l;
	char *p;
	(void)state;
	scratch_new();
	p = file(
	    "a.json",
	    "{\"tsp\":\"t\",\"form\":\"t-20250301-0a1b2c3d\",\"responses\":[{\"change\":\"s@1\","
	    "\"impact\":\"low\",\"days\":1,\"meets_date\":true},{\"change\":\"s@2\","
	    "\"impact\":\"none\",\"days\":0,\"meets_date\":true}]}");
	assert_int_equal(pw_response_file_load(&l, p), 0);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[1].tsp, "t");
	assert_string_equal(l.items[1].change, "s@2");
	assert_string_equal(l.items[1].form, "t-20250301-0a1b2c3d");
	pw_responses_clear(&l);
	free(p);
#define BADFILE(text, msg)                                                                         \
	do {                                                                                       \
		p = file("b.json", text);                                                          \
		assert_int_equal(pw_response_file_load(&l, p), PW_EINPUT);                         \
		if (!strstr(pw_error_last(), msg) || !strstr(pw_error_last(), "b.json"))           \
			fail_msg("'%s' lacks '%s'", pw_error_last(), msg);                         \
		assert_int_equal(l.count, 0);                                                      \
		free(p);                                                                           \
	} while (0)
	BADFILE("{\"tsp\":\"T!\",\"responses\":[]}", "$.tsp: 'T!' is not a TSP id");
	BADFILE("{\"responses\":[]}", "tsp");
	/* another TSP's form, or no form id at all */
	BADFILE("{\"tsp\":\"t\",\"form\":\"u-20250301-0a1b2c3d\",\"responses\":[{\"change\":"
	        "\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}]}",
	        "$.form: 'u-20250301-0a1b2c3d' is not a form id of TSP t");
	BADFILE("{\"tsp\":\"t\",\"form\":\"t-20250301-0a1b2c3d\\r\\nX\",\"responses\":[{"
	        "\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}]}",
	        "$.form: ");
	BADFILE("{\"tsp\":\"t\",\"responses\":[]}", "$.responses: no response");
	BADFILE("{\"tsp\":\"t\",\"obligations\":[]}",
	        "$.responses: missing (no answer in $.obligations either)");
	BADFILE("{\"tsp\":\"t\",\"obligations\":[{\"obligation\":\"ob-t-1\",\"status\":"
	        "\"done\"}]}",
	        "$.obligations[0].evidence: required when the status is done");
	/* answers about obligations only: tsp and form on each */
	p = file("o.json", "{\"tsp\":\"t\",\"form\":\"t-20250301-0a1b2c3d\",\"obligations\":[{"
	                   "\"obligation\":\"ob-t-1\",\"status\":\"in-progress\"}]}");
	assert_int_equal(pw_response_file_load(&l, p), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(l.obligations.count, 1);
	assert_string_equal(l.obligations.items[0].tsp, "t");
	assert_string_equal(l.obligations.items[0].form, "t-20250301-0a1b2c3d");
	pw_responses_clear(&l);
	free(p);
	BADFILE("{\"tsp\":\"t\",\"responses\":[],\"x\":1}", "x");
	BADFILE("{\"tsp\":\"t\",\"responses\":[{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true},{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true}]}",
	        "$.responses[1].change: s@1 is answered twice");
	BADFILE("{\"tsp\":\"t\",\"responses\":[{\"change\":\"s@1\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true},{\"change\":\"s@2\",\"impact\":\"low\",\"days\":\"1\","
	        "\"meets_date\":true}]}",
	        "$.responses[1].days");
	BADFILE("{\"tsp\":", "b.json");
	/* several changes answered twice: the first second answer in the file */
	BADFILE("{\"tsp\":\"t\",\"responses\":[{\"change\":\"s@a\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true},{\"change\":\"s@b\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true},{\"change\":\"s@b\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true},{\"change\":\"s@a\",\"impact\":\"low\",\"days\":1,"
	        "\"meets_date\":true}]}",
	        "$.responses[2].change: s@b is answered twice (also $.responses[1])");
#undef BADFILE
}

/* A response file near the size bound (30,000 answers): loaded, and a repeat
 * at its end found, with both positions (the check sorts; it used to compare
 * every answer with every earlier one). */
static void test_large_response_file(void **state)
{
	pw_buf b = PW_BUF_INIT;
	pw_responses l;
	char *p;
	int k;
	(void)state;
	scratch_new();
	assert_int_equal(pw_buf_puts(&b, "{\"tsp\":\"t\",\"responses\":["), 0);
	for (k = 0; k < 30000; k++)
		assert_int_equal(pw_buf_printf(&b,
		                               "%s{\"change\":\"s@%d\",\"impact\":\"low\",\"days\":"
		                               "1,\"meets_date\":true}",
		                               k ? "," : "", k),
		                 0);
	assert_int_equal(pw_buf_puts(&b, "]}"), 0);
	p = file("big.json", b.ptr);
	assert_int_equal(pw_response_file_load(&l, p), 0);
	assert_int_equal(l.count, 30000);
	assert_string_equal(l.items[29999].change, "s@29999");
	pw_responses_clear(&l);
	free(p);
	b.len -= 2;
	b.ptr[b.len] = '\0';
	assert_int_equal(pw_buf_puts(&b, ",{\"change\":\"s@5\",\"impact\":\"low\",\"days\":1,"
	                                 "\"meets_date\":true}]}"),
	                 0);
	p = file("big.json", b.ptr);
	assert_int_equal(pw_response_file_load(&l, p), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(),
	                       "$.responses[30000].change: s@5 is answered twice (also "
	                       "$.responses[5])"));
	assert_int_equal(l.count, 0);
	free(p);
	pw_buf_clear(&b);
}

#define ANSWER(change)                                                                             \
	"{\"change\":\"" change "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}"

/* Checks the response file `text` against TSP t's issuance record in `scratch_dir`;
 * returns the error or 0, *unchecked as pw_response_form_check says. */
static int form_check(const char *tsp, const char *text, int *unchecked)
{
	pw_responses l;
	pw_issued issued;
	char *p = file("r.json", text);
	int exists = -1, rc;
	assert_int_equal(pw_response_file_load(&l, p), 0);
	assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, tsp), 0);
	assert_int_equal(exists, strcmp(tsp, "t") == 0);
	rc = pw_response_form_check(unchecked, &l, &issued, exists, p);
	pw_issued_clear(&issued);
	pw_responses_clear(&l);
	free(p);
	return rc;
}

static void expect_form_error(const char *text, const char *msg)
{
	int unchecked = -1;
	assert_int_equal(form_check("t", text, &unchecked), PW_EINPUT);
	if (!strstr(pw_error_last(), msg) || !strstr(pw_error_last(), "r.json: "))
		fail_msg("'%s' lacks '%s'", pw_error_last(), msg);
}

/* The form a response file answers, against the TSP's issuance record: a form
 * issued to it, asking about every change answered; a form reissued later
 * with more changes does not make the first one ask about them; a TSP with no
 * record at all (forms from before records were kept) is not checked. */
static void test_form_checked_against_issuance(void **state)
{
	int unchecked = -1;
	(void)state;
	scratch_new();
	scratch_put("ledger/forms/t.json",
	            "{\"tsp\":\"t\",\"forms\":["
	            "{\"form\":\"t-20250301-aaaaaaaa\",\"generated\":\"2025-03-01\","
	            "\"reply_by\":\"2025-03-31\",\"changes\":[\"s@1\",\"s@2\"]},"
	            "{\"form\":\"t-20250310-bbbbbbbb\",\"generated\":\"2025-03-10\","
	            "\"reply_by\":\"2025-03-24\",\"changes\":[\"s@1\",\"s@2\",\"s@3\"]}]}");
	/* the first form, answered in part and in full; the reissued one */
	assert_int_equal(form_check("t",
	                            "{\"tsp\":\"t\",\"form\":\"t-20250301-aaaaaaaa\","
	                            "\"responses\":[" ANSWER("s@2") "]}",
	                            &unchecked),
	                 0);
	assert_int_equal(unchecked, 0);
	assert_int_equal(form_check("t",
	                            "{\"tsp\":\"t\",\"form\":\"t-20250301-aaaaaaaa\","
	                            "\"responses\":[" ANSWER("s@1") "," ANSWER("s@2") "]}",
	                            &unchecked),
	                 0);
	assert_int_equal(form_check("t",
	                            "{\"tsp\":\"t\",\"form\":\"t-20250310-bbbbbbbb\","
	                            "\"responses\":[" ANSWER("s@3") "," ANSWER("s@1") "]}",
	                            &unchecked),
	                 0);
	/* no form: the officer's own entry, not checked against a form */
	assert_int_equal(
	    form_check("t", "{\"tsp\":\"t\",\"responses\":[" ANSWER("s@9") "]}", &unchecked), 0);
	assert_int_equal(unchecked, 0);
	/* a change only the later form asked about, answered on the first */
	expect_form_error("{\"tsp\":\"t\",\"form\":\"t-20250301-aaaaaaaa\",\"responses\":[" ANSWER(
	                      "s@1") "," ANSWER("s@3") "]}",
	                  "$.responses[1].change: form t-20250301-aaaaaaaa (issued 2025-03-01) did "
	                  "not ask about s@3; form t-20250310-bbbbbbbb (issued 2025-03-10) did");
	/* a change no form asked about */
	expect_form_error(
	    "{\"tsp\":\"t\",\"form\":\"t-20250310-bbbbbbbb\",\"responses\":[" ANSWER("s@4") "]}",
	    "$.responses[0].change: form t-20250310-bbbbbbbb (issued 2025-03-10) did "
	    "not ask about s@4; no form issued to TSP t did");
	/* a well-formed id of this TSP that was never issued */
	expect_form_error(
	    "{\"tsp\":\"t\",\"form\":\"t-20250301-cccccccc\",\"responses\":[" ANSWER("s@1") "]}",
	    "$.form: form t-20250301-cccccccc was never issued to TSP t (it is not in "
	    "ledger/forms/t.json)");
	/* TSP u has no record at all: its form cannot be checked */
	assert_int_equal(form_check("u",
	                            "{\"tsp\":\"u\",\"form\":\"u-20250301-cccccccc\","
	                            "\"responses\":[" ANSWER("s@1") "]}",
	                            &unchecked),
	                 0);
	assert_int_equal(unchecked, 1);
	/* a damaged record is an error naming it */
	scratch_put("ledger/forms/t.json", "{\"tsp\":\"t\",\"forms\":[{}]}");
	{
		pw_issued issued;
		int exists = -1;
		assert_int_equal(pw_issued_load_tsp(&issued, &exists, scratch_dir, "t"), PW_EINPUT);
		assert_non_null(strstr(pw_error_last(), "ledger/forms/t.json: $.forms[0]"));
		assert_int_equal(issued.count, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_valid),
	    cmocka_unit_test(test_describe_is_one_line),
	    cmocka_unit_test(test_text_limits),
	    cmocka_unit_test(test_per_ca_text_limits),
	    cmocka_unit_test(test_parse_invalid),
	    cmocka_unit_test(test_same_ignores_bookkeeping),
	    cmocka_unit_test(test_json_round_trip),
	    cmocka_unit_test_teardown(test_compare_with_ledger, scratch_teardown),
	    cmocka_unit_test_teardown(test_response_files, scratch_teardown),
	    cmocka_unit_test_teardown(test_large_response_file, scratch_teardown),
	    cmocka_unit_test_teardown(test_form_checked_against_issuance, scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
