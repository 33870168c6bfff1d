/* The configuration's ca_file reaches the GitHub client too, not only the
 * mirror: publish and signoff against the fake GitHub behind an HTTPS server
 * (lighttpd) whose certificate is signed by a private CA that only
 * pkiwatch.json's ca_file names, relative to the configuration's directory,
 * run from another directory. Without it they fail and say why. */
#include "testutil.h"

#include "fakegh.h"
#include "pubenv.h"
#include "servers.h"

#include <string.h>
#include <sys/stat.h>

#define SMC12 "cabforum-smime@3340d6159641"

static pubenv env;
static tu_server https;

static int teardown(void **state)
{
	(void)state;
	tu_server_stop(&https);
	tu_servers_stop_all();
	pubenv_stop(&env);
	return 0;
}

/* Runs pkiwatch from the scratch directory (not the compliance repository)
 * with the repository's pkiwatch.json. */
static int run(char **out, char **err, const char *args)
{
	return tu_sh(out, err, "cd '%s' && '%s' --config '%s/pkiwatch.json' --cache '%s' %s",
	             env.dir, tu_bin(), env.repo, env.cache, args);
}

/* pkiwatch.json with "ca_file": `ca` added (NULL: without). */
static void config_ca_file(const char *ca)
{
	char path[4096], *text;
	cJSON *cfg;
	snprintf(path, sizeof(path), "%s/pkiwatch.json", env.repo);
	text = tu_read(path);
	cfg = cJSON_Parse(text);
	assert_non_null(cfg);
	free(text);
	cJSON_DeleteItemFromObject(cfg, "ca_file");
	if (ca)
		cJSON_AddStringToObject(cfg, "ca_file", ca);
	text = cJSON_Print(cfg);
	tu_write(path, text);
	free(text);
	cJSON_Delete(cfg);
}

static void test_publish_and_signoff_trust_the_config_ca(void **state)
{
	char *out = NULL, *err = NULL, dir[4096];
	cJSON *issues;
	int rc;
	(void)state;

	pubenv_start(&env, "2025-01-01", NULL, PUBENV_MIRROR);
	snprintf(dir, sizeof(dir), "%s/https", env.dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	tu_https_proxy_start(&https, env.fake.port, dir);
	/* the private CA only in the compliance repository, nowhere else */
	assert_int_equal(tu_sh(NULL, NULL, "mkdir '%s/certs' && cp '%s' '%s/certs/private-ca.pem'",
	                       env.repo, https.ca_file, env.repo),
	                 0);
	setenv("GITHUB_API_URL", https.url, 1);
	unsetenv("PKIWATCH_CA_FILE");
	unsetenv("SSL_CERT_FILE");
	unsetenv("CURL_CA_BUNDLE");

	/* without ca_file: the server's certificate is not trusted */
	rc = run(&out, &err, "publish");
	if (rc != 1)
		fail_msg("publish without ca_file: status %d, stderr '%s'", rc, err);
	tu_assert_has(err, "pkiwatch: ");
	tu_assert_has(err, "certificate");
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	free(out);
	free(err);

	/* with it: publish opens the issues over HTTPS */
	config_ca_file("certs/private-ca.pem");
	rc = run(&out, &err, "publish");
	if (rc != 0)
		fail_msg("publish with ca_file: status %d, stderr '%s'", rc, err);
	tu_assert_has(out, FAKEGH_REPO ": ");
	issues = fakegh_issues(&env.fake, NULL);
	assert_int_equal(pubenv_marker_count(issues, SMC12), 1);
	cJSON_Delete(issues);
	free(out);
	free(err);

	/* signoff: its GitHub part too */
	rc = run(&out, &err, "signoff " SMC12 " --decision applicable --note 'over https'");
	if (rc != 0)
		fail_msg("signoff with ca_file: status %d, stderr '%s'", rc, err);
	tu_assert_has(out, SMC12 ": applicable, recorded in ledger/" SMC12 ".json");
	tu_assert_has(out, ": commented");
	assert_true(fakegh_count(&env.fake, "POST", "/comments") >= 1);
	free(out);
	free(err);

	/* PKIWATCH_CA_FILE comes first: a CA that signed nothing fails the run
	 * although ca_file would have worked */
	snprintf(dir, sizeof(dir), "%s/other-ca.pem", env.dir);
	tu_make_ca(dir);
	setenv("PKIWATCH_CA_FILE", dir, 1);
	rc = run(&out, &err, "publish");
	unsetenv("PKIWATCH_CA_FILE");
	if (rc != 1)
		fail_msg("publish with another PKIWATCH_CA_FILE: status %d, stderr '%s'", rc, err);
	tu_assert_has(err, "certificate");
	free(out);
	free(err);
}

/* signoff without ca_file: the ledger entry is committed (it comes first),
 * the issue cannot be reached, and the message says what failed and that the
 * same signoff finishes it; with ca_file the re-run does. */
static void test_signoff_without_ca_then_with(void **state)
{
	char *out = NULL, *err = NULL, dir[4096];
	int rc;
	(void)state;

	pubenv_start(&env, "2025-01-01", NULL, PUBENV_MIRROR);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0); /* plain HTTP */
	snprintf(dir, sizeof(dir), "%s/https", env.dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	tu_https_proxy_start(&https, env.fake.port, dir);
	assert_int_equal(tu_sh(NULL, NULL, "cp '%s' '%s/private-ca.pem'", https.ca_file, env.repo),
	                 0);
	setenv("GITHUB_API_URL", https.url, 1);
	unsetenv("PKIWATCH_CA_FILE");
	unsetenv("SSL_CERT_FILE");
	unsetenv("CURL_CA_BUNDLE");
	fakegh_clear_log(&env.fake);

	rc = run(&out, &err, "signoff " SMC12 " --decision applicable");
	if (rc != 1)
		fail_msg("signoff without ca_file: status %d, stderr '%s'", rc, err);
	tu_assert_has(out, SMC12 ": applicable, recorded in ledger/" SMC12 ".json");
	tu_assert_has(err, "certificate");
	tu_assert_has(err, "pkiwatch: the ledger entry is committed; run the same signoff again");
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	free(out);
	free(err);

	config_ca_file("private-ca.pem");
	rc = run(&out, &err, "signoff " SMC12 " --decision applicable");
	if (rc != 0)
		fail_msg("signoff with ca_file: status %d, stderr '%s'", rc, err);
	tu_assert_has(out, SMC12 ": applicable, already in ledger/" SMC12 ".json");
	tu_assert_has(out, ": commented");
	free(out);
	free(err);
}

/* A ca_file that cannot be read (pkiwatch.json's, or PKIWATCH_CA_FILE's) is
 * said so in one line naming it, exit 2, before any request or commit: for
 * mirror, publish, signoff and sync alike. */
static void test_missing_ca_file(void **state)
{
	static const char *const cmds[] = {"mirror", "publish",
	                                   "signoff " SMC12 " --decision applicable", "sync"};
	char *err = NULL;
	size_t i, k;
	(void)state;
	pubenv_start(&env, "2025-01-01", NULL, PUBENV_MIRROR);
	config_ca_file("certs/missing.pem");
	for (k = 0; k < 2; k++) {
		if (k == 1) { /* the environment's, over a readable configured one */
			config_ca_file(NULL);
			setenv("PKIWATCH_CA_FILE", "/nonexistent/ca.pem", 1);
		}
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			int rc = run(NULL, &err, cmds[i]);
			if (rc != 2)
				fail_msg("%s: exit %d: %s", cmds[i], rc, err);
			tu_assert_has(err, k ? "pkiwatch: PKIWATCH_CA_FILE: /nonexistent/ca.pem: "
			                     : "/pkiwatch.json: $.ca_file: ");
			tu_assert_has(err, "cannot read the CA file: No such file or directory");
			assert_int_equal(strchr(err, '\n') - err, (long)strlen(err) - 1);
			free(err);
			err = NULL;
		}
	}
	unsetenv("PKIWATCH_CA_FILE");
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/" SMC12 ".json'", env.repo), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_publish_and_signoff_trust_the_config_ca, teardown),
	    cmocka_unit_test_teardown(test_signoff_without_ca_then_with, teardown),
	    cmocka_unit_test_teardown(test_missing_ca_file, teardown),
	};
	return cmocka_run_group_tests_name("ca_file", tests, NULL, NULL);
}
