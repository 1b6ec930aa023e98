package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.ledger.CustomerLedger;

/**
 * {@link CustomerLedger#asOf}: the ledger as of the previous month's end and a year before, folded in
 * the same pass. Checked two ways on random data: against a brute-force count over the raw rows, and
 * against the ledger of a run for the earlier month itself (what last month's report saw).
 */
class LedgerSnapshotTest {

    private static final String PERIOD = "2025-06";

    record Tx(String id, LocalDate date, double amount) {
    }

    /** 120 customers acquired over 2023-2025 (some churned), 0-40 purchases each, several on one day. */
    private static List<Tx> data(Random rnd, FakeConnector c, boolean customers) {
        List<Tx> rows = new ArrayList<>();
        LocalDate start = LocalDate.of(2023, 1, 1);
        for (int i = 0; i < 120; i++) {
            String id = "K" + i;
            LocalDate acquired = start.plusDays(rnd.nextInt(900));
            LocalDate churned = rnd.nextInt(4) == 0 ? acquired.plusDays(30 + rnd.nextInt(600)) : null;
            if (customers) {
                c.customer(id, acquired.toString(), churned == null ? null : churned.toString(), Map.of());
            }
            int n = rnd.nextInt(41);
            LocalDate d = acquired;
            for (int k = 0; k < n; k++) {
                d = d.plusDays(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(40)); // a third on the same day as the previous one
                rows.add(new Tx(id, d, Math.round((rnd.nextDouble() * 500 - 50) * 100) / 100.0));
            }
        }
        return rows;
    }

    @Test
    void snapshotsCountExactlyTheRowsOnOrBeforeTheirDayInOrderAndShuffled() throws IOException {
        for (boolean shuffled : new boolean[] {false, true}) {
            for (boolean customers : new boolean[] {false, true}) {
                Random rnd = new Random(shuffled ? 11 : 7);
                FakeConnector c = new FakeConnector();
                List<Tx> rows = data(rnd, c, customers);
                rows.sort((a, b) -> a.date.compareTo(b.date)); // an export in date order
                if (shuffled) {
                    Collections.shuffle(rows, rnd); // out of order: the second, hash-set pass
                }
                rows.forEach(t -> c.tx(t.id, t.date.toString(), t.amount));
                CustomerLedger l = IngestionTest.ingest(c, PERIOD).ledger();

                YearMonth p = YearMonth.parse(PERIOD);
                int prev = (int) p.minusMonths(1).atEndOfMonth().toEpochDay();
                int lastYear = (int) p.minusYears(1).atEndOfMonth().toEpochDay();
                assertThat(l.snapshotDays()).containsExactly(prev, lastYear);
                assertThat(l.asOf(prev + 1)).isNull();
                for (int snap : l.snapshotDays()) {
                    CustomerLedger s = l.asOf(snap);
                    assertThat(s.size()).isEqualTo(l.size());
                    int checkedBuyers = 0;
                    for (int i = 0; i < l.size(); i++) {
                        String id = l.customerId(i);
                        TreeSet<Integer> days = new TreeSet<>();
                        double revenue = 0;
                        int tx = 0;
                        Map<Integer, Double> byDay = new HashMap<>();
                        for (Tx t : rows) {
                            int d = (int) t.date.toEpochDay();
                            if (t.id.equals(id) && d <= snap) {
                                if (t.amount > 0) { // a return is no purchase occasion
                                    days.add(d);
                                }
                                revenue += t.amount;
                                tx++;
                                byDay.merge(d, t.amount, Double::sum);
                            }
                        }
                        String what = id + " as of " + LocalDate.ofEpochDay(snap) + (shuffled ? " shuffled" : "");
                        assertThat(s.purchaseDays(i)).as(what).isEqualTo(days.size());
                        assertThat(s.transactions(i)).as(what).isEqualTo(tx);
                        assertThat(s.revenue(i)).as(what).isCloseTo(revenue, within(1e-6));
                        if (days.isEmpty()) {
                            assertThat(s.firstPurchase(i)).as(what).isEqualTo(CustomerLedger.NO_DAY);
                            assertThat(s.lastPurchase(i)).as(what).isEqualTo(CustomerLedger.NO_DAY);
                            assertThat(s.firstOccasionRevenue(i)).as(what).isZero();
                        } else {
                            checkedBuyers++;
                            assertThat(s.firstPurchase(i)).as(what).isEqualTo(days.first());
                            assertThat(s.lastPurchase(i)).as(what).isEqualTo(days.last());
                            assertThat(s.firstOccasionRevenue(i)).as(what).isCloseTo(byDay.get(days.first()), within(1e-6));
                        }
                        int churned = l.churnedOn(i);
                        assertThat(s.churnedOn(i)).isEqualTo(churned != CustomerLedger.NO_DAY && churned <= snap
                                ? churned : CustomerLedger.NO_DAY);
                    }
                    assertThat(checkedBuyers).as("buyers as of the snapshot").isGreaterThan(20);
                    assertThat(s.asOf(snap)).isNull();
                    YearMonth sm = YearMonth.from(LocalDate.ofEpochDay(snap));
                    assertThat(s.revenueIn(sm)).isEqualTo(l.revenueIn(sm));
                    assertThat(s.revenueIn(sm.plusMonths(1))).isZero();
                }
            }
        }
    }

    @Test
    void previousMonthSnapshotIsWhatLastMonthsRunSaw() throws IOException {
        Random rnd = new Random(3);
        FakeConnector c = new FakeConnector();
        List<Tx> rows = data(rnd, c, true);
        rows.sort((a, b) -> a.date.compareTo(b.date));
        rows.forEach(t -> c.tx(t.id, t.date.toString(), t.amount));
        CustomerLedger now = IngestionTest.ingest(c, PERIOD).ledger();
        CustomerLedger then = IngestionTest.ingest(c, YearMonth.parse(PERIOD).minusMonths(1).toString()).ledger();
        CustomerLedger snap = now.asOf((int) YearMonth.parse(PERIOD).minusMonths(1).atEndOfMonth().toEpochDay());
        int compared = 0;
        for (int i = 0; i < now.size(); i++) {
            int j = then.indexOf(now.customerId(i));
            if (j < 0) {
                // not yet a customer last month: the snapshot shows it as not acquired and without purchases
                assertThat(snap.acquiredOn(i)).isEqualTo(CustomerLedger.NO_DAY);
                assertThat(snap.purchaseDays(i)).isZero();
                continue;
            }
            compared++;
            assertThat(snap.acquiredOn(i)).isEqualTo(then.acquiredOn(j));
            assertThat(snap.churnedOn(i)).isEqualTo(then.churnedOn(j));
            assertThat(snap.purchaseDays(i)).isEqualTo(then.purchaseDays(j));
            assertThat(snap.transactions(i)).isEqualTo(then.transactions(j));
            assertThat(snap.firstPurchase(i)).isEqualTo(then.firstPurchase(j));
            assertThat(snap.lastPurchase(i)).isEqualTo(then.lastPurchase(j));
            assertThat(snap.revenue(i)).isEqualTo(then.revenue(j));
            assertThat(snap.firstOccasionRevenue(i)).isEqualTo(then.firstOccasionRevenue(j));
        }
        assertThat(compared).isEqualTo(then.size());
    }
}
