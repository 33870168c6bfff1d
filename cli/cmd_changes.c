/* pkiwatch changes: the changes of every enabled source, from the mirrors. */
#include "tool.h"

#include "buf.h"
#include "change.h"
#include "classify.h"
#include "error.h"
#include "fileio.h"
#include "history.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: pkiwatch changes [--source S] [--since DATE] [--from REV --to REV] [--drafts]\n"
    "                        [--format text|json]\n"
    "\n"
    "Lists the changes to the sources' documents, newest first, from the mirrors in the\n"
    "cache (run 'pkiwatch mirror' first).\n"
    "  --source S      only source S (default: the sources enabled in pkiwatch.json)\n"
    "  --since DATE    stop at changes committed before DATE (YYYY-MM-DD)\n"
    "  --from REV      only changes after REV (exclusive)\n"
    "  --to REV        start from REV instead of the default branch head\n"
    "  --drafts        also list draft branches as proposed changes\n"
    "  --format F      text (default) or json\n";

enum { OPT_SOURCE = OPT_GLOBAL_END, OPT_SINCE, OPT_FROM, OPT_TO, OPT_DRAFTS, OPT_FORMAT };

typedef struct {
	int json;
	cJSON *array;
	pw_buf text;
	pw_classifier *cl;  /* JSON: every change is classified */
	pw_change *pending; /* JSON: one source's classified changes, newest first */
	size_t npending;
} output;

/* Prints the classifier's warnings about upstream text (never on stdout). */
static void print_warnings(const pw_change *c)
{
	size_t i;
	for (i = 0; i < c->cls.warnings.count; i++)
		fprintf(stderr, "pkiwatch: warning: %s: %s\n", c->id, c->cls.warnings.items[i]);
}

/* JSON: classify and keep until the source is complete (pw_classify_link
 * looks across changes). */
static int classify_change(output *out, const pw_commit_change *cc)
{
	pw_change *p = realloc(out->pending, (out->npending + 1) * sizeof(*p));
	int rc;
	if (!p)
		return pw_error_oom();
	out->pending = p;
	p = &out->pending[out->npending];
	if ((rc = pw_change_init(p, cc)) < 0)
		return rc;
	if ((rc = pw_classify(out->cl, cc, &p->cls)) < 0) {
		pw_change_clear(p);
		return pw_error_prefix(rc, "%s", p->id);
	}
	p->classified = 1;
	out->npending++;
	return 0;
}

/* Emits the pending changes of one source. */
static int flush_pending(output *out)
{
	pw_classification **cls = calloc(out->npending + 1, sizeof(*cls));
	size_t i;
	int rc = 0;
	if (!cls)
		return pw_error_oom();
	for (i = 0; i < out->npending; i++)
		cls[i] = &out->pending[i].cls;
	pw_classify_link(cls, out->npending);
	free(cls);
	for (i = 0; i < out->npending; i++) {
		cJSON *o = rc == 0 ? pw_change_to_json(&out->pending[i]) : NULL;
		if (rc == 0 && !o)
			rc = PW_ENOMEM;
		else if (o)
			cJSON_AddItemToArray(out->array, o);
		if (rc == 0)
			print_warnings(&out->pending[i]);
		pw_change_clear(&out->pending[i]);
	}
	out->npending = 0;
	return rc;
}

static int on_change(const pw_commit_change *cc, void *payload)
{
	output *out = payload;
	pw_change c;
	int rc;

	if (out->cl)
		return classify_change(out, cc);
	rc = pw_change_init(&c, cc);
	if (rc < 0)
		return rc;
	if (out->json) {
		cJSON *o = pw_change_to_json(&c);
		if (!o)
			rc = PW_ENOMEM;
		else
			cJSON_AddItemToArray(out->array, o);
	} else if (c.status == PW_STATUS_PROPOSED) {
		rc = pw_buf_printf(&out->text, "%s %s %s (proposed on %s)\n", c.id, c.date,
		                   c.subject, c.branch);
	} else {
		rc = pw_buf_printf(&out->text, "%s %s %s\n", c.id, c.date, c.subject);
	}
	pw_change_clear(&c);
	return rc;
}

/* Walks one source's mirror into `out`. */
static int one_source(pw_tool *t, const pw_source *src, const pw_history_opts *opts, output *out)
{
	struct stat st;
	char *name = NULL, *path = NULL;
	pw_buf b = PW_BUF_INIT;
	int rc;

	if (pw_buf_printf(&b, "%s.git", src->id) < 0)
		return tool_fail(PW_ENOMEM);
	name = pw_buf_detach(&b);
	path = name ? pw_path_join(t->cache_dir, name) : NULL;
	free(name);
	if (!path)
		return tool_fail(PW_ENOMEM);
	if (stat(path, &st) < 0) {
		tool_error("source %s is not mirrored yet: run 'pkiwatch mirror' (no %s)", src->id,
		           path);
		free(path);
		return 1;
	}
	rc = pw_history_walk(path, src, opts, on_change, out);
	if (out->cl) {
		int frc = flush_pending(out);
		if (rc == 0)
			rc = frc;
	}
	free(path);
	return rc < 0 ? tool_fail(rc) : 0;
}

int cmd_changes(pw_tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
	    TOOL_GLOBAL_OPTIONS,
	    {"source", required_argument, NULL, OPT_SOURCE},
	    {"since", required_argument, NULL, OPT_SINCE},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {"drafts", no_argument, NULL, OPT_DRAFTS},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {NULL, 0, NULL, 0},
	};
	pw_history_opts opts = {NULL, NULL, NULL, 0, 0};
	const char *only = NULL;
	pw_sources *sources = NULL;
	pw_config *cfg = NULL;
	output out = {0, NULL, PW_BUF_INIT, NULL, NULL, 0};
	int opt, rc = 0;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (tool_global_option(t, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		case OPT_SOURCE:
			only = optarg;
			break;
		case OPT_SINCE:
			opts.since = optarg;
			break;
		case OPT_FROM:
			opts.from = optarg;
			break;
		case OPT_TO:
			opts.to = optarg;
			break;
		case OPT_DRAFTS:
			opts.drafts = 1;
			break;
		case OPT_FORMAT:
			if ((out.json = tool_parse_format(optarg)) < 0)
				return tool_usage(
				    "changes", "--format: expected text or json, got '%s'", optarg);
			break;
		default:
			return tool_usage("changes", "unknown or incomplete option '%s'",
			                  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tool_usage("changes", "unexpected argument '%s'", argv[optind]);
	if (opts.since && !pw_json_is_date(opts.since))
		return tool_usage("changes", "--since: expected a date YYYY-MM-DD, got '%s'",
		                  opts.since);
	if ((rc = tool_load(t, &sources, &cfg)) != 0)
		return rc;
	if ((rc = pw_history_tune()) < 0) {
		rc = tool_fail(rc);
		goto done;
	}
	if (only && !pw_sources_find(sources, only)) {
		tool_error("unknown source '%s'", only);
		rc = 2;
		goto done;
	}
	if ((rc = tool_cache_dir(t)) != 0)
		goto done;
	if (out.json && !(out.array = cJSON_CreateArray())) {
		rc = tool_fail(PW_ENOMEM);
		goto done;
	}
	if (out.json) { /* the full change record: classify with the rules */
		int lrc = pw_classifier_load(&out.cl, NULL);
		if (lrc < 0) {
			rc = tool_fail(lrc);
			goto done;
		}
		opts.with_text = 1;
	}
	for (i = 0; i < sources->count && rc == 0; i++) {
		const pw_source *src = &sources->items[i];
		if (only ? strcmp(src->id, only) != 0 : !pw_config_source_enabled(cfg, src->id))
			continue;
		rc = one_source(t, src, &opts, &out);
	}
	/* nothing reaches stdout unless every source was read */
	if (rc == 0 && out.json) {
		char *s = cJSON_PrintUnformatted(out.array);
		if (!s) {
			rc = tool_fail(PW_ENOMEM);
		} else {
			puts(s);
			free(s);
		}
	} else if (rc == 0 && out.text.len > 0) {
		fwrite(out.text.ptr, 1, out.text.len, stdout);
	}
	if (rc == 0 && fflush(stdout) != 0) {
		tool_error("cannot write to standard output");
		rc = 1;
	}
done:
	pw_classifier_free(out.cl);
	free(out.pending);
	cJSON_Delete(out.array);
	pw_buf_dispose(&out.text);
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
