#!/usr/bin/env python3
"""Month start on a cluster, scripted: N clients due in the same hour, two `klarsyn serve` nodes on one PostgreSQL.

Usage: benchmarks/cluster/month_start.py [--clients 200] [--customers 5000] [--concurrency 1] [--xmx 512m] [--work DIR]
                                        [--one-client]
       (after `mvn -B -q install -DskipTests`; needs PostgreSQL's initdb/pg_ctl/psql on PATH, a `postgres` OS user
       when run as root, and jcmd from the JDK)

1. A throwaway PostgreSQL: initdb into WORK/pg, pg_ctl start on a free port.
2. One home shared by both nodes (as a cluster shares a folder, docs/server.md "Cluster"): N distinct generated
   clients of --customers customers each (seeds 1000 + i, one data folder per job, made in one JVM by
   GenerateClients.java with the generator bundle; --one-client: one client that every job reads), N job files
   all scheduled at 06:00 on the 1st (Europe/Oslo), each with one mail recipient and the folder channel; SMTP goes to a sink in this script
   that counts every mail by recipient.
3. Node a alone at 31 October (-Dklarsyn.clock): the jobs are new, nothing is missed; stopped.
4. Nodes a and b started at once at 1 November 08:00 Oslo: each catches up October for every job, and the run
   store's claim lets each (job, period) run once; both take queued runs from the database.
5. Until every run has finished and every delivery is SENT: the used heap of each node is sampled every 200 ms
   (jcmd GC.heap_info, garbage not yet collected included). Then: runs per node, runs per minute per node (runs
   of the node / the time from the launch of both to the last run's end: runs start while the nodes start, as
   catch-up is part of the scheduler's start), duplicate (job, period)s, mails per recipient.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
import klarsyn_auth  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "launcher/target/klarsyn-0.1.0-SNAPSHOT"
KLARSYN = str(DIST / "bin/klarsyn")
READY = re.compile(r"Klarsyn ready at (http://127\.0\.0\.1:\d+/)")


def say(*a):
    print(*a, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    def __init__(self, work: Path):
        self.dir = work / "pg"
        self.port = free_port()
        as_root = os.geteuid() == 0
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        self.dir.mkdir(parents=True)
        if as_root:
            shutil.chown(self.dir, "postgres")
            os.chmod(work, 0o755)
        subprocess.run(self.prefix + ["initdb", "-D", str(self.dir), "-U", "postgres", "-A", "trust"], check=True,
                       capture_output=True)
        subprocess.run(self.prefix + ["pg_ctl", "-D", str(self.dir), "-l", str(self.dir / "log"), "-w", "-o",
                                      f"-p {self.port} -k /tmp -c max_connections=100", "start"], check=True,
                       capture_output=True)
        self.url = f"jdbc:postgresql://127.0.0.1:{self.port}/postgres?user=postgres"

    def sql(self, query):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-At", "-c", query],
                              check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        subprocess.run(self.prefix + ["pg_ctl", "-D", str(self.dir), "-m", "fast", "stop"], capture_output=True)


class Sink(socketserver.ThreadingTCPServer):
    """An SMTP server that accepts every mail and counts it by recipient."""
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.received = Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SmtpHandler)


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        def send(line):
            self.wfile.write((line + "\r\n").encode())
        send("220 sink ESMTP")
        rcpt = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").strip()
            upper = cmd.upper()
            if upper.startswith("EHLO"):
                send("250-sink")
                send("250 8BITMIME")
            elif upper.startswith("HELO") or upper.startswith("MAIL") or upper.startswith("RSET") or upper.startswith("NOOP"):
                send("250 OK")
            elif upper.startswith("RCPT"):
                rcpt.append(cmd.split(":", 1)[1].strip().strip("<>"))
                send("250 OK")
            elif upper == "DATA":
                send("354 go on")
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                with self.server.lock:
                    for r in rcpt:
                        self.server.received[r] += 1
                rcpt = []
                send("250 queued")
            elif upper == "QUIT":
                send("221 bye")
                return
            else:
                send("250 OK")


class Node:
    def __init__(self, name, home, db, clock, concurrency, xmx):
        env = dict(os.environ)
        env["KLARSYN_OPTS"] = f"-Xmx{xmx} -Dklarsyn.node={name} -Dklarsyn.clock={clock}"
        self.name = name
        self.log = open(home.parent / f"node-{name}.log", "w")
        self.p = subprocess.Popen([KLARSYN, "serve", "--home", str(home), "--port", "0", "--db", db,
                                   "--concurrency", str(concurrency)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = None
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        self.pid = self.p.pid  # bin/klarsyn execs java
        self.peak = 0.0

    def _read(self):
        for line in self.p.stdout:
            self.log.write(line)
            m = READY.search(line)
            if m and not self.url:
                self.url = m.group(1)
                self.ready.set()
        self.ready.set()

    def wait_ready(self):
        self.ready.wait(120)
        if not self.url:
            raise SystemExit(f"node {self.name} ended without a ready line")
        return self.url

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        self.p.wait(120)
        self.log.close()


def heap_now_mb(pid):
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    out = out.split("Metaspace")[0]
    return sum(int(k) for k in re.findall(r"used (\d+)K", out)) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--customers", type=int, default=5000)
    ap.add_argument("--concurrency", type=int, default=1, help="runs at once per node")
    ap.add_argument("--xmx", default="512m")
    ap.add_argument("--work", default="/tmp/klarsyn-cluster-bench")
    ap.add_argument("--one-client", action="store_true", help="every job reads one generated client (as before)")
    a = ap.parse_args()
    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    home = work / "home"
    for d in ("jobs", "etc", "share"):
        (home / d).mkdir(parents=True)
    load = os.getloadavg()
    say(f"machine: {os.cpu_count()} cores; load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    pg = Postgres(work)
    say(f"PostgreSQL: {pg.sql('SHOW server_version')} on port {pg.port}")
    sink = Sink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        t = time.monotonic()
        if a.one_client:
            subprocess.run([KLARSYN, "generate", "--customers", str(a.customers), "--months", "15", "--end", "2026-10",
                            "--seed", "22", "--out", str(home / "client")], check=True, capture_output=True)
            say(f"generated one client of {a.customers} customers in {time.monotonic() - t:.1f} s (every job reads it)")
        else:
            generator = next((DIST / "bundles").glob("klarsyn-generator-*.jar"))
            subprocess.run(["java", "-cp", str(generator), str(Path(__file__).resolve().parent / "GenerateClients.java"),
                            str(home / "clients"), str(a.clients), str(a.customers), "2026-10", "1000"],
                           check=True, capture_output=True)
            say(f"generated {a.clients} distinct clients of {a.customers} customers each in {time.monotonic() - t:.1f} s "
                f"(one data folder per job)")
        (home / "etc/io.klarsyn.delivery.mail.cfg").write_text(
            f"host = 127.0.0.1\nport = {sink.server_address[1]}\nfrom = Klarsyn <klarsyn@konsulent.example>\n"
            "user =\npassword =\ntls = none\ntimeoutSeconds = 30\n")
        names = [f"c{i:03d}" for i in range(a.clients)]
        for n in names:
            folder = "../client" if a.one_client else f"../clients/{n}"
            (home / "jobs" / f"{n}.json").write_text(json.dumps({
                "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",
                "branding": {"clientName": f"Klient {n} AS"}, "settings": {"csv": {"folder": folder}},
                "schedule": "0 6 1 * *", "recipients": [f"leder@{n}.example"], "delivery": {"folder": "../share"}}))

        first = Node("a", home, pg.url, "2026-10-31T00:00:00Z", a.concurrency, a.xmx)
        first.wait_ready()
        klarsyn_auth.admin_token(home, first.url)
        while int(pg.sql("SELECT COUNT(*) FROM klarsyn_schedule")) < a.clients:
            time.sleep(0.5)
        first.stop()
        say(f"node a met the {a.clients} jobs on 31 October; stopped")

        nodes = [Node(n, home, pg.url, "2026-11-01T07:00:00Z", a.concurrency, a.xmx) for n in ("a", "b")]
        t0 = time.monotonic()
        for n in nodes:
            n.wait_ready()
        ready = time.monotonic()
        say(f"both nodes ready {ready - t0:.1f} s after launch")
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                for n in nodes:
                    try:
                        n.peak = max(n.peak, heap_now_mb(n.pid))
                    except Exception:
                        pass
                time.sleep(0.2)

        threading.Thread(target=sample, daemon=True).start()
        while True:
            total, unfinished = map(int, pg.sql(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE status IN ('QUEUED','RUNNING')) FROM runs").split("|"))
            if total >= a.clients and unfinished == 0:
                break
            time.sleep(0.5)
        runs_done = time.monotonic()
        while int(pg.sql("SELECT COUNT(*) FROM deliveries WHERE state NOT IN ('SENT','FAILED')")) > 0 \
                or int(pg.sql("SELECT COUNT(*) FROM deliveries")) < 2 * a.clients:
            time.sleep(0.5)
        delivered = time.monotonic()
        stop.set()
        # runs start while the nodes are still starting (catch-up happens as the scheduler starts): count from launch
        minutes = (runs_done - t0) / 60
        say(f"all {a.clients} runs finished {runs_done - t0:.1f} s after launch ({runs_done - ready:.1f} s after both "
            f"were ready); deliveries done {delivered - t0:.1f} s after launch")
        say("status of the runs: " + pg.sql("SELECT string_agg(status || ' ' || n, ', ') FROM "
                                            "(SELECT status, COUNT(*) n FROM runs GROUP BY status) s"))
        for n in nodes:
            count = int(pg.sql(f"SELECT COUNT(*) FROM runs WHERE node = '{n.name}'"))
            say(f"node {n.name}: {count} runs, {count / minutes:.1f} runs/min; peak used heap {n.peak:.0f} MB (-Xmx{a.xmx})")
        dup = pg.sql("SELECT COUNT(*) FROM (SELECT job, period FROM runs GROUP BY job, period HAVING COUNT(*) > 1) d")
        say(f"(job, period) with more than one run: {dup}")
        say("deliveries: " + pg.sql("SELECT string_agg(channel || ' ' || state || ' ' || n, ', ') FROM "
                                    "(SELECT channel, state, COUNT(*) n FROM deliveries GROUP BY channel, state) s"))
        twice = [r for r, c in sink.received.items() if c > 1]
        say(f"mails received: {sum(sink.received.values())} to {len(sink.received)} recipients; more than one: {len(twice)}")
        say(f"reports in the shared folder: {len(list((home / 'share').glob('*-2026-10.pdf')))}")
        load = os.getloadavg()
        say(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        for n in nodes:
            n.stop()
    finally:
        sink.shutdown()
        pg.stop()


if __name__ == "__main__":
    main()
