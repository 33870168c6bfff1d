/* Internals shared by github.c (network) and github_dry.c (dry run). */
#ifndef PW_GITHUB_INT_H
#define PW_GITHUB_INT_H

#include "github/github.h"

#include <curl/curl.h>

#define PW_GITHUB_MAX_RESPONSE (32u * 1024 * 1024) /* bytes: answers are untrusted */

struct pw_github {
	char *api;    /* base URL, no trailing slash */
	char *origin; /* "scheme://host[:port]" of api, lower case: Link headers must match */
	char *repo;   /* "owner/name" */
	char *token;  /* never in messages: see gh_fail */
	char *outbox; /* dry run */
	char *ca_file;
	long timeout_ms;
	long max_wait_s;
	long backoff_ms;
	int max_retries;
	int last_status;
	size_t requests;
	unsigned dry_seq; /* last file number in the outbox */
	long dry_number;  /* issue numbers handed out in a dry run */
	CURL *curl;
	void (*on_header)(void *arg, const char *name, const char *value);
	void *on_header_arg;
};

/* Dry run: records the request in the outbox and makes up an answer. */
int pw_github_dry_request(cJSON **out, pw_github *gh, const char *method, const char *fullpath,
                          const cJSON *body);

/* Finds the highest NNNN already in the outbox (a re-run continues after it). */
int pw_github_dry_init(pw_github *gh);

#endif
