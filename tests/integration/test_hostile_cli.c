/* Hostile input at the command line (issue 14): upstream text and arguments
 * with escape sequences, BEL, line breaks and "::" workflow commands reach the
 * terminal as one line each, filtered. */
#include "testutil.h"

#include "pubenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pubenv env;

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

/* No ESC, BEL or CR, and no line starting (after blanks) with "::". */
static void assert_terminal_safe(const char *what, const char *text)
{
	const char *line = text;
	assert_non_null(text);
	if (strchr(text, '\033') || strchr(text, '\007') || strchr(text, '\r'))
		fail_msg("%s has a control character: '%s'", what, text);
	while (line && *line) {
		const char *p = line + strspn(line, " \t");
		if (p[0] == ':' && p[1] == ':')
			fail_msg("%s has a line starting with '::': '%s'", what, text);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

/* Lines in `text`. */
static int lines(const char *text)
{
	int n = 0;
	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}

/* A commit subject and a draft branch name with escape sequences: `changes`
 * text output shows them filtered. */
static void test_changes_text_filters_upstream(void **state)
{
	char up[4096], *out = NULL, *err = NULL;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	pubenv_upstream(&env,
	                PUBENV_INITIAL_COMMIT
	                " && "
	                "printf '\\nThe CA SHALL do more.\\n' >> SBR.md && "
	                "GIT_COMMITTER_DATE=2024-06-01T00:00:00Z git commit -q -a -m \"$(printf "
	                "'Ballot SMC099: \\033]0;owned\\007\\033[2J red\\r::error::forged')\" && "
	                "git push -q origin main && git checkout -q -b 'draft+x' && "
	                "printf '\\nThe CA SHALL do even more.\\n' >> SBR.md && "
	                "GIT_COMMITTER_DATE=2024-07-01T00:00:00Z git commit -q -a -m \"$(printf "
	                "'Draft \\033[31mred\\007')\" && git push -q origin 'draft+x'",
	                up, sizeof(up));
	pubenv_mirror(&env, up, "cabforum-smime");
	assert_int_equal(pubenv_run(&env, &out, &err, "changes --drafts"), 0);
	tu_assert_has(out, "Ballot SMC099:");
	tu_assert_has(out, "red ::error::forged");
	tu_assert_has(out, "Draft  [31mred");
	assert_terminal_safe("stdout", out);
	assert_terminal_safe("stderr", err);
	free(out);
	free(err);
}

/* Arguments with a line break and escape sequences are quoted in usage errors
 * as one line. */
static void test_usage_errors_one_line(void **state)
{
	static const char *const cmds[] = {
	    "signoff \"$(printf 'x\\n::error::forged\\033[2J')\" --decision applicable",
	    "changes --format \"$(printf 'js\\non\\007')\"",
	    "respond --tsp \"$(printf 'a\\nb')\" --change x --impact low --days 1 --meets-date yes",
	    "mirror \"$(printf 'extra\\r\\n::warning::x')\"",
	    /* 100 KB quoted: cut to a line of about 1 KB */
	    "changes --since \"$(head -c 100000 /dev/zero | tr '\\0' 9)\"",
	};
	char *err = NULL;
	size_t i;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int rc = pubenv_run(&env, NULL, &err, cmds[i]);
		if (rc != 2)
			fail_msg("%s: exit %d, stderr '%s'", cmds[i], rc, err);
		assert_terminal_safe(cmds[i], err);
		if (lines(err) != 1 || strncmp(err, "pkiwatch: ", 10) != 0 || strlen(err) > 1200)
			fail_msg("%s: not one short line: '%.300s'", cmds[i], err);
		free(err);
	}
}

/* signoff --tsp with not-applicable means nothing: refused before any work,
 * and the help says so and what `since` means for sign-offs. */
static void test_signoff_semantics(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	assert_int_equal(pubenv_run(&env, NULL, &err,
	                            "signoff cabforum-smime@59687c5f0a1b --decision "
	                            "not-applicable --tsp ministry"),
	                 2);
	tu_assert_has(err, "--tsp goes with --decision applicable");
	free(err);
	assert_int_equal(pubenv_run(&env, &out, NULL, "signoff --help"), 0);
	tu_assert_has(out, "with not-applicable it is\nrefused");
	tu_assert_has(out, "since date can be signed off");
	free(out);
}

/* Output paths that cannot be used (a file where a directory goes, a
 * directory where a file goes, a directory that does not exist) are usage
 * errors found before any work: exit 2 (1 before), one line naming the path,
 * nothing made. F is a file, D a directory. */
static void test_bad_output_paths(void **state)
{
	static const char *const cmds[] = {
	    "publish --dry-run --outbox F",
	    "sync --dry-run --outbox F/outbox",
	    "deadlines --ics D",
	    "deadlines --ics D/missing/x.ics",
	    "deadlines --ics F/x.ics",
	    "evidence --from 2024-01-01 --to 2025-01-01 --out F",
	    "self-assessment --tsp ministry --document cabforum-smime:SBR.md --version 1.0.8 "
	    "--out F",
	    "forms --out F",
	};
	char *err = NULL, *args, *p;
	size_t i;
	(void)state;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && mkdir D && echo x > F", env.dir), 0);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		int rc;
		args = malloc(strlen(cmds[i]) * 8 + 1);
		args[0] = '\0';
		for (p = (char *)cmds[i]; *p; p++) { /* F, D: under the scratch directory */
			if ((*p == 'F' || *p == 'D') && (p == cmds[i] || p[-1] == ' '))
				sprintf(args + strlen(args), "%s/%c", env.dir, *p);
			else
				sprintf(args + strlen(args), "%c", *p);
		}
		rc = pubenv_run(&env, NULL, &err, args);
		if (rc != 2 || lines(err) != 1 || strncmp(err, "pkiwatch: ", 10) != 0 ||
		    !strstr(err, env.dir))
			fail_msg("%s: exit %d, stderr '%s'", args, rc, err);
		free(err);
		free(args);
	}
	/* the cache, from the environment: a file */
	for (i = 0; i < 2; i++) {
		assert_int_equal(tu_sh(NULL, &err, "cd '%s' && PKIWATCH_CACHE='%s/F' '%s' %s",
		                       env.repo, env.dir, tu_bin(),
		                       i ? "sync --dry-run" : "mirror"),
		                 2);
		tu_assert_has(err, "/F: exists and is not a directory");
		free(err);
	}
	/* nothing was made */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && test \"$(ls -A D)\" = '' && test \"$(cat F)\" = x",
	                       env.dir),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_changes_text_filters_upstream, teardown),
	    cmocka_unit_test_teardown(test_usage_errors_one_line, teardown),
	    cmocka_unit_test_teardown(test_signoff_semantics, teardown),
	    cmocka_unit_test_teardown(test_bad_output_paths, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
