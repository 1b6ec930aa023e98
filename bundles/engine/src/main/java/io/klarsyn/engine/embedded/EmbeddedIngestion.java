package io.klarsyn.engine.embedded;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.engine.internal.Embedded;

/**
 * The engine's own ingestion in memory: rows go into the same sink, the same checks and the same
 * ledger and survey table as in a report run, without a framework or a connector. For Klarsyn's
 * test kit (and tools), so that a plugin's tests compute on exactly what the engine computes.
 *
 * <pre>{@code
 * EmbeddedIngestion in = EmbeddedIngestion.asOf(LocalDate.of(2024, 5, 31))
 *         .read(DataKind.TRANSACTIONS, "transactions.csv", List.of("customer_id", "date", "amount"),
 *                 sink -> sink.transaction(2, new TransactionRecord("c1", LocalDate.of(2024, 1, 10), 250.0,
 *                         Double.NaN, null)));
 * CustomerLedger ledger = in.ledger();
 * }</pre>
 *
 * Read every input (customers first, as the engine does) before the first call of
 * {@link #ledger()}, {@link #surveys()}, {@link #quality()} or {@link #rescan}. Not thread-safe.
 */
public final class EmbeddedIngestion {

    private final Embedded engine;

    private EmbeddedIngestion(LocalDate asOf) {
        this.engine = new Embedded(asOf);
    }

    /** @param asOf the period's last day: rows after it are kept out, as in a run for that period */
    public static EmbeddedIngestion asOf(LocalDate asOf) {
        return new EmbeddedIngestion(asOf);
    }

    /**
     * Reads one input: calls {@link IngestSink#begin} with {@code source} and {@code columns}, then
     * {@code rows} with the sink, whose record calls ({@code customer}, {@code transaction},
     * {@code response}, {@code reject}, {@code blank}) are those a connector makes. When
     * transactions come out of date order the engine reads the input a second time, as it would a
     * file: {@code rows} must then give the same rows again.
     *
     * @return this
     * @throws IllegalStateException once the ledger is built
     */
    public EmbeddedIngestion read(DataKind kind, String source, List<String> columns, Consumer<IngestSink> rows) {
        engine.read(kind, source, columns, rows);
        return this;
    }

    /**
     * Reads the transactions input as summaries, as the engine does with a connector that also implements
     * {@link io.klarsyn.api.connector.AggregatingConnector}: {@code summaries} calls the sink's
     * {@code begin}, {@code summary}, {@code rejected}, {@code afterPeriod} and {@code latest}.
     *
     * @return this
     * @throws IllegalStateException once the ledger is built
     */
    public EmbeddedIngestion summarize(Consumer<io.klarsyn.api.connector.SummarySink> summaries) {
        engine.summarize(summaries);
        return this;
    }

    /** @return the engine's ledger of the inputs read */
    public CustomerLedger ledger() {
        return engine.ledger();
    }

    /**
     * @param days the job setting {@code customers.inactivityDays} (default 90) that the ledger's
     *        {@link CustomerLedger#lostOn} uses; set before {@link #ledger()}
     * @return this
     */
    public EmbeddedIngestion inactivityDays(int days) {
        engine.inactivityDays(days);
        return this;
    }

    /** @return the engine's survey table of the inputs read */
    public SurveyTable surveys() {
        return engine.surveys();
    }

    /** @return each input's data-quality record (read, accepted, rejected, findings, completeness) */
    public List<FileQuality> quality() {
        return engine.quality();
    }

    /**
     * The engine's second pass over transactions ({@link io.klarsyn.api.metric.MetricContext#rescanTransactions}):
     * {@code rows} gives the transactions input again; the visitor sees the rows the ledger counted.
     */
    public void rescan(TransactionVisitor visitor, Consumer<IngestSink> rows) {
        engine.rescan(visitor, rows);
    }
}
