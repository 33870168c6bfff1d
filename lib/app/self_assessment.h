/* The self-assessment use cases (`pkiwatch self-assessment`): write a TSP's
 * worksheet of a document version, import a filled-in one, accept an
 * imported one (tsp/assessment.h), on what the workspace loads. */
#ifndef PW_SELF_ASSESSMENT_H
#define PW_SELF_ASSESSMENT_H

#include "app/workspace.h"
#include "tsp/assessment.h"
#include "tsp/worksheet.h"

typedef struct {
	const char *tsp;      /* write: required; import: expected (NULL: any) */
	const char *document; /* write: required; import: expected (NULL: any) */
	const char *version;  /* NULL: the current one (write), any (import), the
	                       * newest imported one not yet accepted (accept) */
	const char *out_dir;  /* write: NULL: self-assessments/<tsp>/ in the repository */
	int formats;          /* write: PW_ASSESSMENT_*; 0: xlsx */
} pw_self_assessment_opts;

#define PW_SELF_ASSESSMENT_OPTS_INIT                                                               \
	{                                                                                          \
		.tsp = NULL                                                                        \
	}

/* Writes the worksheet; `paths` and `out` as pw_assessment_write. */
int pw_self_assessment_write(char ***paths, pw_worksheet *out, pw_workspace *ws,
                             const pw_self_assessment_opts *opts);
/* Imports the filled-in worksheet `file`; the commit's author is the
 * workspace's (the officer). */
int pw_self_assessment_import(pw_assessment_result *res, pw_workspace *ws, const char *file,
                              const pw_self_assessment_opts *opts);
/* Records the officer's acceptance of opts->tsp's self-assessment of opts->document. */
int pw_self_assessment_accept(pw_assessment_result *res, pw_workspace *ws,
                              const pw_self_assessment_opts *opts);

#endif
