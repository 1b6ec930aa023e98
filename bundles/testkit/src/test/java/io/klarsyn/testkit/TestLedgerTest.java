package io.klarsyn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.ledger.CustomerLedger;

class TestLedgerTest {

    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    @Test
    void appliesAsOfCutAndCountsPurchaseOccasions() {
        TestLedger l = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", "2024-07-01", Map.of("plan", "basis", "acquisition_cost", "500"))
                .customer("b", "2024-02-01", "2024-04-15", Map.of("plan", "premium", "acquisition_cost", "700"))
                .customer("late", "2024-06-01", null, Map.of())
                .transaction("a", "2024-01-01", 100)
                .transaction("a", "2024-01-01", 50)   // same day: one occasion, both in first-occasion revenue
                .transaction("a", "2024-03-01", 30)
                .transaction("a", "2024-06-02", 999)  // after the as-of day: left out
                .transaction("zz", "2024-03-01", 10)  // unknown customer: left out
                .build();

        assertThat(l.size()).isEqualTo(2);                         // "late" acquired after as-of
        int a = l.indexOf("a");
        assertThat(l.churnedOn(a)).isEqualTo(CustomerLedger.NO_DAY); // churn after as-of reads as not yet churned
        assertThat(l.churnedOn(l.indexOf("b"))).isEqualTo(day("2024-04-15"));
        assertThat(l.purchaseDays(a)).isEqualTo(2);
        assertThat(l.transactions(a)).isEqualTo(3);
        assertThat(l.revenue(a)).isEqualTo(180.0);                 // 100 + 50 + 30
        assertThat(l.firstOccasionRevenue(a)).isEqualTo(150.0);    // 100 + 50 on the first day
        assertThat(l.firstPurchase(a)).isEqualTo(day("2024-01-01"));
        assertThat(l.lastPurchase(a)).isEqualTo(day("2024-03-01"));
        assertThat(l.attribute("plan").numeric()).isFalse();
        assertThat(l.attribute("plan").value(l.indexOf("b"))).isEqualTo("premium");
        assertThat(l.attribute("acquisition_cost").numeric()).isTrue();
        assertThat(l.attribute("acquisition_cost").number(l.indexOf("b"))).isEqualTo(700.0);
        assertThat(l.revenueIn(YearMonth.of(2024, 1))).isEqualTo(150.0);
        assertThat(l.transactionsIn(YearMonth.of(2024, 6))).isZero();
        assertThat(l.firstMonth()).isEqualTo(YearMonth.of(2024, 1));
    }

    @Test
    void withoutCustomersTheyComeFromTransactions() {
        TestLedger l = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .transaction("x", "2024-02-10", 20)
                .transaction("x", "2024-01-05", 10)
                .build();
        int x = l.indexOf("x");
        assertThat(l.contractual()).isFalse();
        assertThat(l.acquiredOn(x)).isEqualTo(day("2024-01-05"));
        assertThat(l.firstOccasionRevenue(x)).isEqualTo(10.0);
    }

    @Test
    void contextSettingsParseAndLogCollects() {
        TestContext ctx = TestContext.builder(YearMonth.of(2024, 5))
                .setting("churn.segments", " plan, region ,,")
                .setting("clv.discount.annual", "0,1")
                .build();
        assertThat(ctx.settings().list("churn.segments")).containsExactly("plan", "region");
        assertThat(ctx.settings().number("clv.discount.annual", 0)).isEqualTo(0.1);
        assertThat(ctx.period().lastDay()).isEqualTo(LocalDate.of(2024, 5, 31));
        ctx.warn("w");
        assertThat(ctx.warnings()).containsExactly("w");
        assertThat(ctx.cancelled()).isFalse();
        ctx.cancel();
        assertThat(ctx.cancelled()).isTrue();
    }
}
