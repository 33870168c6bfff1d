#!/usr/bin/python3
"""worksheet_xlsx.py — the tests' independent reader and filler of pkiwatch's
self-assessment XLSX worksheets (python3-openpyxl, not pkiwatch).

  inspect XLSX              JSON on stdout: sheets and their states, the main
                            sheet's rows (values), per data row its fill colour,
                            the locking of a few cells, protection, filter, panes
  headings XLSX MARKDOWN    checks that every ATX heading of MARKDOWN is in the
                            worksheet once: as a row (section + title) or, for a
                            heading without a number inside a section, in that
                            row's title; prints "<headings> <rows>"
  fill XLSX OUT [OPTION]... fills the answer columns (E, F) of every row, or
                            with changed-only only of rows marked "yes", and B10
                            (CP/CPS), then saves OUT. Options:
                              changed-only, skip=SECTION, set=CELL=TEXT,
                              formula=CELL, long=CELL (40000 characters,
                              written into the XML), mixed (after saving,
                              rewrites the answer cells of every other row as
                              the other kind of string: shared or inline)
"""
import json
import re
import sys
import zipfile

import openpyxl

FIRST = 13  # first data row (1-based): 10 header rows, a blank, the headings


def inspect(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Self-assessment"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=ws.max_row)]
    fills = {}
    for r in range(FIRST, ws.max_row + 1):
        fills[str(ws.cell(r, 1).value)] = ws.cell(r, 1).fill.fgColor.rgb if ws.cell(r, 1).fill.fill_type else None
    out = {
        "sheets": wb.sheetnames,
        "states": [wb[n].sheet_state for n in wb.sheetnames],
        "rows": rows,
        "types": {c: ws[c].data_type for c in ("A13", "E13", "F13", "G13", "F16", "G16", "B10")},
        "fills": fills,
        "locked": {c: ws[c].protection.locked for c in ("A13", "B13", "C13", "D13", "E13", "F13", "G13", "B2", "B10")},
        "protected": ws.protection.sheet,
        "filter_protected": ws.protection.autoFilter,
        "id_protected": wb["pkiwatch"].protection.sheet,
        "id": [[c.value for c in r] for r in wb["pkiwatch"].iter_rows()],
        "autofilter": ws.auto_filter.ref,
        "freeze": ws.freeze_panes,
        "widths": {k: ws.column_dimensions[k].width for k in "ABCDEFG"},
        "wrap": ws["F13"].alignment.wrap_text,
    }
    json.dump(out, sys.stdout)


def headings(path, md):
    ws = openpyxl.load_workbook(path)["Self-assessment"]
    rows = {}
    for r in range(FIRST, ws.max_row + 1):
        rows[str(ws.cell(r, 1).value)] = str(ws.cell(r, 2).value)
    n = 0
    for line in open(md, encoding="utf-8"):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        n += 1
        text = m.group(1)
        num = re.match(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$", text)
        if num and num.group(1) in rows and rows[num.group(1)] == num.group(2):
            continue
        app = re.match(r"^(Appendix [A-Z])\b", text)
        if app and app.group(1) in rows and rows[app.group(1)].startswith(text):
            continue
        if any(t == text or t.startswith(text + ";") or ("; " + text) in t for t in rows.values()):
            continue
        sys.exit("heading not in the worksheet: " + text)
    print(n, len(rows))


def fill(path, out, opts):
    wb = openpyxl.load_workbook(path)
    ws = wb["Self-assessment"]
    changed_only = "changed-only" in opts
    skip = {o[5:] for o in opts if o.startswith("skip=")}
    for r in range(FIRST, ws.max_row + 1):
        sec = str(ws.cell(r, 1).value)
        if sec in skip or (changed_only and ws.cell(r, 3).value != "yes"):
            continue
        ws.cell(r, 5).value = "CPS " + sec
        ws.cell(r, 6).value = "Answer for " + sec + " (row %d)" % r
    ws["B10"] = "CP 3.1, CPS 3.4"
    for o in opts:
        if o.startswith("set="):
            cell, text = o[4:].split("=", 1)
            ws[cell] = text
        elif o.startswith("formula="):
            ws[o[8:]] = "=1+2"
    wb.save(out)
    if "mixed" in opts:
        mixed(out)
    for o in opts:
        if o.startswith("long="):
            long_cell(out, o[5:])


def long_cell(path, ref):
    """Writes 40000 characters into cell `ref` (openpyxl cuts text at Excel's
    32767, so the saved XML is edited)."""
    import xml.etree.ElementTree as ET
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ET.register_namespace("", ns[1:-1])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    for c in sheet.iter(ns + "c"):
        if c.get("r") == ref:
            for child in list(c):
                c.remove(child)
            c.set("t", "inlineStr")
            ET.SubElement(ET.SubElement(c, ns + "is"), ns + "t").text = "x" * 40000
            break
    else:
        sys.exit("no cell " + ref)
    parts["xl/worksheets/sheet1.xml"] = ET.tostring(sheet, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def mixed(path):
    """Makes the saved file hold both kinds of string cells pkiwatch must read:
    openpyxl writes either inline strings (3.0) or shared strings (3.1); the
    answer cells of every other row are rewritten as the other kind."""
    import xml.etree.ElementTree as ET
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ET.register_namespace("", ns[1:-1])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    shared = "xl/sharedStrings.xml" in parts
    strings = []
    if shared:
        sst = ET.fromstring(parts["xl/sharedStrings.xml"])
        strings = ["".join(t.text or "" for t in si.iter(ns + "t")) for si in sst.findall(ns + "si")]
    new = []
    for c in sheet.iter(ns + "c"):
        ref = c.get("r")
        row = int(re.sub(r"[A-Z]+", "", ref))
        if ref[0] not in "EF" or row < FIRST or row % 2:
            continue
        if shared and c.get("t") == "s":
            text = strings[int(c.find(ns + "v").text)]
            c.remove(c.find(ns + "v"))
            c.set("t", "inlineStr")
            ET.SubElement(ET.SubElement(c, ns + "is"), ns + "t").text = text
            new.append(text)
        elif not shared and c.get("t") == "inlineStr":
            text = "".join(t.text or "" for t in c.iter(ns + "t"))
            c.remove(c.find(ns + "is"))
            c.set("t", "s")
            ET.SubElement(c, ns + "v").text = str(len(new))
            new.append(text)
    if not new:
        sys.exit("no cell rewritten")
    parts["xl/worksheets/sheet1.xml"] = ET.tostring(sheet, xml_declaration=True, encoding="UTF-8")
    if not shared:
        sst = ET.Element(ns + "sst", count=str(len(new)), uniqueCount=str(len(new)))
        for text in new:
            ET.SubElement(ET.SubElement(sst, ns + "si"), ns + "t").text = text
        parts["xl/sharedStrings.xml"] = ET.tostring(sst, xml_declaration=True, encoding="UTF-8")
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdPw" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    # both kinds are there now
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
        assert b't="s"' in xml and b't="inlineStr"' in xml and "xl/sharedStrings.xml" in z.namelist()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "inspect":
        inspect(sys.argv[2])
    elif cmd == "headings":
        headings(sys.argv[2], sys.argv[3])
    elif cmd == "fill":
        fill(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
