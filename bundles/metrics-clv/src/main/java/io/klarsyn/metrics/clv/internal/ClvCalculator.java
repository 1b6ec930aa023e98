package io.klarsyn.metrics.clv.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Distribution;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/** Customer lifetime value: the seed's simple CLV, BG/NBD + Gamma-Gamma, predicted CLV, value tiers. */
@Component
@Plugin(id = "clv", title = "Customer lifetime value")
public class ClvCalculator implements MetricCalculator {

    static final double DAYS_PER_MONTH = 365.25 / 12;

    /**
     * Above this many customers in its cohort, the holdout check ({@link Holdout}) runs on a systematic
     * sample of this size: it validates the model, and needs precision, not every customer.
     */
    static final int HOLDOUT_SAMPLE = 50_000;

    /**
     * Prefix of the message that words a fit's stop code ({@link Newton}): a note's argument is this key, which
     * the report translates; the fact {@code stopReason} is the bare code.
     */
    static final String STOP_TEXT = "fact.stopReason.";


    @Override
    public Set<DataKind> inputs() {
        return EnumSet.of(DataKind.TRANSACTIONS);
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor("clv.timeUnit", "enum:week|day|month", "week",
                        "Time unit of the BG/NBD model (its parameters r, alpha and all rates are per this unit): week (7 days, as in the literature), day, or month (365.25/12 days)."),
                new SettingDescriptor("clv.horizon.months", "int", "12", "Months ahead that predicted CLV adds up."),
                new SettingDescriptor("clv.discount.annual", "number", "0.10",
                        "Annual discount rate for predicted CLV, as a fraction (0.10 = 10 % a year); applied monthly."),
                new SettingDescriptor("clv.margin", "number", "1.0",
                        "Share of revenue that is margin (0–1); 1.0 means CLV is in revenue, not profit."),
                new SettingDescriptor("clv.acquisitionCost", "number", null,
                        "Acquisition cost per customer for the simple CLV, in the job currency. Empty = the mean of the customer attribute acquisition_cost over customers acquired in the last 12 months (0 when there is none)."),
                new SettingDescriptor("clv.segments", "list", "",
                        "Customer attributes to break customer value down by, e.g. plan,segment."),
                new SettingDescriptor("clv.holdout.weeks", "int", "26",
                        "Weeks at the end of the history held out to check the purchase model: it is fitted on the data before them and its forecast compared with what customers bought in them. The weeks before must be at least twice as many, so a shorter history holds out fewer weeks (a third of it), at least " + Holdout.MIN_WEEKS + " (24 weeks of history). 0 = no check."),
                new SettingDescriptor("clv.atRisk.count", "int", "20",
                        "How many valuable customers at risk (P(alive) < 0.5, highest predicted CLV) to list."));
    }

    private static double unitDays(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "week": case "weeks": return 7;
            case "day": case "days": return 1;
            case "month": case "months": return DAYS_PER_MONTH;
            default: throw new IllegalArgumentException("clv.timeUnit must be week, day or month, not '" + unit + "'");
        }
    }

    @Override
    public List<MetricResult> compute(MetricContext ctx) throws java.io.IOException {
        JobSettings s = ctx.settings();
        String unit = s.string("clv.timeUnit", "week").toLowerCase(Locale.ROOT);
        double unitDays = unitDays(unit);
        int horizon = s.integer("clv.horizon.months", 12);
        double discount = s.number("clv.discount.annual", 0.10);
        double margin = s.number("clv.margin", 1.0);
        double cac = s.number("clv.acquisitionCost", Double.NaN);
        if (horizon <= 0 || horizon > 120) {
            throw new IllegalArgumentException("clv.horizon.months must be 1–120, not " + horizon);
        }
        if (discount < 0 || discount >= 1) {
            throw new IllegalArgumentException("clv.discount.annual is a fraction in [0, 1), not " + discount);
        }
        CustomerLedger l = ctx.ledger();
        int asOf = (int) ctx.period().lastDay().toEpochDay();
        List<MetricResult> out = new ArrayList<>();

        // Two threads: simple CLV, historical value and the Gamma-Gamma fit on a second one, while this one
        // builds the purchase patterns, fits BG/NBD and forecasts; the engine runs one metric at a time,
        // so the second core would otherwise be idle.
        List<String> segments = s.list("clv.segments");
        Parallel.Task<List<MetricResult>> valueSide = Parallel.fork(() -> {
            List<MetricResult> r = new ArrayList<>();
            simpleAndHistorical(ctx, l, segments, cac, r);
            return r;
        });
        Parallel.Task<SpendFit> spendSide = Parallel.fork(() -> spendModel(ctx, l, ""));

        // ---- BG/NBD on distinct patterns of every buyer (day resolution, times in the unit)
        int n = l.size();
        PatternBuilder pb = new PatternBuilder(n);
        int buyers = setPatterns(l, asOf, pb);
        out.addAll(valueSide.join());
        if (buyers < 20) {
            out.add(new Note("clv.bgnbd", Note.Severity.WARNING, "clv.note.tooFewBuyers", List.of(buyers), Map.of()));
            return out;
        }
        PatternBuilder.Built built = pb.build(unitDays);
        BgNbdModel.Patterns patterns = built.patterns();
        int[] patternOf = built.patternOf();
        BgNbdModel.Fit fit = BgNbdModel.fit(patterns, ctx::checkCancelled);
        BgNbdModel m = fit.model();
        boolean dropout = fit.dropoutIdentified();
        // the unit is in the title and in α's label, so no reader has to guess what a rate is per
        out.add(paramTable("clv.bgnbd", "clv.bgnbd." + unit, new String[] {"r", "alpha." + unit, "a", "b"},
                new double[] {m.r(), m.alpha(), dropout ? m.a() : Double.NaN, dropout ? m.b() : Double.NaN},
                fit.standardErrors(),
                Facts.of("r", m.r(), "alpha", m.alpha(), "a", dropout ? m.a() : null, "b", dropout ? m.b() : null,
                        "dropoutIdentified", dropout,
                        "rSe", nullable(fit.standardErrors()[0]), "alphaSe", nullable(fit.standardErrors()[1]),
                        "aSe", nullable(fit.standardErrors()[2]), "bSe", nullable(fit.standardErrors()[3]),
                        "logLikelihood", fit.logLikelihood(), "timeUnit", unit, "unitDays", unitDays,
                        "customers", buyers, "patterns", patterns.size(), "converged", fit.converged(),
                        "iterations", fit.iterations(), "stopReason", fit.stop())));
        ctx.info("BG/NBD fit: " + fit.iterations() + " iterations, " + fit.reason());
        if (!dropout) {
            out.add(new Note("clv.bgnbd.dropoutNotIdentified", Note.Severity.WARNING, "clv.note.dropoutNotIdentified",
                    List.of(), Map.of()));
        }
        if (!fit.converged()) {
            Note note = new Note("clv.bgnbd.notConverged", Note.Severity.WARNING, "clv.note.notConverged",
                    List.of("BG/NBD", STOP_TEXT + fit.stop()), Map.of());
            out.add(note);
            ctx.unstable(note);
            return out;
        }

        // ---- discounted expected purchases per pattern (both threads: the spend fit is done by now)
        double[] periodEnd = new double[horizon];
        for (int mo = 1; mo <= horizon; mo++) {
            periodEnd[mo - 1] = mo * DAYS_PER_MONTH / unitDays;
        }
        double hazard = monthlyChurnHazard(l, asOf);
        double[] monthFactor = monthFactors(horizon, discount, margin, hazard);
        int np = patterns.size();
        double[] forecast = new double[2 * np]; // per pattern: discounted purchases, P(alive)
        int mid = np / 2;
        while (mid > 0 && mid < np && patterns.x()[mid] == patterns.x()[mid - 1]
                && patterns.tIndex()[mid] == patterns.tIndex()[mid - 1]) {
            mid++; // split between runs of equal (x, T), which share their numerator
        }
        int split = mid;
        Parallel.Task<Void> upper = Parallel.fork(() -> {
            m.discountedPurchases(patterns, split, np, periodEnd, monthFactor, forecast, ctx::checkCancelled);
            return null;
        });
        m.discountedPurchases(patterns, 0, split, periodEnd, monthFactor, forecast, ctx::checkCancelled);
        upper.join();

        // ---- Gamma-Gamma on every repeat customer's mean repeat-occasion value
        SpendFit spend = spendSide.join();
        out.addAll(spend.results());
        if (spend.fit() == null) {
            return out;
        }
        GammaGammaModel g = spend.fit().model();
        // the holdout check needs nothing from here on: it runs beside the rest (on two cores the pool's one
        // worker takes it or the comparisons below, and this thread whatever it has not started)
        int holdoutWeeks = s.integer("clv.holdout.weeks", 26);
        Parallel.Task<List<MetricResult>> holdout = holdoutWeeks > 0
                ? Parallel.fork(() -> Holdout.compute(ctx, l, asOf, holdoutWeeks, unitDays, unit)) : null;
        try {
            predicted(ctx, l, g, patternOf, forecast, unitDays, unit, periodEnd, horizon, discount, margin, hazard,
                    segments, out);
            if (holdout != null) {
                out.addAll(holdout.joinIo());
            }
        } finally {
            if (holdout != null) {
                holdout.discard();
            }
        }
        return out;
    }

    /**
     * Predicted CLV: the discounted expected purchases of each customer's pattern × the customer's expected
     * spend, its distribution, tiers, at-risk list and segments, appended to {@code out} in report order;
     * the comparisons with the previous month and a year before are refitted on two forked tasks meanwhile.
     */
    private static void predicted(MetricContext ctx, CustomerLedger l, GammaGammaModel g, int[] patternOf,
            double[] forecast, double unitDays, String unit, double[] periodEnd, int horizon, double discount,
            double margin, double hazard, List<String> segments, List<MetricResult> out) {
        // the same figure as the reports of the previous month and a year ago computed it: models refitted
        // on the ledger as of those month-ends
        YearMonth month = ctx.period().month();
        int prevDay = (int) month.minusMonths(1).atEndOfMonth().toEpochDay();
        int lastYearDay = (int) month.minusYears(1).atEndOfMonth().toEpochDay();
        Parallel.Task<Earlier> previousSide = Parallel.fork(
                () -> predictedAsOf(ctx, l, prevDay, unitDays, periodEnd, discount, margin));
        Parallel.Task<Earlier> lastYearSide = Parallel.fork(
                () -> predictedAsOf(ctx, l, lastYearDay, unitDays, periodEnd, discount, margin));
        try {
            int n = l.size();
            double[] clv = new double[n];
            double[] alive = new double[n];
            boolean[] counted = new boolean[n];
            int half = n / 2;
            Parallel.Task<double[]> secondHalf = Parallel.fork(() -> predict(l, g, patternOf, forecast, half, n, clv, alive, counted));
            double[] a1 = predict(l, g, patternOf, forecast, 0, half, clv, alive, counted);
            double[] a2 = secondHalf.join();
            int counts = (int) (a1[0] + a2[0]);
            double total = a1[1] + a2[1];
            double mean = counts == 0 ? Double.NaN : total / counts;
            double[] values = new double[counts];
            int k2 = 0;
            for (int i = 0; i < n; i++) {
                if (counted[i]) {
                    values[k2++] = clv[i];
                }
            }
            Sorting.sortNonNegative(values);
            List<MetricResult> rest = new ArrayList<>();
            rest.add(histogram(values));
            rest.addAll(tiers(values, total));
            rest.add(atRisk(ctx, l, clv, alive, counted));
            for (String seg : segments) {
                Attribute a = l.attribute(seg);
                if (a != null) {
                    rest.add(bySegment(a, clv, counted, total));
                }
            }
            Earlier previous = previousSide.join();
            Earlier lastYear = lastYearSide.join();
            String predictedTitle = horizon == 12 ? "clv.predicted"
                    : Set.of(6, 24, 36, 60).contains(horizon) ? "clv.predicted.h" + horizon : "clv.predicted.custom";
            // the comparisons' bases and the method are codes (fact.<name>.<code> in the messages words them)
            Map<String, Object> facts = new LinkedHashMap<>(Facts.of("total", total, "customers", counts,
                    "horizonMonths", horizon, "discountAnnual", discount, "margin", margin, "timeUnit", unit,
                    "contractEndHazardMonthly", hazard, "previousBasis", previous.basis()));
            if (previous.mean() != null) {
                facts.put("previousCustomers", previous.customers());
            }
            facts.put("lastYearBasis", lastYear.basis());
            if (lastYear.mean() != null) {
                facts.put("lastYearCustomers", lastYear.customers());
            }
            // BG/NBD expected purchases per month × Gamma-Gamma expected spend × margin, discounted monthly; with
            // contracts, each month also × the probability that the contract still runs
            facts.put("method", l.contractual() ? "bgnbd-gamma-gamma-contracts" : "bgnbd-gamma-gamma");
            out.add(new Kpi("clv.predicted", predictedTitle, nullable(mean), Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                    previous.mean(), lastYear.mean(), facts).asHeadline(40));
            out.addAll(rest);
        } finally {
            previousSide.discard();
            lastYearSide.discard();
        }
    }

    /**
     * Sets every buyer's (x, t_x, T) as of {@code asOf} in days: x = purchase days − 1, t_x from the first to
     * the last purchase, T from the first purchase to the end of observation ({@link #observedUntil}).
     *
     * @return the number of buyers
     */
    private static int setPatterns(CustomerLedger l, int asOf, PatternBuilder pb) {
        int buyers = 0;
        for (int i = 0, n = l.size(); i < n; i++) {
            int days = l.purchaseDays(i);
            if (days >= 1) {
                int first = l.firstPurchase(i);
                pb.set(i, days - 1, l.lastPurchase(i) - first, Math.max(0, observedUntil(l, i, asOf) - first));
                buyers++;
            }
        }
        return buyers;
    }

    /**
     * The last day a customer could be seen buying: the as-of day, or for a contract that has ended,
     * the day before its end (never before the last purchase, so that messy data stays a valid
     * pattern). Without this a churned customer's silence after the contract would read as BG/NBD
     * drop-out and bias the drop-out parameters (on generated contractual data: a 1.09 for a true 0.8).
     */
    static int observedUntil(CustomerLedger l, int i, int asOf) {
        if (!l.contractual()) {
            return asOf;
        }
        int churned = l.churnedOn(i);
        if (churned == CustomerLedger.NO_DAY || churned > asOf) {
            return asOf;
        }
        return Math.max(churned - 1, l.lastPurchase(i));
    }

    /**
     * The monthly hazard of a contract ending, from the last 12 months: contracts ended in (asOf − 365,
     * asOf] per customer-month at risk in that window (customers counted from acquisition to contract
     * end). 0 without contracts: then BG/NBD's drop-out is all the attrition there is.
     */
    static double monthlyChurnHazard(CustomerLedger l, int asOf) {
        if (!l.contractual()) {
            return 0;
        }
        int from = asOf - 365;
        long ended = 0;
        double exposure = 0;
        for (int i = 0, n = l.size(); i < n; i++) {
            int acquired = l.acquiredOn(i);
            if (acquired == CustomerLedger.NO_DAY || acquired > asOf) {
                continue;
            }
            int churned = l.churnedOn(i);
            int start = Math.max(acquired, from);
            int end = churned == CustomerLedger.NO_DAY ? asOf : Math.min(churned, asOf);
            if (end > start) {
                exposure += end - start;
            }
            if (churned != CustomerLedger.NO_DAY && churned > from && churned <= asOf) {
                ended++;
            }
        }
        return exposure == 0 ? 0 : ended / (exposure / DAYS_PER_MONTH);
    }

    /**
     * Weights of the expected purchases of months 1..horizon: margin, discounting at the annual rate, and
     * — with contracts — the probability exp(−h·(m − ½)) that the contract still runs in the middle of
     * month m. The BG/NBD is fitted on each customer's time under contract (see {@link #observedUntil}),
     * so it describes buying while a customer; the end of contracts to come is this factor's part.
     */
    static double[] monthFactors(int horizon, double discount, double margin, double hazard) {
        double[] f = new double[horizon];
        for (int mo = 1; mo <= horizon; mo++) {
            f[mo - 1] = margin / Math.pow(1 + discount, mo / 12.0) * Math.exp(-hazard * (mo - 0.5));
        }
        return f;
    }

    /**
     * The mean predicted CLV as of an earlier month-end over {@code customers} customers, or why there is none:
     * {@code basis} is {@code refitted} (both models fitted anew on the ledger of that day) or the code of what
     * was missing; the facts {@code previousBasis} and {@code lastYearBasis}.
     */
    private record Earlier(Double mean, int customers, String basis) {
        static Earlier none(String basis) {
            return new Earlier(null, 0, basis);
        }
    }

    /**
     * The mean predicted CLV as the report for an earlier month-end computed it: both models fitted anew on
     * the ledger as of that day ({@link CustomerLedger#asOf}), the same horizon, margin and discounting.
     * A comparison that cannot be made says why and leaves this month's figures alone.
     */
    private static Earlier predictedAsOf(MetricContext ctx, CustomerLedger now, int day, double unitDays,
            double[] periodEnd, double discount, double margin) {
        CustomerLedger l = now.asOf(day);
        String asOf = java.time.LocalDate.ofEpochDay(day).toString();
        if (l == null) {
            return Earlier.none("no-history");
        }
        int n = l.size();
        PatternBuilder pb = new PatternBuilder(n);
        int buyers = setPatterns(l, day, pb);
        if (buyers < 20) {
            ctx.info("predicted CLV as of " + asOf + ": " + buyers + " buyers, too few to fit the purchase model");
            return Earlier.none("too-few-buyers");
        }
        try {
            PatternBuilder.Built built = pb.build(unitDays);
            BgNbdModel.Patterns patterns = built.patterns();
            BgNbdModel.Fit fit = BgNbdModel.fit(patterns, ctx::checkCancelled);
            ctx.info("BG/NBD fit as of " + asOf + ": " + fit.iterations() + " iterations, " + fit.reason());
            if (!fit.converged()) {
                return Earlier.none("no-purchase-fit");
            }
            SpendFit spend = spendModel(ctx, l, " as of " + asOf);
            if (spend.fit() == null) {
                return Earlier.none("no-spend-fit");
            }
            double[] monthFactor = monthFactors(periodEnd.length, discount, margin, monthlyChurnHazard(l, day));
            double[] forecast = new double[2 * patterns.size()];
            fit.model().discountedPurchases(patterns, 0, patterns.size(), periodEnd, monthFactor, forecast,
                    ctx::checkCancelled);
            double[] r = predict(l, spend.fit().model(), built.patternOf(), forecast, 0, n, new double[n], new double[n],
                    new boolean[n]);
            return r[0] == 0 ? Earlier.none("no-prediction") : new Earlier(r[1] / r[0], (int) r[0], "refitted");
        } catch (ArithmeticException e) {
            ctx.info("predicted CLV as of " + asOf + " failed: " + e.getMessage());
            return Earlier.none("failed");
        }
    }

    /**
     * Predicted CLV of customers [from, to): the pattern's discounted expected purchases × the customer's
     * expected spend per purchase (Gamma-Gamma; the population mean for customers without repeat purchases).
     * Customers who have ended a contract have no future purchases and are left out.
     *
     * @return {customers counted, their total CLV}
     */
    private static double[] predict(CustomerLedger l, GammaGammaModel g, int[] patternOf, double[] forecast, int from,
            int to, double[] clv, double[] alive, boolean[] counted) {
        double populationSpend = g.expectedSpend(0, 0);
        boolean contractual = l.contractual();
        int counts = 0;
        double total = 0;
        for (int i = from; i < to; i++) {
            int pat = patternOf[i];
            if (pat < 0 || contractual && l.churnedOn(i) != CustomerLedger.NO_DAY) {
                continue;
            }
            int x = l.purchaseDays(i) - 1;
            double mbar = x > 0 ? meanRepeatValue(l, i) : Double.NaN;
            double spend = x > 0 && repeatSpendPositive(l, i) ? g.expectedSpend(x, mbar) : populationSpend;
            double v = forecast[2 * pat] * spend;
            if (!Double.isFinite(v) || v < 0) {
                throw new ArithmeticException("predicted CLV not finite for customer " + l.customerId(i));
            }
            clv[i] = v;
            alive[i] = forecast[2 * pat + 1];
            counted[i] = true;
            counts++;
            total += v;
        }
        return new double[] {counts, total};
    }

    /** The simple CLV (this month, last month, a year ago) and historical value, in report order. */
    private static void simpleAndHistorical(MetricContext ctx, CustomerLedger l, List<String> segments,
            double cac, List<MetricResult> out) {
        java.time.YearMonth month = ctx.period().month();
        SimpleClv.Result[] windows = SimpleClv.compute(l,
                new java.time.YearMonth[] {month, month.minusMonths(1), month.minusYears(1)}, cac);
        SimpleClv.Result now = windows[0];
        SimpleClv.Result prev = windows[1];
        SimpleClv.Result ly = windows[2];
        out.add(new Kpi("clv.simple", "clv.simple", nullable(now.value()), Unit.CURRENCY, Direction.HIGHER_IS_BETTER,
                nullable(prev.value()), nullable(ly.value()),
                Facts.of("annualRevenuePerCustomer", nullable(now.annualRevenuePerCustomer()),
                        "annualChurnRate", nullable(now.annualChurnRate()),
                        "expectedLifetimeYears", nullable(now.expectedLifetimeYears()),
                        "acquisitionCost", now.acquisitionCost(),
                        "acquisitionCostSource", costSource(l, cac),
                        "averageCustomers", now.averageCustomers(), "lost12m", now.lost(), "revenue12m", now.revenue(),
                        "monthsUsed", now.monthsUsed(),
                        // annual revenue per customer × (1 / annual churn rate) − acquisition cost
                        "formula", "revenue-times-lifetime-minus-cost")));
        if (Double.isNaN(cac) && !hasCostAttribute(l)) {
            out.add(new Note("clv.simple.noAcquisitionCost", Note.Severity.INFO, "clv.note.noAcquisitionCost", List.of(),
                    Map.of()));
        }
        if (now.monthsUsed() == 0) {
            out.add(new Note("clv.simple.noHistory", Note.Severity.WARNING, "clv.note.simpleNoHistory", List.of(),
                    Map.of()));
        } else if (now.monthsUsed() < 12) {
            out.add(new Note("clv.simple.shortHistory", Note.Severity.INFO, "clv.note.simpleShortHistory",
                    List.of(now.monthsUsed()), Map.of()));
        }
        if (Double.isNaN(now.value()) && now.monthsUsed() > 0) {
            out.add(new Note("clv.simple.undefined", Note.Severity.WARNING, "clv.note.simpleUndefined", List.of(), Map.of()));
        }
        for (String seg : segments) {
            Attribute a = l.attribute(seg);
            if (a == null) {
                out.add(new Note("clv.segment." + seg + ".missing", Note.Severity.WARNING, "clv.note.noAttribute",
                        List.of(seg), Map.of()));
            }
        }
        out.add(historical(l, segments));
    }

    private static boolean hasCostAttribute(CustomerLedger l) {
        Attribute a = l.attribute("acquisition_cost");
        return a != null && a.numeric();
    }

    /**
     * @return where the acquisition cost comes from: {@code setting} (clv.acquisitionCost), {@code attribute} (the
     *         mean of column acquisition_cost over the customers acquired in the 12 months) or {@code none} (0)
     */
    private static String costSource(CustomerLedger l, double cac) {
        if (!Double.isNaN(cac)) {
            return "setting";
        }
        return hasCostAttribute(l) ? "attribute" : "none";
    }

    /**
     * The Gamma-Gamma fit and its results.
     *
     * @param fit the converged fit, or null when there is none (the results then say why)
     */
    private record SpendFit(GammaGammaModel.Fit fit, List<MetricResult> results) {
    }

    /** @param asOf for the run log: "" for this month's fit, " as of <day>" for an earlier one */
    private static SpendFit spendModel(MetricContext ctx, CustomerLedger l, String asOf) {
        int n = l.size();
        int[] gxAll = new int[n];
        double[] gmAll = new double[n];
        int repeat = 0;
        for (int i = 0; i < n; i++) {
            int days = l.purchaseDays(i);
            if (days >= 2 && repeatSpendPositive(l, i)) {
                gxAll[repeat] = days - 1;
                gmAll[repeat++] = meanRepeatValue(l, i);
            }
        }
        List<MetricResult> out = new ArrayList<>();
        if (repeat < 20) {
            out.add(new Note("clv.gammagamma", Note.Severity.WARNING, "clv.note.tooFewRepeat", List.of(repeat), Map.of()));
            return new SpendFit(null, out);
        }
        int[] gx = Arrays.copyOf(gxAll, repeat);
        double[] gm = Arrays.copyOf(gmAll, repeat);
        GammaGammaModel.Fit gg = GammaGammaModel.fit(gx, gm, ctx::checkCancelled);
        GammaGammaModel g = gg.model();
        double corr = correlation(gx, gm);
        out.add(paramTable("clv.gammagamma", "clv.gammagamma", new String[] {"p", "q", "gamma"},
                new double[] {g.p(), g.q(), g.gamma()}, gg.standardErrors(),
                Facts.of("p", g.p(), "q", g.q(), "gamma", g.gamma(), "pSe", nullable(gg.standardErrors()[0]),
                        "qSe", nullable(gg.standardErrors()[1]), "gammaSe", nullable(gg.standardErrors()[2]),
                        "logLikelihood", gg.logLikelihood(), "customers", repeat,
                        "frequencySpendCorrelation", corr, "converged", gg.converged(),
                        "iterations", gg.iterations(), "stopReason", gg.stop())));
        ctx.info("Gamma-Gamma fit" + asOf + ": " + gg.iterations() + " iterations, " + gg.reason());
        if (Math.abs(corr) > 0.3) {
            out.add(new Note("clv.gammagamma.correlated", Note.Severity.WARNING, "clv.note.correlated",
                    List.of(corr), Map.of()));
        }
        if (!gg.converged()) {
            Note note = new Note("clv.gammagamma.notConverged", Note.Severity.WARNING, "clv.note.notConverged",
                    List.of("Gamma-Gamma", STOP_TEXT + gg.stop()), Map.of());
            out.add(note);
            if (asOf.isEmpty()) {
                ctx.unstable(note); // this month's fit; an earlier month's only loses its comparison
            }
            return new SpendFit(null, out);
        }
        return new SpendFit(gg, out);
    }

    /**
     * Whether a customer's repeat occasions add up to at least a cent: amounts are sums of decimal
     * prices in binary floating point, so repeat purchases refunded in full net to a residue such as
     * 9e-13 rather than 0, and must not enter the spend model as a positive spend.
     */
    static boolean repeatSpendPositive(CustomerLedger l, int i) {
        return Math.round((l.revenue(i) - l.firstOccasionRevenue(i)) * 100) >= 1;
    }

        private static double meanRepeatValue(CustomerLedger l, int i) {
        return (l.revenue(i) - l.firstOccasionRevenue(i)) / (l.purchaseDays(i) - 1);
    }

    private static Double nullable(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double correlation(int[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    private static Table paramTable(String id, String titleKey, String[] names, double[] values, double[] se,
            Map<String, Object> facts) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            rows.add(Arrays.asList(id + ".param." + names[i], Double.isFinite(values[i]) ? values[i] : null,
                    Double.isFinite(se[i]) ? se[i] : null));
        }
        return new Table(id, titleKey, List.of(new Table.Column("parameter", "clv.col.parameter", Unit.TEXT),
                new Table.Column("estimate", "clv.col.estimate", Unit.NUMBER),
                new Table.Column("se", "clv.col.se", Unit.NUMBER)), rows, facts);
    }

    private static Table historical(CustomerLedger l, List<String> segments) {
        Attribute a = null;
        for (String s : segments) {
            if (l.attribute(s) != null) {
                a = l.attribute(s);
                break;
            }
        }
        int levels = a == null ? 0 : a.levels().size();
        long[] customers = new long[levels + 1];
        double[] revenue = new double[levels + 1];
        long[] occasions = new long[levels + 1];
        long[] tx = new long[levels + 1];
        for (int i = 0; i < l.size(); i++) {
            int c = a == null ? -1 : a.code(i);
            for (int slot : c < 0 ? new int[] {levels} : new int[] {c, levels}) {
                customers[slot]++;
                revenue[slot] += l.revenue(i);
                occasions[slot] += l.purchaseDays(i);
                tx[slot] += l.transactions(i);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int s = 0; s <= levels; s++) {
            String label = s == levels ? "clv.all" : a.levels().get(s);
            rows.add(Arrays.asList(label, customers[s], revenue[s],
                    customers[s] == 0 ? null : revenue[s] / customers[s],
                    customers[s] == 0 ? null : (double) occasions[s] / customers[s],
                    tx[s] == 0 ? null : revenue[s] / tx[s]));
        }
        return new Table("clv.historical", "clv.historical",
                List.of(new Table.Column("level", "clv.col.level", Unit.TEXT),
                        new Table.Column("customers", "clv.col.customers", Unit.COUNT),
                        new Table.Column("revenue", "clv.col.revenue", Unit.CURRENCY),
                        new Table.Column("revenuePerCustomer", "clv.col.revenuePerCustomer", Unit.CURRENCY),
                        new Table.Column("purchaseFrequency", "clv.col.purchaseFrequency", Unit.NUMBER),
                        new Table.Column("averageOrderValue", "clv.col.averageOrderValue", Unit.CURRENCY)),
                rows, Facts.of("attribute", a == null ? null : a.name(),
                        // purchase occasions (distinct days) per customer to date
                        "purchaseFrequency", "distinct-days"));
    }

    private static Distribution histogram(double[] sorted) {
        int bins = 20;
        double hi = sorted.length == 0 ? 1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))];
        if (hi <= 0) {
            hi = 1;
        }
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = hi * b / bins;
        }
        long[] counts = new long[bins];
        long above = 0;
        for (double v : sorted) {
            int b = (int) Math.floor(v / hi * bins);
            if (b >= bins) {
                above++;
                b = bins - 1;
            }
            counts[Math.max(0, b)]++;
        }
        double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        return new Distribution("clv.predicted.distribution", "clv.predicted.distribution", Unit.CURRENCY, edges, counts,
                Facts.of("median", nullable(median), "p99", hi, "lastBinIncludesAbove", above));
    }

    private static List<MetricResult> tiers(double[] ascending, double total) {
        int n = ascending.length;
        double[] desc = new double[n];
        for (int i = 0; i < n; i++) {
            desc[i] = ascending[n - 1 - i];
        }
        int top = (int) Math.round(n * 0.10);
        int next = (int) Math.round(n * 0.50);
        double[] value = new double[3];
        for (int i = 0; i < n; i++) {
            value[i < top ? 0 : i < next ? 1 : 2] += desc[i];
        }
        long[] count = {top, next - top, n - next};
        String[] names = {"clv.tier.top10", "clv.tier.next40", "clv.tier.rest"};
        List<List<Object>> rows = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            rows.add(Arrays.asList(names[t], count[t], n == 0 ? null : (double) count[t] / n,
                    total > 0 ? value[t] / total : null, count[t] == 0 ? null : value[t] / count[t]));
        }
        Table table = new Table("clv.tiers", "clv.tiers",
                List.of(new Table.Column("tier", "clv.col.tier", Unit.TEXT),
                        new Table.Column("customers", "clv.col.customers", Unit.COUNT),
                        new Table.Column("shareOfCustomers", "clv.col.shareOfCustomers", Unit.FRACTION),
                        new Table.Column("shareOfValue", "clv.col.shareOfValue", Unit.FRACTION),
                        new Table.Column("meanClv", "clv.col.meanClv", Unit.CURRENCY)),
                rows, Map.of());
        int points = 51;
        double[] x = new double[points];
        double[] y = new double[points];
        double cum = 0;
        int idx = 0;
        for (int p = 0; p < points; p++) {
            int upto = (int) Math.round((double) p / (points - 1) * n);
            while (idx < upto) {
                cum += desc[idx++];
            }
            x[p] = (double) p / (points - 1);
            y[p] = total > 0 ? cum / total : Double.NaN;
        }
        Curve pareto = new Curve("clv.pareto", "clv.pareto", "clv.axis.shareOfCustomers", Unit.FRACTION,
                "clv.axis.shareOfValue", Unit.FRACTION, false,
                List.of(new Curve.Line("clv.pareto.line", x, y, null, null)), Map.of());
        return List.of(table, pareto);
    }

    private static Table atRisk(MetricContext ctx, CustomerLedger l, double[] clv, double[] alive, boolean[] counted) {
        int limit = Math.max(0, ctx.settings().integer("clv.atRisk.count", 20));
        // the `limit` customers at risk with the highest predicted CLV — valuable customers who are slipping
        // away, not those long gone (P(alive) near 0 leaves little predicted value) — kept in a small min-heap;
        // ties go to the higher revenue to date, then the lower index, so the list does not depend on the heap
        Ranking rank = new Ranking(l, clv);
        int[] heap = new int[limit];
        int size = 0;
        int atRiskCount = 0;
        double riskRevenue = 0;
        double riskClv = 0;
        for (int i = 0; i < l.size(); i++) {
            if (counted[i] && alive[i] < 0.5) {
                atRiskCount++;
                riskRevenue += l.revenue(i);
                riskClv += clv[i];
                if (limit == 0) {
                    continue;
                }
                if (size < limit) {
                    heap[size] = i;
                    siftUp(heap, size++, rank);
                } else if (rank.above(i, heap[0])) {
                    heap[0] = i;
                    siftDown(heap, size, rank);
                }
            }
        }
        Integer[] top = new Integer[size];
        for (int k = 0; k < size; k++) {
            top[k] = heap[k];
        }
        Arrays.sort(top, (p, q) -> rank.above(p, q) ? -1 : rank.above(q, p) ? 1 : 0);
        List<Integer> risk = Arrays.asList(top);
        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(limit, risk.size()); k++) {
            int i = risk.get(k);
            rows.add(Arrays.asList(l.customerId(i), l.revenue(i), l.purchaseDays(i),
                    LocalDate.ofEpochDay(l.lastPurchase(i)).toString(), alive[i], clv[i]));
        }
        return new Table("clv.atRisk", "clv.atRisk",
                List.of(new Table.Column("customer", "clv.col.customer", Unit.TEXT),
                        new Table.Column("revenue", "clv.col.revenueToDate", Unit.CURRENCY),
                        new Table.Column("purchases", "clv.col.purchases", Unit.COUNT),
                        new Table.Column("lastPurchase", "clv.col.lastPurchase", Unit.TEXT),
                        new Table.Column("pAlive", "clv.col.pAlive", Unit.FRACTION),
                        new Table.Column("predictedClv", "clv.col.predictedClv", Unit.CURRENCY)),
                rows, Facts.of("customersAtRisk", atRiskCount, "revenueToDateAtRisk", riskRevenue,
                        "predictedClvAtRisk", riskClv,
                        // P(alive) < 0.5, ranked by predicted CLV (then revenue to date)
                        "rule", "p-alive-below-half"));
    }

    /** The order of the at-risk list: higher predicted CLV, then higher revenue to date, then lower index. */
    private record Ranking(CustomerLedger l, double[] clv) {
        boolean above(int i, int j) {
            int c = Double.compare(clv[i], clv[j]);
            if (c == 0) {
                c = Double.compare(l.revenue(i), l.revenue(j));
            }
            return c > 0 || c == 0 && i < j;
        }
    }

    /** Min-heap on rank: the root is the lowest-ranked of those kept. */
    private static void siftUp(int[] h, int k, Ranking rank) {
        while (k > 0) {
            int parent = (k - 1) / 2;
            if (!rank.above(h[parent], h[k])) {
                break;
            }
            int t = h[parent];
            h[parent] = h[k];
            h[k] = t;
            k = parent;
        }
    }

    private static void siftDown(int[] h, int size, Ranking rank) {
        int k = 0;
        while (true) {
            int c = 2 * k + 1;
            if (c >= size) {
                return;
            }
            if (c + 1 < size && rank.above(h[c], h[c + 1])) {
                c++;
            }
            if (!rank.above(h[k], h[c])) {
                return;
            }
            int t = h[c];
            h[c] = h[k];
            h[k] = t;
            k = c;
        }
    }

    private static Table bySegment(Attribute a, double[] clv, boolean[] counted, double total) {
        int levels = a.levels().size();
        long[] n = new long[levels];
        double[] sum = new double[levels];
        for (int i = 0; i < clv.length; i++) {
            int c = a.code(i);
            if (counted[i] && c >= 0) {
                n[c]++;
                sum[c] += clv[i];
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int c = 0; c < levels; c++) {
            rows.add(Arrays.asList(a.levels().get(c), n[c], n[c] == 0 ? null : sum[c] / n[c], sum[c],
                    total > 0 ? sum[c] / total : null));
        }
        return new Table("clv.predicted.by." + a.name(), "clv.predicted.by",
                List.of(new Table.Column("level", "clv.col.level", Unit.TEXT),
                        new Table.Column("customers", "clv.col.customers", Unit.COUNT),
                        new Table.Column("meanClv", "clv.col.meanClv", Unit.CURRENCY),
                        new Table.Column("totalClv", "clv.col.totalClv", Unit.CURRENCY),
                        new Table.Column("shareOfValue", "clv.col.shareOfValue", Unit.FRACTION)),
                rows, Facts.of("attribute", a.name()));
    }
}
