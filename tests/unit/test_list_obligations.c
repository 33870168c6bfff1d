/* pkiwatch obligations as a library call:
 *  - pw_list_obligations_text from hand-made obligations, every line worked
 *    out from the format by hand: an open one (next milestone in 64 days:
 *    2025-03-01 to 2025-05-04 is 31 + 30 + 3 days) with a milestone done,
 *    the rule's reason, changes, a quote and evidence (a file, a link); a
 *    waived one with its note; untrusted text with control characters as
 *    spaces; none: "no <status> obligations[ for <tsp>]";
 *  - pw_list_obligations_run's status filter on the obligation tests'
 *    repository (tests/lib: SMC-1 applicable, ministry-pki's ETSI scope
 *    extension with its first milestone on 2023-05-04, mailtrust's WebTrust
 *    period due 2025-06-30): on 2023-05-05 one is overdue, both are open
 *    (open includes overdue), none is met. */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/list_obligations.h"
#include "util/error.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <string.h>

static compfix fx;

static pw_obligation_milestone ms[2] = {
    {.what = "auditor engaged", .due = "2025-05-04", .done = ""},
    {.what = "plan", .due = "2025-02-01", .done = "2025-01-20"},
};
static char *changes[] = {"s@aaaaaaaaaaaa", "s@bbbbbbbbbbbb", NULL};
static char *none[] = {NULL};
static pw_obligation_quote quote = {.change = "s@aaaaaaaaaaaa", .text = "must\x1b include"};

static void test_text(void **state)
{
	pw_obligation open, waived;
	const pw_obligation *items[] = {&open, &waived};
	pw_list_obligations_result r;
	pw_buf b = PW_BUF_INIT;
	(void)state;

	memset(&open, 0, sizeof(open));
	open.id = "ob-t-1";
	open.tsp = "t";
	open.kind = "audit";
	open.rule = "etsi-scope-extension";
	open.what = "Extend the\nscope";
	open.reason = "audited under etsi";
	snprintf(open.due, sizeof(open.due), "2025-09-01");
	open.changes = changes;
	open.criteria = none;
	open.milestones = ms;
	open.nmilestones = 2;
	open.quotes = &quote;
	open.nquotes = 1;
	open.status = PW_OBLIGATION_OPEN;
	open.evidence = cJSON_Parse("[{\"file\":{\"name\":\"r.pdf\",\"sha1\":\"abc1\"}},"
	                            "{\"url\":\"https://x.example/e\"}]");
	assert_non_null(open.evidence);
	memset(&waived, 0, sizeof(waived));
	waived.id = "ob-t-2";
	waived.tsp = "t";
	waived.kind = "officer";
	waived.rule = "officer";
	waived.what = "Answer the letter";
	waived.changes = none;
	waived.criteria = none;
	waived.status = PW_OBLIGATION_WAIVED;
	waived.note = "not\rneeded";
	snprintf(waived.closed, sizeof(waived.closed), "2025-02-10");
	waived.evidence = cJSON_CreateArray();

	memset(&r, 0, sizeof(r));
	r.today = "2025-03-01";
	r.items = items;
	r.count = 2;
	assert_int_equal(pw_list_obligations_text(&b, &r), 0);
	assert_string_equal(b.ptr, "ob-t-1  open  due 2025-09-01  t  audit\n"
	                           "  Extend the scope\n"
	                           "  next: auditor engaged, 2025-05-04 (in 64 days)\n"
	                           "  1. [ ] 2025-05-04  auditor engaged\n"
	                           "  2. [x] 2025-02-01  plan (done 2025-01-20)\n"
	                           "  rule: etsi-scope-extension (audited under etsi)\n"
	                           "  changes: s@aaaaaaaaaaaa, s@bbbbbbbbbbbb\n"
	                           "  > must  include\n"
	                           "  evidence: r.pdf (git blob abc1)\n"
	                           "  evidence: https://x.example/e\n"
	                           "\n"
	                           "ob-t-2  waived  due -  t  officer\n"
	                           "  Answer the letter\n"
	                           "  waived on 2025-02-10: not needed\n"
	                           "  rule: officer\n"
	                           "\n");
	pw_buf_clear(&b);

	/* the JSON: the objects of pw_obligation_to_json */
	assert_int_equal(pw_list_obligations_json(&b, &r), 0);
	tu_assert_has(b.ptr, "\"id\":\t\"ob-t-1\"");
	tu_assert_has(b.ptr, "\"id\":\t\"ob-t-2\"");
	assert_int_equal(b.ptr[b.len - 1], '\n');
	pw_buf_clear(&b);

	r.count = 0;
	r.status = PW_LIST_OBLIGATIONS_MET;
	r.tsp = "t";
	assert_int_equal(pw_list_obligations_text(&b, &r), 0);
	assert_string_equal(b.ptr, "no met obligations for t\n");
	pw_buf_clear(&b);
	r.status = PW_LIST_OBLIGATIONS_ALL;
	r.tsp = NULL;
	assert_int_equal(pw_list_obligations_text(&b, &r), 0);
	assert_string_equal(b.ptr, "no obligations\n"); /* one space (it said "no  obligations") */
	pw_buf_clear(&b);
	cJSON_Delete(open.evidence);
	cJSON_Delete(waived.evidence);
}

static size_t listed(int status, const char *tsp)
{
	pw_list_obligations_opts o = PW_LIST_OBLIGATIONS_OPTS_INIT;
	pw_list_obligations_result r;
	pw_workspace *ws = NULL;
	size_t n;
	o.status = status;
	o.tsp = tsp;
	compfix_workspace(&ws, &fx);
	assert_int_equal(pw_list_obligations_run(&r, ws, &o), 0);
	assert_string_equal(r.today, "2023-05-05");
	n = r.count;
	if (n && status == PW_LIST_OBLIGATIONS_OVERDUE)
		assert_string_equal(r.items[0]->tsp, "ministry-pki");
	pw_list_obligations_result_clear(&r);
	pw_workspace_free(ws);
	return n;
}

static void test_status_filter(void **state)
{
	pw_list_obligations_opts o = PW_LIST_OBLIGATIONS_OPTS_INIT;
	pw_list_obligations_result r;
	pw_workspace *ws = NULL;
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2023-05-05", 1);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_OPEN, NULL), 2);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_OVERDUE, NULL), 1);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_MET, NULL), 0);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_WAIVED, NULL), 0);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_ALL, NULL), 2);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_OVERDUE, "mailtrust"), 0);
	assert_int_equal(listed(PW_LIST_OBLIGATIONS_OPEN, "mailtrust"), 1);
	/* an unknown TSP; a status out of range */
	compfix_workspace(&ws, &fx);
	o.tsp = "nobody";
	assert_int_equal(pw_list_obligations_run(&r, ws, &o), PW_ENOTFOUND);
	pw_list_obligations_result_clear(&r);
	o.tsp = NULL;
	o.status = 9;
	assert_int_equal(pw_list_obligations_run(&r, ws, &o), PW_EINPUT);
	pw_list_obligations_result_clear(&r);
	pw_workspace_free(ws);
}

static int setup(void **state)
{
	(void)state;
	compfix_start_obligations(&fx, NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_status_filter),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, setup, teardown);
	git_libgit2_shutdown();
	return rc;
}
