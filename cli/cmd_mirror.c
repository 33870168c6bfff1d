/* pkiwatch mirror: clone or fetch every enabled source into the cache. */
#include "tool.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/lock.h"
#include "app/mirror_all.h"
#include "upstream/mirror.h"
#include "upstream/preconnect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char about[] =
    "Clones or fetches every branch and tag of every enabled source into\n"
    "<cache>/<source>.git and reports, per source, the default branch's old and new\n"
    "head, the number of new commits on it, and the branches added or removed.\n";

static const char after[] =
    "Environment: PKIWATCH_UPSTREAM (fetch DIR/<source>.git or URL/<source>.git),\n"
    "PKIWATCH_CA_FILE (extra CA certificates for https, before the config's ca_file),\n"
    "PKIWATCH_LOCK_TIMEOUT (seconds to wait for another run on the same cache; 600),\n"
    "PKIWATCH_NETWORK_TIMEOUT (seconds a connection may go without progress before its\n"
    "source fails, 1..3600, before the config's network_timeout; default 120).\n";

/* The progress line: one line on stderr, rewritten in place, at most ~10 a second. */
typedef struct {
	struct timespec last;
	int shown;
} progress_state;

static void on_progress(const char *source_id, size_t received, size_t total, size_t bytes,
                        void *payload)
{
	progress_state *p = payload;
	struct timespec now;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
	if (p->shown && dt < 0.1 && received != total)
		return;
	p->last = now;
	p->shown = 1;
	fprintf(stderr, "\r\033[K%s: receiving objects %3u%% (%zu/%zu), %.1f KiB", source_id,
	        total ? (unsigned)(received * 100 / total) : 0, received, total,
	        (double)bytes / 1024.0);
	fflush(stderr);
}

void tool_lock_wait(const char *path, int timeout, void *payload)
{
	(void)payload;
	if (timeout < 0)
		tool_error("waiting for another pkiwatch run to release %s", path);
	else
		tool_error("waiting up to %d s for another pkiwatch run to release %s", timeout,
		           path);
}

static void short_id(char out[13], const char *hex)
{
	snprintf(out, 13, "%.7s", *hex ? hex : "-");
}

static void print_list(const char *sign, char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		printf("%s%s%s", i ? ", " : "", sign, names[i]);
}

static void print_text(const pw_mirror_result *r)
{
	char from[13], to[13];

	if (r->status < 0)
		return; /* reported on stderr */
	short_id(from, r->old_head);
	short_id(to, r->new_head);
	if (r->cloned)
		printf("%s: cloned, %s at %s (%zu commit%s), %zu branch%s", r->source_id, r->branch,
		       to, r->new_commits, r->new_commits == 1 ? "" : "s", r->nadded,
		       r->nadded == 1 ? "" : "es");
	else if (strcmp(r->old_head, r->new_head) == 0)
		printf("%s: %s %s, unchanged", r->source_id, r->branch, to);
	else
		printf("%s: %s %s..%s, %zu new commit%s", r->source_id, r->branch, from, to,
		       r->new_commits, r->new_commits == 1 ? "" : "s");
	if (!r->cloned && r->nadded + r->nremoved > 0) {
		printf("; branches ");
		print_list("+", r->added, r->nadded);
		printf("%s", r->nadded && r->nremoved ? ", " : "");
		print_list("-", r->removed, r->nremoved);
	}
	printf("\n");
}

static cJSON *names_json(char **names, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;
	for (i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(names[i]));
	return a;
}

static cJSON *result_json(const pw_mirror_result *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "source", r->source_id);
	cJSON_AddStringToObject(o, "path", r->path ? r->path : "");
	cJSON_AddStringToObject(o, "branch", r->branch);
	cJSON_AddBoolToObject(o, "ok", r->status == 0);
	if (r->status < 0) {
		cJSON_AddStringToObject(o, "error", r->error ? r->error : "failed");
		return o;
	}
	cJSON_AddBoolToObject(o, "cloned", r->cloned);
	if (*r->old_head)
		cJSON_AddStringToObject(o, "old_head", r->old_head);
	else
		cJSON_AddNullToObject(o, "old_head");
	cJSON_AddStringToObject(o, "new_head", r->new_head);
	cJSON_AddNumberToObject(o, "new_commits", (double)r->new_commits);
	cJSON_AddItemToObject(o, "branches_added", names_json(r->added, r->nadded));
	cJSON_AddItemToObject(o, "branches_removed", names_json(r->removed, r->nremoved));
	return o;
}

static int print_json(const pw_mirror_result *results, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	char *text;
	size_t i;

	for (i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, result_json(&results[i]));
	text = a ? cJSON_Print(a) : NULL;
	cJSON_Delete(a);
	if (!text) {
		tool_error("out of memory");
		return 1;
	}
	printf("%s\n", text);
	free(text);
	return 0;
}

/* Prints the results (errors on stderr); returns the exit status. */
int tool_mirror_report(const pw_mirror_all_result *r, int json)
{
	size_t i;
	int status = 0;

	for (i = 0; i < r->count; i++) {
		if (r->items[i].status < 0) {
			tool_error("%s", r->items[i].error ? r->items[i].error : "failed");
			status = 1;
		}
		if (!json)
			print_text(&r->items[i]);
	}
	if (json && print_json(r->items, r->count) != 0)
		status = 1;
	return status;
}

static int mirror(pw_tool *t, int reclone, int quiet, int json)
{
	pw_mirror_all_opts o = PW_MIRROR_ALL_OPTS_INIT;
	progress_state progress = {{0, 0}, 0};
	pw_mirror_all_result r;
	int rc, status;

	o.reclone = reclone;
	o.lock_wait = tool_lock_wait;
	o.payload = &progress;
	if (!quiet && isatty(2))
		o.progress = on_progress;
	rc = pw_mirror_all_run(&r, t->ws, &o);
	if (progress.shown)
		fputs("\r\033[K", stderr);
	status = rc < 0 ? tool_fail(rc) : tool_mirror_report(&r, json);
	pw_mirror_all_result_clear(&r);
	return status;
}

int cmd_mirror(pw_tool *t, int argc, char **argv)
{
	int reclone = 0, json = 0, quiet = 0, status;
	const opt_spec spec[] = {
	    {.type = OPT_SWITCH,
	     .name = "reclone",
	     .value = &reclone,
	     .help = "clone afresh, replacing each mirror once its new clone is complete\n"
	             "(repairs a broken cache entry)"},
	    {.type = OPT_SWITCH,
	     .name = "quiet",
	     .alias = 'q',
	     .value = &quiet,
	     .help = "no progress line"},
	    {.type = OPT_CHOICE,
	     .name = "format",
	     .value = &json,
	     .arg = "F",
	     .choices = "text|json",
	     .help = "text (default) or json (on stdout; nothing else goes there)"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"mirror", about, after, 16, spec};
	size_t nargs;

	if ((status = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return status;
	if ((status = tool_open(t, NULL, 0)) != 0)
		return status;
	return mirror(t, reclone, quiet, json);
}
