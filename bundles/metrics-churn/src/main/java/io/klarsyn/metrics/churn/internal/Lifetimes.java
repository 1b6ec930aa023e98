package io.klarsyn.metrics.churn.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.klarsyn.api.ledger.CustomerLedger;

/**
 * Each customer's relationship as two days, start (acquired) and end (lost, or {@link #NONE} while
 * active as of the period end), and the calendar months they fall in.
 *
 * <p>Lost is the ledger's one definition ({@link CustomerLedger#lostOn}). A customer is active on
 * day d when acquired ≤ d &lt; lost; "active at the
 * start of a month" is active at the end of the month before, so that every customer counted as
 * lost in a month was counted at its start or among its gross adds.
 *
 * <p>Only the ledger's rows with an acquisition day are customers here: without customers.csv a row
 * whose customer has only returns or zero amounts has none ({@link CustomerLedger#NO_DAY}: it never
 * bought), so it is neither acquired, active nor lost (its amounts still count in the revenue of
 * the months). Customer {@code i} here is the ledger's row {@link #row}{@code [i]}.
 */
final class Lifetimes {

    static final int NONE = CustomerLedger.NO_DAY;

    /** How many customers (rows with an acquisition day). */
    final int n;
    /** The ledger's row of each customer (for its attributes). */
    final int[] row;
    final int asOf;
    final int[] acquired;
    final int[] lost;
    /** Month index (0 = {@link #base}) of acquisition. */
    final int[] acquiredMonth;
    /** Month index of the loss, or Integer.MAX_VALUE while active. */
    final int[] lostMonth;
    final YearMonth base;
    /** Month index of the report period. */
    final int period;
    /** epoch day of the first of month k, k = 0..period + 1. */
    final int[] monthStart;
    /** Customers whose churned_on preceded acquired_on (treated as lost on acquisition). */
    final int lostBeforeAcquired;

    Lifetimes(CustomerLedger ledger, YearMonth periodMonth, BooleanSupplier cancelled) {
        int rows = ledger.size();
        asOf = (int) periodMonth.atEndOfMonth().toEpochDay();
        int[] rowOf = new int[rows];
        int[] acq = new int[rows];
        int[] end = new int[rows];
        int count = 0;
        int minDay = Integer.MAX_VALUE;
        int bad = 0;
        for (int i = 0; i < rows; i++) {
            check(i, cancelled);
            int a = ledger.acquiredOn(i);
            if (a == NONE) {
                continue;
            }
            int l = ledger.lostOn(i);
            if (ledger.contractual() && ledger.churnedOn(i) != NONE && ledger.churnedOn(i) < a) {
                bad++;
            }
            if (l != NONE && l > asOf) {
                l = NONE;
            }
            rowOf[count] = i;
            acq[count] = a;
            end[count] = l;
            count++;
            minDay = Math.min(minDay, a);
        }
        n = count;
        row = count == rows ? rowOf : Arrays.copyOf(rowOf, count);
        acquired = count == rows ? acq : Arrays.copyOf(acq, count);
        lost = count == rows ? end : Arrays.copyOf(end, count);
        lostBeforeAcquired = bad;
        base = n == 0 || minDay > asOf ? periodMonth : YearMonth.from(LocalDate.ofEpochDay(minDay));
        period = (int) (periodMonth.getYear() * 12L + periodMonth.getMonthValue() - 1
                - (base.getYear() * 12L + base.getMonthValue() - 1));
        monthStart = new int[period + 2];
        for (int k = 0; k < monthStart.length; k++) {
            monthStart[k] = (int) base.plusMonths(k).atDay(1).toEpochDay();
        }
        acquiredMonth = new int[n];
        lostMonth = new int[n];
        for (int i = 0; i < n; i++) {
            check(i, cancelled);
            acquiredMonth[i] = monthOf(acquired[i]);
            lostMonth[i] = lost[i] == NONE ? Integer.MAX_VALUE : monthOf(lost[i]);
        }
    }

    private static void check(int i, BooleanSupplier cancelled) {
        if ((i & 0xFFFF) == 0 && cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled: time budget exceeded or run stopped");
        }
    }

    /** @return the month index of an epoch day in [base, period] */
    int monthOf(int day) {
        int i = Arrays.binarySearch(monthStart, day);
        return i >= 0 ? i : -i - 2;
    }

    YearMonth month(int index) {
        return base.plusMonths(index);
    }

    int lastDayOf(int month) {
        return monthStart[month + 1] - 1;
    }

    /** @return whole months from acquisition to the earlier of the loss and the as-of day (as java.time counts them) */
    int tenureMonths(int i) {
        int end = lost[i] == NONE ? asOf : Math.min(lost[i], asOf);
        int m1 = acquiredMonth[i];
        int m2 = monthOf(end);
        int d1 = acquired[i] - monthStart[m1];
        int d2 = end - monthStart[m2];
        int months = m2 - m1;
        if (months > 0 && d2 < d1) {
            months--;
        }
        return months;
    }

    boolean isLost(int i) {
        return lost[i] != NONE;
    }
}
