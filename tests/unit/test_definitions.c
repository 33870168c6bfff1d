/* Defined terms read from definitions sections: synthetic forms, and the real
 * histories (every document at its head, every S/MIME BR and BR revision). */
#include "testutil.h"

#include "classify/definitions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_ok(pw_definitions *d, const char *text)
{
	assert_int_equal(pw_definitions_read(d, text, strlen(text)), 0);
}

static const pw_definition *must_find(const pw_definitions *d, const char *term)
{
	const pw_definition *def = pw_definitions_find(d, term);
	if (!def)
		fail_msg("no definition of \"%s\" among %zu", term, d->count);
	return def;
}

static void bold_forms(void **state)
{
	pw_definitions d;
	const pw_definition *x;
	(void)state;
	read_ok(&d, "# 1. INTRO\n\n**Fake**: not in a definitions section\n\n"
	            "### 1.6.1 Definitions\n\n"
	            "Capitalized Terms are defined in the Baseline Requirements.\n\n"
	            "**Alpha**: The first.\nContinued on a second line.\n\n"
	            "**Beta Term:** The second:\n\n   1. one;\n   2. two;\n      a. two-a; and\n"
	            "   3. three.\n\nA further paragraph of Beta.\n\n"
	            "**Accounting Practitioner** : ** **  An old conversion.\n"
	            "**Certification Authority (or CA)**: An organization.\n"
	            "**Note**: part of the CA definition.\n"
	            "**Alpha**: a repeated term continues too.\n"
	            "**Registration Authority (RA)**: Another.\n"
	            "**Not a term** without a colon\n\n"
	            "### 1.6.2 Acronyms\n\n**Gamma**: not a definition\n");
	assert_int_equal(d.count, 5);
	x = must_find(&d, "Alpha");
	assert_string_equal(x->text, "The first.\nContinued on a second line.");
	assert_string_equal(x->section, "1.6.1");
	assert_int_equal(x->first_line, 9);
	assert_int_equal(x->last_line, 10);
	x = must_find(&d, "Beta Term");
	/* sub-items and the paragraph after them, the "Not a term" line too
	 * (it is no term: no colon), up to the next term */
	assert_string_equal(x->text, "The second:\n\n   1. one;\n   2. two;\n      a. two-a; and\n"
	                             "   3. three.\n\nA further paragraph of Beta.");
	x = must_find(&d, "Accounting Practitioner");
	assert_string_equal(x->text, "An old conversion.");
	x = must_find(&d, "Certification Authority (or CA)");
	assert_string_equal(x->name, "Certification Authority");
	assert_string_equal(x->alias, "CA");
	assert_string_equal(pw_definitions_name(x), "Certification Authority");
	assert_string_equal(x->text, "An organization.\n**Note**: part of the CA definition.\n"
	                             "**Alpha**: a repeated term continues too.");
	assert_true(pw_definitions_mentioned(x, "issued by CAs", 13));
	x = must_find(&d, "Registration Authority (RA)");
	assert_string_equal(x->alias, "RA");
	assert_string_equal(x->text, "Another.\n**Not a term** without a colon");
	assert_null(pw_definitions_find(&d, "Fake"));
	assert_null(pw_definitions_find(&d, "Gamma"));
	pw_definitions_clear(&d);
	assert_int_equal(d.count, 0);
}

static void prose_forms(void **state)
{
	pw_definitions d;
	const pw_definition *x;
	(void)state;
	read_ok(&d,
	        "## Definitions\r\n\r\nThe key words \"MUST\" are to be interpreted as in RFC "
	        "2119.\r\n\r\nThis policy considers a \"CA Owner\" to be the entity that is "
	        "either:\r\n\r\n- in the subject DN; or\r\n- in control of the key.\r\n\r\n"
	        "This policy uses the term \xe2\x80\x9c"
	        "Externally-operated CA\xe2\x80\x9d to describe a CA.\r\n\r\n"
	        "## Table of Contents\r\n\r\nThis policy considers a \"Late\" to be nothing.\r\n");
	assert_int_equal(d.count, 2);
	x = must_find(&d, "CA Owner");
	assert_string_equal(x->text,
	                    "This policy considers a \"CA Owner\" to be the entity that is "
	                    "either:\n\n- in the subject DN; or\n- in control of the key.");
	assert_string_equal(x->section, "Definitions");
	x = must_find(&d, "Externally-operated CA");
	assert_null(x->alias);
	pw_definitions_clear(&d);
}

/* The definitions sections' spans, and a revision's definitions moved from
 * another's when the two differ only outside them: as read from its text. */
static void spans_and_moved(void **state)
{
	static const char old_text[] = "# 1. Intro\n\nIntro line.\n\n### 1.6.1 Definitions\n\n"
	                               "**Alpha**: First.\n\n**Beta (B)**: Second.\n\n"
	                               "### 1.6.2 Other\n\nGap line.\n\n## Definitions\n\n"
	                               "**Gamma**: Third.\n";
	/* two lines added before the first section, one removed between them */
	static const char new_text[] = "# 1. Intro\n\nIntro line.\nNew one.\nNew two.\n\n"
	                               "### 1.6.1 Definitions\n\n"
	                               "**Alpha**: First.\n\n**Beta (B)**: Second.\n\n"
	                               "### 1.6.2 Other\n\n\n## Definitions\n\n"
	                               "**Gamma**: Third.\n";
	static const int shift[] = {-2, -1};
	pw_definitions now, moved, old;
	size_t i;
	(void)state;
	read_ok(&now, new_text);
	read_ok(&old, old_text);
	assert_int_equal(now.nspans, 2);
	assert_int_equal(now.spans[0].first, 7);
	assert_int_equal(now.spans[0].last, 12);
	assert_int_equal(now.spans[1].first, 16);
	assert_int_equal(now.spans[1].last, 18);
	assert_int_equal(pw_definitions_moved(&moved, &now, shift), 0);
	assert_int_equal(moved.nspans, old.nspans);
	for (i = 0; i < old.nspans; i++) {
		assert_int_equal(moved.spans[i].first, old.spans[i].first);
		assert_int_equal(moved.spans[i].last, old.spans[i].last);
	}
	assert_int_equal(moved.count, 3);
	assert_int_equal(moved.count, old.count);
	for (i = 0; i < old.count; i++) {
		const pw_definition *a = &moved.items[i], *b = &old.items[i];
		assert_string_equal(a->term, b->term);
		assert_string_equal(a->text, b->text);
		assert_string_equal(a->section, b->section);
		assert_string_equal(pw_definitions_name(a), pw_definitions_name(b));
		assert_true((a->alias == NULL) == (b->alias == NULL));
		assert_int_equal(a->first_line, b->first_line);
		assert_int_equal(a->last_line, b->last_line);
		assert_false(a->counted);
	}
	assert_string_equal(moved.items[1].alias, "B");
	{ /* the moved terms are found by a scan */
		int mark[3] = {0, 0, 0};
		assert_int_equal(pw_definitions_scan(&moved, "Gamma and B", 11, mark), 2);
	}
	pw_definitions_clear(&now);
	pw_definitions_clear(&moved);
	pw_definitions_clear(&old);
}

static const char text_uses[] =
    "## Definitions\n\n**Certificate**: A thing.\n\n**Key Pair**: Two keys.\n\n"
    "## Use\n\nCertificates and Certificate data; one Key Pair.\n"
    "A Key Pairing is not one; Certificatex neither.\nKey Pairs, Key Pair.\n";

static void uses_and_mentions(void **state)
{
	pw_definitions d;
	(void)state;
	read_ok(&d, text_uses);
	assert_int_equal(d.count, 2);
	{
		static const char *const line = "Key Pairs of a Certificate, Certificate";
		int mark[2] = {0, 0};
		assert_int_equal(pw_definitions_scan(&d, line, strlen(line), mark), 2);
		assert_int_equal(mark[0] + mark[1], 2);
		mark[0] = mark[1] = 0;
		assert_int_equal(pw_definitions_scan(&d, "certificate key pair", 20, mark), 0);
	}
	/* lines naming the term (once per line), its own definition line included */
	pw_definitions_count_uses(&d.items[0], text_uses, strlen(text_uses), 100);
	pw_definitions_count_uses(&d.items[1], text_uses, strlen(text_uses), 100);
	assert_int_equal(must_find(&d, "Certificate")->uses, 2);
	assert_int_equal(must_find(&d, "Key Pair")->uses, 3);
	/* counted once; a limit stops counting past it */
	pw_definitions_count_uses(&d.items[1], "", 0, 100);
	assert_int_equal(d.items[1].uses, 3);
	d.items[1].counted = 0;
	pw_definitions_count_uses(&d.items[1], text_uses, strlen(text_uses), 1);
	assert_int_equal(d.items[1].uses, 2);
	pw_definitions_clear(&d);
	assert_true(pw_definitions_mentions("the Subscribers' keys", 21, "Subscriber"));
	assert_true(pw_definitions_mentions("two Key Pairs", 13, "Key Pair"));
	assert_true(pw_definitions_mentions("Business Entity.", 16, "Business Entity"));
	assert_false(pw_definitions_mentions("Subscriberish", 13, "Subscriber"));
	assert_false(pw_definitions_mentions("a subscriber", 12, "Subscriber"));
	assert_false(pw_definitions_mentions("NonSubscriber", 13, "Subscriber"));
	assert_false(pw_definitions_differ("A  b\nc ", " A b c"));
	assert_true(pw_definitions_differ("A b c", "A b c d"));
	assert_true(pw_definitions_differ("Ab c", "A bc"));
	read_ok(&d, "# No definitions\n\n**Alpha**: text\n");
	assert_int_equal(d.count, 0);
	pw_definitions_clear(&d);
	assert_int_equal(pw_definitions_read(&d, "", 0), 0);
	assert_int_equal(d.count, 0);
}

/* The text of `path` at `rev` in upstream repository `repo`. */
static char *show(const char *up, const char *repo, const char *rev, const char *path)
{
	char *out = NULL;
	if (tu_sh(&out, NULL, "git -C '%s/%s.git' show '%s:%s'", up, repo, rev, path) != 0)
		fail_msg("git show %s:%s in %s failed", rev, path, repo);
	return out;
}

static void real_extant_smime_ca(void **state)
{
	const char *up = tu_upstream_or_skip();
	char *text = show(up, "cabforum-smime", "main", "SBR.md");
	pw_definitions d;
	const pw_definition *x;
	(void)state;
	read_ok(&d, text);
	assert_true(d.count > 80);
	x = must_find(&d, "Extant S/MIME CA");
	assert_string_equal(x->section, "1.6.1");
	/* the paragraph, the four numbered criteria and the two lettered deviations */
	assert_true(strncmp(x->text, "A Subordinate CA that:", 22) == 0);
	tu_assert_has(x->text, "\n   1. Is a Publicly-Trusted Subordinate CA Certificate whose "
	                       "`notBefore` field is before September 1, 2023");
	tu_assert_has(x->text, "\n   2. The CA Certificate includes no Extended Key Usage");
	tu_assert_has(x->text, "\n   3. The CA Certificate complies with the profile defined in");
	tu_assert_has(x->text,
	              "\n      a. The CA Certificate contains a `nameConstraints` extension");
	tu_assert_has(x->text, "\n      b. The CA Certificate contains a policy qualifier of type "
	                       "UserNotice");
	tu_assert_has(x->text, "\n   4. The CA Certificate contains the `anyPolicy` identifier");
	tu_assert_has(x->text, "of these Requirements.");
	/* and nothing of the next term */
	tu_assert_lacks(x->text, "Fully-Qualified");
	assert_int_equal(x->last_line - x->first_line, 7);
	/* the term is used elsewhere in the document */
	pw_definitions_count_uses((pw_definition *)x, text, strlen(text), 1000);
	assert_true(x->uses > 2);
	pw_definitions_clear(&d);
	free(text);
	/* the BR's "Request Token" runs on past its "**Note**:" paragraphs */
	text = show(up, "cabforum-servercert", "main", "docs/BR.md");
	read_ok(&d, text);
	assert_null(pw_definitions_find(&d, "Note"));
	tu_assert_has(must_find(&d, "Request Token")->text,
	              "\n**Note**: Examples of Request Tokens");
	pw_definitions_clear(&d);
	free(text);
}

/* SMC-3 (S/MIME BR v1.0.1) introduced the definition: absent before, present after. */
static void real_smc3_introduces_it(void **state)
{
	const char *up = tu_upstream_or_skip();
	char *commit = NULL, *before, *after, parent[64];
	pw_definitions d0, d1;
	(void)state;
	assert_int_equal(tu_sh(&commit, NULL,
	                       "git -C '%s/cabforum-smime.git' log --first-parent --format=%%H "
	                       "--grep='Ballot SMC03' main",
	                       up),
	                 0);
	commit[strcspn(commit, "\n")] = '\0';
	assert_int_equal(strlen(commit), 40);
	snprintf(parent, sizeof(parent), "%s^", commit);
	before = show(up, "cabforum-smime", parent, "SBR.md");
	after = show(up, "cabforum-smime", commit, "SBR.md");
	read_ok(&d0, before);
	read_ok(&d1, after);
	assert_true(d0.count > 50);
	assert_null(pw_definitions_find(&d0, "Extant S/MIME CA"));
	tu_assert_has(must_find(&d1, "Extant S/MIME CA")->text, "September 1, 2023");
	pw_definitions_clear(&d0);
	pw_definitions_clear(&d1);
	free(before);
	free(after);
	free(commit);
}

/* Every document with a definitions section, at its head. */
static void real_every_document(void **state)
{
	static const struct {
		const char *repo, *path, *term, *has;
		size_t min;
	} docs[] = {
	    {"cabforum-servercert", "docs/BR.md", "Applicant Representative", "\n  i. who signs",
	     100},
	    {"cabforum-servercert", "docs/EVG.md", "Registered Agent", "Applicant", 50},
	    {"cabforum-code-signing", "docs/CSBR.md", "Key Pair", "Private Key", 100},
	    {"cabforum-netsec", "docs/NSR.md", "Certificate System", "\n   9. key escrow.", 20},
	    {"mozilla-ccadb", "policy.md", "CA Owner", "\n- represented in the subject DN", 1},
	    {"chrome-rootprogram", "content/index.md", "Externally-operated CA", "sole control", 4},
	    {"apple-rootprogram", "policy.md", "Trust Purpose", "Server Authentication", 6},
	};
	const char *up = tu_upstream_or_skip();
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		char *text = show(up, docs[i].repo, "HEAD", docs[i].path);
		pw_definitions d;
		read_ok(&d, text);
		if (d.count < docs[i].min)
			fail_msg("%s: %zu definitions, expected at least %zu", docs[i].path,
			         d.count, docs[i].min);
		tu_assert_has(must_find(&d, docs[i].term)->text, docs[i].has);
		pw_definitions_clear(&d);
		free(text);
	}
}

/* At every revision of the S/MIME BR and of the BR: a revision with a 1.6.1
 * heading has definitions, and no definition runs into a heading. */
static void real_every_revision(void **state)
{
	static const char *const docs[][2] = {{"cabforum-smime", "SBR.md"},
	                                      {"cabforum-servercert", "docs/BR.md"}};
	const char *up = tu_upstream_or_skip();
	size_t k, checked = 0;
	(void)state;
	for (k = 0; k < 2; k++) {
		char *revs = NULL, *p, *line;
		assert_int_equal(tu_sh(&revs, NULL,
		                       "git -C '%s/%s.git' rev-list --first-parent HEAD -- %s", up,
		                       docs[k][0], docs[k][1]),
		                 0);
		for (p = revs; (line = strsep(&p, "\n")) != NULL;) {
			char *text;
			pw_definitions d;
			size_t i;
			if (strlen(line) != 40)
				continue;
			if (tu_sh(&text, NULL, "git -C '%s/%s.git' show '%s:%s'", up, docs[k][0],
			          line, docs[k][1]) != 0) {
				free(text);
				continue; /* the commit deleted it */
			}
			read_ok(&d, text);
			if (strstr(text, "\n### 1.6.1 Definitions") && d.count < 20)
				fail_msg("%s at %s: %zu definitions", docs[k][1], line, d.count);
			for (i = 0; i < d.count; i++)
				if (strstr(d.items[i].text, "\n#"))
					fail_msg("%s at %s: \"%s\" runs into a heading", docs[k][1],
					         line, d.items[i].term);
			checked += d.count > 0;
			pw_definitions_clear(&d);
			free(text);
		}
		free(revs);
	}
	assert_true(checked > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bold_forms),           cmocka_unit_test(prose_forms),
	    cmocka_unit_test(uses_and_mentions),    cmocka_unit_test(spans_and_moved),
	    cmocka_unit_test(real_extant_smime_ca), cmocka_unit_test(real_smc3_introduces_it),
	    cmocka_unit_test(real_every_document),  cmocka_unit_test(real_every_revision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
