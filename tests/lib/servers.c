#include "testutil.h"

#include "servers.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Servers still running: stopped by tu_servers_stop_all() (call it from a
 * teardown: a failing assertion skips the test's own tu_server_stop) and at exit. */
#define MAX_SERVERS 16
static pid_t running[MAX_SERVERS];

static void forget(pid_t pid)
{
	int i;
	for (i = 0; i < MAX_SERVERS; i++)
		if (running[i] == pid)
			running[i] = 0;
}

static void stop_pid(pid_t pid)
{
	int status;
	kill(-pid, SIGTERM); /* the whole group: per-connection children too */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

void tu_servers_stop_all(void)
{
	int i;
	for (i = 0; i < MAX_SERVERS; i++)
		if (running[i] > 0) {
			stop_pid(running[i]);
			running[i] = 0;
		}
}

static void remember(pid_t pid)
{
	static int registered;
	int i;

	if (!registered) {
		atexit(tu_servers_stop_all);
		registered = 1;
	}
	for (i = 0; i < MAX_SERVERS; i++)
		if (running[i] == 0) {
			running[i] = pid;
			return;
		}
	stop_pid(pid);
	fail_msg("more than %d test servers at once", MAX_SERVERS);
}

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

static int try_connect(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

void tu_wait_port(int port, pid_t pid, int timeout_ms)
{
	struct timespec step = {0, 10 * 1000 * 1000};
	int waited = 0, status;

	while (!try_connect(port)) {
		if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid)
			fail_msg("server (pid %d) exited before listening on port %d", (int)pid,
			         port);
		if (waited >= timeout_ms)
			fail_msg("nothing listens on 127.0.0.1:%d after %d ms", port, timeout_ms);
		nanosleep(&step, NULL);
		waited += 10;
	}
}

/* Forks and execs argv in its own process group, output to `log` (or /dev/null). */
static pid_t spawn(char *const argv[], const char *const *env, const char *log)
{
	pid_t pid = fork();
	size_t i;
	int fd;

	assert_true(pid >= 0);
	if (pid == 0) {
		setpgid(0, 0);
		for (i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no race with the child's own call */
	remember(pid);
	return pid;
}

void tu_git_daemon_start(tu_server *s, const char *base, const char *const *env)
{
	char *port_arg, *base_arg;

	memset(s, 0, sizeof(*s));
	s->port = tu_free_port();
	port_arg = str_printf("--port=%d", s->port);
	base_arg = str_printf("--base-path=%s", base);
	{
		char *argv[] = {"git",         "daemon",     "--listen=127.0.0.1",
		                port_arg,      base_arg,     "--export-all",
		                "--reuseaddr", (char *)base, NULL};
		s->pid = spawn(argv, env, NULL);
	}
	free(port_arg);
	free(base_arg);
	tu_wait_port(s->port, s->pid, 10000);
	s->url = str_printf("git://127.0.0.1:%d", s->port);
}

/* The hostile server's loop (in the child): never returns. */
static void hostile_serve(int lfd, const char *reply, size_t len)
{
	int held[64], nheld = 0, fd;
	char buf[4096];

	for (;;) {
		if ((fd = accept(lfd, NULL, NULL)) < 0)
			continue;
		if (!reply) {
			/* silent: keep it open (the oldest one goes when full) */
			if (nheld == 64) {
				close(held[0]);
				memmove(held, held + 1, sizeof(held) - sizeof(held[0]));
				nheld--;
			}
			held[nheld++] = fd;
			continue;
		}
		if (recv(fd, buf, sizeof(buf), 0) > 0) {
			size_t off = 0;
			ssize_t w;
			while (off < len &&
			       (w = send(fd, reply + off, len - off, MSG_NOSIGNAL)) > 0)
				off += (size_t)w;
		}
		close(fd);
	}
}

void tu_hostile_start(tu_server *s, const char *reply, size_t len)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	pid_t pid;

	memset(s, 0, sizeof(*s));
	assert_true(lfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* bound and listening before the fork: no race for the port, no wait */
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 64), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);
	s->port = ntohs(a.sin_port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setpgid(0, 0);
		hostile_serve(lfd, reply, len);
		_exit(0);
	}
	setpgid(pid, pid);
	close(lfd);
	remember(pid);
	s->pid = pid;
	s->url = str_printf("git://127.0.0.1:%d", s->port);
}

static int have_lighttpd_tls(void)
{
	struct stat st;
	return tu_sh(NULL, NULL, "command -v lighttpd >/dev/null") == 0 &&
	       (stat("/usr/lib/lighttpd/mod_openssl.so", &st) == 0 ||
	        tu_sh(NULL, NULL, "lighttpd -V 2>/dev/null | grep -q '+ SSL'") == 0);
}

void tu_make_ca(const char *path)
{
	char *err = NULL;
	int rc = tu_sh(NULL, &err,
	               "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
	               "-nodes -keyout '%s.key' -out '%s' -days 2 -subj '/CN=pkiwatch test CA' "
	               "-addext basicConstraints=critical,CA:TRUE "
	               "-addext keyUsage=critical,keyCertSign,cRLSign",
	               path, path);
	if (rc != 0)
		fail_msg("openssl: cannot make a CA: %s", err);
	free(err);
}

/* A test CA (workdir/ca.pem) and the server certificate it signed for 127.0.0.1
 * (workdir/server.pem, server.key), in s->dir and s->ca_file. Skips the test
 * when lighttpd or its TLS module is missing. */
static void https_certificates(tu_server *s, const char *workdir)
{
	char *path, *err = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!have_lighttpd_tls()) {
		print_message("skipped: lighttpd with mod_openssl is not installed (make "
		              "test-deps)\n");
		skip();
	}
	s->dir = strdup(workdir);
	s->ca_file = str_printf("%s/ca.pem", workdir);
	tu_make_ca(s->ca_file);
	path = str_printf("%s/ext.cnf", workdir);
	tu_write(path, "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\n"
	               "basicConstraints=CA:FALSE\n"
	               "keyUsage=digitalSignature,keyEncipherment\n"
	               "extendedKeyUsage=serverAuth\n");
	free(path);
	/* mbedTLS 2.x matches the host against DNS names only: hence DNS:127.0.0.1 */
	rc = tu_sh(NULL, &err,
	           "cd '%s' && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
	           "-nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1' && "
	           "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.pem.key "
	           "-CAcreateserial -out server.pem -days 2 -extfile ext.cnf",
	           workdir);
	if (rc != 0)
		fail_msg("openssl: cannot make the server certificate: %s", err);
	free(err);
	s->port = tu_free_port();
}

/* Starts lighttpd with TLS on s->port and the configuration lines `rest`. */
static void https_lighttpd(tu_server *s, const char *modules, const char *rest)
{
	char *conf, *path, *log;

	conf = str_printf("server.document-root = \"%s\"\n"
	                  "server.bind = \"127.0.0.1\"\n"
	                  "server.port = %d\n"
	                  "server.errorlog = \"%s/error.log\"\n"
	                  "server.modules = (%s, \"mod_openssl\")\n"
	                  "ssl.engine = \"enable\"\n"
	                  "ssl.pemfile = \"%s/server.pem\"\n"
	                  "ssl.privkey = \"%s/server.key\"\n"
	                  "%s",
	                  s->dir, s->port, s->dir, modules, s->dir, s->dir, rest);
	path = str_printf("%s/lighttpd.conf", s->dir);
	tu_write(path, conf);
	free(conf);
	log = str_printf("%s/lighttpd.out", s->dir);
	{
		char *argv[] = {"lighttpd", "-D", "-f", path, NULL};
		s->pid = spawn(argv, NULL, log);
	}
	free(path);
	free(log);
	tu_wait_port(s->port, s->pid, 10000);
}

void tu_https_start(tu_server *s, const char *base, const char *workdir)
{
	char *rest;

	https_certificates(s, workdir);
	rest = str_printf("alias.url = (\"/git\" => \"/usr/lib/git-core/git-http-backend\")\n"
	                  "$HTTP[\"url\"] =~ \"^/git\" {\n"
	                  "  cgi.assign = (\"\" => \"\")\n"
	                  "  setenv.add-environment = (\"GIT_PROJECT_ROOT\" => \"%s\", "
	                  "\"GIT_HTTP_EXPORT_ALL\" => \"1\")\n"
	                  "}\n",
	                  base);
	https_lighttpd(s, "\"mod_alias\", \"mod_setenv\", \"mod_cgi\"", rest);
	free(rest);
	s->url = str_printf("https://127.0.0.1:%d/git", s->port);
}

void tu_https_proxy_start(tu_server *s, int backend_port, const char *workdir)
{
	char *rest;

	https_certificates(s, workdir);
	rest =
	    str_printf("proxy.server = (\"\" => ((\"host\" => \"127.0.0.1\", \"port\" => %d)))\n",
	               backend_port);
	https_lighttpd(s, "\"mod_proxy\"", rest);
	free(rest);
	s->url = str_printf("https://127.0.0.1:%d", s->port);
}

void tu_server_stop(tu_server *s)
{
	if (s->pid > 0) {
		forget(s->pid);
		stop_pid(s->pid);
	}
	free(s->url);
	free(s->dir);
	free(s->ca_file);
	memset(s, 0, sizeof(*s));
}

pid_t tu_spawn(const char *fmt, ...)
{
	va_list ap;
	char *cmd = NULL;
	pid_t pid;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	return pid;
}

int tu_wait_exit(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

void tu_wait_file(const char *path, const char *needle, pid_t pid, int timeout_ms)
{
	struct timespec step = {0, 10 * 1000 * 1000};
	int waited = 0, status;
	char *text;

	for (;;) {
		text = tu_read(path);
		if (text && (!needle || strstr(text, needle))) {
			free(text);
			return;
		}
		free(text);
		if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid)
			fail_msg("process %d exited before %s %s%s", (int)pid, path,
			         needle ? "contained " : "appeared", needle ? needle : "");
		if (waited >= timeout_ms)
			fail_msg("%s: %s after %d ms", path, needle ? needle : "missing",
			         timeout_ms);
		nanosleep(&step, NULL);
		waited += 10;
	}
}
