package io.klarsyn.engine.ingest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

import io.klarsyn.api.model.TransactionRecord;

/**
 * A run of consecutive records of one transactions input, in source order, held in columns of
 * primitives: the optional fast lane of {@link BatchSink#transactions(TransactionBatch)}.
 *
 * <p>A connector that reads millions of transactions can fill a batch instead of creating a
 * {@link TransactionRecord} (and a {@code String}, a {@code LocalDate}) per row, and hand it over
 * when it is {@link #full()} or the input ends. Each entry is either a parsed transaction (the same
 * content as a {@code TransactionRecord}) or a record that could not be parsed (the same content as
 * a call of {@link io.klarsyn.api.connector.IngestSink#reject}); keeping both in one batch keeps the records in source
 * order, so the findings of the data-quality appendix come out in the same order as with the
 * row-by-row calls. Connectors that do not need the speed keep calling
 * {@link io.klarsyn.api.connector.IngestSink#transaction}: both lanes give the same result.
 *
 * <p><b>Fields.</b> The customer id is held as its UTF-8 bytes (so that a CSV connector can copy it
 * out of its read buffer without decoding it), the day as an epoch day
 * ({@link LocalDate#toEpochDay()}), amount and quantity as in {@link TransactionRecord}: major
 * units, {@code NaN} quantity when the source has none.
 *
 * <p><b>Ownership and threading.</b> A batch is a plain mutable buffer and not thread-safe. The
 * connector owns it: it may {@link #clear()} and refill it as soon as
 * {@link BatchSink#transactions(TransactionBatch)} returns. A sink reads it only during that call
 * and keeps no reference to it (nor to {@link #customerIdBytes()}).
 */
public final class TransactionBatch {

    /** A good size for most connectors: large enough to amortise the hand-over, small enough for the CPU cache. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final int capacity;
    private int size;
    private final long[] lines;
    private final int[] days;
    private final double[] amounts;
    private final double[] quantities;
    private final String[] orderIds;
    private final int[] idOffsets;
    /** Length of the id's bytes, or -1 for a rejected record. */
    private final int[] idLengths;
    private byte[] idBytes;
    private int idUsed;
    /** Per record: the {@link #recordHash(long)} given, or 0. */
    private final long[] recordHashes;
    /** Per record: the {@link #rowId(long)} given, or 0. */
    private long[] rowIds;
    private boolean hasRowIds;
    private String[] rejectColumns;
    private String[] rejectReasons;
    private int rejects;

    /** A batch of {@link #DEFAULT_CAPACITY} records. */
    public TransactionBatch() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity how many records the batch holds before it is {@link #full()}; at least 1 */
    public TransactionBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
        lines = new long[capacity];
        days = new int[capacity];
        amounts = new double[capacity];
        quantities = new double[capacity];
        orderIds = new String[capacity];
        idOffsets = new int[capacity];
        idLengths = new int[capacity];
        idBytes = new byte[capacity * 12 + 16];
        recordHashes = new long[capacity];
    }

    /** @return how many records the batch holds when full */
    public int capacity() {
        return capacity;
    }

    /** @return the number of records (transactions and rejects) in the batch */
    public int size() {
        return size;
    }

    /** @return whether no further record fits; hand the batch over, then {@link #clear()} it */
    public boolean full() {
        return size == capacity;
    }

    /** @return how many of the records are rejects */
    public int rejects() {
        return rejects;
    }

    /** Empties the batch for reuse. */
    public void clear() {
        if (rejects > 0) {
            Arrays.fill(rejectColumns, 0, size, null);
            Arrays.fill(rejectReasons, 0, size, null);
        }
        Arrays.fill(orderIds, 0, size, null);
        size = 0;
        idUsed = 0;
        rejects = 0;
        hasRowIds = false;
    }

    /**
     * Appends a parsed transaction, copying the id's bytes.
     *
     * @param line the record's first line (1-based, header = 1)
     * @param customerIdUtf8 array holding the customer id as UTF-8 (valid UTF-8; empty for an
     *        anonymous sale, see {@link #addAnonymous})
     * @param offset where the id starts in {@code customerIdUtf8}
     * @param length the id's length in bytes
     * @param epochDay the transaction's day, as {@link LocalDate#toEpochDay()}
     * @param amount amount in major units, as {@link TransactionRecord#amount()}
     * @param quantity number of items, or {@code NaN}
     * @param orderId the order key, or {@code null}
     * @throws IllegalStateException when the batch is full
     */
    public void add(long line, byte[] customerIdUtf8, int offset, int length, int epochDay, double amount,
            double quantity, String orderId) {
        Objects.checkFromIndexSize(offset, length, customerIdUtf8.length);
        int k = next();
        if (idUsed + length > idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, Math.max(idBytes.length * 2, idUsed + length + 16));
        }
        System.arraycopy(customerIdUtf8, offset, idBytes, idUsed, length);
        lines[k] = line;
        idOffsets[k] = idUsed;
        idLengths[k] = length;
        idUsed += length;
        days[k] = epochDay;
        amounts[k] = amount;
        quantities[k] = quantity;
        orderIds[k] = orderId;
        recordHashes[k] = 0;
        if (rowIds != null) {
            rowIds[k] = 0;
        }
        size = k + 1;
    }

    /**
     * Appends a sale without a customer id (a guest checkout): it counts in the revenue totals and
     * the monthly revenue, not in any customer's figures.
     *
     * @see #add(long, byte[], int, int, int, double, double, String)
     */
    public void addAnonymous(long line, int epochDay, double amount, double quantity, String orderId) {
        add(line, idBytes, 0, 0, epochDay, amount, quantity, orderId);
    }

    /** @return whether transaction {@code k} is a sale without a customer id ({@link #addAnonymous}) */
    public boolean anonymous(int k) {
        return idLengths[Indexes.check(k, size)] == 0;
    }

    /**
     * Gives the last record added a 64-bit hash of its whole source record, every column included
     * (mapped or not): two records repeat each other only when their source records are identical,
     * so two lines of one invoice with the same quantity and price but different products do not.
     * Without it the engine compares the transaction's own fields. Never 0 for a given hash.
     */
    public void recordHash(long hash) {
        recordHashes[size - 1] = hash;
    }

    /** @return the {@link #recordHash(long)} of record {@code k}, or 0 when none was given */
    public long recordHash(int k) {
        return recordHashes[Indexes.check(k, size)];
    }

    /**
     * Gives the last record added the 64-bit hash of its row identifier (a line id: unique per
     * row, unlike an order id, which an order's lines share). When a batch's records carry one, a
     * repeated identifier is rejected as a duplicate and identical rows are not compared.
     */
    public void rowId(long hash) {
        if (rowIds == null) {
            rowIds = new long[capacity];
        }
        rowIds[size - 1] = hash;
        hasRowIds = true;
    }

    /** @return whether some record of the batch has a {@link #rowId(long)} */
    public boolean hasRowIds() {
        return hasRowIds;
    }

    /** @return the {@link #rowId(long)} of record {@code k}, or 0 */
    public long rowId(int k) {
        return rowIds == null ? 0 : rowIds[Indexes.check(k, size)];
    }

    /**
     * Appends a parsed transaction whose id is at hand as text.
     *
     * @see #add(long, byte[], int, int, int, double, double, String)
     */
    public void add(long line, String customerId, int epochDay, double amount, double quantity, String orderId) {
        byte[] b = customerId.getBytes(StandardCharsets.UTF_8);
        add(line, b, 0, b.length, epochDay, amount, quantity, orderId);
    }

    /**
     * Appends a record that could not be parsed, as {@link io.klarsyn.api.connector.IngestSink#reject} would report it.
     *
     * @param line its first line
     * @param column the canonical column at fault, or {@code null} for the whole row
     * @param reason a short stable reason, e.g. {@code unparseable date '31.02.2024'}
     */
    public void reject(long line, String column, String reason) {
        int k = next();
        if (rejectColumns == null) {
            rejectColumns = new String[capacity];
            rejectReasons = new String[capacity];
        }
        lines[k] = line;
        idOffsets[k] = idUsed;
        idLengths[k] = -1;
        recordHashes[k] = 0;
        rejectColumns[k] = column;
        rejectReasons[k] = reason;
        rejects++;
        size = k + 1;
    }

    private int next() {
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " records)");
        }
        return size;
    }

    /**
     * Adds {@code delta} to the line of every record: for a connector that reads parts of a source
     * in parallel, numbering lines from each part's start until it knows where the part begins.
     *
     */
    public void offsetLines(long delta) {
        for (int k = 0; k < size; k++) {
            lines[k] += delta;
        }
    }

    /** @return whether record {@code k} is a reject (then only {@link #line}, {@link #rejectColumn} and {@link #rejectReason} apply) */
    public boolean rejected(int k) {
        return idLengths[Indexes.check(k, size)] < 0;
    }

    /** @return the first line of record {@code k} */
    public long line(int k) {
        return lines[Indexes.check(k, size)];
    }

    /** @return the day of transaction {@code k}, as {@link LocalDate#toEpochDay()} */
    public int epochDay(int k) {
        return days[Indexes.check(k, size)];
    }

    /** @return the amount of transaction {@code k} */
    public double amount(int k) {
        return amounts[Indexes.check(k, size)];
    }

    /** @return the quantity of transaction {@code k}, or {@code NaN} */
    public double quantity(int k) {
        return quantities[Indexes.check(k, size)];
    }

    /** @return the order key of transaction {@code k}, or {@code null} */
    public String orderId(int k) {
        return orderIds[Indexes.check(k, size)];
    }

    /**
     * @return the array holding the customer ids' UTF-8 bytes; transaction {@code k}'s id is at
     *         {@link #customerIdOffset(int)} for {@link #customerIdLength(int)} bytes. Read only,
     *         and only while the batch is handed over.
     */
    public byte[] customerIdBytes() {
        return idBytes;
    }

    /** @return where transaction {@code k}'s id starts in {@link #customerIdBytes()} */
    public int customerIdOffset(int k) {
        return idOffsets[Indexes.check(k, size)];
    }

    /** @return the length in bytes of transaction {@code k}'s id, or -1 for a reject */
    public int customerIdLength(int k) {
        return idLengths[Indexes.check(k, size)];
    }

    /** @return transaction {@code k}'s customer id as text (decoded anew on each call) */
    public String customerId(int k) {
        int n = customerIdLength(k);
        if (n < 0) {
            throw new IllegalStateException("record " + k + " is a reject");
        }
        return new String(idBytes, idOffsets[k], n, StandardCharsets.UTF_8);
    }

    /** @return the canonical column at fault of reject {@code k}, or {@code null} */
    public String rejectColumn(int k) {
        return rejected(k) ? rejectColumns[k] : null;
    }

    /** @return the reason of reject {@code k}, or {@code null} when {@code k} is a transaction */
    public String rejectReason(int k) {
        return rejected(k) ? rejectReasons[k] : null;
    }

    /** @return transaction {@code k} as a record, as the row-by-row lane would have passed it */
    public TransactionRecord record(int k) {
        return new TransactionRecord(customerId(k), LocalDate.ofEpochDay(days[k]), amounts[k], quantities[k],
                orderIds[k]);
    }
}
