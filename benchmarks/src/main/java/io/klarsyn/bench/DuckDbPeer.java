package io.klarsyn.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The reference peer of issue 3: DuckDB reads the same transactions.csv and computes the same
 * per-customer aggregation the engine's ledger holds (first and last purchase day, distinct
 * purchase days, revenue). Run: {@code java -cp <classpath> io.klarsyn.bench.DuckDbPeer
 * /path/transactions.csv [threads]}; prints wall time and the row and customer counts, so the
 * numbers can be set beside {@code klarsyn report}'s {@code timings.ingest}.
 */
public final class DuckDbPeer {

    private DuckDbPeer() {
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads TO " + threads);
            for (int round = 1; round <= 3; round++) {
                long t0 = System.nanoTime();
                s.execute("DROP TABLE IF EXISTS ledger");
                s.execute("CREATE TABLE ledger AS SELECT customer_id, min(date) AS first_day, max(date) AS last_day,"
                        + " count(DISTINCT date) AS purchase_days, sum(amount) AS revenue, count(*) AS transactions"
                        + " FROM read_csv('" + file.replace("'", "''") + "', header = true) GROUP BY customer_id");
                double secs = (System.nanoTime() - t0) / 1e9;
                try (ResultSet r = s.executeQuery("SELECT count(*), sum(transactions) FROM ledger")) {
                    r.next();
                    System.out.printf("round %d: %.2f s, %d customers, %d rows, %.2f M rows/s (%d threads)%n", round, secs,
                            r.getLong(1), r.getLong(2), r.getLong(2) / secs / 1e6, threads);
                }
            }
        }
    }
}
