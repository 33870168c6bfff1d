/* Forms: hostile upstream text is escaped in Markdown and HTML, a form holds
 * nothing of other TSPs, the print layout, dates and ids. */
#include "testutil.h"
#include "util/day.h"

#include "scratch.h"

#include "util/error.h"
#include "util/pdf.h"
#include "tsp/careading.h"
#include "tsp/form.h"
#include "tsp/obligation.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#define EVIL "<script>alert(1)</script> \"><img src=x onerror=alert(2)> [x](javascript:y) &amp;"

static pw_tsps tsps;
static const pw_tsp *ministry;
static char *sections[] = {"4.3.1.2", "<i>9</i>"};
static pw_effective_date dates[1];
static pw_changeset_item items[2];
static char *named[] = {"ministry-pki", "northwind-trust"};
static pw_ledger_entry entries[2];
/* SMC-12's terms: hostile upstream text, one long unbreakable word, an
 * altered definition; SMC-10 names the first again (quoted once) */
static pw_term_ref terms[3] = {
    {"Evil <b>Term</b> @everyone", "SBR.md", "1.6.1",
     "A thing " EVIL "\n\n   1. item https://evil.example/a www.evil.example\n"
     "      a. Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     NULL, 1},
    {"Registration Reference", "SBR.md", "1.6.1", "An identifier.", "A unique identifier.", 1},
    {"Legal Entity", "SBR.md", "1.6.1", "An association.", NULL, 0},
};
static pw_applicable_list list;

static int setup(void **state)
{
	(void)state;
	if (pw_tsps_load(&tsps, tu_src_path("examples/compliance")) < 0 ||
	    !(ministry = pw_tsps_find(&tsps, "ministry-pki")))
		return -1;
	memcpy(dates[0].date, "2025-09-15", 11);
	dates[0].sections.items = sections;
	dates[0].sections.count = 1;
	dates[0].text = "SHALL <b>implement</b> linting " EVIL;
	items[0].change.id = "cabforum-smime@3340d6159641";
	items[0].change.source = "cabforum-smime";
	memcpy(items[0].change.date, "2025-07-02", 11);
	items[0].change.subject = "v1.0.10 - Ballot SMC012 " EVIL;
	items[0].change.url = "https://github.com/cabforum/smime/commit/3340d6159641";
	items[0].change.cls.ballot = "SMC-12";
	items[0].change.cls.sections.items = sections;
	items[0].change.cls.sections.count = 2;
	items[0].change.cls.dates = dates;
	items[0].change.cls.ndates = 1;
	items[0].change.cls.terms = terms;
	items[0].change.cls.nterms = 3;
	items[1].change.cls.terms = terms;
	items[1].change.cls.nterms = 1;
	items[1].change.id = "cabforum-smime@ccbc0c2c7971";
	items[1].change.source = "cabforum-smime";
	memcpy(items[1].change.date, "2024-12-23", 11);
	items[1].change.subject = "Ballot SMC010";
	items[1].change.url = "https://evil.example/\"><script>";
	entries[0].change = items[0].change.id;
	entries[0].decision = "applicable";
	entries[0].tsps = named; /* names another TSP too */
	entries[0].ntsps = 2;
	entries[0].note = "Northwind Trust Services is late: chase Pieter";
	entries[0].officer_name = "Maria Jansen";
	entries[0].time = "2025-07-03T09:00:00Z";
	entries[1] = entries[0];
	entries[1].change = items[1].change.id;
	entries[1].ntsps = 0;
	list.items = calloc(2, sizeof(*list.items));
	list.count = 2;
	list.items[0].item = &items[0];
	list.items[0].entry = &entries[0];
	list.items[0].why.reason = "named in the officer's sign-off";
	memcpy(list.items[0].effective, "2025-09-15", 11);
	list.items[1].item = &items[1];
	list.items[1].entry = &entries[1];
	list.items[1].why.reason = "issues smime certificates";
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(list.items);
	pw_tsps_clear(&tsps);
	return 0;
}

static void render(pw_form *f, pw_buf *md, pw_buf *html)
{
	assert_int_equal(pw_form_init(f, ministry, &list, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(md, f), 0);
	assert_int_equal(pw_form_html(html, f, md->ptr, md->len), 0);
}

static int count(const char *s, const char *what)
{
	int n = 0;
	while ((s = strstr(s, what)) != NULL)
		n++, s++;
	return n;
}

static void test_upstream_html_is_escaped(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	(void)state;
	render(&f, &md, &html);
	/* one script: the form's own, after the content */
	assert_int_equal(count(html.ptr, "<script"), 1);
	assert_non_null(strstr(html.ptr, "</form>\n<script>\n(function () {"));
	assert_null(strstr(html.ptr, "<script>alert"));
	assert_null(strstr(html.ptr, "<img"));
	assert_null(strstr(html.ptr, "<b>"));
	assert_null(strstr(html.ptr, "<i>"));
	assert_null(strstr(html.ptr, "href=\"javascript"));
	assert_null(strstr(html.ptr, "raw HTML omitted"));
	assert_null(strstr(html.ptr, "evil.example/\""));
	/* the text is there, as text */
	assert_non_null(strstr(html.ptr, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html.ptr, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
	assert_non_null(strstr(html.ptr, "&amp;amp;"));
	assert_non_null(strstr(html.ptr, "SHALL &lt;b&gt;implement&lt;/b&gt;"));
	/* a plain link is a link */
	assert_non_null(
	    strstr(html.ptr, "<a href=\"https://github.com/cabforum/smime/commit/3340d6159641\">"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* Defined terms: named per change, quoted once at the end; hostile text
 * stays text (no HTML, no links, mentions only as text). */
static void test_terms(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	const char *part;
	(void)state;
	render(&f, &md, &html);
	assert_non_null(strstr(md.ptr, "| Defined terms | Evil \\<b\\>Term\\</b\\> @everyone "
	                               "(**defined by this change**); Registration Reference "
	                               "(**definition changed by this change**); Legal Entity; "
	                               "quoted in full under"));
	assert_non_null(part = strstr(md.ptr, "\n## Terms used\n"));
	assert_true(part > strstr(md.ptr, "\n## 2. Ballot SMC010"));
	assert_true(part < strstr(md.ptr, "\n## Declaration and signature\n"));
	/* each term once, though both changes name the first */
	assert_int_equal(count(part, "**Evil \\<b\\>Term"), 1);
	assert_non_null(strstr(part, "**Registration Reference** (SBR.md 1.6.1)\n\nBefore change "
	                             "1:\n\n> A unique identifier.\n\nAfter change 1:\n\n> An "
	                             "identifier.\n"));
	assert_non_null(strstr(part, "\n>    1. item https://evil.example/a"));
	part = strstr(html.ptr, "<h2>Terms used</h2>");
	assert_non_null(part);
	assert_null(strstr(part, "<a "));
	assert_null(strstr(part, "<b>"));
	assert_null(strstr(part, "<script>alert"));
	assert_null(strstr(part, "<img"));
	assert_non_null(strstr(part, "<blockquote>"));
	assert_non_null(strstr(part, "<li>item https://evil.example/a"));
	assert_non_null(strstr(part, "Evil &lt;b&gt;Term&lt;/b&gt; @everyone"));
	/* a long word wraps inside the quote (print CSS) */
	assert_non_null(strstr(html.ptr, "blockquote{"));
	assert_non_null(strstr(strstr(html.ptr, "blockquote{"), "overflow-wrap:anywhere"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

static void test_nothing_of_other_tsps(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	const char *bad[] = {"northwind", "Northwind", "Pieter", "chase", "codeworks", "Codeworks"};
	size_t i;
	(void)state;
	render(&f, &md, &html);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (strstr(md.ptr, bad[i]) || strstr(html.ptr, bad[i]))
			fail_msg("the ministry's form mentions '%s'", bad[i]);
	}
	assert_non_null(strstr(md.ptr, "Ministry of the Interior PKI Service"));
	assert_non_null(strstr(md.ptr, "a.lindqvist@interior.example"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

static void test_layout(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	const char *p, *first, *second;
	(void)state;
	render(&f, &md, &html);
	assert_string_equal(f.generated, "2025-03-01");
	assert_string_equal(f.reply_by, "2025-03-31");
	assert_int_equal(strncmp(f.id, "ministry-pki-20250301-", 22), 0);
	assert_int_equal(strlen(f.id), 30);
	/* header, the changes in the list's order, the three questions each, signature */
	assert_non_null(strstr(md.ptr, "| Form | `ministry-pki-20250301-"));
	assert_non_null(strstr(md.ptr, "| Reply by | **2025-03-31** |"));
	assert_non_null(strstr(md.ptr,
	                       "| # | Change | Earliest effective date |\n|---|---|---|\n"
	                       "| 1 | SMC-12: v1.0.10 - Ballot SMC012 \\<script\\>alert(1)"));
	assert_non_null(strstr(md.ptr, " | 2025-09-15 |\n| 2 | Ballot SMC010 | none stated |\n"));
	first = strstr(md.ptr, "\n## 1. SMC-12: v1.0.10");
	second = strstr(md.ptr, "\n## 2. Ballot SMC010");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_non_null(strstr(md.ptr, "| Sections changed | 4.3.1.2, \\<i\\>9\\</i\\> |"));
	assert_non_null(strstr(md.ptr, "- **2025-09-15** (sections 4.3.1.2): SHALL"));
	assert_non_null(strstr(md.ptr, "- none stated"));
	for (p = md.ptr; (p = strstr(p, "| 1. Expected impact |")) != NULL; p++)
		assert_non_null(strstr(p, "| 2. Implementation time (days) |"));
	assert_non_null(strstr(second, "| 3. Can the effective date be met? |"));
	assert_non_null(strstr(md.ptr, "\n## Declaration and signature\n"));
	/* HTML: one document, tables, print CSS, no external assets */
	assert_int_equal(strncmp(html.ptr, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
	assert_non_null(strstr(html.ptr, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html.ptr, "size:A4"));
	assert_non_null(strstr(html.ptr, "h2{font-size:13.5pt;break-before:page"));
	assert_non_null(strstr(html.ptr, "counter(page)"));
	assert_non_null(strstr(html.ptr, "counter(pages)"));
	assert_non_null(strstr(html.ptr, "<table>"));
	assert_null(strstr(html.ptr, "<link"));
	assert_null(strstr(html.ptr, "src=\""));
	assert_null(strstr(html.ptr, "<img"));
	assert_int_equal(count(html.ptr, "<script"), 1); /* inline, no src */
	assert_null(strstr(html.ptr, "@import"));
	assert_null(strstr(html.ptr, "http://"));
	/* the answers are form controls, one set per change; the paper marks are gone */
	assert_non_null(strstr(html.ptr, "<form id=\"pw-answers\" autocomplete=\"off\" "
	                                 "data-tsp=\"ministry-pki\" data-form=\"ministry-pki-"
	                                 "20250301-"));
	assert_non_null(strstr(html.ptr, " data-changes=\"2\""));
	assert_non_null(strstr(html.ptr, "<input type=\"hidden\" name=\"c1-change\" "
	                                 "value=\"cabforum-smime@3340d6159641\">"));
	assert_non_null(
	    strstr(html.ptr, "name=\"c2-change\" value=\"cabforum-smime@ccbc0c2c7971\""));
	assert_int_equal(count(html.ptr, "type=\"radio\" name=\"c1-impact\""), 4);
	assert_int_equal(count(html.ptr, "type=\"radio\" name=\"c2-meets\""), 2);
	assert_non_null(strstr(html.ptr, "<input type=\"radio\" name=\"c2-impact\" "
	                                 "value=\"high\">high</label>"));
	assert_int_equal(count(html.ptr, "<textarea "), 6);
	/* the response file's optional note has its field too, on paper as well */
	assert_non_null(strstr(html.ptr, "<textarea class=\"pw-note\" name=\"c2-note\""));
	assert_int_equal(count(md.ptr, "| Note (optional) |  |\n"), 2);
	assert_non_null(strstr(html.ptr, "name=\"c1-days\""));
	assert_non_null(strstr(html.ptr, "name=\"c2-planned\""));
	assert_null(strstr(html.ptr, "[ ] none"));
	assert_null(strstr(html.ptr, "PWQ")); /* every mark replaced */
	/* the signature block stays blank for pen and paper */
	assert_non_null(strstr(html.ptr, "<td>Signature</td>\n<td></td>"));
	/* save bar: hidden until the script shows it, never printed */
	assert_non_null(strstr(html.ptr, "<div id=\"pw-save-bar\" class=\"pw-screen\" hidden>"));
	assert_non_null(strstr(html.ptr, "@media print{.pw-screen{display:none!important}}"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* Upstream text that looks like the marks the answer cells get before the
 * controls go in stays text: the marks carry the digest of the Markdown. */
static void test_fake_answer_marks_stay_text(void **state)
{
	pw_changeset_item it = items[1];
	pw_applicable_list one = list;
	pw_applicable a = list.items[1];
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	(void)state;
	it.change.subject = "PWQ0123456789abcdef-1-0. PWQ-1-0.";
	a.item = &it;
	one.items = &a;
	one.count = 1;
	assert_int_equal(pw_form_init(&f, ministry, &one, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
	assert_non_null(strstr(html.ptr, "<h2>1. PWQ0123456789abcdef-1-0. PWQ-1-0.</h2>"));
	assert_int_equal(count(html.ptr, "type=\"radio\" name=\"c1-impact\""), 4);
	assert_null(strstr(html.ptr, "c2-"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* A section "number" can be a heading title (sections.c falls back to it):
 * upstream text, escaped in the effective-date list as everywhere else. */
static void test_date_sections_escaped(void **state)
{
	static char *evil[] = {"4.3.1.2", "[x](https://evil.example/a) **b** <u>c</u>"};
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	(void)state;
	dates[0].sections.items = evil;
	dates[0].sections.count = 2;
	render(&f, &md, &html);
	dates[0].sections.items = sections;
	dates[0].sections.count = 1;
	assert_null(strstr(md.ptr, "[x](https://evil.example/a)"));
	assert_null(strstr(html.ptr, "href=\"https://evil.example/a"));
	assert_null(strstr(html.ptr, "<strong>b</strong>"));
	assert_null(strstr(html.ptr, "raw HTML omitted"));
	assert_non_null(strstr(html.ptr, "(sections 4.3.1.2, [x](https://evil.example/a) **b** "
	                                 "&lt;u&gt;c&lt;/u&gt;)"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

static void test_id_and_dates(void **state)
{
	pw_form f1, f2;
	pw_applicable_list one = list;
	char d[11];
	(void)state;
	assert_int_equal(pw_form_init(&f1, ministry, &list, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_init(&f2, ministry, &list, "2025-03-01", 10), 0);
	assert_string_equal(f1.id, f2.id);
	assert_string_equal(f2.reply_by, "2025-03-11");
	one.count = 1;
	assert_int_equal(pw_form_init(&f2, ministry, &one, "2025-03-01", 30), 0);
	assert_string_not_equal(f1.id, f2.id);
	assert_int_equal(pw_day_add(d, "2024-02-28", 1), 0);
	assert_string_equal(d, "2024-02-29");
	assert_int_equal(pw_day_add(d, "2025-12-15", 30), 0);
	assert_string_equal(d, "2026-01-14");
	assert_int_equal(pw_day_add(d, "2025-1-15", 1), PW_EINPUT);
	assert_int_equal(pw_day_add(d, "yesterday!", 1), PW_EINPUT);
	assert_int_equal(pw_form_init(&f1, ministry, &list, "03/01/2025", 30), PW_EINPUT);
}

/* A change tagged extant-ca asks per CA in the HTML form too: the CA's name
 * (escaped) in a hidden field, yes/no/unsure, reason, action and by when;
 * another change asks nothing per CA. */
static void test_per_ca_controls(void **state)
{
	pw_tsp t = *ministry;
	pw_tsp_ca cas[2];
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_tagset tags = items[0].change.cls.tags;
	(void)state;
	assert_true(ministry->ncas >= 1);
	cas[0] = ministry->cas[0];
	cas[1] = ministry->cas[0];
	cas[1].name = "CA \"<b>2</b>\" & co";
	t.cas = cas;
	t.ncas = 2;
	items[0].change.cls.tags |= PW_TAG_EXTANT_CA;
	assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
	items[0].change.cls.tags = tags;
	assert_int_equal(count(md.ptr, "| Falls under the changed requirement? |"), 2);
	assert_non_null(strstr(html.ptr,
	                       "<input type=\"hidden\" name=\"c1-ca1-name\" value=\"Interior "
	                       "Secure Mail CA 2019\">"));
	assert_non_null(strstr(html.ptr, "<input type=\"hidden\" name=\"c1-ca2-name\" value=\"CA "
	                                 "&quot;&lt;b&gt;2&lt;/b&gt;&quot; &amp; co\">"));
	assert_int_equal(count(html.ptr, "type=\"radio\" name=\"c1-ca1-falls\""), 3);
	assert_int_equal(count(html.ptr, "type=\"radio\" name=\"c1-ca2-falls\""), 3);
	assert_non_null(strstr(html.ptr, "<input type=\"radio\" name=\"c1-ca2-falls\" "
	                                 "value=\"unsure\">unsure</label>"));
	assert_non_null(strstr(html.ptr, "<textarea name=\"c1-ca1-reason\""));
	assert_non_null(strstr(html.ptr, "<textarea name=\"c1-ca2-action\""));
	assert_non_null(strstr(html.ptr, "by (date) <input type=\"text\" class=\"pw-days\" "
	                                 "name=\"c1-ca2-by\""));
	/* the indicative reading row keeps its text; no paper boxes left */
	assert_non_null(strstr(html.ptr, "<td>Indicative reading (please confirm)</td>"));
	assert_null(strstr(html.ptr, "[ ] unsure"));
	assert_null(strstr(html.ptr, "PWQ"));
	assert_null(strstr(html.ptr, "c2-ca"));
	assert_non_null(
	    strstr(html.ptr, " data-q-ca-falls=\"Falls under the changed requirement?\""));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

static void test_language_without_text(void **state)
{
	pw_tsp t = *ministry;
	pw_form f;
	(void)state;
	strcpy(t.language, "de");
	assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "ministry-pki.json: $.language: no form text for "
	                                        "'de' (forms exist in: en, nl)"));
}

/* A very long definition (synthetic: 30 numbered criteria with lettered
 * sub-items, a paragraph indented like code after a blank line, a 400-character
 * word, a long URL and code span, table pipes) printed to PDF by the installed
 * renderer: nothing of it beyond the 18 mm left and right margins, words
 * (pdftotext -bbox) and ink (tests/pdf_margins.py), on every page. The pages
 * are left as PNG next to the test binary for a human to look at. */
static void test_long_definition_margins(void **state)
{
	pw_term_ref long_term[1] = {{"Extant Very Long CA", "SBR.md", "1.6.1", NULL, NULL, 0}};
	pw_changeset_item it = items[0];
	pw_applicable one_item = list.items[0];
	pw_applicable_list one = {.items = &one_item, .count = 1};
	pw_buf def = PW_BUF_INIT, md = PW_BUF_INIT, html = PW_BUF_INIT;
	char *renderer = NULL, *hpath, *ppath, *out = NULL, *bin;
	pw_form f;
	int kind, i;
	(void)state;
	if (pw_pdf_find(&renderer, &kind) < 0) {
		const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
		if (r && *r == '1')
			fail_msg(
			    "PKIWATCH_REQUIRE_REAL_DATA=1 but no PDF renderer (make test-deps)");
		print_message("skipped: chromium or weasyprint is needed (make test-deps)\n");
		skip();
	}
	assert_int_equal(pw_buf_puts(&def, "A Subordinate CA that, for the purposes of these "
	                                   "Requirements, meets every one of the following:\n"
	                                   "\n          An indented paragraph after a blank "
	                                   "line, as Markdown would make a code block of it, "
	                                   "which would not wrap at the margin at all if it "
	                                   "were printed as preformatted text on the page.\n"),
	                 0);
	for (i = 1; i <= 30; i++)
		assert_int_equal(
		    pw_buf_printf(&def,
		                  "   %d. Is a Publicly-Trusted Subordinate CA Certificate whose "
		                  "notBefore is before 2023-09-01, whose extKeyUsage includes "
		                  "id-kp-emailProtection, and that is operated by the same "
		                  "organisation as criterion %d;\n"
		                  "      a. except where the policy qualifier of type UserNotice "
		                  "says otherwise;\n",
		                  i, i - 1),
		    0);
	assert_int_equal(pw_buf_puts(&def, "\nSee "), 0);
	for (i = 0; i < 400; i++)
		assert_int_equal(pw_buf_putc(&def, (char)('a' + i % 26)), 0);
	assert_int_equal(pw_buf_puts(&def, " and https://example.org/"), 0);
	for (i = 0; i < 30; i++)
		assert_int_equal(pw_buf_puts(&def, "very-long-path-segment/"), 0);
	assert_int_equal(pw_buf_puts(&def, " with `certificatePoliciesanyPolicyIdentifier"
	                                   "ThatIsNotAllowedInExtantCertificatesAtAllEver` "
	                                   "| a | b | c |\n"),
	                 0);
	long_term[0].definition = def.ptr;
	it.change.cls.terms = long_term;
	it.change.cls.nterms = 1;
	one_item.item = &it;
	assert_int_equal(pw_form_init(&f, ministry, &one, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
	/* quoted in full, nothing as preformatted text */
	assert_non_null(strstr(html.ptr, "criterion 29;"));
	assert_non_null(strstr(html.ptr, "An indented paragraph after a blank line"));
	assert_null(strstr(html.ptr, "<pre"));
	scratch_new();
	hpath = scratch_path("long.html");
	ppath = scratch_path("long.pdf");
	tu_write(hpath, html.ptr);
	assert_int_equal(pw_pdf_render(renderer, kind, hpath, ppath, NULL), 0);
	assert_int_equal(tu_sh(&out, NULL, "python3 '%s' '%s' 18 18",
	                       tu_src_path("tests/pdf_margins.py"), ppath),
	                 0);
	assert_string_equal(out, "margins ok\n");
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "pdftotext '%s' - | tr -s ' \\n' ' '", ppath), 0);
	assert_non_null(strstr(out, "criterion 29;"));
	free(out);
	bin = strdup(tu_bin());
	assert_int_equal(tu_sh(NULL, NULL, "pdftoppm -png -r 60 '%s' '%s/form-long-definition'",
	                       ppath, dirname(bin)),
	                 0);
	free(bin);
	free(hpath);
	free(ppath);
	free(renderer);
	pw_buf_clear(&def);
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* Every statement of every date, sorted by date; dates already past on the
 * day of the form are "in force since" and question 3 asks whether the TSP
 * is compliant (issue 15). */
static void test_dates_every_statement_and_past(void **state)
{
	static char *s421[] = {"4.2.1"}, *s632[] = {"6.3.2"}, *s11[] = {"1.1"};
	pw_date_item items26[2] = {
	    {{s421, 1}, "4.2.1 Subject Identity Information data reuse period is 398 days."},
	    {{s632, 1}, "6.3.2 Maximum validity period is 200 days."}};
	pw_effective_date ds[2];
	pw_changeset_item it = items[1];
	pw_applicable one_item = list.items[1];
	pw_applicable_list one = {.items = &one_item, .count = 1};
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	const char *a, *b, *c;
	(void)state;
	memset(ds, 0, sizeof(ds));
	memcpy(ds[0].date, "2026-03-15", 11);
	ds[0].text = items26[0].text;
	ds[0].items = items26;
	ds[0].nitems = 2;
	memcpy(ds[1].date, "2024-09-15", 11);
	ds[1].sections.items = s11;
	ds[1].sections.count = 1;
	ds[1].text = "Effective September 15, 2024 <b>x</b>";
	it.change.cls.dates = ds;
	it.change.cls.ndates = 2;
	one_item.item = &it;
	assert_int_equal(pw_form_init(&f, ministry, &one, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	a = strstr(md.ptr,
	           "- **in force since 2024-09-15** (sections 1.1): Effective September 15, "
	           "2024 \\<b\\>x\\</b\\>\n");
	b = strstr(md.ptr, "- **2026-03-15** (sections 4.2.1): 4.2.1 Subject Identity Information "
	                   "data reuse period is 398 days.\n");
	c = strstr(md.ptr,
	           "- **2026-03-15** (sections 6.3.2): 6.3.2 Maximum validity period is 200 "
	           "days.\n");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(md.ptr, "| 3. Compliant with what is in force since 2024-09-15, and "
	                               "can 2026-03-15 be met? | \\[ \\] yes \\[ \\] no |"));
	assert_null(strstr(md.ptr, "Can the effective date be met?"));
	pw_buf_reset(&md);
	/* all past: compliant since the latest */
	memcpy(ds[0].date, "2025-02-01", 11);
	assert_int_equal(pw_form_init(&f, ministry, &one, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_non_null(
	    strstr(md.ptr, "| 3. In force since 2025-02-01: are you compliant? | \\[ \\] yes"));
	assert_non_null(strstr(md.ptr, "- **in force since 2025-02-01** (sections 6.3.2)"));
	/* the HTML question asks the same; the table is kept on one page */
	assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
	assert_non_null(strstr(html.ptr, "<div class=\"pw-questions\">\n<p><strong>Questions"
	                                 "</strong></p>\n<table>"));
	assert_non_null(
	    strstr(html.ptr, "<td>3. In force since 2025-02-01: are you compliant?</td>"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* The authority on every page (CSS-escaped: it cannot end the string or the
 * style element), "Confidential" there too, the issuing officer in the
 * header; question and per-CA tables kept on one page each. */
static void test_print_page_marks(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_tagset tags = items[0].change.cls.tags;
	(void)state;
	items[0].change.cls.tags |= PW_TAG_EXTANT_CA;
	assert_int_equal(pw_form_init(&f, ministry, &list, "2025-03-01", 30), 0);
	f.authority = "Policy Authority \"PKI\" </style><script>x</script>\\";
	f.officer = "Maria Jansen";
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
	items[0].change.cls.tags = tags;
	assert_non_null(strstr(html.ptr,
	                       "@top-left{content:\"Confidential \xC2\xB7 Policy Authority "
	                       "\\22 PKI\\22  \\3c /style\\3e \\3c script\\3e x\\3c "
	                       "/script\\3e \\5c \";"));
	assert_int_equal(count(html.ptr, "</style>"), 1);
	assert_int_equal(count(html.ptr, "<script"), 1);
	assert_non_null(strstr(html.ptr, "@bottom-center{content:\"Page \" counter(page) \" of \" "
	                                 "counter(pages)"));
	assert_non_null(strstr(md.ptr, "| Policy authority | Policy Authority \"PKI\" "
	                               "\\</style\\>"));
	assert_non_null(strstr(md.ptr, "| Issued by | Maria Jansen |\n"));
	/* two question tables and one per-CA table, each in its own block */
	assert_int_equal(count(html.ptr, "<div class=\"pw-questions\">"), 3);
	assert_non_null(strstr(html.ptr, "<div class=\"pw-questions\">\n<p><em>CA 1:</em>"));
	assert_non_null(strstr(html.ptr, ".pw-questions{break-inside:avoid"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* A TSP whose profile says "language": "nl" gets the whole form in Dutch:
 * every fixed text, the reason it applies, the indicative reading, the
 * controls, the page footer; upstream text stays as written. */
static void test_dutch(void **state)
{
	static const char *const english[] = {"Impact assessment",
	                                      "Confidential",
	                                      "Field",
	                                      "Value",
	                                      "Reply by",
	                                      "Generated",
	                                      "Changes in this form",
	                                      "Change id",
	                                      "Source",
	                                      "Sections changed",
	                                      "Why it applies",
	                                      "issues ",
	                                      "Signed off",
	                                      "Effective dates",
	                                      "none stated",
	                                      "Questions",
	                                      "Question",
	                                      "Answer",
	                                      "Expected impact",
	                                      "Describe the impact",
	                                      "Implementation time",
	                                      "Can the effective date",
	                                      "If no",
	                                      "Note (optional)",
	                                      "Declaration",
	                                      "Signature",
	                                      "Position",
	                                      "Defined terms",
	                                      "Terms used",
	                                      "Before change",
	                                      "After change",
	                                      "Your existing CAs",
	                                      "Indicative reading",
	                                      "indicative",
	                                      "Falls under",
	                                      "Reason",
	                                      "What will be done",
	                                      "adopted",
	                                      "this CA meets",
	                                      "criterion",
	                                      "Policy authority",
	                                      "Issued by",
	                                      "in force since",
	                                      "operates extant CA",
	                                      "\\[ \\] yes",
	                                      "\\[ \\] none"};
	pw_tsp t = *ministry;
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_tagset tags = items[0].change.cls.tags;
	pw_term_ref extant[1] = {
	    {"Extant S/MIME CA", "SBR.md", "1.6.1", "A Subordinate CA that:", NULL, 0}};
	pw_term_ref *old_terms = items[1].change.cls.terms;
	size_t old_n = items[1].change.cls.nterms, i;
	char *reason = NULL;
	(void)state;
	strcpy(t.language, "nl");
	items[0].change.cls.tags |= PW_TAG_EXTANT_CA | PW_TAG_SMIME;
	items[1].change.cls.terms = extant;
	items[1].change.cls.nterms = 1;
	items[1].change.cls.tags |= PW_TAG_EXTANT_CA | PW_TAG_SMIME;
	memcpy(dates[0].date, "2024-09-15", 11); /* past: "van kracht sinds" */
	assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), 0);
	f.authority = "Policy Authority PKIoverheid";
	f.officer = "Maria Jansen";
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
	assert_int_equal(pw_applicability_reason_in(&reason, &items[0], &entries[0], &t, "nl"), 0);
	memcpy(dates[0].date, "2025-09-15", 11);
	items[0].change.cls.tags = tags;
	items[1].change.cls.tags &= ~(PW_TAG_EXTANT_CA | PW_TAG_SMIME);
	items[1].change.cls.terms = old_terms;
	items[1].change.cls.nterms = old_n;
	for (i = 0; i < sizeof(english) / sizeof(english[0]); i++)
		if (strstr(md.ptr, english[i]))
			fail_msg("the Dutch form still says '%s'", english[i]);
	assert_non_null(strstr(md.ptr, "# Formulier impactanalyse\n"));
	assert_non_null(strstr(md.ptr, "| Antwoord uiterlijk | **2025-03-31** |"));
	assert_non_null(strstr(md.ptr, "| Beleidsautoriteit | Policy Authority PKIoverheid |"));
	assert_non_null(strstr(md.ptr, "- **van kracht sinds 2024-09-15** (secties 4.3.1.2)"));
	assert_non_null(strstr(md.ptr, "| 3. Van kracht sinds 2024-09-15: voldoet u hieraan? |"));
	assert_non_null(strstr(md.ptr, "| 1. Verwachte impact | \\[ \\] geen \\[ \\] laag"));
	assert_non_null(strstr(md.ptr, "| Waarom dit op u van toepassing is | geeft smime-"
	                               "certificaten uit; beheert bestaande CA 'Interior Secure "
	                               "Mail CA 2019' (smime, sinds 2019-04-01) |"));
	assert_non_null(strstr(md.ptr, "| Indicatieve lezing (graag bevestigen) | ja (indicatief): "
	                               "notBefore 2019-04-01 ligt vóór 2023-09-01: deze CA voldoet "
	                               "aan criterium 1 van \"Extant S/MIME CA\" |"));
	assert_non_null(strstr(md.ptr, "\n## Gebruikte begrippen\n"));
	assert_non_null(strstr(md.ptr, "\n## Verklaring en ondertekening\n"));
	/* the HTML: language, controls, page marks */
	assert_int_equal(strncmp(html.ptr, "<!DOCTYPE html>\n<html lang=\"nl\">", 32), 0);
	assert_non_null(strstr(html.ptr, "@top-left{content:\"Vertrouwelijk \xC2\xB7 Policy"));
	assert_non_null(
	    strstr(html.ptr, "@bottom-center{content:\"Pagina \" counter(page) \" van \""));
	assert_non_null(strstr(html.ptr, "value=\"medium\">middel</label>"));
	assert_non_null(strstr(html.ptr, "value=\"unsure\">onzeker</label>"));
	assert_non_null(strstr(html.ptr, ">Antwoorden opslaan</button>"));
	assert_non_null(strstr(html.ptr, " data-not-saved=\"Niet opgeslagen; beantwoord nog:\""));
	/* the same reason through the library call */
	assert_non_null(reason);
	assert_string_equal(reason, "genoemd in de vaststelling door de functionaris");
	free(reason);
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* The officer's note for the TSPs ("what this means for you") opens the
 * change's part, quoted and escaped, in the form's language; the internal
 * sign-off note stays out. Each change is named by ballot and title, in the
 * contents list and its heading, the ballot said once. */
static void test_note_and_titles(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_tsp t = *ministry;
	const char *p;
	(void)state;
	entries[1].tsp_note = "Your S/MIME CAs must lint <b>before</b> issuing @everyone.\n\n"
	                      "Plan it with your auditor.";
	items[1].change.cls.ballot = "SMC-10";
	items[1].change.subject = "Ballot SMC010 - Introduction of CAA for S/MIME";
	render(&f, &md, &html);
	/* contents: ballot and title; the ballot once */
	assert_non_null(
	    strstr(md.ptr, "| 2 | SMC-10: Introduction of CAA for S/MIME | none stated |"));
	assert_non_null(strstr(md.ptr, "\n## 2. SMC-10: Introduction of CAA for S/MIME\n"));
	/* the note, right under the heading, before the change's table */
	p = strstr(md.ptr,
	           "\n## 2. SMC-10: Introduction of CAA for S/MIME\n\n**What this means for "
	           "you**\n\n> Your S/MIME CAs must lint \\<b\\>before\\</b\\> issuing "
	           "@everyone.");
	assert_non_null(p);
	assert_true(strstr(p, "Plan it with your auditor.") < strstr(p, "| Change id |"));
	/* change 1 has no note for the TSPs: no such part */
	p = strstr(md.ptr, "\n## 1. ");
	assert_true(strstr(p, "What this means for you") > strstr(p, "\n## 2. "));
	assert_null(strstr(md.ptr, "chase Pieter"));
	assert_non_null(strstr(html.ptr, "<blockquote>\n<p>Your S/MIME CAs must lint "
	                                 "&lt;b&gt;before&lt;/b&gt; issuing @everyone."));
	assert_non_null(strstr(html.ptr, "<p>Plan it with your auditor.</p>\n</blockquote>"));
	pw_buf_clear(&md);
	pw_buf_clear(&html);
	/* in Dutch */
	strcpy(t.language, "nl");
	assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), 0);
	assert_int_equal(pw_form_markdown(&md, &f), 0);
	assert_non_null(strstr(md.ptr, "\n\n**Wat dit voor u betekent**\n\n> Your S/MIME CAs"));
	assert_null(strstr(md.ptr, "What this means"));
	entries[1].tsp_note = NULL;
	items[1].change.cls.ballot = NULL;
	items[1].change.subject = "Ballot SMC010";
	pw_buf_clear(&md);
}

/* A date line's section links to its heading (GitHub's anchor) in the
 * change's first document at the change's commit; one without an anchor,
 * or with hostile text, stays text. */
static void test_section_links(void **state)
{
	pw_form f;
	pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
	pw_source src = {.id = "cabforum-smime", .repository = "cabforum/smime"};
	pw_change_doc doc = {"SBR.md"};
	pw_classification *cls = &items[0].change.cls;
	(void)state;
	items[0].source = &src;
	items[0].change.docs = &doc;
	items[0].change.ndocs = 1;
	strcpy(items[0].change.commit, "3340d6159641b5fbe439ac9cd3fe8103f0141a12");
	dates[0].sections.count = 2; /* "4.3.1.2" and "<i>9</i>" */
	assert_int_equal(pw_strlist_add(&cls->anchor_sections, "4.3.1.2"), 0);
	assert_int_equal(pw_strlist_add(&cls->anchors, "4312-linting"), 0);
	render(&f, &md, &html);
	tu_assert_has(md.ptr, "- **2025-09-15** (sections [4.3.1.2](https://github.com/cabforum/"
	                      "smime/blob/3340d6159641b5fbe439ac9cd3fe8103f0141a12/SBR.md"
	                      "#4312-linting), \\<i\\>9\\</i\\>): SHALL");
	tu_assert_has(html.ptr, "<a href=\"https://github.com/cabforum/smime/blob/"
	                        "3340d6159641b5fbe439ac9cd3fe8103f0141a12/SBR.md#4312-linting\">"
	                        "4.3.1.2</a>");
	pw_strlist_clear(&cls->anchor_sections);
	pw_strlist_clear(&cls->anchors);
	dates[0].sections.count = 1;
	items[0].source = NULL;
	items[0].change.docs = NULL;
	items[0].change.ndocs = 0;
	items[0].change.commit[0] = '\0';
	pw_buf_clear(&md);
	pw_buf_clear(&html);
}

/* The criterion's name comes from the rules data in the form's language
 * (rules/extant_cas.json "criterion_texts"), English without an entry; a
 * malformed entry is refused naming the file and the path. */
static void test_criterion_texts(void **state)
{
	pw_careadings *r = NULL;
	pw_careading rd;
	pw_tsp_ca ca = {.name = "CA", .not_before = "2019-04-01", .types = PW_TAG_SMIME};
	pw_term_ref extant[1] = {{"Extant S/MIME CA", "SBR.md", "1.6.1", "A CA.", NULL, 0}};
	pw_classification cls = {.terms = extant, .nterms = 1};
	char *dir;
	(void)state;
	scratch_new();
	scratch_put("rules/extant_cas.json",
	            "{\"readings\": [{\"term\": \"Extant S/MIME CA\", \"criterion\": \"criterion "
	            "1\", \"criterion_texts\": {\"nl\": \"criterium 1\", \"de\": \"Kriterium 1\"}, "
	            "\"types\": [\"smime\"], \"not_before_before\": \"2023-09-01\"}]}");
	dir = scratch_path("rules");
	assert_int_equal(pw_careadings_load(&r, dir), 0);
	assert_int_equal(pw_careading_for(&rd, r, &cls, &ca), 1);
	assert_string_equal(pw_careading_criterion_in(&rd, "nl"), "criterium 1");
	assert_string_equal(pw_careading_criterion_in(&rd, "de"), "Kriterium 1");
	assert_string_equal(pw_careading_criterion_in(&rd, "en"), "criterion 1");
	assert_string_equal(pw_careading_criterion_in(&rd, "fr"), "criterion 1");
	pw_careading_clear(&rd);
	pw_careadings_free(r);
	r = NULL;
	scratch_put(
	    "rules/extant_cas.json",
	    "{\"readings\": [{\"term\": \"T\", \"criterion\": \"c\", \"criterion_texts\": "
	    "{\"nl\": 1}, \"types\": [\"smime\"], \"not_before_before\": \"2023-09-01\"}]}");
	assert_int_equal(pw_careadings_load(&r, dir), PW_EINPUT);
	assert_null(r);
	assert_non_null(strstr(pw_error_last(),
	                       "extant_cas.json: $.readings[0].criterion_texts.nl: "
	                       "not a text"));
	scratch_put(
	    "rules/extant_cas.json",
	    "{\"readings\": [{\"term\": \"T\", \"criterion\": \"c\", \"criterion_texts\": "
	    "[\"criterium\"], \"types\": [\"smime\"], \"not_before_before\": \"2023-09-01\"}]}");
	assert_int_equal(pw_careadings_load(&r, dir), PW_EINPUT);
	assert_non_null(strstr(pw_error_last(), "$.readings[0].criterion_texts: not an object"));
	free(dir);
}

/* "Your obligations" asks each open obligation's status (issue 12): the
 * Markdown question, the HTML controls (the id hidden in o1-id, four
 * statuses, evidence, date, comment) and the save script's attributes; in
 * English and in Dutch (no English left in that part); another TSP's
 * obligation and a met one are not asked. */
static void test_obligation_question(void **state)
{
	static char *changes[] = {"cabforum-smime@750290055cf5", NULL};
	pw_obligation_milestone ms[1];
	pw_obligation obs_items[3];
	pw_obligations obs = {obs_items, 3};
	pw_tsp t = *ministry;
	int lang;
	(void)state;
	memset(obs_items, 0, sizeof(obs_items));
	memset(ms, 0, sizeof(ms));
	ms[0].what = "auditor engaged";
	strcpy(ms[0].due, "2025-05-04");
	for (int k = 0; k < 3; k++) {
		obs_items[k].id = k == 0 ? "ob-ministry-pki-412e6e65" : "ob-other-00000000";
		obs_items[k].tsp = k == 1 ? "northwind-trust" : "ministry-pki";
		obs_items[k].what = k == 0 ? "Scope-extension audit" : "Not asked";
		strcpy(obs_items[k].due, "2025-09-01");
		obs_items[k].changes = changes;
		obs_items[k].milestones = ms;
		obs_items[k].nmilestones = 1;
		obs_items[k].status = k == 2 ? PW_OBLIGATION_MET : PW_OBLIGATION_OPEN;
	}
	for (lang = 0; lang < 2; lang++) {
		pw_form f;
		pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
		strcpy(t.language, lang ? "nl" : "en");
		assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), 0);
		f.obligations = &obs;
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
		tu_assert_lacks(md.ptr, "Not asked");
		if (!lang) {
			tu_assert_has(md.ptr, "\n## Your obligations\n");
			tu_assert_has(md.ptr,
			              "\n**Your status**\n\n| Question | Answer |\n|---|---|\n"
			              "| Where do you stand? | \\[ \\] not started \\[ \\] in "
			              "progress \\[ \\] done \\[ \\] cannot meet |\n");
			tu_assert_has(html.ptr, "data-o-word=\"Obligation\"");
		} else {
			static const char *const english[] = {
			    "Your obligations", "Your status", "Milestone", "Required by",
			    "not started",      "in progress", "Comment",   "evidence"};
			for (size_t i = 0; i < sizeof(english) / sizeof(english[0]); i++)
				tu_assert_lacks(md.ptr, english[i]);
			tu_assert_has(md.ptr, "\n## Uw verplichtingen\n");
			tu_assert_has(md.ptr, "\n**Uw stand van zaken**\n\n| Vraag | Antwoord |\n"
			                      "|---|---|\n| Hoe staat het ervoor? | \\[ \\] niet "
			                      "begonnen \\[ \\] bezig \\[ \\] gereed \\[ \\] niet "
			                      "haalbaar |\n");
			tu_assert_has(md.ptr, "| Mijlpaal 1: auditor engaged | 2025-05-04 |\n");
			tu_assert_has(html.ptr, "data-o-word=\"Verplichting\"");
			tu_assert_has(html.ptr, "value=\"cannot-meet\">niet haalbaar</label>");
		}
		/* one obligation asked: its controls once */
		tu_assert_has(html.ptr, " data-obligations=\"1\"");
		tu_assert_has(
		    html.ptr,
		    "<input type=\"hidden\" name=\"o1-id\" value=\"ob-ministry-pki-412e6e65\">");
		tu_assert_has(html.ptr, "name=\"o1-status\" value=\"not-started\"");
		tu_assert_has(html.ptr, "<textarea name=\"o1-evidence\" rows=\"2\"></textarea>");
		tu_assert_has(html.ptr, "name=\"o1-date\"");
		tu_assert_has(html.ptr, "name=\"o1-comment\"");
		tu_assert_lacks(html.ptr, "o2-");
		tu_assert_lacks(html.ptr, "PWQ"); /* every mark replaced */
		pw_buf_clear(&md);
		pw_buf_clear(&html);
	}
}

/* A form without changes asks about the TSP's obligations only (the annual
 * self-assessment of a TSP no change applies to): its own title, request,
 * count row and declaration, in English and in Dutch; its id comes from the
 * obligations it lists (the same ones: the same id; another TSP's do not
 * count), while a form with changes keeps the id of its changes. */
static void test_obligations_only(void **state)
{
	static char *none[] = {NULL};
	pw_applicable_list empty = {0};
	pw_obligation ob[2];
	pw_obligations obs = {ob, 2}, mine_only = {ob, 1};
	pw_tsp t = *ministry;
	pw_form f, g;
	char id[96];
	int lang;
	(void)state;
	memset(ob, 0, sizeof(ob));
	for (int k = 0; k < 2; k++) {
		ob[k].id = k ? "ob-northwind-trust-0badcafe" : "ob-ministry-pki-5e1f0a55";
		ob[k].tsp = k ? "northwind-trust" : "ministry-pki";
		ob[k].kind = "self-assessment";
		ob[k].what = k ? "Not asked" : "Annual self-assessment of cabforum-smime:SBR.md";
		strcpy(ob[k].due, "2025-02-15");
		ob[k].changes = none;
		ob[k].status = PW_OBLIGATION_OVERDUE;
	}
	for (lang = 0; lang < 2; lang++) {
		pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
		strcpy(t.language, lang ? "nl" : "en");
		assert_int_equal(pw_form_init(&f, &t, &empty, "2025-03-01", 30), 0);
		memcpy(id, f.id, sizeof(id));
		assert_int_equal(pw_form_ask_obligations(&f, &obs), 0);
		assert_string_not_equal(f.id, id); /* from the obligations now */
		assert_int_equal(strncmp(f.id, "ministry-pki-20250301-", 22), 0);
		assert_true(pw_form_id_valid(f.id, "ministry-pki"));
		assert_int_equal(pw_form_obligation_count(&f), 1);
		assert_string_equal(pw_form_obligation_id(&f, 0), "ob-ministry-pki-5e1f0a55");
		assert_null(pw_form_obligation_id(&f, 1));
		assert_int_equal(pw_form_init(&g, &t, &empty, "2025-03-01", 30), 0);
		assert_int_equal(pw_form_ask_obligations(&g, &mine_only), 0);
		assert_string_equal(g.id, f.id); /* the other TSP's obligation changes nothing */
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
		tu_assert_lacks(md.ptr, "Not asked");
		tu_assert_has(html.ptr, " data-changes=\"0\" data-obligations=\"1\"");
		tu_assert_has(html.ptr, "name=\"o1-id\" value=\"ob-ministry-pki-5e1f0a55\"");
		if (!lang) {
			tu_assert_has(md.ptr, "# Obligations: status form\n");
			tu_assert_has(md.ptr, "| Obligations | 1 |\n");
			tu_assert_has(md.ptr, "The policy authority asks where you stand on your "
			                      "obligations below. For each, please answer under "
			                      "\"Your status\" and return the signed form by "
			                      "**2025-03-31**.\n");
			tu_assert_has(
			    md.ptr, "\n## Declaration and signature\n\nThe answers above about our "
			            "obligations are correct.\n");
			tu_assert_lacks(md.ptr, "Impact assessment");
			tu_assert_lacks(md.ptr, "| Changes |");
			tu_assert_lacks(md.ptr, "Changes in this form");
		} else {
			tu_assert_has(md.ptr, "# Formulier stand van zaken verplichtingen\n");
			tu_assert_has(md.ptr, "| Verplichtingen | 1 |\n");
			tu_assert_has(md.ptr,
			              "De beleidsautoriteit vraagt hoe het ervoor staat met uw "
			              "verplichtingen hieronder.");
			tu_assert_has(md.ptr, "formulier uiterlijk **2025-03-31** terug.\n");
			tu_assert_has(md.ptr, "De bovenstaande antwoorden over onze verplichtingen "
			                      "zijn juist.");
			tu_assert_lacks(md.ptr, "obligations");
			tu_assert_lacks(md.ptr, "Wijzigingen");
		}
		pw_buf_clear(&md);
		pw_buf_clear(&html);
	}
	/* with changes: the id of the changes, the obligations listed besides */
	strcpy(t.language, "en");
	assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), 0);
	memcpy(id, f.id, sizeof(id));
	assert_int_equal(pw_form_ask_obligations(&f, &obs), 0);
	assert_string_equal(f.id, id);
	assert_int_equal(pw_form_obligation_count(&f), 1);
}

/* The reply-by rule with the due dates of the obligations a form asks about
 * (dates worked out by hand): on 2025-03-01, 30 days are 2025-03-31; an open
 * obligation due 2025-03-20 brings it to a week before, 2025-03-13; one due
 * 2025-03-05 to the week's minimum, 2025-03-08, which is not before it: the
 * form names the obligation late; due 2025-04-30 (after the 30 days), due in
 * the past (overdue) or another TSP's: 2025-03-31. On 2025-08-20 with SMC-12
 * (effective 2025-09-15: a week before is 2025-09-08) and an obligation due
 * 2025-09-01: the sooner, a week before 09-01 is 08-25, below the minimum
 * 08-27: 2025-08-27, not late; due 2025-10-01, after it: 2025-09-08. */
static void test_reply_by_obligations(void **state)
{
	static char *none[] = {NULL};
	static const struct {
		const char *tsp, *due, *today, *reply_by, *late;
		int status, changes;
	} cases[] = {
	    {"ministry-pki", "2025-03-20", "2025-03-01", "2025-03-13", "", PW_OBLIGATION_OPEN, 0},
	    {"ministry-pki", "2025-03-05", "2025-03-01", "2025-03-08", "2025-03-05",
	     PW_OBLIGATION_OPEN, 0},
	    {"ministry-pki", "2025-04-30", "2025-03-01", "2025-03-31", "", PW_OBLIGATION_OPEN, 0},
	    {"ministry-pki", "2025-02-15", "2025-03-01", "2025-03-31", "", PW_OBLIGATION_OVERDUE,
	     0},
	    {"northwind-trust", "2025-03-05", "2025-03-01", "2025-03-31", "", PW_OBLIGATION_OPEN,
	     0},
	    {"ministry-pki", "2025-09-01", "2025-08-20", "2025-08-27", "", PW_OBLIGATION_OPEN, 1},
	    {"ministry-pki", "2025-10-01", "2025-08-20", "2025-09-08", "", PW_OBLIGATION_OPEN, 1},
	};
	pw_applicable_list empty = {0};
	pw_obligation ob;
	pw_obligations obs = {&ob, 1};
	pw_form f;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&ob, 0, sizeof(ob));
		ob.id = "ob-x-5e1f0a55";
		ob.tsp = (char *)cases[i].tsp;
		ob.kind = "audit";
		ob.what = "An audit";
		strcpy(ob.due, cases[i].due);
		ob.changes = none;
		ob.status = cases[i].status;
		assert_int_equal(pw_form_init(&f, ministry, cases[i].changes ? &list : &empty,
		                              cases[i].today, 30),
		                 0);
		assert_int_equal(pw_form_ask_obligations(&f, &obs), 0);
		assert_string_equal(f.reply_by, cases[i].reply_by);
		assert_string_equal(f.reply_late, cases[i].late);
		if (cases[i].late[0])
			assert_string_equal(f.reply_late_obligation, "ob-x-5e1f0a55");
		else
			assert_null(f.reply_late_obligation);
	}
	/* an effective date too close: named as such, not as an obligation */
	assert_int_equal(pw_form_init(&f, ministry, &list, "2025-09-10", 30), 0);
	assert_int_equal(pw_form_ask_obligations(&f, &obs), 0);
	assert_string_equal(f.reply_by, "2025-09-17");
	assert_string_equal(f.reply_late, "2025-09-15");
	assert_null(f.reply_late_obligation);
}

/* A record of answers names the obligations the form asked about that no
 * longer apply (pw_form.obligations_gone), under "Your obligations", in the
 * TSP's language; without them the part is left out as before. */
static void test_obligations_gone(void **state)
{
	static const char *const gone[] = {"ob-ministry-pki-0badcafe", "ob-ministry-pki-5e1f0a55"};
	pw_responses none;
	pw_tsp t = *ministry;
	pw_form f;
	int lang;
	(void)state;
	memset(&none, 0, sizeof(none));
	for (lang = 0; lang < 2; lang++) {
		pw_buf md = PW_BUF_INIT;
		strcpy(t.language, lang ? "nl" : "en");
		assert_int_equal(pw_form_init(&f, &t, &list, "2025-03-01", 30), 0);
		f.answers = &none;
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		tu_assert_lacks(md.ptr, lang ? "## Uw verplichtingen" : "## Your obligations");
		pw_buf_reset(&md);
		f.obligations_gone = gone;
		f.nobligations_gone = 2;
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		tu_assert_has(
		    md.ptr,
		    lang ? "\n## Uw verplichtingen\n\n**Niet meer van toepassing (gevraagd "
		           "op dit formulier, maar niet meer afgeleid uit de beoordelingen, "
		           "regels en het profiel zoals die nu zijn; antwoorden daarop staan "
		           "hier niet):** `ob-ministry-pki-0badcafe`, "
		           "`ob-ministry-pki-5e1f0a55`\n"
		         : "\n## Your obligations\n\n**No longer apply (asked on this form, "
		           "but no longer derived from the sign-offs, rules and profile as "
		           "they are now; answers about them are not shown here):** "
		           "`ob-ministry-pki-0badcafe`, `ob-ministry-pki-5e1f0a55`\n");
		pw_buf_clear(&md);
	}
}

/* A record of answers names the changes the form asked about that no longer
 * apply to its TSP (pw_form.changes_gone) after its contents, by id, ballot
 * and title (upstream text escaped), in the TSP's language; a record whose
 * every change is gone stays a record about changes: its title, "Changes: 0",
 * and the list after the introduction. */
static void test_changes_gone(void **state)
{
	static const char *const lead[] = {
	    "**No longer apply (asked on this form, but no longer signed off as applicable to "
	    "you; answers about them are not shown here):**\n\n",
	    "**Niet meer van toepassing (gevraagd op dit formulier, maar niet meer beoordeeld als "
	    "van toepassing op u; antwoorden daarop staan hier niet):**\n\n"};
	const pw_change *gone[] = {&items[0].change, &items[1].change};
	pw_applicable one_item = list.items[1];
	pw_applicable_list one = {.items = &one_item, .count = 1}, left = {.items = NULL};
	pw_responses none;
	pw_tsp t = *ministry;
	char want[1024];
	pw_form f;
	int lang;
	(void)state;
	memset(&none, 0, sizeof(none));
	for (lang = 0; lang < 2; lang++) {
		pw_buf md = PW_BUF_INIT, html = PW_BUF_INIT;
		strcpy(t.language, lang ? "nl" : "en");
		assert_int_equal(pw_form_init(&f, &t, &one, "2025-03-01", 30), 0);
		f.answers = &none;
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		tu_assert_lacks(md.ptr, lead[lang]);
		pw_buf_reset(&md);
		f.changes_gone = gone;
		f.nchanges_gone = 1;
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		snprintf(want, sizeof(want),
		         "| 1 | Ballot SMC010 | %s |\n\n%s- `cabforum-smime@3340d6159641`: SMC-12: "
		         "v1.0.10 - Ballot SMC012 \\<script\\>alert(1)\\</script\\>",
		         lang ? "niet vermeld" : "none stated", lead[lang]);
		tu_assert_has(md.ptr, want);
		assert_int_equal(pw_form_html(&html, &f, md.ptr, md.len), 0);
		tu_assert_lacks(html.ptr, "<img");
		tu_assert_lacks(html.ptr, "<script>alert");
		pw_buf_clear(&html);
		pw_buf_reset(&md);
		/* every change gone */
		assert_int_equal(pw_form_init(&f, &t, &left, "2025-03-01", 30), 0);
		f.answers = &none;
		f.changes_gone = gone;
		f.nchanges_gone = 2;
		assert_int_equal(pw_form_markdown(&md, &f), 0);
		tu_assert_has(md.ptr, lang ? "# Impactanalyse: antwoorden\n"
		                           : "# Impact assessment: answers\n");
		tu_assert_has(md.ptr, lang ? "| Wijzigingen | 0 |\n" : "| Changes | 0 |\n");
		snprintf(want, sizeof(want),
		         "%s\n\n%s- `cabforum-smime@3340d6159641`: SMC-12: v1.0.10",
		         lang ? "geen formulier om in te vullen." : "not a form to fill in.",
		         lead[lang]);
		tu_assert_has(md.ptr, want);
		tu_assert_has(md.ptr, "&amp;\n- `cabforum-smime@ccbc0c2c7971`: Ballot SMC010\n\n");
		pw_buf_clear(&md);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_upstream_html_is_escaped),
	    cmocka_unit_test(test_terms),
	    cmocka_unit_test(test_nothing_of_other_tsps),
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_fake_answer_marks_stay_text),
	    cmocka_unit_test(test_date_sections_escaped),
	    cmocka_unit_test(test_id_and_dates),
	    cmocka_unit_test(test_language_without_text),
	    cmocka_unit_test(test_per_ca_controls),
	    cmocka_unit_test(test_dates_every_statement_and_past),
	    cmocka_unit_test(test_print_page_marks),
	    cmocka_unit_test(test_dutch),
	    cmocka_unit_test(test_obligation_question),
	    cmocka_unit_test(test_obligations_only),
	    cmocka_unit_test(test_reply_by_obligations),
	    cmocka_unit_test(test_obligations_gone),
	    cmocka_unit_test(test_changes_gone),
	    cmocka_unit_test(test_note_and_titles),
	    cmocka_unit_test(test_section_links),
	    cmocka_unit_test_teardown(test_criterion_texts, scratch_teardown),
	    cmocka_unit_test_teardown(test_long_definition_margins, scratch_teardown),
	};
	return cmocka_run_group_tests_name("form", tests, setup, teardown);
}
