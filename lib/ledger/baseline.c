#include "ledger/baseline.h"

#include "ledger/commit.h"
#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_MAX (16 << 20)

void pw_baseline_clear(pw_baseline *b)
{
	if (!b)
		return;
	free(b->time);
	free(b->officer_name);
	free(b->officer_email);
	free(b->file);
	pw_strlist_clear(&b->changes);
	memset(b, 0, sizeof(*b));
}

static int parse(pw_baseline *b, const char *path, const char *stem, const cJSON *json)
{
	static const char *const keys[] = {"baseline", "changes",  "officer",
	                                   "time",     "replaces", NULL};
	const char *date, *time, *name, *email, *replaces;
	const cJSON *officer;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = pw_json_check_object(json, path, "$", keys)) < 0 ||
	    (rc = pw_json_get_string(json, "baseline", 1, path, "$", &date)) < 0 ||
	    (rc = pw_json_get_string(json, "time", 1, path, "$", &time)) < 0 ||
	    (rc = pw_json_get_string(json, "replaces", 0, path, "$", &replaces)) < 0)
		return rc;
	if (replaces && !pw_day_valid(replaces))
		return pw_error_set(PW_EINPUT, "%s: $.replaces: not a date", path);
	officer = cJSON_GetObjectItemCaseSensitive(json, "officer");
	if (!cJSON_IsObject(officer))
		return pw_error_set(PW_EINPUT, "%s: $.officer: expected an object", path);
	if ((rc = pw_json_get_string(officer, "name", 1, path, "$.officer", &name)) < 0 ||
	    (rc = pw_json_get_string(officer, "email", 1, path, "$.officer", &email)) < 0)
		return rc;
	if (!pw_day_valid(date) || strcmp(date, stem) != 0)
		return pw_error_set(PW_EINPUT, "%s: $.baseline: '%.20s' is not the file's date",
		                    path, date);
	memcpy(b->date, date, 11);
	if (replaces)
		memcpy(b->replaces, replaces, 11);
	if (!(b->time = strdup(time)) || !(b->officer_name = strdup(name)) ||
	    !(b->officer_email = strdup(email)) || !(b->file = malloc(40))) {
		pw_baseline_clear(b);
		return pw_error_oom();
	}
	snprintf(b->file, 40, "ledger/baselines/%s.json", b->date);
	if ((rc = pw_strlist_from_json(&b->changes, json, "changes", 0, path, "$")) < 0)
		pw_baseline_clear(b);
	return rc;
}

typedef struct {
	pw_baseline best;
	int found;
	pw_strlist replaced; /* dates some file replaces */
	int choose;          /* second pass: choose among those not replaced */
} scan;

static int each(const char *path, const char *stem, void *payload)
{
	scan *s = payload;
	pw_baseline b;
	cJSON *json = NULL;
	int rc = pw_json_parse_file(&json, path, BASELINE_MAX);
	if (rc == 0)
		rc = parse(&b, path, stem, json);
	cJSON_Delete(json);
	if (rc < 0)
		return rc;
	if (!s->choose) {
		rc = b.replaces[0] ? pw_strlist_add(&s->replaced, b.replaces) : 0;
		pw_baseline_clear(&b);
		return rc;
	}
	if (pw_strlist_has(&s->replaced, b.date)) {
		pw_baseline_clear(&b);
		return 0;
	}
	if (!s->found || strcmp(b.time, s->best.time) > 0 ||
	    (strcmp(b.time, s->best.time) == 0 && strcmp(b.date, s->best.date) > 0)) {
		pw_baseline_clear(&s->best);
		s->best = b;
		s->found = 1;
	} else {
		pw_baseline_clear(&b);
	}
	return 0;
}

int pw_baseline_current(pw_baseline *out, int *found, const char *root)
{
	char *dir = pw_path_join(root, "ledger/baselines");
	scan s;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	*found = 0;
	if (!dir)
		return pw_error_oom();
	rc = pw_dir_each_json(dir, each, &s);
	s.choose = 1;
	if (rc == 0)
		rc = pw_dir_each_json(dir, each, &s);
	free(dir);
	pw_strlist_clear(&s.replaced);
	if (rc < 0) {
		pw_baseline_clear(&s.best);
		return rc;
	}
	*out = s.best;
	*found = s.found;
	return 0;
}

int pw_baseline_record(char commit[41], const char *root, const char *date,
                       const pw_strlist *changes, const char *replaces, const char *name,
                       const char *email, const char *at)
{
	pw_commit_opts co = PW_COMMIT_OPTS_INIT;
	pw_commit_file f;
	pw_buf path = PW_BUF_INIT, msg = PW_BUF_INIT;
	cJSON *doc = NULL, *old = NULL, *officer, *list;
	char base[41], now[21];
	size_t i;
	int rc;

	commit[0] = '\0';
	if (at)
		snprintf(now, sizeof(now), "%s", at);
	else
		pw_day_now_iso(now, NULL);
	if (!pw_day_valid(date))
		return pw_error_set(PW_EINPUT, "baseline: '%.20s' is not a date (YYYY-MM-DD)",
		                    date);
	if ((rc = pw_buf_printf(&path, "ledger/baselines/%s.json", date)) < 0 ||
	    (rc = pw_commit_check(root)) < 0 || (rc = pw_commit_base(base, root)) < 0 ||
	    (rc = pw_commit_read_at(&old, root, base, path.ptr)) < 0)
		goto out;
	if (old) {
		rc = pw_error_set(PW_EINPUT, "%s: the baseline %s is recorded already", path.ptr,
		                  date);
		goto out;
	}
	if (!(doc = cJSON_CreateObject()) || !cJSON_AddStringToObject(doc, "baseline", date) ||
	    !(officer = cJSON_AddObjectToObject(doc, "officer")) ||
	    !cJSON_AddStringToObject(officer, "name", name) ||
	    !cJSON_AddStringToObject(officer, "email", email) ||
	    !cJSON_AddStringToObject(doc, "time", now) ||
	    (replaces && !cJSON_AddStringToObject(doc, "replaces", replaces)) ||
	    !(list = cJSON_AddArrayToObject(doc, "changes"))) {
		rc = pw_error_oom();
		goto out;
	}
	for (i = 0; i < changes->count; i++)
		if (!cJSON_AddItemToArray(list, cJSON_CreateString(changes->items[i]))) {
			rc = pw_error_oom();
			goto out;
		}
	if ((rc = pw_buf_printf(&msg,
	                        "pkiwatch baseline: %s\n\nThe %zu upstream change%s before %s "
	                        "are the accepted status quo.\n\nSigned-off-by: %s <%s>\n",
	                        date, changes->count, changes->count == 1 ? "" : "s", date, name,
	                        email)) < 0)
		goto out;
	f.path = path.ptr;
	f.json = doc;
	f.message = msg.ptr;
	co.author_name = name;
	co.author_email = email;
	co.base = base;
	rc = pw_commit_files((char(*)[41])commit, NULL, root, &f, 1, &co);
out:
	cJSON_Delete(doc);
	cJSON_Delete(old);
	pw_buf_clear(&path);
	pw_buf_clear(&msg);
	return rc;
}
