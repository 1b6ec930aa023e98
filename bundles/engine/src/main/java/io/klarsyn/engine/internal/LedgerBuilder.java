package io.klarsyn.engine.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * Folds customer and transaction rows into per-customer state in one streaming pass, applying the
 * as-of cut and the semantic checks (unknown customer, duplicates, refunds, dates outside the
 * relationship).
 *
 * <p><b>Memory layout.</b> A customer's running state (first/last purchase, occasions,
 * transactions, revenue, first-occasion revenue, acquisition and churn, the same-day hashes below)
 * is eight {@code long}s at the customer's row in fixed chunks of a dense array: one cache line or
 * two, never copied when more customers come, and a lookup's result stays valid while the index
 * grows. The ids themselves live in the index, as bytes ({@link IdList}). Rows are folded in
 * batches whose index slots and state are touched first so that the CPU overlaps those misses
 * (exports in date order hit a random customer on every row). {@link #build()} turns the state
 * into the columnar {@link ColumnarLedger} and hands it the index as it is.
 *
 * <p><b>Purchase occasions and duplicates without keeping the transactions.</b> Both need to know
 * whether a (customer, day) or an identical row was seen before. Exports are nearly always in date
 * order (or grouped by customer in date order); then every customer's rows arrive with
 * non-decreasing days and the customer's last day decides both questions exactly with
 * O(customers) memory: a later day is a new occasion and cannot duplicate anything; the same day
 * is the same occasion and can only duplicate that day's rows. The hashes of a customer's first
 * two rows on its last day are kept in its state, further distinct rows of one day go into a
 * small set. A row that arrives out of order (an earlier day than its customer's last) cannot be
 * checked that way: the ingestion then asks for the input once more ({@link #restartRequested()})
 * and folds it from the start with two open-addressing {@code long} hash sets of every (customer,
 * day) and row hash (≤ 13.4 bytes per key at load 0.6). Memory bound: O(customers) in order,
 * ≤ 27 bytes per in-period transaction out of order; all of it is released when ingestion ends,
 * and no transaction object is retained.
 */
final class LedgerBuilder {

    private static final int NO_DAY = CustomerLedger.NO_DAY;
    private static final long LOW = 0xffffffffL;
    // a customer's state: STATE words per row
    private static final int SNAPSHOTS = 2;
    private static final int STATE = 8 + 3 * SNAPSHOTS;
    private static final int W_LAST_FIRST = 0;  // last purchase day << 32 | first purchase day (days with an amount > 0)
    private static final int W_DAYS_TX = 1;     // purchase days << 32 | transactions
    private static final int W_REVENUE = 2;     // double bits
    private static final int W_FIRST_REV = 3;   // double bits: rows on the first purchase day; before it, on the last day (in order)
    private static final int W_HASH1 = 4;       // hash of the first row on the last day; before any, of the customer row
    private static final int W_HASH2 = 5;       // hash of the second row on the last day
    private static final int W_SAME_DAY = 6;    // last day of any row << 32 | rows kept on it (in order)
    private static final int W_ACQ_CHURN = 7;   // acquired << 32 | churned; without customers.csv: first row's day << 32
    // per snapshot k (the previous month's end, the same month's end a year before), from W_SNAP + 3k:
    private static final int W_SNAP = 8;        // last day on or before the snapshot << 32 | purchase days
    private static final int SNAP_REVENUE = 1;  // revenue on or before the snapshot (double bits)
    private static final int SNAP_TX = 2;       // transactions on or before the snapshot
    private static final long NO_SNAP = (long) NO_DAY << 32;
    private static final long NO_DAYS = ((long) NO_DAY << 32) | (NO_DAY & LOW);
    private static final int CHUNK_BITS = 15;
    /** Customer rows whose index slots are touched together before they are folded (see {@link #customers(CustomerBatch, FileQualityBuilder)}). */
    private static final int TOUCH_RUN = 512;
    private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;

    private final int asOfDay;
    private final IngestRules rules;
    /** Sales without a customer id kept in the period: how many, and their amount. */
    private long anonymousTransactions;
    private double anonymousRevenue;
    /** The hashes of the row identifiers (line ids) seen in the period, when the input has them. */
    private LongHashSet rowIds;
    private long[] blankCustomerId = new long[1];
    /** The snapshot days, ascending order not required: the previous month's last day, then a year before. */
    private final int[] snapDays;
    private boolean customersKnown;
    private boolean contractual;

    private IdIndex index = new IdIndex(1 << 12);
    /** State of row c at {@code chunks[c >>> CHUNK_BITS][(c & CHUNK_MASK) * STATE]}. */
    private long[][] chunks = new long[16][];
    private int size;

    private final Map<String, DictionaryAttribute.Builder> attributes = new LinkedHashMap<>();
    /**
     * Hashes of the customer rows seen that did not start a customer (rejected, or acquired after
     * the period): few. The row hash of an accepted customer is kept in its state
     * ({@link #W_HASH1}, free until its transactions come), so a repeated row is found from its id.
     */
    private final LongHashSet otherCustomerRows = new LongHashSet(16);
    private final Map<String, Integer> futureCustomers = new HashMap<>();

    private boolean unordered;
    private boolean restart;
    private long outOfOrderLine;
    private LongHashSet sameDayRows = new LongHashSet(1024);
    /** Out of order: the amounts of rows without a purchase on days before the customer's first purchase so far, by {@link #key}. */
    private Map<Long, Double> notBought;
    private LongHashSet occasionSet;
    private LongHashSet rowSet;
    private long[] blankQuantity = new long[1];
    private long[] blankOrderId = new long[1];

    private final MonthOfDay months = new MonthOfDay();
    private int monthBase = Integer.MIN_VALUE;
    private double[] monthRevenue = new double[0];
    private long[] monthTransactions = new long[0];
    private double[] anonymousMonthRevenue = new double[0];
    private long[] anonymousMonthTransactions = new long[0];

    private int[] rowBuffer = new int[0];
    private int[] headBuffer = new int[0];
    private long[] packBuffer = new long[0];
    private long[] hashBuffer = new long[0];
    /** Sink for the loads that only warm the cache, so the JIT keeps them. */
    long touched;

    LedgerBuilder(LocalDate asOf) {
        this(asOf, IngestRules.defaults(asOf));
    }

    LedgerBuilder(LocalDate asOf, IngestRules rules) {
        this.rules = rules;
        this.asOfDay = (int) asOf.toEpochDay();
        YearMonth month = YearMonth.from(asOf);
        this.snapDays = new int[] {(int) month.minusMonths(1).atEndOfMonth().toEpochDay(),
                (int) month.minusYears(1).atEndOfMonth().toEpochDay()};
    }

    void beginCustomers(List<String> columns) {
        customersKnown = true;
        contractual = columns.contains("churned_on");
        for (String c : columns) {
            if (!isCanonicalCustomerColumn(c)) {
                attributes.computeIfAbsent(c, DictionaryAttribute.Builder::new);
            }
        }
    }

    static boolean isCanonicalCustomerColumn(String c) {
        return c.equals("customer_id") || c.equals("acquired_on") || c.equals("churned_on");
    }

    /** Counters for the optional transaction columns, so a row does not look them up by name. */
    void beginTransactions(FileQualityBuilder dq) {
        blankQuantity = dq.blankCounter("quantity");
        blankOrderId = dq.blankCounter("order_id");
        blankCustomerId = dq.blankCounter("customer_id");
    }

    private static long customerHash(long idHash, int acquired, int churned, long attributes) {
        return LongHashSet.mix(idHash * 0x9E3779B97F4A7C15L ^ key(acquired, churned) * 0xC2B2AE3D27D4EB4FL
                ^ attributes);
    }

    /** One attribute's part of {@link #customerHash}: summed over the attributes, so their order does not count. */
    private static long attributeHash(long nameHash, long valueHash) {
        return (valueHash ^ nameHash * 0x165667B19E3779F9L) * 0xBF58476D1CE4E5B9L;
    }

    private long[] packs(int n) {
        if (packBuffer.length < n * 4) {
            packBuffer = new long[n * 4];
            rowBuffer = new int[n];
            headBuffer = new int[n];
            hashBuffer = new long[n];
        }
        return packBuffer;
    }

    /**
     * Folds a batch of customer rows, in its order: the one implementation of the customers'
     * checks (duplicate row, duplicate id, churn before acquisition, the as-of cut) for both lanes
     * of the sink (the record lane arrives here in batches too, see {@link RecordLane}). Ids and
     * values stay bytes. The row hash is computed from the bytes ({@link Hash64#ofAscii} equals
     * {@link Hash64#of} of the text),
     * ids are looked up packed as in {@link #transactions(TransactionBatch, FileQualityBuilder)},
     * and attribute values go to {@link DictionaryAttribute.Builder#setAscii}. A value or id that
     * is not plain ASCII takes the text path.
     */
    void customers(CustomerBatch batch, FileQualityBuilder dq) {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        List<String> names = batch.attributeColumns();
        int na = names.size();
        cbNames = names;
        cbNameHashes = new long[na];
        cbBlanks = new long[na][];
        cbBuilders = new DictionaryAttribute.Builder[na];
        cbGenerations = new int[na];
        cbNewColumns = false;
        for (int j = 0; j < na; j++) {
            String name = names.get(j);
            cbNameHashes[j] = name.hashCode();
            cbBlanks[j] = dq.blankCounter(name);
            cbBuilders[j] = attributes.get(name);
            cbNewColumns |= cbBuilders[j] == null;
        }
        // columns of the ledger that the batch does not hold are blank in every accepted row
        cbAbsent = null;
        for (String name : attributes.keySet()) {
            if (!names.contains(name)) {
                if (cbAbsent == null) {
                    cbAbsent = new java.util.ArrayList<>();
                }
                cbAbsent.add(name);
            }
        }
        cbBlankChurn = dq.blankCounter("churned_on");
        long[] packs = packs(n);
        if (valueHashes.length < n * na) {
            valueHashes = new long[n * na];
            valueAscii = new boolean[n * na];
            valueTexts = new String[n * na];
            valueCodes = new int[n * na];
        }
        if (attributeHashes.length < n) {
            attributeHashes = new long[n];
        }
        // column by column, then small methods per row rather than one large loop body: the JIT
        // compiles them within the first batch, where a large loop would wait for on-stack replacement
        byte[] bytes = batch.bytes();
        java.util.Arrays.fill(attributeHashes, 0, n, 0);
        for (int j = 0; j < na; j++) {
            hashColumn(batch, j, n, bytes);
        }
        for (int k = 0; k < n; k++) {
            hashCustomer(batch, k, bytes, packs);
        }
        // in runs of TOUCH_RUN rows: their index slots touched in a tight loop (many misses in
        // flight at once), then folded while those lines and their pages' translations are cached
        for (int from = 0; from < n; from += TOUCH_RUN) {
            int to = Math.min(n, from + TOUCH_RUN);
            long t = touched;
            for (int k = from; k < to; k++) {
                if (headBuffer[k] >= 0) {
                    t += index.touch(packs, k);
                }
            }
            touched = t;
            for (int k = from; k < to; k++) {
                rowBuffer[k] = foldCustomer(batch, k, dq, bytes, packs);
            }
            // then the run's attribute values, column by column (tight loops, small to compile)
            for (int j = 0; j < na; j++) {
                attributeColumn(batch, j, from, to, bytes);
            }
        }
        java.util.Arrays.fill(valueTexts, 0, n * na, null);
        cbBuilders = null;
        cbBlanks = null;
        cbAbsent = null;
        cbBlankChurn = null;
    }

    private List<String> cbNames;
    private long[] cbNameHashes;
    private long[][] cbBlanks;
    private DictionaryAttribute.Builder[] cbBuilders;
    /** Per column: the builder's {@link DictionaryAttribute.Builder#generation} when its codes were looked up. */
    private int[] cbGenerations;
    /** Per record: the sum of its attributes' {@link #attributeHash}es. */
    private long[] attributeHashes = new long[0];
    /** Per record and column: the known level's code, or -1. */
    private int[] valueCodes = new int[0];
    private List<String> cbAbsent;
    private long[] cbBlankChurn;
    /** Whether some attribute column of the batch has no builder yet (see {@link #newColumns}). */
    private boolean cbNewColumns;

    /**
     * Hashes attribute column {@code j} of the batch's {@code n} records into their row hashes
     * ({@link #attributeHash}), and finds each value's level among those the column already knows
     * (without adding any: a level is added in the order of the accepted rows, by the fold).
     */
    private void hashColumn(CustomerBatch batch, int j, int n, byte[] bytes) {
        DictionaryAttribute.Builder builder = cbBuilders[j];
        cbGenerations[j] = builder == null ? -1 : builder.generation();
        for (int k = 0; k < n; k++) {
            hashValue(batch, k, j, builder, bytes);
        }
    }

    /**
     * {@link #hashColumn}'s work on one value. A method of its own, as the other per-record steps:
     * the JIT compiles a method called a million times after its first few thousand calls, while
     * a loop body called a few times per batch would run in the quick tier's profiling code until
     * on-stack replacement catches up with it.
     */
    private void hashValue(CustomerBatch batch, int k, int j, DictionaryAttribute.Builder builder, byte[] bytes) {
        int vl = batch.valueLength(k, j);
        if (vl < 0) {
            return;
        }
        int x = k * cbNameHashes.length + j;
        int vo = batch.valueOffset(k, j);
        long v;
        int code;
        if (ascii(bytes, vo, vl)) {
            valueAscii[x] = true;
            v = Hash64.ofAscii(bytes, vo, vl);
            code = builder == null ? -1 : builder.codeOfAscii(bytes, vo, vl, v);
        } else {
            valueAscii[x] = false;
            String text = nonAscii(batch, k, j, bytes, vo, vl);
            valueTexts[x] = text;
            v = utf8Texts.lastHash;
            code = builder == null || text.isBlank() ? -1 : builder.codeOf(text);
        }
        valueHashes[x] = v;
        valueCodes[x] = code;
        attributeHashes[k] += attributeHash(cbNameHashes[j], v);
    }

    /**
     * The text of a value that is not plain ASCII (Trøndelag), decoded once per distinct value;
     * its {@link Hash64#of} is left in {@link Utf8Texts#lastHash}.
     */
    private String nonAscii(CustomerBatch batch, int k, int j, byte[] bytes, int vo, int vl) {
        Utf8Texts texts = utf8Texts;
        long key = Hash64.ofAscii(bytes, vo, vl);
        int e = texts.find(bytes, vo, vl, key);
        if (e >= 0) {
            texts.lastHash = texts.hashes[e];
            return texts.texts[e];
        }
        String text = batch.value(k, j);
        texts.lastHash = Hash64.of(text);
        texts.add(bytes, vo, vl, key, text, texts.lastHash);
        return text;
    }

    /**
     * Packs record {@code k}'s id and hashes the row (equal rows, equal hashes).
     */
    private void hashCustomer(CustomerBatch batch, int k, byte[] bytes, long[] packs) {
        int[] kind = headBuffer;
        int len = batch.customerIdLength(k);
        if (len < 0) {
            kind[k] = -2;
            return;
        }
        int off = batch.customerIdOffset(k);
        if (IdIndex.pack(bytes, off, len, packs, k)) {
            kind[k] = 0;
        } else {
            IdIndex.pack(batch.customerId(k), packs, k);
            kind[k] = 1;
        }
        hashBuffer[k] = customerHash(packs[k * 4 + 3], batch.acquiredDay(k), batch.churnedDay(k), attributeHashes[k]);
    }

    /** {@link #foldCustomer}'s result for a row that is not accepted: its values count nowhere. */
    private static final int NOT_ACCEPTED = -2;
    /** {@link #foldCustomer}'s result for a row accepted after the period: its blanks count, its values are not kept. */
    private static final int AFTER_PERIOD = -1;

    /**
     * Folds record {@code k} of the batch: the checks, findings and counts, in
     * its order, but for the attribute values, which {@link #attributeColumn} takes per column.
     *
     * @return the customer's row in the ledger, {@link #AFTER_PERIOD} or {@link #NOT_ACCEPTED}
     */
    private int foldCustomer(CustomerBatch batch, int k, FileQualityBuilder dq, byte[] bytes, long[] packs) {
        long line = batch.line(k);
        int kind = headBuffer[k];
        if (kind == -2) {
            dq.connectorReject(line, batch.rejectColumn(k), batch.rejectReason(k));
            return NOT_ACCEPTED;
        }
        customersKnown = true;
        int acquired = batch.acquiredDay(k);
        int churned = batch.churnedDay(k);
        if (churned != NO_DAY) {
            contractual = true;
        }
        long h = hashBuffer[k];
        int off = batch.customerIdOffset(k);
        int len = batch.customerIdLength(k);
        String text = kind == 1 ? batch.customerId(k) : null;
        // looked up only now, after the batch's earlier rows were added (their slots were touched before)
        int known = text == null ? index.rowOf(packs, k, bytes, off, len) : index.rowOf(text, packs, k);
        if (repeatedCustomerRow(h, known)) {
            rejectCustomer(batch, k, dq, "duplicate-row");
            return NOT_ACCEPTED;
        }
        if (known >= 0 || !futureCustomers.isEmpty() && futureCustomers.containsKey(batch.customerId(k))) {
            otherCustomerRows.add(h);
            rejectCustomer(batch, k, dq, "duplicate-id");
            return NOT_ACCEPTED;
        }
        if (churned != NO_DAY && churned < acquired) {
            otherCustomerRows.add(h);
            rejectCustomer(batch, k, dq, "churn-before-acquisition");
            return NOT_ACCEPTED;
        }
        dq.latest(Math.max(acquired, churned));
        if (churned == NO_DAY) {
            cbBlankChurn[0]++;
        }
        if (cbAbsent != null) {
            for (String name : cbAbsent) {
                dq.blank(name);
            }
        }
        if (acquired > asOfDay) {
            otherCustomerRows.add(h);
            futureCustomers.put(text != null ? text : batch.customerId(k), (int) Math.min(Integer.MAX_VALUE, line));
            dq.acceptAfterPeriod();
            return AFTER_PERIOD;
        }
        int c = text == null ? addAscii(bytes, off, len, packs, k) : add(text);
        startCustomer(c, h, acquired, churned);
        if (cbNewColumns) {
            newColumns(batch, k);
        }
        dq.accept();
        return c;
    }

    /**
     * Makes the builders of the columns that record {@code k}, an added customer, is the first to
     * have a value in: the ledger's order of attributes is that of their first values.
     */
    private void newColumns(CustomerBatch batch, int k) {
        boolean missing = false;
        for (int j = 0; j < cbBuilders.length; j++) {
            if (cbBuilders[j] == null) {
                if (batch.valueLength(k, j) >= 0) {
                    cbBuilders[j] = attributes.computeIfAbsent(cbNames.get(j), DictionaryAttribute.Builder::new);
                } else {
                    missing = true;
                }
            }
        }
        cbNewColumns = missing;
    }

    /**
     * Attribute column {@code j} of the records {@code from .. to} that {@link #foldCustomer} folded
     * (their results in {@link #rowBuffer}): blanks counted for every accepted record, values set
     * for the added ones, in the records' order, so a column's new levels come in the order of the
     * accepted rows.
     */
    private void attributeColumn(CustomerBatch batch, int j, int from, int to, byte[] bytes) {
        int[] rows = rowBuffer;
        long blanks = 0;
        for (int k = from; k < to; k++) {
            int c = rows[k];
            if (c != NOT_ACCEPTED) {
                blanks += attributeValue(batch, k, j, c, bytes);
            }
        }
        cbBlanks[j][0] += blanks;
    }

    /**
     * {@link #attributeColumn}'s work on the value of accepted record {@code k} (a method of its
     * own for the JIT, as {@link #hashValue}).
     *
     * @param c the customer's row, or {@link #AFTER_PERIOD}
     * @return 1 when the value is blank, else 0
     */
    private int attributeValue(CustomerBatch batch, int k, int j, int c, byte[] bytes) {
        int vl = batch.valueLength(k, j);
        if (vl < 0) {
            return 1;
        }
        int x = k * cbNameHashes.length + j;
        int vo = batch.valueOffset(k, j);
        boolean ascii = valueAscii[x];
        int blank = (ascii ? DictionaryAttribute.blankAscii(bytes, vo, vl) : valueTexts[x].isBlank()) ? 1 : 0;
        if (c < 0) {
            return blank;
        }
        DictionaryAttribute.Builder b = cbBuilders[j]; // made by foldCustomer for the column's first value
        int code = valueCodes[x];
        if (code >= 0 && b.generation() == cbGenerations[j]) {
            b.setCode(c, code);
        } else if (ascii) {
            b.setAscii(c, bytes, vo, vl, valueHashes[x]);
        } else {
            b.set(c, valueTexts[x]);
        }
        return blank;
    }

    /**
     * @param known the row of the customer id, or -1 when it is not a customer (yet)
     * @return whether a customer row hashed {@code h} was seen before: as the row of customer
     *         {@code known}, or as any other row
     */
    private boolean repeatedCustomerRow(long h, int known) {
        return known >= 0 && chunks[known >>> CHUNK_BITS][(known & CHUNK_MASK) * STATE + W_HASH1] == h
                || otherCustomerRows.size() > 0 && otherCustomerRows.contains(h);
    }

    /** Sets a new customer's row hash, acquisition and churn (cut at the period end). */
    private void startCustomer(int c, long rowHash, int acquired, int churned) {
        long[] t = chunks[c >>> CHUNK_BITS];
        int s = (c & CHUNK_MASK) * STATE;
        t[s + W_HASH1] = rowHash;
        t[s + W_ACQ_CHURN] = ((long) acquired << 32) | ((churned > asOfDay ? NO_DAY : churned) & LOW);
    }

    /** Rejects record {@code k} of a customer batch; the text of the finding is made only while findings are listed. */
    private static void rejectCustomer(CustomerBatch batch, int k, FileQualityBuilder dq, String reason) {
        long line = batch.line(k);
        switch (reason) {
            case "duplicate-row" -> dq.reject(line, null, reason, () -> "customer '" + batch.customerId(k)
                    + "' repeats an earlier row exactly");
            case "duplicate-id" -> dq.reject(line, "customer_id", reason, () -> "customer '" + batch.customerId(k)
                    + "' appeared before with different values; the first row is kept");
            default -> dq.reject(line, "churned_on", reason, () -> "customer '" + batch.customerId(k)
                    + "' churned on " + LocalDate.ofEpochDay(batch.churnedDay(k)) + ", before being acquired on "
                    + LocalDate.ofEpochDay(batch.acquiredDay(k)));
        }
    }

    private String[] valueTexts = new String[0];
    private final Utf8Texts utf8Texts = new Utf8Texts();

    /**
     * The texts of attribute values that are not plain ASCII, by their UTF-8 bytes, with their
     * {@link Hash64#of} hashes: such values (a region like Trøndelag) repeat, and decoding each
     * occurrence anew costs more than the rest of the row. Holds at most {@link #LIMIT} values;
     * beyond that, values are decoded each time.
     */
    static final class Utf8Texts {
        static final int LIMIT = 1 << 14;
        private int[] slots = new int[64];
        private long[] keys = new long[64];
        private byte[][] bytes = new byte[16][];
        String[] texts = new String[16];
        long[] hashes = new long[16];
        /** The {@link Hash64#of} of the text last found or added. */
        long lastHash;
        private int size;

        /** @return the entry of {@code b[off .. off+len)}, whose {@link Hash64#ofAscii} is {@code key}, or -1 */
        int find(byte[] b, int off, int len, long key) {
            int mask = slots.length - 1;
            for (int i = (int) key & mask, e; (e = slots[i]) != 0; i = (i + 1) & mask) {
                byte[] v = bytes[e - 1];
                if (keys[i] == key && Arrays.equals(v, 0, v.length, b, off, off + len)) {
                    return e - 1;
                }
            }
            return -1;
        }

        /** Adds a value that {@link #find} did not find, unless the table is full. */
        void add(byte[] b, int off, int len, long key, String text, long hash) {
            if (size == LIMIT) {
                return;
            }
            if (size == texts.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
                texts = Arrays.copyOf(texts, size * 2);
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            if ((size + 1) * 2 > slots.length) {
                int[] oldSlots = slots;
                long[] oldKeys = keys;
                slots = new int[oldSlots.length * 2];
                keys = new long[oldSlots.length * 2];
                for (int i = 0; i < oldSlots.length; i++) {
                    if (oldSlots[i] != 0) {
                        put(oldKeys[i], oldSlots[i]);
                    }
                }
            }
            bytes[size] = Arrays.copyOfRange(b, off, off + len);
            texts[size] = text;
            hashes[size] = hash;
            size++;
            put(key, size);
        }

        private void put(long key, int slot) {
            int mask = slots.length - 1;
            int i = (int) key & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = slot;
            keys[i] = key;
        }
    }

    private long[] valueHashes = new long[0];
    private boolean[] valueAscii = new boolean[0];

    /** @return whether {@code b[off .. off+len)} is all ASCII: its text then hashes and packs as its bytes */
    static boolean ascii(byte[] b, int off, int len) {
        for (int i = off, e = off + len; i < e; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the new customer's row */
    private int add(String id) {
        return started(index.add(id));
    }

    /** @return the new customer's row, its id given as ASCII bytes packed at {@code packs[4k ..]} */
    private int addAscii(byte[] id, int off, int len, long[] packs, int k) {
        return started(index.addAscii(id, off, len, packs, k));
    }

    private int started(int c) {
        int chunk = c >>> CHUNK_BITS;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunk * 2);
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new long[STATE << CHUNK_BITS];
        }
        size = c + 1;
        int o = (c & CHUNK_MASK) * STATE;
        chunks[chunk][o + W_LAST_FIRST] = NO_DAYS;
        chunks[chunk][o + W_ACQ_CHURN] = NO_DAYS;
        chunks[chunk][o + W_SAME_DAY] = NO_SNAP;
        for (int k = 0; k < SNAPSHOTS; k++) {
            chunks[chunk][o + W_SNAP + 3 * k] = NO_SNAP;
        }
        return c;
    }

    /**
     * Folds a batch of transaction rows, in its order: the one implementation of the transactions'
     * checks for both lanes of the sink (see {@link RecordLane}). The customer id is looked up from
     * its bytes and no record is created. Consecutive rows of one customer (exports grouped by
     * customer) share one lookup.
     */
    void transactions(TransactionBatch batch, FileQualityBuilder dq) {
        int n = batch.size();
        long[] packs = packs(n);
        int[] rowOf = rowBuffer;
        int[] head = headBuffer;
        byte[] idBytes = batch.customerIdBytes();
        // rowOf: -2 reject, -3 id to look up as text, -1 to look up; head: the first row of the run
        // of rows with this row's id (packed inline) that this row belongs to
        int prev = -1;
        for (int k = 0; k < n; k++) {
            int len = batch.customerIdLength(k);
            head[k] = k;
            if (len < 0) {
                rowOf[k] = -2;
                continue;
            }
            if (len == 0) {
                rowOf[k] = ANONYMOUS;
                prev = -1;
                continue;
            }
            if (!IdIndex.pack(idBytes, batch.customerIdOffset(k), len, packs, k)) {
                IdIndex.pack(batch.customerId(k), packs, k);
                rowOf[k] = -3;
                prev = -1;
            } else if (prev >= 0 && IdIndex.samePacked(packs, prev, k)) {
                head[k] = head[prev];
                prev = k;
            } else {
                rowOf[k] = -1;
                prev = k;
            }
        }
        // in runs of TOUCH_RUN rows: index slots, then customers' state, touched in tight loops
        // (many misses in flight at once), then folded while those lines and their pages' translations are cached
        for (int from = 0; from < n && !restart; from += TOUCH_RUN) {
            transactionRun(batch, dq, from, Math.min(n, from + TOUCH_RUN), packs, idBytes);
        }
    }

    private void transactionRun(TransactionBatch batch, FileQualityBuilder dq, int from, int to, long[] packs,
            byte[] idBytes) {
        int[] rowOf = rowBuffer;
        int[] head = headBuffer;
        long t = touched;
        for (int k = from; k < to; k++) {
            if (head[k] == k && rowOf[k] != -2 && rowOf[k] != ANONYMOUS) {
                t += index.touch(packs, k);
            }
        }
        touched = t;
        for (int k = from; k < to; k++) {
            int r = rowOf[k];
            if (head[k] != k) {
                rowOf[k] = rowOf[head[k]];
            } else if (r == -1) {
                rowOf[k] = index.rowOf(packs, k, idBytes, batch.customerIdOffset(k), batch.customerIdLength(k));
            } else if (r == -3) {
                rowOf[k] = index.rowOf(batch.customerId(k), packs, k);
            }
        }
        touchState(rowOf, from, to);
        if (unordered) {
            for (int k = from; k < to; k++) {
                if (rowOf[k] >= 0) {
                    touchSets(rowOf[k], batch.epochDay(k), batch.amount(k), batch.quantity(k), batch.orderId(k),
                            batch.recordHash(k));
                }
            }
        }
        for (int k = from; k < to && !restart; k++) {
            long line = batch.line(k);
            int c = rowOf[k];
            if (c == -2) {
                dq.connectorReject(line, batch.rejectColumn(k), batch.rejectReason(k));
                continue;
            }
            int day = batch.epochDay(k);
            double amount = batch.amount(k);
            double quantity = batch.quantity(k);
            String orderId = batch.orderId(k);
            if (!admit(line, day, amount, quantity, orderId, dq)) {
                continue;
            }
            long rowId = batch.hasRowIds() ? batch.rowId(k) : 0;
            if (rowId != 0 && repeatedRowId(line, rowId, dq)) {
                continue;
            }
            if (c == ANONYMOUS) {
                anonymousSale(line, day, amount, dq);
                continue;
            }
            if (c < 0) {
                if (customersKnown) {
                    unknown(line, batch.customerId(k), day, dq);
                    continue;
                }
                // the customer's first row, unless an earlier row of this batch added it
                int h = head[k];
                c = rowOf[h];
                if (c < 0) {
                    int off = batch.customerIdOffset(k);
                    int len = batch.customerIdLength(k);
                    if (IdIndex.pack(idBytes, off, len, packs, k)) {
                        c = index.rowOf(packs, k, idBytes, off, len);
                        if (c < 0) {
                            c = addAscii(idBytes, off, len, packs, k);
                        }
                    } else {
                        String id = batch.customerId(k);
                        c = index.get(id);
                        if (c < 0) {
                            c = add(id);
                        }
                    }
                    rowOf[h] = c;
                }
            }
            fold(line, c, day, amount, quantity, orderId, batch.recordHash(k), rowId == 0, dq);
        }
    }

    /** {@link #transactions}' mark of a sale without a customer id. */
    private static final int ANONYMOUS = -4;

    /**
     * @return whether the row's identifier (a line id, hashed) came before in the period: the row
     *         is then rejected as a duplicate
     */
    private boolean repeatedRowId(long line, long id, FileQualityBuilder dq) {
        if (rowIds == null) {
            rowIds = new LongHashSet(1 << 12);
        }
        if (rowIds.add(LongHashSet.mix(id))) {
            return false;
        }
        unadmit();
        dq.reject(line, "line_id", "duplicate-line-id", "line id repeats an earlier row's; the first row is kept");
        return true;
    }

    /**
     * A sale without a customer id (guest checkout): in the revenue totals and the monthly revenue,
     * in no customer's figures; counted, with one finding at the first.
     */
    private void anonymousSale(long line, int day, double amount, FileQualityBuilder dq) {
        blankCustomerId[0]++;
        if (anonymousTransactions++ == 0) {
            dq.warn(line, "customer_id", "anonymous-sale", () -> "sale without a customer id (a guest checkout): "
                    + "counted in revenue and monthly revenue, left out of per-customer figures; the further "
                    + "ones are only counted");
        } else {
            dq.count("anonymous-sale");
        }
        anonymousRevenue += amount;
        int m = months.of(day) - monthBase;
        if (m < 0 || m >= monthRevenue.length) {
            m = growMonths(m + monthBase);
        }
        anonymousMonthRevenue[m] += amount;
        anonymousMonthTransactions[m]++;
        if (amount < 0) {
            dq.warn(line, "amount", "refund", () -> "negative amount " + amount + " (refund), kept in revenue");
        }
        dq.accept();
    }

    private void addToMonth(int day, double amount) {
        int m = months.of(day) - monthBase;
        if (m < 0 || m >= monthRevenue.length) {
            m = growMonths(m + monthBase);
        }
        monthRevenue[m] += amount;
        monthTransactions[m]++;
    }

    private void touchState(int[] rowOf, int from, int to) {
        long[][] st = chunks;
        long t = touched;
        for (int k = from; k < to; k++) {
            int c = rowOf[k];
            if (c >= 0 && (k == from || c != rowOf[k - 1])) {
                // a customer's state spans two cache lines (or three): its first and last word
                long[] chunk = st[c >>> CHUNK_BITS];
                int w = (c & CHUNK_MASK) * STATE;
                t += chunk[w + W_LAST_FIRST] + chunk[w + STATE - 1];
            }
        }
        touched = t;
    }

    private void touchSets(int c, int day, double amount, double quantity, String orderId, long recordHash) {
        touched += rowSet.touch(rowHash(c, day, amount, quantity, orderId, recordHash)) + occasionSet.touch(key(c, day));
    }

    /**
     * The checks before the customer is looked up: a finite amount, the file's latest date, blanks
     * of the optional columns, the as-of cut.
     *
     * @return whether the row goes on to {@link #fold}
     */
    private boolean admit(long line, int day, double amount, double quantity, String orderId, FileQualityBuilder dq) {
        if (!Double.isFinite(amount)) {
            dq.reject(line, "amount", "unparseable-number", "amount " + amount + " is not a finite number");
            return false;
        }
        if (Math.abs(amount) > rules.maxAmount()) {
            dq.reject(line, "amount", "amount-out-of-range", () -> "amount " + amount + " is beyond "
                    + EngineSettings.DQ_MAX_AMOUNT + " = " + plain(rules.maxAmount()) + ": not a believable figure");
            return false;
        }
        dq.latest(day);
        admittedBlanks = (Double.isNaN(quantity) ? 1 : 0) | (orderId == null ? 2 : 0);
        blankQuantity[0] += admittedBlanks & 1;
        blankOrderId[0] += admittedBlanks >> 1;
        if (day > asOfDay) {
            if (day > rules.farAfterDay()) {
                farAfter(line, day, asOfDay, dq);
            }
            dq.acceptAfterPeriod();
            return false;
        }
        return true;
    }

    /** The finding of a date far beyond the period (and today): most likely a wrong date. */
    static void farAfter(long line, int day, int asOfDay, FileQualityBuilder dq) {
        dq.warn(line, "date", "date-far-after-period", () -> "dated " + LocalDate.ofEpochDay(day)
                + ", more than a year after the period end (" + LocalDate.ofEpochDay(asOfDay)
                + ") and today: a wrong date? Left out with the rows after the period");
    }

    /** @return an amount limit as plain digits (1000000000, not 1.0E9) */
    static String plain(double v) {
        return new java.math.BigDecimal(v).stripTrailingZeros().toPlainString();
    }

    /** A row whose customer is not in customers.csv: acquired after the period, or unknown. */
    private void unknown(long line, String id, int day, FileQualityBuilder dq) {
        if (futureCustomers.containsKey(id)) {
            dq.warn(line, "date", "before-acquisition", () -> "customer '" + id
                    + "' is acquired after the period end; transaction on " + LocalDate.ofEpochDay(day)
                    + " left out");
            dq.acceptAfterPeriod();
            return;
        }
        unadmit();
        dq.reject(line, "customer_id", "unknown-customer", () -> "customer '" + id + "' is not in customers.csv");
    }

    /**
     * The blanks of the last admitted row ({@link #admit}): bit 0 quantity, bit 1 order_id. They
     * are counted on admission and taken back by {@link #unadmit} when the row is then rejected,
     * so completeness describes the rows kept.
     */
    private int admittedBlanks;

    /** Takes back the blanks of the last admitted row, which is rejected after all. */
    private void unadmit() {
        blankQuantity[0] -= admittedBlanks & 1;
        blankOrderId[0] -= admittedBlanks >> 1;
    }

    /** Folds an admitted row into the state of customer row {@code c}. */
    private void fold(long line, int c, int day, double amount, double quantity, String orderId, long recordHash,
            boolean compareRows, FileQualityBuilder dq) {
        long[] t = chunks[c >>> CHUNK_BITS];
        int s = (c & CHUNK_MASK) * STATE;
        long lastFirst = t[s + W_LAST_FIRST];
        int last = (int) (lastFirst >> 32);
        int first = (int) lastFirst;
        long daysTx = t[s + W_DAYS_TX];
        long rowHash = rowHash(c, day, amount, quantity, orderId, recordHash);
        // a purchase occasion is a day with at least one row of a positive amount; returns and
        // zero rows count in revenue only
        boolean buy = amount > 0;
        boolean newOccasion = false;
        if (unordered) {
            if (!rowSet.add(rowHash) && compareRows && repeatedRow(line, c, day, dq)) {
                return;
            }
            if (buy) {
                newOccasion = occasionSet.add(key(c, day));
                if (newOccasion) {
                    daysTx += 1L << 32;
                    if (first == NO_DAY || day < first) {
                        first = day;
                        Double before = notBought == null ? null : notBought.get(key(c, day));
                        t[s + W_FIRST_REV] = Double.doubleToRawLongBits(before == null ? 0.0 : before);
                    }
                    if (last == NO_DAY || day > last) {
                        last = day;
                    }
                }
            } else if (first == NO_DAY || day < first) {
                // may turn out to be on the first purchase day once a purchase on it arrives
                if (notBought == null) {
                    notBought = new HashMap<>();
                }
                notBought.merge(key(c, day), amount, Double::sum);
            }
        } else {
            long sameDay = t[s + W_SAME_DAY];
            int seen = (int) (sameDay >> 32);
            if (day > seen) {
                t[s + W_HASH1] = rowHash;
                t[s + W_SAME_DAY] = ((long) day << 32) | 1;
                if (first == NO_DAY) {
                    t[s + W_FIRST_REV] = Double.doubleToRawLongBits(0.0);
                }
            } else if (day == seen) {
                long same = sameDay & LOW;
                if (rowHash == t[s + W_HASH1] || same >= 2 && (rowHash == t[s + W_HASH2]
                        || same >= 3 && !sameDayRows.add(rowHash))) {
                    if (compareRows && repeatedRow(line, c, day, dq)) {
                        return;
                    }
                } else {
                    if (same == 1) {
                        t[s + W_HASH2] = rowHash;
                    } else if (same == 2) {
                        sameDayRows.add(rowHash);
                    }
                    t[s + W_SAME_DAY] = sameDay + 1;
                }
            } else {
                restart = true;
                outOfOrderLine = line;
                return;
            }
            if (buy && last != day) {
                newOccasion = true;
                daysTx += 1L << 32;
                last = day;
                if (first == NO_DAY) {
                    first = day;
                }
            }
        }
        t[s + W_LAST_FIRST] = ((long) last << 32) | (first & LOW);
        if (day == first || first == NO_DAY && !unordered) {
            t[s + W_FIRST_REV] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[s + W_FIRST_REV]) + amount);
        }
        t[s + W_DAYS_TX] = daysTx + 1;
        t[s + W_REVENUE] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[s + W_REVENUE]) + amount);
        for (int k = 0; k < SNAPSHOTS; k++) {
            if (day <= snapDays[k]) {
                int w = s + W_SNAP + 3 * k;
                if (newOccasion) {
                    long lastDays = t[w];
                    int snapLast = (int) (lastDays >> 32);
                    t[w] = ((long) (snapLast == NO_DAY || day > snapLast ? day : snapLast) << 32)
                            | ((lastDays + 1) & LOW);
                }
                t[w + SNAP_REVENUE] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[w + SNAP_REVENUE]) + amount);
                t[w + SNAP_TX]++;
            }
        }
        addToMonth(day, amount);
        if (amount < 0) {
            dq.warn(line, "amount", "refund", () -> "negative amount " + amount + " (refund), kept in revenue");
        }
        if (!customersKnown) {
            // the first row's day: the start of a customer who has returns but no purchase
            int firstRow = (int) (t[s + W_ACQ_CHURN] >> 32);
            if (firstRow == NO_DAY || day < firstRow) {
                t[s + W_ACQ_CHURN] = ((long) day << 32) | (NO_DAY & LOW);
            }
        } else {
            long acqChurn = t[s + W_ACQ_CHURN];
            int acquired = (int) (acqChurn >> 32);
            int churned = (int) acqChurn;
            if (day < acquired) {
                dq.warn(line, "date", "before-acquisition", () -> "customer '" + index.key(c) + "' transaction on "
                        + LocalDate.ofEpochDay(day) + " is before acquisition on " + LocalDate.ofEpochDay(acquired));
            } else if (churned != NO_DAY && day >= churned) {
                dq.warn(line, "date", "after-churn", () -> "customer '" + index.key(c) + "' transaction on "
                        + LocalDate.ofEpochDay(day) + " is on or after churn on " + LocalDate.ofEpochDay(churned));
            }
        }
        dq.accept();
    }

    /**
     * A 64-bit hash of a transaction: of its whole source record when the connector gave one
     * ({@code recordHash} not 0), else of its content; the customer's row stands for its key.
     */
    static long rowHash(int customer, int day, double amount, double quantity, String orderId, long recordHash) {
        if (recordHash != 0) {
            return LongHashSet.mix(key(customer, day) * 0x9E3779B97F4A7C15L ^ recordHash);
        }
        return rowHash(customer, day, amount, quantity, orderId);
    }

    /** A 64-bit hash of a transaction's content; the customer's row stands for its key. */
    static long rowHash(int customer, int day, double amount, double quantity, String orderId) {
        // each part times its own odd constant (a bijection), one final mix: a third of the
        // multiplications of combining them one by one, on every transaction
        long h = key(customer, day) * 0x9E3779B97F4A7C15L
                ^ Double.doubleToLongBits(amount) * 0xC2B2AE3D27D4EB4FL
                ^ Double.doubleToLongBits(quantity) * 0x165667B19E3779F9L;
        return LongHashSet.mix(orderId == null ? h : h + Hash64.of(orderId));
    }

    /**
     * A row identical to an earlier one: rejected with {@code dq.duplicateRows = reject}, else kept
     * with a "possible duplicate" warning.
     *
     * @return whether it was rejected
     */
    private boolean repeatedRow(long line, int c, int day, FileQualityBuilder dq) {
        if (rules.rejectDuplicateRows()) {
            duplicate(line, c, day, dq);
            return true;
        }
        dq.warn(line, null, "possible-duplicate", () -> "transaction of customer '" + index.key(c) + "' on "
                + LocalDate.ofEpochDay(day) + " repeats an earlier row exactly, in every column: kept, a possible "
                + "duplicate");
        return false;
    }

    private void duplicate(long line, int c, int day, FileQualityBuilder dq) {
        unadmit();
        dq.reject(line, null, "duplicate-row", () -> "transaction of customer '" + index.key(c) + "' on "
                + LocalDate.ofEpochDay(day) + " repeats an earlier row exactly");
    }

    private static long key(int c, int day) {
        return ((long) c << 32) | (day & LOW);
    }

    /**
     * @return whether a transaction arrived with an earlier day than its customer's last one: the
     *         rows of this pass are then void and the input must be read again after
     *         {@link #restartUnordered()}. Rows passed in meanwhile are ignored.
     */
    boolean restartRequested() {
        return restart;
    }

    /** @return the line of the first row out of order, or 0 */
    long outOfOrderLine() {
        return outOfOrderLine;
    }

    /**
     * Forgets every transaction folded so far (and, without customers.csv, the customers they
     * brought) and folds from now on with hash sets, for a second read of the input.
     */
    void restartUnordered() {
        restart = false;
        unordered = true;
        if (!customersKnown) {
            index = new IdIndex(Math.max(1 << 12, size));
            chunks = new long[16][];
            size = 0;
        } else {
            for (int c = 0; c < size; c++) {
                long[] t = chunks[c >>> CHUNK_BITS];
                int s = (c & CHUNK_MASK) * STATE;
                long acqChurn = t[s + W_ACQ_CHURN];
                Arrays.fill(t, s, s + STATE, 0);
                t[s + W_LAST_FIRST] = NO_DAYS;
                t[s + W_SAME_DAY] = NO_SNAP;
                t[s + W_ACQ_CHURN] = acqChurn;
                for (int k = 0; k < SNAPSHOTS; k++) {
                    t[s + W_SNAP + 3 * k] = NO_SNAP;
                }
            }
        }
        monthBase = Integer.MIN_VALUE;
        monthRevenue = new double[0];
        monthTransactions = new long[0];
        anonymousMonthRevenue = new double[0];
        anonymousMonthTransactions = new long[0];
        anonymousTransactions = 0;
        anonymousRevenue = 0;
        rowIds = null;
        sameDayRows = null;
        notBought = null;
        occasionSet = new LongHashSet(1 << 16);
        rowSet = new LongHashSet(1 << 16); // the counters of blanks come with the read's begin, as the first time
    }

    private int growMonths(int month) {
        if (monthBase == Integer.MIN_VALUE) {
            monthBase = month - 24;
            monthRevenue = new double[48];
            monthTransactions = new long[48];
            anonymousMonthRevenue = new double[48];
            anonymousMonthTransactions = new long[48];
            return month - monthBase;
        }
        int lo = Math.min(monthBase, month - 12);
        int hi = Math.max(monthBase + monthRevenue.length, month + 13);
        double[] r = new double[hi - lo];
        long[] t = new long[hi - lo];
        System.arraycopy(monthRevenue, 0, r, monthBase - lo, monthRevenue.length);
        System.arraycopy(monthTransactions, 0, t, monthBase - lo, monthTransactions.length);
        double[] ar = new double[hi - lo];
        long[] at = new long[hi - lo];
        System.arraycopy(anonymousMonthRevenue, 0, ar, monthBase - lo, anonymousMonthRevenue.length);
        System.arraycopy(anonymousMonthTransactions, 0, at, monthBase - lo, anonymousMonthTransactions.length);
        monthRevenue = r;
        monthTransactions = t;
        anonymousMonthRevenue = ar;
        anonymousMonthTransactions = at;
        monthBase = lo;
        return month - monthBase;
    }

    /**
     * Folds a source's summary of one customer's month ({@link io.klarsyn.api.connector.AggregatingConnector}):
     * the same state, month figures, warnings and counts as its rows would give through
     * {@link #transactions(TransactionBatch, FileQualityBuilder)}. Every figure is a sum, minimum or maximum
     * over months (the snapshot days are month ends), so summaries fold in any order. Findings carry no line.
     */
    void summary(io.klarsyn.api.connector.PurchaseSummary p, FileQualityBuilder dq) {
        long n = p.rows();
        int m = months.of((int) p.month().atDay(1).toEpochDay()) - monthBase;
        String id = p.customerId();
        if (id.isEmpty()) {
            blankCustomerId[0] += n;
            dq.warnCounted("customer_id", "anonymous-sale", n, () -> "sales without a customer id (guest checkouts): "
                    + "counted in revenue and monthly revenue, left out of per-customer figures");
            anonymousTransactions += n;
            anonymousRevenue += p.revenue();
            if (m < 0 || m >= monthRevenue.length) {
                m = growMonths(m + monthBase);
            }
            anonymousMonthRevenue[m] += p.revenue();
            anonymousMonthTransactions[m] += n;
            summaryWarnings(p, dq, false);
            dq.accept(n);
            return;
        }
        long all = n + (rules.rejectDuplicateRows() ? p.repeats() : 0);
        int c = index.get(id);
        if (c < 0) {
            if (customersKnown) {
                if (futureCustomers.containsKey(id)) {
                    dq.warnCounted("date", "before-acquisition", all, () -> "customer '" + id
                            + "' is acquired after the period end; its transactions are left out");
                    blankQuantity[0] += p.blankQuantity();
                    blankOrderId[0] += p.blankOrderId();
                    dq.acceptAfterPeriod(all);
                    return;
                }
                dq.rejectCounted("customer_id", "unknown-customer", all, "customer '" + id + "' is not in customers.csv");
                return;
            }
            c = add(id);
        }
        long[] t = chunks[c >>> CHUNK_BITS];
        int s = (c & CHUNK_MASK) * STATE;
        int fp = p.firstPurchase() == null ? NO_DAY : (int) p.firstPurchase().toEpochDay();
        int lp = p.lastPurchase() == null ? NO_DAY : (int) p.lastPurchase().toEpochDay();
        long lastFirst = t[s + W_LAST_FIRST];
        int last = (int) (lastFirst >> 32);
        int first = (int) lastFirst;
        if (fp != NO_DAY) {
            if (first == NO_DAY || fp < first) {
                first = fp;
                t[s + W_FIRST_REV] = Double.doubleToRawLongBits(p.firstOccasionRevenue());
            }
            if (last == NO_DAY || lp > last) {
                last = lp;
            }
        }
        t[s + W_LAST_FIRST] = ((long) last << 32) | (first & LOW);
        t[s + W_DAYS_TX] += ((long) p.purchaseDays() << 32) + n;
        t[s + W_REVENUE] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[s + W_REVENUE]) + p.revenue());
        int monthEnd = (int) p.month().atEndOfMonth().toEpochDay();
        for (int k = 0; k < SNAPSHOTS; k++) {
            if (monthEnd <= snapDays[k]) {
                int w = s + W_SNAP + 3 * k;
                long lastDays = t[w];
                int snapLast = (int) (lastDays >> 32);
                if (lp != NO_DAY && (snapLast == NO_DAY || lp > snapLast)) {
                    snapLast = lp;
                }
                t[w] = ((long) snapLast << 32) | ((lastDays + p.purchaseDays()) & LOW);
                t[w + SNAP_REVENUE] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[w + SNAP_REVENUE]) + p.revenue());
                t[w + SNAP_TX] += n;
            }
        }
        if (m < 0 || m >= monthRevenue.length) {
            m = growMonths(m + monthBase);
        }
        monthRevenue[m] += p.revenue();
        monthTransactions[m] += n;
        if (!customersKnown) {
            int firstRow = (int) (t[s + W_ACQ_CHURN] >> 32);
            int day = (int) p.firstDay().toEpochDay();
            if (firstRow == NO_DAY || day < firstRow) {
                t[s + W_ACQ_CHURN] = ((long) day << 32) | (NO_DAY & LOW);
            }
        }
        if (p.repeats() > 0) {
            if (rules.rejectDuplicateRows()) {
                dq.rejectCounted(null, "duplicate-row", p.repeats(), "transactions of customer '" + id
                        + "' repeat an earlier row exactly");
            } else {
                dq.warnCounted(null, "possible-duplicate", p.repeats(), () -> "transactions of customer '" + id
                        + "' repeat an earlier row exactly, in every column: kept, possible duplicates");
            }
        }
        summaryWarnings(p, dq, customersKnown);
        dq.accept(n);
    }

    private void summaryWarnings(io.klarsyn.api.connector.PurchaseSummary p, FileQualityBuilder dq, boolean dates) {
        blankQuantity[0] += p.blankQuantity();
        blankOrderId[0] += p.blankOrderId();
        dq.warnCounted("amount", "refund", p.refunds(), () -> "negative amounts (refunds), kept in revenue");
        if (dates) {
            dq.warnCounted("date", "before-acquisition", p.beforeAcquisition(), () -> "customer '" + p.customerId()
                    + "' has transactions before the acquisition");
            dq.warnCounted("date", "after-churn", p.afterChurn(), () -> "customer '" + p.customerId()
                    + "' has transactions on or after the churn");
        }
    }

    /** The blanks of rows a source counted after the period (they count in completeness, as read rows do). */
    void blanksAfterPeriod(long quantity, long orderId) {
        blankQuantity[0] += quantity;
        blankOrderId[0] += orderId;
    }

    /** @return the row of a customer in the ledger being built, or -1 */
    int indexOf(String id) {
        return id == null ? -1 : index.get(id);
    }

    /** @return the row of the customer whose id is the UTF-8 text {@code b[off .. off+len)}, or -1 */
    int indexOf(byte[] b, int off, int len) {
        long[] p = packs(1);
        return IdIndex.pack(b, off, len, p, 0) ? index.rowOf(p, 0, b, off, len)
                : index.get(new String(b, off, len, StandardCharsets.UTF_8));
    }

    boolean unordered() {
        return unordered;
    }

    /** Releases the ingestion-only structures and freezes the columns. */
    ColumnarLedger build() {
        sameDayRows = null;
        notBought = null;
        occasionSet = null;
        rowSet = null;
        int n = size;
        int[] acquired = new int[n];
        int[] churned = new int[n];
        int[] purchaseDays = new int[n];
        int[] transactions = new int[n];
        int[] firstPurchase = new int[n];
        int[] lastPurchase = new int[n];
        double[] revenue = new double[n];
        double[] firstOccasionRevenue = new double[n];
        ColumnarLedger.Snapshot[] snaps = new ColumnarLedger.Snapshot[SNAPSHOTS];
        for (int k = 0; k < SNAPSHOTS; k++) {
            snaps[k] = new ColumnarLedger.Snapshot(snapDays[k], n);
        }
        int minDay = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long[] t = chunks[i >>> CHUNK_BITS];
            int s = (i & CHUNK_MASK) * STATE;
            firstPurchase[i] = (int) t[s + W_LAST_FIRST];
            lastPurchase[i] = (int) (t[s + W_LAST_FIRST] >> 32);
            purchaseDays[i] = (int) (t[s + W_DAYS_TX] >>> 32);
            transactions[i] = (int) t[s + W_DAYS_TX];
            revenue[i] = Double.longBitsToDouble(t[s + W_REVENUE]);
            firstOccasionRevenue[i] = firstPurchase[i] == NO_DAY ? 0 : Double.longBitsToDouble(t[s + W_FIRST_REV]);
            // without customers.csv a customer is acquired by the first purchase (issue 17 item 8): one with only
            // returns or zero rows never bought, so it is neither acquired, active nor (90 days on) lost; its rows
            // still count in revenue. Its first row's day still marks the ledger's first month, as before.
            int firstRow = (int) (t[s + W_ACQ_CHURN] >> 32);
            acquired[i] = customersKnown ? firstRow : firstPurchase[i];
            churned[i] = (int) t[s + W_ACQ_CHURN];
            for (int k = 0; k < SNAPSHOTS; k++) {
                int w = s + W_SNAP + 3 * k;
                snaps[k].set(i, (int) (t[w] >> 32), (int) t[w], (int) t[w + SNAP_TX],
                        Double.longBitsToDouble(t[w + SNAP_REVENUE]));
            }
            int start = customersKnown || firstPurchase[i] == NO_DAY ? firstRow : firstPurchase[i];
            if (start != NO_DAY) {
                minDay = Math.min(minDay, start);
            }
            if (firstPurchase[i] != NO_DAY) {
                minDay = Math.min(minDay, firstPurchase[i]);
            }
        }
        chunks = new long[0][];
        YearMonth first = minDay == Integer.MAX_VALUE ? null : YearMonth.from(LocalDate.ofEpochDay(minDay));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, DictionaryAttribute.Builder> e : attributes.entrySet()) {
            attrs.put(e.getKey(), e.getValue().build(n));
        }
        ColumnarLedger ledger = new ColumnarLedger(n, index, contractual, acquired, churned,
                purchaseDays, transactions, firstPurchase, lastPurchase, revenue, firstOccasionRevenue,
                attrs, monthBase == Integer.MIN_VALUE ? 0 : monthBase, monthRevenue, monthTransactions, first,
                snaps);
        ledger.anonymousTransactions = anonymousTransactions;
        ledger.anonymousRevenue = anonymousRevenue;
        ledger.rules = rules;
        ledger.anonymousMonthRevenue = anonymousMonthRevenue;
        ledger.anonymousMonthTransactions = anonymousMonthTransactions;
        return ledger;
    }
}
