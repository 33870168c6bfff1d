/* pkiwatch forms on the real cabforum-smime history and the example TSPs:
 * which TSP gets which signed-off change, nothing of other TSPs in a form,
 * bad input, the issuance record, the "save answers" button in real Chromium,
 * PDFs printed by real headless Chromium and by WeasyPrint checked with
 * pdftotext (page 1 and 2 saved as PNG next to the binary for a human). */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOTE "Codeworks Signing Authority and Northwind Trust follow later"

static compfix fx;

static int setup(void **state)
{
	(void)state;
	compfix_env();
	unsetenv("PKIWATCH_CHROMIUM");
	unsetenv("PKIWATCH_WEASYPRINT");
	return 0;
}

/* The compliance repository: examples/compliance with cabforum-smime only
 * since 2023-01-01, the mirror linked into the cache, and a ledger. */
static void start(void)
{
	const char *up = tu_upstream_or_skip();
	compfix_init(&fx, up);
	compfix_signoffs(&fx, "\"" NOTE "\"");
	compfix_commit(&fx);
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

static int forms(char **out, char **err, const char *args)
{
	return compfix_run(&fx, out, err, "forms %s", args);
}

/* The one file with extension `ext` under <base>/<tsp>/ (caller frees), or NULL. */
static char *form_file(const char *base, const char *tsp, const char *ext)
{
	char *out = NULL, *nl;
	tu_sh(&out, NULL, "ls '%s/%s/'*.%s 2>/dev/null", base, tsp, ext);
	if (!out || !*out) {
		free(out);
		return NULL;
	}
	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_null(strchr(nl + 1, '\n')); /* exactly one */
	*nl = '\0';
	return out;
}

static char *read_form(const char *base, const char *tsp, const char *ext)
{
	char *path = form_file(base, tsp, ext), *text;
	assert_non_null(path);
	text = tu_read(path);
	free(path);
	assert_non_null(text);
	return text;
}

static void test_forms_per_tsp(void **state)
{
	char *out = NULL, *err = NULL, *md, *html, base[4096];
	const char *a, *b, *c;
	(void)state;
	start();
	assert_int_equal(forms(&out, &err, ""), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "codeworks-signing: no signed-off change applies; no form");
	/* the reply-by rule: a week before the earliest date to come (SMC-9 and
	 * SMC-10, 2025-03-15) for the ministry; 30 days for northwind (SMC-12
	 * states no date) */
	tu_assert_has(out, "ministry-pki: 3 changes, reply by 2025-03-08:");
	tu_assert_has(out, "northwind-trust: 1 change, reply by 2025-03-31:");
	free(out);
	free(err);
	snprintf(base, sizeof(base), "%s/forms", fx.repo);
	assert_null(form_file(base, "codeworks-signing", "md"));
	assert_null(form_file(base, "ministry-pki", "pdf")); /* not asked for */

	/* ministry: smime changes by effective date; not SMC-8 (not applicable) nor
	 * SMC-12 (the officer named northwind only) */
	md = read_form(base, "ministry-pki", "md");
	a = strstr(md, "## 1. SMC-6: ");
	b = strstr(md, "## 2. SMC-9: ");
	c = strstr(md, "## 3. SMC-10: ");
	assert_true(a && b && c && a < b && b < c);
	tu_assert_lacks(md, "## 4.");
	tu_assert_lacks(md, "SMC-8");
	tu_assert_lacks(md, "SMC-12");
	tu_assert_has(md, "operates extant CA 'Interior Secure Mail CA 2019'");
	/* the terms: named per change, quoted once at the end (SMC-6 alters
	 * "Extant S/MIME CA": its text before and after) */
	tu_assert_has(a,
	              "| Defined terms | Extant S/MIME CA (**definition changed by this change**)");
	tu_assert_has(md, "\n## Terms used\n");
	tu_assert_has(
	    strstr(md, "\n## Terms used\n"),
	    "\n**Extant S/MIME CA** (SBR.md 1.6.1)\n\nBefore change 1:\n\n> A Subordinate "
	    "CA that:\n>\n>    1. Is a Publicly-Trusted");
	tu_assert_has(md, "\nAfter change 1:\n\n> A Subordinate CA that:\n");
	/* SMC-6 (extant-ca) asks about the CA, with the indicative reading */
	tu_assert_has(a, "\n*CA 1:* Interior Secure Mail CA 2019 (notBefore 2019-04-01; smime)\n");
	tu_assert_has(a, "| Indicative reading (please confirm) | yes (indicative): notBefore "
	                 "2019-04-01 is before 2023-09-01: this CA meets criterion 1 of "
	                 "\"Extant S/MIME CA\" |\n| Falls under the changed requirement? | \\[ \\] "
	                 "yes \\[ \\] no \\[ \\] unsure |");
	assert_true(strstr(a, "Your existing CAs") < b);
	tu_assert_lacks(b, "Your existing CAs"); /* SMC-9, SMC-10: not extant-ca */
	/* SMC-9's audit section adds WebTrust criteria only: for this ETSI TSP it
	 * applies by certificate type, not as an audit matter */
	tu_assert_has(md, "| Why it applies to you | issues smime certificates |");
	tu_assert_lacks(md, "audit change for");
	/* SMC-9 states 2025-09-15 twice: in its revision row and in 4.3.1.2; each
	 * statement is a row with its own sections; SMC-6's date is past
	 * (issue 15: cells as a statement, each section linked to its heading at
	 * the change's commit with GitHub's anchor, as SBR.md links it itself) */
#define SMC9_BLOB                                                                                  \
	"https://github.com/cabforum/smime/blob/128ba385174477de60cbbc6eecb22bf9fba7635a/SBR.md"
	tu_assert_has(md, "- **2025-09-15** (sections [1.2.1](" SMC9_BLOB
	                  "#121-revisions)): 1.0.7; SMC09; SHALL implement pre-issuance linting "
	                  "of S/MIME Certificates\n");
	tu_assert_has(md,
	              "\n- **2025-09-15** (sections [4.3.1.2](" SMC9_BLOB
	              "#4312-linting-of-to-be-signed-certificate-content)): Effective March 15, "
	              "2025 the CA "
	              "SHOULD implement a Linting process");
	tu_assert_has(a, "\n- **in force since 2024-09-15** (sections [1.2.1](https://github.com/"
	                 "cabforum/smime/blob/");
	tu_assert_has(a, "/SBR.md#121-revisions)): 1.0.4; SMC06");
	tu_assert_lacks(md, " -- "); /* no raw table cells */
	tu_assert_has(a, "| 3. In force since 2024-09-15: are you compliant? |");
	tu_assert_has(md, "| Link | [https://github.com/cabforum/smime/commit/ccbc0c2c7971");
	html = read_form(base, "ministry-pki", "html");
	/* the ballot said once, then its title (issue 15) */
	tu_assert_has(html, "<h2>3. SMC-10: Introduction of Multi-Perspective Issuance");
	/* confidential: nothing of the other TSPs, nor the officer's note */
	tu_assert_lacks(md, "Northwind");
	tu_assert_lacks(md, "northwind");
	tu_assert_lacks(md, "Codeworks");
	tu_assert_lacks(md, "follow later");
	tu_assert_lacks(html, "Northwind");
	tu_assert_lacks(html, "northwind");
	tu_assert_lacks(html, "Codeworks");
	tu_assert_lacks(html, "follow later");
	free(md);
	free(html);

	md = read_form(base, "northwind-trust", "md");
	tu_assert_has(md, "Northwind Trust Services B.V.");
	tu_assert_has(md, "## 1. SMC-12: v1.0.10");
	tu_assert_has(md, "named in the officer's sign-off");
	tu_assert_lacks(md, "## 2.");
	tu_assert_lacks(md, "Ministry");
	tu_assert_lacks(md, "Interior");
	/* the TLS TSP's form: SMC-12 names no S/MIME extant-CA term and asks
	 * nothing per CA (not tagged extant-ca) */
	tu_assert_lacks(md, "Extant S/MIME CA");
	tu_assert_lacks(md, "Your existing CAs");
	tu_assert_has(md, "\n## Terms used\n");
	free(md);

	/* the same again: same files, rewritten */
	assert_int_equal(forms(&out, NULL, "--tsp ministry-pki --format md"), 0);
	tu_assert_lacks(out, "northwind");
	free(out);
	md = form_file(base, "ministry-pki", "md");
	assert_non_null(md);
	free(md);
	/* --out */
	assert_int_equal(forms(NULL, NULL, "--tsp northwind-trust --out ../elsewhere"), 0);
	snprintf(base, sizeof(base), "%s/elsewhere", fx.dir);
	md = read_form(base, "northwind-trust", "html");
	free(md);
	assert_null(form_file(base, "ministry-pki", "md"));
}

static void assert_nothing_written(void)
{
	assert_int_equal(tu_sh(NULL, NULL, "test ! -e '%s/forms'", fx.repo), 0);
}

static void test_bad_input(void **state)
{
	char *err = NULL, path[4096];
	(void)state;
	start();
	assert_int_equal(forms(NULL, &err, "--tsp nobody"), 2);
	tu_assert_has(err, "pkiwatch: unknown TSP 'nobody'");
	free(err);
	assert_int_equal(forms(NULL, &err, "--tsp ../x"), 2);
	free(err);
	assert_int_equal(forms(NULL, &err, "--format md,docx"), 2);
	tu_assert_has(err, "--format takes md, html and pdf");
	free(err);
	assert_int_equal(forms(NULL, &err, "--reply-days 0"), 2);
	free(err);
	/* no renderer for PDF: a clear error naming both, nothing written */
	assert_int_equal(tu_sh(NULL, &err,
	                       "cd '%s' && PATH=/nonexistent '%s' --cache '%s' forms "
	                       "--format md,pdf",
	                       fx.repo, tu_bin(), fx.cache),
	                 1);
	tu_assert_has(err, "Chromium");
	tu_assert_has(err, "WeasyPrint");
	free(err);
	assert_nothing_written();
	/* a bad TSP profile: file, JSON path, problem; exit 2; nothing written */
	snprintf(path, sizeof(path), "%s/tsps/ministry-pki.json", fx.repo);
	tu_write(path, "{\"name\":\"M\",\"certificate_types\":[\"smime\"],\"audit_scheme\":"
	               "\"etsi\",\"extant_cas\":[{\"name\":\"C\",\"not_before\":\"2019\","
	               "\"types\":[\"smime\"]}]}");
	assert_int_equal(forms(NULL, &err, ""), 2);
	tu_assert_has(err, "pkiwatch: ");
	tu_assert_has(err,
	              "tsps/ministry-pki.json: $.extant_cas[0].not_before: '2019' is not a date");
	free(err);
	/* an extant CA without not_before: the per-CA questions need it */
	tu_write(path, "{\"name\":\"M\",\"certificate_types\":[\"smime\"],\"audit_scheme\":"
	               "\"etsi\",\"extant_cas\":[{\"name\":\"C\",\"types\":[\"smime\"]}]}");
	assert_int_equal(forms(NULL, &err, ""), 2);
	tu_assert_has(err, "tsps/ministry-pki.json: $.extant_cas[0]");
	tu_assert_has(err, "not_before");
	assert_true(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
	free(err);
	assert_nothing_written();
	tu_write(path, "{\"name\":\"M\",\"certificate_types\":[\"smime\"],\"audit_scheme\":"
	               "\"etsi\",\"fax\":\"none\"}");
	assert_int_equal(forms(NULL, &err, ""), 2);
	tu_assert_has(err, "tsps/ministry-pki.json: $");
	tu_assert_has(err, "fax");
	free(err);
	assert_nothing_written();
	/* a damaged issuance record of a TSP listed after another: nothing of the
	 * first TSP written or committed either */
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git checkout -q tsps && mkdir -p ledger/forms", fx.repo),
	    0);
	snprintf(path, sizeof(path), "%s/ledger/forms/northwind-trust.json", fx.repo);
	tu_write(path, "{\"tsp\":\"northwind-trust\",\"forms\":{}}\n");
	assert_int_equal(forms(NULL, &err, "--format md"), 2);
	tu_assert_has(err, "ledger/forms/northwind-trust.json: $.forms");
	free(err);
	assert_nothing_written();
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && test $(git rev-list --count HEAD) = 1 && test ! -e "
	                       "ledger/forms/ministry-pki.json",
	                       fx.repo),
	                 0);
	assert_int_equal(tu_sh(NULL, NULL, "rm -rf '%s/ledger/forms'", fx.repo), 0);
	/* not a git repository: the issuance cannot be recorded, so no form */
	assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && rm -rf .git", fx.repo), 0);
	assert_int_equal(forms(NULL, &err, ""), 2);
	tu_assert_has(err, "could not find repository");
	tu_assert_has(err, "it must be a git repository");
	free(err);
	assert_nothing_written();
}

static const char *jstr(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
	assert_non_null(s);
	return s;
}

/* ministry-pki's issuance record replaced by `json`: forms (another day) exits
 * 2 with `message` on stderr. */
static void damaged_record_refused(const char *json, const char *message)
{
	char path[4096], *err = NULL;
	snprintf(path, sizeof(path), "%s/ledger/forms/ministry-pki.json", fx.repo);
	tu_write(path, json);
	setenv("PKIWATCH_TODAY", "2025-03-11", 1);
	assert_int_equal(forms(NULL, &err, "--tsp ministry-pki --format md"), 2);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	tu_assert_has(err, message);
	free(err);
}

/* Every form issued is recorded (form id, date generated, reply-by date, the
 * changes asked about) in ledger/forms/<tsp>.json, committed alone by the
 * officer; the same form again the same day records nothing. */
static void test_issuance_recorded(void **state)
{
	char *out = NULL, *err = NULL, id[128];
	const cJSON *f, *ch;
	cJSON *j;
	long before;
	(void)state;
	start();
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git config user.name 'Maria Jansen' && git config "
	                       "user.email maria.jansen@authority.example && echo x > other.txt && "
	                       "git add other.txt",
	                       fx.repo),
	                 0);
	before = compfix_commits(&fx);
	assert_int_equal(forms(&out, &err, ""), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "  issued: form ministry-pki-20250301-");
	tu_assert_has(out, " recorded in ledger/forms/ministry-pki.json (commit ");
	tu_assert_has(out, " recorded in ledger/forms/northwind-trust.json (commit ");
	tu_assert_lacks(out, "ledger/forms/codeworks-signing.json"); /* no form, no record */
	tu_assert_lacks(out, "issued already");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), before + 2); /* one per TSP form */

	j = compfix_issued(&fx, "ministry-pki");
	assert_string_equal(jstr(j, "tsp"), "ministry-pki");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "forms")), 1);
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), 0);
	snprintf(id, sizeof(id), "%s", jstr(f, "form"));
	assert_string_equal(jstr(f, "generated"), "2025-03-01");
	assert_string_equal(jstr(f, "reply_by"), "2025-03-08");
	assert_string_equal(jstr(f, "issued_by"), "Maria Jansen <maria.jansen@authority.example>");
	ch = cJSON_GetObjectItem(f, "changes");
	assert_int_equal(cJSON_GetArraySize(ch), 3);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(ch, 0)), SMC6);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(ch, 1)), SMC9);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(ch, 2)), SMC10);
	cJSON_Delete(j);
	/* the recorded id is the form's own (file name and header) */
	{
		char base[4096], *path;
		snprintf(base, sizeof(base), "%s/forms", fx.repo);
		path = form_file(base, "ministry-pki", "md");
		assert_non_null(path);
		assert_non_null(strstr(path, id));
		free(path);
	}
	/* the commit: that file alone, by the officer, with a trailer */
	assert_int_equal(tu_sh(&out, NULL,
	                       "cd '%s' && git show --name-only --format='%%an|%%B' HEAD~1",
	                       fx.repo),
	                 0);
	tu_assert_has(out, "Maria Jansen|forms: ministry-pki-20250301-");
	tu_assert_has(out, "issued to ministry-pki");
	tu_assert_has(out, "reply by 2025-03-08");
	tu_assert_has(out, "- " SMC9 "\n");
	tu_assert_has(out, "Signed-off-by: Maria Jansen <maria.jansen@authority.example>");
	tu_assert_has(out, "\nledger/forms/ministry-pki.json\n");
	tu_assert_lacks(out, "other.txt");
	tu_assert_lacks(out, "northwind");
	free(out);
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git diff --cached --quiet -- other.txt", fx.repo),
	    1); /* still staged, not committed */

	/* the same forms again the same day: no second record, no commit */
	assert_int_equal(forms(&out, NULL, "--format md"), 0);
	tu_assert_has(out, "  issued already: form ministry-pki-20250301-");
	tu_assert_lacks(out, "recorded in");
	free(out);
	assert_int_equal(compfix_commits(&fx), before + 2);
	j = compfix_issued(&fx, "ministry-pki");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "forms")), 1);
	cJSON_Delete(j);

	/* another day: a new form, appended, with its own reply-by date. 14 days
	 * (03-24) would be after 2025-03-15, a week before it (03-08) is past and
	 * the rule's minimum is a week (03-17): still not before the date, which
	 * the officer is warned about. Its three questions are still open on the
	 * first form: the new one replaces it (issue 15), says so, and the first
	 * record is marked superseded in the same commit */
	setenv("PKIWATCH_TODAY", "2025-03-10", 1);
	assert_int_equal(forms(&out, &err, "--tsp ministry-pki --reply-days 14"), 0);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	tu_assert_has(out, "ministry-pki: 3 changes, reply by 2025-03-17:");
	{
		char want[256];
		snprintf(want, sizeof(want),
		         "  replaces: form %s (its open questions are asked again; marked "
		         "superseded)\n",
		         id);
		tu_assert_has(out, want);
	}
	tu_assert_has(err, "pkiwatch: warning: ministry-pki: reply by 2025-03-17 is not before "
	                   "the effective date 2025-03-15: ask the TSP for its answers by other "
	                   "means too\n");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), before + 3);
	j = compfix_issued(&fx, "ministry-pki");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "forms")), 2);
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), 1);
	assert_string_equal(jstr(f, "generated"), "2025-03-10");
	assert_string_equal(jstr(f, "reply_by"), "2025-03-17");
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(f, "supersedes"), 0)), id);
	{
		char second[128];
		snprintf(second, sizeof(second), "%s", jstr(f, "form"));
		f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), 0);
		assert_string_equal(jstr(f, "form"), id); /* the first kept, marked */
		assert_string_equal(jstr(f, "reply_by"), "2025-03-08");
		assert_string_equal(jstr(f, "superseded_by"), second);
		/* the new form says which it replaces */
		{
			char base[4096], *path, *md;
			snprintf(base, sizeof(base), "%s/forms/ministry-pki/%s.md", fx.repo,
			         second);
			path = base;
			md = tu_read(path);
			assert_non_null(md);
			snprintf(base, sizeof(base), "| Replaces | `%s` |\n", id);
			tu_assert_has(md, base);
			tu_assert_has(md, "This form replaces the earlier form named above");
			free(md);
		}
	}
	cJSON_Delete(j);
	/* the TSP's missing answers are now due by the new form's date */
	assert_int_equal(compfix_run(&fx, &out, NULL, "summary --tsp ministry-pki --format md"), 0);
	tu_assert_has(out, ", reply by 2025-03-17) |");
	tu_assert_lacks(out, "reply by 2025-03-08");
	free(out);
	/* and deadlines lists the overdue answers by the new form only */
	setenv("PKIWATCH_TODAY", "2025-03-20", 1);
	assert_int_equal(compfix_run(&fx, &out, NULL, "deadlines --tsp ministry-pki"), 0);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	tu_assert_has(out, "2025-03-17  3 days ago ");
	tu_assert_has(out, "reply overdue from ministry-pki");
	tu_assert_has(out, " of 2025-03-10; effective ");
	tu_assert_lacks(out, " of 2025-03-01; effective ");
	free(out);
	/* committed: HEAD's file is the work tree's */
	assert_int_equal(
	    tu_sh(NULL, NULL, "cd '%s' && git diff --quiet HEAD -- ledger/forms", fx.repo), 0);

	/* a damaged record: exit 2 naming the file and the JSON path */
	damaged_record_refused("{\"tsp\":\"ministry-pki\",\"forms\":[{\"form\":\"x\","
	                       "\"generated\":\"2025-03-01\",\"reply_by\":\"soon\","
	                       "\"changes\":[]}]}\n",
	                       "ledger/forms/ministry-pki.json: $.forms[0].reply_by: not a date");
	damaged_record_refused(
	    "{\"tsp\":\"ministry-pki\",\"forms\":[{\"form\":\"northwind-trust-"
	    "20250301-0a1b2c3d\",\"generated\":\"2025-03-01\",\"reply_by\":"
	    "\"2025-03-31\",\"changes\":[]}]}\n",
	    "ledger/forms/ministry-pki.json: $.forms[0].form: 'northwind-trust-20250301-"
	    "0a1b2c3d' is not a form id of TSP ministry-pki\n");
	assert_int_equal(compfix_commits(&fx), before + 3);
}

static int have(const char *tool)
{
	return tu_sh(NULL, NULL, "command -v %s >/dev/null", tool) == 0;
}

/* Skips the test, visibly (fails it with PKIWATCH_REQUIRE_REAL_DATA=1),
 * unless the tools of the NULL-terminated `tools` are all on PATH; the
 * messages say "<missing> missing" and "<needed> needed". */
static void need(const char *missing, const char *needed, const char *const *tools)
{
	const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
	size_t i;
	for (i = 0; tools[i] && have(tools[i]); i++)
		;
	if (!tools[i])
		return;
	if (r && *r == '1')
		fail_msg("PKIWATCH_REQUIRE_REAL_DATA=1 but %s missing (make test-deps)", missing);
	print_message("skipped: %s needed (make test-deps)\n", needed);
	skip();
}

static const char *const chromium_tools[] = {"chromium", "pdftotext", "pdftoppm", NULL};

/* The HTML form's "save answers" button in real headless Chromium: a person's
 * clicks and typing (tests/form_save.py drives Chromium over the DevTools
 * pipe), the downloaded response file is exactly what 'pkiwatch responses
 * import' takes, and the answers land in the ledger. */
static void test_save_answers_in_chromium(void **state)
{
	char *out = NULL, *err = NULL, *html, *chromium = NULL, dl[2048], file[4096], *text;
	cJSON *j, *x;
	long before;
	(void)state;
	{
		static const char *const tools[] = {"chromium", NULL};
		need("chromium is", "chromium is", tools);
	}
	start();
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git config user.name 'Maria Jansen' && git config "
	                       "user.email maria.jansen@authority.example",
	                       fx.repo),
	                 0);
	assert_int_equal(tu_sh(&chromium, NULL, "command -v chromium | tr -d '\\n'"), 0);
	assert_int_equal(forms(NULL, NULL, "--tsp ministry-pki --format html"), 0);
	snprintf(dl, sizeof(dl), "%s/downloads", fx.dir);
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s'", dl), 0);
	snprintf(file, sizeof(file), "%s/forms", fx.repo);
	html = form_file(file, "ministry-pki", "html");
	assert_non_null(html);
	/* change 1 (SMC-6) cannot meet its date, change 3 (SMC-10) can; 2 left blank */
	assert_int_equal(
	    tu_sh(&out, &err,
	          "python3 '%s' '%s' '%s' '%s' '{\"1\": {\"impact\": \"medium\", \"description\": "
	          "\"RA workflow \\\"legal entity\\\" checks\\nsecond line: Zertifikatsprüfung "
	          "\\u2028 </script>\", \"days\": \"60\", \"meets\": "
	          "\"no\", \"planned\": \"2024-11-01\", \"mitigation\": \"manual register "
	          "check\", \"note\": \"call Jan, \\\"RA\\\"; \\\\ done\", \"cas\": {\"1\": "
	          "{\"falls\": \"unsure\", \"reason\": \"criterion 3 & \\\"EKU\\\" <b>?</b>\", "
	          "\"action\": \"replace it\\nwith a 2025 CA\", \"by\": \"2025-06-01\"}}}, "
	          "\"3\": {\"impact\": \"none\", \"days\": \"0\", \"meets\": \"yes\"}}'",
	          tu_src_path("tests/form_save.py"), chromium, html, dl),
	    0);
	tu_assert_has(out, "status: Saved: ministry-pki-20250301-");
	tu_assert_has(out, "download: ministry-pki-20250301-");
	free(out);
	free(err);
	/* the file: the documented response file format, nothing else */
	{
		char *name = NULL;
		assert_int_equal(tu_sh(&name, NULL, "ls '%s' | tr -d '\\n'", dl), 0);
		assert_non_null(strstr(name, "-answers.json"));
		snprintf(file, sizeof(file), "%s/%s", dl, name);
		free(name);
	}
	text = tu_read(file);
	assert_non_null(text);
	j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	assert_int_equal(cJSON_GetArraySize(j), 3);
	assert_string_equal(jstr(j, "tsp"), "ministry-pki");
	assert_non_null(strstr(html, jstr(j, "form")));
	x = cJSON_GetObjectItem(j, "responses");
	assert_int_equal(cJSON_GetArraySize(x), 2);
	x = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "responses"), 0);
	assert_int_equal(cJSON_GetArraySize(x), 9);
	/* the per-CA answer of the extant-ca change (SMC-6): the CA by name */
	{
		cJSON *cas = cJSON_GetObjectItem(x, "cas"), *ca = cJSON_GetArrayItem(cas, 0);
		assert_int_equal(cJSON_GetArraySize(cas), 1);
		assert_int_equal(cJSON_GetArraySize(ca), 5);
		assert_string_equal(jstr(ca, "ca"), "Interior Secure Mail CA 2019");
		assert_string_equal(jstr(ca, "falls_under"), "unsure");
		assert_string_equal(jstr(ca, "reason"), "criterion 3 & \"EKU\" <b>?</b>");
		assert_string_equal(jstr(ca, "action"), "replace it\nwith a 2025 CA");
		assert_string_equal(jstr(ca, "by"), "2025-06-01");
	}
	assert_string_equal(jstr(x, "change"), SMC6);
	assert_string_equal(jstr(x, "impact"), "medium");
	assert_string_equal(
	    jstr(x, "description"),
	    "RA workflow \"legal entity\" checks\nsecond line: Zertifikatspr\xC3\xBC"
	    "fung "
	    "\xE2\x80\xA8 </script>");
	assert_string_equal(jstr(x, "note"), "call Jan, \"RA\"; \\ done");
	assert_int_equal(cJSON_GetObjectItem(x, "days")->valueint, 60);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(x, "meets_date")));
	assert_string_equal(jstr(x, "planned"), "2024-11-01");
	assert_string_equal(jstr(x, "mitigation"), "manual register check");
	x = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "responses"), 1);
	assert_int_equal(cJSON_GetArraySize(x), 4);
	assert_string_equal(jstr(x, "change"), SMC10);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(x, "meets_date")));
	assert_int_equal(cJSON_GetObjectItem(x, "days")->valueint, 0);
	cJSON_Delete(j);

	/* imported as it is: two commits, the answers in the ledger */
	before = compfix_commits(&fx);
	assert_int_equal(tu_sh(&out, &err, "cd '%s' && '%s' --cache '%s' responses import '%s'",
	                       fx.repo, tu_bin(), fx.cache, file),
	                 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "2 answers of ministry-pki, 2 recorded");
	free(out);
	free(err);
	assert_int_equal(compfix_commits(&fx), before + 2);
	{
		char path[4096];
		snprintf(path, sizeof(path), "%s/ledger/" SMC6 ".json", fx.repo);
		text = tu_read(path);
		assert_non_null(text);
		j = cJSON_Parse(text);
		free(text);
		x = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "responses"), "ministry-pki");
		assert_non_null(x);
		assert_string_equal(jstr(x, "impact"), "medium");
		assert_string_equal(jstr(x, "planned"), "2024-11-01");
		assert_string_equal(jstr(x, "mitigation"), "manual register check");
		assert_string_equal(jstr(x, "note"), "call Jan, \"RA\"; \\ done");
		assert_string_equal(jstr(x, "description"),
		                    "RA workflow \"legal entity\" checks\nsecond line: "
		                    "Zertifikatspr\xC3\xBC"
		                    "fung \xE2\x80\xA8 </script>");
		assert_non_null(strstr(html, jstr(x, "form")));
		assert_string_equal(jstr(x, "recorded_by"),
		                    "Maria Jansen <maria.jansen@authority.example>");
		x = cJSON_GetArrayItem(cJSON_GetObjectItem(x, "cas"), 0);
		assert_non_null(x);
		assert_string_equal(jstr(x, "falls_under"), "unsure");
		assert_string_equal(jstr(x, "by"), "2025-06-01");
		cJSON_Delete(j);
	}
	/* again: a no-op */
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && '%s' --cache '%s' responses import '%s'",
	                       fx.repo, tu_bin(), fx.cache, file),
	                 0);
	tu_assert_has(out, "0 recorded");
	free(out);
	assert_int_equal(compfix_commits(&fx), before + 2);
	/* the next form asks only SMC-9 */
	assert_int_equal(forms(&out, NULL, "--tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "ministry-pki: 1 change,");
	free(out);

	/* half an answer is not saved: the form says what is missing (a planned
	 * date that is no calendar day counts as missing: import refuses it) */
	assert_int_equal(tu_sh(NULL, NULL, "rm -f '%s'/*", dl), 0);
	assert_int_equal(tu_sh(&out, NULL,
	                       "python3 '%s' '%s' '%s' '%s' '{\"2\": {\"impact\": \"low\", "
	                       "\"meets\": \"no\", \"planned\": \"2025-02-30\"}}'",
	                       tu_src_path("tests/form_save.py"), chromium, html, dl),
	                 0);
	tu_assert_has(out,
	              "status: Not saved; please answer: 2: 2. Implementation time (days); 2: If "
	              "no: planned date\n");
	tu_assert_has(out, "download: none");
	free(out);
	/* a per-CA answer without yes/no/unsure, or with a date that is no day,
	 * is not saved either; a per-CA answer alone makes the change answered */
	assert_int_equal(tu_sh(&out, NULL,
	                       "python3 '%s' '%s' '%s' '%s' '{\"1\": {\"cas\": {\"1\": "
	                       "{\"reason\": \"r\", \"by\": \"2025-06-31\"}}}}'",
	                       tu_src_path("tests/form_save.py"), chromium, html, dl),
	                 0);
	tu_assert_has(out, "status: Not saved; please answer: 1: Interior Secure Mail CA 2019: "
	                   "Falls under the changed requirement?; 1: Interior Secure Mail CA "
	                   "2019: by (date); 1: 1. Expected impact; ");
	tu_assert_has(out, "download: none");
	free(out);
	assert_int_equal(tu_sh(NULL, NULL, "test -z \"$(ls -A '%s')\"", dl), 0);
	free(html);
	free(chromium);
}

/* pkiwatch.json names the policy authority, and the officer is git's user
 * (the forms name who issues them). */
static void with_authority(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/pkiwatch.json", fx.repo);
	tu_write(path, "{\"repository\":\"example-authority/compliance\",\"sources\":["
	               "\"cabforum-smime\"],\"since\":\"2023-01-01\",\"authority\":\"Policy "
	               "Authority PKIoverheid\",\"officers\":[{\"name\":\"Maria Jansen\","
	               "\"email\":\"maria.jansen@authority.example\"}]}\n");
	compfix_officer_is_git_user(&fx);
}

static int occurrences(const char *s, const char *what)
{
	int n = 0;
	while ((s = strstr(s, what)) != NULL)
		n++, s++;
	return n;
}

/* "Page 1 of N" ... "Page N of N" in the footers, N the PDF's pages (> 6:
 * cover, three changes, the per-CA questions, the terms, the signature). */
static void assert_pages(const char *pdf, const char *text)
{
	char *out = NULL, want[64];
	long n;
	assert_int_equal(tu_sh(&out, NULL, "pdfinfo '%s' | awk '/^Pages:/{print $2}'", pdf), 0);
	n = strtol(out, NULL, 10);
	free(out);
	assert_true(n > 6);
	snprintf(want, sizeof(want), "Page 1 of %ld", n);
	tu_assert_has(text, want);
	snprintf(want, sizeof(want), "Page %ld of %ld", n, n);
	tu_assert_has(text, want);
}

/* The S/MIME TSP's printed form quotes "Extant S/MIME CA" in full once
 * (criteria 1 and 4, deviation b) and asks about its existing CA, with the
 * indicative reading of rules/extant_cas.json. */
static void assert_terms_printed(const char *text)
{
	const char *terms = strstr(text, "Terms used\n");
	tu_assert_has(text, "Defined terms");
	assert_non_null(terms);
	tu_assert_has(terms, "Extant S/MIME CA");
	tu_assert_has(terms, "A Subordinate CA that:");
	tu_assert_has(terms, "Publicly-Trusted Subordinate CA Certificate whose `notBefore`");
	tu_assert_has(terms, "policy qualifier of type UserNotice");
	tu_assert_has(terms, "`anyPolicy` identifier");
	tu_assert_has(text, "Your existing CAs");
	tu_assert_has(text, "Interior Secure Mail CA 2019 (notBefore 2019-04-01; smime)");
	/* a table cell: pdftotext -layout breaks its lines */
	tu_assert_has(text, "yes (indicative):");
	tu_assert_has(text, "notBefore 2019-04-01 is");
	tu_assert_has(text, "criterion 1");
	tu_assert_has(text, "unsure");
}

/* Every page of `pdf` says "Confidential" and the authority at the top; no
 * question table nor per-CA table is split over two pages (each page holds
 * as many first rows as last rows of them); the officer issuing the form and
 * the question for a date already past (SMC-6, 2024-09-15) are printed. */
static void assert_print_marks(const char *pdf)
{
	char *out = NULL;
	long n, p;
	assert_int_equal(tu_sh(&out, NULL, "pdfinfo '%s' | awk '/^Pages:/{print $2}'", pdf), 0);
	n = strtol(out, NULL, 10);
	free(out);
	assert_true(n > 1);
	for (p = 1; p <= n; p++) {
		int firsts, lasts, falls, action;
		assert_int_equal(tu_sh(&out, NULL,
		                       "pdftotext -f %ld -l %ld '%s' - | tr -s ' \\n' ' '", p, p,
		                       pdf),
		                 0);
		if (!strstr(out, "Confidential \xC2\xB7 Policy Authority PKIoverheid"))
			fail_msg("page %ld lacks the confidentiality mark: %.300s", p, out);
		firsts = occurrences(out, "1. Expected impact");
		lasts = occurrences(out, "Note (optional)");
		falls = occurrences(out, "Falls under the changed requirement?");
		action = occurrences(out, "What will be done, by which date");
		if (firsts != lasts || falls != action)
			fail_msg("page %ld splits a question table (%d/%d, %d/%d)", p, firsts,
			         lasts, falls, action);
		free(out);
	}
	assert_int_equal(tu_sh(&out, NULL, "pdftotext '%s' - | tr -s ' \\n' ' '", pdf), 0);
	tu_assert_has(out, "Issued by Maria Jansen");
	tu_assert_has(out, "Policy authority Policy Authority PKIoverheid");
	tu_assert_has(out, "3. In force since 2024-09-15: are you compliant?");
	tu_assert_has(out, "in force since 2024-09-15");
	free(out);
}

/* The answered form (issue 15): the TSP's recorded answers rendered back
 * into the form it answered, a print-ready record (PDF by real headless
 * Chromium, read back with pdftotext): the answers in the cells, TSP text
 * escaped, "not answered" for a change without an answer, no controls, no
 * script. An unknown form id is bad input. */
static void test_answered_form(void **state)
{
	char *out = NULL, *err = NULL, *md, *pdf, *text = NULL, base[4096], id[128], path[8400];
	const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
	(void)state;
	if (!have("chromium") || !have("pdftotext")) {
		if (r && *r == '1')
			fail_msg("PKIWATCH_REQUIRE_REAL_DATA=1 but chromium or poppler-utils is "
			         "missing (make test-deps)");
		print_message("skipped: chromium and poppler-utils are needed (make test-deps)\n");
		skip();
	}
	start();
	compfix_officer_is_git_user(&fx);
	assert_int_equal(forms(&out, &err, "--tsp ministry-pki --format md"), 0);
	free(out);
	free(err);
	snprintf(base, sizeof(base), "%s/forms", fx.repo);
	md = form_file(base, "ministry-pki", "md");
	assert_non_null(md);
	snprintf(id, sizeof(id), "%s", strrchr(md, '/') + 1);
	*strstr(id, ".md") = '\0';
	free(md);
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "respond --tsp ministry-pki --change " SMC9
	                             " --impact medium --days 45 --meets-date no --planned "
	                             "2025-05-01 --description 'pkilint <b>in</b> the pipeline' "
	                             "--mitigation 'manual review'"),
	                 0);
	assert_int_equal(
	    compfix_run(&fx, &out, &err, "forms --answered %s --format md,html,pdf", id), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "ministry-pki: form ");
	tu_assert_has(out, ", 1 of 3 changes answered (last answer recorded ");
	tu_assert_has(out, "-answered.pdf\n");
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/ministry-pki/%s-answered.md", base, id);
	md = tu_read(path);
	assert_non_null(md);
	tu_assert_has(md, "# Impact assessment: answers\n");
	tu_assert_has(md, "| 1. Expected impact | medium |\n| Describe the impact | pkilint "
	                  "\\<b\\>in\\</b\\> the pipeline |\n| 2. Implementation time (days) | "
	                  "45 |\n");
	tu_assert_has(md, "| If no: planned date | 2025-05-01 |\n| If no: mitigation | manual "
	                  "review |\n");
	tu_assert_has(md, "| 1. Expected impact | **not answered** |"); /* SMC-6, SMC-10 */
	tu_assert_has(md, "| Falls under the changed requirement? | not answered |");
	tu_assert_lacks(md, "Declaration and signature");
	free(md);
	snprintf(path, sizeof(path), "%s/ministry-pki/%s-answered.html", base, id);
	md = tu_read(path);
	assert_non_null(md);
	tu_assert_lacks(md, "<script");
	tu_assert_lacks(md, "<input");
	tu_assert_lacks(md, "<b>in");
	free(md);
	snprintf(path, sizeof(path), "%s/ministry-pki/%s-answered.pdf", base, id);
	pdf = path;
	assert_int_equal(tu_sh(&text, NULL, "pdftotext '%s' - | tr -s ' \\n' ' '", pdf), 0);
	tu_assert_has(text, "Impact assessment: answers");
	tu_assert_has(text, "1. Expected impact medium");
	tu_assert_has(text, "pkilint <b>in</b> the pipeline");
	tu_assert_has(text, "not answered");
	free(text);
	/* an unknown form: exit 2, nothing written */
	assert_int_equal(forms(NULL, &err, "--answered ministry-pki-20250301-00000000"), 2);
	tu_assert_has(err, "pkiwatch: form ministry-pki-20250301-00000000: not issued to any TSP");
	free(err);
}

/* A change the TSP was asked about and later signed off as not applicable to
 * it: the answered form is still made (before: exit 2, "no longer signed off
 * as applicable"), with that change named after the contents, by id, ballot
 * and title (git log -1 --format=%s ccbc0c2c7971: "Ballot SMC010 -
 * Introduction of Multi-Perspective Issuance Corroboration  (#260)"), its
 * answer not shown, and counted in the command's line. A change no longer in
 * the mirrors (since moved past it) is still refused, and nothing is written. */
static void test_answered_form_change_gone(void **state)
{
	char *out = NULL, *err = NULL, *md, id[128], path[8400];
	(void)state;
	start();
	compfix_officer_is_git_user(&fx);
	assert_int_equal(forms(&out, &err, "--tsp ministry-pki --format md"), 0);
	tu_assert_has(out, "ministry-pki: 3 changes");
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/forms", fx.repo);
	md = form_file(path, "ministry-pki", "md");
	assert_non_null(md);
	snprintf(id, sizeof(id), "%s", strrchr(md, '/') + 1);
	*strstr(id, ".md") = '\0';
	free(md);
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "respond --tsp ministry-pki --change " SMC9
	                             " --impact low --days 10 --meets-date yes"),
	                 0);
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "respond --tsp ministry-pki --change " SMC10
	                             " --impact high --days 90 --meets-date no --planned "
	                             "2025-06-01 --mitigation 'MPIC vendor late'"),
	                 0);
	/* the officer revises SMC-10: not applicable after all */
	compfix_ledger(&fx, SMC10, "not-applicable", "[]", "\"MPIC is the CAs' vendor's\"");
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git commit -qam 'signoff: SMC-10 not applicable'",
	                       fx.repo),
	                 0);
	assert_int_equal(
	    compfix_run(&fx, &out, &err, "forms --answered %s --format md --out %s/a", id, fx.dir),
	    0);
	assert_string_equal(err, "");
	tu_assert_has(out, ", 1 of 2 changes answered, 1 change asked no longer applies (last "
	                   "answer recorded 2025-03-01):");
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/a/ministry-pki/%s-answered.md", fx.dir, id);
	md = tu_read(path);
	assert_non_null(md);
	tu_assert_has(md, "# Impact assessment: answers\n");
	tu_assert_has(md, "| Changes | 2 |\n");
	tu_assert_has(md, "|\n\n**No longer apply (asked on this form, but no longer signed off "
	                  "as applicable to you; answers about them are not shown here):**\n\n"
	                  "- `" SMC10 "`: SMC-10: Introduction of Multi-Perspective Issuance "
	                  "Corroboration  (\\#260)\n\n");
	tu_assert_has(md, "| 1. Expected impact | low |");
	tu_assert_lacks(md, "MPIC vendor late");
	tu_assert_lacks(md, "| 1. Expected impact | high |");
	free(md);
	/* since moved past the form's changes: not in the mirrors, refused */
	assert_int_equal(
	    tu_sh(NULL, NULL, "sed -i 's/2023-01-01/2025-01-01/' '%s/pkiwatch.json'", fx.repo), 0);
	assert_int_equal(
	    compfix_run(&fx, NULL, &err, "forms --answered %s --format md --out %s/b", id, fx.dir),
	    2);
	snprintf(path, sizeof(path), "pkiwatch: form %s: change cabforum-smime@", id);
	tu_assert_has(err, path);
	tu_assert_has(err, " is not in the mirrors since the configuration's since date\n");
	free(err);
	snprintf(path, sizeof(path), "%s/b", fx.dir);
	assert_int_equal(access(path, F_OK), -1);
}

/* The ids of ministry-pki's self-assessment obligations (`obligations --format
 * json`, overdue first): into ids[0], ids[1]. */
static void self_assessment_ids(char ids[2][96])
{
	char *out = NULL;
	const cJSON *o;
	cJSON *all;
	int n = 0;
	assert_int_equal(
	    compfix_run(&fx, &out, NULL, "obligations --tsp ministry-pki --format json"), 0);
	all = cJSON_Parse(out);
	assert_non_null(all);
	free(out);
	cJSON_ArrayForEach(o, all)
	{
		if (strcmp(jstr(o, "kind"), "self-assessment") != 0)
			continue;
		assert_true(n < 2);
		snprintf(ids[n++], 96, "%s", jstr(o, "id"));
	}
	assert_int_equal(n, 2);
	cJSON_Delete(all);
}

/* A TSP no change applies to, owing the annual self-assessment (issue 17), is
 * asked about it on a form of its own. No change is signed off; ministry-pki
 * owes the self-assessment of SBR.md from 2024-01-01 and its audit period ends
 * 11-15: the period 2023-11-16..2024-11-15 is due 92 days later, 2025-02-15
 * (overdue on 2025-03-01), the next 2024-11-16..2025-11-15 2026-02-15 (dates
 * worked out in test_self_assessment). Reply by 2025-03-01 + 30 days =
 * 2025-03-31. Unanswered, a later form replaces it; answered, no form. */
static void test_self_assessment_only(void **state)
{
	char *out = NULL, *err = NULL, *md, base[4096], path[4096], ids[2][96], first[128];
	const cJSON *f, *a;
	cJSON *j;
	(void)state;
	compfix_init(&fx, tu_upstream_or_skip());
	compfix_commit(&fx);
	compfix_officer_is_git_user(&fx);
	snprintf(base, sizeof(base), "%s/forms", fx.repo);
	/* nothing owed, nothing signed off: no form */
	assert_int_equal(forms(&out, NULL, "--format md,html"), 0);
	tu_assert_has(out, "ministry-pki: no signed-off change applies; no form\n");
	free(out);
	snprintf(path, sizeof(path), "%s/tsps/ministry-pki.json", fx.repo);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "sed -i 's/\"language\": \"en\"/\"language\": \"en\", "
	                       "\"self_assessment\": {\"since\": \"2024-01-01\"}/' '%s' && "
	                       "git -C '%s' commit -qam 'ministry-pki owes the self-assessment'",
	                       path, fx.repo),
	                 0);
	self_assessment_ids(ids);

	assert_int_equal(forms(&out, &err, "--format md,html"), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, "ministry-pki: no change, 2 obligations, reply by 2025-03-31: ");
	tu_assert_has(out, "  issued: form ministry-pki-20250301-");
	tu_assert_has(out, "northwind-trust: no signed-off change applies; no form\n");
	tu_assert_has(out, "codeworks-signing: no signed-off change applies; no form\n");
	free(out);
	free(err);
	md = read_form(base, "ministry-pki", "md");
	tu_assert_has(md, "# Obligations: status form\n");
	tu_assert_has(md, "| Obligations | 2 |\n");
	tu_assert_has(md, "| Reply by | **2025-03-31** |\n");
	tu_assert_has(md, "The policy authority asks where you stand on your obligations below. "
	                  "For each, please answer under \"Your status\" and return the signed "
	                  "form by **2025-03-31**.\n");
	tu_assert_has(md, "\n## Your obligations\n");
	tu_assert_has(md, "### 1. Annual self-assessment of cabforum-smime:SBR.md for the audit "
	                  "period 2023-11-16 to 2024-11-15\n\n| Field | Value |\n|---|---|\n"
	                  "| Due | 2025-02-15 |\n| Status | **overdue** |\n");
	tu_assert_has(md, "### 2. Annual self-assessment of cabforum-smime:SBR.md for the audit "
	                  "period 2024-11-16 to 2025-11-15\n\n| Field | Value |\n|---|---|\n"
	                  "| Due | 2026-02-15 |\n| Status | open |\n");
	tu_assert_has(md, "| Where do you stand? |");
	tu_assert_has(md, "The answers above about our obligations are correct.");
	/* nothing of a change form */
	tu_assert_lacks(md, "| Changes |");
	tu_assert_lacks(md, "Changes in this form");
	tu_assert_lacks(md, "three questions");
	tu_assert_lacks(md, "We have assessed the changes");
	free(md);
	md = read_form(base, "ministry-pki", "html");
	tu_assert_has(md, "data-changes=\"0\" data-obligations=\"2\"");
	tu_assert_has(md, "name=\"o1-id\" value=\"");
	tu_assert_has(md, ids[0]);
	tu_assert_has(md, "name=\"o2-status\"");
	tu_assert_lacks(md, "name=\"o3-");
	free(md);
	/* the record: no change, the two obligations asked */
	j = compfix_issued(&fx, "ministry-pki");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "forms")), 1);
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), 0);
	snprintf(first, sizeof(first), "%s", jstr(f, "form"));
	assert_string_equal(jstr(f, "reply_by"), "2025-03-31");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(f, "changes")), 0);
	a = cJSON_GetObjectItem(f, "obligations");
	assert_int_equal(cJSON_GetArraySize(a), 2);
	assert_string_equal(cJSON_GetArrayItem(a, 0)->valuestring, ids[0]);
	assert_string_equal(cJSON_GetArrayItem(a, 1)->valuestring, ids[1]);
	cJSON_Delete(j);
	/* the same day again: the same form, nothing recorded */
	assert_int_equal(forms(&out, NULL, "--format md"), 0);
	tu_assert_has(out, "  issued already: form ");
	tu_assert_has(out, first);
	free(out);

	/* four days later, still unanswered: asked again, the new form replaces it */
	setenv("PKIWATCH_TODAY", "2025-03-05", 1);
	assert_int_equal(forms(&out, NULL, "--format md"), 0);
	tu_assert_has(out, "ministry-pki: no change, 2 obligations, reply by 2025-04-04: ");
	tu_assert_has(out, "  issued: form ministry-pki-20250305-");
	tu_assert_has(out, "  replaces: form ");
	tu_assert_has(out, first);
	free(out);
	j = compfix_issued(&fx, "ministry-pki");
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), 0);
	tu_assert_has(jstr(f, "superseded_by"), "ministry-pki-20250305-");
	cJSON_Delete(j);

	/* one answered with the form's saved answers: the import writes the
	 * answered form, with that answer, the other "not answered" */
	j = compfix_issued(&fx, "ministry-pki");
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "forms"), 1);
	snprintf(first, sizeof(first), "%s", jstr(f, "form"));
	cJSON_Delete(j);
	snprintf(path, sizeof(path), "%s/answers.json", fx.dir);
	{
		char text[1024];
		snprintf(text, sizeof(text),
		         "{\"tsp\":\"ministry-pki\",\"form\":\"%s\",\"obligations\":[{"
		         "\"obligation\":\"%s\",\"status\":\"in-progress\",\"date\":"
		         "\"2025-04-30\",\"comment\":\"worksheet on 1.0.8 <b>\"}]}\n",
		         first, ids[0]);
		tu_write(path, text);
	}
	assert_int_equal(compfix_run(&fx, &out, &err, "responses import '%s'", path), 0);
	assert_string_equal(err, "");
	tu_assert_has(out, ": answer recorded (commit ");
	tu_assert_has(out, "ministry-pki: form ");
	tu_assert_has(out, first);
	tu_assert_has(out, ", 1 of 2 obligations answered (last answer recorded ");
	tu_assert_lacks(out, "changes answered");
	free(out);
	free(err);
	snprintf(path, sizeof(path), "%s/forms/ministry-pki/%s-answered.md", fx.repo, first);
	md = tu_read(path);
	assert_non_null(md);
	tu_assert_has(md, "# Obligations: answers\n");
	tu_assert_has(md, "| Obligations | 2 |\n");
	tu_assert_has(md, "| Where do you stand? | in progress |\n| If done: the evidence "
	                  "(document, report or link) |  |\n| Date: done on; if you cannot meet "
	                  "it, the date you can; otherwise expected by | 2025-04-30 |\n| Comment "
	                  "(optional) | worksheet on 1.0.8 \\<b\\> |\n");
	tu_assert_has(md, "| Where do you stand? | **not answered** |\n");
	tu_assert_lacks(md, "please say where you stand");
	tu_assert_lacks(md, "Declaration and signature");
	free(md);
	setenv("PKIWATCH_TODAY", "2025-03-06", 1);
	assert_int_equal(forms(&out, NULL, "--format md"), 0);
	tu_assert_has(out, "ministry-pki: no change, 2 obligations, reply by 2025-04-05: ");
	free(out);
	/* both answered: nothing to ask, no form */
	assert_int_equal(compfix_run(&fx, NULL, NULL,
	                             "respond --tsp ministry-pki --obligation %s --status "
	                             "not-started --date 2026-01-15",
	                             ids[1]),
	                 0);
	setenv("PKIWATCH_TODAY", "2025-03-07", 1);
	assert_int_equal(forms(&out, NULL, "--format md"), 0);
	tu_assert_has(out, "ministry-pki: no signed-off change applies; no form\n");
	free(out);
}

/* compfix_free, and today as compfix_env sets it again */
static int teardown_today(void **state)
{
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	return teardown(state);
}

static void test_pdf_with_chromium(void **state)
{
	char *out = NULL, *err = NULL, *pdf, *text = NULL, *bin, base[4096];
	(void)state;
	need("chromium or poppler-utils is", "chromium and poppler-utils are", chromium_tools);
	start();
	with_authority();
	assert_int_equal(forms(&out, &err, "--tsp ministry-pki --format md,html,pdf"), 0);
	free(out);
	free(err);
	snprintf(base, sizeof(base), "%s/forms", fx.repo);
	pdf = form_file(base, "ministry-pki", "pdf");
	assert_non_null(pdf);
	assert_print_marks(pdf);
	assert_int_equal(tu_sh(&text, NULL, "pdftotext -layout '%s' -", pdf), 0);
	tu_assert_has(text, "Ministry of the Interior PKI Service");
	tu_assert_has(text, "SMC-6");
	tu_assert_has(text, "SMC-9");
	tu_assert_has(text, "SMC-10");
	tu_assert_has(text, "Expected impact");
	tu_assert_has(text, "Implementation time");
	tu_assert_has(text, "Can the effective date be");
	tu_assert_has(text, "Reply by");
	tu_assert_has(text, "Declaration and signature");
	/* cover, a page per change (SMC-9's three dated requirements and its
	 * questions take two; SMC-6 asks about the existing CA too), the terms
	 * used, signature: page numbers in the footer */
	assert_pages(pdf, text);
	assert_terms_printed(text);
	tu_assert_has(text, "Note (optional)");
	tu_assert_lacks(text, "Northwind");
	tu_assert_lacks(text, "Codeworks");
	tu_assert_lacks(text, "follow later");
	tu_assert_lacks(text, "SMC-12");
	/* printed: the answer choices as text, no button, no script */
	tu_assert_has(text, "none");
	tu_assert_has(text, "medium");
	tu_assert_has(text, "high");
	tu_assert_lacks(text, "Save answers");
	tu_assert_lacks(text, "response file");
	tu_assert_lacks(text, "function");
	free(text);
	/* pages 1 and 2 as PNG for a human, next to the binary under build/ */
	bin = strdup(tu_bin());
	assert_int_equal(tu_sh(NULL, NULL,
	                       "pdftoppm -png -r 70 -f 1 -l 2 '%s' '%s/forms-ministry-pki-page'",
	                       pdf, dirname(bin)),
	                 0);
	print_message("PNG of the form: %s/forms-ministry-pki-page-1.png\n", bin);
	free(bin);
	/* nothing beyond the page's left and right margins (18 mm), not even with
	 * a long unbreakable string in a table cell: words (pdftotext -bbox) and
	 * ink (table borders) checked on every page */
	assert_int_equal(
	    tu_sh(&out, NULL, "python3 '%s' '%s' 18 18", tu_src_path("tests/pdf_margins.py"), pdf),
	    0);
	tu_assert_has(out, "margins ok");
	free(out);
	{
		char path[4096];
		snprintf(path, sizeof(path), "%s/tsps/ministry-pki.json", fx.repo);
		tu_write(path,
		         "{\"name\":\"Ministry of the Interior PKI Service\",\"key_users\":"
		         "[{\"name\":\"J\",\"email\":\"pkiofficeoftheministryoftheinteriorce"
		         "rtificateservicesdepartmentandregistrationauthority@interiorverylongsu"
		         "bdomain.example\"}],\"certificate_types\":[\"smime\"],\"extant_cas\":"
		         "[{\"name\":\"InteriorSecureMailCertificationAuthorityForTheMinistryOfTh"
		         "eInteriorAndItsAgenciesGeneration2019\",\"not_before\":\"2019-04-01"
		         "\",\"types\":[\"smime\"]}],\"audit_scheme\":\"etsi\"}");
	}
	assert_int_equal(forms(NULL, NULL, "--tsp ministry-pki --format pdf --out ../long"), 0);
	assert_int_equal(tu_sh(&out, NULL,
	                       "python3 '%s' \"$(ls '%s'/long/ministry-pki/*.pdf)\" 18 18",
	                       tu_src_path("tests/pdf_margins.py"), fx.dir),
	                 0);
	tu_assert_has(out, "margins ok");
	free(out);
	/* --format pdf alone leaves no HTML behind */
	assert_int_equal(tu_sh(NULL, NULL, "rm -r '%s'", base), 0);
	assert_int_equal(forms(NULL, NULL, "--tsp ministry-pki --format pdf"), 0);
	assert_null(form_file(base, "ministry-pki", "html"));
	free(pdf);
	pdf = form_file(base, "ministry-pki", "pdf");
	assert_non_null(pdf);
	free(pdf);
}

/* Ministry PKI's profile says "language": "nl": the printed form is Dutch
 * (pdftotext), with the Dutch page marks on every page; its pages are left as
 * PNG next to the binary for a human to look at. */
static void test_dutch_pdf(void **state)
{
	static const char *const english[] = {"Impact assessment form",
	                                      "Reply by",
	                                      "Why it applies",
	                                      "Effective dates",
	                                      "Expected impact",
	                                      "Implementation time",
	                                      "Can the effective date",
	                                      "Note (optional)",
	                                      "Declaration and signature",
	                                      "Terms used",
	                                      "Your existing CAs",
	                                      "Indicative reading",
	                                      "Falls under",
	                                      "What will be done",
	                                      "Page 1 of",
	                                      "Confidential",
	                                      "this CA meets",
	                                      "criterion 1",
	                                      "operates extant CA",
	                                      "in force since",
	                                      "Issued by"};
	char *out = NULL, *pdf, *text = NULL, *bin, base[4096], path[4096];
	long pages;
	size_t i;
	(void)state;
	need("chromium or poppler-utils is", "chromium and poppler-utils are", chromium_tools);
	start();
	with_authority();
	snprintf(path, sizeof(path), "%s/tsps/ministry-pki.json", fx.repo);
	text = tu_read(path);
	assert_non_null(text);
	{
		cJSON *j = cJSON_Parse(text);
		char *again;
		assert_non_null(j);
		cJSON_DeleteItemFromObject(j, "language");
		cJSON_AddStringToObject(j, "language", "nl");
		again = cJSON_Print(j);
		tu_write(path, again);
		free(again);
		cJSON_Delete(j);
	}
	free(text);
	assert_int_equal(forms(&out, NULL, "--tsp ministry-pki --format md,pdf"), 0);
	free(out);
	snprintf(base, sizeof(base), "%s/forms", fx.repo);
	pdf = form_file(base, "ministry-pki", "pdf");
	assert_non_null(pdf);
	assert_int_equal(tu_sh(&text, NULL, "pdftotext '%s' - | tr -s ' \\n' ' '", pdf), 0);
	for (i = 0; i < sizeof(english) / sizeof(english[0]); i++)
		if (strstr(text, english[i]))
			fail_msg("the Dutch PDF still says '%s'", english[i]);
	tu_assert_has(text, "Formulier impactanalyse");
	tu_assert_has(text,
	              "Vertrouwelijk: uitsluitend voor Ministry of the Interior PKI Service.");
	tu_assert_has(text, "Antwoord uiterlijk 2025-03-08");
	tu_assert_has(text, "Uitgegeven door Maria Jansen");
	tu_assert_has(text, "3. Van kracht sinds 2024-09-15: voldoet u hieraan?");
	/* (a table cell: pdftotext joins a date broken at its hyphen) */
	tu_assert_has(text, "beheert bestaande CA 'Interior Secure Mail CA 2019' (smime, sinds ");
	tu_assert_has(text, "ja (indicatief): notBefore ");
	tu_assert_has(text, "deze CA voldoet aan criterium 1 van \"Extant S/MIME CA\"");
	tu_assert_has(text, "Gebruikte begrippen");
	tu_assert_has(text, "Verklaring en ondertekening");
	/* upstream text is quoted as written */
	tu_assert_has(text, "A Subordinate CA that:");
	free(text);
	assert_int_equal(tu_sh(&out, NULL, "pdfinfo '%s' | awk '/^Pages:/{print $2}'", pdf), 0);
	pages = strtol(out, NULL, 10);
	free(out);
	assert_true(pages > 1);
	for (i = 1; i <= (size_t)pages; i++) {
		char want[64];
		assert_int_equal(tu_sh(&text, NULL,
		                       "pdftotext -f %zu -l %zu '%s' - | tr -s ' \\n' ' '", i, i,
		                       pdf),
		                 0);
		snprintf(want, sizeof(want), "Pagina %zu van %ld", i, pages);
		tu_assert_has(text, want);
		tu_assert_has(text, "Vertrouwelijk \xC2\xB7 Policy Authority PKIoverheid");
		free(text);
	}
	assert_int_equal(
	    tu_sh(&out, NULL, "python3 '%s' '%s' 18 18", tu_src_path("tests/pdf_margins.py"), pdf),
	    0);
	tu_assert_has(out, "margins ok");
	free(out);
	bin = strdup(tu_bin());
	assert_int_equal(tu_sh(NULL, NULL,
	                       "pdftoppm -png -r 70 '%s' '%s/forms-ministry-pki-nl-page'", pdf,
	                       dirname(bin)),
	                 0);
	print_message("PNG of the Dutch form: %s/forms-ministry-pki-nl-page-01.png\n", bin);
	free(bin);
	free(pdf);
}

/* The other renderer: WeasyPrint, forced by a PATH holding nothing else. */
static void test_pdf_with_weasyprint(void **state)
{
	char *out = NULL, *err = NULL, *pdf, *text = NULL, *wp = NULL, base[4096];
	(void)state;
	{
		static const char *const tools[] = {"weasyprint", "pdftotext", "pdfinfo", NULL};
		need("weasyprint or poppler-utils is", "weasyprint and poppler-utils are", tools);
	}
	start();
	with_authority();
	assert_int_equal(tu_sh(&wp, NULL, "command -v weasyprint | tr -d '\\n'"), 0);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s/wpbin' && ln -s '%s' '%s/wpbin/weasyprint'", fx.dir,
	                       wp, fx.dir),
	                 0);
	free(wp);
	assert_int_equal(tu_sh(&out, &err,
	                       "cd '%s' && PATH='%s/wpbin' '%s' --cache '%s' forms --tsp "
	                       "ministry-pki --format pdf",
	                       fx.repo, fx.dir, tu_bin(), fx.cache),
	                 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
	snprintf(base, sizeof(base), "%s/forms", fx.repo);
	pdf = form_file(base, "ministry-pki", "pdf");
	assert_non_null(pdf);
	assert_null(form_file(base, "ministry-pki", "html"));
	/* WeasyPrint made it, not Chromium */
	assert_int_equal(tu_sh(&text, NULL, "pdfinfo '%s'", pdf), 0);
	tu_assert_has(text, "WeasyPrint");
	free(text);
	assert_int_equal(tu_sh(&text, NULL, "pdftotext -layout '%s' -", pdf), 0);
	tu_assert_has(text, "Ministry of the Interior PKI Service");
	tu_assert_has(text, "SMC-6");
	tu_assert_has(text, "SMC-9");
	tu_assert_has(text, "SMC-10");
	tu_assert_has(text, "Expected impact");
	tu_assert_has(text, "Implementation time");
	tu_assert_has(text, "Can the effective date be");
	tu_assert_has(text, "Declaration and signature");
	assert_pages(pdf, text);
	assert_terms_printed(text);
	tu_assert_has(text, "Note (optional)");
	tu_assert_lacks(text, "Northwind");
	tu_assert_lacks(text, "Codeworks");
	tu_assert_lacks(text, "follow later");
	tu_assert_lacks(text, "Save answers");
	free(text);
	assert_print_marks(pdf);
	assert_int_equal(
	    tu_sh(&out, NULL, "python3 '%s' '%s' 18 18", tu_src_path("tests/pdf_margins.py"), pdf),
	    0);
	tu_assert_has(out, "margins ok");
	free(out);
	/* an output directory whose relative name starts with '-' is a file to
	 * WeasyPrint, not an option */
	assert_int_equal(tu_sh(&out, &err,
	                       "cd '%s' && PATH='%s/wpbin' '%s' --cache '%s' forms --tsp "
	                       "ministry-pki --format pdf --out -dashed",
	                       fx.repo, fx.dir, tu_bin(), fx.cache),
	                 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
	snprintf(base, sizeof(base), "%s/-dashed", fx.repo);
	{
		char *again = form_file(base, "ministry-pki", "pdf");
		assert_non_null(again);
		free(again);
	}
	/* page 2 (the first change) as PNG for a human, next to the binary */
	{
		char *bin = strdup(tu_bin());
		assert_int_equal(tu_sh(NULL, NULL,
		                       "pdftoppm -png -r 70 -f 2 -l 2 '%s' "
		                       "'%s/forms-ministry-pki-weasyprint-page'",
		                       pdf, dirname(bin)),
		                 0);
		free(bin);
	}
	free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_forms_per_tsp, teardown),
	    cmocka_unit_test_teardown(test_bad_input, teardown),
	    cmocka_unit_test_teardown(test_issuance_recorded, teardown),
	    cmocka_unit_test_teardown(test_save_answers_in_chromium, teardown),
	    cmocka_unit_test_teardown(test_pdf_with_chromium, teardown),
	    cmocka_unit_test_teardown(test_pdf_with_weasyprint, teardown),
	    cmocka_unit_test_teardown(test_dutch_pdf, teardown),
	    cmocka_unit_test_teardown(test_answered_form, teardown),
	    cmocka_unit_test_teardown(test_answered_form_change_gone, teardown),
	    cmocka_unit_test_teardown(test_self_assessment_only, teardown_today),
	};
	return cmocka_run_group_tests_name("forms", tests, setup, NULL);
}
