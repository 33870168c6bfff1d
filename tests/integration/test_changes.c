/* pkiwatch changes, driven through the built binary on the real histories. */
#include "testutil.h"

#include "gitreadd.h"

#include "core/sources.h"
#include "util/buf.h"
#include "util/day.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;

static const struct {
	const char *id, *branch, *docs;
} srcs[] = {
    {"cabforum-servercert", "main", "docs/BR.md docs/EVG.md docs/NSR.md"},
    {"cabforum-smime", "main", "SBR.md"},
    {"cabforum-code-signing", "main", "docs/CSBR.md"},
    {"cabforum-netsec", "main", "docs/NSR.md"},
    {"mozilla-pkipolicy", "master", "rootstore/policy.md ccadb/policy.md"},
    {"mozilla-ccadb", "master", "policy.md cas/self-assessment.md"},
    /* the policy under its former names: a rename is one change */
    {"chrome-rootprogram", "main", "content/index.md index.md policy.md"},
    {"apple-rootprogram", "main", "policy.md ct/ct-policy.md ct/ct-log-program.md"},
    {"microsoft-rootprogram", "main", "Requirements.md 'Program Requirements.md'"},
};
#define NSRCS (sizeof(srcs) / sizeof(srcs[0]))

static int setup(void **state)
{
	char path[4096];
	(void)state;
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	unsetenv("PKIWATCH_CACHE");
	dir = tu_tempdir();
	snprintf(path, sizeof(path), "%s/pkiwatch.json", dir);
	tu_write(path, "{\"repository\":\"a/b\",\"officers\":[{\"name\":\"N\","
	               "\"email\":\"n@example.org\"}]}\n");
	return tu_sh(NULL, NULL, "mkdir -p '%s/cache' '%s/empty'", dir, dir);
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

/* Links the upstream bare repositories into the cache as mirrors. */
static const char *with_mirrors(const char *up)
{
	size_t i;
	for (i = 0; i < NSRCS; i++)
		assert_int_equal(tu_sh(NULL, NULL, "ln -sfn '%s/%s.git' '%s/cache/%s.git'", up,
		                       srcs[i].id, dir, srcs[i].id),
		                 0);
	return up;
}

/* Runs pkiwatch changes with `args`; `cache` is "cache" or "empty". */
static int run(char **out, char **err, const char *cache, const char *args)
{
	return tu_sh(out, err, "cd '%s' && '%s' --cache '%s/%s' changes %s", dir, tu_bin(), dir,
	             cache, args);
}

/* The first-parent commits of `range` (default: the branch) that change a
 * document of source i, as git counts them, less those that only add a
 * document again as it stood when last seen (gitreadd.h: no change). */
static size_t git_count(const char *up, int i, const char *range)
{
	char *out = NULL, *mirror = NULL, *same, *kept, *p;
	pw_sources *all = NULL;
	size_t n = 0;
	assert_int_equal(pw_sources_load_default(&all), 0);
	assert_int_equal(tu_sh(&mirror, NULL, "printf '%%s' '%s/%s.git'", up, srcs[i].id), 0);
	same = gitreadd_same(mirror, pw_sources_find(all, srcs[i].id));
	assert_int_equal(tu_sh(&out, NULL, "git -C '%s' rev-list --first-parent %s -- %s", mirror,
	                       range ? range : srcs[i].branch, srcs[i].docs),
	                 0);
	kept = gitreadd_without(out, same);
	for (p = kept; (p = strchr(p, '\n')); p++)
		n++;
	free(kept);
	free(out);
	free(same);
	free(mirror);
	pw_sources_free(all);
	return n;
}

static cJSON *parse_array(const char *out)
{
	cJSON *a = cJSON_Parse(out);
	if (!a || !cJSON_IsArray(a))
		fail_msg("stdout is not one JSON array: %.200s", out);
	return a;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v))
		fail_msg("record lacks string \"%s\"", key);
	return v->valuestring;
}

static size_t count_source(const cJSON *a, const char *id, const char *status)
{
	const cJSON *o;
	size_t n = 0;
	cJSON_ArrayForEach(o, a) if (strcmp(str(o, "source"), id) == 0 &&
	                             strcmp(str(o, "status"), status) == 0) n++;
	return n;
}

/* Every enabled source, as JSON: counts equal git rev-list's, records are complete. */
static void test_json_counts_equal_git(void **state)
{
	const char *up = with_mirrors(tu_upstream_or_skip());
	char *out = NULL, *err = NULL;
	cJSON *a;
	const cJSON *o;
	size_t i;
	(void)state;
	assert_int_equal(run(&out, &err, "cache", "--format json"), 0);
	assert_string_equal(err, "");
	a = parse_array(out);
	for (i = 0; i < NSRCS; i++) {
		size_t n = count_source(a, srcs[i].id, "adopted");
		assert_true(n > 5);
		assert_int_equal(n, git_count(up, (int)i, NULL));
	}
	cJSON_ArrayForEach(o, a)
	{
		char want[256];
		const char *commit = str(o, "commit");
		const cJSON *docs = cJSON_GetObjectItemCaseSensitive(o, "documents");
		assert_int_equal(strlen(commit), 40);
		snprintf(want, sizeof(want), "%s@%.12s", str(o, "source"), commit);
		assert_string_equal(str(o, "id"), want);
		assert_int_equal(strlen(str(o, "date")), 10);
		assert_true(strstr(str(o, "url"), commit) != NULL);
		assert_true(strncmp(str(o, "url"), "https://github.com/", 19) == 0);
		assert_true(cJSON_IsArray(docs) && cJSON_GetArraySize(docs) >= 1);
		assert_non_null(str(cJSON_GetArrayItem(docs, 0), "path"));
		str(o, "subject");
	}
	cJSON_Delete(a);
	free(out);
	free(err);
}

/* The head line of a record in text output as the JSON record predicts it:
 * "<id> <date> <ballot or -> <kind> <status> [tags]". */
static void expect_head(char *buf, size_t n, const cJSON *o)
{
	const cJSON *ballot = cJSON_GetObjectItemCaseSensitive(o, "ballot"), *t;
	size_t len;
	snprintf(buf, n, "%s %s %s %s %s [", cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")),
	         cJSON_GetStringValue(cJSON_GetObjectItem(o, "date")),
	         cJSON_IsString(ballot) ? ballot->valuestring : "-",
	         cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind")),
	         cJSON_GetStringValue(cJSON_GetObjectItem(o, "status")));
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(o, "tags"))
	{
		len = strlen(buf);
		snprintf(buf + len, n - len, "%s%s", buf[len - 1] == '[' ? "" : " ",
		         t->valuestring);
	}
	len = strlen(buf);
	snprintf(buf + len, n - len, "]");
}

/* Text output of one source: per change a head line with the id, date and
 * classification, the subject indented below it, then "sections:" and one
 * "effective DATE" line per effective date. Ids, dates and subjects match
 * git log; the classification matches the JSON records. */
static void test_text_one_source(void **state)
{
	const char *up = with_mirrors(tu_upstream_or_skip());
	char *out = NULL, *want = NULL, *js = NULL, *line, *save = NULL, head[1024];
	cJSON *a;
	const cJSON *o = NULL;
	pw_buf got = {0};
	int nrec = 0, ndates = 0, i;
	(void)state;
	assert_int_equal(run(&out, NULL, "cache", "--source cabforum-smime"), 0);
	assert_int_equal(run(&js, NULL, "cache", "--source cabforum-smime --format json"), 0);
	assert_non_null(a = cJSON_Parse(js));
	assert_int_equal(tu_sh(&want, NULL,
	                       "git -C '%s/cabforum-smime.git' log --first-parent "
	                       "--format='cabforum-smime@%%h %%cs %%s' --abbrev=12 main -- SBR.md",
	                       up),
	                 0);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "    ", 4) != 0) { /* a head line */
			if (o)
				assert_int_equal(ndates, cJSON_GetArraySize(cJSON_GetObjectItem(
				                             o, "effective_dates")));
			assert_non_null(o = cJSON_GetArrayItem(a, nrec++));
			expect_head(head, sizeof(head), o);
			assert_string_equal(line, head);
			/* "<id> <date>" for the comparison with git log */
			*strchr(strchr(line, ' ') + 1, ' ') = '\0';
			assert_int_equal(pw_buf_printf(&got, "%s ", line), 0);
			ndates = -1;
		} else if (ndates < 0) { /* the subject */
			assert_int_equal(pw_buf_printf(&got, "%s\n", line + 4), 0);
			ndates = 0;
		} else if (strncmp(line, "    effective ", 14) == 0) {
			const cJSON *d =
			    cJSON_GetArrayItem(cJSON_GetObjectItem(o, "effective_dates"), ndates++);
			assert_non_null(d);
			assert_memory_equal(
			    line + 14, cJSON_GetStringValue(cJSON_GetObjectItem(d, "date")), 10);
		} else if (strncmp(line, "    missing: ", 13) == 0) { /* signals not found */
			const cJSON *m = cJSON_GetObjectItem(o, "missing_signals");
			assert_true(cJSON_GetArraySize(m) > 0);
			assert_non_null(
			    strstr(line, cJSON_GetStringValue(cJSON_GetArrayItem(m, 0))));
		} else if (strncmp(line, "      ", 6) == 0) { /* a definition's old/new text */
			assert_true(strncmp(line, "      was: ", 11) == 0 ||
			            strncmp(line, "      now: ", 11) == 0 ||
			            strncmp(line, "           ", 11) == 0);
		} else if (strncmp(line, "    terms: ", 11) != 0 &&
		           strncmp(line, "    changes the definition of \"", 31) != 0) {
			assert_int_equal(strncmp(line, "    sections: ", 14), 0);
		}
	}
	assert_int_equal(nrec, cJSON_GetArraySize(a));
	assert_true(nrec > 10);
	assert_non_null(got.ptr);
	assert_string_equal(got.ptr, want);
	for (i = 0; i < nrec; i++) /* the smime history has ballots and effective dates */
		if (cJSON_IsString(cJSON_GetObjectItem(cJSON_GetArrayItem(a, i), "ballot")))
			break;
	assert_true(i < nrec);
	pw_buf_clear(&got);
	cJSON_Delete(a);
	free(js);
	free(out);
	free(want);
}

static const cJSON *record_of(const cJSON *a, const char *ballot)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, a)
	{
		const cJSON *b = cJSON_GetObjectItem(o, "ballot");
		if (cJSON_IsString(b) && strcmp(b->valuestring, ballot) == 0 &&
		    strcmp(str(o, "kind"), "ballot") == 0)
			return o;
	}
	fail_msg("no ballot change %s", ballot);
	return NULL;
}

static const cJSON *term_of(const cJSON *rec, const char *term)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(rec, "terms")) if (strcmp(str(t, "term"), term) ==
	                                                             0) return t;
	return NULL;
}

/* The sections of `rec`, joined by ", ". */
static void sections_are(const cJSON *rec, const char *want)
{
	const cJSON *s;
	pw_buf got = PW_BUF_INIT;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(rec, "sections"))
	{
		if (got.len)
			assert_int_equal(pw_buf_puts(&got, ", "), 0);
		assert_int_equal(pw_buf_puts(&got, s->valuestring), 0);
	}
	if (strcmp(got.len ? got.ptr : "", want) != 0)
		fail_msg("%s: sections '%s', want '%s'", str(rec, "id"), got.len ? got.ptr : "",
		         want);
	pw_buf_clear(&got);
}

/* The live CCADB Policy's sections. Since ff9e85e its 5.2.3 holds a line
 * "```<date><space><splitter><space><date>```": inline code, which once
 * opened a code block that never closed and hid every later heading.
 * Expected by hand from `git diff 942ebe6 7a25b5c -- policy.md` (CCADB-2.1,
 * whose hunks change lines in 5.3.1, 6.2 and 6.3 but none in 5.2.3) and
 * `git diff 294f003 7d965d6` (1, 6.2 and the new 6.2.1). */
static void test_ccadb_sections(void **state)
{
	const cJSON *o, *v21 = NULL;
	char *js = NULL;
	cJSON *a;
	with_mirrors(tu_upstream_or_skip());
	(void)state;
	assert_int_equal(run(&js, NULL, "cache", "--source mozilla-ccadb --format json"), 0);
	a = parse_array(js);
	cJSON_ArrayForEach(o, a) if (strcmp(str(o, "id"), "mozilla-ccadb@7a25b5cfa9a8") == 0) v21 =
	    o;
	assert_non_null(v21);
	assert_string_equal(str(v21, "ballot"), "CCADB-2.1");
	sections_are(v21, "CCADB Policy, Introduction, Change History, Table of Contents, 1, 2, "
	                  "3.2, 4, 5, 5.1, 5.2, 5.3.1, 6.2, 6.3");
	cJSON_Delete(a);
	free(js);
	assert_int_equal(run(&js, NULL, "cache",
	                     "--source mozilla-ccadb --from 294f003 --to 7d965d6 --format json"),
	                 0);
	a = parse_array(js);
	assert_int_equal(cJSON_GetArraySize(a), 1);
	sections_are(cJSON_GetArrayItem(a, 0), "1, 6.2, 6.2.1");
	cJSON_Delete(a);
	free(js);
}

/* Defined terms in the records: SMC-3 introduced "Extant S/MIME CA" (changed,
 * with all its criteria, no old text); SMC-9 altered "Registration Reference"
 * (old and new text, also in the text output); terms merely named are listed
 * unchanged with the definition of the version the change introduces. */
static void test_terms(void **state)
{
	const cJSON *smc3, *smc9, *t;
	char *js = NULL, *out = NULL;
	cJSON *a;
	with_mirrors(tu_upstream_or_skip());
	(void)state;
	assert_int_equal(run(&js, NULL, "cache", "--source cabforum-smime --format json"), 0);
	assert_non_null(a = cJSON_Parse(js));
	smc3 = record_of(a, "SMC-3");
	assert_non_null(t = term_of(smc3, "Extant S/MIME CA"));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "changed")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(t, "old_definition")));
	assert_string_equal(str(t, "document"), "SBR.md");
	assert_string_equal(str(t, "section"), "1.6.1");
	tu_assert_has(str(t, "definition"), "A Subordinate CA that:");
	tu_assert_has(str(t, "definition"), "\n   4. The CA Certificate contains the `anyPolicy`");
	tu_assert_has(str(t, "definition"), "\n      b. The CA Certificate contains a policy");
	/* SMC-4 names it in its changed lines without changing it */
	assert_non_null(t = term_of(record_of(a, "SMC-4"), "Extant S/MIME CA"));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(t, "changed")));
	assert_null(cJSON_GetObjectItem(t, "old_definition"));
	smc9 = record_of(a, "SMC-9");
	assert_non_null(t = term_of(smc9, "Registration Reference"));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "changed")));
	assert_string_equal(str(t, "old_definition"),
	                    "A unique identifier assigned to a Legal Entity.");
	assert_string_equal(str(t, "definition"), "An identifier assigned to a Legal Entity.");
	/* "Certificate" is named everywhere: too common to quote */
	assert_null(term_of(smc9, "Certificate"));
	assert_int_equal(run(&out, NULL, "cache", "--source cabforum-smime"), 0);
	tu_assert_has(out, "    terms: Linting (defined here), Registration Reference (definition "
	                   "changed), ");
	tu_assert_has(out, "    changes the definition of \"Registration Reference\" (SBR.md "
	                   "1.6.1):\n      was: A unique identifier assigned to a Legal Entity.\n"
	                   "      now: An identifier assigned to a Legal Entity.\n");
	cJSON_Delete(a);
	free(js);
	free(out);
}

/* The record of `id`'s date `date` (NULL when absent). */
static const cJSON *date_of(const cJSON *a, const char *id, const char *date)
{
	const cJSON *o, *d;
	cJSON_ArrayForEach(o, a) if (strcmp(str(o, "id"), id) == 0)
	{
		cJSON_ArrayForEach(
		    d, cJSON_GetObjectItem(o, "effective_dates")) if (strcmp(str(d, "date"),
		                                                             date) == 0) return d;
	}
	return NULL;
}

/* Whether one of the date's items has `text` in its excerpt and `section`. */
static int item_has(const cJSON *d, const char *text, const char *section)
{
	const cJSON *it, *s;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(d, "items"))
	{
		if (!strstr(str(it, "text"), text))
			continue;
		cJSON_ArrayForEach(
		    s, cJSON_GetObjectItem(it, "sections")) if (strcmp(s->valuestring, section) ==
		                                                0) return 1;
	}
	return 0;
}

/* SC-81 states each date of its schedule for the data reuse period (4.2.1)
 * and for the validity period (6.3.2): every statement is kept, with its
 * sections (issue 15: the form showed one row per date). */
static void test_every_dated_statement(void **state)
{
	const char *sc81 = "cabforum-servercert@b2feeb6ab49e";
	const cJSON *d;
	char *js = NULL;
	cJSON *a;
	with_mirrors(tu_upstream_or_skip());
	(void)state;
	assert_int_equal(run(&js, NULL, "cache",
	                     "--source cabforum-servercert --since 2025-04-01 --format json"),
	                 0);
	assert_non_null(a = cJSON_Parse(js));
	assert_non_null(d = date_of(a, sc81, "2027-03-15"));
	assert_true(item_has(d,
	                     "Domain Name and IP Address validation maximum data reuse period "
	                     "is 100 days",
	                     "4.2.1"));
	assert_true(
	    item_has(d, "Maximum validity period of Subscriber Certificates is 100 days", "6.3.2"));
	assert_non_null(d = date_of(a, sc81, "2026-03-15"));
	assert_true(
	    item_has(d, "Maximum validity period of Subscriber Certificates is 200 days", "6.3.2"));
	assert_true(item_has(d,
	                     "Subject Identity Information validation maximum data reuse "
	                     "period is 398 days",
	                     "4.2.1"));
	/* the first statement is still the date's text, as before */
	tu_assert_has(str(d, "text"), "Subject Identity Information validation");
	/* a date stated once has no items */
	assert_non_null(d = date_of(a, sc81, "2025-05-16"));
	assert_null(cJSON_GetObjectItem(d, "items"));
	cJSON_Delete(a);
	free(js);
}

/* The proposed ids of `a` for servercert, head dated `since` or later
 * (NULL: all), one per line, sorted. */
static char *proposed_ids(const cJSON *a, const char *since)
{
	const cJSON *o;
	pw_buf b = PW_BUF_INIT;
	char *sorted = NULL, path[4096];
	cJSON_ArrayForEach(o, a) if (strcmp(str(o, "source"), "cabforum-servercert") == 0 &&
	                             strcmp(str(o, "status"), "proposed") == 0 &&
	                             (!since || strcmp(str(o, "date"), since) >= 0))
	    assert_int_equal(pw_buf_printf(&b, "%s\n", str(o, "id")), 0);
	snprintf(path, sizeof(path), "%s/ids", dir);
	tu_write(path, b.len ? b.ptr : "");
	assert_int_equal(tu_sh(&sorted, NULL, "LC_ALL=C sort '%s'", path), 0);
	pw_buf_clear(&b);
	return sorted;
}

/* A range (--from, --since) reports only its adopted changes, but the drafts
 * are still compared with the adopted history back to their merge bases:
 * the same proposals as the whole history's `all` (those dated in the
 * range). With --from e0baa85 (SC-077, 2024-10-02) the range left out the
 * adoption of WebTrust-Audits-Update's lines, and five drafts were reported
 * that the whole history shows to be adopted. */
static void drafts_in_range(const cJSON *all, const char *up)
{
	static const char *const since[] = {"2024-06-01", "2025-11-01"};
	char *out = NULL, *want, *got, range[64];
	cJSON *a;
	size_t i;
	assert_int_equal(run(&out, NULL, "cache",
	                     "--source cabforum-servercert --drafts --from e0baa85 --format json"),
	                 0);
	a = parse_array(out);
	snprintf(range, sizeof(range), "e0baa85..main");
	assert_int_equal(count_source(a, "cabforum-servercert", "adopted"),
	                 git_count(up, 0, range));
	want = proposed_ids(all, NULL);
	got = proposed_ids(a, NULL);
	assert_string_equal(got, want);
	assert_true(strlen(want) > 5 * sizeof("cabforum-servercert@123456789012"));
	free(want);
	free(got);
	cJSON_Delete(a);
	free(out);
	for (i = 0; i < sizeof(since) / sizeof(since[0]); i++) {
		char args[128];
		snprintf(args, sizeof(args),
		         "--source cabforum-servercert --drafts --since %s --format json",
		         since[i]);
		assert_int_equal(run(&out, NULL, "cache", args), 0);
		a = parse_array(out);
		want = proposed_ids(all, since[i]);
		got = proposed_ids(a, NULL);
		assert_string_equal(got, want);
		free(want);
		free(got);
		cJSON_Delete(a);
		free(out);
	}
}

/* --since, --from/--to and --drafts through the command line. */
static void test_since_range_and_drafts(void **state)
{
	const char *up = with_mirrors(tu_upstream_or_skip());
	char *out = NULL, *rev = NULL, args[512];
	cJSON *a;
	const cJSON *o;
	(void)state;
	assert_int_equal(run(&out, NULL, "cache",
	                     "--source cabforum-servercert --since 2024-01-01 --format json"),
	                 0);
	a = parse_array(out);
	assert_true(cJSON_GetArraySize(a) > 5);
	cJSON_ArrayForEach(o, a) assert_true(strcmp(str(o, "date"), "2024-01-01") >= 0);
	cJSON_Delete(a);
	free(out);

	assert_int_equal(tu_sh(&rev, NULL,
	                       "git -C '%s/cabforum-servercert.git' rev-list --first-parent "
	                       "main -- docs | sed -n '30p;5p' | tr '\\n' ' '",
	                       up),
	                 0);
	assert_int_equal(strlen(rev), 82);
	rev[40] = rev[81] = '\0';
	snprintf(args, sizeof(args), "--source cabforum-servercert --from %s --to %s --format json",
	         rev + 41, rev);
	assert_int_equal(run(&out, NULL, "cache", args), 0);
	a = parse_array(out);
	snprintf(args, sizeof(args), "%s..%s", rev + 41, rev);
	assert_int_equal((size_t)cJSON_GetArraySize(a), git_count(up, 0, args));
	assert_int_equal(cJSON_GetArraySize(a), 25);
	assert_string_equal(str(cJSON_GetArrayItem(a, 0), "commit"), rev);
	cJSON_Delete(a);
	free(out);
	free(rev);

	assert_int_equal(run(&out, NULL, "cache", "--drafts --format json"), 0);
	a = parse_array(out);
	assert_true(count_source(a, "cabforum-servercert", "proposed") > 0);
	assert_int_equal(count_source(a, "cabforum-servercert", "adopted"), git_count(up, 0, NULL));
	drafts_in_range(a, up);
	cJSON_Delete(a);
	free(out);
}

/* Each draft of the real histories says what its branch proposes (issue 16:
 * a draft took its head commit's subject, "Merge branch 'main' into ...").
 * Expected by hand from `git log --reverse <branch> --not <every other
 * branch>` in each mirror: the oldest of those subjects that is no merge,
 * no applied suggestion and not GitHub's "Update BR.md (#482)". SC-71
 * (52e0617aec55) grew into BenWilson-Subscriber-Agreement-patch-1 (SC-71 plus
 * one commit), which is not a later state of it but an alternative: `git diff
 * 52e0617 9bdb9f2` rewords the 9.6.1 warranty and drops SC-71's "Effective
 * 2025-03-15, the CA SHALL remove all references to 'Terms of Use'" in 9.6.3
 * (a line `git diff 4c4c6ff 52e0617` adds). Both are reported: SC-71 with that
 * date, its own commits all on the later branch, so its proposal is the
 * newest since the merge base 4c4c6ff; the later one continues it, with its
 * ballot. WebTrust-Audits-Update
 * (a250bfb85bea) is not either: its 11 non-blank added lines are all in
 * SC-077 (e0baa85, after its merge base 59df7f3), edited since. Three 2022 drafts grew from
 * the SC-62 profiles work in progress (branch "profiles", adopted as 9c6b243): each is what its
 * own commits changed on top of it, not ~550 lines of that old wording against the 2021 merge
 * base 5c4f446. clarifyOUinCAs (`git diff d06890b 20ca123`: one OU row, "MUST NOT be included in
 * Root CA Certificates ...") and profiles-1 (`git diff d06890b c86ea97`: streetAddress and
 * domainComponent rows, "unless explicitly allowed") propose what SC-62 adopted (`git log -S`
 * finds each line added by 9c6b243): not reported. multiple-OUs-in-CA-Certs (`git diff 3f872fc
 * 8a91b27`: OU "NOT RECOMMENDED ... Multiple instances MAY be present" in 7.1.2.10.2, where
 * SC-62 says MUST NOT) is. mozilla-ccadb's policy-update-to-2.0.1 ("Update policy.md", then
 * "nit - typo": a new 6.2.1 with MUSTs under the header of the adopted 2.0, never merged): a
 * typo-fix subject does not say what a branch proposing requirements proposes: the heading
 * it adds does ("#### 6.2.1 Transitions Between CRL URLs" in `git diff 294f003 7f85622`). */
static void test_draft_proposals(void **state)
{
	static const struct {
		const char *id, *proposal;
	} want[] = {
	    {"cabforum-servercert@9bdb9f27e565", "BenWilson Subscriber Agreement ballot"},
	    {"cabforum-servercert@52e0617aec55", "SC-071 V2 - Incorporating V1 feedback (#504)"},
	    {"cabforum-servercert@5979d934bcb9", "Add DNSSEC validation requirement in 3.2.2.8"},
	    {"cabforum-servercert@b7cc9d528e13", "Update 3.2.2.8"},
	    {"cabforum-servercert@15c3d6179449",
	     "Ballot SC-070: Clarify the use of DTPs for domain control validation (#475)"},
	    {"cabforum-servercert@cef80ca8bbeb", "Introduce Validation Methods Extensions"},
	    {"cabforum-servercert@8a91b273ee81",
	     "Allow multiple instances of the OU attribute in CA Certificates"},
	    {"cabforum-servercert@8d047af54ae1", "Improve recording of validation methods"},
	    {"cabforum-servercert@f571e7449f76", "Remove NCSSR Version"},
	    {"cabforum-servercert@b0b55ad201b0", "Update RDAP RFC in WHOIS definition"},
	    {"cabforum-servercert@badaf927c4a8", "Clarify that CAs must follow the outline of "
	                                         "Section 6 of RFC 3647 for their CP and/or CPS "
	                                         "documents."},
	    {"cabforum-smime@2b77c78f30b3", "Adding section titles for \"updated\" Section 7"},
	    {"cabforum-code-signing@ff953d185818", "sc-069 alignment"},
	    {"cabforum-code-signing@c74b9f3b5fc0",
	     "Clarify requirements on SubCAs and policy oids"},
	    {"cabforum-netsec@3728d85c4d8a", "Introduce log archive system"},
	    {"mozilla-ccadb@7f856226a4ad", "Add 6.2.1 Transitions Between CRL URLs"},
	};
	char *out = NULL;
	cJSON *a;
	const cJSON *o;
	size_t i, drafts = 0;
	(void)state;
	with_mirrors(tu_upstream_or_skip());
	assert_int_equal(run(&out, NULL, "cache", "--drafts --format json"), 0);
	a = parse_array(out);
	cJSON_ArrayForEach(o, a)
	{
		const char *id = str(o, "id"),
		           *p = cJSON_GetStringValue(cJSON_GetObjectItem(o, "proposal"));
		if (strcmp(str(o, "status"), "proposed") != 0) {
			assert_null(p); /* adopted changes have none */
			continue;
		}
		drafts++;
		for (i = 0; i < sizeof(want) / sizeof(want[0]) && strcmp(want[i].id, id) != 0; i++)
			;
		if (i == sizeof(want) / sizeof(want[0]))
			fail_msg("unexpected draft %s (%s)", id, p ? p : "no proposal");
		if (!p || strcmp(p, want[i].proposal) != 0)
			fail_msg("%s: proposal '%s', want '%s'", id, p ? p : "(none)",
			         want[i].proposal);
		if (strcmp(id, "cabforum-servercert@9bdb9f27e565") == 0) {
			assert_string_equal(str(o, "ballot"), "SC-71");
			assert_string_equal(str(o, "continues"), "SC-71");
			assert_null(date_of(a, id, "2025-03-15"));
		}
		/* a cited standard's version changed (kinds.json references):
		 * `git diff $(git merge-base main f571e74) f571e74` drops
		 * "Version 1.7" from the NCSSR in 1.6.3; b0b55ad's RFC 7482 ->
		 * 9082 in the WHOIS definition (1.6.1) and its reference (1.6.3) */
		if (strcmp(id, "cabforum-servercert@f571e7449f76") == 0) {
			assert_string_equal(str(o, "kind"), "ballot");
			sections_are(o, "1.6.3");
		}
		if (strcmp(id, "cabforum-servercert@b0b55ad201b0") == 0) {
			assert_string_equal(str(o, "kind"), "ballot");
			sections_are(o, "1.6.1, 1.6.3");
		}
		if (strcmp(id, "cabforum-servercert@8a91b273ee81") == 0) {
			assert_string_equal(str(o, "parent"),
			                    "3f872fc178ef14f6b3cfa42920510f115af4e450");
			sections_are(o, "7.1.2.10.2");
			assert_int_equal(
			    cJSON_GetArraySize(cJSON_GetObjectItem(o, "effective_dates")), 0);
		}
		if (strcmp(id, "cabforum-servercert@52e0617aec55") == 0) {
			const cJSON *d = date_of(a, id, "2025-03-15");
			assert_string_equal(str(o, "ballot"), "SC-71");
			assert_null(cJSON_GetObjectItem(o, "continues"));
			assert_non_null(d);
			assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "sections")), 1);
			assert_string_equal(
			    cJSON_GetArrayItem(cJSON_GetObjectItem(d, "sections"), 0)->valuestring,
			    "9.6.3");
			tu_assert_has(str(d, "text"), "SHALL remove all references to 'Terms of");
		}
		if (strcmp(id, "mozilla-ccadb@7f856226a4ad") == 0) {
			/* `git diff 294f003 7f85622 -- policy.md`: lines 63
			 * (1), 190 (5, the typo), 326-355 (6.2 and the new
			 * 6.2.1); the version it amends */
			sections_are(o, "1, 5, 6.2, 6.2.1");
			/* new requirements for the version in force (its header
			 * still says 2.0): a version it does not number, not
			 * CCADB-2.0's, so its issue is its own, not the adopted
			 * 2.0's (294f003bf873), and it stays "in discussion" */
			assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "ballot")));
			assert_string_equal(str(o, "kind"), "policy-version");
		}
		if (strcmp(id, "cabforum-servercert@b7cc9d528e13") == 0) /* the head's, still */
			assert_string_equal(str(o, "subject"),
			                    "Merge branch 'main' into "
			                    "SC-XX-Process-RFC-8657-CAA-Parameters");
	}
	assert_int_equal(drafts, sizeof(want) / sizeof(want[0]));
	cJSON_Delete(a);
	free(out);
}

/* Exactly one line on stderr, starting "pkiwatch: " and holding `fragment`;
 * nothing on stdout. */
static void expect_failure(const char *cache, const char *args, int status, const char *fragment)
{
	char *out = NULL, *err = NULL;
	int rc = run(&out, &err, cache, args);
	if (rc != status || strncmp(err, "pkiwatch: ", 10) != 0 || !strstr(err, fragment) ||
	    strchr(err, '\n') != err + strlen(err) - 1)
		fail_msg("changes %s: exit %d, stderr \"%s\"; expected %d and \"%s\"", args, rc,
		         err, status, fragment);
	assert_string_equal(out, "");
	free(out);
	free(err);
}

static void test_errors(void **state)
{
	(void)state;
	expect_failure("empty", "--source nosuch --format json", 2, "unknown source 'nosuch'");
	expect_failure("empty", "--since 2024-13-01 --format json", 2, "--since");
	expect_failure("empty", "--format yaml", 2, "--format");
	expect_failure("empty", "--bogus", 2, "--bogus");
	/* an input condition, as in every other command (test_empty_cache) */
	expect_failure("empty", "--source cabforum-smime --format json", 2,
	               "source cabforum-smime is not mirrored yet: run 'pkiwatch mirror'");
}

static void test_errors_on_mirrors(void **state)
{
	with_mirrors(tu_upstream_or_skip());
	(void)state;
	expect_failure("cache", "--source cabforum-smime --from nosuchrev --format json", 2,
	               "unknown revision 'nosuchrev'");
	/* a cache entry that is not a repository */
	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s/bad' && echo x > '%s/bad/cabforum-netsec.git'", dir,
	                       dir),
	                 0);
	expect_failure("bad", "--source cabforum-netsec --format json", 1, "cabforum-netsec.git");
}

/* Stale drafts (rules/noise.json "stale": 365 days): on the run's day
 * (PKIWATCH_TODAY) a draft whose head commit (`git log -1 --format=%cs
 * <branch>`) is more than 365 days old and none of whose proposed dates is
 * still to come is "stale": true; other records have no such key. On
 * 2026-12-05 SC70 (head 2024-02-23, proposes 2024-05-15),
 * sc74-clarify-cp-cps-structure (2024-04-21, 2024-09-15), SC-71 (2024-04-23,
 * 2025-03-15) and its continuation BenWilson-Subscriber-Agreement-patch-1
 * are stale; SC-XX-Process-RFC-8657-CAA-Parameters (proposes 2027-03-15) and
 * recording-validation-method (head 2026-04-03) are not. On 2024-06-01 SC70
 * (99 days) and sc74 (2024-09-15 to come) are not; multiple-OUs-in-CA-Certs
 * (2022-10-09, no date) is. */
static void test_stale_drafts(void **state)
{
	static const struct {
		const char *today, *branch;
		int stale;
	} want[] = {
	    {"2026-12-05", "SC70", 1},
	    {"2026-12-05", "sc74-clarify-cp-cps-structure", 1},
	    {"2026-12-05", "SC-71", 1},
	    {"2026-12-05", "BenWilson-Subscriber-Agreement-patch-1", 1},
	    {"2026-12-05", "SC-XX-Process-RFC-8657-CAA-Parameters", 0},
	    {"2026-12-05", "recording-validation-method", 0},
	    {"2024-06-01", "SC70", 0},
	    {"2024-06-01", "sc74-clarify-cp-cps-structure", 0},
	    {"2024-06-01", "multiple-OUs-in-CA-Certs", 1},
	};
	static const char *const days[] = {"2026-12-05", "2024-06-01"};
	const char *up;
	size_t d, i, found = 0;
	(void)state;
	up = with_mirrors(tu_upstream_or_skip());
	for (d = 0; d < 2; d++) {
		char *out = NULL;
		cJSON *a;
		const cJSON *o;
		assert_int_equal(
		    tu_sh(&out, NULL,
		          "cd '%s' && PKIWATCH_TODAY=%s '%s' --cache '%s/cache' changes "
		          "--source cabforum-servercert --drafts --format json",
		          dir, days[d], tu_bin(), dir),
		    0);
		a = parse_array(out);
		cJSON_ArrayForEach(o, a)
		{
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "stale"), *e;
			char *branch = NULL, *head = NULL;
			int passed = 1, expect;
			if (strcmp(str(o, "status"), "proposed") != 0) {
				assert_null(st);
				continue;
			}
			assert_true(!st || cJSON_IsTrue(st));
			/* the branch whose head the draft is, and its head's date */
			assert_int_equal(
			    tu_sh(&branch, NULL,
			          "git -C '%s/cabforum-servercert.git' for-each-ref "
			          "--points-at %s --format='%%(refname:short)' refs/heads "
			          "| head -1 | tr -d '\\n'",
			          up, str(o, "commit")),
			    0);
			assert_true(*branch);
			assert_int_equal(tu_sh(&head, NULL,
			                       "git -C '%s/cabforum-servercert.git' log -1 "
			                       "--format=%%cs 'refs/heads/%s' | tr -d '\\n'",
			                       up, branch),
			                 0);
			assert_string_equal(str(o, "date"), head);
			cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "effective_dates")) passed &=
			    strcmp(str(e, "date"), days[d]) < 0;
			expect = pw_day_between(head, days[d]) > 365 && passed;
			if (expect != (st != NULL))
				fail_msg("%s on %s: stale %d, want %d (head %s)", branch, days[d],
				         st != NULL, expect, head);
			for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
				if (strcmp(want[i].today, days[d]) == 0 &&
				    strcmp(want[i].branch, branch) == 0) {
					assert_int_equal(want[i].stale, st != NULL);
					found++;
				}
			free(branch);
			free(head);
		}
		cJSON_Delete(a);
		free(out);
	}
	assert_int_equal(found, sizeof(want) / sizeof(want[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_counts_equal_git),
	    cmocka_unit_test(test_text_one_source),
	    cmocka_unit_test(test_since_range_and_drafts),
	    cmocka_unit_test(test_draft_proposals),
	    cmocka_unit_test(test_stale_drafts),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_errors_on_mirrors),
	    cmocka_unit_test(test_every_dated_statement),
	    cmocka_unit_test(test_terms),
	    cmocka_unit_test(test_ccadb_sections),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
