package io.klarsyn.connector.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * Streams one input's rows into an {@link IngestSink}, as the CSV connector gives a file's records: a row
 * is numbered as a file's line would be (the first row is line 2, after the header), a value that does
 * not fit its column rejects the row with the column and the reason, and nothing is left out.
 */
final class RowReader {

    static final List<String> CUSTOMER_COLUMNS = List.of("customer_id", "acquired_on", "churned_on");
    static final List<String> TRANSACTION_COLUMNS = List.of("customer_id", "date", "amount", "quantity", "order_id",
            "line_id");
    static final List<String> RESPONSE_COLUMNS = List.of("date", "customer_id", "touchpoint", "nps", "csat", "ces",
            "comment", "response_id");
    private static final String DRIVER = "driver.";
    private static final int CANCEL_CHECK_MASK = 4095;

    private RowReader() {
    }

    static List<String> canonical(DataKind kind) {
        return switch (kind) {
            case CUSTOMERS -> CUSTOMER_COLUMNS;
            case TRANSACTIONS -> TRANSACTION_COLUMNS;
            case RESPONSES -> RESPONSE_COLUMNS;
        };
    }

    static List<String> required(DataKind kind) {
        return switch (kind) {
            case CUSTOMERS -> List.of("customer_id", "acquired_on");
            case TRANSACTIONS -> List.of("customer_id", "date", "amount");
            case RESPONSES -> List.of("date");
        };
    }

    static void read(Connection c, JdbcOptions.Source s, int fetchSize, IngestSink sink) throws SQLException,
            java.io.IOException {
        Shape shape = Shape.of(c, s, canonical(s.kind()), required(s.kind()));
        sink.begin(s.name(), shape.names(), "JDBC " + c.getMetaData().getDatabaseProductName() + " "
                + c.getMetaData().getDatabaseProductVersion() + ", rows");
        try (Statement st = c.createStatement()) {
            st.setFetchSize(fetchSize);
            try (ResultSet rs = st.executeQuery("SELECT * FROM (" + s.select() + ") src")) {
                long line = 1;
                Rows rows = new Rows(shape, sink);
                while (rs.next()) {
                    line++;
                    if ((line & CANCEL_CHECK_MASK) == 0 && sink.cancelled()) {
                        return;
                    }
                    switch (s.kind()) {
                        case CUSTOMERS -> rows.customer(rs, line, sink);
                        case TRANSACTIONS -> rows.transaction(rs, line);
                        case RESPONSES -> rows.response(rs, line, sink);
                    }
                }
                rows.flush();
            }
        }
    }

    /** A reject of the row at hand: which column, and why. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final String column;

        Bad(String column, String reason) {
            super(reason, null, false, false);
            this.column = column;
        }
    }

    private static final class Rows {
        private final Shape shape;
        private final Shape.Column id;
        private final Shape.Column acquired;
        private final Shape.Column churned;
        private final Shape.Column date;
        private final Shape.Column amount;
        private final Shape.Column quantity;
        private final Shape.Column orderId;
        private final Shape.Column lineId;
        private final Shape.Column responseId;
        /** Responses with a response id go to the engine in batches too, so that a repeated id is rejected. */
        private ResponseBatch responseBatch;
        private final Shape.Column touchpoint;
        private final Shape.Column comment;
        private final Shape.Column[] scores;
        private final List<Shape.Column> drivers = new ArrayList<>();

        /**
         * Transactions go to the engine in batches, as the CSV connector's do, so that a row's line id reaches
         * it: a repeated line id is then rejected ({@code duplicate-line-id}, the first row kept) by the same
         * code as a file's.
         */
        private final BatchSink batches;
        private TransactionBatch batch;

        Rows(Shape shape, IngestSink sink) {
            this.shape = shape;
            this.batches = BatchSink.of(sink);
            id = shape.get("customer_id");
            acquired = shape.get("acquired_on");
            churned = shape.get("churned_on");
            date = shape.get("date");
            amount = shape.get("amount");
            quantity = shape.get("quantity");
            orderId = shape.get("order_id");
            lineId = shape.get("line_id");
            responseId = shape.get("response_id");
            touchpoint = shape.get("touchpoint");
            comment = shape.get("comment");
            scores = new Shape.Column[] {shape.get("nps"), shape.get("csat"), shape.get("ces")};
            for (Shape.Column c : shape.columns) {
                if (c.name().startsWith(DRIVER) && c.name().length() > DRIVER.length()) {
                    drivers.add(c);
                }
            }
        }

        void customer(ResultSet rs, long line, IngestSink sink) throws SQLException {
            try {
                String key = text(rs, id);
                if (key == null) {
                    throw new Bad("customer_id", "missing customer_id");
                }
                LocalDate acq = date(rs, acquired);
                if (acq == null) {
                    throw new Bad("acquired_on", "missing acquired_on");
                }
                LocalDate churn = churned == null ? null : date(rs, churned);
                Map<String, String> attributes = new LinkedHashMap<>();
                for (Shape.Column c : shape.columns) {
                    if (c != id && c != acquired && c != churned) {
                        String v = text(rs, c);
                        if (v != null) {
                            attributes.put(c.name(), v);
                        }
                    }
                }
                sink.customer(line, new CustomerRecord(key, acq, churn, attributes));
            } catch (Bad b) {
                sink.reject(line, b.column, b.getMessage());
            }
        }

        void transaction(ResultSet rs, long line) throws SQLException {
            if (batch == null) {
                batch = new TransactionBatch(1024);
            } else if (batch.full()) {
                flush();
            }
            try {
                LocalDate day = date(rs, date);
                if (day == null) {
                    throw new Bad("date", "missing date");
                }
                double a = number(rs, amount);
                if (Double.isNaN(a)) {
                    throw new Bad("amount", "missing amount");
                }
                String key = text(rs, id);
                double q = quantity == null ? Double.NaN : number(rs, quantity);
                String order = orderId == null ? null : text(rs, orderId);
                String lid = lineId == null ? null : text(rs, lineId);
                int epochDay = (int) day.toEpochDay();
                if (key == null) {
                    batch.addAnonymous(line, epochDay, a, q, order);
                } else {
                    batch.add(line, key, epochDay, a, q, order);
                }
                if (lineId != null) {
                    // the row as read, its line id included: rows with a line id are never compared as
                    // identical rows, and rows without one only with each other, as in a file with that column
                    batch.recordHash(recordHash(key, epochDay, a, q, order, lid));
                    if (lid != null) {
                        batch.rowId(hash(lid, 0x2545F4914F6CDD1DL));
                    }
                }
            } catch (Bad b) {
                batch.reject(line, b.column, b.getMessage());
            }
        }

        /** Hands the transactions and responses read so far to the engine. */
        void flush() {
            if (batch != null && batch.size() > 0) {
                batches.transactions(batch);
                batch.clear();
            }
            if (responseBatch != null && responseBatch.size() > 0) {
                batches.responses(responseBatch);
                responseBatch.clear();
            }
        }

        private ResponseBatch responses() {
            if (responseBatch == null) {
                responseBatch = new ResponseBatch(drivers.stream().map(d -> d.name().substring(DRIVER.length())).toList(), 1024);
            } else if (responseBatch.full()) {
                flush();
            }
            return responseBatch;
        }

        void response(ResultSet rs, long line, IngestSink sink) throws SQLException {
            try {
                LocalDate day = date(rs, date);
                if (day == null) {
                    throw new Bad("date", "missing date");
                }
                int[] v = new int[3];
                for (int k = 0; k < 3; k++) {
                    v[k] = SurveyResponseRecord.MISSING;
                    if (scores[k] == null) {
                        continue;
                    }
                    double x = number(rs, scores[k]);
                    if (Double.isNaN(x)) {
                        continue;
                    }
                    if (x != Math.rint(x) || Math.abs(x) > 1e6) {
                        throw new Bad(scores[k].name(), "score is not a whole number '" + x + "'");
                    }
                    v[k] = (int) x;
                }
                Map<String, Double> ratings = new HashMap<>();
                for (Shape.Column d : drivers) {
                    double x = number(rs, d);
                    if (!Double.isNaN(x)) {
                        ratings.put(d.name().substring(DRIVER.length()), x);
                    }
                }
                String tp = touchpoint == null ? null : text(rs, touchpoint);
                String cm = comment == null ? null : text(rs, comment);
                if (responseId == null) {
                    sink.response(line, new SurveyResponseRecord(day, text(rs, id), v[0], v[1], v[2], ratings, tp, cm));
                    return;
                }
                ResponseBatch r = responses();
                r.add(line, text(rs, id), (int) day.toEpochDay(), v[0], v[1], v[2], tp, cm);
                for (int j = 0; j < drivers.size(); j++) {
                    Double x = ratings.get(drivers.get(j).name().substring(DRIVER.length()));
                    if (x != null) {
                        r.driver(j, x);
                    }
                }
                String rid = text(rs, responseId);
                if (rid != null) {
                    // as a file's response_id: a repeated one is rejected (the first row kept), and rows with one
                    // are not compared as identical rows
                    r.rowId(hash(rid, 0x2545F4914F6CDD1DL));
                }
            } catch (Bad b) {
                if (responseId == null) {
                    sink.reject(line, b.column, b.getMessage());
                } else {
                    responses().reject(line, b.column, b.getMessage());
                }
            }
        }
    }

    /** @return a 64-bit hash of a transaction's values as read (never 0) */
    static long recordHash(String customer, int day, double amount, double quantity, String order, String lineId) {
        long h = hash(customer == null ? "" : customer, 0x9E3779B97F4A7C15L);
        h = mix(h ^ day);
        h = mix(h ^ Double.doubleToLongBits(amount));
        h = mix(h ^ Double.doubleToLongBits(quantity));
        h = hash(order == null ? "\u0000" : order, h);
        h = hash(lineId == null ? "\u0000" : lineId, h);
        return h == 0 ? 1 : h;
    }

    /** @return a 64-bit FNV-1a hash of the text's UTF-16 units from {@code seed}, mixed; never 0 */
    static long hash(String s, long seed) {
        long h = seed;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        h = mix(h ^ s.length());
        return h == 0 ? 1 : h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** @return the value as trimmed text, {@code null} when SQL NULL or blank */
    static String text(ResultSet rs, Shape.Column c) throws SQLException {
        if (c == null) {
            return null;
        }
        String v;
        if (c.number()) {
            BigDecimal n = rs.getBigDecimal(c.index());
            v = n == null ? null : n.toPlainString();
        } else {
            v = rs.getString(c.index());
        }
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    /** @return the value as a day (a time of day dropped), {@code null} when NULL or blank */
    static LocalDate date(ResultSet rs, Shape.Column c) throws SQLException, Bad {
        if (c.date()) {
            return rs.getObject(c.index(), LocalDate.class);
        }
        if (c.timestamp()) {
            Object o = rs.getObject(c.index());
            if (o == null) {
                return null;
            }
            if (o instanceof java.sql.Timestamp t) {
                return t.toLocalDateTime().toLocalDate();
            }
            if (o instanceof OffsetDateTime t) {
                return t.toLocalDate();
            }
            if (o instanceof LocalDateTime t) {
                return t.toLocalDate();
            }
            return rs.getTimestamp(c.index()).toLocalDateTime().toLocalDate();
        }
        String v = text(rs, c);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v.length() > 10 && (v.charAt(10) == ' ' || v.charAt(10) == 'T') ? v.substring(0, 10) : v);
        } catch (DateTimeParseException e) {
            throw new Bad(c.name(), "unparseable date '" + v + "'");
        }
    }

    /** @return the value as a number, {@code NaN} when NULL or blank */
    static double number(ResultSet rs, Shape.Column c) throws SQLException, Bad {
        if (c.number()) {
            double v = rs.getDouble(c.index());
            return rs.wasNull() ? Double.NaN : v;
        }
        String v = text(rs, c);
        if (v == null) {
            return Double.NaN;
        }
        try {
            double x = Double.parseDouble(v);
            if (!Double.isFinite(x)) {
                throw new NumberFormatException(v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new Bad(c.name(), "unparseable number '" + v + "'");
        }
    }
}
