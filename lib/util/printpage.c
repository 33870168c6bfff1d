/* A printable A4 page made from Markdown (printpage.h). */
#include "util/printpage.h"

#include "util/error.h"
#include "util/html.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

/* The parser with GitHub's table extension attached. */
static int table_parser(cmark_parser **out, int opts)
{
	cmark_syntax_extension *table;
	cmark_parser *p;

	*out = NULL;
	cmark_gfm_core_extensions_ensure_registered();
	if (!(p = cmark_parser_new(opts)))
		return pw_error_oom();
	if (!(table = cmark_find_syntax_extension("table")) ||
	    !cmark_parser_attach_syntax_extension(p, table)) {
		cmark_parser_free(p);
		return pw_error_set(PW_ERROR, "cmark-gfm: the table extension is missing");
	}
	*out = p;
	return 0;
}

int pw_printpage_render(char **out, const char *markdown, size_t len, pw_printpage_edit edit,
                        void *ctx, const char *what)
{
	const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8; /* never UNSAFE */
	cmark_parser *p;
	cmark_node *doc;
	char *html = NULL;
	int rc;

	*out = NULL;
	if ((rc = table_parser(&p, opts)) < 0)
		return rc;
	cmark_parser_feed(p, markdown, len);
	doc = cmark_parser_finish(p);
	if (doc && edit && (rc = edit(doc, ctx)) < 0)
		goto out;
	if (doc)
		html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
	if (!html)
		rc = pw_error_set(PW_ERROR, "cmark-gfm: cannot render %s", what);
	else if (!(*out = strdup(html)))
		rc = pw_error_oom();
out:
	if (html)
		cmark_get_default_mem_allocator()->free(html);
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(p);
	return rc < 0 ? rc : 0;
}

/* `s` as the inside of a CSS string: quotes, backslashes, '<', '>' and '&'
 * as CSS escapes (nothing ends the string or the style element), control
 * characters as spaces. */
static int css_string(pw_buf *b, const char *s)
{
	int rc = 0;
	for (; rc == 0 && *s; s++) {
		if (*s == '"' || *s == '\\' || *s == '<' || *s == '>' || *s == '&')
			rc = pw_buf_printf(b, "\\%x ", (unsigned)(unsigned char)*s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			rc = pw_buf_putc(b, ' ');
		else
			rc = pw_buf_putc(b, *s);
	}
	return rc;
}

int pw_printpage_head(pw_buf *out, const pw_printpage_opts *o)
{
	int rc;

	if (o->top_right && strpbrk(o->top_right, "\"\\\n\r"))
		return pw_error_set(PW_EINPUT, "print page: unusable running text");
	rc = pw_buf_printf(out,
	                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width\">\n<title>",
	                   o->lang);
	if (rc == 0)
		rc = pw_html_escape(out, o->title);
	if (rc == 0)
		rc = pw_buf_puts(out,
		                 "</title>\n<style>\n@page{size:A4;margin:20mm 18mm 22mm 18mm;");
	if (rc == 0 && o->top_left) {
		rc = pw_buf_puts(out, "@top-left{content:\"");
		if (rc == 0)
			rc = css_string(out, o->top_left);
		if (rc == 0)
			rc = pw_buf_puts(out, "\";font:bold 8pt sans-serif;color:#333}");
	}
	if (rc == 0 && o->top_right)
		rc = pw_buf_printf(out, "@top-right{content:\"%s\";font:8pt sans-serif;color:#555}",
		                   o->top_right);
	if (rc == 0)
		rc = pw_buf_puts(out, "@bottom-center{content:\"");
	if (rc == 0)
		rc = css_string(out, o->page_word ? o->page_word : "Page");
	if (rc == 0)
		rc = pw_buf_puts(out, " \" counter(page) \" ");
	if (rc == 0)
		rc = css_string(out, o->page_of ? o->page_of : "of");
	if (rc == 0)
		rc = pw_buf_printf(out,
		                   " \" counter(pages);font:9pt sans-serif;color:#333}}\n%s"
		                   "</style>\n</head>\n<body>\n",
		                   o->css ? o->css : "");
	return rc;
}

int pw_printpage_foot(pw_buf *out, const char *script)
{
	int rc = script ? pw_buf_printf(out, "<script>\n%s</script>\n", script) : 0;
	return rc ? rc : pw_buf_puts(out, "</body>\n</html>\n");
}
