package io.klarsyn.metrics.clv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Table;
import io.klarsyn.generator.GroundTruth;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

class ClvCalculatorTest {

    @TempDir
    Path tmp;

    private static MetricResult find(List<MetricResult> rs, String id) {
        return rs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id));
    }

    @Test
    void simpleClvFromALedgerByHand() {
        // Hand derivation. 10 customers acquired 2023-01-01; c0 is lost on 2024-08-01, the others stay.
        // Everyone buys 100 on the 15th of each month of 2024 while a customer (c0: Jan..Jul).
        // Month-start active counts: Jan..Aug 10 (c0 is still active at the start of August), Sep..Dec 9,
        // so the mean is (8*10 + 4*9)/12 = 9.6667; lost in the 12 months = 1; revenue = 9*1200 + 700.
        // Annual churn = 1/9.6667, lifetime = 9.6667 years, revenue per customer = revenue/9.6667,
        // so CLV = revenue/9.6667 * 9.6667 - cost = revenue - cost.
        TestLedger.Builder b = TestLedger.asOf(LocalDate.of(2024, 12, 31));
        for (int c = 0; c < 10; c++) {
            b.customer("c" + c, "2023-01-01", c == 0 ? "2024-08-01" : null, Map.of("acquisition_cost", "500"));
        }
        for (int c = 0; c < 10; c++) {
            for (int m = 1; m <= (c == 0 ? 7 : 12); m++) {
                b.transaction("c" + c, LocalDate.of(2024, m, 15), 100);
            }
        }
        TestLedger l = b.build();
        SimpleClv.Result r = SimpleClv.compute(l, YearMonth.of(2024, 12), Double.NaN);
        double avg = (8 * 10 + 4 * 9) / 12.0;                  // Jan..Aug starts: 10; Sep..Dec: 9
        double revenue = 9 * 1200 + 700;
        assertThat(r.averageCustomers()).isCloseTo(avg, within(1e-12));
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.revenue()).isCloseTo(revenue, within(1e-9));
        assertThat(r.acquisitionCost()).isZero();             // nobody acquired in the window
        assertThat(r.value()).isCloseTo(revenue, within(1e-6));
        SimpleClv.Result withCost = SimpleClv.compute(l, YearMonth.of(2024, 12), 1000);
        assertThat(withCost.value()).isCloseTo(revenue - 1000, within(1e-6));
    }

    /**
     * Issue 17 item 8: a history shorter than the 12-month window. Data begins 2024-03 (10 customers
     * acquired 2024-03-10); report month 2024-07. Only April–July can have customers at their start:
     * 4 months. c0 is lost 2024-06-15; everyone buys 100 on the 20th while a customer (c0: Mar–May).
     * Starts: Apr 10, May 10, Jun 10, Jul 9, mean 9.75 (not 39/12 = 3.25 with eight months of zero
     * customers); lost 1; revenue Apr–Jul = 9·4·100 + 2·100 = 3 800 (March's 1 000 has no customers
     * at its start); annualised ×12/4: churn 3/9.75, revenue per customer 3 800·3/9.75.
     */
    @Test
    void simpleClvUsesOnlyTheMonthsSinceTheDataBegan() {
        TestLedger.Builder b = TestLedger.asOf(LocalDate.of(2024, 7, 31));
        for (int c = 0; c < 10; c++) {
            b.customer("c" + c, "2024-03-10", c == 0 ? "2024-06-15" : null, Map.of());
            for (int m = 3; m <= (c == 0 ? 5 : 7); m++) {
                b.transaction("c" + c, LocalDate.of(2024, m, 20), 100);
            }
        }
        TestLedger l = b.build();
        SimpleClv.Result r = SimpleClv.compute(l, YearMonth.of(2024, 7), 0);
        assertThat(r.monthsUsed()).isEqualTo(4);
        assertThat(r.averageCustomers()).isCloseTo(9.75, within(1e-12));
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.revenue()).isCloseTo(3800, within(1e-9));
        assertThat(r.annualChurnRate()).isCloseTo(3 / 9.75, within(1e-12));
        assertThat(r.annualRevenuePerCustomer()).isCloseTo(3800 * 3 / 9.75, within(1e-9));
        // the data begins in the report month: no month with customers at its start, no value
        SimpleClv.Result none = SimpleClv.compute(l, YearMonth.of(2024, 3), 0);
        assertThat(none.monthsUsed()).isZero();
        assertThat(none.value()).isNaN();
    }

    /**
     * Issue 17 item 8: repeat purchases refunded in full net to a binary residue (0.1 + 0.2 − 0.3 =
     * 5.6e-17), not a positive spend; a cent is one.
     */
    @Test
    void theSpendModelsPositiveTestIsOnCents() {
        TestLedger l = TestLedger.asOf(LocalDate.of(2024, 12, 31))
                .transaction("r", "2024-01-10", 50).transaction("r", "2024-02-10", 0.1)
                .transaction("r", "2024-02-11", 0.2).transaction("r", "2024-03-01", -0.3)
                .transaction("c", "2024-01-10", 50).transaction("c", "2024-02-10", 0.01).build();
        int r = l.indexOf("r");
        assertThat(l.revenue(r) - l.firstOccasionRevenue(r)).isPositive(); // the residue
        assertThat(ClvCalculator.repeatSpendPositive(l, r)).isFalse();
        assertThat(ClvCalculator.repeatSpendPositive(l, l.indexOf("c"))).isTrue();
    }

    @Test
    void oneScanOverSeveralWindowsEqualsTheDefinitionPerWindow() {
        // Random contractual and non-contractual ledgers; the one-pass, multi-window simple CLV must give
        // exactly what the definition gives window by window (written out directly below).
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (boolean contractual : new boolean[] {true, false}) {
            LocalDate asOf = LocalDate.of(2025, 6, 30);
            TestLedger.Builder b = TestLedger.asOf(asOf);
            for (int c = 0; c < 400; c++) {
                LocalDate acq = asOf.minusDays(rnd.nextInt(1200));
                LocalDate churn = contractual && rnd.nextInt(3) == 0 ? acq.plusDays(rnd.nextInt(800)) : null;
                if (churn != null && churn.isAfter(asOf)) {
                    churn = null;
                }
                if (contractual || rnd.nextBoolean()) {
                    b.customer("c" + c, acq, churn, Map.of("acquisition_cost", String.valueOf(100 + rnd.nextInt(900))));
                }
                LocalDate d = acq;
                while (rnd.nextInt(4) != 0) {
                    d = d.plusDays(1 + rnd.nextInt(200));
                    if (d.isAfter(asOf) || churn != null && d.isAfter(churn)) {
                        break;
                    }
                    b.transaction("c" + c, d, 10 + rnd.nextInt(500));
                }
            }
            TestLedger l = b.build();
            YearMonth[] months = {YearMonth.of(2025, 6), YearMonth.of(2025, 5), YearMonth.of(2024, 6)};
            SimpleClv.Result[] all = SimpleClv.compute(l, months, Double.NaN);
            for (int w = 0; w < months.length; w++) {
                int windowAsOf = (int) months[w].atEndOfMonth().toEpochDay();
                YearMonth first = months[w].minusMonths(11);
                double active = 0;
                long lost = 0;
                double cost = 0;
                long costN = 0;
                for (int i = 0; i < l.size(); i++) {
                    int acq = l.acquiredOn(i);
                    if (acq > windowAsOf) {
                        continue;
                    }
                    int lostDay = l.lostOn(i); // lost after the window's end counts as not lost in it (checks below)
                    for (int m = 0; m < 12; m++) {
                        int start = (int) first.plusMonths(m).atDay(1).toEpochDay();
                        if (acq < start && (lostDay == io.klarsyn.api.ledger.CustomerLedger.NO_DAY || lostDay >= start)) {
                            active++;
                        }
                    }
                    int windowStart = (int) first.atDay(1).toEpochDay();
                    if (lostDay != io.klarsyn.api.ledger.CustomerLedger.NO_DAY && lostDay >= windowStart && lostDay <= windowAsOf) {
                        lost++;
                    }
                    if (l.attribute("acquisition_cost") != null && acq >= windowStart) {
                        cost += l.attribute("acquisition_cost").number(i);
                        costN++;
                    }
                }
                SimpleClv.Result r = all[w];
                assertThat(r.averageCustomers()).as("window %s", months[w]).isCloseTo(active / 12, within(1e-9));
                assertThat(r.lost()).as("window %s", months[w]).isEqualTo(lost);
                assertThat(r.acquisitionCost()).isCloseTo(costN == 0 ? 0 : cost / costN, within(1e-9));
                assertThat(r.averageCustomers()).isPositive();
                assertThat(SimpleClv.compute(l, months[w], Double.NaN)).isEqualTo(r);
            }
        }
    }

    @Test
    void recoversTheGeneratorsPurchaseAndSpendModel() throws IOException {
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(5000).withMonths(24).withEnd(end)
                .withContractual(false).withSeed(11), tmp);
        TestLedger.Builder b = TestLedger.asOf(end.atEndOfMonth());
        List<String> lines = Files.readAllLines(tmp.resolve("transactions.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            b.transaction(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[2]));
        }
        TestContext ctx = TestContext.builder(end).ledger(b.build()).build();
        List<MetricResult> rs = new ClvCalculator().compute(ctx);

        Table bg = (Table) find(rs, "clv.bgnbd");
        Map<String, Object> f = bg.facts();
        assertThat(f.get("converged")).isEqualTo(true);
        assertThat(f.get("timeUnit")).isEqualTo("week");
        double r = (double) f.get("r"), alpha = (double) f.get("alpha"), a = (double) f.get("a"), bb = (double) f.get("b");
        // The generator draws purchases in continuous time; several on one calendar day become one
        // purchase occasion here, as the literature counts them, which lowers the observed rate by a few
        // percent. So the purchase rate r/alpha is checked within 10 %, and each parameter within 4 SE
        // or 20 %, whichever is wider (5 000 customers).
        assertThat(r / alpha).isCloseTo(GroundTruth.R / GroundTruth.ALPHA, within(0.10 * GroundTruth.R / GroundTruth.ALPHA));
        assertClose("a", a, (double) f.get("aSe"), GroundTruth.A);
        assertClose("b", bb, (double) f.get("bSe"), GroundTruth.B);

        Table gg = (Table) find(rs, "clv.gammagamma");
        double p = (double) gg.facts().get("p"), q = (double) gg.facts().get("q"), g = (double) gg.facts().get("gamma");
        // mean spend per purchase p*gamma/(q-1) = 6 * 225 / 3 = 450 NOK in the generator
        assertThat(p * g / (q - 1)).isCloseTo(GroundTruth.P * GroundTruth.GAMMA / (GroundTruth.Q - 1), within(0.1 * 450));

        Kpi predicted = (Kpi) find(rs, "clv.predicted");
        assertThat(predicted.value()).isPositive();
        assertThat(predicted.facts()).containsEntry("horizonMonths", 12).containsEntry("timeUnit", "week");
        Table tiers = (Table) find(rs, "clv.tiers");
        double topShare = (double) tiers.rows().get(0).get(3);
        assertThat(topShare).isGreaterThan(0.10).isLessThan(1.0);  // the top 10 % hold more than 10 % of value
        assertThat(rs).noneMatch(x -> x instanceof Note n && n.id().endsWith("notConverged"));
        // at risk: P(alive) under 0.5, the highest predicted CLV first
        Table risk = (Table) find(rs, "clv.atRisk");
        assertThat(risk.rows()).hasSize(20);
        assertThat((int) risk.facts().get("customersAtRisk")).isGreaterThan(20);
        double previousClv = Double.MAX_VALUE;
        for (List<Object> row : risk.rows()) {
            assertThat((double) row.get(4)).isLessThan(0.5);
            assertThat((double) row.get(5)).isLessThanOrEqualTo(previousClv);
            previousClv = (double) row.get(5);
        }
        assertThat((double) risk.rows().get(0).get(5)).isPositive();

        // Holdout: the data are a pure BG/NBD process, so the model fitted on the history before the last
        // 26 weeks must forecast the repeat purchases of those weeks closely (FHL 2005 report -2 % on CDNOW).
        io.klarsyn.api.result.Curve holdout = (io.klarsyn.api.result.Curve) find(rs, "clv.holdout");
        double relErr = (double) holdout.facts().get("relativeError");
        assertThat(Math.abs(relErr)).as("relative error of the holdout forecast").isLessThan(0.10);
        assertThat((double) holdout.facts().get("perCustomerCorrelation")).isGreaterThan(0.5);
        double[] actual = holdout.series().get(0).y();
        assertThat(actual[actual.length - 1]).isEqualTo((double) holdout.facts().get("actualRepeatPurchases"));
    }

    /**
     * Issue 17 item 3: returns on their own day are no purchase occasions. Generated BG/NBD data (known
     * truth), then every third customer returns their last purchase in full ten days later (or on the as-of
     * day). The purchase model sees the same (x, t_x, T) as without the returns, so its parameters are
     * identical; the at-risk list shows the last day with a purchase, never a return's day; a customer
     * whose only row is a return is no buyer.
     */
    @Test
    void returnsOnTheirOwnDayLeaveThePurchaseModelAlone() throws IOException {
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(3000).withMonths(24).withEnd(end)
                .withContractual(false).withSeed(5), tmp);
        List<String> lines = Files.readAllLines(tmp.resolve("transactions.csv"));
        TestLedger.Builder plain = TestLedger.asOf(end.atEndOfMonth());
        TestLedger.Builder withReturns = TestLedger.asOf(end.atEndOfMonth());
        Map<String, String[]> last = new java.util.HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            plain.transaction(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[2]));
            withReturns.transaction(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[2]));
            String[] prev = last.get(f[0]);
            if (prev == null || f[1].compareTo(prev[1]) > 0) {
                last.put(f[0], f);
            }
        }
        Map<String, LocalDate> returnDay = new java.util.HashMap<>();
        int k = 0;
        for (String[] f : last.values().stream().sorted(java.util.Comparator.comparing((String[] x) -> x[0])).toList()) {
            if (k++ % 3 == 0) {
                LocalDate d = LocalDate.parse(f[1]).plusDays(10);
                d = d.isAfter(end.atEndOfMonth()) ? end.atEndOfMonth() : d;
                if (!d.equals(LocalDate.parse(f[1]))) {
                    withReturns.transaction(f[0], d, -Double.parseDouble(f[2]));
                    returnDay.put(f[0], d);
                }
            }
        }
        withReturns.transaction("only-a-return", LocalDate.of(2026, 9, 1), -40);
        List<MetricResult> a = new ClvCalculator().compute(TestContext.builder(end).ledger(plain.build()).build());
        List<MetricResult> b = new ClvCalculator().compute(TestContext.builder(end).ledger(withReturns.build()).build());
        assertThat(returnDay).hasSizeGreaterThan(500);
        Map<String, Object> fa = find(a, "clv.bgnbd").facts();
        Map<String, Object> fb = find(b, "clv.bgnbd").facts();
        for (String name : List.of("r", "alpha", "a", "b", "customers", "patterns", "logLikelihood")) {
            assertThat(fb.get(name)).as(name).isEqualTo(fa.get(name));
        }
        Table risk = (Table) find(b, "clv.atRisk");
        assertThat(risk.rows()).isNotEmpty();
        for (List<Object> row : risk.rows()) {
            String id = (String) row.get(0);
            assertThat(row.get(3)).as(id).isEqualTo(last.get(id)[1]);
        }
    }

    /**
     * Contractual data (the generator's default, like an energy or telecom client): purchases follow the
     * BG/NBD process only while the contract runs. Each customer is observed until the day before the
     * contract ended, so the fit recovers the purchase process, not purchase process + contract ends;
     * fitted on every customer up to the as-of day instead, a comes out 1.09 for a true 0.8 (1 M
     * customers). The hazard of contract end feeds the forecast.
     */
    @Test
    void recoversThePurchaseModelFromContractualData() throws IOException {
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(8000).withMonths(24).withEnd(end).withSeed(21), tmp);
        TestLedger.Builder b = TestLedger.asOf(end.atEndOfMonth());
        List<String> customers = Files.readAllLines(tmp.resolve("customers.csv"));
        assertThat(customers.get(0)).startsWith("customer_id,acquired_on,churned_on,");
        int churned = 0;
        for (String line : customers.subList(1, customers.size())) {
            String[] f = line.split(",", -1);
            b.customer(f[0], f[1], f[2].isEmpty() ? null : f[2], Map.of());
            churned += f[2].isEmpty() ? 0 : 1;
        }
        assertThat(churned).as("contracts ended").isGreaterThan(1000);
        List<String> lines = Files.readAllLines(tmp.resolve("transactions.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            b.transaction(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[2]));
        }
        List<MetricResult> rs = new ClvCalculator().compute(TestContext.builder(end).ledger(b.build()).build());
        Map<String, Object> f = ((Table) find(rs, "clv.bgnbd")).facts();
        assertThat(f.get("converged")).isEqualTo(true);
        double r = (double) f.get("r"), alpha = (double) f.get("alpha"), a = (double) f.get("a"), bb = (double) f.get("b");
        // as in the non-contractual test: the rate r/alpha within 10 % (same-day purchases merge), a and b
        // within 4 SE or 20 %
        assertThat(r / alpha).isCloseTo(GroundTruth.R / GroundTruth.ALPHA, within(0.10 * GroundTruth.R / GroundTruth.ALPHA));
        assertClose("a", a, (double) f.get("aSe"), GroundTruth.A);
        assertClose("b", bb, (double) f.get("bSe"), GroundTruth.B);

        // The generator's monthly hazard of contract end is base[plan] × segment × channel multipliers
        // (truth.json "churn"). With its shares — plan 0.5/0.35/0.15 × base 0.03/0.02/0.012 = 0.0238,
        // segment 0.8 × 1 + 0.2 × 0.7 = 0.94, channel 0.55 × 1.1 + 0.3 × 0.9 + 0.15 × 1.0 = 1.025 — the
        // population mean is 0.0238 × 0.94 × 1.025 = 0.0229 a month. Customers still under contract lean
        // to the low-hazard plans, so the exposure-weighted estimate may sit a little below: within 20 %.
        Kpi predicted = (Kpi) find(rs, "clv.predicted");
        assertThat((double) predicted.facts().get("contractEndHazardMonthly")).isCloseTo(0.0229, within(0.2 * 0.0229));
        assertThat(predicted.facts().get("method")).isEqualTo("bgnbd-gamma-gamma-contracts");

        // the holdout compares customers over their time under contract: close, as for a pure BG/NBD process
        io.klarsyn.api.result.Curve holdout = (io.klarsyn.api.result.Curve) find(rs, "clv.holdout");
        assertThat(Math.abs((double) holdout.facts().get("relativeError"))).isLessThan(0.10);
        assertThat((int) holdout.facts().get("customers")).isLessThan((int) holdout.facts().get("fittedOn"));

        // the methodology appendix labels every fact in every language
        for (String tag : new String[] {"nb-NO", "sv-SE", "en-GB"}) {
            assertThat(io.klarsyn.testkit.FactLabels.missing(rs, new ClvCalculator().messages(Locale.forLanguageTag(tag))))
                    .as("facts without a label in " + tag).isEmpty();
        }
    }

    @Test
    void dayAndWeekUnitsGiveTheSamePredictedValue() throws IOException {
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(1500).withMonths(18).withEnd(end)
                .withContractual(false).withSeed(3), tmp);
        TestLedger.Builder b = TestLedger.asOf(end.atEndOfMonth());
        List<String> lines = Files.readAllLines(tmp.resolve("transactions.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            b.transaction(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[2]));
        }
        TestLedger ledger = b.build();
        double week = ((Kpi) find(new ClvCalculator().compute(TestContext.builder(end).ledger(ledger).build()), "clv.predicted")).value();
        double day = ((Kpi) find(new ClvCalculator().compute(TestContext.builder(end).ledger(ledger)
                .setting("clv.timeUnit", "day").build()), "clv.predicted")).value();
        // alpha scales with the unit and r, a, b do not: the model, and so CLV, is unit-free.
        assertThat(day).isCloseTo(week, within(0.01 * week));
    }

    @Test
    void tooLittleDataGivesANoteNotGarbage() throws Exception {
        TestLedger l = TestLedger.asOf(LocalDate.of(2024, 5, 31)).transaction("a", "2024-01-02", 10).build();
        List<MetricResult> rs = new ClvCalculator().compute(TestContext.builder(YearMonth.of(2024, 5)).ledger(l).build());
        assertThat(rs).anyMatch(r -> r instanceof Note n && n.messageKey().equals("clv.note.tooFewBuyers"));
        assertThat(rs).noneMatch(r -> r.id().equals("clv.predicted"));
    }

    @Test
    void textsExistInThreeLanguages() {
        ClvCalculator c = new ClvCalculator();
        for (String tag : new String[] {"nb-NO", "sv-SE", "en-GB"}) {
            var bundle = c.messages(Locale.forLanguageTag(tag));
            assertThat(bundle.getString("clv.title")).isNotBlank();
            assertThat(bundle.getString("clv.note.notConverged")).contains("{0}");
            for (String unit : new String[] {"week", "day", "month"}) {
                assertThat(bundle.getString("clv.bgnbd." + unit)).isNotBlank();
                assertThat(bundle.getString("clv.bgnbd.param.alpha." + unit)).isNotBlank();
            }
            for (String h : new String[] {"h6", "h24", "h36", "h60", "custom"}) {
                assertThat(bundle.getString("clv.predicted." + h)).isNotBlank();
            }
        }
        // each language file by itself has every key
        assertThat(ownKeys("messages_nb")).isEqualTo(ownKeys("messages")).isEqualTo(ownKeys("messages_sv"));
    }

    /** The keys of one messages file by itself (the bundle chain would hide one missing in nb or sv). */
    static java.util.Set<String> ownKeys(String file) {
        var p = new java.util.Properties();
        try (var in = ClvCalculator.class.getResourceAsStream(file + ".properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.stringPropertyNames();
    }

    private static void assertClose(String name, double est, double se, double truth) {
        assertThat(Math.abs(est - truth)).as("%s = %f ± %f, truth %f", name, est, se, truth)
                .isLessThan(Math.max(4 * se, 0.2 * truth));
    }
}
