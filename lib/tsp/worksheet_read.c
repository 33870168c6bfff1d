/* Reading a filled-in worksheet (worksheet_read.h). */
#include "tsp/worksheet_read.h"

#include "tsp/worksheet_xlsx.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/utf8.h"
#include "util/xlsx.h"

#include <stdlib.h>
#include <string.h>

/* bytes a cell may hold: PW_WS_ANSWER_MAX characters of up to 4 bytes */
#define CELL_MAX ((size_t)PW_WS_ANSWER_MAX * 4)
#define CSV_MAX  (64u << 20)

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int bad(const char *path, const char *sheet, size_t row, size_t col, const char *why,
               const char *what)
{
	char name[32];
	return pw_error_set(PW_EINPUT, "%s: %s%scell %s: %s%s", path, sheet ? sheet : "",
	                    sheet ? "!" : "", pw_grid_cell_name(row, col, name, sizeof(name)), why,
	                    what ? what : "");
}

/* every cell: no formula, UTF-8, not too long */
static int check_cells(const pw_grid *g, const char *path, const char *sheet)
{
	size_t r, c;
	for (r = 0; r < g->nrows; r++)
		for (c = 0; c < g->rows[r].ncells; c++) {
			const pw_grid_cell *cell = &g->rows[r].cells[c];
			if (!cell->text)
				continue;
			if (cell->formula)
				return bad(path, sheet, r, c, "a formula (answers must be text)",
				           NULL);
			if (!pw_utf8_valid(cell->text, strlen(cell->text)))
				return bad(path, sheet, r, c, "not UTF-8 text", NULL);
			if (chars(cell->text) > PW_WS_ANSWER_MAX)
				return bad(path, sheet, r, c, "longer than 32767 characters", NULL);
		}
	return 0;
}

static char *dup_nonempty(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static int from_grid(pw_worksheet_answers *out, const pw_grid *g, const char *path,
                     const char *sheet)
{
	size_t i, r;
	int col, rc;

	if ((rc = check_cells(g, path, sheet)) < 0)
		return rc;
	if (strcmp(pw_grid_text(g, PW_WSH_MARKER, 1), PW_WS_MARKER) != 0)
		return pw_error_set(PW_EINPUT,
		                    "%s: not a pkiwatch self-assessment worksheet (%s%sB1 "
		                    "is not \"%s\")",
		                    path, sheet ? sheet : "", sheet ? "!" : "", PW_WS_MARKER);
	for (i = 0; i < PW_WSH_N; i++)
		if (strcmp(pw_grid_text(g, i, 0), pw_worksheet_header_key((int)i)) != 0)
			return bad(path, sheet, i, 0, "expected ", pw_worksheet_header_key((int)i));
	for (col = 0; col < PW_WS_NCOLS; col++)
		if (strcmp(pw_grid_text(g, PW_WS_HEADING_ROW, (size_t)col),
		           pw_worksheet_column(col)))
			return bad(path, sheet, PW_WS_HEADING_ROW, (size_t)col,
			           "expected the heading ", pw_worksheet_column(col));
	if (!(out->tsp = strdup(pw_grid_text(g, PW_WSH_TSP, 1))) ||
	    !(out->document = strdup(pw_grid_text(g, PW_WSH_DOCUMENT, 1))) ||
	    !(out->version = strdup(pw_grid_text(g, PW_WSH_VERSION, 1))) ||
	    !(out->commit = strdup(pw_grid_text(g, PW_WSH_COMMIT, 1))))
		return pw_error_oom();
	out->cp_cps = dup_nonempty(pw_grid_text(g, PW_WSH_CP_CPS, 1));
	if (g->nrows > PW_WS_HEADING_ROW + 1 &&
	    !(out->rows = calloc(g->nrows - PW_WS_HEADING_ROW - 1, sizeof(*out->rows))))
		return pw_error_oom();
	for (r = PW_WS_HEADING_ROW + 1; r < g->nrows; r++) {
		const char *id = pw_grid_text(g, r, PW_WS_SECTION);
		pw_worksheet_answer *a;
		int any = 0;
		for (col = 0; col < (int)g->rows[r].ncells; col++)
			any |= *pw_grid_text(g, r, (size_t)col) != '\0';
		if (!any)
			continue;
		if (!*id)
			return bad(path, sheet, r, 0, "no section number", NULL);
		for (i = 0; i < out->nrows; i++)
			if (!strcmp(out->rows[i].section, id))
				return bad(path, sheet, r, 0, "section listed twice: ", id);
		a = &out->rows[out->nrows++];
		a->line = r + 1;
		if (!(a->section = strdup(id)))
			return pw_error_oom();
		for (col = PW_WS_FIRST_ANSWER; col < PW_WS_NCOLS; col++) {
			const char *v = pw_grid_text(g, r, (size_t)col);
			if (*v && !(a->answer[col] = strdup(v)))
				return pw_error_oom();
		}
	}
	return 0;
}

/* the hidden identity sheet agrees with the visible header block */
static int check_identity(const pw_xlsx *x, const pw_worksheet_answers *a, const char *path)
{
	static const int keys[] = {PW_WSH_MARKER, PW_WSH_TSP, PW_WSH_DOCUMENT, PW_WSH_VERSION,
	                           PW_WSH_COMMIT};
	const pw_xlsx_sheet *id = pw_xlsx_find(x, PW_WS_ID_SHEET);
	const char *seen[] = {PW_WS_MARKER, a->tsp, a->document, a->version, a->commit};
	size_t i;
	if (!id)
		return pw_error_set(PW_EINPUT, "%s: not a pkiwatch worksheet: no sheet \"%s\"",
		                    path, PW_WS_ID_SHEET);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *want = pw_grid_text(&id->grid, i, 1);
		if (strcmp(pw_grid_text(&id->grid, i, 0), pw_worksheet_header_key(keys[i])) ||
		    strcmp(want, seen[i])) {
			char name[32];
			return pw_error_set(
			    PW_EINPUT,
			    "%s: %s!%s: %s \"%.80s\" differs from the worksheet's "
			    "identity \"%.80s\"",
			    path, PW_WS_SHEET,
			    pw_grid_cell_name((size_t)keys[i], 1, name, sizeof(name)),
			    pw_worksheet_header_key(keys[i]), seen[i], want);
		}
	}
	return 0;
}

int pw_worksheet_read(pw_worksheet_answers *out, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(out[0]));
	if ((rc = pw_file_read(&text, &len, path, CSV_MAX)) < 0)
		return rc;
	if (len >= 4 && !memcmp(text, "PK\x03\x04", 4)) {
		pw_xlsx x;
		const pw_xlsx_sheet *s;
		free(text);
		if ((rc = pw_xlsx_read(&x, path, CELL_MAX)) < 0)
			return rc;
		if (!(s = pw_xlsx_find(&x, PW_WS_SHEET)))
			rc =
			    pw_error_set(PW_EINPUT, "%s: not a pkiwatch worksheet: no sheet \"%s\"",
			                 path, PW_WS_SHEET);
		else if ((rc = from_grid(out, &s->grid, path, PW_WS_SHEET)) == 0)
			rc = check_identity(&x, out, path);
		pw_xlsx_clear(&x);
	} else if (len >= 4 && memmem(text, len < 512 ? len : 512, "<html", 5)) {
		free(text);
		rc = pw_error_set(
		    PW_EINPUT,
		    "%s: an HTML worksheet is filled in in the browser: import the CSV "
		    "file its \"Save answers\" button saves",
		    path);
	} else {
		pw_grid g = {NULL, 0};
		rc = pw_csv_parse(&g, path, text, len, CELL_MAX);
		free(text);
		if (rc == 0)
			rc = from_grid(out, &g, path, NULL);
		pw_grid_clear(&g);
	}
	if (rc < 0)
		pw_worksheet_answers_clear(out);
	return rc;
}

void pw_worksheet_answers_clear(pw_worksheet_answers *a)
{
	size_t i;
	int col;
	for (i = 0; i < a->nrows; i++) {
		free(a->rows[i].section);
		for (col = 0; col < PW_WS_NCOLS; col++)
			free(a->rows[i].answer[col]);
	}
	free(a->rows);
	free(a->tsp);
	free(a->document);
	free(a->version);
	free(a->commit);
	free(a->cp_cps);
	memset(a, 0, sizeof(*a));
}
