package io.klarsyn.engine.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.TransactionRecord;

/**
 * Folds customer and transaction rows into per-customer state in one streaming pass, applying the
 * as-of cut and the semantic checks (unknown customer, duplicates, refunds, dates outside the
 * relationship).
 *
 * <p><b>Memory layout.</b> A customer's running state (first/last purchase, occasions,
 * transactions, revenue, first-occasion revenue, acquisition and churn) lives in the customer
 * index's slot, right after the key: with a million customers every row is a random memory
 * access, and this makes it one instead of four. Rows are folded in batches whose slots are
 * touched first so that the CPU overlaps those misses. {@link #build()} turns the slots into the
 * columnar {@link ColumnarLedger}.
 *
 * <p><b>Purchase occasions and duplicates without keeping the transactions.</b> Both need to know
 * whether a (customer, day) or an identical row was seen before. Exports are nearly always in date
 * order (or grouped by customer in date order); then every customer's rows arrive with
 * non-decreasing days and the customer's last day and the hash of its first row on that day decide
 * both questions exactly with O(customers) memory: a later day is a new occasion and cannot
 * duplicate anything; the same day is the same occasion and can only duplicate that day's rows
 * (further distinct rows on one day go into a small set). So that a row arriving out of order can
 * still be checked exactly, every accepted (customer, day) key and row hash is also appended to a
 * primitive {@code long} buffer: sequential writes, no hashing. Only at the first out-of-order row
 * are the buffers turned into two open-addressing {@code long} hash sets (≤ 13.4 bytes per key at
 * load 0.6), used from then on. Memory bound: O(customers) state plus ≤ 16 bytes per in-period
 * transaction in ordered mode, ≤ 27 bytes per transaction after a switch; all of it is released
 * when ingestion ends, and no transaction object is retained.
 */
final class LedgerBuilder {

    private static final int NO_DAY = CustomerLedger.NO_DAY;
    private static final long LOW = 0xffffffffL;
    // payload words of a customer's slot in the index, relative to the slot's offset
    private static final int W_LAST_FIRST = IdIndex.PAYLOAD;     // last day << 32 | first day
    private static final int W_DAYS_TX = IdIndex.PAYLOAD + 1;    // purchase days << 32 | transactions
    private static final int W_REVENUE = IdIndex.PAYLOAD + 2;    // double bits
    private static final int W_FIRST_REV = IdIndex.PAYLOAD + 3;  // double bits
    private static final int W_LAST_HASH = IdIndex.PAYLOAD + 4;  // hash of the first row on the last day
    private static final int W_ACQ_CHURN = IdIndex.PAYLOAD + 5;  // acquired << 32 | churned
    private static final long NO_DAYS = ((long) NO_DAY << 32) | (NO_DAY & LOW);

    private final int asOfDay;
    private boolean customersKnown;
    private boolean contractual;

    private final IdIndex index = new IdIndex(1 << 12, 6);
    private String[] ids = new String[1024];
    private int size;

    private final Map<String, DictionaryAttribute.Builder> attributes = new LinkedHashMap<>();
    private final LongHashSet customerRows = new LongHashSet(1024);
    private final Map<String, Integer> futureCustomers = new HashMap<>();

    private boolean unordered;
    private LongBuffer occasionLog = new LongBuffer();
    private LongBuffer rowLog = new LongBuffer();
    private LongHashSet sameDayRows = new LongHashSet(1024);
    private LongHashSet occasionSet;
    private LongHashSet rowSet;
    private long[] blankQuantity = new long[1];
    private long[] blankOrderId = new long[1];

    private int monthBase = Integer.MIN_VALUE;
    private double[] monthRevenue = new double[0];
    private long[] monthTransactions = new long[0];

    private int[] slotBuffer = new int[0];
    private long[] packBuffer = new long[0];
    /** Sink for the loads of {@link #transactions}, so the JIT keeps them. */
    long touched;

    LedgerBuilder(LocalDate asOf) {
        this.asOfDay = (int) asOf.toEpochDay();
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
    }

    private static long customerHash(CustomerRecord r) {
        int churned = r.churnedOn() == null ? NO_DAY : (int) r.churnedOn().toEpochDay();
        long h = Hash64.combine(Hash64.combine(Hash64.of(r.customerId()), r.acquiredOn().toEpochDay()), churned);
        long attrs = 0;
        for (Map.Entry<String, String> e : r.attributes().entrySet()) {
            attrs += Hash64.combine(Hash64.of(e.getKey()), Hash64.of(e.getValue()));
        }
        return Hash64.combine(h, attrs);
    }

    /** Folds a batch of customer rows, in order, touching their hash-set and index slots first (see {@link #transactions}). */
    void customers(long[] lines, CustomerRecord[] rows, int n, FileQualityBuilder dq) {
        if (packBuffer.length < n * 4) {
            packBuffer = new long[n * 4];
            slotBuffer = new int[n];
        }
        if (hashBuffer.length < n) {
            hashBuffer = new long[n];
        }
        long[] packs = packBuffer;
        long[] hashes = hashBuffer;
        for (int k = 0; k < n; k++) {
            IdIndex.pack(rows[k].customerId(), packs, k);
            hashes[k] = customerHash(rows[k]);
        }
        long t = index.touch(packs, n);
        for (int k = 0; k < n; k++) {
            t += customerRows.touch(hashes[k]);
        }
        touched = t;
        for (int k = 0; k < n; k++) {
            customer(lines[k], rows[k], dq, hashes[k]);
        }
    }

    private long[] hashBuffer = new long[0];

    void customer(long line, CustomerRecord r, FileQualityBuilder dq) {
        customer(line, r, dq, customerHash(r));
    }

    private void customer(long line, CustomerRecord r, FileQualityBuilder dq, long h) {
        customersKnown = true;
        String id = r.customerId();
        int acquired = (int) r.acquiredOn().toEpochDay();
        int churned = r.churnedOn() == null ? NO_DAY : (int) r.churnedOn().toEpochDay();
        if (churned != NO_DAY) {
            contractual = true;
        }
        if (!customerRows.add(h)) {
            dq.reject(line, null, "duplicate-row", "customer '" + id + "' repeats an earlier row exactly");
            return;
        }
        if (index.slotOf(id) >= 0 || futureCustomers.containsKey(id)) {
            dq.reject(line, "customer_id", "duplicate-id", "customer '" + id
                    + "' appeared before with different values; the first row is kept");
            return;
        }
        if (churned != NO_DAY && churned < acquired) {
            dq.reject(line, "churned_on", "churn-before-acquisition", "customer '" + id + "' churned on "
                    + r.churnedOn() + ", before being acquired on " + r.acquiredOn());
            return;
        }
        dq.latest(Math.max(acquired, churned));
        blanks(r, dq);
        if (acquired > asOfDay) {
            futureCustomers.put(id, (int) Math.min(Integer.MAX_VALUE, line));
            dq.acceptAfterPeriod();
            return;
        }
        int s = add(id);
        int c = size - 1;
        index.table()[s + W_ACQ_CHURN] = ((long) acquired << 32) | ((churned > asOfDay ? NO_DAY : churned) & LOW);
        for (Map.Entry<String, String> e : r.attributes().entrySet()) {
            attributes.computeIfAbsent(e.getKey(), DictionaryAttribute.Builder::new).set(c, e.getValue());
        }
        dq.accept();
    }

    private void blanks(CustomerRecord r, FileQualityBuilder dq) {
        if (r.churnedOn() == null) {
            dq.blank("churned_on");
        }
        for (String name : attributes.keySet()) {
            String v = r.attributes().get(name);
            if (v == null || v.isBlank()) {
                dq.blank(name);
            }
        }
    }

    /** @return the new customer's slot offset */
    private int add(String id) {
        int c = size;
        if (c == ids.length) {
            ids = Arrays.copyOf(ids, c + (c >> 1));
        }
        ids[c] = id;
        size++;
        int s = index.put(id, c);
        long[] t = index.table();
        t[s + W_LAST_FIRST] = NO_DAYS;
        t[s + W_ACQ_CHURN] = NO_DAYS;
        return s;
    }

    /**
     * Folds a batch of rows, in order. Touching all of the batch's index slots first lets the CPU
     * overlap their cache misses instead of waiting for each in turn.
     */
    void transactions(long[] lines, TransactionRecord[] rows, int n, FileQualityBuilder dq) {
        if (packBuffer.length < n * 4) {
            packBuffer = new long[n * 4];
            slotBuffer = new int[n];
        }
        long[] packs = packBuffer;
        for (int k = 0; k < n; k++) {
            IdIndex.pack(rows[k].customerId(), packs, k);
        }
        long t = index.touch(packs, n);
        touched = t;
        int[] slots = slotBuffer;
        for (int k = 0; k < n; k++) {
            slots[k] = index.slotOf(rows[k].customerId(), packs, k);
        }
        if (unordered) {
            long[] tb = index.table();
            for (int k = 0; k < n; k++) {
                if (slots[k] >= 0) {
                    TransactionRecord r = rows[k];
                    int c = index.row(slots[k]);
                    int day = (int) r.date().toEpochDay();
                    t += rowSet.touch(rowHash(c, day, r.amount(), r)) + occasionSet.touch(key(c, day))
                            + tb[slots[k] + W_LAST_FIRST];
                }
            }
            touched = t;
        }
        int generation = index.generation();
        for (int k = 0; k < n; k++) {
            int hint = index.generation() == generation ? slots[k] : -1;
            transaction(lines[k], rows[k], dq, hint);
        }
    }

    void transaction(long line, TransactionRecord r, FileQualityBuilder dq) {
        transaction(line, r, dq, -1);
    }

    /** @param hint the customer's slot offset if known, or -1 to look it up */
    private void transaction(long line, TransactionRecord r, FileQualityBuilder dq, int hint) {
        LocalDate date = r.date();
        int day = (int) date.toEpochDay();
        double amount = r.amount();
        if (!Double.isFinite(amount)) {
            dq.reject(line, "amount", "unparseable-number", "amount " + amount + " is not a finite number");
            return;
        }
        dq.latest(day);
        if (Double.isNaN(r.quantity())) {
            blankQuantity[0]++;
        }
        if (r.orderId() == null) {
            blankOrderId[0]++;
        }
        if (day > asOfDay) {
            dq.acceptAfterPeriod();
            return;
        }
        String id = r.customerId();
        int s = hint >= 0 ? hint : index.slotOf(id);
        if (s < 0) {
            if (customersKnown) {
                if (futureCustomers.containsKey(id)) {
                    dq.warn(line, "date", "before-acquisition", () -> "customer '" + id
                            + "' is acquired after the period end; transaction on " + date + " left out");
                    dq.acceptAfterPeriod();
                    return;
                }
                dq.reject(line, "customer_id", "unknown-customer", () -> "customer '" + id + "' is not in customers.csv");
                return;
            }
            s = add(id);
        }
        long[] t = index.table();
        int c = index.row(s);
        long rowHash = rowHash(c, day, amount, r);
        long lastFirst = t[s + W_LAST_FIRST];
        int last = (int) (lastFirst >> 32);
        int first = (int) lastFirst;
        long daysTx = t[s + W_DAYS_TX];
        if (day > last) {
            if (unordered) {
                occasionSet.add(key(c, day));
                rowSet.add(rowHash);
            } else {
                occasionLog.add(key(c, day));
                rowLog.add(rowHash);
            }
            t[s + W_LAST_HASH] = rowHash;
            last = day;
            daysTx += 1L << 32;
            if (first == NO_DAY) {
                first = day;
            }
        } else if (day == last) {
            if (unordered) {
                if (!rowSet.add(rowHash)) {
                    duplicate(line, id, date, dq);
                    return;
                }
            } else {
                if (rowHash == t[s + W_LAST_HASH] || !sameDayRows.add(rowHash)) {
                    duplicate(line, id, date, dq);
                    return;
                }
                rowLog.add(rowHash);
            }
        } else {
            if (!unordered) {
                switchToUnordered();
            }
            if (!rowSet.add(rowHash)) {
                duplicate(line, id, date, dq);
                return;
            }
            if (occasionSet.add(key(c, day))) {
                daysTx += 1L << 32;
                if (day < first) {
                    first = day;
                    t[s + W_FIRST_REV] = Double.doubleToRawLongBits(0.0);
                }
            }
        }
        t[s + W_LAST_FIRST] = ((long) last << 32) | (first & LOW);
        if (day == first) {
            t[s + W_FIRST_REV] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[s + W_FIRST_REV]) + amount);
        }
        t[s + W_DAYS_TX] = daysTx + 1;
        t[s + W_REVENUE] = Double.doubleToRawLongBits(Double.longBitsToDouble(t[s + W_REVENUE]) + amount);
        int m = date.getYear() * 12 + date.getMonthValue() - 1 - monthBase;
        if (m < 0 || m >= monthRevenue.length) {
            m = growMonths(m + monthBase);
        }
        monthRevenue[m] += amount;
        monthTransactions[m]++;
        if (amount < 0) {
            dq.warn(line, "amount", "refund", () -> "negative amount " + amount + " (refund), kept in revenue");
        }
        if (customersKnown) {
            long acqChurn = t[s + W_ACQ_CHURN];
            int acquired = (int) (acqChurn >> 32);
            int churned = (int) acqChurn;
            if (day < acquired) {
                dq.warn(line, "date", "before-acquisition", () -> "customer '" + id + "' transaction on " + date
                        + " is before acquisition on " + LocalDate.ofEpochDay(acquired));
            } else if (churned != NO_DAY && day >= churned) {
                dq.warn(line, "date", "after-churn", () -> "customer '" + id + "' transaction on " + date
                        + " is on or after churn on " + LocalDate.ofEpochDay(churned));
            }
        }
        dq.accept();
    }

    /** A 64-bit hash of a transaction's content; the customer's row stands for its key. */
    static long rowHash(int customer, int day, double amount, TransactionRecord r) {
        return Hash64.combine(Hash64.combine(Hash64.combine(((long) customer << 32) | (day & LOW),
                Double.doubleToLongBits(amount)), Double.doubleToLongBits(r.quantity())), Hash64.of(r.orderId()));
    }

    private static void duplicate(long line, String id, LocalDate date, FileQualityBuilder dq) {
        dq.reject(line, null, "duplicate-row", () -> "transaction of customer '" + id + "' on " + date
                + " repeats an earlier row exactly");
    }

    private static long key(int c, int day) {
        return ((long) c << 32) | (day & LOW);
    }

    private void switchToUnordered() {
        unordered = true;
        occasionSet = new LongHashSet(Math.max(1024, occasionLog.size() * 2));
        for (int i = 0; i < occasionLog.size(); i++) {
            occasionSet.add(occasionLog.get(i));
        }
        rowSet = new LongHashSet(Math.max(1024, rowLog.size() * 2));
        for (int i = 0; i < rowLog.size(); i++) {
            rowSet.add(rowLog.get(i));
        }
        occasionLog.release();
        rowLog.release();
        sameDayRows = null;
    }

    private int growMonths(int month) {
        if (monthBase == Integer.MIN_VALUE) {
            monthBase = month - 24;
            monthRevenue = new double[48];
            monthTransactions = new long[48];
            return month - monthBase;
        }
        int lo = Math.min(monthBase, month - 12);
        int hi = Math.max(monthBase + monthRevenue.length, month + 13);
        double[] r = new double[hi - lo];
        long[] t = new long[hi - lo];
        System.arraycopy(monthRevenue, 0, r, monthBase - lo, monthRevenue.length);
        System.arraycopy(monthTransactions, 0, t, monthBase - lo, monthTransactions.length);
        monthRevenue = r;
        monthTransactions = t;
        monthBase = lo;
        return month - monthBase;
    }

    /** @return the row of a customer in the ledger being built, or -1 */
    int indexOf(String id) {
        return id == null ? -1 : index.get(id);
    }

    boolean unordered() {
        return unordered;
    }

    /** Releases the ingestion-only structures and freezes the columns. */
    ColumnarLedger build() {
        occasionLog = null;
        rowLog = null;
        sameDayRows = null;
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
        long[] t = index.table();
        int minDay = Integer.MAX_VALUE;
        for (int s = 0; s < t.length; s += index.stride()) {
            if (t[s + 2] == 0) {
                continue;
            }
            int i = index.row(s);
            firstPurchase[i] = (int) t[s + W_LAST_FIRST];
            lastPurchase[i] = (int) (t[s + W_LAST_FIRST] >> 32);
            purchaseDays[i] = (int) (t[s + W_DAYS_TX] >>> 32);
            transactions[i] = (int) t[s + W_DAYS_TX];
            revenue[i] = Double.longBitsToDouble(t[s + W_REVENUE]);
            firstOccasionRevenue[i] = Double.longBitsToDouble(t[s + W_FIRST_REV]);
            acquired[i] = customersKnown ? (int) (t[s + W_ACQ_CHURN] >> 32) : firstPurchase[i];
            churned[i] = (int) t[s + W_ACQ_CHURN];
            if (acquired[i] != NO_DAY) {
                minDay = Math.min(minDay, acquired[i]);
            }
            if (firstPurchase[i] != NO_DAY) {
                minDay = Math.min(minDay, firstPurchase[i]);
            }
        }
        YearMonth first = minDay == Integer.MAX_VALUE ? null : YearMonth.from(LocalDate.ofEpochDay(minDay));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, DictionaryAttribute.Builder> e : attributes.entrySet()) {
            attrs.put(e.getKey(), e.getValue().build(n));
        }
        return new ColumnarLedger(n, Arrays.copyOf(ids, n), index.withoutPayload(), contractual, acquired, churned,
                purchaseDays, transactions, firstPurchase, lastPurchase, revenue, firstOccasionRevenue,
                attrs, monthBase == Integer.MIN_VALUE ? 0 : monthBase, monthRevenue, monthTransactions, first);
    }
}
