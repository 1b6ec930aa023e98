package io.klarsyn.connector.csv.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * Parses on a worker thread while the caller's thread feeds the sink, so that parsing and the
 * engine's ingestion overlap on two cores. The sink still sees every call from the thread that
 * called {@code read}, in source order: the worker records the calls in batches and the caller
 * replays them. Errors of the worker (e.g. a missing column) are rethrown in the caller.
 */
final class Pipeline {

    interface Body {
        void run(CsvConnector.Rows rows) throws IOException;
    }

    private static final int BATCH = 4096;
    private static final int IN_FLIGHT = 4;

    private static final byte BLANK = 4;
    private static final byte BEGIN = 5;
    private static final byte TRANSACTIONS = 6;
    private static final byte CUSTOMERS = 7;
    private static final byte RESPONSES = 8;

    private static final class Batch {
        final byte[] kinds = new byte[BATCH];
        final long[] lines = new long[BATCH];
        final Object[] rows = new Object[BATCH];
        final String[] columns = new String[BATCH];
        int n;
        boolean last;
        Throwable error;
    }

    /** Thrown inside the worker to unwind it once the caller stopped listening. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(IN_FLIGHT + 2);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(IN_FLIGHT + 2);
    /** Transaction batches the caller has replayed, for the worker to fill again. */
    private final Pool<TransactionBatch> freeTransactions = new Pool<>();
    /** Customer batches the caller has replayed, for the worker to fill again. */
    private final Pool<CustomerBatch> freeCustomers = new Pool<>();
    /** Response batches the caller has replayed, for the worker to fill again. */
    private final Pool<ResponseBatch> freeResponses = new Pool<>();
    private volatile boolean stop;

    /**
     * Batches handed back by the caller for the worker to fill again: at most IN_FLIGHT + 1 are made,
     * then the worker waits for one to come back (or for the pipeline to stop).
     */
    private final class Pool<B> {
        private final BlockingQueue<B> free = new ArrayBlockingQueue<>(IN_FLIGHT + 2);
        private int made;

        /** Called by the caller's thread once it has replayed {@code b}. */
        void offer(B b) {
            free.offer(b);
        }

        /** Called by the worker: a free batch, a new one while fewer than IN_FLIGHT + 1 exist, or the next one back. */
        B take(java.util.function.Supplier<B> make) {
            B b = free.poll();
            if (b != null) {
                return b;
            }
            if (made < IN_FLIGHT + 1) {
                made++;
                return make.get();
            }
            try {
                for (;;) {
                    if (stop) {
                        throw new Stopped();
                    }
                    b = free.poll(100, TimeUnit.MILLISECONDS);
                    if (b != null) {
                        return b;
                    }
                }
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }
    }

    private Pipeline() {
        for (int i = 0; i < IN_FLIGHT; i++) {
            free.add(new Batch());
        }
    }

    static void run(String name, Body body, CsvConnector.Direct target) throws IOException {
        new Pipeline().execute(name, body, target);
    }

    private void execute(String name, Body body, CsvConnector.Direct target) throws IOException {
        Thread worker = new Thread(() -> produce(body), "klarsyn-csv " + name);
        worker.setDaemon(true);
        worker.start();
        try {
            for (;;) {
                Batch b = full.take();
                replay(b, target);
                if (b.error != null) {
                    rethrow(b.error);
                }
                if (b.last) {
                    return;
                }
                if (target.cancelled()) {
                    return;
                }
                b.n = 0;
                free.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + name, e);
        } finally {
            stop = true;
            full.clear();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException) {
            throw (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IOException(t);
    }

    @SuppressWarnings("unchecked")
    private void replay(Batch b, CsvConnector.Direct s) {
        for (int i = 0; i < b.n; i++) {
            switch (b.kinds[i]) {
                case TRANSACTIONS:
                    TransactionBatch tb = (TransactionBatch) b.rows[i];
                    s.batches.transactions(tb);
                    tb.clear();
                    freeTransactions.offer(tb);
                    break;
                case CUSTOMERS:
                    CustomerBatch cb = (CustomerBatch) b.rows[i];
                    s.batches.customers(cb);
                    cb.clear();
                    freeCustomers.offer(cb);
                    break;
                case RESPONSES:
                    ResponseBatch rb = (ResponseBatch) b.rows[i];
                    s.batches.responses(rb);
                    rb.clear();
                    freeResponses.offer(rb);
                    break;
                case BLANK:
                    s.blank(b.columns[i]);
                    break;
                default:
                    Object[] begin = (Object[]) b.rows[i];
                    s.begin((String) begin[0], (List<String>) begin[1], (String) begin[2]);
            }
            b.rows[i] = null;
        }
    }

    private void produce(Body body) {
        Recorder r = new Recorder();
        try {
            body.run(r);
            r.batch.last = true;
        } catch (Stopped e) {
            return;
        } catch (Throwable t) {
            r.batch.error = t instanceof UncheckedIOException ? t.getCause() : t;
        }
        try {
            r.hand(r.batch);
        } catch (Stopped e) {
            // the caller is gone
        }
    }

    /**
     * Records the worker's calls for the caller. Transaction, customer and response batches go
     * over whole: each is handed to the caller at once with the calls before it, and the worker
     * fills another.
     */
    final class Recorder implements CsvConnector.Rows {
        Batch batch = take();
        private List<String> customerColumns;
        private List<String> responseDrivers;

        private Batch take() {
            try {
                for (;;) {
                    if (stop) {
                        throw new Stopped();
                    }
                    Batch b = free.poll(100, TimeUnit.MILLISECONDS);
                    if (b != null) {
                        return b;
                    }
                }
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }

        void hand(Batch b) {
            try {
                while (!full.offer(b, 100, TimeUnit.MILLISECONDS)) {
                    if (stop) {
                        throw new Stopped();
                    }
                }
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }

        private void add(byte kind, long line, Object row, String column) {
            Batch b = batch;
            int i = b.n;
            b.kinds[i] = kind;
            b.lines[i] = line;
            b.rows[i] = row;
            b.columns[i] = column;
            b.n = i + 1;
            if (i + 1 == BATCH) {
                hand(b);
                batch = take();
            }
        }

        @Override
        public TransactionBatch empty() {
            return freeTransactions.take(TransactionBatch::new);
        }

        @Override
        public TransactionBatch hand(TransactionBatch full) {
            add(TRANSACTIONS, 0, full, null);
            if (batch.n > 0) {
                hand(batch);
                batch = take();
            }
            return empty();
        }

        @Override
        public CustomerBatch emptyCustomers(List<String> attributeColumns) {
            if (customerColumns == null) {
                customerColumns = attributeColumns;
            } else if (!customerColumns.equals(attributeColumns)) {
                throw new IllegalStateException("one reader, one set of attribute columns");
            }
            return freeCustomers.take(() -> new CustomerBatch(attributeColumns));
        }

        @Override
        public CustomerBatch handCustomers(CustomerBatch full) {
            add(CUSTOMERS, 0, full, null);
            if (batch.n > 0) {
                hand(batch);
                batch = take();
            }
            return emptyCustomers(full.attributeColumns());
        }

        @Override
        public ResponseBatch emptyResponses(List<String> driverNames) {
            if (responseDrivers == null) {
                responseDrivers = driverNames;
            } else if (!responseDrivers.equals(driverNames)) {
                throw new IllegalStateException("one reader, one set of driver columns");
            }
            return freeResponses.take(() -> new ResponseBatch(driverNames));
        }

        @Override
        public ResponseBatch handResponses(ResponseBatch full) {
            add(RESPONSES, 0, full, null);
            if (batch.n > 0) {
                hand(batch);
                batch = take();
            }
            return emptyResponses(full.driverNames());
        }

        @Override
        public void begin(String source, List<String> columns, String details) {
            add(BEGIN, 0, new Object[] {source, columns, details}, null);
        }

        @Override
        public void blank(String column) {
            add(BLANK, 0, null, column);
        }

        @Override
        public boolean cancelled() {
            return stop;
        }
    }
}
