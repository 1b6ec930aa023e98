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
 * before it (the churn bundle's convention). Without {@code churned_on} a customer counts as lost
 * {@code inactivityDays} after the last purchase (or acquisition).
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
     */
    record Result(double annualRevenuePerCustomer, double annualChurnRate, double expectedLifetimeYears,
            double acquisitionCost, double value, double averageCustomers, long lost, double revenue) {
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

    /** @return the day customer {@code i} was lost, or {@link CustomerLedger#NO_DAY} */
    static int lostDay(CustomerLedger l, int i, int asOf, int inactivityDays) {
        if (l.contractual()) {
            return l.churnedOn(i);
        }
        int last = l.lastPurchase(i) == CustomerLedger.NO_DAY ? l.acquiredOn(i) : l.lastPurchase(i);
        int lost = last + inactivityDays;
        return lost <= asOf ? lost : CustomerLedger.NO_DAY;
    }

    /**
     * @param month the last month of the 12-month window
     * @param cac acquisition cost to subtract; NaN = the mean of attribute {@code acquisition_cost}
     *        over customers acquired in the window (0 when there is no such attribute)
     */
    static Result compute(CustomerLedger l, YearMonth month, int inactivityDays, double cac) {
        int asOf = (int) month.atEndOfMonth().toEpochDay();
        YearMonth first = month.minusMonths(11);
        int windowStart = (int) first.atDay(1).toEpochDay();
        long[] activeAtStart = new long[12];
        long lost = 0;
        int[] starts = new int[12];
        for (int m = 0; m < 12; m++) {
            starts[m] = (int) first.plusMonths(m).atDay(1).toEpochDay();
        }
        double costSum = 0;
        long costN = 0;
        Attribute costAttr = l.attribute("acquisition_cost");
        for (int i = 0; i < l.size(); i++) {
            int acq = l.acquiredOn(i);
            if (acq > asOf) {
                continue;
            }
            int lostDay = lostDay(l, i, asOf, inactivityDays);
            for (int m = 0; m < 12; m++) {
                if (acq < starts[m] && (lostDay == CustomerLedger.NO_DAY || lostDay >= starts[m])) {
                    activeAtStart[m]++;
                }
            }
            if (lostDay != CustomerLedger.NO_DAY && lostDay >= windowStart && lostDay <= asOf) {
                lost++;
            }
            if (costAttr != null && costAttr.numeric() && acq >= windowStart) {
                double c = costAttr.number(i);
                if (!Double.isNaN(c)) {
                    costSum += c;
                    costN++;
                }
            }
        }
        double avg = 0;
        for (long a : activeAtStart) {
            avg += a;
        }
        avg /= 12;
        double revenue = 0;
        for (int m = 0; m < 12; m++) {
            revenue += l.revenueIn(first.plusMonths(m));
        }
        double acquisitionCost = !Double.isNaN(cac) ? cac : costN > 0 ? costSum / costN : 0;
        double arpc = avg > 0 ? revenue / avg : Double.NaN;
        double churn = avg > 0 ? lost / avg : Double.NaN;
        double lifetime = churn > 0 ? 1 / churn : Double.NaN;
        return new Result(arpc, churn, lifetime, acquisitionCost, value(arpc, churn, acquisitionCost), avg, lost, revenue);
    }

    static LocalDate day(int epochDay) {
        return LocalDate.ofEpochDay(epochDay);
    }
}
