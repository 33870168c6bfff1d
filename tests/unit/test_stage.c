/* Staged file sets: nothing visible before apply; apply puts every file in
 * place or, when one cannot be placed, restores the others; undo restores
 * replaced files and removes the directories the set made; scratch files are
 * never placed; nothing of the staging directory is left. */
#include "testutil.h"

#include "scratch.h"

#include "util/error.h"
#include "util/stage.h"
#include "util/stage_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
	assert_int_equal(pw_stage_apply(&st), PW_EINPUT);
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

/* The killed run: dies (no clean-up runs) once its first file is beside its
 * target. */
static void die_hook(const char *near, void *arg)
{
	(void)near;
	(void)arg;
	_exit(0);
}

/* The live run: says so on fds[0] and waits on fds[1] for the test (fds[2]
 * and fds[3], the test's ends, closed: a test that fails before letting it
 * go ends it). */
static void hold_hook(const char *near, void *arg)
{
	int *fds = arg;
	char c = 'x';
	(void)near;
	close(fds[2]);
	close(fds[3]);
	if (write(fds[0], &c, 1) != 1 || read(fds[1], &c, 1) != 1)
		_exit(3);
}

/* In a child: one set writing `rel` under `base`, with `hook`. */
static pid_t run_set(const char *base, const char *rel, void (*hook)(const char *, void *),
                     void *arg)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pw_stage st;
		char *target = scratch_path(rel);
		pw_stage_step_hook = hook;
		pw_stage_step_arg = arg;
		if (pw_stage_open(&st, base) < 0 ||
		    pw_stage_write(NULL, &st, target, "new\n", 4) < 0 || pw_stage_apply(&st) < 0)
			_exit(2);
		pw_stage_clear(&st);
		_exit(0);
	}
	return pid;
}

static int count_hidden(const char *rel)
{
	char *out = NULL;
	int n;
	assert_int_equal(
	    tu_sh(&out, NULL, "ls -A '%s/%s' | grep -c '^\\.pkiwatch-' || true", scratch_dir, rel),
	    0);
	n = atoi(out);
	free(out);
	return n;
}

/* A run killed while applying leaves its staging directory and hidden files
 * beside the targets (the staged copy, the previous content kept): the next
 * set opened in the same place removes them once they are stale (a minute
 * unchanged, unlocked), and leaves a live set's and files of no set alone. */
static void test_interrupted_set_cleaned(void **state)
{
	int hold[2], held[2], fds[4], status;
	pid_t killed, live;
	pw_stage st;
	char *base, c;
	(void)state;
	scratch_new();
	base = scratch_path("out");
	scratch_put("out/ledger/a.json", "old\n");
	scratch_put("out/ledger/.pkiwatch-zzzzzz-0-c.json", "not of a staging set\n");
	killed = run_set(base, "out/ledger/a.json", die_hook, NULL);
	assert_int_equal(waitpid(killed, &status, 0), killed);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* the killed run's staged copy and a.json's previous content */
	assert_int_equal(count_hidden("out/ledger"), 3);
	assert_text("out/ledger/a.json", "old\n");

	assert_int_equal(pipe(held), 0);
	assert_int_equal(pipe(hold), 0);
	fds[0] = held[1];
	fds[1] = hold[0];
	fds[2] = held[0];
	fds[3] = hold[1];
	live = run_set(base, "out/ledger/b.json", hold_hook, fds);
	close(held[1]);
	close(hold[0]);
	assert_int_equal(read(held[0], &c, 1), 1); /* its file is beside b.json */
	assert_int_equal(count_hidden("out/ledger"), 4);
	/* both staging directories a while old */
	assert_int_equal(
	    tu_sh(NULL, NULL, "touch -d '2 minutes ago' '%s'/out/.pkiwatch-stage-*", scratch_dir),
	    0);

	assert_int_equal(pw_stage_open(&st, base), 0);
	/* the killed run's files are gone; the live run's and the other stay */
	assert_int_equal(count_hidden("out/ledger"), 2);
	assert_true(exists("out/ledger/.pkiwatch-zzzzzz-0-c.json"));
	assert_text("out/ledger/a.json", "old\n");
	assert_int_equal(
	    tu_sh(NULL, NULL, "test $(ls -A '%s/out' | grep -c pkiwatch-stage) = 2", scratch_dir),
	    0);
	pw_stage_clear(&st);

	assert_int_equal(write(hold[1], "x", 1), 1);
	assert_int_equal(waitpid(live, &status, 0), live);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_text("out/ledger/b.json", "new\n");
	assert_int_equal(count_hidden("out/ledger"), 1);
	close(hold[1]);
	close(held[0]);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_apply_places_everything, scratch_teardown),
	    cmocka_unit_test_teardown(test_failed_apply_restores, scratch_teardown),
	    cmocka_unit_test_teardown(test_undo_after_apply, scratch_teardown),
	    cmocka_unit_test_teardown(test_open_fails_on_file, scratch_teardown),
	    cmocka_unit_test_teardown(test_interrupted_set_cleaned, scratch_teardown),
	};
	return cmocka_run_group_tests_name("stage", tests, NULL, NULL);
}
