#include "tool.h"

#include "core/tsp.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/utf8.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t tool_clean_lines(char *s)
{
	char *r = s, *w = s, *nl;
	size_t len, lead;

	while (*r) {
		nl = strchr(r, '\n');
		len = nl ? (size_t)(nl - r) : strlen(r);
		r[len] = '\0';
		pw_utf8_oneline(r);
		len = strlen(r);
		memmove(w, r, len);
		/* GitHub Actions takes a line starting with "::" for a workflow command */
		lead = strspn(w, " \t");
		if (lead + 1 < len && w[lead] == ':' && w[lead + 1] == ':')
			w[lead] = ' ';
		w += len;
		if (!nl)
			break;
		*w++ = '\n';
		r = nl + 1;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* "pkiwatch: <prefix><text><suffix>" as one line: the text (which may quote an
 * argument, an id, a file's value) through pw_utf8_oneline. */
static void print_line(const char *prefix, const char *text, const char *suffix)
{
	char *clean = strdup(text);

	if (clean)
		pw_utf8_oneline(clean);
	fprintf(stderr, "pkiwatch: %s%s%s\n", prefix, clean ? clean : "out of memory", suffix);
	free(clean);
}

void tool_error(const char *fmt, ...)
{
	va_list ap;
	char *text = NULL;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	print_line("", text ? text : "out of memory", "");
	free(text);
}

int tool_fail(int code)
{
	const char *msg = pw_error_last();
	/* one line: messages quote values from files (a TSP id, a change id),
	 * whose line breaks and escape sequences must not reach the terminal
	 * (the library filters its messages; this is the second line of defence) */
	print_line("", *msg ? msg : "unknown error", "");
	return pw_error_exit_status(code);
}

int tool_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL, *prefix = NULL, *suffix = NULL;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (asprintf(&prefix, "%s: ", cmd) < 0)
		prefix = NULL;
	if (asprintf(&suffix, " (see 'pkiwatch %s --help')", cmd) < 0)
		suffix = NULL;
	print_line(prefix ? prefix : "", text ? text : "out of memory", suffix ? suffix : "");
	free(text);
	free(prefix);
	free(suffix);
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
