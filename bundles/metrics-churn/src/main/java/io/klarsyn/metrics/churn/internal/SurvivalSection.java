package io.klarsyn.metrics.churn.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.Unit;

/**
 * Kaplan–Meier survival of the customer relationship, x = months since acquisition (days /
 * 30.436875): overall and per level of the first segment attribute, with Greenwood bands, medians
 * with their intervals, survival at 12 and 24 months, numbers at risk and the log-rank test.
 */
final class SurvivalSection {

    static final double DAYS_PER_MONTH = 365.2425 / 12;
    static final int[] AT_RISK_MONTHS = {0, 6, 12, 24, 36};
    static final int MAX_LINES = 8;
    /** With more levels than this, the curves and the log-rank test cover the {@value #MAX_LINES} largest. */
    static final int MAX_TESTED_LEVELS = 20;

    private SurvivalSection() {
    }

    static List<MetricResult> results(MetricContext ctx, Lifetimes lt, String segment) {
        int[] time = new int[lt.n];
        boolean[] event = new boolean[lt.n];
        for (int i = 0; i < lt.n; i++) {
            if ((i & 0xFFFF) == 0) {
                ctx.checkCancelled();
            }
            boolean lost = lt.isLost(i);
            time[i] = (lost ? lt.lost[i] : lt.asOf) - lt.acquired[i];
            event[i] = lost;
        }
        Attribute a = segment == null ? null : ctx.ledger().attribute(segment);
        Levels lv = a == null ? null : Levels.of(a, lt.row);
        int groups = lv == null ? 1 : lv.labels.size();
        int[] group = lv == null ? null : lv.code;
        List<String> tested = new ArrayList<>();
        if (lv != null) {
            long[] size = new long[groups];
            for (int i = 0; i < lt.n; i++) {
                if (group[i] >= 0) {
                    size[group[i]]++;
                }
            }
            Integer[] bySize = new Integer[groups];
            for (int g = 0; g < groups; g++) {
                bySize[g] = g;
            }
            Arrays.sort(bySize, Comparator.<Integer>comparingLong(g -> -size[g]).thenComparingInt(g -> g));
            int keep = groups > MAX_TESTED_LEVELS ? MAX_LINES : groups;
            int[] remap = new int[groups];
            Arrays.fill(remap, -1);
            for (int r = 0; r < keep; r++) {
                remap[bySize[r]] = r;
                tested.add(lv.labels.get(bySize[r]));
            }
            int[] g2 = new int[lt.n];
            for (int i = 0; i < lt.n; i++) {
                g2[i] = group[i] < 0 ? -1 : remap[group[i]];
            }
            group = g2;
            groups = keep;
        }
        Survival all = new Survival(time, event, null, 1, ctx::cancelled);
        Survival.Estimate overall = all.estimate(0);
        List<Curve.Line> lines = new ArrayList<>();
        lines.add(line("churn.km.overall", overall));
        Map<String, Object> facts = new LinkedHashMap<>(summary(overall));
        // codes, worded by fact.<name>.<code> in the messages: 95 % pointwise, Greenwood variance, log
        // transform (R survival's default); months of 365.2425 / 12 days
        facts.put("confidence", "greenwood-log-95");
        facts.put("timeUnit", "month");
        facts.put("unitDays", DAYS_PER_MONTH);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("churn.km.overall", overall));
        if (lv != null && lt.n > 0) {
            Survival bySegment = new Survival(time, event, group, groups, ctx::cancelled);
            Integer[] order = new Integer[groups];
            for (int g = 0; g < groups; g++) {
                order[g] = g;
            }
            Arrays.sort(order, Comparator.<Integer>comparingInt(g -> -bySegment.size[g]).thenComparingInt(g -> g));
            Map<String, Object> per = new LinkedHashMap<>();
            for (int g : order) {
                if (bySegment.size[g] == 0) {
                    continue;
                }
                Survival.Estimate e = bySegment.estimate(g);
                String level = tested.get(g);
                per.put(level, summary(e));
                rows.add(row(level, e));
                if (lines.size() <= MAX_LINES) {
                    lines.add(line(level, e));
                }
            }
            Survival.LogRank lr = bySegment.logRank();
            facts.put("segmentAttribute", segment);
            facts.put("logRankLevels", tested);
            facts.put("logRankChi2", num(lr.chi2()));
            facts.put("logRankDf", lr.df());
            facts.put("logRankP", num(lr.p()));
            facts.put("bySegment", per);
        }
        List<MetricResult> out = new ArrayList<>();
        out.add(new Curve("churn.km", "churn.km", "churn.km.x", Unit.MONTHS, "churn.km.y", Unit.FRACTION, true, lines,
                facts));
        out.add(new Table("churn.km.summary", "churn.km.summary", List.of(
                new Table.Column("group", "churn.col.group", Unit.TEXT),
                new Table.Column("n", "churn.col.n", Unit.COUNT),
                new Table.Column("events", "churn.col.events", Unit.COUNT),
                new Table.Column("medianMonths", "churn.col.medianMonths", Unit.MONTHS),
                new Table.Column("medianLower", "churn.col.medianLower", Unit.MONTHS),
                new Table.Column("medianUpper", "churn.col.medianUpper", Unit.MONTHS),
                new Table.Column("survival12", "churn.col.survival12", Unit.FRACTION),
                new Table.Column("survival24", "churn.col.survival24", Unit.FRACTION)), rows,
                Facts.of("segmentAttribute", a == null ? null : segment)));
        return out;
    }

    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Double months(double days) {
        return Double.isFinite(days) ? days / DAYS_PER_MONTH : null;
    }

    private static List<Object> row(String name, Survival.Estimate e) {
        return Arrays.asList(name, e.n(), e.totalEvents(), months(e.median()), months(e.medianLower()),
                months(e.medianUpper()), num(e.survivalAt(12 * DAYS_PER_MONTH)), num(e.survivalAt(24 * DAYS_PER_MONTH)));
    }

    static Map<String, Object> summary(Survival.Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", e.n());
        m.put("events", e.totalEvents());
        m.put("medianMonths", months(e.median()));
        m.put("medianLowerMonths", months(e.medianLower()));
        m.put("medianUpperMonths", months(e.medianUpper()));
        for (int t : new int[] {12, 24}) {
            double d = t * DAYS_PER_MONTH;
            m.put("survival" + t, num(e.survivalAt(d)));
            m.put("survival" + t + "Lower", num(e.lowerAt(d)));
            m.put("survival" + t + "Upper", num(e.upperAt(d)));
        }
        Map<String, Object> risk = new LinkedHashMap<>();
        for (int t : AT_RISK_MONTHS) {
            risk.put(Integer.toString(t), e.atRiskAt((int) Math.ceil(t * DAYS_PER_MONTH)));
        }
        m.put("atRisk", risk);
        return m;
    }

    /** A step line from (0, 1) through every event time to the last follow-up. */
    private static Curve.Line line(String name, Survival.Estimate e) {
        int k = e.times().length;
        boolean tail = k == 0 || e.maxFollowUp() > e.times()[k - 1];
        int len = k + 1 + (tail ? 1 : 0);
        double[] x = new double[len];
        double[] y = new double[len];
        double[] lo = new double[len];
        double[] hi = new double[len];
        x[0] = 0;
        y[0] = 1;
        lo[0] = 1;
        hi[0] = 1;
        for (int j = 0; j < k; j++) {
            x[j + 1] = e.times()[j] / DAYS_PER_MONTH;
            y[j + 1] = e.survival()[j];
            lo[j + 1] = e.lower()[j];
            hi[j + 1] = e.upper()[j];
        }
        if (tail) {
            x[len - 1] = e.maxFollowUp() / DAYS_PER_MONTH;
            y[len - 1] = y[len - 2];
            lo[len - 1] = lo[len - 2];
            hi[len - 1] = hi[len - 2];
        }
        if (k > 0 && e.times()[0] == 0) {
            // an event at time 0 would put two points at x = 0; drop the artificial start
            x = Arrays.copyOfRange(x, 1, len);
            y = Arrays.copyOfRange(y, 1, len);
            lo = Arrays.copyOfRange(lo, 1, len);
            hi = Arrays.copyOfRange(hi, 1, len);
        }
        return new Curve.Line(name, x, y, lo, hi);
    }
}
