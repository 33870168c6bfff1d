/* pkiwatch respond and responses import on the real cabforum-smime history
 * and the example TSPs: the answer lands in the change's ledger file, in one
 * commit touching only that file; the same answer again makes no commit; a
 * different one is a conflict (exit 2, file unchanged) unless --replace; an
 * import is all or nothing and idempotent; forms drop answered changes. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static compfix fx;

static int setup(void **state)
{
	(void)state;
	compfix_env();
	return 0;
}

static void start(void)
{
	const char *up = tu_upstream_or_skip();
	compfix_init(&fx, up);
	compfix_signoffs(&fx, NULL);
	compfix_commit(&fx);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git config user.name 'Maria Jansen' && git config "
	                       "user.email maria.jansen@authority.example",
	                       fx.repo),
	                 0);
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

static int pkiwatch(char **out, char **err, const char *args)
{
	return compfix_run(&fx, out, err, "%s", args);
}

static char *ledger_text(const char *id)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/ledger/%s.json", fx.repo, id);
	return tu_read(path);
}

static void test_respond_commits_only_that_file(void **state)
{
	char *out = NULL, *err = NULL, *text;
	(void)state;
	start();
	/* something else staged stays out of the commit */
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && echo x > other.txt && git add other.txt", fx.repo), 0);
	assert_int_equal(pkiwatch(&out, &err,
	                          "respond --tsp ministry-pki --change " SMC9
	                          " --impact medium --days 45 --meets-date no --planned "
	                          "2025-05-01 --mitigation 'manual checks' --note 'n1'"),
	                 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "answer of ministry-pki recorded in ledger/" SMC9 ".json (commit ");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 2);
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git show --name-only --format='%%an|%%B' HEAD", fx.repo),
	    0);
	tu_assert_has(out, "Maria Jansen|response: ministry-pki to " SMC9);
	tu_assert_has(out, "Signed-off-by: Maria Jansen <maria.jansen@authority.example>");
	tu_assert_has(out, "\nledger/" SMC9 ".json\n");
	tu_assert_lacks(out, "other.txt");
	free(out);
	/* the file in HEAD: the sign-off kept, the response added */
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git show HEAD:ledger/" SMC9 ".json", fx.repo), 0);
	text = ledger_text(SMC9);
	assert_string_equal(out, text);
	free(out);
	tu_assert_has(text, "\"decision\":\t\"applicable\"");
	tu_assert_has(text, "\"ministry-pki\":\t{");
	tu_assert_has(text, "\"impact\":\t\"medium\"");
	tu_assert_has(text, "\"days\":\t45");
	tu_assert_has(text, "\"meets_date\":\tfalse");
	tu_assert_has(text, "\"planned\":\t\"2025-05-01\"");
	tu_assert_has(text, "\"mitigation\":\t\"manual checks\"");
	tu_assert_has(text, "\"recorded_by\":\t\"Maria Jansen <maria.jansen@authority.example>\"");
	tu_assert_has(text, "\"received\":\t\"20");
	free(text);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git diff --cached --name-only", fx.repo), 0);
	assert_string_equal(out, "other.txt\n");
	free(out);

	/* issue 12: the TSP's "cannot meet, planned 2025-05-01" is an obligation of
	 * kind commitment for that TSP and change, due on the planned day */
	assert_int_equal(pkiwatch(&out, NULL, "obligations --tsp ministry-pki --format json"), 0);
	{
		cJSON *all = cJSON_Parse(out), *o, *found = NULL;
		assert_non_null(all);
		cJSON_ArrayForEach(o, all)
		{
			const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind"));
			if (kind && strcmp(kind, "commitment") == 0) {
				assert_null(found); /* one answer, one commitment */
				found = o;
			}
		}
		assert_non_null(found);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(found, "tsp")),
		                    "ministry-pki");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(found, "due")),
		                    "2025-05-01");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(
		                        cJSON_GetObjectItem(found, "changes"), 0)),
		                    SMC9);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(found, "status")),
		                    "open");
		cJSON_Delete(all);
	}
	free(out);

	/* a second TSP on another change: its own commit, the first answer untouched */
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp northwind-trust --change " SMC12
	                          " --impact none --days 0 --meets-date yes"),
	                 0);
	assert_int_equal(compfix_commits(&fx), 3);
}

static void test_respond_same_and_conflict(void **state)
{
	char *out = NULL, *err = NULL, *before, *after;
	const char *args = "respond --tsp ministry-pki --change " SMC10
	                   " --impact low --days 10 --meets-date yes --description 'one profile'";
	(void)state;
	start();
	assert_int_equal(pkiwatch(NULL, NULL, args), 0);
	assert_int_equal(compfix_commits(&fx), 2);
	before = ledger_text(SMC10);
	/* the same answer: no commit, file unchanged */
	assert_int_equal(pkiwatch(&out, &err, args), 0);
	tu_assert_has(out, "already in ledger/" SMC10 ".json");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 2);
	after = ledger_text(SMC10);
	assert_string_equal(before, after);
	free(after);
	/* a different answer: exit 2 naming both, nothing written */
	assert_int_equal(pkiwatch(&out, &err,
	                          "respond --tsp ministry-pki --change " SMC10
	                          " --impact high --days 90 --meets-date no --planned 2025-06-01"),
	                 2);
	tu_assert_has(err, "conflicting answers of TSP ministry-pki to " SMC10);
	tu_assert_has(err, "recorded impact low, 10 days, meets the date: yes");
	tu_assert_has(err, "given impact high, 90 days, meets the date: no (planned 2025-06-01)");
	tu_assert_has(err, "--replace");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 2);
	after = ledger_text(SMC10);
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* --replace overwrites, in a commit */
	assert_int_equal(pkiwatch(&out, NULL,
	                          "respond --replace --tsp ministry-pki --change " SMC10
	                          " --impact high --days 90 --meets-date no --planned 2025-06-01"),
	                 0);
	tu_assert_has(out, "replaced");
	free(out);
	assert_int_equal(compfix_commits(&fx), 3);
	after = ledger_text(SMC10);
	tu_assert_has(after, "\"impact\":\t\"high\"");
	tu_assert_lacks(after, "one profile");
	free(after);
}

static void test_respond_refused(void **state)
{
	char *err = NULL;
	(void)state;
	start();
#define REFUSED(args, msg)                                                                         \
	do {                                                                                       \
		assert_int_equal(pkiwatch(NULL, &err, args), 2);                                   \
		tu_assert_has(err, msg);                                                           \
		free(err);                                                                         \
		err = NULL;                                                                        \
	} while (0)
	REFUSED("respond --tsp nobody --change " SMC9 " --impact low --days 1 --meets-date yes",
	        "nobody");
	REFUSED("respond --tsp ministry-pki --change " SMC8
	        " --impact low --days 1 --meets-date yes",
	        "signed off as not-applicable");
	REFUSED("respond --tsp ministry-pki --change " SMC12
	        " --impact low --days 1 --meets-date yes",
	        "does not apply to TSP ministry-pki");
	REFUSED("respond --tsp ministry-pki --change cabforum-smime@000000000000"
	        " --impact low --days 1 --meets-date yes",
	        "not signed off");
	REFUSED("respond --tsp ministry-pki --change " SMC9
	        " --impact huge --days 1 --meets-date yes",
	        "--impact takes none, low, medium or high");
	REFUSED("respond --tsp ministry-pki --change " SMC9
	        " --impact low --days -1 --meets-date yes",
	        "--days takes 0 to 3650");
	REFUSED("respond --tsp ministry-pki --change " SMC9
	        " --impact low --days 1 --meets-date no",
	        "--meets-date no needs --planned");
	REFUSED("respond --tsp ministry-pki --change " SMC9
	        " --impact low --days 1 --meets-date no --planned 2025-13-01",
	        "--planned takes a date");
	REFUSED("respond --tsp ministry-pki --change " SMC9 " --impact low --days 1",
	        "are required");
#undef REFUSED
	assert_int_equal(compfix_commits(&fx), 1);
}

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(strlen(fx.dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", fx.dir, name);
	tu_write(path, text);
	return path;
}

#define GOOD_FILE                                                                                  \
	"{\"tsp\":\"ministry-pki\",\"form\":\"ministry-pki-20250301-0a1b2c3d\",\"responses\":["    \
	"{\"change\":\"" SMC9 "\",\"impact\":\"low\",\"days\":20,\"meets_date\":true,"             \
	"\"description\":\"audit letter\"},"                                                       \
	"{\"change\":\"" SMC10 "\",\"impact\":\"high\",\"days\":120,\"meets_date\":false,"         \
	"\"planned\":\"2025-07-01\",\"mitigation\":\"manual review\"}]}\n"

static void test_import_twice_is_one_set_of_commits(void **state)
{
	char *out = NULL, *err = NULL, *path, *text, cmd[4096];
	(void)state;
	start();
	path = write_file("answers.json", GOOD_FILE);
	snprintf(cmd, sizeof(cmd), "responses import '%s'", path);
	assert_int_equal(pkiwatch(&out, &err, cmd), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, SMC9 ": recorded (commit ");
	tu_assert_has(out, SMC10 ": recorded (commit ");
	tu_assert_has(out, "2 answers of ministry-pki, 2 recorded");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 3); /* one per change */
	assert_int_equal(
	    tu_sh(&out, NULL, "cd '%s' && git show --name-only --format= HEAD", fx.repo), 0);
	assert_string_equal(out, "ledger/" SMC10 ".json\n");
	free(out);
	text = ledger_text(SMC10);
	tu_assert_has(text, "\"planned\":\t\"2025-07-01\"");
	tu_assert_has(text, "\"form\":\t\"ministry-pki-20250301-0a1b2c3d\"");
	free(text);
	/* again: nothing new */
	assert_int_equal(pkiwatch(&out, NULL, cmd), 0);
	tu_assert_has(out, SMC9 ": unchanged");
	tu_assert_has(out, "2 answers of ministry-pki, 0 recorded");
	free(out);
	assert_int_equal(compfix_commits(&fx), 3);
	/* the same answer given with respond: no commit either */
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp ministry-pki --change " SMC9
	                          " --impact low --days 20 --meets-date yes --description "
	                          "'audit letter'"),
	                 0);
	assert_int_equal(compfix_commits(&fx), 3);
	free(path);
}

/* start(), then ministry-pki's form issued (Markdown): its id into form[128]. */
static void issue_form(char *form)
{
	char *out = NULL;
	start();
	assert_int_equal(pkiwatch(&out, NULL, "forms --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "  issued: form ministry-pki-20250301-");
	snprintf(form, 128, "%.30s", strstr(out, "  issued: form ") + 15);
	free(out);
	assert_int_equal(strlen(form), 30); /* ministry-pki-YYYYMMDD-8 hex */
}

/* `responses import` of a file naming an issued form writes that form's
 * answered form (as `forms --answered`), with the answers just recorded; a
 * file naming no form gets none. When the answered form cannot be written
 * (a directory where its HTML goes), the answers stay recorded, exit 0,
 * and a warning says why and how to make it. */
static void test_import_makes_answered_form(void **state)
{
	char *out = NULL, *err = NULL, *path, *md, form[128], file[8192], cmd[4096];
	(void)state;
	issue_form(form);
	snprintf(file, sizeof(file),
	         "{\"tsp\":\"ministry-pki\",\"form\":\"%s\",\"responses\":[{\"change\":\"" SMC9
	         "\",\"impact\":\"low\",\"days\":20,\"meets_date\":true,\"description\":\"audit "
	         "letter <b>\"}]}\n",
	         form);
	path = write_file("answers.json", file);
	snprintf(cmd, sizeof(cmd), "responses import '%s'", path);
	assert_int_equal(pkiwatch(&out, &err, cmd), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, SMC9 ": recorded (commit ");
	/* the answer's time is on PKIWATCH_TODAY (2025-03-01), as every date of
	 * the run */
	snprintf(file, sizeof(file),
	         "ministry-pki: form %s, 1 of 3 changes answered (last answer recorded "
	         "2025-03-01)",
	         form);
	tu_assert_has(out, file);
	snprintf(file, sizeof(file),
	         "): ./forms/ministry-pki/%s-answered.md ./forms/ministry-pki/%s-answered.html\n",
	         form, form);
	tu_assert_has(out, file);
	free(out);
	free(err);
	snprintf(file, sizeof(file), "%s/forms/ministry-pki/%s-answered.md", fx.repo, form);
	md = tu_read(file);
	assert_non_null(md);
	tu_assert_has(md, "# Impact assessment: answers\n");
	tu_assert_has(md, "| 1. Expected impact | low |\n| Describe the impact | audit letter "
	                  "\\<b\\> |\n| 2. Implementation time (days) | 20 |\n");
	tu_assert_has(md, "| 1. Expected impact | **not answered** |"); /* SMC-6, SMC-10 */
	free(md);
	snprintf(file, sizeof(file), "%s/forms/ministry-pki/%s-answered.html", fx.repo, form);
	md = tu_read(file);
	assert_non_null(md);
	tu_assert_has(md, "audit letter &lt;b&gt;");
	tu_assert_lacks(md, "<input");
	free(md);
	assert_int_equal(compfix_commits(&fx), 3); /* the form's record, the answer */

	/* SMC-10 answered: its HTML cannot be written (a directory is there) */
	assert_int_equal(tu_sh(NULL, NULL, "rm '%s' && mkdir '%s'", file, file), 0);
	snprintf(file, sizeof(file),
	         "{\"tsp\":\"ministry-pki\",\"form\":\"%s\",\"responses\":[{\"change\":\"" SMC10
	         "\",\"impact\":\"high\",\"days\":120,\"meets_date\":false,\"planned\":"
	         "\"2025-07-01\"}]}\n",
	         form);
	free(path);
	path = write_file("answers10.json", file);
	snprintf(cmd, sizeof(cmd), "responses import '%s'", path);
	assert_int_equal(pkiwatch(&out, &err, cmd), 0);
	tu_assert_has(out, SMC10 ": recorded (commit ");
	tu_assert_lacks(out, "changes answered");
	snprintf(file, sizeof(file),
	         "pkiwatch: warning: %s: the answered form was not made: ", form);
	tu_assert_has(err, file);
	snprintf(file, sizeof(file), "(make it with 'pkiwatch forms --answered %s')\n", form);
	tu_assert_has(err, file);
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 4); /* the answer stands */
	free(path);

	/* no form named: no answered form */
	path =
	    write_file("noform.json", "{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	                              "\",\"impact\":\"low\",\"days\":20,\"meets_date\":true,"
	                              "\"description\":\"audit letter <b>\"}]}\n");
	snprintf(cmd, sizeof(cmd), "responses import '%s'", path);
	assert_int_equal(pkiwatch(&out, &err, cmd), 0);
	tu_assert_has(out, SMC9 ": unchanged");
	tu_assert_lacks(out, "answered");
	assert_string_equal(err, "");
	free(out);
	free(err);
	free(path);
}

/* `responses import --format LIST --out DIR`: the answered form's files as
 * `forms` takes them (md, html, pdf; here md and a PDF from a fake
 * renderer, no HTML) under DIR/<tsp id>/, nothing under forms/; a bad
 * --format or an --out that is a file is a usage error (exit 2) before
 * anything is recorded. */
static void test_import_answered_form_options(void **state)
{
	char *out = NULL, *err = NULL, *path, form[128], file[8192], want[8192];
	(void)state;
	issue_form(form);
	snprintf(file, sizeof(file),
	         "{\"tsp\":\"ministry-pki\",\"form\":\"%s\",\"responses\":[{\"change\":\"" SMC9
	         "\",\"impact\":\"low\",\"days\":20,\"meets_date\":true}]}\n",
	         form);
	path = write_file("answers.json", file);
	/* usage errors: nothing recorded */
	assert_int_equal(
	    compfix_run(&fx, &out, &err, "responses import --format md,docx '%s'", path), 2);
	assert_string_equal(out, "");
	tu_assert_has(err, "--format takes md, html and pdf separated by commas, not 'md,docx'");
	free(out);
	free(err);
	assert_int_equal(
	    compfix_run(&fx, NULL, &err, "responses import --out '%s' '%s'", path, path), 2);
	tu_assert_has(err, "pkiwatch: responses: ");
	tu_assert_has(err, "answers.json: exists and is not a directory");
	free(err);
	assert_int_equal(compfix_commits(&fx), 2); /* the form's record */
	/* md and pdf under DIR */
	compfix_fake_renderer(&fx, "");
	assert_int_equal(compfix_run(&fx, &out, &err,
	                             "responses import --format pdf,md --out '%s/answered' '%s'",
	                             fx.dir, path),
	                 0);
	unsetenv("PKIWATCH_CHROMIUM");
	assert_string_equal(err, "");
	tu_assert_has(out, SMC9 ": recorded (commit ");
	snprintf(want, sizeof(want), "1 of 3 changes answered (last answer recorded 2025-03-01)");
	tu_assert_has(out, want);
	snprintf(want, sizeof(want),
	         "): %s/answered/ministry-pki/%s-answered.md %s/answered/ministry-pki/"
	         "%s-answered.pdf\n",
	         fx.dir, form, fx.dir, form);
	tu_assert_has(out, want);
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 3);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && ls answered/ministry-pki", fx.dir), 0);
	snprintf(want, sizeof(want), "%s-answered.md\n%s-answered.pdf\n", form, form);
	assert_string_equal(out, want);
	free(out);
	assert_int_equal(
	    tu_sh(&out, NULL, "head -c 8 '%s/answered/ministry-pki/%s-answered.pdf'", fx.dir, form),
	    0);
	assert_string_equal(out, "%PDF-1.4");
	free(out);
	snprintf(want, sizeof(want), "%s/forms/ministry-pki/%s-answered.md", fx.repo, form);
	assert_int_equal(access(want, F_OK), -1);
	free(path);
}

static void test_import_conflict_writes_nothing(void **state)
{
	char *err = NULL, *path, *before9, *before10, *after, cmd[4096];
	(void)state;
	start();
	/* SMC10 answered differently before; SMC9 not answered yet */
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp ministry-pki --change " SMC10
	                          " --impact low --days 5 --meets-date yes"),
	                 0);
	before9 = ledger_text(SMC9);
	before10 = ledger_text(SMC10);
	path = write_file("answers.json", GOOD_FILE);
	snprintf(cmd, sizeof(cmd), "responses import '%s'", path);
	assert_int_equal(pkiwatch(NULL, &err, cmd), 2);
	tu_assert_has(err, "conflicting answers of TSP ministry-pki to " SMC10);
	tu_assert_has(err, "1 conflicting answer; nothing recorded");
	free(err);
	assert_int_equal(compfix_commits(&fx), 2);
	after = ledger_text(SMC9);
	assert_string_equal(after, before9); /* not even the good one */
	free(after);
	after = ledger_text(SMC10);
	assert_string_equal(after, before10);
	free(after);
	/* --replace */
	snprintf(cmd, sizeof(cmd), "responses import --replace '%s'", path);
	assert_int_equal(pkiwatch(NULL, NULL, cmd), 0);
	assert_int_equal(compfix_commits(&fx), 4);
	free(before9);
	free(before10);
	free(path);
}

static void test_import_bad_files(void **state)
{
	char *err = NULL, *path, cmd[4096];
	(void)state;
	start();
#define BAD(text, msg)                                                                             \
	do {                                                                                       \
		path = write_file("bad.json", text);                                               \
		snprintf(cmd, sizeof(cmd), "responses import '%s'", path);                         \
		assert_int_equal(pkiwatch(NULL, &err, cmd), 2);                                    \
		tu_assert_has(err, path);                                                          \
		tu_assert_has(err, msg);                                                           \
		free(err);                                                                         \
		free(path);                                                                        \
		err = NULL;                                                                        \
	} while (0)
	/* the first entry is good; the second is bad: nothing is written */
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true},{\"change\":\"" SMC10
	    "\",\"impact\":\"severe\",\"days\":1,\"meets_date\":true}]}",
	    "$.responses[1].impact: 'severe' is not none, low, medium or high");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":false}]}",
	    "$.responses[0].planned: required when the date cannot be met");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":\"yes\"}]}",
	    "$.responses[0].meets_date: not true or false");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,\"colour\":1}]}",
	    "colour");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true},{\"change\":\"" SMC12
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}]}",
	    "$.responses[1].change: " SMC12 ": does not apply to TSP ministry-pki");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true},{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}]}",
	    "answered twice");
	BAD("{\"tsp\":\"nobody\",\"responses\":[{\"change\":\"" SMC9
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}]}",
	    "$.tsp");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[]}", "$.responses: no response");
	/* a value echoed in the error keeps it one line (no line breaks, no ESC) */
	BAD("{\"tsp\":\"a\\nb\\u001b[2J\",\"responses\":[]}", "$.tsp: 'a b [2J' is not a TSP id\n");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC9
	    "\\r\\nx\",\"impact\":\"low\",\"days\":1,\"meets_date\":true}]}",
	    "$.responses[0].change: " SMC9 "  x: not signed off");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[", "");
	/* per-CA answers: a CA the TSP does not have, a bad answer or date */
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,\"cas\":[{\"ca\":\"Interior "
	    "Secure Mail CA 2019\",\"falls_under\":\"yes\"},{\"ca\":\"Northwind TLS Issuing CA "
	    "G2\",\"falls_under\":\"no\"}]}]}",
	    ": $.responses[0].cas[1].ca: 'Northwind TLS Issuing CA G2' is not an extant CA of TSP "
	    "ministry-pki (extant_cas in ");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,\"cas\":[{\"ca\":\"Interior "
	    "Secure Mail CA 2019\",\"falls_under\":\"maybe\"}]}]}",
	    ": $.responses[0].cas[0].falls_under: 'maybe' is not yes, no or unsure");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,\"cas\":[{\"ca\":\"Interior "
	    "Secure Mail CA 2019\",\"falls_under\":\"yes\",\"by\":\"2025-02-30\"}]}]}",
	    ": $.responses[0].cas[0].by: '2025-02-30' is not a date (YYYY-MM-DD)");
	BAD("{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	    "\",\"impact\":\"low\",\"days\":1,\"meets_date\":true,\"cas\":[{\"falls_under\":"
	    "\"yes\"}]}]}",
	    "$.responses[0].cas[0]");
#undef BAD
	assert_int_equal(compfix_commits(&fx), 1);
	assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && git diff --quiet HEAD", fx.repo), 0);
}

/* Per-CA answers: recorded in the ledger with the response, shown per CA by
 * summary; "unsure", or an answer against the form's indicative reading, is a
 * risk listed first. */
static void test_import_per_ca(void **state)
{
	char *out = NULL, *err = NULL, *path, *text, cmd[4096];
	const char *first;
	(void)state;
	start();
	path =
	    write_file("answers.json",
	               "{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	               "\",\"impact\":\"medium\",\"days\":60,\"meets_date\":true,\"cas\":"
	               "[{\"ca\":\"Interior Secure Mail CA 2019\",\"falls_under\":\"no\","
	               "\"reason\":\"we think the EKU criterion fails\",\"action\":\"none\"}]}]}");
	snprintf(cmd, sizeof(cmd), "responses import '%s'", path);
	assert_int_equal(pkiwatch(&out, &err, cmd), 0);
	tu_assert_has(out, SMC6 ": recorded (commit ");
	free(out);
	free(err);
	text = ledger_text(SMC6);
	tu_assert_has(text, "\"cas\":\t[{");
	tu_assert_has(text, "\"ca\":\t\"Interior Secure Mail CA 2019\"");
	tu_assert_has(text, "\"falls_under\":\t\"no\"");
	free(text);
	/* the same again: unchanged */
	assert_int_equal(pkiwatch(&out, NULL, cmd), 0);
	tu_assert_has(out, SMC6 ": unchanged");
	free(out);
	assert_int_equal(pkiwatch(&out, &err, "summary --format md"), 0);
	/* the indicative reading was yes (notBefore 2019-04-01 < 2023-09-01): the
	 * TSP's "no" disagrees: a risk, first */
	first = strstr(out, "\n| ");
	assert_non_null(first);
	first = strstr(first + 1, "\n| "); /* after the header's delimiter row */
	assert_non_null(first);
	tu_assert_has(out, "CA 'Interior Secure Mail CA 2019': no (indicative: yes)");
	tu_assert_has(out, "**per-CA answer to check**");
	assert_true(strstr(out, "**per-CA answer to check**") < strstr(out, SMC9));
	free(out);
	free(err);
	assert_int_equal(pkiwatch(&out, NULL, "summary --format json"), 0);
	{
		cJSON *j = cJSON_Parse(out), *row, *ca;
		assert_non_null(j);
		row = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "rows"), 0);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(row, "change")), SMC6);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(row, "risk")),
		                    "ca-answer");
		ca = cJSON_GetArrayItem(cJSON_GetObjectItem(row, "cas"), 0);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "ca")),
		                    "Interior Secure Mail CA 2019");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "falls_under")),
		                    "no");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "indicative")),
		                    "yes");
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(ca, "risk")));
		cJSON_Delete(j);
	}
	free(out);
	free(path);
	/* "yes" agrees with the reading: no risk; "unsure" is one */
	path = write_file("answers.json",
	                  "{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	                  "\",\"impact\":\"medium\",\"days\":60,\"meets_date\":true,\"cas\":"
	                  "[{\"ca\":\"Interior Secure Mail CA 2019\",\"falls_under\":\"yes\"}]}]}");
	snprintf(cmd, sizeof(cmd), "responses import --replace '%s'", path);
	assert_int_equal(pkiwatch(NULL, NULL, cmd), 0);
	assert_int_equal(pkiwatch(&out, NULL, "summary --format md"), 0);
	tu_assert_has(out, "CA 'Interior Secure Mail CA 2019': yes (indicative: yes)");
	tu_assert_lacks(out, "per-CA answer to check");
	free(out);
	free(path);
	path =
	    write_file("answers.json",
	               "{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC6
	               "\",\"impact\":\"medium\",\"days\":60,\"meets_date\":true,\"cas\":"
	               "[{\"ca\":\"Interior Secure Mail CA 2019\",\"falls_under\":\"unsure\"}]}]}");
	assert_int_equal(pkiwatch(NULL, NULL, cmd), 0);
	assert_int_equal(pkiwatch(&out, NULL, "summary --format md"), 0);
	tu_assert_has(out, "**per-CA answer to check**");
	free(out);
	free(path);
}

/* pkiwatch respond records per-CA answers from its options (each --ca starts
 * one; the options after it belong to it); bad per-CA input exits 2 with one
 * line and records nothing: an unknown CA, a per-CA option before any --ca,
 * a missing --falls-under, a bad date, a reason over the per-field limit. */
static void test_respond_per_ca(void **state)
{
	char *out = NULL, *err = NULL, *text, *big, *cmd;
	const char *base = "respond --tsp ministry-pki --change " SMC6
	                   " --impact medium --days 60 --meets-date yes ";
	(void)state;
	start();
#define REFUSED(extra, msg)                                                                        \
	do {                                                                                       \
		char c_[8192];                                                                     \
		snprintf(c_, sizeof(c_), "%s%s", base, extra);                                     \
		assert_int_equal(pkiwatch(NULL, &err, c_), 2);                                     \
		tu_assert_has(err, msg);                                                           \
		assert_true(strchr(err, '\n') == err + strlen(err) - 1);                           \
		free(err);                                                                         \
		err = NULL;                                                                        \
	} while (0)
	REFUSED("--ca 'Exterior CA' --falls-under yes",
	        "pkiwatch: respond: cas[0].ca: 'Exterior CA' is not an extant CA of TSP "
	        "ministry-pki (extant_cas in ");
	REFUSED("--falls-under yes --ca 'Interior Secure Mail CA 2019'",
	        "--falls-under belongs to a CA: give --ca NAME before it");
	REFUSED("--ca 'Interior Secure Mail CA 2019' --ca-reason 'why'",
	        "--ca 'Interior Secure Mail CA 2019' needs --falls-under yes, no or unsure");
	REFUSED("--ca 'Interior Secure Mail CA 2019' --falls-under maybe",
	        "--falls-under takes yes, no or unsure, not 'maybe'");
	REFUSED("--ca 'Interior Secure Mail CA 2019' --falls-under yes --ca-by 2025-02-30",
	        "--ca-by takes a date YYYY-MM-DD, not '2025-02-30'");
	REFUSED("--ca 'Interior Secure Mail CA 2019' --falls-under yes --falls-under no",
	        "--falls-under is given twice for --ca 'Interior Secure Mail CA 2019'");
	REFUSED("--ca 'Interior Secure Mail CA 2019' --falls-under yes --ca 'Interior Secure "
	        "Mail CA 2019' --falls-under no",
	        "--ca 'Interior Secure Mail CA 2019' is given twice");
	big = malloc(4200);
	memset(big, 'r', 4097);
	big[4097] = '\0';
	assert_true(asprintf(&cmd,
	                     "--ca 'Interior Secure Mail CA 2019' --falls-under yes "
	                     "--ca-reason '%s'",
	                     big) > 0);
	REFUSED(cmd, "pkiwatch: response: cas[0].reason: 4097 bytes, at most 4096 (4 KB)");
	free(cmd);
	assert_true(asprintf(&cmd, "--ca 'Interior Secure Mail CA 2019' --falls-under yes "
	                           "--ca-action \"$(printf 'a\\033[2Jb')\"") > 0);
	REFUSED(cmd, "pkiwatch: response: cas[0].action: a control character");
	free(cmd);
#undef REFUSED
	assert_int_equal(compfix_commits(&fx), 1); /* nothing recorded */
	text = ledger_text(SMC6);
	tu_assert_lacks(text, "\"responses\"");
	free(text);

	/* exactly the limit, and the answer lands with the rest of the response */
	big[4096] = '\0';
	assert_true(asprintf(&cmd,
	                     "%s--ca 'Interior Secure Mail CA 2019' --falls-under unsure "
	                     "--ca-reason 'criterion 3: the EKU of the 2019 CA' --ca-action '%s' "
	                     "--ca-by 2025-06-01 --note n",
	                     base, big) > 0);
	assert_int_equal(pkiwatch(&out, &err, cmd), 0);
	free(cmd);
	assert_string_equal(err, "");
	tu_assert_has(out, "answer of ministry-pki recorded in ledger/" SMC6 ".json");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), 2);
	text = ledger_text(SMC6);
	{
		cJSON *j = cJSON_Parse(text), *r, *ca;
		assert_non_null(j);
		r = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "responses"), "ministry-pki");
		assert_non_null(r);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "note")), "n");
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "cas")), 1);
		ca = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "cas"), 0);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "ca")),
		                    "Interior Secure Mail CA 2019");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "falls_under")),
		                    "unsure");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "reason")),
		                    "criterion 3: the EKU of the 2019 CA");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "action")), big);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ca, "by")),
		                    "2025-06-01");
		cJSON_Delete(j);
	}
	free(text);
	free(big);
	/* summary lists the unsure answer as a risk */
	assert_int_equal(pkiwatch(&out, NULL, "summary --format md"), 0);
	tu_assert_has(out, "CA 'Interior Secure Mail CA 2019': unsure");
	tu_assert_has(out, "**per-CA answer to check**");
	free(out);
}

static void test_forms_drop_answered(void **state)
{
	char *out = NULL;
	(void)state;
	start();
	assert_int_equal(pkiwatch(&out, NULL, "forms --tsp ministry-pki"), 0);
	tu_assert_has(out, "ministry-pki: 3 changes");
	free(out);
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp ministry-pki --change " SMC9
	                          " --impact none --days 0 --meets-date yes"),
	                 0);
	assert_int_equal(pkiwatch(&out, NULL, "forms --tsp ministry-pki"), 0);
	tu_assert_has(out, "ministry-pki: 2 changes");
	free(out);
}

/* Risks first (cannot meet, then no response with the date within 30 days),
 * then by effective date; why each change applies; --tsp; json. */
static void test_summary(void **state)
{
	char *out = NULL, *err = NULL;
	const char *a, *b, *c, *d;
	(void)state;
	start();
	/* before any answer: the past date is overdue, both 2025-03-15 ones near */
	assert_int_equal(pkiwatch(&out, NULL, "summary --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "4 change/TSP pairs: 3 applicable, 3 at risk.");
	a = strstr(out, "| **no response, date passed** | " SMC6);
	b = strstr(out, "| **no response, date within 30 days** | " SMC10);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	tu_assert_has(out, "| missing | ? | 2024-09-15 | -167 |");
	free(out);
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp ministry-pki --change " SMC10
	                          " --impact high --days 90 --meets-date no --planned 2025-06-01"),
	                 0);
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp ministry-pki --change " SMC6
	                          " --impact low --days 9 --meets-date yes"),
	                 0);
	assert_int_equal(pkiwatch(&out, &err, "summary --format md"), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "12 change/TSP pairs: 4 applicable, 2 at risk.");
	a = strstr(out, "| **cannot meet the date** | " SMC10 " | SMC-10 | ministry-pki | type: "
	                "issues smime certificates | answered: impact high, 90 days | no (planned "
	                "2025-06-01) | 2025-03-15 | 14 |");
	b = strstr(out, "| **no response, date within 30 days** | " SMC9
	                " | SMC-9 | ministry-pki | type: issues smime certificates | ");
	c = strstr(out, "|  | " SMC6 " | SMC-6 | ministry-pki | type, extant-ca: ");
	d = strstr(out, "|  | " SMC12 " | SMC-12 | northwind-trust | officer: named in the "
	                "officer's sign-off | missing | ? | - | - |");
	if (!a || !b || !c || !d)
		fail_msg("rows missing in:\n%s", out);
	assert_true(a < b && b < c && c < d);
	tu_assert_has(c, "answered: impact low, 9 days | yes | 2024-09-15 | -167 |");
	tu_assert_lacks(out, SMC8); /* signed off not-applicable: applies to nobody */
	/* the cells where a change does not apply, after every applicable row, with
	 * why not */
	a = strstr(out, "|  | " SMC10 " | SMC-10 | codeworks-signing | not applicable: no "
	                "matching certificate type (the change concerns smime; it issues tls, "
	                "code-signing) | - | - | 2025-03-15 | 14 |");
	b = strstr(out, "|  | " SMC6 " | SMC-6 | northwind-trust | not applicable: no matching "
	                "certificate type (the change concerns smime; it issues tls, ev); no "
	                "extant CA of a matching type | - | - |");
	c = strstr(out, "|  | " SMC12 " | SMC-12 | ministry-pki | not applicable: not named in "
	                "the officer's sign-off | - | - | - | - |");
	if (!a || !b || !c)
		fail_msg("not-applicable rows missing in:\n%s", out);
	assert_true(d < a && d < b && d < c);
	tu_assert_has(out,
	              "SMC-6 | codeworks-signing | not applicable: no matching certificate type "
	              "(the change concerns smime; it issues tls, code-signing); operates no "
	              "extant CA |");
	free(out);
	free(err);

	assert_int_equal(pkiwatch(&out, NULL, "summary --tsp northwind-trust --format json"), 0);
	tu_assert_has(out, "\"tsp\":\t\"northwind-trust\"");
	tu_assert_has(out, "\"rules\":\t[\"officer\"]");
	tu_assert_has(out, "\"status\":\t\"missing\"");
	tu_assert_has(out, "\"risk\":\tnull");
	tu_assert_lacks(out, "ministry-pki");
	/* SMC-6, 9, 10 do not apply to northwind: rows with why not */
	{
		cJSON *j = cJSON_Parse(out), *row;
		int napp = 0, nnot = 0;
		assert_non_null(j);
		cJSON_ArrayForEach(row, cJSON_GetObjectItem(j, "rows"))
		{
			cJSON *ap = cJSON_GetObjectItem(row, "applies");
			if (cJSON_IsTrue(cJSON_GetObjectItem(row, "applicable"))) {
				napp++;
				continue;
			}
			nnot++;
			assert_string_equal(
			    cJSON_GetStringValue(cJSON_GetObjectItem(row, "status")),
			    "not-applicable");
			assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(ap, "rules")), 0);
			assert_non_null(
			    strstr(cJSON_GetStringValue(cJSON_GetObjectItem(ap, "reason")),
			           "no matching certificate type"));
			assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "response")));
			assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "risk")));
		}
		assert_int_equal(napp, 1);
		assert_int_equal(nnot, 3);
		cJSON_Delete(j);
	}
	free(out);

	assert_int_equal(pkiwatch(&out, NULL, "summary --tsp ministry-pki --format json"), 0);
	a = strstr(out, "\"risk\":\t\"cannot-meet\"");
	b = strstr(out, "\"risk\":\t\"no-response\"");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	tu_assert_has(out, "\"meets_date\":\tfalse");
	tu_assert_has(out, "\"planned\":\t\"2025-06-01\"");
	tu_assert_has(out, "\"days\":\t14");
	free(out);

	/* once a form asked, a missing response names it and its reply-by date;
	 * after that date it is overdue */
	assert_int_equal(pkiwatch(NULL, NULL, "forms --tsp ministry-pki --format md"), 0);
	assert_int_equal(pkiwatch(&out, NULL, "summary --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, " | SMC-9 | ministry-pki | type: issues smime certificates | ");
	tu_assert_has(out, "| missing (form ministry-pki-20250301-");
	/* the reply-by rule: 2025-03-31 would be after SMC-9's 2025-03-15, so a
	 * week before it (issue 15) */
	tu_assert_has(out, ", reply by 2025-03-08) | ? | 2025-03-15 | 14 |");
	free(out);
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "cd '%s' && PKIWATCH_TODAY=2025-04-02 '%s' --cache '%s' summary --tsp "
	          "ministry-pki --format json",
	          fx.repo, tu_bin(), fx.cache),
	    0);
	tu_assert_has(out, "\"reply_by\":\t\"2025-03-08\"");
	tu_assert_has(out, "\"overdue\":\ttrue");
	tu_assert_has(out, "\"form\":\tnull"); /* the answered rows: never asked by a form */
	free(out);
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "cd '%s' && PKIWATCH_TODAY=2025-04-02 '%s' --cache '%s' summary --tsp "
	          "ministry-pki --format md",
	          fx.repo, tu_bin(), fx.cache),
	    0);
	tu_assert_has(out,
	              "| missing, reply overdue since 2025-03-08 (form ministry-pki-20250301-");
	/* changes of several dates: the next one, and how many passed (issue 15:
	 * the first phase showed "date passed" while the next was weeks away) */
	tu_assert_has(out, " | SMC-10 | ministry-pki | ");
	tu_assert_has(out, "| 2025-05-15 (next; 1 of 2 dates passed) | 43 |\n");
	tu_assert_has(out, "| 2025-09-15 (next; 2 of 3 dates passed) | 166 |\n"); /* SMC-9 */
	tu_assert_lacks(out, "| 2025-03-15 | -18 |");
	free(out);
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "cd '%s' && PKIWATCH_TODAY=2025-04-02 '%s' --cache '%s' summary --tsp "
	          "ministry-pki --format json",
	          fx.repo, tu_bin(), fx.cache),
	    0);
	tu_assert_has(out,
	              "\"effective\":\t\"2025-05-15\",\n\t\t\t\"effective_derived\":\tnull,\n\t\t\t"
	              "\"days\":\t43,\n\t\t\t\"dates\":\t2,"
	              "\n\t\t\t\"dates_passed\":\t1,");
	free(out);

	assert_int_equal(pkiwatch(NULL, &err, "summary --format pdf"), 2);
	tu_assert_has(err, "--format takes text, md or json");
	free(err);
	assert_int_equal(pkiwatch(NULL, &err, "summary --tsp nobody"), 2);
	tu_assert_has(err, "nobody");
	free(err);
}

/* Columns of the longest line of `s` (a UTF-8 character is one). */
static size_t widest(const char *s)
{
	size_t best = 0, cols = 0;
	for (; *s; s++) {
		if (*s == '\n') {
			cols = 0;
			continue;
		}
		cols += ((unsigned char)*s & 0xC0) != 0x80;
		if (cols > best)
			best = cols;
	}
	return best;
}

/* The default text of summary fits an 80-column terminal (issue 15: the
 * "applies" reason made the table far wider): per row a line with ballot,
 * TSP and risk, below it the change and date, the response and why it
 * applies, wrapped at words; --format md keeps the table. */
static void test_summary_text(void **state)
{
	char *out = NULL;
	const char *a, *b, *c;
	(void)state;
	start();
	assert_int_equal(pkiwatch(NULL, NULL,
	                          "respond --tsp ministry-pki --change " SMC10
	                          " --impact high --days 90 --meets-date no --planned 2025-06-01"),
	                 0);
	assert_int_equal(pkiwatch(&out, NULL, "summary --format md"), 0);
	assert_true(widest(out) > 80); /* the table as before */
	free(out);
	assert_int_equal(pkiwatch(&out, NULL, "summary"), 0);
	if (widest(out) > 80)
		fail_msg("a line over 80 columns in:\n%s", out);
	tu_assert_has(out, "Summary of TSP responses, 2025-03-01\n"
	                   "12 change/TSP pairs: 4 applicable, 3 at risk.\n\nAt risk (3)\n");
	a = strstr(out, "\n  SMC-10 · ministry-pki · cannot meet the date\n    " SMC10 " (");
	b = strstr(out, "\n    response: impact high, 90 days; meets date: no (planned "
	                "2025-06-01)\n    applies: type: issues smime certificates\n");
	c = strstr(out, "\nApplicable (1)\n");
	if (!a || !b || !c)
		fail_msg("rows missing in:\n%s", out);
	assert_true(a < b && b < c);
	tu_assert_has(out, ", effective 2025-03-15, in 14 days\n");
	tu_assert_has(out, "  SMC-6 · ministry-pki · no response, date passed\n");
	tu_assert_has(out, "    response: missing; meets date: ?\n");
	/* a long reason, wrapped at words below its row */
	tu_assert_has(out, "\nNot applicable (8)\n");
	tu_assert_has(out, "  SMC-6 · codeworks-signing\n    " SMC6 " (");
	tu_assert_has(out, "    not applicable: no matching certificate type (the change concerns "
	                   "smime; it\n    issues tls, code-signing); operates no extant CA\n");
	tu_assert_has(out, "\nOpen obligations (1)\n  open · ministry-pki · ob-ministry-pki-");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_respond_commits_only_that_file, teardown),
	    cmocka_unit_test_teardown(test_respond_same_and_conflict, teardown),
	    cmocka_unit_test_teardown(test_respond_refused, teardown),
	    cmocka_unit_test_teardown(test_import_twice_is_one_set_of_commits, teardown),
	    cmocka_unit_test_teardown(test_import_makes_answered_form, teardown),
	    cmocka_unit_test_teardown(test_import_answered_form_options, teardown),
	    cmocka_unit_test_teardown(test_import_conflict_writes_nothing, teardown),
	    cmocka_unit_test_teardown(test_import_bad_files, teardown),
	    cmocka_unit_test_teardown(test_import_per_ca, teardown),
	    cmocka_unit_test_teardown(test_respond_per_ca, teardown),
	    cmocka_unit_test_teardown(test_forms_drop_answered, teardown),
	    cmocka_unit_test_teardown(test_summary, teardown),
	    cmocka_unit_test_teardown(test_summary_text, teardown),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
