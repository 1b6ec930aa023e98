package io.klarsyn.api.connector;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;

/**
 * Receives the rows of one input from a {@link DataConnector}. Implemented by the engine.
 *
 * <p>Call {@link #begin} once, then exactly one of {@link #customer}, {@link #transaction},
 * {@link #response} or {@link #reject} for every physical record of the source (blank lines are
 * not records), in source order. Line numbers are 1-based and the header is line 1; a record that
 * spans several lines (a quoted newline) is numbered by its first line.
 *
 * <p>For large transaction inputs a connector may instead pass runs of consecutive transaction
 * records (and rejects among them) in a {@link TransactionBatch} to
 * {@link #transactions(TransactionBatch)}: the same records, in the same order, without an object
 * per row. It is optional; both lanes may be mixed within one input as long as the records stay
 * in source order. Likewise a connector may pass customer records in a {@link CustomerBatch} to
 * {@link #customers(CustomerBatch)}, and survey responses in a {@link ResponseBatch} to
 * {@link #responses(ResponseBatch)}.
 *
 * <p>Not thread-safe: call from the thread that called {@link DataConnector#read}.
 */
@ProviderType
public interface IngestSink {

    /**
     * @param source the input's name as the user knows it, e.g. {@code transactions.csv}
     * @param columns the header after column mapping, in source order (canonical names where
     *        mapped), used for completeness
     * @param details how the source was read, for the data-quality appendix: e.g.
     *        "UTF-8 with BOM, ';' delimiter, decimal comma, dd.MM.yyyy"; may be empty
     */
    void begin(String source, List<String> columns, String details);

    /** A parsed customer row at {@code line}. */
    void customer(long line, CustomerRecord row);

    /**
     * The records of a {@link CustomerBatch}, in its order: each entry counts exactly as the
     * matching call of {@link #customer} or {@link #reject} would. The batch is only read during
     * the call; the connector may clear and refill it afterwards. Blanks are not implied: a
     * connector that reports them calls {@link #blank} itself, as in the row-by-row lane.
     *
     * <p>The default passes the entries on one by one to {@link #customer} and {@link #reject};
     * the engine's sink folds them without creating a record or a {@code String} per value.
     *
     * @since 1.2
     */
    default void customers(CustomerBatch batch) {
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                reject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                customer(batch.line(k), batch.record(k));
            }
        }
    }

    /** A parsed transaction row at {@code line}. */
    void transaction(long line, TransactionRecord row);

    /**
     * The records of a {@link TransactionBatch}, in its order: each entry counts exactly as the
     * matching call of {@link #transaction} or {@link #reject} would. The batch is only read during
     * the call; the connector may clear and refill it afterwards.
     *
     * <p>The default passes the entries on one by one to {@link #transaction} and
     * {@link #reject}; the engine's sink folds them without creating a record per row.
     *
     * @since 1.1
     */
    default void transactions(TransactionBatch batch) {
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                reject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                transaction(batch.line(k), batch.record(k));
            }
        }
    }

    /** A parsed survey response at {@code line}. */
    void response(long line, SurveyResponseRecord row);

    /**
     * The records of a {@link ResponseBatch}, in its order: each entry counts exactly as the
     * matching call of {@link #response} or {@link #reject} would. The batch is only read during
     * the call; the connector may clear and refill it afterwards. Blanks are not implied: a
     * connector that reports them calls {@link #blank} itself, as in the row-by-row lane.
     *
     * <p>The default passes the entries on one by one to {@link #response} and {@link #reject};
     * the engine's sink folds them without creating a record, a date or a map per row.
     *
     * @since 1.3
     */
    default void responses(ResponseBatch batch) {
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                reject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                response(batch.line(k), batch.record(k));
            }
        }
    }

    /**
     * A record that could not be parsed; it counts as read and rejected.
     *
     * @param line its first line
     * @param column the canonical column at fault, or {@code null} for the whole row
     * @param reason a short stable reason, e.g. {@code unparseable date '31.02.2024'}
     */
    void reject(long line, String column, String reason);

    /**
     * Records, for the completeness measure, that {@code column} was blank in an accepted row.
     * Optional: connectors that don't call it get completeness computed from the records alone.
     */
    default void blank(String column) {
    }

    /** @return whether the run was cancelled; stop reading soon (within a few thousand rows) if so */
    boolean cancelled();
}
