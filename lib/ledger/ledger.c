#include "ledger/ledger.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "core/tsp.h"
#include "ledger/commit.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_MAX (1 << 20)

static int valid_id(const char *id)
{
	const char *p;
	if (!*id || *id == '.' || strlen(id) > 200)
		return 0;
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '@' || *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

static char *dup_opt(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The keys pw_ledger_entry holds itself. */
static int own_key(const char *k)
{
	static const char *const own[] = {"change", "decision",      "tsps",     "note", "officer",
	                                  "time",   "record_digest", "tsp_note", NULL};
	size_t i;
	for (i = 0; own[i]; i++)
		if (strcmp(k, own[i]) == 0)
			return 1;
	return 0;
}

void pw_ledger_entry_clear(pw_ledger_entry *e)
{
	size_t i;
	if (!e)
		return;
	for (i = 0; i < e->ntsps; i++)
		free(e->tsps[i]);
	free(e->tsps);
	free(e->change);
	free(e->decision);
	free(e->note);
	free(e->tsp_note);
	free(e->officer_name);
	free(e->officer_email);
	free(e->time);
	free(e->record_digest);
	for (i = 0; i < e->nresponded; i++)
		free(e->responded[i]);
	free(e->responded);
	cJSON_Delete(e->extra);
	memset(e, 0, sizeof(*e));
}

/* $.officer {name, email}: either may be missing, and a missing or null officer
 * leaves both NULL. */
static int parse_officer(const cJSON *json, const char *what, const char **name, const char **email)
{
	static const char *const okeys[] = {"name", "email", NULL};
	const cJSON *officer = cJSON_GetObjectItemCaseSensitive(json, "officer");
	int rc;

	*name = *email = NULL;
	if (!officer || cJSON_IsNull(officer))
		return 0;
	if ((rc = pw_json_check_object(officer, what, "$.officer", okeys)) < 0 ||
	    (rc = pw_json_get_string(officer, "name", 0, what, "$.officer", name)) < 0 ||
	    (rc = pw_json_get_string(officer, "email", 0, what, "$.officer", email)) < 0)
		return rc;
	return 0;
}

/* The text fields into e (copies), and $.tsps (an array or NULL) into *tsps. */
static int parse_fields(pw_ledger_entry *e, const char *what, const cJSON *json, const cJSON **tsps)
{
	const char *change, *decision, *note, *tsp_note, *time, *digest, *name, *email;
	int rc;

	if ((rc = pw_json_get_string(json, "change", 1, what, "$", &change)) < 0 ||
	    (rc = pw_json_get_string(json, "decision", 1, what, "$", &decision)) < 0 ||
	    (rc = pw_json_get_string(json, "note", 0, what, "$", &note)) < 0 ||
	    (rc = pw_json_get_string(json, "tsp_note", 0, what, "$", &tsp_note)) < 0 ||
	    (rc = pw_json_get_string(json, "time", 1, what, "$", &time)) < 0 ||
	    (rc = pw_json_get_string(json, "record_digest", 0, what, "$", &digest)) < 0 ||
	    (rc = pw_json_get_array(json, "tsps", 0, what, "$", tsps)) < 0)
		return rc;
	if (strcmp(decision, "applicable") != 0 && strcmp(decision, "not-applicable") != 0)
		return pw_error_set(PW_EINPUT,
		                    "%s: $.decision: '%s' is not applicable or not-applicable",
		                    what, decision);
	if ((rc = parse_officer(json, what, &name, &email)) < 0)
		return rc;
	if (!(e->change = strdup(change)) || !(e->decision = strdup(decision)) ||
	    !(e->time = strdup(time)) || (note && !(e->note = strdup(note))) ||
	    (tsp_note && !(e->tsp_note = strdup(tsp_note))) ||
	    (digest && !(e->record_digest = strdup(digest))) ||
	    (name && !(e->officer_name = strdup(name))) ||
	    (email && !(e->officer_email = strdup(email))))
		return pw_error_oom();
	return 0;
}

/* Appends a copy of s to the list (*items, *n). */
static int push_copy(char ***items, size_t *n, const char *s)
{
	char **p;
	if (!(p = realloc(*items, (*n + 1) * sizeof(*p))))
		return pw_error_oom();
	*items = p;
	if (!(p[*n] = strdup(s)))
		return pw_error_oom();
	++*n;
	return 0;
}

/* $.tsps (NULL: none): TSP ids, each valid. */
static int parse_tsps(pw_ledger_entry *e, const char *what, const cJSON *tsps)
{
	const cJSON *t;
	int rc;

	cJSON_ArrayForEach(t, tsps)
	{
		if (!cJSON_IsString(t))
			return pw_error_set(PW_EINPUT, "%s: $.tsps: not a list of TSP ids", what);
		/* a mistyped id would match no TSP: the change would reach nobody */
		if (!pw_tsp_id_valid(t->valuestring))
			return pw_error_set(PW_EINPUT, "%s: $.tsps[%zu]: '%s' is not a TSP id",
			                    what, e->ntsps, t->valuestring);
		if ((rc = push_copy(&e->tsps, &e->ntsps, t->valuestring)) < 0)
			return rc;
	}
	return 0;
}

/* The TSP ids of $.responses; response.c validates the responses themselves. */
static int parse_responded(pw_ledger_entry *e, const char *what, const cJSON *json)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(json, "responses"), *r;
	int rc;

	if (!t || cJSON_IsNull(t))
		return 0;
	if (!cJSON_IsObject(t))
		return pw_error_set(PW_EINPUT, "%s: $.responses: not a JSON object", what);
	cJSON_ArrayForEach(r, t)
	{
		if ((rc = push_copy(&e->responded, &e->nresponded, r->string)) < 0)
			return rc;
	}
	return 0;
}

/* The keys this struct does not hold, kept in e->extra for pw_ledger_entry_to_json. */
static int keep_extra(pw_ledger_entry *e, const cJSON *json)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, json)
	{
		cJSON *copy;
		if (own_key(t->string))
			continue;
		if ((!e->extra && !(e->extra = cJSON_CreateObject())) ||
		    !(copy = cJSON_Duplicate(t, 1)))
			return pw_error_oom();
		if (!cJSON_AddItemToObject(e->extra, t->string, copy)) {
			cJSON_Delete(copy);
			return pw_error_oom();
		}
	}
	return 0;
}

int pw_ledger_entry_parse(pw_ledger_entry *e, const char *what, const cJSON *json)
{
	const cJSON *tsps;
	int rc;

	memset(e, 0, sizeof(*e));
	/* other keys are allowed: later stages (TSP responses) add to the entry */
	if (!cJSON_IsObject(json))
		return pw_error_set(PW_EINPUT, "%s: $: not a JSON object", what);
	if ((rc = parse_fields(e, what, json, &tsps)) < 0 || (rc = parse_tsps(e, what, tsps)) < 0 ||
	    (rc = parse_responded(e, what, json)) < 0 || (rc = keep_extra(e, json)) < 0) {
		pw_ledger_entry_clear(e);
		return rc;
	}
	return 0;
}

cJSON *pw_ledger_entry_to_json(const pw_ledger_entry *e)
{
	cJSON *o = cJSON_CreateObject(), *a, *off;
	size_t i;
	int ok;
	if (!o)
		goto oom;
	ok = cJSON_AddStringToObject(o, "change", e->change) &&
	     cJSON_AddStringToObject(o, "decision", e->decision) &&
	     (a = cJSON_AddArrayToObject(o, "tsps")) != NULL;
	for (i = 0; ok && i < e->ntsps; i++)
		ok = cJSON_AddItemToArray(a, cJSON_CreateString(e->tsps[i]));
	ok = ok && (e->note ? cJSON_AddStringToObject(o, "note", e->note) != NULL
	                    : cJSON_AddNullToObject(o, "note") != NULL);
	/* only when given: entries recorded without one stay as they were */
	ok = ok && (!e->tsp_note || cJSON_AddStringToObject(o, "tsp_note", e->tsp_note) != NULL);
	ok = ok && (off = cJSON_AddObjectToObject(o, "officer")) != NULL &&
	     cJSON_AddStringToObject(off, "name", e->officer_name ? e->officer_name : "") &&
	     cJSON_AddStringToObject(off, "email", e->officer_email ? e->officer_email : "") &&
	     cJSON_AddStringToObject(o, "time", e->time) &&
	     cJSON_AddStringToObject(o, "record_digest", e->record_digest ? e->record_digest : "");
	/* then what later stages added (the TSP responses): kept as parsed */
	if (ok && e->extra) {
		const cJSON *x;
		cJSON_ArrayForEach(x, e->extra)
		{
			cJSON *copy;
			if (!ok || own_key(x->string))
				continue;
			ok = (copy = cJSON_Duplicate(x, 1)) != NULL;
			if (ok && !(ok = cJSON_AddItemToObject(o, x->string, copy)))
				cJSON_Delete(copy);
		}
	}
	if (ok)
		return o;
oom:
	cJSON_Delete(o);
	pw_error_oom();
	return NULL;
}

static int by_change(const void *a, const void *b)
{
	return strcmp(((const pw_ledger_entry *)a)->change, ((const pw_ledger_entry *)b)->change);
}

static int load_entry(const char *path, const char *stem, void *payload)
{
	pw_ledger *out = payload;
	pw_ledger_entry *p;
	cJSON *json = NULL;
	int rc;

	if ((rc = pw_json_parse_file(&json, path, LEDGER_MAX)) == 0 &&
	    !(p = realloc(out->items, (out->count + 1) * sizeof(*p))))
		rc = pw_error_oom();
	if (rc == 0) {
		out->items = p;
		rc = pw_ledger_entry_parse(&p[out->count], path, json);
	}
	/* answers are written to ledger/<change>.json: the name is the change */
	if (rc == 0 && strcmp(p[out->count].change, stem) != 0) {
		rc = pw_error_set(PW_EINPUT, "%s: $.change: '%s' is not the file's change '%s'",
		                  path, p[out->count].change, stem);
		pw_ledger_entry_clear(&p[out->count]);
	}
	if (rc == 0)
		out->count++;
	cJSON_Delete(json);
	return rc;
}

int pw_ledger_load(pw_ledger *out, const char *root)
{
	char *dir = pw_path_join(root, "ledger");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!dir)
		return PW_ENOMEM;
	rc = pw_dir_each_json(dir, load_entry, out);
	free(dir);
	if (rc < 0)
		pw_ledger_clear(out);
	else if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_change);
	return rc;
}

void pw_ledger_clear(pw_ledger *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		pw_ledger_entry_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

const pw_ledger_entry *pw_ledger_find(const pw_ledger *l, const char *change_id)
{
	size_t i;
	for (i = 0; l && i < l->count; i++)
		if (strcmp(l->items[i].change, change_id) == 0)
			return &l->items[i];
	return NULL;
}

/* ---- git ---- */

int pw_ledger_entry_path(char **out, const char *dir, const char *change_id)
{
	size_t n = dir ? strlen(dir) : 0;
	*out = NULL;
	if (!valid_id(change_id))
		return pw_error_set(PW_EINPUT, "'%s' is not a change id", change_id);
	if (asprintf(out, "%.*s%sledger/%s.json", (int)n, n ? dir : "",
	             n && dir[n - 1] != '/' ? "/" : "", change_id) < 0) {
		*out = NULL;
		return pw_error_oom();
	}
	return 0;
}

int pw_ledger_committed(pw_ledger_entry *e, int *found, const char *root, const char *change_id)
{
	cJSON *json = NULL;
	char *rel = NULL, *where = NULL;
	int rc;

	*found = 0;
	memset(e, 0, sizeof(*e));
	if ((rc = pw_ledger_entry_path(&rel, NULL, change_id)) < 0)
		return rc;
	if ((rc = pw_commit_read_head(&json, &where, root, rel)) == 0 && json &&
	    (rc = pw_ledger_entry_parse(e, where, json)) == 0)
		*found = 1;
	cJSON_Delete(json);
	free(where);
	free(rel);
	return rc;
}

int pw_ledger_author(char **name, char **email, const char *root, const char *fallback_name,
                     const char *fallback_email)
{
	git_repository *repo = NULL;
	git_signature *sig = NULL;

	*name = *email = NULL;
	if (git_repository_open_ext(&repo, root, 0, NULL) == 0 &&
	    git_signature_default(&sig, repo) == 0) {
		*name = strdup(sig->name);
		*email = strdup(sig->email);
	} else {
		*name = dup_opt(fallback_name);
		*email = dup_opt(fallback_email);
	}
	git_signature_free(sig);
	git_repository_free(repo);
	git_error_clear();
	if (!*name || !*email || !**name || !**email) {
		free(*name);
		free(*email);
		*name = *email = NULL;
		return pw_error_set(PW_EINPUT,
		                    "%s: no author for the ledger commit: set git's "
		                    "user.name and user.email or list an officer",
		                    root);
	}
	return 0;
}

int pw_ledger_commit(char commit[41], const char *root, const pw_ledger_entry *e,
                     const char *message, volatile sig_atomic_t *cancel)
{
	cJSON *json = pw_ledger_entry_to_json(e);
	int rc;
	if (!json)
		return PW_ENOMEM;
	rc = pw_ledger_commit_json(commit, root, e->change, json, e->officer_name, e->officer_email,
	                           message, cancel);
	cJSON_Delete(json);
	return rc;
}

int pw_ledger_commit_json(char commit[41], const char *root, const char *change_id,
                          const cJSON *entry, const char *name, const char *email,
                          const char *message, volatile sig_atomic_t *cancel)
{
	pw_commit_opts opts = PW_COMMIT_OPTS_INIT;
	pw_commit_file f = {.json = entry, .message = message};
	char *rel = NULL;
	int rc;

	if ((rc = pw_ledger_entry_path(&rel, NULL, change_id)) < 0)
		return rc;
	f.path = rel;
	opts.author_name = name;
	opts.author_email = email;
	opts.cancel = cancel;
	rc = pw_commit_files((char(*)[41])commit, NULL, root, &f, 1, &opts);
	free(rel);
	return rc;
}
