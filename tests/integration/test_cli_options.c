/* The command-line options of every command come from one table per command
 * (cli/opt.h): the same parsing everywhere (abbreviations, --name=value,
 * options after arguments, "--"), usage errors with exit status 2, and a help
 * text whose synopsis and option list name the same options. */
#include "testutil.h"

#include <string.h>

static const char *const commands[] = {"mirror", "changes",   "publish", "sync",      "signoff",
                                       "forms",  "deadlines", "respond", "responses", "summary"};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Runs pkiwatch with `args` where no configuration exists; returns the status. */
static int run(char **out, char **err, const char *args)
{
	return tu_sh(out, err, "cd / && PKIWATCH_CACHE=/nonexistent '%s' %s", tu_bin(), args);
}

static void expect_usage(const char *args, const char *message)
{
	char *out = NULL, *err = NULL;
	int rc = run(&out, &err, args);
	if (rc != 2)
		fail_msg("pkiwatch %s: status %d, stderr '%s'", args, rc, err);
	tu_assert_has(err, message);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

static void test_usage_errors(void **state)
{
	(void)state;
	/* a unique prefix of an option is that option; --name=value is --name value */
	expect_usage("changes --form xml",
	             "pkiwatch: changes: --format takes text or json, not 'xml' (see 'pkiwatch "
	             "changes --help')\n");
	expect_usage("changes --format=xml", "--format takes text or json, not 'xml'");
	/* --format is checked the same way in every command that has it */
	expect_usage("mirror --format xml",
	             "pkiwatch: mirror: --format takes text or json, not 'xml'");
	expect_usage("deadlines --format xml", "--format takes text or json, not 'xml'");
	expect_usage("summary --format html", "--format takes text, md or json, not 'html'");
	/* --format LIST: the names of the formats a command writes, separated by
	 * commas; nothing between two commas, or no name at all, is refused, and
	 * a trailing comma ends the list */
	expect_usage("evidence --from 2020-01-01 --to 2020-02-01 --format md,xx",
	             "pkiwatch: evidence: --format takes md, html, pdf and json separated by "
	             "commas, not 'md,xx' (see 'pkiwatch evidence --help')\n");
	expect_usage("evidence --format ,md", "evidence: --format takes md, html, pdf and json "
	                                      "separated by commas, not ',md'");
	expect_usage("forms --format md,,html",
	             "forms: --format takes md, html and pdf separated by commas, not 'md,,html'");
	expect_usage("forms --format=", "forms: --format takes md, html and pdf separated by "
	                                "commas, not ''");
	expect_usage("self-assessment --format xlsx,pdf",
	             "self-assessment: --format takes xlsx, csv and html separated by commas, not "
	             "'xlsx,pdf'");
	expect_usage("self-assessment --format csv,",
	             "self-assessment: --tsp and --document are required");
	/* an ambiguous prefix (--days, --description), a missing value, a value
	 * given to a switch, an unknown short option */
	expect_usage("respond --d 3", "respond: unknown or incomplete option '--d'");
	expect_usage("changes --from", "changes: unknown or incomplete option '--from'");
	expect_usage("publish --dry-run=yes", "unknown or incomplete option '--dry-run=yes'");
	expect_usage("publish -x", "publish: unknown or incomplete option '-x'");
	/* global options need their value too */
	expect_usage("summary --config", "summary: unknown or incomplete option '--config'");
	/* positional arguments: none expected, after "--", too many */
	expect_usage("deadlines soon", "deadlines: unexpected argument 'soon'");
	expect_usage("publish -- --dry-run", "publish: unexpected argument '--dry-run'");
	expect_usage("signoff a b --kind revert --decision applicable",
	             "signoff: --kind selects the changes itself: give no TARGET with it ('a')");
	expect_usage("signoff --kind nonsense --decision applicable", "signoff: --kind: expected");
	expect_usage("signoff --source cabforum-smime --decision applicable",
	             "signoff: --source goes with --kind");
	/* options after the argument: signoff ID takes --decision from anywhere */
	expect_usage("signoff cabforum-smime@000000000000 --decision maybe",
	             "--decision: expected applicable or not-applicable, got 'maybe'");
	expect_usage("signoff --decision applicable",
	             "signoff: which change? give its id, a ballot");
	expect_usage("responses import a.json b.json", "responses: import takes one FILE");
	expect_usage("responses --replace", "responses: expected 'import FILE'");
	/* checks run in order: a bad value before --help is reported */
	expect_usage("forms --tsp 'Bad Id' --help", "forms: 'Bad Id' is not a TSP id");
	expect_usage("forms --reply-days 0", "--reply-days takes 1 to 3650, not '0'");
	expect_usage("deadlines --within -1", "--within takes 0 to 36500 days, not '-1'");
	expect_usage("mirror -q extra", "mirror: unexpected argument 'extra'");
}

/* The "--name" words of `text` between `from` and `to`, each once, in `out`. */
static size_t option_names(const char *from, const char *to, char names[][32], size_t max)
{
	const char *p = from;
	size_t n = 0, i, len;
	while ((p = strstr(p, "--")) && p < to) {
		len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
		if (len && len < 30) {
			char name[32];
			snprintf(name, sizeof(name), "%.*s", (int)len, p + 2);
			for (i = 0; i < n && strcmp(names[i], name) != 0; i++)
				;
			if (i == n && n < max)
				snprintf(names[n++], 32, "%s", name);
		}
		p += 2 + len;
	}
	return n;
}

/* --help prints the help on stdout, exit status 0; every option of the
 * synopsis has its line in the option list ("  --name"), and every line of
 * the list is in the synopsis. */
static void test_help_from_table(void **state)
{
	size_t c, i;
	(void)state;
	for (c = 0; c < NCOMMANDS; c++) {
		char *out = NULL, *err = NULL, args[64], head[64], syn[32][32], entry[48];
		const char *end, *p;
		size_t nsyn, nlist = 0;
		int rc;

		/* global options are accepted among the command's */
		snprintf(args, sizeof(args), "%s --config=/nonexistent --cache /x --he",
		         commands[c]);
		rc = run(&out, &err, args);
		if (rc != 0 || !out || !err || *err)
			fail_msg("%s: status %d, stderr '%s'", args, rc, err ? err : "");
		snprintf(head, sizeof(head), "usage: pkiwatch %s ", commands[c]);
		if (strncmp(out, head, strlen(head)) != 0)
			fail_msg("%s --help starts with '%.40s'", commands[c], out);
		end = strstr(out, "\n\n");
		assert_non_null(end);
		nsyn = option_names(out, end, syn, 32);
		for (i = 0; i < nsyn; i++) {
			snprintf(entry, sizeof(entry), "\n  --%s", syn[i]);
			if (!strstr(end, entry))
				fail_msg("%s --help: --%s is in the synopsis, not in the list:\n%s",
				         commands[c], syn[i], out);
		}
		/* the option list: lines that start with "  --" */
		for (p = end; (p = strstr(p, "\n  --")); p += 5) {
			size_t len = strspn(p + 5, "abcdefghijklmnopqrstuvwxyz-");
			for (i = 0; i < nsyn; i++)
				if (strlen(syn[i]) == len && strncmp(syn[i], p + 5, len) == 0)
					break;
			if (i == nsyn)
				fail_msg("%s --help: '%.*s' is in the list, not in the synopsis",
				         commands[c], (int)len + 2, p + 3);
			nlist++;
		}
		assert_int_equal(nlist, nsyn);
		free(out);
		free(err);
	}
}

/* The synopsis wraps with its continuation lines under the first option. */
static void test_help_layout(void **state)
{
	char *out = NULL, *err = NULL;
	(void)state;
	assert_int_equal(run(&out, &err, "respond --help"), 0);
	tu_assert_has(out, "usage: pkiwatch respond --tsp T --change ID --impact LEVEL --days N "
	                   "--meets-date yes|no\n"
	                   "                        [--planned DATE] [--description TEXT] "
	                   "[--mitigation TEXT]\n"
	                   "                        [--note TEXT] [--ca NAME --falls-under ANSWER] "
	                   "[--ca-reason TEXT]\n"
	                   "                        [--ca-action TEXT] [--ca-by DATE] [--replace] "
	                   "[--obligation ID]\n"
	                   "                        [--status S] [--evidence TEXT] [--date DATE] "
	                   "[--comment TEXT]\n\n");
	/* descriptions in one column, continuation lines under them */
	tu_assert_has(out, "  --meets-date yes|no can the effective date be met\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "mirror --help"), 0);
	tu_assert_has(out, "usage: pkiwatch mirror [--reclone] [--quiet] [--format text|json]\n");
	tu_assert_has(out, "  --reclone     clone afresh, replacing each mirror once its new clone "
	                   "is complete\n                (repairs a broken cache entry)\n"
	                   "  --quiet, -q   no progress line\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "signoff --help"), 0);
	tu_assert_has(out,
	              "usage: pkiwatch signoff TARGET... --decision applicable|not-applicable "
	              "[--tsp T]...\n                        [--note TEXT] [--tsp-note TEXT]\n");
	free(out);
	free(err);
	assert_int_equal(run(&out, &err, "changes --help"), 0);
	tu_assert_has(out, "[--from REV --to REV] [--drafts]\n                        "
	                   "[--format text|json]\n");
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usage_errors),
	    cmocka_unit_test(test_help_from_table),
	    cmocka_unit_test(test_help_layout),
	};
	return cmocka_run_group_tests_name("cli_options", tests, NULL, NULL);
}
