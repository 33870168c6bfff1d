#!/usr/bin/env python3
"""worksheet_save.py CHROMIUM WORKSHEET.html DOWNLOAD_DIR ANSWERS_JSON

Fills in a pkiwatch HTML self-assessment worksheet in real headless Chromium
the way a person would (clicks into each field, types), ticks "show changed
sections only" and reports how many rows are then visible, and clicks "Save
answers". Prints "visible: N", the status line, then "download: <file name>"
once the browser reports the download complete.

ANSWERS_JSON: {"<field name>": "text"}: "cp_cps", or "<column>:<section>"
with column E (documents), F (how) or G (comment), e.g. "E:6.1.5".
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_page import Page  # noqa: E402


def main():
    chromium, html, download_dir, answers = sys.argv[1:5]
    answers = json.loads(answers)
    with Page(chromium, html, download_dir) as page:
        for name, text in answers.items():
            sel = "textarea[name=%s]" % json.dumps(name)
            page.click(sel)
            # select what is there (a prefilled answer), then type over it
            page.js("document.querySelector(%s).select()" % json.dumps(sel))
            page.type_text(text)
        if page.js("document.getElementById('pw-save-bar').hidden"):
            raise RuntimeError("the save bar is still hidden: the script did not run")
        page.click("#pw-only-changed")
        print("visible: %d" % page.js("Array.from(document.querySelectorAll('#pw-rows tbody tr'))"
                                      ".filter(function(r){return r.offsetParent!==null}).length"))
        page.click("#pw-save")
        print("status: " + page.js("document.getElementById('pw-save-status').textContent"))
        print("download: " + page.download())


if __name__ == "__main__":
    main()
