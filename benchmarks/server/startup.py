#!/usr/bin/env python3
"""Side by side: `klarsyn serve` until its API answers, and Apache Karaf minimal until its shell prompt.

Usage: benchmarks/server/startup.py [ROUNDS]   (after `mvn -B -q install -DskipTests`)

Each round starts, in turn, Klarsyn on a fresh home, Klarsyn on the home of the round before
(database and schedules exist), Karaf from a fresh unpacked copy (empty data/), and Karaf again
on that copy (its bundle cache exists). Klarsyn's time runs from launching bin/klarsyn to the
first HTTP answer from GET /api/jobs on the port its ready line names; Karaf's from launching
bin/karaf (in a pseudo-terminal, as a user would) to the `karaf@root()>` prompt. Every process
is stopped before the next starts. Prints one line per start and the medians.
"""
import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# KLARSYN_DIST: another unpacked distribution (e.g. a copy of main's build, to compare alternately);
# KARAF_TGZ: the Karaf archive when it is not in ~/.m2 (e.g. a private -Dmaven.repo.local).
DIST = Path(os.environ.get("KLARSYN_DIST", ROOT / "launcher/target/klarsyn-0.1.0-SNAPSHOT"))
KARAF_TGZ = Path(os.environ.get("KARAF_TGZ", Path.home() / ".m2/repository/org/apache/karaf/apache-karaf-minimal/4.4.8/apache-karaf-minimal-4.4.8.tar.gz"))
READY = re.compile(rb"Klarsyn ready at http://127\.0\.0\.1:(\d+)/")
PROMPT = re.compile(rb"karaf@root\(\)>")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def klarsyn(home: Path) -> float:
    t0 = time.monotonic()
    p = subprocess.Popen([str(DIST / "bin/klarsyn"), "serve", "--home", str(home), "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        port = None
        for line in p.stdout:
            m = READY.search(line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            raise SystemExit("klarsyn serve ended without a ready line")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/jobs", timeout=30) as r:
                r.read()
        except urllib.error.HTTPError as e:  # 401 without a token (issue 19): an answer all the same
            e.read()
        return time.monotonic() - t0
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(60)


def karaf(home: Path) -> float:
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["JAVA_OPTS"] = os.environ.get("JAVA_OPTS", "")
        os.execv(str(home / "bin/karaf"), [str(home / "bin/karaf")])
    seen = b""
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 120)
            if not r:
                raise SystemExit("karaf: no prompt within 120 s")
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                raise SystemExit("karaf ended before its prompt:\n" + seen.decode(errors="replace"))
            seen += chunk
            if PROMPT.search(ANSI.sub(b"", seen)):
                return time.monotonic() - t0
    finally:
        try:
            os.write(fd, b"shutdown -f\r")
        except OSError:
            pass
        deadline = time.monotonic() + 60
        termed = False
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if not termed and time.monotonic() > deadline - 45:
                os.killpg(pid, signal.SIGTERM)  # the shell's prompt may not yet read its input
                termed = True
            readable, _, _ = select.select([fd], [], [], 0.2)
            if readable:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
        else:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not (DIST / "bin/klarsyn").exists():
        raise SystemExit(f"{DIST} is missing: run mvn -B -q install -DskipTests first")
    if not KARAF_TGZ.exists():
        raise SystemExit(f"{KARAF_TGZ} is missing: mvn dependency:get "
                         "-Dartifact=org.apache.karaf:apache-karaf-minimal:4.4.8:tar.gz")
    work = Path(tempfile.mkdtemp(prefix="klarsyn-startup-"))
    results = {"klarsyn, fresh home": [], "klarsyn, existing home": [],
               "karaf minimal, fresh data/": [], "karaf minimal, existing data/": []}
    try:
        for i in range(rounds):
            home = work / f"home{i}"
            results["klarsyn, fresh home"].append(klarsyn(home))
            results["klarsyn, existing home"].append(klarsyn(home))
            kdir = work / f"karaf{i}"
            with tarfile.open(KARAF_TGZ) as t:
                t.extractall(kdir)
            khome = next(kdir.iterdir())
            results["karaf minimal, fresh data/"].append(karaf(khome))
            results["karaf minimal, existing data/"].append(karaf(khome))
            print(f"round {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items()), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    for k, v in results.items():
        print(f"{k:32s} median {statistics.median(v):.2f} s  (min {min(v):.2f}, max {max(v):.2f}, n={len(v)})")
    k = statistics.median(results["klarsyn, existing home"])
    c = statistics.median(results["karaf minimal, existing data/"])
    print(f"\nklarsyn/karaf (existing home, existing data/): {k / c:.2f}")


if __name__ == "__main__":
    main()
