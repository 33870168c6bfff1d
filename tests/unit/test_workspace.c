/* The workspace (app/workspace.h) on the real cabforum-smime history and the
 * example TSPs with a WebTrust-audited S/MIME TSP added (mailtrust, period
 * ending 06-30), SMC-1 (the S/MIME BRs v1.0.0, effective 2023-09-01) signed
 * off as applicable:
 *  - pw_workspace_obligations gives the obligations worked out by hand:
 *    ministry-pki (ETSI, EN 319 411-1/-2 in scope) must extend its scope to
 *    the S/MIME BRs by the effective date 2023-09-01 (auditor engaged 120
 *    days before: 2023-05-04; attestation 30 days after: 2023-10-01);
 *    mailtrust's first audit period starting after 2023-09-01 is
 *    2024-07-01..2025-06-30 and must include the WebTrust S/MIME criteria
 *    (report 90 days after its end: 2025-09-28); the TLS-only TSPs owe
 *    nothing.
 *  - what a getter returned stays valid whatever is asked for later: a
 *    single-source change set when the whole set is loaded after it, and the
 *    obligations of one day and TSP when those of another TSP are derived
 *    (before, each replaced the one before in place: the pointers held into
 *    it were freed, which ASan reports as heap-use-after-free). */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/workspace.h"
#include "util/error.h"

#include <git2.h>
#include <string.h>
#include <unistd.h>

#define DAY "2023-01-10"

static compfix fx;

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

static const pw_obligation *of(const pw_obligctx *ctx, const char *tsp)
{
	size_t i;
	const pw_obligation *found = NULL;
	for (i = 0; i < ctx->obligations.count; i++)
		if (strcmp(ctx->obligations.items[i].tsp, tsp) == 0) {
			assert_null(found); /* one each */
			found = &ctx->obligations.items[i];
		}
	assert_non_null(found);
	return found;
}

static void assert_milestone(const pw_obligation *o, size_t i, const char *what, const char *due)
{
	assert_true(i < o->nmilestones);
	assert_string_equal(o->milestones[i].what, what);
	assert_string_equal(o->milestones[i].due, due);
	assert_string_equal(o->milestones[i].done, "");
}

static void test_obligations(void **state)
{
	const pw_obligctx *ctx, *again;
	const pw_obligation *o;
	pw_workspace *ws = NULL;
	char id[64];
	(void)state;
	tu_upstream_or_skip();

	compfix_workspace(&ws, &fx);
	assert_int_equal(pw_workspace_obligations(&ctx, ws, DAY, NULL), 0);
	assert_int_equal(ctx->obligations.count, 2);

	o = of(ctx, "ministry-pki");
	compfix_obligation_id(id, sizeof(id), "ministry-pki",
	                      "etsi-scope-extension|cabforum-smime:SBR.md");
	assert_string_equal(o->id, id);
	assert_string_equal(o->kind, "audit");
	assert_string_equal(o->rule, "etsi-scope-extension");
	assert_int_equal(o->status, PW_OBLIGATION_OPEN);
	assert_string_equal(o->due, "2023-09-01");
	assert_string_equal(o->changes[0], SMC1);
	assert_null(o->changes[1]);
	assert_string_equal(o->criteria[0], "CA/Browser Forum S/MIME Baseline Requirements");
	assert_null(o->criteria[1]);
	assert_int_equal(o->nmilestones, 3);
	assert_milestone(o, 0, "auditor engaged", "2023-05-04");
	assert_milestone(o, 1, "scope-extension audit performed", "2023-09-01");
	assert_milestone(o, 2, "attestation received", "2023-10-01");

	o = of(ctx, "mailtrust");
	assert_string_equal(o->rule, "webtrust-audit-period");
	assert_string_equal(o->period[0], "2024-07-01");
	assert_string_equal(o->period[1], "2025-06-30");
	assert_string_equal(o->due, "2025-06-30");
	assert_string_equal(o->criteria[0], "WebTrust for S/MIME Baseline Requirements v1.0.0");
	assert_null(o->criteria[1]); /* WebTrust for CAs is in its scope */
	assert_milestone(o, 2, "audit report received", "2025-09-28");

	/* asked again for the same day: the same, not derived anew */
	assert_int_equal(pw_workspace_obligations(&again, ws, DAY, NULL), 0);
	assert_ptr_equal(again, ctx);
	/* one TSP's: that one; a TSP the workspace does not know: PW_ENOTFOUND */
	assert_int_equal(pw_workspace_obligations(&again, ws, DAY, "mailtrust"), 0);
	assert_int_equal(again->obligations.count, 1);
	assert_string_equal(again->obligations.items[0].tsp, "mailtrust");
	assert_int_equal(pw_workspace_obligations(&again, ws, DAY, "nobody"), PW_ENOTFOUND);
	assert_null(again);
	pw_workspace_free(ws);
}

/* A single-source set held while the whole set is loaded (by the
 * obligations): the items held stay readable. */
static void test_single_source_set_kept(void **state)
{
	const pw_changeset *one, *all, *again;
	const pw_changeset_item *held;
	const pw_obligctx *ctx;
	pw_workspace *ws = NULL;
	char *id;
	size_t n;
	(void)state;
	tu_upstream_or_skip();

	compfix_workspace(&ws, &fx);
	assert_int_equal(pw_workspace_changeset(&one, ws, "cabforum-smime"), 0);
	assert_true(one->count > 0);
	held = &one->items[one->count - 1];
	n = one->count;
	assert_non_null(id = strdup(held->change.id));

	assert_int_equal(pw_workspace_obligations(&ctx, ws, DAY, NULL), 0);
	assert_int_equal(pw_workspace_changeset(&all, ws, NULL), 0);
	/* what was returned before is untouched (read first: freed, ASan says
	 * so here) */
	assert_string_equal(held->change.id, id);
	assert_int_equal(one->count, n);
	assert_ptr_equal(ctx->set, all);
	assert_ptr_not_equal(all, one);
	/* the one source enabled: the whole set has the same changes */
	assert_int_equal(all->count, n);
	assert_non_null(pw_changeset_find(all, id));
	/* the whole set now serves a request for one source */
	assert_int_equal(pw_workspace_changeset(&again, ws, "cabforum-smime"), 0);
	assert_ptr_equal(again, all);
	free(id);
	pw_workspace_free(ws);
}

/* The obligations of one TSP derived while those of all are held, and a
 * single-source set asked for after them: what was held stays readable. */
static void test_obligations_kept(void **state)
{
	const pw_obligctx *ctx, *one, *ctx2023;
	const pw_obligation *held;
	const pw_changeset *set, *all;
	pw_workspace *ws = NULL;
	char *id;
	(void)state;
	tu_upstream_or_skip();

	compfix_workspace(&ws, &fx);
	assert_int_equal(pw_workspace_obligations(&ctx, ws, DAY, NULL), 0);
	all = ctx->set;
	held = of(ctx, "ministry-pki");
	assert_non_null(id = strdup(held->id));

	assert_int_equal(pw_workspace_obligations(&one, ws, DAY, "mailtrust"), 0);
	assert_int_equal(pw_workspace_changeset(&set, ws, "cabforum-smime"), 0);
	assert_int_equal(pw_workspace_obligations(&ctx2023, ws, "2023-05-05", NULL), 0);
	assert_int_equal(of(ctx2023, "ministry-pki")->status, PW_OBLIGATION_OVERDUE);

	/* read first: freed, ASan says so here */
	assert_string_equal(held->id, id);
	assert_string_equal(held->due, "2023-09-01");
	assert_int_equal(held->status, PW_OBLIGATION_OPEN);
	assert_int_equal(ctx->obligations.count, 2);
	assert_int_equal(one->obligations.count, 1);
	assert_ptr_not_equal(one, ctx);
	assert_ptr_equal(ctx->set, all);
	assert_ptr_equal(set, all);
	free(id);
	pw_workspace_free(ws);
}

/* After pw_workspace_ledger_changed the ledger, the forms issued, the
 * responses and the obligations are read anew (a sign-off added meanwhile is
 * seen); what was read before stays readable (ASan) until the workspace is
 * freed. */
static void test_ledger_changed(void **state)
{
	const pw_ledger *before, *after;
	const pw_responses *rs_before, *rs_after;
	const pw_issued *is_before, *is_after;
	const pw_obligctx *ctx, *ctx2;
	pw_workspace *ws = NULL;
	char path[4096];
	size_t n;
	(void)state;
	tu_upstream_or_skip();

	compfix_workspace(&ws, &fx);
	/* nothing read yet: nothing to set aside */
	assert_int_equal(pw_workspace_ledger_changed(ws), 0);
	assert_int_equal(pw_workspace_ledger(&before, ws), 0);
	assert_int_equal(pw_workspace_responses(&rs_before, ws), 0);
	assert_int_equal(pw_workspace_issued(&is_before, ws), 0);
	assert_int_equal(pw_workspace_obligations(&ctx, ws, DAY, NULL), 0);
	n = before->count;
	assert_int_equal(n, 1);
	compfix_ledger(&fx, SMC8, "not-applicable", "[]", NULL);
	/* still the reads made before */
	assert_int_equal(pw_workspace_ledger(&after, ws), 0);
	assert_ptr_equal(after, before);
	assert_int_equal(pw_workspace_ledger_changed(ws), 0);
	assert_int_equal(pw_workspace_ledger(&after, ws), 0);
	assert_ptr_not_equal(after, before);
	assert_int_equal(after->count, 2);
	assert_int_equal(pw_workspace_responses(&rs_after, ws), 0);
	assert_ptr_not_equal(rs_after, rs_before);
	assert_int_equal(pw_workspace_issued(&is_after, ws), 0);
	assert_ptr_not_equal(is_after, is_before);
	assert_int_equal(pw_workspace_obligations(&ctx2, ws, DAY, NULL), 0);
	assert_ptr_not_equal(ctx2, ctx);
	assert_ptr_equal(ctx2->ledger, after);
	/* the earlier reads: as they were */
	assert_int_equal(before->count, 1);
	assert_string_equal(before->items[0].change, SMC1);
	assert_ptr_equal(ctx->ledger, before);
	assert_int_equal(ctx->obligations.count, 2);
	pw_workspace_free(ws);
	snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, SMC8);
	assert_int_equal(unlink(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_obligations),
	    cmocka_unit_test(test_single_source_set_kept),
	    cmocka_unit_test(test_obligations_kept),
	    cmocka_unit_test(test_ledger_changed),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, setup, teardown);
	git_libgit2_shutdown();
	return rc;
}
