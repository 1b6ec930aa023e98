package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The engine's ingestion, ledger, survey table, rescan and settings in memory, for
 * {@link io.klarsyn.engine.embedded}: the one public class of this (unexported) package, and it
 * speaks only API types. Every call runs the code a report run runs ({@link Ingestion},
 * {@link LedgerBuilder}, {@link SurveyBuilder}, {@link RescanSink}, {@link ResolvedSettings}).
 */
public final class Embedded {

    private final LocalDate asOf;
    private final Ingestion ingestion;
    private ColumnarLedger ledger;
    private SurveyTable surveys;
    private List<FileQuality> quality;

    /** @param asOf the period's last day: the as-of cut */
    public Embedded(LocalDate asOf) {
        this.asOf = asOf;
        this.ingestion = new Ingestion(asOf, null, null);
    }

    /**
     * Reads one input as a report run reads it from a connector: {@code begin}, then the rows, and
     * a second time when transactions come out of date order.
     *
     * @param rows passes the input's rows to the sink; may be called twice
     * @throws IllegalStateException once the ledger is built
     */
    public void read(DataKind kind, String source, List<String> columns, Consumer<IngestSink> rows) {
        if (ledger != null) {
            throw new IllegalStateException("the ledger is built: read every input before asking for it");
        }
        ingestion.start(kind);
        ingestion.begin(source, columns, "");
        rows.accept(ingestion);
        if (ingestion.secondPassNeeded()) {
            ingestion.restart();
            ingestion.begin(source, columns, "");
            rows.accept(ingestion);
        }
        ingestion.finish();
    }

    /**
     * Reads the transactions input as an {@link io.klarsyn.api.connector.AggregatingConnector} gives it: per
     * customer and month, into the engine's {@link io.klarsyn.api.connector.SummarySink}.
     *
     * @throws IllegalStateException once the ledger is built
     */
    public void summarize(Consumer<io.klarsyn.api.connector.SummarySink> summaries) {
        if (ledger != null) {
            throw new IllegalStateException("the ledger is built: read every input before asking for it");
        }
        ingestion.start(DataKind.TRANSACTIONS);
        summaries.accept(ingestion);
        ingestion.finish();
    }

    private void build() {
        if (ledger == null) {
            quality = ingestion.quality();
            ledger = ingestion.buildLedger().withLostRule((int) asOf.toEpochDay(), inactivityDays);
            surveys = ingestion.buildSurveys();
        }
    }

    private int inactivityDays = 90;

    /** @param days the job setting {@code customers.inactivityDays}, for the ledger built after this call */
    public void inactivityDays(int days) {
        this.inactivityDays = days;
    }

    /** @return the ledger of the inputs read (built on the first call) */
    public CustomerLedger ledger() {
        build();
        return ledger;
    }

    /** @return the survey table of the inputs read */
    public SurveyTable surveys() {
        build();
        return surveys;
    }

    /** @return each input's data-quality record */
    public List<FileQuality> quality() {
        build();
        return quality;
    }

    /** A second pass over transactions, as {@link io.klarsyn.api.metric.MetricContext#rescanTransactions} makes it. */
    public void rescan(TransactionVisitor visitor, Consumer<IngestSink> rows) {
        build();
        RescanSink sink = new RescanSink(ledger, asOf, visitor, () -> false);
        rows.accept(sink);
        sink.finish();
    }

    /** @return settings over the values as the engine reads them, without declared defaults */
    public static JobSettings settings(Map<String, String> values) {
        return ResolvedSettings.of(values);
    }

    /** @return the values checked against the descriptors, with their defaults, as a job's settings are */
    public static JobSettings settings(Map<String, String> values, List<SettingDescriptor> descriptors) {
        return ResolvedSettings.resolve(values, descriptors);
    }
}
