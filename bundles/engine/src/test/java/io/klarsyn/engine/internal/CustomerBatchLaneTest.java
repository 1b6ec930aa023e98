package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.settings.JobSettings;

/**
 * The customer batch lane ({@link IngestSink#customers(CustomerBatch)}) against the row-by-row
 * lane: the same customer rows give the same ledger (ids, days, every attribute's levels, codes
 * and numbers) and the same data-quality counts and findings, line for line, whatever the batch
 * size: with exact duplicates, duplicate ids with other values, churn before acquisition, rejects,
 * blank and whitespace values, non-ASCII ids and values, customers acquired after the period, a
 * numeric column of many levels that turns to text, and one that turns from numbers to text early.
 */
class CustomerBatchLaneTest {

    /** A customer row or a reject. */
    record Row(long line, String id, int acquired, int churned, Map<String, String> attributes, String rejectColumn,
            String rejectReason) {
    }

    enum Lane {
        RECORDS, BATCHES, MIXED, DEFAULT_REPLAY
    }

    static final List<String> HEADER = List.of("customer_id", "segment", "acquired_on", "churned_on", "plan", "cost",
            "code", "notes");
    /** The attribute columns the connector passes (notes is in the header but never passed). */
    static final List<String> ATTRIBUTES = List.of("segment", "plan", "cost", "code");

    @Plugin(id = "lanes", title = "Lanes")
    static final class LaneConnector implements DataConnector {
        final List<Row> rows;
        final List<TransactionRecord> transactions;
        final Lane lane;
        final int batchSize;
        final boolean reportBlanks;

        LaneConnector(List<Row> rows, List<TransactionRecord> transactions, Lane lane, int batchSize,
                boolean reportBlanks) {
            this.rows = rows;
            this.transactions = transactions;
            this.lane = lane;
            this.batchSize = batchSize;
            this.reportBlanks = reportBlanks;
        }

        @Override
        public Set<DataKind> available(JobSettings settings) {
            return EnumSet.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS);
        }

        @Override
        public void read(DataKind kind, JobSettings settings, IngestSink sink) {
            if (kind == DataKind.TRANSACTIONS) {
                sink.begin("transactions.csv", List.of("customer_id", "date", "amount"), "");
                long line = 2;
                for (TransactionRecord t : transactions) {
                    sink.transaction(line++, t);
                }
                return;
            }
            sink.begin("customers.csv", HEADER, "");
            IngestSink target = lane == Lane.DEFAULT_REPLAY ? replaying(sink) : sink;
            CustomerBatch b = new CustomerBatch(ATTRIBUTES, batchSize);
            int i = 0;
            for (Row r : rows) {
                if (reportBlanks && r.rejectReason() == null) {
                    for (String a : ATTRIBUTES) {
                        if (r.attributes().get(a) == null) {
                            sink.blank(a);
                        }
                    }
                }
                boolean batch = lane != Lane.RECORDS && (lane != Lane.MIXED || (i++ / 5) % 2 == 0);
                if (!batch) {
                    if (b.size() > 0) {
                        BatchSink.of(target).customers(b);
                        b.clear();
                    }
                    if (r.rejectReason() != null) {
                        sink.reject(r.line(), r.rejectColumn(), r.rejectReason());
                    } else {
                        sink.customer(r.line(), new CustomerRecord(r.id(), LocalDate.ofEpochDay(r.acquired()),
                                r.churned() == CustomerBatch.NO_DAY ? null : LocalDate.ofEpochDay(r.churned()),
                                r.attributes()));
                    }
                    continue;
                }
                if (b.full()) {
                    BatchSink.of(target).customers(b);
                    b.clear();
                }
                if (r.rejectReason() != null) {
                    b.reject(r.line(), r.rejectColumn(), r.rejectReason());
                    continue;
                }
                if (r.line() % 3 == 0) {
                    b.add(r.line(), r.id(), r.acquired(), r.churned());
                } else {
                    // the id inside a larger array, as a CSV reader's buffer holds it
                    byte[] utf8 = ("xx" + r.id() + "yyy").getBytes(StandardCharsets.UTF_8);
                    b.add(r.line(), utf8, 2, utf8.length - 5, r.acquired(), r.churned());
                }
                for (int j = 0; j < ATTRIBUTES.size(); j++) {
                    String v = r.attributes().get(ATTRIBUTES.get(j));
                    if (v == null) {
                        continue;
                    }
                    if (r.line() % 2 == 0) {
                        b.attribute(j, v);
                    } else {
                        byte[] utf8 = ("," + v + ";;").getBytes(StandardCharsets.UTF_8);
                        b.attribute(j, utf8, 1, utf8.length - 3);
                    }
                }
            }
            if (b.size() > 0) {
                BatchSink.of(target).customers(b);
            }
        }
    }

    /** The sink seen through the interface's default {@code customers}: row by row. */
    static IngestSink replaying(IngestSink s) {
        return new IngestSink() {
            @Override
            public void begin(String source, List<String> columns, String details) {
                s.begin(source, columns, details);
            }

            @Override
            public void customer(long line, CustomerRecord row) {
                s.customer(line, row);
            }

            @Override
            public void transaction(long line, TransactionRecord row) {
                s.transaction(line, row);
            }

            @Override
            public void response(long line, io.klarsyn.api.model.SurveyResponseRecord row) {
                s.response(line, row);
            }

            @Override
            public void reject(long line, String column, String reason) {
                s.reject(line, column, reason);
            }

            @Override
            public boolean cancelled() {
                return s.cancelled();
            }
        };
    }

    record Outcome(ColumnarLedger ledger, Map<String, FileQuality> files) {
    }

    static Outcome ingest(LaneConnector c, LocalDate asOf) throws IOException {
        Ingestion in = new Ingestion(asOf, ProgressListener.NONE, () -> false);
        for (DataKind k : c.available(null)) {
            in.start(k);
            c.read(k, null, in);
            if (in.secondPassNeeded()) {
                in.restart();
                c.read(k, null, in);
            }
        }
        Map<String, FileQuality> files = new LinkedHashMap<>();
        in.quality().forEach(q -> files.put(q.file(), q));
        return new Outcome(in.buildLedger(), files);
    }

    private static final String[] ID_KINDS = {"K", "customer-number-with-a-long-prefix-", "Kunde-ø", "客户", ""};
    private static final String[] SEGMENTS = {"Retail", "SMB", "Enterprise", "Privé", "Öffentlich", " \t", "\n",
            "Retail ", "smb"};
    private static final String[] PLANS = {"basic", "plus", "pro", "ultimate", "2", "3.5"};

    /** Random customer rows; the cost column has many distinct numbers (numeric mode), then a text. */
    static List<Row> rows(Random rnd, int n, boolean costTurnsToText) {
        List<Row> rows = new ArrayList<>();
        LocalDate start = LocalDate.of(2023, 1, 1);
        List<Row> accepted = new ArrayList<>();
        long line = 2;
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(100);
            if (kind < 3) {
                rows.add(new Row(line++, null, 0, 0, Map.of(), rnd.nextBoolean() ? "acquired_on" : null,
                        kind == 0 ? "unparseable date '" + i + "'" : kind == 1 ? "missing customer_id"
                                : "wrong number of fields: 3, expected 8"));
                continue;
            }
            if (kind < 8 && !accepted.isEmpty()) {
                // an exact repeat of an earlier row
                Row r = accepted.get(rnd.nextInt(accepted.size()));
                rows.add(new Row(line++, r.id(), r.acquired(), r.churned(), r.attributes(), null, null));
                continue;
            }
            String id;
            if (kind < 12 && !accepted.isEmpty()) {
                id = accepted.get(rnd.nextInt(accepted.size())).id(); // the same id, other values below
            } else {
                id = ID_KINDS[i % ID_KINDS.length] + i;
            }
            int acquired = (int) start.plusDays(rnd.nextInt(700)).toEpochDay();
            int churned = rnd.nextInt(4) != 0 ? CustomerBatch.NO_DAY
                    : acquired + (rnd.nextInt(10) == 0 ? -3 : 1 + rnd.nextInt(400));
            Map<String, String> a = new HashMap<>();
            if (rnd.nextInt(10) != 0) {
                a.put("segment", SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
            }
            if (rnd.nextInt(6) != 0) {
                a.put("plan", PLANS[rnd.nextInt(PLANS.length)]);
            }
            if (rnd.nextInt(8) != 0) {
                String cost = rnd.nextInt(3) == 0 ? (rnd.nextInt(100_000) + "," + rnd.nextInt(10))
                        : Integer.toString(rnd.nextInt(1_000_000));
                if (rnd.nextInt(50) == 0) {
                    cost = "1 234,50";
                }
                if (costTurnsToText && i > n * 3 / 4 && rnd.nextInt(200) == 0) {
                    cost = rnd.nextBoolean() ? "n/a" : "unbekannt-ü";
                }
                a.put("cost", cost);
            }
            if (rnd.nextInt(5) != 0) {
                // numbers first, then texts: a small column that turns from numbers to text
                a.put("code", i < n / 3 ? Integer.toString(rnd.nextInt(50)) : "C" + rnd.nextInt(40) + (i % 97 == 0 ? "é" : ""));
            }
            Row r = new Row(line++, id, acquired, churned, Collections.unmodifiableMap(a), null, null);
            rows.add(r);
            accepted.add(r);
        }
        return rows;
    }

    static List<TransactionRecord> transactions(List<Row> rows, Random rnd) {
        List<TransactionRecord> out = new ArrayList<>();
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 2_000; i++) {
            Row r = rows.get(rnd.nextInt(rows.size()));
            if (r.id() != null) {
                out.add(new TransactionRecord(r.id(), day.plusDays(i / 10), 10 + rnd.nextInt(90), Double.NaN, null));
            }
        }
        return out;
    }

    static void assertSame(Outcome a, Outcome b) {
        assertThat(b.files()).isEqualTo(a.files());
        CustomerLedger x = a.ledger();
        CustomerLedger y = b.ledger();
        assertThat(y.size()).isEqualTo(x.size());
        assertThat(y.contractual()).isEqualTo(x.contractual());
        assertThat(y.attributeNames()).isEqualTo(x.attributeNames());
        for (int i = 0; i < x.size(); i++) {
            String id = x.customerId(i);
            assertThat(y.customerId(i)).isEqualTo(id);
            assertThat(y.indexOf(id)).isEqualTo(i);
            assertThat(y.acquiredOn(i)).as(id).isEqualTo(x.acquiredOn(i));
            assertThat(y.churnedOn(i)).as(id).isEqualTo(x.churnedOn(i));
            assertThat(y.transactions(i)).as(id).isEqualTo(x.transactions(i));
            assertThat(y.revenue(i)).as(id).isEqualTo(x.revenue(i));
        }
        for (String name : x.attributeNames()) {
            Attribute p = x.attribute(name);
            Attribute q = y.attribute(name);
            assertThat(q.numeric()).as(name).isEqualTo(p.numeric());
            assertThat(q.levels()).as(name).isEqualTo(p.levels());
            for (int i = 0; i < x.size(); i++) {
                assertThat(q.code(i)).as(name + " " + i).isEqualTo(p.code(i));
                assertThat(Double.valueOf(q.number(i))).as(name + " " + i).isEqualTo(Double.valueOf(p.number(i)));
            }
        }
    }

    @Test
    void batchesGiveTheSameLedgerAndFindingsAsRecords() throws IOException {
        LocalDate asOf = LocalDate.of(2024, 6, 30); // some customers are acquired after it
        for (boolean costTurnsToText : new boolean[] {false, true}) {
            Random rnd = new Random(costTurnsToText ? 7 : 8);
            List<Row> rows = rows(rnd, 9_000, costTurnsToText);
            List<TransactionRecord> transactions = transactions(rows, rnd);
            for (boolean reportBlanks : new boolean[] {false, true}) {
                Outcome reference = ingest(new LaneConnector(rows, transactions, Lane.RECORDS, 1, reportBlanks), asOf);
                FileQuality q = reference.files().get("customers.csv");
                assertThat(q.read()).isEqualTo(rows.size());
                assertThat(q.rejectedByReason()).containsKeys("duplicate-row", "duplicate-id",
                        "churn-before-acquisition", "unparseable-date", "missing-customer-id");
                assertThat(q.afterPeriod()).isPositive();
                assertThat(reference.files().get("transactions.csv").warningsByReason()).containsKey("before-acquisition");
                Attribute cost = reference.ledger().attribute("cost");
                assertThat(cost.numeric()).isEqualTo(!costTurnsToText);
                assertThat(cost.levels().size()).isGreaterThan(DictionaryAttribute.NUMERIC_SWITCH);
                assertThat(reference.ledger().attribute("code").numeric()).isFalse();
                assertThat(reference.ledger().attribute("segment").levels()).contains("Privé", "Retail", "smb");
                for (int size : new int[] {1, 3, 4096}) {
                    assertSame(reference, ingest(new LaneConnector(rows, transactions, Lane.BATCHES, size, reportBlanks),
                            asOf));
                }
                assertSame(reference, ingest(new LaneConnector(rows, transactions, Lane.MIXED, 3, reportBlanks), asOf));
                assertSame(reference, ingest(new LaneConnector(rows, transactions, Lane.DEFAULT_REPLAY, 64, reportBlanks),
                        asOf));
            }
        }
    }

    @Test
    void asciiBytesFindTheirLevelsAndNumbersLikeTheirText() {
        Random rnd = new Random(1);
        DictionaryAttribute.Builder text = new DictionaryAttribute.Builder("x");
        DictionaryAttribute.Builder bytes = new DictionaryAttribute.Builder("x");
        String[] values = {"", " ", "\u000b", "\u001c", "a", "A", "-", "-1", "1,5", "1.5", "1 234,5", "1e3", ".5", "5.",
                "007", "12345678901234567", "x y"};
        for (int row = 0; row < 20_000; row++) {
            String v = row < 10_000 && rnd.nextInt(3) > 0 ? Integer.toString(rnd.nextInt(50_000))
                    : values[rnd.nextInt(values.length)];
            byte[] b = ("#" + v).getBytes(StandardCharsets.US_ASCII);
            text.set(row, v);
            bytes.setAscii(row, b, 1, b.length - 1, Hash64.ofAscii(b, 1, b.length - 1));
            assertThat(DictionaryAttribute.blankAscii(b, 1, b.length - 1)).as(v).isEqualTo(v.isBlank());
            assertThat(Double.valueOf(DictionaryAttribute.parseSimple(b, 1, b.length - 1))).as(v)
                    .isEqualTo(Double.valueOf(DictionaryAttribute.parseSimple(v)));
        }
        DictionaryAttribute p = text.build(20_000);
        DictionaryAttribute q = bytes.build(20_000);
        assertThat(q.numeric()).isEqualTo(p.numeric());
        assertThat(q.levels()).isEqualTo(p.levels());
        for (int i = 0; i < 20_000; i++) {
            assertThat(q.code(i)).isEqualTo(p.code(i));
            assertThat(Double.valueOf(q.number(i))).isEqualTo(Double.valueOf(p.number(i)));
        }
    }

    @Test
    void textsOfNonAsciiValuesAreKeptUpToTheLimit() {
        LedgerBuilder.Utf8Texts t = new LedgerBuilder.Utf8Texts();
        int n = LedgerBuilder.Utf8Texts.LIMIT + 100;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                String text = "Trøndelag-" + i;
                byte[] b = ("##" + text).getBytes(StandardCharsets.UTF_8);
                long key = Hash64.ofAscii(b, 2, b.length - 2);
                int e = t.find(b, 2, b.length - 2, key);
                if (round == 0) {
                    assertThat(e).isEqualTo(-1);
                    t.add(b, 2, b.length - 2, key, text, Hash64.of(text));
                } else if (i < LedgerBuilder.Utf8Texts.LIMIT) {
                    assertThat(t.texts[e]).isEqualTo(text);
                    assertThat(t.hashes[e]).isEqualTo(Hash64.of(text));
                } else {
                    assertThat(e).isEqualTo(-1);
                }
            }
        }
    }
}
