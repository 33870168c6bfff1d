/* Deadlines derived from releases by the rules of rules/deadlines.json (a
 * root program's own deadline for following another document's new
 * version), added to a change's dates with the rule's reason. */
#include "classify/classify_int.h"

#include "classify/dates.h"
#include "core/sources.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEADLINES_MAX_BYTES (256 * 1024)

void pw_classify_derived_free(pw_classifier *cl)
{
	size_t i;
	for (i = 0; i < cl->nderived; i++) {
		free(cl->derived[i].id);
		free(cl->derived[i].source);
		free(cl->derived[i].document);
		free(cl->derived[i].text);
		free(cl->derived[i].event);
	}
	free(cl->derived);
	cl->derived = NULL;
	cl->nderived = 0;
}

static int dup_str(char **dst, const char *s)
{
	return (*dst = strdup(s)) ? 0 : pw_error_oom();
}

static int load_rule(pw_derived_rule *d, const cJSON *o, const char *file, const char *jp)
{
	static const char *const keys[] = {"id",    "source",  "document", "when",
	                                   "from",  "days",    "text",     "root_programs",
	                                   "event", "comment", NULL};
	const char *id, *source, *document, *when, *from, *text, *event;
	const cJSON *programs;
	char path[256];
	int rc;
	if ((rc = pw_json_check_object(o, file, jp, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "id", 1, file, jp, &id)) < 0 ||
	    (rc = pw_json_get_string(o, "source", 1, file, jp, &source)) < 0 ||
	    (rc = pw_json_get_string(o, "document", 1, file, jp, &document)) < 0 ||
	    (rc = pw_json_get_string(o, "when", 1, file, jp, &when)) < 0 ||
	    (rc = pw_json_get_string(o, "from", 1, file, jp, &from)) < 0 ||
	    (rc = pw_json_get_string(o, "text", 1, file, jp, &text)) < 0 ||
	    (rc = pw_json_get_string(o, "event", 0, file, jp, &event)) < 0 ||
	    (rc = pw_json_get_int(o, "days", 1, 0, 3660, file, jp, &d->days)) < 0 ||
	    (rc = pw_json_get_array(o, "root_programs", 0, file, jp, &programs)) < 0)
		return rc;
	if (strcmp(when, "release") == 0)
		d->when = PW_DERIVE_ALWAYS;
	else if (strcmp(when, "release_without_future_date") == 0)
		d->when = PW_DERIVE_NO_FUTURE_DATE;
	else if (strcmp(when, "release_without_future_version_date") == 0)
		d->when = PW_DERIVE_NO_FUTURE_VERSION_DATE;
	else
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.when: expected \"release\", "
		                    "\"release_without_future_date\" or "
		                    "\"release_without_future_version_date\"",
		                    file, jp);
	if (strcmp(from, "commit") != 0 && strcmp(from, "effective") != 0)
		return pw_error_set(PW_EINPUT, "%s: %s.from: expected \"commit\" or \"effective\"",
		                    file, jp);
	if (!*text)
		return pw_error_set(PW_EINPUT, "%s: %s.text: empty", file, jp);
	if (event && !*event)
		return pw_error_set(PW_EINPUT, "%s: %s.event: empty (leave it out for the text)",
		                    file, jp);
	d->from_effective = strcmp(from, "effective") == 0;
	pw_json_path_key(path, sizeof(path), jp, "root_programs");
	if (programs && (rc = pw_rootprog_parse(programs, file, path, &d->programs)) < 0)
		return rc;
	if ((rc = dup_str(&d->id, id)) < 0 || (rc = dup_str(&d->source, source)) < 0 ||
	    (rc = dup_str(&d->document, document)) < 0 ||
	    (event && (rc = dup_str(&d->event, event)) < 0))
		return rc;
	return dup_str(&d->text, text);
}

/* Each rule names a source of rules_dir/sources.json and one of that
 * source's documents (its path there): a misspelt name would match no
 * change and drop the deadline without a word. */
static int check_names(const pw_classifier *cl, const char *rules_dir, const char *file)
{
	pw_sources *sources = NULL;
	char *sp = pw_path_join(rules_dir, "sources.json"), jp[64];
	size_t i, k;
	int rc;
	if (!sp)
		return pw_error_oom();
	rc = pw_sources_load(&sources, sp);
	free(sp);
	for (i = 0; rc == 0 && i < cl->nderived; i++) {
		const pw_derived_rule *d = &cl->derived[i];
		const pw_source *src = pw_sources_find(sources, d->source);
		pw_json_path_index(jp, sizeof(jp), "$.derived", (int)i);
		if (!src) {
			rc = pw_error_set(PW_EINPUT, "%s: %s.source: unknown source \"%s\"", file,
			                  jp, d->source);
			break;
		}
		for (k = 0; k < src->ndocuments; k++)
			if (strcmp(src->documents[k].path, d->document) == 0)
				break;
		if (k == src->ndocuments)
			rc = pw_error_set(PW_EINPUT,
			                  "%s: %s.document: \"%s\" is not a document of source "
			                  "\"%s\" in sources.json",
			                  file, jp, d->document, d->source);
	}
	pw_sources_free(sources);
	return rc;
}

int pw_classify_derived_rules(pw_classifier *cl, const char *rules_dir)
{
	static const char *const keys[] = {"derived", "comment", NULL};
	char *p = pw_path_join(rules_dir, "deadlines.json"), jp[64];
	cJSON *doc = NULL;
	const cJSON *arr, *o;
	struct stat st;
	int rc, i = 0;
	if (!p)
		return pw_error_oom();
	if (stat(p, &st) < 0) { /* no rules: no derived deadlines */
		free(p);
		return 0;
	}
	if ((rc = pw_json_parse_file(&doc, p, DEADLINES_MAX_BYTES)) < 0 ||
	    (rc = pw_json_check_object(doc, p, "$", keys)) < 0 ||
	    (rc = pw_json_get_array(doc, "derived", 1, p, "$", &arr)) < 0)
		goto done;
	if (!(cl->derived = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*cl->derived)))) {
		rc = pw_error_oom();
		goto done;
	}
	cJSON_ArrayForEach(o, arr)
	{
		pw_json_path_index(jp, sizeof(jp), "$.derived", i++);
		if ((rc = load_rule(&cl->derived[cl->nderived++], o, p, jp)) < 0)
			goto done;
	}
	rc = cl->nderived ? check_names(cl, rules_dir, p) : 0;
done:
	cJSON_Delete(doc);
	free(p);
	if (rc < 0)
		pw_classify_derived_free(cl);
	return rc;
}

/* `t` with "{version}" replaced by the version the change releases of the
 * rule's document ("?" when unknown) and "{previous}" by the version that
 * release supersedes ("preceding <version>" when the old revision declared
 * none) into *out; "{change}" stays (pw_classify_date_what). */
static int fill_in(char **out, const pw_classify_run *r, const pw_derived_rule *d, const char *t)
{
	const char *v = "?", *prev = NULL, *at;
	pw_buf b = PW_BUF_INIT;
	size_t k, nprev = 0;
	int rc = 0;
	for (k = 0; k < r->cc->ndocs && k < r->out->nversions; k++)
		if (strcmp(r->cc->docs[k].path, d->document) == 0 && r->out->versions[k])
			v = r->out->versions[k];
	for (k = 0; k < r->superseded.count; k++) { /* "<version> <path>" */
		const char *e = r->superseded.items[k], *sp = strchr(e, ' ');
		if (sp && strcmp(sp + 1, d->document) == 0) {
			prev = e;
			nprev = (size_t)(sp - e);
		}
	}
	while (rc == 0 && (at = strchr(t, '{')) != NULL) {
		if ((rc = pw_buf_printf(&b, "%.*s", (int)(at - t), t)) < 0)
			break;
		if (strncmp(at, "{version}", 9) == 0) {
			rc = pw_buf_puts(&b, v);
			t = at + 9;
		} else if (strncmp(at, "{previous}", 10) == 0) {
			/* an old revision that declared no version: "preceding 1.1" */
			rc = prev ? pw_buf_printf(&b, "%.*s", (int)nprev, prev)
			          : pw_buf_printf(&b, "preceding %s", v);
			t = at + 10;
		} else {
			rc = pw_buf_putc(&b, '{');
			t = at + 1;
		}
	}
	if (rc == 0)
		rc = pw_buf_puts(&b, t);
	if (rc < 0) {
		pw_buf_clear(&b);
		return rc;
	}
	return (*out = pw_buf_detach(&b)) ? 0 : pw_error_oom();
}

/* The certificate types among `path`'s default tags (sources.json). */
static pw_tagset doc_types(const pw_source *src, const char *path)
{
	const pw_document *doc = pw_sources_document(src, path);
	pw_tagset t = 0;
	size_t i;
	for (i = 0; doc && i < doc->ntags; i++)
		t |= pw_tagset_from_name(doc->tags[i]);
	return t & CERT_TAGS;
}

static int add_derived(pw_classify_run *r, const pw_derived_rule *d, const char *base)
{
	pw_classification *o = r->out;
	pw_effective_date *e;
	char date[11];
	int rc;
	if (pw_day_add(date, base, d->days) < 0)
		return 0; /* no calendar date: nothing derived */
	if (!(e = realloc(o->dates, (o->ndates + 1) * sizeof(*e))))
		return pw_error_oom();
	o->dates = e;
	e = &o->dates[o->ndates];
	memset(e, 0, sizeof(*e));
	memcpy(e->date, date, sizeof(date));
	e->derived = 1;
	e->programs = d->programs;
	e->types = doc_types(r->cc->source, d->document);
	o->ndates++; /* cleared with the record from here on */
	if ((rc = fill_in(&e->text, r, d, d->text)) < 0)
		return rc;
	return d->event ? fill_in(&e->event, r, d, d->event) : 0;
}

/* Whether document `doc`'s released version states a date of its own
 * (r->version_dates: its header line, its change-history row) after the
 * commit: 1 or 0; -1 when it states none. */
static int future_version_date(const pw_classify_run *r, const char *doc)
{
	size_t i;
	int found = -1;
	for (i = 0; i < r->version_dates.count; i++) {
		const char *e = r->version_dates.items[i];
		if (strlen(e) < 12 || strcmp(e + 11, doc) != 0)
			continue;
		if (strncmp(e, r->cc->date, 10) > 0)
			return 1;
		found = 0;
	}
	return found;
}

/* Whether a date the change states lies after the commit: with
 * `version_only`, whether a date the released version of `doc` states for
 * itself does (a requirement's date in its prose is not the version's
 * effective date: a version that states none is in effect on publication). */
static int future_date(const pw_classify_run *r, const char *doc, size_t nstated, int version_only)
{
	size_t k;
	if (version_only)
		return future_version_date(r, doc) > 0;
	for (k = 0; k < nstated; k++)
		if (strcmp(r->out->dates[k].date, r->cc->date) > 0)
			return 1;
	return 0;
}

int pw_classify_derive(pw_classify_run *r)
{
	const pw_classifier *cl = r->cl;
	size_t i, k, nstated = r->out->ndates;
	int rc = 0;
	for (i = 0; i < cl->nderived && rc == 0; i++) {
		const pw_derived_rule *d = &cl->derived[i];
		int released = 0;
		if (strcmp(d->source, r->cc->source->id) != 0 || !r->out->adopted)
			continue;
		/* a release that follows an earlier version of the document */
		for (k = 0; k < r->cc->ndocs && !released; k++)
			released = strcmp(r->cc->docs[k].path, d->document) == 0 &&
			           r->cc->docs[k].old_len > 0;
		for (k = 0; released && k < r->released_docs.count; k++)
			if (strcmp(r->released_docs.items[k], d->document) == 0)
				break;
		if (!released || k == r->released_docs.count)
			continue;
		if (d->when != PW_DERIVE_ALWAYS &&
		    future_date(r, d->document, nstated,
		                d->when == PW_DERIVE_NO_FUTURE_VERSION_DATE))
			continue;
		rc = add_derived(
		    r, d, d->from_effective && r->release_date[0] ? r->release_date : r->cc->date);
	}
	return rc;
}

int pw_classify_date_what(pw_buf *out, const pw_effective_date *d, const char *change)
{
	static const char key[] = "{change}";
	const char *t, *at;
	int rc = 0;
	if (!d->derived)
		return 0;
	if (!d->event)
		return pw_buf_puts(out, d->text ? d->text : "");
	for (t = d->event; rc == 0 && (at = strstr(t, key)) != NULL; t = at + sizeof(key) - 1)
		if ((rc = pw_buf_printf(out, "%.*s", (int)(at - t), t)) == 0)
			rc = pw_buf_puts(out, change);
	return rc ? rc : pw_buf_puts(out, t);
}
