#include "classify/sections.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n, or less so as not to cut a UTF-8 sequence: at most max bytes. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

static char *dup_range(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Trims spaces, tabs, CR, and decorative '*' / '_' / '#' at both ends. */
static void trim(const char **s, size_t *n)
{
	while (*n && strchr(" \t\r*_#", (*s)[0]) && (*s)[0])
		(*s)++, (*n)--;
	while (*n && strchr(" \t\r*_#", (*s)[*n - 1]) && (*s)[*n - 1])
		(*n)--;
}

static int ci_prefix(const char *s, size_t n, const char *word)
{
	size_t i, w = strlen(word);
	if (n < w)
		return 0;
	for (i = 0; i < w; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

int pw_sections_parse_heading(int *level, char **id, char **title, const char *line, size_t len)
{
	size_t i = 0, j, n;
	const char *t;
	int lv = 0;

	*id = NULL;
	*title = NULL;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	while (i < len && line[i] == '#' && lv < 7)
		i++, lv++;
	if (lv < 1 || lv > 6 || (i < len && line[i] != ' ' && line[i] != '\t'))
		return 0;
	t = line + i;
	n = len - i;
	trim(&t, &n);
	*level = lv;
	/* "4.9.1.1 Title", "1. INTRODUCTION", "5.3" */
	j = 0;
	while (j < n && (is_digit(t[j]) || (t[j] == '.' && j > 0)))
		j++;
	if (j > 0 && (j == n || t[j] == ' ' || t[j] == '\t' || t[j] == '*' || t[j] == '_')) {
		size_t k = j;
		while (k && t[k - 1] == '.')
			k--;
		*id = dup_range(t, k);
		if (!*id)
			return pw_error_oom();
		t += j;
		n -= j;
		trim(&t, &n);
		*title = dup_range(t, utf8_cut(t, n, 200));
		if (!*title) {
			free(*id);
			*id = NULL;
			return pw_error_oom();
		}
		return 1;
	}
	/* "Appendix A", "APPENDIX B: ..." */
	if (ci_prefix(t, n, "appendix ") && n > 9) {
		j = 9;
		while (j < n && t[j] == ' ')
			j++;
		if (j < n && ((t[j] >= 'A' && t[j] <= 'Z') || is_digit(t[j]))) {
			size_t k = j;
			while (k < n && ((t[k] >= 'A' && t[k] <= 'Z') || is_digit(t[k])))
				k++;
			if (k - j <= 3 && (k == n || !((t[k] >= 'a' && t[k] <= 'z')))) {
				*id = malloc(9 + (k - j) + 1);
				if (!*id)
					return pw_error_oom();
				memcpy(*id, "Appendix ", 9);
				memcpy(*id + 9, t + j, k - j);
				(*id)[9 + (k - j)] = '\0';
			}
		}
	}
	*title = dup_range(t, utf8_cut(t, n, 200));
	if (!*title) {
		free(*id);
		*id = NULL;
		return pw_error_oom();
	}
	return 1;
}

static int add_line(pw_section_index *idx, size_t *cap, size_t off)
{
	if (idx->nlines + 1 >= *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		size_t *p = realloc(idx->line_off, ncap * sizeof(*p));
		if (!p)
			return pw_error_oom();
		idx->line_off = p;
		*cap = ncap;
	}
	idx->line_off[idx->nlines++] = off;
	return 0;
}

static int add_section(pw_section_index *idx, size_t *cap, const pw_section *s)
{
	if (idx->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		pw_section *p = realloc(idx->items, ncap * sizeof(*p));
		if (!p)
			return pw_error_oom();
		idx->items = p;
		*cap = ncap;
	}
	idx->items[idx->count++] = *s;
	return 0;
}

/* The fence a line opens (CommonMark 4.5): up to 3 spaces of indentation, then
 * a run of at least 3 backticks or tildes; after a run of backticks, the info
 * string holds no backtick (```x``` is inline code, not a fence). Returns the
 * run's length and sets *ch to its character, or returns 0. */
static size_t fence_open(char *ch, const char *s, size_t n)
{
	size_t i = 0, run;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i == n || (s[i] != '`' && s[i] != '~'))
		return 0;
	run = i;
	while (i < n && s[i] == s[run])
		i++;
	if (i - run < 3)
		return 0;
	if (s[run] == '`' && memchr(s + i, '`', n - i))
		return 0;
	*ch = s[run];
	return i - run;
}

/* Whether a line closes a fence of len characters ch: up to 3 spaces of
 * indentation, a run of ch at least len long, then only spaces or tabs. */
static int fence_closes(const char *s, size_t n, char ch, size_t len)
{
	size_t i = 0, run;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	run = i;
	while (i < n && s[i] == ch)
		i++;
	if (i - run < len)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i == n;
}

int pw_sections_build(pw_section_index *idx, const char *text, size_t len)
{
	size_t lcap = 0, scap = 0, off = 0;
	int lineno = 0;
	size_t fence_len = 0; /* the open fence's length, 0: none */
	char fence_ch = 0;
	int num_level = 0, num_idx = -1; /* the enclosing numbered heading */
	int rc;

	memset(idx, 0, sizeof(*idx));
	idx->text = text;
	idx->len = len;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - off;
		const char *line = text + off;
		lineno++;
		if ((rc = add_line(idx, &lcap, off)) < 0)
			goto fail;
		if (n && line[n - 1] == '\r')
			n--;
		if (fence_len) {
			if (fence_closes(line, n, fence_ch, fence_len))
				fence_len = 0;
		} else if ((fence_len = fence_open(&fence_ch, line, n)) > 0) {
			/* a fenced code block holds no headings */
		} else if (n && (line[0] == '#' || line[0] == ' ')) {
			pw_section s;
			char *id, *title;
			int level;
			rc = pw_sections_parse_heading(&level, &id, &title, line, n);
			if (rc < 0)
				goto fail;
			if (rc == 1) {
				if (!id && num_idx >= 0 && level > num_level) {
					/* an unnumbered sub-heading stays in its numbered section
					 */
					id = strdup(idx->items[num_idx].id);
					if (!id) {
						free(title);
						rc = pw_error_oom();
						goto fail;
					}
				} else if (!id) {
					id = strdup(title);
					if (!id) {
						free(title);
						rc = pw_error_oom();
						goto fail;
					}
					num_idx = -1;
				} else {
					num_level = level;
					num_idx = (int)idx->count;
				}
				s.line = lineno;
				s.level = level;
				s.id = id;
				s.title = title;
				if ((rc = add_section(idx, &scap, &s)) < 0) {
					free(id);
					free(title);
					goto fail;
				}
			}
		}
		off = nl ? end + 1 : len;
	}
	if ((rc = add_line(idx, &lcap, len)) < 0)
		goto fail;
	idx->nlines--; /* the sentinel is not a line */
	return 0;
fail:
	pw_sections_clear(idx);
	return rc;
}

/* Whether pw_sections_build may read line s[0..n) as a heading or a code
 * fence (opening or closing one: a closing line opens one too). */
static int marks_structure(const char *s, size_t n)
{
	size_t i = 0;
	int lv = 0;
	char ch;
	if (n && s[n - 1] == '\r')
		n--;
	if (fence_open(&ch, s, n))
		return 1;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	while (i < n && s[i] == '#' && lv < 7)
		i++, lv++;
	return lv >= 1 && lv <= 6 && (i == n || s[i] == ' ' || s[i] == '\t');
}

/* The old revision's index under construction: its next line and offset,
 * the new revision's next line and section. */
typedef struct {
	pw_section_index *idx;
	const pw_section_index *now;
	size_t cap, off, sec;
	int nl;
} rebuild;

/* Adds the next old line, of `n` bytes with its newline, at b->off; 0 when
 * the old text does not hold a line there. */
static int old_line(rebuild *b, size_t n)
{
	if (b->off + n > b->idx->len || (b->off && b->idx->text[b->off - 1] != '\n'))
		return 0;
	if (add_line(b->idx, &b->cap, b->off) < 0)
		return PW_ENOMEM;
	b->off += n;
	return 1;
}

/* The next `count` unchanged lines; a heading among them keeps its section
 * at its old line. */
static int unchanged(rebuild *b, long count)
{
	const pw_section_index *now = b->now;
	int rc;
	for (; count > 0; count--, b->nl++) {
		if ((size_t)b->nl > now->nlines)
			return 0;
		if ((rc = old_line(b, now->line_off[b->nl] - now->line_off[b->nl - 1])) <= 0)
			return rc;
		if (b->sec < now->count && now->items[b->sec].line == b->nl) {
			pw_section *s = &b->idx->items[b->idx->count];
			*s = now->items[b->sec++];
			s->line = (int)b->idx->nlines;
			s->id = strdup(s->id);
			s->title = s->title ? strdup(s->title) : NULL;
			b->idx->count++;
			if (!s->id || (now->items[b->sec - 1].title && !s->title))
				return PW_ENOMEM;
		}
	}
	return count < 0 ? 0 : 1;
}

static int rebuild_lines(rebuild *b, const pw_diff_line *lines, size_t nlines)
{
	size_t i;
	int rc;
	for (i = 0; i < nlines; i++) {
		const pw_diff_line *l = &lines[i];
		if (l->origin == '+') {
			if ((rc = unchanged(b, (long)l->new_lineno - b->nl)) <= 0)
				return rc;
			b->nl++;
			continue;
		}
		if ((rc = unchanged(b, (long)l->old_lineno - 1 - (long)b->idx->nlines)) <= 0)
			return rc;
		/* its newline, unless it is the text's last line without one */
		if ((rc = old_line(b, l->len + (b->off + l->len < b->idx->len))) <= 0)
			return rc;
	}
	return unchanged(b, (long)b->now->nlines + 1 - b->nl);
}

int pw_sections_rebuild(pw_section_index *idx, const pw_section_index *now, const char *text,
                        size_t len, const pw_diff_line *lines, size_t nlines)
{
	rebuild b = {.idx = idx, .now = now, .nl = 1};
	size_t i;
	int rc;
	memset(idx, 0, sizeof(*idx));
	for (i = 0; i < nlines; i++)
		if (marks_structure(lines[i].content, lines[i].len))
			return 0;
	idx->text = text;
	idx->len = len;
	if (now->count && !(idx->items = calloc(now->count, sizeof(*idx->items))))
		return pw_error_oom();
	rc = rebuild_lines(&b, lines, nlines);
	if (rc == 1 && (b.off != len || b.sec != now->count))
		rc = 0;
	if (rc == 1 && add_line(idx, &b.cap, len) < 0)
		rc = PW_ENOMEM;
	if (rc == 1) {
		idx->nlines--; /* the sentinel is not a line */
		return 1;
	}
	pw_sections_clear(idx);
	return rc < 0 ? pw_error_oom() : 0;
}

const pw_section *pw_sections_at(const pw_section_index *idx, int line)
{
	size_t lo = 0, hi = idx->count;
	if (!idx->count || line < idx->items[0].line)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (idx->items[mid].line <= line)
			lo = mid;
		else
			hi = mid;
	}
	return &idx->items[lo];
}

const char *pw_sections_line(size_t *len, const pw_section_index *idx, int line)
{
	size_t a, b;
	if (line < 1 || (size_t)line > idx->nlines)
		return NULL;
	a = idx->line_off[line - 1];
	b = idx->line_off[line];
	if (b > a && idx->text[b - 1] == '\n')
		b--;
	if (b > a && idx->text[b - 1] == '\r')
		b--;
	*len = b - a;
	return idx->text + a;
}

void pw_sections_clear(pw_section_index *idx)
{
	size_t i;
	for (i = 0; i < idx->count; i++) {
		free(idx->items[i].id);
		free(idx->items[i].title);
	}
	free(idx->items);
	free(idx->line_off);
	memset(idx, 0, sizeof(*idx));
}

int pw_sections_anchor(char **out, const pw_section_index *idx, const pw_section *sec)
{
	pw_buf b = PW_BUF_INIT;
	size_t n, i = 0;
	const char *s = pw_sections_line(&n, idx, sec->line);
	int rc = 0;
	*out = NULL;
	if (!s)
		return pw_error_set(PW_ERROR, "section %s: no heading line", sec->id);
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '#'))
		i++;
	{ /* a closing sequence: " ##" */
		size_t e = n;
		while (e > i && s[e - 1] == '#')
			e--;
		if (e < n && (e == i || s[e - 1] == ' '))
			n = e;
		while (n > i && s[n - 1] == ' ')
			n--;
	}
	while (rc == 0 && i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<' && i + 1 < n &&
		    ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
		     s[i + 1] == '/')) {
			const char *gt = memchr(s + i, '>', n - i); /* an HTML tag */
			i = gt ? (size_t)(gt - s) + 1 : n;
		} else if (c == ']' && i + 1 < n && s[i + 1] == '(') {
			const char *p = memchr(s + i, ')', n - i); /* a link's target */
			i = p ? (size_t)(p - s) + 1 : n;
		} else if (c >= 'A' && c <= 'Z') {
			rc = pw_buf_putc(&b, (char)(c - 'A' + 'a'));
			i++;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		           c == '_') {
			rc = pw_buf_putc(&b, (char)c);
			i++;
		} else if (c == ' ' || c == '\t') {
			rc = pw_buf_putc(&b, '-');
			i++;
		} else if (c >= 0x80) {
			/* letters stay; dashes and curly quotes are punctuation */
			size_t k = 1;
			while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
				k++;
			if (!(k == 3 && (unsigned char)s[i] == 0xE2 &&
			      (unsigned char)s[i + 1] == 0x80)) {
				size_t j; /* percent-encoded: ready for a URL */
				for (j = 0; rc == 0 && j < k; j++)
					rc = pw_buf_printf(&b, "%%%02X", (unsigned char)s[i + j]);
			}
			i += k;
		} else {
			i++; /* ASCII punctuation */
		}
	}
	if (rc == 0 && !b.ptr)
		rc = pw_buf_puts(&b, "");
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	*out = pw_buf_detach(&b);
	return 0;
}
