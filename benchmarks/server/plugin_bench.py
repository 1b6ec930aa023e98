#!/usr/bin/env python3
"""The plugin manager (issue 21): how long a dry run, an install, an update, a rollback and a remove take
in a running server, through the JSON API as `klarsyn plugin ...` calls it.

Usage: benchmarks/server/plugin_bench.py [--rounds 10] [--dry-runs 30] [--work DIR]
       (after `mvn -B -q install -DskipTests`)

1. `klarsyn serve --port 0` on a fresh home; an admin token (klarsyn_auth.py).
2. The plugin is examples/metric-example's jar (a real metric bundle: DS component, messages); its
   update is the same jar with Bundle-Version 0.2.0.
3. Dry runs: POST /api/plugins?dryRun=true, D times.
4. Rounds of: install (new plugin: written under plugins/, installed, resolved, started, its component
   bound by the engine: the answer says ACTIVE and lists "metric example.revenuePerCustomer"), update
   to 0.2.0, rollback, remove. Each call is timed at the client over one keep-alive connection, so the
   times include HTTP on loopback (~1 ms); each answer is checked (ACTIVE, the version).
Prints median, p95 and max per operation, and the load average before and after.
"""
import argparse
import http.client
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import klarsyn_auth  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "launcher/target/klarsyn-0.1.0-SNAPSHOT"
KLARSYN = str(DIST / "bin/klarsyn")
JAR = ROOT / "examples/metric-example/target/klarsyn-metric-example-0.1.0-SNAPSHOT.jar"
READY = re.compile(r"Klarsyn ready at http://127\.0\.0\.1:(\d+)/")
NAME = "io.klarsyn.metric-example"


def serve(home):
    p = subprocess.Popen([KLARSYN, "serve", "--home", str(home), "--port", "0"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:
        m = READY.search(line)
        if m:
            threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
            return p, int(m.group(1))
    raise SystemExit("serve ended without a ready line")


def with_version(jar: bytes, version: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(jar)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "META-INF/MANIFEST.MF":
                data = re.sub(rb"Bundle-Version: [^\r\n]+", b"Bundle-Version: " + version.encode(), data)
            zout.writestr(item, data)
    return out.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--dry-runs", type=int, default=30)
    ap.add_argument("--work")
    a = ap.parse_args()
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="klarsyn-plugin-bench-"))
    home = work / "home"
    v1 = JAR.read_bytes()
    v2 = with_version(v1, "0.2.0")
    print(f"load average before: {os.getloadavg()}", flush=True)
    p, port = serve(home)
    try:
        token = klarsyn_auth.admin_token(home, f"http://127.0.0.1:{port}/")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def call(method, path, body=None):
            headers = {"Authorization": "Bearer " + token}
            if body is not None:
                headers["Content-Type"] = "application/java-archive"
            t0 = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            payload = r.read()
            ms = (time.perf_counter() - t0) * 1000
            if r.status >= 300:
                raise SystemExit(f"{method} {path}: {r.status} {payload[:500]!r}")
            return ms, json.loads(payload)

        times = {"dry run": [], "install": [], "update": [], "rollback": [], "remove": []}
        call("POST", "/api/plugins?dryRun=true", v1)  # warm-up: the first call loads the classes
        for _ in range(a.dry_runs):
            ms, j = call("POST", "/api/plugins?dryRun=true", v1)
            assert j["installable"], j
            times["dry run"].append(ms)
        for _ in range(a.rounds):
            ms, j = call("POST", "/api/plugins", v1)
            assert j["state"] == "ACTIVE" and j["version"] == "0.1.0.SNAPSHOT", j
            assert "metric example.revenuePerCustomer" in j["contributes"], j
            times["install"].append(ms)
            ms, j = call("POST", "/api/plugins", v2)
            assert j["state"] == "ACTIVE" and j["version"] == "0.2.0" and j["previousVersion"] == "0.1.0.SNAPSHOT", j
            times["update"].append(ms)
            ms, j = call("POST", f"/api/plugins/{NAME}/rollback")
            assert j["state"] == "ACTIVE" and j["version"] == "0.1.0.SNAPSHOT", j
            times["rollback"].append(ms)
            ms, _ = call("DELETE", f"/api/plugins/{NAME}")
            times["remove"].append(ms)
        print(f"{'operation':10} {'n':>3} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
        for op, t in times.items():
            s = sorted(t)
            print(f"{op:10} {len(s):3d} {statistics.median(s):10.1f} {s[int(0.95 * (len(s) - 1))]:8.1f} {s[-1]:8.1f}")
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(60)
        print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
