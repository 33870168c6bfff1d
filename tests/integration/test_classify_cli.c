/* pkiwatch changes --format json: the classified record through the binary,
 * on a small repository made by the test, and on the real histories. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir;

static int setup(void **state)
{
	char path[4096];
	(void)state;
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	unsetenv("PKIWATCH_CACHE");
	dir = tu_tempdir();
	snprintf(path, sizeof(path), "%s/pkiwatch.json", dir);
	tu_write(path, "{\"repository\":\"a/b\",\"sources\":[\"cabforum-smime\"],"
	               "\"officers\":[{\"name\":\"N\",\"email\":\"n@example.org\"}]}\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

/* Commits `text` as SBR.md in the work tree `dir`/w with `subject`. */
static void commit(const char *text, const char *subject)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/w/SBR.md", dir);
	tu_write(path, text);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s/w' && git add SBR.md && GIT_COMMITTER_DATE='2024-11-25T12:00:00Z' "
	          "git -c user.name=T -c user.email=t@example.org commit -qm '%s'",
	          dir, subject),
	    0);
}

static const cJSON *item(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		fail_msg("record lacks \"%s\"", key);
	return v;
}

static void test_record_and_warning(void **state)
{
	char *out = NULL, *err = NULL;
	cJSON *a;
	const cJSON *rec, *d, *docs;
	int found = 0;
	(void)state;
	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s/w' '%s/cache' && cd '%s/w' && git init -q -b main",
	                       dir, dir, dir),
	                 0);
	commit("# 1. INTRODUCTION\n### 1.2.1 Revisions\n\n| Version | Ballot | Description | "
	       "Effective |\n|---|---|---|---|\n| 1.0.6 | SMC08 | Legacy | July 15, 2025 |\n\n"
	       "# 8. AUDIT\n## 8.4 Topics\nWebTrust.\n",
	       "SMC08");
	commit(
	    "# 1. INTRODUCTION\n### 1.2.1 Revisions\n\n| Version | Ballot | Description | "
	    "Effective |\n|---|---|---|---|\n| 1.0.6 | SMC08 | Legacy | July 15, 2025 |\n"
	    "| 1.0.7 | SMC09 | Linting | September 15, 2025 |\n\n"
	    "| a | Effective |\n|---|\n| x | March 1, 2026 |\n\n"
	    "# 8. AUDIT\n## 8.4 Topics\nWebTrust. For Audit Periods starting after April 1, 2025, "
	    "WebTrust for Network Security.\n",
	    "Ballot SMC09 - Pre-Linting (#257)");
	assert_int_equal(
	    tu_sh(NULL, NULL, "git clone -q --bare '%s/w' '%s/cache/cabforum-smime.git'", dir, dir),
	    0);
	assert_int_equal(tu_sh(&out, &err,
	                       "cd '%s' && '%s' --cache '%s/cache' changes --format json", dir,
	                       tu_bin(), dir),
	                 0);
	a = cJSON_Parse(out);
	assert_non_null(a);
	assert_int_equal(cJSON_GetArraySize(a), 2);
	rec = cJSON_GetArrayItem(a, 0);
	assert_string_equal(item(rec, "ballot")->valuestring, "SMC-9");
	assert_string_equal(item(rec, "kind")->valuestring, "ballot");
	docs = item(rec, "documents");
	assert_string_equal(item(cJSON_GetArrayItem(docs, 0), "version")->valuestring, "1.0.7");
	assert_int_equal(cJSON_GetArraySize(item(rec, "sections")), 2);
	cJSON_ArrayForEach(d, item(rec, "effective_dates"))
	{
		const char *date = item(d, "date")->valuestring;
		assert_true(cJSON_IsArray(item(d, "sections")));
		assert_true(cJSON_IsString(item(d, "text")));
		found += strcmp(date, "2025-09-15") == 0 || strcmp(date, "2025-04-01") == 0;
		assert_true(strcmp(date, "2025-07-15") != 0); /* the old row */
	}
	assert_int_equal(found, 2);
	assert_int_equal(cJSON_GetArraySize(item(rec, "tags")), 2); /* smime, audit */
	assert_string_equal(cJSON_GetArrayItem(item(rec, "tags"), 0)->valuestring, "smime");
	assert_string_equal(cJSON_GetArrayItem(item(rec, "tags"), 1)->valuestring, "audit");
	/* the broken table: a warning on stderr, the record is still made */
	assert_non_null(strstr(err, "pkiwatch: warning: cabforum-smime@"));
	assert_non_null(strstr(err, "SBR.md: line 9: a table-like block is not a valid table"));
	cJSON_Delete(a);
	free(out);
	free(err);
}

/* Runs `changes --format json` in `d` with the rules of `d`/rules: asserts
 * exit status 2, nothing on stdout and one line on stderr; *err gets stderr
 * (the caller frees it). */
static void bad_rules(const char *d, char **err)
{
	char *out = NULL;
	assert_int_equal(
	    tu_sh(&out, err,
	          "cd '%s' && PKIWATCH_RULES='%s/rules' '%s' --cache '%s/cache' changes "
	          "--format json",
	          d, d, tu_bin(), d),
	    2);
	assert_string_equal(out, "");
	assert_ptr_equal(strchr(*err, '\n'), *err + strlen(*err) - 1); /* one line */
	free(out);
}

/* Broken rules: one line naming the file and the JSON path, exit 2, no stdout. */
static void test_bad_rules(void **state)
{
	char *err = NULL;
	(void)state;
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "mkdir -p '%s/rules' '%s/cache' && cp '%s/sources.json' '%s/dates.json' "
	          "'%s/rules/' && echo '{\"rules\":[{\"tags\":[\"bogus\"]}]}' > "
	          "'%s/rules/tags.json'",
	          dir, dir, tu_src_path("rules"), tu_src_path("rules"), dir, dir),
	    0);
	bad_rules(dir, &err);
	assert_non_null(strstr(err, "tags.json: $.rules[0].tags[0]: unknown tag 'bogus'"));
	free(err);
	/* the subject words of the kinds (kinds.json): the same */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cp '%s/tags.json' '%s/rules/' && "
	          "echo '{\"editorial\": [\"typo\", 7], \"tooling\": []}' > '%s/rules/kinds.json'",
	          tu_src_path("rules"), dir, dir),
	    0);
	bad_rules(dir, &err);
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_ptr_equal(strstr(err, "pkiwatch: "), err);
	assert_non_null(
	    strstr(err, "/rules/kinds.json: $.editorial[1]: expected a non-empty string"));
	free(err);
	/* a draft's nondescript subjects (noise.json): an unknown placeholder */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cp '%s/kinds.json' '%s/rules/' && echo '{\"nondescript\": [{\"subject\": "
	          "\"Update {file}\", \"why\": \"x\"}]}' > '%s/rules/noise.json'",
	          tu_src_path("rules"), dir, dir),
	    0);
	bad_rules(dir, &err);
	assert_non_null(strstr(err, "/rules/noise.json: $.nondescript[0].subject: unknown "
	                            "placeholder at \"{file}\""));
	free(err); /* a version prefix that cannot start a canonical id (sources.json) */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cp '%s/noise.json' '%s/rules/' && sed 's/\"version_prefix\": "
	                       "\"MICROSOFT\"/\"version_prefix\": \"microsoft 1\"/' "
	                       "'%s/sources.json' > '%s/rules/sources.json'",
	                       tu_src_path("rules"), dir, tu_src_path("rules"), dir),
	                 0);
	bad_rules(dir, &err);
	assert_ptr_equal(strstr(err, "pkiwatch: "), err);
	assert_non_null(strstr(err,
	                       "/rules/sources.json: $.sources[8].documents[0].version_prefix: "
	                       "\"microsoft 1\" is not a valid id prefix"));
	free(err);
	/* a derived deadline's source misspelt (deadlines.json): refused, not
	 * silently matched by no change */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cp '%s/sources.json' '%s/rules/' && sed "
	          "'0,/\"source\": \"mozilla-ccadb\"/s//\"source\": \"mozila-ccadb\"/' "
	          "'%s/deadlines.json' > '%s/rules/deadlines.json'",
	          tu_src_path("rules"), dir, tu_src_path("rules"), dir),
	    0);
	bad_rules(dir, &err);
	assert_ptr_equal(strstr(err, "pkiwatch: "), err);
	assert_non_null(strstr(err, "/rules/deadlines.json: $.derived[0].source: unknown source "
	                            "\"mozila-ccadb\""));
	free(err);
	/* ... or its document */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "sed 's,\"cas/self-assessment.md\",\"cas/self-assesment.md\",' "
	                       "'%s/deadlines.json' > '%s/rules/deadlines.json'",
	                       tu_src_path("rules"), dir),
	                 0);
	bad_rules(dir, &err);
	assert_non_null(strstr(err, "/rules/deadlines.json: $.derived[1].document: "
	                            "\"cas/self-assesment.md\" is not a document of source "
	                            "\"mozilla-ccadb\""));
	free(err);
}

/* The real histories: the public labels score above the issue's thresholds
 * (the same check as tests/extra/eval.sh, here with the test suite's binary). */
static void test_public_labels(void **state)
{
	const char *up = tu_upstream_or_skip();
	const char *ids[] = {"cabforum-servercert", "cabforum-smime",    "cabforum-code-signing",
	                     "cabforum-netsec",     "mozilla-pkipolicy", "mozilla-ccadb",
	                     "chrome-rootprogram",  "apple-rootprogram", "microsoft-rootprogram"};
	char *out = NULL, path[4096];
	size_t i;
	(void)state;
	snprintf(path, sizeof(path), "%s/../shared/eval/score.py", tu_src());
	if (access(path, R_OK) != 0)
		skip();
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s/all'", dir), 0);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_int_equal(tu_sh(NULL, NULL, "ln -sfn '%s/%s.git' '%s/all/%s.git'", up,
		                       ids[i], dir, ids[i]),
		                 0);
	snprintf(path, sizeof(path), "%s/all.json", dir);
	tu_write(path,
	         "{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\",\"email\":\"n@e.org\"}]}");
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "cd '%s' && '%s' --config all.json --cache '%s/all' changes --format json "
	          "> changes.json && python3 '%s/../shared/eval/score.py' "
	          "'%s/../shared/eval/labels-public.json' changes.json --min-ballot 0.98 "
	          "--min-dates-f1 0.90 --min-tags-f1 0.90 --min-tag audit=0.75 "
	          "--min-tag extant-ca=0.60 && python3 '%s/../shared/eval/score.py' "
	          "'%s/../shared/eval/labels-public-rootprograms.json' changes.json "
	          "--min-ballot 0.98 --min-dates-f1 0.90 --min-tags-f1 0.90",
	          dir, tu_bin(), dir, tu_src(), tu_src(), tu_src(), tu_src()),
	    0);
	assert_non_null(strstr(out, "score: ballot"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_record_and_warning),
	    cmocka_unit_test(test_bad_rules),
	    cmocka_unit_test(test_public_labels),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
