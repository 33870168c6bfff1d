#!/usr/bin/env python3
"""A stateful fake of GitHub's REST API (issues, labels, comments) for tests.

Standard library only. Binds 127.0.0.1 on --port (0: a free one), prints the
port as the first line of stdout (and writes it to --port-file), and stops on
SIGTERM. Every API request needs `Authorization: Bearer <--token>`.

Endpoints (per repository, {o}/{r} from --repo, repeatable):
  GET/POST  /repos/{o}/{r}/issues            list (state, labels, per_page, page) / create
  GET/PATCH /repos/{o}/{r}/issues/{n}
  GET/POST  /repos/{o}/{r}/issues/{n}/comments
  POST      /repos/{o}/{r}/issues/{n}/labels  add labels (returns the issue's labels)
  DELETE    /repos/{o}/{r}/issues/{n}/labels/{name}
  GET/POST  /repos/{o}/{r}/labels
  GET       /rate_limit
Lists are paginated with absolute Link headers (rel next/prev/first/last).
As GitHub, an issue or comment body longer than 65,536 characters gets 422
("body is too long (maximum is 65536 characters)"), and so does a label
description longer than 100 characters.

Admin endpoints (no auth):
  GET    /_admin/log      every API request: method, path, query, headers (no
                          Authorization), body (parsed JSON when it is JSON),
                          status, fault
  DELETE /_admin/log
  GET    /_admin/state    repositories with their issues, comments and labels
  POST   /_admin/faults   a fault object or a list of them (queued in order)
  DELETE /_admin/faults
  POST   /_admin/seed     {"repo": "o/r", "count": K, "prefix": "seed-",
                          "labels": [...], "state": "open"}: K issues whose bodies
                          carry <!-- pkiwatch:change <prefix><i> -->
  POST   /_admin/config   {"link_base": "http://elsewhere"} (Link headers point there),
                          {"now": "2024-07-15T09:00:00Z"} (the time stamped on what
                          is created or updated from then on; null: the clock's)
--prefix /api/v3 serves the API under that path, as GitHub Enterprise Server does.

A fault applies to the next API requests that match it:
  {"action": "status", "status": 502, "count": 1, "method": "POST",
   "path": "regex", "skip": 0, "headers": {...}, "body": {...}}
  action "status"    answer with `status` (and `body`, default {"message": ...};
                     "pad": N adds N bytes to the body)
  action "drop"      read the request, then close the connection without an answer
  action "lost"      perform the request, then close without an answer
  action "ratelimit" status 403 (or `status`: 429) with "retry_after": S, or with
                     X-RateLimit-Remaining: 0 and X-RateLimit-Reset = now + "reset_in"
  action "delay"     sleep "ms" milliseconds, then answer normally
`count` (default 1) is how many matching requests it hits; `skip` lets that many
matching requests through first. --fault JSON queues one at start.
"""

import argparse
import copy
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOC = "https://docs.github.com/rest"
MARKER = "<!-- pkiwatch:change %s -->"


class State:
    def __init__(self, repos, token):
        self.lock = threading.Lock()
        self.token = token
        self.repos = {}
        for name in repos:
            self.add_repo(name)
        self.faults = []
        self.log = []
        self.link_base = None
        self.prefix = ""
        self.next_id = 1000
        self.remaining = 5000

    def add_repo(self, name):
        self.repos[name] = {"issues": [], "labels": {}, "comments": {}}

    def new_id(self):
        self.next_id += 1
        return self.next_id


# /_admin/config {"now": "..."} fixes the time the fake stamps (created_at,
# updated_at); None: the clock's.
FIXED_NOW = None


def now_iso():
    if FIXED_NOW is not None:
        return FIXED_NOW
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def user(login):
    return {"login": login, "id": zlib.crc32(login.encode()) % 100000, "type": "User"}

def ensure_label(st, repo, name, color="ededed", description=None):
    key = name.lower()
    if key not in repo["labels"]:
        repo["labels"][key] = {
            "id": st.new_id(), "name": name, "color": color,
            "description": description, "default": False,
        }
    return repo["labels"][key]


def new_issue(st, repo, body):
    number = len(repo["issues"]) + 1
    issue = {
        "id": st.new_id(),
        "number": number,
        "title": str(body["title"]),
        "body": body.get("body"),
        "state": body.get("state", "open"),
        "state_reason": None,
        "labels": [dict(ensure_label(st, repo, n)) for n in body.get("labels", [])],
        "assignees": [user(a) for a in body.get("assignees", [])],
        "comments": 0,
        "created_at": now_iso(),
        "updated_at": now_iso(),
        "closed_at": None,
        "user": user("pkiwatch-bot"),
        "locked": False,
        "milestone": None,
    }
    issue["assignee"] = issue["assignees"][0] if issue["assignees"] else None
    repo["issues"].append(issue)
    repo["comments"][str(number)] = []
    return issue


def seed(st, data):
    name = data.get("repo") or next(iter(st.repos))
    if name not in st.repos:
        st.add_repo(name)
    repo = st.repos[name]
    labels = data.get("labels", ["pkiwatch", "needs-signoff"])
    for lab in labels:
        ensure_label(st, repo, lab)
    n = int(data.get("count", 0))
    for i in range(1, n + 1):
        cid = "%s%d" % (data.get("prefix", "seed-"), i)
        new_issue(st, repo, {
            "title": "Seeded change %s" % cid,
            "body": "Seeded issue.\n\n" + MARKER % cid + "\n",
            "labels": labels,
            "state": data.get("state", "open"),
        })
    return n


class ApiError(Exception):
    def __init__(self, status, message, errors=None):
        super().__init__(message)
        self.status = status
        self.body = {"message": message, "documentation_url": DOC}
        if errors is not None:
            self.body["errors"] = errors


BODY_MAX = 65536


def check_length(text, resource):
    """GitHub's limit on issue and comment bodies, in characters."""
    if isinstance(text, str) and len(text) > BODY_MAX:
        raise validation("body", "custom", resource,
                         "body is too long (maximum is %d characters)" % BODY_MAX)


def validation(field, code="invalid", resource="Issue", message=None):
    err = {"resource": resource, "code": code, "field": field}
    if message:
        err["message"] = message
    return ApiError(422, "Validation Failed", [err])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-github/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    # ---- plumbing -------------------------------------------------------

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_PUT(self):
        self.handle_any("PUT")

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send_json(self, status, obj, headers=None):
        data = b"" if obj is None else json.dumps(obj).encode()
        self.send_response(status)
        if obj is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        st = self.server.state
        self.send_header("X-RateLimit-Limit", "5000")
        self.send_header("X-RateLimit-Remaining", str(st.remaining))
        self.send_header("X-RateLimit-Reset", str(int(time.time()) + 3600))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)

    def hang_up(self):
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass

    def base_url(self):
        st = self.server.state
        if st.link_base:
            return st.link_base
        return "http://127.0.0.1:%d%s" % (self.server.server_address[1], st.prefix)

    def handle_any(self, method):
        raw = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        prefix = self.server.state.prefix
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix):]
        query = urllib.parse.parse_qs(url.query)
        if path.startswith("/_admin/"):
            return self.admin(method, path, raw)
        st = self.server.state
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        entry = {
            "method": method,
            "path": path,
            "query": url.query,
            "headers": {k: v for k, v in self.headers.items() if k.lower() != "authorization"},
            "body": body,
            "status": None,
            "fault": None,
        }
        with st.lock:
            st.log.append(entry)
            fault = self.take_fault(method, path)
        if fault:
            entry["fault"] = fault["action"]
            action = fault["action"]
            if action == "drop":
                return self.hang_up()
            if action == "delay":
                time.sleep(fault.get("ms", 1000) / 1000.0)
            elif action == "status":
                entry["status"] = fault.get("status", 500)
                body = fault.get("body", {"message": "fault injected", "documentation_url": DOC})
                if fault.get("pad"):  # an oversized answer
                    body = dict(body, pad="x" * int(fault["pad"]))
                return self.send_json(entry["status"], body, fault.get("headers"))
            elif action == "ratelimit":
                status = fault.get("status", 403)
                headers = dict(fault.get("headers") or {})
                if "retry_after" in fault:
                    headers["Retry-After"] = fault["retry_after"]
                else:
                    headers["X-RateLimit-Remaining"] = "0"
                    headers["X-RateLimit-Reset"] = int(time.time() + fault.get("reset_in", 1))
                entry["status"] = status
                return self.send_json(
                    status,
                    {"message": "API rate limit exceeded for user ID 1.", "documentation_url": DOC},
                    headers,
                )
        auth = self.headers.get("Authorization", "")
        if auth != "Bearer " + st.token:
            entry["status"] = 401
            return self.send_json(401, {"message": "Bad credentials", "documentation_url": DOC})
        try:
            with st.lock:
                status, obj, headers = self.api(method, path, query, body)
        except ApiError as e:
            status, obj, headers = e.status, e.body, None
        entry["status"] = status
        if fault and fault["action"] == "lost":
            return self.hang_up()
        self.send_json(status, obj, headers)

    def take_fault(self, method, path):
        st = self.server.state
        for f in st.faults:
            if f.get("method") and f["method"].upper() != method:
                continue
            if f.get("path") and not re.search(f["path"], path):
                continue
            if f.get("skip", 0) > 0:
                f["skip"] -= 1
                return None
            f["count"] = f.get("count", 1) - 1
            if f["count"] <= 0:
                st.faults.remove(f)
            return f
        return None

    # ---- admin ----------------------------------------------------------

    def admin(self, method, path, raw):
        st = self.server.state
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            return self.send_json(400, {"message": "bad JSON"})
        with st.lock:
            if path == "/_admin/log" and method == "GET":
                obj = copy.deepcopy(st.log)
            elif path == "/_admin/log" and method == "DELETE":
                st.log.clear()
                obj = {}
            elif path == "/_admin/state" and method == "GET":
                obj = copy.deepcopy(st.repos)
            elif path == "/_admin/faults" and method == "POST":
                for f in data if isinstance(data, list) else [data]:
                    if not isinstance(f, dict) or f.get("action") not in (
                        "status", "drop", "lost", "ratelimit", "delay"):
                        return self.send_json(400, {"message": "bad fault %r" % (f,)})
                    st.faults.append(dict(f))
                obj = {"queued": len(st.faults)}
            elif path == "/_admin/faults" and method == "DELETE":
                st.faults.clear()
                obj = {}
            elif path == "/_admin/faults" and method == "GET":
                obj = copy.deepcopy(st.faults)
            elif path == "/_admin/seed" and method == "POST":
                obj = {"seeded": self.seed(data or {})}
            elif path == "/_admin/config" and method == "POST":
                if "link_base" in (data or {}):
                    st.link_base = data["link_base"]
                if "now" in (data or {}):
                    global FIXED_NOW
                    FIXED_NOW = data["now"]
                obj = {}
            else:
                return self.send_json(404, {"message": "no such admin endpoint"})
        self.send_json(200, obj)

    def seed(self, data):
        return seed(self.server.state, data)

    def ensure_label(self, repo, name, color="ededed", description=None):
        return ensure_label(self.server.state, repo, name, color, description)

    def new_issue(self, repo, body):
        return new_issue(self.server.state, repo, body)

    # ---- API ------------------------------------------------------------

    def paginate(self, path, query, items):
        try:
            per_page = min(max(int(query.get("per_page", ["30"])[0]), 1), 100)
            page = max(int(query.get("page", ["1"])[0]), 1)
        except ValueError:
            raise ApiError(400, "Invalid pagination parameters")
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page: page * per_page]
        keep = {k: v[0] for k, v in query.items() if k != "page"}

        def link(p, rel):
            q = dict(keep, page=str(p))
            return '<%s%s?%s>; rel="%s"' % (self.base_url(), path, urllib.parse.urlencode(q), rel)

        links = []
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links += [link(1, "first"), link(page - 1, "prev")]
        return chunk, ({"Link": ", ".join(links)} if links else None)

    def check_issue_fields(self, body, create):
        if not isinstance(body, dict):
            raise ApiError(400, "Problems parsing JSON")
        if create and "title" not in body:
            raise validation("title", "missing_field")
        if "title" in body and not isinstance(body["title"], (str, int)):
            raise validation("title")
        if "body" in body and body["body"] is not None and not isinstance(body["body"], str):
            raise validation("body")
        check_length(body.get("body"), "Issue")
        for key in ("labels", "assignees"):
            if key in body and (not isinstance(body[key], list)
                                or not all(isinstance(x, str) for x in body[key])):
                raise ApiError(422, "Invalid request.\n\nFor '%s', %s is not an array."
                               % (key, json.dumps(body[key])))
        if "state" in body and body["state"] not in ("open", "closed"):
            raise validation("state")

    def render(self, name, issue):
        out = dict(issue)
        base = self.base_url()
        out["url"] = "%s/repos/%s/issues/%d" % (base, name, issue["number"])
        out["html_url"] = "https://github.example/%s/issues/%d" % (name, issue["number"])
        return out

    def find_issue(self, repo, n):
        try:
            i = int(n)
        except ValueError:
            raise ApiError(404, "Not Found")
        if i < 1 or i > len(repo["issues"]):
            raise ApiError(404, "Not Found")
        return repo["issues"][i - 1]

    def api(self, method, path, query, body):
        st = self.server.state
        if path == "/rate_limit" and method == "GET":
            core = {"limit": 5000, "remaining": st.remaining, "used": 5000 - st.remaining,
                    "reset": int(time.time()) + 3600}
            return 200, {"resources": {"core": core}, "rate": core}, None
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        if not m:
            raise ApiError(404, "Not Found")
        name = "%s/%s" % (m.group(1), m.group(2))
        repo = st.repos.get(name)
        if repo is None:
            raise ApiError(404, "Not Found")
        rest = m.group(3) or ""
        if method != "GET":
            st.remaining = max(st.remaining - 1, 0)

        if rest == "/issues":
            if method == "GET":
                state = query.get("state", ["open"])[0]
                items = [i for i in repo["issues"] if state == "all" or i["state"] == state]
                if "labels" in query:
                    want = [w.strip().lower() for w in query["labels"][0].split(",") if w.strip()]
                    items = [i for i in items
                             if all(w in [l["name"].lower() for l in i["labels"]] for w in want)]
                direction = query.get("direction", ["desc"])[0]
                items = sorted(items, key=lambda i: i["number"], reverse=(direction != "asc"))
                chunk, headers = self.paginate(path, query, items)
                return 200, [self.render(name, i) for i in chunk], headers
            if method == "POST":
                self.check_issue_fields(body, True)
                issue = self.new_issue(repo, body)
                return 201, self.render(name, issue), {"Location": self.render(name, issue)["url"]}
        m = re.fullmatch(r"/issues/([^/]+)", rest)
        if m:
            issue = self.find_issue(repo, m.group(1))
            if method == "GET":
                return 200, self.render(name, issue), None
            if method == "PATCH":
                self.check_issue_fields(body, False)
                for key in ("title", "body"):
                    if key in body:
                        issue[key] = body[key]
                if "state" in body and body["state"] != issue["state"]:
                    issue["state"] = body["state"]
                    issue["closed_at"] = now_iso() if body["state"] == "closed" else None
                    issue["state_reason"] = body.get("state_reason",
                                                     "completed" if body["state"] == "closed"
                                                     else "reopened")
                if "labels" in body:
                    issue["labels"] = [dict(self.ensure_label(repo, n)) for n in body["labels"]]
                if "assignees" in body:
                    issue["assignees"] = [user(a) for a in body["assignees"]]
                    issue["assignee"] = issue["assignees"][0] if issue["assignees"] else None
                issue["updated_at"] = now_iso()
                return 200, self.render(name, issue), None
        m = re.fullmatch(r"/issues/([^/]+)/comments", rest)
        if m:
            issue = self.find_issue(repo, m.group(1))
            comments = repo["comments"][str(issue["number"])]
            if method == "GET":
                chunk, headers = self.paginate(path, query, comments)
                return 200, chunk, headers
            if method == "POST":
                if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                    raise validation("body", "missing_field", "IssueComment")
                check_length(body["body"], "IssueComment")
                c = {"id": st.new_id(), "body": body["body"], "user": user("pkiwatch-bot"),
                     "created_at": now_iso(), "updated_at": now_iso()}
                c["html_url"] = "https://github.example/%s/issues/%d#issuecomment-%d" % (
                    name, issue["number"], c["id"])
                comments.append(c)
                issue["comments"] = len(comments)
                return 201, c, None
        m = re.fullmatch(r"/issues/([^/]+)/labels", rest)
        if m and method in ("POST", "GET"):
            issue = self.find_issue(repo, m.group(1))
            if method == "POST":
                names = body.get("labels") if isinstance(body, dict) else body
                if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
                    raise validation("labels")
                have = [l["name"].lower() for l in issue["labels"]]
                for n in names:
                    if n.lower() not in have:
                        issue["labels"].append(dict(self.ensure_label(repo, n)))
                        have.append(n.lower())
                issue["updated_at"] = now_iso()
            return 200, issue["labels"], None
        m = re.fullmatch(r"/issues/([^/]+)/labels/(.+)", rest)
        if m and method == "DELETE":
            issue = self.find_issue(repo, m.group(1))
            want = m.group(2).lower()
            keep = [l for l in issue["labels"] if l["name"].lower() != want]
            if len(keep) == len(issue["labels"]):
                raise ApiError(404, "Label does not exist")
            issue["labels"] = keep
            issue["updated_at"] = now_iso()
            return 200, keep, None
        if rest == "/labels":
            if method == "GET":
                chunk, headers = self.paginate(path, query, list(repo["labels"].values()))
                return 200, chunk, headers
            if method == "POST":
                if not isinstance(body, dict) or not isinstance(body.get("name"), str):
                    raise validation("name", "missing_field", "Label")
                color = body.get("color", "ededed")
                if not isinstance(color, str) or not re.fullmatch(r"[0-9a-fA-F]{6}", color):
                    raise validation("color", resource="Label")
                desc = body.get("description")
                if desc is not None and (not isinstance(desc, str) or len(desc) > 100):
                    # as GitHub: "description is too long (maximum is 100 characters)"
                    raise validation("description", resource="Label")
                if body["name"].lower() in repo["labels"]:
                    raise validation("name", "already_exists", "Label")
                lab = self.ensure_label(repo, body["name"], color, body.get("description"))
                return 201, lab, None
        raise ApiError(404, "Not Found")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the client hung up (e.g. it refused an oversized answer)
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description="fake GitHub REST API for tests")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--token", default="test-token")
    ap.add_argument("--repo", action="append")
    ap.add_argument("--seed", type=int, default=0, help="pkiwatch issues in the first repo")
    ap.add_argument("--seed-prefix", default="seed-")
    ap.add_argument("--fault", action="append", default=[], help="a fault as JSON")
    ap.add_argument("--prefix", default="", help="API path prefix, e.g. /api/v3 (GHES)")
    args = ap.parse_args()

    state = State(args.repo or ["acme/compliance"], args.token)
    state.prefix = args.prefix.rstrip("/")
    for f in args.fault:
        state.faults.append(json.loads(f))
    server = Server(("127.0.0.1", args.port), Handler)
    server.state = state
    if args.seed:
        seed(state, {"count": args.seed, "prefix": args.seed_prefix})
    port = server.server_address[1]

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as fh:
            fh.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
