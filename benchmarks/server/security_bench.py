#!/usr/bin/env python3
"""Login time and the per-request cost of a bearer token (issue 19), against a real `klarsyn serve`.

Usage: benchmarks/server/security_bench.py [--requests N] [--logins N] [--work DIR]
       (after `mvn -B -q install -DskipTests`)

1. Login: `POST /api/tokens` with HTTP Basic (PBKDF2-HMAC-SHA256, 600,000 iterations, then a token
   written), N times one after another on one kept-alive connection; the wall time of each.
2. Token overhead: three kinds of request to the same route, `GET /api/me`, interleaved one by one
   on one kept-alive connection so that load and JIT affect all alike:
     a. no Authorization header  -> 401 from the security filter before any lookup;
     b. a well-formed but unknown token -> 401 after the token's SHA-256 and the database lookup;
     c. a valid token -> 200: the lookup, the route decision, and the (tiny) handler.
   b - a is what checking a token costs a request (hash + indexed query on the H2 file, no answer
   body difference worth counting). c - a adds the decision and the handler's JSON.
"""
import argparse
import http.client
import json
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import klarsyn_auth

ROOT = Path(__file__).resolve().parents[2]
KLARSYN = str(ROOT / "launcher/target/klarsyn-0.1.0-SNAPSHOT/bin/klarsyn")
READY = re.compile(r"Klarsyn ready at http://127\.0\.0\.1:(\d+)/")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--logins", type=int, default=20)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="klarsyn-secbench-"))
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    p = subprocess.Popen([KLARSYN, "serve", "--home", str(home), "--port", "0"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    try:
        port = None
        for line in p.stdout:
            m = READY.search(line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            raise SystemExit("serve ended without a ready line")
        threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
        url = f"http://127.0.0.1:{port}/"
        token = klarsyn_auth.admin_token(home, url)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def request(method, path, headers, body=None):
            t0 = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            return r.status, time.perf_counter() - t0

        import base64
        basic = "Basic " + base64.b64encode(f"admin:{klarsyn_auth.ADMIN_PASSWORD}".encode()).decode()
        logins = []
        for _ in range(args.logins):
            status, dt = request("POST", "/api/tokens", {"Authorization": basic, "Content-Type": "application/json"},
                                 json.dumps({"name": "bench"}))
            assert status == 201, status
            logins.append(dt * 1000)
        kinds = {"none": {}, "unknown": {"Authorization": "Bearer ks_" + "x" * 43},
                 "valid": {"Authorization": "Bearer " + token}}
        want = {"none": 401, "unknown": 401, "valid": 200}
        times = {k: [] for k in kinds}
        for i in range(args.requests + 300):
            for k, h in kinds.items():
                status, dt = request("GET", "/api/me", h)
                assert status == want[k], (k, status)
                if i >= 300:  # the first 300 rounds warm the JIT
                    times[k].append(dt * 1e6)
        print(f"login (POST /api/tokens, Basic, PBKDF2 600k), n={args.logins}: median {statistics.median(logins):.0f} ms, "
              f"min {min(logins):.0f}, max {max(logins):.0f}")
        med = {k: statistics.median(v) for k, v in times.items()}
        for k in kinds:
            v = sorted(times[k])
            print(f"GET /api/me {k:8s} n={len(v)}: median {med[k]:.0f} µs, p90 {v[int(len(v) * 0.9)]:.0f} µs")
        print(f"token check (unknown - none): {med['unknown'] - med['none']:.0f} µs; "
              f"valid call over no header: {med['valid'] - med['none']:.0f} µs")
        with open("/proc/loadavg") as f:
            print("load average:", f.read().split()[:3])
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(60)


if __name__ == "__main__":
    main()
