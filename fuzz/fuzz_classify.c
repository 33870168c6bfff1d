/* libFuzzer target: the whole classifier on arbitrary diff text. The input is
 * "old revision \0 new revision \0 subject"; the diff is the changed middle
 * (common leading and trailing lines kept), as a history entry delivers it. */
#include "classify/classify.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pw_classifier *cl;
static char *tags[] = {"smime"};
static pw_document doc = {"SBR.md", tags, 1};
static pw_source src = {"cabforum-smime", "cabforum/smime", "u", "main", "SMC", &doc, 1};

typedef struct {
	const char *s;
	size_t n;
} span;

static size_t lines_of(const char *t, size_t len, span **out)
{
	size_t cnt = 0, i = 0;
	span *v = NULL;
	while (i < len) {
		const char *e = memchr(t + i, '\n', len - i);
		size_t end = e ? (size_t)(e - t) : len;
		span *p = realloc(v, (cnt + 1) * sizeof(*p));
		if (!p)
			break;
		v = p;
		v[cnt].s = t + i;
		v[cnt].n = end - i;
		cnt++;
		i = end + 1;
	}
	*out = v;
	return cnt;
}

static int same(const span *a, const span *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data, *z1, *z2;
	size_t olen, nlen, no, nn, pre = 0, suf = 0, i, k = 0;
	span *ol = NULL, *nl = NULL;
	pw_diff_line *lines;
	pw_doc_diff dd;
	pw_commit_change cc;
	pw_classification out;
	char *subject;
	cJSON *rec;

	if (!cl && pw_classifier_load(&cl, NULL) < 0)
		abort();
	z1 = memchr(d, '\0', size);
	if (!z1)
		return 0;
	olen = (size_t)(z1 - d);
	z2 = memchr(z1 + 1, '\0', size - olen - 1);
	nlen = z2 ? (size_t)(z2 - z1 - 1) : size - olen - 1;
	subject = z2 ? strndup(z2 + 1, size - olen - nlen - 2) : strdup("SMC01");
	no = lines_of(d, olen, &ol);
	nn = lines_of(z1 + 1, nlen, &nl);
	while (pre < no && pre < nn && same(&ol[pre], &nl[pre]))
		pre++;
	while (suf < no - pre && suf < nn - pre && same(&ol[no - 1 - suf], &nl[nn - 1 - suf]))
		suf++;
	lines = calloc(no + nn + 1, sizeof(*lines));
	if (!lines || !subject)
		abort();
	for (i = pre; i < no - suf; i++) {
		pw_diff_line l = {'-', (int)i + 1, 0, ol[i].s, ol[i].n};
		lines[k++] = l;
	}
	for (i = pre; i < nn - suf; i++) {
		pw_diff_line l = {'+', 0, (int)i + 1, nl[i].s, nl[i].n};
		lines[k++] = l;
	}
	memset(&dd, 0, sizeof(dd));
	dd.path = "SBR.md";
	dd.old_text = d;
	dd.old_len = olen;
	dd.new_text = z1 + 1;
	dd.new_len = nlen;
	dd.lines = lines;
	dd.nlines = k;
	memset(&cc, 0, sizeof(cc));
	cc.source = &src;
	strcpy(cc.date, "2025-01-01");
	cc.subject = subject;
	cc.message = subject;
	cc.branch = "main";
	cc.docs = &dd;
	cc.ndocs = 1;
	if (pw_classify(cl, &cc, &out) == 0) {
		rec = cJSON_CreateObject();
		if (rec) {
			cJSON *docs = cJSON_AddArrayToObject(rec, "documents");
			cJSON_AddItemToArray(docs, cJSON_CreateObject());
			pw_classification_to_json(&out, rec);
			char *s = cJSON_PrintUnformatted(rec);
			free(s);
			cJSON_Delete(rec);
		}
		pw_classification_clear(&out);
	}
	free(lines);
	free(ol);
	free(nl);
	free(subject);
	return 0;
}
