#include "tool.h"

#include "core/tsp.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/utf8.h"

#include <git2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "pkiwatch: <prefix><text><suffix>" as one line: the text (which may quote an
 * argument, an id, a file's value) through pw_utf8_oneline. */
/* A message quotes what it was given (an argument, a value from a file):
 * beyond this many bytes the rest is left out, so that a hostile value of
 * 100 KB does not flood the terminal or the job's log. */
#define LINE_MAX_BYTES 1000

static void print_line(const char *prefix, const char *text, const char *suffix)
{
	char *clean = strdup(text);
	size_t len, keep;

	if (!clean) {
		fprintf(stderr, "pkiwatch: %sout of memory%s\n", prefix, suffix);
		return;
	}
	pw_utf8_oneline(clean);
	len = keep = strlen(clean);
	if (len > LINE_MAX_BYTES) { /* cut between characters */
		keep = LINE_MAX_BYTES;
		while (keep > 0 && ((unsigned char)clean[keep] & 0xC0) == 0x80)
			keep--;
	}
	if (keep < len)
		fprintf(stderr, "pkiwatch: %s%.*s... (%zu bytes left out)%s\n", prefix, (int)keep,
		        clean, len - keep, suffix);
	else
		fprintf(stderr, "pkiwatch: %s%s%s\n", prefix, clean, suffix);
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

volatile sig_atomic_t tool_stop_signal;
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSTOP (sizeof(stop_signals) / sizeof(stop_signals[0]))
static struct sigaction stop_old[NSTOP];

static void on_stop(int sig)
{
	tool_stop_signal = sig;
}

void tool_stop_catch(void)
{
	struct sigaction sa;
	size_t i;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	tool_stop_signal = 0;
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &sa, &stop_old[i]);
}

int tool_stop_release(int rc)
{
	size_t i;
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &stop_old[i], NULL);
	return tool_stop_signal ? 128 + tool_stop_signal : rc;
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

int tool_formats_parse(int *out, const char *cmd, const char *text, const tool_format *formats,
                       size_t n, const char *expected)
{
	const char *p = text;
	size_t i;
	*out = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		for (i = 0; i < n; i++)
			if (strlen(formats[i].name) == len && strncmp(p, formats[i].name, len) == 0)
				break;
		if (i == n)
			break;
		*out |= formats[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	if (*p || !*out)
		return tool_usage(cmd, "--format takes %s separated by commas, not '%s'", expected,
		                  text);
	return 0;
}

int tool_check_out_dir(const char *cmd, const char *text)
{
	return pw_path_check_dir(text) < 0 ? tool_usage(cmd, "%s", pw_error_last()) : 0;
}

int tool_check_out_file(const char *cmd, const char *text)
{
	return pw_path_check_file(text) < 0 ? tool_usage(cmd, "%s", pw_error_last()) : 0;
}

int tool_workspace(pw_tool *t, const char *const *tsps, size_t ntsps)
{
	pw_workspace_opts o = PW_WORKSPACE_OPTS_INIT;
	const char *cache;
	int rc;

	if (!t->ws) {
		o.config_path = t->config_path;
		o.cache_dir = t->cache_arg;
		o.tsps = tsps;
		o.ntsps = ntsps;
		if ((rc = pw_workspace_new(&t->ws, &o)) < 0)
			return tool_fail(rc);
		/* the cache (--cache, $PKIWATCH_CACHE, ...): a directory or one to be */
		if ((rc = pw_workspace_cache_dir(&cache, t->ws)) < 0 ||
		    (rc = pw_path_check_dir(cache)) < 0)
			return tool_fail(rc);
	}
	return 0;
}

int tool_open(pw_tool *t, const char *const *tsps, size_t ntsps)
{
	const pw_config *cfg;
	const char *cache;
	int rc;

	if ((rc = tool_workspace(t, tsps, ntsps)) != 0)
		return rc;
	if ((rc = pw_workspace_config(&cfg, t->ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&cache, t->ws)) < 0)
		return tool_fail(rc);
	return 0;
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
