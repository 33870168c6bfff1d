/* pkiwatch forms: one confidential form per TSP with the signed-off changes
 * that apply to it, as Markdown, HTML and PDF. */
#include "tool.h"

#include "tsp/applicability.h"
#include "util/buf.h"
#include "classify/changeset.h"
#include "util/error.h"
#include "util/fileio.h"
#include "tsp/form.h"
#include "tsp/issued.h"
#include "ledger/commit.h"
#include "ledger/ledger.h"
#include "util/pdf.h"
#include "util/stage.h"
#include "core/tsp.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Writes one form per TSP (tsps/<id>.json) listing the changes signed off as\n"
    "applicable to it (see 'pkiwatch signoff'), ordered by effective date, each with\n"
    "the questions: expected impact, implementation time, can the effective date be\n"
    "met. A form names its TSP only and holds nothing about other TSPs.\n"
    "Files: DIR/<tsp id>/<form id>.md|.html|.pdf (DIR defaults to forms/ in the\n"
    "compliance repository). Each form issued is recorded (form id, TSP, changes,\n"
    "date generated, reply-by date) in ledger/forms/<tsp id>.json, one commit per\n"
    "record holding that file alone, authored by the officer; the same form again\n"
    "(same TSP, day and changes) records nothing. All or nothing: every file is\n"
    "made in a staging directory in DIR first and put in place once all are made,\n"
    "then the records' commits land together (the branch moves once); a renderer,\n"
    "file or git failure, a commit made meanwhile or an interruption (Ctrl-C,\n"
    "SIGTERM: after the PDF being made) leaves no form and no record of any TSP.\n";

static const char after[] =
    "Environment: PKIWATCH_TODAY=YYYY-MM-DD fixes the date; PKIWATCH_CHROMIUM,\n"
    "PKIWATCH_WEASYPRINT name the renderer.\n";

enum { FMT_MD = 1, FMT_HTML = 2, FMT_PDF = 4 };

typedef struct {
	opt_list tsps;
	const char *out;
	int formats;
	long reply_days;
} args;

static int parse_formats(const char *cmd, const char *s, void *value)
{
	const char *p = s;
	int *out = value;
	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == 2 && strncmp(p, "md", 2) == 0)
			*out |= FMT_MD;
		else if (n == 4 && strncmp(p, "html", 4) == 0)
			*out |= FMT_HTML;
		else if (n == 3 && strncmp(p, "pdf", 3) == 0)
			*out |= FMT_PDF;
		else
			break;
		p += n;
		if (*p == ',')
			p++;
	}
	if (*p || !*out)
		return tool_usage(
		    cmd, "--format takes md, html and pdf separated by commas, not '%s'", s);
	return 0;
}

static int parse_reply_days(const char *cmd, const char *text, void *value)
{
	char *end;
	long *days = value;
	*days = strtol(text, &end, 10);
	if (*end || end == text || *days < 1 || *days > 3650)
		return tool_usage(cmd, "--reply-days takes 1 to 3650, not '%s'", text);
	return 0;
}

static int load_tsps(pw_workspace *ws, const pw_config *cfg, const pw_tsps **tsps)
{
	int rc = pw_workspace_tsps(tsps, ws);
	if (rc == 0 && !(*tsps)->count)
		rc =
		    pw_error_set(PW_EINPUT, "%s/tsps: no TSP profiles (tsps/<id>.json)", cfg->root);
	return rc;
}

/* One TSP's form, rendered in memory, then staged; its issuance record. */
typedef struct {
	pw_applicable_list list;
	pw_form form;
	pw_buf md, html;
	char *md_path, *html_path, *pdf_path; /* the targets */
	cJSON *record;                        /* NULL: issued already */
	char *record_rel, *record_msg;
	char commit[41];
} rendered;

static int render(rendered *r, const pw_tsp *t, const pw_changeset *set, const pw_ledger *ledger,
                  const char *day, long reply_days)
{
	int rc;
	if ((rc = pw_applicability_collect(&r->list, set, ledger, t)) < 0)
		return rc;
	pw_applicability_drop_answered(&r->list, t); /* a form asks only what is unanswered */
	if (r->list.count == 0)
		return 0;
	if ((rc = pw_form_init(&r->form, t, &r->list, day, (int)reply_days)) < 0 ||
	    (rc = pw_form_markdown(&r->form, &r->md)) < 0)
		return rc;
	return pw_form_html(&r->form, r->md.ptr, r->md.len, &r->html);
}

static void rendered_clear(rendered *r)
{
	pw_applicability_list_clear(&r->list);
	pw_buf_clear(&r->md);
	pw_buf_clear(&r->html);
	free(r->md_path);
	free(r->html_path);
	free(r->pdf_path);
	cJSON_Delete(r->record);
	free(r->record_rel);
	free(r->record_msg);
}

static char *file_name(const char *dir, const char *id, const char *ext)
{
	char *name = malloc(strlen(id) + strlen(ext) + 2), *path;
	if (!name)
		return NULL;
	sprintf(name, "%s.%s", id, ext);
	path = pw_path_join(dir, name);
	free(name);
	return path;
}

/* The renderer's message names the staged HTML file: name the PDF instead. */
static int pdf_failed(int rc, const char *html_tmp, const char *pdf_path)
{
	const char *why = pw_error_last();
	size_t n = strlen(html_tmp);
	char *copy;
	if (strncmp(why, html_tmp, n) != 0 || strncmp(why + n, ": ", 2) != 0 ||
	    !(copy = strdup(why + n + 2)))
		return rc;
	rc = pw_error_set(rc, "%s: %s", pdf_path, copy);
	free(copy);
	return rc;
}

/* The form's files into the staging set (the PDF printed from the staged HTML). */
static int stage_form(rendered *r, pw_stage *st, const char *out_dir, const args *a,
                      const char *pdf, int pdf_kind)
{
	char *dir = pw_path_join(out_dir, r->form.tsp->id);
	const char *html_tmp = NULL, *pdf_tmp = NULL;
	int rc = 0;

	r->md_path = dir ? file_name(dir, r->form.id, "md") : NULL;
	r->html_path = dir ? file_name(dir, r->form.id, "html") : NULL;
	r->pdf_path = dir ? file_name(dir, r->form.id, "pdf") : NULL;
	free(dir);
	if (!r->md_path || !r->html_path || !r->pdf_path)
		return pw_error_oom();
	if ((a->formats & FMT_MD) &&
	    (rc = pw_stage_write(NULL, st, r->md_path, r->md.ptr, r->md.len)) < 0)
		return rc;
	if (a->formats & FMT_HTML)
		rc = pw_stage_write(&html_tmp, st, r->html_path, r->html.ptr, r->html.len);
	else if (a->formats & FMT_PDF) /* the HTML only to print the PDF from */
		rc = pw_stage_scratch(&html_tmp, st, r->html_path, r->html.ptr, r->html.len);
	if (rc < 0 || !(a->formats & FMT_PDF))
		return rc;
	if ((rc = pw_stage_reserve(&pdf_tmp, st, r->pdf_path)) < 0)
		return rc;
	if ((rc = pw_pdf_render(pdf, pdf_kind, html_tmp, pdf_tmp, NULL)) < 0)
		return pdf_failed(rc, html_tmp, r->pdf_path);
	return 0;
}

static void print_form(const rendered *r, const args *a)
{
	printf("%s: %zu change%s, reply by %s:", r->form.tsp->id, r->list.count,
	       r->list.count == 1 ? "" : "s", r->form.reply_by);
	if (a->formats & FMT_MD)
		printf(" %s", r->md_path);
	if (a->formats & FMT_HTML)
		printf(" %s", r->html_path);
	if (a->formats & FMT_PDF)
		printf(" %s", r->pdf_path);
	printf("\n");
	if (r->record)
		printf("  issued: form %s recorded in ledger/forms/%s.json (commit %.12s)\n",
		       r->form.id, r->form.tsp->id, r->commit);
	else
		printf("  issued already: form %s is in ledger/forms/%s.json\n", r->form.id,
		       r->form.tsp->id);
}

/* SIGINT, SIGTERM or SIGHUP while the forms are made: noted here, and the run
 * stops after the renderer running then, removing everything it staged (no
 * confidential form left in a staging directory). A second one acts as
 * usual (SA_RESETHAND); its staging directory, git-ignored, goes next run. */
static volatile sig_atomic_t stop_signal;
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSTOP (sizeof(stop_signals) / sizeof(stop_signals[0]))

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void catch_stop(struct sigaction old[NSTOP])
{
	struct sigaction sa;
	size_t i;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &sa, &old[i]);
}

static void release_stop(const struct sigaction old[NSTOP])
{
	size_t i;
	for (i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &old[i], NULL);
}

static int stopped(void)
{
	return pw_error_set(PW_ERROR, "interrupted (%s): no form written, nothing recorded",
	                    strsignal(stop_signal));
}

/* Every form staged, then put in place, then every issuance record committed
 * together: a renderer, file or git failure half-way leaves no form and no
 * record of any TSP. */
static int write_all(rendered *forms, size_t n, const pw_config *cfg, const char *base,
                     const char *out_dir, const args *a, const char *pdf, int pdf_kind,
                     const char *name, const char *email)
{
	pw_commit_opts copts = {.author_name = name, .author_email = email, .base = base};
	pw_stage st;
	pw_commit_file *files = NULL;
	char(*commits)[41] = NULL;
	size_t i, nfiles = 0, k;
	int rc = 0, opened = 0, kept = 0;

	memset(&st, 0, sizeof(st));
	if (!(files = calloc(n, sizeof(*files))) || !(commits = calloc(n, sizeof(*commits)))) {
		rc = pw_error_oom();
		goto out;
	}
	for (i = 0; i < n; i++) {
		rendered *r = &forms[i];
		if (r->list.count == 0)
			continue;
		if ((rc = pw_issued_prepare(&r->record, &r->record_rel, &r->record_msg, cfg->root,
		                            base, &r->form, name, email)) < 0)
			goto out;
		if (r->record) {
			files[nfiles].path = r->record_rel;
			files[nfiles].json = r->record;
			files[nfiles].message = r->record_msg;
			nfiles++;
		}
	}
	for (i = 0; i < n; i++) {
		if (forms[i].list.count == 0)
			continue;
		if (!opened && (rc = pw_stage_open(&st, out_dir)) < 0)
			goto out;
		opened = 1;
		rc = stage_form(&forms[i], &st, out_dir, a, pdf, pdf_kind);
		/* Ctrl-C reaches the renderer too: its failure is the interruption */
		if (stop_signal) {
			rc = stopped();
			goto out;
		}
		if (rc < 0)
			goto out;
	}
	if (opened && (rc = pw_stage_apply(&st)) < 0)
		goto out;
	/* files first: a recorded form is one that exists */
	if (nfiles &&
	    (rc = pw_commit_files(commits, &kept, cfg->root, files, nfiles, &copts)) < 0) {
		/* recorded all the same (HEAD could not be moved back): the forms
		 * the records name stay */
		if (!kept)
			pw_stage_undo(&st);
		goto out;
	}
	for (i = 0, k = 0; i < n; i++)
		if (forms[i].record)
			memcpy(forms[i].commit, commits[k++], 41);
out:
	pw_stage_clear(&st);
	free(files);
	free(commits);
	return rc;
}

static int run(pw_workspace *ws, const args *a)
{
	const pw_config *cfg;
	const pw_changeset *set;
	const pw_ledger *ledger;
	const pw_tsps *tsps = NULL;
	const pw_issued *issued;
	rendered *forms = NULL;
	struct sigaction old[NSTOP];
	const char *day, *name, *email;
	char base[41], *pdf = NULL, *out_dir = NULL;
	int rc, pdf_kind = 0;
	size_t i;

	if ((rc = pw_workspace_config(&cfg, ws)) < 0 || (rc = pw_workspace_today(&day, ws)) < 0)
		return tool_fail(rc);
	if ((a->formats & FMT_PDF) && (rc = pw_pdf_find(&pdf, &pdf_kind)) < 0) {
		tool_error("%s", pw_error_last());
		return 1;
	}
	if ((rc = load_tsps(ws, cfg, &tsps)) < 0 || (rc = pw_workspace_ledger(&ledger, ws)) < 0 ||
	    (rc = pw_workspace_changeset(&set, ws, NULL)) < 0)
		goto fail;
	if (!(forms = calloc(tsps->count, sizeof(*forms)))) {
		rc = pw_error_oom();
		goto fail;
	}
	/* every form is rendered before any file is written */
	for (i = 0; i < tsps->count; i++)
		if ((rc = render(&forms[i], &tsps->items[i], set, ledger, day, a->reply_days)) < 0)
			goto fail;
	for (i = 0; tsps->count && i < forms[0].list.nmissing; i++)
		fprintf(stderr,
		        "pkiwatch: warning: ledger/%s.json: change not in the mirrors since %s; "
		        "left out of the forms\n",
		        forms[0].list.missing[i], cfg->since[0] ? cfg->since : "the beginning");
	out_dir = a->out ? strdup(a->out) : pw_path_join(cfg->root, "forms");
	if (!out_dir) {
		rc = pw_error_oom();
		goto fail;
	}
	/* the issuance record is committed by the officer, like a sign-off: the
	 * repository is checked before any form is written */
	if ((rc = pw_commit_check(cfg->root)) < 0 ||
	    (rc = pw_workspace_author(&name, &email, ws)) < 0)
		goto fail;
	/* the commit the records are built on, read once: a commit landing while
	 * the forms are rendered (another run, the officer) fails the batch
	 * rather than being overwritten by records that do not hold it */
	if ((rc = pw_commit_base(base, cfg->root)) < 0)
		goto fail;
	/* and every issuance record read: a damaged one of a later TSP must not
	 * stop the run after an earlier TSP's forms were written and committed */
	if ((rc = pw_workspace_issued(&issued, ws)) < 0)
		goto fail;
	catch_stop(old);
	rc = write_all(forms, tsps->count, cfg, base, out_dir, a, pdf, pdf_kind, name, email);
	release_stop(old);
	if (rc < 0 && stop_signal) {
		tool_fail(rc);
		rc = 128 + stop_signal;
		goto out;
	}
	if (rc < 0)
		goto fail;
	for (i = 0; i < tsps->count; i++) {
		if (forms[i].list.count == 0)
			printf("%s: no signed-off change applies; no form\n", tsps->items[i].id);
		else
			print_form(&forms[i], a);
	}
	rc = 0;
	goto out;
fail:
	rc = tool_fail(rc);
out:
	for (i = 0; forms && i < tsps->count; i++)
		rendered_clear(&forms[i]);
	free(forms);
	free(out_dir);
	free(pdf);
	return rc;
}

int cmd_forms(pw_tool *t, int argc, char **argv)
{
	args a = {{NULL, 0}, NULL, FMT_MD | FMT_HTML, PW_FORM_REPLY_DAYS};
	const opt_spec spec[] = {
	    {.type = OPT_LIST,
	     .name = "tsp",
	     .value = &a.tsps,
	     .arg = "T",
	     .check = tool_check_tsp,
	     .help = "only this TSP; repeatable (default: every TSP)"},
	    {.type = OPT_STRING,
	     .name = "out",
	     .value = &a.out,
	     .arg = "DIR",
	     .help = "write under DIR instead of forms/"},
	    {.type = OPT_CALL,
	     .name = "format",
	     .value = &a.formats,
	     .arg = "LIST",
	     .choices = "md,html,pdf",
	     .parse = parse_formats,
	     .help = "comma-separated md, html, pdf (default md,html); pdf needs\n"
	             "headless Chromium (chromium) or WeasyPrint (weasyprint)"},
	    {.type = OPT_CALL,
	     .name = "reply-days",
	     .value = &a.reply_days,
	     .arg = "N",
	     .parse = parse_reply_days,
	     .help = "answers are due N days after today (default 30)"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"forms", about, after, 19, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, a.tsps.items, a.tsps.count)) == 0)
		rc = run(t->ws, &a);
	opt_list_clear(&a.tsps);
	return rc;
}
