package io.klarsyn.bench;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.klarsyn.api.ledger.SurveyTable;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.metrics.cx.internal.CxCalculator;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

/**
 * The whole CX section (NPS/CSAT/CES with comparisons and significance, trends, touchpoints,
 * key drivers with exact LMG + relative weights, IPA, driver trend): 1 M responses × 6 drivers
 * over 24 months (target &lt; 1 s), and 20 000 responses × 15 drivers, where the exact LMG over
 * 2^15 subsets dominates (target &lt; 1 s). The survey table is a plain columnar array one, as
 * the engine's.
 *
 * <p>Run with JMH, or by hand: {@code java -cp ... io.klarsyn.bench.CxBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class CxBenchmark {

    static final YearMonth PERIOD = YearMonth.of(2026, 3);

    private TestContext sixDrivers;
    private TestContext fifteenDrivers;
    private TestContext twentyDrivers;
    private final CxCalculator calculator = new CxCalculator();

    @Setup
    public void setUp() {
        TestLedger ledger = TestLedger.asOf(PERIOD.atEndOfMonth()).build();
        sixDrivers = TestContext.builder(PERIOD).ledger(ledger).surveys(ArraySurveys.simulate(1_000_000, 6, 1))
                .setting("cx.window.months", "24").build();
        fifteenDrivers = TestContext.builder(PERIOD).ledger(ledger).surveys(ArraySurveys.simulate(20_000, 15, 2))
                .build();
        twentyDrivers = TestContext.builder(PERIOD).ledger(ledger).surveys(ArraySurveys.simulate(20_000, 20, 3))
                .build();
    }

    @Benchmark
    public List<MetricResult> million6Drivers() throws Exception {
        return calculator.compute(sixDrivers);
    }

    @Benchmark
    public List<MetricResult> exactLmg15Drivers() throws Exception {
        return calculator.compute(fifteenDrivers);
    }

    @Benchmark
    public List<MetricResult> sampledLmg20Drivers() throws Exception {
        return calculator.compute(twentyDrivers);
    }

    /** Hand run: best of 5 after 3 warm-ups for each case. */
    public static void main(String[] args) throws Exception {
        CxBenchmark b = new CxBenchmark();
        b.setUp();
        String[] names = {"1M responses x 6 drivers", "20k responses x 15 drivers (exact LMG)",
            "20k responses x 20 drivers (LMG sampled, 5000 orders)"};
        for (int round = 0; round < 3; round++) {
            String name = names[round];
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                List<MetricResult> r = round == 0 ? b.million6Drivers()
                        : round == 1 ? b.exactLmg15Drivers() : b.sampledLmg20Drivers();
                long t = System.nanoTime() - t0;
                if (i >= 3) {
                    best = Math.min(best, t);
                }
                if (i == 7) {
                    System.out.println(name + ": " + r.size() + " results, best " + best / 1_000_000 + " ms");
                }
            }
        }
    }

    /** Columnar survey table: responses spread over the 24 months up to the period. */
    static final class ArraySurveys implements SurveyTable {
        final int[] day;
        final byte[] nps;
        final byte[] csat;
        final byte[] ces;
        final float[][] drivers;
        final List<String> names;
        final String[] touchpoints = {"nett", "butikk", "telefon", "app"};
        final byte[] tp;

        ArraySurveys(int n, int k) {
            day = new int[n];
            nps = new byte[n];
            csat = new byte[n];
            ces = new byte[n];
            tp = new byte[n];
            drivers = new float[k][n];
            names = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                names.add("d" + j);
            }
        }

        static ArraySurveys simulate(int n, int k, long seed) {
            ArraySurveys s = new ArraySurveys(n, k);
            Random r = new Random(seed);
            int first = (int) PERIOD.minusMonths(23).atDay(1).toEpochDay();
            int last = (int) PERIOD.atEndOfMonth().toEpochDay();
            for (int i = 0; i < n; i++) {
                s.day[i] = first + r.nextInt(last - first + 1);
                double common = r.nextGaussian();
                double lin = 0;
                for (int j = 0; j < k; j++) {
                    double rating = Math.max(1, Math.min(10, Math.round(7 + 1.5 * (0.5 * common + 0.8 * r.nextGaussian()))));
                    s.drivers[j][i] = r.nextInt(100) == 0 ? Float.NaN : (float) rating;
                    lin += (0.5 - 0.03 * j) * (rating - 7);
                }
                s.nps[i] = (byte) Math.max(0, Math.min(10, Math.round(7 + 0.4 * lin + r.nextGaussian())));
                s.csat[i] = (byte) (1 + r.nextInt(5));
                s.ces[i] = (byte) (1 + r.nextInt(7));
                s.tp[i] = (byte) r.nextInt(4);
            }
            return s;
        }

        @Override public int size() { return day.length; }
        @Override public int day(int i) { return day[i]; }
        @Override public int customer(int i) { return -1; }
        @Override public int nps(int i) { return nps[i]; }
        @Override public int csat(int i) { return csat[i]; }
        @Override public int ces(int i) { return ces[i]; }
        @Override public List<String> drivers() { return names; }
        @Override public double driver(int d, int i) { return drivers[d][i]; }
        @Override public String touchpoint(int i) { return touchpoints[tp[i]]; }
    }
}
