/* Whole-file reads with a size bound, and atomic writes (temp file + rename). */
#ifndef PW_FILEIO_H
#define PW_FILEIO_H

#include <stddef.h>

/* Reads `path` into a NUL-terminated buffer. Files larger than `max` bytes are
 * refused (PW_EINPUT). A missing file is PW_ENOTFOUND. */
int pw_file_read(char **out, size_t *len, const char *path, size_t max);

/* Writes `len` bytes to `path` through a temporary file in the same directory
 * that is fsync'ed and renamed over `path`: readers see the old or the new
 * content, never a half-written file. */
int pw_file_write_atomic(const char *path, const char *data, size_t len);

/* Copies `from` to the new file `to` (it must not exist), created with
 * `mode`; fsync'ed before it is closed when `sync` is set. On failure `to`
 * is removed. */
int pw_file_copy(const char *from, const char *to, unsigned mode, int sync);

/* Calls `cb` for every "<stem>.json" file directly in `dir` (names starting
 * with '.' are skipped), in directory order, with its path and its stem. A
 * missing directory has no files (returns 0). Stops at the first callback
 * that returns non-zero and returns that value. */
typedef int (*pw_dir_json_cb)(const char *path, const char *stem, void *payload);
int pw_dir_each_json(const char *dir, pw_dir_json_cb cb, void *payload);

/* rm -rf `path` without following symbolic links. Removes all it can; returns
 * 0 when nothing of it is left (or there was nothing), else -1 with errno from
 * the first failure. Records no error message: cleanup after a failure must
 * keep that failure's message (callers that report set their own). */
int pw_tree_remove(const char *path);

/* mkdir -p; existing directories are fine. */
int pw_dir_create(const char *path);

/* Checks of output paths named by the user, before any work (PW_EINPUT with
 * a one-line message naming the path, nothing created):
 * pw_path_check_dir: `path` is a directory that can be written to, or can be
 * made one (mkdir -p: the nearest part of it that exists is a writable
 * directory); pw_path_check_file: `path` is not a directory, and its
 * directory exists and takes a new file (atomic writes put a temporary file
 * beside it). */
int pw_path_check_dir(const char *path);
int pw_path_check_file(const char *path);

/* Joins a directory and a name with one '/'. Returns NULL on OOM (message set). */
char *pw_path_join(const char *dir, const char *name);

/* pw_path_join with the name made by printf's `fmt` ("%s-answered.%s"). */
char *pw_path_joinf(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The directory part of `path` ("." when it has none). */
char *pw_path_dirname(const char *path);

#endif
