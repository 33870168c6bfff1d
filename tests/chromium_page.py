"""chromium_page: a page of a local HTML file in real headless Chromium, driven
through the DevTools protocol over a pipe (--remote-debugging-pipe: no port, no
network), the way a person would use it: real mouse clicks at an element's
centre, typed text, downloads into a directory. Shared by form_save.py and
worksheet_save.py."""
import fcntl
import json
import os
import shutil
import signal
import subprocess
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


class Page:
    """`html` loaded in a fresh Chromium, downloads allowed into
    `download_dir`; use it in a with statement (the browser is closed at the
    end). A hung browser fails the test after 90 s instead of blocking it."""

    def __init__(self, chromium, html, download_dir):
        signal.alarm(90)
        self.cdp = Cdp(chromium)
        try:
            self.cdp.call("Browser.setDownloadBehavior",
                          {"behavior": "allow", "downloadPath": os.path.abspath(download_dir),
                           "eventsEnabled": True})
            target = self.cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.s = self.cdp.call("Target.attachToTarget",
                                   {"targetId": target, "flatten": True})["sessionId"]
            self.cdp.call("Page.enable", session=self.s)
            self.cdp.call("Page.navigate", {"url": "file://" + os.path.abspath(html)},
                          session=self.s)
            self.cdp.wait_event(lambda m: m.get("method") == "Page.loadEventFired" and
                                m.get("sessionId") == self.s)
        except BaseException:
            self.cdp.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cdp.close()

    def js(self, expr):
        r = self.cdp.call("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                          session=self.s)
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def click(self, selector):
        """Scrolled into view, then a real mouse click at its centre."""
        box = self.js("(function(){var e=document.querySelector(%s);if(!e)return null;"
                      "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                      "return [r.left+r.width/2,r.top+r.height/2];})()" % json.dumps(selector))
        if box is None:
            raise RuntimeError("no element " + selector)
        for kind in ("mousePressed", "mouseReleased"):
            self.cdp.call("Input.dispatchMouseEvent",
                          {"type": kind, "x": box[0], "y": box[1], "button": "left",
                           "clickCount": 1}, session=self.s)

    def type_text(self, text):
        self.cdp.call("Input.insertText", {"text": text}, session=self.s)

    def download(self):
        """The name of the file whose download the page began, once complete."""
        begin = self.cdp.wait_event(lambda m: m.get("method") == "Browser.downloadWillBegin")
        done = self.cdp.wait_event(
            lambda m: m.get("method") == "Browser.downloadProgress" and
            m["params"]["state"] in ("completed", "canceled"))
        if done["params"]["state"] != "completed":
            raise RuntimeError("download canceled")
        return begin["params"]["suggestedFilename"]
