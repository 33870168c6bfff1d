/* The section index built from headings. */
#include "testutil.h"

#include "classify/sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sec_at(const pw_section_index *x, int line)
{
	const pw_section *s = pw_sections_at(x, line);
	return s ? s->id : "(none)";
}

static void test_rfc3647_headings(void **state)
{
	const char *doc = "---\n"                                    /* 1 */
	                  "title: X\n"                               /* 2 */
	                  "---\n"                                    /* 3 */
	                  "# 1. INTRODUCTION\n"                      /* 4 */
	                  "text\n"                                   /* 5 */
	                  "### 1.2.1 Revisions\n"                    /* 6 */
	                  "| a | b |\n"                              /* 7 */
	                  "#### Notes without a number\n"            /* 8 */
	                  "in 1.2.1 still\n"                         /* 9 */
	                  "```\n"                                    /* 10 */
	                  "# 9.9 not a heading in code\n"            /* 11 */
	                  "```\n"                                    /* 12 */
	                  "##### 4.9.1.1 Reasons for revoking\n"     /* 13 */
	                  "x\r\n"                                    /* 14 */
	                  "## Appendix A - Something\n"              /* 15 */
	                  "## APPENDIX B: CAA\n"                     /* 16 */
	                  "#hashtag is no heading\n"                 /* 17 */
	                  "### 5.3 Intermediate Certificates ###\n"; /* 18 */
	pw_section_index x;
	size_t n;
	const char *l;
	(void)state;
	assert_int_equal(pw_sections_build(&x, doc, strlen(doc)), 0);
	assert_string_equal(sec_at(&x, 2), "(none)");
	assert_string_equal(sec_at(&x, 5), "1");
	assert_string_equal(sec_at(&x, 7), "1.2.1");
	assert_string_equal(sec_at(&x, 9), "1.2.1");
	assert_string_equal(sec_at(&x, 11), "1.2.1");
	assert_string_equal(sec_at(&x, 14), "4.9.1.1");
	assert_string_equal(pw_sections_at(&x, 14)->title, "Reasons for revoking");
	assert_string_equal(sec_at(&x, 15), "Appendix A");
	assert_string_equal(sec_at(&x, 17), "Appendix B");
	assert_string_equal(sec_at(&x, 18), "5.3");
	assert_string_equal(pw_sections_at(&x, 18)->title, "Intermediate Certificates");
	l = pw_sections_line(&n, &x, 14);
	assert_int_equal(n, 1); /* CR stripped */
	assert_memory_equal(l, "x", 1);
	assert_null(pw_sections_line(&n, &x, 19));
	assert_int_equal(x.nlines, 18);
	pw_sections_clear(&x);
}

/* The anchor of heading line `line` of `doc`. */
static void anchor_is(const char *doc, int line, const char *want)
{
	pw_section_index x;
	char *a = NULL;
	assert_int_equal(pw_sections_build(&x, doc, strlen(doc)), 0);
	assert_int_equal(pw_sections_anchor(&a, &x, pw_sections_at(&x, line)), 0);
	if (strcmp(a, want) != 0)
		fail_msg("anchor of line %d: got '%s', want '%s'", line, a, want);
	free(a);
	pw_sections_clear(&x);
}

/* GitHub's heading anchors, as the upstream documents link to them
 * themselves (BR.md: "#3224-validation-of-domain-authorization-or-control",
 * "#3255-..."), so that a § link opens the section, not the file's top. */
static void test_anchors(void **state)
{
	const char *doc = "# 1. INTRODUCTION\n"                                            /* 1 */
	                  "#### 3.2.2.4 Validation of Domain Authorization or Control\n"   /* 2 */
	                  "##### 3.2.2.5.7 ACME \"tls-alpn-01\" method for IP Addresses\n" /* 3 */
	                  "### 5.3 Intermediate Certificates ###\n"                        /* 4 */
	                  "## 6.1 Caf\xc3\xa9 \xe2\x80\x93 [Key](https://x.example/a) "
	                  "<a name=\"k\"></a>\n"                    /* 5 */
	                  "## 7.1.2.3 `subjectAltName` *and* C#\n"; /* 6 */
	(void)state;
	anchor_is(doc, 1, "1-introduction");
	anchor_is(doc, 2, "3224-validation-of-domain-authorization-or-control");
	anchor_is(doc, 3, "32257-acme-tls-alpn-01-method-for-ip-addresses");
	anchor_is(doc, 4, "53-intermediate-certificates");
	/* other letters percent-encoded; a dash, a link's target and tags go */
	anchor_is(doc, 5, "61-caf%C3%A9--key-");
	anchor_is(doc, 6, "7123-subjectaltname-and-c");
}

/* The NSR: unnumbered headings name their sections. */
static void test_unnumbered_headings(void **state)
{
	const char *doc = "## Introduction\n"
	                  "### Document History\n"
	                  "| v | b |\n"
	                  "## Requirements\n"
	                  "Prior to 2025-11-12, ...\n"
	                  "### 1. CA Infrastructure\n"
	                  "##### 1.1.1\n"
	                  "text";
	pw_section_index x;
	(void)state;
	assert_int_equal(pw_sections_build(&x, doc, strlen(doc)), 0);
	assert_string_equal(sec_at(&x, 3), "Document History");
	assert_string_equal(sec_at(&x, 5), "Requirements");
	assert_string_equal(sec_at(&x, 6), "1");
	assert_string_equal(sec_at(&x, 8), "1.1.1");
	assert_int_equal(x.nlines, 8);
	pw_sections_clear(&x);
}

/* The id of the section line 3 of `doc` is in: "A" when the fence-like line 2
 * opened a code block (so line 3's "# 9 B" is no heading), "9" when it did not. */
static const char *after(const char *line2)
{
	static char buf[128];
	pw_section_index x;
	char doc[256];
	snprintf(doc, sizeof(doc), "# A\n%s\n# 9 B\ntext\n", line2);
	assert_int_equal(pw_sections_build(&x, doc, strlen(doc)), 0);
	snprintf(buf, sizeof(buf), "%s", sec_at(&x, 4));
	pw_sections_clear(&x);
	return buf;
}

/* Fenced code blocks follow CommonMark 0.31 section 4.5. */
static void test_fence_opening(void **state)
{
	(void)state;
	/* at least 3 backticks or tildes */
	assert_string_equal(after("```"), "A");
	assert_string_equal(after("~~~"), "A");
	assert_string_equal(after("`````"), "A");
	assert_string_equal(after("``"), "9");
	assert_string_equal(after("~~"), "9");
	/* up to 3 spaces of indentation; 4 make an indented code line */
	assert_string_equal(after("   ```"), "A");
	assert_string_equal(after("    ```"), "9");
	/* an info string; after backticks it may not hold a backtick (then the
	 * line is inline code: CCADB Policy 5.2.3) */
	assert_string_equal(after("```c"), "A");
	assert_string_equal(after("``` info string"), "A");
	assert_string_equal(after("```<date> <splitter> <date>``` is the format"), "9");
	assert_string_equal(after("```x`"), "9");
	assert_string_equal(after("~~~ a`b`c"), "A");
	/* a mixed run is no fence */
	assert_string_equal(after("``~"), "9");
}

static void test_fence_closing(void **state)
{
	const char *doc = "# 1 One\n"      /* 1 */
	                  "````\n"         /* 2 opens with 4 backticks */
	                  "# 9 x\n"        /* 3 */
	                  "```\n"          /* 4 shorter: does not close */
	                  "# 9 y\n"        /* 5 */
	                  "~~~~\n"         /* 6 other character: does not close */
	                  "# 9 z\n"        /* 7 */
	                  "```` info\n"    /* 8 text after the run: does not close */
	                  "# 9 w\n"        /* 9 */
	                  "   `````  \t\n" /* 10 indented, longer, trailing blanks: closes */
	                  "# 2 Two\n"      /* 11 */
	                  "~~~\n"          /* 12 opens with tildes */
	                  "# 9 v\n"        /* 13 */
	                  "```\n"          /* 14 backticks do not close tildes */
	                  "~~~~~\n"        /* 15 closes */
	                  "# 3 Three\n"    /* 16 */
	                  "```\n"          /* 17 never closed: runs to the end */
	                  "# 4 Four\n";    /* 18 */
	pw_section_index x;
	(void)state;
	assert_int_equal(pw_sections_build(&x, doc, strlen(doc)), 0);
	assert_int_equal(x.count, 3);
	assert_string_equal(sec_at(&x, 9), "1");
	assert_string_equal(sec_at(&x, 11), "2");
	assert_string_equal(sec_at(&x, 15), "2");
	assert_string_equal(sec_at(&x, 16), "3");
	assert_string_equal(sec_at(&x, 18), "3");
	pw_sections_clear(&x);
}

static void test_odd_input(void **state)
{
	size_t len = 1u << 20;
	char *big = malloc(len + 64);
	pw_section_index x;
	(void)state;
	assert_non_null(big);
	memset(big, '#', len);
	/* a 1 MB line of '#' (no heading), then a heading with NUL and bad UTF-8 */
	memcpy(big + len, " 1.2 title\n# 2 x\0\xff\xfe", 19);
	assert_int_equal(pw_sections_build(&x, big, len + 19), 0);
	assert_int_equal(x.count, 1);
	assert_string_equal(sec_at(&x, 2), "2");
	pw_sections_clear(&x);
	assert_int_equal(pw_sections_build(&x, "", 0), 0);
	assert_int_equal(x.nlines, 0);
	assert_null(pw_sections_at(&x, 1));
	pw_sections_clear(&x);
	free(big);
}

/* The index of `text` equals `x` (lines, offsets, sections). */
static void same_index(const pw_section_index *x, const char *text)
{
	pw_section_index want;
	size_t i;
	assert_int_equal(pw_sections_build(&want, text, strlen(text)), 0);
	assert_int_equal(x->nlines, want.nlines);
	for (i = 0; i <= want.nlines; i++)
		assert_int_equal(x->line_off[i], want.line_off[i]);
	assert_int_equal(x->count, want.count);
	for (i = 0; i < want.count; i++) {
		assert_int_equal(x->items[i].line, want.items[i].line);
		assert_int_equal(x->items[i].level, want.items[i].level);
		assert_string_equal(x->items[i].id, want.items[i].id);
		assert_string_equal(x->items[i].title, want.items[i].title);
	}
	pw_sections_clear(&want);
}

/* The old revision's index from the new one's and the change's lines: as
 * built from the old text; not when a changed line is a heading or a fence,
 * or when the lines do not fit the old text. */
static void test_rebuild(void **state)
{
	static const char old_text[] = "# 1. One\nkept a\nremoved b\n## 1.1 Sub\nkept c\n"
	                               "### Unnumbered\nlast without newline";
	static const char new_text[] = "# 1. One\nadded x\nkept a\n## 1.1 Sub\nkept c\n"
	                               "added y\nadded z\n### Unnumbered\nlast, changed\n";
	/* in diff order, as git gives them */
	const pw_diff_line lines[] = {{'+', 0, 2, "added x", 7},
	                              {'-', 3, 0, "removed b", 9},
	                              {'+', 0, 6, "added y", 7},
	                              {'+', 0, 7, "added z", 7},
	                              {'-', 7, 0, "last without newline", 20},
	                              {'+', 0, 9, "last, changed", 13}};
	pw_diff_line heading[] = {{'+', 0, 2, "   ## 2 New", 11}};
	pw_diff_line fence[] = {{'+', 0, 2, "~~~", 3}};
	pw_diff_line off[] = {{'-', 3, 0, "removed", 7}};
	pw_section_index now, old;
	(void)state;
	assert_int_equal(pw_sections_build(&now, new_text, strlen(new_text)), 0);
	assert_int_equal(pw_sections_rebuild(&old, &now, old_text, strlen(old_text), lines, 6), 1);
	assert_ptr_equal(old.text, old_text);
	assert_int_equal(old.items[2].line, 6);
	same_index(&old, old_text);
	pw_sections_clear(&old);
	assert_int_equal(pw_sections_rebuild(&old, &now, old_text, strlen(old_text), heading, 1),
	                 0);
	assert_int_equal(pw_sections_rebuild(&old, &now, old_text, strlen(old_text), fence, 1), 0);
	/* out of diff order, or a removed line shorter than the old text's
	 * line there: the lines do not fit */
	assert_int_equal(pw_sections_rebuild(&old, &now, old_text, strlen(old_text), lines + 1, 5),
	                 0);
	assert_int_equal(pw_sections_rebuild(&old, &now, old_text, strlen(old_text), off, 1), 0);
	assert_null(old.line_off);
	pw_sections_clear(&now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc3647_headings),
	    cmocka_unit_test(test_anchors),
	    cmocka_unit_test(test_unnumbered_headings),
	    cmocka_unit_test(test_fence_opening),
	    cmocka_unit_test(test_fence_closing),
	    cmocka_unit_test(test_odd_input),
	    cmocka_unit_test(test_rebuild),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
