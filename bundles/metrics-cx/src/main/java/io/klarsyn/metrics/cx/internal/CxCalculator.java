package io.klarsyn.metrics.cx.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * Customer experience (DESIGN §6, issue 6): NPS, CSAT and CES with comparisons and significance,
 * monthly trends, breakdowns by touchpoint and customer segment, key-driver analysis (LMG and
 * relative weights), the importance–performance matrix and the perception gap.
 */
@Component
@Plugin(id = "cx", title = "Customer experience (NPS, CSAT, CES and drivers)")
public class CxCalculator implements MetricCalculator {

    static final String WINDOW = "cx.window.months";
    static final String MIN_BASE = "cx.minBase";
    static final String SEGMENTS = "cx.segments";
    static final String SELF = "cx.selfAssessment.";
    static final String PERMUTATIONS = "cx.lmg.permutations";
    static final double ALPHA = 0.05;

    /** Months of history aggregated: the last 12 and the 12 before them. */
    private static final int MONTHS = 24;


    @Override
    public Set<DataKind> inputs() {
        return EnumSet.of(DataKind.RESPONSES);
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor(WINDOW, "int", "3",
                        "Trailing window in months (ending with the report month) for the key-driver analysis and the touchpoint and segment breakdowns."),
                new SettingDescriptor(MIN_BASE, "int", "30",
                        "Minimum number of responses for a touchpoint or segment cell; smaller cells are flagged."),
                new SettingDescriptor(SEGMENTS, "list", "",
                        "Customer attributes to break NPS, CSAT and CES down by, e.g. segment,plan,region."),
                new SettingDescriptor(PERMUTATIONS, "int", "5000",
                        "Random orders used to estimate LMG when there are more than 15 drivers (exact up to 15)."),
                new SettingDescriptor(SELF + "*", "number", null,
                        "The company's own rating of a driver on the drivers' scale (e.g. cx.selfAssessment.trust=8.5), compared with the customers' mean in the perception gap."));
    }

    @Override
    public List<MetricResult> compute(MetricContext ctx) throws Exception {
        JobSettings s = ctx.settings();
        int window = s.integer(WINDOW, 3);
        int minBase = s.integer(MIN_BASE, 30);
        int permutations = s.integer(PERMUTATIONS, 5000);
        if (window < 1 || window > 24) {
            throw new IllegalArgumentException(WINDOW + " must be 1–24 months, was " + window);
        }
        if (minBase < 1) {
            throw new IllegalArgumentException(MIN_BASE + " must be at least 1, was " + minBase);
        }
        if (permutations < 100) {
            throw new IllegalArgumentException(PERMUTATIONS + " must be at least 100, was " + permutations);
        }
        SurveyTable t = ctx.surveys();
        YearMonth month = ctx.period().month();
        CustomerLedger ledger = ctx.ledger();
        List<String> segmentNames = s.list(SEGMENTS);
        List<MetricResult> out = new ArrayList<>();

        List<Attribute> segments = new ArrayList<>();
        for (String name : segmentNames) {
            Attribute a = ledger.attribute(name);
            if (a == null) {
                out.add(new Note("cx.segment." + name + ".missing", Note.Severity.WARNING, "cx.note.segmentMissing",
                        List.of(name), Facts.of("setting", SEGMENTS)));
            } else {
                segments.add(a);
            }
        }

        Aggregates ag = Aggregates.scan(t, month, MONTHS, window, segments, ctx::checkCancelled);

        int cur = MONTHS - 1;
        int prev = MONTHS - 2;
        int ly = MONTHS - 13;
        out.add(npsKpi(ag, cur, prev, ly));
        out.add(csatKpi(ag, cur, prev, ly));
        out.add(cesKpi(ag, cur, prev, ly));
        if (t.size() == 0) {
            out.add(new Note("cx.empty", Note.Severity.WARNING, "cx.note.empty", List.of(), Map.of()));
            return out;
        }
        out.add(trend("cx.nps.trend", "cx.nps.trend", Unit.POINTS, month, i -> ag.nps(i).score(), ag));
        out.add(trend("cx.csat.trend", "cx.csat.trend", Unit.FRACTION, month,
                i -> ag.csatN[i] == 0 ? Double.NaN : (double) ag.csatTop2[i] / ag.csatN[i], ag));
        out.add(trend("cx.ces.trend", "cx.ces.trend", Unit.SCORE, month,
                i -> ag.cesN[i] == 0 ? Double.NaN : ag.cesSum[i] / ag.cesN[i], ag));
        out.add(npsMix(ag, month));
        out.add(groupTable("cx.touchpoints", "cx.touchpoints", "cx.col.touchpoint", ag.touchpoints, minBase, window));
        out.add(groupChart("cx.touchpoints.nps", ag.touchpoints, minBase, window));
        for (int a = 0; a < segments.size(); a++) {
            String name = segments.get(a).name();
            out.add(groupTable("cx.segment." + name, "cx.segment", name, ag.segmentGroups.get(a), minBase, window));
        }
        out.addAll(DriverSection.compute(t, ag, month, window, permutations, s.withPrefix(SELF), ctx));
        return out;
    }

    private static Kpi npsKpi(Aggregates ag, int cur, int prev, int ly) {
        Stats.Nps c = ag.nps(cur);
        Stats.Nps p = ag.nps(prev);
        double pValue = Stats.npsChangeP(c, p);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("n", c.n());
        f.put("promoters", nullable(c.pPro()));
        f.put("passives", nullable(c.pPas()));
        f.put("detractors", nullable(c.pDet()));
        f.put("marginOfError", nullable(c.marginOfError()));
        f.put("nPrevious", p.n());
        f.put("pChange", nullable(pValue));
        f.put("significantChange", Double.isNaN(pValue) ? null : pValue < ALPHA);
        f.put("test", "nps-z"); // two-sample z on NPS with its variance; codes worded by fact.test.<code>
        return new Kpi("cx.nps", "cx.nps", nullable(c.score()), Unit.POINTS, Direction.HIGHER_IS_BETTER,
                nullable(p.score()), nullable(ag.nps(ly).score()), f).asHeadline(50);
    }

    private static Kpi csatKpi(Aggregates ag, int cur, int prev, int ly) {
        double pValue = Stats.proportionP(ag.csatTop2[cur], ag.csatN[cur], ag.csatTop2[prev], ag.csatN[prev]);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mean", ag.csatN[cur] == 0 ? null : ag.csatSum[cur] / ag.csatN[cur]);
        f.put("n", ag.csatN[cur]);
        f.put("nPrevious", ag.csatN[prev]);
        f.put("pChange", nullable(pValue));
        f.put("significantChange", Double.isNaN(pValue) ? null : pValue < ALPHA);
        f.put("test", "two-proportion-z"); // pooled
        return new Kpi("cx.csat", "cx.csat", share(ag.csatTop2[cur], ag.csatN[cur]), Unit.FRACTION,
                Direction.HIGHER_IS_BETTER, share(ag.csatTop2[prev], ag.csatN[prev]),
                share(ag.csatTop2[ly], ag.csatN[ly]), f).asHeadline(60);
    }

    private static Kpi cesKpi(Aggregates ag, int cur, int prev, int ly) {
        double pValue = Stats.welchP(ag.cesN[cur], ag.cesSum[cur], ag.cesSumSq[cur], ag.cesN[prev], ag.cesSum[prev],
                ag.cesSumSq[prev]);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("share57", share(ag.ces57[cur], ag.cesN[cur]));
        f.put("n", ag.cesN[cur]);
        f.put("nPrevious", ag.cesN[prev]);
        f.put("pChange", nullable(pValue));
        f.put("significantChange", Double.isNaN(pValue) ? null : pValue < ALPHA);
        f.put("test", "welch-t");
        // CES 1–7 with 7 = very easy (SurveyResponseRecord): higher is better
        return new Kpi("cx.ces", "cx.ces", mean(ag.cesSum[cur], ag.cesN[cur]), Unit.SCORE, Direction.HIGHER_IS_BETTER,
                mean(ag.cesSum[prev], ag.cesN[prev]), mean(ag.cesSum[ly], ag.cesN[ly]), f).asHeadline(70);
    }

    interface MonthValue {
        double at(int monthIndex);
    }

    /** Last 12 months ("this year") with the 12 before overlaid ("last year"). */
    static TimeSeries trend(String id, String titleKey, Unit unit, YearMonth month, MonthValue v, Aggregates ag) {
        List<YearMonth> months = new ArrayList<>();
        double[] thisYear = new double[12];
        double[] lastYear = new double[12];
        for (int i = 0; i < 12; i++) {
            months.add(month.minusMonths(11 - i));
            thisYear[i] = v.at(MONTHS - 12 + i);
            lastYear[i] = v.at(i);
        }
        return new TimeSeries(id, titleKey, unit, months,
                List.of(TimeSeries.Series.of("cx.series.thisYear", thisYear),
                        TimeSeries.Series.of("cx.series.lastYear", lastYear)), Map.of());
    }

    private static Categories npsMix(Aggregates ag, YearMonth month) {
        List<String> cats = new ArrayList<>();
        double[] det = new double[12];
        double[] pas = new double[12];
        double[] pro = new double[12];
        long[] n = new long[12];
        for (int i = 0; i < 12; i++) {
            cats.add(month.minusMonths(11 - i).toString());
            Stats.Nps c = ag.nps(MONTHS - 12 + i);
            det[i] = c.pDet();
            pas[i] = c.pPas();
            pro[i] = c.pPro();
            n[i] = c.n();
        }
        List<Long> ns = new ArrayList<>();
        for (long x : n) {
            ns.add(x);
        }
        return new Categories("cx.nps.mix", "cx.nps.mix", Unit.FRACTION, cats,
                List.of(new Categories.Series("cx.detractors", det), new Categories.Series("cx.passives", pas),
                        new Categories.Series("cx.promoters", pro)), true, Facts.of("n", ns));
    }

    private static Table groupTable(String id, String titleKey, String groupLabel, Map<String, Aggregates.Group> groups,
            int minBase, int window) {
        List<Table.Column> cols = List.of(new Table.Column("group", groupLabel, Unit.TEXT),
                new Table.Column("n", "cx.col.n", Unit.COUNT),
                new Table.Column("nps", "cx.nps", Unit.POINTS),
                new Table.Column("marginOfError", "cx.col.marginOfError", Unit.POINTS),
                new Table.Column("csat", "cx.csat", Unit.FRACTION),
                new Table.Column("ces", "cx.ces", Unit.SCORE),
                new Table.Column("belowMinBase", "cx.col.belowMinBase", Unit.TEXT));
        List<List<Object>> rows = new ArrayList<>();
        List<String> small = new ArrayList<>();
        for (Map.Entry<String, Aggregates.Group> e : groups.entrySet()) {
            Aggregates.Group g = e.getValue();
            Stats.Nps nps = new Stats.Nps(g.pro, g.pas, g.det);
            long n = Math.max(nps.n(), Math.max(g.csatN, g.cesN));
            boolean below = nps.n() < minBase;
            if (below) {
                small.add(e.getKey());
            }
            List<Object> row = new ArrayList<>();
            row.add(e.getKey());
            row.add(n);
            row.add(nullable(nps.score()));
            row.add(nullable(nps.marginOfError()));
            row.add(share(g.csatTop2, g.csatN));
            row.add(mean(g.cesSum, g.cesN));
            row.add(below);
            rows.add(row);
        }
        return new Table(id, titleKey, cols, rows,
                Facts.of("windowMonths", window, "minBase", minBase, "belowMinBase", small));
    }

    /** NPS bars per group; cells under the minimum base are listed in the facts. */
    private static Categories groupChart(String id, Map<String, Aggregates.Group> groups, int minBase, int window) {
        List<String> cats = new ArrayList<>(groups.keySet());
        double[] v = new double[cats.size()];
        List<Long> n = new ArrayList<>();
        List<String> small = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            Aggregates.Group g = groups.get(cats.get(i));
            Stats.Nps nps = new Stats.Nps(g.pro, g.pas, g.det);
            v[i] = nps.score();
            n.add(nps.n());
            if (nps.n() < minBase) {
                small.add(cats.get(i));
            }
        }
        return new Categories(id, id, Unit.POINTS, cats, List.of(new Categories.Series("cx.nps", v)), false,
                Facts.of("n", n, "belowMinBase", small, "minBase", minBase, "windowMonths", window));
    }

    static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static Double share(long x, long n) {
        return n == 0 ? null : (double) x / n;
    }

    static Double mean(double sum, long n) {
        return n == 0 ? null : sum / n;
    }
}
