/* pkiwatch signoff: the ledger commit (content, author, trailer, nothing else
 * committed) and the issue (comment, labels, closed), against the fake GitHub
 * on the real cabforum-smime history. */
#include "testutil.h"

#include "fakegh.h"
#include "pubenv.h"
#include "util/day.h"

#include <string.h>
#include <unistd.h>

#define SMC12  "cabforum-smime@3340d6159641"
#define SMC10  "cabforum-smime@ccbc0c2c7971"
#define REVERT "cabforum-smime@2614fb1c31c0" /* "Revert to commit 3a88910", 2024-09-11 */

static pubenv env;

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

static void start(void)
{
	pubenv_start(&env, "2025-01-01", NULL, PUBENV_MIRROR);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
}

static char *git(const char *args)
{
	char *out = NULL;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git %s", env.repo, args), 0);
	return out;
}

static void assert_git(const char *args, const char *want)
{
	char *out = git(args);
	if (strcmp(out, want) != 0)
		fail_msg("git %s: got '%s', want '%s'", args, out, want);
	free(out);
}

static long commits(void)
{
	char *out = git("rev-list --count HEAD");
	long n = strtol(out, NULL, 10);
	free(out);
	return n;
}

static cJSON *issue_of(const char *id)
{
	cJSON *issues = fakegh_issues(&env.fake, NULL);
	cJSON *i = cJSON_Duplicate(pubenv_issue_with(issues, id), 1);
	cJSON_Delete(issues);
	assert_non_null(i);
	return i;
}

/* The comments of issue `number` in the fake's state. */
static cJSON *comments_of(long number)
{
	cJSON *state = fakegh_state(&env.fake), *c;
	char key[32];
	snprintf(key, sizeof(key), "%ld", number);
	c = cJSON_Duplicate(
	    cJSON_GetObjectItem(
	        cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments"), key),
	    1);
	cJSON_Delete(state);
	assert_non_null(c);
	return c;
}

static int signoff(char **out, char **err, const char *args)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "signoff %s", args);
	return pubenv_run(&env, out, err, cmd);
}

static void test_signoff_commit_and_issue(void **state)
{
	char *out = NULL, *err = NULL, *ledger, path[4096];
	cJSON *e, *i, *c;
	long n0, number;
	(void)state;
	start();
	/* unrelated work in progress: one file staged, one modified */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cd '%s' && echo a > notes.md && git add notes.md && git commit -q -m "
	          "notes && echo b >> notes.md && echo s > staged.txt && git add "
	          "staged.txt",
	          env.repo),
	    0);
	n0 = commits();
	setenv("PKIWATCH_TODAY", "2025-03-01", 1); /* the day the decision is recorded on */
	assert_int_equal(signoff(&out, &err,
	                         SMC12 " --decision applicable --tsp ministry --note '@everyone "
	                               "see <b>x</b> #1 -->' --tsp-note 'Lint first, @team'"),
	                 0);
	/* the day stays pubenv's: on the real clock, drafts of the mirror's
	 * history would have become stale since, and publish would label them */
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "recorded in ledger/" SMC12 ".json"));
	free(out);
	free(err);
	assert_int_equal(commits(), n0 + 1);
	/* the commit holds the ledger file and nothing else */
	assert_git("show --name-only --format= HEAD", "ledger/" SMC12 ".json\n");
	assert_git("log -1 --format='%an <%ae>'", "Test Officer <officer@authority.example>\n");
	out = git("log -1 --format=%B");
	assert_non_null(strstr(out, "pkiwatch signoff: " SMC12 " applicable"));
	assert_non_null(strstr(out, "\nSigned-off-by: Test Officer <officer@authority.example>\n"));
	free(out);
	/* unrelated changes are still uncommitted, staged and unstaged as before */
	assert_git("diff --cached --name-only", "staged.txt\n");
	assert_git("diff --name-only", "notes.md\n");
	assert_git("status --porcelain ledger", "");
	snprintf(path, sizeof(path), "%s/ledger/%s.json", env.repo, SMC12);
	ledger = tu_read(path);
	e = cJSON_Parse(ledger);
	assert_non_null(e);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "change")), SMC12);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "decision")), "applicable");
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "tsps"), 0)),
	    "ministry");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "note")),
	                    "@everyone see <b>x</b> #1 -->");
	/* the note for the TSPs' forms, apart from the internal one */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "tsp_note")),
	                    "Lint first, @team");
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "officer"), "name")),
	    "Test Officer");
	assert_int_equal(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(e, "record_digest"))), 40);
	assert_int_equal(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(e, "time"))), 20);
	assert_int_equal(
	    strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "time")), "2025-03-01T", 11), 0);
	cJSON_Delete(e);
	free(ledger);
	/* the issue: closed, relabelled, one comment with the decision, note neutralised */
	i = issue_of(SMC12);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	assert_false(pubenv_has_label(i, "needs-signoff"));
	assert_true(pubenv_has_label(i, "pkiwatch"));
	assert_true(pubenv_has_label(i, "compliance"));
	{ /* closed: no more "how to sign off" (issue 15) */
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		tu_assert_has(b, "\n## Sign-off\n\nEvery change of this issue is signed off: the "
		                 "decisions are in the comments and in `ledger/` of the compliance "
		                 "repository.\n");
		tu_assert_lacks(b, "pkiwatch signoff ");
		tu_assert_has(b, "<!-- pkiwatch:decided " SMC12 " ");
		tu_assert_has(b, "<!-- pkiwatch:issue "); /* the markers stay */
	}
	cJSON_Delete(i);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 1);
	{
		const char *b =
		    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(c, 0), "body"));
		assert_non_null(strstr(b, "Signed off: applicable"));
		assert_non_null(strstr(b, "&lt;b&gt;"));
		assert_null(strstr(b, "@everyone"));
		assert_null(strstr(b, "#1"));
		assert_null(strstr(b, "<b>"));
		tu_assert_has(b, "For the TSPs' forms (\"what this means for you\"): Lint first, "
		                 "@\u200dteam\n");
	}
	cJSON_Delete(c);

	/* the same again: nothing new anywhere */
	fakegh_clear_log(&env.fake);
	assert_int_equal(signoff(&out, NULL, SMC12 " --decision applicable --tsp ministry"), 0);
	assert_non_null(strstr(out, "already in ledger/"));
	free(out);
	assert_int_equal(commits(), n0 + 1);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 1);
	cJSON_Delete(c);

	/* a different decision is refused */
	assert_int_equal(signoff(NULL, &err, SMC12 " --decision not-applicable"), 2);
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_non_null(strstr(err, "already signed off as applicable"));
	free(err);
	assert_int_equal(commits(), n0 + 1);

	/* publish leaves the signed-off issue alone and lists it on the dashboard */
	fakegh_clear_log(&env.fake);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 1); /* the dashboard */
	{
		cJSON *issues = fakegh_issues(&env.fake, NULL), *x;
		int found = 0;
		cJSON_ArrayForEach(x, issues)
		{
			const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(x, "body"));
			if (strstr(b, "<!-- pkiwatch:dashboard -->")) {
				char want[256];
				/* the issue's title and the TSPs' answers counted, no
				 * TSP named (issue 15) */
				snprintf(want, sizeof(want),
				         "**applicable** #%ld `cabforum-smime` **SMC-12** "
				         "v1.0.10 - Ballot SMC012 (#\u200d282) — TSP answers: 0 "
				         "of 1 — by Test Officer\n",
				         number);
				if (!strstr(b, want))
					fail_msg("dashboard lacks '%s': %s", want, b);
				tu_assert_lacks(strstr(b, "## Recently signed off"), "ministry");
				/* one adopted change waits; the smime draft is in
				 * discussion, not awaiting sign-off, or, its head
				 * (`git log -1 --format=%cs profiles`: 2025-06-11)
				 * more than 365 days before the run's day
				 * (pubenv's PKIWATCH_TODAY) with no date proposed,
				 * stale */
				const char *today = getenv("PKIWATCH_TODAY");
				int stale;
				assert_non_null(today);
				stale = pw_day_between("2025-06-11", today) > 365;
				assert_non_null(strstr(b, "## Awaiting sign-off (1)"));
				assert_non_null(strstr(b, stale ? "## In discussion (0)"
				                                : "## In discussion (1)"));
				assert_true((strstr(b, "## Stale drafts (1)") != NULL) == stale);
				found = 1;
			}
		}
		assert_true(found);
		cJSON_Delete(issues);
	}
}

/* Bad input: exit 2, one line, nothing committed or sent. */
static void test_bad_input(void **state)
{
	static const struct {
		const char *args, *msg;
	} cases[] = {
	    {"cabforum-smime@000000000000 --decision applicable", "unknown change id"},
	    {"nosuch@3340d6159641 --decision applicable", "unknown change id"},
	    {SMC12 " --decision applicable --tsp nobody", "unknown TSP 'nobody'"},
	    {SMC12 " --decision applicable --tsp ../x", "not a TSP id"},
	    {SMC12 " --decision maybe", "applicable or not-applicable"},
	    {SMC12, "--decision"},
	    {"--decision applicable", "which change"},
	};
	size_t k;
	long n0;
	(void)state;
	start();
	n0 = commits();
	fakegh_clear_log(&env.fake);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		char *err = NULL;
		int rc = signoff(NULL, &err, cases[k].args);
		if (rc != 2 || !strstr(err, cases[k].msg) || strncmp(err, "pkiwatch: ", 10) != 0 ||
		    strchr(err, '\n') != err + strlen(err) - 1)
			fail_msg("signoff %s: exit %d, stderr '%s' (want 2, '%s')", cases[k].args,
			         rc, err, cases[k].msg);
		free(err);
	}
	/* a broken profile stops every sign-off, named or not */
	{
		char *err = NULL, path[4096];
		snprintf(path, sizeof(path), "%s/tsps/broken.json", env.repo);
		tu_write(path, "[\"not an object\"]\n");
		assert_int_equal(signoff(NULL, &err, SMC12 " --decision applicable --tsp broken"),
		                 2);
		tu_assert_has(err, "pkiwatch: ./tsps/broken.json: $: ");
		free(err);
		assert_int_equal(signoff(NULL, &err, SMC12 " --decision not-applicable"), 2);
		tu_assert_has(err, "pkiwatch: ./tsps/broken.json: $: ");
		free(err);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(commits(), n0);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/ledger'", env.repo), 0);
	/* a malformed ledger entry stops publish with its name */
	{
		char *err = NULL;
		assert_int_equal(tu_sh(NULL, NULL,
		                       "mkdir '%s/ledger' && echo '{' > '%s/ledger/x.json'",
		                       env.repo, env.repo),
		                 0);
		assert_int_equal(pubenv_run(&env, NULL, &err, "publish"), 2);
		assert_non_null(strstr(err, "ledger/x.json"));
		free(err);
	}
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
}

/* The GitHub part fails after the commit; the same signoff again finishes it
 * with no second ledger commit and no second comment. The author falls back
 * to the first officer when git has no identity. */
static void test_github_failure_then_rerun(void **state)
{
	char *err = NULL, home[4096];
	cJSON *i, *c;
	long n0, number;
	(void)state;
	start();
	snprintf(home, sizeof(home), "%s/home", env.dir);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s' && cd '%s' && git config --unset user.name && git "
	                       "config --unset user.email",
	                       home, env.repo),
	                 0);
	n0 = commits();
	fakegh_fault(&env.fake, "{\"action\":\"status\",\"status\":502,\"count\":50,"
	                        "\"method\":\"PATCH\"}");
	{
		char cmd[20000];
		snprintf(cmd, sizeof(cmd),
		         "cd '%s' && HOME='%s' XDG_CONFIG_HOME='%s' GIT_CONFIG_NOSYSTEM=1 '%s' "
		         "--cache '%s' signoff " SMC12 " --decision not-applicable",
		         env.repo, home, home, tu_bin(), env.cache);
		assert_int_equal(tu_sh(NULL, &err, "%s", cmd), 1);
		assert_non_null(strstr(err, "run the same signoff again"));
		free(err);
		assert_int_equal(commits(), n0 + 1);
		assert_git("log -1 --format='%an <%ae>'",
		           "Maria Jansen <maria@authority.example>\n");
		cJSON_Delete(fakegh_admin(&env.fake, "DELETE", "/_admin/faults", NULL));
		assert_int_equal(tu_sh(NULL, NULL, "%s", cmd), 0);
	}
	assert_int_equal(commits(), n0 + 1);
	assert_git("rev-list --count HEAD -- ledger", "1\n");
	i = issue_of(SMC12);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	assert_false(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(i);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 1);
	cJSON_Delete(c);
}

static const char *comment_body(cJSON *c, int k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(c, k), "body"));
}

/* Without a token the decision is recorded; publish (and sync) shows it on
 * the issue: once, also when the run died between the comment and the issue
 * update; a changed decision (revert, sign off again) is shown too. */
/* A change tagged extant-ca or audit: the quoted terms come first, then the
 * record (SMC-3 introduced "Extant S/MIME CA"); SMC-12 (smime only) prints
 * none. */
/* A decision reverted and recorded anew within the same second (same entry
 * time, another decision) is another decision: its comment is posted. The
 * second entry is written by hand with the first one's time, so that the
 * test does not depend on how fast the runs are. */
static void test_redecided_within_the_same_second(void **state)
{
	cJSON *i, *c;
	long number;
	(void)state;
	start();
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(signoff(NULL, NULL, SMC12 " --decision applicable --tsp ministry"), 0);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	i = issue_of(SMC12);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	cJSON_Delete(i);
	free(git("revert --no-edit HEAD"));
	free(git("show HEAD~1:ledger/" SMC12 ".json > ../first.json && mkdir -p ledger && "
	         "python3 -c 'import json, sys; d = json.load(sys.stdin); "
	         "d[\"decision\"] = \"not-applicable\"; d[\"tsps\"] = []; "
	         "print(json.dumps(d, indent=2))' < ../first.json > ledger/" SMC12
	         ".json && git add ledger && git commit -q -m redecided"));
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 2);
	tu_assert_has(comment_body(c, 1), "Signed off: not-applicable**");
	cJSON_Delete(c);
	i = issue_of(SMC12);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	cJSON_Delete(i);
}

static void test_terms_before_recording(void **state)
{
	char *out = NULL, *err = NULL;
	const char *terms, *rec;
	(void)state;
	pubenv_start(&env, "2023-01-01", NULL, PUBENV_MIRROR);
	/* the issue SMC-3's publish opened quotes the definition, collapsed */
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	{
		cJSON *i = issue_of("cabforum-smime@3639f2c60f9f");
		const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		const char *part = body ? strstr(body, "\n## Terms used\n") : NULL;
		assert_non_null(part);
		tu_assert_has(part, "- Defines **Extant S/MIME CA** (`SBR.md` §1.6.1)\n");
		tu_assert_has(part, "<details><summary>Definitions</summary>");
		tu_assert_has(part,
		              "**Extant S/MIME CA** (`SBR.md` §1.6.1), defined by this change:\n\n"
		              "> A Subordinate CA that:\n");
		tu_assert_has(part, "\n>    4. The CA Certificate contains the \\`anyPolicy\\`");
		tu_assert_has(part, "\n>       b. The CA Certificate contains a policy qualifier");
		assert_true(strstr(part, "</details>") < strstr(part, "\n## Changes\n"));
		cJSON_Delete(i);
	}
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(signoff(&out, &err, "cabforum-smime@3639f2c60f9f --decision applicable"),
	                 0);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	terms = strstr(out, "Defined terms this change relies on");
	rec = strstr(out, "recorded in ledger/cabforum-smime@3639f2c60f9f.json");
	assert_non_null(terms);
	assert_non_null(rec);
	assert_true(terms < rec);
	tu_assert_has(terms, "\n  \"Extant S/MIME CA\" (SBR.md 1.6.1), defined by this change:\n"
	                     "      A Subordinate CA that:\n");
	tu_assert_has(terms, "\n         4. The CA Certificate contains the `anyPolicy`");
	tu_assert_has(terms, "\n  \"Mailbox Address\" (SBR.md 1.6.1), changed by this change; "
	                     "before:\n");
	free(out);
	free(err);
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(signoff(&out, &err, SMC12 " --decision not-applicable"), 0);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	tu_assert_lacks(out, "Defined terms");
	free(out);
	free(err);
}

static void test_offline_signoff_then_sync(void **state)
{
	char *out = NULL, *err = NULL;
	cJSON *i, *c;
	long n0, number;
	(void)state;
	start();
	n0 = commits();
	fakegh_clear_log(&env.fake);
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(signoff(&out, &err, SMC12 " --decision applicable --tsp ministry"), 0);
	tu_assert_has(out, "recorded in ledger/" SMC12 ".json");
	tu_assert_has(out, "no GitHub token (GITHUB_TOKEN or GH_TOKEN): the next 'pkiwatch sync'");
	free(out);
	free(err);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_int_equal(commits(), n0 + 1);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	i = issue_of(SMC12);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "open");
	cJSON_Delete(i);

	/* the run dies after the comment, before the issue is updated */
	fakegh_fault(&env.fake, "{\"action\":\"status\",\"status\":502,\"count\":50,"
	                        "\"method\":\"PATCH\"}");
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 1);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 1);
	cJSON_Delete(c);
	cJSON_Delete(fakegh_admin(&env.fake, "DELETE", "/_admin/faults", NULL));
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 1);
	tu_assert_has(comment_body(c, 0), "Signed off: applicable** for ministry");
	cJSON_Delete(c);
	i = issue_of(SMC12);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	assert_false(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(i);
	/* again: nothing to do for it */
	fakegh_clear_log(&env.fake);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);

	/* the decision changed: reverted (the issue waits again), then signed off anew */
	free(git("revert --no-edit HEAD"));
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	i = issue_of(SMC12);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "open");
	assert_true(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(i);
	unsetenv("GITHUB_TOKEN");
	assert_int_equal(signoff(NULL, NULL, SMC12 " --decision not-applicable"), 0);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 2);
	tu_assert_has(comment_body(c, 1), "Signed off: not-applicable**");
	cJSON_Delete(c);
	i = issue_of(SMC12);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	cJSON_Delete(i);
	/* once per decision */
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 2);
	cJSON_Delete(c);
}

/* A repository whose issues are gone (a new one): publish re-creates a
 * signed-off change's issue labelled signed-off and closed. */
static void test_publish_after_signoff_to_new_repository(void **state)
{
	cJSON *i;
	(void)state;
	start();
	assert_int_equal(signoff(NULL, NULL, SMC12 " --decision not-applicable"), 0);
	fakegh_stop(&env.fake);
	fakegh_start(&env.fake, NULL);
	setenv("GITHUB_API_URL", env.fake.url, 1);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	i = issue_of(SMC12);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	assert_false(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(i);
	i = issue_of("cabforum-smime@3f637aeebd31");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "open");
	assert_true(pubenv_has_label(i, "needs-signoff"));
	cJSON_Delete(i);
}

/* Ballot SMC099 as two adopted commits (one issue), mirrored and published;
 * `older` and `newer`: their change ids. */
static void publish_two_change_ballot(char older[64], char newer[64])
{
	char up[4096], *adopted = NULL, *draft = NULL;
	pubenv_init(&env, "[\"cabforum-smime\"]", "2024-01-01", NULL);
	pubenv_upstream(
	    &env,
	    PUBENV_INITIAL_COMMIT
	    " && printf '\\nEffective March 15, 2026, the CA SHALL lint.\\n' >> SBR.md "
	    "&& GIT_COMMITTER_DATE=2024-07-01T00:00:00Z git commit -q -a -m 'Ballot "
	    "SMC099: lint' && printf 'Effective March 15, 2026, the CA SHALL lint every "
	    "certificate before issuance and keep the results.\\n' >> SBR.md && "
	    "GIT_COMMITTER_DATE=2024-07-02T00:00:00Z git commit -q -a -m 'Ballot "
	    "SMC099: linting results kept' && git push -q origin main",
	    up, sizeof(up));
	pubenv_mirror(&env, up, "cabforum-smime");
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	assert_int_equal(
	    tu_sh(&adopted, NULL, "git -C '%s/cabforum-smime.git' rev-parse --short=12 main~1", up),
	    0);
	assert_int_equal(
	    tu_sh(&draft, NULL, "git -C '%s/cabforum-smime.git' rev-parse --short=12 main", up), 0);
	adopted[12] = draft[12] = '\0';
	snprintf(older, 64, "cabforum-smime@%s", adopted);
	snprintf(newer, 64, "cabforum-smime@%s", draft);
	free(adopted);
	free(draft);
}

/* An issue with two changes (a ballot and a second commit naming it) is
 * closed only when both are signed off. (A draft branch left behind after
 * its ballot was adopted is no longer reported: issue 16.) */
static void test_group_closes_when_all_signed_off(void **state)
{
	char *out = NULL, args[256], aid[64], did[64];
	cJSON *issues, *i, *c;
	long number;
	(void)state;
	publish_two_change_ballot(aid, did);
	issues = fakegh_issues(&env.fake, NULL);
	i = pubenv_issue_with(issues, aid);
	assert_non_null(i);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	assert_true(pubenv_issue_with(issues, did) == i); /* one issue for both */
	cJSON_Delete(issues);

	snprintf(args, sizeof(args), "%s --decision applicable --tsp ministry", aid);
	assert_int_equal(signoff(&out, NULL, args), 0);
	assert_non_null(strstr(out, "stays open"));
	free(out);
	i = issue_of(aid);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "open");
	assert_true(pubenv_has_label(i, "needs-signoff"));
	/* still open: the instructions stay */
	tu_assert_has(cJSON_GetStringValue(cJSON_GetObjectItem(i, "body")), "pkiwatch signoff ");
	cJSON_Delete(i);

	snprintf(args, sizeof(args), "%s --decision applicable --tsp ministry", did);
	assert_int_equal(signoff(&out, NULL, args), 0);
	assert_non_null(strstr(out, "closed"));
	free(out);
	i = issue_of(aid);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	assert_false(pubenv_has_label(i, "needs-signoff"));
	tu_assert_lacks(cJSON_GetStringValue(cJSON_GetObjectItem(i, "body")), "pkiwatch signoff ");
	cJSON_Delete(i);
	c = comments_of(number);
	assert_int_equal(cJSON_GetArraySize(c), 2);
	cJSON_Delete(c);
	assert_git("rev-list --count HEAD -- ledger", "2\n");
}

/* The "applies_to" list of ledger/<id>.json as "a,b" ("" when empty);
 * fails when the entry has none. */
static char *applies_to(const char *id)
{
	char path[4096], *text, *list = calloc(1, 1024);
	cJSON *e, *a, *t;
	snprintf(path, sizeof(path), "%s/ledger/%s.json", env.repo, id);
	text = tu_read(path);
	assert_non_null(text);
	e = cJSON_Parse(text);
	a = cJSON_GetObjectItem(e, "applies_to");
	if (!cJSON_IsArray(a))
		fail_msg("ledger/%s.json has no applies_to: %s", id, text);
	cJSON_ArrayForEach(t, a)
	{
		if (*list)
			strcat(list, ",");
		strcat(list, cJSON_GetStringValue(t));
	}
	cJSON_Delete(e);
	free(text);
	return list;
}

static void assert_applies_to(const char *id, const char *want)
{
	char *got = applies_to(id);
	if (strcmp(got, want) != 0)
		fail_msg("ledger/%s.json: applies_to '%s', want '%s'", id, got, want);
	free(got);
}

/* signoff SMC-99: both changes of the ballot's issue (two adopted commits
 * naming it), one ledger commit each, the TSPs computed from the profiles printed
 * and recorded, the issue closed by the one command. */
static void test_signoff_by_ballot(void **state)
{
	char *out = NULL, *err = NULL, aid[64], did[64];
	cJSON *i;
	long n0;
	(void)state;
	/* did: the older, recorded second; aid: the newer, recorded first */
	publish_two_change_ballot(did, aid);
	n0 = commits();
	/* an unknown ballot: nothing recorded */
	assert_int_equal(signoff(NULL, &err, "SMC-98 --decision applicable"), 2);
	tu_assert_has(err, "pkiwatch: no change of ballot 'SMC-98' in the mirror");
	free(err);
	assert_int_equal(commits(), n0);

	assert_int_equal(signoff(&out, &err, "smc-099 --decision applicable"), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "applicable, recorded in ledger/");
	{
		char want[256];
		snprintf(want, sizeof(want), "%s: applicable, recorded in ledger/%s.json", aid,
		         aid);
		tu_assert_has(out, want);
		snprintf(want, sizeof(want), "%s: applicable, recorded in ledger/%s.json", did,
		         did);
		tu_assert_has(out, want);
	}
	/* smime: the ministry issues smime certificates, northwind only tls */
	tu_assert_has(out, "  applies to: ministry (issues smime certificates)\n");
	tu_assert_lacks(out, "northwind");
	tu_assert_has(out, "closed");
	free(out);
	free(err);
	assert_int_equal(commits(), n0 + 2);
	{ /* one commit per change, each touching its entry alone */
		char want[128];
		snprintf(want, sizeof(want), "ledger/%s.json\n", aid);
		assert_git("show --name-only --format= HEAD~1", want);
		snprintf(want, sizeof(want), "ledger/%s.json\n", did);
		assert_git("show --name-only --format= HEAD", want);
	}
	assert_applies_to(aid, "ministry");
	assert_applies_to(did, "ministry");
	out = git("log -1 --format=%B");
	tu_assert_has(out, "\nApplies to: ministry\n");
	free(out);
	i = issue_of(aid);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	assert_true(pubenv_has_label(i, "signed-off"));
	cJSON_Delete(i);
	/* again: nothing new */
	assert_int_equal(signoff(&out, NULL, "SMC-99 --decision applicable"), 0);
	tu_assert_has(out, "already in ledger/");
	free(out);
	assert_int_equal(commits(), n0 + 2);
}

/* signoff '#N' signs off every change of issue N (read from GitHub);
 * --kind revert every undecided revert; the TSP set is recorded also when
 * empty (not-applicable). */
static void test_signoff_by_issue_and_kind(void **state)
{
	char *out = NULL, *err = NULL, args[128];
	cJSON *issues, *i;
	long n0, number;
	(void)state;
	pubenv_start(&env, "2024-06-01", NULL, PUBENV_MIRROR);
	assert_int_equal(pubenv_run(&env, NULL, NULL, "publish"), 0);
	issues = fakegh_issues(&env.fake, NULL);
	i = pubenv_issue_with(issues, SMC10);
	assert_non_null(i);
	number = (long)cJSON_GetObjectItem(i, "number")->valuedouble;
	cJSON_Delete(issues);
	n0 = commits();

	/* bad issue numbers, and no token: nothing recorded */
	assert_int_equal(signoff(NULL, &err, "'#99999' --decision applicable"), 2);
	tu_assert_has(err, "pkiwatch: #99999: no such issue");
	free(err);
	assert_int_equal(signoff(NULL, &err, "'#x1' --decision applicable"), 2);
	tu_assert_has(err, "not an issue number");
	free(err);
	unsetenv("GITHUB_TOKEN");
	snprintf(args, sizeof(args), "'#%ld' --decision applicable", number);
	assert_int_equal(signoff(NULL, &err, args), 2);
	tu_assert_has(err, "set GITHUB_TOKEN or GH_TOKEN");
	free(err);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_int_equal(commits(), n0);

	snprintf(args, sizeof(args), "'#%ld' --decision not-applicable", number);
	assert_int_equal(signoff(&out, &err, args), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, SMC10 ": not-applicable, recorded in ledger/" SMC10 ".json");
	tu_assert_has(out, "  applies to: no TSP\n");
	snprintf(args, sizeof(args), "issue #%ld: commented, closed", number);
	tu_assert_has(out, args);
	free(out);
	free(err);
	assert_int_equal(commits(), n0 + 1);
	assert_applies_to(SMC10, "");

	/* bulk: the one revert of the period */
	assert_int_equal(signoff(&out, &err, "--kind revert --decision not-applicable"), 0);
	tu_assert_has(out, REVERT ": not-applicable, recorded in ledger/" REVERT ".json");
	assert_int_equal(commits(), n0 + 2);
	free(out);
	free(err);
	i = issue_of(REVERT);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(i, "state")), "closed");
	cJSON_Delete(i);
	assert_int_equal(signoff(NULL, &err, "--kind revert --decision not-applicable"), 2);
	tu_assert_has(err, "pkiwatch: no revert change awaits sign-off");
	free(err);
	/* a ballot already decided otherwise is left as it is */
	assert_int_equal(signoff(&out, NULL, "SMC-10 --decision applicable"), 0);
	tu_assert_has(out, SMC10 ": already signed off as not-applicable");
	free(out);
	assert_int_equal(commits(), n0 + 2);
	/* usage */
	assert_int_equal(signoff(NULL, &err, "SMC-10 --kind revert --decision applicable"), 2);
	free(err);
	assert_int_equal(signoff(NULL, &err, "--source cabforum-smime --decision applicable"), 2);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_signoff_commit_and_issue, teardown),
	    cmocka_unit_test_teardown(test_bad_input, teardown),
	    cmocka_unit_test_teardown(test_github_failure_then_rerun, teardown),
	    cmocka_unit_test_teardown(test_offline_signoff_then_sync, teardown),
	    cmocka_unit_test_teardown(test_redecided_within_the_same_second, teardown),
	    cmocka_unit_test_teardown(test_terms_before_recording, teardown),
	    cmocka_unit_test_teardown(test_group_closes_when_all_signed_off, teardown),
	    cmocka_unit_test_teardown(test_publish_after_signoff_to_new_repository, teardown),
	    cmocka_unit_test_teardown(test_signoff_by_ballot, teardown),
	    cmocka_unit_test_teardown(test_signoff_by_issue_and_kind, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
