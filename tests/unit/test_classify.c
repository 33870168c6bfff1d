/* The diff classifier on small, hand-made revisions of real document shapes. */
#include "testutil.h"

#include "classify/classify.h"
#include "util/error.h"

#include <string.h>

static pw_classifier *cl;

static int setup(void **state)
{
	(void)state;
	return pw_classifier_load(&cl, tu_src_path("rules"));
}

static int teardown(void **state)
{
	(void)state;
	pw_classifier_free(cl);
	return 0;
}

/* A line-based diff (longest common subsequence) of two small texts. */
typedef struct {
	pw_diff_line lines[400];
	size_t n;
	pw_doc_diff doc;
} diff;

static size_t split(const char *t, const char **starts, size_t *lens, size_t max)
{
	size_t n = 0;
	while (*t && n < max) {
		const char *e = strchr(t, '\n');
		starts[n] = t;
		lens[n] = e ? (size_t)(e - t) : strlen(t);
		n++;
		t = e ? e + 1 : t + strlen(t);
	}
	return n;
}

static void make_diff(diff *d, const char *path, const char *old, const char *new_)
{
	static const char *a[200], *b[200];
	static size_t al[200], bl[200];
	static unsigned short lcs[201][201];
	size_t na = split(old, a, al, 200), nb = split(new_, b, bl, 200), i, j;
	for (i = na + 1; i-- > 0;)
		for (j = nb + 1; j-- > 0;) {
			if (i == na || j == nb)
				lcs[i][j] = 0;
			else if (al[i] == bl[j] && memcmp(a[i], b[j], al[i]) == 0)
				lcs[i][j] = (unsigned short)(lcs[i + 1][j + 1] + 1);
			else
				lcs[i][j] =
				    lcs[i + 1][j] > lcs[i][j + 1] ? lcs[i + 1][j] : lcs[i][j + 1];
		}
	d->n = 0;
	for (i = 0, j = 0; i < na || j < nb;) {
		if (i < na && j < nb && al[i] == bl[j] && memcmp(a[i], b[j], al[i]) == 0) {
			i++, j++;
		} else if (j < nb && (i == na || lcs[i][j + 1] >= lcs[i + 1][j])) {
			pw_diff_line l = {'+', 0, (int)j + 1, b[j], bl[j]};
			d->lines[d->n++] = l;
			j++;
		} else {
			pw_diff_line l = {'-', (int)i + 1, 0, a[i], al[i]};
			d->lines[d->n++] = l;
			i++;
		}
	}
	memset(&d->doc, 0, sizeof(d->doc)); /* no blob ids: fields this test does not set */
	d->doc.path = path;
	d->doc.old_text = old;
	d->doc.old_len = strlen(old);
	d->doc.new_text = new_;
	d->doc.new_len = strlen(new_);
	d->doc.lines = d->lines;
	d->doc.nlines = d->n;
}

/* A source of one document (url "u"), as rules/sources.json gives one. */
#define ONE_DOC_SOURCE(id_, repo_, branch_, prefix_, doc_)                                         \
	{                                                                                          \
		.id = (id_), .repository = (repo_), .url = "u", .branch = (branch_),               \
		.ballot_prefix = (prefix_), .documents = (doc_), .ndocuments = 1                   \
	}

static char *smime_tags[] = {"smime"}, *netsec_tags[] = {"netsec"};
static pw_document smime_doc = {.path = "SBR.md", .tags = smime_tags, .ntags = 1};
static pw_document netsec_doc = {.path = "docs/NSR.md", .tags = netsec_tags, .ntags = 1};
static pw_document moz_doc = {
    .path = "rootstore/policy.md", .version_prefix = "MRSP", .versioned = 1};
static pw_source smime =
    ONE_DOC_SOURCE("cabforum-smime", "cabforum/smime", "main", "SMC", &smime_doc);
static pw_source netsec =
    ONE_DOC_SOURCE("cabforum-netsec", "cabforum/netsec", "main", "NS", &netsec_doc);
static pw_source moz =
    ONE_DOC_SOURCE("mozilla-pkipolicy", "mozilla/pkipolicy", "master", NULL, &moz_doc);
static char *ccadb_tags[] = {"tls", "smime", "code-signing"};
static pw_document ccadb_doc = {.path = "policy.md",
                                .tags = ccadb_tags,
                                .ntags = 3,
                                .version_prefix = "CCADB",
                                .versioned = 1,
                                .live = 1};
static pw_source ccadb =
    ONE_DOC_SOURCE("mozilla-ccadb", "mozilla/www.ccadb.org", "master", NULL, &ccadb_doc);
/* Microsoft's requirements without document-wide tags (rules/sources.json) */
static pw_document ms_doc = {
    .path = "Requirements.md", .version_prefix = "MICROSOFT", .versioned = 1, .live = 1};
static pw_source ms = ONE_DOC_SOURCE(
    "microsoft-rootprogram", "TrustedRootProgram/Program-Requirements", "main", NULL, &ms_doc);
/* servercert's Baseline Requirements and EV Guidelines */
static char *tls_tags[] = {"tls"}, *ev_tags[] = {"tls", "ev"};
static pw_document br = {.path = "docs/BR.md", .tags = tls_tags, .ntags = 1};
static pw_document evg = {.path = "docs/EVG.md", .tags = ev_tags, .ntags = 2};
static pw_source sc =
    ONE_DOC_SOURCE("cabforum-servercert", "cabforum/servercert", "main", "SC", &br);
static pw_source ev =
    ONE_DOC_SOURCE("cabforum-servercert", "cabforum/servercert", "main", "SC", &evg);

static void classify(pw_classification *out, const pw_source *src, const char *subject,
                     const char *date, diff *d)
{
	pw_commit_change cc;
	memset(&cc, 0, sizeof(cc));
	cc.source = src;
	strcpy(cc.commit, "0123456789012345678901234567890123456789");
	strcpy(cc.date, date);
	cc.subject = subject;
	cc.message = subject;
	cc.branch = src->branch;
	cc.docs = &d->doc;
	cc.ndocs = 1;
	assert_int_equal(pw_classify(cl, &cc, out), 0);
}

/* classify() of `d` as the draft on `branch` whose head's subject is
 * `subject`, diffed against its merge base. */
static void classify_draft(pw_classification *out, const pw_source *src, const char *branch,
                           const char *subject, diff *d)
{
	pw_commit_change cc;
	memset(&cc, 0, sizeof(cc));
	cc.source = src;
	strcpy(cc.commit, "9876543210987654321098765432109876543210");
	strcpy(cc.date, "2025-07-08");
	cc.subject = subject;
	cc.message = subject;
	cc.branch = branch;
	cc.status = PW_STATUS_PROPOSED;
	cc.proposal = subject;
	cc.docs = &d->doc;
	cc.ndocs = 1;
	assert_int_equal(pw_classify(cl, &cc, out), 0);
}

/* classify() of the change that turns `old` into `new_` in document `path`. */
static void classify_edit(pw_classification *out, const pw_source *src, const char *subject,
                          const char *date, const char *path, const char *old, const char *new_)
{
	diff d;
	make_diff(&d, path, old, new_);
	classify(out, src, subject, date, &d);
}

static int has_date(const pw_classification *c, const char *iso)
{
	size_t i;
	for (i = 0; i < c->ndates; i++)
		if (strcmp(c->dates[i].date, iso) == 0)
			return 1;
	return 0;
}

static const char sbr_old[] =
    "---\n"
    "subtitle: Version 1.0.6\n"
    "date: August 29, 2024\n"
    "---\n"
    "# 1. INTRODUCTION\n"
    "### 1.2.1 Revisions\n"
    "\n"
    "|Version | Ballot | Description | Publication Date\\* |\n"
    "|---|---|---|---|\n"
    "| 1.0.6 | SMC08 | Deprecate Legacy | August 29, 2024 |\n"
    "\n"
    "| Version| Ballot| Description | Additional<br> Compliance Date |\n"
    "|---|---|---|---|\n"
    "|1.0.1 |SMC03 | Transition end for Extant S/MIME CAs | September 15, 2024|\n"
    "\n"
    "## 4.3 Issuance\n"
    "Starting on September 15, 2024 the CA SHALL state its CAA policy.\n"
    "# 8. COMPLIANCE AUDIT\n"
    "## 8.4 Topics covered by assessment\n"
    "1. WebTrust for CAs v2.2.2 or newer.\n";

static const char sbr_new[] =
    "---\n"
    "subtitle: Version 1.0.7\n"
    "date: November 22, 2024\n"
    "---\n"
    "# 1. INTRODUCTION\n"
    "### 1.2.1 Revisions\n"
    "\n"
    "|Version | Ballot | Description | Publication Date\\* |\n"
    "|---|---|---|---|\n"
    "| 1.0.6 | SMC08 | Deprecate Legacy | August 29, 2024 |\n"
    "| 1.0.7 | SMC09 | Linting | November 22, 2024 |\n"
    "\n"
    "| Version| Ballot| Description | Additional<br> Compliance Date |\n"
    "|---|---|---|---|\n"
    "| 1.0.1 | SMC03  | Transition end for Extant S/MIME CAs | September 15, 2024 |\n"
    "| 1.0.7 | SMC09  | SHALL implement linting | September 15, 2025 |\n"
    "\n"
    "## 4.3 Issuance\n"
    "Starting on September 15, 2024 the CA SHALL state its CAA policy in section 4.2.\n"
    "Effective March 15, 2025 the CA SHOULD implement a Linting process; see RFC 5280 of "
    "May 25, 2001.\n"
    "# 8. COMPLIANCE AUDIT\n"
    "## 8.4 Topics covered by assessment\n"
    "1. For Audit Periods starting after April 1, 2025, WebTrust for Network Security.\n";

static void test_smime_ballot(void **state)
{
	pw_classification c;
	(void)state;
	classify_edit(&c, &smime, "Ballot SMC09 - Pre-Linting (#257)", "2024-11-25", "SBR.md",
	              sbr_old, sbr_new);
	assert_string_equal(c.ballot, "SMC-9");
	assert_string_equal(c.kind, "ballot");
	assert_string_equal(c.versions[0], "1.0.7");
	/* new compliance row, prose "Effective", audit period; not: publication
	 * date, the reformatted row, the re-worded CAA sentence, front matter, RFC date */
	assert_true(has_date(&c, "2025-09-15"));
	assert_true(has_date(&c, "2025-03-15"));
	assert_true(has_date(&c, "2025-04-01"));
	assert_int_equal(c.ndates, 3);
	assert_int_equal(c.sections.count, 3);
	assert_string_equal(c.sections.items[0], "1.2.1");
	assert_string_equal(c.sections.items[1], "4.3");
	assert_string_equal(c.sections.items[2], "8.4");
	assert_string_equal(c.dates[0].sections.items[0], "1.2.1");
	assert_int_equal(c.tags, PW_TAG_SMIME | PW_TAG_AUDIT);
	assert_int_equal(c.warnings.count, 0);
	pw_classification_clear(&c);

	/* the same text as an editorial change: document tags only */
	classify_edit(&c, &smime, "Editorial fixes", "2024-11-25", "SBR.md", sbr_old, sbr_new);
	assert_string_equal(c.kind, "editorial");
	assert_int_equal(c.tags, PW_TAG_SMIME);
	pw_classification_clear(&c);
}

static const char nsr_old[] =
    "## Introduction\n"
    "### Document History\n"
    "| **Ver.** | **Ballot** | **Description** | **Adopted** | **Effective\\*** |\n"
    "|-|-|-----|--|--|\n"
    "| 1.3 | SC21 | Log Integrity | 26\xe2\x80\x90Sep\xe2\x80\x90"
    "19 | 4-Nov-2019 |\n"
    "## Requirements\n"
    "Prior to 2025-03-12, the CA SHALL adhere to Version 1.7. Effective 2025-03-12, the CA SHALL "
    "adhere to these Requirements.\n";

static const char nsr_new[] =
    "## Introduction\n"
    "### Document History\n"
    "| **Ver.** | **Ballot** | **Description** | **Adopted** | **Effective\\*** |\n"
    "|-|-|-----|--|--|\n"
    "| 1.3 | SC21 | Log Integrity | 26\xe2\x80\x90Sep\xe2\x80\x90"
    "2019 | 04-Nov-2019 |\n"
    "| 2.0.4 | NS-007 | Extend deadline | 02-Feb-2025 | 07-Mar-2025 |\n"
    "## Requirements\n"
    "Prior to 2025-09-17, the CA SHALL adhere to Version 1.7. Effective 2025-09-17, the CA SHALL "
    "adhere to these Requirements.\n";

static void test_netsec_history_and_prose(void **state)
{
	diff d;
	pw_classification c;
	(void)state;
	make_diff(&d, "docs/NSR.md", nsr_old, nsr_new);
	classify(&c, &netsec, "Merge pull request #47 from cabforum/NS-007_editorial", "2025-03-12",
	         &d);
	assert_string_equal(c.ballot, "NS-7");
	assert_string_equal(c.kind, "editorial");
	assert_true(has_date(&c, "2025-03-07"));  /* Effective column of the new row */
	assert_false(has_date(&c, "2025-02-02")); /* Adopted column */
	assert_false(has_date(&c, "2019-11-04")); /* reformatted old row */
	assert_true(has_date(&c, "2025-09-17"));  /* moved deadline */
	assert_false(has_date(&c, "2025-03-12")); /* the removed one */
	assert_string_equal(c.sections.items[0], "Document History");
	assert_string_equal(c.sections.items[1], "Requirements");
	assert_int_equal(c.tags, PW_TAG_NETSEC);
	pw_classification_clear(&c);
}

static void test_reformatted_date_is_not_new(void **state)
{
	pw_classification c;
	(void)state;
	classify_edit(
	    &c, &netsec, "Set new implementation date (#46)", "2025-03-11", "docs/NSR.md",
	    "## Requirements\nPrior to 2025-09-17, the CA SHALL adhere to Version 1.7.\n",
	    "## Requirements\nPrior to 17 September 2025, the CA SHALL adhere to Version 1.7 "
	    "of the NCSSRs.\n");
	assert_int_equal(c.ndates, 0);
	assert_null(c.ballot);
	assert_string_equal(c.kind, "ballot"); /* normative wording, no ballot named */
	pw_classification_clear(&c);

	/* a sentence split after its "Effective DATE:" lead-in keeps the date */
	classify_edit(&c, &netsec, "NS-010: Carve-out (#60)", "2026-02-16", "docs/NSR.md",
	              "## Requirements\nEffective March 15th, 2026: CAs MUST NOT do X.\n",
	              "## Requirements\nEffective March 15th, 2026:\n\nFor some methods, CAs MUST "
	              "NOT do X.\n");
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);

	/* a corrected Effective date of an earlier version that is already past is
	 * history; the new version's row and a correction still ahead count */
	classify_edit(
	    &c, &netsec, "NS-006: More (#61)", "2026-01-12", "docs/NSR.md",
	    "## Document History\n| Ver. | Ballot | Description | Adopted | Effective |\n"
	    "|-|-|-|-|-|\n| 2.0.1 | NS-005 | Clarifications | 2025-11-13 | 2026-12-15 |\n",
	    "## Document History\n| Ver. | Ballot | Description | Adopted | Effective |\n"
	    "|-|-|-|-|-|\n| 2.0.1 | NS-005 | Clarifications | 2025-11-13 | 2025-12-15 |\n"
	    "| 2.0.2 | NS-006 | More | 2025-11-20 | 2026-01-12 |\n");
	assert_true(has_date(&c, "2026-01-12"));
	assert_int_equal(c.ndates, 1);
	pw_classification_clear(&c);
	classify_edit(
	    &c, &netsec, "Update effective date (#62)", "2026-05-04", "docs/NSR.md",
	    "## Document History\n| Ver. | Ballot | Description | Adopted | Effective |\n"
	    "|-|-|-|-|-|\n| 2.0.1 | NS-005 | Clarifications | 2025-11-13 | 2026-03-31 |\n",
	    "## Document History\n| Ver. | Ballot | Description | Adopted | Effective |\n"
	    "|-|-|-|-|-|\n| 2.0.1 | NS-005 | Clarifications | 2025-11-13 | 2026-05-04 |\n");
	assert_true(has_date(&c, "2026-05-04"));
	pw_classification_clear(&c);
}

/* A date that only says which certificates a rule is about ("issued before
 * 22nd June 2017", rules/dates.json blockers) is no effective date; the
 * deadline of the same sentence is. */
static void test_issued_before_is_a_cutoff(void **state)
{
	pw_classification c;
	(void)state;
	classify_edit(&c, &moz, "Add phase-in period. Fixes #69", "2017-06-22",
	              "rootstore/policy.md", "# Policy\n\n*Version 2.5 (draft)*\n\n## 5. X\nA.\n",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 5. X\nA.\n\n"
	              "Instead of complying with the above paragraph, intermediate certificates\n"
	              "issued before 22nd June 2017 may, until 15th January 2018, comply with the\n"
	              "following paragraph.\n");
	assert_true(has_date(&c, "2018-01-15"));
	assert_false(has_date(&c, "2017-06-22"));
	assert_int_equal(c.ndates, 1);
	pw_classification_clear(&c);
	/* a date that opens a range ("dated April 1, 2020 or later",
	 * rules/dates.json ranges) is not blocked by "dated"; without the
	 * range it is */
	classify_edit(&c, &moz, "2.7", "2019-12-24", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.7 (draft)*\n\n## 3. X\nA.\n",
	              "# Policy\n\n*Version 2.7 (draft)*\n\n## 3. X\nA.\n\n"
	              "5.  Effective for versions dated April 1, 2020 or later, CPs and CPSes "
	              "MUST be structured according to RFC 3647.\n");
	assert_true(has_date(&c, "2020-04-01"));
	pw_classification_clear(&c);
	classify_edit(&c, &moz, "2.7", "2019-12-24", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.7 (draft)*\n\n## 3. X\nA.\n",
	              "# Policy\n\n*Version 2.7 (draft)*\n\n## 3. X\nA.\n\n"
	              "5.  Effective for the CPS dated April 1, 2020, CAs MUST do B.\n");
	assert_false(has_date(&c, "2020-04-01"));
	pw_classification_clear(&c);
	/* "issued on or after" states when a requirement starts: it counts */
	classify_edit(&c, &moz, "Revalidation", "2021-03-30", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.7.1 (draft)*\n\n## 2. X\nA.\n",
	              "# Policy\n\n*Version 2.7.1 (draft)*\n\n## 2. X\nA.\n"
	              "For server certificates issued on or after October 1, 2021, each dNSName "
	              "MUST have been validated within the prior 398 days.\n");
	assert_true(has_date(&c, "2021-10-01"));
	pw_classification_clear(&c);
}

/* A blocker followed by a trigger phrase of several words blocks nothing:
 * the phrase is the date's wording (rules/dates.json "into effect"). */
static void test_blocker_then_trigger(void **state)
{
	pw_classification c;
	(void)state;
	/* Apple's note: "version" stands 20 bytes before the date, "comes into
	 * effect" between them */
	classify_edit(&c, &moz, "Note", "2023-07-01", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n\n"
	              "*Note*: This version comes into effect August 15, 2023.\n");
	assert_true(has_date(&c, "2023-08-15"));
	assert_int_equal(c.ndates, 1);
	pw_classification_clear(&c);
	/* a deadline for a publication: "published", then "no later than" */
	classify_edit(&c, &moz, "Audits", "2023-07-01", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n\n"
	              "A complete period-of-time audit report must be published no later than "
	              "December 1, 2024.\n");
	assert_true(has_date(&c, "2024-12-01"));
	pw_classification_clear(&c);
	/* a single word after the blocker names a version, as before */
	classify_edit(&c, &moz, "History", "2020-06-01", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n\n"
	              "Version 1.4 - Effective 8 June 2020\n");
	assert_false(has_date(&c, "2020-06-08"));
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);
	/* a cut-off stays one: the trigger inside "issued before" is the blocker's */
	classify_edit(&c, &moz, "Cut-off", "2023-07-01", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 1. X\nA.\n\n"
	              "Certificates issued prior to August 15, 2023 MAY be used.\n");
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);
}

/* Microsoft's requirements: live, versioned by their own header. */
static pw_document ms_live_doc = {
    .path = "Requirements.md", .version_prefix = "MICROSOFT", .versioned = 1, .live = 1};
static pw_source ms_live = {.id = "microsoft-rootprogram",
                            .repository = "TrustedRootProgram/Program-Requirements",
                            .url = "u",
                            .branch = "main",
                            .documents = &ms_live_doc,
                            .ndocuments = 1};

/* The date of an HTML table cell is told by its row, tags dropped (Chrome
 * 1.5's key-material table, policy.md of 3a7a99f). */
static void test_html_row_text(void **state)
{
	static const char old_[] = "# Policy\n\n*Version 2.5 (draft)*\n\n## 3. Roots\nA.\n";
	static const char new_[] =
	    "# Policy\n\n*Version 2.5 (draft)*\n\n## 3. Roots\nA.\n\n"
	    "<table class=\"tg\">\n<thead>\n   <tr>\n"
	    "      <th class=\"tg-h1\">Key Material Created</th>\n"
	    "      <th class=\"tg-h1\">Approximate Removal Date</th>\n   </tr>\n</thead>\n"
	    "<tbody>\n   <tr>\n"
	    "      <td class=\"tg-center\">Between January 1, 2006 and December 31, 2007 "
	    "(inclusive)</td>\n"
	    "      <td class=\"tg-center\">April 15, 2026</td>\n   </tr>\n</tbody>\n</table>\n";
	pw_classification c;
	(void)state;
	classify_edit(&c, &moz, "Key material", "2025-01-10", "rootstore/policy.md", old_, new_);
	/* the first cell's dates are in a column that is no date column */
	assert_int_equal(c.ndates, 1);
	assert_string_equal(c.dates[0].date, "2026-04-15");
	assert_string_equal(c.dates[0].text,
	                    "Between January 1, 2006 and December 31, 2007 (inclusive)");
	assert_null(strchr(c.dates[0].text, '<'));
	pw_classification_clear(&c);
}

/* In a live document a new section states its text as new, as a new
 * document does: a requirement copied in keeps its past start date
 * (Microsoft 1e44f62 copies the Audit Requirements page); a membership
 * cut-off ("part of the Program before") is no date (rules/dates.json). */
static void test_new_section_dates(void **state)
{
	static const char old_[] = "# Program Requirements\n\n## 3. Other\nCAs must comply.\n";
	static const char copied[] =
	    "> As of February 2024, CA providers must ensure their S/MIME enabled root CAs are "
	    "audited against WebTrust S/MIME.\n\n"
	    "Microsoft will now be requiring WebTrust Code Signing for any audit statements with "
	    "periods commencing on or after January 1, 2018.\n\n"
	    "All Government CAs that are part of the Program before June 1, 2015 will be subject "
	    "to these requirements.\n";
	char new_[1024], same[1024];
	pw_classification c;
	(void)state;
	snprintf(new_, sizeof(new_), "%s\n# Audit requirements\n\n%s", old_, copied);
	classify_edit(&c, &ms_live, "Update Requirements.md", "2025-09-02", "Requirements.md", old_,
	              new_);
	assert_true(has_date(&c, "2024-02-01"));
	assert_true(has_date(&c, "2018-01-01"));
	assert_false(has_date(&c, "2015-06-01"));
	assert_int_equal(c.ndates, 2);
	pw_classification_clear(&c);
	/* the same text added to a section that stood: past events */
	snprintf(same, sizeof(same), "%s\n%s", old_, copied);
	classify_edit(&c, &ms_live, "Update Requirements.md", "2025-09-02", "Requirements.md", old_,
	              same);
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);
	/* a new section of a document that is not live (Mozilla's master
	 * between versions): past events too */
	classify_edit(&c, &moz, "Audits", "2025-09-02", "rootstore/policy.md", old_, new_);
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);
}

/* extant-ca: what already-trusted roots carry is removed, or the roots from
 * distribution (Microsoft c35451b 3.D); a list item that only got another
 * number, in bold, is no new wording (076cf9d: "1.  Root certificates ..."
 * became "**3.3.1.** Root certificates ..."). */
static void test_removed_from_existing_roots(void **state)
{
	static const char removal[] =
	    "# Program Requirements\n\n## 3. Code Signing\nCAs must comply.\n\n"
	    "3.  Starting February 2024, Microsoft will no longer accept EV Code Signing "
	    "Certificates. Beginning in August 2024, all EV Code Signing OIDs will be removed from "
	    "existing roots in the Microsoft Trusted Root Program.\n";
	static const char rollover[] =
	    "# Program Requirements\n\n## 3. Code Signing\nCAs must comply.\n\n"
	    "1.  Root certificates that support code signing use may be removed from distribution "
	    "by the Program 10 years from the date of distribution of a replacement rollover root "
	    "certificate.\n";
	static const char renumbered[] =
	    "# Program Requirements\n\n## 3. Code Signing\nCAs must comply. CAs must publish "
	    "their CPS.\n\n"
	    "**3.3.1.** Root certificates that support code signing use may be removed from "
	    "distribution by the Program 10 years from the date of distribution of a replacement "
	    "rollover root certificate.\n";
	static const char replaced[] =
	    "# Program Requirements\n\n## 3. Code Signing\nCAs must comply.\n\n"
	    "The CA certificate being replaced will be removed from the Root Store once unused.\n";
	pw_classification c;
	(void)state;
	/* first revisions (c35451b "Create Requirements.md") */
	classify_edit(&c, &ms_live, "Create Requirements.md", "2025-08-12", "Requirements.md", "",
	              removal);
	assert_string_equal(c.kind, "policy-version");
	assert_true(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
	classify_edit(&c, &ms_live, "Create Requirements.md", "2025-08-12", "Requirements.md", "",
	              rollover);
	assert_true(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
	/* a CA certificate a new root replaces: no root named, no tag */
	classify_edit(&c, &ms_live, "Create Requirements.md", "2025-08-12", "Requirements.md", "",
	              replaced);
	assert_false(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
	/* an amendment (a requirement added) that only renumbers the rollover
	 * item, its number now in bold */
	classify_edit(&c, &ms_live, "Update Requirements.md", "2025-10-01", "Requirements.md",
	              rollover, renumbered);
	assert_true(c.amends);
	assert_false(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
}

/* A rename whose text differs only by blanks and line breaks is tooling and
 * changes no section (Chrome a155b2b: policy.md -> content/index.md, trailing
 * blanks dropped); an edit of blanks alone names no section either. */
static void test_rename_same_words(void **state)
{
	static const char old_[] = "# Policy\n\n## 3. Roots\nRoots must be fresh. \n\n"
	                           "## 4. Audits\nAudits must be annual,\nand public.\n";
	static const char new_[] = "# Policy\n\n## 3. Roots\nRoots must be fresh.\n\n"
	                           "## 4. Audits\nAudits must be annual, and public.\n";
	static const char edited[] = "# Policy\n\n## 3. Roots\nRoots must be fresh.\n\n"
	                             "## 4. Audits\nAudits must be semiannual, and public.\n";
	diff d;
	pw_classification c;
	(void)state;
	make_diff(&d, "rootstore/policy.md", old_, new_);
	d.doc.renamed = 1;
	classify(&c, &moz, "Render site to Github pages", "2025-02-18", &d);
	assert_string_equal(c.kind, "tooling");
	assert_int_equal(c.sections.count, 0);
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);
	/* not renamed: the kind as before, no section */
	make_diff(&d, "rootstore/policy.md", old_, new_);
	classify(&c, &moz, "Whitespace", "2025-02-18", &d);
	assert_int_equal(c.sections.count, 0);
	pw_classification_clear(&c);
	/* a paragraph moved to another section: both sections changed */
	{
		static const char moved[] = "# Policy\n\n## 3. Roots\n\n"
		                            "## 4. Audits\nAudits must be annual,\nand public.\n"
		                            "Roots must be fresh. \n";
		make_diff(&d, "rootstore/policy.md", old_, moved);
		d.doc.renamed = 1;
		classify(&c, &moz, "Render site to Github pages", "2025-02-18", &d);
		assert_string_not_equal(c.kind, "tooling");
		assert_true(pw_strlist_has(&c.sections, "3"));
		assert_true(pw_strlist_has(&c.sections, "4"));
		pw_classification_clear(&c);
	}
	/* a word changed: the rename is a change of the text */
	make_diff(&d, "rootstore/policy.md", old_, edited);
	d.doc.renamed = 1;
	classify(&c, &moz, "Render site to Github pages", "2025-02-18", &d);
	assert_string_not_equal(c.kind, "tooling");
	assert_true(pw_strlist_has(&c.sections, "4"));
	pw_classification_clear(&c);
}

static void test_mozilla_version(void **state)
{
	diff d;
	pw_classification c;
	(void)state;
	classify_edit(
	    &c, &moz, "Merge pull request #302 from mozilla/3.1", "2026-06-26",
	    "rootstore/policy.md",
	    "# Mozilla Root Store Policy\n\n*Version 3.0*\n\n*[Effective March 15, 2025]*\n\n"
	    "## 7. Root CA Lifecycles\nold text\n",
	    "# Mozilla Root Store Policy\n\n*Version 3.1*\n\n*[Effective July 1, 2026]*\n\n"
	    "## 7. Root CA Lifecycles\nExisting root CA certificates with the email trust "
	    "bit MUST transition by (effective 10/4/2027).\n");
	assert_string_equal(c.ballot, "MRSP-3.1");
	assert_string_equal(c.kind, "policy-version");
	assert_string_equal(c.versions[0], "3.1");
	assert_true(has_date(&c, "2026-07-01"));
	assert_true(has_date(&c, "2027-10-04"));
	assert_int_equal(c.ndates, 2);
	assert_int_equal(c.tags,
	                 PW_TAG_TLS | PW_TAG_SMIME |
	                     PW_TAG_EXTANT_CA); /* the header lines concern both trust bits */
	pw_classification_clear(&c);

	/* a revert of normative Mozilla text concerns both trust bits */
	make_diff(&d, "rootstore/policy.md", "## 3. X\nCP/CPS MUST follow RFC 3647 section 6.\n",
	          "## 3. X\nCP/CPS MUST be structured according to RFC 3647.\n");
	classify(&c, &moz, "Revert \"Merge pull request #268 from someone/Issue263\"", "2023-07-26",
	         &d);
	assert_string_equal(c.kind, "revert");
	assert_int_equal(c.tags, PW_TAG_TLS | PW_TAG_SMIME);
	pw_classification_clear(&c);

	/* an editorial fix of a Mozilla document: the certificate types of what
	 * it edits (here no wording names one: the fallback, both trust bits),
	 * nothing else */
	classify_edit(&c, &moz, "Merge pull request #231 from someone/patch-1", "2022-04-26",
	              "rootstore/policy.md", "## 5. X\nthe correponding curve MUST\n",
	              "## 5. X\nthe corresponding curve MUST\n");
	assert_string_equal(c.kind, "editorial");
	assert_int_equal(c.tags, PW_TAG_TLS | PW_TAG_SMIME);
	pw_classification_clear(&c);

	/* before version branches, master was the next version's draft: an
	 * edit of "Version 2.5 (draft)" belongs to MRSP-2.5, also the one that
	 * removes the draft mark (publication) */
	classify_edit(&c, &moz, "Require A. Fixes #60", "2017-05-31", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 2. X\nCAs SHOULD do A.\n",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 2. X\nCAs MUST do A by email.\n");
	assert_string_equal(c.ballot, "MRSP-2.5");
	assert_int_equal(c.ballot_from, PW_BALLOT_FROM_DRAFT);
	pw_classification_clear(&c);
	classify_edit(&c, &moz, "Final copyedit; remove 'draft' designation", "2017-06-30",
	              "rootstore/policy.md", "# Policy\n\n*Version 2.5 (draft)*\n\n## 2. X\nA.\n",
	              "# Policy\n\n*Version 2.5*\n\n## 2. X\nA.\n");
	assert_string_equal(c.ballot, "MRSP-2.5");
	pw_classification_clear(&c);
	/* a published version edited on master prepares the next one: no id */
	classify_edit(&c, &moz, "Merge pull request #231 from someone/patch-1", "2022-04-26",
	              "rootstore/policy.md", "# Policy\n\n*Version 2.7.1*\n\n## 2. X\nA.\n",
	              "# Policy\n\n*Version 2.7.1*\n\n## 2. X\nCAs MUST do B.\n");
	assert_null(c.ballot);
	pw_classification_clear(&c);
}

static void test_revert_and_link(void **state)
{
	diff d;
	pw_classification a, b, *v[2];
	(void)state;
	make_diff(&d, "SBR.md", "# 1. X\nThe CA MUST do A.\n",
	          "# 1. X\nThe CA MUST do B and C, and the RA SHALL check D.\n");
	classify(&a, &smime, "Revert \"Ballot SMC05\" (#12)", "2024-09-11", &d);
	assert_string_equal(a.kind, "revert");
	assert_null(a.ballot);
	pw_classification_clear(&a);
	/* rules/kinds.json's "revert" words start a revert's subject: Mozilla's
	 * "Back out previous commit - wrong branch." undoes a draft edit, so it
	 * has no version of its own; "Revertible ..." is no revert */
	classify(&a, &moz, "Back out previous commit - wrong branch.", "2018-03-30", &d);
	assert_string_equal(a.kind, "revert");
	assert_null(a.ballot);
	pw_classification_clear(&a);
	classify(&a, &smime, "Revertible changes for SMC05 (#12)", "2024-09-11", &d);
	assert_string_not_equal(a.kind, "revert");
	pw_classification_clear(&a);

	/* a normative change without a ballot, then its bookkeeping merge */
	classify(&a, &netsec, "Set new implementation date (#46)", "2025-03-11", &d);
	make_diff(&d, "docs/NSR.md", nsr_old, nsr_new);
	classify(&b, &netsec, "Merge pull request #47 from cabforum/NS-007_editorial", "2025-03-12",
	         &d);
	v[0] = &b;
	v[1] = &a;
	pw_classify_link(v, 2);
	assert_non_null(a.ballot);
	assert_string_equal(a.ballot, "NS-7");
	assert_int_equal(a.ballot_from, PW_BALLOT_FROM_LINK);
	pw_classification_clear(&a);
	pw_classification_clear(&b);
}

/* A ballot's text, then a change naming the same ballot that only records it
 * (version, revision row): the follow-up is editorial with the document tags;
 * one that rewrites prose stays a ballot. */
static void test_ballot_follow_up(void **state)
{
	diff d;
	pw_classification text, rec, *v[2];
	(void)state;
	make_diff(&d, "docs/NSR.md", "# 1. X\nThe CA MUST do A.\n",
	          "# 1. X\nThe CA MUST do A.\nExisting Root CA certificates MUST be "
	          "transitioned.\n");
	classify(&text, &netsec, "NS-009: Extant roots (#50)", "2025-06-01", &d);
	assert_string_equal(text.kind, "ballot");
	assert_true(text.tags & PW_TAG_EXTANT_CA);
	make_diff(&d, "docs/NSR.md", "---\nsubtitle: Version 2.0\n---\n# 1. X\n",
	          "---\nsubtitle: Version 2.1\n---\n# 1. X\n"
	          "| Date | Section | Description |\n|-|-|-|\n"
	          "| 2026-01-01 | 1 | Existing Root CA certificates MUST be transitioned |\n");
	classify(&rec, &netsec, "NS-009 final adjustments (#51)", "2025-06-02", &d);
	assert_string_equal(rec.kind, "ballot");
	assert_true(rec.tags & PW_TAG_EXTANT_CA);
	v[0] = &rec;
	v[1] = &text;
	pw_classify_link(v, 2);
	assert_string_equal(rec.kind, "editorial");
	assert_int_equal(rec.tags, PW_TAG_NETSEC);
	assert_string_equal(text.kind, "ballot");
	assert_true(text.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&rec);

	make_diff(&d, "docs/NSR.md", "# 1. X\nThe CA MUST do A.\n",
	          "# 1. X\nThe CA MUST do A, and existing Root CA certificates MUST be "
	          "transitioned before the new date.\n");
	classify(&rec, &netsec, "NS-009 part two (#52)", "2025-06-02", &d);
	v[0] = &rec;
	pw_classify_link(v, 2);
	assert_string_equal(rec.kind, "ballot");
	assert_true(rec.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&rec);
	pw_classification_clear(&text);
}

/* The cross-change pass run one step at a time over a window (as `pkiwatch
 * changes` does on long histories) gives the same result as over the whole
 * history. */
static void test_link_window_equals_whole(void **state)
{
	enum { N = 3000, W = PW_CLASSIFY_LINK_WINDOW };
	static const char *const kinds[] = {"ballot", "ballot", "editorial", "tooling"};
	static pw_classification whole[N], win[N], *a[N], *b[N];
	unsigned seed = 12345;
	size_t i, p1 = 0, p2 = 0, base = 0, seen, linked = 0, demoted = 0;
	(void)state;
	memset(whole, 0, sizeof(whole));
	memset(win, 0, sizeof(win));
	for (i = 0; i < N; i++) {
		pw_classification *c = &whole[i];
		seed = seed * 1103515245u + 12345u;
		c->kind = kinds[(seed >> 8) % 4];
		if ((seed >> 12) % 3) { /* ballot numbers mostly increase, some repeat */
			char id[16];
			snprintf(id, sizeof(id), "SC-%zu", (N - i) + ((seed >> 14) % 4 == 0));
			c->ballot = strdup(id);
		}
		c->ballot_from = c->ballot ? PW_BALLOT_FROM_SUBJECT : PW_BALLOT_FROM_NONE;
		c->adopted = (seed >> 16) % 8 != 0;
		c->normative = (seed >> 20) % 3 != 0;
		c->prose_words = (seed >> 24) % 10;
		c->tags = PW_TAG_TLS | PW_TAG_AUDIT;
		c->doc_tags = PW_TAG_TLS;
		win[i] = *c;
		win[i].ballot = c->ballot ? strdup(c->ballot) : NULL;
		a[i] = &whole[i];
	}
	pw_classify_link(a, N);
	/* the window: changes arrive newest first; b[] holds win[base .. seen) */
	for (seen = 1; seen <= N + 1; seen++) {
		int last = seen == N + 1;
		size_t n;
		if (last)
			seen = N;
		n = seen - base;
		for (i = 0; i < n; i++)
			b[i] = &win[base + i];
		while (p1 < seen && (last || p1 + W < seen))
			pw_classify_link_step(b, n, p1++ - base, 1);
		while (p2 < p1 && (p1 == seen || p1 > p2 + W))
			pw_classify_link_step(b, n, p2++ - base, 2);
		while (base < p2 && (p2 == seen || p2 > base + W))
			base++;
		assert_true(seen - base <= 3 * W + 2);
		if (last)
			break;
	}
	assert_int_equal(base, N);
	for (i = 0; i < N; i++) {
		linked += whole[i].ballot_from == PW_BALLOT_FROM_LINK;
		demoted += whole[i].tags == PW_TAG_TLS;
		assert_string_equal(whole[i].kind, win[i].kind);
		assert_int_equal(whole[i].tags, win[i].tags);
		assert_int_equal(!whole[i].ballot, !win[i].ballot);
		if (whole[i].ballot)
			assert_string_equal(whole[i].ballot, win[i].ballot);
		free(whole[i].ballot);
		free(win[i].ballot);
	}
	assert_true(linked > 0 && demoted > 0); /* both steps had work to do */
}

/* Bookkeeping after ballots: a version bump without a new revision row names
 * no ballot (the ballot comes from the subject or an added row); adding rows
 * for two ballots names none. */
static void test_bookkeeping(void **state)
{
	static const char table[] =
	    "## Introduction\n### Document History\n"
	    "| Ver. | Ballot | Description | Adopted | Effective |\n"
	    "|-|-|-|-|-|\n"
	    "| 2.0.1 | NS-005 | Clarifications | 12-Oct-2024 | 11-Nov-2024 |\n";
	char old_[1024], new_[1024];
	pw_classification c;
	(void)state;
	snprintf(old_, sizeof(old_), "---\nsubtitle: Version 2.0\n---\n%s", table);
	snprintf(new_, sizeof(new_), "---\nsubtitle: Version 2.0.1\n---\n%s", table);
	classify_edit(&c, &netsec, "Update NSR.md (#9)", "2024-11-13", "docs/NSR.md", old_, new_);
	assert_null(c.ballot);
	assert_string_equal(c.kind, "editorial");
	assert_string_equal(c.versions[0], "2.0.1");
	pw_classification_clear(&c);

	snprintf(new_, sizeof(new_),
	         "---\nsubtitle: Version 2.0.3\n---\n%s"
	         "| 2.0.2 | NS-004 | Section 4 | 13-Nov-2024 | 13-Dec-2024 |\n"
	         "| 2.0.3 | NS-006 | Fix 1.2.2 | 13-Nov-2024 | 13-Dec-2024 |\n",
	         table);
	classify_edit(&c, &netsec, "Editorial Updates (#45)", "2025-01-14", "docs/NSR.md", old_,
	              new_);
	assert_null(c.ballot);
	assert_string_equal(c.kind, "editorial");
	assert_true(has_date(&c, "2024-12-13"));
	assert_int_equal(c.ndates, 1);
	pw_classification_clear(&c);
}

/* Malformed Markdown: best effort plus a warning, never a crash. */
static const char ccadb_v20[] = "# CCADB Policy\n"
                                "\n"
                                "*Version 2.0, Effective: July 15, 2025*\n"
                                "\n"
                                "## Change History\n"
                                "\n"
                                "|Version|Effective Date|\n"
                                "|-|-|\n"
                                "|2.0 (current)|July 15, 2025|\n"
                                "|[1.3.1](https://example.org/v131.md)|October 29, 2024|\n"
                                "\n"
                                "## 5. Audits\n"
                                "CA Owners SHOULD upload audit statements.\n";

/* ccadb_v20 with its header saying 2.1 (effective March 20, 2026): the 2.0
 * text released as 2.1. buf holds at least sizeof ccadb_v20. */
static void ccadb_v21(char *buf)
{
	char *p;
	strcpy(buf, ccadb_v20);
	p = strstr(buf, "*Version 2.0, Effective: July 15, 2025*");
	memcpy(p, "*Version 2.1, Effective: March 20, 2026*", 39);
}

/* A versioned, live document (the CCADB Policy): a new version in its header
 * and change-history table is released with the table row's effective date
 * and the header's; a normative edit without a new version amends the
 * version in force (editorial, that version's id); rows back-filled for
 * older versions are history. */
static void test_versioned_document(void **state)
{
	static char v21[2048], edit[2048], backfill[2048];
	pw_classification c;
	diff d;
	char *p;
	(void)state;
	/* release 2.1 (written "2.1.0": canonical CCADB-2.1) */
	ccadb_v21(v21);
	p = strstr(v21, "|2.0 (current)|July 15, 2025|\n");
	memmove(p + 33, p, strlen(p) + 1);
	memcpy(p, "|2.1.0 (current)|March 20, 2026|\n", 33);
	p = strstr(v21, "|2.0 (current)|");
	memcpy(p, "|[2.0](x.md)   |", 16);
	p = strstr(v21, "SHOULD upload");
	memcpy(p, "MUST   upload", 13);
	make_diff(&d, "policy.md", ccadb_v20, v21); /* classified again below */
	classify(&c, &ccadb, "Merge pull request #214 from mozilla/policy_2-1", "2026-03-20", &d);
	assert_string_equal(c.ballot, "CCADB-2.1");
	assert_string_equal(c.kind, "policy-version");
	assert_string_equal(c.versions[0], "2.1.0");
	/* the stated date, and Apple's 14 days (rules/deadlines.json): no date
	 * after the commit is stated */
	assert_int_equal(c.ndates, 2);
	assert_true(has_date(&c, "2026-03-20"));
	assert_false(c.dates[0].derived);
	assert_string_equal(c.dates[1].date, "2026-04-03");
	assert_true(c.dates[1].derived);
	assert_int_equal(c.dates[1].programs, PW_RP_APPLE);
	assert_non_null(strstr(c.dates[1].text, "within 14 calendar days"));
	assert_string_equal(c.dates[1].event,
	                    "Apple: follow {change} (within 14 days of publication)");
	assert_null(c.dates[0].event);
	pw_classification_clear(&c);
	/* published ahead of its effective date: no derived deadline */
	classify(&c, &ccadb, "Merge pull request #214 from mozilla/policy_2-1", "2026-03-01", &d);
	assert_int_equal(c.ndates, 1);
	assert_false(c.dates[0].derived);
	assert_true(c.tags & PW_TAG_AUDIT);
	pw_classification_clear(&c);

	/* an edit of 2.0's text: editorial, CCADB-2.0, its wording's tags */
	strcpy(edit, ccadb_v20);
	strcpy(strstr(edit, "CA Owners SHOULD"),
	       "CA Owners MUST upload audit statements within 92 days of the period end.\n");
	make_diff(&d, "policy.md", ccadb_v20, edit);
	classify(&c, &ccadb, "Merge pull request #200 from mozilla/minor-updates", "2025-08-01",
	         &d);
	assert_string_equal(c.ballot, "CCADB-2.0");
	assert_string_equal(c.kind, "editorial");
	assert_int_equal(c.ndates, 0);
	assert_true(c.tags & PW_TAG_AUDIT);
	pw_classification_clear(&c);

	/* older rows written into the history table: no version, no dates */
	strcpy(backfill, ccadb_v20);
	p = strstr(backfill, "\n\n## 5.");
	memmove(p + 34, p, strlen(p) + 1);
	memcpy(p, "\n|[1.3](x.md)|October 25, 2023|   ", 34);
	make_diff(&d, "policy.md", ccadb_v20, backfill);
	classify(&c, &ccadb, "Merge pull request #127 from mozilla/add-policy-history",
	         "2025-08-24", &d);
	assert_null(c.ballot);
	assert_string_equal(c.kind, "editorial");
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);
}

/* Apple's 14 days (rules/deadlines.json, when
 * "release_without_future_version_date"): the released version's own
 * effective date (header, change-history row) decides, not a requirement's
 * date in its prose. CCADB 2.1 (merged 2026-03-20, "Version 2.1, Effective:
 * March 20, 2026") also says "Effective September 15, 2026, ... MUST" in its
 * 4: 2026-03-20 + 14 = 2026-04-03 is derived all the same (March has 31
 * days: March 31 is +11, April 3 is +14). A version stating no date of its
 * own is in effect on its publication. The condition is data:
 * "release_without_future_date" (any stated date) gives no deadline. */
static void test_apple_rule_version_date(void **state)
{
	static const char v104[] = "# CCADB Policy\n\n*Version 1.0.4*\n\n## 5. Audits\n"
	                           "CA Owners SHOULD upload audit statements.\n";
	static const char prose[] = "## 4. Policy Disclosures\nEffective September 15, 2026, CA "
	                            "policy documents MUST state adherence to this CCADB Policy.\n";
	static char v21[2048], v105[1024], v105p[2048];
	char *dir = tu_tempdir(), *p;
	pw_classifier *project = cl, *any_date = NULL;
	pw_classification c;
	diff d;
	(void)state;
	ccadb_v21(v21);
	p = strstr(v21, "## 5. Audits");
	memmove(p + strlen(prose), p, strlen(p) + 1);
	memcpy(p, prose, strlen(prose));
	make_diff(&d, "policy.md", ccadb_v20, v21);
	classify(&c, &ccadb, "Merge pull request #214 from mozilla/policy_2-1", "2026-03-20", &d);
	assert_string_equal(c.ballot, "CCADB-2.1");
	assert_int_equal(c.ndates, 3);
	assert_true(has_date(&c, "2026-03-20"));
	assert_true(has_date(&c, "2026-09-15"));
	assert_string_equal(c.dates[2].date, "2026-04-03");
	assert_true(c.dates[2].derived);
	assert_int_equal(c.dates[2].programs, PW_RP_APPLE);
	pw_classification_clear(&c);

	/* the same rule with "release_without_future_date": 2026-09-15 blocks it */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cp '%s'/*.json '%s' && sed -i 's/release_without_future_version_date/"
	          "release_without_future_date/' '%s/deadlines.json'",
	          tu_src_path("rules"), dir, dir),
	    0);
	assert_int_equal(pw_classifier_load(&any_date, dir), 0);
	cl = any_date;
	classify(&c, &ccadb, "Merge pull request #214 from mozilla/policy_2-1", "2026-03-20", &d);
	cl = project;
	assert_int_equal(c.ndates, 2);
	assert_false(c.dates[0].derived || c.dates[1].derived);
	pw_classification_clear(&c);

	/* "*Version 1.0.5*" states no date of its own: in effect on its
	 * publication, whatever dates its requirements name. With none,
	 * 2019-09-01 + 14 = 2019-09-15; with a requirement dated 2019-09-15
	 * (after the commit) the same 2019-09-15, derived beside the stated. */
	strcpy(v105, v104);
	memcpy(strstr(v105, "1.0.4"), "1.0.5", 5);
	make_diff(&d, "policy.md", v104, v105);
	classify(&c, &ccadb, "Bump version", "2019-09-01", &d);
	assert_string_equal(c.ballot, "CCADB-1.0.5");
	assert_int_equal(c.ndates, 1);
	assert_string_equal(c.dates[0].date, "2019-09-15");
	assert_true(c.dates[0].derived);
	pw_classification_clear(&c);
	snprintf(v105p, sizeof(v105p),
	         "%sEffective September 15, 2019, CA Owners MUST upload "
	         "audit statements within 92 days.\n",
	         v105);
	make_diff(&d, "policy.md", v104, v105p);
	classify(&c, &ccadb, "Bump version", "2019-09-01", &d);
	assert_int_equal(c.ndates, 2);
	assert_string_equal(c.dates[0].date, "2019-09-15");
	assert_false(c.dates[0].derived);
	assert_string_equal(c.dates[1].date, "2019-09-15");
	assert_true(c.dates[1].derived);
	pw_classification_clear(&c);
	pw_classifier_free(any_date);
	tu_rmrf(dir);
	free(dir);
}

/* Drafts of a versioned document (mozilla-ccadb's policy-update-to-2.0.1:
 * a new 6.2.1 with MUSTs under the header of 2.0, adopted before): a draft
 * that releases an adopted version is left behind and proposes nothing new;
 * one that edits the version in force proposes its edit when it is
 * normative, whatever its head's subject says ("nit - typo"), and nothing
 * when it is not. */
static void test_drafts_of_versions(void **state)
{
	static char v21[2048], edit[2048], typo[2048];
	pw_classification c;
	diff d;
	char *p;
	(void)state;
	/* 2.1 released on the default branch, then the same release as a draft */
	ccadb_v21(v21);
	make_diff(&d, "policy.md", ccadb_v20, v21);
	classify(&c, &ccadb, "Merge pull request #214 from mozilla/policy_2-1", "2026-03-20", &d);
	assert_string_equal(c.ballot, "CCADB-2.1");
	assert_int_equal(c.superseded, 0);
	pw_classification_clear(&c);
	classify_draft(&c, &ccadb, "policy_2-1-preflight", "Fix broken link", &d);
	assert_string_equal(c.ballot, "CCADB-2.1");
	assert_string_equal(c.kind, "policy-version");
	assert_int_equal(c.superseded, 1);
	pw_classification_clear(&c);

	/* CCADB-2.0 adopted (an edit of its text), then a draft adding a
	 * requirement under the same header */
	strcpy(edit, ccadb_v20);
	strcat(edit, "### 6.2.1 Transitions Between CRL URLs\n"
	             "The CA Owner MUST disclose either the legacy URL(s) or the new URL(s), "
	             "and MUST ensure a valid CRL remains retrievable from the legacy URL.\n");
	make_diff(&d, "policy.md", "# CCADB Policy\n", ccadb_v20);
	classify(&c, &ccadb, "Merge pull request #198 from mozilla/ccadb-policy-2_0-v1",
	         "2025-07-15", &d);
	assert_string_equal(c.ballot, "CCADB-2.0");
	pw_classification_clear(&c);
	make_diff(&d, "policy.md", ccadb_v20, edit);
	classify_draft(&c, &ccadb, "policy-update-to-2.0.1", "nit - typo", &d);
	/* it proposes a version it does not number yet: not 2.0's (that
	 * version's issue is another), and its typo-fix subject does not say
	 * what it proposes: the heading it adds does */
	assert_null(c.ballot);
	assert_string_equal(c.kind, "policy-version");
	assert_int_equal(c.superseded, 0);
	assert_string_equal(c.proposal, "Add 6.2.1 Transitions Between CRL URLs");
	pw_classification_clear(&c);
	/* a subject that says what it does stays (no proposal of the classifier) */
	classify_draft(&c, &ccadb, "crl-transitions", "Require CRL URL transitions", &d);
	assert_string_equal(c.kind, "policy-version");
	assert_null(c.proposal);
	pw_classification_clear(&c);
	/* no heading added: the sections it changes */
	strcpy(edit, ccadb_v20);
	strcat(edit, "CA Owners MUST upload each audit statement to the CCADB within 30 "
	             "calendar days of its issuance, and MUST NOT remove audit statements "
	             "that were previously uploaded.\n");
	make_diff(&d, "policy.md", ccadb_v20, edit);
	classify_draft(&c, &ccadb, "audit-uploads", "Fix typos", &d);
	assert_string_equal(c.kind, "policy-version");
	assert_string_equal(c.proposal, "Change 5");
	pw_classification_clear(&c);

	/* a draft fixing a typo of 2.0: no requirement, nothing proposed */
	strcpy(typo, ccadb_v20);
	p = strstr(typo, "SHOULD upload audit statements");
	memcpy(p, "SHOULD upload audit statement.", 30);
	make_diff(&d, "policy.md", ccadb_v20, typo);
	classify_draft(&c, &ccadb, "typo-fix", "Fix typo", &d);
	assert_int_equal(c.superseded, 1);
	pw_classification_clear(&c);
}

/* The CCADB self-assessment template: a new version row releases a version
 * (no ballot) with its effective date, and the previous version's last day
 * is derived 90 days later (rules/deadlines.json); the first version has no
 * predecessor. */
static void test_self_assessment_versions(void **state)
{
	static char *sa_tags[] = {"tls"};
	static pw_document sa_doc = {.path = "cas/self-assessment.md",
	                             .tags = sa_tags,
	                             .ntags = 1,
	                             .versioned = 1,
	                             .live = 1};
	static pw_source sa =
	    ONE_DOC_SOURCE("mozilla-ccadb", "mozilla/www.ccadb.org", "master", NULL, &sa_doc);
	static const char v17[] = "# CCADB Self Assessment\n\n|Version|Effective Date|\n|-|-|\n"
	                          "|[1.7 (Latest)](https://example.org/17)|September 26, 2025|\n";
	static const char v18[] = "# CCADB Self Assessment\n\n|Version|Effective Date|\n|-|-|\n"
	                          "|[1.8 (Latest)](https://example.org/18)|February 26, 2026|\n"
	                          "|[1.7](https://example.org/17)|September 26, 2025|\n";
	pw_classification c;
	diff d;
	(void)state;
	make_diff(&d, "cas/self-assessment.md", v17, v18);
	classify(&c, &sa, "Merge pull request #215 from mozilla/update-self-assessment-to-1-8",
	         "2026-02-26", &d);
	assert_null(c.ballot);
	assert_string_equal(c.kind, "policy-version");
	assert_int_equal(c.ndates, 2);
	assert_string_equal(c.dates[0].date, "2026-02-26");
	assert_string_equal(c.dates[1].date, "2026-05-27");
	assert_true(c.dates[1].derived);
	assert_int_equal(c.dates[1].programs, 0);
	/* the rule's event and reason with the version the change releases
	 * (1.8) and the one it supersedes (1.7, the old text's highest) */
	assert_string_equal(
	    c.dates[1].event,
	    "CCADB: last day to use self-assessment template version 1.7 (superseded by 1.8)");
	assert_string_equal(c.dates[1].text,
	                    "CCADB: self-assessment template version 1.7 may not be used after "
	                    "this day, 90 calendar days after version 1.8 superseded it");
	assert_true(c.tags & PW_TAG_AUDIT);
	pw_classification_clear(&c);
	classify_edit(&c, &sa, "Merge pull request #91 from mozilla/Self-Assessment", "2025-09-26",
	              "cas/self-assessment.md", "", v17);
	assert_string_equal(c.kind, "policy-version");
	assert_int_equal(c.ndates, 1);
	assert_false(c.dates[0].derived);
	pw_classification_clear(&c);
}

/* A bad rules/deadlines.json is refused naming the file and the field. */
static void test_bad_deadline_rules(void **state)
{
	char *dir = tu_tempdir(), path[4096];
	pw_classifier *bad = NULL;
	(void)state;
	assert_int_equal(tu_sh(NULL, NULL, "cp '%s/tags.json' '%s/dates.json' '%s/kinds.json' '%s'",
	                       tu_src_path("rules"), tu_src_path("rules"), tu_src_path("rules"),
	                       dir),
	                 0);
	snprintf(path, sizeof(path), "%s/deadlines.json", dir);
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"s\",\"document\":\"d\","
	               "\"when\":\"release\",\"from\":\"commit\",\"days\":14,\"text\":\"t\","
	               "\"root_programs\":[\"opera\"]}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_null(bad);
	assert_non_null(strstr(pw_error_last(), "deadlines.json: $.derived[0].root_programs[0]: "
	                                        "unknown root program \"opera\""));
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"s\",\"document\":\"d\","
	               "\"when\":\"soon\",\"from\":\"commit\",\"days\":14,\"text\":\"t\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "$.derived[0].when: expected"));
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"s\",\"document\":\"d\","
	               "\"when\":\"release\",\"from\":\"commit\",\"days\":-1,\"text\":\"t\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "days"));
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"s\",\"document\":\"d\","
	               "\"when\":\"release\",\"from\":\"commit\",\"days\":1,\"text\":\"t\","
	               "\"event\":\"\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "deadlines.json: $.derived[0].event: empty"));
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"s\",\"document\":\"d\","
	               "\"when\":\"release\",\"from\":\"commit\",\"days\":1,\"text\":\"t\","
	               "\"event\":7}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "$.derived[0].event: expected a string"));
	/* a source or document that sources.json does not have: the rule would
	 * match no change and its deadline would be gone without a word */
	assert_int_equal(tu_sh(NULL, NULL, "cp '%s/sources.json' '%s'", tu_src_path("rules"), dir),
	                 0);
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"mozilla-ccadb\","
	               "\"document\":\"policy.md\",\"when\":\"release\",\"from\":\"commit\","
	               "\"days\":1,\"text\":\"t\"},{\"id\":\"y\",\"source\":\"mozila-ccadb\","
	               "\"document\":\"policy.md\",\"when\":\"release\",\"from\":\"commit\","
	               "\"days\":1,\"text\":\"t\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_null(bad);
	assert_non_null(
	    strstr(pw_error_last(),
	           "deadlines.json: $.derived[1].source: unknown source \"mozila-ccadb\""));
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"mozilla-ccadb\","
	               "\"document\":\"cas/self-assesment.md\",\"when\":\"release\","
	               "\"from\":\"commit\",\"days\":1,\"text\":\"t\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "deadlines.json: $.derived[0].document: "
	                                        "\"cas/self-assesment.md\" is not a document of "
	                                        "source \"mozilla-ccadb\""));
	/* a document of another source is not this one's */
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"mozilla-ccadb\","
	               "\"document\":\"docs/BR.md\",\"when\":\"release\","
	               "\"from\":\"commit\",\"days\":1,\"text\":\"t\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "$.derived[0].document: \"docs/BR.md\""));
	/* both known: loaded */
	tu_write(path, "{\"derived\":[{\"id\":\"x\",\"source\":\"mozilla-ccadb\","
	               "\"document\":\"cas/self-assessment.md\",\"when\":\"release\","
	               "\"from\":\"commit\",\"days\":1,\"text\":\"t\"}]}");
	assert_int_equal(pw_classifier_load(&bad, dir), 0);
	pw_classifier_free(bad);
	tu_rmrf(dir);
	free(dir);
}

/* The subject words that make a change editorial or tooling are data
 * (rules/kinds.json): other words there give other kinds, with no recompile. */
static void test_kind_words_are_rules(void **state)
{
	static const char old_[] = "# 4. X\nThe CA SHALL log events.\n";
	static const char new_[] =
	    "# 4. X\nThe CA SHALL log all security events and keep the logs for two years.\n";
	static const struct {
		const char *subject, *project, *edited;
	} cases[] = {
	    {"Housekeeping (#12)", "ballot", "editorial"},
	    {"Fix typo (#13)", "editorial", "ballot"},
	    {"Update Makefile (#14)", "ballot", "tooling"},
	    {"Fix the CI build (#15)", "tooling", "ballot"},
	    /* without a "revert" list, a subject starting "Revert" is a revert */
	    {"Revert the log change", "revert", "revert"},
	    {"Back out the log change", "revert", "ballot"},
	};
	char *dir = tu_tempdir(), path[4096];
	pw_classifier *project = cl, *edited = NULL;
	pw_classification c;
	size_t i;
	(void)state;
	assert_int_equal(tu_sh(NULL, NULL, "cp '%s/tags.json' '%s/dates.json' '%s'",
	                       tu_src_path("rules"), tu_src_path("rules"), dir),
	                 0);
	snprintf(path, sizeof(path), "%s/kinds.json", dir);
	tu_write(path, "{\"editorial\": [\"HouseKeeping\"], \"tooling\": [\"makefile\"]}");
	assert_int_equal(pw_classifier_load(&edited, dir), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_edit(&c, &netsec, cases[i].subject, "2025-03-12", "docs/NSR.md", old_,
		              new_);
		assert_null(c.ballot);
		assert_string_equal(c.kind, cases[i].project);
		pw_classification_clear(&c);
		cl = edited;
		classify_edit(&c, &netsec, cases[i].subject, "2025-03-12", "docs/NSR.md", old_,
		              new_);
		cl = project;
		assert_string_equal(c.kind, cases[i].edited);
		pw_classification_clear(&c);
	}
	pw_classifier_free(edited);
	tu_rmrf(dir);
	free(dir);
}

/* A bad rules/kinds.json (or none) is refused naming the file and the field. */
static void test_bad_kind_rules(void **state)
{
	static const struct {
		const char *text, *error;
	} cases[] = {
	    {NULL, "kinds.json: no such file"},
	    {"{\"editorial\": [\"typo\"]}", "kinds.json: $: missing required key \"tooling\""},
	    {"{\"editorial\": \"typo\", \"tooling\": []}",
	     "kinds.json: $.editorial: expected an array"},
	    {"{\"editorial\": [\"typo\", 7], \"tooling\": []}",
	     "kinds.json: $.editorial[1]: expected a non-empty string"},
	    {"{\"editorial\": [], \"tooling\": [\"\"]}",
	     "kinds.json: $.tooling[0]: expected a non-empty string"},
	    {"{\"editorial\": [], \"tooling\": [], \"reverts\": []}",
	     "kinds.json: $: unknown key \"reverts\""},
	    {"{\"editorial\": [], \"tooling\": [], \"revert\": \"undo\"}",
	     "kinds.json: $.revert: expected an array"},
	    {"{\"editorial\": [], \"tooling\": [], \"revert\": [\"undo\", \"\"]}",
	     "kinds.json: $.revert[1]: expected a non-empty string"},
	    {"{\"editorial\": [], \"tooling\": [], \"references\": [\"RFC\", \"\"]}",
	     "kinds.json: $.references[1]: expected a non-empty string"},
	    {"{\"editorial\": [], ", "kinds.json: invalid JSON at line 1"},
	};
	char *dir = tu_tempdir(), path[4096];
	pw_classifier *bad = NULL;
	size_t i;
	(void)state;
	assert_int_equal(tu_sh(NULL, NULL, "cp '%s/tags.json' '%s/dates.json' '%s'",
	                       tu_src_path("rules"), tu_src_path("rules"), dir),
	                 0);
	snprintf(path, sizeof(path), "%s/kinds.json", dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].text)
			tu_write(path, cases[i].text);
		assert_int_equal(pw_classifier_load(&bad, dir), PW_EINPUT);
		assert_null(bad);
		assert_non_null(strstr(pw_error_last(), path));
		assert_non_null(strstr(pw_error_last(), cases[i].error));
	}
	tu_rmrf(dir);
	free(dir);
}

/* Signals a change should carry and does not (pw_classification_missing). */
static void assert_missing(const pw_classification *c, const char *want)
{
	pw_strlist m = PW_STRLIST_INIT;
	size_t i;
	int found = 0;
	assert_int_equal(pw_classification_missing(c, &m), 0);
	for (i = 0; i < m.count; i++)
		found |= want ? strcmp(m.items[i], want) == 0 : 1;
	pw_strlist_clear(&m);
	if (want)
		assert_true(found);
	else
		assert_false(found);
}

/* Microsoft's Changelog.md carries versions the document's header lags
 * behind: a row it adds or re-dates in a change of the document releases
 * that version; the later change that writes the same version into the
 * document itself edits the released version (pw_classify_link). */
static void test_changelog_file(void **state)
{
	static char *ms_log_tags[] = {"tls", "smime", "code-signing"};
	static pw_document ms_log_doc = {.path = "Requirements.md",
	                                 .tags = ms_log_tags,
	                                 .ntags = 3,
	                                 .version_prefix = "MICROSOFT",
	                                 .versioned = 1,
	                                 .live = 1,
	                                 .changelog = "Changelog.md"};
	static pw_source ms_log =
	    ONE_DOC_SOURCE("microsoft-rootprogram", "TrustedRootProgram/Program-Requirements",
	                   "main", NULL, &ms_log_doc);
	static const char log_old[] = "| Version | Date Effective | Notes |\n|---|---|---|\n"
	                              "| 1.0 | October 13, 2025 | First |\n"
	                              "| 1.1 | November 15, 2025 | Updates include |\n";
	static const char log_new[] = "| Version | Date Effective | Notes |\n|---|---|---|\n"
	                              "| 1.0 | October 13, 2025 | First |\n"
	                              "| 1.1 | November 21, 2025 | Updates include CCADB |\n";
	static const char v10[] =
	    "# Requirements v1.0\n\n## 2. General\n**2.1.1** CAs MUST do A.\n";
	static const char v10b[] =
	    "# Requirements v1.0\n\n## 2. General\n**2.1.1** CAs MUST do A.\n"
	    "**2.1.16** CAs MUST adhere to the latest CCADB Policy.\n";
	static const char v11[] =
	    "# Requirements v1.1\n\n### 1.1 Changelog\n| Version | Date Effective | Notes |\n"
	    "|---|---|---|\n| 1.0 | October 13, 2025 | First |\n"
	    "| 1.1 | November 21, 2025 | Updates include CCADB |\n\n## 2. General\n"
	    "**2.1.1** CAs MUST do A.\n**2.1.16** CAs MUST adhere to the latest CCADB Policy.\n";
	pw_classification a, b, *cls[2];
	diff d;
	(void)state;
	make_diff(&d, "Requirements.md", v10, v10b);
	d.doc.changelog_old = log_old;
	d.doc.changelog_old_len = strlen(log_old);
	d.doc.changelog_new = log_new;
	d.doc.changelog_new_len = strlen(log_new);
	classify(&a, &ms_log, "Merge pull request #6 from TrustedRootProgram/November-2025-Update",
	         "2025-11-19", &d);
	assert_string_equal(a.ballot, "MICROSOFT-1.1");
	assert_string_equal(a.kind, "policy-version");
	assert_int_equal(a.ndates, 1);
	assert_string_equal(a.dates[0].date, "2025-11-21");
	assert_missing(&a, NULL);
	/* the same rows unchanged: no release */
	d.doc.changelog_old = log_new;
	d.doc.changelog_old_len = strlen(log_new);
	classify(&b, &ms_log, "Update Requirements.md", "2025-11-20", &d);
	assert_string_equal(b.ballot, "MICROSOFT-1.0");
	assert_string_equal(b.kind, "editorial");
	pw_classification_clear(&b);
	/* later: the document's own header and table catch up (no changelog) */
	make_diff(&d, "Requirements.md", v10b, v11);
	classify(&b, &ms_log, "Added Changelog section", "2026-02-13", &d);
	assert_string_equal(b.ballot, "MICROSOFT-1.1");
	cls[0] = &b;
	cls[1] = &a;
	pw_classify_link(cls, 2);
	assert_string_equal(b.ballot, "MICROSOFT-1.1");
	assert_string_equal(b.kind, "editorial");
	assert_int_equal(b.ndates, 0);
	assert_string_equal(a.kind, "policy-version");
	assert_int_equal(a.ndates, 1);
	pw_classification_clear(&a);
	pw_classification_clear(&b);
}

/* A version whose own date is unreadable (no header; its row says
 * "Novembr 40, 2026") while its prose names a requirement's date (December
 * 1, 2026): the version states no date of its own, so it is in effect on
 * publication and Apple's 14 days are derived (2026-08-10 + 14 =
 * 2026-08-24: August has 31 days), and the record says the version's date
 * is missing. With its row dated in the past (August 1, 2026) the same
 * deadline and nothing missing; dated in the future (November 30, 2026),
 * no deadline. */
static void test_version_date_unreadable(void **state)
{
	static char v21[2048];
	static const char *const rows[] = {"Novembr 40, 2026", "August 1, 2026",
	                                   "November 30, 2026"};
	pw_classification c;
	diff d;
	size_t i;
	(void)state;
	for (i = 0; i < 3; i++) {
		snprintf(
		    v21, sizeof(v21),
		    "# CCADB Policy\n\n\n## Change History\n\n|Version|Effective Date|\n|-|-|\n"
		    "|2.1 (current)|%s|\n|[2.0](x.md)|July 15, 2025|\n"
		    "|[1.3.1](https://example.org/v131.md)|October 29, 2024|\n\n## 5. Audits\n"
		    "CA Owners SHOULD upload audit statements.\n\nEffective December 1, 2026, "
		    "CA Owners MUST disclose all code signing CA certificates.\n",
		    rows[i]);
		make_diff(&d, "policy.md", ccadb_v20, v21);
		classify(&c, &ccadb, "Case2: new text, no header", "2026-08-10", &d);
		assert_string_equal(c.ballot, "CCADB-2.1");
		assert_string_equal(c.kind, "policy-version");
		assert_true(has_date(&c, "2026-12-01"));
		if (i < 2) {
			assert_true(c.dates[c.ndates - 1].derived);
			assert_string_equal(c.dates[c.ndates - 1].date, "2026-08-24");
			assert_int_equal(c.dates[c.ndates - 1].programs, PW_RP_APPLE);
		} else {
			assert_false(c.dates[c.ndates - 1].derived);
			assert_true(has_date(&c, "2026-11-30"));
		}
		if (i == 0)
			assert_missing(&c,
			               "no effective date of the version found in its header or "
			               "change-history table");
		else
			assert_missing(&c, NULL);
		pw_classification_clear(&c);
	}
}

/* A change-history table the change breaks: the record says it could not be
 * read, naming the line and what is wrong. The CCADB Policy's delimiter row
 * dropped and its new row without a date cell (new text: line 7 the header,
 * line 8 the row that should be the delimiter), its version and date read
 * from the header; the self-assessment's header row written as one cell
 * over a delimiter row of two (line 3 the header, line 4 the delimiter):
 * 1.9 is read without its date (August 30, 2026 lost: "no effective date
 * found"), one warning for the block, and the 90 days counted from the
 * commit (2026-08-30 + 90 = 2026-11-28: 31 days to September 30, 61 to
 * October 30, 90 to November 28). A row dated "TBD": no date, said so
 * (2026-08-20 + 90 = 2026-11-18). A broken table the change leaves alone is
 * not its fault. */
static void test_table_unreadable(void **state)
{
	static char *sa_tags[] = {"tls"};
	static pw_document sa_doc = {.path = "cas/self-assessment.md",
	                             .tags = sa_tags,
	                             .ntags = 1,
	                             .versioned = 1,
	                             .live = 1};
	static pw_source sa =
	    ONE_DOC_SOURCE("mozilla-ccadb", "mozilla/www.ccadb.org", "master", NULL, &sa_doc);
	static const char v21[] = "# CCADB Policy\n\n*Version 2.1, Effective: March 20, 2026*\n\n"
	                          "## Change History\n\n|Version|Effective Date|\n|2.1 (current)\n"
	                          "|[2.0](x.md)|July 15, 2025|\n"
	                          "|[1.3.1](https://example.org/v131.md)|October 29, 2024|\n\n"
	                          "## 5. Audits\nCA Owners SHOULD upload audit statements.\n";
	static const char v21b[] = "# CCADB Policy\n\n*Version 2.1, Effective: March 20, 2026*\n\n"
	                           "## Change History\n\n|Version|Effective Date|\n|2.1 (current)\n"
	                           "|[2.0](x.md)|July 15, 2025|\n"
	                           "|[1.3.1](https://example.org/v131.md)|October 29, 2024|\n\n"
	                           "## 5. Audits\nCA Owners SHOULD upload all audit statements.\n";
	static const char sa18[] = "# CCADB Self Assessment\n\n|Version|Effective Date|\n|-|-|\n"
	                           "|[1.8 (Latest)](https://example.org/18)|February 26, 2026|\n";
	static const char sa19[] = "# CCADB Self Assessment\n\n|Version Effective Date|\n|-|-|\n"
	                           "|[1.9 (Latest)](z)|August 30, 2026|\n"
	                           "|[1.8](https://example.org/18)|February 26, 2026|\n";
	static const char sa19tbd[] = "# CCADB Self Assessment\n\n|Version|Effective Date|\n|-|-|\n"
	                              "|[1.9 (Latest)](y)|TBD|\n"
	                              "|[1.8](https://example.org/18)|February 26, 2026|\n";
	pw_classification c;
	diff d;
	(void)state;
	make_diff(&d, "policy.md", ccadb_v20, v21);
	classify(&c, &ccadb, "Case1: version 2.1 with broken table", "2026-03-20", &d);
	assert_string_equal(c.ballot, "CCADB-2.1");
	assert_true(has_date(&c, "2026-03-20"));
	assert_missing(&c, "change-history table could not be read (policy.md line 8: no "
	                   "delimiter row after the header)");
	pw_classification_clear(&c);
	/* the next edit leaves the broken table alone */
	make_diff(&d, "policy.md", v21, v21b);
	classify(&c, &ccadb, "Wording", "2026-03-25", &d);
	assert_null(c.table_fault);
	pw_classification_clear(&c);

	make_diff(&d, "cas/self-assessment.md", sa18, sa19);
	classify(&c, &sa, "Case5: SA 1.9, table header malformed", "2026-08-30", &d);
	assert_string_equal(c.kind, "policy-version");
	assert_string_equal(c.versions[0], "1.9");
	assert_int_equal(c.warnings.count, 1);
	assert_non_null(strstr(c.warnings.items[0], "line 3: a table-like block is not a valid"));
	assert_int_equal(c.ndates, 1);
	assert_true(c.dates[0].derived);
	assert_string_equal(c.dates[0].date, "2026-11-28");
	assert_missing(&c, "no effective date found");
	assert_missing(&c, "change-history table could not be read (cas/self-assessment.md line "
	                   "4: the delimiter row and the header differ in width)");
	pw_classification_clear(&c);

	make_diff(&d, "cas/self-assessment.md", sa18, sa19tbd);
	classify(&c, &sa, "Case3: SA 1.9 with date TBD", "2026-08-20", &d);
	assert_string_equal(c.versions[0], "1.9");
	assert_int_equal(c.ndates, 1);
	assert_string_equal(c.dates[0].date, "2026-11-18");
	assert_missing(&c, "no effective date found");
	assert_null(c.table_fault);
	pw_classification_clear(&c);
}

/* A normative edit under the header of 1.0.4, then a commit that only bumps
 * the header to 1.0.5 (mozilla-ccadb 2470435 and d44f51b, 2019-09-17): the
 * edit is the release (pw_classify_link), and what the release derives goes
 * with it: Apple's 14 days from the bump's publication (2019-09-17 + 14 =
 * 2019-10-01) and the missing date of 1.0.5; the bump is editorial, with
 * neither. */
static void test_bump_carries_derived(void **state)
{
	static const char v104[] = "# CCADB Policy\n\n*Version 1.0.4*\n\n## 5. Audits\n"
	                           "CA Owners SHOULD upload audit statements.\n";
	static const char v104e[] = "# CCADB Policy\n\n*Version 1.0.4*\n\n## 5. Audits\n"
	                            "CA Owners SHOULD upload audit statements.\n"
	                            "CA Owners MUST upload an audit statement for each "
	                            "certificate unless the exceptions below apply.\n";
	static const char v105[] = "# CCADB Policy\n\n*Version 1.0.5*\n\n## 5. Audits\n"
	                           "CA Owners SHOULD upload audit statements.\n"
	                           "CA Owners MUST upload an audit statement for each "
	                           "certificate unless the exceptions below apply.\n";
	pw_classification edit, bump, *v[2];
	diff d;
	(void)state;
	make_diff(&d, "policy.md", v104, v104e);
	classify(&edit, &ccadb, "Fix issue #30 and issue #31", "2019-09-17", &d);
	assert_string_equal(edit.ballot, "CCADB-1.0.4");
	assert_int_equal(edit.ndates, 0);
	make_diff(&d, "policy.md", v104e, v105);
	classify(&bump, &ccadb, "Bump minor version to reflect changes from issue #30",
	         "2019-09-17", &d);
	assert_string_equal(bump.ballot, "CCADB-1.0.5");
	assert_int_equal(bump.ndates, 1);
	v[0] = &bump;
	v[1] = &edit;
	pw_classify_link(v, 2);
	assert_string_equal(edit.ballot, "CCADB-1.0.5");
	assert_string_equal(edit.kind, "policy-version");
	assert_int_equal(edit.ndates, 1);
	assert_true(edit.dates[0].derived);
	assert_string_equal(edit.dates[0].date, "2019-10-01");
	assert_int_equal(edit.dates[0].programs, PW_RP_APPLE);
	assert_missing(&edit, "no effective date found");
	assert_string_equal(bump.kind, "editorial");
	assert_int_equal(bump.ndates, 0);
	assert_missing(&bump, NULL);
	pw_classification_clear(&edit);
	pw_classification_clear(&bump);
}

/* Root-program policies without document-wide tags (rules/sources.json:
 * the CCADB Policy, Microsoft's requirements): a change concerns the
 * certificate types of the sections and wording it changes; a general
 * requirement concerns every type the program covers (the fallback). */
static void test_root_program_section_tags(void **state)
{
	static pw_document cc_doc = {.path = "policy.md", .version_prefix = "CCADB", .live = 1};
	static pw_source cc =
	    ONE_DOC_SOURCE("mozilla-ccadb", "mozilla/www.ccadb.org", "master", NULL, &cc_doc);
	static const char ms_old[] =
	    "# Requirements v1.1\n\n## 2. Program Participation Requirements\n"
	    "### 2.1 General Obligations\n**2.1.1.** CAs must provide two Trusted Agents.\n\n"
	    "### 3.3. Code Signing Root Certificate Requirements\n"
	    "**3.3.1.** Roots may be removed 10 years after a rollover root.\n";
	static const char ms_signing[] =
	    "# Requirements v1.1\n\n## 2. Program Participation Requirements\n"
	    "### 2.1 General Obligations\n**2.1.1.** CAs must provide two Trusted Agents.\n\n"
	    "### 3.3. Code Signing Root Certificate Requirements\n"
	    "**3.3.1.** Roots may be removed 8 years after a rollover root.\n";
	static const char ms_general[] =
	    "# Requirements v1.1\n\n## 2. Program Participation Requirements\n"
	    "### 2.1 General Obligations\n**2.1.1.** CAs must provide three Trusted Agents.\n\n"
	    "### 3.3. Code Signing Root Certificate Requirements\n"
	    "**3.3.1.** Roots may be removed 10 years after a rollover root.\n";
	static const char ms_ev[] =
	    "# Requirements v1.1\n\n## 2. Program Participation Requirements\n"
	    "### 2.1 General Obligations\n**2.1.1.** CAs must provide two Trusted Agents.\n"
	    "**2.1.2.** Extended Validation certificates must carry the EV OID.\n\n"
	    "### 3.3. Code Signing Root Certificate Requirements\n"
	    "**3.3.1.** Roots may be removed 10 years after a rollover root.\n";
	static const char cc_old[] = "# CCADB Policy\n\n## 5. Audit Disclosures\n"
	                             "CAs must disclose audit statements.\n";
	static const char cc_new[] = "# CCADB Policy\n\n## 5. Audit Disclosures\n"
	                             "CAs must disclose audit statements.\n"
	                             "CAs issuing S/MIME certificates must disclose them too.\n";
	pw_classification c;
	diff d;
	(void)state;
	make_diff(&d, "Requirements.md", ms_old, ms_signing);
	classify(&c, &ms, "Update Requirements.md", "2026-03-01", &d);
	assert_int_equal(c.tags & (PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING),
	                 PW_TAG_CODE_SIGNING);
	pw_classification_clear(&c);
	make_diff(&d, "Requirements.md", ms_old, ms_general);
	classify(&c, &ms, "Update Requirements.md", "2026-03-01", &d);
	assert_int_equal(c.tags & (PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING),
	                 PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING);
	pw_classification_clear(&c);
	make_diff(&d, "policy.md", cc_old, cc_new);
	classify(&c, &cc, "Update policy.md", "2026-03-01", &d);
	assert_int_equal(c.tags & (PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING), PW_TAG_SMIME);
	pw_classification_clear(&c);
	/* removed EV wording counts ... */
	make_diff(&d, "Requirements.md", ms_ev, ms_old);
	classify(&c, &ms, "Update Requirements.md", "2026-03-01", &d);
	assert_true(c.tags & PW_TAG_EV);
	pw_classification_clear(&c);
	/* ... but not when the document is a copy whose original still holds it */
	d.doc.copy = 1;
	classify(&c, &ms, "Create Program Requirements.md", "2026-03-01", &d);
	assert_false(c.tags & PW_TAG_EV);
	assert_int_equal(c.tags & (PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING),
	                 PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING);
	/* ... and lines a copy leaves out are removed from nothing: no section
	 * (2.1.2 is only in the original, which stands), no text changed */
	assert_int_equal(c.sections.count, 0);
	assert_string_equal(c.kind, "tooling");
	pw_classification_clear(&c);
	/* an empty copy (Microsoft d198917: one newline beside Requirements.md) */
	make_diff(&d, "Requirements.md", ms_old, "\n");
	d.doc.copy = 1;
	classify(&c, &ms, "Create Program Requirements.md", "2025-09-30", &d);
	assert_int_equal(c.sections.count, 0);
	assert_string_equal(c.kind, "tooling");
	pw_classification_clear(&c);
	/* a copy with a line of its own changes that line's section only */
	make_diff(&d, "Requirements.md", ms_old, ms_ev);
	d.doc.copy = 1;
	classify(&c, &ms, "Create Program Requirements.md", "2026-03-01", &d);
	assert_int_equal(c.sections.count, 1);
	assert_string_equal(c.sections.items[0], "2.1");
	assert_true(c.tags & PW_TAG_EV);
	pw_classification_clear(&c);
}

/* A live document published before it had a version (Microsoft's
 * Requirements.md until v1.0): its first revision is a version of its own,
 * a later edit that declares no version amends the text in force
 * (editorial, no ballot) and keeps its wording's tags (audit); a document
 * that is not live (Mozilla's master) is drafting a version instead. */
static void test_live_unversioned_edit(void **state)
{
	static const char old_[] = "# Program Requirements\n\n## 2. Audits\n"
	                           "CAs must be audited annually.\n";
	static const char new_[] = "# Program Requirements\n\n## 2. Audits\n"
	                           "CAs must be audited annually by a qualified auditor, and the "
	                           "audit report must name every CA in scope.\n";
	pw_classification c;
	(void)state;
	classify_edit(&c, &ms, "Create Requirements.md", "2025-08-12", "Requirements.md", "", old_);
	assert_string_equal(c.kind, "policy-version");
	assert_null(c.ballot);
	pw_classification_clear(&c);
	classify_edit(&c, &ms, "Update Requirements.md", "2025-09-02", "Requirements.md", old_,
	              new_);
	assert_string_equal(c.kind, "editorial");
	assert_null(c.ballot);
	assert_true(c.amends);
	assert_true(c.tags & PW_TAG_AUDIT);
	assert_int_equal(c.tags & (PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING),
	                 PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING);
	pw_classification_clear(&c);
	classify_edit(&c, &moz, "Audit wording", "2017-05-02", "rootstore/policy.md", old_, new_);
	assert_string_equal(c.kind, "policy-version");
	assert_false(c.amends);
	pw_classification_clear(&c);
}

/* EV TLS named by its policy OID (2.23.140.1.1) or as a "(EV)" row of a
 * root program's audit table is EV text; EV Code Signing is not. */
static void test_ev_by_oid_and_row(void **state)
{
	static const char old_[] = "# CCADB Policy\n\n*Version 1.2*\n\n## 5. Audits\n"
	                           "Audit statements MUST list the CAs in scope.\n";
	static const char oid[] = "# CCADB Policy\n\n*Version 1.2*\n\n## 5. Audits\n"
	                          "Audit statements MUST list the CAs in scope and, for TLS, "
	                          "the policy OIDs (2.23.140.1.1, 2.23.140.1.2.1).\n";
	static const char row[] =
	    "# CCADB Policy\n\n*Version 1.2*\n\n## 5. Audits\n"
	    "Audit statements MUST list the CAs in scope by type:\n\n"
	    "| Type | WebTrust |\n|-|-|\n| Server Authentication (EV) | X |\n";
	static const char cs[] = "# CCADB Policy\n\n*Version 1.2*\n\n## 5. Audits\n"
	                         "Audit statements MUST list the CAs in scope by type:\n\n"
	                         "| Type | WebTrust |\n|-|-|\n| EV Code Signing | X |\n";
	pw_classification c;
	(void)state;
	classify_edit(&c, &ccadb, "Policy 1.2", "2023-02-15", "policy.md", old_, oid);
	assert_true(c.tags & PW_TAG_EV);
	pw_classification_clear(&c);
	classify_edit(&c, &ccadb, "Policy 1.2", "2023-02-15", "policy.md", old_, row);
	assert_true(c.tags & PW_TAG_EV);
	pw_classification_clear(&c);
	classify_edit(&c, &ccadb, "Policy 1.2", "2023-02-15", "policy.md", old_, cs);
	assert_false(c.tags & PW_TAG_EV);
	pw_classification_clear(&c);
}

/* A phrase split over an added line and the unchanged line next to it in
 * the same paragraph counts ("marked as Extended / Validation"; "subordinate
 * CA certificates / issued before ..." when only the date changes); the
 * unchanged line's own wording alone does not. */
static void test_wrapped_with_unchanged_line(void **state)
{
	pw_classification c;
	(void)state;
	classify_edit(&c, &moz, "Use language of capability", "2017-01-12", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.4 (draft)*\n\n## 2. X\n"
	              "    -   for certificates to be used for and marked as Extended\n"
	              "        Validation, the CA complies with the Guidelines.\n",
	              "# Policy\n\n*Version 2.4 (draft)*\n\n## 2. X\n"
	              "    -   for certificates marked as Extended\n"
	              "        Validation, the CA complies with the Guidelines.\n");
	assert_true(c.tags & PW_TAG_EV);
	pw_classification_clear(&c);
	classify_edit(
	    &c, &moz, "Fix a date", "2017-09-14", "rootstore/policy.md",
	    "# Policy\n\n*Version 2.6 (draft)*\n\n## 5. X\n"
	    "Instead of complying with the above paragraph, subordinate CA certificates\n"
	    "issued before 22nd June 2017 may, until 15th November 2018, comply with the\n"
	    "following paragraph.\n",
	    "# Policy\n\n*Version 2.6 (draft)*\n\n## 5. X\n"
	    "Instead of complying with the above paragraph, subordinate CA certificates\n"
	    "issued before 22nd June 2017 may, until 15th November 2017, comply with the\n"
	    "following paragraph.\n");
	assert_true(c.tags & PW_TAG_EXTANT_CA);
	assert_true(has_date(&c, "2017-11-15"));
	pw_classification_clear(&c);
	/* the phrase stands whole on the unchanged line: nothing new */
	classify_edit(&c, &moz, "Tweak", "2017-09-14", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.6 (draft)*\n\n## 5. X\n"
	              "Existing intermediate certificates are out of scope.\n"
	              "CAs MUST do A.\n",
	              "# Policy\n\n*Version 2.6 (draft)*\n\n## 5. X\n"
	              "Existing intermediate certificates are out of scope.\n"
	              "CAs MUST do A and B.\n");
	assert_false(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
}

/* Older Mozilla text states requirements in lead-ins and lower case: a list
 * item added under "... MUST contain at least the following:", a line
 * continuing a sentence whose "must" it leaves as it was, and "may only" /
 * "may not" are requirements (kind policy-version, the wording's tags); a
 * line that is only renumbered ("### 4.1 Audits ###" -> "### 3.1 Audits ###",
 * "d.  for ... Extended" -> "4.  for ... Extended") is no new wording. */
static void test_lead_ins_and_renumbering(void **state)
{
	static const char head[] = "# Policy\n\n*Version 2.5 (draft)*\n\n";
	char old_[600], new_[600];
	pw_classification c;
	(void)state;
	snprintf(old_, sizeof(old_),
	         "%s### 3.1 Audits ###\n\nEach audit statement MUST contain at least the "
	         "following:\n\n1.  the audit period;\n2.  the criteria.\n",
	         head);
	snprintf(new_, sizeof(new_),
	         "%s### 3.1 Audits ###\n\nEach audit statement MUST contain at least the "
	         "following:\n\n1.  name of the company being audited;\n2.  the audit period;\n"
	         "3.  the criteria.\n",
	         head);
	classify_edit(&c, &moz, "Audit statements. Fixes #58", "2017-04-20", "rootstore/policy.md",
	              old_, new_);
	assert_string_equal(c.kind, "policy-version");
	assert_true(c.tags & PW_TAG_AUDIT);
	pw_classification_clear(&c);
	/* the paragraph's "must" stands on an unchanged line */
	snprintf(old_, sizeof(old_),
	         "%s## 2. X\n12. CA operations relating to issuance of certificates to be used "
	         "for\n    SSL-enabled servers must also conform to the BRs.\n",
	         head);
	snprintf(new_, sizeof(new_),
	         "%s## 2. X\n12. CA operations relating to issuance of certificates capable of "
	         "being used for\n    SSL-enabled servers must also conform to the BRs.\n",
	         head);
	classify_edit(&c, &moz, "Use language of capability", "2017-01-12", "rootstore/policy.md",
	              old_, new_);
	assert_string_equal(c.kind, "policy-version");
	pw_classification_clear(&c);
	/* a list item under a lead-in that requires nothing stays editorial */
	snprintf(old_, sizeof(old_), "%s## 1. Contents\n\nThe sections are:\n\n1. Audits\n", head);
	snprintf(new_, sizeof(new_),
	         "%s## 1. Contents\n\nThe sections are:\n\n1. Audits and auditor "
	         "qualifications\n",
	         head);
	classify_edit(&c, &moz, "Contents", "2017-04-20", "rootstore/policy.md", old_, new_);
	assert_string_equal(c.kind, "editorial");
	pw_classification_clear(&c);
	/* "may only sign SHA-1" restricts what existing CAs sign */
	snprintf(old_, sizeof(old_), "%s## 5. X\nDigest algorithms: SHA-256.\n", head);
	snprintf(new_, sizeof(new_),
	         "%s## 5. X\nDigest algorithms: SHA-256.\n\nCAs may only sign SHA-1 hashes "
	         "over OCSP responses if the signing certificate contains an EKU.\n",
	         head);
	classify_edit(&c, &moz, "#25: SHA-1 restrictions", "2017-02-20", "rootstore/policy.md",
	              old_, new_);
	assert_string_equal(c.kind, "policy-version");
	assert_true(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
	/* renumbered headings and items only */
	snprintf(old_, sizeof(old_),
	         "%s### 4.1 Audits ###\nAudits MUST be annual.\n\n### 4.2 Validation ###\n"
	         "d.  for certificates marked as Extended\n    Validation, the CA MUST comply.\n",
	         head);
	snprintf(new_, sizeof(new_),
	         "%s### 3.1 Audits ###\nAudits MUST be annual.\n\n### 3.2 Validation ###\n"
	         "4.  for certificates marked as Extended\n    Validation, the CA MUST comply.\n",
	         head);
	classify_edit(&c, &moz, "Final copyedit", "2017-03-31", "rootstore/policy.md", old_, new_);
	assert_false(c.tags & (PW_TAG_AUDIT | PW_TAG_EV));
	pw_classification_clear(&c);
}

/* The certificate types of a Mozilla policy line whose own wording names
 * none (rules/tags.json "fallback"): those its paragraph or list item names
 * (an SSL-enabled-server validation item, an Extended Validation item: EV
 * certificates are TLS certificates), else those the paragraphs just before
 * and after it both name (2017's "Instead of complying with the above
 * paragraph ..." between two id-kp-emailProtection paragraphs of 5.3.1),
 * else both trust bits; a changed link reference definition names no type.
 * Each case imitates the mozilla/pkipolicy commit named, worked by hand. */
#define MOZ_HEAD "# Policy\n\n*Version 2.6 (draft)*\n\n"
#define MOZ_531_SERVER                                                                             \
	"If the certificate includes the id-kp-serverAuth extended key usage,\n"                   \
	"then the certificate MUST be Name Constrained.\n\n"
#define MOZ_531_EMAIL                                                                              \
	"If the certificate includes the id-kp-emailProtection extended key\n"                     \
	"usage, it MUST include the Name Constraints X.509v3 extension.\n\n"
#define MOZ_531_INSTEAD(year_)                                                                     \
	"Instead of complying with the above paragraph, subordinate CA certificates\n"             \
	"issued before 22nd June 2017 may, until 15th November " year_ ", comply with the\n"       \
	"following paragraph.\n\n"
#define MOZ_22(method_)                                                                            \
	"### 2.2 Validation Practices ###\n\n"                                                     \
	"1.  All information supplied by the subscriber MUST be verified.\n"                       \
	"2.  For a certificate capable of being used for SSL-enabled servers, the CA\n"            \
	"    must ensure that the applicant has registered the domain(s). Even if\n"               \
	"    the BRs contain a method 3.2.2.4.11, CAs are not permitted to use " method_ "\n"      \
	"3.  For a certificate capable of being used for digitally signing or\n"                   \
	"    encrypting email messages, the CA verifies the email account.\n"
#define MOZ_EV_OLD                                                                                 \
	"## 3. X\n\n    -   for certificates marked as Extended\n"                                 \
	"        Validation, the CA complies with [Guidelines for the Issuance\n"                  \
	"        and Management of Extended Validation\n"                                          \
	"        Certificates](http://www.cabforum.org/documents.html) version\n"                  \
	"        1.4 or later.\n"
#define MOZ_EV_NEW                                                                                 \
	"## 3. X\n\n    -   for certificates marked as Extended\n"                                 \
	"        Validation, the CA complies with the latest version of the\n"                     \
	"        [Guidelines for the Issuance and Management of Extended Validation\n"             \
	"        Certificates](https://cabforum.org/extended-validation/).\n"
#define MOZ_311(version_, item_)                                                                   \
	"#### 3.1.1 Audit Criteria ####\n\n"                                                       \
	"*   WebTrust \"[Principles and Criteria for Certification Authorities - SSL\n"            \
	"    Baseline with Network Security - Version " version_ "][WebTrust-BRs]\" or later;\n\n" \
	"## 9. References\n\n[WebTrust-BRs]:     http://www.webtrust.org/" item_ ".pdf\n"
static void test_mozilla_line_types(void **state)
{
	static const struct {
		const char *subject, *date, *old, *new_;
		pw_tagset want; /* of tls, ev, smime */
	} cases[] = {
	    /* 4be86b1: the date between two email paragraphs */
	    {"Fix typo in date. Fixes #103", "2017-09-14",
	     MOZ_HEAD "#### 5.3.1 Technically Constrained ####\n\n" MOZ_531_SERVER MOZ_531_EMAIL
	         MOZ_531_INSTEAD("2018") MOZ_531_EMAIL,
	     MOZ_HEAD "#### 5.3.1 Technically Constrained ####\n\n" MOZ_531_SERVER MOZ_531_EMAIL
	         MOZ_531_INSTEAD("2017") MOZ_531_EMAIL,
	     PW_TAG_SMIME},
	    /* the same paragraph between a server and an email paragraph:
	     * both trust bits */
	    {"Fix typo in date", "2017-09-14",
	     MOZ_HEAD "#### 5.3.1 Technically Constrained ####\n\n" MOZ_531_SERVER MOZ_531_INSTEAD(
	         "2018") MOZ_531_EMAIL,
	     MOZ_HEAD "#### 5.3.1 Technically Constrained ####\n\n" MOZ_531_SERVER MOZ_531_INSTEAD(
	         "2017") MOZ_531_EMAIL,
	     PW_TAG_TLS | PW_TAG_SMIME},
	    /* 1899023: a line of the SSL-enabled-servers item */
	    {"Clarify wording about 'any other method'. Fixes #94", "2017-08-18",
	     MOZ_HEAD MOZ_22("this method."), MOZ_HEAD MOZ_22("other methods."), PW_TAG_TLS},
	    /* the item above it concerns every certificate */
	    {"Tweak", "2017-08-18", MOZ_HEAD MOZ_22("this method."),
	     MOZ_HEAD
	     "### 2.2 Validation Practices ###\n\n"
	     "1.  All information supplied by the subscriber MUST be checked.\n"
	     "2.  For a certificate capable of being used for SSL-enabled servers, the CA\n"
	     "    must ensure that the applicant has registered the domain(s). Even if\n"
	     "    the BRs contain a method 3.2.2.4.11, CAs are not permitted to use this "
	     "method.\n"
	     "3.  For a certificate capable of being used for digitally signing or\n"
	     "    encrypting email messages, the CA verifies the email account.\n",
	     PW_TAG_TLS | PW_TAG_SMIME},
	    /* dd5fc21: the EV item's lines, with and without EV words */
	    {"#29 - Update EV Guidelines requirement to say 'latest version'", "2017-01-23",
	     MOZ_HEAD MOZ_EV_OLD, MOZ_HEAD MOZ_EV_NEW, PW_TAG_TLS | PW_TAG_EV},
	    /* bd4dcf7: the WebTrust for BRs item and its link definition */
	    {"Update to version 2.2 of WebTrust for BRs. Fixes #44", "2017-05-09",
	     MOZ_HEAD MOZ_311("2.0", "item79806"), MOZ_HEAD MOZ_311("2.2", "item83987"),
	     PW_TAG_TLS},
	    /* a link definition alone: the document's types */
	    {"Fix link", "2017-05-09", MOZ_HEAD MOZ_311("2.0", "item79806"),
	     MOZ_HEAD MOZ_311("2.0", "item83987"), PW_TAG_TLS | PW_TAG_SMIME},
	};
	const pw_tagset mask = PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME;
	pw_classification c;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_edit(&c, &moz, cases[i].subject, cases[i].date, "rootstore/policy.md",
		              cases[i].old, cases[i].new_);
		if ((c.tags & mask) != cases[i].want)
			fail_msg("case %zu (%s): tags 0x%x, want 0x%x", i, cases[i].subject,
			         (unsigned)(c.tags & mask), (unsigned)cases[i].want);
		pw_classification_clear(&c);
	}
}

/* Audit, netsec and dates in Mozilla policy wording, each case imitating
 * the mozilla/pkipolicy commit named, worked by hand: a section whose title
 * starts with its subject ("Audit Statement Content") is about audits
 * wherever its words change; one whose title names audits beside other
 * subjects ("Publicly Disclosed and Audited", "Policies, Practices and Audit
 * Information") only in a sentence that speaks of audits; "audit
 * information" in new wording is, a removed duplicate of a sentence that
 * stays is not; "audit periods ending in July 2017" is a deadline (the
 * 1st); a new requirement to follow the CA/Browser Forum's network security
 * document is netsec, renaming the document it cites is not. */
#define MOZ_532(disclose_)                                                                         \
	"#### 5.3.2 Publicly Disclosed and Audited ####\n\n"                                       \
	"All certificates that are capable of being used to issue new\n"                           \
	"certificates MUST be audited in accordance with\n"                                        \
	"Mozilla's Root Store Policy. The CA MUST\n"                                               \
	"disclose this information " disclose_ "before any such subordinate CA is allowed\n"       \
	"to issue certificates.\n"
#define MOZ_CCADB5(what_)                                                                          \
	"## 5. Policies, Practices and Audit Information ##\n\n"                                   \
	"* Extended Validation (EV) audit (if applicable)\n\n"                                     \
	"CAs must provide English versions of any Certificate Policy and Certification\n"          \
	"Practice Statement" what_ " documents which are not originally in English.\n"
#define MOZ_51(rule_)                                                                              \
	"### 5.1 Audit Statement Content ###\n\nFormat Specifications for SHA-256 "                \
	"Fingerprints:\n\n"                                                                        \
	"* MUST: Uppercase letters\n* " rule_ "\n"
#define MOZ_CA_OPS(item_)                                                                          \
	"### 2.1 CA Operations ###\n\nCAs whose certificates are included MUST:\n\n"               \
	"1.  provide some service relevant to typical users;\n" item_                              \
	"3.  verify certificate requests.\n"
static void test_mozilla_audit_signals(void **state)
{
	static const struct {
		const char *subject, *date, *old, *new_;
		pw_tagset tag;
		int tagged;
	} cases[] = {
	    /* b7d1b6c: the disclosure sentence beside the audit sentence */
	    {"Add one week limit for sub-CA disclosure. Fixes #67.", "2017-04-04",
	     MOZ_HEAD MOZ_532(""), MOZ_HEAD MOZ_532("within a week of certificate creation, and\n"),
	     PW_TAG_AUDIT, 0},
	    {"Audit every year", "2017-04-04", MOZ_HEAD MOZ_532(""),
	     MOZ_HEAD
	     "#### 5.3.2 Publicly Disclosed and Audited ####\n\n"
	     "All certificates that are capable of being used to issue new\n"
	     "certificates MUST be audited every year by a party independent of the CA in\n"
	     "accordance with\n"
	     "Mozilla's Root Store Policy. The CA MUST\n"
	     "disclose this information before any such subordinate CA is allowed\n"
	     "to issue certificates.\n",
	     PW_TAG_AUDIT, 1},
	    /* 3bf445d / 8930eaa: CP/CPS in English, and audit documents too */
	    {"#6: Require full CP/CPS in English", "2017-02-07", MOZ_HEAD MOZ_CCADB5(""),
	     MOZ_HEAD MOZ_CCADB5(" and Terms of Use of its services"), PW_TAG_AUDIT, 0},
	    {"Updates from Microsoft", "2017-06-20", MOZ_HEAD MOZ_CCADB5(""),
	     MOZ_HEAD MOZ_CCADB5(" and Audit documents, in full,"), PW_TAG_AUDIT, 1},
	    /* mozilla-ccadb 85c15df: SHOULD -> MUST in an audit section's list */
	    {"Merge pull request #46 from mozilla/minor-updates", "2020-10-08",
	     MOZ_HEAD MOZ_51("SHOULD: be encoded in the document (PDF) as select-able text"),
	     MOZ_HEAD MOZ_51("MUST: be encoded in the document (PDF) as text searchable"),
	     PW_TAG_AUDIT, 1},
	    /* 16c4927: a new way to update audit information */
	    {"Fixes issue #128", "2018-04-17", MOZ_HEAD "## 3. Root Certificates ##\n\nOld.\n",
	     MOZ_HEAD "## 3. Root Certificates ##\n\nOld.\n\nTo update audit information for a "
	              "root certificate, CAs MUST create an Audit Case.\n",
	     PW_TAG_AUDIT, 1},
	    /* 0d989d8: the older duplicate removed, a new rule elsewhere */
	    {"added v1.0.2 changes", "2018-04-17",
	     MOZ_HEAD "## 2. Contact ##\n\nOld.\n\n## 3. Root Certificates ##\n\n"
	              "If root certificate information, including audit information, needs to\n"
	              "be updated, the CA MUST notify a Store.\n\n",
	     MOZ_HEAD "## 2. Contact ##\n\nOld.\n\nCAs MUST answer within a week.\n\n"
	              "## 3. Root Certificates ##\n\n",
	     PW_TAG_AUDIT, 0},
	    /* 842e494: a month-only deadline makes the change a requirement */
	    {"Set July 2017 deadline for phasing out of old ETSI standards", "2017-05-31",
	     MOZ_HEAD "##### 3.1.2.2 ETSI #####\n\nETSI EN 319 411-1 audits are required.\n",
	     MOZ_HEAD
	     "##### 3.1.2.2 ETSI #####\n\nETSI EN 319 411-1 audits are required.\n\n"
	     "ETSI TS 102 042 and TS 101 456 audits are only acceptable for audit periods\n"
	     "ending in July 2017 or earlier.\n",
	     PW_TAG_AUDIT, 1},
	    /* 79c9846: CAs must secure their networks */
	    {"Require all CAs to have appropriate network security. Fixes #70", "2017-05-31",
	     MOZ_HEAD MOZ_CA_OPS(""),
	     MOZ_HEAD MOZ_CA_OPS("2.  follow industry best practice for securing their networks, "
	                         "for example\n    by conforming to the [CAB Forum Network "
	                         "Security Guidelines][NSGs] or a\n    successor document;\n"),
	     PW_TAG_NETSEC, 1},
	    /* 865ccc0 (2.8): the same requirement citing the document's new name */
	    {"Merge pull request #245 from mozilla/2.8", "2022-04-26",
	     MOZ_HEAD MOZ_CA_OPS("2.  follow industry best practice for securing their networks, "
	                         "for example\n    by conforming to the [CAB Forum Network "
	                         "Security Guidelines][NSGs] or a\n    successor document;\n"),
	     MOZ_HEAD MOZ_CA_OPS("2.  follow industry best practice for securing their networks, "
	                         "for example\n    by conforming to the [CA/Browser Forum's "
	                         "Network and Certificate System Security Requirements][NSRs] "
	                         "or a\n    successor document;\n"),
	     PW_TAG_NETSEC, 0},
	};
	pw_classification c;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_edit(&c, &moz, cases[i].subject, cases[i].date, "rootstore/policy.md",
		              cases[i].old, cases[i].new_);
		if (!(c.tags & cases[i].tag) != !cases[i].tagged)
			fail_msg("case %zu (%s): tag 0x%x %s", i, cases[i].subject,
			         (unsigned)cases[i].tag,
			         cases[i].tagged ? "missing" : "not expected");
		/* each a change of requirements, which has its wording's tags */
		if (strcmp(c.kind, "policy-version") != 0)
			fail_msg("case %zu (%s): kind %s", i, cases[i].subject, c.kind);
		if (i == 7) /* the deadline, which makes it one */
			assert_true(has_date(&c, "2017-07-01"));
		if (i == 8) /* the trust bits of a general requirement stay */
			assert_int_equal(c.tags & (PW_TAG_TLS | PW_TAG_SMIME),
			                 PW_TAG_TLS | PW_TAG_SMIME);
		pw_classification_clear(&c);
	}
}

/* mozilla/pkipolicy's copy of the CCADB Policy (ccadb/policy.md, frozen in
 * 2018) is the CCADB Policy: a general edit concerns every type of its
 * stores (TLS, S/MIME and code signing, as mozilla-ccadb's policy.md), and
 * code-signing wording names that type; the root store policy beside it
 * stays with both trust bits. */
static void test_pkipolicy_ccadb_copy(void **state)
{
	static pw_document docs[] = {
	    {.path = "rootstore/policy.md", .version_prefix = "MRSP", .versioned = 1},
	    {.path = "ccadb/policy.md", .version_prefix = "CCADB", .versioned = 1}};
	static pw_source pki = {.id = "mozilla-pkipolicy",
	                        .repository = "mozilla/pkipolicy",
	                        .url = "u",
	                        .branch = "master",
	                        .documents = docs,
	                        .ndocuments = 2};
	const pw_tagset types = PW_TAG_TLS | PW_TAG_SMIME | PW_TAG_CODE_SIGNING;
	pw_classification c;
	(void)state;
	classify_edit(&c, &pki, "Make it clear we want an office email address", "2017-06-22",
	              "ccadb/policy.md",
	              "# Common CCADB Policy\n\n*Version 1.0.1 (draft)*\n\n## 2. Contact\n"
	              "* Email address\n",
	              "# Common CCADB Policy\n\n*Version 1.0.1 (draft)*\n\n## 2. Contact\n"
	              "* Office email address\n");
	assert_string_equal(c.ballot, "CCADB-1.0.1");
	assert_int_equal(c.tags & types, types);
	pw_classification_clear(&c);
	classify_edit(&c, &pki, "Updates from Microsoft", "2017-06-20", "ccadb/policy.md",
	              "# Common CCADB Policy\n\n*Version 1.0.1 (draft)*\n\n## 5. Audits\n"
	              "CAs MUST give the URL of the EV audit (if applicable).\n",
	              "# Common CCADB Policy\n\n*Version 1.0.1 (draft)*\n\n## 5. Audits\n"
	              "CAs MUST give the URL of the Code Signing audit (if applicable).\n");
	/* the removed EV wording is TLS wording: EV certificates are TLS
	 * certificates */
	assert_int_equal(c.tags & types, PW_TAG_CODE_SIGNING | PW_TAG_TLS);
	pw_classification_clear(&c);
	classify_edit(&c, &pki, "Update version number", "2017-06-23", "rootstore/policy.md",
	              "# Policy\n\n*Version 2.5 (draft)*\n\n## 2. X\nCAs MUST do A.\n",
	              "# Policy\n\n*Version 2.6 (draft)*\n\n## 2. X\nCAs MUST do A.\n");
	assert_int_equal(c.tags & types, PW_TAG_TLS | PW_TAG_SMIME);
	pw_classification_clear(&c);
}

/* Several ballots released in one new version per document ("BRs 1.7.1
 * and EVG 1.7.3"): the first row's ballot. */
static void test_several_ballots_one_version(void **state)
{
	static const char old_[] = "# 1. X\n|Version|Ballot|Description|Adopted|Effective|\n"
	                           "|---|---|---|---|---|\n| 1.7.0 | SC29 | A | 1-Jan-2020 | "
	                           "1-Feb-2020 |\n\n## 4.2 Y\nThe CA MUST do A.\n";
	static const char new_[] =
	    "# 1. X\n|Version|Ballot|Description|Adopted|Effective|\n"
	    "|---|---|---|---|---|\n| 1.7.0 | SC29 | A | 1-Jan-2020 | "
	    "1-Feb-2020 |\n| 1.7.1 | SC30 | Disclosure | 13-Jul-2020 | "
	    "20-Aug-2020 |\n| 1.7.1 | SC31 | Browser Alignment | 16-Jul-2020 "
	    "| 20-Aug-2020 |\n\n## 4.2 Y\nThe CA MUST do A and B.\n";
	pw_classification c;
	(void)state;
	classify_edit(&c, &sc, "BRs 1.7.1 and EVG 1.7.3", "2020-08-20", "docs/BR.md", old_, new_);
	assert_string_equal(c.ballot, "SC-30");
	assert_missing(&c, NULL);
	pw_classification_clear(&c);
	/* no ballot anywhere: the record says so */
	classify_edit(&c, &sc, "Update BR.md", "2019-04-02", "docs/BR.md",
	              "# 4. X\nThe CA MUST do A.\n",
	              "# 4. X\nThe CA MUST do A, B and C before it issues.\n");
	assert_null(c.ballot);
	assert_string_equal(c.kind, "ballot");
	assert_missing(&c, "no ballot id found");
	pw_classification_clear(&c);
}

/* A versioned document whose change-history table can no longer be read:
 * classified from its prose, and the record names the missing signal. */
static void test_missing_signals(void **state)
{
	static char v21[2048];
	pw_classification c;
	char *p;
	(void)state;
	strcpy(v21, ccadb_v20);
	while ((p = strchr(v21, '|')))
		*p = ' '; /* the table's bars lost */
	p = strstr(v21, "*Version 2.0, Effective: July 15, 2025*");
	memcpy(p, "*Versio  2.0, Effective: July 15, 2025*", 39);
	classify_edit(&c, &ccadb, "Update policy.md", "2025-08-01", "policy.md", ccadb_v20, v21);
	assert_missing(&c, "no version found in the header or change-history table");
	pw_classification_clear(&c);
}

/* tags.json "novel": an audit phrase a re-worded sentence keeps says
 * nothing new (BR 5.4: records for the Qualified Auditor); more of them on
 * the added side do. "wrapped": wording over two lines of one paragraph;
 * and the phase-out of an algorithm existing CAs sign with. */
static void test_novel_and_wrapped_wording(void **state)
{
	/* each change, the tag and whether the change gets it */
	static const struct {
		const pw_source *src;
		const char *subject, *date, *path, *old, *new_;
		pw_tagset tag;
		int tagged;
	} cases[] = {
	    {&sc, "Ballot SC51: Reduce Log Retention", "2022-04-26", "docs/BR.md",
	     "## 5.4.3 Retention\nThe CA SHALL retain logs for 7 years and make them available to "
	     "its Qualified Auditor.\n",
	     "## 5.4.3 Retention\nThe CA SHALL retain logs for 2 years and make them available to "
	     "its Qualified Auditor on request.\n",
	     PW_TAG_AUDIT, 0},
	    {&sc, "Ballot SC99: Logs in audits", "2022-04-26", "docs/BR.md",
	     "## 5.4.3 Retention\nThe CA SHALL make logs available to its Qualified Auditor.\n",
	     "## 5.4.3 Retention\nThe CA SHALL make logs available to its Qualified Auditor and "
	     "attach them to its Audit Report.\n",
	     PW_TAG_AUDIT, 1},
	    {&moz, "Update phase-out rules. Fixes #93", "2017-08-18", "rootstore/policy.md",
	     "## 5.3 X\nOld text.\n",
	     "## 5.3 X\nInstead of complying with the above, intermediate certificates\n"
	     "issued before 22nd June 2017 may, until 15th November 2018, comply with:\n",
	     PW_TAG_EXTANT_CA, 1},
	    {&sc, "Ballot SC53: Sunset SHA-1 for OCSP signing", "2022-03-16", "docs/BR.md",
	     "## 7.1.3.2.1 X\nOld.\n",
	     "## 7.1.3.2.1 X\n| 2022-06-01 | 7.1.3.2.1 | CAs MUST NOT sign OCSP responses using "
	     "the "
	     "SHA-1 hash algorithm. |\n",
	     PW_TAG_EXTANT_CA, 1},
	    /* new issuance only: no extant-ca */
	    {&sc, "Ballot SC81: validity", "2025-04-11", "docs/BR.md", "## 6.3.2 X\nOld.\n",
	     "## 6.3.2 X\nSubscriber Certificates issued after 2026-03-15 MUST NOT have a validity "
	     "period greater than 200 days.\n",
	     PW_TAG_EXTANT_CA, 0},
	};
	pw_classification c;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_edit(&c, cases[i].src, cases[i].subject, cases[i].date, cases[i].path,
		              cases[i].old, cases[i].new_);
		if (!(c.tags & cases[i].tag) != !cases[i].tagged)
			fail_msg("%s: tag 0x%x %s", cases[i].subject, (unsigned)cases[i].tag,
			         cases[i].tagged ? "missing" : "not expected");
		pw_classification_clear(&c);
	}
}

/* tags.json "reworded": the audit section of the BRs counts only when its
 * words change by more than four (link targets, URLs and numbers left
 * out), so a renumbered or linked cross reference (SC41), a re-wrapped
 * sentence (SC26) or a typo (SC35) is no audit change; the EV Guidelines'
 * audit sections by title (17 before the RFC 3647 layout, when 8 was
 * Community and Applicability); a link target ("#87-self-audits") is no
 * audit wording; "audit requirements" named in new wording is. */
static void test_audit_wording(void **state)
{
	static const struct {
		const pw_source *src;
		const char *path, *old, *new_;
		int audit;
	} cases[] = {
	    /* 8.1 -> 8.4 and a link: words "section" "listed" ... unchanged */
	    {&sc, "docs/BR.md",
	     "# 8. COMPLIANCE AUDIT\n## 8.1 Frequency\nA scheme listed in Section 8.1 applies.\n",
	     "# 8. COMPLIANCE AUDIT\n## 8.1 Frequency\nA scheme listed in [Section "
	     "8.4](#84-topics-covered-by-assessment) applies.\n",
	     0},
	    /* two lines joined into one */
	    {&sc, "docs/BR.md",
	     "# 8. COMPLIANCE AUDIT\n## 8.2 Period\nAudit periods are unbroken.\nAn audit "
	     "period MUST NOT exceed one year.\n",
	     "# 8. COMPLIANCE AUDIT\n## 8.2 Period\nAudit periods are unbroken. An audit "
	     "period MUST NOT exceed one year.\n",
	     0},
	    /* a typo: one word out, one in (2 <= 4) */
	    {&sc, "docs/BR.md",
	     "# 8. COMPLIANCE AUDIT\n## 8.6 Results\nWebTrust for Certifiation Authorities "
	     "applies.\n",
	     "# 8. COMPLIANCE AUDIT\n## 8.6 Results\nWebTrust for Certification Authorities "
	     "applies.\n",
	     0},
	    /* five new words: "and", "each", "technically", "constrained", "ca" */
	    {&sc, "docs/BR.md",
	     "# 8. COMPLIANCE AUDIT\n## 8.1 Frequency\nCertificates MUST be audited.\n",
	     "# 8. COMPLIANCE AUDIT\n## 8.1 Frequency\nCertificates and each technically "
	     "constrained CA MUST be audited.\n",
	     1},
	    /* EVG before RFC 3647: section 8 is not about audits, 17 is */
	    {&ev, "docs/EVG.md",
	     "# 8. Community and Applicability\n## 8.1. Issuance of EV Certificates\nThe CA "
	     "MAY issue EV Certificates.\n",
	     "# 8. Community and Applicability\n## 8.1. Issuance of EV Certificates\nThe CA "
	     "MAY issue EV Certificates to any organization it has verified under these "
	     "Guidelines.\n",
	     0},
	    {&ev, "docs/EVG.md",
	     "# 17. Audit\n## 17.1. Eligible Audit Schemes\nA CA MUST be audited.\n",
	     "# 17. Audit\n## 17.1. Eligible Audit Schemes\nA CA MUST be audited every year "
	     "by a firm it does not control.\n",
	     1},
	    /* a link target is not wording: "self-audits" only in the anchor */
	    {&sc, "docs/BR.md",
	     "# 7. PROFILES\n## 7.1.5 Name constraints\nAudited in line with section 8.7 "
	     "only.\n",
	     "# 7. PROFILES\n## 7.1.5 Name constraints\nAudited in line with [Section "
	     "8.7](#87-self-audits) only.\n",
	     0},
	    /* text moved out of the audit section into another section of the
	     * document (and re-worded there) is moved, not changed */
	    {&ev, "docs/EVG.md",
	     "# 6. KEYS\n## 6.1.1 Key generation\nOld.\n# 17. Audit\n## 17.6. Auditor "
	     "Qualification\nThe ceremony MUST be witnessed by a Qualified Auditor who issues a "
	     "report.\n",
	     "# 6. KEYS\n## 6.1.1 Key generation\nOld.\nThe key generation ceremony MUST be "
	     "witnessed by a Qualified Auditor who issues a report.\n# 17. Audit\n## 17.6. "
	     "Auditor Qualification\n",
	     0},
	    /* headings renamed: structure, not wording */
	    {&sc, "docs/BR.md", "# 8. COMPLIANCE AUDIT\n## 8.1 Frequency\nText.\n",
	     "# 8. COMPLIANCE AUDIT AND OTHER ASSESSMENTS\n## 8.1 Frequency or circumstances of "
	     "assessment\nText.\n",
	     0},
	    /* who is exempt from audits, outside section 8 */
	    {&sc, "docs/BR.md", "# 1. INTRODUCTION\n## 1.3.2 Enterprise RAs\nOld.\n",
	     "# 1. INTRODUCTION\n## 1.3.2 Enterprise RAs\nEnterprise RAs are exempted from "
	     "the audit requirements of Section 8.4.\n",
	     1},
	};
	pw_classification c;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_edit(&c, cases[i].src, "Ballot SC99: audits", "2021-04-05", cases[i].path,
		              cases[i].old, cases[i].new_);
		if (!(c.tags & PW_TAG_AUDIT) != !cases[i].audit)
			fail_msg("case %zu: audit %s", i,
			         cases[i].audit ? "missing" : "not expected");
		pw_classification_clear(&c);
	}
}

/* Root-program wording (rules/tags.json), each case worked by hand from
 * the upstream text it imitates: time-stamping is code signing (Apple 2.0's
 * Appendix A Trust Purpose "Time Stamping / id-kp-timeStamping"), but a
 * Signed Certificate Timestamp (CT) is not; root certificates submitted
 * before a date that "will continue to be trusted" are existing CAs
 * (Microsoft 1.2, 3.4.3), a subscriber certificate that "MAY continue to be
 * used" is not; audit headings renumbered ("### A. The Auditor's
 * Qualifications" -> "### 4.1.1 ...": one word, "a", out) are no audit
 * change, a removed audit report rule (Chrome 1.7's 92-day upload) is. */
static void test_root_program_wording(void **state)
{
	static pw_document apple_doc = {.path = "policy.md", .version_prefix = "APPLE", .live = 1};
	static pw_source apple = ONE_DOC_SOURCE("apple-rootprogram", "apple/apple-root-program",
	                                        "main", NULL, &apple_doc);
	static pw_document cc_doc = {.path = "policy.md", .version_prefix = "CCADB", .live = 1};
	static pw_source cc =
	    ONE_DOC_SOURCE("mozilla-ccadb", "mozilla/www.ccadb.org", "master", NULL, &cc_doc);
	static char *tls[] = {"tls"};
	static pw_document ch_doc = {.path = "content/index.md",
	                             .tags = tls,
	                             .ntags = 1,
	                             .version_prefix = "CHROME",
	                             .live = 1};
	static pw_source ch = ONE_DOC_SOURCE("chrome-rootprogram", "GoogleChrome/chromerootprogram",
	                                     "main", NULL, &ch_doc);
	static const struct {
		const pw_source *src;
		const char *path, *old, *new_;
		pw_tagset tag;
		int tagged;
	} cases[] = {
	    {&apple, "policy.md", "## Appendix A\n| Secure Email | id-kp-emailProtection |\n",
	     "## Appendix A\n| Secure Email | id-kp-emailProtection |\n"
	     "| Time Stamping | id-kp-timeStamping (1.3.6.1.5.5.7.3.8) | RFC 3161 |\n",
	     PW_TAG_CODE_SIGNING, 1},
	    {&apple, "policy.md", "## 3.2 Subordinate CAs\nOld.\n",
	     "## 3.2 Subordinate CAs\nA CA used for TSA certificates must be dedicated.\n",
	     PW_TAG_CODE_SIGNING, 1},
	    {&apple, "policy.md", "## 4 Certificate Transparency\nOld.\n",
	     "## 4 Certificate Transparency\nCertificates must carry two Signed Certificate "
	     "Timestamps (SCTs).\n",
	     PW_TAG_CODE_SIGNING, 0},
	    {&ms, "Requirements.md", "### 3.4. EKU Requirements\n**3.4.2.** Old.\n",
	     "### 3.4. EKU Requirements\n**3.4.2.** Old.\n**3.4.3.** Root certificates "
	     "submitted prior to January 1, 2027 that assert multiple EKUs will continue to be "
	     "trusted unless otherwise directed by Microsoft.\n",
	     PW_TAG_EXTANT_CA, 1},
	    {&ms, "Requirements.md", "### 3.5 IP Addresses\nOld.\n",
	     "### 3.5 IP Addresses\nAny certificate issued prior to August 1, 2019 containing "
	     "an IP Address MAY continue to be used until it expires.\n",
	     PW_TAG_EXTANT_CA, 0},
	    {&ms, "Requirements.md",
	     /* a normative edit elsewhere (kind ballot: Microsoft amends 1.0) */
	     "## 2. General\nCAs MUST name two Trusted Agents.\n"
	     "# Audit requirements\n### A. The Auditor's Qualifications\nAuditors are "
	     "licensed.\n### B. The Scope of the Audit\nAll roots.\n### C. Point-in-Time "
	     "Readiness Assessments\nBefore operations.\n",
	     "## 2. General\nCAs MUST name two Trusted Agents.\nCAs MUST disclose each "
	     "subordinate CA to Microsoft within seven days of its issuance.\n"
	     "# 4. Audit requirements\n### 4.1.1 The Auditor's Qualifications\nAuditors are "
	     "licensed.\n### 4.1.2 The Scope of the Audit\nAll roots.\n### 4.1.3 "
	     "Point-in-Time Readiness Assessments\nBefore operations.\n",
	     PW_TAG_AUDIT, 0},
	    /* a removed rule on audit reports, in a section not titled "audit" */
	    {&ms, "Requirements.md",
	     "## 4. Audits\n### 4.3 Reporting Requirements\nParticipants MUST provide audit "
	     "reports that are uploaded to the CCADB within 92 calendar days from the audit "
	     "period ending date.\n## 5. Incidents\nText.\n",
	     "## 4. Audits\n### 4.3 Reporting Requirements\n## 5. Incidents\nText.\nCAs MUST "
	     "report each incident within seven days of its discovery.\n",
	     PW_TAG_AUDIT, 1},
	    /* the CCADB Policy's audit table (2.0, 2.1): a purpose that now needs
	     * the "NetSec Audit" is a network security requirement ... */
	    {&cc, "policy.md",
	     "## 5. Audit Disclosures\n| Purpose | Audits Required |\n|---|---|\n"
	     "| Code Signing | (1) Standard Audit |\n",
	     "## 5. Audit Disclosures\n| Purpose | Audits Required |\n|---|---|\n"
	     "| Code Signing | (1) Standard Audit |\n"
	     "| Time Stamping | (1) Standard Audit <br><br> (2) NetSec Audit |\n",
	     PW_TAG_NETSEC, 1},
	    /* ... a mailing list named after the working group is not */
	    {&cc, "policy.md", "## 7. Mailshots\nOld.\n",
	     "## 7. Mailshots\nCA Owners follow the [Network Security Working Group]"
	     "(https://lists.cabforum.org/mailman/listinfo/netsec) list.\n",
	     PW_TAG_NETSEC, 0},
	    /* Chrome 1.8: a sentence naming EV carried unchanged into a rewritten
	     * paragraph says nothing new about EV ... */
	    {&ch, "content/index.md",
	     "#### 4.3.1 Automation Support\nThe automated solution MUST minimize input. Routine "
	     "issuance SHOULD NOT involve human input except for IV, OV, or EV certificate "
	     "issuance.\n",
	     "#### 1.3.3.1. Automation Support\nAll subordinate CAs MUST support automation. "
	     "Routine issuance SHOULD NOT involve human input except for IV, OV, or EV "
	     "certificate issuance.\n",
	     PW_TAG_EV, 0},
	    /* ... nor does one whose list is only re-lettered, (1) -> (a) ... */
	    {&ch, "content/index.md",
	     "#### 5.1 Annual Audits\n- CAs MUST fall under one audit scope (e.g., (1) WebTrust "
	     "for CAs, or (2) WebTrust for CA - Extended Validation - SSL).\n- Applicants MUST "
	     "apply by mail.\n",
	     "#### 2.5. Annual Audits\n- CAs MUST fall under one audit scope (e.g., (a) WebTrust "
	     "for CAs, or (b) WebTrust for CA - Extended Validation - SSL).\n",
	     PW_TAG_EV, 0},
	    /* ... while a sentence about EV that changes does, added or removed */
	    {&ch, "content/index.md", "#### 1.1 Logging\nCAs MUST log each certificate.\n",
	     "#### 1.1 Logging\nCAs MUST log each certificate. EV certificates MUST carry "
	     "three SCTs from logs of distinct operators.\n",
	     PW_TAG_EV, 1},
	    {&ch, "content/index.md",
	     "#### 1.1 Logging\nCAs MUST log each certificate. EV certificates MUST carry "
	     "three SCTs from logs of distinct operators.\n",
	     "#### 1.1 Logging\nCAs MUST log each certificate. CAs MUST publish a CRL every "
	     "four hours under normal operating conditions.\n",
	     PW_TAG_EV, 1},
	};
	pw_classification c;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		classify_edit(&c, cases[i].src, "Update policy", "2026-03-01", cases[i].path,
		              cases[i].old, cases[i].new_);
		/* Microsoft edits amend the version in force: wording tags apply */
		if (cases[i].tag == PW_TAG_AUDIT && !c.amends)
			fail_msg("case %zu: kind %s, not amending", i, c.kind);
		if (!(c.tags & cases[i].tag) != !cases[i].tagged)
			fail_msg(
			    "case %zu: tag 0x%x %s (tags 0x%x, kind %s)", i, (unsigned)cases[i].tag,
			    cases[i].tagged ? "missing" : "not expected", (unsigned)c.tags, c.kind);
		pw_classification_clear(&c);
	}
}

/* Signals of older servercert changes: a revision row added below another
 * new version with a date already past is history written down (NCSSR 1.5
 * beside 1.6), unless the newer row has the same date; a corrected row of
 * a version with a row per ballot (SC28 beside SC35) has a new date; a
 * version statement in prose names the ballot when nothing else does; a
 * condition on all unexpired certificates of a CA key is extant-ca, when
 * new. */
static void test_older_servercert_signals(void **state)
{
	static const char hdr[] = "# 1. X\n|Version|Ballot|Description|Adopted|Effective|\n"
	                          "|---|---|---|---|---|\n";
	char old_[512], new_[512];
	pw_classification c;
	(void)state;

	snprintf(old_, sizeof(old_), "%s| 1.4 | SC29 | Configuration | 7-May-20 | 8-Jun-2020 |\n",
	         hdr);
	snprintf(new_, sizeof(new_),
	         "%s| 1.4 | SC29 | Configuration | 7-May-20 | 8-Jun-2020 |\n"
	         "| 1.5 | SC28 | Logging | 10-Sep-2020 | 19-Sep-2020 |\n"
	         "| 1.6 | SC39 | Critical Vulnerability | 16-Feb-2021 | 30-Mar-2021 |\n",
	         hdr);
	classify_edit(&c, &sc, "SC39v3: CVSS Critical Vulnerability Definition", "2021-04-01",
	              "docs/BR.md", old_, new_);
	assert_true(has_date(&c, "2021-03-30"));
	assert_false(has_date(&c, "2020-09-19")); /* 1.5 is below 1.6, and past */
	assert_int_equal(c.ndates, 1);
	pw_classification_clear(&c);

	/* a row for a lower version written in while the higher version's row,
	 * already in the old text, is only edited: the higher row is not another
	 * new version, so the lower row's date (92 days before the commit, within
	 * table_past_days) is the change's */
	snprintf(old_, sizeof(old_),
	         "%s| 1.4 | SC29 | Configuration | 7-May-19 | 8-Jun-2019 |\n"
	         "| 1.6 | SC39 | Critical vulnerability | 16-Jul-2019 | 30-Jul-2019 |\n",
	         hdr);
	snprintf(new_, sizeof(new_),
	         "%s| 1.4 | SC29 | Configuration | 7-May-19 | 8-Jun-2019 |\n"
	         "| 1.5 | SC28 | Logging | 10-May-2019 | 1-Jun-2019 |\n"
	         "| 1.6 | SC39 | Critical Vulnerability | 16-Jul-2019 | 30-Jul-2019 |\n",
	         hdr);
	classify_edit(&c, &sc, "Add the missing 1.5 row", "2019-09-01", "docs/BR.md", old_, new_);
	assert_true(has_date(&c, "2019-06-01"));
	pw_classification_clear(&c);
	snprintf(old_, sizeof(old_), "%s| 1.4 | SC29 | Configuration | 7-May-20 | 8-Jun-2020 |\n",
	         hdr);

	/* two versions of one date: the date stays (the newer row states it) */
	snprintf(new_, sizeof(new_),
	         "%s| 1.4 | SC29 | Configuration | 7-May-20 | 8-Jun-2020 |\n"
	         "| 1.5 | SC44 | Vulnerability Management | 13-Nov-2024 | 13-Dec-2024 |\n"
	         "| 1.6 | SC46 | Encrypted connections | 13-Nov-2024 | 13-Dec-2024 |\n",
	         hdr);
	classify_edit(&c, &sc, "Editorial Updates (#45)", "2025-01-14", "docs/BR.md", old_, new_);
	assert_true(has_date(&c, "2024-12-13"));
	assert_int_equal(c.ndates, 1);
	pw_classification_clear(&c);

	/* one version, a row per ballot: SC28's row corrected to the date of
	 * SC35's row is a new date of SC28's */
	snprintf(old_, sizeof(old_),
	         "%s| 1.7.3 | SC28 | Logging and Log Retention | 10-Sep-2020 | 16-Oct-2020 |\n"
	         "| 1.7.3 | SC35 | Cleanups and Clarifications | 9-Sep-2020 | 19-Oct-2020 |\n",
	         hdr);
	snprintf(new_, sizeof(new_),
	         "%s| 1.7.3 | SC28 | Logging and Log Retention | 10-Sep-2020 | 19-Oct-2020 |\n"
	         "| 1.7.3 | SC35 | Cleanups and Clarifications | 9-Sep-2020 | 19-Oct-2020 |\n",
	         hdr);
	classify_edit(&c, &sc, "Fix effective date for SC28 (#226)", "2020-10-19", "docs/BR.md",
	              old_, new_);
	assert_string_equal(c.ballot, "SC-28");
	assert_true(has_date(&c, "2020-10-19"));
	pw_classification_clear(&c);
	/* ... but SC35's own row re-written (description case, ISO date) is
	 * the same row: no new date */
	snprintf(new_, sizeof(new_),
	         "%s| 1.7.3 | SC28 | Logging and Log Retention | 10-Sep-2020 | 16-Oct-2020 |\n"
	         "| 1.7.3 | SC35 | Cleanups and clarifications | 9-Sep-2020 | 2020-10-19 |\n",
	         hdr);
	classify_edit(&c, &sc, "Fix dates (#227)", "2020-10-19", "docs/BR.md", old_, new_);
	assert_int_equal(c.ndates, 0);
	pw_classification_clear(&c);

	/* the EVG's version statement names the ballot the fix belongs to */
	classify_edit(&c, &ev, "Fix version and effective date on page 2 (#143)", "2019-10-23",
	              "docs/EVG.md",
	              "# 1. X\nThis version 1.6.9 represents the Guidelines, as adopted as of "
	              "Ballot SC16, effective as of 16 April 2019.\n",
	              "# 1. X\nThis version 1.7.0 represents the Guidelines, as adopted as of "
	              "Ballot SC17, effective as of 21 June 2019.\n");
	assert_string_equal(c.ballot, "SC-17");
	assert_string_equal(c.kind, "editorial");
	pw_classification_clear(&c);
	/* a sentence that keeps naming the same ballot names none new */
	classify_edit(&c, &ev, "Fix wording on page 2 (#144)", "2019-10-23", "docs/EVG.md",
	              "# 1. X\nAs adopted as of Ballot SC16, effective 16 April 2019.\n",
	              "# 1. X\nAs adopted by the Forum as of Ballot SC16, effective 16 April "
	              "2019.\n");
	assert_null(c.ballot);
	pw_classification_clear(&c);

	/* SHA-1 OCSP signing only while all unexpired certificates of the CA
	 * Key Pair are OCSP-only: a condition on certificates already issued */
	classify_edit(
	    &c, &sc, "Ballot SC31: Browser Alignment", "2020-08-20", "docs/BR.md",
	    "## 7.1.3.2 X\nOld.\n",
	    "## 7.1.3.2 X\nAll unexpired, un-revoked Certificates that contain the Public "
	    "Key of the CA Key Pair MUST contain only the id-kp-ocspSigning EKU.\n");
	assert_true(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
	/* ... the same condition re-worded says nothing new */
	classify_edit(
	    &c, &sc, "Ballot SC35: Cleanups", "2020-10-19", "docs/BR.md",
	    "## 7.1.3.2 X\nAll unexpired, un-revoked Certificates that contain the Public "
	    "Key of the CA Key Pair MUST contain an extendedKeyUsage extension.\n",
	    "## 7.1.3.2 X\nAll unexpired, un-revoked Certificates that contain the Public "
	    "Key of the CA Key Pair MUST contain an `extKeyUsage` extension.\n");
	assert_false(c.tags & PW_TAG_EXTANT_CA);
	pw_classification_clear(&c);
}

static void test_malformed(void **state)
{
	static char big[(1u << 20) + 256];
	diff d;
	pw_classification c;
	size_t n;
	(void)state;
	classify_edit(&c, &smime, "SMC99 broken table", "2026-01-01", "SBR.md",
	              "# 1. X\r\ntext\r\n",
	              "# 1. X\r\n| a | Effective |\r\n|---|\r\n| 1 | March 1, 2030 |\r\n"
	              "Effective April 1, 2030 \xff\xfe the CA MUST\r\n");
	assert_int_equal(c.warnings.count, 2);
	assert_non_null(strstr(c.warnings.items[0], "not a valid table"));
	assert_non_null(strstr(c.warnings.items[1], "SBR.md: line 5: invalid UTF-8"));
	assert_true(has_date(&c, "2030-04-01"));
	assert_int_equal(c.ndates, 1);                 /* the broken row is read as prose */
	assert_non_null(strstr(c.dates[0].text, "?")); /* invalid UTF-8 replaced */
	pw_classification_clear(&c);

	memcpy(big, "# 2. Y\n", 7);
	n = 7;
	memset(big + n, 'x', 1u << 20);
	n += 1u << 20;
	memcpy(big + n, " effective 2030-01-01 | \0 #\n", 28);
	n += 28;
	big[n] = '\0';
	make_diff(&d, "SBR.md", "# 2. Y\n", "# 2. Y\nshort\n");
	d.lines[0].content = big + 7; /* the 1 MB line replaces "short" */
	d.lines[0].len = n - 8;
	d.doc.new_text = big;
	d.doc.new_len = n;
	classify(&c, &smime, "SMC99", "2026-01-01", &d);
	assert_string_equal(c.sections.items[0], "2");
	assert_int_equal(c.warnings.count, 2);
	assert_non_null(strstr(c.warnings.items[0], "NUL bytes"));
	assert_non_null(strstr(c.warnings.items[1], "longer than 64 KiB"));
	pw_classification_clear(&c);
}

/* A draft that changes only the version of a standard a requirement cites
 * (kinds.json "references": "RFC 7482" -> "RFC 9082", "Version 1.7" dropped
 * so that the current NCSSR applies) proposes a requirement: kind ballot,
 * not left out as editorial (servercert's whois-rfc and
 * update-ncssr-reference). A reference only turned into a link, a typo or a
 * deleted line proposes nothing; an adopted change of the same lines stays
 * editorial. */
static void test_draft_changes_reference(void **state)
{
	static const char base[] =
	    "# S/MIME Baseline Requirements\n\n## 1.6.3 References\n\n"
	    "Network and Certificate System Security Requirements, Version 1.7, available at "
	    "<https://cabforum.org/network-security-requirements/>\n\n"
	    "**WHOIS**: Information retrieved directly from the Domain Name Registrar via the "
	    "protocol defined in RFC 3912, the Registry Data Access Protocol defined in RFC 7482, "
	    "or an HTTPS website.\n";
	static const struct {
		const char *from, *to;
		int proposes;
	} cases[] = {
	    {"Requirements, Version 1.7, available", "Requirements, available", 1},
	    {"defined in RFC 7482,", "defined in RFC 9082,", 1},
	    {"defined in RFC 7482,", "defined in RFC9082,", 1},
	    {"defined in RFC 7482,",
	     "defined in [RFC 7482](https://datatracker.ietf.org/doc/html/rfc7482),", 0},
	    {"retrieved directly", "retreived directly", 0},
	    {"Version 1.7", "version 1.7", 0},
	};
	static char edit[2048];
	pw_classification c;
	diff d;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p;
		size_t n = strlen(cases[i].from);
		strcpy(edit, base);
		assert_non_null(p = strstr(edit, cases[i].from));
		memmove(p + strlen(cases[i].to), p + n, strlen(p + n) + 1);
		memcpy(p, cases[i].to, strlen(cases[i].to));
		make_diff(&d, "SBR.md", base, edit);
		classify_draft(&c, &smime, "update-reference", "Update reference", &d);
		if (c.superseded != !cases[i].proposes)
			fail_msg("'%s' -> '%s': superseded %d", cases[i].from, cases[i].to,
			         c.superseded);
		if (cases[i].proposes)
			assert_string_equal(c.kind, "ballot");
		pw_classification_clear(&c);
		/* adopted, the same edit is what it was */
		classify(&c, &smime, "Update reference", "2025-07-08", &d);
		assert_string_equal(c.kind, "editorial");
		pw_classification_clear(&c);
	}
	/* a deleted reference is a deletion */
	strcpy(edit, base);
	*strstr(edit, "**WHOIS**") = '\0';
	make_diff(&d, "SBR.md", base, edit);
	classify_draft(&c, &smime, "update-reference", "Update reference", &d);
	assert_int_equal(c.superseded, 1);
	pw_classification_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_smime_ballot),
	    cmocka_unit_test(test_netsec_history_and_prose),
	    cmocka_unit_test(test_reformatted_date_is_not_new),
	    cmocka_unit_test(test_issued_before_is_a_cutoff),
	    cmocka_unit_test(test_blocker_then_trigger),
	    cmocka_unit_test(test_html_row_text),
	    cmocka_unit_test(test_new_section_dates),
	    cmocka_unit_test(test_removed_from_existing_roots),
	    cmocka_unit_test(test_rename_same_words),
	    cmocka_unit_test(test_mozilla_version),
	    cmocka_unit_test(test_revert_and_link),
	    cmocka_unit_test(test_bookkeeping),
	    cmocka_unit_test(test_ballot_follow_up),
	    cmocka_unit_test(test_link_window_equals_whole),
	    cmocka_unit_test(test_versioned_document),
	    cmocka_unit_test(test_apple_rule_version_date),
	    cmocka_unit_test(test_drafts_of_versions),
	    cmocka_unit_test(test_draft_changes_reference),
	    cmocka_unit_test(test_self_assessment_versions),
	    cmocka_unit_test(test_version_date_unreadable),
	    cmocka_unit_test(test_table_unreadable),
	    cmocka_unit_test(test_bump_carries_derived),
	    cmocka_unit_test(test_bad_deadline_rules),
	    cmocka_unit_test(test_kind_words_are_rules),
	    cmocka_unit_test(test_bad_kind_rules),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_changelog_file),
	    cmocka_unit_test(test_root_program_section_tags),
	    cmocka_unit_test(test_pkipolicy_ccadb_copy),
	    cmocka_unit_test(test_live_unversioned_edit),
	    cmocka_unit_test(test_ev_by_oid_and_row),
	    cmocka_unit_test(test_wrapped_with_unchanged_line),
	    cmocka_unit_test(test_lead_ins_and_renumbering),
	    cmocka_unit_test(test_mozilla_line_types),
	    cmocka_unit_test(test_mozilla_audit_signals),
	    cmocka_unit_test(test_several_ballots_one_version),
	    cmocka_unit_test(test_missing_signals),
	    cmocka_unit_test(test_novel_and_wrapped_wording),
	    cmocka_unit_test(test_audit_wording),
	    cmocka_unit_test(test_root_program_wording),
	    cmocka_unit_test(test_older_servercert_signals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
