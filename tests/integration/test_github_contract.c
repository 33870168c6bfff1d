/* Contract: every kind of request lib/github sends is checked by Prism (mock
 * mode) against GitHub's own OpenAPI description (@octokit/openapi), cut down
 * by tests/contract/extract.js. A request fails the test when Prism reports a
 * request violation (its sl-violations header) or answers non-2xx; and
 * requests that break the contract are shown to be caught. Prism's Link
 * headers (they point at the real api.github.com) are never followed: lists
 * are read one page at a time here. */
#include "testutil.h"

#include "util/error.h"
#include "github/github.h"
#include "servers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A Prism mock server on the extracted description (`raw`: without rewrites). */
typedef struct {
	pid_t pid;
	int port;
	char url[64];
} prism;

static prism fixed, raw;
static char *workdir;
static char violations[8192]; /* request violations seen since the last reset */

static int exists(const char *rel)
{
	struct stat st;
	return stat(tu_src_path(rel), &st) == 0;
}

static void stop_one(prism *p)
{
	int status;
	if (p->pid > 0) {
		kill(-p->pid, SIGTERM);
		while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
			;
		p->pid = 0;
	}
}

static void stop_prisms(void)
{
	stop_one(&fixed);
	stop_one(&raw);
}

/* Skips (or fails with PKIWATCH_REQUIRE_REAL_DATA=1) when node or the npm
 * modules are missing. */
static void need_node(void)
{
	const char *req = getenv("PKIWATCH_REQUIRE_REAL_DATA");
	if (tu_sh(NULL, NULL, "command -v node >/dev/null") == 0 &&
	    exists("tests/contract/node_modules/@stoplight/prism-cli/dist/index.js") &&
	    exists("tests/contract/node_modules/@octokit/openapi/generated/api.github.com.json"))
		return;
	if (req && *req == '1')
		fail_msg("PKIWATCH_REQUIRE_REAL_DATA=1 but node or tests/contract/node_modules is "
		         "missing (run `npm ci` in tests/contract)");
	print_message("skipped: contract tests need node and `npm ci` in tests/contract\n");
	skip();
}

/* Starts Prism (does not wait for it). */
static void start_prism(prism *p, int no_rewrites)
{
	char *spec = NULL, *log = NULL, *err = NULL, port[16];
	const char *name = no_rewrites ? "github-raw" : "github";
	pid_t pid;
	int rc;

	if (p->pid > 0)
		return;
	need_node();
	if (!workdir) {
		workdir = tu_tempdir();
		atexit(stop_prisms);
	}
	assert_true(asprintf(&spec, "%s/%s.json", workdir, name) > 0);
	assert_true(asprintf(&log, "%s/%s.log", workdir, name) > 0);
	rc = tu_sh(NULL, &err, "node '%s' %s '%s'", tu_src_path("tests/contract/extract.js"),
	           no_rewrites ? "--raw" : "", spec);
	if (rc != 0)
		fail_msg("extract.js failed: %s", err);
	free(err);
	p->port = tu_free_port();
	snprintf(port, sizeof(port), "%d", p->port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *cli = tu_src_path("tests/contract/node_modules/@stoplight/prism-cli/"
		                              "dist/index.js");
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		setpgid(0, 0);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("node", "node", cli, "mock", "-h", "127.0.0.1", "-p", port, spec,
		       (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	p->pid = pid;
	snprintf(p->url, sizeof(p->url), "http://127.0.0.1:%d", p->port);
	free(spec);
	free(log);
}

/* Both servers, started together (each needs seconds to load). */
static void start_prisms(void)
{
	int fresh = fixed.pid <= 0;
	start_prism(&fixed, 0);
	start_prism(&raw, 1);
	if (fresh) {
		tu_wait_port(fixed.port, fixed.pid, 60000);
		tu_wait_port(raw.port, raw.pid, 60000);
	}
}

/* Type-less nullable schemas left in `node` (Prism would skip validation). */
static int typeless_nullable(const cJSON *node)
{
	const cJSON *c;
	int n = 0;
	if (cJSON_IsObject(node) && cJSON_IsTrue(cJSON_GetObjectItem(node, "nullable")) &&
	    !cJSON_GetObjectItem(node, "type") && !cJSON_GetObjectItem(node, "$ref"))
		n++;
	cJSON_ArrayForEach(c, node) n += typeless_nullable(c);
	return n;
}

static void on_header(void *arg, const char *name, const char *value)
{
	cJSON *list, *v;
	(void)arg;
	if (strcasecmp(name, "sl-violations") != 0)
		return;
	list = cJSON_Parse(value);
	cJSON_ArrayForEach(v, list)
	{
		cJSON *loc = cJSON_GetObjectItem(v, "location");
		const char *first = cJSON_GetStringValue(cJSON_GetArrayItem(loc, 0));
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(v, "message"));
		size_t used = strlen(violations);
		if (first && strcmp(first, "request") == 0)
			snprintf(violations + used, sizeof(violations) - used, "%s; ",
			         msg ? msg : "(no message)");
	}
	if (!list)
		snprintf(violations + strlen(violations), sizeof(violations) - strlen(violations),
		         "unparsable sl-violations: %s; ", value);
	cJSON_Delete(list);
}

static pw_github *client_of(prism *p)
{
	pw_github *gh = NULL;
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	start_prisms();
	setenv("GITHUB_API_URL", p->url, 1);
	setenv("GITHUB_TOKEN", "ghp_contractTestToken", 1);
	setenv("PKIWATCH_GITHUB_BACKOFF_MS", "5", 1);
	setenv("NO_PROXY", "127.0.0.1", 1);
	o.repository = "acme/compliance";
	o.max_retries = 0;
	o.on_header = on_header;
	if (pw_github_new(&gh, &o) < 0)
		fail_msg("pw_github_new: %s", pw_error_last());
	violations[0] = '\0';
	return gh;
}

static pw_github *client(void)
{
	return client_of(&fixed);
}

/* One request that must pass the contract: 2xx and no request violation. */
static cJSON *ok(pw_github *gh, const char *method, const char *path, const char *body_json)
{
	cJSON *body = body_json ? cJSON_Parse(body_json) : NULL, *out = NULL;
	int rc;

	assert_true(!body_json || body);
	violations[0] = '\0';
	rc = pw_github_request(&out, gh, method, path, body);
	cJSON_Delete(body);
	if (violations[0])
		fail_msg("%s %s: Prism reports request violations: %s", method, path, violations);
	if (rc < 0)
		fail_msg("%s %s: %s", method, path, pw_error_last());
	return out;
}

static void test_every_request_kind_passes(void **state)
{
	pw_github *gh;
	cJSON *out, *issue;
	char *label;
	(void)state;
	gh = client();

	/* the lists the publisher reads (first page only: Prism's links lead away) */
	out = ok(gh, "GET", "/issues?state=all&per_page=100", NULL);
	assert_true(cJSON_IsArray(out));
	cJSON_Delete(out);
	cJSON_Delete(ok(gh, "GET", "/issues?state=all&labels=pkiwatch&per_page=100&page=2", NULL));
	cJSON_Delete(ok(gh, "GET", "/labels?per_page=100", NULL));
	cJSON_Delete(ok(gh, "GET", "/issues/12/comments?per_page=100", NULL));

	/* creating an issue the way the publisher does (with its marker) */
	issue = cJSON_Parse("{\"title\":\"CABF SC-099: a ballot\",\"body\":\"Body.\\n"
	                    "<!-- pkiwatch:change cabf-sc-099 -->\",\"labels\":[\"pkiwatch\","
	                    "\"needs-signoff\"],\"assignees\":[\"officer\"]}");
	violations[0] = '\0';
	assert_int_equal(
	    pw_github_create_issue(&out, gh, issue, "<!-- pkiwatch:change cabf-sc-099 -->"), 0);
	assert_string_equal(violations, "");
	assert_true(cJSON_IsObject(out));
	cJSON_Delete(out);
	cJSON_Delete(issue);

	cJSON_Delete(ok(gh, "GET", "/issues/12", NULL));
	cJSON_Delete(ok(gh, "PATCH", "/issues/12",
	                "{\"title\":\"t\",\"body\":\"b\",\"labels\":[\"pkiwatch\"],"
	                "\"assignees\":[\"officer\"]}"));
	cJSON_Delete(ok(gh, "PATCH", "/issues/12",
	                "{\"state\":\"closed\",\"state_reason\":"
	                "\"completed\"}"));
	/* an obligation's issue: reopened with its labels, closed as waived */
	cJSON_Delete(ok(gh, "PATCH", "/issues/12",
	                "{\"title\":\"Obligation: x\",\"body\":\"b\",\"labels\":[\"pkiwatch\","
	                "\"obligation\",\"overdue\"],\"state\":\"open\"}"));
	cJSON_Delete(ok(gh, "PATCH", "/issues/12",
	                "{\"state\":\"closed\",\"state_reason\":\"not_planned\"}"));
	/* a draft that became stale: its labels only (the body stays) */
	cJSON_Delete(ok(gh, "PATCH", "/issues/12",
	                "{\"labels\":[\"pkiwatch\",\"proposed\",\"needs-signoff\",\"stale\"]}"));
	cJSON_Delete(ok(gh, "POST", "/issues/12/comments",
	                "{\"body\":\"Decision: applicable\\n<!-- pkiwatch:signoff x -->\"}"));
	cJSON_Delete(ok(gh, "POST", "/issues/12/labels", "{\"labels\":[\"signed-off\"]}"));
	label = pw_github_escape("needs-signoff");
	{
		char path[128];
		snprintf(path, sizeof(path), "/issues/12/labels/%s", label);
		cJSON_Delete(ok(gh, "DELETE", path, NULL));
	}
	free(label);
	cJSON_Delete(ok(gh, "POST", "/labels",
	                "{\"name\":\"needs-signoff\",\"color\":\"d93f0b\",\"description\":"
	                "\"Waiting for the compliance officer\"}"));
	cJSON_Delete(ok(gh, "PATCH", "/labels/needs-signoff", "{\"color\":\"d93f0b\"}"));
	cJSON_Delete(ok(gh, "POST", "/labels",
	                "{\"name\":\"stale\",\"color\":\"cfd3d7\",\"description\":"
	                "\"Draft left standing: no new commit for longer than rules/noise.json's "
	                "stale rule allows\"}"));
	pw_github_free(gh);
}

/* The contract test can fail: requests that break GitHub's description. */
static void test_contract_violations_are_caught(void **state)
{
	pw_github *gh;
	cJSON *bad;
	(void)state;
	gh = client();

	bad = cJSON_Parse("{\"body\":\"no title\",\"labels\":[\"pkiwatch\"]}");
	assert_int_not_equal(pw_github_request(NULL, gh, "POST", "/issues", bad), 0);
	assert_non_null(strstr(violations, "title"));
	cJSON_Delete(bad);

	violations[0] = '\0';
	bad = cJSON_Parse("{\"title\":\"t\",\"labels\":\"pkiwatch\"}");
	assert_int_not_equal(pw_github_request(NULL, gh, "POST", "/issues", bad), 0);
	assert_non_null(strstr(violations, "labels"));
	cJSON_Delete(bad);

	violations[0] = '\0';
	bad = cJSON_Parse("{\"state\":\"done\"}");
	assert_int_not_equal(pw_github_request(NULL, gh, "PATCH", "/issues/3", bad), 0);
	assert_non_null(strstr(violations, "state"));
	cJSON_Delete(bad);

	violations[0] = '\0';
	assert_int_not_equal(pw_github_request(NULL, gh, "GET", "/issues?state=every", NULL), 0);
	assert_non_null(strstr(violations, "state"));
	pw_github_free(gh);
}

/* The extracted description avoids Prism's traps (see extract.js). */
static void test_extracted_description(void **state)
{
	char *path = NULL, *text;
	cJSON *spec, *create, *content;
	(void)state;
	start_prisms();
	assert_true(asprintf(&path, "%s/github.json", workdir) > 0);
	text = tu_read(path);
	assert_non_null(text);
	spec = cJSON_Parse(text);
	assert_non_null(spec);
	assert_int_equal(typeless_nullable(spec), 0);
	create = cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(spec, "paths"), "/repos/{owner}/{repo}/issues"),
	    "post");
	assert_non_null(create);
	content = cJSON_GetObjectItem(cJSON_GetObjectItem(create, "requestBody"), "content");
	assert_non_null(cJSON_GetObjectItem(content, "application/vnd.github+json"));
	content = cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(create, "responses"), "201"), "content");
	assert_non_null(cJSON_GetObjectItem(content, "application/vnd.github+json"));
	/* the full description does have the trap this works around */
	cJSON_Delete(spec);
	free(text);
	text = tu_read(tu_src_path(
	    "tests/contract/node_modules/@octokit/openapi/generated/api.github.com.json"));
	assert_non_null(text);
	spec = cJSON_Parse(text);
	assert_non_null(spec);
	assert_true(typeless_nullable(spec) > 0);
	cJSON_Delete(spec);
	free(text);
	free(path);
}

/* Without extract.js's rewrites Prism misses what the tests above catch: it
 * answers 406 to the client's Accept header, and it does not look at the body
 * of an issue create (no violation for a missing title). */
static void test_traps_without_rewrites(void **state)
{
	pw_github *gh;
	cJSON *bad;
	(void)state;
	gh = client_of(&raw);
	assert_int_equal(pw_github_request(NULL, gh, "GET", "/labels?per_page=100", NULL),
	                 PW_ERROR);
	assert_int_equal(pw_github_last_status(gh), 406);
	assert_string_equal(violations, "");
	bad = cJSON_Parse("{\"body\":\"no title\",\"labels\":[\"pkiwatch\"]}");
	assert_int_not_equal(pw_github_request(NULL, gh, "POST", "/issues", bad), 0);
	assert_int_equal(pw_github_last_status(gh), 406);
	assert_string_equal(violations, ""); /* the body went unchecked */
	cJSON_Delete(bad);
	/* the comment body has no type-less nullable: still checked */
	bad = cJSON_Parse("{\"text\":\"no body\"}");
	assert_int_not_equal(pw_github_request(NULL, gh, "POST", "/issues/1/comments", bad), 0);
	assert_non_null(strstr(violations, "body"));
	cJSON_Delete(bad);
	pw_github_free(gh);
}

static int group_teardown(void **state)
{
	(void)state;
	stop_prisms();
	if (workdir) {
		tu_rmrf(workdir);
		free(workdir);
		workdir = NULL;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_extracted_description),
	    cmocka_unit_test(test_every_request_kind_passes),
	    cmocka_unit_test(test_contract_violations_are_caught),
	    cmocka_unit_test(test_traps_without_rewrites),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
