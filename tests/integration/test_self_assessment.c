/* pkiwatch self-assessment on the real cabforum-smime history and the example
 * TSP ministry-pki: the worksheet's rows against the document's headings; the
 * XLSX read by python3-openpyxl (tests/worksheet_xlsx.py: cells, highlight,
 * protection, hidden identity); a worksheet filled in by openpyxl, with
 * shared and inline strings, imported and accepted; the next version's
 * worksheet marking exactly the sections the changes since (as `pkiwatch
 * changes` classifies them) touched, with their ballots; bad input refused
 * with one line naming the file and the cell or row, exit 2, nothing recorded;
 * answers starting with '=' written back as text. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC    "cabforum-smime:SBR.md"
#define WS_DIR "self-assessments/ministry-pki"
#define WS108  WS_DIR "/ministry-pki-cabforum-smime-SBR-1.0.8"
#define WS110  WS_DIR "/ministry-pki-cabforum-smime-SBR-1.0.10"
#define PY     "/usr/bin/python3 '%s'"

static compfix fx;

/* runs pkiwatch in the repository; fails the test with its stderr unless it exits 0 */
static void ok(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ok(char **out, const char *fmt, ...)
{
	char args[1024], *err = NULL;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	if (compfix_run(&fx, out, &err, "%s", args) != 0)
		fail_msg("pkiwatch %s: %s", args, err ? err : "");
	free(err);
}

static const char *py(void)
{
	return tu_src_path("tests/worksheet_xlsx.py");
}

/* the fixture, and openpyxl (skipped visibly without it, unless real data is required) */
static int start(void)
{
	compfix_start_officer(&fx, 0);
	if (tu_sh(NULL, NULL, "/usr/bin/python3 -c 'import openpyxl'") != 0) {
		const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
		if (r && !strcmp(r, "1"))
			fail_msg("python3-openpyxl is missing (make test-deps)");
		print_message("skipped: python3-openpyxl is missing (make test-deps)\n");
		return 0;
	}
	return 1;
}

/* `what` occurs in `j` printed */
static void json_has(const cJSON *j, const char *what)
{
	char *s = cJSON_PrintUnformatted(j);
	assert_non_null(s);
	tu_assert_has(s, what);
	free(s);
}

static cJSON *inspect(const char *rel)
{
	char *out = NULL;
	cJSON *j;
	assert_int_equal(tu_sh(&out, NULL, PY " inspect '%s/%s'", py(), fx.repo, rel), 0);
	j = cJSON_Parse(out);
	assert_non_null(j);
	free(out);
	return j;
}

static void fill(const char *in, const char *out, const char *opts)
{
	char *err = NULL;
	if (tu_sh(NULL, &err, PY " fill '%s/%s' '%s/%s' %s", py(), fx.repo, in, fx.repo, out,
	          opts) != 0)
		fail_msg("fill: %s", err);
	free(err);
}

/* import must fail with exit 2 and one line holding `what`; nothing recorded */
static void refused(const char *file, const char *what, const char *extra)
{
	char *err = NULL;
	long before = compfix_commits(&fx);
	int rc = compfix_run(&fx, NULL, &err, "self-assessment import %s '%s'", extra, file);
	if (rc != 2)
		fail_msg("import %s %s: exit %d: %s", extra, file, rc, err ? err : "");
	tu_assert_has(err, what);
	tu_assert_has(err, file);
	assert_non_null(strchr(err, '\n'));
	assert_null(strchr(err, '\n') + 1 == err + strlen(err) ? NULL : strchr(err, '\n') + 1);
	assert_int_equal(compfix_commits(&fx), before);
	free(err);
}

/* 1.0.8 generated, filled in by openpyxl (all rows), imported, accepted */
static void accept_108(void)
{
	char *out = NULL;
	ok(&out, "self-assessment --tsp ministry-pki --document " DOC " --version 1.0.8");
	tu_assert_has(out, "version 1.0.8: 331 sections");
	free(out);
	fill(WS108 ".xlsx", "filled108.xlsx", "mixed");
	ok(&out, "self-assessment import filled108.xlsx");
	tu_assert_has(out, "331 of 331 sections answered");
	free(out);
	ok(&out, "self-assessment accept ministry-pki " DOC);
	tu_assert_has(out, "version 1.0.8: accepted");
	free(out);
}

static void test_rows_are_the_headings(void **state)
{
	char *out = NULL, md[4096];
	cJSON *j, *rows;
	(void)state;
	if (!start())
		return;
	ok(&out, "self-assessment --tsp ministry-pki --document " DOC " --format xlsx,csv,html");
	tu_assert_has(out, "version 1.0.10: 332 sections, 0 changed since no accepted");
	free(out);
	/* every heading of SBR.md at HEAD, counted by the test's own reader */
	snprintf(md, sizeof(md), "%s/sbr.md", fx.dir);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "git --git-dir='%s/cabforum-smime.git' show HEAD:SBR.md > '%s'",
	                       tu_upstream(), md),
	                 0);
	assert_int_equal(
	    tu_sh(&out, NULL, PY " headings '%s/" WS110 ".xlsx' '%s'", py(), fx.repo, md), 0);
	/* 334 headings: 332 sections, and A.1, A.2 inside Appendix A */
	assert_string_equal(out, "334 332\n");
	free(out);
	j = inspect(WS110 ".xlsx");
	rows = cJSON_GetObjectItem(j, "rows");
	assert_int_equal(cJSON_GetArraySize(rows), 12 + 332);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 1), 1)->valuestring,
	                    "ministry-pki");
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 4), 1)->valuestring,
	                    "1.0.10");
	tu_assert_has(cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 8), 1)->valuestring,
	              "Interior Secure Mail CA 2019");
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(rows, 12), 0)->valuestring, "1");
	/* protection: the sheet protected, the answers (E-G, B10) unlocked, the rest locked */
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "protected")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "filter_protected")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "id_protected")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "locked"), "A13")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "locked"), "D13")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "locked"), "B2")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "locked"), "E13")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "locked"), "G13")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "locked"), "B10")));
	assert_string_equal(cJSON_GetObjectItem(j, "autofilter")->valuestring, "A12:G344");
	assert_string_equal(cJSON_GetObjectItem(j, "freeze")->valuestring, "C13");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "wrap")));
	/* the identity on a hidden sheet */
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "states"), 1)->valuestring,
	                    "hidden");
	json_has(cJSON_GetObjectItem(j, "id"), "3340d6159641");
	cJSON_Delete(j);
	/* the CSV has the same rows */
	assert_int_equal(tu_sh(&out, NULL, "grep -c '' '%s/" WS110 ".csv'", fx.repo), 0);
	assert_string_equal(out, "344\n");
	free(out);
}

/* Changes after the last change at version 1.0.8, newest first, as `pkiwatch
 * changes` lists them: the expected marks. */
static cJSON *changes_since_108(void)
{
	char *out = NULL;
	cJSON *all, *c, *since = cJSON_CreateArray();
	int seen108 = 0;
	ok(&out, "changes --format json");
	all = cJSON_Parse(out);
	free(out);
	assert_non_null(all);
	cJSON_ArrayForEach(c, all)
	{
		cJSON *docs = cJSON_GetObjectItem(c, "documents"), *v;
		if (strcmp(cJSON_GetObjectItem(c, "status")->valuestring, "adopted"))
			continue;
		v = cJSON_GetObjectItem(cJSON_GetArrayItem(docs, 0), "version");
		if (cJSON_IsString(v) && !strcmp(v->valuestring, "1.0.8"))
			seen108 = 1;
		if (!seen108)
			cJSON_AddItemToArray(since, cJSON_Duplicate(c, 1));
	}
	assert_true(seen108);
	cJSON_Delete(all);
	return since;
}

static void test_changed_since_108(void **state)
{
	cJSON *j, *since, *c, *s, *fills;
	char *out = NULL;
	int marked = 0, expected = 0;
	(void)state;
	if (!start())
		return;
	accept_108();
	ok(&out, "self-assessment --tsp ministry-pki --document " DOC " --format xlsx,csv");
	tu_assert_has(out, "version 1.0.10: 332 sections, 9 changed since version 1.0.8");
	free(out);
	since = changes_since_108();
	assert_int_equal(cJSON_GetArraySize(since), 2); /* SMC-11, SMC-12 */
	j = inspect(WS110 ".xlsx");
	fills = cJSON_GetObjectItem(j, "fills");
	/* every section those changes touched that is a row: marked, highlighted, with the ballot
	 */
	cJSON_ArrayForEach(c, since)
	{
		const char *ballot = cJSON_GetObjectItem(c, "ballot")->valuestring;
		cJSON_ArrayForEach(s, cJSON_GetObjectItem(c, "sections"))
		{
			cJSON *row, *fill = cJSON_GetObjectItem(fills, s->valuestring);
			int found = 0;
			if (!fill)
				continue; /* not a section of 1.0.10 */
			assert_string_equal(fill->valuestring, "FFFFF2CC");
			cJSON_ArrayForEach(row, cJSON_GetObjectItem(j, "rows"))
			{
				if (cJSON_IsString(cJSON_GetArrayItem(row, 0)) &&
				    !strcmp(cJSON_GetArrayItem(row, 0)->valuestring,
				            s->valuestring)) {
					assert_string_equal(cJSON_GetArrayItem(row, 2)->valuestring,
					                    "yes");
					tu_assert_has(cJSON_GetArrayItem(row, 3)->valuestring,
					              ballot);
					found = 1;
				}
			}
			assert_true(found);
		}
	}
	/* and no other: the marked rows are exactly those sections, first */
	cJSON_ArrayForEach(s, fills)
	{
		int in = 0;
		cJSON *x;
		cJSON_ArrayForEach(c, since)
		    cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, "sections")) in |=
		    !strcmp(x->valuestring, s->string);
		if (cJSON_IsString(s)) {
			assert_true(in);
			assert_int_equal(marked, expected); /* changed rows come first */
			marked++;
		} else {
			assert_false(in);
		}
		expected++;
	}
	assert_int_equal(marked, 9);
	/* unchanged rows are prefilled with the accepted answers */
	json_has(cJSON_GetObjectItem(j, "rows"), "Answer for 4.9.1.1");
	json_has(cJSON_GetObjectItem(j, "rows"), "CP 3.1, CPS 3.4");
	cJSON_Delete(j);
	cJSON_Delete(since);
}

static void test_import_refusals(void **state)
{
	char path[4096];
	char *out = NULL;
	(void)state;
	if (!start())
		return;
	accept_108();
	ok(NULL, "self-assessment --tsp ministry-pki --document " DOC " --format xlsx,csv");
	/* a changed section left unanswered */
	fill(WS110 ".xlsx", "skip.xlsx", "changed-only skip=6.1.5");
	refused("skip.xlsx", "section 6.1.5 (changed) has no answer", "");
	/* a formula */
	fill(WS110 ".xlsx", "formula.xlsx", "changed-only formula=G20");
	refused("formula.xlsx", "cell G20: a formula", "");
	/* a very long cell */
	fill(WS110 ".xlsx", "long.xlsx", "changed-only long=G21");
	refused("long.xlsx", "cell G21: longer than 32767 characters", "");
	/* another TSP, document or version than expected */
	fill(WS110 ".xlsx", "ok.xlsx", "changed-only");
	refused("ok.xlsx", "B2: a worksheet for TSP ministry-pki, not northwind-trust",
	        "--tsp northwind-trust");
	refused("ok.xlsx", "B5: a worksheet for version 1.0.10, not 1.0.9", "--version 1.0.9");
	/* the visible TSP changed: differs from the hidden identity */
	fill(WS110 ".xlsx", "other.xlsx", "changed-only set=B2=northwind-trust");
	refused("other.xlsx", "B2: TSP \"northwind-trust\" differs from the worksheet's identity",
	        "");
	/* not a worksheet; a truncated XLSX */
	snprintf(path, sizeof(path), "%s/plain.csv", fx.repo);
	tu_write(path, "a,b\n1,2\n");
	refused("plain.csv", "not a pkiwatch self-assessment worksheet", "");
	assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && head -c 3000 ok.xlsx > cut.xlsx", fx.repo),
	                 0);
	refused("cut.xlsx", "not an XLSX workbook", "");
	/* the CSV: a changed row unanswered names its row */
	refused(WS110 ".csv", "row 13: section", "");
	/* and the good one imports, once */
	ok(&out, "self-assessment import ok.xlsx");
	tu_assert_has(out, "recorded in ledger/self-assessments/ministry-pki/cabforum-smime/"
	                   "SBR.md@1.0.10.json");
	free(out);
	ok(&out, "self-assessment import ok.xlsx");
	tu_assert_has(out, "the same answers are recorded; nothing to do");
	free(out);
}

/* an answer starting with '=' comes back out as text, in XLSX and CSV */
static void test_no_formula_injection(void **state)
{
	char *out = NULL;
	cJSON *j;
	(void)state;
	if (!start())
		return;
	accept_108();
	ok(NULL, "self-assessment --tsp ministry-pki --document " DOC);
	fill(WS110 ".xlsx", "eq.xlsx", "changed-only 'set=G13=-1+2' 'set=F13=@SUM(A1)'");
	ok(NULL, "self-assessment import eq.xlsx");
	ok(NULL, "self-assessment accept ministry-pki " DOC);
	ok(NULL, "self-assessment --tsp ministry-pki --document " DOC " --format xlsx,csv");
	j = inspect(WS110 ".xlsx");
	/* row 13 was 1.2.1 (changed, first); now nothing changed: 1.2.1 is row 16 */
	assert_string_equal(
	    cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "rows"), 15), 0)
	        ->valuestring,
	    "1.2.1");
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "types"), "F16")->valuestring, "s");
	assert_string_equal(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "types"), "G16")->valuestring, "s");
	cJSON_Delete(j);
	assert_int_equal(tu_sh(&out, NULL, "sed -n 16p '%s/" WS110 ".csv'", fx.repo), 0);
	tu_assert_has(out, ",'@SUM(A1),'-1+2");
	free(out);
}

/* The HTML worksheet in real headless Chromium: typed into like a person
 * (tests/worksheet_save.py), filtered to the changed rows, saved; the CSV it
 * downloads imports, with the answers as typed ('=' and '@' first included). */
static void test_html_save(void **state)
{
	char *out = NULL, *chromium = NULL, dl[2048], file[4096], *text;
	cJSON *rec, *a;
	int found = 0;
	(void)state;
	if (tu_sh(NULL, NULL, "command -v chromium >/dev/null") != 0) {
		const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
		if (r && !strcmp(r, "1"))
			fail_msg("chromium is needed (make test-deps)");
		print_message("skipped: chromium is needed (make test-deps)\n");
		skip();
	}
	if (!start())
		return;
	accept_108();
	ok(NULL, "self-assessment --tsp ministry-pki --document " DOC " --format html");
	assert_int_equal(tu_sh(&chromium, NULL, "command -v chromium | tr -d '\\n'"), 0);
	snprintf(dl, sizeof(dl), "%s/downloads", fx.dir);
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s'", dl), 0);
	/* the nine changed sections: E and F; one answer a would-be formula */
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "python3 '%s' '%s' '%s/" WS110 ".html' '%s' '{\"cp_cps\": \"CPS 5.0\", "
	          "\"E:1.2.1\": \"CPS 1.2\", \"F:1.2.1\": \"=revision, \\\"noted\\\"\", "
	          "\"E:1.3.2.1\": \"n/a\", \"F:1.3.2.1\": \"no enterprise RAs\", "
	          "\"E:1.6.1\": \"CPS 1.6\", \"F:1.6.1\": \"@ terms\\nadopted\", "
	          "\"E:1.6.3\": \"CPS 1.6.3\", \"F:1.6.3\": \"refs\", "
	          "\"E:3.2.2.4\": \"n/a\", \"F:3.2.2.4\": \"no ACME\", "
	          "\"E:6.1.5\": \"CPS 6.1.5\", \"F:6.1.5\": \"RSA 3072\", "
	          "\"E:7.1.4.2.1\": \"Profile\", \"F:7.1.4.2.1\": \"SAN\", "
	          "\"E:7.1.4.2.2\": \"Profile\", \"F:7.1.4.2.2\": \"DN\", "
	          "\"E:Appendix A\": \"CPS 3.2\", \"F:Appendix A\": \"natural persons\"}'",
	          tu_src_path("tests/worksheet_save.py"), chromium, fx.repo, dl),
	    0);
	tu_assert_has(out, "visible: 9\n");
	tu_assert_has(out, "download: ministry-pki-cabforum-smime-SBR.md-1.0.10-answers.csv");
	free(out);
	snprintf(file, sizeof(file), "%s/ministry-pki-cabforum-smime-SBR.md-1.0.10-answers.csv",
	         dl);
	ok(&out, "self-assessment import '%s'", file);
	tu_assert_has(out, "332 of 332 sections answered (9 changed)");
	free(out);
	snprintf(file, sizeof(file),
	         "%s/ledger/self-assessments/ministry-pki/cabforum-smime/SBR.md@1.0.10.json",
	         fx.repo);
	text = tu_read(file);
	assert_non_null(text);
	rec = cJSON_Parse(text);
	free(text);
	assert_non_null(rec);
	assert_string_equal(cJSON_GetObjectItem(rec, "cp_cps")->valuestring, "CPS 5.0");
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(rec, "answers"))
	{
		const char *sec = cJSON_GetObjectItem(a, "section")->valuestring;
		const char *how = cJSON_GetObjectItem(a, "how")->valuestring;
		if (!strcmp(sec, "1.2.1"))
			found++, assert_string_equal(how, "=revision, \"noted\"");
		if (!strcmp(sec, "1.6.1"))
			found++, assert_string_equal(how, "@ terms\nadopted");
		if (!strcmp(sec, "4.9.1.1"))
			found++, tu_assert_has(how, "Answer for 4.9.1.1 (row ");
	}
	assert_int_equal(found, 3);
	cJSON_Delete(rec);
	free(chromium);
}

/* With the accepted one at 1.0.7 (its record written by hand), SMC-10 (1.0.8)
 * counts too: the rows it touched carry the effective dates `pkiwatch changes`
 * gives for their section (4.2.2.2: 2025-03-15 SHOULD, 2025-05-15 SHALL
 * implement MPIC), and only those. */
static void test_effective_dates(void **state)
{
	char *out = NULL;
	(void)state;
	if (!start())
		return;
	{
		char path[4096];
		snprintf(path, sizeof(path),
		         "%s/ledger/self-assessments/ministry-pki/cabforum-smime", fx.repo);
		assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s'", path), 0);
		snprintf(path, sizeof(path),
		         "%s/ledger/self-assessments/ministry-pki/cabforum-smime/SBR.md@1.0.7.json",
		         fx.repo);
		tu_write(path, "{\"tsp\": \"ministry-pki\", \"document\": \"" DOC "\", "
		               "\"version\": \"1.0.7\", \"answers\": [], "
		               "\"accepted\": {\"time\": \"2025-01-10T09:00:00Z\"}}\n");
	}
	ok(&out, "self-assessment --tsp ministry-pki --document " DOC " --format csv");
	tu_assert_has(out, "14 changed since version 1.0.7");
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "grep '^4.2.2.2,' '%s/" WS110 ".csv'", fx.repo), 0);
	assert_string_equal(
	    out, "4.2.2.2,Multi-perspective issuance corroboration,yes,"
	         "\"SMC-10 (2024-12-23, v1.0.8; effective 2025-03-15, 2025-05-15)\",,,\r\n");
	free(out);
	/* 1.6.1 changed in SMC-10 too, but no date is stated for it */
	assert_int_equal(tu_sh(&out, NULL, "grep '^1.6.1,' '%s/" WS110 ".csv'", fx.repo), 0);
	tu_assert_has(out, "SMC-10 (2024-12-23, v1.0.8); SMC-11 (2025-05-14, v1.0.9)");
	free(out);
}

/* The self-assessment obligations of ministry-pki in `pkiwatch obligations
 * --status all --format json` (caller deletes): an array. */
static cJSON *sa_obligations(void)
{
	char *out = NULL;
	cJSON *all, *o, *mine;
	ok(&out, "obligations --tsp ministry-pki --status all --format json");
	all = cJSON_Parse(out);
	assert_non_null(all);
	free(out);
	mine = cJSON_CreateArray();
	cJSON_ArrayForEach(o, all)
	{
		if (!strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, "self-assessment"))
			cJSON_AddItemToArray(mine, cJSON_Duplicate(o, 1));
	}
	cJSON_Delete(all);
	return mine;
}

static const char *field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* The obligation due on `due`; fails the test when there is none. */
static const cJSON *due_on(const cJSON *l, const char *due)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, l)
	{
		if (!strcmp(field(o, "due"), due))
			return o;
	}
	fail_msg("no self-assessment obligation due %s", due);
	return NULL;
}

static const char *ms(const cJSON *o, int i, const char *key)
{
	return field(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "milestones"), i), key);
}

/* Generates `version`'s worksheet, fills every row in with openpyxl, imports it. */
static void import_version(const char *version)
{
	char in[256], filled[64], *out = NULL;
	snprintf(in, sizeof(in), WS_DIR "/ministry-pki-cabforum-smime-SBR-%s.xlsx", version);
	snprintf(filled, sizeof(filled), "filled-%s.xlsx", version);
	ok(&out, "self-assessment --tsp ministry-pki --document " DOC " --version %s", version);
	free(out);
	fill(in, filled, "");
	ok(&out, "self-assessment import %s", filled);
	free(out);
}

/* The annual self-assessment (issue 17) as an obligation, on the real
 * history: ministry-pki's audit period ends 11-15; owed from 2024-01-01, the
 * first period is 2023-11-16..2024-11-15, due 92 days later: 2024-11-15 +
 * 15 = 11-30, + 31 = 12-31, + 31 = 2025-01-31, + 15 = 2025-02-15; the next
 * 2024-11-16..2025-11-15 is due 2026-02-15 (again 15 + 31 + 31 + 15). Today
 * 2025-03-01. SBR.md's versions by their commits: 1.0.5 2024-07-15, 1.0.6
 * 2024-08-29, 1.0.7 2024-11-25, 1.0.8 2024-12-23, 1.0.9 2025-05-14, 1.0.10
 * 2025-07-02. The first period is overdue, so the version that counts is
 * reckoned today: on 2025-03-01 1.0.6 is 96 days superseded (Nov 25 to Mar
 * 1: 5 + 31 + 31 + 28 + 1) and does not count, 1.0.7 68 (Dec 23 to Mar 1:
 * 8 + 31 + 28 + 1) does; on 2026-02-15 only 1.0.10 counts (1.0.9 was
 * superseded 2025-07-02). 1.0.8 is current on 2025-03-01. */
static void test_annual_obligation(void **state)
{
	char *out = NULL, path[4096], ics[4096];
	cJSON *l;
	const cJSON *o;
	(void)state;
	if (!start())
		return;
	/* without self_assessment in the profile: none */
	l = sa_obligations();
	assert_int_equal(cJSON_GetArraySize(l), 0);
	cJSON_Delete(l);
	snprintf(path, sizeof(path), "%s/tsps/ministry-pki.json", fx.repo);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "sed -i 's/\"language\": \"en\"/\"language\": \"en\", "
	                       "\"self_assessment\": {\"since\": \"2024-01-01\"}/' '%s' && "
	                       "git -C '%s' commit -qam 'ministry-pki owes the self-assessment'",
	                       path, fx.repo),
	                 0);

	l = sa_obligations();
	assert_int_equal(cJSON_GetArraySize(l), 2);
	o = due_on(l, "2025-02-15");
	assert_string_equal(field(o, "status"), "overdue");
	assert_string_equal(field(o, "rule"), "annual-self-assessment");
	assert_string_equal(field(o, "what"), "Annual self-assessment of cabforum-smime:SBR.md "
	                                      "for the audit period 2023-11-16 to 2024-11-15");
	assert_string_equal(field(cJSON_GetObjectItem(o, "period"), "start"), "2023-11-16");
	assert_string_equal(field(cJSON_GetObjectItem(o, "period"), "end"), "2024-11-15");
	tu_assert_has(ms(o, 0, "what"), "on version 1.0.7 or a newer version");
	assert_string_equal(ms(o, 0, "due"), "2025-02-15");
	assert_string_equal(ms(o, 1, "what"), "self-assessment accepted by the officer");
	o = due_on(l, "2026-02-15");
	assert_string_equal(field(o, "status"), "open");
	tu_assert_has(ms(o, 0, "what"), "on version 1.0.10 or a newer version");
	cJSON_Delete(l);

	/* deadlines and the calendar list both, with their milestones */
	ok(&out, "deadlines --tsp ministry-pki");
	tu_assert_has(out, "2025-02-15  14 days ago");
	tu_assert_has(out, "overdue obligation of ministry-pki: milestone 1 of 2, self-assessment "
	                   "imported, on version 1.0.7");
	tu_assert_has(out, "Annual self-assessment of cabforum-smime:SBR.md for the audit period "
	                   "2024-11-16 to 2025-11-15");
	free(out);
	snprintf(ics, sizeof(ics), "%s/d.ics", fx.dir);
	ok(&out, "deadlines --tsp ministry-pki --ics '%s'", ics);
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "cat '%s'", ics), 0);
	tu_assert_has(out, "20250215");
	tu_assert_has(out, "20260215");
	tu_assert_has(out, "Annual self-assessment of cabforum-smime:SBR.md");
	free(out);

	/* the TSP's form lists them with its open obligations */
	ok(&out, "forms --tsp ministry-pki --format md --out '%s/f'", fx.dir);
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "find '%s/f' -name '*.md' -exec cat {} +", fx.dir), 0);
	tu_assert_has(out, "Annual self-assessment of cabforum-smime:SBR.md for the audit period "
	                   "2023-11-16 to 2024-11-15");
	free(out);

	/* 1.0.6, imported and accepted today: superseded too long, does not count */
	import_version("1.0.6");
	ok(&out, "self-assessment accept ministry-pki " DOC);
	free(out);
	l = sa_obligations();
	o = due_on(l, "2025-02-15");
	assert_string_equal(field(o, "status"), "overdue");
	tu_assert_has(field(o, "reason"), "version 1.0.6 imported 2025-03-01 does not count: "
	                                  "superseded on 2024-11-25, more than 90 days before");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(o, "milestones"), 0), "done")));
	cJSON_Delete(l);

	/* 1.0.8 imported: the first milestone done, still overdue until accepted */
	import_version("1.0.8");
	l = sa_obligations();
	o = due_on(l, "2025-02-15");
	assert_string_equal(ms(o, 0, "done"), "2025-03-01");
	assert_string_equal(field(o, "status"), "overdue");
	tu_assert_has(field(o, "reason"), "version 1.0.8 imported 2025-03-01, not yet accepted");
	cJSON_Delete(l);
	ok(&out, "self-assessment accept ministry-pki " DOC);
	tu_assert_has(out, "version 1.0.8: accepted");
	free(out);
	l = sa_obligations();
	o = due_on(l, "2025-02-15");
	assert_string_equal(field(o, "status"), "met");
	assert_string_equal(field(o, "closed"), "2025-03-01");
	assert_string_equal(ms(o, 1, "done"), "2025-03-01");
	tu_assert_has(field(o, "note"), "self-assessment of cabforum-smime:SBR.md version 1.0.8 "
	                                "imported 2025-03-01, accepted 2025-03-01 "
	                                "(ledger/self-assessments/ministry-pki/cabforum-smime/"
	                                "SBR.md@1.0.8.json)");
	/* the next period needs its own */
	o = due_on(l, "2026-02-15");
	assert_string_equal(field(o, "status"), "open");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(o, "milestones"), 0), "done")));
	cJSON_Delete(l);
	/* met ones leave the default listing */
	ok(&out, "obligations --tsp ministry-pki");
	tu_assert_lacks(out, "2023-11-16 to 2024-11-15");
	tu_assert_has(out, "2024-11-16 to 2025-11-15");
	free(out);
}

#define TEST(f) cmocka_unit_test_prestate_setup_teardown(f, NULL, compfix_teardown, &fx)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_rows_are_the_headings),
	    TEST(test_changed_since_108),
	    TEST(test_import_refusals),
	    TEST(test_no_formula_injection),
	    TEST(test_html_save),
	    TEST(test_effective_dates),
	    TEST(test_annual_obligation),
	};
	compfix_env();
	return cmocka_run_group_tests_name("self_assessment", tests, NULL, NULL);
}
