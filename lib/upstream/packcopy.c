#include "upstream/packcopy.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *pw_packcopy_local_path(const char *url)
{
	const char *p = url;
	char *out;

	if (strncmp(url, "file://", 7) == 0)
		p = url + 7;
	else if (strstr(url, "://"))
		return NULL;
	else if (strchr(url, ':') && (!strchr(url, '/') || strchr(url, ':') < strchr(url, '/')))
		return NULL; /* [user@]host:path, an ssh address (git's rule: ':' before any '/') */
	if (!(out = strdup(p)))
		pw_error_oom();
	return out;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* from -> to through tmp: a hard link when possible, else a copy. */
static int place(const char *from, const char *tmp, const char *to)
{
	int rc;

	unlink(tmp);
	if (link(from, tmp) < 0 && (rc = pw_file_copy(from, tmp, 0444, 0)) < 0)
		return rc;
	if (rename(tmp, to) < 0) {
		rc = pw_error_set(PW_ERROR, "%s: %s", to, strerror(errno));
		unlink(tmp);
		return rc;
	}
	return 0;
}

/* Places pack `name` ("pack-<hash>", without extension): the .pack first, the
 * .idx last, since git and libgit2 find packs by their index. */
static int seed_pack(const char *src_dir, const char *dst_dir, const char *name)
{
	static const char *const ext[] = {".pack", ".idx"};
	pw_buf from = PW_BUF_INIT, tmp = PW_BUF_INIT, to = PW_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		pw_buf_reset(&from);
		pw_buf_reset(&tmp);
		pw_buf_reset(&to);
		if (pw_buf_printf(&from, "%s/%s%s", src_dir, name, ext[i]) < 0 ||
		    pw_buf_printf(&tmp, "%s/tmp_pack_seed_%s%s", dst_dir, name, ext[i]) < 0 ||
		    pw_buf_printf(&to, "%s/%s%s", dst_dir, name, ext[i]) < 0)
			rc = pw_error_oom();
		else if (!exists(to.ptr))
			rc = place(from.ptr, tmp.ptr, to.ptr);
	}
	pw_buf_clear(&from);
	pw_buf_clear(&tmp);
	pw_buf_clear(&to);
	return rc;
}

int pw_packcopy_seed(const char *repo_path, const char *upstream)
{
	pw_buf src = PW_BUF_INIT, dst = PW_BUF_INIT, idx = PW_BUF_INIT;
	struct dirent *e;
	DIR *d = NULL;
	int rc = 0;

	if (pw_buf_printf(&src, "%s/objects/pack", upstream) < 0 ||
	    pw_buf_printf(&dst, "%s/objects/pack", repo_path) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	if (!is_dir(src.ptr)) { /* a non-bare upstream */
		pw_buf_reset(&src);
		if (pw_buf_printf(&src, "%s/.git/objects/pack", upstream) < 0) {
			rc = pw_error_oom();
			goto out;
		}
	}
	if (!(d = opendir(src.ptr)))
		goto out; /* nothing to seed: the fetch will transfer everything */
	while (rc == 0 && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strncmp(e->d_name, "pack-", 5) != 0 ||
		    strcmp(e->d_name + n - 5, ".pack") != 0)
			continue;
		/* only complete packs: the upstream's index must be there */
		pw_buf_reset(&idx);
		if (pw_buf_printf(&idx, "%s/%.*s.idx", src.ptr, (int)(n - 5), e->d_name) < 0) {
			rc = pw_error_oom();
			break;
		}
		if (!exists(idx.ptr))
			continue;
		e->d_name[n - 5] = '\0';
		rc = seed_pack(src.ptr, dst.ptr, e->d_name);
	}
out:
	if (d)
		closedir(d);
	pw_buf_clear(&src);
	pw_buf_clear(&dst);
	pw_buf_clear(&idx);
	return rc;
}
