package io.klarsyn.testkit;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.engine.embedded.EmbeddedIngestion;
import io.klarsyn.engine.embedded.EmbeddedSettings;

/**
 * A connector read as a report run reads it, without a framework: {@link DataConnector#available}, then
 * {@link DataConnector#read} for each input (customers, transactions, responses), every record going
 * through the engine's own ingestion. What a run would show in its data-quality appendix is in
 * {@link #quality()}: read, accepted and rejected counts and each finding with line, column and reason.
 *
 * <pre>{@code
 * ConnectorRun run = ConnectorRun.read(connector, LocalDate.of(2024, 5, 31), Map.of("acme.folder", folder.toString()));
 * FileQuality customers = run.quality(DataKind.CUSTOMERS);
 * assertThat(customers.read()).isEqualTo(customers.accepted() + customers.rejected());
 * TestContext ctx = run.context(YearMonth.of(2024, 5)).build();
 * }</pre>
 */
public final class ConnectorRun {

    private final EmbeddedIngestion engine;
    private final Set<DataKind> available;

    private ConnectorRun(EmbeddedIngestion engine, Set<DataKind> available) {
        this.engine = engine;
        this.available = available;
    }

    /**
     * Reads every input the connector says is available.
     *
     * @param asOf the period's last day (the as-of cut)
     * @param settings the job's settings, checked against the connector's declared ones and overlaid on
     *        their defaults as a run does (an unknown name is refused)
     * @throws IOException what the connector throws: the source is unreachable, or an input is unusable
     *         as a whole ({@link io.klarsyn.api.connector.ConnectorException})
     */
    public static ConnectorRun read(DataConnector connector, LocalDate asOf, Map<String, String> settings)
            throws IOException {
        JobSettings resolved = EmbeddedSettings.resolve(settings, connector.settings());
        Set<DataKind> available = connector.available(resolved);
        EmbeddedIngestion in = EmbeddedIngestion.asOf(asOf);
        for (DataKind kind : EnumSet.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS, DataKind.RESPONSES)) {
            if (available.contains(kind)) {
                Recording r = new Recording();
                connector.read(kind, resolved, r);
                if (r.source == null) {
                    throw new IllegalStateException(connector.getClass().getName() + " read " + kind
                            + " without calling IngestSink.begin");
                }
                in.read(kind, r.source, r.columns, r::replay);
            }
        }
        return new ConnectorRun(in, Set.copyOf(available));
    }

    /** @return the inputs the connector said it has */
    public Set<DataKind> available() {
        return available;
    }

    /** @return the engine's ledger of what was accepted */
    public CustomerLedger ledger() {
        return engine.ledger();
    }

    /** @return the engine's survey table of what was accepted */
    public SurveyTable surveys() {
        return engine.surveys();
    }

    /** @return each input's data-quality record, in reading order */
    public List<FileQuality> quality() {
        return engine.quality();
    }

    /**
     * @return the data-quality record of one input, named by the engine as the data-quality appendix names
     *         it ({@code customers.csv} for customers, whatever the source; its {@code details} say
     *         "read from" the source the connector gave to {@code begin})
     * @throws IllegalArgumentException when that input was not read
     */
    public FileQuality quality(DataKind kind) {
        return quality().stream().filter(q -> q.file().equals(kind.fileName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " input was read (read: "
                        + quality().stream().map(FileQuality::file).toList() + ")"));
    }

    /** @return a context for a metric over what was read */
    public TestContext.Builder context(YearMonth month) {
        TestContext.Builder b = TestContext.builder(month).ledger(ledger()).surveys(surveys());
        Set<DataKind> kinds = EnumSet.noneOf(DataKind.class);
        kinds.addAll(available);
        return b.available(kinds);
    }

    /** The connector's calls of one input, replayed into the engine (which may read an input twice). */
    private static final class Recording implements IngestSink {
        String source;
        List<String> columns;
        final List<Consumer<IngestSink>> calls = new ArrayList<>();

        @Override
        public void begin(String source, List<String> columns, String details) {
            this.source = source;
            this.columns = List.copyOf(columns);
        }

        @Override
        public void customer(long line, CustomerRecord row) {
            calls.add(s -> s.customer(line, row));
        }

        @Override
        public void transaction(long line, TransactionRecord row) {
            calls.add(s -> s.transaction(line, row));
        }

        @Override
        public void response(long line, SurveyResponseRecord row) {
            calls.add(s -> s.response(line, row));
        }

        @Override
        public void reject(long line, String column, String reason) {
            calls.add(s -> s.reject(line, column, reason));
        }

        @Override
        public void blank(String column) {
            calls.add(s -> s.blank(column));
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        void replay(IngestSink sink) {
            calls.forEach(c -> c.accept(sink));
        }
    }
}
