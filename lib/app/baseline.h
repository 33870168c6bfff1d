/* The baseline use case (`pkiwatch baseline`): the officer records
 * pkiwatch.json's "baseline" in the ledger (ledger/baseline.h) with the
 * changes it covers: those of the enabled sources, since `since`, whose
 * issue would hold only changes dated before it (a ballot adopted after the
 * baseline keeps its earlier drafts on its issue). They are the accepted
 * status quo: publish opens no issue for them. */
#ifndef PW_APP_BASELINE_H
#define PW_APP_BASELINE_H

#include <stddef.h>

#include "app/workspace.h"
#include "ledger/baseline.h"

typedef struct {
	/* a different baseline is recorded already: record this one instead
	 * (without it that is PW_EINPUT) */
	int replace;
} pw_app_baseline_opts;

#define PW_APP_BASELINE_OPTS_INIT                                                                  \
	{                                                                                          \
		.replace = 0                                                                       \
	}

typedef struct {
	char date[11];
	int recorded;       /* this run committed it (0: it was recorded already) */
	char commit[41];    /* that commit */
	char *replaced;     /* the baseline recorded before, when it was another day */
	pw_strlist changes; /* the change ids it covers */
	/* per enabled source with changes before the baseline: "<source>" and
	 * their count, in the same order */
	pw_strlist sources;
	size_t *counts;
} pw_app_baseline_result;

/* Records the configuration's baseline. PW_EINPUT when pkiwatch.json has
 * none, or when another one is recorded and opts->replace is not set. */
int pw_app_baseline_record(pw_app_baseline_result *res, pw_workspace *ws,
                           const pw_app_baseline_opts *opts);
void pw_app_baseline_result_clear(pw_app_baseline_result *res);

#endif
