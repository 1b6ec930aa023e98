package io.klarsyn.connector.csv.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * Reads a large transactions file with several parsing threads while the caller's thread feeds
 * the sink, which still sees every batch in file order and from the thread that called
 * {@code read}.
 *
 * <p>The file is cut into parts of about {@link #partBytes} at line ends: part k starts after the
 * first {@code \n} at or after its nominal offset, and holds the records that start before the
 * next part. Worker w parses parts w, w + W, w + 2W, ... into batches whose line numbers count
 * from the part's start. The caller takes the parts in order, shifts their line numbers by the
 * lines of the parts before ({@link TransactionBatch#offsetLines}), and hands them to the sink.
 *
 * <p>A cut made inside a quoted field that holds a line break is not a record boundary. That is
 * found exactly: a part's reading ends where the next record starts; if that is not where the
 * next part was cut, that part's batches are dropped and it is parsed again from the true start
 * in the caller's thread. Plain exports never pay for this; a file with quoted line breaks reads
 * correctly, only some of it less in parallel.
 */
final class ParallelTransactions {

    /** Batches a worker may have parsed ahead of the caller, per worker. */
    private static final int AHEAD = 12;
    private static final int BUFFER_BYTES = 256 << 10;

    /** What a worker hands over: a batch of a part ({@link #batch} set), or the end of a part. */
    private static final class Item {
        final TransactionBatch batch;
        /** At a part's end: where the next record starts, the part's lines, its blanks. */
        final long end;
        final long lines;
        final long quantityBlanks;
        final long orderBlanks;
        /** At a part's end: why it was not read to the end, or {@code null}. */
        final Throwable error;
        /** Whether the worker could not go on at all (its {@link #error} ends the read). */
        final boolean fatal;

        Item(TransactionBatch batch) {
            this(batch, 0, 0, 0, 0, null, false);
        }

        Item(TransactionBatch batch, long end, long lines, long quantityBlanks, long orderBlanks, Throwable error,
                boolean fatal) {
            this.batch = batch;
            this.end = end;
            this.lines = lines;
            this.quantityBlanks = quantityBlanks;
            this.orderBlanks = orderBlanks;
            this.error = error;
            this.fatal = fatal;
        }

        static Item end(CsvFile f, Counting counting, Throwable error) {
            return new Item(null, f.tok.position(), f.tok.nextLine(), counting.quantity, counting.order, error, false);
        }
    }

    /** Thrown inside a worker to unwind it once the caller stopped listening. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final CsvFile head;
    private final Path path;
    private final int[] columns;
    private final long[] starts;
    private final int workers;
    private final List<BlockingQueue<Item>> handed = new ArrayList<>();
    private final List<BlockingQueue<TransactionBatch>> free = new ArrayList<>();
    private volatile boolean stop;

    private ParallelTransactions(CsvFile head, Path path, int[] columns, long[] starts, int workers) {
        this.head = head;
        this.path = path;
        this.columns = columns;
        this.starts = starts;
        this.workers = workers;
        for (int w = 0; w < workers; w++) {
            handed.add(new ArrayBlockingQueue<>(AHEAD + 2));
            BlockingQueue<TransactionBatch> pool = new ArrayBlockingQueue<>(AHEAD + 2);
            for (int i = 0; i < AHEAD + 1; i++) {
                pool.add(new TransactionBatch());
            }
            free.add(pool);
        }
    }

    /**
     * Reads the records of {@code head}, whose header was read, with {@code workers} threads in
     * parts of about {@code partBytes}.
     *
     * @param columns as {@link CsvConnector#transactionColumns} returned them for {@code head}
     */
    static void read(CsvFile head, Path path, int[] columns, CsvConnector.Direct sink, long partBytes, int workers)
            throws IOException {
        long[] starts = cuts(path, head.tok.position(), partBytes);
        new ParallelTransactions(head, path, columns, starts, workers).run(sink);
    }

    /**
     * @return the start offsets of the parts: {@code from}, then after the first {@code \n} at or
     *         after every further multiple of {@code partBytes}; last, {@code Long.MAX_VALUE}
     */
    static long[] cuts(Path path, long from, long partBytes) throws IOException {
        List<Long> starts = new ArrayList<>();
        starts.add(from);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            long at = from + partBytes;
            while (at < size) {
                long cut = -1;
                for (long p = at; cut < 0 && p < size; ) {
                    buf.clear();
                    int n = ch.read(buf, p);
                    if (n <= 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf.get(i) == '\n') {
                            cut = p + i + 1;
                            break;
                        }
                    }
                    p += n;
                }
                if (cut < 0 || cut >= size) {
                    break;
                }
                if (cut > starts.get(starts.size() - 1)) {
                    starts.add(cut);
                }
                at = Math.max(cut, at + partBytes);
            }
        }
        starts.add(Long.MAX_VALUE);
        long[] r = new long[starts.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = starts.get(i);
        }
        return r;
    }

    private void run(CsvConnector.Direct sink) throws IOException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int id = w;
            Thread t = new Thread(() -> work(id), "klarsyn-csv " + head.name + " " + (w + 1) + "/" + workers);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            feed(sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + head.name, e);
        } finally {
            stop = true;
            for (BlockingQueue<Item> q : handed) {
                q.clear();
            }
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The caller's side: the parts in order, checked, their lines shifted, to the sink. */
    private void feed(CsvConnector.Direct sink) throws IOException, InterruptedException {
        long expected = starts[0];
        long firstLine = head.tok.nextLine();
        int parts = starts.length - 1;
        for (int k = 0; k < parts; k++) {
            int w = k % workers;
            boolean valid = starts[k] == expected;
            Item item;
            while ((item = handed.get(w).take()).batch != null) {
                if (valid && !sink.cancelled()) {
                    item.batch.offsetLines(firstLine);
                    sink.batches.transactions(item.batch);
                }
                item.batch.clear();
                free.get(w).put(item.batch);
            }
            if (item.fatal) {
                rethrow(item.error);
            }
            if (sink.cancelled()) {
                return;
            }
            if (!valid) {
                // the cut was inside a quoted field: read this part again from where its first record starts
                item = readHere(sink, expected, starts[k + 1], firstLine);
            } else if (item.error instanceof CsvTokenizer.RecordTooLong) {
                CsvTokenizer.RecordTooLong e = (CsvTokenizer.RecordTooLong) item.error;
                throw CsvFile.tooLong(head.name, firstLine + e.line, e.bytes);
            } else if (item.error != null) {
                rethrow(item.error);
            }
            for (long i = 0; i < item.quantityBlanks; i++) {
                sink.blank(Columns.QUANTITY);
            }
            for (long i = 0; i < item.orderBlanks; i++) {
                sink.blank(Columns.ORDER_ID);
            }
            expected = item.end;
            firstLine += item.lines;
        }
    }

    /** Reads the part {@code [from, to)} in the caller's thread, straight to the sink. */
    private Item readHere(CsvConnector.Direct sink, long from, long to, long firstLine) throws IOException {
        try (CsvFile f = head.part(path, BUFFER_BYTES)) {
            Counting counting = new Counting(() -> sink.cancelled());
            CsvConnector.BatchLane lane = new CsvConnector.BatchLane() {
                @Override
                public TransactionBatch empty() {
                    return new TransactionBatch();
                }

                @Override
                public TransactionBatch hand(TransactionBatch full) {
                    full.offsetLines(firstLine);
                    sink.batches.transactions(full);
                    full.clear();
                    return full;
                }
            };
            f.seek(from, to);
            try {
                TransactionBatch last = CsvConnector.transactionRows(f, columns, counting, lane, lane.empty());
                if (last.size() > 0 && !sink.cancelled()) {
                    lane.hand(last);
                }
            } catch (CsvTokenizer.RecordTooLong e) {
                throw CsvFile.tooLong(head.name, firstLine + e.line, e.bytes);
            }
            return Item.end(f, counting, null);
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

    /** The sink a part is read into: it counts the blanks and says when to stop. */
    private static final class Counting implements CsvConnector.Out {
        private final java.util.function.BooleanSupplier stopped;
        long quantity;
        long order;

        Counting(java.util.function.BooleanSupplier stopped) {
            this.stopped = stopped;
        }

        @Override
        public void blank(String column) {
            if (column.equals(Columns.QUANTITY)) {
                quantity++;
            } else {
                order++;
            }
        }

        @Override
        public boolean cancelled() {
            return stopped.getAsBoolean();
        }
    }

    /** A worker: parts w, w + W, ... into batches, each part closed by an end item. */
    private void work(int w) {
        BlockingQueue<Item> out = handed.get(w);
        BlockingQueue<TransactionBatch> pool = free.get(w);
        try (CsvFile f = head.part(path, BUFFER_BYTES)) {
            CsvConnector.BatchLane lane = new CsvConnector.BatchLane() {
                @Override
                public TransactionBatch empty() {
                    return take(pool);
                }

                @Override
                public TransactionBatch hand(TransactionBatch full) {
                    put(out, new Item(full));
                    return take(pool);
                }
            };
            TransactionBatch batch = lane.empty();
            for (int k = w; k < starts.length - 1; k += workers) {
                Counting counting = new Counting(() -> stop);
                Throwable error = null;
                f.seek(starts[k], starts[k + 1]);
                try {
                    batch = CsvConnector.transactionRows(f, columns, counting, lane, batch);
                } catch (IOException e) {
                    // in a part cut inside a quoted field this may be no error at all: the caller decides
                    error = e;
                } catch (UncheckedIOException e) {
                    error = e.getCause();
                }
                if (batch.size() > 0) {
                    batch = lane.hand(batch);
                }
                put(out, Item.end(f, counting, error));
            }
        } catch (Stopped e) {
            // the caller is gone
        } catch (Throwable e) {
            // the worker cannot go on (the file would not open, or a bug): the read fails with it
            try {
                put(out, new Item(null, 0, 0, 0, 0, e, true));
            } catch (Stopped gone) {
                // the caller is gone
            }
        }
    }

    private TransactionBatch take(BlockingQueue<TransactionBatch> pool) {
        try {
            for (;;) {
                if (stop) {
                    throw new Stopped();
                }
                TransactionBatch b = pool.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    private void put(BlockingQueue<Item> out, Item item) {
        try {
            while (!out.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (stop) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }
}
