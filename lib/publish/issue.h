/* Issues for changes: grouping, title, labels and the Markdown body, with the
 * hidden markers that make publishing idempotent.
 *
 * Grouping: the changes of one ballot in one source share an issue, whose key
 * is "<source>:<ballot>" (e.g. "cabforum-smime:SMC-12"); a draft without a
 * ballot is keyed by its branch ("<source>:branch:<name>"), any other change
 * by its change id. The body carries, each on its own line:
 *   <!-- pkiwatch:issue <key> -->
 *   <!-- pkiwatch:change <id> -->      one per change in the issue
 *   <!-- pkiwatch:digest <hex> -->     the group's records (changes => update)
 *   <!-- pkiwatch:state <summary> -->  status, changes, dates, tags, sections
 * Upstream text is untrusted: it is neutralised (no @-mentions, no #123
 * references into the compliance repository, no raw HTML, nothing that can
 * close a comment) and diff excerpts are fenced with a fence longer than any
 * backtick run they contain. */
#ifndef PW_ISSUE_H
#define PW_ISSUE_H

#include <stddef.h>

#include "util/buf.h"
#include "classify/changeset.h"
#include "core/noise.h"
#include "core/config.h"
#include "util/strlist.h"

typedef struct {
	char *key;
	const pw_changeset_item **items; /* newest first (adopted before drafts) */
	size_t count;
	char digest[41]; /* of the records, and the renderer version */
	int proposed;    /* no adopted change in the group */
	/* how many of the changes, the first (newest) ones, carry the hidden
	 * per-change markers in the issue's body ("change", and "decided" once
	 * signed off: reflect.h): as many as fit GitHub's limit beside the
	 * text and the markers always kept (fit.h), so that fitting the body
	 * never leaves one out and a re-run finds them all. Set by
	 * pw_issue_groups_build; a group built by hand sets it itself. */
	size_t marked;
	/* an older group's issue has the same title (two changes of the same
	 * subject and version: a file added, removed and added again): this
	 * one's title names its lead commit too. Set by pw_issue_groups_build. */
	int same_title;
} pw_issue_group;

typedef struct {
	pw_issue_group *items;
	size_t count;
} pw_issue_groups;

/* Groups the changes of `set` (which must outlive the groups), in set order. */
int pw_issue_groups_build(pw_issue_groups *out, const pw_changeset *set);
void pw_issue_groups_clear(pw_issue_groups *g);
/* Removes the groups whose every change is dated before `date` (the
 * baseline: the status quo), adding their change ids to `dropped`. */
int pw_issue_groups_drop_before(pw_issue_groups *g, const char *date, pw_strlist *dropped);
/* The group holding change `id`, or NULL. */
const pw_issue_group *pw_issue_groups_find_change(const pw_issue_groups *g, const char *id);
/* The change that names the group: the newest adopted, else the newest
 * draft (borrowed). */
const pw_change *pw_issue_group_lead(const pw_issue_group *g);

/* The issue title: "[<source>] <ballot>: <subject>" (neutralised, bounded),
 * for a group whose title an older group has (same_title) followed by
 * " (<lead commit, 7 hex>)". */
char *pw_issue_title(const pw_issue_group *g);

/* The body's last part: how to sign off each change, or, once every change
 * is signed off (`signed_off`), that it is (a closed issue no longer tells
 * how to sign off). It starts with PW_ISSUE_SIGNOFF_HEADING. A group whose
 * every change has no normative effect (`noise`, rules/noise.json; NULL:
 * none) says so first, with the bulk sign-off of its kind. */
#define PW_ISSUE_SIGNOFF_HEADING "\n## Sign-off\n"
int pw_issue_signoff_part(pw_buf *b, const pw_issue_group *g, int signed_off,
                          const pw_noise *noise);

/* The body (caller frees), or NULL with the error set. A group whose every
 * change has no normative effect (`noise`) has a row "Effect" saying so. */
char *pw_issue_body(const pw_issue_group *g, const pw_noise *noise);

/* Whether the group is a stale draft: each of its changes is (change.h:
 * rules/noise.json's stale rule on the run's day). */
int pw_issue_stale(const pw_issue_group *g);

/* The labels the issue should carry, each once (*out emptied first; clear it
 * with pw_strlist_clear): pkiwatch, source, tags, needs-signoff or
 * signed-off, proposed, stale (pw_issue_stale), the config's labels. */
int pw_issue_labels(pw_strlist *out, const pw_issue_group *g, const pw_config *cfg, int signed_off);

/* The colour (6 hex) pkiwatch gives a label it creates. */
const char *pw_issue_label_color(const char *name);

/* Markers found in an issue body. */
typedef struct {
	char *key;      /* pkiwatch:issue, or NULL */
	char **changes; /* pkiwatch:change ids */
	size_t nchanges;
	char digest[41];  /* "" when none */
	char *state;      /* the summary, or NULL */
	int dashboard;    /* pkiwatch:dashboard */
	int baseline;     /* pkiwatch:baseline (baselineissue.h) */
	char *obligation; /* pkiwatch:obligation <id> (obligissue.h), or NULL */
} pw_issue_markers;

int pw_issue_markers_parse(pw_issue_markers *m, const char *body);
void pw_issue_markers_clear(pw_issue_markers *m);

/* The most bytes a state summary takes: a quarter of GitHub's limit on an
 * issue body, so that the body, whose fitting always keeps the state
 * (fit.h), fits whatever the size of the group. */
#define PW_ISSUE_STATE_MAX 16384

/* The group's state summary (what the state marker holds): "status=S
 * changes=ID,... dates=D,... tags=T,... sections=N,...". When the whole
 * summary would be longer than PW_ISSUE_STATE_MAX, the change ids, then the
 * sections, then the dates are each given as "~<count>:<digest of the list>"
 * instead, until it fits (the per-change markers name the newest changes). */
char *pw_issue_state(const pw_issue_group *g);

/* A Markdown list of what differs between two state summaries
 * ("- status: proposed → adopted\n..."); "" when only the wording changed.
 * A list given as a count and digest on either side is told by its counts
 * ("- changes: 2400 before, 2401 now"). */
char *pw_issue_state_diff(const char *old_state, const char *new_state);

#endif
