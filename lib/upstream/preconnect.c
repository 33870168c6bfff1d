#include "upstream/preconnect.h"
#include "upstream/preconnect_int.h"

#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A connection older than this is not handed over: servers drop idle clients
 * (and the pre-opened ones are meant to be taken within milliseconds). */
#define MAX_AGE_MS 5000

/* The bound on time without progress (pw_preconnect_set_timeout). */
static int timeout_ms = PW_PRECONNECT_TIMEOUT_DEFAULT * 1000;

/* Whether a stream of this thread gave up for want of progress since the last
 * pw_preconnect_timed_out(). */
static _Thread_local int timed_out_here;

typedef struct {
	char *host, *port;
	int fd;                       /* -1: failed, or taken */
	int done;                     /* the background thread is through with it */
	struct sockaddr_storage addr; /* the address it connects to */
	socklen_t addrlen;
	struct timespec opened;
} pending;

static struct {
	pthread_mutex_t mutex;
	pthread_cond_t changed; /* an item is done */
	pthread_t *threads;     /* one per distinct host and port */
	size_t nthreads;
	int installed;
	pending *items;
	size_t count, taken;
} pc = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, NULL, 0, 0};

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
		if (strncasecmp(url, known[i].scheme, strlen(known[i].scheme)) == 0) {
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

/* --- the background threads ------------------------------------------------------- */

static int same_target(const pending *a, const pending *b)
{
	return strcasecmp(a->host, b->host) == 0 && strcmp(a->port, b->port) == 0;
}

/* Starts a non-blocking connect to the first of the addresses that does not
 * fail at once, and notes which one it is. */
static int open_early(const struct addrinfo *ai, pending *p)
{
	for (; ai; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		                ai->ai_protocol);
		if (fd < 0)
			continue;
		if ((connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS) &&
		    ai->ai_addrlen <= sizeof(p->addr)) {
			memcpy(&p->addr, ai->ai_addr, ai->ai_addrlen);
			p->addrlen = ai->ai_addrlen;
			return fd;
		}
		close(fd);
	}
	return -1;
}

/* Resolves one host and port (once: the sources usually share one) and opens
 * a connection for each item naming it. Each host has its own thread, so that
 * a slow name lookup holds up only the sources on that host. */
static void *open_host(void *arg)
{
	const pending *lead = &pc.items[(size_t)(uintptr_t)arg];
	struct addrinfo hints, *ai = NULL;
	size_t i;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(lead->host, lead->port, &hints, &ai) != 0)
		ai = NULL;
	for (i = (size_t)(lead - pc.items); i < pc.count; i++) {
		pending *p = &pc.items[i];
		if (!same_target(p, lead))
			continue;
		pthread_mutex_lock(&pc.mutex);
		if (ai && (p->fd = open_early(ai, p)) >= 0)
			clock_gettime(CLOCK_MONOTONIC, &p->opened);
		p->done = 1;
		pthread_cond_broadcast(&pc.changed);
		pthread_mutex_unlock(&pc.mutex);
	}
	if (ai)
		freeaddrinfo(ai);
	return NULL;
}

/* Whether libgit2 reaches `url` through a transport other than git://, http(s)
 * or the local file system. libgit2 picks the transport by a case-insensitive
 * prefix and takes any other URL holding a ':' for ssh (scp-like user@host:path);
 * its ssh transport hands libgit2's own socket stream to libssh2, so while such
 * a URL is in use no other stream may be registered. */
static int other_transport(const char *url)
{
	static const char *const ours[] = {"git://", "http://", "https://", "file://"};
	size_t i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (strncasecmp(url, ours[i], strlen(ours[i])) == 0)
			return 0;
	return strchr(url, ':') != NULL;
}

int pw_preconnect_start(char *const *urls, size_t n)
{
	size_t i, j;
	int r;

	if (pc.count)
		return 0;
	for (i = 0; i < n; i++)
		if (other_transport(urls[i]))
			return 0;
	if (!(pc.items = calloc(n ? n : 1, sizeof(*pc.items))) ||
	    !(pc.threads = calloc(n ? n : 1, sizeof(*pc.threads)))) {
		pw_preconnect_finish();
		return pw_error_oom();
	}
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
	for (i = 0; i < pc.count; i++) {
		for (j = 0; j < i && !same_target(&pc.items[j], &pc.items[i]); j++)
			;
		if (j < i)
			continue; /* that host's thread opens this one too */
		if (pthread_create(&pc.threads[pc.nthreads], NULL, open_host,
		                   (void *)(uintptr_t)i) == 0)
			pc.nthreads++;
		else
			for (j = i; j < pc.count; j++) /* nobody will: libgit2 connects itself */
				if (same_target(&pc.items[j], &pc.items[i]))
					pc.items[j].done = 1;
	}
	return 0;
}

/* Takes a pre-opened connection to host:port, waiting for the ones still being
 * opened; -1 when there is none. */
static int take(const char *host, const char *port, pending *out)
{
	size_t i;
	int waiting, fd = -1;

	pthread_mutex_lock(&pc.mutex);
	do {
		waiting = 0;
		for (i = 0; i < pc.count && fd < 0; i++) {
			pending *p = &pc.items[i];
			if (strcasecmp(p->host, host) != 0 || strcmp(p->port, port) != 0)
				continue;
			if (!p->done) {
				waiting = 1;
			} else if (p->fd >= 0) {
				fd = p->fd;
				*out = *p;
				p->fd = -1;
				pc.taken++;
			}
		}
		if (fd < 0 && waiting)
			pthread_cond_wait(&pc.changed, &pc.mutex);
	} while (fd < 0 && waiting);
	pthread_mutex_unlock(&pc.mutex);
	return fd;
}

int pw_preconnect_install(void)
{
	static git_stream_registration reg = {GIT_STREAM_VERSION, pw_preconnect_stream_new, NULL};

	if (pc.installed)
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
	/* not under the mutex: the threads take it to report */
	for (i = 0; i < pc.nthreads; i++)
		pthread_join(pc.threads[i], NULL);
	pthread_mutex_lock(&pc.mutex);
	for (i = 0; i < pc.count; i++) {
		if (pc.items[i].fd >= 0)
			close(pc.items[i].fd);
		free(pc.items[i].host);
		free(pc.items[i].port);
	}
	free(pc.items);
	free(pc.threads);
	pc.items = NULL;
	pc.threads = NULL;
	pc.count = pc.nthreads = pc.taken = 0;
	pc.installed = 0;
	pthread_mutex_unlock(&pc.mutex);
}

void pw_preconnect_count(size_t *targets, size_t *opened, size_t *taken)
{
	size_t i;

	pthread_mutex_lock(&pc.mutex);
	for (i = 0; i < pc.count; i++)
		while (!pc.items[i].done)
			pthread_cond_wait(&pc.changed, &pc.mutex);
	*targets = pc.count;
	*opened = pc.taken;
	for (i = 0; i < pc.count; i++)
		if (pc.items[i].fd >= 0)
			(*opened)++;
	*taken = pc.taken;
	pthread_mutex_unlock(&pc.mutex);
}

/* --- the stream ---------------------------------------------------------------------- */

/* The layout of libgit2's own socket stream (parent, host, port, socket) comes
 * first: libgit2's ssh transport looks inside (it hands the socket to libssh2),
 * so the stream serves ssh too. */
typedef struct stream {
	git_stream parent;
	char *host, *port;
	int fd;
	/* ours */
	struct timespec connected;
	int cut;             /* the watchdog shut the connection down */
	struct stream *next; /* in the watchdog's list */
	int watched;
} stream;

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* --- the watchdog ----------------------------------------------------------------------
 * A connection whose socket someone else reads and writes (libssh2, for ssh://)
 * is watched from a thread: when the kernel has seen no data in either
 * direction for the bound, the socket is shut down, which makes libssh2's
 * blocking wait return and the fetch fail. A stream read or written through
 * stream_read/stream_write is bounded there instead and leaves the list at its
 * first use. The thread runs while the list is not empty. */
static struct {
	pthread_mutex_t mutex;
	pthread_cond_t changed;
	stream *head;
	int running;
} wd = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};

/* Milliseconds since the last data in either direction (or since connected). */
static long idle_ms(const stream *st)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	long idle = elapsed_ms(&st->connected);

	if (getsockopt(st->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_last_ack_recv)) {
		if ((long)ti.tcpi_last_data_recv < idle)
			idle = (long)ti.tcpi_last_data_recv;
		if ((long)ti.tcpi_last_data_sent < idle)
			idle = (long)ti.tcpi_last_data_sent;
	}
	return idle;
}

static void *watchdog(void *arg)
{
	long tick = timeout_ms / 4 < 1000 ? (timeout_ms / 4 > 10 ? timeout_ms / 4 : 10) : 1000;
	struct timespec until;
	stream *st;

	(void)arg;
	pthread_mutex_lock(&wd.mutex);
	while (wd.head) {
		for (st = wd.head; st; st = st->next)
			if (!st->cut && idle_ms(st) >= timeout_ms) {
				shutdown(st->fd, SHUT_RDWR);
				st->cut = 1;
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += (tick % 1000) * 1000000L;
		until.tv_sec += tick / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&wd.changed, &wd.mutex, &until);
	}
	wd.running = 0;
	pthread_mutex_unlock(&wd.mutex);
	return NULL;
}

/* Best effort: without the thread the connection is not watched. */
static void watch(stream *st)
{
	pthread_attr_t attr;
	pthread_t t;

	pthread_mutex_lock(&wd.mutex);
	st->next = wd.head;
	wd.head = st;
	st->watched = 1;
	if (!wd.running && pthread_attr_init(&attr) == 0) {
		if (pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
		    pthread_create(&t, &attr, watchdog, NULL) == 0)
			wd.running = 1;
		pthread_attr_destroy(&attr);
	}
	pthread_mutex_unlock(&wd.mutex);
}

/* Takes `st` out of the list; notes in this thread when the watchdog cut it. */
static void unwatch(stream *st)
{
	stream **p;

	if (!st->watched)
		return;
	pthread_mutex_lock(&wd.mutex);
	for (p = &wd.head; *p; p = &(*p)->next)
		if (*p == st) {
			*p = st->next;
			break;
		}
	st->watched = 0;
	if (st->cut)
		timed_out_here = 1;
	pthread_cond_broadcast(&wd.changed);
	pthread_mutex_unlock(&wd.mutex);
}

/* --- connecting ------------------------------------------------------------------------ */

/* Whether a pre-opened connection can be handed over: connected, young, and
 * not closed by the server (which, in git:// and http(s), never speaks first).
 * *err receives why the connection attempt failed, if it did. */
static int usable(const pending *p, int *err)
{
	struct pollfd pf = {p->fd, POLLOUT, 0};
	socklen_t len = sizeof(*err);
	int flags, r;

	*err = 0;
	if (elapsed_ms(&p->opened) > MAX_AGE_MS)
		return 0;
	while ((r = poll(&pf, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	if (r == 0) {
		*err = ETIMEDOUT;
		return 0;
	}
	if (r != 1 || getsockopt(p->fd, SOL_SOCKET, SO_ERROR, err, &len) < 0 || *err)
		return 0;
	pf.events = POLLIN;
	pf.revents = 0;
	if (poll(&pf, 1, 0) != 0)
		return 0;
	return (flags = fcntl(p->fd, F_GETFL)) >= 0 &&
	       fcntl(p->fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
}

/* connect(2) to one address within the bound; the socket is left blocking.
 * Returns the socket, or -1 with errno set. */
static int connect_bounded(const struct addrinfo *a)
{
	struct pollfd pf;
	socklen_t len = sizeof(int);
	int fd, r, err = 0;

	if ((fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
	                 a->ai_protocol)) < 0)
		return -1;
	if (connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
		if (errno != EINPROGRESS)
			goto fail;
		pf.fd = fd;
		pf.events = POLLOUT;
		pf.revents = 0;
		while ((r = poll(&pf, 1, timeout_ms)) < 0 && errno == EINTR)
			;
		if (r == 0)
			errno = ETIMEDOUT;
		if (r != 1)
			goto fail;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			goto fail;
		if (err) {
			errno = err;
			goto fail;
		}
	}
	if ((r = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, r & ~O_NONBLOCK) < 0)
		goto fail;
	return fd;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

/* A new connection to the first address of host:port that answers within the
 * bound, skipping `timed_out` (an address whose connection attempt just timed
 * out: trying it again would wait as long again). */
static int connect_fresh(stream *st, const pending *timed_out)
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
		if (timed_out && a->ai_addrlen == timed_out->addrlen &&
		    memcmp(a->ai_addr, &timed_out->addr, a->ai_addrlen) == 0) {
			err = ETIMEDOUT;
			continue;
		}
		if ((fd = connect_bounded(a)) < 0)
			err = errno;
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		if (err == ETIMEDOUT)
			timed_out_here = 1;
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
	pending p;
	int err;

	if (take(st->host, st->port, &p) >= 0) {
		if (usable(&p, &err)) {
			st->fd = p.fd;
		} else {
			close(p.fd);
			if (connect_fresh(st, err == ETIMEDOUT ? &p : NULL) < 0)
				return -1;
		}
	} else if (connect_fresh(st, NULL) < 0) {
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &st->connected);
	watch(st);
	return 0;
}

/* Waits until the socket is ready for `events`, at most the bound. */
static int ready(stream *st, short events)
{
	struct pollfd pf = {st->fd, events, 0};
	int r;

	unwatch(st); /* read and written here: bounded here */
	while ((r = poll(&pf, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	if (r == 0) {
		timed_out_here = 1;
		git_error_set(GIT_ERROR_NET, "%s:%s: no progress for %d s", st->host, st->port,
		              timeout_ms / 1000);
		return -1;
	}
	return 0; /* an error or hang-up shows in the recv or send that follows */
}

static ssize_t stream_read(git_stream *s, void *data, size_t len)
{
	stream *st = (stream *)s;
	ssize_t r;

	if (ready(st, POLLIN) < 0)
		return -1;
	while ((r = recv(st->fd, data, len, 0)) < 0 && errno == EINTR)
		;
	if (r < 0)
		git_error_set(GIT_ERROR_NET, "error receiving socket data: %s", strerror(errno));
	return r;
}

static ssize_t stream_write(git_stream *s, const char *data, size_t len, int flags)
{
	stream *st = (stream *)s;
	ssize_t r;

	(void)flags;
	if (ready(st, POLLOUT) < 0)
		return -1;
	/* MSG_NOSIGNAL: a server hanging up is an error to report, not SIGPIPE;
	 * MSG_DONTWAIT: poll said there is room, send no more than fits */
	while ((r = send(st->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT)) < 0 && errno == EINTR)
		;
	if (r < 0)
		git_error_set(GIT_ERROR_NET, "error sending data: %s", strerror(errno));
	return r;
}

static int stream_close(git_stream *s)
{
	stream *st = (stream *)s;
	int r = 0;

	unwatch(st);
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
	if (!port) {
		free(st);
		git_error_set(GIT_ERROR_NET, "no port to connect to %s", host);
		return -1;
	}
	if (!st || !(st->host = strdup(host)) || !(st->port = strdup(port))) {
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

void pw_preconnect_set_timeout(int seconds)
{
	timeout_ms = (seconds > 0 ? seconds : PW_PRECONNECT_TIMEOUT_DEFAULT) * 1000;
}

int pw_preconnect_timeout(void)
{
	return timeout_ms / 1000;
}

int pw_preconnect_timed_out(void)
{
	int r = timed_out_here;
	timed_out_here = 0;
	return r;
}
