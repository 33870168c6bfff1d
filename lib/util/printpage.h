/* A printable A4 page made from Markdown, for documents people print or save
 * as PDF (a TSP's form, the evidence report): GitHub-flavoured Markdown with
 * tables rendered by cmark-gfm without CMARK_OPT_UNSAFE (raw HTML in it comes
 * out as nothing), inside one self-contained HTML document whose print CSS
 * starts with the shared @page rule: A4, margins 20/18/22/18 mm, "Page N of M"
 * at the bottom of every page and optionally a running text at the top right. */
#ifndef PW_PRINTPAGE_H
#define PW_PRINTPAGE_H

#include <stddef.h>

#include "util/buf.h"

struct cmark_node;

/* Called with the parsed document before it is rendered; may change it. A
 * negative return (after pw_error_set) stops the rendering. */
typedef int (*pw_printpage_edit)(struct cmark_node *doc, void *ctx);

/* *out (caller frees with free): the HTML body of `markdown` (`len` bytes).
 * `edit` (may be NULL) is called with the parsed document first. `what` names
 * the document in the message when cmark-gfm fails ("the form"). */
int pw_printpage_render(char **out, const char *markdown, size_t len, pw_printpage_edit edit,
                        void *ctx, const char *what);

typedef struct {
	const char *lang;      /* the document's language (html lang) */
	const char *title;     /* HTML-escaped */
	const char *top_right; /* NULL, or the text at the top right of every page: an
	                          id or a date (no '"', '\\' or line break; checked) */
	const char *css;       /* the document's own rules, after the @page rule */
	/* NULL, or the text at the top left of every page (any text: escaped
	 * for CSS), e.g. "Confidential · <authority>" */
	const char *top_left;
	/* the footer's words around the numbers: "Page" N "of" M (NULL: those) */
	const char *page_word, *page_of;
} pw_printpage_opts;

#define PW_PRINTPAGE_OPTS_INIT                                                                     \
	{                                                                                          \
		.lang = "en"                                                                       \
	}

/* Appends the page's start: doctype, head (charset, viewport, title, the
 * @page rule and o->css) and the opening body tag. */
int pw_printpage_head(pw_buf *out, const pw_printpage_opts *o);

/* Appends the page's end: `script` (NULL: none) inline, then the closing body
 * and html tags. */
int pw_printpage_foot(pw_buf *out, const char *script);

#endif
