#include "util/mdsafe.h"

#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ZWJ      "\xe2\x80\x8d"
#define FFFD     "\xef\xbf\xbd"
#define ELLIPSIS "\xe2\x80\xa6"
#define WJ       "\xe2\x81\xa0" /* WORD JOINER */

/* One column of the table in mdsafe.h. */
typedef struct {
	int refs;     /* break mentions and references with a ZWJ */
	int markup;   /* escape Markdown punctuation */
	int entities; /* '<', '>', '&' as entities (else backslash-escaped) */
} target;

static const target github = {1, 1, 1}, title = {1, 0, 0}, doc = {0, 1, 0};

/* `c`, after a backslash when `on`. */
static int escaped(pw_buf *b, unsigned char c, int on)
{
	int rc = on ? pw_buf_putc(b, '\\') : 0;
	return rc < 0 ? rc : pw_buf_putc(b, (char)c);
}

/* "#123" at the start of `text` or after a space or '(' when `s` is there. */
static int ref_at_word(const char *text, const unsigned char *s)
{
	return (const char *)s == text || s[-1] == ' ' || s[-1] == '(';
}

/* One ASCII character `*s` of `text` (s[1] and s[-1] may be read); *used gets
 * how many bytes were consumed. */
static int put_ascii(pw_buf *b, const target *t, const char *text, const unsigned char *s,
                     const char *repo, size_t *used)
{
	*used = 1;
	switch (*s) {
	case '@': /* @everyone, @org/team, user@host */
		if (t->refs)
			return pw_buf_puts(b, strncmp((const char *)s + 1, ZWJ, 3) == 0 ? "@"
			                                                                : "@" ZWJ);
		return pw_buf_putc(b, '@');
	case '#': /* #123 would link into the compliance repository */
		if (!t->refs)
			return pw_buf_puts(b, t->markup ? "\\#" : "#");
		if (s[1] >= '0' && s[1] <= '9' && repo && t->markup && ref_at_word(text, s)) {
			/* an explicit link to the upstream repository instead */
			size_t d = strspn((const char *)s + 1, "0123456789");
			*used = d + 1;
			return pw_buf_printf(b, "[#" ZWJ "%.*s](https://github.com/%s/issues/%.*s)",
			                     (int)d, s + 1, repo, (int)d, s + 1);
		}
		return pw_buf_puts(b, s[1] >= '0' && s[1] <= '9' ? "#" ZWJ : "#");
	case '<':
	case '>':
	case '&':
		if (t->markup && t->entities)
			return pw_buf_puts(b, *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : "&amp;");
		return escaped(b, *s, t->markup);
	case '\\':
	case '`':
	case '*':
	case '_':
	case '[':
	case ']':
	case '|':
	case '~':
	case '!':
	case '$':
		return escaped(b, *s, t->markup);
	default:
		return pw_buf_putc(b, *s < 0x20 || *s == 0x7f ? ' ' : (char)*s);
	}
}

static int neutralise(pw_buf *b, const target *t, const char *text, size_t max_bytes,
                      const char *repo)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t start = b->len, n;
	int rc = 0;

	while (*s && rc == 0) {
		if (max_bytes && b->len - start >= max_bytes)
			return pw_buf_puts(b, ELLIPSIS);
		n = pw_utf8_len((const char *)s, PW_UTF8_TO_NUL);
		if (n == 0) {
			rc = pw_buf_puts(b, FFFD);
			n = 1;
		} else if (n > 1)
			rc = pw_buf_put(b, (const char *)s, n);
		else {
			rc = put_ascii(b, t, text, s, repo, &n);
			/* "GH-123" also links into the repository */
			if (rc == 0 && t->refs && (*s == 'H' || *s == 'h') && s[1] == '-' &&
			    s[2] >= '0' && s[2] <= '9' && (const char *)s > text &&
			    (s[-1] == 'G' || s[-1] == 'g'))
				rc = pw_buf_puts(b, ZWJ);
		}
		s += n;
	}
	return rc;
}

int pw_mdsafe_github(pw_buf *b, const char *text)
{
	return neutralise(b, &github, text, 0, NULL);
}

int pw_mdsafe_github_max(pw_buf *b, const char *text, size_t max_bytes)
{
	return neutralise(b, &github, text, max_bytes, NULL);
}

int pw_mdsafe_github_upstream(pw_buf *b, const char *text, const char *repo)
{
	return neutralise(b, &github, text, 0, repo);
}

int pw_mdsafe_title(pw_buf *b, const char *text, size_t max_bytes)
{
	return neutralise(b, &title, text, max_bytes, NULL);
}

int pw_mdsafe_doc(pw_buf *b, const char *text)
{
	return neutralise(b, &doc, text, 0, NULL);
}

/* ---- block quotes ---- */

/* The `n` bytes at `s` with their web addresses broken, so that GitHub's
 * autolinking finds none ("https:" WORD JOINER "//", "www" WORD JOINER "."). */
static char *unlinked(const char *s, size_t n)
{
	pw_buf b = PW_BUF_INIT;
	size_t i;
	int rc = 0;
	for (i = 0; i < n && rc == 0; i++) {
		if (s[i] == ':' && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/')
			rc = pw_buf_puts(&b, ":" WJ);
		else if ((s[i] == 'w' || s[i] == 'W') && i + 3 < n &&
		         strncasecmp(s + i, "www.", 4) == 0)
			rc = pw_buf_printf(&b, "%.3s" WJ, s + i), i += 2;
		else
			rc = pw_buf_putc(&b, s[i]);
	}
	if (rc == 0 && !b.ptr)
		rc = pw_buf_puts(&b, "");
	if (rc < 0) {
		pw_buf_clear(&b);
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* The width of the list marker a line starts with ("1. ", "- ": the marker
 * and the spaces after it), 0 when it starts none. Such a line is a list item,
 * before which a hard break would print as a backslash. */
static size_t list_marker(const char *s)
{
	const char *p = s;
	size_t sp = 0;
	if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ')
		p++;
	else {
		while (*p >= '0' && *p <= '9' && p - s < 9)
			p++;
		if (p == s || (*p != '.' && *p != ')') || p[1] != ' ')
			return 0;
		p++;
	}
	while (p[sp] == ' ' && sp < 4)
		sp++;
	return (size_t)(p - s) + sp;
}

static int list_item(const char *s)
{
	while (*s == ' ')
		s++;
	return list_marker(s) > 0;
}

/* The indentation a quoted line keeps: as written, so that sub-items stay
 * items, but never 4 or more past the list item it belongs to (cols: the
 * content columns of the open items, *depth of them), where Markdown would
 * make preformatted code of it: code does not wrap at a page's margin. */
#define QUOTE_DEPTH 8
static size_t quote_indent(const char *line, size_t ind, size_t *cols, size_t *depth)
{
	size_t base, marker = list_marker(line + ind);
	while (*depth && ind < cols[*depth - 1])
		(*depth)--;
	base = *depth ? cols[*depth - 1] : 0;
	if (ind > base + 3)
		ind = base + 3;
	if (marker && *depth < QUOTE_DEPTH)
		cols[(*depth)++] = ind + marker;
	return ind;
}

/* The `n` bytes of one quoted line at `s`, neutralised for `t`. */
static int quote_line(pw_buf *b, const target *t, const char *s, size_t n)
{
	char *line = t == &github ? unlinked(s, n) : strndup(s, n);
	int rc = line ? neutralise(b, t, line, 0, NULL) : pw_error_oom();
	free(line);
	return rc;
}

static int quote(pw_buf *b, const target *t, const char *text)
{
	const char *p = text ? text : "";
	size_t cols[QUOTE_DEPTH], depth = 0;
	int rc = 0;
	while (rc == 0) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), ind = 0;
		while (ind < n && p[ind] == ' ')
			ind++;
		rc = pw_buf_puts(b, ">");
		if (rc == 0 && ind < n) {
			size_t keep = quote_indent(p, ind, cols, &depth);
			rc = pw_buf_printf(b, " %*s", (int)keep, "");
			if (rc == 0)
				rc = quote_line(b, t, p + ind, n - ind);
			/* a hard break unless a blank line, a list item or the end follows */
			if (rc == 0 && nl && nl[1] && nl[1] != '\n' && !list_item(nl + 1))
				rc = pw_buf_putc(b, '\\');
		}
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
	return rc;
}

int pw_mdsafe_quote_github(pw_buf *b, const char *text)
{
	return quote(b, &github, text);
}

int pw_mdsafe_quote_doc(pw_buf *b, const char *text)
{
	return quote(b, &doc, text);
}

/* ---- code ---- */

/* `text` with control characters (but `keep`) as spaces and invalid UTF-8 as
 * U+FFFD. */
static int put_verbatim(pw_buf *b, const char *text, const char *keep)
{
	const unsigned char *s = (const unsigned char *)text;
	int rc = 0;
	while (*s && rc == 0) {
		size_t n = pw_utf8_len((const char *)s, PW_UTF8_TO_NUL);
		if (n == 0) {
			rc = pw_buf_puts(b, FFFD);
			s++;
		} else if (n == 1 && (*s < 0x20 || *s == 0x7f) && !strchr(keep, *s)) {
			rc = pw_buf_putc(b, ' ');
			s++;
		} else {
			rc = pw_buf_put(b, (const char *)s, n);
			s += n;
		}
	}
	return rc;
}

/* The longest run of backticks in `s`; *len gets strlen(s). */
static size_t longest_ticks(const char *s, size_t *len)
{
	size_t run = 0, longest = 0, i;
	for (i = 0; s[i]; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	*len = i;
	return longest;
}

static int put_ticks(pw_buf *b, size_t n)
{
	int rc = 0;
	while (n-- && rc == 0)
		rc = pw_buf_putc(b, '`');
	return rc;
}

int pw_mdsafe_code(pw_buf *b, const char *text)
{
	const char *s = text ? text : "";
	size_t len, ticks = longest_ticks(s, &len) + 1;
	int pad = s[0] == '`' || (len > 0 && s[len - 1] == '`');
	int rc = put_ticks(b, ticks);

	if (rc == 0 && pad)
		rc = pw_buf_putc(b, ' ');
	if (rc == 0)
		rc = put_verbatim(b, s, "");
	if (rc == 0 && pad)
		rc = pw_buf_putc(b, ' ');
	return rc < 0 ? rc : put_ticks(b, ticks);
}

int pw_mdsafe_fence(pw_buf *b, const char *lang, const char *text)
{
	const char *s = text ? text : "";
	size_t len, longest = longest_ticks(s, &len), fence = longest < 3 ? 3 : longest + 1;
	int rc = put_ticks(b, fence);

	if (rc == 0)
		rc = pw_buf_printf(b, "%s\n", lang ? lang : "");
	if (rc == 0)
		rc = put_verbatim(b, s, "\n\t");
	if (rc == 0 && b->len > 0 && b->ptr[b->len - 1] != '\n')
		rc = pw_buf_putc(b, '\n');
	if (rc == 0)
		rc = put_ticks(b, fence);
	return rc < 0 ? rc : pw_buf_putc(b, '\n');
}
