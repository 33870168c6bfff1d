/* The change history against git itself, on the real upstream histories and
 * on small synthetic repositories. */
#include "testutil.h"

#include "gitreadd.h"

#include "util/error.h"
#include "upstream/history.h"
#include "upstream/history_int.h"
#include "core/noise.h"
#include "core/sources.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pw_sources *sources;

/* What the tests keep of one change. */
typedef struct {
	char commit[41], parent[41], date[11];
	char *subject, *message, *branch;
	char *proposal;  /* NULL when the change has none */
	char *continues; /* the draft it grew from, NULL for none */
	int status;
	char *docs;  /* "path\npath..." */
	char *lines; /* per document: "path\n" then "-OLD:content\n" / "+NEW:content\n" */
	int copy;    /* a document is read from a former path that still stands */
	int renamed; /* a document is read from a former path that is gone */
	int text_ok; /* with_text: old/new text present for every document */
} rec;

typedef struct {
	rec *v;
	size_t n, cap;
	int stop_after; /* > 0: return 7 from the callback after that many */
} recs;

static char *append(char *s, const char *add, size_t len)
{
	size_t old = s ? strlen(s) : 0;
	char *p = realloc(s, old + len + 1);
	assert_non_null(p);
	memcpy(p + old, add, len);
	p[old + len] = '\0';
	return p;
}

static int collect(const pw_commit_change *c, void *payload)
{
	recs *r = payload;
	rec *e;
	size_t d, l;
	char num[32];

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = realloc(r->v, r->cap * sizeof(*r->v));
		assert_non_null(r->v);
	}
	e = &r->v[r->n++];
	memset(e, 0, sizeof(*e));
	strcpy(e->commit, c->commit);
	strcpy(e->parent, c->parent);
	strcpy(e->date, c->date);
	e->subject = strdup(c->subject);
	e->message = strdup(c->message);
	e->branch = strdup(c->branch);
	e->proposal = c->proposal ? strdup(c->proposal) : NULL;
	e->continues = c->continues ? strdup(c->continues) : NULL;
	e->status = c->status;
	e->docs = append(NULL, "", 0);
	e->lines = append(NULL, "", 0);
	e->text_ok = 1;
	for (d = 0; d < c->ndocs; d++) {
		const pw_doc_diff *dd = &c->docs[d];
		if (d)
			e->docs = append(e->docs, "\n", 1);
		e->docs = append(e->docs, dd->path, strlen(dd->path));
		e->lines = append(e->lines, dd->path, strlen(dd->path));
		e->copy |= dd->copy;
		e->renamed |= dd->renamed;
		e->lines = append(e->lines, "\n", 1);
		for (l = 0; l < dd->nlines; l++) {
			const pw_diff_line *ln = &dd->lines[l];
			snprintf(num, sizeof(num), "%c%d:", ln->origin,
			         ln->origin == '+' ? ln->new_lineno : ln->old_lineno);
			e->lines = append(e->lines, num, strlen(num));
			e->lines = append(e->lines, ln->content, ln->len);
			e->lines = append(e->lines, "\n", 1);
		}
		if (dd->old_len == 0 && dd->new_len == 0)
			e->text_ok = 0;
	}
	if (r->stop_after > 0 && r->n >= (size_t)r->stop_after)
		return 7;
	return 0;
}

static void recs_free(recs *r)
{
	size_t i;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].subject);
		free(r->v[i].message);
		free(r->v[i].branch);
		free(r->v[i].proposal);
		free(r->v[i].continues);
		free(r->v[i].docs);
		free(r->v[i].lines);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int setup(void **state)
{
	(void)state;
	setenv("PKIWATCH_RULES", tu_src_path("rules"), 1);
	git_libgit2_init();
	return pw_sources_load_default(&sources) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	pw_sources_free(sources);
	git_libgit2_shutdown();
	return 0;
}

static char *mirror_of(const char *up, const char *id)
{
	char *p = malloc(strlen(up) + strlen(id) + 8);
	assert_non_null(p);
	sprintf(p, "%s/%s.git", up, id);
	return p;
}

#define EMPTY_TREE "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
/* git diff output rewritten as "+N:line" / "-N:line" (N: new/old line number) */
#define AWK_LINES                                                                                  \
	"awk 'BEGIN{h=0} /^@@/{h=1; split($2,a,\",\"); o=substr(a[1],2)+0; "                       \
	"split($3,b,\",\"); n=substr(b[1],2)+0; next} "                                            \
	"h && /^-/{print \"-\" o \":\" substr($0,2); o++; next} "                                  \
	"h && /^\\+/{print \"+\" n \":\" substr($0,2); n++; next} "                                \
	"h && /^ /{o++; n++}'"

/* " 'doc1' 'doc2' ..." of a source (former paths too), for git command lines. */
static char *doc_args(const pw_source *s)
{
	char *a = append(NULL, "", 0);
	size_t i, k;
	for (i = 0; i < s->ndocuments; i++)
		for (k = 0; k <= s->documents[i].nformerly; k++) {
			const char *p = k ? s->documents[i].formerly[k - 1] : s->documents[i].path;
			a = append(a, " '", 2);
			a = append(a, p, strlen(p));
			a = append(a, "'", 1);
		}
	return a;
}

/* The commit before `base` in its first-parent history whose parent last had
 * one of the document's paths (git log -1 of those paths: the commit that
 * removed the last of them), or NULL when base lacks them all and none ever
 * stood before it (a new document). */
static char *last_removal(const char *m, const pw_document *doc, const char *base)
{
	char *paths = gitreadd_paths(doc), *out = NULL;
	assert_int_equal(tu_sh(&out, NULL, "git -C '%s' log --first-parent -1 --format=%%H %s --%s",
	                       m, base, paths),
	                 0);
	free(paths);
	if (strlen(out) < 40) {
		free(out);
		return NULL;
	}
	out[40] = '\0';
	return out;
}

/* git's +/- lines of one document of a change: of its path, or, when the
 * path is new and a former path of the document stood in the parent (a
 * rename or a copy), of that blob against the new one; when none stood
 * there but the document did before (deleted, then added again), of the
 * blob it had then (the first of its paths in the parent of the commit
 * that removed it) against the new one. */
static char *git_lines(const char *m, const pw_source *s, const char *base, const char *commit,
                       const char *path)
{
	const pw_document *doc = pw_sources_document(s, path);
	char *out = NULL, *gone;
	size_t k;
	int rc;
	if (tu_sh(&out, NULL, "git -C '%s' cat-file -e '%s:%s' 2>/dev/null", m, base, path) == 0 ||
	    !doc || strcmp(base, EMPTY_TREE) == 0) {
		free(out);
		rc = tu_sh(
		    &out, NULL,
		    "cd '%s' && echo '%s' && git diff -U3 --no-color %s %s -- '%s' | " AWK_LINES, m,
		    path, base, commit, path);
		assert_int_equal(rc, 0);
		return out;
	}
	free(out);
	for (k = 0; k <= doc->nformerly; k++) {
		const char *old = k ? doc->formerly[k - 1] : doc->path;
		out = NULL;
		if (strcmp(old, path) != 0 &&
		    tu_sh(&out, NULL, "git -C '%s' cat-file -e '%s:%s' 2>/dev/null", m, base,
		          old) == 0) {
			free(out);
			rc = tu_sh(&out, NULL,
			           "cd '%s' && echo '%s' && git diff -U3 --no-color '%s:%s' "
			           "'%s:%s' | " AWK_LINES,
			           m, path, base, old, commit, path);
			assert_int_equal(rc, 0);
			return out;
		}
		free(out);
	}
	gone = last_removal(m, doc, base);
	for (k = 0; gone && k <= doc->nformerly; k++) {
		const char *old = k ? doc->formerly[k - 1] : doc->path;
		out = NULL;
		if (tu_sh(&out, NULL, "git -C '%s' cat-file -e '%s^:%s' 2>/dev/null", m, gone,
		          old) == 0) {
			free(out);
			rc = tu_sh(&out, NULL,
			           "cd '%s' && echo '%s' && git diff -U3 --no-color '%s^:%s' "
			           "'%s:%s' | " AWK_LINES,
			           m, path, gone, old, commit, path);
			assert_int_equal(rc, 0);
			free(gone);
			return out;
		}
		free(out);
	}
	free(gone);
	rc = tu_sh(&out, NULL,
	           "cd '%s' && echo '%s' && git diff -U3 --no-color %s %s -- '%s' | " AWK_LINES, m,
	           path, base, commit, path);
	assert_int_equal(rc, 0);
	return out;
}

static void walk_ok(const char *mirror, const pw_source *s, const pw_history_opts *o, recs *r)
{
	int rc = pw_history_walk(mirror, s, o, collect, r);
	if (rc != 0)
		fail_msg("walk of %s: %d %s", s->id, rc, pw_error_last());
}

/* Compares the commits and dates of `r` with git's "%H %cs" lines in `git_out`. */
static void expect_log(const recs *r, size_t from, const char *git_out)
{
	const char *p = git_out;
	size_t i = from;
	while (*p) {
		char line[64];
		assert_true(i < r->n);
		snprintf(line, sizeof(line), "%s %s\n", r->v[i].commit, r->v[i].date);
		if (strncmp(p, line, strlen(line)) != 0)
			fail_msg("change %zu: got %s, git says %.52s", i, line, p);
		p += strlen(line);
		i++;
	}
	assert_int_equal(i, r->n);
}

/* Every source: the same commits, in the same order, with the same dates as
 * git log --first-parent; each one's +/- lines equal those of git diff (as in
 * git log -p; git diff -U0 can differ: it trims the files' common tail first,
 * which can shift an ambiguous match). */
static void test_real_history_equals_git(void **state)
{
	const char *up = tu_upstream_or_skip();
	size_t i, k, mismatches = 0;
	(void)state;
	for (i = 0; i < sources->count; i++) {
		const pw_source *s = &sources->items[i];
		char *m = mirror_of(up, s->id), *docs = doc_args(s), *out = NULL, *log;
		char *same = gitreadd_same(m, s);
		pw_history_opts o = PW_HISTORY_OPTS_INIT;
		recs r = {0};
		size_t nsame = 0;
		const char *p;
		for (p = same; (p = strchr(p, '\n')); p++)
			nsame++;
		/* Apple's CT policy, deleted and added again as it was */
		if (strcmp(s->id, "apple-rootprogram") == 0)
			assert_non_null(strstr(same, "cec810b"));
		walk_ok(m, s, &o, &r);
		assert_int_equal(tu_sh(&out, NULL,
		                       "git -C '%s' rev-list --count --first-parent %s --%s", m,
		                       s->branch, docs),
		                 0);
		assert_int_equal(r.n + nsame, strtoul(out, NULL, 10));
		assert_true(r.n > 5);
		free(out);
		assert_int_equal(tu_sh(&out, NULL,
		                       "git -C '%s' log --first-parent --format='%%H %%cs' %s --%s",
		                       m, s->branch, docs),
		                 0);
		log = gitreadd_without(out, same);
		expect_log(&r, 0, log);
		free(log);
		free(same);
		free(out);
		for (k = 0; k < r.n; k++) {
			rec *e = &r.v[k];
			/* git diff, rewritten as "path\n" and "+N:line" / "-N:line" */
			const char *base = e->parent[0] ? e->parent : EMPTY_TREE;
			char *paths = strdup(e->docs), *tok, *save = NULL;
			assert_non_null(paths);
			out = append(NULL, "", 0);
			for (tok = strtok_r(paths, "\n", &save); tok;
			     tok = strtok_r(NULL, "\n", &save)) {
				char *one = git_lines(m, s, base, e->commit, tok);
				out = append(out, one, strlen(one));
				free(one);
			}
			free(paths);
			if (strcmp(out, e->lines) != 0) {
				print_message("%s %s: diff lines differ from git diff\n", s->id,
				              e->commit);
				mismatches++;
			}
			assert_int_equal(e->status, PW_STATUS_ADOPTED);
			assert_string_equal(e->branch, s->branch);
			free(out);
		}
		recs_free(&r);
		free(docs);
		free(m);
	}
	assert_int_equal(mismatches, 0);
}

/* The known commit of the design's example record: its +/- lines equal
 * git diff -U0's, line numbers included. */
static void test_known_commit_equals_git_diff_u0(void **state)
{
	const char *up = tu_upstream_or_skip();
	const pw_source *s = pw_sources_find(sources, "cabforum-smime");
	char *m = mirror_of(up, s->id), *out = NULL;
	pw_history_opts o = {.with_text = 1};
	recs r = {0};
	size_t k;
	(void)state;
	walk_ok(m, s, &o, &r);
	for (k = 0; k < r.n; k++)
		if (strncmp(r.v[k].commit, "3340d6159641", 12) == 0)
			break;
	assert_true(k < r.n);
	assert_string_equal(r.v[k].date, "2025-07-02");
	assert_string_equal(r.v[k].subject, "v1.0.10 - Ballot SMC012 (#282)");
	assert_string_equal(r.v[k].docs, "SBR.md");
	assert_true(r.v[k].text_ok);
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "cd '%s' && echo SBR.md && git diff -U0 --no-color %s %s -- SBR.md | " AWK_LINES,
	          m, r.v[k].parent, r.v[k].commit),
	    0);
	assert_true(strlen(out) > 1000);
	assert_string_equal(out, r.v[k].lines);
	free(out);
	recs_free(&r);
	free(m);
}

/* --since stops at the first commit older than the date (committer's date). */
static void test_since_stops_at_older_commit(void **state)
{
	const char *up = tu_upstream_or_skip();
	const pw_source *s = pw_sources_find(sources, "cabforum-servercert");
	char *m = mirror_of(up, s->id), *docs = doc_args(s), *out = NULL;
	pw_history_opts o = PW_HISTORY_OPTS_INIT;
	recs all = {0}, r = {0};
	size_t k;
	(void)state;
	walk_ok(m, s, &o, &all);
	assert_true(all.n > 60);
	o.since = all.v[50].date;
	walk_ok(m, s, &o, &r);
	for (k = 0; k < all.n && strcmp(all.v[k].date, o.since) >= 0; k++)
		;
	assert_true(k > 50);
	assert_int_equal(r.n, k);
	assert_string_equal(r.v[r.n - 1].commit, all.v[k - 1].commit);
	/* the dates are git's %cs */
	assert_int_equal(tu_sh(&out, NULL,
	                       "git -C '%s' log --first-parent --format='%%H %%cs' -n %zu %s --%s",
	                       m, r.n, s->branch, docs),
	                 0);
	expect_log(&r, 0, out);
	free(out);
	/* a date after every commit: nothing */
	recs_free(&r);
	o.since = "2999-01-01";
	walk_ok(m, s, &o, &r);
	assert_int_equal(r.n, 0);
	recs_free(&r);
	recs_free(&all);
	free(docs);
	free(m);
}

/* --from/--to select the range like git rev-list --first-parent from..to. */
static void test_from_to_range(void **state)
{
	const char *up = tu_upstream_or_skip();
	const pw_source *s = pw_sources_find(sources, "mozilla-pkipolicy");
	char *m = mirror_of(up, s->id), *docs = doc_args(s), *out = NULL;
	pw_history_opts o = PW_HISTORY_OPTS_INIT;
	recs all = {0}, r = {0};
	(void)state;
	walk_ok(m, s, &o, &all);
	assert_true(all.n > 40);
	o.from = all.v[40].commit;
	o.to = all.v[10].commit;
	walk_ok(m, s, &o, &r);
	assert_int_equal(r.n, 30);
	assert_string_equal(r.v[0].commit, all.v[10].commit);
	assert_string_equal(r.v[29].commit, all.v[39].commit);
	assert_int_equal(tu_sh(&out, NULL,
	                       "git -C '%s' log --first-parent --format='%%H %%cs' %s..%s --%s", m,
	                       o.from, o.to, docs),
	                 0);
	expect_log(&r, 0, out);
	free(out);
	recs_free(&r);
	/* revision syntax and a --from alone */
	o.from = "master~3";
	o.to = NULL;
	walk_ok(m, s, &o, &r);
	assert_int_equal(tu_sh(&out, NULL,
	                       "git -C '%s' rev-list --count --first-parent "
	                       "master~3..master --%s",
	                       m, docs),
	                 0);
	assert_int_equal(r.n, strtoul(out, NULL, 10));
	free(out);
	recs_free(&r);
	recs_free(&all);
	free(docs);
	free(m);
}

/* Drafts: every branch not merged into the default branch whose diff against
 * the merge base touches a document, in branch-name order, as git sees it;
 * not one from which another such branch grew keeping all its added lines,
 * nor one whose added lines all stand on the default branch or were added
 * there after its merge base; one grown from an adopted branch's work is
 * diffed against the newest commit it shares with it. */
static void test_drafts_are_proposed(void **state)
{
	const char *up = tu_upstream_or_skip();
	size_t i, total = 0;
	(void)state;
	for (i = 0; i < sources->count; i++) {
		const pw_source *s = &sources->items[i];
		char *m = mirror_of(up, s->id), *docs = doc_args(s), *out = NULL, *got;
		pw_history_opts o = {.drafts = 1};
		recs r = {0};
		size_t k, nadopted;
		walk_ok(m, s, &o, &r);
		assert_int_equal(
		    tu_sh(
		        &out, NULL,
		        "cd '%s' && main=$(git rev-parse refs/heads/%s) && dd() { git diff \"$@\" "
		        "--%s; } && "
		        /* the documents' blobs of the adopted history */
		        "adopted=$(git log --first-parent --diff-merges=first-parent --root "
		        "--raw --no-abbrev --format= $main --%s | awk '{print $4}' | sort -u) && "
		        "heads=$(git for-each-ref --format='%%(objectname)' refs/heads/) && "
		        /* adopted_of HEAD DIFFBASE TIMEBASE: 0 when the draft proposes
		         * nothing: its changed documents all stand in the adopted
		         * history, or every line it adds (blanks aside) stands in
		         * the default branch's text of its document or was added
		         * there by a change committed after TIMEBASE (its merge base) */
		        "adopted_of() { ta=$(mktemp -d); dd --name-only $2 $1 >$ta/names; "
		        "[ -s $ta/names ] || { rm -rf $ta; return 2; }; new=0; "
		        "while IFS= read -r d; do x=$(git rev-parse \"$1:$d\" 2>/dev/null) && "
		        "printf '%%s\\n' \"$adopted\" | grep -qx \"$x\" || new=1; done <$ta/names; "
		        "if [ $new = 1 ]; then any=0; own=0; while IFS= read -r d; do "
		        "git diff -U0 $2 $1 -- \"$d\" | sed -n '/^+++ /d;s/^+//p' | "
		        "grep -v '^[[:space:]]*$' >$ta/added; [ -s $ta/added ] || continue; any=1; "
		        "git show \"$main:$d\" >$ta/main 2>/dev/null || { own=1; continue; }; "
		        "git log --first-parent --diff-merges=first-parent "
		        "--since=@$(( $(git log -1 --format=%%ct $3) + 1 )) -p -U0 --format= "
		        "$main -- \"$d\" | sed -n '/^+++ /d;s/^+//p' >>$ta/main; "
		        "grep -vxFf $ta/main $ta/added >/dev/null && own=1; done <$ta/names; "
		        "[ $any = 1 ] && [ $own = 0 ] && new=0; fi; rm -rf $ta; [ $new = 0 ]; } && "
		        "T=$(mktemp -d) && : >$T/adopted && "
		        "git for-each-ref --format='%%(refname:short)' refs/heads/ | LC_ALL=C sort "
		        ">$T/branches && "
		        /* the open branches whose proposal was adopted */
		        "while read b; do [ \"$b\" = %s ] && continue; h=$(git rev-parse "
		        "\"refs/heads/$b\"); git merge-base --is-ancestor $h $main && continue; "
		        "base=$(git merge-base $main $h) || continue; "
		        "adopted_of $h $base $base && echo $h >>$T/adopted; done <$T/branches; "
		        "while read b; do [ \"$b\" = %s ] && continue; h=$(git rev-parse "
		        "\"refs/heads/$b\"); git merge-base --is-ancestor $h $main && continue; "
		        "base=$(git merge-base $main $h) || continue; dd --quiet $base $h && "
		        "continue; "
		        "t=$(mktemp -d) && dd --name-only $base $h >$t/names && "
		        /* another open draft grew from it and keeps every non-blank
		         * line it adds (in its text of the same document) */
		        "grown=0; for o in $heads; do [ $o = $h ] && continue; "
		        "git merge-base --is-ancestor $o $main && continue; "
		        "git merge-base --is-ancestor $h $o || continue; kept=1; "
		        "while IFS= read -r d; do git diff -U0 $base $h -- \"$d\" | "
		        "sed -n '/^+++ /d;s/^+//p' | grep -v '^[[:space:]]*$' >$t/mine; "
		        "git show \"$o:$d\" >$t/later 2>/dev/null || : >$t/later; "
		        "grep -vxFf $t/later $t/mine >/dev/null && kept=0; done <$t/names; "
		        "[ $kept = 1 ] && grown=1; done; rm -rf $t; [ $grown = 1 ] && continue; "
		        "grep -qx $h $T/adopted && continue; "
		        /* grown from an adopted branch's work: diffed against the
		         * newest commit it shares with one, off the default branch */
		        "obase=$base; best=; for a in $(cat $T/adopted); do [ $a = $h ] && "
		        "continue; "
		        "mm=$(git merge-base $h $a) || continue; [ $mm = $base ] && continue; "
		        "[ $mm = $main ] && continue; git merge-base --is-ancestor $mm $main && "
		        "continue; if [ -z \"$best\" ] || git merge-base --is-ancestor $best $mm; "
		        "then best=$mm; fi; done; [ -n \"$best\" ] && obase=$best; "
		        "if [ $obase != $base ]; then dd --quiet $obase $h && continue; "
		        "adopted_of $h $obase $base && continue; fi; "
		        "echo \"$b $obase $h $(git log -1 --format=%%cs $h)\"; "
		        "done <$T/branches; rm -rf $T",
		        m, s->branch, docs, docs, s->branch, s->branch),
		    0);
		for (nadopted = 0; nadopted < r.n && r.v[nadopted].status == PW_STATUS_ADOPTED;
		     nadopted++)
			;
		got = append(NULL, "", 0);
		for (k = nadopted; k < r.n; k++) {
			char line[256];
			assert_int_equal(r.v[k].status, PW_STATUS_PROPOSED);
			snprintf(line, sizeof(line), "%s %s %s %s\n", r.v[k].branch, r.v[k].parent,
			         r.v[k].commit, r.v[k].date);
			got = append(got, line, strlen(line));
		}
		assert_string_equal(got, out);
		total += r.n - nadopted;
		free(got);
		free(out);
		recs_free(&r);
		free(docs);
		free(m);
	}
	assert_true(total > 0);
}

/* Runs a shell script in the work tree of a new repository, "work" (branch
 * main), in a fresh directory, then mirrors that repository, back on main, as
 * repo.git beside it; returns the directory. */
static char *make_repo(const char *script)
{
	char *d = tu_tempdir(), *err = NULL;
	int rc = tu_sh(NULL, &err,
	               "cd '%s' && export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org "
	               "GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@example.org "
	               "GIT_CONFIG_NOSYSTEM=1 HOME='%s' && set -e && "
	               "git init -q -b main work && cd work && %s && "
	               "git checkout -q main && cd .. && git clone -q --mirror work repo.git",
	               d, d, script);
	if (rc != 0)
		fail_msg("repository script failed: %s", err ? err : "");
	free(err);
	return d;
}

/* The mirror of the repository make_repo(script) makes, walked as source s
 * with o into *r; history_done frees them and removes the directory. */
static char *history_of(const char *script, const pw_source *s, const pw_history_opts *o, recs *r)
{
	char *d = make_repo(script), *m = mirror_of(d, "repo");
	free(d);
	walk_ok(m, s, o, r);
	return m;
}

static void history_done(recs *r, char *mirror)
{
	recs_free(r);
	*strrchr(mirror, '/') = '\0'; /* the directory that holds repo.git */
	tu_rmrf(mirror);
	free(mirror);
}

static const char synthetic_script[] =
    "printf 'a\\nb\\nc\\n' > doc.md && git add doc.md && "
    "GIT_COMMITTER_DATE='2024-01-01T10:00:00 +0000' git commit -qm init && "
    "echo x > other.txt && git add other.txt && git commit -qm 'not a doc' && "
    "git checkout -qb v2 && sed -i 's/b/B/' doc.md && git commit -qam 'v2 part 1' && "
    "echo d >> doc.md && git commit -qam 'v2 part 2' && "
    "git checkout -q main && echo y >> other.txt && git commit -qam 'main moves' && "
    "GIT_COMMITTER_DATE='2024-03-01T23:30:00 -0500' git merge -q --no-ff v2 "
    "-m 'Merge v2' -m 'Body line' && "
    "git checkout -qb draft && echo e >> doc.md && git commit -qam 'draft edit' && "
    "git checkout -qb notdoc main && echo z >> other.txt && git commit -qam notdoc";

static pw_document synthetic_docs[] = {{.path = "doc.md"}, {.path = "gone.md"}};
static pw_source synthetic = {.id = "synthetic",
                              .repository = "example/synthetic",
                              .url = "https://example.org",
                              .branch = "main",
                              .ballot_prefix = NULL,
                              .documents = synthetic_docs,
                              .ndocuments = 2};

/* A merge is one change diffed against its first parent; its branch's own
 * commits and commits that touch no document are not reported. */
static void test_merge_counts_as_one_change(void **state)
{
	pw_history_opts o = {.with_text = 1};
	recs r = {0};
	char *m = history_of(synthetic_script, &synthetic, &o, &r), *out = NULL;
	(void)state;
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].subject, "Merge v2");
	assert_string_equal(r.v[0].message, "Merge v2\n\nBody line\n");
	/* committer's own time zone: 04:30 UTC on March 2nd is March 1st there */
	assert_string_equal(r.v[0].date, "2024-03-01");
	assert_string_equal(r.v[0].docs, "doc.md");
	assert_string_equal(r.v[0].lines, "doc.md\n-2:b\n+2:B\n+4:d\n");
	assert_int_equal(tu_sh(&out, NULL, "git -C '%s' rev-parse main^1 main~3", m), 0);
	assert_memory_equal(out, r.v[0].parent, 40);
	assert_memory_equal(out + 41, r.v[1].commit, 40);
	assert_string_equal(r.v[1].subject, "init");
	assert_string_equal(r.v[1].parent, "");
	assert_string_equal(r.v[1].lines, "doc.md\n+1:a\n+2:b\n+3:c\n");
	free(out);
	recs_free(&r);

	/* drafts: only "draft" (v2 is merged, notdoc touches no document) */
	o.drafts = 1;
	walk_ok(m, &synthetic, &o, &r);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[2].status, PW_STATUS_PROPOSED);
	assert_string_equal(r.v[2].branch, "draft");
	assert_string_equal(r.v[2].subject, "draft edit");
	assert_string_equal(r.v[2].lines, "doc.md\n+5:e\n");
	assert_int_equal(tu_sh(&out, NULL, "git -C '%s' rev-parse main", m), 0);
	assert_memory_equal(out, r.v[2].parent, 40);
	free(out);
	recs_free(&r);

	/* the callback stops the walk with its value */
	r.stop_after = 1;
	assert_int_equal(pw_history_walk(m, &synthetic, &o, collect, &r), 7);
	assert_int_equal(r.n, 1);
	history_done(&r, m);
}

static const char renames_script[] =
    "printf 'a\\nb\\nc\\n' > policy.md && git add policy.md && git commit -qm one && "
    "sed -i 's/c/C/' policy.md && git commit -qam edited && "
    "mkdir content && git mv policy.md content/index.md && sed -i 's/b/B/' content/index.md && "
    "git commit -qam moved && "
    "cp content/index.md 'Copy.md' && echo d >> 'Copy.md' && git add 'Copy.md' && "
    "git commit -qm copied && git rm -q 'Copy.md' && git commit -qm 'copy deleted' && "
    "git mv content/index.md index.md && git commit -qm 'moved back up'";

static char *policy_formerly[] = {"index.md", "policy.md"};
static char *copy_formerly[] = {"content/index.md"};
static pw_document renames_docs[] = {
    {.path = "content/index.md", .formerly = policy_formerly, .nformerly = 2},
    {.path = "Copy.md", .formerly = copy_formerly, .nformerly = 1}};
static pw_source renames = {.id = "renames",
                            .repository = "example/renames",
                            .url = "https://example.org",
                            .branch = "main",
                            .ballot_prefix = NULL,
                            .documents = renames_docs,
                            .ndocuments = 2};

/* A document followed through its renames: each move is a change of its
 * content (no deletion plus a new document), an unchanged move is a change
 * without lines; a copy of it is diffed against it (and is a copy: its
 * original stands); a deleted copy is a deletion; an edit of the document
 * at one of its former paths (policy.md, both sides) is no copy. */
static void test_renames_are_followed(void **state)
{
	pw_history_opts o = {.with_text = 1};
	recs r = {0};
	char *m = history_of(renames_script, &renames, &o, &r);
	(void)state;
	assert_int_equal(r.n, 6);
	assert_string_equal(r.v[0].subject, "moved back up");
	assert_string_equal(r.v[0].docs, "index.md");
	assert_string_equal(r.v[0].lines, "index.md\n");
	assert_string_equal(r.v[1].subject, "copy deleted");
	assert_string_equal(r.v[1].docs, "Copy.md");
	assert_string_equal(r.v[1].lines, "Copy.md\n-1:a\n-2:B\n-3:C\n-4:d\n");
	assert_string_equal(r.v[2].subject, "copied");
	assert_string_equal(r.v[2].lines, "Copy.md\n+4:d\n");
	assert_true(r.v[2].copy);
	assert_false(r.v[2].renamed); /* a copy: its original stands */
	assert_false(r.v[3].copy);
	assert_true(r.v[3].renamed);
	assert_string_equal(r.v[3].subject, "moved");
	assert_string_equal(r.v[3].docs, "content/index.md");
	assert_string_equal(r.v[3].lines, "content/index.md\n-2:b\n+2:B\n");
	assert_string_equal(r.v[4].subject, "edited");
	assert_string_equal(r.v[4].lines, "policy.md\n-3:c\n+3:C\n");
	assert_false(r.v[4].copy);
	assert_false(r.v[4].renamed); /* an edit at policy.md, both sides */
	assert_true(r.v[0].renamed);  /* moved back up */
	assert_false(r.v[5].renamed); /* new */
	assert_string_equal(r.v[5].lines, "policy.md\n+1:a\n+2:b\n+3:c\n");
	history_done(&r, m);
}

/* A document deleted and added again is compared with the text it had when
 * last seen: added again as it was, it is no change (no record, or only the
 * commit's other documents); with other text, the change is the diff
 * against that text, not a new document. */
static void test_readded_document(void **state)
{
	static const char script[] =
	    "printf 'a\\nb\\nc\\n' > doc.md && git add doc.md && git commit -qm one && "
	    "sed -i 's/b/B/' doc.md && git commit -qam edited && "
	    "git rm -q doc.md && git commit -qm deleted && "
	    "printf 'a\\nB\\nc\\n' > doc.md && git add doc.md && git commit -qm 'as it was' && "
	    "git rm -q doc.md && git commit -qm 'deleted again' && "
	    "echo x > other.txt && git add other.txt && git commit -qm 'not a doc' && "
	    "printf 'a\\nB\\nc\\nd\\n' > doc.md && echo g > gone.md && "
	    "git add doc.md gone.md && git commit -qm 'd added' && "
	    "git rm -q doc.md && git commit -qm 'deleted a third time' && "
	    "printf 'a\\nB\\nc\\nd\\n' > doc.md && echo h >> gone.md && "
	    "git add doc.md gone.md && git commit -qm 'as it was, gone.md edited'";
	pw_history_opts o = {.with_text = 1};
	recs r = {0};
	char *m = history_of(script, &synthetic, &o, &r);
	(void)state;
	assert_int_equal(r.n, 7);
	assert_string_equal(r.v[0].subject, "as it was, gone.md edited");
	assert_string_equal(r.v[0].docs, "gone.md");
	assert_string_equal(r.v[0].lines, "gone.md\n+2:h\n");
	assert_string_equal(r.v[1].subject, "deleted a third time");
	assert_string_equal(r.v[2].subject, "d added");
	assert_string_equal(r.v[2].lines, "doc.md\n+4:d\ngone.md\n+1:g\n");
	assert_true(r.v[2].text_ok);
	assert_string_equal(r.v[3].subject, "deleted again");
	assert_string_equal(r.v[3].lines, "doc.md\n-1:a\n-2:B\n-3:c\n");
	assert_string_equal(r.v[4].subject, "deleted");
	assert_string_equal(r.v[5].subject, "edited");
	assert_string_equal(r.v[6].subject, "one");
	history_done(&r, m);
}

/* A draft whose added lines all stand on the default branch, which edited
 * the text on after adopting it (so no blob matches), proposes nothing; a
 * draft with one line of its own is reported, and so is one that only
 * removes text. */
static void test_adopted_text_draft_not_reported(void **state)
{
	static const char script[] =
	    "printf 'a\\nb\\n' > doc.md && git add doc.md && git commit -qm one && "
	    "git checkout -qb adopted && printf 'a\\nb\\nc\\n\\nd\\n' > doc.md && "
	    "git commit -qam 'c and d' && git checkout -q main && "
	    "printf 'a\\nB\\nc\\nd\\ne\\n' > doc.md && git commit -qam 'Ballot X: c, d (#1)' && "
	    "git checkout -qb own adopted && echo f >> doc.md && git commit -qam 'f too' && "
	    "git checkout -qb cut main~1 && printf 'a\\n' > doc.md && git commit -qam 'b cut'";
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	char *m = history_of(script, &synthetic, &o, &r);
	(void)state;
	assert_int_equal(r.n, 4); /* two adopted, the drafts 'cut' and 'own' */
	assert_int_equal(r.v[2].status, PW_STATUS_PROPOSED);
	assert_string_equal(r.v[2].branch, "cut");
	assert_string_equal(r.v[3].branch, "own");
	history_done(&r, m);
}

/* A draft whose added lines were all added to the default branch after its
 * merge base proposes nothing, also when the default branch edited them
 * since (cabforum-servercert's WebTrust-Audits-Update, adopted as SC-077);
 * a draft bringing back a line the default branch dropped before its merge
 * base proposes that (at another place: a document as an adopted revision
 * had it is adopted, test_squashed_draft_not_reported). */
static void test_text_adopted_then_edited(void **state)
{
	static const char script[] =
	    "c() { "
	    "GIT_COMMITTER_DATE=\"2024-0$1-01T10:00:00 "
	    "+0000\" git commit -qam \"$2\"; } && "
	    "printf 'a\\nb\\nold\\n' > doc.md && git add doc.md && c 1 one && "
	    "printf 'a\\nb\\n' > doc.md && c 2 'drop old' && "
	    "git checkout -qb revive && printf 'old\\na\\nb\\n' > doc.md && c 3 'bring old back' "
	    "&& "
	    "git checkout -qb adopted main && printf 'a\\nb\\nc\\n\\nd\\n' > doc.md && "
	    "c 3 'c and d' && git checkout -q main && printf 'a\\nb\\nc\\nd\\n' > doc.md && "
	    "c 4 'Ballot X: c and d (#2)' && printf 'a\\nb\\nC\\n' > doc.md && "
	    "c 5 'edit c, drop d'";
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	char *m = history_of(script, &synthetic, &o, &r);
	(void)state;
	assert_int_equal(r.n, 5); /* four adopted, the draft 'revive' */
	assert_int_equal(r.v[4].status, PW_STATUS_PROPOSED);
	assert_string_equal(r.v[4].branch, "revive");
	assert_null(r.v[4].continues);
	history_done(&r, m);
}

/* --since and --from report only their range of the adopted history, but the
 * drafts are still compared with all of it back to their merge base: a draft
 * whose lines were adopted before the range and edited in it proposes
 * nothing (before, it was reported when the range left its adoption out). */
static void test_range_keeps_draft_rules(void **state)
{
	static const char script[] =
	    "c() { "
	    "GIT_COMMITTER_DATE=\"2024-0$1-01T10:00:00 +0000\" git commit -qam \"$2\"; } && "
	    "printf 'a\\nb\\n' > doc.md && git add doc.md && c 1 one && "
	    "git checkout -qb late && echo c >> doc.md && c 2 'add c' && "
	    "git checkout -q main && printf 'a\\nb\\nc\\nd\\n' > doc.md && "
	    "c 3 'Ballot X: c and d (#2)' && printf 'a\\nb\\nC\\nd\\n' > doc.md && "
	    "c 5 'edit c' && git checkout -q late && echo d >> doc.md && c 6 'add d' && "
	    "git checkout -qb own main && echo e >> doc.md && c 7 'add e'";
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	/* the whole history: 'late' adds c (adopted by Ballot X after its
	 * merge base 'one', edited since) and d (on main): nothing of its own */
	char *m = history_of(script, &synthetic, &o, &r);
	(void)state;
	assert_int_equal(r.n, 4); /* three adopted, 'own' */
	assert_string_equal(r.v[3].branch, "own");
	recs_free(&r);
	/* since April: 'edit c' only, and still not 'late' (head 2024-06-01) */
	o.since = "2024-04-01";
	walk_ok(m, &synthetic, &o, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].subject, "edit c");
	assert_int_equal(r.v[0].status, PW_STATUS_ADOPTED);
	assert_string_equal(r.v[1].branch, "own");
	recs_free(&r);
	/* after Ballot X: the same */
	o.since = NULL;
	o.from = "main~1";
	walk_ok(m, &synthetic, &o, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].subject, "edit c");
	assert_string_equal(r.v[1].branch, "own");
	recs_free(&r);
	/* up to Ballot X: 'late' is compared with the default branch's head */
	o.from = "main~2";
	o.to = "main~1";
	walk_ok(m, &synthetic, &o, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].subject, "Ballot X: c and d (#2)");
	assert_string_equal(r.v[1].branch, "own");
	history_done(&r, m);
}

/* A draft that grew from another branch's work in progress, which was
 * adopted since (squash-merged in its final wording), proposes what it
 * changed on top of that work: its record is diffed against the last commit
 * it shares with the adopted branch, not against the default branch, where
 * the old wording would show as its own (cabforum-servercert's clarifyOUinCAs
 * off the SC-62 profiles work). A draft grown from an open one keeps the
 * whole diff: the shared part is still a proposal. */
static void test_draft_off_adopted_work(void **state)
{
	static const char script[] =
	    "printf 'a\\nb\\n' > doc.md && git add doc.md && git commit -qm one && "
	    "git checkout -qb wip && printf 'a\\nb\\np1\\np2\\n' > doc.md && "
	    "git commit -qam 'profiles wip' && "
	    "git checkout -qb ou && printf 'a\\nb\\np1\\nou\\np2\\n' > doc.md && "
	    "git commit -qam 'No OU in CA certificates' && "
	    "git checkout -q wip && printf 'a\\nb\\nP1\\np2\\np3\\n' > doc.md && "
	    "git commit -qam 'profiles final' && "
	    "git checkout -q main && printf 'a\\nb\\nP1\\np2\\np3\\n' > doc.md && "
	    "git commit -qam 'Ballot P: profiles (#9)' && "
	    "git checkout -qb open1 main && echo q >> doc.md && git commit -qam 'Add q' && "
	    "git checkout -qb alt && sed -i s/^q$/Q/ doc.md && echo r >> doc.md && "
	    "git commit -qam 'Q and r instead'";
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	char *m = history_of(script, &synthetic, &o, &r), *out = NULL;
	(void)state;
	/* two adopted; alt, open1 (alt drops q: both), ou; wip is adopted */
	assert_int_equal(r.n, 5);
	assert_string_equal(r.v[2].branch, "alt");
	assert_string_equal(r.v[2].lines, "doc.md\n+6:Q\n+7:r\n");
	assert_string_equal(r.v[3].branch, "open1");
	assert_string_equal(r.v[4].branch, "ou");
	assert_string_equal(r.v[4].lines, "doc.md\n+4:ou\n");
	assert_int_equal(tu_sh(&out, NULL, "git -C '%s' rev-parse 'ou^' main", m), 0);
	assert_memory_equal(r.v[4].parent, out, 40);      /* 'profiles wip' */
	assert_memory_equal(r.v[2].parent, out + 41, 40); /* the merge base */
	free(out);
	history_done(&r, m);
}

/* A draft branch whose document stands, as the branch has it, on the default
 * branch (squash-merged, then left behind) proposes nothing: not reported;
 * a branch with text of its own is. */
static void test_squashed_draft_not_reported(void **state)
{
	static const char script[] =
	    "printf 'a\\nb\\n' > doc.md && git add doc.md && git commit -qm one && "
	    "git checkout -qb squashed && echo c >> doc.md && git commit -qam 'c, part 1' && "
	    "git checkout -q main && echo c >> doc.md && git commit -qam 'Ballot X (#1)' && "
	    "echo d >> doc.md && git commit -qam later && "
	    "git checkout -qb open && echo e >> doc.md && git commit -qam 'e proposed'";
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	char *m = history_of(script, &synthetic, &o, &r);
	(void)state;
	assert_int_equal(r.n, 4); /* three adopted, the open draft */
	assert_int_equal(r.v[3].status, PW_STATUS_PROPOSED);
	assert_string_equal(r.v[3].branch, "open");
	history_done(&r, m);
}

/* A draft's proposal: the oldest of the branch's own commits that says
 * what it does (no merge, no applied suggestion, no "Update doc.md (#12)");
 * the newest such since the merge base when its own commits have none. A
 * draft another one grew from (its head in that one's history) is not
 * reported when the later one keeps every line it adds: the later one is,
 * continuing it; when the later one drops one, both are. A branch with no
 * history in common with the default one is no draft. Adopted changes have
 * none. */
static void test_draft_proposal(void **state)
{
	static const char script[] =
	    "printf 'a\\nb\\n' > doc.md && git add doc.md && git commit -qm one && "
	    "git checkout -qb alpha && echo c >> doc.md && git commit -qam 'Update doc.md' && "
	    "echo d >> doc.md && git commit -qam 'Add d to the rules' && "
	    "echo e >> doc.md && git commit -qam 'Apply suggestion from @bob' && "
	    "git checkout -q main && echo z > other.txt && git add other.txt && "
	    "git commit -qm 'main moves on' && git checkout -q alpha && "
	    "git merge -q --no-edit main && "
	    "git checkout -qb beta && echo f >> doc.md && git commit -qam 'Update doc.md (#12)' && "
	    "echo g >> doc.md && git commit -qam 'Beta: g' && "
	    "git checkout -qb gamma main && sed -i s/a/A/ doc.md && "
	    "git commit -qam 'Update doc.md (#13)' && git merge -q --no-edit alpha && "
	    "git checkout -qb delta main && echo i >> doc.md && git commit -qam 'Reword i' && "
	    "echo j >> doc.md && git commit -qam 'Add j' && git checkout -qb epsilon && "
	    "echo k >> doc.md && git commit -qam 'Add k' && "
	    /* eta adds m and n; theta grew from it but drops n: an alternative */
	    "git checkout -qb eta main && printf 'm\\n\\nn\\n' >> doc.md && "
	    "git commit -qam 'Add m and n' && git checkout -qb theta && sed -i /^n$/d doc.md && "
	    "echo o >> doc.md && git commit -qam 'Replace n by o' && "
	    /* a history of its own (a site): no draft of the document */
	    "git checkout -q --orphan site && echo site > doc.md && git add doc.md && "
	    "git commit -qm 'Site'";
	pw_noise *noise = NULL;
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	char *m;
	size_t i, nondescript;
	static const struct {
		const char *branch, *proposal, *continues;
	} want[] = {
	    /* alpha: beta and gamma grew from it (not reported); beta's own:
	     * "Update doc.md (#12)" is GitHub's default */
	    {"beta", "Beta: g", "alpha"},
	    /* its own commit says nothing, alpha's merged in do not count first,
	     * then the newest of all that says */
	    {"gamma", "Add d to the rules", "alpha"},
	    /* delta: epsilon grew from it */
	    {"epsilon", "Add k", "delta"},
	    /* theta grew from eta without its n: eta proposes n, theta does not */
	    {"eta", "Add m and n", NULL},
	    {"theta", "Replace n by o", "eta"},
	};
	(void)state;
	assert_int_equal(pw_noise_load(&noise, NULL), 0);
	o.noise = noise;
	m = history_of(script, &synthetic, &o, &r);
	/* "main moves on" touches no document; alpha and delta are earlier
	 * states of beta, gamma and epsilon; site shares no history */
	assert_int_equal(r.n, 1 + 5);
	for (i = 0; i < r.n; i++)
		if (r.v[i].status == PW_STATUS_ADOPTED)
			assert_null(r.v[i].proposal);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		size_t k;
		for (k = 0; k < r.n && strcmp(r.v[k].branch, want[i].branch) != 0; k++)
			;
		if (k == r.n)
			fail_msg("draft %s not reported", want[i].branch);
		assert_int_equal(r.v[k].status, PW_STATUS_PROPOSED);
		if (!r.v[k].proposal || strcmp(r.v[k].proposal, want[i].proposal) != 0)
			fail_msg("%s: proposal '%s', want '%s'", want[i].branch,
			         r.v[k].proposal ? r.v[k].proposal : "(none)", want[i].proposal);
		if (!want[i].continues)
			assert_null(r.v[k].continues);
		else if (!r.v[k].continues || strcmp(r.v[k].continues, want[i].continues) != 0)
			fail_msg("%s: continues '%s', want '%s'", want[i].branch,
			         r.v[k].continues ? r.v[k].continues : "(none)", want[i].continues);
	}
	recs_free(&r);
	/* the rules are data: without noise.json GitHub's default subject is a
	 * subject like any (gamma's own "Update doc.md (#13)") */
	o.noise = NULL;
	walk_ok(m, &synthetic, &o, &r);
	for (i = 0; i < r.n && strcmp(r.v[i].branch, "gamma") != 0; i++)
		;
	assert_true(i < r.n);
	assert_string_equal(r.v[i].proposal, "Update doc.md (#13)");
	recs_free(&r);
	/* nor without its "nondescript" patterns only: beta's oldest own commit */
	nondescript = noise->nnondescript;
	assert_true(nondescript > 0);
	noise->nnondescript = 0;
	o.noise = noise;
	walk_ok(m, &synthetic, &o, &r);
	noise->nnondescript = nondescript;
	for (i = 0; i < r.n && strcmp(r.v[i].branch, "beta") != 0; i++)
		;
	assert_true(i < r.n);
	assert_string_equal(r.v[i].proposal, "Update doc.md (#12)");
	pw_noise_free(noise);
	history_done(&r, m);
}

static void expect_walk_error(const char *mirror, const pw_source *s, const pw_history_opts *o,
                              int code, const char *fragment)
{
	recs r = {0};
	int rc = pw_history_walk(mirror, s, o, collect, &r);
	if (rc != code || !strstr(pw_error_last(), fragment))
		fail_msg("expected %d \"%s\", got %d \"%s\"", code, fragment, rc, pw_error_last());
	assert_int_equal(r.n, 0);
	recs_free(&r);
}

/* Lines xdiff reads for more than their equality: indentation (spaces, a
 * tab, a form feed, a CR), lines of whitespace only, a last line without
 * newline; groups it may slide (a function added between two, blank lines
 * added beside blank lines, repeated lines); a NUL byte (binary). */
static const char tokens_script[] =
    "printf '# T\\n\\ndef a():\\n    x = 1\\n\\ndef b():\\n\\ty = 2\\n\\n  \\t \\n\\r\\n\\f "
    "ff\\nsame\\nsame\\n"
    "  same\\nend' > doc.md && git add doc.md && git commit -qm one && "
    "printf '# T\\n\\ndef a():\\n    x = 1\\n\\ndef c():\\n    z = 3\\n\\ndef b():\\n\\ty = "
    "2\\n\\n  \\t \\n"
    "\\r\\n\\f ff\\nsame\\nsame\\n  same\\nend' > doc.md && git commit -qam 'function added' && "
    "printf '# T\\n\\ndef a():\\n    x = 1\\n\\ndef c():\\n    z = 3\\n\\n\\ndef b():\\n\\ty = "
    "2\\n\\n\\r\\n"
    "\\f ff\\nsame\\nsame\\nsame\\nsame\\nend\\n' > doc.md && git commit -qam 'blank, same, "
    "newline' && "
    "printf '# T\\n\\ndef a():\\n    x = 1\\n\\n\\n\\ndef b():\\n    y = 2\\n\\n\\r\\n\\f "
    "ff\\nsame\\nsame\\n"
    "end' > doc.md && git commit -qam 'function removed' && "
    "printf '{\\n    one();\\n}\\n{\\n    three();\\n}\\n' > doc.md && git commit -qam braces && "
    "printf '{\\n    one();\\n}\\n{\\n    two();\\n}\\n{\\n    three();\\n}\\n' > doc.md && "
    "git commit -qam 'block added' && "
    "printf '# T\\n\\0\\n' > doc.md && git commit -qam binary && "
    "printf '# T\\n\\ndef a():\\n\\tx = 1\\n' > doc.md && git commit -qam 'text again' && "
    "git checkout -qb draft && printf '# T\\n\\n\\ndef a():\\n  x = 1\\n\\n' > doc.md && "
    "git commit -qam draft";

/* Each diff made of the documents' tokens (lineclass.h) has the lines of
 * the diff of the blobs as they are (the test hook makes both) and those of
 * git diff; the binary revision is diffed as it is. */
static void test_token_diffs_equal_blob_diffs(void **state)
{
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs r = {0};
	size_t k;
	char *m;
	(void)state;
	pw_history_check_diffs = 1;
	pw_history_diffs_checked = pw_history_diff_mismatches = 0;
	m = history_of(tokens_script, &synthetic, &o, &r);
	pw_history_check_diffs = 0;
	assert_int_equal(r.n, 9);
	/* both sides text: 5 adopted diffs (one side of the binary revision's
	 * two has a NUL byte, the first change no old side) and the draft's,
	 * twice (find_adopted diffs it quietly before it is reported) */
	assert_int_equal(pw_history_diffs_checked, 7);
	assert_int_equal(pw_history_diff_mismatches, 0);
	for (k = 0; k < r.n; k++) {
		const char *base = r.v[k].parent[0] ? r.v[k].parent : EMPTY_TREE;
		char *want = git_lines(m, &synthetic, base, r.v[k].commit, "doc.md");
		if (strcmp(want, r.v[k].lines) != 0)
			fail_msg("%s: got\n%s\ngit diff says\n%s", r.v[k].subject, r.v[k].lines,
			         want);
		free(want);
	}
	/* the indent heuristic's choice among the places the block may slide
	 * to (git diff's, above; without it: "+5:    two();", "+6:}", "+7:{") */
	assert_string_equal(r.v[2].subject, "block added");
	assert_string_equal(r.v[2].lines, "doc.md\n+4:{\n+5:    two();\n+6:}\n");
	assert_string_equal(r.v[6].subject, "function added");
	assert_string_equal(r.v[6].lines, "doc.md\n+6:def c():\n+7:    z = 3\n+8:\n");
	history_done(&r, m);
}

/* The real histories, drafts included: every diff of tokens equals the diff
 * of the blobs. */
static void test_token_diffs_real(void **state)
{
	const char *up = tu_upstream_or_skip();
	size_t i;
	(void)state;
	pw_history_check_diffs = 1;
	pw_history_diffs_checked = pw_history_diff_mismatches = 0;
	for (i = 0; i < sources->count; i++) {
		const pw_source *s = &sources->items[i];
		char *m = mirror_of(up, s->id);
		pw_history_opts o = {.drafts = 1, .with_text = 1};
		recs r = {0};
		walk_ok(m, s, &o, &r);
		recs_free(&r);
		free(m);
	}
	pw_history_check_diffs = 0;
	print_message("%zu diffs of tokens compared, %zu differ\n", pw_history_diffs_checked,
	              pw_history_diff_mismatches);
	assert_true(pw_history_diffs_checked > 400);
	assert_int_equal(pw_history_diff_mismatches, 0);
}

/* Missing or corrupt mirrors, unknown revisions and branches, bad dates. */
static void test_errors(void **state)
{
	char *d = make_repo(synthetic_script), *m = mirror_of(d, "repo"), *bad;
	pw_history_opts o = PW_HISTORY_OPTS_INIT;
	pw_source nobranch = synthetic;
	(void)state;
	bad = mirror_of(d, "missing");
	expect_walk_error(bad, &synthetic, &o, PW_ENOTFOUND, "does not exist");
	free(bad);
	expect_walk_error(d, &synthetic, &o, PW_ERROR, d); /* not a repository */
	o.since = "2024-02-30";
	expect_walk_error(m, &synthetic, &o, PW_EINPUT, "expected a date");
	o.since = NULL;
	o.from = "nosuchrev";
	expect_walk_error(m, &synthetic, &o, PW_ENOTFOUND, "unknown revision 'nosuchrev'");
	o.from = NULL;
	o.to = "0123456789abcdef0123456789abcdef01234567";
	expect_walk_error(m, &synthetic, &o, PW_ENOTFOUND, "unknown revision");
	o.to = NULL;
	nobranch.branch = "trunk";
	expect_walk_error(m, &nobranch, &o, PW_ENOTFOUND, "branch 'trunk' not found");
	/* objects gone: an error, not a crash */
	assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && rm -rf objects/?? objects/pack/*", m), 0);
	expect_walk_error(m, &synthetic, &o, PW_ERROR, "synthetic");
	free(m);
	tu_rmrf(d);
	free(d);
}

/* The process-wide tuning changes nothing in what is reported (runs after
 * the others but the token tests: the settings stay for the rest of the
 * process). */
static void test_tune_keeps_results(void **state)
{
	pw_history_opts o = {.drafts = 1, .with_text = 1};
	recs a = {0}, b = {0};
	char *m = history_of(synthetic_script, &synthetic, &o, &a);
	size_t k;
	(void)state;
	assert_int_equal(pw_history_tune(), 0);
	walk_ok(m, &synthetic, &o, &b);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.n, b.n);
	for (k = 0; k < a.n; k++) {
		assert_string_equal(a.v[k].commit, b.v[k].commit);
		assert_string_equal(a.v[k].lines, b.v[k].lines);
	}
	recs_free(&b);
	history_done(&a, m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_history_equals_git),
	    cmocka_unit_test(test_known_commit_equals_git_diff_u0),
	    cmocka_unit_test(test_since_stops_at_older_commit),
	    cmocka_unit_test(test_from_to_range),
	    cmocka_unit_test(test_drafts_are_proposed),
	    cmocka_unit_test(test_draft_proposal),
	    cmocka_unit_test(test_merge_counts_as_one_change),
	    cmocka_unit_test(test_renames_are_followed),
	    cmocka_unit_test(test_readded_document),
	    cmocka_unit_test(test_squashed_draft_not_reported),
	    cmocka_unit_test(test_adopted_text_draft_not_reported),
	    cmocka_unit_test(test_text_adopted_then_edited),
	    cmocka_unit_test(test_range_keeps_draft_rules),
	    cmocka_unit_test(test_draft_off_adopted_work),
	    cmocka_unit_test(test_token_diffs_equal_blob_diffs),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_tune_keeps_results),
	    /* tuned (as the CLI is): the tokens go to libgit2 as blobs, not buffers */
	    cmocka_unit_test(test_token_diffs_equal_blob_diffs),
	    cmocka_unit_test(test_token_diffs_real),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
