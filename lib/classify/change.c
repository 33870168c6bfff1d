#include "classify/change.h"

#include "classify/ballot.h"
#include "util/buf.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* The first non-empty line after the subject of `message`, trimmed (at
 * most 200 bytes), or NULL. */
static int body_summary(char **out, const char *message)
{
	const char *p = message ? strchr(message, '\n') : NULL, *e;
	*out = NULL;
	if (!p)
		return 0;
	while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
		p++;
	e = p + strcspn(p, "\r\n");
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e == p)
		return 0;
	if (e - p > 200)
		e = p + 200;
	return (*out = strndup(p, (size_t)(e - p))) ? 0 : pw_error_oom();
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
	if (cc->proposal && !(c->proposal = strdup(cc->proposal)))
		goto oom;
	if (body_summary(&c->summary, cc->message) < 0)
		goto oom;
	if (cc->continues && !(c->continues = strdup(cc->continues)))
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
	free(c->summary);
	free(c->proposal);
	free(c->continues);
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
	     (!c->proposal || cJSON_AddStringToObject(o, "proposal", c->proposal)) &&
	     (!c->continues || cJSON_AddStringToObject(o, "continues", c->continues)) &&
	     cJSON_AddStringToObject(o, "status", pw_change_status_name(c->status)) &&
	     (!c->stale || cJSON_AddTrueToObject(o, "stale"));
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

/* The subject after a leading reference to `ballot` ("SC-86: Sunset ...",
 * "Ballot SMC010 - Introduction ...", "SC086 – ..."); the subject itself
 * when it starts otherwise. */
static const char *after_ballot(const char *subject, const char *ballot)
{
	const char *p = subject, *end;
	char *found = NULL;
	int same;
	size_t n;

	while (*p == ' ')
		p++;
	if (strncasecmp(p, "ballot ", 7) == 0)
		p += 7;
	/* the reference: letters, digits, '-' and one inner space ("SC 61") */
	for (end = p; *end && (isalnum((unsigned char)*end) || *end == '-' ||
	                       (*end == ' ' && isdigit((unsigned char)end[1])));
	     end++)
		;
	n = (size_t)(end - p);
	if (n == 0 || n > 16 || pw_ballot_find(&found, p, n, pw_ballot_prefixes) != 1)
		return subject;
	same = strcmp(found, ballot) == 0;
	free(found);
	if (!same)
		return subject;
	while (*end == ' ')
		end++;
	if (*end == '(' && strchr(end, ')') && strchr(end, ')') - end <= 8) /* "(V1)" */
		for (end = strchr(end, ')') + 1; *end == ' ';)
			end++;
	if (*end == ':' || *end == '-')
		end++;
	else if (strncmp(end, "\u2013", 3) == 0 || strncmp(end, "\u2014", 3) == 0) /* – — */
		end += 3;
	else if (*end)
		return subject; /* "SC-86 and SC-87 ...": not a bare prefix */
	while (*end == ' ')
		end++;
	return *end ? end : subject;
}

/* A merge says nothing of the change: its documents and versions do, and
 * for an edit of a released version (kind editorial, tooling, revert: not
 * the release nor the ballot that makes it) what the merge's body says and
 * its pull request ("(#3)"), else its branch. 0 and nothing written (*done =
 * 0) otherwise. */
static int merge_title(pw_buf *b, const pw_change *c, int *done)
{
	const char *branch = NULL, *pr;
	size_t len = 0, i, prn = 0;
	int rc = 0, any = 0;
	*done = 0;
	if (!c->cls.versions || (!(branch = pw_ballot_merge_branch(&len, c->subject)) &&
	                         strncmp(c->subject, "Merge ", 6) != 0))
		return 0;
	for (i = 0; i < c->ndocs && i < c->cls.nversions; i++)
		any |= c->cls.versions[i] != NULL;
	if (!any)
		return 0;
	for (i = 0; rc == 0 && i < c->ndocs && i < c->cls.nversions; i++) {
		if (!c->cls.versions[i])
			continue;
		rc = pw_buf_printf(b, "%s%s version %s", *done ? ", " : "", c->docs[i].path,
		                   c->cls.versions[i]);
		*done = 1;
	}
	if (rc < 0 || !c->cls.kind || strcmp(c->cls.kind, "policy-version") == 0 ||
	    strcmp(c->cls.kind, "ballot") == 0)
		return rc; /* the release, or the ballot that makes it */
	if ((pr = strstr(c->subject, "pull request #")) != NULL)
		prn = strspn(pr + 14, "0123456789");
	if (c->summary)
		rc = pw_buf_printf(b, ": %s", c->summary);
	else if (branch)
		rc = pw_buf_printf(b, ": %.*s", (int)len, branch);
	else
		rc = pw_buf_printf(b, ": %s", c->subject);
	if (rc == 0 && prn)
		rc = pw_buf_printf(b, " (#%.*s)", (int)prn, pr + 14);
	return rc;
}

/* A draft says what its branch proposes: after its ballot, or after the
 * branch's name ("SC-XX-CAA-Parameters: Update 3.2.2.8"). */
static int draft_title(pw_buf *b, const pw_change *c)
{
	const char *p = c->proposal;
	if (c->cls.ballot)
		return pw_buf_puts(b, after_ballot(p, c->cls.ballot));
	return pw_buf_printf(b, "%s: %s", c->branch ? c->branch : "", p);
}

int pw_change_title(pw_buf *b, const pw_change *c)
{
	int done = 0, rc;
	if (c->status == PW_STATUS_PROPOSED && c->proposal && *c->proposal)
		return draft_title(b, c);
	if (!c->subject || !*c->subject)
		return 0;
	if ((rc = merge_title(b, c, &done)) < 0 || done)
		return rc;
	return pw_buf_puts(b, c->cls.ballot ? after_ballot(c->subject, c->cls.ballot) : c->subject);
}
