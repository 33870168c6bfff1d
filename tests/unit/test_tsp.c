/* TSP profiles: the examples load; every kind of bad profile is refused with
 * the file, the JSON path and the problem. */
#include "testutil.h"

#include "util/error.h"
#include "core/tsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	return tu_sh(NULL, NULL, "mkdir -p '%s/tsps'", dir) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

static void test_examples_load(void **state)
{
	pw_tsps l;
	const pw_tsp *t;
	(void)state;
	assert_int_equal(pw_tsps_load(&l, tu_src_path("examples/compliance")), 0);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0].id, "codeworks-signing");
	assert_string_equal(l.items[1].id, "ministry-pki");
	t = pw_tsps_find(&l, "ministry-pki");
	assert_non_null(t);
	assert_string_equal(t->name, "Ministry of the Interior PKI Service");
	assert_int_equal(t->nusers, 2);
	assert_string_equal(t->users[1].email, "a.lindqvist@interior.example");
	assert_int_equal(t->types, PW_TAG_SMIME);
	assert_int_equal(t->ncas, 1);
	assert_string_equal(t->cas[0].name, "Interior Secure Mail CA 2019");
	assert_string_equal(t->cas[0].not_before, "2019-04-01");
	assert_int_equal(t->cas[0].types, PW_TAG_SMIME);
	assert_int_equal(t->audit_scheme, PW_AUDIT_ETSI);
	assert_int_equal(t->audit.scheme, PW_AUDIT_ETSI);
	assert_string_equal(t->audit.period_end, "11-15");
	assert_string_equal(t->audit.criteria[0], "ETSI EN 319 411-1");
	assert_string_equal(t->audit.criteria[1], "ETSI EN 319 411-2");
	assert_null(t->audit.criteria[2]);
	assert_string_equal(t->audit.body, "Example Conformity Assessment Body");
	assert_string_equal(t->language, "en");
	t = pw_tsps_find(&l, "northwind-trust");
	assert_int_equal(t->types, PW_TAG_TLS | PW_TAG_EV);
	assert_int_equal(t->audit_scheme, PW_AUDIT_WEBTRUST);
	assert_string_equal(t->audit.criteria[0], "WebTrust for CAs");
	assert_string_equal(t->audit.versions[0], "v2.2.2");
	assert_string_equal(t->audit.criteria[1], "WebTrust for CAs - SSL Baseline");
	assert_string_equal(t->audit.versions[1], "");
	/* the older form: audit_scheme alone */
	t = pw_tsps_find(&l, "codeworks-signing");
	assert_int_equal(t->audit.scheme, PW_AUDIT_ETSI);
	assert_string_equal(t->audit.period_end, "");
	assert_null(t->audit.criteria[0]);
	assert_null(t->audit.body);
	assert_null(pw_tsps_find(&l, "nobody"));
	pw_tsps_clear(&l);
}

/* Writes tsps/<id>.json and loads it; returns the code. */
static int load(const char *id, const char *json)
{
	char path[4096];
	pw_tsp t;
	int rc;
	snprintf(path, sizeof(path), "%s/tsps/%s.json", dir, id);
	tu_write(path, json);
	rc = pw_tsp_load(&t, dir, id);
	pw_tsp_clear(&t);
	remove(path);
	return rc;
}

#define OK_REST "\"certificate_types\":[\"tls\"],\"audit_scheme\":\"etsi\""

static void expect(const char *json, const char *msg)
{
	assert_int_equal(load("x", json), PW_EINPUT);
	if (!strstr(pw_error_last(), msg) || !strstr(pw_error_last(), "tsps/x.json: "))
		fail_msg("got '%s', want '%s'", pw_error_last(), msg);
}

static void test_minimal_defaults(void **state)
{
	char path[4096];
	pw_tsp t;
	(void)state;
	snprintf(path, sizeof(path), "%s/tsps/min-1.json", dir);
	tu_write(path, "{\"name\":\"M\"," OK_REST "}");
	assert_int_equal(pw_tsp_load(&t, dir, "min-1"), 0);
	assert_string_equal(t.language, "en");
	assert_int_equal(t.nusers, 0);
	assert_int_equal(t.ncas, 0);
	assert_string_equal(t.id, "min-1");
	assert_int_equal(t.root_programs, PW_RP_ALL); /* absent: every root program */
	pw_tsp_clear(&t);
	remove(path);
}

static void test_errors_name_file_and_path(void **state)
{
	(void)state;
	expect("[1]", "$: expected an object");
	expect("{\"name\":\"A\"," OK_REST ",\"colour\":\"red\"}", "colour");
	expect("{" OK_REST "}", "missing required key \"name\"");
	expect("{\"name\":\"\"," OK_REST "}", "$.name: empty");
	expect("{\"name\":\"A\",\"audit_scheme\":\"etsi\"}", "certificate_types");
	expect("{\"name\":\"A\",\"certificate_types\":[],\"audit_scheme\":\"etsi\"}",
	       "$.certificate_types: at least one");
	expect("{\"name\":\"A\",\"certificate_types\":[\"tls\",\"web\"],\"audit_scheme\":\"etsi\"}",
	       "$.certificate_types[1]: unknown certificate type 'web'");
	expect("{\"name\":\"A\",\"certificate_types\":[\"netsec\"],\"audit_scheme\":\"etsi\"}",
	       "$.certificate_types[0]: unknown certificate type 'netsec'");
	expect("{\"name\":\"A\",\"certificate_types\":[\"tls\",\"tls\"],\"audit_scheme\":\"etsi\"}",
	       "$.certificate_types[1]: 'tls' is listed twice");
	expect("{\"name\":\"A\",\"certificate_types\":[\"tls\"],\"audit_scheme\":\"iso\"}",
	       "$.audit_scheme: 'iso' is not etsi or webtrust");
	expect("{\"name\":\"A\"," OK_REST ",\"key_users\":[{\"name\":\"B\",\"email\":\"b\"}]}",
	       "$.key_users[0].email: 'b' is not an e-mail address");
	expect("{\"name\":\"A\"," OK_REST ",\"key_users\":[{\"name\":\"B\",\"email\":\"b@x\","
	       "\"phone\":1}]}",
	       "$.key_users[0]");
	expect("{\"name\":\"A\"," OK_REST ",\"key_users\":{}}", "key_users");
	expect(
	    "{\"name\":\"A\"," OK_REST
	    ",\"extant_cas\":[{\"name\":\"C\",\"not_before\":\"2019-13-01\",\"types\":[\"tls\"]}]}",
	    "$.extant_cas[0].not_before: '2019-13-01' is not a date");
	expect(
	    "{\"name\":\"A\"," OK_REST
	    ",\"extant_cas\":[{\"name\":\"C\",\"not_before\":\"2019-01-01\",\"types\":[\"x\"]}]}",
	    "$.extant_cas[0].types[0]: unknown certificate type 'x'");
	expect("{\"name\":\"A\"," OK_REST ",\"extant_cas\":[{\"name\":\"C\",\"types\":[\"tls\"]}]}",
	       "$.extant_cas[0]");
	expect("{\"name\":\"A\"," OK_REST ",\"language\":\"EN!\"}",
	       "$.language: 'EN!' is not a language code");
	expect("{\"name\":\"A\",", "invalid JSON at line 1");
	expect("{\"name\":\"A\"," OK_REST ",\"root_programs\":[\"mozilla\",\"opera\"]}",
	       "$.root_programs[1]: unknown root program \"opera\" (known: mozilla, chrome, apple, "
	       "microsoft)");
	expect("{\"name\":\"A\"," OK_REST ",\"root_programs\":[]}", "$.root_programs: empty");
	expect("{\"name\":\"A\"," OK_REST ",\"root_programs\":[1]}",
	       "$.root_programs[0]: expected a root program name");
	expect("{\"name\":\"A\"," OK_REST ",\"root_programs\":\"chrome\"}", "root_programs");
}

#define TYPES "\"certificate_types\":[\"smime\"]"

/* The audit object: its forms, and every bad value refused naming the field. */
static void test_audit_profile(void **state)
{
	char path[4096];
	pw_tsp t;
	(void)state;
	snprintf(path, sizeof(path), "%s/tsps/a.json", dir);
	/* both forms agreeing; spelling of a criterion does not matter */
	tu_write(path, "{\"name\":\"A\"," TYPES ",\"audit_scheme\":\"etsi\",\"audit\":{"
	               "\"scheme\":\"etsi\",\"period_end\":\"02-28\",\"criteria\":["
	               "\"etsi en 319 411-1 V1.3.1\",\"ETSI TS 119 411-6\","
	               "\"CA/Browser Forum S/MIME Baseline Requirements\"]}}");
	assert_int_equal(pw_tsp_load(&t, dir, "a"), 0);
	assert_string_equal(t.audit.criteria[0], "ETSI EN 319 411-1");
	assert_string_equal(t.audit.versions[0], "v1.3.1");
	assert_string_equal(t.audit.criteria[1], "ETSI TS 119 411-6");
	assert_string_equal(t.audit.criteria[2], "CA/Browser Forum S/MIME Baseline Requirements");
	assert_string_equal(t.audit.period_end, "02-28");
	pw_tsp_clear(&t);
	remove(path);

	expect("{\"name\":\"A\"," TYPES "}", "$: missing required key \"audit\"");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"iso\"}}",
	       "$.audit.scheme: 'iso' is not etsi or webtrust");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{}}",
	       "$.audit: missing required key \"scheme\"");
	expect("{\"name\":\"A\"," TYPES ",\"audit_scheme\":\"webtrust\",\"audit\":{\"scheme\":"
	       "\"etsi\"}}",
	       "$.audit_scheme: 'webtrust' disagrees with $.audit.scheme 'etsi'");
	expect("{\"name\":\"A\"," TYPES
	       ",\"audit\":{\"scheme\":\"etsi\",\"period_end\":\"13-01\"}}",
	       "$.audit.period_end: '13-01' is not a month and day (MM-DD");
	expect("{\"name\":\"A\"," TYPES
	       ",\"audit\":{\"scheme\":\"etsi\",\"period_end\":\"02-29\"}}",
	       "$.audit.period_end: '02-29'");
	expect("{\"name\":\"A\"," TYPES
	       ",\"audit\":{\"scheme\":\"etsi\",\"period_end\":\"2024-11-15\"}}",
	       "$.audit.period_end: '2024-11-15'");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"criteria\":["
	       "\"ETSI EN 319 411-1\",\"ISO 27001\"]}}",
	       "$.audit.criteria[1]: unknown audit criterion 'ISO 27001'");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"criteria\":["
	       "\"ETSI EN 319 411-1 and more\"]}}",
	       "$.audit.criteria[0]: unknown audit criterion");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"criteria\":["
	       "\"ETSI EN 319 403\"]}}",
	       "$.audit.criteria[0]: unknown audit criterion 'ETSI EN 319 403'");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"criteria\":["
	       "\"WebTrust for CAs\"]}}",
	       "$.audit.criteria[0]: 'WebTrust for CAs' is a webtrust criterion, but the audit "
	       "scheme is etsi");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"criteria\":["
	       "\"ETSI EN 319 411-1\",\"ETSI EN 319 411-1 v1.4.1\"]}}",
	       "$.audit.criteria[1]: 'ETSI EN 319 411-1' is listed twice");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"criteria\":[1]}}",
	       "$.audit.criteria[0]: expected a string");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\",\"colour\":1}}", "colour");
}

#define PERIOD ",\"audit\":{\"scheme\":\"etsi\",\"period_end\":\"11-30\"}"

/* self_assessment: {"since"}, opt-in; every bad value refused naming the field. */
static void test_self_assessment_profile(void **state)
{
	char path[4096];
	pw_tsp t;
	(void)state;
	snprintf(path, sizeof(path), "%s/tsps/a.json", dir);
	tu_write(path, "{\"name\":\"A\"," TYPES PERIOD ",\"self_assessment\":{\"since\":"
	               "\"2024-02-29\"}}");
	assert_int_equal(pw_tsp_load(&t, dir, "a"), 0);
	assert_string_equal(t.self_assessment_since, "2024-02-29");
	pw_tsp_clear(&t);
	/* left out: none owed */
	tu_write(path, "{\"name\":\"A\"," TYPES PERIOD "}");
	assert_int_equal(pw_tsp_load(&t, dir, "a"), 0);
	assert_string_equal(t.self_assessment_since, "");
	pw_tsp_clear(&t);
	remove(path);

	expect("{\"name\":\"A\"," TYPES PERIOD ",\"self_assessment\":\"2024-01-01\"}",
	       "$.self_assessment: expected an object");
	expect("{\"name\":\"A\"," TYPES PERIOD ",\"self_assessment\":{}}",
	       "$.self_assessment: missing required key \"since\"");
	expect("{\"name\":\"A\"," TYPES PERIOD ",\"self_assessment\":{\"since\":"
	       "\"2023-02-29\"}}",
	       "$.self_assessment.since: '2023-02-29' is not a date (YYYY-MM-DD)");
	expect("{\"name\":\"A\"," TYPES PERIOD ",\"self_assessment\":{\"since\":"
	       "\"2024-01-01\",\"every\":1}}",
	       "every");
	expect("{\"name\":\"A\"," TYPES ",\"audit\":{\"scheme\":\"etsi\"},"
	       "\"self_assessment\":{\"since\":\"2024-01-01\"}}",
	       "$.self_assessment: needs $.audit.period_end");
}

/* Profiles accepted before that should not be (issue 14, item 5). */
static void test_hostile_profiles(void **state)
{
	char path[4096];
	pw_tsps l;
	(void)state;
	/* an extant CA of a type the TSP does not issue (one not existing yet:
	 * test_cas_exist_on_day) */
	expect("{\"name\":\"A\"," OK_REST ",\"extant_cas\":[{\"name\":\"C\","
	       "\"not_before\":\"2019-01-01\",\"types\":[\"smime\"]}]}",
	       "$.extant_cas[0].types: a type the TSP does not issue");
	expect("{\"name\":\"A\\u0000B\"," OK_REST "}", "a NUL character");
	expect("{\"name\":\"\xc3\x28\"," OK_REST "}", "not UTF-8");
	/* hidden files are ignored, a FIFO is refused without hanging */
	snprintf(path, sizeof(path), "%s/tsps/.json", dir);
	tu_write(path, "{}");
	snprintf(path, sizeof(path), "%s/tsps/.hidden.json", dir);
	tu_write(path, "{}");
	snprintf(path, sizeof(path), "%s/tsps/ok.json", dir);
	tu_write(path, "{\"name\":\"A\"," OK_REST "}");
	assert_int_equal(pw_tsps_load(&l, dir), 0);
	assert_int_equal(l.count, 1);
	pw_tsps_clear(&l);
	snprintf(path, sizeof(path), "%s/tsps/f.json", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(pw_tsps_load(&l, dir), PW_EINPUT);
	tu_assert_has(pw_error_last(), "tsps/f.json: not a regular file");
	assert_int_equal(tu_sh(NULL, NULL, "rm -f '%s'/tsps/*.json '%s'/tsps/.*.json", dir, dir),
	                 0);
}

/* An extant CA exists on the day the run works on: not_before after that day
 * is refused, naming the file and the CA's not_before; on or before, accepted.
 * Loading alone does not know the day and accepts it. */
static void test_cas_exist_on_day(void **state)
{
	char path[4096];
	pw_tsp t;
	(void)state;
	snprintf(path, sizeof(path), "%s/tsps/x.json", dir);
	tu_write(path, "{\"name\":\"A\"," OK_REST ",\"extant_cas\":[{\"name\":\"C\","
	               "\"not_before\":\"2019-01-01\",\"types\":[\"tls\"]},{\"name\":\"D\","
	               "\"not_before\":\"2025-03-02\",\"types\":[\"tls\"]}]}");
	assert_int_equal(pw_tsp_load(&t, dir, "x"), 0);
	assert_int_equal(t.ncas, 2);
	assert_int_equal(pw_tsp_check_cas(&t, "2025-03-01"), PW_EINPUT);
	snprintf(path, sizeof(path),
	         "%s/tsps/x.json: $.extant_cas[1].not_before: 2025-03-02 is in the future (today "
	         "is 2025-03-01): an extant CA exists already",
	         dir);
	assert_string_equal(pw_error_last(), path);
	assert_int_equal(pw_tsp_check_cas(&t, "2025-03-02"), 0);
	assert_int_equal(pw_tsp_check_cas(&t, "2026-01-01"), 0);
	assert_int_equal(pw_tsp_check_cas(&t, "2018-12-31"), PW_EINPUT);
	tu_assert_has(pw_error_last(), "$.extant_cas[0].not_before: 2019-01-01 is in the future");
	pw_tsp_clear(&t);
	remove(path);
}

static void test_ids(void **state)
{
	pw_tsp t;
	pw_tsps l;
	char path[4096];
	(void)state;
	assert_true(pw_tsp_id_valid("ministry-pki"));
	assert_true(pw_tsp_id_valid("a1"));
	assert_false(pw_tsp_id_valid(""));
	assert_false(pw_tsp_id_valid("Ministry"));
	assert_false(pw_tsp_id_valid("../x"));
	assert_false(pw_tsp_id_valid("a_b"));
	assert_int_equal(pw_tsp_load(&t, dir, "../etc"), PW_EINPUT);
	assert_int_equal(pw_tsp_load(&t, dir, "nobody"), PW_ENOTFOUND);
	assert_non_null(strstr(pw_error_last(), "unknown TSP 'nobody'"));
	/* a file whose name is not an id is refused when loading every TSP */
	snprintf(path, sizeof(path), "%s/tsps/Bad_Name.json", dir);
	tu_write(path, "{\"name\":\"A\"," OK_REST "}");
	assert_int_equal(pw_tsps_load(&l, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "'Bad_Name' is not a TSP id"));
	assert_int_equal(l.count, 0);
	remove(path);
	/* no tsps directory: no TSPs */
	assert_int_equal(pw_tsps_load(&l, "/nonexistent"), 0);
	assert_int_equal(l.count, 0);
}

/* The --tsp selection: the named profiles once each in the order given, an
 * unknown one refused, none named = all of them. */
static void test_load_ids(void **state)
{
	const char *root = tu_src_path("examples/compliance");
	const char *ids[] = {"northwind-trust", "ministry-pki", "northwind-trust"};
	const char *unknown[] = {"ministry-pki", "no-such-tsp"};
	pw_tsps l;
	(void)state;
	assert_int_equal(pw_tsps_load_ids(&l, root, ids, 3), 0);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0].id, "northwind-trust");
	assert_string_equal(l.items[1].id, "ministry-pki");
	pw_tsps_clear(&l);
	assert_int_equal(pw_tsps_load_ids(&l, root, unknown, 2), PW_ENOTFOUND);
	assert_int_equal(l.count, 0);
	assert_int_equal(pw_tsps_load_ids(&l, root, NULL, 0), 0);
	assert_int_equal(l.count, 3);
	pw_tsps_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_examples_load),
	    cmocka_unit_test(test_minimal_defaults),
	    cmocka_unit_test(test_errors_name_file_and_path),
	    cmocka_unit_test(test_audit_profile),
	    cmocka_unit_test(test_self_assessment_profile),
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_hostile_profiles),
	    cmocka_unit_test(test_cas_exist_on_day),
	    cmocka_unit_test(test_load_ids),
	};
	return cmocka_run_group_tests_name("tsp", tests, setup, teardown);
}
