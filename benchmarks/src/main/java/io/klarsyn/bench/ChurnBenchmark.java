package io.klarsyn.bench;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.klarsyn.api.ledger.Attribute;
import io.klarsyn.api.ledger.CustomerLedger;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.metrics.churn.internal.ChurnCalculator;
import io.klarsyn.testkit.TestContext;

/**
 * All churn results (rates, trends, four segment breakdowns, cohorts, Kaplan–Meier with log-rank,
 * driver regression on 4 attributes + a numeric + tenure) for N customers; target: 1 M in under 2 s.
 * The ledger is a plain array-backed one (the engine's is columnar too), contractual, 2016-01..2024-03,
 * constant monthly hazards per plan.
 *
 * <p>Run with JMH, or by hand: {@code java -cp ... io.klarsyn.bench.ChurnBenchmark [customers]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ChurnBenchmark {

    @Param({"1000000"})
    public int customers;

    private TestContext context;
    private final ChurnCalculator calculator = new ChurnCalculator();

    @Setup
    public void setUp() {
        context = TestContext.builder(YearMonth.of(2024, 3)).ledger(ArrayLedger.simulate(customers, 42))
                .setting("churn.segments", "segment,plan,region,channel")
                .setting("churn.drivers", "segment,plan,region,channel,acquisition_cost").build();
    }

    @Benchmark
    public List<MetricResult> allChurnMetrics() {
        return calculator.compute(context);
    }

    public static void main(String[] args) {
        ChurnBenchmark b = new ChurnBenchmark();
        b.customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long t0 = System.nanoTime();
        b.setUp();
        System.out.printf("setup (simulated ledger, %d customers): %.0f ms%n", b.customers, (System.nanoTime() - t0) / 1e6);
        for (int i = 0; i < 8; i++) {
            long s = System.nanoTime();
            List<MetricResult> r = b.allChurnMetrics();
            System.out.printf("run %d: %.0f ms, %d results%n", i, (System.nanoTime() - s) / 1e6, r.size());
        }
    }

    /** A contractual ledger over arrays. */
    static final class ArrayLedger implements CustomerLedger {
        final int[] acquired;
        final int[] churned;
        final Map<String, Attribute> attributes = new LinkedHashMap<>();

        ArrayLedger(int n) {
            acquired = new int[n];
            churned = new int[n];
        }

        static ArrayLedger simulate(int n, long seed) {
            Random rnd = new Random(seed);
            ArrayLedger l = new ArrayLedger(n);
            int from = (int) LocalDate.parse("2016-01-01").toEpochDay();
            int to = (int) LocalDate.parse("2024-03-31").toEpochDay();
            int[] segment = new int[n];
            int[] plan = new int[n];
            int[] region = new int[n];
            int[] channel = new int[n];
            double[] cost = new double[n];
            double[] hazard = {0.03, 0.02, 0.01};
            for (int i = 0; i < n; i++) {
                segment[i] = rnd.nextDouble() < 0.8 ? 0 : 1;
                plan[i] = rnd.nextInt(3);
                region[i] = rnd.nextInt(5);
                channel[i] = rnd.nextInt(3);
                cost[i] = 100 + 10 * rnd.nextInt(50);
                int acq = from + rnd.nextInt(to - from + 1);
                double h = hazard[plan[i]] * (segment[i] == 1 ? 0.7 : 1.0) / (365.2425 / 12);
                long end = acq + (long) Math.ceil(-Math.log(1 - rnd.nextDouble()) / h);
                l.acquired[i] = acq;
                l.churned[i] = end <= to ? (int) end : NO_DAY;
            }
            l.attributes.put("segment", new Coded("segment", List.of("privat", "bedrift"), segment));
            l.attributes.put("plan", new Coded("plan", List.of("basis", "standard", "premium"), plan));
            l.attributes.put("region", new Coded("region", List.of("Oslo", "Viken", "Vestland", "Trøndelag",
                    "Nord-Norge"), region));
            l.attributes.put("channel", new Coded("channel", List.of("nett", "butikk", "telefon"), channel));
            l.attributes.put("acquisition_cost", new Numeric("acquisition_cost", cost));
            return l;
        }

        @Override public int size() { return acquired.length; }
        @Override public String customerId(int i) { return "c" + i; }
        @Override public int indexOf(String id) { return id.startsWith("c") ? Integer.parseInt(id.substring(1)) : -1; }
        @Override public boolean contractual() { return true; }
        @Override public int asOfDay() { return (int) YearMonth.of(2024, 3).atEndOfMonth().toEpochDay(); }
        @Override public int inactivityDays() { return 90; }
        @Override public int acquiredOn(int i) { return acquired[i]; }
        @Override public int churnedOn(int i) { return churned[i]; }
        @Override public int purchaseDays(int i) { return 0; }
        @Override public int transactions(int i) { return 0; }
        @Override public int firstPurchase(int i) { return NO_DAY; }
        @Override public int lastPurchase(int i) { return NO_DAY; }
        @Override public double revenue(int i) { return 0; }
        @Override public double firstOccasionRevenue(int i) { return 0; }
        @Override public List<String> attributeNames() { return new ArrayList<>(attributes.keySet()); }
        @Override public Attribute attribute(String name) { return attributes.get(name); }
        @Override public YearMonth firstMonth() { return YearMonth.of(2016, 1); }
        @Override public double revenueIn(YearMonth month) { return 0; }
        @Override public long transactionsIn(YearMonth month) { return 0; }
    }

    record Coded(String name, List<String> levels, int[] codes) implements Attribute {
        @Override public boolean numeric() { return false; }
        @Override public int code(int i) { return codes[i]; }
        @Override public double number(int i) { return Double.NaN; }
    }

    record Numeric(String name, double[] values) implements Attribute {
        @Override public boolean numeric() { return true; }
        @Override public List<String> levels() {
            List<String> l = new ArrayList<>();
            for (int k = 0; k < 50; k++) {
                l.add(Integer.toString(100 + 10 * k));
            }
            return l;
        }
        @Override public int code(int i) { return (int) ((values[i] - 100) / 10); }
        @Override public double number(int i) { return values[i]; }
    }
}
