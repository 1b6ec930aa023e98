package io.klarsyn.api.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of {@code transactions.csv}: a purchase (or, with a negative amount, a refund).
 *
 * <p>Several transactions of one customer on the same day form one <em>purchase occasion</em>
 * for the CLV models, as in the literature; the engine does that folding, not the connector.
 *
 * @param customerId the customer's key, as in {@link CustomerRecord#customerId()}; never {@code null}.
 *        Empty (or blank) for a sale without a customer id (a guest checkout): the engine counts it
 *        in the revenue totals and the monthly revenue, in no customer's figures, and reports how
 *        many there were
 * @param date the day of the transaction (time of day, if any, already dropped); never {@code null}
 * @param amount the amount in the job's currency, major units (kroner, not øre). Negative = refund.
 * @param quantity number of items, or {@code NaN} when the source has no quantity
 * @param orderId the source's order key, or {@code null}
 */
public record TransactionRecord(String customerId, LocalDate date, double amount, double quantity,
        String orderId) {

    public TransactionRecord {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(date, "date");
    }
}
