/* pkiwatch sync: mirror, publish, reminders, and the report for the Action. */
#include "tool.h"

#include "app/sync.h"

#include <stdio.h>

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
    "posts nothing. By default (\"reminders\": \"digest\") they are one digest comment\n"
    "on the dashboard; with \"reminders\": \"issues\" a comment on each open change\n"
    "issue, and those of closed issues go into the digest (no comment on a closed issue).\n"
    "Obligations (see 'pkiwatch obligations'): one issue each, closed when met or\n"
    "waived. While one is open, a check-in comment every 14 days while its due date\n"
    "is more than 90 days away, every 7 days within (rules/obligations.json\n"
    "\"checkins\"); when a milestone or the due date has passed, an escalation naming\n"
    "the officers at once, then every 7 days, and the label overdue. A re-run the\n"
    "same day posts nothing; a run after a gap posts one comment, not a backlog.\n";

/* What each step printed went wrong with: the exit status of the last
 * failure reported (0: none), so that it is not printed twice. */
typedef struct {
	pw_tool *t;
	int dry;
	int status;
} progress;

static void on_mirrored(int rc, const pw_mirror_all_result *r, void *payload)
{
	progress *p = payload;
	p->status = rc < 0 ? tool_fail(rc) : tool_mirror_report(r, 0);
}

static void on_published(int rc, const pw_publish_all_result *r, void *payload)
{
	progress *p = payload;
	p->status = tool_publish_report(p->t, rc, r);
}

static void on_reminded(int rc, const pw_remind_stats *rs, void *payload)
{
	progress *p = payload;
	if (rc < 0)
		p->status = tool_fail(rc);
	else if (rs->digest && rs->due == 0)
		printf("%sdigest: nothing waits; %zu GitHub request%s\n", p->dry ? "dry run: " : "",
		       rs->requests, rs->requests == 1 ? "" : "s");
	else if (rs->digest)
		printf("%sdigest: %zu item%s, %s; %zu GitHub request%s\n",
		       p->dry ? "dry run: " : "", rs->due, rs->due == 1 ? "" : "s",
		       rs->digest_posted    ? "posted on the dashboard"
		       : rs->dashboard <= 0 ? "not posted (no dashboard yet)"
		                            : "posted already this period",
		       rs->requests, rs->requests == 1 ? "" : "s");
	else if (rs->ndigest) /* closed issues' items: in the digest on the dashboard */
		printf("%sreminders: %zu posted, %zu already posted this interval; closed issues: "
		       "%zu item%s in the digest, %s; %zu GitHub request%s\n",
		       p->dry ? "dry run: " : "", rs->count - rs->ndigest, rs->due - rs->count,
		       rs->ndigest, rs->ndigest == 1 ? "" : "s",
		       rs->digest_posted    ? "posted on the dashboard"
		       : rs->dashboard <= 0 ? "not posted (no dashboard yet)"
		                            : "posted already this period",
		       rs->requests, rs->requests == 1 ? "" : "s");
	else
		printf("%sreminders: %zu posted, %zu already posted this interval; %zu GitHub "
		       "request%s\n",
		       p->dry ? "dry run: " : "", rs->count, rs->due - rs->count, rs->requests,
		       rs->requests == 1 ? "" : "s");
}

static void on_checked(int rc, const pw_checkin_stats *cs, size_t obligations, void *payload)
{
	progress *p = payload;
	if (rc < 0)
		p->status = tool_fail(rc);
	else if (obligations)
		printf("%sobligations: %zu check-in%s, %zu escalation%s posted; %zu GitHub "
		       "request%s\n",
		       p->dry ? "dry run: " : "", cs->checkins, cs->checkins == 1 ? "" : "s",
		       cs->escalations, cs->escalations == 1 ? "" : "s", cs->requests,
		       cs->requests == 1 ? "" : "s");
}

int cmd_sync(pw_tool *t, int argc, char **argv)
{
	progress p = {.t = t, .dry = 0, .status = 0};
	pw_sync_opts o = {.mirrored = on_mirrored,
	                  .published = on_published,
	                  .reminded = on_reminded,
	                  .checked = on_checked,
	                  .lock_wait = tool_lock_wait,
	                  .payload = &p};
	int rc;
	const opt_spec spec[] = {
	    {.type = OPT_SWITCH,
	     .name = "dry-run",
	     .value = &o.dry_run,
	     .help = "send nothing (requests go to the outbox)"},
	    TOOL_OPT_OUTBOX(&o.outbox),
	    {.type = OPT_STRING,
	     .name = "step-summary",
	     .value = &o.step_summary,
	     .arg = "FILE",
	     .help = "append a Markdown job summary ($GITHUB_STEP_SUMMARY): totals,\n"
	             "new and updated changes with their issues, what awaits\n"
	             "sign-off, the next effective dates, the reminders posted,\n"
	             "the obligations' check-ins and escalations"},
	    {.type = OPT_STRING,
	     .name = "outputs",
	     .value = &o.outputs,
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
	size_t nargs;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if (o.outbox && !o.dry_run)
		return tool_usage("sync", "--outbox goes with --dry-run");
	if ((o.step_summary && !*o.step_summary) || (o.outputs && !*o.outputs))
		return tool_usage("sync", "--step-summary and --outputs take a file name");
	p.dry = o.dry_run;
	if ((rc = tool_workspace(t, NULL, 0)) != 0)
		return rc;
	rc = pw_sync_run(t->ws, &o);
	/* a failure a step reported was printed then */
	if (p.status)
		return p.status;
	return rc < 0 ? tool_fail(rc) : 0;
}
