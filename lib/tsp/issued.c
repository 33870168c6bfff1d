#include "tsp/issued.h"

#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/strlist.h"
#include "ledger/commit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ISSUED_MAX (4 << 20)

static void issue_clear(pw_issued_form *x)
{
	size_t i;
	free(x->tsp);
	free(x->form);
	for (i = 0; i < x->nchanges; i++)
		free(x->changes[i]);
	free(x->changes);
	pw_strlist_clear(&x->obligations);
	free(x->issued_by);
	free(x->superseded_by);
	memset(x, 0, sizeof(*x));
}

void pw_issued_clear(pw_issued *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		issue_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static int parse_form(pw_issued_form *x, const char *tsp, const char *file, const char *jpath,
                      const cJSON *o)
{
	static const char *const keys[] = {"form",       "generated",     "reply_by",
	                                   "changes",    "obligations",   "issued_by",
	                                   "supersedes", "superseded_by", NULL};
	const char *form, *gen, *reply, *by, *sup_by;
	const cJSON *changes, *c, *sups;
	char path[128];
	int rc, i = 0;

	memset(x, 0, sizeof(*x));
	if ((rc = pw_json_check_object(o, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(o, "form", 1, file, jpath, &form)) < 0 ||
	    (rc = pw_json_get_string(o, "generated", 1, file, jpath, &gen)) < 0 ||
	    (rc = pw_json_get_string(o, "reply_by", 1, file, jpath, &reply)) < 0 ||
	    (rc = pw_json_get_string(o, "issued_by", 0, file, jpath, &by)) < 0 ||
	    (rc = pw_json_get_string(o, "superseded_by", 0, file, jpath, &sup_by)) < 0 ||
	    (rc = pw_json_get_array(o, "supersedes", 0, file, jpath, &sups)) < 0 ||
	    (rc = pw_json_get_array(o, "changes", 1, file, jpath, &changes)) < 0)
		return rc;
	if (!pw_day_valid(gen) || !pw_day_valid(reply)) {
		pw_json_path_key(path, sizeof(path), jpath,
		                 pw_day_valid(gen) ? "reply_by" : "generated");
		return pw_error_set(PW_EINPUT, "%s: %s: not a date (YYYY-MM-DD)", file, path);
	}
	if (!pw_form_id_valid(form, tsp)) {
		pw_json_path_key(path, sizeof(path), jpath, "form");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not a form id of TSP %s", file,
		                    path, form, tsp);
	}
	if (sup_by && !pw_form_id_valid(sup_by, tsp)) {
		pw_json_path_key(path, sizeof(path), jpath, "superseded_by");
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not a form id of TSP %s", file,
		                    path, sup_by, tsp);
	}
	cJSON_ArrayForEach(c, sups)
	{
		if (!cJSON_IsString(c) || !pw_form_id_valid(c->valuestring, tsp)) {
			pw_json_path_key(path, sizeof(path), jpath, "supersedes");
			return pw_error_set(PW_EINPUT, "%s: %s[%d]: not a form id of TSP %s", file,
			                    path, i, tsp);
		}
		i++;
	}
	i = 0;
	if (!(x->tsp = strdup(tsp)) || !(x->form = strdup(form)) ||
	    (by && !(x->issued_by = strdup(by))) ||
	    (sup_by && !(x->superseded_by = strdup(sup_by))))
		goto oom;
	memcpy(x->generated, gen, 11);
	memcpy(x->reply_by, reply, 11);
	cJSON_ArrayForEach(c, changes)
	{
		char **p;
		if (!cJSON_IsString(c)) {
			pw_json_path_key(path, sizeof(path), jpath, "changes");
			issue_clear(x);
			return pw_error_set(PW_EINPUT, "%s: %s[%d]: not a change id", file, path,
			                    i);
		}
		if (!(p = realloc(x->changes, (x->nchanges + 1) * sizeof(*p))))
			goto oom;
		x->changes = p;
		if (!(p[x->nchanges] = strdup(c->valuestring)))
			goto oom;
		x->nchanges++;
		i++;
	}
	if ((rc = pw_strlist_from_json(&x->obligations, o, "obligations", 0, file, jpath)) < 0) {
		issue_clear(x);
		return rc;
	}
	return 0;
oom:
	issue_clear(x);
	return pw_error_oom();
}

/* The forms of one parsed file, appended to `out`. */
static int parse_doc(pw_issued *out, const char *tsp, const char *file, const cJSON *doc)
{
	static const char *const keys[] = {"tsp", "forms", NULL};
	const char *id;
	const cJSON *forms, *f;
	int rc, i = 0;

	if ((rc = pw_json_check_object(doc, file, "$", keys)) < 0 ||
	    (rc = pw_json_get_string(doc, "tsp", 1, file, "$", &id)) < 0 ||
	    (rc = pw_json_get_array(doc, "forms", 1, file, "$", &forms)) < 0)
		return rc;
	if (strcmp(id, tsp) != 0)
		return pw_error_set(PW_EINPUT, "%s: $.tsp: '%s' is not the file's TSP '%s'", file,
		                    id, tsp);
	cJSON_ArrayForEach(f, forms)
	{
		char jpath[64];
		pw_issued_form *p = realloc(out->items, (out->count + 1) * sizeof(*p));
		if (!p)
			return pw_error_oom();
		out->items = p;
		pw_json_path_index(jpath, sizeof(jpath), "$.forms", i++);
		if ((rc = parse_form(&p[out->count], tsp, file, jpath, f)) < 0)
			return rc;
		out->count++;
	}
	return 0;
}

static int load_file(const char *path, const char *stem, void *payload)
{
	cJSON *doc = NULL;
	int rc;
	if (!pw_tsp_id_valid(stem))
		return pw_error_set(PW_EINPUT, "%s: '%s' is not a TSP id", path, stem);
	if ((rc = pw_json_parse_file(&doc, path, ISSUED_MAX)) == 0)
		rc = parse_doc(payload, stem, path, doc);
	cJSON_Delete(doc);
	return rc;
}

/* By TSP id, keeping each file's order (an insertion sort is stable). */
static void sort_by_tsp(pw_issued *l)
{
	size_t i, j;
	for (i = 1; i < l->count; i++) {
		pw_issued_form x = l->items[i];
		for (j = i; j > 0 && strcmp(l->items[j - 1].tsp, x.tsp) > 0; j--)
			l->items[j] = l->items[j - 1];
		l->items[j] = x;
	}
}

int pw_issued_load(pw_issued *out, const char *root)
{
	char *dir = pw_path_join(root, "ledger/forms");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!dir)
		return pw_error_oom();
	rc = pw_dir_each_json(dir, load_file, out);
	free(dir);
	if (rc < 0)
		pw_issued_clear(out);
	else
		sort_by_tsp(out);
	return rc;
}

const pw_issued_form *pw_issued_first(const pw_issued *l, const char *tsp, const char *change)
{
	const pw_issued_form *best = NULL;
	size_t i;
	int pass;
	for (pass = 0; pass < 2 && !best; pass++) /* the forms in force first */
		for (i = 0; l && i < l->count; i++) {
			const pw_issued_form *x = &l->items[i];
			if (strcmp(x->tsp, tsp) != 0 || !pw_issued_asks(x, change) ||
			    (pass == 0 && x->superseded_by))
				continue;
			if (!best || strcmp(x->reply_by, best->reply_by) < 0 ||
			    (strcmp(x->reply_by, best->reply_by) == 0 &&
			     strcmp(x->generated, best->generated) < 0))
				best = x;
		}
	return best;
}

int pw_issued_load_tsp(pw_issued *out, int *exists, const char *root, const char *tsp)
{
	pw_buf rel = PW_BUF_INIT;
	char *path = NULL;
	struct stat st;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	*exists = 0;
	if (!pw_tsp_id_valid(tsp))
		return pw_error_set(PW_EINPUT, "'%s' is not a TSP id", tsp);
	if (pw_buf_printf(&rel, "ledger/forms/%s.json", tsp) < 0 ||
	    !(path = pw_path_join(root, rel.ptr)))
		rc = pw_error_oom();
	else if (stat(path, &st) == 0) {
		*exists = 1;
		rc = load_file(path, tsp, out);
	} else if (errno != ENOENT) /* only a missing file is no record */
		rc = pw_error_set(PW_ERROR, "%s: %s", path, strerror(errno));
	if (rc < 0)
		pw_issued_clear(out);
	free(path);
	pw_buf_clear(&rel);
	return rc;
}

const pw_issued_form *pw_issued_find(const pw_issued *l, const char *form)
{
	size_t i;
	for (i = 0; l && i < l->count; i++)
		if (strcmp(l->items[i].form, form) == 0)
			return &l->items[i];
	return NULL;
}

int pw_issued_asks(const pw_issued_form *x, const char *change)
{
	size_t j;
	for (j = 0; j < x->nchanges; j++)
		if (strcmp(x->changes[j], change) == 0)
			return 1;
	return 0;
}

int pw_issued_asks_obligation(const pw_issued_form *x, const char *obligation)
{
	return pw_strlist_has(&x->obligations, obligation);
}

static cJSON *form_json(const pw_form *f, const char *by)
{
	cJSON *o = cJSON_CreateObject(), *a = NULL;
	size_t i;
	int ok = o && cJSON_AddStringToObject(o, "form", f->id) &&
	         cJSON_AddStringToObject(o, "generated", f->generated) &&
	         cJSON_AddStringToObject(o, "reply_by", f->reply_by) &&
	         (a = cJSON_AddArrayToObject(o, "changes")) != NULL;
	for (i = 0; ok && i < f->changes->count; i++)
		ok = cJSON_AddItemToArray(a,
		                          cJSON_CreateString(f->changes->items[i].item->change.id));
	if (ok && pw_form_obligation_count(f)) {
		a = cJSON_AddArrayToObject(o, "obligations");
		ok = a != NULL;
		for (i = 0; ok && i < pw_form_obligation_count(f); i++)
			ok = cJSON_AddItemToArray(a,
			                          cJSON_CreateString(pw_form_obligation_id(f, i)));
	}
	ok = ok && cJSON_AddStringToObject(o, "issued_by", by);
	if (ok && f->nsupersedes) {
		a = cJSON_AddArrayToObject(o, "supersedes");
		ok = a != NULL;
		for (i = 0; ok && i < f->nsupersedes; i++)
			ok = cJSON_AddItemToArray(a, cJSON_CreateString(f->supersedes[i]));
	}
	if (ok)
		return o;
	cJSON_Delete(o);
	pw_error_oom();
	return NULL;
}

/* "superseded_by": the new form, on the entries of `forms` (the file's array)
 * that `f` replaces. */
static int mark_superseded(cJSON *forms, const pw_form *f)
{
	cJSON *e;
	size_t i;
	cJSON_ArrayForEach(e, forms)
	{
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "form"));
		for (i = 0; id && i < f->nsupersedes; i++)
			if (strcmp(id, f->supersedes[i]) == 0)
				break;
		if (!id || i == f->nsupersedes)
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(e, "superseded_by");
		if (!cJSON_AddStringToObject(e, "superseded_by", f->id))
			return pw_error_oom();
	}
	return 0;
}

/* The record <root>/`rel` as it is in `base` (NULL: the work tree); *doc NULL
 * when there is none. */
static int record_doc(const char *root, const char *base, const char *rel, const char *path,
                      cJSON **doc)
{
	struct stat st;
	*doc = NULL;
	if (base)
		return pw_commit_read_at(doc, root, base, rel);
	if (stat(path, &st) == 0)
		return pw_json_parse_file(doc, path, ISSUED_MAX);
	if (errno != ENOENT)
		return pw_error_set(PW_ERROR, "%s: %s", path, strerror(errno));
	return 0;
}

int pw_issued_prepare(cJSON **doc_out, char **rel_path, char **message, const char *root,
                      const char *base, const pw_form *f, const char *name, const char *email)
{
	pw_buf rel = PW_BUF_INIT, by = PW_BUF_INIT, msg = PW_BUF_INIT;
	pw_issued mine = {NULL, 0};
	char *path = NULL;
	cJSON *doc = NULL, *forms, *one = NULL;
	size_t i;
	int rc;

	*doc_out = NULL;
	*rel_path = *message = NULL;
	if (pw_buf_printf(&rel, "ledger/forms/%s.json", f->tsp->id) < 0 ||
	    pw_buf_printf(&by, "%s <%s>", name, email) < 0 ||
	    !(path = pw_path_join(root, rel.ptr))) {
		rc = pw_error_oom();
		goto out;
	}
	/* the file as committed in `base` (the work tree's without one) */
	if ((rc = record_doc(root, base, rel.ptr, path, &doc)) < 0)
		goto out;
	if (doc) {
		if ((rc = parse_doc(&mine, f->tsp->id, path, doc)) < 0)
			goto out;
		if (pw_issued_find(&mine, f->id)) {
			rc = 0; /* issued already: nothing to record */
			goto out;
		}
	} else if (!(doc = cJSON_CreateObject()) ||
	           !cJSON_AddStringToObject(doc, "tsp", f->tsp->id) ||
	           !cJSON_AddArrayToObject(doc, "forms")) {
		rc = pw_error_oom();
		goto out;
	}
	forms = cJSON_GetObjectItemCaseSensitive(doc, "forms");
	if ((rc = mark_superseded(forms, f)) < 0)
		goto out;
	if (!(one = form_json(f, by.ptr)) || !cJSON_AddItemToArray(forms, one)) {
		cJSON_Delete(one);
		rc = pw_error_oom();
		goto out;
	}
	rc = pw_buf_printf(&msg,
	                   "forms: %s issued to %s\n\nForm %s for TSP %s, generated %s, reply "
	                   "by %s, asks about:\n",
	                   f->id, f->tsp->id, f->id, f->tsp->id, f->generated, f->reply_by);
	for (i = 0; rc == 0 && i < f->changes->count; i++)
		rc = pw_buf_printf(&msg, "- %s\n", f->changes->items[i].item->change.id);
	for (i = 0; rc == 0 && i < pw_form_obligation_count(f); i++)
		rc = pw_buf_printf(&msg, "- obligation %s\n", pw_form_obligation_id(f, i));
	for (i = 0; rc == 0 && i < f->nsupersedes; i++)
		rc = pw_buf_printf(
		    &msg, "%s%s",
		    i ? ", " : "\nReplaces (asks again what is open there): ", f->supersedes[i]);
	if (rc == 0 && f->nsupersedes)
		rc = pw_buf_putc(&msg, '\n');
	if (rc == 0)
		rc = pw_buf_printf(&msg, "\nSigned-off-by: %s <%s>\n", name, email);
	if (rc < 0 || !(*message = pw_buf_detach(&msg)) || !(*rel_path = pw_buf_detach(&rel))) {
		free(*message);
		*message = NULL;
		rc = pw_error_oom();
		goto out;
	}
	*doc_out = doc;
	doc = NULL;
	rc = 0;
out:
	pw_issued_clear(&mine);
	cJSON_Delete(doc);
	free(path);
	pw_buf_clear(&rel);
	pw_buf_clear(&by);
	pw_buf_clear(&msg);
	return rc;
}
