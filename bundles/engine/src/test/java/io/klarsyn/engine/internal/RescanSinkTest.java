package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.engine.internal.BatchLaneTest.Lane;
import io.klarsyn.engine.internal.BatchLaneTest.LaneConnector;
import io.klarsyn.engine.internal.BatchLaneTest.Row;

/**
 * The rescan behind {@link io.klarsyn.api.metric.MetricContext#rescanTransactions}: the batch lane
 * and the row lane visit the same rows, exactly those the ledger counted, and a visitor's
 * {@link TransactionVisitor#wants} keeps the other customers' rows out (and out of the duplicate
 * detection) without changing the wanted customers' visits.
 */
class RescanSinkTest {

    private static final LocalDate AS_OF = LocalDate.of(2024, 3, 31);

    record Visit(int customer, int day, double amount) {
    }

    /** Collects visits; wants the customers {@code wanted} accepts. */
    static final class Collector implements TransactionVisitor {
        final IntPredicate wanted;
        final List<Visit> visits = new ArrayList<>();
        final List<Integer> asked = new ArrayList<>();

        Collector(IntPredicate wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean wants(int customer) {
            asked.add(customer);
            return wanted.test(customer);
        }

        @Override
        public void visit(int customer, int epochDay, double amount) {
            visits.add(new Visit(customer, epochDay, amount));
        }
    }

    /** Rescans the rows through {@code lane} over a ledger built from the same rows. */
    private static RescanSink rescan(ColumnarLedger ledger, List<CustomerRecord> customers, List<Row> rows, Lane lane,
            int batchSize, TransactionVisitor v) {
        RescanSink sink = new RescanSink(ledger, AS_OF, v, () -> false);
        new LaneConnector(customers, rows, lane, batchSize).read(DataKind.TRANSACTIONS, null, sink);
        sink.finish();
        return sink;
    }

    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    private static Row tx(long line, String id, String day, double amount, double quantity, String order) {
        return new Row(line, id, day(day), amount, quantity, order, null, null);
    }

    private static Row reject(long line) {
        return new Row(line, null, 0, 0, 0, null, "date", "unparseable date '31.02.2024'");
    }

    @Test
    void batchesAndRecordsVisitTheRowsTheLedgerCounted() throws IOException {
        List<CustomerRecord> customers = List.of(
                new CustomerRecord("A1", LocalDate.of(2023, 1, 1), null, Map.of()),
                new CustomerRecord("B2", LocalDate.of(2023, 1, 1), null, Map.of()),
                new CustomerRecord("Kunde-ø3", LocalDate.of(2023, 1, 1), null, Map.of()),
                new CustomerRecord("客户4", LocalDate.of(2023, 1, 1), null, Map.of()),
                new CustomerRecord("customer-number-with-a-long-prefix-5", LocalDate.of(2023, 1, 1), null, Map.of()));
        List<Row> rows = List.of(
                tx(2, "A1", "2024-01-05", 100, 1, "o1"),
                tx(3, "A1", "2024-01-05", 100, 1, "o1"),          // exact duplicate: left out
                reject(4),                                        // a reject inside a batch
                tx(5, "B2", "2024-01-06", 40, Double.NaN, null),
                tx(6, "Z9", "2024-01-06", 77, 1, null),           // unknown customer
                tx(7, "Kunde-ø3", "2024-01-07", 30, 2, "o2"),     // non-ASCII id
                tx(8, "B2", "2024-01-08", -15, Double.NaN, null), // refund: kept
                tx(9, "A1", "2024-04-01", 60, 1, null),           // after the as-of day
                tx(10, "客户4", "2024-02-01", 12.5, 1, null),
                reject(11),
                tx(12, "Kunde-ø3", "2024-01-07", 30, 2, "o2"),    // duplicate of a non-ASCII row
                tx(13, "B2", "2024-01-08", -15, 2, null),         // differs in quantity: not a duplicate
                tx(14, "customer-number-with-a-long-prefix-5", "2024-03-31", 5, 1, "o3"),
                tx(15, "B2", "2024-02-10", Double.POSITIVE_INFINITY, 1, null), // not finite
                tx(16, "customer-number-with-a-long-prefix-5", "2024-03-31", 5, 1, "o3"), // duplicate
                tx(17, "A1", "2024-01-05", 100, 1, "o2"));        // other order: not a duplicate
        ColumnarLedger ledger = BatchLaneTest.ingest(new LaneConnector(customers, rows, Lane.RECORDS, 1), AS_OF).ledger();
        int a = ledger.indexOf("A1");
        int b = ledger.indexOf("B2");
        int o = ledger.indexOf("Kunde-ø3");
        int k = ledger.indexOf("客户4");
        int l = ledger.indexOf("customer-number-with-a-long-prefix-5");
        List<Visit> expected = List.of(
                new Visit(a, day("2024-01-05"), 100),
                new Visit(b, day("2024-01-06"), 40),
                new Visit(o, day("2024-01-07"), 30),
                new Visit(b, day("2024-01-08"), -15),
                new Visit(k, day("2024-02-01"), 12.5),
                new Visit(b, day("2024-01-08"), -15),
                new Visit(l, day("2024-03-31"), 5),
                new Visit(a, day("2024-01-05"), 100));
        Collector records = new Collector(c -> true);
        rescan(ledger, customers, rows, Lane.RECORDS, 1, records);
        assertThat(records.visits).containsExactlyElementsOf(expected);
        for (int size : new int[] {1, 3, 4096}) {
            Collector batches = new Collector(c -> true);
            rescan(ledger, customers, rows, Lane.BATCHES, size, batches);
            assertThat(batches.visits).as("batch size %d", size).containsExactlyElementsOf(expected);
        }
        Collector mixed = new Collector(c -> true);
        rescan(ledger, customers, rows, Lane.MIXED, 4, mixed);
        assertThat(mixed.visits).containsExactlyElementsOf(expected);
        // and the ledger counted the same rows
        for (int c = 0; c < ledger.size(); c++) {
            int cc = c;
            assertThat(expected.stream().filter(v -> v.customer() == cc).count()).isEqualTo(ledger.transactions(c));
        }
    }

    @Test
    void unwantedCustomersAreNeverVisitedNorHashed() throws IOException {
        List<CustomerRecord> customers = List.of(
                new CustomerRecord("A1", LocalDate.of(2023, 1, 1), null, Map.of()),
                new CustomerRecord("Kunde-ø2", LocalDate.of(2023, 1, 1), null, Map.of()),
                new CustomerRecord("C3", LocalDate.of(2023, 1, 1), null, Map.of()));
        List<Row> rows = List.of(
                tx(2, "A1", "2024-01-05", 10, 1, null),
                tx(3, "Kunde-ø2", "2024-01-05", 20, 1, null),
                tx(4, "C3", "2024-01-05", 30, 1, null),
                reject(5),
                tx(6, "A1", "2024-01-05", 10, 1, null),           // duplicate
                tx(7, "Kunde-ø2", "2024-01-05", 20, 1, null),     // duplicate
                tx(8, "C3", "2024-02-05", -5, 1, null),
                tx(9, "Z9", "2024-02-05", 5, 1, null),            // unknown: never asked about
                tx(10, "A1", "2024-05-05", 5, 1, null));          // after the as-of day: never asked about
        ColumnarLedger ledger = BatchLaneTest.ingest(new LaneConnector(customers, rows, Lane.RECORDS, 1), AS_OF).ledger();
        int a = ledger.indexOf("A1");
        int o = ledger.indexOf("Kunde-ø2");
        int c3 = ledger.indexOf("C3");
        for (Lane lane : Lane.values()) {
            Collector onlyC = new Collector(c -> c == c3);
            RescanSink sink = rescan(ledger, customers, rows, lane, 4, onlyC);
            assertThat(onlyC.visits).as(lane.name()).containsExactly(
                    new Visit(c3, day("2024-01-05"), 30), new Visit(c3, day("2024-02-05"), -5));
            assertThat(sink.hashed()).as(lane.name()).isEqualTo(2);
            assertThat(onlyC.asked).as(lane.name()).containsExactly(a, o, c3, a, o, c3);

            Collector notC = new Collector(c -> c != c3);
            sink = rescan(ledger, customers, rows, lane, 4, notC);
            assertThat(notC.visits).as(lane.name()).containsExactly(
                    new Visit(a, day("2024-01-05"), 10), new Visit(o, day("2024-01-05"), 20));
            assertThat(sink.hashed()).as(lane.name()).isEqualTo(2);

            Collector none = new Collector(c -> false);
            sink = rescan(ledger, customers, rows, lane, 4, none);
            assertThat(none.visits).as(lane.name()).isEmpty();
            assertThat(sink.hashed()).as(lane.name()).isZero();
        }
    }

    private static final String[] ID_KINDS = {"K", "customer-number-with-a-long-prefix-", "Kunde-ø", "客户", ""};

    /** Random rows of {@code customers} customers (and a few unknown): duplicates, rejects, refunds, non-finite amounts, rows after the as-of day. */
    private static List<Row> randomRows(Random rnd, int n, int customers) {
        List<Row> rows = new ArrayList<>();
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(100);
            if (kind < 3) {
                rows.add(new Row(0, null, 0, 0, 0, null, null, "too few columns"));
                continue;
            }
            int c = rnd.nextInt(customers + 10);
            String id = ID_KINDS[c % ID_KINDS.length] + c;
            int day = (int) start.plusDays(rnd.nextInt(120)).toEpochDay();
            double amount = kind < 6 ? -rnd.nextInt(50) : kind == 6 ? Double.NaN : rnd.nextInt(500) / 4.0;
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

    @Test
    void randomRowsVisitTheSameInEveryLaneAndWantsOnlyFilters() throws IOException {
        Random rnd = new Random(17);
        List<Row> random = randomRows(rnd, 5_000, 200);
        List<Row> byDay = new ArrayList<>(random);
        byDay.sort(Comparator.comparingInt(Row::day));
        List<CustomerRecord> known = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            known.add(new CustomerRecord(ID_KINDS[i % ID_KINDS.length] + i, LocalDate.of(2023, 6, 1), null, Map.of()));
        }
        for (List<Row> order : List.of(byDay, random)) {
            List<Row> rows = new ArrayList<>();
            long line = 2;
            for (Row r : order) {
                rows.add(new Row(line++, r.id(), r.day(), r.amount(), r.quantity(), r.orderId(), r.rejectColumn(),
                        r.rejectReason()));
            }
            for (List<CustomerRecord> customers : Arrays.asList(null, known)) {
                ColumnarLedger ledger = BatchLaneTest.ingest(new LaneConnector(customers, rows, Lane.RECORDS, 1), AS_OF)
                        .ledger();
                Collector reference = new Collector(c -> true);
                rescan(ledger, customers, rows, Lane.RECORDS, 1, reference);
                // the rescan passes exactly what the ledger counted
                long[] count = new long[ledger.size()];
                double[] revenue = new double[ledger.size()];
                for (Visit v : reference.visits) {
                    count[v.customer()]++;
                    revenue[v.customer()] += v.amount();
                }
                for (int c = 0; c < ledger.size(); c++) {
                    assertThat(count[c]).as(ledger.customerId(c)).isEqualTo(ledger.transactions(c));
                    assertThat(revenue[c]).as(ledger.customerId(c)).isEqualTo(ledger.revenue(c));
                }
                for (int size : new int[] {1, 7, 4096}) {
                    Collector batches = new Collector(c -> true);
                    rescan(ledger, customers, rows, Lane.BATCHES, size, batches);
                    assertThat(batches.visits).containsExactlyElementsOf(reference.visits);
                }
                IntPredicate third = c -> c % 3 == 0;
                List<Visit> wanted = reference.visits.stream().filter(v -> third.test(v.customer())).toList();
                for (Lane lane : Lane.values()) {
                    Collector some = new Collector(third);
                    RescanSink sink = rescan(ledger, customers, rows, lane, 64, some);
                    assertThat(some.visits).as(lane.name()).containsExactlyElementsOf(wanted);
                    assertThat(sink.hashed()).as(lane.name()).isEqualTo(wanted.size());
                }
            }
        }
    }
}
