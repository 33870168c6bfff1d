/* Ballot identifiers: finding them in commit subjects, branch names and
 * revision-table cells, and writing them canonically ("SC-97", "SMC-12",
 * "CSC-31", "NS-8"; Mozilla policy versions "MRSP-3.1", CCADB "CCADB-2.1"). */
#ifndef PW_BALLOT_H
#define PW_BALLOT_H

#include <stddef.h>

/* The first ballot id with one of `prefixes` (NULL-terminated, e.g. {"SC",
 * NULL}) in s[0..len): "SC-097", "SC097", "sc 061", "SC088v3", "Ballot
 * SMC010". Letters are case-insensitive but must not be glued to a preceding
 * letter. Returns 1 and a malloc'd canonical id, 0 when none, PW_ENOMEM. */
int pw_ballot_find(char **out, const char *s, size_t len, const char *const *prefixes);

/* The branch of a merge subject ("Merge pull request #47 from
 * cabforum/NS-007_editorial" -> "NS-007_editorial", "Merge branch 'x' into
 * main" -> "x"), or NULL. *len receives its length. */
const char *pw_ballot_merge_branch(size_t *len, const char *subject);

/* A revision-table ballot cell ("SMC010", "NS-003", "SC-97", "TBD", "83"):
 * the canonical id, a bare number when the cell holds only digits (early
 * Forum ballots), or NULL (0) for placeholders. `prefix` (may be NULL) is the
 * source's ballot prefix, tried first. */
int pw_ballot_from_cell(char **out, const char *cell, const char *prefix);

/* The known Forum prefixes, longest first: {"SMC", "CSC", "SC", "NS", NULL}. */
extern const char *const pw_ballot_prefixes[];

#endif
