package io.klarsyn.engine.ingest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.klarsyn.api.model.SurveyResponseRecord;

/**
 * A run of consecutive records of one responses input, in source order, held in columns of
 * primitives: the optional fast lane of {@link BatchSink#responses(ResponseBatch)}.
 *
 * <p>A connector that reads many survey responses can fill a batch instead of creating a
 * {@link SurveyResponseRecord} (with a {@code LocalDate}, a {@code String} id and a map of boxed
 * driver ratings) per row, and hand it over when it is {@link #full()} or the input ends. Each
 * entry is either a parsed response (the same content as a {@code SurveyResponseRecord}) or a
 * record that could not be parsed (the same content as a call of {@link io.klarsyn.api.connector.IngestSink#reject});
 * keeping both in one batch keeps the records in source order, so the findings of the
 * data-quality appendix come out in the same order as with the row-by-row calls. Connectors that
 * do not need the speed keep calling {@link io.klarsyn.api.connector.IngestSink#response}: both lanes give the same result.
 *
 * <p><b>Fields.</b> The driver columns are fixed when the batch is created (the driver names
 * without the {@code driver.} prefix, as the keys of {@link SurveyResponseRecord#drivers()}). The
 * day is an epoch day ({@link LocalDate#toEpochDay()}). The customer id is held as UTF-8 bytes (so
 * that a CSV connector can copy it out of its read buffer without decoding it); a response without
 * one (none given, empty, or only whitespace) is anonymous. Scores are as in {@code SurveyResponseRecord},
 * {@link SurveyResponseRecord#MISSING} when blank; a driver rating that was not set, or set
 * {@code NaN}, is blank (absent from {@link SurveyResponseRecord#drivers()}). Touchpoint and comment
 * are short and rare enough to be held as the {@code String}s given, {@code null} when blank.
 *
 * <p><b>Blanks.</b> As with {@link io.klarsyn.api.connector.IngestSink#response}, a connector that reports blanks calls
 * {@link io.klarsyn.api.connector.IngestSink#blank} itself; handing over a batch does not imply any such call.
 *
 * <p><b>Ownership and threading.</b> A batch is a plain mutable buffer and not thread-safe. The
 * connector owns it: it may {@link #clear()} and refill it as soon as
 * {@link BatchSink#responses(ResponseBatch)} returns. A sink reads it only during that call and
 * keeps no reference to it (nor to {@link #customerIdBytes()}).
 */
public final class ResponseBatch {

    /** A good size for most connectors: large enough to amortise the hand-over, small enough for the CPU cache. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** The id length of an anonymous response. */
    private static final int ANONYMOUS = -1;
    /** The id length of a rejected record. */
    private static final int REJECT = -2;

    private final int capacity;
    private final List<String> drivers;
    private final int width;
    private int size;
    private final long[] lines;
    private final int[] days;
    private final int[] idOffsets;
    /** Length of the id's bytes, {@link #ANONYMOUS} or {@link #REJECT}. */
    private final int[] idLengths;
    private final int[] nps;
    private final int[] csat;
    private final int[] ces;
    /** Rating of record k in driver column j at {@code [k * width + j]}; {@code NaN} when blank. */
    private final double[] ratings;
    private final String[] touchpoints;
    private final String[] comments;
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

    /** A batch of {@link #DEFAULT_CAPACITY} records with the given driver columns. */
    public ResponseBatch(List<String> driverNames) {
        this(driverNames, DEFAULT_CAPACITY);
    }

    /**
     * @param driverNames the names of the driver columns without the {@code driver.} prefix,
     *        distinct, not {@code null}
     * @param capacity how many records the batch holds before it is {@link #full()}; at least 1
     */
    public ResponseBatch(List<String> driverNames, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.drivers = List.copyOf(driverNames);
        if (new HashSet<>(drivers).size() != drivers.size()) {
            throw new IllegalArgumentException("driver names repeat: " + drivers);
        }
        this.capacity = capacity;
        this.width = drivers.size();
        lines = new long[capacity];
        days = new int[capacity];
        idOffsets = new int[capacity];
        idLengths = new int[capacity];
        nps = new int[capacity];
        csat = new int[capacity];
        ces = new int[capacity];
        ratings = new double[capacity * width];
        touchpoints = new String[capacity];
        comments = new String[capacity];
        idBytes = new byte[capacity * 12 + 16];
        recordHashes = new long[capacity];
    }

    /** @return the driver names, in the order of their column indexes */
    public List<String> driverNames() {
        return drivers;
    }

    /** @return how many records the batch holds when full */
    public int capacity() {
        return capacity;
    }

    /** @return the number of records (responses and rejects) in the batch */
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
        hasRowIds = false;
        Arrays.fill(touchpoints, 0, size, null);
        Arrays.fill(comments, 0, size, null);
        size = 0;
        idUsed = 0;
        rejects = 0;
    }

    /**
     * Appends a parsed response, copying the id's bytes; its driver ratings are blank until set
     * with {@link #driver(int, double)}.
     *
     * @param line the record's first line (1-based, header = 1)
     * @param customerIdUtf8 array holding the respondent's customer id as UTF-8 (valid UTF-8), or
     *        {@code null} for an anonymous response (as is an id of only whitespace)
     * @param offset where the id starts in {@code customerIdUtf8}
     * @param length the id's length in bytes; 0 for an anonymous response
     * @param epochDay the day of the response, as {@link LocalDate#toEpochDay()}
     * @param nps likelihood to recommend, or {@link SurveyResponseRecord#MISSING}
     * @param csat satisfaction, or {@link SurveyResponseRecord#MISSING}
     * @param ces customer effort, or {@link SurveyResponseRecord#MISSING}
     * @param touchpoint where the experience happened, or {@code null}
     * @param comment free text, or {@code null}
     * @throws IllegalStateException when the batch is full
     */
    public void add(long line, byte[] customerIdUtf8, int offset, int length, int epochDay, int nps, int csat,
            int ces, String touchpoint, String comment) {
        if (customerIdUtf8 != null) {
            Objects.checkFromIndexSize(offset, length, customerIdUtf8.length);
        }
        int k = next();
        lines[k] = line;
        idOffsets[k] = idUsed;
        idLengths[k] = ANONYMOUS;
        if (customerIdUtf8 != null && length > 0 && !blank(customerIdUtf8, offset, length)) {
            if (idUsed + length > idBytes.length) {
                idBytes = Arrays.copyOf(idBytes, Math.max(idBytes.length * 2, idUsed + length + 16));
            }
            System.arraycopy(customerIdUtf8, offset, idBytes, idUsed, length);
            idLengths[k] = length;
            idUsed += length;
        }
        days[k] = epochDay;
        this.nps[k] = nps;
        this.csat[k] = csat;
        this.ces[k] = ces;
        Arrays.fill(ratings, k * width, k * width + width, Double.NaN);
        touchpoints[k] = touchpoint;
        comments[k] = comment;
        recordHashes[k] = 0;
        if (rowIds != null) {
            rowIds[k] = 0;
        }
        size = k + 1;
    }

    /**
     * Gives the response added last a 64-bit hash of its whole source record, every column
     * included (mapped or not): two responses repeat each other only when their source records are
     * identical. Without it the engine compares the response's own fields. Never 0 for a given hash.
     */
    public void recordHash(long hash) {
        recordHashes[size - 1] = hash;
    }

    /** @return the {@link #recordHash(long)} of record {@code k}, or 0 when none was given */
    public long recordHash(int k) {
        return recordHashes[Indexes.check(k, size)];
    }

    /**
     * Gives the response added last the 64-bit hash of its response id. When a batch's records
     * carry one, a repeated id is rejected as a duplicate and identical rows are not compared.
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

    /** @return whether the UTF-8 text is {@link String#isBlank() blank}: the id of an anonymous response */
    private static boolean blank(byte[] utf8, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            int b = utf8[i];
            if (b < 0) {
                return new String(utf8, offset, length, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends a parsed response whose customer id is at hand as text ({@code null} or empty for an
     * anonymous response).
     *
     * @see #add(long, byte[], int, int, int, int, int, int, String, String)
     */
    public void add(long line, String customerId, int epochDay, int nps, int csat, int ces, String touchpoint,
            String comment) {
        byte[] b = customerId == null ? null : customerId.getBytes(StandardCharsets.UTF_8);
        add(line, b, 0, b == null ? 0 : b.length, epochDay, nps, csat, ces, touchpoint, comment);
    }

    /**
     * Sets a driver rating of the response added last. {@code NaN} leaves it blank.
     *
     * @param column the driver column's index in {@link #driverNames()}
     * @param rating the rating on the survey's own scale
     * @throws IllegalStateException when the last record is a reject or there is none
     */
    public void driver(int column, double rating) {
        Indexes.check(column, width);
        int k = size - 1;
        if (k < 0 || idLengths[k] == REJECT) {
            throw new IllegalStateException("no response to set driver " + drivers.get(column) + " of");
        }
        ratings[k * width + column] = rating;
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
        idLengths[k] = REJECT;
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

    /** @return whether record {@code k} is a reject (then only {@link #line}, {@link #rejectColumn} and {@link #rejectReason} apply) */
    public boolean rejected(int k) {
        return idLengths[Indexes.check(k, size)] == REJECT;
    }

    /** @return the first line of record {@code k} */
    public long line(int k) {
        return lines[Indexes.check(k, size)];
    }

    /** @return the day of response {@code k}, as {@link LocalDate#toEpochDay()} */
    public int epochDay(int k) {
        return days[Indexes.check(k, size)];
    }

    /**
     * @return the array holding the customer ids' UTF-8 bytes; response {@code k}'s id is at
     *         {@link #customerIdOffset(int)} for {@link #customerIdLength(int)} bytes. Read only,
     *         and only while the batch is handed over.
     */
    public byte[] customerIdBytes() {
        return idBytes;
    }

    /** @return where response {@code k}'s id starts in {@link #customerIdBytes()} */
    public int customerIdOffset(int k) {
        return idOffsets[Indexes.check(k, size)];
    }

    /** @return the length in bytes of response {@code k}'s id, or -1 when it is anonymous or a reject */
    public int customerIdLength(int k) {
        return Math.max(idLengths[Indexes.check(k, size)], ANONYMOUS);
    }

    /** @return response {@code k}'s customer id as text (decoded anew on each call), or {@code null} when anonymous */
    public String customerId(int k) {
        int n = idLengths[Indexes.check(k, size)];
        if (n == REJECT) {
            throw new IllegalStateException("record " + k + " is a reject");
        }
        return n == ANONYMOUS ? null : new String(idBytes, idOffsets[k], n, StandardCharsets.UTF_8);
    }

    /** @return the NPS score of response {@code k}, or {@link SurveyResponseRecord#MISSING} */
    public int nps(int k) {
        return nps[Indexes.check(k, size)];
    }

    /** @return the CSAT score of response {@code k}, or {@link SurveyResponseRecord#MISSING} */
    public int csat(int k) {
        return csat[Indexes.check(k, size)];
    }

    /** @return the CES score of response {@code k}, or {@link SurveyResponseRecord#MISSING} */
    public int ces(int k) {
        return ces[Indexes.check(k, size)];
    }

    /** @return the rating of response {@code k} in driver column {@code column}, or {@code NaN} when blank */
    public double rating(int k, int column) {
        return ratings[Indexes.check(k, size) * width + Indexes.check(column, width)];
    }

    /** @return the touchpoint of response {@code k}, or {@code null} */
    public String touchpoint(int k) {
        return touchpoints[Indexes.check(k, size)];
    }

    /** @return the comment of response {@code k}, or {@code null} */
    public String comment(int k) {
        return comments[Indexes.check(k, size)];
    }

    /** @return the canonical column at fault of reject {@code k}, or {@code null} */
    public String rejectColumn(int k) {
        return rejected(k) ? rejectColumns[k] : null;
    }

    /** @return the reason of reject {@code k}, or {@code null} when {@code k} is a response */
    public String rejectReason(int k) {
        return rejected(k) ? rejectReasons[k] : null;
    }

    /** @return response {@code k} as a record, as the row-by-row lane would have passed it */
    public SurveyResponseRecord record(int k) {
        String id = customerId(k);
        Map<String, Double> ratingsByDriver = new HashMap<>(width * 2);
        for (int j = 0; j < width; j++) {
            double v = ratings[k * width + j];
            if (!Double.isNaN(v)) {
                ratingsByDriver.put(drivers.get(j), v);
            }
        }
        return new SurveyResponseRecord(LocalDate.ofEpochDay(days[k]), id, nps[k], csat[k], ces[k], ratingsByDriver,
                touchpoints[k], comments[k]);
    }
}
