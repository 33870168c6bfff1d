/* lib/preconnect: connections opened before libgit2 starts, handed to its
 * stream, against listening sockets the test owns on 127.0.0.1. */
#include "testutil.h"

#include "upstream/preconnect.h"
#include "upstream/preconnect_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int setup(void **state)
{
	(void)state;
	return git_libgit2_init() < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pw_preconnect_finish();
	return 0;
}

static void assert_counts(size_t targets, size_t opened, size_t taken)
{
	size_t n, o, t;
	pw_preconnect_count(&n, &o, &t);
	assert_int_equal(n, targets);
	assert_int_equal(o, opened);
	assert_int_equal(t, taken);
}

/* A socket bound to a free port on 127.0.0.1, which *port receives; listening,
 * or only bound: then connections are refused, and no other process can take
 * the port meanwhile. */
static int bound(int *port, int listening)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	if (listening)
		assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static int listener(int *port)
{
	return bound(port, 1);
}

/* Whether another connection waits on `lfd` (without blocking). */
static int pending_connection(int lfd)
{
	struct pollfd p = {lfd, POLLIN, 0};
	return poll(&p, 1, 0) == 1;
}

/* Accepts the connection that must arrive on `lfd`: fails after 10 s rather
 * than hanging. */
static int accept_one(int lfd)
{
	struct pollfd p = {lfd, POLLIN, 0};
	int fd;

	assert_int_equal(poll(&p, 1, 10000), 1);
	fd = accept(lfd, NULL, NULL);
	assert_true(fd >= 0);
	return fd;
}

/* Starts pre-opening <before>127.0.0.1:<port>/x.git */
static void start_one(const char *before, int port)
{
	char url[128];
	char *urls[1] = {url};
	snprintf(url, sizeof(url), "%s127.0.0.1:%d/x.git", before, port);
	assert_int_equal(pw_preconnect_start(urls, 1), 0);
}

static git_stream *connected_stream(const char *host, int port)
{
	git_stream *s = NULL;
	char p[16];
	snprintf(p, sizeof(p), "%d", port);
	assert_int_equal(pw_preconnect_stream_new(&s, host, p), 0);
	assert_int_equal(s->connect(s), 0);
	return s;
}

/* What the stream writes arrives on `peer`, and what `peer` writes the stream reads. */
static void assert_talks_to(git_stream *s, int peer)
{
	char buf[16] = {0};
	assert_int_equal(s->write(s, "0009hello", 9, 0), 9);
	assert_int_equal(recv(peer, buf, 9, MSG_WAITALL), 9);
	assert_string_equal(buf, "0009hello");
	assert_int_equal(send(peer, "0000", 4, 0), 4);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(s->read(s, buf, 4), 4);
	assert_string_equal(buf, "0000");
}

static void test_hands_over_the_preopened_connection(void **state)
{
	int port, lfd = listener(&port), peer;
	git_stream *s;
	(void)state;

	start_one("git://", port);
	/* the connection exists before libgit2 is asked for one */
	peer = accept_one(lfd);
	assert_int_equal(pw_preconnect_install(), 0);
	s = connected_stream("127.0.0.1", port);
	assert_counts(1, 1, 1);
	assert_false(pending_connection(lfd)); /* no second connection was made */
	assert_talks_to(s, peer);
	assert_int_equal(s->close(s), 0);
	s->free(s);
	close(peer);
	close(lfd);
}

/* Waits (bounded) until the peer's TCP has acknowledged our FIN: then the
 * pre-opened socket has certainly seen the server close it. */
static void wait_fin_acked(int fd)
{
	struct timespec t0, now;
	struct tcp_info ti;
	socklen_t len;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		len = sizeof(ti);
		assert_int_equal(getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len), 0);
		if (ti.tcpi_state == TCP_FIN_WAIT2)
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		assert_true(now.tv_sec - t0.tv_sec < 10);
		poll(NULL, 0, 1);
	}
}

static void test_connection_closed_by_server_is_replaced(void **state)
{
	int port, lfd = listener(&port), first, second;
	git_stream *s;
	(void)state;

	start_one("https://", port);
	first = accept_one(lfd);
	assert_int_equal(shutdown(first, SHUT_WR), 0); /* the server hangs up */
	wait_fin_acked(first);
	assert_int_equal(pw_preconnect_install(), 0);
	s = connected_stream("127.0.0.1", port);
	assert_counts(1, 1, 1);
	assert_true(pending_connection(lfd)); /* a fresh connection took its place */
	second = accept_one(lfd);
	assert_talks_to(s, second);
	s->free(s);
	close(first);
	close(second);
	close(lfd);
}

static void test_refused_reports_like_libgit2(void **state)
{
	int port, reserved = bound(&port, 0);
	char p[16];
	git_stream *s = NULL;
	const git_error *e;
	(void)state;

	start_one("git://", port);
	assert_int_equal(pw_preconnect_install(), 0);
	snprintf(p, sizeof(p), "%d", port);
	assert_int_equal(pw_preconnect_stream_new(&s, "127.0.0.1", p), 0);
	assert_int_equal(s->connect(s), -1);
	e = git_error_last();
	assert_non_null(e);
	assert_non_null(strstr(e->message, "failed to connect to 127.0.0.1"));
	assert_non_null(strstr(e->message, "refused"));
	s->free(s);
	close(reserved);
}

/* Another host or port than the pre-opened one: a connection of its own; the
 * pre-opened one is closed by pw_preconnect_finish. */
static void test_other_port_connects_itself_and_unused_is_closed(void **state)
{
	int port, other, lfd = listener(&port), lfd2 = listener(&other), peer, peer2;
	char c;
	git_stream *s;
	(void)state;

	start_one("https://officer:secret@", port); /* the userinfo is skipped */
	peer = accept_one(lfd);
	assert_int_equal(pw_preconnect_install(), 0);
	s = connected_stream("127.0.0.1", other);
	assert_counts(1, 1, 0);
	assert_true(pending_connection(lfd2));
	peer2 = accept_one(lfd2);
	assert_talks_to(s, peer2);
	s->free(s);
	pw_preconnect_finish();
	assert_int_equal(recv(peer, &c, 1, 0), 0); /* closed, unused */
	close(peer);
	close(peer2);
	close(lfd);
	close(lfd2);
}

/* Local paths and file:// URLs open nothing, and libgit2 keeps its own stream. */
static void test_local_urls_open_nothing(void **state)
{
	char *urls[] = {"/srv/upstream/cabforum-smime.git",
	                "file:///srv/x.git",
	                "relative/dir",
	                "git://",
	                "https://[::1/x",
	                "git://127.0.0.1:99999999/x",
	                "git://127.0.0.1:/x",
	                "git://127.0.0.1:9x/x"};
	(void)state;

	assert_int_equal(pw_preconnect_start(urls, sizeof(urls) / sizeof(urls[0])), 0);
	assert_int_equal(pw_preconnect_install(), 0);
	assert_counts(0, 0, 0); /* none of them is a host and port to open */
}

/* A local path among network URLs is skipped; the network ones are opened
 * (schemes are case-insensitive, as in libgit2). */
static void test_local_path_beside_network_url(void **state)
{
	int port, lfd = listener(&port), peer;
	char url[64];
	char *urls[] = {"/srv/upstream/cabforum-smime.git", url};
	(void)state;

	snprintf(url, sizeof(url), "GIT://127.0.0.1:%d/x.git", port);
	assert_int_equal(pw_preconnect_start(urls, 2), 0);
	peer = accept_one(lfd);
	assert_counts(1, 1, 0);
	close(peer);
	close(lfd);
}

typedef struct {
	int port, rc;
	git_stream *s;
} taker;

static void *take_one(void *arg)
{
	taker *t = arg;
	char p[16];
	snprintf(p, sizeof(p), "%d", t->port);
	t->rc = pw_preconnect_stream_new(&t->s, "127.0.0.1", p);
	if (t->rc == 0)
		t->rc = t->s->connect(t->s);
	return NULL;
}

/* Several sources on one host, connecting at once (mirror's threads): each
 * gets a pre-opened connection of its own, and no other is made. */
static void test_threads_share_out_the_connections(void **state)
{
	enum { N = 4 };
	int port, lfd = listener(&port), peers[N], i, j, got[N] = {0};
	char url[64], buf[8];
	char *urls[N];
	pthread_t th[N];
	taker t[N];
	(void)state;

	snprintf(url, sizeof(url), "git://127.0.0.1:%d/x.git", port);
	for (i = 0; i < N; i++)
		urls[i] = url;
	assert_int_equal(pw_preconnect_start(urls, N), 0);
	for (i = 0; i < N; i++)
		peers[i] = accept_one(lfd);
	assert_int_equal(pw_preconnect_install(), 0);
	for (i = 0; i < N; i++) {
		t[i] = (taker){port, -1, NULL};
		assert_int_equal(pthread_create(&th[i], NULL, take_one, &t[i]), 0);
	}
	for (i = 0; i < N; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(t[i].rc, 0);
	}
	assert_counts(N, N, N);
	assert_false(pending_connection(lfd));
	/* each stream reaches a different one of the accepted connections */
	for (i = 0; i < N; i++) {
		char msg[16];
		snprintf(msg, sizeof(msg), "%04d", i);
		assert_int_equal(t[i].s->write(t[i].s, msg, 4, 0), 4);
	}
	for (j = 0; j < N; j++) {
		assert_int_equal(recv(peers[j], buf, 4, MSG_WAITALL), 4);
		buf[4] = '\0';
		i = atoi(buf);
		assert_true(i >= 0 && i < N);
		assert_int_equal(got[i], 0);
		got[i] = 1;
		close(peers[j]);
	}
	for (i = 0; i < N; i++)
		t[i].s->free(t[i].s);
	close(lfd);
}

/* libgit2's ssh transport hands the socket to libssh2: with an ssh URL among
 * the sources, nothing is opened early. */
static void test_ssh_url_turns_it_off(void **state)
{
	/* what libgit2 1.5 hands to its ssh transport, or does not know */
	static const char *const others[] = {"ssh://git@127.0.0.1/x.git", "git@127.0.0.1:x.git",
	                                     "/srv/a:b/x.git", "svn://127.0.0.1/x"};
	int port, lfd = listener(&port);
	char url[64];
	size_t i;
	(void)state;

	snprintf(url, sizeof(url), "https://127.0.0.1:%d/x.git", port);
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		char *urls[] = {url, (char *)others[i]};
		assert_int_equal(pw_preconnect_start(urls, 2), 0);
		assert_int_equal(pw_preconnect_install(), 0);
		assert_counts(0, 0, 0);
		assert_false(pending_connection(lfd));
		pw_preconnect_finish();
	}
	close(lfd);
}

/* A server that accepts and says nothing: a read gives up after the bound,
 * says so, and the thread learns that it timed out. */
static void test_read_bounded(void **state)
{
	int port, lfd = listener(&port), peer;
	char buf[8];
	git_stream *s;
	(void)state;

	pw_preconnect_set_timeout(1);
	s = connected_stream("127.0.0.1", port);
	peer = accept_one(lfd);
	assert_int_equal(pw_preconnect_timed_out(), 0);
	assert_int_equal(s->read(s, buf, sizeof(buf)), -1);
	assert_non_null(strstr(git_error_last()->message, "no progress for 1 s"));
	assert_int_equal(pw_preconnect_timed_out(), 1);
	assert_int_equal(pw_preconnect_timed_out(), 0); /* cleared */
	s->free(s);
	pw_preconnect_set_timeout(0);
	assert_int_equal(pw_preconnect_timeout(), PW_PRECONNECT_TIMEOUT_DEFAULT);
	close(peer);
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_hands_over_the_preopened_connection, teardown),
	    cmocka_unit_test_teardown(test_connection_closed_by_server_is_replaced, teardown),
	    cmocka_unit_test_teardown(test_refused_reports_like_libgit2, teardown),
	    cmocka_unit_test_teardown(test_other_port_connects_itself_and_unused_is_closed,
	                              teardown),
	    cmocka_unit_test_teardown(test_local_urls_open_nothing, teardown),
	    cmocka_unit_test_teardown(test_local_path_beside_network_url, teardown),
	    cmocka_unit_test_teardown(test_threads_share_out_the_connections, teardown),
	    cmocka_unit_test_teardown(test_ssh_url_turns_it_off, teardown),
	    cmocka_unit_test_teardown(test_read_bounded, teardown),
	};
	return cmocka_run_group_tests(tests, setup, group_teardown);
}
