#!/usr/bin/env bash
# Klarsyn's whole CLV calculator vs the Python `lifetimes` library's BG/NBD fit alone, on the same 1 M customers.
#
#   benchmarks/clv/run.sh [customers] [python-runs]       (from the repository root; defaults 1000000 and 3)
#
# 1. builds the benchmarks (mvn -Pbench, offline; drop -o in MVN_FLAGS the first time),
# 2. ClvBenchmark --export: the simulated customers' (x, t_x, T) in weeks, as the calculator builds them,
# 3. lifetimes_bgnbd.py: lifetimes' BetaGeoFitter.fit on that file (see its docstring for the autograd stand-in),
# 4. cold: the calculator's first run in 3 fresh JVMs (what a monthly report run sees),
# 5. warm: JMH ClvBenchmark.fitAndPredict, 5 warm-up + 10 measured iterations, 1 fork,
# then prints the ratios (lifetimes' median over Klarsyn's). Needs python3 with numpy and scipy.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
RUNS=${2:-3}
OUT=${OUT:-/tmp/klarsyn-clv-bench}
mkdir -p "$OUT"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -Pbench install -DskipTests ${MVN_FLAGS:--o} -pl benchmarks -am >/dev/null
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
JAVA="java -Xmx3g -cp $CP"
$JAVA io.klarsyn.bench.ClvBenchmark --export "$OUT/buyers.csv" "$N"
python3 benchmarks/clv/lifetimes_bgnbd.py "$OUT/buyers.csv" "$RUNS" | tee "$OUT/lifetimes.txt"
: > "$OUT/cold.txt"
for i in 1 2 3; do
  $JAVA io.klarsyn.bench.ClvBenchmark "$N" 1 | tee -a "$OUT/cold.txt" | grep -E "^run|^clv.bgnbd"
done
$JAVA org.openjdk.jmh.Main ClvBenchmark -p customers="$N" -wi 5 -i 10 -f 1 | tee "$OUT/jmh.txt" | grep -E "^ClvBenchmark|Iteration"
python3 - "$OUT" <<'PY'
import re, statistics, sys
out = sys.argv[1]
py = [float(m) for m in re.findall(r"fit: (\d+) ms", open(f"{out}/lifetimes.txt").read())]
cold_text = open(f"{out}/cold.txt").read()
cold = [float(m) for m in re.findall(r"run 0 \(cold: first in this JVM\): (\d+) ms", cold_text)]
cold_cpu = [float(m) for m in re.findall(r"run 0 \(cold: first in this JVM\): \d+ ms, \d+ results \(process CPU (\d+) ms", cold_text)]
py_cpu = [float(m) for m in re.findall(r"fit: \d+ ms \(CPU (\d+) ms\)", open(f"{out}/lifetimes.txt").read())]
warm = float(re.search(r"ClvBenchmark.fitAndPredict\s+\S+\s+avgt\s+\d+\s+([\d.]+)", open(f"{out}/jmh.txt").read()).group(1))
p = statistics.median(py)
print(f"lifetimes BG/NBD fit alone: median {p:.0f} ms of {py}")
print(f"Klarsyn CLV calculator cold (first run, fresh JVM): median {statistics.median(cold):.0f} ms of {cold} -> {p / statistics.median(cold):.1f}x")
print(f"Klarsyn CLV calculator warm (JMH): {warm:.0f} ms -> {p / warm:.1f}x")
if py_cpu and cold_cpu:
    print(f"CPU time (less sensitive to other load): lifetimes median {statistics.median(py_cpu):.0f} ms, "
          f"Klarsyn cold median {statistics.median(cold_cpu):.0f} ms (both threads)")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
