/* A set of files written together or not at all.
 *
 * Each file's content is first written (or rendered by another program) into
 * a staging directory, <base>/.pkiwatch-stage-XXXXXX; pw_stage_apply then
 * moves every staged file to its target, a path under <base>, in two steps:
 * first beside the target under a hidden name (.pkiwatch-<set>-<n>-<name>;
 * a copy when the target's directory is on another file system, e.g. a
 * symbolic link to one), then each renamed into place. A failure while
 * staging leaves the targets untouched; a failure while applying puts back
 * every target already replaced (a replaced file is kept beside it as a hard
 * link, or a copy, until the set is closed), removes the hidden copies and
 * the directories the set created. After a successful
 * apply, pw_stage_undo still restores the previous state, for a step that
 * comes after the files (a ledger commit) and fails. */
#ifndef PW_STAGE_H
#define PW_STAGE_H

#include <stddef.h>

typedef struct {
	char *target; /* final path */
	char *temp;   /* staged content */
	char *backup; /* the target's previous content while applied, or NULL */
	char *near;   /* the staged content beside the target, before its rename */
	int placed;   /* 1 once moved to target */
	int keep;     /* 0: scratch, never moved (pw_stage_scratch) */
} pw_stage_file;

typedef struct {
	char *base, *dir; /* dir: the staging directory inside base */
	char **made;      /* directories this set created, in creation order */
	size_t nmade;
	pw_stage_file *files;
	size_t count;
	int applied;
	int lock_fd, locked; /* the staging directory's .gitignore, locked while open */
} pw_stage;

/* Creates `base` when missing (remembered, so that a failed set removes it)
 * and a staging directory in it, whose first file is a .gitignore of "*"
 * (what an interrupted run leaves is never committed by `git add`), locked
 * while the set is open. Staging directories in `base` left by earlier runs
 * (not locked, unchanged for a minute) are removed, with the hidden files
 * (.pkiwatch-<set>-<n>-<name>[.bak]) such a run left beside its targets: the
 * staging directory lists the target directories before apply makes any.
 * A live set's files (its lock is held) are never touched, nor any file
 * outside `base` or not named after a stale set. */
int pw_stage_open(pw_stage *st, const char *base);

/* Stages `len` bytes for `target` (written and fsync'ed now); *temp (when
 * `temp` is not NULL) gets the staged file's path, owned by the set. */
int pw_stage_write(const char **temp, pw_stage *st, const char *target, const void *data,
                   size_t len);

/* A path in the staging directory for `target`, for a program that writes the
 * file itself (*temp is owned by the set); the file must exist when applied. */
int pw_stage_reserve(const char **temp, pw_stage *st, const char *target);

/* Stages `len` bytes as a scratch file named after `name` that is never moved
 * (e.g. the HTML a PDF is printed from when only the PDF is wanted). */
int pw_stage_scratch(const char **temp, pw_stage *st, const char *name, const void *data,
                     size_t len);

/* Moves every staged file to its target, creating the target directories.
 * All or nothing: on failure every target is as it was. */
int pw_stage_apply(pw_stage *st);

/* After pw_stage_apply: puts the previous targets back (best effort). */
void pw_stage_undo(pw_stage *st);

/* Removes the staging directory (temporary files, kept backups) and, unless
 * the set was applied, the directories it created; frees the set and leaves
 * it zeroed. Accepts a zeroed set. */
void pw_stage_clear(pw_stage *st);

#endif
