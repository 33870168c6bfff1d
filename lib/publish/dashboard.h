/* The dashboard issue ("pkiwatch dashboard", marker <!-- pkiwatch:dashboard -->):
 * what awaits sign-off (oldest first, with age in days), effective dates in
 * the next 180 days, and what was recently signed off. */
#ifndef PW_DASHBOARD_H
#define PW_DASHBOARD_H

#include <stddef.h>

#include "publish/issue.h"
#include "ledger/ledger.h"

#define PW_DASHBOARD_TITLE  "pkiwatch dashboard"
#define PW_DASHBOARD_MARKER "<!-- pkiwatch:dashboard -->"

typedef struct {
	const pw_issue_group *group;
	long number;    /* issue number, 0 when not known (dry run) */
	int signed_off; /* every change of the group is in the ledger */
} pw_dashboard_entry;

/* The body (caller frees). `today` is YYYY-MM-DD. */
char *pw_dashboard_body(const pw_dashboard_entry *entries, size_t n, const pw_ledger *ledger,
                        const char *today);

#endif
