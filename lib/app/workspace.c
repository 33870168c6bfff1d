#include "app/workspace.h"

#include "core/obligrules.h"
#include "github/github.h"
#include "tsp/form.h"
#include "tsp/obligctx.h"

#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct pw_workspace {
	pw_workspace_opts opts;
	pw_sources *sources;
	pw_config *cfg;
	char *cache_dir;
	char *ca_file;
	int ca_resolved;
	char today[11];
	char *author_name, *author_email;
	pw_changeset set; /* every enabled source */
	int have_set;
	/* the single-source sets asked for before the whole set, each kept (and
	 * allocated on its own, so that adding one moves none) until
	 * pw_workspace_free: what a getter returned never dangles */
	struct one_set **ones;
	size_t nones;
	pw_tsps tsps;
	int have_tsps;
	pw_existing_issues issues;
	int have_issues;
	/* what was read of the ledger, the last one current: each
	 * pw_workspace_ledger_changed starts another, and the earlier ones are
	 * kept until pw_workspace_free (what a getter returned never dangles) */
	struct reads **reads;
	size_t nreads;
};

/* What the workspace read of the compliance repository's ledger. */
struct reads {
	pw_ledger ledger;
	int have_ledger;
	pw_issued issued;
	int have_issued;
	pw_responses responses;
	int have_responses;
	/* the obligations derived per day and TSP, each kept (a context points
	 * into itself: allocated on its own) */
	struct oblig **obligs;
	size_t nobligs;
};

struct one_set {
	char *source;
	pw_changeset set;
};

struct oblig {
	char today[11];
	char *tsp; /* NULL: every TSP */
	pw_obligctx ctx;
};

int pw_workspace_new(pw_workspace **out, const pw_workspace_opts *opts)
{
	pw_workspace *ws = calloc(1, sizeof(*ws));
	*out = NULL;
	if (!ws)
		return pw_error_oom();
	if (opts)
		ws->opts = *opts;
	if (!ws->opts.config_path)
		ws->opts.config_path = "pkiwatch.json";
	*out = ws;
	return 0;
}

static void reads_free(struct reads *r)
{
	size_t i;
	for (i = 0; i < r->nobligs; i++) {
		pw_obligctx_clear(&r->obligs[i]->ctx);
		free(r->obligs[i]->tsp);
		free(r->obligs[i]);
	}
	free(r->obligs);
	pw_ledger_clear(&r->ledger);
	pw_issued_clear(&r->issued);
	pw_responses_clear(&r->responses);
	free(r);
}

/* The current reads of the ledger (made on first use). */
static int reads(struct reads **out, pw_workspace *ws)
{
	struct reads **grown;
	*out = NULL;
	if (!ws->nreads) {
		if (!(grown = realloc(ws->reads, sizeof(*grown))))
			return pw_error_oom();
		ws->reads = grown;
		if (!(ws->reads[0] = calloc(1, sizeof(**grown))))
			return pw_error_oom();
		ws->nreads = 1;
	}
	*out = ws->reads[ws->nreads - 1];
	return 0;
}

void pw_workspace_free(pw_workspace *ws)
{
	size_t i;
	if (!ws)
		return;
	for (i = 0; i < ws->nreads; i++)
		reads_free(ws->reads[i]);
	free(ws->reads);
	pw_changeset_clear(&ws->set);
	for (i = 0; i < ws->nones; i++) {
		pw_changeset_clear(&ws->ones[i]->set);
		free(ws->ones[i]->source);
		free(ws->ones[i]);
	}
	free(ws->ones);
	pw_tsps_clear(&ws->tsps);
	pw_publish_existing_clear(&ws->issues);
	pw_config_free(ws->cfg);
	pw_sources_free(ws->sources);
	free(ws->cache_dir);
	free(ws->ca_file);
	free(ws->author_name);
	free(ws->author_email);
	free(ws);
}

int pw_workspace_sources(const pw_sources **out, pw_workspace *ws)
{
	int rc;
	*out = NULL;
	if (!ws->sources && (rc = pw_sources_load_default(&ws->sources)) < 0)
		return rc == PW_ENOTFOUND ? PW_EINPUT : rc;
	*out = ws->sources;
	return 0;
}

/* Every tsps/<id>.json of the repository, whether the command uses it or not:
 * a profile that cannot serve every command (no form text in its language)
 * fails the first command, not the one that needs it weeks later. Its extant
 * CAs exist on the day the run works on (pw_workspace_today), asked for only
 * when a profile has one. */
static int check_profiles(pw_workspace *ws, const pw_config *cfg)
{
	const char *today = NULL;
	const pw_tsp *t;
	pw_tsps all;
	size_t i;
	int rc;
	if ((rc = pw_tsps_load(&all, cfg->root)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < all.count; i++) {
		t = &all.items[i];
		if ((rc = pw_form_language_check(t)) == 0 && t->ncas &&
		    (today || (rc = pw_workspace_today(&today, ws)) == 0))
			rc = pw_tsp_check_cas(t, today);
	}
	pw_tsps_clear(&all);
	return rc;
}

int pw_workspace_config(const pw_config **out, pw_workspace *ws)
{
	const pw_sources *sources;
	pw_config *cfg = NULL;
	int rc;
	*out = NULL;
	if (!ws->cfg) {
		if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
		    (rc = pw_config_load(&cfg, ws->opts.config_path, sources)) < 0)
			return rc;
		if ((rc = check_profiles(ws, cfg)) < 0) {
			pw_config_free(cfg);
			return rc;
		}
		ws->cfg = cfg;
	}
	*out = ws->cfg;
	return 0;
}

int pw_workspace_cache_dir(const char **out, pw_workspace *ws)
{
	const char *env;
	*out = NULL;
	if (!ws->cache_dir) {
		if (ws->opts.cache_dir && *ws->opts.cache_dir)
			ws->cache_dir = strdup(ws->opts.cache_dir);
		else if ((env = getenv("PKIWATCH_CACHE")) && *env)
			ws->cache_dir = strdup(env);
		else if ((env = getenv("XDG_CACHE_HOME")) && *env)
			ws->cache_dir = pw_path_join(env, "pkiwatch");
		else if ((env = getenv("HOME")) && *env)
			ws->cache_dir = pw_path_join(env, ".cache/pkiwatch");
		else
			return pw_error_set(
			    PW_EINPUT, "no cache directory: use --cache DIR or set PKIWATCH_CACHE");
		if (!ws->cache_dir)
			return pw_error_oom();
	}
	*out = ws->cache_dir;
	return 0;
}

int pw_workspace_upstream_base(const char **out, pw_workspace *ws)
{
	const char *env = getenv("PKIWATCH_UPSTREAM");
	const pw_config *cfg;
	int rc;
	*out = NULL;
	if (env && *env) {
		*out = env;
		return 0;
	}
	if ((rc = pw_workspace_config(&cfg, ws)) < 0)
		return rc;
	*out = cfg->upstream_base;
	return 0;
}

int pw_workspace_ca_file(const char **out, pw_workspace *ws)
{
	const char *env = getenv("PKIWATCH_CA_FILE");
	const pw_config *cfg;
	int rc;
	*out = NULL;
	/* asked for when a connection needs it: one that cannot be read is said
	 * so here, not found out as a TLS or name-resolution failure later */
	if (env && *env) {
		if (access(env, R_OK) != 0)
			return pw_error_set(PW_EINPUT,
			                    "PKIWATCH_CA_FILE: %s: cannot read the CA file: %s",
			                    env, strerror(errno));
		*out = env;
		return 0;
	}
	if (!ws->ca_resolved) {
		if ((rc = pw_workspace_config(&cfg, ws)) < 0)
			return rc;
		/* relative to the configuration's directory, not to where we run */
		if (cfg->ca_file &&
		    !(ws->ca_file = cfg->ca_file[0] == '/' ? strdup(cfg->ca_file)
		                                           : pw_path_join(cfg->root, cfg->ca_file)))
			return pw_error_oom();
		if (ws->ca_file && access(ws->ca_file, R_OK) != 0) {
			rc = pw_error_set(PW_EINPUT,
			                  "%s: $.ca_file: %s: cannot read the CA file: %s",
			                  cfg->path, ws->ca_file, strerror(errno));
			free(ws->ca_file);
			ws->ca_file = NULL;
			return rc;
		}
		ws->ca_resolved = 1;
	}
	*out = ws->ca_file;
	return 0;
}

int pw_workspace_today(const char **out, pw_workspace *ws)
{
	const char *env = getenv("PKIWATCH_TODAY");
	time_t now = time(NULL);
	struct tm tm;
	long day;

	*out = NULL;
	if (!ws->today[0]) {
		if (env && *env) {
			if (strlen(env) != 10 || pw_day_parse(&day, env) < 0)
				return pw_error_set(
				    PW_EINPUT, "PKIWATCH_TODAY: '%s' is not a date (YYYY-MM-DD)",
				    env);
			memcpy(ws->today, env, 11);
		} else if (!gmtime_r(&now, &tm) ||
		           strftime(ws->today, sizeof(ws->today), "%Y-%m-%d", &tm) != 10) {
			ws->today[0] = '\0';
			return pw_error_set(PW_ERROR, "cannot read the system clock");
		}
	}
	*out = ws->today;
	return 0;
}

int pw_workspace_now(char out[21], pw_workspace *ws)
{
	const char *today;
	int rc;
	out[0] = '\0';
	if ((rc = pw_workspace_today(&today, ws)) < 0)
		return rc;
	pw_day_now_iso(out, today);
	return 0;
}

int pw_workspace_author(const char **name, const char **email, pw_workspace *ws)
{
	const pw_config *cfg;
	int rc;
	*name = *email = NULL;
	if (!ws->author_name) {
		if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
		    (rc = pw_ledger_author(&ws->author_name, &ws->author_email, cfg->root,
		                           cfg->nofficers ? cfg->officers[0].name : NULL,
		                           cfg->nofficers ? cfg->officers[0].email : NULL)) < 0)
			return rc;
	}
	*name = ws->author_name;
	*email = ws->author_email;
	return 0;
}

int pw_workspace_source_of(const pw_source **out, pw_workspace *ws, const char *change_id)
{
	const pw_sources *sources;
	const char *at = strchr(change_id, '@');
	char *source;
	int rc;

	*out = NULL;
	if ((rc = pw_workspace_sources(&sources, ws)) < 0)
		return rc;
	if (at && !(source = strndup(change_id, (size_t)(at - change_id))))
		return pw_error_oom();
	if (at) {
		*out = pw_sources_find(sources, source);
		free(source);
	}
	if (!*out)
		return pw_error_set(PW_ENOTFOUND,
		                    "unknown change id '%s' (expected <source>@<12 hex>, see "
		                    "'pkiwatch changes')",
		                    change_id);
	return 0;
}

/* Collects the change set of `only_source` (NULL: every enabled source) into `out`. */
static int collect(pw_changeset *out, pw_workspace *ws, const char *only_source)
{
	pw_changeset_opts co = PW_CHANGESET_OPTS_INIT;
	pw_obligrules *rules = NULL;
	const pw_sources *sources;
	const pw_config *cfg;
	int rc;

	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&co.cache_dir, ws)) < 0 ||
	    (rc = pw_workspace_today(&co.today, ws)) < 0)
		return rc;
	co.only_source = only_source;
	/* the requirement lines the obligation rules read (tsp/obligctx.h) */
	if ((rc = pw_obligrules_load(&rules, NULL)) < 0)
		return rc;
	pw_obligctx_changeset_opts(&co, rules);
	rc = pw_changeset_collect(out, sources, cfg, &co);
	pw_obligrules_free(rules);
	return rc;
}

int pw_workspace_changeset(const pw_changeset **out, pw_workspace *ws, const char *only_source)
{
	struct one_set *one, **grown;
	size_t i;
	int rc;

	*out = NULL;
	if (ws->have_set) {
		*out = &ws->set;
		return 0;
	}
	if (!only_source) {
		if ((rc = collect(&ws->set, ws, NULL)) < 0)
			return rc;
		ws->have_set = 1;
		*out = &ws->set;
		return 0;
	}
	for (i = 0; i < ws->nones; i++)
		if (strcmp(ws->ones[i]->source, only_source) == 0) {
			*out = &ws->ones[i]->set;
			return 0;
		}
	if (!(grown = realloc(ws->ones, (ws->nones + 1) * sizeof(*grown))))
		return pw_error_oom();
	ws->ones = grown;
	if (!(one = calloc(1, sizeof(*one))) || !(one->source = strdup(only_source))) {
		free(one);
		return pw_error_oom();
	}
	if ((rc = collect(&one->set, ws, only_source)) < 0) {
		free(one->source);
		free(one);
		return rc;
	}
	ws->ones[ws->nones++] = one;
	*out = &one->set;
	return 0;
}

int pw_workspace_ledger(const pw_ledger **out, pw_workspace *ws)
{
	const pw_config *cfg;
	struct reads *r;
	int rc;
	*out = NULL;
	if ((rc = reads(&r, ws)) < 0)
		return rc;
	if (!r->have_ledger) {
		if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
		    (rc = pw_ledger_load(&r->ledger, cfg->root)) < 0)
			return rc;
		r->have_ledger = 1;
	}
	*out = &r->ledger;
	return 0;
}

int pw_workspace_tsps(const pw_tsps **out, pw_workspace *ws)
{
	const pw_config *cfg;
	int rc;
	*out = NULL;
	if (!ws->have_tsps) {
		if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
		    (rc = pw_tsps_load_ids(&ws->tsps, cfg->root, ws->opts.tsps, ws->opts.ntsps)) <
		        0)
			return rc;
		ws->have_tsps = 1;
	}
	*out = &ws->tsps;
	return 0;
}

int pw_workspace_issued(const pw_issued **out, pw_workspace *ws)
{
	const pw_config *cfg;
	struct reads *r;
	int rc;
	*out = NULL;
	if ((rc = reads(&r, ws)) < 0)
		return rc;
	if (!r->have_issued) {
		if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
		    (rc = pw_issued_load(&r->issued, cfg->root)) < 0)
			return rc;
		r->have_issued = 1;
	}
	*out = &r->issued;
	return 0;
}

int pw_workspace_responses(const pw_responses **out, pw_workspace *ws)
{
	const pw_config *cfg;
	struct reads *r;
	int rc;
	*out = NULL;
	if ((rc = reads(&r, ws)) < 0)
		return rc;
	if (!r->have_responses) {
		if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
		    (rc = pw_responses_load(&r->responses, cfg->root)) < 0)
			return rc;
		r->have_responses = 1;
	}
	*out = &r->responses;
	return 0;
}

int pw_workspace_ledger_changed(pw_workspace *ws)
{
	struct reads **grown;
	if (!ws->nreads)
		return 0; /* nothing read yet */
	if (!(grown = realloc(ws->reads, (ws->nreads + 1) * sizeof(*grown))))
		return pw_error_oom();
	ws->reads = grown;
	if (!(ws->reads[ws->nreads] = calloc(1, sizeof(**grown))))
		return pw_error_oom();
	ws->nreads++;
	return 0;
}

static int same_tsp(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

int pw_workspace_obligations(const pw_obligctx **out, pw_workspace *ws, const char *today,
                             const char *tsp)
{
	pw_obligctx_opts oo = PW_OBLIGCTX_OPTS_INIT;
	struct oblig *ob, **grown;
	const pw_config *cfg;
	struct reads *r;
	size_t i;
	int rc;

	*out = NULL;
	if ((!today && (rc = pw_workspace_today(&today, ws)) < 0) || (rc = reads(&r, ws)) < 0)
		return rc;
	for (i = 0; i < r->nobligs; i++)
		if (strcmp(r->obligs[i]->today, today) == 0 && same_tsp(r->obligs[i]->tsp, tsp)) {
			*out = &r->obligs[i]->ctx;
			return 0;
		}
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&oo.set, ws, NULL)) < 0 ||
	    (rc = pw_workspace_tsps(&oo.tsps, ws)) < 0 ||
	    (rc = pw_workspace_ledger(&oo.ledger, ws)) < 0 ||
	    (rc = pw_workspace_responses(&oo.responses, ws)) < 0)
		return rc;
	if (!(grown = realloc(r->obligs, (r->nobligs + 1) * sizeof(*grown))))
		return pw_error_oom();
	r->obligs = grown;
	if (!(ob = calloc(1, sizeof(*ob))) || (tsp && !(ob->tsp = strdup(tsp)))) {
		free(ob);
		return pw_error_oom();
	}
	snprintf(ob->today, sizeof(ob->today), "%s", today);
	oo.today = today;
	oo.tsp = tsp;
	if ((rc = pw_obligctx_load(&ob->ctx, cfg, &oo)) < 0) {
		free(ob->tsp);
		free(ob);
		return rc;
	}
	r->obligs[r->nobligs++] = ob;
	*out = &ob->ctx;
	return 0;
}

int pw_workspace_github(pw_github **out, pw_workspace *ws, const char *outbox)
{
	pw_github_opts go = PW_GITHUB_OPTS_INIT;
	const pw_config *cfg;
	int rc, timeout;

	*out = NULL;
	if ((rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_ca_file(&go.ca_file, ws)) < 0 ||
	    (rc = pw_config_network_timeout(&timeout, cfg)) < 0)
		return rc;
	go.repository = cfg->repository;
	go.outbox = outbox;
	go.max_retries = -1;
	go.timeout_ms = timeout * 1000L; /* 0: the client's default */
	return pw_github_new(out, &go);
}

int pw_workspace_issues(const pw_existing_issues **out, pw_workspace *ws)
{
	pw_github *gh = NULL;
	int rc;

	*out = NULL;
	if (ws->have_issues) {
		*out = &ws->issues;
		return 0;
	}
	if (!pw_github_token_set())
		return 0;
	if ((rc = pw_workspace_github(&gh, ws, NULL)) < 0)
		return rc;
	rc = pw_publish_existing_list(&ws->issues, gh);
	pw_github_free(gh);
	if (rc < 0)
		return rc;
	ws->have_issues = 1;
	*out = &ws->issues;
	return 0;
}
