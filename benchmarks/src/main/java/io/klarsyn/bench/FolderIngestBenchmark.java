package io.klarsyn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.run.RunStatus;
import io.klarsyn.connector.csv.internal.CsvConnector;
import io.klarsyn.engine.internal.KlarsynReportEngine;

/**
 * The ingest stage of {@code klarsyn report --data DIR --period P} (CSV connector, engine, no
 * metrics, a null renderer), repeated in one JVM: for comparing changes warm, beside the cold
 * numbers of the real CLI. Prints per round the engine's {@code timings.ingest}, the rows read,
 * the process CPU time over the run (less sensitive than wall time to other load on a shared
 * machine) and the peak heap.
 *
 * <p>Plain main: {@code java -Xmx1536m -cp ... io.klarsyn.bench.FolderIngestBenchmark
 * /tmp/big/data 2026-10 5}.
 */
public final class FolderIngestBenchmark {

    private FolderIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        YearMonth period = YearMonth.parse(args.length > 1 ? args[1] : "2026-10");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path out = Files.createTempDirectory("klarsyn-folderbench");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= rounds; round++) {
            long cpu0 = os.getProcessCpuTime();
            Round r = ingest(dir, period, out);
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT,
                    "round %d: %s; %,d rows; ingest %.3f s = %.2f M rows/s; process CPU %.2f s (%.0f ns/row); peak heap ≤ %d MB; load %s%n",
                    round, r.status(), r.rows(), r.seconds(), r.rows() / r.seconds() / 1e6, cpu, cpu * 1e9 / r.rows(),
                    r.peakHeap() >> 20, loadAverage());
        }
    }

    /** One ingest of a folder: the run's status, {@code timings.ingest}, the rows read over all inputs, the peak heap. */
    record Round(RunStatus status, double seconds, long rows, long peakHeap) {
    }

    /**
     * Runs the ingest stage once in a new engine (CSV connector, a null renderer, no metrics), after a
     * GC and with the heap pools' peaks reset.
     */
    static Round ingest(Path dir, YearMonth period, Path out) throws java.io.IOException {
        KlarsynReportEngine engine = new KlarsynReportEngine();
        engine.add(new CsvConnector(), "bench", "0");
        engine.add(new IngestBenchmark.NullRenderer(), "bench", "0");
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        RunResult r = engine.run(new JobSpec("bench", "csv", Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"), null,
                Map.of("csv.folder", dir.toString())), period, out, ProgressListener.NONE);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        String json = Files.readString(r.metricsJson());
        Matcher ingest = Pattern.compile("\"ingest\" : (\\d+)").matcher(json);
        if (!ingest.find()) {
            throw new IllegalStateException("no timings.ingest in " + r.metricsJson());
        }
        long rows = 0;
        Matcher read = Pattern.compile("\"read\" : (\\d+)").matcher(json);
        while (read.find()) {
            rows += Long.parseLong(read.group(1));
        }
        return new Round(r.status(), Long.parseLong(ingest.group(1)) / 1e3, rows, peak);
    }

    static String loadAverage() throws java.io.IOException {
        return Files.readString(Paths.get("/proc/loadavg")).trim();
    }
}
