/* Ledger entries: parsing and writing back an entry loses nothing, in
 * particular not the TSP responses (response.h) that later commits added to
 * it; a commit of a loaded entry keeps them in the committed file. */
#include "testutil.h"

#include "util/error.h"
#include "ledger/ledger.h"
#include "tsp/response.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#define ENTRY                                                                                      \
	"{\"change\":\"cabforum-smime@128ba3851744\",\"decision\":\"applicable\",\"tsps\":[],"     \
	"\"note\":\"n\",\"tsp_note\":\"for you\",\"officer\":{\"name\":\"Maria "                   \
	"Jansen\",\"email\":\"maria@a.example\"},"                                                 \
	"\"time\":\"2025-02-20T10:00:00Z\",\"record_digest\":\"abc\",\"responses\":{"              \
	"\"ministry-pki\":{\"impact\":\"medium\",\"description\":\"d\",\"days\":45,"               \
	"\"meets_date\":false,\"planned\":\"2025-05-01\",\"mitigation\":\"m\",\"received\":"       \
	"\"2025-03-01T09:00:00Z\",\"recorded_by\":\"Maria Jansen <maria@a.example>\"}},"           \
	"\"later_stage\":[1,2]}"

static void test_round_trip_keeps_responses(void **state)
{
	cJSON *in = cJSON_Parse(ENTRY), *out;
	pw_ledger_entry e;
	(void)state;
	assert_non_null(in);
	assert_int_equal(pw_ledger_entry_parse(&e, "e.json", in), 0);
	assert_int_equal(e.nresponded, 1);
	assert_string_equal(e.responded[0], "ministry-pki");
	assert_string_equal(e.tsp_note, "for you"); /* the note for the TSPs' forms */
	assert_null(cJSON_GetObjectItem(e.extra, "tsp_note"));
	out = pw_ledger_entry_to_json(&e);
	assert_non_null(out);
	/* everything back, the responses and unknown later keys included */
	assert_true(cJSON_Compare(in, out, 1));
	cJSON_Delete(out);
	pw_ledger_entry_clear(&e);
	assert_null(e.extra);
	cJSON_Delete(in);

	/* an entry without extra keys writes exactly the known ones */
	in = cJSON_Parse("{\"change\":\"s@1\",\"decision\":\"not-applicable\",\"tsps\":[],"
	                 "\"note\":null,\"officer\":{\"name\":\"a\",\"email\":\"b\"},"
	                 "\"time\":\"t\",\"record_digest\":\"\"}");
	assert_int_equal(pw_ledger_entry_parse(&e, "e.json", in), 0);
	assert_null(e.extra);
	out = pw_ledger_entry_to_json(&e);
	assert_true(cJSON_Compare(in, out, 1));
	cJSON_Delete(out);
	cJSON_Delete(in);
	pw_ledger_entry_clear(&e);
}

/* pw_ledger_commit of a loaded entry (what a re-recorded sign-off does) used
 * to write the file without its "responses": the TSPs' answers were gone
 * from the ledger. */
static void test_commit_of_loaded_entry_keeps_responses(void **state)
{
	char *dir = tu_tempdir(), path[4096], commit[41], *text;
	pw_ledger ledger;
	pw_responses resp;
	(void)state;
	snprintf(path, sizeof(path), "%s/ledger/cabforum-smime@128ba3851744.json", dir);
	assert_int_equal(
	    tu_sh(NULL, NULL, "mkdir -p '%s/ledger' && cd '%s' && git init -q -b main .", dir, dir),
	    0);
	tu_write(path, ENTRY);
	if (pw_ledger_load(&ledger, dir) != 0)
		fail_msg("%s", pw_error_last());
	assert_int_equal(ledger.count, 1);
	if (pw_ledger_commit(commit, dir, &ledger.items[0], "again\n", NULL) != 0)
		fail_msg("%s", pw_error_last());
	pw_ledger_clear(&ledger);
	assert_int_equal(tu_sh(&text, NULL,
	                       "cd '%s' && git show HEAD:ledger/cabforum-smime@128ba3851744.json",
	                       dir),
	                 0);
	assert_non_null(strstr(text, "\"responses\":"));
	assert_non_null(strstr(text, "\"planned\":\t\"2025-05-01\""));
	free(text);
	assert_int_equal(pw_responses_load(&resp, dir), 0);
	assert_int_equal(resp.count, 1);
	assert_string_equal(resp.items[0].tsp, "ministry-pki");
	assert_int_equal(resp.items[0].days, 45);
	pw_responses_clear(&resp);
	tu_rmrf(dir);
	free(dir);
}

/* A ledger file read back: its change is the one its name says (responses are
 * written to ledger/<change>.json, and two files claiming one change made the
 * sign-off used depend on directory order), and the officer's TSP list holds
 * TSP ids (a mistyped one made the change apply to nobody, silently). */
static void test_load_checks(void **state)
{
	char *dir = tu_tempdir(), path[4096];
	pw_ledger ledger;
	pw_ledger_entry e;
	cJSON *j;
	(void)state;
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s/ledger'", dir), 0);
	snprintf(path, sizeof(path), "%s/ledger/cabforum-smime@aaaaaaaaaaaa.json", dir);
	tu_write(path, ENTRY);
	assert_int_equal(pw_ledger_load(&ledger, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "cabforum-smime@aaaaaaaaaaaa.json: $.change: "
	                                        "'cabforum-smime@128ba3851744' is not the "
	                                        "file's change 'cabforum-smime@aaaaaaaaaaaa'"));
	assert_int_equal(ledger.count, 0);
	j = cJSON_Parse(ENTRY);
	cJSON_ReplaceItemInObject(j, "tsps",
	                          cJSON_Parse("[\"ministry-pki\", \"Northwind Trust\"]"));
	assert_int_equal(pw_ledger_entry_parse(&e, "e.json", j), PW_EINPUT);
	assert_non_null(
	    strstr(pw_error_last(), "e.json: $.tsps[1]: 'Northwind Trust' is not a TSP id"));
	cJSON_ReplaceItemInObject(j, "tsps",
	                          cJSON_Parse("[\"ministry-pki\", \"northwind-trust\"]"));
	assert_int_equal(pw_ledger_entry_parse(&e, "e.json", j), 0);
	assert_int_equal(e.ntsps, 2);
	pw_ledger_entry_clear(&e);
	cJSON_Delete(j);
	tu_sh(NULL, NULL, "rm -rf '%s'", dir);
	free(dir);
}

/* The one place the path of a ledger entry is made: inside the repository,
 * under a directory with or without its slash; an id that is not one (a
 * path, a hidden name) is refused, not turned into a path. */
static void test_entry_path(void **state)
{
	char *p = NULL;
	(void)state;
	assert_int_equal(pw_ledger_entry_path(&p, NULL, "cabforum-smime@128ba3851744"), 0);
	assert_string_equal(p, "ledger/cabforum-smime@128ba3851744.json");
	free(p);
	assert_int_equal(pw_ledger_entry_path(&p, "", "a@b"), 0);
	assert_string_equal(p, "ledger/a@b.json");
	free(p);
	assert_int_equal(pw_ledger_entry_path(&p, "/repo", "a@b"), 0);
	assert_string_equal(p, "/repo/ledger/a@b.json");
	free(p);
	assert_int_equal(pw_ledger_entry_path(&p, "sub/", "a@b"), 0);
	assert_string_equal(p, "sub/ledger/a@b.json");
	free(p);
	assert_int_equal(pw_ledger_entry_path(&p, "/repo", "../x"), PW_EINPUT);
	assert_null(p);
	assert_string_equal(pw_error_last(), "'../x' is not a change id");
	assert_int_equal(pw_ledger_entry_path(&p, NULL, ".hidden"), PW_EINPUT);
	assert_int_equal(pw_ledger_entry_path(&p, NULL, "a/b"), PW_EINPUT);
	assert_null(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_keeps_responses),
	    cmocka_unit_test(test_commit_of_loaded_entry_keeps_responses),
	    cmocka_unit_test(test_load_checks),
	    cmocka_unit_test(test_entry_path),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
