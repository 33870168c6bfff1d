/* lib/github against the fake GitHub (tests/fake_github.py): headers,
 * pagination, retries, lost answers, rate limits, errors, the token's secrecy
 * and the dry run. */
#include "testutil.h"

#include "util/error.h"
#include "fakegh.h"
#include "github/github.h"

#include <string.h>
#include <time.h>

static fakegh fake;

static int setup(void **state)
{
	(void)state;
	setenv("PKIWATCH_GITHUB_BACKOFF_MS", "5", 1);
	unsetenv("GITHUB_API_URL");
	unsetenv("GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	setenv("NO_PROXY", "127.0.0.1", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fakegh_stop(&fake);
	fakegh_stop_all();
	return 0;
}

static pw_github *client_opts(const pw_github_opts *o)
{
	pw_github *gh = NULL;
	int rc = pw_github_new(&gh, o);
	if (rc < 0)
		fail_msg("pw_github_new: %s", pw_error_last());
	return gh;
}

static pw_github *client(void)
{
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	o.api_url = fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	o.max_retries = -1;
	return client_opts(&o);
}

static void assert_no_token(const char *text)
{
	if (text && strstr(text, FAKEGH_TOKEN))
		fail_msg("the token appears in: %s", text);
	if (text && strstr(text, "fakeTestToken"))
		fail_msg("part of the token appears in: %s", text);
}

static void assert_contains(const char *text, const char *needle)
{
	if (!text || !strstr(text, needle))
		fail_msg("'%s' not in: %s", needle, text ? text : "(null)");
}

static cJSON *issue_json(const char *title, const char *id)
{
	cJSON *i = cJSON_CreateObject(), *labels;
	char body[256];
	snprintf(body, sizeof(body), "Change %s\n\n<!-- pkiwatch:change %s -->\n", id, id);
	cJSON_AddStringToObject(i, "title", title);
	cJSON_AddStringToObject(i, "body", body);
	labels = cJSON_AddArrayToObject(i, "labels");
	cJSON_AddItemToArray(labels, cJSON_CreateString("pkiwatch"));
	return i;
}

static size_t issue_count(void)
{
	cJSON *issues = fakegh_issues(&fake, NULL);
	size_t n = (size_t)cJSON_GetArraySize(issues);
	cJSON_Delete(issues);
	return n;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- headers, pagination -------------------------------------------- */

static void test_headers_and_pagination(void **state)
{
	pw_github *gh;
	cJSON *list = NULL, *log, *e;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "150", NULL});
	gh = client();
	assert_int_equal(pw_github_list(&list, gh, "/issues?state=all"), 0);
	assert_int_equal(cJSON_GetArraySize(list), 150);
	/* every seeded marker once */
	for (int i = 1; i <= 150; i++) {
		char marker[64];
		int seen = 0;
		snprintf(marker, sizeof(marker), "<!-- pkiwatch:change seed-%d -->", i);
		cJSON_ArrayForEach(e, list)
		{
			const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(e, "body"));
			seen += b && strstr(b, marker) != NULL;
		}
		assert_int_equal(seen, 1);
	}
	cJSON_Delete(list);
	assert_int_equal(pw_github_request_count(gh), 2);
	log = fakegh_log(&fake);
	assert_int_equal(cJSON_GetArraySize(log), 2);
	cJSON_ArrayForEach(e, log)
	{
		cJSON *h = cJSON_GetObjectItem(e, "headers");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(e, "path")),
		                    "/repos/acme/compliance/issues");
		assert_contains(cJSON_GetStringValue(cJSON_GetObjectItem(e, "query")),
		                "per_page=100");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(h, "Accept")),
		                    "application/vnd.github+json");
		assert_string_equal(
		    cJSON_GetStringValue(cJSON_GetObjectItem(h, "X-GitHub-Api-Version")),
		    "2022-11-28");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(h, "User-Agent")),
		                    "pkiwatch/" PW_VERSION);
		/* answered 200, so the fake saw the right bearer token */
		assert_int_equal(cJSON_GetObjectItem(e, "status")->valueint, 200);
	}
	cJSON_Delete(log);
	/* a path without a leading slash is from the API root */
	assert_int_equal(pw_github_request(&list, gh, "GET", "rate_limit", NULL), 0);
	assert_non_null(cJSON_GetObjectItem(list, "resources"));
	cJSON_Delete(list);
	assert_int_equal(fakegh_count(&fake, "GET", "/rate_limit"), 1);
	pw_github_free(gh);
}

static void test_env_and_ghes_base_url(void **state)
{
	pw_github *gh = NULL;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	cJSON *list = NULL;
	char *url = NULL;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "120", "--prefix", "/api/v3", NULL});
	assert_true(asprintf(&url, "%s/api/v3/", fake.url) > 0);
	setenv("GITHUB_API_URL", url, 1);
	setenv("GH_TOKEN", FAKEGH_TOKEN, 1);
	o.repository = FAKEGH_REPO;
	o.max_retries = -1;
	gh = client_opts(&o);
	assert_int_equal(pw_github_list(&list, gh, "/issues?state=all"), 0);
	assert_int_equal(cJSON_GetArraySize(list), 120);
	cJSON_Delete(list);
	pw_github_free(gh);
	/* GITHUB_TOKEN wins over GH_TOKEN */
	setenv("GITHUB_TOKEN", "wrong-token", 1);
	gh = client_opts(&o);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/1", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "401");
	pw_github_free(gh);
	unsetenv("GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_API_URL");
	free(url);
}

static void test_bad_options(void **state)
{
	pw_github *gh = NULL;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	(void)state;
	o.repository = FAKEGH_REPO;
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	assert_contains(pw_error_last(), "GITHUB_TOKEN");
	o.token = "x";
	o.repository = "no-slash";
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	assert_contains(pw_error_last(), "owner/name");
	o.repository = "a/b/c";
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	o.repository = FAKEGH_REPO;
	o.api_url = "ftp://example.org";
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	assert_contains(pw_error_last(), "ftp://example.org");
	assert_null(gh);
	/* the token would go to GET /user/issues */
	o.repository = "../user";
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	o.repository = "a/..";
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	/* credentials in the API URL: refused, and not repeated in the message */
	o.repository = FAKEGH_REPO;
	o.api_url = "http://user:s3cret@127.0.0.1:1/api";
	assert_int_equal(pw_github_new(&gh, &o), PW_EINPUT);
	assert_contains(pw_error_last(), "credentials");
	assert_null(strstr(pw_error_last(), "s3cret"));
	assert_null(gh);
}

static void test_foreign_next_link_not_followed(void **state)
{
	pw_github *gh;
	cJSON *list = NULL;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "150", NULL});
	cJSON_Delete(fakegh_admin(&fake, "POST", "/_admin/config",
	                          "{\"link_base\":\"http://evil.example\"}"));
	gh = client();
	assert_int_equal(pw_github_list(&list, gh, "/issues?state=all"), PW_ERROR);
	assert_null(list);
	assert_contains(pw_error_last(), "another host");
	assert_int_equal(fakegh_count(&fake, NULL, NULL), 1);
	pw_github_free(gh);
}

/* ---- retries ---------------------------------------------------------- */

static void test_retries_5xx_and_drops(void **state)
{
	pw_github *gh;
	cJSON *list = NULL;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "3", NULL});
	gh = client();
	fakegh_fault(&fake, "[{\"action\":\"status\",\"status\":502},"
	                    "{\"action\":\"drop\"},{\"action\":\"status\",\"status\":503}]");
	assert_int_equal(pw_github_list(&list, gh, "/issues?state=all"), 0);
	assert_int_equal(cJSON_GetArraySize(list), 3);
	cJSON_Delete(list);
	assert_int_equal(fakegh_count(&fake, "GET", "/issues"), 4);
	/* PATCH is idempotent: retried */
	fakegh_fault(&fake, "{\"action\":\"lost\",\"method\":\"PATCH\"}");
	{
		cJSON *b = cJSON_CreateObject(), *out = NULL;
		cJSON_AddStringToObject(b, "state", "closed");
		assert_int_equal(pw_github_request(&out, gh, "PATCH", "/issues/2", b), 0);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(out, "state")),
		                    "closed");
		cJSON_Delete(out);
		cJSON_Delete(b);
	}
	assert_int_equal(fakegh_count(&fake, "PATCH", "/issues/2"), 2);
	/* a DELETE whose answer is lost: the retry's 404 means it is done */
	fakegh_fault(&fake, "{\"action\":\"lost\",\"method\":\"DELETE\"}");
	assert_int_equal(
	    pw_github_request(NULL, gh, "DELETE", "/issues/2/labels/needs-signoff", NULL), 0);
	assert_int_equal(fakegh_count(&fake, "DELETE", NULL), 2);
	assert_int_equal(
	    pw_github_request(NULL, gh, "DELETE", "/issues/2/labels/needs-signoff", NULL),
	    PW_ENOTFOUND);
	pw_github_free(gh);
}

static void test_retries_give_up(void **state)
{
	pw_github *gh;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	cJSON *out = NULL;
	(void)state;
	fakegh_start(&fake, NULL);
	o.api_url = fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	o.max_retries = 2;
	gh = client_opts(&o);
	fakegh_fault(&fake, "{\"action\":\"status\",\"status\":500,\"count\":10}");
	assert_int_equal(pw_github_request(&out, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_null(out);
	assert_contains(pw_error_last(), "HTTP 500");
	assert_contains(pw_error_last(), "3 attempts");
	assert_int_equal(fakegh_count(&fake, NULL, NULL), 3);
	cJSON_Delete(fakegh_admin(&fake, "DELETE", "/_admin/faults", NULL));
	pw_github_free(gh);
}

static void test_oversized_answer_refused(void **state)
{
	pw_github *gh;
	cJSON *out = NULL;
	(void)state;
	fakegh_start(&fake, NULL);
	gh = client();
	fakegh_fault(&fake, "{\"action\":\"status\",\"status\":200,\"pad\":34000000}");
	assert_int_equal(pw_github_request(&out, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_null(out);
	assert_contains(pw_error_last(), "larger than 32 MB");
	assert_int_equal(fakegh_count(&fake, NULL, NULL), 1);
	pw_github_free(gh);
}

static void test_timeout(void **state)
{
	pw_github *gh;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	double t0;
	(void)state;
	fakegh_start(&fake, NULL);
	o.api_url = fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	o.max_retries = 0;
	o.timeout_ms = 300;
	gh = client_opts(&o);
	fakegh_fault(&fake, "{\"action\":\"delay\",\"ms\":3000}");
	t0 = now_s();
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_true(now_s() - t0 < 2.5);
	assert_contains(pw_error_last(), "GET /repos/acme/compliance/labels");
	assert_contains(pw_error_last(), "imed out");
	pw_github_free(gh);
}

/* ---- creates whose answer is lost -------------------------------------- */

static void test_lost_create_makes_one_issue(void **state)
{
	pw_github *gh;
	cJSON *issue, *out = NULL;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "130", NULL});
	gh = client();
	issue = issue_json("New change", "cabf-sc-099");
	/* a request first: the create would go over a reused connection, which
	 * libcurl itself would silently resend when it closes without an answer */
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/1", NULL), 0);
	fakegh_clear_log(&fake);
	fakegh_fault(&fake, "{\"action\":\"lost\",\"method\":\"POST\"}");
	assert_int_equal(
	    pw_github_create_issue(&out, gh, issue, "<!-- pkiwatch:change cabf-sc-099 -->"), 0);
	assert_int_equal(cJSON_GetObjectItem(out, "number")->valueint, 131);
	cJSON_Delete(out);
	assert_int_equal(issue_count(), 131);
	assert_int_equal(fakegh_count(&fake, "POST", "/issues"), 1);
	/* the check listed every page */
	assert_int_equal(fakegh_count(&fake, "GET", "/issues"), 2);

	/* a dropped request (never performed): the check finds nothing, then retries */
	cJSON_Delete(issue);
	issue = issue_json("Other change", "cabf-sc-100");
	fakegh_clear_log(&fake);
	fakegh_fault(&fake, "{\"action\":\"drop\",\"method\":\"POST\"}");
	assert_int_equal(pw_github_request(&out, gh, "POST", "/issues", issue), 0);
	assert_int_equal(cJSON_GetObjectItem(out, "number")->valueint, 132);
	cJSON_Delete(out);
	assert_int_equal(issue_count(), 132);
	assert_int_equal(fakegh_count(&fake, "POST", "/issues"), 2);

	/* the body must hold the marker */
	assert_int_equal(pw_github_create_issue(&out, gh, issue, "<!-- pkiwatch:change nope -->"),
	                 PW_EINPUT);
	cJSON_Delete(issue);
	pw_github_free(gh);
}

static void test_lost_comment_makes_one_comment(void **state)
{
	pw_github *gh;
	cJSON *c = cJSON_CreateObject(), *out = NULL, *st, *comments;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "2", NULL});
	gh = client();
	cJSON_AddStringToObject(c, "body", "Signed off.\n<!-- pkiwatch:signoff x 1 -->");
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/2", NULL), 0);
	fakegh_fault(&fake, "{\"action\":\"lost\",\"method\":\"POST\"}");
	assert_int_equal(pw_github_request(&out, gh, "POST", "/issues/2/comments", c), 0);
	assert_contains(cJSON_GetStringValue(cJSON_GetObjectItem(out, "body")), "Signed off.");
	cJSON_Delete(out);
	st = fakegh_state(&fake);
	comments = cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(st, FAKEGH_REPO), "comments"), "2");
	assert_int_equal(cJSON_GetArraySize(comments), 1);
	cJSON_Delete(st);
	cJSON_Delete(c);
	pw_github_free(gh);
}

static void test_lost_blind_post_not_retried(void **state)
{
	pw_github *gh;
	cJSON *i = cJSON_CreateObject();
	(void)state;
	fakegh_start(&fake, NULL);
	gh = client();
	cJSON_AddStringToObject(i, "title", "no marker");
	cJSON_AddStringToObject(i, "body", "plain");
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), 0);
	fakegh_fault(&fake, "{\"action\":\"lost\",\"method\":\"POST\"}");
	assert_int_equal(pw_github_request(NULL, gh, "POST", "/issues", i), PW_ERROR);
	assert_contains(pw_error_last(), "may have taken effect");
	assert_int_equal(issue_count(), 1);
	assert_int_equal(fakegh_count(&fake, "POST", NULL), 1);
	/* label creation is safe to repeat */
	cJSON_Delete(i);
	i = cJSON_CreateObject();
	cJSON_AddStringToObject(i, "name", "pkiwatch");
	cJSON_AddStringToObject(i, "color", "5319e7");
	fakegh_fault(&fake, "{\"action\":\"status\",\"status\":502,\"method\":\"POST\"}");
	assert_int_equal(pw_github_request(NULL, gh, "POST", "/labels", i), 0);
	assert_int_equal(fakegh_count(&fake, "POST", "/labels"), 2);
	/* a second create is GitHub's 422 already_exists */
	assert_int_equal(pw_github_request(NULL, gh, "POST", "/labels", i), PW_EINPUT);
	assert_int_equal(pw_github_last_status(gh), 422);
	assert_contains(pw_error_last(), "already_exists");
	cJSON_Delete(i);
	pw_github_free(gh);
}

/* ---- rate limits ------------------------------------------------------- */

static void test_rate_limit_short_wait(void **state)
{
	pw_github *gh;
	cJSON *out = NULL;
	double t0;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "1", NULL});
	gh = client();
	fakegh_fault(&fake, "[{\"action\":\"ratelimit\",\"status\":429,\"retry_after\":1},"
	                    "{\"action\":\"ratelimit\",\"status\":403,\"reset_in\":1}]");
	t0 = now_s();
	assert_int_equal(pw_github_request(&out, gh, "GET", "/issues/1", NULL), 0);
	assert_true(now_s() - t0 >= 0.9);
	assert_int_equal(cJSON_GetObjectItem(out, "number")->valueint, 1);
	cJSON_Delete(out);
	assert_int_equal(fakegh_count(&fake, "GET", "/issues/1"), 3);
	pw_github_free(gh);
}

static void test_rate_limit_long_wait_fails(void **state)
{
	pw_github *gh;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	double t0;
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "1", NULL});
	o.api_url = fake.url;
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	o.max_retries = -1;
	o.max_wait_s = 30;
	gh = client_opts(&o);
	fakegh_fault(&fake, "{\"action\":\"ratelimit\",\"reset_in\":3600}");
	t0 = now_s();
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/1", NULL), PW_ERROR);
	assert_true(now_s() - t0 < 2);
	assert_contains(pw_error_last(), "rate limit exceeded");
	assert_contains(pw_error_last(), "resets at 20");
	assert_contains(pw_error_last(), "re-run after");
	fakegh_fault(&fake, "{\"action\":\"ratelimit\",\"status\":429,\"retry_after\":900}");
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/1", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "HTTP 429");
	assert_contains(pw_error_last(), "in 900 s");
	/* a secondary rate limit without headers: GitHub says wait a minute */
	fakegh_fault(&fake, "{\"action\":\"status\",\"status\":403,\"body\":{\"message\":"
	                    "\"You have exceeded a secondary rate limit.\"}}");
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/1", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "rate limit exceeded (HTTP 403)");
	assert_contains(pw_error_last(), "in 60 s");
	assert_int_equal(fakegh_count(&fake, NULL, NULL), 3);
	pw_github_free(gh);
}

/* ---- errors a user can act on ------------------------------------------ */

static void test_actionable_errors(void **state)
{
	pw_github *gh, *bad;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	cJSON *i = cJSON_CreateObject();
	(void)state;
	fakegh_start(&fake, (const char *const[]){"--seed", "1", NULL});
	gh = client();

	o.api_url = fake.url;
	o.token = "ghp_wrongwrongwrong";
	o.repository = FAKEGH_REPO;
	bad = client_opts(&o);
	assert_int_equal(pw_github_request(NULL, bad, "GET", "/issues/1", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "401");
	assert_contains(pw_error_last(), "invalid or expired");
	assert_true(strstr(pw_error_last(), "ghp_wrongwrongwrong") == NULL);
	pw_github_free(bad);

	fakegh_fault(&fake, "{\"action\":\"status\",\"status\":403,\"body\":{\"message\":"
	                    "\"Resource not accessible by personal access token\"}}");
	assert_int_equal(pw_github_request(NULL, gh, "PATCH", "/issues/1", i), PW_ERROR);
	assert_contains(pw_error_last(), "403");
	assert_contains(pw_error_last(), "issues: write");
	assert_contains(pw_error_last(), "Resource not accessible");

	o.token = FAKEGH_TOKEN;
	o.repository = "acme/missing";
	bad = client_opts(&o);
	assert_int_equal(pw_github_request(NULL, bad, "GET", "/issues?state=all", NULL),
	                 PW_ENOTFOUND);
	assert_contains(pw_error_last(), "404");
	assert_contains(pw_error_last(), "acme/missing not found or the token has no access");
	pw_github_free(bad);

	cJSON_AddStringToObject(i, "body", "no title");
	assert_int_equal(pw_github_request(NULL, gh, "POST", "/issues", i), PW_EINPUT);
	assert_int_equal(pw_github_last_status(gh), 422);
	assert_contains(pw_error_last(), "422");
	assert_contains(pw_error_last(), "Validation Failed");
	assert_contains(pw_error_last(), "Issue.title missing_field");

	fakegh_fault(&fake, "{\"action\":\"status\",\"status\":418}");
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/issues/1", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "HTTP 418");
	cJSON_Delete(i);
	pw_github_free(gh);
}

/* ---- the token never shows ---------------------------------------------- */

/* Queues a `status` answer whose message and errors echo the token. */
static void echo_token_fault(int status, int count)
{
	char body[512];
	snprintf(body, sizeof(body),
	         "{\"action\":\"status\",\"status\":%d,\"count\":%d,\"body\":{\"message\":"
	         "\"Bearer %s\",\"errors\":[{\"message\":\"%s\",\"code\":\"custom\"}]}}",
	         status, count, FAKEGH_TOKEN, FAKEGH_TOKEN);
	fakegh_fault(&fake, body);
}

static void test_token_never_in_messages(void **state)
{
	pw_github *gh;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	(void)state;
	fakegh_start(&fake, NULL);
	gh = client();
	/* a server that echoes the token back */
	echo_token_fault(403, 1);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "[token]");
	assert_no_token(pw_error_last());
	echo_token_fault(422, 1);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), PW_EINPUT);
	assert_contains(pw_error_last(), "[token]");
	assert_no_token(pw_error_last());
	echo_token_fault(500, 4);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "HTTP 500");
	assert_no_token(pw_error_last());
	echo_token_fault(401, 1);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_no_token(pw_error_last());
	pw_github_free(gh);

	/* connection errors: curl's messages name the URL, never the header */
	o.api_url = "http://127.0.0.1:1";
	o.token = FAKEGH_TOKEN;
	o.repository = FAKEGH_REPO;
	o.max_retries = 1;
	gh = client_opts(&o);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), PW_ERROR);
	assert_contains(pw_error_last(), "127.0.0.1");
	assert_no_token(pw_error_last());
	pw_github_free(gh);
}

/* ---- dry run --------------------------------------------------------------- */

static void test_dry_run_writes_outbox_sends_nothing(void **state)
{
	pw_github *gh;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	char *dir = tu_tempdir(), *out = NULL, *path = NULL, *text;
	cJSON *issue, *answer = NULL, *rec, *list = NULL;
	(void)state;
	fakegh_start(&fake, NULL);
	setenv("GITHUB_API_URL", fake.url, 1);
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	assert_true(asprintf(&path, "%s/outbox", dir) > 0);
	o.repository = FAKEGH_REPO;
	o.outbox = path;
	gh = client_opts(&o);
	assert_int_equal(pw_github_list(&list, gh, "/issues?state=all"), 0);
	assert_int_equal(cJSON_GetArraySize(list), 0);
	cJSON_Delete(list);
	issue = issue_json("A <b>change</b>", "x-1");
	assert_int_equal(pw_github_create_issue(&answer, gh, issue, "<!-- pkiwatch:change x-1 -->"),
	                 0);
	assert_int_equal(cJSON_GetObjectItem(answer, "number")->valueint, 1);
	cJSON_Delete(answer);
	assert_int_equal(pw_github_create_issue(&answer, gh, issue, "<!-- pkiwatch:change x-1 -->"),
	                 0);
	assert_int_equal(cJSON_GetObjectItem(answer, "number")->valueint, 2);
	cJSON_Delete(answer);
	assert_int_equal(pw_github_request(&answer, gh, "PATCH", "/issues/7", issue), 0);
	assert_int_equal(cJSON_GetObjectItem(answer, "number")->valueint, 7);
	cJSON_Delete(answer);
	assert_int_equal(
	    pw_github_request(NULL, gh, "DELETE", "/issues/7/labels/needs-signoff", NULL), 0);
	assert_int_equal(pw_github_request_count(gh), 5);
	pw_github_free(gh);
	cJSON_Delete(issue);

	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && ls", path), 0);
	assert_string_equal(out, "0001-GET-issues.json\n0002-POST-issues.json\n"
	                         "0003-POST-issues.json\n0004-PATCH-issues-7.json\n"
	                         "0005-DELETE-issues-7-labels-needs-signoff.json\n");
	free(out);
	assert_int_equal(tu_sh(&out, NULL, "cat '%s'/*", path), 0);
	assert_no_token(out);
	free(out);
	{
		char *f = NULL;
		assert_true(asprintf(&f, "%s/0002-POST-issues.json", path) > 0);
		text = tu_read(f);
		free(f);
	}
	rec = cJSON_Parse(text);
	free(text);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "method")), "POST");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "path")),
	                    "/repos/acme/compliance/issues");
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "body"), "title")),
	    "A <b>change</b>");
	cJSON_Delete(rec);

	/* a second run continues the numbering */
	gh = client_opts(&o);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels", NULL), 0);
	pw_github_free(gh);
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && ls | tail -1", path), 0);
	assert_string_equal(out, "0006-GET-labels.json\n");
	free(out);

	/* and nothing reached the server */
	assert_int_equal(fakegh_count(&fake, NULL, NULL), 0);
	unsetenv("GITHUB_API_URL");
	unsetenv("GITHUB_TOKEN");
	free(path);
	tu_rmrf(dir);
	free(dir);
}

static void test_escape(void **state)
{
	char *s = pw_github_escape("needs signoff/ü?");
	(void)state;
	assert_string_equal(s, "needs%20signoff%2F%C3%BC%3F");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_headers_and_pagination, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_env_and_ghes_base_url, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_next_link_not_followed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retries_5xx_and_drops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retries_give_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_oversized_answer_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost_create_makes_one_issue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost_comment_makes_one_comment, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lost_blind_post_not_retried, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rate_limit_short_wait, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rate_limit_long_wait_fails, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_actionable_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_never_in_messages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dry_run_writes_outbox_sends_nothing, setup,
	                                    teardown),
	    cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
