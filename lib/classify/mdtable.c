#include "classify/mdtable.h"

#include "util/buf.h"
#include "util/error.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

/* Table blocks larger than this are not parsed (a safety bound for hostile input). */
#define MAX_BLOCK_LINES 5000

static int table_like(const char *s, size_t n)
{
	return n && memchr(s, '|', n) != NULL;
}

int pw_mdtable_block(int *first, int *last, const pw_section_index *idx, int line)
{
	size_t n;
	const char *s = pw_sections_line(&n, idx, line);
	int a = line, b = line;
	if (!s || !table_like(s, n))
		return PW_ENOTFOUND;
	while (a > 1 && line - a < MAX_BLOCK_LINES) {
		s = pw_sections_line(&n, idx, a - 1);
		if (!table_like(s, n))
			break;
		a--;
	}
	while ((size_t)b < idx->nlines && b - line < MAX_BLOCK_LINES) {
		s = pw_sections_line(&n, idx, b + 1);
		if (!table_like(s, n))
			break;
		b++;
	}
	*first = a;
	*last = b;
	return 0;
}

static void free_row(pw_mdrow *r)
{
	size_t i;
	for (i = 0; i < r->ncells; i++)
		free(r->cells[i]);
	free(r->cells);
	r->cells = NULL;
	r->ncells = 0;
}

void pw_mdtable_clear(pw_mdtable *t)
{
	size_t i;
	if (!t)
		return;
	free_row(&t->header);
	for (i = 0; i < t->nrows; i++)
		free_row(&t->rows[i]);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* Plain text of a cell: text and code literals; breaks become spaces. */
static char *cell_text(cmark_node *cell)
{
	pw_buf b = PW_BUF_INIT;
	cmark_iter *it = cmark_iter_new(cell);
	cmark_event_type ev;
	char *out;
	int ok = 1;

	if (!it)
		return NULL;
	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type ty = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (ty == CMARK_NODE_TEXT || ty == CMARK_NODE_CODE) {
			const char *lit = cmark_node_get_literal(n);
			if (lit && pw_buf_puts(&b, lit) < 0)
				ok = 0;
		} else if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK ||
		           ty == CMARK_NODE_HTML_INLINE) {
			if (pw_buf_putc(&b, ' ') < 0)
				ok = 0;
		}
	}
	cmark_iter_free(it);
	if (!ok) {
		pw_buf_clear(&b);
		return NULL;
	}
	out = pw_buf_detach(&b);
	if (out) { /* trim */
		size_t s = 0, e = strlen(out);
		while (out[s] == ' ' || out[s] == '\t')
			s++;
		while (e > s && (out[e - 1] == ' ' || out[e - 1] == '\t'))
			e--;
		memmove(out, out + s, e - s);
		out[e - s] = '\0';
	}
	return out;
}

static int read_row(cmark_node *row, int line0, pw_mdrow *out)
{
	cmark_node *c;
	size_t n = 0, i = 0;
	memset(out, 0, sizeof(*out));
	for (c = cmark_node_first_child(row); c; c = cmark_node_next(c))
		n++;
	out->line = line0 + cmark_node_get_start_line(row) - 1;
	if (!n)
		return 0;
	out->cells = calloc(n, sizeof(char *));
	if (!out->cells)
		return pw_error_oom();
	for (c = cmark_node_first_child(row); c; c = cmark_node_next(c)) {
		out->cells[i] = cell_text(c);
		if (!out->cells[i]) {
			out->ncells = i;
			free_row(out);
			return pw_error_oom();
		}
		i++;
	}
	out->ncells = n;
	return 0;
}

/* Number of leading non-empty cells of a row whose other cells are empty,
 * or (size_t)-1 when an empty cell comes before a non-empty one. */
static size_t filled_prefix(const pw_mdrow *r)
{
	size_t k = 0, i;
	while (k < r->ncells && r->cells[k][0])
		k++;
	for (i = k; i < r->ncells; i++)
		if (r->cells[i][0])
			return (size_t)-1;
	return k;
}

/* Whether line `line` (1-based, of `text` whose first line is `first_line`)
 * ends without a closing '|'. */
static int open_ended(const char *text, size_t len, int first_line, int line)
{
	const char *s = text, *end = text + len, *e;
	int i;
	for (i = first_line; i < line && s < end; i++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		s = nl ? nl + 1 : end;
	}
	if (s >= end)
		return 0;
	e = memchr(s, '\n', (size_t)(end - s));
	if (!e)
		e = end;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e > s && e[-1] != '|';
}

/* A row broken over two lines upstream ("| 2.1.7 | SC089 | Mass Revocation
 * Planning" then "| 23-Jul-2025 | 25-Aug-2025 |") reads as two short rows:
 * the first without its closing '|', and the two together filling exactly
 * the header's columns. Joins them into the first row. */
static int join_split_rows(pw_mdtable *t, const char *text, size_t len, int first_line)
{
	size_t i, ncols = t->header.ncells;
	for (i = 0; i + 1 < t->nrows; i++) {
		pw_mdrow *a = &t->rows[i], *b = &t->rows[i + 1];
		size_t ka = filled_prefix(a), kb = filled_prefix(b), k;
		if (ka == (size_t)-1 || kb == (size_t)-1 || !ka || !kb || ka + kb != ncols ||
		    b->line != a->line + 1 || !open_ended(text, len, first_line, a->line))
			continue;
		if (a->ncells < ncols) { /* cells cmark-gfm did not pad */
			char **c = realloc(a->cells, ncols * sizeof(char *));
			if (!c)
				return pw_error_oom();
			a->cells = c;
			for (k = a->ncells; k < ncols; k++)
				a->cells[k] = NULL;
			a->ncells = ncols;
		}
		for (k = 0; k < kb; k++) {
			free(a->cells[ka + k]);
			a->cells[ka + k] = b->cells[k];
			b->cells[k] = NULL;
		}
		free_row(b);
		memmove(b, b + 1, (t->nrows - i - 2) * sizeof(*b));
		t->nrows--;
	}
	return 0;
}

int pw_mdtable_parse(const char *text, size_t len, int first_line, pw_mdtable *out)
{
	cmark_parser *p;
	cmark_syntax_extension *ext;
	cmark_node *doc, *node, *row;
	int rc = PW_ENOTFOUND;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	cmark_gfm_core_extensions_ensure_registered();
	ext = cmark_find_syntax_extension("table");
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!p || !ext) {
		if (p)
			cmark_parser_free(p);
		return pw_error_set(PW_ERROR, "cmark-gfm: table extension unavailable");
	}
	cmark_parser_attach_syntax_extension(p, ext);
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (!doc)
		return pw_error_oom();
	for (node = cmark_node_first_child(doc); node; node = cmark_node_next(node)) {
		const char *ty = cmark_node_get_type_string(node);
		if (ty && strcmp(ty, "table") == 0)
			break;
	}
	if (!node) {
		cmark_node_free(doc);
		return pw_error_set(PW_ENOTFOUND, "no table");
	}
	out->first_line = first_line + cmark_node_get_start_line(node) - 1;
	out->last_line = first_line + cmark_node_get_end_line(node) - 1;
	rc = 0;
	for (row = cmark_node_first_child(node); row && rc == 0; row = cmark_node_next(row)) {
		if (cmark_gfm_extensions_get_table_row_is_header(row) && !out->header.cells) {
			rc = read_row(row, first_line, &out->header);
			continue;
		}
		if (out->nrows == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			pw_mdrow *r = realloc(out->rows, ncap * sizeof(*r));
			if (!r) {
				rc = pw_error_oom();
				break;
			}
			out->rows = r;
			cap = ncap;
		}
		rc = read_row(row, first_line, &out->rows[out->nrows]);
		if (rc == 0)
			out->nrows++;
	}
	cmark_node_free(doc);
	if (rc == 0)
		rc = join_split_rows(out, text, len, first_line);
	if (rc < 0)
		pw_mdtable_clear(out);
	return rc;
}

static int lone_cr(const char *s, size_t n)
{
	const char *p = memchr(s, '\r', n);
	while (p) {
		size_t at = (size_t)(p - s);
		if (at + 1 >= n || s[at + 1] != '\n')
			return 1;
		p = memchr(p + 1, '\r', n - at - 1);
	}
	return 0;
}

int pw_mdtable_parse_block(const pw_section_index *idx, int first, int last, pw_mdtable *out)
{
	size_t a, b;
	if (first < 1 || last < first || (size_t)last > idx->nlines)
		return pw_error_set(PW_ENOTFOUND, "no table");
	size_t indent = (size_t)-1, n;
	pw_buf buf = PW_BUF_INIT;
	int i, rc;

	a = idx->line_off[first - 1];
	b = idx->line_off[last];
	/* a table nested in a list item is indented: parse it dedented */
	for (i = first; i <= last; i++) {
		const char *s = pw_sections_line(&n, idx, i);
		size_t k = 0;
		while (k < n && s[k] == ' ')
			k++;
		if (k < indent)
			indent = k;
	}
	if (indent == (size_t)-1)
		indent = 0;
	/* a lone CR ends a line for cmark but not for the line index: keep both
	 * agreeing on line numbers by reading it as a space */
	if (!indent && !lone_cr(idx->text + a, b - a))
		return pw_mdtable_parse(idx->text + a, b - a, first, out);
	for (i = first; i <= last; i++) {
		const char *s = pw_sections_line(&n, idx, i);
		size_t k, start = buf.len;
		if (pw_buf_put(&buf, s + indent, n - indent) < 0 || pw_buf_putc(&buf, '\n') < 0) {
			pw_buf_clear(&buf);
			return pw_error_oom();
		}
		for (k = start; k < buf.len; k++)
			if (buf.ptr[k] == '\r')
				buf.ptr[k] = ' ';
	}
	rc = pw_mdtable_parse(buf.ptr, buf.len, first, out);
	pw_buf_clear(&buf);
	return rc;
}

/* The block's indentation when lines first..last are a plain table (see
 * pw_mdtable_parse_rows), else (size_t)-1. */
static size_t plain_indent(const pw_section_index *idx, int first, int last)
{
	size_t indent = (size_t)-1, n, k, e;
	int i;
	for (i = first; i <= last; i++) {
		const char *s = pw_sections_line(&n, idx, i);
		for (k = 0; k < n && s[k] == ' '; k++)
			;
		if (indent == (size_t)-1)
			indent = k;
		for (e = n; e > k && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'); e--)
			;
		if (k != indent || k == n || s[k] != '|' || s[e - 1] != '|' ||
		    (n > 1 && memchr(s, '\r', n - 1)))
			return (size_t)-1;
	}
	return indent;
}

static int put_line(pw_buf *b, const pw_section_index *idx, int line, size_t indent)
{
	size_t n;
	const char *s = pw_sections_line(&n, idx, line);
	return pw_buf_put(b, s + indent, n - indent) < 0 || pw_buf_putc(b, '\n') < 0
	           ? pw_error_oom()
	           : 0;
}

/* Whether byte c leaves a cell's text as it is for cmark-gfm: printable
 * ASCII that no inline construct starts or ends (escapes, code, emphasis,
 * links and images, HTML, entities, strikethrough). */
static int inert(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && !strchr("\\`*_[]<>!&~", c);
}

static int ascii_punct(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
	       (c >= 0x7b && c <= 0x7e);
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the "<br>", "<br/>" or "<br />" s starts with, or 0. */
static size_t br_tag(const char *s, size_t n)
{
	static const char *const tags[] = {"<br>", "<br/>", "<br />"};
	size_t i;
	for (i = 0; i < 3; i++)
		if (n >= strlen(tags[i]) && memcmp(s, tags[i], strlen(tags[i])) == 0)
			return strlen(tags[i]);
	return 0;
}

/* Appends to b the text cell_text gets from cmark-gfm for inline Markdown
 * s[0..n) made only of: inert bytes (as they are), a backslash escape of
 * ASCII punctuation other than '|' (the punctuation), "<br>" (a space: raw
 * HTML) and '_' runs between ASCII letters or digits (as they are: they
 * neither open nor close emphasis). 1 when so made, else 0. */
static int inert_text(pw_buf *b, const char *s, size_t n)
{
	size_t i = 0, k;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int rc = 0;
		if (c == '\\') {
			if (i + 1 >= n || !ascii_punct((unsigned char)s[i + 1]) || s[i + 1] == '|')
				return 0;
			rc = pw_buf_putc(b, s[i + 1]);
			i += 2;
		} else if (c == '<') {
			if (!(k = br_tag(s + i, n - i)))
				return 0;
			rc = pw_buf_putc(b, ' ');
			i += k;
		} else if (c == '_') {
			for (k = i; k < n && s[k] == '_'; k++)
				;
			if (!i || k == n || !ascii_alnum((unsigned char)s[i - 1]) ||
			    !ascii_alnum((unsigned char)s[k]))
				return 0;
			rc = pw_buf_put(b, s + i, k - i);
			i = k;
		} else {
			if (!inert(c))
				return 0;
			rc = pw_buf_putc(b, (char)c);
			i++;
		}
		if (rc < 0)
			return PW_ENOMEM;
	}
	return 1;
}

/* The text of a cell s[0..n) (trimmed) as cell_text reads it from cmark-gfm,
 * when inert_text reads it whole or within strong emphasis that wraps the
 * whole cell ("**Ver.**", "__Field__": the opening run starts the cell
 * before a non-blank, the closing one ends it after a non-blank, so both
 * count as emphasis). 1 with *out, 0 when the cell holds anything else. */
static int inert_cell(char **out, const char *s, size_t n)
{
	pw_buf b = PW_BUF_INIT;
	size_t a, e;
	int rc;
	*out = NULL;
	if (n >= 5 && (s[0] == '*' || s[0] == '_') && s[1] == s[0] && s[n - 1] == s[0] &&
	    s[n - 2] == s[0] && s[2] != ' ' && s[n - 3] != ' ') {
		s += 2;
		n -= 4;
	}
	if ((rc = inert_text(&b, s, n)) <= 0 || !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return rc < 0 || rc == 1 ? PW_ENOMEM : 0;
	}
	/* trimmed as cell_text trims */
	for (a = 0; (*out)[a] == ' ' || (*out)[a] == '\t'; a++)
		;
	for (e = strlen(*out); e > a && ((*out)[e - 1] == ' ' || (*out)[e - 1] == '\t'); e--)
		;
	memmove(*out, *out + a, e - a);
	(*out)[e - a] = '\0';
	return 1;
}

/* The cells of a plain table line (s[0..n) starts and ends with '|', its
 * indentation and trailing blanks cut) as cmark-gfm reads them, when every
 * cell is one inert_cell reads: the line split at each '|', each cell
 * trimmed of spaces. 1 with the cells, 0 when a cell is not so simple. */
static int inert_cells(pw_mdrow *out, const char *s, size_t n)
{
	size_t i, a, cells = 0;
	int rc = 1;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		cells += s[i] == '|';
	if (n < 2)
		return 0;
	if (!(out->cells = calloc(cells - 1, sizeof(char *))))
		return pw_error_oom();
	for (a = 1; a < n && rc == 1; a = i + 1) {
		size_t b;
		for (i = a; s[i] != '|'; i++)
			;
		for (b = i; b > a && s[b - 1] == ' '; b--)
			;
		while (a < b && s[a] == ' ')
			a++;
		if ((rc = inert_cell(&out->cells[out->ncells], s + a, b - a)) == 1)
			out->ncells++;
	}
	if (rc != 1)
		free_row(out);
	return rc;
}

/* Whether a delimiter row's cells all read ":?-+:?". */
static int delimiter_row(const pw_mdrow *r)
{
	size_t i;
	for (i = 0; i < r->ncells; i++) {
		const char *c = r->cells[i];
		size_t n = strlen(c), a = c[0] == ':',
		       b = n && c[n - 1] == ':' && n > 1 ? n - 1 : n;
		if (a >= b || strspn(c + a, "-") != b - a)
			return 0;
	}
	return r->ncells > 0;
}

/* Line `line` of a plain block (indentation `indent`) read by inert_cells. */
static int inert_line(pw_mdrow *out, const pw_section_index *idx, int line, size_t indent)
{
	size_t n;
	const char *s = pw_sections_line(&n, idx, line);
	while (n > indent && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	int rc = inert_cells(out, s + indent, n - indent);
	out->line = line;
	return rc;
}

/* pw_mdtable_parse_rows of a plain block whose header, delimiter row and
 * asked rows are inert and have as many cells each: read without cmark-gfm,
 * as it reads them. 1 when read so, 0 when not (t empty), or PW_ENOMEM. */
static int inert_rows(const pw_section_index *idx, int first, int last, const int *lines,
                      size_t nlines, size_t indent, pw_mdtable *t)
{
	pw_mdrow delim;
	size_t i;
	int prev = first + 1, rc;
	if ((rc = inert_line(&t->header, idx, first, indent)) <= 0)
		return rc;
	if ((rc = inert_line(&delim, idx, first + 1, indent)) > 0) {
		rc = delim.ncells == t->header.ncells && delimiter_row(&delim);
		free_row(&delim);
	}
	if (rc > 0 && nlines && !(t->rows = calloc(nlines, sizeof(*t->rows))))
		rc = pw_error_oom();
	for (i = 0; rc > 0 && i < nlines; i++) {
		if (lines[i] <= prev || lines[i] > last)
			continue; /* the header, the delimiter row, out of the block or twice */
		prev = lines[i];
		rc = inert_line(&t->rows[t->nrows], idx, lines[i], indent);
		if (rc > 0 && t->rows[t->nrows++].ncells != t->header.ncells)
			rc = 0;
	}
	if (rc <= 0) {
		pw_mdtable_clear(t);
		return rc;
	}
	t->first_line = first;
	t->last_line = last;
	t->partial = 1;
	return 1;
}

int pw_mdtable_parse_rows(const pw_section_index *idx, int first, int last, const int *lines,
                          size_t nlines, pw_mdtable *t)
{
	pw_buf buf = PW_BUF_INIT;
	int *at = NULL, prev = first + 1, rc = 0;
	size_t indent, i, n = 0;

	memset(t, 0, sizeof(*t));
	if (first < 1 || last < first + 1 || (size_t)last > idx->nlines ||
	    (indent = plain_indent(idx, first, last)) == (size_t)-1)
		return pw_mdtable_parse_block(idx, first, last, t);
	if ((rc = inert_rows(idx, first, last, lines, nlines, indent, t)) != 0)
		return rc < 0 ? rc : 0;
	if (!(at = calloc(nlines + 1, sizeof(*at))))
		return pw_error_oom();
	if ((rc = put_line(&buf, idx, first, indent)) == 0)
		rc = put_line(&buf, idx, first + 1, indent);
	for (i = 0; i < nlines && rc == 0; i++) {
		if (lines[i] <= prev || lines[i] > last)
			continue; /* the header, the delimiter row, out of the block or twice */
		at[n++] = prev = lines[i];
		rc = put_line(&buf, idx, lines[i], indent);
	}
	if (rc == 0)
		rc = pw_mdtable_parse(buf.ptr, buf.len, 1, t);
	pw_buf_clear(&buf);
	/* a plain block whose first two lines start no table: as a whole */
	if (rc == 0 && (t->first_line != 1 || t->nrows != n || t->header.line != 1)) {
		pw_mdtable_clear(t);
		rc = PW_ENOTFOUND;
	}
	if (rc == PW_ENOTFOUND) {
		free(at);
		return pw_mdtable_parse_block(idx, first, last, t);
	}
	if (rc == 0) {
		t->header.line = first;
		for (i = 0; i < t->nrows; i++)
			t->rows[i].line = at[t->rows[i].line - 3];
		t->first_line = first;
		t->last_line = last;
		t->partial = 1;
	}
	free(at);
	return rc;
}

int pw_mdtable_add_row(pw_mdtable *t, const pw_section_index *idx, int first, int last, int line)
{
	pw_mdtable one;
	pw_mdrow *rows;
	int rc;
	if (!t->partial || line <= first + 1 || line > last || pw_mdtable_row_at(t, line))
		return 0;
	if ((rc = pw_mdtable_parse_rows(idx, first, last, &line, 1, &one)) < 0)
		return rc;
	if (!one.partial || one.nrows != 1) {
		pw_mdtable_clear(&one);
		return 0;
	}
	if (!(rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows)))) {
		pw_mdtable_clear(&one);
		return pw_error_oom();
	}
	t->rows = rows;
	t->rows[t->nrows++] = one.rows[0];
	one.nrows = 0;
	pw_mdtable_clear(&one);
	return 0;
}

const pw_mdrow *pw_mdtable_row_at(const pw_mdtable *t, int line)
{
	size_t i;
	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].line == line)
			return &t->rows[i];
	return NULL;
}

static int ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, j;
	for (i = 0; hay[i]; i++) {
		for (j = 0; j < n; j++) {
			char c = hay[i + j];
			if (!c)
				return 0;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
		}
		if (j == n)
			return 1;
	}
	return 0;
}

int pw_mdtable_column(const pw_mdtable *t, const char *const *words)
{
	size_t i, k;
	for (i = 0; i < t->header.ncells; i++)
		for (k = 0; words[k]; k++)
			if (ci_contains(t->header.cells[i], words[k]))
				return (int)i;
	return -1;
}
