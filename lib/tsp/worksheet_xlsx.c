/* The worksheet as XLSX (worksheet_xlsx.h). */
#include "tsp/worksheet_xlsx.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define FILL_CHANGED 0xFFF2CC
#define FILL_HEADING 0xD9E1F2

typedef struct {
	lxw_format *key, *value, *heading, *cell, *answer, *cell_changed, *answer_changed,
	    *answer_header;
} formats;

/* a copy of `s` without control characters other than tab and line feed */
static char *clean(const char *s)
{
	char *c = strdup(s ? s : ""), *p;
	for (p = c; p && *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
			*p = ' ';
	return c;
}

static int put(lxw_worksheet *sh, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	char *c = clean(s);
	lxw_error e;
	if (!c)
		return pw_error_oom();
	/* an empty string would be no cell; a blank keeps the format */
	e = *c ? worksheet_write_string(sh, row, col, c, f)
	       : worksheet_write_blank(sh, row, col, f);
	free(c);
	return e == LXW_NO_ERROR ? 0 : pw_error_set(PW_ERROR, "xlsx: %s", lxw_strerror(e));
}

static lxw_format *fmt(lxw_workbook *wb, int bold, int wrap, int unlocked, unsigned fill)
{
	lxw_format *f = workbook_add_format(wb);
	if (!f)
		return NULL;
	if (bold)
		format_set_bold(f);
	if (wrap)
		format_set_text_wrap(f);
	if (unlocked)
		format_set_unlocked(f);
	if (fill)
		format_set_bg_color(f, fill);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static int make_formats(lxw_workbook *wb, formats *f)
{
	f->key = fmt(wb, 1, 0, 0, 0);
	f->value = fmt(wb, 0, 0, 0, 0);
	f->heading = fmt(wb, 1, 1, 0, FILL_HEADING);
	f->cell = fmt(wb, 0, 1, 0, 0);
	f->answer = fmt(wb, 0, 1, 1, 0);
	f->cell_changed = fmt(wb, 0, 1, 0, FILL_CHANGED);
	f->answer_changed = fmt(wb, 0, 1, 1, FILL_CHANGED);
	f->answer_header = fmt(wb, 0, 0, 1, FILL_CHANGED);
	if (!f->key || !f->value || !f->heading || !f->cell || !f->answer || !f->cell_changed ||
	    !f->answer_changed || !f->answer_header)
		return pw_error_oom();
	if (f->heading)
		format_set_border(f->heading, LXW_BORDER_THIN);
	return 0;
}

static int main_sheet(lxw_workbook *wb, const pw_worksheet *ws, const formats *f)
{
	static const double widths[PW_WS_NCOLS] = {10, 34, 14, 40, 36, 50, 30};
	lxw_worksheet *sh = workbook_add_worksheet(wb, PW_WS_SHEET);
	lxw_protection prot;
	size_t i;
	int col, rc = 0;
	lxw_row_t last;

	if (!sh)
		return pw_error_set(PW_ERROR, "xlsx: cannot add a sheet");
	for (col = 0; col < PW_WS_NCOLS; col++)
		worksheet_set_column(sh, (lxw_col_t)col, (lxw_col_t)col, widths[col], NULL);
	for (i = 0; i < PW_WSH_N && !rc; i++) {
		char *v;
		if ((rc = pw_worksheet_header_value(&v, ws, (int)i)) < 0)
			break;
		rc = put(sh, (lxw_row_t)i, 0, pw_worksheet_header_key((int)i), f->key);
		if (!rc)
			rc = put(sh, (lxw_row_t)i, 1, v,
			         i == PW_WSH_CP_CPS ? f->answer_header : f->value);
		free(v);
	}
	for (col = 0; col < PW_WS_NCOLS && !rc; col++)
		rc = put(sh, PW_WS_HEADING_ROW, (lxw_col_t)col, pw_worksheet_column(col),
		         f->heading);
	for (i = 0; i < ws->nrows && !rc; i++) {
		const pw_worksheet_row *r = &ws->rows[i];
		lxw_row_t row = (lxw_row_t)(PW_WS_HEADING_ROW + 1 + i);
		for (col = 0; col < PW_WS_NCOLS && !rc; col++) {
			char *v;
			int answer = col >= PW_WS_FIRST_ANSWER;
			lxw_format *cf = r->changed ? (answer ? f->answer_changed : f->cell_changed)
			                            : (answer ? f->answer : f->cell);
			if ((rc = pw_worksheet_cell(&v, ws, r, col)) < 0)
				break;
			rc = put(sh, row, (lxw_col_t)col, v, cf);
			free(v);
		}
	}
	if (rc)
		return rc;
	last = (lxw_row_t)(PW_WS_HEADING_ROW + (ws->nrows ? ws->nrows : 1));
	worksheet_freeze_panes(sh, PW_WS_HEADING_ROW + 1, 2);
	if (worksheet_autofilter(sh, PW_WS_HEADING_ROW, 0, last, PW_WS_NCOLS - 1) != LXW_NO_ERROR)
		return pw_error_set(PW_ERROR, "xlsx: cannot set the filter");
	/* protected, no password: the answer cells stay editable, the filter usable */
	memset(&prot, 0, sizeof(prot));
	prot.autofilter = 1;
	prot.sort = 1;
	prot.format_columns = 1;
	prot.format_rows = 1;
	worksheet_protect(sh, NULL, &prot);
	worksheet_activate(sh);
	return 0;
}

static int id_sheet(lxw_workbook *wb, const pw_worksheet *ws, const formats *f)
{
	static const int keys[] = {PW_WSH_MARKER, PW_WSH_TSP, PW_WSH_DOCUMENT, PW_WSH_VERSION,
	                           PW_WSH_COMMIT};
	lxw_worksheet *sh = workbook_add_worksheet(wb, PW_WS_ID_SHEET);
	size_t i;
	int rc = 0;
	if (!sh)
		return pw_error_set(PW_ERROR, "xlsx: cannot add a sheet");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && !rc; i++) {
		char *v;
		if ((rc = pw_worksheet_header_value(&v, ws, keys[i])) < 0)
			break;
		rc = put(sh, (lxw_row_t)i, 0, pw_worksheet_header_key(keys[i]), f->key);
		if (!rc)
			rc = put(sh, (lxw_row_t)i, 1, v, f->value);
		free(v);
	}
	worksheet_protect(sh, NULL, NULL);
	worksheet_hide(sh);
	return rc;
}

int pw_worksheet_xlsx_write(const char *path, const pw_worksheet *ws)
{
	pw_buf tmp = PW_BUF_INIT;
	lxw_workbook_options o;
	lxw_workbook *wb;
	formats f;
	lxw_error e;
	int rc;

	if (pw_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0)
		return PW_ENOMEM;
	memset(&o, 0, sizeof(o));
	if (!(wb = workbook_new_opt(tmp.ptr, &o))) {
		rc = pw_error_set(PW_ERROR, "%s: cannot start the workbook", path);
		pw_buf_clear(&tmp);
		return rc;
	}
	if ((rc = make_formats(wb, &f)) == 0 && (rc = main_sheet(wb, ws, &f)) == 0)
		rc = id_sheet(wb, ws, &f);
	e = workbook_close(wb);
	if (!rc && e != LXW_NO_ERROR)
		rc = pw_error_set(PW_ERROR, "%s: %s", path, lxw_strerror(e));
	if (!rc && rename(tmp.ptr, path) < 0)
		rc = pw_error_set(PW_ERROR, "%s: cannot rename the workbook into place", path);
	if (rc)
		unlink(tmp.ptr);
	pw_buf_clear(&tmp);
	return rc;
}
