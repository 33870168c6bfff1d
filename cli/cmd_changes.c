/* pkiwatch changes: the changes of every enabled source, from the mirrors. */
#include "tool.h"

#include "util/buf.h"
#include "classify/change.h"
#include "classify/classify.h"
#include "classify/stream.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "upstream/history.h"
#include "util/json.h"
#include "core/tagset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char about[] =
    "Lists the changes to the sources' documents, newest first, from the mirrors in the\n"
    "cache (run 'pkiwatch mirror' first).\n";

static const char after[] =
    "\n"
    "Text output, per change: '<id> <date> <ballot or -> <kind> <status> [tags]', then\n"
    "indented the subject, the changed sections and one 'effective DATE (sections): text'\n"
    "line per effective date. JSON: the full change record.\n";

static int check_since(const char *cmd, const char *text)
{
	if (!pw_day_valid(text))
		return tool_usage(cmd, "--since: expected a date YYYY-MM-DD, got '%s'", text);
	return 0;
}

typedef struct {
	int json;
	pw_buf text; /* the rendered records (JSON: joined by commas) */
	FILE *spill; /* earlier rendered records, when `text` grew large */
	size_t nrecords;
} output;

/* Prints the classifier's warnings about upstream text (never on stdout). */
static void print_warnings(const pw_change *c)
{
	size_t i;
	for (i = 0; i < c->cls.warnings.count; i++)
		tool_error("warning: %s: %s", c->id, c->cls.warnings.items[i]);
}

/* Rendered output beyond this size waits in a temporary file. */
#ifndef SPILL_BYTES
#define SPILL_BYTES (1u << 20)
#endif

/* Text output lists at most this many changed sections (JSON: all). */
#define TEXT_SECTIONS 12

/* Text output quotes at most this many altered definitions in full (JSON: all). */
#define TEXT_DEFINITIONS 8

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

/* Text: "<id> <date> <ballot|-> <kind> <status> [tags]", then indented the
 * subject, the changed sections, one line per effective date, the terms
 * and the definitions the change alters (old and new text). */
static int render_text(pw_buf *b, const pw_change *c)
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
		rc = pw_buf_printf(b, " (proposed on %s)", c->branch);
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

/* Renders a final change of the stream. */
static int emit(pw_change *c, void *user, void *payload)
{
	output *out = payload;
	int rc = 0;
	(void)user;
	if (out->json) {
		cJSON *o = pw_change_to_json(c);
		char *s = o ? cJSON_PrintUnformatted(o) : NULL;
		if (!s || (out->nrecords && pw_buf_putc(&out->text, ',') < 0) ||
		    pw_buf_puts(&out->text, s) < 0)
			rc = pw_error_oom();
		free(s);
		cJSON_Delete(o);
	} else {
		size_t start = out->text.len;
		/* upstream text (subjects, branch names, dates' text, definitions) */
		if ((rc = render_text(&out->text, c)) == 0)
			out->text.len = start + tool_clean_lines(out->text.ptr + start);
	}
	if (rc == 0) {
		print_warnings(c);
		out->nrecords++;
	}
	/* a long history: keep the output in a temporary file until every
	 * source was read, not in memory */
	if (rc == 0 && out->text.len >= SPILL_BYTES) {
		if (!out->spill && !(out->spill = tmpfile()))
			rc = pw_error_set(PW_ERROR, "cannot create a temporary file: %s",
			                  strerror(errno));
		else if (fwrite(out->text.ptr, 1, out->text.len, out->spill) != out->text.len)
			rc = pw_error_set(PW_ERROR, "cannot write a temporary file: %s",
			                  strerror(errno));
		pw_buf_reset(&out->text);
	}
	return rc;
}

int cmd_changes(pw_tool *t, int argc, char **argv)
{
	pw_history_opts opts = PW_HISTORY_OPTS_INIT;
	const char *only = NULL;
	int json = 0;
	const opt_spec spec[] = {
	    {.type = OPT_STRING,
	     .name = "source",
	     .value = &only,
	     .arg = "S",
	     .help = "only source S (default: the sources enabled in pkiwatch.json)"},
	    {.type = OPT_STRING,
	     .name = "since",
	     .value = &opts.since,
	     .arg = "DATE",
	     .check = check_since,
	     .help = "stop at changes committed before DATE (YYYY-MM-DD)"},
	    {.type = OPT_STRING,
	     .name = "from",
	     .value = &opts.from,
	     .arg = "REV",
	     .flags = OPT_GROUP,
	     .help = "only changes after REV (exclusive)"},
	    {.type = OPT_STRING,
	     .name = "to",
	     .value = &opts.to,
	     .arg = "REV",
	     .help = "start from REV instead of the default branch head"},
	    {.type = OPT_SWITCH,
	     .name = "drafts",
	     .value = &opts.drafts,
	     .help = "also list draft branches as proposed changes"},
	    TOOL_OPT_TEXT_JSON(&json),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"changes", about, after, 18, spec};
	const pw_sources *sources;
	const pw_config *cfg;
	const char *cache;
	pw_stream_opts so = PW_STREAM_OPTS_INIT;
	output out;
	size_t i, nargs;
	int rc = 0;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	memset(&out, 0, sizeof(out));
	out.json = json;
	out.text = (pw_buf)PW_BUF_INIT;
	if ((rc = tool_open(t, NULL, 0)) != 0)
		return rc;
	if ((rc = pw_workspace_sources(&sources, t->ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, t->ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&cache, t->ws)) < 0 || (rc = pw_history_tune()) < 0) {
		rc = tool_fail(rc);
		goto done;
	}
	if (only && !pw_sources_find(sources, only)) {
		tool_error("unknown source '%s'", only);
		rc = 2;
		goto done;
	}
	/* the full change record: classify with the rules */
	if ((rc = pw_classifier_load(&so.cl, NULL)) < 0) {
		rc = tool_fail(rc);
		goto done;
	}
	so.final = emit;
	so.cache_dir = cache;
	so.walk = opts;
	so.payload = &out;
	for (i = 0; i < sources->count && rc == 0; i++) {
		const pw_source *src = &sources->items[i];
		if (only ? strcmp(src->id, only) != 0 : !pw_config_source_enabled(cfg, src->id))
			continue;
		if ((rc = pw_stream_source(src, &so)) < 0)
			rc = tool_fail(rc);
	}
	/* nothing reaches stdout unless every source was read */
	if (rc == 0 && out.json)
		fputc('[', stdout);
	if (rc == 0 && out.spill) {
		char chunk[65536];
		size_t n;
		rewind(out.spill);
		while ((n = fread(chunk, 1, sizeof(chunk), out.spill)) > 0)
			fwrite(chunk, 1, n, stdout);
		if (ferror(out.spill)) {
			tool_error("cannot read a temporary file");
			rc = 1;
		}
	}
	if (rc == 0)
		fwrite(out.text.ptr ? out.text.ptr : "", 1, out.text.len, stdout);
	if (rc == 0 && out.json)
		fputs("]\n", stdout);
	if (rc == 0 && fflush(stdout) != 0) {
		tool_error("cannot write to standard output");
		rc = 1;
	}
done:
	pw_classifier_free(so.cl);
	pw_buf_clear(&out.text);
	if (out.spill)
		fclose(out.spill);
	return rc;
}
