#include "upstream/mirror.h"

#include "util/error.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "upstream/packcopy.h"
#include "upstream/preconnect.h"
#include "upstream/tls.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t progress_mutex = PTHREAD_MUTEX_INITIALIZER;

typedef struct {
	const pw_mirror_opts *opts;
	const char *source_id;
	int updated; /* some ref changed */
} progress_ctx;

static int on_update_tip(const char *refname, const git_oid *a, const git_oid *b, void *payload)
{
	(void)refname;
	(void)a;
	(void)b;
	((progress_ctx *)payload)->updated = 1;
	return 0;
}

static int on_transfer(const git_indexer_progress *p, void *payload)
{
	progress_ctx *ctx = payload;
	if (ctx->opts && ctx->opts->progress) {
		pthread_mutex_lock(&progress_mutex);
		ctx->opts->progress(ctx->source_id, p->received_objects, p->total_objects,
		                    p->received_bytes, ctx->opts->payload);
		pthread_mutex_unlock(&progress_mutex);
	}
	return 0;
}

char *pw_mirror_lock_path(const char *cache_dir)
{
	return pw_path_join(cache_dir, ".lock");
}

/* --- file system helpers ------------------------------------------------- */

/* rm -rf without following symbolic links. */
static int remove_tree(const char *path)
{
	if (pw_tree_remove(path) < 0)
		return pw_error_set(PW_ERROR, "%s: cannot remove: %s", path, strerror(errno));
	return 0;
}

static int path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int rm_stale_lock(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F && ends_with(path, ".lock"))
		unlink(path);
	return 0;
}

/* Half-received packs of a killed fetch (libgit2's pack_git2_*, git's tmp_*). */
static void remove_temp_packs(const char *pack_dir)
{
	DIR *d = opendir(pack_dir);
	struct dirent *e;
	pw_buf path = PW_BUF_INIT;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "pack_git2_", 10) != 0 &&
		    strncmp(e->d_name, "tmp_pack_", 9) != 0 &&
		    strncmp(e->d_name, "tmp_idx_", 8) != 0)
			continue;
		pw_buf_reset(&path);
		if (pw_buf_printf(&path, "%s/%s", pack_dir, e->d_name) == 0)
			unlink(path.ptr);
	}
	closedir(d);
	pw_buf_clear(&path);
}

/* A run killed half-way leaves lock files (refs/heads/x.lock, packed-refs.lock)
 * that would make every later ref update fail, and temporary pack files. We
 * hold the cache lock, so nobody else is writing: they are ours to remove. */
static void remove_leftovers(const char *repo_path)
{
	static const char *const top[] = {"HEAD.lock",    "config.lock", "packed-refs.lock",
	                                  "shallow.lock", "index.lock",  "FETCH_HEAD.lock"};
	pw_buf b = PW_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		pw_buf_reset(&b);
		if (pw_buf_printf(&b, "%s/%s", repo_path, top[i]) == 0)
			unlink(b.ptr);
	}
	pw_buf_reset(&b);
	if (pw_buf_printf(&b, "%s/refs", repo_path) == 0)
		nftw(b.ptr, rm_stale_lock, 16, FTW_PHYS);
	pw_buf_reset(&b);
	if (pw_buf_printf(&b, "%s/objects/pack", repo_path) == 0)
		remove_temp_packs(b.ptr);
	pw_buf_clear(&b);
}

/* --- repository state ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **list, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* The sorted branch names (without refs/heads/). */
static int list_branches(git_repository *repo, char ***out, size_t *count)
{
	git_reference_iterator *it = NULL;
	const char *name;
	char **list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (git_reference_iterator_glob_new(&it, repo, "refs/heads/*") < 0)
		return pw_error_from_git(PW_ERROR, "listing branches");
	while ((rc = git_reference_next_name(&name, it)) == 0) {
		if (n == cap) {
			char **grown = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof(*list));
			if (!grown)
				goto oom;
			list = grown;
		}
		if (!(list[n] = strdup(name + strlen("refs/heads/"))))
			goto oom;
		n++;
	}
	git_reference_iterator_free(it);
	if (rc != GIT_ITEROVER) {
		free_list(list, n);
		return pw_error_from_git(PW_ERROR, "listing branches");
	}
	if (n)
		qsort(list, n, sizeof(*list), cmp_str);
	*out = list;
	*count = n;
	return 0;
oom:
	git_reference_iterator_free(it);
	free_list(list, n);
	return pw_error_oom();
}

/* Names in sorted `a` that are not in sorted `b`. */
static int list_minus(char **a, size_t na, char **b, size_t nb, char ***out, size_t *count)
{
	size_t i, j = 0, n = 0;
	char **list = NULL;

	*out = NULL;
	*count = 0;
	if (na && !(list = calloc(na, sizeof(*list))))
		return pw_error_oom();
	for (i = 0; i < na; i++) {
		while (j < nb && strcmp(b[j], a[i]) < 0)
			j++;
		if (j < nb && strcmp(b[j], a[i]) == 0)
			continue;
		if (!(list[n] = strdup(a[i]))) {
			free_list(list, n);
			return pw_error_oom();
		}
		n++;
	}
	*out = list;
	*count = n;
	return 0;
}

/* The default branch's head as hex, "" when the branch does not exist. */
static void branch_head(git_repository *repo, const char *branch, char hex[41])
{
	git_oid oid;
	pw_buf ref = PW_BUF_INIT;

	hex[0] = '\0';
	if (pw_buf_printf(&ref, "refs/heads/%s", branch) == 0 &&
	    git_reference_name_to_id(&oid, repo, ref.ptr) == 0)
		git_oid_tostr(hex, 41, &oid);
	pw_buf_clear(&ref);
}

static int count_commits(git_repository *repo, const char *old_hex, const char *new_hex,
                         size_t *out)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t n = 0;
	int rc;

	*out = 0;
	if (!*new_hex || strcmp(old_hex, new_hex) == 0)
		return 0;
	if (git_revwalk_new(&walk, repo) < 0 || git_oid_fromstr(&oid, new_hex) < 0 ||
	    git_revwalk_push(walk, &oid) < 0)
		goto fail;
	if (*old_hex && (git_oid_fromstr(&oid, old_hex) < 0 || git_revwalk_hide(walk, &oid) < 0))
		goto fail;
	while ((rc = git_revwalk_next(&oid, walk)) == 0)
		n++;
	if (rc != GIT_ITEROVER)
		goto fail;
	git_revwalk_free(walk);
	*out = n;
	return 0;
fail:
	git_revwalk_free(walk);
	return pw_error_from_git(PW_ERROR, "counting new commits");
}

/* HEAD -> refs/heads/<branch>, written only when it differs. */
static int point_head(git_repository *repo, const char *branch)
{
	git_reference *head = NULL, *made = NULL;
	pw_buf target = PW_BUF_INIT;
	int rc = 0;

	if (pw_buf_printf(&target, "refs/heads/%s", branch) < 0)
		return pw_error_oom();
	if (git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	    strcmp(git_reference_symbolic_target(head), target.ptr) == 0)
		goto done;
	if (git_reference_symbolic_create(&made, repo, "HEAD", target.ptr, 1, "pkiwatch mirror") <
	    0)
		rc = pw_error_from_git(PW_ERROR, "setting HEAD");
done:
	git_reference_free(head);
	git_reference_free(made);
	pw_buf_clear(&target);
	return rc;
}

/* A fetch writes one loose file per ref; packing them into packed-refs makes
 * every later run (which reads all refs) open one file instead of hundreds. */
static int pack_refs(git_repository *repo)
{
	git_refdb *refdb = NULL;
	int rc = 0;

	if (git_repository_refdb(&refdb, repo) < 0 || git_refdb_compress(refdb) < 0)
		rc = pw_error_from_git(PW_ERROR, "packing refs");
	git_refdb_free(refdb);
	return rc;
}

/* `url` for messages: without the "user:password@" of an https URL, so that a
 * token in PKIWATCH_UPSTREAM never reaches output. Caller frees. */
static char *url_for_messages(const char *url)
{
	const char *scheme = strstr(url, "://"), *host, *at, *slash;
	pw_buf b = PW_BUF_INIT;

	if (!scheme)
		return strdup(url);
	host = scheme + 3;
	slash = strchr(host, '/');
	at = memchr(host, '@', slash ? (size_t)(slash - host) : strlen(host));
	if (!at)
		return strdup(url);
	if (pw_buf_put(&b, url, (size_t)(host - url)) < 0 || pw_buf_puts(&b, "***@") < 0 ||
	    pw_buf_puts(&b, at + 1) < 0) {
		pw_buf_clear(&b);
		return NULL;
	}
	return pw_buf_detach(&b);
}

/* Records libgit2's error about `url`. */
static int url_error(const char *url)
{
	char *shown = url_for_messages(url);
	int rc = pw_error_from_git(PW_ERROR, shown ? shown : "upstream");
	free(shown);
	return rc;
}

/* A connection that made no progress for the bound (the server accepted it
 * and then said nothing, or stopped half-way). */
static int timeout_error(const char *url)
{
	char *shown = url_for_messages(url);
	int rc = pw_error_set(PW_ERROR,
	                      "%s: no progress for %d s: the server does not answer (the bound "
	                      "is network_timeout in pkiwatch.json or PKIWATCH_NETWORK_TIMEOUT)",
	                      shown ? shown : "upstream", pw_preconnect_timeout());
	free(shown);
	return rc;
}

/* --- comparing with upstream ------------------------------------------------- */

/* A ref the mirror keeps: refs/heads/... or refs/tags/... and its target. */
typedef struct {
	char *name;
	git_oid oid;
} ref_entry;

typedef struct {
	ref_entry *items;
	size_t count, cap;
} ref_list;

static int mirrored_name(const char *name)
{
	return strncmp(name, "refs/heads/", 11) == 0 || strncmp(name, "refs/tags/", 10) == 0;
}

static int ref_list_add(ref_list *l, const char *name, const git_oid *oid)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		ref_entry *grown = realloc(l->items, cap * sizeof(*grown));
		if (!grown)
			return pw_error_oom();
		l->items = grown;
		l->cap = cap;
	}
	if (!(l->items[l->count].name = strdup(name)))
		return pw_error_oom();
	git_oid_cpy(&l->items[l->count].oid, oid);
	l->count++;
	return 0;
}

static void ref_list_dispose(ref_list *l)
{
	size_t i;
	for (i = 0; i < l->count; i++)
		free(l->items[i].name);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static int cmp_ref_entry(const void *a, const void *b)
{
	return strcmp(((const ref_entry *)a)->name, ((const ref_entry *)b)->name);
}

/* The mirror's branches and tags, sorted. A symbolic ref among them is
 * reported as *plain = 0 (the comparison then falls back to a fetch). */
static int local_refs(git_repository *repo, ref_list *out, int *plain)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int rc;

	*plain = 1;
	if (git_reference_iterator_new(&it, repo) < 0)
		return pw_error_from_git(PW_ERROR, "listing refs");
	while ((rc = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref);
		if (mirrored_name(name)) {
			if (git_reference_type(ref) != GIT_REFERENCE_DIRECT)
				*plain = 0;
			else if (ref_list_add(out, name, git_reference_target(ref)) < 0) {
				git_reference_free(ref);
				git_reference_iterator_free(it);
				return PW_ENOMEM;
			}
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (rc != GIT_ITEROVER)
		return pw_error_from_git(PW_ERROR, "listing refs");
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), cmp_ref_entry);
	return 0;
}

/* What a fetch with our refspecs would make of the advertisement: the
 * branches and tags (not the peeled "^{}" entries, which are not valid ref
 * names; libgit2 skips invalid names too), sorted. */
static int remote_refs(git_remote *remote, ref_list *out)
{
	const git_remote_head **heads;
	size_t n, i;
	int valid;

	if (git_remote_ls(&heads, &n, remote) < 0)
		return pw_error_from_git(PW_ERROR, "listing upstream refs");
	for (i = 0; i < n; i++) {
		if (!mirrored_name(heads[i]->name) ||
		    git_reference_name_is_valid(&valid, heads[i]->name) < 0 || !valid)
			continue;
		if (ref_list_add(out, heads[i]->name, &heads[i]->oid) < 0)
			return PW_ENOMEM;
	}
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), cmp_ref_entry);
	return 0;
}

static int same_refs(const ref_list *a, const ref_list *b)
{
	size_t i;
	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++)
		if (strcmp(a->items[i].name, b->items[i].name) != 0 ||
		    !git_oid_equal(&a->items[i].oid, &b->items[i].oid))
			return 0;
	return 1;
}

/* The branch names (without refs/heads/) of a sorted ref list: sorted too. */
static int branch_names(const ref_list *l, char ***out, size_t *count)
{
	char **list = NULL;
	size_t i, n = 0;

	*out = NULL;
	*count = 0;
	if (l->count && !(list = calloc(l->count, sizeof(*list))))
		return pw_error_oom();
	for (i = 0; i < l->count; i++) {
		if (strncmp(l->items[i].name, "refs/heads/", 11) != 0)
			continue;
		if (!(list[n] = strdup(l->items[i].name + 11))) {
			free_list(list, n);
			return pw_error_oom();
		}
		n++;
	}
	*out = list;
	*count = n;
	return 0;
}

/* --- fetching ---------------------------------------------------------------- */

static void fetch_options(git_fetch_options *fo, progress_ctx *ctx)
{
	git_fetch_options_init(fo, GIT_FETCH_OPTIONS_VERSION);
	fo->prune = GIT_FETCH_PRUNE;
	fo->download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE; /* the refspec takes every tag */
	fo->update_fetchhead = 0;
	fo->callbacks.transfer_progress = on_transfer;
	fo->callbacks.update_tips = on_update_tip;
	fo->callbacks.payload = ctx;
}

/* An anonymous remote that skips url.*.insteadOf: the URL comes from the
 * rules or PKIWATCH_UPSTREAM as given (and libgit2 1.5 leaks pcre2 match
 * data while scanning the config for insteadOf). */
static int new_remote(git_remote **out, git_repository *repo, const char *url)
{
	git_remote_create_options ro;

	*out = NULL;
	if (git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION) < 0)
		return pw_error_from_git(PW_ERROR, "remote options");
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(out, url, &ro) < 0)
		return url_error(url);
	return 0;
}

/* Fetches every branch and tag into `repo` and prunes what upstream deleted,
 * over `remote`'s connection when it has one (else a new one). */
static int fetch(git_repository *repo, git_remote *remote, const char *url, const char *source_id,
                 const pw_mirror_opts *opts)
{
	static char *specs[] = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
	const git_strarray refspecs = {specs, 2};
	git_fetch_options fo;
	progress_ctx ctx = {opts, source_id, 0};

	fetch_options(&fo, &ctx);
	if (git_remote_fetch(remote, &refspecs, &fo, "pkiwatch mirror") < 0)
		return url_error(url);
	return ctx.updated ? pack_refs(repo) : 0;
}

/* A local upstream: share its packs instead of having them rebuilt. */
static int seed_local(git_repository *repo, const char *url)
{
	char *local = pw_packcopy_local_path(url);
	int rc;

	if (!local)
		return 0;
	rc = pw_packcopy_seed(git_repository_path(repo), local);
	free(local);
	return rc;
}

static int open_existing(git_repository **repo, const char *path)
{
	int opened = git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0;

	if (!opened || !git_repository_is_bare(*repo)) {
		/* opened but not bare: libgit2's last error is an older, unrelated one */
		const git_error *e = opened ? NULL : git_error_last();
		git_repository_free(*repo);
		*repo = NULL;
		return pw_error_set(PW_ERROR,
		                    "%s: not a valid bare git repository (%s); run 'pkiwatch "
		                    "mirror --reclone' to re-create it",
		                    path, e && e->message ? e->message : "not bare");
	}
	return 0;
}

/* The default branch's head in a sorted ref list, as hex ("" when absent). */
static void list_head(const ref_list *l, const char *branch, char hex[41])
{
	size_t lo = 0, hi = l->count;

	hex[0] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = l->items[mid].name;
		int c = strncmp(name, "refs/heads/", 11);
		if (c == 0)
			c = strcmp(name + 11, branch);
		if (c == 0) {
			git_oid_tostr(hex, 41, &l->items[mid].oid);
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
}

/* Brings an existing mirror up to date. One ref advertisement: the remote is
 * connected first (the server's answer is most of a no-op's time, so it is
 * asked for before anything else), and when upstream advertises exactly the
 * branches and tags the mirror holds there is nothing to download, update or
 * prune — the no-op re-run reads and writes nothing more. Otherwise the fetch
 * goes on over the same connection. Sets res->old_head, *before (branch names
 * before) and *unchanged. */
static int update_existing(pw_mirror_result *res, git_repository *repo, const pw_source *src,
                           const char *url, const pw_mirror_opts *opts, char ***before,
                           size_t *nbefore, int *unchanged)
{
	git_remote *remote = NULL;
	ref_list mine = {NULL, 0, 0}, theirs = {NULL, 0, 0};
	int rc, plain;

	*unchanged = 0;
	if ((rc = new_remote(&remote, repo, url)) < 0)
		return rc;
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, NULL, NULL, NULL) < 0) {
		rc = url_error(url);
		goto out;
	}
	/* what a killed run left; we hold the cache lock, and nothing is written before */
	remove_leftovers(res->path);
	if ((rc = local_refs(repo, &mine, &plain)) < 0 || (rc = remote_refs(remote, &theirs)) < 0 ||
	    (rc = branch_names(&mine, before, nbefore)) < 0)
		goto out;
	list_head(&mine, src->branch, res->old_head);
	if (plain && same_refs(&mine, &theirs)) {
		*unchanged = 1;
		git_remote_disconnect(remote);
	} else {
		rc = fetch(repo, remote, url, src->id, opts);
	}
out:
	git_remote_free(remote);
	ref_list_dispose(&mine);
	ref_list_dispose(&theirs);
	return rc;
}

/* What a killed run left half-way (we hold the cache lock): a run killed
 * between the two renames of replace_mirror left the previous mirror as
 * `old`, which becomes the mirror again; the hidden clone `tmp` goes. */
static int clear_leftovers(const pw_mirror_result *res, const char *tmp, const char *old)
{
	int rc;
	if (!path_exists(res->path) && path_exists(old) && rename(old, res->path) < 0)
		return pw_error_set(PW_ERROR, "%s: cannot rename to %s: %s", old, res->path,
		                    strerror(errno));
	if ((rc = remove_tree(tmp)) < 0 || (rc = remove_tree(old)) < 0)
		return rc;
	return 0;
}

/* A new mirror cloned into the hidden directory `tmp` (replace_mirror puts
 * it in place once whole): a bare repository whose HEAD is the source's
 * branch, seeded from a local copy, then fetched. */
static int clone_into(git_repository **repo, git_remote **remote, const char *tmp,
                      const pw_source *src, const char *url, const pw_mirror_opts *opts)
{
	git_repository_init_options io;
	int rc;

	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags =
	    GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_NO_REINIT | GIT_REPOSITORY_INIT_MKPATH;
	io.initial_head = src->branch;
	if (git_repository_init_ext(repo, tmp, &io) < 0)
		return pw_error_from_git(PW_ERROR, tmp);
	if ((rc = seed_local(*repo, url)) < 0 || (rc = new_remote(remote, *repo, url)) < 0 ||
	    (rc = fetch(*repo, *remote, url, src->id, opts)) < 0)
		return rc;
	return 0;
}

/* The new commits on the source's branch, and the branches added and
 * removed since `before`. */
static int record_changes(pw_mirror_result *res, git_repository *repo, char **before,
                          size_t nbefore)
{
	char **after = NULL;
	size_t nafter = 0;
	int rc;

	if ((rc = count_commits(repo, res->old_head, res->new_head, &res->new_commits)) >= 0 &&
	    (rc = list_branches(repo, &after, &nafter)) >= 0 &&
	    (rc = list_minus(after, nafter, before, nbefore, &res->added, &res->nadded)) >= 0)
		rc = list_minus(before, nbefore, after, nafter, &res->removed, &res->nremoved);
	free_list(after, nafter);
	return rc;
}

/* The clone `tmp` becomes the mirror: the previous one is renamed aside to
 * `old` first and removed last. */
static int replace_mirror(const pw_mirror_result *res, const char *tmp, const char *old)
{
	if (path_exists(res->path) && rename(res->path, old) < 0)
		return pw_error_set(PW_ERROR, "%s: cannot rename to %s: %s", res->path, old,
		                    strerror(errno));
	if (rename(tmp, res->path) < 0)
		return pw_error_set(PW_ERROR, "%s: cannot rename to %s: %s", tmp, res->path,
		                    strerror(errno));
	remove_tree(old);
	return 0;
}

static int mirror_into(pw_mirror_result *res, const char *cache_dir, const pw_source *src,
                       const char *url, const pw_mirror_opts *opts)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	char **before = NULL;
	size_t nbefore = 0;
	pw_buf tmp = PW_BUF_INIT, old = PW_BUF_INIT;
	int rc, unchanged = 0;

	pw_preconnect_timed_out(); /* only what this source's connections do counts */
	if (pw_buf_printf(&tmp, "%s/.%s.git.new", cache_dir, src->id) < 0 ||
	    pw_buf_printf(&old, "%s/.%s.git.old", cache_dir, src->id) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = clear_leftovers(res, tmp.ptr, old.ptr)) < 0)
		goto out;
	/* --reclone clones afresh too; the old mirror is replaced only on success */
	if (opts->reclone || !path_exists(res->path)) {
		res->cloned = 1;
		if ((rc = clone_into(&repo, &remote, tmp.ptr, src, url, opts)) < 0)
			goto out;
	} else {
		if ((rc = open_existing(&repo, res->path)) < 0 ||
		    (rc = update_existing(res, repo, src, url, opts, &before, &nbefore,
		                          &unchanged)) < 0)
			goto out;
	}
	if ((rc = point_head(repo, src->branch)) < 0)
		goto out;
	if (unchanged)
		memcpy(res->new_head, res->old_head, sizeof(res->new_head));
	else
		branch_head(repo, src->branch, res->new_head);
	if (!*res->new_head) {
		char *shown = url_for_messages(url);
		rc = pw_error_set(PW_ERROR, "%s: upstream has no branch '%s'",
		                  shown ? shown : "upstream", src->branch);
		free(shown);
		goto out;
	}
	if (unchanged)
		goto out; /* no new commits, no branch added or removed */
	if ((rc = record_changes(res, repo, before, nbefore)) < 0)
		goto out;
	if (res->cloned) {
		git_remote_free(remote);
		remote = NULL;
		git_repository_free(repo);
		repo = NULL;
		rc = replace_mirror(res, tmp.ptr, old.ptr);
	}
out:
	git_remote_free(remote);
	git_repository_free(repo);
	if (rc < 0 && pw_preconnect_timed_out())
		rc = timeout_error(url);
	if (rc < 0 && res->cloned)
		remove_tree(tmp.ptr);
	free_list(before, nbefore);
	pw_buf_clear(&tmp);
	pw_buf_clear(&old);
	return rc;
}

int pw_mirror_source(pw_mirror_result *res, const char *cache_dir, const pw_source *src,
                     const char *url, const pw_mirror_opts *opts)
{
	static const pw_mirror_opts defaults = PW_MIRROR_OPTS_INIT;
	int rc;

	memset(res, 0, sizeof(*res));
	res->source_id = src->id;
	res->branch = src->branch;
	if (!opts)
		opts = &defaults;
	if (!(res->path = malloc(strlen(cache_dir) + strlen(src->id) + 6))) {
		rc = pw_error_oom();
	} else {
		sprintf(res->path, "%s/%s.git", cache_dir, src->id);
		rc = mirror_into(res, cache_dir, src, url, opts);
		if (rc < 0)
			pw_error_prefix(rc, "%s", src->id);
	}
	res->status = rc;
	if (rc < 0 && !(res->error = strdup(pw_error_last())))
		res->status = PW_ENOMEM;
	return rc;
}

/* --- all sources ------------------------------------------------------------ */

typedef struct {
	pw_mirror_result *res;
	const char *cache_dir;
	const pw_source *src;
	const char *url;
	const pw_mirror_opts *opts;
} job;

static void *run_job(void *arg)
{
	job *j = arg;
	pw_mirror_source(j->res, j->cache_dir, j->src, j->url, j->opts);
	return NULL;
}

static int needs_tls(char *const *urls, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strncmp(urls[i], "https://", 8) == 0)
			return 1;
	return 0;
}

int pw_mirror_all(pw_mirror_result *results, const char *cache_dir, const pw_source *const *srcs,
                  char *const *urls, size_t n, const pw_mirror_opts *opts)
{
	static const pw_mirror_opts defaults = PW_MIRROR_OPTS_INIT;
	pthread_t *threads = NULL;
	job *jobs = NULL;
	size_t i, failed = 0;
	int *started = NULL, rc;

	if (!opts)
		opts = &defaults;
	memset(results, 0, n * sizeof(*results));
	if ((rc = pw_dir_create(cache_dir)) < 0)
		return rc;
	/* loading CA certificates costs time: only when https is used */
	if ((opts->ca_file || needs_tls(urls, n)) && (rc = pw_tls_setup(opts->ca_file)) < 0)
		return rc;
	/* every connection bounded, also when nothing was opened early */
	pw_preconnect_set_timeout(opts->timeout);
	if ((rc = pw_preconnect_install()) < 0)
		return rc;
	jobs = calloc(n ? n : 1, sizeof(*jobs));
	threads = calloc(n ? n : 1, sizeof(*threads));
	started = calloc(n ? n : 1, sizeof(*started));
	if (!jobs || !threads || !started) {
		free(jobs);
		free(threads);
		free(started);
		return pw_error_oom();
	}
	for (i = 0; i < n; i++) {
		jobs[i] = (job){&results[i], cache_dir, srcs[i], urls[i], opts};
		/* concurrently: the sources are independent repositories */
		if (!opts->serial && n > 1 &&
		    pthread_create(&threads[i], NULL, run_job, &jobs[i]) == 0)
			started[i] = 1;
		else
			run_job(&jobs[i]);
	}
	for (i = 0; i < n; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		if (results[i].status < 0)
			failed++;
	}
	free(jobs);
	free(threads);
	free(started);
	if (failed)
		return pw_error_set(PW_ERROR, "%zu of %zu sources failed", failed, n);
	return 0;
}

void pw_mirror_result_clear(pw_mirror_result *res)
{
	if (!res)
		return;
	free(res->path);
	free(res->error);
	free_list(res->added, res->nadded);
	free_list(res->removed, res->nremoved);
	memset(res, 0, sizeof(*res));
}
