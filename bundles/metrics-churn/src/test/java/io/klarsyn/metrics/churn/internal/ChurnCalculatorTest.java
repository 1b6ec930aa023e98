package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

/**
 * Hand-derived fixtures for the definitions of DESIGN §6 and issue 4. "Active at the start of a
 * month" = active at the end of the day before its first day, i.e. acquired before the 1st and not
 * lost before the 1st; lost in month m = churned_on in m.
 */
class ChurnCalculatorTest {

    static final ChurnCalculator CALC = new ChurnCalculator();

    /*
     * Report month 2024-03 (as of 2024-03-31).
     *   A acq 2023-01-10 lost 2024-03-15 basis     E acq 2023-02-01 lost 2024-03-01 basis
     *   B acq 2023-06-01 active     basis          F acq 2023-03-01 lost 2024-02-10 premium
     *   C acq 2024-03-01 active     premium        G acq 2022-12-31 lost 2023-03-15 basis
     *   D acq 2024-03-05 lost 2024-03-20 premium   H acq 2023-01-01 lost 2024-04-10 (after as-of: active) premium
     */
    static TestLedger fixture() {
        return TestLedger.asOf(java.time.LocalDate.parse("2024-03-31"))
                .customer("A", "2023-01-10", "2024-03-15", Map.of("plan", "basis"))
                .customer("B", "2023-06-01", null, Map.of("plan", "basis"))
                .customer("C", "2024-03-01", null, Map.of("plan", "premium"))
                .customer("D", "2024-03-05", "2024-03-20", Map.of("plan", "premium"))
                .customer("E", "2023-02-01", "2024-03-01", Map.of("plan", "basis"))
                .customer("F", "2023-03-01", "2024-02-10", Map.of("plan", "premium"))
                .customer("G", "2022-12-31", "2023-03-15", Map.of("plan", "basis"))
                .customer("H", "2023-01-01", "2024-04-10", Map.of("plan", "premium"))
                .build();
    }

    static Map<String, MetricResult> run(TestContext ctx) {
        return CALC.compute(ctx).stream().collect(Collectors.toMap(MetricResult::id, r -> r, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void kpisOfTheFixture() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).setting("churn.segments", "plan")
                .setting("churn.minBase", "2").build());
        // March 2024: active at start A, B, E, H = 4 (E lost on 1 March was active at the start);
        // lost in March A, D, E = 3 → 3/4. February: start A, B, E, F, H = 5, lost F → 1/5.
        // March 2023: start A, E, G, H = 4 (F acquired on 1 March is not), lost G → 1/4.
        Kpi monthly = (Kpi) r.get("churn.monthly.rate");
        assertThat(monthly.value()).isEqualTo(0.75);
        assertThat(monthly.previous()).isEqualTo(0.2);
        assertThat(monthly.lastYear()).isEqualTo(0.25);
        assertThat(monthly.facts()).containsEntry("lost", 3L).containsEntry("activeAtStart", 4L)
                .containsEntry("lostAcquiredSameMonth", 1L); // D
        // 12 months Apr 2023..Mar 2024: lost F, A, D, E = 4. Month-start counts: A 12, B 9 (Jul..Mar),
        // E 12, F 11 (Apr..Feb), H 12; sum 56, mean 56/12 → 4 / (56/12) = 6/7.
        Kpi y = (Kpi) r.get("churn.12m.rate");
        assertThat(y.value()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat((Double) y.facts().get("averageCustomers")).isCloseTo(56.0 / 12, within(1e-12));
        assertThat(y.facts()).containsEntry("lost", 4L);
        // 12 months back from Mar 2023 would start in Apr 2022, before the first data month (Dec 2022).
        assertThat(y.lastYear()).isNull();
        // Active at 31 March: B, C, H = 3 = 4 + 2 adds (C, D) − 3 lost. End of Feb: A, B, E, H = 4.
        // End of March 2023: A, E, F, H = 4 (G lost 15 March 2023).
        Kpi active = (Kpi) r.get("customers.active");
        assertThat(active.value()).isEqualTo(3.0);
        assertThat(active.previous()).isEqualTo(4.0);
        assertThat(active.lastYear()).isEqualTo(4.0);
        assertThat(((Kpi) r.get("customers.grossAdds")).value()).isEqualTo(2.0);
        assertThat(((Kpi) r.get("customers.netGrowth")).value()).isEqualTo(-1.0);
        // Feb 2024 adds 0, lost 1 → −1; March 2023 adds F → 1, lost G → net 0
        assertThat(((Kpi) r.get("customers.netGrowth")).previous()).isEqualTo(-1.0);
        assertThat(((Kpi) r.get("customers.netGrowth")).lastYear()).isEqualTo(0.0);
    }

    @Test
    void trendsOverlayLastYear() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).build());
        TimeSeries t = (TimeSeries) r.get("churn.monthly.trend");
        assertThat(t.months()).hasSize(12);
        assertThat(t.months().get(0)).isEqualTo(YearMonth.of(2023, 4));
        assertThat(t.series().get(0).nameKey()).isEqualTo("churn.series.thisYear");
        assertThat(t.series().get(0).values()[11]).isEqualTo(0.75);
        assertThat(t.series().get(0).values()[10]).isEqualTo(0.2);
        // last-year series at index 11 = March 2023 = 1/4; at index 0 = April 2022: before the data → NaN
        assertThat(t.series().get(1).values()[11]).isEqualTo(0.25);
        assertThat(t.series().get(1).values()[0]).isNaN();
        TimeSeries a = (TimeSeries) r.get("customers.active.trend");
        assertThat(a.series().get(0).values()[11]).isEqualTo(3.0);
    }

    @Test
    void churnBySegmentFlagsSmallBases() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).setting("churn.segments", "plan")
                .setting("churn.minBase", "2").build());
        Table t = (Table) r.get("churn.by.plan");
        // basis: start A, B, E = 3, lost A, E = 2 → 2/3; premium: start H = 1 (< minBase 2), lost D = 1 → 1.
        // 12 months: basis lost A, E = 2, start counts A 12 + B 9 + E 12 = 33 → 2 / 2.75;
        //            premium lost F, D = 2, start counts F 11 + H 12 = 23 → 2 / (23/12).
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0)).containsExactly("basis", 3L, 2L, 2.0 / 3, false, 2L, 33.0 / 12, 2 / (33.0 / 12));
        assertThat(t.rows().get(1)).containsExactly("premium", 1L, 1L, 1.0, true, 2L, 23.0 / 12, 2 / (23.0 / 12));
        assertThat(t.facts().get("belowMinBase")).isEqualTo(List.of("premium"));
        Categories c = (Categories) r.get("churn.by.plan.chart");
        assertThat(c.categories()).containsExactly("basis", "premium");
        assertThat(c.series().get(0).values()).containsExactly(2.0 / 3, 1.0);
    }

    @Test
    void manyLevelsArePooledInTheChartOnly() {
        var b = TestLedger.asOf(java.time.LocalDate.parse("2024-03-31"));
        for (int i = 0; i < 14; i++) {
            for (int k = 0; k <= i; k++) {
                b.customer("c" + i + "_" + k, "2023-01-01", k == 0 ? "2024-03-10" : null, Map.of("shop", "s" + i));
            }
        }
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(b.build()).setting("churn.segments", "shop")
                .build());
        assertThat(((Table) r.get("churn.by.shop")).rows()).hasSize(14);
        Categories c = (Categories) r.get("churn.by.shop.chart");
        // the 10 largest (s13..s4) and "others" = s3..s0 with 4+3+2+1 = 10 customers, 4 lost
        assertThat(c.categories()).hasSize(11).startsWith("s13").endsWith("churn.others");
        assertThat(c.series().get(0).values()[10]).isEqualTo(0.4);
        assertThat(c.facts()).containsEntry("pooledLevels", 4);
    }

    @Test
    void numericSegmentsAreBinnedIntoQuintiles() {
        // cost = 10, 20, ..., 200 (20 customers, all active since 2023): quintile edges at the sorted
        // values with index 4, 8, 12, 16 = 50, 90, 130, 170 → five bins of four customers each.
        var b = TestLedger.asOf(java.time.LocalDate.parse("2024-03-31"));
        for (int k = 1; k <= 20; k++) {
            b.customer("n" + k, "2023-01-01", k == 1 ? "2024-03-05" : null, Map.of("cost", Integer.toString(10 * k)));
        }
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(b.build()).setting("churn.segments", "cost")
                .build());
        Table t = (Table) r.get("churn.by.cost");
        assertThat(t.rows()).extracting(row -> row.get(0)).containsExactly("[10, 50)", "[50, 90)", "[90, 130)",
                "[130, 170)", "[170, 200]");
        assertThat(t.rows()).extracting(row -> row.get(1)).containsOnly(4L);
        assertThat(t.rows().get(0).get(2)).isEqualTo(1L);
        assertThat(t.facts()).containsEntry("binned", true);
        Curve km = (Curve) r.get("churn.km");
        assertThat(km.facts().get("logRankLevels")).isEqualTo(List.of("[10, 50)", "[50, 90)", "[90, 130)",
                "[130, 170)", "[170, 200]"));
    }

    @Test
    void cohortRetention() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).build());
        Matrix m = (Matrix) r.get("churn.cohorts");
        // cohorts Dec 2022 .. Mar 2024 (the data starts Dec 2022): 16 rows, 24 columns
        assertThat(m.rowLabels()).hasSize(16).startsWith("2022-12").endsWith("2024-03");
        int jan23 = m.rowLabels().indexOf("2023-01");
        // Jan 2023 cohort = A, H; A lost in Mar 2024 = 14 months after → 1.0 up to k = 13, 0.5 at k = 14, NaN after
        assertThat(m.values()[jan23][13]).isEqualTo(1.0);
        assertThat(m.values()[jan23][14]).isEqualTo(0.5);
        assertThat(m.values()[jan23][15]).isNaN();
        // Mar 2024 cohort = C, D; D lost in March → 0.5 at k = 0
        assertThat(m.values()[15][0]).isEqualTo(0.5);
        assertThat(m.values()[15][1]).isNaN();
        // Dec 2022 cohort = G, lost in Mar 2023 (k = 3)
        assertThat(m.values()[0][2]).isEqualTo(1.0);
        assertThat(m.values()[0][3]).isEqualTo(0.0);
    }

    @Test
    void survivalCurveOfTheFixture() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).setting("churn.segments", "plan")
                .build());
        Curve km = (Curve) r.get("churn.km");
        // overall line + basis + premium
        assertThat(km.series()).extracting(Curve.Line::nameKey).containsExactly("churn.km.overall", "basis", "premium");
        // durations (days): D 15 (event), C 30 (censored), G 74, F 346, E 394, A 430 (events), B 304, H 455 (censored).
        // KM: t=15: 7/8; t=74: ×5/6 (C gone at 30); t=346: ×3/4 (B gone at 304); t=394: ×2/3; t=430: ×1/2.
        Curve.Line all = km.series().get(0);
        double[] s = {1.0, 7.0 / 8, 7.0 / 8 * 5 / 6, 7.0 / 8 * 5 / 6 * 3 / 4, 7.0 / 8 * 5 / 6 * 3 / 4 * 2 / 3,
            7.0 / 8 * 5 / 6 * 3 / 4 * 2 / 3 / 2, 7.0 / 8 * 5 / 6 * 3 / 4 * 2 / 3 / 2};
        assertThat(all.y()).hasSize(s.length);
        for (int i = 0; i < s.length; i++) {
            assertThat(all.y()[i]).isCloseTo(s[i], within(1e-15));
        }
        assertThat(all.x()[1]).isCloseTo(15 / (365.2425 / 12), within(1e-12));
        assertThat(all.x()[6]).isCloseTo(455 / (365.2425 / 12), within(1e-12));
        // 7/8·5/6·3/4 = 0.547 at 346 days; ×2/3 = 0.365 at 394 days: the first value ≤ 0.5 → median 394 days.
        assertThat((Double) km.facts().get("medianMonths")).isCloseTo(394 / (365.2425 / 12), within(1e-12));
        assertThat(km.facts()).containsKeys("logRankChi2", "logRankP", "bySegment", "atRisk");
        // at risk at 12 months (366 days): A 430, E 394, H 455 → 3
        @SuppressWarnings("unchecked")
        Map<String, Object> atRisk = (Map<String, Object>) km.facts().get("atRisk");
        assertThat(atRisk).containsEntry("0", 8).containsEntry("12", 3);
        Table summary = (Table) r.get("churn.km.summary");
        assertThat(summary.rows()).hasSize(3);
    }

    @Test
    void nonContractualDataInfersLossFromInactivity() {
        // inactivity 30 days, as of 2024-03-31:
        //   P acq 2024-01-01, last purchase 2024-02-10 → lost 2024-03-11 (March)
        //   Q acq 2024-01-05, last 2024-03-05 → 2024-04-04 is after the as-of day → active
        //   R acq 2023-11-01, no purchase → lost 2023-12-01
        //   S acq 2024-02-01, last 2024-03-01 → lost 2024-03-31 = as-of day → lost (March)
        // March: start P, Q, S = 3; lost P, S → 2/3.
        var ledger = TestLedger.asOf(java.time.LocalDate.parse("2024-03-31")).contractual(false).inactivityDays(30)
                .customer("P", "2024-01-01", null, Map.of()).customer("Q", "2024-01-05", null, Map.of())
                .customer("R", "2023-11-01", null, Map.of()).customer("S", "2024-02-01", null, Map.of())
                .transaction("P", "2024-01-01", 100).transaction("P", "2024-02-10", 50)
                .transaction("Q", "2024-03-05", 10).transaction("S", "2024-03-01", 10).build();
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(ledger).build());
        Kpi monthly = (Kpi) r.get("churn.monthly.rate");
        assertThat(monthly.value()).isCloseTo(2.0 / 3, within(1e-15));
        // December 2023: start R = 1 (acquired Nov), lost R → 1.0; that is 3 months back, not compared
        assertThat(((Kpi) r.get("customers.active")).value()).isEqualTo(1.0);
        assertThat(r.get("churn.inferred")).isInstanceOf(Note.class);
        assertThat(((Note) r.get("churn.inferred")).args()).containsExactly(30);
    }

    /**
     * Issue 17 item 8: without customers.csv the customers come from the transactions, acquired on the
     * first purchase (a day with an amount &gt; 0) and lost the inactivity days after the last one. A
     * customer with only returns or zero rows never bought: neither acquired, active nor lost, though its
     * amounts count in the month's revenue. Inactivity 30 days, as of 2024-03-31:
     * <pre>
     *   P buys 01-10, 02-05            acquired 01-10 (Jan)   lost 02-05 + 30 = 03-06 (Mar)
     *   Q buys 02-20, 03-05            acquired 02-20 (Feb)   lost 03-05 + 30 = 04-04, after the as-of day: active
     *   T returns 01-02, buys 02-01    acquired 02-01 (Feb: the return is no purchase)   lost 03-02 (Mar)
     *   S buys 03-15                   acquired 03-15 (Mar)   lost 04-14: active
     *   R returns 02-10 (-30), a zero row 03-10: no purchase, so no customer (acquired on its first row,
     *     as before the fix, it would be added in Feb and lost on 02-10 + 30 = 03-11, in March)
     * </pre>
     * Gross adds: Jan 1 (P), Feb 2 (Q, T), Mar 1 (S). Lost: Mar 2 (P, T).
     * Active at the start of March = 1 + 2 = 3 (P, Q, T); monthly churn in March = 2 / 3; February: 0 / 1.
     * Active at the end of March = 3 + 1 − 2 = 2 (Q, S); net growth in March = 1 − 2 = −1.
     * Revenue: February 50 + 40 + 10 − 30 = 70 (R's return counts); March 15 + 25 + 0 = 40; January 100 − 5 = 95.
     * (With R as a customer: March 3 / 4, February gross adds 3.)
     */
    @Test
    void withoutCustomersCsvACustomerWithOnlyReturnsIsNeitherAcquiredActiveNorLost() {
        for (boolean fileOrder : new boolean[] {true, false}) {
            String[][] rows = {
                    {"T", "2024-02-01", "10"}, {"P", "2024-02-05", "50"}, {"R", "2024-03-10", "0"},
                    {"T", "2024-01-02", "-5"}, {"P", "2024-01-10", "100"}, {"Q", "2024-03-05", "15"},
                    {"Q", "2024-02-20", "40"}, {"R", "2024-02-10", "-30"}, {"S", "2024-03-15", "25"}};
            List<String[]> order = new java.util.ArrayList<>(List.of(rows));
            // by date: the ingestion's ordered lane; as listed (each customer's later day first): its out-of-order lane
            if (fileOrder) {
                order.sort(java.util.Comparator.comparing((String[] r) -> r[1]));
            }
            var b = TestLedger.asOf(java.time.LocalDate.parse("2024-03-31")).contractual(false).inactivityDays(30);
            order.forEach(r -> b.transaction(r[0], r[1], Double.parseDouble(r[2])));
            TestLedger ledger = b.build();
            int r = ledger.indexOf("R");
            assertThat(r).as("R is a row of the ledger").isNotNegative();
            assertThat(ledger.acquiredOn(r)).isEqualTo(io.klarsyn.api.ledger.CustomerLedger.NO_DAY);
            assertThat(ledger.lostOn(r)).isEqualTo(io.klarsyn.api.ledger.CustomerLedger.NO_DAY);
            assertThat(ledger.acquiredOn(ledger.indexOf("T"))).isEqualTo(java.time.LocalDate.parse("2024-02-01").toEpochDay());
            assertThat(ledger.revenueIn(YearMonth.of(2024, 1))).isEqualTo(95);
            assertThat(ledger.revenueIn(YearMonth.of(2024, 2))).isEqualTo(70);
            assertThat(ledger.revenueIn(YearMonth.of(2024, 3))).isEqualTo(40);

            var out = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(ledger)
                    .available(java.util.EnumSet.of(io.klarsyn.api.model.DataKind.TRANSACTIONS)).build());
            Kpi monthly = (Kpi) out.get("churn.monthly.rate");
            assertThat(monthly.value()).as("file order " + fileOrder).isCloseTo(2.0 / 3, within(1e-15));
            assertThat(monthly.previous()).isEqualTo(0.0);
            assertThat(monthly.facts()).containsEntry("lost", 2L).containsEntry("activeAtStart", 3L);
            assertThat(((Kpi) out.get("customers.active")).value()).isEqualTo(2.0);
            assertThat(((Kpi) out.get("customers.active")).previous()).isEqualTo(3.0);
            assertThat(((Kpi) out.get("customers.grossAdds")).value()).isEqualTo(1.0);
            assertThat(((Kpi) out.get("customers.grossAdds")).previous()).isEqualTo(2.0);
            assertThat(((Kpi) out.get("customers.netGrowth")).value()).isEqualTo(-1.0);
        }
    }

    @Test
    void unknownSegmentIsANoteNotAFailure() {
        var ctx = TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).setting("churn.segments", "colour")
                .build();
        var r = run(ctx);
        assertThat(r.get("churn.by.colour")).isInstanceOf(Note.class);
        // the note says it in the report's language; the English line is for the run log only
        assertThat(ctx.warnings()).isEmpty();
        assertThat(ctx.infos()).anyMatch(w -> w.contains("colour"));
    }

    @Test
    void everySettingReadIsDeclaredAndEveryKeyHasTexts() {
        assertThat(CALC.settings()).extracting(s -> s.name()).containsExactlyInAnyOrder("churn.segments",
                "churn.minBase", "churn.drivers", "churn.window.months");
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).setting("churn.segments", "plan")
                .setting("churn.drivers", "plan").build());
        for (Locale l : new Locale[] {Locale.ENGLISH, new Locale("nb"), new Locale("sv")}) {
            ResourceBundle b = CALC.messages(l);
            assertThat(b).isNotNull();
            assertThat(b.getString("churn.title")).isNotBlank();
            for (MetricResult m : r.values()) {
                assertThat(b.containsKey(m.titleKey())).as(l + " " + m.titleKey()).isTrue();
                if (m instanceof Table t) {
                    t.columns().forEach(c -> assertThat(b.containsKey(c.labelKey())).as(c.labelKey()).isTrue());
                }
                if (m instanceof TimeSeries ts) {
                    ts.series().forEach(x -> assertThat(b.containsKey(x.nameKey())).as(x.nameKey()).isTrue());
                }
                if (m instanceof Categories c) {
                    c.series().forEach(x -> assertThat(b.containsKey(x.nameKey())).as(x.nameKey()).isTrue());
                }
                if (m instanceof Curve c) {
                    assertThat(b.containsKey(c.xLabelKey()) && b.containsKey(c.yLabelKey())).isTrue();
                    assertThat(b.containsKey(c.series().get(0).nameKey())).isTrue();
                }
            }
            assertThat(io.klarsyn.testkit.FactLabels.missing(r.values(), b)).as("facts without a label in " + l).isEmpty();
        }
        // each language file by itself has every key (the bundle chain would hide a missing one)
        assertThat(ownKeys("messages_nb")).isEqualTo(ownKeys("messages")).isEqualTo(ownKeys("messages_sv"));
        assertThat(CALC.messages(new Locale("nb")).getString("churn.title")).contains("Kundefrafall");
        assertThat(CALC.messages(new Locale("sv")).getString("churn.title")).contains("Kundbortfall");
    }

    static java.util.Set<String> ownKeys(String file) {
        var p = new java.util.Properties();
        try (var in = ChurnCalculator.class.getResourceAsStream(file + ".properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.stringPropertyNames();
    }

    @Test
    void aCancelledRunStops() {
        var ctx = TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).build();
        ctx.cancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CALC.compute(ctx))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @Test
    void withNeitherCustomersNorTransactionsChurnSaysWhy() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3)).build());
        assertThat(r).containsOnlyKeys("churn.noCustomers");
    }

    @Test
    void badSettingsNameTheSetting() {
        var ctx = TestContext.builder(YearMonth.of(2024, 3)).ledger(fixture()).setting("churn.minBase", "0").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CALC.compute(ctx))
                .hasMessageContaining("churn.minBase");
    }

    @Test
    void emptyLedgerGivesNullsNotZeros() {
        var r = run(TestContext.builder(YearMonth.of(2024, 3))
                .available(java.util.EnumSet.of(io.klarsyn.api.model.DataKind.CUSTOMERS)).build());
        assertThat(((Kpi) r.get("churn.monthly.rate")).value()).isNull();
        assertThat(((Kpi) r.get("churn.12m.rate")).value()).isNull();
        assertThat(r.get("churn.drivers")).isInstanceOf(Note.class);
    }

    /**
     * Issue 17 item 8: without customers.csv the churn section still exists, its customers from the
     * transactions: acquired on the first purchase, lost 90 days (customers.inactivityDays) after
     * the last one. Report month 2024-05.
     *   A buys 2024-01-05: lost 2024-04-04      C buys 2024-02-03, 2024-04-20: lost 2024-07-19 (active)
     *   B buys 2024-01-10: lost 2024-04-09      E buys 2024-02-10: lost 2024-05-10
     *   D buys 2024-05-20 (acquired in May)     R only a return 2024-03-01: no purchase, so no customer
     * Active at the start of May: C, E = 2; lost in May: E = 1; monthly churn 1/2. (Before R was left out
     * it was acquired on its return and lost on 2024-05-30: C, E, R = 3 at the start, E, R = 2 lost.)
     */
    @Test
    void withoutCustomersCsvChurnComesFromTheTransactions() {
        TestLedger l = TestLedger.asOf(java.time.LocalDate.parse("2024-05-31"))
                .transaction("A", "2024-01-05", 10).transaction("B", "2024-01-10", 10)
                .transaction("C", "2024-02-03", 10).transaction("E", "2024-02-10", 10)
                .transaction("R", "2024-03-01", -10).transaction("C", "2024-04-20", 10)
                .transaction("D", "2024-05-20", 10).build();
        assertThat(l.contractual()).isFalse();
        var r = run(TestContext.builder(YearMonth.of(2024, 5)).ledger(l).build());
        Kpi monthly = (Kpi) r.get("churn.monthly.rate");
        assertThat(monthly.facts()).containsEntry("activeAtStart", 2L).containsEntry("lost", 1L);
        assertThat(monthly.value()).isCloseTo(1.0 / 2, within(1e-12));
        assertThat(((Kpi) r.get("customers.active")).value()).isEqualTo(2.0); // C and D
        assertThat(r).containsKey("churn.inferred");
    }
}
