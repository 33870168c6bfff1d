#!/usr/bin/env python3
"""form_save.py CHROMIUM FORM.html DOWNLOAD_DIR ANSWERS_JSON

Fills in a generated pkiwatch HTML form in real headless Chromium the way a
person would — clicks on the radio buttons' labels, types into the text
fields — and clicks "Save answers", driving Chromium through the DevTools
protocol over a pipe (--remote-debugging-pipe: no port, no network). The
download lands in DOWNLOAD_DIR. Prints the status line the form shows after
the click, then "download: <file name>" once the browser reports the download
complete (or "download: none" when the form did not save).

ANSWERS_JSON: {"<change number>": {"impact": "medium", "description": "...",
"days": "45", "meets": "no", "planned": "2025-06-01", "mitigation": "...",
"cas": {"<CA number>": {"falls": "unsure", "reason": "...", "action": "...",
"by": "2025-06-01"}}}}; only the fields given are filled in.
"""
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile


class Cdp:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="pwform.")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child():
            # Chromium reads commands on fd 3 and writes on fd 4; go through
            # fds >= 10 so that neither dup2 clobbers the other pipe
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe", "--user-data-dir=" + self.profile, "about:blank"],
            pass_fds=(3, 4), preexec_fn=child,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # ours are closed so that EOF is seen when Chromium exits
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.buf = b""
        self.events = []

    def _read_message(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, test):
        for i, m in enumerate(self.events):
            if test(m):
                return self.events.pop(i)
        while True:
            m = self._read_message()
            if test(m):
                return m
            self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


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
            # scrolled into view, then a real mouse click at its centre
            box = js("(function(){var e=document.querySelector(%s);if(!e)return null;"
                     "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                     "return [r.left+r.width/2,r.top+r.height/2];})()" % json.dumps(selector))
            if box is None:
                raise RuntimeError("no element " + selector)
            for kind in ("mousePressed", "mouseReleased"):
                cdp.call("Input.dispatchMouseEvent",
                         {"type": kind, "x": box[0], "y": box[1], "button": "left",
                          "clickCount": 1}, session=s)

        def type_into(name, text):
            click("[name=%s]" % json.dumps(name))
            cdp.call("Input.insertText", {"text": text}, session=s)

        for k, a in sorted(answers.items()):
            p = "c%s-" % k
            if "impact" in a:
                click("label:has(> input[name='%simpact'][value='%s'])" % (p, a["impact"]))
            for field in ("description", "days", "planned", "mitigation", "note"):
                if field in a:
                    type_into(p + field, a[field])
            if "meets" in a:
                click("label:has(> input[name='%smeets'][value='%s'])" % (p, a["meets"]))
            for i, ca in sorted(a.get("cas", {}).items()):
                q = "%sca%s-" % (p, i)
                if "falls" in ca:
                    click("label:has(> input[name='%sfalls'][value='%s'])" % (q, ca["falls"]))
                for field in ("reason", "action", "by"):
                    if field in ca:
                        type_into(q + field, ca[field])
        if js("document.getElementById('pw-save-bar').hidden"):
            raise RuntimeError("the save bar is still hidden: the form's script did not run")
        click("#pw-save")
        status = js("document.getElementById('pw-save-status').textContent")
        print("status: " + status)
        if status.startswith(js("document.getElementById('pw-answers')."
                                "getAttribute('data-saved')")):
            begin = cdp.wait_event(lambda m: m.get("method") == "Browser.downloadWillBegin")
            done = cdp.wait_event(
                lambda m: m.get("method") == "Browser.downloadProgress" and
                m["params"]["state"] in ("completed", "canceled"))
            if done["params"]["state"] != "completed":
                raise RuntimeError("download canceled")
            print("download: " + begin["params"]["suggestedFilename"])
        else:
            print("download: none")
    finally:
        cdp.close()


if __name__ == "__main__":
    main()
