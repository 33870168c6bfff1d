#include "tool.h"

#include "core/tsp.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void tool_error(const char *fmt, ...)
{
	va_list ap;
	fputs("pkiwatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int tool_fail(int code)
{
	const char *msg = pw_error_last(), *p;
	/* one line: messages quote values from files (a TSP id, a change id),
	 * whose line breaks and escape sequences must not reach the terminal */
	fputs("pkiwatch: ", stderr);
	for (p = *msg ? msg : "unknown error"; *p; p++)
		fputc((unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p, stderr);
	fputc('\n', stderr);
	return pw_error_exit_status(code);
}

int tool_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "pkiwatch: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'pkiwatch %s --help')\n", cmd);
	return 2;
}

int tool_check_tsp(const char *cmd, const char *text)
{
	return pw_tsp_id_valid(text) ? 0 : tool_usage(cmd, "'%s' is not a TSP id", text);
}

int tool_load(pw_tool *t, pw_sources **sources, pw_config **cfg)
{
	int rc;

	*sources = NULL;
	*cfg = NULL;
	if ((rc = pw_sources_load_default(sources)) < 0)
		return tool_fail(rc == PW_ENOTFOUND ? PW_EINPUT : rc);
	if ((rc = pw_config_load(cfg, t->config_path, *sources)) < 0) {
		pw_sources_free(*sources);
		*sources = NULL;
		return tool_fail(rc);
	}
	return 0;
}

int tool_cache_dir(pw_tool *t)
{
	const char *env;

	free(t->cache_dir);
	t->cache_dir = NULL;
	if (t->cache_arg && *t->cache_arg)
		t->cache_dir = strdup(t->cache_arg);
	else if ((env = getenv("PKIWATCH_CACHE")) && *env)
		t->cache_dir = strdup(env);
	else if ((env = getenv("XDG_CACHE_HOME")) && *env)
		t->cache_dir = pw_path_join(env, "pkiwatch");
	else if ((env = getenv("HOME")) && *env)
		t->cache_dir = pw_path_join(env, ".cache/pkiwatch");
	else {
		tool_error("no cache directory: use --cache DIR or set PKIWATCH_CACHE");
		return 2;
	}
	if (!t->cache_dir) {
		tool_error("out of memory");
		return 1;
	}
	return 0;
}

const char *tool_upstream_base(const pw_config *cfg)
{
	const char *env = getenv("PKIWATCH_UPSTREAM");
	if (env && *env)
		return env;
	return cfg ? cfg->upstream_base : NULL;
}

static int git_initialised;

int tool_git_init(void)
{
	if (git_initialised)
		return 0;
	if (git_libgit2_init() < 0) {
		tool_error("cannot initialise libgit2");
		return 1;
	}
	git_initialised = 1;
	return 0;
}

void tool_git_shutdown(void)
{
	if (git_initialised)
		git_libgit2_shutdown();
	git_initialised = 0;
}

int tool_today(char out[11])
{
	const char *env = getenv("PKIWATCH_TODAY");
	time_t now = time(NULL);
	struct tm tm;
	long day;
	if (env && *env) {
		if (pw_day_parse(env, &day) < 0)
			return pw_error_set(PW_EINPUT,
			                    "PKIWATCH_TODAY: '%s' is not a date (YYYY-MM-DD)", env);
		memcpy(out, env, 11);
		return 0;
	}
	if (!gmtime_r(&now, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		return pw_error_set(PW_ERROR, "cannot read the system clock");
	return 0;
}
