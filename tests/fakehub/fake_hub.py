#!/usr/bin/env python3
"""A stand-in for huggingface.co in tests: the Hub API, file downloads that
redirect to a second "CDN" server, and fault injection.

Standard library only. Listens on 127.0.0.1 with OS-chosen ports and prints
them as one JSON line on stdout: {"hub": 40123, "cdn": 40124}. Runs until
killed or stdin closes (so it never outlives the test that started it).

Endpoints (hub):
  GET  /api/models?filter=gguf&search=..&sort=..&limit=..&cursor=..   (Link: rel="next")
  GET  /api/models/{owner}/{name}[?blobs=true]
  GET  /api/models/{owner}/{name}/tree/main[?recursive=1]
  GET|HEAD /{owner}/{name}/resolve/main/{file}   -> 302 to the CDN (LFS files)
  POST /_control/fault     {"where": "hub"|"cdn", "repo", "file", "kind", ...}
  POST /_control/reset     clear faults and the request log
  GET  /_control/requests  the request log (headers lower-cased)
Fault kinds: status (status, count, retryAfter), drop (after bytes),
ignore_range, corrupt, slow (rate bytes/s). "count" is how many requests the
fault applies to; -1 (default for corrupt/slow) means every request.
"""

import argparse
import hashlib
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_FIXTURE = {
    "tokens": ["hf_test_token_with_access"],
    "repos": [
        {"id": "hearth-test/Tiny-Llama-GGUF", "downloads": 9000, "likes": 50,
         "lastModified": "2024-03-01T10:00:00.000Z", "license": "apache-2.0",
         "readme": "# Tiny Llama GGUF\n\nA tiny test model.\n",
         "files": [{"path": "tiny-llama-Q4_K_M.gguf", "size": 300000},
                   {"path": "tiny-llama-Q8_0.gguf", "size": 200000},
                   {"path": "tiny-llama-IQ4_XS.gguf", "size": 120000},
                   {"path": "tiny-llama-f16.gguf", "size": 150000},
                   {"path": "BF16/tiny-llama-BF16-00001-of-00003.gguf", "size": 100000},
                   {"path": "BF16/tiny-llama-BF16-00002-of-00003.gguf", "size": 100000},
                   {"path": "BF16/tiny-llama-BF16-00003-of-00003.gguf", "size": 50000},
                   {"path": "config.json", "size": 300, "lfs": False}]},
        {"id": "hearth-test/Gated-Model-GGUF", "downloads": 700, "likes": 90,
         "lastModified": "2024-06-01T10:00:00.000Z", "license": "llama3", "gated": "manual",
         "readme": "# Gated\n", "files": [{"path": "gated-Q4_0.gguf", "size": 100000}]},
        {"id": "other-org/Not-Gguf", "downloads": 100000, "likes": 1,
         "lastModified": "2024-01-01T10:00:00.000Z", "license": "mit", "tags": ["pytorch"],
         "readme": "# Not GGUF\n", "files": [{"path": "model.safetensors", "size": 1000}]},
    ] + [
        {"id": "paging-org/Paging-%02d-GGUF" % i, "downloads": 100 + 10 * i, "likes": 40 - i,
         "lastModified": "2024-02-%02dT00:00:00.000Z" % (i + 1), "license": "mit",
         "readme": "# Paging %d\n" % i, "files": [{"path": "paging-%02d-Q4_K_S.gguf" % i, "size": 1000}]}
        for i in range(7)
    ],
}


def generate_content(repo, path, size):
    """Deterministic bytes for a file: SHA-256 blocks of a counter."""
    out = bytearray()
    i = 0
    seed = ("%s/%s" % (repo, path)).encode()
    while len(out) < size:
        out += hashlib.sha256(seed + b":" + str(i).encode()).digest()
        i += 1
    return bytes(out[:size])


class State:
    def __init__(self, fixture):
        self.lock = threading.Lock()
        self.tokens = set(fixture.get("tokens", []))
        self.repos = {}
        for repo in fixture["repos"]:
            files = {}
            for f in repo["files"]:
                data = generate_content(repo["id"], f["path"], f["size"])
                files[f["path"]] = {"data": data, "lfs": f.get("lfs", True),
                                    "sha256": hashlib.sha256(data).hexdigest()}
            readme = repo.get("readme", "").encode()
            files["README.md"] = {"data": readme, "lfs": False,
                                  "sha256": hashlib.sha256(readme).hexdigest()}
            tags = list(repo.get("tags", ["gguf", "text-generation"]))
            if repo.get("license"):
                tags.append("license:" + repo["license"])
            self.repos[repo["id"]] = dict(repo, files=files, tags=tags)
        self.faults = []
        self.requests = []

    def take_fault(self, where, repo, path):
        with self.lock:
            for f in self.faults:
                if f.get("where", "hub") != where or f["count"] == 0:
                    continue
                if f.get("repo") not in (None, repo) or f.get("file") not in (None, path):
                    continue
                if f["count"] > 0:
                    f["count"] -= 1
                return dict(f)
        return None


STATE = None
PORTS = {}


def git_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_kind = "hub"

    def log_message(self, fmt, *args):  # quiet: tests read stdout only for the ports
        pass

    def record(self):
        if self.path.startswith("/_control/"):
            return  # the test's own control calls are not part of the log
        with STATE.lock:
            STATE.requests.append({"server": self.server_kind, "method": self.command, "path": self.path,
                                   "headers": {k.lower(): v for k, v in self.headers.items()}})

    def send_json(self, obj, status=200, extra=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error_json(self, status, message, extra=None):
        self.send_json({"error": message}, status, extra)

    def apply_status_fault(self, fault):
        extra = {}
        if fault.get("retryAfter") is not None:
            extra["Retry-After"] = str(fault["retryAfter"])
        self.send_error_json(fault["status"], "injected fault", extra)

    def authorized_for(self, repo):
        if not repo.get("gated"):
            return 200
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return 401
        return 200 if auth[7:] in STATE.tokens else 403


class HubHandler(Handler):
    server_kind = "hub"

    def do_POST(self):
        self.record()
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/_control/fault":
            fault = json.loads(body or b"{}")
            fault.setdefault("count", -1 if fault.get("kind") in ("corrupt", "slow") else 1)
            with STATE.lock:
                STATE.faults.append(fault)
            return self.send_json({"ok": True})
        if self.path == "/_control/reset":
            with STATE.lock:
                STATE.faults.clear()
                STATE.requests.clear()
            return self.send_json({"ok": True})
        self.send_error_json(404, "not found")

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = urllib.parse.unquote(url.path)
        if path == "/_control/requests":
            with STATE.lock:
                return self.send_json(list(STATE.requests))
        if path == "/api/models":
            fault = STATE.take_fault("hub", None, None)
            if fault and fault.get("kind") == "status":
                return self.apply_status_fault(fault)
            return self.search(query)
        if path.startswith("/api/models/"):
            rest = path[len("/api/models/"):].split("/")
            repo_id = "/".join(rest[:2])
            repo = STATE.repos.get(repo_id)
            fault = STATE.take_fault("hub", repo_id, None)
            if fault and fault.get("kind") == "status":
                return self.apply_status_fault(fault)
            if not repo:
                return self.send_error_json(404, "Repository not found", {"X-Error-Code": "RepoNotFound"})
            if len(rest) >= 4 and rest[2] == "tree":
                return self.send_json(self.tree(repo))
            return self.send_json(self.model_info(repo, blobs=query.get("blobs") == ["true"]))
        parts = path.lstrip("/").split("/")
        if len(parts) >= 5 and parts[2] == "resolve":
            return self.resolve("/".join(parts[:2]), "/".join(parts[4:]))
        self.send_error_json(404, "not found")

    def summary(self, repo):
        return {"_id": repo["id"], "id": repo["id"], "author": repo["id"].split("/")[0],
                "downloads": repo["downloads"], "likes": repo["likes"], "gated": repo.get("gated", False),
                "private": False, "lastModified": repo["lastModified"], "tags": repo["tags"],
                "pipeline_tag": "text-generation", "library_name": "gguf" if "gguf" in repo["tags"] else None}

    def search(self, query):
        repos = list(STATE.repos.values())
        for tag in query.get("filter", []):
            repos = [r for r in repos if tag in r["tags"]]
        needle = query.get("search", [""])[0].lower()
        repos = [r for r in repos if needle in r["id"].lower()]
        sort = query.get("sort", ["downloads"])[0]
        if sort not in ("downloads", "likes", "lastModified"):
            return self.send_error_json(400, "bad sort")
        repos.sort(key=lambda r: (r[sort], r["id"]), reverse=True)
        limit = int(query.get("limit", ["50"])[0])
        start = int(query.get("cursor", ["0"])[0])
        page = repos[start:start + limit]
        extra = {}
        if start + limit < len(repos):
            q = {k: v for k, v in query.items() if k != "cursor"}
            q["cursor"] = [str(start + limit)]
            nxt = "http://127.0.0.1:%d/api/models?%s" % (PORTS["hub"], urllib.parse.urlencode(q, doseq=True))
            extra["Link"] = '<%s>; rel="next"' % nxt
        self.send_json([self.summary(r) for r in page], 200, extra)

    def model_info(self, repo, blobs):
        info = self.summary(repo)
        info["cardData"] = {"license": repo.get("license")}
        info["sha"] = "0" * 40
        siblings = []
        for name, f in sorted(repo["files"].items()):
            s = {"rfilename": name}
            if blobs:
                s["size"] = len(f["data"])
                s["blobId"] = git_sha1(f["data"])
                if f["lfs"]:
                    s["lfs"] = {"sha256": f["sha256"], "size": len(f["data"]), "pointerSize": 134}
            siblings.append(s)
        info["siblings"] = siblings
        return info

    def tree(self, repo):
        out = []
        for name, f in sorted(repo["files"].items()):
            e = {"type": "file", "oid": git_sha1(f["data"]), "path": name, "size": len(f["data"])}
            if f["lfs"]:
                e["lfs"] = {"oid": f["sha256"], "size": len(f["data"]), "pointerSize": 134}
            out.append(e)
        return out

    def resolve(self, repo_id, file):
        repo = STATE.repos.get(repo_id)
        fault = STATE.take_fault("hub", repo_id, file)
        if fault and fault.get("kind") == "status":
            return self.apply_status_fault(fault)
        if not repo:
            return self.send_error_json(404, "Repository not found", {"X-Error-Code": "RepoNotFound"})
        f = repo["files"].get(file)
        if f is None:
            return self.send_error_json(404, "Entry not found", {"X-Error-Code": "EntryNotFound"})
        if file != "README.md":
            status = self.authorized_for(repo)
            if status != 200:
                return self.send_error_json(status, "Access to model %s is restricted." % repo_id,
                                            {"X-Error-Code": "GatedRepo"})
        headers = {"X-Repo-Commit": "0" * 40}
        if not f["lfs"]:
            self.send_response(200)
            self.send_header("ETag", '"%s"' % git_sha1(f["data"]))
            self.send_header("Content-Length", str(len(f["data"])))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(f["data"])
            return
        location = "http://127.0.0.1:%d/blob/%s?%s" % (PORTS["cdn"], f["sha256"],
                                                       urllib.parse.urlencode({"repo": repo_id, "file": file}))
        body = b"Found. Redirecting"
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("X-Linked-Etag", '"%s"' % f["sha256"])
        self.send_header("X-Linked-Size", str(len(f["data"])))
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class CdnHandler(Handler):
    server_kind = "cdn"

    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        repo_id = query.get("repo", [""])[0]
        file = query.get("file", [""])[0]
        repo = STATE.repos.get(repo_id)
        f = repo["files"].get(file) if repo else None
        if f is None:
            return self.send_error_json(404, "no such blob")
        fault = STATE.take_fault("cdn", repo_id, file)
        kind = fault.get("kind") if fault else None
        if kind == "status":
            return self.apply_status_fault(fault)
        data = f["data"]
        if kind == "corrupt":
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        start = 0
        rng = self.headers.get("Range")
        if rng and kind != "ignore_range":
            try:
                start = int(rng.strip().split("=")[1].split("-")[0])
            except (ValueError, IndexError):
                return self.send_error_json(400, "bad range")
            if start >= len(data):
                return self.send_error_json(416, "range not satisfiable",
                                            {"Content-Range": "bytes */%d" % len(data)})
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        try:
            if kind == "drop":
                cut = min(len(body) - 1, int(fault.get("after", len(body) // 2)))
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if kind == "slow":
                rate = max(1, int(fault.get("rate", 20000)))
                chunk = max(1, rate // 20)
                for i in range(0, len(body), chunk):
                    self.wfile.write(body[i:i + chunk])
                    self.wfile.flush()
                    time.sleep(chunk / rate)
                return
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up (a paused or cancelled download) is normal here.
        if isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def main():
    global STATE
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixture", help="JSON file describing the repos (default: built-in)")
    args = parser.parse_args()
    fixture = DEFAULT_FIXTURE
    if args.fixture:
        with open(args.fixture) as fh:
            fixture = json.load(fh)
    STATE = State(fixture)
    hub = Server(("127.0.0.1", 0), HubHandler)
    cdn = Server(("127.0.0.1", 0), CdnHandler)
    PORTS["hub"] = hub.server_address[1]
    PORTS["cdn"] = cdn.server_address[1]
    for server in (hub, cdn):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps(PORTS), flush=True)
    # Exit when the parent closes our stdin (or dies): no stray servers.
    try:
        while sys.stdin.read(4096):
            pass
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
