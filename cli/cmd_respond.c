/* pkiwatch respond: records one TSP's answer to one change in the ledger. */
#include "tool.h"

#include "app/obligation_answer.h"
#include "app/respond.h"
#include "core/tsp.h"
#include "util/day.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Records TSP T's answer to change ID in the \"responses\" object of ledger/ID.json\n"
    "and commits that file alone (author: git's user.name/user.email, else the first\n"
    "officer; with a Signed-off-by trailer). The change must be signed off as applicable\n"
    "and apply to T. Recording the same answer again changes nothing; a different answer\n"
    "is refused (exit 2, naming both) unless --replace is given.\n"
    "\n"
    "For a change about existing CAs, answer per CA: --ca NAME (an extant CA of T)\n"
    "starts that CA's answer, and the --falls-under, --ca-reason, --ca-action and\n"
    "--ca-by after it belong to it; repeat for each CA.\n"
    "\n"
    "With --obligation ID instead of --change, records T's answer about one of its\n"
    "open obligations (see 'pkiwatch obligations --tsp T') as one commit of\n"
    "ledger/obligations/ID.json: --status not-started|in-progress|done|cannot-meet,\n"
    "--evidence TEXT (required with done), --date DATE (done: the day it was done;\n"
    "cannot-meet, required: the day it can be met by; else expected by), --comment\n"
    "TEXT. The same answer as the latest recorded changes nothing.\n";

/* The per-CA answers, in the order given: each --ca starts one. */
typedef struct {
	pw_response_ca *items;
	size_t count;
} ca_args;

typedef struct {
	const char *tsp, *change, *impact, *days, *meets, *planned, *desc, *mitigation, *note;
	int replace;
	ca_args cas;
	/* an answer about an obligation instead */
	const char *obligation, *status, *evidence, *date, *comment;
} args;

static void ca_args_clear(ca_args *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].ca);
		free(c->items[i].reason);
		free(c->items[i].action);
	}
	free(c->items);
	memset(c, 0, sizeof(*c));
}

static int parse_ca(const char *cmd, const char *text, void *value)
{
	ca_args *c = value;
	pw_response_ca *grown;
	size_t i;
	if (!*text)
		return tool_usage(cmd, "--ca takes the name of an extant CA");
	for (i = 0; i < c->count; i++)
		if (strcmp(c->items[i].ca, text) == 0)
			return tool_usage(cmd, "--ca '%s' is given twice", text);
	if (!(grown = realloc(c->items, (c->count + 1) * sizeof(*grown)))) {
		tool_error("out of memory");
		return 1;
	}
	c->items = grown;
	memset(&c->items[c->count], 0, sizeof(*grown));
	if (!(c->items[c->count].ca = strdup(text))) {
		tool_error("out of memory");
		return 1;
	}
	snprintf(c->items[c->count].jpath, sizeof(grown->jpath), "cas[%zu]", c->count);
	c->count++;
	return 0;
}

/* The answer the per-CA option `opt` belongs to: the last --ca's. */
static pw_response_ca *current(const char *cmd, const char *opt, ca_args *c, int *rc)
{
	*rc = 0;
	if (!c->count)
		*rc = tool_usage(cmd, "%s belongs to a CA: give --ca NAME before it", opt);
	return c->count ? &c->items[c->count - 1] : NULL;
}

static int parse_falls(const char *cmd, const char *text, void *value)
{
	int rc;
	pw_response_ca *ca = current(cmd, "--falls-under", value, &rc);
	if (!ca)
		return rc;
	if (ca->falls_under[0])
		return tool_usage(cmd, "--falls-under is given twice for --ca '%s'", ca->ca);
	if (strcmp(text, "yes") != 0 && strcmp(text, "no") != 0 && strcmp(text, "unsure") != 0)
		return tool_usage(cmd, "--falls-under takes yes, no or unsure, not '%s'", text);
	memcpy(ca->falls_under, text, strlen(text) + 1);
	return 0;
}

static int set_text(const char *cmd, const char *opt, char **field, const char *name,
                    const char *text)
{
	if (*field)
		return tool_usage(cmd, "%s is given twice for --ca '%s'", opt, name);
	if (!(*field = strdup(text))) {
		tool_error("out of memory");
		return 1;
	}
	return 0;
}

static int parse_reason(const char *cmd, const char *text, void *value)
{
	int rc;
	pw_response_ca *ca = current(cmd, "--ca-reason", value, &rc);
	return ca ? set_text(cmd, "--ca-reason", &ca->reason, ca->ca, text) : rc;
}

static int parse_action(const char *cmd, const char *text, void *value)
{
	int rc;
	pw_response_ca *ca = current(cmd, "--ca-action", value, &rc);
	return ca ? set_text(cmd, "--ca-action", &ca->action, ca->ca, text) : rc;
}

static int parse_by(const char *cmd, const char *text, void *value)
{
	int rc;
	pw_response_ca *ca = current(cmd, "--ca-by", value, &rc);
	if (!ca)
		return rc;
	if (ca->by[0])
		return tool_usage(cmd, "--ca-by is given twice for --ca '%s'", ca->ca);
	if (!pw_day_valid(text))
		return tool_usage(cmd, "--ca-by takes a date YYYY-MM-DD, not '%s'", text);
	memcpy(ca->by, text, 11);
	return 0;
}

/* The answer from the options; a usage error (exit 2) when a value is bad.
 * The per-CA answers move from `a` into `r`. */
static int build(args *a, pw_response *r)
{
	char *end;
	size_t i;
	memset(r, 0, sizeof(*r));
	if (!a->tsp || !a->change || !a->impact || !a->days || !a->meets)
		return tool_usage("respond", "--tsp, --change, --impact, --days and --meets-date "
		                             "are required");
	if (!pw_tsp_id_valid(a->tsp))
		return tool_usage("respond", "'%s' is not a TSP id", a->tsp);
	if (!pw_response_impact_valid(a->impact))
		return tool_usage("respond", "--impact takes none, low, medium or high, not '%s'",
		                  a->impact);
	memcpy(r->impact, a->impact, strlen(a->impact) + 1);
	r->days = strtol(a->days, &end, 10);
	if (*end || end == a->days || r->days < 0 || r->days > PW_RESPONSE_MAX_DAYS)
		return tool_usage("respond", "--days takes 0 to %d, not '%s'", PW_RESPONSE_MAX_DAYS,
		                  a->days);
	if (strcmp(a->meets, "yes") != 0 && strcmp(a->meets, "no") != 0)
		return tool_usage("respond", "--meets-date takes yes or no, not '%s'", a->meets);
	r->meets_date = strcmp(a->meets, "yes") == 0;
	if (a->planned) {
		if (!pw_day_valid(a->planned))
			return tool_usage("respond", "--planned takes a date YYYY-MM-DD, not '%s'",
			                  a->planned);
		memcpy(r->planned, a->planned, 11);
	}
	if (!r->meets_date && !r->planned[0])
		return tool_usage("respond", "--meets-date no needs --planned DATE");
	if (r->meets_date && r->planned[0])
		return tool_usage("respond", "--planned goes with --meets-date no");
	for (i = 0; i < a->cas.count; i++)
		if (!a->cas.items[i].falls_under[0])
			return tool_usage("respond",
			                  "--ca '%s' needs --falls-under yes, no or unsure",
			                  a->cas.items[i].ca);
	if (!(r->tsp = strdup(a->tsp)) || !(r->change = strdup(a->change)) ||
	    (a->desc && !(r->description = strdup(a->desc))) ||
	    (a->mitigation && !(r->mitigation = strdup(a->mitigation))) ||
	    (a->note && !(r->note = strdup(a->note)))) {
		pw_response_clear(r);
		tool_error("out of memory");
		return 1;
	}
	r->cas = a->cas.items;
	r->ncas = a->cas.count;
	memset(&a->cas, 0, sizeof(a->cas));
	return 0;
}

static int run(pw_workspace *ws, const args *a, pw_response *r)
{
	pw_respond_opts o = {.replace = a->replace, .cancel = &tool_stop_signal};
	pw_respond_result res;
	int rc;

	if ((rc = pw_respond_run(&res, ws, r, &o)) < 0)
		return tool_fail(rc);
	if (res.status == PW_RESPONSE_SAME)
		printf("%s: the answer of %s is already in ledger/%s.json\n", a->change, a->tsp,
		       a->change);
	else
		printf("%s: answer of %s %s in ledger/%s.json (commit %.12s)\n", a->change, a->tsp,
		       res.status == PW_RESPONSE_REPLACED ? "replaced" : "recorded", a->change,
		       res.commit);
	return 0;
}

/* --obligation: the answer about one obligation (a usage error, exit 2, for
 * options of the other form or a bad value). */
static int build_obligation(const args *a, pw_obliganswer *o)
{
	memset(o, 0, sizeof(*o));
	if (a->change || a->impact || a->days || a->meets || a->planned || a->desc ||
	    a->mitigation || a->note || a->cas.count || a->replace)
		return tool_usage("respond", "--obligation goes with --status, --evidence, --date "
		                             "and --comment, not with the options of a change");
	if (!a->tsp || !a->status)
		return tool_usage("respond", "--obligation needs --tsp and --status");
	if (!pw_tsp_id_valid(a->tsp))
		return tool_usage("respond", "'%s' is not a TSP id", a->tsp);
	if (!pw_obliganswer_status_valid(a->status))
		return tool_usage(
		    "respond",
		    "--status takes not-started, in-progress, done or cannot-meet, not "
		    "'%s'",
		    a->status);
	snprintf(o->status, sizeof(o->status), "%s", a->status);
	if (a->date && !pw_day_valid(a->date))
		return tool_usage("respond", "--date takes a date YYYY-MM-DD, not '%s'", a->date);
	if (a->date)
		memcpy(o->date, a->date, 11);
	snprintf(o->jpath, sizeof(o->jpath), "%s", "answer");
	if (!(o->obligation = strdup(a->obligation)) || !(o->tsp = strdup(a->tsp)) ||
	    (a->evidence && !(o->evidence = strdup(a->evidence))) ||
	    (a->comment && !(o->comment = strdup(a->comment)))) {
		pw_obliganswer_clear(o);
		tool_error("out of memory");
		return 1;
	}
	return 0;
}

static int run_obligation(pw_workspace *ws, const pw_obliganswer *o)
{
	pw_obligation_answer_opts opts = {.cancel = &tool_stop_signal};
	pw_obligation_answer_result res;
	int rc = pw_obligation_answer_run(&res, ws, o, &opts);
	if (rc < 0)
		rc = tool_fail(rc);
	else if (res.same)
		printf("%s: the answer of %s is already in ledger/obligations/%s.json\n",
		       o->obligation, o->tsp, o->obligation);
	else
		printf("%s: answer of %s recorded in ledger/obligations/%s.json (commit %.12s): "
		       "%s\n",
		       o->obligation, o->tsp, o->obligation, res.commit, res.summary);
	pw_obligation_answer_result_clear(&res);
	return rc;
}

/* The table's entries: a text option, and one of the per-CA options. */
#define TEXT_OPT(v, name_, arg_, flags_, help_)                                                    \
	{                                                                                          \
		.type = OPT_STRING, .name = (name_), .value = (v), .arg = (arg_),                  \
		.flags = (flags_), .help = (help_)                                                 \
	}
#define CA_OPT(v, name_, arg_, parse_, help_)                                                      \
	{                                                                                          \
		.type = OPT_CALL, .name = (name_), .value = (v), .arg = (arg_), .parse = (parse_), \
		.help = (help_)                                                                    \
	}

/* Parses the options into `a` (OPT_GO, or the exit status to end with). */
static int parse(size_t *nargs, pw_tool *t, args *a, int argc, char **argv)
{
	const opt_spec spec[] = {
	    TEXT_OPT(&a->tsp, "tsp", "T", OPT_MANDATORY, "the TSP (tsps/T.json)"),
	    TEXT_OPT(&a->change, "change", "ID", OPT_MANDATORY,
	             "the change (an id from 'pkiwatch changes')"),
	    TEXT_OPT(&a->impact, "impact", "LEVEL", OPT_MANDATORY, "none, low, medium or high"),
	    TEXT_OPT(&a->days, "days", "N", OPT_MANDATORY,
	             "implementation time in days (0 to 3650)"),
	    TEXT_OPT(&a->meets, "meets-date", "yes|no", OPT_MANDATORY,
	             "can the effective date be met"),
	    TEXT_OPT(&a->planned, "planned", "DATE", 0,
	             "YYYY-MM-DD, required with --meets-date no"),
	    TEXT_OPT(&a->desc, "description", "TEXT", 0, "what the impact is"),
	    TEXT_OPT(&a->mitigation, "mitigation", "TEXT", 0,
	             "the mitigation until the planned date"),
	    TEXT_OPT(&a->note, "note", "TEXT", 0, "a note"),
	    {.type = OPT_CALL,
	     .name = "ca",
	     .value = &a->cas,
	     .arg = "NAME",
	     .flags = OPT_GROUP,
	     .parse = parse_ca,
	     .help = "an extant CA of T: the per-CA options after it answer for it\n"
	             "(repeatable)"},
	    CA_OPT(&a->cas, "falls-under", "ANSWER", parse_falls,
	           "yes, no or unsure: does that CA fall under the changed\nrequirement"),
	    CA_OPT(&a->cas, "ca-reason", "TEXT", parse_reason, "why (or why not)"),
	    CA_OPT(&a->cas, "ca-action", "TEXT", parse_action, "what will be done for that CA"),
	    CA_OPT(&a->cas, "ca-by", "DATE", parse_by, "YYYY-MM-DD: by when"),
	    {.type = OPT_SWITCH,
	     .name = "replace",
	     .value = &a->replace,
	     .help = "overwrite a different recorded answer"},
	    TEXT_OPT(&a->obligation, "obligation", "ID", 0,
	             "instead of --change: an open obligation of T\n(see 'pkiwatch obligations')"),
	    TEXT_OPT(&a->status, "status", "S", 0, "not-started, in-progress, done or cannot-meet"),
	    TEXT_OPT(&a->evidence, "evidence", "TEXT", 0,
	             "what shows it done (required with done)"),
	    TEXT_OPT(&a->date, "date", "DATE", 0,
	             "done on; can be met by (cannot-meet); else expected by"),
	    TEXT_OPT(&a->comment, "comment", "TEXT", 0, "a comment"),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"respond", about, NULL, 22, spec};
	return opt_parse(nargs, &cmd, t, argc, argv);
}

/* respond --obligation: the answer about one obligation. */
static int respond_obligation(pw_tool *t, args *a)
{
	pw_obliganswer o;
	int rc = build_obligation(a, &o);
	ca_args_clear(&a->cas);
	if (rc != 0)
		return rc;
	if ((rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run_obligation(t->ws, &o));
	}
	pw_obliganswer_clear(&o);
	return rc;
}

/* respond --change: the answer about one change. */
static int respond_change(pw_tool *t, args *a)
{
	pw_response r;
	int rc;
	if (a->status || a->evidence || a->date || a->comment) {
		ca_args_clear(&a->cas);
		return tool_usage("respond", "--status, --evidence, --date and --comment go with "
		                             "--obligation");
	}
	if ((rc = build(a, &r)) != 0) {
		ca_args_clear(&a->cas);
		return rc;
	}
	if ((rc = tool_open(t, NULL, 0)) == 0) {
		tool_stop_catch();
		rc = tool_stop_release(run(t->ws, a, &r));
	}
	pw_response_clear(&r);
	return rc;
}

int cmd_respond(pw_tool *t, int argc, char **argv)
{
	args a = {.tsp = NULL};
	size_t nargs;
	int rc;

	if ((rc = parse(&nargs, t, &a, argc, argv)) != OPT_GO) {
		ca_args_clear(&a.cas);
		return rc;
	}
	return a.obligation ? respond_obligation(t, &a) : respond_change(t, &a);
}
