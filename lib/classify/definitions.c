/* Defined terms of a document revision: see definitions.h. */
#include "classify/definitions.h"

#include "classify/sections.h"
#include "util/buf.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longest term accepted (bytes): longer bold text is not a term. */
#define TERM_MAX 120

static int word_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int blank(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!is_space(s[i]) && s[i] != '\r')
			return 0;
	return 1;
}

/* ---- one line ----------------------------------------------------------- */

typedef struct {
	const char *s;
	size_t n;
} line_t;

/* "**Term**: rest", "**Term:** rest", "**Term** : ** **  rest" (old EVG):
 * returns 1 with the term span and where the definition's text starts. */
static int bold_term(const char *s, size_t n, size_t *t0, size_t *t1, size_t *rest)
{
	size_t i = 0, e, a, b;
	int colon = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (n - i < 5 || s[i] != '*' || s[i + 1] != '*' || s[i + 2] == '*' || is_space(s[i + 2]))
		return 0;
	for (e = i + 2; e + 1 < n; e++)
		if (s[e] == '*' && s[e + 1] == '*')
			break;
	if (e + 1 >= n)
		return 0;
	a = i + 2;
	b = e;
	while (b > a && is_space(s[b - 1]))
		b--;
	if (b > a && s[b - 1] == ':') {
		colon = 1;
		b--;
		while (b > a && is_space(s[b - 1]))
			b--;
	}
	e += 2;
	while (e < n && is_space(s[e]))
		e++;
	if (!colon) {
		if (e >= n || s[e] != ':')
			return 0;
		e++;
	}
	for (;;) { /* empty bold runs ("** **", "****") left by old conversions */
		while (e < n && is_space(s[e]))
			e++;
		if (e + 1 < n && s[e] == '*' && s[e + 1] == '*') {
			size_t k = e + 2;
			while (k < n && is_space(s[k]))
				k++;
			if (k + 1 < n && s[k] == '*' && s[k + 1] == '*') {
				e = k + 2;
				continue;
			}
		}
		break;
	}
	if (b <= a || b - a > TERM_MAX || memchr(s + a, '*', b - a))
		return 0;
	*t0 = a;
	*t1 = b;
	*rest = e;
	return 1;
}

/* A paragraph opening with "This policy" that quotes a term:
 *   This policy considers a "CA Owner" to be ...  (straight or curly quotes) */
static int prose_term(const char *s, size_t n, size_t *t0, size_t *t1)
{
	static const char lead[] = "This policy ";
	size_t i, end = n;
	const char *dot;
	if (n < sizeof(lead) || memcmp(s, lead, sizeof(lead) - 1) != 0)
		return 0;
	dot = memchr(s, '.', n); /* the first sentence */
	if (dot)
		end = (size_t)(dot - s);
	for (i = sizeof(lead) - 1; i < end; i++) {
		size_t open = 0, k;
		if (s[i] == '"')
			open = 1;
		else if (i + 2 < end && (unsigned char)s[i] == 0xe2 &&
		         (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x9c)
			open = 3;
		if (!open)
			continue;
		for (k = i + open; k < end; k++) {
			int close =
			    s[k] == '"' ? 1
			    : (k + 2 < n && (unsigned char)s[k] == 0xe2 &&
			       (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] == 0x9d)
			        ? 3
			        : 0;
			if (!close)
				continue;
			if (k == i + open || k - (i + open) > TERM_MAX)
				return 0;
			*t0 = i + open;
			*t1 = k;
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Bold labels inside a definition that are no terms ("**Note**: ..."). */
static int label(const char *s, size_t n)
{
	static const char *const words[] = {"note", "notes", "example", "examples", NULL};
	size_t i;
	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return 1;
	return 0;
}

/* Whether the term is defined already (a repeated one continues the text). */
static int defined(const pw_definitions *d, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < d->count; i++)
		if (strlen(d->items[i].term) == n && memcmp(d->items[i].term, s, n) == 0)
			return 1;
	return 0;
}

/* Whether s[0..n) contains `w` (lower case), ignoring ASCII case. */
static int contains_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w), i;
	for (i = 0; i + wl <= n; i++)
		if ((s[i] | 0x20) == w[0] && strncasecmp(s + i, w, wl) == 0)
			return 1;
	return 0;
}

/* An ATX heading line, as pw_sections_parse_heading reads one: up to three
 * spaces, one to six '#', then a blank or the end. */
static int heading_line(const char *s, size_t n, int *level)
{
	size_t i = 0;
	int lv = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	while (i < n && s[i] == '#' && lv < 7)
		i++, lv++;
	if (lv < 1 || lv > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
		return 0;
	*level = lv;
	return 1;
}

static int defs_heading(const char *s, size_t n, int *is_heading, int *level, char **section)
{
	char *id = NULL, *title = NULL;
	int rc;
	/* a heading naming neither "1.6.1" nor "definitions" (its id and title
	 * are parts of the line) only ends a definitions section: no parse */
	*section = NULL;
	if (!(*is_heading = heading_line(s, n, level)) ||
	    (!memmem(s, n, "1.6.1", 5) && !contains_ci(s, n, "definitions")))
		return 0;
	rc = pw_sections_parse_heading(level, &id, &title, s, n);
	*is_heading = rc == 1;
	*section = NULL;
	if (rc < 0)
		return rc;
	if (rc == 1) {
		const char *t = title ? title : "";
		size_t tl;
		while (is_space(*t))
			t++;
		tl = strlen(t);
		while (tl && (is_space(t[tl - 1]) || t[tl - 1] == ':' || t[tl - 1] == '\r'))
			tl--;
		if ((id && strcmp(id, "1.6.1") == 0) ||
		    (tl == 11 && strncasecmp(t, "definitions", 11) == 0)) {
			*section = id ? id : strndup(t, tl);
			if (id)
				id = NULL;
			if (!*section)
				rc = pw_error_oom();
		}
	}
	free(id);
	free(title);
	return rc < 0 ? rc : 0;
}

/* ---- reading ------------------------------------------------------------ */

/* "Certification Authority (or CA)", "Registration Authority (RA)": the
 * name before the parenthesis and the alias in it. */
static int split_alias(pw_definition *d)
{
	const char *t = d->term, *open;
	size_t n = strlen(t), a;
	if (n < 4 || t[n - 1] != ')' || !(open = strstr(t, " (")))
		return 0;
	a = (size_t)(open - t) + 2;
	if (n - 1 - a > 3 && strncmp(t + a, "or ", 3) == 0)
		a += 3;
	if (a >= n - 1 || memchr(t + a, '(', n - 1 - a))
		return 0;
	d->name = strndup(t, (size_t)(open - t));
	d->alias = strndup(t + a, n - 1 - a);
	if (!d->name || !d->alias) {
		free(d->name);
		free(d->alias);
		d->name = d->alias = NULL;
		return pw_error_oom();
	}
	return 0;
}

static int add_def(pw_definitions *out, const line_t *lines, int first, int last, size_t t0,
                   size_t t1, size_t rest, const char *section)
{
	pw_definition *p, *d;
	pw_buf b = PW_BUF_INIT;
	int i, rc = 0;
	while (last > first && blank(lines[last - 1].s, lines[last - 1].n))
		last--;
	p = realloc(out->items, (out->count + 1) * sizeof(*p));
	if (!p)
		return pw_error_oom();
	out->items = p;
	d = &out->items[out->count];
	memset(d, 0, sizeof(*d));
	for (i = first; i <= last && rc == 0; i++) {
		const char *s = lines[i - 1].s;
		size_t n = lines[i - 1].n;
		if (i == first) {
			s += rest;
			n -= rest;
		} else {
			rc = pw_buf_putc(&b, '\n');
		}
		while (n && (s[n - 1] == '\r' || is_space(s[n - 1])))
			n--;
		if (rc == 0)
			rc = pw_buf_put(&b, s, n);
	}
	if (rc == 0 && b.len == 0)
		rc = pw_buf_puts(&b, "");
	d->term = strndup(lines[first - 1].s + t0, t1 - t0);
	if (d->term && (rc = split_alias(d)) < 0) {
		free(d->term);
		free(d->text);
		return rc;
	}
	d->section = strdup(section);
	d->text = rc == 0 ? pw_buf_detach(&b) : NULL;
	pw_buf_clear(&b);
	d->first_line = first;
	d->last_line = last;
	if (!d->term || !d->section || !d->text) {
		free(d->term);
		free(d->section);
		free(d->text);
		return pw_error_oom();
	}
	out->count++;
	return 0;
}

/* Counts the lines naming each term in one pass: a hash of the terms' first
 * words, looked up at every word start. */
typedef struct {
	uint64_t hash;
	size_t def; /* index + 1; 0 empty */
	size_t len; /* the term's length */
} slot_t;

/* Most words of a text cannot start a term (terms are capitalised): a word
 * is hashed only when some term's first word has its first byte and length. */
#define LEN_BUCKETS 32

typedef struct {
	slot_t *tab;
	size_t cap;
	unsigned char may[256][LEN_BUCKETS];
} term_index;

static uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static size_t word_len(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && word_char((unsigned char)s[k]))
		k++;
	return k;
}

static int boundary_after(const char *s, size_t n, size_t e)
{
	if (e >= n || !word_char((unsigned char)s[e]))
		return 1;
	if (s[e] == 's' && (e + 1 >= n || !word_char((unsigned char)s[e + 1])))
		return 1;
	return s[e] == 'e' && e + 1 < n && s[e + 1] == 's' &&
	       (e + 2 >= n || !word_char((unsigned char)s[e + 2]));
}

/* The index of the terms' first words (names and aliases): built once per
 * revision, then every line is scanned in one pass over its words. */
static int build_index(pw_definitions *d)
{
	size_t cap = 16, i, k;
	slot_t *tab;
	term_index *x;
	while (cap < d->count * 8)
		cap *= 2;
	if (!(x = calloc(1, sizeof(*x))))
		return pw_error_oom();
	if (!(tab = calloc(cap, sizeof(*tab)))) {
		free(x);
		return pw_error_oom();
	}
	for (i = 0; i < d->count * 2; i++) {
		const char *t =
		    i % 2 ? d->items[i / 2].alias : pw_definitions_name(&d->items[i / 2]);
		size_t wl = t ? word_len(t, strlen(t)) : 0;
		uint64_t h;
		if (!wl)
			continue; /* a term not starting with a word is not looked for */
		h = word_hash(t, wl);
		for (k = h & (cap - 1); tab[k].def; k = (k + 1) & (cap - 1))
			;
		tab[k].hash = h;
		tab[k].def = i + 1;
		tab[k].len = strlen(t);
		x->may[(unsigned char)t[0]][wl < LEN_BUCKETS ? wl : LEN_BUCKETS - 1] = 1;
	}
	x->tab = tab;
	x->cap = cap;
	d->index = x;
	return 0;
}

/* Sets mark[i] = stamp for every term line `s` names; returns how many
 * marks changed. */
static size_t scan_line(const pw_definitions *d, const char *s, size_t n, int *mark, int stamp,
                        int count)
{
	const term_index *x = d->index;
	const slot_t *tab = x ? x->tab : NULL;
	size_t cap = x ? x->cap : 0, p = 0, k, changed = 0;
	if (!tab)
		return 0;
	while (p < n) {
		size_t wl;
		uint64_t h;
		if (!word_char((unsigned char)s[p])) {
			p++;
			continue;
		}
		wl = word_len(s + p, n - p);
		if (!x->may[(unsigned char)s[p]][wl < LEN_BUCKETS ? wl : LEN_BUCKETS - 1]) {
			p += wl;
			continue;
		}
		h = word_hash(s + p, wl);
		for (k = h & (cap - 1); tab[k].def; k = (k + 1) & (cap - 1)) {
			size_t di = (tab[k].def - 1) / 2;
			const char *t = (tab[k].def - 1) % 2 ? d->items[di].alias
			                                     : pw_definitions_name(&d->items[di]);
			size_t tl = tab[k].len;
			if (tab[k].hash != h || mark[di] == stamp)
				continue;
			if (tl <= n - p && memcmp(s + p, t, tl) == 0 &&
			    boundary_after(s, n, p + tl)) {
				mark[di] = stamp;
				changed++;
				if (count)
					d->items[di].uses++;
			}
		}
		p += wl;
	}
	return changed;
}

int pw_definitions_scan(const pw_definitions *d, const char *s, size_t n, int *mark)
{
	return (int)scan_line(d, s, n, mark, 1, 0);
}

/* Bytes from the most to the least frequent in the policy documents
 * (measured on the BR and Mozilla's policy); bytes not listed are rarer. */
static const char common_bytes[] = " etiaorns\ncdhlfu.pm-bCyS|gA12Tv,0#`w*MPNR/3U\tDI)(475Lk6E:"
                                   "[]Oqx89FzH\"K;B'VjYWQ";

/* The position of the term's least frequent byte, searched for first. */
static size_t rarest_byte(const char *term, size_t tl)
{
	size_t k, best = 0, best_rank = 0;
	for (k = 0; k < tl; k++) {
		const char *c = memchr(common_bytes, term[k], sizeof(common_bytes) - 1);
		size_t rank = c ? (size_t)(c - common_bytes) : sizeof(common_bytes);
		if (k == 0 || rank > best_rank) {
			best = k;
			best_rank = rank;
		}
	}
	return best;
}

/* Lines of `text` naming `term` as a whole word, counting stops past `limit`. */
static size_t count_lines(const char *text, size_t len, const char *term, size_t limit)
{
	size_t tl = strlen(term), p = 0, n = 0, k;
	const char *line_end = NULL;
	int one_line = !memchr(term, '\n', tl);
	if (!tl || tl > len)
		return 0;
	/* each occurrence is found by its least frequent byte: memchr stops
	 * at far fewer places than at the term's first byte */
	k = rarest_byte(term, tl);
	while (p + tl <= len && n <= limit) {
		/* the first occurrence at p or after: its byte k in [p + k, len - tl + k] */
		const char *a = text + p + k, *end = text + len - tl + k + 1, *hit = NULL;
		size_t at;
		while (a < end && (a = memchr(a, term[k], (size_t)(end - a))) != NULL) {
			/* the term's first and last bytes first: most places the
			 * byte stands at fail there, without a memcmp call */
			if (a[-(ptrdiff_t)k] == term[0] && a[tl - 1 - k] == term[tl - 1] &&
			    memcmp(a - k, term, tl) == 0) {
				hit = a - k;
				break;
			}
			a++;
		}
		if (!hit)
			break;
		at = (size_t)(hit - text);
		p = at + 1;
		if (line_end && hit < line_end)
			continue; /* this line is counted */
		if ((at && word_char((unsigned char)text[at - 1]) &&
		     word_char((unsigned char)term[0])) ||
		    !boundary_after(text, len, at + tl))
			continue;
		n++;
		line_end = memchr(hit, '\n', len - at);
		if (!line_end)
			break;
		if (one_line) /* no occurrence of the term starts before the next line */
			p = (size_t)(line_end - text) + 1;
	}
	return n;
}

void pw_definitions_count_uses(pw_definition *d, const char *text, size_t len, size_t limit)
{
	if (d->counted)
		return;
	d->uses = count_lines(text, len, pw_definitions_name(d), limit);
	if (d->alias && d->uses <= limit)
		d->uses += count_lines(text, len, d->alias, limit - d->uses);
	d->counted = 1;
}

/* Opens a span at the heading on `line`; it ends where it starts until a
 * later line ends it. */
static int open_span(pw_definitions *d, int line)
{
	pw_definitions_span *p = realloc(d->spans, (d->nspans + 1) * sizeof(*p));
	if (!p)
		return pw_error_oom();
	d->spans = p;
	p[d->nspans].first = p[d->nspans].last = line;
	d->nspans++;
	return 0;
}

int pw_definitions_read(pw_definitions *out, const char *text, size_t len)
{
	line_t *lines = NULL;
	size_t nlines = 0, cap = 0, p = 0;
	int rc = 0, in = 0, cur = 0;
	size_t t0 = 0, t1 = 0, rest = 0;
	char *section = NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	while (p < len) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (nlines == cap) {
			line_t *q;
			/* first sized for the text's likely line count: no regrowth */
			cap = cap ? cap * 2 : len / 48 + 1024;
			q = realloc(lines, cap * sizeof(*q));
			if (!q) {
				free(lines);
				return pw_error_oom();
			}
			lines = q;
		}
		lines[nlines].s = text + p;
		lines[nlines].n = e - p;
		while (lines[nlines].n && text[p + lines[nlines].n - 1] == '\r')
			lines[nlines].n--;
		nlines++;
		p = e + 1;
	}
	for (i = 0; i < nlines && rc == 0; i++) {
		const char *s = lines[i].s;
		size_t n = lines[i].n, a, b, r;
		int heading = 0, lv = 0; /* level: unused */
		char *sec = NULL;
		if (n && s[0] == '#') {
			if ((rc = defs_heading(s, n, &heading, &lv, &sec)) < 0)
				break;
		}
		if (heading) {
			if (cur)
				rc = add_def(out, lines, cur, (int)i, t0, t1, rest, section);
			cur = 0;
			if (in) /* the section ends on the line before */
				out->spans[out->nspans - 1].last = (int)i;
			free(section);
			section = sec;
			in = sec != NULL;
			if (in && rc == 0)
				rc = open_span(out, (int)i + 1);
			continue;
		}
		if (!in)
			continue;
		if ((bold_term(s, n, &a, &b, &r) ||
		     ((i == 0 || blank(lines[i - 1].s, lines[i - 1].n)) &&
		      prose_term(s, n, &a, &b) && (r = 0, 1))) &&
		    !label(s + a, b - a) && !defined(out, s + a, b - a) &&
		    !(cur && b - a == t1 - t0 &&
		      memcmp(s + a, lines[cur - 1].s + t0, b - a) == 0)) {
			if (cur &&
			    (rc = add_def(out, lines, cur, (int)i, t0, t1, rest, section)) < 0)
				break;
			cur = (int)i + 1;
			t0 = a;
			t1 = b;
			rest = r;
		}
	}
	if (rc == 0 && cur)
		rc = add_def(out, lines, cur, (int)nlines, t0, t1, rest, section);
	if (rc == 0 && in)
		out->spans[out->nspans - 1].last = (int)nlines;
	free(section);
	if (rc == 0 && out->count)
		rc = build_index(out);
	free(lines);
	if (rc < 0)
		pw_definitions_clear(out);
	return rc;
}

void pw_definitions_clear(pw_definitions *d)
{
	size_t i;
	for (i = 0; i < d->count; i++) {
		free(d->items[i].term);
		free(d->items[i].text);
		free(d->items[i].section);
		free(d->items[i].name);
		free(d->items[i].alias);
	}
	free(d->items);
	free(d->spans);
	if (d->index)
		free(((term_index *)d->index)->tab);
	free(d->index);
	memset(d, 0, sizeof(*d));
}

/* The span holding `line` (definitions lie in their spans). */
static size_t span_at(const pw_definitions *d, int line)
{
	size_t k = 0;
	while (k + 1 < d->nspans && d->spans[k].last < line)
		k++;
	return k;
}

static int copy_def(pw_definition *b, const pw_definition *a, int shift)
{
	b->first_line = a->first_line + shift;
	b->last_line = a->last_line + shift;
	if (!(b->term = strdup(a->term)) || !(b->text = strdup(a->text)) ||
	    !(b->section = strdup(a->section)) || (a->name && !(b->name = strdup(a->name))) ||
	    (a->alias && !(b->alias = strdup(a->alias))))
		return pw_error_oom();
	return 0;
}

int pw_definitions_moved(pw_definitions *out, const pw_definitions *d, const int *shift)
{
	size_t i;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if ((d->nspans && !(out->spans = malloc(d->nspans * sizeof(*out->spans)))) ||
	    (d->count && !(out->items = calloc(d->count, sizeof(*out->items)))))
		rc = pw_error_oom();
	for (i = 0; rc == 0 && i < d->nspans; i++) {
		out->spans[i].first = d->spans[i].first + shift[i];
		out->spans[i].last = d->spans[i].last + shift[i];
		out->nspans++;
	}
	for (i = 0; rc == 0 && i < d->count; i++) {
		out->count++; /* its strings are freed with it, whichever were copied */
		rc = copy_def(&out->items[i], &d->items[i],
		              shift[span_at(d, d->items[i].first_line)]);
	}
	if (rc == 0 && out->count)
		rc = build_index(out);
	if (rc < 0)
		pw_definitions_clear(out);
	return rc;
}

const char *pw_definitions_name(const pw_definition *d)
{
	return d->name ? d->name : d->term;
}

int pw_definitions_mentioned(const pw_definition *d, const char *s, size_t n)
{
	return pw_definitions_mentions(s, n, pw_definitions_name(d)) ||
	       (d->alias && pw_definitions_mentions(s, n, d->alias));
}

const pw_definition *pw_definitions_find(const pw_definitions *d, const char *term)
{
	size_t i;
	for (i = 0; i < d->count; i++)
		if (strcmp(d->items[i].term, term) == 0)
			return &d->items[i];
	return NULL;
}

int pw_definitions_mentions(const char *s, size_t n, const char *term)
{
	size_t tl = strlen(term), p = 0;
	if (!tl)
		return 0;
	while (p + tl <= n) {
		const char *hit = memmem(s + p, n - p, term, tl);
		size_t at;
		if (!hit)
			return 0;
		at = (size_t)(hit - s);
		if ((at == 0 || !word_char((unsigned char)s[at - 1]) ||
		     !word_char((unsigned char)term[0])) &&
		    boundary_after(s, n, at + tl))
			return 1;
		p = at + 1;
	}
	return 0;
}

int pw_definitions_differ(const char *a, const char *b)
{
	if (strcmp(a, b) == 0) /* most definitions are unchanged */
		return 0;
	while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
		a++;
	while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
		b++;
	for (;;) {
		int sa = 0, sb = 0;
		while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r') {
			a++;
			sa = 1;
		}
		while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r') {
			b++;
			sb = 1;
		}
		if (!*a || !*b)
			return *a != *b;
		if (sa != sb || *a != *b)
			return 1;
		a++;
		b++;
	}
}
