/* Reading a filled-in worksheet back: XLSX (util/xlsx.h: libzip + expat) or
 * CSV (util/csv.h; also what the HTML worksheet's "Save answers" downloads),
 * in worksheet.h's layout. Checks the layout, that no cell holds a formula,
 * that no answer is longer than PW_WS_ANSWER_MAX characters or not UTF-8,
 * and, in an XLSX file, that the visible TSP, document and version agree
 * with the hidden identity sheet. Every error names the file and the cell
 * or row (PW_EINPUT). */
#ifndef PW_WORKSHEET_READ_H
#define PW_WORKSHEET_READ_H

#include <stddef.h>

#include "tsp/worksheet.h"

typedef struct {
	char *section;
	char *answer[PW_WS_NCOLS]; /* PW_WS_FIRST_ANSWER.., NULL when empty */
	size_t line;               /* the file's row number (1-based) */
} pw_worksheet_answer;

typedef struct {
	char *tsp, *document, *version, *commit;
	char *cp_cps; /* NULL when empty */
	pw_worksheet_answer *rows;
	size_t nrows;
} pw_worksheet_answers;

int pw_worksheet_read(pw_worksheet_answers *out, const char *path);
void pw_worksheet_answers_clear(pw_worksheet_answers *a);

#endif
