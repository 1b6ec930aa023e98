package io.klarsyn.engine.ingest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.klarsyn.api.model.CustomerRecord;

/**
 * A run of consecutive records of one customers input, in source order, held in columns of
 * primitives and bytes: the optional fast lane of {@link BatchSink#customers(CustomerBatch)}.
 *
 * <p>A connector that reads a million customers can fill a batch instead of creating a
 * {@link CustomerRecord} (with a {@code String} per field, a {@code LocalDate} or two and a map of
 * attributes) per row, and hand it over when it is {@link #full()} or the input ends. Each entry is
 * either a parsed customer (the same content as a {@code CustomerRecord}) or a record that could
 * not be parsed (the same content as a call of {@link io.klarsyn.api.connector.IngestSink#reject}); keeping both in one
 * batch keeps the records in source order, so the findings of the data-quality appendix come out
 * in the same order as with the row-by-row calls. Connectors that do not need the speed keep
 * calling {@link io.klarsyn.api.connector.IngestSink#customer}: both lanes give the same result.
 *
 * <p><b>Fields.</b> The attribute columns are fixed when the batch is created (the further columns
 * of the input, by their mapped header names, as the keys of {@link CustomerRecord#attributes()}).
 * The customer id and each attribute value are held as UTF-8 bytes (so that a CSV connector can
 * copy them out of its read buffer without decoding them); a value that was not set, or set
 * empty, is blank (absent from {@link CustomerRecord#attributes()}). Values are the raw trimmed
 * text, as in {@code CustomerRecord}. Days are epoch days ({@link LocalDate#toEpochDay()}), the
 * churn day {@link #NO_DAY} while the customer is active.
 *
 * <p><b>Blanks.</b> As with {@link io.klarsyn.api.connector.IngestSink#customer}, a connector that reports blanks calls
 * {@link io.klarsyn.api.connector.IngestSink#blank} itself; handing over a batch does not imply any such call.
 *
 * <p><b>Ownership and threading.</b> A batch is a plain mutable buffer and not thread-safe. The
 * connector owns it: it may {@link #clear()} and refill it as soon as
 * {@link BatchSink#customers(CustomerBatch)} returns. A sink reads it only during that call and
 * keeps no reference to it (nor to {@link #bytes()}).
 */
public final class CustomerBatch {

    /** A good size for most connectors: large enough to amortise the hand-over, small enough for the CPU cache. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** The churn day of a customer who has not churned ({@code Integer.MIN_VALUE}, as the ledger's {@code NO_DAY}). */
    public static final int NO_DAY = Integer.MIN_VALUE;

    private final int capacity;
    private final List<String> columns;
    private final int width;
    private int size;
    private final long[] lines;
    private final int[] acquired;
    private final int[] churned;
    private final int[] idOffsets;
    /** Length of the id's bytes, or -1 for a rejected record. */
    private final int[] idLengths;
    /** Value of record k, column j at {@code [k * width + j]}; length -1 when blank. */
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private byte[] bytes;
    private int used;
    private String[] rejectColumns;
    private String[] rejectReasons;
    private int rejects;

    /** A batch of {@link #DEFAULT_CAPACITY} records with the given attribute columns. */
    public CustomerBatch(List<String> attributeColumns) {
        this(attributeColumns, DEFAULT_CAPACITY);
    }

    /**
     * @param attributeColumns the names of the attribute columns, distinct, not {@code null}
     * @param capacity how many records the batch holds before it is {@link #full()}; at least 1
     */
    public CustomerBatch(List<String> attributeColumns, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.columns = List.copyOf(attributeColumns);
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("attribute columns repeat: " + columns);
        }
        this.capacity = capacity;
        this.width = columns.size();
        lines = new long[capacity];
        acquired = new int[capacity];
        churned = new int[capacity];
        idOffsets = new int[capacity];
        idLengths = new int[capacity];
        valueOffsets = new int[capacity * width];
        valueLengths = new int[capacity * width];
        bytes = new byte[capacity * (12 + 8 * width) + 16];
    }

    /** @return the attribute columns, in the order of their indexes */
    public List<String> attributeColumns() {
        return columns;
    }

    /** @return how many records the batch holds when full */
    public int capacity() {
        return capacity;
    }

    /** @return the number of records (customers and rejects) in the batch */
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
        size = 0;
        used = 0;
        rejects = 0;
    }

    private int copy(byte[] b, int offset, int length) {
        if (used + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length + 16));
        }
        System.arraycopy(b, offset, bytes, used, length);
        int at = used;
        used += length;
        return at;
    }

    /**
     * Appends a parsed customer, copying the id's bytes; its attributes are blank until set with
     * {@link #attribute(int, byte[], int, int)}.
     *
     * @param line the record's first line (1-based, header = 1)
     * @param customerIdUtf8 array holding the customer id as UTF-8 (valid UTF-8, not empty)
     * @param offset where the id starts in {@code customerIdUtf8}
     * @param length the id's length in bytes
     * @param acquiredDay the acquisition day, as {@link LocalDate#toEpochDay()}
     * @param churnedDay the churn day, or {@link #NO_DAY}
     * @throws IllegalStateException when the batch is full
     */
    public void add(long line, byte[] customerIdUtf8, int offset, int length, int acquiredDay, int churnedDay) {
        Objects.checkFromIndexSize(offset, length, customerIdUtf8.length);
        int k = next();
        lines[k] = line;
        idOffsets[k] = copy(customerIdUtf8, offset, length);
        idLengths[k] = length;
        acquired[k] = acquiredDay;
        churned[k] = churnedDay;
        Arrays.fill(valueLengths, k * width, k * width + width, -1);
        size = k + 1;
    }

    /**
     * Appends a parsed customer whose id is at hand as text.
     *
     * @see #add(long, byte[], int, int, int, int)
     */
    public void add(long line, String customerId, int acquiredDay, int churnedDay) {
        byte[] b = customerId.getBytes(StandardCharsets.UTF_8);
        add(line, b, 0, b.length, acquiredDay, churnedDay);
    }

    /**
     * Sets an attribute value of the customer added last, copying its bytes. An empty value
     * ({@code length == 0}) leaves it blank.
     *
     * @param column the attribute column's index in {@link #attributeColumns()}
     * @param utf8 array holding the value as UTF-8 (valid UTF-8)
     * @param offset where the value starts
     * @param length the value's length in bytes
     * @throws IllegalStateException when the last record is a reject or there is none
     */
    public void attribute(int column, byte[] utf8, int offset, int length) {
        Indexes.check(column, width);
        Objects.checkFromIndexSize(offset, length, utf8.length);
        int k = size - 1;
        if (k < 0 || idLengths[k] < 0) {
            throw new IllegalStateException("no customer to set attribute " + columns.get(column) + " of");
        }
        if (length == 0) {
            valueLengths[k * width + column] = -1;
            return;
        }
        valueOffsets[k * width + column] = copy(utf8, offset, length);
        valueLengths[k * width + column] = length;
    }

    /**
     * Sets an attribute value of the customer added last, given as text; {@code null} or empty
     * leaves it blank.
     *
     * @see #attribute(int, byte[], int, int)
     */
    public void attribute(int column, String value) {
        byte[] b = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        attribute(column, b, 0, b.length);
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
        idOffsets[k] = used;
        idLengths[k] = -1;
        Arrays.fill(valueLengths, k * width, k * width + width, -1);
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

    /** @return whether record {@code k} is a reject (then only {@link #line}, {@link #rejectColumn} and {@link #rejectReason} apply) */
    public boolean rejected(int k) {
        return idLengths[Indexes.check(k, size)] < 0;
    }

    /** @return the first line of record {@code k} */
    public long line(int k) {
        return lines[Indexes.check(k, size)];
    }

    /** @return the acquisition day of customer {@code k}, as {@link LocalDate#toEpochDay()} */
    public int acquiredDay(int k) {
        return acquired[Indexes.check(k, size)];
    }

    /** @return the churn day of customer {@code k}, or {@link #NO_DAY} */
    public int churnedDay(int k) {
        return churned[Indexes.check(k, size)];
    }

    /**
     * @return the array holding the ids' and values' UTF-8 bytes; customer {@code k}'s id is at
     *         {@link #customerIdOffset(int)} for {@link #customerIdLength(int)} bytes, its values at
     *         {@link #valueOffset(int, int)} for {@link #valueLength(int, int)} bytes. Read only,
     *         and only while the batch is handed over.
     */
    public byte[] bytes() {
        return bytes;
    }

    /** @return where customer {@code k}'s id starts in {@link #bytes()} */
    public int customerIdOffset(int k) {
        return idOffsets[Indexes.check(k, size)];
    }

    /** @return the length in bytes of customer {@code k}'s id, or -1 for a reject */
    public int customerIdLength(int k) {
        return idLengths[Indexes.check(k, size)];
    }

    /** @return customer {@code k}'s id as text (decoded anew on each call) */
    public String customerId(int k) {
        int n = customerIdLength(k);
        if (n < 0) {
            throw new IllegalStateException("record " + k + " is a reject");
        }
        return new String(bytes, idOffsets[k], n, StandardCharsets.UTF_8);
    }

    /** @return where the value of customer {@code k} in attribute column {@code column} starts in {@link #bytes()} */
    public int valueOffset(int k, int column) {
        return valueOffsets[Indexes.check(k, size) * width + Indexes.check(column, width)];
    }

    /** @return the length in bytes of the value of customer {@code k} in attribute column {@code column}, or -1 when blank */
    public int valueLength(int k, int column) {
        return valueLengths[Indexes.check(k, size) * width + Indexes.check(column, width)];
    }

    /** @return the value of customer {@code k} in attribute column {@code column} as text, or {@code null} when blank */
    public String value(int k, int column) {
        int n = valueLength(k, column);
        return n < 0 ? null : new String(bytes, valueOffsets[k * width + column], n, StandardCharsets.UTF_8);
    }

    /** @return the canonical column at fault of reject {@code k}, or {@code null} */
    public String rejectColumn(int k) {
        return rejected(k) ? rejectColumns[k] : null;
    }

    /** @return the reason of reject {@code k}, or {@code null} when {@code k} is a customer */
    public String rejectReason(int k) {
        return rejected(k) ? rejectReasons[k] : null;
    }

    /** @return customer {@code k} as a record, as the row-by-row lane would have passed it */
    public CustomerRecord record(int k) {
        String id = customerId(k);
        Map<String, String> attributes = new HashMap<>(width * 2);
        for (int j = 0; j < width; j++) {
            String v = value(k, j);
            if (v != null) {
                attributes.put(columns.get(j), v);
            }
        }
        int c = churned[k];
        return new CustomerRecord(id, LocalDate.ofEpochDay(acquired[k]), c == NO_DAY ? null : LocalDate.ofEpochDay(c),
                attributes);
    }
}
