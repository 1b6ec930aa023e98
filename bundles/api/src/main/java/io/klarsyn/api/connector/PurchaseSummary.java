package io.klarsyn.api.connector;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The transactions of one customer in one calendar month, folded by the source (e.g. a database's
 * {@code GROUP BY}) the way the engine folds rows: what an {@link AggregatingConnector} delivers instead
 * of transaction rows. Only rows that the engine would keep go into it: a date and a finite amount
 * present, {@code |amount| <= }{@link SummarySink#maxAmount()}, dated on or before
 * {@link SummarySink#asOf()}. All other rows are counted with {@link SummarySink#rejected} and
 * {@link SummarySink#afterPeriod}, never left out silently.
 *
 * <p><b>Why per month.</b> The ledger keeps, besides each customer's totals, the revenue and rows per
 * calendar month and snapshots of every customer as of the ends of earlier months (the previous
 * month, the same month a year before; {@link io.klarsyn.api.ledger.CustomerLedger#asOf}). All of them
 * are sums, minima and maxima over a customer's months, so a summary per (customer, month) is exact
 * for every figure; the engine adds a customer's months up in any order.
 *
 * <p><b>Purchase occasions</b> follow {@link io.klarsyn.api.ledger.CustomerLedger}: all rows of one
 * customer on one day are one occasion when at least one of them has a positive amount; returns and
 * zero amounts count in {@code revenue} and {@code rows} only.
 *
 * <p><b>Identical rows.</b> Rows of one customer equal in every column read are repeats: with
 * {@link SummarySink#rejectDuplicateRows()} only the first counts in the figures and the others in
 * {@code repeats} (the engine rejects them); otherwise all count and {@code repeats} says how many
 * were repeats (a warning). Sales without a customer id are never repeats.
 *
 * @param customerId the customer's key as in the customers input; the empty string for the month's
 *        sales without a customer id (guest checkouts), which the engine counts in the revenue totals
 *        and in no customer's figures. Never {@code null}
 * @param month the calendar month of the rows
 * @param rows the rows counted (refunds and zero amounts included; repeats only when kept)
 * @param revenue the sum of their amounts, refunds included, in major units
 * @param purchaseDays days of the month with a row of a positive amount
 * @param firstPurchase the first such day, or {@code null} without one
 * @param lastPurchase the last such day, or {@code null} without one
 * @param firstOccasionRevenue the sum of all rows on {@code firstPurchase} (returns included), 0 without
 *        a purchase
 * @param firstDay the first day of any row of the month (the start of a customer known only from
 *        transactions who has no purchase); never {@code null}
 * @param refunds rows with a negative amount (a warning each, kept in revenue)
 * @param repeats rows equal in every column to an earlier row of the customer, see above
 * @param blankQuantity counted rows without a quantity (completeness), 0 when the source has no quantity
 * @param blankOrderId counted rows without an order id (completeness), 0 when the source has none
 * @param beforeAcquisition counted rows dated before the customer's {@code acquired_on} in the customers
 *        input (a warning each), 0 when unknown
 * @param afterChurn counted rows dated on or after the customer's {@code churned_on} (a warning each), 0
 *        when unknown
 */
public record PurchaseSummary(String customerId, YearMonth month, long rows, double revenue, int purchaseDays,
        LocalDate firstPurchase, LocalDate lastPurchase, double firstOccasionRevenue, LocalDate firstDay,
        long refunds, long repeats, long blankQuantity, long blankOrderId, long beforeAcquisition,
        long afterChurn) {

    public PurchaseSummary {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(firstDay, "firstDay");
        if (rows < 1 || purchaseDays < 0 || refunds < 0 || repeats < 0 || blankQuantity < 0 || blankOrderId < 0
                || beforeAcquisition < 0 || afterChurn < 0) {
            throw new IllegalArgumentException("customer '" + customerId + "' " + month
                    + ": rows must be positive and every count non-negative");
        }
        if ((firstPurchase == null) != (purchaseDays == 0) || (lastPurchase == null) != (purchaseDays == 0)) {
            throw new IllegalArgumentException("customer '" + customerId + "' " + month
                    + ": first and last purchase are given exactly when there are purchase days");
        }
    }
}
