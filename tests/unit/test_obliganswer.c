/* tsp/obliganswer: a TSP's answer about one of its obligations, as a
 * response file's "obligations" carries it: the values checked (status,
 * evidence when done, date when it cannot be met, a real date, the texts),
 * an obligation answered twice, the answer against the obligations derived
 * now (unknown id, another TSP's, a met one), the same answer as the latest
 * recorded, and the record event prepared on a real git repository. */
#include "testutil.h"

#include "scratch.h"
#include "tsp/obliganswer.h"
#include "tsp/obligation.h"
#include "util/error.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

static int parse(pw_obliganswers *l, const char *json)
{
	cJSON *j = cJSON_Parse(json);
	int rc;
	assert_non_null(j);
	rc = pw_obliganswers_parse(l, "etsi-a", "etsi-a-20231212-0a1b2c3d", "r.json", j);
	cJSON_Delete(j);
	return rc;
}

#define BAD(json, msg)                                                                             \
	do {                                                                                       \
		pw_obliganswers l_;                                                                \
		assert_int_equal(parse(&l_, json), PW_EINPUT);                                     \
		if (!strstr(pw_error_last(), msg) || strncmp(pw_error_last(), "r.json: ", 8) != 0) \
			fail_msg("'%s' lacks '%s'", pw_error_last(), msg);                         \
		assert_int_equal(l_.count, 0);                                                     \
	} while (0)

static void test_parse(void **state)
{
	pw_obliganswers l;
	char *d = NULL;
	(void)state;
	assert_int_equal(
	    parse(&l, "[{\"obligation\":\"ob-etsi-a-7d1e4a82\",\"status\":\"done\",\"evidence\":"
	              "\"attestation letter, ref. 117\",\"date\":\"2023-08-20\",\"comment\":"
	              "\"scope\\nextended\"},{\"obligation\":\"ob-etsi-a-2\",\"status\":"
	              "\"cannot-meet\",\"date\":\"2024-02-01\"},{\"obligation\":\"ob-etsi-a-3\","
	              "\"status\":\"not-started\"}]"),
	    0);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0].obligation, "ob-etsi-a-7d1e4a82");
	assert_string_equal(l.items[0].tsp, "etsi-a");
	assert_string_equal(l.items[0].form, "etsi-a-20231212-0a1b2c3d");
	assert_string_equal(l.items[0].status, "done");
	assert_string_equal(l.items[0].date, "2023-08-20");
	assert_string_equal(l.items[0].jpath, "$.obligations[0]");
	assert_int_equal(pw_obliganswer_describe(&d, &l.items[0]), 0);
	/* one line: the comment's line break a space */
	assert_string_equal(d, "done on 2023-08-20, evidence 'attestation letter, ref. 117', "
	                       "comment 'scope extended'");
	free(d);
	assert_int_equal(pw_obliganswer_describe(&d, &l.items[1]), 0);
	assert_string_equal(d, "cannot-meet, can be met by 2024-02-01");
	free(d);
	assert_null(l.items[2].evidence);
	assert_string_equal(l.items[2].date, "");
	pw_obliganswers_clear(&l);
	/* none: an empty list */
	assert_int_equal(pw_obliganswers_parse(&l, "etsi-a", NULL, "r.json", NULL), 0);
	assert_int_equal(l.count, 0);

	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"finished\"}]",
	    "$.obligations[0].status: 'finished' is not not-started, in-progress, done or "
	    "cannot-meet");
	BAD("[{\"obligation\":\"ob-etsi-a-1\"}]", "$.obligations[0]");
	BAD("[{\"status\":\"done\",\"evidence\":\"x\"}]", "obligation");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"done\"}]",
	    "$.obligations[0].evidence: required when the status is done");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"done\",\"evidence\":\"\"}]",
	    "$.obligations[0].evidence: required when the status is done");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"cannot-meet\"}]",
	    "$.obligations[0].date: required when the status is cannot-meet");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"in-progress\",\"date\":\"2023-02-30\"}]",
	    "$.obligations[0].date: '2023-02-30' is not a date (YYYY-MM-DD)");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"in-progress\",\"comment\":\"a\\u001bb\"}"
	    "]",
	    "$.obligations[0].comment: a control character");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"in-progress\",\"note\":\"x\"}]", "note");
	BAD("[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"in-progress\"},{\"obligation\":"
	    "\"ob-etsi-a-1\",\"status\":\"done\",\"evidence\":\"x\"}]",
	    "$.obligations[1].obligation: ob-etsi-a-1 is answered twice (also $.obligations[0])");
	BAD("{\"obligation\":\"ob-etsi-a-1\"}", "$.obligations: not a JSON array");
	{ /* 4097 bytes of evidence: refused, 4096 taken */
		char *big = malloc(4200), *json = malloc(4400);
		memset(big, 'e', 4097);
		big[4097] = '\0';
		snprintf(
		    json, 4400,
		    "[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"done\",\"evidence\":\"%s\"}]",
		    big);
		BAD(json, "$.obligations[0].evidence: 4097 bytes, at most 4096");
		big[4096] = '\0';
		snprintf(
		    json, 4400,
		    "[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"done\",\"evidence\":\"%s\"}]",
		    big);
		assert_int_equal(parse(&l, json), 0);
		pw_obliganswers_clear(&l);
		free(big);
		free(json);
	}
}

/* Against the obligations derived now: etsi-a's open one is answerable; an
 * unknown id, another TSP's obligation and a met one are not. */
static void test_check_open_and_same(void **state)
{
	pw_obligation items[3];
	pw_obligations obs = {items, 3};
	pw_obliganswers l;
	cJSON *ev;
	(void)state;
	memset(items, 0, sizeof(items));
	items[0].id = "ob-etsi-a-1";
	items[0].tsp = "etsi-a";
	items[0].status = PW_OBLIGATION_OVERDUE;
	items[1].id = "ob-wt-1";
	items[1].tsp = "wt";
	items[1].status = PW_OBLIGATION_OPEN;
	items[2].id = "ob-etsi-a-3";
	items[2].tsp = "etsi-a";
	items[2].status = PW_OBLIGATION_MET;
	memcpy(items[2].closed, "2023-11-02", 11);
	assert_int_equal(parse(&l, "[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"in-progress\"}]"),
	                 0);
	assert_int_equal(pw_obliganswers_check_open(&l, &obs, "r.json"), 0);
	/* the same as the latest recorded answer, or not */
	ev = cJSON_Parse("{\"status\":\"in-progress\",\"form\":\"other\",\"time\":"
	                 "\"2023-12-01T10:00:00Z\",\"by\":\"M <m@x>\"}");
	assert_true(pw_obliganswer_same(&l.items[0], ev));
	cJSON_AddStringToObject(ev, "comment", "waiting for the CAB");
	assert_false(pw_obliganswer_same(&l.items[0], ev));
	assert_false(pw_obliganswer_same(&l.items[0], NULL));
	cJSON_Delete(ev);
	pw_obliganswers_clear(&l);
	assert_int_equal(parse(&l, "[{\"obligation\":\"ob-wt-1\",\"status\":\"in-progress\"}]"), 0);
	assert_int_equal(pw_obliganswers_check_open(&l, &obs, "r.json"), PW_EINPUT);
	assert_string_equal(pw_error_last(),
	                    "r.json: $.obligations[0].obligation: 'ob-wt-1' is not an obligation "
	                    "of TSP etsi-a (see 'pkiwatch obligations --tsp etsi-a --status all')");
	pw_obliganswers_clear(&l);
	assert_int_equal(parse(&l, "[{\"obligation\":\"ob-x\",\"status\":\"in-progress\"}]"), 0);
	assert_int_equal(pw_obliganswers_check_open(&l, &obs, "r.json"), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "'ob-x' is not an obligation of TSP etsi-a"));
	pw_obliganswers_clear(&l);
	assert_int_equal(parse(&l, "[{\"obligation\":\"ob-etsi-a-3\",\"status\":\"in-progress\"}]"),
	                 0);
	assert_int_equal(pw_obliganswers_check_open(&l, &obs, "r.json"), PW_EINPUT);
	assert_string_equal(pw_error_last(), "r.json: $.obligations[0].obligation: ob-etsi-a-3 is "
	                                     "met already (2023-11-02): nothing to answer");
	pw_obliganswers_clear(&l);
}

/* The record: a new one with the answer event; an existing one (committed)
 * keeps its events and gets the answer after them. */
static void test_prepare(void **state)
{
	pw_obliganswers l;
	cJSON *doc = NULL, *ev;
	char *rel = NULL, *msg = NULL, base[41];
	(void)state;
	scratch_new();
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git init -q . && git config user.name M && "
	                       "git config user.email m@x",
	                       scratch_dir),
	                 0);
	assert_int_equal(
	    parse(&l, "[{\"obligation\":\"ob-etsi-a-1\",\"status\":\"done\",\"evidence\":\"ref 1\","
	              "\"date\":\"2023-08-20\"}]"),
	    0);
	/* nothing committed yet: a new record */
	assert_int_equal(pw_obliganswer_prepare(&doc, &rel, &msg, scratch_dir, "", &l.items[0],
	                                        "Maria Jansen", "mj@x", "2023-12-12T09:00:00Z"),
	                 0);
	assert_string_equal(rel, "ledger/obligations/ob-etsi-a-1.json");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "id")), "ob-etsi-a-1");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "tsp")), "etsi-a");
	ev = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "events"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "events")), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "action")), "answer");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "status")), "done");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "evidence")), "ref 1");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "date")), "2023-08-20");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "form")),
	                    "etsi-a-20231212-0a1b2c3d");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "time")),
	                    "2023-12-12T09:00:00Z");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "by")),
	                    "Maria Jansen <mj@x>");
	assert_null(cJSON_GetObjectItem(ev, "comment"));
	assert_string_equal(msg, "pkiwatch obligation answer: ob-etsi-a-1\n\nTSP etsi-a answered "
	                         "obligation ob-etsi-a-1: done on 2023-08-20, evidence 'ref "
	                         "1'.\n\nSigned-off-by: Maria Jansen <mj@x>\n");
	cJSON_Delete(doc);
	free(rel);
	free(msg);
	/* a committed record with the officer's event: kept, the answer after it */
	scratch_put("ledger/obligations/ob-etsi-a-1.json",
	            "{\"id\":\"ob-etsi-a-1\",\"tsp\":\"etsi-a\",\"events\":[{\"action\":\"done\","
	            "\"milestone\":1,\"date\":\"2023-04-20\"}]}");
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git add -A && git commit -qm r", scratch_dir), 0);
	/* the work tree's copy is not what counts: the committed one is */
	scratch_put("ledger/obligations/ob-etsi-a-1.json", "{}");
	assert_int_equal(
	    tu_sh(&msg, NULL, "cd '%s' && git rev-parse HEAD | tr -d '\\n'", scratch_dir), 0);
	snprintf(base, sizeof(base), "%s", msg);
	free(msg);
	assert_int_equal(pw_obliganswer_prepare(&doc, &rel, &msg, scratch_dir, base, &l.items[0],
	                                        "Maria Jansen", "mj@x", "2023-12-12T09:00:00Z"),
	                 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "events")), 2);
	ev = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "events"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "action")), "done");
	ev = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "events"), 1);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(ev, "action")), "answer");
	cJSON_Delete(doc);
	free(rel);
	free(msg);
	pw_obliganswers_clear(&l);
}

int main(void)
{
	int rc;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_check_open_and_same),
	    cmocka_unit_test_teardown(test_prepare, scratch_teardown),
	};
	git_libgit2_init();
	rc = cmocka_run_group_tests_name("obliganswer", tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
