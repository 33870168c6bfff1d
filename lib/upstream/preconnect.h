/* The socket stream libgit2 uses for git://, http(s) and ssh: early TCP
 * connections to the upstream hosts, and a bound on time without progress.
 *
 * Most of a mirror run that finds nothing new is waiting: for the process and
 * libgit2 to start (Debian's libgit2 parses the whole system CA bundle in
 * git_libgit2_init), then for the server, which starts its work only once a
 * connection arrives (git daemon starts a handler process per connection; an
 * https server answers the TCP handshake, a round trip away).
 *
 * pw_preconnect_start() opens the TCP connections of the given URLs in a
 * background thread, without libgit2, so that the two overlap. After
 * git_libgit2_init, pw_preconnect_install() registers a socket stream with
 * libgit2 that hands each pre-opened connection over the first time libgit2
 * connects to that host and port; libgit2 still speaks the whole protocol (and
 * TLS on top). A pre-opened connection that failed, that the server closed or
 * that is older than a few seconds is dropped and a fresh one made, as
 * libgit2's own socket stream would. pw_preconnect_finish() deregisters the
 * stream and closes what was not used.
 *
 * Every connection, early or not, is bounded (pw_preconnect_set_timeout): a
 * connect, read or write that makes no progress for that long fails, and
 * pw_preconnect_timed_out() then tells the thread that made it so. For ssh,
 * where libssh2 reads and writes the socket itself, a watchdog thread shuts the
 * connection down once the kernel has seen no data in either direction for
 * that long.
 *
 * One set of connections per process: start, install and finish in that order,
 * from one thread; the stream itself may be used from any thread. finish waits
 * for name lookups still running (libgit2 would have waited for them too). */
#ifndef PW_PRECONNECT_H
#define PW_PRECONNECT_H

#include <git2.h>
#include <stddef.h>

/* Starts connecting to the host and port of each git://, http:// and https://
 * URL (local paths are skipped; with an ssh or other URL among them, nothing is
 * opened, as libgit2's ssh transport needs its own socket stream). Best effort:
 * a failure here only means libgit2 connects later itself. Returns 0, or
 * PW_ENOMEM. */
int pw_preconnect_start(char *const *urls, size_t n);

/* Registers the stream with libgit2 (after git_libgit2_init); without
 * pw_preconnect_start it opens every connection itself. Idempotent. */
int pw_preconnect_install(void);

/* The bound on time without progress, in seconds, when none is configured. */
#define PW_PRECONNECT_TIMEOUT_DEFAULT 120

/* Sets the bound for connections made from now on (seconds; <= 0: the
 * default), and tells it. */
void pw_preconnect_set_timeout(int seconds);
int pw_preconnect_timeout(void);

/* Whether a connection of the calling thread gave up for want of progress
 * since the last call (which clears it). */
int pw_preconnect_timed_out(void);

/* Deregisters the stream, waits for the background thread and closes the
 * connections nobody took. Safe to call when nothing was started. */
void pw_preconnect_finish(void);

#endif
