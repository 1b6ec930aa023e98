package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.engine.ingest.CustomerBatch;
import io.klarsyn.engine.ingest.ResponseBatch;
import io.klarsyn.engine.ingest.TransactionBatch;

/**
 * Every data-quality rule of the engine, each tested once and seen in every lane: a small input
 * that breaks the rule goes through the record lane (the {@code IngestSink} calls a third-party
 * connector makes) and through the batch lane (the engine's {@code BatchSink}, as Klarsyn's CSV
 * connector feeds it, in batches of two so that rows meet across batch boundaries), and each lane
 * must give the rule's finding (line, column, reason, text, reject or warning) and the file's
 * counts, written out here by hand, and the same data-quality records as the other lane.
 *
 * <p>Customers A (acquired 2024-01-01, active) and B (acquired 2024-01-01, churned 2024-03-01)
 * are the customers.csv of the transactions' and responses' rules; the period ends 2024-04-30.
 */
class DataQualityRulesTest {

    private static final LocalDate AS_OF = LocalDate.of(2024, 4, 30);
    private static final double INF = Double.POSITIVE_INFINITY;

    enum Lane {
        RECORDS, BATCHES
    }

    /** A customers.csv row, or a connector's reject when {@code reject} is set. */
    record C(long line, String id, String acquired, String churned, String rejectColumn, String reject) {
    }

    /**
     * A transaction; {@code recordHash} and {@code rowId} (0 = none) are what Klarsyn's CSV connector
     * gives a batch entry: the hash of the whole source record and of its line id. An empty id is
     * a sale without a customer.
     */
    record T(long line, String id, String date, double amount, long recordHash, long rowId) {
        T(long line, String id, String date, double amount) {
            this(line, id, date, amount, 0, 0);
        }
    }

    record R(long line, String id, String date, int nps, long recordHash, long rowId) {
        R(long line, String id, String date, int nps) {
            this(line, id, date, nps, 0, 0);
        }
    }

    /**
     * How a rule runs: with {@code dq.duplicateRows = reject}, and whether only in the batch lane
     * (for what only a batch entry carries: a source record's hash, a row id; the API's records
     * carry neither, so the record lane compares the records' own fields, as a rule above shows).
     */
    record Opt(boolean rejectDuplicates, boolean batchOnly) {
        static final Opt NONE = new Opt(false, false);
        static final Opt REJECT_DUPLICATES = new Opt(true, false);
        static final Opt BATCH_ONLY = new Opt(false, true);
    }

    /**
     * @param file the input the rule is about
     * @param finding the rule's finding, or {@code null} for a rule that only counts
     * @param counts read, accepted, rejected, after the period, of {@code file}
     */
    record Rule(Opt opt, String name, List<C> customers, List<T> transactions, List<R> responses, String file,
            Finding finding, long... counts) {
        Rule(String name, List<C> customers, List<T> transactions, List<R> responses, String file, Finding finding,
                long... counts) {
            this(Opt.NONE, name, customers, transactions, responses, file, finding, counts);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<C> AB = List.of(c(2, "A", "2024-01-01", null), c(3, "B", "2024-01-01", "2024-03-01"));

    private static C c(long line, String id, String acquired, String churned) {
        return new C(line, id, acquired, churned, null, null);
    }

    private static Finding reject(long line, String column, String reason, String text) {
        return new Finding(line, column, reason, text, true);
    }

    private static Finding warn(long line, String column, String reason, String text) {
        return new Finding(line, column, reason, text, false);
    }

    static Stream<Rule> rules() {
        String cs = "customers.csv";
        String ts = "transactions.csv";
        String rs = "responses.csv";
        return Stream.of(
                new Rule("customer row repeated exactly", List.of(c(2, "A", "2024-01-01", null),
                        c(3, "A", "2024-01-01", null)), List.of(), List.of(), cs,
                        reject(3, null, "duplicate-row", "customer 'A' repeats an earlier row exactly"), 2, 1, 1, 0),
                new Rule("customer id repeated with other values", List.of(c(2, "A", "2024-01-01", null),
                        c(3, "A", "2024-02-01", null)), List.of(), List.of(), cs,
                        reject(3, "customer_id", "duplicate-id",
                                "customer 'A' appeared before with different values; the first row is kept"), 2, 1, 1, 0),
                new Rule("churned before acquired", List.of(c(2, "A", "2024-02-01", "2024-01-15")), List.of(), List.of(),
                        cs, reject(2, "churned_on", "churn-before-acquisition",
                                "customer 'A' churned on 2024-01-15, before being acquired on 2024-02-01"), 1, 0, 1, 0),
                new Rule("customer acquired after the period", List.of(c(2, "A", "2024-01-01", null),
                        c(3, "F", "2024-05-10", null)), List.of(), List.of(), cs, null, 2, 2, 0, 1),
                new Rule("connector's reject passed on", List.of(c(2, "A", "2024-01-01", null),
                        new C(3, null, null, null, "acquired_on", "unparseable date '31.02.2024'")), List.of(), List.of(),
                        cs, reject(3, "acquired_on", "unparseable-date", "unparseable date '31.02.2024'"), 2, 1, 1, 0),
                new Rule("amount not a finite number", AB, List.of(new T(2, "A", "2024-02-01", INF)), List.of(), ts,
                        reject(2, "amount", "unparseable-number", "amount Infinity is not a finite number"), 1, 0, 1, 0),
                // issue 17: two lines of one invoice can be alike; kept, with a warning
                new Rule("transaction repeated exactly", AB, List.of(new T(2, "A", "2024-02-01", 100),
                        new T(3, "A", "2024-02-01", 100)), List.of(), ts, warn(3, null, "possible-duplicate",
                                "transaction of customer 'A' on 2024-02-01 repeats an earlier row exactly, in every "
                                        + "column: kept, a possible duplicate"), 2, 2, 0, 0),
                new Rule(Opt.REJECT_DUPLICATES, "transaction repeated exactly, dq.duplicateRows = reject", AB,
                        List.of(new T(2, "A", "2024-02-01", 100), new T(3, "A", "2024-02-01", 100)), List.of(), ts,
                        reject(3, null, "duplicate-row",
                                "transaction of customer 'A' on 2024-02-01 repeats an earlier row exactly"), 2, 1, 1, 0),
                // an earlier day after a later one: the second pass with hash sets finds the repeat
                new Rule(Opt.REJECT_DUPLICATES, "transaction repeated exactly, out of date order, reject", AB,
                        List.of(new T(2, "A", "2024-03-01", 10), new T(3, "A", "2024-02-01", 100),
                                new T(4, "A", "2024-03-01", 10)), List.of(), ts,
                        reject(4, null, "duplicate-row",
                                "transaction of customer 'A' on 2024-03-01 repeats an earlier row exactly"), 3, 2, 1, 0),
                new Rule("transaction repeated exactly, out of date order", AB, List.of(new T(2, "A", "2024-03-01", 10),
                        new T(3, "A", "2024-02-01", 100), new T(4, "A", "2024-03-01", 10)), List.of(), ts,
                        warn(4, null, "possible-duplicate", "transaction of customer 'A' on 2024-03-01 repeats an "
                                + "earlier row exactly, in every column: kept, a possible duplicate"), 3, 3, 0, 0),
                // the source records differ (another product on the invoice line): no repeat at all
                new Rule(Opt.BATCH_ONLY, "same fields, other source record", AB,
                        List.of(new T(2, "A", "2024-02-01", 100, 11, 0), new T(3, "A", "2024-02-01", 100, 12, 0)),
                        List.of(), ts, null, 2, 2, 0, 0),
                new Rule(Opt.BATCH_ONLY, "same source record", AB,
                        List.of(new T(2, "A", "2024-02-01", 100, 11, 0), new T(3, "A", "2024-02-01", 100, 11, 0)),
                        List.of(), ts, warn(3, null, "possible-duplicate", "transaction of customer 'A' on 2024-02-01 "
                                + "repeats an earlier row exactly, in every column: kept, a possible duplicate"),
                        2, 2, 0, 0),
                // a row identifier decides alone: a repeated line id is rejected, whatever the rest
                new Rule(Opt.BATCH_ONLY, "line id repeated", AB,
                        List.of(new T(2, "A", "2024-02-01", 100, 11, 7), new T(3, "B", "2024-02-02", 5, 12, 7)),
                        List.of(), ts, reject(3, "line_id", "duplicate-line-id",
                                "line id repeats an earlier row's; the first row is kept"), 2, 1, 1, 0),
                new Rule("sale without a customer id", AB, List.of(new T(2, "", "2024-02-01", 30),
                        new T(3, "", "2024-02-01", 30), new T(4, "A", "2024-02-01", 5)), List.of(), ts,
                        warn(2, "customer_id", "anonymous-sale", "sale without a customer id (a guest checkout): "
                                + "counted in revenue and monthly revenue, left out of per-customer figures; the "
                                + "further ones are only counted"), 3, 3, 0, 0),
                new Rule("amount beyond dq.maxAmount", AB, List.of(new T(2, "A", "2024-02-01", 1e308),
                        new T(3, "A", "2024-02-02", 170_000)), List.of(), ts, reject(2, "amount", "amount-out-of-range",
                                "amount 1.0E308 is beyond dq.maxAmount = 1000000000: not a believable figure"), 2, 1, 1, 0),
                new Rule("transaction dated far after the period", AB, List.of(new T(2, "A", "2099-02-01", 10)),
                        List.of(), ts, warn(2, "date", "date-far-after-period", "dated 2099-02-01, more than a year "
                                + "after the period end (2024-04-30) and today: a wrong date? Left out with the rows "
                                + "after the period"), 1, 1, 0, 1),
                new Rule("customer not in customers.csv", AB, List.of(new T(2, "Z", "2024-02-01", 10)), List.of(), ts,
                        reject(2, "customer_id", "unknown-customer", "customer 'Z' is not in customers.csv"), 1, 0, 1, 0),
                new Rule("transaction of a customer acquired after the period",
                        List.of(c(2, "A", "2024-01-01", null), c(3, "F", "2024-06-01", null)),
                        List.of(new T(2, "F", "2024-04-01", 10)), List.of(), ts, warn(2, "date", "before-acquisition",
                                "customer 'F' is acquired after the period end; transaction on 2024-04-01 left out"),
                        1, 1, 0, 1),
                new Rule("transaction before acquisition", AB, List.of(new T(2, "A", "2023-12-01", 10)), List.of(), ts,
                        warn(2, "date", "before-acquisition",
                                "customer 'A' transaction on 2023-12-01 is before acquisition on 2024-01-01"), 1, 1, 0, 0),
                new Rule("transaction on or after churn", AB, List.of(new T(2, "B", "2024-03-05", 10)), List.of(), ts,
                        warn(2, "date", "after-churn",
                                "customer 'B' transaction on 2024-03-05 is on or after churn on 2024-03-01"), 1, 1, 0, 0),
                new Rule("negative amount", AB, List.of(new T(2, "A", "2024-02-01", -20)), List.of(), ts,
                        warn(2, "amount", "refund", "negative amount -20.0 (refund), kept in revenue"), 1, 1, 0, 0),
                new Rule("transaction after the period", AB, List.of(new T(2, "A", "2024-05-02", 10)), List.of(), ts,
                        null, 1, 1, 0, 1),
                new Rule("score out of range", AB, List.of(), List.of(new R(2, "A", "2024-02-01", 11)), rs,
                        reject(2, "nps", "out-of-range", "nps 11 is outside 0-10"), 1, 0, 1, 0),
                // issue 17: respondents without an id who answer alike on one day are distinct people
                new Rule("response repeated exactly", AB, List.of(), List.of(new R(2, null, "2024-02-01", 9),
                        new R(3, null, "2024-02-01", 9)), rs, warn(3, null, "possible-duplicate",
                                "response of 2024-02-01 repeats an earlier row exactly, in every column: kept, a "
                                        + "possible duplicate"), 2, 2, 0, 0),
                new Rule(Opt.REJECT_DUPLICATES, "response repeated exactly, dq.duplicateRows = reject", AB, List.of(),
                        List.of(new R(2, "A", "2024-02-01", 9), new R(3, "A", "2024-02-01", 9)), rs,
                        reject(3, null, "duplicate-row", "response of 2024-02-01 repeats an earlier row exactly"),
                        2, 1, 1, 0),
                new Rule(Opt.BATCH_ONLY, "response id repeated", AB, List.of(),
                        List.of(new R(2, null, "2024-02-01", 9, 11, 5), new R(3, null, "2024-02-03", 3, 12, 5)), rs,
                        reject(3, "response_id", "duplicate-response-id",
                                "response id repeats an earlier row's; the first row is kept"), 2, 1, 1, 0),
                new Rule("response dated far after the period", AB, List.of(), List.of(new R(2, "A", "2099-02-01", 9)),
                        rs, warn(2, "date", "date-far-after-period", "dated 2099-02-01, more than a year after the "
                                + "period end (2024-04-30) and today: a wrong date? Left out with the rows after the "
                                + "period"), 1, 1, 0, 1),
                new Rule("respondent not a customer", AB, List.of(), List.of(new R(2, "Z", "2024-02-01", 9)), rs,
                        warn(2, "customer_id", "unknown-customer",
                                "respondent 'Z' is not a customer as of the period end; counted as anonymous"), 1, 1, 0, 0),
                new Rule("response after the period", AB, List.of(), List.of(new R(2, "A", "2024-05-02", 9)), rs, null,
                        1, 1, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleIsSeenInEveryLane(Rule rule) {
        Map<Lane, List<FileQuality>> byLane = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            if (lane == Lane.RECORDS && rule.opt().batchOnly()) {
                continue;
            }
            List<FileQuality> quality = ingest(rule, lane);
            byLane.put(lane, quality);
            FileQuality q = quality.stream().filter(f -> f.file().equals(rule.file())).findFirst().orElseThrow();
            assertThat(new long[] {q.read(), q.accepted(), q.rejected(), q.afterPeriod()}).as("%s: counts", lane)
                    .containsExactly(rule.counts());
            if (rule.finding() != null) {
                assertThat(q.findings()).as("%s: findings", lane).containsExactly(rule.finding());
            } else {
                assertThat(q.findings()).as("%s: findings", lane).isEmpty();
            }
        }
        if (!rule.opt().batchOnly()) {
            assertThat(byLane.get(Lane.BATCHES)).isEqualTo(byLane.get(Lane.RECORDS));
        }
    }

    private static List<FileQuality> ingest(Rule rule, Lane lane) {
        Ingestion in = new Ingestion(AS_OF, ProgressListener.NONE, () -> false,
                new IngestRules(IngestRules.DEFAULT_MAX_AMOUNT, rule.opt().rejectDuplicates(),
                        (int) LocalDate.of(2026, 12, 31).toEpochDay()));
        in.start(DataKind.CUSTOMERS);
        feedCustomers(in, rule.customers(), lane);
        if (!rule.transactions().isEmpty()) {
            in.start(DataKind.TRANSACTIONS);
            feedTransactions(in, rule.transactions(), lane);
            if (in.secondPassNeeded()) {
                in.restart();
                feedTransactions(in, rule.transactions(), lane);
            }
        }
        if (!rule.responses().isEmpty()) {
            in.start(DataKind.RESPONSES);
            feedResponses(in, rule.responses(), lane);
        }
        in.finish();
        return in.quality();
    }

    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    private static void feedCustomers(Ingestion in, List<C> rows, Lane lane) {
        in.begin("customers.csv", List.of("customer_id", "acquired_on", "churned_on"), "");
        CustomerBatch b = new CustomerBatch(List.of(), 2);
        for (C r : rows) {
            if (lane == Lane.RECORDS) {
                if (r.reject() != null) {
                    in.reject(r.line(), r.rejectColumn(), r.reject());
                } else {
                    in.customer(r.line(), new CustomerRecord(r.id(), LocalDate.parse(r.acquired()),
                            r.churned() == null ? null : LocalDate.parse(r.churned()), Map.of()));
                }
                continue;
            }
            if (b.full()) {
                in.customers(b);
                b.clear();
            }
            if (r.reject() != null) {
                b.reject(r.line(), r.rejectColumn(), r.reject());
            } else {
                b.add(r.line(), r.id(), day(r.acquired()), r.churned() == null ? CustomerLedger.NO_DAY : day(r.churned()));
            }
        }
        if (b.size() > 0) {
            in.customers(b);
        }
    }

    private static void feedTransactions(Ingestion in, List<T> rows, Lane lane) {
        in.begin("transactions.csv", List.of("customer_id", "date", "amount"), "");
        TransactionBatch b = new TransactionBatch(2);
        for (T r : rows) {
            if (lane == Lane.RECORDS) {
                in.transaction(r.line(), new TransactionRecord(r.id(), LocalDate.parse(r.date()), r.amount(), Double.NaN,
                        null));
                continue;
            }
            if (b.full()) {
                in.transactions(b);
                b.clear();
            }
            b.add(r.line(), r.id(), day(r.date()), r.amount(), Double.NaN, null);
            if (r.recordHash() != 0) {
                b.recordHash(r.recordHash());
            }
            if (r.rowId() != 0) {
                b.rowId(r.rowId());
            }
        }
        if (b.size() > 0) {
            in.transactions(b);
        }
    }

    private static void feedResponses(Ingestion in, List<R> rows, Lane lane) {
        in.begin("responses.csv", List.of("date", "customer_id", "nps"), "");
        ResponseBatch b = new ResponseBatch(List.of(), 2);
        int missing = SurveyResponseRecord.MISSING;
        for (R r : rows) {
            if (lane == Lane.RECORDS) {
                in.response(r.line(), new SurveyResponseRecord(LocalDate.parse(r.date()), r.id(), r.nps(), missing,
                        missing, Map.of(), null, null));
                continue;
            }
            if (b.full()) {
                in.responses(b);
                b.clear();
            }
            b.add(r.line(), r.id(), day(r.date()), r.nps(), missing, missing, null, null);
            if (r.recordHash() != 0) {
                b.recordHash(r.recordHash());
            }
            if (r.rowId() != 0) {
                b.rowId(r.rowId());
            }
        }
        if (b.size() > 0) {
            in.responses(b);
        }
    }

    /** The rules above are all the engine's reasons: a new reason in the folds needs a rule here. */
    @org.junit.jupiter.api.Test
    void everyReasonOfTheFoldsHasARule() throws java.io.IOException {
        List<String> reasons = new ArrayList<>();
        rules().forEach(r -> {
            if (r.finding() != null && !reasons.contains(r.finding().reason())) {
                reasons.add(r.finding().reason());
            }
        });
        java.nio.file.Path src = java.nio.file.Path.of("src/main/java/io/klarsyn/engine/internal");
        List<String> inCode = new ArrayList<>();
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("dq\\.(?:reject|warn)\\([^,]+, [^,]+, \"([a-z-]+)\"");
        for (String f : List.of("LedgerBuilder.java", "SurveyBuilder.java")) {
            java.util.regex.Matcher m = p.matcher(java.nio.file.Files.readString(src.resolve(f)));
            while (m.find()) {
                inCode.add(m.group(1));
            }
        }
        assertThat(inCode).isNotEmpty();
        assertThat(reasons).containsAll(inCode);
    }
}
