/* The TSP's answer about its obligations (issue 12: the form asks their
 * status; the response file carries it; `responses import` records it), on
 * the real cabforum-smime history: SMC-1 signed off as applicable gives the
 * ETSI-audited ministry-pki (EN 319 411-1 and 411-2 in scope) the
 * scope-extension audit obligation and the WebTrust-audited mailtrust its
 * audit-period obligation. Checked: the form's question, the HTML form's
 * "Save answers" in real headless Chromium with the obligation answered,
 * that file imported (one commit of ledger/obligations/<id>.json), the answer
 * in `obligations` (text and JSON); the same file again records nothing; bad
 * answers (unknown id, another TSP's obligation, a bad status, done without
 * evidence) stop the import with exit 2 and nothing written, also when the
 * file holds a valid change answer; "done" with evidence lets the officer
 * accept, and an answer to a met obligation is refused. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static compfix fx;
static char *ministry_id, *mailtrust_id; /* the obligations' ids, from `obligations` */

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* The obligations of `tsp` as JSON on `today`. */
static cJSON *list(const char *today, const char *tsp)
{
	char *out = NULL, *err = NULL;
	cJSON *j;
	setenv("PKIWATCH_TODAY", today, 1);
	if (compfix_run(&fx, &out, &err, "obligations --format json --status all --tsp %s", tsp) !=
	    0)
		fail_msg("obligations failed: %s", err);
	assert_non_null(j = cJSON_Parse(out));
	free(out);
	free(err);
	return j;
}

static char *first_id(const char *tsp)
{
	cJSON *j = list("2023-06-01", tsp);
	char *id;
	assert_int_equal(cJSON_GetArraySize(j), 1);
	id = strdup(str(cJSON_GetArrayItem(j, 0), "id"));
	cJSON_Delete(j);
	return id;
}

static int setup(void **state)
{
	(void)state;
	compfix_start_obligations(&fx, NULL, NULL);
	if (!fx.repo)
		return 0; /* each test skips */
	ministry_id = first_id("ministry-pki");
	mailtrust_id = first_id("mailtrust");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	free(ministry_id);
	free(mailtrust_id);
	return 0;
}

/* <dir>/<name> with the text formatted; returns the path (caller frees). */
static char *response_file(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *response_file(const char *name, const char *fmt, ...)
{
	char *path = malloc(4096), text[8192];
	va_list ap;
	snprintf(path, 4096, "%s/%s", fx.dir, name);
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tu_write(path, text);
	return path;
}

static char *record_text(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/ledger/obligations/%s.json", fx.repo, ministry_id);
	return tu_read(path);
}

/* Import `file`: its exit status, stdout and stderr. */
static int import(char **out, char **err, const char *file)
{
	setenv("PKIWATCH_TODAY", "2023-06-01", 1);
	return compfix_run(&fx, out, err, "responses import '%s'", file);
}

static void test_bad_answers_write_nothing(void **state)
{
	char *out = NULL, *err = NULL, *file;
	long commits;
	(void)state;
	tu_upstream_or_skip();
	commits = compfix_commits(&fx);
#define REFUSED(name, fmt, id, msg)                                                                \
	do {                                                                                       \
		file = response_file(name, fmt, id);                                               \
		assert_int_equal(import(&out, &err, file), 2);                                     \
		tu_assert_has(err, "pkiwatch: ");                                                  \
		tu_assert_has(err, file);                                                          \
		tu_assert_has(err, msg);                                                           \
		assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1); /* one line */         \
		assert_int_equal(compfix_commits(&fx), commits);                                   \
		assert_null(record_text());                                                        \
		free(out);                                                                         \
		free(err);                                                                         \
		free(file);                                                                        \
	} while (0)
	/* a valid answer to SMC-1 and an unknown obligation: nothing at all */
	REFUSED("unknown.json",
	        "{\"tsp\":\"ministry-pki\",\"responses\":[{\"change\":\"" SMC1 "\",\"impact\":"
	        "\"low\",\"days\":30,\"meets_date\":true}],\"obligations\":[{\"obligation\":"
	        "\"%s-x\",\"status\":\"in-progress\"}]}",
	        ministry_id, "$.obligations[0].obligation: '");
	/* nothing half-written in the work tree either */
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git status --porcelain", fx.repo), 0);
	assert_string_equal(out, "");
	free(out);
	/* another TSP's obligation is unknown to this one */
	REFUSED("other.json",
	        "{\"tsp\":\"ministry-pki\",\"obligations\":[{\"obligation\":\"%s\",\"status\":"
	        "\"in-progress\"}]}",
	        mailtrust_id, "is not an obligation of TSP ministry-pki");
	REFUSED("status.json",
	        "{\"tsp\":\"ministry-pki\",\"obligations\":[{\"obligation\":\"%s\",\"status\":"
	        "\"almost\"}]}",
	        ministry_id,
	        "$.obligations[0].status: 'almost' is not not-started, in-progress, done or "
	        "cannot-meet");
	REFUSED("noevidence.json",
	        "{\"tsp\":\"ministry-pki\",\"obligations\":[{\"obligation\":\"%s\",\"status\":"
	        "\"done\"}]}",
	        ministry_id, "$.obligations[0].evidence: required when the status is done");
	REFUSED("nodate.json",
	        "{\"tsp\":\"ministry-pki\",\"obligations\":[{\"obligation\":\"%s\",\"status\":"
	        "\"cannot-meet\",\"comment\":\"CAB booked out\"}]}",
	        ministry_id, "$.obligations[0].date: required when the status is cannot-meet");
	REFUSED("empty.json", "{\"tsp\":\"ministry-pki\"%s}", "",
	        "$.responses: missing (no answer in $.obligations either)");
#undef REFUSED
}

static int have(const char *tool)
{
	return tu_sh(NULL, NULL, "command -v %s >/dev/null", tool) == 0;
}

/* The form asks the status of the TSP's open obligation; in real headless
 * Chromium (tests/form_save.py: clicks and typing) the obligation alone is
 * answered, "Save answers" writes it into the response file, and that file
 * imports as one commit of the obligation's record. */
static void test_form_asks_and_saves(void **state)
{
	char *out = NULL, *err = NULL, *md = NULL, *html = NULL, *chromium = NULL, *name = NULL;
	char dl[2048], file[4096];
	const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
	cJSON *j;
	const cJSON *o;
	long commits;
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2023-06-01", 1);
	assert_int_equal(compfix_run(&fx, NULL, &err,
	                             "forms --tsp ministry-pki --format md,html --out %s/f",
	                             fx.dir),
	                 0);
	free(err);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s'/f/ministry-pki/*.md", fx.dir), 0);
	tu_assert_has(md, "\n**Your status**\n\n| Question | Answer |\n|---|---|\n"
	                  "| Where do you stand? | \\[ \\] not started \\[ \\] in progress "
	                  "\\[ \\] done \\[ \\] cannot meet |\n"
	                  "| If done: the evidence (document, report or link) |  |\n"
	                  "| Date: done on; if you cannot meet it, the date you can; otherwise "
	                  "expected by |  |\n| Comment (optional) |  |\n");
	free(md);
	assert_int_equal(tu_sh(&html, NULL, "ls '%s'/f/ministry-pki/*.html | tr -d '\\n'", fx.dir),
	                 0);
	{
		char *page = tu_read(html);
		assert_non_null(page);
		tu_assert_has(page, " data-obligations=\"1\"");
		tu_assert_has(page, "name=\"o1-id\" value=\"");
		tu_assert_has(page, ministry_id);
		tu_assert_has(page, "name=\"o1-status\" value=\"cannot-meet\"");
		tu_assert_has(page, "name=\"o1-evidence\"");
		free(page);
	}
	if (!have("chromium")) {
		free(html);
		if (r && *r == '1')
			fail_msg("PKIWATCH_REQUIRE_REAL_DATA=1 but chromium is missing (make "
			         "test-deps)");
		print_message("skipped: chromium is needed (make test-deps)\n");
		skip();
	}
	assert_int_equal(tu_sh(&chromium, NULL, "command -v chromium | tr -d '\\n'"), 0);
	snprintf(dl, sizeof(dl), "%s/downloads", fx.dir);
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s'", dl), 0);
	/* first saved with "cannot meet" and no date: not saved, the question named */
	assert_int_equal(tu_sh(&out, &err,
	                       "python3 '%s' '%s' '%s' '%s' '{\"o1\": {\"status\": "
	                       "\"cannot-meet\"}}'",
	                       tu_src_path("tests/form_save.py"), chromium, html, dl),
	                 0);
	tu_assert_has(out, "status: Not saved; please answer: Obligation 1: Date: done on;");
	tu_assert_has(out, "download: none");
	free(out);
	free(err);
	assert_int_equal(tu_sh(&out, &err,
	                       "python3 '%s' '%s' '%s' '%s' '{\"o1\": {\"status\": "
	                       "\"cannot-meet\", \"date\": \"2023-11-30\", \"comment\": "
	                       "\"CAB \\\"booked out\\\" <b>until</b>\\nautumn\"}}'",
	                       tu_src_path("tests/form_save.py"), chromium, html, dl),
	                 0);
	tu_assert_has(out, "status: Saved: ministry-pki-20230601-");
	free(out);
	free(err);
	free(html);
	free(chromium);
	assert_int_equal(tu_sh(&name, NULL, "ls '%s' | tr -d '\\n'", dl), 0);
	snprintf(file, sizeof(file), "%s/%s", dl, name);
	free(name);
	{
		char *text = tu_read(file);
		assert_non_null(text);
		assert_non_null(j = cJSON_Parse(text));
		free(text);
	}
	/* tsp, form, responses (none answered), obligations */
	assert_int_equal(cJSON_GetArraySize(j), 4);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "responses")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "obligations")), 1);
	o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "obligations"), 0);
	assert_int_equal(cJSON_GetArraySize(o), 4);
	assert_string_equal(str(o, "obligation"), ministry_id);
	assert_string_equal(str(o, "status"), "cannot-meet");
	assert_string_equal(str(o, "date"), "2023-11-30");
	assert_string_equal(str(o, "comment"), "CAB \"booked out\" <b>until</b>\nautumn");
	cJSON_Delete(j);
	/* imported as saved: one commit of the record */
	commits = compfix_commits(&fx);
	assert_int_equal(import(&out, &err, file), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "1 answer of ministry-pki, 1 recorded");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), commits + 1);
	j = list("2023-06-01", "ministry-pki");
	o = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(j, 0), "answer");
	assert_string_equal(str(o, "status"), "cannot-meet");
	assert_string_equal(str(o, "date"), "2023-11-30");
	assert_non_null(strstr(str(o, "form"), "ministry-pki-20230601-"));
	cJSON_Delete(j);
}

static void test_import_and_accept(void **state)
{
	char *out = NULL, *err = NULL, *file, *text;
	cJSON *j, *rec;
	const cJSON *a, *ev;
	long commits;
	(void)state;
	tu_upstream_or_skip();
	commits = compfix_commits(&fx);
	/* obligations only: "responses" left out */
	file = response_file("progress.json",
	                     "{\"tsp\":\"ministry-pki\",\"obligations\":[{\"obligation\":\"%s\","
	                     "\"status\":\"in-progress\",\"date\":\"2023-07-15\",\"comment\":"
	                     "\"CAB engaged, audit booked\"}]}",
	                     ministry_id);
	assert_int_equal(import(&out, &err, file), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, ministry_id);
	tu_assert_has(out, ": answer recorded (commit ");
	tu_assert_has(out, "progress.json: 1 answer of ministry-pki, 1 recorded\n");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), commits + 1);
	/* one commit of the record alone, by the officer */
	assert_int_equal(tu_sh(&out, NULL,
	                       "cd '%s' && git show --name-only --format='%%an%%n%%s' HEAD",
	                       fx.repo),
	                 0);
	{
		char want[512];
		snprintf(
		    want, sizeof(want),
		    "Maria Jansen\npkiwatch obligation answer: %s\n\nledger/obligations/%s.json\n",
		    ministry_id, ministry_id);
		assert_string_equal(out, want);
	}
	free(out);
	assert_non_null(text = record_text());
	assert_non_null(rec = cJSON_Parse(text));
	free(text);
	/* after the answer the form saved (test_form_asks_and_saves) */
	ev = cJSON_GetObjectItemCaseSensitive(rec, "events");
	assert_int_equal(cJSON_GetArraySize(ev), 2);
	ev = cJSON_GetArrayItem(ev, 1);
	assert_string_equal(str(ev, "action"), "answer");
	assert_string_equal(str(ev, "status"), "in-progress");
	assert_string_equal(str(ev, "date"), "2023-07-15");
	assert_string_equal(str(ev, "comment"), "CAB engaged, audit booked");
	assert_string_equal(str(ev, "by"), "Maria Jansen <maria.jansen@authority.example>");
	/* recorded on PKIWATCH_TODAY (2023-06-01), not the clock's day */
	assert_int_equal(strlen(str(ev, "time")), 20);
	assert_int_equal(strncmp(str(ev, "time"), "2023-06-01T", 11), 0);
	cJSON_Delete(rec);
	/* `obligations` shows it: JSON and text */
	j = list("2023-06-01", "ministry-pki");
	a = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(j, 0), "answer");
	assert_string_equal(str(a, "status"), "in-progress");
	assert_string_equal(str(a, "comment"), "CAB engaged, audit booked");
	cJSON_Delete(j);
	assert_int_equal(compfix_run(&fx, &out, NULL, "obligations --tsp ministry-pki"), 0);
	tu_assert_has(out, "  TSP's answer: in-progress, expected by 2023-07-15, comment 'CAB "
	                   "engaged, audit booked' (answered ");
	free(out);
	/* and the summary's open obligations (text, wrapped at 80 columns) */
	assert_int_equal(compfix_run(&fx, &out, NULL, "summary --tsp ministry-pki"), 0);
	tu_assert_has(out,
	              "\n    next: 2023-05-04: auditor engaged\n    TSP's answer: in-progress, "
	              "expected by 2023-07-15, comment 'CAB engaged,\n    audit booked' "
	              "(answered ");
	free(out);
	/* the same file again: nothing new */
	assert_int_equal(import(&out, &err, file), 0);
	tu_assert_has(out, ": answer unchanged\n");
	tu_assert_has(out, "1 answer of ministry-pki, 0 recorded");
	free(out);
	free(err);
	free(file);
	assert_int_equal(compfix_commits(&fx), commits + 1);
	/* without evidence the officer cannot accept yet */
	assert_int_equal(compfix_run(&fx, NULL, &err, "obligation accept %s", ministry_id), 2);
	tu_assert_has(err, "no evidence recorded and the TSP has not answered 'done'");
	free(err);
	/* done, naming its evidence: the latest answer; the officer accepts it */
	file = response_file("done.json",
	                     "{\"tsp\":\"ministry-pki\",\"responses\":[],\"obligations\":[{"
	                     "\"obligation\":\"%s\",\"status\":\"done\",\"evidence\":\"attestation "
	                     "letter of Example CAB, ref. 2023-117\",\"date\":\"2023-05-30\"}]}",
	                     ministry_id);
	assert_int_equal(import(NULL, NULL, file), 0);
	assert_int_equal(compfix_commits(&fx), commits + 2);
	j = list("2023-06-01", "ministry-pki");
	a = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(j, 0), "answer");
	assert_string_equal(str(a, "status"), "done");
	assert_string_equal(str(a, "evidence"), "attestation letter of Example CAB, ref. 2023-117");
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "status"), "overdue");
	cJSON_Delete(j);
	assert_int_equal(
	    compfix_run(&fx, NULL, NULL, "obligation accept %s --note 'letter seen'", ministry_id),
	    0);
	j = list("2023-06-01", "ministry-pki");
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "status"), "met");
	cJSON_Delete(j);
	/* answering a met obligation: refused, nothing written */
	commits = compfix_commits(&fx);
	assert_int_equal(import(NULL, &err, file), 2);
	tu_assert_has(err, "is met already (2023-06-01): nothing to answer");
	free(err);
	assert_int_equal(compfix_commits(&fx), commits);
	free(file);
}

/* The evidence report's section 5 lists the TSP's answers with who recorded
 * them when (after test_import_and_accept: the form's cannot-meet, then
 * in-progress, then done naming its evidence; accepted on 2023-06-01). */
static void test_evidence_lists_answers(void **state)
{
	char *md = NULL;
	const char *a, *b, *c;
	(void)state;
	tu_upstream_or_skip();
	md = compfix_evidence_2023(&fx, "md");
	a = strstr(md, "- Evidence: none recorded\n- TSP's answers:\n  - cannot-meet (2023-11-30), "
	               "comment: CAB ");
	b = strstr(md,
	           "\n  - in-progress (2023-07-15), comment: CAB engaged, audit booked, recorded "
	           "by Maria Jansen \\<maria.jansen@authority.example\\> at ");
	c = strstr(md, "\n  - done (2023-05-30), evidence: attestation letter of Example CAB, ref. "
	               "2023-117, recorded by Maria Jansen");
	if (!a || !b || !c)
		fail_msg("answers missing in:\n%s", md);
	assert_true(a < b && b < c); /* as recorded */
	tu_assert_has(c, "\n- Accepted on 2023-06-01 by Maria Jansen");
	free(md);
}

/* pkiwatch respond --obligation: the officer records an answer given
 * otherwise (mailtrust's audit-period obligation); bad input exit 2 with
 * nothing committed; the same answer again records nothing. */
static void test_respond_obligation(void **state)
{
	char *out = NULL, *err = NULL, want[512];
	long commits;
	cJSON *j;
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2023-06-01", 1);
	commits = compfix_commits(&fx);
#define RESPOND_REFUSED(msg, ...)                                                                  \
	do {                                                                                       \
		assert_int_equal(compfix_run(&fx, NULL, &err, __VA_ARGS__), 2);                    \
		tu_assert_has(err, msg);                                                           \
		assert_int_equal(compfix_commits(&fx), commits);                                   \
		free(err);                                                                         \
	} while (0)
	RESPOND_REFUSED("is not an obligation of TSP ministry-pki",
	                "respond --tsp ministry-pki --obligation %s --status in-progress",
	                mailtrust_id);
	RESPOND_REFUSED("evidence: required when the status is done",
	                "respond --tsp mailtrust --obligation %s --status done", mailtrust_id);
	RESPOND_REFUSED("--status takes not-started, in-progress, done or cannot-meet, not 'ok'",
	                "respond --tsp mailtrust --obligation %s --status ok", mailtrust_id);
	RESPOND_REFUSED("--obligation goes with --status, --evidence, --date and --comment",
	                "respond --tsp mailtrust --obligation %s --status done --impact low",
	                mailtrust_id);
	RESPOND_REFUSED(
	    "--status, --evidence, --date and --comment go with --obligation",
	    "respond --tsp mailtrust --change %s --impact low --days 1 --meets-date yes "
	    "--status done",
	    SMC1);
	RESPOND_REFUSED("not an obligation of TSP mailtrust",
	                "respond --tsp mailtrust --obligation %s-0 --status not-started",
	                mailtrust_id);
#undef RESPOND_REFUSED
	assert_int_equal(compfix_run(&fx, &out, &err,
	                             "respond --tsp mailtrust --obligation %s --status not-started "
	                             "--date 2024-06-01 --comment 'WebTrust practitioner chosen'",
	                             mailtrust_id),
	                 0);
	snprintf(want, sizeof(want),
	         "%s: answer of mailtrust recorded in ledger/obligations/%s.json (commit ",
	         mailtrust_id, mailtrust_id);
	tu_assert_has(out, want);
	tu_assert_has(out, "): not-started, expected by 2024-06-01, comment 'WebTrust practitioner "
	                   "chosen'\n");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), commits + 1);
	j = list("2023-06-01", "mailtrust");
	assert_string_equal(
	    str(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(j, 0), "answer"), "status"),
	    "not-started");
	/* recorded on PKIWATCH_TODAY, not the clock's day */
	assert_int_equal(
	    strncmp(
	        str(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(j, 0), "answer"), "time"),
	        "2023-06-01T", 11),
	    0);
	cJSON_Delete(j);
	assert_int_equal(compfix_run(&fx, &out, NULL,
	                             "respond --tsp mailtrust --obligation %s --status not-started "
	                             "--date 2024-06-01 --comment 'WebTrust practitioner chosen'",
	                             mailtrust_id),
	                 0);
	tu_assert_has(out, "is already in ledger/obligations/");
	free(out);
	assert_int_equal(compfix_commits(&fx), commits + 1);
}

/* An obligation the form asked about that is no longer derived (here the
 * TSP's profile now names the criteria the change requires, so no scope
 * extension is owed) is named on the answered form, after those that still
 * apply, and counted in the command's line; before, it is listed as asked. */
static void test_answered_form_names_gone(void **state)
{
	char *out = NULL, *md = NULL, form[128], want[1024];
	cJSON *j;
	(void)state;
	tu_upstream_or_skip();
	setenv("PKIWATCH_TODAY", "2023-06-01", 1);
	j = compfix_issued(&fx, "ministry-pki");
	snprintf(form, sizeof(form), "%s",
	         str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "forms"), 0), "form"));
	cJSON_Delete(j);
	assert_int_equal(compfix_run(&fx, &out, NULL, "forms --answered %s --format md --out %s/a1",
	                             form, fx.dir),
	                 0);
	tu_assert_has(out, ", 1 of 1 obligation answered");
	tu_assert_lacks(out, "no longer");
	free(out);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s/a1/ministry-pki/%s-answered.md'", fx.dir, form),
	                 0);
	tu_assert_has(md, "\n## Your obligations\n\n### 1. ");
	tu_assert_lacks(md, "No longer apply");
	free(md);
	/* the profile now has the change's criteria: nothing to extend */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s' && sed -i 's/\"ETSI EN 319 411-2\"\\]/\"ETSI EN 319 "
	          "411-2\", \"ETSI TS 119 411-6\"]/' tsps/ministry-pki.json && grep -q "
	          "'119 411-6' tsps/ministry-pki.json",
	          fx.repo),
	    0);
	j = list("2023-06-01", "ministry-pki");
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	assert_int_equal(compfix_run(&fx, &out, NULL, "forms --answered %s --format md --out %s/a2",
	                             form, fx.dir),
	                 0);
	tu_assert_has(out, ", 1 obligation asked no longer applies");
	tu_assert_lacks(out, "of 1 obligation answered");
	free(out);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s/a2/ministry-pki/%s-answered.md'", fx.dir, form),
	                 0);
	snprintf(want, sizeof(want),
	         "\n## Your obligations\n\n**No longer apply (asked on this form, but no longer "
	         "derived from the sign-offs, rules and profile as they are now; answers about "
	         "them are not shown here):** `%s`\n",
	         ministry_id);
	tu_assert_has(md, want);
	tu_assert_lacks(md, "\n### 1. ");
	free(md);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git checkout -q tsps/ministry-pki.json", fx.repo), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_answers_write_nothing),
	    cmocka_unit_test(test_form_asks_and_saves),
	    cmocka_unit_test(test_import_and_accept),
	    cmocka_unit_test(test_evidence_lists_answers),
	    cmocka_unit_test(test_respond_obligation),
	    cmocka_unit_test(test_answered_form_names_gone),
	};
	return cmocka_run_group_tests_name("obligation_answers", tests, setup, teardown);
}
