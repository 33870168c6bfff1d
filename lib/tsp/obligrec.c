#include "tsp/obligrec.h"

#include "ledger/commit.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RECORD_MAX (1024 * 1024)

static int check_event(const cJSON *ev, const char *file, const char *jpath)
{
	static const char *const keys[] = {"action",  "milestone", "date", "file",   "url",
	                                   "note",    "time",      "by",   "status", "evidence",
	                                   "comment", "form",      NULL};
	static const char *const actions[] = {"done", "evidence", "accept", "waive",
	                                      "due",  "answer",   NULL};
	const char *action, *date, *status;
	size_t i;
	int rc;
	if ((rc = pw_json_check_object(ev, file, jpath, keys)) < 0 ||
	    (rc = pw_json_get_string(ev, "action", 1, file, jpath, &action)) < 0 ||
	    (rc = pw_json_get_string(ev, "date", 0, file, jpath, &date)) < 0)
		return rc;
	for (i = 0; actions[i] && strcmp(actions[i], action) != 0; i++)
		;
	if (!actions[i])
		return pw_error_set(PW_EINPUT,
		                    "%s: %s.action: '%s' is not done, evidence, accept, "
		                    "waive, due or answer",
		                    file, jpath, action);
	/* the TSP's answer (obliganswer.h) */
	if (strcmp(action, "answer") == 0 &&
	    ((rc = pw_json_get_string(ev, "status", 1, file, jpath, &status)) < 0 ||
	     !pw_obliganswer_status_valid(status)))
		return rc < 0 ? rc
		              : pw_error_set(PW_EINPUT,
		                             "%s: %s.status: '%s' is not not-started, in-progress, "
		                             "done or cannot-meet",
		                             file, jpath, status);
	if (date && !pw_day_valid(date))
		return pw_error_set(PW_EINPUT, "%s: %s.date: '%s' is not a date (YYYY-MM-DD)", file,
		                    jpath, date);
	return 0;
}

static int check_record(const cJSON *doc, const char *file, const char *stem)
{
	static const char *const keys[] = {"id", "tsp", "added", "events", NULL};
	const char *id, *tsp;
	const cJSON *events, *ev;
	char p[64];
	int rc, i = 0;
	if ((rc = pw_json_check_object(doc, file, "$", keys)) < 0 ||
	    (rc = pw_json_get_string(doc, "id", 1, file, "$", &id)) < 0 ||
	    (rc = pw_json_get_string(doc, "tsp", 1, file, "$", &tsp)) < 0 ||
	    (rc = pw_json_get_array(doc, "events", 0, file, "$", &events)) < 0)
		return rc;
	if (strcmp(id, stem) != 0)
		return pw_error_set(PW_EINPUT, "%s: $.id: '%s' is not the file's name", file, id);
	cJSON_ArrayForEach(ev, events)
	{
		pw_json_path_index(p, sizeof(p), "$.events", i++);
		if ((rc = check_event(ev, file, p)) < 0)
			return rc;
	}
	return 0;
}

static int load_one(const char *path, const char *stem, void *payload)
{
	pw_obligation_records *l = payload;
	cJSON *doc = NULL, **p;
	int rc = pw_json_parse_file(&doc, path, RECORD_MAX);
	if (rc == 0)
		rc = check_record(doc, path, stem);
	if (rc == 0 && !(p = realloc(l->docs, (l->count + 1) * sizeof(*p))))
		rc = pw_error_oom();
	if (rc < 0) {
		cJSON_Delete(doc);
		return rc;
	}
	l->docs = p;
	l->docs[l->count++] = doc;
	return 0;
}

int pw_obligrec_load_all(pw_obligation_records *out, const char *root)
{
	char *dir = pw_path_join(root, "ledger/obligations");
	int rc;
	memset(out, 0, sizeof(*out));
	if (!dir)
		return PW_ENOMEM;
	rc = pw_dir_each_json(dir, load_one, out);
	free(dir);
	if (rc < 0)
		pw_obligation_records_clear(out);
	return rc;
}

void pw_obligrec_result_clear(pw_obligrec_result *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

static const char *action_name(int a)
{
	static const char *const names[] = {"?",      "add",   "done", "evidence",
	                                    "accept", "waive", "due"};
	return a >= PW_OBLIGREC_ADD && a <= PW_OBLIGREC_DUE ? names[a] : names[0];
}

static int check_date(const char *arg, const char *d)
{
	if (!d || !pw_day_valid(d))
		return pw_error_set(PW_EINPUT, "%s: '%s' is not a date (YYYY-MM-DD)", arg,
		                    d ? d : "");
	return 0;
}

static int check_text(const char *arg, const char *s)
{
	const char *p;
	if (!s || !*s)
		return pw_error_set(PW_EINPUT, "%s: a text is needed", arg);
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return pw_error_set(PW_EINPUT, "%s: control characters are not allowed",
			                    arg);
	if (strlen(s) > 4000)
		return pw_error_set(PW_EINPUT, "%s: longer than 4000 bytes", arg);
	return 0;
}

/* An event object with the common fields (time, by). */
static cJSON *event(const char *action, const pw_obligrec_action *a, const char *name,
                    const char *email)
{
	cJSON *ev = cJSON_CreateObject();
	pw_buf by = PW_BUF_INIT;
	char now[21];
	if (!a->time)
		pw_day_now_iso(now, a->today);
	if (!ev || pw_buf_printf(&by, "%s <%s>", name, email) < 0 ||
	    !cJSON_AddStringToObject(ev, "action", action) ||
	    !cJSON_AddStringToObject(ev, "time", a->time ? a->time : now) ||
	    !cJSON_AddStringToObject(ev, "by", by.ptr)) {
		cJSON_Delete(ev);
		ev = NULL;
	}
	pw_buf_clear(&by);
	return ev;
}

/* The evidence file: name, size, git blob id. Stays where it is. */
static int evidence_file(cJSON *ev, const char *path)
{
	struct stat st;
	git_oid oid;
	char hex[41];
	const char *base = strrchr(path, '/');
	cJSON *f;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return pw_error_set(PW_EINPUT, "--file: %s: not a readable file", path);
	if (git_odb_hashfile(&oid, path, GIT_OBJECT_BLOB) < 0)
		return pw_error_from_git(PW_EINPUT, path);
	git_oid_tostr(hex, sizeof(hex), &oid);
	if (!(f = cJSON_AddObjectToObject(ev, "file")) ||
	    !cJSON_AddStringToObject(f, "name", base ? base + 1 : path) ||
	    !cJSON_AddNumberToObject(f, "size", (double)st.st_size) ||
	    !cJSON_AddStringToObject(f, "sha1", hex))
		return pw_error_oom();
	return 0;
}

static int check_url(const char *u)
{
	if (!u || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) ||
	    check_text("--url", u) < 0 || strpbrk(u, " \t"))
		return pw_error_set(PW_EINPUT, "--url: '%s' is not an http(s) URL", u ? u : "");
	return 0;
}

/* "TEXT=DATE" into a milestone object. */
static int parse_milestone(cJSON *arr, const char *spec)
{
	const char *eq = strrchr(spec, '=');
	cJSON *m;
	char *what;
	int rc;
	if (!eq || eq == spec)
		return pw_error_set(PW_EINPUT, "--milestone: '%s' is not TEXT=YYYY-MM-DD", spec);
	if ((rc = check_date("--milestone", eq + 1)) < 0)
		return rc;
	if (!(what = strndup(spec, (size_t)(eq - spec))))
		return pw_error_oom();
	rc = check_text("--milestone", what);
	if (rc == 0 && (!(m = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, m) ||
	                !cJSON_AddStringToObject(m, "what", what) ||
	                !cJSON_AddStringToObject(m, "due", eq + 1)))
		rc = pw_error_oom();
	free(what);
	return rc;
}

/* The record of a new officer obligation. */
static int make_added(cJSON **doc, char **id, const pw_obligrec_action *a, const pw_tsps *tsps,
                      const pw_changeset *set)
{
	cJSON *added, *ms, *ch;
	pw_buf key = PW_BUF_INIT;
	size_t i;
	int rc;
	*doc = NULL;
	if (!a->tsp || !pw_tsps_find(tsps, a->tsp))
		return pw_error_set(PW_ENOTFOUND, "--tsp: unknown TSP '%s'", a->tsp ? a->tsp : "");
	if ((rc = check_text("--what", a->what)) < 0 || (rc = check_date("--due", a->due)) < 0)
		return rc;
	if (a->from && (!set || !pw_changeset_find(set, a->from)))
		return pw_error_set(PW_ENOTFOUND, "--from: unknown change id '%s'", a->from);
	if (pw_buf_printf(&key, "officer|%s|%s", a->what, a->due) < 0)
		return PW_ENOMEM;
	rc = pw_obligation_make_id(id, a->tsp, key.ptr);
	pw_buf_clear(&key);
	if (rc < 0)
		return rc;
	if (!(*doc = cJSON_CreateObject()) || !cJSON_AddStringToObject(*doc, "id", *id) ||
	    !cJSON_AddStringToObject(*doc, "tsp", a->tsp) ||
	    !(added = cJSON_AddObjectToObject(*doc, "added")) ||
	    !cJSON_AddStringToObject(added, "kind", "officer") ||
	    !cJSON_AddStringToObject(added, "what", a->what) ||
	    !cJSON_AddStringToObject(added, "due", a->due) ||
	    !(ch = cJSON_AddArrayToObject(added, "changes")) ||
	    (a->from && !cJSON_AddItemToArray(ch, cJSON_CreateString(a->from))) ||
	    !(ms = cJSON_AddArrayToObject(added, "milestones")) ||
	    !cJSON_AddArrayToObject(*doc, "events"))
		return pw_error_oom();
	for (i = 0; i < a->nmilestones; i++)
		if ((rc = parse_milestone(ms, a->milestones[i])) < 0)
			return rc;
	return 0;
}

/* The event of an action on an existing obligation `o`. */
static int make_event(cJSON **ev, const pw_obligation *o, const pw_obligrec_action *a,
                      const char *name, const char *email)
{
	int closed = o->status == PW_OBLIGATION_MET || o->status == PW_OBLIGATION_WAIVED, rc = 0;
	*ev = NULL;
	if (closed)
		return pw_error_set(PW_EINPUT, "%s: already %s (%s); nothing recorded", o->id,
		                    pw_obligation_status_name(o->status), o->closed);
	if (a->note && (rc = check_text("--note", a->note)) < 0)
		return rc;
	switch (a->action) {
	case PW_OBLIGREC_DONE:
		if (a->milestone < 1 || (size_t)a->milestone > o->nmilestones)
			return pw_error_set(
			    PW_EINPUT,
			    "--milestone: %ld is not a milestone of %s (it has %zu, "
			    "counted from 1)",
			    a->milestone, o->id, o->nmilestones);
		if (o->milestones[a->milestone - 1].done[0])
			return pw_error_set(
			    PW_EINPUT, "--milestone: %ld of %s is done already (%s)", a->milestone,
			    o->id, o->milestones[a->milestone - 1].done);
		break;
	case PW_OBLIGREC_EVIDENCE:
		if (!!a->file == !!a->url)
			return pw_error_set(PW_EINPUT,
			                    "evidence: give one of --file PATH or --url URL");
		if (a->url && (rc = check_url(a->url)) < 0)
			return rc;
		break;
	case PW_OBLIGREC_ACCEPT:
		/* the officer's evidence, or the TSP's answer "done" naming its own */
		if (cJSON_GetArraySize(o->evidence) == 0 && !pw_obligation_answered_done(o))
			return pw_error_set(PW_EINPUT,
			                    "%s: no evidence recorded and the TSP has not answered "
			                    "'done' with its evidence; record it first ('pkiwatch "
			                    "obligation evidence %s --file PATH')",
			                    o->id, o->id);
		break;
	case PW_OBLIGREC_WAIVE:
		if ((rc = check_text("--note", a->note)) < 0)
			return rc;
		break;
	case PW_OBLIGREC_DUE:
		if ((rc = check_date("--date", a->date)) < 0 ||
		    (rc = check_text("--note", a->note)) < 0)
			return rc;
		break;
	default:
		return pw_error_set(PW_EINPUT, "unknown obligation action");
	}
	if (!(*ev = event(action_name(a->action), a, name, email)))
		return pw_error_oom();
	if ((a->action == PW_OBLIGREC_DONE &&
	     !cJSON_AddNumberToObject(*ev, "milestone", (double)a->milestone)) ||
	    ((a->action == PW_OBLIGREC_DONE || a->action == PW_OBLIGREC_ACCEPT ||
	      a->action == PW_OBLIGREC_WAIVE) &&
	     !cJSON_AddStringToObject(*ev, "date", a->today)) ||
	    (a->action == PW_OBLIGREC_DUE && !cJSON_AddStringToObject(*ev, "date", a->date)) ||
	    (a->url && a->action == PW_OBLIGREC_EVIDENCE &&
	     !cJSON_AddStringToObject(*ev, "url", a->url)) ||
	    (a->note && !cJSON_AddStringToObject(*ev, "note", a->note)))
		rc = pw_error_oom();
	if (rc == 0 && a->file && a->action == PW_OBLIGREC_EVIDENCE)
		rc = evidence_file(*ev, a->file);
	if (rc < 0) {
		cJSON_Delete(*ev);
		*ev = NULL;
	}
	return rc;
}

static int summary_of(pw_obligrec_result *res, const pw_obligation *o, const pw_obligrec_action *a,
                      const cJSON *ev)
{
	pw_buf b = PW_BUF_INIT;
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(ev, "file");
	int rc;
	switch (a->action) {
	case PW_OBLIGREC_ADD:
		rc = pw_buf_printf(&b, "added for %s, due %s", a->tsp, a->due);
		break;
	case PW_OBLIGREC_DONE:
		rc = pw_buf_printf(&b, "milestone %ld (%s) done on %s", a->milestone,
		                   o->milestones[a->milestone - 1].what, a->today);
		break;
	case PW_OBLIGREC_EVIDENCE:
		rc = f ? pw_buf_printf(&b, "evidence %s (git blob %.12s) recorded",
		                       cJSON_GetObjectItemCaseSensitive(f, "name")->valuestring,
		                       cJSON_GetObjectItemCaseSensitive(f, "sha1")->valuestring)
		       : pw_buf_printf(&b, "evidence %s recorded", a->url);
		break;
	case PW_OBLIGREC_ACCEPT:
		rc = pw_buf_printf(&b, "accepted: met on %s", a->today);
		break;
	case PW_OBLIGREC_WAIVE:
		rc = pw_buf_printf(&b, "waived on %s", a->today);
		break;
	default:
		rc = pw_buf_printf(&b, "due date moved from %s to %s", o->due, a->date);
	}
	if (rc < 0 || !(res->summary = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return rc < 0 ? rc : pw_error_oom();
	}
	return 0;
}

/* One line of untrusted text for a commit message. */
static int put_line(pw_buf *b, const char *s)
{
	int rc = 0;
	for (; s && *s && rc == 0; s++)
		rc = pw_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	return rc;
}

int pw_obligrec_record(pw_obligrec_result *res, const char *root, const pw_obligations *current,
                       const pw_tsps *tsps, const pw_changeset *set, const pw_obligrec_action *a,
                       const char *name, const char *email)
{
	const pw_obligation *o = NULL;
	cJSON *doc = NULL, *ev = NULL, *events;
	pw_buf path = PW_BUF_INIT, msg = PW_BUF_INIT;
	pw_commit_file f;
	pw_commit_opts co = PW_COMMIT_OPTS_INIT;
	char base[41];
	int rc;

	memset(res, 0, sizeof(*res));
	if (a->action == PW_OBLIGREC_ADD) {
		if ((rc = make_added(&doc, &res->id, a, tsps, set)) < 0)
			goto out;
		if (pw_obligations_find(current, res->id)) {
			rc = pw_error_set(PW_EINPUT,
			                  "%s: an obligation '%s' due %s for %s exists "
			                  "already; nothing recorded",
			                  res->id, a->what, a->due, a->tsp);
			goto out;
		}
	} else {
		if (!a->id || !(o = pw_obligations_find(current, a->id))) {
			rc = pw_error_set(PW_ENOTFOUND,
			                  "unknown obligation '%s' (see 'pkiwatch obligations "
			                  "--status all')",
			                  a->id ? a->id : "");
			goto out;
		}
		if ((rc = make_event(&ev, o, a, name, email)) < 0)
			goto out;
		if (!(res->id = strdup(o->id))) {
			rc = pw_error_oom();
			goto out;
		}
	}
	if ((rc = pw_buf_printf(&path, "ledger/obligations/%s.json", res->id)) < 0 ||
	    (rc = pw_commit_check(root)) < 0 || (rc = pw_commit_base(base, root)) < 0)
		goto out;
	if (!doc && (rc = pw_commit_read_at(&doc, root, base, path.ptr)) < 0)
		goto out;
	if (!doc && (!(doc = cJSON_CreateObject()) || !cJSON_AddStringToObject(doc, "id", o->id) ||
	             !cJSON_AddStringToObject(doc, "tsp", o->tsp))) {
		rc = pw_error_oom();
		goto out;
	}
	if (!(events = cJSON_GetObjectItemCaseSensitive(doc, "events")) &&
	    !(events = cJSON_AddArrayToObject(doc, "events"))) {
		rc = pw_error_oom();
		goto out;
	}
	if (ev) {
		cJSON_AddItemToArray(events, ev);
		ev = NULL;
	}
	if ((rc = summary_of(res, o, a,
	                     cJSON_GetArrayItem(events, cJSON_GetArraySize(events) - 1))) < 0 ||
	    (rc = pw_buf_printf(&msg, "pkiwatch obligation %s: %s\n\n", action_name(a->action),
	                        res->id)) < 0 ||
	    (rc = put_line(&msg, o ? o->what : a->what)) < 0 ||
	    (rc = pw_buf_printf(&msg, "\nTSP: %s\n", o ? o->tsp : a->tsp)) < 0 ||
	    (rc = put_line(&msg, res->summary)) < 0 ||
	    (rc = pw_buf_printf(&msg, "\n\nSigned-off-by: %s <%s>\n", name, email)) < 0)
		goto out;
	f.path = path.ptr;
	f.json = doc;
	f.message = msg.ptr;
	co.author_name = name;
	co.author_email = email;
	co.base = base;
	rc = pw_commit_files((char(*)[41])res->commit, NULL, root, &f, 1, &co);
out:
	cJSON_Delete(doc);
	cJSON_Delete(ev);
	pw_buf_clear(&path);
	pw_buf_clear(&msg);
	if (rc < 0)
		pw_obligrec_result_clear(res);
	return rc;
}
