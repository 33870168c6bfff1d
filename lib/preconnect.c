#include "preconnect.h"

#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A connection older than this is not handed over: servers drop idle clients
 * (and the pre-opened ones are meant to be taken within milliseconds). */
#define MAX_AGE_SECONDS 5

typedef struct {
	char *host, *port;
	int fd; /* -1: failed, or taken */
	struct timespec opened;
} pending;

static struct {
	pthread_mutex_t mutex;
	pthread_t thread;
	int started, joined, installed;
	pending *items;
	size_t count, taken;
} pc = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, NULL, 0, 0};

/* --- URLs ---------------------------------------------------------------------- */

static char *dup_range(const char *a, const char *b)
{
	char *s = malloc((size_t)(b - a) + 1);
	if (s) {
		memcpy(s, a, (size_t)(b - a));
		s[b - a] = '\0';
	}
	return s;
}

/* The host and port libgit2 will connect to for `url`, as it passes them to
 * the stream (IPv6 without brackets, the scheme's port when none is given).
 * Returns 1 with both set, 0 when `url` is not one we pre-open, -1 on OOM. */
static int url_host_port(const char *url, char **host, char **port)
{
	static const struct {
		const char *scheme, *port;
	} known[] = {{"git://", "9418"}, {"https://", "443"}, {"http://", "80"}};
	const char *p = NULL, *def = NULL, *end, *h, *he, *rest, *q;
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]) && !p; i++)
		if (strncmp(url, known[i].scheme, strlen(known[i].scheme)) == 0) {
			p = url + strlen(known[i].scheme);
			def = known[i].port;
		}
	if (!p)
		return 0;
	end = p + strcspn(p, "/?#");
	h = p;
	for (q = p; q < end; q++)
		if (*q == '@')
			h = q + 1; /* after the userinfo */
	if (h < end && *h == '[') {
		if (!(he = memchr(h, ']', (size_t)(end - h))))
			return 0;
		rest = he + 1;
		h++;
	} else {
		he = memchr(h, ':', (size_t)(end - h));
		if (!he)
			he = end;
		rest = he;
	}
	if (he == h)
		return 0;
	if (rest < end) {
		if (*rest != ':' || end - rest < 2 || end - rest > 6)
			return 0;
		for (q = rest + 1; q < end; q++)
			if (*q < '0' || *q > '9')
				return 0;
	}
	*host = dup_range(h, he);
	*port = rest < end ? dup_range(rest + 1, end) : strdup(def);
	if (!*host || !*port) {
		free(*host);
		free(*port);
		return -1;
	}
	return 1;
}

/* --- the background thread -------------------------------------------------------- */

/* Starts a non-blocking connect to the first address of host:port. */
static int open_early(const struct addrinfo *ai)
{
	int fd =
	    socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS)
		return fd;
	close(fd);
	return -1;
}

static void *connect_all(void *arg)
{
	struct addrinfo hints, *ai = NULL;
	const pending *resolved = NULL; /* whose address `ai` holds */
	size_t i;

	(void)arg;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	for (i = 0; i < pc.count; i++) {
		pending *p = &pc.items[i];
		/* the sources usually share one host: resolve it once */
		if (!resolved || strcasecmp(resolved->host, p->host) != 0 ||
		    strcmp(resolved->port, p->port) != 0) {
			if (ai)
				freeaddrinfo(ai);
			ai = NULL;
			resolved = p;
			if (getaddrinfo(p->host, p->port, &hints, &ai) != 0)
				ai = NULL;
		}
		if (ai && (p->fd = open_early(ai)) >= 0)
			clock_gettime(CLOCK_MONOTONIC, &p->opened);
	}
	if (ai)
		freeaddrinfo(ai);
	return NULL;
}

/* Whether libgit2 reaches `url` through a transport other than git://, http(s)
 * or the local file system: ssh (ssh://, or scp-like user@host:path) and its
 * like hand libgit2's own socket stream to libssh2, so while such a URL is in
 * use no other stream may be registered. */
static int other_transport(const char *url)
{
	const char *sep = strstr(url, "://"), *colon = strchr(url, ':'), *slash = strchr(url, '/');

	if (sep)
		return strncmp(url, "git://", 6) != 0 && strncmp(url, "http://", 7) != 0 &&
		       strncmp(url, "https://", 8) != 0 && strncmp(url, "file://", 7) != 0;
	return colon && (!slash || colon < slash); /* host:path */
}

int pw_preconnect_start(char *const *urls, size_t n)
{
	size_t i;
	int r;

	if (pc.started || pc.count)
		return 0;
	for (i = 0; i < n; i++)
		if (other_transport(urls[i]))
			return 0;
	if (!(pc.items = calloc(n ? n : 1, sizeof(*pc.items))))
		return pw_error_oom();
	for (i = 0; i < n; i++) {
		pending *p = &pc.items[pc.count];
		if ((r = url_host_port(urls[i], &p->host, &p->port)) < 0) {
			pw_preconnect_finish();
			return pw_error_oom();
		}
		if (r > 0) {
			p->fd = -1;
			pc.count++;
		}
	}
	if (pc.count && pthread_create(&pc.thread, NULL, connect_all, NULL) == 0)
		pc.started = 1;
	else
		pw_preconnect_finish(); /* nothing to open, or no thread: libgit2 connects */
	return 0;
}

/* Waits for the background thread once; call with the mutex held. */
static void join_locked(void)
{
	if (pc.started && !pc.joined) {
		pthread_join(pc.thread, NULL);
		pc.joined = 1;
	}
}

/* Takes the pre-opened connection to host:port, if there is one. */
static int take(const char *host, const char *port, struct timespec *opened)
{
	int fd = -1;
	size_t i;

	pthread_mutex_lock(&pc.mutex);
	join_locked();
	for (i = 0; i < pc.count && fd < 0; i++) {
		pending *p = &pc.items[i];
		if (p->fd >= 0 && strcasecmp(p->host, host) == 0 && strcmp(p->port, port) == 0) {
			fd = p->fd;
			*opened = p->opened;
			p->fd = -1;
			pc.taken++;
		}
	}
	pthread_mutex_unlock(&pc.mutex);
	return fd;
}

int pw_preconnect_install(void)
{
	static git_stream_registration reg = {GIT_STREAM_VERSION, pw_preconnect_stream_new, NULL};

	if (!pc.count || pc.installed)
		return 0;
	if (git_stream_register(GIT_STREAM_STANDARD, &reg) < 0)
		return pw_error_from_git(PW_ERROR, "registering the socket stream");
	pc.installed = 1;
	return 0;
}

void pw_preconnect_finish(void)
{
	size_t i;

	if (pc.installed)
		git_stream_register(GIT_STREAM_STANDARD, NULL);
	pthread_mutex_lock(&pc.mutex);
	join_locked();
	for (i = 0; i < pc.count; i++) {
		if (pc.items[i].fd >= 0)
			close(pc.items[i].fd);
		free(pc.items[i].host);
		free(pc.items[i].port);
	}
	free(pc.items);
	pc.items = NULL;
	pc.count = 0;
	pc.started = pc.joined = pc.installed = 0;
	pc.taken = 0;
	pthread_mutex_unlock(&pc.mutex);
}

void pw_preconnect_count(size_t *opened, size_t *taken)
{
	size_t i;

	pthread_mutex_lock(&pc.mutex);
	join_locked();
	*opened = pc.taken;
	for (i = 0; i < pc.count; i++)
		if (pc.items[i].fd >= 0)
			(*opened)++;
	*taken = pc.taken;
	pthread_mutex_unlock(&pc.mutex);
}

/* --- the stream ---------------------------------------------------------------------- */

typedef struct {
	git_stream parent;
	char *host, *port;
	int fd;
} stream;

/* Whether a pre-opened connection can be handed over: connected, young, and
 * not closed by the server (which, in git:// and http(s), never speaks first).
 * On return *timed_out says the connection attempt itself timed out. */
static int usable(int fd, const struct timespec *opened, int *timed_out)
{
	struct pollfd pf = {fd, POLLOUT, 0};
	struct timespec now;
	int err = 0, flags, r;
	socklen_t len = sizeof(err);

	*timed_out = 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - opened->tv_sec > MAX_AGE_SECONDS)
		return 0;
	/* no time limit here: libgit2's own blocking connect has none either */
	while ((r = poll(&pf, 1, -1)) < 0 && errno == EINTR)
		;
	if (r != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err) {
		*timed_out = err == ETIMEDOUT;
		return 0;
	}
	pf.events = POLLIN;
	pf.revents = 0;
	if (poll(&pf, 1, 0) != 0)
		return 0;
	return (flags = fcntl(fd, F_GETFL)) >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
}

/* A new blocking connection to the first address of host:port that answers,
 * with libgit2's error messages. */
static int connect_fresh(stream *st)
{
	struct addrinfo hints, *ai = NULL, *a;
	int r, err = 0, fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(st->host, st->port, &hints, &ai)) != 0) {
		git_error_set(GIT_ERROR_NET, "failed to resolve address for %s: %s", st->host,
		              gai_strerror(r));
		return -1;
	}
	for (a = ai; a && fd < 0; a = a->ai_next) {
		if ((fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol)) <
		    0) {
			err = errno;
			continue;
		}
		while ((r = connect(fd, a->ai_addr, a->ai_addrlen)) < 0 && errno == EINTR)
			;
		if (r < 0) {
			err = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		git_error_set(GIT_ERROR_NET, "failed to connect to %s: %s", st->host,
		              strerror(err ? err : ECONNREFUSED));
		return -1;
	}
	st->fd = fd;
	return 0;
}

static int stream_connect(git_stream *s)
{
	stream *st = (stream *)s;
	struct timespec opened;
	int fd = take(st->host, st->port, &opened), timed_out = 0;

	if (fd >= 0) {
		if (usable(fd, &opened, &timed_out)) {
			st->fd = fd;
			return 0;
		}
		close(fd);
		if (timed_out) { /* trying again would wait as long again */
			git_error_set(GIT_ERROR_NET, "failed to connect to %s: %s", st->host,
			              strerror(ETIMEDOUT));
			return -1;
		}
	}
	return connect_fresh(st);
}

static ssize_t stream_read(git_stream *s, void *data, size_t len)
{
	stream *st = (stream *)s;
	ssize_t r;

	while ((r = recv(st->fd, data, len, 0)) < 0 && errno == EINTR)
		;
	if (r < 0)
		git_error_set(GIT_ERROR_NET, "error receiving data from socket: %s",
		              strerror(errno));
	return r;
}

static ssize_t stream_write(git_stream *s, const char *data, size_t len, int flags)
{
	stream *st = (stream *)s;
	ssize_t r;

	(void)flags;
	/* MSG_NOSIGNAL: a server hanging up is an error to report, not SIGPIPE */
	while ((r = send(st->fd, data, len, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (r < 0)
		git_error_set(GIT_ERROR_NET, "error sending data to socket: %s", strerror(errno));
	return r;
}

static int stream_close(git_stream *s)
{
	stream *st = (stream *)s;
	int r = 0;

	if (st->fd >= 0)
		r = close(st->fd);
	st->fd = -1;
	return r;
}

static void stream_free(git_stream *s)
{
	stream *st = (stream *)s;

	stream_close(s);
	free(st->host);
	free(st->port);
	free(st);
}

int pw_preconnect_stream_new(git_stream **out, const char *host, const char *port)
{
	stream *st = calloc(1, sizeof(*st));

	*out = NULL;
	if (!st || !(st->host = strdup(host)) || !(st->port = strdup(port ? port : "9418"))) {
		if (st)
			free(st->host);
		free(st);
		git_error_set_oom();
		return -1;
	}
	st->fd = -1;
	st->parent.version = GIT_STREAM_VERSION;
	st->parent.connect = stream_connect;
	st->parent.read = stream_read;
	st->parent.write = stream_write;
	st->parent.close = stream_close;
	st->parent.free = stream_free;
	*out = &st->parent;
	return 0;
}
