#include "ledger/verify.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/run.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOB_MAX (4u << 20)

/* Who may sign, as a commit's tree says. */
typedef struct {
	char *allowed; /* the allowed-signers file, NULL when there is none */
	size_t allowed_len;
	char *allowed_path; /* its path in the repository */
	char **fprs;        /* OpenPGP fingerprints, upper-case, no spaces */
	size_t nfprs;
} trust;

/* What the walk knows of each file under ledger/. */
typedef struct {
	char *path;
	char last[41];  /* the commit that last wrote it */
	char added[41]; /* the commit that last added it */
	int present;    /* in the tree of the last commit walked */
} file_state;

/* The signature check of one commit. */
typedef struct {
	char id[41];
	int ok;
	char *text;
} commit_status;

typedef struct {
	git_repository *repo;
	const char *prefix; /* the compliance repository inside the work tree: "" or "dir/" */
	pw_verify_report *rep;
	file_state *files;
	size_t nfiles;
	commit_status *status;
	size_t nstatus;
	char good[320];     /* what the last good signature was */
	char tmp[PATH_MAX]; /* a private temporary directory for the signature programs */
} walk;

static void trust_clear(trust *t)
{
	size_t i;
	free(t->allowed);
	free(t->allowed_path);
	for (i = 0; i < t->nfprs; i++)
		free(t->fprs[i]);
	free(t->fprs);
	memset(t, 0, sizeof(*t));
}

static int add_problem(walk *w, const git_oid *commit, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int add_problem(walk *w, const git_oid *commit, const char *file, const char *fmt, ...)
{
	pw_verify_report *r = w->rep;
	pw_verify_problem *p;
	pw_buf b = PW_BUF_INIT;
	va_list ap;
	int rc;

	if (!(p = realloc(r->items, (r->count + 1) * sizeof(*p))))
		return pw_error_oom();
	r->items = p;
	p = &r->items[r->count];
	memset(p, 0, sizeof(*p));
	git_oid_tostr(p->commit, sizeof(p->commit), commit);
	va_start(ap, fmt);
	rc = pw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (rc < 0 || !(p->problem = pw_buf_detach(&b)) || (file && !(p->file = strdup(file)))) {
		free(p->problem);
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	/* the message is one line whatever a program or a commit said */
	for (char *c = p->problem; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	r->count++;
	return 0;
}

void pw_verify_report_clear(pw_verify_report *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->count; i++) {
		free(r->items[i].file);
		free(r->items[i].problem);
	}
	free(r->items);
	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].signature);
	}
	free(r->files);
	memset(r, 0, sizeof(*r));
}

/* The blob at `path` in `tree` (NULL tree or no such file: *out NULL). */
static int blob_at(git_repository *repo, git_tree *tree, const char *path, char **out, size_t *len)
{
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	size_t n;

	*out = NULL;
	*len = 0;
	if (!tree)
		return 0;
	if (git_tree_entry_bypath(&te, tree, path) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(te);
		return 0;
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0) {
		git_tree_entry_free(te);
		return pw_error_from_git(PW_ERROR, path);
	}
	n = (size_t)git_blob_rawsize(blob);
	if (n > BLOB_MAX)
		n = BLOB_MAX;
	if ((*out = malloc(n + 1))) {
		memcpy(*out, git_blob_rawcontent(blob), n);
		(*out)[n] = '\0';
		*len = n;
	}
	git_blob_free(blob);
	git_tree_entry_free(te);
	return *out ? 0 : pw_error_oom();
}

static int add_fpr(trust *t, const char *s)
{
	char fpr[41], **p;
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (n == 40 || !isxdigit((unsigned char)*s))
			return 0; /* not a fingerprint: pkiwatch.json's loader says so */
		fpr[n++] = (char)toupper((unsigned char)*s);
	}
	if (n != 40)
		return 0;
	fpr[n] = '\0';
	if (!(p = realloc(t->fprs, (t->nfprs + 1) * sizeof(*p))))
		return pw_error_oom();
	t->fprs = p;
	if (!(p[t->nfprs] = strdup(fpr)))
		return pw_error_oom();
	t->nfprs++;
	return 0;
}

/* The trust of commit `c` (NULL: none, as before the first commit). */
static int trust_at(walk *w, git_commit *c, trust *t)
{
	git_tree *tree = NULL;
	char *json_text = NULL;
	size_t len;
	cJSON *cfg = NULL;
	const cJSON *sg, *al, *officers, *o, *f;
	pw_buf path = PW_BUF_INIT;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (c && git_commit_tree(&tree, c) < 0)
		return pw_error_from_git(PW_ERROR, "commit tree");
	if (pw_buf_printf(&path, "%spkiwatch.json", w->prefix) < 0)
		rc = pw_error_oom();
	if (rc == 0)
		rc = blob_at(w->repo, tree, path.ptr, &json_text, &len);
	if (rc == 0 && json_text)
		cfg = cJSON_ParseWithLength(json_text, len);
	sg = cJSON_GetObjectItemCaseSensitive(cfg, "signing");
	al = cJSON_GetObjectItemCaseSensitive(sg, "allowed_signers");
	pw_buf_reset(&path);
	if (rc == 0 && pw_buf_printf(&path, "%s%s", w->prefix,
	                             cJSON_IsString(al) ? al->valuestring : "allowed_signers") < 0)
		rc = pw_error_oom();
	if (rc == 0 && !(t->allowed_path = pw_buf_detach(&path)))
		rc = pw_error_oom();
	if (rc == 0)
		rc = blob_at(w->repo, tree, t->allowed_path, &t->allowed, &t->allowed_len);
	officers = cJSON_GetObjectItemCaseSensitive(cfg, "officers");
	cJSON_ArrayForEach(o, officers)
	{
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(o, "openpgp"))
		{
			if (rc == 0 && cJSON_IsString(f))
				rc = add_fpr(t, f->valuestring);
		}
	}
	cJSON_Delete(cfg);
	free(json_text);
	pw_buf_clear(&path);
	git_tree_free(tree);
	if (rc < 0)
		trust_clear(t);
	return rc;
}

static int has_fpr(const trust *t, const char *fpr)
{
	size_t i;
	for (i = 0; i < t->nfprs; i++)
		if (strcmp(t->fprs[i], fpr) == 0)
			return 1;
	return 0;
}

static int trust_empty(const trust *t)
{
	return !t->allowed && t->nfprs == 0;
}

static int trust_same(const trust *a, const trust *b)
{
	size_t i;
	if (!a->allowed != !b->allowed || a->nfprs != b->nfprs ||
	    (a->allowed && (a->allowed_len != b->allowed_len ||
	                    memcmp(a->allowed, b->allowed, a->allowed_len) != 0)))
		return 0;
	for (i = 0; i < a->nfprs; i++)
		if (!has_fpr(b, a->fprs[i]))
			return 0;
	return 1;
}

static int write_tmp(walk *w, const char *name, const char *data, size_t len, pw_buf *path)
{
	pw_buf_reset(path);
	if (pw_buf_printf(path, "%s/%s", w->tmp, name) < 0)
		return pw_error_oom();
	return pw_file_write_atomic(path->ptr, data, len);
}

/* An SSH signature: the key must be in the parent's allowed-signers file. */
static int check_ssh(walk *w, const git_oid *id, const char *file, const char *sig,
                     const char *data, size_t len, const trust *t, const char *parent)
{
	pw_buf sigf = PW_BUF_INIT, allowf = PW_BUF_INIT;
	pw_run_result r;
	char principal[256], why[300];
	int rc;

	memset(&r, 0, sizeof(r));
	if (!t->allowed) {
		rc = add_problem(w, id, file,
		                 "signed with an SSH key, but %s has no allowed-signers file %s: "
		                 "no key was allowed",
		                 parent, t->allowed_path);
		goto out;
	}
	if ((rc = write_tmp(w, "sig", sig, strlen(sig), &sigf)) < 0 ||
	    (rc = write_tmp(w, "allowed", t->allowed, t->allowed_len, &allowf)) < 0)
		goto out;
	{
		const char *argv[] = {"ssh-keygen", "-Y", "find-principals", "-f",
		                      allowf.ptr,   "-s", sigf.ptr,          NULL};
		if ((rc = pw_run(&r, argv, NULL, 0)) < 0)
			goto out;
	}
	if (r.status != 0) {
		rc = add_problem(w, id, file, "signed by an SSH key that %s at %s does not allow",
		                 t->allowed_path, parent);
		goto out;
	}
	pw_run_last_line(principal, sizeof(principal), r.out, NULL);
	/* the first principal found: enough to verify against */
	principal[strcspn(principal, " ,")] = '\0';
	pw_run_result_clear(&r);
	{
		const char *argv[] = {"ssh-keygen", "-Y", "verify", "-f", allowf.ptr, "-I",
		                      principal,    "-n", "git",    "-s", sigf.ptr,   NULL};
		if ((rc = pw_run(&r, argv, data, len)) < 0)
			goto out;
	}
	if (r.status != 0) {
		pw_run_last_line(why, sizeof(why), *r.err ? r.err : r.out, NULL);
		rc = add_problem(w, id, file, "bad SSH signature: %s", why);
		goto out;
	}
	snprintf(w->good, sizeof(w->good), "good SSH signature by %s", principal);
	w->rep->signed_ok++;
out:
	pw_run_result_clear(&r);
	pw_buf_clear(&sigf);
	pw_buf_clear(&allowf);
	return rc;
}

/* An OpenPGP signature: gpg must find it good, by a fingerprint an officer
 * of the parent's pkiwatch.json lists (the key's or its primary key's). */
static int check_openpgp(walk *w, const git_oid *id, const char *file, const char *sig,
                         const char *data, size_t len, const trust *t, const char *parent)
{
	pw_buf sigf = PW_BUF_INIT;
	pw_run_result r;
	char why[300], fpr[41] = "", primary[41] = "";
	const char *v;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = write_tmp(w, "sig.asc", sig, strlen(sig), &sigf)) < 0)
		goto out;
	{
		const char *argv[] = {"gpg", "--batch", "--status-fd=1", "--verify", sigf.ptr,
		                      "-",   NULL};
		if ((rc = pw_run(&r, argv, data, len)) < 0)
			goto out;
	}
	v = strstr(r.out, "[GNUPG:] VALIDSIG ");
	if (r.status != 0 || !v || !strstr(r.out, "[GNUPG:] GOODSIG ")) {
		pw_run_last_line(why, sizeof(why), r.err, NULL);
		rc = add_problem(w, id, file, "OpenPGP signature not verified: %s",
		                 *why ? why : "gpg found no good signature");
		goto out;
	}
	{
		/* VALIDSIG <fpr> <date> <ts> <expire> <ver> <res> <pk> <hash> <class> <primary> */
		const char *p = v + strlen("[GNUPG:] VALIDSIG ");
		int field = 0;
		while (*p && *p != '\n') {
			size_t n = strcspn(p, " \n");
			if (field == 0 && n == 40)
				memcpy(fpr, p, 40), fpr[40] = '\0';
			if (field == 9 && n == 40)
				memcpy(primary, p, 40), primary[40] = '\0';
			field++;
			p += n;
			while (*p == ' ')
				p++;
		}
	}
	if (!(*fpr && has_fpr(t, fpr)) && !(*primary && has_fpr(t, primary))) {
		rc =
		    add_problem(w, id, file,
		                "signed by OpenPGP key %s, which no officer of pkiwatch.json at %s "
		                "lists",
		                *primary ? primary : fpr, parent);
		goto out;
	}
	w->rep->signed_ok++;
out:
	pw_run_result_clear(&r);
	pw_buf_clear(&sigf);
	return rc;
}

static int check_signature(walk *w, git_commit *c, const char *file, const trust *t)
{
	const git_oid *id = git_commit_id(c);
	git_buf sig = {NULL, 0, 0}, data = {NULL, 0, 0};
	char parent[64];
	int e, rc = 0;

	if (git_commit_parentcount(c) > 0)
		snprintf(parent, sizeof(parent), "its parent %.12s",
		         git_oid_tostr_s(git_commit_parent_id(c, 0)));
	else
		snprintf(parent, sizeof(parent), "the empty history before it");
	e = git_commit_extract_signature(&sig, &data, w->repo, (git_oid *)id, NULL);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return add_problem(w, id, file, "ledger commit not signed");
	}
	if (e < 0)
		return pw_error_from_git(PW_ERROR, "commit signature");
	if (trust_empty(t))
		rc = add_problem(w, id, file,
		                 "signed, but %s allows no key (no allowed-signers file %s, no "
		                 "officer's OpenPGP fingerprint in pkiwatch.json)",
		                 parent, t->allowed_path);
	else if (strncmp(sig.ptr, "-----BEGIN SSH SIGNATURE-----", 29) == 0)
		rc = check_ssh(w, id, file, sig.ptr, data.ptr, data.size, t, parent);
	else if (strncmp(sig.ptr, "-----BEGIN PGP SIGNATURE-----", 29) == 0)
		rc = check_openpgp(w, id, file, sig.ptr, data.ptr, data.size, t, parent);
	else
		rc = add_problem(w, id, file,
		                 "signature of a kind pkiwatch verify does not check (x509?): only "
		                 "OpenPGP and SSH signatures are verified");
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return rc;
}

static file_state *file_find(walk *w, const char *path)
{
	size_t i;
	for (i = 0; i < w->nfiles; i++)
		if (strcmp(w->files[i].path, path) == 0)
			return &w->files[i];
	return NULL;
}

static int file_touch(walk *w, const char *path, const git_oid *id)
{
	file_state *f = file_find(w, path), *p;
	if (!f) {
		if (!(p = realloc(w->files, (w->nfiles + 1) * sizeof(*p))))
			return pw_error_oom();
		w->files = p;
		f = &p[w->nfiles];
		if (!(f->path = strdup(path)))
			return pw_error_oom();
		w->nfiles++;
	}
	git_oid_tostr(f->last, sizeof(f->last), id);
	return 0;
}

/* Whether `c` is a git revert of the commit that last wrote `path`. */
static int reverts_last(walk *w, git_commit *c, const char *path)
{
	const file_state *f = file_find(w, path);
	const char *msg = git_commit_message(c);
	char want[64];
	if (!f || !msg)
		return 0;
	snprintf(want, sizeof(want), "This reverts commit %s", f->last);
	return strstr(msg, want) != NULL;
}

/* Whether everything of `o` is still in `n`: object keys kept, lists only
 * grown (their old items unchanged); other values may change. *where gets
 * the JSON path of the first thing lost. */
static int keeps(const cJSON *o, const cJSON *n, pw_buf *where)
{
	const cJSON *x;
	size_t at = where->len;
	int i = 0;

	if (cJSON_IsObject(o)) {
		if (!cJSON_IsObject(n))
			return 0;
		cJSON_ArrayForEach(x, o)
		{
			const cJSON *y = cJSON_GetObjectItemCaseSensitive(n, x->string);
			if (pw_buf_printf(where, ".%s", x->string) < 0)
				return 0;
			if (!y || !keeps(x, y, where))
				return 0;
			where->len = at;
			where->ptr[at] = '\0';
		}
		return 1;
	}
	if (cJSON_IsArray(o)) {
		if (!cJSON_IsArray(n) || cJSON_GetArraySize(n) < cJSON_GetArraySize(o))
			return 0;
		cJSON_ArrayForEach(x, o)
		{
			if (!cJSON_Compare(x, cJSON_GetArrayItem(n, i), 1)) {
				pw_buf_printf(where, "[%d]", i);
				return 0;
			}
			i++;
		}
		return 1;
	}
	return 1;
}

/* A decision entry is ledger/<change id>.json, directly in ledger/. */
static int is_decision(const walk *w, const char *path)
{
	size_t pl = strlen(w->prefix);
	const char *rest = path + pl + strlen("ledger/");
	size_t n = strlen(rest);
	return !strchr(rest, '/') && n > 5 && strcmp(rest + n - 5, ".json") == 0;
}

static int check_modified(walk *w, git_commit *c, const char *path, const git_diff_delta *d)
{
	static const char *const decision_keys[] = {"change",        "decision", "tsps",
	                                            "note",          "officer",  "time",
	                                            "record_digest", "tsp_note", NULL};
	const git_oid *id = git_commit_id(c);
	git_blob *ob = NULL, *nb = NULL;
	cJSON *o = NULL, *n = NULL;
	pw_buf where = PW_BUF_INIT;
	size_t i;
	int rc = 0;

	if (git_blob_lookup(&ob, w->repo, &d->old_file.id) < 0 ||
	    git_blob_lookup(&nb, w->repo, &d->new_file.id) < 0) {
		rc = pw_error_from_git(PW_ERROR, path);
		goto out;
	}
	o = cJSON_ParseWithLength(git_blob_rawcontent(ob), (size_t)git_blob_rawsize(ob));
	n = cJSON_ParseWithLength(git_blob_rawcontent(nb), (size_t)git_blob_rawsize(nb));
	if (!o || !n) {
		rc = add_problem(w, id, path, "ledger entry %s not JSON", !n ? "is" : "was");
		goto out;
	}
	if (is_decision(w, path))
		for (i = 0; decision_keys[i]; i++) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, decision_keys[i]);
			const cJSON *b = cJSON_GetObjectItemCaseSensitive(n, decision_keys[i]);
			if ((a || b) && !(a && b && cJSON_Compare(a, b, 1))) {
				rc = add_problem(
				    w, id, path,
				    "recorded decision rewritten ($.%s changed); only a git "
				    "revert of the commit that recorded it may change it",
				    decision_keys[i]);
				goto out;
			}
		}
	if (pw_buf_puts(&where, "$") < 0) {
		rc = pw_error_oom();
		goto out;
	}
	if (!keeps(o, n, &where))
		rc = add_problem(w, id, path,
		                 "ledger entry rewritten: %s was recorded and is gone or changed "
		                 "(the ledger is append-only)",
		                 where.ptr ? where.ptr : "$");
out:
	pw_buf_clear(&where);
	cJSON_Delete(o);
	cJSON_Delete(n);
	git_blob_free(ob);
	git_blob_free(nb);
	return rc;
}

/* The changes of files under the ledger from tree `pt` (NULL: none) to `ct`. */
static int ledger_diff(git_diff **out, walk *w, git_tree *pt, git_tree *ct)
{
	git_diff_options opts;
	pw_buf spec = PW_BUF_INIT;
	char *specs[1];
	int rc = 0;

	*out = NULL;
	if (pw_buf_printf(&spec, "%sledger/", w->prefix) < 0)
		return pw_error_oom();
	specs[0] = spec.ptr;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.pathspec.strings = specs;
	opts.pathspec.count = 1;
	if (git_diff_tree_to_tree(out, w->repo, pt, ct, &opts) < 0)
		rc = pw_error_from_git(PW_ERROR, "diff");
	pw_buf_clear(&spec);
	return rc;
}

/* The signature of ledger commit `c` checked, its status line recorded. */
static int record_status(walk *w, git_commit *c, const char *first_file, const trust *before)
{
	size_t before_count = w->rep->count;
	commit_status *cs;
	int rc;

	w->good[0] = '\0';
	if ((rc = check_signature(w, c, first_file, before)) < 0)
		return rc;
	if (!(cs = realloc(w->status, (w->nstatus + 1) * sizeof(*cs))))
		return pw_error_oom();
	w->status = cs;
	cs = &cs[w->nstatus];
	git_oid_tostr(cs->id, sizeof(cs->id), git_commit_id(c));
	cs->ok = w->rep->count == before_count;
	if (!(cs->text = strdup(cs->ok ? w->good : w->rep->items[before_count].problem)))
		return pw_error_oom();
	w->nstatus++;
	return 0;
}

/* One changed ledger file of commit `c`: deleted or rewritten only by a revert. */
static int check_delta(walk *w, git_commit *c, const git_diff_delta *d)
{
	const git_oid *id = git_commit_id(c);
	file_state *f;
	int rc = 0;

	switch (d->status) {
	case GIT_DELTA_DELETED:
		if (!reverts_last(w, c, d->old_file.path))
			rc = add_problem(w, id, d->old_file.path,
			                 "ledger entry deleted (the ledger is append-only; only a "
			                 "git revert of the commit that last wrote it may remove "
			                 "it)");
		return rc;
	case GIT_DELTA_MODIFIED:
		if (!reverts_last(w, c, d->new_file.path))
			rc = check_modified(w, c, d->new_file.path, d);
		break;
	default:
		break;
	}
	if (rc == 0 && (rc = file_touch(w, d->new_file.path, id)) == 0) {
		f = file_find(w, d->new_file.path);
		if (d->status == GIT_DELTA_ADDED || !f->present)
			memcpy(f->added, f->last, sizeof(f->added));
		f->present = 1;
	}
	return rc;
}

/* One commit against its first parent. */
static int check_commit(walk *w, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *pt = NULL, *ct = NULL;
	git_diff *diff = NULL;
	trust before, after;
	const char *first_file = NULL;
	size_t i, nd;
	int rc = 0, changes_trust;

	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) < 0)
		return pw_error_from_git(PW_ERROR, "commit parent");
	if ((parent && git_commit_tree(&pt, parent) < 0) || git_commit_tree(&ct, c) < 0) {
		rc = pw_error_from_git(PW_ERROR, "commit tree");
		goto out;
	}
	if ((rc = ledger_diff(&diff, w, pt, ct)) < 0)
		goto out;
	nd = git_diff_num_deltas(diff);
	if ((rc = trust_at(w, parent, &before)) < 0 || (rc = trust_at(w, c, &after)) < 0)
		goto out;
	changes_trust = !trust_empty(&before) && !trust_same(&before, &after);
	if (nd > 0)
		first_file = git_diff_get_delta(diff, 0)->new_file.path;
	else if (changes_trust)
		first_file =
		    before.allowed && (!after.allowed || after.allowed_len != before.allowed_len ||
		                       memcmp(after.allowed, before.allowed, before.allowed_len))
		        ? before.allowed_path
		        : "pkiwatch.json";
	if (nd == 0 && !changes_trust)
		goto out;
	w->rep->commits++;
	if ((rc = record_status(w, c, first_file, &before)) < 0)
		goto out;
	for (i = 0; i < nd && rc == 0; i++)
		rc = check_delta(w, c, git_diff_get_delta(diff, i));
out:
	trust_clear(&before);
	trust_clear(&after);
	git_diff_free(diff);
	git_tree_free(pt);
	git_tree_free(ct);
	git_commit_free(parent);
	return rc;
}

typedef struct {
	walk *w;
	const pw_verify_opts *o;
	const git_oid *head;
	int rc;
} head_walk;

/* Counts HEAD's ledger files; a sign-off must name a change the mirrors know. */
static int head_entry(const char *root, const git_tree_entry *e, void *payload)
{
	head_walk *h = payload;
	const char *name = git_tree_entry_name(e);
	size_t n = strlen(name);
	pw_buf path = PW_BUF_INIT;
	const file_state *f;
	char id[256];
	git_oid oid;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	h->w->rep->entries++;
	if (*root || n <= 5 || strcmp(name + n - 5, ".json") != 0)
		return 0;
	h->w->rep->signoffs++;
	if (!h->o || !h->o->known)
		return 0;
	snprintf(id, sizeof(id), "%.*s", (int)(n - 5), name);
	if (h->o->known(id, h->o->known_arg))
		return 0;
	if (pw_buf_printf(&path, "%sledger/%s", h->w->prefix, name) < 0) {
		h->rc = pw_error_oom();
		return -1;
	}
	f = file_find(h->w, path.ptr);
	if (f)
		git_oid_fromstr(&oid, f->last);
	else
		git_oid_cpy(&oid, h->head);
	h->rc =
	    add_problem(h->w, &oid, path.ptr, "signs off %s, a change the mirrors do not know", id);
	pw_buf_clear(&path);
	return h->rc < 0 ? -1 : 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const pw_verify_file *)a)->path, ((const pw_verify_file *)b)->path);
}

/* HEAD's ledger files with the signature of the commit that added each. */
static int report_files(walk *w)
{
	pw_verify_report *r = w->rep;
	size_t i, j;
	if (!w->nfiles)
		return 0;
	if (!(r->files = calloc(w->nfiles, sizeof(*r->files))))
		return pw_error_oom();
	for (i = 0; i < w->nfiles; i++) {
		const file_state *f = &w->files[i];
		pw_verify_file *v;
		if (!f->present)
			continue;
		v = &r->files[r->nfiles];
		memcpy(v->added, f->added, sizeof(v->added));
		if (!(v->path = strdup(f->path)))
			return pw_error_oom();
		r->nfiles++;
		for (j = 0; j < w->nstatus; j++)
			if (strcmp(w->status[j].id, f->added) == 0) {
				v->signed_ok = w->status[j].ok;
				if (!(v->signature = strdup(w->status[j].text)))
					return pw_error_oom();
			}
		if (!v->signature && !(v->signature = strdup("not checked")))
			return pw_error_oom();
	}
	qsort(r->files, r->nfiles, sizeof(*r->files), by_path);
	return 0;
}

const pw_verify_file *pw_verify_report_file(const pw_verify_report *r, const char *path)
{
	size_t i;
	for (i = 0; r && i < r->nfiles; i++)
		if (strcmp(r->files[i].path, path) == 0)
			return &r->files[i];
	return NULL;
}

/* The repository holding `root`, and root's place in its work tree. */
static int open_repo(git_repository **repo, char **prefix, const char *root)
{
	char real_root[PATH_MAX], real_wd[PATH_MAX];
	const char *wd, *sub;
	size_t wl;
	pw_buf b = PW_BUF_INIT;

	*repo = NULL;
	*prefix = NULL;
	if (!realpath(root, real_root))
		return pw_error_set(PW_EINPUT,
		                    "%s: not a compliance repository (no such directory)", root);
	if (git_repository_open_ext(repo, real_root, 0, NULL) < 0) {
		git_error_clear();
		return pw_error_set(PW_EINPUT,
		                    "%s: not a compliance repository (not in a git "
		                    "repository)",
		                    root);
	}
	wd = git_repository_workdir(*repo);
	if (!wd || !realpath(wd, real_wd)) {
		git_repository_free(*repo);
		*repo = NULL;
		return pw_error_set(PW_EINPUT, "%s: the compliance repository has no work tree",
		                    root);
	}
	wl = strlen(real_wd);
	sub = real_root + wl;
	while (*sub == '/')
		sub++;
	if (pw_buf_printf(&b, "%s%s", sub, *sub ? "/" : "") < 0 || !(*prefix = pw_buf_detach(&b))) {
		git_repository_free(*repo);
		*repo = NULL;
		return pw_error_oom();
	}
	return 0;
}

/* `root` holds a compliance repository's configuration. */
static int check_root(const char *root)
{
	char *cfgpath = pw_path_join(root, "pkiwatch.json");
	int rc = 0;
	if (!cfgpath)
		return pw_error_oom();
	if (access(cfgpath, F_OK) != 0)
		rc = pw_error_set(PW_EINPUT, "%s: not a compliance repository (no pkiwatch.json)",
		                  root);
	free(cfgpath);
	return rc;
}

/* Every commit up to `head`, oldest first, through check_commit. */
static int walk_history(walk *w, const git_oid *head)
{
	git_revwalk *rw = NULL;
	git_commit *c;
	git_oid oid;
	int rc = 0, e;

	if (git_revwalk_new(&rw, w->repo) < 0 ||
	    git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(rw, head) < 0) {
		git_revwalk_free(rw);
		return pw_error_from_git(PW_ERROR, "history");
	}
	while (rc == 0 && (e = git_revwalk_next(&oid, rw)) == 0) {
		if (git_commit_lookup(&c, w->repo, &oid) < 0) {
			rc = pw_error_from_git(PW_ERROR, "commit");
			break;
		}
		rc = check_commit(w, c);
		git_commit_free(c);
	}
	if (rc == 0 && e < 0 && e != GIT_ITEROVER)
		rc = pw_error_from_git(PW_ERROR, "history");
	git_error_clear();
	git_revwalk_free(rw);
	return rc;
}

/* HEAD's ledger: the sign-offs and the changes they name. */
static int check_head_ledger(walk *w, const pw_verify_opts *o, const git_oid *head)
{
	git_commit *hc = NULL;
	git_tree *tree = NULL, *ltree = NULL;
	git_tree_entry *le = NULL;
	pw_buf lp = PW_BUF_INIT;
	int rc = 0;

	if (git_commit_lookup(&hc, w->repo, head) < 0 || git_commit_tree(&tree, hc) < 0)
		rc = pw_error_from_git(PW_ERROR, "HEAD");
	else if (pw_buf_printf(&lp, "%sledger", w->prefix) < 0)
		rc = pw_error_oom();
	else if (git_tree_entry_bypath(&le, tree, lp.ptr) == 0 &&
	         git_tree_entry_type(le) == GIT_OBJECT_TREE &&
	         git_tree_lookup(&ltree, w->repo, git_tree_entry_id(le)) == 0) {
		head_walk h = {w, o, head, 0};
		git_tree_walk(ltree, GIT_TREEWALK_PRE, head_entry, &h);
		rc = h.rc;
	}
	git_error_clear();
	pw_buf_clear(&lp);
	git_tree_free(ltree);
	git_tree_entry_free(le);
	git_tree_free(tree);
	git_commit_free(hc);
	return rc;
}

static void walk_clear(walk *w)
{
	size_t i;
	if (w->tmp[0])
		pw_tree_remove(w->tmp);
	for (i = 0; i < w->nstatus; i++)
		free(w->status[i].text);
	free(w->status);
	for (i = 0; i < w->nfiles; i++)
		free(w->files[i].path);
	free(w->files);
	git_repository_free(w->repo);
}

int pw_verify_ledger(pw_verify_report *out, const char *root, const pw_verify_opts *o)
{
	walk w;
	git_oid head;
	char *prefix = NULL;
	const char *tmp = getenv("TMPDIR");
	int rc, e;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if ((rc = check_root(root)) < 0 || (rc = open_repo(&w.repo, &prefix, root)) < 0)
		return rc;
	w.prefix = prefix;
	w.rep = out;
	snprintf(w.tmp, sizeof(w.tmp), "%s/pkiwatch-verify-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(w.tmp)) {
		w.tmp[0] = '\0';
		rc = pw_error_set(PW_ERROR, "verify: cannot make a temporary directory");
		goto out;
	}
	e = git_reference_name_to_id(&head, w.repo, "HEAD");
	if (e == GIT_ENOTFOUND || e == GIT_EUNBORNBRANCH) {
		git_error_clear();
		goto out; /* nothing committed: nothing to check */
	}
	if (e < 0) {
		rc = pw_error_from_git(PW_ERROR, "HEAD");
		goto out;
	}
	git_oid_tostr(out->head, sizeof(out->head), &head);
	if ((rc = walk_history(&w, &head)) == 0 && (rc = check_head_ledger(&w, o, &head)) == 0)
		rc = report_files(&w);
out:
	walk_clear(&w);
	free(prefix);
	if (rc < 0)
		pw_verify_report_clear(out);
	return rc;
}
