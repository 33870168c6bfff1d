#include "ledger/commit.h"
#include "ledger/commit_int.h"
#include "ledger/sign.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/stage.h"

#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

void (*pw_commit_step_hook)(int step, void *arg);
void *pw_commit_step_arg;

static void step(int which)
{
	if (pw_commit_step_hook)
		pw_commit_step_hook(which, pw_commit_step_arg);
}

/* ---- the repository ---- */

typedef struct {
	git_repository *repo;
	char *rel; /* the path asked for, as a path inside the work tree */
} work_repo;

static void repo_close(work_repo *r)
{
	git_repository_free(r->repo);
	free(r->rel);
}

/* Opens the repository holding `root`; r->rel gets `rel` (a path inside
 * root) as a path inside the work tree. */
static int repo_open(work_repo *r, const char *root, const char *rel)
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

int pw_commit_check(const char *root)
{
	work_repo r;
	char *why;
	int rc = repo_open(&r, root, "ledger");
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

/* ---- reading commits ---- */

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
		rc = pw_json_parse(json, what, git_blob_rawcontent(blob),
		                   (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	return rc;
}

int pw_commit_base(char base[41], const char *root)
{
	work_repo r;
	git_commit *head = NULL;
	int rc;

	base[0] = '\0';
	if ((rc = repo_open(&r, root, "")) < 0)
		return rc;
	if ((rc = head_commit(r.repo, &head)) == 0 && head)
		git_oid_tostr(base, 41, git_commit_id(head));
	git_commit_free(head);
	repo_close(&r);
	return rc;
}

int pw_commit_read_at(cJSON **json, const char *root, const char *base, const char *path)
{
	work_repo r;
	git_commit *c = NULL;
	char *what = NULL;
	int rc;

	*json = NULL;
	if (!valid_rel(path))
		return pw_error_set(PW_EINPUT, "'%s' is not a path inside the repository", path);
	if ((rc = repo_open(&r, root, path)) < 0)
		return rc;
	if ((rc = base_commit(r.repo, base, &c)) == 0 && c) {
		if (!(what = pw_path_join(root, path)))
			rc = pw_error_oom();
		else
			rc = json_at(r.repo, c, base, r.rel, what, json);
	}
	free(what);
	git_commit_free(c);
	repo_close(&r);
	return rc;
}

int pw_commit_read_head(cJSON **json, char **where, const char *root, const char *path)
{
	work_repo r;
	git_commit *head = NULL;
	int rc;

	*json = NULL;
	if (where)
		*where = NULL;
	if ((rc = repo_open(&r, root, path)) < 0)
		return rc;
	if ((rc = head_commit(r.repo, &head)) == 0 && head)
		rc = json_at(r.repo, head, "HEAD", r.rel, r.rel, json);
	if (rc == 0 && where) {
		*where = r.rel;
		r.rel = NULL;
	}
	git_commit_free(head);
	repo_close(&r);
	return rc;
}

/* ---- a batch of commits ---- */

/* What pw_commit_files holds between its steps. */
typedef struct {
	work_repo r; /* r.rel: the path of root inside the work tree, "" or ending in '/' */
	size_t n;    /* files in the batch */
	char **rels; /* each file's path inside the work tree */
	pw_stage st; /* the files, staged */
	git_signature *sig;
	pw_sign signer;   /* how the commits are signed (sign.h) */
	git_commit *base; /* the commit HEAD must be on (NULL: an unborn branch) */
	git_commit *tip;  /* the last commit made, base before the first */
	git_tree *tree;   /* tip's tree */
	git_reference *href, *moved;
	const char *refname; /* the branch HEAD names ("HEAD" when detached) */
	int head_moved;      /* HEAD is on tip */
	int applied;         /* the files are in place */
	int indexed;         /* the index holds the files */
	int attempted;       /* past the preparation: a failure says "nothing recorded" */
	int retry;           /* the failure is a lock: trying again may work */
	/* each file's index entry before (had: there was one), to put back */
	git_index_entry *saved;
	char **saved_paths;
	int *had;
} batch;

static void batch_close(batch *b)
{
	size_t i;
	pw_stage_clear(&b->st);
	for (i = 0; b->rels && i < b->n; i++)
		free(b->rels[i]);
	free(b->rels);
	for (i = 0; b->saved_paths && i < b->n; i++)
		free(b->saved_paths[i]);
	free(b->saved_paths);
	free(b->saved);
	free(b->had);
	git_reference_free(b->moved);
	git_reference_free(b->href);
	git_signature_free(b->sig);
	pw_sign_clear(&b->signer);
	git_tree_free(b->tree);
	git_commit_free(b->tip);
	git_commit_free(b->base);
	repo_close(&b->r);
}

/* The repository, the commit to build on (the base the caller prepared the
 * files from, else HEAD now), the author and the staging set. */
static int batch_open(batch *b, const char *root, size_t n, const pw_commit_opts *opts)
{
	int rc;

	memset(b, 0, sizeof(*b));
	b->n = n;
	if ((rc = repo_open(&b->r, root, "")) < 0)
		return rc;
	if (!(b->rels = calloc(n, sizeof(*b->rels))) ||
	    !(b->saved = calloc(n, sizeof(*b->saved))) ||
	    !(b->saved_paths = calloc(n, sizeof(*b->saved_paths))) ||
	    !(b->had = calloc(n, sizeof(*b->had))))
		return pw_error_oom();
	if ((rc = opts->base ? base_commit(b->r.repo, opts->base, &b->base)
	                     : head_commit(b->r.repo, &b->base)) < 0)
		return rc;
	if (b->base &&
	    (git_commit_tree(&b->tree, b->base) < 0 || git_commit_dup(&b->tip, b->base) < 0))
		return pw_error_from_git(PW_ERROR, "HEAD");
	if (git_signature_now(&b->sig, opts->author_name, opts->author_email) < 0)
		return pw_error_from_git(PW_EINPUT, "ledger commit author");
	/* signed as git would sign it; a failure leaves nothing recorded */
	if ((rc = pw_sign_load(&b->signer, root)) < 0)
		return rc;
	return pw_stage_open(&b->st, root);
}

/* The commit object of `tree` on b->tip, signed when b->signer says so
 * (pw_sign_buffer: the program git would run), written to the object
 * database; no reference moves. */
static int create_commit(batch *b, git_oid *out, const char *message, const git_tree *tree)
{
	git_buf content = {NULL, 0, 0};
	pw_buf ident = PW_BUF_INIT;
	char *signature = NULL;
	git_repository *repo = b->r.repo;
	int rc = 0;

	if (!b->signer.sign) {
		if (git_commit_create(out, repo, NULL, b->sig, b->sig, NULL, message, tree,
		                      b->tip ? 1 : 0, (const git_commit **)&b->tip) < 0)
			return pw_error_from_git(PW_ERROR, "ledger commit");
		return 0;
	}
	if (git_commit_create_buffer(&content, repo, b->sig, b->sig, NULL, message, tree,
	                             b->tip ? 1 : 0, (const git_commit **)&b->tip) < 0)
		return pw_error_from_git(PW_ERROR, "ledger commit");
	if (pw_buf_printf(&ident, "%s <%s>", b->sig->name, b->sig->email) < 0)
		rc = pw_error_oom();
	if (rc == 0)
		rc = pw_sign_buffer(&signature, &b->signer, ident.ptr, content.ptr, content.size);
	if (rc == 0 &&
	    git_commit_create_with_signature(out, repo, content.ptr, signature, NULL) < 0)
		rc = pw_error_from_git(PW_ERROR, "ledger commit: signed commit");
	free(signature);
	pw_buf_clear(&ident);
	git_buf_dispose(&content);
	return rc;
}

/* A blob of `text` at `rel`, the tree b->tree updated with it, and a commit
 * of that tree on b->tip (none: a root commit); tree and tip become the new
 * ones. */
static int commit_one(batch *b, const char *rel, const pw_buf *text, const char *message,
                      git_oid *out)
{
	git_tree_update upd;
	git_oid blob_oid, tree_oid;
	git_tree *next = NULL;
	git_commit *made = NULL;
	git_repository *repo = b->r.repo;
	int rc;

	memset(&upd, 0, sizeof(upd));
	upd.action = GIT_TREE_UPDATE_UPSERT;
	upd.filemode = GIT_FILEMODE_BLOB;
	upd.path = rel;
	if (git_blob_create_from_buffer(&blob_oid, repo, text->ptr, text->len) < 0 ||
	    (git_oid_cpy(&upd.id, &blob_oid), 0) ||
	    git_tree_create_updated(&tree_oid, repo, b->tree, 1, &upd) < 0 ||
	    git_tree_lookup(&next, repo, &tree_oid) < 0)
		return pw_error_from_git(PW_ERROR, rel);
	if ((rc = create_commit(b, out, message, next)) < 0) {
		git_tree_free(next);
		return rc;
	}
	if (git_commit_lookup(&made, repo, out) < 0) {
		git_tree_free(next);
		return pw_error_from_git(PW_ERROR, "ledger commit");
	}
	git_tree_free(b->tree);
	git_commit_free(b->tip);
	b->tree = next;
	b->tip = made;
	return 0;
}

/* File `i`: its text staged for <root>/<path> and its commit made. */
static int prepare_one(batch *b, const char *root, const pw_commit_file *f, size_t i, char id[41])
{
	pw_buf text = PW_BUF_INIT, rel = PW_BUF_INIT;
	char *json = cJSON_Print(f->json), *path = NULL;
	git_oid oid;
	int rc = 0;

	if (!json || pw_buf_printf(&text, "%s\n", json) < 0 ||
	    pw_buf_printf(&rel, "%s%s", b->r.rel, f->path) < 0 ||
	    !(b->rels[i] = pw_buf_detach(&rel)) || !(path = pw_path_join(root, f->path)))
		rc = pw_error_oom();
	if (rc == 0 && (rc = pw_stage_write(NULL, &b->st, path, text.ptr, text.len)) == 0 &&
	    (rc = commit_one(b, b->rels[i], &text, f->message, &oid)) == 0)
		git_oid_tostr(id, 41, &oid);
	free(json);
	free(path);
	pw_buf_clear(&text);
	pw_buf_clear(&rel);
	return rc;
}

/* A lock file older than this was most likely left by a git process that
 * died: said so, with its age, instead of "try again". */
#define STALE_LOCK_S 600

/* "; <lock> is N minutes old: ..." when the lock at <gitdir>/<name>.lock is
 * stale, else "". Caller frees. */
static char *lock_age(const batch *b, const char *name)
{
	pw_buf path = PW_BUF_INIT, out = PW_BUF_INIT;
	struct stat st;
	time_t now = time(NULL);

	if (pw_buf_printf(&path, "%s%s.lock", git_repository_path(b->r.repo), name) == 0 &&
	    stat(path.ptr, &st) == 0 && now - st.st_mtime >= STALE_LOCK_S)
		pw_buf_printf(&out,
		              " - it is %ld minutes old, so probably left by a git process that "
		              "died: if no git command is running, remove %s",
		              (long)((now - st.st_mtime) / 60), path.ptr);
	pw_buf_clear(&path);
	return out.ptr ? pw_buf_detach(&out) : strdup("");
}

/* Why HEAD could not be moved, said plainly: a lock held by another git
 * process, or a commit that landed since the batch was prepared. */
static int move_failed(batch *b, int e, const char *refname)
{
	if (e == GIT_ELOCKED) {
		char *age = lock_age(b, refname);
		b->retry = !age || !*age;
		int rc = pw_error_set(
		    PW_ERROR, "ledger commit: %s is locked by another git process (%s.lock%s)",
		    refname, refname, age ? age : "");
		free(age);
		return rc;
	}
	if (e == GIT_EMODIFIED || e == GIT_EEXISTS)
		return pw_error_set(PW_ERROR,
		                    "ledger commit: %s changed meanwhile (another commit landed "
		                    "on it)",
		                    refname);
	return pw_error_from_git(PW_ERROR, "ledger commit");
}

/* HEAD moves once, from the commit it was on to the last one made, so that a
 * concurrent commit fails the batch; the reflog names the last commit. */
static int move_head(batch *b, const char *last_message)
{
	pw_buf log = PW_BUF_INIT;
	int e;

	if (git_reference_lookup(&b->href, b->r.repo, "HEAD") < 0)
		return pw_error_from_git(PW_ERROR, "HEAD");
	b->refname = git_reference_type(b->href) == GIT_REFERENCE_SYMBOLIC
	                 ? git_reference_symbolic_target(b->href)
	                 : "HEAD";
	if (pw_buf_printf(&log, "commit: %.*s", (int)strcspn(last_message, "\n"), last_message) < 0)
		return pw_error_oom();
	e = b->base ? git_reference_create_matching(&b->moved, b->r.repo, b->refname,
	                                            git_commit_id(b->tip), 1,
	                                            git_commit_id(b->base), log.ptr)
	            : git_reference_create(&b->moved, b->r.repo, b->refname, git_commit_id(b->tip),
	                                   0, log.ptr);
	pw_buf_clear(&log);
	if (e < 0) {
		b->retry = e == GIT_EMODIFIED || e == GIT_EEXISTS;
		return move_failed(b, e, b->refname);
	}
	b->head_moved = 1;
	return 0;
}

/* The index could not be written: a lock says so, with its age when stale. */
static int index_failed(batch *b, int e)
{
	char *age;
	int rc;

	if (e != GIT_ELOCKED)
		return pw_error_from_git(PW_ERROR, "ledger commit: index");
	age = lock_age(b, "index");
	rc = pw_error_set(PW_ERROR,
	                  "ledger commit: index: locked by another git process "
	                  "(index.lock%s)",
	                  age ? age : "");
	b->retry = !age || !*age;
	free(age);
	return rc;
}

/* Only these files' index entries: other staged changes stay staged. Each
 * file's entry before is kept for restore_index. */
static int update_index(batch *b)
{
	git_index *index = NULL;
	const git_index_entry *e;
	size_t i;
	int w, rc = 0;

	if (git_repository_index(&index, b->r.repo) < 0 || git_index_read(index, 0) < 0)
		rc = pw_error_from_git(PW_ERROR, "ledger commit: index");
	for (i = 0; rc == 0 && i < b->n; i++) {
		if ((e = git_index_get_bypath(index, b->rels[i], 0)) != NULL) {
			b->saved[i] = *e;
			if (!(b->saved_paths[i] = strdup(e->path)))
				rc = pw_error_oom();
			b->saved[i].path = b->saved_paths[i];
			b->had[i] = 1;
		}
		if (rc == 0 && git_index_add_bypath(index, b->rels[i]) < 0)
			rc = pw_error_from_git(PW_ERROR, "ledger commit: index");
	}
	if (rc == 0 && (w = git_index_write(index)) < 0)
		rc = index_failed(b, w);
	if (rc == 0)
		b->indexed = 1;
	git_index_free(index);
	return rc;
}

/* Puts the files' index entries back as they were before update_index. */
static int restore_index(batch *b)
{
	git_index *index = NULL;
	size_t i;
	int rc = 0;

	if (git_repository_index(&index, b->r.repo) < 0 || git_index_read(index, 1) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < b->n; i++)
		if ((b->had[i] ? git_index_add(index, &b->saved[i])
		               : git_index_remove_bypath(index, b->rels[i])) < 0)
			rc = -1;
	if (rc == 0 && git_index_write(index) < 0)
		rc = -1;
	git_index_free(index);
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

/* The index could not be put back after a failure (`rc`, its message the last
 * error): HEAD did not move, nothing is recorded, but the index and the work
 * tree hold the new files; the message says what to run. */
static int stuck(const batch *b, int rc)
{
	const git_error *ge = git_error_last();
	char *first = strdup(pw_error_last());
	pw_buf files = PW_BUF_INIT;
	size_t i;
	int ok = first != NULL;

	for (i = 0; ok && i < b->n; i++)
		ok = pw_buf_printf(&files, " '%s'", b->rels[i]) == 0;
	if (!ok) {
		free(first);
		pw_buf_clear(&files);
		return pw_error_oom();
	}
	rc = pw_error_set(rc,
	                  "%s; nothing recorded, but the index could not be put back (%s): run "
	                  "`git reset -q --%s`",
	                  first, ge && ge->message ? ge->message : "unknown libgit2 error",
	                  files.ptr ? files.ptr : "");
	free(first);
	pw_buf_clear(&files);
	return rc;
}

/* A step before HEAD moved failed with `rc`: the index entries back first, the
 * files only once they are, so that the index and the work tree agree
 * whatever fails. */
static int roll_back(batch *b, int rc)
{
	if (b->indexed && restore_index(b) < 0) {
		rc = stuck(b, rc);
		git_error_clear();
		return rc;
	}
	if (b->applied)
		pw_stage_undo(&b->st);
	git_error_clear();
	return undone(rc, b->retry);
}

/* PW_ECANCEL once the caller's flag is set (before the files move). */
static int cancelled(const pw_commit_opts *opts)
{
	if (opts && opts->cancel && *opts->cancel)
		return pw_error_set(PW_ECANCEL, "interrupted: nothing recorded");
	return 0;
}

int pw_commit_files(char (*ids)[41], int *kept, const char *root, const pw_commit_file *files,
                    size_t n, const pw_commit_opts *opts)
{
	static const pw_commit_opts defaults = PW_COMMIT_OPTS_INIT;
	batch b;
	size_t i;
	int rc = 0;

	if (kept)
		*kept = 0;
	for (i = 0; i < n; i++)
		if (!valid_rel(files[i].path))
			return pw_error_set(PW_EINPUT, "'%s' is not a path inside the repository",
			                    files[i].path);
	if (n == 0)
		return 0;
	/* every file staged and every commit made before anything moves */
	if ((rc = batch_open(&b, root, n, opts ? opts : &defaults)) < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = cancelled(opts)) == 0)
			rc = prepare_one(&b, root, &files[i], i, ids[i]);
	if (rc < 0)
		goto out;
	step(PW_COMMIT_STEP_PREPARED);
	/* the last moment to stop with nothing to undo */
	if ((rc = cancelled(opts)) < 0)
		goto out;
	/* Crash-consistent order: the files, then the index, then HEAD. A process
	 * killed before HEAD moves has recorded nothing, and a later plain
	 * `git commit` can at most commit the files it left in the index; one
	 * killed after has recorded everything. HEAD never holds an entry the
	 * index lacks, so no later commit can undo a recorded one. */
	b.attempted = 1;
	if ((rc = pw_stage_apply(&b.st)) < 0)
		goto out;
	b.applied = 1;
	step(PW_COMMIT_STEP_APPLIED);
	if ((rc = update_index(&b)) < 0)
		goto out;
	step(PW_COMMIT_STEP_INDEXED);
	if ((rc = move_head(&b, files[n - 1].message)) < 0)
		goto out;
	step(PW_COMMIT_STEP_MOVED);
out:
	if (rc < 0 && b.attempted)
		rc = b.applied || b.indexed ? roll_back(&b, rc) : undone(rc, b.retry);
	batch_close(&b);
	return rc;
}
