#!/bin/sh
# The ingest of a report through connector-jdbc vs PostgreSQL's own time for the same queries, and vs the
# CSV connector on the same data (issue 22's target: within 1.2x of PostgreSQL's GROUP BY).
#   benchmarks/jdbc/run.sh [CUSTOMERS] [ROUNDS] [rows] [lineids]
# CUSTOMERS defaults to 1000000 (about 10 M transactions: ~10 per customer), ROUNDS to 3; "rows" adds one
# ingest with jdbc.summarize=false (every row over JDBC); "lineids" gives the transactions a line id and
# measures the fold with it mapped (the duplicate-line-id window) against the same table without it. Work files under ${WORK:-/tmp/klarsyn-jdbc-bench}
# (about 1 GB of CSV and 1.5 GB of PostgreSQL data at 1 M customers). Uses MAVEN_REPO if set.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CUSTOMERS=${1:-1000000}
ROUNDS=${2:-3}
WORK=${WORK:-/tmp/klarsyn-jdbc-bench}
REPO=${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO}
mkdir -p "$WORK"
cd "$ROOT"
mvn -B -q $REPO test-compile -pl bundles/connector-jdbc
mvn -B -q $REPO dependency:build-classpath -pl bundles/connector-jdbc -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/classpath.txt"
CP="bundles/connector-jdbc/target/test-classes:bundles/connector-jdbc/target/classes:$(cat "$WORK/classpath.txt")"
date -u
exec java -Xmx6g -Djava.awt.headless=true -cp "$CP" io.klarsyn.connector.jdbc.internal.JdbcIngestBenchmark \
    "$WORK" "$CUSTOMERS" "$ROUNDS" ${3:-} ${4:-}
