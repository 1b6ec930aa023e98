package io.klarsyn.engine.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.ReportPeriod;
import io.klarsyn.api.settings.JobSettings;

/** The context of one calculator in one run. */
final class EngineMetricContext implements MetricContext {

    private final String metricId;
    private final ReportPeriod period;
    private final JobSettings settings;
    private final Set<DataKind> available;
    private final ColumnarLedger ledger;
    private final SurveyTable surveys;
    private final String currency;
    private final RunLog log;
    private final DataConnector connector;
    final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<io.klarsyn.api.result.Note> unstable = Collections.synchronizedList(new ArrayList<>());

    EngineMetricContext(String metricId, ReportPeriod period, JobSettings settings, Set<DataKind> available,
            ColumnarLedger ledger, SurveyTable surveys, String currency, RunLog log, DataConnector connector) {
        this.metricId = metricId;
        this.period = period;
        this.settings = settings;
        this.available = Set.copyOf(available);
        this.ledger = ledger;
        this.surveys = surveys;
        this.currency = currency;
        this.log = log;
        this.connector = connector;
    }

    @Override
    public ReportPeriod period() {
        return period;
    }

    @Override
    public JobSettings settings() {
        return settings;
    }

    @Override
    public Set<DataKind> available() {
        return available;
    }

    @Override
    public CustomerLedger ledger() {
        return ledger;
    }

    @Override
    public SurveyTable surveys() {
        return surveys;
    }

    @Override
    public String currency() {
        return currency;
    }

    @Override
    public void info(String message) {
        log.info(metricId, message);
    }

    @Override
    public void warn(String message) {
        if (!cancelled.get()) {
            warnings.add(message);
        }
        log.warn(metricId, message);
    }

    @Override
    public boolean cancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    @Override
    public void unstable(io.klarsyn.api.result.Note reason) {
        if (!cancelled.get()) {
            unstable.add(reason);
        }
    }

    /** @return the reasons the metric gave to mark the run UNSTABLE ({@link #unstable}) */
    List<io.klarsyn.api.result.Note> unstableReasons() {
        synchronized (unstable) {
            return List.copyOf(unstable);
        }
    }

    List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    @Override
    public void rescanTransactions(TransactionVisitor visitor) throws IOException {
        if (!available.contains(DataKind.TRANSACTIONS)) {
            throw new IOException("this run has no " + DataKind.TRANSACTIONS.fileName() + " to rescan");
        }
        log.info(metricId, "rescanning " + DataKind.TRANSACTIONS.fileName());
        RescanSink sink = new RescanSink(ledger, period.lastDay(), visitor, this::cancelled);
        connector.read(DataKind.TRANSACTIONS, settings, sink);
        sink.finish();
    }
}
