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

/* The visible text a fitted text keeps before any per-change marker: a
 * quarter of the limit (the issue key finds the issue; the text is what the
 * officer reads). */
#define PW_FIT_TEXT_FIRST(max) ((max) / 4)

/* The most that fitting reserves for its note and for closing a cut code
 * fence or <details>, with a `more` of up to 1 KiB. A text keeps every
 * per-change marker when they take at most `max` - PW_FIT_TEXT_FIRST(max) -
 * PW_FIT_RESERVE_MAX - (the bytes of the markers always kept). */
#define PW_FIT_RESERVE_MAX (220 + 1024 + 14)

/* *out: `text` when it has at most `max` bytes, else the text cut to fit
 * `max` bytes with the note, which ends with `more` (one sentence: where to
 * see everything; may be NULL). Caller frees. PW_EINPUT when even the
 * markers that are never left out (an issue key, a digest, a state) do not
 * fit. */
int pw_fit_text(char **out, const char *text, size_t max, const char *more);

#endif
