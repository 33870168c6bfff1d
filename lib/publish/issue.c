#include "publish/issue.h"

#include "publish/fit.h"

#include "util/digest.h"
#include "util/error.h"
#include "core/tagset.h"
#include "util/mdsafe.h"

#include <stdlib.h>
#include <string.h>

/* Bumped when the body's layout changes: every issue is then rewritten once. */
#define RENDER_VERSION "pkiwatch-issue-3"

/* ---- grouping ---- */

static int put_safe(pw_buf *b, const char *s);

/* `s` with every byte that put_safe would drop written as %XX ('%' too), so
 * that two branch names never make one key ("draft+one", "draftone"). */
static int put_escaped(pw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;
	for (; *s && rc == 0; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '@' || ch == ':' || ch == '_' ||
		    ch == '/' || (ch == '-' && s[1] != '-' && s[1] != '>'))
			rc = pw_buf_putc(b, (char)ch);
		else
			rc = pw_buf_printf(b, "%%%c%c", hex[ch >> 4], hex[ch & 15]);
	}
	return rc;
}

static char *group_key(const pw_changeset_item *it)
{
	const pw_change *c = &it->change;
	pw_buf b = PW_BUF_INIT;
	int rc;
	/* only characters that are safe in the marker comment */
	rc = put_safe(&b, c->source);
	if (rc == 0 && c->cls.ballot) {
		rc = pw_buf_putc(&b, ':');
		if (rc == 0)
			rc = put_safe(&b, c->cls.ballot);
	} else if (rc == 0 && c->status == PW_STATUS_PROPOSED) {
		rc = pw_buf_puts(&b, ":branch:");
		if (rc == 0)
			rc = put_escaped(&b, c->branch);
	} else if (rc == 0) {
		pw_buf_reset(&b);
		rc = put_safe(&b, c->id);
	}
	if (rc < 0) {
		pw_buf_clear(&b);
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* The digest of what the issue shows: the records, and its title (made
 * from them, but by rules that may change: a new title updates the issue,
 * which its marker finds, rather than leaving the old one). */
static int group_digest(pw_issue_group *g)
{
	cJSON *a = cJSON_CreateArray();
	char *title = pw_issue_title(g);
	size_t i;
	int rc;
	if (!a || !title || !cJSON_AddItemToArray(a, cJSON_CreateString(RENDER_VERSION)) ||
	    !cJSON_AddItemToArray(a, cJSON_CreateString(title)))
		goto oom;
	free(title);
	title = NULL;
	for (i = 0; i < g->count; i++) {
		cJSON *r = cJSON_Duplicate(g->items[i]->record, 1);
		if (!r || !cJSON_AddItemToArray(a, r)) {
			cJSON_Delete(r);
			goto oom;
		}
	}
	rc = pw_digest_json(g->digest, a);
	cJSON_Delete(a);
	return rc;
oom:
	free(title);
	cJSON_Delete(a);
	return pw_error_oom();
}

/* Titles are the issues' names for a person: two issues of one title (the
 * same subject and version twice) are told apart by the newer one's commit
 * (g->same_title), the older keeping its title whatever comes later. */
static int mark_same_titles(pw_issue_groups *out)
{
	char **t = calloc(out->count + 1, sizeof(*t));
	size_t i, j;
	int rc = 0;
	if (!t)
		return pw_error_oom();
	for (i = 0; i < out->count && rc == 0; i++)
		if (!(t[i] = pw_issue_title(&out->items[i])))
			rc = PW_ENOMEM;
	for (i = 0; i < out->count && rc == 0; i++) {
		const pw_change *a = pw_issue_group_lead(&out->items[i]);
		for (j = 0; j < out->count && !out->items[i].same_title; j++) {
			const pw_change *b = pw_issue_group_lead(&out->items[j]);
			if (j != i && strcmp(t[i], t[j]) == 0 &&
			    (b->time < a->time || (b->time == a->time && j > i)))
				out->items[i].same_title = 1;
		}
	}
	for (i = 0; i < out->count; i++)
		free(t[i]);
	free(t);
	return rc;
}

/* The bytes of a change's "change" marker and of its "decided" marker at
 * the longest decision, besides its id (twice) and the entry's time. */
#define CHANGE_MARKER_BYTES  (sizeof("<!-- pkiwatch:change  -->\n") - 1)
#define DECIDED_MARKER_BYTES (sizeof("<!-- pkiwatch:decided   not-applicable -->\n") - 1)
#define MARKER_TIME_BYTES    32 /* "2026-12-04T10:00:00Z" with room to spare */

/* g->marked: the first changes whose "change" and "decided" markers fit
 * the room the body's fitting leaves them (fit.h) beside the markers it
 * always keeps: the key, the digest and the state (at most
 * PW_ISSUE_STATE_MAX: a long group's state gives its changes as a count and
 * digest). */
static int group_marked(pw_issue_group *g)
{
	const size_t room =
	    PW_FIT_GITHUB_MAX - PW_FIT_TEXT_FIRST(PW_FIT_GITHUB_MAX) - PW_FIT_RESERVE_MAX;
	char *state = pw_issue_state(g);
	size_t used;
	if (!state)
		return pw_error_oom();
	used = sizeof("<!-- pkiwatch:issue  -->\n") + strlen(g->key) +
	       sizeof("<!-- pkiwatch:digest  -->\n") + 40 + sizeof("<!-- pkiwatch:state  -->\n") +
	       strlen(state);
	free(state);
	for (g->marked = 0; g->marked < g->count; g->marked++) {
		used += CHANGE_MARKER_BYTES + DECIDED_MARKER_BYTES + MARKER_TIME_BYTES +
		        2 * strlen(g->items[g->marked]->change.id);
		if (used > room)
			break;
	}
	return 0;
}

int pw_issue_groups_build(pw_issue_groups *out, const pw_changeset *set)
{
	size_t i, j;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->items = calloc(set->count + 1, sizeof(*out->items));
	if (!out->items)
		return pw_error_oom();
	for (i = 0; i < set->count; i++) {
		const pw_changeset_item *it = &set->items[i];
		const pw_changeset_item **p;
		pw_issue_group *g = NULL;
		char *key = group_key(it);
		if (!key) {
			rc = pw_error_oom();
			goto fail;
		}
		for (j = 0; j < out->count && !g; j++)
			if (strcmp(out->items[j].key, key) == 0)
				g = &out->items[j];
		if (g) {
			free(key);
		} else {
			g = &out->items[out->count++];
			g->key = key;
			g->proposed = 1;
		}
		if (!(p = realloc(g->items, (g->count + 1) * sizeof(*p)))) {
			rc = pw_error_oom();
			goto fail;
		}
		g->items = p;
		g->items[g->count++] = it;
		if (it->change.status == PW_STATUS_ADOPTED)
			g->proposed = 0;
	}
	if ((rc = mark_same_titles(out)) < 0)
		goto fail;
	for (i = 0; i < out->count; i++)
		if ((rc = group_digest(&out->items[i])) < 0 ||
		    (rc = group_marked(&out->items[i])) < 0)
			goto fail;
	return 0;
fail:
	pw_issue_groups_clear(out);
	return rc;
}

void pw_issue_groups_clear(pw_issue_groups *g)
{
	size_t i;
	if (!g)
		return;
	for (i = 0; i < g->count; i++) {
		free(g->items[i].key);
		free(g->items[i].items);
	}
	free(g->items);
	memset(g, 0, sizeof(*g));
}

int pw_issue_groups_drop_before(pw_issue_groups *g, const char *date, pw_strlist *dropped)
{
	size_t i, j, k = 0;
	int rc = 0;
	for (i = 0; i < g->count; i++) {
		pw_issue_group *x = &g->items[i];
		int before = 1;
		for (j = 0; j < x->count && before; j++)
			before = strcmp(x->items[j]->change.date, date) < 0;
		if (!before) {
			g->items[k++] = *x;
			continue;
		}
		for (j = 0; rc == 0 && j < x->count; j++)
			rc = pw_strlist_add(dropped, x->items[j]->change.id);
		free(x->key);
		free(x->items);
	}
	g->count = k;
	return rc;
}

const pw_issue_group *pw_issue_groups_find_change(const pw_issue_groups *g, const char *id)
{
	size_t i, j;
	for (i = 0; i < g->count; i++)
		for (j = 0; j < g->items[i].count; j++)
			if (strcmp(g->items[i].items[j]->change.id, id) == 0)
				return &g->items[i];
	return NULL;
}

/* ---- title, labels ---- */

int pw_issue_stale(const pw_issue_group *g)
{
	size_t i;
	for (i = 0; i < g->count; i++)
		if (!g->items[i]->change.stale)
			return 0;
	return g->count > 0;
}

const pw_change *pw_issue_group_lead(const pw_issue_group *g)
{
	size_t i;
	for (i = 0; i < g->count; i++)
		if (g->items[i]->change.status == PW_STATUS_ADOPTED)
			return &g->items[i]->change;
	return &g->items[0]->change;
}

char *pw_issue_title(const pw_issue_group *g)
{
	const pw_change *c = pw_issue_group_lead(g);
	pw_buf b = PW_BUF_INIT, title = PW_BUF_INIT;
	int rc = pw_buf_printf(&b, "[%s] %s", c->source, g->proposed ? "(proposed) " : "");
	if (rc == 0 && c->cls.ballot)
		rc = pw_buf_printf(&b, "%s: ", c->cls.ballot);
	if (rc == 0)
		rc = pw_change_title(&title, c);
	if (rc == 0)
		rc = pw_mdsafe_title(&b, title.ptr ? title.ptr : "", 200);
	if (rc == 0 && g->same_title)
		rc = pw_buf_printf(&b, " (%.7s)", c->commit);
	pw_buf_clear(&title);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

static const struct {
	const char *name, *color;
} colors[] = {
    {"pkiwatch", "5319e7"},
    {"needs-signoff", "d93f0b"},
    {"signed-off", "0e8a16"},
    {"proposed", "fbca04"},
    {"tls", "1d76db"},
    {"ev", "0052cc"},
    {"smime", "c5def5"},
    {"code-signing", "bfd4f2"},
    {"netsec", "006b75"},
    {"audit", "b60205"},
    {"extant-ca", "e99695"},
    {"obligation", "5319e7"},
    {"overdue", "b60205"},
    {"stale", "cfd3d7"},
    {"cabforum-servercert", "0e8a16"},
    {"cabforum-smime", "0e8a16"},
    {"cabforum-code-signing", "0e8a16"},
    {"cabforum-netsec", "0e8a16"},
    {"mozilla-pkipolicy", "0e8a16"},
};

const char *pw_issue_label_color(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(colors[i].name, name) == 0)
			return colors[i].color;
	return "ededed";
}

int pw_issue_labels(pw_strlist *out, const pw_issue_group *g, const pw_config *cfg, int signed_off)
{
	size_t i;
	pw_tagset tags = 0;
	int rc, t;

	memset(out, 0, sizeof(*out));
	rc = pw_strlist_add_unique(out, "pkiwatch");
	if (rc == 0)
		rc = pw_strlist_add_unique(out, g->items[0]->change.source);
	for (i = 0; i < g->count; i++)
		tags |= g->items[i]->change.cls.tags;
	for (t = 0; t < PW_TAG_COUNT && rc == 0; t++)
		if (tags & (1u << t))
			rc = pw_strlist_add_unique(out, pw_tagset_name(t));
	if (rc == 0)
		rc = pw_strlist_add_unique(out, signed_off ? "signed-off" : "needs-signoff");
	if (rc == 0 && g->proposed)
		rc = pw_strlist_add_unique(out, "proposed");
	if (rc == 0 && pw_issue_stale(g))
		rc = pw_strlist_add_unique(out, "stale");
	for (i = 0; cfg && i < cfg->nlabels && rc == 0; i++)
		rc = pw_strlist_add_unique(out, cfg->labels[i]);
	if (rc < 0)
		pw_strlist_clear(out);
	return rc;
}

/* ---- state summary ---- */

/* Appends `s` keeping only characters that are safe inside a comment. */
static int put_safe(pw_buf *b, const char *s)
{
	int rc = 0;
	for (; *s && rc == 0; s++) {
		char ch = *s;
		if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '@' || ch == ':' || ch == '_' ||
		    ch == '/' || ch == '%' || (ch == '-' && s[1] != '-' && s[1] != '>'))
			rc = pw_buf_putc(b, ch);
	}
	return rc;
}

static int strlist_has(const char **v, size_t n, const char *s)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* One list of the state: its items joined by ',' (each once) and how many. */
typedef struct {
	pw_buf text;
	const char **seen;
	size_t count;
} state_list;

static int list_add(state_list *l, const char *item)
{
	const char **p;
	int rc;
	if (strlist_has(l->seen, l->count, item))
		return 0;
	if (!(p = realloc(l->seen, (l->count + 1) * sizeof(*p))))
		return pw_error_oom();
	l->seen = p;
	l->seen[l->count++] = item;
	rc = l->count > 1 ? pw_buf_putc(&l->text, ',') : 0;
	return rc == 0 ? put_safe(&l->text, item) : rc;
}

static void list_clear(state_list *l)
{
	pw_buf_clear(&l->text);
	free(l->seen);
}

/* A list, whole, or as "~<count>:<digest of the whole list>" when it is too
 * long for the state: what a re-run compares (pw_issue_state_diff) without
 * naming every item. */
static int put_list(pw_buf *b, const state_list *l, int whole)
{
	const char *text = l->text.ptr ? l->text.ptr : "";
	char hex[41];
	int rc;
	if (whole)
		return pw_buf_puts(b, text);
	rc = pw_digest_data(hex, text, l->text.len);
	return rc == 0 ? pw_buf_printf(b, "~%zu:%s", l->count, hex) : rc;
}

char *pw_issue_state(const pw_issue_group *g)
{
	/* the lists in the order they are given up when the whole is too long:
	 * the changes (the per-change markers name the newest), then the
	 * sections, then the dates */
	enum { CHANGES, SECTIONS, DATES, NLISTS };
	state_list l[NLISTS];
	pw_buf tags = PW_BUF_INIT, b = PW_BUF_INIT;
	size_t i, j, len;
	pw_tagset tagset = 0;
	int rc = 0, t, k, whole[NLISTS];

	memset(l, 0, sizeof(l));
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_classification *c = &g->items[i]->change.cls;
		rc = (i ? pw_buf_putc(&l[CHANGES].text, ',') : 0);
		if (rc == 0)
			rc = put_safe(&l[CHANGES].text, g->items[i]->change.id);
		l[CHANGES].count++;
		tagset |= c->tags;
	}
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_classification *c = &g->items[i]->change.cls;
		for (j = 0; j < c->ndates && rc == 0; j++)
			rc = list_add(&l[DATES], c->dates[j].date);
	}
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_strlist *s = &g->items[i]->change.cls.sections;
		for (j = 0; j < s->count && rc == 0; j++)
			rc = list_add(&l[SECTIONS], s->items[j]);
	}
	for (t = 0, k = 0; t < PW_TAG_COUNT && rc == 0; t++)
		if (tagset & (1u << t)) {
			if (k++)
				rc = pw_buf_putc(&tags, ',');
			if (rc == 0)
				rc = pw_buf_puts(&tags, pw_tagset_name(t));
		}
	/* the longest state that stays within PW_ISSUE_STATE_MAX */
	len = sizeof("status=proposed changes= dates= tags= sections=") + tags.len;
	for (k = 0; k < NLISTS; k++) {
		len += l[k].text.len;
		whole[k] = 1;
	}
	for (k = 0; k < NLISTS && len > PW_ISSUE_STATE_MAX; k++) {
		whole[k] = 0;
		len = len - l[k].text.len + sizeof("~18446744073709551615:") + 40;
	}
	if (rc == 0)
		rc = pw_buf_printf(&b, "status=%s changes=", g->proposed ? "proposed" : "adopted");
	if (rc == 0)
		rc = put_list(&b, &l[CHANGES], whole[CHANGES]);
	if (rc == 0)
		rc = pw_buf_puts(&b, " dates=");
	if (rc == 0)
		rc = put_list(&b, &l[DATES], whole[DATES]);
	if (rc == 0)
		rc = pw_buf_printf(&b, " tags=%s sections=", tags.ptr ? tags.ptr : "");
	if (rc == 0)
		rc = put_list(&b, &l[SECTIONS], whole[SECTIONS]);
	for (k = 0; k < NLISTS; k++)
		list_clear(&l[k]);
	pw_buf_clear(&tags);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* The value of `field=` in a state summary, as a malloc'ed string ("" when absent). */
static char *state_field(const char *state, const char *field)
{
	size_t fl = strlen(field);
	const char *p = state;
	while (p && *p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, field, fl) == 0 && p[fl] == '=') {
			const char *v = p + fl + 1, *e = strchr(v, ' ');
			return strndup(v, e ? (size_t)(e - v) : strlen(v));
		}
		p = strchr(p, ' ');
	}
	return strdup("");
}

/* Items of comma list `a` not in comma list `b`, appended as "`x`, `y`". */
static int list_minus(pw_buf *out, const char *a, const char *b)
{
	const char *p = a;
	size_t n = 0;
	int rc = 0;
	while (*p && rc == 0) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *q = b;
		int found = 0;
		while (*q && !found) {
			const char *qe = strchr(q, ',');
			size_t ql = qe ? (size_t)(qe - q) : strlen(q);
			found = ql == len && strncmp(p, q, len) == 0;
			q += ql + (qe ? 1 : 0);
		}
		if (!found && len > 0)
			rc = pw_buf_printf(out, "%s`%.*s`", n++ ? ", " : "", (int)len, p);
		p += len + (e ? 1 : 0);
	}
	return rc;
}

/* A state list's item count and digest, whole or summarised (put_list); 1
 * for a summary pkiwatch did not write. */
static int list_summary(size_t *count, char hex[41], const char *list)
{
	const char *p;
	char *e;
	if (*list == '~') {
		*count = (size_t)strtoull(list + 1, &e, 10);
		if (e == list + 1 || *e != ':' || strlen(e + 1) != 40)
			return 1;
		memcpy(hex, e + 1, 41);
		return 0;
	}
	for (*count = *list != '\0', p = list; *p; p++)
		*count += *p == ',';
	return pw_digest_data(hex, list, strlen(list));
}

/* A list summarised on either side (too long to name every item): the
 * counts, when the lists differ. */
static int diff_summary(pw_buf *b, const char *what, const char *o, const char *n)
{
	char ho[41] = "", hn[41] = "";
	size_t co = 0, cn = 0;
	int ro = list_summary(&co, ho, o), rn = list_summary(&cn, hn, n);
	if (ro < 0 || rn < 0)
		return ro < 0 ? ro : rn;
	if (ro || rn)
		return pw_buf_printf(b, "- %s changed\n", what);
	if (strcmp(ho, hn) == 0)
		return 0;
	return pw_buf_printf(b, "- %s: %zu before, %zu now\n", what, co, cn);
}

static int diff_list(pw_buf *b, const char *what, const char *o, const char *n)
{
	pw_buf added = PW_BUF_INIT, removed = PW_BUF_INIT;
	int rc;
	if (*o == '~' || *n == '~')
		return diff_summary(b, what, o, n);
	rc = list_minus(&added, n, o);
	if (rc == 0)
		rc = list_minus(&removed, o, n);
	if (rc == 0 && added.len)
		rc = pw_buf_printf(b, "- %s added: %s\n", what, added.ptr);
	if (rc == 0 && removed.len)
		rc = pw_buf_printf(b, "- %s removed: %s\n", what, removed.ptr);
	pw_buf_clear(&added);
	pw_buf_clear(&removed);
	return rc;
}

char *pw_issue_state_diff(const char *old_state, const char *new_state)
{
	static const char *const fields[] = {"changes", "dates", "tags", "sections"};
	static const char *const names[] = {"changes", "effective dates", "tags", "sections"};
	pw_buf b = PW_BUF_INIT;
	char *os = state_field(old_state, "status"), *ns = state_field(new_state, "status");
	size_t i;
	int rc = os && ns ? 0 : PW_ENOMEM;

	if (rc == 0 && strcmp(os, ns) != 0)
		rc = pw_buf_printf(&b, "- status: %s → %s\n", *os ? os : "unknown", ns);
	for (i = 0; i < 4 && rc == 0; i++) {
		char *o = state_field(old_state, fields[i]), *n = state_field(new_state, fields[i]);
		rc = o && n ? diff_list(&b, names[i], o, n) : PW_ENOMEM;
		free(o);
		free(n);
	}
	free(os);
	free(ns);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* ---- markers ---- */

static const char *marker_value(const char *line, const char *name, size_t *len)
{
	size_t nl = strlen(name);
	const char *v, *e;
	if (strncmp(line, "<!-- pkiwatch:", 14) != 0 || strncmp(line + 14, name, nl) != 0)
		return NULL;
	v = line + 14 + nl;
	if (*v != ' ' && *v != '-')
		return NULL;
	while (*v == ' ')
		v++;
	e = strstr(v, "-->");
	if (!e)
		return NULL;
	while (e > v && e[-1] == ' ')
		e--;
	*len = (size_t)(e - v);
	return v;
}

int pw_issue_markers_parse(pw_issue_markers *m, const char *body)
{
	const char *line = body ? body : "";
	memset(m, 0, sizeof(*m));
	while (*line) {
		const char *eol = strchr(line, '\n'), *v;
		size_t len;
		if ((v = marker_value(line, "change", &len)) && len > 0 && len < 200) {
			char **p = realloc(m->changes, (m->nchanges + 1) * sizeof(*p));
			if (!p || !(p[m->nchanges] = strndup(v, len))) {
				if (p)
					m->changes = p;
				pw_issue_markers_clear(m);
				return pw_error_oom();
			}
			m->changes = p;
			m->nchanges++;
		} else if ((v = marker_value(line, "issue", &len)) && len > 0 && !m->key) {
			if (!(m->key = strndup(v, len))) {
				pw_issue_markers_clear(m);
				return pw_error_oom();
			}
		} else if ((v = marker_value(line, "digest", &len)) && len == 40) {
			memcpy(m->digest, v, 40);
			m->digest[40] = '\0';
		} else if ((v = marker_value(line, "state", &len)) && !m->state) {
			if (!(m->state = strndup(v, len))) {
				pw_issue_markers_clear(m);
				return pw_error_oom();
			}
		} else if ((v = marker_value(line, "obligation", &len)) && len > 0 && len < 200 &&
		           !m->obligation) {
			if (!(m->obligation = strndup(v, len))) {
				pw_issue_markers_clear(m);
				return pw_error_oom();
			}
		} else if (strncmp(line, "<!-- pkiwatch:dashboard -->", 27) == 0) {
			m->dashboard = 1;
		} else if (strncmp(line, "<!-- pkiwatch:baseline -->", 26) == 0) {
			m->baseline = 1;
		}
		if (!eol)
			break;
		line = eol + 1;
	}
	return 0;
}

void pw_issue_markers_clear(pw_issue_markers *m)
{
	size_t i;
	if (!m)
		return;
	free(m->key);
	for (i = 0; i < m->nchanges; i++)
		free(m->changes[i]);
	free(m->changes);
	free(m->state);
	free(m->obligation);
	memset(m, 0, sizeof(*m));
}

/* ---- body ---- */

/* "[§<id>](<the section in the change's first document>)": the heading's
 * anchor when the classifier found one (GitHub's, sections.h). */
static int put_section_link(pw_buf *b, const pw_changeset_item *it, const char *id)
{
	const pw_change *c = &it->change;
	const char *anchor = pw_classification_anchor(&c->cls, id);
	int rc = pw_buf_puts(b, "[§");
	if (rc == 0)
		rc = pw_mdsafe_github(b, id);
	if (rc == 0)
		rc = pw_buf_printf(
		    b, "](https://github.com/%s/blob/%s/%s%s%s)", it->source->repository, c->commit,
		    c->ndocs ? c->docs[0].path : "", anchor ? "#" : "", anchor ? anchor : "");
	return rc;
}

static int put_sections(pw_buf *b, const pw_changeset_item *it)
{
	const pw_change *c = &it->change;
	size_t i;
	int rc = 0;

	if (c->cls.sections.count == 0)
		return pw_buf_puts(b, "Changed sections: none identified\n");
	rc = pw_buf_puts(b, "Changed sections:");
	for (i = 0; i < c->cls.sections.count && rc == 0; i++) {
		if (i == 40) { /* bounded: the body must stay under GitHub's limit */
			rc = pw_buf_printf(b, " and %zu more", c->cls.sections.count - 40);
			break;
		}
		rc = pw_buf_puts(b, i ? ", " : " ");
		/* the section is in the change's first document at that commit */
		if (rc == 0)
			rc = put_section_link(b, it, c->cls.sections.items[i]);
	}
	return rc < 0 ? rc : pw_buf_putc(b, '\n');
}

static int put_change(pw_buf *b, const pw_changeset_item *it)
{
	const pw_change *c = &it->change;
	const char *repo = it->source->repository;
	size_t i;
	int rc;

	rc = pw_buf_printf(b, "\n### `%s` (%s, %s", c->id, c->date,
	                   pw_change_status_name(c->status));
	if (rc == 0 && c->status == PW_STATUS_PROPOSED) {
		rc = pw_buf_puts(b, " on branch ");
		if (rc == 0)
			rc = pw_mdsafe_github(b, c->branch);
	}
	if (rc == 0)
		rc = pw_buf_puts(b, ")\n\nSubject: ");
	if (rc == 0)
		rc = pw_mdsafe_github_upstream(b, c->subject, repo);
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\nKind: %s\nDocuments:", c->cls.kind ? c->cls.kind : "unknown");
	for (i = 0; i < c->ndocs && rc == 0; i++) {
		const char *v = i < c->cls.nversions ? c->cls.versions[i] : NULL;
		rc = pw_buf_printf(b, "%s [", i ? "," : "");
		if (rc == 0)
			rc = pw_mdsafe_github(b, c->docs[i].path);
		if (rc == 0)
			rc = pw_buf_printf(b, "](https://github.com/%s/blob/%s/", repo, c->commit);
		if (rc == 0)
			rc = pw_buf_puts(b, c->docs[i].path);
		if (rc == 0)
			rc = pw_buf_puts(b, ")");
		if (rc == 0 && v) {
			rc = pw_buf_puts(b, " version ");
			if (rc == 0)
				rc = pw_mdsafe_github(b, v);
		}
	}
	if (rc == 0)
		rc = pw_buf_putc(b, '\n');
	if (rc == 0)
		rc = put_sections(b, it);
	if (rc == 0)
		rc = pw_buf_printf(b, "Upstream: [commit %.12s](%s)", c->commit, c->url);
	if (rc == 0 && c->parent[0])
		rc = pw_buf_printf(b, " · [compare](https://github.com/%s/compare/%s...%s)", repo,
		                   c->parent, c->commit);
	if (rc == 0)
		rc = pw_buf_printf(b, "\n\n<details><summary>Diff excerpt%s</summary>\n\n",
		                   it->truncated ? " (truncated: see the commit)" : "");
	if (rc == 0)
		rc = pw_mdsafe_fence(b, "diff", it->excerpt ? it->excerpt : "");
	if (rc == 0)
		rc = pw_buf_puts(b, "\n</details>\n");
	return rc;
}

/* By date; the same date in change order (the index breaks ties: qsort is
 * not stable). */
typedef struct {
	const pw_effective_date *d;
	const pw_changeset_item *it; /* the change stating it */
	size_t order;
} date_ref;

static int by_date(const void *a, const void *b)
{
	const date_ref *x = a, *y = b;
	int c = strcmp(x->d->date, y->d->date);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int same_date(const pw_effective_date *a, const pw_effective_date *b)
{
	return strcmp(a->date, b->date) == 0 &&
	       ((!a->text && !b->text) || (a->text && b->text && strcmp(a->text, b->text) == 0));
}

/* Every effective date of the group's changes, sorted by date, each date
 * and text once (a draft and its adoption state the same line). */
static int put_dates(pw_buf *b, const pw_issue_group *g)
{
	date_ref *v = NULL;
	size_t i, j, k, n = 0, total = 0, shown = 0;
	int rc = pw_buf_puts(b, "\n## Effective dates\n\n");
	for (i = 0; i < g->count; i++)
		total += g->items[i]->change.cls.ndates;
	if (rc == 0 && total && !(v = calloc(total, sizeof(*v))))
		rc = pw_error_oom();
	for (i = 0; i < g->count && rc == 0; i++)
		for (j = 0; j < g->items[i]->change.cls.ndates; j++, n++) {
			v[n].d = &g->items[i]->change.cls.dates[j];
			v[n].it = g->items[i];
			v[n].order = n;
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_date);
	for (i = 0; i < n && rc == 0; i++) {
		const pw_effective_date *d = v[i].d;
		for (j = 0; j < i && !same_date(v[j].d, d); j++)
			;
		if (j < i)
			continue;  /* said already */
		if (shown == 30) { /* bounded */
			rc = pw_buf_puts(b, "- … more in the changes' records\n");
			break;
		}
		rc = pw_buf_printf(b, "- **%s**", d->date);
		if (rc == 0 && d->sections.count)
			rc = pw_buf_puts(b, " (");
		for (k = 0; k < d->sections.count && rc == 0; k++) {
			if (k)
				rc = pw_buf_puts(b, ", ");
			if (rc == 0)
				rc = put_section_link(b, v[i].it, d->sections.items[k]);
		}
		if (rc == 0 && d->sections.count)
			rc = pw_buf_putc(b, ')');
		if (rc == 0 && d->text) {
			/* a derived deadline: its rule's reason, which names the
			 * root program and the versions */
			rc = pw_buf_puts(b, d->derived ? " — derived: " : ": ");
			if (rc == 0)
				rc = pw_mdsafe_github(b, d->text);
		}
		if (rc == 0)
			rc = pw_buf_putc(b, '\n');
		shown++;
	}
	free(v);
	if (rc == 0 && shown == 0)
		rc = pw_buf_puts(b, "None stated in the change.\n");
	return rc;
}

/* The terms part of the body: what the changes do to definitions (named),
 * then the definitions quoted, collapsed. Bounded like the rest. */
#define TERMS_QUOTED   25
#define SIGNOFF_LISTED 20 /* sign-off commands listed in a body */
#define TERMS_BYTES    16000

static int put_term_name(pw_buf *b, const pw_term_ref *t)
{
	int rc = pw_buf_puts(b, "**");
	if (rc == 0)
		rc = pw_mdsafe_github(b, t->term);
	if (rc == 0)
		rc = pw_buf_puts(b, "** (`");
	if (rc == 0)
		rc = pw_mdsafe_github(b, t->document);
	if (rc == 0)
		rc = pw_buf_puts(b, "` §");
	if (rc == 0)
		rc = pw_mdsafe_github(b, t->section);
	return rc == 0 ? pw_buf_puts(b, ")") : rc;
}

/* Whether the same term and text came earlier in the group. */
static int seen_before(const pw_issue_group *g, size_t i, size_t k)
{
	const pw_term_ref *t = &g->items[i]->change.cls.terms[k];
	size_t a, j;
	for (a = 0; a <= i; a++) {
		const pw_classification *c = &g->items[a]->change.cls;
		for (j = 0; j < (a == i ? k : c->nterms); j++) {
			const pw_term_ref *u = &c->terms[j];
			if (strcmp(u->term, t->term) == 0 && u->changed == t->changed &&
			    strcmp(u->definition ? u->definition : "",
			           t->definition ? t->definition : "") == 0)
				return 1;
		}
	}
	return 0;
}

/* "- Defines / Changes the definition of / Removes the definition of" for
 * each term a change of the group defines anew (the first TERMS_QUOTED);
 * *used: how many other terms the changes rely on. */
static int put_changed_terms(pw_buf *b, const pw_issue_group *g, size_t *used)
{
	size_t i, k, quoted = 0;
	int rc = 0;
	*used = 0;
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_classification *c = &g->items[i]->change.cls;
		for (k = 0; k < c->nterms && rc == 0; k++) {
			const pw_term_ref *t = &c->terms[k];
			if (seen_before(g, i, k))
				continue;
			if (!t->changed) {
				(*used)++;
				continue;
			}
			if (quoted++ == TERMS_QUOTED) {
				rc = pw_buf_puts(
				    b,
				    "- … more definitions in `pkiwatch changes --format json`\n");
				continue;
			}
			if (quoted > TERMS_QUOTED)
				continue;
			rc = pw_buf_puts(b, !t->old_definition ? "- Defines "
			                    : !t->definition   ? "- **Removes the definition of** "
			                                     : "- **Changes the definition of** ");
			if (rc == 0)
				rc = put_term_name(b, t);
			if (rc == 0)
				rc = pw_buf_putc(b, '\n');
		}
	}
	return rc;
}

/* "- Uses **A**, **B**": the terms the changes rely on without changing. */
static int put_used_terms(pw_buf *b, const pw_issue_group *g)
{
	size_t i, k, n = 0;
	int rc = pw_buf_puts(b, "- Uses ");
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_classification *c = &g->items[i]->change.cls;
		for (k = 0; k < c->nterms && rc == 0; k++) {
			if (c->terms[k].changed || seen_before(g, i, k))
				continue;
			rc = pw_buf_puts(b, n++ ? ", **" : "**");
			if (rc == 0)
				rc = pw_mdsafe_github(b, c->terms[k].term);
			if (rc == 0)
				rc = pw_buf_puts(b, "**");
		}
	}
	return rc == 0 ? pw_buf_putc(b, '\n') : rc;
}

/* One term's definition quoted: before and after a change, or as it is. */
static int put_definition(pw_buf *b, const pw_term_ref *t)
{
	int rc = put_term_name(b, t);
	if (rc == 0 && t->changed && t->old_definition) {
		rc = pw_buf_puts(b, t->definition ? ", before this change:\n\n"
		                                  : ", removed by this change; it read:\n\n");
		if (rc == 0)
			rc = pw_mdsafe_quote_github(b, t->old_definition);
		if (rc == 0 && t->definition)
			rc = pw_buf_puts(b, "\nafter this change:");
	} else if (rc == 0 && t->changed) {
		rc = pw_buf_puts(b, ", defined by this change:");
	}
	if (rc == 0 && t->definition) {
		rc = pw_buf_puts(b, "\n\n");
		if (rc == 0)
			rc = pw_mdsafe_quote_github(b, t->definition);
	}
	return rc == 0 ? pw_buf_putc(b, '\n') : rc;
}

/* The definitions, collapsed: the first TERMS_QUOTED within TERMS_BYTES. */
static int put_definitions(pw_buf *b, const pw_issue_group *g)
{
	size_t i, k, quoted = 0, more = 0, start;
	int rc = pw_buf_puts(b, "\n<details><summary>Definitions</summary>\n\n");
	start = b->len;
	for (i = 0; i < g->count && rc == 0; i++) {
		const pw_classification *c = &g->items[i]->change.cls;
		for (k = 0; k < c->nterms && rc == 0; k++) {
			if (seen_before(g, i, k))
				continue;
			if (quoted == TERMS_QUOTED || b->len - start > TERMS_BYTES) {
				more++;
				continue;
			}
			quoted++;
			rc = put_definition(b, &c->terms[k]);
		}
	}
	if (rc == 0 && more)
		rc = pw_buf_printf(b, "… and %zu more (see `pkiwatch changes --format json`).\n\n",
		                   more);
	return rc == 0 ? pw_buf_puts(b, "</details>\n") : rc;
}

static int put_terms(pw_buf *b, const pw_issue_group *g)
{
	size_t i, used = 0;
	int rc, any = 0;
	for (i = 0; i < g->count; i++)
		any |= g->items[i]->change.cls.nterms > 0;
	if (!any)
		return 0;
	rc = pw_buf_puts(b, "\n## Terms used\n\nDefined terms the change relies on, as the "
	                    "documents define them in the version the change introduces.\n\n");
	if (rc == 0)
		rc = put_changed_terms(b, g, &used);
	if (rc == 0 && used)
		rc = put_used_terms(b, g);
	return rc == 0 ? put_definitions(b, g) : rc;
}

/* Why no change of the group has a normative effect (the lead's reason),
 * or NULL when one may have. Not for a draft: its change is the branch's
 * whole proposal, whatever its newest commit (a merge of main into it). */
static const char *group_noise(const pw_issue_group *g, const pw_noise *noise)
{
	const char *why = NULL;
	size_t i;
	if (g->proposed)
		return NULL;
	for (i = 0; i < g->count; i++) {
		const pw_change *c = &g->items[i]->change;
		const char *w = pw_noise_why(noise, c->cls.kind, c->subject);
		if (!w)
			return NULL;
		if (!why || c == pw_issue_group_lead(g))
			why = w;
	}
	return why;
}

/* "No normative effect (why)", and the bulk sign-off when the lead's kind
 * is one of the kinds without (pkiwatch signoff --kind). */
static int put_noise_signoff(pw_buf *b, const pw_issue_group *g, const char *why,
                             const pw_noise *noise)
{
	const pw_change *c = pw_issue_group_lead(g);
	int rc = pw_buf_puts(b, "\n**No normative effect** (");
	if (rc == 0)
		rc = pw_mdsafe_github(b, why);
	if (rc == 0 && c->cls.kind && pw_noise_why(noise, c->cls.kind, NULL))
		rc = pw_buf_printf(b,
		                   "): sign it off with every other one of its kind and source in "
		                   "one command,\n\n```sh\npkiwatch signoff --kind %s --source %s "
		                   "--decision not-applicable\n```\n\nor on its own:\n",
		                   c->cls.kind, c->source);
	else if (rc == 0)
		rc = pw_buf_puts(b, ").\n");
	return rc;
}

int pw_issue_signoff_part(pw_buf *b, const pw_issue_group *g, int signed_off, const pw_noise *noise)
{
	const char *why = signed_off ? NULL : group_noise(g, noise);
	size_t i;
	int rc;
	if (signed_off)
		return pw_buf_puts(
		    b, PW_ISSUE_SIGNOFF_HEADING
		    "\nEvery change of this issue is signed off: the decisions are in "
		    "the comments and in `ledger/` of the compliance repository.\n");
	rc = pw_buf_puts(b, PW_ISSUE_SIGNOFF_HEADING);
	if (rc == 0 && why)
		rc = put_noise_signoff(b, g, why, noise);
	if (rc == 0)
		rc = pw_buf_puts(b, "\nRecord the decision for each change in the compliance "
		                    "repository (it is committed to `ledger/` and reflected "
		                    "here):\n\n```sh\n");
	for (i = 0; i < g->count && i < SIGNOFF_LISTED && rc == 0; i++)
		rc = pw_buf_printf(b,
		                   "pkiwatch signoff %s --decision applicable|not-applicable "
		                   "[--tsp T]... [--note TEXT]\n",
		                   g->items[i]->change.id);
	if (rc == 0)
		rc = pw_buf_puts(b, "```\n");
	if (rc == 0 && g->count > SIGNOFF_LISTED)
		rc = pw_buf_printf(b,
		                   "\n…and the same for %zu more changes (every id: `pkiwatch "
		                   "changes --source %s --drafts`).\n",
		                   g->count - SIGNOFF_LISTED, pw_issue_group_lead(g)->source);
	return rc;
}

char *pw_issue_body(const pw_issue_group *g, const pw_noise *noise)
{
	const char *why = group_noise(g, noise);
	const pw_change *c = pw_issue_group_lead(g);
	const pw_changeset_item *first = g->items[0];
	pw_buf b = PW_BUF_INIT;
	char *state = pw_issue_state(g);
	pw_tagset tags = 0;
	size_t i, nt = 0, start;
	int rc = state ? 0 : PW_ENOMEM, t;

	/* markers: the key, one line per change, the digest, the state */
	if (rc == 0) {
		rc = pw_buf_puts(&b, "<!-- pkiwatch:issue ");
		if (rc == 0)
			rc = put_safe(&b, g->key);
		if (rc == 0)
			rc = pw_buf_puts(&b, " -->\n");
	}
	for (i = 0; i < g->marked && rc == 0; i++) {
		rc = pw_buf_puts(&b, "<!-- pkiwatch:change ");
		if (rc == 0)
			rc = put_safe(&b, g->items[i]->change.id);
		if (rc == 0)
			rc = pw_buf_puts(&b, " -->\n");
	}
	for (i = 0; i < g->count; i++)
		tags |= g->items[i]->change.cls.tags;
	if (rc == 0)
		rc =
		    pw_buf_printf(&b, "<!-- pkiwatch:digest %s -->\n<!-- pkiwatch:state %s -->\n\n",
		                  g->digest, state);
	/* summary table */
	if (rc == 0)
		rc = pw_buf_puts(&b, "| | |\n|---|---|\n| Ballot | ");
	if (rc == 0)
		rc = c->cls.ballot ? pw_mdsafe_github(&b, c->cls.ballot) : pw_buf_puts(&b, "none");
	if (rc == 0)
		rc = pw_buf_printf(
		    &b,
		    " |\n| Source | [%s](https://github.com/%s) (`%s`) |\n"
		    "| Status | %s |\n| Date | %s |\n| Tags | ",
		    first->source->repository, first->source->repository, c->source,
		    g->proposed ? "**proposed** (draft, not adopted yet)" : "adopted", c->date);
	for (t = 0; t < PW_TAG_COUNT && rc == 0; t++)
		if (tags & (1u << t))
			rc = pw_buf_printf(&b, "%s`%s`", nt++ ? " " : "", pw_tagset_name(t));
	if (rc == 0)
		rc = pw_buf_puts(&b, nt ? " |\n" : "none |\n");
	if (rc == 0 && why) { /* rules/noise.json */
		rc = pw_buf_puts(&b, "| Effect | **no normative effect**: ");
		if (rc == 0)
			rc = pw_mdsafe_github(&b, why);
		if (rc == 0)
			rc = pw_buf_puts(&b, " |\n");
	}
	if (rc == 0)
		rc = pw_buf_printf(&b, "| Changes | %zu |\n", g->count);
	if (rc == 0)
		rc = put_dates(&b, g);
	if (rc == 0)
		rc = put_terms(&b, g);
	if (rc == 0)
		rc = pw_buf_puts(&b, "\n## Changes\n");
	start = b.len;
	for (i = 0; i < g->count && rc == 0; i++) {
		/* keep the body well under GitHub's 65536 characters (the markers
		 * of a large group take much of it: publish/fit.h) */
		if (i == 10 || b.len - start > 24000) {
			rc = pw_buf_printf(&b,
			                   "\n…and %zu older changes (see `pkiwatch changes`).\n",
			                   g->count - i);
			break;
		}
		rc = put_change(&b, g->items[i]);
	}
	if (rc == 0)
		rc = pw_issue_signoff_part(&b, g, 0, noise);
	free(state);
	if (rc < 0) {
		pw_buf_clear(&b);
		pw_error_oom();
		return NULL;
	}
	return pw_buf_detach(&b);
}
