package io.klarsyn.connector.csv.internal;

import java.util.ArrayList;
import java.util.List;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/** Records every call, in order. */
class RecordingSink implements IngestSink {

    record Reject(long line, String column, String reason) {
    }

    String source;
    List<String> columns;
    String details;
    int begins;
    final List<Long> lines = new ArrayList<>();
    final List<CustomerRecord> customers = new ArrayList<>();
    final List<TransactionRecord> transactions = new ArrayList<>();
    final List<SurveyResponseRecord> responses = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();
    final List<String> blanks = new ArrayList<>();

    @Override
    public void begin(String source, List<String> columns, String details) {
        this.source = source;
        this.columns = columns;
        this.details = details;
        begins++;
    }

    @Override
    public void customer(long line, CustomerRecord row) {
        lines.add(line);
        customers.add(row);
    }

    @Override
    public void transaction(long line, TransactionRecord row) {
        lines.add(line);
        transactions.add(row);
    }

    @Override
    public void response(long line, SurveyResponseRecord row) {
        lines.add(line);
        responses.add(row);
    }

    @Override
    public void reject(long line, String column, String reason) {
        lines.add(line);
        rejects.add(new Reject(line, column, reason));
    }

    @Override
    public void blank(String column) {
        blanks.add(column);
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    int accepted() {
        return customers.size() + transactions.size() + responses.size();
    }

    /** A sink that takes batches as the engine's does ({@link BatchSink}); a test overrides the kind it reads. */
    static class Batches extends RecordingSink implements BatchSink {
        @Override
        public void customers(CustomerBatch batch) {
        }

        @Override
        public void transactions(TransactionBatch batch) {
        }

        @Override
        public void responses(ResponseBatch batch) {
        }
    }
}
