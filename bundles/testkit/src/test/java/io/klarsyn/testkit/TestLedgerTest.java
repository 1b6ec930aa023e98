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

    /**
     * The one definition of a lost customer (CustomerLedger.lostOn), by hand. As of 2024-05-31, 30 days:
     * x bought last 2024-04-01 → lost 2024-05-01; y bought 2024-05-10 → 06-09 is after the as-of day, active;
     * z never bought, acquired 2024-04-15 → lost 2024-05-15; w acquired 2024-03-01 after its last purchase
     * 2024-02-20 → counted from the acquisition, lost 2024-03-31.
     */
    @Test
    void aCustomerIsLostByOneDefinition() {
        TestLedger nc = TestLedger.asOf(LocalDate.of(2024, 5, 31)).contractual(false).inactivityDays(30)
                .customer("x", "2024-01-01", null, Map.of()).customer("y", "2024-01-01", null, Map.of())
                .customer("z", "2024-04-15", null, Map.of()).customer("w", "2024-03-01", null, Map.of())
                .transaction("x", "2024-04-01", 10).transaction("y", "2024-05-10", 10)
                .transaction("w", "2024-02-20", 10).build();
        assertThat(nc.inactivityDays()).isEqualTo(30);
        assertThat(nc.asOfDay()).isEqualTo(day("2024-05-31"));
        assertThat(nc.lostOn(nc.indexOf("x"))).isEqualTo(day("2024-05-01"));
        assertThat(nc.lostOn(nc.indexOf("y"))).isEqualTo(CustomerLedger.NO_DAY);
        assertThat(nc.lostOn(nc.indexOf("z"))).isEqualTo(day("2024-05-15"));
        assertThat(nc.lostOn(nc.indexOf("w"))).isEqualTo(day("2024-03-31"));

        // contractual: the churn day (a churn before the acquisition is rejected by the engine's ingestion)
        TestLedger c = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", "2024-03-10", Map.of()).customer("c", "2024-01-01", null, Map.of())
                .customer("d", "2024-01-01", "2024-07-01", Map.of()).build();
        assertThat(c.lostOn(c.indexOf("a"))).isEqualTo(day("2024-03-10"));
        assertThat(c.lostOn(c.indexOf("c"))).isEqualTo(CustomerLedger.NO_DAY);
        // churned after the as-of day: active as of it
        assertThat(c.lostOn(c.indexOf("d"))).isEqualTo(CustomerLedger.NO_DAY);
    }

    @Test
    void snapshotsAreTheLedgerAsOfThePreviousMonthEndAndAYearBefore() {
        TestLedger.Builder b = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2023-01-01", "2024-05-10", Map.of("plan", "basis"))
                .customer("b", "2024-05-02", null, Map.of("plan", "premium"))
                .transaction("a", "2023-01-01", 100)
                .transaction("a", "2024-04-03", 20)
                .transaction("a", "2024-04-03", 5)
                .transaction("a", "2024-05-03", 40)
                .transaction("b", "2024-05-02", 70);
        assertThat(b.build().asOf(day("2024-04-30"))).isNull(); // kept only when asked for
        TestLedger l = b.snapshots().build();
        assertThat(l.snapshotDays()).containsExactly(day("2024-04-30"), day("2023-05-31"));
        assertThat(l.asOf(day("2024-03-31"))).isNull();
        CustomerLedger april = l.asOf(day("2024-04-30"));
        int a = april.indexOf("a");
        int bi = april.indexOf("b");
        assertThat(april.size()).isEqualTo(2); // rows as they are; b had not come yet
        assertThat(april.acquiredOn(bi)).isEqualTo(CustomerLedger.NO_DAY);
        assertThat(april.churnedOn(a)).isEqualTo(CustomerLedger.NO_DAY);
        assertThat(april.purchaseDays(a)).isEqualTo(2);
        assertThat(april.transactions(a)).isEqualTo(3);
        assertThat(april.revenue(a)).isEqualTo(125.0);
        assertThat(april.lastPurchase(a)).isEqualTo(day("2024-04-03"));
        assertThat(april.firstOccasionRevenue(a)).isEqualTo(100.0);
        assertThat(april.purchaseDays(bi)).isZero();
        assertThat(april.firstPurchase(bi)).isEqualTo(CustomerLedger.NO_DAY);
        assertThat(april.revenueIn(YearMonth.of(2024, 5))).isZero();
        assertThat(april.attribute("plan").value(bi)).isEqualTo("premium");
    }

    @Test
    void csvDataReadsTheCanonicalFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("customers.csv"),
                "customer_id,acquired_on,segment,acquisition_cost\nK1,2024-01-02,privat,450.5\nK2,2024-02-01,,\n");
        java.nio.file.Files.writeString(dir.resolve("transactions.csv"),
                "customer_id,date,amount\r\nK1,2024-01-02,100.25\r\nK2,2024-03-01,40\r\n");
        java.nio.file.Files.writeString(dir.resolve("responses.csv"),
                "date,customer_id,touchpoint,nps,csat,ces,driver.trust,comment\n"
                        + "2024-03-05,K1,web,9,,6,8,\"Fine, \"\"thanks\"\"\nsee you\"\n2024-03-06,,store,3,2,,,\n");
        CsvData data = CsvData.read(dir, LocalDate.of(2024, 3, 31));
        TestLedger l = data.ledger();
        assertThat(l.contractual()).isFalse(); // no churned_on column
        assertThat(l.size()).isEqualTo(2);
        assertThat(l.revenue(l.indexOf("K1"))).isEqualTo(100.25);
        assertThat(l.attribute("acquisition_cost").numeric()).isTrue();
        assertThat(l.attribute("segment").code(l.indexOf("K2"))).isEqualTo(-1);
        assertThat(l.snapshotDays()).hasSize(2);
        assertThat(data.surveys().size()).isEqualTo(2);
        assertThat(data.surveys().customer(0)).isEqualTo(l.indexOf("K1"));
        assertThat(data.surveys().customer(1)).isEqualTo(-1);
        assertThat(data.surveys().csat(0)).isEqualTo(io.klarsyn.api.ledger.SurveyTable.MISSING);
        assertThat(data.surveys().nps(1)).isEqualTo(3);
        assertThat(data.surveys().drivers()).containsExactly("trust");
        assertThat(data.surveys().touchpoint(1)).isEqualTo("store");
        assertThat(CsvData.read(dir.resolve("none"), LocalDate.of(2024, 3, 31)).surveys()).isNull();
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

    /**
     * The ledger is the engine's: a transaction repeated exactly is kept with a "possible duplicate"
     * warning (the engine's rule since issue 17: two lines of an invoice can be alike), a row of an
     * unknown customer is rejected, and both are findings of {@link TestLedger#quality()}; rows out
     * of date order are read a second time, as the engine reads a file.
     */
    @Test
    void theEngineChecksTheRowsAsInARun() {
        TestLedger l = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .customer("a", "2024-01-01", null, Map.of())
                .transaction("a", "2024-03-01", 40)
                .transaction("a", "2024-02-01", 100)   // earlier than the row before: second pass
                .transaction("a", "2024-03-01", 40)    // line 4 repeats line 2 exactly: kept, a warning
                .transaction("zz", "2024-03-01", 10)   // line 5: not a customer
                .build();
        int a = l.indexOf("a");
        assertThat(l.revenue(a)).isEqualTo(180.0);     // 40 + 100 + 40
        assertThat(l.transactions(a)).isEqualTo(3);
        assertThat(l.purchaseDays(a)).isEqualTo(2);
        assertThat(l.firstOccasionRevenue(a)).isEqualTo(100.0);
        assertThat(l.transactions()).extracting(t -> t.amount()).containsExactly(40.0, 100.0, 40.0);
        io.klarsyn.api.report.FileQuality tx = l.quality().get(1);
        assertThat(tx.file()).isEqualTo("transactions.csv");
        assertThat(tx.read()).isEqualTo(4);
        assertThat(tx.accepted()).isEqualTo(3);
        assertThat(tx.findings()).extracting(f -> f.line() + " " + f.reason())
                .containsExactly("4 possible-duplicate", "5 unknown-customer");
    }

    /** Settings parse as the engine parses them, errors included. */
    @Test
    void settingsAreTheEngines() {
        TestSettings s = TestSettings.of("churn.inactivityDays", "9O", "clv.discount", "0,08", "x.flag", "ja");
        assertThat(s.number("clv.discount", 0)).isEqualTo(0.08);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.integer("churn.inactivityDays", 90))
                .hasMessage("setting 'churn.inactivityDays': '9O' is not a whole number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.flag("x.flag", false))
                .hasMessage("setting 'x.flag': 'ja' is not true/false (yes/no, on/off, 1/0)");
    }
}
