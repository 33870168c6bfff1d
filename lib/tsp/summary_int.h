/* What the summary's formats (summary.c: Markdown and JSON; summary_text.c:
 * the terminal's text) say the same way. */
#ifndef PW_SUMMARY_INT_H
#define PW_SUMMARY_INT_H

#include "tsp/summary.h"
#include "util/buf.h"

/* Why the row's change applies ("type, audit: <reason>") or not ("not
 * applicable: <why not>"), appended to `b`. */
int pw_summary_why(pw_buf *b, const pw_summary_row *r);

/* The row's risk in words ("cannot meet the date"), "" when none. */
const char *pw_summary_risk_label(const pw_summary_row *r);

/* Whether the obligation is listed as open (open or overdue). */
int pw_summary_obligation_open(const pw_obligation *o);

#endif
