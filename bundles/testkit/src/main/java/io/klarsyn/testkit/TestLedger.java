package io.klarsyn.testkit;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.engine.embedded.EmbeddedIngestion;

/**
 * A {@link CustomerLedger} built in memory by the engine's own code: the rows given to the
 * {@link Builder} go, as a connector's records, through the engine's ingestion (its data-quality
 * checks, the as-of cut, purchase occasions, duplicate detection, dictionary-encoded and numeric
 * attributes) into the engine's ledger, which this class passes on. So a plugin's tests compute on
 * exactly the ledger a report run would build from the same rows; {@link #quality()} says what the
 * engine made of them (rejected rows, warnings).
 *
 * <p>Customers, when given, are read as a {@code customers.csv} whose columns are
 * {@code customer_id}, {@code acquired_on}, {@code churned_on} (unless {@link Builder#contractual(boolean)
 * contractual(false)}) and the attributes in the order they first appear; transactions as a
 * {@code transactions.csv} of {@code customer_id}, {@code date}, {@code amount}, lines numbered from 2
 * in the order given.
 */
public final class TestLedger implements CustomerLedger {

    private final EmbeddedIngestion engine;
    private final CustomerLedger ledger;
    private final List<TransactionRecord> given;
    private final boolean snapshots;
    private List<TransactionRecord> counted;

    private TestLedger(Builder b) {
        EmbeddedIngestion in = EmbeddedIngestion.asOf(b.asOf);
        if (!b.customers.isEmpty()) {
            List<String> columns = new ArrayList<>(List.of("customer_id", "acquired_on"));
            if (b.contractual) {
                columns.add("churned_on");
            }
            columns.addAll(b.attributeNames);
            in.read(DataKind.CUSTOMERS, "customers.csv", columns, sink -> {
                long line = 2;
                for (CustomerRecord c : b.customers) {
                    sink.customer(line++, c);
                }
            });
        }
        given = List.copyOf(b.transactions);
        if (!given.isEmpty()) {
            in.read(DataKind.TRANSACTIONS, "transactions.csv", List.of("customer_id", "date", "amount"), this::feed);
        }
        engine = in;
        ledger = in.inactivityDays(b.inactivityDays).ledger();
        snapshots = b.snapshots;
    }

    private void feed(IngestSink sink) {
        long line = 2;
        for (TransactionRecord t : given) {
            sink.transaction(line++, t);
        }
    }

    /** @return a builder that applies the as-of cut at {@code asOf} (the period's last day) */
    public static Builder asOf(LocalDate asOf) {
        return new Builder(asOf);
    }

    /**
     * @return the transactions the engine counted in the ledger (as-of cut applied, unknown
     *         customers, non-finite amounts and exact repeats left out), in the order given, as its
     *         second pass over transactions visits them (quantity and order id not kept)
     */
    public List<TransactionRecord> transactions() {
        if (counted == null) {
            List<TransactionRecord> out = new ArrayList<>();
            rescan(new TransactionVisitor() {
                @Override
                public boolean wants(int customer) {
                    return true;
                }

                @Override
                public void visit(int customer, int epochDay, double amount) {
                    out.add(new TransactionRecord(ledger.customerId(customer), LocalDate.ofEpochDay(epochDay), amount,
                            Double.NaN, null));
                }
            });
            counted = Collections.unmodifiableList(out);
        }
        return counted;
    }

    /** The engine's second pass over the transactions given, as {@code MetricContext#rescanTransactions} makes it. */
    void rescan(TransactionVisitor visitor) {
        if (!given.isEmpty()) {
            engine.rescan(visitor, this::feed);
        }
    }

    /**
     * @return what the engine's ingestion made of the rows: per input read, accepted, rejected,
     *         and the findings (a repeated row, an unknown customer, a transaction before acquisition)
     */
    public List<FileQuality> quality() {
        return engine.quality();
    }

    @Override public int size() { return ledger.size(); }
    @Override public String customerId(int i) { return ledger.customerId(i); }
    @Override public int indexOf(String customerId) { return ledger.indexOf(customerId); }
    @Override public boolean contractual() { return ledger.contractual(); }
    @Override public int asOfDay() { return ledger.asOfDay(); }
    @Override public int inactivityDays() { return ledger.inactivityDays(); }
    @Override public int acquiredOn(int i) { return ledger.acquiredOn(i); }
    @Override public int churnedOn(int i) { return ledger.churnedOn(i); }
    @Override public int purchaseDays(int i) { return ledger.purchaseDays(i); }
    @Override public int transactions(int i) { return ledger.transactions(i); }
    @Override public int firstPurchase(int i) { return ledger.firstPurchase(i); }
    @Override public int lastPurchase(int i) { return ledger.lastPurchase(i); }
    @Override public double revenue(int i) { return ledger.revenue(i); }
    @Override public double firstOccasionRevenue(int i) { return ledger.firstOccasionRevenue(i); }
    @Override public List<String> attributeNames() { return ledger.attributeNames(); }
    @Override public Attribute attribute(String name) { return ledger.attribute(name); }
    @Override public YearMonth firstMonth() { return ledger.firstMonth(); }
    @Override public double revenueIn(YearMonth month) { return ledger.revenueIn(month); }
    @Override public long transactionsIn(YearMonth month) { return ledger.transactionsIn(month); }

    /**
     * The engine's ledger as of an earlier day ({@link CustomerLedger#asOf(int)}), for the days of
     * {@link #snapshotDays()}: passed on only when the builder was told {@link Builder#snapshots()}.
     */
    @Override
    public CustomerLedger asOf(int epochDay) {
        return snapshots ? ledger.asOf(epochDay) : null;
    }

    @Override
    public int[] snapshotDays() {
        return snapshots ? ledger.snapshotDays() : new int[0];
    }

    /** Collects customers and transactions; {@link #build()} runs them through the engine. */
    public static final class Builder {
        private final LocalDate asOf;
        private final List<CustomerRecord> customers = new ArrayList<>();
        private final java.util.Set<String> attributeNames = new java.util.LinkedHashSet<>();
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

        /** Adds a customer; {@code churnedOn} may be {@code null}; {@code null} attribute values are blank. */
        public Builder customer(String id, LocalDate acquiredOn, LocalDate churnedOn, Map<String, String> attributes) {
            Map<String, String> values = new LinkedHashMap<>();
            if (attributes != null) {
                attributes.forEach((k, v) -> {
                    attributeNames.add(k);
                    if (v != null) {
                        values.put(k, v);
                    }
                });
            }
            customers.add(new CustomerRecord(id, acquiredOn, churnedOn, values));
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
         */
        public Builder inactivityDays(int days) {
            if (days <= 0) {
                throw new IllegalArgumentException("customers.inactivityDays must be positive: " + days);
            }
            this.inactivityDays = days;
            return this;
        }

        /**
         * Whether the customers input has a {@code churned_on} column (default true when customers
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
         */
        public Builder snapshots() {
            this.snapshots = true;
            return this;
        }

        public TestLedger build() {
            return new TestLedger(this);
        }
    }
}
