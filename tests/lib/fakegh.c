#include "testutil.h"

#include "fakegh.h"
#include "servers.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FAKES 8
static pid_t running[MAX_FAKES];

static void stop_pid(pid_t pid)
{
	int status;
	kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

void fakegh_stop_all(void)
{
	int i;
	for (i = 0; i < MAX_FAKES; i++)
		if (running[i] > 0) {
			stop_pid(running[i]);
			running[i] = 0;
		}
}

static void remember(pid_t pid, int add)
{
	static int registered;
	int i;

	if (!registered) {
		atexit(fakegh_stop_all);
		registered = 1;
	}
	for (i = 0; i < MAX_FAKES; i++)
		if (running[i] == (add ? 0 : pid)) {
			running[i] = add ? pid : 0;
			return;
		}
	if (add) {
		stop_pid(pid);
		fail_msg("more than %d fake GitHub servers at once", MAX_FAKES);
	}
}

/* Reads the first line (the port) from `fd` within `timeout_ms`. */
static int read_port(int fd, pid_t pid, int timeout_ms)
{
	char line[32];
	size_t len = 0;
	struct pollfd p = {fd, POLLIN, 0};
	ssize_t n;

	while (len < sizeof(line) - 1) {
		int r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			fail_msg("fake GitHub (pid %d) printed no port within %d ms", (int)pid,
			         timeout_ms);
		n = read(fd, line + len, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fail_msg("fake GitHub (pid %d) exited before printing its port", (int)pid);
		if (line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	return atoi(line);
}

void fakegh_start(fakegh *f, const char *const *args)
{
	const char *base[] = {"python3", NULL, "--token", FAKEGH_TOKEN, "--repo", FAKEGH_REPO};
	const char *argv[64];
	size_t n = 0, i;
	int fds[2];
	pid_t pid;

	memset(f, 0, sizeof(*f));
	base[1] = tu_src_path("tests/fake_github.py");
	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		argv[n++] = base[i];
	for (i = 0; args && args[i]; i++) {
		assert_true(n < sizeof(argv) / sizeof(argv[0]) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	remember(pid, 1);
	f->pid = pid;
	f->port = read_port(fds[0], pid, 20000);
	close(fds[0]);
	assert_true(f->port > 0);
	tu_wait_port(f->port, pid, 10000);
	assert_true(asprintf(&f->url, "http://127.0.0.1:%d", f->port) > 0);
}

void fakegh_stop(fakegh *f)
{
	if (f->pid > 0) {
		remember(f->pid, 0);
		stop_pid(f->pid);
	}
	free(f->url);
	memset(f, 0, sizeof(*f));
}

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	char **acc = arg;
	size_t old = *acc ? strlen(*acc) : 0, add = size * n;
	char *p = realloc(*acc, old + add + 1);
	if (!p)
		return 0;
	memcpy(p + old, data, add);
	p[old + add] = '\0';
	*acc = p;
	return add;
}

cJSON *fakegh_admin(fakegh *f, const char *method, const char *path, const char *json)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char *url = NULL, *text = NULL;
	long status = 0;
	CURLcode rc;
	cJSON *out;

	assert_non_null(c);
	assert_true(asprintf(&url, "%s%s", f->url, path) > 0);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &text);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (json) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK || status != 200)
		fail_msg("fake GitHub admin %s %s: %s (HTTP %ld) %s", method, path,
		         curl_easy_strerror(rc), status, text ? text : "");
	free(url);
	out = cJSON_Parse(text ? text : "");
	if (!out)
		fail_msg("fake GitHub admin %s %s: not JSON: %s", method, path, text);
	free(text);
	return out;
}

void fakegh_fault(fakegh *f, const char *json)
{
	cJSON_Delete(fakegh_admin(f, "POST", "/_admin/faults", json));
}

void fakegh_seed(fakegh *f, int count, const char *prefix)
{
	cJSON *req = cJSON_CreateObject();
	char *text;
	cJSON_AddNumberToObject(req, "count", count);
	cJSON_AddStringToObject(req, "prefix", prefix);
	text = cJSON_PrintUnformatted(req);
	cJSON_Delete(fakegh_admin(f, "POST", "/_admin/seed", text));
	free(text);
	cJSON_Delete(req);
}

cJSON *fakegh_log(fakegh *f)
{
	return fakegh_admin(f, "GET", "/_admin/log", NULL);
}

cJSON *fakegh_state(fakegh *f)
{
	return fakegh_admin(f, "GET", "/_admin/state", NULL);
}

void fakegh_clear_log(fakegh *f)
{
	cJSON_Delete(fakegh_admin(f, "DELETE", "/_admin/log", NULL));
}

size_t fakegh_count(fakegh *f, const char *method, const char *suffix)
{
	cJSON *log = fakegh_log(f), *e;
	size_t n = 0;

	cJSON_ArrayForEach(e, log)
	{
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(e, "method"));
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(e, "path"));
		size_t lp, ls;
		if (!m || !p || (method && strcmp(m, method) != 0))
			continue;
		lp = strlen(p);
		ls = suffix ? strlen(suffix) : 0;
		if (suffix && (lp < ls || strcmp(p + lp - ls, suffix) != 0))
			continue;
		n++;
	}
	cJSON_Delete(log);
	return n;
}

cJSON *fakegh_issues(fakegh *f, const char *repo)
{
	cJSON *state = fakegh_state(f), *r, *issues;
	r = cJSON_GetObjectItem(state, repo ? repo : FAKEGH_REPO);
	assert_non_null(r);
	issues = cJSON_DetachItemFromObject(r, "issues");
	cJSON_Delete(state);
	assert_non_null(issues);
	return issues;
}
