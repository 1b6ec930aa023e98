package io.klarsyn.api.connector;

import java.time.LocalDate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the transactions input of an {@link AggregatingConnector} as {@link PurchaseSummary per-month
 * customer summaries} and counts. Implemented by the engine.
 *
 * <p>Call {@link #begin} once, then {@link #summary} for every (customer, month) with counted rows (any
 * order), and the counts of the rows that are in no summary: {@link #rejected} per reason,
 * {@link #afterPeriod}, and {@link #latest}. Every row of the source is in exactly one of them:
 * {@code read = Σ rows (+ repeats when rejected) + Σ rejected + afterPeriod}, as if the engine had read
 * the rows itself.
 *
 * <p>The getters say what the engine would apply to rows: the source must cut and check with them.
 *
 * <p>Not thread-safe: call from the thread that called {@link AggregatingConnector#summarize}.
 */
@ProviderType
public interface SummarySink {

    /** @return the as-of day: rows dated after it go to {@link #afterPeriod}, not into a summary */
    LocalDate asOf();

    /**
     * @return the day after which a date is far beyond the period and today (likely a wrong date): rows
     *         after it are also counted in {@link #afterPeriod}'s {@code farAfter}
     */
    LocalDate farAfter();

    /** @return the largest believable absolute amount of one row; beyond it rows are {@link #rejected} */
    double maxAmount();

    /** @return whether repeated rows are rejected (only the first counts) rather than kept with a warning */
    boolean rejectDuplicateRows();

    /**
     * @param source the input's name as the user knows it (a table, or "query"), never credentials
     * @param columns the canonical columns the source has ({@code customer_id}, {@code date},
     *        {@code amount}, and {@code quantity}, {@code order_id} when mapped), for completeness
     * @param details how it was read, for the data-quality appendix; may be empty
     */
    void begin(String source, List<String> columns, String details);

    /** One customer's (or the anonymous sales') counted rows of one month. */
    void summary(PurchaseSummary summary);

    /**
     * Rows that cannot be used, counted per reason (a missing date, a missing amount, an amount beyond
     * {@link #maxAmount()}).
     *
     * @param column the canonical column at fault, or {@code null}
     * @param reason a short stable reason, e.g. {@code missing date} or {@code amount-out-of-range}
     * @param rows how many; 0 is ignored
     */
    void rejected(String column, String reason, long rows);

    /**
     * Rows with a date and a believable amount dated after {@link #asOf()}: kept for later periods, in
     * no figure of this report.
     *
     * @param rows how many
     * @param farAfter how many of them are dated after {@link #farAfter()}
     * @param blankQuantity how many of them have no quantity (0 when the source has none)
     * @param blankOrderId how many of them have no order id (0 when the source has none)
     */
    void afterPeriod(long rows, long farAfter, long blankQuantity, long blankOrderId);

    /** @param day the latest date of any row with a date and a believable amount, as-of cut ignored */
    void latest(LocalDate day);

    /** @return whether the run was cancelled; stop soon if so */
    boolean cancelled();
}
