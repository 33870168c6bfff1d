#include "classify/change.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

int pw_change_init(pw_change *c, const pw_commit_change *cc)
{
	const pw_source *src = cc->source;
	pw_buf b = PW_BUF_INIT;
	size_t i;

	memset(c, 0, sizeof(*c));
	memcpy(c->commit, cc->commit, sizeof(c->commit));
	memcpy(c->parent, cc->parent, sizeof(c->parent));
	memcpy(c->date, cc->date, sizeof(c->date));
	c->time = cc->time;
	c->status = cc->status;
	if (pw_buf_printf(&b, "%s@%.12s", src->id, cc->commit) < 0)
		goto oom;
	c->id = pw_buf_detach(&b);
	if (pw_buf_printf(&b, "https://github.com/%s/commit/%s", src->repository, cc->commit) < 0)
		goto oom;
	c->url = pw_buf_detach(&b);
	c->source = dup_or_empty(src->id);
	c->subject = dup_or_empty(cc->subject);
	c->branch = dup_or_empty(cc->branch);
	if (!c->id || !c->url || !c->source || !c->subject || !c->branch)
		goto oom;
	if (cc->ndocs > 0) {
		c->docs = calloc(cc->ndocs, sizeof(*c->docs));
		if (!c->docs)
			goto oom;
		c->ndocs = cc->ndocs;
		for (i = 0; i < cc->ndocs; i++)
			if (!(c->docs[i].path = strdup(cc->docs[i].path)))
				goto oom;
	}
	return 0;
oom:
	pw_buf_clear(&b);
	pw_change_clear(c);
	return pw_error_oom();
}

void pw_change_clear(pw_change *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ndocs; i++)
		free(c->docs[i].path);
	free(c->docs);
	free(c->id);
	free(c->source);
	free(c->subject);
	free(c->branch);
	free(c->url);
	pw_classification_clear(&c->cls);
	memset(c, 0, sizeof(*c));
}

const char *pw_change_status_name(int status)
{
	return status == PW_STATUS_PROPOSED ? "proposed" : "adopted";
}

cJSON *pw_change_to_json(const pw_change *c)
{
	cJSON *o = cJSON_CreateObject(), *docs;
	size_t i;
	int ok;

	if (!o)
		goto oom;
	ok = cJSON_AddStringToObject(o, "id", c->id) &&
	     cJSON_AddStringToObject(o, "source", c->source) &&
	     cJSON_AddStringToObject(o, "commit", c->commit) &&
	     (c->parent[0] ? cJSON_AddStringToObject(o, "parent", c->parent) != NULL
	                   : cJSON_AddNullToObject(o, "parent") != NULL) &&
	     cJSON_AddStringToObject(o, "date", c->date) &&
	     cJSON_AddStringToObject(o, "subject", c->subject) &&
	     cJSON_AddStringToObject(o, "status", pw_change_status_name(c->status));
	if (!ok || !(docs = cJSON_AddArrayToObject(o, "documents")))
		goto oom;
	for (i = 0; i < c->ndocs; i++) {
		cJSON *d = cJSON_CreateObject();
		if (!d)
			goto oom;
		cJSON_AddItemToArray(docs, d);
		if (!cJSON_AddStringToObject(d, "path", c->docs[i].path))
			goto oom;
	}
	if (!cJSON_AddStringToObject(o, "url", c->url))
		goto oom;
	if (c->classified && pw_classification_to_json(&c->cls, o) < 0)
		goto oom;
	return o;
oom:
	cJSON_Delete(o);
	pw_error_oom();
	return NULL;
}
