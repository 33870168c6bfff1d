/* The worksheet as CSV and HTML (worksheet_text.h). */
#include "tsp/worksheet_text.h"

#include "util/csv.h"
#include "util/error.h"
#include "util/html.h"

#include <stdlib.h>
#include <string.h>

int pw_worksheet_csv(pw_buf *out, const pw_worksheet *ws)
{
	const char *f[PW_WS_NCOLS];
	char *v[PW_WS_NCOLS];
	size_t i;
	int col, rc = 0;

	for (i = 0; i < PW_WSH_N && !rc; i++) {
		char *val;
		if ((rc = pw_worksheet_header_value(&val, ws, (int)i)) < 0)
			return rc;
		f[0] = pw_worksheet_header_key((int)i);
		f[1] = val;
		rc = pw_csv_put_row(out, f, 2);
		free(val);
	}
	if (!rc)
		rc = pw_buf_puts(out, "\r\n");
	for (col = 0; col < PW_WS_NCOLS; col++)
		f[col] = pw_worksheet_column(col);
	if (!rc)
		rc = pw_csv_put_row(out, f, PW_WS_NCOLS);
	for (i = 0; i < ws->nrows && !rc; i++) {
		memset(v, 0, sizeof(v));
		for (col = 0; col < PW_WS_NCOLS && !rc; col++) {
			rc = pw_worksheet_cell(&v[col], ws, &ws->rows[i], col);
			f[col] = v[col];
		}
		if (!rc)
			rc = pw_csv_put_row(out, f, PW_WS_NCOLS);
		for (col = 0; col < PW_WS_NCOLS; col++)
			free(v[col]);
	}
	return rc;
}

static const char style[] =
    "body{font-family:sans-serif;font-size:10pt;margin:12pt}\n"
    "h1{font-size:14pt}\n"
    "table{border-collapse:collapse}\n"
    "#pw-head th{text-align:left;padding:2pt 8pt 2pt 0}\n"
    "#pw-rows th,#pw-rows td{border:1px solid #999;padding:3pt;vertical-align:top}\n"
    "#pw-rows thead th{background:#d9e1f2;position:sticky;top:0}\n"
    "#pw-rows tr.changed td{background:#fff2cc}\n"
    "#pw-rows td.id{white-space:nowrap}\n"
    "textarea{width:100%;box-sizing:border-box;font:inherit}\n"
    "#pw-rows textarea{min-width:14em}\n"
    "#pw-save-bar{border:1px solid #888;background:#f4f4f4;padding:4pt 8pt;margin:0 0 10pt}\n"
    "body.only-changed #pw-rows tr.same{display:none}\n"
    "@media print{#pw-save-bar{display:none}textarea{border:none;resize:none}}\n";

/* Builds the CSV of worksheet.h's layout from the page and downloads it:
 * the same quoting and formula neutralising as pkiwatch's CSV writer. */
static const char script[] =
    "(function () {\n"
    "  var bar = document.getElementById('pw-save-bar');\n"
    "  var button = document.getElementById('pw-save');\n"
    "  var only = document.getElementById('pw-only-changed');\n"
    "  var status = document.getElementById('pw-save-status');\n"
    "  if (!bar || !button || !window.Blob || !window.URL) return;\n"
    "  bar.hidden = false;\n"
    "  only.addEventListener('change', function () {\n"
    "    document.body.classList.toggle('only-changed', only.checked);\n"
    "  });\n"
    "  function field(s) {\n"
    "    s = String(s);\n"
    "    var quote = /[\",\\r\\n]/.test(s) || / $/.test(s) || /^ /.test(s);\n"
    "    if (/^[=+\\-@\\t\\r]/.test(s)) s = \"'\" + s;\n"
    "    return quote ? '\"' + s.replace(/\"/g, '\"\"') + '\"' : s;\n"
    "  }\n"
    "  function cells(tr) {\n"
    "    var out = [];\n"
    "    tr.querySelectorAll('th,td').forEach(function (c) {\n"
    "      var t = c.querySelector('textarea');\n"
    "      out.push(field(t ? t.value : c.textContent));\n"
    "    });\n"
    "    return out.join(',') + '\\r\\n';\n"
    "  }\n"
    "  button.addEventListener('click', function () {\n"
    "    var text = '';\n"
    "    document.querySelectorAll('#pw-head tr').forEach(function (tr) { text += cells(tr); });\n"
    "    text += '\\r\\n';\n"
    "    document.querySelectorAll('#pw-rows tr').forEach(function (tr) { text += cells(tr); });\n"
    "    var link = document.createElement('a');\n"
    "    link.href = URL.createObjectURL(new Blob([text], {type: 'text/csv'}));\n"
    "    link.download = document.body.getAttribute('data-file');\n"
    "    document.body.appendChild(link);\n"
    "    link.click();\n"
    "    status.textContent = document.body.getAttribute('data-saved') + ' ' + link.download;\n"
    "  });\n"
    "})();\n";

static int esc(pw_buf *b, const char *s)
{
	return pw_html_escape(b, s);
}

/* The document's start up to the heading; the body names the answers'
 * download: <tsp>-<document>-<version>-answers.csv, ASCII only. */
static int page_head(pw_buf *out, const pw_worksheet *ws)
{
	const char *parts[3] = {ws->tsp_id, ws->document, ws->version};
	size_t p;
	int rc;

	rc = pw_buf_printf(out,
	                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<title>Self-assessment ");
	if (!rc)
		rc = esc(out, ws->document);
	if (!rc)
		rc = pw_buf_printf(out,
		                   " %s</title>\n<style>\n%s</style>\n</head>\n<body data-file=\"",
		                   "", style);
	for (p = 0; p < 3 && !rc; p++) {
		const char *c;
		for (c = parts[p]; *c && !rc; c++)
			rc =
			    pw_buf_putc(out, (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			                             (*c >= '0' && *c <= '9') || *c == '.'
			                         ? *c
			                         : '-');
		if (!rc)
			rc = pw_buf_putc(out, '-');
	}
	if (!rc)
		rc = pw_buf_puts(out,
		                 "answers.csv\" data-saved=\"Saved as\">\n<h1>Self-assessment: ");
	if (!rc)
		rc = esc(out, ws->document);
	if (!rc)
		rc = pw_buf_puts(out, " version ");
	if (!rc)
		rc = esc(out, ws->version);
	if (!rc)
		rc = pw_buf_puts(out,
		                 "</h1>\n<div id=\"pw-save-bar\" hidden><p>Fill in the answer "
		                 "columns (the changed sections are highlighted and come first), "
		                 "then save them as a file for the policy authority. "
		                 "<button type=\"button\" id=\"pw-save\">Save answers</button> "
		                 "<label><input type=\"checkbox\" id=\"pw-only-changed\"> show "
		                 "changed sections only</label></p>\n<p id=\"pw-save-status\" "
		                 "role=\"status\"></p></div>\n");
	return rc;
}

/* The header block: a row per key; the CP/CPS versions are an answer. */
static int header_table(pw_buf *out, const pw_worksheet *ws)
{
	size_t i;
	char *v;
	int rc = pw_buf_puts(out, "<table id=\"pw-head\">\n");

	for (i = 0; i < PW_WSH_N && !rc; i++) {
		if ((rc = pw_worksheet_header_value(&v, ws, (int)i)) < 0)
			break;
		rc = pw_buf_puts(out, "<tr><th>");
		if (!rc)
			rc = esc(out, pw_worksheet_header_key((int)i));
		if (!rc)
			rc = pw_buf_puts(out, i == PW_WSH_CP_CPS
			                          ? "</th><td><textarea rows=\"2\" name=\"cp_cps\" "
			                            "aria-label=\"CP/CPS versions\">"
			                          : "</th><td>");
		if (!rc)
			rc = esc(out, v);
		if (!rc)
			rc = pw_buf_puts(out, i == PW_WSH_CP_CPS ? "</textarea></td></tr>\n"
			                                         : "</td></tr>\n");
		free(v);
	}
	return rc ? rc : pw_buf_puts(out, "</table>\n");
}

/* One section's row: the answer columns are text areas named
 * "<column letter>:<section>". */
static int section_row(pw_buf *out, const pw_worksheet *ws, const pw_worksheet_row *r)
{
	int col, rc;
	char *v;

	rc = pw_buf_puts(out, r->changed ? "<tr class=\"changed\">" : "<tr class=\"same\">");
	for (col = 0; col < PW_WS_NCOLS && !rc; col++) {
		int answer = col >= PW_WS_FIRST_ANSWER;
		if ((rc = pw_worksheet_cell(&v, ws, r, col)) < 0)
			break;
		rc = pw_buf_puts(out, col == PW_WS_SECTION ? "<td class=\"id\">" : "<td>");
		if (!rc && answer)
			rc = pw_buf_printf(out, "<textarea rows=\"3\" name=\"%c:", 'A' + col);
		if (!rc && answer)
			rc = esc(out, r->id);
		if (!rc && answer)
			rc = pw_buf_printf(out, "\" aria-label=\"%s\">",
			                   col == PW_WS_DOCUMENTS ? "documents"
			                   : col == PW_WS_HOW     ? "how"
			                                          : "comment");
		if (!rc)
			rc = esc(out, v);
		if (!rc)
			rc = pw_buf_puts(out, answer ? "</textarea></td>" : "</td>");
		free(v);
	}
	return rc ? rc : pw_buf_puts(out, "</tr>\n");
}

int pw_worksheet_html(pw_buf *out, const pw_worksheet *ws)
{
	size_t i;
	int col, rc;

	rc = page_head(out, ws);
	if (!rc)
		rc = header_table(out, ws);
	if (!rc)
		rc = pw_buf_puts(out, "<table id=\"pw-rows\">\n<thead><tr>");
	for (col = 0; col < PW_WS_NCOLS && !rc; col++) {
		rc = pw_buf_puts(out, "<th>");
		if (!rc)
			rc = esc(out, pw_worksheet_column(col));
		if (!rc)
			rc = pw_buf_puts(out, "</th>");
	}
	if (!rc)
		rc = pw_buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < ws->nrows && !rc; i++)
		rc = section_row(out, ws, &ws->rows[i]);
	if (!rc)
		rc = pw_buf_printf(
		    out, "</tbody>\n</table>\n<script>\n%s</script>\n</body>\n</html>\n", script);
	return rc;
}
