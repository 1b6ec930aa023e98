package io.klarsyn.testkit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.model.SurveyResponseRecord;

/** An in-memory {@link SurveyTable}: responses dated after the as-of day are left out. */
public final class TestSurveys implements SurveyTable {

    private final List<SurveyResponseRecord> rows;
    private final int[] customers;
    private final List<String> drivers;

    private TestSurveys(Builder b, CustomerLedger ledger) {
        List<SurveyResponseRecord> kept = new ArrayList<>();
        for (SurveyResponseRecord r : b.rows) {
            if (!r.date().isAfter(b.asOf)) {
                kept.add(r);
            }
        }
        rows = List.copyOf(kept);
        customers = new int[rows.size()];
        Set<String> names = new LinkedHashSet<>(b.driverOrder);
        for (int i = 0; i < rows.size(); i++) {
            SurveyResponseRecord r = rows.get(i);
            customers[i] = r.customerId() == null || ledger == null ? -1 : ledger.indexOf(r.customerId());
            names.addAll(r.drivers().keySet());
        }
        drivers = List.copyOf(names);
    }

    /** @return a builder cutting at {@code asOf} */
    public static Builder asOf(LocalDate asOf) {
        return new Builder(asOf);
    }

    /** @return an empty table */
    public static TestSurveys empty() {
        return asOf(LocalDate.MAX).build(null);
    }

    @Override public int size() { return rows.size(); }
    @Override public int day(int i) { return (int) rows.get(i).date().toEpochDay(); }
    @Override public int customer(int i) { return customers[i]; }
    @Override public int nps(int i) { return map(rows.get(i).nps()); }
    @Override public int csat(int i) { return map(rows.get(i).csat()); }
    @Override public int ces(int i) { return map(rows.get(i).ces()); }
    @Override public List<String> drivers() { return drivers; }
    @Override public String touchpoint(int i) { return rows.get(i).touchpoint(); }

    @Override
    public double driver(int d, int i) {
        Double v = rows.get(i).drivers().get(drivers.get(d));
        return v == null ? Double.NaN : v;
    }

    private static int map(int score) {
        return score == SurveyResponseRecord.MISSING ? MISSING : score;
    }

    /** Collects responses. */
    public static final class Builder {
        private final LocalDate asOf;
        private final List<SurveyResponseRecord> rows = new ArrayList<>();
        private final List<String> driverOrder = new ArrayList<>();

        private Builder(LocalDate asOf) {
            this.asOf = asOf;
        }

        /** Fixes the driver column order (otherwise: order of first appearance). */
        public Builder drivers(String... names) {
            driverOrder.addAll(List.of(names));
            return this;
        }

        /** Adds a full record. */
        public Builder response(SurveyResponseRecord r) {
            rows.add(r);
            return this;
        }

        /**
         * Adds a response; pass {@link SurveyResponseRecord#MISSING} for a blank score.
         *
         * @param drivers driver ratings by name without the {@code driver.} prefix
         */
        public Builder response(String date, String customerId, int nps, int csat, int ces,
                Map<String, Double> drivers, String touchpoint) {
            rows.add(new SurveyResponseRecord(LocalDate.parse(date), customerId, nps, csat, ces, drivers,
                    touchpoint, null));
            return this;
        }

        /** @param ledger to link respondents to customers, or {@code null} */
        public TestSurveys build(CustomerLedger ledger) {
            return new TestSurveys(this, ledger);
        }
    }
}
