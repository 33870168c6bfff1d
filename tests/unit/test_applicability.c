/* Applicability: which rule makes a signed-off change apply to which TSP, on
 * the example TSPs (ministry-pki: smime with an extant smime CA, etsi;
 * northwind-trust: tls+ev with an extant CA, webtrust; codeworks-signing:
 * code-signing+tls, no extant CA, etsi). */
#include "testutil.h"

#include "tsp/applicability.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static pw_tsps tsps;
static const pw_tsp *ministry, *northwind, *codeworks;

static int setup(void **state)
{
	(void)state;
	if (pw_tsps_load(&tsps, tu_src_path("examples/compliance")) < 0)
		return -1;
	ministry = pw_tsps_find(&tsps, "ministry-pki");
	northwind = pw_tsps_find(&tsps, "northwind-trust");
	codeworks = pw_tsps_find(&tsps, "codeworks-signing");
	return ministry && northwind && codeworks ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pw_tsps_clear(&tsps);
	return 0;
}

static pw_ledger_entry entry(const char *decision, char **tsp_ids, size_t n)
{
	pw_ledger_entry e;
	memset(&e, 0, sizeof(e));
	e.change = "c@1";
	e.decision = (char *)decision;
	e.tsps = tsp_ids;
	e.ntsps = n;
	return e;
}

/* The rules for `tags` and `t` (applicable, no TSP list); checks the reason. */
static unsigned rules(pw_tagset tags, const pw_tsp *t, const char *reason_part)
{
	pw_ledger_entry e = entry("applicable", NULL, 0);
	pw_applicability a;
	unsigned r;
	assert_int_equal(pw_applicability_decide(tags, NULL, &e, t, &a), 0);
	r = a.rules;
	if (r)
		assert_non_null(a.reason);
	else
		assert_null(a.reason);
	if (reason_part && (!a.reason || !strstr(a.reason, reason_part)))
		fail_msg("reason '%s' lacks '%s'", a.reason ? a.reason : "(null)", reason_part);
	pw_applicability_clear(&a);
	return r;
}

static void test_certificate_types(void **state)
{
	(void)state;
	assert_int_equal(rules(PW_TAG_SMIME, ministry, "issues smime certificates"), PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_SMIME, northwind, NULL), 0);
	assert_int_equal(rules(PW_TAG_SMIME, codeworks, NULL), 0);
	assert_int_equal(rules(PW_TAG_TLS, northwind, "issues tls"), PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_TLS, codeworks, NULL), PW_APPLY_TYPE);
	/* EV-only: only the EV issuer */
	assert_int_equal(rules(PW_TAG_EV, northwind, "issues ev"), PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_EV, codeworks, NULL), 0);
	assert_int_equal(rules(PW_TAG_CODE_SIGNING, codeworks, NULL), PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_CODE_SIGNING, ministry, NULL), 0);
}

static void test_ev_issuer_counts_as_tls(void **state)
{
	pw_tsp t = *northwind;
	(void)state;
	t.types = PW_TAG_EV;
	t.ncas = 0;
	assert_int_equal(rules(PW_TAG_TLS, &t, "issues tls"), PW_APPLY_TYPE);
}

static void test_netsec_every_tsp(void **state)
{
	(void)state;
	assert_int_equal(rules(PW_TAG_NETSEC, ministry, "network security"), PW_APPLY_NETSEC);
	assert_int_equal(rules(PW_TAG_NETSEC, northwind, NULL), PW_APPLY_NETSEC);
	assert_int_equal(rules(PW_TAG_NETSEC | PW_TAG_TLS, codeworks, NULL),
	                 PW_APPLY_NETSEC | PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_NETSEC | PW_TAG_TLS, ministry, NULL), PW_APPLY_NETSEC);
}

static void test_audit(void **state)
{
	(void)state;
	/* no certificate tag: every TSP, whatever the scheme */
	assert_int_equal(rules(PW_TAG_AUDIT, ministry, "audited under etsi"), PW_APPLY_AUDIT);
	assert_int_equal(rules(PW_TAG_AUDIT, northwind, "audited under webtrust"), PW_APPLY_AUDIT);
	/* S/MIME audit (ETSI TS 119 411-6 kind): only S/MIME issuers */
	assert_int_equal(rules(PW_TAG_AUDIT | PW_TAG_SMIME, ministry, "audit change for the"),
	                 PW_APPLY_AUDIT | PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_AUDIT | PW_TAG_SMIME, northwind, NULL), 0);
}

static void test_extant_ca(void **state)
{
	pw_tsp t = *ministry;
	(void)state;
	assert_int_equal(
	    rules(PW_TAG_EXTANT_CA | PW_TAG_SMIME, ministry,
	          "operates extant CA 'Interior Secure Mail CA 2019' (smime, since 2019-04-01)"),
	    PW_APPLY_EXTANT | PW_APPLY_TYPE);
	assert_int_equal(rules(PW_TAG_EXTANT_CA | PW_TAG_SMIME, northwind, NULL), 0);
	/* no certificate tag: TSPs with any extant CA */
	assert_int_equal(rules(PW_TAG_EXTANT_CA, northwind, "Northwind TLS Issuing CA G2"),
	                 PW_APPLY_EXTANT);
	assert_int_equal(rules(PW_TAG_EXTANT_CA, codeworks, NULL), 0);
	/* an extant CA of a type the TSP no longer issues */
	t.types = PW_TAG_TLS;
	assert_int_equal(rules(PW_TAG_EXTANT_CA | PW_TAG_SMIME, &t, "Interior"), PW_APPLY_EXTANT);
}

static void test_untagged_applies_to_all(void **state)
{
	(void)state;
	assert_int_equal(rules(0, ministry, "every TSP"), PW_APPLY_ALL);
	assert_int_equal(rules(0, codeworks, NULL), PW_APPLY_ALL);
}

static void test_officer_list_overrides(void **state)
{
	char *ids[] = {"northwind-trust"};
	pw_ledger_entry e = entry("applicable", ids, 1);
	pw_applicability a;
	(void)state;
	/* smime change, but the officer named northwind only */
	assert_int_equal(pw_applicability_decide(PW_TAG_SMIME, NULL, &e, northwind, &a), 0);
	assert_int_equal(a.rules, PW_APPLY_OFFICER);
	assert_non_null(strstr(a.reason, "named in the officer's sign-off"));
	pw_applicability_clear(&a);
	assert_int_equal(pw_applicability_decide(PW_TAG_SMIME, NULL, &e, ministry, &a), 0);
	assert_int_equal(a.rules, 0);
	/* not applicable: nobody */
	e = entry("not-applicable", NULL, 0);
	assert_int_equal(
	    pw_applicability_decide(PW_TAG_SMIME | PW_TAG_NETSEC, NULL, &e, ministry, &a), 0);
	assert_int_equal(a.rules, 0);
	assert_int_equal(pw_applicability_decide(PW_TAG_SMIME, NULL, NULL, ministry, &a), 0);
	assert_int_equal(a.rules, 0);
}

/* Why not: for every TSP a change does not apply to, a reason from its own
 * profile and the sign-off. */
static void why_not(pw_tagset tags, const pw_ledger_entry *e, const pw_tsp *t, const char *want)
{
	char *s = NULL;
	assert_int_equal(pw_applicability_why_not(tags, NULL, e, t, &s), 0);
	assert_non_null(s);
	if (strcmp(s, want) != 0)
		fail_msg("why not: '%s', expected '%s'", s, want);
	free(s);
}

static pw_document rp_doc = {.path = "policy.md"};
static pw_source chrome_src = {.id = "chrome-rootprogram",
                               .documents = &rp_doc,
                               .ndocuments = 1,
                               .root_programs = PW_RP_CHROME,
                               .program_types = PW_TAG_TLS | PW_TAG_EV};
static pw_source apple_src = {
    .id = "apple-rootprogram", .documents = &rp_doc, .ndocuments = 1, .root_programs = PW_RP_APPLE};
static pw_source ccadb_src = {
    .id = "mozilla-ccadb", .documents = &rp_doc, .ndocuments = 1, .root_programs = PW_RP_ALL};

static unsigned program_rules(pw_tagset tags, const pw_source *src, const pw_tsp *t,
                              const char *reason_part, const char *why_not_want)
{
	pw_ledger_entry e = entry("applicable", NULL, 0);
	pw_applicability a;
	unsigned r;
	char *s = NULL;
	assert_int_equal(pw_applicability_decide(tags, src, &e, t, &a), 0);
	r = a.rules;
	if (reason_part && (!a.reason || !strstr(a.reason, reason_part)))
		fail_msg("reason '%s' lacks '%s'", a.reason ? a.reason : "(null)", reason_part);
	pw_applicability_clear(&a);
	if (why_not_want) {
		assert_int_equal(r, 0);
		assert_int_equal(pw_applicability_why_not(tags, src, &e, t, &s), 0);
		if (strcmp(s, why_not_want) != 0)
			fail_msg("why not: '%s', expected '%s'", s, why_not_want);
		free(s);
	}
	return r;
}

/* A root program's policy applies to the TSPs in that program (the
 * profile's root_programs; absent: all), within the certificate types the
 * program covers; the reason names the program. ministry-pki is in mozilla,
 * apple and microsoft and issues smime; northwind-trust (no root_programs)
 * is in all four and issues tls, ev; codeworks-signing issues code-signing
 * and tls. */
static void test_root_programs(void **state)
{
	(void)state;
	assert_int_equal(ministry->root_programs, PW_RP_MOZILLA | PW_RP_APPLE | PW_RP_MICROSOFT);
	assert_int_equal(northwind->root_programs, PW_RP_ALL);
	/* Chrome: only TSPs in Chrome's store, and only TLS issuers */
	assert_int_equal(program_rules(PW_TAG_TLS, &chrome_src, northwind,
	                               "its hierarchy is in the chrome root program; issues tls "
	                               "certificates",
	                               NULL),
	                 PW_APPLY_PROGRAM | PW_APPLY_TYPE);
	program_rules(PW_TAG_TLS | PW_TAG_AUDIT, &chrome_src, ministry, NULL,
	              "not in the chrome root program (its hierarchy is in mozilla, apple, "
	              "microsoft)");
	/* a netsec or audit change of Chrome's does not reach a TSP issuing no TLS */
	assert_int_equal(program_rules(PW_TAG_NETSEC, &chrome_src, codeworks, "chrome", NULL),
	                 PW_APPLY_PROGRAM | PW_APPLY_NETSEC);
	/* Apple's smime change reaches ministry-pki; a CCADB change with no
	 * certificate tag reaches every TSP, naming its programs */
	assert_int_equal(program_rules(PW_TAG_SMIME | PW_TAG_AUDIT, &apple_src, ministry,
	                               "its hierarchy is in the apple root program", NULL),
	                 PW_APPLY_PROGRAM | PW_APPLY_TYPE | PW_APPLY_AUDIT);
	program_rules(PW_TAG_SMIME, &apple_src, northwind, NULL,
	              "no matching certificate type (the change concerns smime; it issues tls, "
	              "ev)");
	assert_int_equal(program_rules(0, &ccadb_src, ministry,
	                               "in the mozilla, apple, microsoft root programs", NULL),
	                 PW_APPLY_PROGRAM | PW_APPLY_ALL);
	/* a program covering TLS only, a TSP in it issuing no TLS */
	{
		pw_tsp smime_only = *ministry;
		smime_only.root_programs = PW_RP_CHROME;
		program_rules(
		    PW_TAG_NETSEC, &chrome_src, &smime_only, NULL,
		    "the chrome root program covers tls, ev certificates; it issues smime");
	}
}

static void test_why_not(void **state)
{
	char *ids[] = {"northwind-trust"};
	pw_ledger_entry e = entry("applicable", NULL, 0), named = entry("applicable", ids, 1),
	                no = entry("not-applicable", NULL, 0);
	(void)state;
	why_not(PW_TAG_SMIME, &e, codeworks,
	        "no matching certificate type (the change concerns smime; it issues tls, "
	        "code-signing)");
	why_not(PW_TAG_SMIME | PW_TAG_EXTANT_CA, &e, codeworks,
	        "no matching certificate type (the change concerns smime; it issues tls, "
	        "code-signing); operates no extant CA");
	why_not(PW_TAG_SMIME | PW_TAG_EXTANT_CA, &e, northwind,
	        "no matching certificate type (the change concerns smime; it issues tls, ev); no "
	        "extant CA of a matching type");
	why_not(PW_TAG_CODE_SIGNING | PW_TAG_AUDIT, &e, ministry,
	        "no matching certificate type (the change concerns code-signing; it issues "
	        "smime); audit change for other certificate types");
	why_not(PW_TAG_SMIME, &named, ministry, "not named in the officer's sign-off");
	why_not(PW_TAG_SMIME, &no, ministry, "signed off not-applicable");
	why_not(PW_TAG_SMIME, NULL, ministry, "not signed off");
	/* consistent with decide: these do not apply */
	assert_int_equal(rules(PW_TAG_SMIME | PW_TAG_EXTANT_CA, northwind, NULL), 0);
	assert_int_equal(rules(PW_TAG_CODE_SIGNING | PW_TAG_AUDIT, ministry, NULL), 0);
}

static void set_item(pw_changeset_item *it, char *id, const char *date, pw_tagset tags,
                     pw_effective_date *dates, size_t ndates)
{
	memset(it, 0, sizeof(*it));
	it->change.id = id;
	memcpy(it->change.date, date, 11);
	it->change.cls.tags = tags;
	it->change.cls.dates = dates;
	it->change.cls.ndates = ndates;
}

static void test_collect_orders_by_effective_date(void **state)
{
	pw_changeset_item items[4];
	pw_changeset set = {items, 4};
	pw_effective_date d1[2], d2[1];
	pw_ledger_entry es[5];
	pw_ledger ledger = {es, 5};
	pw_applicable_list l;
	(void)state;
	memset(d1, 0, sizeof(d1));
	memset(d2, 0, sizeof(d2));
	memcpy(d1[0].date, "2026-09-01", 11);
	memcpy(d1[1].date, "2026-03-15", 11); /* earliest of a */
	memcpy(d2[0].date, "2026-06-01", 11);
	set_item(&items[0], "s@a", "2025-01-10", PW_TAG_SMIME, d1, 2);
	set_item(&items[1], "s@b", "2025-02-10", PW_TAG_SMIME | PW_TAG_AUDIT, d2, 1);
	set_item(&items[2], "s@c", "2025-03-10", PW_TAG_SMIME, NULL, 0);
	set_item(&items[3], "s@d", "2025-03-11", PW_TAG_TLS, NULL, 0);
	es[0] = entry("applicable", NULL, 0);
	es[0].change = "s@c";
	es[1] = entry("applicable", NULL, 0);
	es[1].change = "s@a";
	es[2] = entry("applicable", NULL, 0);
	es[2].change = "s@b";
	es[3] = entry("applicable", NULL, 0);
	es[3].change = "s@d"; /* tls: not for the ministry */
	es[4] = entry("applicable", NULL, 0);
	es[4].change = "s@gone"; /* not in the set */
	assert_int_equal(pw_applicability_collect(&l, &set, &ledger, ministry), 0);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0].item->change.id, "s@a");
	assert_string_equal(l.items[0].effective, "2026-03-15");
	assert_string_equal(l.items[1].item->change.id, "s@b");
	assert_int_equal(l.items[1].why.rules, PW_APPLY_TYPE | PW_APPLY_AUDIT);
	assert_string_equal(l.items[2].item->change.id, "s@c");
	assert_string_equal(l.items[2].effective, "");
	assert_ptr_equal(l.items[2].entry, &es[0]);
	assert_int_equal(l.nmissing, 1);
	assert_string_equal(l.missing[0], "s@gone");
	pw_applicability_list_clear(&l);
	assert_int_equal(pw_applicability_collect(&l, &set, &ledger, northwind), 0);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].item->change.id, "s@d");
	pw_applicability_list_clear(&l);
}

/* The audit scope of an item (pw_changeset_item.audit_schemes, audit_only):
 * an audit matter alone naming only ETSI criteria reaches no WebTrust TSP by
 * any rule, and the ETSI TSP as an audit matter whose reason names the
 * criteria; a change that is more than an audit matter still reaches a TSP
 * of the other scheme by certificate type, not as an audit matter; the
 * officer's list wins; an item naming no criteria excludes nobody. */
static void test_audit_scheme(void **state)
{
	pw_changeset_item it;
	pw_ledger_entry e = entry("applicable", NULL, 0);
	char *names[3] = {NULL, "ETSI TS 119 411-6 v1.1.1", NULL}, *who[] = {"northwind-trust"};
	pw_applicability a;
	char *why = NULL;
	(void)state;
	set_item(&it, "s@4", "2023-12-08", PW_TAG_SMIME | PW_TAG_AUDIT, NULL, 0);
	it.audit_schemes = PW_AUDIT_BIT(PW_AUDIT_ETSI);
	it.audit_criteria[PW_AUDIT_ETSI] = names[1];
	it.audit_only = 1;
	/* ministry-pki: etsi, smime */
	assert_int_equal(pw_applicability_decide_item(&a, &it, &e, ministry), 0);
	assert_int_equal(a.rules, PW_APPLY_TYPE | PW_APPLY_AUDIT);
	assert_string_equal(a.reason, "issues smime certificates; audit change for the "
	                              "certificate types it issues naming ETSI TS 119 411-6 "
	                              "v1.1.1 (audited under etsi)");
	pw_applicability_clear(&a);
	/* northwind-trust: webtrust, tls: nothing, and why */
	it.change.cls.tags = PW_TAG_TLS | PW_TAG_AUDIT;
	assert_int_equal(pw_applicability_decide_item(&a, &it, &e, northwind), 0);
	assert_int_equal(a.rules, 0);
	assert_int_equal(pw_applicability_why_not_item(&why, &it, &e, northwind), 0);
	assert_string_equal(why, "an audit change naming only etsi criteria (ETSI TS 119 411-6 "
	                         "v1.1.1); audited under webtrust");
	free(why);
	/* without the scope (the old call), the type rule holds */
	assert_int_equal(rules(PW_TAG_TLS | PW_TAG_AUDIT, northwind, NULL),
	                 PW_APPLY_TYPE | PW_APPLY_AUDIT);
	/* more than an audit matter: by type, not as an audit matter */
	it.audit_only = 0;
	assert_int_equal(pw_applicability_decide_item(&a, &it, &e, northwind), 0);
	assert_int_equal(a.rules, PW_APPLY_TYPE);
	assert_string_equal(a.reason, "issues tls certificates");
	pw_applicability_clear(&a);
	/* the officer's list wins */
	it.audit_only = 1;
	e.tsps = who;
	e.ntsps = 1;
	assert_int_equal(pw_applicability_decide_item(&a, &it, &e, northwind), 0);
	assert_int_equal(a.rules, PW_APPLY_OFFICER);
	pw_applicability_clear(&a);
	/* no criteria named: the scheme excludes nobody */
	e.tsps = NULL;
	e.ntsps = 0;
	it.audit_schemes = 0;
	it.audit_criteria[PW_AUDIT_ETSI] = NULL;
	assert_int_equal(pw_applicability_decide_item(&a, &it, &e, northwind), 0);
	assert_int_equal(a.rules, PW_APPLY_TYPE | PW_APPLY_AUDIT);
	assert_string_equal(a.reason, "issues tls certificates; audit change for the certificate "
	                              "types it issues (audited under webtrust)");
	pw_applicability_clear(&a);
	/* both schemes named: both get it as an audit matter */
	it.audit_schemes = PW_AUDIT_BIT(PW_AUDIT_ETSI) | PW_AUDIT_BIT(PW_AUDIT_WEBTRUST);
	assert_int_equal(pw_applicability_decide_item(&a, &it, &e, northwind), 0);
	assert_int_equal(a.rules, PW_APPLY_TYPE | PW_APPLY_AUDIT);
	pw_applicability_clear(&a);
}

/* A derived deadline with certificate types of its own (the CCADB
 * self-assessment template's 90 days: tls) binds only TSPs issuing one of
 * them (an EV issuer issues TLS); without types, every TSP the change
 * applies to; its root programs still narrow it. Stated dates bind always. */
static void test_binds_derived_types(void **state)
{
	pw_effective_date d;
	pw_tsp ev_only = *northwind;
	(void)state;
	ev_only.types = PW_TAG_EV;
	memset(&d, 0, sizeof(d));
	d.derived = 1;
	d.types = PW_TAG_TLS;
	assert_false(pw_applicability_binds(&d, ministry)); /* smime only */
	assert_true(pw_applicability_binds(&d, northwind));
	assert_true(pw_applicability_binds(&d, codeworks));
	assert_true(pw_applicability_binds(&d, &ev_only));
	d.types = 0;
	assert_true(pw_applicability_binds(&d, ministry));
	d.types = PW_TAG_SMIME;
	d.programs = PW_RP_CHROME; /* ministry-pki is not in Chrome's program */
	assert_false(pw_applicability_binds(&d, ministry));
	d.programs = PW_RP_APPLE;
	assert_true(pw_applicability_binds(&d, ministry));
	assert_false(pw_applicability_binds(&d, northwind));
}

/* A stated date of a change of several types binds by its own types when
 * the classifier found them narrower than the change's (the lines that state
 * it are in a document or section of fewer types): a TSP issuing one of them
 * or operating a CA of one (an extant CA of a type it no longer issues);
 * none: as the change. */
static void test_binds_stated_types(void **state)
{
	pw_effective_date d;
	pw_tsp former = *ministry, no_cas = *ministry;
	(void)state;
	memset(&d, 0, sizeof(d));
	assert_true(pw_applicability_binds(&d, northwind)); /* no types: the change's */
	d.types = PW_TAG_SMIME; /* Apple 2.0's "2.3 S/MIME Trust Purposes" */
	assert_true(pw_applicability_binds(&d, ministry));
	assert_false(pw_applicability_binds(&d, northwind));
	assert_false(pw_applicability_binds(&d, codeworks));
	/* no longer issuing smime, but operating its extant smime CA */
	former.types = PW_TAG_TLS;
	assert_true(ministry->ncas > 0);
	assert_true(pw_applicability_binds(&d, &former));
	no_cas.types = PW_TAG_TLS;
	no_cas.ncas = 0;
	assert_false(pw_applicability_binds(&d, &no_cas));
	d.types = PW_TAG_TLS; /* an EV issuer issues TLS certificates */
	assert_true(pw_applicability_binds(&d, northwind));
	assert_true(pw_applicability_binds(&d, codeworks));
	assert_false(pw_applicability_binds(&d, ministry));
	d.types = PW_TAG_NETSEC; /* no certificate type: the change's */
	assert_true(pw_applicability_binds(&d, ministry));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_certificate_types),
	    cmocka_unit_test(test_ev_issuer_counts_as_tls),
	    cmocka_unit_test(test_netsec_every_tsp),
	    cmocka_unit_test(test_audit),
	    cmocka_unit_test(test_extant_ca),
	    cmocka_unit_test(test_untagged_applies_to_all),
	    cmocka_unit_test(test_officer_list_overrides),
	    cmocka_unit_test(test_why_not),
	    cmocka_unit_test(test_root_programs),
	    cmocka_unit_test(test_collect_orders_by_effective_date),
	    cmocka_unit_test(test_audit_scheme),
	    cmocka_unit_test(test_binds_derived_types),
	    cmocka_unit_test(test_binds_stated_types),
	};
	return cmocka_run_group_tests_name("applicability", tests, setup, teardown);
}
