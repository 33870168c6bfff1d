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
} pw_github_opts;

int pw_github_new(pw_github **out, const pw_github_opts *opts);
void pw_github_free(pw_github *gh);

/* Number of HTTP requests sent so far (for reporting API usage). */
size_t pw_github_request_count(const pw_github *gh);

/* One request: `path` is relative to the repository ("/issues/3/comments")
 * when it starts with '/', else absolute from the API root ("rate_limit").
 * `body` may be NULL. On 2xx `*out` (if non-NULL) gets the parsed JSON
 * (NULL for an empty body). */
int pw_github_request(pw_github *gh, const char *method, const char *path, const cJSON *body,
                      cJSON **out);

/* GET of every page of a list (follows Link: rel="next" on the same host),
 * concatenated into one JSON array. */
int pw_github_list(pw_github *gh, const char *path, cJSON **out);

#endif
