/* The officer's obligation records: ledger/obligations/<id>.json in the
 * compliance repository, one file per obligation, each action one commit of
 * that file alone (ledger/commit.h), authored by the officer with a
 * Signed-off-by trailer, like a sign-off:
 *
 *   {"id": "ob-<tsp>-<8 hex>", "tsp": "<tsp id>",
 *    "added": {"kind": "officer", "what": "...", "due": "YYYY-MM-DD",   only for
 *              "changes": ["<change id>"],                              obligations the
 *              "milestones": [{"what": "...", "due": "YYYY-MM-DD"}]},   officer added
 *    "events": [
 *      {"action": "done", "milestone": N, "date": D, ...},
 *      {"action": "evidence", "file": {"name": "report.pdf", "size": N,
 *                                      "sha1": "<git blob id>"}, "note": ..., ...},
 *      {"action": "evidence", "url": "https://...", "note": ..., ...},
 *      {"action": "accept", "note": ..., "date": D, ...},
 *      {"action": "waive", "note": "...", "date": D, ...},
 *      {"action": "due", "date": D, "note": "...", ...},
 *      {"action": "answer", "status": S, "evidence": ..., "date": D,    the TSP's
 *       "comment": ..., "form": ..., ...}]}                           (obliganswer.h)
 *  every event also carries "time" (ISO 8601 UTC) and "by" ("Name <email>").
 *
 * Evidence files are not copied anywhere: confidential audit reports stay in
 * the authority's document store, out of the compliance repository (which
 * is on GitHub). The ledger keeps the file's name, size and git blob id
 * (`git hash-object FILE` prints the same), so an auditor can check that the
 * file shown is the one accepted. */
#ifndef PW_OBLIGREC_H
#define PW_OBLIGREC_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "classify/changeset.h"
#include "core/tsp.h"
#include "tsp/obligation.h"

/* Loads every <root>/ledger/obligations/<id>.json (none: an empty list); a
 * malformed record is PW_EINPUT naming the file and the JSON path. */
int pw_obligrec_load_all(pw_obligation_records *out, const char *root);

enum {
	PW_OBLIGREC_ADD = 1,
	PW_OBLIGREC_DONE,
	PW_OBLIGREC_EVIDENCE,
	PW_OBLIGREC_ACCEPT,
	PW_OBLIGREC_WAIVE,
	PW_OBLIGREC_DUE,
};

typedef struct {
	int action;     /* PW_OBLIGREC_* */
	const char *id; /* the obligation (not for add) */
	/* add */
	const char *tsp, *what, *due, *from;
	const char *const *milestones; /* "TEXT=YYYY-MM-DD" each */
	size_t nmilestones;
	/* done */
	long milestone; /* 1-based, in the listed order */
	/* evidence */
	const char *file, *url;
	/* evidence, accept, waive, due */
	const char *note;
	const char *date;  /* due: the new date */
	const char *today; /* YYYY-MM-DD: the day done/accept/waive record */
	const char *time;  /* ISO 8601 UTC; NULL: now */
} pw_obligrec_action;

#define PW_OBLIGREC_ACTION_INIT                                                                    \
	{                                                                                          \
		.action = 0                                                                        \
	}

typedef struct {
	char *id;        /* the obligation */
	char commit[41]; /* the ledger commit */
	char *summary;   /* one line: what was recorded */
} pw_obligrec_result;

/* Validates the action against the obligations as derived now (`current`,
 * pw_obligations_derive with the records), the TSPs and the change set
 * (add --from), then commits the record. Bad input (unknown id, TSP or
 * change, a milestone number out of range, evidence or acceptance for an
 * obligation already met or waived, acceptance without evidence (the
 * officer's, or the TSP's answer "done" with its evidence), a bad
 * date, a missing note or file) is PW_EINPUT or PW_ENOTFOUND naming the
 * argument; nothing is written then. `name`/`email`: the officer. */
int pw_obligrec_record(pw_obligrec_result *res, const char *root, const pw_obligations *current,
                       const pw_tsps *tsps, const pw_changeset *set, const pw_obligrec_action *a,
                       const char *name, const char *email);
void pw_obligrec_result_clear(pw_obligrec_result *r);

#endif
