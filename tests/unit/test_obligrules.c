/* The obligation rules: the shipped rules/obligations.json loads; audit
 * criteria are recognised in sentences as upstream writes them (real lines of
 * the S/MIME and TLS Baseline Requirements), with versions, leftmost-longest;
 * "includes" covers; a bad rules file is refused naming the file and path. */
#include "testutil.h"

#include "core/obligrules.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pw_obligrules *rules;

static int setup(void **state)
{
	(void)state;
	return pw_obligrules_load(&rules, tu_src_path("rules"));
}

static int teardown(void **state)
{
	(void)state;
	pw_obligrules_free(rules);
	return 0;
}

/* The names found in `text`, "name version|name|..." */
static char *found(const char *text)
{
	pw_criterion_hit *h;
	size_t n, i, len = 1;
	char *out;
	assert_int_equal(pw_obligrules_find(&h, &n, rules, text, strlen(text)), 0);
	for (i = 0; i < n; i++)
		len += strlen(h[i].criterion->name) + strlen(h[i].version) + 2;
	out = calloc(1, len);
	for (i = 0; i < n; i++) {
		strcat(out, i ? "|" : "");
		strcat(out, h[i].criterion->name);
		if (h[i].version[0]) {
			strcat(out, " ");
			strcat(out, h[i].version);
		}
	}
	free(h);
	return out;
}

static void expect_found(const char *text, const char *want)
{
	char *got = found(text);
	if (strcmp(got, want) != 0)
		fail_msg("in '%s': got '%s', want '%s'", text, got, want);
	free(got);
}

static void test_sentences(void **state)
{
	(void)state;
	/* SBR 8.4 as adopted by SMC-1, SMC-4 and SMC-9 */
	expect_found("2. For Audit Periods starting after the Effective Date defined in [Section "
	             "1.2.1](#121-revisions) of the first version of these Requirements, "
	             "\xe2\x80\x9cWebTrust for CAs v2.2.2 or newer\xe2\x80\x9d AND \xe2\x80\x9c"
	             "WebTrust for S/MIME Baseline Requirements v1.0.0 or newer\xe2\x80\x9d; or",
	             "WebTrust for CAs v2.2.2|WebTrust for S/MIME Baseline Requirements v1.0.0");
	expect_found(
	    "3. ETSI TS 119 411-6 v1.1.1 or newer, which includes normative references "
	    "to ETSI EN 319 401, ETSI EN 319 411-1 and ETSI EN 319 411-2 (the latest",
	    "ETSI TS 119 411-6 v1.1.1|ETSI EN 319 401|ETSI EN 319 411-1|ETSI EN 319 411-2");
	expect_found("ETSI EN 119 411-6, Electronic Signatures and Infrastructures (ESI)",
	             "ETSI TS 119 411-6");
	expect_found(
	    "3. For Audit Periods starting after April 1, 2025, \xe2\x80\x9cWebTrust for CAs"
	    " v2.2.2 or newer\xe2\x80\x9d AND \xe2\x80\x9cWebTrust for Network Security v2.0 "
	    "or newer\xe2\x80\x9d; or",
	    "WebTrust for CAs v2.2.2|WebTrust for Network Security v2.0");
	/* BR spellings: dashes of every kind, the long names, longest wins */
	expect_found("WebTrust Principles and Criteria for Certification Authorities \xe2\x80\x93 "
	             "SSL Baseline with Network Security \xe2\x80\x93 Version 2.7",
	             "WebTrust for CAs - SSL Baseline with Network Security v2.7");
	expect_found("WebTrust for CA - Extended Validation - SSL", "WebTrust for CAs - Extended "
	                                                            "Validation SSL");
	expect_found("accredited under ETSI EN 319 403-1 or ETSI EN 319 403",
	             "ETSI EN 319 403|ETSI EN 319 403");
	/* not a name: a longer word, another number */
	expect_found("WebTrust for CAsX; ETSI EN 319 4111; ETSI EN 319 412-1", "");
}

static void test_criterion_and_covers(void **state)
{
	char v[24];
	char *have[] = {"ETSI EN 319 411-2", NULL};
	char *webtrust[] = {"WebTrust for CAs - SSL Baseline with Network Security", NULL};
	(void)state;
	assert_string_equal(pw_obligrules_criterion(rules, "etsi ts 119 411-6 v1.1.1", v)->name,
	                    "ETSI TS 119 411-6");
	assert_string_equal(v, "v1.1.1");
	assert_null(pw_obligrules_criterion(rules, "ETSI TS 119 411-6 and friends", v));
	assert_null(pw_obligrules_criterion(rules, "ISO 27001", v));
	assert_true(
	    pw_obligrules_covers(rules, have, pw_obligrules_by_name(rules, "ETSI EN 319 401")));
	assert_true(
	    pw_obligrules_covers(rules, have, pw_obligrules_by_name(rules, "ETSI EN 319 411-1")));
	assert_false(
	    pw_obligrules_covers(rules, have, pw_obligrules_by_name(rules, "ETSI TS 119 411-6")));
	assert_true(pw_obligrules_covers(
	    rules, webtrust, pw_obligrules_by_name(rules, "WebTrust for Network Security")));
	assert_false(
	    pw_obligrules_covers(rules, NULL, pw_obligrules_by_name(rules, "ETSI EN 319 401")));
	assert_non_null(pw_obligrules_rule(rules, "etsi-scope-extension"));
	assert_int_equal(pw_obligrules_rule(rules, "etsi-scope-extension")->milestones[0].days,
	                 -120);
	assert_int_equal(rules->far_every, 14);
	assert_int_equal(rules->near_every, 7);
	assert_int_equal(rules->near_within, 90);
}

static void expect_bad(const char *json, const char *msg)
{
	char *dir = tu_tempdir(), path[4096];
	pw_obligrules *r = NULL;
	snprintf(path, sizeof(path), "%s/obligations.json", dir);
	tu_write(path, json);
	assert_int_equal(pw_obligrules_load(&r, dir), PW_EINPUT);
	assert_null(r);
	if (!strstr(pw_error_last(), msg) || !strstr(pw_error_last(), "obligations.json: "))
		fail_msg("got '%s', want '%s'", pw_error_last(), msg);
	tu_rmrf(dir);
	free(dir);
}

static void test_bad_rules(void **state)
{
	(void)state;
	expect_bad("{\"criteria\":[],\"rules\":[],\"x\":1}", "x");
	/* a string list's bad entry: the whole path, the list's key kept */
	expect_bad("{\"criteria\":[{\"name\":\"A\",\"scheme\":\"etsi\",\"match\":[\"A\",\"\"]}],"
	           "\"rules\":[]}",
	           "obligations.json: $.criteria[0].match[1]: expected a non-empty string");
	expect_bad("{\"criteria\":[],\"rules\":[],\"requirement_sections\":[3]}",
	           "obligations.json: $.requirement_sections[0]: expected a non-empty string");
	expect_bad("{\"criteria\":[{\"name\":\"A\",\"scheme\":\"iso\",\"match\":[\"A\"]}],"
	           "\"rules\":[]}",
	           "$.criteria[0].scheme: 'iso' is not etsi, webtrust or any");
	expect_bad(
	    "{\"criteria\":[{\"name\":\"A\",\"scheme\":\"etsi\",\"match\":[]}],\"rules\":[]}",
	    "$.criteria[0].match: expected at least one entry");
	expect_bad("{\"criteria\":[{\"name\":\"A\",\"scheme\":\"etsi\",\"match\":[\"A\"],"
	           "\"includes\":[\"B\"]}],\"rules\":[]}",
	           "$.criteria[0].includes[0]: 'B' is not the name of a criterion");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"audit\",\"what\":\"w\","
	           "\"milestones\":[{\"what\":\"m\",\"from\":\"tomorrow\",\"days\":1}]}]}",
	           "$.rules[0].milestones[0].from: 'tomorrow' is not due, period_start or "
	           "period_end");
	expect_bad("{\"criteria\":[],\"rules\":[],\"checkins\":{\"far_every_days\":0}}",
	           "$.checkins");
	/* documents per certificate type: ev counts as tls too */
	assert_int_equal(pw_obligrules_types(PW_TAG_EV), PW_TAG_EV | PW_TAG_TLS);
	assert_int_equal(pw_obligrules_types(PW_TAG_SMIME), PW_TAG_SMIME);
	/* the annual self-assessment rule's keys */
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"after_period_end_days\":92}]}",
	           "$.rules[0]: missing required key \"documents\"");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"superseded_days\":90,\"documents\":[{\"types\":[\"smime\"],"
	           "\"document\":\"a:b\"}]}]}",
	           "$.rules[0]: missing required key \"after_period_end_days\"");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"after_period_end_days\":92,\"superseded_days\":90,\"documents\":[{"
	           "\"types\":[\"audit\"],\"document\":\"a:b\"}]}]}",
	           "$.rules[0].documents[0].types[0]: not a certificate type");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"after_period_end_days\":92,\"superseded_days\":90,\"documents\":[{"
	           "\"types\":[\"tls\"],\"document\":\"BR.md\"}]}]}",
	           "$.rules[0].documents[0].document: 'BR.md' is not source:path");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"milestones\":[{\"what\":\"m\",\"from\":\"due\",\"days\":0,"
	           "\"done_when\":\"later\"}]}]}",
	           "$.rules[0].milestones[0].done_when: 'later' is not officer, imported, fresh "
	           "or accepted");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"after_period_end_days\":92,\"superseded_days\":90,\"documents\":[{"
	           "\"types\":[\"tls\"],\"document\":\"a:b\",\"template\":\"ccadb\"}]}]}",
	           "$.rules[0].documents[0].template: 'ccadb' is not source:path");
	expect_bad("{\"criteria\":[],\"rules\":[{\"id\":\"r\",\"kind\":\"s\",\"what\":\"w\","
	           "\"template_milestone\":{\"what\":\"t\",\"from\":\"due\"}}]}",
	           "$.rules[0].template_milestone: missing required key \"days\"");
	expect_bad("{\"criteria\":[", "invalid JSON");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sentences),
	    cmocka_unit_test(test_criterion_and_covers),
	    cmocka_unit_test(test_bad_rules),
	};
	return cmocka_run_group_tests_name("obligrules", tests, setup, teardown);
}
