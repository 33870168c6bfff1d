#include "testutil.h"

#include "compliance_fixture.h"

#include <string.h>
#include <unistd.h>

void compfix_env(void)
{
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	unsetenv("PKIWATCH_CACHE");
}

int compfix_forms_setup(void **state)
{
	(void)state;
	compfix_env();
	unsetenv("PKIWATCH_CHROMIUM");
	unsetenv("PKIWATCH_WEASYPRINT");
	return 0;
}

/* The example repository, without its .gitignore: these tests commit forms
 * and look at what `git status` shows of them, as in a repository that
 * tracks its forms. */
void compfix_init(compfix *f, const char *up)
{
	char path[4096];
	memset(f, 0, sizeof(*f));
	f->dir = tu_tempdir();
	f->repo = malloc(strlen(f->dir) + 32);
	f->cache = malloc(strlen(f->dir) + 32);
	assert_non_null(f->repo);
	assert_non_null(f->cache);
	sprintf(f->repo, "%s/compliance", f->dir);
	sprintf(f->cache, "%s/cache", f->dir);
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "cp -r '%s' '%s' && rm -f '%s/.gitignore' && mkdir -p '%s' "
	          "'%s/ledger' && ln -s '%s/cabforum-smime.git' '%s/cabforum-smime.git'",
	          tu_src_path("examples/compliance"), f->repo, f->repo, f->cache, f->repo, up,
	          f->cache),
	    0);
	snprintf(path, sizeof(path), "%s/pkiwatch.json", f->repo);
	tu_write(path, "{\"repository\":\"example-authority/compliance\",\"sources\":["
	               "\"cabforum-smime\"],\"since\":\"2023-01-01\",\"officers\":[{\"name\":"
	               "\"Maria Jansen\",\"email\":\"maria.jansen@authority.example\"}]}\n");
}

void compfix_source(compfix *f, const char *up, const char *source, const char *since)
{
	char path[4096], text[1024];
	assert_int_equal(
	    tu_sh(NULL, NULL, "ln -s '%s/%s.git' '%s/%s.git'", up, source, f->cache, source), 0);
	snprintf(path, sizeof(path), "%s/pkiwatch.json", f->repo);
	snprintf(text, sizeof(text),
	         "{\"repository\":\"example-authority/compliance\",\"sources\":[\"%s\"],"
	         "\"since\":\"%s\",\"officers\":[{\"name\":\"Maria Jansen\",\"email\":"
	         "\"maria.jansen@authority.example\"}]}\n",
	         source, since);
	tu_write(path, text);
}

void compfix_ledger(compfix *f, const char *id, const char *decision, const char *tsps,
                    const char *note)
{
	char path[4096], text[2048];
	snprintf(path, sizeof(path), "%s/ledger/%s.json", f->repo, id);
	snprintf(text, sizeof(text),
	         "{\"change\":\"%s\",\"decision\":\"%s\",\"tsps\":%s,\"note\":%s,\"officer\":"
	         "{\"name\":\"Maria Jansen\",\"email\":\"maria.jansen@authority.example\"},"
	         "\"time\":\"2025-02-20T10:00:00Z\",\"record_digest\":\"\"}\n",
	         id, decision, tsps, note ? note : "null");
	tu_write(path, text);
}

void compfix_signoffs(compfix *f, const char *smc10_note)
{
	compfix_ledger(f, SMC6, "applicable", "[]", NULL);
	compfix_ledger(f, SMC8, "not-applicable", "[]", NULL);
	compfix_ledger(f, SMC9, "applicable", "[]", NULL);
	compfix_ledger(f, SMC10, "applicable", "[]", smc10_note);
	compfix_ledger(f, SMC12, "applicable", "[\"northwind-trust\"]", NULL);
}

void compfix_commit(compfix *f)
{
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git init -q -b main . && git add -A && git -c "
	                       "user.name=T -c user.email=t@example.org commit -q -m init",
	                       f->repo),
	                 0);
}

void compfix_officer_is_git_user(compfix *f)
{
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git config user.name 'Maria Jansen' && git config "
	                       "user.email maria.jansen@authority.example",
	                       f->repo),
	                 0);
}

void compfix_start_officer(compfix *f, int smc10)
{
	const char *up = tu_upstream_or_skip();
	char path[4096];
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	unsetenv("PKIWATCH_CHROMIUM");
	compfix_init(f, up);
	compfix_signoffs(f, NULL);
	if (!smc10) {
		snprintf(path, sizeof(path), "%s/ledger/%s.json", f->repo, SMC10);
		assert_int_equal(unlink(path), 0);
	}
	compfix_commit(f);
	compfix_officer_is_git_user(f);
}

long compfix_commits(compfix *f)
{
	char *out = NULL;
	long n;
	assert_int_equal(tu_sh(&out, NULL, "cd '%s' && git rev-list --count HEAD", f->repo), 0);
	n = atol(out);
	free(out);
	return n;
}

cJSON *compfix_issued(compfix *f, const char *tsp)
{
	char path[4096], *text;
	cJSON *j;
	snprintf(path, sizeof(path), "%s/ledger/forms/%s.json", f->repo, tsp);
	text = tu_read(path);
	assert_non_null(text);
	j = cJSON_Parse(text);
	free(text);
	assert_non_null(j);
	return j;
}

void compfix_free(compfix *f)
{
	if (f->dir)
		tu_rmrf(f->dir);
	free(f->dir);
	free(f->repo);
	free(f->cache);
	free(f->config);
	memset(f, 0, sizeof(*f));
}

int compfix_teardown(void **state)
{
	compfix_free(*state);
	return 0;
}

int compfix_run(compfix *f, char **out, char **err, const char *fmt, ...)
{
	va_list ap;
	char *args;
	int n, rc;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	args = malloc((size_t)n + 1);
	assert_non_null(args);
	va_start(ap, fmt);
	vsnprintf(args, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = tu_sh(out, err, "cd '%s' && '%s' --cache '%s' %s", f->repo, tu_bin(), f->cache, args);
	free(args);
	return rc;
}

void compfix_fake_renderer(compfix *f, const char *body)
{
	char path[4096], text[8192];
	snprintf(path, sizeof(path), "%s/fake-chromium", f->dir);
	snprintf(text, sizeof(text),
	         "#!/bin/sh\n"
	         "n=$(cat '%s/runs' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '%s/runs'\n"
	         "%s\n"
	         "for a; do case $a in --print-to-pdf=*) printf '%%%%PDF-1.4 fake\\n' > "
	         "\"${a#--print-to-pdf=}\";; esac; done\n",
	         f->dir, f->dir, body);
	tu_write(path, text);
	assert_int_equal(tu_sh(NULL, NULL, "chmod +x '%s' && rm -f '%s/runs'", path, f->dir), 0);
	setenv("PKIWATCH_CHROMIUM", path, 1);
}

void compfix_workspace(pw_workspace **ws, compfix *f)
{
	pw_workspace_opts wo = PW_WORKSPACE_OPTS_INIT;
	char config[4096];
	snprintf(config, sizeof(config), "%s/pkiwatch.json", f->repo);
	wo.cache_dir = f->cache;
	free(f->config);
	assert_non_null(f->config = strdup(config));
	wo.config_path = f->config;
	assert_int_equal(pw_workspace_new(ws, &wo), 0);
}

void compfix_tsp(compfix *f, const char *id, const char *json)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/tsps/%s.json", f->repo, id);
	tu_write(path, json);
}

void compfix_start_obligations(compfix *f, const char *extra_id, const char *extra_json)
{
	const char *up;
	compfix_env();
	if (!(up = tu_upstream()))
		return;
	compfix_init(f, up);
	compfix_tsp(f, "mailtrust", COMPFIX_MAILTRUST);
	if (extra_id)
		compfix_tsp(f, extra_id, extra_json);
	compfix_ledger(f, SMC1, "applicable", "[]", NULL);
	compfix_commit(f);
	compfix_officer_is_git_user(f);
}

void compfix_obligation_id(char *out, size_t size, const char *tsp, const char *key)
{
	char *sha = NULL;
	assert_int_equal(
	    tu_sh(&sha, NULL, "printf '%%s' '%s|%s' | git hash-object --stdin", tsp, key), 0);
	snprintf(out, size, "ob-%s-%.8s", tsp, sha);
	free(sha);
}

char *compfix_evidence_2023(compfix *f, const char *formats)
{
	char *md = NULL;
	setenv("PKIWATCH_TODAY", "2024-02-02", 1);
	assert_int_equal(compfix_run(f, NULL, NULL,
	                             "evidence --from 2023-01-01 --to 2023-12-31 --format %s --out "
	                             "%s/ev",
	                             formats, f->dir),
	                 0);
	assert_int_equal(tu_sh(&md, NULL, "cat '%s/ev/evidence-2023-01-01-2023-12-31.md'", f->dir),
	                 0);
	return md;
}
