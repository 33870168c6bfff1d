/* The worksheet as an XLSX workbook (libxlsxwriter): the header block and
 * the table on sheet "Self-assessment" (heading row frozen, widths set, text
 * wrapped, a filter on the table, changed rows filled yellow, the answer
 * cells unlocked and the sheet protected without a password), and the
 * worksheet's identity (TSP, document, version, commit) on the hidden,
 * protected sheet "pkiwatch". Every text is written as a string cell, never
 * as a formula; control characters become spaces. */
#ifndef PW_WORKSHEET_XLSX_H
#define PW_WORKSHEET_XLSX_H

#include "tsp/worksheet.h"

#define PW_WS_SHEET    "Self-assessment"
#define PW_WS_ID_SHEET "pkiwatch"

/* Writes `ws` to `path` (through a temporary file beside it and a rename). */
int pw_worksheet_xlsx_write(const char *path, const pw_worksheet *ws);

#endif
