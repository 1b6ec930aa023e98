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
 * <p>A connector only calls this interface; the engine implements it (hence provider type: it may
 * gain methods in a minor version without breaking connectors).
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

    /** A parsed transaction row at {@code line}. */
    void transaction(long line, TransactionRecord row);

    /** A parsed survey response at {@code line}. */
    void response(long line, SurveyResponseRecord row);

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
