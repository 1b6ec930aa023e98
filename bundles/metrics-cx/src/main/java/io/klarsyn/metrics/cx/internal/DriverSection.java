package io.klarsyn.metrics.cx.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Highlight;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Quantity;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.result.Unit;

/** Key drivers, importance–performance matrix, perception gap and driver trend. */
final class DriverSection {

    static final String FIX_FIRST = "fix-first";
    /** The driver sentence's place among the summary's highlights. */
    static final int HIGHLIGHT_RANK = 10;
    static final String MAINTAIN = "maintain";
    static final String LOW_PRIORITY = "low-priority";
    static final String OVERKILL = "possible-overkill";

    private DriverSection() {
    }

    /** Everything the driver table holds, for tests and the benchmark. */
    record Analysis(List<String> drivers, long n, double r2, double[] lmg, double[] relativeWeights,
            double[] performance, String[] quadrants, Drivers.Lmg lmgDetail, double meanShare, double meanPerformance) {
    }

    /** Runs LMG (exact or sampled), relative weights, performance and quadrants on the window's listwise rows. */
    static Analysis analyse(Aggregates ag, List<String> drivers, int permutations, Drivers.Cancel cancel) {
        int k = drivers.size();
        Drivers.Accumulator acc = ag.listwise;
        double[][] c = acc.correlation();
        double[][] rxx = new double[k][k];
        double[] rxy = new double[k];
        for (int a = 0; a < k; a++) {
            rxy[a] = c[0][a + 1];
            for (int b = 0; b < k; b++) {
                rxx[a][b] = c[a + 1][b + 1];
            }
        }
        Drivers.Lmg lmg = k <= Drivers.EXACT_MAX ? Drivers.lmgExact(rxx, rxy, cancel)
                : Drivers.lmgSampled(rxx, rxy, permutations, 20260101L, cancel);
        double[] rw = Drivers.relativeWeights(rxx, rxy);
        double[] perf = new double[k];
        double meanShare = 0;
        double meanPerf = 0;
        for (int j = 0; j < k; j++) {
            perf[j] = ag.drvWindowN[j] == 0 ? Double.NaN : ag.drvWindowSum[j] / ag.drvWindowN[j];
            meanShare += lmg.shares()[j] / lmg.r2() / k;
            meanPerf += perf[j] / k;
        }
        String[] q = new String[k];
        for (int j = 0; j < k; j++) {
            q[j] = quadrant(lmg.shares()[j] / lmg.r2(), perf[j], meanShare, meanPerf);
        }
        return new Analysis(drivers, acc.n(), lmg.r2(), lmg.shares(), rw, perf, q, lmg, meanShare, meanPerf);
    }

    /** Issue 6 §3: split at the mean importance share and the mean performance. */
    static String quadrant(double share, double performance, double meanShare, double meanPerformance) {
        boolean important = share >= meanShare;
        boolean good = performance >= meanPerformance;
        if (important) {
            return good ? MAINTAIN : FIX_FIRST;
        }
        return good ? OVERKILL : LOW_PRIORITY;
    }

    static List<MetricResult> compute(SurveyTable t, Aggregates ag, YearMonth month, int window, int permutations,
            Map<String, String> self, MetricContext ctx) {
        List<MetricResult> out = new ArrayList<>();
        List<String> drivers = t.drivers();
        int k = drivers.size();
        if (k == 0) {
            out.add(new Note("cx.drivers", Note.Severity.INFO, "cx.note.noDrivers", List.of(), Map.of()));
            return out;
        }
        long n = ag.listwise.n();
        String problem = null;
        if (n < k + 2 || n < 10) {
            problem = "cx.note.driversTooFew";
        }
        Analysis an = null;
        if (problem == null) {
            an = analyse(ag, drivers, permutations, ctx::checkCancelled);
            if (!(an.r2() > 0) || Double.isNaN(an.r2())) {
                problem = "cx.note.driversNoVariance";
                an = null;
            }
        }
        if (an == null) {
            out.add(new Note("cx.drivers", Note.Severity.WARNING, problem, List.of(n, k, window),
                    Facts.of("n", n, "drivers", k, "windowMonths", window, "incomplete", ag.incomplete)));
            out.add(new Highlight("cx.highlight.noDrivers", HIGHLIGHT_RANK, "cx.highlight.noDrivers", List.of(),
                    Map.of()));
        } else {
            out.add(driverTable(an, ag, window));
            out.add(ipa(an));
            fixFirst(an).ifPresent(out::add);
        }
        out.addAll(gap(drivers, ag, self, ctx));
        out.add(driverTrend(drivers, ag, month));
        return out;
    }

    /** The summary's sentence on the fix-first driver with the largest share of explained variance. */
    static java.util.Optional<Highlight> fixFirst(Analysis an) {
        int best = -1;
        for (int j = 0; j < an.drivers().size(); j++) {
            if (FIX_FIRST.equals(an.quadrants()[j]) && (best < 0 || an.lmg()[j] > an.lmg()[best])) {
                best = j;
            }
        }
        if (best < 0) {
            return java.util.Optional.empty();
        }
        String driver = an.drivers().get(best);
        // its share of the explained variance (LMG / R²), as the importance-performance chart plots it
        double share = an.lmg()[best] / an.r2();
        return java.util.Optional.of(new Highlight("cx.highlight.fixFirst", HIGHLIGHT_RANK, "cx.highlight.fixFirst",
                List.of(labelKey(driver), new Quantity(share, Unit.FRACTION),
                        new Quantity(CxCalculator.nullable(an.performance()[best]), Unit.SCORE)),
                Facts.of("share", share)));
    }

    private static Table driverTable(Analysis an, Aggregates ag, int window) {
        List<Table.Column> cols = List.of(new Table.Column("driver", "cx.col.driver", Unit.TEXT),
                new Table.Column("lmg", "cx.col.lmg", Unit.NUMBER),
                new Table.Column("relativeWeight", "cx.col.relativeWeight", Unit.NUMBER),
                new Table.Column("performance", "cx.col.performance", Unit.SCORE),
                new Table.Column("quadrant", "cx.col.quadrant", Unit.TEXT));
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Object> se = new LinkedHashMap<>();
        Integer[] byImportance = new Integer[an.drivers().size()];
        for (int j = 0; j < byImportance.length; j++) {
            byImportance[j] = j;
        }
        java.util.Arrays.sort(byImportance, (a, b) -> Double.compare(an.lmg()[b], an.lmg()[a]));
        for (int j : byImportance) {
            rows.add(java.util.Arrays.asList(an.drivers().get(j), an.lmg()[j], an.relativeWeights()[j],
                    CxCalculator.nullable(an.performance()[j]), an.quadrants()[j]));
            se.put(an.drivers().get(j), an.lmgDetail().standardErrors()[j]);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("n", an.n());
        f.put("r2", an.r2());
        // codes, worded by fact.<name>.<code> in the messages: LMG exact over all 2^k subsets of the drivers, or
        // sampled over random orders of them; the driver's performance is the mean of all its non-blank ratings in
        // the window; rows by LMG share, descending
        f.put("method", an.lmgDetail().exact() ? "lmg-exact" : "lmg-sampled");
        if (!an.lmgDetail().exact()) {
            f.put("permutations", an.lmgDetail().permutations());
        }
        f.put("outcome", "nps");
        f.put("performanceBasis", "mean-rating");
        f.put("order", "lmg-descending");
        f.put("windowMonths", window);
        f.put("excludedIncomplete", ag.incomplete);
        f.put("excludedNpsBlank", ag.npsBlank);
        if (!an.lmgDetail().exact()) {
            double max = 0;
            for (double v : an.lmgDetail().standardErrors()) {
                max = Math.max(max, v);
            }
            f.put("lmgStandardErrors", se);
            f.put("lmgMaxStandardError", max);
        }
        return new Table("cx.drivers", "cx.drivers", cols, rows, f);
    }

    private static Scatter ipa(Analysis an) {
        List<Scatter.Point> pts = new ArrayList<>();
        for (int j = 0; j < an.drivers().size(); j++) {
            if (!Double.isNaN(an.performance()[j])) {
                pts.add(new Scatter.Point(labelKey(an.drivers().get(j)), an.lmg()[j] / an.r2(), an.performance()[j],
                        an.quadrants()[j]));
            }
        }
        // quadrant keys: top-left, top-right, bottom-left, bottom-right (x = importance, y = performance)
        return new Scatter("cx.ipa", "cx.ipa", "cx.ipa.x", Unit.FRACTION, "cx.ipa.y", Unit.SCORE, pts,
                an.meanShare(), an.meanPerformance(),
                List.of("cx.quadrant." + OVERKILL, "cx.quadrant." + MAINTAIN, "cx.quadrant." + LOW_PRIORITY,
                        "cx.quadrant." + FIX_FIRST),
                Facts.of("n", an.n(), "r2", an.r2()));
    }

    /** Drivers with a translated label in messages*.properties. */
    private static final java.util.Set<String> KNOWN = java.util.Set.of("trust", "problem_solving", "ease",
            "expectations", "personalization", "empathy");

    /** Message key of a driver's label for the known drivers; any other driver shows as its own name. */
    static String labelKey(String driver) {
        return KNOWN.contains(driver) ? "cx.driver." + driver : driver;
    }

    private static List<MetricResult> gap(List<String> drivers, Aggregates ag, Map<String, String> self,
            MetricContext ctx) {
        List<MetricResult> out = new ArrayList<>();
        List<String> cats = new ArrayList<>();
        List<Double> selfValues = new ArrayList<>();
        List<Double> customerValues = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (String unknown : self.keySet()) {
            if (!drivers.contains(unknown)) {
                ctx.info("cx.selfAssessment." + unknown + " names no driver column (drivers: " + drivers + ")");
                out.add(new Note("cx.selfAssessment.unknown." + unknown, Note.Severity.WARNING,
                        "cx.note.selfAssessmentUnknown", List.of(unknown, String.join(", ", drivers)), Map.of()));
            }
        }
        for (int j = 0; j < drivers.size(); j++) {
            String d = drivers.get(j);
            String raw = self.get(d);
            if (raw == null || raw.isBlank()) {
                continue;
            }
            double sv;
            try {
                sv = Double.parseDouble(raw.trim().replace(',', '.'));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cx.selfAssessment." + d + ": not a number: '" + raw + "'");
            }
            double cv = ag.drvWindowN[j] == 0 ? Double.NaN : ag.drvWindowSum[j] / ag.drvWindowN[j];
            cats.add(labelKey(d));
            selfValues.add(sv);
            customerValues.add(cv);
            rows.add(java.util.Arrays.asList(d, sv, CxCalculator.nullable(cv), CxCalculator.nullable(sv - cv),
                    ag.drvWindowN[j]));
        }
        if (cats.isEmpty()) {
            out.add(new Note("cx.gap", Note.Severity.INFO, "cx.note.gapNoSelfAssessment",
                    List.of(drivers.isEmpty() ? "trust" : drivers.get(0)), Facts.of("setting", "cx.selfAssessment.<driver>")));
            return out;
        }
        out.add(new Categories("cx.gap", "cx.gap", Unit.SCORE, cats,
                List.of(new Categories.Series("cx.gap.company", unbox(selfValues)),
                        new Categories.Series("cx.gap.customers", unbox(customerValues))), false, Map.of()));
        out.add(new Table("cx.gap.table", "cx.gap.table",
                List.of(new Table.Column("driver", "cx.col.driver", Unit.TEXT),
                        new Table.Column("company", "cx.gap.company", Unit.SCORE),
                        new Table.Column("customers", "cx.gap.customers", Unit.SCORE),
                        new Table.Column("gap", "cx.col.gap", Unit.SCORE),
                        new Table.Column("n", "cx.col.n", Unit.COUNT)),
                rows, Facts.of("gapDefinition", "company-minus-customers")));
        return out;
    }

    private static TimeSeries driverTrend(List<String> drivers, Aggregates ag, YearMonth month) {
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            months.add(month.minusMonths(11 - i));
        }
        List<TimeSeries.Series> series = new ArrayList<>();
        for (int j = 0; j < drivers.size(); j++) {
            double[] v = new double[12];
            for (int i = 0; i < 12; i++) {
                int m = ag.months - 12 + i;
                v[i] = ag.drvN[j][m] == 0 ? Double.NaN : ag.drvSum[j][m] / ag.drvN[j][m];
            }
            series.add(TimeSeries.Series.of(labelKey(drivers.get(j)), v));
        }
        return new TimeSeries("cx.drivers.trend", "cx.drivers.trend", Unit.SCORE, months, series, Map.of());
    }

    private static double[] unbox(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            Double v = values.get(i);
            a[i] = v == null ? Double.NaN : v;
        }
        return a;
    }
}
