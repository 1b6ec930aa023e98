package io.klarsyn.connector.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.engine.embedded.EmbeddedIngestion;
import io.klarsyn.engine.embedded.EmbeddedSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database's fold ({@link Summaries}) against the engine's own fold of the same rows
 * ({@link RowReader} → the engine's ledger builder), on hand-made rows with every case the rules name:
 * returns, zero amounts, returns on the first purchase day, same-day repeats, identical rows, rows without a
 * customer id (NULL and blank), an unknown customer, a customer acquired after the period, rows before the
 * acquisition and on the churn day, missing dates and amounts, an absurd amount, rows after the period and
 * far after it, and rows on the snapshot days (the previous month's end, a year before). In H2 and in a real
 * PostgreSQL 18. A few figures are also derived by hand below.
 */
class SummariesTest {

    private static final LocalDate AS_OF = LocalDate.of(2024, 6, 30);
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static final String[] CUSTOMERS = {
        "('c1', DATE '2023-01-10', NULL, 'retail')",
        "('c2', DATE '2024-02-01', DATE '2024-05-10', 'business')",
        "('c3', DATE '2024-07-01', NULL, 'retail')", // acquired after the period
        "('c4', DATE '2024-03-01', NULL, NULL)", // no transactions
    };

    /** customer_id, date, amount. */
    private static final String[] TRANSACTIONS = {
        // c1: a year-ago snapshot day with a purchase and a return (an occasion: one row is positive)
        "('c1', DATE '2023-06-15', 20.00)", "('c1', DATE '2023-06-15', -20.00)",
        "('c1', DATE '2023-06-30', 7.25)",
        // c1: a return before the acquisition
        "('c1', DATE '2022-12-20', -5.00)",
        // c1: a return and a repeat on a purchase day
        "('c1', DATE '2024-01-05', 100.00)", "('c1', DATE '2024-01-05', -20.00)", "('c1', DATE '2024-01-05', 100.00)",
        // c1: a zero-only day and a return-only day: no occasions
        "('c1', DATE '2024-02-10', 0.00)", "('c1', DATE '2024-03-01', -15.50)",
        // c1: the previous month's last day, and in the period
        "('c1', DATE '2024-05-31', 40.00)", "('c1', DATE '2024-06-15', 60.00)",
        // c1: after the period, and far after it
        "('c1', DATE '2024-07-02', 30.00)", "('c1', DATE '2031-01-01', 10.00)",
        // c2: a return before the acquisition, two different rows on one day, a row on the churn day
        "('c2', DATE '2024-01-31', -5.00)", "('c2', DATE '2024-02-01', 50.00)", "('c2', DATE '2024-02-01', 25.00)",
        "('c2', DATE '2024-05-10', 10.00)",
        // c3 is acquired after the period; U9 is no customer
        "('c3', DATE '2024-06-20', 70.00)", "('U9', DATE '2024-03-03', 20.00)",
        // sales without a customer id, a refund among them
        "(NULL, DATE '2024-04-04', 12.50)", "('  ', DATE '2024-04-05', -2.50)", "(NULL, DATE '2024-04-04', 12.50)",
        // unusable rows
        "('c1', NULL, 10.00)", "('c1', DATE '2024-04-01', NULL)", "('c1', DATE '2024-04-02', 50000000000.00)",
    };

    /**
     * customer_id, date, amount, line_id: transaction lines with a line id, some of them loaded twice. The
     * first row of a line id is also the first by date, customer and amount (the order the database's fold
     * keeps when copies differ), so that reading rows in insertion order keeps the same one.
     */
    private static final String[] LINES = {
        // L1 loaded twice (the second an exact copy), L2 alike but its own line: no possible duplicate
        "('c1', DATE '2024-01-05', 100.00, 'L1')", "('c1', DATE '2024-01-05', 100.00, 'L1')",
        "('c1', DATE '2024-01-05', 100.00, 'L2')",
        // L3 once more with another customer and a later day: the first is kept, c2's copy rejected
        "('c1', DATE '2024-02-10', 30.00, 'L3')", "('c2', DATE '2024-02-11', 35.00, 'L3')",
        // L4 first after the period (left out, not admitted), then in it: the one in the period counts
        "('c1', DATE '2024-07-02', 30.00, 'L4')", "('c1', DATE '2024-06-02', 30.00, 'L4')",
        // L5 a sale without a customer id, twice; L6 first without a date, L8 first with an absurd amount
        "(NULL, DATE '2024-04-04', 12.50, 'L5')", "(NULL, DATE '2024-04-04', 12.50, 'L5')",
        "('c1', NULL, 10.00, 'L6')", "('c1', DATE '2024-03-04', 10.00, 'L6')",
        "('c1', DATE '2024-05-01', 50000000000.00, 'L8')", "('c1', DATE '2024-05-01', 8.00, 'L8')",
        // L7 an unknown customer's line, twice: one unknown customer, one repeated line id
        "('U9', DATE '2024-03-05', 5.00, 'L7')", "('U9', DATE '2024-03-05', 5.00, 'L7')",
        // L9 a return loaded three times; without a line id (NULL, blank) identical rows are compared as ever
        "('c2', DATE '2024-03-01', -5.00, 'L9')", "('c2', DATE '2024-03-01', -5.00, 'L9')",
        "('c2', DATE '2024-03-01', -5.00, 'L9')",
        "('c1', DATE '2024-03-03', 20.00, NULL)", "('c1', DATE '2024-03-03', 20.00, '  ')",
    };

    @Test
    void h2FoldsAsTheEngineDoes() throws Exception {
        String url = "jdbc:h2:mem:summaries;DB_CLOSE_DELAY=-1";
        try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
            load(c);
            compare(url, true);
            compare(url, false);
        }
    }

    @Test
    void duckDbFoldsAsTheEngineDoes(@TempDir Path dir) throws Exception {
        String url = "jdbc:duckdb:" + dir.resolve("summaries.duckdb").toAbsolutePath();
        try (Connection c = Databases.dataSource(url, null, null).getConnection()) {
            load(c);
            lines(url, c);
        }
        compare(url, true);
        compare(url, false);
    }

    @Test
    void postgresFoldsAsTheEngineDoes() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            load(c);
        }
        String url = postgres.getJdbcUrl("postgres", "postgres");
        compare(url, true);
        compare(url, false);
    }

    @Test
    void repeatedLineIdsAreRejectedAsTheEngineDoes() throws Exception {
        String h2 = "jdbc:h2:mem:lines;DB_CLOSE_DELAY=-1";
        try (Connection c = Databases.dataSource(h2, null, null).getConnection()) {
            load(c);
            lines(h2, c);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            load(c);
            lines(postgres.getJdbcUrl("postgres", "postgres"), c);
        }
    }

    private static void lines(String url, Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS linjer");
            st.execute("CREATE TABLE linjer (kundenr VARCHAR(20), dato DATE, belop NUMERIC(14, 2), linje VARCHAR(20))");
            st.execute("INSERT INTO linjer VALUES " + String.join(", ", LINES));
        }
        for (boolean withCustomers : List.of(true, false)) {
            Map<String, String> s = new HashMap<>();
            s.put("jdbc.url", url);
            if (withCustomers) {
                s.put("jdbc.customers.table", "kunder");
                s.put("jdbc.customers.columns.customer_id", "kundenr");
                s.put("jdbc.customers.columns.acquired_on", "startdato");
                s.put("jdbc.customers.columns.churned_on", "sluttdato");
            }
            s.put("jdbc.transactions.table", "linjer");
            s.put("jdbc.transactions.columns.customer_id", "kundenr");
            s.put("jdbc.transactions.columns.date", "dato");
            s.put("jdbc.transactions.columns.amount", "belop");
            s.put("jdbc.transactions.columns.line_id", "linje");
            Folds f = fold(EmbeddedSettings.resolve(s, JdbcOptions.DESCRIPTORS), withCustomers, LINES.length);
            FileQuality q = f.foldedQuality();
            // L1, L3, L5, L7 once each, L9 twice; not L4, L6, L8, whose first rows were never admitted
            assertThat(q.rejectedByReason()).as(url).containsEntry("duplicate-line-id", 6L)
                    .containsEntry("missing-date", 1L).containsEntry("amount-out-of-range", 1L);
            // only the NULL and blank line ids' pair is compared, and it repeats
            assertThat(q.warningsByReason()).as(url).containsEntry("possible-duplicate", 1L);
            assertThat(q.afterPeriod()).as(url).isEqualTo(1);
            CustomerLedger b = f.folded();
            int c1 = b.indexOf("c1");
            // L1, L2, L3 (c1's copy), L4 (in the period), L6, L8, and the two rows without a line id
            assertThat(b.transactions(c1)).as(url).isEqualTo(8);
            assertThat(b.revenue(c1)).as(url).isCloseTo(100 + 100 + 30 + 30 + 10 + 8 + 20 + 20, within(1e-9));
            int c2 = b.indexOf("c2");
            // c2's L3 copy is rejected; one of L9's three rows counts
            assertThat(b.transactions(c2)).as(url).isEqualTo(1);
            assertThat(b.revenue(c2)).as(url).isCloseTo(-5.0, within(1e-9));
            assertThat(b.anonymousTransactionsIn(YearMonth.of(2024, 4))).as(url).isEqualTo(1);
            if (withCustomers) {
                assertThat(q.rejectedByReason()).as(url).containsEntry("unknown-customer", 1L);
            }
        }
    }

    private static void load(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS kunder");
            st.execute("DROP TABLE IF EXISTS salg");
            st.execute("CREATE TABLE kunder (kundenr VARCHAR(20), startdato DATE, sluttdato DATE, segment VARCHAR(20))");
            st.execute("CREATE TABLE salg (kundenr VARCHAR(20), dato DATE, belop NUMERIC(14, 2))");
            st.execute("INSERT INTO kunder VALUES " + String.join(", ", CUSTOMERS));
            st.execute("INSERT INTO salg VALUES " + String.join(", ", TRANSACTIONS));
        }
    }

    private static JobSettings settings(String url, boolean withCustomers) {
        Map<String, String> s = new HashMap<>();
        s.put("jdbc.url", url);
        if (withCustomers) {
            s.put("jdbc.customers.table", "kunder");
            s.put("jdbc.customers.columns.customer_id", "kundenr");
            s.put("jdbc.customers.columns.acquired_on", "startdato");
            s.put("jdbc.customers.columns.churned_on", "sluttdato");
        }
        s.put("jdbc.transactions.sql", "SELECT kundenr AS customer_id, dato, belop FROM salg");
        s.put("jdbc.transactions.columns.date", "dato");
        s.put("jdbc.transactions.columns.amount", "belop");
        return EmbeddedSettings.resolve(s, JdbcOptions.DESCRIPTORS);
    }

    /** The row path's and the database's fold of the same source, checked equal. */
    private record Folds(CustomerLedger rows, CustomerLedger folded, FileQuality rowQuality, FileQuality foldedQuality) {
    }

    private static Folds fold(JobSettings settings, boolean withCustomers, int sourceRows) {
        JdbcConnector jdbc = new JdbcConnector();
        EmbeddedIngestion rows = EmbeddedIngestion.asOf(AS_OF);
        EmbeddedIngestion folded = EmbeddedIngestion.asOf(AS_OF);
        if (withCustomers) {
            rows.read(DataKind.CUSTOMERS, "kunder", List.of(), sink -> read(jdbc, DataKind.CUSTOMERS, settings, sink));
            folded.read(DataKind.CUSTOMERS, "kunder", List.of(), sink -> read(jdbc, DataKind.CUSTOMERS, settings, sink));
        }
        rows.read(DataKind.TRANSACTIONS, "salg", List.of(), sink -> read(jdbc, DataKind.TRANSACTIONS, settings, sink));
        folded.summarize(sink -> {
            try {
                assertThat(jdbc.summarize(settings, sink)).isTrue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CustomerLedger a = rows.ledger();
        CustomerLedger b = folded.ledger();
        sameLedger(a, b);
        assertThat(b.snapshotDays()).containsExactlyInAnyOrder(a.snapshotDays());
        for (int day : b.snapshotDays()) {
            sameLedger(a.asOf(day), b.asOf(day));
        }
        for (YearMonth m = YearMonth.of(2022, 1); !m.isAfter(YearMonth.of(2024, 12)); m = m.plusMonths(1)) {
            assertThat(b.revenueIn(m)).as("revenue in " + m).isCloseTo(a.revenueIn(m), within(1e-9));
            assertThat(b.transactionsIn(m)).as("rows in " + m).isEqualTo(a.transactionsIn(m));
            assertThat(b.anonymousRevenueIn(m)).as("anonymous revenue in " + m).isCloseTo(a.anonymousRevenueIn(m), within(1e-9));
            assertThat(b.anonymousTransactionsIn(m)).as("anonymous rows in " + m).isEqualTo(a.anonymousTransactionsIn(m));
        }
        assertThat(b.firstMonth()).isEqualTo(a.firstMonth());
        FileQuality qa = transactions(rows.quality());
        FileQuality qb = transactions(folded.quality());
        assertThat(qb.read()).isEqualTo(qa.read()).isEqualTo(sourceRows);
        assertThat(qb.accepted()).isEqualTo(qa.accepted());
        assertThat(qb.rejected()).isEqualTo(qa.rejected());
        assertThat(qb.afterPeriod()).isEqualTo(qa.afterPeriod());
        assertThat(qb.rejectedByReason()).isEqualTo(qa.rejectedByReason());
        assertThat(qb.warningsByReason()).isEqualTo(qa.warningsByReason());
        assertThat(qb.completeness()).isEqualTo(qa.completeness());
        assertThat(qb.latest()).isEqualTo(qa.latest());
        return new Folds(a, b, qa, qb);
    }

    private static void compare(String url, boolean withCustomers) {
        JobSettings settings = settings(url, withCustomers);
        Folds f = fold(settings, withCustomers, TRANSACTIONS.length);
        CustomerLedger b = f.folded();
        FileQuality qb = f.foldedQuality();
        int may = (int) LocalDate.of(2024, 5, 31).toEpochDay();
        int yearAgo = (int) LocalDate.of(2023, 6, 30).toEpochDay();
        assertThat(b.snapshotDays()).containsExactlyInAnyOrder(may, yearAgo);

        // by hand, c1 as of 2024-06-30: occasions 2023-06-15, 2023-06-30, 2024-01-05, 2024-05-31, 2024-06-15
        // (not the return-only 2022-12-20 and 2024-03-01, not the zero-only 2024-02-10); rows: the 11 dated on
        // or before the period end with a usable amount
        int c1 = b.indexOf("c1");
        assertThat(b.purchaseDays(c1)).isEqualTo(5);
        assertThat(b.transactions(c1)).isEqualTo(11);
        // 20 - 20 + 7.25 - 5 + 100 - 20 + 100 + 0 - 15.5 + 40 + 60
        assertThat(b.revenue(c1)).isCloseTo(266.75, within(1e-9));
        // the first occasion, 2023-06-15: its return included
        assertThat(b.firstOccasionRevenue(c1)).isCloseTo(0.0, within(1e-9));
        assertThat(b.firstOccasionRevenue(b.indexOf("c2"))).isCloseTo(75.0, within(1e-9));
        // refunds: c1 4, c2 1, one sale without a customer id
        assertThat(qb.warningsByReason()).containsEntry("refund", 6L).containsEntry("possible-duplicate", 1L)
                .containsEntry("anonymous-sale", 3L).containsEntry("date-far-after-period", 1L);
        if (withCustomers) {
            // 1 missing date, 1 missing amount, 1 absurd amount, 1 unknown customer
            assertThat(qb.rejectedByReason()).containsOnly(Map.entry("missing-date", 1L), Map.entry("missing-amount", 1L),
                    Map.entry("amount-out-of-range", 1L), Map.entry("unknown-customer", 1L));
            // c1 2024-07-02 and 2031-01-01, and c3's row (acquired after the period)
            assertThat(qb.afterPeriod()).isEqualTo(3);
            // c1 2022-12-20, c2 2024-01-31, c3's row; c2 on its churn day
            assertThat(qb.warningsByReason()).containsEntry("before-acquisition", 3L).containsEntry("after-churn", 1L);
        } else {
            assertThat(qb.afterPeriod()).isEqualTo(2);
            assertThat(b.size()).isEqualTo(4); // c1, c2, c3, U9
        }
    }

    private static void read(JdbcConnector jdbc, DataKind kind, JobSettings settings, IngestSink sink) {
        try {
            jdbc.read(kind, settings, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileQuality transactions(List<FileQuality> q) {
        return q.stream().filter(f -> f.file().equals("transactions.csv")).findFirst().orElseThrow();
    }

    private static void sameLedger(CustomerLedger a, CustomerLedger b) {
        assertThat(b.size()).isEqualTo(a.size());
        for (int i = 0; i < a.size(); i++) {
            String id = a.customerId(i);
            int j = b.indexOf(id);
            assertThat(j).as(id).isGreaterThanOrEqualTo(0);
            assertThat(b.acquiredOn(j)).as(id + " acquiredOn").isEqualTo(a.acquiredOn(i));
            assertThat(b.churnedOn(j)).as(id + " churnedOn").isEqualTo(a.churnedOn(i));
            assertThat(b.purchaseDays(j)).as(id + " purchaseDays").isEqualTo(a.purchaseDays(i));
            assertThat(b.transactions(j)).as(id + " transactions").isEqualTo(a.transactions(i));
            assertThat(b.firstPurchase(j)).as(id + " firstPurchase").isEqualTo(a.firstPurchase(i));
            assertThat(b.lastPurchase(j)).as(id + " lastPurchase").isEqualTo(a.lastPurchase(i));
            assertThat(b.revenue(j)).as(id + " revenue").isCloseTo(a.revenue(i), within(1e-9));
            assertThat(b.firstOccasionRevenue(j)).as(id + " firstOccasionRevenue").isCloseTo(a.firstOccasionRevenue(i),
                    within(1e-9));
            assertThat(b.lostOn(j)).as(id + " lostOn").isEqualTo(a.lostOn(i));
        }
    }
}
