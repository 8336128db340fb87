#!/usr/bin/env python3
"""Benchmark of `dossier serve` (issue #3): time from saving a brief to the
reload event, on a generated site, and the memory the server holds.

Not a test: it prints figures, and exits 1 only when something does not work
(the server does not start, no reload event comes).

    python3 benches/serve-reload.py [--briefs 10000] [--rounds 10]
        [--dossier target/release/dossier] [--shared ../shared] [--work DIR]

It generates the site with ../shared/tools/gencorpus.py (kept in --work, by
default target/bench-serve/, and reused when it exists), starts
`dossier serve --port 0` on it, opens the live-reload event stream as a
browser tab does, then for each round saves one brief and waits for the
`reload` event:

- body edit: one sentence of a brief's body changes (its page only);
- title edit: a brief's title changes (its page, its countries', actors',
  events' and tags' pages, related briefs, indexes).

A round starts once the previous one is over and the disk is quiet. The time
runs from the end of the write (the moment an editor's save completes) to the
event, so it includes the watcher's debounce. Memory is the server's resident
set (VmRSS) after the first build and after the edits, and its peak (VmHWM),
from /proc (Linux).
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--briefs", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--dossier", default=str(REPO / "target/release/dossier"))
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--work", default=str(REPO / "target/bench-serve"))
    args = ap.parse_args()

    dossier = Path(args.dossier)
    if not dossier.is_file():
        print(f"building {dossier} (cargo build --release)", flush=True)
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    site = Path(args.work) / f"site-{args.briefs}"
    if not (site / "site.yaml").is_file():
        gencorpus = Path(args.shared) / "tools/gencorpus.py"
        print(f"generating {args.briefs} briefs into {site}", flush=True)
        subprocess.run(
            [sys.executable, str(gencorpus), "--briefs", str(args.briefs), "--out", str(site), "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    briefs = sorted((site / "content/briefs").glob("*.md"))
    originals = {path: path.read_text(encoding="utf-8") for path in briefs[: 2 * args.rounds]}

    server = Server(dossier, site)
    try:
        print(f"site: {args.briefs} briefs, {server.pages} pages; first build {server.first_build_ms} ms")
        rss_start = server.memory()
        events = EventStream(server.address)

        body = []
        for n in range(args.rounds):
            path = briefs[n]
            text = originals[path]
            head, sep, rest = text.partition("\n---\n")
            edited = head + sep + rest.replace(". ", f" (révision {n}). ", 1)
            body.append(server.time_save(events, path, edited))
        title = []
        for n in range(args.rounds):
            path = briefs[args.rounds + n]
            edited = re.sub(r'^title: "(.*)"$', rf'title: "\1 (v{n})"', originals[path], count=1, flags=re.M)
            title.append(server.time_save(events, path, edited))
        rss_end = server.memory()
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        server.stop()

    report("body edit", body)
    report("title edit", title)
    print(
        "memory: {} MiB resident after the first build, {} MiB after {} edits, peak {} MiB".format(
            rss_start["VmRSS"] // 1024, rss_end["VmRSS"] // 1024, 2 * args.rounds, rss_end["VmHWM"] // 1024
        )
    )


def report(what, rounds):
    ms = [r[0] for r in rounds]
    pages = sorted({r[1] for r in rounds})
    print(
        f"{what}: save → reload event median {statistics.median(ms):.0f} ms "
        f"(min {min(ms):.0f}, max {max(ms):.0f}, {len(ms)} saves); "
        f"pages re-rendered: {', '.join(map(str, pages))}; "
        f"server rebuild: median {statistics.median(r[2] for r in rounds):.0f} ms"
    )


class Server:
    """`dossier serve --port 0` on the site, its output read line by line."""

    def __init__(self, dossier, site):
        self.process = subprocess.Popen(
            [str(dossier), "--root", str(site), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_line(lambda l: "serving" in l, timeout=600)
        self.address = re.search(r"http://([0-9.]+:[0-9]+)/", line).group(1)
        build = next(l for l in self.lines if "the site:" in l)
        self.pages = int(re.search(r"(\d+) pages? rendered", build).group(1))
        self.first_build_ms = int(re.search(r"in (\d+) ms", build).group(1))

    def _read(self):
        for line in self.process.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def wait_line(self, test, timeout, start=0):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    if test(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    sys.exit("serve-reload: the server did not print what was expected; it printed:\n" + "\n".join(self.lines))
                self.cond.wait(left)

    def time_save(self, events, path, text):
        """Saves `text` to `path`; returns (ms to the reload event, pages, rebuild ms)."""
        time.sleep(0.3)  # the disk and the server are quiet
        start_line = len(self.lines)
        events.clear()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        saved = time.perf_counter()
        events.wait_reload()
        ms = (events.received - saved) * 1000
        name = path.name
        line = self.wait_line(lambda l: name in l, timeout=60, start=start_line)
        match = re.search(r"(\d+) pages? rendered in (\d+) ms", line)
        if not match:
            sys.exit(f"serve-reload: the rebuild failed: {line}")
        return ms, int(match.group(1)), int(match.group(2))

    def memory(self):
        fields = {}
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0])
        return fields

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class EventStream:
    """The live-reload event stream, as a page opens it."""

    def __init__(self, address):
        host, port = address.split(":")
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(f"GET /.dossier/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
        self.buffer = b""
        self.received = None
        self.sock.settimeout(60)
        # The stream opened without a version gets one reload at once.
        self.wait_reload()

    def clear(self):
        self.received = None

    def wait_reload(self):
        while b"event: reload" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                sys.exit("serve-reload: the event stream closed")
            self.buffer += chunk
        self.received = time.perf_counter()
        self.buffer = self.buffer.split(b"event: reload", 1)[1].split(b"\n\n", 1)[-1]


if __name__ == "__main__":
    main()
