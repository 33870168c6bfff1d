/* File helpers and JSON object checks: directory creation and key checks on
 * untrusted input. */
#include "testutil.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = tu_tempdir();
	return dir ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_dir_create(void **state)
{
	char path[4096], file[4096];
	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(pw_dir_create(path), 0);
	assert_true(is_dir(path));
	assert_int_equal(pw_dir_create(path), 0); /* already there: fine */

	/* a file where the directory should be is an error, not success */
	snprintf(file, sizeof(file), "%s/a/b/f", dir);
	tu_write(file, "x");
	assert_int_equal(pw_dir_create(file), PW_ERROR);
	assert_non_null(strstr(pw_error_last(), "not a directory"));
	assert_non_null(strstr(pw_error_last(), file));

	/* ... also as a middle component */
	snprintf(path, sizeof(path), "%s/a/b/f/g", dir);
	assert_true(pw_dir_create(path) < 0);
	assert_non_null(strstr(pw_error_last(), "cannot create directory"));
}

static const char *const allowed[] = {"name", "email", NULL};

static int check(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	int rc;
	assert_non_null(j);
	rc = pw_json_check_object(j, "x.json", "$.officer", allowed);
	cJSON_Delete(j);
	return rc;
}

/* rm -rf without following symbolic links; a missing path is fine; the last
 * error message is left alone. */
static void test_tree_remove(void **state)
{
	char tree[4096], keep[4096], *kept;
	struct stat st;
	(void)state;

	snprintf(tree, sizeof(tree), "%s/tree", dir);
	snprintf(keep, sizeof(keep), "%s/keep", dir);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s/a/b/c' '%s' && echo x > '%s/a/b/f' && "
	                       "echo precious > '%s/p' && ln -s '%s' '%s/a/link' && "
	                       "ln -s '%s/p' '%s/a/b/c/plink'",
	                       tree, keep, tree, keep, keep, tree, keep, tree),
	                 0);
	pw_error_set(PW_EINPUT, "the earlier failure");
	assert_int_equal(pw_tree_remove(tree), 0);
	assert_int_equal(lstat(tree, &st), -1);
	/* the symbolic links went, not what they point to */
	snprintf(keep + strlen(keep), sizeof(keep) - strlen(keep), "/p");
	kept = tu_read(keep);
	assert_non_null(kept);
	assert_string_equal(kept, "precious\n");
	free(kept);
	assert_string_equal(pw_error_last(), "the earlier failure");
	assert_int_equal(pw_tree_remove(tree), 0); /* nothing there */
	tu_write(tree, "a file");
	assert_int_equal(pw_tree_remove(tree), 0);
	assert_int_equal(lstat(tree, &st), -1);
}

static void test_check_object(void **state)
{
	(void)state;
	assert_int_equal(check("{}"), 0);
	assert_int_equal(check("{\"email\": 1, \"name\": 2}"), 0);
	assert_int_equal(check("{\"name\": 1, \"mail\": 2}"), PW_EINPUT);
	assert_string_equal(pw_error_last(), "x.json: $.officer: unknown key \"mail\"");
	assert_int_equal(check("{\"name\": 1, \"email\": 2, \"name\": 3}"), PW_EINPUT);
	assert_string_equal(pw_error_last(), "x.json: $.officer: duplicate key \"name\"");
	assert_int_equal(check("[]"), PW_EINPUT);
	assert_string_equal(pw_error_last(), "x.json: $.officer: expected an object");
}

/* One '/' between directory and name, the directory's trailing ones dropped;
 * the name made by the format, also when longer than any fixed buffer. */
static void test_path_join(void **state)
{
	char *p, *long_id = malloc(5001);
	(void)state;
	assert_non_null(long_id);
	assert_non_null(p = pw_path_join("out//", "a.md"));
	assert_string_equal(p, "out/a.md");
	free(p);
	assert_non_null(p = pw_path_joinf("out/", "%s-answered.%s", "SMC-6", "html"));
	assert_string_equal(p, "out/SMC-6-answered.html");
	free(p);
	assert_non_null(p = pw_path_joinf("/tmp/forms", "%s.pdf", "x"));
	assert_string_equal(p, "/tmp/forms/x.pdf");
	free(p);
	memset(long_id, 'i', 5000);
	long_id[5000] = '\0';
	assert_non_null(p = pw_path_joinf("d", "%s.md", long_id));
	assert_int_equal(strlen(p), 2 + 5000 + 3);
	assert_memory_equal(p, "d/iii", 5);
	assert_string_equal(p + 2 + 5000, ".md");
	free(p);
	free(long_id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_dir_create, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tree_remove, setup, teardown),
	    cmocka_unit_test(test_check_object),
	    cmocka_unit_test(test_path_join),
	};
	return cmocka_run_group_tests_name("fileio", tests, NULL, NULL);
}
