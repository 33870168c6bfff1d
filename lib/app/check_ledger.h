/* The use case of `pkiwatch verify`: the history of the compliance
 * repository's ledger checked (ledger/verify.h), every sign-off against the
 * change set the workspace loads from the mirrors. */
#ifndef PW_CHECK_LEDGER_H
#define PW_CHECK_LEDGER_H

#include "app/workspace.h"
#include "ledger/verify.h"

/* Checks the ledger; the problems found are in `out` (the call fails only
 * when the check cannot be made). Clear `out` either way. */
int pw_check_ledger_run(pw_verify_report *out, pw_workspace *ws);

#endif
