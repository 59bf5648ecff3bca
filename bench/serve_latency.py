#!/usr/bin/env python3
"""Measure `confpress serve` rebuild latency: from saving a session file to the live-reload event.

    python3 bench/serve_latency.py --confpress BIN --site DIR [--runs R]

Starts `BIN serve DIR --port 0`, waits for the first build, then edits one session's title R
times. Each edit is timed from just before the file is written until the server's live-reload
event (`event: reload` on /__confpress/events) arrives. After each event, and outside the timing,
the session page, the agenda and the session's speaker pages are fetched and must all show the
new title: a fast reload of a stale page does not count.

Stops the server it started (by its pid) and puts the edited file back as it was.
Prints ONE Markdown table row on stdout: | N | median ms | min ms | max ms |
(N = the number of session files); progress and errors go to stderr; exit status 1 on failure.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

PATIENCE = 300.0  # seconds: the first build of a large site on a slow machine


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def fmt_n(n: int) -> str:
    return f"{n:,}"


def pick_session(site: Path) -> tuple[Path, list[str]]:
    """The first session file (by name) with a title and at least one speaker."""
    for path in sorted((site / "sessions").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n---", 2)[0] if text.startswith("---") else ""
        if not re.search(r"^title:", head, re.M):
            continue
        m = re.search(r"^speakers:\s*\[([^\]]*)\]", head, re.M)
        speakers = [s.strip().strip("'\"") for s in m.group(1).split(",") if s.strip()] if m else []
        if speakers:
            return path, speakers
    raise SystemExit("serve_latency: no session with a title and a speaker under sessions/")


def retitle(text: str, title: str) -> str:
    return re.sub(r"^title:.*$", f'title: "{title}"', text, count=1, flags=re.M)


class Events:
    """A server-sent event stream read line by line."""

    def __init__(self, host: str, port: int) -> None:
        self.sock = socket.create_connection((host, port), timeout=PATIENCE)
        self.sock.sendall(f"GET /__confpress/events HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
        self.file = self.sock.makefile("rb")
        status = self.file.readline()
        if b" 200 " not in status:
            raise SystemExit(f"serve_latency: event stream answered {status!r}")
        while self.file.readline() not in (b"\r\n", b"\n", b""):
            pass

    def next(self) -> tuple[str, str]:
        name, data = "message", ""
        while True:
            line = self.file.readline()
            if not line:
                raise SystemExit("serve_latency: the event stream ended (did the server stop?)")
            line = line.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                if data:
                    return name, data
                continue
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data += line[6:]

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--confpress", required=True, help="the confpress binary")
    ap.add_argument("--site", required=True, type=Path, help="the site folder (left as found)")
    ap.add_argument("--runs", type=int, default=20, help="edits to time (default 20)")
    args = ap.parse_args()
    if args.runs < 1:
        raise SystemExit("serve_latency: --runs must be at least 1")

    site: Path = args.site.resolve()
    n_sessions = len(list((site / "sessions").glob("*.md")))
    session, speakers = pick_session(site)
    original = session.read_bytes()
    slug = session.stem

    proc = subprocess.Popen(
        [args.confpress, "serve", str(site), "--port", "0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    stderr_tail: list[str] = []

    def drain_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            stderr_tail.append(line)
            del stderr_tail[:-40]

    threading.Thread(target=drain_stderr, daemon=True).start()
    url_box: list[str] = []
    got_url = threading.Event()

    def drain_stdout() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            m = re.search(r"\bat (http://\S+)", line)
            if line.startswith("serving ") and m and not url_box:
                url_box.append(m.group(1))
                got_url.set()

    threading.Thread(target=drain_stdout, daemon=True).start()

    events: Events | None = None
    try:
        log(f"== serve latency: {fmt_n(n_sessions)} sessions, editing {session.relative_to(site)} {args.runs} times")
        if not got_url.wait(PATIENCE) or proc.poll() is not None:
            log("".join(stderr_tail))
            raise SystemExit("serve_latency: the server did not start")
        base = url_box[0]
        host, port = re.match(r"http://([^/:]+|\[[^\]]+\]):(\d+)/", base).groups()  # type: ignore[union-attr]
        status = json.loads(fetch(base + "__confpress/status")[1] or "{}")
        if not status.get("ok"):
            raise SystemExit(f"serve_latency: the first build failed: {json.dumps(status.get('diagnostics'))[:2000]}")
        events = Events(host.strip("[]"), int(port))
        name, _ = events.next()
        if name != "hello":
            raise SystemExit(f"serve_latency: expected a hello event, got {name}")

        times: list[float] = []
        text = original.decode("utf-8")
        for run in range(1, args.runs + 1):
            title = f"Latency Probe {run} {time.time_ns() % 1_000_000}"
            data = retitle(text, title).encode("utf-8")
            t0 = time.perf_counter()
            with open(session, "wb") as f:
                f.write(data)
            while True:
                name, payload = events.next()
                if name == "reload":
                    break
                if name == "build-error":
                    raise SystemExit(f"serve_latency: edit {run} failed to build: {payload[:2000]}")
            ms = (time.perf_counter() - t0) * 1000
            # Every affected page must show the edit (not timed).
            pages = [f"sessions/{slug}/", "agenda/"] + [f"speakers/{s}/" for s in speakers]
            for page in pages:
                code, body = fetch(base + page)
                if code != 200 or title not in body:
                    raise SystemExit(f"serve_latency: after edit {run}, /{page} (HTTP {code}) does not show the new title")
            times.append(ms)
            log(f"   edit {run}: {ms:.1f} ms")
            # Exports (calendars, feeds) are computed after the reload; a request for a file
            # that is not a page waits for them, so the next edit starts on an idle server.
            fetch(base + "robots.txt")
            time.sleep(0.05)

        med = statistics.median(times)
        print(f"| {fmt_n(n_sessions)} | {med:.1f} ms | {min(times):.1f} ms | {max(times):.1f} ms |", flush=True)
        return 0
    finally:
        if events is not None:
            events.close()
        session.write_bytes(original)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as e:
        if isinstance(e.code, str):
            log(e.code)
            sys.exit(1)
        raise
