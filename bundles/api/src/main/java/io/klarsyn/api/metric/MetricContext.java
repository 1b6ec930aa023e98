package io.klarsyn.api.metric;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.osgi.annotation.versioning.ProviderType;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.ReportPeriod;
import io.klarsyn.api.settings.JobSettings;

/**
 * What a {@link MetricCalculator} gets for one run. Implemented by the engine; valid only during
 * {@link MetricCalculator#compute}. New capabilities are added here as default methods, never to
 * the SPI.
 */
@ProviderType
public interface MetricContext {

    /** @return the report period; data after {@link ReportPeriod#lastDay()} is already cut away */
    ReportPeriod period();

    /** @return the job's settings (defaults applied) */
    JobSettings settings();

    /** @return the inputs this run has */
    Set<DataKind> available();

    /**
     * @return the per-customer ledger. Present when customers or transactions are available;
     *         an empty ledger otherwise, never {@code null}
     */
    CustomerLedger ledger();

    /** @return the survey responses; empty when there are none, never {@code null} */
    SurveyTable surveys();

    /** @return the job's currency, ISO 4217 (e.g. {@code NOK}) */
    String currency();

    /** Writes an informational line to run.log, tagged with the metric id. */
    void info(String message);

    /** Writes a warning to run.log; warnings also appear in the section's notes in the PDF. */
    void warn(String message);

    /**
     * Marks the run UNSTABLE because of this metric: its figures are there but not to be trusted as
     * they stand, e.g. a model that did not converge. The reason appears in metrics.json's
     * messages, in run.log and on the report's summary page, worded by the metric's own messages.
     * The default only warns.
     *
     * @param reason a note of the metric's: its message key and arguments say why, in the
     *        metric's {@link MetricCalculator#messages messages}
     */
    default void unstable(io.klarsyn.api.result.Note reason) {
        warn(reason.messageKey() + " " + reason.args());
    }

    /** @return whether the run was cancelled or this metric ran out of its time budget */
    boolean cancelled();

    /**
     * @throws CancellationException when {@link #cancelled()}; call it in long loops
     */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("cancelled: time budget exceeded or run stopped");
        }
    }

    /**
     * A second pass over the accepted transactions (as-of cut applied, unknown customers left
     * out), for the rare metric that needs dated rows, e.g. a calibration/holdout split. Costs a
     * full re-read of the source: prefer the ledger. A visitor that needs only some customers
     * should answer {@link TransactionVisitor#wants(int)}: the others' rows are then skipped early.
     *
     * @param visitor called once per transaction of a customer it {@link TransactionVisitor#wants
     *        wants}, in source order, from the calling thread
     * @throws IOException when the source can no longer be read
     */
    void rescanTransactions(TransactionVisitor visitor) throws IOException;
}
