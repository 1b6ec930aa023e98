package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.connector.PurchaseSummary;
import io.klarsyn.api.connector.SummarySink;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * The engine's {@link IngestSink} (and {@link BatchSink}): routes each input's rows into the ledger
 * or survey builder and keeps that input's data-quality counts. Records of the record lane are
 * collected into batches ({@link RecordLane}) and folded by the same code as a connector's
 * batches. Call {@link #start} before each {@code read}.
 */
final class Ingestion implements IngestSink, BatchSink, SummarySink {

    static final long PROGRESS_EVERY = 100_000;

    private final LocalDate asOf;
    private final ProgressListener progress;
    private final BooleanSupplier cancelled;
    private final IngestRules rules;
    final LedgerBuilder ledger;
    final SurveyBuilder surveys;
    private final Map<DataKind, FileQualityBuilder> files = new LinkedHashMap<>();
    private FileQualityBuilder current;
    private DataKind kind;
    private long nextProgress;
    /** The folds of the ledger and the survey table: where both lanes' batches end. */
    private final BatchSink fold = new BatchSink() {
        @Override
        public void customers(CustomerBatch batch) {
            ledger.customers(batch, current);
            tick();
        }

        @Override
        public void transactions(TransactionBatch batch) {
            if (!ignoring()) {
                ledger.transactions(batch, current);
            }
            tick();
        }

        @Override
        public void responses(ResponseBatch batch) {
            surveys.responses(batch, current);
            tick();
        }
    };
    private final RecordLane records = new RecordLane(fold);

    Ingestion(LocalDate asOf, ProgressListener progress, BooleanSupplier cancelled) {
        this(asOf, progress, cancelled, IngestRules.defaults(asOf));
    }

    Ingestion(LocalDate asOf, ProgressListener progress, BooleanSupplier cancelled, IngestRules rules) {
        this.asOf = asOf;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.cancelled = cancelled == null ? () -> false : cancelled;
        this.rules = rules;
        this.ledger = new LedgerBuilder(asOf, rules);
        this.surveys = new SurveyBuilder(asOf, ledger, rules);
    }

    void start(DataKind kind) {
        flush();
        this.kind = kind;
        current = new FileQualityBuilder(kind.fileName());
        files.put(kind, current);
        nextProgress = PROGRESS_EVERY;
    }

    FileQualityBuilder current() {
        return current;
    }

    @Override
    public void begin(String source, List<String> columns, String details) {
        flush();
        List<String> cols = columns == null ? List.of() : columns;
        current.begin(source, cols, details);
        records.begin(cols);
        switch (kind) {
            // every customer column: ids and dates are never blank in a kept row, churned_on and the
            // attributes are counted row by row; of transactions, the required columns and the
            // optional quantity and order_id (counters); of responses, what SurveyBuilder reads
            case CUSTOMERS -> {
                current.counts(cols);
                ledger.beginCustomers(cols);
            }
            case TRANSACTIONS -> {
                current.counts(List.of("customer_id", "date", "amount"));
                ledger.beginTransactions(current); // the counters of quantity and order_id, now that the header is known
            }
            case RESPONSES -> surveys.begin(cols, current);
            default -> {
            }
        }
    }

    /**
     * @return whether the transactions just read must be read once more: a row came with an earlier
     *         day than its customer's last one (see {@link LedgerBuilder#restartRequested()}); the
     *         rest of that read was ignored. Call {@link #restart()}, then read the input again.
     */
    boolean secondPassNeeded() {
        flush();
        return ledger.restartRequested();
    }

    /** @return the line of the first transaction out of order, once {@link #secondPassNeeded()} */
    long outOfOrderLine() {
        return ledger.outOfOrderLine();
    }

    /** Forgets the current transactions input's rows and counts, for a second read out of order. */
    void restart() {
        records.clear();
        current = new FileQualityBuilder(kind.fileName());
        files.put(kind, current);
        nextProgress = PROGRESS_EVERY;
        ledger.restartUnordered();
    }

    private boolean ignoring() {
        return kind == DataKind.TRANSACTIONS && ledger.restartRequested();
    }

    @Override
    public void customer(long line, CustomerRecord row) {
        if (row == null) {
            reject(line, null, "missing row");
            return;
        }
        records.customer(line, row);
    }

    @Override
    public void transaction(long line, TransactionRecord row) {
        if (ignoring()) {
            return;
        }
        if (row == null) {
            reject(line, null, "missing row");
            return;
        }
        records.transaction(line, row);
    }

    @Override
    public void response(long line, SurveyResponseRecord row) {
        if (row == null) {
            reject(line, null, "missing row");
            return;
        }
        records.response(line, row);
    }

    /** The connector's customer batch lane: folded straight into the ledger, after any rows of the record lane. */
    @Override
    public void customers(CustomerBatch batch) {
        flush();
        fold.customers(batch);
    }

    /** The connector's transaction batch lane: folded straight into the ledger, after any rows of the record lane. */
    @Override
    public void transactions(TransactionBatch batch) {
        flush();
        fold.transactions(batch);
    }

    /** The connector's response batch lane: folded straight into the survey table, after any rows of the record lane. */
    @Override
    public void responses(ResponseBatch batch) {
        flush();
        fold.responses(batch);
    }

    /** Hands the record lane's rows collected so far to the folds; any call but a record's flushes first. */
    private void flush() {
        records.flush();
    }

    @Override
    public void reject(long line, String column, String reason) {
        flush();
        if (ignoring()) {
            return;
        }
        current.connectorReject(line, column, reason);
        tick();
    }

    @Override
    public void blank(String column) {
        if (ignoring()) {
            return;
        }
        current.connectorBlank(column);
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean() || ignoring();
    }

    private void tick() {
        if (current.read >= nextProgress) {
            nextProgress += PROGRESS_EVERY;
            progress.rows(current.file, current.read);
        }
    }

    // ---- the summary lane (AggregatingConnector): a source's per-customer, per-month folds and counts

    @Override
    public LocalDate asOf() {
        return asOf;
    }

    @Override
    public LocalDate farAfter() {
        return LocalDate.ofEpochDay(rules.farAfterDay());
    }

    @Override
    public double maxAmount() {
        return rules.maxAmount();
    }

    @Override
    public boolean rejectDuplicateRows() {
        return rules.rejectDuplicateRows();
    }

    @Override
    public void summary(PurchaseSummary summary) {
        flush();
        ledger.summary(summary, current);
        tick();
    }

    @Override
    public void rejected(String column, String reason, long rows) {
        flush();
        current.rejectCounted(column, FileQualityBuilder.reasonCode(reason), rows, reason + " (counted by the source)");
        tick();
    }

    @Override
    public void afterPeriod(long rows, long farAfter, long blankQuantity, long blankOrderId) {
        flush();
        current.acceptAfterPeriod(rows);
        current.warnCounted("date", "date-far-after-period", farAfter, () -> "dated more than a year after the "
                + "period end (" + asOf + ") and today: wrong dates? Left out with the rows after the period");
        ledger.blanksAfterPeriod(blankQuantity, blankOrderId);
        tick();
    }

    @Override
    public void latest(LocalDate day) {
        if (day != null) {
            current.latest((int) day.toEpochDay());
        }
    }

    /** Reports the final count of the current input. */
    void finish() {
        flush();
        progress.rows(current.file, current.read);
    }

    List<FileQuality> quality() {
        flush();
        List<FileQuality> out = new ArrayList<>();
        for (FileQualityBuilder b : files.values()) {
            out.add(b.build(asOf));
        }
        return out;
    }

    ColumnarLedger buildLedger() {
        flush();
        return ledger.build();
    }

    SurveyTable buildSurveys() {
        return surveys.build();
    }
}
