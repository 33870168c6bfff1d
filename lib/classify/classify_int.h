/* Internals shared by the classifier's files (classify.c: rules, ballot,
 * kind, tags, JSON; classify_doc.c: what one document's diff says). */
#ifndef PW_CLASSIFY_INT_H
#define PW_CLASSIFY_INT_H

#include <stdint.h>

#include "util/buf.h"
#include "classify/classify.h"
#include "classify/definitions.h"
#include "classify/sections.h"
#include "classify/tags.h"
#include "classify/textkey.h"

/* Lines at the top of a document that may declare its version. */
#define VERSION_HEADER_LINES 15
/* Longest excerpt kept as an effective date's text. */
#define TEXT_MAX 200
/* Added lines longer than this get a warning (they are still read). */
#define LONG_LINE 65536
/* The tags that say which kind of certificate a change concerns. */
#define CERT_TAGS (PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING | PW_TAG_NETSEC)
/* A cell this long (bytes) identifies its row. */
#define DESCRIPTIVE_CELL 12
/* Changes of at most this many words (links aside) are editorial. */
#define EDITORIAL_WORDS 4
/* Distinguishes a table cell's hash from a whole line's. */
#define FRAG_SALT 0x5bd1e995u
/* Word-set similarity above which an added and a removed line are twins. */
#define TWIN_SIMILARITY 0.5

/* The index of a document revision, kept from one change to the next: the
 * old revision of one change is the new one of the next (older) change,
 * which delivers the same blob's text again, so no copy is kept. */
typedef struct {
	char *path;
	char id[41]; /* the revision's blob id: reused only for the same blob */
	size_t len;
	pw_section_index idx;
	pw_textkey_set keys;
} pw_rev_cache;

#define CACHE_SLOTS 4

/* Definitions of one document revision, by blob id; two more slots hold
 * revisions without an id (parsed each time). */
typedef struct {
	char id[41];
	pw_definitions defs;
	unsigned long used; /* tick of the last use */
} pw_defs_slot;

#define DEFS_SLOTS 6

/* A rule's `when`: every release; only when the change states no date after
 * its commit; only when the released version's own date (header, change
 * history) is not after its commit (no such date: as the previous). */
enum { PW_DERIVE_ALWAYS, PW_DERIVE_NO_FUTURE_DATE, PW_DERIVE_NO_FUTURE_VERSION_DATE };

/* A rule of rules/deadlines.json: a deadline derived from a release. */
typedef struct {
	char *id;
	char *source;       /* source id */
	char *document;     /* document path */
	int when;           /* PW_DERIVE_* */
	int from_effective; /* counted from the release's effective date, else the commit's */
	long days;
	pw_rootprogs programs; /* the TSPs bound: those in these programs (0: all) */
	char *text;
	char *event; /* the calendar title ("{change}": the change), or NULL */
} pw_derived_rule;

struct pw_classifier {
	pw_rev_cache cache[CACHE_SLOTS];
	pw_tag_rules *tags;
	pw_strlist triggers; /* effective-date wording before a date */
	pw_strlist blockers; /* wording right before a date that makes it no requirement date */
	pw_strlist effective_columns; /* table header words of effective/compliance dates */
	pw_strlist excluded_columns;  /* table header words of publication/adoption dates */
	pw_strlist past_exempt;       /* words right before a date that state it even when past */
	pw_strlist ranges;    /* words right after a date that open a range from it ("or later") */
	long window;          /* how far before a date its wording may start */
	long past_days;       /* prose dates this many days before the commit are past events */
	long table_past_days; /* the same for dates in effective-date table columns */
	long blocker_window;
	pw_strlist editorial_words; /* subject words of an editorial change (kinds.json) */
	pw_strlist tooling_words;   /* ... of a change to the build, templates, CI */
	pw_strlist revert_words;    /* ... a revert's subject starts with */
	/* words that, before a number, cite a version of a referenced standard
	 * ("RFC 7482", "Version 1.7"; kinds.json "references") */
	pw_strlist reference_words;
	pw_defs_slot defs[DEFS_SLOTS + 2];
	unsigned long defs_tick;
	long common_uses; /* a term named on more lines is too common to quote (terms.json) */
	long max_used;    /* terms named (not changed) listed per document, rarest first */
	pw_strlist adopted_ballots; /* "<source id> <ballot>" of adopted changes classified */
	pw_derived_rule *derived;   /* deadlines.json */
	size_t nderived;
	pw_noise *noise; /* noise.json: what a draft's proposal is not (history.h) */
};

/* Word hashes (a multiset once sorted). */
typedef struct {
	uint64_t *w;
	size_t n, cap;
} pw_word_bag;

/* A piece of a diff's text (borrowed). */
typedef struct {
	const char *s;
	size_t n;
} pw_text_span;

/* An added line lower-cased for the tag rules, kept for the line that may
 * continue it (a wrapped phrase is read on the two lines joined). */
typedef struct {
	const char *s; /* the line (borrowed from the diff); NULL: none */
	size_t n;
	pw_buf low;
	pw_tags_line line;
} pw_lowered;

/* A line a "new_sentence" rule matched, held until the document is read:
 * its text (owned; two lines joined by a blank at `split`, else split == n),
 * side and section (borrowed from the document's index). */
typedef struct {
	size_t rule;
	int added;
	char *text;
	size_t n, split;
	const char *sec_id, *sec_title;
} pw_held_line;

/* One pw_classify call. */
typedef struct {
	pw_classifier *cl;
	const pw_commit_change *cc;
	pw_classification *out;
	long commit_key;            /* commit date as a date key */
	pw_strlist row_ballots;     /* ballots of new revision-table rows */
	pw_strlist updated_ballots; /* ballots of changed rows of existing versions */
	pw_strlist prose_ballots;   /* ballots named on new prose lines ... */
	pw_strlist removed_ballots; /* ... and on removed ones */
	pw_strlist row_versions;    /* "<document index> <version>" of those new rows */
	pw_buf low;                 /* scratch */
	pw_lowered lowered[2];      /* the last two added lines the tag rules read */
	int newest;                 /* which of them came last */
	pw_tagset rule_tags;
	size_t *novel; /* per rule: its phrases on lines matching a "novel" rule, added [2i],
	                  removed [2i+1] */
	pw_word_bag *reworded;    /* per rule: the words of the lines a "reworded" rule
	                             matches in the document read, removed [2i], added [2i+1] */
	size_t *reworded_changed; /* per rule: how far they changed, over the documents */
	pw_held_line *held;       /* lines "new_sentence" rules matched in the document read */
	size_t nheld, capheld;
	int normative;
	int released;               /* a versioned document declares a new version */
	const char *release_prefix; /* borrowed: that document's version prefix */
	char *release;              /* the version released */
	pw_strlist released_docs;   /* the documents that release a version */
	char release_date[11];      /* the release's effective date (its table row), or "" */
	/* "<date> <path>": the dates a released version of document <path>
	 * states for itself (its header line, its change-history row) */
	pw_strlist version_dates;
	int versioned;  /* the change touches a versioned document */
	int table_lost; /* ... that declared versions and declares none now */
	/* "<path> line N: <why>": a change-history table of a versioned
	 * document the change edits that is no valid table (its versions and
	 * dates were read line by line, or from the prose); NULL: none */
	char *table_fault;
	/* versioned documents whose old revision dated its versions (a date
	 * in a change-history row): a release of one is expected to date
	 * itself too */
	pw_strlist dated_docs;
	/* "<version> <path>": the version a release of document <path>
	 * supersedes (the highest its old revision declares) */
	pw_strlist superseded;
	const char *version_prefix; /* borrowed: the prefix of such a document */
	const char *current_prefix; /* borrowed: a versioned document's prefix ... */
	char *current;              /* ... and the version it stands at (no release) */
	const char *draft_prefix;   /* borrowed: a document whose header marks ... */
	char *draft;                /* ... this version as a draft, before or after */
	int doc_new;                /* the document being read has no old revision */
	int live_edit; /* the change edits the published text of a live versioned document */
	/* word hashes of removed [2] and added [3] prose lines, and of removed
	 * [0] and added [1] table rows and YAML front matter */
	uint64_t *words[4];
	size_t nwords[4], capwords[4];
	int sorted[4];
	/* per bucket: the number of words and the lines they stand on, hashed
	 * into words[] only when the counts leave the change's kind open
	 * (pw_classify_words_hash) */
	size_t wcount[4];
	pw_text_span *wlines[4];
	size_t nwlines[4], capwlines[4];
	pw_textkey_set section_keys; /* keys of the ids in out->sections (doc_line's) */
	/* the document being read (classify_doc.c's context; NULL between
	 * documents): whose text states the dates found */
	const void *reading;
} pw_classify_run;

void pw_classify_cache_clear(pw_rev_cache *c);
/* Reads document `doc_index` of the change into the run's result. */
int pw_classify_doc(pw_classify_run *r, size_t doc_index);
/* The defined terms the change relies on (after the kind is known). */
int pw_classify_terms(pw_classify_run *r);
void pw_classify_terms_clear(pw_classification *c);
/* Loads deadlines.json when present; frees its rules. */
int pw_classify_derived_rules(pw_classifier *cl, const char *rules_dir);
void pw_classify_derived_free(pw_classifier *cl);
/* Adds the deadlines the rules derive from the change (after its dates). */
int pw_classify_derive(pw_classify_run *r);

/* Loads terms.json when present. */
int pw_classify_terms_rules(pw_classifier *cl, const char *rules_dir);
void pw_classify_defs_free(pw_classifier *cl);
/* Size of the symmetric multiset difference of removed and added words
 * (prose: of prose lines only); above EDITORIAL_WORDS it may be a lower
 * bound (still above it): callers only compare it with EDITORIAL_WORDS. */
size_t pw_classify_words_changed(pw_classify_run *r, int prose);
/* Hashes the words of the changed lines when pw_classify_words_changed will
 * compare them (their counts differ by EDITORIAL_WORDS or less); after the
 * documents are read, before pw_classify_words_changed. */
int pw_classify_words_hash(pw_classify_run *r);

#endif
