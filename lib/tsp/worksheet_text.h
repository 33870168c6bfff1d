/* The worksheet as CSV (for tools and spreadsheets) and as one self-contained
 * HTML page (for a browser): both in the layout of worksheet.h (header
 * block, empty row, column headings, one row per section). The HTML page's
 * answer fields are filled in the browser and its "Save answers" button
 * downloads the filled worksheet as that CSV, which `pkiwatch
 * self-assessment import` reads. */
#ifndef PW_WORKSHEET_TEXT_H
#define PW_WORKSHEET_TEXT_H

#include "tsp/worksheet.h"
#include "util/buf.h"

int pw_worksheet_csv(pw_buf *out, const pw_worksheet *ws);
int pw_worksheet_html(pw_buf *out, const pw_worksheet *ws);

#endif
