/* pkiwatch obligations: what each TSP must do by when, soonest first. */
#include "tool.h"

#include "app/list_obligations.h"
#include "util/day.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

static const char about[] =
    "Lists the obligations of the TSPs (tsps/<id>.json): derived by the rules in\n"
    "rules/obligations.json from the changes signed off as applicable (audit scope\n"
    "extensions, audit periods that must include new criteria, transitions of extant\n"
    "CAs), from TSP answers that cannot meet a date (their planned date), and those\n"
    "the officer added ('pkiwatch obligation add'). Overdue first, then by the next\n"
    "milestone or due date. Each names its rule, the changes and the sentences it\n"
    "comes from, its milestones and evidence.\n";
static const char after[] = "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date.\n";

static const char *const statuses[] = {"open", "overdue", "met", "waived", "all"};

/* Untrusted text for the terminal: control characters become spaces. */
static void put_clean(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void print_text(const pw_obligation *o, const char *today)
{
	const pw_obligation_milestone *next = pw_obligation_next(o);
	char *answer = NULL;
	size_t i;
	long days = pw_day_between(today, pw_obligation_next_date(o));
	printf("%s  %s  due %s  %s  %s\n  ", o->id, pw_obligation_status_name(o->status),
	       o->due[0] ? o->due : "-", o->tsp, o->kind);
	put_clean(o->what);
	putchar('\n');
	if (o->status == PW_OBLIGATION_OPEN || o->status == PW_OBLIGATION_OVERDUE) {
		printf("  next: ");
		put_clean(next ? next->what : "due date");
		printf(", %s (%s %ld day%s)\n", pw_obligation_next_date(o),
		       days < 0 ? "overdue by" : "in", days < 0 ? -days : days,
		       days == 1 || days == -1 ? "" : "s");
	} else {
		printf("  %s on %s%s", pw_obligation_status_name(o->status), o->closed,
		       o->note ? ": " : "");
		put_clean(o->note);
		putchar('\n');
	}
	for (i = 0; i < o->nmilestones; i++) {
		printf("  %zu. [%c] %s  ", i + 1, o->milestones[i].done[0] ? 'x' : ' ',
		       o->milestones[i].due);
		put_clean(o->milestones[i].what);
		if (o->milestones[i].done[0])
			printf(" (done %s)", o->milestones[i].done);
		putchar('\n');
	}
	printf("  rule: %s", o->rule);
	if (o->reason) {
		printf(" (");
		put_clean(o->reason);
		putchar(')');
	}
	putchar('\n');
	for (i = 0; o->changes[i]; i++)
		printf("%s%s", i ? ", " : "  changes: ", o->changes[i]);
	if (o->changes[0])
		putchar('\n');
	for (i = 0; i < o->nquotes; i++) {
		printf("  > ");
		put_clean(o->quotes[i].text);
		putchar('\n');
	}
	for (i = 0; i < (size_t)cJSON_GetArraySize(o->evidence); i++) {
		const cJSON *e = cJSON_GetArrayItem(o->evidence, (int)i),
		            *f = cJSON_GetObjectItemCaseSensitive(e, "file"),
		            *u = cJSON_GetObjectItemCaseSensitive(e, "url");
		printf("  evidence: ");
		if (f) {
			put_clean(
			    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "name")));
			printf(" (git blob %s)",
			       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "sha1")));
		} else {
			put_clean(cJSON_GetStringValue(u));
		}
		putchar('\n');
	}
	if (o->answer && pw_obligation_answer_describe(&answer, o) == 0 && answer) {
		printf("  TSP's answer: ");
		put_clean(answer);
		putchar('\n');
	}
	free(answer);
	putchar('\n');
}

static int run(pw_tool *t, const char *tsp, int status, int json)
{
	pw_list_obligations_opts o = PW_LIST_OBLIGATIONS_OPTS_INIT;
	pw_list_obligations_result r;
	cJSON *arr = NULL;
	char *text = NULL;
	size_t i;
	int rc;

	o.tsp = tsp;
	o.status = status;
	if ((rc = pw_list_obligations_run(&r, t->ws, &o)) == 0 && json &&
	    !(arr = cJSON_CreateArray()))
		rc = pw_error_oom();
	for (i = 0; rc == 0 && i < r.count; i++) {
		cJSON *j;
		if (!json) {
			print_text(r.items[i], r.today);
			continue;
		}
		if (!(j = pw_obligation_to_json(r.items[i])) || !cJSON_AddItemToArray(arr, j)) {
			cJSON_Delete(j);
			rc = pw_error_oom();
		}
	}
	if (rc == 0 && json) {
		if (!(text = cJSON_Print(arr)))
			rc = pw_error_oom();
		else
			printf("%s\n", text);
	} else if (rc == 0 && r.count == 0) {
		printf("no %s obligations%s%s\n",
		       status == PW_LIST_OBLIGATIONS_ALL ? "" : statuses[status],
		       tsp ? " for " : "", tsp ? tsp : "");
	}
	free(text);
	cJSON_Delete(arr);
	pw_list_obligations_result_clear(&r);
	return rc < 0 ? tool_fail(rc) : 0;
}

int cmd_obligations(pw_tool *t, int argc, char **argv)
{
	const char *tsp = NULL;
	int json = 0, status = 0;
	const opt_spec spec[] = {
	    TOOL_OPT_ONLY_TSP(&tsp),
	    {.type = OPT_CHOICE,
	     .name = "status",
	     .value = &status,
	     .arg = "S",
	     .choices = "open|overdue|met|waived|all",
	     .help = "open (default: open and overdue), overdue, met, waived or all"},
	    TOOL_OPT_TEXT_JSON(&json),
	    {.type = OPT_END},
	};
	const opt_command cmd = {"obligations", about, after, 15, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, &tsp, tsp ? 1 : 0)) == 0)
		rc = run(t, tsp, status, json);
	return rc;
}
