#include "ledger/ledger.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/stage.h"
#include "core/tsp.h"

#include <dirent.h>
#include <git2.h>
#include <limits.h>
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
	static const char *const own[] = {"change",  "decision", "tsps",          "note",
	                                  "officer", "time",     "record_digest", NULL};
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

int pw_ledger_entry_parse(pw_ledger_entry *e, const char *what, const cJSON *json)
{
	static const char *const okeys[] = {"name", "email", NULL};
	const char *change, *decision, *note, *time, *digest, *name = NULL, *email = NULL;
	const cJSON *tsps, *officer, *t;
	int rc;

	memset(e, 0, sizeof(*e));
	/* other keys are allowed: later stages (TSP responses) add to the entry */
	if (!cJSON_IsObject(json))
		return pw_error_set(PW_EINPUT, "%s: $: not a JSON object", what);
	if ((rc = pw_json_get_string(json, "change", 1, what, "$", &change)) < 0 ||
	    (rc = pw_json_get_string(json, "decision", 1, what, "$", &decision)) < 0 ||
	    (rc = pw_json_get_string(json, "note", 0, what, "$", &note)) < 0 ||
	    (rc = pw_json_get_string(json, "time", 1, what, "$", &time)) < 0 ||
	    (rc = pw_json_get_string(json, "record_digest", 0, what, "$", &digest)) < 0 ||
	    (rc = pw_json_get_array(json, "tsps", 0, what, "$", &tsps)) < 0)
		return rc;
	if (strcmp(decision, "applicable") != 0 && strcmp(decision, "not-applicable") != 0)
		return pw_error_set(PW_EINPUT,
		                    "%s: $.decision: '%s' is not applicable or not-applicable",
		                    what, decision);
	officer = cJSON_GetObjectItemCaseSensitive(json, "officer");
	if (officer && !cJSON_IsNull(officer)) {
		if ((rc = pw_json_check_object(officer, what, "$.officer", okeys)) < 0 ||
		    (rc = pw_json_get_string(officer, "name", 0, what, "$.officer", &name)) < 0 ||
		    (rc = pw_json_get_string(officer, "email", 0, what, "$.officer", &email)) < 0)
			return rc;
	}
	if (!(e->change = strdup(change)) || !(e->decision = strdup(decision)) ||
	    !(e->time = strdup(time)) || (note && !(e->note = strdup(note))) ||
	    (digest && !(e->record_digest = strdup(digest))) ||
	    (name && !(e->officer_name = strdup(name))) ||
	    (email && !(e->officer_email = strdup(email))))
		goto oom;
	cJSON_ArrayForEach(t, tsps)
	{
		char **p;
		if (!cJSON_IsString(t)) {
			pw_ledger_entry_clear(e);
			return pw_error_set(PW_EINPUT, "%s: $.tsps: not a list of TSP ids", what);
		}
		/* a mistyped id would match no TSP: the change would reach nobody */
		if (!pw_tsp_id_valid(t->valuestring)) {
			rc = pw_error_set(PW_EINPUT, "%s: $.tsps[%zu]: '%s' is not a TSP id", what,
			                  e->ntsps, t->valuestring);
			pw_ledger_entry_clear(e);
			return rc;
		}
		if (!(p = realloc(e->tsps, (e->ntsps + 1) * sizeof(*p))))
			goto oom;
		e->tsps = p;
		if (!(p[e->ntsps] = strdup(t->valuestring)))
			goto oom;
		e->ntsps++;
	}
	/* only the TSP ids here; response.c validates the responses themselves */
	t = cJSON_GetObjectItemCaseSensitive(json, "responses");
	if (t && !cJSON_IsNull(t)) {
		const cJSON *r;
		if (!cJSON_IsObject(t)) {
			pw_ledger_entry_clear(e);
			return pw_error_set(PW_EINPUT, "%s: $.responses: not a JSON object", what);
		}
		cJSON_ArrayForEach(r, t)
		{
			char **p;
			if (!(p = realloc(e->responded, (e->nresponded + 1) * sizeof(*p))))
				goto oom;
			e->responded = p;
			if (!(p[e->nresponded] = strdup(r->string)))
				goto oom;
			e->nresponded++;
		}
	}
	/* the keys this struct does not hold, kept for pw_ledger_entry_to_json */
	cJSON_ArrayForEach(t, json)
	{
		cJSON *copy;
		if (own_key(t->string))
			continue;
		if ((!e->extra && !(e->extra = cJSON_CreateObject())) ||
		    !(copy = cJSON_Duplicate(t, 1)))
			goto oom;
		if (!cJSON_AddItemToObject(e->extra, t->string, copy)) {
			cJSON_Delete(copy);
			goto oom;
		}
	}
	return 0;
oom:
	pw_ledger_entry_clear(e);
	return pw_error_oom();
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

	if ((rc = pw_json_parse_file(path, LEDGER_MAX, &json)) == 0 &&
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

typedef struct {
	git_repository *repo;
	char *rel; /* "<path of root inside the work tree>/ledger/<id>.json" */
} ledger_repo;

static void repo_close(ledger_repo *r)
{
	git_repository_free(r->repo);
	free(r->rel);
}

/* Opens the repository holding `root`; r->rel gets `rel` (a path inside
 * root) as a path inside the work tree. */
static int repo_open_rel(ledger_repo *r, const char *root, const char *rel)
{
	char real_root[PATH_MAX], real_wd[PATH_MAX];
	const char *wd, *sub;
	pw_buf b = PW_BUF_INIT;
	size_t wl;

	memset(r, 0, sizeof(*r));
	if (!realpath(root, real_root))
		return pw_error_set(PW_ERROR, "%s: cannot resolve the compliance repository", root);
	if (git_repository_open_ext(&r->repo, real_root, 0, NULL) < 0)
		return pw_error_from_git(PW_EINPUT, root);
	wd = git_repository_workdir(r->repo);
	if (!wd || !realpath(wd, real_wd)) {
		repo_close(r);
		return pw_error_set(PW_EINPUT, "%s: the compliance repository has no work tree",
		                    root);
	}
	wl = strlen(real_wd);
	if (strncmp(real_root, real_wd, wl) != 0 || (real_root[wl] && real_root[wl] != '/')) {
		repo_close(r);
		return pw_error_set(PW_EINPUT, "%s: not inside its git work tree", root);
	}
	sub = real_root + wl;
	while (*sub == '/')
		sub++;
	if (pw_buf_printf(&b, "%s%s%s", sub, *sub ? "/" : "", rel) < 0 ||
	    !(r->rel = pw_buf_detach(&b))) {
		repo_close(r);
		return pw_error_oom();
	}
	return 0;
}

static int repo_open(ledger_repo *r, const char *root, const char *change_id)
{
	char rel[256];
	memset(r, 0, sizeof(*r));
	if (!valid_id(change_id))
		return pw_error_set(PW_EINPUT, "'%s' is not a change id", change_id);
	snprintf(rel, sizeof(rel), "ledger/%s.json", change_id);
	return repo_open_rel(r, root, rel);
}

int pw_ledger_repo_check(const char *root)
{
	ledger_repo r;
	char *why;
	int rc = repo_open_rel(&r, root, "ledger");
	if (rc == 0) {
		repo_close(&r);
		return 0;
	}
	if (!(why = strdup(pw_error_last())))
		return pw_error_oom();
	rc = pw_error_set(rc,
	                  "%s (the ledger is committed to the compliance repository: it must be a "
	                  "git repository)",
	                  why);
	free(why);
	return rc;
}

/* HEAD's commit, or NULL for an unborn branch. */
static int head_commit(git_repository *repo, git_commit **out)
{
	git_reference *head = NULL;
	int e;
	*out = NULL;
	e = git_repository_head(&head, repo);
	if (e == GIT_EUNBORNBRANCH || e == GIT_ENOTFOUND)
		return 0;
	if (e < 0)
		return pw_error_from_git(PW_ERROR, "HEAD");
	e = git_reference_peel((git_object **)out, head, GIT_OBJECT_COMMIT);
	git_reference_free(head);
	return e < 0 ? pw_error_from_git(PW_ERROR, "HEAD") : 0;
}

/* The JSON document at `rel` in commit `c` (named `label` in errors): *json
 * stays NULL when the commit has no such file. */
static int json_at(git_repository *repo, git_commit *c, const char *label, const char *rel,
                   const char *what, cJSON **json)
{
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int rc = 0;

	*json = NULL;
	if (git_commit_tree(&tree, c) < 0)
		return pw_error_from_git(PW_ERROR, label);
	if (git_tree_entry_bypath(&te, tree, rel) < 0)
		git_error_clear(); /* not in that commit */
	else if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0)
		rc = pw_error_from_git(PW_ERROR, what);
	else
		rc = pw_json_parse(what, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
		                   json);
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	return rc;
}

int pw_ledger_committed(const char *root, const char *change_id, pw_ledger_entry *e, int *found)
{
	ledger_repo r;
	git_commit *head = NULL;
	cJSON *json = NULL;
	int rc;

	*found = 0;
	memset(e, 0, sizeof(*e));
	if ((rc = repo_open(&r, root, change_id)) < 0)
		return rc;
	if ((rc = head_commit(r.repo, &head)) == 0 && head &&
	    (rc = json_at(r.repo, head, "HEAD", r.rel, r.rel, &json)) == 0 && json &&
	    (rc = pw_ledger_entry_parse(e, r.rel, json)) == 0)
		*found = 1;
	cJSON_Delete(json);
	git_commit_free(head);
	repo_close(&r);
	return rc;
}

int pw_ledger_author(const char *root, const char *fallback_name, const char *fallback_email,
                     char **name, char **email)
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

int pw_ledger_commit(const char *root, const pw_ledger_entry *e, const char *message,
                     char commit[41])
{
	cJSON *json = pw_ledger_entry_to_json(e);
	int rc;
	if (!json)
		return PW_ENOMEM;
	rc = pw_ledger_commit_json(root, e->change, json, e->officer_name, e->officer_email,
	                           message, commit);
	cJSON_Delete(json);
	return rc;
}

int pw_ledger_commit_json(const char *root, const char *change_id, const cJSON *entry,
                          const char *name, const char *email, const char *message, char commit[41])
{
	char rel[256];
	if (!valid_id(change_id))
		return pw_error_set(PW_EINPUT, "'%s' is not a change id", change_id);
	snprintf(rel, sizeof(rel), "ledger/%s.json", change_id);
	return pw_ledger_commit_file(root, rel, entry, name, email, message, commit);
}

/* A path inside the compliance repository: relative, no "." or ".." part. */
static int valid_rel(const char *rel)
{
	const char *p = rel;
	if (!*rel || *rel == '/' || strlen(rel) > 1024)
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return p[-1] != '/';
}

int pw_ledger_commit_file(const char *root, const char *rel_path, const cJSON *json,
                          const char *name, const char *email, const char *message, char commit[41])
{
	pw_ledger_file f;
	f.rel_path = rel_path;
	f.json = json;
	f.message = message;
	return pw_ledger_commit_files(root, &f, 1, name, email, (char(*)[41])commit);
}

/* The branch HEAD names ("HEAD" itself when detached); *ref is freed by the caller. */
static int head_ref_name(git_repository *repo, git_reference **ref, const char **name)
{
	if (git_reference_lookup(ref, repo, "HEAD") < 0)
		return pw_error_from_git(PW_ERROR, "HEAD");
	*name = git_reference_type(*ref) == GIT_REFERENCE_SYMBOLIC
	            ? git_reference_symbolic_target(*ref)
	            : "HEAD";
	return 0;
}

/* One file's blob, the tree `*tree` updated with it, and a commit on `*parent`
 * (NULL: none); *tree and *parent become the new ones. */
static int commit_one(git_repository *repo, const char *rel, const pw_buf *text,
                      const git_signature *sig, const char *message, git_tree **tree,
                      git_commit **parent, git_oid *out)
{
	git_tree_update upd;
	git_oid blob_oid, tree_oid;
	git_tree *next = NULL;
	git_commit *made = NULL;

	memset(&upd, 0, sizeof(upd));
	upd.action = GIT_TREE_UPDATE_UPSERT;
	upd.filemode = GIT_FILEMODE_BLOB;
	upd.path = rel;
	if (git_blob_create_from_buffer(&blob_oid, repo, text->ptr, text->len) < 0 ||
	    (git_oid_cpy(&upd.id, &blob_oid), 0) ||
	    git_tree_create_updated(&tree_oid, repo, *tree, 1, &upd) < 0 ||
	    git_tree_lookup(&next, repo, &tree_oid) < 0)
		return pw_error_from_git(PW_ERROR, rel);
	if (git_commit_create(out, repo, NULL, sig, sig, NULL, message, next, *parent ? 1 : 0,
	                      (const git_commit **)parent) < 0 ||
	    git_commit_lookup(&made, repo, out) < 0) {
		git_tree_free(next);
		return pw_error_from_git(PW_ERROR, "ledger commit");
	}
	git_tree_free(*tree);
	git_commit_free(*parent);
	*tree = next;
	*parent = made;
	return 0;
}

int pw_ledger_base(const char *root, char base[41])
{
	ledger_repo r;
	git_commit *head = NULL;
	int rc;

	base[0] = '\0';
	if ((rc = repo_open_rel(&r, root, "")) < 0)
		return rc;
	if ((rc = head_commit(r.repo, &head)) == 0 && head)
		git_oid_tostr(base, 41, git_commit_id(head));
	git_commit_free(head);
	repo_close(&r);
	return rc;
}

/* The commit `base` names (NULL for ""). */
static int base_commit(git_repository *repo, const char *base, git_commit **out)
{
	git_oid oid;
	*out = NULL;
	if (!*base)
		return 0;
	if (git_oid_fromstr(&oid, base) < 0 || git_commit_lookup(out, repo, &oid) < 0)
		return pw_error_from_git(PW_ERROR, base);
	return 0;
}

int pw_ledger_read_at(const char *root, const char *base, const char *rel_path, cJSON **json)
{
	ledger_repo r;
	git_commit *c = NULL;
	char *what = NULL;
	int rc;

	*json = NULL;
	if (!valid_rel(rel_path))
		return pw_error_set(PW_EINPUT, "'%s' is not a path inside the repository",
		                    rel_path);
	if ((rc = repo_open_rel(&r, root, rel_path)) < 0)
		return rc;
	if ((rc = base_commit(r.repo, base, &c)) == 0 && c) {
		if (!(what = pw_path_join(root, rel_path)))
			rc = pw_error_oom();
		else
			rc = json_at(r.repo, c, base, r.rel, what, json);
	}
	free(what);
	git_commit_free(c);
	repo_close(&r);
	return rc;
}

/* Why HEAD could not be moved, said plainly: a lock held by another git
 * process, or a commit that landed since the batch was prepared. */
static int move_failed(int e, const char *refname)
{
	if (e == GIT_ELOCKED)
		return pw_error_set(PW_ERROR,
		                    "ledger commit: %s is locked by another git process (%s.lock); "
		                    "nothing recorded; try again",
		                    refname, refname);
	if (e == GIT_EMODIFIED || e == GIT_EEXISTS)
		return pw_error_set(PW_ERROR,
		                    "ledger commit: %s changed meanwhile (another commit landed "
		                    "on it); nothing recorded; try again",
		                    refname);
	return pw_error_from_git(PW_ERROR, "ledger commit");
}

int pw_ledger_commit_files(const char *root, const pw_ledger_file *files, size_t n,
                           const char *name, const char *email, char (*commits)[41])
{
	return pw_ledger_commit_files_on(root, NULL, files, n, name, email, commits, NULL);
}

void (*pw_ledger_after_move_hook)(void *arg);
void *pw_ledger_after_move_arg;

/* HEAD could not be moved back after a failure (`rc`, its message the last
 * error): it holds the commits up to `tip`. The files stay as they are, and
 * the message says what is left to do by hand. */
static int stuck(int rc, int e, const char *refname, const git_oid *tip, char **rels, size_t n,
                 int applied)
{
	const git_error *ge = git_error_last();
	char id[13], *first = strdup(pw_error_last());
	pw_buf files = PW_BUF_INIT;
	size_t i;
	int ok = first != NULL;

	git_oid_tostr(id, sizeof(id), tip);
	for (i = 0; ok && i < n; i++)
		ok = pw_buf_printf(&files, " '%s'", rels[i]) == 0;
	if (!ok) {
		free(first);
		pw_buf_dispose(&files);
		return pw_error_oom();
	}
	rc = pw_error_set(
	    rc, "%s; recorded in %s all the same (%s could not be moved back: %s): %s%s`", first,
	    id, refname,
	    e == GIT_ELOCKED ? "locked by another git process"
	                     : (ge && ge->message ? ge->message : "unknown libgit2 error"),
	    applied ? "the index was not updated: run `git add --"
	            : "the files were not written: run `git checkout HEAD --",
	    files.ptr ? files.ptr : "");
	free(first);
	pw_buf_dispose(&files);
	return rc;
}

/* The failure `rc` (the last error) after everything was undone. */
static int undone(int rc, int retry)
{
	char *first = strdup(pw_error_last());
	if (!first)
		return pw_error_oom();
	rc = pw_error_set(rc, "%s; nothing recorded%s", first, retry ? "; try again" : "");
	free(first);
	return rc;
}

int pw_ledger_commit_files_on(const char *root, const char *base, const pw_ledger_file *files,
                              size_t n, const char *name, const char *email, char (*commits)[41],
                              int *kept)
{
	ledger_repo r;
	pw_stage st;
	git_commit *head = NULL, *tip = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_index *index = NULL;
	git_reference *href = NULL, *moved = NULL, *back = NULL;
	const char *refname = NULL;
	char **rels = NULL;
	pw_buf log = PW_BUF_INIT;
	git_oid oid;
	size_t i;
	int rc, ref_moved = 0, applied = 0, retry = 0;

	memset(&st, 0, sizeof(st));
	if (kept)
		*kept = 0;
	for (i = 0; i < n; i++)
		if (!valid_rel(files[i].rel_path))
			return pw_error_set(PW_EINPUT, "'%s' is not a path inside the repository",
			                    files[i].rel_path);
	if (n == 0)
		return 0;
	/* r.rel: the path of root inside the work tree, "" or ending in '/' */
	if ((rc = repo_open_rel(&r, root, "")) < 0)
		return rc;
	if (!(rels = calloc(n, sizeof(*rels)))) {
		rc = pw_error_oom();
		goto out;
	}
	/* the base the caller prepared the files from, else HEAD now */
	if ((rc = base ? base_commit(r.repo, base, &head) : head_commit(r.repo, &head)) < 0)
		goto out;
	if (head && git_commit_tree(&tree, head) < 0) {
		rc = pw_error_from_git(PW_ERROR, "HEAD");
		goto out;
	}
	if (head && git_commit_dup(&tip, head) < 0) {
		rc = pw_error_from_git(PW_ERROR, "HEAD");
		goto out;
	}
	if (git_signature_now(&sig, name, email) < 0) {
		rc = pw_error_from_git(PW_EINPUT, "ledger commit author");
		goto out;
	}
	if ((rc = pw_stage_open(&st, root)) < 0)
		goto out;
	/* every file staged and every commit made before anything moves */
	for (i = 0; i < n; i++) {
		pw_buf text = PW_BUF_INIT, rel = PW_BUF_INIT;
		char *json = cJSON_Print(files[i].json), *path = NULL;
		if (!json || pw_buf_printf(&text, "%s\n", json) < 0 ||
		    pw_buf_printf(&rel, "%s%s", r.rel, files[i].rel_path) < 0 ||
		    !(rels[i] = pw_buf_detach(&rel)) ||
		    !(path = pw_path_join(root, files[i].rel_path)))
			rc = pw_error_oom();
		if (rc == 0 && (rc = pw_stage_write(&st, path, text.ptr, text.len, NULL)) == 0)
			rc = commit_one(r.repo, rels[i], &text, sig, files[i].message, &tree, &tip,
			                &oid);
		if (rc == 0)
			git_oid_tostr(commits[i], 41, &oid);
		free(json);
		free(path);
		pw_buf_dispose(&text);
		pw_buf_dispose(&rel);
		if (rc < 0)
			goto out;
	}
	/* HEAD moves once, from the commit it was on: a concurrent commit fails it */
	if ((rc = head_ref_name(r.repo, &href, &refname)) < 0)
		goto out;
	if (pw_buf_printf(&log, "commit: %.*s", (int)strcspn(files[n - 1].message, "\n"),
	                  files[n - 1].message) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	{
		int e = head ? git_reference_create_matching(&moved, r.repo, refname,
		                                             git_commit_id(tip), 1,
		                                             git_commit_id(head), log.ptr)
		             : git_reference_create(&moved, r.repo, refname, git_commit_id(tip), 0,
		                                    log.ptr);
		if (e < 0) {
			rc = move_failed(e, refname);
			goto out;
		}
	}
	ref_moved = 1;
	if (pw_ledger_after_move_hook)
		pw_ledger_after_move_hook(pw_ledger_after_move_arg);
	if ((rc = pw_stage_apply(&st)) < 0)
		goto out; /* all or nothing: the files are as they were */
	applied = 1;
	/* only these files' index entries: other staged changes stay staged */
	if (git_repository_index(&index, r.repo) < 0 || git_index_read(index, 0) < 0)
		rc = pw_error_from_git(PW_ERROR, "ledger commit: index");
	for (i = 0; rc == 0 && i < n; i++)
		if (git_index_add_bypath(index, rels[i]) < 0)
			rc = pw_error_from_git(PW_ERROR, "ledger commit: index");
	if (rc == 0) {
		int e = git_index_write(index);
		if (e == GIT_ELOCKED) {
			rc = pw_error_set(PW_ERROR, "ledger commit: index: locked by another git "
			                            "process (index.lock)");
			retry = 1;
		} else if (e < 0)
			rc = pw_error_from_git(PW_ERROR, "ledger commit: index");
	}
out:
	if (rc < 0 && ref_moved) {
		/* HEAD back where it was first; the files only once it is, so that
		 * HEAD and the work tree agree whatever fails */
		int e = head ? git_reference_create_matching(
		                   &back, r.repo, refname, git_commit_id(head), 1,
		                   git_commit_id(tip), "pkiwatch: ledger commit undone")
		             : git_reference_delete(moved);
		if (e == 0) {
			if (applied)
				pw_stage_undo(&st);
			rc = undone(rc, retry);
		} else {
			rc = stuck(rc, e, refname, git_commit_id(tip), rels, n, applied);
			if (kept)
				*kept = 1;
		}
		git_error_clear();
	}
	pw_stage_close(&st);
	for (i = 0; rels && i < n; i++)
		free(rels[i]);
	free(rels);
	pw_buf_dispose(&log);
	git_reference_free(back);
	git_reference_free(moved);
	git_reference_free(href);
	git_index_free(index);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(tip);
	git_commit_free(head);
	repo_close(&r);
	return rc;
}
