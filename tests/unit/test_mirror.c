/* lib/mirror and lib/lock against real upstream histories (local paths). */
#include "testutil.h"

#include "util/error.h"
#include "util/lock.h"
#include "upstream/mirror.h"
#include "upstream/packcopy.h"
#include "servers.h"
#include "core/sources.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pw_sources *sources;
static char *dir, *up, *cache;

static int setup(void **state)
{
	(void)state;
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	git_libgit2_init();
	return pw_sources_load_default(&sources) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	pw_sources_free(sources);
	git_libgit2_shutdown();
	return 0;
}

/* A writable copy of two upstream repositories, and an empty cache. */
static int each_setup(void **state)
{
	const char *real = tu_upstream();
	(void)state;
	dir = tu_tempdir();
	up = malloc(strlen(dir) + 8);
	cache = malloc(strlen(dir) + 8);
	sprintf(up, "%s/up", dir);
	sprintf(cache, "%s/cache", dir);
	if (real &&
	    tu_sh(NULL, NULL,
	          "mkdir -p '%s' && git clone -q --mirror '%s/cabforum-smime.git' "
	          "'%s/cabforum-smime.git' && git clone -q --mirror '%s/cabforum-netsec.git' "
	          "'%s/cabforum-netsec.git'",
	          up, real, up, real, up) != 0)
		return -1;
	return 0;
}

static int each_teardown(void **state)
{
	(void)state;
	tu_servers_stop_all(); /* a failed assertion skips the test's own stop */
	tu_rmrf(dir);
	free(dir);
	free(up);
	free(cache);
	return 0;
}

static const pw_source *src(const char *id)
{
	const pw_source *s = pw_sources_find(sources, id);
	assert_non_null(s);
	return s;
}

static char *url_of(const char *id)
{
	char *u = pw_sources_fetch_url(src(id), up);
	assert_non_null(u);
	return u;
}

/* The output of a shell command, without trailing newlines; the command must succeed. */
static char *git_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *git_out(const char *fmt, ...)
{
	char cmd[8192], *out = NULL;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(tu_sh(&out, NULL, "%s", cmd), 0);
	n = strlen(out);
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	return out;
}

static void mirror_ok(pw_mirror_result *r, const char *id)
{
	char *url = url_of(id);
	int rc = pw_mirror_source(r, cache, src(id), url, NULL);
	if (rc != 0)
		fail_msg("%s", r->error);
	free(url);
}

static void test_clone_then_fetch(void **state)
{
	pw_mirror_result r;
	char *head, *count, *refs_up, *refs_m, path[4096];
	(void)state;
	tu_upstream_or_skip();

	mirror_ok(&r, "cabforum-smime");
	assert_true(r.cloned);
	assert_string_equal(r.old_head, "");
	snprintf(path, sizeof(path), "%s/cabforum-smime.git", cache);
	assert_string_equal(r.path, path);
	head = git_out("git -C '%s/%s' rev-parse main", up, "cabforum-smime.git");
	assert_string_equal(r.new_head, head);
	count = git_out("git -C '%s/%s' rev-list --count main", up, "cabforum-smime.git");
	assert_int_equal(r.new_commits, strtoul(count, NULL, 10));
	free(count);
	/* every branch and tag, and HEAD on the default branch */
	refs_up = git_out("git -C '%s/%s' for-each-ref", up, "cabforum-smime.git");
	refs_m = git_out("git -C '%s/%s' for-each-ref", cache, "cabforum-smime.git");
	assert_string_equal(refs_m, refs_up);
	free(refs_up);
	free(refs_m);
	free(head);
	head = git_out("git -C '%s/%s' symbolic-ref HEAD", cache, "cabforum-smime.git");
	assert_string_equal(head, "refs/heads/main");
	free(head);
	pw_mirror_result_clear(&r);

	/* nothing changed upstream */
	mirror_ok(&r, "cabforum-smime");
	assert_false(r.cloned);
	assert_string_equal(r.old_head, r.new_head);
	assert_int_equal(r.new_commits, 0);
	assert_int_equal(r.nadded + r.nremoved, 0);
	pw_mirror_result_clear(&r);
}

static void test_incremental_counts_and_prunes(void **state)
{
	pw_mirror_result r;
	char *old, *now, *branches;
	char first[64];
	(void)state;
	tu_upstream_or_skip();

	/* upstream 3 commits behind, then catches up, drops a branch, adds one */
	now = git_out("git -C '%s/%s' rev-parse main", up, "cabforum-smime.git");
	old = git_out("git -C '%s/%s' rev-parse main~3", up, "cabforum-smime.git");
	assert_int_equal(tu_sh(NULL, NULL,
	                       "git -C '%s/cabforum-smime.git' update-ref refs/heads/main %s", up,
	                       old),
	                 0);
	mirror_ok(&r, "cabforum-smime");
	pw_mirror_result_clear(&r);

	branches = git_out("git -C '%s/%s' for-each-ref --format='%%(refname:short)' refs/heads "
	                   "| grep -v '^main$' | head -1",
	                   up, "cabforum-smime.git");
	assert_true(strlen(branches) > 0 && strlen(branches) < sizeof(first));
	strcpy(first, branches);
	free(branches);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s/cabforum-smime.git' && git update-ref refs/heads/main %s && "
	                       "git update-ref -d 'refs/heads/%s' && "
	                       "git update-ref refs/heads/ballot-new %s",
	                       up, now, first, old),
	                 0);
	mirror_ok(&r, "cabforum-smime");
	assert_string_equal(r.old_head, old);
	assert_string_equal(r.new_head, now);
	assert_int_equal(r.new_commits, 3);
	assert_int_equal(r.nadded, 1);
	assert_string_equal(r.added[0], "ballot-new");
	assert_int_equal(r.nremoved, 1);
	assert_string_equal(r.removed[0], first);
	/* the deleted branch is gone from the mirror too */
	assert_int_not_equal(
	    tu_sh(NULL, NULL,
	          "git -C '%s/cabforum-smime.git' rev-parse -q --verify 'refs/heads/%s'", cache,
	          first),
	    0);
	pw_mirror_result_clear(&r);
	free(old);
	free(now);
}

/* --reclone replaces a mirror only once the new clone is complete */
static void test_failed_reclone_keeps_the_mirror(void **state)
{
	pw_mirror_opts o = PW_MIRROR_OPTS_INIT;
	pw_mirror_result r;
	char *head;
	(void)state;
	tu_upstream_or_skip();

	mirror_ok(&r, "cabforum-smime");
	pw_mirror_result_clear(&r);
	o.reclone = 1;
	assert_int_equal(pw_mirror_source(&r, cache, src("cabforum-smime"),
	                                  "/nonexistent/pkiwatch/cabforum-smime.git", &o),
	                 PW_ERROR);
	pw_mirror_result_clear(&r);
	head = git_out("git -C '%s/cabforum-smime.git' rev-parse main", cache);
	assert_int_equal(strlen(head), 40);
	free(head);
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q '^\\.'", cache), 1);

	/* a run killed between moving the old mirror aside and putting the new one
	 * in place: the old one comes back */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && mv cabforum-smime.git .cabforum-smime.git.old && mkdir "
	                       ".cabforum-smime.git.new",
	                       cache),
	                 0);
	mirror_ok(&r, "cabforum-smime");
	assert_false(r.cloned);
	assert_string_equal(r.old_head, r.new_head);
	pw_mirror_result_clear(&r);
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q '^\\.'", cache), 1);
}

static void test_corrupt_entry_then_reclone(void **state)
{
	pw_mirror_opts o = PW_MIRROR_OPTS_INIT;
	pw_mirror_result r;
	char path[4096], *url = NULL;
	(void)state;
	tu_upstream_or_skip();

	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s/cabforum-smime.git' && echo junk > "
	                       "'%s/cabforum-smime.git/HEAD'",
	                       cache, cache),
	                 0);
	url = url_of("cabforum-smime");
	assert_int_equal(pw_mirror_source(&r, cache, src("cabforum-smime"), url, NULL), PW_ERROR);
	assert_non_null(strstr(r.error, "not a valid bare git repository"));
	assert_non_null(strstr(r.error, "pkiwatch mirror --reclone"));
	assert_non_null(strstr(r.error, "cabforum-smime.git"));
	pw_mirror_result_clear(&r);

	o.reclone = 1;
	assert_int_equal(pw_mirror_source(&r, cache, src("cabforum-smime"), url, &o), 0);
	assert_true(r.cloned);
	pw_mirror_result_clear(&r);
	snprintf(path, sizeof(path), "%s/cabforum-smime.git", cache);
	assert_int_equal(tu_sh(NULL, NULL, "git -C '%s' fsck --no-progress", path), 0);
	free(url);
}

/* The requests `git daemon` served, from the GIT_TRACE file of the daemon. */
static int upload_packs(const char *trace)
{
	char *text = tu_read(trace), *p;
	int n = 0;

	assert_non_null(text);
	for (p = text; (p = strstr(p, "built-in: git upload-pack")); p++)
		n++;
	free(text);
	return n;
}

/* Every file and directory of a mirror with size, mtime and inode. */
static char *tree_state(const char *path)
{
	return git_out("cd '%s' && find . -printf '%%p %%s %%T@ %%i\\n' | sort", path);
}

static void same_refs_as_upstream(const char *name)
{
	char *a = git_out("git -C '%s/%s' for-each-ref", up, name);
	char *b = git_out("git -C '%s/%s' for-each-ref", cache, name);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* An existing mirror costs one ref advertisement whatever happened upstream:
 * nothing changed → nothing fetched and nothing written; new commits, a new
 * tag, a deleted branch → fetched or pruned over that same connection. */
static void test_one_advertisement_per_run(void **state)
{
	pw_mirror_result r;
	tu_server d;
	char *now, *old, *trace, *env[2], *url, *before, *after, *branch, mirror[4096];
	const char *id = "cabforum-smime";
	(void)state;
	tu_upstream_or_skip();

	now = git_out("git -C '%s/%s.git' rev-parse main", up, id);
	old = git_out("git -C '%s/%s.git' rev-parse main~3", up, id);
	assert_int_equal(
	    tu_sh(NULL, NULL, "git -C '%s/%s.git' update-ref refs/heads/main %s", up, id, old), 0);
	assert_true(asprintf(&trace, "%s/daemon.trace", dir) > 0);
	assert_true(asprintf(&env[0], "GIT_TRACE=%s", trace) > 0);
	env[1] = NULL;
	tu_git_daemon_start(&d, up, (const char *const *)env);
	assert_true(asprintf(&url, "%s/%s.git", d.url, id) > 0);
	snprintf(mirror, sizeof(mirror), "%s/%s.git", cache, id);

	assert_int_equal(pw_mirror_source(&r, cache, src(id), url, NULL), 0);
	assert_true(r.cloned);
	pw_mirror_result_clear(&r);
	assert_int_equal(upload_packs(trace), 1);

	/* nothing new: one advertisement, nothing written (not even FETCH_HEAD) */
	before = tree_state(mirror);
	assert_int_equal(pw_mirror_source(&r, cache, src(id), url, NULL), 0);
	assert_false(r.cloned);
	assert_string_equal(r.old_head, old);
	assert_string_equal(r.new_head, old);
	assert_int_equal(r.new_commits, 0);
	assert_int_equal(r.nadded + r.nremoved, 0);
	pw_mirror_result_clear(&r);
	assert_int_equal(upload_packs(trace), 2);
	after = tree_state(mirror);
	assert_string_equal(after, before);
	free(before);
	free(after);

	/* new commits and a new tag: fetched over the same connection */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s/%s.git' && git update-ref refs/heads/main %s && "
	                       "git tag pkiwatch-test-tag %s",
	                       up, id, now, now),
	                 0);
	assert_int_equal(pw_mirror_source(&r, cache, src(id), url, NULL), 0);
	assert_string_equal(r.old_head, old);
	assert_string_equal(r.new_head, now);
	assert_int_equal(r.new_commits, 3);
	pw_mirror_result_clear(&r);
	assert_int_equal(upload_packs(trace), 3);
	same_refs_as_upstream("cabforum-smime.git");

	/* only a branch deleted upstream: still pruned */
	branch = git_out("git -C '%s/%s.git' for-each-ref --format='%%(refname:short)' refs/heads "
	                 "| grep -v '^main$' | head -1",
	                 up, id);
	assert_true(*branch);
	assert_int_equal(
	    tu_sh(NULL, NULL, "git -C '%s/%s.git' update-ref -d 'refs/heads/%s'", up, id, branch),
	    0);
	assert_int_equal(pw_mirror_source(&r, cache, src(id), url, NULL), 0);
	assert_int_equal(r.new_commits, 0);
	assert_int_equal(r.nadded, 0);
	assert_int_equal(r.nremoved, 1);
	assert_string_equal(r.removed[0], branch);
	pw_mirror_result_clear(&r);
	assert_int_equal(upload_packs(trace), 4);
	same_refs_as_upstream("cabforum-smime.git");

	/* only a tag moved upstream: updated */
	assert_int_equal(
	    tu_sh(NULL, NULL, "git -C '%s/%s.git' tag -f pkiwatch-test-tag %s", up, id, old), 0);
	assert_int_equal(pw_mirror_source(&r, cache, src(id), url, NULL), 0);
	assert_int_equal(r.nadded + r.nremoved, 0);
	pw_mirror_result_clear(&r);
	assert_int_equal(upload_packs(trace), 5);
	same_refs_as_upstream("cabforum-smime.git");

	/* and quiet again */
	before = tree_state(mirror);
	assert_int_equal(pw_mirror_source(&r, cache, src(id), url, NULL), 0);
	assert_int_equal(r.new_commits + r.nadded + r.nremoved, 0);
	pw_mirror_result_clear(&r);
	after = tree_state(mirror);
	assert_string_equal(after, before);
	assert_int_equal(upload_packs(trace), 6);

	tu_server_stop(&d);
	free(before);
	free(after);
	free(branch);
	free(url);
	free(env[0]);
	free(trace);
	free(now);
	free(old);
}

/* What a run killed by kill -9 leaves behind: ref lock files and a half clone.
 * (The CLI test kills a real fetch; this one covers a kill during ref updates.) */
static void test_leftovers_of_killed_run(void **state)
{
	pw_mirror_result r;
	char *now, *old;
	(void)state;
	tu_upstream_or_skip();

	now = git_out("git -C '%s/%s' rev-parse main", up, "cabforum-smime.git");
	old = git_out("git -C '%s/%s' rev-parse main~2", up, "cabforum-smime.git");
	assert_int_equal(tu_sh(NULL, NULL,
	                       "git -C '%s/cabforum-smime.git' update-ref refs/heads/main %s", up,
	                       old),
	                 0);
	mirror_ok(&r, "cabforum-smime");
	pw_mirror_result_clear(&r);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && : > cabforum-smime.git/refs/heads/main.lock && "
	                       ": > cabforum-smime.git/packed-refs.lock && "
	                       "mkdir -p .cabforum-netsec.git.new/objects && : > "
	                       ".cabforum-netsec.git.new/HEAD",
	                       cache),
	                 0);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "git -C '%s/cabforum-smime.git' update-ref refs/heads/main %s", up,
	                       now),
	                 0);
	mirror_ok(&r, "cabforum-smime");
	assert_string_equal(r.new_head, now);
	assert_int_equal(r.new_commits, 2);
	pw_mirror_result_clear(&r);
	mirror_ok(&r, "cabforum-netsec");
	assert_true(r.cloned);
	pw_mirror_result_clear(&r);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && test ! -e .cabforum-netsec.git.new && "
	                       "test ! -e cabforum-smime.git/packed-refs.lock && "
	                       "test ! -e cabforum-smime.git/refs/heads/main.lock && "
	                       "git -C cabforum-smime.git fsck --no-progress",
	                       cache),
	                 0);
	free(now);
	free(old);
}

static void test_one_missing_upstream_others_complete(void **state)
{
	const pw_source *srcs[2];
	char *urls[2];
	pw_mirror_result res[2];
	(void)state;
	tu_upstream_or_skip();

	srcs[0] = src("cabforum-smime");
	srcs[1] = src("cabforum-netsec");
	urls[0] = url_of("cabforum-smime");
	urls[1] = strdup("/nonexistent/pkiwatch/cabforum-netsec.git");
	assert_int_equal(pw_mirror_all(res, cache, srcs, urls, 2, NULL), PW_ERROR);
	assert_int_equal(res[0].status, 0);
	assert_true(res[0].cloned);
	assert_int_equal(res[1].status, PW_ERROR);
	assert_non_null(strstr(res[1].error, "cabforum-netsec"));
	assert_non_null(strstr(res[1].error, "/nonexistent/pkiwatch/cabforum-netsec.git"));
	assert_non_null(strstr(pw_error_last(), "1 of 2 sources failed"));
	/* nothing half-made is left for the failed one */
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -c netsec", cache), 1);
	pw_mirror_result_clear(&res[0]);
	pw_mirror_result_clear(&res[1]);
	free(urls[0]);
	free(urls[1]);
}

/* A server that accepts and then says nothing fails its source within the
 * bound, with a message naming the source and the URL; the other source
 * completes. */
static void test_silent_server_bounded_others_complete(void **state)
{
	pw_mirror_opts o = PW_MIRROR_OPTS_INIT;
	const pw_source *srcs[2];
	char *urls[2];
	pw_mirror_result res[2];
	tu_server h;
	(void)state;
	tu_upstream_or_skip();

	tu_hostile_start(&h, NULL, 0);
	srcs[0] = src("cabforum-smime");
	srcs[1] = src("cabforum-netsec");
	urls[0] = url_of("cabforum-smime");
	assert_true(asprintf(&urls[1], "%s/cabforum-netsec.git", h.url) > 0);
	o.timeout = 1;
	assert_int_equal(pw_mirror_all(res, cache, srcs, urls, 2, &o), PW_ERROR);
	assert_int_equal(res[0].status, 0);
	assert_true(res[0].cloned);
	assert_int_equal(res[1].status, PW_ERROR);
	tu_assert_has(res[1].error, "cabforum-netsec: ");
	tu_assert_has(res[1].error, urls[1]);
	tu_assert_has(res[1].error, "no progress for 1 s");
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -c netsec", cache), 1);
	pw_mirror_result_clear(&res[0]);
	pw_mirror_result_clear(&res[1]);
	tu_server_stop(&h);
	free(urls[0]);
	free(urls[1]);
}

static void test_local_upstream_packs_are_shared(void **state)
{
	pw_mirror_result r;
	char *p;
	(void)state;
	tu_upstream_or_skip();

	p = pw_packcopy_local_path("file:///srv/x.git");
	assert_string_equal(p, "/srv/x.git");
	free(p);
	p = pw_packcopy_local_path("../up/x.git");
	assert_string_equal(p, "../up/x.git");
	free(p);
	assert_null(pw_packcopy_local_path("https://github.com/cabforum/smime"));
	assert_null(pw_packcopy_local_path("git://127.0.0.1:9418/x.git"));
	assert_null(pw_packcopy_local_path("git@github.com:cabforum/smime"));

	/* every upstream pack appears in the mirror under its own name */
	assert_int_equal(tu_sh(NULL, NULL, "git -C '%s/cabforum-smime.git' repack -adq", up), 0);
	mirror_ok(&r, "cabforum-smime");
	assert_true(r.cloned);
	pw_mirror_result_clear(&r);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s/cabforum-smime.git/objects/pack' && for f in *.pack *.idx; do "
	          "cmp -s $f '%s/cabforum-smime.git/objects/pack/'$f || exit 1; done; "
	          "! ls '%s/cabforum-smime.git/objects/pack' | grep -q tmp_",
	          up, cache, cache),
	    0);
	assert_int_equal(
	    tu_sh(NULL, NULL, "git -C '%s/cabforum-smime.git' fsck --no-progress", cache), 0);
}

static void on_wait(const char *path, void *payload)
{
	(void)path;
	(*(int *)payload)++;
}

static void test_lock_excludes(void **state)
{
	pw_lock *a = NULL, *b = NULL;
	char path[4096];
	int waits = 0;
	(void)state;

	snprintf(path, sizeof(path), "%s/.lock", dir);
	assert_int_equal(pw_lock_acquire(&a, path, 0, NULL, NULL), 0);
	/* a second open file description conflicts, as another process would */
	assert_int_equal(pw_lock_acquire(&b, path, 0, on_wait, &waits), PW_ELOCKED);
	assert_null(b);
	assert_non_null(strstr(pw_error_last(), "locked by another pkiwatch run"));
	assert_int_equal(waits, 0); /* timeout 0: no waiting, no message */
	assert_int_equal(pw_lock_acquire(&b, path, 1, on_wait, &waits), PW_ELOCKED);
	assert_int_equal(waits, 1);
	assert_non_null(strstr(pw_error_last(), "gave up after 1 s"));
	pw_lock_release(a);
	assert_int_equal(pw_lock_acquire(&b, path, 0, NULL, NULL), 0);
	pw_lock_release(b);
}

/* A lock file that is a symbolic link (a poisoned cache) is replaced, never
 * followed: the file it points to is not created. A FIFO there neither hangs
 * nor is taken for a lock. */
static void test_lock_does_not_follow_links(void **state)
{
	pw_lock *a = NULL;
	char path[4096], outside[4096];
	struct stat st;
	(void)state;

	snprintf(path, sizeof(path), "%s/.lock", dir);
	snprintf(outside, sizeof(outside), "%s/outside", dir);
	assert_int_equal(symlink(outside, path), 0);
	assert_int_equal(pw_lock_acquire(&a, path, 0, NULL, NULL), 0);
	assert_int_equal(lstat(outside, &st), -1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	pw_lock_release(a);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(pw_lock_acquire(&a, path, 0, NULL, NULL), PW_ERROR);
	assert_null(a);
	tu_assert_has(pw_error_last(), "not a regular file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_clone_then_fetch, each_setup, each_teardown),
	    cmocka_unit_test_setup_teardown(test_incremental_counts_and_prunes, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_reclone_keeps_the_mirror, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_corrupt_entry_then_reclone, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_leftovers_of_killed_run, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_one_missing_upstream_others_complete, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_silent_server_bounded_others_complete, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_local_upstream_packs_are_shared, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_lock_excludes, each_setup, each_teardown),
	    cmocka_unit_test_setup_teardown(test_lock_does_not_follow_links, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_one_advertisement_per_run, each_setup,
	                                    each_teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
