/* Signed ledger commits (ledger/sign.h through the ledger's commit engine):
 * with an SSH key from ssh-keygen and an OpenPGP key from gpg --batch, set
 * the way git is set (commit.gpgsign, gpg.format, user.signingkey) or by
 * pkiwatch.json's "signing"; git verify-commit accepts every commit. A key
 * that cannot sign records nothing and says what to fix; "require_signed"
 * refuses to commit unsigned. */
#include "testutil.h"

#include "gitrepo.h"
#include "scratch.h"
#include "signkeys.h"

#include "util/error.h"
#include "ledger/commit.h"
#include "ledger/sign.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

static signkeys keys;

static int teardown(void **state)
{
	signkeys_stop(&keys);
	return scratch_teardown(state);
}

/* Two files, two commits, by the engine every ledger commit goes through. */
static int commit2(char commits[2][41])
{
	cJSON *a = cJSON_Parse("{\"n\":1}"), *b = cJSON_Parse("{\"n\":2}");
	pw_commit_file f[2] = {{"ledger/a.json", a, "one\n\nfirst\n"},
	                       {"ledger/forms/t.json", b, "two\n"}};
	pw_commit_opts opts = PW_COMMIT_OPTS_INIT;
	int rc;
	opts.author_name = "Maria Jansen";
	opts.author_email = "maria@a.example";
	rc = pw_commit_files(commits, NULL, scratch_dir, f, 2, &opts);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return rc;
}

/* A repository with the keys beside it (outside the work tree). */
static void start(int ssh, int openpgp)
{
	char *keydir;
	gitrepo_ledger(1);
	keydir = scratch_path("keys");
	signkeys_make(&keys, keydir, ssh, openpgp ? "Maria Jansen <maria@a.example>" : NULL);
	free(keydir);
	/* the keys are not part of the repository */
	scratch_put(".git/info/exclude", "keys/\n");
}

static void assert_verified(const char *rev, const char *extra_config)
{
	char *out = NULL;
	int st = tu_sh(&out, NULL, "cd '%s' && git %s verify-commit '%s' 2>&1", scratch_dir,
	               extra_config ? extra_config : "", rev);
	if (st != 0)
		fail_msg("git verify-commit %s failed: %s", rev, out ? out : "");
	free(out);
}

static void test_ssh_signed(void **state)
{
	char commits[2][41], cfg[512], *allowed, *out;
	(void)state;
	start(1, 0);
	allowed = scratch_path("keys/allowed_signers");
	signkeys_allowed(allowed, "maria@a.example", keys.ssh_pub);
	snprintf(cfg, sizeof(cfg),
	         "config commit.gpgsign true && git config gpg.format ssh && git config "
	         "user.signingkey '%s'",
	         keys.ssh_key);
	free(gitrepo_git(cfg));
	assert_int_equal(commit2(commits), 0);
	snprintf(cfg, sizeof(cfg), "-c gpg.ssh.allowedSignersFile='%s'", allowed);
	assert_verified(commits[0], cfg);
	assert_verified(commits[1], cfg);
	/* git's header, as git writes it: no empty line after the signature */
	out = gitrepo_git("cat-file commit HEAD");
	tu_assert_has(out, "gpgsig -----BEGIN SSH SIGNATURE-----\n ");
	tu_assert_has(out, "\n -----END SSH SIGNATURE-----\n\ntwo\n");
	free(out);
	free(allowed);
}

static void test_openpgp_signed(void **state)
{
	char commits[2][41], cfg[256], *out;
	(void)state;
	start(0, 1);
	snprintf(cfg, sizeof(cfg), "config commit.gpgsign true && git config user.signingkey %s",
	         keys.openpgp);
	free(gitrepo_git(cfg));
	assert_int_equal(commit2(commits), 0);
	assert_verified(commits[0], NULL);
	assert_verified(commits[1], NULL);
	out = gitrepo_git("log --show-signature -1 --format=%s");
	tu_assert_has(out, "Good signature from \"Maria Jansen <maria@a.example>\"");
	free(out);
}

static void assert_refused(const char *want);

/* gpg.format x509: gpgsm signs with the certificate user.signingkey names,
 * and git (which runs gpgsm --verify) accepts the commits. */
static void test_x509_signed(void **state)
{
	char commits[2][41], cfg[256], *out;
	(void)state;
	start(0, 0);
	signkeys_x509(&keys, "CN=Maria Jansen,O=Authority", "maria@a.example");
	snprintf(cfg, sizeof(cfg),
	         "config commit.gpgsign true && git config gpg.format x509 && git config "
	         "user.signingkey %s",
	         keys.x509);
	free(gitrepo_git(cfg));
	assert_int_equal(commit2(commits), 0);
	assert_verified(commits[0], NULL);
	assert_verified(commits[1], NULL);
	/* gpgsm's armour, in git's header */
	out = gitrepo_git("cat-file commit HEAD");
	tu_assert_has(out, "gpgsig -----BEGIN SIGNED MESSAGE-----\n ");
	free(out);
	out = gitrepo_git("log --show-signature -1 --format=%s");
	tu_assert_has(out, "Good signature from \"/CN=Maria Jansen/O=Authority\"");
	free(out);
}

/* An X.509 certificate gpgsm does not have: nothing recorded. */
static void test_x509_unknown_certificate(void **state)
{
	(void)state;
	start(0, 0);
	signkeys_x509(&keys, "CN=Maria Jansen,O=Authority", "maria@a.example");
	free(gitrepo_git("config commit.gpgsign true && git config gpg.format x509 && git config "
	                 "user.signingkey 0000000000000000000000000000000000000000"));
	assert_refused("gpgsm");
}

/* Without user.signingkey, gpg signs with the committer's identity, as git. */
static void test_openpgp_default_key(void **state)
{
	char commits[2][41];
	(void)state;
	start(0, 1);
	free(gitrepo_git("config commit.gpgsign true"));
	assert_int_equal(commit2(commits), 0);
	assert_verified(commits[1], NULL);
}

/* pkiwatch.json's "signing" signs when git's configuration does not. */
static void test_pkiwatch_json_signing(void **state)
{
	char commits[2][41], text[1024], cfg[512], *allowed;
	(void)state;
	start(1, 0);
	snprintf(text, sizeof(text), "{\"signing\": {\"format\": \"ssh\", \"key\": \"%s\"}}\n",
	         keys.ssh_key);
	scratch_put("pkiwatch.json", text);
	assert_int_equal(commit2(commits), 0);
	allowed = scratch_path("keys/allowed_signers");
	signkeys_allowed(allowed, "maria@a.example", keys.ssh_pub);
	snprintf(cfg, sizeof(cfg), "-c gpg.ssh.allowedSignersFile='%s'", allowed);
	assert_verified(commits[1], cfg);
	free(allowed);
}

/* A key the program does not have: nothing recorded, the error says what. */
static void assert_refused(const char *want)
{
	char *head = gitrepo_git("rev-parse HEAD"), commits[2][41];
	assert_int_equal(commit2(commits), PW_ERROR);
	tu_assert_has(pw_error_last(), want);
	tu_assert_has(pw_error_last(), "nothing recorded");
	gitrepo_assert("rev-parse HEAD", head);
	gitrepo_assert("status --porcelain", "");
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger/a.json'", scratch_dir), 0);
	free(head);
}

static void test_openpgp_no_secret_key(void **state)
{
	(void)state;
	start(0, 1);
	free(gitrepo_git("config commit.gpgsign true && git config user.signingkey "
	                 "nobody@nowhere.example"));
	assert_refused("No secret key");
	tu_assert_has(pw_error_last(), "gpg --list-secret-keys");
}

static void test_ssh_missing_key_file(void **state)
{
	(void)state;
	start(1, 0);
	free(gitrepo_git("config commit.gpgsign true && git config gpg.format ssh && git config "
	                 "user.signingkey /nonexistent/id_ed25519"));
	assert_refused("/nonexistent/id_ed25519");
}

static void test_program_missing(void **state)
{
	(void)state;
	start(0, 0);
	free(gitrepo_git("config commit.gpgsign true && git config gpg.program "
	                 "pkiwatch-no-such-gpg && git config user.signingkey ABCD"));
	assert_refused("not found");
}

static void test_require_signed(void **state)
{
	char commits[2][41], *head;
	(void)state;
	gitrepo_ledger(1);
	scratch_put("pkiwatch.json", "{\"require_signed\": true}\n");
	head = gitrepo_git("rev-parse HEAD");
	assert_int_equal(commit2(commits), PW_EINPUT);
	tu_assert_has(pw_error_last(), "require_signed is set");
	tu_assert_has(pw_error_last(), "commit.gpgsign");
	gitrepo_assert("rev-parse HEAD", head);
	free(head);
}

static void test_load_settings(void **state)
{
	pw_sign s;
	(void)state;
	gitrepo_ledger(1);
	assert_int_equal(pw_sign_load(&s, scratch_dir), 0);
	assert_int_equal(s.sign, 0);
	assert_string_equal(s.program, "gpg");
	pw_sign_clear(&s);
	free(gitrepo_git("config commit.gpgsign true && git config gpg.format x509 && git config "
	                 "gpg.x509.program /opt/gpgsm"));
	assert_int_equal(pw_sign_load(&s, scratch_dir), 0);
	assert_int_equal(s.sign, 1);
	assert_int_equal(s.format, PW_SIGN_X509);
	assert_string_equal(s.program, "/opt/gpgsm");
	pw_sign_clear(&s);
	free(gitrepo_git("config gpg.format smime"));
	assert_int_equal(pw_sign_load(&s, scratch_dir), PW_EINPUT);
	tu_assert_has(pw_error_last(), "'smime' is not openpgp, ssh or x509");
	scratch_put("pkiwatch.json", "{\"signing\": {\"format\": \"ssh\", \"key\": \"~/k\"}}");
	assert_int_equal(pw_sign_load(&s, scratch_dir), 0);
	assert_int_equal(s.format, PW_SIGN_SSH);
	assert_string_equal(s.key, "~/k");
	assert_string_equal(s.program, "ssh-keygen");
	assert_string_equal(s.origin, "pkiwatch.json");
	pw_sign_clear(&s);
	scratch_put("pkiwatch.json", "{\"signing\": {\"format\": \"pgp\"}}");
	assert_int_equal(pw_sign_load(&s, scratch_dir), PW_EINPUT);
	tu_assert_has(pw_error_last(), "$.signing.format: expected openpgp, ssh or x509");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_ssh_signed, teardown),
	    cmocka_unit_test_teardown(test_openpgp_signed, teardown),
	    cmocka_unit_test_teardown(test_openpgp_default_key, teardown),
	    cmocka_unit_test_teardown(test_x509_signed, teardown),
	    cmocka_unit_test_teardown(test_x509_unknown_certificate, teardown),
	    cmocka_unit_test_teardown(test_pkiwatch_json_signing, teardown),
	    cmocka_unit_test_teardown(test_openpgp_no_secret_key, teardown),
	    cmocka_unit_test_teardown(test_ssh_missing_key_file, teardown),
	    cmocka_unit_test_teardown(test_program_missing, teardown),
	    cmocka_unit_test_teardown(test_require_signed, teardown),
	    cmocka_unit_test_teardown(test_load_settings, teardown),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests_name("sign", tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
