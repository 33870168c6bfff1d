/* pkiwatch sync: mirror, then publish (what the Action runs). */
#include "tool.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: pkiwatch sync [--dry-run] [--outbox DIR]\n"
    "\n"
    "Mirrors every enabled source (see 'pkiwatch mirror --help'), then publishes the\n"
    "changes (see 'pkiwatch publish --help'). --dry-run still fetches the upstream\n"
    "sources but sends nothing to GitHub.\n";

enum { OPT_DRY_RUN = OPT_GLOBAL_END, OPT_OUTBOX };

int cmd_sync(pw_tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
	    TOOL_GLOBAL_OPTIONS,
	    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	    {"outbox", required_argument, NULL, OPT_OUTBOX},
	    {NULL, 0, NULL, 0},
	};
	char *mirror_argv[] = {"mirror", "--quiet", NULL};
	char *publish_argv[] = {"sync", NULL, NULL, NULL, NULL};
	char *outbox = NULL;
	int opt, dry = 0, rc, n = 1;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (tool_global_option(t, opt, optarg))
			continue;
		switch (opt) {
		case OPT_HELP:
			fputs(usage_text, stdout);
			return 0;
		case OPT_DRY_RUN:
			dry = 1;
			break;
		case OPT_OUTBOX:
			outbox = optarg;
			break;
		default:
			return tool_usage("sync", "unknown or incomplete option '%s'",
			                  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return tool_usage("sync", "unexpected argument '%s'", argv[optind]);
	if (outbox && !dry)
		return tool_usage("sync", "--outbox goes with --dry-run");
	if ((rc = cmd_mirror(t, 2, mirror_argv)) != 0)
		return rc;
	if (dry)
		publish_argv[n++] = "--dry-run";
	if (outbox) {
		publish_argv[n++] = "--outbox";
		publish_argv[n++] = outbox;
	}
	return cmd_publish(t, n, publish_argv);
}
