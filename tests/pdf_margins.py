#!/usr/bin/env python3
"""pdf_margins.py FORM.pdf LEFT_MM RIGHT_MM

Checks that nothing of a printed form lies beyond the left or right page
margin: no word (pdftotext -bbox) and no ink, table borders included
(pdftoppm -gray at 144 dpi, every page, between the top and bottom margins
where the body is; the margin boxes with the form id and page numbers are
left out). A tolerance of 1 pt covers glyph side bearings and anti-aliasing.
Prints what is beyond and exits 1; prints "margins ok" otherwise.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

DPI = 144
TOP_MM, BOTTOM_MM = 20, 22  # the form's @page margins
TOLERANCE_PT = 1.0


def pt(mm):
    return mm * 72 / 25.4


def pgm(path):
    data = open(path, "rb").read()
    fields, i = [], 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] != b"\n":
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    return int(fields[1]), int(fields[2]), data[i + 1:]


def main():
    pdf, left_mm, right_mm = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    bad = []
    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    for n, (w, h, body) in enumerate(pages, 1):
        w, h = float(w), float(h)
        lo, hi = pt(left_mm) - TOLERANCE_PT, w - pt(right_mm) + TOLERANCE_PT
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r'(.*?)</word>', body):
            x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
            if y1 < pt(TOP_MM) or y0 > h - pt(BOTTOM_MM):
                continue  # the margin boxes
            if x0 < lo or x1 > hi:
                bad.append("page %d: word '%s' at x %.1f..%.1f (body %.1f..%.1f)"
                           % (n, word, x0, x1, lo, hi))
    tmp = tempfile.mkdtemp(prefix="pwmargins.")
    try:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", pdf, os.path.join(tmp, "p")],
                       check=True)
        for path in sorted(glob.glob(os.path.join(tmp, "p-*.pgm"))):
            w, h, px = pgm(path)
            scale = DPI / 72
            lo = int((pt(left_mm) - TOLERANCE_PT) * scale)
            hi = int((pt(right_mm) - TOLERANCE_PT) * scale)
            right_edge = w - hi
            for y in range(int(pt(TOP_MM) * scale), h - int(pt(BOTTOM_MM) * scale)):
                row = px[y * w:(y + 1) * w]
                ink_right = any(v < 200 for v in row[right_edge:])
                ink_left = any(v < 200 for v in row[:lo])
                if ink_right or ink_left:
                    bad.append("%s: ink beyond the %s margin at y %.1f pt"
                               % (os.path.basename(path), "right" if ink_right else "left",
                                  y / scale))
                    break
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for b in bad:
        print(b)
    if bad:
        sys.exit(1)
    print("margins ok")


if __name__ == "__main__":
    main()
