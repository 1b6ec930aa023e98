package io.klarsyn.connector.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import io.klarsyn.api.connector.ConnectorException;
import io.klarsyn.api.connector.PurchaseSummary;
import io.klarsyn.api.connector.SummarySink;

/**
 * The transactions input folded in the database: one {@code GROUP BY} per customer and calendar month
 * that follows the engine's rules (as-of cut, believable amounts, purchase occasions, identical rows),
 * and one scan that counts every row no summary holds. Both run in one read-only transaction at
 * {@code REPEATABLE READ}, so they see the same rows; their totals are checked against each other.
 *
 * <p>Only standard SQL: derived tables, {@code WITH}, {@code CASE}, {@code EXTRACT}, {@code NULLIF},
 * {@code TRIM}, {@code DATE} literals, window {@code MIN} and {@code ROW_NUMBER} (with {@code NULLS FIRST});
 * PostgreSQL, H2 and DuckDB run it as written.
 */
final class Summaries {

    private final JdbcOptions.Source transactions;
    private final JdbcOptions.Source customers;
    private final int fetchSize;

    /** What the queries see of the transactions: expressions over {@code src}. */
    private String id;
    private String day;
    private String amount;
    private String quantity;
    private String orderId;
    /** The line id (a row identifier), or {@code null} when the source has none. */
    private String lineId;
    /** Whether the database joins by hashing (PostgreSQL); else the customers' days reach their rows by a window. */
    private boolean hashJoins;

    Summaries(JdbcOptions.Source transactions, JdbcOptions.Source customers, int fetchSize) {
        this.transactions = transactions;
        this.customers = customers;
        this.fetchSize = fetchSize;
    }

    void run(Connection c, SummarySink sink) throws SQLException, java.io.IOException {
        List<String> columns = prepare(c, sink);
        sink.begin(transactions.name(), columns, "JDBC " + c.getMetaData().getDatabaseProductName() + " "
                + c.getMetaData().getDatabaseProductVersion() + ", folded per customer and month in the database");
        fold(c, sink);
    }

    /** @return the two queries {@link #run} sends (the summaries, then the counts), for measuring them alone */
    List<String> queries(Connection c, SummarySink sink) throws SQLException, java.io.IOException {
        prepare(c, sink);
        return List.of(summarySql(sink, join), countSql(sink));
    }

    private String join;

    /** Describes the sources and fixes the expressions; @return the transactions' canonical columns */
    private List<String> prepare(Connection c, SummarySink sink) throws SQLException, java.io.IOException {
        hashJoins = !c.getMetaData().getDatabaseProductName().toUpperCase(java.util.Locale.ROOT).contains("H2");
        Shape t = Shape.of(c, transactions, RowReader.TRANSACTION_COLUMNS, RowReader.required(transactions.kind()));
        id = idExpression(t.get("customer_id"));
        day = dayExpression(t, t.get("date"));
        amount = numberExpression(t, t.get("amount"));
        quantity = t.get("quantity") == null ? null : numberExpression(t, t.get("quantity"));
        orderId = t.get("order_id") == null ? null : t.get("order_id").ref();
        Shape.Column line = t.get("line_id");
        lineId = line == null ? null : line.text() ? "NULLIF(TRIM(" + line.ref() + "), '')" : line.ref();
        join = null;
        if (customers != null) {
            Shape cs = Shape.of(c, customers, RowReader.CUSTOMER_COLUMNS, RowReader.required(customers.kind()));
            Shape.Column churn = cs.get("churned_on");
            join = "SELECT " + idExpression(cs.get("customer_id")) + " AS id, MIN(" + dayExpression(cs, cs.get("acquired_on"))
                    + ") AS acq, " + (churn == null ? "CAST(NULL AS DATE)" : "MIN(" + dayExpression(cs, churn) + ")")
                    + " AS ch FROM (" + customers.select() + ") src GROUP BY " + idExpression(cs.get("customer_id"));
        }
        List<String> columns = new ArrayList<>(List.of("customer_id", "date", "amount"));
        if (quantity != null) {
            columns.add("quantity");
        }
        if (orderId != null) {
            columns.add("order_id");
        }
        if (lineId != null) {
            // in the header, as a file's line_id column is (its blanks are not counted, in a file neither)
            columns.add("line_id");
        }
        return columns;
    }

    private void fold(Connection c, SummarySink sink) throws SQLException, java.io.IOException {
        long summarized = 0;
        try (Statement st = c.createStatement()) {
            st.setFetchSize(fetchSize);
            try (ResultSet rs = st.executeQuery(summarySql(sink, join))) {
                long n = 0;
                while (rs.next()) {
                    if ((++n & 4095) == 0 && sink.cancelled()) {
                        return;
                    }
                    PurchaseSummary p = summary(rs);
                    summarized += p.rows() + (sink.rejectDuplicateRows() ? p.repeats() : 0);
                    sink.summary(p);
                }
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(countSql(sink))) {
            rs.next();
            long total = rs.getLong("total");
            long noDate = rs.getLong("no_date");
            long noAmount = rs.getLong("no_amount");
            long tooBig = rs.getLong("too_big");
            long after = rs.getLong("after_period");
            long repeatedLineIds = rs.getLong("repeated_line_ids");
            long held = summarized + noDate + noAmount + tooBig + after + repeatedLineIds;
            if (total != held) {
                throw new ConnectorException(transactions.name(), 0, null, "the database counted " + total
                        + " rows but its summaries and counts hold " + held + ": is the query deterministic?");
            }
            sink.rejected("date", "missing date", noDate);
            sink.rejected("amount", "missing amount", noAmount);
            sink.rejected("amount", "amount-out-of-range", tooBig);
            // as the engine rejects a row whose line id came before (reason duplicate-line-id): every copy of a
            // line id but the one kept, among the rows in the period with a date and a believable amount
            sink.rejected("line_id", "duplicate-line-id", repeatedLineIds);
            sink.afterPeriod(after, rs.getLong("far_after"), rs.getLong("after_blank_quantity"),
                    rs.getLong("after_blank_order_id"));
            LocalDate latest = rs.getObject("latest", LocalDate.class);
            if (latest != null) {
                sink.latest(latest);
            }
        }
    }

    private static PurchaseSummary summary(ResultSet rs) throws SQLException {
        String customer = rs.getString("c");
        int pd = rs.getInt("pd");
        double fa = rs.getDouble("fa");
        return new PurchaseSummary(customer == null ? "" : customer, YearMonth.of(rs.getInt("y"), rs.getInt("mo")),
                rs.getLong("n"), rs.getDouble("a"), pd, rs.getObject("fp", LocalDate.class),
                rs.getObject("lp", LocalDate.class), pd == 0 ? 0 : fa, rs.getObject("fd", LocalDate.class),
                rs.getLong("ref"), rs.getLong("rep"), rs.getLong("bq"), rs.getLong("bo"), rs.getLong("ba"),
                rs.getLong("ac"));
    }

    /** The rows as the queries see them: customer, day, amount, and quantity and order id when there are. */
    private String rows() {
        return "SELECT " + id + " AS c, " + day + " AS d, " + amount + " AS a"
                + (quantity == null ? "" : ", " + quantity + " AS q") + (orderId == null ? "" : ", " + orderId + " AS o")
                + (lineId == null ? "" : ", " + lineId + " AS l") + " FROM (" + transactions.select() + ") src";
    }

    private static String ok(SummarySink sink) {
        return "d IS NOT NULL AND a IS NOT NULL AND ABS(a) <= " + plain(sink.maxAmount());
    }

    String summarySql(SummarySink sink, String customerJoin) {
        String extra = (quantity == null ? "" : ", q") + (orderId == null ? "" : ", o") + (lineId == null ? "" : ", l");
        // m: how many rows of a group of identical rows count; rp: how many of them are repeats
        String m = sink.rejectDuplicateRows() ? "CASE WHEN c IS NULL THEN n ELSE 1 END" : "n";
        String rp = "CASE WHEN c IS NULL THEN 0 ELSE n - 1 END";
        if (lineId != null) {
            // a row with a line id is never compared with identical rows: its line id decides, and only the
            // first row of each line id counts (the engine rejects the others as duplicate-line-id)
            m = "CASE WHEN l IS NOT NULL THEN CASE WHEN lr = 1 THEN 1 ELSE 0 END ELSE " + m + " END";
            rp = "CASE WHEN l IS NOT NULL THEN 0 ELSE " + rp + " END";
        }
        StringBuilder b = new StringBuilder();
        b.append("WITH t AS (").append(rows()).append("),\n");
        // identical rows: counted once per distinct row, n times (repeats kept) or once (repeats rejected)
        b.append("r AS (SELECT c, d, a").append(extra).append(", COUNT(*) AS n FROM t WHERE ").append(ok(sink))
                .append(" AND d <= ").append(date(sink.asOf())).append(" GROUP BY c, d, a").append(extra).append("),\n");
        String from = "r";
        if (lineId != null) {
            // a database has no row order: of a line id's rows (in the period, usable) the first by date, customer,
            // amount, quantity and order id is the one kept. Copies of one line are alike, so it matters only when
            // a line id's rows differ; where the engine reads rows it keeps the first the database returns
            b.append("rl AS (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY l ORDER BY d, c NULLS FIRST, a")
                    .append(quantity == null ? "" : ", q NULLS FIRST").append(orderId == null ? "" : ", o NULLS FIRST")
                    .append(") AS lr FROM r),\n");
            from = "rl";
        }
        // customer-days: a purchase occasion when any row is positive
        b.append("k AS (SELECT c, d, SUM(a * m) AS a, SUM(m) AS n, MAX(a) AS mx, ")
                .append("SUM(rp) AS rep, ")
                .append("SUM(CASE WHEN a < 0 THEN m ELSE 0 END) AS ref, ")
                .append(quantity == null ? "0" : "SUM(CASE WHEN q IS NULL THEN m ELSE 0 END)").append(" AS bq, ")
                .append(orderId == null ? "0" : "SUM(CASE WHEN o IS NULL THEN m ELSE 0 END)").append(" AS bo ")
                .append("FROM (SELECT ").append(from).append(".*, ").append(m).append(" AS m, ").append(rp)
                .append(" AS rp FROM ").append(from).append(") x WHERE m > 0 GROUP BY c, d),\n");
        // the month's first purchase day beside each of its customer-days, so that its revenue (returns on
        // that day included) is a plain conditional sum: a window, not a join of the fold with itself
        b.append("w AS (SELECT k.*, EXTRACT(YEAR FROM d) AS y, EXTRACT(MONTH FROM d) AS mo, MIN(CASE WHEN mx > 0 THEN d END) ")
                .append("OVER (PARTITION BY c, EXTRACT(YEAR FROM d), EXTRACT(MONTH FROM d)) AS fpm FROM k)");
        if (customerJoin != null) {
            b.append(",\ncu AS (").append(customerJoin).append(")");
            if (!hashJoins) {
                // without hash joins (H2) a join of every customer-day to its customer is a nested loop: the
                // customers' days go into the same stream and a window (a sort) hands them to their rows
                b.append(",\nu AS (SELECT c, d, a, n, mx, rep, ref, bq, bo, y, mo, fpm, CAST(NULL AS DATE) AS acq, ")
                        .append("CAST(NULL AS DATE) AS ch FROM w UNION ALL SELECT id, NULL, NULL, NULL, NULL, NULL, NULL, ")
                        .append("NULL, NULL, NULL, NULL, NULL, acq, ch FROM cu),\n")
                        .append("v AS (SELECT u.*, MAX(acq) OVER (PARTITION BY c) AS cacq, MAX(ch) OVER (PARTITION BY c) AS cch ")
                        .append("FROM u)");
            }
        }
        b.append("\nSELECT w.c, w.y, w.mo, SUM(w.n) AS n, SUM(w.a) AS a, SUM(CASE WHEN w.mx > 0 THEN 1 ELSE 0 END) AS pd, ")
                .append("MIN(w.fpm) AS fp, MAX(CASE WHEN w.mx > 0 THEN w.d END) AS lp, MIN(w.d) AS fd, ")
                .append("SUM(CASE WHEN w.d = w.fpm THEN w.a ELSE 0 END) AS fa, ")
                .append("SUM(w.ref) AS ref, SUM(w.rep) AS rep, SUM(w.bq) AS bq, SUM(w.bo) AS bo, ");
        if (customerJoin == null) {
            b.append("0 AS ba, 0 AS ac FROM w ");
        } else if (hashJoins) {
            b.append("SUM(CASE WHEN w.d < cu.acq THEN w.n ELSE 0 END) AS ba, ")
                    .append("SUM(CASE WHEN w.d >= cu.ch THEN w.n ELSE 0 END) AS ac FROM w LEFT JOIN cu ON cu.id = w.c ");
        } else {
            b.append("SUM(CASE WHEN w.d < w.cacq THEN w.n ELSE 0 END) AS ba, ")
                    .append("SUM(CASE WHEN w.d >= w.cch THEN w.n ELSE 0 END) AS ac FROM v w WHERE w.d IS NOT NULL ");
        }
        b.append("GROUP BY w.c, w.y, w.mo");
        return b.toString();
    }

    String countSql(SummarySink sink) {
        String ok = ok(sink);
        String after = date(sink.asOf());
        return "SELECT COUNT(*) AS total, "
                + "SUM(CASE WHEN d IS NULL THEN 1 ELSE 0 END) AS no_date, "
                + "SUM(CASE WHEN d IS NOT NULL AND a IS NULL THEN 1 ELSE 0 END) AS no_amount, "
                + "SUM(CASE WHEN d IS NOT NULL AND ABS(a) > " + plain(sink.maxAmount()) + " THEN 1 ELSE 0 END) AS too_big, "
                + "SUM(CASE WHEN " + ok + " AND d > " + after + " THEN 1 ELSE 0 END) AS after_period, "
                + "SUM(CASE WHEN " + ok + " AND d > " + date(sink.farAfter()) + " THEN 1 ELSE 0 END) AS far_after, "
                + "SUM(CASE WHEN " + ok + " AND d > " + after + (quantity == null ? " AND 1 = 0" : " AND q IS NULL")
                + " THEN 1 ELSE 0 END) AS after_blank_quantity, "
                + "SUM(CASE WHEN " + ok + " AND d > " + after + (orderId == null ? " AND 1 = 0" : " AND o IS NULL")
                + " THEN 1 ELSE 0 END) AS after_blank_order_id, "
                + "MAX(CASE WHEN " + ok + " THEN d END) AS latest, "
                + (lineId == null ? "0" : "SUM(CASE WHEN " + ok + " AND d <= " + after + " AND l IS NOT NULL THEN 1 ELSE 0 END)"
                        + " - COUNT(DISTINCT CASE WHEN " + ok + " AND d <= " + after + " THEN l END)")
                + " AS repeated_line_ids "
                + "FROM (" + rows() + ") t";
    }

    /** A customer key as text, blank as NULL (a sale without a customer id), as the CSV connector reads it. */
    private static String idExpression(Shape.Column c) {
        return c.text() ? "NULLIF(TRIM(" + c.ref() + "), '')" : "CAST(" + c.ref() + " AS VARCHAR(200))";
    }

    private String dayExpression(Shape s, Shape.Column c) throws ConnectorException {
        if (c.date()) {
            return c.ref();
        }
        if (c.timestamp()) {
            return "CAST(" + c.ref() + " AS DATE)";
        }
        throw new ConnectorException(s.source, 0, c.name(), "column " + c.label() + " is not a DATE or TIMESTAMP (JDBC type "
                + c.type() + "): the database cannot fold it; cast it in " + JdbcOptions.PREFIX
                + "transactions.sql, or set " + JdbcOptions.SUMMARIZE + "=false to read rows");
    }

    private String numberExpression(Shape s, Shape.Column c) throws ConnectorException {
        if (c.number()) {
            // the engine adds amounts as doubles; so does the database then, several times faster than decimals
            return "CAST(" + c.ref() + " AS DOUBLE PRECISION)";
        }
        throw new ConnectorException(s.source, 0, c.name(), "column " + c.label() + " is not numeric (JDBC type "
                + c.type() + "): the database cannot fold it; cast it in " + JdbcOptions.PREFIX
                + "transactions.sql, or set " + JdbcOptions.SUMMARIZE + "=false to read rows");
    }

    private static String date(LocalDate d) {
        return "DATE '" + d + "'";
    }

    private static String plain(double v) {
        return new BigDecimal(v).stripTrailingZeros().toPlainString();
    }
}
