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
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from form_save import Cdp  # noqa: E402  (the same DevTools pipe driver)


def main():
    chromium, html, download_dir, answers = sys.argv[1:5]
    answers = json.loads(answers)
    signal.alarm(90)  # a hung browser fails the test instead of blocking it
    cdp = Cdp(chromium)
    try:
        cdp.call("Browser.setDownloadBehavior",
                 {"behavior": "allow", "downloadPath": os.path.abspath(download_dir),
                  "eventsEnabled": True})
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        cdp.call("Page.enable", session=s)
        cdp.call("Page.navigate", {"url": "file://" + os.path.abspath(html)}, session=s)
        cdp.wait_event(lambda m: m.get("method") == "Page.loadEventFired" and
                       m.get("sessionId") == s)

        def js(expr):
            r = cdp.call("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                         session=s)
            if "exceptionDetails" in r:
                raise RuntimeError("%s: %s" % (expr, r["exceptionDetails"]))
            return r["result"].get("value")

        def click(selector):
            box = js("(function(){var e=document.querySelector(%s);if(!e)return null;"
                     "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                     "return [r.left+r.width/2,r.top+r.height/2];})()" % json.dumps(selector))
            if box is None:
                raise RuntimeError("no element " + selector)
            for kind in ("mousePressed", "mouseReleased"):
                cdp.call("Input.dispatchMouseEvent",
                         {"type": kind, "x": box[0], "y": box[1], "button": "left",
                          "clickCount": 1}, session=s)

        for name, text in answers.items():
            sel = "textarea[name=%s]" % json.dumps(name)
            click(sel)
            # select what is there (a prefilled answer), then type over it
            js("document.querySelector(%s).select()" % json.dumps(sel))
            cdp.call("Input.insertText", {"text": text}, session=s)
        if js("document.getElementById('pw-save-bar').hidden"):
            raise RuntimeError("the save bar is still hidden: the script did not run")
        click("#pw-only-changed")
        print("visible: %d" % js("Array.from(document.querySelectorAll('#pw-rows tbody tr'))"
                                 ".filter(function(r){return r.offsetParent!==null}).length"))
        click("#pw-save")
        print("status: " + js("document.getElementById('pw-save-status').textContent"))
        begin = cdp.wait_event(lambda m: m.get("method") == "Browser.downloadWillBegin")
        done = cdp.wait_event(
            lambda m: m.get("method") == "Browser.downloadProgress" and
            m["params"]["state"] in ("completed", "canceled"))
        if done["params"]["state"] != "completed":
            raise RuntimeError("download canceled")
        print("download: " + begin["params"]["suggestedFilename"])
    finally:
        cdp.close()


if __name__ == "__main__":
    main()
