/* `pkiwatch mirror` over real transports: git:// (git daemon) and https (git
 * http-backend behind lighttpd with TLS and a test CA), both on 127.0.0.1. */
#include "testutil.h"

#include "servers.h"
#include "upstream/tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir, *up, *cache, *config;

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

/* Runs pkiwatch mirror without inherited CA settings, with `env` and `args`. */
static int mirror(char **out, char **err, const char *env, const char *args)
{
	return tu_sh(out, err,
	             "env -u SSL_CERT_FILE -u PKIWATCH_CA_FILE %s '%s' --config '%s' --cache '%s' "
	             "mirror %s",
	             env, tu_bin(), config, cache, args);
}

static void same_refs(const char *name)
{
	char *a = NULL, *b = NULL;
	assert_int_equal(tu_sh(&a, NULL, "git -C '%s/%s' for-each-ref", up, name), 0);
	assert_int_equal(tu_sh(&b, NULL, "git -C '%s/%s' for-each-ref", cache, name), 0);
	assert_true(strlen(a) > 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void test_git_daemon(void **state)
{
	char *out = NULL, *err = NULL, *env;
	tu_server d;
	(void)state;
	tu_upstream_or_skip();

	tu_git_daemon_start(&d, up, NULL);
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s", d.url) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	assert_non_null(strstr(out, "cabforum-netsec: cloned"));
	same_refs("cabforum-smime.git");
	same_refs("cabforum-netsec.git");
	free(out);
	free(err);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_non_null(strstr(out, "cabforum-smime: main "));
	assert_null(strstr(out, "new commit"));
	free(out);
	free(err);
	/* three runs at once, each re-creating the mirrors: the cache lock
	 * serialises them, all succeed and the mirrors end up whole */
	{
		pid_t pids[3];
		int i;
		for (i = 0; i < 3; i++)
			pids[i] =
			    tu_spawn("env -u SSL_CERT_FILE %s '%s' --config '%s' --cache '%s' "
			             "mirror --reclone >/dev/null 2>&1",
			             env, tu_bin(), config, cache);
		for (i = 0; i < 3; i++)
			assert_int_equal(tu_wait_exit(pids[i]), 0);
	}
	same_refs("cabforum-smime.git");
	same_refs("cabforum-netsec.git");
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s' && git -C cabforum-smime.git fsck --no-progress && git -C "
	          "cabforum-netsec.git fsck --no-progress && ! ls -A | grep -q '^\\.c'",
	          cache),
	    0);
	tu_server_stop(&d);
	/* the daemon is gone: a clear failure, exit 1 */
	assert_int_equal(mirror(&out, &err, env, ""), 1);
	assert_non_null(strstr(err, "pkiwatch: cabforum-smime: git://127.0.0.1:"));
	free(out);
	free(err);
	free(env);
}

/* A server that accepts and then says nothing, over every transport: each
 * source fails within PKIWATCH_NETWORK_TIMEOUT (the run does not hang: `timeout`
 * would make it 124), with a message naming the source and the URL, and the
 * cache lock is free afterwards. */
static void test_silent_server_bounded(void **state)
{
	static const char *const schemes[] = {"git://", "http://", "https://", "ssh://git@"};
	char *out = NULL, *err = NULL, *env, *want;
	const char *const *id;
	static const char *const ids[] = {"cabforum-smime", "cabforum-netsec", NULL};
	tu_server h;
	size_t i;
	(void)state;

	tu_hostile_start(&h, NULL, 0);
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		assert_true(asprintf(&env,
		                     "PKIWATCH_NETWORK_TIMEOUT=2 PKIWATCH_LOCK_TIMEOUT=0 "
		                     "PKIWATCH_UPSTREAM=%s127.0.0.1:%d",
		                     schemes[i], h.port) > 0);
		assert_int_equal(
		    tu_sh(&out, &err,
		          "timeout 60 env -u SSL_CERT_FILE -u PKIWATCH_CA_FILE %s '%s' "
		          "--config '%s' --cache '%s' mirror",
		          env, tu_bin(), config, cache),
		    1);
		for (id = ids; *id; id++) {
			assert_true(
			    asprintf(&want,
			             "pkiwatch: %s: %s127.0.0.1:%d/%s.git: no progress for "
			             "2 s",
			             *id, strncmp(schemes[i], "ssh", 3) ? schemes[i] : "ssh://***@",
			             h.port, *id) > 0);
			tu_assert_has(err, want);
			free(want);
		}
		tu_assert_lacks(err, "waiting");
		free(out);
		free(err);
		free(env);
	}
	/* nothing half-made is left */
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -v '^\\.lock$' | grep -q .", cache),
	                 1);
	tu_server_stop(&h);
}

/* A hostile server's error text (escape sequences, BEL, line breaks, a line
 * that GitHub Actions would take for a workflow command, a forged pkiwatch
 * line) reaches stderr as one line per source, control characters replaced. */
static void test_server_error_text_is_one_line(void **state)
{
	static const char msg[] = "ERR \033[2J\033]0;owned\007\n::error file=x::forged\r\n"
	                          "pkiwatch: forged\n";
	char pkt[256], *out = NULL, *err = NULL, *line, *save = NULL;
	tu_server h;
	int n, lines = 0;
	(void)state;

	n = snprintf(pkt, sizeof(pkt), "%04zx%s", strlen(msg) + 4, msg);
	tu_hostile_start(&h, pkt, (size_t)n);
	assert_int_equal(tu_sh(&out, &err,
	                       "timeout 60 env PKIWATCH_NETWORK_TIMEOUT=5 PKIWATCH_UPSTREAM=%s "
	                       "'%s' --config '%s' --cache '%s' mirror",
	                       h.url, tu_bin(), config, cache),
	                 1);
	tu_assert_has(err, "::error file=x::forged");
	assert_null(strchr(err, '\033'));
	assert_null(strchr(err, '\007'));
	assert_null(strchr(err, '\r'));
	for (line = strtok_r(err, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "pkiwatch: cabforum-", 19) != 0)
			fail_msg("a line not from pkiwatch: '%s'", line);
		lines++;
	}
	assert_int_equal(lines, 2);
	free(out);
	free(err);
	tu_server_stop(&h);
}

/* How often `needle` occurs in the file at `path`. */
static int occurrences(const char *path, const char *needle)
{
	char *text = tu_read(path), *p;
	int n = 0;

	assert_non_null(text);
	for (p = text; (p = strstr(p, needle)); p++)
		n++;
	free(text);
	return n;
}

/* The connections opened while pkiwatch starts (lib/upstream/preconnect) are the ones
 * libgit2 uses: per run and source, the daemon sees one connection, which
 * asks for one upload-pack — none is opened in vain, none twice. */
static void test_git_daemon_one_connection_per_source(void **state)
{
	char *out = NULL, *err = NULL, *env, *trace, *trace_env[2];
	tu_server d;
	int run, probes;
	(void)state;
	tu_upstream_or_skip();

	assert_true(asprintf(&trace, "%s/daemon.trace", dir) > 0);
	assert_true(asprintf(&trace_env[0], "GIT_TRACE=%s", trace) > 0);
	trace_env[1] = NULL;
	tu_git_daemon_start(&d, up, (const char *const *)trace_env);
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s", d.url) > 0);
	/* the connection of the test's wait for the port, traced asynchronously */
	tu_wait_file(trace, "git-daemon --serve", d.pid, 10000);
	probes = occurrences(trace, "git-daemon --serve");
	for (run = 1; run <= 3; run++) { /* a clone, then two runs finding nothing new */
		assert_int_equal(mirror(&out, &err, env, "--quiet"), 0);
		assert_string_equal(err, "");
		free(out);
		free(err);
		assert_int_equal(occurrences(trace, "git-daemon --serve"), probes + 2 * run);
		assert_int_equal(occurrences(trace, "built-in: git upload-pack"), 2 * run);
	}
	same_refs("cabforum-smime.git");
	same_refs("cabforum-netsec.git");
	tu_server_stop(&d);
	free(env);
	free(trace);
	free(trace_env[0]);
}

static void test_https_needs_the_ca(void **state)
{
	char *out = NULL, *err = NULL, *env, *https, *sys, *other, *text, *head = NULL;
	tu_server s;
	(void)state;
	tu_upstream_or_skip();

	assert_true(asprintf(&https, "%s/https", dir) > 0);
	assert_int_equal(mkdir(https, 0755), 0);
	tu_https_start(&s, up, https);

	/* without the test CA the server is not trusted */
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s", s.url) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 1);
	assert_non_null(strstr(err, "pkiwatch: cabforum-smime: https://127.0.0.1:"));
	assert_non_null(strstr(err, "certificate"));
	assert_int_equal(tu_sh(NULL, NULL, "ls -A '%s' | grep -q cabforum", cache), 1);
	free(out);
	free(err);
	free(env);

	/* PKIWATCH_CA_FILE adds it */
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s PKIWATCH_CA_FILE='%s'", s.url, s.ca_file) >
	            0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	same_refs("cabforum-smime.git");
	free(out);
	free(err);

	/* an existing mirror over https: nothing new, then main moved back and a
	 * branch added upstream, then both undone (the branch is pruned) */
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_non_null(strstr(out, "cabforum-smime: main "));
	assert_non_null(strstr(out, ", unchanged"));
	free(out);
	free(err);
	assert_int_equal(tu_sh(&head, NULL, "git -C '%s/cabforum-smime.git' rev-parse main", up),
	                 0);
	head[strcspn(head, "\n")] = '\0';
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s/cabforum-smime.git' && git branch https-test main~1 && "
	                       "git update-ref refs/heads/main main~1",
	                       up),
	                 0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_non_null(strstr(out, ", 0 new commits; branches +https-test"));
	same_refs("cabforum-smime.git");
	free(out);
	free(err);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s/cabforum-smime.git' && git update-ref refs/heads/main %s && "
	                       "git branch -D https-test",
	                       up, head),
	                 0);
	assert_int_equal(mirror(&out, &err, env, ""), 0);
	assert_non_null(strstr(out, ", 1 new commit; branches -https-test"));
	same_refs("cabforum-smime.git");
	free(out);
	free(err);
	free(head);
	free(env);

	/* so does the config's ca_file, relative to the config's directory */
	tu_write(config, "{\"repository\": \"example/compliance\", \"sources\": "
	                 "[\"cabforum-smime\"], \"ca_file\": \"https/ca.pem\", \"officers\": "
	                 "[{\"name\": \"A\", \"email\": \"a@example.org\"}]}");
	assert_true(asprintf(&env, "PKIWATCH_UPSTREAM=%s", s.url) > 0);
	assert_int_equal(mirror(&out, &err, env, "--reclone"), 0);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	free(out);
	free(err);
	free(env);
	tu_write(config, "{\"repository\": \"example/compliance\", \"sources\": "
	                 "[\"cabforum-smime\"], \"officers\": "
	                 "[{\"name\": \"A\", \"email\": \"a@example.org\"}]}");

	/* the system store is used (here a "system" bundle that holds the test CA),
	 * and still is when an extra CA file (another CA) is added */
	assert_true(asprintf(&sys, "%s/sys", dir) > 0);
	assert_true(asprintf(&other, "%s/other-ca.pem", dir) > 0);
	tu_make_ca(other);
	assert_int_equal(
	    tu_sh(NULL, NULL, "mkdir '%s' && cp '%s' '%s/bundle.pem'", sys, s.ca_file, sys), 0);
	assert_true(
	    asprintf(&env, "SSL_CERT_FILE='%s/bundle.pem' PKIWATCH_UPSTREAM=%s", sys, s.url) > 0);
	assert_int_equal(mirror(&out, &err, env, "--reclone"), 0);
	free(out);
	free(err);
	free(env);
	assert_true(asprintf(&env,
	                     "SSL_CERT_FILE='%s/bundle.pem' PKIWATCH_CA_FILE='%s' "
	                     "PKIWATCH_UPSTREAM=%s",
	                     sys, other, s.url) > 0);
	assert_int_equal(mirror(&out, &err, env, "--reclone"), 0);
	assert_non_null(strstr(out, "cabforum-smime: cloned"));
	free(out);
	free(err);
	free(env);
	/* a store without the test CA is not trusted: the CA really is checked */
	assert_true(asprintf(&env, "SSL_CERT_FILE='%s' PKIWATCH_UPSTREAM=%s", other, s.url) > 0);
	assert_int_equal(mirror(&out, &err, env, "--reclone"), 1);
	assert_non_null(strstr(err, "certificate"));
	free(out);
	free(err);
	free(env);

	/* a CA file that does not exist is an input error */
	assert_true(
	    asprintf(&env, "PKIWATCH_CA_FILE='%s/nope.pem' PKIWATCH_UPSTREAM=%s", dir, s.url) > 0);
	assert_int_equal(mirror(&out, &err, env, ""), 2);
	assert_true(asprintf(&text,
	                     "pkiwatch: PKIWATCH_CA_FILE: %s/nope.pem: cannot read the CA file",
	                     dir) > 0);
	assert_non_null(strstr(err, text));
	free(text);
	free(out);
	free(err);
	free(env);

	tu_server_stop(&s);
	free(https);
	free(sys);
	free(other);
}

/* On Debian and Ubuntu the system store is /etc/ssl/certs/ca-certificates.crt. */
static void test_system_bundle_found(void **state)
{
	struct stat st;
	(void)state;
	if (stat("/etc/ssl/certs/ca-certificates.crt", &st) != 0) {
		print_message("skipped: no /etc/ssl/certs/ca-certificates.crt (ca-certificates)\n");
		skip();
	}
	unsetenv("SSL_CERT_FILE");
	assert_non_null(pw_tls_system_bundle());
	assert_string_equal(pw_tls_system_bundle(), "/etc/ssl/certs/ca-certificates.crt");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_git_daemon, each_setup, each_teardown),
	    cmocka_unit_test_setup_teardown(test_git_daemon_one_connection_per_source, each_setup,
	                                    each_teardown),
	    cmocka_unit_test_setup_teardown(test_https_needs_the_ca, each_setup, each_teardown),
	    cmocka_unit_test(test_system_bundle_found),
	    cmocka_unit_test_setup_teardown(test_silent_server_bounded, each_setup, each_teardown),
	    cmocka_unit_test_setup_teardown(test_server_error_text_is_one_line, each_setup,
	                                    each_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
