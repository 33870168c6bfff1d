/* The use case of `pkiwatch publish` (and the second step of `sync`): one
 * issue per change (group), the obligations' issues and the dashboard, in
 * the configuration's repository (publish/publish_run.h), with the settings
 * the workspace resolves (today, the cache, the CA file) and
 * $PKIWATCH_GITHUB_MAX_REQUESTS. */
#ifndef PW_PUBLISH_ALL_H
#define PW_PUBLISH_ALL_H

#include "app/workspace.h"
#include "publish/publish_run.h"

typedef struct {
	int dry_run;        /* send nothing: requests and bodies go to the outbox */
	const char *outbox; /* the dry run's outbox; NULL: out/outbox in the repository */
} pw_publish_all_opts;

#define PW_PUBLISH_ALL_OPTS_INIT                                                                   \
	{                                                                                          \
		.dry_run = 0                                                                       \
	}

typedef struct {
	pw_publish_run run; /* what was loaded and done; see publish_run.h */
	char *outbox;       /* the dry run's outbox, else NULL */
} pw_publish_all_result;

/* Publishes. When GitHub refused some issues (out->run.st.failed) the others
 * are published all the same and the call fails with that failure; the
 * result holds each issue's outcome. Clear `out` either way. */
int pw_publish_all_run(pw_publish_all_result *out, pw_workspace *ws,
                       const pw_publish_all_opts *opts);
void pw_publish_all_result_clear(pw_publish_all_result *r);

#endif
