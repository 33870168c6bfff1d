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

/* The options given (borrowed from argv). */
typedef struct {
	const char *tsp, *what, *due, *from, *file, *url, *note, *date;
	opt_list ms; /* --milestone */
} args;

/* The options, in the table's order, and which action takes which. */
enum { O_TSP, O_WHAT, O_DUE, O_FROM, O_MILESTONE, O_FILE, O_URL, O_NOTE, O_DATE, O_COUNT };

static const char *const opt_name[O_COUNT] = {
    [O_TSP] = "tsp",   [O_WHAT] = "what",           [O_DUE] = "due",
    [O_FROM] = "from", [O_MILESTONE] = "milestone", [O_FILE] = "file",
    [O_URL] = "url",   [O_NOTE] = "note",           [O_DATE] = "date",
};

/* The table's entry of a text option O_x. */
#define TEXT_OPT(o, v, arg_, help_)                                                                \
	{                                                                                          \
		.type = OPT_STRING, .name = opt_name[o], .value = (v), .arg = (arg_),              \
		.help = (help_)                                                                    \
	}

/* Parses the options into `a` (OPT_GO, or the exit status to end with). */
static int parse(size_t *nargs, pw_tool *t, args *a, int argc, char **argv)
{
	const opt_spec spec[] = {
	    {.type = OPT_ARG, .name = "add|done|evidence|accept|waive|due"},
	    {.type = OPT_ARG, .name = "[ID]"},
	    TEXT_OPT(O_TSP, &a->tsp, "T", "add: the TSP"),
	    TEXT_OPT(O_WHAT, &a->what, "TEXT", "add: what must be done"),
	    TEXT_OPT(O_DUE, &a->due, "DATE", "add: by when"),
	    TEXT_OPT(O_FROM, &a->from, "CHANGE_ID", "add: the change it comes from"),
	    {.type = OPT_LIST,
	     .name = opt_name[O_MILESTONE],
	     .value = &a->ms,
	     .arg = "M",
	     .help = "add: TEXT=DATE, repeatable; done: N, counted from 1"},
	    TEXT_OPT(O_FILE, &a->file, "PATH", "evidence: a file (hashed, not copied)"),
	    TEXT_OPT(O_URL, &a->url, "URL", "evidence: a link"),
	    TEXT_OPT(O_NOTE, &a->note, "TEXT",
	             "evidence, accept: a note; waive, due: the reason (required)"),
	    TEXT_OPT(O_DATE, &a->date, "DATE", "due: the new due date"),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"obligation", about, after, 20, spec};
	return opt_parse(nargs, &cmd, t, argc, argv);
}

/* add: --tsp, --what and --due, and the milestones TEXT=DATE. */
static int add_action(const args *a, pw_obligrec_action *o)
{
	if (!a->tsp || !a->what || !a->due)
		return tool_usage("obligation", "add needs --tsp, --what and --due");
	o->milestones = a->ms.items;
	o->nmilestones = a->ms.count;
	return 0;
}

/* done: the one milestone N, counted from 1. */
static int done_action(const args *a, pw_obligrec_action *o)
{
	char *end;
	if (a->ms.count != 1)
		return tool_usage("obligation", "done needs one --milestone N");
	errno = 0;
	o->milestone = strtol(a->ms.items[0], &end, 10);
	if (errno || end == a->ms.items[0] || *end || o->milestone < 1)
		return tool_usage("obligation", "--milestone: '%s' is not a number from 1",
		                  a->ms.items[0]);
	return 0;
}

static const struct {
	const char *name;
	int action;
	unsigned allowed; /* bits 1 << O_x */
	/* checks what only this action needs and fills it in; NULL: nothing */
	int (*fill)(const args *a, pw_obligrec_action *o);
} actions[] = {
    {"add", PW_OBLIGREC_ADD,
     1u << O_TSP | 1u << O_WHAT | 1u << O_DUE | 1u << O_FROM | 1u << O_MILESTONE, add_action},
    {"done", PW_OBLIGREC_DONE, 1u << O_MILESTONE, done_action},
    {"evidence", PW_OBLIGREC_EVIDENCE, 1u << O_FILE | 1u << O_URL | 1u << O_NOTE, NULL},
    {"accept", PW_OBLIGREC_ACCEPT, 1u << O_NOTE, NULL},
    {"waive", PW_OBLIGREC_WAIVE, 1u << O_NOTE, NULL},
    {"due", PW_OBLIGREC_DUE, 1u << O_NOTE | 1u << O_DATE, NULL},
};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

/* The action argv[1] names, its index in *k; 0, or the exit status after a usage error. */
static int find_action(size_t *k, size_t nargs, char **argv)
{
	for (*k = 0; nargs >= 1 && *k < NACTIONS; ++*k)
		if (strcmp(argv[1], actions[*k].name) == 0)
			return 0;
	return tool_usage("obligation", "expected add, done, evidence, accept, waive or due%s%s",
	                  nargs ? ", not " : "", nargs ? argv[1] : "");
}

/* Action k takes each option given, and its arguments are an ID, or none for add. */
static int check(const args *a, size_t k, size_t nargs, char **argv)
{
	const void *given[O_COUNT] = {
	    [O_TSP] = a->tsp,
	    [O_WHAT] = a->what,
	    [O_DUE] = a->due,
	    [O_FROM] = a->from,
	    [O_MILESTONE] = a->ms.count ? "" : NULL,
	    [O_FILE] = a->file,
	    [O_URL] = a->url,
	    [O_NOTE] = a->note,
	    [O_DATE] = a->date,
	};
	int add = actions[k].action == PW_OBLIGREC_ADD;
	size_t i;

	for (i = 0; i < O_COUNT; i++)
		if (given[i] && !(actions[k].allowed & (1u << i)))
			return tool_usage("obligation",
			                  "'--%s' is not an option of 'obligation %s'", opt_name[i],
			                  actions[k].name);
	if (!add && nargs < 2)
		return tool_usage("obligation", "%s needs an obligation ID", actions[k].name);
	if (nargs > (add ? 1u : 2u))
		return tool_usage("obligation", "unexpected argument '%s'", argv[add ? 2 : 3]);
	return 0;
}

/* Fills `o` with action k and what was given for it; 0, or the exit status. */
static int fill(pw_obligrec_action *o, const args *a, size_t k, char **argv)
{
	o->action = actions[k].action;
	o->id = o->action == PW_OBLIGREC_ADD ? NULL : argv[2];
	o->tsp = a->tsp;
	o->what = a->what;
	o->due = a->due;
	o->from = a->from;
	o->file = a->file;
	o->url = a->url;
	o->note = a->note;
	o->date = a->date;
	return actions[k].fill ? actions[k].fill(a, o) : 0;
}

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
	args a = {.tsp = NULL};
	pw_obligrec_action o = PW_OBLIGREC_ACTION_INIT;
	size_t nargs, k;
	int rc;

	if ((rc = parse(&nargs, t, &a, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = find_action(&k, nargs, argv)) == 0 && (rc = check(&a, k, nargs, argv)) == 0 &&
	    (rc = fill(&o, &a, k, argv)) == 0 && (rc = tool_open(t, NULL, 0)) == 0)
		rc = run(t, &o);
	opt_list_clear(&a.ms);
	return rc;
}
