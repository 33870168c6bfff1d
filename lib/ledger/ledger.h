/* The sign-off ledger of the compliance repository: ledger/<change id>.json,
 * one file per signed-off change, each added by its own git commit that
 * touches nothing else (ledger/commit.h). This module is the entry format:
 * parse, write, load, find. */
#ifndef PW_LEDGER_H
#define PW_LEDGER_H

#include <signal.h>
#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct {
	char *change;   /* change id */
	char *decision; /* "applicable" or "not-applicable" */
	char **tsps;
	size_t ntsps;
	char *note; /* may be NULL */
	/* may be NULL: the officer's note for the TSPs ("what this means for
	 * you"), printed on their forms; `note` stays internal (it may speak of
	 * other TSPs) */
	char *tsp_note;
	char *officer_name, *officer_email;
	char *time;          /* ISO 8601 UTC */
	char *record_digest; /* digest of the change record signed off */
	/* ids of the TSPs with a response in the entry's "responses" object
	 * (response.h); the responses themselves are read by response.c */
	char **responded;
	size_t nresponded;
	/* every other key of the parsed entry ("responses" and whatever later
	 * stages add), owned, NULL when none: pw_ledger_entry_to_json writes them
	 * back, so that parsing and writing an entry loses nothing */
	cJSON *extra;
} pw_ledger_entry;

typedef struct {
	pw_ledger_entry *items;
	size_t count;
} pw_ledger;

/* Loads every <root>/ledger/<id>.json (a missing directory is an empty ledger;
 * a malformed entry is PW_EINPUT naming the file). */
int pw_ledger_load(pw_ledger *out, const char *root);
void pw_ledger_clear(pw_ledger *l);
const pw_ledger_entry *pw_ledger_find(const pw_ledger *l, const char *change_id);

/* Parses one entry (`what` names it in messages). Keys other than the ones
 * above are allowed: later stages add to an entry; they are kept in `extra`. */
int pw_ledger_entry_parse(pw_ledger_entry *e, const char *what, const cJSON *json);
void pw_ledger_entry_clear(pw_ledger_entry *e);
cJSON *pw_ledger_entry_to_json(const pw_ledger_entry *e);

/* The one place the path of a change's ledger entry is made: *out gets
 * "<dir>/ledger/<change id>.json" (caller frees); `dir` NULL or "": the path
 * inside the repository, "ledger/<change id>.json". PW_EINPUT when
 * `change_id` is not a change id (it names a file). */
int pw_ledger_entry_path(char **out, const char *dir, const char *change_id);

/* The entry for `change_id` in HEAD's tree of the repository holding `root`
 * (*found = 0 when there is none). */
int pw_ledger_committed(pw_ledger_entry *e, int *found, const char *root, const char *change_id);

/* The author for ledger commits: the repository's git config user.name and
 * user.email, else `fallback_name`/`fallback_email`. Caller frees both. */
int pw_ledger_author(char **name, char **email, const char *root, const char *fallback_name,
                     const char *fallback_email);

/* Writes <root>/ledger/<e->change>.json atomically and commits it on HEAD
 * with `message` (commit.h); author and committer are the entry's officer.
 * `commit` gets the new commit id. `cancel` (may be NULL): see
 * pw_commit_opts (PW_ECANCEL, nothing recorded). */
int pw_ledger_commit(char commit[41], const char *root, const pw_ledger_entry *e,
                     const char *message, volatile sig_atomic_t *cancel);

/* Like pw_ledger_commit, for an entry given as the whole JSON document
 * (entries carrying keys pw_ledger_entry does not hold, e.g. "responses"):
 * writes <root>/ledger/<change_id>.json atomically and commits that file
 * alone, author and committer `name` <`email`>. */
int pw_ledger_commit_json(char commit[41], const char *root, const char *change_id,
                          const cJSON *json, const char *name, const char *email,
                          const char *message, volatile sig_atomic_t *cancel);

#endif
