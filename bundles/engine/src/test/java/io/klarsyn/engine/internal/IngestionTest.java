package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.api.run.ProgressListener;

/** Ingestion: as-of cut, semantic checks with line numbers, purchase occasions. All numbers derived by hand. */
class IngestionTest {

    /**
     * {@code dq.duplicateRows = reject}: these tests check the duplicate and occasion detection,
     * which rejects identical rows only with that setting (by default they are kept with a warning,
     * see DataQualityRulesTest).
     */
    static final IngestRules REJECT_DUPLICATES = new IngestRules(IngestRules.DEFAULT_MAX_AMOUNT, true,
            Integer.MAX_VALUE);

    private static final int MISSING = SurveyResponseRecord.MISSING;

    record Ingested(ColumnarLedger ledger, SurveyTable surveys, Map<String, FileQuality> files) {
    }

    static Ingested ingest(FakeConnector c, String period) throws IOException {
        Ingestion in = new Ingestion(YearMonth.parse(period).atEndOfMonth(), ProgressListener.NONE, () -> false,
                REJECT_DUPLICATES);
        ResolvedSettings settings = ResolvedSettings.of(Map.of());
        for (DataKind k : DataKind.values()) {
            if (c.available(settings).contains(k)) {
                in.start(k);
                c.read(k, settings, in);
                if (in.secondPassNeeded()) {
                    in.restart();
                    c.read(k, settings, in);
                }
            }
        }
        Map<String, FileQuality> files = new LinkedHashMap<>();
        in.quality().forEach(q -> files.put(q.file(), q));
        return new Ingested(in.buildLedger(), in.buildSurveys(), files);
    }

    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    @Test
    void asOfCutLeavesLaterRowsOutButCountsThem() throws IOException {
        FakeConnector c = new FakeConnector()
                .customer("c1", "2024-01-10", "2024-07-01", Map.of())
                .customer("c2", "2024-06-02")
                .customer("c3", "2024-02-01", "2024-04-15", Map.of())
                .tx("c1", "2024-05-31", 100)
                .tx("c1", "2024-06-01", 50)
                .tx("c2", "2024-05-20", 30)
                .tx("c3", "2024-03-01", 20);
        Ingested r = ingest(c, "2024-05");
        CustomerLedger l = r.ledger();

        // c2 is acquired after 31 May: not a customer yet; c1's churn on 1 July is not known on 31 May.
        assertThat(l.size()).isEqualTo(2);
        assertThat(l.indexOf("c2")).isEqualTo(-1);
        int c1 = l.indexOf("c1");
        int c3 = l.indexOf("c3");
        assertThat(l.churnedOn(c1)).isEqualTo(CustomerLedger.NO_DAY);
        assertThat(l.churnedOn(c3)).isEqualTo(day("2024-04-15"));
        assertThat(l.contractual()).isTrue();
        assertThat(l.revenue(c1)).isEqualTo(100.0);
        assertThat(l.transactions(c1)).isEqualTo(1);
        assertThat(l.lastPurchase(c1)).isEqualTo(day("2024-05-31"));
        assertThat(l.revenueIn(YearMonth.of(2024, 5))).isEqualTo(100.0);
        assertThat(l.revenueIn(YearMonth.of(2024, 6))).isEqualTo(0.0);
        assertThat(l.transactionsIn(YearMonth.of(2024, 3))).isEqualTo(1);
        assertThat(l.firstMonth()).isEqualTo(YearMonth.of(2024, 1));

        FileQuality customers = r.files().get("customers.csv");
        assertThat(customers.read()).isEqualTo(3);
        assertThat(customers.accepted()).isEqualTo(3);
        assertThat(customers.afterPeriod()).isEqualTo(1);
        FileQuality tx = r.files().get("transactions.csv");
        // 1 June is after the period; c2's 20 May row belongs to a customer acquired later.
        assertThat(tx.read()).isEqualTo(4);
        assertThat(tx.accepted()).isEqualTo(4);
        assertThat(tx.rejected()).isZero();
        assertThat(tx.afterPeriod()).isEqualTo(2);
        assertThat(tx.latest()).isEqualTo(LocalDate.of(2024, 6, 1));
        assertThat(tx.freshnessDays()).isEqualTo(-1);
        // the fake's transactions have no quantity / order_id columns: not part of completeness
        assertThat(tx.completeness()).containsOnlyKeys("customer_id", "date", "amount");
        // two of three customers have churned_on (c1's is after the cut but present in the file)
        assertThat(customers.completeness().get("churned_on")).isCloseTo(2.0 / 3.0, within(1e-12));
    }

    @Test
    void everyReasonIsCountedWithItsLine() throws IOException {
        FakeConnector c = new FakeConnector()
                .customer("A", "2024-01-01")                           // line 2
                .customer("B", "2024-01-01", "2024-03-01", Map.of())   // line 3
                .customer("A", "2024-01-01")                           // line 4 duplicate-row
                .customer("A", "2024-02-01")                           // line 5 duplicate-id
                .reject(DataKind.CUSTOMERS, "acquired_on", "unparseable date '31.02.2024'") // line 6
                .tx("A", "2024-01-05", 10)                             // line 2
                .tx("X", "2024-01-05", 10)                             // line 3 unknown-customer
                .tx("A", "2024-01-05", 10)                             // line 4 duplicate-row
                .tx("A", "2024-01-06", -5)                             // line 5 refund (kept)
                .tx("B", "2024-03-10", 7)                              // line 6 after-churn (kept)
                .tx("B", "2023-12-01", 3)                              // line 7 before-acquisition (kept)
                .response("A", "2024-04-01", 11, MISSING, MISSING, Map.of())   // line 2 nps out of range
                .response(null, "2024-04-01", 9, 6, MISSING, Map.of())         // line 3 csat out of range
                .response(null, "2024-04-01", MISSING, MISSING, 8, Map.of())   // line 4 ces out of range
                .response("A", "2024-04-02", 9, 5, 7, Map.of("trust", 8.0))    // line 5 ok
                .response("A", "2024-04-02", 9, 5, 7, Map.of("trust", 8.0))    // line 6 duplicate-row
                .response("Z", "2024-04-03", 3, 2, 2, Map.of());               // line 7 unknown respondent (kept)
        Ingested r = ingest(c, "2024-05");

        FileQuality cu = r.files().get("customers.csv");
        assertThat(cu.findings()).extracting(Finding::line, Finding::column, Finding::reason, Finding::rejected)
                .containsExactly(tuple(4L, null, "duplicate-row", true), tuple(5L, "customer_id", "duplicate-id", true),
                        tuple(6L, "acquired_on", "unparseable-date", true));
        assertThat(cu.findings().get(2).detail()).isEqualTo("unparseable date '31.02.2024'");
        assertThat(cu.read()).isEqualTo(5).isEqualTo(cu.accepted() + cu.rejected());
        assertThat(cu.rejectedByReason()).containsOnly(Map.entry("duplicate-row", 1L), Map.entry("duplicate-id", 1L),
                Map.entry("unparseable-date", 1L));
        // first row wins for A
        assertThat(r.ledger().acquiredOn(r.ledger().indexOf("A"))).isEqualTo(day("2024-01-01"));

        FileQuality tx = r.files().get("transactions.csv");
        assertThat(tx.findings()).extracting(Finding::line, Finding::reason, Finding::rejected).containsExactly(
                tuple(3L, "unknown-customer", true), tuple(4L, "duplicate-row", true), tuple(5L, "refund", false),
                tuple(6L, "after-churn", false), tuple(7L, "before-acquisition", false));
        assertThat(tx.read()).isEqualTo(6).isEqualTo(tx.accepted() + tx.rejected());
        assertThat(tx.rejected()).isEqualTo(2);
        assertThat(tx.warningsByReason()).containsOnly(Map.entry("refund", 1L), Map.entry("after-churn", 1L),
                Map.entry("before-acquisition", 1L));
        int a = r.ledger().indexOf("A");
        assertThat(r.ledger().revenue(a)).isEqualTo(10 - 5);

        FileQuality re = r.files().get("responses.csv");
        assertThat(re.findings()).extracting(Finding::line, Finding::column, Finding::reason, Finding::rejected)
                .containsExactly(tuple(2L, "nps", "out-of-range", true), tuple(3L, "csat", "out-of-range", true),
                        tuple(4L, "ces", "out-of-range", true), tuple(6L, null, "duplicate-row", true),
                        tuple(7L, "customer_id", "unknown-customer", false));
        assertThat(re.read()).isEqualTo(6).isEqualTo(re.accepted() + re.rejected());
        SurveyTable s = r.surveys();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.customer(0)).isEqualTo(a);
        assertThat(s.customer(1)).isEqualTo(-1);
        assertThat(s.drivers()).containsExactly("trust");
        assertThat(s.driver(0, 0)).isEqualTo(8.0);
        assertThat(s.driver(0, 1)).isNaN();
        assertThat(s.nps(1)).isEqualTo(3);
    }

    @Test
    void sameDayTransactionsAreOneOccasionEvenOutOfOrder() throws IOException {
        FakeConnector c = new FakeConnector()
                .tx("A", "2024-01-12", 10)   // 2 new day
                .tx("A", "2024-01-12", 5)    // 3 same day, other row
                .tx("A", "2024-01-10", 7)    // 4 out of order: an earlier new day, the new first occasion
                .tx("A", "2024-01-12", 5)    // 5 duplicate of line 3
                .tx("A", "2024-01-10", 3)    // 6 out of order, same day as line 4
                .tx("A", "2024-01-11", 4)    // 7 out of order, a day between: new occasion
                .tx("B", "2024-01-11", 1)    // 8
                .tx("A", "2024-01-12", 10);  // 9 duplicate of line 2
        Ingested r = ingest(c, "2024-01");
        CustomerLedger l = r.ledger();
        int a = l.indexOf("A");
        // A's days: 10, 11, 12 = 3 occasions; rows kept: lines 2, 3, 4, 6, 7
        assertThat(l.purchaseDays(a)).isEqualTo(3);
        assertThat(l.transactions(a)).isEqualTo(5);
        assertThat(l.revenue(a)).isEqualTo(10 + 5 + 7 + 3 + 4);
        assertThat(l.firstPurchase(a)).isEqualTo(day("2024-01-10"));
        assertThat(l.lastPurchase(a)).isEqualTo(day("2024-01-12"));
        assertThat(l.firstOccasionRevenue(a)).isEqualTo(7 + 3);
        // without customers.csv the relationship starts at the first purchase
        assertThat(l.acquiredOn(a)).isEqualTo(day("2024-01-10"));
        assertThat(l.contractual()).isFalse();
        assertThat(l.purchaseDays(l.indexOf("B"))).isEqualTo(1);
        assertThat(l.revenueIn(YearMonth.of(2024, 1))).isEqualTo(29 + 1);
        assertThat(l.transactionsIn(YearMonth.of(2024, 1))).isEqualTo(6);
        FileQuality tx = r.files().get("transactions.csv");
        assertThat(tx.findings()).extracting(Finding::line, Finding::reason).containsExactly(
                tuple(5L, "duplicate-row"), tuple(9L, "duplicate-row"));
    }

    /**
     * Issue 17 item 3: a return on its own day lowers revenue but is no purchase occasion; the
     * last purchase is the last day with a positive amount; a zero row is neither; a customer
     * with only returns has no purchase. Same answer in file order and out of order.
     */
    @Test
    void returnsAndZeroRowsAreNoPurchaseOccasions() throws IOException {
        String[][] rows = {
                {"A", "2024-01-05", "-4"},   // a return before the first purchase, on its day
                {"A", "2024-01-05", "30"},   // first purchase: day 5 holds 30 - 4 = 26
                {"A", "2024-01-09", "20"},   // second purchase
                {"A", "2024-01-20", "-20"},  // a return on its own day: revenue only
                {"A", "2024-01-25", "0"},    // zero: neither
                {"R", "2024-01-07", "-15"},  // only a return and a zero row: no buyer
                {"R", "2024-01-08", "0"},
                {"B", "2024-01-03", "-5"},   // a return on a day before B's first purchase
                {"B", "2024-01-10", "12"}};
        List<String[]> inOrder = new java.util.ArrayList<>(List.of(rows));
        inOrder.sort(java.util.Comparator.comparing((String[] r) -> r[1]));
        List<String[]> reversed = new java.util.ArrayList<>(inOrder);
        java.util.Collections.reverse(reversed);
        for (List<String[]> order : List.of(inOrder, reversed)) {
            FakeConnector c = new FakeConnector();
            order.forEach(r -> c.tx(r[0], r[1], Double.parseDouble(r[2])));
            CustomerLedger l = ingest(c, "2024-01").ledger();
            int a = l.indexOf("A");
            assertThat(l.purchaseDays(a)).isEqualTo(2);
            assertThat(l.transactions(a)).isEqualTo(5);
            assertThat(l.revenue(a)).isEqualTo(-4 + 30 + 20 - 20 + 0);
            assertThat(l.firstPurchase(a)).isEqualTo(day("2024-01-05"));
            assertThat(l.lastPurchase(a)).isEqualTo(day("2024-01-09"));
            assertThat(l.firstOccasionRevenue(a)).isEqualTo(26);
            int r = l.indexOf("R");
            assertThat(l.purchaseDays(r)).isZero();
            assertThat(l.firstPurchase(r)).isEqualTo(CustomerLedger.NO_DAY);
            assertThat(l.lastPurchase(r)).isEqualTo(CustomerLedger.NO_DAY);
            assertThat(l.firstOccasionRevenue(r)).isZero();
            assertThat(l.revenue(r)).isEqualTo(-15);
            // without customers.csv a customer starts at the first purchase (item 8): R, with only a return
            // and a zero row, never started
            assertThat(l.acquiredOn(a)).isEqualTo(day("2024-01-05"));
            assertThat(l.acquiredOn(r)).isEqualTo(CustomerLedger.NO_DAY);
            assertThat(l.acquiredOn(l.indexOf("B"))).isEqualTo(day("2024-01-10"));
            int b = l.indexOf("B");
            assertThat(l.purchaseDays(b)).isEqualTo(1);
            assertThat(l.firstPurchase(b)).isEqualTo(day("2024-01-10"));
            assertThat(l.firstOccasionRevenue(b)).isEqualTo(12);
            assertThat(l.revenue(b)).isEqualTo(7);
            // R's return still counts in the month's revenue
            assertThat(l.revenueIn(YearMonth.of(2024, 1))).isEqualTo(26 + 20 - 20 - 15 + 7);
            // as of 2024-04-30: A is lost 90 days after its last purchase (2024-01-09 + 90 = 2024-04-08), not
            // after its return; B on 2024-01-10 + 90 = 2024-04-09; R, never a buyer, is not lost
            FakeConnector later = new FakeConnector();
            order.forEach(x -> later.tx(x[0], x[1], Double.parseDouble(x[2])));
            CustomerLedger april = ingest(later, "2024-04").ledger().withLostRule(day("2024-04-30"), 90);
            assertThat(april.lostOn(april.indexOf("A"))).isEqualTo(day("2024-04-08"));
            assertThat(april.lostOn(april.indexOf("B"))).isEqualTo(day("2024-04-09"));
            assertThat(april.acquiredOn(april.indexOf("R"))).isEqualTo(CustomerLedger.NO_DAY);
            assertThat(april.lostOn(april.indexOf("R"))).isEqualTo(CustomerLedger.NO_DAY);
            assertThat(april.firstMonth()).isEqualTo(YearMonth.of(2024, 1));
        }
    }

    @Test
    void inOrderSameDayRowsNeedNoHashSet() throws IOException {
        FakeConnector c = new FakeConnector()
                .tx("A", "2024-01-10", 10)   // 2
                .tx("A", "2024-01-10", 10)   // 3 duplicate of 2 (first row of the day)
                .tx("A", "2024-01-11", 5)    // 4
                .tx("A", "2024-01-11", 6)    // 5
                .tx("A", "2024-01-11", 6);   // 6 duplicate of 5 (a later row of the day)
        Ingestion in = new Ingestion(LocalDate.of(2024, 1, 31), ProgressListener.NONE, () -> false,
                REJECT_DUPLICATES);
        in.start(DataKind.TRANSACTIONS);
        c.read(DataKind.TRANSACTIONS, ResolvedSettings.of(Map.of()), in);
        assertThat(in.ledger.unordered()).isFalse();
        ColumnarLedger l = in.buildLedger();
        assertThat(l.purchaseDays(0)).isEqualTo(2);
        assertThat(l.transactions(0)).isEqualTo(3);
        assertThat(l.firstOccasionRevenue(0)).isEqualTo(10);
        assertThat(in.quality().get(0).findings()).extracting(Finding::line).containsExactly(3L, 6L);
    }

    /**
     * Random rows with injected exact duplicates, folded in date order (fast path) and shuffled
     * (hash-set fallback), against a naive reference that keeps every row (HashSet of row texts,
     * TreeSet of days per customer).
     */
    @Test
    void occasionsAndDuplicatesMatchANaiveReferenceInAnyOrder() throws IOException {
        java.util.Random rnd = new java.util.Random(7);
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String[] row = {"K" + rnd.nextInt(500), LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(60)).toString(),
                    String.valueOf(rnd.nextInt(40) - 2)};
            rows.add(row);
            if (rnd.nextInt(10) == 0) {
                rows.add(row.clone());
            }
        }
        java.util.List<String[]> sorted = new java.util.ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing((String[] r) -> r[1]));
        java.util.List<String[]> shuffled = new java.util.ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, rnd);
        for (java.util.List<String[]> order : List.of(sorted, shuffled)) {
            FakeConnector c = new FakeConnector();
            Set<String> seen = new HashSet<>();
            Map<String, TreeSet<String>> days = new HashMap<>();
            Map<String, Double> revenue = new HashMap<>();
            Map<String, Integer> count = new HashMap<>();
            long duplicates = 0;
            for (String[] r : order) {
                c.tx(r[0], r[1], Double.parseDouble(r[2]));
                if (!seen.add(String.join("|", r))) {
                    duplicates++;
                    continue;
                }
                TreeSet<String> d = days.computeIfAbsent(r[0], k -> new TreeSet<>());
                if (Double.parseDouble(r[2]) > 0) { // a return or a zero row is no purchase occasion
                    d.add(r[1]);
                }
                revenue.merge(r[0], Double.parseDouble(r[2]), Double::sum);
                count.merge(r[0], 1, Integer::sum);
            }
            Ingested in = ingest(c, "2024-03");
            CustomerLedger l = in.ledger();
            assertThat(l.size()).isEqualTo(days.size());
            for (Map.Entry<String, TreeSet<String>> e : days.entrySet()) {
                int i = l.indexOf(e.getKey());
                assertThat(l.purchaseDays(i)).as(e.getKey()).isEqualTo(e.getValue().size());
                assertThat(l.transactions(i)).isEqualTo(count.get(e.getKey()));
                assertThat(l.revenue(i)).isEqualTo(revenue.get(e.getKey()));
                if (e.getValue().isEmpty()) {
                    assertThat(l.firstPurchase(i)).isEqualTo(CustomerLedger.NO_DAY);
                    assertThat(l.lastPurchase(i)).isEqualTo(CustomerLedger.NO_DAY);
                    assertThat(l.firstOccasionRevenue(i)).isZero();
                    continue;
                }
                assertThat(l.firstPurchase(i)).isEqualTo(day(e.getValue().first()));
                assertThat(l.lastPurchase(i)).isEqualTo(day(e.getValue().last()));
            }
            FileQuality q = in.files().get("transactions.csv");
            assertThat(q.rejectedByReason().get("duplicate-row")).isEqualTo(duplicates);
            assertThat(q.read()).isEqualTo(order.size()).isEqualTo(q.accepted() + q.rejected());
        }
    }

    @Test
    void attributesAreDictionaryEncoded() throws IOException {
        FakeConnector c = new FakeConnector()
                .header(DataKind.CUSTOMERS, "customer_id", "acquired_on", "plan", "acquisition_cost")
                .customer("A", "2024-01-01", null, Map.of("plan", "basis", "acquisition_cost", "1 200,50"))
                .customer("B", "2024-01-01", null, Map.of("plan", "premium", "acquisition_cost", "300"))
                .customer("C", "2024-01-01", null, Map.of("plan", "basis"));
        Ingested r = ingest(c, "2024-01");
        CustomerLedger l = r.ledger();
        assertThat(l.attributeNames()).containsExactly("plan", "acquisition_cost");
        assertThat(l.contractual()).isFalse();
        assertThat(l.attribute("plan").levels()).containsExactly("basis", "premium");
        assertThat(l.attribute("plan").value(2)).isEqualTo("basis");
        assertThat(l.attribute("plan").numeric()).isFalse();
        assertThat(l.attribute("acquisition_cost").numeric()).isTrue();
        assertThat(l.attribute("acquisition_cost").number(0)).isEqualTo(1200.5);
        assertThat(l.attribute("acquisition_cost").number(2)).isNaN();
        assertThat(l.attribute("acquisition_cost").code(2)).isEqualTo(-1);
        assertThat(r.files().get("customers.csv").completeness().get("acquisition_cost")).isCloseTo(2.0 / 3.0, within(1e-12));
    }

    @Test
    void reasonCodesComeFromTheConnectorsText() {
        assertThat(FileQualityBuilder.reasonCode("unparseable date '31.02.2024'")).isEqualTo("unparseable-date");
        assertThat(FileQualityBuilder.reasonCode("missing id")).isEqualTo("missing-id");
        assertThat(FileQualityBuilder.reasonCode("unparseable number: 12x")).isEqualTo("unparseable-number");
        assertThat(FileQualityBuilder.reasonCode("")).isEqualTo("unparseable");
    }

    @Test
    void completenessCountsTheBlanksOfKeptRowsOnly() throws IOException {
        // the connector reports a row's blanks while reading it, before the engine rejects the row
        // as a duplicate, an unknown customer or a score out of range: those blanks do not count
        FakeConnector c = new FakeConnector()
                .customer("c1", "2024-01-10")
                .header(DataKind.TRANSACTIONS, "customer_id", "date", "amount", "quantity", "order_id")
                .blank(DataKind.TRANSACTIONS, "quantity")
                .tx("c1", "2024-05-01", 10, Double.NaN, "o1")                    // kept, quantity blank
                .blank(DataKind.TRANSACTIONS, "quantity")
                .tx("c1", "2024-05-01", 10, Double.NaN, "o1")                    // duplicate-row
                .blank(DataKind.TRANSACTIONS, "quantity")
                .blank(DataKind.TRANSACTIONS, "order_id")
                .tx("zz", "2024-05-03", 5, Double.NaN, null)                     // unknown-customer
                .blank(DataKind.TRANSACTIONS, "order_id")
                .tx("c1", "2024-05-02", 20, 2, null)                             // kept, order_id blank
                .tx("c1", "2024-05-04", 30, 1, "o3")                             // kept, complete
                .header(DataKind.RESPONSES, "date", "customer_id", "nps", "csat", "ces", "driver.trust")
                .blank(DataKind.RESPONSES, "driver.trust")
                .response("c1", "2024-05-05", 9, SurveyResponseRecord.MISSING, SurveyResponseRecord.MISSING, Map.of())
                .blank(DataKind.RESPONSES, "driver.trust")
                .response("c1", "2024-05-06", 11, SurveyResponseRecord.MISSING, SurveyResponseRecord.MISSING, Map.of())
                .response("c1", "2024-05-07", 7, SurveyResponseRecord.MISSING, SurveyResponseRecord.MISSING,
                        Map.of("trust", 4.0));
        Ingested r = ingest(c, "2024-05");
        FileQuality tx = r.files().get("transactions.csv");
        assertThat(tx.accepted()).isEqualTo(3);
        assertThat(tx.rejectedByReason()).containsOnly(Map.entry("duplicate-row", 1L), Map.entry("unknown-customer", 1L));
        // 1 blank quantity and 1 blank order_id among the 3 rows kept (the connector reported 3 and 2)
        assertThat(tx.completeness().get("quantity")).isCloseTo(2.0 / 3.0, within(1e-12));
        assertThat(tx.completeness().get("order_id")).isCloseTo(2.0 / 3.0, within(1e-12));
        FileQuality responses = r.files().get("responses.csv");
        assertThat(responses.accepted()).isEqualTo(2);
        assertThat(responses.rejectedByReason()).containsOnly(Map.entry("out-of-range", 1L));
        // 1 blank trust rating among the 2 responses kept (the connector reported 2); csat and ces
        // are blank in all of them
        assertThat(responses.completeness().get("driver.trust")).isCloseTo(0.5, within(1e-12));
        assertThat(responses.completeness().get("csat")).isZero();
        assertThat(responses.completeness().get("nps")).isEqualTo(1.0);
    }
}
