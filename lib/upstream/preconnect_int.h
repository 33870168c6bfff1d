/* upstream/preconnect.c's test hooks: not part of the library's interface;
 * only preconnect.c and its tests include this. */
#ifndef PW_PRECONNECT_INT_H
#define PW_PRECONNECT_INT_H

#include <git2.h>
#include <git2/sys/stream.h>
#include <stddef.h>

/* The stream constructor that pw_preconnect_install registers. */
int pw_preconnect_stream_new(git_stream **out, const char *host, const char *port);

/* Waits until every connection is opened (or failed), then tells how many
 * URLs were to be opened, how many connections were opened and how many of
 * them libgit2 has taken so far. */
void pw_preconnect_count(size_t *targets, size_t *opened, size_t *taken);

#endif
