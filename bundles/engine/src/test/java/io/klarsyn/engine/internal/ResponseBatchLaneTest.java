package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.settings.JobSettings;

/**
 * The response batch lane ({@link IngestSink#responses(ResponseBatch)}) against the row-by-row
 * lane: the same response rows give the same survey table (days, respondents, scores, every
 * driver's ratings, touchpoints) and the same data-quality counts, findings (line for line) and
 * completeness, whatever the batch size: with rejects, exact duplicates, out-of-range scores,
 * unknown and anonymous respondents, non-ASCII and long ids, blank scores, ratings, touchpoints and
 * comments, rows after the period, a driver the batch has but the header lacks and one the header
 * names but the batch lacks.
 */
class ResponseBatchLaneTest {

    private static final int MISSING = SurveyResponseRecord.MISSING;

    /** A response row or a reject. */
    record Row(long line, String id, int day, int nps, int csat, int ces, Map<String, Double> drivers,
            String touchpoint, String comment, String rejectColumn, String rejectReason) {
    }

    enum Lane {
        RECORDS, BATCHES, MIXED, DEFAULT_REPLAY
    }

    static final List<String> HEADER = List.of("date", "customer_id", "nps", "csat", "ces", "driver.trust",
            "driver.ease", "driver.speed", "touchpoint", "comment", "region");
    /** The batch's drivers: another order than the header's, price not in it, speed never rated. */
    static final List<String> DRIVERS = List.of("ease", "price", "trust");

    @Plugin(id = "lanes", title = "Lanes")
    static final class LaneConnector implements DataConnector {
        final List<CustomerRecord> customers;
        final List<Row> rows;
        final Lane lane;
        final int batchSize;
        final boolean reportBlanks;

        LaneConnector(List<CustomerRecord> customers, List<Row> rows, Lane lane, int batchSize, boolean reportBlanks) {
            this.customers = customers;
            this.rows = rows;
            this.lane = lane;
            this.batchSize = batchSize;
            this.reportBlanks = reportBlanks;
        }

        @Override
        public Set<DataKind> available(JobSettings settings) {
            return EnumSet.of(DataKind.CUSTOMERS, DataKind.RESPONSES);
        }

        @Override
        public void read(DataKind kind, JobSettings settings, IngestSink sink) {
            if (kind == DataKind.CUSTOMERS) {
                sink.begin("customers.csv", List.of("customer_id", "acquired_on"), "");
                long line = 2;
                for (CustomerRecord c : customers) {
                    sink.customer(line++, c);
                }
                return;
            }
            sink.begin("responses.csv", HEADER, "");
            IngestSink target = lane == Lane.DEFAULT_REPLAY ? CustomerBatchLaneTest.replaying(sink) : sink;
            ResponseBatch b = new ResponseBatch(DRIVERS, batchSize);
            int i = 0;
            for (Row r : rows) {
                if (reportBlanks && r.rejectReason() == null) {
                    reportBlanks(r, sink);
                }
                boolean batch = lane != Lane.RECORDS && (lane != Lane.MIXED || (i++ / 5) % 2 == 0);
                if (!batch) {
                    if (b.size() > 0) {
                        BatchSink.of(target).responses(b);
                        b.clear();
                    }
                    if (r.rejectReason() != null) {
                        sink.reject(r.line(), r.rejectColumn(), r.rejectReason());
                    } else {
                        sink.response(r.line(), new SurveyResponseRecord(LocalDate.ofEpochDay(r.day()), r.id(),
                                r.nps(), r.csat(), r.ces(), r.drivers(), r.touchpoint(), r.comment()));
                    }
                    continue;
                }
                if (b.full()) {
                    BatchSink.of(target).responses(b);
                    b.clear();
                }
                if (r.rejectReason() != null) {
                    b.reject(r.line(), r.rejectColumn(), r.rejectReason());
                    continue;
                }
                if (r.id() == null || r.line() % 3 == 0) {
                    b.add(r.line(), r.id(), r.day(), r.nps(), r.csat(), r.ces(), r.touchpoint(), r.comment());
                } else {
                    // the id inside a larger array, as a CSV reader's buffer holds it
                    byte[] utf8 = ("xx" + r.id() + "yyy").getBytes(StandardCharsets.UTF_8);
                    b.add(r.line(), utf8, 2, utf8.length - 5, r.day(), r.nps(), r.csat(), r.ces(), r.touchpoint(),
                            r.comment());
                }
                for (int j = 0; j < DRIVERS.size(); j++) {
                    Double v = r.drivers().get(DRIVERS.get(j));
                    if (v != null || r.line() % 2 == 0) {
                        b.driver(j, v == null ? Double.NaN : v);
                    }
                }
            }
            if (b.size() > 0) {
                BatchSink.of(target).responses(b);
            }
        }

        /** The blanks of an accepted row, reported as a CSV connector reports them. */
        private static void reportBlanks(Row r, IngestSink sink) {
            if (r.id() == null) {
                sink.blank("customer_id");
            }
            if (r.nps() == MISSING) {
                sink.blank("nps");
            }
            if (r.csat() == MISSING) {
                sink.blank("csat");
            }
            if (r.ces() == MISSING) {
                sink.blank("ces");
            }
            for (String d : List.of("trust", "ease", "speed")) {
                if (!r.drivers().containsKey(d)) {
                    sink.blank("driver." + d);
                }
            }
            if (r.touchpoint() == null) {
                sink.blank("touchpoint");
            }
            if (r.comment() == null) {
                sink.blank("comment");
            }
        }
    }

    record Outcome(SurveyTable surveys, Map<String, FileQuality> files) {
    }

    static Outcome ingest(LaneConnector c, LocalDate asOf) throws IOException {
        Ingestion in = new Ingestion(asOf, ProgressListener.NONE, () -> false);
        for (DataKind k : c.available(null)) {
            in.start(k);
            c.read(k, null, in);
        }
        Map<String, FileQuality> files = new LinkedHashMap<>();
        in.quality().forEach(q -> files.put(q.file(), q));
        return new Outcome(in.buildSurveys(), files);
    }

    private static final String[] ID_KINDS = {"K", "customer-number-with-a-long-prefix-", "Kunde-ø", "客户"};
    private static final String[] TOUCHPOINTS = {"web", "store", "app", "Butikk-ø", " ", ""};
    /** Ids of only whitespace, ASCII and not (an em space): anonymous, not unknown customers. */
    private static final String[] BLANK_IDS = {" ", "\t ", " \u2003"};
    private static final String[] COMMENTS = {"ok", "Bra service", "  ", "", "très bien"};

    private static String id(int i) {
        return ID_KINDS[i % ID_KINDS.length] + i;
    }

    private static List<CustomerRecord> customers(int n) {
        List<CustomerRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CustomerRecord(id(i), LocalDate.of(2023, 1, 1).plusDays(i % 300), null, Map.of()));
        }
        return out;
    }

    private static int score(Random rnd, int min, int max) {
        int kind = rnd.nextInt(100);
        if (kind < 15) {
            return MISSING;
        }
        return kind < 18 ? (rnd.nextBoolean() ? min - 1 : max + 1) : min + rnd.nextInt(max - min + 1);
    }

    /** Random response rows of respondents among {@code customers + 20} ids (the last 20 unknown) or none. */
    static List<Row> rows(Random rnd, int n, int customers) {
        List<Row> rows = new ArrayList<>();
        int start = (int) LocalDate.of(2024, 1, 1).toEpochDay();
        long line = 2;
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(100);
            if (kind < 3) {
                rows.add(new Row(line++, null, 0, 0, 0, 0, Map.of(), null, null, kind == 0 ? null : "nps",
                        kind == 0 ? "wrong number of fields: 3, expected 11" : "unparseable number 'x" + i + "'"));
                continue;
            }
            if (kind < 8 && !rows.isEmpty()) {
                // an exact repeat of an earlier row (a reject repeated is a reject again)
                Row r = rows.get(rnd.nextInt(rows.size()));
                rows.add(new Row(line++, r.id(), r.day(), r.nps(), r.csat(), r.ces(), r.drivers(), r.touchpoint(),
                        r.comment(), r.rejectColumn(), r.rejectReason()));
                continue;
            }
            // anonymous: no id, an empty one or one of only whitespace (both lanes take them as none)
            int anonymous = rnd.nextInt(12);
            String id = anonymous == 0 ? null : anonymous == 1 ? "" : anonymous == 2 ? BLANK_IDS[rnd.nextInt(3)]
                    : id(rnd.nextInt(customers + 20));
            Map<String, Double> drivers = new HashMap<>();
            for (String d : DRIVERS) {
                if (rnd.nextInt(10) < 7) {
                    drivers.put(d, rnd.nextInt(10) + (rnd.nextInt(4) == 0 ? 0.5 : 1.0));
                }
            }
            int t = rnd.nextInt(TOUCHPOINTS.length + 2);
            int c = rnd.nextInt(COMMENTS.length + 3);
            String touchpoint = t < TOUCHPOINTS.length ? TOUCHPOINTS[t] : null;
            String comment = c < COMMENTS.length ? COMMENTS[c] + (c == 0 ? i % 7 : "") : null;
            rows.add(new Row(line++, id, start + rnd.nextInt(200), score(rnd, 0, 10), score(rnd, 1, 5),
                    score(rnd, 1, 7), Collections.unmodifiableMap(drivers), touchpoint, comment, null, null));
        }
        return rows;
    }

    static void assertSame(Outcome a, Outcome b) {
        assertThat(b.files()).isEqualTo(a.files());
        SurveyTable x = a.surveys();
        SurveyTable y = b.surveys();
        assertThat(y.size()).isEqualTo(x.size());
        assertThat(y.drivers()).isEqualTo(x.drivers());
        for (int i = 0; i < x.size(); i++) {
            assertThat(y.day(i)).as("day %d", i).isEqualTo(x.day(i));
            assertThat(y.customer(i)).as("customer %d", i).isEqualTo(x.customer(i));
            assertThat(y.nps(i)).as("nps %d", i).isEqualTo(x.nps(i));
            assertThat(y.csat(i)).as("csat %d", i).isEqualTo(x.csat(i));
            assertThat(y.ces(i)).as("ces %d", i).isEqualTo(x.ces(i));
            assertThat(y.touchpoint(i)).as("touchpoint %d", i).isEqualTo(x.touchpoint(i));
            for (int d = 0; d < x.drivers().size(); d++) {
                assertThat(Double.valueOf(y.driver(d, i))).as("driver %d of %d", d, i)
                        .isEqualTo(Double.valueOf(x.driver(d, i)));
            }
        }
    }

    @Test
    void batchesGiveTheSameSurveysAndFindingsAsRecords() throws IOException {
        LocalDate asOf = LocalDate.of(2024, 6, 15); // some responses come after it
        List<CustomerRecord> customers = customers(200);
        for (int n : new int[] {3_000, 12_000}) {
            Random rnd = new Random(n);
            List<Row> rows = rows(rnd, n, 200);
            for (boolean reportBlanks : new boolean[] {false, true}) {
                Outcome reference = ingest(new LaneConnector(customers, rows, Lane.RECORDS, 1, reportBlanks), asOf);
                FileQuality q = reference.files().get("responses.csv");
                assertThat(q.read()).isEqualTo(rows.size()).isEqualTo(q.accepted() + q.rejected());
                assertThat(q.rejectedByReason()).containsKeys("out-of-range", "duplicate-row", "unparseable-number",
                        "wrong-number-of-fields");
                assertThat(q.warningsByReason()).containsKey("unknown-customer");
                assertThat(q.afterPeriod()).isPositive();
                assertThat(q.completeness()).containsKeys("customer_id", "driver.speed", "touchpoint", "comment");
                assertThat(q.completeness().get("driver.speed")).isZero();
                if (n < 5_000) {
                    assertThat(q.findings()).hasSizeLessThan(FileQuality.MAX_FINDINGS);
                }
                assertThat(q.findings()).extracting(Finding::line).isSorted();
                SurveyTable s = reference.surveys();
                assertThat(s.drivers()).containsExactly("trust", "ease", "speed", "price");
                assertThat(s.size()).isGreaterThan(n / 2);
                for (int size : new int[] {1, 3, 4096}) {
                    assertSame(reference, ingest(new LaneConnector(customers, rows, Lane.BATCHES, size, reportBlanks),
                            asOf));
                }
                assertSame(reference, ingest(new LaneConnector(customers, rows, Lane.MIXED, 3, reportBlanks), asOf));
                assertSame(reference, ingest(new LaneConnector(customers, rows, Lane.DEFAULT_REPLAY, 64, reportBlanks),
                        asOf));
            }
        }
    }

    @Test
    void aBatchHoldsWhatItWasGiven() {
        ResponseBatch b = new ResponseBatch(List.of("trust", "ease"), 4);
        byte[] buffer = "..Kunde-ø7,".getBytes(StandardCharsets.UTF_8);
        b.add(2, buffer, 2, buffer.length - 3, 19_800, 9, MISSING, 6, "web", null);
        b.driver(1, 7.5);
        b.add(3, null, 0, 0, 19_801, MISSING, 4, MISSING, null, "ok");
        b.driver(0, Double.NaN);
        b.reject(4, "nps", "unparseable number 'x'");
        assertThatThrownBy(() -> b.driver(0, 1)).isInstanceOf(IllegalStateException.class);
        b.add(5, "", 19_802, 1, 1, 1, null, null);
        assertThat(b.full()).isTrue();
        assertThatThrownBy(() -> b.reject(6, null, "x")).isInstanceOf(IllegalStateException.class);
        assertThat(b.rejects()).isEqualTo(1);
        assertThat(b.record(0)).isEqualTo(new SurveyResponseRecord(LocalDate.ofEpochDay(19_800), "Kunde-ø7", 9,
                MISSING, 6, Map.of("ease", 7.5), "web", null));
        assertThat(b.record(1)).isEqualTo(new SurveyResponseRecord(LocalDate.ofEpochDay(19_801), null, MISSING, 4,
                MISSING, Map.of(), null, "ok"));
        assertThat(b.rejected(2)).isTrue();
        assertThat(b.customerIdLength(2)).isEqualTo(-1);
        assertThat(b.rejectColumn(2)).isEqualTo("nps");
        assertThatThrownBy(() -> b.record(2)).isInstanceOf(IllegalStateException.class);
        // an empty id is no id
        assertThat(b.customerIdLength(3)).isEqualTo(-1);
        assertThat(b.record(3).customerId()).isNull();
        assertThat(b.rejectReason(3)).isNull();
        b.clear();
        assertThat(b.size()).isZero();
        assertThat(b.rejects()).isZero();
        b.add(7, "K1", 19_803, 3, 3, 3, null, null);
        assertThat(b.touchpoint(0)).isNull();
        b.add(8, " \u2003", 19_803, 3, 3, 3, null, null);
        b.add(9, " K2 ".getBytes(StandardCharsets.UTF_8), 0, 4, 19_803, 3, 3, 3, null, null);
        assertThat(b.customerId(1)).as("an id of only whitespace is none").isNull();
        assertThat(b.customerId(2)).isEqualTo(" K2 ");
        assertThat(b.rating(0, 1)).isNaN();
        assertThatThrownBy(() -> new ResponseBatch(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
    }
}
