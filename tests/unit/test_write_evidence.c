/* The evidence use case (app/write_evidence.h) on the officer's repository
 * of the real cabforum-smime history (compliance_fixture): md and json asked
 * give exactly those two files, listed in that order, the JSON parsing and
 * naming the period, and no HTML; an output directory that cannot be made
 * fails with nothing listed and nothing written. */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/write_evidence.h"
#include "util/error.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static compfix fx;

static void test_md_and_json(void **state)
{
	pw_write_evidence_opts o = PW_WRITE_EVIDENCE_OPTS_INIT;
	pw_write_evidence_result r;
	pw_workspace *ws = NULL;
	char dir[2048], path[4096];
	char *text;
	cJSON *j;
	(void)state;
	compfix_start_officer(&fx, 0);
	unsetenv("GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	compfix_workspace(&ws, &fx);
	snprintf(dir, sizeof(dir), "%s/ev", fx.dir);
	o.from = "2024-06-01";
	o.to = "2025-05-31";
	o.out_dir = dir;
	o.formats = PW_WRITE_EVIDENCE_JSON | PW_WRITE_EVIDENCE_MD;
	if (pw_write_evidence_run(&r, ws, &o) < 0)
		fail_msg("%s", pw_error_last());
	assert_int_equal(r.nfiles, 2);
	snprintf(path, sizeof(path), "%s/evidence-2024-06-01-2025-05-31.md", dir);
	assert_string_equal(r.files[0], path);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/evidence-2024-06-01-2025-05-31.json", dir);
	assert_string_equal(r.files[1], path);
	assert_non_null(text = tu_read(path));
	assert_non_null(j = cJSON_Parse(text));
	tu_assert_has(text, "2024-06-01");
	tu_assert_has(text, "2025-05-31");
	cJSON_Delete(j);
	free(text);
	snprintf(path, sizeof(path), "%s/evidence-2024-06-01-2025-05-31.html", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_true(r.verify.commits > 0);
	assert_int_equal(strlen(r.verify.head), 40);
	pw_write_evidence_result_clear(&r);
	assert_int_equal(r.nfiles, 0);

	/* the output directory is a file: fails, nothing listed */
	snprintf(dir, sizeof(dir), "%s/afile", fx.dir);
	tu_write(dir, "x");
	o.out_dir = dir;
	assert_true(pw_write_evidence_run(&r, ws, &o) < 0);
	assert_int_equal(r.nfiles, 0);
	assert_null(r.files[0]);
	pw_write_evidence_result_clear(&r);
	pw_workspace_free(ws);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_prestate_setup_teardown(test_md_and_json, NULL, compfix_teardown, &fx),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
