/* Self-assessments in the ledger (assessment.h). */
#include "tsp/assessment.h"

#include "ledger/commit.h"
#include "ledger/ledger.h"
#include "tsp/worksheet_read.h"
#include "tsp/worksheet_text.h"
#include "tsp/worksheet_xlsx.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR_REL "ledger/self-assessments"

static int version_valid(const char *v)
{
	size_t n = strlen(v);
	if (!n || n > 40 || v[0] == '.')
		return 0;
	for (; *v; v++)
		if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		      (*v >= '0' && *v <= '9') || *v == '.' || *v == '-' || *v == '_'))
			return 0;
	return 1;
}

static char *flat(const char *path)
{
	char *f = strdup(path), *p;
	for (p = f; p && *p; p++)
		if (*p == '/')
			*p = '_';
	return f;
}

/* ledger/self-assessments/<tsp>/<source>/<path>@<version>.json (caller frees). */
static int assessment_path(char **out, const char *tsp, const char *source, const char *path,
                           const char *version)
{
	pw_buf b = PW_BUF_INIT;
	char *f = flat(path);
	int rc;
	*out = NULL;
	if (!f)
		return pw_error_oom();
	rc = pw_buf_printf(&b, DIR_REL "/%s/%s/%s@%s.json", tsp, source, f, version);
	free(f);
	if (rc || !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	return 0;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

typedef struct {
	const char *prefix; /* "<flat path>@" */
	const char *skip;   /* a version left out, or NULL */
	int accepted;       /* 1: newest accepted; 0: newest imported not accepted */
	cJSON *best;
	const char *best_time;
	int rc;
} scan;

static int on_file(const char *path, const char *stem, void *payload)
{
	scan *s = payload;
	const cJSON *acc;
	const char *t, *v;
	cJSON *j = NULL;
	int rc;
	if (strncmp(stem, s->prefix, strlen(s->prefix)))
		return 0;
	if ((rc = pw_json_parse_file(&j, path, 64u << 20)) < 0) {
		s->rc = rc;
		return 1;
	}
	acc = cJSON_GetObjectItemCaseSensitive(j, "accepted");
	v = str(j, "version");
	t = s->accepted ? str(acc, "time")
	                : (cJSON_IsObject(acc)
	                       ? NULL
	                       : str(cJSON_GetObjectItemCaseSensitive(j, "imported"), "time"));
	if (t && v && (!s->skip || strcmp(v, s->skip)) &&
	    (!s->best_time || strcmp(t, s->best_time) > 0)) {
		cJSON_Delete(s->best);
		s->best = j;
		s->best_time = t;
		return 0;
	}
	cJSON_Delete(j);
	return 0;
}

static int find_record(cJSON **out, const char *root, const char *tsp, const char *source,
                       const char *path, const char *skip, int accepted)
{
	pw_buf dir = PW_BUF_INIT, prefix = PW_BUF_INIT;
	char *f = flat(path);
	scan s;
	int rc;
	*out = NULL;
	memset(&s, 0, sizeof(s));
	if (!f || pw_buf_printf(&dir, "%s/" DIR_REL "/%s/%s", root, tsp, source) < 0 ||
	    pw_buf_printf(&prefix, "%s@", f) < 0) {
		free(f);
		pw_buf_clear(&dir);
		pw_buf_clear(&prefix);
		return pw_error_oom();
	}
	s.prefix = prefix.ptr;
	s.skip = skip;
	s.accepted = accepted;
	rc = pw_dir_each_json(dir.ptr, on_file, &s);
	if (rc > 0)
		rc = s.rc;
	if (rc < 0)
		cJSON_Delete(s.best);
	else
		*out = s.best;
	free(f);
	pw_buf_clear(&dir);
	pw_buf_clear(&prefix);
	return rc < 0 ? rc : 0;
}

/* The last accepted self-assessment of `tsp` for the document (the newest
 * acceptance), or *out NULL when there is none. */
static int last_accepted(cJSON **out, const char *root, const char *tsp, const char *source,
                         const char *path)
{
	return find_record(out, root, tsp, source, path, NULL, 1);
}

static char *file_stem(const pw_worksheet *ws)
{
	pw_buf b = PW_BUF_INIT;
	const char *s;
	int rc = pw_buf_printf(&b, "%s-%s-", ws->tsp_id, ws->source_id);
	for (s = ws->path; !rc && *s; s++) {
		if (!strcmp(s, ".md"))
			break;
		rc = pw_buf_putc(&b, *s == '/' ? '-' : *s);
	}
	if (!rc)
		rc = pw_buf_printf(&b, "-%s", ws->version);
	if (rc) {
		pw_buf_clear(&b);
		return NULL;
	}
	return pw_buf_detach(&b);
}

static int write_one(char ***paths, size_t *n, const char *dir, const char *stem, const char *ext,
                     const pw_worksheet *ws)
{
	pw_buf p = PW_BUF_INIT, text = PW_BUF_INIT;
	char **l;
	int rc;
	if (pw_buf_printf(&p, "%s/%s.%s", dir, stem, ext) < 0)
		return PW_ENOMEM;
	if (!strcmp(ext, "xlsx"))
		rc = pw_worksheet_xlsx_write(p.ptr, ws);
	else if ((rc = !strcmp(ext, "csv") ? pw_worksheet_csv(&text, ws)
	                                   : pw_worksheet_html(&text, ws)) == 0)
		rc = pw_file_write_atomic(p.ptr, text.ptr, text.len);
	pw_buf_clear(&text);
	if (rc == 0 && (l = realloc(*paths, (*n + 2) * sizeof(*l)))) {
		*paths = l;
		l[(*n)++] = pw_buf_detach(&p);
		l[*n] = NULL;
		return 0;
	}
	pw_buf_clear(&p);
	return rc ? rc : pw_error_oom();
}

int pw_assessment_write(char ***paths, pw_worksheet *ws, const pw_sources *sources,
                        const char *root, const pw_tsp *tsp, const char *document,
                        const pw_assessment_opts *opts)
{
	pw_worksheet_opts wo = PW_WORKSHEET_OPTS_INIT;
	const pw_source *src;
	const char *path;
	cJSON *base = NULL;
	pw_buf dir = PW_BUF_INIT;
	char *stem = NULL;
	size_t n = 0;
	int rc, formats = opts->formats ? opts->formats : PW_ASSESSMENT_XLSX;

	*paths = NULL;
	memset(ws, 0, sizeof(*ws));
	if ((rc = pw_worksheet_document(&src, &path, sources, document)) < 0 ||
	    (rc = last_accepted(&base, root, tsp->id, src->id, path)) < 0)
		return rc;
	wo.cache_dir = opts->cache_dir;
	wo.version = opts->version;
	wo.today = opts->today;
	wo.base = base;
	if ((rc = pw_worksheet_build(ws, sources, tsp, document, &wo)) < 0)
		goto out;
	if (opts->out_dir)
		rc = pw_buf_puts(&dir, opts->out_dir);
	else
		rc = pw_buf_printf(&dir, "%s/self-assessments/%s", root, tsp->id);
	if (rc || !(stem = file_stem(ws))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = pw_dir_create(dir.ptr)) < 0)
		goto out;
	if ((formats & PW_ASSESSMENT_XLSX) &&
	    (rc = write_one(paths, &n, dir.ptr, stem, "xlsx", ws)) < 0)
		goto out;
	if ((formats & PW_ASSESSMENT_CSV) &&
	    (rc = write_one(paths, &n, dir.ptr, stem, "csv", ws)) < 0)
		goto out;
	if ((formats & PW_ASSESSMENT_HTML) &&
	    (rc = write_one(paths, &n, dir.ptr, stem, "html", ws)) < 0)
		goto out;
out:
	cJSON_Delete(base);
	free(stem);
	pw_buf_clear(&dir);
	if (rc < 0) {
		size_t i;
		for (i = 0; *paths && (*paths)[i]; i++)
			free((*paths)[i]);
		free(*paths);
		*paths = NULL;
		pw_worksheet_clear(ws);
	}
	return rc;
}

static int answered(const pw_worksheet_answer *a)
{
	return a && (a->answer[PW_WS_DOCUMENTS] || a->answer[PW_WS_HOW]);
}

static const pw_worksheet_answer *answer_of(const pw_worksheet_answers *a, const char *section)
{
	size_t i;
	for (i = 0; i < a->nrows; i++)
		if (!strcmp(a->rows[i].section, section))
			return &a->rows[i];
	return NULL;
}

/* the file's rows against the worksheet built now */
static int check_rows(const pw_worksheet_answers *a, const pw_worksheet *ws, const char *file,
                      pw_assessment_result *res)
{
	size_t i;
	for (i = 0; i < a->nrows; i++)
		if (!pw_worksheet_find(ws, a->rows[i].section))
			return pw_error_set(PW_EINPUT,
			                    "%s: row %zu: section %.40s is not a section of %s "
			                    "version %s",
			                    file, a->rows[i].line, a->rows[i].section, ws->document,
			                    ws->version);
	for (i = 0; i < ws->nrows; i++) {
		const pw_worksheet_row *r = &ws->rows[i];
		const pw_worksheet_answer *x = answer_of(a, r->id);
		int required = r->changed || (!ws->base_version && !ws->base_accepted);
		if (answered(x))
			res->nanswered++;
		if (!required || answered(x))
			continue;
		if (!x)
			return pw_error_set(PW_EINPUT, "%s: section %s (%s) is missing", file,
			                    r->id, r->changed ? "changed" : "first assessment");
		return pw_error_set(
		    PW_EINPUT, "%s: row %zu: section %s (%s) has no answer (columns E and F empty)",
		    file, x->line, r->id, r->changed ? "changed" : "first assessment");
	}
	res->nrows = ws->nrows;
	res->nchanged = ws->nchanged;
	return 0;
}

static cJSON *answers_json(const pw_worksheet_answers *a, const pw_worksheet *ws)
{
	static const char *const keys[PW_WS_NCOLS] = {
	    [PW_WS_DOCUMENTS] = "documents", [PW_WS_HOW] = "how", [PW_WS_COMMENT] = "comment"};
	cJSON *arr = cJSON_CreateArray();
	size_t i;
	int col;
	/* in the worksheet's order: the same answers make the same record */
	for (i = 0; arr && i < ws->nrows; i++) {
		const pw_worksheet_answer *x = answer_of(a, ws->rows[i].id);
		cJSON *o;
		if (!x || (!x->answer[PW_WS_DOCUMENTS] && !x->answer[PW_WS_HOW] &&
		           !x->answer[PW_WS_COMMENT]))
			continue;
		if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(arr, o) ||
		    !cJSON_AddStringToObject(o, "section", x->section)) {
			cJSON_Delete(arr);
			return NULL;
		}
		for (col = PW_WS_FIRST_ANSWER; col < PW_WS_NCOLS; col++)
			if (!cJSON_AddStringToObject(o, keys[col],
			                             x->answer[col] ? x->answer[col] : "")) {
				cJSON_Delete(arr);
				return NULL;
			}
	}
	return arr;
}

static int commit_record(pw_assessment_result *res, const char *root, const char *base,
                         const cJSON *rec, const char *what, const char *name, const char *email)
{
	pw_commit_file f;
	pw_commit_opts co = PW_COMMIT_OPTS_INIT;
	pw_buf msg = PW_BUF_INIT;
	int rc;
	if (pw_buf_printf(&msg, "self-assessment: %s %s %s %s\n\nSigned-off-by: %s <%s>\n",
	                  res->tsp, res->document, res->version, what, name, email) < 0)
		return PW_ENOMEM;
	f.path = res->rel_path;
	f.json = rec;
	f.message = msg.ptr;
	co.author_name = name;
	co.author_email = email;
	co.base = base;
	rc = pw_commit_files(&res->commit, NULL, root, &f, 1, &co);
	pw_buf_clear(&msg);
	return rc;
}

/* {"time", "date", "name", "email"}: the date is `today` (PKIWATCH_TODAY
 * when set, as obligation events have it), else the time's. */
static int set_officer(cJSON *o, const char *now, const char *today, const char *name,
                       const char *email)
{
	char day[11];
	snprintf(day, sizeof(day), "%.10s", today ? today : now);
	if (!cJSON_AddStringToObject(o, "time", now) || !cJSON_AddStringToObject(o, "date", day) ||
	    !cJSON_AddStringToObject(o, "name", name) ||
	    !cJSON_AddStringToObject(o, "email", email))
		return pw_error_oom();
	return 0;
}

static int expect(const char *file, const char *cell, const char *what, const char *got,
                  const char *want)
{
	if (!want || !strcmp(got, want))
		return 0;
	return pw_error_set(PW_EINPUT, "%s: %s: a worksheet for %s %.80s, not %s", file, cell, what,
	                    got, want);
}

/* The worksheet's TSP, document and version: the ones expected, and well-formed. */
static int check_header(const pw_worksheet_answers *a, const char *file,
                        const pw_assessment_import_opts *opts)
{
	int rc;
	if ((rc = expect(file, "B2", "TSP", a->tsp, opts->tsp)) < 0 ||
	    (rc = expect(file, "B4", "document", a->document, opts->document)) < 0 ||
	    (rc = expect(file, "B5", "version", a->version, opts->version)) < 0)
		return rc;
	if (!pw_tsp_id_valid(a->tsp))
		return pw_error_set(PW_EINPUT, "%s: B2: not a TSP id", file);
	if (!version_valid(a->version))
		return pw_error_set(PW_EINPUT, "%s: B5: not a version", file);
	return 0;
}

/* Against the record already there (`old`): 1 when it holds the same answers
 * (nothing to do), PW_EINPUT when it was accepted with other answers, else 0. */
static int against_recorded(const cJSON *old, const cJSON *answers, const pw_worksheet_answers *a,
                            const char *file)
{
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(old, "accepted");
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(old, "cp_cps");
	int same_cp = a->cp_cps ? cJSON_IsString(cp) && !strcmp(cp->valuestring, a->cp_cps)
	                        : !cJSON_IsString(cp);
	if (same_cp && cJSON_Compare(cJSON_GetObjectItemCaseSensitive(old, "answers"), answers, 1))
		return 1;
	if (cJSON_IsObject(acc))
		return pw_error_set(PW_EINPUT,
		                    "%s: the self-assessment of %s %s by %s was accepted on %.10s "
		                    "with other answers; nothing recorded",
		                    file, a->document, a->version, a->tsp,
		                    str(acc, "time") ? str(acc, "time") : "?");
	return 0;
}

/* The record of an import: *answers moves into it (NULL afterwards). */
static int import_record(cJSON **out, const pw_worksheet_answers *a, const pw_worksheet *ws,
                         cJSON **answers, const char *file, const pw_assessment_import_opts *opts)
{
	const char *slash = strrchr(file, '/');
	cJSON *rec, *o = NULL;
	int rc = 0, ok;

	*out = NULL;
	ok = (rec = cJSON_CreateObject()) && cJSON_AddStringToObject(rec, "tsp", a->tsp) &&
	     cJSON_AddStringToObject(rec, "document", a->document) &&
	     cJSON_AddStringToObject(rec, "version", a->version) &&
	     cJSON_AddStringToObject(rec, "commit", ws->commit) &&
	     (ws->base_version ? cJSON_AddStringToObject(rec, "base_version", ws->base_version)
	                       : cJSON_AddNullToObject(rec, "base_version")) &&
	     (a->cp_cps ? cJSON_AddStringToObject(rec, "cp_cps", a->cp_cps)
	                : cJSON_AddNullToObject(rec, "cp_cps")) &&
	     cJSON_AddItemToObject(rec, "answers", *answers);
	if (ok)
		*answers = NULL;
	ok = ok && (o = cJSON_AddObjectToObject(rec, "imported")) &&
	     cJSON_AddNullToObject(rec, "accepted");
	if (ok && (rc = set_officer(o, opts->now, opts->today, opts->author_name,
	                            opts->author_email)) == 0)
		ok = cJSON_AddStringToObject(o, "file", slash ? slash + 1 : file) != NULL;
	if (!ok || rc < 0) {
		cJSON_Delete(rec);
		return rc < 0 ? rc : pw_error_oom();
	}
	*out = rec;
	return 0;
}

int pw_assessment_import(pw_assessment_result *res, const pw_sources *sources, const char *root,
                         const char *file, const pw_assessment_import_opts *opts)
{
	pw_worksheet_answers a;
	pw_worksheet_opts wo = PW_WORKSHEET_OPTS_INIT;
	pw_worksheet ws;
	pw_tsp tsp;
	const pw_source *src;
	const char *path;
	cJSON *base = NULL, *rec = NULL, *old = NULL, *answers = NULL;
	char head[41];
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&ws, 0, sizeof(ws));
	memset(&tsp, 0, sizeof(tsp));
	if ((rc = pw_worksheet_read(&a, file)) < 0)
		return rc;
	if ((rc = check_header(&a, file, opts)) < 0)
		goto out;
	if ((rc = pw_tsp_load(&tsp, root, a.tsp)) < 0 ||
	    (rc = pw_worksheet_document(&src, &path, sources, a.document)) < 0) {
		pw_error_prefix(rc, "%s: %s", file, tsp.id ? "B4" : "B2");
		goto out;
	}
	/* the worksheet as it was asked: on the last accepted one of another version */
	if ((rc = find_record(&base, root, a.tsp, src->id, path, a.version, 1)) < 0)
		goto out;
	wo.cache_dir = opts->cache_dir;
	wo.version = a.version;
	wo.base = base;
	if ((rc = pw_worksheet_build(&ws, sources, &tsp, a.document, &wo)) < 0) {
		pw_error_prefix(rc, "%s: B5", file);
		goto out;
	}
	if (!(res->tsp = strdup(a.tsp)) || !(res->document = strdup(a.document)) ||
	    !(res->version = strdup(a.version))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = check_rows(&a, &ws, file, res)) < 0 ||
	    (rc = assessment_path(&res->rel_path, a.tsp, src->id, path, a.version)) < 0)
		goto out;
	if (!(answers = answers_json(&a, &ws))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = pw_commit_check(root)) < 0 || (rc = pw_commit_base(head, root)) < 0 ||
	    (rc = pw_commit_read_at(&old, root, head, res->rel_path)) < 0)
		goto out;
	if (old && (rc = against_recorded(old, answers, &a, file)) != 0) {
		res->unchanged = rc > 0;
		rc = rc > 0 ? 0 : rc;
		goto out;
	}
	if ((rc = import_record(&rec, &a, &ws, &answers, file, opts)) < 0)
		goto out;
	rc = commit_record(res, root, head, rec, old ? "re-imported" : "imported",
	                   opts->author_name, opts->author_email);
out:
	cJSON_Delete(base);
	cJSON_Delete(rec);
	cJSON_Delete(old);
	cJSON_Delete(answers);
	pw_worksheet_clear(&ws);
	pw_worksheet_answers_clear(&a);
	pw_tsp_clear(&tsp);
	if (rc < 0)
		pw_assessment_result_clear(res);
	return rc;
}

int pw_assessment_accept(pw_assessment_result *res, const pw_sources *sources, const char *root,
                         const char *tsp, const char *document,
                         const pw_assessment_accept_opts *opts)
{
	const pw_source *src;
	const char *path;
	cJSON *rec = NULL, *found = NULL, *o;
	const char *version = opts->version;
	char head[41];
	int rc;

	memset(res, 0, sizeof(*res));
	if (!pw_tsp_id_valid(tsp))
		return pw_error_set(PW_EINPUT, "%s: not a TSP id", tsp);
	if (version && !version_valid(version))
		return pw_error_set(PW_EINPUT, "%s: not a version", version);
	if ((rc = pw_worksheet_document(&src, &path, sources, document)) < 0)
		return rc;
	if (!version) {
		if ((rc = find_record(&found, root, tsp, src->id, path, NULL, 0)) < 0)
			return rc;
		if (!found)
			return pw_error_set(
			    PW_ENOTFOUND,
			    "%s: no imported self-assessment of %s waiting for acceptance", tsp,
			    document);
		version = str(found, "version");
	}
	if (!(res->tsp = strdup(tsp)) || !(res->document = strdup(document)) ||
	    !(res->version = strdup(version))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = assessment_path(&res->rel_path, tsp, src->id, path, version)) < 0 ||
	    (rc = pw_commit_check(root)) < 0 || (rc = pw_commit_base(head, root)) < 0 ||
	    (rc = pw_commit_read_at(&rec, root, head, res->rel_path)) < 0)
		goto out;
	if (!rec) {
		rc = pw_error_set(PW_ENOTFOUND,
		                  "%s: no imported self-assessment of %s version %s (%s)", tsp,
		                  document, version, res->rel_path);
		goto out;
	}
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "accepted"))) {
		res->unchanged = 1;
		goto out;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "accepted");
	if (!(o = cJSON_AddObjectToObject(rec, "accepted"))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = set_officer(o, opts->now, opts->today, opts->author_name, opts->author_email)) <
	    0)
		goto out;
	rc = commit_record(res, root, head, rec, "accepted", opts->author_name, opts->author_email);
out:
	cJSON_Delete(rec);
	cJSON_Delete(found);
	if (rc < 0)
		pw_assessment_result_clear(res);
	return rc;
}

void pw_assessment_result_clear(pw_assessment_result *r)
{
	free(r->tsp);
	free(r->document);
	free(r->version);
	free(r->rel_path);
	memset(r, 0, sizeof(*r));
}

/* ---- the records, listed ---- */

typedef struct {
	pw_assessments *out;
	const char *prefix; /* "<flat path>@" */
	const char *tsp, *document;
	int rc;
} list_scan;

/* The time and day of an "imported" or "accepted" object: its date, else
 * the time's; 0 when it has no time. */
static int when(char time[21], char day[11], const cJSON *o)
{
	const char *t = str(o, "time"), *d = str(o, "date");
	if (!t || strlen(t) != 20)
		return 0;
	memcpy(time, t, 21);
	snprintf(day, 11, "%.10s", d && pw_day_valid(d) ? d : t);
	return 1;
}

static int on_record(const char *path, const char *stem, void *payload)
{
	list_scan *s = payload;
	pw_assessment_record *r;
	const char *v, *rel;
	cJSON *j = NULL;
	if (strncmp(stem, s->prefix, strlen(s->prefix)))
		return 0;
	if ((s->rc = pw_json_parse_file(&j, path, 64u << 20)) < 0)
		return 1;
	v = str(j, "version");
	if (!(r = realloc(s->out->items, (s->out->count + 1) * sizeof(*r)))) {
		cJSON_Delete(j);
		s->rc = pw_error_oom();
		return 1;
	}
	s->out->items = r;
	r = &s->out->items[s->out->count];
	memset(r, 0, sizeof(*r));
	if (!v ||
	    !when(r->imported_time, r->imported, cJSON_GetObjectItemCaseSensitive(j, "imported"))) {
		cJSON_Delete(j);
		s->rc = pw_error_set(PW_EINPUT,
		                     "%s: not a self-assessment record (no version or import "
		                     "time)",
		                     path);
		return 1;
	}
	when(r->accepted_time, r->accepted, cJSON_GetObjectItemCaseSensitive(j, "accepted"));
	rel = strstr(path, DIR_REL "/");
	s->out->count++;
	if (!(r->tsp = strdup(s->tsp)) || !(r->document = strdup(s->document)) ||
	    !(r->version = strdup(v)) || !(r->rel_path = strdup(rel ? rel : path)))
		s->rc = pw_error_oom();
	cJSON_Delete(j);
	return s->rc < 0;
}

static int by_import(const void *a, const void *b)
{
	const pw_assessment_record *x = a, *y = b;
	int c = strcmp(x->imported, y->imported);
	if (c == 0)
		c = strcmp(x->imported_time, y->imported_time);
	return c ? c : strcmp(x->version, y->version);
}

int pw_assessments_load(pw_assessments *out, const char *root, const char *tsp,
                        const char *document)
{
	pw_buf dir = PW_BUF_INIT, prefix = PW_BUF_INIT;
	const char *colon = strchr(document, ':');
	list_scan s;
	size_t first = out->count;
	char *f;
	int rc;
	if (!colon)
		return pw_error_set(PW_EINPUT, "%s: not source:path", document);
	if (!(f = flat(colon + 1)) ||
	    pw_buf_printf(&dir, "%s/" DIR_REL "/%s/%.*s", root, tsp, (int)(colon - document),
	                  document) < 0 ||
	    pw_buf_printf(&prefix, "%s@", f) < 0) {
		free(f);
		pw_buf_clear(&dir);
		pw_buf_clear(&prefix);
		return pw_error_oom();
	}
	memset(&s, 0, sizeof(s));
	s.out = out;
	s.prefix = prefix.ptr;
	s.tsp = tsp;
	s.document = document;
	rc = pw_dir_each_json(dir.ptr, on_record, &s);
	if (rc > 0)
		rc = s.rc;
	free(f);
	pw_buf_clear(&dir);
	pw_buf_clear(&prefix);
	if (rc < 0)
		return rc;
	if (out->count - first > 1)
		qsort(out->items + first, out->count - first, sizeof(*out->items), by_import);
	return 0;
}

void pw_assessments_clear(pw_assessments *l)
{
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->count; i++) {
		free(l->items[i].tsp);
		free(l->items[i].document);
		free(l->items[i].version);
		free(l->items[i].rel_path);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}
