/* pkiwatch sync: mirror, publish, reminders, and the report for the Action. */
#include "tool.h"

#include "util/error.h"
#include "publish/publish_run.h"
#include "publish/remind.h"
#include "publish/syncreport.h"

#include <stdio.h>
#include <string.h>

static const char about[] =
    "Mirrors every enabled source (see 'pkiwatch mirror --help'), then publishes the\n"
    "changes (see 'pkiwatch publish --help'). --dry-run still fetches the upstream\n"
    "sources but sends nothing to GitHub. Then reminders (see below).\n";

static const char after[] =
    "Effective dates: a change states any number of dates (requirements that start to\n"
    "apply, deadlines; see 'pkiwatch changes'); every one of them counts, not only the\n"
    "first, for every change that has an issue, signed off or not, drafts included.\n"
    "Both files are written only when everything succeeded (also when nothing is new),\n"
    "and appended to, never truncated. PKIWATCH_TODAY=YYYY-MM-DD fixes 'today'.\n"
    "Reminders (comments; configuration remind_after_days, default 7, and\n"
    "warn_before_days, default 90): a change issue not signed off that has waited at\n"
    "least remind_after_days (since it was opened, or since the oldest change without\n"
    "sign-off when that is later), once every remind_after_days; a signed-off change\n"
    "with an effective date at most warn_before_days ahead while a TSP it applies to\n"
    "has not responded, once every remind_after_days. A re-run in the same interval\n"
    "posts nothing.\n";

int cmd_sync(pw_tool *t, int argc, char **argv)
{
	const char *outbox = NULL, *summary = NULL, *outputs = NULL;
	int dry = 0, rc;
	const opt_spec spec[] = {
	    {.type = OPT_SWITCH,
	     .name = "dry-run",
	     .value = &dry,
	     .help = "send nothing (requests go to the outbox)"},
	    {.type = OPT_STRING,
	     .name = "outbox",
	     .value = &outbox,
	     .arg = "DIR",
	     .help = "the dry run's outbox (default <compliance repository>/out/outbox)"},
	    {.type = OPT_STRING,
	     .name = "step-summary",
	     .value = &summary,
	     .arg = "FILE",
	     .help = "append a Markdown job summary ($GITHUB_STEP_SUMMARY): totals,\n"
	             "new and updated changes with their issues, what awaits\n"
	             "sign-off, the next effective dates, the reminders posted"},
	    {.type = OPT_STRING,
	     .name = "outputs",
	     .value = &outputs,
	     .arg = "FILE",
	     .help = "append the step outputs ($GITHUB_OUTPUT), one a line:\n"
	             "  new-changes=N        issues created by this run (a dry run:\n"
	             "                       that it would create)\n"
	             "  updated-changes=N    issues rewritten because their changes\n"
	             "                       changed\n"
	             "  awaiting-signoff=N   change issues not fully signed off\n"
	             "  next-effective-date=YYYY-MM-DD  the soonest effective date\n"
	             "                       on or after today (empty when none)"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"sync", about, after, 23, spec};
	const pw_config *cfg;
	pw_publish_run run;
	pw_remind_opts ro;
	pw_remind_stats rs;
	pw_syncreport rep;
	size_t nargs;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if (outbox && !dry)
		return tool_usage("sync", "--outbox goes with --dry-run");
	if ((summary && !*summary) || (outputs && !*outputs))
		return tool_usage("sync", "--step-summary and --outputs take a file name");
	/* before any work: a report that cannot be written would be found out
	 * only after mirror and publish have run */
	if ((rc = pw_syncreport_check(outputs, summary)) < 0)
		return tool_fail(rc);
	if ((rc = tool_open(t, NULL, 0)) != 0 || (rc = tool_mirror(t, 0, 1, 0)) != 0 ||
	    (rc = tool_git_init()) != 0)
		return rc;
	memset(&run, 0, sizeof(run));
	memset(&rep, 0, sizeof(rep));
	memset(&rs, 0, sizeof(rs));
	if ((rc = pw_workspace_config(&cfg, t->ws)) < 0)
		return tool_fail(rc);
	rc = tool_publish_run(t, dry, outbox, &run);
	/* some issues refused: the reminders on the others still go out */
	if (rc == 0 || run.st.failed) {
		memset(&ro, 0, sizeof(ro));
		ro.cfg = cfg;
		ro.published = &run.st;
		ro.ledger = &run.ledger;
		ro.today = run.today;
		int failed = rc;
		if ((rc = pw_remind_run(run.gh, &ro, &rs)) < 0)
			rc = tool_fail(rc);
		else
			printf("%sreminders: %zu posted, %zu due; %zu GitHub request%s\n",
			       dry ? "dry run: " : "", rs.count, rs.due, rs.requests,
			       rs.requests == 1 ? "" : "s");
		if (rc == 0)
			rc = failed; /* and no report: it is written when all succeeded */
	}
	if (rc == 0) {
		rep.repository = cfg->repository;
		rep.today = run.today;
		rep.dry_run = dry;
		rep.published = &run.st;
		rep.reminded = &rs;
		if ((rc = pw_syncreport_build(&rep)) < 0 ||
		    (rc = pw_syncreport_write(&rep, outputs, summary)) < 0)
			rc = tool_fail(rc);
	}
	pw_syncreport_clear(&rep);
	pw_remind_stats_clear(&rs);
	pw_publish_run_clear(&run);
	return rc;
}
