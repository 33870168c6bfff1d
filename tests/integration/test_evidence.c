/* pkiwatch evidence over a simulated year on the real cabforum-smime
 * history: sign-offs in signed ledger commits (an SSH key from ssh-keygen),
 * forms issued, one answer, the others overdue. The Markdown has every
 * section and the counts; the PDF (pdftotext) too, with page numbers; the
 * same commit and period give the same bytes; an empty period says so;
 * bad input exits 2. Pages are rendered to PNG under build/ to look at. */
#include "testutil.h"

#include "compliance_fixture.h"
#include "fakegh.h"
#include "signkeys.h"

#include <string.h>

static compfix fx;
static signkeys keys;
static fakegh gh;

static int teardown(void **state)
{
	(void)state;
	fakegh_stop(&gh);
	unsetenv("GITHUB_TOKEN");
	unsetenv("GITHUB_API_URL");
	signkeys_stop(&keys);
	compfix_free(&fx);
	return 0;
}

/* `st` is the status of a run that wrote its output to *out (passed by
 * address: the run's call may be evaluated after this argument). */
static void sh_ok(const char *what, int st, char **out)
{
	if (st != 0)
		fail_msg("%s failed (%d): %s", what, st, *out ? *out : "");
	free(*out);
	*out = NULL;
}

/* The year: SMC-6, SMC-9, SMC-10 applicable, SMC-8 not applicable, each in
 * its own signed commit; forms for the TSPs on 2025-03-01 (reply by
 * 2025-03-31); ministry-pki answers SMC-9 on 2025-06-15, after the year
 * (answers are recorded on PKIWATCH_TODAY's day), and its self-assessment
 * is imported and accepted that day. */
static void start(void)
{
	const char *up = tu_upstream_or_skip();
	const char *ids[] = {SMC6, SMC9, SMC10, SMC8};
	char path[4096], *out = NULL;
	size_t i;
	compfix_env();
	compfix_init(&fx, up);
	snprintf(path, sizeof(path), "%s/keys", fx.dir);
	signkeys_make(&keys, path, 1, NULL);
	snprintf(path, sizeof(path), "%s/allowed_signers", fx.repo);
	signkeys_allowed(path, "maria.jansen@authority.example", keys.ssh_pub);
	compfix_commit(&fx);
	compfix_officer_is_git_user(&fx);
	sh_ok("git config",
	      tu_sh(&out, NULL,
	            "cd '%s' && git config commit.gpgsign true && git config gpg.format ssh && "
	            "git config user.signingkey '%s' 2>&1",
	            fx.repo, keys.ssh_key),
	      &out);
	for (i = 0; i < 4; i++) {
		compfix_ledger(&fx, ids[i], i == 3 ? "not-applicable" : "applicable",
		               i == 3 ? "[]" : "[\"ministry-pki\"]", NULL);
		sh_ok("git commit",
		      tu_sh(&out, NULL,
		            "cd '%s' && git add ledger && git commit -q -m 'signoff %s' 2>&1",
		            fx.repo, ids[i]),
		      &out);
	}
	sh_ok("forms", compfix_run(&fx, &out, NULL, "forms --format md --out forms 2>&1"), &out);
	setenv("PKIWATCH_TODAY", "2025-06-15", 1);
	sh_ok("respond",
	      compfix_run(&fx, &out, NULL,
	                  "respond --tsp ministry-pki --change " SMC9
	                  " --impact medium --days 45 --meets-date yes 2>&1"),
	      &out);
	/* ministry-pki's self-assessment of SBR 1.0.8: every row answered, accepted */
	sh_ok("self-assessment",
	      compfix_run(&fx, &out, NULL,
	                  "self-assessment --tsp ministry-pki --document cabforum-smime:SBR.md "
	                  "--version 1.0.8 --format csv --out sa 2>&1"),
	      &out);
	sh_ok("fill",
	      tu_sh(&out, NULL,
	            "cd '%s/sa' && python3 -c 'import csv,sys\n"
	            "rows=list(csv.reader(open(sys.argv[1],newline=\"\")))\n"
	            "t=False\n"
	            "for r in rows:\n"
	            "  if t and len(r)>=5: r[4]=\"CPS \"+r[0]\n"
	            "  if r and r[0]==\"Section\": t=True\n"
	            "csv.writer(open(\"answers.csv\",\"w\",newline=\"\")).writerows(rows)' "
	            "ministry-pki-cabforum-smime-SBR-1.0.8.csv 2>&1",
	            fx.repo),
	      &out);
	sh_ok("import", compfix_run(&fx, &out, NULL, "self-assessment import sa/answers.csv 2>&1"),
	      &out);
	sh_ok("accept",
	      compfix_run(&fx, &out, NULL,
	                  "self-assessment accept ministry-pki cabforum-smime:SBR.md 2>&1"),
	      &out);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
}

static char *report(const char *dir, const char *ext)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/evidence-2024-06-01-2025-05-31.%s", fx.repo, dir, ext);
	return tu_read(path);
}

static void test_year(void **state)
{
	char *out = NULL, *err = NULL, *md, *text = NULL, *json;
	(void)state;
	start();
	if (compfix_run(&fx, &out, &err,
	                "evidence --from 2024-06-01 --to 2025-05-31 --format md,html,json,pdf") !=
	    0)
		fail_msg("evidence failed: %s %s", out, err);
	tu_assert_has(out, "wrote evidence/evidence-2024-06-01-2025-05-31.pdf");
	tu_assert_has(out, "ledger verified");
	free(out);
	free(err);
	md = report("evidence", "md");
	assert_non_null(md);
	tu_assert_has(md, "# Evidence report: example-authority/compliance");
	tu_assert_has(md, "## Contents");
	tu_assert_has(md,
	              "| Decisions recorded in the period | 4 (3 applicable, 1 not applicable) |");
	tu_assert_has(md, "| Decisions whose ledger commit is signed by an allowed key | 4 of 4 |");
	tu_assert_has(md, "| Forms issued to TSPs | 1 |");
	/* ministry-pki was asked about SMC-6, SMC-9, SMC-10 by 2025-03-31 and answered
	 * SMC-9 only on 2025-06-15: all three overdue on 2025-05-31 */
	tu_assert_has(md, "| Answers received | 0 |");
	tu_assert_has(md, "| Answers overdue at the end of the period | 3 |");
	tu_assert_has(md, "| `" SMC6 "` | applicable | ministry-pki | Maria Jansen | "
	                  "2025-02-20T10:00:00Z | `");
	tu_assert_has(md, ": good SSH signature by maria.jansen@authority.example |");
	tu_assert_has(md, "| Self-assessments imported or accepted (accepted) | 0 (0) |");
	tu_assert_has(md, "No self-assessment was imported or accepted in the period.");
	tu_assert_has(md, "## 7. Versions in force on 2025-05-31");
	tu_assert_has(md, "| cabforum-smime | SBR.md | ");
	tu_assert_has(md, "No problem: every ledger commit is signed");
	/* the PDF has the sections, the counts and page numbers */
	assert_int_equal(
	    tu_sh(&text, NULL,
	          "pdftotext -layout '%s/evidence/evidence-2024-06-01-2025-05-31.pdf' -", fx.repo),
	    0);
	tu_assert_has(text, "Evidence report: example-authority/compliance");
	tu_assert_has(text, "1. Summary");
	tu_assert_has(text, "3. Decisions");
	tu_assert_has(text, "Answers overdue at the end of the period");
	tu_assert_has(text, "Page 1 of");
	free(text);
	/* PNG pages to look at */
	tu_sh(NULL, NULL,
	      "mkdir -p '%s/build/evidence-png' && pdftoppm -r 60 -png "
	      "'%s/evidence/evidence-2024-06-01-2025-05-31.pdf' '%s/build/evidence-png/page'",
	      tu_src(), fx.repo, tu_src());
	json = report("evidence", "json");
	tu_assert_has(json, "\"decisions\":\t4");
	tu_assert_has(json, "\"overdue\":\t3");
	free(json);
	/* a period up to now: the answer is in it, two are overdue */
	assert_int_equal(
	    compfix_run(&fx, NULL, NULL, "evidence --from 2024-06-01 --to 2099-12-31 --out late"),
	    0);
	{
		char p2[4096], *late;
		snprintf(p2, sizeof(p2), "%s/late/evidence-2024-06-01-2099-12-31.md", fx.repo);
		late = tu_read(p2);
		tu_assert_has(late, "| Answers received | 1 |");
		tu_assert_has(late, "| Answers overdue at the end of the period | 2 |");
		tu_assert_has(late, "| `" SMC9 "` | ministry-pki | medium | 45 | yes | ");
		/* imported and accepted on 2025-06-15: in this period, not in the year */
		tu_assert_has(late, "| Self-assessments imported or accepted (accepted) | 1 (1) |");
		tu_assert_has(late, "| ministry-pki | cabforum-smime:SBR.md | 1.0.8 | ");
		tu_assert_has(late, " | 331 |\n");
		free(late);
	}
	/* the same commit and period: the same bytes, the PDF too (its creation
	 * date is the period's end, not the time of rendering) */
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "evidence --from 2024-06-01 --to 2025-05-31 --format "
	                             "md,html,json,pdf --out again"),
	                 0);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "grep -a -c \"/CreationDate (D:20250531000000\" "
	                       "'%s/again/evidence-2024-06-01-2025-05-31.pdf'",
	                       fx.repo),
	                 0);
	{
		/* on a difference, cmp says where (a renderer's nondeterminism
		 * shows here) */
		char *cmp_out = NULL;
		if (tu_sh(&cmp_out, NULL,
		          "cd '%s' && for e in md html json pdf; do cmp "
		          "evidence/evidence-2024-06-01-2025-05-31.$e "
		          "again/evidence-2024-06-01-2025-05-31.$e 2>&1 || exit 1; done",
		          fx.repo) != 0) {
			/* both runs kept under build/ for the next reader */
			tu_sh(NULL, NULL,
			      "rm -rf '%s/build/evidence-differ' && mkdir -p "
			      "'%s/build/evidence-differ' && cp -r '%s/evidence' '%s/again' "
			      "'%s/build/evidence-differ/'",
			      tu_src(), tu_src(), fx.repo, fx.repo, tu_src());
			fail_msg("two runs differ (both kept in build/evidence-differ): %s",
			         cmp_out ? cmp_out : "");
		}
		free(cmp_out);
	}
	free(md);
}

/* The number of the fake's issue whose change marker names `id` (the
 * dashboard names it too, without the marker); 0 when none. */
static long issue_number_of(const char *id)
{
	cJSON *issues = fakegh_issues(&gh, "example-authority/compliance"), *it;
	char marker[200];
	long n = 0;
	snprintf(marker, sizeof(marker), "<!-- pkiwatch:change %s -->", id);
	cJSON_ArrayForEach(it, issues)
	{
		const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(it, "body"));
		if (body && strstr(body, marker))
			n = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "number"));
	}
	cJSON_Delete(issues);
	return n;
}

/* With a token the issues are read: a change was first seen the day its
 * issue was opened (the fake stamps 2024-07-15), with the issue's number;
 * without one, the upstream commit date, marked. */
static void test_first_seen_is_the_issue(void **state)
{
	const char *args[] = {"--repo", "example-authority/compliance", NULL};
	char *out = NULL, *err = NULL, *md, *json, want[200];
	cJSON *doc, *c;
	long n;
	(void)state;
	start();
	fakegh_start(&gh, args);
	cJSON_Delete(
	    fakegh_admin(&gh, "POST", "/_admin/config", "{\"now\": \"2024-07-15T09:00:00Z\"}"));
	setenv("GITHUB_API_URL", gh.url, 1);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	if (compfix_run(&fx, &out, &err, "publish") != 0)
		fail_msg("publish failed: %s %s", out, err);
	free(out);
	free(err);
	n = issue_number_of(SMC9);
	assert_true(n > 0);
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "evidence --from 2024-06-01 --to 2025-05-31 --format md,json "
	                             "--out seen"),
	                 0);
	md = report("seen", "md");
	tu_assert_has(md, "First seen is the day pkiwatch opened the change's issue");
	snprintf(want, sizeof(want), "| `%s` | cabforum-smime | SMC-9 | 2024-07-15 (#%ld) | ", SMC9,
	         n);
	tu_assert_has(md, want);
	tu_assert_lacks(md, " *upstream* |");
	free(md);
	json = report("seen", "json");
	doc = cJSON_Parse(json);
	c = NULL;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "changes"))
	{
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")), SMC9) == 0)
			break;
	}
	assert_non_null(c);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "first_seen")),
	                    "2024-07-15");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "first_seen_from")),
	                    "issue");
	assert_int_equal((long)cJSON_GetNumberValue(cJSON_GetObjectItem(c, "issue")), n);
	cJSON_Delete(doc);
	free(json);

	/* no token: nothing is read, the upstream date (SMC-9 was adopted in
	 * November 2024) is marked as such */
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "evidence --from 2024-06-01 --to 2025-05-31 --format md,json "
	                             "--out offline"),
	                 0);
	md = report("offline", "md");
	tu_assert_has(md, "First seen is the upstream commit date, marked *upstream*");
	snprintf(want, sizeof(want), "| `%s` | cabforum-smime | SMC-9 | 2024-11-", SMC9);
	tu_assert_has(md, want);
	tu_assert_lacks(md, "(#");
	free(md);
}

static void test_empty_and_bad_input(void **state)
{
	char *out = NULL, *err = NULL, *dir, path[4096], *md;
	(void)state;
	start();
	assert_int_equal(
	    compfix_run(&fx, &out, &err, "evidence --from 2019-01-01 --to 2019-01-31 --out e"), 0);
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/e/evidence-2019-01-01-2019-01-31.md", fx.repo);
	md = tu_read(path);
	tu_assert_has(md, "**Nothing was recorded in this period:**");
	tu_assert_has(md, "| Upstream changes in the period | 0 (0 adopted, 0 proposed) |");
	free(md);
	assert_int_equal(
	    compfix_run(&fx, NULL, &err, "evidence --from 2025-05-31 --to 2024-06-01 --out x"), 2);
	tu_assert_has(err, "pkiwatch: evidence: --from 2025-05-31 is after --to 2024-06-01: dates "
	                   "out of order");
	free(err);
	assert_int_equal(compfix_run(&fx, NULL, &err, "evidence --from 2025-13-01 --to 2025-12-31"),
	                 2);
	tu_assert_has(err, "--from: expected a date YYYY-MM-DD");
	free(err);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/x'", fx.repo), 0);
	/* not a compliance repository */
	dir = tu_tempdir();
	assert_int_equal(tu_sh(NULL, &err,
	                       "cd '%s' && '%s' evidence --from 2025-01-01 --to 2025-12-31", dir,
	                       tu_bin()),
	                 2);
	tu_assert_has(err, "pkiwatch: ");
	free(err);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_year, teardown),
	    cmocka_unit_test_teardown(test_first_seen_is_the_issue, teardown),
	    cmocka_unit_test_teardown(test_empty_and_bad_input, teardown),
	};
	return cmocka_run_group_tests_name("evidence", tests, NULL, NULL);
}
