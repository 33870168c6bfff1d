/* A small GitHub REST client (libcurl + cJSON) for one repository's issues,
 * labels and comments. Works with GitHub Enterprise Server through the API
 * base URL. The token is only ever put in the Authorization header: it never
 * appears in messages, logs or files.
 *
 * Every function returns 0 or a negative pw error code with a message a user
 * can act on (401 token invalid, 403 token lacks `issues: write`, 404
 * repository not found or no access, 422 GitHub's validation message, rate
 * limit with its reset time, timeouts). */
#ifndef PW_GITHUB_H
#define PW_GITHUB_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct pw_github pw_github;

typedef struct {
	const char *api_url;    /* NULL: $GITHUB_API_URL, else https://api.github.com */
	const char *token;      /* NULL: $GITHUB_TOKEN, else $GH_TOKEN */
	const char *repository; /* "owner/name" */
	const char *outbox;     /* dry run: write requests here instead of sending (no network) */
	long timeout_ms;        /* per request; 0 = default (30 s) */
	int max_retries;        /* on connection errors and 5xx; <0 = default (3) */
	long max_wait_s;        /* longest rate-limit wait accepted; 0 = default (60 s) */
	const char *ca_file;    /* extra CA bundle, or NULL */
	/* Optional: sees every response header (name, value) as it arrives, e.g.
	 * for contract tests that check a mock server's verdict headers. */
	void (*on_header)(void *arg, const char *name, const char *value);
	void *on_header_arg;
} pw_github_opts;

#define PW_GITHUB_OPTS_INIT                                                                        \
	{                                                                                          \
		.api_url = NULL                                                                    \
	}

int pw_github_new(pw_github **out, const pw_github_opts *opts);
void pw_github_free(pw_github *gh);

/* Whether a token is set in the environment (GITHUB_TOKEN or GH_TOKEN, not
 * empty): what pw_github_new uses when its options name none. */
int pw_github_token_set(void);

/* Number of HTTP requests sent so far (for reporting API usage). */
size_t pw_github_request_count(const pw_github *gh);

/* One request: `path` is relative to the repository ("/issues/3/comments")
 * when it starts with '/', else absolute from the API root ("rate_limit").
 * `body` may be NULL. On 2xx `*out` (if non-NULL) gets the parsed JSON
 * (NULL for an empty body). */
int pw_github_request(cJSON **out, pw_github *gh, const char *method, const char *path,
                      const cJSON *body);

/* GET of every page of a list (follows Link: rel="next" on the same host),
 * concatenated into one JSON array. Adds per_page=100 unless `path` has one.
 * A next link to another scheme/host/port is refused (an error). */
int pw_github_list(cJSON **out, pw_github *gh, const char *path);

/* Retries and non-idempotent requests: connection errors, 5xx and lost
 * answers are retried (backoff from $PKIWATCH_GITHUB_BACKOFF_MS, default
 * 1000 ms, doubled each time, capped at 30 s). A POST is retried only when a
 * retry cannot duplicate anything: POSTs to .../labels, and creates whose
 * "body" carries a hidden marker (the first "<!-- pkiwatch:... -->"): for
 * POST /issues and POST /issues/N/comments the client first looks for an
 * issue (every page, state=all) or comment holding the marker and returns it
 * instead of creating a second one. Other POSTs fail without a retry when
 * their answer is lost. A retried DELETE that gets 404 succeeds (the lost
 * attempt did it). POSTs and DELETEs use a fresh connection: libcurl would
 * otherwise resend them by itself when a reused connection closes unanswered. */

/* POST /issues of `issue` (an object with at least "title" and "body") whose
 * body must contain `marker`; see above. PW_EINPUT when it does not. */
int pw_github_create_issue(cJSON **out, pw_github *gh, const cJSON *issue, const char *marker);

/* The HTTP status of the last answer (0: none, e.g. a connection error). Lets a
 * caller tell 422 "already_exists" (label) or a 404 from other errors; the
 * code returned is PW_ENOTFOUND for 404, PW_EINPUT for 422, else PW_ERROR. */
int pw_github_last_status(const pw_github *gh);

/* `segment` percent-encoded for use in a path (a label name). Caller frees;
 * NULL on OOM. */
char *pw_github_escape(const char *segment);

/* Dry run (opts.outbox): nothing is sent. Request k is written to
 * "<outbox>/NNNN-METHOD-<path>.json" as {"method", "path", "body"} and
 * answered with a plausible fake: creates get numbers from a counter, lists
 * are empty. Dry-run requests count in pw_github_request_count. No token is
 * needed. */

#endif
