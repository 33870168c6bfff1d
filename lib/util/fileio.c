#include "util/fileio.h"

#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pw_file_read(char **out, size_t *len, const char *path, size_t max)
{
	FILE *f;
	char *data = NULL;
	size_t n = 0, cap = 0;
	struct stat st;
	int fd, flags;

	*out = NULL;
	if (len)
		*len = 0;
	/* non-blocking: a FIFO (or a device) must not hang the open; only a
	 * regular file is read */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return pw_error_set(PW_ENOTFOUND, "%s: no such file", path);
		return pw_error_set(PW_EINPUT, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return pw_error_set(PW_EINPUT, "%s: not a regular file", path);
	}
	if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
	    !(f = fdopen(fd, "rb"))) {
		int e = errno;
		close(fd);
		return pw_error_set(PW_EINPUT, "%s: %s", path, strerror(e));
	}
	for (;;) {
		size_t got;
		if (cap - n < 4096) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *p = realloc(data, ncap + 1);
			if (!p) {
				free(data);
				fclose(f);
				return pw_error_oom();
			}
			data = p;
			cap = ncap;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (n > max) {
			free(data);
			fclose(f);
			return pw_error_set(PW_EINPUT, "%s: larger than %zu bytes", path, max);
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(data);
		fclose(f);
		return pw_error_set(PW_EINPUT, "%s: %s", path, strerror(e));
	}
	fclose(f);
	data[n] = '\0';
	*out = data;
	if (len)
		*len = n;
	return 0;
}

int pw_file_write_atomic(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd;
	size_t off = 0;

	if (!tmp)
		return pw_error_oom();
	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return pw_error_set(PW_ERROR, "%s: cannot create temporary file: %s", path,
		                    strerror(e));
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail : {
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return pw_error_set(PW_ERROR, "%s: cannot write: %s", path, strerror(e));
}
}

/* errno of the first entry pw_tree_remove could not remove (per thread: the
 * mirror removes trees from several threads at once) */
static _Thread_local int tree_errno;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && !tree_errno)
		tree_errno = errno;
	return 0; /* go on with the rest */
}

int pw_tree_remove(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	tree_errno = 0;
	if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && !tree_errno)
		tree_errno = errno;
	if (lstat(path, &st) < 0 && errno == ENOENT)
		return 0;
	errno = tree_errno ? tree_errno : ENOTEMPTY;
	return -1;
}

int pw_dir_create(const char *path)
{
	char *p = strdup(path);
	size_t i;

	if (!p)
		return pw_error_oom();
	/* from 1: a leading '/' is the root, not a component; "" has no p[1] */
	for (i = p[0] ? 1 : 0; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			int e = errno;
			int rc = pw_error_set(PW_ERROR, "%s: cannot create directory: %s", p,
			                      strerror(e));
			free(p);
			return rc;
		}
		p[i] = '/';
	}
	if (mkdir(p, 0755) < 0) {
		int e = errno;
		struct stat st;
		free(p);
		/* EEXIST also for a file or a dangling link of that name */
		if (e == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		return pw_error_set(PW_ERROR, "%s: cannot create directory: %s", path,
		                    e == EEXIST ? "exists and is not a directory" : strerror(e));
	}
	free(p);
	return 0;
}

char *pw_path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p;

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	p = malloc(dl + nl + 2);
	if (!p) {
		pw_error_oom();
		return NULL;
	}
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

char *pw_path_joinf(const char *dir, const char *fmt, ...)
{
	va_list ap;
	char *name, *path;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&name, fmt, ap);
	va_end(ap);
	if (n < 0) {
		pw_error_oom();
		return NULL;
	}
	path = pw_path_join(dir, name);
	free(name);
	return path;
}

char *pw_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *p;

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	p = strndup(path, (size_t)(slash - path));
	if (!p)
		pw_error_oom();
	return p;
}

/* write(2) may write less than asked (or be interrupted): loop until done. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int pw_file_copy(const char *from, const char *to, unsigned mode, int sync)
{
	char buf[65536];
	int in, out, rc = 0;
	ssize_t n;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) < 0)
		return pw_error_set(PW_ERROR, "%s: %s", from, strerror(errno));
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode)) < 0) {
		close(in);
		return pw_error_set(PW_ERROR, "%s: %s", to, strerror(errno));
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, buf, (size_t)n) < 0) {
			rc = pw_error_set(PW_ERROR, "copying %s: %s", from, strerror(errno));
			break;
		}
	}
	close(in);
	if (rc == 0 && sync && fsync(out) < 0)
		rc = pw_error_set(PW_ERROR, "%s: %s", to, strerror(errno));
	if (close(out) < 0 && rc == 0)
		rc = pw_error_set(PW_ERROR, "%s: %s", to, strerror(errno));
	if (rc < 0)
		unlink(to);
	return rc;
}

int pw_dir_each_json(const char *dir, pw_dir_json_cb cb, void *payload)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d)
		return 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *path, *stem;
		if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		path = pw_path_join(dir, de->d_name);
		stem = strndup(de->d_name, len - 5);
		if (!path || !stem)
			rc = pw_error_oom();
		else
			rc = cb(path, stem, payload);
		free(path);
		free(stem);
	}
	closedir(d);
	return rc;
}

/* The nearest part of `path` (itself, then each parent) that exists, or
 * NULL on OOM; *st gets its status. "." when none does (a relative path). */
static char *nearest(const char *path, struct stat *st)
{
	char *p = strdup(path);
	while (p && stat(p, st) != 0) {
		char *up;
		if (errno != ENOENT) /* e.g. ENOTDIR: a part of it is a file */
			return p;
		up = pw_path_dirname(p);
		if (up && strcmp(up, p) == 0) {
			free(up);
			return p;
		}
		free(p);
		p = up;
	}
	return p;
}

/* Whether the existing directory `dir` (`st` its status) takes new entries. */
static int takes_entries(const char *path, const char *dir, const struct stat *st)
{
	if (!S_ISDIR(st->st_mode))
		return pw_error_set(PW_EINPUT, "%s: cannot be created: %s is not a directory", path,
		                    dir);
	if (access(dir, W_OK | X_OK) != 0)
		return pw_error_set(PW_EINPUT, "%s: cannot be created in %s: %s", path, dir,
		                    strerror(errno));
	return 0;
}

int pw_path_check_dir(const char *path)
{
	struct stat st;
	char *part;
	int rc;

	if (!*path)
		return pw_error_set(PW_EINPUT, "an empty directory name");
	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return pw_error_set(PW_EINPUT, "%s: exists and is not a directory", path);
		if (access(path, W_OK | X_OK) != 0)
			return pw_error_set(PW_EINPUT, "%s: cannot write there: %s", path,
			                    strerror(errno));
		return 0;
	}
	if (!(part = nearest(path, &st)))
		return pw_error_oom();
	if (stat(part, &st) != 0)
		rc = pw_error_set(PW_EINPUT, "%s: cannot be created: %s", path, strerror(errno));
	else
		rc = takes_entries(path, part, &st);
	free(part);
	return rc;
}

int pw_path_check_file(const char *path)
{
	struct stat st;
	char *dir;
	int rc;

	if (!*path)
		return pw_error_set(PW_EINPUT, "an empty file name");
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return pw_error_set(PW_EINPUT, "%s: is a directory", path);
		if (access(path, W_OK) != 0)
			return pw_error_set(PW_EINPUT, "%s: cannot write: %s", path,
			                    strerror(errno));
	} else if (errno != ENOENT) {
		return pw_error_set(PW_EINPUT, "%s: cannot be created: %s", path, strerror(errno));
	}
	/* written through a temporary file beside it: its directory must take one */
	if (!(dir = pw_path_dirname(path)))
		return pw_error_oom();
	if (stat(dir, &st) != 0)
		rc = pw_error_set(PW_EINPUT, "%s: cannot be created: %s: %s", path, dir,
		                  strerror(errno));
	else
		rc = takes_entries(path, dir, &st);
	free(dir);
	return rc;
}
