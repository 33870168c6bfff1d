/* The fake GitHub REST API (tests/fake_github.py) from a cmocka test: started
 * on a free port of 127.0.0.1, driven through its admin endpoints (faults,
 * seeding, request log, state) and stopped by the test. */
#ifndef PW_TEST_FAKEGH_H
#define PW_TEST_FAKEGH_H

#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

#define FAKEGH_TOKEN "ghp_fakeTestToken0123456789abcdefABCDEF"
#define FAKEGH_REPO  "acme/compliance"

typedef struct {
	pid_t pid;
	int port;
	char *url; /* "http://127.0.0.1:<port>": the API base URL */
} fakegh;

/* Starts the fake with token FAKEGH_TOKEN and repository FAKEGH_REPO. `args`
 * is a NULL-terminated list of extra command-line arguments (may be NULL), e.g.
 * {"--seed", "150", NULL}. Fails the test when it does not come up. */
void fakegh_start(fakegh *f, const char *const *args);

/* Stops it (SIGTERM, then waits) and frees the strings. Safe to call twice. */
void fakegh_stop(fakegh *f);

/* Stops every fake still running (call from teardowns; also runs at exit). */
void fakegh_stop_all(void);

/* One admin request (`path` like "/_admin/faults", `json` may be NULL).
 * Returns the parsed JSON answer (caller frees); fails the test on errors. */
cJSON *fakegh_admin(fakegh *f, const char *method, const char *path, const char *json);

/* Queues faults: a JSON object or array (see tests/fake_github.py). */
void fakegh_fault(fakegh *f, const char *json);

/* Seeds `count` pkiwatch issues with markers "<prefix><i>" (i = 1..count). */
void fakegh_seed(fakegh *f, int count, const char *prefix);

/* The request log (a JSON array) and the repositories' state (an object keyed
 * by "owner/name"). Caller frees. */
cJSON *fakegh_log(fakegh *f);
cJSON *fakegh_state(fakegh *f);
void fakegh_clear_log(fakegh *f);

/* Requests in the log with this method (NULL: any) whose path ends with
 * `suffix` (NULL: any). */
size_t fakegh_count(fakegh *f, const char *method, const char *suffix);

/* Issues of `repo` (NULL: FAKEGH_REPO) in the fake's state; caller frees. */
cJSON *fakegh_issues(fakegh *f, const char *repo);

#endif
