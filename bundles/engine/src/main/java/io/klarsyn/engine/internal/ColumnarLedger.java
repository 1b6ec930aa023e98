package io.klarsyn.engine.internal;

import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;

/** The immutable, columnar ledger {@link LedgerBuilder} produces. */
final class ColumnarLedger implements CustomerLedger {

    final int size;
    final IdIndex index;
    final boolean contractual;
    final int[] acquiredOn;
    final int[] churnedOn;
    final int[] purchaseDays;
    final int[] transactions;
    final int[] firstPurchase;
    final int[] lastPurchase;
    final double[] revenue;
    final double[] firstOccasionRevenue;
    final Map<String, Attribute> attributes;
    final int monthBase;
    final double[] monthRevenue;
    final long[] monthTransactions;
    final YearMonth firstMonth;
    final Snapshot[] snapshots;
    /** Sales without a customer id in the period: in {@link #monthRevenue}, in no customer's figures. */
    long anonymousTransactions;
    double anonymousRevenue;
    /** The rules the ledger was folded with, for a second pass that must keep the same rows. */
    IngestRules rules;
    /** Per month from {@link #monthBase}, as {@link #monthRevenue}: the sales without a customer id. */
    double[] anonymousMonthRevenue;
    long[] anonymousMonthTransactions;
    /** Set by {@link #withLostRule} before the ledger is handed out. */
    private int asOfDay = Integer.MAX_VALUE - 1;
    private int inactivityDays = 90;

    ColumnarLedger(int size, IdIndex index, boolean contractual, int[] acquiredOn, int[] churnedOn,
            int[] purchaseDays, int[] transactions, int[] firstPurchase, int[] lastPurchase, double[] revenue,
            double[] firstOccasionRevenue, Map<String, Attribute> attributes, int monthBase, double[] monthRevenue,
            long[] monthTransactions, YearMonth firstMonth, Snapshot... snapshots) {
        this.size = size;
        this.index = index;
        this.contractual = contractual;
        this.acquiredOn = acquiredOn;
        this.churnedOn = churnedOn;
        this.purchaseDays = purchaseDays;
        this.transactions = transactions;
        this.firstPurchase = firstPurchase;
        this.lastPurchase = lastPurchase;
        this.revenue = revenue;
        this.firstOccasionRevenue = firstOccasionRevenue;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.monthBase = monthBase;
        this.monthRevenue = monthRevenue;
        this.monthTransactions = monthTransactions;
        this.firstMonth = firstMonth;
        this.snapshots = snapshots;
    }

    /**
     * @param asOfDay the period's last day
     * @param inactivityDays the job's {@code customers.inactivityDays}
     * @return this ledger (its columns shared) with the as-of day and the inactivity allowance that
     *         {@link #lostOn} uses
     */
    ColumnarLedger withLostRule(int asOfDay, int inactivityDays) {
        ColumnarLedger l = new ColumnarLedger(size, index, contractual, acquiredOn, churnedOn, purchaseDays,
                transactions, firstPurchase, lastPurchase, revenue, firstOccasionRevenue, attributes, monthBase,
                monthRevenue, monthTransactions, firstMonth, snapshots);
        l.asOfDay = asOfDay;
        l.inactivityDays = inactivityDays;
        l.anonymousTransactions = anonymousTransactions;
        l.anonymousRevenue = anonymousRevenue;
        l.rules = rules;
        l.anonymousMonthRevenue = anonymousMonthRevenue;
        l.anonymousMonthTransactions = anonymousMonthTransactions;
        return l;
    }

    @Override
    public int asOfDay() {
        return asOfDay;
    }

    @Override
    public int inactivityDays() {
        return inactivityDays;
    }

    static ColumnarLedger empty() {
        return new ColumnarLedger(0, new IdIndex(0), false, new int[0], new int[0], new int[0],
                new int[0], new int[0], new int[0], new double[0], new double[0], Map.of(), 0, new double[0],
                new long[0], null);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String customerId(int i) {
        check(i);
        return index.key(i);
    }

    @Override
    public int indexOf(String customerId) {
        return customerId == null ? -1 : index.get(customerId);
    }

    @Override
    public boolean contractual() {
        return contractual;
    }

    @Override
    public int acquiredOn(int i) {
        check(i);
        return acquiredOn[i];
    }

    @Override
    public int churnedOn(int i) {
        check(i);
        return churnedOn[i];
    }

    @Override
    public int purchaseDays(int i) {
        check(i);
        return purchaseDays[i];
    }

    @Override
    public int transactions(int i) {
        check(i);
        return transactions[i];
    }

    @Override
    public int firstPurchase(int i) {
        check(i);
        return firstPurchase[i];
    }

    @Override
    public int lastPurchase(int i) {
        check(i);
        return lastPurchase[i];
    }

    @Override
    public double revenue(int i) {
        check(i);
        return revenue[i];
    }

    @Override
    public double firstOccasionRevenue(int i) {
        check(i);
        return firstOccasionRevenue[i];
    }

    @Override
    public List<String> attributeNames() {
        return List.copyOf(attributes.keySet());
    }

    @Override
    public Attribute attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public YearMonth firstMonth() {
        return firstMonth;
    }

    @Override
    public double revenueIn(YearMonth month) {
        int k = monthKey(month) - monthBase;
        return k < 0 || k >= monthRevenue.length ? 0 : monthRevenue[k];
    }

    @Override
    public long transactionsIn(YearMonth month) {
        int k = monthKey(month) - monthBase;
        return k < 0 || k >= monthTransactions.length ? 0 : monthTransactions[k];
    }

    @Override
    public double anonymousRevenueIn(YearMonth month) {
        int k = monthKey(month) - monthBase;
        return anonymousMonthRevenue == null || k < 0 || k >= anonymousMonthRevenue.length ? 0
                : anonymousMonthRevenue[k];
    }

    @Override
    public long anonymousTransactionsIn(YearMonth month) {
        int k = monthKey(month) - monthBase;
        return anonymousMonthTransactions == null || k < 0 || k >= anonymousMonthTransactions.length ? 0
                : anonymousMonthTransactions[k];
    }

    @Override
    public CustomerLedger asOf(int epochDay) {
        for (Snapshot sn : snapshots) {
            if (sn.day == epochDay) {
                return new AsOf(sn);
            }
        }
        return null;
    }

    @Override
    public int[] snapshotDays() {
        int[] d = new int[snapshots.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = snapshots[k].day;
        }
        return d;
    }

    /**
     * The purchase columns as they stood at the end of an earlier day: only transactions on or
     * before it. Folded during ingestion beside the current state (three words per customer), so a
     * metric can compare with an earlier report without the data of then. The first purchase and its
     * revenue need no columns of their own: a customer who had bought by then had made the first
     * purchase of the whole ledger by then, all of that day's rows included.
     */
    static final class Snapshot {
        final int day;
        final int[] purchaseDays;
        final int[] transactions;
        final int[] lastPurchase;
        final double[] revenue;

        Snapshot(int day, int n) {
            this.day = day;
            purchaseDays = new int[n];
            transactions = new int[n];
            lastPurchase = new int[n];
            revenue = new double[n];
        }

        void set(int i, int last, int days, int tx, double rev) {
            purchaseDays[i] = days;
            transactions[i] = tx;
            lastPurchase[i] = days > 0 ? last : NO_DAY;
            revenue[i] = rev;
        }
    }

    /** This ledger as of a snapshot's day: see {@link CustomerLedger#asOf(int)}. */
    private final class AsOf implements CustomerLedger {
        private final Snapshot sn;
        private final YearMonth month;

        AsOf(Snapshot sn) {
            this.sn = sn;
            this.month = YearMonth.from(java.time.LocalDate.ofEpochDay(sn.day));
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public String customerId(int i) {
            return ColumnarLedger.this.customerId(i);
        }

        @Override
        public int indexOf(String customerId) {
            return ColumnarLedger.this.indexOf(customerId);
        }

        @Override
        public boolean contractual() {
            return contractual;
        }

        @Override
        public int asOfDay() {
            return sn.day;
        }

        @Override
        public int inactivityDays() {
            return inactivityDays;
        }

        @Override
        public int acquiredOn(int i) {
            int a = ColumnarLedger.this.acquiredOn(i);
            return a != NO_DAY && a > sn.day ? NO_DAY : a;
        }

        @Override
        public int churnedOn(int i) {
            int c = ColumnarLedger.this.churnedOn(i);
            return c != NO_DAY && c > sn.day ? NO_DAY : c;
        }

        @Override
        public int purchaseDays(int i) {
            check(i);
            return sn.purchaseDays[i];
        }

        @Override
        public int transactions(int i) {
            check(i);
            return sn.transactions[i];
        }

        @Override
        public int firstPurchase(int i) {
            check(i);
            return sn.purchaseDays[i] > 0 ? firstPurchase[i] : NO_DAY;
        }

        @Override
        public int lastPurchase(int i) {
            check(i);
            return sn.lastPurchase[i];
        }

        @Override
        public double revenue(int i) {
            check(i);
            return sn.revenue[i];
        }

        @Override
        public double firstOccasionRevenue(int i) {
            check(i);
            return sn.purchaseDays[i] > 0 ? firstOccasionRevenue[i] : 0;
        }

        @Override
        public List<String> attributeNames() {
            return ColumnarLedger.this.attributeNames();
        }

        @Override
        public Attribute attribute(String name) {
            return ColumnarLedger.this.attribute(name);
        }

        @Override
        public YearMonth firstMonth() {
            return firstMonth == null || firstMonth.isAfter(month) ? null : firstMonth;
        }

        @Override
        public double revenueIn(YearMonth m) {
            return m.isAfter(month) ? 0 : ColumnarLedger.this.revenueIn(m);
        }

        @Override
        public long transactionsIn(YearMonth m) {
            return m.isAfter(month) ? 0 : ColumnarLedger.this.transactionsIn(m);
        }

        @Override
        public double anonymousRevenueIn(YearMonth m) {
            return m.isAfter(month) ? 0 : ColumnarLedger.this.anonymousRevenueIn(m);
        }

        @Override
        public long anonymousTransactionsIn(YearMonth m) {
            return m.isAfter(month) ? 0 : ColumnarLedger.this.anonymousTransactionsIn(m);
        }
    }

    static int monthKey(YearMonth m) {
        return m.getYear() * 12 + m.getMonthValue() - 1;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("customer " + i + " of " + size);
        }
    }
}
