package io.klarsyn.testkit;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.TransactionRecord;

/**
 * An in-memory {@link CustomerLedger} with the engine's semantics: the as-of cut, purchase
 * occasions (distinct days), customers from transactions when no customers are given, and
 * attributes that are numeric when every non-blank value parses as a number.
 */
public final class TestLedger implements CustomerLedger {

    private final List<String> ids;
    private final Map<String, Integer> index;
    private final boolean contractual;
    private final int[] acquired;
    private final int[] churned;
    private final int[] days;
    private final int[] txCount;
    private final int[] first;
    private final int[] last;
    private final double[] revenue;
    private final double[] firstRevenue;
    private final Map<String, TestAttribute> attributes;
    private final TreeMap<YearMonth, double[]> monthly;
    private final List<TransactionRecord> transactions;
    private final YearMonth firstMonth;
    private final int[] snapshotDays;
    private final int asOfDay;
    private final int inactivityDays;

    private TestLedger(Builder b) {
        int asOf = (int) b.asOf.toEpochDay();
        this.asOfDay = asOf;
        this.inactivityDays = b.inactivityDays;
        YearMonth period = YearMonth.from(b.asOf);
        snapshotDays = b.snapshots ? new int[] {(int) period.minusMonths(1).atEndOfMonth().toEpochDay(),
                (int) period.minusYears(1).atEndOfMonth().toEpochDay()} : new int[0];
        List<String> ids = new ArrayList<>();
        List<int[]> custDays = new ArrayList<>();
        boolean fromTransactions = b.customers.isEmpty();
        if (fromTransactions) {
            Map<String, Integer> firstDay = new LinkedHashMap<>();
            for (TransactionRecord t : b.transactions) {
                int d = (int) t.date().toEpochDay();
                if (d <= asOf) {
                    firstDay.merge(t.customerId(), d, Math::min);
                }
            }
            firstDay.forEach((id, d) -> {
                ids.add(id);
                custDays.add(new int[] {d, NO_DAY});
            });
        } else {
            for (Object[] c : b.customers) {
                int acq = (int) ((LocalDate) c[1]).toEpochDay();
                if (acq > asOf) {
                    continue;
                }
                int ch = c[2] == null ? NO_DAY : (int) ((LocalDate) c[2]).toEpochDay();
                if (ch != NO_DAY && ch > asOf) {
                    ch = NO_DAY;
                }
                ids.add((String) c[0]);
                custDays.add(new int[] {acq, ch});
            }
        }
        int n = ids.size();
        this.ids = Collections.unmodifiableList(ids);
        this.index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(ids.get(i), i);
        }
        this.contractual = !fromTransactions && b.contractual;
        acquired = new int[n];
        churned = new int[n];
        for (int i = 0; i < n; i++) {
            acquired[i] = custDays.get(i)[0];
            churned[i] = custDays.get(i)[1];
        }
        days = new int[n];
        txCount = new int[n];
        first = new int[n];
        last = new int[n];
        revenue = new double[n];
        firstRevenue = new double[n];
        java.util.Arrays.fill(first, NO_DAY);
        java.util.Arrays.fill(last, NO_DAY);
        List<Set<Integer>> distinct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            distinct.add(new HashSet<>());
        }
        monthly = new TreeMap<>();
        List<TransactionRecord> kept = new ArrayList<>();
        for (TransactionRecord t : b.transactions) {
            int d = (int) t.date().toEpochDay();
            Integer i = index.get(t.customerId());
            if (d > asOf || i == null) {
                continue;
            }
            kept.add(t);
            distinct.get(i).add(d);
            txCount[i]++;
            revenue[i] += t.amount();
            if (first[i] == NO_DAY || d < first[i]) {
                first[i] = d;
            }
            if (last[i] == NO_DAY || d > last[i]) {
                last[i] = d;
            }
            double[] m = monthly.computeIfAbsent(YearMonth.from(t.date()), k -> new double[2]);
            m[0] += t.amount();
            m[1]++;
        }
        for (TransactionRecord t : kept) {
            int i = index.get(t.customerId());
            if ((int) t.date().toEpochDay() == first[i]) {
                firstRevenue[i] += t.amount();
            }
        }
        for (int i = 0; i < n; i++) {
            days[i] = distinct.get(i).size();
        }
        this.transactions = Collections.unmodifiableList(kept);
        attributes = new LinkedHashMap<>();
        if (!fromTransactions) {
            Set<String> names = new LinkedHashSet<>();
            for (Object[] c : b.customers) {
                @SuppressWarnings("unchecked")
                Map<String, String> a = (Map<String, String>) c[3];
                names.addAll(a.keySet());
            }
            for (String name : names) {
                String[] values = new String[n];
                for (Object[] c : b.customers) {
                    Integer i = index.get((String) c[0]);
                    if (i != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, String> a = (Map<String, String>) c[3];
                        String v = a.get(name);
                        values[i] = v == null || v.isBlank() ? null : v.trim();
                    }
                }
                attributes.put(name, new TestAttribute(name, values));
            }
        }
        YearMonth fm = null;
        for (int i = 0; i < n; i++) {
            YearMonth m = YearMonth.from(LocalDate.ofEpochDay(acquired[i]));
            if (fm == null || m.isBefore(fm)) {
                fm = m;
            }
        }
        if (!monthly.isEmpty() && (fm == null || monthly.firstKey().isBefore(fm))) {
            fm = monthly.firstKey();
        }
        firstMonth = fm;
    }

    /** @return a builder that applies the as-of cut at {@code asOf} (the period's last day) */
    public static Builder asOf(LocalDate asOf) {
        return new Builder(asOf);
    }

    /** @return the accepted transactions (as-of cut applied, unknown customers left out), in insertion order */
    public List<TransactionRecord> transactions() {
        return transactions;
    }

    @Override public int size() { return ids.size(); }
    @Override public String customerId(int i) { return ids.get(i); }
    @Override public int indexOf(String customerId) { return index.getOrDefault(customerId, -1); }
    @Override public boolean contractual() { return contractual; }
    @Override public int asOfDay() { return asOfDay; }
    @Override public int inactivityDays() { return inactivityDays; }
    @Override public int acquiredOn(int i) { return acquired[i]; }
    @Override public int churnedOn(int i) { return churned[i]; }
    @Override public int purchaseDays(int i) { return days[i]; }
    @Override public int transactions(int i) { return txCount[i]; }
    @Override public int firstPurchase(int i) { return first[i]; }
    @Override public int lastPurchase(int i) { return last[i]; }
    @Override public double revenue(int i) { return revenue[i]; }
    @Override public double firstOccasionRevenue(int i) { return firstRevenue[i]; }
    @Override public List<String> attributeNames() { return List.copyOf(attributes.keySet()); }
    @Override public Attribute attribute(String name) { return attributes.get(name); }
    @Override public YearMonth firstMonth() { return firstMonth; }

    @Override
    public double revenueIn(YearMonth month) {
        double[] m = monthly.get(month);
        return m == null ? 0 : m[0];
    }

    /**
     * The ledger as of an earlier day, with the engine's semantics (see {@link CustomerLedger#asOf(int)}), for
     * the days of {@link #snapshotDays()}: kept only when the builder was told {@link Builder#snapshots()}.
     */
    @Override
    public CustomerLedger asOf(int epochDay) {
        for (int d : snapshotDays) {
            if (d == epochDay) {
                return new AsOf(epochDay);
            }
        }
        return null;
    }

    @Override
    public int[] snapshotDays() {
        return snapshotDays.clone();
    }

    @Override
    public long transactionsIn(YearMonth month) {
        double[] m = monthly.get(month);
        return m == null ? 0 : (long) m[1];
    }

    /** Collects customers and transactions; {@link #build()} applies the as-of cut. */
    public static final class Builder {
        private final LocalDate asOf;
        private final List<Object[]> customers = new ArrayList<>();
        private final List<TransactionRecord> transactions = new ArrayList<>();
        private boolean contractual = true;
        private boolean snapshots;
        private int inactivityDays = 90;

        private Builder(LocalDate asOf) {
            this.asOf = asOf;
        }

        /** Adds a customer; dates as ISO text, {@code churnedOn} may be {@code null}. */
        public Builder customer(String id, String acquiredOn, String churnedOn, Map<String, String> attributes) {
            return customer(id, LocalDate.parse(acquiredOn), churnedOn == null ? null : LocalDate.parse(churnedOn),
                    attributes);
        }

        /** Adds a customer; {@code churnedOn} may be {@code null}. */
        public Builder customer(String id, LocalDate acquiredOn, LocalDate churnedOn, Map<String, String> attributes) {
            customers.add(new Object[] {id, acquiredOn, churnedOn, attributes == null ? Map.of() : attributes});
            return this;
        }

        /** Adds a transaction on an ISO date. */
        public Builder transaction(String customerId, String date, double amount) {
            return transaction(customerId, LocalDate.parse(date), amount);
        }

        /** Adds a transaction. */
        public Builder transaction(String customerId, LocalDate date, double amount) {
            transactions.add(new TransactionRecord(customerId, date, amount, Double.NaN, null));
            return this;
        }

        /**
         * The job setting {@code customers.inactivityDays} (default 90): without {@code churned_on}, a
         * customer is lost this many days after the last purchase ({@link CustomerLedger#lostOn}).
         *
         * @since 1.3
         */
        public Builder inactivityDays(int days) {
            if (days <= 0) {
                throw new IllegalArgumentException("customers.inactivityDays must be positive: " + days);
            }
            this.inactivityDays = days;
            return this;
        }

        /**
         * Whether the customers input had a {@code churned_on} column (default true when customers
         * are given). Set false to model non-contractual data.
         */
        public Builder contractual(boolean contractual) {
            this.contractual = contractual;
            return this;
        }

        /**
         * Keeps the ledger as of the previous month's end and of the same month's end a year before, as the
         * engine does ({@link CustomerLedger#asOf(int)}; off by default: the metrics that compare with those
         * days then say there is no history).
         *
         * @since 1.2
         */
        public Builder snapshots() {
            this.snapshots = true;
            return this;
        }

        public TestLedger build() {
            return new TestLedger(this);
        }
    }

    /** The purchase columns from the transactions on or before a day; rows, ids and attributes as they are. */
    private final class AsOf implements CustomerLedger {
        private final int day;
        private final YearMonth month;
        private final int[] days;
        private final int[] txCount;
        private final int[] last;
        private final double[] revenue;

        AsOf(int day) {
            this.day = day;
            this.month = YearMonth.from(LocalDate.ofEpochDay(day));
            int n = ids.size();
            days = new int[n];
            txCount = new int[n];
            last = new int[n];
            revenue = new double[n];
            java.util.Arrays.fill(last, NO_DAY);
            List<Set<Integer>> distinct = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                distinct.add(new HashSet<>());
            }
            for (TransactionRecord t : transactions) {
                int d = (int) t.date().toEpochDay();
                if (d <= day) {
                    int i = index.get(t.customerId());
                    distinct.get(i).add(d);
                    txCount[i]++;
                    revenue[i] += t.amount();
                    last[i] = last[i] == NO_DAY ? d : Math.max(last[i], d);
                }
            }
            for (int i = 0; i < n; i++) {
                days[i] = distinct.get(i).size();
            }
        }

        @Override public int size() { return ids.size(); }
        @Override public String customerId(int i) { return ids.get(i); }
        @Override public int indexOf(String customerId) { return TestLedger.this.indexOf(customerId); }
        @Override public boolean contractual() { return contractual; }
        @Override public int asOfDay() { return day; }
        @Override public int inactivityDays() { return inactivityDays; }
        @Override public int acquiredOn(int i) { return acquired[i] != NO_DAY && acquired[i] > day ? NO_DAY : acquired[i]; }
        @Override public int churnedOn(int i) { return churned[i] != NO_DAY && churned[i] > day ? NO_DAY : churned[i]; }
        @Override public int purchaseDays(int i) { return days[i]; }
        @Override public int transactions(int i) { return txCount[i]; }
        @Override public int firstPurchase(int i) { return days[i] > 0 ? first[i] : NO_DAY; }
        @Override public int lastPurchase(int i) { return last[i]; }
        @Override public double revenue(int i) { return revenue[i]; }
        @Override public double firstOccasionRevenue(int i) { return days[i] > 0 ? firstRevenue[i] : 0; }
        @Override public List<String> attributeNames() { return TestLedger.this.attributeNames(); }
        @Override public Attribute attribute(String name) { return TestLedger.this.attribute(name); }

        @Override
        public YearMonth firstMonth() {
            return firstMonth == null || firstMonth.isAfter(month) ? null : firstMonth;
        }

        @Override
        public double revenueIn(YearMonth m) {
            return m.isAfter(month) ? 0 : TestLedger.this.revenueIn(m);
        }

        @Override
        public long transactionsIn(YearMonth m) {
            return m.isAfter(month) ? 0 : TestLedger.this.transactionsIn(m);
        }
    }

    private static final class TestAttribute implements Attribute {
        private final String name;
        private final List<String> levels;
        private final int[] codes;
        private final double[] numbers;
        private final boolean numeric;

        TestAttribute(String name, String[] values) {
            this.name = name;
            Map<String, Integer> dict = new LinkedHashMap<>();
            codes = new int[values.length];
            numbers = new double[values.length];
            boolean num = true;
            boolean any = false;
            for (int i = 0; i < values.length; i++) {
                String v = values[i];
                if (v == null) {
                    codes[i] = -1;
                    numbers[i] = Double.NaN;
                    continue;
                }
                any = true;
                codes[i] = dict.computeIfAbsent(v, k -> dict.size());
                try {
                    numbers[i] = Double.parseDouble(v.replace(',', '.').replace(" ", ""));
                } catch (NumberFormatException e) {
                    numbers[i] = Double.NaN;
                    num = false;
                }
            }
            numeric = num && any;
            levels = List.copyOf(dict.keySet());
        }

        @Override public String name() { return name; }
        @Override public boolean numeric() { return numeric; }
        @Override public List<String> levels() { return levels; }
        @Override public int code(int i) { return codes[i]; }
        @Override public double number(int i) { return numeric ? numbers[i] : Double.NaN; }
    }
}
