#include "app/mirror_all.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/lock.h"
#include "upstream/preconnect.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* $PKIWATCH_LOCK_TIMEOUT: seconds to wait for another run (default 600). */
static int lock_timeout(int *out)
{
	const char *env = getenv("PKIWATCH_LOCK_TIMEOUT");
	char *end;
	long v;

	*out = 600;
	if (!env || !*env)
		return 0;
	v = strtol(env, &end, 10);
	if (*end || v < -1 || v > 86400)
		return pw_error_set(PW_EINPUT,
		                    "PKIWATCH_LOCK_TIMEOUT: '%s' is not a number of seconds "
		                    "(0..86400, -1 = forever)",
		                    env);
	*out = (int)v;
	return 0;
}

typedef struct {
	const pw_mirror_all_opts *o;
	int timeout;
} wait_state;

static void on_lock_wait(const char *path, void *payload)
{
	wait_state *w = payload;
	if (w->o->lock_wait)
		w->o->lock_wait(path, w->timeout, w->o->payload);
}

/* Mirrors srcs[0..n) from urls while holding the cache lock. */
static int locked_run(pw_mirror_all_result *out, const char *cache, const pw_source **srcs,
                      char **urls, size_t n, pw_mirror_opts *mo, wait_state *w)
{
	char *lock_path = pw_mirror_lock_path(cache);
	pw_lock *lock = NULL;
	int rc, inited = 0;

	if (!lock_path)
		return pw_error_oom();
	if ((rc = pw_dir_create(cache)) < 0 ||
	    (rc = pw_lock_acquire(&lock, lock_path, w->timeout, on_lock_wait, w)) < 0)
		goto out;
	/* connections first, then libgit2's initialisation while the servers answer */
	if ((rc = pw_preconnect_start(urls, n)) < 0)
		goto out;
	if (git_libgit2_init() < 0) {
		rc = pw_error_set(PW_ERROR, "cannot initialise libgit2");
		goto out;
	}
	inited = 1;
	if (pw_preconnect_install() < 0)
		pw_preconnect_finish(); /* best effort: libgit2 connects itself */
	rc = pw_mirror_all(out->items, cache, srcs, urls, n, mo);
	out->count = n;
	if (rc < 0 && (n == 0 || out->items[0].path != NULL))
		rc = 0; /* failed per source: in the results */
out:
	pw_preconnect_finish();
	if (inited)
		git_libgit2_shutdown();
	pw_lock_release(lock);
	free(lock_path);
	return rc;
}

int pw_mirror_all_run(pw_mirror_all_result *out, pw_workspace *ws, const pw_mirror_all_opts *opts)
{
	pw_mirror_all_opts none = PW_MIRROR_ALL_OPTS_INIT;
	pw_mirror_opts mo = PW_MIRROR_OPTS_INIT;
	const pw_sources *sources;
	const pw_config *cfg;
	const char *cache, *base;
	const pw_source **srcs = NULL;
	char **urls = NULL;
	wait_state w;
	size_t i, n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	w.o = opts ? opts : &none;
	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&cache, ws)) < 0 ||
	    (rc = pw_config_network_timeout(&mo.timeout, cfg)) < 0 ||
	    (rc = pw_workspace_upstream_base(&base, ws)) < 0 ||
	    (rc = pw_workspace_ca_file(&mo.ca_file, ws)) < 0)
		return rc;
	mo.reclone = w.o->reclone;
	mo.progress = w.o->progress;
	mo.payload = w.o->payload;
	if (!(srcs = calloc(sources->count + 1, sizeof(*srcs))) ||
	    !(urls = calloc(sources->count + 1, sizeof(*urls))) ||
	    !(out->items = calloc(sources->count + 1, sizeof(*out->items)))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = lock_timeout(&w.timeout)) < 0)
		goto out;
	for (i = 0; i < sources->count; i++) {
		if (!pw_config_source_enabled(cfg, sources->items[i].id))
			continue;
		srcs[n] = &sources->items[i];
		if (!(urls[n] = pw_sources_fetch_url(srcs[n], base))) {
			rc = pw_error_oom();
			goto out;
		}
		n++;
	}
	rc = locked_run(out, cache, srcs, urls, n, &mo, &w);
out:
	for (i = 0; urls && i < n; i++)
		free(urls[i]);
	free(urls);
	free(srcs);
	return rc;
}

void pw_mirror_all_result_clear(pw_mirror_all_result *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; r->items && i < r->count; i++)
		pw_mirror_result_clear(&r->items[i]);
	free(r->items);
	memset(r, 0, sizeof(*r));
}
