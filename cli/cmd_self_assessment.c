/* pkiwatch self-assessment: a TSP's worksheet for a document version; import
 * a filled-in worksheet; accept an imported one. */
#include "tool.h"

#include "tsp/assessment.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
    "usage: pkiwatch self-assessment --tsp T --document ID [--version V] [--out DIR]\n"
    "                                [--format xlsx,csv,html]\n"
    "       pkiwatch self-assessment import [--tsp T] [--document ID] [--version V] FILE\n"
    "       pkiwatch self-assessment accept [--version V] T ID\n"
    "\n"
    "Writes TSP T's self-assessment worksheet of document ID (SOURCE:PATH, e.g.\n"
    "cabforum-smime:SBR.md) at version V (default: the current one) from the mirror:\n"
    "one row per section heading, the sections changed since T's last accepted\n"
    "self-assessment first and highlighted, with the changes (ballot, date, version,\n"
    "effective dates), prefilled with the accepted answers. Files:\n"
    "<out>/<T>-<source>-<document>-<version>.<format>, out defaulting to\n"
    "self-assessments/<T>/ beside pkiwatch.json.\n"
    "\n"
    "import reads a filled-in worksheet (XLSX, or CSV, which the HTML worksheet's\n"
    "\"Save answers\" button saves) and records its answers in\n"
    "ledger/self-assessments/<T>/<source>/<document>@<version>.json, one commit by the\n"
    "officer (git's user.name/user.email, else the first officer). The same answers\n"
    "again make no commit. Refused with exit status 2, nothing recorded: a file that\n"
    "is not a worksheet or is damaged, a formula, a cell over 32767 characters, a\n"
    "worksheet for another TSP, document or version than --tsp/--document/--version\n"
    "say, a changed section (every section, for a first self-assessment) without an\n"
    "answer in columns E or F.\n"
    "\n"
    "accept records the officer's acceptance of T's imported self-assessment of ID\n"
    "(version V, default the newest not yet accepted): the next worksheet's changes\n"
    "count from that version.\n"
    "\n"
    "  --tsp T          the TSP (tsps/T.json)\n"
    "  --document ID    SOURCE:PATH of a document rules/sources.json tracks\n"
    "  --version V      a version of the document, as its revision table gives it\n"
    "  --out DIR        where to write the worksheet\n"
    "  --format LIST    comma-separated xlsx, csv, html (default xlsx)\n";

enum { OPT_TSP = OPT_GLOBAL_END, OPT_DOCUMENT, OPT_VERSION, OPT_OUT, OPT_FORMAT };

typedef struct {
	const char *tsp, *document, *version, *out;
	int formats;
} args;

static int parse_formats(const char *s, int *out)
{
	*out = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		if (n == 4 && !strncmp(s, "xlsx", 4))
			*out |= PW_ASSESSMENT_XLSX;
		else if (n == 3 && !strncmp(s, "csv", 3))
			*out |= PW_ASSESSMENT_CSV;
		else if (n == 4 && !strncmp(s, "html", 4))
			*out |= PW_ASSESSMENT_HTML;
		else
			return -1;
		s += n;
		if (*s == ',')
			s++;
	}
	return *out ? 0 : -1;
}

static void now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_sheet(pw_tool *t, const pw_sources *sources, const pw_config *cfg, const args *a)
{
	pw_assessment_opts o = PW_ASSESSMENT_OPTS_INIT;
	pw_worksheet ws;
	pw_tsp tsp;
	char **paths = NULL, day[11];
	size_t i;
	int rc;

	memset(&tsp, 0, sizeof(tsp));
	if ((rc = tool_today(day)) < 0 || (rc = pw_tsp_load(&tsp, cfg->root, a->tsp)) < 0)
		return tool_fail(rc);
	o.cache_dir = t->cache_dir;
	o.version = a->version;
	o.today = day;
	o.out_dir = a->out;
	o.formats = a->formats;
	if ((rc = pw_assessment_write(&paths, &ws, sources, cfg, &tsp, a->document, &o)) < 0) {
		pw_tsp_clear(&tsp);
		return tool_fail(rc);
	}
	printf("%s %s version %s: %zu sections, %zu changed since %s%s\n", tsp.id, ws.document,
	       ws.version, ws.nrows, ws.nchanged,
	       ws.base_version ? "version " : "no accepted self-assessment",
	       ws.base_version ? ws.base_version : "");
	for (i = 0; paths[i]; i++) {
		printf("wrote %s\n", paths[i]);
		free(paths[i]);
	}
	free(paths);
	pw_worksheet_clear(&ws);
	pw_tsp_clear(&tsp);
	return 0;
}

static int import(pw_tool *t, const pw_sources *sources, const pw_config *cfg, const args *a,
                  const char *file)
{
	pw_assessment_import_opts o = {t->cache_dir, a->tsp, a->document, a->version, NULL};
	pw_assessment_result r;
	char now[32];
	int rc;
	now_iso(now);
	o.now = now;
	if ((rc = pw_assessment_import(&r, sources, cfg, file, &o)) < 0)
		return tool_fail(rc);
	if (r.unchanged)
		printf("%s: %s %s version %s: the same answers are recorded; nothing to do\n", file,
		       r.tsp, r.document, r.version);
	else
		printf("%s: %s %s version %s: %zu of %zu sections answered (%zu changed), "
		       "recorded in %s (commit %.12s)\n",
		       file, r.tsp, r.document, r.version, r.nanswered, r.nrows, r.nchanged,
		       r.rel_path, r.commit);
	pw_assessment_result_clear(&r);
	return 0;
}

static int accept(const pw_sources *sources, const pw_config *cfg, const args *a, const char *tsp,
                  const char *document)
{
	pw_assessment_result r;
	char now[32];
	int rc;
	now_iso(now);
	if ((rc = pw_assessment_accept(&r, sources, cfg, tsp, document, a->version, now)) < 0)
		return tool_fail(rc);
	if (r.unchanged)
		printf("%s %s version %s: already accepted\n", r.tsp, r.document, r.version);
	else
		printf("%s %s version %s: accepted (commit %.12s)\n", r.tsp, r.document, r.version,
		       r.commit);
	pw_assessment_result_clear(&r);
	return 0;
}

int cmd_self_assessment(pw_tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
	    TOOL_GLOBAL_OPTIONS,
	    {"tsp", required_argument, NULL, OPT_TSP},
	    {"document", required_argument, NULL, OPT_DOCUMENT},
	    {"version", required_argument, NULL, OPT_VERSION},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {NULL, 0, NULL, 0},
	};
	pw_sources *sources = NULL;
	pw_config *cfg = NULL;
	args a;
	int opt, rc, nargs;
	const char *verb = NULL;

	memset(&a, 0, sizeof(a));
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (tool_global_option(t, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		case OPT_TSP:
			a.tsp = optarg;
			break;
		case OPT_DOCUMENT:
			a.document = optarg;
			break;
		case OPT_VERSION:
			a.version = optarg;
			break;
		case OPT_OUT:
			a.out = optarg;
			break;
		case OPT_FORMAT:
			if (parse_formats(optarg, &a.formats) < 0)
				return tool_usage(
				    "self-assessment",
				    "--format takes xlsx, csv and html separated by commas, "
				    "not '%s'",
				    optarg);
			break;
		default:
			return tool_usage("self-assessment", "unknown or incomplete option '%s'",
			                  argv[optind - 1]);
		}
	}
	nargs = argc - optind;
	if (nargs > 0)
		verb = argv[optind];
	if (!verb) {
		if (!a.tsp || !a.document)
			return tool_usage("self-assessment", "--tsp and --document are required");
	} else if (!strcmp(verb, "import")) {
		if (nargs != 2)
			return tool_usage("self-assessment", "import takes one FILE");
		if (a.out || a.formats)
			return tool_usage("self-assessment", "import takes no --out or --format");
	} else if (!strcmp(verb, "accept")) {
		if (nargs != 3)
			return tool_usage("self-assessment",
			                  "accept takes a TSP and a document ID");
		if (a.tsp || a.document || a.out || a.formats)
			return tool_usage("self-assessment", "accept takes only --version");
	} else {
		return tool_usage("self-assessment", "unknown verb '%s' (import, accept)", verb);
	}
	if ((rc = tool_load(t, &sources, &cfg)) == 0 && (rc = tool_cache_dir(t)) == 0) {
		if (!verb)
			rc = write_sheet(t, sources, cfg, &a);
		else if (!strcmp(verb, "import"))
			rc = import(t, sources, cfg, &a, argv[optind + 1]);
		else
			rc = accept(sources, cfg, &a, argv[optind + 1], argv[optind + 2]);
	}
	pw_config_free(cfg);
	pw_sources_free(sources);
	return rc;
}
