package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;

/**
 * A second pass over transactions for {@link io.klarsyn.api.metric.MetricContext#rescanTransactions}:
 * passes on exactly the rows the ledger counted (as-of cut, customer in the ledger, finite amount,
 * first of identical rows). Duplicate detection keeps one 64-bit hash per row for the pass.
 */
final class RescanSink implements IngestSink {

    private final ColumnarLedger ledger;
    private final int asOfDay;
    private final TransactionVisitor visitor;
    private final BooleanSupplier cancelled;
    private final LongHashSet seen = new LongHashSet(1 << 16);

    RescanSink(ColumnarLedger ledger, LocalDate asOf, TransactionVisitor visitor, BooleanSupplier cancelled) {
        this.ledger = ledger;
        this.asOfDay = (int) asOf.toEpochDay();
        this.visitor = visitor;
        this.cancelled = cancelled;
    }

    @Override
    public void begin(String source, List<String> columns, String details) {
    }

    @Override
    public void customer(long line, CustomerRecord row) {
    }

    @Override
    public void transaction(long line, TransactionRecord r) {
        int day = (int) r.date().toEpochDay();
        double amount = r.amount();
        if (day > asOfDay || !Double.isFinite(amount)) {
            return;
        }
        int c = ledger.index.get(r.customerId());
        if (c < 0) {
            return;
        }
        if (seen.add(LedgerBuilder.rowHash(c, day, amount, r.quantity(), r.orderId()))) {
            visitor.visit(c, day, amount);
        }
    }

    @Override
    public void response(long line, SurveyResponseRecord row) {
    }

    @Override
    public void reject(long line, String column, String reason) {
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
