#include "tsp/obliganswer.h"

#include "ledger/commit.h"
#include "tsp/obligation.h"
#include "tsp/response.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/json.h"
#include "util/optstr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_obliganswer_status_valid(const char *s)
{
	return s && (strcmp(s, "not-started") == 0 || strcmp(s, "in-progress") == 0 ||
	             strcmp(s, "done") == 0 || strcmp(s, "cannot-meet") == 0);
}

int pw_obliganswer_check(const pw_obliganswer *a, const char *what)
{
	int rc;
	if (!pw_obliganswer_status_valid(a->status))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.status: '%s' is not not-started, in-progress, done or "
		                    "cannot-meet",
		                    what, a->jpath, a->status);
	if (strcmp(a->status, "done") == 0 && (!a->evidence || !*a->evidence))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.evidence: required when the status is done (the "
		                    "document, report or link that shows it)",
		                    what, a->jpath);
	if (strcmp(a->status, "cannot-meet") == 0 && !a->date[0])
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.date: required when the status is cannot-meet (the "
		                    "day it can be met by)",
		                    what, a->jpath);
	if (a->date[0] && !pw_day_valid(a->date))
		return pw_error_set(PW_EINPUT, "%s: %s.date: '%s' is not a date (YYYY-MM-DD)", what,
		                    a->jpath, a->date);
	if ((rc = pw_response_check_text(what, a->jpath, "evidence", a->evidence)) < 0 ||
	    (rc = pw_response_check_text(what, a->jpath, "comment", a->comment)) < 0)
		return rc;
	return 0;
}

static int dup_opt(char **dst, const char *s)
{
	*dst = NULL;
	return s && !(*dst = strdup(s)) ? pw_error_oom() : 0;
}

/* Parses one object of a response file's "obligations" (unknown keys are
 * errors) for TSP `tsp` answering form `form` (may be NULL), then checks it. */
static int parse_answer(pw_obliganswer *a, const char *tsp, const char *form, const char *what,
                        const char *jpath, const cJSON *json)
{
	static const char *const keys[] = {"obligation", "status",  "evidence",
	                                   "date",       "comment", NULL};
	const char *id, *status, *evidence, *date, *comment;
	int rc;

	memset(a, 0, sizeof(*a));
	snprintf(a->jpath, sizeof(a->jpath), "%s", jpath);
	if ((rc = pw_json_check_object(json, what, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(json, "obligation", 1, what, jpath, &id)) < 0 ||
	    (rc = pw_json_get_string(json, "status", 1, what, jpath, &status)) < 0 ||
	    (rc = pw_json_get_string(json, "evidence", 0, what, jpath, &evidence)) < 0 ||
	    (rc = pw_json_get_string(json, "date", 0, what, jpath, &date)) < 0 ||
	    (rc = pw_json_get_string(json, "comment", 0, what, jpath, &comment)) < 0)
		return rc;
	if (!pw_obliganswer_status_valid(status))
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.status: '%s' is not not-started, in-progress, done or "
		                    "cannot-meet",
		                    what, jpath, status);
	memcpy(a->status, status, strlen(status) + 1);
	if (date && !pw_day_valid(date))
		return pw_error_set(PW_EINPUT, "%s: %s.date: '%s' is not a date (YYYY-MM-DD)", what,
		                    jpath, date);
	if (date)
		memcpy(a->date, date, 11);
	if ((rc = dup_opt(&a->obligation, id)) < 0 || (rc = dup_opt(&a->tsp, tsp)) < 0 ||
	    (rc = dup_opt(&a->evidence, evidence)) < 0 ||
	    (rc = dup_opt(&a->comment, comment)) < 0 || (rc = dup_opt(&a->form, form)) < 0 ||
	    (rc = pw_obliganswer_check(a, what)) < 0) {
		pw_obliganswer_clear(a);
		return rc;
	}
	return 0;
}

int pw_obliganswers_parse(pw_obliganswers *out, const char *tsp, const char *form, const char *what,
                          const cJSON *json)
{
	const cJSON *x;
	size_t k;
	int rc, i = 0, n;

	memset(out, 0, sizeof(*out));
	if (!json)
		return 0;
	if (!cJSON_IsArray(json))
		return pw_error_set(PW_EINPUT, "%s: $.obligations: not a JSON array", what);
	n = cJSON_GetArraySize(json);
	if (n > 0 && !(out->items = calloc((size_t)n, sizeof(*out->items))))
		return pw_error_oom();
	cJSON_ArrayForEach(x, json)
	{
		pw_obliganswer *a = &out->items[out->count];
		char jpath[64];
		pw_json_path_index(jpath, sizeof(jpath), "$.obligations", i++);
		if ((rc = parse_answer(a, tsp, form, what, jpath, x)) < 0)
			goto fail;
		out->count++;
		for (k = 0; k + 1 < out->count; k++)
			if (strcmp(out->items[k].obligation, a->obligation) == 0) {
				rc = pw_error_set(
				    PW_EINPUT, "%s: %s.obligation: %s is answered twice (also %s)",
				    what, a->jpath, a->obligation, out->items[k].jpath);
				goto fail;
			}
	}
	return 0;
fail:
	pw_obliganswers_clear(out);
	return rc;
}

int pw_obliganswers_check_open(const pw_obliganswers *l, const struct pw_obligations *obs,
                               const char *what)
{
	size_t i;
	for (i = 0; i < l->count; i++) {
		const pw_obliganswer *a = &l->items[i];
		const pw_obligation *o = pw_obligations_find(obs, a->obligation);
		/* another TSP's obligation is as unknown to this one as a made-up id */
		if (!o || strcmp(o->tsp, a->tsp) != 0)
			return pw_error_set(
			    PW_EINPUT,
			    "%s: %s.obligation: '%s' is not an obligation of TSP %s "
			    "(see 'pkiwatch obligations --tsp %s --status all')",
			    what, a->jpath, a->obligation, a->tsp, a->tsp);
		if (o->status == PW_OBLIGATION_MET || o->status == PW_OBLIGATION_WAIVED)
			return pw_error_set(PW_EINPUT,
			                    "%s: %s.obligation: %s is %s already (%s): nothing to "
			                    "answer",
			                    what, a->jpath, a->obligation,
			                    pw_obligation_status_name(o->status), o->closed);
	}
	return 0;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int pw_obliganswer_same(const pw_obliganswer *a, const cJSON *ev)
{
	return ev && pw_optstr_same(a->status, jstr(ev, "status")) &&
	       pw_optstr_same(a->evidence, jstr(ev, "evidence")) &&
	       pw_optstr_same(a->date, jstr(ev, "date")) &&
	       pw_optstr_same(a->comment, jstr(ev, "comment"));
}

/* ", <name> '<text>'" with control characters (line breaks) as spaces: the
 * description goes into one-line messages and commit messages. */
static int quoted(pw_buf *b, const char *name, const char *text)
{
	int rc = pw_buf_printf(b, ", %s '", name);
	if (rc == 0)
		rc = pw_buf_put_oneline(b, text);
	return rc ? rc : pw_buf_putc(b, '\'');
}

int pw_obliganswer_describe(char **out, const pw_obliganswer *a)
{
	pw_buf b = PW_BUF_INIT;
	const char *on = strcmp(a->status, "done") == 0          ? " on "
	                 : strcmp(a->status, "cannot-meet") == 0 ? ", can be met by "
	                                                         : ", expected by ";
	*out = NULL;
	if (pw_buf_puts(&b, a->status) < 0 ||
	    (a->date[0] && pw_buf_printf(&b, "%s%s", on, a->date) < 0) ||
	    (a->evidence && quoted(&b, "evidence", a->evidence) < 0) ||
	    (a->comment && quoted(&b, "comment", a->comment) < 0) || !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	return 0;
}

/* The answer event (obligrec.h). */
static cJSON *event(const pw_obliganswer *a, const char *name, const char *email, const char *now)
{
	cJSON *ev = cJSON_CreateObject();
	pw_buf by = PW_BUF_INIT;
	int ok = ev && pw_buf_printf(&by, "%s <%s>", name, email) == 0 &&
	         cJSON_AddStringToObject(ev, "action", "answer") &&
	         cJSON_AddStringToObject(ev, "status", a->status) &&
	         (!a->evidence || cJSON_AddStringToObject(ev, "evidence", a->evidence)) &&
	         (!a->date[0] || cJSON_AddStringToObject(ev, "date", a->date)) &&
	         (!a->comment || cJSON_AddStringToObject(ev, "comment", a->comment)) &&
	         (!a->form || cJSON_AddStringToObject(ev, "form", a->form)) &&
	         cJSON_AddStringToObject(ev, "time", now) &&
	         cJSON_AddStringToObject(ev, "by", by.ptr);
	pw_buf_clear(&by);
	if (ok)
		return ev;
	cJSON_Delete(ev);
	return NULL;
}

int pw_obliganswer_prepare(cJSON **doc, char **rel, char **message, const char *root,
                           const char *base, const pw_obliganswer *a, const char *name,
                           const char *email, const char *now)
{
	pw_buf path = PW_BUF_INIT, msg = PW_BUF_INIT;
	cJSON *events, *ev = NULL;
	char *desc = NULL;
	int rc;

	*doc = NULL;
	*rel = *message = NULL;
	if ((rc = pw_buf_printf(&path, "ledger/obligations/%s.json", a->obligation)) < 0 ||
	    (rc = pw_commit_read_at(doc, root, base, path.ptr)) < 0)
		goto fail;
	if (!*doc && (!(*doc = cJSON_CreateObject()) ||
	              !cJSON_AddStringToObject(*doc, "id", a->obligation) ||
	              !cJSON_AddStringToObject(*doc, "tsp", a->tsp))) {
		rc = pw_error_oom();
		goto fail;
	}
	events = cJSON_GetObjectItemCaseSensitive(*doc, "events");
	if (events && !cJSON_IsArray(events)) {
		rc = pw_error_set(PW_EINPUT, "%s: $.events: not a JSON array", path.ptr);
		goto fail;
	}
	if ((!events && !(events = cJSON_AddArrayToObject(*doc, "events"))) ||
	    !(ev = event(a, name, email, now)) || !cJSON_AddItemToArray(events, ev)) {
		cJSON_Delete(ev);
		rc = pw_error_oom();
		goto fail;
	}
	if ((rc = pw_obliganswer_describe(&desc, a)) < 0 ||
	    (rc = pw_buf_printf(&msg,
	                        "pkiwatch obligation answer: %s\n\nTSP %s answered obligation %s: "
	                        "%s.\n\nSigned-off-by: %s <%s>\n",
	                        a->obligation, a->tsp, a->obligation, desc, name, email)) < 0 ||
	    !(*message = pw_buf_detach(&msg)) || !(*rel = pw_buf_detach(&path))) {
		rc = rc < 0 ? rc : pw_error_oom();
		goto fail;
	}
	free(desc);
	return 0;
fail:
	free(desc);
	pw_buf_clear(&path);
	pw_buf_clear(&msg);
	cJSON_Delete(*doc);
	free(*message);
	*doc = NULL;
	*message = NULL;
	return rc;
}

void pw_obliganswer_clear(pw_obliganswer *a)
{
	if (!a)
		return;
	free(a->obligation);
	free(a->tsp);
	free(a->evidence);
	free(a->comment);
	free(a->form);
	memset(a, 0, sizeof(*a));
}

void pw_obliganswers_clear(pw_obliganswers *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++)
		pw_obliganswer_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
