package io.klarsyn.api.connector;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

import io.klarsyn.api.settings.JobSettings;

/**
 * Optional second interface of a {@link DataConnector} whose source can fold transactions itself, e.g.
 * a database with {@code GROUP BY}: only per-customer summaries then travel, not every row.
 *
 * <p><b>Contract.</b> For the transactions input, the engine calls {@link #summarize} instead of
 * {@link DataConnector#read read(TRANSACTIONS, ...)}. The connector delivers one
 * {@link PurchaseSummary} per (customer, calendar month) with counted rows, and counts every other row
 * ({@link SummarySink#rejected}, {@link SummarySink#afterPeriod}); the engine then builds the same
 * ledger and the same data-quality counts as from the rows. It cuts at {@link SummarySink#asOf()},
 * rejects amounts beyond {@link SummarySink#maxAmount()}, and follows the purchase-occasion rule of
 * {@link io.klarsyn.api.ledger.CustomerLedger} (a day counts as a purchase only with a positive amount).
 * The engine still checks every summary against the customers input (unknown customer, customer
 * acquired after the period).
 *
 * <p>What cannot be folded still streams as rows through {@link DataConnector#read}: customers,
 * responses, and transactions when a metric asks for a second pass
 * ({@link io.klarsyn.api.metric.MetricContext#rescanTransactions}); those rows must be the ones the
 * summaries were made of.
 *
 * <p>Differences from the row path: findings carry no line numbers (line 0; the database counted them)
 * and {@code line_id} duplicates are not checked.
 *
 * <p>Implement it on the same service object as {@code DataConnector}; nothing else is registered.
 */
@ConsumerType
public interface AggregatingConnector {

    /**
     * Folds the transactions input into the sink.
     *
     * @param settings the job's settings
     * @param sink where summaries and counts go
     * @return {@code true} when it delivered the input; {@code false}, before calling the sink at all,
     *         to have the engine read the rows instead (e.g. summaries switched off for this job)
     * @throws ConnectorException when the input as a whole is unusable (a column or table missing)
     * @throws IOException on failure to reach the source
     */
    boolean summarize(JobSettings settings, SummarySink sink) throws IOException;
}
