/* The sign-off ledger of the compliance repository: ledger/<change id>.json,
 * one file per signed-off change, each added by its own git commit (libgit2)
 * that touches nothing else: the commit is built from HEAD's tree plus that
 * one file, and only that file's index entry is updated, so whatever else is
 * staged or modified in the work tree stays out of it. */
#ifndef PW_LEDGER_H
#define PW_LEDGER_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct {
	char *change;   /* change id */
	char *decision; /* "applicable" or "not-applicable" */
	char **tsps;
	size_t ntsps;
	char *note; /* may be NULL */
	char *officer_name, *officer_email;
	char *time;          /* ISO 8601 UTC */
	char *record_digest; /* digest of the change record signed off */
	/* ids of the TSPs with a response in the entry's "responses" object
	 * (response.h); the responses themselves are read by response.c */
	char **responded;
	size_t nresponded;
	/* every other key of the parsed entry ("responses" and whatever later
	 * stages add), owned, NULL when none: pw_ledger_entry_to_json writes them
	 * back, so that parsing and writing an entry loses nothing */
	cJSON *extra;
} pw_ledger_entry;

typedef struct {
	pw_ledger_entry *items;
	size_t count;
} pw_ledger;

/* Loads every <root>/ledger/<id>.json (a missing directory is an empty ledger;
 * a malformed entry is PW_EINPUT naming the file). */
int pw_ledger_load(pw_ledger *out, const char *root);
void pw_ledger_clear(pw_ledger *l);
const pw_ledger_entry *pw_ledger_find(const pw_ledger *l, const char *change_id);

/* Parses one entry (`what` names it in messages). Keys other than the ones
 * above are allowed: later stages add to an entry; they are kept in `extra`. */
int pw_ledger_entry_parse(pw_ledger_entry *e, const char *what, const cJSON *json);
void pw_ledger_entry_clear(pw_ledger_entry *e);
cJSON *pw_ledger_entry_to_json(const pw_ledger_entry *e);

/* The entry for `change_id` in HEAD's tree of the repository holding `root`
 * (*found = 0 when there is none). */
int pw_ledger_committed(const char *root, const char *change_id, pw_ledger_entry *e, int *found);

/* The author for ledger commits: the repository's git config user.name and
 * user.email, else `fallback_name`/`fallback_email`. Caller frees both. */
int pw_ledger_author(const char *root, const char *fallback_name, const char *fallback_email,
                     char **name, char **email);

/* Writes <root>/ledger/<e->change>.json atomically and commits it on HEAD
 * with `message`; author and committer are the entry's officer. `commit`
 * gets the new commit id. */
int pw_ledger_commit(const char *root, const pw_ledger_entry *e, const char *message,
                     char commit[41]);

/* Like pw_ledger_commit, for an entry given as the whole JSON document
 * (entries carrying keys pw_ledger_entry does not hold, e.g. "responses"):
 * writes <root>/ledger/<change_id>.json atomically and commits that file
 * alone, author and committer `name` <`email`>. */
int pw_ledger_commit_json(const char *root, const char *change_id, const cJSON *json,
                          const char *name, const char *email, const char *message,
                          char commit[41]);

/* 0 when `root` is inside a git work tree the ledger can be committed to
 * (checked before anything is written); else the error. */
int pw_ledger_repo_check(const char *root);

/* The general form of pw_ledger_commit_json: writes `json` to <root>/`rel_path`
 * (relative, no "." or ".." parts; e.g. "ledger/forms/<tsp id>.json")
 * atomically, creating its directory, and commits that one file on HEAD,
 * author and committer `name` <`email`>; other staged or modified files stay
 * out of the commit. */
int pw_ledger_commit_file(const char *root, const char *rel_path, const cJSON *json,
                          const char *name, const char *email, const char *message,
                          char commit[41]);

/* One file of pw_ledger_commit_files. */
typedef struct {
	const char *rel_path; /* as for pw_ledger_commit_file */
	const cJSON *json;
	const char *message;
} pw_ledger_file;

/* Commits `n` files as `n` commits on HEAD, in order, each holding its one
 * file (as pw_ledger_commit_file does), author and committer `name`
 * <`email`>; commits[i] gets the i-th commit id. All or nothing: the commits
 * are built and the files staged (stage.h) before HEAD moves, once; then the
 * files are put in place and their index entries updated. A failure at any
 * step leaves HEAD, the work tree and the index as they were (the objects
 * already written are unreferenced): HEAD is moved back first and the files
 * undone only once it is; if HEAD cannot be moved back, the files stay, so
 * that HEAD and the work tree agree, and the error says what to run
 * (pw_ledger_commit_files_on). pw_ledger_commit_file is the case n = 1. */
int pw_ledger_commit_files(const char *root, const pw_ledger_file *files, size_t n,
                           const char *name, const char *email, char (*commits)[41]);

/* The commit HEAD is on, 40 hex digits ("" on an unborn branch): the base a
 * batch of files is prepared from (pw_ledger_read_at) and committed on
 * (pw_ledger_commit_files_on), read once before anything is prepared. */
int pw_ledger_base(const char *root, char base[41]);

/* <root>/`rel_path` as committed in `base` (pw_ledger_base), parsed: *json
 * is NULL when that commit has no such file (or `base` is ""). */
int pw_ledger_read_at(const char *root, const char *base, const char *rel_path, cJSON **json);

/* pw_ledger_commit_files on `base` (pw_ledger_base; NULL: HEAD when called):
 * the first commit's parent is `base`, and HEAD moves only if it is still
 * there, so a commit made since the files were prepared from `base` fails
 * the batch (nothing recorded, "changed meanwhile") instead of being
 * overwritten by files prepared without it.
 * *kept (may be NULL) is set to 1 in the one case a failure cannot be
 * undone: a step after HEAD moved failed and HEAD could not be moved back.
 * HEAD then holds the commits (commits[] is set) and the files are left as
 * they are; the error says so and what to run (git add, or git checkout when
 * the files could not be written). Otherwise *kept is 0. */
int pw_ledger_commit_files_on(const char *root, const char *base, const pw_ledger_file *files,
                              size_t n, const char *name, const char *email, char (*commits)[41],
                              int *kept);

/* For tests: called once HEAD has moved, before the files are put in place,
 * with pw_ledger_after_move_arg (NULL: none), to make the later steps fail. */
extern void (*pw_ledger_after_move_hook)(void *arg);
extern void *pw_ledger_after_move_arg;

#endif
