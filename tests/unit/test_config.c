/* Configuration and sources: loading, and the errors for bad input. */
#include "testutil.h"

#include "core/config.h"
#include "util/error.h"
#include "core/sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pw_sources *sources;
static char *dir;

static int setup(void **state)
{
	(void)state;
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	if (pw_sources_load_default(&sources) < 0)
		return -1;
	dir = tu_tempdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pw_sources_free(sources);
	tu_rmrf(dir);
	free(dir);
	return 0;
}

/* Writes `json` to a config file and loads it; returns the code. */
static int load(const char *json, pw_config **cfg)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/pkiwatch.json", dir);
	tu_write(path, json);
	return pw_config_load(cfg, path, sources);
}

static void test_sources_has_nine(void **state)
{
	const pw_source *s;
	(void)state;
	assert_int_equal(sources->count, 9);
	s = pw_sources_find(sources, "chrome-rootprogram");
	assert_non_null(s);
	/* the policy under its earlier names is the same document */
	assert_ptr_equal(pw_sources_document(s, "policy.md"),
	                 pw_sources_document(s, "content/index.md"));
	assert_string_equal(pw_sources_document(s, "policy.md")->version_prefix, "CHROME");
	assert_null(pw_sources_document(s, "content/policy-archive/policy-version-1-7.md"));
	s = pw_sources_find(sources, "mozilla-ccadb");
	assert_non_null(s);
	assert_true(pw_sources_document(s, "cas/self-assessment.md")->versioned);
	assert_null(pw_sources_document(s, "cas/self-assessment.md")->version_prefix);
	assert_null(pw_sources_document(s, "index.md"));
	s = pw_sources_find(sources, "mozilla-pkipolicy");
	assert_non_null(s);
	assert_string_equal(s->branch, "master");
	s = pw_sources_find(sources, "cabforum-servercert");
	assert_non_null(pw_sources_document(s, "docs/EVG.md"));
	assert_int_equal(pw_sources_document(s, "docs/EVG.md")->ntags, 2);
}

static void test_example_config_loads(void **state)
{
	pw_config *cfg = NULL;
	(void)state;
	assert_int_equal(
	    pw_config_load(&cfg, tu_src_path("examples/compliance/pkiwatch.json"), sources), 0);
	assert_non_null(cfg->repository);
	assert_true(cfg->nofficers >= 1);
	assert_true(cfg->nsources >= 1);
	pw_config_free(cfg);
}

#define OFFICERS_ "\"officers\":[{\"name\":\"N\",\"email\":\"n@example.org\"}]"

static void expect_error(const char *json, const char *fragment);

static void test_minimal_defaults_all_sources(void **state)
{
	pw_config *cfg = NULL;
	(void)state;
	assert_int_equal(load("{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\","
	                      "\"email\":\"n@example.org\"}]}",
	                      &cfg),
	                 0);
	assert_int_equal(cfg->nsources, 9);
	assert_string_equal(cfg->since, "");
	assert_true(pw_config_source_enabled(cfg, "cabforum-netsec"));
	assert_int_equal(cfg->remind_after_days, 7);
	assert_int_equal(cfg->warn_before_days, 90);
	pw_config_free(cfg);
}

static void test_reminder_keys(void **state)
{
	pw_config *cfg = NULL;
	(void)state;
	assert_int_equal(load("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_after_days\":14,"
	                      "\"warn_before_days\":30}",
	                      &cfg),
	                 0);
	assert_int_equal(cfg->remind_after_days, 14);
	assert_int_equal(cfg->warn_before_days, 30);
	pw_config_free(cfg);
	assert_int_equal(load("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_after_days\":365,"
	                      "\"warn_before_days\":1}",
	                      &cfg),
	                 0);
	assert_int_equal(cfg->remind_after_days, 365);
	assert_int_equal(cfg->warn_before_days, 1);
	pw_config_free(cfg);
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_after_days\":0}",
	             "$.remind_after_days: expected a whole number from 1 to 365");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_after_days\":-3}",
	             "$.remind_after_days: expected a whole number from 1 to 365");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_after_days\":2.5}",
	             "$.remind_after_days: expected a whole number");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_after_days\":\"7\"}",
	             "$.remind_after_days: expected a number");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"warn_before_days\":3651}",
	             "$.warn_before_days: expected a whole number from 1 to 3650");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"warn_before_days\":true}",
	             "$.warn_before_days: expected a number");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"warn_before_days\":1e300}",
	             "$.warn_before_days: expected a whole number from 1 to 3650");
	expect_error("{\"repository\":\"a/b\"," OFFICERS_ ",\"remind_days\":7}",
	             "$: unknown key \"remind_days\"");
}

static void expect_error(const char *json, const char *fragment)
{
	pw_config *cfg = NULL;
	int rc = load(json, &cfg);
	assert_int_equal(rc, PW_EINPUT);
	assert_null(cfg);
	if (!strstr(pw_error_last(), fragment))
		fail_msg("error \"%s\" lacks \"%s\"", pw_error_last(), fragment);
	assert_non_null(strstr(pw_error_last(), "pkiwatch.json: "));
}

#define OFFICERS "\"officers\":[{\"name\":\"N\",\"email\":\"n@example.org\"}]"

static void test_errors_name_file_path_and_problem(void **state)
{
	(void)state;
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"colour\":1}",
	             "$: unknown key \"colour\"");
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"sources\":[\"cabforum-smime\",\"x\"]}",
	             "$.sources[1]: unknown source \"x\"");
	expect_error("{\"repository\":\"ab\"," OFFICERS "}", "$.repository: expected");
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"since\":\"2024-02-30\"}",
	             "$.since: expected a date");
	expect_error("{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\",\"email\":\"x\"}]}",
	             "$.officers[0].email: not an e-mail address");
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"labels\":\"x\"}",
	             "$.labels: expected an array");
	expect_error("{\"repository\":\"a/b\",\n" OFFICERS ",,}", "invalid JSON at line 2");
	expect_error("{\"officers\":[]}", "missing required key \"repository\"");
	expect_error("[1]", "$: expected an object");
	expect_error("{\"repository\":\"a/b\"," OFFICERS "} x", "unexpected text");
}

/* Values accepted before that should not be (issue 14, item 5): each one
 * refused naming the field. */
static void test_hostile_values_refused(void **state)
{
	static const char *const repos[] = {"../user", "a/..",  "a/.",     "../..", "a/b/c",
	                                    ".a/b/c",  "a b/c", "a/b?x=1", "a/b#c"};
	char json[512], *big;
	pw_config *cfg = NULL;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(repos) / sizeof(repos[0]); i++) {
		snprintf(json, sizeof(json), "{\"repository\":\"%s\"," OFFICERS "}", repos[i]);
		expect_error(json, "$.repository: expected");
	}
	/* an escaped NUL would have cut the value short: publishing elsewhere */
	expect_error("{\"repository\":\"example-authority/compl\\u0000iance\"," OFFICERS "}",
	             "a NUL character");
	expect_error("{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\\u0000x\","
	             "\"email\":\"n@example.org\"}]}",
	             "a NUL character");
	/* "\\u0000" is a backslash and text, not a NUL */
	assert_int_equal(
	    load("{\"repository\":\"a/b\"," OFFICERS ",\"labels\":[\"x\\\\u0000\"]}", &cfg), 0);
	pw_config_free(cfg);
	big = malloc(100 * 1024 + 256);
	snprintf(big, 64, "{\"repository\":\"a/");
	memset(big + strlen(big), 'b', 100 * 1024);
	snprintf(big + strlen("{\"repository\":\"a/") + 100 * 1024, 200, "\"," OFFICERS "}");
	expect_error(big, "$.repository: expected");
	free(big);
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"labels\":[\"ok\",\"a,b\"]}",
	             "$.labels[1]: \"a,b\" has a comma");
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"labels\":[\"a\\nb\"]}",
	             "$.labels[0]: ");
	expect_error("{\"repository\":\"a/b\"," OFFICERS
	             ",\"labels\":[\"123456789012345678901234567890123456789012345678901\"]}",
	             "longer than GitHub's 50 characters");
	/* 50 characters of two bytes each: accepted */
	assert_int_equal(
	    load("{\"repository\":\"a/b\"," OFFICERS
	         ",\"labels\":[\"ääääääääääääääääääääääääääääääääääääääääääääääääää\"]}",
	         &cfg),
	    0);
	pw_config_free(cfg);
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"since\":\"0000-01-01\"}",
	             "$.since: expected a date");
	expect_error("{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\\nX: y\","
	             "\"email\":\"n@example.org\"}]}",
	             "$.officers[0]: a control character or line break");
	expect_error("{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\xff\","
	             "\"email\":\"n@example.org\"}]}",
	             "line 1, column 43: not UTF-8");
	expect_error("{\"repository\":\"a/b\"," OFFICERS ",\"network_timeout\":0}",
	             "$.network_timeout");
}

/* A FIFO where the configuration should be: refused at once, no hang. */
static void test_fifo_refused(void **state)
{
	char path[4096];
	pw_config *cfg = NULL;
	(void)state;
	snprintf(path, sizeof(path), "%s/fifo.json", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(pw_config_load(&cfg, path, sources), PW_EINPUT);
	tu_assert_has(pw_error_last(), "fifo.json: not a regular file");
	unlink(path);
}

static void test_missing_file(void **state)
{
	pw_config *cfg = NULL;
	(void)state;
	assert_int_equal(pw_config_load(&cfg, "/nonexistent/pkiwatch.json", sources), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "/nonexistent/pkiwatch.json: no such file"));
}

static void test_upstream_url(void **state)
{
	const pw_source *s = pw_sources_find(sources, "cabforum-smime");
	char *u;
	(void)state;
	u = pw_sources_fetch_url(s, NULL);
	assert_string_equal(u, "https://github.com/cabforum/smime");
	free(u);
	u = pw_sources_fetch_url(s, "/srv/up/");
	assert_string_equal(u, "/srv/up/cabforum-smime.git");
	free(u);
	u = pw_sources_fetch_url(s, "git://127.0.0.1:9418");
	assert_string_equal(u, "git://127.0.0.1:9418/cabforum-smime.git");
	free(u);
}

static void test_bad_sources_file(void **state)
{
	char path[4096];
	pw_sources *s = NULL;
	(void)state;
	snprintf(path, sizeof(path), "%s/sources.json", dir);
	tu_write(path, "{\"sources\":[{\"id\":\"a\",\"repository\":\"o/a\",\"url\":\"u\","
	               "\"branch\":\"main\",\"documents\":[{\"path\":\"A.md\",\"tags\":[\"tls\","
	               "\"web\"]}]}]}");
	assert_int_equal(pw_sources_load(&s, path), PW_EINPUT);
	assert_non_null(
	    strstr(pw_error_last(), "$.sources[0].documents[0].tags[1]: unknown tag \"web\""));
}

static void expect_bad_document(const char *doc, const char *fragment)
{
	char path[4096];
	pw_sources *s = NULL;
	char *json = NULL;
	snprintf(path, sizeof(path), "%s/sources.json", dir);
	assert_true(asprintf(&json,
	                     "{\"sources\":[{\"id\":\"a\",\"repository\":\"o/a\",\"url\":\"u\","
	                     "\"branch\":\"main\",\"documents\":[%s]}]}",
	                     doc) > 0);
	tu_write(path, json);
	free(json);
	assert_int_equal(pw_sources_load(&s, path), PW_EINPUT);
	assert_null(s);
	if (!strstr(pw_error_last(), fragment))
		fail_msg("expected \"%s\" in \"%s\"", fragment, pw_error_last());
}

/* Former paths, version prefixes and flags are checked like the rest. */
static void test_bad_document_fields(void **state)
{
	(void)state;
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"formerly\":[\"../x.md\"]}",
	                    "sources.json: $.sources[0].documents[0].formerly[0]: expected a "
	                    "relative path");
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"formerly\":[\"B.md\",3]}",
	                    "$.sources[0].documents[0].formerly[1]: expected a relative path");
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"formerly\":[\"A.md\"]}",
	                    "formerly[0]: the document's own path");
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"version_prefix\":\"\"}",
	                    "$.sources[0].documents[0].version_prefix: empty");
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"versioned\":\"yes\"}",
	                    "$.sources[0].documents[0].versioned: expected true or false");
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"live\":1}",
	                    "$.sources[0].documents[0].live: expected true or false");
	expect_bad_document("{\"path\":\"A.md\",\"tags\":[],\"versions\":1}",
	                    "$.sources[0].documents[0]");
}

/* Version and ballot prefixes make canonical ids ("<prefix>-<number>"):
 * upper-case letters, digits and '-', a letter first, no '-' last. A
 * prefix "microsoft 1" would make ballots "microsoft 1-1.2". */
static void test_bad_prefixes(void **state)
{
	static const char *const bad[] = {"microsoft 1", "microsoft", "CCADB-", "1MRSP",
	                                  "SC.1",        "CA/B",      "-SC"};
	char doc[256], path[4096], fragment[256];
	pw_sources *s = NULL;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(doc, sizeof(doc),
		         "{\"path\":\"A.md\",\"tags\":[],\"version_prefix\":\"%s\"}", bad[i]);
		snprintf(fragment, sizeof(fragment),
		         "sources.json: $.sources[0].documents[0].version_prefix: \"%s\" is not a "
		         "valid id prefix (upper-case letters, digits and '-', starting with a "
		         "letter)",
		         bad[i]);
		expect_bad_document(doc, fragment);
	}
	/* the source's ballot prefix: the same rule */
	snprintf(path, sizeof(path), "%s/sources.json", dir);
	tu_write(path, "{\"sources\":[{\"id\":\"a\",\"repository\":\"o/a\",\"url\":\"u\","
	               "\"branch\":\"main\",\"ballot_prefix\":\"sc\",\"documents\":[{\"path\":"
	               "\"A.md\",\"tags\":[]}]}]}");
	assert_int_equal(pw_sources_load(&s, path), PW_EINPUT);
	assert_null(s);
	tu_assert_has(pw_error_last(), "sources.json: $.sources[0].ballot_prefix: \"sc\" is not "
	                               "a valid id prefix");
	/* letters, digits and inner hyphens pass */
	tu_write(path, "{\"sources\":[{\"id\":\"a\",\"repository\":\"o/a\",\"url\":\"u\","
	               "\"branch\":\"main\",\"ballot_prefix\":\"S\",\"documents\":[{\"path\":"
	               "\"A.md\",\"tags\":[],\"version_prefix\":\"EU-2\"}]}]}");
	assert_int_equal(pw_sources_load(&s, path), 0);
	assert_string_equal(pw_sources_document(&s->items[0], "A.md")->version_prefix, "EU-2");
	pw_sources_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sources_has_nine),
	    cmocka_unit_test(test_example_config_loads),
	    cmocka_unit_test(test_minimal_defaults_all_sources),
	    cmocka_unit_test(test_reminder_keys),
	    cmocka_unit_test(test_errors_name_file_path_and_problem),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_hostile_values_refused),
	    cmocka_unit_test(test_fifo_refused),
	    cmocka_unit_test(test_upstream_url),
	    cmocka_unit_test(test_bad_sources_file),
	    cmocka_unit_test(test_bad_document_fields),
	    cmocka_unit_test(test_bad_prefixes),
	};
	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
