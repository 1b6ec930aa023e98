package io.klarsyn.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.engine.ingest.BatchSink;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;

/**
 * The record lane of {@link io.klarsyn.api.connector.IngestSink}, as batches: each record becomes an
 * entry of a batch of its kind, handed to the engine's batch fold when the batch is full or when
 * {@link #flush()} is called (before any other call of the sink, so the order of the source is
 * kept). A record and a batch entry are thus checked by one and the same code: every data-quality
 * rule exists once, for both lanes.
 */
final class RecordLane {

    private static final String DRIVER_PREFIX = "driver.";
    /** Records per batch: small, so that progress and cancellation come as often as with a connector's batches. */
    static final int CAPACITY = 256;

    private final BatchSink fold;
    private List<String> headerAttributes = List.of();
    private List<String> headerDrivers = List.of();
    private CustomerBatch customers;
    private TransactionBatch transactions;
    private ResponseBatch responses;

    /** @param fold where full batches go: the engine's fold, not a sink that flushes this lane */
    RecordLane(BatchSink fold) {
        this.fold = fold;
    }

    /** A new input's header: the attribute and driver columns the batches start with. */
    void begin(List<String> columns) {
        flush();
        List<String> attributes = new ArrayList<>();
        List<String> drivers = new ArrayList<>();
        for (String c : columns) {
            if (c.startsWith(DRIVER_PREFIX) && c.length() > DRIVER_PREFIX.length()) {
                drivers.add(c.substring(DRIVER_PREFIX.length()));
            }
            if (!LedgerBuilder.isCanonicalCustomerColumn(c) && !attributes.contains(c)) {
                attributes.add(c);
            }
        }
        headerAttributes = List.copyOf(attributes);
        headerDrivers = List.copyOf(drivers);
        customers = null;
        responses = null;
    }

    void customer(long line, CustomerRecord r) {
        Map<String, String> values = r.attributes();
        if (customers == null || !customers.attributeColumns().containsAll(values.keySet())) {
            flush();
            List<String> columns = new ArrayList<>(customers == null ? headerAttributes : customers.attributeColumns());
            for (String name : values.keySet()) {
                if (!columns.contains(name)) {
                    columns.add(name);
                }
            }
            customers = new CustomerBatch(columns, CAPACITY);
        } else if (customers.full()) {
            flush();
        }
        customers.add(line, r.customerId(), (int) r.acquiredOn().toEpochDay(),
                r.churnedOn() == null ? CustomerLedger.NO_DAY : (int) r.churnedOn().toEpochDay());
        List<String> columns = customers.attributeColumns();
        for (int j = 0, n = columns.size(); j < n; j++) {
            String v = values.get(columns.get(j));
            if (v != null) {
                customers.attribute(j, v);
            }
        }
    }

    void transaction(long line, TransactionRecord r) {
        if (transactions == null) {
            transactions = new TransactionBatch(CAPACITY);
        } else if (transactions.full()) {
            flush();
        }
        if (r.customerId().isBlank()) {
            transactions.addAnonymous(line, (int) r.date().toEpochDay(), r.amount(), r.quantity(), r.orderId());
        } else {
            transactions.add(line, r.customerId(), (int) r.date().toEpochDay(), r.amount(), r.quantity(), r.orderId());
        }
    }

    void response(long line, SurveyResponseRecord r) {
        Map<String, Double> ratings = r.drivers();
        if (responses == null || !responses.driverNames().containsAll(ratings.keySet())) {
            flush();
            List<String> names = new ArrayList<>(responses == null ? headerDrivers : responses.driverNames());
            for (String name : ratings.keySet()) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
            responses = new ResponseBatch(names, CAPACITY);
        } else if (responses.full()) {
            flush();
        }
        responses.add(line, r.customerId(), (int) r.date().toEpochDay(), r.nps(), r.csat(), r.ces(), r.touchpoint(),
                r.comment());
        List<String> names = responses.driverNames();
        for (int j = 0, n = names.size(); j < n; j++) {
            Double v = ratings.get(names.get(j));
            if (v != null) {
                responses.driver(j, v);
            }
        }
    }

    /** Hands the records collected so far to the fold. */
    void flush() {
        if (customers != null && customers.size() > 0) {
            fold.customers(customers);
            customers.clear();
        }
        if (transactions != null && transactions.size() > 0) {
            fold.transactions(transactions);
            transactions.clear();
        }
        if (responses != null && responses.size() > 0) {
            fold.responses(responses);
            responses.clear();
        }
    }

    /** Drops the records collected and not yet handed over. */
    void clear() {
        if (customers != null) {
            customers.clear();
        }
        if (transactions != null) {
            transactions.clear();
        }
        if (responses != null) {
            responses.clear();
        }
    }
}
