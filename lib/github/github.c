/* GitHub REST client: requests, retries, rate limits, pagination, errors. */
#include "github/github_int.h"

#include "util/buf.h"
#include "github/curl_load.h"
#include "util/error.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define DEFAULT_API        "https://api.github.com"
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_RETRIES    3
#define DEFAULT_MAX_WAIT_S 60L
#define DEFAULT_BACKOFF_MS 1000L
#define MAX_BACKOFF_MS     30000L
#define MAX_RATE_WAITS     5
#define MAX_PAGES          10000

/* libcurl's functions, loaded by the first pw_github_new that talks to GitHub
 * (lib/github/curl_load.h); every use below has a handle that pw_github_new made. */
static const pw_curl_api *curl;

/* One answer. */
typedef struct {
	long status;
	pw_buf body;
	int too_big;
	long retry_after;   /* seconds, -1 when absent */
	long rl_remaining;  /* -1 when absent */
	long long rl_reset; /* epoch seconds, -1 when absent */
	char *next;         /* Link rel="next" URL, or NULL */
	CURLcode curl_rc;
	char curl_err[CURL_ERROR_SIZE];
	const pw_github *gh;
} response;

static void response_reset(response *r)
{
	pw_buf_reset(&r->body);
	r->status = 0;
	r->too_big = 0;
	r->retry_after = -1;
	r->rl_remaining = -1;
	r->rl_reset = -1;
	free(r->next);
	r->next = NULL;
	r->curl_rc = CURLE_OK;
	r->curl_err[0] = '\0';
}

static void response_dispose(response *r)
{
	pw_buf_clear(&r->body);
	free(r->next);
	r->next = NULL;
}

/* Records an error whose text never contains the token (a server may echo it). */
static int gh_fail(const pw_github *gh, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int gh_fail(const pw_github *gh, int code, const char *fmt, ...)
{
	pw_buf b = PW_BUF_INIT, clean = PW_BUF_INIT;
	const char *p, *hit;
	size_t tlen = gh->token ? strlen(gh->token) : 0;
	va_list ap;

	va_start(ap, fmt);
	if (pw_buf_vprintf(&b, fmt, ap) < 0) {
		va_end(ap);
		return pw_error_oom();
	}
	va_end(ap);
	p = b.ptr;
	while (tlen > 0 && (hit = strstr(p, gh->token)) != NULL) {
		pw_buf_put(&clean, p, (size_t)(hit - p));
		pw_buf_puts(&clean, "[token]");
		p = hit + tlen;
	}
	pw_buf_puts(&clean, p);
	pw_error_set(code, "%s", clean.ptr ? clean.ptr : "");
	pw_buf_clear(&b);
	pw_buf_clear(&clean);
	return code;
}

/* ---- set-up ---------------------------------------------------------- */

/* GitHub's rules (as core/config checks them): owner 1-39 of A-Z a-z 0-9 '-',
 * name 1-100 of those and '.' '_', not "." or "..": nothing that would put
 * another path into the URL the token is sent to. */
static int valid_repo(const char *r)
{
	static const char owner_chars[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";
	size_t owner, n;
	const char *name;

	if (!r)
		return 0;
	owner = strspn(r, owner_chars);
	if (owner < 1 || owner > 39 || r[owner] != '/')
		return 0;
	name = r + owner + 1;
	n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._");
	return n >= 1 && n <= 100 && !name[n] && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Whether the authority of an http(s) URL carries "user[:password]@". */
static int has_userinfo(const char *url)
{
	const char *host = strstr(url, "://"), *end;

	if (!host)
		return 0;
	host += 3;
	end = host + strcspn(host, "/?#");
	return memchr(host, '@', (size_t)(end - host)) != NULL;
}

/* "scheme://host[:port]" of an http(s) URL, lower case; NULL when not one. */
static char *url_origin(const char *url)
{
	const char *host, *end;
	char *o;
	size_t i, n;

	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return NULL;
	end = host + strcspn(host, "/?#");
	if (end == host || memchr(host, '@', (size_t)(end - host)))
		return NULL;
	n = (size_t)(end - url);
	o = malloc(n + 1);
	if (!o)
		return NULL;
	for (i = 0; i < n; i++)
		o[i] = (char)tolower((unsigned char)url[i]);
	o[n] = '\0';
	return o;
}

static long env_long(const char *name, long dflt, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return dflt;
	return n;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int pw_github_token_set(void)
{
	const char *a = getenv("GITHUB_TOKEN"), *b = getenv("GH_TOKEN");
	return (a && *a) || (b && *b);
}

int pw_github_new(pw_github **out, const pw_github_opts *opts)
{
	static int curl_ready;
	pw_github *gh;
	const char *api = opts->api_url, *token = opts->token;
	size_t n;
	int rc;

	*out = NULL;
	if (!valid_repo(opts->repository))
		return pw_error_set(PW_EINPUT, "repository '%.100s': expected owner/name",
		                    opts->repository ? opts->repository : "");
	if (!api || !*api)
		api = getenv("GITHUB_API_URL");
	if (!api || !*api)
		api = DEFAULT_API;
	/* the URL is printed in messages; the token has its own variable */
	if (has_userinfo(api))
		return pw_error_set(PW_EINPUT,
		                    "GitHub API URL: credentials (user:password@) are not accepted "
		                    "in it; the token goes in GITHUB_TOKEN");
	if (!token || !*token)
		token = getenv("GITHUB_TOKEN");
	if (!token || !*token)
		token = getenv("GH_TOKEN");
	if (token && !*token)
		token = NULL;
	if (!opts->outbox && !token)
		return pw_error_set(PW_EINPUT,
		                    "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) "
		                    "to a token with `issues: write` on %s",
		                    opts->repository);
	if (token && strpbrk(token, "\r\n"))
		return pw_error_set(PW_EINPUT, "the GitHub token contains a line break");
	gh = calloc(1, sizeof(*gh));
	if (!gh)
		return pw_error_oom();
	gh->api = strdup(api);
	gh->repo = strdup(opts->repository);
	gh->token = dup_or_null(token);
	gh->outbox = dup_or_null(opts->outbox);
	gh->ca_file = dup_or_null(opts->ca_file);
	if (!gh->api || !gh->repo || (token && !gh->token) || (opts->outbox && !gh->outbox) ||
	    (opts->ca_file && !gh->ca_file)) {
		pw_github_free(gh);
		return pw_error_oom();
	}
	n = strlen(gh->api);
	while (n > 0 && gh->api[n - 1] == '/')
		gh->api[--n] = '\0';
	gh->origin = url_origin(gh->api);
	if (!gh->origin || strpbrk(gh->api, " \t\r\n?#")) {
		rc = pw_error_set(PW_EINPUT, "GitHub API URL '%s': expected http(s)://host[/path]",
		                  gh->api);
		pw_github_free(gh);
		return rc;
	}
	gh->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	gh->max_retries = opts->max_retries >= 0 ? opts->max_retries : DEFAULT_RETRIES;
	gh->max_wait_s = opts->max_wait_s > 0 ? opts->max_wait_s : DEFAULT_MAX_WAIT_S;
	gh->on_header = opts->on_header;
	gh->on_header_arg = opts->on_header_arg;
	gh->backoff_ms = env_long("PKIWATCH_GITHUB_BACKOFF_MS", DEFAULT_BACKOFF_MS, 0, 60000);
	if (gh->outbox) {
		rc = pw_github_dry_init(gh);
		if (rc < 0) {
			pw_github_free(gh);
			return rc;
		}
		*out = gh;
		return 0;
	}
	if ((rc = pw_curl_load(&curl)) < 0) {
		pw_github_free(gh);
		return rc;
	}
	if (!curl_ready) {
		if (curl->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			pw_github_free(gh);
			return pw_error_set(PW_ERROR, "libcurl: initialisation failed");
		}
		curl_ready = 1;
	}
	gh->curl = curl->easy_init();
	if (!gh->curl) {
		pw_github_free(gh);
		return pw_error_set(PW_ERROR, "libcurl: cannot make a handle");
	}
	*out = gh;
	return 0;
}

void pw_github_free(pw_github *gh)
{
	if (!gh)
		return;
	if (gh->curl)
		curl->easy_cleanup(gh->curl);
	if (gh->token) {
		/* do not leave the token in freed memory */
		volatile char *p = gh->token;
		while (*p)
			*p++ = '\0';
	}
	free(gh->token);
	free(gh->api);
	free(gh->origin);
	free(gh->repo);
	free(gh->outbox);
	free(gh->ca_file);
	free(gh);
}

size_t pw_github_request_count(const pw_github *gh)
{
	return gh->requests;
}

int pw_github_last_status(const pw_github *gh)
{
	return gh->last_status;
}

char *pw_github_escape(const char *segment)
{
	static const char hex[] = "0123456789ABCDEF";
	pw_buf b = PW_BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)segment; *p; p++) {
		if (isalnum(*p) || strchr("-_.~", *p)) {
			if (pw_buf_putc(&b, (char)*p) < 0)
				goto oom;
		} else if (pw_buf_printf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]) < 0) {
			goto oom;
		}
	}
	return pw_buf_detach(&b);
oom:
	pw_buf_clear(&b);
	pw_error_oom();
	return NULL;
}

/* ---- one HTTP exchange ---------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	response *r = arg;
	size_t len = size * n;

	if (r->body.len + len > PW_GITHUB_MAX_RESPONSE) {
		r->too_big = 1;
		return 0;
	}
	return pw_buf_put(&r->body, data, len) < 0 ? 0 : len;
}

/* The URL of the rel="next" link in a Link header value, or NULL. */
static char *link_next(const char *v)
{
	const char *lt, *gt, *params, *end;

	while ((lt = strchr(v, '<')) != NULL) {
		gt = strchr(lt, '>');
		if (!gt)
			return NULL;
		params = gt + 1;
		end = strchr(params, '<');
		if (!end)
			end = params + strlen(params);
		for (const char *p = params; p < end; p++) {
			if (strncasecmp(p, "rel=", 4) != 0)
				continue;
			p += 4;
			if (*p == '"')
				p++;
			/* rel may list several space-separated relation types */
			while (p < end && *p != '"' && *p != ';' && *p != ',') {
				size_t w = strcspn(p, " \";,");
				if (w == 4 && strncasecmp(p, "next", 4) == 0)
					return strndup(lt + 1, (size_t)(gt - lt - 1));
				p += w;
				while (*p == ' ')
					p++;
			}
			break;
		}
		v = gt + 1;
	}
	return NULL;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	response *r = arg;
	size_t len = size * n, nl;
	char *line = strndup(data, len), *colon, *v;

	if (!line)
		return 0;
	if (strncmp(line, "HTTP/", 5) == 0) { /* a new response (after 100 Continue) */
		r->retry_after = r->rl_remaining = -1;
		r->rl_reset = -1;
		free(r->next);
		r->next = NULL;
	}
	colon = strchr(line, ':');
	if (colon) {
		*colon = '\0';
		v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		nl = strcspn(v, "\r\n");
		v[nl] = '\0';
		if (strcasecmp(line, "Retry-After") == 0 && isdigit((unsigned char)*v))
			r->retry_after = strtol(v, NULL, 10);
		else if (strcasecmp(line, "X-RateLimit-Remaining") == 0 &&
		         isdigit((unsigned char)*v))
			r->rl_remaining = strtol(v, NULL, 10);
		else if (strcasecmp(line, "X-RateLimit-Reset") == 0 && isdigit((unsigned char)*v))
			r->rl_reset = strtoll(v, NULL, 10);
		else if (strcasecmp(line, "Link") == 0) {
			free(r->next);
			r->next = link_next(v);
		}
		if (r->gh && r->gh->on_header)
			r->gh->on_header(r->gh->on_header_arg, line, v);
	}
	free(line);
	return len;
}

static int send_once(pw_github *gh, const char *method, const char *url, const char *body,
                     response *r)
{
	struct curl_slist *h = NULL, *t;
	char *auth = NULL;
	CURL *c = gh->curl;
	int rc = 0;
	struct stat st;

	response_reset(r);
	r->gh = gh;
	curl->easy_reset(c);
	if (asprintf(&auth, "Authorization: Bearer %s", gh->token) < 0)
		return pw_error_oom();
	const char *lines[] = {"Accept: application/vnd.github+json",
	                       "X-GitHub-Api-Version: 2022-11-28",
	                       "User-Agent: pkiwatch/" PW_VERSION,
	                       "Expect:",
	                       body ? "Content-Type: application/json" : NULL,
	                       auth};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (!lines[i])
			continue;
		t = curl->slist_append(h, lines[i]);
		if (!t) {
			rc = pw_error_oom();
			goto out;
		}
		h = t;
	}
	curl->easy_setopt(c, CURLOPT_URL, url);
	curl->easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl->easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "GET") == 0)
		curl->easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (body || strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
	    strcmp(method, "PUT") == 0) {
		curl->easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		curl->easy_setopt(c, CURLOPT_POSTFIELDSIZE, body ? (long)strlen(body) : 0L);
	}
	curl->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl->easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl->easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl->easy_setopt(c, CURLOPT_ERRORBUFFER, r->curl_err);
	curl->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* libcurl silently resends a request when a reused connection closes
	 * without an answer; for a POST that duplicates what the server may have
	 * done. A fresh connection turns that into an error handled in exchange(). */
	if (strcmp(method, "POST") == 0 || strcmp(method, "DELETE") == 0)
		curl->easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	curl->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	                  gh->timeout_ms < 10000 ? gh->timeout_ms : 10000L);
	curl->easy_setopt(c, CURLOPT_TIMEOUT_MS, gh->timeout_ms);
	curl->easy_setopt(c, CURLOPT_MAXFILESIZE, (long)PW_GITHUB_MAX_RESPONSE);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl->easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (gh->ca_file) {
		curl->easy_setopt(c, CURLOPT_CAINFO, gh->ca_file);
		/* an extra CA: the system ones stay trusted through the directory */
		if (stat("/etc/ssl/certs", &st) == 0)
			curl->easy_setopt(c, CURLOPT_CAPATH, "/etc/ssl/certs");
	}
	gh->requests++;
	r->curl_rc = curl->easy_perform(c);
	curl->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->curl_rc != CURLE_OK)
		r->status = 0;
out:
	curl->easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl->slist_free_all(h);
	memset(auth, 0, strlen(auth));
	free(auth);
	return rc;
}

/* ---- errors ---------------------------------------------------------- */

/* GitHub's "message" and the "errors" details of a JSON error body. */
static void describe_body(pw_buf *b, const response *r)
{
	cJSON *j = r->body.len ? cJSON_ParseWithLength(r->body.ptr, r->body.len) : NULL;
	const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "message"));
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(j, "errors"), *e;
	int first = 1;

	if (msg)
		pw_buf_printf(b, ": %.500s", msg);
	if (cJSON_IsArray(errs)) {
		cJSON_ArrayForEach(e, errs)
		{
			const char *m, *res, *field, *code;
			if (first)
				pw_buf_puts(b, " (");
			else
				pw_buf_puts(b, "; ");
			first = 0;
			if (cJSON_IsString(e)) {
				pw_buf_printf(b, "%.300s", e->valuestring);
				continue;
			}
			m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
			res = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "resource"));
			field = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "field"));
			code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "code"));
			if (field)
				pw_buf_printf(b, "%.100s%s%.100s ", res ? res : "", res ? "." : "",
				              field);
			if (code)
				pw_buf_printf(b, "%.100s", code);
			if (m)
				pw_buf_printf(b, "%s%.300s", code ? ": " : "", m);
		}
		if (!first)
			pw_buf_puts(b, ")");
	}
	if (!msg && first && r->body.len && !j)
		pw_buf_printf(b, ": %.200s", r->body.ptr);
	cJSON_Delete(j);
}

static int http_error(pw_github *gh, const char *method, const char *what, const response *r)
{
	pw_buf d = PW_BUF_INIT;
	int code;

	describe_body(&d, r);
	switch (r->status) {
	case 401:
		code = gh_fail(gh, PW_ERROR,
		               "GitHub %s %s: 401 Unauthorized%s: the token (GITHUB_TOKEN or "
		               "GH_TOKEN) is invalid or expired",
		               method, what, d.ptr ? d.ptr : "");
		break;
	case 403:
		code = gh_fail(gh, PW_ERROR,
		               "GitHub %s %s: 403 Forbidden%s: the token lacks the `issues: write` "
		               "permission on %s (or the repository does not allow it)",
		               method, what, d.ptr ? d.ptr : "", gh->repo);
		break;
	case 404:
		code = gh_fail(gh, PW_ENOTFOUND,
		               "GitHub %s %s: 404 Not Found%s: repository %s not found or the "
		               "token has no access to it (or the issue/label does not exist)",
		               method, what, d.ptr ? d.ptr : "", gh->repo);
		break;
	case 422:
		code = gh_fail(gh, PW_EINPUT, "GitHub %s %s: 422 rejected by GitHub%s", method,
		               what, d.ptr ? d.ptr : "");
		break;
	default:
		code = gh_fail(gh, PW_ERROR, "GitHub %s %s: HTTP %ld%s", method, what, r->status,
		               d.ptr ? d.ptr : "");
	}
	pw_buf_clear(&d);
	return code;
}

/* ---- retries and rate limits ---------------------------------------- */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Seconds to wait for a rate limit, or -1 when `r` is not one. */
static long rate_limit_wait(const response *r)
{
	long long now = (long long)time(NULL);

	if (r->status != 403 && r->status != 429)
		return -1;
	if (r->retry_after >= 0)
		return r->retry_after;
	if (r->rl_remaining == 0 && r->rl_reset >= 0)
		return r->rl_reset > now ? (long)(r->rl_reset - now) : 1;
	/* GitHub: a secondary limit without headers means waiting at least a minute */
	if (r->status == 429 || (r->body.ptr && strstr(r->body.ptr, "secondary rate limit")))
		return 60;
	return -1;
}

/* The request was certainly not sent: safe to retry any method. */
static int not_sent(CURLcode c)
{
	return c == CURLE_COULDNT_CONNECT || c == CURLE_COULDNT_RESOLVE_HOST ||
	       c == CURLE_COULDNT_RESOLVE_PROXY || c == CURLE_SSL_CONNECT_ERROR;
}

static int transient(CURLcode c)
{
	return not_sent(c) || c == CURLE_GOT_NOTHING || c == CURLE_RECV_ERROR ||
	       c == CURLE_SEND_ERROR || c == CURLE_OPERATION_TIMEDOUT || c == CURLE_PARTIAL_FILE ||
	       c == CURLE_HTTP2 || c == CURLE_HTTP2_STREAM;
}

/* A POST that may have taken effect without an answer: how to check. */
typedef enum { POST_BLIND, POST_IDEMPOTENT, POST_ISSUE, POST_COMMENT } post_kind;

typedef struct {
	post_kind kind;
	const char *marker;
	long number; /* POST_COMMENT: the issue */
} post_check;

static int find_marker(pw_github *gh, const post_check *pc, cJSON **found);

/* A rate-limited answer that asks for a wait of `wait` s: waits, unless this
 * request has waited MAX_RATE_WAITS times already or the wait is longer than
 * the run waits (an error then). */
static int wait_for_rate_limit(pw_github *gh, const char *method, const char *what,
                               const response *r, long wait, int *waits)
{
	if (*waits >= MAX_RATE_WAITS)
		return gh_fail(gh, PW_ERROR,
		               "GitHub %s %s: still rate limited (HTTP %ld) after "
		               "waiting %d times: re-run later",
		               method, what, r->status, *waits);
	if (wait > gh->max_wait_s) {
		char when[32] = "unknown";
		time_t t = r->rl_reset >= 0 ? (time_t)r->rl_reset : time(NULL) + (time_t)wait;
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		return gh_fail(gh, PW_ERROR,
		               "GitHub %s %s: rate limit exceeded (HTTP %ld); it resets "
		               "at %s, in %ld s (longer than the %ld s this run "
		               "waits): re-run after that",
		               method, what, r->status, when, wait, gh->max_wait_s);
	}
	(*waits)++;
	sleep_ms(wait * 1000 + (wait == 0 ? 100 : 0));
	return 0;
}

/* The error of the last of `attempts` attempts, all failed. */
static int attempts_failed(pw_github *gh, const char *method, const char *what, const response *r,
                           int attempts)
{
	int rc;
	if (r->curl_rc != CURLE_OK)
		return gh_fail(gh, PW_ERROR, "GitHub %s %s: %s (%d attempts)", method, what,
		               r->curl_err[0] ? r->curl_err : curl->easy_strerror(r->curl_rc),
		               attempts);
	rc = http_error(gh, method, what, r);
	return pw_error_prefix(rc, "%d attempts", attempts);
}

/* A POST that failed once it may have been sent is sent again only when
 * repeating it is harmless or its marker shows it did not take effect:
 * returns 0 to send it again, 1 when it took effect (*found: what it made),
 * or an error. */
static int post_again(pw_github *gh, const char *method, const char *what, const post_check *pc,
                      const response *r, cJSON **found)
{
	int rc;
	if (!pc || pc->kind == POST_BLIND)
		return gh_fail(gh, PW_ERROR,
		               "GitHub %s %s: %s; not retried: the request may have "
		               "taken effect",
		               method, what,
		               r->curl_rc != CURLE_OK ? curl->easy_strerror(r->curl_rc)
		                                      : "server error");
	if (pc->kind == POST_IDEMPOTENT)
		return 0;
	if ((rc = find_marker(gh, pc, found)) < 0)
		return pw_error_prefix(rc,
		                       "GitHub %s %s: no answer, and checking "
		                       "whether it took effect failed",
		                       method, what);
	if (!*found)
		return 0;
	gh->last_status = 201;
	return 1;
}

/* One request with retries. `what` names it in messages (the path). On 2xx
 * the answer stays in `r`. */
static int exchange(pw_github *gh, const char *method, const char *url, const char *what,
                    const char *body, const post_check *pc, response *r, cJSON **found)
{
	int attempt = 0, waits = 0, rc;
	long wait, delay;
	int is_post = strcmp(method, "POST") == 0;

	for (;;) {
		rc = send_once(gh, method, url, body, r);
		if (rc < 0)
			return rc;
		gh->last_status = (int)r->status;
		if (r->too_big || r->curl_rc == CURLE_FILESIZE_EXCEEDED)
			return gh_fail(gh, PW_ERROR, "GitHub %s %s: answer larger than %u MB",
			               method, what, PW_GITHUB_MAX_RESPONSE >> 20);
		if (r->curl_rc == CURLE_OK && r->status >= 200 && r->status < 300)
			return 0;
		wait = rate_limit_wait(r);
		if (wait >= 0) {
			if ((rc = wait_for_rate_limit(gh, method, what, r, wait, &waits)) < 0)
				return rc;
			continue;
		}
		/* a DELETE whose earlier answer was lost: already gone */
		if (r->curl_rc == CURLE_OK && r->status == 404 && attempt > 0 &&
		    strcmp(method, "DELETE") == 0) {
			pw_buf_reset(&r->body);
			return 0;
		}
		if (r->curl_rc == CURLE_OK && r->status < 500)
			return http_error(gh, method, what, r);
		if (r->curl_rc != CURLE_OK && !transient(r->curl_rc))
			return gh_fail(gh, PW_ERROR, "GitHub %s %s: %s", method, what,
			               r->curl_err[0] ? r->curl_err
			                              : curl->easy_strerror(r->curl_rc));
		/* 5xx or a connection failure: retry, unless a POST could repeat */
		if (attempt >= gh->max_retries)
			return attempts_failed(gh, method, what, r, attempt + 1);
		delay = gh->backoff_ms << (attempt < 15 ? attempt : 15);
		if (delay > MAX_BACKOFF_MS)
			delay = MAX_BACKOFF_MS;
		attempt++;
		sleep_ms(delay);
		if (is_post && !not_sent(r->curl_rc) &&
		    (rc = post_again(gh, method, what, pc, r, found)) != 0)
			return rc < 0 ? rc : 0;
	}
}

/* ---- requests -------------------------------------------------------- */

static int check_path(pw_github *gh, const char *path)
{
	const unsigned char *p;
	for (p = (const unsigned char *)path; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '#')
			return gh_fail(gh, PW_EINPUT, "GitHub path '%s': unescaped character",
			               path);
	return 0;
}

/* The API path ("/repos/o/r/issues") of a client path. */
static char *full_path(pw_github *gh, const char *path)
{
	char *s = NULL;
	int n = path[0] == '/' ? asprintf(&s, "/repos/%s%s", gh->repo, path)
	                       : asprintf(&s, "/%s", path);
	if (n < 0) {
		pw_error_oom();
		return NULL;
	}
	return s;
}

static int parse_answer(pw_github *gh, const char *method, const char *what, response *r,
                        cJSON **out)
{
	cJSON *j;
	if (!out)
		return 0;
	*out = NULL;
	if (r->body.len == 0)
		return 0;
	j = cJSON_ParseWithLength(r->body.ptr, r->body.len);
	if (!j)
		return gh_fail(gh, PW_ERROR, "GitHub %s %s: the answer is not JSON", method, what);
	*out = j;
	return 0;
}

/* The hidden marker in an issue or comment body, NULL when none. */
static char *body_marker(const cJSON *body)
{
	const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "body"));
	const char *start, *end;

	if (!text || !(start = strstr(text, "<!-- pkiwatch:")) || !(end = strstr(start, "-->")))
		return NULL;
	return strndup(start, (size_t)(end + 3 - start));
}

static post_check classify_post(const char *path, const char *marker)
{
	post_check pc = {POST_BLIND, NULL, 0};
	size_t len = strcspn(path, "?");
	char *end;

	if (len >= 7 && strncmp(path + len - 7, "/labels", 7) == 0) {
		pc.kind = POST_IDEMPOTENT;
		return pc;
	}
	if (!marker || path[0] != '/')
		return pc;
	if (len == 7 && strncmp(path, "/issues", 7) == 0) {
		pc.kind = POST_ISSUE;
	} else if (strncmp(path, "/issues/", 8) == 0) {
		pc.number = strtol(path + 8, &end, 10);
		if (end != path + 8 && pc.number > 0 && strncmp(end, "/comments", 9) == 0 &&
		    (size_t)(end + 9 - path) == len)
			pc.kind = POST_COMMENT;
	}
	pc.marker = marker;
	return pc;
}

static int request(pw_github *gh, const char *method, const char *path, const cJSON *body,
                   const char *marker, cJSON **out)
{
	response r;
	char *fp, *url = NULL, *text = NULL, *own_marker = NULL;
	cJSON *found = NULL;
	post_check pc;
	int rc;

	if (out)
		*out = NULL;
	if (!path || !*path)
		return gh_fail(gh, PW_EINPUT, "GitHub %s: empty path", method);
	if ((rc = check_path(gh, path)) < 0)
		return rc;
	fp = full_path(gh, path);
	if (!fp)
		return PW_ENOMEM;
	if (gh->outbox) {
		rc = pw_github_dry_request(out, gh, method, fp, body);
		free(fp);
		return rc;
	}
	memset(&r, 0, sizeof(r));
	if (body && !(text = cJSON_PrintUnformatted(body))) {
		free(fp);
		return pw_error_oom();
	}
	if (asprintf(&url, "%s%s", gh->api, fp) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	if (!marker && strcmp(method, "POST") == 0)
		marker = own_marker = body_marker(body);
	pc = classify_post(path, marker);
	rc = exchange(gh, method, url, fp, text, &pc, &r, &found);
	if (rc == 0 && found) {
		if (out)
			*out = found;
		else
			cJSON_Delete(found);
		found = NULL;
	} else if (rc == 0) {
		rc = parse_answer(gh, method, fp, &r, out);
	}
out:
	cJSON_Delete(found);
	response_dispose(&r);
	free(own_marker);
	free(text);
	free(url);
	free(fp);
	return rc;
}

int pw_github_request(cJSON **out, pw_github *gh, const char *method, const char *path,
                      const cJSON *body)
{
	return request(gh, method, path, body, NULL, out);
}

int pw_github_create_issue(cJSON **out, pw_github *gh, const cJSON *issue, const char *marker)
{
	int rc;
	const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(issue, "body"));

	if (out)
		*out = NULL;
	if (!marker || !*marker || !text || !strstr(text, marker))
		return gh_fail(gh, PW_EINPUT, "GitHub issue create: the body lacks its marker %s",
		               marker ? marker : "(none)");
	rc = request(gh, "POST", "/issues", issue, marker, out);
	if (rc == 0 && out && !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(*out, "number"))) {
		cJSON_Delete(*out);
		*out = NULL;
		return gh_fail(gh, PW_ERROR,
		               "GitHub POST /repos/%s/issues: the answer has no issue "
		               "number",
		               gh->repo);
	}
	return rc;
}

/* Same scheme, host and port as the API base URL. */
static int same_origin(const pw_github *gh, const char *url)
{
	char *o = url_origin(url);
	int same = o && strcmp(o, gh->origin) == 0;
	free(o);
	return same;
}

/* The path `*fp` asks for 100 items a page unless its query says how many. */
static int with_per_page(char **fp)
{
	const char *q = strchr(*fp, '?');
	char *more = NULL;
	if (q && (strstr(q, "?per_page=") || strstr(q, "&per_page=")))
		return 0;
	if (asprintf(&more, "%s%cper_page=100", *fp, q ? '&' : '?') < 0)
		return pw_error_oom();
	free(*fp);
	*fp = more;
	return 0;
}

/* A list in a dry run: the outbox's answer, which must be an array. */
static int dry_list(pw_github *gh, const char *fp, cJSON **out)
{
	cJSON *all = NULL;
	int rc = pw_github_dry_request(&all, gh, "GET", fp, NULL);
	if (rc == 0 && !cJSON_IsArray(all)) {
		cJSON_Delete(all);
		return gh_fail(gh, PW_ERROR, "dry run: a list answer is not an array");
	}
	*out = all;
	return rc;
}

/* Moves the items of one page's answer, which must be a list, into `all`. */
static int add_page(pw_github *gh, cJSON *all, const char *what, response *r)
{
	cJSON *page, *item;
	int rc = parse_answer(gh, "GET", what, r, &page);
	if (rc < 0)
		return rc;
	if (!cJSON_IsArray(page)) {
		cJSON_Delete(page);
		return gh_fail(gh, PW_ERROR, "GitHub GET %s: the answer is not a list", what);
	}
	while ((item = cJSON_DetachItemFromArray(page, 0)) != NULL)
		cJSON_AddItemToArray(all, item);
	cJSON_Delete(page);
	return 0;
}

/* Every item of a list, following its pages (the Link header's next). */
static int list_pages(pw_github *gh, const char *path, cJSON **out)
{
	response r;
	char *fp = NULL, *url = NULL, *what = NULL;
	cJSON *all = NULL;
	int rc = 0, pages = 0;

	*out = NULL;
	if ((rc = check_path(gh, path)) < 0)
		return rc;
	fp = full_path(gh, path);
	if (!fp)
		return PW_ENOMEM;
	if ((rc = with_per_page(&fp)) < 0) {
		free(fp);
		return rc;
	}
	if (gh->outbox) {
		rc = dry_list(gh, fp, out);
		free(fp);
		return rc;
	}
	memset(&r, 0, sizeof(r));
	all = cJSON_CreateArray();
	if (!all || asprintf(&url, "%s%s", gh->api, fp) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	what = strdup(fp);
	while (url) {
		if (++pages > MAX_PAGES) {
			rc = gh_fail(gh, PW_ERROR, "GitHub GET %s: more than %d pages", fp,
			             MAX_PAGES);
			goto out;
		}
		if ((rc = exchange(gh, "GET", url, what ? what : fp, NULL, NULL, &r, NULL)) < 0 ||
		    (rc = add_page(gh, all, what ? what : fp, &r)) < 0)
			goto out;
		free(url);
		url = NULL;
		if (r.next) {
			if (!same_origin(gh, r.next)) {
				rc = gh_fail(
				    gh, PW_ERROR,
				    "GitHub GET %s: the next page is on another host (%.200s): "
				    "not followed",
				    fp, r.next);
				goto out;
			}
			url = r.next;
			r.next = NULL;
			free(what);
			what = strdup(url + strlen(gh->origin)); /* same origin: same length */
		}
	}
out:
	if (rc < 0) {
		cJSON_Delete(all);
		all = NULL;
	}
	response_dispose(&r);
	free(url);
	free(what);
	free(fp);
	*out = all;
	return rc;
}

int pw_github_list(cJSON **out, pw_github *gh, const char *path)
{
	if (!path || !*path) {
		*out = NULL;
		return gh_fail(gh, PW_EINPUT, "GitHub list: empty path");
	}
	return list_pages(gh, path, out);
}

/* Looks for the issue or comment that a create with a lost answer may have
 * made. `*found` gets a copy, or NULL when there is none. */
static int find_marker(pw_github *gh, const post_check *pc, cJSON **found)
{
	char path[64];
	cJSON *list = NULL, *e;
	int rc;

	*found = NULL;
	if (pc->kind == POST_ISSUE)
		snprintf(path, sizeof(path), "/issues?state=all");
	else
		snprintf(path, sizeof(path), "/issues/%ld/comments", pc->number);
	rc = list_pages(gh, path, &list);
	if (rc < 0)
		return rc;
	cJSON_ArrayForEach(e, list)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "body"));
		if (b && strstr(b, pc->marker)) {
			*found = cJSON_Duplicate(e, 1);
			break;
		}
	}
	cJSON_Delete(list);
	return 0;
}
