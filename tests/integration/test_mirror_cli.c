/* `pkiwatch mirror` driven as a program: output, exit statuses and faults. */
#include "testutil.h"

#include "servers.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir, *up, *cache, *config;

/* Two sources from writable copies of the real histories, a config, a cache. */
static int each_setup(void **state)
{
	const char *real = tu_upstream();
	(void)state;
	dir = tu_tempdir();
	assert_true(asprintf(&up, "%s/up", dir) > 0);
	assert_true(asprintf(&cache, "%s/cache", dir) > 0);
	assert_true(asprintf(&config, "%s/pkiwatch.json", dir) > 0);
	tu_write(config,
	         "{\"repository\": \"example/compliance\",\n"
	         " \"sources\": [\"cabforum-smime\", \"cabforum-netsec\"],\n"
	         " \"officers\": [{\"name\": \"A. Officer\", \"email\": \"a@example.org\"}]}\n");
	if (real &&
	    tu_sh(NULL, NULL,
	          "mkdir -p '%s' && for s in cabforum-smime cabforum-netsec; do git clone -q "
	          "--mirror '%s/'$s.git '%s/'$s.git || exit 1; done",
	          up, real, up) != 0)
		return -1;
	return 0;
}

static int each_teardown(void **state)
{
	(void)state;
	tu_servers_stop_all();
	tu_rmrf(dir);
	free(dir);
	free(up);
	free(cache);
	free(config);
	return 0;
}

/* Runs pkiwatch mirror with `env` (shell assignments) and `args`. */
static int mirror(char **out, char **err, const char *env, const char *args)
{
	return tu_sh(out, err, "%s '%s' --config '%s' --cache '%s' mirror %s", env, tu_bin(),
	             config, cache, args);
}

static char *sh_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sh_out(const char *fmt, ...)
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

static void test_output_text_and_json(void **state)
{
	char *out = NULL, *err = NULL, *env, *now, *old, *line, *first;
	cJSON *json, *item;
	(void)state;
	tu_upstream_or_skip();

	now = sh_out("git -C '%s/cabforum-smime.git' rev-parse main", up);
	old = sh_out("git -C '%s/cabforum-smime.git' rev-parse main~4", up);
	first = sh_out("git -C '%s/cabforum-smime.git' for-each-ref --format='%%(refname:short)' "
	               "refs/heads | grep -vx main | head -1",
	               up);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "git -C '%s/cabforum-smime.git' update-ref refs/heads/main %s", up,
	                       old),
	                 0);
	/* first run, through a file:// URL: clones */
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM='file://%s'", up) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_string_equal(err, "");
	assert_true(asprintf(&line, "cabforum-smime: cloned, main at %.7s (", old) > 0);
	assert_non_null(strstr(out, line));
	assert_non_null(strstr(out, "cabforum-netsec: cloned, main at "));
	free(line);
	free(out);
	free(err);
	free(env);

	/* upstream moves: 4 commits, one branch deleted, one added; plain path this time */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s/cabforum-smime.git' && git update-ref refs/heads/main %s && "
	                       "git update-ref -d 'refs/heads/%s' && git update-ref "
	                       "refs/heads/ballot-new %s",
	                       up, now, first, old),
	                 0);
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM='%s'", up) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_string_equal(err, "");
	assert_true(asprintf(&line,
	                     "cabforum-smime: main %.7s..%.7s, 4 new commits; branches "
	                     "+ballot-new, -%s\n",
	                     old, now, first) > 0);
	assert_non_null(strstr(out, line));
	assert_non_null(strstr(out, "cabforum-netsec: main "));
	assert_non_null(strstr(out, ", unchanged\n"));
	free(line);
	free(out);
	free(err);

	/* JSON: only JSON on stdout */
	assert_int_equal(mirror(&out, &err, env, "--format json"), 0);
	assert_string_equal(err, "");
	json = cJSON_Parse(out);
	assert_non_null(json);
	assert_int_equal(cJSON_GetArraySize(json), 2);
	item = cJSON_GetArrayItem(json, 0);
	assert_string_equal(cJSON_GetObjectItem(item, "source")->valuestring, "cabforum-smime");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(item, "ok")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(item, "cloned")));
	assert_string_equal(cJSON_GetObjectItem(item, "old_head")->valuestring, now);
	assert_string_equal(cJSON_GetObjectItem(item, "new_head")->valuestring, now);
	assert_int_equal(cJSON_GetObjectItem(item, "new_commits")->valueint, 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(item, "branches_added")), 0);
	cJSON_Delete(json);
	free(out);
	free(err);
	free(env);
	free(now);
	free(old);
	free(first);
}

static void test_bad_config_and_usage_exit_2(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;

	tu_write(config, "{\"repository\": \"example/compliance\", \"officers\": [}");
	assert_int_equal(mirror(&out, &err, "", ""), 2);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_non_null(strstr(err, "pkiwatch.json"));
	assert_non_null(strchr(err, '\n'));
	assert_string_equal(strchr(err, '\n') + 1, ""); /* one line */
	free(out);
	free(err);
	tu_write(config, "{\"repository\": \"example/compliance\", \"sources\": [\"nope\"], "
	                 "\"officers\": [{\"name\": \"A\", \"email\": \"a@example.org\"}]}");
	assert_int_equal(mirror(&out, &err, "", ""), 2);
	assert_non_null(strstr(err, "$.sources[0]"));
	free(out);
	free(err);
	/* nothing written */
	assert_int_not_equal(access(cache, F_OK), 0);
	assert_int_equal(mirror(&out, &err, "", "--format yaml"), 2);
	assert_non_null(strstr(err, "--format"));
	free(out);
	free(err);
	tu_write(config, "{\"repository\": \"example/compliance\", \"officers\": "
	                 "[{\"name\": \"A\", \"email\": \"a@example.org\"}]}");
	assert_int_equal(mirror(&out, &err, "PKIWATCH_LOCK_TIMEOUT=soon", ""), 2);
	assert_non_null(strstr(err, "PKIWATCH_LOCK_TIMEOUT"));
	free(out);
	free(err);
}

static void test_missing_and_unreachable_upstream(void **state)
{
	char *out = NULL, *err = NULL, *env;
	(void)state;
	tu_upstream_or_skip();

	/* netsec missing from the upstream directory: it fails, smime completes */
	assert_int_equal(tu_sh(NULL, NULL, "rm -rf '%s/cabforum-netsec.git'", up), 0);
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM='%s'", up) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 1);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	assert_null(strstr(out, "cabforum-netsec"));
	assert_non_null(strstr(err, "pkiwatch: cabforum-netsec: "));
	assert_non_null(strstr(err, "cabforum-netsec.git"));
	assert_int_not_equal(access(cache, F_OK), -1);
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q netsec", cache), 1);
	free(out);
	free(err);
	free(env);

	/* nothing listens on the port: a clear failure per source, exit 1 */
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=git://127.0.0.1:%d", tu_free_port()) > 0);
	assert_int_equal(mirror(&out, &err, env, "--format json"), 1);
	assert_non_null(strstr(err, "pkiwatch: cabforum-smime: git://127.0.0.1:"));
	assert_non_null(strstr(err, "pkiwatch: cabforum-netsec: git://127.0.0.1:"));
	assert_non_null(strstr(out, "\"ok\":\tfalse"));
	free(out);
	free(err);
	free(env);

	/* credentials in the upstream URL never appear in messages */
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=https://bot:s3cret-t0ken@127.0.0.1:%d/git",
	                     tu_free_port()) > 0);
	assert_int_equal(mirror(&out, &err, env, "--format json"), 1);
	assert_non_null(strstr(err, "pkiwatch: cabforum-smime: https://***@127.0.0.1:"));
	assert_null(strstr(err, "s3cret"));
	assert_null(strstr(out, "s3cret"));
	free(out);
	free(err);
	free(env);
}

static void test_corrupt_entry_needs_reclone(void **state)
{
	char *out = NULL, *err = NULL, *env;
	(void)state;
	tu_upstream_or_skip();

	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM='%s'", up) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	free(out);
	free(err);
	/* a broken entry: objects directory gone */
	assert_int_equal(tu_sh(NULL, NULL, "rm -rf '%s/cabforum-netsec.git/objects'", cache), 0);
	assert_int_equal(mirror(&out, &err, env, ""), 1);
	assert_non_null(strstr(err, "cabforum-netsec.git: not a valid bare git repository"));
	assert_non_null(strstr(err, "run 'pkiwatch mirror --reclone'"));
	assert_non_null(strstr(out, "cabforum-smime: main"));
	free(out);
	free(err);
	assert_int_equal(mirror(&out, &err, env, "--reclone"), 0);
	assert_non_null(strstr(out, "cabforum-netsec: cloned"));
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	free(out);
	free(err);
	assert_int_equal(
	    tu_sh(NULL, NULL, "git -C '%s/cabforum-netsec.git' fsck --no-progress", cache), 0);
	free(env);
}

/* Another process (util-linux flock) holds the cache lock: a run with a short
 * timeout fails clearly and leaves the cache alone. */
static void test_lock_held_times_out(void **state)
{
	char *out = NULL, *err = NULL, *env, *fifo, *held;
	pid_t holder;
	(void)state;
	tu_upstream_or_skip();

	assert_int_equal(mkdir(cache, 0755), 0);
	assert_true(asprintf(&fifo, "%s/release", dir) > 0);
	assert_true(asprintf(&held, "%s/held", dir) > 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* timeout: the holder ends by itself should the test fail before releasing it */
	holder = tu_spawn("exec timeout 120 flock '%s/.lock' sh -c ': > \"%s\"; read x < \"%s\"'",
	                  cache, held, fifo);
	tu_wait_file(held, NULL, holder, 10000);

	assert_true(asprintf(&env, "PKIWATCH_LOCK_TIMEOUT=1 PKIWATCH_UPSTREAM='%s'", up) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 1);
	assert_non_null(strstr(err, "waiting up to 1 s for another pkiwatch run"));
	assert_non_null(strstr(err, "/.lock: locked by another pkiwatch run; gave up after 1 s"));
	assert_string_equal(out, "");
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -vx .lock", cache), 1);
	free(out);
	free(err);
	free(env);

	assert_int_equal(tu_sh(NULL, NULL, "echo go > '%s'", fifo), 0);
	assert_int_equal(tu_wait_exit(holder), 0);
	free(fifo);
	free(held);
}

/* A second run waits for the first and then completes. The "first run" is this
 * process holding the lock, released once the second says it is waiting. */
static void test_lock_second_run_waits(void **state)
{
	char *lock, *errf, *outf, *text;
	pid_t pid;
	int fd;
	(void)state;
	tu_upstream_or_skip();

	assert_int_equal(mkdir(cache, 0755), 0);
	assert_true(asprintf(&lock, "%s/.lock", cache) > 0);
	assert_true(asprintf(&errf, "%s/err", dir) > 0);
	assert_true(asprintf(&outf, "%s/out", dir) > 0);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	pid = tu_spawn("PKIWATCH_UPSTREAM='%s' exec '%s' --config '%s' --cache '%s' mirror >'%s' "
	               "2>'%s'",
	               up, tu_bin(), config, cache, outf, errf);
	tu_wait_file(errf, "waiting up to 600 s for another pkiwatch run", pid, 20000);
	text = tu_read(outf);
	assert_string_equal(text, ""); /* nothing done while waiting */
	free(text);
	close(fd);
	assert_int_equal(tu_wait_exit(pid), 0);
	text = tu_read(outf);
	assert_non_null(strstr(text, "cabforum-smime: cloned"));
	free(text);
	free(lock);
	free(errf);
	free(outf);
}

/* kill -9 during a fetch: the daemon's pack-objects hook sends part of the pack
 * and stalls; the run is killed; the mirror stays usable; the next run completes. */
static void test_kill9_during_fetch(void **state)
{
	char *hook, *gitcfg, *stall, *stalled, *fifo, *envv, *env, *out = NULL, *err = NULL, *text;
	char *old, *now;
	const char *denv[2];
	tu_server d;
	pid_t pid;
	(void)state;
	tu_upstream_or_skip();

	assert_true(asprintf(&hook, "%s/stall.sh", dir) > 0);
	assert_true(asprintf(&gitcfg, "%s/gitconfig", dir) > 0);
	assert_true(asprintf(&stall, "%s/stall", dir) > 0);
	assert_true(asprintf(&stalled, "%s/stalled", dir) > 0);
	assert_true(asprintf(&fifo, "%s/fifo", dir) > 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_true(asprintf(&text,
	                     "#!/bin/sh\n"
	                     "if [ -e '%s' ]; then\n"
	                     "  \"$@\" > '%s/pack.out'\n"
	                     "  head -c 20000 '%s/pack.out'\n"
	                     "  : > '%s'\n"
	                     "  read x < '%s'\n"
	                     "  exit 1\n"
	                     "fi\n"
	                     "exec \"$@\"\n",
	                     stall, dir, dir, stalled, fifo) > 0);
	tu_write(hook, text);
	free(text);
	assert_int_equal(chmod(hook, 0755), 0);
	assert_true(asprintf(&text, "[uploadpack]\n\tpackObjectsHook = %s\n", hook) > 0);
	tu_write(gitcfg, text);
	free(text);
	assert_true(asprintf(&envv, "GIT_CONFIG_GLOBAL=%s", gitcfg) > 0);
	denv[0] = envv;
	denv[1] = NULL;
	tu_git_daemon_start(&d, up, denv);
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s", d.url) > 0);

	/* 1. the first clone is killed: nothing appears; the next run clones */
	tu_write(stall, "");
	pid = tu_spawn("%s exec '%s' --config '%s' --cache '%s' mirror >/dev/null 2>&1", env,
	               tu_bin(), config, cache);
	tu_wait_file(stalled, NULL, pid, 20000);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(tu_wait_exit(pid), 128 + SIGKILL);
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q '^cabforum-'", cache), 1);
	unlink(stall);
	unlink(stalled);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	assert_non_null(strstr(out, "cabforum-netsec: cloned"));
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q '^\\.cabforum-'", cache), 1);
	free(out);
	free(err);

	/* 2. an incremental fetch is killed: the mirror keeps the old state */
	old = sh_out("git -C '%s/cabforum-smime.git' rev-parse main", up);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s/cabforum-smime.git' && b=$(head -c 300000 /dev/urandom | base64 | "
	          "git hash-object -w --stdin) && t=$(printf '100644 blob %%s\\tNEW.md\\n' $b | "
	          "git mktree) && c=$(git commit-tree $t -p main -m 'new ballot') && "
	          "git update-ref refs/heads/main $c",
	          up),
	    0);
	now = sh_out("git -C '%s/cabforum-smime.git' rev-parse main", up);
	tu_write(stall, "");
	pid = tu_spawn("%s exec '%s' --config '%s' --cache '%s' mirror >/dev/null 2>&1", env,
	               tu_bin(), config, cache);
	tu_wait_file(stalled, NULL, pid, 20000);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(tu_wait_exit(pid), 128 + SIGKILL);
	text = sh_out("git -C '%s/cabforum-smime.git' rev-parse main", cache);
	assert_string_equal(text, old);
	free(text);
	assert_int_equal(
	    tu_sh(NULL, NULL, "git -C '%s/cabforum-smime.git' fsck --no-progress", cache), 0);
	unlink(stall);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_true(asprintf(&text, "cabforum-smime: main %.7s..%.7s, 1 new commit\n", old, now) >
	            0);
	assert_non_null(strstr(out, text));
	free(text);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "git -C '%s/cabforum-smime.git' fsck --no-progress && ! ls "
	                       "'%s/cabforum-smime.git/objects/pack' | grep -q pack_git2_",
	                       cache, cache),
	                 0);
	free(out);
	free(err);

	/* unblock the stalled hook (its upload-pack may still wait), stop the daemon */
	tu_sh(NULL, NULL, "exec 3<>'%s'; echo go >&3", fifo);
	tu_server_stop(&d);
	free(old);
	free(now);
	free(hook);
	free(gitcfg);
	free(stall);
	free(stalled);
	free(fifo);
	free(envv);
	free(env);
}

static void test_progress_only_on_a_terminal(void **state)
{
	char *out = NULL, *err = NULL, *env;
	tu_server d;
	(void)state;
	tu_upstream_or_skip();
	if (tu_sh(NULL, NULL, "command -v script >/dev/null") != 0)
		skip();

	/* over git:// objects really arrive (a local upstream's packs are linked) */
	tu_git_daemon_start(&d, up, NULL);
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s", d.url) > 0);
	/* script(1) gives the command a terminal */
	assert_int_equal(
	    tu_sh(&out, NULL, "%s script -qec \"'%s' --config '%s' --cache '%s' mirror\" /dev/null",
	          env, tu_bin(), config, cache),
	    0);
	assert_non_null(strstr(out, "cabforum-smime: receiving objects"));
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	free(out);
	assert_int_equal(tu_sh(&out, NULL,
	                       "%s script -qec \"'%s' --config '%s' --cache '%s' mirror --quiet "
	                       "--reclone\" /dev/null",
	                       env, tu_bin(), config, cache),
	                 0);
	assert_null(strstr(out, "receiving objects"));
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	free(out);
	/* not a terminal: stderr stays empty */
	assert_int_equal(mirror(&out, &err, env, "--reclone"), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	free(out);
	free(err);
	tu_server_stop(&d);
	free(env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, each_setup, each_teardown)
	    T(test_output_text_and_json),
	    T(test_bad_config_and_usage_exit_2),
	    T(test_missing_and_unreachable_upstream),
	    T(test_corrupt_entry_needs_reclone),
	    T(test_lock_held_times_out),
	    T(test_lock_second_run_waits),
	    T(test_kill9_during_fetch),
	    T(test_progress_only_on_a_terminal),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
