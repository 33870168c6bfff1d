/* Dry run of the GitHub client: every request becomes a JSON file in the
 * outbox and gets a made-up answer. Nothing touches the network. */
#include "github/github_int.h"

#include "util/error.h"
#include "util/fileio.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_github_dry_init(pw_github *gh)
{
	DIR *d;
	struct dirent *e;
	int rc = pw_dir_create(gh->outbox);

	if (rc < 0)
		return rc;
	d = opendir(gh->outbox);
	if (!d)
		return pw_error_set(PW_ERROR, "%s: cannot open the outbox", gh->outbox);
	while ((e = readdir(d)) != NULL) {
		unsigned n = 0;
		int used = 0;
		if (sscanf(e->d_name, "%4u-%n", &n, &used) == 1 && used == 5 && n > gh->dry_seq)
			gh->dry_seq = n;
	}
	closedir(d);
	return 0;
}

/* "issues-3-comments" from "/repos/o/r/issues/3/comments?x=1". */
static void file_part(char *dst, size_t n, const char *fullpath, const char *repo)
{
	const char *p = fullpath;
	size_t len = strlen(repo), i = 0;

	if (strncmp(p, "/repos/", 7) == 0 && strncmp(p + 7, repo, len) == 0 && p[7 + len] == '/')
		p += 7 + len + 1;
	while (*p == '/')
		p++;
	for (; *p && *p != '?' && i + 1 < n; p++)
		dst[i++] = (isalnum((unsigned char)*p) || *p == '.' || *p == '_') ? *p : '-';
	if (i == 0 && n > 1)
		dst[i++] = '-';
	dst[i] = '\0';
}

/* The issue number in ".../issues/N" or ".../issues/N/<tail>", else 0. */
static long issue_number(const char *fullpath, const char **tail)
{
	const char *p = strstr(fullpath, "/issues/");
	char *end;
	long n;

	*tail = "";
	if (!p)
		return 0;
	n = strtol(p + 8, &end, 10);
	if (end == p + 8 || n <= 0)
		return 0;
	*tail = end;
	return n;
}

static cJSON *fake_answer(pw_github *gh, const char *method, const char *fullpath,
                          const cJSON *body)
{
	const char *tail;
	long number = issue_number(fullpath, &tail);
	size_t plen = strcspn(fullpath, "?");
	cJSON *a;
	char url[512];

	if (strcmp(method, "GET") == 0) {
		if (number > 0 && (*tail == '\0' || *tail == '?')) {
			a = cJSON_CreateObject();
			if (a) {
				cJSON_AddNumberToObject(a, "number", (double)number);
				cJSON_AddStringToObject(a, "state", "open");
				cJSON_AddStringToObject(a, "body", "");
				cJSON_AddArrayToObject(a, "labels");
			}
			return a;
		}
		return cJSON_CreateArray();
	}
	if (strcmp(method, "DELETE") == 0 ||
	    (strcmp(method, "POST") == 0 && plen >= 7 &&
	     strncmp(fullpath + plen - 7, "/labels", 7) == 0 && number > 0))
		return cJSON_CreateArray();
	a = body && cJSON_IsObject(body) ? cJSON_Duplicate(body, 1) : cJSON_CreateObject();
	if (!a)
		return NULL;
	if (strcmp(method, "POST") == 0 && plen >= 7 &&
	    strncmp(fullpath + plen - 7, "/issues", 7) == 0) {
		number = ++gh->dry_number;
		cJSON_DeleteItemFromObject(a, "number");
		cJSON_AddNumberToObject(a, "number", (double)number);
		cJSON_AddStringToObject(a, "state", "open");
	} else if (number > 0 && !cJSON_GetObjectItem(a, "number") && *tail == '\0') {
		cJSON_AddNumberToObject(a, "number", (double)number);
	} else if (!cJSON_GetObjectItem(a, "id")) {
		cJSON_AddNumberToObject(a, "id", (double)(gh->dry_seq));
	}
	if (number > 0 && !cJSON_GetObjectItem(a, "html_url")) {
		snprintf(url, sizeof(url), "dry-run:%s/issues/%ld", gh->repo, number);
		cJSON_AddStringToObject(a, "html_url", url);
	}
	return a;
}

int pw_github_dry_request(cJSON **out, pw_github *gh, const char *method, const char *fullpath,
                          const cJSON *body)
{
	char part[101], name[160], *path, *text;
	cJSON *rec = cJSON_CreateObject(), *answer;
	int rc;

	if (!rec)
		return pw_error_oom();
	file_part(part, sizeof(part), fullpath, gh->repo);
	snprintf(name, sizeof(name), "%04u-%s-%s.json", ++gh->dry_seq, method, part);
	if (!cJSON_AddStringToObject(rec, "method", method) ||
	    !cJSON_AddStringToObject(rec, "path", fullpath) ||
	    !cJSON_AddItemToObject(rec, "body",
	                           body ? cJSON_Duplicate(body, 1) : cJSON_CreateNull())) {
		cJSON_Delete(rec);
		return pw_error_oom();
	}
	text = cJSON_Print(rec);
	cJSON_Delete(rec);
	path = pw_path_join(gh->outbox, name);
	if (!text || !path) {
		free(text);
		free(path);
		return pw_error_oom();
	}
	rc = pw_file_write_atomic(path, text, strlen(text));
	free(text);
	free(path);
	if (rc < 0)
		return rc;
	gh->requests++;
	gh->last_status = strcmp(method, "POST") == 0 ? 201 : 200;
	answer = fake_answer(gh, method, fullpath, body);
	if (!answer)
		return pw_error_oom();
	if (out)
		*out = answer;
	else
		cJSON_Delete(answer);
	return 0;
}
