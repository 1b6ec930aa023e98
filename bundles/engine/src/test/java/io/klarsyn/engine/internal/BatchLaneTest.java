package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
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
import io.klarsyn.engine.ingest.TransactionBatch;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.settings.JobSettings;

/**
 * The batch lane ({@link IngestSink#transactions(TransactionBatch)}) against the row-by-row lane:
 * the same rows give the same ledger and the same data-quality counts and findings, line for
 * line, whatever the order of the rows, the batch size, and the kind of customer id.
 */
class BatchLaneTest {

    /** A transaction row or a reject, as a connector would pass it. */
    record Row(long line, String id, int day, double amount, double quantity, String orderId, String rejectColumn,
            String rejectReason) {
    }

    enum Lane {
        RECORDS, BATCHES, MIXED
    }

    /** Customers (optional) and transactions from memory, through the chosen lane. */
    @Plugin(id = "lanes", title = "Lanes")
    static final class LaneConnector implements DataConnector {
        final List<CustomerRecord> customers;
        final List<Row> rows;
        final Lane lane;
        final int batchSize;

        LaneConnector(List<CustomerRecord> customers, List<Row> rows, Lane lane, int batchSize) {
            this.customers = customers;
            this.rows = rows;
            this.lane = lane;
            this.batchSize = batchSize;
        }

        @Override
        public Set<DataKind> available(JobSettings settings) {
            return customers == null ? EnumSet.of(DataKind.TRANSACTIONS)
                    : EnumSet.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS);
        }

        @Override
        public void read(DataKind kind, JobSettings settings, IngestSink sink) {
            if (kind == DataKind.CUSTOMERS) {
                sink.begin("customers.csv", List.of("customer_id", "acquired_on", "churned_on"), "");
                long line = 2;
                for (CustomerRecord c : customers) {
                    sink.customer(line++, c);
                }
                return;
            }
            sink.begin("transactions.csv", List.of("customer_id", "date", "amount", "quantity", "order_id"), "");
            TransactionBatch b = new TransactionBatch(batchSize);
            int i = 0;
            for (Row r : rows) {
                boolean batch = lane == Lane.BATCHES || lane == Lane.MIXED && (i++ / 5) % 2 == 0;
                if (!batch) {
                    if (b.size() > 0) {
                        BatchSink.of(sink).transactions(b);
                        b.clear();
                    }
                    if (r.rejectReason() != null) {
                        sink.reject(r.line(), r.rejectColumn(), r.rejectReason());
                    } else {
                        sink.transaction(r.line(), new TransactionRecord(r.id(), LocalDate.ofEpochDay(r.day()),
                                r.amount(), r.quantity(), r.orderId()));
                    }
                    continue;
                }
                if (b.full()) {
                    BatchSink.of(sink).transactions(b);
                    b.clear();
                }
                if (r.rejectReason() != null) {
                    b.reject(r.line(), r.rejectColumn(), r.rejectReason());
                } else if (r.line() % 3 == 0) {
                    b.add(r.line(), r.id(), r.day(), r.amount(), r.quantity(), r.orderId());
                } else {
                    // the id somewhere inside a larger array, as a CSV reader's buffer holds it
                    byte[] utf8 = ("xx" + r.id() + "yyy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    b.add(r.line(), utf8, 2, utf8.length - 5, r.day(), r.amount(), r.quantity(), r.orderId());
                }
            }
            if (b.size() > 0) {
                BatchSink.of(sink).transactions(b);
            }
        }
    }

    record Outcome(ColumnarLedger ledger, Map<String, FileQuality> files, boolean unordered) {
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
        boolean unordered = in.ledger.unordered();
        return new Outcome(in.buildLedger(), files, unordered);
    }

    private static final String[] ID_KINDS = {"K", "customer-number-with-a-long-prefix-", "Kunde-ø", "客户", ""};

    private static String id(int i) {
        return ID_KINDS[i % ID_KINDS.length] + i;
    }

    /** Random rows of 300 customers: duplicates, rejects, unknown customers, refunds, non-finite amounts, rows after the period. */
    private static List<Row> rows(Random rnd, int n, int customers) {
        List<Row> rows = new ArrayList<>();
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(100);
            if (kind < 3) {
                rows.add(new Row(0, null, 0, 0, 0, null, rnd.nextBoolean() ? "date" : null,
                        "unparseable date '" + i + "'"));
                continue;
            }
            String id = id(rnd.nextInt(customers + 10));
            int day = (int) start.plusDays(rnd.nextInt(120)).toEpochDay();
            double amount = kind < 6 ? -rnd.nextInt(50) : kind == 6 ? Double.POSITIVE_INFINITY : rnd.nextInt(500) / 4.0;
            double quantity = rnd.nextInt(4) == 0 ? Double.NaN : rnd.nextInt(3);
            String order = rnd.nextInt(3) == 0 ? null : "o" + rnd.nextInt(5);
            Row r = new Row(0, id, day, amount, quantity, order, null, null);
            rows.add(r);
            if (rnd.nextInt(8) == 0) {
                rows.add(r);
            }
        }
        return rows;
    }

    private static List<Row> numbered(List<Row> rows) {
        List<Row> out = new ArrayList<>();
        long line = 2;
        for (Row r : rows) {
            out.add(new Row(line++, r.id(), r.day(), r.amount(), r.quantity(), r.orderId(), r.rejectColumn(),
                    r.rejectReason()));
        }
        return out;
    }

    private static List<CustomerRecord> customers(int n) {
        List<CustomerRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate acquired = LocalDate.of(2023, 12, 1).plusDays(i % 200);
            LocalDate churned = i % 7 == 0 ? acquired.plusDays(30 + i % 50) : null;
            out.add(new CustomerRecord(id(i), acquired, churned, Map.of()));
        }
        return out;
    }

    private static void assertSame(Outcome a, Outcome b) {
        assertThat(b.files()).isEqualTo(a.files());
        assertThat(b.unordered()).isEqualTo(a.unordered());
        CustomerLedger x = a.ledger();
        CustomerLedger y = b.ledger();
        assertThat(y.size()).isEqualTo(x.size());
        for (int i = 0; i < x.size(); i++) {
            String id = x.customerId(i);
            assertThat(y.customerId(i)).isEqualTo(id);
            assertThat(y.indexOf(id)).isEqualTo(i);
            assertThat(y.acquiredOn(i)).as(id).isEqualTo(x.acquiredOn(i));
            assertThat(y.churnedOn(i)).as(id).isEqualTo(x.churnedOn(i));
            assertThat(y.purchaseDays(i)).as(id).isEqualTo(x.purchaseDays(i));
            assertThat(y.transactions(i)).as(id).isEqualTo(x.transactions(i));
            assertThat(y.firstPurchase(i)).as(id).isEqualTo(x.firstPurchase(i));
            assertThat(y.lastPurchase(i)).as(id).isEqualTo(x.lastPurchase(i));
            assertThat(y.revenue(i)).as(id).isEqualTo(x.revenue(i));
            assertThat(y.firstOccasionRevenue(i)).as(id).isEqualTo(x.firstOccasionRevenue(i));
        }
        assertThat(y.firstMonth()).isEqualTo(x.firstMonth());
        for (YearMonth m = YearMonth.of(2023, 10); m.isBefore(YearMonth.of(2024, 7)); m = m.plusMonths(1)) {
            assertThat(y.revenueIn(m)).isEqualTo(x.revenueIn(m));
            assertThat(y.transactionsIn(m)).isEqualTo(x.transactionsIn(m));
        }
    }

    @Test
    void batchesGiveTheSameLedgerAndFindingsAsRecords() throws IOException {
        Random rnd = new Random(11);
        List<Row> random = rows(rnd, 6_000, 300);
        List<Row> byDay = new ArrayList<>(random);
        byDay.sort(Comparator.comparingInt(Row::day));
        List<Row> byCustomer = new ArrayList<>(random);
        byCustomer.sort(Comparator.comparing((Row r) -> r.id() == null ? "" : r.id()).thenComparingInt(Row::day));
        LocalDate asOf = LocalDate.of(2024, 3, 31);
        int orders = 0;
        for (List<Row> order : List.of(byDay, byCustomer, random)) {
            List<Row> rows = numbered(order);
            for (List<CustomerRecord> customers : java.util.Arrays.asList(null, customers(300))) {
                Outcome reference = ingest(new LaneConnector(customers, rows, Lane.RECORDS, 1), asOf);
                assertThat(reference.files().get("transactions.csv").read()).isEqualTo(rows.size());
                assertThat(reference.unordered()).isEqualTo(order == random);
                for (int size : new int[] {1, 7, 4096}) {
                    assertSame(reference, ingest(new LaneConnector(customers, rows, Lane.BATCHES, size), asOf));
                }
                assertSame(reference, ingest(new LaneConnector(customers, rows, Lane.MIXED, 3), asOf));
                orders++;
            }
        }
        assertThat(orders).isEqualTo(6);
    }

    @Test
    void aLateRowOutOfOrderReadsTheInputAgainWithTheSameResult() throws IOException {
        Random rnd = new Random(5);
        List<Row> rows = rows(rnd, 3_000, 100);
        rows.sort(Comparator.comparingInt(Row::day));
        // one row near the end moved back in time, and a duplicate of an early row after it
        Row early = rows.stream().filter(r -> r.id() != null).findFirst().orElseThrow();
        Row late = rows.get(rows.size() - 10);
        rows.add(rows.size() - 5, new Row(0, late.id(), late.day() - 40, 12.5, Double.NaN, null, null, null));
        rows.add(early);
        List<Row> numbered = numbered(rows);
        LocalDate asOf = LocalDate.of(2024, 6, 30);
        Outcome records = ingest(new LaneConnector(null, numbered, Lane.RECORDS, 1), asOf);
        Outcome batches = ingest(new LaneConnector(null, numbered, Lane.BATCHES, 64), asOf);
        assertThat(records.unordered()).isTrue();
        assertSame(records, batches);
        // the duplicate of the early row is found although it comes after the switch
        assertThat(records.files().get("transactions.csv").findings()).anySatisfy(f -> {
            assertThat(f.line()).isEqualTo(numbered.size() + 1);
            assertThat(f.reason()).isEqualTo("duplicate-row");
        });
        // and every row is counted once
        FileQuality q = records.files().get("transactions.csv");
        assertThat(q.read()).isEqualTo(numbered.size()).isEqualTo(q.accepted() + q.rejected());
    }

    @Test
    void idBytesPackLikeTheirText() {
        Random rnd = new Random(3);
        long[] a = new long[4];
        long[] b = new long[4];
        for (int i = 0; i < 20_000; i++) {
            int len = rnd.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append((char) (rnd.nextInt(4) == 0 ? 0x20 + rnd.nextInt(0x60) : 0x20 + rnd.nextInt(0xE0)));
            }
            String s = sb.toString();
            byte[] utf8 = ("@@" + s + "@").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            boolean ascii = s.chars().allMatch(ch -> ch < 0x80);
            assertThat(IdIndex.pack(utf8, 2, utf8.length - 3, b, 0)).as(s).isEqualTo(ascii);
            if (ascii) {
                IdIndex.pack(s, a, 0);
                assertThat(b).as(s).containsExactly(a);
                byte[] exact = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(IdIndex.pack(exact, 0, exact.length, b, 0)).isTrue();
                assertThat(b).as(s).containsExactly(a);
                assertThat(Hash64.ofAscii(exact, 0, exact.length)).isEqualTo(Hash64.of(s));
            }
        }
    }

    @Test
    void monthsOfDaysAreTheCalendars() {
        MonthOfDay m = new MonthOfDay();
        for (LocalDate d = LocalDate.of(1890, 1, 1); d.isBefore(LocalDate.of(2110, 1, 1)); d = d.plusDays(1)) {
            int expected = d.getYear() * 12 + d.getMonthValue() - 1;
            assertThat(MonthOfDay.compute(d.toEpochDay())).isEqualTo(expected);
            assertThat(m.of((int) d.toEpochDay())).isEqualTo(expected);
        }
        assertThat(MonthOfDay.compute(LocalDate.of(-400, 3, 1).toEpochDay())).isEqualTo(-400 * 12 + 2);
    }
}
