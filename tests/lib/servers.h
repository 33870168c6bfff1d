/* Real servers for transport tests, started and stopped by the tests: a git
 * daemon (git://) and a smart-HTTP git server over TLS (https://, lighttpd +
 * git http-backend, certificates from a test CA made with openssl). Both bind
 * 127.0.0.1 on a free port and serve the bare repositories of one directory. */
#ifndef PW_TEST_SERVERS_H
#define PW_TEST_SERVERS_H

#include <sys/types.h>

typedef struct {
	pid_t pid; /* the server's process (group leader) */
	int port;
	char *url;     /* base URL: "<url>/<name>.git" is a served repository */
	char *dir;     /* https: working directory (config, certificates, logs) */
	char *ca_file; /* https: the test CA that signed the server certificate */
} tu_server;

/* Waits until 127.0.0.1:port accepts connections, polling a connect(); fails
 * the test when `pid` exits first or after `timeout_ms`. */
void tu_wait_port(int port, pid_t pid, int timeout_ms);

/* Starts `git daemon` exporting every repository under `base`. `env` is a
 * NULL-terminated list of "NAME=value" set for the daemon (may be NULL). */
void tu_git_daemon_start(tu_server *s, const char *base, const char *const *env);

/* Creates a test CA and a server certificate for 127.0.0.1 in `workdir`, and
 * starts lighttpd with git http-backend serving `base` at <url>/<name>.git.
 * Skips the test when lighttpd or its TLS module is not installed. */
void tu_https_start(tu_server *s, const char *base, const char *workdir);

/* Starts a hostile server on 127.0.0.1 (a forked child of the test): it
 * accepts every connection; with `reply` NULL it then says nothing and keeps
 * the connection open (a server that never answers); otherwise it reads what
 * the client sends first, writes the `len` bytes of `reply` (e.g. a git ERR
 * packet) and closes. s->url is "git://127.0.0.1:<port>"; s->port serves any
 * other scheme too. */
void tu_hostile_start(tu_server *s, const char *reply, size_t len);

/* Like tu_https_start, but lighttpd forwards every request to the plain HTTP
 * server on 127.0.0.1:backend_port (e.g. the fake GitHub): s->url is
 * "https://127.0.0.1:<port>". */
void tu_https_proxy_start(tu_server *s, int backend_port, const char *workdir);

/* Makes another CA (certificate only, PEM) at `path`: one that signed nothing. */
void tu_make_ca(const char *path);

/* Stops the server (its whole process group) and frees the strings. */
void tu_server_stop(tu_server *s);

/* Stops every server still running. Call it from teardowns: a failed assertion
 * leaves the test before its own tu_server_stop. Also runs at exit. */
void tu_servers_stop_all(void);

/* Runs `sh -c cmd` in the background; returns its pid. */
pid_t tu_spawn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Waits for a spawned process: its exit status, or 128+signal. */
int tu_wait_exit(pid_t pid);

/* Polls until file `path` exists and, when `needle` is not NULL, contains it.
 * Fails the test when `pid` (if > 0) exits first or after `timeout_ms`. */
void tu_wait_file(const char *path, const char *needle, pid_t pid, int timeout_ms);

#endif
