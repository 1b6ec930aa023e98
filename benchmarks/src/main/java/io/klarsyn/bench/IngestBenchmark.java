package io.klarsyn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportRenderer;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.engine.internal.KlarsynReportEngine;

/**
 * The engine's share of ingestion: synthetic records (no CSV parsing) streamed straight into the
 * engine's sink through a connector, for N customers and T transactions over two years. The same
 * generator into a sink that only counts gives the generation cost, which is subtracted.
 *
 * <p>Run by hand (plain main, no JMH needed), e.g. with {@code -Xmx1536m}:
 * {@code java -Xmx1536m -cp ... io.klarsyn.bench.IngestBenchmark 1000000 10000000 ordered}.
 * The third argument is {@code ordered} (rows in date order, the common export) or {@code shuffled}
 * (dates random: the engine's out-of-order fallback).
 */
public final class IngestBenchmark {

    private static final LocalDate START = LocalDate.of(2022, 6, 1);
    private static final int DAYS = 730;

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long transactions = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        boolean shuffled = args.length > 2 && args[2].equals("shuffled");
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        boolean pregenerate = args.length > 4 && args[4].equals("pregenerated");
        Synthetic data = new Synthetic(customers, transactions, shuffled);
        if (pregenerate) {
            // every record built before the clock starts (needs a big heap, e.g. -Xmx6g): the
            // ingest time is then the engine's alone, allocation included in no share
            data.pregenerate();
        }
        Path out = Files.createTempDirectory("klarsyn-bench");

        for (int round = 1; round <= rounds; round++) {
            System.gc();
            long g0 = System.nanoTime();
            CountingSink counter = new CountingSink();
            data.read(DataKind.CUSTOMERS, null, counter);
            data.read(DataKind.TRANSACTIONS, null, counter);
            long generateNanos = System.nanoTime() - g0;

            KlarsynReportEngine engine = new KlarsynReportEngine();
            engine.add(data, "bench", "0");
            engine.add(new NullRenderer(), "bench", "0");
            System.gc();
            resetPeaks();
            long heapBefore = usedHeap();
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            RunResult r = engine.run(new JobSpec("bench", "synthetic", Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"),
                    null, Map.of()), YearMonth.of(2024, 5), out, ProgressListener.NONE);
            long runNanos = System.nanoTime() - t0;
            double runCpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            long peak = peakHeap();
            String json = Files.readString(r.metricsJson());
            long ingestMs = Long.parseLong(json.replaceAll("(?s).*\"ingest\" : (\\d+).*", "$1"));
            double engineSeconds = (ingestMs * 1e6 - generateNanos) / 1e9;
            long rows = counter.rows;
            System.out.printf(Locale.ROOT,
                    "round %d (%s): %,d customers + %,d transactions = %,d rows; status %s%n"
                            + "  generate only: %.2f s (%.1f M rows/s)%n"
                            + "  engine run: %.2f s wall (%.2f s CPU of the run's thread), of which ingest %.2f s (generation included)%n"
                            + "  engine share of ingest: %.2f s = %.1f M rows/s%n"
                            + "  heap: %,d MB before, peak %,d MB (sum of pool peaks, upper bound)%n",
                    round, shuffled ? "shuffled" : "ordered", customers, transactions, rows, r.status(),
                    generateNanos / 1e9, rows / (generateNanos / 1e9) / 1e6, runNanos / 1e9, runCpu, ingestMs / 1e3,
                    engineSeconds, rows / engineSeconds / 1e6, heapBefore >> 20, peak >> 20);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Deterministic synthetic client: ids and dates are pre-built so generation is cheap. */
    @io.klarsyn.api.plugin.Plugin(id = "synthetic", title = "Synthetic data")
    static final class Synthetic implements DataConnector {
        private final String[] ids;
        private final LocalDate[] dates = new LocalDate[DAYS];
        private final int[] acquiredDay;
        private final long transactions;
        private final boolean shuffled;
        private static final String[] PLANS = {"basis", "standard", "premium"};
        private static final String[] SEGMENTS = {"privat", "bedrift"};

        Synthetic(int customers, long transactions, boolean shuffled) {
            this.transactions = transactions;
            this.shuffled = shuffled;
            ids = new String[customers];
            acquiredDay = new int[customers];
            for (int i = 0; i < DAYS; i++) {
                dates[i] = START.plusDays(i);
            }
            // customer i is acquired on day i * 365 / N: the first year builds the base
            for (int i = 0; i < customers; i++) {
                ids[i] = String.format("C%07d", i);
                acquiredDay[i] = (int) ((long) i * (DAYS / 2) / customers);
            }
        }

        /** "C" and seven digits, like the customers' keys, as a new string. */
        private static String id(int c, byte[] buf) {
            buf[0] = 'C';
            for (int i = 7; i >= 1; i--) {
                buf[i] = (byte) ('0' + c % 10);
                c /= 10;
            }
            return new String(buf, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        private static long next(long x) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            return x;
        }

        private TransactionRecord[] pregenerated;

        void pregenerate() {
            List<TransactionRecord> all = new java.util.ArrayList<>();
            IngestSink collect = new CountingSink() {
                @Override
                public void transaction(long line, TransactionRecord row) {
                    all.add(row);
                }
            };
            read(DataKind.TRANSACTIONS, null, collect);
            pregenerated = all.toArray(new TransactionRecord[0]);
        }


        @Override
        public Set<DataKind> available(JobSettings settings) {
            return EnumSet.of(DataKind.CUSTOMERS, DataKind.TRANSACTIONS);
        }

        @Override
        public void read(DataKind kind, JobSettings settings, IngestSink sink) {
            if (kind == DataKind.CUSTOMERS) {
                sink.begin("customers.csv", List.of("customer_id", "acquired_on", "plan", "segment"), "synthetic");
                for (int i = 0; i < ids.length; i++) {
                    sink.customer(i + 2L, new CustomerRecord(ids[i], dates[acquiredDay[i]], null,
                            Map.of("plan", PLANS[i % 3], "segment", SEGMENTS[i % 2])));
                }
                return;
            }
            if (kind != DataKind.TRANSACTIONS) {
                return;
            }
            sink.begin("transactions.csv", List.of("customer_id", "date", "amount"), "synthetic");
            if (pregenerated != null) {
                for (int i = 0; i < pregenerated.length; i++) {
                    sink.transaction(i + 2L, pregenerated[i]);
                }
                return;
            }
            long s = 0x9E3779B97F4A7C15L;
            int n = ids.length;
            byte[] buf = new byte[8];
            for (long t = 0; t < transactions; t++) {
                s = next(s);
                int c;
                int day;
                if (shuffled) {
                    c = (int) ((s >>> 1) % n);
                    day = acquiredDay[c] + (int) ((s >>> 40) % (DAYS - acquiredDay[c]));
                } else {
                    // in date order, as exports are: the row's day grows with t; the buyer is any customer
                    // acquired by then
                    day = (int) (t * DAYS / transactions);
                    long acquiredBy = Math.min(n, ((long) day + 1) * n / (DAYS / 2) + 1);
                    c = (int) ((s >>> 1) % acquiredBy);
                }
                double amount = 50 + ((s >>> 20) & 1023) / 4.0;
                // a fresh key string per row, as a CSV parser allocates one
                sink.transaction(t + 2, new TransactionRecord(id(c, buf), dates[day], amount, Double.NaN, null));
                if ((t & 4095) == 0 && sink.cancelled()) {
                    return;
                }
            }
        }
    }

    static class CountingSink implements IngestSink {
        long rows;
        double sum;

        public void begin(String source, List<String> columns, String details) {
        }

        public void customer(long line, CustomerRecord row) {
            rows++;
        }

        public void transaction(long line, TransactionRecord row) {
            rows++;
            sum += row.amount() + row.customerId().length();
        }

        public void response(long line, SurveyResponseRecord row) {
            rows++;
        }

        public void reject(long line, String column, String reason) {
            rows++;
        }

        public boolean cancelled() {
            return false;
        }
    }

    @io.klarsyn.api.plugin.Plugin(id = "null", title = "No document")
    static final class NullRenderer implements ReportRenderer {
        public String format() {
            return "application/pdf";
        }

        public String fileName() {
            return "report.pdf";
        }

        public byte[] render(ReportModel model) {
            return new byte[] {'%'};
        }
    }
}
