/* The self-assessment use cases (self_assessment.h). */
#include "app/self_assessment.h"

#include "util/day.h"
#include "util/error.h"

#include <string.h>

int pw_self_assessment_write(char ***paths, pw_worksheet *out, pw_workspace *ws,
                             const pw_self_assessment_opts *opts)
{
	pw_assessment_opts o = PW_ASSESSMENT_OPTS_INIT;
	const pw_sources *sources;
	const pw_config *cfg;
	const pw_tsps *tsps;
	const pw_tsp *tsp;
	int rc;

	*paths = NULL;
	memset(out, 0, sizeof(*out));
	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&o.cache_dir, ws)) < 0 ||
	    (rc = pw_workspace_today(&o.today, ws)) < 0 || (rc = pw_workspace_tsps(&tsps, ws)) < 0)
		return rc;
	if (!opts->tsp || !(tsp = pw_tsps_find(tsps, opts->tsp)))
		return pw_error_set(PW_ENOTFOUND, "%s: unknown TSP (no tsps/%s.json)",
		                    opts->tsp ? opts->tsp : "", opts->tsp ? opts->tsp : "");
	o.version = opts->version;
	o.out_dir = opts->out_dir;
	o.formats = opts->formats;
	return pw_assessment_write(paths, out, sources, cfg->root, tsp, opts->document, &o);
}

int pw_self_assessment_import(pw_assessment_result *res, pw_workspace *ws, const char *file,
                              const pw_self_assessment_opts *opts)
{
	pw_assessment_import_opts o = PW_ASSESSMENT_IMPORT_OPTS_INIT;
	const pw_sources *sources;
	const pw_config *cfg;
	char now[21];
	int rc;

	o.tsp = opts->tsp;
	o.document = opts->document;
	o.version = opts->version;

	memset(res, 0, sizeof(*res));
	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&o.cache_dir, ws)) < 0 ||
	    (rc = pw_workspace_today(&o.today, ws)) < 0 ||
	    (rc = pw_workspace_author(&o.author_name, &o.author_email, ws)) < 0)
		return rc;
	pw_day_now_iso(now, o.today);
	o.now = now;
	return pw_assessment_import(res, sources, cfg->root, file, &o);
}

int pw_self_assessment_accept(pw_assessment_result *res, pw_workspace *ws,
                              const pw_self_assessment_opts *opts)
{
	pw_assessment_accept_opts o = PW_ASSESSMENT_ACCEPT_OPTS_INIT;
	const pw_sources *sources;
	const pw_config *cfg;
	char now[21];
	int rc;

	o.version = opts->version;

	memset(res, 0, sizeof(*res));
	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_today(&o.today, ws)) < 0 ||
	    (rc = pw_workspace_author(&o.author_name, &o.author_email, ws)) < 0)
		return rc;
	pw_day_now_iso(now, o.today);
	o.now = now;
	return pw_assessment_accept(res, sources, cfg->root, opts->tsp, opts->document, &o);
}
