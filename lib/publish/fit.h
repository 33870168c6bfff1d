/* GitHub refuses an issue or comment body longer than 65,536 characters
 * (422), so every text pkiwatch sends there is fitted first: cut at a line
 * (or, for one very long line, a UTF-8 character) boundary, with a visible
 * note saying how much was left out and where the full record is.
 *
 * The hidden markers ("<!-- pkiwatch:... -->" lines) are never cut: a marker
 * line is kept whole or, when the markers alone do not fit, left out whole,
 * the per-change ones ("change", "decided") first, from the last; the note
 * says how many. An open code fence or <details> at the cut is closed. */
#ifndef PW_FIT_H
#define PW_FIT_H

#include <stddef.h>

/* GitHub's limit on an issue or comment body, in characters. Bytes are
 * counted, which is never fewer. */
#define PW_FIT_GITHUB_MAX 65536

/* *out: `text` when it has at most `max` bytes, else the text cut to fit
 * `max` bytes with the note, which ends with `more` (one sentence: where to
 * see everything; may be NULL). Caller frees. PW_EINPUT when even the
 * markers that are never left out (an issue key, a digest, a state) do not
 * fit. */
int pw_fit_text(char **out, const char *text, size_t max, const char *more);

#endif
