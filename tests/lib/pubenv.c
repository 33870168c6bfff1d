#include "testutil.h"

#include "pubenv.h"

#include <string.h>

void pubenv_init(pubenv *e, const char *sources_json, const char *since,
                 const char *const *fake_args)
{
	char path[4096];
	memset(e, 0, sizeof(*e));
	e->dir = tu_tempdir();
	e->repo = malloc(strlen(e->dir) + 32);
	e->cache = malloc(strlen(e->dir) + 32);
	sprintf(e->repo, "%s/compliance", e->dir);
	sprintf(e->cache, "%s/cache", e->dir);
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p '%s/tsps' '%s'", e->repo, e->cache), 0);
	snprintf(path, sizeof(path), "%s/pkiwatch.json", e->repo);
	{
		char cfg[2048];
		snprintf(cfg, sizeof(cfg),
		         "{\"repository\":\"%s\",\"sources\":%s,\"since\":\"%s\","
		         "\"officers\":[{\"name\":\"Maria "
		         "Jansen\",\"email\":\"maria@authority.example\","
		         "\"github\":\"mjansen\"}],\"labels\":[\"compliance\"]}\n",
		         FAKEGH_REPO, sources_json, since);
		tu_write(path, cfg);
	}
	/* valid profiles: every publish reads them (the obligations) */
	pubenv_tsps_valid(e);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git init -q -b main . && git config user.name 'Test "
	                       "Officer' && git config user.email officer@authority.example && "
	                       "git add -A && git commit -q -m init",
	                       e->repo),
	                 0);
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	setenv("PKIWATCH_GITHUB_BACKOFF_MS", "5", 1);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	setenv("NO_PROXY", "127.0.0.1", 1);
	unsetenv("PKIWATCH_CACHE");
	unsetenv("GH_TOKEN");
	unsetenv("PKIWATCH_GITHUB_MAX_REQUESTS");
	setenv("GITHUB_TOKEN", FAKEGH_TOKEN, 1);
	fakegh_start(&e->fake, fake_args);
	setenv("GITHUB_API_URL", e->fake.url, 1);
}

void pubenv_free(pubenv *e)
{
	fakegh_stop(&e->fake);
	if (e->dir)
		tu_rmrf(e->dir);
	free(e->dir);
	free(e->repo);
	free(e->cache);
	memset(e, 0, sizeof(*e));
}

void pubenv_start(pubenv *e, const char *since, const char *const *fake_args, int flags)
{
	const char *up = NULL;
	if (flags & PUBENV_REAL)
		up = tu_upstream_or_skip();
	pubenv_init(e, "[\"cabforum-smime\"]", since, fake_args);
	if ((flags & PUBENV_MIRROR) == PUBENV_MIRROR)
		pubenv_mirror(e, up, "cabforum-smime");
	if (flags & PUBENV_TSPS_VALID)
		pubenv_tsps_valid(e);
}

void pubenv_stop(pubenv *e)
{
	pubenv_free(e);
	fakegh_stop_all();
}

void pubenv_upstream(pubenv *e, const char *script, char *up, size_t size)
{
	snprintf(up, size, "%s/up", e->dir);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "set -e; mkdir -p '%s' && cd '%s' && git init -q --bare -b main "
	                       "cabforum-smime.git && git clone -q cabforum-smime.git w "
	                       "2>/dev/null && cd w && git config user.name U && git config "
	                       "user.email u@example.org && %s",
	                       up, up, script),
	                 0);
}

void pubenv_tsps_valid(pubenv *e)
{
	char path[4096];
	/* a test may have written a broken profile */
	assert_int_equal(tu_sh(NULL, NULL, "rm -f '%s/tsps/broken.json'", e->repo), 0);
	snprintf(path, sizeof(path), "%s/tsps/ministry.json", e->repo);
	tu_write(path, "{\"name\":\"Ministry PKI\",\"certificate_types\":[\"smime\"],"
	               "\"audit_scheme\":\"etsi\"}\n");
	snprintf(path, sizeof(path), "%s/tsps/northwind.json", e->repo);
	tu_write(path, "{\"name\":\"Northwind\",\"certificate_types\":[\"tls\"],"
	               "\"audit_scheme\":\"webtrust\"}\n");
}

void pubenv_mirror(pubenv *e, const char *up, const char *id)
{
	assert_int_equal(tu_sh(NULL, NULL, "ln -sfn '%s/%s.git' '%s/%s.git'", up, id, e->cache, id),
	                 0);
}

void pubenv_since(pubenv *e, const char *since)
{
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && sed -i 's/\"since\":\"[0-9-]*\"/\"since\":\"%s\"/' "
	                       "pkiwatch.json",
	                       e->repo, since),
	                 0);
}

int pubenv_run(pubenv *e, char **out, char **err, const char *args)
{
	return tu_sh(out, err, "cd '%s' && '%s' --cache '%s' %s", e->repo, tu_bin(), e->cache,
	             args);
}

int pubenv_marker_count(cJSON *issues, const char *id)
{
	char marker[256];
	cJSON *i;
	int n = 0;
	snprintf(marker, sizeof(marker), "<!-- pkiwatch:change %s -->", id);
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		n += b && strstr(b, marker) != NULL;
	}
	return n;
}

cJSON *pubenv_issue_with(cJSON *issues, const char *id)
{
	char marker[256];
	cJSON *i;
	snprintf(marker, sizeof(marker), "<!-- pkiwatch:change %s -->", id);
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (b && strstr(b, marker))
			return i;
	}
	return NULL;
}

int pubenv_has_label(const cJSON *issue, const char *name)
{
	const cJSON *l;
	cJSON_ArrayForEach(l, cJSON_GetObjectItem(issue, "labels"))
	{
		const char *n = cJSON_GetStringValue(cJSON_GetObjectItem(l, "name"));
		if (n && strcmp(n, name) == 0)
			return 1;
	}
	return 0;
}

cJSON *pubenv_change_ids(pubenv *e, const char *since)
{
	char *out = NULL, args[256];
	cJSON *a, *ids = cJSON_CreateArray(), *c;
	snprintf(args, sizeof(args), "changes --format json --drafts --since %s", since);
	assert_int_equal(pubenv_run(e, &out, NULL, args), 0);
	a = cJSON_Parse(out);
	assert_non_null(a);
	cJSON_ArrayForEach(c, a) cJSON_AddItemToArray(
	    ids, cJSON_CreateString(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"))));
	cJSON_Delete(a);
	free(out);
	return ids;
}

size_t pubenv_change_issues(pubenv *e, const char *label)
{
	cJSON *issues = fakegh_issues(&e->fake, NULL), *i;
	size_t n = 0;
	cJSON_ArrayForEach(i, issues)
	{
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItem(i, "body"));
		if (b && strstr(b, "<!-- pkiwatch:issue ") &&
		    (!label || pubenv_has_label(i, label)))
			n++;
	}
	cJSON_Delete(issues);
	return n;
}
