/* pkiwatch verify on a compliance repository whose ledger commits are
 * signed with real keys (ssh-keygen, gpg --batch) on the real cabforum-smime
 * history: it passes, then fails naming the commit and the file for an
 * unsigned ledger commit, a key not allowed, a rewritten decision, a deleted
 * entry, an allowed-signers file edited to admit a new key in the same commit
 * that uses it, and a sign-off of a change the mirrors do not know. A git
 * revert of a sign-off (the way to change a decision) passes. */
#include "testutil.h"

#include "compliance_fixture.h"
#include "signkeys.h"

#include <string.h>

static compfix fx;
static signkeys keys;

static int teardown(void **state)
{
	(void)state;
	signkeys_stop(&keys);
	compfix_free(&fx);
	return 0;
}

static char *git(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void git_do(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *vgit(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vgit(const char *fmt, va_list ap)
{
	char cmd[4096], *out = NULL;
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	if (tu_sh(&out, NULL, "cd '%s' && git %s", fx.repo, cmd) != 0)
		fail_msg("git %s failed: %s", cmd, out ? out : "");
	return out;
}

static char *git(const char *fmt, ...)
{
	va_list ap;
	char *out;
	va_start(ap, fmt);
	out = vgit(fmt, ap);
	va_end(ap);
	return out;
}

static void git_do(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(vgit(fmt, ap));
	va_end(ap);
}

/* The repository: examples/compliance, an allowed-signers file admitting the
 * officer's SSH key, all in an unsigned set-up commit (not a ledger commit);
 * git signs her commits with that key. */
static void start(int openpgp)
{
	const char *up = tu_upstream_or_skip();
	char path[4096];
	compfix_env();
	compfix_init(&fx, up);
	snprintf(path, sizeof(path), "%s/keys", fx.dir);
	signkeys_make(&keys, path, 1,
	              openpgp ? "Maria Jansen <maria.jansen@authority.example>" : NULL);
	snprintf(path, sizeof(path), "%s/allowed_signers", fx.repo);
	signkeys_allowed(path, "maria.jansen@authority.example", keys.ssh_pub);
	compfix_commit(&fx);
	compfix_officer_is_git_user(&fx);
	git_do("config commit.gpgsign true && git config gpg.format ssh && git config "
	       "user.signingkey '%s'",
	       keys.ssh_key);
}

/* A sign-off of `id` written and committed by git (signed as configured). */
static char *signoff(const char *id, const char *decision)
{
	char *head;
	git_do("rev-parse -q --verify HEAD >/dev/null && mkdir -p ledger");
	compfix_ledger(&fx, id, decision, "[]", NULL);
	git_do("add -A ledger && git commit -q -m 'signoff %s'", id);
	head = git("rev-parse HEAD");
	head[strcspn(head, "\n")] = '\0';
	return head;
}

/* verify exits `want`; its stdout has every line of `lines` (NULL-ended). */
static char *verify(int want)
{
	char *out = NULL, *err = NULL;
	int st = compfix_run(&fx, &out, &err, "verify");
	if (st != want)
		fail_msg("verify exited %d, want %d: %s%s", st, want, out ? out : "",
		         err ? err : "");
	free(err);
	return out;
}

static void assert_problem(const char *out, const char *commit, const char *file, const char *what)
{
	char want[512];
	snprintf(want, sizeof(want), "%.12s ledger/%s: %s", commit, file, what);
	tu_assert_has(out, want);
}

static void test_passes(void **state)
{
	char *a, *b, *out = NULL;
	(void)state;
	start(0);
	a = signoff(SMC6, "applicable");
	b = signoff(SMC9, "not-applicable");
	out = verify(0);
	tu_assert_has(out, "verify: ok: 2 ledger commits signed by allowed keys, nothing rewritten "
	                   "or deleted, 2 sign-offs of known changes");
	free(out);
	/* git agrees the commits are signed */
	free(git("-c gpg.ssh.allowedSignersFile=allowed_signers verify-commit %s", a));
	/* json for the Action */
	assert_int_equal(compfix_run(&fx, &out, NULL, "verify --format json"), 0);
	tu_assert_has(out, "\"ok\":\ttrue");
	tu_assert_has(out, "\"ledger_commits\":\t2");
	tu_assert_has(out, "\"problems\":\t[]");
	free(out);
	free(a);
	free(b);
}

static void test_unsigned(void **state)
{
	char *a, *out;
	(void)state;
	start(0);
	free(signoff(SMC6, "applicable"));
	git_do("config commit.gpgsign false");
	a = signoff(SMC9, "applicable");
	out = verify(1);
	assert_problem(out, a, SMC9 ".json", "ledger commit not signed");
	tu_assert_has(out, "verify: 1 problem in the ledger's history");
	free(out);
	assert_int_equal(compfix_run(&fx, &out, NULL, "verify --format json"), 1);
	tu_assert_has(out, "\"ok\":\tfalse");
	tu_assert_has(out, a);
	free(out);
	free(a);
}

static void test_key_not_allowed(void **state)
{
	char *a, *out, path[4096];
	(void)state;
	start(0);
	free(signkeys_ssh_another(&keys, "intruder"));
	snprintf(path, sizeof(path), "%s/ssh/intruder", keys.dir);
	git_do("config user.signingkey '%s'", path);
	a = signoff(SMC6, "applicable");
	out = verify(1);
	assert_problem(out, a, SMC6 ".json",
	               "signed by an SSH key that allowed_signers at its parent");
	free(out);
	free(a);
}

/* The file that says who may sign, edited to admit a new key in the very
 * commit that key signs: the parent's file decides. */
static void test_admits_itself(void **state)
{
	char *a, *out, *pub, path[4096];
	(void)state;
	start(0);
	free(signoff(SMC6, "applicable"));
	pub = signkeys_ssh_another(&keys, "newcomer");
	snprintf(path, sizeof(path), "%s/allowed_signers", fx.repo);
	signkeys_allowed(path, "newcomer@authority.example", pub);
	snprintf(path, sizeof(path), "%s/ssh/newcomer", keys.dir);
	git_do("config user.signingkey '%s' && git add allowed_signers", path);
	a = signoff(SMC9, "applicable");
	out = verify(1);
	assert_problem(out, a, SMC9 ".json",
	               "signed by an SSH key that allowed_signers at its parent");
	free(out);
	free(pub);
	free(a);
}

static void test_rewritten_decision(void **state)
{
	char *a, *out;
	(void)state;
	start(0);
	free(signoff(SMC6, "applicable"));
	free(signoff(SMC9, "applicable"));
	a = signoff(SMC6, "not-applicable"); /* the file rewritten in place */
	out = verify(1);
	assert_problem(out, a, SMC6 ".json", "recorded decision rewritten ($.decision changed)");
	tu_assert_has(out, "verify: 1 problem");
	free(out);
	free(a);
}

static void test_deleted_entry(void **state)
{
	char *a, *out;
	(void)state;
	start(0);
	free(signoff(SMC6, "applicable"));
	git_do("rm -q ledger/%s.json && git commit -q -m 'drop it'", SMC6);
	a = git("rev-parse HEAD");
	a[strcspn(a, "\n")] = '\0';
	out = verify(1);
	assert_problem(out, a, SMC6 ".json", "ledger entry deleted");
	free(out);
	free(a);
}

/* Changing a decision the documented way: revert, then sign off again. */
static void test_revert_then_new_decision(void **state)
{
	char *a, *out;
	(void)state;
	start(0);
	a = signoff(SMC6, "applicable");
	git_do("revert --no-edit %s >/dev/null", a);
	free(signoff(SMC6, "not-applicable"));
	out = verify(0);
	tu_assert_has(out, "verify: ok: 3 ledger commits");
	free(out);
	free(a);
}

static void test_unknown_change(void **state)
{
	char *a, *out;
	(void)state;
	start(0);
	a = signoff("cabforum-smime@000000000000", "applicable");
	out = verify(1);
	assert_problem(out, a, "cabforum-smime@000000000000.json",
	               "signs off cabforum-smime@000000000000, a change the mirrors do not know");
	free(out);
	free(a);
}

/* OpenPGP: an officer's fingerprint in pkiwatch.json allows her gpg key. */
static void test_openpgp(void **state)
{
	char *a, *b, *out, path[4096], text[1024];
	(void)state;
	start(1);
	snprintf(path, sizeof(path), "%s/pkiwatch.json", fx.repo);
	snprintf(
	    text, sizeof(text),
	    "{\"repository\":\"example-authority/compliance\",\"sources\":[\"cabforum-smime\"],"
	    "\"since\":\"2023-01-01\",\"officers\":[{\"name\":\"Maria Jansen\",\"email\":"
	    "\"maria.jansen@authority.example\",\"openpgp\":[\"%s\"]}]}\n",
	    keys.openpgp);
	tu_write(path, text);
	/* admitting her OpenPGP key is signed by the key allowed before: SSH */
	git_do("commit -q -am 'officer key'");
	git_do("config gpg.format openpgp && git config user.signingkey %s", keys.openpgp);
	a = signoff(SMC6, "applicable");
	out = verify(0);
	tu_assert_has(out, "verify: ok: 2 ledger commits");
	free(out);
	/* a key no officer lists */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "gpg --batch --passphrase '' --quick-gen-key 'Other <o@x.example>' "
	                       "ed25519 sign never 2>/dev/null"),
	                 0);
	git_do("config user.signingkey o@x.example");
	b = signoff(SMC9, "applicable");
	out = verify(1);
	assert_problem(out, b, SMC9 ".json", "signed by OpenPGP key");
	tu_assert_has(out, "which no officer of pkiwatch.json at its parent");
	free(out);
	free(a);
	free(b);
}

static void test_not_compliance_repository(void **state)
{
	char *dir = tu_tempdir(), *err = NULL;
	(void)state;
	assert_int_equal(tu_sh(NULL, &err, "cd '%s' && '%s' verify", dir, tu_bin()), 2);
	tu_assert_has(err, "pkiwatch: ");
	free(err);
	tu_rmrf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_passes, teardown),
	    cmocka_unit_test_teardown(test_unsigned, teardown),
	    cmocka_unit_test_teardown(test_key_not_allowed, teardown),
	    cmocka_unit_test_teardown(test_admits_itself, teardown),
	    cmocka_unit_test_teardown(test_rewritten_decision, teardown),
	    cmocka_unit_test_teardown(test_deleted_entry, teardown),
	    cmocka_unit_test_teardown(test_revert_then_new_decision, teardown),
	    cmocka_unit_test_teardown(test_unknown_change, teardown),
	    cmocka_unit_test_teardown(test_openpgp, teardown),
	    cmocka_unit_test(test_not_compliance_repository),
	};
	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
