/* Reading XLSX cells (util/xlsx): workbooks made here with libzip, part by
 * part, so that each case is exactly the XML it tests (shared strings with
 * rich-text runs and phonetic runs, inline strings, formulas, cells without a
 * reference, hidden sheets, absolute targets), one written by libxlsxwriter,
 * and the refusals: not a ZIP, cut short, a missing part, a DOCTYPE, a shared
 * string index out of range, a bad cell reference, a cell too long. */
#include "testutil.h"

#include "scratch.h"
#include "util/error.h"
#include "util/xlsx.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#define MAIN  "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RELNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char workbook[] = "<?xml version=\"1.0\"?><workbook " MAIN " " RELNS "><sheets>"
                               "<sheet name=\"One\" sheetId=\"1\" r:id=\"rId1\"/>"
                               "<sheet name=\"Two\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
                               "</sheets></workbook>";

static const char rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"x/worksheet\"/>"
    "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\" Type=\"x/worksheet\"/>"
    "<Relationship Id=\"rId3\" Target=\"strings.xml\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/sharedStrings\"/>"
    "</Relationships>";

static const char strings[] =
    "<?xml version=\"1.0\"?><sst " MAIN "><si><t>plain</t></si>"
    "<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>PHONETIC</t></rPh></si>"
    "<si><t xml:space=\"preserve\"> a &amp; b </t></si></sst>";

static const char sheet1[] =
    "<?xml version=\"1.0\"?><worksheet " MAIN "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>inline</t></is></c>"
    "<c t=\"inlineStr\"><is><r><t>no </t></r><r><t>ref</t></r></is></c>"
    "<c r=\"E3\"><v>42</v></c><c r=\"F3\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"4\"><c r=\"A4\"><f>1+2</f><v>3</v></c><c r=\"B4\" t=\"str\"><f>\"x\"</f><v>x</v></c>"
    "<c r=\"C4\" t=\"s\"><v>2</v></c><c r=\"D4\" s=\"1\"/></row>"
    "</sheetData></worksheet>";

static const char sheet2[] = "<?xml version=\"1.0\"?><worksheet " MAIN "><sheetData>"
                             "<row><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c></row>"
                             "</sheetData></worksheet>";

/* a workbook of the parts above, `skip` left out and `replace` put in
 * (part name, text) */
static char *book(const char *name, const char *skip, const char *rpart, const char *rtext)
{
	const char *parts[][2] = {
	    {"xl/workbook.xml", workbook},        {"xl/_rels/workbook.xml.rels", rels},
	    {"xl/strings.xml", strings},          {"xl/worksheets/sheet1.xml", sheet1},
	    {"xl/worksheets/sheet2.xml", sheet2},
	};
	char *path = scratch_path(name);
	int err = 0;
	size_t i;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *text = parts[i][1];
		zip_source_t *src;
		if (skip && !strcmp(skip, parts[i][0]))
			continue;
		if (rpart && !strcmp(rpart, parts[i][0]))
			text = rtext;
		src = zip_source_buffer(z, text, strlen(text), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, parts[i][0], src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	return path;
}

static int setup(void **state)
{
	(void)state;
	scratch_new();
	return 0;
}

static void test_cells(void **state)
{
	pw_xlsx x;
	const pw_xlsx_sheet *one, *two;
	char *path = book("a.xlsx", NULL, NULL, NULL);
	(void)state;
	assert_int_equal(pw_xlsx_read(&x, path, 1000), 0);
	assert_int_equal(x.count, 2);
	one = pw_xlsx_find(&x, "One");
	two = pw_xlsx_find(&x, "Two");
	assert_non_null(one);
	assert_non_null(two);
	assert_false(one->hidden);
	assert_true(two->hidden);
	assert_string_equal(pw_grid_text(&one->grid, 0, 0), "plain");
	assert_string_equal(pw_grid_text(&one->grid, 0, 2), "rich text"); /* not the phonetic run */
	assert_string_equal(pw_grid_text(&one->grid, 2, 1), "inline");
	assert_string_equal(pw_grid_text(&one->grid, 2, 2), "no ref"); /* after B3 */
	assert_string_equal(pw_grid_text(&one->grid, 2, 4), "42");
	assert_string_equal(pw_grid_text(&one->grid, 2, 5), "1");
	assert_string_equal(pw_grid_text(&one->grid, 3, 0), "3");
	assert_true(pw_grid_at(&one->grid, 3, 0)->formula);
	assert_true(pw_grid_at(&one->grid, 3, 1)->formula);
	assert_false(pw_grid_at(&one->grid, 0, 0)->formula);
	assert_string_equal(pw_grid_text(&one->grid, 3, 2), " a & b ");
	assert_null(pw_grid_at(&one->grid, 3, 3)); /* an empty styled cell is no cell */
	assert_string_equal(pw_grid_text(&one->grid, 1, 0), "");
	assert_string_equal(pw_grid_text(&two->grid, 0, 0), "id");
	pw_xlsx_clear(&x);
	free(path);
}

/* what libxlsxwriter writes (shared strings, a formula) reads back */
static void test_libxlsxwriter(void **state)
{
	char *path = scratch_path("w.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "S");
	pw_xlsx x;
	(void)state;
	worksheet_write_string(ws, 0, 0, "=not a formula", NULL);
	worksheet_write_string(ws, 4, 27, "AB5", NULL);
	worksheet_write_formula(ws, 1, 0, "=1+1", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	assert_int_equal(pw_xlsx_read(&x, path, 1000), 0);
	assert_string_equal(pw_grid_text(&x.sheets[0].grid, 0, 0), "=not a formula");
	assert_false(pw_grid_at(&x.sheets[0].grid, 0, 0)->formula);
	assert_string_equal(pw_grid_text(&x.sheets[0].grid, 4, 27), "AB5");
	assert_true(pw_grid_at(&x.sheets[0].grid, 1, 0)->formula);
	pw_xlsx_clear(&x);
	free(path);
}

static void refused(const char *path, const char *msg)
{
	pw_xlsx x;
	assert_int_equal(pw_xlsx_read(&x, path, 10), PW_EINPUT);
	tu_assert_has(pw_error_last(), msg);
	tu_assert_has(pw_error_last(), path);
	assert_int_equal(x.count, 0);
}

static void test_refusals(void **state)
{
	char *path, *cut;
	char *text;
	FILE *f;
	(void)state;
	path = scratch_path("plain.xlsx");
	scratch_put("plain.xlsx", "Section,Title\n");
	refused(path, "not an XLSX workbook");
	free(path);
	/* cut short: the first half of a good file */
	path = book("good.xlsx", NULL, NULL, NULL);
	text = tu_read(path);
	cut = scratch_path("cut.xlsx");
	f = fopen(cut, "wb");
	assert_non_null(f);
	fwrite(text, 1, 300, f);
	fclose(f);
	refused(cut, "not an XLSX workbook");
	free(text);
	free(cut);
	free(path);
	path = book("nowb.xlsx", "xl/workbook.xml", NULL, NULL);
	refused(path, "no xl/workbook.xml in the archive");
	free(path);
	path = book("dtd.xlsx", NULL, "xl/strings.xml",
	            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaa\">]><sst " MAIN
	            "><si><t>&a;</t></si></sst>");
	refused(path, "xl/strings.xml: has a DOCTYPE (not allowed)");
	free(path);
	path = book("index.xlsx", NULL, "xl/worksheets/sheet2.xml",
	            "<worksheet " MAIN "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c>"
	            "</row></sheetData></worksheet>");
	refused(path, "cell A1: no shared string 7");
	free(path);
	path = book("ref.xlsx", NULL, "xl/worksheets/sheet2.xml",
	            "<worksheet " MAIN "><sheetData><row r=\"2\"><c r=\"A1\"><v>1</v></c>"
	            "</row></sheetData></worksheet>");
	refused(path, "bad cell reference A1");
	free(path);
	path = book("long.xlsx", NULL, "xl/worksheets/sheet2.xml",
	            "<worksheet " MAIN "><sheetData><row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is>"
	            "<t>eleven char</t></is></c></row></sheetData></worksheet>");
	refused(path, "cell B1: text longer than 10 bytes");
	free(path);
	path = book("xml.xlsx", NULL, "xl/worksheets/sheet1.xml", "<worksheet><row>");
	refused(path, "xl/worksheets/sheet1.xml: line 1:");
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cells),
	    cmocka_unit_test(test_libxlsxwriter),
	    cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests_name("xlsx", tests, setup, scratch_teardown);
}
