/* pkiwatch: the command-line front end. It parses arguments and calls lib/. */
#include "tool.h"

#include "util/error.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(pw_tool *, int, char **);
	const char *summary;
	int git_later; /* initialises libgit2 itself (tool_git_init) */
} commands[] = {
    {"mirror", cmd_mirror, "clone or fetch every upstream source into the cache", 1},
    {"changes", cmd_changes, "list the classified upstream changes", 0},
    {"publish", cmd_publish, "open or update one issue per change, and the dashboard", 0},
    {"sync", cmd_sync, "mirror, publish, reminders (what the GitHub Action runs)", 1},
    {"baseline", cmd_baseline,
     "record pkiwatch.json's baseline: earlier changes are the status quo", 0},
    {"signoff", cmd_signoff, "record the officer's decision in the ledger and on the issue", 0},
    {"forms", cmd_forms, "write each TSP's confidential form (md, html, pdf)", 0},
    {"deadlines", cmd_deadlines, "upcoming effective dates of applicable changes; iCalendar", 0},
    {"respond", cmd_respond, "record a TSP's answer to a change in the ledger", 0},
    {"responses", cmd_responses, "import a TSP's response file into the ledger", 0},
    {"summary", cmd_summary, "change x TSP matrix: applicability, responses, risks", 0},
    {"evidence", cmd_evidence, "the auditor's report for a period (md, html, json, pdf)", 0},
    {"verify", cmd_verify, "check the ledger's history: signatures, append-only, known changes", 0},
    {"self-assessment", cmd_self_assessment,
     "a TSP's self-assessment worksheet (xlsx, csv, html); import; accept", 0},
    {"obligations", cmd_obligations, "what each TSP must do by when (audits, transitions)", 0},
    {"obligation", cmd_obligation, "the officer's actions: add, done, evidence, accept, waive, due",
     0},
};

static void usage(FILE *f)
{
	size_t i;
	fprintf(f, "usage: pkiwatch [--config FILE] [--cache DIR] <command> [options]\n"
	           "       pkiwatch --help | --version\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-15s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'pkiwatch <command> --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
	pw_tool tool = {"pkiwatch.json", NULL, NULL};
	int i = 1, rc = 2;
	size_t c;

	/* global options before the command */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			printf("pkiwatch %s\n", PW_VERSION);
			return 0;
		}
		if (strcmp(a, "--config") == 0 || strcmp(a, "--cache") == 0) {
			if (i + 1 >= argc) {
				tool_error("%s needs an argument (see 'pkiwatch --help')", a);
				return 2;
			}
			if (a[3] == 'o')
				tool.config_path = argv[i + 1];
			else
				tool.cache_arg = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(a, "--config=", 9) == 0) {
			tool.config_path = a + 9;
			i++;
			continue;
		}
		if (strncmp(a, "--cache=", 8) == 0) {
			tool.cache_arg = a + 8;
			i++;
			continue;
		}
		tool_error("unknown option '%s' (see 'pkiwatch --help')", a);
		return 2;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			break;
	if (c == sizeof(commands) / sizeof(commands[0])) {
		tool_error("'%s' is not a pkiwatch command (see 'pkiwatch --help')", argv[i]);
		return 2;
	}
	if (!commands[c].git_later && tool_git_init() != 0)
		return 1;
	rc = commands[c].run(&tool, argc - i, argv + i);
	pw_workspace_free(tool.ws);
	tool_git_shutdown();
	return rc;
}
