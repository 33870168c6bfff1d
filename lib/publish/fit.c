#include "publish/fit.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum { TEXT = 0, MARKER, MARKER_PER_CHANGE };

typedef struct {
	const char *p;
	size_t len; /* without the newline */
	int nl;     /* followed by a newline */
	int kind;
	int keep;
} line;

static int marker_kind(const char *p, size_t len)
{
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\r'))
		len--;
	if (len < 17 || strncmp(p, "<!-- pkiwatch:", 14) != 0 ||
	    strncmp(p + len - 3, "-->", 3) != 0)
		return TEXT;
	if ((len > 21 && strncmp(p + 14, "change ", 7) == 0) ||
	    (len > 22 && strncmp(p + 14, "decided ", 8) == 0))
		return MARKER_PER_CHANGE;
	return MARKER;
}

/* A fence line: up to three spaces, then three or more ` or ~; *ch and *n
 * tell which and how many. */
static int fence(const line *l, char *ch, size_t *n)
{
	size_t i = 0, k;
	while (i < 3 && i < l->len && l->p[i] == ' ')
		i++;
	if (i >= l->len || (l->p[i] != '`' && l->p[i] != '~'))
		return 0;
	for (k = i; k < l->len && l->p[k] == l->p[i]; k++)
		;
	if (k - i < 3)
		return 0;
	*ch = l->p[i];
	*n = k - i;
	return 1;
}

static int has(const line *l, const char *what)
{
	size_t n = strlen(what), i;
	for (i = 0; i + n <= l->len; i++)
		if (strncmp(l->p + i, what, n) == 0)
			return 1;
	return 0;
}

static int split(line **out, size_t *count, const char *text)
{
	const char *p = text;
	size_t n = 0, cap = 0;
	line *v = NULL;
	while (*p) {
		size_t len = strcspn(p, "\n");
		if (n == cap) {
			line *w = realloc(v, (cap = cap ? 2 * cap : 256) * sizeof(*w));
			if (!w) {
				free(v);
				return pw_error_oom();
			}
			v = w;
		}
		v[n].p = p;
		v[n].len = len;
		v[n].nl = p[len] == '\n';
		v[n].kind = marker_kind(p, len);
		v[n].keep = 1;
		n++;
		p += len + (p[len] == '\n');
	}
	*out = v;
	*count = n;
	return 0;
}

/* The bytes of the markers always kept (*essential) and of the text lines
 * (*textlen), each with its newline. */
static void measure(const line *v, size_t n, size_t *essential, size_t *textlen)
{
	size_t i;
	*essential = *textlen = 0;
	for (i = 0; i < n; i++) {
		if (v[i].kind == MARKER)
			*essential += v[i].len + 1;
		else if (v[i].kind == TEXT)
			*textlen += v[i].len + 1;
	}
}

/* Keeps the first per-change markers that fit in `room` bytes, leaves out
 * the others (from the first that does not fit); returns how many it left
 * out, *kept: their bytes. */
static size_t keep_markers(line *v, size_t n, size_t room, size_t *kept)
{
	size_t i, dropped = 0;
	*kept = 0;
	for (i = 0; i < n; i++)
		if (v[i].kind == MARKER_PER_CHANGE) {
			if (!dropped && *kept + v[i].len + 1 <= room)
				*kept += v[i].len + 1;
			else {
				v[i].keep = 0;
				dropped++;
			}
		}
	return dropped;
}

/* Where the text is cut: the first text line that does not fit in `avail`
 * bytes beside `markers` (n when all fit), and *partial: how much of it
 * fits, cut at a UTF-8 character boundary. */
static size_t cut_at(const line *v, size_t n, size_t markers, size_t avail, size_t *partial)
{
	size_t cut, used = 0;
	*partial = 0;
	for (cut = 0; cut < n; cut++) {
		if (v[cut].kind != TEXT)
			continue;
		if (markers + used + v[cut].len + 1 > avail)
			break;
		used += v[cut].len + 1;
	}
	if (cut < n) {
		*partial = avail - markers - used;
		if (*partial > v[cut].len)
			*partial = v[cut].len;
		while (*partial > 0 && ((unsigned char)v[cut].p[*partial] & 0xC0) == 0x80)
			(*partial)--;
	}
	return cut;
}

/* The open code fence and <details> depth of the text written so far. */
typedef struct {
	char fence_ch;
	size_t fence_n;
	int details;
} blocks;

static void track(blocks *k, const line *l)
{
	char ch;
	size_t n;
	if (!k->fence_n && !k->fence_ch) {
		if (fence(l, &k->fence_ch, &k->fence_n)) {
			/* opened */
		} else if (has(l, "</details>")) {
			k->details--;
		} else if (has(l, "<details")) {
			k->details++;
		}
	} else if (fence(l, &ch, &n) && ch == k->fence_ch && n >= k->fence_n) {
		k->fence_ch = 0;
		k->fence_n = 0;
	}
}

/* At the cut: the part of the line that fits, the open fence and <details>
 * closed, and the note saying what was left out and where to see it. */
static int put_cut(pw_buf *b, const line *l, size_t partial, const blocks *k, size_t left,
                   size_t dropped, const char *more)
{
	size_t i;
	int rc = pw_buf_put(b, l->p, partial);
	if (rc == 0 && partial)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0 && k->fence_n) {
		for (i = 0; i < k->fence_n && rc == 0; i++)
			rc = pw_buf_putc(b, k->fence_ch);
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && k->details > 0)
		rc = pw_buf_puts(b, "</details>\n");
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\n---\n\n**Cut to fit GitHub's limit of 65,536 "
		                   "characters:** %zu bytes of text left out",
		                   left);
	if (rc == 0 && dropped)
		rc = pw_buf_printf(b, ", and %zu of the hidden per-change markers", dropped);
	if (rc == 0)
		rc = pw_buf_printf(b, ".%s%s\n", more ? " " : "", more ? more : "");
	return rc;
}

/* The lines kept (the text before `cut`, the markers kept), the cut and its
 * note at `cut`; only a note when only markers were left out. */
static int put_fitted(pw_buf *b, const line *v, size_t n, size_t cut, size_t partial,
                      size_t dropped, const char *more)
{
	blocks k = {0, 0, 0};
	size_t i, left = 0;
	int rc = 0;
	for (i = cut; i < n; i++)
		if (v[i].kind == TEXT)
			left += v[i].len + v[i].nl;
	left -= partial;
	for (i = 0; i < n && rc == 0; i++) {
		if (i == cut)
			rc = put_cut(b, &v[i], partial, &k, left, dropped, more);
		if (rc < 0 || !v[i].keep || (v[i].kind == TEXT && i >= cut))
			continue;
		if (v[i].kind == TEXT)
			track(&k, &v[i]);
		rc = pw_buf_put(b, v[i].p, v[i].len);
		if (rc == 0 && (v[i].nl || i + 1 < n))
			rc = pw_buf_putc(b, '\n');
	}
	if (rc == 0 && cut == n) /* only markers were left out */
		rc = pw_buf_printf(b,
		                   "\n---\n\n**Cut to fit GitHub's limit of 65,536 characters:** "
		                   "%zu of the hidden per-change markers left out.%s%s\n",
		                   dropped, more ? " " : "", more ? more : "");
	return rc;
}

int pw_fit_text(char **out, const char *text, size_t max, const char *more)
{
	pw_buf b = PW_BUF_INIT;
	line *v = NULL;
	size_t n = 0, cut, partial, essential, markers, dropped, reserve, avail, textlen,
	       for_markers;
	int rc;

	*out = NULL;
	if (strlen(text) <= max)
		return (*out = strdup(text)) ? 0 : pw_error_oom();
	if ((rc = split(&v, &n, text)) < 0)
		return rc;
	measure(v, n, &essential, &textlen);
	/* the note (numbers of up to 20 digits), a fence and </details> closed */
	reserve = 220 + (more ? strlen(more) : 0) + 2 + 12;
	if (essential + reserve > max) {
		free(v);
		return pw_error_set(PW_EINPUT,
		                    "a text for GitHub: its hidden markers alone have %zu "
		                    "bytes, more than the %zu allowed",
		                    essential, max);
	}
	avail = max - reserve;
	for_markers = avail - essential;
	if (textlen > PW_FIT_TEXT_FIRST(max))
		textlen = PW_FIT_TEXT_FIRST(max);
	for_markers = for_markers > textlen ? for_markers - textlen : 0;
	/* the per-change markers that fit, the first ones */
	dropped = keep_markers(v, n, for_markers, &markers);
	markers += essential;
	/* the text lines that fit, up to the first that does not */
	cut = cut_at(v, n, markers, avail, &partial);
	rc = put_fitted(&b, v, n, cut, partial, dropped, more);
	free(v);
	if (rc == 0 && b.len > max)
		rc = pw_error_set(PW_ERROR, "a text for GitHub: %zu bytes after fitting it to %zu",
		                  b.len, max);
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	*out = pw_buf_detach(&b);
	return *out ? 0 : pw_error_oom();
}
