#include "classify/textkey.h"

#include "classify/dates.h"
#include "util/ascii.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static unsigned char norm_skip[256];
static char norm_lower[256];

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

static void init(void)
{
	int c;
	if (norm_lower['a'])
		return;
	for (c = 0; c < 256; c++) {
		norm_lower[c] = pw_ascii_lower((char)c);
		norm_skip[c] = c == ' ' || c == '\t' || c == '\r' || c == '|' || c == '*' ||
		               c == '`' || c == '\\' || c == '_';
	}
}

uint64_t pw_textkey_markup(const char *s, size_t n)
{
	/* normalized bytes are packed eight to a word: one multiply per word */
	uint64_t h = 1469598103934665603ULL, w = 0;
	size_t i, used = 0;
	init();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (norm_skip[c])
			continue;
		w = (w << 8) | (unsigned char)norm_lower[c];
		if ((++used & 7) == 0) {
			h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
			h ^= h >> 29;
			w = 0;
		}
	}
	if (!used)
		return 0;
	h = (h ^ w ^ used) * 0x9E3779B97F4A7C15ULL;
	h ^= h >> 32;
	return h | 1;
}

/* The key of a line or cell. Table-like text ('|') is compared up to
 * whitespace, case and emphasis markup (a re-formatted row is the same row);
 * other text up to leading and trailing blanks, eight bytes at a time. */
uint64_t pw_textkey_line(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL, w;
	size_t i = 0;
	if (memchr(s, '|', n))
		return pw_textkey_markup(s, n);
	init();
	while (n && norm_skip[(unsigned char)s[0]])
		s++, n--;
	while (n && norm_skip[(unsigned char)s[n - 1]])
		n--;
	if (!n)
		return 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w ^ n) * 0x9E3779B97F4A7C15ULL;
	h ^= h >> 32;
	return h | 1;
}

int pw_textkey_set_add(pw_textkey_set *s, uint64_t h)
{
	size_t i;
	if (!h)
		return 0;
	if ((s->count + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024, k;
		uint64_t *n = calloc(ncap, sizeof(uint64_t));
		uint32_t *c = calloc(ncap, sizeof(uint32_t));
		if (!n || !c) {
			free(n);
			free(c);
			return pw_error_oom();
		}
		for (k = 0; k < s->cap; k++) {
			if (!s->slots[k])
				continue;
			for (i = s->slots[k] & (ncap - 1); n[i]; i = (i + 1) & (ncap - 1))
				;
			n[i] = s->slots[k];
			c[i] = s->counts[k];
		}
		free(s->slots);
		free(s->counts);
		s->slots = n;
		s->counts = c;
		s->cap = ncap;
	}
	for (i = h & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == h) {
			if (s->counts[i] < UINT32_MAX)
				s->counts[i]++;
			return 0;
		}
	s->slots[i] = h;
	s->counts[i] = 1;
	s->count++;
	return 0;
}

void pw_textkey_set_remove(pw_textkey_set *s, uint64_t h)
{
	size_t mask = s->cap - 1, i, j, home;
	if (!h || !s->cap)
		return;
	for (i = h & mask; s->slots[i] != h; i = (i + 1) & mask)
		if (!s->slots[i])
			return;
	if (--s->counts[i])
		return;
	/* backward-shift deletion: keys after the hole that may fill it move up,
	 * so that no probe sequence is cut */
	for (j = i;;) {
		j = (j + 1) & mask;
		if (!s->slots[j])
			break;
		home = s->slots[j] & mask;
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue; /* its probe sequence does not pass the hole */
		s->slots[i] = s->slots[j];
		s->counts[i] = s->counts[j];
		i = j;
	}
	s->slots[i] = 0;
	s->counts[i] = 0;
	s->count--;
}

uint32_t pw_textkey_set_count(const pw_textkey_set *s, uint64_t h)
{
	size_t i;
	if (!h || !s->cap)
		return 0;
	for (i = h & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == h)
			return s->counts[i];
	return 0;
}

int pw_textkey_set_has(const pw_textkey_set *s, uint64_t h)
{
	return pw_textkey_set_count(s, h) > 0;
}

/* s[0..n) is digits only (s need not be NUL-terminated: no strspn). */
static int all_digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Sorted, de-duplicated hashes of the words of a text (for similarity). */
static int word_hashes(const char *s, size_t n, uint64_t **out, size_t *cnt)
{
	uint64_t *w = NULL;
	size_t k = 0, cap = 0, i = 0, a, b, j;
	*out = NULL;
	*cnt = 0;
	while (i < n) {
		while (i < n && !is_alnum((unsigned char)s[i]))
			i++;
		a = i;
		while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '/'))
			i++;
		if (i == a)
			continue;
		if (i - a <= 4 && all_digits(s + a, i - a))
			continue; /* day, month, year: shared by construction */
		if (k == cap) {
			uint64_t *p;
			cap = cap ? cap * 2 : 32;
			p = realloc(w, cap * sizeof(uint64_t));
			if (!p) {
				free(w);
				return pw_error_oom();
			}
			w = p;
		}
		w[k++] = pw_textkey_markup(s + a, i - a);
	}
	/* insertion sort is fine for lines; use qsort-free shell sort for long ones */
	for (b = k / 2; b > 0; b /= 2)
		for (a = b; a < k; a++)
			for (j = a; j >= b && w[j - b] > w[j]; j -= b) {
				uint64_t t = w[j];
				w[j] = w[j - b];
				w[j - b] = t;
			}
	for (a = 0, j = 0; a < k; a++)
		if (!j || w[j - 1] != w[a])
			w[j++] = w[a];
	*out = w;
	*cnt = j;
	return 0;
}

/* Word-set overlap of two texts; -1 on memory failure. `jaccard` receives
 * |A and B| / |A or B|, `contained` |A and B| / |B| (how much of b is in a). */
int pw_textkey_overlap(double *jaccard, double *contained, const char *a, size_t an, const char *b,
                       size_t bn)
{
	uint64_t *x, *y;
	size_t nx, ny, i = 0, j = 0, both = 0;
	if (word_hashes(a, an, &x, &nx) < 0)
		return -1;
	if (word_hashes(b, bn, &y, &ny) < 0) {
		free(x);
		return -1;
	}
	while (i < nx && j < ny) {
		if (x[i] == y[j])
			both++, i++, j++;
		else if (x[i] < y[j])
			i++;
		else
			j++;
	}
	*jaccard = (nx + ny - both) ? (double)both / (double)(nx + ny - both) : 1.0;
	*contained = ny ? (double)both / (double)ny : 1.0;
	free(x);
	free(y);
	return 0;
}

double pw_textkey_similarity(const char *a, size_t an, const char *b, size_t bn)
{
	double j, c;
	return pw_textkey_overlap(&j, &c, a, an, b, bn) < 0 ? -1 : j;
}

/* Lower-cases s[0..n) into b (reused). */
int pw_textkey_lower(pw_buf *b, const char *s, size_t n)
{
	size_t i;
	pw_buf_reset(b);
	if (pw_buf_grow(b, n + 1) < 0)
		return PW_ENOMEM;
	init(); /* norm_lower: pw_ascii_lower as a table, no branch per byte */
	for (i = 0; i < n; i++)
		b->ptr[i] = norm_lower[(unsigned char)s[i]];
	b->ptr[n] = '\0';
	b->len = n;
	return 0;
}

/* A whole-word (or whole-phrase) occurrence of lower-case `w` in lower-case s. */
const char *pw_textkey_find_word(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w), i;
	for (i = 0; i + wl <= n; i++) {
		if (s[i] != w[0] || memcmp(s + i, w, wl) != 0)
			continue;
		if (i > 0 && is_alnum((unsigned char)s[i - 1]) && is_alnum((unsigned char)w[0]))
			continue;
		if (i + wl < n && is_alnum((unsigned char)s[i + wl]) &&
		    is_alnum((unsigned char)w[wl - 1]))
			continue;
		return s + i;
	}
	return NULL;
}

/* ---- readable statements ------------------------------------------------ */

/* Appends one byte of text, collapsing whitespace. */
static int put_char(pw_buf *b, char c)
{
	if (c == ' ' && (!b->len || b->ptr[b->len - 1] == ' '))
		return 0;
	return pw_buf_putc(b, c);
}

/* Skips from s[i] (an opening bracket `open`) to just after its matching
 * `close`; n when there is none. */
static size_t skip_group(const char *s, size_t n, size_t i, char open, char close)
{
	int depth = 0;
	for (; i < n; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			return i + 1;
	}
	return n;
}

/* The inline text of s[0..n) with the Markdown marks left out, into b. */
static int put_inline(pw_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	int rc = 0;
	while (rc == 0 && i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = pw_utf8_len(s + i, n - i);
		if (!k) {
			rc = put_char(b, '?');
			i++;
		} else if (k > 1) {
			rc = pw_buf_put(b, s + i, k);
			i += k;
		} else if (c < 0x20 || c == 0x7F) {
			rc = put_char(b, ' ');
			i++;
		} else if (c == '\\' && i + 1 < n && strchr("\\`*_{}[]()#+-.!|<>~", s[i + 1])) {
			rc = put_char(b, s[i + 1]);
			i += 2;
		} else if (c == '*' || c == '`' || (c == '_' && i + 1 < n && s[i + 1] == '_')) {
			i += c == '_' ? 2 : 1; /* emphasis, code */
		} else if (c == '!' && i + 1 < n && s[i + 1] == '[') {
			i++; /* an image: its alt text */
		} else if (c == '[') {
			i++; /* a link's label is text */
		} else if (c == ']') {
			/* the link's target goes: "(url)", "[ref]" */
			if (i + 1 < n && s[i + 1] == '(')
				i = skip_group(s, n, i + 1, '(', ')');
			else if (i + 1 < n && s[i + 1] == '[')
				i = skip_group(s, n, i + 1, '[', ']');
			else
				i++;
		} else if (c == '<' && (n - i >= 4 && (strncmp(s + i, "<br>", 4) == 0 ||
		                                       strncmp(s + i, "<br/", 4) == 0 ||
		                                       strncmp(s + i, "<br ", 4) == 0))) {
			const char *gt = memchr(s + i, '>', n - i);
			i = gt ? (size_t)(gt - s) + 1 : n;
			rc = put_char(b, ' ');
		} else {
			rc = put_char(b, (char)c);
			i++;
		}
	}
	return rc;
}

/* "--", "-", "—", ":---:", "": a cell that says nothing. */
static int placeholder(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strchr(" -:", s[i]) && strncmp(s + i, "\xE2\x80\x94", 3) != 0 &&
		    strncmp(s + i, "\xE2\x80\x93", 3) != 0)
			return 0;
		else if (s[i] & 0x80)
			i += 2;
	return 1;
}

/* A cell holding one date and nothing else. */
static int date_only(const char *s, size_t n)
{
	pw_date d;
	return n && pw_dates_parse(s, n, &d) == n;
}

static void trim(pw_buf *b, size_t from)
{
	while (b->len > from && b->ptr[b->len - 1] == ' ')
		b->ptr[--b->len] = '\0';
}

/* The cells of a table row joined by "; " (see the header), into b. */
static int put_cells(pw_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	int rc = 0;
	while (rc == 0 && i <= n) {
		size_t start = i, mark = b->len, at;
		while (i < n && !(s[i] == '|' && (i == 0 || s[i - 1] != '\\')))
			i++;
		if (mark && (rc = pw_buf_puts(b, "; ")) < 0)
			break;
		at = b->len;
		rc = put_inline(b, s + start, i - start);
		trim(b, at);
		while (rc == 0 && b->len > at && b->ptr[at] == ' ')
			memmove(b->ptr + at, b->ptr + at + 1, b->len-- - at);
		if (b->len == at || placeholder(b->ptr + at, b->len - at) ||
		    date_only(b->ptr + at, b->len - at)) {
			b->len = mark; /* the cell says nothing of its own */
			if (b->ptr)
				b->ptr[b->len] = '\0';
		}
		i++;
	}
	return rc;
}

/* Cut to at most `max` bytes at a word boundary, with an ellipsis. */
static void cut(pw_buf *b, size_t max)
{
	static const char ellipsis[] = "\xE2\x80\xA6";
	size_t room, end;
	if (b->len <= max)
		return;
	room = max > 3 ? max - 3 : 0;
	end = room;
	while (end && ((unsigned char)b->ptr[end] & 0xC0) == 0x80)
		end--; /* a UTF-8 boundary */
	{
		size_t sp = end;
		while (sp && b->ptr[sp] != ' ')
			sp--;
		if (sp > room / 2)
			end = sp;
	}
	b->len = end;
	while (b->len && strchr(" ,;:", b->ptr[b->len - 1]))
		b->len--;
	if (room) {
		memcpy(b->ptr + b->len, ellipsis, 3);
		b->len += 3;
	}
	b->ptr[b->len] = '\0';
}

char *pw_textkey_statement(const char *s, size_t n, size_t max)
{
	pw_buf b = PW_BUF_INIT;
	size_t i = 0;
	int rc;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (memchr(s + i, '|', n - i)) {
		rc = put_cells(&b, s + i, n - i);
	} else {
		/* block marks: heading, quote, bullet */
		while (i < n && (s[i] == '#' || s[i] == '>'))
			i++;
		if (i + 1 < n && strchr("-*+", s[i]) && s[i + 1] == ' ')
			i += 2;
		rc = put_inline(&b, s + i, n - i);
	}
	if (rc == 0 && !b.ptr)
		rc = pw_buf_puts(&b, "");
	if (rc < 0) {
		pw_buf_clear(&b);
		return NULL;
	}
	trim(&b, 0);
	{ /* leading blanks left by the marks */
		size_t k = 0;
		while (k < b.len && b.ptr[k] == ' ')
			k++;
		memmove(b.ptr, b.ptr + k, b.len - k + 1);
		b.len -= k;
	}
	cut(&b, max);
	return pw_buf_detach(&b);
}

int pw_textkey_set_reserve(pw_textkey_set *s, size_t n)
{
	size_t cap = 1024;
	while (cap < n * 2 && cap < ((size_t)1 << 28))
		cap *= 2;
	pw_textkey_set_clear(s);
	s->slots = calloc(cap, sizeof(uint64_t));
	s->counts = calloc(cap, sizeof(uint32_t));
	if (!s->slots || !s->counts) {
		pw_textkey_set_clear(s);
		return pw_error_oom();
	}
	s->cap = cap;
	return 0;
}

void pw_textkey_set_clear(pw_textkey_set *s)
{
	free(s->slots);
	free(s->counts);
	s->slots = NULL;
	s->counts = NULL;
	s->cap = s->count = 0;
}
