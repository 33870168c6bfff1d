#include "util/stage.h"
#include "util/stage_int.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* mkdir -p `path`, remembering each directory created. */
static int make_dirs(pw_stage *st, const char *path)
{
	char *p = strdup(path);
	size_t i, n;
	int rc = 0;

	if (!p)
		return pw_error_oom();
	n = strlen(p);
	for (i = 1; rc == 0 && i <= n; i++) {
		struct stat sb;
		char **m;
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) == 0) {
			if (!(m = realloc(st->made, (st->nmade + 1) * sizeof(*m))) ||
			    !(m[st->nmade] = strdup(p))) {
				if (m)
					st->made = m;
				rmdir(p);
				rc = pw_error_oom();
			} else {
				st->made = m;
				st->nmade++;
			}
		} else if (errno != EEXIST || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			int e = errno == EEXIST ? ENOTDIR : errno;
			rc = pw_error_set(PW_ERROR, "%s: cannot create directory: %s", p,
			                  e == ENOTDIR ? "exists and is not a directory"
			                               : strerror(e));
		}
		if (i < n)
			p[i] = '/';
	}
	free(p);
	return rc;
}

static int write_new(const char *path, const void *data, size_t len)
{
	const char *d = data;
	size_t off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644), e;

	if (fd < 0)
		return pw_error_set(PW_ERROR, "%s: %s", path, strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, d + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(path);
	return pw_error_set(PW_ERROR, "%s: %s", path, strerror(e));
}

#define STAGE_PREFIX  ".pkiwatch-stage-"
#define STALE_SECONDS 60
#define DIRS_FILE     "dirs" /* in the staging directory: the target directories */
#define DIRS_MAX      (1 << 20)

void (*pw_stage_step_hook)(const char *near, void *arg);
void *pw_stage_step_arg;

/* 1 when the staging directory `dir` is left by an earlier run: its
 * .gitignore is not locked by a live set, and it has not changed for a
 * while (a set starting now has not locked it yet). */
static int stale(const char *dir, const struct stat *sb)
{
	pw_buf b = PW_BUF_INIT;
	int fd = -1, free_lock = 0;

	if (time(NULL) - sb->st_mtime < STALE_SECONDS)
		return 0;
	if (pw_buf_printf(&b, "%s/.gitignore", dir) < 0)
		return 0;
	fd = open(b.ptr, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		free_lock = errno == ENOENT; /* an interrupted older run */
	else
		free_lock = flock(fd, LOCK_EX | LOCK_NB) == 0;
	if (fd >= 0)
		close(fd);
	pw_buf_clear(&b);
	return free_lock;
}

/* Whether `dir`, a line of a staging directory's list, is `base` or a
 * directory under it, named without "." or ".." parts. */
static int under(const char *dir, const char *base)
{
	size_t n = strlen(base);
	const char *p;
	if (strncmp(dir, base, n) != 0 || (dir[n] != '\0' && dir[n] != '/'))
		return 0;
	for (p = dir + n; *p; p++)
		if (p[0] == '/' && p[1] == '.' &&
		    (p[2] == '/' || p[2] == '\0' || (p[2] == '.' && (p[3] == '/' || p[3] == '\0'))))
			return 0;
	return 1;
}

/* The hidden files (".pkiwatch-<set>-*": staged copies and kept previous
 * contents) that set `set`, interrupted, left in `dir`: regular files only. */
static void remove_near(const char *dir, const char *set)
{
	pw_buf prefix = PW_BUF_INIT;
	struct dirent *e;
	DIR *d;
	if (pw_buf_printf(&prefix, ".pkiwatch-%s-", set) < 0 || !(d = opendir(dir))) {
		pw_buf_clear(&prefix);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		if (strncmp(e->d_name, prefix.ptr, prefix.len) == 0 &&
		    fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(sb.st_mode))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
	pw_buf_clear(&prefix);
}

/* What an interrupted set left beside its targets, in the directories its
 * staging directory `stage` lists. */
static void remove_stale_near(const char *base, const char *stage, const char *set)
{
	pw_buf path = PW_BUF_INIT;
	char *list = NULL, *line, *next;
	size_t len = 0;
	if (pw_buf_printf(&path, "%s/" DIRS_FILE, stage) == 0 &&
	    pw_file_read(&list, &len, path.ptr, DIRS_MAX) == 0 && list) {
		for (line = list; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (under(line, base))
				remove_near(line, set);
		}
	}
	free(list);
	pw_buf_clear(&path);
}

/* Removes the staging directories earlier runs left in `base` (interrupted:
 * killed, or a second Ctrl-C), and the hidden files they left beside their
 * targets; best effort. A live set's (locked) or a recent one's is left. */
static void remove_stale(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		pw_buf b = PW_BUF_INIT;
		struct stat sb;
		if (strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0)
			continue;
		if (pw_buf_printf(&b, "%s/%s", base, e->d_name) == 0 && lstat(b.ptr, &sb) == 0 &&
		    S_ISDIR(sb.st_mode) && stale(b.ptr, &sb)) {
			remove_stale_near(base, b.ptr, e->d_name + strlen(STAGE_PREFIX));
			pw_tree_remove(b.ptr);
		}
		pw_buf_clear(&b);
	}
	closedir(d);
}

/* The staging directory's first file: a .gitignore ignoring everything in
 * it (no `git add` picks up forms of a run that was interrupted), locked for
 * as long as the set is open (remove_stale leaves it alone). */
static int mark(pw_stage *st)
{
	pw_buf b = PW_BUF_INIT;
	int fd, rc = 0;

	if (pw_buf_printf(&b, "%s/.gitignore", st->dir) < 0)
		return pw_error_oom();
	fd = open(b.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0 || write(fd, "*\n", 2) != 2)
		rc = pw_error_set(PW_ERROR, "%s: %s", b.ptr, strerror(errno));
	if (rc < 0 && fd >= 0)
		close(fd);
	else if (rc == 0) {
		st->lock_fd = fd;
		st->locked = 1;
	}
	pw_buf_clear(&b);
	return rc;
}

int pw_stage_open(pw_stage *st, const char *base)
{
	int rc;
	memset(st, 0, sizeof(*st));
	if (!(st->base = strdup(base)) || !(st->dir = pw_path_join(base, STAGE_PREFIX "XXXXXX")))
		rc = pw_error_oom();
	else if ((rc = make_dirs(st, base)) == 0 && !mkdtemp(st->dir)) {
		rc = pw_error_set(PW_ERROR, "%s: cannot create a staging directory: %s", base,
		                  strerror(errno));
		free(st->dir);
		st->dir = NULL;
	}
	if (rc == 0)
		rc = mark(st);
	if (rc == 0)
		remove_stale(base);
	if (rc < 0)
		pw_stage_clear(st);
	return rc;
}

/* A new entry with a temporary path "<dir>/<n>-<name>" (the base name of
 * `target`, so that a renderer's messages stay readable). */
static int add(pw_stage *st, const char *target, int keep, pw_stage_file **out)
{
	pw_stage_file *p;
	pw_buf b = PW_BUF_INIT;
	const char *name = strrchr(target, '/');

	name = name ? name + 1 : target;
	if (!st->dir)
		return pw_error_set(PW_ERROR, "staging directory not open");
	if (!(p = realloc(st->files, (st->count + 1) * sizeof(*p))))
		return pw_error_oom();
	st->files = p;
	p += st->count;
	memset(p, 0, sizeof(*p));
	if (pw_buf_printf(&b, "%s/%zu-%s", st->dir, st->count, name) < 0 ||
	    !(p->temp = pw_buf_detach(&b)) || (keep && !(p->target = strdup(target)))) {
		free(p->temp);
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	p->keep = keep;
	st->count++;
	*out = p;
	return 0;
}

int pw_stage_write(const char **temp, pw_stage *st, const char *target, const void *data,
                   size_t len)
{
	pw_stage_file *f;
	int rc = add(st, target, 1, &f);
	if (rc == 0 && (rc = write_new(f->temp, data, len)) == 0 && temp)
		*temp = f->temp;
	return rc;
}

int pw_stage_reserve(const char **temp, pw_stage *st, const char *target)
{
	pw_stage_file *f;
	int rc = add(st, target, 1, &f);
	if (rc == 0)
		*temp = f->temp;
	return rc;
}

int pw_stage_scratch(const char **temp, pw_stage *st, const char *name, const void *data,
                     size_t len)
{
	pw_stage_file *f;
	int rc = add(st, name, 0, &f);
	if (rc == 0 && (rc = write_new(f->temp, data, len)) == 0)
		*temp = f->temp;
	return rc;
}

/* The hidden names next to f's target: f->near (the staged content before
 * the final rename) and f->backup's (the previous content), both
 * "<target dir>/.pkiwatch-<set>-<n>-<name>[.bak]", <set> the staging
 * directory's unique part. */
static int near_names(const pw_stage *st, pw_stage_file *f, size_t n, char **bak)
{
	const char *set = strrchr(st->dir, '-'), *name = strrchr(f->target, '/');
	char *dir = pw_path_dirname(f->target);
	pw_buf b = PW_BUF_INIT;
	int rc = 0;

	name = name ? name + 1 : f->target;
	*bak = NULL;
	if (!dir ||
	    pw_buf_printf(&b, "%s/.pkiwatch-%s-%zu-%s", dir, set ? set + 1 : "", n, name) < 0 ||
	    !(f->near = pw_buf_detach(&b)) || !(*bak = malloc(strlen(f->near) + 5)))
		rc = pw_error_oom();
	else
		sprintf(*bak, "%s.bak", f->near);
	if (rc < 0) {
		free(f->near);
		f->near = NULL;
	}
	free(dir);
	pw_buf_clear(&b);
	return rc;
}

/* Keeps the target's current content as `bak` (in the target's directory):
 * a hard link, else a copy. */
static int keep_old(pw_stage_file *f, char *bak)
{
	struct stat sb;
	int rc;

	if (lstat(f->target, &sb) != 0) {
		free(bak);
		return errno == ENOENT
		           ? 0
		           : pw_error_set(PW_ERROR, "%s: %s", f->target, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode)) {
		free(bak);
		return pw_error_set(PW_EINPUT, "%s: is a directory", f->target);
	}
	if (link(f->target, bak) == 0 || (rc = pw_file_copy(f->target, bak, 0644, 1)) == 0) {
		f->backup = bak;
		return 0;
	}
	free(bak);
	return rc;
}

/* The staged file moved to f->near: one rename, or a copy when the target
 * is on another file system (its directory is a link to one). */
static int move_near(pw_stage_file *f)
{
	int rc;
	if (rename(f->temp, f->near) == 0)
		return 0;
	if (errno != EXDEV)
		return pw_error_set(PW_ERROR, "%s: %s", f->target, strerror(errno));
	if ((rc = pw_file_copy(f->temp, f->near, 0644, 1)) < 0)
		return rc;
	unlink(f->temp);
	return 0;
}

/* The hidden files not (or no longer) needed: staged copies not placed. */
static void drop_near(pw_stage *st)
{
	size_t i;
	for (i = 0; i < st->count; i++)
		if (st->files[i].near) {
			unlink(st->files[i].near);
			free(st->files[i].near);
			st->files[i].near = NULL;
		}
}

static void put_back(pw_stage *st)
{
	size_t i = st->count;
	while (i-- > 0) {
		pw_stage_file *f = &st->files[i];
		if (!f->placed)
			continue;
		if (f->backup)
			rename(f->backup, f->target);
		else
			unlink(f->target);
		f->placed = 0;
	}
}

/* The target directories, one a line, in the staging directory before any
 * hidden file is made beside a target: a later run that finds this set
 * interrupted removes those files (remove_stale). */
static int list_dirs(pw_stage *st)
{
	pw_buf b = PW_BUF_INIT, path = PW_BUF_INIT;
	size_t i;
	int rc = pw_buf_printf(&path, "%s/" DIRS_FILE, st->dir);
	for (i = 0; rc == 0 && i < st->count; i++) {
		char *dir;
		if (!st->files[i].keep)
			continue;
		if (!(dir = pw_path_dirname(st->files[i].target)))
			rc = pw_error_oom();
		else if (!strchr(dir, '\n'))
			rc = pw_buf_printf(&b, "%s\n", dir);
		free(dir);
	}
	if (rc == 0)
		rc = write_new(path.ptr, b.ptr ? b.ptr : "", b.len);
	pw_buf_clear(&b);
	pw_buf_clear(&path);
	return rc;
}

/* Two steps, so that a target on another file system is all or nothing too:
 * every staged file is moved (or copied) next to its target under a hidden
 * name, the previous target kept beside it; then each is renamed into place,
 * a rename within one directory. */
int pw_stage_apply(pw_stage *st)
{
	size_t i;
	int rc = 0;

	if (st->applied)
		return 0;
	if ((rc = list_dirs(st)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < st->count; i++) {
		pw_stage_file *f = &st->files[i];
		char *dir, *bak = NULL;
		if (!f->keep)
			continue;
		if (!(dir = pw_path_dirname(f->target)))
			rc = pw_error_oom();
		else
			rc = make_dirs(st, dir);
		free(dir);
		if (rc == 0 && (rc = near_names(st, f, i, &bak)) == 0 &&
		    (rc = keep_old(f, bak)) == 0)
			rc = move_near(f);
		if (rc == 0 && pw_stage_step_hook)
			pw_stage_step_hook(f->near, pw_stage_step_arg);
	}
	for (i = 0; rc == 0 && i < st->count; i++) {
		pw_stage_file *f = &st->files[i];
		if (!f->keep)
			continue;
		if (rename(f->near, f->target) != 0) {
			rc = pw_error_set(PW_ERROR, "%s: %s", f->target, strerror(errno));
		} else {
			f->placed = 1;
			free(f->near);
			f->near = NULL;
		}
	}
	if (rc < 0) {
		put_back(st);
		drop_near(st);
		return rc;
	}
	st->applied = 1;
	return 0;
}

void pw_stage_undo(pw_stage *st)
{
	put_back(st);
	st->applied = 0;
}

void pw_stage_clear(pw_stage *st)
{
	size_t i;
	if (!st)
		return;
	/* the hidden files beside the targets first: the staging directory
	 * lists where they are, for a later run if this one is killed here */
	drop_near(st);
	for (i = 0; i < st->count; i++) {
		/* a kept previous content, now replaced for good (or put back) */
		if (st->files[i].backup)
			unlink(st->files[i].backup);
		free(st->files[i].target);
		free(st->files[i].temp);
		free(st->files[i].backup);
	}
	if (st->dir)
		pw_tree_remove(st->dir);
	if (st->locked)
		close(st->lock_fd);
	for (i = st->nmade; i-- > 0;) {
		if (!st->applied)
			rmdir(st->made[i]); /* only when empty: nothing else is removed */
		free(st->made[i]);
	}
	free(st->files);
	free(st->made);
	free(st->base);
	free(st->dir);
	memset(st, 0, sizeof(*st));
}
