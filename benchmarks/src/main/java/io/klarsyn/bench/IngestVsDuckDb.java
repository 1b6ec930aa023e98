package io.klarsyn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Issue 3's benchmark, side by side in one run: Klarsyn's ingestion of a generated client folder
 * (customers.csv, transactions.csv, responses.csv: the CSV connector and the engine's ledger and
 * survey table, as in {@code klarsyn report}, without metrics or rendering) and DuckDB reading the
 * same three files and computing the same per-customer aggregation of the transactions (first and
 * last purchase day, distinct purchase days, revenue, count), alternating round by round so both
 * see the same machine. The first {@code warmup} rounds of each warm the JVM (and DuckDB's caches)
 * and are printed but not summarised, as a benchmark harness does; round 1 is Klarsyn's cold run.
 *
 * <p>Run: {@code java -XX:+UseParallelGC -Xmx1536m -cp <classpath> io.klarsyn.bench.IngestVsDuckDb
 * DIR 2026-10 [warmup=3] [measured=7] [duckdbThreads=2]}. Prints every round, then the medians and
 * ranges of the measured rounds and Klarsyn's peak heap.
 */
public final class IngestVsDuckDb {

    private IngestVsDuckDb() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]).toAbsolutePath();
        YearMonth period = YearMonth.parse(args.length > 1 ? args[1] : "2026-10");
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path out = Files.createTempDirectory("klarsyn-vs-duckdb");
        List<Double> klarsyn = new ArrayList<>();
        List<Double> duck = new ArrayList<>();
        long klarsynRows = 0;
        long duckRows = 0;
        long peakHeap = 0;
        System.out.printf(Locale.ROOT, "%s; %s; %d cores; DuckDB %d threads; %d warm-up + %d measured rounds%n",
                dir, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), threads,
                warmup, measured);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads TO " + threads);
            for (int round = 1; round <= warmup + measured; round++) {
                // Klarsyn: the engine's ingest stage, timed by the engine itself (timings.ingest)
                FolderIngestBenchmark.Round k = FolderIngestBenchmark.ingest(dir, period, out);
                double kSecs = k.seconds();
                long rows = k.rows();
                long peak = k.peakHeap();
                // DuckDB: the same three files, the transactions aggregated per customer
                long t0 = System.nanoTime();
                s.execute("DROP TABLE IF EXISTS customers");
                s.execute("DROP TABLE IF EXISTS ledger");
                s.execute("DROP TABLE IF EXISTS responses");
                s.execute("CREATE TABLE customers AS SELECT * FROM read_csv(" + file(dir, "customers.csv") + ")");
                s.execute("CREATE TABLE ledger AS SELECT customer_id, min(date) AS first_day, max(date) AS last_day,"
                        + " count(DISTINCT date) AS purchase_days, sum(amount) AS revenue, count(*) AS transactions"
                        + " FROM read_csv(" + file(dir, "transactions.csv") + ") GROUP BY customer_id");
                s.execute("CREATE TABLE responses AS SELECT * FROM read_csv(" + file(dir, "responses.csv") + ")");
                double dSecs = (System.nanoTime() - t0) / 1e9;
                long dRows;
                try (ResultSet q = s.executeQuery("SELECT (SELECT count(*) FROM customers)"
                        + " + (SELECT sum(transactions) FROM ledger) + (SELECT count(*) FROM responses)")) {
                    q.next();
                    dRows = q.getLong(1);
                }
                boolean counted = round > warmup;
                System.out.printf(Locale.ROOT,
                        "round %2d%s: Klarsyn %,d rows in %.3f s = %.2f M rows/s (%s, peak heap %d MB) | DuckDB %,d rows in %.3f s = %.2f M rows/s | load %s%n",
                        round, counted ? "" : " (warm-up)", rows, kSecs, rows / kSecs / 1e6, k.status(), peak >> 20,
                        dRows, dSecs, dRows / dSecs / 1e6, FolderIngestBenchmark.loadAverage());
                if (counted) {
                    klarsyn.add(kSecs);
                    duck.add(dSecs);
                    klarsynRows = rows;
                    duckRows = dRows;
                    peakHeap = Math.max(peakHeap, peak);
                }
            }
        }
        if (klarsyn.isEmpty()) {
            return;
        }
        Collections.sort(klarsyn);
        Collections.sort(duck);
        double km = median(klarsyn);
        double dm = median(duck);
        System.out.printf(Locale.ROOT, "Klarsyn: median %.3f s = %.2f M rows/s (range %.2f–%.2f M rows/s), peak heap %d MB%n",
                km, klarsynRows / km / 1e6, klarsynRows / klarsyn.get(klarsyn.size() - 1) / 1e6,
                klarsynRows / klarsyn.get(0) / 1e6, peakHeap >> 20);
        System.out.printf(Locale.ROOT, "DuckDB:  median %.3f s = %.2f M rows/s (range %.2f–%.2f M rows/s)%n",
                dm, duckRows / dm / 1e6, duckRows / duck.get(duck.size() - 1) / 1e6, duckRows / duck.get(0) / 1e6);
        System.out.printf(Locale.ROOT, "Klarsyn time / DuckDB time (medians): %.2f%n", km / dm);
    }

    private static String file(Path dir, String name) {
        return "'" + dir.resolve(name).toString().replace("'", "''") + "', header = true";
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
