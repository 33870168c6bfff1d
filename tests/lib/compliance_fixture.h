/* The compliance repository of the CLI tests on the real cabforum-smime
 * history: a copy of examples/compliance (its TSPs) publishing nothing, a
 * cache holding the upstream mirror, and ledger entries written by the test.
 * For forms, respond and deadlines. */
#ifndef PW_TEST_COMPLIANCE_FIXTURE_H
#define PW_TEST_COMPLIANCE_FIXTURE_H

#include <cjson/cJSON.h>

#include "app/workspace.h"

/* Changes of the real cabforum-smime history that the tests sign off. */
#define SMC1  "cabforum-smime@750290055cf5" /* S/MIME BR v1.0.0, effective 2023-09-01 */
#define SMC6  "cabforum-smime@da4d4aa17ada" /* smime, extant-ca; effective 2024-09-15 */
#define SMC8  "cabforum-smime@bbdcd20cbd4e" /* effective 2025-07-15 */
#define SMC9  "cabforum-smime@128ba3851744" /* smime, audit; 2025-03-15 (adopted 2024-11) */
#define SMC10 "cabforum-smime@ccbc0c2c7971" /* smime; 2025-03-15 (adopted 2024-12) */
#define SMC12 "cabforum-smime@3340d6159641" /* no date */

typedef struct {
	char *dir;    /* temporary root */
	char *repo;   /* <dir>/compliance */
	char *cache;  /* <dir>/cache */
	char *config; /* <repo>/pkiwatch.json, once compfix_workspace made it */
} compfix;

/* The environment of these runs: the project's rules, PKIWATCH_TODAY
 * 2025-03-01, no PKIWATCH_CACHE. */
void compfix_env(void);

/* A cmocka group setup for the tests making forms: compfix_env, and PDFs made
 * by the renderers found on PATH (no PKIWATCH_CHROMIUM, PKIWATCH_WEASYPRINT). */
int compfix_forms_setup(void **state);

/* <dir>/compliance: examples/compliance with a pkiwatch.json for
 * cabforum-smime since 2023-01-01 and an empty ledger/; <dir>/cache with a
 * link to <up>/cabforum-smime.git (which is only read). No git repository
 * yet (compfix_commit). Fails the test on errors. */
void compfix_init(compfix *f, const char *up);

/* After compfix_init: the repository follows `source` of <up> (linked into
 * the cache beside cabforum-smime) instead of cabforum-smime, since `since`.
 * For the root programs' sources (mozilla-ccadb: derived deadlines). */
void compfix_source(compfix *f, const char *up, const char *source, const char *since);

/* Writes ledger/<id>.json: `decision`, `tsps` (a JSON array) and `note` (a
 * JSON value; NULL: null), signed by Maria Jansen on 2025-02-20. */
void compfix_ledger(compfix *f, const char *id, const char *decision, const char *tsps,
                    const char *note);

/* The sign-offs of the forms and respond tests: SMC-6, SMC-9 and SMC-10
 * applicable, SMC-8 not applicable, SMC-12 applicable with the officer naming
 * northwind-trust; `smc10_note` is SMC-10's note (as compfix_ledger). */
void compfix_signoffs(compfix *f, const char *smc10_note);

/* Makes the repository a git repository with everything in one commit. */
void compfix_commit(compfix *f);

/* Makes the officer (Maria Jansen) git's user in the repository, as when
 * she runs pkiwatch herself. */
void compfix_officer_is_git_user(compfix *f);

/* The repository the forms integrity tests start from: PKIWATCH_TODAY
 * 2025-03-01 and no PKIWATCH_CHROMIUM again (a failed test may have left
 * others), compfix_init on the upstream data (the test is skipped without
 * it), compfix_signoffs without notes and without SMC-10's unless `smc10`,
 * compfix_commit, and the officer as git's user. */
void compfix_start_officer(compfix *f, int smc10);

/* The number of commits on the repository's HEAD. */
long compfix_commits(compfix *f);

/* ledger/forms/<tsp>.json, the TSP's issuance record, parsed (caller
 * deletes). Fails the test when it is missing or not JSON. */
cJSON *compfix_issued(compfix *f, const char *tsp);

/* A fake Chromium at <dir>/fake-chromium, set as PKIWATCH_CHROMIUM: runs `body`
 * (shell, may use $n, the number of this run, 1 first; ministry-pki's form is
 * rendered before northwind-trust's), then writes the PDF asked for. */
void compfix_fake_renderer(compfix *f, const char *body);

/* A WebTrust-audited S/MIME TSP (tsps/mailtrust.json): audit periods ending
 * 06-30, WebTrust for CAs in scope, the S/MIME criteria not. */
#define COMPFIX_MAILTRUST                                                                          \
	"{\"name\":\"Mailtrust\",\"certificate_types\":[\"smime\"],\"audit\":{"                    \
	"\"scheme\":\"webtrust\",\"period_end\":\"06-30\",\"criteria\":["                          \
	"\"WebTrust for CAs v2.2.2\"]}}\n"

/* Writes tsps/<id>.json with `json`. */
void compfix_tsp(compfix *f, const char *id, const char *json);

/* The repository of the obligation tests: compfix_env, then on the upstream
 * data (nothing more without it: each test skips) compfix_init, mailtrust
 * (COMPFIX_MAILTRUST) beside the example TSPs, and tsps/<extra_id>.json with
 * `extra_json` when extra_id is not NULL, SMC-1 signed off as applicable,
 * compfix_commit, and the officer as git's user. */
void compfix_start_obligations(compfix *f, const char *extra_id, const char *extra_json);

/* The id the rules give an obligation (tsp/obligation.h): "ob-<tsp>-" and
 * the first 8 hex digits of git's blob id of "<tsp>|<key>", computed with git
 * itself, into `out`. */
void compfix_obligation_id(char *out, size_t size, const char *tsp, const char *key);

/* A workspace on the repository and the cache, as a second front end opens
 * one (the library's use cases are called on it); the caller frees it
 * (pw_workspace_free) before compfix_free. */
void compfix_workspace(pw_workspace **ws, compfix *f);

/* Removes the directory and frees the strings. Safe on a zeroed or freed one. */
void compfix_free(compfix *f);

/* A cmocka teardown for tests given the fixture as their state
 * (cmocka_unit_test_prestate_setup_teardown(test, NULL, compfix_teardown,
 * &fx)): compfix_free. */
int compfix_teardown(void **state);

/* Runs `pkiwatch --cache <cache> <args>` in the repository (args formatted). */
int compfix_run(compfix *f, char **out, char **err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The evidence report for 2023 as of 2024-02-02 (PKIWATCH_TODAY is left set
 * to it): runs `evidence --from 2023-01-01 --to 2023-12-31 --format <formats>
 * --out <dir>/ev` (formats include md), asserts exit 0 and returns the
 * Markdown report (the caller frees it). */
char *compfix_evidence_2023(compfix *f, const char *formats);

#endif
