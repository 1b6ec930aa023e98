package io.klarsyn.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.klarsyn.api.connector.IngestSink;
import io.klarsyn.api.model.CustomerRecord;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.model.SurveyResponseRecord;
import io.klarsyn.api.model.TransactionRecord;
import io.klarsyn.api.settings.JobSettings;
import io.klarsyn.connector.csv.internal.CsvConnector;

/**
 * The CSV connector's transactions path alone: a file of N rows (generated once into a folder),
 * read into a sink that only folds the records into a checksum, so the time is the parser's plus
 * record creation. Optionally the same file through FastCSV 4.4.0 (String fields, then
 * {@code LocalDate.parse}/{@code Double.parseDouble}) for comparison.
 *
 * <p>Plain main, run by hand, e.g.
 * {@code java -Xmx1536m -cp ... io.klarsyn.bench.CsvParseBenchmark /tmp/csvbench 10000000 5 canonical}
 * (format {@code canonical}: ',' ISO dates, decimal point; {@code nordic}: BOM, ';', dd.MM.yyyy,
 * decimal comma, CRLF). Fifth argument: {@code fastcsv} also times FastCSV; {@code aggregate}
 * uses a sink that aggregates per customer in a HashMap; {@code engine} times the whole ingestion
 * by the engine (customers.csv is written too). {@code -Dklarsyn.csv.pipelineBytes=999999999999}
 * keeps parsing on the caller's thread (no parse/ingest overlap).
 */
public final class CsvParseBenchmark {

    public static void main(String[] args) throws Exception {
        Path folder = Paths.get(args.length > 0 ? args[0] : "/tmp/klarsyn-csvbench");
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean nordic = args.length > 3 && args[3].equals("nordic");
        boolean fastcsv = args.length > 4 && args[4].equals("fastcsv");
        boolean aggregate = args.length > 4 && args[4].equals("aggregate");
        Path dir = folder.resolve((nordic ? "nordic-" : "canonical-") + rows);
        Path file = dir.resolve(DataKind.TRANSACTIONS.fileName());
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            long t0 = System.nanoTime();
            generate(file, rows, nordic);
            System.out.printf(Locale.ROOT, "generated %s (%,d bytes) in %.1f s%n", file, Files.size(file),
                    (System.nanoTime() - t0) / 1e9);
        }
        if (args.length > 4 && args[4].equals("engine")) {
            engine(dir, rows, rounds);
            return;
        }
        JobSettings settings = new Settings(Map.of("csv.folder", dir.toString()));
        CsvConnector connector = new CsvConnector();
        for (int round = 1; round <= rounds; round++) {
            System.gc();
            resetPeaks();
            CountingSink sink = aggregate ? new AggregatingSink() : new CountingSink();
            long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            connector.read(DataKind.TRANSACTIONS, settings, sink);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.printf(Locale.ROOT,
                    "klarsyn round %d: %,d rows (%,d rejected) in %.3f s = %.2f M rows/s (caller thread CPU %.3f s), %.0f MB/s; peak heap %d MB; checksum %.2f/%d; %s%n",
                    round, sink.rows, sink.rejects, s, sink.rows / s / 1e6, cpu, Files.size(file) / s / 1e6,
                    peakHeap() >> 20, sink.sum, sink.hash, sink.details);
        }
        if (fastcsv) {
            for (int round = 1; round <= Math.min(rounds, 3); round++) {
                System.gc();
                long t0 = System.nanoTime();
                long n = 0;
                double sum = 0;
                long hash = 0;
                try (CsvReader<CsvRecord> r = CsvReader.builder().fieldSeparator(nordic ? ';' : ',').ofCsvRecord(file)) {
                    boolean header = true;
                    java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy");
                    for (CsvRecord rec : r) {
                        if (header) {
                            header = false;
                            continue;
                        }
                        String id = rec.getField(0);
                        LocalDate d = nordic ? LocalDate.parse(rec.getField(1), f) : LocalDate.parse(rec.getField(1));
                        String a = rec.getField(2);
                        double amount = Double.parseDouble(nordic ? a.replace(',', '.') : a);
                        TransactionRecord t = new TransactionRecord(id, d, amount, Double.NaN, null);
                        sum += t.amount();
                        hash = hash * 31 + t.customerId().hashCode() + t.date().toEpochDay();
                        n++;
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "fastcsv round %d: %,d rows in %.3f s = %.2f M rows/s; checksum %.2f/%d%n",
                        round, n, s, n / s / 1e6, sum, hash);
            }
        }
    }

    /**
     * The whole ingestion: the engine (KlarsynReportEngine, no metrics, a null renderer) runs a
     * job on the folder through the CSV connector; the time is the engine's "ingest" phase from
     * metrics.json. customers.csv (ids C0..C{N/10-1}) is written beside the transactions once.
     */
    static void engine(Path dir, long rows, int rounds) throws Exception {
        Path customers = dir.resolve("customers.csv");
        int n = (int) Math.max(1, rows / 10);
        if (!Files.exists(customers)) {
            StringBuilder sb = new StringBuilder("customer_id,acquired_on,segment\n");
            for (int i = 0; i < n; i++) {
                sb.append('C').append(i).append(",2022-01-01,").append(i % 2 == 0 ? "privat" : "bedrift").append('\n');
            }
            Files.writeString(customers, sb);
        }
        Path out = Files.createTempDirectory("klarsyn-csvbench");
        for (int round = 1; round <= rounds; round++) {
            io.klarsyn.engine.internal.KlarsynReportEngine engine = new io.klarsyn.engine.internal.KlarsynReportEngine();
            engine.add(new CsvConnector(), "bench", "0");
            engine.add(new IngestBenchmark.NullRenderer(), "bench", "0");
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            io.klarsyn.api.run.RunResult r = engine.run(new io.klarsyn.api.run.JobSpec("bench", "csv", Locale.ENGLISH,
                    "NOK", java.time.ZoneId.of("Europe/Oslo"), null, Map.of("csv.folder", dir.toString())),
                    java.time.YearMonth.of(2024, 5), out, io.klarsyn.api.run.ProgressListener.NONE);
            double s = (System.nanoTime() - t0) / 1e9;
            String json = Files.readString(r.metricsJson());
            long ingestMs = Long.parseLong(json.replaceAll("(?s).*\"ingest\" : (\\d+).*", "$1"));
            long total = n + rows;
            System.out.printf(Locale.ROOT,
                    "engine round %d: status %s; %,d customer + %,d transaction rows; ingest %.2f s = %.2f M rows/s; run %.2f s; peak heap %d MB%n",
                    round, r.status(), n, rows, ingestMs / 1e3, total / (ingestMs / 1e3) / 1e6, s, peakHeap() >> 20);
        }
    }

    /** About 10 transactions per customer, over 1 M customers, two years of days, amounts to 5 000. */
    static void generate(Path file, long rows, boolean nordic) throws IOException {
        Random r = new Random(1);
        LocalDate start = LocalDate.of(2022, 6, 1);
        int customers = (int) Math.max(1, rows / 10);
        String eol = nordic ? "\r\n" : "\n";
        char sep = nordic ? ';' : ',';
        StringBuilder sb = new StringBuilder(1 << 16);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            if (nordic) {
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            sb.append("customer_id").append(sep).append("date").append(sep).append("amount").append(eol);
            for (long i = 0; i < rows; i++) {
                LocalDate d = start.plusDays(i * 730 / rows);
                int c = r.nextInt(customers);
                long cents = 100 + (long) (r.nextDouble() * r.nextDouble() * 500_000);
                sb.append('C').append(c).append(sep);
                if (nordic) {
                    two(sb, d.getDayOfMonth()).append('.');
                    two(sb, d.getMonthValue()).append('.').append(d.getYear());
                } else {
                    sb.append(d.getYear()).append('-');
                    two(sb, d.getMonthValue()).append('-');
                    two(sb, d.getDayOfMonth());
                }
                sb.append(sep).append(cents / 100).append(nordic ? ',' : '.');
                two(sb, (int) (cents % 100)).append(eol);
                if (sb.length() > 60_000) {
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the pools' peaks: an upper bound of the real peak. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /**
     * Stands in for the engine: a per-customer aggregation (first/last day, revenue) in a
     * HashMap, roughly the per-customer aggregation issue 3 times DuckDB on.
     */
    private static final class AggregatingSink extends CountingSink {
        private final java.util.HashMap<String, double[]> byCustomer = new java.util.HashMap<>(1 << 21);

        @Override
        public void transaction(long line, TransactionRecord row) {
            super.transaction(line, row);
            double[] a = byCustomer.computeIfAbsent(row.customerId(), k -> new double[] {Double.MAX_VALUE, 0, 0});
            long day = row.date().toEpochDay();
            a[0] = Math.min(a[0], day);
            a[1] = Math.max(a[1], day);
            a[2] += row.amount();
        }
    }

    private static class CountingSink implements IngestSink {
        long rows;
        long rejects;
        double sum;
        long hash;
        String details;

        @Override
        public void begin(String source, List<String> columns, String details) {
            this.details = details;
        }

        @Override
        public void customer(long line, CustomerRecord row) {
            rows++;
        }

        @Override
        public void transaction(long line, TransactionRecord row) {
            rows++;
            sum += row.amount();
            hash = hash * 31 + row.customerId().hashCode() + row.date().toEpochDay();
        }

        @Override
        public void response(long line, SurveyResponseRecord row) {
            rows++;
        }

        @Override
        public void reject(long line, String column, String reason) {
            rows++;
            rejects++;
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    }

    private static final class Settings implements JobSettings {
        private final TreeMap<String, String> values;

        Settings(Map<String, String> values) {
            this.values = new TreeMap<>(values);
        }

        @Override
        public Optional<String> raw(String name) {
            return Optional.ofNullable(values.get(name));
        }

        @Override
        public String string(String name, String defaultValue) {
            return values.getOrDefault(name, defaultValue);
        }

        @Override
        public int integer(String name, int defaultValue) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
        }

        @Override
        public double number(String name, double defaultValue) {
            return values.containsKey(name) ? Double.parseDouble(values.get(name)) : defaultValue;
        }

        @Override
        public boolean flag(String name, boolean defaultValue) {
            return values.containsKey(name) ? Boolean.parseBoolean(values.get(name)) : defaultValue;
        }

        @Override
        public List<String> list(String name) {
            return values.containsKey(name) ? List.of(values.get(name).split(",")) : List.of();
        }

        @Override
        public Map<String, String> withPrefix(String prefix) {
            Map<String, String> r = new TreeMap<>();
            values.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    r.put(k.substring(prefix.length()), v);
                }
            });
            return r;
        }

        @Override
        public Set<String> names() {
            return values.keySet();
        }
    }
}
