package io.klarsyn.engine.ingest;

import io.klarsyn.api.connector.IngestSink;

/** {@link BatchSink#of}'s view of a sink that takes records only: each entry becomes its record call. */
final class RecordCalls implements BatchSink {

    private final IngestSink sink;

    RecordCalls(IngestSink sink) {
        this.sink = sink;
    }

    @Override
    public void customers(CustomerBatch batch) {
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                sink.reject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                sink.customer(batch.line(k), batch.record(k));
            }
        }
    }

    @Override
    public void transactions(TransactionBatch batch) {
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                sink.reject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                sink.transaction(batch.line(k), batch.record(k));
            }
        }
    }

    @Override
    public void responses(ResponseBatch batch) {
        for (int k = 0, n = batch.size(); k < n; k++) {
            if (batch.rejected(k)) {
                sink.reject(batch.line(k), batch.rejectColumn(k), batch.rejectReason(k));
            } else {
                sink.response(batch.line(k), batch.record(k));
            }
        }
    }
}
