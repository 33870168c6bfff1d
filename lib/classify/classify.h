/* The diff classifier: turns one history entry (commit + per-document diff
 * and whole old/new texts) into the classified fields of the change record:
 * ballot, kind, document versions, changed sections, effective dates and
 * applicability tags. The rules (rules/tags.json, rules/dates.json,
 * rules/kinds.json) are data. */
#ifndef PW_CLASSIFY_H
#define PW_CLASSIFY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "upstream/history.h"
#include "util/buf.h"
#include "classify/tags.h"
#include "core/rootprog.h"
#include "core/tagset.h"

/* One statement of a date: the sections it names and an excerpt of its line. */
typedef struct {
	pw_strlist sections;
	char *text;
} pw_date_item;

typedef struct {
	char date[11]; /* YYYY-MM-DD */
	pw_strlist sections;
	char *text; /* a short excerpt of the (first) line that states it */
	/* a deadline derived by a rule of rules/deadlines.json, not stated on
	 * an added line: `text` is the rule's reason, and only TSPs in one of
	 * `programs` (0: any) are bound by it */
	int derived;
	pw_rootprogs programs;
	/* the date's own certificate types, 0: the change's. A derived
	 * deadline's: the default tags of the document whose new version
	 * derives it (the CCADB self-assessment template: tls), not those of
	 * everything else the change edits (0: a document without default
	 * tags). A stated date's, when narrower than the change's (a commit
	 * of several documents or sections of different types): the
	 * documents' default tags of the lines that state it, else the types
	 * the tag rules give those lines in their sections, else the
	 * fallback rule's (Apple 2.0's 2027-02-01 in "2.3 S/MIME Trust
	 * Purposes": smime, in a change of every type) */
	pw_tagset types;
	/* a stated date: a line states it that has no types of its own, so
	 * that `types` stays 0 (while the document is read) */
	int untyped;
	/* a derived deadline's title in a calendar: the rule's `event` with
	 * "{version}" replaced by the version released; "{change}" stands for
	 * the change's ballot or id (the .ics puts it in). NULL: no event */
	char *event;
	/* the released version's own date (its change-history row or header
	 * line): dropped when the change turns out to re-declare a version
	 * released before (pw_classify_link) */
	int release;
	/* every line that states it, in document order (items[0] is `text`'s):
	 * SC-81 states 2027-03-15 for the data reuse period (4.2.1) and for the
	 * validity period (6.3.2); none for a derived deadline */
	pw_date_item *items;
	size_t nitems;
} pw_effective_date;

/* A defined term a change relies on: named in its changed lines, or one
 * whose definition it adds, alters or removes (changed). */
typedef struct {
	char *term;           /* as the document writes it: "Extant S/MIME CA" */
	char *document;       /* the document that defines it */
	char *section;        /* its definitions section ("1.6.1", "Definitions") */
	char *definition;     /* as the change leaves it; NULL when the change removes it */
	char *old_definition; /* changed: as it read before (NULL when the change adds it) */
	int changed;
} pw_term_ref;

typedef struct {
	char *ballot;     /* canonical id, or NULL */
	const char *kind; /* "ballot", "editorial", "tooling", "policy-version", "revert" */
	char **versions;  /* per document of the change (same order), NULL when unknown */
	size_t nversions;
	pw_strlist sections; /* changed sections, in diff order */
	/* GitHub's heading anchors (sections.h) of the sections this record
	 * names (changed, or stating a date) that the change's first document
	 * has: anchors.items[i] is that of anchor_sections.items[i]. Not part
	 * of the JSON record. */
	pw_strlist anchor_sections, anchors;
	pw_effective_date *dates;
	size_t ndates;
	pw_tagset tags;
	pw_tagset doc_tags;  /* the documents' default tags (part of `tags`) */
	pw_strlist warnings; /* problems with the upstream text (best effort was made) */
	pw_term_ref *terms;  /* changed definitions first, then terms used, document order */
	size_t nterms;
	/* for pw_classify_link */
	int ballot_from; /* PW_BALLOT_FROM_* */
	int normative;   /* added text carries requirement keywords or dates */
	/* an edit of the text in force of a versioned document that declares
	 * no new version (kind editorial): its wording's tags still count */
	int amends;
	size_t prose_words; /* words changed outside tables and front matter */
	int adopted;
	/* a draft (proposed) that is no proposal: its ballot or version is
	 * adopted already, or it changes no requirement (editorial, tooling,
	 * revert); callers drop it */
	int superseded;
	/* a draft proposing requirements whose commits' subjects do not say
	 * so (none says what it does, or the one that does names an editorial
	 * fix: "nit - typo"): what it proposes, from its text ("Add 6.2.1
	 * Transitions Between CRL URLs"), replacing pw_commit_change.proposal;
	 * else NULL */
	char *proposal;
	/* the signals looked for (pw_classification_missing) */
	int expects_id; /* a ballot prefix or a version scheme: an id is expected */
	int table_lost; /* a versioned document that declared versions declares none now */
	/* a release whose version states no date of its own (header line,
	 * change-history row) where one is looked for: a version prefix's
	 * release stating no date at all, or a document whose old revision
	 * dated its versions in its change-history table */
	int version_undated;
	/* "<path> line N: <why>": a change-history table the change breaks or
	 * edits is no valid table (versions read line by line; NULL: none) */
	char *table_fault;
} pw_classification;

enum {
	PW_BALLOT_FROM_NONE = 0,
	PW_BALLOT_FROM_SUBJECT,
	PW_BALLOT_FROM_BRANCH,
	PW_BALLOT_FROM_TABLE, /* a revision row the change adds, or a version statement in prose */
	PW_BALLOT_FROM_VERSION,
	PW_BALLOT_FROM_LINK,
	PW_BALLOT_FROM_CURRENT, /* the version an edited versioned document stands at */
	PW_BALLOT_FROM_DRAFT,   /* the draft version an edited document's header names */
};

typedef struct pw_classifier pw_classifier;

/* Loads tags.json, dates.json, kinds.json and (optional) terms.json,
 * deadlines.json and noise.json from `rules_dir` (NULL:
 * pw_sources_rules_dir()), once for every change it classifies. */
int pw_classifier_load(pw_classifier **out, const char *rules_dir);
void pw_classifier_free(pw_classifier *cl);

/* The noise rules the classifier loaded (borrowed): subjects that name no
 * draft's proposal (pw_history_opts.noise). */
const pw_noise *pw_classifier_noise(const pw_classifier *cl);

/* Classifies one change. `out` is cleared first; on failure it is left empty.
 * The classifier keeps the index of the last old revision of each document,
 * so that a walk (newest first) indexes each revision once: not thread-safe. */
int pw_classify(pw_classifier *cl, const pw_commit_change *cc, pw_classification *out);

void pw_classification_clear(pw_classification *c);

/* The anchor of `section` in the change's first document, or NULL. */
const char *pw_classification_anchor(const pw_classification *c, const char *section);

/* The signals the change should carry and does not, one phrase each, into
 * `out`: "no ballot id found" (a ballot or policy version of a source with
 * ballot ids or a version scheme), "no effective date found" (a release
 * stating no date), "no effective date of the version found in its header
 * or change-history table" (a release whose dates are its requirements'
 * only: c->version_undated), "change-history table could not be read
 * (<path> line N: <why>)" (c->table_fault), "no version found in the header
 * or change-history table" (a versioned document whose table or header can
 * no longer be read: its prose alone was classified). */
int pw_classification_missing(const pw_classification *c, pw_strlist *out);

/* What a derived deadline is, appended to `out` where dates are listed: its
 * rule's event with "{change}" replaced by `change` (the change's ballot or
 * id): "Apple: follow CCADB-2.1 (within 14 days of publication)"; a rule
 * without an event: its reason (text). Nothing for a stated date. */
int pw_classify_date_what(pw_buf *out, const pw_effective_date *d, const char *change);

/* Adds ballot, kind, sections, effective_dates (the dates the text states),
 * derived_deadlines (date, text: the rule's reason, root_programs), tags,
 * missing_signals (pw_classification_missing) and terms to a change record object and a "version"
 * to each entry of its "documents" array (which lists the documents in the order of the history
 * entry). */
int pw_classification_to_json(const pw_classification *c, cJSON *record);

/* Cross-change pass over one source's adopted changes, newest first: a
 * change that states no ballot but makes normative changes inherits the
 * ballot that the next bookkeeping change (a revision-table row naming a
 * ballot no change claimed) records for it; and a ballot change that repeats
 * the ballot of the ballot change just before it and barely changes prose is that ballot's
 * bookkeeping follow-up (version, revision row, dates table): editorial, with the
 * documents' tags only. Looks at most PW_CLASSIFY_LINK_WINDOW changes away. */
#define PW_CLASSIFY_LINK_WINDOW 8

/* The same pass one change at a time, for a walk that keeps only a window:
 * pass 1 at cls[i] reads cls[i+1 .. i+W] as classified (before their own
 * pass 1); pass 2 at cls[i] reads cls[i-W .. i+W] after their pass 1 and the
 * newer ones after their pass 2 (W = PW_CLASSIFY_LINK_WINDOW). So with
 * changes appended newest first, after appending change m run pass 1 at m-W
 * and pass 2 at m-2W; change j is final after its pass 2 and no longer
 * needed once pass 2 ran at j+W. At the end, run the remaining steps in the
 * same order (all pass 1 first). `cls` may be a window: index 0 is then the
 * window's first change (which must satisfy the above). */
void pw_classify_link_step(pw_classification **cls, size_t n, size_t i, int pass);
void pw_classify_link(pw_classification **cls, size_t n);

#endif
