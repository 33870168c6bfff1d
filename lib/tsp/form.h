/* The per-TSP form: the signed-off changes that apply to one TSP, each with
 * the three questions (expected impact, implementation time, can the
 * effective date be met), as Markdown and as one self-contained printable
 * HTML page rendered from that Markdown with cmark-gfm.
 *
 * Confidential by construction: a form is built from one TSP's profile and
 * the change records alone. It never holds another TSP's name or id (the
 * officer's TSP list is not printed), nor the officer's sign-off note (it may
 * speak of other TSPs): only the note the officer wrote for the TSPs (the
 * sign-off's tsp_note, "what this means for you"). Upstream text is escaped for Markdown, so that
 * raw HTML in it comes out as text, and cmark-gfm runs without CMARK_OPT_UNSAFE. */
#ifndef PW_FORM_H
#define PW_FORM_H

#include <stddef.h>

#include "tsp/applicability.h"
#include "tsp/careading.h"
#include "util/buf.h"
#include "core/tsp.h"

struct pw_obligations; /* tsp/obligation.h (which includes this header through issued.h) */
struct pw_responses;   /* tsp/response.h (the same) */

/* The reply-by rule: answers are due PW_FORM_REPLY_DAYS (or the caller's
 * number of) days after the form is made, but PW_FORM_REPLY_MARGIN days
 * before the earliest date still to come (today or later) of the form's
 * changes' effective dates and the due dates of the obligations it asks
 * about, when that is sooner, and never sooner than PW_FORM_REPLY_MIN days
 * after the form is made (a TSP needs time to assess). When even that is not
 * before the date, the form's reply_late names the date (and
 * reply_late_obligation the obligation due then, when it is not an
 * effective date): the caller warns. (README, "Ask the TSPs".) */
#define PW_FORM_REPLY_DAYS   30
#define PW_FORM_REPLY_MARGIN 7
#define PW_FORM_REPLY_MIN    7

typedef struct {
	const pw_tsp *tsp;
	const pw_applicable_list *changes; /* borrowed; the form's changes, in order */
	char id[96];                       /* "<tsp id>-<YYYYMMDD>-<8 hex>" */
	char generated[11];                /* YYYY-MM-DD */
	char reply_by[11];                 /* by the reply-by rule above */
	char reply_late[11];               /* "" or the upcoming date reply_by is not before */
	/* borrowed from `obligations`: the obligation due on reply_late; NULL:
	 * reply_late is an effective date (or "") */
	const char *reply_late_obligation;
	int reply_days;                /* as given to pw_form_init */
	const void *text;              /* the strings of the TSP's language */
	const pw_careadings *readings; /* borrowed; NULL: rules/extant_cas.json's */
	/* set after pw_form_init, borrowed, may be NULL: the policy authority
	 * (pkiwatch.json's "authority", printed on every page) and the officer
	 * issuing the form (in its header) */
	const char *authority, *officer;
	/* borrowed; NULL: none. The open and overdue ones of this TSP (only its
	 * own: others are skipped) are listed after the changes under "Your
	 * obligations": what it must do by when, each with its milestones */
	const struct pw_obligations *obligations;
	/* set after pw_form_init, borrowed, NULL: none. The ids of earlier forms
	 * to this TSP that this one replaces (they asked what is still
	 * unanswered, which this form asks again): named in its header */
	const char *const *supersedes;
	size_t nsupersedes;
	/* set after pw_form_init, borrowed, NULL: a form to fill in. The
	 * recorded answers (response.h): the form is then the record of the
	 * TSP's answers, each answer cell holding the TSP's answer ("not
	 * answered" for a change without one), and its HTML has no controls,
	 * no script and no signature part */
	const struct pw_responses *answers;
	/* set after pw_form_init, borrowed, NULL: none. On a record of answers,
	 * the ids of obligations the form asked about that no longer apply (no
	 * longer derived: a sign-off revised, a rule or the profile changed):
	 * named under "Your obligations", after those that still apply */
	const char *const *obligations_gone;
	size_t nobligations_gone;
	/* set after pw_form_init, borrowed, NULL: none. On a record of answers,
	 * the changes the form asked about that no longer apply to its TSP
	 * (signed off since as not applicable to it, or to other TSPs only):
	 * named, with their ballots and titles, after the contents; a record
	 * whose every change is gone is still a record of a form about changes */
	const pw_change *const *changes_gone;
	size_t nchanges_gone;
} pw_form;

/* Prepares the form of `t` generated on `today` (YYYY-MM-DD) with answers
 * due `reply_days` later, or sooner by the reply-by rule above. The id is stable for the same TSP,
 * day and change ids. PW_EINPUT when there is no form text in the TSP's language (naming its file
 * and $.language). */
int pw_form_init(pw_form *f, const pw_tsp *t, const pw_applicable_list *changes, const char *today,
                 int reply_days);

/* Sets the obligations the form lists (f->obligations, borrowed; the open
 * and overdue ones of its TSP), and applies the reply-by rule again with
 * their due dates. A form without changes asks about these
 * obligations only (the annual self-assessment of a TSP no change applies
 * to): its request, count row and declaration say so, and its id is made
 * from the ids of the obligations it lists instead, stable for the same TSP,
 * day and obligations. */
int pw_form_ask_obligations(pw_form *f, const struct pw_obligations *obs);

/* The number of obligations the form lists, and the id of the i-th (from 0;
 * borrowed from f->obligations). */
size_t pw_form_obligation_count(const pw_form *f);
const char *pw_form_obligation_id(const pw_form *f, size_t i);

/* 0 when forms can be written in the language of `t`; else PW_EINPUT naming
 * its file, $.language and the languages there are. */
int pw_form_language_check(const pw_tsp *t);

/* 1 when `form` is an id pw_form_init makes for TSP `tsp`:
 * "<tsp>-<8 digits>-<8 lowercase hex>". Form ids come back from files
 * (ledger/forms/, response files) and go into the ledger and calendars. */
int pw_form_id_valid(const char *form, const char *tsp);

/* The form as Markdown (GitHub flavour, with tables). Each change names the
 * defined terms it relies on; a "Terms used" part at the end quotes each
 * (term, text) once. A change tagged extant-ca asks per existing CA of the
 * TSP (name, notBefore, types): does it fall under the changed requirement
 * (yes/no/unsure, reason), what will be done by when; with the indicative
 * reading of f->readings where one applies. */
int pw_form_markdown(pw_buf *out, const pw_form *f);

/* A complete HTML document with inline print CSS for A4 (a page per change,
 * page numbers in the footer) from the form's Markdown. */
int pw_form_html(pw_buf *out, const pw_form *f, const char *markdown, size_t len);

#endif
