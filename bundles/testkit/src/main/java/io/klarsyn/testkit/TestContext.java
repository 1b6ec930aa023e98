package io.klarsyn.testkit;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.metric.TransactionVisitor;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.ReportPeriod;
import io.klarsyn.api.settings.JobSettings;

/**
 * A {@link MetricContext} for tests. Log lines are kept in {@link #infos()} and {@link #warnings()};
 * {@link #cancel()} makes {@link #cancelled()} true.
 */
public final class TestContext implements MetricContext {

    private final ReportPeriod period;
    private final JobSettings settings;
    private final CustomerLedger ledger;
    private final SurveyTable surveys;
    private final Set<DataKind> available;
    private final String currency;
    private final List<String> infos = Collections.synchronizedList(new ArrayList<>());
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private TestContext(Builder b) {
        period = new ReportPeriod(b.month, ZoneId.of("Europe/Oslo"));
        settings = new TestSettings(b.settings);
        ledger = b.ledger != null ? b.ledger : TestLedger.asOf(period.lastDay()).build();
        surveys = b.surveys != null ? b.surveys : TestSurveys.empty();
        if (b.available != null) {
            available = b.available;
        } else {
            Set<DataKind> k = EnumSet.noneOf(DataKind.class);
            if (b.ledger != null) {
                k.add(DataKind.CUSTOMERS);
                if (b.ledger instanceof TestLedger t && !t.transactions().isEmpty()) {
                    k.add(DataKind.TRANSACTIONS);
                }
            }
            if (b.surveys != null && b.surveys.size() > 0) {
                k.add(DataKind.RESPONSES);
            }
            available = k;
        }
        currency = b.currency;
    }

    /** @return a builder for a report on {@code month} */
    public static Builder builder(YearMonth month) {
        return new Builder(month);
    }

    @Override public ReportPeriod period() { return period; }
    @Override public JobSettings settings() { return settings; }
    @Override public Set<DataKind> available() { return available; }
    @Override public CustomerLedger ledger() { return ledger; }
    @Override public SurveyTable surveys() { return surveys; }
    @Override public String currency() { return currency; }
    @Override public void info(String message) { infos.add(message); }
    @Override public void warn(String message) { warnings.add(message); }
    @Override public boolean cancelled() { return cancelled.get(); }

    /** Makes {@link #cancelled()} true, as a time-out would. */
    public void cancel() {
        cancelled.set(true);
    }

    /** @return info lines logged so far */
    public List<String> infos() {
        return List.copyOf(infos);
    }

    /** @return warnings logged so far */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The engine's second pass over the transactions of a {@link TestLedger}; nothing for another ledger. */
    @Override
    public void rescanTransactions(TransactionVisitor visitor) {
        if (ledger instanceof TestLedger t) {
            t.rescan(visitor);
        }
    }

    /** Collects the context's parts. */
    public static final class Builder {
        private final YearMonth month;
        private final Map<String, String> settings = new HashMap<>();
        private CustomerLedger ledger;
        private SurveyTable surveys;
        private Set<DataKind> available;
        private String currency = "NOK";

        private Builder(YearMonth month) {
            this.month = month;
        }

        public Builder ledger(CustomerLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        public Builder surveys(SurveyTable surveys) {
            this.surveys = surveys;
            return this;
        }

        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** Overrides which inputs the context says are available (derived from what was given otherwise). */
        public Builder available(Set<DataKind> kinds) {
            this.available = kinds;
            return this;
        }

        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        public TestContext build() {
            return new TestContext(this);
        }
    }
}
