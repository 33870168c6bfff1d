/* The text and JSON of `pkiwatch changes` (list_changes.h). */
#include "app/list_changes.h"

#include "classify/classify.h"
#include "core/tagset.h"
#include "util/error.h"
#include "util/json.h"
#include "util/strlist.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Text output lists at most this many changed sections (JSON: all). */
#define TEXT_SECTIONS 12

/* Text output quotes at most this many altered definitions in full (JSON: all). */
#define TEXT_DEFINITIONS 8

/* Untrusted multi-line text for stdout or stderr, in place: each line through
 * pw_utf8_oneline (no escape sequences, BEL, CR), and no line starts (after
 * blanks) with "::", which GitHub Actions runs as a workflow command. Returns
 * the new length. */
static size_t clean_lines(char *s)
{
	char *r = s, *w = s, *nl;
	size_t len, lead;

	while (*r) {
		nl = strchr(r, '\n');
		len = nl ? (size_t)(nl - r) : strlen(r);
		r[len] = '\0';
		pw_utf8_oneline(r);
		len = strlen(r);
		memmove(w, r, len);
		/* GitHub Actions takes a line starting with "::" for a workflow command */
		lead = strspn(w, " \t");
		if (lead + 1 < len && w[lead] == ':' && w[lead + 1] == ':')
			w[lead] = ' ';
		w += len;
		if (!nl)
			break;
		*w++ = '\n';
		r = nl + 1;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Upstream text for the terminal: control characters (line breaks too) as
 * spaces; each line of a multi-line text indented by `indent`. */
static int put_upstream(pw_buf *b, const char *s, const char *indent)
{
	int rc = 0;
	for (; *s && rc == 0; s++) {
		if (*s == '\n')
			rc = pw_buf_printf(b, "\n%s", indent);
		else
			rc = pw_buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
	}
	return rc;
}

/* "    terms: A (changed), B, C" and, per altered definition, the old and the
 * new text; added and removed definitions are named. */
static int render_terms(pw_buf *b, const pw_classification *k)
{
	size_t i, shown = 0;
	int rc = 0;
	for (i = 0; rc == 0 && i < k->nterms; i++) {
		rc = pw_buf_puts(b, i ? ", " : "    terms: ");
		if (rc == 0)
			rc = put_upstream(b, k->terms[i].term, "");
		if (rc == 0 && k->terms[i].changed)
			rc = pw_buf_puts(b, !k->terms[i].old_definition ? " (defined here)"
			                    : !k->terms[i].definition   ? " (definition removed)"
			                                                : " (definition changed)");
	}
	if (rc == 0 && k->nterms)
		rc = pw_buf_puts(b, "\n");
	for (i = 0; rc == 0 && i < k->nterms; i++) {
		const pw_term_ref *t = &k->terms[i];
		if (!t->changed || !t->old_definition || !t->definition)
			continue;
		if (shown++ == TEXT_DEFINITIONS)
			continue;
		rc = pw_buf_puts(b, "    changes the definition of \"");
		if (rc == 0)
			rc = put_upstream(b, t->term, "");
		if (rc == 0)
			rc = pw_buf_printf(b, "\" (%s %s):\n      was: ", t->document, t->section);
		if (rc == 0)
			rc = put_upstream(b, t->old_definition, "           ");
		if (rc == 0)
			rc = pw_buf_puts(b, "\n      now: ");
		if (rc == 0)
			rc = put_upstream(b, t->definition, "           ");
		if (rc == 0)
			rc = pw_buf_puts(b, "\n");
	}
	if (rc == 0 && shown > TEXT_DEFINITIONS)
		rc = pw_buf_printf(b, "    and changes %zu more definitions (see --format json)\n",
		                   shown - TEXT_DEFINITIONS);
	return rc;
}

/* "<id> <date> <ballot|-> <kind> <status> [tags]", then indented the
 * subject, the changed sections, one line per effective date, the terms
 * and the definitions the change alters (old and new text). */
static int render(pw_buf *b, const pw_change *c)
{
	const pw_classification *k = &c->cls;
	size_t i, j;
	int rc, t, first = 1;

	rc = pw_buf_printf(b, "%s %s %s %s %s [", c->id, c->date, k->ballot ? k->ballot : "-",
	                   k->kind ? k->kind : "editorial", pw_change_status_name(c->status));
	for (t = 0; rc == 0 && t < PW_TAG_COUNT; t++)
		if (k->tags & (1u << t)) {
			rc = pw_buf_printf(b, "%s%s", first ? "" : " ", pw_tagset_name(t));
			first = 0;
		}
	if (rc == 0)
		rc = pw_buf_printf(b, "]\n    %s", c->proposal ? c->proposal : c->subject);
	if (rc == 0 && c->status == PW_STATUS_PROPOSED)
		rc = pw_buf_printf(b, " (proposed on %s%s)", c->branch, c->stale ? ", stale" : "");
	if (rc == 0)
		rc = pw_buf_printf(b, "\n");
	for (i = 0; rc == 0 && i < k->sections.count && i < TEXT_SECTIONS; i++)
		rc = pw_buf_printf(b, "%s%s", i ? ", " : "    sections: ", k->sections.items[i]);
	if (rc == 0 && k->sections.count > TEXT_SECTIONS)
		rc = pw_buf_printf(b, " and %zu more", k->sections.count - TEXT_SECTIONS);
	if (rc == 0 && k->sections.count)
		rc = pw_buf_printf(b, "\n");
	for (i = 0; rc == 0 && i < k->ndates; i++) {
		const pw_effective_date *d = &k->dates[i];
		rc =
		    pw_buf_printf(b, "    effective %s%s", d->date, d->derived ? " (derived)" : "");
		for (j = 0; rc == 0 && j < d->sections.count; j++)
			rc = pw_buf_printf(b, "%s%s", j ? ", " : " (", d->sections.items[j]);
		if (rc == 0)
			rc = pw_buf_printf(b, "%s: %s\n", d->sections.count ? ")" : "",
			                   d->text ? d->text : "");
	}
	if (rc == 0) {
		pw_strlist m = PW_STRLIST_INIT;
		rc = pw_classification_missing(k, &m);
		for (i = 0; rc == 0 && i < m.count; i++)
			rc = pw_buf_printf(b, "%s%s", i ? "; " : "    missing: ", m.items[i]);
		if (rc == 0 && m.count)
			rc = pw_buf_printf(b, "\n");
		pw_strlist_clear(&m);
	}
	if (rc == 0)
		rc = render_terms(b, k);
	return rc < 0 ? pw_error_oom() : 0;
}

int pw_list_changes_text(pw_buf *out, const pw_change *c)
{
	size_t start = out->len;
	int rc;
	/* upstream text (subjects, branch names, dates' text, definitions) */
	if ((rc = render(out, c)) == 0)
		out->len = start + clean_lines(out->ptr + start);
	return rc;
}

int pw_list_changes_json(pw_buf *out, const pw_change *c)
{
	cJSON *o = pw_change_to_json(c);
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;
	int rc = 0;
	if (!s || pw_buf_puts(out, s) < 0)
		rc = pw_error_oom();
	free(s);
	cJSON_Delete(o);
	return rc;
}
