/* The GitHub Action's run step (action/run.sh, the real file) in a simulated
 * Actions environment: GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files under a
 * temporary RUNNER_TEMP, GITHUB_API_URL = the fake GitHub, a random token, the
 * real cabforum-smime history (cloned into an empty cache by the sync). The
 * step's outputs are checked against the fake's state and `pkiwatch changes`,
 * not against sync's own report; reminders through PKIWATCH_TODAY (the fake
 * stamps issues with the real clock); the token must appear nowhere.
 * A cmocka test rather than a tests/extra script: it reuses the fake GitHub's
 * driver and the compliance repository of the publish tests (fakegh, pubenv),
 * and its results count in the suite's summary. */
#include "testutil.h"

#include "fakegh.h"
#include "pubenv.h"

#include <string.h>
#include <time.h>

static pubenv env;
static char token[64];    /* ghp_ + 40 random hex digits, fresh per test */
static char runner[4096]; /* RUNNER_TEMP */
static char output_path[4200], summary_path[4200];
static char pkiwatch_bin[4096]; /* tu_bin() at start: PKIWATCH_BIN is rewritten */

static int teardown(void **state)
{
	(void)state;
	pubenv_stop(&env);
	return 0;
}

static void random_token(char *out, size_t size)
{
	unsigned char b[20];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t i;
	assert_non_null(f);
	assert_int_equal(fread(b, 1, sizeof(b), f), sizeof(b));
	fclose(f);
	assert_true(size > 4 + 2 * sizeof(b));
	strcpy(out, "ghp_");
	for (i = 0; i < sizeof(b); i++)
		sprintf(out + 4 + 2 * i, "%02x", b[i]);
}

/* The compliance repository publishing cabforum-smime since 2024-01-01 to
 * the fake, which accepts only a fresh random token; an empty cache. */
static void start_env(const char *up)
{
	const char *args[] = {"--token", token, NULL};
	random_token(token, sizeof(token));
	/* complete TSP profiles (the reminders read them; pubenv's are minimal,
	 * one deliberately broken) */
	pubenv_start(&env, "2024-01-01", args, PUBENV_TSPS_VALID);
	if (up)
		setenv("PKIWATCH_UPSTREAM", up, 1);
	snprintf(runner, sizeof(runner), "%s/runner", env.dir);
	snprintf(output_path, sizeof(output_path), "%s/output", runner);
	snprintf(summary_path, sizeof(summary_path), "%s/summary.md", runner);
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s'", runner), 0);
	setenv("GITHUB_TOKEN", token, 1);
	setenv("GITHUB_ACTIONS", "true", 1);
	setenv("GITHUB_REPOSITORY", FAKEGH_REPO, 1);
	setenv("RUNNER_TEMP", runner, 1);
	setenv("GITHUB_OUTPUT", output_path, 1);
	setenv("GITHUB_STEP_SUMMARY", summary_path, 1);
	/* what action.yml's run step sets from the inputs */
	setenv("CONFIG", "pkiwatch.json", 1);
	setenv("DRY_RUN", "false", 1);
	setenv("CACHE", env.cache, 1);
	setenv("PKIWATCH_BIN", pkiwatch_bin, 1);
}

static void start(void)
{
	start_env(tu_upstream_or_skip());
}

static void assert_no_token(const char *what, const char *text)
{
	if (text && strstr(text, token))
		fail_msg("the token appears in %s", what);
}

/* Runs action/run.sh in the compliance repository with fresh (empty) output
 * and summary files, as every step of a job gets. Returns the exit status. */
static int run_step(char **out, char **err)
{
	int rc;
	tu_write(output_path, "");
	tu_write(summary_path, "");
	rc = tu_sh(out, err, "cd '%s' && bash '%s'", env.repo, tu_src_path("action/run.sh"));
	assert_no_token("stdout", *out);
	assert_no_token("stderr", *err);
	return rc;
}

/* The value of `key=` in the outputs file (exactly one such line), or NULL
 * when there is none. Caller frees. */
static char *output_value(const char *key)
{
	char *text = tu_read(output_path), *line, *save = NULL, *value = NULL;
	size_t klen = strlen(key);
	int n = 0;
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
			n++;
			free(value);
			value = strdup(line + klen + 1);
		}
	free(text);
	if (n > 1)
		fail_msg("%d lines %s= in the outputs", n, key);
	return value;
}

static long output_number(const char *key)
{
	char *v = output_value(key), *end;
	long n;
	if (!v)
		fail_msg("no %s= in the outputs", key);
	n = strtol(v, &end, 10);
	if (!*v || *end)
		fail_msg("%s=%s is not a number", key, v);
	free(v);
	return n;
}

/* Facts from the fake's state: change issues (the group issues, not the
 * dashboard), those open with needs-signoff, and all comments. */
typedef struct {
	int issues, awaiting, comments;
} facts;

static facts state_facts(void)
{
	cJSON *state = fakegh_state(&env.fake), *repo, *i, *c;
	facts f = {0, 0, 0};
	repo = cJSON_GetObjectItem(state, FAKEGH_REPO);
	cJSON_ArrayForEach(i, cJSON_GetObjectItem(repo, "issues"))
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		const char *st = cJSON_GetStringValue(cJSON_GetObjectItem(i, "state"));
		if (!b || !strstr(b, "<!-- pkiwatch:issue "))
			continue;
		f.issues++;
		if (st && strcmp(st, "open") == 0 && pubenv_has_label(i, "needs-signoff"))
			f.awaiting++;
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(repo, "comments")) f.comments +=
	    cJSON_GetArraySize(c);
	cJSON_Delete(state);
	return f;
}

/* action.yml's sync step runs this very run.sh with the variables it reads,
 * and the action's outputs come from that step: they cannot drift apart. */
static void test_action_yml_runs_run_sh(void **state)
{
	char *yml = tu_read(tu_src_path("action/action.yml")), *step, *end;
	const char *vars[] = {"GITHUB_TOKEN: ${{ inputs.token }}", "CONFIG: ${{ inputs.config }}",
	                      "DRY_RUN: ${{ inputs.dry-run }}", "CACHE: ", "PKIWATCH_BIN: "};
	const char *outputs[] = {"new-changes", "updated-changes", "awaiting-signoff",
	                         "next-effective-date"};
	size_t k;
	(void)state;
	assert_non_null(yml);
	step = strstr(yml, "\n      id: sync\n");
	assert_non_null(step);
	end = strstr(step, "\n    - ");
	if (end)
		*end = '\0';
	assert_non_null(strstr(step, "\n      run: bash \"$GITHUB_ACTION_PATH/run.sh\"\n"));
	for (k = 0; k < sizeof(vars) / sizeof(vars[0]); k++)
		if (!strstr(step, vars[k]))
			fail_msg("the sync step of action.yml does not set %s", vars[k]);
	if (end)
		*end = '\n';
	for (k = 0; k < sizeof(outputs) / sizeof(outputs[0]); k++) {
		char want[256];
		snprintf(want, sizeof(want), "value: ${{ steps.sync.outputs.%s }}", outputs[k]);
		if (!strstr(yml, want))
			fail_msg("action.yml does not map output %s from the sync step",
			         outputs[k]);
	}
	free(yml);
}

/* Bad inputs: one ::error line naming the input, exit 1, pkiwatch not run. */
static void test_bad_inputs(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	start_env(NULL); /* pkiwatch never reaches the upstream */
	setenv("DRY_RUN", "maybe", 1);
	assert_int_equal(run_step(&out, &err), 1);
	assert_string_equal(out, "::error title=pkiwatch::input dry-run: expected 'true' or "
	                         "'false', not 'maybe'\n");
	free(out);
	free(err);
	setenv("DRY_RUN", "false", 1);
	setenv("CONFIG", "missing.json", 1);
	assert_int_equal(run_step(&out, &err), 1);
	assert_non_null(
	    strstr(out, "::error title=pkiwatch::input config: no file 'missing.json'"));
	free(out);
	free(err);
	setenv("CONFIG", "pkiwatch.json", 1);
	setenv("GITHUB_TOKEN", "", 1);
	assert_int_equal(run_step(&out, &err), 1);
	assert_non_null(strstr(out, "::error title=pkiwatch::input token is empty"));
	free(out);
	free(err);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
}

/* With a stand-in binary: its stdout cannot issue workflow commands (they are
 * suspended while it runs), and its error line is escaped (% CR LF). */
static void test_commands_and_escaping(void **state)
{
	char *out = NULL, *err = NULL, bin[4200], *stop, *resume, word[64];
	(void)state;
	start_env(NULL); /* pkiwatch never reaches the upstream */
	snprintf(bin, sizeof(bin), "%s/fake-pkiwatch", env.dir);
	tu_write(bin, "#!/bin/sh\n"
	              "echo '::add-mask::x'\n"
	              "echo '::error::from upstream text'\n"
	              "printf 'pkiwatch: 100%% sure\\r\\n' >&2\n"
	              "exit 2\n");
	assert_int_equal(tu_sh(NULL, NULL, "chmod +x '%s'", bin), 0);
	setenv("PKIWATCH_BIN", bin, 1);
	assert_int_equal(run_step(&out, &err), 2);
	/* ::stop-commands::<word>, the binary's lines, ::<word>::, the error */
	stop = strstr(out, "::stop-commands::");
	assert_non_null(stop);
	assert_int_equal(sscanf(stop, "::stop-commands::%63[0-9a-f]\n", word), 1);
	assert_true(strlen(word) >= 32);
	{
		char end[80];
		snprintf(end, sizeof(end), "\n::%s::\n", word);
		resume = strstr(out, end);
		assert_non_null(resume);
	}
	assert_true(stop < strstr(out, "::add-mask::x") && strstr(out, "::error::from") < resume);
	assert_string_equal(strstr(resume + 1, "\n") + 1,
	                    "::error title=pkiwatch::100%25 sure%0D\n");
	assert_non_null(strstr(err, "pkiwatch: 100% sure"));
	free(out);
	free(err);
}

/* The soonest effective date on or after `today` among the changes that have
 * an issue, from `pkiwatch changes --format json --drafts` (not from sync's
 * report); "" when none. */
static void next_date_of_issues(const char *today, char out[11])
{
	char *json = NULL;
	cJSON *changes, *c, *issues = fakegh_issues(&env.fake, NULL);
	out[0] = '\0';
	assert_int_equal(
	    pubenv_run(&env, &json, NULL, "changes --format json --drafts --since 2024-01-01"), 0);
	changes = cJSON_Parse(json);
	assert_non_null(changes);
	cJSON_ArrayForEach(c, changes)
	{
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));
		cJSON *d;
		if (!id || pubenv_marker_count(issues, id) != 1)
			continue;
		cJSON_ArrayForEach(d, cJSON_GetObjectItem(c, "effective_dates"))
		{
			const char *date = cJSON_GetStringValue(cJSON_GetObjectItem(d, "date"));
			if (date && strcmp(date, today) >= 0 && (!out[0] || strcmp(date, out) < 0))
				snprintf(out, 11, "%s", date);
		}
	}
	cJSON_Delete(changes);
	cJSON_Delete(issues);
	free(json);
}

/* The four outputs against the fake's state: `created` issues opened by this
 * run, none updated, the open needs-signoff issues, the next date. */
static void assert_outputs(long created, const char *today)
{
	facts f = state_facts();
	char next[11], *v;
	assert_int_equal(output_number("new-changes"), created);
	assert_int_equal(output_number("updated-changes"), 0);
	assert_int_equal(output_number("awaiting-signoff"), f.awaiting);
	next_date_of_issues(today, next);
	v = output_value("next-effective-date");
	assert_non_null(v);
	assert_string_equal(v, next);
	free(v);
}

/* Every change issue is linked from the job summary. */
static void assert_summary_links(void)
{
	char *summary = tu_read(summary_path);
	cJSON *issues = fakegh_issues(&env.fake, NULL), *i;
	int n = 0;
	assert_non_null(summary);
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		char url[256];
		if (!b || !strstr(b, "<!-- pkiwatch:issue "))
			continue;
		snprintf(url, sizeof(url), "https://github.example/%s/issues/%d", FAKEGH_REPO,
		         (int)cJSON_GetNumberValue(cJSON_GetObjectItem(i, "number")));
		if (!strstr(summary, url))
			fail_msg("the job summary does not link %s:\n%s", url, summary);
		n++;
	}
	assert_true(n > 0);
	cJSON_Delete(issues);
	free(summary);
}

/* The token in no file under the test's directory (compliance repository,
 * cache, RUNNER_TEMP with the outputs, summary and outbox). */
static void assert_token_in_no_file(void)
{
	char *out = NULL;
	int rc = tu_sh(&out, NULL, "grep -rlF -e '%s' '%s'", token, env.dir);
	if (rc != 1)
		fail_msg("grep -r for the token: status %d, files: %s", rc, out ? out : "");
	free(out);
}

/* First run: issues, outputs, summary; the same day again: nothing posted and
 * new-changes=0. Returns the facts after the first run. */
static facts sync_twice(void)
{
	char *out = NULL, *err = NULL;
	facts first, again;
	start();
	if (run_step(&out, &err) != 0)
		fail_msg("run.sh failed:\n%s\n%s", out, err);
	assert_null(strstr(out, "::error"));
	first = state_facts();
	assert_true(first.issues >= 9);
	assert_true(first.awaiting == first.issues);
	assert_int_equal(first.comments, 0);
	assert_outputs(first.issues, "2025-03-01");
	assert_summary_links();
	free(out);
	free(err);

	/* the same day: no POST, no PATCH, nothing new */
	fakegh_clear_log(&env.fake);
	assert_int_equal(run_step(&out, &err), 0);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	assert_int_equal(fakegh_count(&env.fake, "PATCH", NULL), 0);
	again = state_facts();
	assert_memory_equal(&again, &first, sizeof(facts));
	assert_outputs(0, "2025-03-01");
	free(out);
	free(err);
	return first;
}

static void test_sync_twice(void **state)
{
	(void)state;
	sync_twice();
	assert_token_in_no_file();
}

/* dry-run 'true' without a token: no request reaches the fake; the outbox is
 * under RUNNER_TEMP (not in the work tree); new-changes counts the issues the
 * outbox would create. */
static void test_dry_run_without_token(void **state)
{
	char *out = NULL, *err = NULL, *n = NULL;
	(void)state;
	start();
	unsetenv("GITHUB_TOKEN");
	setenv("DRY_RUN", "true", 1);
	if (run_step(&out, &err) != 0)
		fail_msg("run.sh failed:\n%s\n%s", out, err);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(
	    tu_sh(&n, NULL,
	          "cd '%s/pkiwatch-outbox' && grep -l 'pkiwatch:issue ' *-POST-issues.json "
	          "| wc -l",
	          runner),
	    0);
	assert_true(atoi(n) >= 9);
	assert_int_equal(output_number("new-changes"), atoi(n));
	assert_int_equal(output_number("awaiting-signoff"), atoi(n));
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/out'", env.repo), 0);
	free(n);
	free(out);
	free(err);
	/* with the token given (as the Action always does): not in the outbox's
	 * requests either */
	setenv("GITHUB_TOKEN", token, 1);
	assert_int_equal(tu_sh(NULL, NULL, "rm -rf '%s/pkiwatch-outbox'", runner), 0);
	assert_int_equal(run_step(&out, &err), 0);
	assert_int_equal(fakegh_count(&env.fake, NULL, NULL), 0);
	assert_int_equal(
	    tu_sh(NULL, NULL, "test -f '%s/pkiwatch-outbox/0001-GET-issues.json'", runner), 0);
	free(out);
	free(err);
	assert_token_in_no_file();
}

/* A failure of pkiwatch: its exit status, one ::error line carrying its
 * one-line cause, no outputs and no summary. */
static void assert_failed_step(int rc, const char *out, const char *err, const char *cause)
{
	char *line, *outputs = tu_read(output_path), *summary = tu_read(summary_path);
	const char *p;
	size_t n = 0;
	if (rc == 0)
		fail_msg("run.sh succeeded:\n%s", out);
	line = strstr(err, "\npkiwatch: ");
	line = line ? line + 1 : (strncmp(err, "pkiwatch: ", 10) == 0 ? (char *)err : NULL);
	assert_non_null(line);
	assert_non_null(strstr(line, cause));
	for (p = out; (p = strstr(p, "::error")) != NULL; p++)
		n++;
	assert_int_equal(n, 1);
	{
		char want[1024];
		size_t len = strcspn(line, "\n");
		snprintf(want, sizeof(want), "\n::error title=pkiwatch::%.*s\n", (int)(len - 10),
		         line + 10);
		if (!strstr(out, want))
			fail_msg("no '%s' in stdout:\n%s", want + 1, out);
	}
	assert_null(strstr(outputs, "new-changes="));
	assert_string_equal(summary, "");
	free(outputs);
	free(summary);
}

/* GitHub answers 401 (a token it does not know), then is unreachable. */
static void test_failures(void **state)
{
	char *out = NULL, *err = NULL, wrong[64], url[64];
	int rc;
	(void)state;
	start();
	random_token(wrong, sizeof(wrong));
	setenv("GITHUB_TOKEN", wrong, 1);
	rc = run_step(&out, &err);
	assert_failed_step(rc, out, err, "401");
	assert_null(strstr(out, wrong));
	assert_null(strstr(err, wrong));
	assert_true(fakegh_count(&env.fake, NULL, NULL) > 0);
	free(out);
	free(err);

	setenv("GITHUB_TOKEN", token, 1);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", tu_free_port());
	setenv("GITHUB_API_URL", url, 1);
	rc = run_step(&out, &err);
	assert_failed_step(rc, out, err, "127.0.0.1");
	free(out);
	free(err);
	assert_token_in_no_file();
	assert_int_equal(state_facts().issues, 0);
}

/* YYYY-MM-DD of the real clock plus `days` (the fake stamps created_at with
 * the real time). */
static void real_date(char out[11], int days)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	assert_non_null(gmtime_r(&t, &tm));
	assert_int_equal(strftime(out, 11, "%Y-%m-%d", &tm), 10);
}

/* The id of the change of `ballot` (from `pkiwatch changes`); caller frees. */
static char *change_of_ballot(const char *ballot)
{
	char *json = NULL, *id = NULL;
	cJSON *changes, *c;
	assert_int_equal(pubenv_run(&env, &json, NULL, "changes --format json --since 2024-01-01"),
	                 0);
	changes = cJSON_Parse(json);
	assert_non_null(changes);
	cJSON_ArrayForEach(c, changes)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(c, "ballot"));
		if (b && strcmp(b, ballot) == 0 && !id)
			id = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")));
	}
	cJSON_Delete(changes);
	free(json);
	assert_non_null(id);
	return id;
}

/* Comments in the fake's state whose body holds `needle`, and (when `issue`
 * is not NULL) the number of the issue of the last one, (when `body` is not
 * NULL) its body (caller frees). */
static int comments_with(const char *needle, int *issue, char **body)
{
	cJSON *state = fakegh_state(&env.fake), *per, *c;
	int n = 0;
	per = cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments");
	cJSON_ArrayForEach(per, per)
	{
		cJSON_ArrayForEach(c, per)
		{
			const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(c, "body"));
			if (b && strstr(b, needle)) {
				n++;
				if (issue)
					*issue = atoi(per->string);
				if (body) {
					free(*body);
					*body = strdup(b);
				}
			}
		}
	}
	cJSON_Delete(state);
	return n;
}

/* Sign-off reminders that name `who`. */
static int signoff_reminders_naming(const char *who)
{
	cJSON *state = fakegh_state(&env.fake), *per, *c;
	int n = 0;
	per = cJSON_GetObjectItem(cJSON_GetObjectItem(state, FAKEGH_REPO), "comments");
	cJSON_ArrayForEach(per, per) cJSON_ArrayForEach(c, per)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(c, "body"));
		n += b && strstr(b, "<!-- pkiwatch:remind signoff ") && strstr(b, who);
	}
	cJSON_Delete(state);
	return n;
}

/* The scheduled run's reminders: after a sign-off (applicable to the
 * ministry, whose response is missing) a warning 14 days before the
 * effective date, in the dashboard's digest as the issue is closed; ten days after the issues were
 * opened a sign-off reminder on every issue still waiting, naming the officer; each once. */
static void test_reminders(void **state)
{
	char *out = NULL, *err = NULL, *smc10, later[11], *summary, *body = NULL;
	int issue = 0, waiting;
	facts f;
	(void)state;
	sync_twice();
	/* reminders on the issues (the default is one digest on the dashboard:
	 * test_remind test_weekly_digest) */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && sed -i 's/^{/{\"reminders\":\"issues\",/' pkiwatch.json",
	                       env.repo),
	                 0);
	smc10 = change_of_ballot("SMC-10");
	{
		char args[256];
		snprintf(args, sizeof(args), "signoff %s --decision applicable --tsp ministry",
		         smc10);
		assert_int_equal(pubenv_run(&env, NULL, NULL, args), 0);
	}
	f = state_facts();
	waiting = f.awaiting;
	assert_true(waiting >= 1);

	/* 2025-03-01: SMC-10 takes effect on 2025-03-15, the ministry has not
	 * answered */
	fakegh_clear_log(&env.fake);
	if (run_step(&out, &err) != 0)
		fail_msg("run.sh failed:\n%s\n%s", out, err);
	free(out);
	free(err);
	/* SMC-10's issue was closed at its sign-off: no comment there (issue 15),
	 * the reminder is in the digest on the dashboard, counted, no TSP named */
	assert_int_equal(comments_with("<!-- pkiwatch:remind responses ", NULL, NULL), 0);
	assert_int_equal(comments_with("<!-- pkiwatch:digest every 7 days, period ", NULL, &body),
	                 1);
	{
		const char *row = strstr(body, "| 2025-03-15 | 14 days | #");
		assert_non_null(row);
		issue = atoi(row + strlen("| 2025-03-15 | 14 days | #"));
		assert_true(issue > 0);
		assert_non_null(strstr(row, " [cabforum-smime] SMC-10: "));
	}
	assert_null(strstr(body, "Ministry PKI"));
	assert_null(strstr(body, "Northwind"));
	free(body);
	assert_int_equal(comments_with("<!-- pkiwatch:remind signoff ", NULL, NULL), 0);
	summary = tu_read(summary_path); /* the job summary names the TSP */
	{
		char url[128];
		snprintf(url, sizeof(url), "https://github.example/%s/issues/%d", FAKEGH_REPO,
		         issue);
		assert_non_null(strstr(summary, url));
		assert_non_null(
		    strstr(summary, "effective 2025-03-15 (in 14 days): Ministry PKI |"));
	}
	free(summary);

	/* ten days after the issues were opened (remind_after_days: 7) */
	real_date(later, 10);
	setenv("PKIWATCH_TODAY", later, 1);
	if (run_step(&out, &err) != 0)
		fail_msg("run.sh failed:\n%s\n%s", out, err);
	free(out);
	free(err);
	assert_int_equal(comments_with("<!-- pkiwatch:remind signoff ", NULL, NULL), waiting);
	assert_int_equal(signoff_reminders_naming("@mjansen"), waiting);
	assert_outputs(0, later);
	f = state_facts();

	/* that day again: nothing */
	fakegh_clear_log(&env.fake);
	assert_int_equal(run_step(&out, &err), 0);
	free(out);
	free(err);
	assert_int_equal(fakegh_count(&env.fake, "POST", NULL), 0);
	{
		facts again = state_facts();
		assert_memory_equal(&again, &f, sizeof(facts));
	}
	free(smc10);
	assert_token_in_no_file();
}

/* A repository that says who may sign (an allowed_signers file) gets its
 * ledger checked after the sync: an unsigned ledger commit fails the job with
 * an annotation naming the commit and the file; verify: 'false' skips it. */
static void test_verify_fails_job(void **state)
{
	char *out = NULL, *err = NULL, *head = NULL, want[256];
	(void)state;
	start();
	assert_int_equal(
	    tu_sh(&head, NULL,
	          "cd '%s' && mkdir -p ledger/forms && echo '{}' > ledger/forms/t.json "
	          "&& echo 'maria@authority.example ssh-ed25519 "
	          "AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4' "
	          "> allowed_signers && git add allowed_signers ledger/forms/t.json && "
	          "git commit -q -m 'unsigned ledger commit' && git rev-parse HEAD",
	          env.repo),
	    0);
	assert_int_equal(run_step(&out, &err), 1);
	snprintf(
	    want, sizeof(want),
	    "::error title=pkiwatch verify::%.12s ledger/forms/t.json: ledger commit not signed",
	    head);
	tu_assert_has(out, want);
	tu_assert_has(out, "::error title=pkiwatch::verify: 1 problem in the ledger's history");
	free(out);
	free(err);
	setenv("VERIFY", "false", 1);
	assert_int_equal(run_step(&out, &err), 0);
	tu_assert_lacks(out, "pkiwatch verify");
	unsetenv("VERIFY");
	free(out);
	free(err);
	free(head);
}

int main(void)
{
	snprintf(pkiwatch_bin, sizeof(pkiwatch_bin), "%s", tu_bin());
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_action_yml_runs_run_sh, teardown),
	    cmocka_unit_test_teardown(test_bad_inputs, teardown),
	    cmocka_unit_test_teardown(test_commands_and_escaping, teardown),
	    cmocka_unit_test_teardown(test_sync_twice, teardown),
	    cmocka_unit_test_teardown(test_reminders, teardown),
	    cmocka_unit_test_teardown(test_dry_run_without_token, teardown),
	    cmocka_unit_test_teardown(test_failures, teardown),
	    cmocka_unit_test_teardown(test_verify_fails_job, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
