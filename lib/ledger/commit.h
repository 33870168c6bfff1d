/* Commits to the compliance repository: files written atomically and
 * committed on HEAD, one commit per file, landing together or not at all.
 *
 * Each commit is built from its parent's tree plus its one file, and only
 * that file's index entry is updated, so whatever else is staged or modified
 * in the work tree stays out of it. The ledger (ledger.h), the issuance
 * records and the TSP responses are all committed through pw_commit_files.
 * Every commit is signed when the repository's git configuration or
 * pkiwatch.json asks for it, by the program git would run (sign.h); a
 * signature that cannot be made fails the batch with nothing recorded. */
#ifndef PW_COMMIT_H
#define PW_COMMIT_H

#include <signal.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* One file of a batch: one commit. */
typedef struct {
	/* inside the compliance repository: relative, no "." or ".." part
	 * (e.g. "ledger/forms/<tsp id>.json"); its directory is created */
	const char *path;
	const cJSON *json;   /* the content: cJSON_Print's text and a newline */
	const char *message; /* this file's commit message */
} pw_commit_file;

typedef struct {
	/* author and committer of every commit (required) */
	const char *author_name;
	const char *author_email;
	/* the commit the files were prepared from (pw_commit_base): the first
	 * commit's parent, and HEAD moves only if it is still there, so that a
	 * commit made since fails the batch ("changed meanwhile", nothing
	 * recorded) instead of being overwritten by files prepared without it.
	 * NULL: HEAD as it is when pw_commit_files is called. */
	const char *base;
	/* Optional: set (by a signal handler) to stop. Seen before the files
	 * are put in place (after the commits are built and signed, which may
	 * take long): PW_ECANCEL, nothing recorded, nothing left behind. Once
	 * the files move the batch completes (milliseconds): a recorded batch
	 * is never half-way. */
	volatile sig_atomic_t *cancel;
} pw_commit_opts;

#define PW_COMMIT_OPTS_INIT                                                                        \
	{                                                                                          \
		.author_name = NULL                                                                \
	}

/* Commits `n` files as `n` commits on HEAD (or opts->base), in order, each
 * holding its one file; ids[i] gets the i-th commit id.
 *
 * All or nothing: the files are staged (util/stage.h) and the commits built
 * first; then the files are put in place, their index entries written, and
 * HEAD moved, once, last. A failure at any step leaves HEAD, the work tree and
 * the index as they were (the objects already written are unreferenced): the
 * index entries are put back first and the files undone only once they are;
 * when the index cannot be put back the error says what to run. That order is
 * also what a kill leaves consistent: killed before HEAD moved, nothing is
 * recorded (a plain `git commit` can at most commit the files from the index);
 * killed after, everything is. HEAD never holds an entry the index lacks, so
 * no later `git commit` undoes a recorded one. A lock on the index or the
 * branch is reported, with its age when it is older than ten minutes (left by
 * a git process that died). `kept` is 0 (kept for callers: HEAD never holds
 * commits of a failed batch). n = 0 commits nothing and succeeds. */
int pw_commit_files(char (*ids)[41], int *kept, const char *root, const pw_commit_file *files,
                    size_t n, const pw_commit_opts *opts);

/* The commit HEAD is on, 40 hex digits ("" on an unborn branch): the base a
 * batch of files is prepared from (pw_commit_read_at) and committed on
 * (pw_commit_opts.base), read once before anything is prepared. */
int pw_commit_base(char base[41], const char *root);

/* <root>/`path` as committed in `base` (pw_commit_base), parsed: *json is
 * NULL when that commit has no such file (or `base` is ""). */
int pw_commit_read_at(cJSON **json, const char *root, const char *base, const char *path);

/* <root>/`path` as committed in HEAD, parsed: *json is NULL when HEAD has no
 * such file or the branch is unborn. *where (may be NULL; caller frees) gets
 * the file's path inside the work tree, which the messages name. */
int pw_commit_read_head(cJSON **json, char **where, const char *root, const char *path);

/* 0 when `root` is inside a git work tree the ledger can be committed to
 * (checked before anything is written); else the error. */
int pw_commit_check(const char *root);

#endif
