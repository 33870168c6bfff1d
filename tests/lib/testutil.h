/* Helpers shared by the cmocka tests. Include after cmocka.h's prerequisites. */
#ifndef PW_TESTUTIL_H
#define PW_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* The project's source directory ($PKIWATCH_SRC, else "."). */
const char *tu_src(void);
/* The built binary ($PKIWATCH_BIN, else build/pkiwatch). */
const char *tu_bin(void);
/* "<src>/<rel>" in a static buffer that the next call overwrites. */
const char *tu_src_path(const char *rel);

/* A fresh temporary directory; caller frees the string (and removes it with tu_rmrf). */
char *tu_tempdir(void);
void tu_rmrf(const char *path);
void tu_write(const char *path, const char *text);
char *tu_read(const char *path); /* NULL when missing */

/* Runs `sh -c cmd` with stdout and stderr captured (either may be NULL).
 * Returns the exit status, or 128+signal. */
int tu_sh(char **out, char **err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The directory of unpacked upstream bare repositories ($PKIWATCH_UPSTREAM).
 * When it is missing the test is skipped, or fails when
 * PKIWATCH_REQUIRE_REAL_DATA=1. Use as: const char *up = tu_upstream_or_skip(); */
const char *tu_upstream(void);
#define tu_upstream_or_skip()                                                                      \
	({                                                                                         \
		const char *u_ = tu_upstream();                                                    \
		if (!u_) {                                                                         \
			const char *r_ = getenv("PKIWATCH_REQUIRE_REAL_DATA");                     \
			if (r_ && *r_ == '1')                                                      \
				fail_msg("PKIWATCH_REQUIRE_REAL_DATA=1 but PKIWATCH_UPSTREAM "     \
				         "holds no upstream repositories");                        \
			print_message("skipped: set PKIWATCH_UPSTREAM to unpacked "                \
			              "../shared/upstream bundles\n");                             \
			skip();                                                                    \
		}                                                                                  \
		u_;                                                                                \
	})

/* Fails the test unless `text` (may be NULL) contains `what`, showing the text. */
void tu_assert_has(const char *text, const char *what);

/* Fails the test if `text` (may be NULL) contains `what`, showing the text. */
void tu_assert_lacks(const char *text, const char *what);

/* A free TCP port on 127.0.0.1 (bound then released). */
int tu_free_port(void);

#endif
