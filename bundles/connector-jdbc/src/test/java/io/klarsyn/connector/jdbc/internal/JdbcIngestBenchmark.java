package io.klarsyn.connector.jdbc.internal;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.PGConnection;

import io.klarsyn.api.connector.PurchaseSummary;
import io.klarsyn.api.connector.SummarySink;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.connector.csv.internal.CsvConnector;
import io.klarsyn.engine.embedded.EmbeddedSettings;
import io.klarsyn.engine.internal.KlarsynReportEngine;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The ingest stage of a report through connector-jdbc against the time PostgreSQL itself needs for the
 * same queries, and against the CSV path on the same data (benchmarks/jdbc/run.sh; results in
 * docs/BENCHMARKS.md). Not a test: a plain main on the test class path.
 *
 * <p>Steps: generate a client (customers.csv, transactions.csv), start an embedded PostgreSQL 18 and
 * {@code COPY} both files into typed tables; then, per round: PostgreSQL's execution time of the two queries
 * connector-jdbc sends ({@code EXPLAIN (ANALYZE, TIMING OFF)}: the server's own time, no rows sent), the
 * report's ingest through connector-jdbc (summaries), and the report's ingest of the CSV files, all in
 * this JVM with the real engine (no metrics, no renderer).
 *
 * <p>With {@code lineids} the transactions table gets a line id (an identity column) and each round also measures
 * the fold with the line id mapped (one more window over the rows) against the fold of the same table without it.
 *
 * <p>{@code java -Xmx6g -cp ... io.klarsyn.connector.jdbc.internal.JdbcIngestBenchmark DIR CUSTOMERS ROUNDS [rows] [lineids]}
 */
public final class JdbcIngestBenchmark {

    private static final YearMonth PERIOD = YearMonth.of(2026, 10);

    private JdbcIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int customers = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean rows = List.of(args).subList(Math.min(3, args.length), args.length).contains("rows");
        boolean lineIds = List.of(args).subList(Math.min(3, args.length), args.length).contains("lineids");
        Path data = dir.resolve("data-" + customers);
        if (!Files.exists(data.resolve("transactions.csv"))) {
            long t0 = System.nanoTime();
            Generator.generate(GeneratorOptions.defaults().withCustomers(customers).withMonths(24).withSeed(1)
                    .withEnd(PERIOD), data);
            Files.deleteIfExists(data.resolve("responses.csv"));
            System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", data, (System.nanoTime() - t0) / 1e9);
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB, java " + System.getProperty("java.version")
                + ", load " + load());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg-" + customers))
                .setCleanDataDirectory(true).setServerConfig("work_mem", "256MB")
                .setServerConfig("shared_buffers", "1GB").setServerConfig("max_wal_size", "4GB")
                .setServerConfig("fsync", "off").start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            long transactions;
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                transactions = load(c, data, lineIds);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
                    rs.next();
                    System.out.println("database: " + rs.getString(1));
                }
            }
            Map<String, String> settings = new HashMap<>();
            settings.put("jdbc.url", url);
            settings.put("jdbc.customers.table", "customers");
            settings.put("jdbc.transactions.table", "transactions");
            Map<String, String> withLineIds = null;
            if (lineIds) {
                // the same table: without the line id (a query leaving it out), and with it (found by its name)
                withLineIds = new HashMap<>(settings);
                settings.remove("jdbc.transactions.table");
                settings.put("jdbc.transactions.sql", "SELECT customer_id, date, amount FROM transactions");
            }
            List<String> queries;
            try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
                queries = new Summaries(JdbcOptions.source(EmbeddedSettings.of(settings), DataKind.TRANSACTIONS),
                        JdbcOptions.source(EmbeddedSettings.of(settings), DataKind.CUSTOMERS), 10_000)
                        .queries(c, new Rules(PERIOD.atEndOfMonth()));
            }
            Files.writeString(dir.resolve("queries.sql"), String.join(";\n\n", queries) + ";\n");
            List<String> lineQueries = null;
            if (lineIds) {
                try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
                    lineQueries = new Summaries(JdbcOptions.source(EmbeddedSettings.of(withLineIds), DataKind.TRANSACTIONS),
                            JdbcOptions.source(EmbeddedSettings.of(withLineIds), DataKind.CUSTOMERS), 10_000)
                            .queries(c, new Rules(PERIOD.atEndOfMonth()));
                }
                Files.writeString(dir.resolve("queries-line-ids.sql"), String.join(";\n\n", lineQueries) + ";\n");
            }
            for (int round = 1; round <= rounds; round++) {
                double[] own = new double[queries.size()];
                try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
                    for (int q = 0; q < queries.size(); q++) {
                        own[q] = explainAnalyze(c, queries.get(q), dir.resolve("plan-" + (q + 1) + ".txt"));
                    }
                }
                Run jdbc = ingest("jdbc", settings, dir.resolve("out-jdbc"));
                Run csv = ingest("csv", Map.of("csv.folder", data.toString()), dir.resolve("out-csv"));
                double pgTotal = own[0] + own[1];
                System.out.printf(Locale.ROOT, "round %d: %,d transactions; PostgreSQL's own time: summaries %.2f s + "
                        + "counts %.2f s = %.2f s | connector-jdbc: transactions %.2f s (%.2f x PostgreSQL's), customers "
                        + "%.2f s, ingest %.2f s | CSV: transactions %.2f s, customers %.2f s, ingest %.2f s | load %s%n",
                        round, transactions, own[0], own[1], pgTotal, jdbc.transactions, jdbc.transactions / pgTotal,
                        jdbc.customers, jdbc.ingest, csv.transactions, csv.customers, csv.ingest, load());
                if (lineIds) {
                    double[] ownL = new double[lineQueries.size()];
                    try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
                        for (int q = 0; q < lineQueries.size(); q++) {
                            ownL[q] = explainAnalyze(c, lineQueries.get(q), dir.resolve("plan-line-ids-" + (q + 1) + ".txt"));
                        }
                    }
                    Run withL = ingest("jdbc", withLineIds, dir.resolve("out-jdbc-line-ids"));
                    System.out.printf(Locale.ROOT, "round %d with line ids: PostgreSQL's own time: summaries %.2f s + "
                            + "counts %.2f s = %.2f s (without: %.2f s) | connector-jdbc: transactions %.2f s (without: "
                            + "%.2f s) | load %s%n", round, ownL[0], ownL[1], ownL[0] + ownL[1], pgTotal, withL.transactions,
                            jdbc.transactions, load());
                }
                if (rows && round == rounds) {
                    Map<String, String> r = new HashMap<>(settings);
                    r.put("jdbc.summarize", "false");
                    Run each = ingest("jdbc", r, dir.resolve("out-rows"));
                    System.out.printf(Locale.ROOT, "rows over JDBC (jdbc.summarize=false): transactions %.2f s, ingest "
                            + "%.2f s | load %s%n", each.transactions, each.ingest, load());
                }
            }
        }
    }

    /** What the engine would apply (the defaults), for writing the queries. */
    private record Rules(LocalDate asOf) implements SummarySink {
        public LocalDate farAfter() {
            LocalDate today = LocalDate.now();
            return (asOf.isAfter(today) ? asOf : today).plusYears(1);
        }

        public double maxAmount() {
            return 1e9;
        }

        public boolean rejectDuplicateRows() {
            return false;
        }

        public void begin(String source, List<String> columns, String details) {
        }

        public void summary(PurchaseSummary summary) {
        }

        public void rejected(String column, String reason, long rows) {
        }

        public void afterPeriod(long rows, long farAfter, long blankQuantity, long blankOrderId) {
        }

        public void latest(LocalDate day) {
        }

        public boolean cancelled() {
            return false;
        }
    }

    record Run(double ingest, double customers, double transactions) {
    }

    private static Run ingest(String connector, Map<String, String> settings, Path out) throws Exception {
        KlarsynReportEngine engine = new KlarsynReportEngine();
        engine.add(new CsvConnector(), "io.klarsyn.connector.csv", "0");
        engine.add(new JdbcConnector(), "io.klarsyn.connector.jdbc", "0");
        engine.add(new ReportEqualityTest.NullRenderer(), "bench", "0");
        System.gc();
        RunResult r = engine.run(new JobSpec("bench", connector, Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"), null,
                settings), PERIOD, out, ProgressListener.NONE);
        String log = Files.readString(r.runLog());
        if (r.status() == io.klarsyn.api.run.RunStatus.FAILURE) {
            throw new IllegalStateException(connector + " run failed: " + r.messages() + "\n" + log);
        }
        return new Run(millis(log, "ingested .* in (\\d+) ms") / 1e3, millis(log, "customers.csv: .* in (\\d+) ms") / 1e3,
                millis(log, "transactions.csv: \\d+ read.* in (\\d+) ms") / 1e3);
    }

    private static long millis(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no '" + regex + "' in the run log");
        }
        return Long.parseLong(m.group(1));
    }

    /** @return the server's execution time of the query in seconds, its rows not sent */
    private static double explainAnalyze(Connection c, String sql, Path planFile) throws Exception {
        List<String> plan = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, TIMING OFF) " + sql)) {
            while (rs.next()) {
                plan.add(rs.getString(1));
            }
        }
        Files.write(planFile, plan);
        for (String line : plan) {
            Matcher m = Pattern.compile("Execution Time: ([0-9.]+) ms").matcher(line);
            if (m.find()) {
                return Double.parseDouble(m.group(1)) / 1e3;
            }
        }
        throw new IllegalStateException("no execution time in " + plan);
    }

    private static long load(Connection c, Path data, boolean lineIds) throws Exception {
        long t0 = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS customers");
            st.execute("DROP TABLE IF EXISTS transactions");
            st.execute("CREATE TABLE customers (customer_id TEXT, acquired_on DATE, churned_on DATE, segment TEXT, "
                    + "plan TEXT, region TEXT, channel TEXT, acquisition_cost NUMERIC(14, 2))");
            st.execute("CREATE TABLE transactions (customer_id TEXT, date DATE, amount NUMERIC(14, 2)"
                    + (lineIds ? ", line_id BIGINT GENERATED ALWAYS AS IDENTITY" : "") + ")");
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        try (Reader r = Files.newBufferedReader(data.resolve("customers.csv"), StandardCharsets.UTF_8)) {
            copy.copyIn("COPY customers FROM STDIN (FORMAT csv, HEADER true)", r);
        }
        long n;
        try (Reader r = Files.newBufferedReader(data.resolve("transactions.csv"), StandardCharsets.UTF_8)) {
            n = copy.copyIn("COPY transactions (customer_id, date, amount) FROM STDIN (FORMAT csv, HEADER true)", r);
        }
        try (Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE customers");
            st.execute("VACUUM ANALYZE transactions");
        }
        System.out.printf(Locale.ROOT, "loaded %,d transactions into PostgreSQL in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return n;
    }

    private static String load() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
