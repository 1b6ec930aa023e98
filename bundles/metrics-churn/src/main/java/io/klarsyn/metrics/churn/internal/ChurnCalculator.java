package io.klarsyn.metrics.churn.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * Churn and retention (DESIGN §6, issue 4): churn rates, active customers, churn by segment,
 * cohort retention, Kaplan–Meier survival and the churn-driver regression.
 */
@Component(service = MetricCalculator.class)
@Plugin(id = "churn", title = "Churn and retention")
public class ChurnCalculator implements MetricCalculator {

    static final String SEGMENTS = "churn.segments";
    static final String MIN_BASE = "churn.minBase";
    static final String DRIVERS = "churn.drivers";
    static final String WINDOW = "churn.window.months";

    static final int COHORTS = 24;


    @Override
    public Set<DataKind> inputs() {
        // customers.csv or transactions.csv: without customers.csv, customers come from the
        // transactions (acquired on the first purchase, lost after customers.inactivityDays)
        return EnumSet.noneOf(DataKind.class);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor(SEGMENTS, "list", null, "Customer attributes (columns of customers.csv, "
                        + "e.g. segment,plan) to break churn down by; the first one also splits the survival curves."),
                new SettingDescriptor(MIN_BASE, "int", "30", "Segments with fewer customers active at the start "
                        + "of the month are flagged as too small to read (still shown). Customers."),
                new SettingDescriptor(DRIVERS, "list", null, "Customer attributes for the churn-driver regression: "
                        + "text columns get one term per level against the most frequent, numbers enter as they are; "
                        + "tenure_months is always added."),
                new SettingDescriptor(WINDOW, "int", "12", "Months the churn-driver regression looks back: "
                        + "customers active at any time in the window; outcome = lost within it."));
    }

    @Override
    public List<MetricResult> compute(MetricContext ctx) {
        JobSettings s = ctx.settings();
        int minBase = positive(s, MIN_BASE, 30, 1);
        int window = positive(s, WINDOW, 12, 1);
        List<String> segments = s.list(SEGMENTS);
        List<String> drivers = s.list(DRIVERS);
        CustomerLedger ledger = ctx.ledger();
        YearMonth month = ctx.period().month();
        boolean contractual = ledger.contractual();

        List<MetricResult> out = new ArrayList<>();
        if (!ctx.available().contains(DataKind.CUSTOMERS) && !ctx.available().contains(DataKind.TRANSACTIONS)) {
            out.add(new Note("churn.noCustomers", Note.Severity.WARNING, "churn.noCustomers", List.of(), Map.of()));
            return out;
        }
        Lifetimes lt = new Lifetimes(ledger, month, ctx::cancelled);
        if (lt.lostBeforeAcquired > 0) {
            ctx.info(lt.lostBeforeAcquired + " customers have churned_on before acquired_on; counted as lost on "
                    + "the day they were acquired");
            out.add(new Note("churn.lostBeforeAcquired", Note.Severity.WARNING, "churn.note.lostBeforeAcquired",
                    List.of(lt.lostBeforeAcquired), Map.of()));
        }
        MonthlyCounts mc = new MonthlyCounts(lt);
        int p = lt.period;

        out.add(new Kpi("churn.monthly.rate", "churn.monthly.rate", mc.monthlyRate(p), Unit.FRACTION,
                Direction.LOWER_IS_BETTER, mc.monthlyRate(p - 1), mc.monthlyRate(p - 12),
                Facts.of("lost", mc.lost[p], "activeAtStart", mc.activeStart[p], "lostAcquiredSameMonth",
                        mc.lostSameMonth[p], "month", month.toString())).asHeadline(20));
        out.add(new Kpi("churn.12m.rate", "churn.12m.rate", mc.rate12(p), Unit.FRACTION, Direction.LOWER_IS_BETTER,
                mc.rate12(p - 1), mc.rate12(p - 12),
                Facts.of("lost", mc.lost12(p), "averageCustomers", mc.averageStart12(p), "fromMonth",
                        month.minusMonths(11).toString(), "toMonth", month.toString())).asHeadline(30));
        out.add(new Kpi("customers.active", "customers.active", mc.activeEnd(p), Unit.COUNT,
                Direction.HIGHER_IS_BETTER, mc.activeEnd(p - 1), mc.activeEnd(p - 12),
                Facts.of("asOf", month.atEndOfMonth().toString())).asHeadline(10));
        out.add(new Kpi("customers.grossAdds", "customers.grossAdds", mc.grossAdds(p), Unit.COUNT,
                Direction.HIGHER_IS_BETTER, mc.grossAdds(p - 1), mc.grossAdds(p - 12), Map.of()));
        out.add(new Kpi("customers.netGrowth", "customers.netGrowth", mc.netGrowth(p), Unit.COUNT,
                Direction.HIGHER_IS_BETTER, mc.netGrowth(p - 1), mc.netGrowth(p - 12),
                Facts.of("grossAdds", mc.adds[p], "lost", mc.lost[p])));
        if (!contractual) {
            out.add(new Note("churn.inferred", Note.Severity.INFO, "churn.inferred", List.of(ledger.inactivityDays()),
                    Facts.of("inactivityDays", ledger.inactivityDays())));
        }
        out.add(trend("churn.monthly.trend", Unit.FRACTION, lt, mc::monthlyRate));
        out.add(trend("customers.active.trend", Unit.COUNT, lt, mc::activeEnd));

        ctx.checkCancelled();
        for (String attribute : segments) {
            out.addAll(SegmentChurn.results(ctx, lt, attribute, minBase));
        }
        ctx.checkCancelled();
        out.add(cohorts(lt, ctx));
        ctx.checkCancelled();
        out.addAll(SurvivalSection.results(ctx, lt, segments.isEmpty() ? null : segments.get(0)));
        ctx.checkCancelled();
        out.addAll(DriverModel.results(ctx, lt, drivers, window));
        return out;
    }

    private static int positive(JobSettings s, String name, int def, int min) {
        int v = s.integer(name, def);
        if (v < min) {
            throw new IllegalArgumentException("setting " + name + " must be at least " + min + ", was " + v);
        }
        return v;
    }

    private interface MonthValue {
        Double at(int month);
    }

    private static TimeSeries trend(String id, Unit unit, Lifetimes lt, MonthValue f) {
        List<YearMonth> months = new ArrayList<>();
        double[] now = new double[12];
        double[] before = new double[12];
        for (int k = 0; k < 12; k++) {
            int m = lt.period - 11 + k;
            months.add(lt.month(m));
            now[k] = nan(f.at(m));
            before[k] = nan(f.at(m - 12));
        }
        return new TimeSeries(id, id, unit, months,
                List.of(TimeSeries.Series.of("churn.series.thisYear", now),
                        TimeSeries.Series.of("churn.series.lastYear", before)),
                Facts.of("lastYearMonths", months.get(0).minusYears(1) + ".." + months.get(11).minusYears(1)));
    }

    static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    /**
     * Share of each acquisition month's customers still active at the end of the k-th month after
     * it (k = 0: the acquisition month itself), for the last 24 cohorts.
     */
    static Matrix cohorts(Lifetimes lt, MetricContext ctx) {
        int first = Math.max(0, lt.period - COHORTS + 1);
        int rows = lt.period - first + 1;
        long[] size = new long[rows];
        long[][] lostBy = new long[rows][COHORTS];
        for (int i = 0; i < lt.n; i++) {
            if ((i & 0xFFFF) == 0) {
                ctx.checkCancelled();
            }
            int c = lt.acquiredMonth[i] - first;
            if (c < 0) {
                continue;
            }
            size[c]++;
            int lm = lt.lostMonth[i];
            if (lm != Integer.MAX_VALUE && lm - lt.acquiredMonth[i] < COHORTS) {
                lostBy[c][lm - lt.acquiredMonth[i]]++;
            }
        }
        double[][] v = new double[rows][COHORTS];
        List<String> rowLabels = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int c = 0; c < rows; c++) {
            rowLabels.add(lt.month(first + c).toString());
            sizes.add(size[c]);
            long gone = 0;
            for (int k = 0; k < COHORTS; k++) {
                gone += lostBy[c][k];
                boolean observed = first + c + k <= lt.period;
                v[c][k] = observed && size[c] > 0 ? (double) (size[c] - gone) / size[c] : Double.NaN;
            }
        }
        List<String> cols = new ArrayList<>();
        for (int k = 0; k < COHORTS; k++) {
            cols.add(Integer.toString(k));
        }
        // columns: months since acquisition, each cell the share still active at that month's end (a code,
        // worded by fact.columns.<code> in the messages)
        return new Matrix("churn.cohorts", "churn.cohorts", rowLabels, cols, v, Unit.FRACTION,
                Facts.of("cohortSizes", sizes, "columns", "months-since-acquisition"));
    }
}
