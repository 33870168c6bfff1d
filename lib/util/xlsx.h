/* Reading an XLSX workbook's cells: the container with libzip, the XML with
 * expat (no hand-written unzip or XML parser). Every sheet's cells as text:
 * shared strings (xl/sharedStrings.xml, rich text joined) and inline strings
 * alike; numbers and booleans as written; a formula cell keeps its cached
 * value and is marked, so that the caller can refuse it. A DOCTYPE is
 * refused (no entity expansion), and so are parts larger than 64 MiB
 * uncompressed and cell references past Excel's limits. */
#ifndef PW_XLSX_H
#define PW_XLSX_H

#include <stddef.h>

#include "util/grid.h"

typedef struct {
	char *name;
	int hidden; /* state="hidden" or "veryHidden" */
	pw_grid grid;
} pw_xlsx_sheet;

typedef struct {
	pw_xlsx_sheet *sheets; /* in workbook order */
	size_t count;
} pw_xlsx;

/* Reads every sheet of `path` into `out` (empty on failure). A file that is
 * not a ZIP archive or is cut short, a part missing or not well-formed XML,
 * a cell text longer than `max_cell` bytes: PW_EINPUT naming `path` and the
 * part, sheet or cell. */
int pw_xlsx_read(pw_xlsx *out, const char *path, size_t max_cell);
/* The sheet named `name`, or NULL. */
const pw_xlsx_sheet *pw_xlsx_find(const pw_xlsx *x, const char *name);
void pw_xlsx_clear(pw_xlsx *x);

#endif
