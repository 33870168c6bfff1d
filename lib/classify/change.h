/* The change record: what `pkiwatch changes` reports for one change, built
 * from a history entry. The classifier fills in further fields. */
#ifndef PW_CHANGE_H
#define PW_CHANGE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "classify/classify.h"
#include "util/buf.h"
#include "upstream/history.h"

typedef struct {
	char *path; /* the document's path in the source repository */
} pw_change_doc;

typedef struct {
	char *id;     /* "<source id>@<first 12 hex of the commit>" */
	char *source; /* source id */
	char commit[41];
	char parent[41]; /* "" for a root commit */
	char date[11];   /* committer date, YYYY-MM-DD */
	int64_t time;
	char *subject;
	/* the first line of the message's body (GitHub's merge of a pull
	 * request: the pull request's title), or NULL */
	char *summary;
	char *proposal;  /* a draft: what its branch proposes (history.h), or NULL */
	char *continues; /* a draft: the draft branch it grew from (history.h), or NULL */
	char *branch;
	int status; /* PW_STATUS_ADOPTED or PW_STATUS_PROPOSED */
	/* a draft left standing (core/noise.h pw_noise_stale): set by the
	 * change stream when it is given the run's day */
	int stale;
	pw_change_doc *docs;
	size_t ndocs;
	char *url;             /* https://github.com/<repository>/commit/<commit> */
	int classified;        /* cls holds the classifier's fields (pw_classify) */
	pw_classification cls; /* ballot, kind, versions, sections, dates, tags */
} pw_change;

/* Fills `c` (owned copies) from a history entry. On failure `c` is cleared. */
int pw_change_init(pw_change *c, const pw_commit_change *cc);

void pw_change_clear(pw_change *c);

/* "adopted" or "proposed". */
const char *pw_change_status_name(int status);

/* The change's own title, as plain untrusted text appended to `b` (the
 * caller neutralises it where it lands): the subject after a leading
 * reference to the change's ballot ("SC-86: Sunset ..." -> "Sunset ...",
 * "Ballot SMC010 - Introduction ..." -> "Introduction ..."), so that a title
 * naming the ballot does not say it twice. A merge ("Merge pull request
 * #287 from mozilla/3.0", "Merge branch 'x'", "Merge updated ...") says
 * nothing of the change, its documents' versions do: a release is
 * "rootstore/policy.md version 3.0" (so is a ballot's); an edit of a
 * released version (editorial, tooling, revert) adds
 * what the merge's body says it is and its pull request ("content/index.md
 * version 1.6: Address Nit (Trailing Period on Section Header) (#3)"), else
 * its branch, so that two edits of one version are told apart. A subject
 * naming another ballot or
 * more than one stays whole; an empty subject writes nothing. A draft with
 * a proposal is titled by it instead of its head commit's subject (a merge
 * of the default branch into it, an applied review suggestion): after its
 * ballot as above, or after its branch's name when it has none
 * ("recording-validation-method: Improve recording of validation methods"). */
int pw_change_title(pw_buf *b, const pw_change *c);

/* The JSON record (caller deletes it), or NULL with the error set. */
cJSON *pw_change_to_json(const pw_change *c);

#endif
