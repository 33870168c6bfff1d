/* The record of issued forms: which form asked which TSP about which changes
 * (and obligations: those it listed, open or overdue, with their status question),
 * when it was generated and by when the answers are due. Forms compute the
 * reply-by date; this record is what lets deadlines and summary know it later.
 *
 * One file per TSP in the compliance repository, committed like the ledger
 * (ledger/commit.h: written atomically, one commit holding that file alone,
 * authored by the officer, with a Signed-off-by trailer):
 *
 *   ledger/forms/<tsp id>.json
 *   {"tsp": "<tsp id>",
 *    "forms": [{"form": "<form id>", "generated": "YYYY-MM-DD",
 *               "reply_by": "YYYY-MM-DD", "changes": ["<change id>", ...],
 *               "obligations": ["<obligation id>", ...],     optional
 *               "issued_by": "Name <email>",
 *               "supersedes": ["<form id>", ...],            optional
 *               "superseded_by": "<form id>"}]}              optional; oldest first
 *
 * A new form that asks again what an earlier form to the same TSP asked and
 * is still unanswered replaces that form: the new entry lists it in
 * "supersedes", and the earlier entry gets "superseded_by" in the same
 * commit (the only change an entry ever gets).
 *
 * (ledger/forms/ is a directory, so the ledger loaders, which read
 * the .json files directly in ledger/ only, do not see it.) A form id is stable for the same TSP,
 * day and changes, so generating the same forms again the same day records
 * nothing and makes no commit. */
#ifndef PW_ISSUED_H
#define PW_ISSUED_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "tsp/form.h"
#include "util/strlist.h"

typedef struct {
	char *tsp;
	char *form; /* form id */
	char generated[11], reply_by[11];
	char **changes;
	size_t nchanges;
	pw_strlist
	    obligations;     /* the obligation ids it asked about (none before records had them) */
	char *issued_by;     /* may be NULL */
	char *superseded_by; /* NULL, or the form that replaced this one */
} pw_issued_form;

typedef struct {
	pw_issued_form *items; /* by TSP id, then as recorded (oldest first) */
	size_t count;
} pw_issued;

/* Loads every ledger/forms/<tsp id>.json under `root` (none: an empty list;
 * a malformed file: PW_EINPUT naming the file and JSON path). */
int pw_issued_load(pw_issued *out, const char *root);
void pw_issued_clear(pw_issued *l);

/* Loads the issuance record of TSP `tsp` alone (<root>/ledger/forms/<tsp>.json):
 * *exists = 0 and an empty list when the TSP has none (no form recorded for it,
 * e.g. a repository from before issuance records were kept). */
int pw_issued_load_tsp(pw_issued *out, int *exists, const char *root, const char *tsp);

/* The form with id `form` in `l`, or NULL. */
const pw_issued_form *pw_issued_find(const pw_issued *l, const char *form);

/* 1 when form `x` asked about `change`; about obligation `obligation`. */
int pw_issued_asks(const pw_issued_form *x, const char *change);
int pw_issued_asks_obligation(const pw_issued_form *x, const char *obligation);

/* The first form (earliest reply-by date, then generation) that asked `tsp`
 * about `change` and is not superseded, else the first superseded one that
 * did, or NULL. */
const pw_issued_form *pw_issued_first(const pw_issued *l, const char *tsp, const char *change);

/* The issuance record of form `f` as it is to be committed: *doc (the whole
 * new ledger/forms/<tsp id>.json), *rel_path ("ledger/forms/<tsp id>.json")
 * and *message (with a Signed-off-by trailer for `name` <`email`>), all owned
 * by the caller; all three NULL when the form id is recorded already. The
 * record is built on the file as committed in `base` (pw_commit_base; the
 * batch is then committed on it with pw_commit_files), NULL: on the
 * work tree's file. Nothing is written. */
int pw_issued_prepare(cJSON **doc, char **rel_path, char **message, const char *root,
                      const char *base, const pw_form *f, const char *name, const char *email);

#endif
