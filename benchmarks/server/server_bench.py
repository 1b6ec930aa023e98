#!/usr/bin/env python3
"""The warm server, scripted: run durations, idle heap, and 200 jobs queued at once.

Usage: benchmarks/server/server_bench.py [--skip-1m] [--work DIR]
       (after `mvn -B -q install -DskipTests`; needs jcmd from the JDK on PATH)

1. Demo client (3,000 customers): `klarsyn demo --once` makes a home with a year of runs; then
   `klarsyn serve` on that home, and the newest period is rerun through the API seven times, one
   after the other. The first run of a fresh server JVM is cold; the others are warm. Each run's
   own `durationMs` (from its record) is printed.
2. 1 M customers: `klarsyn generate --customers 1000000`, a job file for it, three runs through
   the API in the same server (the first cold for that data size, then warm).
3. Idle heap: a full GC (jcmd GC.run), then the used heap (jcmd GC.heap_info), after the runs.
4. Many jobs at once: N job files on one small generated client (500 customers) each, every one
   triggered through the API at the same moment; the used heap is sampled every 200 ms with jcmd GC.heap_info
   until all have finished. Done for N = 20 and N = 200 at the server's default concurrency (the
   number of cores): the peak should be set by the runs in flight, not by N. "Used" counts garbage
   not yet collected, so the sharper check is --xmx: with a small maximum heap (e.g. 192m) all 200
   must still finish.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import klarsyn_auth

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "launcher/target/klarsyn-0.1.0-SNAPSHOT"
KLARSYN = str(DIST / "bin/klarsyn")
READY = re.compile(r"Klarsyn ready at (http://127\.0\.0\.1:\d+/)")
FINISHED = {"SUCCESS", "UNSTABLE", "FAILURE", "ABORTED"}


def say(*a):
    print(*a, flush=True)


TOKEN = None  # the admin's API token, once a server answered (issue 19)


def call(url, body=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if TOKEN:
        headers["Authorization"] = "Bearer " + TOKEN
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data else "GET"), headers=headers)
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


class Server:
    def __init__(self, home: Path, xmx=None):
        env = dict(os.environ)
        if xmx:
            env["KLARSYN_OPTS"] = (env.get("KLARSYN_OPTS", "") + " -Xmx" + xmx).strip()
        self.p = subprocess.Popen([KLARSYN, "serve", "--home", str(home), "--port", "0"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = None
        for line in self.p.stdout:
            m = READY.search(line)
            if m:
                self.url = m.group(1)
                break
        if not self.url:
            raise SystemExit("serve ended without a ready line")
        threading.Thread(target=lambda: [None for _ in self.p.stdout], daemon=True).start()
        self.pid = self.p.pid  # bin/klarsyn execs java
        global TOKEN
        TOKEN = klarsyn_auth.admin_token(home, self.url)

    def run(self, job, period):
        return call(f"{self.url}api/jobs/{job}/runs", {"period": period})

    def wait(self, run_id, poll=0.1):
        while True:
            r = call(f"{self.url}api/runs/{run_id}")
            if r["status"] in FINISHED:
                return r
            time.sleep(poll)

    def jobs(self):
        return call(f"{self.url}api/jobs")

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        self.p.wait(120)


def used_heap_after_gc(pid) -> float:
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True)
    time.sleep(0.5)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    used = sum(int(k) for k in re.findall(r"used (\d+)K", out.split("Metaspace")[0]))
    # ParallelGC prints PSYoungGen and ParOldGen lines, each "total NK, used NK"
    return used / 1024


def heap_now_mb(pid):
    """Used heap and old generation now, without a GC (jcmd GC.heap_info: jstat did not find the server JVM here,
    "MonitorException: not found")."""
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    out = out.split("Metaspace")[0]
    used = sum(int(k) for k in re.findall(r"used (\d+)K", out))
    old = re.search(r"ParOldGen\s+total \d+K, used (\d+)K", out)
    return used / 1024, (int(old.group(1)) / 1024 if old else 0.0)


def wait_for_jobs(server, names, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = {j["name"] for j in server.jobs()}
        if names <= listed:
            return
        time.sleep(0.5)
    raise SystemExit(f"jobs not listed after {timeout} s")


def many_jobs(server, home, n, period):
    names = {f"bulk-{n}-{i:03d}" for i in range(n)}
    for name in names:
        (home / "jobs" / f"{name}.json").write_text(json.dumps({
            "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
            "branding": {"clientName": name}, "settings": {"csv": {"folder": "../small"}}}))
    wait_for_jobs(server, names)
    peak, stop = [0.0, 0.0], threading.Event()

    def sample():
        while not stop.is_set():
            try:
                used, old = heap_now_mb(server.pid)
                peak[0], peak[1] = max(peak[0], used), max(peak[1], old)
            except Exception:
                pass
            time.sleep(0.2)

    base = used_heap_after_gc(server.pid)
    t = threading.Thread(target=sample, daemon=True)
    t.start()
    t0 = time.monotonic()
    ids = []
    lock = threading.Lock()

    def submit(name):
        r = server.run(name, period)
        with lock:
            ids.append(r["id"])

    threads = [threading.Thread(target=submit, args=(nm,)) for nm in sorted(names)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    statuses = [server.wait(i, poll=0.5)["status"] for i in ids]
    wall = time.monotonic() - t0
    stop.set()
    t.join()
    for name in names:
        (home / "jobs" / f"{name}.json").unlink()
    ok = sum(s in ("SUCCESS", "UNSTABLE") for s in statuses)
    say(f"  {n:4d} jobs at once: {ok}/{n} finished SUCCESS|UNSTABLE in {wall:.1f} s; "
        f"used heap before {base:.0f} MB; while running (jcmd GC.heap_info every 200 ms) peak used {peak[0]:.0f} MB, "
        f"peak old generation {peak[1]:.0f} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-1m", action="store_true")
    ap.add_argument("--work", default="/tmp/klarsyn-server-bench")
    ap.add_argument("--xmx", help="the server's maximum heap (e.g. 192m): 200 jobs at once must still all finish")
    a = ap.parse_args()
    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    home = work / "home"
    say(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {os.getloadavg()[0]:.2f}, "
        f"{os.cpu_count()} cores, server heap limit {a.xmx or 'the JVM default'}")
    out = subprocess.run([KLARSYN, "demo", "--home", str(home), "--port", "0", "--once"],
                         capture_output=True, text=True, check=True).stdout
    period = max(re.findall(r"^\s+(\d{4}-\d{2})\s+SUCCESS", out, re.M))
    say(f"demo home made, newest period {period}")
    subprocess.run([KLARSYN, "generate", "--out", str(home / "small"), "--customers", "500",
                    "--end", period], check=True, capture_output=True)
    if not a.skip_1m:
        t0 = time.monotonic()
        subprocess.run([KLARSYN, "generate", "--out", str(home / "big"), "--customers", "1000000",
                        "--end", period], check=True, capture_output=True)
        say(f"1 M-customer client generated in {time.monotonic() - t0:.0f} s")
        (home / "jobs" / "big.json").write_text(json.dumps({
            "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
            "branding": {"clientName": "Big AS"}, "settings": {"csv": {"folder": "../big"}}}))

    t0 = time.monotonic()
    server = Server(home, a.xmx)
    say(f"serve ready after {time.monotonic() - t0:.2f} s at {server.url}")
    try:
        ms = []
        for _ in range(7):
            r = server.wait(server.run("nordlys-energi", period)["id"])
            ms.append(r["durationMs"])
            assert r["status"] in ("SUCCESS", "UNSTABLE"), r
        say(f"demo client (3,000 customers), {period}, durationMs one after another: {ms}")
        say(f"  cold {ms[0]} ms; warm median {statistics.median(ms[1:]):.0f} ms, min {min(ms[1:])} ms")
        if not a.skip_1m:
            wait_for_jobs(server, {"big"})
            big = []
            for _ in range(3):
                r = server.wait(server.run("big", period)["id"], poll=0.5)
                assert r["status"] in ("SUCCESS", "UNSTABLE"), r
                big.append(r["durationMs"])
            say(f"1 M customers, {period}, durationMs one after another: {big}")
        say(f"idle used heap after a full GC: {used_heap_after_gc(server.pid):.0f} MB")
        for n in (20, 200):
            many_jobs(server, home, n, period)
        say(f"idle used heap after a full GC, at the end: {used_heap_after_gc(server.pid):.0f} MB")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
