package io.klarsyn.api.ledger;

import java.time.YearMonth;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The compact per-customer summary the engine folds the raw data into in one pass (DESIGN §3).
 * Memory grows with customers, not with transactions. Columnar: customer {@code i} (0 ≤ i &lt;
 * {@link #size()}) is a row index valid for this ledger only.
 *
 * <p><b>As-of.</b> Everything here is as of the report period's last day: customers acquired
 * later are absent, a {@code churned_on} after the as-of day reads as {@link #NO_DAY} (not yet
 * churned), and only transactions on or before the as-of day are counted.
 *
 * <p><b>Days</b> are {@link java.time.LocalDate#toEpochDay() epoch days} ({@code int}); absent days
 * are {@link #NO_DAY}. <b>Amounts</b> are in the job's currency, major units; refunds (negative
 * amounts) are included in revenue.
 *
 * <p><b>Purchase occasions.</b> All transactions of one customer on one day are one occasion, as
 * the CLV literature counts them, when at least one of them has a positive amount: a day with only
 * returns (negative amounts) or zero amounts lowers or keeps revenue but is no purchase.
 * {@link #purchaseDays} counts such days, {@link #firstPurchase} and {@link #lastPurchase} are the
 * first and last of them, and the BG/NBD frequency {@code x} is {@code purchaseDays - 1}. A
 * customer with only returns or zero rows has {@code purchaseDays == 0}: no buyer.
 *
 * <p>Immutable once built; safe to read from many threads.
 */
@ProviderType
public interface CustomerLedger {

    /** The value of an absent day. */
    int NO_DAY = Integer.MIN_VALUE;

    /** @return the number of customers (as of the period end) */
    int size();

    /** @return customer {@code i}'s key */
    String customerId(int i);

    /** @return the row of a customer key, or -1 when unknown */
    int indexOf(String customerId);

    /**
     * @return whether the data is contractual: the customers input had a {@code churned_on}
     *         column. When false, churn must be inferred from inactivity.
     */
    boolean contractual();

    /**
     * @return day the relationship began; for customers known only from transactions (no
     *         customers.csv), their first purchase day, or {@link #NO_DAY} for one with only returns or
     *         zero amounts: it never bought, so it is no customer (neither acquired, active nor lost;
     *         its amounts still count in {@link #revenueIn}). Metrics leave rows with {@link #NO_DAY}
     *         out of customer counts.
     */
    int acquiredOn(int i);

    /**
     * @return the {@code churned_on} day of contractual data, or {@link #NO_DAY} while active as of
     *         the period end; always {@link #NO_DAY} for non-contractual data. Whether a customer is
     *         lost is {@link #lostOn}'s answer, for every kind of data.
     */
    int churnedOn(int i);

    /**
     * The one definition of a lost customer, which every metric uses:
     * <ul>
     * <li>contractual data: lost on {@link #churnedOn}; a churn day before the acquisition counts as
     * the acquisition day;</li>
     * <li>non-contractual data: lost {@link #inactivityDays()} days after the last purchase (or after
     * the acquisition, when later or when there was no purchase), once that day is on or before
     * {@link #asOfDay()}; never for a row with neither (no customer).</li>
     * </ul>
     * Implementations do not override it.
     *
     * @return the day customer {@code i} was lost, or {@link #NO_DAY} while active as of
     *         {@link #asOfDay()}
     */
    default int lostOn(int i) {
        int acquired = acquiredOn(i);
        if (contractual()) {
            int churned = churnedOn(i);
            return churned != NO_DAY && acquired != NO_DAY && churned < acquired ? acquired : churned;
        }
        int last = lastPurchase(i);
        int from = last == NO_DAY ? acquired : acquired == NO_DAY ? last : Math.max(last, acquired);
        if (from == NO_DAY) {
            return NO_DAY;
        }
        long lost = (long) from + inactivityDays();
        return lost <= asOfDay() ? (int) lost : NO_DAY;
    }

    /**
     * @return the days without a purchase after which a customer of non-contractual data is lost:
     *         the job setting {@code customers.inactivityDays} (default 90)
     */
    int inactivityDays();

    /**
     * @return the as-of day of this ledger: the report period's last day, or a snapshot's day
     */
    int asOfDay();

    /** @return number of distinct days with a row of a positive amount (purchase occasions), 0 if none */
    int purchaseDays(int i);

    /** @return number of transaction rows (refunds and zero amounts included) */
    int transactions(int i);

    /** @return first purchase day, or {@link #NO_DAY} */
    int firstPurchase(int i);

    /** @return last purchase day, or {@link #NO_DAY} */
    int lastPurchase(int i);

    /** @return total amount of all transactions, refunds included */
    double revenue(int i);

    /**
     * @return the amount of the first purchase occasion (all transactions on {@link #firstPurchase},
     *         returns on that day included), 0 without a purchase.
     *         {@code (revenue - firstOccasionRevenue) / (purchaseDays - 1)} is the mean repeat
     *         occasion value the Gamma-Gamma model uses.
     */
    double firstOccasionRevenue(int i);

    /** @return the attribute columns of the customers input (all but the canonical ones), in source order */
    List<String> attributeNames();

    /** @return the attribute, or {@code null} when the customers input has no such column */
    Attribute attribute(String name);

    /** @return the first month with any activity (acquisition or purchase), or {@code null} when empty */
    YearMonth firstMonth();

    /**
     * @return total revenue of all customers in a month (as-of cut applied); 0 outside the data.
     *         Sales without a customer id are not in it: see {@link #anonymousRevenueIn}
     */
    double revenueIn(YearMonth month);

    /**
     * @return the revenue of the month's sales without a customer id (guest checkouts), which
     *         count in the report's revenue totals and in no customer's figures; the month's total
     *         revenue is {@code revenueIn(month) + anonymousRevenueIn(month)}
     */
    default double anonymousRevenueIn(YearMonth month) {
        return 0;
    }

    /**
     * @return the number of the month's sales without a customer id
     */
    default long anonymousTransactionsIn(YearMonth month) {
        return 0;
    }

    /** @return number of transaction rows in a month; 0 outside the data */
    long transactionsIn(YearMonth month);

    /**
     * This ledger as it stood at the end of an earlier day, for comparing a metric with an earlier
     * report without that report's data: the engine keeps snapshots for the last day of the
     * previous month and of the same month a year before ({@link #snapshotDays()}), folded in the
     * same single pass.
     *
     * <p>In the returned ledger the purchase columns ({@link #purchaseDays}, {@link #transactions},
     * {@link #firstPurchase}, {@link #lastPurchase}, {@link #revenue},
     * {@link #firstOccasionRevenue}) count only transactions on or before {@code epochDay}, and an
     * acquisition or churn date after it reads as {@link #NO_DAY}. Rows, ids and attributes are
     * those of this ledger: a customer acquired after {@code epochDay} is still a row, with no
     * purchases and {@code acquiredOn == NO_DAY} — leave such rows out to count as the earlier
     * report did. The snapshot has no further snapshots.
     *
     * @param epochDay one of {@link #snapshotDays()}
     * @return the ledger as of that day, or {@code null} when no snapshot was kept for it
     */
    default CustomerLedger asOf(int epochDay) {
        return null;
    }

    /**
     * @return the days {@link #asOf(int)} answers for (empty when the ledger keeps none)
     */
    default int[] snapshotDays() {
        return new int[0];
    }
}
