/* git's own reading of a document deleted and added again, for the tests
 * that compare a walk of a real history with git. */
#ifndef PW_TEST_GITREADD_H
#define PW_TEST_GITREADD_H

#include "core/sources.h"

/* " 'path' 'former' ..." of one document, for sh command lines (caller
 * frees). */
char *gitreadd_paths(const pw_document *doc);

/* The commits of the source's first-parent history in the bare repository
 * `mirror` that add a document again (no path it has had stands in their
 * parent) as it stood when last seen (the blob in the parent of the commit
 * that removed it: git log -1 of its paths) and change no other document of
 * the source: no change. "id\n" each, "" for none (caller frees). */
char *gitreadd_same(const char *mirror, const pw_source *s);

/* `log` ("%H ..." lines) without the lines of the commits in `skip`
 * ("id\n" each; caller frees). */
char *gitreadd_without(const char *log, const char *skip);

#endif
