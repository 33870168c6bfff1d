#include "upstream/lineclass.h"

#include "util/error.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A class: its line (a copy, in the arena), the line's hash and number. */
typedef struct {
	uint64_t hash;
	const char *s; /* NULL: a free slot */
	size_t n;
	uint32_t id;
} slot;

/* Copies of the lines, in chunks freed together. */
typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
} chunk;

#define CHUNK_BYTES (256u * 1024u)
/* Token characters: '!'..'~' (none of them isspace()). */
#define DIGITS 94u

struct pw_lineclass {
	slot *slots;
	size_t cap, count; /* cap: a power of two */
	chunk *chunks;
};

int pw_lineclass_new(pw_lineclass **out)
{
	pw_lineclass *c = calloc(1, sizeof(*c));
	*out = NULL;
	if (!c || !(c->slots = calloc(1024, sizeof(*c->slots)))) {
		free(c);
		return pw_error_oom();
	}
	c->cap = 1024;
	*out = c;
	return 0;
}

void pw_lineclass_free(pw_lineclass *c)
{
	chunk *k, *next;
	if (!c)
		return;
	for (k = c->chunks; k; k = next) {
		next = k->next;
		free(k);
	}
	free(c->slots);
	free(c);
}

void pw_lineclass_text_clear(pw_lineclass_text *t)
{
	free(t->tokens);
	free(t->off);
	memset(t, 0, sizeof(*t));
}

#define MIX 0x9e3779b97f4a7c15ULL

/* The length of the line at s (up to its newline or end) and its hash: the
 * bytes eight at a time, each word folded in by one multiplication, the
 * bits mixed once at the end (the table is indexed by the low ones). */
static size_t scan_line(const char *s, const char *end, uint64_t *hash)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s)), *e = nl ? nl : end, *p = s;
	uint64_t h = 0x243f6a8885a308d3ULL, w;
	while (e - p >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * MIX;
		p += 8;
	}
	if (e > p) {
		w = 0;
		memcpy(&w, p, (size_t)(e - p));
		h = (h ^ w) * MIX;
	}
	h ^= (uint64_t)(e - s);
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	*hash = h ^ (h >> 29);
	return (size_t)(e - s);
}

static const char *arena_copy(pw_lineclass *c, const char *s, size_t n)
{
	chunk *k = c->chunks;
	char *p;
	if (!k || k->cap - k->used < n) {
		size_t cap = n > CHUNK_BYTES ? n : CHUNK_BYTES;
		if (!(k = malloc(sizeof(*k) + cap)))
			return NULL;
		k->used = 0;
		k->cap = cap;
		k->next = c->chunks;
		c->chunks = k;
	}
	p = k->data + k->used;
	memcpy(p, s, n);
	k->used += n;
	return p;
}

static int grow(pw_lineclass *c)
{
	size_t ncap = c->cap * 2, i;
	slot *ns = calloc(ncap, sizeof(*ns));
	if (!ns)
		return pw_error_oom();
	for (i = 0; i < c->cap; i++) {
		size_t j;
		if (!c->slots[i].s)
			continue;
		for (j = c->slots[i].hash & (ncap - 1); ns[j].s; j = (j + 1) & (ncap - 1))
			;
		ns[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = ns;
	c->cap = ncap;
	return 0;
}

/* The class of line s[0..n) of hash h, made when new; -1 on memory. */
static int64_t class_of(pw_lineclass *c, const char *s, size_t n, uint64_t h)
{
	size_t j;
	uint32_t id;
	slot *e;
	for (j = h & (c->cap - 1); c->slots[j].s; j = (j + 1) & (c->cap - 1)) {
		e = &c->slots[j];
		if (e->hash == h && e->n == n && memcmp(e->s, s, n) == 0)
			return e->id;
	}
	if (c->count >= UINT32_MAX - 1)
		return -1;
	e = &c->slots[j];
	if (!(e->s = arena_copy(c, s, n)))
		return -1;
	e->hash = h;
	e->n = n;
	e->id = id = (uint32_t)c->count++;
	if (c->count * 2 > c->cap && grow(c) < 0)
		return -1;
	return id;
}

/* Makes room for `need` more bytes of tokens. */
static int reserve(pw_lineclass_text *t, size_t *cap, size_t need)
{
	char *p;
	size_t ncap;
	if (*cap - t->len >= need)
		return 0;
	ncap = *cap * 2 > t->len + need ? *cap * 2 : t->len + need + 64;
	if (!(p = realloc(t->tokens, ncap)))
		return pw_error_oom();
	t->tokens = p;
	*cap = ncap;
	return 0;
}

static int tokenize(pw_lineclass_text *t, pw_lineclass *c, const char *text, size_t len)
{
	size_t tcap = len / 8 + 64, ocap = len / 32 + 64, at = 0;
	const char *end = text + len;
	if (!(t->tokens = malloc(tcap)) || !(t->off = malloc(ocap * sizeof(*t->off))))
		return pw_error_oom();
	for (;;) {
		const char *s = text + at;
		uint64_t h, v;
		size_t n, ws = 0, with_nl;
		int64_t id;
		if (t->nlines + 1 >= ocap) {
			size_t *p = realloc(t->off, 2 * ocap * sizeof(*p));
			if (!p)
				return pw_error_oom();
			t->off = p;
			ocap *= 2;
		}
		t->off[t->nlines] = at;
		if (at >= len)
			break; /* the sentinel */
		t->nlines++;
		n = scan_line(s, end, &h);
		with_nl = at + n < len;
		while (ws < n && isspace((unsigned char)s[ws]))
			ws++;
		if (ws == n) { /* whitespace only: as it is */
			if (reserve(t, &tcap, n + 1) < 0)
				return PW_ENOMEM;
			memcpy(t->tokens + t->len, s, n + with_nl);
			t->len += n + with_nl;
		} else {
			if ((id = class_of(c, s, n, h)) < 0)
				return pw_error_oom();
			if (reserve(t, &tcap, ws + 8) < 0)
				return PW_ENOMEM;
			if (ws) {
				memcpy(t->tokens + t->len, s, ws);
				t->len += ws;
			}
			/* the class number in bijective base 94: one string per number */
			for (v = (uint64_t)id + 1; v; v /= DIGITS) {
				v--;
				t->tokens[t->len++] = (char)('!' + v % DIGITS);
			}
			if (with_nl)
				t->tokens[t->len++] = '\n';
		}
		at += n + with_nl;
	}
	return 0;
}

int pw_lineclass_tokens(pw_lineclass_text *out, pw_lineclass *c, const char *text, size_t len)
{
	int rc;
	memset(out, 0, sizeof(*out));
	if (len && memchr(text, '\0', len))
		return 1;
	if ((rc = tokenize(out, c, text, len)) < 0) {
		pw_lineclass_text_clear(out);
		return rc;
	}
	return 0;
}
