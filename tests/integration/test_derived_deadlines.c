/* A deadline derived by rules/deadlines.json on the real mozilla-ccadb
 * history: Apple's 14 days to follow a new CCADB Policy version.
 *
 * CCADB-1.3.1 (mozilla-ccadb@824967699833, "Merge pull request #179") was
 * committed on 2024-10-29 with the header "Version 1.3.1, Effective: October
 * 29, 2024": no date after its publication, so Apple's rule derives
 * 2024-10-29 + 14 days = 2024-11-12 (October 31 is +2, November 12 is +14),
 * for TSPs in Apple's program only. On 2024-10-30 that is 13 days ahead.
 * northwind-trust (no root_programs: all four) is bound; mozonly (only
 * "mozilla") is not, and sees only the stated 2024-10-29, already passed. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <string.h>

#define CCADB131 "mozilla-ccadb@824967699833"
#define APPLE_REASON                                                                               \
	"Apple Root Program: a new CCADB Policy version without a future effective date must be "  \
	"followed within 14 calendar days of its publication"
#define MOZONLY                                                                                    \
	"{\"name\":\"Mozonly\",\"certificate_types\":[\"tls\"],\"root_programs\":[\"mozilla\"],"   \
	"\"audit\":{\"scheme\":\"webtrust\",\"period_end\":\"06-30\",\"criteria\":["               \
	"\"WebTrust for CAs v2.2.2\"]}}\n"

static compfix fx;

static int setup(void **state)
{
	const char *up;
	(void)state;
	compfix_env();
	setenv("PKIWATCH_TODAY", "2024-10-30", 1);
	unsetenv("PKIWATCH_CHROMIUM");
	unsetenv("PKIWATCH_WEASYPRINT");
	if (!(up = tu_upstream()))
		return 0; /* each test skips */
	compfix_init(&fx, up);
	compfix_source(&fx, up, "mozilla-ccadb", "2024-10-01");
	compfix_tsp(&fx, "mozonly", MOZONLY);
	compfix_ledger(&fx, CCADB131, "applicable", "[]", NULL);
	compfix_commit(&fx);
	compfix_officer_is_git_user(&fx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

/* `changes`: the text says "(derived)" with the rule's reason; the JSON
 * keeps it in derived_deadlines (date, reason, programs), apart from the
 * dates the text states. */
static void test_changes(void **state)
{
	char *out = NULL, *err = NULL;
	cJSON *arr, *r, *d, *e;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, &out, &err, "changes --since 2024-10-29"), 0);
	assert_non_null(strstr(out, CCADB131 " 2024-10-29 CCADB-1.3.1 policy-version adopted"));
	assert_non_null(strstr(out, "    effective 2024-10-29 (CCADB Policy): October 29, 2024\n"
	                            "    effective 2024-11-12 (derived): " APPLE_REASON "\n"));
	free(out);
	free(err);
	assert_int_equal(compfix_run(&fx, &out, &err, "changes --since 2024-10-29 --format json"),
	                 0);
	assert_non_null(arr = cJSON_Parse(out));
	r = NULL;
	cJSON_ArrayForEach(e, arr)
	{
		if (strcmp(cJSON_GetObjectItem(e, "id")->valuestring, CCADB131) == 0)
			r = e;
	}
	assert_non_null(r);
	d = cJSON_GetObjectItem(r, "derived_deadlines");
	assert_int_equal(cJSON_GetArraySize(d), 1);
	e = cJSON_GetArrayItem(d, 0);
	assert_string_equal(cJSON_GetObjectItem(e, "date")->valuestring, "2024-11-12");
	assert_string_equal(cJSON_GetObjectItem(e, "text")->valuestring, APPLE_REASON);
	e = cJSON_GetObjectItem(e, "root_programs");
	assert_int_equal(cJSON_GetArraySize(e), 1);
	assert_string_equal(cJSON_GetArrayItem(e, 0)->valuestring, "apple");
	/* the stated dates only */
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(r, "effective_dates"))
	{
		assert_string_equal(cJSON_GetObjectItem(e, "date")->valuestring, "2024-10-29");
	}
	cJSON_Delete(arr);
	free(out);
	free(err);
}

/* Apple's rule reads the version's own effective date, not a requirement's
 * date in its prose (git log -p --first-parent policy.md):
 *  - CCADB-2.1, 7a25b5c merged 2026-03-20, "Version 2.1, Effective: March 20,
 *    2026" (and its Change History row); its 4 says "Effective September 15,
 *    2026, CA policy documents MUST ...": 2026-03-20 + 14 = 2026-04-03;
 *  - CCADB-1.3, 8f5240e merged 2023-10-25, "Version 1.3.0, Effective: October
 *    25, 2023"; its 5.3 names December 31, 2023: 2023-10-25 + 14 = 2023-11-08
 *    (October 31 is +6);
 *  - CCADB-2.0, 294f003 merged 2025-06-17, "Version 2.0, Effective: July 15,
 *    2025": published ahead of its effective date, nothing derived. */
static void test_version_date_decides(void **state)
{
	static const struct {
		const char *id, *stated, *derived;
	} want[] = {
	    {"mozilla-ccadb@7a25b5cfa9a8", "2026-09-15", "2026-04-03"},
	    {"mozilla-ccadb@8f5240e7d5ea", "2023-12-31", "2023-11-08"},
	    {"mozilla-ccadb@294f003bf873", "2025-07-15", NULL},
	};
	char *out = NULL, *err = NULL;
	cJSON *arr, *e, *d;
	size_t i, found = 0;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, &out, &err,
	                             "changes --source mozilla-ccadb --since 2023-10-01 "
	                             "--format json"),
	                 0);
	assert_non_null(arr = cJSON_Parse(out));
	cJSON_ArrayForEach(e, arr)
	{
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			int stated = 0;
			if (strcmp(cJSON_GetObjectItem(e, "id")->valuestring, want[i].id) != 0)
				continue;
			found++;
			cJSON_ArrayForEach(d, cJSON_GetObjectItem(e, "effective_dates"))
			{
				stated |= strcmp(cJSON_GetObjectItem(d, "date")->valuestring,
				                 want[i].stated) == 0;
			}
			assert_true(stated);
			d = cJSON_GetObjectItem(e, "derived_deadlines");
			assert_int_equal(cJSON_GetArraySize(d), want[i].derived ? 1 : 0);
			if (!want[i].derived)
				continue;
			d = cJSON_GetArrayItem(d, 0);
			assert_string_equal(cJSON_GetObjectItem(d, "date")->valuestring,
			                    want[i].derived);
			assert_string_equal(cJSON_GetObjectItem(d, "text")->valuestring,
			                    APPLE_REASON);
		}
	}
	assert_int_equal(found, 3);
	cJSON_Delete(arr);
	free(out);
	free(err);
	/* the text as the review ran it */
	assert_int_equal(
	    compfix_run(&fx, &out, &err, "changes --source mozilla-ccadb --since 2026-03-01"), 0);
	tu_assert_has(out, "    effective 2026-03-20 (CCADB Policy): March 20, 2026\n");
	tu_assert_has(out, "    effective 2026-04-03 (derived): " APPLE_REASON "\n");
	free(out);
	free(err);
}

/* The CCADB self-assessment template's 90 days bind the TSPs its own
 * document concerns (cas/self-assessment.md, default tags: tls), not all the
 * commit's. a4ca459 (merged 2024-11-12) releases template 1.4.2 (row
 * "November 12, 2024") and also edits policy.md's 5.3, so the change carries
 * smime and applies to ministry-pki (S/MIME only, in Apple's program); the
 * previous template's last day, 2024-11-12 + 90 = 2025-02-10 (November 30 is
 * +18, December 31 +49, January 31 +80), binds northwind-trust (tls, ev) and
 * codeworks-signing (code-signing, tls) only: as 729c8f4 and 30e1e22
 * (template only, [tls audit]) bind no S/MIME-only TSP. On 2024-11-13 it is
 * 89 days ahead. */
static void test_self_assessment_types(void **state)
{
	compfix f;
	char *out = NULL, *err = NULL;
	cJSON *arr, *e, *r = NULL;
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2024-11-13", 1);
	compfix_init(&f, tu_upstream());
	compfix_source(&f, tu_upstream(), "mozilla-ccadb", "2024-11-01");
	compfix_ledger(&f, "mozilla-ccadb@a4ca459292fd", "applicable", "[]", NULL);
	compfix_commit(&f);
	compfix_officer_is_git_user(&f);

	assert_int_equal(compfix_run(&f, &out, &err, "deadlines"), 0);
	tu_assert_has(out, "2025-02-10  in 89 days    -         mozilla-ccadb@a4ca459292fd  for "
	                   "codeworks-signing northwind-trust\n");
	assert_null(strstr(out, "ministry-pki"));
	free(out);
	free(err);
	/* the change itself applies to ministry-pki (smime) ... */
	assert_int_equal(compfix_run(&f, &out, &err, "summary --tsp ministry-pki"), 0);
	tu_assert_has(out, "mozilla-ccadb@a4ca459292fd · ministry-pki");
	tu_assert_has(out, "issues smime certificates");
	/* ... but not the template's deadline */
	assert_null(strstr(out, "2025-02-10"));
	free(out);
	free(err);
	assert_int_equal(compfix_run(&f, &out, &err, "deadlines --tsp ministry-pki"), 0);
	assert_null(strstr(out, "2025-02-10"));
	free(out);
	free(err);
	/* the record: the derived date's own types */
	assert_int_equal(compfix_run(&f, &out, &err, "changes --format json"), 0);
	assert_non_null(arr = cJSON_Parse(out));
	cJSON_ArrayForEach(e, arr)
	{
		if (strcmp(cJSON_GetObjectItem(e, "id")->valuestring,
		           "mozilla-ccadb@a4ca459292fd") == 0)
			r = e;
	}
	assert_non_null(r);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "tags")), 4);
	e = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "derived_deadlines"), 0);
	assert_string_equal(cJSON_GetObjectItem(e, "date")->valuestring, "2025-02-10");
	e = cJSON_GetObjectItem(e, "certificate_types");
	assert_int_equal(cJSON_GetArraySize(e), 1);
	assert_string_equal(cJSON_GetArrayItem(e, 0)->valuestring, "tls");
	cJSON_Delete(arr);
	free(out);
	free(err);
	compfix_free(&f);
	setenv("PKIWATCH_TODAY", "2024-10-30", 1);
}

/* A date the text states binds by the types of the lines that state it when
 * the change is of more types. Apple 2.0 (apple-rootprogram@4038a9d06544) is
 * tagged with every certificate type, but the line stating 2027-02-01
 * ("Effective 2027-02-01, all newly signed Subscriber certificates that
 * contain the id-kp-emailProtection EKU MUST include ... rfc822Name") stands
 * under "### 2.3 S/MIME Trust Purposes" (git show of its policy.md: the last
 * heading before it): it binds ministry-pki (smime, in Apple's program), not
 * northwind-trust (tls, ev) or codeworks-signing (code-signing, tls), though
 * the change applies to all three. 2027-07-01 (sections 1.2.3.1, 1.3.1, 1.7
 * and Appendix A, of no certificate type of their own) binds all three.
 * On 2026-12-05 they are 58 and 208 days ahead. */
static void test_stated_date_types(void **state)
{
	compfix f;
	char *out = NULL, *err = NULL, *heading = NULL;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(
	    tu_sh(&heading, NULL,
	          "git -C '%s/apple-rootprogram.git' show 4038a9d06544:policy.md | "
	          "awk '/^#/{h=$0} /Effective 2027-02-01, all newly signed/{print h; exit}'",
	          tu_upstream()),
	    0);
	assert_string_equal(heading, "### 2.3 S/MIME Trust Purposes\n");
	free(heading);
	setenv("PKIWATCH_TODAY", "2026-12-05", 1);
	compfix_init(&f, tu_upstream());
	compfix_source(&f, tu_upstream(), "apple-rootprogram", "2026-07-01");
	compfix_ledger(&f, "apple-rootprogram@4038a9d06544", "applicable", "[]", NULL);
	compfix_commit(&f);
	compfix_officer_is_git_user(&f);

	assert_int_equal(compfix_run(&f, &out, &err, "deadlines"), 0);
	tu_assert_has(out, "2027-02-01  in 58 days    APPLE-2.0  apple-rootprogram@4038a9d06544  "
	                   "for ministry-pki\n");
	tu_assert_has(out, "2027-07-01  in 208 days   APPLE-2.0  apple-rootprogram@4038a9d06544  "
	                   "for codeworks-signing ministry-pki northwind-trust\n");
	free(out);
	free(err);
	/* the change applies to northwind-trust, its S/MIME date does not: of
	 * 2026-08-01 and 2027-07-01, the next */
	assert_int_equal(compfix_run(&f, &out, &err, "summary --tsp northwind-trust"), 0);
	tu_assert_has(out, "  APPLE-2.0 · northwind-trust\n");
	tu_assert_has(out, "effective 2027-07-01 (next; 1 of 2 dates passed)");
	free(out);
	free(err);
	assert_int_equal(compfix_run(&f, &out, &err, "deadlines --tsp northwind-trust"), 0);
	assert_null(strstr(out, "2027-02-01"));
	tu_assert_has(out, "2027-07-01");
	free(out);
	free(err);
	compfix_free(&f);
	setenv("PKIWATCH_TODAY", "2024-10-30", 1);
}

/* `deadlines` and its .ics: the Apple TSP has the date, mozonly nothing. */
static void test_deadlines_and_ics(void **state)
{
	char *out = NULL, *err = NULL, path[4096], *ics;
	const char *line;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, &out, &err, "deadlines"), 0);
	line = strstr(out, "2024-11-12  in 13 days    CCADB-1.3.1  " CCADB131 "  for ");
	assert_non_null(line);
	assert_non_null(strstr(line, "northwind-trust"));
	assert_null(strstr(out, "mozonly"));
	assert_non_null(strstr(out, "\n    " APPLE_REASON "\n"));
	free(out);
	free(err);

	assert_int_equal(compfix_run(&fx, &out, &err, "deadlines --tsp mozonly --ics ../moz.ics"),
	                 0);
	assert_null(strstr(out, "2024-11-12"));
	assert_null(strstr(out, "CCADB-1.3.1"));
	assert_non_null(strstr(out, "0 events written to ../moz.ics"));
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/moz.ics", fx.dir);
	assert_non_null(ics = tu_read(path));
	assert_null(strstr(ics, "BEGIN:VEVENT"));
	free(ics);

	assert_int_equal(
	    compfix_run(&fx, &out, &err, "deadlines --tsp northwind-trust --ics ../nw.ics"), 0);
	assert_non_null(strstr(out, "2024-11-12  in 13 days    CCADB-1.3.1  " CCADB131
	                            "  for northwind-trust\n"));
	assert_non_null(strstr(out, "1 event written to ../nw.ics"));
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/nw.ics", fx.dir);
	assert_non_null(ics = tu_read(path));
	assert_non_null(strstr(
	    ics, "UID:mozilla-ccadb-824967699833-20241112-for-northwind-trust@pkiwatch\r\n"));
	assert_non_null(strstr(ics, "DTSTART;VALUE=DATE:20241112\r\n"));
	assert_non_null(
	    strstr(ics, "SUMMARY:Apple: follow CCADB-1.3.1 (within 14 days of publication)\r\n"));
	assert_null(strstr(ics, "takes effect"));
	free(ics);
}

/* The change's issue (publish --dry-run) lists both dates with the reason. */
static void test_issue_body(void **state)
{
	char *out = NULL, *err = NULL, path[4096], *body;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, &out, &err, "publish --dry-run --outbox ../box"), 0);
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/box/bodies/mozilla-ccadb_CCADB-1.3.1.md", fx.dir);
	assert_non_null(body = tu_read(path));
	assert_non_null(strstr(body, "dates=2024-10-29,2024-11-12 "));
	assert_non_null(strstr(body, "## Effective dates\n\n- **2024-10-29** "));
	/* said to be derived, by the rule's reason (which names the program) */
	assert_non_null(strstr(body, "\n- **2024-11-12** — derived: " APPLE_REASON "\n"));
	free(body);
	/* the dashboard's coming dates say what the derived one is */
	snprintf(path, sizeof(path), "%s/box/bodies/dashboard.md", fx.dir);
	assert_non_null(body = tu_read(path));
	assert_non_null(strstr(body, "- **2024-11-12** (in 13 days) "));
	assert_non_null(strstr(body, " — derived: Apple: follow CCADB-1.3.1 (within 14 days of "
	                             "publication)\n"));
	free(body);
}

/* `summary`: the Apple TSP's next date is the derived one; mozonly's change
 * has one date, 2024-10-29, passed. */
static void test_summary(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, &out, &err, "summary --tsp northwind-trust"), 0);
	/* the date says what it is: Apple's rule, for CCADB-1.3.1 (the text
	 * is wrapped: read with its line breaks and indents as one space) */
	{
		char *w = out, *r = out;
		while (*r) {
			if (*r == '\n' && r[1] == ' ') {
				while (r[1] == ' ')
					r++;
				*w++ = ' ';
				r++;
				continue;
			}
			*w++ = *r++;
		}
		*w = '\0';
	}
	assert_non_null(strstr(out, "effective 2024-11-12 (derived: Apple: follow CCADB-1.3.1 "
	                            "(within 14 days of publication)) (next; 1 of 2 dates"));
	assert_non_null(strstr(out, "in 13 days"));
	free(out);
	free(err);
	assert_int_equal(compfix_run(&fx, &out, &err, "summary --tsp mozonly"), 0);
	assert_non_null(strstr(out, "CCADB-1.3.1 · mozonly · no response, date passed"));
	assert_non_null(strstr(out, "effective 2024-10-29, 1 day ago"));
	assert_null(strstr(out, "2024-11-12"));
	assert_null(strstr(out, "(next"));
	free(out);
	free(err);
}

/* The forms: the Apple TSP's lists the derived date and is due a week before
 * it (2024-11-12 - 7 = 2024-11-05, but at least 7 days after 2024-10-30:
 * 2024-11-06); mozonly's has no such date and the usual 30 days
 * (2024-11-29). */
static void test_forms(void **state)
{
	char *out = NULL, *err = NULL, *md = NULL;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(compfix_run(&fx, &out, &err,
	                             "forms --tsp northwind-trust --tsp mozonly --format md "
	                             "--out ../forms"),
	                 0);
	assert_non_null(strstr(out, "mozonly: 1 change, reply by 2024-11-29:"));
	assert_non_null(strstr(out, "northwind-trust: 1 change, reply by 2024-11-06:"));
	free(out);
	free(err);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s'/forms/northwind-trust/*.md", fx.dir), 0);
	assert_non_null(strstr(md, "\n- **2024-11-12**: " APPLE_REASON "\n"));
	assert_non_null(strstr(md, "| 3. Compliant with what is in force since 2024-10-29, and can "
	                           "2024-11-12 be met? |"));
	free(md);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s'/forms/mozonly/*.md", fx.dir), 0);
	assert_non_null(strstr(md, "- **in force since 2024-10-29**: October 29, 2024\n"));
	assert_non_null(strstr(md, "| 3. In force since 2024-10-29: are you compliant? |"));
	assert_null(strstr(md, "2024-11-12"));
	assert_null(strstr(md, "Apple Root Program"));
	free(md);
}

/* The self-assessment worksheet of the CCADB Policy 1.3.1 since an accepted
 * 1.3 (records written by hand): the rows CCADB-1.3.1 changed carry the
 * dates that bind the TSP; the "CCADB Policy" row, whose header states
 * 2024-10-29, also Apple's 2024-11-12 for northwind-trust only. */
static void test_worksheet(void **state)
{
	static const char *const tsps[] = {"northwind-trust", "mozonly"};
	char *out = NULL, *err = NULL, path[4096], rec[512];
	size_t i;
	(void)state;
	tu_upstream_or_skip();
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/ledger/self-assessments/%s/mozilla-ccadb", fx.repo,
		         tsps[i]);
		assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s'", path), 0);
		strcat(path, "/policy.md@1.3.json");
		snprintf(rec, sizeof(rec),
		         "{\"tsp\": \"%s\", \"document\": \"mozilla-ccadb:policy.md\", "
		         "\"version\": \"1.3\", \"answers\": [], \"accepted\": {\"time\": "
		         "\"2024-01-10T09:00:00Z\"}}\n",
		         tsps[i]);
		tu_write(path, rec);
		assert_int_equal(compfix_run(&fx, &out, &err,
		                             "self-assessment --tsp %s --document "
		                             "mozilla-ccadb:policy.md --version 1.3.1 --format csv "
		                             "--out ../sa-%s",
		                             tsps[i], tsps[i]),
		                 0);
		tu_assert_has(out, "16 changed since version 1.3");
		free(out);
		free(err);
		assert_int_equal(
		    tu_sh(&out, NULL, "grep -h '^CCADB Policy,' '%s'/sa-%s/*.csv", fx.dir, tsps[i]),
		    0);
		assert_string_equal(out,
		                    i == 0 ? "CCADB Policy,CCADB Policy,yes,\"CCADB-1.3.1 "
		                             "(2024-10-29, v1.3.1; effective 2024-10-29, "
		                             "2024-11-12)\",,,\r\n"
		                           : "CCADB Policy,CCADB Policy,yes,\"CCADB-1.3.1 "
		                             "(2024-10-29, v1.3.1; effective 2024-10-29)\",,,\r\n");
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_changes),
	    cmocka_unit_test(test_version_date_decides),
	    cmocka_unit_test(test_self_assessment_types),
	    cmocka_unit_test(test_stated_date_types),
	    cmocka_unit_test(test_deadlines_and_ics),
	    cmocka_unit_test(test_issue_body),
	    cmocka_unit_test(test_summary),
	    cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_worksheet),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
