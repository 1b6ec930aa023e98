package io.klarsyn.bench;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import io.klarsyn.api.result.Table;
import io.klarsyn.metrics.clv.internal.ClvCalculator;
import io.klarsyn.testkit.TestContext;

/**
 * The whole CLV calculator, as a monthly report runs it with default settings, for N customers: simple
 * CLV, historical value, BG/NBD and Gamma-Gamma fitted on all customers, predicted CLV with tiers, Pareto,
 * at-risk and one segment breakdown, the same models refitted as of the previous month's end and a year
 * before (the headline's comparisons, from the ledger's snapshots), and the holdout check (26 weeks, its
 * second pass over the transactions served from memory here, where the engine re-reads the file). The
 * issue-17 target: at least 20× faster than the Python {@code lifetimes} library's BG/NBD fit alone on the
 * same customers ({@code benchmarks/clv/run.sh} runs both).
 *
 * <p>The ledger is simulated from the models themselves, at day resolution like real data: first
 * purchases uniform over the 730 days before 2026-10-31, BG/NBD with r = 1, α = 2.2 weeks, a = 0.8,
 * b = 6 (the generator's truth.json), same-day purchases merged into one occasion, amounts
 * Gamma-Gamma with p = 6, q = 4, γ = 225. The run prints the fitted parameters next to these, so a
 * benchmark run doubles as a recovery check at scale.
 *
 * <p>Run with JMH, or by hand: {@code java -Xmx3g -cp ... io.klarsyn.bench.ClvBenchmark [customers [runs]]};
 * {@code ... ClvBenchmark --export FILE [customers]} writes every buyer's (x, t_x, T) in weeks, as the
 * calculator builds them, for {@code benchmarks/clv/lifetimes_bgnbd.py}. {@code -Dclv.holdout.weeks=0}
 * leaves the holdout check out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ClvBenchmark {

    static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);

    @Param({"1000000"})
    public int customers;

    private io.klarsyn.api.metric.MetricContext context;
    private final ClvCalculator calculator = new ClvCalculator();

    @Setup
    public void setUp() {
        PurchaseLedger ledger = PurchaseLedger.simulate(customers, 7);
        TestContext test = TestContext.builder(YearMonth.from(AS_OF)).ledger(ledger)
                .setting("clv.holdout.weeks", System.getProperty("clv.holdout.weeks", "26"))
                .setting("clv.segments", "plan").build();
        context = new Rescanning(test, ledger);
    }

    /** The test context, with the engine's second pass over the transactions served from the simulated rows. */
    static final class Rescanning implements io.klarsyn.api.metric.MetricContext {
        private final TestContext d;
        private final PurchaseLedger ledger;

        Rescanning(TestContext d, PurchaseLedger ledger) {
            this.d = d;
            this.ledger = ledger;
        }

        @Override public io.klarsyn.api.model.ReportPeriod period() { return d.period(); }
        @Override public io.klarsyn.api.settings.JobSettings settings() { return d.settings(); }
        @Override public java.util.Set<io.klarsyn.api.model.DataKind> available() {
            return java.util.EnumSet.of(io.klarsyn.api.model.DataKind.TRANSACTIONS);
        }
        @Override public CustomerLedger ledger() { return ledger; }
        @Override public io.klarsyn.api.ledger.SurveyTable surveys() { return d.surveys(); }
        @Override public String currency() { return d.currency(); }
        @Override public void info(String message) { d.info(message); }
        @Override public void warn(String message) { d.warn(message); }
        @Override public boolean cancelled() { return false; }
        @Override public void rescanTransactions(io.klarsyn.api.metric.TransactionVisitor v) {
            ledger.rescan(v);
        }
    }

    /** Writes x, t_x, T (weeks) of every buyer as the calculator sets its patterns (non-contractual: T to the as-of day). */
    static void export(PurchaseLedger l, java.nio.file.Path file) throws java.io.IOException {
        int asOf = (int) AS_OF.toEpochDay();
        try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(file)) {
            w.write("x,t_x,T\n");
            for (int i = 0; i < l.size(); i++) {
                if (l.purchaseDays(i) >= 1) {
                    int first = l.firstPurchase(i);
                    w.write((l.purchaseDays(i) - 1) + "," + (l.lastPurchase(i) - first) / 7.0 + ","
                            + (asOf - first) / 7.0 + "\n");
                }
            }
        }
    }

    @Benchmark
    public List<MetricResult> fitAndPredict() throws java.io.IOException {
        return calculator.compute(context);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--export")) {
            int n = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
            PurchaseLedger l = PurchaseLedger.simulate(n, 7);
            export(l, java.nio.file.Path.of(args[1]));
            System.out.println("wrote the buyers of " + n + " simulated customers to " + args[1]);
            return;
        }
        ClvBenchmark b = new ClvBenchmark();
        b.customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        long t0 = System.nanoTime();
        b.setUp();
        System.out.printf("setup (simulated ledger, %d customers): %.0f ms%n", b.customers, (System.nanoTime() - t0) / 1e6);
        List<MetricResult> r = null;
        for (int i = 0; i < runs; i++) {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            long s = System.nanoTime();
            r = b.fitAndPredict();
            System.out.printf("run %d%s: %.0f ms, %d results (process CPU %.0f ms)%n", i,
                    i == 0 ? " (cold: first in this JVM)" : "", (System.nanoTime() - s) / 1e6, r.size(),
                    (os.getProcessCpuTime() - cpu) / 1e6);
        }
        for (MetricResult m : r) {
            if (m.id().equals("clv.bgnbd") || m.id().equals("clv.gammagamma") || m.id().equals("clv.predicted")
                    || m.id().startsWith("clv.holdout") || m instanceof io.klarsyn.api.result.Note) {
                System.out.println(m.id() + " " + (m instanceof Table t ? t.facts() : m));
            }
        }
        System.out.println("truth: r=1.0 alpha=2.2 a=0.8 b=6.0 | p=6.0 q=4.0 gamma=225.0");
    }

    /** A non-contractual ledger of simulated buyers (purchase summaries only, as the engine keeps them). */
    static final class PurchaseLedger implements CustomerLedger {
        final int[] first;
        final int[] last;
        final int[] days;
        final int[] tx;
        final double[] revenue;
        final double[] firstRevenue;
        final int[] plan;
        final double[] monthRevenue = new double[25];
        final long[] monthTx = new long[25];
        final int firstDay;
        /** Every transaction, customer by customer: rows rowStart[i] until rowStart[i + 1]. */
        int[] rowStart;
        int[] rowDay = new int[1 << 20];
        double[] rowAmount = new double[1 << 20];
        int rows;
        /** The ledger as of the previous month's end and the same month-end a year before. */
        final java.util.Map<Integer, PurchaseLedger> snapshots = new java.util.HashMap<>();

        PurchaseLedger(int n) {
            first = new int[n];
            last = new int[n];
            days = new int[n];
            tx = new int[n];
            revenue = new double[n];
            firstRevenue = new double[n];
            plan = new int[n];
            firstDay = (int) AS_OF.toEpochDay() - 730;
        }

        private void keep(int day, double amount) {
            if (rows == rowDay.length) {
                rowDay = java.util.Arrays.copyOf(rowDay, rows * 2);
                rowAmount = java.util.Arrays.copyOf(rowAmount, rows * 2);
            }
            rowDay[rows] = day;
            rowAmount[rows++] = amount;
        }

        /** The purchase columns as of the end of {@code cut}, replayed from the rows (as the engine's snapshots). */
        PurchaseLedger cut(int cut) {
            PurchaseLedger s = new PurchaseLedger(first.length);
            System.arraycopy(plan, 0, s.plan, 0, plan.length);
            for (int i = 0; i < first.length; i++) {
                s.first[i] = s.last[i] = NO_DAY;
                int lastDay = NO_DAY;
                for (int k = rowStart[i]; k < rowStart[i + 1] && rowDay[k] <= cut; k++) {
                    int day = rowDay[k];
                    if (k == rowStart[i]) {
                        s.first[i] = day;
                        s.last[i] = day;
                    } else if (day == s.first[i]) {
                        s.firstRevenue[i] += rowAmount[k];
                    }
                    s.record(i, day, rowAmount[k], day != lastDay);
                    lastDay = day;
                }
            }
            return s;
        }

        void rescan(io.klarsyn.api.metric.TransactionVisitor v) {
            for (int i = 0; i < first.length; i++) {
                if (v.wants(i)) {
                    for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                        v.visit(i, rowDay[k], rowAmount[k]);
                    }
                }
            }
        }

        static PurchaseLedger simulate(int n, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            PurchaseLedger l = new PurchaseLedger(n);
            l.rowStart = new int[n + 1];
            int asOf = (int) AS_OF.toEpochDay();
            double r = 1.0, alpha = 2.2, a = 0.8, b = 6.0, p = 6.0, q = 4.0, gamma = 225.0;
            for (int i = 0; i < n; i++) {
                int f = l.firstDay + rnd.nextInt(731);
                double lambda = gamma(rnd, r) / alpha;          // purchases per week
                double drop = beta(rnd, a, b);
                double nu = gamma(rnd, q) / gamma;
                l.plan[i] = rnd.nextInt(3);
                l.first[i] = f;
                l.last[i] = f;
                l.rowStart[i] = l.rows;
                double amount = Math.max(0.01, Math.round(gamma(rnd, p) / nu * 100) / 100.0);
                l.record(i, f, amount, true);
                double t = 0;
                int lastDay = f;
                while (true) {
                    t += -Math.log(1 - rnd.nextDouble()) / lambda;
                    if (f + 7 * t >= asOf + 1) {
                        break;
                    }
                    int day = f + (int) Math.floor(7 * t);
                    amount = Math.max(0.01, Math.round(gamma(rnd, p) / nu * 100) / 100.0);
                    l.record(i, day, amount, day != lastDay);
                    if (day == f) {
                        l.firstRevenue[i] += amount;
                    }
                    lastDay = day;
                    if (rnd.nextDouble() < drop) {
                        break;
                    }
                }
            }
            l.rowStart[n] = l.rows;
            for (YearMonth m : new YearMonth[] {YearMonth.from(AS_OF).minusMonths(1), YearMonth.from(AS_OF).minusYears(1)}) {
                int day = (int) m.atEndOfMonth().toEpochDay();
                l.snapshots.put(day, l.cut(day));
            }
            return l;
        }

        private void record(int i, int day, double amount, boolean newDay) {
            if (snapshots != null && rowStart != null) {
                keep(day, amount);
            }
            if (newDay) {
                days[i]++;
            }
            if (days[i] == 1 && tx[i] == 0) {
                firstRevenue[i] = amount;
            }
            tx[i]++;
            revenue[i] += amount;
            last[i] = Math.max(last[i], day);
            int m = (int) firstMonth().until(YearMonth.from(LocalDate.ofEpochDay(day)), java.time.temporal.ChronoUnit.MONTHS);
            if (m >= 0 && m < monthRevenue.length) {
                monthRevenue[m] += amount;
                monthTx[m]++;
            }
        }

        static double gamma(SplittableRandom r, double shape) {
            if (shape < 1) {
                return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
            }
            double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
            while (true) {
                double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                double v = Math.pow(1 + c * z, 3);
                if (v > 0 && Math.log(r.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }

        static double beta(SplittableRandom r, double a, double b) {
            double x = gamma(r, a);
            return x / (x + gamma(r, b));
        }

        @Override public int size() { return first.length; }
        @Override public String customerId(int i) { return "c" + i; }
        @Override public int indexOf(String id) { return id.startsWith("c") ? Integer.parseInt(id.substring(1)) : -1; }
        @Override public boolean contractual() { return false; }
        @Override public int asOfDay() { return (int) AS_OF.toEpochDay(); }
        @Override public int inactivityDays() { return 90; }
        @Override public int acquiredOn(int i) { return first[i]; }
        @Override public int churnedOn(int i) { return NO_DAY; }
        @Override public int purchaseDays(int i) { return days[i]; }
        @Override public int transactions(int i) { return tx[i]; }
        @Override public int firstPurchase(int i) { return first[i]; }
        @Override public int lastPurchase(int i) { return last[i]; }
        @Override public double revenue(int i) { return revenue[i]; }
        @Override public double firstOccasionRevenue(int i) { return firstRevenue[i]; }
        @Override public List<String> attributeNames() { return List.of("plan"); }
        @Override public Attribute attribute(String name) {
            return name.equals("plan") ? new ChurnBenchmark.Coded("plan", List.of("basis", "standard", "premium"), plan) : null;
        }
        @Override public CustomerLedger asOf(int epochDay) { return snapshots.get(epochDay); }
        @Override public int[] snapshotDays() { return snapshots.keySet().stream().mapToInt(Integer::intValue).toArray(); }
        @Override public YearMonth firstMonth() { return YearMonth.from(LocalDate.ofEpochDay(firstDay)); }
        @Override public double revenueIn(YearMonth month) {
            int m = (int) firstMonth().until(month, java.time.temporal.ChronoUnit.MONTHS);
            return m >= 0 && m < monthRevenue.length ? monthRevenue[m] : 0;
        }
        @Override public long transactionsIn(YearMonth month) {
            int m = (int) firstMonth().until(month, java.time.temporal.ChronoUnit.MONTHS);
            return m >= 0 && m < monthTx.length ? monthTx[m] : 0;
        }
    }
}
