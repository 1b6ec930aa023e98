package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * A second pass over transactions for {@link io.klarsyn.api.metric.MetricContext#rescanTransactions}:
 * passes on exactly the rows the ledger counted (as-of cut, customer in the ledger, finite amount
 * within {@code dq.maxAmount}, first of its line id, and first of identical rows when
 * {@code dq.duplicateRows = reject}) whose customer the visitor {@link TransactionVisitor#wants wants}.
 * Duplicate detection keeps one 64-bit hash per wanted row for the pass; rows of unwanted
 * customers are dropped before it (a row's duplicates belong to the same customer, so this leaves
 * the wanted rows' verdicts unchanged).
 *
 * <p>Both lanes give the same visits: the record lane's rows are collected into batches
 * ({@link RecordLane}; call {@link #finish()} after the read) and folded as the connector's
 * batches are. A batch's customers are looked up from the ids' bytes as {@link LedgerBuilder#transactions(TransactionBatch, FileQualityBuilder)} does
 * (pack, touch every slot of the batch, then look up), without a {@code String} or
 * {@code LocalDate} per row; ids that are not ASCII are looked up as text.
 */
final class RescanSink implements IngestSink, BatchSink {

    private final ColumnarLedger ledger;
    private final int asOfDay;
    private final TransactionVisitor visitor;
    private final BooleanSupplier cancelled;
    private final LongHashSet seen = new LongHashSet(1 << 16);
    private final IngestRules rules;
    private LongHashSet rowIds;
    private final RecordLane records = new RecordLane(new BatchSink() {
        @Override
        public void customers(CustomerBatch batch) {
        }

        @Override
        public void transactions(TransactionBatch batch) {
            visit(batch);
        }

        @Override
        public void responses(ResponseBatch batch) {
        }
    });

    private long[] packs = new long[0];
    /** Batch entries still in play: k for an ASCII id, ~k for an id to look up as text. */
    private int[] entries = new int[0];
    private int[] rows = new int[0];
    private long[] hashes = new long[0];
    /** Sink for the loads that only warm the cache, so the JIT keeps them. */
    long touched;

    RescanSink(ColumnarLedger ledger, LocalDate asOf, TransactionVisitor visitor, BooleanSupplier cancelled) {
        this.ledger = ledger;
        this.asOfDay = (int) asOf.toEpochDay();
        this.visitor = visitor;
        this.cancelled = cancelled;
        this.rules = ledger.rules != null ? ledger.rules : IngestRules.defaults(asOf);
    }

    @Override
    public void begin(String source, List<String> columns, String details) {
    }

    @Override
    public void customer(long line, CustomerRecord row) {
    }

    @Override
    public void customers(CustomerBatch batch) {
    }

    /** A row of the record lane: collected into a batch and visited as the batch lane's rows are. */
    @Override
    public void transaction(long line, TransactionRecord r) {
        if (r != null) {
            records.transaction(line, r);
        }
    }

    @Override
    public void transactions(TransactionBatch batch) {
        records.flush();
        visit(batch);
    }

    /** Visits the record lane's last rows: call once the connector's read has returned. */
    void finish() {
        records.flush();
    }

    /**
     * Visits a batch's rows, in its order: rejects, rows
     * after the as-of day and non-finite amounts are dropped first, then the remaining ids' index
     * slots are touched (so that the CPU overlaps their cache misses), looked up, asked about,
     * and only the wanted rows are hashed and checked for duplicates.
     */
    private void visit(TransactionBatch batch) {
        int n = batch.size();
        if (packs.length < n * 4) {
            packs = new long[n * 4];
            entries = new int[n];
            rows = new int[n];
            hashes = new long[n];
        }
        IdIndex index = ledger.index;
        byte[] ids = batch.customerIdBytes();
        long t = 0;
        int m = 0;
        for (int k = 0; k < n; k++) {
            int len = batch.customerIdLength(k);
            if (len < 0 || batch.epochDay(k) > asOfDay || !Double.isFinite(batch.amount(k))
                    || Math.abs(batch.amount(k)) > rules.maxAmount()) {
                continue;
            }
            long rowId = batch.hasRowIds() ? batch.rowId(k) : 0;
            if (rowId != 0) {
                if (rowIds == null) {
                    rowIds = new LongHashSet(1 << 12);
                }
                if (!rowIds.add(LongHashSet.mix(rowId))) {
                    continue;
                }
            }
            if (len == 0) {
                continue;
            }
            if (IdIndex.pack(ids, batch.customerIdOffset(k), len, packs, m)) {
                entries[m] = k;
            } else {
                IdIndex.pack(batch.customerId(k), packs, m);
                entries[m] = ~k;
            }
            t += index.touch(packs, m);
            m++;
        }
        int w = 0;
        for (int j = 0; j < m; j++) {
            int e = entries[j];
            int c;
            if (e >= 0) {
                c = index.rowOf(packs, j, ids, batch.customerIdOffset(e), batch.customerIdLength(e));
            } else {
                e = ~e;
                c = index.rowOf(batch.customerId(e), packs, j);
            }
            if (c < 0 || !visitor.wants(c)) {
                continue;
            }
            long h = 0;
            if (rules.rejectDuplicateRows() && !(batch.hasRowIds() && batch.rowId(e) != 0)) {
                h = LedgerBuilder.rowHash(c, batch.epochDay(e), batch.amount(e), batch.quantity(e), batch.orderId(e),
                        batch.recordHash(e));
                t += seen.touch(h);
            }
            entries[w] = e;
            rows[w] = c;
            hashes[w] = h;
            w++;
        }
        touched = t;
        for (int j = 0; j < w; j++) {
            if (hashes[j] == 0 || seen.add(hashes[j])) {
                int e = entries[j];
                visitor.visit(rows[j], batch.epochDay(e), batch.amount(e));
            }
        }
    }

    @Override
    public void response(long line, SurveyResponseRecord row) {
    }

    @Override
    public void responses(ResponseBatch batch) {
    }

    @Override
    public void reject(long line, String column, String reason) {
    }

    /** @return how many row hashes the duplicate detection holds: one per distinct wanted row so far */
    int hashed() {
        return seen.size();
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
