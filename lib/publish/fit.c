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

int pw_fit_text(char **out, const char *text, size_t max, const char *more)
{
	pw_buf b = PW_BUF_INIT;
	line *v = NULL;
	size_t n = 0, i, cut, partial = 0, essential = 0, markers = 0, dropped = 0, reserve,
	       used = 0, left = 0, fence_max = 0, fence_n = 0, avail, textlen = 0, for_markers;
	char fence_ch = 0;
	int rc, details = 0;

	*out = NULL;
	if (strlen(text) <= max)
		return (*out = strdup(text)) ? 0 : pw_error_oom();
	if ((rc = split(&v, &n, text)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		char ch;
		size_t k;
		if (v[i].kind == MARKER)
			essential += v[i].len + 1;
		else if (v[i].kind == TEXT)
			textlen += v[i].len + 1;
		else if (v[i].kind == TEXT && fence(&v[i], &ch, &k) && k > fence_max)
			fence_max = k;
	}
	/* the note (numbers of up to 20 digits), a fence and </details> closed */
	reserve = 220 + (more ? strlen(more) : 0) + fence_max + 2 + 12;
	if (essential + reserve > max) {
		free(v);
		return pw_error_set(PW_EINPUT,
		                    "a text for GitHub: its hidden markers alone have %zu "
		                    "bytes, more than the %zu allowed",
		                    essential, max);
	}
	avail = max - reserve;
	markers = essential;
	for_markers = avail - essential;
	if (textlen > PW_FIT_TEXT_FIRST(max))
		textlen = PW_FIT_TEXT_FIRST(max);
	for_markers = for_markers > textlen ? for_markers - textlen : 0;
	for (i = 0; i < n; i++) /* the per-change markers that fit, the first ones */
		if (v[i].kind == MARKER_PER_CHANGE) {
			if (!dropped && markers + v[i].len + 1 <= essential + for_markers)
				markers += v[i].len + 1;
			else {
				v[i].keep = 0;
				dropped++;
			}
		}
	/* the text lines that fit, up to the first that does not */
	for (cut = 0; cut < n; cut++) {
		if (v[cut].kind != TEXT)
			continue;
		if (markers + used + v[cut].len + 1 > avail)
			break;
		used += v[cut].len + 1;
	}
	if (cut < n) { /* part of the line that does not fit, at a character boundary */
		partial = avail - markers - used;
		if (partial > v[cut].len)
			partial = v[cut].len;
		while (partial > 0 && ((unsigned char)v[cut].p[partial] & 0xC0) == 0x80)
			partial--;
	}
	for (i = cut; i < n; i++)
		if (v[i].kind == TEXT)
			left += v[i].len + v[i].nl;
	left -= partial;
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		if (i == cut) {
			rc = pw_buf_put(&b, v[i].p, partial);
			if (rc == 0 && partial)
				rc = pw_buf_putc(&b, '\n');
			if (rc == 0 && fence_n) {
				size_t k;
				for (k = 0; k < fence_n && rc == 0; k++)
					rc = pw_buf_putc(&b, fence_ch);
				if (rc == 0)
					rc = pw_buf_putc(&b, '\n');
			}
			if (rc == 0 && details > 0)
				rc = pw_buf_puts(&b, "</details>\n");
			if (rc == 0)
				rc = pw_buf_printf(&b,
				                   "\n---\n\n**Cut to fit GitHub's limit of 65,536 "
				                   "characters:** %zu bytes of text left out",
				                   left);
			if (rc == 0 && dropped)
				rc = pw_buf_printf(&b, ", and %zu of the hidden per-change markers",
				                   dropped);
			if (rc == 0)
				rc =
				    pw_buf_printf(&b, ".%s%s\n", more ? " " : "", more ? more : "");
		}
		if (rc < 0 || !v[i].keep || (v[i].kind == TEXT && i >= cut))
			continue;
		if (v[i].kind == TEXT && !fence_n && !fence_ch) {
			if (fence(&v[i], &fence_ch, &fence_n)) {
				/* opened */
			} else if (has(&v[i], "</details>")) {
				details--;
			} else if (has(&v[i], "<details")) {
				details++;
			}
		} else if (v[i].kind == TEXT) {
			char ch;
			size_t k;
			if (fence(&v[i], &ch, &k) && ch == fence_ch && k >= fence_n) {
				fence_ch = 0;
				fence_n = 0;
			}
		}
		rc = pw_buf_put(&b, v[i].p, v[i].len);
		if (rc == 0 && (v[i].nl || i + 1 < n))
			rc = pw_buf_putc(&b, '\n');
	}
	if (rc == 0 && cut == n) /* only markers were left out */
		rc = pw_buf_printf(&b,
		                   "\n---\n\n**Cut to fit GitHub's limit of 65,536 characters:** "
		                   "%zu of the hidden per-change markers left out.%s%s\n",
		                   dropped, more ? " " : "", more ? more : "");
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
