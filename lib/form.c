#include "form.h"

#include "changeset.h"
#include "error.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every string a form prints, per language: a new language is one more entry. */
typedef struct {
	const char *lang;
	const char *title, *confidential, *confidential_end, *field, *value, *form, *tsp,
	    *key_users, *generated, *reply_by, *changes, *intro, *intro_end, *change_id, *source,
	    *link, *sections, *none, *why, *signed_off, *effective, *none_stated, *sections_word,
	    *questions, *question, *answer, *q_impact, *levels, *q_description, *q_days, *q_meet,
	    *yes_no, *q_planned, *q_mitigation, *signature, *declaration, *sig_name, *sig_position,
	    *sig_date, *sig_signature, *no_title, *contents, *col_change, *col_effective;
} form_text;

static const form_text texts[] = {
    {"en",
     "Impact assessment form",
     "Confidential: for ",
     " only.",
     "Field",
     "Value",
     "Form",
     "Trust Service Provider",
     "Key users",
     "Generated",
     "Reply by",
     "Changes",
     "The policy authority has signed off the changes below as applicable to you. For "
     "each change, please answer the three questions and return the signed form by ",
     ".",
     "Change id",
     "Source",
     "Link",
     "Sections changed",
     "none stated",
     "Why it applies to you",
     "Signed off",
     "Effective dates",
     "none stated",
     "sections",
     "Questions",
     "Question",
     "Answer",
     "1. Expected impact",
     "\\[ \\] none \\[ \\] low \\[ \\] medium \\[ \\] high",
     "Describe the impact",
     "2. Implementation time (days)",
     "3. Can the effective date be met?",
     "\\[ \\] yes \\[ \\] no",
     "If no: planned date",
     "If no: mitigation",
     "Declaration and signature",
     "We have assessed the changes in this form and the answers above are correct.",
     "Name",
     "Position",
     "Date",
     "Signature",
     "(no subject)",
     "Changes in this form",
     "Change",
     "Earliest effective date"},
};

const char *pw_form_languages(void)
{
	return "en";
}

static const form_text *text_for(const char *lang)
{
	size_t i;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(texts[i].lang, lang) == 0)
			return &texts[i];
	return NULL;
}

int pw_form_add_days(const char *date, int days, char out[11])
{
	struct tm tm;
	time_t t;
	int y, m, d;
	char end;
	if (!date || sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || strlen(date) != 10)
		return pw_error_set(PW_EINPUT, "'%s' is not a date (YYYY-MM-DD)", date ? date : "");
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		return pw_error_set(PW_EINPUT, "'%s' is not a date (YYYY-MM-DD)", date);
	return 0;
}

int pw_form_init(pw_form *f, const pw_tsp *t, const pw_applicable_list *changes, const char *today,
                 int reply_days)
{
	pw_buf ids = PW_BUF_INIT;
	char digest[41];
	size_t i;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	if (!(f->text = text_for(t->language)))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.language: no form text for '%s' (forms exist in: %s)",
		                    t->file ? t->file : t->id, t->language, pw_form_languages());
	if ((rc = pw_form_add_days(today, 0, f->generated)) < 0 ||
	    (rc = pw_form_add_days(today, reply_days, f->reply_by)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < changes->count; i++)
		rc = pw_buf_printf(&ids, "%s\n", changes->items[i].item->change.id);
	if (rc == 0)
		rc = pw_digest(digest, ids.ptr ? ids.ptr : "", ids.len);
	pw_buf_dispose(&ids);
	if (rc < 0)
		return rc;
	snprintf(f->id, sizeof(f->id), "%s-%.4s%.2s%.2s-%.8s", t->id, f->generated,
	         f->generated + 5, f->generated + 8, digest);
	f->tsp = t;
	f->changes = changes;
	return 0;
}

int pw_form_md_escape(pw_buf *out, const char *s)
{
	const char *p;
	int rc = 0;
	for (p = s; rc == 0 && *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n' || c == '\r' || c == '\t')
			rc = pw_buf_putc(out, ' ');
		else if (c < 0x20 || c == 0x7f)
			continue;
		else if (strchr("\\`*_[]<>#!|~&$", c))
			rc = pw_buf_printf(out, "\\%c", c);
		else
			rc = pw_buf_putc(out, (char)c);
	}
	return rc;
}

/* A link is printed as one only when it is made of plain URL characters. */
static int plain_url(const char *u)
{
	const char *p;
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return 0;
	for (p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(":/._-@%+=?", *p)))
			return 0;
	return 1;
}

/* "| name | " then the escaped value and " |\n". */
static int row(pw_buf *b, const char *name, const char *value)
{
	int rc = pw_buf_printf(b, "| %s | ", name);
	if (rc == 0)
		rc = pw_form_md_escape(b, value);
	return rc ? rc : pw_buf_puts(b, " |\n");
}

/* The cover's list of the form's changes: number, ballot or subject, date. */
static int contents(const pw_form *f, const form_text *x, pw_buf *b)
{
	size_t i;
	int rc = pw_buf_printf(b, "\n\n**%s**\n\n| # | %s | %s |\n|---|---|---|\n", x->contents,
	                       x->col_change, x->col_effective);
	for (i = 0; rc == 0 && i < f->changes->count; i++) {
		const pw_applicable *a = &f->changes->items[i];
		const pw_change *c = &a->item->change;
		rc = pw_buf_printf(b, "| %zu | ", i + 1);
		if (rc == 0)
			rc = pw_form_md_escape(b, c->cls.ballot               ? c->cls.ballot
			                          : c->subject && *c->subject ? c->subject
			                                                      : x->no_title);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s |\n",
			                   a->effective[0] ? a->effective : x->none_stated);
	}
	return rc;
}

static int header(const pw_form *f, const form_text *x, pw_buf *b)
{
	const pw_tsp *t = f->tsp;
	pw_buf users = PW_BUF_INIT;
	char n[32];
	size_t i;
	int rc = pw_buf_printf(b, "# %s\n\n**", x->title);
	if (rc == 0) {
		pw_buf name = PW_BUF_INIT;
		rc = pw_form_md_escape(&name, t->name);
		if (rc == 0)
			rc = pw_buf_printf(b, "%s%s%s", x->confidential, name.ptr ? name.ptr : "",
			                   x->confidential_end);
		pw_buf_dispose(&name);
	}
	if (rc == 0)
		rc = pw_buf_printf(b, "**\n\n| %s | %s |\n|---|---|\n| %s | `%s` |\n", x->field,
		                   x->value, x->form, f->id);
	if (rc == 0) {
		pw_buf tsp = PW_BUF_INIT;
		rc = pw_buf_printf(&tsp, "%s (%s)", t->name, t->id);
		if (rc == 0)
			rc = row(b, x->tsp, tsp.ptr);
		pw_buf_dispose(&tsp);
	}
	for (i = 0; rc == 0 && i < t->nusers; i++)
		rc = pw_buf_printf(&users, "%s%s <%s>", i ? "; " : "", t->users[i].name,
		                   t->users[i].email);
	if (rc == 0 && t->nusers)
		rc = row(b, x->key_users, users.ptr);
	pw_buf_dispose(&users);
	snprintf(n, sizeof(n), "%zu", f->changes->count);
	if (rc == 0)
		rc = row(b, x->generated, f->generated);
	if (rc == 0)
		rc = pw_buf_printf(b, "| %s | **%s** |\n", x->reply_by, f->reply_by);
	if (rc == 0)
		rc = row(b, x->changes, n);
	if (rc == 0)
		rc = pw_buf_puts(b, "\n");
	if (rc == 0)
		rc = pw_buf_printf(b, "%s**%s**%s", x->intro, f->reply_by, x->intro_end);
	if (rc == 0)
		rc = contents(f, x, b);
	return rc ? rc : pw_buf_puts(b, "\n");
}

static int join_sections(pw_buf *b, const pw_strlist *l)
{
	size_t i;
	int rc = 0;
	for (i = 0; rc == 0 && i < l->count; i++)
		rc = pw_buf_printf(b, "%s%s", i ? ", " : "", l->items[i]);
	return rc;
}

static int change(const pw_form *f, const form_text *x, size_t k, pw_buf *b)
{
	const pw_applicable *a = &f->changes->items[k];
	const pw_change *c = &a->item->change;
	const pw_classification *cls = &c->cls;
	pw_buf v = PW_BUF_INIT;
	size_t i;
	int rc;

	/* heading: number, ballot, subject */
	rc = pw_buf_printf(b, "\n## %zu. ", k + 1);
	if (rc == 0 && cls->ballot) {
		rc = pw_form_md_escape(b, cls->ballot);
		if (rc == 0)
			rc = pw_buf_puts(b, ": ");
	}
	if (rc == 0)
		rc = pw_form_md_escape(b, c->subject && *c->subject ? c->subject : x->no_title);
	if (rc == 0)
		rc = pw_buf_printf(b, "\n\n| %s | %s |\n|---|---|\n| %s | `%s` |\n", x->field,
		                   x->value, x->change_id, c->id);
	if (rc == 0)
		rc = pw_buf_printf(&v, "%s (%s, %s)", c->source, pw_change_status_name(c->status),
		                   c->date);
	if (rc == 0)
		rc = row(b, x->source, v.ptr);
	if (rc == 0 && c->url) {
		if (plain_url(c->url))
			rc = pw_buf_printf(b, "| %s | [%s](%s) |\n", x->link, c->url, c->url);
		else
			rc = row(b, x->link, c->url);
	}
	pw_buf_clear(&v);
	if (rc == 0)
		rc = cls->sections.count ? join_sections(&v, &cls->sections)
		                         : pw_buf_puts(&v, x->none);
	if (rc == 0)
		rc = row(b, x->sections, v.ptr);
	if (rc == 0)
		rc = row(b, x->why, a->why.reason);
	if (rc == 0 && a->entry->time) {
		pw_buf_clear(&v);
		rc = pw_buf_printf(&v, "%.10s", a->entry->time);
		if (rc == 0 && a->entry->officer_name && *a->entry->officer_name)
			rc = pw_buf_printf(&v, ", %s", a->entry->officer_name);
		if (rc == 0)
			rc = row(b, x->signed_off, v.ptr);
	}
	pw_buf_dispose(&v);
	if (rc == 0)
		rc = pw_buf_printf(b, "\n**%s**\n\n", x->effective);
	if (rc == 0 && cls->ndates == 0)
		rc = pw_buf_printf(b, "- %s\n", x->none_stated);
	for (i = 0; rc == 0 && i < cls->ndates; i++) {
		const pw_effective_date *d = &cls->dates[i];
		rc = pw_buf_printf(b, "- **%s**", d->date);
		if (rc == 0 && d->sections.count) {
			rc = pw_buf_printf(b, " (%s ", x->sections_word);
			if (rc == 0)
				rc = join_sections(b, &d->sections);
			if (rc == 0)
				rc = pw_buf_puts(b, ")");
		}
		if (rc == 0 && d->text && *d->text) {
			rc = pw_buf_puts(b, ": ");
			if (rc == 0)
				rc = pw_form_md_escape(b, d->text);
		}
		if (rc == 0)
			rc = pw_buf_puts(b, "\n");
	}
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\n**%s**\n\n| %s | %s |\n|---|---|\n| %s | %s |\n| %s |  |\n"
		                   "| %s |  |\n| %s | %s |\n| %s |  |\n| %s |  |\n",
		                   x->questions, x->question, x->answer, x->q_impact, x->levels,
		                   x->q_description, x->q_days, x->q_meet, x->yes_no, x->q_planned,
		                   x->q_mitigation);
	return rc;
}

int pw_form_markdown(const pw_form *f, pw_buf *out)
{
	const form_text *x = f->text;
	size_t i;
	int rc = header(f, x, out);
	for (i = 0; rc == 0 && i < f->changes->count; i++)
		rc = change(f, x, i, out);
	if (rc == 0)
		rc = pw_buf_printf(out,
		                   "\n## %s\n\n%s\n\n| %s | %s |\n|---|---|\n| %s |  |\n| %s |  |\n"
		                   "| %s |  |\n| %s |  |\n",
		                   x->signature, x->declaration, x->field, x->value, x->sig_name,
		                   x->sig_position, x->sig_date, x->sig_signature);
	return rc < 0 ? rc : 0;
}

/* Print CSS: A4, a page per change (every h2 starts a page), the form id at
 * the top and page numbers at the bottom of every page, no external assets. */
static const char css_page[] = "@page{size:A4;margin:20mm 18mm 22mm 18mm;"
                               "@top-right{content:\"";
static const char css[] =
    "\";font:8pt sans-serif;color:#555}"
    "@bottom-center{content:\"Page \" counter(page) \" of \" counter(pages);"
    "font:9pt sans-serif;color:#333}}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font:10.5pt/1.45 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#000;"
    "margin:0}\n"
    "@media screen{body{max-width:180mm;margin:1.5em auto;padding:0 1em}"
    "h2{margin-top:2.5em}}\n"
    "h1{font-size:18pt;margin:0 0 8pt}\n"
    "h2{font-size:13.5pt;break-before:page;page-break-before:always;"
    "border-bottom:1px solid #888;padding-bottom:3pt}\n"
    "table{border-collapse:collapse;width:100%;margin:6pt 0 10pt;break-inside:auto}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "th,td{border:1px solid #888;padding:4pt 6pt;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\n"
    "td:first-child{width:38%}\n"
    "td:empty{height:2.2em}\n"
    "code{font-family:\"DejaVu Sans Mono\",monospace;font-size:9.5pt}\n"
    "a{color:#000;word-break:break-all}\n"
    "li{margin:2pt 0}\n";

int pw_form_html(const pw_form *f, const char *markdown, size_t len, pw_buf *out)
{
	cmark_parser *p;
	cmark_syntax_extension *table;
	cmark_node *doc = NULL;
	char *html = NULL;
	const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8; /* never UNSAFE */
	int rc;

	cmark_gfm_core_extensions_ensure_registered();
	if (!(p = cmark_parser_new(opts)))
		return pw_error_oom();
	if (!(table = cmark_find_syntax_extension("table")) ||
	    !cmark_parser_attach_syntax_extension(p, table)) {
		cmark_parser_free(p);
		return pw_error_set(PW_ERROR, "cmark-gfm: the table extension is missing");
	}
	cmark_parser_feed(p, markdown, len);
	doc = cmark_parser_finish(p);
	if (doc)
		html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
	if (!html) {
		rc = pw_error_set(PW_ERROR, "cmark-gfm: cannot render the form");
		goto out;
	}
	rc = pw_buf_printf(out,
	                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width\">\n"
	                   "<title>%s</title>\n<style>\n",
	                   f->tsp->language, f->id);
	if (rc == 0)
		rc = pw_buf_printf(out, "%s%s%s", css_page, f->id, css);
	if (rc == 0)
		rc = pw_buf_printf(out, "</style>\n</head>\n<body>\n%s</body>\n</html>\n", html);
out:
	if (html)
		cmark_get_default_mem_allocator()->free(html);
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(p);
	return rc < 0 ? rc : 0;
}
