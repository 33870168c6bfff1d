#include "tsp/response.h"

#include "tsp/applicability.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/fileio.h"
#include "tsp/form.h"
#include "util/json.h"
#include "util/optstr.h"
#include "ledger/commit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_FILE_MAX (1 << 20)

int pw_response_impact_valid(const char *s)
{
	return s && (strcmp(s, "none") == 0 || strcmp(s, "low") == 0 || strcmp(s, "medium") == 0 ||
	             strcmp(s, "high") == 0);
}

/* Checks the answer's values (impact, days, planned when and only when the
 * date cannot be met); `what`/`jpath` name it in messages. */
static int check_values(const pw_response *r, const char *what, const char *jpath)
{
	if (!pw_response_impact_valid(r->impact))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.impact: '%s' is not none, low, medium or high", what,
		                    jpath, r->impact);
	if (r->days < 0 || r->days > PW_RESPONSE_MAX_DAYS)
		return pw_error_set(PW_EINPUT, "%s: %s.days: %ld is not 0 to %d days", what, jpath,
		                    r->days, PW_RESPONSE_MAX_DAYS);
	if (!r->meets_date && !r->planned[0])
		return pw_error_set(
		    PW_EINPUT, "%s: %s.planned: required when the date cannot be met", what, jpath);
	if (r->meets_date && r->planned[0])
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.planned: only when the date cannot be met (meets_date "
		                    "is true)",
		                    what, jpath);
	if (r->planned[0] && !pw_day_valid(r->planned))
		return pw_error_set(PW_EINPUT, "%s: %s.planned: '%s' is not a date (YYYY-MM-DD)",
		                    what, jpath, r->planned);
	return 0;
}

int pw_response_check_text(const char *what, const char *jpath, const char *key, const char *s)
{
	size_t n, i;

	if (!s)
		return 0;
	n = strlen(s);
	if (n > PW_RESPONSE_TEXT_MAX)
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.%s: %zu bytes, at most %d (4 KB) are accepted: shorten "
		                    "it, or refer to a document",
		                    what, jpath, key, n, PW_RESPONSE_TEXT_MAX);
	if (!pw_utf8_valid(s, n))
		return pw_error_set(PW_EINPUT, "%s: %s.%s: not UTF-8", what, jpath, key);
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r') ||
		    s[i] == 0x7f)
			return pw_error_set(PW_EINPUT,
			                    "%s: %s.%s: a control character (only line breaks and "
			                    "tabs are accepted)",
			                    what, jpath, key);
	return 0;
}

int pw_response_check_texts(const pw_response *r, const char *what, const char *jpath)
{
	int rc;
	if ((rc = pw_response_check_text(what, jpath, "description", r->description)) < 0 ||
	    (rc = pw_response_check_text(what, jpath, "mitigation", r->mitigation)) < 0 ||
	    (rc = pw_response_check_text(what, jpath, "note", r->note)) < 0)
		return rc;
	for (size_t i = 0; i < r->ncas; i++)
		if ((rc = pw_response_check_text(what, r->cas[i].jpath, "reason",
		                                 r->cas[i].reason)) < 0 ||
		    (rc = pw_response_check_text(what, r->cas[i].jpath, "action",
		                                 r->cas[i].action)) < 0)
			return rc;
	return 0;
}

void pw_response_clear(pw_response *r)
{
	if (!r)
		return;
	free(r->tsp);
	free(r->change);
	free(r->description);
	free(r->mitigation);
	free(r->note);
	free(r->form);
	free(r->received);
	free(r->recorded_by);
	for (size_t i = 0; i < r->ncas; i++) {
		free(r->cas[i].ca);
		free(r->cas[i].reason);
		free(r->cas[i].action);
	}
	free(r->cas);
	memset(r, 0, sizeof(*r));
}

static int dup_opt(char **dst, const char *s)
{
	*dst = NULL;
	return s && !(*dst = strdup(s)) ? pw_error_oom() : 0;
}

/* "cas": per-CA answers (optional). */
static int parse_cas(pw_response *r, const char *what, const char *jpath, const cJSON *json)
{
	static const char *const keys[] = {"ca", "falls_under", "reason", "action", "by", NULL};
	const cJSON *arr, *o;
	char base[96];
	int rc, i = 0;
	if ((rc = pw_json_get_array(json, "cas", 0, what, jpath, &arr)) < 0 || !arr)
		return rc;
	pw_json_path_key(base, sizeof(base), jpath, "cas");
	if (cJSON_GetArraySize(arr) > 0 &&
	    !(r->cas = calloc((size_t)cJSON_GetArraySize(arr), sizeof(*r->cas))))
		return pw_error_oom();
	cJSON_ArrayForEach(o, arr)
	{
		pw_response_ca *c = &r->cas[r->ncas];
		const char *ca, *falls, *reason, *action, *by;
		size_t k;
		pw_json_path_index(c->jpath, sizeof(c->jpath), base, i++);
		if ((rc = pw_json_check_object(o, what, c->jpath, keys)) < 0 ||
		    (rc = pw_json_get_string(o, "ca", 1, what, c->jpath, &ca)) < 0 ||
		    (rc = pw_json_get_string(o, "falls_under", 1, what, c->jpath, &falls)) < 0 ||
		    (rc = pw_json_get_string(o, "reason", 0, what, c->jpath, &reason)) < 0 ||
		    (rc = pw_json_get_string(o, "action", 0, what, c->jpath, &action)) < 0 ||
		    (rc = pw_json_get_string(o, "by", 0, what, c->jpath, &by)) < 0)
			return rc;
		if (strcmp(falls, "yes") != 0 && strcmp(falls, "no") != 0 &&
		    strcmp(falls, "unsure") != 0)
			return pw_error_set(PW_EINPUT,
			                    "%s: %s.falls_under: '%s' is not yes, no or unsure",
			                    what, c->jpath, falls);
		if (by && !pw_day_valid(by))
			return pw_error_set(PW_EINPUT, "%s: %s.by: '%s' is not a date (YYYY-MM-DD)",
			                    what, c->jpath, by);
		for (k = 0; k < r->ncas; k++)
			if (strcmp(r->cas[k].ca, ca) == 0)
				return pw_error_set(PW_EINPUT, "%s: %s.ca: '%s' is answered twice",
				                    what, c->jpath, ca);
		memcpy(c->falls_under, falls, strlen(falls) + 1);
		if (by)
			memcpy(c->by, by, 11);
		if ((rc = dup_opt(&c->ca, ca)) < 0 || (rc = dup_opt(&c->reason, reason)) < 0 ||
		    (rc = dup_opt(&c->action, action)) < 0) {
			free(c->ca);
			free(c->reason);
			free(c->action);
			return rc;
		}
		r->ncas++;
	}
	return 0;
}

int pw_response_cas_check(const pw_responses *rs, const pw_tsp *t, const char *path)
{
	size_t i, j, k;
	for (i = 0; i < rs->count; i++)
		for (j = 0; j < rs->items[i].ncas; j++) {
			const pw_response_ca *c = &rs->items[i].cas[j];
			for (k = 0; k < t->ncas && strcmp(t->cas[k].name, c->ca) != 0; k++)
				;
			if (k == t->ncas)
				return pw_error_set(PW_EINPUT,
				                    "%s: %s.ca: '%s' is not an extant CA of TSP %s "
				                    "(extant_cas in %s)",
				                    path, c->jpath, c->ca, t->id,
				                    t->file ? t->file : t->id);
		}
	return 0;
}

int pw_response_parse(pw_response *r, const char *tsp, const char *change, int stored,
                      const char *what, const char *jpath, const cJSON *json)
{
	static const char *const stored_keys[] = {"impact",   "description", "days", "meets_date",
	                                          "planned",  "mitigation",  "note", "form",
	                                          "received", "recorded_by", "cas",  NULL};
	static const char *const file_keys[] = {"change",     "impact",  "description", "days",
	                                        "meets_date", "planned", "mitigation",  "note",
	                                        "cas",        NULL};
	const char *impact, *planned, *desc, *mit, *note, *form = NULL, *recv = NULL, *by = NULL;
	const cJSON *meets;
	char path[256];
	long days = -1;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = pw_json_check_object(json, what, jpath, stored ? stored_keys : file_keys)) < 0)
		return rc;
	if (!stored && (rc = pw_json_get_string(json, "change", 1, what, jpath, &change)) < 0)
		return rc;
	if ((rc = pw_json_get_string(json, "impact", 1, what, jpath, &impact)) < 0 ||
	    (rc = pw_json_get_int(json, "days", 1, 0, PW_RESPONSE_MAX_DAYS, what, jpath, &days)) <
	        0 ||
	    (rc = pw_json_get_string(json, "planned", 0, what, jpath, &planned)) < 0 ||
	    (rc = pw_json_get_string(json, "description", 0, what, jpath, &desc)) < 0 ||
	    (rc = pw_json_get_string(json, "mitigation", 0, what, jpath, &mit)) < 0 ||
	    (rc = pw_json_get_string(json, "note", 0, what, jpath, &note)) < 0)
		return rc;
	if (stored && ((rc = pw_json_get_string(json, "form", 0, what, jpath, &form)) < 0 ||
	               (rc = pw_json_get_string(json, "received", 1, what, jpath, &recv)) < 0 ||
	               (rc = pw_json_get_string(json, "recorded_by", 1, what, jpath, &by)) < 0))
		return rc;
	meets = cJSON_GetObjectItemCaseSensitive(json, "meets_date");
	pw_json_path_key(path, sizeof(path), jpath, "meets_date");
	if (!meets)
		return pw_error_set(PW_EINPUT, "%s: %s: missing (true or false)", what, path);
	if (!cJSON_IsBool(meets))
		return pw_error_set(PW_EINPUT, "%s: %s: not true or false", what, path);
	pw_json_path_key(path, sizeof(path), jpath, "impact");
	if (!pw_response_impact_valid(impact))
		return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not none, low, medium or high",
		                    what, path, impact);
	memcpy(r->impact, impact, strlen(impact) + 1);
	r->days = days;
	r->meets_date = cJSON_IsTrue(meets);
	if (planned) {
		pw_json_path_key(path, sizeof(path), jpath, "planned");
		if (!pw_day_valid(planned))
			return pw_error_set(PW_EINPUT, "%s: %s: '%s' is not a date (YYYY-MM-DD)",
			                    what, path, planned);
		memcpy(r->planned, planned, 11);
	}
	if ((rc = check_values(r, what, jpath)) < 0)
		return rc;
	if ((rc = dup_opt(&r->tsp, tsp)) < 0 || (rc = dup_opt(&r->change, change)) < 0 ||
	    (rc = dup_opt(&r->description, desc)) < 0 || (rc = dup_opt(&r->mitigation, mit)) < 0 ||
	    (rc = dup_opt(&r->note, note)) < 0 || (rc = dup_opt(&r->form, form)) < 0 ||
	    (rc = dup_opt(&r->received, recv)) < 0 || (rc = dup_opt(&r->recorded_by, by)) < 0 ||
	    (rc = parse_cas(r, what, jpath, json)) < 0 ||
	    (!stored && (rc = pw_response_check_texts(r, what, jpath)) < 0)) {
		pw_response_clear(r);
		return rc;
	}
	return 0;
}

static int add_opt(cJSON *o, const char *key, const char *v)
{
	return !v || cJSON_AddStringToObject(o, key, v) != NULL;
}

cJSON *pw_response_to_json(const pw_response *r)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o && cJSON_AddStringToObject(o, "impact", r->impact) &&
	         add_opt(o, "description", r->description) &&
	         cJSON_AddNumberToObject(o, "days", (double)r->days) &&
	         cJSON_AddBoolToObject(o, "meets_date", r->meets_date) &&
	         add_opt(o, "planned", r->planned[0] ? r->planned : NULL) &&
	         add_opt(o, "mitigation", r->mitigation) && add_opt(o, "note", r->note) &&
	         add_opt(o, "form", r->form) && add_opt(o, "received", r->received) &&
	         add_opt(o, "recorded_by", r->recorded_by);
	if (ok && r->ncas) {
		cJSON *a = cJSON_AddArrayToObject(o, "cas");
		size_t i;
		ok = a != NULL;
		for (i = 0; ok && i < r->ncas; i++) {
			const pw_response_ca *c = &r->cas[i];
			cJSON *x = cJSON_CreateObject();
			ok = x && cJSON_AddItemToArray(a, x) &&
			     cJSON_AddStringToObject(x, "ca", c->ca) &&
			     cJSON_AddStringToObject(x, "falls_under", c->falls_under) &&
			     add_opt(x, "reason", c->reason) && add_opt(x, "action", c->action) &&
			     add_opt(x, "by", c->by[0] ? c->by : NULL);
		}
	}
	if (ok)
		return o;
	cJSON_Delete(o);
	pw_error_oom();
	return NULL;
}

static int same_cas(const pw_response *a, const pw_response *b)
{
	size_t i;
	if (a->ncas != b->ncas)
		return 0;
	for (i = 0; i < a->ncas; i++)
		if (strcmp(a->cas[i].ca, b->cas[i].ca) != 0 ||
		    strcmp(a->cas[i].falls_under, b->cas[i].falls_under) != 0 ||
		    !pw_optstr_same(a->cas[i].reason, b->cas[i].reason) ||
		    !pw_optstr_same(a->cas[i].action, b->cas[i].action) ||
		    strcmp(a->cas[i].by, b->cas[i].by) != 0)
			return 0;
	return 1;
}

int pw_response_same(const pw_response *a, const pw_response *b)
{
	return strcmp(a->impact, b->impact) == 0 && a->days == b->days &&
	       !a->meets_date == !b->meets_date && strcmp(a->planned, b->planned) == 0 &&
	       pw_optstr_same(a->description, b->description) &&
	       pw_optstr_same(a->mitigation, b->mitigation) && pw_optstr_same(a->note, b->note) &&
	       same_cas(a, b);
}

/* ", <name> '<text>'" with control characters (line breaks, ESC) as spaces:
 * descriptions go into one-line errors and into commit messages. */
static int quoted(pw_buf *b, const char *name, const char *text)
{
	int rc = pw_buf_printf(b, ", %s '", name);
	if (rc == 0)
		rc = pw_buf_put_oneline(b, text);
	return rc ? rc : pw_buf_putc(b, '\'');
}

int pw_response_describe(char **out, const pw_response *r)
{
	pw_buf b = PW_BUF_INIT;
	if (pw_buf_printf(&b, "impact %s, %ld day%s, meets the date: %s", r->impact, r->days,
	                  r->days == 1 ? "" : "s", r->meets_date ? "yes" : "no") < 0 ||
	    (r->planned[0] && pw_buf_printf(&b, " (planned %s)", r->planned) < 0) ||
	    (r->description && quoted(&b, "description", r->description) < 0) ||
	    (r->mitigation && quoted(&b, "mitigation", r->mitigation) < 0) ||
	    (r->note && quoted(&b, "note", r->note) < 0) || !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	return 0;
}

/* ---- the ledger files ---- */

/* The responses of one ledger document, appended to `out`. */
static int load_doc(pw_responses *out, const char *path, const cJSON *doc)
{
	const cJSON *resp = cJSON_GetObjectItemCaseSensitive(doc, "responses"), *x;
	const char *change = NULL;
	int rc;

	if (!resp || cJSON_IsNull(resp))
		return 0;
	if ((rc = pw_json_get_string(doc, "change", 1, path, "$", &change)) < 0)
		return rc;
	if (!cJSON_IsObject(resp))
		return pw_error_set(PW_EINPUT, "%s: $.responses: not a JSON object", path);
	cJSON_ArrayForEach(x, resp)
	{
		pw_response *p;
		char jpath[160];
		pw_json_path_key(jpath, sizeof(jpath), "$.responses", x->string);
		if (!pw_tsp_id_valid(x->string))
			return pw_error_set(PW_EINPUT, "%s: %s: not a TSP id", path, jpath);
		if (!(p = realloc(out->items, (out->count + 1) * sizeof(*p))))
			return pw_error_oom();
		out->items = p;
		if ((rc = pw_response_parse(&p[out->count], x->string, change, 1, path, jpath, x)) <
		    0)
			return rc;
		out->count++;
	}
	return 0;
}

static int by_change_tsp(const void *a, const void *b)
{
	const pw_response *x = a, *y = b;
	int c = strcmp(x->change, y->change);
	return c ? c : strcmp(x->tsp, y->tsp);
}

static int load_file(const char *path, const char *stem, void *payload)
{
	cJSON *json = NULL;
	int rc;

	(void)stem;
	if ((rc = pw_json_parse_file(&json, path, LEDGER_FILE_MAX)) == 0)
		rc = load_doc(payload, path, json);
	cJSON_Delete(json);
	return rc;
}

int pw_responses_load(pw_responses *out, const char *root)
{
	char *dir = pw_path_join(root, "ledger");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!dir)
		return pw_error_oom();
	rc = pw_dir_each_json(dir, load_file, out);
	free(dir);
	if (rc < 0)
		pw_responses_clear(out);
	else if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_change_tsp);
	return rc;
}

const pw_response *pw_responses_find(const pw_responses *l, const char *change, const char *tsp)
{
	size_t i;
	for (i = 0; l && i < l->count; i++)
		if (strcmp(l->items[i].change, change) == 0 && strcmp(l->items[i].tsp, tsp) == 0)
			return &l->items[i];
	return NULL;
}

void pw_responses_clear(pw_responses *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		pw_response_clear(&l->items[i]);
	free(l->items);
	pw_obliganswers_clear(&l->obligations);
	memset(l, 0, sizeof(*l));
}

int pw_response_applies(const pw_changeset *set, const pw_ledger_entry *e, const char *change,
                        const pw_tsp *t)
{
	const pw_changeset_item *it;
	pw_applicability why;
	unsigned rules;
	int rc;

	if (!e)
		return pw_error_set(PW_EINPUT, "%s: not signed off (no ledger/%s.json)", change,
		                    change);
	if (strcmp(e->decision, "applicable") != 0)
		return pw_error_set(PW_EINPUT, "%s: signed off as %s: nothing to answer", change,
		                    e->decision);
	if (!(it = pw_changeset_find(set, change)))
		return pw_error_set(PW_EINPUT, "%s: not a change in the mirrors", change);
	if ((rc = pw_applicability_decide_item(&why, it, e, t)) < 0)
		return rc;
	rules = why.rules;
	pw_applicability_clear(&why);
	if (!rules)
		return pw_error_set(PW_EINPUT, "%s: does not apply to TSP %s", change, t->id);
	return 0;
}

/* The ledger document of the change, read from the work tree. */
static int load_entry(const char *root, const char *change, char **path, cJSON **doc)
{
	int rc;
	*doc = NULL;
	if ((rc = pw_ledger_entry_path(path, root, change)) < 0)
		return rc;
	return pw_json_parse_file(doc, *path, LEDGER_FILE_MAX);
}

/* The entry as committed in `base` (NULL: the work tree's); one not
 * committed there (signed off since) is read from the work tree. */
static int load_entry_at(const char *root, const char *base, const char *change, char **path,
                         cJSON **doc)
{
	char *rel = NULL;
	int rc;
	*doc = NULL;
	*path = NULL;
	if (!base)
		return load_entry(root, change, path, doc);
	if ((rc = pw_ledger_entry_path(&rel, NULL, change)) == 0 &&
	    (rc = pw_ledger_entry_path(path, root, change)) == 0)
		rc = pw_commit_read_at(doc, root, base, rel);
	free(rel);
	if (rc == 0 && !*doc)
		rc = pw_json_parse_file(doc, *path, LEDGER_FILE_MAX);
	return rc;
}

int pw_response_compare(int *status, const char *root, const pw_response *r, int replace)
{
	pw_responses one = {.items = NULL};
	char *path = NULL, *old_text = NULL, *new_text = NULL;
	cJSON *doc = NULL;
	int rc;

	*status = 0;
	if ((rc = load_entry(root, r->change, &path, &doc)) < 0 ||
	    (rc = load_doc(&one, path, doc)) < 0)
		goto out;
	{
		const pw_response *old = pw_responses_find(&one, r->change, r->tsp);
		if (!old)
			*status = PW_RESPONSE_NEW;
		else if (pw_response_same(old, r))
			*status = PW_RESPONSE_SAME;
		else if (replace)
			*status = PW_RESPONSE_REPLACED;
		else if ((rc = pw_response_describe(&old_text, old)) == 0 &&
		         (rc = pw_response_describe(&new_text, r)) == 0)
			rc = pw_error_set(
			    PW_EINPUT,
			    "%s: conflicting answers of TSP %s to %s: recorded %s (%s); "
			    "given %s (use --replace to overwrite)",
			    path, r->tsp, r->change, old_text, old->received ? old->received : "",
			    new_text);
	}
out:
	free(old_text);
	free(new_text);
	pw_responses_clear(&one);
	cJSON_Delete(doc);
	free(path);
	return rc;
}

int pw_response_prepare(cJSON **doc_out, char **message, const char *root, const char *base,
                        pw_response *r, const char *name, const char *email, const char *now)
{
	pw_buf by = PW_BUF_INIT, msg = PW_BUF_INIT;
	char *path = NULL, *desc = NULL;
	cJSON *doc = NULL, *resp, *one = NULL;
	int rc;

	*doc_out = NULL;
	*message = NULL;
	if ((rc = pw_response_check_texts(r, "response", r->tsp ? r->tsp : "$")) < 0)
		return rc;
	free(r->received);
	free(r->recorded_by);
	r->received = r->recorded_by = NULL;
	if (pw_buf_printf(&by, "%s <%s>", name, email) < 0 ||
	    !(r->recorded_by = pw_buf_detach(&by)) || !(r->received = strdup(now))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = load_entry_at(root, base, r->change, &path, &doc)) < 0)
		goto out;
	resp = cJSON_GetObjectItemCaseSensitive(doc, "responses");
	if (!resp || cJSON_IsNull(resp)) {
		cJSON_DeleteItemFromObjectCaseSensitive(doc, "responses");
		if (!(resp = cJSON_AddObjectToObject(doc, "responses"))) {
			rc = pw_error_oom();
			goto out;
		}
	} else if (!cJSON_IsObject(resp)) {
		rc = pw_error_set(PW_EINPUT, "%s: $.responses: not a JSON object", path);
		goto out;
	}
	if (!(one = pw_response_to_json(r))) {
		rc = PW_ENOMEM;
		goto out;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(resp, r->tsp);
	if (!cJSON_AddItemToObject(resp, r->tsp, one)) {
		rc = pw_error_oom();
		goto out;
	}
	one = NULL;
	if ((rc = pw_response_describe(&desc, r)) < 0)
		goto out;
	if (pw_buf_printf(&msg,
	                  "response: %s to %s\n\nTSP %s answered change %s: %s.\n\n"
	                  "Signed-off-by: %s <%s>\n",
	                  r->tsp, r->change, r->tsp, r->change, desc, name, email) < 0 ||
	    !(*message = pw_buf_detach(&msg))) {
		rc = pw_error_oom();
		goto out;
	}
	*doc_out = doc;
	doc = NULL;
out:
	cJSON_Delete(one);
	cJSON_Delete(doc);
	free(path);
	free(desc);
	pw_buf_clear(&by);
	pw_buf_clear(&msg);
	return rc;
}

int pw_response_record(char commit[41], const char *root, pw_response *r, const char *name,
                       const char *email, const char *now, volatile sig_atomic_t *cancel)
{
	cJSON *doc = NULL;
	char *msg = NULL;
	int rc = pw_response_prepare(&doc, &msg, root, NULL, r, name, email, now);
	if (rc == 0)
		rc = pw_ledger_commit_json(commit, root, r->change, doc, name, email, msg, cancel);
	cJSON_Delete(doc);
	free(msg);
	return rc;
}

/* The TSP's latest form other than `skip` (may be NULL) that asked about
 * `change`, or NULL. */
static const pw_issued_form *asked_by(const pw_issued *l, const pw_issued_form *skip,
                                      const char *change)
{
	const pw_issued_form *best = NULL;
	size_t i;
	for (i = 0; i < l->count; i++)
		if (&l->items[i] != skip && pw_issued_asks(&l->items[i], change))
			best = &l->items[i]; /* records are oldest first */
	return best;
}

int pw_response_asked_check(const pw_responses *rs, const pw_issued *issued, int exists,
                            const char *path)
{
	size_t i;
	if (!exists || !rs->count || rs->items[0].form)
		return 0;
	for (i = 0; i < rs->count; i++) {
		const pw_response *r = &rs->items[i];
		if (!asked_by(issued, NULL, r->change))
			return pw_error_set(PW_EINPUT,
			                    "%s: $.responses[%zu].change: no form issued to TSP %s "
			                    "asked about %s (the file names no form in $.form)",
			                    path, i, r->tsp, r->change);
	}
	return 0;
}

int pw_response_form_check(int *unchecked, const pw_responses *rs, const pw_issued *issued,
                           int exists, const char *path)
{
	const pw_issued_form *form, *other;
	size_t i;

	/* one form and TSP per file: pw_response_file_load set them on every
	 * answer, about a change or an obligation */
	const char *id = rs->count               ? rs->items[0].form
	                 : rs->obligations.count ? rs->obligations.items[0].form
	                                         : NULL,
	           *tsp = rs->count               ? rs->items[0].tsp
	                  : rs->obligations.count ? rs->obligations.items[0].tsp
	                                          : NULL;

	*unchecked = 0;
	if (!id)
		return 0;
	if (!exists) {
		*unchecked = 1;
		return 0;
	}
	if (!(form = pw_issued_find(issued, id)))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.form: form %s was never issued to TSP %s (it is not "
		                    "in ledger/forms/%s.json)",
		                    path, id, tsp, tsp);
	for (i = 0; i < rs->count; i++) {
		const pw_response *r = &rs->items[i];
		if (pw_issued_asks(form, r->change))
			continue;
		if ((other = asked_by(issued, form, r->change)) != NULL)
			return pw_error_set(
			    PW_EINPUT,
			    "%s: $.responses[%zu].change: form %s (issued %s) did not "
			    "ask about %s; form %s (issued %s) did",
			    path, i, form->form, form->generated, r->change, other->form,
			    other->generated);
		return pw_error_set(PW_EINPUT,
		                    "%s: $.responses[%zu].change: form %s (issued %s) did not ask "
		                    "about %s; no form issued to TSP %s did",
		                    path, i, form->form, form->generated, r->change, r->tsp);
	}
	return 0;
}

/* A change answered twice in one file, reported at its second answer: the
 * answers sorted by (change, position) make duplicates neighbours, so a large
 * file costs n log n comparisons, not n * n. */
static int by_change(const void *a, const void *b)
{
	const pw_response *x = *(const pw_response *const *)a, *y = *(const pw_response *const *)b;
	int c = strcmp(x->change, y->change);
	return c ? c : (x > y) - (x < y);
}

static int check_twice(const pw_responses *l, const char *path)
{
	const pw_response **v, *first = NULL, *second = NULL;
	size_t k;
	if (l->count < 2)
		return 0;
	if (!(v = malloc(l->count * sizeof(*v))))
		return pw_error_oom();
	for (k = 0; k < l->count; k++)
		v[k] = &l->items[k];
	qsort(v, l->count, sizeof(*v), by_change);
	/* of all duplicates, the one whose second answer comes first in the file */
	for (k = 1; k < l->count; k++)
		if (strcmp(v[k - 1]->change, v[k]->change) == 0 && (!second || v[k] < second) &&
		    (k < 2 || strcmp(v[k - 2]->change, v[k]->change) != 0)) {
			first = v[k - 1];
			second = v[k];
		}
	free(v);
	if (!second)
		return 0;
	return pw_error_set(PW_EINPUT,
	                    "%s: $.responses[%zu].change: %s is answered twice (also "
	                    "$.responses[%zu])",
	                    path, (size_t)(second - l->items), second->change,
	                    (size_t)(first - l->items));
}

#define RESPONSE_FILE_MAX (4 << 20)

int pw_response_file_load(pw_responses *out, const char *path)
{
	static const char *const keys[] = {"tsp", "form", "responses", "obligations", NULL};
	const char *tsp, *form;
	const cJSON *list, *x;
	cJSON *doc = NULL;
	int rc, i = 0, n;

	memset(out, 0, sizeof(*out));
	if ((rc = pw_json_parse_file(&doc, path, RESPONSE_FILE_MAX)) < 0)
		return rc;
	if ((rc = pw_json_check_object(doc, path, "$", keys)) < 0 ||
	    (rc = pw_json_get_string(doc, "tsp", 1, path, "$", &tsp)) < 0 ||
	    (rc = pw_json_get_string(doc, "form", 0, path, "$", &form)) < 0 ||
	    (rc = pw_json_get_array(doc, "responses", 0, path, "$", &list)) < 0)
		goto out;
	if (!pw_tsp_id_valid(tsp)) {
		rc = pw_error_set(PW_EINPUT, "%s: $.tsp: '%s' is not a TSP id", path, tsp);
		goto out;
	}
	/* a TSP answers its own forms: the id is stored with its answers */
	if (form && !pw_form_id_valid(form, tsp)) {
		rc = pw_error_set(PW_EINPUT, "%s: $.form: '%s' is not a form id of TSP %s", path,
		                  form, tsp);
		goto out;
	}
	if ((rc = pw_obliganswers_parse(&out->obligations, tsp, form, path,
	                                cJSON_GetObjectItemCaseSensitive(doc, "obligations"))) < 0)
		goto out;
	n = list ? cJSON_GetArraySize(list) : 0;
	if (n > 0 && !(out->items = calloc((size_t)n, sizeof(*out->items)))) {
		rc = pw_error_oom();
		goto out;
	}
	cJSON_ArrayForEach(x, list)
	{
		pw_response *r = &out->items[out->count];
		char jpath[64];
		pw_json_path_index(jpath, sizeof(jpath), "$.responses", i++);
		if ((rc = pw_response_parse(r, tsp, NULL, 0, path, jpath, x)) < 0)
			goto out;
		out->count++;
		if (form && !(r->form = strdup(form))) {
			rc = pw_error_oom();
			goto out;
		}
	}
	if ((rc = check_twice(out, path)) < 0)
		goto out;
	if (out->count == 0 && out->obligations.count == 0)
		rc = pw_error_set(
		    PW_EINPUT,
		    list ? "%s: $.responses: no response"
		         : "%s: $.responses: missing (no answer in $.obligations either)",
		    path);
out:
	cJSON_Delete(doc);
	if (rc < 0)
		pw_responses_clear(out);
	return rc;
}
