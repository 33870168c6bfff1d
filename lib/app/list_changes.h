/* The use case of `pkiwatch changes`: the changes of the enabled sources (or
 * of one), from the mirrors, through the change stream (classify/stream.h)
 * with the rules' classifier, newest first per source in rules order,
 * rendered as text or JSON. Nothing is written unless every source was read:
 * rendered output waits in memory, beyond 1 MiB (opts.spill_bytes) in a
 * temporary file. */
#ifndef PW_LIST_CHANGES_H
#define PW_LIST_CHANGES_H

#include <stddef.h>

#include "app/workspace.h"
#include "classify/change.h"
#include "upstream/history.h"
#include "util/buf.h"

typedef struct {
	/* only this source (not in rules/sources.json: PW_EINPUT "unknown
	 * source 'S'"); NULL: the sources the configuration enables */
	const char *source;
	pw_history_opts walk; /* since, from, to, drafts */
	int json;             /* a JSON array of the records, else text */
	/* called once per warning of the classifier about a change's upstream
	 * text, when the change is final (may be NULL) */
	void (*warning)(const pw_change *c, const char *text, void *payload);
	/* called with the output, in pieces, after every source was read (not
	 * at all when one failed); a negative return is returned */
	int (*write)(const char *data, size_t len, void *payload);
	void *payload;
	/* rendered output beyond this many bytes waits in a temporary file
	 * instead of memory; 0: PW_LIST_CHANGES_SPILL_BYTES */
	size_t spill_bytes;
} pw_list_changes_opts;

#define PW_LIST_CHANGES_SPILL_BYTES ((size_t)1 << 20) /* 1 MiB */

#define PW_LIST_CHANGES_OPTS_INIT                                                                  \
	{                                                                                          \
		.walk = PW_HISTORY_OPTS_INIT                                                       \
	}

/* A source that is not mirrored yet is PW_ENOTFOUND ("run 'pkiwatch
 * mirror'"); a temporary file that cannot be made or written is PW_ERROR
 * "cannot write a temporary file: <why>" (or "cannot create"), with nothing
 * written. */
int pw_list_changes_run(pw_workspace *ws, const pw_list_changes_opts *opts);

/* One change as text for a terminal, appended to `out`: "<id> <date>
 * <ballot or -> <kind> <status> [tags]", then indented the subject, at most
 * 12 changed sections, one line per effective date, what is missing, the
 * terms and at most 8 altered definitions (old and new text); upstream text
 * with control characters as spaces and no line starting with "::". */
int pw_list_changes_text(pw_buf *out, const pw_change *c);

/* One change's full record as one line of JSON (pw_change_to_json), appended
 * to `out` without a separator. */
int pw_list_changes_json(pw_buf *out, const pw_change *c);

#endif
