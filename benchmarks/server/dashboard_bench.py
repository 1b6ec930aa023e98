#!/usr/bin/env python3
"""The web UI under load (issue 18): 200 jobs, 10,000 runs, 20 concurrent clients on loopback.

One command, from the repository's root:

    benchmarks/server/dashboard_bench.py [--jobs 200] [--runs-per-job 50] [--clients 20]
                                         [--requests 400] [--work DIR] [--reuse] [--gzip] [--dist DIR]
                                         [--pages /,/jobs/x,...]

It builds the distribution first when launcher/target has none (`mvn -B -q install -DskipTests`).
Target (issue 18): the dashboard and a job page under 50 ms at the 95th percentile, no page over 200 KB.

1. A home with N job files on one small generated client (60 customers): 40 clients with N/40 jobs
   each (branding.clientName), schedule @monthly.
2. `klarsyn serve` once to create the schema, stopped; then the history is written straight into
   its H2 file with H2's own RunScript (the JDBC driver shipped in bundles/): per job M finished
   runs, one a month, every 7th FAILURE (no numbers), every 11th UNSTABLE, the others SUCCESS, each
   with the five headline numbers. Making 10,000 real runs would take hours on two cores and the
   pages read only the records, so the runs have records but no artifacts.
3. `klarsyn serve` on that home; the admin's first password is changed (klarsyn_auth.py) and the
   benchmark logs in through the login form as a browser does: every request carries that session's
   cookie and passes the security filter, as a real one does. Each page is fetched alone 20 times (warm-up and size), then by C
   threads at once, each with its own keep-alive connection, R requests in all; the latency of each
   request is measured at the client (with --gzip the requests accept gzip, as browsers' do, and the time
   includes reading the compressed body, not decompressing it). Prints per page: bytes (and bytes sent), the median time of one request alone,
   and p50/p95/p99/max under load, and the server process's CPU time (user + system, /proc) over the load
   phase divided by its requests: the cost of a page less dependent on what else the machine runs.
   The load average is printed before and after.
"""
import argparse
import gzip
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import klarsyn_auth

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "launcher/target/klarsyn-0.1.0-SNAPSHOT"
KLARSYN = str(DIST / "bin/klarsyn")
READY = re.compile(r"Klarsyn ready at http://127\.0\.0\.1:(\d+)/")
KPIS = [("customers.active", 0, lambda i: 3000 + 7 * i), ("churn.monthly.rate", 1, lambda i: 0.02 + 0.0003 * (i % 9)),
        ("clv.predicted", 2, lambda i: 12000 + 35 * i), ("cx.nps", 3, lambda i: 18 + (i % 13)),
        ("rejectedShare", 100, lambda i: 0.004 * (i % 5))]
# What each job's headline figures are (RunStore.headlines, as the newest run describes them): name, rank, metric,
# title (nb, the jobs' language), unit, direction -- as the shipped metrics write them in metrics.json.
HEADLINES = [("customers.active", 10, "churn", "Aktive kunder", "COUNT", "HIGHER_IS_BETTER"),
             ("churn.monthly.rate", 20, "churn", "Kundefrafall siste måned", "FRACTION", "LOWER_IS_BETTER"),
             ("clv.predicted", 40, "clv", "Gjennomsnittlig forventet kundeverdi (neste 12 måneder, neddiskontert)",
              "CURRENCY", "HIGHER_IS_BETTER"),
             ("cx.nps", 50, "cx", "Net Promoter Score (NPS)", "POINTS", "HIGHER_IS_BETTER")]


def say(*a):
    print(*a, flush=True)


def serve(home: Path):
    p = subprocess.Popen([KLARSYN, "serve", "--home", str(home), "--port", "0"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:
        m = READY.search(line)
        if m:
            threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
            return p, int(m.group(1))
    raise SystemExit("serve ended without a ready line")


def stop(p):
    p.send_signal(signal.SIGTERM)
    p.wait(60)


def make_home(work: Path, jobs: int):
    home = work / "home"
    data = work / "data"
    subprocess.run([KLARSYN, "generate", "--out", str(data), "--customers", "60", "--months", "12"], check=True,
                   stdout=subprocess.DEVNULL)
    (home / "jobs").mkdir(parents=True)
    names = []
    for j in range(jobs):
        client = f"Client {j % 40:02d} AS"
        name = f"client{j % 40:02d}-job{j // 40:02d}"
        names.append(name)
        (home / "jobs" / f"{name}.json").write_text(
            '{"name": "%s", "connector": "csv", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo",'
            ' "branding": {"clientName": "%s"}, "schedule": "@monthly",'
            ' "settings": {"csv": {"folder": "%s"}}}\n' % (name, client, data))
    return home, names


def history_sql(names, runs_per_job: int) -> str:
    out = []
    run_id = 0
    for name in names:
        rows, kpis = [], []
        for n in range(1, runs_per_job + 1):
            run_id += 1
            month = 10 + n  # the first run reports 2022-11
            period = f"{2022 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
            status = "FAILURE" if n % 7 == 0 else "UNSTABLE" if n % 11 == 0 else "SUCCESS"
            queued = f"{period}-03 06:41:00+00"
            rows.append(f"({run_id}, '{name}', {n}, '{period}', 'SCHEDULE', FALSE, '{status}', "
                        f"TIMESTAMP WITH TIME ZONE '{queued}', TIMESTAMP WITH TIME ZONE '{queued}', 4200, "
                        f"{'NULL' if status == 'SUCCESS' else chr(39) + 'a reason' + chr(39)})")
            if status != "FAILURE":
                for kpi, rank, value in KPIS:
                    kpis.append(f"({run_id}, '{kpi}', {value(n)}, {rank})")
        out.append("INSERT INTO runs (id, job, number, period, trigger, rerun, status, queued_at, started_at, "
                   "duration_ms, messages) VALUES\n" + ",\n".join(rows) + ";")
        out.append("INSERT INTO run_kpis (run_id, name, kpi_value, kpi_rank) VALUES\n" + ",\n".join(kpis) + ";")
        out.append("INSERT INTO headlines (job, name, kpi_rank, metric, title_key, title, unit, direction, run_id) VALUES\n"
                   + ",\n".join(f"('{name}', '{k}', {r}, '{m}', '{k}', '{t}', '{u}', '{d}', {run_id})"
                                 for k, r, m, t, u, d in HEADLINES) + ";")
    out.append(f"ALTER TABLE runs ALTER COLUMN id RESTART WITH {run_id + 1};")
    return "\n".join(out) + "\n"


def fill_history(home: Path, names, runs_per_job: int):
    script = home.parent / "history.sql"
    script.write_text(history_sql(names, runs_per_job), encoding="utf-8")
    h2 = next((DIST / "bundles").glob("h2-*.jar"))
    subprocess.run(["java", "-cp", str(h2), "org.h2.tools.RunScript", "-url",
                    "jdbc:h2:file:" + str(home / "db/klarsyn"), "-script", str(script)], check=True)


SESSION = {}


def log_in(home: Path, port: int):
    """The admin's password changed as a script does, then a browser's login: GET /login for the session
    and its CSRF token, POST /login with them; returns the logged-in session's cookie."""
    klarsyn_auth.admin_token(home, f"http://127.0.0.1:{port}/")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/login")
    r = conn.getresponse()
    form = r.read().decode()
    cookie = re.search(r"KLARSYN_SESSION=([^;]+)", r.getheader("Set-Cookie")).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"username": "admin", "password": klarsyn_auth.ADMIN_PASSWORD, "csrf": csrf})
    conn.request("POST", "/login", body=body, headers={"Cookie": "KLARSYN_SESSION=" + cookie,
                                                        "Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    r.read()
    if r.status != 303:
        raise SystemExit(f"POST /login: HTTP {r.status}")
    conn.close()
    return "KLARSYN_SESSION=" + re.search(r"KLARSYN_SESSION=([^;]+)", r.getheader("Set-Cookie")).group(1)


def get(conn, path):
    """One request; returns its time, the bytes sent and the page's size (the same unless gzip was asked for)."""
    headers = {"Accept-Language": "en", "Cookie": SESSION["cookie"]}
    if SESSION.get("gzip"):
        headers["Accept-Encoding"] = "gzip, deflate, br"
    t0 = time.perf_counter()
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    elapsed = time.perf_counter() - t0
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status}")
    page = len(gzip.decompress(body)) if r.getheader("Content-Encoding") == "gzip" else len(body)
    return elapsed, len(body), page


def load(port, path, clients, requests):
    times = []
    lock = threading.Lock()
    per = requests // clients

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = [get(conn, path)[0] for _ in range(per)]
        conn.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(times)


def cpu_seconds(pid, kernel=False):
    """The process's CPU time, user + system (only system with kernel=True)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return ((0 if kernel else int(fields[11])) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(sorted_times, p):
    return sorted_times[min(len(sorted_times) - 1, int(round(p / 100 * len(sorted_times))) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=200)
    ap.add_argument("--runs-per-job", type=int, default=50)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--work", default="/tmp/klarsyn-dashboard-bench")
    ap.add_argument("--reuse", action="store_true", help="serve the home a run before made in --work")
    ap.add_argument("--gzip", action="store_true", help="ask for gzip (Accept-Encoding) as browsers do")
    ap.add_argument("--dist", help="the distribution to serve (default: launcher/target's), e.g. a copy of an older "
                                   "build to compare with in the same session")
    ap.add_argument("--pages", default="/,/?page=3,/?status=FAILURE,/jobs/client07-job02,/jobs/client07-job02?page=1,"
                                        "/runs/5000")
    a = ap.parse_args()
    SESSION["gzip"] = a.gzip
    global DIST, KLARSYN
    if a.dist:
        DIST = Path(a.dist).resolve()
        KLARSYN = str(DIST / "bin/klarsyn")
    if not Path(KLARSYN).exists():
        subprocess.run(["mvn", "-B", "-q", "install", "-DskipTests"], cwd=ROOT, check=True)
    work = Path(a.work)
    home = work / "home"
    if not (a.reuse and (home / "db").is_dir()):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        home, names = make_home(work, a.jobs)
        p, _ = serve(home)
        stop(p)
        fill_history(home, names, a.runs_per_job)
    say(f"{a.jobs} jobs, {a.jobs * a.runs_per_job} runs; {a.clients} clients, {a.requests} requests a page; "
        f"load average before: {os.getloadavg()}")
    p, port = serve(home)
    try:
        SESSION["cookie"] = log_in(home, port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(600):  # the web UI's servlet may come a moment after the API's ready line
            conn.request("GET", "/", headers={"Cookie": SESSION["cookie"]})
            r = conn.getresponse()
            r.read()
            if r.status == 200:
                break
            time.sleep(0.1)
        for path in a.pages.split(","):
            alone = [get(conn, path) for _ in range(20)]
            sent, size = alone[-1][1], alone[-1][2]
            one = statistics.median(t for t, _, _ in alone[5:])
            cpu0, sys0 = cpu_seconds(p.pid), cpu_seconds(p.pid, kernel=True)
            times = load(port, path, a.clients, a.requests)
            cpu = (cpu_seconds(p.pid) - cpu0) / len(times)
            sys_cpu = (cpu_seconds(p.pid, kernel=True) - sys0) / len(times)
            say(f"{path:28s} {size / 1024:6.1f} KB ({sent / 1024:5.1f} KB sent)  alone {one * 1000:6.1f} ms  under load: "
                f"p50 {pct(times, 50) * 1000:6.1f} ms  p95 {pct(times, 95) * 1000:6.1f} ms  p99 {pct(times, 99) * 1000:6.1f} ms  "
                f"max {times[-1] * 1000:6.1f} ms  server CPU {cpu * 1000:5.1f} ms a request "
                f"({sys_cpu * 1000:4.1f} ms of it in the kernel)")
        conn.close()
    finally:
        stop(p)
    say(f"load average after: {os.getloadavg()}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
