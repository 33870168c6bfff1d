/* The ledger's decisions shown on their issue: the ledger is the source of
 * truth, the issue follows it. For every change of a group with a ledger
 * entry the issue gets one comment with the decision (hidden marker
 * <!-- pkiwatch:signoff <change id> <time> <decision> -->, the entry's time and decision telling
 * one decision from a later one that replaced it) and its body a line
 * <!-- pkiwatch:decided <change id> <time> <decision> --> saying the comment is there;
 * labels follow (needs-signoff or signed-off) and the issue is closed once
 * every change of it is decided (reopened when a decision was reverted).
 *
 * Only the group's marked changes (issue.h: the newest, as many as GitHub's
 * limit leaves room for) get the body line; a decision on a change beyond
 * them gets its comment when the issue is next updated (another decision,
 * its labels, its closing once every change is decided).
 *
 * Idempotent and cheap: an issue whose body already names every decision of
 * its marked changes and whose labels and state agree costs no request. A run that dies between the
 * comment and the body update finds its comment again (no second one). A
 * changed decision (the old sign-off reverted, a new one recorded) has a new
 * time: it gets its own comment and replaces the body line. Comments of
 * earlier versions (marker without the time) count for the decision whose
 * time they show. */
#ifndef PW_REFLECT_H
#define PW_REFLECT_H

#include <stddef.h>

#include "core/config.h"
#include "github/github.h"
#include "ledger/ledger.h"
#include "publish/issue.h"
#include "publish/publish.h"

typedef struct {
	size_t commented; /* decision comments posted */
	int updated;      /* body, labels or state changed */
	int closed, reopened;
	int all_decided; /* every change of the group has a ledger entry */
	int open;        /* the issue's state as the call left it */
} pw_reflect_result;

typedef struct {
	const pw_config *cfg; /* extra labels (NULL: none) */
	const char *body;     /* the issue's body as it is now (NULL: the listed one) */
	/* the change whose ledger commit is `commit` (named in its comment); may be NULL */
	const char *change, *commit;
	/* the issue's labels and state as this run left them (NULL: as listed) */
	const pw_strlist *labels;
	int open;
	/* what has no normative effect, for the sign-off part (issue.h); may be NULL */
	const pw_noise *noise;
} pw_reflect_opts;

#define PW_REFLECT_OPTS_INIT                                                                       \
	{                                                                                          \
		.cfg = NULL                                                                        \
	}

/* Reflects the decisions of group `g` (`ledger`: the ledger now) on its
 * issue `x`. */
int pw_reflect_issue(pw_reflect_result *res, pw_github *gh, const pw_existing_issue *x,
                     const pw_issue_group *g, const pw_ledger *ledger, const pw_reflect_opts *opts);

#endif
