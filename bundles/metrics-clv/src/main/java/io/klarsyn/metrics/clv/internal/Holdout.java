package io.klarsyn.metrics.clv.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Unit;

/**
 * Does the purchase model hold? The BG/NBD model is fitted on the history up to a calibration cut
 * ({@code clv.holdout.weeks} before the period end) and its forecast for the holdout weeks is set
 * against what the same customers actually bought: in total, per customer (correlation), and week
 * by week (cumulative tracking), as in Fader, Hardie &amp; Lee (2005), figures 3–4.
 *
 * <p>Needs dated transactions, so it makes a second pass over them
 * ({@link MetricContext#rescanTransactions}, once, asking only for the sampled customers' rows);
 * distinct purchase days are kept in a primitive hash set of (customer, day) keys, 16 bytes per
 * purchase day at most, only during this pass.
 */
final class Holdout {

    /**
     * The shortest check: fewer held-out weeks say little about the forecast. With the calibration
     * period at least twice the held-out weeks, the history must span three times this many weeks.
     */
    static final int MIN_WEEKS = 8;

    private Holdout() {
    }

    /**
     * @param requestedWeeks {@code clv.holdout.weeks}: the held-out weeks wanted; fewer are held out
     *        when the history is shorter than three times as many weeks (the calibration period
     *        needs at least twice the held-out weeks), never fewer than {@link #MIN_WEEKS}
     */
    static List<MetricResult> compute(MetricContext ctx, CustomerLedger l, int asOf, int requestedWeeks,
            double unitDays, String unit) throws IOException {
        int n = l.size();
        // first purchase days come from the ledger (same as-of cut and checks as the rescan): one pass, not two
        int[] first = new int[n];
        for (int c = 0; c < n; c++) {
            first[c] = l.firstPurchase(c) == CustomerLedger.NO_DAY ? Integer.MAX_VALUE : l.firstPurchase(c);
        }
        int earliest = Integer.MAX_VALUE;
        for (int f : first) {
            earliest = Math.min(earliest, f);
        }
        int historyWeeks = earliest == Integer.MAX_VALUE ? 0 : (asOf - earliest) / 7;
        int holdoutWeeks = Math.min(requestedWeeks, historyWeeks / 3);
        if (holdoutWeeks < Math.min(MIN_WEEKS, requestedWeeks)) {
            return List.of(new Note("clv.holdout", Note.Severity.INFO, "clv.note.holdoutShort",
                    List.of(historyWeeks, Math.min(MIN_WEEKS, requestedWeeks), 3 * Math.min(MIN_WEEKS, requestedWeeks)),
                    Map.of()));
        }
        int cut = asOf - holdoutWeeks * 7;
        List<MetricResult> out = new ArrayList<>();
        if (holdoutWeeks < requestedWeeks) {
            out.add(new Note("clv.holdout.shortened", Note.Severity.INFO, "clv.note.holdoutShortened",
                    List.of(holdoutWeeks, requestedWeeks, historyWeeks), Map.of()));
        }
        // Validate on a systematic sample of the cohort (every k-th customer whose first purchase is before
        // the cut), capped like the main fit: the check needs precision, not every customer.
        int cohortAll = 0;
        for (int c = 0; c < n; c++) {
            if (first[c] <= cut) {
                cohortAll++;
            }
        }
        int stride = Math.max(1, (int) Math.ceil((double) cohortAll / ClvCalculator.HOLDOUT_SAMPLE));
        boolean[] sampled = new boolean[n];
        int seenCohort = 0;
        int cohort = 0;
        for (int c = 0; c < n; c++) {
            if (first[c] <= cut && seenCohort++ % stride == 0) {
                sampled[c] = true;
                cohort++;
            }
        }
        // Contracts: a customer whose contract ended before the cut is known to be gone at the cut and is
        // not compared; one whose contract ends within the held-out weeks is compared over the days it
        // was still a customer (the check is of the purchase model, not of the churn forecast).
        boolean contractual = l.contractual();
        int[] churned = new int[n];
        boolean[] compare = new boolean[n];
        for (int c = 0; c < n; c++) {
            churned[c] = contractual ? l.churnedOn(c) : CustomerLedger.NO_DAY;
            compare[c] = sampled[c] && (churned[c] == CustomerLedger.NO_DAY || churned[c] - 1 > cut);
        }
        int[] calDays = new int[n];
        int[] calLast = new int[n];
        int[] holdDays = new int[n];
        long[] weekly = new long[holdoutWeeks];
        // sized for the sample's purchase days to date (the rescan sees no more), so that it never grows
        long sampleDays = 0;
        for (int c = 0; c < n; c++) {
            if (sampled[c]) {
                sampleDays += Math.max(0, l.purchaseDays(c));
            }
        }
        LongSet seen = new LongSet((int) Math.min(1 << 29, Math.max(1 << 16, 2 * sampleDays + 16)));
        // only the sample's rows: wants() lets the rescan drop the others before its duplicate check
        ctx.rescanTransactions(new TransactionVisitor() {
            @Override
            public boolean wants(int c) {
                return sampled[c];
            }

            @Override
            public void visit(int c, int day, double amount) {
                // a purchase occasion is a day with a positive amount, as in the ledger
                if (!sampled[c] || amount <= 0 || !seen.add(((long) c << 32) | (day & 0xFFFFFFFFL))) {
                    return;
                }
                if (day <= cut) {
                    calDays[c]++;
                    calLast[c] = Math.max(calLast[c], day);
                } else if (compare[c]) {
                    holdDays[c]++;
                    weekly[Math.min(holdoutWeeks - 1, (day - cut - 1) / 7)]++;
                }
            }
        });
        ctx.checkCancelled();
        // fit on the cohort's calibration patterns
        PatternBuilder pb = new PatternBuilder(n);
        for (int c = 0; c < n; c++) {
            if (sampled[c] && calDays[c] < 1) {
                sampled[c] = false; // the rescan saw no purchase on or before the first purchase day: not comparable
                compare[c] = false;
                cohort--;
            }
            if (sampled[c]) {
                // observed until the cut, or until the day before a contract's end (as in the main fit)
                int end = churned[c] != CustomerLedger.NO_DAY && churned[c] - 1 < cut
                        ? Math.max(churned[c] - 1, calLast[c]) : cut;
                pb.set(c, calDays[c] - 1, calLast[c] - first[c], end - first[c]);
            }
        }
        PatternBuilder.Built built = pb.build(unitDays);
        BgNbdModel.Patterns patterns = built.patterns();
        int[] patternOf = built.patternOf();
        BgNbdModel.Fit fit = BgNbdModel.fit(patterns, ctx::checkCancelled);
        ctx.info("BG/NBD fit on the calibration period: " + fit.iterations() + " iterations, " + fit.reason());
        if (!fit.converged()) {
            out.add(new Note("clv.holdout", Note.Severity.WARNING, "clv.note.notConverged",
                    List.of("clv.model.bgnbdCalibration", ClvCalculator.STOP_TEXT + fit.stop()), Map.of()));
            return out;
        }
        BgNbdModel m = fit.model();
        // cumulative forecast per pattern after each holdout week
        double[][] path = new double[patterns.size()][holdoutWeeks];
        double[] numerator = new double[holdoutWeeks];
        for (int k = 0; k < patterns.size(); k++) {
            if (k == 0 || patterns.x()[k] != patterns.x()[k - 1] || patterns.tIndex()[k] != patterns.tIndex()[k - 1]) {
                ctx.checkCancelled();
                for (int w = 0; w < holdoutWeeks; w++) {
                    numerator[w] = m.expectedNumerator((w + 1) * 7 / unitDays, patterns.x()[k], patterns.bigT(k));
                }
            }
            double denom = m.aliveDenominator(patterns.x()[k], patterns.tx(k), patterns.bigT(k));
            for (int w = 0; w < holdoutWeeks; w++) {
                path[k][w] = numerator[w] / denom;
            }
        }
        double[] cumPredicted = new double[holdoutWeeks];
        double predictedTotal = 0;
        double actualTotal = 0;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int compared = 0;
        for (int c = 0; c < n; c++) {
            if (!compare[c]) {
                continue;
            }
            compared++;
            int k = patternOf[c];
            double[] p = path[k];
            int exposure = churned[c] == CustomerLedger.NO_DAY ? holdoutWeeks * 7
                    : Math.min(holdoutWeeks * 7, churned[c] - 1 - cut);
            double atExposure = exposure == holdoutWeeks * 7 ? p[holdoutWeeks - 1]
                    : m.expectedNumerator(exposure / unitDays, patterns.x()[k], patterns.bigT(k))
                            / m.aliveDenominator(patterns.x()[k], patterns.tx(k), patterns.bigT(k));
            for (int w = 0; w < holdoutWeeks; w++) {
                cumPredicted[w] += (w + 1) * 7 <= exposure ? p[w] : atExposure;
            }
            double pred = atExposure;
            double act = holdDays[c];
            predictedTotal += pred;
            actualTotal += act;
            sx += pred;
            sy += act;
            sxx += pred * pred;
            syy += act * act;
            sxy += pred * act;
        }
        double cov = sxy - sx * sy / compared;
        double corr = cov / Math.sqrt((sxx - sx * sx / compared) * (syy - sy * sy / compared));
        double[] weeks = new double[holdoutWeeks];
        double[] cumActual = new double[holdoutWeeks];
        double run = 0;
        for (int w = 0; w < holdoutWeeks; w++) {
            weeks[w] = w + 1;
            run += weekly[w];
            cumActual[w] = run;
        }
        out.add(new Curve("clv.holdout", "clv.holdout", "clv.axis.holdoutWeeks", Unit.WEEKS, "clv.axis.repeatPurchases",
                Unit.COUNT, false,
                List.of(new Curve.Line("clv.holdout.actual", weeks, cumActual, null, null),
                        new Curve.Line("clv.holdout.predicted", weeks, cumPredicted, null, null)),
                Facts.of("holdoutWeeks", holdoutWeeks, "holdoutWeeksRequested", requestedWeeks, "calibrationEnd", java.time.LocalDate.ofEpochDay(cut).toString(),
                        "customers", compared, "fittedOn", cohort, "cohort", cohortAll,
                        "predictedRepeatPurchases", predictedTotal,
                        "actualRepeatPurchases", actualTotal,
                        "relativeError", actualTotal > 0 ? (predictedTotal - actualTotal) / actualTotal : null,
                        "perCustomerCorrelation", Double.isFinite(corr) ? corr : null,
                        "calibrationR", m.r(), "calibrationAlpha", m.alpha(), "calibrationA", m.a(), "calibrationB", m.b(),
                        "timeUnit", unit)));
        return out;
    }

    /** Open-addressing set of longs (no boxing); Long.MIN_VALUE is the empty marker. */
    static final class LongSet {
        private long[] keys;
        private int size;

        LongSet(int capacity) {
            keys = new long[Integer.highestOneBit(Math.max(16, capacity) - 1) << 1];
            Arrays.fill(keys, Long.MIN_VALUE);
        }

        boolean add(long key) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int h = (int) (mix(key) & mask);
            while (keys[h] != Long.MIN_VALUE) {
                if (keys[h] == key) {
                    return false;
                }
                h = (h + 1) & mask;
            }
            keys[h] = key;
            size++;
            return true;
        }

        private void grow() {
            long[] old = keys;
            keys = new long[old.length * 2];
            Arrays.fill(keys, Long.MIN_VALUE);
            size = 0;
            for (long k : old) {
                if (k != Long.MIN_VALUE) {
                    add(k);
                }
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }
    }
}
