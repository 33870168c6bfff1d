/* Staged file sets: nothing visible before apply; apply puts every file in
 * place or, when one cannot be placed, restores the others; undo restores
 * replaced files and removes the directories the set made; scratch files are
 * never placed; nothing of the staging directory is left. */
#include "testutil.h"

#include "scratch.h"

#include "util/error.h"
#include "util/stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int exists(const char *rel)
{
	struct stat sb;
	char *p = scratch_path(rel);
	int r = lstat(p, &sb) == 0;
	free(p);
	return r;
}

static void assert_text(const char *rel, const char *want)
{
	char *p = scratch_path(rel), *text = tu_read(p);
	free(p);
	if (!text)
		fail_msg("%s: missing", rel);
	assert_string_equal(text, want);
	free(text);
}

/* No staging directory left in `rel`. */
static void assert_no_stage(const char *rel)
{
	assert_int_equal(tu_sh(NULL, NULL, "test -z \"$(ls -A '%s/%s' | grep pkiwatch-stage)\"",
	                       scratch_dir, rel),
	                 0);
}

static void test_apply_places_everything(void **state)
{
	pw_stage st;
	char *base, *a, *b, *c;
	const char *tmp = NULL, *scratch = NULL;
	(void)state;
	scratch_new();
	base = scratch_path("out");
	a = scratch_path("out/t1/a.md");
	b = scratch_path("out/t2/b.md");
	c = scratch_path("out/t2/c.pdf");
	assert_int_equal(pw_stage_open(&st, base), 0);
	assert_int_equal(pw_stage_write(NULL, &st, a, "A\n", 2), 0);
	assert_int_equal(pw_stage_write(&tmp, &st, b, "B\n", 2), 0);
	assert_non_null(tmp);
	assert_int_equal(pw_stage_scratch(&scratch, &st, "x.html", "X", 1), 0);
	assert_int_equal(pw_stage_reserve(&tmp, &st, c), 0);
	tu_write(tmp, "%PDF"); /* as a renderer would */
	/* nothing visible yet but the base and the staging directory */
	assert_false(exists("out/t1"));
	assert_false(exists("out/t2"));
	assert_int_equal(pw_stage_apply(&st), 0);
	pw_stage_clear(&st);
	assert_text("out/t1/a.md", "A\n");
	assert_text("out/t2/b.md", "B\n");
	assert_text("out/t2/c.pdf", "%PDF");
	assert_false(exists("out/t2/x.html"));
	assert_no_stage("out");
	assert_int_equal(
	    tu_sh(NULL, NULL, "test $(find '%s/out' -type f | wc -l) = 3", scratch_dir), 0);
	free(base);
	free(a);
	free(b);
	free(c);
}

/* The second target cannot be placed (a directory is in its way): the first,
 * which replaced an older file, is put back; the directories made go. */
static void test_failed_apply_restores(void **state)
{
	pw_stage st;
	char *base, *a, *b, *n;
	(void)state;
	scratch_new();
	assert_int_equal(
	    tu_sh(NULL, NULL, "mkdir -p '%s/out/t1' '%s/out/t3/b.md'", scratch_dir, scratch_dir),
	    0);
	base = scratch_path("out");
	a = scratch_path("out/t1/a.md");
	b = scratch_path("out/t3/b.md");
	n = scratch_path("out/t2/new.md");
	tu_write(a, "old\n");
	assert_int_equal(pw_stage_open(&st, base), 0);
	assert_int_equal(pw_stage_write(NULL, &st, a, "new\n", 4), 0);
	assert_int_equal(pw_stage_write(NULL, &st, n, "N\n", 2), 0);
	assert_int_equal(pw_stage_write(NULL, &st, b, "B\n", 2), 0);
	assert_int_equal(pw_stage_apply(&st), PW_ERROR);
	if (!strstr(pw_error_last(), "out/t3/b.md: is a directory"))
		fail_msg("%s", pw_error_last());
	pw_stage_clear(&st);
	assert_text("out/t1/a.md", "old\n");
	assert_false(exists("out/t2")); /* made by the set: removed */
	assert_no_stage("out");
	free(base);
	free(a);
	free(b);
	free(n);
}

/* Undo after a successful apply (a later step failed): replaced files come
 * back, new ones go, and so do the directories the set made, up to the base. */
static void test_undo_after_apply(void **state)
{
	pw_stage st;
	char *base, *a, *n;
	(void)state;
	scratch_new();
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s/keep'", scratch_dir), 0);
	base = scratch_path("keep/out");
	a = scratch_path("keep/out/t1/a.md");
	n = scratch_path("keep/out/t2/n.md");
	assert_int_equal(pw_stage_open(&st, base), 0);
	assert_int_equal(pw_stage_write(NULL, &st, a, "A\n", 2), 0);
	assert_int_equal(pw_stage_apply(&st), 0);
	pw_stage_clear(&st);
	assert_text("keep/out/t1/a.md", "A\n");

	assert_int_equal(pw_stage_open(&st, base), 0);
	assert_int_equal(pw_stage_write(NULL, &st, a, "A2\n", 3), 0);
	assert_int_equal(pw_stage_write(NULL, &st, n, "N\n", 2), 0);
	assert_int_equal(pw_stage_apply(&st), 0);
	assert_text("keep/out/t1/a.md", "A2\n");
	assert_text("keep/out/t2/n.md", "N\n");
	pw_stage_undo(&st);
	pw_stage_clear(&st);
	assert_text("keep/out/t1/a.md", "A\n");
	assert_false(exists("keep/out/t2"));
	assert_no_stage("keep/out");

	/* a set never applied removes the base it made */
	free(base);
	base = scratch_path("keep/fresh/out");
	assert_int_equal(pw_stage_open(&st, base), 0);
	assert_true(exists("keep/fresh/out"));
	assert_int_equal(pw_stage_write(NULL, &st, a, "x", 1), 0);
	pw_stage_clear(&st);
	assert_false(exists("keep/fresh"));
	assert_true(exists("keep"));
	assert_text("keep/out/t1/a.md", "A\n");
	free(base);
	free(a);
	free(n);
}

static void test_open_fails_on_file(void **state)
{
	pw_stage st;
	char *base;
	(void)state;
	scratch_new();
	base = scratch_path("file/out");
	scratch_put("file", "x");
	assert_int_equal(pw_stage_open(&st, base), PW_ERROR);
	if (!strstr(pw_error_last(), "exists and is not a directory"))
		fail_msg("%s", pw_error_last());
	pw_stage_clear(&st); /* harmless after a failed open */
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_apply_places_everything, scratch_teardown),
	    cmocka_unit_test_teardown(test_failed_apply_restores, scratch_teardown),
	    cmocka_unit_test_teardown(test_undo_after_apply, scratch_teardown),
	    cmocka_unit_test_teardown(test_open_fails_on_file, scratch_teardown),
	};
	return cmocka_run_group_tests_name("stage", tests, NULL, NULL);
}
