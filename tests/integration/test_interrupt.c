/* Ctrl-C (SIGINT) and SIGTERM while signoff, respond and responses import
 * record something, on the real cabforum-smime history: the signal comes
 * from the signing program (git's gpg.ssh.program, a script that signals
 * pkiwatch and then signs with ssh-keygen), so it arrives at a known point,
 * after the ledger file is staged and while its commit is signed, with no
 * sleep. pkiwatch stops there: one line saying it was interrupted, exit
 * status 128 + the signal, nothing recorded, no staging file or directory
 * left, the work tree clean; the same command run again records it. */
#include "testutil.h"

#include "compliance_fixture.h"
#include "signkeys.h"

#include <stdlib.h>
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

/* SMC-6 and SMC-9 applicable to ministry-pki, committed, every commit
 * signed with an SSH key by the interrupting signer. */
static void start(void)
{
	const char *up = tu_upstream_or_skip();
	char path[4096];
	compfix_env();
	compfix_init(&fx, up);
	compfix_ledger(&fx, SMC6, "applicable", "[\"ministry-pki\"]", NULL);
	compfix_ledger(&fx, SMC9, "applicable", "[\"ministry-pki\"]", NULL);
	compfix_commit(&fx);
	compfix_officer_is_git_user(&fx);
	snprintf(path, sizeof(path), "%s/keys", fx.dir);
	signkeys_make(&keys, path, 1, NULL);
	snprintf(path, sizeof(path), "%s/signer", fx.dir);
	tu_write(path, "#!/bin/sh\n"
	               "# the signal first, to pkiwatch (the parent), then the signature\n"
	               "kill -\"${PW_TEST_SIGNAL:-INT}\" \"$PPID\"\n"
	               "exec ssh-keygen \"$@\"\n");
	assert_int_equal(tu_sh(NULL, NULL,
	                       "chmod +x '%s' && cd '%s' && git config commit.gpgsign true && "
	                       "git config gpg.format ssh && git config user.signingkey '%s' && "
	                       "git config gpg.ssh.program '%s'",
	                       path, fx.repo, keys.ssh_key, path),
	                 0);
}

/* Nothing recorded and nothing left: as many commits as `commits`, a clean
 * work tree (also of ignored files: a staging directory ignores itself), no
 * hidden staging file anywhere. */
static void assert_untouched(long commits)
{
	char *out = NULL;
	assert_int_equal(compfix_commits(&fx), commits);
	assert_int_equal(tu_sh(&out, NULL,
	                       "cd '%s' && git status --porcelain --ignored && find . -name "
	                       "'.pkiwatch-*' -not -path './.git/*'",
	                       fx.repo),
	                 0);
	if (*out)
		fail_msg("left behind: %s", out);
	free(out);
}

/* `args` interrupted by `sig` (INT or TERM) gives `status`; then, with the
 * signer that does not interrupt, it records `added` commits. */
static void interrupted_then_done(const char *sig, int status, const char *args, long added)
{
	char *err = NULL;
	long commits = compfix_commits(&fx);
	setenv("PW_TEST_SIGNAL", sig, 1);
	if (compfix_run(&fx, NULL, &err, "%s", args) != status)
		fail_msg("%s: not stopped with %d: %s", args, status, err);
	tu_assert_has(err, "pkiwatch: interrupted");
	tu_assert_has(err, "nothing recorded");
	assert_int_equal(strchr(err, '\n') - err, (long)strlen(err) - 1);
	free(err);
	assert_untouched(commits);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git config --unset gpg.ssh.program", fx.repo), 0);
	err = NULL;
	assert_int_equal(compfix_run(&fx, NULL, &err, "%s", args), 0);
	assert_int_equal(compfix_commits(&fx), commits + added);
	free(err);
	unsetenv("PW_TEST_SIGNAL");
}

static void test_signoff(void **state)
{
	(void)state;
	start();
	interrupted_then_done("INT", 130, "signoff " SMC12 " --decision not-applicable", 1);
}

static void test_respond(void **state)
{
	(void)state;
	start();
	interrupted_then_done("TERM", 143,
	                      "respond --tsp ministry-pki --change " SMC9
	                      " --impact medium --days 45 --meets-date yes",
	                      1);
}

static void test_responses_import(void **state)
{
	char path[4096], args[4200];
	(void)state;
	start();
	snprintf(path, sizeof(path), "%s/answers.json", fx.dir);
	tu_write(path, "{\"tsp\":\"ministry-pki\",\"responses\":["
	               "{\"change\":\"" SMC6 "\",\"impact\":\"low\",\"days\":10,"
	               "\"meets_date\":true},"
	               "{\"change\":\"" SMC9 "\",\"impact\":\"high\",\"days\":90,"
	               "\"meets_date\":false,\"planned\":\"2025-12-01\"}]}\n");
	snprintf(args, sizeof(args), "responses import '%s'", path);
	interrupted_then_done("INT", 130, args, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_signoff, teardown),
	    cmocka_unit_test_teardown(test_respond, teardown),
	    cmocka_unit_test_teardown(test_responses_import, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
