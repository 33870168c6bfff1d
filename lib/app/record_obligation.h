/* The use case of `pkiwatch obligation`: one action of the officer on an
 * obligation (add, done, evidence, accept, waive, due; tsp/obligrec.h),
 * checked against the obligations derived today from what the workspace
 * loads, and committed as ledger/obligations/<id>.json alone, authored by
 * the workspace's author (the officer). */
#ifndef PW_RECORD_OBLIGATION_H
#define PW_RECORD_OBLIGATION_H

#include "app/workspace.h"
#include "tsp/obligrec.h"

/* Records `action` (PW_OBLIGREC_ACTION_INIT, then its fields; its `today`
 * NULL: the workspace's today). Bad input is PW_EINPUT or PW_ENOTFOUND with
 * nothing written (pw_obligrec_record). Clear `out`
 * (pw_obligrec_result_clear) either way. */
int pw_record_obligation_run(pw_obligrec_result *out, pw_workspace *ws,
                             const pw_obligrec_action *action);

#endif
