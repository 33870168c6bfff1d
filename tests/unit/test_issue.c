/* Issue markers, state summaries, terms (neutralising text: test_mdsafe). */
#include "testutil.h"

#include "util/buf.h"
#include "publish/issue.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <string.h>

static void test_markers(void **state)
{
	pw_issue_markers m;
	(void)state;
	assert_int_equal(pw_issue_markers_parse(&m,
	                                        "<!-- pkiwatch:issue src:SC-1 -->\n"
	                                        "<!-- pkiwatch:change src@aaa -->\n"
	                                        "<!-- pkiwatch:change src@bbb -->\r\n"
	                                        "<!-- pkiwatch:digest "
	                                        "0123456789012345678901234567890123456789 -->\n"
	                                        "<!-- pkiwatch:state status=adopted -->\n"
	                                        "text <!-- pkiwatch:change src@ccc --> inline\n"),
	                 0);
	assert_string_equal(m.key, "src:SC-1");
	assert_int_equal(m.nchanges, 2);
	assert_string_equal(m.changes[0], "src@aaa");
	assert_string_equal(m.changes[1], "src@bbb");
	assert_string_equal(m.digest, "0123456789012345678901234567890123456789");
	assert_string_equal(m.state, "status=adopted");
	assert_false(m.dashboard);
	pw_issue_markers_clear(&m);
	assert_int_equal(pw_issue_markers_parse(&m, "<!-- pkiwatch:dashboard -->\n"), 0);
	assert_true(m.dashboard);
	assert_null(m.key);
	pw_issue_markers_clear(&m);
}

static void test_state_diff(void **state)
{
	char *d;
	(void)state;
	d = pw_issue_state_diff(
	    "status=proposed changes=s@1 dates=2025-01-01 tags=smime sections=1",
	    "status=adopted changes=s@1,s@2 dates=2025-02-01 tags=smime "
	    "sections=1");
	assert_string_equal(d, "- status: proposed → adopted\n"
	                       "- changes added: `s@2`\n"
	                       "- effective dates added: `2025-02-01`\n"
	                       "- effective dates removed: `2025-01-01`\n");
	free(d);
	d = pw_issue_state_diff("status=adopted changes=s@1", "status=adopted changes=s@1");
	assert_string_equal(d, "");
	free(d);
	/* a list too long for the state is a count and the digest of the list
	 * (`printf 's@1,s@2' | git hash-object --stdin`: 0ecc99d9...), told by
	 * its counts, and the same list summarised or not is no change */
	d = pw_issue_state_diff(
	    "status=adopted changes=s@1,s@2 sections=1",
	    "status=adopted changes=~3:0123456789012345678901234567890123456789 "
	    "sections=1");
	assert_string_equal(d, "- changes: 2 before, 3 now\n");
	free(d);
	d = pw_issue_state_diff(
	    "status=adopted changes=s@1,s@2",
	    "status=adopted changes=~2:0ecc99d989448a83fc21d6460ef936b37c69d61b");
	assert_string_equal(d, "");
	free(d);
	d = pw_issue_state_diff(
	    "status=adopted changes=s@1,s@3",
	    "status=adopted changes=~2:0ecc99d989448a83fc21d6460ef936b37c69d61b");
	assert_string_equal(d, "- changes: 2 before, 2 now\n");
	free(d);
	d = pw_issue_state_diff("status=adopted changes=~2:X", "status=adopted changes=s@1");
	assert_string_equal(d, "- changes changed\n");
	free(d);
}

/* A change whose terms carry hostile upstream text. */
static void hostile_item(pw_changeset_item *it, pw_source *src, pw_term_ref *terms)
{
	static pw_change_doc doc = {"SBR.md"};
	memset(it, 0, sizeof(*it));
	memset(src, 0, sizeof(*src));
	src->id = "cabforum-smime";
	src->repository = "cabforum/smime";
	it->source = src;
	it->excerpt = "+x";
	it->change.id = "cabforum-smime@3639f2c60f9f";
	it->change.source = "cabforum-smime";
	strcpy(it->change.commit, "3639f2c60f9f000000000000000000000000000a");
	strcpy(it->change.date, "2023-08-10");
	it->change.subject = "Ballot SMC03";
	it->change.branch = "main";
	it->change.docs = &doc;
	it->change.ndocs = 1;
	it->change.url = "https://github.com/cabforum/smime/commit/x";
	it->change.classified = 1;
	it->change.cls.kind = "ballot";
	it->change.cls.ballot = "SMC-3";
	terms[0] = (pw_term_ref){"Extant S/MIME CA",
	                         "SBR.md",
	                         "1.6.1",
	                         "A Subordinate CA that:\n\n   1. is <script>alert(1)</script> "
	                         "@everyone;\n      a. see [RFC](https://evil.example/x) and "
	                         "https://evil.example www.evil.example #12 --> <!-- x",
	                         NULL,
	                         1};
	terms[1] = (pw_term_ref){"Registration Reference",
	                         "SBR.md",
	                         "1.6.1",
	                         "An identifier assigned to a Legal Entity.",
	                         "A unique identifier assigned to a Legal Entity.",
	                         1};
	terms[2] = (pw_term_ref){"Legal Entity <img src=x>", "SBR.md", "1.6.1",
	                         "An association.",          NULL,     0};
	it->change.cls.terms = terms;
	it->change.cls.nterms = 3;
}

/* Group `key` of the `count` changes `items`, the first `marked` of them
 * marked in its body. */
static void group_of(pw_issue_group *g, char *key, const pw_changeset_item **items, size_t count,
                     size_t marked)
{
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->items = items;
	g->count = count;
	g->marked = marked;
}

/* The body's "Terms used": names what the change does to definitions, then
 * quotes them collapsed; hostile text comes out inert on GitHub's renderer
 * (cmark-gfm with autolink and tagfilter): no HTML, mentions or links. */
static void test_terms_used(void **state)
{
	pw_changeset_item item;
	const pw_changeset_item *items[1] = {&item};
	pw_source src;
	pw_term_ref terms[3];
	pw_issue_group g;
	char *body, *html, *terms_part;
	cmark_parser *p;
	cmark_node *doc;
	const char *const exts[] = {"autolink", "tagfilter", "table"};
	size_t i;
	(void)state;
	hostile_item(&item, &src, terms);
	group_of(&g, "cabforum-smime:SMC-3", items, 1, 1);
	assert_non_null(body = pw_issue_body(&g, NULL));
	assert_non_null(terms_part = strstr(body, "\n## Terms used\n"));
	tu_assert_has(terms_part, "- Defines **Extant S/MIME CA** (`SBR.md` §1.6.1)\n");
	tu_assert_has(terms_part, "- **Changes the definition of** **Registration Reference**");
	tu_assert_has(terms_part, "- Uses **Legal Entity &lt;img src=x&gt;**\n");
	tu_assert_has(terms_part, "<details><summary>Definitions</summary>");
	tu_assert_has(terms_part, ", before this change:\n\n> A unique identifier assigned to a "
	                          "Legal Entity.\n\nafter this change:\n\n> An identifier");
	/* line structure kept: sub-items stay items in the quote */
	tu_assert_has(terms_part, "> A Subordinate CA that:\n>\n>    1. is &lt;script&gt;");
	assert_true(strstr(terms_part, "</details>") < strstr(terms_part, "\n## Changes\n"));
	*strstr(terms_part, "\n## Changes\n") = '\0'; /* the terms part alone */
	cmark_gfm_core_extensions_ensure_registered();
	assert_non_null(p = cmark_parser_new(CMARK_OPT_DEFAULT));
	for (i = 0; i < 3; i++)
		assert_int_equal(
		    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i])),
		    1);
	cmark_parser_feed(p, terms_part, strlen(terms_part));
	assert_non_null(doc = cmark_parser_finish(p));
	/* GitHub allows raw HTML (our <details>); what upstream wrote stays text */
	html = cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(p));
	tu_assert_lacks(html, "<script");
	tu_assert_lacks(html, "<img");
	tu_assert_lacks(html, "<a ");
	tu_assert_lacks(html, "@everyone");
	tu_assert_lacks(html, "<!-- x");
	tu_assert_lacks(html, "-->");
	tu_assert_has(html, "<details><summary>Definitions</summary>");
	tu_assert_has(html, "<li>is &lt;script&gt;alert(1)&lt;/script&gt; @");
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
	free(body);
}

/* Draft branches whose names differ only in characters a marker cannot hold
 * ('+', "--") are two issues, never one: the key escapes what it used to drop,
 * and the body's marker carries the same key. */
static void test_draft_keys_distinct(void **state)
{
	static const char *const branches[] = {"draft+one", "draftone", "a--b", "ab"};
	pw_changeset_item items[4];
	pw_source src;
	pw_term_ref terms[3];
	pw_changeset set = {items, 4};
	pw_issue_groups g;
	char *body;
	size_t i;
	(void)state;
	for (i = 0; i < 4; i++) {
		hostile_item(&items[i], &src, terms);
		items[i].change.cls.ballot = NULL;
		items[i].change.cls.nterms = 0;
		items[i].change.status = PW_STATUS_PROPOSED;
		items[i].change.branch = (char *)branches[i];
		items[i].record = cJSON_CreateObject();
	}
	assert_int_equal(pw_issue_groups_build(&g, &set), 0);
	assert_int_equal(g.count, 4);
	assert_string_equal(g.items[0].key, "cabforum-smime:branch:draft%2Bone");
	assert_string_equal(g.items[1].key, "cabforum-smime:branch:draftone");
	assert_string_equal(g.items[2].key, "cabforum-smime:branch:a%2D-b");
	body = pw_issue_body(&g.items[0], NULL);
	tu_assert_has(body, "<!-- pkiwatch:issue cabforum-smime:branch:draft%2Bone -->");
	free(body);
	pw_issue_groups_clear(&g);
	for (i = 0; i < 4; i++)
		cJSON_Delete(items[i].record);
}

/* Two groups that would have one title (Apple's ct/ct-policy.md added,
 * removed and added again, both "Add Apple's Certificate Transparency
 * Policy document", version 1.0): the newer one's title names its commit,
 * the older keeps its own; and the title is part of the digest, so a run
 * whose rules title an issue anew updates it (found by its marker) rather
 * than leaving the old title. */
static void test_same_titles(void **state)
{
	pw_changeset_item items[3];
	pw_source src;
	pw_term_ref terms[3];
	pw_changeset set = {items, 3};
	pw_issue_groups g;
	char *t0, *t1, *t2, digest[41];
	size_t i;
	(void)state;
	for (i = 0; i < 3; i++) {
		hostile_item(&items[i], &src, terms);
		items[i].change.cls.ballot = NULL;
		items[i].change.cls.nterms = 0;
		items[i].change.cls.kind = "policy-version";
		items[i].change.subject = "Add Apple's Certificate Transparency Policy document";
		items[i].record = cJSON_CreateObject();
	}
	/* newest first: cec810b (later that day), then f250b3b */
	items[0].change.id = "cabforum-smime@cec810b0000a";
	strcpy(items[0].change.commit, "cec810b000000000000000000000000000000000");
	items[0].change.time = 1777560000;
	items[1].change.id = "cabforum-smime@f250b3b0000a";
	strcpy(items[1].change.commit, "f250b3b000000000000000000000000000000000");
	items[1].change.time = 1777550000;
	items[2].change.id = "cabforum-smime@aaaaaaa0000a";
	items[2].change.subject = "Another subject";
	assert_int_equal(pw_issue_groups_build(&g, &set), 0);
	assert_int_equal(g.count, 3);
	t0 = pw_issue_title(&g.items[0]);
	t1 = pw_issue_title(&g.items[1]);
	t2 = pw_issue_title(&g.items[2]);
	assert_string_equal(
	    t0, "[cabforum-smime] Add Apple\'s Certificate Transparency Policy document (cec810b)");
	assert_string_equal(
	    t1, "[cabforum-smime] Add Apple\'s Certificate Transparency Policy document");
	assert_string_equal(t2, "[cabforum-smime] Another subject");
	/* the same records under another title: another digest */
	memcpy(digest, g.items[2].digest, sizeof(digest));
	pw_issue_groups_clear(&g);
	items[2].change.subject = "Yet another subject";
	assert_int_equal(pw_issue_groups_build(&g, &set), 0);
	assert_string_not_equal(g.items[2].digest, digest);
	free(t0);
	free(t1);
	free(t2);
	pw_issue_groups_clear(&g);
	for (i = 0; i < 3; i++)
		cJSON_Delete(items[i].record);
}

/* Titles say the ballot once ("SC-86: SC-86: Sunset" was issue 15's
 * example) and a version branch's merge by its documents' versions, not by
 * "Merge pull request #287 from mozilla/3.0". */
static void test_titles(void **state)
{
	static const struct {
		const char *subject, *ballot, *want;
	} cases[] = {
	    {"SC-86: Sunset of SHA-1", "SC-86", "[cabforum-smime] SC-86: Sunset of SHA-1"},
	    {"Ballot SMC010 - Introduction of MPIC", "SMC-10",
	     "[cabforum-smime] SMC-10: Introduction of MPIC"},
	    {"SC086 \u2013 Sunset", "SC-86", "[cabforum-smime] SC-86: Sunset"},
	    {"Ballot SC-097 (V1): \"Sunset SHA-1\"", "SC-97",
	     "[cabforum-smime] SC-97: \"Sunset SHA-1\""},
	    {"sc 61: New CRL entries", "SC-61", "[cabforum-smime] SC-61: New CRL entries"},
	    {"SC-86 and SC-87: both", "SC-86", "[cabforum-smime] SC-86: SC-86 and SC-87: both"},
	    {"SC-85: another ballot's text", "SC-86",
	     "[cabforum-smime] SC-86: SC-85: another ballot's text"},
	    {"v1.0.10 - Ballot SMC012", "SMC-12",
	     "[cabforum-smime] SMC-12: v1.0.10 - Ballot SMC012"},
	    {"SC-86", "SC-86", "[cabforum-smime] SC-86: SC-86"},
	};
	pw_changeset_item item;
	const pw_changeset_item *items[1] = {&item};
	pw_source src;
	pw_term_ref terms[3];
	pw_issue_group g;
	char *versions[1] = {"3.0"}, *t;
	size_t i;
	(void)state;
	hostile_item(&item, &src, terms);
	group_of(&g, "k", items, 1, 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		item.change.subject = (char *)cases[i].subject;
		item.change.cls.ballot = (char *)cases[i].ballot;
		assert_non_null(t = pw_issue_title(&g));
		if (strcmp(t, cases[i].want) != 0)
			fail_msg("'%s' (%s): title '%s', want '%s'", cases[i].subject,
			         cases[i].ballot, t, cases[i].want);
		free(t);
	}
	/* a version branch's merge */
	{
		static pw_change_doc doc = {"rootstore/policy.md"};
		item.change.source = "mozilla-pkipolicy";
		item.change.docs = &doc;
		item.change.subject = "Merge pull request #287 from mozilla/3.0";
		item.change.cls.ballot = "MRSP-3.0";
		item.change.cls.versions = versions;
		item.change.cls.nversions = 1;
		assert_non_null(t = pw_issue_title(&g));
		assert_string_equal(
		    t, "[mozilla-pkipolicy] MRSP-3.0: rootstore/policy.md version 3.0");
		free(t);
		/* no version known: the subject stays */
		versions[0] = NULL;
		assert_non_null(t = pw_issue_title(&g));
		tu_assert_has(t, "[mozilla-pkipolicy] MRSP-3.0: Merge pull request #");
		tu_assert_has(t, "287 from mozilla/3.0");
		free(t);
	}
	/* an edit of a released version merged twice on one day (Chrome's
	 * a155b2b and 08ab52e, content/index.md at 1.6 both times): told apart
	 * by what each pull request is (the merge's body) and its number;
	 * without a body, by its branch */
	{
		static pw_change_doc doc = {"content/index.md"};
		item.change.source = "chrome-rootprogram";
		item.change.docs = &doc;
		item.change.subject = "Merge pull request #3 from GoogleChrome/force-rebuild";
		item.change.summary = "Address Nit (Trailing Period on Section Header)";
		item.change.cls.ballot = NULL;
		item.change.cls.kind = "editorial";
		versions[0] = "1.6";
		assert_non_null(t = pw_issue_title(&g));
		assert_string_equal(t, "[chrome-rootprogram] content/index.md version 1.6: Address "
		                       "Nit (Trailing Period on Section Header) (#\u200d3)");
		free(t);
		item.change.subject = "Merge pull request #2 from GoogleChrome/dadrian/site";
		item.change.summary = NULL;
		assert_non_null(t = pw_issue_title(&g));
		assert_string_equal(
		    t,
		    "[chrome-rootprogram] content/index.md version 1.6: dadrian/site (#\u200d2)");
		free(t);
	}
	/* a release merged under a subject of its own ("Merge updated
	 * Self-Assessment", 2bcaa10): named by its document's version like the
	 * other template versions */
	{
		static pw_change_doc doc = {"cas/self-assessment.md"};
		item.change.source = "mozilla-ccadb";
		item.change.docs = &doc;
		item.change.subject = "Merge updated Self-Assessment";
		item.change.summary = "Update Self-Assessment to Version 1.6";
		item.change.cls.kind = "policy-version";
		assert_non_null(t = pw_issue_title(&g));
		assert_string_equal(t, "[mozilla-ccadb] cas/self-assessment.md version 1.6");
		free(t);
		item.change.summary = NULL;
		item.change.cls.kind = "ballot";
	}
	/* a draft says what its branch proposes, not its head commit's
	 * subject (issue 16: "(proposed) Merge branch 'main' into ...") */
	item.change.source = "cabforum-servercert";
	item.change.cls.versions = NULL;
	item.change.cls.nversions = 0;
	item.change.status = PW_STATUS_PROPOSED;
	item.change.branch = "recording-validation-method";
	item.change.subject = "Merge branch 'main' into recording-validation-method";
	item.change.proposal = "Improve recording of validation methods";
	item.change.cls.ballot = NULL;
	g.proposed = 1;
	assert_non_null(t = pw_issue_title(&g));
	assert_string_equal(t, "[cabforum-servercert] (proposed) recording-validation-method: "
	                       "Improve recording of validation methods");
	free(t);
	/* with a ballot: the ballot, and the proposal after its reference */
	item.change.branch = "SC70";
	item.change.subject = "Apply suggestion from @someone";
	item.change.proposal = "Ballot SC-070: Clarify the use of DTPs";
	item.change.cls.ballot = "SC-70";
	assert_non_null(t = pw_issue_title(&g));
	assert_string_equal(t, "[cabforum-servercert] (proposed) SC-70: Clarify the use of DTPs");
	free(t);
	/* no proposal (no commit says what it does): the head's subject */
	item.change.proposal = NULL;
	assert_non_null(t = pw_issue_title(&g));
	assert_string_equal(
	    t, "[cabforum-servercert] (proposed) SC-70: Apply suggestion from @\u200dsomeone");
	free(t);
}

/* The body's effective dates: sorted by date across the group's changes,
 * the same date and line once (issue 15: SC-67's line appeared twice). */
static void test_dates_sorted_once(void **state)
{
	pw_changeset_item a, b;
	const pw_changeset_item *items[2] = {&a, &b};
	pw_source src;
	pw_term_ref terms[3];
	pw_effective_date da[2], db[2];
	pw_issue_group g;
	char *body, *p1, *p2, *p3;
	(void)state;
	hostile_item(&a, &src, terms);
	hostile_item(&b, &src, terms);
	a.change.cls.nterms = b.change.cls.nterms = 0;
	memset(da, 0, sizeof(da));
	memset(db, 0, sizeof(db));
	strcpy(da[0].date, "2026-03-15");
	da[0].text = "the 200-day maximum";
	strcpy(da[1].date, "2029-03-15");
	da[1].text = "the 47-day maximum";
	strcpy(db[0].date, "2027-03-15");
	db[0].text = "the 100-day maximum";
	strcpy(db[1].date, "2026-03-15");
	db[1].text = "the 200-day maximum"; /* the draft said it too */
	a.change.cls.dates = da;
	a.change.cls.ndates = 2;
	b.change.cls.dates = db;
	b.change.cls.ndates = 2;
	group_of(&g, "k", items, 2, 2);
	assert_non_null(body = pw_issue_body(&g, NULL));
	p1 = strstr(body, "- **2026-03-15**: the 200-day maximum\n");
	p2 = strstr(body, "- **2027-03-15**: the 100-day maximum\n");
	p3 = strstr(body, "- **2029-03-15**: the 47-day maximum\n");
	if (!p1 || !p2 || !p3 || !(p1 < p2 && p2 < p3))
		fail_msg("dates not sorted in:\n%s", body);
	assert_null(strstr(p1 + 1, "- **2026-03-15**"));
	free(body);
}

/* A change with no normative effect (rules/noise.json: an editorial one)
 * says so on its issue, with the bulk sign-off of its kind; signed off, the
 * instruction goes; a draft branch whose newest commit merges main is not
 * marked (its change is the branch's whole proposal). */
static void test_no_normative_effect(void **state)
{
	pw_changeset_item item;
	const pw_changeset_item *items[1] = {&item};
	pw_source src;
	pw_term_ref terms[3];
	pw_issue_group g;
	pw_noise *noise = NULL;
	pw_buf part = PW_BUF_INIT;
	char *body;
	(void)state;
	assert_int_equal(pw_noise_load(&noise, NULL), 0);
	hostile_item(&item, &src, terms);
	item.change.cls.nterms = 0;
	item.change.cls.kind = "editorial";
	item.change.cls.ballot = NULL;
	item.change.subject = "Fix formatting in table 1.2.1";
	group_of(&g, "cabforum-smime@3639f2c60f9f", items, 1, 1);
	assert_non_null(body = pw_issue_body(&g, noise));
	tu_assert_has(body, "| Effect | **no normative effect**: editorial change |\n");
	tu_assert_has(body, "\n## Sign-off\n\n**No normative effect** (editorial change): sign it "
	                    "off with every other one of its kind and source in one command,\n\n"
	                    "```sh\npkiwatch signoff --kind editorial --source cabforum-smime "
	                    "--decision not-applicable\n```\n\nor on its own:\n");
	free(body);
	assert_int_equal(pw_issue_signoff_part(&part, &g, 1, noise), 0);
	tu_assert_lacks(part.ptr, "--kind");
	pw_buf_clear(&part);
	/* without the rules: nothing said */
	assert_non_null(body = pw_issue_body(&g, NULL));
	tu_assert_lacks(body, "ormative effect");
	free(body);
	/* a ballot: nothing said */
	item.change.cls.kind = "ballot";
	assert_non_null(body = pw_issue_body(&g, noise));
	tu_assert_lacks(body, "ormative effect");
	free(body);
	/* a draft whose newest commit merges main */
	item.change.subject = "Merge branch 'main' into recording-validation-method";
	item.change.status = PW_STATUS_PROPOSED;
	g.proposed = 1;
	assert_non_null(body = pw_issue_body(&g, noise));
	tu_assert_lacks(body, "ormative effect");
	free(body);
	pw_noise_free(noise);
}

/* § links open the section: GitHub's heading anchor in the change's first
 * document at its commit, in the changed sections and on each date line; a
 * section without a known anchor links the document as before. */
static void test_section_anchors(void **state)
{
	pw_changeset_item a;
	const pw_changeset_item *items[1] = {&a};
	pw_source src;
	pw_term_ref terms[3];
	pw_effective_date d[1];
	char *secs[] = {"4.3.1.2", "8.7"}, *dsecs[] = {"4.3.1.2"};
	pw_issue_group g;
	char *body;
	(void)state;
	hostile_item(&a, &src, terms);
	a.change.cls.nterms = 0;
	a.change.cls.sections.items = secs;
	a.change.cls.sections.count = 2;
	assert_int_equal(pw_strlist_add(&a.change.cls.anchor_sections, "4.3.1.2"), 0);
	assert_int_equal(pw_strlist_add(&a.change.cls.anchors, "4312-linting"), 0);
	memset(d, 0, sizeof(d));
	strcpy(d[0].date, "2025-09-15");
	d[0].text = "Effective September 15, 2025 the CA SHALL implement a Linting process";
	d[0].sections.items = dsecs;
	d[0].sections.count = 1;
	a.change.cls.dates = d;
	a.change.cls.ndates = 1;
	group_of(&g, "k", items, 1, 0);
	assert_non_null(body = pw_issue_body(&g, NULL));
	tu_assert_has(body, "Changed sections: [§4.3.1.2](https://github.com/cabforum/smime/blob/"
	                    "3639f2c60f9f000000000000000000000000000a/SBR.md#4312-linting), "
	                    "[§8.7](https://github.com/cabforum/smime/blob/"
	                    "3639f2c60f9f000000000000000000000000000a/SBR.md)\n");
	tu_assert_has(body, "- **2025-09-15** ([§4.3.1.2](https://github.com/cabforum/smime/blob/"
	                    "3639f2c60f9f000000000000000000000000000a/SBR.md#4312-linting)): "
	                    "Effective September 15, 2025 the CA SHALL");
	free(body);
	pw_strlist_clear(&a.change.cls.anchor_sections);
	pw_strlist_clear(&a.change.cls.anchors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markers),
	    cmocka_unit_test(test_state_diff),
	    cmocka_unit_test(test_draft_keys_distinct),
	    cmocka_unit_test(test_terms_used),
	    cmocka_unit_test(test_titles),
	    cmocka_unit_test(test_same_titles),
	    cmocka_unit_test(test_dates_sorted_once),
	    cmocka_unit_test(test_no_normative_effect),
	    cmocka_unit_test(test_section_anchors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
