/* pkiwatch forms: one confidential form per TSP with the signed-off changes
 * that apply to it, as Markdown, HTML and PDF. */
#include "tool.h"

#include "app/forms_answered.h"
#include "app/forms_issue.h"
#include "tsp/form.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Writes one form per TSP (tsps/<id>.json) listing the changes signed off as\n"
    "applicable to it (see 'pkiwatch signoff'), ordered by effective date, each with\n"
    "the questions: expected impact, implementation time, can the effective date be\n"
    "met, and the TSP's open obligations, each with the question where it stands.\n"
    "A TSP no change applies to that owes an annual self-assessment it has not\n"
    "answered about gets a form asking about its obligations alone. A form names\n"
    "its TSP only and holds nothing about other TSPs.\n"
    "Files: DIR/<tsp id>/<form id>.md|.html|.pdf (DIR defaults to forms/ in the\n"
    "compliance repository). Each form issued is recorded (form id, TSP, changes and\n"
    "obligations asked, date generated, reply-by date) in ledger/forms/<tsp id>.json,\n"
    "one commit per record holding that file alone, authored by the officer; the\n"
    "same form again (same TSP, day and changes) records nothing. All or nothing:\n"
    "every file is made in a staging directory in DIR first and put in place once\n"
    "all are made, then the records' commits land together (the branch moves\n"
    "once); a renderer, file or git failure, a commit made meanwhile or an\n"
    "interruption (Ctrl-C, SIGTERM: after the PDF being made) leaves no form and\n"
    "no record of any TSP.\n";

static const char after[] =
    "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date; PKIWATCH_CHROMIUM,\n"
    "PKIWATCH_WEASYPRINT name the renderer.\n";

int tool_form_formats_parse(const char *cmd, const char *text, void *value)
{
	static const tool_format names[] = {
	    {"md", PW_FORMS_ISSUE_MD}, {"html", PW_FORMS_ISSUE_HTML}, {"pdf", PW_FORMS_ISSUE_PDF}};
	return tool_formats_parse(value, cmd, text, names, sizeof(names) / sizeof(names[0]),
	                          "md, html and pdf");
}

static int parse_reply_days(const char *cmd, const char *text, void *value)
{
	char *end;
	int *days = value;
	long n = strtol(text, &end, 10);
	if (*end || end == text || n < 1 || n > 3650)
		return tool_usage(cmd, "--reply-days takes 1 to 3650, not '%s'", text);
	*days = (int)n;
	return 0;
}

/* Whether --format was given (--answered has its own default). */
static int formats_given(int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0)
			return 1;
	return 0;
}

static void print_form(const pw_forms_issue_item *f)
{
	size_t i;
	if (f->changes)
		printf("%s: %zu change%s, reply by %s:", f->tsp, f->changes,
		       f->changes == 1 ? "" : "s", f->reply_by);
	else /* its obligations only (an annual self-assessment owed) */
		printf("%s: no change, %zu obligation%s, reply by %s:", f->tsp, f->obligations,
		       f->obligations == 1 ? "" : "s", f->reply_by);
	if (f->md_path)
		printf(" %s", f->md_path);
	if (f->html_path)
		printf(" %s", f->html_path);
	if (f->pdf_path)
		printf(" %s", f->pdf_path);
	printf("\n");
	if (f->recorded)
		printf("  issued: form %s recorded in ledger/forms/%s.json (commit %.12s)\n",
		       f->form_id, f->tsp, f->commit);
	else
		printf("  issued already: form %s is in ledger/forms/%s.json\n", f->form_id,
		       f->tsp);
	for (i = 0; i < f->nsupersedes; i++)
		printf(
		    "  replaces: form %s (its open questions are asked again; marked superseded)\n",
		    f->supersedes[i]);
	if (f->reply_late_obligation)
		fprintf(stderr,
		        "pkiwatch: warning: %s: reply by %s is not before obligation %s's due date "
		        "%s: ask the TSP for its answers by other means too\n",
		        f->tsp, f->reply_by, f->reply_late_obligation, f->reply_late);
	else if (f->reply_late[0])
		fprintf(stderr,
		        "pkiwatch: warning: %s: reply by %s is not before the effective date %s: "
		        "ask the TSP for its answers by other means too\n",
		        f->tsp, f->reply_by, f->reply_late);
}

/* SIGINT, SIGTERM or SIGHUP while the forms are made: noted by
 * tool_stop_catch, and the library stops after the renderer running then,
 * removing everything it staged (no confidential form left in a staging
 * directory). A second one acts as usual (SA_RESETHAND); its staging
 * directory, git-ignored, goes next run. A run that finished before it
 * noticed the signal keeps its status. */
static int run(pw_workspace *ws, const pw_forms_issue_opts *o)
{
	const pw_config *cfg;
	pw_forms_issue_result res;
	size_t i;
	int rc, stopped;

	tool_stop_catch();
	rc = pw_forms_issue_run(&res, ws, o);
	stopped = tool_stop_signal;
	(void)tool_stop_release(0);
	for (i = 0; i < res.nmissing && pw_workspace_config(&cfg, ws) == 0; i++)
		fprintf(stderr,
		        "pkiwatch: warning: ledger/%s.json: change not in the mirrors since %s; "
		        "left out of the forms\n",
		        res.missing[i], cfg->since[0] ? cfg->since : "the beginning");
	if (rc < 0 && stopped) {
		tool_fail(rc);
		rc = 128 + stopped;
	} else if (rc < 0) {
		rc = tool_fail(rc);
	} else {
		for (i = 0; i < res.count; i++) {
			if (!res.items[i].form_id[0])
				printf("%s: no signed-off change applies; no form\n",
				       res.items[i].tsp);
			else
				print_form(&res.items[i]);
		}
	}
	pw_forms_issue_result_clear(&res);
	return rc;
}

/* --answered FORM: the TSP's recorded answers rendered into that form. */
static int run_answered(pw_workspace *ws, const pw_forms_issue_opts *o, const char *form,
                        int formats_given)
{
	pw_forms_answered_opts ao = PW_FORMS_ANSWERED_OPTS_INIT;
	pw_forms_answered_result res;
	int rc;
	ao.form = form;
	ao.formats = formats_given ? o->formats : 0;
	ao.out_dir = o->out_dir;
	ao.cancel = &tool_stop_signal;
	tool_stop_catch();
	rc = pw_forms_answered_run(&res, ws, &ao);
	(void)tool_stop_release(0);
	if (rc < 0)
		rc = tool_fail(rc);
	else
		tool_answered_report(form, &res);
	pw_forms_answered_result_clear(&res);
	return rc;
}

void tool_answered_report(const char *form, const pw_forms_answered_result *r)
{
	printf("%s: form %s", r->tsp, form);
	if (r->changes || (!r->obligations && !r->changes_gone))
		printf(", %zu of %zu change%s answered", r->answered, r->changes,
		       r->changes == 1 ? "" : "s");
	if (r->changes_gone)
		printf(", %zu change%s asked no longer appl%s", r->changes_gone,
		       r->changes_gone == 1 ? "" : "s", r->changes_gone == 1 ? "ies" : "y");
	if (r->obligations)
		printf(", %zu of %zu obligation%s answered", r->obligations_answered,
		       r->obligations, r->obligations == 1 ? "" : "s");
	if (r->obligations_gone)
		printf(", %zu obligation%s asked no longer appl%s", r->obligations_gone,
		       r->obligations_gone == 1 ? "" : "s", r->obligations_gone == 1 ? "ies" : "y");
	if (r->received[0])
		printf(" (last answer recorded %s)", r->received);
	printf(":");
	if (r->md_path)
		printf(" %s", r->md_path);
	if (r->html_path)
		printf(" %s", r->html_path);
	if (r->pdf_path)
		printf(" %s", r->pdf_path);
	printf("\n");
}

int cmd_forms(pw_tool *t, int argc, char **argv)
{
	pw_forms_issue_opts o = {.formats = PW_FORMS_ISSUE_MD | PW_FORMS_ISSUE_HTML,
	                         .reply_days = PW_FORM_REPLY_DAYS,
	                         .cancel = &tool_stop_signal};
	opt_list tsps = {NULL, 0};
	const char *answered = NULL;
	const opt_spec spec[] = {
	    {.type = OPT_LIST,
	     .name = "tsp",
	     .value = &tsps,
	     .arg = "T",
	     .check = tool_check_tsp,
	     .help = "only this TSP; repeatable (default: every TSP)"},
	    TOOL_OPT_OUT_DIR(&o.out_dir, "out", "write under DIR instead of forms/"),
	    TOOL_OPT_FORM_FORMATS(&o.formats,
	                          "comma-separated md, html, pdf (default md,html); pdf needs\n"
	                          "headless Chromium (chromium) or WeasyPrint (weasyprint)"),
	    {.type = OPT_CALL,
	     .name = "reply-days",
	     .value = &o.reply_days,
	     .arg = "N",
	     .parse = parse_reply_days,
	     .help = "answers are due N days after today (default 30)"},
	    {.type = OPT_STRING,
	     .name = "answered",
	     .value = &answered,
	     .arg = "FORM",
	     .help = "instead: the TSP's recorded answers to issued form FORM, as\n"
	             "DIR/<tsp id>/FORM-answered.md and .pdf (--format: others)"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"forms", about, after, 19, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, tsps.items, tsps.count)) == 0)
		rc = answered ? run_answered(t->ws, &o, answered, formats_given(argc, argv))
		              : run(t->ws, &o);
	opt_list_clear(&tsps);
	return rc;
}
