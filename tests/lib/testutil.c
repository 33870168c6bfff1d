#include "testutil.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_src(void)
{
	const char *s = getenv("PKIWATCH_SRC");
	return s && *s ? s : ".";
}

const char *tu_bin(void)
{
	const char *s = getenv("PKIWATCH_BIN");
	return s && *s ? s : "build/pkiwatch";
}

const char *tu_src_path(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", tu_src(), rel);
	return buf;
}

char *tu_tempdir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *p;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	p = malloc(strlen(tmp) + 32);
	assert_non_null(p);
	sprintf(p, "%s/pwtest.XXXXXX", tmp);
	assert_non_null(mkdtemp(p));
	return p;
}

void tu_rmrf(const char *path)
{
	char *q;
	if (!path || !*path || strcmp(path, "/") == 0)
		return;
	q = malloc(strlen(path) + 16);
	assert_non_null(q);
	sprintf(q, "rm -rf '%s'", path);
	if (system(q) != 0)
		print_message("warning: could not remove %s\n", path);
	free(q);
}

void tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

char *tu_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static char *slurp_fd(int fd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;

	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

int tu_sh(char **out, char **err, const char *fmt, ...)
{
	char cmd[8192];
	char outp[] = "/tmp/pwtest-out.XXXXXX", errp[] = "/tmp/pwtest-err.XXXXXX";
	int ofd, efd, status;
	pid_t pid;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	/* temp files rather than pipes: no deadlock on large outputs */
	ofd = mkstemp(outp);
	efd = mkstemp(errp);
	assert_true(ofd >= 0 && efd >= 0);
	unlink(outp);
	unlink(errp);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	if (out) {
		lseek(ofd, 0, SEEK_SET);
		*out = slurp_fd(ofd);
	}
	if (err) {
		lseek(efd, 0, SEEK_SET);
		*err = slurp_fd(efd);
	}
	close(ofd);
	close(efd);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

const char *tu_upstream(void)
{
	const char *u = getenv("PKIWATCH_UPSTREAM");
	char probe[4096];
	struct stat st;

	if (!u || !*u)
		return NULL;
	snprintf(probe, sizeof(probe), "%s/cabforum-smime.git", u);
	if (stat(probe, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return u;
}

void tu_assert_has(const char *text, const char *what)
{
	if (!text || !strstr(text, what))
		fail_msg("missing '%s' in: %s", what, text ? text : "(null)");
}

void tu_assert_lacks(const char *text, const char *what)
{
	if (text && strstr(text, what))
		fail_msg("must not contain '%s' in: %s", what, text);
}

int tu_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}
