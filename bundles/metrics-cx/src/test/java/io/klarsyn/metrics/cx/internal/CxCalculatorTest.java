package io.klarsyn.metrics.cx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.settings.SettingDescriptor;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;
import io.klarsyn.testkit.TestSurveys;

class CxCalculatorTest {

    private static final int M = SurveyTableMissing.MISSING;
    private static final YearMonth PERIOD = YearMonth.of(2026, 3);
    static final String[] DRIVERS = {"trust", "problem_solving", "ease", "expectations", "personalization", "empathy"};

    /** Small helper so the fixture reads like the data. */
    static final class SurveyTableMissing {
        static final int MISSING = io.klarsyn.api.ledger.SurveyTable.MISSING;
    }

    private static TestLedger ledger() {
        TestLedger.Builder b = TestLedger.asOf(PERIOD.atEndOfMonth());
        for (int c = 0; c < 20; c++) {
            b.customer("c" + c, "2024-01-01", null, Map.of("plan", c < 15 ? "basis" : "premium"));
        }
        return b.build();
    }

    private static List<MetricResult> run(TestSurveys.Builder sb, TestLedger ledger, String... settings) throws Exception {
        TestContext.Builder cb = TestContext.builder(PERIOD).ledger(ledger).surveys(sb.build(ledger));
        for (int i = 0; i < settings.length; i += 2) {
            cb.setting(settings[i], settings[i + 1]);
        }
        return new CxCalculator().compute(cb.build());
    }

    @SuppressWarnings("unchecked")
    static <T extends MetricResult> T get(List<MetricResult> rs, String id) {
        return (T) rs.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no result " + id + " in " + rs.stream().map(MetricResult::id).toList()));
    }

    /** Hand fixture: March 2026 (report month), February (previous), March 2025 (last year). */
    private static TestSurveys.Builder scoreFixture() {
        TestSurveys.Builder b = TestSurveys.asOf(PERIOD.atEndOfMonth());
        int[] nps = {10, 9, 8, 7, 6, 0, 10, 3, 9, 5};
        int[] csat = {5, 4, 3, 2, 1, 4, M, M, M, M};
        int[] ces = {7, 5, 1, 3, M, M, M, M, M, M};
        for (int i = 0; i < nps.length; i++) {
            b.response("2026-03-" + (10 + i), "c" + i, nps[i], csat[i], ces[i], Map.of(), i < 5 ? "nett" : "butikk");
        }
        b.response("2026-03-25", "c10", M, 5, 7, Map.of(), "nett"); // blank NPS: still counts for CSAT and CES
        for (int i = 0; i < 4; i++) {
            b.response("2026-02-0" + (i + 1), "c" + i, i % 2 == 0 ? 9 : 10, M, M, Map.of(), "app");
        }
        b.response("2025-03-15", "c1", 3, M, M, Map.of(), "app");
        b.response("2026-04-01", "c1", 0, 1, 1, Map.of(), "app"); // after the period: cut by the as-of day
        return b;
    }

    @Test
    void scoresMatchTheHandComputation() throws Exception {
        List<MetricResult> rs = run(scoreFixture(), ledger(), "cx.segments", "plan", "cx.minBase", "5");
        Kpi nps = get(rs, "cx.nps");
        // March: 4 promoters, 2 passives, 4 detractors of 10 (the blank one is left out): NPS 0,
        // MoE = 1.959964·√(0.8/10)·100 = 55.436 (see StatsTest). February: all 4 promoters → 100;
        // March 2025: one detractor → −100.
        assertThat(nps.value()).isCloseTo(0.0, within(1e-9));
        assertThat(nps.previous()).isEqualTo(100.0);
        assertThat(nps.lastYear()).isEqualTo(-100.0);
        assertThat(nps.facts()).containsEntry("n", 10L).containsEntry("promoters", 0.4)
                .containsEntry("passives", 0.2).containsEntry("detractors", 0.4);
        assertThat((Double) nps.facts().get("marginOfError")).isCloseTo(55.436, within(1e-3));
        // previous has variance 0, current 0.8: z = −1.0/√(0.08) = −3.5355, p = 4.07e-4 (normal table)
        assertThat((Double) nps.facts().get("pChange")).isCloseTo(4.07e-4, within(0.02e-4));
        assertThat(nps.facts()).containsEntry("significantChange", true);

        Kpi csat = get(rs, "cx.csat");
        // CSAT 5,4,3,2,1,4 and 5 (from the blank-NPS response): top-2 = 4/7, mean = 24/7
        assertThat(csat.value()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat((Double) csat.facts().get("mean")).isCloseTo(24.0 / 7, within(1e-12));
        assertThat(csat.facts()).containsEntry("n", 7L);
        assertThat(csat.previous()).isNull(); // no CSAT in February: undefined, not 0

        Kpi ces = get(rs, "cx.ces");
        // CES 7,5,1,3,7: mean 23/5 = 4.6, share 5–7 = 3/5
        assertThat(ces.value()).isCloseTo(4.6, within(1e-12));
        assertThat((Double) ces.facts().get("share57")).isCloseTo(0.6, within(1e-12));
        assertThat(ces.facts()).containsEntry("n", 5L);

        TimeSeries trend = get(rs, "cx.nps.trend");
        assertThat(trend.months()).hasSize(12).endsWith(PERIOD);
        assertThat(trend.series().get(0).values()[11]).isCloseTo(0.0, within(1e-9));
        assertThat(trend.series().get(0).values()[10]).isEqualTo(100.0);
        assertThat(trend.series().get(1).values()[11]).isEqualTo(-100.0);
        assertThat(trend.series().get(0).values()[0]).isNaN();

        Categories mix = get(rs, "cx.nps.mix");
        assertThat(mix.stacked()).isTrue();
        assertThat(mix.series().get(2).values()[11]).isEqualTo(0.4);

        Table tp = get(rs, "cx.touchpoints");
        // window Jan–Mar 2026: nett = 10,9,8,7,6 (+ blank) → 2 pro, 2 pas, 1 det = 20;
        // butikk = 0,10,3,9,5 → 2 pro, 3 det = −20; app = 4 promoters in February = 100
        Map<String, List<Object>> byGroup = new HashMap<>();
        tp.rows().forEach(r -> byGroup.put((String) r.get(0), r));
        assertThat((Double) byGroup.get("nett").get(2)).isCloseTo(20.0, within(1e-9));
        assertThat((Double) byGroup.get("butikk").get(2)).isCloseTo(-20.0, within(1e-9));
        assertThat((Double) byGroup.get("app").get(2)).isCloseTo(100.0, within(1e-9));
        assertThat(byGroup.get("app").get(6)).isEqualTo(true); // 4 < minBase 5
        assertThat(byGroup.get("nett").get(6)).isEqualTo(false);

        Table plan = get(rs, "cx.segment.plan");
        // c0..c9 (10 NPS) + c0..c3 in February, all "basis"; c10 (blank NPS) basis too
        Map<String, List<Object>> byPlan = new HashMap<>();
        plan.rows().forEach(r -> byPlan.put((String) r.get(0), r));
        assertThat(byPlan).containsOnlyKeys("basis");
        assertThat((Double) byPlan.get("basis").get(2)).isCloseTo(100.0 * (8 - 4) / 14, within(1e-9));

        assertThat((Object) get(rs, "cx.drivers")).isInstanceOf(Note.class); // no driver columns
    }

    @Test
    void responsesWithoutTouchpointOrSegmentValueFormTheTranslatedMissingLevel() throws Exception {
        TestSurveys.Builder b = TestSurveys.asOf(PERIOD.atEndOfMonth());
        // anonymous (no customer, so no plan) and without a touchpoint: one promoter, one detractor
        b.response("2026-03-02", null, 9, M, M, Map.of(), null);
        b.response("2026-03-03", null, 2, M, M, Map.of(), " ");
        b.response("2026-03-04", "c1", 10, M, M, Map.of(), "nett");
        List<MetricResult> rs = run(b, ledger(), "cx.segments", "plan", "cx.minBase", "1");
        Table tp = get(rs, "cx.touchpoints");
        assertThat(tp.rows().stream().map(r -> r.get(0)).toList()).contains(Aggregates.MISSING, "nett")
                .doesNotContain("-", " ");
        Table plan = get(rs, "cx.segment.plan");
        Map<String, List<Object>> byPlan = new HashMap<>();
        plan.rows().forEach(r -> byPlan.put((String) r.get(0), r));
        // the missing level: 1 promoter, 1 detractor of 2 → NPS 0
        assertThat((Double) byPlan.get(Aggregates.MISSING).get(2)).isCloseTo(0.0, within(1e-9));
        assertThat(new CxCalculator().messages(Locale.forLanguageTag("nb")).getString(Aggregates.MISSING)).isEqualTo("(mangler)");
        assertThat(new CxCalculator().messages(Locale.forLanguageTag("sv")).getString(Aggregates.MISSING)).isEqualTo("(saknas)");
        assertThat(new CxCalculator().messages(Locale.ROOT).getString(Aggregates.MISSING)).isEqualTo("(missing)");
    }

    @Test
    void singleResponseAndMissingSegment() throws Exception {
        TestSurveys.Builder b = TestSurveys.asOf(PERIOD.atEndOfMonth());
        b.response("2026-03-02", null, 9, M, M, Map.of(), null);
        List<MetricResult> rs = run(b, ledger(), "cx.segments", "nosuch");
        Kpi nps = get(rs, "cx.nps");
        assertThat(nps.value()).isEqualTo(100.0);
        assertThat(nps.previous()).isNull();
        assertThat(nps.facts()).containsEntry("marginOfError", 0.0).containsEntry("significantChange", null);
        assertThat(get(rs, "cx.csat").facts()).containsEntry("n", 0L);
        assertThat(((Kpi) get(rs, "cx.csat")).value()).isNull();
        assertThat(((Note) get(rs, "cx.segment.nosuch.missing")).args()).containsExactly("nosuch");
    }

    /** Simulated survey with known driver weights (until the generator's truth.json is at hand). */
    static TestSurveys.Builder driverSurvey(int n, double[] weights, long seed) {
        Random r = new Random(seed);
        TestSurveys.Builder b = TestSurveys.asOf(PERIOD.atEndOfMonth()).drivers(DRIVERS);
        LocalDate start = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < n; i++) {
            Map<String, Double> d = new HashMap<>();
            double lin = 0;
            double common = r.nextGaussian();
            for (int j = 0; j < DRIVERS.length; j++) {
                double z = 0.5 * common + Math.sqrt(0.75) * r.nextGaussian();
                double rating = Math.max(1, Math.min(10, Math.round(6.5 + 0.5 * j - 0.4 * j * (j % 2) + 1.6 * z)));
                lin += weights[j] * (rating - 6.5);
                d.put(DRIVERS[j], rating);
            }
            if (i % 50 == 0) {
                d.remove("ease"); // a blank driver rating: out of the driver analysis only
            }
            int nps = (int) Math.max(0, Math.min(10, Math.round(7 + lin + 0.8 * r.nextGaussian())));
            b.response(start.plusDays(i % 90).toString(), null, nps, M, M, d, "nett");
        }
        return b;
    }

    /** Issue 17 item 10: a self-assessment of no driver is a translated note, no English warning. */
    @Test
    void selfAssessmentOfAnUnknownDriverIsATranslatedNote() throws Exception {
        double[] w = {0.45, 0.30, 0.05, 0.20, 0.0, 0.12};
        List<MetricResult> rs = run(driverSurvey(600, w, 21), ledger(), "cx.selfAssessment.trust", "9",
                "cx.selfAssessment.colour", "8");
        Note n = get(rs, "cx.selfAssessment.unknown.colour");
        assertThat(n.args().get(0)).isEqualTo("colour");
        assertThat(java.text.MessageFormat.format(new CxCalculator().messages(Locale.forLanguageTag("sv"))
                .getString(n.messageKey()), n.args().toArray()))
                .startsWith("cx.selfAssessment.colour anger ingen drivkraftskolumn; drivkrafterna är: ");
    }

    @Test
    void driverAnalysisRanksTheKnownWeights() throws Exception {
        double[] w = {0.45, 0.30, 0.05, 0.20, 0.0, 0.12};
        List<MetricResult> rs = run(driverSurvey(3000, w, 21), ledger(), "cx.selfAssessment.trust", "9,5",
                "cx.selfAssessment.ease", "8");
        Table t = get(rs, "cx.drivers");
        assertThat(t.facts()).containsEntry("n", 3000L - 60).containsEntry("excludedIncomplete", 60L);
        assertThat(get(rs, "cx.nps").facts()).containsEntry("n", 1023L);
        // March = days 59..89 of each 90-day cycle: 33 full cycles × 31 days = 1023 responses, those with a
        // blank driver included: listwise deletion does not touch NPS
        Map<String, Double> lmg = new HashMap<>();
        double sum = 0;
        for (List<Object> row : t.rows()) {
            lmg.put((String) row.get(0), (Double) row.get(1));
            sum += (Double) row.get(1);
            assertThat((Double) row.get(2)).isCloseTo((Double) row.get(1), within(0.03)); // relative weight
            assertThat(row.get(4)).isIn("fix-first", "maintain", "low-priority", "possible-overkill");
        }
        assertThat(sum).isCloseTo((Double) t.facts().get("r2"), within(1e-12));
        assertThat(lmg.get("trust")).isGreaterThan(lmg.get("problem_solving"));
        assertThat(lmg.get("problem_solving")).isGreaterThan(lmg.get("expectations"));
        assertThat(lmg.get("expectations")).isGreaterThan(lmg.get("empathy"));
        assertThat(lmg.get("empathy")).isGreaterThan(lmg.get("ease"));

        Scatter ipa = get(rs, "cx.ipa");
        assertThat(ipa.points()).hasSize(6);
        assertThat(ipa.quadrantKeys()).hasSize(4);
        double meanShare = ipa.points().stream().mapToDouble(Scatter.Point::x).average().orElseThrow();
        assertThat(ipa.xSplit()).isCloseTo(meanShare, within(1e-12));
        for (Scatter.Point p : ipa.points()) {
            boolean important = p.x() >= ipa.xSplit();
            boolean good = p.y() >= ipa.ySplit();
            assertThat(p.group()).isEqualTo(important ? (good ? "maintain" : "fix-first")
                    : (good ? "possible-overkill" : "low-priority"));
        }
        // the summary's sentence names the fix-first point with the largest share, and its share is the chart's x
        java.util.Optional<Scatter.Point> fixFirst = ipa.points().stream().filter(p -> p.group().equals("fix-first"))
                .max(java.util.Comparator.comparingDouble(Scatter.Point::x));
        java.util.Optional<io.klarsyn.api.result.Highlight> sentence = rs.stream()
                .filter(r -> r instanceof io.klarsyn.api.result.Highlight).map(r -> (io.klarsyn.api.result.Highlight) r)
                .findFirst();
        assertThat(sentence.isPresent()).isEqualTo(fixFirst.isPresent());
        fixFirst.ifPresent(point -> {
            assertThat(sentence.get().args().get(0)).isEqualTo(point.label());
            assertThat(((io.klarsyn.api.result.Quantity) sentence.get().args().get(1)).value())
                    .isCloseTo(point.x(), within(1e-12));
        });

        Categories gap = get(rs, "cx.gap");
        assertThat(gap.categories()).containsExactly("cx.driver.trust", "cx.driver.ease");
        assertThat(gap.series().get(0).values()).containsExactly(9.5, 8.0);
        Table gapTable = get(rs, "cx.gap.table");
        List<Object> trustRow = gapTable.rows().get(0);
        assertThat((Double) trustRow.get(3)).isCloseTo(9.5 - (Double) trustRow.get(2), within(1e-12));

        TimeSeries dt = get(rs, "cx.drivers.trend");
        assertThat(dt.series()).hasSize(6);
        assertThat(dt.series().get(0).values()[11]).isBetween(1.0, 10.0);
    }

    @Test
    void gapWithoutSelfAssessmentIsANoteSayingHowToSetIt() throws Exception {
        List<MetricResult> rs = run(driverSurvey(300, new double[] {0.4, 0.3, 0.2, 0.1, 0.1, 0.1}, 2), ledger());
        Note n = get(rs, "cx.gap");
        assertThat(n.messageKey()).isEqualTo("cx.note.gapNoSelfAssessment");
        assertThat(ResourceBundle.getBundle("io.klarsyn.metrics.cx.internal.messages", Locale.ROOT)
                .getString(n.messageKey())).contains("cx.selfAssessment.");
    }

    @Test
    void settingsAreDeclared() {
        List<SettingDescriptor> s = new CxCalculator().settings();
        assertThat(s).extracting(SettingDescriptor::name).contains("cx.window.months", "cx.minBase", "cx.segments",
                "cx.selfAssessment.*");
        assertThat(s.stream().anyMatch(d -> d.matches("cx.selfAssessment.trust"))).isTrue();
        assertThat(s.stream().filter(d -> d.name().equals("cx.window.months")).findFirst().orElseThrow().defaultValue())
                .isEqualTo("3");
    }

    @Test
    void everyMessageKeyHasATextInEveryLanguage() throws Exception {
        List<MetricResult> rs = new ArrayList<>(run(scoreFixture(), ledger(), "cx.segments", "plan,nosuch"));
        rs.addAll(run(driverSurvey(300, new double[] {0.4, 0.3, 0.2, 0.1, 0.1, 0.1}, 3), ledger(),
                "cx.selfAssessment.trust", "8"));
        rs.addAll(run(driverSurvey(300, new double[] {0.4, 0.3, 0.2, 0.1, 0.1, 0.1}, 3), ledger()));
        Set<String> keys = new TreeSet<>();
        keys.add("cx.title");
        for (MetricResult r : rs) {
            keys.add(r.titleKey());
            if (r instanceof Table t) {
                t.columns().forEach(c -> keys.add(c.labelKey()));
            } else if (r instanceof TimeSeries t) {
                t.series().forEach(x -> keys.add(x.nameKey()));
            } else if (r instanceof Categories c) {
                c.series().forEach(x -> keys.add(x.nameKey()));
                c.categories().stream().filter(x -> x.startsWith("cx.")).forEach(keys::add);
            } else if (r instanceof Scatter s) {
                keys.add(s.xLabelKey());
                keys.add(s.yLabelKey());
                keys.addAll(s.quadrantKeys());
                s.points().forEach(p -> keys.add(p.label()));
                s.points().forEach(p -> keys.add(p.group()));
            }
        }
        keys.removeIf(k -> !k.startsWith("cx.") && !k.contains("-") && !k.equals("maintain"));
        keys.remove("plan"); // data label: the attribute's own name
        assertThat(keys).contains("cx.note.gapNoSelfAssessment", "cx.quadrant.fix-first", "cx.driver.empathy");
        for (Locale l : List.of(Locale.ROOT, Locale.forLanguageTag("nb"), Locale.forLanguageTag("sv"))) {
            ResourceBundle b = new CxCalculator().messages(l);
            assertThat(b).as("bundle for %s", l).isNotNull();
            for (String k : keys) {
                assertThat(b.containsKey(k)).as("%s in %s", k, l).isTrue();
            }
            assertThat(io.klarsyn.testkit.FactLabels.missing(rs, b)).as("facts without a label in " + l).isEmpty();
        }
        assertThat(new CxCalculator().messages(Locale.forLanguageTag("nb")).getString("cx.driver.trust"))
                .isEqualTo("Tillit til merkevaren");
        assertThat(new CxCalculator().messages(Locale.forLanguageTag("sv")).getString("cx.title"))
                .isEqualTo("Kundupplevelse");
        // each language file by itself has every key
        assertThat(ownKeys("messages_nb")).isEqualTo(ownKeys("messages")).isEqualTo(ownKeys("messages_sv"));
    }

    /** The keys of one messages file by itself (the bundle chain would hide one missing in nb or sv). */
    static java.util.Set<String> ownKeys(String file) {
        var p = new java.util.Properties();
        try (var in = CxCalculator.class.getResourceAsStream(file + ".properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.stringPropertyNames();
    }

    @Test
    void beyondFifteenDriversLmgIsSampledWithItsErrorStated() throws Exception {
        Random r = new Random(8);
        TestSurveys.Builder b = TestSurveys.asOf(PERIOD.atEndOfMonth());
        for (int i = 0; i < 400; i++) {
            Map<String, Double> d = new HashMap<>();
            double lin = 0;
            for (int j = 0; j < 16; j++) {
                double v = 1 + r.nextInt(10);
                d.put("d" + (j < 10 ? "0" : "") + j, v);
                lin += (j == 0 ? 0.5 : 0.05) * (v - 5.5);
            }
            int nps = (int) Math.max(0, Math.min(10, Math.round(6 + lin + r.nextGaussian())));
            b.response(LocalDate.of(2026, 3, 1 + i % 28).toString(), null, nps, M, M, d, null);
        }
        List<MetricResult> rs = run(b, ledger(), "cx.lmg.permutations", "400");
        Table t = get(rs, "cx.drivers");
        assertThat(t.facts().get("method")).isEqualTo("lmg-sampled");
        assertThat(t.facts().get("permutations")).isEqualTo(400);
        double maxSe = (Double) t.facts().get("lmgMaxStandardError");
        assertThat(maxSe).isPositive();
        double sum = t.rows().stream().mapToDouble(row -> (Double) row.get(1)).sum();
        assertThat(sum).isCloseTo((Double) t.facts().get("r2"), within(1e-10)); // every order sums to R²
        // d00 carries ten times the weight of the others: it must have the largest share
        double top = t.rows().stream().filter(row -> row.get(0).equals("d00")).mapToDouble(row -> (Double) row.get(1))
                .findFirst().orElseThrow();
        assertThat(t.rows().stream().filter(row -> !row.get(0).equals("d00")).mapToDouble(row -> (Double) row.get(1))
                .max().orElseThrow()).isLessThan(top);
    }

    @Test
    void aCancelledRunStops() {
        TestContext ctx = TestContext.builder(PERIOD).ledger(ledger())
                .surveys(driverSurvey(300, new double[] {0.4, 0.3, 0.2, 0.1, 0.1, 0.1}, 4).build(null)).build();
        ctx.cancel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CxCalculator().compute(ctx))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @Test
    void touchpointChartFlagsSmallCells() throws Exception {
        List<MetricResult> rs = run(scoreFixture(), ledger(), "cx.minBase", "5");
        Categories c = get(rs, "cx.touchpoints.nps");
        assertThat(c.categories()).containsExactlyInAnyOrder("nett", "butikk", "app");
        assertThat(c.facts().get("belowMinBase")).isEqualTo(List.of("app")); // 4 responses < 5
    }
}
