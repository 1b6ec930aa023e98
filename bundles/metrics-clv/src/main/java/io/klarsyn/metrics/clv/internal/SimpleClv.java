package io.klarsyn.metrics.clv.internal;

import java.time.LocalDate;
import java.time.YearMonth;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;

/**
 * The seed's customer lifetime value (seeds/001): annual revenue per customer × expected lifetime
 * in years − acquisition cost, with expected lifetime = 1 / annual churn rate and the annual churn
 * rate = customers lost in the last 12 months / mean of the 12 month-start active counts (the
 * seed's 12-month churn). Example from the seed: 1 000 × 10 − 1 000 = 9 000.
 *
 * <p>A customer is active at the start of a month when acquired before its first day and not lost
 * before it (the churn bundle's convention), lost by the ledger's one definition
 * ({@link CustomerLedger#lostOn}).
 *
 * <p>A window that reaches back before the data uses only the months that start after the data's
 * first month and annualises over them: counting the months before the data as months without
 * customers would shrink the mean customer count and inflate churn (a client with 5 months of
 * history read as 239 % annual churn).
 */
final class SimpleClv {

    /**
     * @param annualRevenuePerCustomer revenue of the 12 months / mean customers, or NaN
     * @param annualChurnRate lost / mean customers, or NaN
     * @param expectedLifetimeYears 1 / annual churn, or NaN when no one was lost
     * @param acquisitionCost the cost subtracted
     * @param value the CLV, or NaN when undefined
     * @param averageCustomers mean of the 12 month-start active counts
     * @param lost customers lost in the 12 months
     * @param revenue revenue of the 12 months
     * @param monthsUsed the months of the window the figures come from: those that start after the
     *        first month of the data (before it no customer could be active); the rates are annualised
     *        from them. 0 when the data begins in the window's last month or later: no value.
     */
    record Result(double annualRevenuePerCustomer, double annualChurnRate, double expectedLifetimeYears,
            double acquisitionCost, double value, double averageCustomers, long lost, double revenue,
            int monthsUsed) {
    }

    private SimpleClv() {
    }

    /** The formula itself. */
    static double value(double annualRevenuePerCustomer, double annualChurnRate, double acquisitionCost) {
        if (!(annualChurnRate > 0)) {
            return Double.NaN;
        }
        return annualRevenuePerCustomer * (1 / annualChurnRate) - acquisitionCost;
    }

    /**
     * @param month the last month of the 12-month window
     * @param cac acquisition cost to subtract; NaN = the mean of attribute {@code acquisition_cost}
     *        over customers acquired in the window (0 when there is no such attribute)
     */
    static Result compute(CustomerLedger l, YearMonth month, double cac) {
        return compute(l, new YearMonth[] {month}, cac)[0];
    }

    /**
     * The simple CLV for several 12-month windows (e.g. this month, last month, a year ago) in one
     * pass over the customers. Whether a customer is active at the start of a month does not depend
     * on the window (acquired before the month's first day, lost — if ever — on or after it), so the
     * pass fills per-month counts over the span of all windows once, by difference array: each
     * customer adds 1 to the run of months whose first day falls after acquisition and on or before
     * the day lost. Losses and acquisition costs are binned by month the same way.
     *
     * @param months the last month of each window
     */
    static Result[] compute(CustomerLedger l, YearMonth[] months, double cac) {
        YearMonth first = months[0];
        YearMonth last = months[0];
        for (YearMonth m : months) {
            first = m.isBefore(first) ? m : first;
            last = m.isAfter(last) ? m : last;
        }
        first = first.minusMonths(11);
        int span = (int) first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1;
        int[] starts = new int[span + 1]; // starts[span] = the day after the last month
        for (int j = 0; j <= span; j++) {
            starts[j] = (int) first.plusMonths(j).atDay(1).toEpochDay();
        }
        long[] activeDiff = new long[span + 1];
        long[] lostIn = new long[span];
        double[] costSum = new double[span];
        long[] costN = new long[span];
        Attribute costAttr = l.attribute("acquisition_cost");
        boolean costs = costAttr != null && costAttr.numeric();
        int lastDay = starts[span] - 1;
        // upper(day) = number of month starts <= day, by table over the span (a binary search per
        // customer costs more than the rest of the scan)
        int[] upperOf = new int[starts[span] - starts[0]];
        for (int j = 0; j < span; j++) {
            java.util.Arrays.fill(upperOf, starts[j] - starts[0], starts[j + 1] - starts[0], j + 1);
        }
        for (int i = 0; i < l.size(); i++) {
            int acq = l.acquiredOn(i);
            // no acquisition day: without customers.csv, a customer with only returns or zero rows never bought
            if (acq == CustomerLedger.NO_DAY || acq > lastDay) {
                continue;
            }
            int lost = l.lostOn(i);
            int lo = upper(starts, upperOf, acq);                                              // first start after acq
            int hi = lost == CustomerLedger.NO_DAY ? span : Math.min(span, upper(starts, upperOf, lost)); // starts <= lost
            if (lo < hi) {
                activeDiff[lo]++;
                activeDiff[hi]--;
            }
            if (lost != CustomerLedger.NO_DAY && lost >= starts[0] && lost <= lastDay) {
                lostIn[upper(starts, upperOf, lost) - 1]++;
            }
            if (costs && acq >= starts[0]) {
                double c = costAttr.number(i);
                if (!Double.isNaN(c)) {
                    int j = upper(starts, upperOf, acq) - 1;
                    costSum[j] += c;
                    costN[j]++;
                }
            }
        }
        long[] activeAtStart = new long[span];
        long running = 0;
        for (int j = 0; j < span; j++) {
            running += activeDiff[j];
            activeAtStart[j] = running;
        }
        Result[] out = new Result[months.length];
        YearMonth dataFrom = l.firstMonth();
        for (int w = 0; w < months.length; w++) {
            int from = (int) first.until(months[w], java.time.temporal.ChronoUnit.MONTHS) - 11;
            if (dataFrom != null) {
                from = Math.max(from, (int) first.until(dataFrom, java.time.temporal.ChronoUnit.MONTHS) + 1);
            }
            int to = (int) first.until(months[w], java.time.temporal.ChronoUnit.MONTHS) + 1;
            int used = dataFrom == null ? 0 : Math.max(0, to - from);
            if (used == 0) {
                out[w] = new Result(Double.NaN, Double.NaN, Double.NaN, !Double.isNaN(cac) ? cac : 0, Double.NaN, 0,
                        0, 0, 0);
                continue;
            }
            double avg = 0;
            long lost = 0;
            double cs = 0;
            long cn = 0;
            double revenue = 0;
            for (int j = from; j < to; j++) {
                avg += activeAtStart[j];
                lost += lostIn[j];
                cs += costSum[j];
                cn += costN[j];
                revenue += l.revenueIn(first.plusMonths(j));
            }
            avg /= used;
            double annual = 12.0 / used;
            double acquisitionCost = !Double.isNaN(cac) ? cac : cn > 0 ? cs / cn : 0;
            double arpc = avg > 0 ? revenue / avg * annual : Double.NaN;
            double churn = avg > 0 ? lost / avg * annual : Double.NaN;
            double lifetime = churn > 0 ? 1 / churn : Double.NaN;
            out[w] = new Result(arpc, churn, lifetime, acquisitionCost, value(arpc, churn, acquisitionCost), avg, lost,
                    revenue, used);
        }
        return out;
    }

    /** @return the number of month starts that are &lt;= {@code day} */
    private static int upper(int[] starts, int[] upperOf, int day) {
        if (day < starts[0]) {
            return 0;
        }
        long d = (long) day - starts[0];
        return d < upperOf.length ? upperOf[(int) d] : starts.length;
    }

    static LocalDate day(int epochDay) {
        return LocalDate.ofEpochDay(epochDay);
    }
}
