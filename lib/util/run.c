#include "util/run.h"

#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* An unlinked temporary file (no name left behind, whatever happens). */
static int temp_fd(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;
	snprintf(path, sizeof(path), "%s/pkiwatch-run-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	unlink(path);
	return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int slurp(int fd, char **out, size_t *len)
{
	struct stat st;
	size_t got = 0;
	if (fstat(fd, &st) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	if (!(*out = malloc((size_t)st.st_size + 1)))
		return -1;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *out + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	(*out)[got] = '\0';
	*len = got;
	return 0;
}

void pw_run_result_clear(pw_run_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}

int pw_run(pw_run_result *res, const char *const *argv, const char *in, size_t in_len)
{
	int fin = -1, fout = -1, ferr = -1, rc = 0, st, exec_pipe[2] = {-1, -1}, exec_errno = 0;
	pid_t pid;
	ssize_t r;

	memset(res, 0, sizeof(*res));
	res->status = -1;
	if ((fin = temp_fd()) < 0 || (fout = temp_fd()) < 0 || (ferr = temp_fd()) < 0 ||
	    (in_len && write_all(fin, in, in_len) < 0) || lseek(fin, 0, SEEK_SET) < 0 ||
	    pipe2(exec_pipe, O_CLOEXEC) < 0) {
		rc = pw_error_set(PW_ERROR, "%s: cannot prepare its input: %s", argv[0],
		                  strerror(errno));
		goto out;
	}
	if ((pid = fork()) < 0) {
		rc = pw_error_set(PW_ERROR, "%s: cannot start: %s", argv[0], strerror(errno));
		goto out;
	}
	if (pid == 0) {
		int e;
		if (dup2(fin, 0) < 0 || dup2(fout, 1) < 0 || dup2(ferr, 2) < 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		e = errno;
		if (write(exec_pipe[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(exec_pipe[1]);
	exec_pipe[1] = -1;
	while ((r = read(exec_pipe[0], &exec_errno, sizeof(exec_errno))) < 0 && errno == EINTR)
		;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			rc = pw_error_set(PW_ERROR, "%s: %s", argv[0], strerror(errno));
			goto out;
		}
	}
	if (r == (ssize_t)sizeof(exec_errno)) {
		rc = pw_error_set(PW_ERROR, "%s: %s", argv[0],
		                  exec_errno == ENOENT ? "not found (is it installed and in PATH?)"
		                                       : strerror(exec_errno));
		goto out;
	}
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (slurp(fout, &res->out, &res->out_len) < 0 || slurp(ferr, &res->err, &res->err_len) < 0)
		rc = pw_error_set(PW_ERROR, "%s: cannot read its output", argv[0]);
out:
	if (rc < 0) {
		pw_run_result_clear(res);
		res->status = -1;
	}
	if (fin >= 0)
		close(fin);
	if (fout >= 0)
		close(fout);
	if (ferr >= 0)
		close(ferr);
	if (exec_pipe[0] >= 0)
		close(exec_pipe[0]);
	if (exec_pipe[1] >= 0)
		close(exec_pipe[1]);
	return rc;
}

void pw_run_last_line(char *out, size_t n, const char *text, const char *skip)
{
	const char *p = text, *best = NULL;
	size_t best_len = 0, i, k = 0;

	if (n == 0)
		return;
	while (p && *p) {
		size_t len = strcspn(p, "\n");
		size_t j = 0;
		while (j < len && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
			j++;
		if (j < len && !(skip && strncmp(p, skip, strlen(skip)) == 0)) {
			best = p;
			best_len = len;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	for (i = 0; best && i < best_len && k + 1 < n; i++) {
		unsigned char c = (unsigned char)best[i];
		out[k++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}
