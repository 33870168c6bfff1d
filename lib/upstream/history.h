/* The change history of a source: first-parent commits of the default branch
 * (adopted) and, optionally, draft branches (proposed), each restricted to the
 * source's documents and delivered with its diff. */
#ifndef PW_HISTORY_H
#define PW_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "core/noise.h"
#include "core/sources.h"

typedef struct {
	char origin;         /* '+' added, '-' removed */
	int old_lineno;      /* 1-based line in the old document; 0 for added lines */
	int new_lineno;      /* 1-based line in the new document; 0 for removed lines */
	const char *content; /* the line without its newline; not NUL-terminated */
	size_t len;
} pw_diff_line;

typedef struct {
	const char *path;
	/* the whole old revision ("" when the document is new; when it was
	 * deleted before and is added again, its text when last seen) */
	const char *old_text;
	size_t old_len;
	const char *new_text; /* the whole new revision ("" when deleted) */
	size_t new_len;
	char old_id[41]; /* blob ids of the two revisions ("" when absent or no text) */
	char new_id[41];
	const pw_diff_line *lines; /* added and removed lines, in diff order */
	size_t nlines;
	int binary; /* libgit2 read a revision as binary: no lines were diffed */
	/* the document appears as a copy: its old side was read from a former
	 * path that still stands, so its removed lines are still there */
	int copy;
	/* the old side was read from another path that no longer stands: the
	 * document was renamed (policy.md -> content/index.md) */
	int renamed;
	/* the document's changelog file (pw_document.changelog) at the parent
	 * and at the commit ("" when absent or no text was asked for) */
	const char *changelog_old;
	size_t changelog_old_len;
	const char *changelog_new;
	size_t changelog_new_len;
} pw_doc_diff;

enum { PW_STATUS_ADOPTED = 0, PW_STATUS_PROPOSED = 1 };

typedef struct {
	const pw_source *source;
	char commit[41];
	/* first parent (adopted); merge base, or the commit it shares with an
	 * adopted branch's work (proposed: pw_history_walk); "" for a root */
	char parent[41];
	char date[11];       /* committer date, YYYY-MM-DD, in the committer's time zone */
	int64_t time;        /* committer time, seconds since the epoch */
	const char *subject; /* first line of the message */
	const char *message; /* the whole message */
	const char *branch;  /* the branch the change is on */
	/* the version a repository tag ("v2.0", "1.0.3") names for this commit
	 * (without the "v"), or NULL */
	const char *version_tag;
	int status; /* PW_STATUS_ADOPTED or PW_STATUS_PROPOSED */
	/* a draft: the subject that says what its branch proposes (see
	 * pw_history_walk), or NULL (an adopted change, or none says it) */
	const char *proposal;
	/* a draft: the first other draft branch (in name order) whose head its
	 * own history holds, which it continues (as its later state, or as an
	 * alternative: pw_history_walk); NULL for none */
	const char *continues;
	const pw_doc_diff *docs;
	size_t ndocs;
} pw_commit_change;

typedef struct {
	const char *since; /* YYYY-MM-DD: stop at commits older than this; NULL = all */
	const char *from;  /* revision: only changes after it (exclusive); NULL = root */
	const char *to;    /* revision to start from; NULL = the default branch head */
	int drafts;        /* also report draft branches as proposed changes */
	int with_text;     /* load whole old/new documents (the classifier needs them) */
	/* subjects that say nothing of what a draft proposes (rules/noise.json's
	 * subject prefixes, an applied review suggestion, and its nondescript
	 * patterns, "Update BR.md"); NULL: none */
	const pw_noise *noise;
} pw_history_opts;

#define PW_HISTORY_OPTS_INIT                                                                       \
	{                                                                                          \
		.since = NULL                                                                      \
	}

/* Return non-zero from the callback to stop the walk; pw_history_walk then
 * returns that value. */
typedef int (*pw_history_cb)(const pw_commit_change *change, void *payload);

/* Process-wide libgit2 settings for reading long histories fast in little
 * memory: no re-hashing of objects on read (git does not either; fetched packs
 * were verified when indexed), no object cache (each commit's trees are read
 * once), pack files mapped in bounded windows. Call once before walking, in
 * a process that only reads (the CLI's changes command). */
int pw_history_tune(void);

/* Walks the bare mirror at `mirror_path`, newest first; commits that do not
 * touch any document of `src` are skipped. A merge counts as one change,
 * diffed against its first parent. A document the parent lacks (on its path
 * and every former one) that stood earlier in the parent's first-parent
 * history (deleted, then added again) is diffed against the text it had when
 * last seen there: added again as it was, it did not change (a commit that
 * changes nothing else is not reported); added with other text, the change
 * is the difference, not a new document. Drafts (opts->drafts) follow the adopted
 * changes: one change per branch whose head is not on the default branch,
 * diffed against the merge base, in branch-name order (opts->since also
 * drops drafts whose head is older); a draft whose changed documents all
 * stand, as it has them, in the adopted history is not reported (a
 * branch left behind after its squash merge), nor one whose every added
 * line (blank ones aside) stands in the default branch head's text of its
 * document or was added to it by an adopted change committed after the
 * draft's merge base (adopted, then edited on, or only the default branch
 * merged in). Both rules see the default branch's history back to the
 * oldest merge base of the drafts that may be reported also when
 * opts->since, ->from or ->to cut the reported range short: that history is
 * then walked again without reporting it.
 * A draft that grew from another branch's work before that branch's proposal
 * was adopted (by the two rules above) proposes what it changed since: it
 * is diffed against the newest commit it shares with such a branch that is
 * not on the default branch (its `parent`), and its added lines are read
 * against the default branch as above.
 * A draft whose head another draft branch's history holds, and whose every
 * non-blank added line that branch's text of the document keeps, is an
 * earlier state of that proposal and is not reported: the branch that grew
 * from it is, with `continues` naming it. When the later branch drops or
 * rewords a line of it, the later one is an alternative and both are
 * reported (the later one still with `continues`). A branch that shares no
 * history with the default one (a site's gh-pages) is no draft and is not
 * walked.
 * A draft's proposal is the subject of the oldest of the branch's own
 * commits (on no other branch, the default one included) that says what it
 * does: not a merge, not one of opts->noise's subjects, not one of its
 * nondescript subjects ("Update BR.md (#482)", GitHub's default:
 * pw_noise_nondescript); when its own commits
 * have none (or it has none: another branch has the same head), the newest such
 * subject since the merge base.
 * Errors: PW_ENOTFOUND for a missing mirror, branch or revision, PW_EINPUT
 * for a bad date, PW_ERROR otherwise. */
int pw_history_walk(const char *mirror_path, const pw_source *src, const pw_history_opts *opts,
                    pw_history_cb cb, void *payload);

#endif
