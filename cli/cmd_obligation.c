/* pkiwatch obligation: the officer's actions on obligations, one ledger
 * commit each. */
#include "tool.h"

#include "app/record_obligation.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "       pkiwatch obligation add --tsp T --what TEXT --due DATE [--from CHANGE_ID]\n"
    "                               [--milestone TEXT=DATE]...\n"
    "       pkiwatch obligation done ID --milestone N\n"
    "       pkiwatch obligation evidence ID (--file PATH | --url URL) [--note TEXT]\n"
    "       pkiwatch obligation accept ID [--note TEXT]\n"
    "       pkiwatch obligation waive ID --note TEXT\n"
    "       pkiwatch obligation due ID --date DATE --note TEXT\n"
    "\n"
    "Records the officer's action on obligation ID (see 'pkiwatch obligations') in\n"
    "ledger/obligations/ID.json and commits that file alone (author: git's\n"
    "user.name/user.email, else the first officer; with a Signed-off-by trailer).\n"
    "  add       an obligation the rules do not derive, for TSP T, due DATE\n"
    "  done      milestone N (counted from 1 in the listed order) is done today\n"
    "  evidence  a file (its name, size and git blob id are recorded; the file is\n"
    "            not copied: keep it in your document store, out of the repository)\n"
    "            or a URL, with a note\n"
    "  accept    the evidence is accepted: the obligation is met\n"
    "  waive     the obligation is waived, for the reason in --note\n"
    "  due       moves the due date (and the milestones counted from it)\n";
static const char after[] =
    "An unknown id, a bad date or milestone, evidence for an obligation already met\n"
    "or waived, or acceptance without evidence: exit 2, nothing recorded.\n"
    "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date.\n";

/* The options, in the table's order, and which action takes which. */
enum { O_TSP, O_WHAT, O_DUE, O_FROM, O_MILESTONE, O_FILE, O_URL, O_NOTE, O_DATE, O_COUNT };

static const struct {
	const char *name;
	int action;
	unsigned allowed; /* bits 1 << O_x */
} actions[] = {
    {"add", PW_OBLIGREC_ADD,
     1u << O_TSP | 1u << O_WHAT | 1u << O_DUE | 1u << O_FROM | 1u << O_MILESTONE},
    {"done", PW_OBLIGREC_DONE, 1u << O_MILESTONE},
    {"evidence", PW_OBLIGREC_EVIDENCE, 1u << O_FILE | 1u << O_URL | 1u << O_NOTE},
    {"accept", PW_OBLIGREC_ACCEPT, 1u << O_NOTE},
    {"waive", PW_OBLIGREC_WAIVE, 1u << O_NOTE},
    {"due", PW_OBLIGREC_DUE, 1u << O_NOTE | 1u << O_DATE},
};

static int run(pw_tool *t, const pw_obligrec_action *a)
{
	pw_obligrec_result res;
	int rc = pw_record_obligation_run(&res, t->ws, a);
	if (rc == 0)
		printf("%s: %s, recorded in ledger/obligations/%s.json (commit %.12s)\n", res.id,
		       res.summary, res.id, res.commit);
	pw_obligrec_result_clear(&res);
	return rc < 0 ? tool_fail(rc) : 0;
}

int cmd_obligation(pw_tool *t, int argc, char **argv)
{
	pw_obligrec_action a = PW_OBLIGREC_ACTION_INIT;
	opt_list ms = {NULL, 0};
	const char *tsp = NULL, *what = NULL, *due = NULL, *from = NULL, *file = NULL, *url = NULL,
	           *note = NULL, *date = NULL;
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "add|done|evidence|accept|waive|due"},
	    {.type = OPT_ARG, .name = "[ID]"},
	    {.type = OPT_STRING, .name = "tsp", .value = &tsp, .arg = "T", .help = "add: the TSP"},
	    {.type = OPT_STRING,
	     .name = "what",
	     .value = &what,
	     .arg = "TEXT",
	     .help = "add: what must be done"},
	    {.type = OPT_STRING,
	     .name = "due",
	     .value = &due,
	     .arg = "DATE",
	     .help = "add: by when"},
	    {.type = OPT_STRING,
	     .name = "from",
	     .value = &from,
	     .arg = "CHANGE_ID",
	     .help = "add: the change it comes from"},
	    {.type = OPT_LIST,
	     .name = "milestone",
	     .value = &ms,
	     .arg = "M",
	     .help = "add: TEXT=DATE, repeatable; done: N, counted from 1"},
	    {.type = OPT_STRING,
	     .name = "file",
	     .value = &file,
	     .arg = "PATH",
	     .help = "evidence: a file (hashed, not copied)"},
	    {.type = OPT_STRING,
	     .name = "url",
	     .value = &url,
	     .arg = "URL",
	     .help = "evidence: a link"},
	    {.type = OPT_STRING,
	     .name = "note",
	     .value = &note,
	     .arg = "TEXT",
	     .help = "evidence, accept: a note; waive, due: the reason (required)"},
	    {.type = OPT_STRING,
	     .name = "date",
	     .value = &date,
	     .arg = "DATE",
	     .help = "due: the new due date"},
	    {.type = OPT_END},
	};
	const void *given[O_COUNT];
	const opt_command cmd = {"obligation", about, after, 20, spec};
	size_t nargs, k = sizeof(actions) / sizeof(actions[0]), i;
	int rc;
	char *end;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	rc = 0;
	given[O_TSP] = tsp;
	given[O_WHAT] = what;
	given[O_DUE] = due;
	given[O_FROM] = from;
	given[O_MILESTONE] = ms.count ? "" : NULL;
	given[O_FILE] = file;
	given[O_URL] = url;
	given[O_NOTE] = note;
	given[O_DATE] = date;
	if (nargs >= 1)
		for (k = 0; k < sizeof(actions) / sizeof(actions[0]); k++)
			if (strcmp(argv[1], actions[k].name) == 0)
				break;
	if (k == sizeof(actions) / sizeof(actions[0])) {
		rc = tool_usage("obligation",
		                "expected add, done, evidence, accept, waive or due%s%s",
		                nargs ? ", not " : "", nargs ? argv[1] : "");
		goto out;
	}
	a.action = actions[k].action;
	for (i = 0; i < O_COUNT && rc == 0; i++)
		if (given[i] && !(actions[k].allowed & (1u << i)))
			rc = tool_usage("obligation", "'--%s' is not an option of 'obligation %s'",
			                spec[i + 2].name, actions[k].name);
	if (rc == 0 && a.action != PW_OBLIGREC_ADD && nargs < 2)
		rc = tool_usage("obligation", "%s needs an obligation ID", actions[k].name);
	if (rc == 0 && nargs > (a.action == PW_OBLIGREC_ADD ? 1u : 2u))
		rc = tool_usage("obligation", "unexpected argument '%s'",
		                argv[a.action == PW_OBLIGREC_ADD ? 2 : 3]);
	if (rc == 0 && a.action == PW_OBLIGREC_ADD && (!tsp || !what || !due))
		rc = tool_usage("obligation", "add needs --tsp, --what and --due");
	if (rc == 0 && a.action == PW_OBLIGREC_DONE) {
		if (ms.count != 1)
			rc = tool_usage("obligation", "done needs one --milestone N");
		else {
			errno = 0;
			a.milestone = strtol(ms.items[0], &end, 10);
			if (errno || end == ms.items[0] || *end || a.milestone < 1)
				rc = tool_usage("obligation",
				                "--milestone: '%s' is not a number from 1",
				                ms.items[0]);
		}
	}
	if (rc != 0)
		goto out;
	a.id = a.action == PW_OBLIGREC_ADD ? NULL : argv[2];
	a.tsp = tsp;
	a.what = what;
	a.due = due;
	a.from = from;
	a.file = file;
	a.url = url;
	a.note = note;
	a.date = date;
	if (a.action == PW_OBLIGREC_ADD) {
		a.milestones = ms.items;
		a.nmilestones = ms.count;
	}
	if ((rc = tool_open(t, NULL, 0)) == 0)
		rc = run(t, &a);
out:
	opt_list_clear(&ms);
	return rc;
}
