#include "testutil.h"

#include "gitreadd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *append(char *s, const char *add, size_t len)
{
	size_t old = s ? strlen(s) : 0;
	char *p = realloc(s, old + len + 1);
	assert_non_null(p);
	memcpy(p + old, add, len);
	p[old + len] = '\0';
	return p;
}

char *gitreadd_paths(const pw_document *doc)
{
	char *a = append(NULL, "", 0);
	size_t k;
	for (k = 0; k <= doc->nformerly; k++) {
		const char *p = k ? doc->formerly[k - 1] : doc->path;
		a = append(a, " '", 2);
		a = append(a, p, strlen(p));
		a = append(a, "'", 1);
	}
	return a;
}

char *gitreadd_same(const char *mirror, const pw_source *s)
{
	char *all = append(NULL, "", 0), *docs = append(NULL, "", 0);
	size_t i;
	for (i = 0; i < s->ndocuments; i++) {
		char *p = gitreadd_paths(&s->documents[i]);
		docs = append(docs, p, strlen(p));
		free(p);
	}
	for (i = 0; i < s->ndocuments; i++) {
		char *paths = gitreadd_paths(&s->documents[i]), *out = NULL;
		int rc = tu_sh(
		    &out, NULL,
		    "cd '%s' && for c in $(git log --first-parent --diff-filter=A --no-renames "
		    "--format=%%H %s -- '%s'); do "
		    "git cat-file -e $c^ 2>/dev/null || continue; "
		    "for p in %s; do git cat-file -e \"$c^:$p\" 2>/dev/null && continue 2; done; "
		    "d=$(git log --first-parent -1 --format=%%H $c^ --%s); [ -n \"$d\" ] || "
		    "continue; "
		    "old=; for p in %s; do old=$(git rev-parse -q --verify \"$d^:$p\") && break; "
		    "done; "
		    "[ \"$old\" = \"$(git rev-parse \"$c:%s\")\" ] || continue; "
		    "[ $(git diff --no-renames --name-only $c^ $c --%s | wc -l) -eq 1 ] && echo "
		    "$c; "
		    "done; true",
		    mirror, s->branch, s->documents[i].path, paths, paths, paths,
		    s->documents[i].path, docs);
		assert_int_equal(rc, 0);
		all = append(all, out, strlen(out));
		free(out);
		free(paths);
	}
	free(docs);
	return all;
}

char *gitreadd_without(const char *log, const char *skip)
{
	char *kept = append(NULL, "", 0);
	const char *p = log, *nl;
	for (; *p; p = nl + 1) {
		char id[42];
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p);
		snprintf(id, sizeof(id), "%.40s\n", p);
		if (!strstr(skip, id))
			kept = append(kept, p, (size_t)(nl - p) + (*nl ? 1 : 0));
		if (!*nl)
			break;
	}
	return kept;
}
