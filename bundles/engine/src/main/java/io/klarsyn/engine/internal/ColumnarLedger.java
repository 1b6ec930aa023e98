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

    ColumnarLedger(int size, IdIndex index, boolean contractual, int[] acquiredOn, int[] churnedOn,
            int[] purchaseDays, int[] transactions, int[] firstPurchase, int[] lastPurchase, double[] revenue,
            double[] firstOccasionRevenue, Map<String, Attribute> attributes, int monthBase, double[] monthRevenue,
            long[] monthTransactions, YearMonth firstMonth) {
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

    static int monthKey(YearMonth m) {
        return m.getYear() * 12 + m.getMonthValue() - 1;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("customer " + i + " of " + size);
        }
    }
}
