#!/usr/bin/env python3
"""form_save.py CHROMIUM FORM.html DOWNLOAD_DIR ANSWERS_JSON

Fills in a generated pkiwatch HTML form in real headless Chromium the way a
person would — clicks on the radio buttons' labels, types into the text
fields — and clicks "Save answers", driving Chromium through the DevTools
protocol over a pipe (chromium_page.py: no port, no network). The
download lands in DOWNLOAD_DIR. Prints the status line the form shows after
the click, then "download: <file name>" once the browser reports the download
complete (or "download: none" when the form did not save).

ANSWERS_JSON: {"<change number>": {"impact": "medium", "description": "...",
"days": "45", "meets": "no", "planned": "2025-06-01", "mitigation": "...",
"cas": {"<CA number>": {"falls": "unsure", "reason": "...", "action": "...",
"by": "2025-06-01"}}}, "o<obligation number>": {"status": "done", "evidence":
"...", "date": "2025-05-20", "comment": "..."}}; only the fields given are
filled in.
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
        def type_into(name, text):
            page.click("[name=%s]" % json.dumps(name))
            page.type_text(text)

        for k, a in sorted(answers.items()):
            if k.startswith("o"):  # an obligation's status question
                p = "%s-" % k
                if "status" in a:
                    page.click("label:has(> input[name='%sstatus'][value='%s'])"
                               % (p, a["status"]))
                for field in ("evidence", "date", "comment"):
                    if field in a:
                        type_into(p + field, a[field])
                continue
            p = "c%s-" % k
            if "impact" in a:
                page.click("label:has(> input[name='%simpact'][value='%s'])" % (p, a["impact"]))
            for field in ("description", "days", "planned", "mitigation", "note"):
                if field in a:
                    type_into(p + field, a[field])
            if "meets" in a:
                page.click("label:has(> input[name='%smeets'][value='%s'])" % (p, a["meets"]))
            for i, ca in sorted(a.get("cas", {}).items()):
                q = "%sca%s-" % (p, i)
                if "falls" in ca:
                    page.click("label:has(> input[name='%sfalls'][value='%s'])"
                               % (q, ca["falls"]))
                for field in ("reason", "action", "by"):
                    if field in ca:
                        type_into(q + field, ca[field])
        if page.js("document.getElementById('pw-save-bar').hidden"):
            raise RuntimeError("the save bar is still hidden: the form's script did not run")
        page.click("#pw-save")
        status = page.js("document.getElementById('pw-save-status').textContent")
        print("status: " + status)
        if status.startswith(page.js("document.getElementById('pw-answers')."
                                     "getAttribute('data-saved')")):
            print("download: " + page.download())
        else:
            print("download: none")


if __name__ == "__main__":
    main()
